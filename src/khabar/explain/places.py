"""Answers about places: where a group is based, and what happened in a place (in a period)."""

from __future__ import annotations

from sqlalchemy import Connection, or_, select

from khabar.explain.answer import Answer, AnswerBuilder, fmt_count_words, fmt_date
from khabar.explain.events import acting, common_noun, date_fit, describe_event
from khabar.explain.facts import Names, associated_places
from khabar.explain.naming import entity_types, resolve_phrase
from khabar.explain.question import Question
from khabar.query.lookup import EventRow, evidence_for_many, list_events
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = ["answer_based", "answer_what_happened"]

_PLACE_TYPES = ("location", "country", "facility")
_MAX_EVENTS = 8  # events listed in one answer
_CANDIDATES = 500


def answer_based(conn: Connection, q: Question, b: AnswerBuilder, names: Names, x: int) -> Answer:
    """Where X is based: the places its sentences say it has bases, camps or operations in (else where it
    is most often reported), and what it governs or controls."""
    name = names.canonical(x)
    hostile = set(
        conn.execute(
            select(t.relations.c.object_id).where(
                t.relations.c.subject_id == x, t.relations.c.type.in_(("hostile_to", "rival_of"))
            )
        ).scalars()
    )
    places = associated_places(conn, x, exclude=hostile | {x})
    based = [p for p in places if p.based]
    if based:
        where = names.join([names.written(p.entity, p.citations) for p in based])
        b.add(f"{name} is based and active mainly in {where}.", [c for p in based for c in p.citations[:1]])
    elif places:
        where = names.join([names.written(p.entity, p.citations) for p in places[:2]])
        b.add(
            f"khabar's sources do not say where {name} is based; it is most often reported in {where}.",
            [c for p in places[:2] for c in p.citations[:1]],
        )
    governs = conn.execute(
        select(t.relations.c.id, t.relations.c.object_id).where(
            t.relations.c.subject_id == x, t.relations.c.type == "governs"
        )
    ).fetchall()
    cites = evidence_for_many(conn, "relation", [r.id for r in governs], per_fact=2)
    ruled = [(r.object_id, cites.get(r.id, [])) for r in governs if cites.get(r.id)]
    if ruled:
        b.add(
            f"{name} controls {names.join([names.written(o, c) for o, c in ruled[:3]])}.",
            [c for _, cs in ruled[:3] for c in cs[:1]],
        )
    return b.build() if b else b.none(f"where {name} is based")


def answer_what_happened(conn: Connection, q: Question, b: AnswerBuilder, names: Names) -> Answer:
    """The events at a place (its own events, those in the country or region it names, and those whose
    sentences name it), in the asked period where one is given, newest first, each with its toll and actors."""
    place: int | None = None
    if q.place:
        ids = resolve_phrase(conn, q.place)
        if not ids:
            return b.unknown(conn, q.place, types=_PLACE_TYPES)
        types = entity_types(conn, ids)
        place = next((i for i in ids if types.get(i) in _PLACE_TYPES), ids[0])
    if place is None:
        events = list_events(conn, limit=_CANDIDATES, since=q.period, until=q.period_end or q.period)
        events = [e for e in events if e.type != "other"]
    else:
        events = _events_at(conn, place)
    if q.period:
        events = [e for e in events if date_fit(e.date_start, e.date_end, q.period, q.period_end) > 0]
    where = names.canonical(place) if place is not None else "khabar's sources"
    when = f" in {fmt_date(q.period)}" if q.period else ""
    if not events:
        return b.none(f"what happened in {where}{when}" if place is not None else f"what happened{when}")
    shown = events[:_MAX_EVENTS]
    cites = evidence_for_many(conn, "event", [e.id for e in shown], per_fact=3)
    countries: dict[int, set[str]] = {}  # a country as claimant beside a group is a misreading: left out
    for r in acting(conn, [e.id for e in shown]):
        if r.type == "country" and r.entity_id is not None:
            countries.setdefault(r.event_id, set()).add(names.canonical(r.entity_id))
    for ev in shown:
        toll = []
        if ev.killed:
            toll.append(f"{fmt_count_words(*ev.killed)} killed")
        if ev.wounded:
            toll.append(f"{fmt_count_words(*ev.wounded)} wounded")
        actors = [
            (role, common_noun(n))
            for role, n in ev.participants
            if role in ("perpetrator", "agent", "claimant")
        ]
        if any(n not in countries.get(ev.id, set()) for _, n in actors):
            actors = [(role, n) for role, n in actors if n not in countries.get(ev.id, set())]
        by = [n for role, n in actors if role in ("perpetrator", "agent")]
        claimed = [n for role, n in actors if role == "claimant" and n not in by]
        desc = describe_event(ev)
        text_ = desc[0].upper() + desc[1:]
        if toll:
            text_ += f" ({', '.join(toll)})"
        if by:
            text_ += f", by {names.join(list(dict.fromkeys(by))[:3])}"
        if claimed:
            text_ += f", claimed by {names.join(list(dict.fromkeys(claimed))[:2])}"
        b.add(text_ + ".", cites.get(ev.id, [])[:1])
    rest = len(events) - _MAX_EVENTS
    if rest > 0 and b.parts:
        b.add(f"khabar's sources tell of {rest} more events there{when}.", b.parts[-1].citations[:1])
    return b.build() if b else b.none(f"what happened in {where}{when}")


def _events_at(conn: Connection, place: int) -> list[EventRow]:
    """Events at a place: placed there, in the country or region it is, or told in sentences naming it."""
    row = conn.execute(select(t.entities.c.name, t.entities.c.type).where(t.entities.c.id == place)).first()
    name = row.name if row else ""
    conds = [t.events.c.place_entity_id == place]
    if row is not None and row.type == "country":
        conds.append(t.events.c.country == name)
    elif row is not None and row.type == "location":
        conds.append(t.events.c.admin1 == name)
    told = (
        select(t.evidence.c.fact_id)
        .join(t.mentions, t.mentions.c.sentence_id == t.evidence.c.sentence_id)
        .where(t.evidence.c.kind == "event", t.mentions.c.entity_id == place)
    )
    conds.append(t.events.c.id.in_(told))
    ids = list(
        conn.execute(
            select(t.events.c.id)
            .where(or_(*conds), t.events.c.type != "other")
            .order_by(bytewise(t.events.c.date_start).desc().nulls_last(), t.events.c.id)
            .limit(_CANDIDATES)
        ).scalars()
    )
    if not ids:
        return []
    return list_events(conn, ids=ids, limit=len(ids))
