"""One event as an analyst reads it: what, when (at its precision), where (and how exactly), who took part,
every report's figures with who stated each and whether it is a party's claim, every sentence that states it,
and the events around it. Also the events table's facets (counts by type, country, year and actor).

``place_precision`` says how exactly an event is placed: ``exact`` (a town, a facility), ``region`` (a province,
"northern Mali") or ``country`` (known only by its country: drawn on the country's centre, which is no place).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Unpack

from sqlalchemy import Connection, func, select

from khabar.errors import NotFoundError
from khabar.query.dossier import figures_for
from khabar.query.export import latest_figures
from khabar.query.filters import EventFilters, where_events
from khabar.query.lookup import evidence_for
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = [
    "PLACE_PRECISIONS",
    "place_precision",
    "event_view",
    "related_events",
    "event_facets",
    "evidence_of",
]

PLACE_PRECISIONS = ("exact", "region", "country", "unknown")
_REGION_WORDS = re.compile(
    r"\b(province|region|state|district|governorate|county|oblast|prefecture|territory|division|valley|"
    r"border|area|belt|basin|delta)\b|^(north|south|east|west|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western|upper|lower)\b",
    re.IGNORECASE,
)
# extraction's precisions (model.PLACE_PRECISIONS) as the map's classes
_STORED = {"site": "exact", "town": "exact", "district": "region", "region": "region", "country": "country"}
_MAX_RELATED = 10
_CANDIDATES = 200  # per kind of tie: enough to rank, bounded on a large store


def place_precision(
    place_type: str | None,
    name: str | None,
    admin1: str | None,
    country: str | None,
    located: bool = True,
    stored: str | None = None,
) -> str:
    """How exactly a place pins an event down: exact, region or country (``unknown`` without coordinates).

    ``stored`` is the precision extraction recorded (events.place_precision: site/town/district/region/country);
    where it is known it decides, else the place's name and type are read."""
    if not located:
        return "unknown"
    if stored in _STORED:
        return _STORED[stored]
    n = (name or "").strip().lower()
    if place_type == "country" or not n or (country and n == country.strip().lower()):
        return "country"
    if _REGION_WORDS.search(n):  # a town often shares its province's name (Kabul): that alone is no region
        return "region"
    return "exact"


_place = t.entities.alias("place")


def _row(conn: Connection, event_id: int) -> Any:
    q = (
        select(
            t.events,
            _place.c.id.label("p_id"),
            _place.c.name.label("p_name"),
            _place.c.type.label("p_type"),
            _place.c.country.label("p_country"),
            _place.c.admin1.label("p_admin1"),
            _place.c.lat.label("p_lat"),
            _place.c.lon.label("p_lon"),
        )
        .select_from(t.events.outerjoin(_place, _place.c.id == t.events.c.place_entity_id))
        .where(t.events.c.id == event_id)
    )
    row = conn.execute(q).first()
    if row is None:
        raise NotFoundError(f"no event v{event_id} in the store")
    return row


def _participants(conn: Connection, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return out
    q = (
        select(
            t.event_participants.c.event_id,
            t.event_participants.c.role,
            t.event_participants.c.entity_id,
            t.event_participants.c.text,
            t.entities.c.name,
            t.entities.c.type,
        )
        .outerjoin(t.entities, t.entities.c.id == t.event_participants.c.entity_id)
        .where(t.event_participants.c.event_id.in_(ids))
        .order_by(t.event_participants.c.id)
    )
    for p in conn.execute(q):
        item = {"role": p.role, "entity": p.entity_id, "name": p.name or p.text or "", "type": p.type}
        if item not in out[p.event_id]:
            out[p.event_id].append(item)
    return out


def _names(conn: Connection, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    q = select(t.entities.c.id, t.entities.c.name).where(t.entities.c.id.in_(sorted(ids)))
    return {r.id: r.name for r in conn.execute(q)}


def event_view(conn: Connection, event_id: int) -> dict[str, Any]:
    """Everything the store says about one event, as JSON-shaped data (NotFoundError if there is none)."""
    r = _row(conn, event_id)
    lat = r.lat if r.lat is not None else r.p_lat
    lon = r.lon if r.lon is not None else r.p_lon
    place_name = r.place_name or r.p_name
    country = r.country or r.p_country
    admin1 = r.admin1 or r.p_admin1
    figures = figures_for(conn, [event_id])[event_id]
    speakers = _names(conn, {f["said_by_entity"] for f in figures if f["said_by_entity"] is not None})
    for f in figures:
        eid = f["said_by_entity"]
        f["said_by"] = {"entity": eid, "name": speakers.get(eid, f"e{eid}")} if eid is not None else None
        if f["said_by"] is None and f["said_by_text"]:
            f["said_by"] = {"entity": None, "name": f["said_by_text"]}
    own = latest_figures(
        [{**f, "order": i} for i, f in enumerate(figures)]  # figures_for lists them in report order
    )
    titles = {
        d.id: d.title
        for d in conn.execute(
            select(t.documents.c.id, t.documents.c.title).where(
                t.documents.c.id.in_(
                    select(t.evidence.c.document_id).where(
                        t.evidence.c.kind == "event", t.evidence.c.fact_id == event_id
                    )
                )
            )
        )
    }
    reports: dict[str, dict[str, Any]] = {}
    for c in evidence_for(conn, "event", event_id):
        rep = reports.setdefault(
            c.document,
            {"document": c.document, "title": titles.get(c.document), "published": c.published,
             "sentences": [], "figures": []},
        )  # fmt: skip
        if all(s["start"] != c.start for s in rep["sentences"]):
            rep["sentences"].append({"text": c.text, "start": c.start, "end": c.end})
    for f in figures:
        rep = reports.setdefault(
            f["document"],
            {"document": f["document"], "title": None, "published": f["published"], "sentences": [],
             "figures": []},
        )  # fmt: skip
        rep["figures"].append(f)
    ordered = sorted(reports.values(), key=lambda x: (x["published"] or "~", x["document"]))
    parts = _participants(conn, [event_id])[event_id]
    return {
        "id": r.id,
        "type": r.type,
        "subtype": r.subtype,
        "date_start": r.date_start,
        "date_end": r.date_end,
        "precision": r.date_precision,
        "place": {
            "name": place_name,
            "entity": r.p_id,
            "type": r.p_type,
            "admin1": admin1,
            "country": country,
            "lat": lat,
            "lon": lon,
            "precision": place_precision(
                r.p_type, place_name, admin1, country, lat is not None and lon is not None, r.place_precision
            ),
            "level": r.place_precision,
        },
        "participants": parts,
        "weapons": _json_list(r.weapons),
        "targets": _json_list(r.targets),
        "killed": own["killed"],
        "wounded": own["wounded"],
        "figures": figures,
        "reports": ordered,
        "related": related_events(conn, event_id, parts, r),
    }


def _json_list(raw: str | None) -> list[str]:
    import json

    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(x) for x in value] if isinstance(value, list) else []


def related_events(
    conn: Connection, event_id: int, parts: list[dict[str, Any]], row: Any
) -> list[dict[str, Any]]:
    """Events told in the same reports, with the same actors, or at the same place; the strongest ties first
    (a shared report weighs most: a claim of responsibility and its attack), then the nearest in time."""
    score: Counter[int] = Counter()
    why: dict[int, list[str]] = defaultdict(list)

    def add(ids: list[int], weight: int, reason: str) -> None:
        for i in ids:
            if i != event_id and reason not in why[i]:
                score[i] += weight
                why[i].append(reason)

    docs = select(t.evidence.c.document_id).where(
        t.evidence.c.kind == "event", t.evidence.c.fact_id == event_id
    )
    add(
        list(
            conn.execute(
                select(t.evidence.c.fact_id)
                .where(t.evidence.c.kind == "event", t.evidence.c.document_id.in_(docs))
                .distinct()
                .limit(_CANDIDATES)
            ).scalars()
        ),
        3,
        "same report",
    )
    actors = sorted({p["entity"] for p in parts if p["entity"] is not None and p["type"] not in _PLACES})
    if actors:
        add(
            list(
                conn.execute(
                    select(t.event_participants.c.event_id)
                    .where(t.event_participants.c.entity_id.in_(actors))
                    .distinct()
                    .limit(_CANDIDATES)
                ).scalars()
            ),
            2,
            "same actor",
        )
    if row.place_entity_id is not None:
        add(
            list(
                conn.execute(
                    select(t.events.c.id)
                    .where(t.events.c.place_entity_id == row.place_entity_id)
                    .limit(_CANDIDATES)
                ).scalars()
            ),
            2,
            "same place",
        )
    if not score:
        return []
    ids = list(score)
    info = {
        e.id: e
        for e in conn.execute(
            select(
                t.events.c.id,
                t.events.c.type,
                t.events.c.date_start,
                t.events.c.place_name,
                t.events.c.country,
            ).where(t.events.c.id.in_(ids))
        )
    }

    def distance(i: int) -> int:
        a, b = row.date_start, info[i].date_start if i in info else None
        if not a or not b:
            return 10**6
        return abs(_days(a) - _days(b))

    ranked = sorted((i for i in ids if i in info), key=lambda i: (-score[i], distance(i), i))[:_MAX_RELATED]
    return [
        {
            "id": i,
            "type": info[i].type,
            "date_start": info[i].date_start,
            "place": info[i].place_name,
            "country": info[i].country,
            "why": why[i],
        }
        for i in ranked
    ]


_PLACES = frozenset({"country", "location", "facility"})


def _days(date: str) -> int:
    """A partial ISO date as a day number (its first day): for "how far apart", not for display."""
    y, m, d = (date.split("-") + ["1", "1"])[:3]
    return int(y) * 372 + (int(m) - 1) * 31 + int(d)


def event_facets(
    conn: Connection, *, actors: int = 12, **filters: Unpack[EventFilters]
) -> dict[str, list[dict[str, Any]]]:
    """Counts of the matching events by type, country, year and actor (the ``actors`` most frequent), for the
    events table's facets; each value with the filter it would add."""
    matching = where_events(select(t.events.c.id), **filters).subquery()
    out: dict[str, list[dict[str, Any]]] = {}
    for name, col in (
        ("type", t.events.c.type),
        ("country", t.events.c.country),
        ("year", func.substr(t.events.c.date_start, 1, 4)),
    ):
        q = (
            select(col.label("v"), func.count().label("n"))
            .where(t.events.c.id.in_(select(matching.c.id)), col.is_not(None))
            .group_by(col)
            .order_by(func.count().desc(), bytewise(col))
            .limit(30)
        )
        rows = [{"value": r.v, "count": int(r.n)} for r in conn.execute(q) if r.v]
        if name == "year":
            rows.sort(key=lambda x: x["value"], reverse=True)
        out[name] = rows
    ep = t.event_participants
    n = func.count(func.distinct(ep.c.event_id))
    q = (
        select(t.entities.c.id, t.entities.c.name, n.label("n"))
        .join(t.entities, t.entities.c.id == ep.c.entity_id)
        .where(ep.c.event_id.in_(select(matching.c.id)), t.entities.c.type.not_in(sorted(_PLACES)))
        .group_by(t.entities.c.id, t.entities.c.name)
        .order_by(n.desc(), bytewise(t.entities.c.name))
        .limit(actors)
    )
    out["actor"] = [{"value": f"e{r.id}", "label": r.name, "count": int(r.n)} for r in conn.execute(q)]
    return out


def evidence_of(
    conn: Connection,
    *,
    events: list[int] | None = None,
    relations: list[int] | None = None,
    per_fact: int = 3,
) -> dict[str, list[dict[str, Any]]]:
    """The facts behind a network edge: each event (type, date, place) and relation (its ends and period) with
    its first cited sentences. Unknown ids are left out, not errors (an edge may outlive a curated fact)."""
    from khabar.query.lookup import evidence_for_many

    out: dict[str, list[dict[str, Any]]] = {"events": [], "relations": []}
    ev_ids = sorted(set(events or []))[:50]
    rel_ids = sorted(set(relations or []))[:50]
    if ev_ids:
        cites = evidence_for_many(conn, "event", ev_ids, per_fact=per_fact)
        q = (
            select(t.events)
            .where(t.events.c.id.in_(ev_ids))
            .order_by(bytewise(t.events.c.date_start), t.events.c.id)
        )
        for e in conn.execute(q):
            out["events"].append(
                {"id": e.id, "type": e.type, "date_start": e.date_start, "place": e.place_name,
                 "country": e.country, "citations": [c.__dict__ for c in cites.get(e.id, [])]}
            )  # fmt: skip
    if rel_ids:
        cites = evidence_for_many(conn, "relation", rel_ids, per_fact=per_fact)
        subj, obj = t.entities.alias("subj"), t.entities.alias("obj")
        q = (
            select(t.relations, subj.c.name.label("sname"), obj.c.name.label("oname"))
            .join(subj, subj.c.id == t.relations.c.subject_id)
            .join(obj, obj.c.id == t.relations.c.object_id)
            .where(t.relations.c.id.in_(rel_ids))
            .order_by(t.relations.c.id)
        )
        for r in conn.execute(q):
            out["relations"].append(
                {"id": r.id, "type": r.type, "subject": r.subject_id, "subject_name": r.sname,
                 "object": r.object_id, "object_name": r.oname, "start": r.start, "end": r.end,
                 "as_of": r.as_of, "citations": [c.__dict__ for c in cites.get(r.id, [])]}
            )  # fmt: skip
    return out
