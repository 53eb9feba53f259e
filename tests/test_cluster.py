"""Ingest on a real Dask LocalCluster: the store equals a serial ingest's, on SQLite and PostgreSQL; a killed run
resumes; bad files, duplicates and progress are reported as in a serial ingest.

The corpus is the bundled ``examples/`` (our own articles: text with sidecars, HTML, RSS, JSONL) plus two
off-topic stories and an unreadable file, cut into small batches so that both workers get some.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from khabar import Khabar
from khabar import cluster as cl
from khabar.api import DocumentOutcome
from khabar.cli.main import main
from khabar.cluster import Batch
from khabar.errors import ConfigError
from khabar.model import RawDocument
from tests.resolution_docs import canonical

REPO = Path(__file__).resolve().parents[1]
OFF_TOPIC = {
    "match.txt": "Harbour Vale beat Stonefield Rangers 3-1 on Saturday; a long-range shot settled it.",
    "storm.txt": "Forecasters expect heavy rain in Lisbon on Tuesday and cooler nights after it.",
}


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    """The LocalCluster khabar starts, of two worker processes, for the module (each loads spaCy once, for every
    test)."""
    with cl.local_cluster(2) as c:
        yield c.scheduler_address


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "feed"
    shutil.copytree(REPO / "examples", folder)
    for name, text in OFF_TOPIC.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\xff")
    monkeypatch.setattr(cl, "BATCH_FILES", 3)  # several small tasks, for both workers
    return folder


def _serial(db: str | Path, corpus: Path) -> tuple[dict[str, Any], str]:
    """The store and the summary a serial ingest makes."""
    with Khabar(db) as kb:
        report = kb.ingest([corpus])
        return canonical(kb.export(validate=False)), report.summary()


@pytest.fixture(params=["sqlite", "postgresql"])
def dbs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty stores of one backend: one for a serial ingest, one for the cluster's."""
    if request.param == "sqlite":
        yield str(tmp_path / "serial.db"), str(tmp_path / "dask.db")
        return
    base = request.getfixturevalue("pg_url")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base)
    tag = uuid.uuid4().hex[:6]
    names = [f"{url.database}_{tag}_serial", f"{url.database}_{tag}_dask"]
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for n in names:
            conn.execute(text(f'CREATE DATABASE "{n}"'))
    serial, dask = (url.set(database=n).render_as_string(hide_password=False) for n in names)
    drop = request.getfixturevalue("drop_database")
    yield serial, dask
    for n in names:  # the workers may still hold a connection to the cluster's store
        drop(admin, n)
    admin.dispose()


def test_a_dask_ingest_makes_the_serial_store(dask_cluster: str, corpus: Path, dbs: tuple[str, str]) -> None:
    serial_db, dask_db = dbs
    expected, summary = _serial(serial_db, corpus)
    seen: list[DocumentOutcome] = []
    with Khabar(dask_db) as kb:
        report = kb.ingest([corpus], scheduler=dask_cluster, on_outcome=seen.append)
        got = canonical(kb.export(validate=False))
    assert got == expected and report.summary() == summary
    assert len(report.ingested) >= 12 and len(report.failed) == 1 and seen == report.outcomes
    assert "broken.txt" in report.failed[0].source
    assert sum(not o.relevant for o in report.ingested) == 2  # the off-topic stories, text only
    assert len(cl.batches(Khabar.discover([corpus]))) > 3


def test_a_killed_run_resumes_where_it_stopped(dask_cluster: str, corpus: Path, dbs: tuple[str, str]) -> None:
    serial_db, dask_db = dbs
    expected, _summary = _serial(serial_db, corpus)

    class Killed(Exception):
        pass

    def kill_after_five(o: DocumentOutcome, n: list[int] = [0]) -> None:  # noqa: B006 - a counter
        n[0] += o.status == "ingested"
        if n[0] == 5:
            raise Killed

    with Khabar(dask_db) as kb, pytest.raises(Killed):
        kb.ingest([corpus], scheduler=dask_cluster, on_outcome=kill_after_five)
    with Khabar(dask_db) as kb:
        landed = {d["id"] for d in kb.export(validate=False)["documents"]}
        assert len(landed) >= 5
        again = kb.ingest([corpus], scheduler=dask_cluster)
        # what landed is skipped, not extracted again (on PostgreSQL a worker may finish a write it had begun
        # after the client stopped: that document is skipped too)
        assert landed <= {o.document for o in again.duplicates}
        assert len(again.ingested) + len(again.duplicates) == len(expected["documents"])
        assert canonical(kb.export(validate=False)) == expected


def test_the_cli_starts_its_own_local_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("kerman-bombings-2024", "jnim-niger-river-boat-2023"):
        for ext in (".txt", ".meta.json"):
            shutil.copy(REPO / "examples" / f"{name}{ext}", folder)
    (folder / "match.txt").write_text(OFF_TOPIC["match.txt"], encoding="utf-8")
    assert main(["--db", str(tmp_path / "k.db"), "ingest", "--workers", "1", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "ingested 3, duplicate 0, failed 0; 1 not about armed conflict (text only)" in out
    assert "ingested match: not about armed conflict (text only)" in out


def test_cluster_options_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(OFF_TOPIC["storm.txt"], encoding="utf-8")
    db = str(tmp_path / "k.db")
    assert (
        main(["--db", db, "ingest", "--workers", "2", "--scheduler", "tcp://127.0.0.1:9", str(tmp_path)]) == 2
    )
    assert "not both" in capsys.readouterr().err
    with Khabar(db) as kb, pytest.raises(ConfigError, match="cannot start or reach the Dask cluster"):
        kb.ingest([tmp_path], scheduler="tcp://127.0.0.1:9")


def _thread_nice_after(job: Any) -> int:
    """The nice value of a fresh thread after ``_yield_to_writer(job)`` (a fresh thread: the test's own keeps
    its priority, which could not be raised back)."""
    import os
    import threading

    seen: list[int] = []

    def task() -> None:
        cl._yield_to_writer(job)
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    t = threading.Thread(target=task)
    t.start()
    t.join()
    return seen[0]


def _job(host: str, nice: int, *, write: bool = False) -> Any:
    return cl._Job("k.db", 1, True, (), None, None, False, False, write, host, nice)


def test_workers_on_the_writers_machine_yield_it_the_cpu(
    dask_cluster: str, corpus: Path, tmp_path: Path
) -> None:
    import os
    import socket
    import threading

    here = socket.gethostname()
    base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert _thread_nice_after(_job(here, cl.WORKER_NICE)) == max(base, cl.WORKER_NICE)
    # another machine's worker, or a store every worker writes itself (PostgreSQL: no nice asked): left as it is
    assert _thread_nice_after(_job("elsewhere", cl.WORKER_NICE)) == base
    assert _thread_nice_after(_job(here, 0, write=True)) == base

    # a real ingest into SQLite lowers the workers' task threads, where extraction runs
    from dask.distributed import Client

    with Khabar(tmp_path / "nice.db") as kb:
        kb.ingest([corpus], scheduler=dask_cluster)
    with Client(dask_cluster) as client:
        workers = list(client.scheduler_info()["workers"])
        assert len(workers) == 2

        def task_nice() -> int:
            return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

        nices = [client.submit(task_nice, pure=False, workers=[w]).result() for w in workers]
    assert cl.WORKER_NICE in nices  # every worker that ran one of its tasks (the scheduler chose which)


def test_the_client_hands_out_batches_only_a_few_ahead_of_what_it_has_written(
    dask_cluster: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a batch a file: many more batches than the cluster's threads; the client holds back the rest, so the
    # documents workers extracted cannot pile up in memory while the one SQLite writer catches up
    from dask.distributed import Client

    monkeypatch.setattr(cl, "BATCH_FILES", 1)
    assert len(cl.batches(Khabar.discover([corpus]))) > 4 * cl.TASKS_AHEAD

    def batches_known(dask_scheduler: Any) -> int:
        return sum(1 for key in dask_scheduler.tasks if str(key).startswith("run_batch"))

    known: list[int] = []
    with Client(dask_cluster) as client, Khabar(tmp_path / "k.db") as kb:
        ahead = cl.TASKS_AHEAD * sum(client.nthreads().values())
        report = kb.ingest(
            [corpus],
            scheduler=dask_cluster,
            on_outcome=lambda o: known.append(client.run_on_scheduler(batches_known)),
        )
    assert len(report.ingested) >= 12 and len(known) == len(report.outcomes)
    # the batch being written and those handed out after it (the scheduler forgets a written one a moment later)
    assert max(known) <= ahead + 2, known


def test_the_last_batches_are_cut_finer_so_a_run_ends_together() -> None:
    files = [Batch(paths=tuple(f"p{i}-{j}.jsonl" for j in range(n))) for i, n in enumerate((5, 5, 4, 1, 3))]
    out = cl.finer_tail(files, 3)
    # the first batches as they were; each of the last three cut into up to four, the files in their order
    assert out[:2] == files[:2]
    assert [len(b.paths) for b in out[2:]] == [1, 1, 1, 1, 1, 1, 1, 1]
    assert [p for b in out for p in b.paths] == [p for b in files for p in b.paths]
    docs = [Batch(docs=tuple(RawDocument(id=f"d{i}", text=f"Text {i}.") for i in range(10)))]
    cut = cl.finer_tail(docs, 2, parts=3)
    assert [len(b.docs) for b in cut] == [3, 3, 4] and [d for b in cut for d in b.docs] == list(docs[0].docs)
    assert cl.finer_tail(files, 0) == files and cl.finer_tail([], 4) == []


def test_a_cluster_run_cuts_as_many_last_batches_as_it_hands_out_ahead(
    dask_cluster: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dask.distributed import Client

    calls: list[tuple[int, int, int]] = []
    real = cl.finer_tail

    def recorded(work: list[Batch], count: int, parts: int = cl.TAIL_PARTS) -> list[Batch]:
        out = real(work, count, parts)
        calls.append((len(work), count, len(out)))
        return out

    monkeypatch.setattr(cl, "finer_tail", recorded)
    monkeypatch.setattr(cl, "BATCH_FILES", 4)
    with Client(dask_cluster) as client:
        ahead = cl.TASKS_AHEAD * sum(client.nthreads().values())
    with Khabar(tmp_path / "k.db") as kb:
        report = kb.ingest([corpus], scheduler=dask_cluster)
    assert len(report.ingested) >= 12
    ((batches, count, tasks),) = calls
    assert count == ahead and tasks > batches


def test_the_workers_khabar_starts_keep_no_profiles_of_their_tasks(
    dask_cluster: str, corpus: Path, tmp_path: Path
) -> None:
    # a Dask worker samples its task's stack every 10 ms and keeps a call tree per second for the last thousand:
    # through spaCy's deep stacks that grew each worker by hundreds of MB over a long ingest
    from dask.distributed import Client

    def profiles(dask_worker: Any) -> tuple[int, int, bool]:
        return (
            len(dask_worker.profile_history),
            len(dask_worker.profile_keys),
            "profile" in dask_worker.periodic_callbacks,
        )

    with Client(dask_cluster) as client, Khabar(tmp_path / "k.db") as kb:
        report = kb.ingest([corpus], scheduler=dask_cluster)
        kept = client.run(profiles)
    assert len(report.ingested) >= 12 and len(kept) == 2
    assert all(k == (0, 0, False) for k in kept.values()), kept


def test_the_cluster_khabar_starts_checks_its_event_loops_once_a_second(dask_cluster: str) -> None:
    # every 20 ms (Dask's default) kept the client, where the scheduler runs, 5-7% of a core busy while idle: on
    # two cores, time the one SQLite writer no longer had
    from dask.distributed import Client

    def tick(dask_worker: Any) -> float:
        return float(dask_worker.periodic_callbacks["tick"].callback_time)

    with Client(dask_cluster) as client:
        workers = client.run(tick)
        scheduler = client.run_on_scheduler(lambda dask_scheduler: tick(dask_scheduler))
    assert len(workers) == 2 and set(workers.values()) == {1000.0}
    assert scheduler == 1000.0


def test_a_cluster_of_ones_own_that_keeps_profiles_is_named_in_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, dask_cluster: str
) -> None:
    # khabar does not change workers it did not start; it says what their profiles cost and how to turn them off
    import logging

    from dask.distributed import Client, LocalCluster

    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "a.txt").write_text("The council opened a new library on the high street.\n")
    with (
        LocalCluster(n_workers=1, processes=False, dashboard_address=None) as theirs,
        Client(theirs) as client,
    ):
        assert cl.profiling_workers(client) == list(client.nthreads())
        with caplog.at_level(logging.WARNING, logger="khabar.cluster"), Khabar(tmp_path / "k.db") as kb:
            kb.ingest([tmp_path / "feed"], scheduler=theirs.scheduler_address)
    warned = [r.getMessage() for r in caplog.records if r.name == "khabar.cluster"]
    assert len(warned) == 1 and "1 of the cluster's 1 workers" in warned[0]
    assert "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False" in warned[0]
    # khabar's own cluster: nothing to say
    caplog.clear()
    with Client(dask_cluster) as client:
        assert cl.profiling_workers(client) == []
        with caplog.at_level(logging.WARNING, logger="khabar.cluster"), Khabar(tmp_path / "k2.db") as kb:
            kb.ingest([tmp_path / "feed"], scheduler=dask_cluster)
    assert not [r for r in caplog.records if r.name == "khabar.cluster"]


class _BusyLockKhabar:
    """A stand-in for a worker's Khabar whose store's write lock is busy until ``free`` is set: it records every
    write asked of it, and whether the write could wait."""

    def __init__(self) -> None:
        self.free = False
        self.asked: list[tuple[str, bool]] = []

    def _store_one(self, facts: Any, *, replace: bool = False, wait: bool = True) -> DocumentOutcome:
        from khabar.errors import WriteLockBusy

        self.asked.append((facts.document.id, wait))
        if not wait and not self.free:
            raise WriteLockBusy("held elsewhere")
        return DocumentOutcome(facts.document.id, "ingested", document=facts.document.id)


def _facts_of(*ids: str) -> list[Any]:
    from khabar.model import DocFacts

    return [DocFacts(document=RawDocument(id=i, text=f"Text {i}.")) for i in ids]


def test_a_worker_that_finds_the_write_lock_busy_keeps_its_documents_in_order_and_asks_again_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [100.0]
    monkeypatch.setattr(cl.time, "monotonic", lambda: clock[0])
    kb, waiting, out = _BusyLockKhabar(), cl._Waiting(), []
    d1, d2, d3, d4 = _facts_of("d1", "d2", "d3", "d4")

    waiting.docs.append(d1)
    cl._write_while_free(kb, waiting, out, replace=False)  # type: ignore[arg-type]
    assert [d.document.id for d in waiting.docs] == ["d1"] and out == [] and kb.asked == [("d1", False)]
    # the next document, a moment later: the lock is not asked again so soon, the document waits behind
    clock[0] += cl.RETRY_AFTER / 2
    waiting.docs.append(d2)
    cl._write_while_free(kb, waiting, out, replace=False)  # type: ignore[arg-type]
    assert len(kb.asked) == 1 and [d.document.id for d in waiting.docs] == ["d1", "d2"]
    # later, still busy: asked once more, for the first in line
    clock[0] += 2 * cl.RETRY_AFTER
    waiting.docs.append(d3)
    cl._write_while_free(kb, waiting, out, replace=False)  # type: ignore[arg-type]
    assert kb.asked[1:] == [("d1", False)] and len(waiting.docs) == 3
    # free: everything waiting goes in, in the order extracted
    kb.free = True
    clock[0] += 2 * cl.RETRY_AFTER
    waiting.docs.append(d4)
    cl._write_while_free(kb, waiting, out, replace=False)  # type: ignore[arg-type]
    assert [o.document for o in out] == ["d1", "d2", "d3", "d4"] and not waiting.docs


def test_a_worker_waits_for_the_lock_once_too_many_documents_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cl, "DEFER_LIMIT", 2)
    kb, waiting, out = _BusyLockKhabar(), cl._Waiting(), []
    for facts in _facts_of("d1", "d2", "d3"):
        waiting.docs.append(facts)
        waiting.busy_at = -1e9  # (asked again at once)
        cl._write_while_free(kb, waiting, out, replace=False)  # type: ignore[arg-type]
    # the third document over the limit: the first in line waits for its turn (here: granted), the next is asked
    # for without waiting again
    assert kb.asked == [("d1", False), ("d1", False), ("d1", True), ("d2", False)]
    assert [o.document for o in out] == ["d1"] and [d.document.id for d in waiting.docs] == ["d2", "d3"]


def test_a_postgresql_task_goes_on_extracting_while_another_writer_holds_the_lock(
    pg_url: str, drop_database: Any
) -> None:
    """A worker's task (``run_batch``) on PostgreSQL, while another session holds the write lock: it extracts all
    its documents without ever waiting, and hands back, extracted and in order, those it could not write (every one
    from the first that needs the lock), for the client to write."""
    import threading

    from sqlalchemy import create_engine, text

    from khabar.model import DocFacts
    from khabar.store.db import WRITE_LOCK
    from tests.texts import KABUL_AIRPORT, MOGADISHU, PESHAWAR

    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    name = f"khabar_defer_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    db = pg_url.rsplit("/", 1)[0] + "/" + name
    texts = [OFF_TOPIC["match.txt"], MOGADISHU, OFF_TOPIC["storm.txt"], PESHAWAR, KABUL_AIRPORT]
    docs = tuple(RawDocument(id=f"t{i}", text=body) for i, body in enumerate(texts))
    out: list[Any] = []
    holding = create_engine(db)  # (advisory locks are the database's own)
    try:
        with Khabar(db) as kb:
            gazetteer = tuple(str(p) for p in kb.gazetteer_files)
            job = cl._Job(kb.db, kb.max_bytes, kb.gate, gazetteer, kb.patterns, None, False, False, True)
            with holding.connect() as holder:
                holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK})
                task = threading.Thread(target=lambda: out.extend(cl.run_batch(Batch(docs=docs), job)))
                task.start()
                task.join(60)
                assert not task.is_alive()  # done while the lock is held: it never waited for it
                holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITE_LOCK})
                holder.commit()
            # the off-topic first one is in; the rest come back extracted, in their order, none of them written
            assert isinstance(out[0], DocumentOutcome) and out[0].status == "ingested"
            assert all(isinstance(f, DocFacts) for f in out[1:])
            assert [f.document.id for f in out[1:]] == ["t1", "t2", "t3", "t4"]
            assert [kb.store.document_hash(d.id) is not None for d in docs] == [True, False, False, False, False]
            assert out[1].entities and out[1].events  # extracted whole, ready for the client's write
    finally:
        for other in list(cl._WORKER_KHABAR):
            cl._WORKER_KHABAR.pop(other).close()
        holding.dispose()
        drop_database(admin, name)
        admin.dispose()


def test_a_dask_ingest_while_another_writer_holds_the_lock_still_makes_the_serial_store(
    dask_cluster: str, corpus: Path, pg_url: str, drop_database: Any
) -> None:
    """The workers find the PostgreSQL write lock busy (held by another session for the first seconds of the run),
    keep their documents back and hand them to the client: the store is still the one a serial ingest makes."""
    import threading

    from sqlalchemy import create_engine, text

    from khabar.store.db import WRITE_LOCK

    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    names = [f"khabar_busy_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for name in names:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    serial_db, cluster_db = (pg_url.rsplit("/", 1)[0] + "/" + n for n in names)
    holding = create_engine(cluster_db)
    try:
        expected, summary = _serial(serial_db, corpus)
        with Khabar(cluster_db) as kb:
            released = threading.Event()
            with holding.connect() as holder:
                holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WRITE_LOCK})

                def release() -> None:
                    holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WRITE_LOCK})
                    holder.commit()
                    released.set()

                timer = threading.Timer(3.0, release)
                timer.start()
                report = kb.ingest([corpus], scheduler=dask_cluster)
                timer.join()
            assert released.is_set()
            assert canonical(kb.export(validate=False)) == expected
            assert report.summary() == summary
    finally:
        holding.dispose()
        for name in names:
            drop_database(admin, name)
        admin.dispose()
