"""Cross-document entity resolution: is this document's "IS-K" an entity the store already knows?

The store answers look-ups through the small ``KnownEntities`` protocol, so this stage decides without
knowing how entities are kept. Order of evidence: the gazetteer key (exact identity); a shared alias of a
compatible type; a close spelling of a multi-word name of the same type (rapidfuzz). A branch and its parent
have different gazetteer keys and disjoint aliases, so they never merge here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz

from khabar.model import LocalEntity, norm_name

__all__ = ["KnownEntity", "KnownEntities", "Resolution", "resolve_entity", "compatible_types"]

FUZZY_CUTOFF = 90.0  # "Noor Wali Mehsud" / "Nur Wali Mehsud" score 90.3


@dataclass(frozen=True)
class KnownEntity:
    id: int
    name: str
    type: str
    gazetteer_key: str | None


class KnownEntities(Protocol):
    def by_gazetteer(self, key: str) -> KnownEntity | None: ...

    def by_alias(self, norm: str) -> list[KnownEntity]: ...

    def similar(self, norm: str, type_: str) -> list[tuple[KnownEntity, str]]:
        """Entities of ``type_`` with an alias sharing the first letters of ``norm``: (entity, alias norm)."""
        ...


@dataclass(frozen=True)
class Resolution:
    entity: KnownEntity | None  # None: a new entity
    how: str  # gazetteer | alias | fuzzy | new


def compatible_types(a: str, b: str) -> bool:
    if a == b:
        return True
    places = {"country", "location", "facility"}
    if a in places and b in places:
        return a != "country" and b != "country"
    groups = {"armed_group", "organization"}
    return a in groups and b in groups


def resolve_entity(local: LocalEntity, known: KnownEntities) -> Resolution:
    if local.gazetteer:
        hit = known.by_gazetteer(local.gazetteer)
        return Resolution(hit, "gazetteer" if hit else "new")
    names = {local.name, *local.aliases}
    norms = {norm_name(n) for n in names if n.strip()}
    scores: dict[int, tuple[int, KnownEntity]] = {}
    for n in norms:
        if local.type == "person" and len(n.split()) < 2:
            continue  # a bare surname is too weak to join documents
        for cand in known.by_alias(n):
            if not compatible_types(local.type, cand.type):
                continue
            if cand.gazetteer_key and local.type not in {"armed_group", "person"}:
                continue
            count, _ = scores.get(cand.id, (0, cand))
            scores[cand.id] = (count + 1, cand)
    if scores:
        best = max(scores.values(), key=lambda x: (x[0], -x[1].id))
        return Resolution(best[1], "alias")
    if local.type in {"person", "armed_group", "location"}:
        full = norm_name(local.name)
        if len(full) >= 8 and " " in full:
            best_fuzzy: tuple[float, KnownEntity] | None = None
            for cand, alias in known.similar(full, local.type):
                score = fuzz.ratio(full, alias)
                if score >= FUZZY_CUTOFF and (best_fuzzy is None or score > best_fuzzy[0]):
                    best_fuzzy = (score, cand)
            if best_fuzzy is not None:
                return Resolution(best_fuzzy[1], "fuzzy")
    return Resolution(None, "new")
