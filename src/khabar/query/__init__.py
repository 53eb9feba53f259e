"""Query: read-side look-ups, dossiers and exports over the store."""

from khabar.query.dossier import Dossier, dossier
from khabar.query.export import facts_json, validate_facts
from khabar.query.lookup import Citation, EntityRow, EventRow, find_entity, list_entities, list_events

__all__ = [
    "Citation",
    "Dossier",
    "EntityRow",
    "EventRow",
    "dossier",
    "facts_json",
    "find_entity",
    "list_entities",
    "list_events",
    "validate_facts",
]
