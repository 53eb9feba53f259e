"""Cross-document event resolution: several reports of one bombing are one event.

Two reports describe the same event when the type agrees, the dates can be the same day (a report's "on
Monday" is resolved against its own published date before we get here), and the places agree (same place,
or one place lies in the other's town or country). Different named perpetrators do not block a merge: reports
often disagree on who did it, and the analyst wants every claim on one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.model import DateValue

__all__ = ["KnownEvent", "NewEvent", "match_event", "dates_overlap"]


@dataclass(frozen=True)
class KnownEvent:
    id: int
    type: str
    date_start: str | None
    date_end: str | None
    place_names: frozenset[str]  # normalised names: place, admin1, country
    country: str | None
    entities: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class NewEvent:
    type: str
    date: DateValue | None
    place_names: frozenset[str]
    country: str | None
    entities: frozenset[int] = field(default_factory=frozenset)


def dates_overlap(a_start: str | None, a_end: str | None, b_start: str | None, b_end: str | None) -> bool:
    """Whether two dates at any precision can denote the same time ("2024-03" and "2024-03-22" can)."""
    if not a_start or not b_start:
        return True
    k = min(len(a_start), len(b_start))
    return a_start[:k] <= (b_end or b_start)[:k] and b_start[:k] <= (a_end or a_start)[:k]


def match_event(new: NewEvent, known: list[KnownEvent]) -> KnownEvent | None:
    """The stored event ``new`` reports again, or None. Needs a date on both sides and a shared place."""
    if new.date is None or len(new.date.start) < 10:
        return None  # without the day, two reports of "an attack" in one city cannot be told apart
    best: tuple[int, KnownEvent] | None = None
    for k in known:
        if k.type != new.type or not k.date_start or len(k.date_start) < 10:
            continue
        if not dates_overlap(new.date.start, new.date.end, k.date_start, k.date_end):
            continue
        if new.country and k.country and new.country != k.country:
            continue
        shared_places = len(new.place_names & k.place_names)
        if shared_places == 0:
            continue
        score = shared_places * 2 + len(new.entities & k.entities) + (new.date.start == k.date_start)
        if best is None or score > best[0]:
            best = (score, k)
    return best[1] if best else None
