"""Rich renderings of query results for the terminal (no logic: formatting only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from khabar.explain import Answer
from khabar.query.dossier import Dossier, EventLine, RelationLine
from khabar.query.lookup import Citation, EntityRow, EventRow
from khabar.query.timeline import TimelineItem

__all__ = [
    "render_entities",
    "render_events",
    "render_dossier",
    "render_timeline",
    "render_answer",
    "fmt_count",
    "fmt_period",
]

MAX_CITES = 3  # citations printed under one line (the JSON has them all)


def fmt_count(c: tuple[int | None, int | None] | None) -> str:
    if c is None:
        return ""
    lo, hi = c
    if lo is not None and hi is not None:
        return str(lo) if lo == hi else f"{lo}–{hi}"
    if lo is not None:
        return f"≥{lo}"
    return f"≤{hi}" if hi is not None else ""


def fmt_period(start: str | None, end: str | None) -> str:
    if not start and not end:
        return ""
    return f"{start or '?'} – {end or ''}".rstrip()


def render_entities(rows: Sequence[EntityRow]) -> Table:
    table = Table(title=f"{len(rows)} entities", show_lines=False)
    for col in ("id", "name", "type", "aliases", "mentions", "docs"):
        table.add_column(col, overflow="fold")
    for r in rows:
        shown = sorted(r.aliases, key=len)[:4]  # the short forms; `khabar show` lists them all
        more = f" (+{len(r.aliases) - len(shown)})" if len(r.aliases) > len(shown) else ""
        table.add_row(f"e{r.id}", r.name, r.type, ", ".join(shown) + more, str(r.mentions), str(r.documents))
    return table


def render_events(rows: Sequence[EventRow]) -> Table:
    table = Table(title=f"{len(rows)} events")
    for col in ("id", "date", "type", "place", "participants", "killed", "wounded"):
        table.add_column(col, overflow="fold")
    for e in rows:
        kind = e.type + (f"/{e.subtype}" if e.subtype else "")
        place = ", ".join(x for x in dict.fromkeys([e.place, e.country]) if x)
        parts = "; ".join(f"{name} ({role})" for role, name in e.participants)
        table.add_row(
            f"v{e.id}", e.date_start or "", kind, place, parts, fmt_count(e.killed), fmt_count(e.wounded)
        )
    return table


def _cite(c: Citation, width: int = 110) -> Text:
    snippet = c.text if len(c.text) <= width else c.text[: width - 1] + "…"
    when = f" {c.published}" if c.published else ""
    return Text.assemble(
        ("    ↳ ", "dim"), (f"[{c.document}{when} @{c.start}-{c.end}] ", "cyan"), (snippet, "dim")
    )


def _ended(r: RelationLine) -> str:
    if r.ended is None:
        return ""
    return f"  ended: {r.ended.type} {r.ended.date or '(date unknown)'} [v{r.ended.event_id}]"


def _relation_line(console: Console, r: RelationLine) -> None:
    period = fmt_period(r.start, r.end)
    if r.as_of and not r.end and r.ended is None:
        period = (period + "  " if period else "") + f"current as of {r.as_of}"
    line = Text.assemble(
        ("  • ", ""),
        (r.other_name, "bold"),
        (f" ({r.other_type})", "dim"),
        (f"  {period}" if period else "", "yellow"),
        (_ended(r), "red"),
    )
    console.print(line)
    for c in r.citations[:MAX_CITES]:
        console.print(_cite(c))
    if r.ended is not None:
        shown = {(c.document, c.start) for c in r.citations[:MAX_CITES]}
        for c in r.ended.citations[:1]:
            if (c.document, c.start) not in shown:
                console.print(_cite(c))


def _toll(killed: tuple[int | None, int | None] | None, wounded: tuple[int | None, int | None] | None) -> str:
    toll = []
    if killed:
        toll.append(f"killed {fmt_count(killed)}")
    if wounded:
        toll.append(f"wounded {fmt_count(wounded)}")
    return f"  ({'; '.join(toll)})" if toll else ""


def _event_line(console: Console, line: EventLine) -> None:
    e = line.event
    kind = e.type + (f"/{e.subtype}" if e.subtype else "")
    where = ", ".join(x for x in dict.fromkeys([e.place, e.country]) if x)
    date = e.date_start + (f"–{e.date_end}" if e.date_end else "") if e.date_start else "undated"
    console.print(
        Text.assemble(
            ("  • ", ""),
            (date, "yellow"),
            (f"  {kind}", "bold"),
            (f"  {where}" if where else "", ""),
            (f"  as {', '.join(line.roles)}", "dim"),
            (_toll(e.killed, e.wounded), "red"),
            (f"  v{e.id}", "dim"),
        )
    )
    if line.conflicting:  # reports differ: every value with its (first) source
        groups: dict[tuple[str, int | None, int | None], list[dict[str, Any]]] = {}
        for f in line.figures:
            groups.setdefault((f["field"], f["min"], f["max"]), []).append(f)
        for (field, lo, hi), fs in groups.items():
            f = fs[0]
            more = f" and {len(fs) - 1} more report(s)" if len(fs) > 1 else ""
            console.print(
                Text(
                    f"      {field} {fmt_count((lo, hi))} according to {f['document']}"
                    f" ({f['published'] or 'undated'}){more}" + (f": {f['text']}" if f.get("text") else ""),
                    style="dim",
                )
            )
    for c in line.citations[:2]:
        console.print(_cite(c))


def render_dossier(console: Console, d: Dossier) -> None:
    console.print(Text.assemble((d.name, "bold underline"), (f"  [{d.type}]  e{d.id}", "dim")))
    if d.aliases:
        console.print(Text.assemble(("Also known as: ", "bold"), ", ".join(d.aliases)))
    for label, lines in d.sections():
        console.print(Text(label, style="bold"))
        for r in lines:
            _relation_line(console, r)
    if d.events:
        more = f", {len(d.events)} shown" if d.events_total > len(d.events) else ""
        console.print(Text(f"Events ({d.events_total or len(d.events)}{more}, newest first)", style="bold"))
        for line in d.events:
            _event_line(console, line)
    if d.documents:
        console.print(Text(f"Documents ({d.documents_total or len(d.documents)})", style="bold"))
        for doc in d.documents[:20]:
            console.print(f"  • {doc['id']}  {doc['published'] or ''}  {doc['title'] or ''}", highlight=False)


def render_timeline(console: Console, items: Sequence[TimelineItem], title: str = "") -> None:
    console.print(Text(title or f"Timeline ({len(items)} items)", style="bold"))
    for it in items:
        console.print(
            Text.assemble(
                ("  • ", ""),
                (f"{it.date or 'undated':<10}", "yellow"),
                (f"  {it.label}", "bold"),
                (f"  {it.summary}", ""),
                (_toll(it.killed, it.wounded), "red"),
            )
        )
        for c in it.citations[:2]:
            console.print(_cite(c))


def render_answer(console: Console, a: Answer) -> None:
    console.print(Text(a.question, style="bold"))
    console.print(a.answer, highlight=False, soft_wrap=True)
    for i, c in enumerate(a.citations, 1):
        when = f" {c.published}" if c.published else ""
        console.print(
            Text.assemble(
                (f"  [{i}] ", "cyan"), (f"{c.document}{when} @{c.start}-{c.end}: ", "cyan"), c.text
            ),
            soft_wrap=True,
        )
