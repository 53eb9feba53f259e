"""A resolved event's slots, as a deterministic function of its reports.

Reports of one event disagree: one calls it an attack, another a killing; one dates it to the day, another to
the month; one places it at "Police Lines", another in "Peshawar". The event takes, per slot:

- **type**: the most supported type, an attack or strike counting more than the killing it caused;
- **date**: the most precise date any report gives (they are consistent: resolution never groups reports whose
  dates conflict), the commonest at that precision, then the earliest;
- **place**: the most specific place (venue, then town, then country), the commonest at that level, then the
  first in canonical order; a missing region, country or coordinates come from the next most specific report;
- **participants, weapons, targets, figures, evidence**: every report's, in canonical order (published date,
  document id, position), so the event's own toll (the latest published figure that is not a claim, see
  ``query.export.latest_figures``) does not depend on which report arrived first.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from khabar.model import EVENT_SUBTYPES

__all__ = ["event_slots", "canonical"]

# An attack that killed is an attack: the deed outranks its outcome when reports disagree on the type.
TYPE_WEIGHT = {
    "attack": 1.5,
    "air_strike": 1.5,
    "kidnapping": 1.2,
    "clash": 1.0,
    "execution": 1.0,
    "killing": 0.8,
}
PLACE_RANK = {"facility": 3, "location": 2, "country": 1}


def canonical(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Reports in canonical order: published date (undated documents last), document id, position."""
    return sorted(rows, key=lambda r: (r["published"] or "9999-99-99", r["document_id"], r["ordinal"]))


@lru_cache(maxsize=4096)
def _listed(text: str | None) -> tuple[str, ...]:
    """A report's JSON list of weapons or targets, parsed once: a big event's slots read every report's again
    whenever one joins it (a few distinct lists among thousands of reports)."""
    return tuple(json.loads(text or "[]"))


def _place_rank(r: Mapping[str, Any]) -> int:
    if not r["place_name"]:
        return 0
    return PLACE_RANK.get(r["place_type"] or "", 1)


def event_slots(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``events`` row of the event these report rows (``event_mentions`` columns) tell."""
    rs = canonical(rows)
    votes: dict[str, float] = {}
    for r in rs:
        votes[r["type"]] = votes.get(r["type"], 0.0) + TYPE_WEIGHT.get(r["type"], 1.0)
    type_ = max(votes, key=lambda t: (votes[t], -min(i for i, r in enumerate(rs) if r["type"] == t)))
    subtypes = Counter(r["subtype"] for r in rs if r["subtype"])
    subtype = None
    if subtypes:
        order = {s: i for i, s in enumerate(EVENT_SUBTYPES)}
        subtype = max(subtypes, key=lambda s: (subtypes[s], -order.get(s, 99)))

    dated = [r for r in rs if r["date_start"]]
    date: dict[str, Any] = {"date_start": None, "date_end": None, "date_precision": None}
    if dated:
        finest = max(len(r["date_start"]) for r in dated)
        at = Counter((r["date_start"], r["date_end"]) for r in dated if len(r["date_start"]) == finest)
        start, end = max(at, key=lambda v: (at[v], [-ord(c) for c in v[0]], v[1] is None))
        chosen = next(r for r in dated if (r["date_start"], r["date_end"]) == (start, end))
        date = {"date_start": start, "date_end": end, "date_precision": chosen["date_precision"]}

    place: dict[str, Any] = {
        k: None for k in ("place_entity_id", "place_name", "admin1", "country", "lat", "lon", "place_precision")
    }
    placed = sorted(
        (r for r in rs if r["place_name"]), key=lambda r: -_place_rank(r)
    )  # stable: canonical within
    if placed:
        top = _place_rank(placed[0])
        names = Counter(r["place_name"].lower() for r in placed if _place_rank(r) == top)
        best = max(names, key=lambda n: (names[n], -[r["place_name"].lower() for r in placed].index(n)))
        chosen = next(r for r in placed if r["place_name"].lower() == best)
        place = {k: chosen.get(k) for k in place}
        for k in ("admin1", "country"):
            if place[k] is None:
                place[k] = next((r[k] for r in placed if r[k]), None)
        if place["lat"] is None:
            located = next((r for r in placed if r["lat"] is not None), None)
            if located is not None:
                place["lat"], place["lon"] = located["lat"], located["lon"]
                place["place_precision"] = located.get("place_precision")

    weapons: list[str] = []
    targets: list[str] = []
    for r in rs:
        weapons.extend(w for w in _listed(r["weapons"]) if w not in weapons)
        targets.extend(x for x in _listed(r["targets"]) if x not in targets)
    lead = next(r for r in rs if r["type"] == type_)
    return {
        "type": type_,
        "subtype": subtype,
        **date,
        **place,
        "weapons": json.dumps(weapons),
        "targets": json.dumps(targets),
        "trigger": lead["trigger"],
        "extractor": rs[0]["extractor"],
    }
