"""Where events happened, as GeoJSON: one Point feature per located event, with its casualties.

An event's own coordinates win; else its place entity's (a place resolved once serves every event there).
Events with no coordinates at all are counted (``unlocated``) so a map can say what it cannot show. Each
feature's ``start``/``end`` are the first and last whole day its date covers ("2024-03" runs from 2024-03-01 to
2024-03-31), which GIS tools read as dates (QGIS's temporal controller: "separate fields for start and end").
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Unpack

from sqlalchemy import Connection, Select, and_, func, or_, select

from khabar.query.event import place_precision
from khabar.query.export import latest_figures
from khabar.query.filters import EventFilters, where_events
from khabar.query.periods import span
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = ["places", "casualties"]

_place = t.entities.alias("place")
_LAT = func.coalesce(t.events.c.lat, _place.c.lat)
_LON = func.coalesce(t.events.c.lon, _place.c.lon)
_MAX_SOURCES = 3  # sentences cited per feature: enough to open the source from a map popup


def casualties(killed: dict[str, int | None] | None, wounded: dict[str, int | None] | None) -> int:
    """One number to size a marker by: killed plus wounded, each its upper figure where given."""
    total = 0
    for c in (killed, wounded):
        if c:
            total += c["max"] if c["max"] is not None else (c["min"] or 0)
    return total


def places(
    conn: Connection, *, limit: int = 500, offset: int = 0, **filters: Unpack[EventFilters]
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the located events matching the filters, newest first.

    Foreign members ``total`` (located matches), ``unlocated`` (matches without coordinates), ``limit`` and
    ``offset`` describe the page.
    """

    def narrow(q: Select[Any]) -> Select[Any]:
        return where_events(q, **filters)

    base = select(t.events.c.id).select_from(
        t.events.outerjoin(_place, _place.c.id == t.events.c.place_entity_id)
    )
    located = and_(_LAT.is_not(None), _LON.is_not(None))
    total = conn.execute(
        select(func.count()).select_from(narrow(base.where(located)).subquery())
    ).scalar_one()
    unlocated = conn.execute(
        select(func.count()).select_from(narrow(base.where(or_(_LAT.is_(None), _LON.is_(None)))).subquery())
    ).scalar_one()
    q = narrow(
        select(
            t.events.c.id,
            t.events.c.type,
            t.events.c.subtype,
            t.events.c.date_start,
            t.events.c.date_end,
            t.events.c.date_precision,
            func.coalesce(t.events.c.place_name, _place.c.name).label("place"),
            func.coalesce(t.events.c.country, _place.c.country).label("country"),
            func.coalesce(t.events.c.admin1, _place.c.admin1).label("admin1"),
            _place.c.type.label("place_type"),
            t.events.c.place_precision,
            _LAT.label("lat"),
            _LON.label("lon"),
        )
        .select_from(t.events.outerjoin(_place, _place.c.id == t.events.c.place_entity_id))
        .where(located)
    )
    q = q.order_by(bytewise(t.events.c.date_start).desc().nulls_last(), t.events.c.id)
    q = q.limit(limit).offset(offset)
    rows = conn.execute(q).fetchall()
    ids = [r.id for r in rows]
    parts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    figs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if ids:
        sq = (
            select(
                t.evidence.c.fact_id,
                t.evidence.c.document_id,
                t.sentences.c.start,
                t.sentences.c.end,
                t.sentences.c.text,
            )
            .join(t.sentences, t.sentences.c.id == t.evidence.c.sentence_id)
            .where(t.evidence.c.kind == "event", t.evidence.c.fact_id.in_(ids))
            .order_by(t.evidence.c.id)
        )
        for s in conn.execute(sq):
            if len(sources[s.fact_id]) < _MAX_SOURCES:
                sources[s.fact_id].append(
                    {"document": s.document_id, "start": s.start, "end": s.end, "text": s.text}
                )
        pq = (
            select(
                t.event_participants.c.event_id,
                t.event_participants.c.role,
                t.event_participants.c.entity_id,
                func.coalesce(t.entities.c.name, t.event_participants.c.text).label("name"),
            )
            .outerjoin(t.entities, t.entities.c.id == t.event_participants.c.entity_id)
            .where(t.event_participants.c.event_id.in_(ids))
            .order_by(t.event_participants.c.id)
        )
        for p in conn.execute(pq):
            item = {"role": p.role, "entity": p.entity_id, "name": p.name}
            if item not in parts[p.event_id]:
                parts[p.event_id].append(item)
        fq = (
            select(t.event_figures, t.documents.c.published)
            .join(t.documents, t.documents.c.id == t.event_figures.c.document_id)
            .where(t.event_figures.c.event_id.in_(ids))
        )
        for f in conn.execute(fq):
            figs[f.event_id].append(
                {
                    "field": f.field,
                    "min": f.min,
                    "max": f.max,
                    "published": f.published,
                    "order": f.id,
                    "claim": bool(f.claim),
                }
            )
    features = []
    for r in rows:
        own = latest_figures(figs.get(r.id, []))
        days = span(r.date_start, r.date_end)  # whole days, for QGIS's temporal controller
        features.append(
            {
                "type": "Feature",
                "id": r.id,
                "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
                "properties": {
                    "event": r.id,
                    "type": r.type,
                    "subtype": r.subtype,
                    "date": r.date_start,
                    "date_end": r.date_end,
                    "precision": r.date_precision,
                    "start": days[0].isoformat() if days else None,
                    "end": days[1].isoformat() if days else None,
                    "place": r.place,
                    "country": r.country,
                    "place_precision": place_precision(
                        r.place_type, r.place, r.admin1, r.country, stored=r.place_precision
                    ),
                    "place_level": r.place_precision,  # site/town/district/region/country, where extraction knew
                    "killed": own["killed"],
                    "wounded": own["wounded"],
                    "casualties": casualties(own["killed"], own["wounded"]),
                    "participants": parts.get(r.id, []),
                    "sources": sources.get(r.id, []),
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "total": int(total),
        "unlocated": int(unlocated),
        "limit": limit,
        "offset": offset,
    }
