"""The one set of event filters (type, actor, since, until, country) that every event listing takes.

Lists, counts, the map's GeoJSON and the HTTP pages narrow events the same way, so they are written once here:
``EventFilters`` is the store's form (an actor is an entity id), ``EventQuery`` the form users type (an actor is
any name), and ``where_events`` the only code that turns them into SQL. "Page 2 of 7" never lies because a count
and its list go through the same function.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypedDict, Unpack

from sqlalchemy import Select, func, literal, or_, select

from khabar.errors import QueryError
from khabar.model import EVENT_TYPES
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = ["EventFilters", "EventQuery", "where_events", "date_problem", "check_dates"]


class EventFilters(TypedDict, total=False):
    """Event filters with the actor as an entity id (the query stage's form)."""

    type_: str | None
    actor: int | None
    since: str | None
    until: str | None
    country: str | None


class EventQuery(TypedDict, total=False):
    """Event filters as a user gives them: ``type`` and an actor by any of its names (facade, CLI, HTTP)."""

    type: str | None
    actor: str | None
    since: str | None
    until: str | None
    country: str | None


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_problem(value: str) -> str | None:
    """Why ``value`` is no date filter, or ``None``: a year, a month or a day that exists (2024-02-30 does not)."""
    m = _DATE.fullmatch(value)
    try:
        if m is not None:
            date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
            return None
    except ValueError:
        pass
    return f"{value!r} is not a date like 2024, 2024-03 or 2024-03-22"


def check_dates(since: str | None, until: str | None) -> None:
    """The one check of a ``since``/``until`` range, for every listing (events, counts, map, timeline) and every
    interface (CLI, HTTP, Python): each is a real date at any precision, and the range is not upside down."""
    for name, value in (("since", since), ("until", until)):
        problem = None if value is None else date_problem(value)
        if problem is not None:
            raise QueryError(f"{name}: {problem}")
    if since and until and since > until + "~":
        raise QueryError(f"since {since} is after until {until}")


def where_events(q: Select[Any], **f: Unpack[EventFilters]) -> Select[Any]:
    """``q`` (a select over ``events``) narrowed by ``EventFilters``. A partial date is in a ``since`` range
    when part of it is ("2024-03" is in "since 2024-03-15"); ``until`` includes the whole of its last unit."""
    unknown = set(f) - set(EventFilters.__annotations__)
    if unknown:
        raise QueryError(f"unknown event filter(s): {', '.join(sorted(unknown))}")
    type_, actor = f.get("type_"), f.get("actor")
    since, until, country = f.get("since"), f.get("until"), f.get("country")
    check_dates(since, until)
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
        q = q.where(
            or_(bytewise(t.events.c.date_start) >= since, literal(since).startswith(t.events.c.date_start))
        )
    if until:  # "~" sorts after digits (in byte order): 2024-03 includes 2024-03-22
        q = q.where(bytewise(t.events.c.date_start) <= until + "~")
    if country:
        q = q.where(func.lower(t.events.c.country) == country.lower())
    return q
