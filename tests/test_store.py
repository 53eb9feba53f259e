"""The store: migrations build exactly the schema, writes are all-or-nothing, re-ingest is a no-op.

Tests taking ``store_db`` run on SQLite and on PostgreSQL (the latter where ``KHABAR_TEST_PG_URL`` is set)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from khabar.errors import ConfigError, StoreError
from khabar.model import DocFacts, EventFact, LocalEntity, Mention, Participant, RawDocument, Sentence
from khabar.store import Store, database_url, open_engine
from khabar.store import schema as t
from khabar.store.engine import current_revision, head_revision


def _facts(doc_id: str = "d1", text: str = "Al-Shabaab attacked Mogadishu.") -> DocFacts:
    raw = RawDocument(id=doc_id, text=text, published=date(2024, 1, 2))
    facts = DocFacts(document=raw, sentences=[Sentence(0, 0, len(text), text)])
    facts.entities["g:shabaab"] = LocalEntity(
        key="g:shabaab", name="Al-Shabaab", type="armed_group", aliases={"Al-Shabaab"}, extractor="test.v1"
    )
    facts.mentions.append(Mention(0, 10, "Al-Shabaab", 0, "g:shabaab", "test.v1"))
    facts.events.append(
        EventFact(
            type="attack",
            sentences=[0],
            extractor="test.v1",
            participants=[Participant("perpetrator", "g:shabaab")],
        )
    )
    return facts


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrations_match_schema(store_db: str) -> None:
    store = Store(store_db)
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), t.metadata)
    # migration 0002's FTS5 index (SQLite only; a virtual table and its shadow tables) is not in schema.py
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("sentences_fts"))]
    # migration 0005's read indexes differ per backend (COLLATE "C", expressions): schema.py only names them
    diff = [d for d in diff if not (d[0] == "remove_index" and d[1].name in t.READ_INDEXES)]
    # and SQLite's trigger-kept totals (entity_counts and its index)
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name == t.COUNTS_TABLE)]
    diff = [d for d in diff if not (d[0] == "remove_index" and d[1].table.name == t.COUNTS_TABLE)]
    assert diff == [], f"schema.py and the migrations differ: {diff}"


def test_sqlite_keeps_no_planner_statistics_of_its_own(tmp_path: Path) -> None:
    # PostgreSQL's writer analyses tables that doubled (store.statistics); SQLite plans without statistics
    store = Store(tmp_path / "k.db")
    store.statistics.every = 0
    store.write(_facts())
    assert not store.statistics.enabled and store.statistics.refresh() == [] and store.statistics.analysed == []


def test_sqlite_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    Store(tmp_path / "k.db")
    con = sqlite3.connect(tmp_path / "k.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_sqlite_writer_copies_its_wal_into_the_database_thousands_of_pages_at_a_time(
    tmp_path: Path,
) -> None:
    """Each document's transaction writes its dirty pages to the WAL; they are copied into the database only once
    WAL_CHECKPOINT_PAGES have gathered (SQLite's default of 1,000 copied the same hot pages again every few
    documents), and all of them are there when the store is closed."""
    from khabar.store.engine import WAL_CHECKPOINT_PAGES

    db = tmp_path / "k.db"
    store = Store(db)
    wal = Path(str(db) + "-wal")
    page = 4096 + 24  # a WAL frame: a page and its header
    n = 0
    while wal.stat().st_size < 1_500 * page:
        n += 1
        store.write(_facts(f"d{n}", f"Al-Shabaab attacked Mogadishu {n} times. " * 40))
        assert n < 400, "the WAL never grew past SQLite's default checkpoint"
    assert wal.stat().st_size < (WAL_CHECKPOINT_PAGES + 200) * page
    store.close()
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == n


def test_a_write_that_may_not_wait_is_an_ordinary_write_when_no_one_holds_the_lock(store_db: str) -> None:
    # SQLite has one writer anyway; PostgreSQL grants the free lock at once (a busy one: test_postgres.py)
    waited = Store(store_db)
    first = waited.write(_facts("d1"))
    second = waited.write(_facts("d2", "Al-Shabaab attacked Kismayo."), wait=False)
    tried = waited.write(_facts("d3", "Al-Shabaab attacked Baidoa."), replace=True, wait=False)
    assert (first.entities, second.entities, tried.entities) == (1, 1, 1)
    assert all(waited.document_hash(d) for d in ("d1", "d2", "d3"))
    with waited.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.entities)).scalar_one() == 1
    waited.close()


def test_reopening_does_not_migrate_again(store_db: str) -> None:
    Store(store_db).write(_facts())
    store = Store(store_db)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.documents)).scalar_one() == 1


def test_write_stores_every_fact_with_its_extractor(store_db: str) -> None:
    store = Store(store_db)
    res = store.write(_facts())
    assert (res.entities, res.events) == (1, 1)
    with store.connect() as conn:
        ev = conn.execute(select(t.events)).one()
        assert ev.extractor == "test.v1"
        evid = conn.execute(select(t.evidence)).one()
        assert (evid.kind, evid.fact_id, evid.document_id) == ("event", ev.id, "d1")
        part = conn.execute(select(t.event_participants)).one()
        assert part.role == "perpetrator" and part.extractor == "test.v1"


def test_gazetteer_entity_is_shared_across_documents(store_db: str) -> None:
    store = Store(store_db)
    f1 = _facts("d1")
    f1.entities["g:shabaab"].gazetteer = "al-shabaab"
    f2 = _facts("d2", "Al-Shabaab fighters attacked a base.")
    f2.entities["g:shabaab"].gazetteer = "al-shabaab"
    store.write(f1)
    store.write(f2)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.entities)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(t.mentions)).scalar_one() == 2


def test_a_failed_write_leaves_nothing_half_written(store_db: str) -> None:
    store = Store(store_db)
    bad = _facts()
    bad.mentions.append(Mention(0, 5, "Al-Sh", 7, "g:shabaab", "test.v1"))  # sentence 7 does not exist
    with pytest.raises(StoreError, match="inconsistent"):
        store.write(bad)
    with store.connect() as conn:
        for table in (t.documents, t.sentences, t.entities, t.mentions, t.events, t.evidence):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0, table.name


def test_same_document_twice_is_refused_by_the_store(store_db: str) -> None:
    store = Store(store_db)
    store.write(_facts())
    with pytest.raises(StoreError, match="d1"):
        store.write(_facts())


def test_delete_document_prunes_facts_only_it_supported(store_db: str) -> None:
    store = Store(store_db)
    store.write(_facts())
    store.delete_document("d1")
    with store.connect() as conn:
        for table in (t.documents, t.events, t.evidence, t.entities):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0, table.name


def test_database_url_rules(tmp_path: Path) -> None:
    assert database_url(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    assert database_url("postgresql+psycopg://u@localhost/k") == "postgresql+psycopg://u@localhost/k"
    assert database_url("postgresql://u:pw@localhost:5433/k") == "postgresql+psycopg://u:pw@localhost:5433/k"
    assert database_url("postgres://u@localhost/k") == "postgresql+psycopg://u@localhost/k"
    with pytest.raises(ConfigError, match="folder"):
        database_url(tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        database_url(tmp_path / "missing" / "a.db")


def test_open_engine_rejects_unknown_backends() -> None:
    with pytest.raises(ConfigError):
        open_engine("nosuchdb://x/y")


def test_json_columns_hold_lists(store_db: str) -> None:
    store = Store(store_db)
    f = _facts()
    f.events[0].weapons = ["explosives"]
    store.write(f)
    with store.connect() as conn:
        assert json.loads(conn.execute(select(t.events.c.weapons)).scalar_one()) == ["explosives"]
