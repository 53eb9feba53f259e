"""Why two events or two entities are one, or are not: the evidence resolution weighed, in words.

For events: the reports of each, the scored pairs between them (``resolve.events.compare``: every reason and
its weight, or what rules them out), and any curation that tied or split them. For entities: how each name joined
the entity (recorded on the alias as resolution decided it), or what keeps two entities apart (types, two
gazetteer entries, a spelling too far, a surname several people share).
"""

from __future__ import annotations

import json
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Connection, select

from khabar.errors import NotFoundError
from khabar.model import norm_name
from khabar.resolve.entities import FUZZY_CUTOFF, compatible_types, lone_name, surname
from khabar.resolve.events import THRESHOLD, EventReport, is_anchor
from khabar.store import schema as t

__all__ = ["explain_events", "explain_entities"]


def _event_summary(conn: Connection, event_id: int) -> dict[str, Any]:
    ev = conn.execute(select(t.events).where(t.events.c.id == event_id)).mappings().first()
    if ev is None:
        raise NotFoundError(f"no event v{event_id} in the store")
    return {
        "id": f"v{event_id}",
        "type": ev["type"],
        "date": ev["date_start"],
        "place": ev["place_name"],
        "curated": json.loads(ev["curated"] or "[]"),
    }


def _report(r: EventReport) -> dict[str, Any]:
    return {
        "report": r.id,
        "document": r.document,
        "published": r.published,
        "type": r.type,
        "date": r.date_start,
        "place": r.place_name,
        "country": r.country,
        "anchor": is_anchor(r),
    }


def explain_events(conn: Connection, a: int, b: int) -> dict[str, Any]:
    from khabar.store.resolution import EventResolution

    summaries = [_event_summary(conn, a), _event_summary(conn, b)]
    m = t.event_mentions.c
    ids = {
        e: list(conn.execute(select(m.id).where(m.event_id == e, m.rejected == 0)).scalars()) for e in (a, b)
    }
    resolution = EventResolution(conn)
    reports = resolution.reports(ids[a] + ids[b])
    side_a = sorted((reports[i] for i in ids[a] if i in reports), key=lambda r: r.order)
    side_b = sorted((reports[i] for i in ids[b] if i in reports), key=lambda r: r.order)
    resolution.load_constraints(set(reports))
    must, cannot = resolution.must, resolution.cannot
    if a == b:  # why the reports of one event are together: each report's best tie to one before it
        pairs = [
            (x, max(side_a[:n], key=lambda y: resolution.verdict(x, y).score))
            for n, x in enumerate(side_a)
            if n
        ]
    else:
        pairs = [(x, y) for x in side_a for y in side_b]
    scored: list[dict[str, Any]] = []
    for x, y in pairs:
        v = resolution.verdict(x, y)
        tied = (min(x.id, y.id), max(x.id, y.id))
        scored.append(
            {
                "a": _report(x),
                "b": _report(y),
                "score": v.score,
                "same": v.same,
                "cannot": v.cannot,
                "reasons": list(v.reasons),
                "curator": "tied"
                if tied in must
                else "split"
                if tied in cannot or (tied[1], tied[0]) in cannot
                else None,
            }
        )
    scored.sort(key=lambda p: (p["curator"] is None, p["cannot"] is not None, -p["score"]))
    curated = sorted(set(summaries[0]["curated"]) | set(summaries[1]["curated"]))
    if a == b:
        verdict = f"one event from {len(side_a)} report(s)"
        if len(side_a) > 1:
            verdict += (
                f"; each joined by the tie shown (a score of {THRESHOLD:.1f} or more, or a curator's merge)"
            )
    elif any(p["curator"] == "split" for p in scored):
        verdict = "two events: a curator split them"
    elif not scored:
        verdict = "two events: one of them has no reports to compare"
    else:
        best = scored[0]
        if best["cannot"]:
            verdict = f"two events: they can never be one ({best['cannot']})"
        else:
            verdict = (
                f"two events: the closest pair of reports scores {best['score']:.1f}, under the {THRESHOLD:.1f} "
                "that makes one event"
            )
            if all(p["cannot"] for p in scored[1:]) and best["score"] >= THRESHOLD:
                verdict = "two events: the closest pair would join, but another pair can never be one"
            elif best["score"] >= THRESHOLD and not (best["a"]["anchor"] or best["b"]["anchor"]):
                verdict = (
                    f"two events: the closest pair of reports scores {best['score']:.1f}, but neither is dated "
                    "to a day, and an undated report joins an event only through a dated one"
                )
            elif best["score"] >= THRESHOLD:
                verdict = (
                    f"two events: the closest pair of reports scores {best['score']:.1f}, but its undated report "
                    "joined the event it ties to better, or another pair can never be one"
                )
    return {
        "kind": "events",
        "a": summaries[0],
        "b": summaries[1],
        "same": a == b,
        "verdict": verdict,
        "threshold": THRESHOLD,
        "reports": {"a": [_report(r) for r in side_a], "b": [_report(r) for r in side_b]},
        "pairs": scored[:12],
        "curations": curated,
    }


def _entity(conn: Connection, ent_id: int) -> dict[str, Any]:
    e = conn.execute(select(t.entities).where(t.entities.c.id == ent_id)).mappings().first()
    if e is None:
        raise NotFoundError(f"no entity e{ent_id} in the store")
    names = [
        {"name": r.alias, "norm": r.norm, "documents": r.docs, "source": r.source, "how": r.via}
        for r in conn.execute(
            select(t.aliases.c.alias, t.aliases.c.norm, t.aliases.c.docs, t.aliases.c.source, t.aliases.c.via)
            .where(t.aliases.c.entity_id == ent_id)
            .order_by(t.aliases.c.norm)
        )
    ]
    return {
        "id": f"e{ent_id}",
        "name": e["name"],
        "type": e["type"],
        "gazetteer": e["gazetteer_key"],
        "curated": json.loads(e["curated"] or "[]"),
        "names": names,
    }


def explain_entities(conn: Connection, a: int, b: int, asked_a: str, asked_b: str) -> dict[str, Any]:
    ea, eb = _entity(conn, a), _entity(conn, b)
    out: dict[str, Any] = {"kind": "entities", "a": ea, "b": eb, "same": a == b}
    if a == b:
        asked = {norm_name(asked_a), norm_name(asked_b)}
        how = [n for n in ea["names"] if n["norm"] in asked]
        out["verdict"] = "one entity: " + "; ".join(
            f"'{n['name']}' {n['how'] or 'named so'}" for n in how
        ) if how else "one entity"  # fmt: skip
        out["names_asked"] = how
        return out
    reasons: list[str] = []
    if not compatible_types(ea["type"], eb["type"]):
        reasons.append(f"different kinds: {ea['type']} / {eb['type']}")
    if ea["gazetteer"] and eb["gazetteer"] and ea["gazetteer"] != eb["gazetteer"]:
        reasons.append(
            f"two gazetteer entries ({ea['gazetteer']} / {eb['gazetteer']}): a branch and its parent, or two "
            "groups, never merge"
        )
    shared = {n["norm"] for n in ea["names"]} & {n["norm"] for n in eb["names"]}
    if shared:
        reasons.append(
            f"they share the name(s) {', '.join(sorted(shared))}, which is not enough to join them"
        )
    full_a = [n["norm"] for n in ea["names"] if " " in n["norm"]]
    full_b = [n["norm"] for n in eb["names"] if " " in n["norm"]]
    best = max(((fuzz.ratio(x, y), x, y) for x in full_a for y in full_b), default=None)
    if best is not None and not shared:
        word = "close enough" if best[0] >= FUZZY_CUTOFF else "too far apart"
        reasons.append(
            f"the closest spellings '{best[1]}' / '{best[2]}' score {best[0]:.1f} ({word}; {FUZZY_CUTOFF:.0f} joins)"
        )
    if "person" in (ea["type"], eb["type"]):
        lone = [e for e in (ea, eb) if all(lone_name(n["norm"]) for n in e["names"])]
        for e in lone:
            word = (lone_name(e["names"][0]["norm"]) if e["names"] else None) or ""
            people = [
                r.entity_id
                for r in conn.execute(
                    select(t.entity_keys.c.entity_id).where(t.entity_keys.c.key == f"sur:{word}")
                )
            ]
            if len(people) > 1:
                reasons.append(
                    f"'{word}' alone could be any of {len(people)} people known in full by it: it waits"
                )
            elif not people:
                reasons.append(f"no person is known in full by '{word}' yet")
        if not lone:
            sa = {w for n in ea["names"] if (w := surname(n["norm"]))}
            sb = {w for n in eb["names"] if (w := surname(n["norm"]))}
            if sa & sb:
                reasons.append(f"namesakes: they share only the surname {', '.join(sorted(sa & sb))}")
    if not reasons:
        reasons.append("no shared name, gazetteer key or close spelling ties them")
    out["verdict"] = "two entities: " + "; ".join(reasons)
    out["reasons"] = reasons
    return out
