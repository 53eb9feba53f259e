"""Answers about one event named in a question ("the Crocus City Hall attack", "the Kabul airport bombing"):
how many were killed or wounded, and who carried it out.

An event is found by what the question calls it: a place, facility or actor the store knows (its entity), and
the words of the name found in the event's own sentences (BM25 over sentences, then word coverage), so a
facility the extractor stored under a shorter name ("Concert Hall") is still found by its full one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from khabar.explain.answer import Answer, AnswerBuilder, fmt_count_words, on_date
from khabar.explain.facts import Names
from khabar.explain.question import Question, entities_in
from khabar.explain.search import search, words
from khabar.query.dossier import figures_for
from khabar.query.export import latest_figures
from khabar.query.lookup import Citation, EventRow, evidence_for_many, list_events
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = ["match_events", "answer_casualties", "answer_who_attacked", "describe_event", "EventMatch"]

# Words that say what kind of event, not which one: they steer the type, they are not the name.
_EVENT_NOUNS = {
    "attack": ("attack",),
    "attacks": ("attack",),
    "bomb": ("attack",),
    "bombs": ("attack",),
    "bombing": ("attack",),
    "bombings": ("attack",),
    "blast": ("attack",),
    "blasts": ("attack",),
    "explosion": ("attack",),
    "explosions": ("attack",),
    "shooting": ("attack",),
    "massacre": ("attack", "killing"),
    "assault": ("attack",),
    "raid": ("attack", "clash"),
    "siege": ("attack",),
    "strike": ("air_strike", "attack"),
    "strikes": ("air_strike", "attack"),
    "airstrike": ("air_strike",),
    "airstrikes": ("air_strike",),
    "hijacking": ("attack",),
    "kidnapping": ("kidnapping",),
    "abduction": ("kidnapping",),
    "clashes": ("clash",),
    "battle": ("clash",),
    "execution": ("execution",),
    "executions": ("execution",),
}
_STOP = {
    "the", "a", "an", "of", "in", "on", "at", "near", "by", "and", "to", "for", "from", "with", "into",
    "twin", "suicide", "deadly", "recent", "last", "this", "that", "terror", "terrorist", "car", "truck",
}  # fmt: skip
_ATTACK_LIKE = ("attack", "air_strike", "killing", "execution", "kidnapping", "clash")
_MAX_CANDIDATES = 300  # events considered per question: the newest at the named place, the best BM25 hits


@dataclass
class EventMatch:
    event: EventRow
    score: float
    citations: list[Citation]


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") else w


def match_events(
    conn: Connection,
    phrase: str,
    *,
    types: Sequence[str] = (),
    need_figure: str | None = None,
    limit: int = 3,
) -> list[EventMatch]:
    """The stored events ``phrase`` most plausibly names, best first (only good matches)."""
    toks = words(phrase)
    hinted = {ty for w in toks for ty in _EVENT_NOUNS.get(w, ())}
    content = [w for w in toks if w not in _EVENT_NOUNS and w not in _STOP]
    ents = set(entities_in(conn, phrase))
    cand: set[int] = set()
    if ents:
        q = (
            select(t.events.c.id)
            .where(
                or_(
                    t.events.c.place_entity_id.in_(ents),
                    t.events.c.id.in_(
                        select(t.event_participants.c.event_id).where(
                            t.event_participants.c.entity_id.in_(ents)
                        )
                    ),
                )
            )
            .order_by(bytewise(t.events.c.date_start).desc().nulls_last(), t.events.c.id)
            .limit(_MAX_CANDIDATES)
        )
        cand.update(conn.execute(q).scalars())
    if content:
        sids = [h.id for h in search(conn, content, limit=_MAX_CANDIDATES)]
        for chunk in (sids[i : i + 500] for i in range(0, len(sids), 500)):
            cand.update(
                conn.execute(
                    select(t.evidence.c.fact_id).where(
                        t.evidence.c.kind == "event", t.evidence.c.sentence_id.in_(chunk)
                    )
                ).scalars()
            )
    if not cand:
        return []
    ids = sorted(cand)
    rows = _events_by_ids(conn, ids, types)
    ids = [e.id for e in rows]
    cites = evidence_for_many(conn, "event", ids, per_fact=10)
    extra = _event_extras(conn, ids, ents, need_figure)
    out = []
    for ev in rows:
        place_ent, targets, by_participant, has_figure = extra.get(ev.id, (None, "[]", False, False))
        if need_figure and not has_figure:
            continue
        texts = [ev.place or "", ev.country or "", " ".join(json.loads(targets or "[]"))]
        texts += [n for _, n in ev.participants] + [c.text for c in cites.get(ev.id, [])]
        bag = {_stem(w) for w in words(" ".join(texts))}
        coverage = sum(_stem(w) in bag for w in content) / len(content) if content else 0.0
        by_entity = place_ent in ents or by_participant
        if coverage < 0.6 and not by_entity:
            continue
        score = coverage + (1.0 if by_entity else 0.0) + (0.3 if ev.type in hinted else 0.0)
        out.append(EventMatch(ev, score, cites.get(ev.id, [])))
    out.sort(key=lambda m: (-m.score, -(len(m.citations)), m.event.date_start or "", m.event.id))
    if not out:
        return []
    best = out[0].score
    return [m for m in out if m.score >= best - 0.05][:limit]


def _event_extras(
    conn: Connection, ids: list[int], ents: set[int], need_figure: str | None
) -> dict[int, tuple[int | None, str, bool, bool]]:
    """Per event: its place entity, its targets (JSON), whether an entity of the question takes part, and
    whether a report gave the wanted figure: four batched queries instead of four per event."""
    out: dict[int, tuple[int | None, str, bool, bool]] = {}
    involved: set[int] = set()
    figured: set[int] = set()
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        if ents:
            involved.update(
                conn.execute(
                    select(t.event_participants.c.event_id).where(
                        t.event_participants.c.event_id.in_(chunk), t.event_participants.c.entity_id.in_(ents)
                    )
                ).scalars()
            )
        if need_figure:
            figured.update(
                conn.execute(
                    select(t.event_figures.c.event_id).where(
                        t.event_figures.c.event_id.in_(chunk), t.event_figures.c.field == need_figure
                    )
                ).scalars()
            )
        for r in conn.execute(
            select(t.events.c.id, t.events.c.place_entity_id, t.events.c.targets).where(
                t.events.c.id.in_(chunk)
            )
        ):
            out[r.id] = (r.place_entity_id, r.targets, r.id in involved, r.id in figured)
    return out


def _events_by_ids(conn: Connection, ids: list[int], types: Sequence[str]) -> list[EventRow]:
    """list_events' rows (with participants and tolls) for these ids."""
    out: list[EventRow] = []
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        out += list_events(conn, ids=chunk, limit=len(chunk), types=list(types) if types else None)
    return out


def describe_event(ev: EventRow) -> str:
    """ "the attack/bombing at Concert Hall, Russia on 22 March 2024" — what khabar knows, in words."""
    kind = {"air_strike": "air strike", "attack": "attack"}.get(ev.type, ev.type.replace("_", " "))
    if ev.subtype and ev.type == "attack":
        kind = {"bombing": "bombing", "armed_assault": "armed assault", "assassination": "assassination"}.get(
            ev.subtype, "attack"
        )
    where = ", ".join(x for x in dict.fromkeys([ev.place, ev.country]) if x)
    return (
        f"the {kind}"
        + (f" at {where}" if where else "")
        + (f" {on_date(ev.date_start)}" if ev.date_start else "")
    )


def _figure_cite(f: dict[str, Any]) -> Citation | None:
    if not f.get("text"):
        return None
    return Citation(str(f["document"]), str(f["text"]), int(f["start"]), int(f["end"]), f.get("published"))


def answer_casualties(conn: Connection, q: Question, b: AnswerBuilder, names: Names) -> Answer:
    phrase = q.event or ""
    field = q.figure
    verb = "killed" if field == "killed" else "wounded"
    matches = match_events(conn, phrase, need_figure=field)
    if not matches:
        return b.none(f"how many people were {verb} in {_the(phrase)}")
    for m in matches[:2]:
        figs = [f for f in figures_for(conn, [m.event.id])[m.event.id] if f["field"] == field]
        desc = describe_event(m.event)
        values = {(f["min"], f["max"]) for f in figs}
        if len(values) == 1:
            lo, hi = next(iter(values))
            cites = [c for c in (_figure_cite(f) for f in figs) if c] or m.citations[:1]
            b.add(f"{fmt_count_words(lo, hi).capitalize()} people were {verb} in {desc}.", cites[:3])
            continue
        for f in figs:  # reports differ: every figure with its source
            c = _figure_cite(f)
            src = f"{f['document']}" + (f" (published {f['published']})" if f["published"] else "")
            b.add(
                f"According to {src}, {fmt_count_words(f['min'], f['max'])} people were {verb} in {desc}.",
                [c] if c else m.citations[:1],
            )
        own = latest_figures(
            [
                {
                    "field": f["field"],
                    "min": f["min"],
                    "max": f["max"],
                    "published": f["published"],
                    "claim": f.get("claim", False),
                }
                for f in figs
            ]
        )[field]
        latest = [
            c
            for f in figs
            if own and (f["min"], f["max"]) == (own["min"], own["max"])
            for c in [_figure_cite(f)]
            if c
        ]
        if own and latest:
            b.add(f"The most recent report gives {fmt_count_words(own['min'], own['max'])}.", latest[-1:])
    return b.build() if b else b.none(f"how many people were {verb} in {_the(phrase)}")


def _the(phrase: str) -> str:
    return phrase if re.match(r"^(the|a|an)\b", phrase, re.I) else f"the {phrase}"


def answer_who_attacked(conn: Connection, q: Question, b: AnswerBuilder, names: Names) -> Answer:
    phrase = q.event or ""
    matches = match_events(conn, phrase, types=(*_ATTACK_LIKE, "claim"))
    for m in matches[:2]:
        ev = m.event
        desc = describe_event(ev)
        rows = conn.execute(
            select(t.event_participants.c.entity_id, t.event_participants.c.text, t.event_participants.c.role)
            .where(
                t.event_participants.c.event_id == ev.id,
                t.event_participants.c.role.in_(("perpetrator", "claimant")),
            )
            .order_by(t.event_participants.c.id)
        ).fetchall()
        for role in ("perpetrator", "claimant"):
            who: list[str] = []
            cites: list[Citation] = []
            for r in rows:
                if r.role != role:
                    continue
                named = names.naming(m.citations, r.entity_id, None if r.entity_id else r.text)
                who.append(names.written(r.entity_id, named) if r.entity_id else (r.text or "").strip())
                cites += named[:2]
            who = [w for w in dict.fromkeys(who) if w]
            if not who:
                continue
            if role == "perpetrator":
                b.add(f"{desc[0].upper() + desc[1:]} was carried out by {names.join(who)}.", cites[:3])
            elif ev.type == "claim":
                b.add(f"{names.join(who)} claimed responsibility for an attack{_where(ev)}.", cites[:3])
            else:
                b.add(f"{names.join(who)} claimed {desc}.", cites[:3])
    return b.build() if b else b.none(f"who attacked {_the(phrase)}")


def _where(ev: EventRow) -> str:
    where = ", ".join(x for x in dict.fromkeys([ev.place, ev.country]) if x)
    return (f" at {where}" if where else "") + (f" {on_date(ev.date_start)}" if ev.date_start else "")
