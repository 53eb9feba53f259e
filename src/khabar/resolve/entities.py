"""Cross-document entity resolution: is this document's "IS-K" an entity the store already knows?

The store answers look-ups through the small ``KnownEntities`` protocol, so this stage decides without knowing
how entities are kept. Order of evidence:

1. the gazetteer key (exact identity; a branch and its parent have different keys, so IS-K never joins IS);
2. a shared full name of a compatible type (for people: a name of two words or more, titles and particles left
   out, so namesakes that share only a surname never join);
3. a close spelling of a multi-word name of the same type (rapidfuzz; "Noor Wali Mehsud" / "Nur Wali Mehsud");
4. for a person named by one word only ("Shekau", "Mullah Fazlullah"): the one person the store knows in full by
   that surname; where there is none, or several, the person known so far only by that word (one entity for all
   its lone mentions, never one per document), which joins the full name once exactly one appears.

Every decision says how it was reached (``Resolution.how`` and ``detail``): what ``khabar explain-merge`` shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz

from khabar.extract.names import name_tokens
from khabar.model import LocalEntity, norm_name

__all__ = [
    "KnownEntity",
    "KnownEntities",
    "Resolution",
    "resolve_entity",
    "compatible_types",
    "lone_name",
    "surname",
    "spelling_keys",
    "FUZZY_CUTOFF",
]

FUZZY_CUTOFF = 90.0  # "Noor Wali Mehsud" / "Nur Wali Mehsud" score 90.3
_COMMON_WORDS = frozenset(
    [
        "abu",
        "abd",
        "abdul",
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "the",
        "of",
        "and",
        "islamic",
        "state",
        "front",
        "army",
        "group",
        "movement",
        "brigade",
        "brigades",
        "jamaat",
        "party",
        "forces",
        "liberation",
        "people",
        "national",
        "mohammed",
        "muhammad",
        "ahmed",
        "ahmad",
    ]
)


@dataclass(frozen=True)
class KnownEntity:
    id: int
    name: str
    type: str
    gazetteer_key: str | None
    lone: bool = False  # a person the store knows only by one word ("Shekau"), waiting for a full name


class KnownEntities(Protocol):
    def by_gazetteer(self, key: str) -> KnownEntity | None: ...

    def by_alias(self, norm: str) -> list[KnownEntity]: ...

    def similar(self, norm: str, type_: str) -> list[tuple[KnownEntity, str]]:
        """Entities of ``type_`` with a multi-word name spelled like ``norm`` might be: (entity, name norm)."""
        ...

    def by_surname(self, word: str) -> list[KnownEntity]:
        """People known by a full name whose last word is ``word``."""
        ...

    def by_one_word(self, word: str) -> list[KnownEntity]:
        """People with a name that is ``word`` alone, however written ("al-Barnawi", "Mullah Barnawi")."""
        ...


@dataclass(frozen=True)
class Resolution:
    entity: KnownEntity | None  # None: a new entity
    how: str  # gazetteer | alias | fuzzy | surname | lone | new
    detail: str = (
        ""  # the evidence, in words: "shares the name 'erlf'", "spelled like 'nur wali mehsud' (90.3)"
    )


def compatible_types(a: str, b: str) -> bool:
    if a == b:
        return True
    places = {"country", "location", "facility"}
    if a in places and b in places:
        return a != "country" and b != "country"
    groups = {"armed_group", "organization"}
    return a in groups and b in groups


def lone_name(name: str) -> str | None:
    """The one word a person is named by, titles left out ("Mullah Fazlullah" → "fazlullah"), or None for a
    full name."""
    words = name_tokens(name)
    return words[0] if len(words) == 1 else None


def surname(name: str) -> str | None:
    """The last word of a person's full name ("Abu Bakr al-Baghdadi" → "baghdadi"), or None for a lone name."""
    words = name_tokens(name)
    return words[-1] if len(words) >= 2 else None


def spelling_keys(name: str) -> set[str]:
    """Index keys under which a spelling variant of a multi-word name is found: the consonant skeleton of each
    distinctive word ("mehsud"/"mahsud" → "mhsd")."""
    from khabar.resolve.events import skeleton

    words = [w for w in re.findall(r"[a-z0-9]+", norm_name(name)) if len(w) >= 4 and w not in _COMMON_WORDS]
    return {skeleton(w) for w in words} if len(norm_name(name).split()) >= 2 else set()


def resolve_entity(local: LocalEntity, known: KnownEntities) -> Resolution:
    if local.gazetteer:
        hit = known.by_gazetteer(local.gazetteer)
        return Resolution(hit, "gazetteer" if hit else "new", f"gazetteer entry '{local.gazetteer}'")
    names = {local.name, *local.aliases}
    norms = {norm_name(n) for n in names if n.strip()} - {""}
    person = local.type == "person"
    full = {n for n in norms if not person or lone_name(n) is None}
    scores: dict[int, tuple[int, KnownEntity, str]] = {}
    for n in sorted(full):
        for cand in known.by_alias(n):
            if not compatible_types(local.type, cand.type):
                continue
            if cand.gazetteer_key and local.type not in {"armed_group", "person"}:
                continue
            count, _, first = scores.get(cand.id, (0, cand, n))
            scores[cand.id] = (count + 1, cand, first)
    if scores:
        count, best, shared = max(scores.values(), key=lambda x: (x[0], -len(x[1].name), x[1].name))
        return Resolution(
            best, "alias", f"shares the name '{shared}'" + (f" and {count - 1} more" if count > 1 else "")
        )
    if local.type in {"person", "armed_group", "location"}:
        best_fuzzy: tuple[float, str, KnownEntity, str] | None = None
        for n in sorted(full):
            if len(n) < 8 or " " not in n:
                continue
            for cand, alias in known.similar(n, local.type):
                score = fuzz.ratio(n, alias)
                if score >= FUZZY_CUTOFF and (best_fuzzy is None or (score, alias) > best_fuzzy[:2]):
                    best_fuzzy = (score, alias, cand, n)
        if best_fuzzy is not None:
            score, alias, cand, n = best_fuzzy
            return Resolution(cand, "fuzzy", f"'{n}' is spelled like '{alias}' ({score:.1f})")
    if person and not full:
        words = sorted({w for n in norms if (w := lone_name(n))})
        for word in words:
            people = {e.id: e for e in known.by_surname(word) if e.type == "person" and not e.lone}
            for e in known.by_alias(word):
                if e.type == "person" and not e.lone:
                    people[e.id] = e
            if len(people) == 1:
                (only,) = people.values()
                return Resolution(only, "surname", f"the only person known in full by '{word}'")
            waiting = sorted(
                {
                    e.id: e
                    for e in (*known.by_alias(word), *known.by_one_word(word))
                    if e.type == "person" and e.lone
                }.values(),
                key=lambda e: e.id,
            )
            if waiting:
                why = f"{len(people)} people share the name" if people else "no full name known yet"
                return Resolution(waiting[0], "lone", f"known so far only as '{word}' ({why})")
        return Resolution(None, "new", "named by one word only; waits for a full name")
    return Resolution(None, "new", "")
