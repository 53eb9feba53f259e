"""A timeline: events and relation changes (a relation's start and end) in date order, every item cited.

Dates keep the precision the text gave: an event known to the month sorts and prints as ``2024-01``, never
as a made-up day. Undated events come last, marked undated; a relation with no dates is not a change in time
and is left out (the dossier lists it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, or_, select, union
from sqlalchemy.orm import aliased

from khabar.errors import QueryError
from khabar.model import EVENT_TYPES, RELATION_TYPES
from khabar.query.dossier import figures_for
from khabar.query.filters import check_dates, date_range
from khabar.query.lookup import (
    Citation,
    count_matching_events,
    evidence_for_many,
    find_entity,
    list_events,
)
from khabar.query.lookup import (
    event_source_ids as _event_source_ids,
)
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = ["TimelineItem", "timeline", "count_timeline", "precision_of", "MAX_CITATIONS"]

MAX_CITATIONS = 50  # per item: a fact many reports repeat keeps its first sentences

_RELATION_VERBS = {
    "leader_of": ("becomes leader of", "ceases to lead"),
    "deputy_of": ("becomes deputy of", "ceases to be deputy of"),
    "member_of": ("joins", "leaves"),
    "branch_of": ("becomes a branch of", "ceases to be a branch of"),
    "allegiance_to": ("pledges allegiance to", "ends allegiance to"),
    "rival_of": ("becomes a rival of", "ends rivalry with"),
    "ally_of": ("allies with", "ends alliance with"),
    "supports": ("starts supporting", "stops supporting"),
    "recruits_from": ("starts recruiting from", "stops recruiting from"),
    "hostile_to": ("turns hostile to", "ends hostility to"),
    "governs": ("takes control of", "loses control of"),
}


def precision_of(date: str | None) -> str | None:
    """year / month / day from an ISO date string's length (how khabar stores partial dates)."""
    if not date:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(date))


@dataclass
class TimelineItem:
    """One dated change. ``kind`` is event, relation-start or relation-end; ``date`` is at its precision."""

    kind: str
    type: str
    date: str | None
    precision: str | None
    summary: str
    subtype: str | None = None
    end: str | None = None
    place: str | None = None
    country: str | None = None
    participants: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    killed: tuple[int | None, int | None] | None = None
    wounded: tuple[int | None, int | None] | None = None
    figures: list[dict[str, Any]] = field(default_factory=list)
    fact: str = ""  # v12 / r3: the event or relation in the store
    citations: list[Citation] = field(default_factory=list)

    @property
    def undated(self) -> bool:
        return self.date is None

    @property
    def label(self) -> str:
        if self.kind == "event":
            return self.type + (f"/{self.subtype}" if self.subtype else "")
        return f"{self.type} {'starts' if self.kind == 'relation-start' else 'ends'}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["undated"] = self.undated
        return d


def _in_range(date: str, since: str | None, until: str | None) -> bool:
    """Does a partial date overlap the range? 2024-03 lies in "since 2024-03-15" (part of it does)."""
    if since and date + "~" < since:  # "~" sorts after digits: the latest day the partial date may be
        return False
    return not (until and date > until + "~")


def _check_args(since: str | None, until: str | None, type_: str | None, limit: int) -> None:
    check_dates(since, until)
    if type_ is not None and type_ not in EVENT_TYPES and type_ not in RELATION_TYPES:
        raise QueryError(
            f"unknown type {type_!r}; an event type ({', '.join(EVENT_TYPES)}) "
            f"or a relation type ({', '.join(RELATION_TYPES)})"
        )
    if limit < 1:
        raise QueryError("limit must be at least 1")


def timeline(
    conn: Connection,
    name: str | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    type_: str | None = None,
    limit: int = 500,
) -> list[TimelineItem]:
    """Events and relation changes, oldest first, undated events last; ``name`` (any alias) narrows it to
    what that entity took part in (for a place: what happened there)."""
    _check_args(since, until, type_, limit)
    ent_id = find_entity(conn, name) if name else None
    items: list[TimelineItem] = []
    if type_ is None or type_ in EVENT_TYPES:
        items += _event_items(conn, ent_id, since, until, type_, limit)
    if type_ is None or type_ in RELATION_TYPES:
        items += _relation_items(conn, ent_id, since, until, type_, limit)
    order = {"relation-start": 0, "event": 1, "relation-end": 2}
    items.sort(key=lambda i: (i.date is None, i.date or "", order[i.kind], i.fact))
    kept = items[:limit]
    _cite(conn, kept)
    return kept


def _cite(conn: Connection, items: list[TimelineItem]) -> None:
    """Citations (and an event's every reported figure) for the items a timeline keeps, and no others."""
    events = [int(i.fact[1:]) for i in items if i.kind == "event"]
    relations = list(dict.fromkeys(int(i.fact[1:]) for i in items if i.kind != "event"))
    cites = {
        "event": evidence_for_many(conn, "event", events, per_fact=MAX_CITATIONS),
        "relation": evidence_for_many(conn, "relation", relations, per_fact=MAX_CITATIONS),
    }
    figs = figures_for(conn, events)
    for i in items:
        kind = "event" if i.kind == "event" else "relation"
        i.citations = cites[kind].get(int(i.fact[1:]), [])
        if kind == "event":
            i.figures = figs.get(int(i.fact[1:]), [])


def count_timeline(
    conn: Connection,
    name: str | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    type_: str | None = None,
) -> int:
    """How many items ``timeline`` would give without a limit, counted in the indexes (never built)."""
    _check_args(since, until, type_, 1)
    ent_id = find_entity(conn, name) if name else None
    n = 0
    if type_ is None or type_ in EVENT_TYPES:
        if ent_id is None:
            n += count_matching_events(conn, type_=type_, since=since, until=until)
        else:  # what the entity took part in, and what happened at it (each event once)
            took_part = _event_source_ids(type_=type_, actor=ent_id, since=since, until=until)
            at = _event_source_ids(type_=type_, place=ent_id, since=since, until=until)
            n += int(
                conn.execute(select(func.count()).select_from(union(took_part, at).subquery())).scalar_one()
            )
    if type_ is None or type_ in RELATION_TYPES:
        for col in (t.relations.c.start, t.relations.c.end):
            q = _relations_dated(col, ent_id, since, until, type_)
            n += int(conn.execute(select(func.count()).select_from(q.subquery())).scalar_one())
    return n


def _event_items(
    conn: Connection, ent_id: int | None, since: str | None, until: str | None, type_: str | None, limit: int
) -> list[TimelineItem]:
    rows = list_events(
        conn, type_=type_, actor=ent_id, since=since, until=until, limit=limit, oldest_first=True
    )
    if ent_id is not None:  # for a place: the events that happened there as well
        known = {r.id for r in rows}
        at = list_events(
            conn, type_=type_, place=ent_id, since=since, until=until, limit=limit, oldest_first=True
        )
        rows += [r for r in at if r.id not in known]
    out = []
    for r in rows:
        where = ", ".join(x for x in dict.fromkeys([r.place, r.country]) if x)
        who = "; ".join(f"{n} ({role})" for role, n in r.participants)
        summary = " — ".join(x for x in (where, who) if x)
        out.append(
            TimelineItem(
                kind="event",
                type=r.type,
                subtype=r.subtype,
                date=r.date_start,
                precision=r.precision or precision_of(r.date_start),
                end=r.date_end,
                summary=summary,
                place=r.place,
                country=r.country,
                participants=list(r.participants),
                killed=r.killed,
                wounded=r.wounded,
                fact=f"v{r.id}",
            )
        )
    return out


def _relations_dated(
    col: ColumnElement[Any], ent_id: int | None, since: str | None, until: str | None, type_: str | None
) -> Select[Any]:
    """Relations whose date in ``col`` (start or end) is set and in range."""
    q = select(t.relations.c.id, col.label("d")).where(col.is_not(None), *date_range(col, since, until))
    if type_:
        q = q.where(t.relations.c.type == type_)
    if ent_id is not None:
        q = q.where(or_(t.relations.c.subject_id == ent_id, t.relations.c.object_id == ent_id))
    return q


def _relation_items(
    conn: Connection, ent_id: int | None, since: str | None, until: str | None, type_: str | None, limit: int
) -> list[TimelineItem]:
    """Relation starts and ends in range: for each, the earliest ``limit`` by date and every one tied with the
    last of them (the timeline orders ties by its own key), never all of them."""
    wanted: set[int] = set()
    for col in (t.relations.c.start, t.relations.c.end):
        q = _relations_dated(col, ent_id, since, until, type_)
        rows = conn.execute(q.order_by(bytewise(col), t.relations.c.id).limit(limit)).fetchall()
        wanted.update(r.id for r in rows)
        if len(rows) == limit:  # and every one on the last one's date
            wanted.update(r.id for r in conn.execute(q.where(col == rows[-1].d)))
    subj, obj = aliased(t.entities), aliased(t.entities)
    q = (
        select(t.relations, subj.c.name.label("sname"), obj.c.name.label("oname"))
        .join(subj, subj.c.id == t.relations.c.subject_id)
        .join(obj, obj.c.id == t.relations.c.object_id)
        .where(t.relations.c.id.in_(sorted(wanted)))
    )
    rows = conn.execute(q.order_by(t.relations.c.id)).fetchall() if wanted else []
    out = []
    for r in rows:
        begin, finish = _RELATION_VERBS.get(r.type, (f"{r.type} starts:", f"{r.type} ends:"))
        for kind, date, verb in (("relation-start", r.start, begin), ("relation-end", r.end, finish)):
            if not date or not _in_range(date, since, until):
                continue
            out.append(
                TimelineItem(
                    kind=kind,
                    type=r.type,
                    date=date,
                    precision=precision_of(date),
                    summary=f"{r.sname} {verb} {r.oname}",
                    fact=f"r{r.id}",
                )
            )
    return out
