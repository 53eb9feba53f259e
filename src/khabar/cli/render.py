"""Rich renderings of query results for the terminal (no logic: formatting only)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from khabar.query.dossier import Dossier, RelationLine
from khabar.query.lookup import Citation, EntityRow, EventRow

__all__ = ["render_entities", "render_events", "render_dossier", "fmt_count", "fmt_period"]

RELATION_LABELS = {
    ("leader_of", "in"): "Leaders",
    ("deputy_of", "in"): "Deputies",
    ("member_of", "in"): "Members",
    ("branch_of", "out"): "Parent",
    ("branch_of", "in"): "Branches",
    ("allegiance_to", "out"): "Allegiance to",
    ("allegiance_to", "in"): "Allegiance from",
    ("rival_of", "out"): "Rivals",
    ("rival_of", "in"): "Rivals",
    ("ally_of", "out"): "Allies",
    ("ally_of", "in"): "Allies",
    ("supports", "in"): "Supported by",
    ("supports", "out"): "Supports",
    ("recruits_from", "out"): "Recruits from",
    ("recruits_from", "in"): "Recruited from by",
    ("hostile_to", "out"): "Hostile to",
    ("hostile_to", "in"): "Hostility from",
    ("governs", "out"): "Governs",
    ("governs", "in"): "Governed by",
    ("leader_of", "out"): "Leads",
    ("deputy_of", "out"): "Deputy of",
    ("member_of", "out"): "Member of",
}


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
        table.add_row(f"e{r.id}", r.name, r.type, ", ".join(r.aliases[:8]), str(r.mentions), str(r.documents))
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
    return Text.assemble(("    ↳ ", "dim"), (f"[{c.document}:{c.start}-{c.end}] ", "cyan"), (snippet, "dim"))


def _relation_line(console: Console, r: RelationLine) -> None:
    period = fmt_period(r.start, r.end)
    line = Text.assemble(
        ("  • ", ""),
        (r.other_name, "bold"),
        (f" ({r.other_type})", "dim"),
        (f"  {period}" if period else "", "yellow"),
    )
    console.print(line)
    for c in r.citations[:3]:
        console.print(_cite(c))


def render_dossier(console: Console, d: Dossier) -> None:
    console.print(Text.assemble((d.name, "bold underline"), (f"  [{d.type}]  e{d.id}", "dim")))
    if d.aliases:
        console.print(Text.assemble(("Also known as: ", "bold"), ", ".join(d.aliases)))
    seen_labels: dict[str, list[RelationLine]] = {}
    for r in d.relations:
        label = RELATION_LABELS.get((r.type, r.direction), f"{r.type} ({r.direction})")
        seen_labels.setdefault(label, []).append(r)
    for label, lines in seen_labels.items():
        console.print(Text(label, style="bold"))
        for r in lines:
            _relation_line(console, r)
    if d.events:
        console.print(Text(f"Events ({len(d.events)}, newest first)", style="bold"))
        for line in d.events:
            e = line.event
            kind = e.type + (f"/{e.subtype}" if e.subtype else "")
            where = ", ".join(x for x in dict.fromkeys([e.place, e.country]) if x)
            toll = []
            if e.killed:
                toll.append(f"killed {fmt_count(e.killed)}")
            if e.wounded:
                toll.append(f"wounded {fmt_count(e.wounded)}")
            console.print(
                Text.assemble(
                    ("  • ", ""),
                    (e.date_start or "date unknown", "yellow"),
                    (f"  {kind}", "bold"),
                    (f"  {where}" if where else "", ""),
                    (f"  as {', '.join(line.roles)}", "dim"),
                    (f"  ({'; '.join(toll)})" if toll else "", "red"),
                )
            )
            if len({(f["field"], f["min"], f["max"]) for f in line.figures}) > 1:
                for f in line.figures:
                    console.print(
                        Text(
                            f"      {f['field']} {fmt_count((f['min'], f['max']))} "
                            f"according to {f['document']}",
                            style="dim",
                        )
                    )
            for c in line.citations[:2]:
                console.print(_cite(c))
    if d.documents:
        console.print(Text(f"Documents ({len(d.documents)})", style="bold"))
        for doc in d.documents[:20]:
            console.print(f"  • {doc['id']}  {doc['published'] or ''}  {doc['title'] or ''}", highlight=False)
