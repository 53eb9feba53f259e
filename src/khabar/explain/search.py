"""Sentence retrieval for answers: SQLite FTS5 with BM25 ranking where the store has it (migration 0002),
PostgreSQL's full-text search (``to_tsvector('english', text)``, indexed by migration 0009, ranked by
``ts_rank_cd``), and a plain case-insensitive pattern search on other backends or an SQLite without FTS5.

Besides words, answers look sentences up by the entities they mention (the ``mentions`` table), which is
what makes short names such as "IS" usable: as a word, "is" is in every other sentence.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, and_, func, or_, select, text, true
from sqlalchemy.sql.elements import ColumnElement

from khabar.query.lookup import Citation, newest_documents
from khabar.store import schema as t

__all__ = [
    "Hit",
    "has_fts",
    "has_text_index",
    "ts_query",
    "fts_query",
    "search",
    "sentences",
    "neighbours",
    "mentions_in",
    "Mentioned",
    "entity_sentences",
    "document_sentences",
    "sentences_at",
    "words",
]

FTS = "sentences_fts"
MAX_MATCHES = 5_000  # matching sentences ranked per search: the newest (all of them in all but huge stores)
_WORD = re.compile(r"[^\W_]+")
_CHUNK = 900


@dataclass(frozen=True)
class Hit:
    """A stored sentence; ``score`` is higher for a better match (negated BM25, or terms matched)."""

    id: int
    document: str
    idx: int
    start: int
    end: int
    text: str
    published: str | None
    score: float = 0.0

    def citation(self) -> Citation:
        return Citation(self.document, self.text, self.start, self.end, self.published)


def words(text_: str) -> list[str]:
    """Lower-case word tokens (letters and digits), as FTS5's unicode61 tokenizer splits them."""
    return [w.lower() for w in _WORD.findall(text_)]


def has_fts(conn: Connection) -> bool:
    """Is the FTS5 index of migration 0002 there? (Not on PostgreSQL, nor on an SQLite without FTS5.)"""
    if conn.dialect.name != "sqlite":
        return False
    found = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"), {"n": FTS}
    ).first()
    return found is not None


def fts_query(terms: Iterable[str]) -> str:
    """An FTS5 query matching any of ``terms``; a term of several words is a phrase. "" if no words."""
    out: list[str] = []
    for term in terms:
        toks = words(term)
        if toks:
            q = '"' + " ".join(toks) + '"'
            if q not in out:
                out.append(q)
    return " OR ".join(out)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _row_hit(r: Row[Any], score: float) -> Hit:
    return Hit(r.id, r.document_id, r.idx, r.start, r.end, r.text, r.published, score)


def search(
    conn: Connection,
    terms: Sequence[str],
    *,
    must: Sequence[str] = (),
    within: Collection[int] | None = None,
    limit: int = 100,
) -> list[Hit]:
    """Sentences matching any of ``terms`` (and, if given, any of ``must``), best first.

    ``within`` restricts the search to those sentence ids (say, the sentences of documents about an actor).
    """
    anyq, mustq = fts_query(terms), fts_query(must)
    if not anyq and not mustq:
        return []
    if within is not None and not within:
        return []
    if has_fts(conn):
        match = " AND ".join(f"({q})" for q in (anyq, mustq) if q)
        return _fts(conn, match, within, limit)
    if conn.dialect.name == "postgresql":
        match = " & ".join(f"({q})" for q in (ts_query(terms), ts_query(must)) if q)
        return _pg_fts(conn, match, within, limit)
    return _like(conn, [w for w in terms if words(w)], [w for w in must if words(w)], within, limit)


def _fts(conn: Connection, match: str, within: Collection[int] | None, limit: int) -> list[Hit]:
    inner = f"SELECT rowid AS id, bm25({FTS}) AS r FROM {FTS} WHERE {FTS} MATCH :q"
    outer = (
        'SELECT s.id, s.document_id, s.idx, s.start, s."end", s.text, d.published, m.r FROM ({inner}) AS m '
        "JOIN sentences s ON s.id = m.id JOIN documents d ON d.id = s.document_id ORDER BY m.r LIMIT :n"
    )
    return _ranked(conn, inner, outer, "rowid", -1.0, match, within, limit)


def _ranked(
    conn: Connection,
    inner: str,
    outer: str,
    id_col: str,
    sign: float,
    match: str,
    within: Collection[int] | None,
    limit: int,
) -> list[Hit]:
    """Run a full-text search: ``inner`` finds the matches, of which the newest ``MAX_MATCHES`` are ranked (the
    index walks its matches newest first and stops, so a word common in a million sentences costs no more than
    a rare one); ``outer`` joins and orders them. ``sign`` turns the backend's rank into "higher is better"."""
    hits: list[Hit] = []
    groups: Iterable[Sequence[int] | None] = [None] if within is None else _chunks(sorted(within))
    for ids in groups:
        sql, params = inner, {"q": match, "n": limit, "k": MAX_MATCHES}
        if ids is not None:
            sql += f" AND {id_col} IN ({','.join(str(int(i)) for i in ids)})"
        rows = conn.execute(text(outer.format(inner=f"{sql} ORDER BY {id_col} DESC LIMIT :k")), params)
        hits += [_row_hit(r, sign * float(r.r)) for r in rows]
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits[:limit]


def has_text_index(conn: Connection) -> bool:
    """Can sentences be ranked by a full-text index here (SQLite FTS5, or PostgreSQL's)?"""
    return conn.dialect.name == "postgresql" or has_fts(conn)


def ts_query(terms: Iterable[str]) -> str:
    """A PostgreSQL ``to_tsquery`` text matching any of ``terms``; a term of several words is a phrase."""
    out: list[str] = []
    for term in terms:
        toks = words(term)
        if toks:
            q = " <-> ".join(toks)
            if q not in out:
                out.append(q)
    return " | ".join(f"({q})" for q in out)


_TSV = "to_tsvector('english', s.text)"  # the expression migration 0009 indexes (ix_sentences_tsv)


def _pg_fts(conn: Connection, match: str, within: Collection[int] | None, limit: int) -> list[Hit]:
    inner = f"SELECT s.id, s.text FROM sentences s, to_tsquery('english', :q) AS q(q) WHERE {_TSV} @@ q.q"
    outer = (
        'SELECT s.id, s.document_id, s.idx, s.start, s."end", s.text, d.published, '
        "ts_rank_cd(to_tsvector('english', m.text), q.q) AS r FROM ({inner}) AS m "
        "JOIN sentences s ON s.id = m.id JOIN documents d ON d.id = s.document_id, "
        "to_tsquery('english', :q) AS q(q) ORDER BY r DESC, s.id LIMIT :n"
    )
    return _ranked(conn, inner, outer, "s.id", 1.0, match, within, limit)


def _like(
    conn: Connection, terms: Sequence[str], must: Sequence[str], within: Collection[int] | None, limit: int
) -> list[Hit]:
    """The portable fallback: a sentence scores one point per term it contains (case-insensitive)."""
    low = func.lower(t.sentences.c.text)

    def has(term: str) -> ColumnElement[bool]:
        return low.contains(" ".join(words(term)) if len(words(term)) == 1 else term.lower(), autoescape=True)

    cond: ColumnElement[bool] = or_(*(has(w) for w in terms)) if terms else true()
    if must:
        cond = and_(cond, or_(*(has(w) for w in must)))
    q = (
        select(t.sentences, t.documents.c.published)
        .join(t.documents, t.documents.c.id == t.sentences.c.document_id)
        .where(cond)
    )
    rows = []
    groups: Iterable[Sequence[int] | None] = [None] if within is None else _chunks(sorted(within))
    for ids in groups:
        qq = q if ids is None else q.where(t.sentences.c.id.in_(list(ids)))
        rows += list(conn.execute(qq.order_by(t.sentences.c.id.desc()).limit(max(limit * 20, 2000))))
    hits = []
    for r in rows:
        low_text = r.text.lower()
        score = sum(1.0 for w in (*terms, *must) if w.lower() in low_text)
        hits.append(_row_hit(r, score))
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits[:limit]


def sentences(conn: Connection, ids: Collection[int]) -> dict[int, Hit]:
    """Stored sentences by id."""
    out: dict[int, Hit] = {}
    for chunk in _chunks(sorted(ids)):
        q = (
            select(t.sentences, t.documents.c.published)
            .join(t.documents, t.documents.c.id == t.sentences.c.document_id)
            .where(t.sentences.c.id.in_(list(chunk)))
        )
        out.update({r.id: _row_hit(r, 0.0) for r in conn.execute(q)})
    return out


def neighbours(conn: Connection, hit: Hit, before: int = 0, after: int = 2) -> list[Hit]:
    """The sentences around ``hit`` in its document, in order (``hit`` itself left out)."""
    q = (
        select(t.sentences, t.documents.c.published)
        .join(t.documents, t.documents.c.id == t.sentences.c.document_id)
        .where(
            t.sentences.c.document_id == hit.document,
            t.sentences.c.idx >= hit.idx - before,
            t.sentences.c.idx <= hit.idx + after,
            t.sentences.c.idx != hit.idx,
        )
        .order_by(t.sentences.c.idx)
    )
    return [_row_hit(r, 0.0) for r in conn.execute(q)]


@dataclass(frozen=True)
class Mentioned:
    """An entity named in a sentence: ``start`` is the offset in the document, ``text`` as written."""

    entity: int
    text: str
    type: str
    start: int


def mentions_in(conn: Connection, hits: Collection[Hit]) -> dict[int, list[Mentioned]]:
    """For each sentence: the entities it mentions, in text order."""
    out: dict[int, list[Mentioned]] = {h.id: [] for h in hits}
    docs = sorted({h.document for h in hits})
    ids = sorted(out)
    for dchunk in (docs[i : i + 400] for i in range(0, len(docs), 400)):
        q = (
            select(
                t.mentions.c.sentence_id,
                t.mentions.c.entity_id,
                t.mentions.c.text,
                t.mentions.c.start,
                t.entities.c.type,
            )
            .join(t.entities, t.entities.c.id == t.mentions.c.entity_id)
            .where(t.mentions.c.document_id.in_(dchunk))
            .order_by(t.mentions.c.sentence_id, t.mentions.c.start)
        )
        if len(ids) <= _CHUNK:
            q = q.where(t.mentions.c.sentence_id.in_(ids))
        for r in conn.execute(q):
            if r.sentence_id in out:
                out[r.sentence_id].append(Mentioned(r.entity_id, r.text, r.type, r.start))
    return out


def entity_sentences(
    conn: Connection,
    entity_ids: Collection[int],
    *,
    documents: Collection[str] | None = None,
    max_documents: int = 300,
) -> dict[int, set[int]]:
    """Sentence id → which of ``entity_ids`` it mentions, over the newest ``max_documents`` documents that
    mention any of them (and, if given, are among ``documents``)."""
    if not entity_ids or (documents is not None and not documents):
        return {}
    within = sorted(documents)[:_CHUNK] if documents is not None else None
    docs = newest_documents(conn, entity_ids, max_documents, within=within)
    out: dict[int, set[int]] = {}
    for dchunk in (docs[i : i + 400] for i in range(0, len(docs), 400)):
        q = select(t.mentions.c.sentence_id, t.mentions.c.entity_id).where(
            t.mentions.c.document_id.in_(dchunk), t.mentions.c.entity_id.in_(list(entity_ids))
        )
        for r in conn.execute(q):
            out.setdefault(r.sentence_id, set()).add(r.entity_id)
    return out


def document_sentences(conn: Connection, documents: Collection[str]) -> list[Hit]:
    """Every sentence of the documents, in document and text order."""
    docs = sorted(documents)
    out: list[Hit] = []
    for dchunk in (docs[i : i + 400] for i in range(0, len(docs), 400)):
        q = (
            select(t.sentences, t.documents.c.published)
            .join(t.documents, t.documents.c.id == t.sentences.c.document_id)
            .where(t.sentences.c.document_id.in_(dchunk))
            .order_by(t.sentences.c.document_id, t.sentences.c.idx)
        )
        out += [_row_hit(r, 0.0) for r in conn.execute(q)]
    return out


def sentences_at(conn: Connection, places: Collection[tuple[str, int]]) -> dict[tuple[str, int], Hit]:
    """Stored sentences by (document, index): the sentence after or before one already in hand."""
    wanted = set(places)
    docs = sorted({d for d, _ in wanted})
    out: dict[tuple[str, int], Hit] = {}
    for i in range(0, len(docs), 400):  # by document (its index on sentences), the pairs picked out here
        chunk = docs[i : i + 400]
        idxs = sorted({n for d, n in wanted if d in set(chunk)})
        q = (
            select(t.sentences, t.documents.c.published)
            .join(t.documents, t.documents.c.id == t.sentences.c.document_id)
            .where(t.sentences.c.document_id.in_(chunk), t.sentences.c.idx.in_(idxs))
        )
        out.update(
            {
                (r.document_id, r.idx): _row_hit(r, 0.0)
                for r in conn.execute(q)
                if (r.document_id, r.idx) in wanted
            }
        )
    return out
