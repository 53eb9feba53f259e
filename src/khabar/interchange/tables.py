"""What the GTD- and ACLED-shaped tables share: the ``khabar_`` columns that keep what a codebook cannot say,
counts as text, the sentence that tells the figures apart, and CSV writing.

A codebook row holds one toll and one date precision; khabar holds every figure with who stated it, dates at
year precision, ranges. The ``khabar_`` columns after the codebook's own carry those exactly, so a file khabar
wrote reads back into the same events, while a tool that knows only the codebook reads its own columns and
ignores the rest. A real GTD or ACLED file has no ``khabar_`` columns and is read from the codebook columns.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from khabar.interchange.view import EventView, FigureView, StoreView
from khabar.model import EVENT_TYPES, Count, DateValue
from khabar.query.periods import precision_of

__all__ = [
    "KHABAR_COLUMNS",
    "format_count",
    "parse_count",
    "own_number",
    "figures_note",
    "ordered_figures",
    "khabar_columns",
    "write_csv",
    "source_names",
    "RowEvent",
    "RowPlace",
    "RowParty",
    "RowFigure",
    "cell",
    "number",
    "point",
    "apply_khabar_columns",
]

KHABAR_COLUMNS = (
    "khabar_event",
    "khabar_type",
    "khabar_subtype",
    "khabar_date",
    "khabar_place_kind",
    "khabar_killed",
    "khabar_wounded",
    "khabar_weapons",
    "khabar_targets",
    "khabar_participants",
    "khabar_figures",
)

_COUNT = re.compile(r"^\s*(?:(\d+)\s*-\s*(\d+)|(\d+)\s*\+|<=\s*(\d+)|(\d+))\s*$")


def format_count(c: dict[str, int | None] | Count | None) -> str:
    """ "12", "137+" (at least), "<=200" (up to), "12-20" (a range); "" for none."""
    if c is None:
        return ""
    lo, hi = (c.min, c.max) if isinstance(c, Count) else (c.get("min"), c.get("max"))
    if lo is not None and hi is not None:
        return str(lo) if lo == hi else f"{lo}-{hi}"
    if lo is not None:
        return f"{lo}+"
    if hi is not None:
        return f"<={hi}"
    return ""


def parse_count(text: str) -> Count | None:
    """The inverse of ``format_count``; raises ValueError on anything else."""
    if not text.strip():
        return None
    m = _COUNT.match(text)
    if not m:
        raise ValueError(f"not a count (12, 137+, <=200 or 12-20): {text!r}")
    lo_hi, hi_of_range, at_least, up_to, exact = m.groups()
    if lo_hi is not None:
        return Count(int(lo_hi), int(hi_of_range), text.strip())
    if at_least is not None:
        return Count(int(at_least), None, text.strip())
    if up_to is not None:
        return Count(None, int(up_to), text.strip())
    return Count(int(exact), int(exact), text.strip())


def own_number(c: dict[str, int | None] | None) -> int | None:
    """The one number a codebook column takes: the lowest stated ("at least 137" is 137), else the upper bound."""
    if not c:
        return None
    return c.get("min") if c.get("min") is not None else c.get("max")


def _phrase(f: FigureView) -> str:
    count = format_count({"min": f.min, "max": f.max})
    if count.endswith("+"):
        count = f"at least {count[:-1]}"
    elif count.startswith("<="):
        count = f"up to {count[2:]}"
    return f"{count} {f.field}"


def figures_note(ev: EventView) -> str:
    """Every figure with who stated it, claims marked: "officials said at least 4 killed; IS claimed 15 killed"."""
    parts = []
    for f in ev.figures:
        who = f.said_by or "a report"
        parts.append(f"{who} {'claimed' if f.claim else 'said'} {_phrase(f)}")
    return "; ".join(dict.fromkeys(parts))


def ordered_figures(view: StoreView, ev: EventView) -> list[FigureView]:
    """The event's figures oldest report first (as facts-json weighs them), so the last one that is not a claim
    is the event's own toll: a reader that keeps the last stated figure keeps the same toll."""
    order = {doc: i for i, doc in enumerate(view.documents)}

    def key(item: tuple[int, FigureView]) -> tuple[str, int, int]:
        i, f = item
        return (view.documents.get(f.document, {}).get("published") or "", order.get(f.document, 0), i)

    return [f for _i, f in sorted(enumerate(ev.figures), key=key)]


def khabar_columns(view: StoreView, ev: EventView) -> dict[str, str]:
    """The ``khabar_`` columns of one event's row."""
    date = ev.date_start or ""
    if date and ev.date_end:
        date = f"{date}/{ev.date_end}"
    parties = [{"role": p.role, "name": p.name, **({"type": p.type} if p.type else {})} for p in ev.parties]
    figures = [
        {"field": f.field, "min": f.min, "max": f.max, "said_by": f.said_by, "claim": f.claim,
         "document": f.document}
        for f in ordered_figures(view, ev)
    ]  # fmt: skip
    return {
        "khabar_event": ev.id,
        "khabar_type": ev.type,
        "khabar_subtype": ev.subtype or "",
        "khabar_date": date,
        "khabar_place_kind": (ev.place or {}).get("kind") or "",
        "khabar_killed": format_count(ev.killed),
        "khabar_wounded": format_count(ev.wounded),
        "khabar_weapons": "; ".join(ev.weapons),
        "khabar_targets": "; ".join(ev.targets),
        "khabar_participants": json.dumps(parties, ensure_ascii=False) if parties else "",
        "khabar_figures": json.dumps(figures, ensure_ascii=False) if figures else "",
    }


def source_names(view: StoreView, ev: EventView) -> list[str]:
    """The publications behind an event (a document's source, else its title, else its id), each once."""
    out = []
    for doc_id in ev.documents:
        d = view.documents.get(doc_id, {})
        out.append(d.get("source") or d.get("title") or doc_id)
    return list(dict.fromkeys(out))


def write_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buf.getvalue()


# -- reading rows -------------------------------------------------------------------------------------------


@dataclass
class RowPlace:
    name: str
    kind: str  # country | location | facility
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class RowParty:
    role: str
    name: str
    type: str | None = None  # an entity type; None: words naming people ("Civilians (Nigeria)")


@dataclass(frozen=True)
class RowFigure:
    field: str
    count: Count
    said_by: str | None = None
    claim: bool = False


@dataclass
class RowEvent:
    """One table row read as an event, before it becomes ``DocFacts``."""

    type: str
    subtype: str | None
    date: DateValue | None
    place: RowPlace | None
    parties: list[RowParty] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    figures: list[RowFigure] = field(default_factory=list)


def cell(row: dict[str, str | None], name: str) -> str:
    """A cell's text, stripped; "" for a missing column or an empty cell."""
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""


def number(row: dict[str, str | None], name: str, kind: type = float) -> Any:
    """A numeric cell, None when empty; a ValueError naming the column when it is not a number."""
    text = cell(row, name)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} is not a number: {text!r}") from None
    if kind is int:
        if value != int(value):
            raise ValueError(f"{name} is not a whole number: {text!r}")
        return int(value)
    return value


def point(row: dict[str, str | None]) -> tuple[float | None, float | None]:
    """The row's latitude and longitude: both or neither, on the globe."""
    lat, lon = number(row, "latitude"), number(row, "longitude")
    if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)):
        raise ValueError(f"latitude/longitude {lat}, {lon} are not a point")
    return lat, lon


def khabar_date(text: str) -> DateValue:
    start, _, end = text.partition("/")
    for part in (start, end):
        if part:
            precision_of(part)  # raises on a malformed date
    return DateValue(start, precision_of(start), end or None)  # type: ignore[arg-type]


def apply_khabar_columns(row: dict[str, str | None], ev: RowEvent) -> RowEvent:
    """Where a row carries khabar's own columns (a file khabar wrote), they win over the codebook's reading."""
    if cell(row, "khabar_type"):
        ev.type = cell(row, "khabar_type")
        ev.subtype = cell(row, "khabar_subtype") or None
        if ev.type not in EVENT_TYPES:
            raise ValueError(f"khabar_type {ev.type!r} is not a khabar event type")
    if "khabar_date" in row:
        ev.date = khabar_date(cell(row, "khabar_date")) if cell(row, "khabar_date") else None
    if ev.place is not None and cell(row, "khabar_place_kind") in ("country", "location", "facility"):
        ev.place.kind = cell(row, "khabar_place_kind")
    for name in ("weapons", "targets"):
        if f"khabar_{name}" in row:
            setattr(ev, name, [x.strip() for x in cell(row, f"khabar_{name}").split(";") if x.strip()])
    if cell(row, "khabar_participants"):
        try:
            items = json.loads(cell(row, "khabar_participants"))
            ev.parties = [RowParty(p["role"], p["name"], p.get("type")) for p in items]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"khabar_participants is not a list of participants: {exc}") from None
    if cell(row, "khabar_figures"):
        try:
            items = json.loads(cell(row, "khabar_figures"))
            ev.figures = [
                RowFigure(
                    f["field"], Count(f.get("min"), f.get("max")), f.get("said_by"), bool(f.get("claim"))
                )
                for f in items
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"khabar_figures is not a list of figures: {exc}") from None
    elif cell(row, "khabar_killed") or cell(row, "khabar_wounded"):
        ev.figures = [
            RowFigure(name, count)
            for name in ("killed", "wounded")
            if (count := parse_count(cell(row, f"khabar_{name}"))) is not None
        ]
    return ev
