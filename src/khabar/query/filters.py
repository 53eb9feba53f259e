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

from sqlalchemy import ColumnElement, Select, func, or_, select

from khabar.errors import QueryError
from khabar.model import EVENT_TYPES
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = [
    "EventFilters",
    "EventQuery",
    "where_events",
    "date_problem",
    "check_dates",
    "check_filters",
    "date_range",
    "in_date_range",
]


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


def check_filters(f: EventFilters) -> None:
    """The filters' own checks (names, the type, the dates), the same for every listing and count."""
    unknown = set(f) - set(EventFilters.__annotations__)
    if unknown:
        raise QueryError(f"unknown event filter(s): {', '.join(sorted(unknown))}")
    check_dates(f.get("since"), f.get("until"))
    type_ = f.get("type_")
    if type_ is not None and type_ not in EVENT_TYPES:
        raise QueryError(f"unknown event type {type_!r}; one of {', '.join(EVENT_TYPES)}")


def date_range(col: ColumnElement[Any], since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """Conditions for a date column to overlap [since, until] at any precision: a partial date is in a
    ``since`` range when part of it is ("2024-03" is in "since 2024-03-15"); ``until`` includes the whole of its
    last unit. Stated as ranges in byte order, so an index on the column serves them."""
    out: list[ColumnElement[bool]] = []
    if since:
        containing = sorted({since[:k] for k in (4, 7) if k < len(since)})  # the year and month holding since
        out.append(bytewise(col) >= since[:4])  # a superset an index can range over; the next line decides
        out.append(or_(bytewise(col) >= since, col.in_(containing)) if containing else bytewise(col) >= since)
    if until:  # "~" sorts after digits (in byte order): 2024-03 includes 2024-03-22
        out.append(bytewise(col) <= until + "~")
    return out


def in_date_range(date: str | None, since: str | None, until: str | None) -> bool:
    """``date_range`` for a date in hand (the same test, in Python)."""
    if date is None:
        return not since and not until
    if since and not (date >= since or date in {since[:k] for k in (4, 7) if k < len(since)}):
        return False
    return not (until and date > until + "~")


def where_events(q: Select[Any], **f: Unpack[EventFilters]) -> Select[Any]:
    """``q`` (a select over ``events``) narrowed by ``EventFilters``. A partial date is in a ``since`` range
    when part of it is ("2024-03" is in "since 2024-03-15"); ``until`` includes the whole of its last unit."""
    check_filters(f)
    type_, actor = f.get("type_"), f.get("actor")
    country = f.get("country")
    if type_:
        q = q.where(t.events.c.type == type_)
    if actor is not None:
        q = q.where(
            t.events.c.id.in_(
                select(t.event_participants.c.event_id).where(t.event_participants.c.entity_id == actor)
            )
        )
    q = q.where(*date_range(t.events.c.date_start, f.get("since"), f.get("until")))
    if country:
        q = q.where(func.lower(t.events.c.country) == country.lower())
    return q
