"""How many rows a list query would give without its limit: the totals paginated HTTP lists report.

The filters mirror ``lookup.list_entities`` and ``lookup.list_events`` one for one (a test checks that a count
and the length of the unpaginated list agree), so "page 2 of 7" never lies.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, func, select

from khabar.errors import QueryError
from khabar.model import ENTITY_TYPES, EVENT_TYPES, norm_name
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = ["count_entities", "count_events", "event_filter"]


def count_entities(conn: Connection, *, type_: str | None = None, search: str | None = None) -> int:
    if type_ is not None and type_ not in ENTITY_TYPES:
        raise QueryError(f"unknown entity type {type_!r}; one of {', '.join(ENTITY_TYPES)}")
    q = select(func.count()).select_from(t.entities)
    if type_:
        q = q.where(t.entities.c.type == type_)
    if search:
        sub = select(t.aliases.c.entity_id).where(t.aliases.c.norm.like(f"%{norm_name(search)}%"))
        q = q.where(t.entities.c.id.in_(sub))
    return int(conn.execute(q).scalar_one())


def event_filter(
    q: Select[Any],
    *,
    type_: str | None = None,
    actor: int | None = None,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
) -> Select[Any]:
    """``q`` (a select over ``events``) narrowed by the same filters ``list_events`` takes."""
    if type_ is not None and type_ not in EVENT_TYPES:
        raise QueryError(f"unknown event type {type_!r}; one of {', '.join(EVENT_TYPES)}")
    if type_:
        q = q.where(t.events.c.type == type_)
    if actor is not None:
        q = q.where(
            t.events.c.id.in_(
                select(t.event_participants.c.event_id).where(t.event_participants.c.entity_id == actor)
            )
        )
    if since:
        q = q.where(bytewise(t.events.c.date_start) >= since)
    if until:  # "~" sorts after digits (in byte order), as in list_events
        q = q.where(bytewise(t.events.c.date_start) <= until + "~")
    if country:
        q = q.where(func.lower(t.events.c.country) == country.lower())
    return q


def count_events(
    conn: Connection,
    *,
    type_: str | None = None,
    actor: int | None = None,
    since: str | None = None,
    until: str | None = None,
    country: str | None = None,
) -> int:
    q = event_filter(
        select(func.count()).select_from(t.events),
        type_=type_,
        actor=actor,
        since=since,
        until=until,
        country=country,
    )
    return int(conn.execute(q).scalar_one())
