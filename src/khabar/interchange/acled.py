"""ACLED-shaped CSV: khabar's events in the columns of ACLED's data exports, and ACLED rows read back as events.

One row per event, in the codebook's column order, then the ``khabar_`` columns (``tables``). Where ACLED has
no place for a fact (a year-only date, an undated event, a wounded toll, a claimed figure) the row says it in
``notes`` and the ``khabar_`` columns keep it exactly. ``docs/formats.md`` has the column-by-column mapping.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from khabar.interchange import codebooks as cb
from khabar.interchange.tables import (
    KHABAR_COLUMNS,
    RowEvent,
    RowFigure,
    RowParty,
    RowPlace,
    apply_khabar_columns,
    cell,
    figures_note,
    khabar_columns,
    number,
    own_number,
    point,
    source_names,
    write_csv,
)
from khabar.interchange.view import SIDE_ONE, SIDE_TWO, EventView, PartyView, StoreView
from khabar.model import Count, DateValue
from khabar.query.periods import first_day

__all__ = ["ACLED_COLUMNS", "acled_csv", "acled_event", "REQUIRED"]

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
REQUIRED = ("event_type", "sub_event_type", "country")

# The role of each side of a row in khabar's terms, by khabar event type (as extraction assigns them).
_SIDE_ONE_ROLE = {"attack": "perpetrator", "kidnapping": "perpetrator", "killing": "perpetrator",
                  "execution": "perpetrator", "arrest": "authority", "claim": "claimant"}  # fmt: skip
_SIDE_TWO_ROLE = {"attack": "target", "arrest": "target", "capture": "target", "clash": "target"}


def _acled_date(ev: EventView) -> tuple[str, str]:
    """(event_date, time_precision): a day as itself (1), a week-long range at its middle (2), a month at its
    15th (3, as ACLED codes a month); a year or a longer range has no ACLED precision and is coded at its
    midpoint with 3, the ``khabar_date`` column keeping the truth."""
    if not ev.date_start:
        return "", ""
    start = first_day(ev.date_start)
    if ev.precision == "day" and not ev.date_end:
        return start.isoformat(), "1"
    if ev.precision == "month" and not ev.date_end:
        return start.replace(day=15).isoformat(), "3"
    from khabar.query.periods import span

    lo, hi = span(ev.date_start, ev.date_end) or (start, start)
    middle = lo + (hi - lo) / 2
    return middle.isoformat(), "2" if (hi - lo).days <= 7 else "3"


def _side(ev: EventView, roles: tuple[str, ...]) -> list[PartyView]:
    return ev.side(roles)


def _row(view: StoreView, ev: EventView) -> dict[str, object]:
    place = ev.place or {}
    country = place.get("country")
    record = cb.country_record(country)
    one, two = _side(ev, SIDE_ONE), _side(ev, SIDE_TWO)
    inter1 = cb.acled_inter(one[0].type, one[0].role, one[0].name, country) if one else None
    inter2 = cb.acled_inter(two[0].type, two[0].role, two[0].name, country) if two else None
    victims = [p.name for p in two]
    target_type = cb.gtd_target_type(
        ev.targets, victims, [p.type for p in two], [e["text"] for e in ev.evidence]
    )
    state = bool(one) and inter1 == 1
    event_type, sub_event_type = cb.acled_types(ev.type, ev.subtype, ev.weapons, target_type, state)
    event_date, precision = _acled_date(ev)
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    interaction = "" if not codes else str(codes[0] * 10) if len(codes) == 1 else f"{codes[0]}{codes[1]}"
    notes = " ".join(e["text"] for e in ev.evidence[:2])
    extra = figures_note(ev)
    if extra:
        notes = f"{notes} [Figures: {extra}.]" if notes else f"Figures: {extra}."
    if ev.claimants():
        notes += f" [Claimed by {', '.join(ev.claimants())}.]"
    stamps = [
        view.documents[d]["ingested_at"] for d in ev.documents if view.documents.get(d, {}).get("ingested_at")
    ]
    timestamp = int(datetime.fromisoformat(max(stamps)).timestamp()) if stamps else ""
    killed = own_number(ev.killed)
    row: dict[str, object] = {
        "event_id_cnty": f"{record['iso3'] if record else 'XXX'}{ev.id[1:]}",
        "event_date": event_date,
        "year": event_date[:4],
        "time_precision": precision,
        "disorder_type": cb.ACLED_DISORDER[event_type],
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": one[0].name if one else "",
        "assoc_actor_1": "; ".join(p.name for p in one[1:]),
        "inter1": inter1 or "",
        "actor2": two[0].name if two else "",
        "assoc_actor_2": "; ".join(p.name for p in two[1:]),
        "inter2": inter2 or "",
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if 7 in (inter1, inter2) else "",
        "iso": record["isonumeric"] if record and record.get("isonumeric") else "",
        "region": "",
        "country": country or "",
        "admin1": place.get("admin1") or "",
        "location": place.get("name") or "",
        "latitude": place.get("lat") if place.get("lat") is not None else "",
        "longitude": place.get("lon") if place.get("lon") is not None else "",
        "geo_precision": "" if not place else 3 if place.get("kind") == "country" else 1,
        "source": "; ".join(source_names(view, ev)),
        "notes": notes.strip(),
        "fatalities": killed if killed is not None else 0,
        "timestamp": timestamp,
    }
    row.update(khabar_columns(view, ev))
    return row


def acled_csv(view: StoreView) -> str:
    """Every event as an ACLED-shaped row, oldest first (undated last)."""
    events = sorted(view.events, key=lambda e: (e.date_start is None, e.date_start or "", int(e.id[1:])))
    return write_csv((*ACLED_COLUMNS, *KHABAR_COLUMNS), (_row(view, ev) for ev in events))


# -- reading ------------------------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%Y/%m/%d")
_PERIOD = re.compile(r"\s*\((?:\d{4})?\s*-?\s*(?:\d{4})?\)\s*$")  # "Military Forces of Nigeria (2015-2023)"
_INTER_LABELS = {label.lower(): code for code, label in cb.ACLED_INTER.items()}
_INTER_LABELS.update({"state forces": 1, "rebel groups": 2, "political militias": 3, "identity militias": 4,
                      "protestors": 6, "external/other forces": 8})  # fmt: skip


def _parse_date(text: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"event_date is not a date: {text!r}")


def _date(row: dict[str, str | None]) -> DateValue | None:
    text = cell(row, "event_date")
    if not text:
        return None
    day = _parse_date(text)
    precision = cell(row, "time_precision") or "1"
    if precision not in ("1", "2", "3"):
        raise ValueError(f"time_precision must be 1, 2 or 3, not {precision!r}")
    if precision == "3":
        return DateValue(day.strftime("%Y-%m"), "month", text=text)
    if precision == "2":  # the middle of a week: any day of it
        lo, hi = day - timedelta(days=3), day + timedelta(days=3)
        return DateValue(lo.isoformat(), "day", hi.isoformat(), text=text)
    return DateValue(day.isoformat(), "day", text=text)


def _inter(row: dict[str, str | None], name: str) -> int | None:
    text = cell(row, name)
    if not text:
        return None
    if text.lower() in _INTER_LABELS:
        return _INTER_LABELS[text.lower()]
    code = number(row, name, int)
    if code not in cb.ACLED_INTER:
        raise ValueError(f"{name} must be an ACLED actor type 1-8, not {text!r}")
    return int(code)


_PEOPLE = frozenset({"civilians", "protesters", "protestors", "rioters", "refugees/idps", "prisoners"})


def _actor_type(name: str, inter: int | None) -> str | None:
    head = name.split(" (")[0].lower()
    if inter in (5, 6, 7) or head in _PEOPLE or head.startswith("unidentified"):
        return None  # people named by what they are, not an organisation
    if cb.country_record(name):
        return "country"
    if inter in (2, 3, 4):
        return "armed_group"
    if inter in (1, 8):
        return "organization"
    return "armed_group"


def _parties(row: dict[str, str | None], type_: str) -> list[RowParty]:
    out: list[RowParty] = []
    for n, roles in ((1, _SIDE_ONE_ROLE), (2, _SIDE_TWO_ROLE)):
        role = roles.get(type_, "agent" if n == 1 else "victim")
        inter = _inter(row, f"inter{n}")
        names = [cell(row, f"actor{n}")] + [a.strip() for a in cell(row, f"assoc_actor_{n}").split(";")]
        for i, raw in enumerate(x for x in names if x):
            name = _PERIOD.sub("", raw).strip()
            out.append(RowParty(role, name, _actor_type(name, inter if i == 0 else None)))
    return out


def acled_event(row: dict[str, str | None]) -> RowEvent:
    """One ACLED row as an event; ValueError says what is wrong with a row that cannot be one."""
    event_type, sub = cell(row, "event_type"), cell(row, "sub_event_type")
    if event_type not in cb.ACLED_EVENT_TYPES:
        raise ValueError(f"event_type {event_type!r} is not an ACLED event type")
    type_, subtype = cb.khabar_of_acled(event_type, sub)
    lat, lon = point(row)
    country = cell(row, "country")
    place = None
    if country:
        location = cell(row, "location") or country
        kind = "country" if location == country else "location"
        place = RowPlace(location, kind, cell(row, "admin1") or None, country, lat, lon)
    elif not cell(row, "khabar_type"):  # only khabar's own rows may have no place: ACLED's always do
        raise ValueError("no country")
    fatalities = number(row, "fatalities", int)
    if fatalities is not None and fatalities < 0:
        raise ValueError(f"fatalities is negative: {fatalities}")
    said = cell(row, "source") or "ACLED"
    figures = (
        [RowFigure("killed", Count(fatalities, fatalities, str(fatalities)), said)] if fatalities else []
    )
    ev = RowEvent(type_, subtype, _date(row), place, _parties(row, type_), figures=figures)
    ev = apply_khabar_columns(row, ev)
    if ev.date is None and "khabar_date" not in row:
        raise ValueError("no event_date")
    return ev
