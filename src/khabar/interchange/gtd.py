"""GTD-shaped CSV: khabar's incidents in the Global Terrorism Database's columns, and GTD rows read back.

Only events that are GTD incidents (``codebooks.GTD_EVENT_TYPES``) become rows. A claim of responsibility shows
in ``claimed`` (and ``compclaim`` when several groups claimed it); every figure with who stated it, claims
marked, is in ``addnotes``; the ``khabar_`` columns keep what the codebook cannot say.
"""

from __future__ import annotations

import re
from collections import Counter

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
    write_csv,
)
from khabar.interchange.view import SIDE_ONE, SIDE_TWO, EventView, StoreView
from khabar.model import Count, DateValue
from khabar.query.periods import span

__all__ = ["GTD_COLUMNS", "gtd_csv", "gtd_event", "REQUIRED"]

GTD_COLUMNS = (
    "eventid", "iyear", "imonth", "iday", "approxdate", "extended", "resolution", "country_txt", "provstate",
    "city", "latitude", "longitude", "specificity", "vicinity", "location", "summary", "suicide", "attacktype1",
    "attacktype1_txt", "targtype1", "targtype1_txt", "target1", "gname", "gname2", "gname3", "claimed",
    "compclaim", "weaptype1", "weaptype1_txt", "weapdetail", "nkill", "nwound", "addnotes", "scite1", "scite2",
    "scite3", "dbsource",
)  # fmt: skip
REQUIRED = ("iyear", "country_txt")
_SUICIDE = re.compile(r"\bsuicide\b", re.IGNORECASE)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def _approx(ev: EventView) -> str:
    """GTD's approxdate: the date as the sources give it, where it is not one exact day."""
    if not ev.date_start or (ev.precision == "day" and not ev.date_end):
        return ""
    start = ev.date_start
    text = (
        start
        if len(start) == 4
        else f"{_MONTHS[int(start[5:7]) - 1]} {start[:4]}"
        if len(start) == 7
        else start
    )
    return f"{text} to {ev.date_end}" if ev.date_end else text


def _cite(view: StoreView, doc_id: str) -> str:
    d = view.documents.get(doc_id, {})
    parts = [d.get("title") or doc_id, d.get("source"), d.get("published"), d.get("path")]
    return ", ".join(str(p) for p in parts if p)


def _row(view: StoreView, ev: EventView, seq: int) -> dict[str, object]:
    place = ev.place or {}
    start = ev.date_start or ""
    year, month, day = start[:4], start[5:7], start[8:10]
    bounds = span(ev.date_start, ev.date_end)
    extended = bool(bounds and ev.date_end and bounds[1] > bounds[0] and ev.precision == "day")
    perps = [p for p in ev.side(SIDE_ONE) if p.role != "authority"]
    groups = [p.name for p in perps if p.type in ("armed_group", "organization", "person", "country")]
    gnames = groups or [p.name for p in perps] or ["Unknown"]
    two = ev.side(SIDE_TWO)
    target_type = cb.gtd_target_type(
        ev.targets, [p.name for p in two], [p.type for p in two], [e["text"] for e in ev.evidence]
    )
    attack = cb.gtd_attack_type(ev.type, ev.subtype)
    weapon = cb.gtd_weapon_type(ev.weapons, ev.type, ev.subtype)
    claimants = ev.claimants()
    kind = place.get("kind")
    located = place.get("lat") is not None and kind != "country"
    evidence = " ".join(e["text"] for e in ev.evidence)
    row: dict[str, object] = {
        "eventid": f"{year or '0000'}{month or '00'}{day or '00'}{seq:04d}",
        "iyear": year,
        "imonth": int(month) if month else (0 if year else ""),
        "iday": int(day) if day else (0 if year else ""),
        "approxdate": _approx(ev),
        "extended": int(extended),
        "resolution": bounds[1].isoformat() if extended and bounds else "",
        "country_txt": place.get("country") or "",
        "provstate": place.get("admin1") or "",
        "city": place.get("name") if kind == "location" else "",
        "latitude": place.get("lat") if located else "",
        "longitude": place.get("lon") if located else "",
        "specificity": "" if not place else 1 if located else 5,
        "vicinity": 0,
        "location": place.get("name") if kind == "facility" else "",
        "summary": f"{start or 'undated'}: {ev.evidence[0]['text']}" if ev.evidence else "",
        "suicide": int(bool(_SUICIDE.search(evidence + " " + " ".join(ev.weapons)))),
        "attacktype1": attack,
        "attacktype1_txt": cb.GTD_ATTACK_TYPES[attack],
        "targtype1": target_type,
        "targtype1_txt": cb.GTD_TARGET_TYPES[target_type],
        "target1": "; ".join(ev.targets or [p.name for p in two]),
        "gname": gnames[0],
        "gname2": gnames[1] if len(gnames) > 1 else "",
        "gname3": gnames[2] if len(gnames) > 2 else "",
        "claimed": int(bool(claimants)),
        "compclaim": int(len(claimants) > 1),
        "weaptype1": weapon,
        "weaptype1_txt": cb.GTD_WEAPON_TYPES[weapon],
        "weapdetail": "; ".join(ev.weapons),
        "nkill": own_number(ev.killed),
        "nwound": own_number(ev.wounded),
        "addnotes": figures_note(ev) + (f". Claimed by {', '.join(claimants)}." if claimants else ""),
        "dbsource": "khabar",
    }
    for i, doc in enumerate(ev.documents[:3], start=1):
        row[f"scite{i}"] = _cite(view, doc)
    row.update(khabar_columns(view, ev))
    return row


def gtd_csv(view: StoreView) -> str:
    """Every GTD incident as a row, oldest first; ``eventid`` is the date and a count within it, as GTD's."""
    events = [e for e in view.events if e.type in cb.GTD_EVENT_TYPES]
    events.sort(key=lambda e: (e.date_start is None, e.date_start or "", int(e.id[1:])))
    seen: Counter[str] = Counter()
    rows = []
    for ev in events:
        key = (ev.date_start or "")[:10]
        seen[key] += 1
        rows.append(_row(view, ev, seen[key]))
    return write_csv((*GTD_COLUMNS, *KHABAR_COLUMNS), rows)


# -- reading ------------------------------------------------------------------------------------------------


def _date(row: dict[str, str | None]) -> DateValue | None:
    year = number(row, "iyear", int)
    if year is None:
        return None
    month, day = number(row, "imonth", int) or 0, number(row, "iday", int) or 0
    if not 0 <= month <= 12 or not 0 <= day <= 31 or year < 1000:
        raise ValueError(f"iyear/imonth/iday {year}/{month}/{day} is not a date")
    start = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")
    precision = "day" if month and day else "month" if month else "year"
    end = cell(row, "resolution") if cell(row, "extended") == "1" and precision == "day" else ""
    return DateValue(start, precision, end[:10] or None)  # type: ignore[arg-type]


def _attack(row: dict[str, str | None]) -> tuple[str, str | None]:
    code = number(row, "attacktype1", int)
    if code is None:
        text = cell(row, "attacktype1_txt").lower()
        code = next((c for c, label in cb.GTD_ATTACK_TYPES.items() if label.lower() == text), 9)
    if code not in cb.GTD_ATTACK_TYPES:
        raise ValueError(f"attacktype1 must be a GTD attack type 1-9, not {code}")
    return cb.khabar_of_gtd_attack(code)


def gtd_event(row: dict[str, str | None]) -> RowEvent:
    """One GTD row as an event; ValueError says what is wrong with a row that cannot be one."""
    type_, subtype = _attack(row)
    country = cell(row, "country_txt")
    lat, lon = point(row)
    place = None
    if country:
        city, site = cell(row, "city"), cell(row, "location")
        facility = cell(row, "khabar_place_kind") == "facility" and site
        name = site if facility else city if city and city.lower() != "unknown" else country
        kind = "facility" if facility else "location" if name != country else "country"
        place = RowPlace(name, kind, cell(row, "provstate") or None, country, lat, lon)
    elif not cell(row, "khabar_type"):  # only khabar's own rows may have no place: GTD's always do
        raise ValueError("no country_txt")
    parties: list[RowParty] = []
    claimed = cell(row, "claimed") == "1"
    for col in ("gname", "gname2", "gname3"):
        group = cell(row, col)
        if group and group.lower() != "unknown":
            parties.append(RowParty("perpetrator", group, "armed_group"))
            if claimed and col == "gname":
                parties.append(RowParty("claimant", group, "armed_group"))
    targets = [t.strip() for t in cell(row, "target1").split(";") if t.strip()]
    weapons = [w.strip() for w in cell(row, "weapdetail").split(";") if w.strip()]
    if not weapons and cell(row, "weaptype1_txt") and cell(row, "weaptype1_txt") != "Unknown":
        weapons = [cell(row, "weaptype1_txt").split(" (")[0].lower()]
    said = cell(row, "dbsource") or "GTD"
    figures = []
    for col, field in (("nkill", "killed"), ("nwound", "wounded")):
        n = number(row, col, int)
        if n is not None and n >= 0:
            figures.append(RowFigure(field, Count(n, n, str(n)), said))
    ev = RowEvent(type_, subtype, _date(row), place, parties, weapons, targets, figures)
    return apply_khabar_columns(row, ev)
