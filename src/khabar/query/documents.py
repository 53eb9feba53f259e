"""Documents as the reader sees them: lists, and one document with its sentences, the facts each sentence is
evidence for, and the entity mentions in it (offsets into the document text, so a view can mark them)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from khabar.errors import NotFoundError
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = [
    "DocumentRow",
    "FactRef",
    "MentionSpan",
    "SentenceView",
    "DocumentView",
    "list_documents",
    "count_documents",
    "document_view",
]


@dataclass(frozen=True)
class DocumentRow:
    id: str
    title: str | None
    published: str | None
    source: str | None


@dataclass(frozen=True)
class FactRef:
    """A fact a sentence is evidence for: ``kind`` event or relation, with a one-line label."""

    kind: str
    id: int
    type: str
    label: str
    entities: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class MentionSpan:
    start: int
    end: int
    text: str
    entity: int
    name: str
    type: str


@dataclass
class SentenceView:
    index: int
    start: int
    end: int
    text: str
    facts: list[FactRef] = field(default_factory=list)
    mentions: list[MentionSpan] = field(default_factory=list)

    @property
    def is_evidence(self) -> bool:
        return bool(self.facts)


@dataclass
class DocumentView:
    id: str
    title: str | None
    published: str | None
    source: str | None
    byline: list[str]
    text: str
    sentences: list[SentenceView]
    entities: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _filtered(q: Select[Any], search: str | None, entity: int | None) -> Select[Any]:
    if search:
        s = search.strip().lower()
        q = q.where(
            or_(
                func.lower(t.documents.c.title).contains(s, autoescape=True),
                func.lower(t.documents.c.text).contains(s, autoescape=True),
            )
        )
    if entity is not None:
        q = q.where(
            t.documents.c.id.in_(select(t.mentions.c.document_id).where(t.mentions.c.entity_id == entity))
        )
    return q


def list_documents(
    conn: Connection,
    *,
    search: str | None = None,
    entity: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[DocumentRow]:
    """Documents, newest published first; ``search`` matches title or text (case-insensitive substring)."""
    q = _filtered(
        select(t.documents.c.id, t.documents.c.title, t.documents.c.published, t.documents.c.source),
        search,
        entity,
    )
    q = q.order_by(bytewise(t.documents.c.published).desc().nulls_last(), bytewise(t.documents.c.id))
    q = q.limit(limit).offset(offset)
    return [DocumentRow(r.id, r.title, r.published, r.source) for r in conn.execute(q)]


def count_documents(conn: Connection, *, search: str | None = None, entity: int | None = None) -> int:
    q = _filtered(select(func.count()).select_from(t.documents), search, entity)
    return int(conn.execute(q).scalar_one())


def _event_labels(conn: Connection, ids: list[int]) -> dict[int, FactRef]:
    out: dict[int, FactRef] = {}
    if not ids:
        return out
    who: dict[int, list[int]] = defaultdict(list)
    for p in conn.execute(
        select(t.event_participants.c.event_id, t.event_participants.c.entity_id)
        .where(t.event_participants.c.event_id.in_(ids), t.event_participants.c.entity_id.is_not(None))
        .order_by(t.event_participants.c.id)  # the order they were stated, on any backend and any index
    ):
        if p.entity_id not in who[p.event_id]:
            who[p.event_id].append(p.entity_id)
    for e in conn.execute(select(t.events).where(t.events.c.id.in_(ids))):
        bits = [e.type.replace("_", " ")]
        if e.date_start:
            bits.append(e.date_start)
        if e.place_name:
            bits.append(f"in {e.place_name}")
        out[e.id] = FactRef("event", e.id, e.type, " ".join(bits), who.get(e.id, []))
    return out


def _relation_labels(conn: Connection, ids: list[int]) -> dict[int, FactRef]:
    out: dict[int, FactRef] = {}
    if not ids:
        return out
    subj = t.entities.alias("subj")
    obj = t.entities.alias("obj")
    q = (
        select(t.relations, subj.c.name.label("sname"), obj.c.name.label("oname"))
        .join(subj, subj.c.id == t.relations.c.subject_id)
        .join(obj, obj.c.id == t.relations.c.object_id)
        .where(t.relations.c.id.in_(ids))
    )
    for r in conn.execute(q):
        label = f"{r.sname} {r.type.replace('_', ' ')} {r.oname}"
        out[r.id] = FactRef("relation", r.id, r.type, label, [r.subject_id, r.object_id])
    return out


def document_view(conn: Connection, doc_id: str) -> DocumentView:
    doc = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).first()
    if doc is None:
        raise NotFoundError(f"no document {doc_id!r} in the store")
    sentences = {
        s.id: SentenceView(s.idx, s.start, s.end, s.text)
        for s in conn.execute(
            select(t.sentences).where(t.sentences.c.document_id == doc_id).order_by(t.sentences.c.idx)
        )
    }
    ev = conn.execute(
        select(t.evidence.c.kind, t.evidence.c.fact_id, t.evidence.c.sentence_id)
        .where(t.evidence.c.document_id == doc_id)
        .order_by(t.evidence.c.id)
    ).fetchall()
    labels = {
        "event": _event_labels(conn, sorted({r.fact_id for r in ev if r.kind == "event"})),
        "relation": _relation_labels(conn, sorted({r.fact_id for r in ev if r.kind == "relation"})),
    }
    for r in ev:
        ref = labels.get(r.kind, {}).get(r.fact_id)
        sent = sentences.get(r.sentence_id)
        if ref is not None and sent is not None and ref not in sent.facts:
            sent.facts.append(ref)
    mq = (
        select(t.mentions, t.entities.c.name, t.entities.c.type)
        .join(t.entities, t.entities.c.id == t.mentions.c.entity_id)
        .where(t.mentions.c.document_id == doc_id)
        .order_by(t.mentions.c.start, t.mentions.c.end.desc())
    )
    counts: dict[int, dict[str, Any]] = {}
    for m in conn.execute(mq):
        sent = sentences.get(m.sentence_id)
        if sent is not None:
            sent.mentions.append(MentionSpan(m.start, m.end, m.text, m.entity_id, m.name, m.type))
        c = counts.setdefault(m.entity_id, {"id": m.entity_id, "name": m.name, "type": m.type, "mentions": 0})
        c["mentions"] += 1
    entities = sorted(counts.values(), key=lambda c: (-c["mentions"], c["name"].lower()))
    return DocumentView(
        doc.id,
        doc.title,
        doc.published,
        doc.source,
        json.loads(doc.byline or "[]"),
        doc.text,
        list(sentences.values()),
        entities,
    )
