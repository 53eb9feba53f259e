"""PostgreSQL as the second backend: the same articles give the same knowledge graph as on SQLite.

The tests that need a server use ``pg_url`` (tests/conftest.py), which skips where ``KHABAR_TEST_PG_URL`` is
unset; ``.ci/run`` starts a local server and sets it. The store's own write/read/transaction tests run on both
backends in tests/test_store.py.
"""

from __future__ import annotations

import importlib.util
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from khabar import Khabar
from khabar.cli.main import main
from khabar.errors import ConfigError
from khabar.query.export import validate_facts
from khabar.store import open_engine
from tests.conftest import REPO
from tests.texts import KABUL_AIRPORT, KABUL_AIRPORT_META, MOGADISHU, PESHAWAR

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The test texts (with sidecars) and the repository's own examples: text, HTML, JSONL and RSS."""
    d = tmp_path_factory.mktemp("articles")
    (d / "kabul.txt").write_text(KABUL_AIRPORT, encoding="utf-8")
    (d / "kabul.meta.json").write_text(json.dumps(KABUL_AIRPORT_META), encoding="utf-8")
    (d / "peshawar.txt").write_text(PESHAWAR, encoding="utf-8")
    (d / "peshawar.meta.json").write_text(json.dumps({"published": "2023-01-30"}), encoding="utf-8")
    (d / "mogadishu.txt").write_text(MOGADISHU, encoding="utf-8")
    return [d, EXAMPLES]


@pytest.fixture(scope="module")
def dbs(pg_url: str, corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The same corpus ingested with ``Khabar(db).ingest`` into SQLite and into PostgreSQL."""
    out = {"sqlite": str(tmp_path_factory.mktemp("sqlite") / "k.db"), "postgresql": pg_url}
    outcomes = {}
    for backend, db in out.items():
        with Khabar(db) as kb:
            report = kb.ingest(corpus)
        outcomes[backend] = [(o.source, o.status, o.document, o.entities, o.events) for o in report.outcomes]
    assert outcomes["sqlite"] == outcomes["postgresql"], "the two backends ingested the corpus differently"
    assert sum(o[1] == "ingested" for o in outcomes["sqlite"]) >= 3, outcomes["sqlite"]
    return out


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    """An export with its ids replaced by list positions, and documents in id order (their export order
    follows ``ingested_at``, a clock time): what two backends given the same input must agree on."""
    ids: dict[str, str] = {}
    for key in ("entities", "events", "relations"):
        for i, item in enumerate(data[key]):
            ids[item["id"]] = f"{key}#{i}"

    def walk(x: Any, key: str = "") -> Any:
        if isinstance(x, dict):
            return {k: walk(v, k) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        if key in ("id", "subject", "object", "entity") and isinstance(x, str):
            return ids.get(x, x)
        return x

    out: dict[str, Any] = walk(data)
    out["documents"] = sorted(out["documents"], key=lambda d: d["id"])
    return out


def _without_ids(x: Any) -> Any:
    """CLI JSON without the database's row ids (which two backends may number differently)."""
    if isinstance(x, dict):
        return {k: _without_ids(v) for k, v in x.items() if k not in ("id", "other_id")}
    if isinstance(x, list):
        return [_without_ids(v) for v in x]
    return x


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_export_on_postgres_validates_and_equals_the_sqlite_export(dbs: dict[str, str]) -> None:
    exports = {}
    for backend, db in dbs.items():
        with Khabar(db) as kb:
            exports[backend] = kb.export()
    validate_facts(exports["postgresql"])
    pg, lite = _canonical(exports["postgresql"]), _canonical(exports["sqlite"])
    assert pg["entities"] and pg["events"]
    for key in ("documents", "entities", "events", "relations"):
        assert pg[key] == lite[key], f"{key} differ between PostgreSQL and SQLite"
    assert pg == lite


@pytest.mark.parametrize(
    "args",
    [
        ("entities", "--json", "--limit", "1000"),
        ("entities", "--type", "armed_group", "--json"),
        ("entities", "--search", "taliban", "--json"),
        ("events", "--json", "--limit", "1000"),
        ("events", "--since", "2016", "--until", "2022-06", "--json"),
        ("events", "--actor", "ISKP", "--json"),
        ("events", "--country", "afghanistan", "--json"),
        ("show", "ISKP", "--json"),
        ("show", "Taliban", "--json"),
    ],
    ids=lambda a: " ".join(a[:3]),
)
def test_cli_reads_the_same_from_both_backends(
    dbs: dict[str, str], capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    results = {}
    for backend, db in dbs.items():
        code, out, err = _cli(capsys, "--db", db, *args)
        assert code == 0, f"{backend}: {err}"
        results[backend] = _without_ids(json.loads(out))
    assert results["sqlite"], f"{args} found nothing: the comparison would prove nothing"
    assert results["postgresql"] == results["sqlite"]


def test_cli_ingest_into_postgres_knows_its_duplicates(
    dbs: dict[str, str], corpus: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(capsys, "--db", dbs["postgresql"], "ingest", "--quiet", str(corpus[0]))
    assert code == 0, err
    assert "ingested 0, duplicate 3, failed 0" in out


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # nothing listens once the socket is closed


def test_unreachable_postgres_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    port = _closed_port()
    url = f"postgresql://khabar:s3cret@127.0.0.1:{port}/khabar"
    code, out, err = _cli(capsys, "--db", url, "entities")
    assert code == 2 and not out
    assert len(err.strip().splitlines()) == 1, err
    assert "cannot open database" in err and f"127.0.0.1:{port}" in err
    assert "s3cret" not in err and "Traceback" not in err and "sqlalche.me" not in err


def test_a_url_without_driver_means_psycopg_3() -> None:
    engine = open_engine("postgresql://khabar@127.0.0.1:1/khabar")  # no connection is made yet
    assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")


def test_a_driver_that_is_not_installed_is_a_config_error() -> None:
    if importlib.util.find_spec("psycopg2") is not None:
        pytest.skip("psycopg2 is installed here")
    with pytest.raises(ConfigError, match="not installed.*khabar\\[postgres\\]") as info:
        open_engine("postgresql+psycopg2://khabar:s3cret@127.0.0.1/khabar")
    assert "s3cret" not in str(info.value)


# -- the write lock and the commits of a Dask task ---------------------------------------------------------------


def _column(admin: Any, sql: str, **params: Any) -> list[Any]:
    """The first column of a query's rows, read in a connection of its own."""
    from sqlalchemy import text

    with admin.connect() as conn:
        return [r[0] for r in conn.execute(text(sql), params)]


def _waiting_on_the_write_lock(admin: Any) -> list[int]:
    """Server processes of this database waiting for khabar's write lock (an advisory lock not yet granted)."""
    from khabar.store.db import WRITE_LOCK

    return _column(
        admin,
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND ((classid::bigint << 32) | objid::bigint) = :key",
        key=WRITE_LOCK,
    )


def _tables_locked_by(admin: Any, pid: int) -> set[str]:
    """The tables a server process has written in its open transaction."""
    return set(
        _column(
            admin,
            "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            " WHERE l.pid = :pid AND l.granted AND l.mode = 'RowExclusiveLock'",
            pid=pid,
        )
    )


def _in_thread_while_locked(pg_db: str, action: Any) -> tuple[set[str], list[BaseException]]:
    """Hold the write lock in another session, run ``action`` in a thread until it waits for the lock, note the
    tables it has written by then, release the lock and let it finish."""
    import threading
    import time

    from sqlalchemy import create_engine, text

    from khabar.store.db import WRITE_LOCK

    admin = create_engine(pg_db)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    try:
        with admin.connect() as holder:
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK})
            worker = threading.Thread(target=run)
            worker.start()
            deadline = time.monotonic() + 20
            while not (waiting := _waiting_on_the_write_lock(admin)) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert waiting, "the write never waited for the write lock"
            written = _tables_locked_by(admin, waiting[0])
            assert worker.is_alive()
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITE_LOCK})
            holder.commit()
        worker.join(30)
        assert not worker.is_alive()
    finally:
        admin.dispose()
    return written, errors


def test_a_new_document_goes_in_before_its_write_waits_for_the_lock(pg_db: str) -> None:
    from khabar.store import Store
    from tests.test_store import _facts

    store = Store(pg_db)
    try:
        written, errors = _in_thread_while_locked(pg_db, lambda: store.write(_facts("d1")))
        assert not errors
        # its own rows are in; entities and event reports, which read what other writers wrote, wait
        assert {"documents", "sentences"} <= written
        assert not written & {"entities", "event_mentions", "mentions"}
        assert store.document_hash("d1") is not None
        # deleting a document re-decides events (as curating does): it waits for the lock from the start
        written, errors = _in_thread_while_locked(pg_db, lambda: store.delete_document("d1"))
        assert not errors and not written & {"documents", "events", "evidence"}
        assert store.document_hash("d1") is None
    finally:
        store.close()


def test_a_document_that_names_no_one_and_reports_nothing_never_waits_for_the_lock(pg_db: str) -> None:
    # an off-topic article (the relevance gate left it unparsed): nothing of it reads what other writers wrote,
    # so it must not queue behind another worker's resolution
    import threading

    from sqlalchemy import create_engine, text

    from khabar.model import DocFacts, RawDocument, Sentence
    from khabar.store import Store
    from khabar.store.db import WRITE_LOCK

    body = "The council opened a new library on the high street. Children queued for the first books."
    quiet = DocFacts(document=RawDocument(id="q1", text=body), sentences=[Sentence(0, 0, len(body), body)])
    store, admin = Store(pg_db), create_engine(pg_db)
    done = threading.Event()
    try:
        with admin.connect() as holder:
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK})
            worker = threading.Thread(target=lambda: (store.write(quiet), done.set()))
            worker.start()
            wrote_while_locked = done.wait(20)
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITE_LOCK})
            holder.commit()
            worker.join(30)
        assert wrote_while_locked and store.document_hash("q1") is not None
        # a document that names someone still waits (test above), as its entities are resolved against others'
        written, errors = _in_thread_while_locked(pg_db, lambda: store.write(_facts_named("n1")))
        assert not errors and "entities" not in written
    finally:
        store.close()
        admin.dispose()


def _facts_named(doc_id: str) -> Any:
    from tests.test_store import _facts

    facts = _facts(doc_id, "Al-Shabaab was named in a statement.")
    facts.events.clear()
    return facts


def test_a_write_that_may_not_wait_gives_way_to_another_writer_and_loses_nothing(pg_db: str) -> None:
    """``Store.write(wait=False)``: while another session holds the write lock, a document that would need it
    is not written at all (``WriteLockBusy``; the caller tries again later), one that needs no lock goes in; once
    the lock is free the same call writes the document as a waiting write would."""
    from sqlalchemy import create_engine, text

    from khabar.errors import WriteLockBusy
    from khabar.model import DocFacts, RawDocument, Sentence
    from khabar.store import Store
    from khabar.store.db import WRITE_LOCK
    from tests.test_store import _facts

    body = "The ferry timetable changes next month. Two new routes open in spring."
    quiet = DocFacts(document=RawDocument(id="q1", text=body), sentences=[Sentence(0, 0, len(body), body)])
    store, admin = Store(pg_db), create_engine(pg_db)
    try:
        with admin.connect() as holder:
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK})
            for facts in (_facts("d1"), _facts_named("n1")):
                with pytest.raises(WriteLockBusy):
                    store.write(facts, wait=False)
            # nothing of them went in: not the document, not its sentences
            for table in ("documents", "sentences", "entities", "event_mentions"):
                assert _column(admin, f"SELECT count(*) FROM {table}") == [0], table
            assert store.write(quiet, wait=False).document == "q1"
            with Khabar(pg_db) as kb, pytest.raises(WriteLockBusy):  # a worker's write says so, not "failed"
                kb._store_one(_facts("d1"), wait=False)
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITE_LOCK})
            holder.commit()
        done = store.write(_facts("d1"), wait=False)
        assert (done.entities, done.events) == (1, 1)
        store.write(_facts_named("n1"), wait=False)
        assert _column(admin, "SELECT count(*) FROM entities") == [1]  # the group both name, resolved as one
        assert _column(admin, "SELECT count(*) FROM documents") == [3]
    finally:
        store.close()
        admin.dispose()


def test_unflushed_commits_wait_for_the_disk_once_at_the_end(pg_db: str) -> None:
    from sqlalchemy import event

    from khabar.store import Store
    from tests.test_store import _facts

    store = Store(pg_db)
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda c, cur, statement, *a: seen.append(statement))
    try:
        with store.unflushed_commits():
            store.write(_facts("d1"))
            with store.unflushed_commits():  # nested: one flush, by the outer block
                store.write(_facts("d2", "Al-Shabaab attacked Kismayo."))
        no_wait = [i for i, s in enumerate(seen) if s == "SET LOCAL synchronous_commit = off"]
        flush = [i for i, s in enumerate(seen) if s == "SELECT txid_current()"]
        assert len(no_wait) == 2 and len(flush) == 1 and flush[0] == len(seen) - 1
        seen.clear()
        store.write(_facts("d3", "Al-Shabaab attacked Baidoa."))  # outside: commits wait as they always did
        assert "SET LOCAL synchronous_commit = off" not in seen and "SELECT txid_current()" not in seen
        assert all(store.document_hash(d) for d in ("d1", "d2", "d3"))
    finally:
        store.close()


# -- planner statistics of a store that grows fast ---------------------------------------------------------------


def _grow(store: Any, first: int, count: int) -> None:
    """``count`` more documents, each with an event report of its own (a place and a day of its own)."""
    from tests.test_store import _facts

    for n in range(first, first + count):
        store.write(_facts(f"g{n}", f"Al-Shabaab attacked a checkpoint in district {n} on its market day."))


def _relation_stats(admin: Any, table: str) -> tuple[int, float]:
    from sqlalchemy import text

    with admin.connect() as conn:
        row = conn.execute(text("SELECT relpages, reltuples FROM pg_class WHERE relname = :t"), {"t": table}).one()
    return int(row[0]), float(row[1])


def test_a_fast_growing_store_is_analysed_as_its_tables_double(pg_db: str) -> None:
    # a new store's tables have no statistics, and autovacuum looks once a minute: the writer analyses them
    from sqlalchemy import create_engine, func, select

    from khabar.store import Store
    from khabar.store import schema as t

    store, admin = Store(pg_db), create_engine(pg_db)
    store.statistics.every = 0  # look before every write (the default is once a second)
    try:
        assert _relation_stats(admin, "event_mentions")[1] < 0  # never analysed
        _grow(store, 0, 120)
        analysed = [name for done in store.statistics.analysed for name in done]
        assert {"documents", "sentences", "event_mentions", "event_mention_keys"} <= set(analysed)
        with store.connect() as conn:
            reports = conn.execute(select(func.count()).select_from(t.event_mentions)).scalar_one()
        pages, tuples = _relation_stats(admin, "event_mentions")
        assert pages >= 2 and reports / 2 <= tuples <= reports  # the planner knows the table's size
        # geometric: a table is analysed again only once it has doubled, not at every write
        assert max(analysed.count(name) for name in set(analysed)) <= 6
        assert store.statistics.refresh() == []
        _grow(store, 120, 200)
        assert _relation_stats(admin, "event_mentions")[0] > pages
    finally:
        store.close()
        admin.dispose()


def test_one_process_analyses_at_a_time_and_a_failed_check_never_fails_a_write(
    pg_db: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import create_engine, text

    from khabar.store import Store, statistics

    store, admin = Store(pg_db), create_engine(pg_db)
    store.statistics.every = 0
    try:
        with admin.connect() as holder:  # another writer is analysing: this one skips its turn
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": statistics._ANALYZE_LOCK})
            _grow(store, 0, 40)
            assert store.statistics.analysed == [] and store.statistics.enabled
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": statistics._ANALYZE_LOCK})
            holder.commit()
        assert "documents" in store.statistics.refresh()
        # the check itself breaks (say, a catalogue this role may not read): the write goes on, checks stop
        monkeypatch.setattr(statistics, "_GROWN", text("SELECT relname FROM no_such_catalogue"))
        _grow(store, 40, 1)
        assert store.document_hash("g40") is not None
        assert not store.statistics.enabled
        assert "stopped keeping them fresh" in caplog.text
    finally:
        store.close()
        admin.dispose()
