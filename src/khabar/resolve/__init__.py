"""Resolve: decide whether a document's entities and events are ones the store already knows."""

from khabar.resolve.entities import KnownEntities, KnownEntity, Resolution, compatible_types, resolve_entity
from khabar.resolve.events import KnownEvent, NewEvent, dates_overlap, match_event

__all__ = [
    "KnownEntities",
    "KnownEntity",
    "Resolution",
    "compatible_types",
    "resolve_entity",
    "KnownEvent",
    "NewEvent",
    "dates_overlap",
    "match_event",
]
