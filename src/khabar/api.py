"""``Khabar(db)``: the one facade the CLI, the web app and Python users call.

It wires the stages together (ingest → extract → resolve/store → query) and holds no logic of its own beyond
the batch bookkeeping: which documents landed, which were duplicates, which failed and why.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from khabar.curate import Curating
from khabar.errors import ConfigError, IngestError, KhabarError, SkippedSource, WriteLockBusy
from khabar.extract.gazetteer import add_user_gazetteer
from khabar.ingest import DEFAULT_MAX_BYTES, discover, read_sources
from khabar.ingest.ids import id_problem
from khabar.model import DocFacts, RawDocument

if TYPE_CHECKING:  # the query and store stages load on first use, not on `import khabar`
    from khabar.query.filters import EventQuery
    from khabar.store import Store

__all__ = [
    "Khabar",
    "IngestReport",
    "DocumentOutcome",
    "FeedPoll",
    "ID_TAKEN",
    "default_db",
    "EXPORT_FORMATS",
]

# every format ``export_text`` writes: the query stage's own, then the interchange formats (STIX, GTD, ACLED)
EXPORT_FORMATS = (
    "facts-json", "events-csv", "events-geojson", "network-graphml", "network-gexf", "stix", "gtd-csv", "acled-csv",
)  # fmt: skip


_WATCH_LOG = logging.getLogger("khabar.watch")


def default_db() -> str:
    """``KHABAR_DB`` if set, else ``khabar.db`` in the working folder."""
    return os.environ.get("KHABAR_DB") or "khabar.db"


@dataclass(frozen=True)
class DocumentOutcome:
    """What happened to one document of a batch: ``status`` is ingested, duplicate or failed."""

    source: str
    status: str
    document: str | None = None
    reason: str | None = None
    entities: int = 0
    events: int = 0
    relations: int = 0
    relevant: bool = True  # False: the relevance gate found it off-topic; stored as text only
    same_as: str | None = None
    """For a duplicate: the stored (or earlier in this batch) document with the same text."""
    code: str | None = None
    """Why, for a caller to act on: ``ID_TAKEN`` when the id is stored with other text (each interface says
    how to replace it: ``--replace``, ``"replace": true``)."""


ID_TAKEN = "id-taken"


@dataclass
class IngestReport:
    outcomes: list[DocumentOutcome] = field(default_factory=list)

    def _with(self, status: str) -> list[DocumentOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def ingested(self) -> list[DocumentOutcome]:
        return self._with("ingested")

    @property
    def duplicates(self) -> list[DocumentOutcome]:
        return self._with("duplicate")

    @property
    def failed(self) -> list[DocumentOutcome]:
        return self._with("failed")

    @property
    def skipped(self) -> list[DocumentOutcome]:
        """Paths not read on purpose (a link leaving the folders given, a type khabar does not read)."""
        return self._with("skipped")

    @property
    def ok(self) -> bool:
        return not self.failed

    @classmethod
    def recording(
        cls, on_outcome: Callable[[DocumentOutcome], None] | None
    ) -> tuple[IngestReport, Callable[[DocumentOutcome], None]]:
        """A new report and the function that adds an outcome to it (and tells ``on_outcome``)."""
        report = cls()

        def record(o: DocumentOutcome) -> None:
            report.outcomes.append(o)
            if on_outcome is not None:
                on_outcome(o)

        return report, record

    def summary(self) -> str:
        text_only = sum(not o.relevant for o in self.ingested)
        note = f"; {text_only} not about armed conflict (text only)" if text_only else ""
        skipped = f", skipped {len(self.skipped)}" if self.skipped else ""
        return (
            f"ingested {len(self.ingested)}, duplicate {len(self.duplicates)}, failed {len(self.failed)}"
            f"{skipped}{note}"
        )


@dataclass(frozen=True)
class FeedPoll:
    """One poll of one feed: ``status`` is new items, unchanged, not modified (a 304) or error."""

    url: str
    status: str
    new: int  # items not read before
    report: IngestReport  # what became of them
    error: str | None
    next_poll: datetime | None
    seconds: float

    def summary(self) -> str:
        when = f"; next poll {self.next_poll.isoformat(timespec='seconds')}" if self.next_poll else ""
        if self.status == "error":
            return f"{self.url}: error: {self.error}{when}"
        if self.status == "new items":
            return f"{self.url}: {self.new} new items: {self.report.summary()} ({self.seconds:.1f}s){when}"
        return f"{self.url}: {self.status} ({self.seconds:.1f}s){when}"


class Khabar(Curating):
    """A khabar store. ``Khabar("khabar.db")`` opens (creating and migrating) an SQLite file;
    ``Khabar("postgresql+psycopg://...")`` any SQLAlchemy URL with the same schema."""

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        max_bytes: int | None = None,
        gate: bool = True,
        gazetteer: str | Path | Iterable[str | Path] | None = None,
        patterns: str | Path | None = None,
    ) -> None:
        from khabar.store.engine import database_url

        self.gazetteer_files = _gazetteer_files(gazetteer)  # Dask workers load the same files
        for path in self.gazetteer_files:
            add_user_gazetteer(path)  # the user's groups, people, aliases and places (extract.gazetteer)
        self.patterns = _use_patterns(patterns)  # the user's frame lexicon (extract.frames.lexicon)
        self.db = str(db) if db is not None else default_db()
        database_url(self.db)  # a malformed URL or a missing folder is an error now, not at first use
        self.max_bytes = max_bytes if max_bytes is not None else _env_max_bytes()
        self.gate = gate  # the relevance gate: off-topic documents skip the parse (extract.relevance)
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._extractor: Any = None

    @property
    def store(self) -> Store:
        """The database, opened (created, migrated) on first use: an ingest with nothing to store creates no
        file, and a server's first requests open it once between them."""
        if self._store is None:
            with self._store_lock:
                if self._store is None:
                    from khabar.store import Store

                    self._store = Store(self.db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def __enter__(self) -> Khabar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest -----------------------------------------------------------------------------------------
    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            from khabar.extract import Extractor

            self._extractor = Extractor(gate=self.gate)
        return self._extractor

    @staticmethod
    def discover(paths: Iterable[str | Path], *, follow_links: bool = False) -> list[Path]:
        """The files an ingest of ``paths`` would read (for progress bars)."""
        return discover(paths, follow_links=follow_links)

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        published: date | None = None,
        replace: bool = False,
        follow_links: bool = False,
        on_outcome: Callable[[DocumentOutcome], None] | None = None,
        workers: int | None = None,
        scheduler: str | None = None,
    ) -> IngestReport:
        """Read, extract and store every document under ``paths``; one document per transaction.

        A document whose text is already stored is a duplicate (a no-op). A document whose id is stored with
        other text fails, unless ``replace`` is set, which swaps the old version out. A path that is a web
        address (``https://…``) is fetched: a page is one document, a feed one per item (``web.read_urls``).
        Symbolic links under a folder are followed only while they stay inside the folders given, unless
        ``follow_links``. ``workers=N`` spreads reading and extraction over a Dask LocalCluster of N worker
        processes, ``scheduler="tcp://host:port"`` over a running Dask cluster (``khabar.cluster``).
        """
        from itertools import chain

        from khabar.ingest.fetch import is_url

        given = list(paths)
        urls = [str(p) for p in given if is_url(p)]
        files = [p for p in given if not is_url(p)]
        if workers is not None or scheduler is not None:
            from khabar.cluster import ingest_on_cluster

            report, record = IngestReport.recording(on_outcome)
            fetched = self.admitted(self._read_urls(urls, published), record, replace=replace) if urls else ()
            ingest_on_cluster(
                self, files, list(fetched), workers=workers, scheduler=scheduler, published=published,
                replace=replace, follow_links=follow_links, on_outcome=record,
            )  # fmt: skip
            return report
        items: Iterable[RawDocument | IngestError] = read_sources(
            files, published=published, max_bytes=self.max_bytes, follow_links=follow_links
        )
        if urls:
            items = chain(items, self._read_urls(urls, published))
        return self.ingest_documents(items, replace=replace, on_outcome=on_outcome)

    def _read_urls(self, urls: list[str], published: date | None) -> Iterator[RawDocument | IngestError]:
        from khabar.ingest.fetch import Fetcher
        from khabar.ingest.web import read_urls

        with Fetcher(max_bytes=self.max_bytes) as fetcher:
            yield from read_urls(urls, fetcher, published=published)

    # -- feeds ------------------------------------------------------------------------------------------
    def poll_feeds(
        self, urls: Iterable[str], *, every: timedelta, force: bool = False, fetcher: Any = None
    ) -> list[FeedPoll]:
        """Poll each feed that is due (all of them with ``force``): a conditional GET, then the items not read
        before are ingested (each followed to its page where the feed has only a summary) and remembered.
        A feed's failure is its poll's ``error``, never an exception; its next poll waits longer."""
        import time as _time
        from functools import partial

        from khabar.ingest.feeds import FeedState, poll_feed
        from khabar.ingest.fetch import Fetcher
        from khabar.ingest.web import item_document
        from khabar.store.feeds import FeedStore

        states = FeedStore(self.store.engine)
        own = fetcher is None
        fetcher = fetcher or Fetcher(max_bytes=self.max_bytes)
        polls = []
        try:
            for url in urls:
                state = states.load(url) or FeedState(url)
                now = datetime.now(UTC)
                if not force and not state.due(now):
                    continue
                began = _time.monotonic()
                result = poll_feed(fetcher, state, partial(states.seen, url), every=every, now=now)
                report = IngestReport()
                read: list[tuple[str, str | None]] = []
                docs: dict[str, str] = {}
                batch: list[RawDocument | IngestError] = []
                for item in result.items:
                    if self.store.document_hash(item.doc_id) is not None:  # stored before (a file, a URL)
                        read.append((item.key, item.doc_id))
                        continue
                    doc = item_document(item, fetcher)
                    if isinstance(doc, RawDocument):
                        docs[doc.id] = item.key
                    batch.append(doc)
                if batch:
                    report = self.ingest_documents(batch)
                read += [(docs[o.document], o.document) for o in report.outcomes
                         if o.status in ("ingested", "duplicate") and o.document in docs]  # fmt: skip
                states.save(result.state, read)
                poll = FeedPoll(url, result.status, len(result.items), report, result.error,
                                result.state.next_poll, _time.monotonic() - began)  # fmt: skip
                _WATCH_LOG.info("poll %s", poll.summary())
                polls.append(poll)
        finally:
            if own:
                fetcher.close()
        return polls

    def watch(
        self,
        urls: list[str],
        *,
        every: timedelta,
        rounds: int | None = None,
        stop: Any = None,
        on_poll: Callable[[FeedPoll], None] | None = None,
    ) -> None:
        """Follow feeds until ``stop`` (a ``threading.Event``) is set or ``rounds`` rounds of polling are done:
        each round polls the feeds that are due, then sleeps until the next is due."""
        import threading

        from khabar.ingest.fetch import Fetcher
        from khabar.store.feeds import FeedStore

        stop = stop or threading.Event()
        states = FeedStore(self.store.engine)
        done = 0
        with Fetcher(max_bytes=self.max_bytes) as fetcher:
            while not stop.is_set() and (rounds is None or done < rounds):
                for poll in self.poll_feeds(urls, every=every, fetcher=fetcher):
                    if on_poll is not None:
                        on_poll(poll)
                done += 1
                due = [s.next_poll for u in urls if (s := states.load(u)) is not None and s.next_poll]
                wait = (min(due) - datetime.now(UTC)).total_seconds() if len(due) == len(urls) else 0.0
                if rounds is None or done < rounds:
                    stop.wait(max(0.0, min(wait, every.total_seconds())))

    def ingest_documents(
        self,
        items: Iterable[RawDocument | IngestError],
        *,
        replace: bool = False,
        on_outcome: Callable[[DocumentOutcome], None] | None = None,
    ) -> IngestReport:
        from khabar.ingest.pacing import paced_collection

        report, record = IngestReport.recording(on_outcome)
        with paced_collection():
            for facts in self.extractor.extract(self.admitted(items, record, replace=replace)):
                record(self._store_one(facts, replace=replace))
        return report

    def admitted(
        self,
        items: Iterable[RawDocument | IngestError],
        record: Callable[[DocumentOutcome], None],
        *,
        replace: bool = False,
    ) -> Iterator[RawDocument]:
        """The documents of ``items`` to extract and store; every other item (unreadable, skipped, a duplicate, an
        id taken) is recorded with its reason instead. Used by serial ingest and by each Dask worker's batch."""
        seen_ids: dict[str, str] = {}
        seen_hashes: dict[str, str] = {}
        for item in items:
            if isinstance(item, SkippedSource):
                record(DocumentOutcome(item.source, "skipped", reason=item.reason))
            elif isinstance(item, IngestError):
                record(DocumentOutcome(item.source, "failed", reason=item.reason))
            elif self._admit(item, record, seen_ids, seen_hashes, replace):
                yield item

    def _admit(
        self,
        item: RawDocument,
        record: Callable[[DocumentOutcome], None],
        seen_ids: dict[str, str],
        seen_hashes: dict[str, str],
        replace: bool,
        *,
        in_store: bool = True,
    ) -> bool:
        """Whether a document is new to the store and the batch; records why not. A text already stored is a
        duplicate (naming the document it repeats); an id stored with other text fails unless ``replace``, which
        swaps the old version out when the new one is written; an id breaking the rules of ``ingest.ids`` fails
        (readers check ids too: this covers ``ingest_text`` and callers' own documents). ``in_store=False``: the
        store was asked already (a Dask worker's batch did), so only the batch is checked here; a write that finds
        the text or id stored since says so as a duplicate or a taken id all the same (``_store_one``)."""
        source = item.path or item.id
        problem = id_problem(item.id)
        if problem is not None:
            record(DocumentOutcome(source, "failed", reason=f"document id {problem}"))
            return False
        h = item.content_hash
        same = seen_hashes.get(h) or (self.store.document_by_hash(h) if in_store else None)
        if same is not None:
            record(_duplicate(source, item.id, same))
            return False
        if item.id in seen_ids:
            record(
                DocumentOutcome(
                    source,
                    "failed",
                    document=item.id,
                    reason=f"document id {item.id!r} is used twice in this batch "
                    f"(also by {seen_ids[item.id]}); give one an id in a sidecar",
                )
            )
            return False
        if not replace and in_store and self.store.document_hash(item.id) is not None:
            record(_id_taken(source, item.id))
            return False
        seen_ids[item.id] = source
        seen_hashes[h] = item.id
        return True

    def import_table(
        self,
        paths: Iterable[str | Path],
        format: str,
        *,
        published: date | None = None,
        encoding: str = "utf-8",
        replace: bool = False,
        on_outcome: Callable[[DocumentOutcome], None] | None = None,
    ) -> IngestReport:
        """Import GTD- or ACLED-shaped CSV files (``format`` is ``gtd-csv`` or ``acled-csv``): each file is one
        document, each row an event cited to its row, written and resolved like a news report's events. A bad
        row is a ``failed`` outcome naming its line; the file's other rows land."""
        from khabar.interchange import IMPORT_FORMATS, read_table

        if format not in IMPORT_FORMATS:
            raise ConfigError(f"unknown import format {format!r}; known: {', '.join(IMPORT_FORMATS)}")
        report, record = IngestReport.recording(on_outcome)

        seen_ids: dict[str, str] = {}
        seen_hashes: dict[str, str] = {}
        for path in paths:
            try:
                result = read_table(
                    path, format, max_bytes=self.max_bytes, published=published, encoding=encoding
                )
            except IngestError as exc:
                record(DocumentOutcome(exc.source, "failed", reason=exc.reason))
                continue
            for error in result.errors:
                record(DocumentOutcome(error.source, "failed", reason=error.reason))
            if result.facts is not None and self._admit(
                result.facts.document, record, seen_ids, seen_hashes, replace
            ):
                record(self._store_one(result.facts, replace=replace))
        return report

    def _store_one(self, facts: DocFacts, *, replace: bool = False, wait: bool = True) -> DocumentOutcome:
        """The outcome of writing one document. ``wait=False``: ``WriteLockBusy`` comes out, and nothing is written,
        if the document would queue for another writer's lock (``Store.write``)."""
        raw = facts.document
        source = raw.path or raw.id
        if facts.errors:
            return DocumentOutcome(source, "failed", document=raw.id, reason="; ".join(facts.errors))
        if not facts.extractor:
            from khabar.extract.registry import EXTRACTION

            facts.extractor = EXTRACTION
        try:
            res = self.store.write(facts, replace=replace, wait=wait)
        except WriteLockBusy:
            raise
        except KhabarError as exc:
            # Another process may have stored this text, or this id, since the batch looked: say which.
            same = self.store.document_by_hash(raw.content_hash)
            if same is not None:
                return _duplicate(source, raw.id, same)
            if not replace and self.store.document_hash(raw.id) is not None:
                return _id_taken(source, raw.id)
            return DocumentOutcome(source, "failed", document=raw.id, reason=str(exc))
        return DocumentOutcome(
            source,
            "ingested",
            document=raw.id,
            entities=res.entities,
            events=res.events,
            relations=res.relations,
            relevant=facts.relevant,
        )

    def ingest_text(
        self,
        text: str,
        *,
        id: str,
        published: date | None = None,
        title: str | None = None,
        byline: list[str] | None = None,
        source: str | None = None,
        replace: bool = False,
    ) -> IngestReport:
        """Ingest one article given as a string (the Python and HTTP entry point); ``replace`` swaps out a
        stored document of the same id with other text."""
        raw = RawDocument(
            id=id,
            text=text.replace("\r\n", "\n"),
            title=title,
            published=published,
            byline=list(byline or []),
            source=source,
        )
        if not raw.text.strip():
            return self.ingest_documents([IngestError(id, "empty text")])
        return self.ingest_documents([raw], replace=replace)

    # -- read side ----------------------------------------------------------------------------------------
    def entities(
        self, *, type: str | None = None, search: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[Any]:
        from khabar.query.lookup import list_entities

        with self.store.connect() as conn:
            return list_entities(conn, type_=type, search=search, limit=limit, offset=offset)

    def events(
        self,
        *,
        limit: int = 100,
        offset: int = 0,
        sort: str | None = None,
        descending: bool = True,
        **query: Unpack[EventQuery],
    ) -> list[Any]:
        """Events, newest first, filtered by ``type``, ``actor`` (any name), ``since``, ``until``, ``country``;
        ``sort`` by date, type, place, country, killed or wounded instead."""
        from khabar.query.lookup import list_events, resolve_query

        with self.store.connect() as conn:
            return list_events(
                conn,
                limit=limit,
                offset=offset,
                sort=sort,
                descending=descending,
                **resolve_query(conn, query),
            )

    def event(self, event_id: int) -> dict[str, Any]:
        """One event with its place (and how exactly it is placed), participants, every report's figures with who
        stated them, every evidence sentence and related events (``khabar.query.event.event_view``)."""
        from khabar.query.event import event_view

        with self.store.connect() as conn:
            return event_view(conn, event_id)

    def event_facets(self, **query: Unpack[EventQuery]) -> dict[str, list[dict[str, Any]]]:
        """How many matching events there are per type, country, year and (most frequent) actor."""
        from khabar.query.event import event_facets
        from khabar.query.lookup import resolve_query

        with self.store.connect() as conn:
            return event_facets(conn, **resolve_query(conn, query))

    def count_events(self, **query: Unpack[EventQuery]) -> int:
        """How many events ``events`` would list with these filters and no limit (for "page 2 of 7")."""
        from khabar.query.lookup import resolve_query
        from khabar.query.totals import count_events

        with self.store.connect() as conn:
            return count_events(conn, **resolve_query(conn, query))

    def dossier(self, name: str, *, events_limit: int = 100) -> Any:
        """Everything about one entity: names, relations over time, its newest ``events_limit`` events (their
        total in ``events_total``), the newest documents naming it; each line cited."""
        from khabar.query.dossier import dossier

        with self.store.connect() as conn:
            return dossier(conn, name, events_limit=events_limit)

    def timeline(
        self,
        name: str | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        type: str | None = None,
        limit: int = 500,
    ) -> list[Any]:
        """Events and relation changes in date order (at each date's precision; undated events last)."""
        from khabar.query.timeline import timeline

        with self.store.connect() as conn:
            return timeline(conn, name, since=since, until=until, type_=type, limit=limit)

    def count_timeline(
        self,
        name: str | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        type: str | None = None,
    ) -> int:
        """How many items ``timeline`` would list with no limit (counted, not built: for "page 2 of 7")."""
        from khabar.query.timeline import count_timeline

        with self.store.connect() as conn:
            return count_timeline(conn, name, since=since, until=until, type_=type)

    def ask(self, question: str) -> Any:
        """A cited answer (``khabar.explain.Answer``) composed from the store; "no evidence" when it has none."""
        from khabar.explain import ask

        with self.store.connect() as conn:
            return ask(conn, question)

    def network(
        self,
        entity: str | None = None,
        *,
        depth: int = 1,
        types: list[str] | None = None,
        include_events: bool = True,
        limit: int = 150,
        offset: int = 0,
    ) -> Any:
        """Actors and their ties (typed relations, shared events), around ``entity`` (any alias) or all."""
        from khabar.query.lookup import find_entity
        from khabar.query.network import network

        with self.store.connect() as conn:
            center = find_entity(conn, entity) if entity else None
            return network(
                conn,
                center=center,
                depth=depth,
                relation_types=types,
                include_events=include_events,
                limit=limit,
                offset=offset,
            )

    def places(self, *, limit: int = 500, offset: int = 0, **query: Unpack[EventQuery]) -> dict[str, Any]:
        """Located events as a GeoJSON FeatureCollection (same filters as ``events``), casualties included."""
        from khabar.query.geo import places
        from khabar.query.lookup import resolve_query

        with self.store.connect() as conn:
            return places(conn, limit=limit, offset=offset, **resolve_query(conn, query))

    def export(self, format: str = "facts-json", *, validate: bool = True) -> dict[str, Any]:
        """The store's facts in an export format; ``facts-json`` is the evaluation contract's shape."""
        from khabar.query.export import facts_json, validate_facts

        if format not in EXPORT_FORMATS:
            raise ConfigError(f"unknown export format {format!r}; known: {', '.join(EXPORT_FORMATS)}")
        if format != "facts-json":
            raise ConfigError(
                f"export() gives facts-json as data; use export_text() or export_to() for {format!r}"
            )
        with self.store.connect() as conn:
            data = facts_json(conn)
        if validate:
            validate_facts(data)
        return data

    def export_text(self, format: str = "facts-json") -> str:
        """The store as the text of a file: ``facts-json`` (the contract), ``events-csv``, ``events-geojson``,
        ``network-graphml``, ``network-gexf``, ``stix`` (a STIX 2.1 bundle), ``gtd-csv`` or ``acled-csv``."""
        from khabar.interchange import EXPORTERS, export_interchange
        from khabar.query.exports import export_text

        if format not in EXPORT_FORMATS:
            raise ConfigError(f"unknown export format {format!r}; known: {', '.join(EXPORT_FORMATS)}")
        with self.store.connect() as conn:
            return export_interchange(conn, format) if format in EXPORTERS else export_text(conn, format)

    def export_to(self, path: str | Path, format: str = "facts-json") -> Path:
        """Write an export atomically (a temporary file renamed into place), so no half-written file is left."""
        text = self.export_text(format)
        out = Path(path)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        return out


def _use_patterns(given: str | Path | None) -> str | None:
    """The user's own frame lexicon, read now (a bad file is an error here, not at the first document) and put in
    force for this process and the ones it starts (``KHABAR_PATTERNS``); None keeps what the environment says."""
    from khabar.extract.frames.lexicon import PATTERNS_ENV, load_lexicon

    if given is None:
        return os.environ.get(PATTERNS_ENV) or None
    path = str(Path(given).expanduser())
    load_lexicon(path)  # raises ConfigError with the file and the entry at fault
    os.environ[PATTERNS_ENV] = path
    return path


def _gazetteer_files(given: str | Path | Iterable[str | Path] | None) -> list[str | Path]:
    """User gazetteer files: as given, else ``KHABAR_GAZETTEER`` (several separated by the path separator)."""
    if given is None:
        raw = os.environ.get("KHABAR_GAZETTEER", "")
        return [p for p in raw.split(os.pathsep) if p.strip()]
    if isinstance(given, str | Path):
        return [given]
    return list(given)


def _duplicate(source: str, doc_id: str, same: str) -> DocumentOutcome:
    return DocumentOutcome(
        source, "duplicate", document=doc_id, reason=f"same text as document {same!r}", same_as=same
    )


def _id_taken(source: str, doc_id: str) -> DocumentOutcome:
    return DocumentOutcome(
        source,
        "failed",
        document=doc_id,
        reason=f"document id {doc_id!r} is already stored with other text",
        code=ID_TAKEN,
    )


def _env_max_bytes() -> int:
    raw = os.environ.get("KHABAR_MAX_BYTES")
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"KHABAR_MAX_BYTES must be a whole number of bytes, not {raw!r}") from exc
    if value < 1:
        raise ConfigError("KHABAR_MAX_BYTES must be at least 1")
    return value
