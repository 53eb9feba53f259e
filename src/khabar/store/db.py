"""The store: writes one document's facts in one transaction, resolving entities and events on the way.

Everything the backend raises is translated into ``StoreError`` here, at the boundary.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, Row, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from khabar.errors import StoreError
from khabar.extract.figures import finish_figures
from khabar.extract.gazetteer import Gazetteer
from khabar.model import DocFacts, EventFact, LocalEntity, RelationFact, norm_name
from khabar.resolve.entities import KnownEntity, resolve_entity
from khabar.resolve.events import KnownEvent, NewEvent, match_event
from khabar.store import schema as t
from khabar.store.engine import error_text, migrate, open_engine
from khabar.store.portable import bytewise, insert_missing

__all__ = ["Store", "WriteResult"]


@dataclass(frozen=True)
class WriteResult:
    document: str
    entities: int
    new_entities: int
    events: int
    relations: int


class _Known:
    """``resolve.KnownEntities`` over one open connection (so resolution sees this transaction's rows)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.cache: dict[str, list[KnownEntity]] = {}

    def prefetch(self, norms: set[str]) -> None:
        """Read the entities of all a document's names in one query (resolution asks for each name)."""
        norms = {n for n in norms if n and n not in self.cache}
        if not norms:
            return
        q = (
            select(t.entities, t.aliases.c.norm.label("alias_norm"))
            .join(t.aliases, t.aliases.c.entity_id == t.entities.c.id)
            .where(t.aliases.c.norm.in_(sorted(norms)))
            .order_by(t.entities.c.id)
        )
        for n in norms:
            self.cache[n] = []
        for r in self.conn.execute(q):
            self.cache[r.alias_norm].append(self._row(r))

    def forget(self, norms: list[str]) -> None:
        """Names just given to an entity: the next look-up must see the new rows."""
        for n in norms:
            self.cache.pop(n, None)

    @staticmethod
    def _row(r: Row[Any]) -> KnownEntity:
        return KnownEntity(id=r.id, name=r.name, type=r.type, gazetteer_key=r.gazetteer_key)

    def by_gazetteer(self, key: str) -> KnownEntity | None:
        r = self.conn.execute(select(t.entities).where(t.entities.c.gazetteer_key == key)).first()
        return self._row(r) if r else None

    def by_alias(self, norm: str) -> list[KnownEntity]:
        if norm in self.cache:
            return list(self.cache[norm])
        q = (
            select(t.entities)
            .join(t.aliases, t.aliases.c.entity_id == t.entities.c.id)
            .where(t.aliases.c.norm == norm)
            .order_by(t.entities.c.id)
        )
        return [self._row(r) for r in self.conn.execute(q)]

    def similar(self, norm: str, type_: str) -> list[tuple[KnownEntity, str]]:
        q = (
            select(t.entities, t.aliases.c.norm.label("alias_norm"))
            .join(t.aliases, t.aliases.c.entity_id == t.entities.c.id)
            .where(t.entities.c.type == type_, t.aliases.c.norm.like(norm[:1] + "%"))
            .order_by(t.entities.c.id, bytewise(t.aliases.c.norm))  # same candidates, same order, any backend
            .limit(500)
        )
        return [(self._row(r), r.alias_norm) for r in self.conn.execute(q)]


class Store:
    """khabar's database. ``Store("khabar.db")`` opens (and migrates) an SQLite file; a URL opens any
    SQLAlchemy backend with the same schema."""

    def __init__(self, db: str | Path, engine: Engine | None = None) -> None:
        self.engine = engine or open_engine(db)
        migrate(self.engine)
        self.gazetteer = Gazetteer.load()

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
            return conn.execute(
                select(t.documents.c.id).where(t.documents.c.content_hash == content_hash)
            ).scalar_one_or_none()

    def document_hash(self, doc_id: str) -> str | None:
        with self.connect() as conn:
            return conn.execute(
                select(t.documents.c.content_hash).where(t.documents.c.id == doc_id)
            ).scalar_one_or_none()

    def delete_document(self, doc_id: str) -> None:
        """Remove a document and every fact only it supported (facts other documents also state stay)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(t.evidence).where(t.evidence.c.document_id == doc_id))
                conn.execute(delete(t.documents).where(t.documents.c.id == doc_id))
                _prune(conn)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not delete document {doc_id}: {error_text(exc)}") from exc

    # -- writing ----------------------------------------------------------------------------------------
    def write(self, facts: DocFacts) -> WriteResult:
        """Store one document with all its facts, or nothing at all."""
        raw = facts.document
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(t.documents).values(
                        id=raw.id,
                        title=raw.title,
                        published=raw.published.isoformat() if raw.published else None,
                        byline=json.dumps(raw.byline),
                        credits=json.dumps(raw.credits),
                        source=raw.source,
                        language=raw.language,
                        path=raw.path,
                        content_hash=raw.content_hash,
                        text=raw.text,
                        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    )
                )
                sent_ids = self._write_sentences(conn, facts)
                ent_ids, new = self._write_entities(conn, facts)
                mention_rows = [
                    {"document_id": raw.id, "sentence_id": sent_ids[m.sentence], "entity_id": ent_ids[m.entity],
                     "start": m.start, "end": m.end, "text": m.text, "extractor": m.extractor}
                    for m in facts.mentions if m.entity in ent_ids
                ]  # fmt: skip
                if mention_rows:
                    conn.execute(insert(t.mentions), mention_rows)
                n_events = sum(self._write_event(conn, facts, ev, ent_ids, sent_ids) for ev in facts.events)
                n_rel = 0
                for rel in facts.relations:
                    if rel.subject not in ent_ids or rel.object not in ent_ids:
                        continue
                    self._write_relation(conn, raw.id, rel, ent_ids, sent_ids)
                    n_rel += 1
        except IntegrityError as exc:
            raise StoreError(f"{raw.id}: conflicts with what the store holds: {error_text(exc)}") from exc
        except (KeyError, IndexError) as exc:
            raise StoreError(f"{raw.id}: inconsistent facts (a reference to {exc} points nowhere)") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"{raw.id}: could not be stored: {error_text(exc)}") from exc
        return WriteResult(raw.id, len(ent_ids), new, n_events, n_rel)

    def _write_sentences(self, conn: Connection, facts: DocFacts) -> dict[int, int]:
        doc_id = facts.document.id
        if facts.sentences:  # one round trip for all rows, one to read their ids back
            conn.execute(
                insert(t.sentences),
                [{"document_id": doc_id, "idx": s.index, "start": s.start, "end": s.end, "text": s.text}
                 for s in facts.sentences],
            )  # fmt: skip
        rows = conn.execute(
            select(t.sentences.c.idx, t.sentences.c.id).where(t.sentences.c.document_id == doc_id)
        )
        return {r.idx: r.id for r in rows}

    def _write_entities(self, conn: Connection, facts: DocFacts) -> tuple[dict[str, int], int]:
        known = _Known(conn)
        known.prefetch({norm_name(n) for e in facts.entities.values() for n in (e.name, *e.aliases)})
        ids: dict[str, int] = {}
        new = 0
        for key, local in facts.entities.items():
            res = resolve_entity(local, known)
            if res.entity is None:
                ent_id = self._insert_entity(conn, local, known)
                new += 1
            else:
                ent_id = res.entity.id
            ids[key] = ent_id
            known.forget(self._add_aliases(conn, ent_id, {local.name, *local.aliases}, "text"))
        return ids, new

    def _insert_entity(self, conn: Connection, local: LocalEntity, known: _Known) -> int:
        name = local.name
        entry = self.gazetteer.get(local.gazetteer) if local.gazetteer else None
        if entry is not None:
            name = entry.name
        place = local.place
        res = conn.execute(
            insert(t.entities).values(
                name=name,
                type=local.type,
                gazetteer_key=local.gazetteer,
                country=place.country if place else None,
                admin1=place.admin1 if place else None,
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                extractor=local.extractor,
            )
        )
        ent_id = _new_id(res)
        if entry is not None:
            known.forget(self._add_aliases(conn, ent_id, {entry.name, *entry.aliases}, "gazetteer"))
        return ent_id

    @staticmethod
    def _add_aliases(conn: Connection, ent_id: int, names: set[str], source: str) -> list[str]:
        """Give an entity the names it lacks (existing ones are left as they are); returns the keys offered."""
        offered: dict[str, str] = {}  # norm -> alias as written
        for name in sorted(names):
            n = norm_name(name)
            if n and n not in offered:
                offered[n] = name.strip()
        insert_missing(
            conn,
            t.aliases,
            [{"entity_id": ent_id, "norm": n, "alias": a, "source": source} for n, a in offered.items()],
        )
        return list(offered)

    def _write_event(
        self,
        conn: Connection,
        facts: DocFacts,
        ev: EventFact,
        ent_ids: dict[str, int],
        sent_ids: dict[int, int],
    ) -> int:
        doc_id = facts.document.id
        entities = frozenset(ent_ids[p.entity] for p in ev.participants if p.entity in ent_ids)
        place = ev.place
        place_names = frozenset(
            norm_name(x) for x in ((place.name, place.admin1, place.country) if place else ()) if x
        )
        new = NewEvent(
            type=ev.type,
            date=ev.date,
            place_names=place_names,
            country=place.country if place else None,
            entities=entities,
        )
        existing = match_event(new, self._candidate_events(conn, ev))
        if existing is not None:
            event_id = existing.id
            if place is not None:
                row = conn.execute(select(t.events.c.place_name).where(t.events.c.id == event_id)).first()
                if row is not None and row.place_name is None:
                    conn.execute(
                        update(t.events).where(t.events.c.id == event_id).values(**_place_values(ev, ent_ids))
                    )
        else:
            res = conn.execute(
                insert(t.events).values(
                    type=ev.type,
                    subtype=ev.subtype,
                    date_start=ev.date.start if ev.date else None,
                    date_end=ev.date.end if ev.date else None,
                    date_precision=ev.date.precision if ev.date else None,
                    weapons=json.dumps(ev.weapons),
                    targets=json.dumps(ev.targets),
                    trigger=ev.trigger,
                    extractor=ev.extractor,
                    **_place_values(ev, ent_ids),
                )
            )
            event_id = _new_id(res)
        seen: set[tuple[int | None, str | None, str]] = set()
        for p in ev.participants:
            eid = ent_ids.get(p.entity) if p.entity else None
            if (p.entity and eid is None) or (eid, p.text, p.role) in seen:
                continue
            seen.add((eid, p.text, p.role))
            conn.execute(
                insert(t.event_participants).values(
                    event_id=event_id,
                    entity_id=eid,
                    text=p.text,
                    role=p.role,
                    document_id=doc_id,
                    extractor=ev.extractor,
                )
            )
        finish_figures(ev)  # facts built by hand (tests, imports) may give only killed/wounded
        for fig in ev.figures:  # oldest first: the event's own figure is the last non-claim row
            conn.execute(
                insert(t.event_figures).values(
                    event_id=event_id,
                    document_id=doc_id,
                    sentence_id=sent_ids.get(fig.sentence),
                    field=fig.field,
                    min=fig.count.min,
                    max=fig.count.max,
                    text=fig.count.text,
                    extractor=ev.extractor,
                    said_by_entity_id=ent_ids.get(fig.said_by) if fig.said_by else None,
                    said_by_text=fig.said_by_text,
                    claim=int(fig.claim),
                )
            )
        self._evidence(
            conn,
            "event",
            event_id,
            doc_id,
            [sent_ids[s] for s in ev.sentences if s in sent_ids],
            ev.extractor,
        )
        return 1

    @staticmethod
    def _candidate_events(conn: Connection, ev: EventFact) -> list[KnownEvent]:
        """Stored events another report of ``ev`` could be: same type, dated to a day in the same year."""
        if ev.date is None or len(ev.date.start) < 10:
            return []  # resolve.match_event joins reports only on a day
        rows = conn.execute(
            select(t.events)
            .where(
                t.events.c.type == ev.type,
                t.events.c.date_start.like(ev.date.start[:4] + "-__-__"),
            )
            .order_by(t.events.c.id)
        ).fetchall()
        ents: dict[int, set[int]] = {r.id: set() for r in rows}
        if ents:
            for eid, ent in conn.execute(
                select(t.event_participants.c.event_id, t.event_participants.c.entity_id).where(
                    t.event_participants.c.event_id.in_(list(ents)),
                    t.event_participants.c.entity_id.is_not(None),
                )
            ):
                ents[eid].add(ent)
        return [
            KnownEvent(
                id=r.id,
                type=r.type,
                date_start=r.date_start,
                date_end=r.date_end,
                place_names=frozenset(norm_name(x) for x in (r.place_name, r.admin1, r.country) if x),
                country=r.country,
                entities=frozenset(ents[r.id]),
            )
            for r in rows
        ]

    def _write_relation(
        self,
        conn: Connection,
        doc_id: str,
        rel: RelationFact,
        ent_ids: dict[str, int],
        sent_ids: dict[int, int],
    ) -> None:
        s, o = ent_ids[rel.subject], ent_ids[rel.object]
        row = conn.execute(
            select(t.relations).where(
                and_(
                    t.relations.c.type == rel.type,
                    t.relations.c.subject_id == s,
                    t.relations.c.object_id == o,
                )
            )
        ).first()
        start = rel.start.start if rel.start else None
        end = rel.end.start if rel.end else None
        as_of = rel.as_of.start if rel.as_of else None
        if row is None:
            res = conn.execute(
                insert(t.relations).values(
                    type=rel.type,
                    subject_id=s,
                    object_id=o,
                    start=start,
                    end=end,
                    as_of=as_of,
                    extractor=rel.extractor,
                )
            )
            rel_id = _new_id(res)
        else:
            rel_id = row.id
            values = {}
            if start and not row.start:
                values["start"] = start
            if end and not row.end:
                values["end"] = end
            if as_of and (not row.as_of or as_of > row.as_of):
                values["as_of"] = as_of  # the latest report saying it still held
            if values:
                conn.execute(update(t.relations).where(t.relations.c.id == rel_id).values(**values))
        self._evidence(
            conn,
            "relation",
            rel_id,
            doc_id,
            [sent_ids[x] for x in rel.sentences if x in sent_ids],
            rel.extractor,
        )

    @staticmethod
    def _evidence(
        conn: Connection, kind: str, fact_id: int, doc_id: str, sentence_ids: list[int], extractor: str
    ) -> None:
        # the sentences are this document's own, just written: only this document can already cite them
        have = set(conn.execute(select(t.evidence.c.sentence_id).where(
            t.evidence.c.kind == kind, t.evidence.c.fact_id == fact_id, t.evidence.c.document_id == doc_id
        )).scalars())  # fmt: skip
        rows = [
            {"kind": kind, "fact_id": fact_id, "document_id": doc_id, "sentence_id": sid, "extractor": extractor}
            for sid in dict.fromkeys(sentence_ids) if sid not in have
        ]  # fmt: skip
        if rows:
            conn.execute(insert(t.evidence), rows)


def _new_id(res: CursorResult[Any]) -> int:
    key = res.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise StoreError("the database returned no id for a new row")
    return int(key[0])


def _place_values(ev: EventFact, ent_ids: dict[str, int]) -> dict[str, object]:
    p = ev.place
    if p is None:
        return {}
    return {
        "place_entity_id": ent_ids.get(ev.place_entity) if ev.place_entity else None,
        "place_name": p.name,
        "admin1": p.admin1,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
    }


def _prune(conn: Connection) -> None:
    """Drop events and relations no evidence supports any more, and entities nothing mentions."""
    for kind, table in (("event", t.events), ("relation", t.relations)):
        supported = select(t.evidence.c.fact_id).where(t.evidence.c.kind == kind)
        conn.execute(delete(table).where(table.c.id.not_in(supported)))
    used = select(t.mentions.c.entity_id)
    conn.execute(
        delete(t.entities).where(
            t.entities.c.id.not_in(used),
            t.entities.c.id.not_in(
                select(t.event_participants.c.entity_id).where(t.event_participants.c.entity_id.is_not(None))
            ),
        )
    )
