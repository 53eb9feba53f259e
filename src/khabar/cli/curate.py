"""The curation commands: merge, split, reject, correct, alias, audit, undo, explain-merge, reprocess.

Each curating command needs ``--reason`` (the audit says why) and records ``--who`` (default ``KHABAR_USER``,
else the login name). Like every command here they are thin: ``Khabar`` does the work.
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

__all__ = ["COMMANDS"]

out = Console()
err = Console(stderr=True)

_reason = click.option("--reason", required=True, help="Why (recorded in the audit; required).")
_who = click.option("--who", default=None, help="Who curates (default: $KHABAR_USER, else the login name).")
_as_json = click.option("--json", "as_json", is_flag=True, help="The audit entry as JSON.")


def _kb(ctx: click.Context) -> Any:
    from khabar.cli.main import _open

    return _open(ctx)


def _done(entry: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(entry.to_dict(), ensure_ascii=False, indent=1, default=str))
        return
    out.print(f"audit {entry.id}: {entry.summary} — {entry.reason}", highlight=False, soft_wrap=True)
    if entry.after is not None:
        out.print(
            f"  now: {json.dumps(entry.after, ensure_ascii=False, default=str)}",
            highlight=False,
            soft_wrap=True,
        )


@click.command("merge-events")
@click.argument("a")
@click.argument("b")
@_reason
@_who
@_as_json
@click.pass_context
def merge_events(ctx: click.Context, a: str, b: str, reason: str, who: str | None, as_json: bool) -> None:
    """Make events A and B (v12 v34) one event; it stays one whatever later reports say."""
    _done(_kb(ctx).merge_events(a, b, reason=reason, who=who), as_json)


@click.command("split-event")
@click.argument("event")
@click.argument("document")
@_reason
@_who
@_as_json
@click.pass_context
def split_event(
    ctx: click.Context, event: str, document: str, reason: str, who: str | None, as_json: bool
) -> None:
    """Take DOCUMENT's report out of EVENT (v12): it is kept apart from the event's other reports."""
    _done(_kb(ctx).split_event(event, document, reason=reason, who=who), as_json)


@click.command("reject")
@click.argument("kind", type=click.Choice(["event", "relation", "figure", "alias"]))
@click.argument("target")
@click.argument("alias", required=False)
@click.option("--document", help="figure: the document that stated it.")
@click.option("--field", type=click.Choice(["killed", "wounded"]), default="killed", show_default=True)
@click.option("--value", type=int, help="figure: the number rejected.")
@_reason
@_who
@_as_json
@click.pass_context
def reject(
    ctx: click.Context,
    kind: str,
    target: str,
    alias: str | None,
    document: str | None,
    field: str,
    value: int | None,
    reason: str,
    who: str | None,
    as_json: bool,
) -> None:
    """Reject a fact; it never comes back, not even when its documents are re-extracted.

    \b
      khabar reject event v12 --reason "…"
      khabar reject relation r5 --reason "…"
      khabar reject figure v12 --document DOC --field killed --value 100 --reason "…"
      khabar reject alias ENTITY "WRONG NAME" --reason "…"
    """
    entry = _kb(ctx).reject(
        kind, target, reason=reason, who=who, document=document, field=field, value=value, alias=alias
    )
    _done(entry, as_json)


@click.command("correct")
@click.argument("event")
@click.argument("slot", type=click.Choice(["date", "place", "killed", "wounded", "perpetrator", "type"]))
@click.argument("value")
@click.option("--country", help="place: its country.")
@click.option("--admin1", help="place: its province or state.")
@click.option("--lat", type=float, help="place: latitude.")
@click.option("--lon", type=float, help="place: longitude.")
@_reason
@_who
@_as_json
@click.pass_context
def correct(
    ctx: click.Context,
    event: str,
    slot: str,
    value: str,
    country: str | None,
    admin1: str | None,
    lat: float | None,
    lon: float | None,
    reason: str,
    who: str | None,
    as_json: bool,
) -> None:
    """Correct one slot of EVENT: date (2023-01-30), place (a name), killed or wounded (84, "at least 84",
    "up to 90", 84-90), perpetrator (an entity's name, or words) or type."""
    given: Any = value
    if slot == "place":
        given = {"name": value, "country": country, "admin1": admin1, "lat": lat, "lon": lon}
    _done(_kb(ctx).correct_event(event, slot, given, reason=reason, who=who), as_json)


@click.command("merge-entities")
@click.argument("into")
@click.argument("other")
@_reason
@_who
@_as_json
@click.pass_context
def merge_entities(
    ctx: click.Context, into: str, other: str, reason: str, who: str | None, as_json: bool
) -> None:
    """Make OTHER part of INTO (names or e12): every name, mention and tie; later reports of either join it."""
    _done(_kb(ctx).merge_entities(into, other, reason=reason, who=who), as_json)


@click.command("add-alias")
@click.argument("entity")
@click.argument("alias")
@_reason
@_who
@_as_json
@click.pass_context
def add_alias(
    ctx: click.Context, entity: str, alias: str, reason: str, who: str | None, as_json: bool
) -> None:
    """Give ENTITY another name ALIAS (later reports using it join the entity)."""
    _done(_kb(ctx).add_alias(entity, alias, reason=reason, who=who), as_json)


@click.command("audit")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.pass_context
def audit(ctx: click.Context, limit: int, offset: int, as_json: bool) -> None:
    """Every curation, newest first: who, when, what, why, and whether it was undone."""
    entries = _kb(ctx).audit(limit=limit, offset=offset)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=1, default=str))
        return
    table = Table(title=f"{len(entries)} audit entries")
    for col in ("id", "when", "who", "what", "why", "state"):
        table.add_column(col, overflow="fold")
    for e in entries:
        state = (
            f"undone by {e.undone_by}"
            if e.undone_by
            else ("undoes " + str(e.undo_of) if e.undo_of else "in force")
        )
        table.add_row(
            str(e.id), e.at.replace("T", " ").replace("+00:00", "Z"), e.who, e.summary, e.reason, state
        )
    out.print(table)


@click.command("undo")
@click.argument("audit_id", type=int)
@click.option("--reason", default="undone", show_default=True, help="Why (recorded in the audit).")
@_who
@_as_json
@click.pass_context
def undo(ctx: click.Context, audit_id: int, reason: str, who: str | None, as_json: bool) -> None:
    """Reverse curation AUDIT_ID (`khabar audit` lists them); undoing an undo puts it back."""
    _done(_kb(ctx).undo(audit_id, reason=reason, who=who), as_json)


@click.command("explain-merge")
@click.argument("a")
@click.argument("b")
@click.option("--json", "as_json", is_flag=True, help="The whole explanation as JSON.")
@click.pass_context
def explain_merge(ctx: click.Context, a: str, b: str, as_json: bool) -> None:
    """Why two events (v12 v34) or two entities (names or e12) are one, or are not."""
    why = _kb(ctx).explain_merge(a, b)
    if as_json:
        click.echo(json.dumps(why, ensure_ascii=False, indent=1, default=str))
        return
    out.print(why["verdict"], highlight=False, soft_wrap=True)
    if why["kind"] == "events":
        for p in why["pairs"][:6]:
            left, right = p["a"], p["b"]
            head = f"  {left['document']} / {right['document']}: "
            head += p["cannot"] if p["cannot"] else f"score {p['score']:.1f}"
            if p["curator"]:
                head += f" ({p['curator']} by a curator)"
            out.print(head, highlight=False, soft_wrap=True)
            for r in p["reasons"]:
                out.print(f"    {r}", highlight=False, soft_wrap=True)
    else:
        for side in ("a", "b"):
            e = why[side]
            out.print(f"  {e['id']} {e['name']} ({e['type']})", highlight=False)
            for n in e["names"]:
                out.print(f"    {n['name']}: {n['how'] or n['source']}", highlight=False, soft_wrap=True)
            if why["same"]:
                break


@click.command("reprocess")
@click.option(
    "--since-version",
    metavar="COMPONENT.vN",
    help="Only documents whose facts an older version of this component made (e.g. khabar.events.v2); "
    "default: every document not made by the current extraction.",
)
@click.option("--quiet", "-q", is_flag=True, help="Summary only.")
@click.pass_context
def reprocess(ctx: click.Context, since_version: str | None, quiet: bool) -> None:
    """Extract stored documents again with the current extractor (from their stored text and metadata) and
    re-resolve their events and entities; curations hold. Resumable: a killed run goes on where it stopped.

    Exit status 1 when any document failed; the others are reprocessed all the same."""
    kb = _kb(ctx)

    def note(o: Any) -> None:
        if o.status == "failed":
            err.print(
                f"[red]failed[/red] {o.document}: {o.reason}", markup=True, highlight=False, soft_wrap=True
            )
        elif not quiet:
            out.print(f"reprocessed {o.document}: {o.entities} entities, {o.events} events, {o.relations} relations",
                      highlight=False)  # fmt: skip

    report = kb.reprocess(since_version=since_version, on_outcome=note)
    out.print(f"reprocessed {len(report.ingested)}, failed {len(report.failed)}", highlight=False)
    if not report.ok:
        ctx.exit(1)


COMMANDS = (
    merge_events,
    split_event,
    reject,
    correct,
    merge_entities,
    add_alias,
    audit,
    undo,
    explain_merge,
    reprocess,
)
