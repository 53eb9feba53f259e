"""Versioned names of khabar's extractor components.

A stored fact records the name of the component that made it (``khabar.events.v1``); when a component's
behaviour changes in a way that changes its output, its version goes up, so old and new facts stay apart.
"""

from __future__ import annotations

__all__ = [
    "GAZETTEER",
    "MENTIONS",
    "EVENTS",
    "RELATIONS",
    "PARAGRAPHS",
    "NORMS",
    "COMPONENTS",
    "EXTRACTION",
    "older_than",
    "factory_name",
    "ensure_extensions",
]

GAZETTEER = "khabar.gazetteer.v2"
MENTIONS = "khabar.mentions.v2"
EVENTS = "khabar.events.v2"
RELATIONS = "khabar.relations.v2"
PARAGRAPHS = "khabar.paragraphs.v1"
NORMS = "khabar.norms.v1"

# In pipeline order, after spaCy's own components.
COMPONENTS = (GAZETTEER, MENTIONS, EVENTS, RELATIONS)
# What a document's facts were made with, as the store records it: ``khabar reprocess`` re-extracts documents
# whose recorded versions are older than these.
EXTRACTION = " ".join(COMPONENTS)


def _versions(made_by: str | None) -> dict[str, int]:
    """{"khabar.events": 1, ...} from a recorded extraction ("khabar.events.v1 khabar.relations.v2 ...")."""
    out: dict[str, int] = {}
    for part in (made_by or "").split():
        name, _, version = part.rpartition(".v")
        if name and version.isdigit():
            out[name] = int(version)
    return out


def older_than(made_by: str | None, reference: str) -> bool:
    """Whether facts made by ``made_by`` predate ``reference``: a whole extraction (``EXTRACTION``) or one
    component's version ("khabar.events.v2"). A component missing from ``made_by`` (or nothing recorded) is older."""
    have = _versions(made_by)
    return any(have.get(name, 0) < version for name, version in _versions(reference).items())


def factory_name(name: str) -> str:
    """spaCy forbids dots in factory names: ``khabar.events.v1`` is registered as ``khabar_events_v1``."""
    return name.replace(".", "_")


def ensure_extensions() -> None:
    """Register the Doc attributes khabar's components share (idempotent)."""
    from spacy.tokens import Doc

    for name in ("khabar_doc", "khabar_facts", "khabar_gazetteer_spans", "khabar_skip"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
