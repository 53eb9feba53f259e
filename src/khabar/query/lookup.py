"""Read-side look-ups: lists of entities and events, and finding an entity by any of its names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Unpack

from sqlalchemy import Connection, func, or_, select

from khabar.errors import NotFoundError, QueryError
from khabar.model import ENTITY_TYPES, norm_name
from khabar.query.filters import EventFilters, EventQuery, where_events
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = [
    "EntityRow",
    "EventRow",
    "list_entities",
    "list_events",
    "find_entity",
    "resolve_query",
    "Citation",
    "evidence_for",
    "evidence_for_many",
    "EVENT_SORTS",
]

# The columns an events listing sorts by (the web table's headers); "killed"/"wounded" are the event's own toll.
EVENT_SORTS = ("date", "type", "place", "country", "killed", "wounded")


@dataclass(frozen=True)
class Citation:
    document: str
    text: str
    start: int
    end: int
    published: str | None = None


@dataclass(frozen=True)
class EntityRow:
    id: int
    name: str
    type: str
    aliases: list[str]
    mentions: int
    documents: int


@dataclass
class EventRow:
    id: int
    type: str
    subtype: str | None
    date_start: str | None
    date_end: str | None
    precision: str | None
    place: str | None
    country: str | None
    participants: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    killed: tuple[int | None, int | None] | None = None
    wounded: tuple[int | None, int | None] | None = None
    participant_entities: list[int | None] = field(default_factory=list)  # the entity of each participant


def find_entity(conn: Connection, name: str) -> int:
    """The entity a name (any alias, any case, or ``e12``/``12``) stands for; the most mentioned if several."""
    text = name.strip()
    if not text:
        raise QueryError("an entity name is required")
    digits = text.lstrip("e")
    # ids are 64-bit integers in ASCII digits: a longer number, or "²", is a name, not an id
    if digits.isascii() and digits.isdigit() and len(digits) <= 18:
        ent_id = int(digits)
        if conn.execute(select(t.entities.c.id).where(t.entities.c.id == ent_id)).first():
            return ent_id
    n = norm_name(text)
    mentions = (
        select(func.count())
        .select_from(t.mentions)
        .where(t.mentions.c.entity_id == t.entities.c.id)
        .scalar_subquery()
    )
    q = (
        select(t.entities.c.id)
        .join(t.aliases, t.aliases.c.entity_id == t.entities.c.id)
        .where(or_(t.aliases.c.norm == n, func.lower(t.entities.c.name) == text.lower()))
        .order_by(mentions.desc(), t.entities.c.id)
        .limit(1)
    )
    found = conn.execute(q).scalar_one_or_none()
    if found is None:
        raise NotFoundError(f"no entity called {name!r} in the store")
    return int(found)


def resolve_query(conn: Connection, query: EventQuery) -> EventFilters:
    """A user's event filters in the store's terms: ``type`` becomes ``type_``, an actor's name its entity id."""
    unknown = set(query) - set(EventQuery.__annotations__)
    if unknown:
        raise QueryError(f"unknown event filter(s): {', '.join(sorted(unknown))}")
    actor = query.get("actor")
    return EventFilters(
        type_=query.get("type"),
        actor=find_entity(conn, actor) if actor else None,
        since=query.get("since"),
        until=query.get("until"),
        country=query.get("country"),
    )


def list_entities(
    conn: Connection,
    *,
    type_: str | None = None,
    limit: int = 100,
    offset: int = 0,
    search: str | None = None,
) -> list[EntityRow]:
    if type_ is not None and type_ not in ENTITY_TYPES:
        raise QueryError(f"unknown entity type {type_!r}; one of {', '.join(ENTITY_TYPES)}")
    n_mentions = (
        select(func.count())
        .select_from(t.mentions)
        .where(t.mentions.c.entity_id == t.entities.c.id)
        .scalar_subquery()
    )
    n_docs = (
        select(func.count(func.distinct(t.mentions.c.document_id)))
        .where(t.mentions.c.entity_id == t.entities.c.id)
        .scalar_subquery()
    )
    q = select(
        t.entities.c.id, t.entities.c.name, t.entities.c.type, n_mentions.label("m"), n_docs.label("d")
    )
    if type_:
        q = q.where(t.entities.c.type == type_)
    if search:
        sub = select(t.aliases.c.entity_id).where(t.aliases.c.norm.like(f"%{norm_name(search)}%"))
        q = q.where(t.entities.c.id.in_(sub))
    q = (
        q.order_by(n_mentions.desc(), bytewise(t.entities.c.name), t.entities.c.id)
        .limit(limit)
        .offset(offset)
    )
    rows = conn.execute(q).fetchall()
    ids = [r.id for r in rows]
    aliases: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for a in conn.execute(
            select(t.aliases.c.entity_id, t.aliases.c.alias)
            .where(t.aliases.c.entity_id.in_(ids))
            .order_by(bytewise(t.aliases.c.alias))
        ):
            aliases[a.entity_id].append(a.alias)
    return [
        EntityRow(r.id, r.name, r.type, [a for a in aliases[r.id] if a != r.name], r.m, r.d) for r in rows
    ]


def list_events(
    conn: Connection,
    *,
    limit: int = 100,
    offset: int = 0,
    place: int | None = None,
    oldest_first: bool = False,
    ids: list[int] | None = None,
    types: list[str] | None = None,
    sort: str | None = None,
    descending: bool = True,
    **filters: Unpack[EventFilters],
) -> list[EventRow]:
    """Events matching ``filters`` (type_, actor id, since, until, country: see ``filters.where_events``),
    newest first (``oldest_first``: oldest first; undated last either way); ``sort`` (one of ``EVENT_SORTS``)
    orders by that column instead, ``descending`` or not, empty values last and the date breaking ties."""
    q = where_events(select(t.events), **filters)
    if place is not None:
        q = q.where(t.events.c.place_entity_id == place)
    if ids is not None:
        q = q.where(t.events.c.id.in_(ids))
    if types is not None:
        q = q.where(t.events.c.type.in_(types))
    by_date = bytewise(t.events.c.date_start)
    if sort is not None and sort != "date":
        q = _sorted_by(q, sort, descending)
    elif sort == "date":
        q = q.order_by((by_date.desc() if descending else by_date.asc()).nulls_last())
    q = q.order_by((by_date.asc() if oldest_first else by_date.desc()).nulls_last(), t.events.c.id)
    q = q.limit(limit).offset(offset)
    rows = conn.execute(q).fetchall()
    out = [
        EventRow(r.id, r.type, r.subtype, r.date_start, r.date_end, r.date_precision, r.place_name, r.country)
        for r in rows
    ]
    by_id = {e.id: e for e in out}
    if by_id:
        pq = (
            select(
                t.event_participants.c.event_id,
                t.event_participants.c.role,
                t.event_participants.c.text,
                t.event_participants.c.entity_id,
                t.entities.c.name,
            )
            .outerjoin(t.entities, t.entities.c.id == t.event_participants.c.entity_id)
            .where(t.event_participants.c.event_id.in_(list(by_id)))
            .order_by(t.event_participants.c.id)
        )
        for p in conn.execute(pq):
            item = (p.role, p.name or p.text)
            if item not in by_id[p.event_id].participants:
                by_id[p.event_id].participants.append(item)
                by_id[p.event_id].participant_entities.append(p.entity_id)
        from khabar.query.export import latest_figures

        figs: dict[int, list[dict[str, Any]]] = {}
        fq = (
            select(t.event_figures, t.documents.c.published)
            .join(t.documents, t.documents.c.id == t.event_figures.c.document_id)
            .where(t.event_figures.c.event_id.in_(list(by_id)))
        )
        for f in conn.execute(fq):
            figs.setdefault(f.event_id, []).append(
                {
                    "field": f.field,
                    "min": f.min,
                    "max": f.max,
                    "published": f.published,
                    "order": f.id,
                    "claim": bool(f.claim),
                }
            )
        for eid, fl in figs.items():
            own = latest_figures(fl)
            k, w = own["killed"], own["wounded"]
            by_id[eid].killed = (k["min"], k["max"]) if k else None
            by_id[eid].wounded = (w["min"], w["max"]) if w else None
    return out


def _sorted_by(q: Any, sort: str, descending: bool) -> Any:
    """``q`` ordered by one of ``EVENT_SORTS``; a toll is the latest non-claim figure (as ``latest_figures``)."""
    if sort not in EVENT_SORTS:
        raise QueryError(f"unknown sort {sort!r}; one of {', '.join(EVENT_SORTS)}")
    if sort in ("killed", "wounded"):
        f = t.event_figures
        ranked = (
            select(
                f.c.event_id,
                func.coalesce(f.c.max, f.c.min).label("v"),
                func.row_number()
                .over(
                    partition_by=f.c.event_id,
                    order_by=(bytewise(func.coalesce(t.documents.c.published, "")).desc(), f.c.id.desc()),
                )
                .label("n"),
            )
            .join(t.documents, t.documents.c.id == f.c.document_id)
            .where(f.c.field == sort, f.c.claim == 0)
            .subquery()
        )
        own = select(ranked.c.event_id, ranked.c.v).where(ranked.c.n == 1).subquery()
        q = q.outerjoin(own, own.c.event_id == t.events.c.id)
        key: Any = own.c.v
    else:
        key = bytewise(
            {"type": t.events.c.type, "place": t.events.c.place_name, "country": t.events.c.country}[sort]
        )
    return q.order_by((key.desc() if descending else key.asc()).nulls_last())


def evidence_for(conn: Connection, kind: str, fact_id: int) -> list[Citation]:
    q = (
        select(
            t.evidence.c.document_id,
            t.sentences.c.text,
            t.sentences.c.start,
            t.sentences.c.end,
            t.documents.c.published,
        )
        .join(t.sentences, t.sentences.c.id == t.evidence.c.sentence_id)
        .join(t.documents, t.documents.c.id == t.evidence.c.document_id)
        .where(t.evidence.c.kind == kind, t.evidence.c.fact_id == fact_id)
        .order_by(t.evidence.c.id)
    )
    return [Citation(r.document_id, r.text, r.start, r.end, r.published) for r in conn.execute(q)]


def evidence_for_many(
    conn: Connection, kind: str, fact_ids: list[int], *, per_fact: int | None = None
) -> dict[int, list[Citation]]:
    """``evidence_for`` for many facts in a few queries (dossiers and timelines list hundreds of facts);
    ``per_fact`` keeps only each fact's first sentences (a fact a thousand reports repeat)."""
    out: dict[int, list[Citation]] = {i: [] for i in fact_ids}
    ids = list(dict.fromkeys(fact_ids))
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        ev = select(
            t.evidence.c.id,
            t.evidence.c.fact_id,
            t.evidence.c.document_id,
            t.evidence.c.sentence_id,
            func.row_number().over(partition_by=t.evidence.c.fact_id, order_by=t.evidence.c.id).label("n"),
        ).where(t.evidence.c.kind == kind, t.evidence.c.fact_id.in_(chunk))
        sub = ev.subquery()
        q = (
            select(
                sub.c.fact_id,
                sub.c.document_id,
                t.sentences.c.text,
                t.sentences.c.start,
                t.sentences.c.end,
                t.documents.c.published,
            )
            .join(t.sentences, t.sentences.c.id == sub.c.sentence_id)
            .join(t.documents, t.documents.c.id == sub.c.document_id)
            .order_by(sub.c.id)
        )
        if per_fact is not None:
            q = q.where(sub.c.n <= per_fact)
        for r in conn.execute(q):
            out[r.fact_id].append(Citation(r.document_id, r.text, r.start, r.end, r.published))
    return out
