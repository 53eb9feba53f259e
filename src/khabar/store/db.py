"""The store: writes one document's facts in one transaction, resolving entities and events on the way.

Everything the backend raises is translated into ``StoreError`` here, at the boundary.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from khabar.errors import StoreError, WriteLockBusy
from khabar.extract.gazetteer import Gazetteer
from khabar.model import Dateline, DocFacts, RawDocument, RelationFact
from khabar.store import fastpath
from khabar.store import schema as t
from khabar.store.curation import Curation, rejected_relations
from khabar.store.engine import error_text, migrate, open_engine
from khabar.store.entities import EntityWriter
from khabar.store.portable import bytewise, insert_missing, rows_params, select_rows_in
from khabar.store.resolution import EventResolution, ReportCache, Seeds
from khabar.store.statistics import PlannerStatistics

__all__ = ["Store", "WriteResult", "WRITE_LOCK"]

# PostgreSQL takes writers in several processes at once (a Dask ingest, web requests); resolution reads what other
# writes wrote, so each write transaction holds this advisory lock from its first read of what others wrote until
# it commits: the writes follow one another, and the store is the one a serial ingest makes. (SQLite has one
# writer at a time anyway.) A new document's own rows (the document, its sentences) go in before the lock: nobody
# else reads or writes them, so writers need not queue for them.
WRITE_LOCK = 0x6B686277  # "khbw"

# The statements every write runs, built once: SQLAlchemy then serves their compiled form from its cache without
# building and hashing a new expression per call (a cost that added up to a tenth of a whole ingest).
_DOCUMENT_BY_HASH = select(t.documents.c.id).where(t.documents.c.content_hash == bindparam("h"))
_DOCUMENT_HASH = select(t.documents.c.content_hash).where(t.documents.c.id == bindparam("d"))
_DOCUMENT_STORED = select(t.documents.c.id).where(t.documents.c.id == bindparam("d"))
_INSERT_DOCUMENT = insert(t.documents)
_INSERT_SENTENCES = insert(t.sentences).returning(t.sentences.c.idx, t.sentences.c.id)
_INSERT_MENTIONS = insert(t.mentions)
# inside Store.unflushed_commits (PostgreSQL)
_NO_FLUSH_WAIT = fastpath.no_rows(text("SET LOCAL synchronous_commit = off"))
# WRITE_LOCK, held until the transaction ends (PostgreSQL): sent without waiting, the statements after it queue
_LOCK = fastpath.no_rows(text("SELECT pg_advisory_xact_lock(:key)"))
_TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(:key)")  # the same, or false at once if another holds it
_r = t.relations.c
_RELATIONS = select(t.relations)
_INSERT_RELATIONS = insert(t.relations).returning(_r.type, _r.subject_id, _r.object_id, _r.id)
_UPDATE_RELATION_DATES = (
    update(t.relations)
    .where(_r.id == bindparam("rid"))
    .values(start=bindparam("s"), end=bindparam("e"), as_of=bindparam("a"))
)


@dataclass(frozen=True)
class WriteResult:
    document: str
    entities: int
    new_entities: int
    events: int
    relations: int


class Store:
    """khabar's database. ``Store("khabar.db")`` opens (and migrates) an SQLite file; a URL opens any
    SQLAlchemy backend with the same schema."""

    def __init__(self, db: str | Path, engine: Engine | None = None) -> None:
        self.engine = engine or open_engine(db)
        migrate(self.engine)
        self.gazetteer = Gazetteer.load()
        # the event reports one write read, kept for the next (resolution.ReportCache)
        self._kept_reports = ReportCache()
        self._unflushed = False  # inside unflushed_commits()
        # PostgreSQL: the tables a fast-growing store doubled are analysed before the next write (``statistics``)
        self.statistics = PlannerStatistics(self.engine, t.metadata.tables)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read connection; backend errors come out as StoreError."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"database error: {error_text(exc)}") from exc

    # -- documents --------------------------------------------------------------------------------------
    def document_by_hash(self, content_hash: str) -> str | None:
        with self.connect() as conn:
            return conn.execute(_DOCUMENT_BY_HASH, {"h": content_hash}).scalar_one_or_none()

    def document_hash(self, doc_id: str) -> str | None:
        with self.connect() as conn:
            return conn.execute(_DOCUMENT_HASH, {"d": doc_id}).scalar_one_or_none()

    def delete_document(self, doc_id: str) -> None:
        """Remove a document and every fact only it supported (facts other documents also state stay); the events
        its reports were part of are re-decided from the reports left. Every look-up goes through an index."""
        try:
            with self.engine.begin() as conn:
                _lock_writes(conn)
                _delete_document(conn, doc_id)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not delete document {doc_id}: {error_text(exc)}") from exc

    @contextmanager
    def curate(self) -> Iterator[Curation]:
        """One transaction of curation (``store.curation``): everything it changes, and the events it re-decides,
        land together or not at all."""
        try:
            with self.engine.begin() as conn:
                _lock_writes(conn)  # it re-decides events, as a write does
                yield Curation(conn, self.gazetteer)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not curate: {error_text(exc)}") from exc

    def resolve_all(self) -> int:
        """Re-decide every event from its reports in one pass (what ingesting everything at once would give);
        returns the number of events. Incremental writes reach the same result; this is for checks and for
        stores whose events predate the reports they are now built from."""
        try:
            with self.engine.begin() as conn:
                _lock_writes(conn)
                conn.execute(update(t.event_mentions).values(component=None, event_id=None))
                conn.execute(delete(t.evidence).where(t.evidence.c.kind == "event"))
                conn.execute(delete(t.events))
                ids = set(
                    conn.execute(
                        select(t.event_mentions.c.id).where(t.event_mentions.c.rejected == 0)
                    ).scalars()
                )
                EventResolution(conn).resolve(ids)
                return int(conn.execute(select(func.count()).select_from(t.events)).scalar_one())
        except SQLAlchemyError as exc:
            raise StoreError(f"could not resolve events: {error_text(exc)}") from exc

    # -- writing ----------------------------------------------------------------------------------------
    @contextmanager
    def unflushed_commits(self) -> Iterator[None]:
        """Writes inside commit on PostgreSQL without waiting for the write-ahead log to reach the disk
        (``synchronous_commit = off`` for their transactions); leaving commits one transaction that waits, and as
        the log is written in order, that makes every earlier commit durable too.

        Why: the write lock is held until commit, so with several writers the flush of each document's commit was
        time every other writer spent queueing. What it risks: a server crash inside the block can lose the last
        documents committed (well under a second's worth), each whole, never half of one, and the store stays
        consistent; a rerun of the ingest finds them missing and writes them again. On SQLite it changes nothing."""
        if self.engine.dialect.name != "postgresql" or self._unflushed:
            yield
            return
        self._unflushed = True
        try:
            yield
        finally:
            self._unflushed = False
            try:
                with self.engine.begin() as conn:  # an xid of its own, so its commit waits for the log
                    conn.execute(text("SELECT txid_current()"))
            except SQLAlchemyError as exc:
                raise StoreError(f"could not flush the store's recent commits: {error_text(exc)}") from exc

    def write(self, facts: DocFacts, *, replace: bool = False, wait: bool = True) -> WriteResult:
        """Store one document with all its facts, or nothing at all. ``replace``: a stored document with the same
        id goes out in the same transaction, so a crash leaves the old version or the new, never neither. The one
        entry point for new documents: entities and events are resolved inside the same transaction (a bulk loader
        calls it per document too).

        ``wait=False``: on PostgreSQL, a document that needs the write lock while another writer holds it is not
        written (``WriteLockBusy``: its own rows, in already, are rolled back), so a worker can extract its next
        documents instead of waiting in the queue."""
        raw = facts.document
        with self._resolving(raw.id, lock=replace and wait) as (conn, resolution):
            if replace and not wait:
                _lock_writes(conn, wait=False)
            if replace and conn.execute(_DOCUMENT_STORED, {"d": raw.id}).first():
                _delete_document(conn, raw.id)
            conn.execute(_INSERT_DOCUMENT, _document_row(facts))
            after = not replace
            return self._write_facts(conn, facts, Seeds(), resolution, lock_after_sentences=after, wait=wait)[0]

    def rewrite(self, facts: DocFacts) -> WriteResult:
        """Replace a stored document's facts with ``facts`` (extracted again from its stored text): its old
        sentences, mentions, event reports and citations go, the new ones come in, and the events and entities
        either touched are re-decided, in one transaction. Curations hold (they are keyed on stable keys)."""
        doc_id = facts.document.id
        with self._resolving(doc_id) as (conn, resolution):
            if conn.execute(select(t.documents.c.id).where(t.documents.c.id == doc_id)).first() is None:
                raise StoreError(f"{doc_id}: not in the store, so there is nothing to re-extract")
            seeds, entities, relations, legacy = _document_footprint(conn, doc_id)
            conn.execute(delete(t.evidence).where(t.evidence.c.document_id == doc_id))
            conn.execute(delete(t.event_mentions).where(t.event_mentions.c.document_id == doc_id))
            conn.execute(delete(t.event_participants).where(t.event_participants.c.document_id == doc_id))
            conn.execute(delete(t.event_figures).where(t.event_figures.c.document_id == doc_id))
            conn.execute(delete(t.mentions).where(t.mentions.c.document_id == doc_id))
            conn.execute(delete(t.sentences).where(t.sentences.c.document_id == doc_id))
            conn.execute(
                update(t.documents)
                .where(t.documents.c.id == doc_id)
                .values(extractor=facts.extractor or None)
            )
            result = self._write_facts(conn, facts, seeds, resolution)[0]
            _prune(conn, entities, relations, legacy)
            return result

    def stale_documents(
        self, current: str, since: str | None = None, *, after: str = "", limit: int = 100
    ) -> list[str]:
        """Ids of documents (after ``after``, in id order, a page at a time) whose facts were made by an older
        extraction than ``current`` (or, with ``since``, by a version of that component older than ``since``)."""
        from khabar.extract.registry import older_than

        out: list[str] = []
        q = select(t.documents.c.id, t.documents.c.extractor).order_by(bytewise(t.documents.c.id))
        with self.connect() as conn:
            for doc_id, made_by in conn.execute(q.where(bytewise(t.documents.c.id) > after)):
                if older_than(made_by, since or current):
                    out.append(doc_id)
                    if len(out) >= limit:
                        break
        return out

    def raw_document(self, doc_id: str) -> RawDocument:
        """A stored document as it was read (its text and metadata), to extract again."""
        with self.connect() as conn:
            r = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).mappings().first()
        if r is None:
            raise StoreError(f"{doc_id}: not in the store")
        return RawDocument(
            id=r["id"],
            text=r["text"],
            title=r["title"],
            published=date.fromisoformat(r["published"]) if r["published"] else None,
            byline=json.loads(r["byline"] or "[]"),
            credits=json.loads(r["credits"] or "[]"),
            source=r["source"],
            language=r["language"],
            path=r["path"],
        )

    @contextmanager
    def _writing(self, doc_id: str, *, lock: bool = True) -> Iterator[Connection]:
        """A write transaction whose failures come out as one StoreError naming the document. ``lock``: take the
        PostgreSQL write lock at once (else the caller takes it before it reads what other writers wrote)."""
        self.statistics.refresh()
        try:
            with fastpath.begin(self.engine) as conn:  # SQLite: statements run on the driver once compiled
                if self._unflushed:  # only ever set on PostgreSQL
                    conn.execute(_NO_FLUSH_WAIT)
                if lock:
                    _lock_writes(conn)
                yield conn
        except IntegrityError as exc:
            raise StoreError(f"{doc_id}: conflicts with what the store holds: {error_text(exc)}") from exc
        except (KeyError, IndexError) as exc:
            raise StoreError(f"{doc_id}: inconsistent facts (a reference to {exc} points nowhere)") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"{doc_id}: could not be stored: {error_text(exc)}") from exc

    @contextmanager
    def _resolving(self, doc_id: str, *, lock: bool = True) -> Iterator[tuple[Connection, EventResolution]]:
        """``_writing`` with the event resolution of that transaction: the reports it reads are kept for the next
        write only once the transaction has committed (``EventResolution.seal`` before, ``publish`` after)."""
        with self._writing(doc_id, lock=lock) as conn:
            resolution = EventResolution(conn, cache=self._kept_reports)
            yield conn, resolution
            resolution.seal()
        resolution.publish()

    def write_many(self, batch: list[DocFacts]) -> list[WriteResult]:
        """Store several new documents in one transaction, resolving their events together at the end: the same
        store as writing them one by one in any order (resolution is order-independent), with one commit and one
        resolution pass instead of one each. All or nothing: a bad document fails the batch (then write them one by
        one to keep the good ones). The documented fast path for bulk loads (benchmarks, generated stores)."""
        if not batch:
            return []
        names = ", ".join(f.document.id for f in batch[:3]) + (" …" if len(batch) > 3 else "")
        with self._resolving(names) as (conn, resolution):
            conn.execute(_INSERT_DOCUMENT, [_document_row(f) for f in batch])
            results, filed = [], []
            for facts in batch:
                res, ids = self._write_facts(conn, facts, Seeds(), resolution, resolve=False)
                results.append(res)
                filed.extend(ids)
            resolution.resolve(filed)
            return results

    def _write_facts(
        self,
        conn: Connection,
        facts: DocFacts,
        seeds: Seeds,
        resolution: EventResolution,
        *,
        resolve: bool = True,
        lock_after_sentences: bool = False,
        wait: bool = True,
    ) -> tuple[WriteResult, list[int]]:
        """Sentences, entities, mentions, event reports (resolved with ``seeds``, unless ``resolve`` is off: then
        the caller resolves the returned report ids) and relations of one document. ``lock_after_sentences``: take
        the write lock once the sentences are in (or raise ``WriteLockBusy`` if it is held and not ``wait``)."""
        raw = facts.document
        sent_ids = self._write_sentences(conn, facts)
        # what follows reads what other writers wrote, but only for a document that names someone, reports an
        # event or states a relation: one without any (an article the relevance gate left unparsed, mostly) is
        # in with its sentences and commits without queueing behind another worker's resolution
        if lock_after_sentences and _needs_lock(facts):
            _lock_writes(conn, wait=wait)
        ent_ids, new = EntityWriter(conn, self.gazetteer).write(facts) if facts.entities else ({}, 0)
        mention_rows = [
            {"document_id": raw.id, "sentence_id": sent_ids[m.sentence], "entity_id": ent_ids[m.entity],
             "start": m.start, "end": m.end, "text": m.text, "extractor": m.extractor}
            for m in facts.mentions if m.entity in ent_ids
        ]  # fmt: skip
        if mention_rows:
            conn.execute(_INSERT_MENTIONS, mention_rows)
        filed = resolution.file(facts, ent_ids, sent_ids)
        if resolve and (filed or seeds):  # with neither there is nothing to re-decide
            resolution.resolve(filed, seeds)
        relations = [r for r in facts.relations if r.subject in ent_ids and r.object in ent_ids]
        if relations:
            rejected = {id(r) for r in rejected_relations(conn, facts, relations)}
            relations = [r for r in relations if id(r) not in rejected]  # a curator rejected it: it stays out
            self._write_relations(conn, raw.id, relations, ent_ids, sent_ids)
        return WriteResult(raw.id, len(ent_ids), new, len(facts.events), len(relations)), filed

    def _write_sentences(self, conn: Connection, facts: DocFacts) -> dict[int, int]:
        """The document's sentences in one statement that returns their ids (the document's old sentences, if it
        had any, are gone by now)."""
        doc_id = facts.document.id
        if not facts.sentences:
            return {}
        rows = conn.execute(
            _INSERT_SENTENCES,
            [{"document_id": doc_id, "idx": s.index, "start": s.start, "end": s.end, "text": s.text}
             for s in facts.sentences],
        )  # fmt: skip
        return {idx: sid for idx, sid in rows}

    def _write_relations(
        self,
        conn: Connection,
        doc_id: str,
        rels: list[RelationFact],
        ent_ids: dict[str, int],
        sent_ids: dict[int, int],
    ) -> None:
        """The document's relations: the stored ones it repeats read in one query, the dates of each combined
        (in the document's order, as one write each would), the new ones inserted in one statement (in the order
        the document first names them, so they get the ids one insert each would), the changed ones updated in
        another, and every citation in one insert."""
        if not rels:
            return
        triples = list(dict.fromkeys((rel.type, ent_ids[rel.subject], ent_ids[rel.object]) for rel in rels))
        stored: dict[tuple[str, int, int], dict[str, Any]] = {}
        for i in range(0, len(triples), 300):
            some = triples[i : i + 300]
            among = select_rows_in(_RELATIONS, (_r.type, _r.subject_id, _r.object_id), len(some))
            for found in conn.execute(among, rows_params(some)).mappings():
                stored[(found["type"], found["subject_id"], found["object_id"])] = dict(found)
        new: dict[tuple[str, int, int], dict[str, Any]] = {}
        changed: dict[tuple[str, int, int], dict[str, Any]] = {}
        cited: list[tuple[dict[str, Any], RelationFact]] = []
        for rel in rels:
            triple = (rel.type, ent_ids[rel.subject], ent_ids[rel.object])
            start = rel.start.start if rel.start else None
            end = rel.end.start if rel.end else None
            as_of = rel.as_of.start if rel.as_of else None
            row = stored.get(triple)
            if row is None:
                row = stored[triple] = new[triple] = {
                    "type": rel.type, "subject_id": triple[1], "object_id": triple[2],
                    "start": start, "end": end, "as_of": as_of, "extractor": rel.extractor,
                }  # fmt: skip
            else:
                for col, value, later in (("start", start, False), ("end", end, True), ("as_of", as_of, True)):
                    merged = _combine_dates(row[col], value, later=later)
                    if merged != row[col]:
                        row[col] = merged
                        if triple not in new:
                            changed[triple] = row
            cited.append((row, rel))
        if new:
            for type_, subject, object_, rid in conn.execute(_INSERT_RELATIONS, list(new.values())):
                new[(type_, subject, object_)]["id"] = rid
        if changed:
            conn.execute(
                _UPDATE_RELATION_DATES,
                [{"rid": r["id"], "s": r["start"], "e": r["end"], "a": r["as_of"]} for r in changed.values()],
            )
        evidence = [
            {"kind": "relation", "fact_id": row["id"], "document_id": doc_id, "sentence_id": sid,
             "extractor": rel.extractor}
            for row, rel in cited
            for sid in dict.fromkeys(sent_ids[x] for x in rel.sentences if x in sent_ids)
        ]  # fmt: skip
        insert_missing(conn, t.evidence, evidence)


def _combine_dates(have: str | None, new: str | None, *, later: bool) -> str | None:
    """Two reports' dates for one relation's start (or end): the more precise where one refines the other
    ("2014" and "2014-09"), else the earlier start (later end), so any order of reports gives the same."""
    if not have or not new:
        return have or new
    if new.startswith(have) or have.startswith(new):
        return max(have, new, key=len)
    return max(have, new) if later else min(have, new)


def _document_row(facts: DocFacts) -> dict[str, Any]:
    raw = facts.document
    return {
        "id": raw.id,
        "title": raw.title,
        "published": raw.published.isoformat() if raw.published else None,
        "byline": json.dumps(raw.byline),
        "credits": json.dumps(raw.credits),
        "source": raw.source,
        "language": raw.language,
        "path": raw.path,
        "content_hash": raw.content_hash,
        "text": raw.text,
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "extractor": facts.extractor or None,
        "dateline": _dateline_json(raw.dateline),
    }


def _dateline_json(dateline: Dateline | None) -> str | None:
    """A document's dateline as stored: what it says, without its offsets."""
    if dateline is None:
        return None
    fields = {"text": dateline.text, "place": dateline.place, "country": dateline.country,
              "agency": dateline.agency, "date": dateline.date}  # fmt: skip
    return json.dumps({k: v for k, v in fields.items() if v is not None}, ensure_ascii=False)


def _delete_document(conn: Connection, doc_id: str) -> None:
    seeds, entities, relations, legacy = _document_footprint(conn, doc_id)
    conn.execute(delete(t.evidence).where(t.evidence.c.document_id == doc_id))
    conn.execute(delete(t.documents).where(t.documents.c.id == doc_id))
    EventResolution(conn).resolve(seeds=seeds)
    _prune(conn, entities, relations, legacy)


def _document_footprint(conn: Connection, doc_id: str) -> tuple[Seeds, set[int], set[int], set[int]]:
    """What deleting a document touches: the resolution groups and events of its reports, the entities it names,
    the relations and (pre-0005) events it cites."""
    m = t.event_mentions.c
    seeds = Seeds()
    reports = conn.execute(
        select(m.id, m.anchor, m.component, m.event_id).where(m.document_id == doc_id)
    ).all()
    for r in reports:
        if r.component is not None:
            (seeds.anchor_labels if r.anchor else seeds.weak_labels).add(r.component)
        if r.event_id is not None:
            seeds.events.add(r.event_id)
    ids = [r.id for r in reports]
    entities = set(
        conn.execute(select(t.mentions.c.entity_id).where(t.mentions.c.document_id == doc_id)).scalars()
    )
    if ids:
        p, f = t.event_mention_participants.c, t.event_mention_figures.c
        entities |= set(conn.execute(select(p.entity_id).where(p.mention_id.in_(ids))).scalars())
        entities |= set(conn.execute(select(f.said_by_entity_id).where(f.mention_id.in_(ids))).scalars())
        entities |= set(conn.execute(select(m.place_entity_id).where(m.id.in_(ids))).scalars())
    cited = conn.execute(
        select(t.evidence.c.kind, t.evidence.c.fact_id).where(t.evidence.c.document_id == doc_id)
    ).all()
    relations = {r.fact_id for r in cited if r.kind == "relation"}
    legacy = {r.fact_id for r in cited if r.kind == "event"} - seeds.events
    if relations:
        for rel in conn.execute(select(t.relations).where(t.relations.c.id.in_(sorted(relations)))):
            entities |= {rel.subject_id, rel.object_id}
    return seeds, entities - {None}, relations, legacy


def _prune(conn: Connection, entities: set[int], relations: set[int], events: set[int]) -> None:
    """Drop these relations and events if no evidence supports them any more, and these entities if nothing
    mentions them: each checked by an indexed look-up, never a scan of the store."""
    ev = t.evidence.c
    for kind, table, ids in (("relation", t.relations, relations), ("event", t.events, events)):
        for fact_id in sorted(ids):
            cited = conn.execute(select(ev.id).where(ev.kind == kind, ev.fact_id == fact_id).limit(1)).first()
            reported = (
                kind == "event"
                and conn.execute(
                    select(t.event_mentions.c.id).where(t.event_mentions.c.event_id == fact_id).limit(1)
                ).first()
            )
            if cited is None and not reported:
                conn.execute(delete(table).where(table.c.id == fact_id))
    uses = (
        t.mentions.c.entity_id,
        t.event_participants.c.entity_id,
        t.event_mention_participants.c.entity_id,
        t.relations.c.subject_id,
        t.relations.c.object_id,
    )
    for ent in sorted(entities):
        if not any(conn.execute(select(col).where(col == ent).limit(1)).first() for col in uses):
            conn.execute(delete(t.entities).where(t.entities.c.id == ent))


def _needs_lock(facts: DocFacts) -> bool:
    """Whether writing ``facts`` reads what other writers wrote: only a document that names someone, reports an
    event or states a relation does (one the relevance gate left unparsed has none)."""
    return bool(facts.entities or facts.events or facts.relations)


def _lock_writes(conn: Connection, *, wait: bool = True) -> None:
    """On PostgreSQL, take the write lock (``WRITE_LOCK``), held until this transaction ends: wait for it, or
    (``wait=False``) raise ``WriteLockBusy`` if another transaction holds it."""
    if conn.dialect.name != "postgresql":
        return
    if wait:
        conn.execute(_LOCK, {"key": WRITE_LOCK})
    elif not conn.execute(_TRY_LOCK, {"key": WRITE_LOCK}).scalar():
        raise WriteLockBusy("another writer holds the store's write lock")
