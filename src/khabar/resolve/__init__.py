"""Resolve: decide which of the store's entities and events a document's names and events are.

``entities``: is this document's "IS-K" an entity the store knows? ``events``: which reports, across and within
documents, tell one event (a scored, order-independent decision); ``slots``: what a resolved event's date, place
and figures are, given its reports.
"""

from khabar.resolve.entities import KnownEntities, KnownEntity, Resolution, compatible_types, resolve_entity
from khabar.resolve.events import (
    THRESHOLD,
    EventReport,
    Verdict,
    best_event,
    cluster,
    compare,
    dates_overlap,
    is_anchor,
    keys,
)
from khabar.resolve.slots import event_slots

__all__ = [
    "KnownEntities",
    "KnownEntity",
    "Resolution",
    "compatible_types",
    "resolve_entity",
    "THRESHOLD",
    "EventReport",
    "Verdict",
    "best_event",
    "cluster",
    "compare",
    "dates_overlap",
    "is_anchor",
    "keys",
    "event_slots",
]
