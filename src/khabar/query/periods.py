"""A khabar date ("2016", "2016-05", "2016-05-12", with an optional end) as the span of days it covers.

Time-aware tools want whole dates: Gephi's timeline, QGIS's temporal controller and STIX timestamps cannot read
"2016-05". A date at month precision covers the whole month, so its span runs from the first to the last day of
it; a range runs from the first day of its start to the last day of its end.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

__all__ = ["precision_of", "first_day", "last_day", "span", "day_after"]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _parts(value: str) -> tuple[int, int | None, int | None]:
    m = _DATE.match(value.strip())
    if not m:
        raise ValueError(f"not a khabar date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = m.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def precision_of(value: str) -> str:
    """``year``, ``month`` or ``day``, read off the date's own shape."""
    _y, month, day = _parts(value)
    return "day" if day else "month" if month else "year"


def first_day(value: str) -> date:
    """The first day the date can mean: "2016-05" → 2016-05-01."""
    year, month, day = _parts(value)
    return date(year, month or 1, day or 1)


def last_day(value: str) -> date:
    """The last day the date can mean: "2016-05" → 2016-05-31, "2016" → 2016-12-31."""
    year, month, day = _parts(value)
    if month is None:
        return date(year, 12, 31)
    if day is None:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def span(start: str | None, end: str | None = None) -> tuple[date, date] | None:
    """(first day, last day) of a date or range; None for no date."""
    if not start:
        return None
    lo, hi = first_day(start), last_day(end or start)
    return (lo, hi) if hi >= lo else (lo, last_day(start))


def day_after(value: date) -> date:
    return value + timedelta(days=1)
