"""A timeline: events and relation changes (a relation's start and end) in date order, every item cited.

Dates keep the precision the text gave: an event known to the month sorts and prints as ``2024-01``, never
as a made-up day. Undated events come last, marked undated; a relation with no dates is not a change in time
and is left out (the dossier lists it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlalchemy.orm import aliased

from khabar.errors import QueryError
from khabar.model import EVENT_TYPES, RELATION_TYPES
from khabar.query.dossier import figures_for
from khabar.query.filters import check_dates
from khabar.query.lookup import Citation, evidence_for_many, find_entity, list_events
from khabar.store import schema as t

__all__ = ["TimelineItem", "timeline", "precision_of"]

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
    check_dates(since, until)
    if type_ is not None and type_ not in EVENT_TYPES and type_ not in RELATION_TYPES:
        raise QueryError(
            f"unknown type {type_!r}; an event type ({', '.join(EVENT_TYPES)}) "
            f"or a relation type ({', '.join(RELATION_TYPES)})"
        )
    if limit < 1:
        raise QueryError("limit must be at least 1")
    ent_id = find_entity(conn, name) if name else None
    items: list[TimelineItem] = []
    if type_ is None or type_ in EVENT_TYPES:
        items += _event_items(conn, ent_id, since, until, type_, limit)
    if type_ is None or type_ in RELATION_TYPES:
        items += _relation_items(conn, ent_id, since, until, type_)
    order = {"relation-start": 0, "event": 1, "relation-end": 2}
    items.sort(key=lambda i: (i.date is None, i.date or "", order[i.kind], i.fact))
    return items[:limit]


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
    cites = evidence_for_many(conn, "event", [r.id for r in rows])
    figs = figures_for(conn, [r.id for r in rows])
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
                figures=figs.get(r.id, []),
                fact=f"v{r.id}",
                citations=cites.get(r.id, []),
            )
        )
    return out


def _relation_items(
    conn: Connection, ent_id: int | None, since: str | None, until: str | None, type_: str | None
) -> list[TimelineItem]:
    subj, obj = aliased(t.entities), aliased(t.entities)
    q = (
        select(t.relations, subj.c.name.label("sname"), obj.c.name.label("oname"))
        .join(subj, subj.c.id == t.relations.c.subject_id)
        .join(obj, obj.c.id == t.relations.c.object_id)
        .where(or_(t.relations.c.start.is_not(None), t.relations.c.end.is_not(None)))
    )
    if type_:
        q = q.where(t.relations.c.type == type_)
    if ent_id is not None:
        q = q.where(or_(t.relations.c.subject_id == ent_id, t.relations.c.object_id == ent_id))
    rows = conn.execute(q.order_by(t.relations.c.id)).fetchall()
    cites = evidence_for_many(conn, "relation", [r.id for r in rows])
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
                    citations=cites.get(r.id, []),
                )
            )
    return out
