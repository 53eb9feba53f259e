"""Read-side look-ups: lists of entities and events, and finding an entity by any of its names."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Unpack

from sqlalchemy import ColumnElement, Connection, Label, Select, exists, func, select, text, union

from khabar.errors import NotFoundError, QueryError
from khabar.model import ENTITY_TYPES, norm_name
from khabar.query.filters import (
    EventFilters,
    EventQuery,
    check_filters,
    date_range,
    in_date_range,
    where_events,
)
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
    "event_page",
    "count_matching_events",
    "mention_counts",
    "newest_documents",
    "event_source_ids",
    "entity_totals",
    "Totals",
    "has_counts",
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
    # two index look-ups (aliases by norm, entities by lower(name)) rather than one scan joining both
    by_alias = select(t.aliases.c.entity_id.label("id")).where(t.aliases.c.norm == norm_name(text))
    by_name = select(t.entities.c.id.label("id")).where(func.lower(t.entities.c.name) == text.lower())
    found = sorted(set(conn.execute(union(by_alias, by_name)).scalars()))
    if not found:
        raise NotFoundError(f"no entity called {name!r} in the store")
    if len(found) == 1:
        return int(found[0])
    counts = mention_counts(conn, found)
    return int(min(found, key=lambda i: (-counts.get(i, 0), i)))


def mention_counts(conn: Connection, entity_ids: list[int]) -> dict[int, int]:
    """How many mentions each entity has (SQLite's ``entity_counts``, else counted in the index)."""
    if has_counts(conn):
        q = text(f"SELECT entity_id, mentions FROM {t.COUNTS_TABLE} WHERE entity_id IN ({_ints(entity_ids)})")
        return {r.entity_id: r.mentions for r in conn.execute(q)}
    q2 = (
        select(t.mentions.c.entity_id, func.count().label("n"))
        .where(t.mentions.c.entity_id.in_(entity_ids))
        .group_by(t.mentions.c.entity_id)
    )
    return {r.entity_id: r.n for r in conn.execute(q2)}


@dataclass(frozen=True)
class Totals:
    events: int
    documents: int
    mentions: int


def entity_totals(conn: Connection, ent_id: int) -> Totals:
    """How many distinct events an entity takes part in, documents name it, mentions it has: read from SQLite's
    trigger-kept ``entity_counts`` (migration 0009), else counted inside the covering indexes."""
    if has_counts(conn):
        row = conn.execute(
            text(f"SELECT events, documents, mentions FROM {t.COUNTS_TABLE} WHERE entity_id = :e"),
            {"e": ent_id},
        ).first()
        return Totals(*row) if row is not None else Totals(0, 0, 0)
    ep, m = t.event_participants, t.mentions
    events = conn.execute(select(func.count(func.distinct(ep.c.event_id))).where(ep.c.entity_id == ent_id))
    docs = conn.execute(
        select(func.count(func.distinct(m.c.document_id)), func.count()).where(m.c.entity_id == ent_id)
    ).one()
    return Totals(int(events.scalar_one()), int(docs[0]), int(docs[1]))


def has_counts(conn: Connection) -> bool:
    """Does this store keep ``entity_counts`` (SQLite, migration 0009)? Asked once per engine."""
    engine = conn.engine
    known = _HAS_COUNTS.get(id(engine))
    if known is None or known[0] is not engine:
        found = conn.dialect.name == "sqlite" and bool(
            conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": t.COUNTS_TABLE}
            ).first()
        )
        _HAS_COUNTS[id(engine)] = known = (engine, found)
    return known[1]


_HAS_COUNTS: dict[int, tuple[object, bool]] = {}


def _ints(ids: Collection[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


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
    if sort == "date":
        oldest_first = not descending
    if sort is not None and sort != "date":
        page = _sorted_page(conn, sort, descending, place, ids, types, filters, limit, offset, oldest_first)
    else:
        page = event_page(
            conn,
            limit=limit,
            offset=offset,
            place=place,
            oldest_first=oldest_first,
            ids=ids,
            types=types,
            **filters,
        )
    if not page:
        return []
    by_row = {r.id: r for r in conn.execute(select(t.events).where(t.events.c.id.in_(page)))}
    rows = [by_row[i] for i in page if i in by_row]
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


def _sorted_page(
    conn: Connection,
    sort: str,
    descending: bool,
    place: int | None,
    ids: list[int] | None,
    types: list[str] | None,
    f: EventFilters,
    limit: int,
    offset: int,
    oldest_first: bool,
) -> list[int]:
    """A page of events ordered by another column than the date (the web table's headers): the events are
    filtered as everywhere, then sorted by that column, the date and the id breaking ties."""
    q = where_events(select(t.events.c.id), **f)
    if place is not None:
        q = q.where(t.events.c.place_entity_id == place)
    if ids is not None:
        q = q.where(t.events.c.id.in_(ids))
    if types is not None:
        q = q.where(t.events.c.type.in_(types))
    by_date = bytewise(t.events.c.date_start)
    q = _sorted_by(q, sort, descending)
    q = q.order_by((by_date.asc() if oldest_first else by_date.desc()).nulls_last(), t.events.c.id)
    return list(conn.execute(q.limit(limit).offset(offset)).scalars())


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


def _event_source(
    place: int | None, ids: list[int] | None, types: list[str] | None, f: EventFilters
) -> tuple[Select[Any], Label[Any], Label[Any], ColumnElement[Any]]:
    """The matching events as a select of (id, date) with the columns to order by.

    With an actor the select runs over ``event_participants``, whose copies of each event's type and date
    (migration 0009) let an index on (actor, date) walk the actor's events in date order and stop at the page's
    end; the events table is joined only for filters the participants lack (country, place, ids)."""
    check_filters(f)
    actor, type_ = f.get("actor"), f.get("type_")
    since, until, country = f.get("since"), f.get("until"), f.get("country")
    if actor is not None:
        ep = t.event_participants
        eid, date, type_col = ep.c.event_id, ep.c.date_start, ep.c.type
        id_, d = eid.label("id"), bytewise(date).label("d")
        q = select(id_, d).distinct().where(ep.c.entity_id == actor)
        if country or place is not None:
            q = q.join(t.events, t.events.c.id == eid)
    else:
        eid, date, type_col = t.events.c.id, t.events.c.date_start, t.events.c.type
        id_, d = eid.label("id"), bytewise(date).label("d")
        q = select(id_, d)
    if type_:
        q = q.where(type_col == type_)
    if types is not None:  # as an expression no index serves: several types walk the actor's events by date
        q = q.where((type_col + "").in_(types) if actor is not None else type_col.in_(types))
    q = q.where(*date_range(date, since, until))
    if country:
        q = q.where(func.lower(t.events.c.country) == country.lower())
    if place is not None:
        q = q.where(t.events.c.place_entity_id == place)
    if ids is not None:
        q = q.where(eid.in_(ids))
    return q, id_, d, date


def event_page(
    conn: Connection,
    *,
    limit: int = 100,
    offset: int = 0,
    place: int | None = None,
    oldest_first: bool = False,
    ids: list[int] | None = None,
    types: list[str] | None = None,
    **filters: Unpack[EventFilters],
) -> list[int]:
    """The ids of one page of matching events, dated ones by date (then id), undated ones after them.

    Dated and undated events are read apart, so that each part is one walk along an index in its own order."""
    q, id_, d, date = _event_source(place, ids, types, filters)
    if ids is not None and filters.get("actor") is None:
        return _page_of_ids(conn, ids, place, types, filters, limit, offset, oldest_first)
    by_date = q.where(date.is_not(None)).order_by(d.asc() if oldest_first else d.desc(), id_)
    dated = [r.id for r in conn.execute(by_date.limit(limit).offset(offset))]
    if len(dated) == limit:
        return dated
    # the dated events ran out on this page: undated ones follow
    n_dated = offset + len(dated) if dated else _count(conn, q.where(date.is_not(None)))
    undated = q.where(date.is_(None)).order_by(id_).limit(limit - len(dated)).offset(max(0, offset - n_dated))
    return dated + [r.id for r in conn.execute(undated)]


def _page_of_ids(
    conn: Connection,
    ids: list[int],
    place: int | None,
    types: list[str] | None,
    f: EventFilters,
    limit: int,
    offset: int,
    oldest_first: bool,
) -> list[int]:
    """A page of a few events given by id: read by id (a planner told of the filters too may prefer walking an
    index of every event of a type), filtered and ordered here, as ``event_page`` orders them."""
    ev = t.events
    found: list[tuple[int, str | None]] = []
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        q = select(ev.c.id, ev.c.date_start, ev.c.type, ev.c.country, ev.c.place_entity_id).where(
            ev.c.id.in_(chunk)
        )
        for r in conn.execute(q):
            if (f.get("type_") and r.type != f.get("type_")) or (types is not None and r.type not in types):
                continue
            if place is not None and r.place_entity_id != place:
                continue
            country = f.get("country")
            if country and (r.country or "").lower() != country.lower():
                continue
            if (f.get("since") or f.get("until")) and not (
                r.date_start and in_date_range(r.date_start, f.get("since"), f.get("until"))
            ):
                continue
            found.append((r.id, r.date_start))
    dated = sorted((i, d) for i, d in found if d is not None)
    dated.sort(key=lambda x: (x[1] or "").encode(), reverse=not oldest_first)  # stable: ties keep id order
    page = [i for i, _ in dated] + sorted(i for i, d in found if d is None)
    return page[offset : offset + limit]


def count_matching_events(
    conn: Connection,
    *,
    place: int | None = None,
    ids: list[int] | None = None,
    types: list[str] | None = None,
    **filters: Unpack[EventFilters],
) -> int:
    """How many events ``event_page`` pages through (counted in the index where one serves)."""
    return _count(conn, _event_source(place, ids, types, filters)[0])


def event_source_ids(
    *,
    place: int | None = None,
    ids: list[int] | None = None,
    types: list[str] | None = None,
    **filters: Unpack[EventFilters],
) -> Select[Any]:
    """The ids of the matching events as a select (to combine with others, say in a union)."""
    q = _event_source(place, ids, types, filters)[0].subquery()
    return select(q.c.id)


def _count(conn: Connection, q: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(q.subquery())).scalar_one())


# An entity named in at most this many documents has them sorted directly; one named in more has the newest
# found by walking all documents newest first and probing the (entity, document) index, which meets enough of
# them quickly: each way costs at most a few thousand index steps.
SMALL_SET = 5000


def newest_documents(
    conn: Connection,
    entity_ids: Collection[int],
    limit: int,
    *,
    also: Collection[int] | None = None,
    within: Collection[str] | None = None,
) -> list[str]:
    """The ids of the newest ``limit`` documents that mention any of ``entity_ids`` (and, with ``also``, any of
    those too; with ``within``, only among those documents), newest first (undated last, then by id in byte
    order): a bounded query whatever the store's size."""
    if not entity_ids or limit < 1 or (also is not None and not also) or (within is not None and not within):
        return []
    m = t.mentions
    d = t.documents

    def names(ids: Collection[int]) -> ColumnElement[bool]:
        return exists().where(m.c.entity_id.in_(list(ids)), m.c.document_id == d.c.id)

    sized = sorted(
        (_documents_up_to(conn, ids, SMALL_SET + 1), n, ids)
        for n, ids in enumerate([entity_ids] + ([also] if also is not None else []))
    )
    sets = [ids for _, _, ids in sized]
    if within is not None or sized[0][0] <= SMALL_SET:
        # few candidates: read them from the smallest set's index range and sort them
        driver = select(m.c.document_id).where(m.c.entity_id.in_(list(sets[0])))
        conds = [d.c.id.in_(driver)] + [names(ids) for ids in sets[1:]]
        if within is not None:
            conds.append(d.c.id.in_(sorted(within)))
        q = select(d.c.id).where(*conds)
        q = q.order_by(bytewise(d.c.published).desc().nulls_last(), bytewise(d.c.id)).limit(limit)
        return list(conn.execute(q).scalars())
    conds = [names(ids) for ids in sets]
    out: list[str] = []
    for dated in (True, False):  # walk ix_documents_published newest first, then the undated
        q = select(d.c.id).where(*conds, d.c.published.is_not(None) if dated else d.c.published.is_(None))
        q = (
            q.order_by(bytewise(d.c.published).desc(), bytewise(d.c.id))
            if dated
            else q.order_by(bytewise(d.c.id))
        )
        out += conn.execute(q.limit(limit - len(out))).scalars()
        if len(out) >= limit:
            break
    return out


def _documents_up_to(conn: Connection, entity_ids: Collection[int], cap: int) -> int:
    """How many documents mention any of the entities, counted no further than ``cap``."""
    sub = (
        select(t.mentions.c.document_id)
        .where(t.mentions.c.entity_id.in_(list(entity_ids)))
        .distinct()
        .limit(cap)
        .subquery()
    )
    return int(conn.execute(select(func.count()).select_from(sub)).scalar_one())


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
    ``per_fact`` keeps only each fact's first sentences (a fact a thousand reports repeat): each fact's are read
    with their own limit along the index on (kind, fact, id), never all of them."""
    out: dict[int, list[Citation]] = {i: [] for i in fact_ids}
    ids = list(dict.fromkeys(fact_ids))
    ev = t.evidence
    size = 400
    for chunk in (ids[i : i + size] for i in range(0, len(ids), size)):
        rows: list[tuple[Any, ...]] = []
        hot: list[int] = []
        if per_fact is not None:  # facts cited more often than that (counted in the index), read one by one
            hot = list(
                conn.execute(
                    select(ev.c.fact_id)
                    .where(ev.c.kind == kind, ev.c.fact_id.in_(chunk))
                    .group_by(ev.c.fact_id)
                    .having(func.count() > per_fact)
                ).scalars()
            )
        plain = [f for f in chunk if f not in set(hot)]
        if plain:
            picked = select(ev.c.id, ev.c.sentence_id, ev.c.fact_id, ev.c.document_id).where(
                ev.c.kind == kind, ev.c.fact_id.in_(plain)
            )
            rows += [(r.id, r.sentence_id, r.fact_id, r.document_id) for r in conn.execute(picked)]
        if hot:  # one small ordered read per fact, in one statement (as text: SQLAlchemy's constructs for a
            # many-way union cost more to build than the query costs to run)
            one = (
                "SELECT * FROM (SELECT id, sentence_id, fact_id, document_id FROM evidence "
                "WHERE kind = :kind AND fact_id = :f{n} ORDER BY id LIMIT :per) AS e{n}"
            )
            sql = " UNION ALL ".join(one.format(n=n) for n in range(len(hot)))
            params: dict[str, Any] = {"kind": kind, "per": per_fact}
            params.update({f"f{n}": int(f) for n, f in enumerate(hot)})
            rows += [tuple(r) for r in conn.execute(text(sql), params)]
        if not rows:
            continue
        rows.sort()
        sents = {
            r.id: r
            for r in conn.execute(
                select(
                    t.sentences.c.id, t.sentences.c.text, t.sentences.c.start, t.sentences.c.end,
                    t.documents.c.published,
                )
                .join(t.documents, t.documents.c.id == t.sentences.c.document_id)
                .where(t.sentences.c.id.in_(sorted({r[1] for r in rows})))
            )
        }  # fmt: skip
        for _id, sid, fid, doc in rows:
            s = sents.get(sid)
            if s is not None:
                out[fid].append(Citation(doc, s.text, s.start, s.end, s.published))
    return out
