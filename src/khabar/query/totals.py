"""How many rows a list query would give without its limit: the totals paginated HTTP lists report.

Entity counts mirror ``lookup.list_entities``; event counts go through ``lookup.event_page``'s source like every
event list (a test checks that a count and the length of the unpaginated list agree), so "page 2 of 7" never lies.
"""

from __future__ import annotations

from typing import Unpack

from sqlalchemy import Connection, func, select

from khabar.errors import QueryError
from khabar.model import ENTITY_TYPES, norm_name
from khabar.query.filters import EventFilters
from khabar.query.lookup import count_matching_events
from khabar.store import schema as t

__all__ = ["count_entities", "count_events"]


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


def count_events(conn: Connection, **filters: Unpack[EventFilters]) -> int:
    return count_matching_events(conn, **filters)
