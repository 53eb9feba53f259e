"""The write path's statements run on the driver once compiled (``store.fastpath``): the same store as
SQLAlchemy's own execution on SQLite and PostgreSQL, the same errors, and SQLAlchemy wherever the fast path does
not apply."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, MetaData, bindparam, event, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from khabar.errors import StoreError
from khabar.model import DocFacts, RawDocument, Sentence
from khabar.store import Store, open_engine
from khabar.store import schema as t
from khabar.store.fastpath import FastConnection, FastResult, begin
from tests.conftest import empty_schema
from tests.resolution_docs import lahore_park_week, peshawar_week, retold_examples


def _rows(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the FTS index's own tables and Alembic's aside), the ingest time left out."""
    engine = open_engine(db)
    try:
        names = [n for n in inspect(engine).get_table_names() if "fts" not in n and n != "alembic_version"]
        meta = MetaData()
        with warnings.catch_warnings():  # expression indexes are not reflected: the rows are what is compared
            warnings.filterwarnings("ignore", "Skipped unsupported reflection")
            meta.reflect(engine, only=names)
        out = {}
        with engine.connect() as conn:
            for name in names:
                table = meta.tables[name]
                cols = [c for c in table.columns if c.name != "ingested_at"]
                out[name] = sorted((tuple(r) for r in conn.execute(select(*cols))), key=repr)
        return out
    finally:
        engine.dispose()


def _empty(store_db: str, name: str) -> str:
    """An empty database of the backend of ``store_db``: another file beside it, or its PostgreSQL schema
    emptied."""
    if "://" not in store_db:
        return str(Path(store_db).with_name(f"{name}.db"))
    return empty_schema(store_db)


def _sqlalchemy_only(store: Store) -> None:
    """A cursor-execute listener: the fast path steps aside for connections that have one."""
    event.listen(store.engine, "before_cursor_execute", lambda *a: None)


def _written(db: str, docs: list[DocFacts], *, fast: bool) -> dict[str, list[tuple[Any, ...]]]:
    store = Store(db)
    if not fast:
        _sqlalchemy_only(store)
    for d in docs:
        store.write(d)
    store.close()
    return _rows(db)


def test_a_retold_corpus_written_on_the_driver_is_the_store_sqlalchemy_writes(store_db: str) -> None:
    """Entities, names, index keys, events, reports, figures, citations, counters: row for row the same, on
    SQLite and on PostgreSQL."""
    docs = retold_examples(60, seed=11) + lahore_park_week() + peshawar_week()
    fast = _written(_empty(store_db, "fast"), docs, fast=True)
    slow = _written(_empty(store_db, "slow"), docs, fast=False)
    assert fast["events"] and fast["entities"] and fast["event_mentions"]
    assert fast == slow


def test_most_of_a_write_runs_on_the_driver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first document, the write path's statements skip SQLAlchemy's execution."""
    docs = retold_examples(18, seed=3)
    store = Store(tmp_path / "k.db")
    for d in docs[:6]:
        store.write(d)
    calls: list[object] = []
    real = Connection.execute

    def counted(self: Connection, statement: Any, *a: Any, **kw: Any) -> Any:
        calls.append(statement)
        return real(self, statement, *a, **kw)

    monkeypatch.setattr(Connection, "execute", counted)
    for d in docs[6:12]:
        store.write(d)
    through_sqlalchemy = len(calls)
    monkeypatch.setattr(Connection, "execute", real)
    _sqlalchemy_only(store)
    calls.clear()
    monkeypatch.setattr(Connection, "execute", counted)
    for d in docs[12:]:
        store.write(d)
    assert calls, "without the fast path every statement goes through SQLAlchemy"
    assert through_sqlalchemy < len(calls) / 3
    store.close()


@pytest.fixture
def conn(tmp_path: Path) -> Any:
    store = Store(tmp_path / "k.db")
    with begin(store.engine) as c:
        assert isinstance(c, FastConnection)
        yield c
    store.close()


_ADD_DOC = insert(t.documents)
_DOCS_BY_ID = select(t.documents.c.id, t.documents.c.title).where(
    t.documents.c.id.in_(bindparam("ids", expanding=True))
)
_ADD_ENTITY = insert(t.entities)
_ENTITY = select(t.entities.c.id, t.entities.c.name, t.entities.c.lat).where(
    t.entities.c.id == bindparam("e")
)


def _doc(i: int) -> dict[str, Any]:
    return {"id": f"d{i}", "title": f"Report {i}", "text": f"text {i}", "content_hash": f"h{i}",
            "ingested_at": "2024-01-01T00:00:00+00:00"}  # fmt: skip


def test_results_answer_as_sqlalchemy_results_do(conn: Any) -> None:
    for round_ in range(2):  # the first run of a statement is SQLAlchemy's, the second the driver's
        conn.execute(_ADD_DOC, [_doc(2 * round_), _doc(2 * round_ + 1)])
        rows = conn.execute(_DOCS_BY_ID, {"ids": [f"d{2 * round_}", f"d{2 * round_ + 1}", "nope"]}).all()
        assert sorted((r.id, r.title) for r in rows) == [
            (f"d{2 * round_}", f"Report {2 * round_}"),
            (f"d{2 * round_ + 1}", f"Report {2 * round_ + 1}"),
        ]
    result = conn.execute(_DOCS_BY_ID, {"ids": ["d3"]})
    assert isinstance(result, FastResult)
    assert result.first()._mapping == {"id": "d3", "title": "Report 3"}
    assert conn.execute(_DOCS_BY_ID, {"ids": ["d3"]}).mappings().all() == [{"id": "d3", "title": "Report 3"}]
    assert conn.execute(_DOCS_BY_ID, {"ids": ["d3"]}).scalar_one() == "d3"
    assert conn.execute(_DOCS_BY_ID, {"ids": ["none"]}).scalar_one_or_none() is None
    assert conn.execute(_DOCS_BY_ID, {"ids": []}).all() == []  # an empty IN: SQLAlchemy's own rendering
    ids = []
    for name in ("Kabul", "Herat"):  # lat as a float, the key the driver gave
        ids.append(
            conn.execute(
                _ADD_ENTITY, {"name": name, "type": "location", "lat": 34, "extractor": "test.v1"}
            ).inserted_primary_key[0]
        )
    row = conn.execute(_ENTITY, {"e": ids[1]}).one()
    assert (row.id, row.name, row.lat) == (ids[1], "Herat", 34.0) and isinstance(row.lat, float)


def test_rows_inserted_together_come_back_on_the_driver_in_the_order_given(store_db: str) -> None:
    """Several rows inserted with a RETURNING (a document's sentences): from the second run on the driver, on SQLite
    a row at a time, on PostgreSQL all in one psycopg pipeline; each row's values come back in the order given."""
    store = Store(store_db)
    added = insert(t.sentences).returning(t.sentences.c.idx, t.sentences.c.id)

    def rows(first: int) -> list[dict[str, Any]]:
        return [{"document_id": "d1", "idx": i, "start": 0, "end": 1, "text": f"s{i}"} for i in range(first, first + 4)]

    try:
        with begin(store.engine) as c:
            c.execute(_ADD_DOC, [_doc(1)])
            first = c.execute(added, rows(0))
            assert not isinstance(first, FastResult)  # its first run is SQLAlchemy's
            runs = [[tuple(r) for r in first.all()]]
            for n in (4, 8):
                again = c.execute(added, rows(n))
                assert isinstance(again, FastResult) and again.rowcount == 4
                runs.append([tuple(r) for r in again.all()])
        returned = [row for run in runs for row in run]
        assert [idx for idx, _id in returned] == list(range(12))
        ids = [i for _idx, i in returned]
        assert ids == sorted(ids) and len(set(ids)) == 12  # each row its own new id, in insertion order
        with store.connect() as c:
            stored = dict(c.execute(select(t.sentences.c.idx, t.sentences.c.id)).all())
        assert stored == dict(returned)
    finally:
        store.close()


def test_a_union_of_limited_probes_runs_on_the_driver_with_sqlalchemys_answer(conn: Any) -> None:
    """The entity writer probes several keys at once as a UNION ALL of one limited, ordered select a key: on the
    driver from its second run, with the rows SQLAlchemy gives (each key's first ones by id, in key order)."""
    from khabar.store.entities import _probes

    ids = [conn.execute(_ADD_ENTITY, {"name": f"P{i}", "type": "person", "extractor": "test.v1"}).inserted_primary_key[0]
           for i in range(5)]  # fmt: skip
    conn.execute(insert(t.entity_keys), [{"key": "sur:a" if i < 3 else "sur:b", "entity_id": e} for i, e in enumerate(ids)])
    statement = _probes(3, 2, True)
    params = {"k0": "sur:a", "k1": "sur:b", "k2": "sur:none"}
    first = conn.execute(statement, params)
    assert not isinstance(first, FastResult)
    expected = [tuple(r) for r in first.all()]
    assert expected == [("sur:a", ids[0]), ("sur:a", ids[1]), ("sur:b", ids[3]), ("sur:b", ids[4])]
    again = conn.execute(statement, params)
    assert isinstance(again, FastResult)
    assert [tuple(r) for r in again.all()] == expected
    assert [r.key for r in conn.execute(statement, params)] == ["sur:a", "sur:a", "sur:b", "sur:b"]


def test_a_statement_built_per_call_stays_with_sqlalchemy(conn: Any) -> None:
    for i in range(3):
        result = conn.execute(select(t.documents.c.id).where(t.documents.c.id == f"d{i}"))
        assert not isinstance(result, FastResult)
    result = conn.execute(text("SELECT count(*) FROM documents"))
    assert not isinstance(result, FastResult)
    optioned = select(t.documents.c.id).execution_options(yield_per=10)  # options are SQLAlchemy's to honour
    assert not any(isinstance(conn.execute(optioned), FastResult) for _ in range(3))
    constant = select(t.documents.c.id)
    assert [isinstance(conn.execute(constant), FastResult) for _ in range(3)] == [False, True, True]


def test_driver_errors_come_out_as_sqlalchemys(conn: Any) -> None:
    conn.execute(_ADD_DOC, _doc(1))
    conn.execute(_ADD_DOC, _doc(2))
    with pytest.raises(IntegrityError):
        conn.execute(_ADD_DOC, _doc(1))  # the same id again, now on the driver


def test_postgresql_sends_what_returns_nothing_without_waiting(pg_db: str) -> None:
    """On psycopg, statements whose results nobody reads (inserts and updates without a RETURNING) go out in one
    pipeline, and the next statement that reads takes their results in first: it sees what they wrote, in order."""
    store = Store(pg_db)
    try:
        with begin(store.engine) as c:
            c.execute(_ADD_DOC, [_doc(1)])  # SQLAlchemy's first run
            c.execute(_ADD_DOC, [_doc(2), _doc(3)])
            assert c._pipeline is not None  # sent, not waited for
            c.execute(_ADD_DOC, _doc(4))
            rows = c.execute(_DOCS_BY_ID, {"ids": ["d1", "d2", "d3", "d4"]}).all()
            assert c._pipeline is None
            assert sorted(r.id for r in rows) == ["d1", "d2", "d3", "d4"]
            c.execute(_ADD_DOC, _doc(5))
            assert c._pipeline is not None
            counted = c.execute(text("SELECT count(*) FROM documents"))  # SQLAlchemy's own path too
            assert counted.scalar_one() == 5
            assert c._pipeline is None
            c.execute(_ADD_DOC, _doc(6))  # left in the pipeline at the end: in with the commit
        with store.connect() as c:
            assert c.execute(text("SELECT count(*) FROM documents")).scalar_one() == 6
    finally:
        store.close()


def test_a_textual_statement_is_read_unless_declared_to_return_nothing(pg_db: str) -> None:
    """A ``text()`` statement does not say whether it returns rows: on psycopg the fast path reads its result (a
    ``SELECT`` of a function must give its value, after the first run as at it), and sends one without waiting only
    once it is declared result-less (``no_rows``)."""
    from khabar.store.fastpath import no_rows

    store = Store(pg_db)
    answer = text("SELECT 40 + :n")
    quiet = no_rows(text("SET LOCAL statement_timeout = 60000"))
    try:
        with begin(store.engine) as c:
            assert [c.execute(answer, {"n": n}).scalar() for n in (1, 2, 3)] == [41, 42, 43]
            assert c._pipeline is None
            c.execute(quiet)  # SQLAlchemy's first run
            c.execute(quiet)
            assert c._pipeline is not None  # sent, not waited for
            assert c.execute(answer, {"n": 4}).scalar() == 44 and c._pipeline is None
    finally:
        store.close()


@pytest.mark.parametrize("then_read", [True, False])
def test_an_error_in_the_pipeline_fails_the_transaction(pg_db: str, then_read: bool) -> None:
    """A statement sent without waiting fails: its error comes out (as SQLAlchemy's) at the next statement that
    reads or at the end of the transaction, and the whole transaction is rolled back."""
    store = Store(pg_db)
    try:
        with begin(store.engine) as c:
            c.execute(_ADD_DOC, [_doc(1)])
            c.execute(_ADD_DOC, [_doc(2)])
        with pytest.raises(IntegrityError), begin(store.engine) as c:
            c.execute(_ADD_DOC, [_doc(3)])
            c.execute(_ADD_DOC, [_doc(1)])  # the same id again: sent, its error not read yet
            if then_read:
                c.execute(_DOCS_BY_ID, {"ids": ["d3"]})
        with store.connect() as c:
            assert sorted(c.execute(select(t.documents.c.id)).scalars()) == ["d1", "d2"]
        with begin(store.engine) as c:  # the connection is fine for the next transaction
            c.execute(_ADD_DOC, [_doc(3)])
    finally:
        store.close()


def test_a_document_that_conflicts_fails_alone_with_the_same_message(store_db: str) -> None:
    store = Store(store_db)

    def facts(doc_id: str, body: str) -> DocFacts:
        return DocFacts(
            document=RawDocument(id=doc_id, text=body, published=date(2024, 5, 2)),
            sentences=[Sentence(0, 0, len(body), body)],
            extractor="test.v1",
        )

    for i in range(3):
        store.write(facts(f"n{i}", f"The market reopened on day {i}."))
    with pytest.raises(StoreError, match="n1: conflicts with what the store holds"):
        store.write(facts("n1", "Another text under a stored id."))
    store.write(facts("n3", "The market closed early."))
    store.close()
    assert sorted(r[0] for r in _rows(store_db)["documents"]) == ["n0", "n1", "n2", "n3"]
