"""The ``khabar`` command: a thin shell over ``Khabar``; it parses options and prints, nothing more."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from khabar.api import EXPORT_FORMATS, ID_TAKEN, DocumentOutcome, IngestReport, Khabar, default_db
from khabar.cli.render import render_answer, render_dossier, render_entities, render_events, render_timeline
from khabar.errors import KhabarError
from khabar.query.filters import date_problem

__all__ = ["main", "cli"]

out = Console()
err = Console(stderr=True)


def _iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date like 2024-03-26") from exc


def _date_filter(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--since/--until: the same rule as the API's (``query.filters.date_problem``), refused before any query."""
    if value is None:
        return None
    problem = date_problem(value)
    if problem is not None:
        raise click.BadParameter(problem)
    return value


def _safe(text: object) -> str:
    """Untrusted text (a path, an id, a reason quoting either) as it may be printed: no escape sequences, no
    line breaks, no bidirectional overrides, no Rich markup."""
    plain = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )
    return escape(plain)


def _print_failure(o: DocumentOutcome) -> None:
    """``failed SOURCE: reason`` on stderr, safe to print, with how to replace a document whose id is taken."""
    hint = "; --replace updates it" if o.code == ID_TAKEN else ""
    err.print(
        f"[red]failed[/red] {_safe(o.source)}: {_safe(o.reason)}{hint}",
        markup=True,
        highlight=False,
        soft_wrap=True,
    )


def _open(ctx: click.Context) -> Khabar:
    obj: dict[str, Any] = ctx.ensure_object(dict)
    if "kb" not in obj:
        obj["kb"] = Khabar(
            obj["db"],
            max_bytes=obj.get("max_bytes"),
            gazetteer=obj.get("gazetteer"),
            patterns=obj.get("patterns"),
        )
        ctx.call_on_close(obj["kb"].close)
    kb: Khabar = obj["kb"]
    return kb


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="KHABAR_DB",
    default=None,
    metavar="PATH|URL",
    help="SQLite file (default khabar.db) or SQLAlchemy URL; also KHABAR_DB.",
)
@click.option(
    "--max-bytes",
    envvar="KHABAR_MAX_BYTES",
    type=click.IntRange(min=1),
    default=None,
    help="Largest input file to read (default 20 MB); also KHABAR_MAX_BYTES.",
)
@click.option(
    "--gazetteer",
    "gazetteers",
    multiple=True,
    metavar="FILE",
    help="Your own groups, people, aliases and places (JSON lines, as the bundled gazetteer; repeatable); "
    "also KHABAR_GAZETTEER.",
)
@click.option(
    "--patterns",
    default=None,
    metavar="FILE",
    help="Your own frame lexicon (YAML, as extract/data/frames.yaml): relation patterns and word lists added to "
    "the bundled ones; also KHABAR_PATTERNS.",
)
@click.version_option(package_name="khabar")
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    max_bytes: int | None,
    gazetteers: tuple[str, ...],
    patterns: str | None,
) -> None:
    """khabar: build an evidence-linked knowledge graph of armed actors and events from news articles."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db or default_db()
    ctx.obj["max_bytes"] = max_bytes
    ctx.obj["gazetteer"] = list(gazetteers) or None  # None: Khabar reads KHABAR_GAZETTEER
    ctx.obj["patterns"] = patterns  # None: the lexicon reads KHABAR_PATTERNS


def _paths_or_urls(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[Any, ...]:
    """Web addresses stay text; everything else is a path."""
    from khabar.ingest.fetch import is_url

    return tuple(v if is_url(v) else Path(v) for v in values)


@cli.command()
@click.argument("paths", nargs=-1, required=True, callback=_paths_or_urls, metavar="PATH|URL...")
@click.option(
    "--published",
    callback=_iso_date,
    metavar="YYYY-MM-DD",
    help="Publication date for every document (wins over sidecars).",
)
@click.option("--replace", is_flag=True, help="Replace documents whose id is stored with other text.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Follow symbolic links that lead out of the folders given (by default they are skipped and listed).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no per-document lines; summary only.")
@click.option(
    "--no-gate",
    is_flag=True,
    help="Parse every document; by default one with no sign of armed conflict is stored as text only.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Read and extract on a Dask cluster of N worker processes started on this machine.",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Read and extract on a running Dask cluster (its workers must see these files and the database).",
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    published: date | None,
    replace: bool,
    follow_links: bool,
    quiet: bool,
    no_gate: bool,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Read articles (text, HTML, RSS/Atom, JSONL, folders, or web addresses of pages and feeds) into the store.

    Every path not read is named (skipped, with why), every duplicate with the document it repeats. Exit status
    1 when any document failed; the others are stored all the same. Nothing to store: no database is created."""
    if workers is not None and scheduler is not None:
        raise click.UsageError("give --workers or --scheduler, not both")
    kb = _open(ctx)
    kb.gate = not no_gate
    files = kb.discover([p for p in paths if isinstance(p, Path)], follow_links=follow_links)
    show_bar = not quiet and len(files) > 1 and err.is_terminal

    def note(o: DocumentOutcome) -> None:
        if o.status == "failed":
            _print_failure(o)
        elif o.status in ("skipped", "duplicate") and not quiet:
            err.print(f"{o.status} {_safe(o.source)}: {_safe(o.reason)}", highlight=False, soft_wrap=True)

    def run(on_outcome: Callable[[DocumentOutcome], None]) -> IngestReport:
        return kb.ingest(
            paths,
            published=published,
            replace=replace,
            follow_links=follow_links,
            on_outcome=on_outcome,
            workers=workers,
            scheduler=scheduler,
        )

    if show_bar:
        with Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None)

            def tick(o: DocumentOutcome) -> None:
                note(o)
                bar.advance(task)

            report = run(tick)
    else:
        report = run(note)
    if not quiet:
        for o in report.ingested:
            found = f"{o.entities} entities, {o.events} events, {o.relations} relations"
            out.print(
                f"ingested {_safe(o.document)}: {found if o.relevant else 'not about armed conflict (text only)'}",
                highlight=False,
                markup=False,
            )
    out.print(report.summary(), highlight=False)
    if not report.ok:
        ctx.exit(1)


@cli.command()
@click.argument("feeds", nargs=-1, required=True, metavar="FEED_URL...")
@click.option("--every", default="15m", show_default=True, help="How often to poll each feed (90s, 15m, 1h).")
@click.option("--once", is_flag=True, help="Poll every feed once, due or not, and exit (for cron).")
@click.pass_context
def watch(ctx: click.Context, feeds: tuple[str, ...], every: str, once: bool) -> None:
    """Follow RSS/Atom feeds: poll each with a conditional GET, ingest the items not read before (an item with
    only a summary is read from the page it links to), and remember where it got to in the store, so a
    restart goes on where it stopped. A failing feed is polled less often until it answers again. Stop with
    Ctrl-C (or SIGTERM); one line per poll on standard error."""
    import logging
    import signal
    import threading

    from khabar.ingest.feeds import parse_interval
    from khabar.ingest.fetch import is_url

    bad = [f for f in feeds if not is_url(f)]
    if bad:
        raise click.BadParameter(f"not an http(s) address: {bad[0]}", param_hint="FEED_URL")
    interval = parse_interval(every)
    kb = _open(ctx)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if once:
        polls = kb.poll_feeds(list(feeds), every=interval, force=True)
        ctx.exit(1 if any(p.status == "error" or not p.report.ok for p in polls) else 0)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    err.print(f"watching {len(feeds)} feeds every {every}; Ctrl-C to stop", highlight=False)
    try:
        kb.watch(list(feeds), every=interval, stop=stop)
    except KeyboardInterrupt:
        err.print("stopped", highlight=False)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled-csv", "gtd-csv"]),
    required=True,
    help="acled-csv: ACLED's export columns; gtd-csv: the Global Terrorism Database's (see docs/formats.md).",
)
@click.option("--published", callback=_iso_date, metavar="YYYY-MM-DD", help="Date of the dataset's release.")
@click.option(
    "--encoding", default="utf-8", show_default=True, help="The files' encoding (GTD's CSV: latin-1)."
)
@click.option("--replace", is_flag=True, help="Replace a file imported before under the same name.")
@click.pass_context
def import_(
    ctx: click.Context,
    files: tuple[Path, ...],
    fmt: str,
    published: date | None,
    encoding: str,
    replace: bool,
) -> None:
    """Import GTD- or ACLED-shaped CSV tables: each row becomes an event cited to its row, resolved together
    with the events of news reports (the same attack in a table and in a report is one event).

    A bad row is reported on its own line and skipped; the file's other rows are stored. Exit status 1 when
    any row or file failed."""
    report = _open(ctx).import_table(files, fmt, published=published, encoding=encoding, replace=replace)
    for o in report.failed:
        _print_failure(o)
    for o in report.ingested:
        out.print(
            f"imported {o.source} as {o.document}: {o.events} events, {o.entities} entities", highlight=False
        )
    for o in report.duplicates:
        out.print(f"already imported {o.source} (as {o.document})", highlight=False)
    bad_rows = sum(1 for o in report.failed if ":" in Path(o.source).name)
    out.print(
        f"imported {len(report.ingested)} files, {len(report.duplicates)} already there, "
        f"{bad_rows} bad rows, {len(report.failed) - bad_rows} failed files",
        highlight=False,
    )
    if not report.ok:
        ctx.exit(1)


@cli.command()
@click.option("--type", "type_", help="Only this entity type (armed_group, person, country, ...).")
@click.option("--search", help="Only entities with a name containing this.")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.pass_context
def entities(
    ctx: click.Context, type_: str | None, search: str | None, limit: int, offset: int, as_json: bool
) -> None:
    """List entities, most mentioned first."""
    rows = _open(ctx).entities(type=type_, search=search, limit=limit, offset=offset)
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
    else:
        out.print(render_entities(rows))


@cli.command()
@click.option("--type", "type_", help="Only this event type (attack, air_strike, capture, ...).")
@click.option("--actor", help="Only events this actor (any alias) took part in.")
@click.option("--since", metavar="YYYY[-MM[-DD]]", callback=_date_filter)
@click.option("--until", metavar="YYYY[-MM[-DD]]", callback=_date_filter)
@click.option("--country")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.pass_context
def events(
    ctx: click.Context,
    type_: str | None,
    actor: str | None,
    since: str | None,
    until: str | None,
    country: str | None,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """List events, newest first."""
    rows = _open(ctx).events(
        type=type_, actor=actor, since=since, until=until, country=country, limit=limit, offset=offset
    )
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
    else:
        out.print(render_events(rows))


@cli.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="The dossier as JSON.")
@click.pass_context
def show(ctx: click.Context, name: str, as_json: bool) -> None:
    """An entity's dossier (NAME may be any alias): names, relations, events, documents, with citations."""
    d = _open(ctx).dossier(name)
    if as_json:
        click.echo(json.dumps(d.to_dict(), ensure_ascii=False, indent=1, default=str))
    else:
        render_dossier(out, d)


@cli.command()
@click.argument("name", required=False)
@click.option("--since", metavar="YYYY[-MM[-DD]]", callback=_date_filter)
@click.option("--until", metavar="YYYY[-MM[-DD]]", callback=_date_filter)
@click.option("--type", "type_", help="Only this event type (attack, ...) or relation type (leader_of, ...).")
@click.option("--limit", type=click.IntRange(1, 100000), default=500, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@click.pass_context
def timeline(
    ctx: click.Context,
    name: str | None,
    since: str | None,
    until: str | None,
    type_: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Events and relation changes in date order, each date at its precision; undated events last.

    NAME (any alias) narrows it to what that actor took part in, or what happened at that place."""
    items = _open(ctx).timeline(name, since=since, until=until, type=type_, limit=limit)
    if as_json:
        click.echo(json.dumps([i.to_dict() for i in items], ensure_ascii=False, indent=1, default=str))
    else:
        render_timeline(out, items, f"Timeline{' of ' + name if name else ''} ({len(items)} items)")


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help='{"question", "answer", "citations"} as JSON.')
@click.pass_context
def ask(ctx: click.Context, question: str, as_json: bool) -> None:
    """Answer a question from the store, citing the sentence behind every claim.

    Forms: what is X; who leads/led X; who was the first leader of X; when/where did X attack; how many
    were killed in E; who attacked E; why did X attack Y / why does X hate Y."""
    answer = _open(ctx).ask(question)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
    else:
        render_answer(out, answer)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="facts-json",
    show_default=True,
    help="facts-json: the evaluation contract; events-csv: a spreadsheet; events-geojson: a GIS (QGIS); "
    "network-graphml / network-gexf: Gephi, yEd, networkx; stix: a STIX 2.1 bundle (OpenCTI, MISP); "
    "gtd-csv / acled-csv: GTD- and ACLED-shaped tables (see docs/formats.md).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export everything the store knows (facts-json: the evaluation contract's shape)."""
    kb = _open(ctx)
    if output is None:
        click.echo(kb.export_text(fmt), nl=False)
    else:
        kb.export_to(output, fmt)
        err.print(f"wrote {output}", highlight=False)


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (local only by default)."
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token-env",
    default="KHABAR_INGEST_TOKEN",
    show_default=True,
    metavar="NAME",
    help="Environment variable holding the ingest token; POST /api/documents works only when it is set.",
)
@click.option(
    "--cache-mb",
    type=click.IntRange(min=0),
    default=64,
    show_default=True,
    help="Memory for read answers kept while the store is unchanged (SQLite; 0: none).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token_env: str, cache_mb: int) -> None:
    """Run the web app (pages, JSON API under /api/, docs at /docs) over the store. Read-only unless the
    ingest token is set."""
    from khabar.serve import create_app
    from khabar.serve.server import run

    token = os.environ.get(token_env) or None
    kb = _open(ctx)
    kb.store  # noqa: B018 - open (and migrate) the database now: a bad one is an error here, not a 500 later
    err.print(
        f"khabar serving {ctx.obj['db']} on http://{host}:{port}/ "
        f"({'ingest on with the token in $' + token_env if token else 'read-only'})",
        highlight=False,
    )
    run(create_app(kb, ingest_token=token, cache_bytes=cache_mb * 1024 * 1024), host=host, port=port)


from khabar.cli.curate import COMMANDS as _CURATION  # noqa: E402  (they use _open above)

for _command in _CURATION:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Entry point: khabar's own errors become one clear line and exit status 2, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="khabar", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        err.print("aborted")
        return 130
    except KhabarError as exc:
        err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False, soft_wrap=True)
        return 2
    return code if isinstance(code, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
