"""Ingest on a Dask cluster: reading and extraction spread over worker processes, writing as the store allows.

``Khabar.ingest(..., workers=N)`` starts a ``dask.distributed.LocalCluster`` of N single-threaded worker processes
on this machine; ``scheduler="tcp://host:port"`` uses a running cluster instead (its workers must see the same
files and the same database, and have khabar installed). The files are cut into batches of about
``BATCH_BYTES``; each batch is one task: a worker reads its files, leaves out what the store already holds (so
a rerun after a kill skips what landed), extracts the rest with its own spaCy pipeline (loaded once per worker
process, kept between tasks) and returns the facts.

Writing keeps one transaction per document, as a serial ingest does:

* **SQLite** has one writer at a time, so the client writes every document as its batch comes back; it is the
  narrowest stage of the pipeline, so workers on its machine run at the lowest priority (``_yield_to_writer``)
  and take the CPU it leaves;
* **PostgreSQL** takes several writers: each worker writes the documents it extracted. Resolution reads what
  other writes wrote, so ``Store.write`` holds a transaction-scoped advisory lock on PostgreSQL: the writers'
  transactions follow one another while their reading and extraction run side by side, and the store ends up
  the same as after a serial ingest (resolution is order-independent). A worker that finds the lock busy does not
  queue for it: it keeps the document back and goes on extracting, and writes what it kept back, in order, once
  the lock is free (``_write_while_free``); what it still keeps back at the end of its task goes back to the
  client with the outcomes, and the client, which has nothing else to do on PostgreSQL, waits its turn at the lock
  and writes it, while the worker goes on with its next task. A task's commits do not wait for the disk one by
  one; the task ends with one that does (``Store.unflushed_commits``), so what it reports as ingested is durable
  when it returns (and so do the client's, a batch at a time).

Batches come back in any order; a text or an id met twice in one run is caught as in a serial ingest (the
client remembers what it has seen; on PostgreSQL the store's unique keys do, and the worker reports a duplicate).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from itertools import islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khabar.errors import ConfigError, SkippedSource, WriteLockBusy
from khabar.model import DocFacts, RawDocument

if TYPE_CHECKING:
    from khabar.api import DocumentOutcome, IngestReport, Khabar

__all__ = [
    "Batch",
    "batches",
    "finer_tail",
    "ingest_on_cluster",
    "local_cluster",
    "profiling_workers",
    "BATCH_BYTES",
    "BATCH_FILES",
    "WORKER_CONFIG",
]

_log = logging.getLogger(__name__)

BATCH_BYTES = 64 * 1024  # input bytes per task: a few dozen articles, enough to keep nlp.pipe batching
BATCH_FILES = 64
_RAW_PER_TASK = 32  # documents per task when the client hands texts over (URLs it fetched, ingest_documents)
# batches handed to the cluster ahead of the results the client has taken in, per worker thread: enough that no
# worker waits for its next task, few enough that extracted documents cannot pile up in the workers' memory while
# a slower writer (one SQLite store, at any number of workers) catches up
TASKS_AHEAD = 2
TAIL_PARTS = 4  # the run's last batches (as many as are handed out ahead) are cut into this many (``finer_tail``)
DEFER_LIMIT = 256  # extracted documents a PostgreSQL worker keeps back while the write lock is busy
RETRY_AFTER = 0.005  # seconds before a worker that found the write lock busy asks for it again
WORKER_NICE = 19  # the lowest priority: workers on a SQLite writer's machine take only the CPU it leaves
# Dask settings of the workers khabar starts. A worker samples its task thread's stack every 10 ms by default and
# keeps a call tree of every second for the last thousand (``distributed.admin.low-level-log-length``): for
# extraction, whose stacks run deep through spaCy and thinc, that grew each worker by some 250 MB over a
# 100k-document ingest (bounded only by that thousand). Nobody reads those profiles here (khabar starts no
# dashboard). And every scheduler, nanny and worker checks its event loop's latency every 20 ms
# (``distributed.admin.tick``), which kept the client (where a LocalCluster's scheduler runs) 5-7% of a core busy
# and the workers 5% between them while idle; a run on two cores pays that out of the one SQLite writer's share.
# Once a second still sees any loop blocked for the three seconds Dask warns about (``admin.tick.limit``).
WORKER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
}


@dataclass(frozen=True)
class Batch:
    """One task's input: files for the worker to read, or documents already read."""

    paths: tuple[str, ...] = ()
    docs: tuple[RawDocument, ...] = ()


def batches(
    files: Iterable[Path], *, max_bytes: int | None = None, max_files: int | None = None
) -> list[Batch]:
    """Files grouped in input order into batches of at most ``max_bytes`` (default ``BATCH_BYTES``; a larger
    file is a batch alone) and ``max_files`` (``BATCH_FILES``)."""
    max_bytes = BATCH_BYTES if max_bytes is None else max_bytes
    max_files = BATCH_FILES if max_files is None else max_files
    out: list[Batch] = []
    current: list[str] = []
    size = 0
    for f in files:
        try:
            n = f.stat().st_size
        except OSError:
            n = 0  # the worker's reader reports the problem
        if current and (size + n > max_bytes or len(current) >= max_files):
            out.append(Batch(tuple(current)))
            current, size = [], 0
        current.append(str(f))
        size += n
    if current:
        out.append(Batch(tuple(current)))
    return out


def finer_tail(work: list[Batch], count: int, parts: int = TAIL_PARTS) -> list[Batch]:
    """``work`` with each of its last ``count`` batches cut into up to ``parts`` smaller ones, in the same order.

    Why: a run ends when the last batch is extracted and written. With batches of a hundred short articles, the
    last ones keep one worker busy while the other has nothing left, and their documents reach the one SQLite writer
    together at the end, to be written while the workers wait; cut small, the workers finish closer together and the
    writer's backlog at the end is a few dozen documents. Files are not split (a batch of one file stays one), nor
    is the rest of the run (each task costs the cluster a little, and extraction batches its texts)."""
    if count <= 0 or parts <= 1:
        return list(work)
    split = max(0, len(work) - count)
    out = work[:split]
    for batch in work[split:]:
        items: tuple[Any, ...] = batch.paths or batch.docs
        n = min(parts, len(items))
        for a, b in pairwise(len(items) * k // n for k in range(n + 1)):
            out.append(Batch(paths=items[a:b]) if batch.paths else Batch(docs=items[a:b]))
    return out


@dataclass(frozen=True)
class _Job:
    """What every task of one run shares."""

    db: str
    max_bytes: int
    gate: bool
    gazetteer: tuple[str, ...]
    patterns: str | None
    published: date | None
    replace: bool
    follow_links: bool
    write: bool  # the worker writes what it extracted (PostgreSQL)
    host: str = ""  # the machine of the process that writes (SQLite): workers there yield it the CPU
    nice: int = 0


_WORKER_KHABAR: dict[tuple[str, int, bool, tuple[str, ...], str | None], Khabar] = {}


def _khabar_here(job: _Job) -> Khabar:
    """This worker process's own Khabar for the run's store (its spaCy pipeline is loaded on first use and kept)."""
    from khabar.api import Khabar

    key = (job.db, job.max_bytes, job.gate, job.gazetteer, job.patterns)
    if key not in _WORKER_KHABAR:
        for other in list(
            _WORKER_KHABAR
        ):  # another run's store: close it (its connections) before this run's
            _WORKER_KHABAR.pop(other).close()
        _WORKER_KHABAR[key] = Khabar(
            job.db, max_bytes=job.max_bytes, gate=job.gate, gazetteer=job.gazetteer, patterns=job.patterns
        )
    return _WORKER_KHABAR[key]


def _yield_to_writer(job: _Job) -> None:
    """On the writer's machine, run this task's thread at a lower priority (``job.nice``).

    One process writes a SQLite store, and it is the pipeline's narrowest stage: once it falls behind, extraction
    finished early only waits in workers' memory. Sharing cores equally with the workers slows the writer down,
    so workers on its machine step aside for it and take whatever CPU it leaves. Linux keeps a nice value per
    thread; the task runs in the worker's executor thread, which is what is lowered (never raised back: that
    needs privileges, and an idle thread costs nothing)."""
    if not job.nice or job.host != socket.gethostname() or not hasattr(os, "setpriority"):
        return
    tid = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, tid) < job.nice:
            os.setpriority(os.PRIO_PROCESS, tid, job.nice)
    except OSError:  # not allowed here: the task runs as it is
        pass


def run_batch(batch: Batch, job: _Job) -> list[DocFacts | DocumentOutcome]:
    """A worker's task: read, leave out what the store holds, extract; write too when ``job.write``, except what
    the write lock still keeps back at the end (``_write_while_free``), which comes back extracted."""
    from khabar.ingest import read_sources
    from khabar.ingest.pacing import paced_collection

    _yield_to_writer(job)
    kb = _khabar_here(job)
    out: list[DocFacts | DocumentOutcome] = []
    items: Iterable[Any] = (
        read_sources(
            list(batch.paths), published=job.published, max_bytes=job.max_bytes, follow_links=job.follow_links
        )
        if batch.paths
        else batch.docs
    )
    with kb.store.unflushed_commits() if job.write else nullcontext(), paced_collection():  # durable when done
        waiting = _Waiting()  # extracted, not yet written: the write lock was busy (PostgreSQL)
        for facts in kb.extractor.extract(kb.admitted(items, out.append, replace=job.replace)):
            if not job.write:
                out.append(facts)
                continue
            waiting.docs.append(facts)
            _write_while_free(kb, waiting, out, replace=job.replace)
        out.extend(waiting.docs)  # still kept back at the task's end: the client writes them (``ingest_on_cluster``)
    return out


@dataclass
class _Waiting:
    """A worker's extracted documents that wait for the write lock, and when it was last found busy."""

    docs: deque[DocFacts] = field(default_factory=deque)
    busy_at: float = -1e9


def _write_while_free(
    kb: Khabar, waiting: _Waiting, out: list[DocFacts | DocumentOutcome], *, replace: bool
) -> None:
    """Write the waiting documents in order for as long as none of them would queue for the write lock.

    Why: PostgreSQL writers take turns at one lock (``Store.write``), and a worker's documents come out of
    extraction a batch at a time, so two workers' writing often falls together. Instead of waiting in the queue,
    a worker that finds the lock busy goes on extracting and writes what waits once the lock is free, or, when
    ``DEFER_LIMIT`` documents wait, after waiting its turn (what still waits at the end of its task, the client
    writes). Once found busy, the lock is not asked again for ``RETRY_AFTER`` seconds (the documents of a batch
    follow one another faster than a write takes). One worker alone never finds it busy."""
    docs = waiting.docs
    if not docs or (len(docs) <= DEFER_LIMIT and time.monotonic() - waiting.busy_at < RETRY_AFTER):
        return
    while docs:
        try:
            out.append(kb._store_one(docs[0], replace=replace, wait=len(docs) > DEFER_LIMIT))
        except WriteLockBusy:
            waiting.busy_at = time.monotonic()
            return
        docs.popleft()


def ingest_on_cluster(
    kb: Khabar,
    paths: list[str | Path],
    docs: Iterable[RawDocument] = (),
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    published: date | None = None,
    replace: bool = False,
    follow_links: bool = False,
    on_outcome: Callable[[DocumentOutcome], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` (files and folders) and ``docs`` (documents already read) on a Dask cluster."""
    from khabar.api import DocumentOutcome, IngestReport
    from khabar.ingest.discover import walk_sources
    from khabar.ingest.pacing import paced_collection

    if (workers is None) == (scheduler is None):
        raise ConfigError("give either a number of workers or a scheduler address, not both")
    if workers is not None and workers < 1:
        raise ConfigError("--workers must be at least 1")
    try:
        from dask.distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - a dependency of khabar
        raise ConfigError(f"distributed ingest needs dask[distributed]: {exc}") from exc

    store = kb.store  # created and migrated here, before any worker opens it
    job = _Job(
        db=kb.db,
        max_bytes=kb.max_bytes,
        gate=kb.gate,
        gazetteer=tuple(str(p) for p in kb.gazetteer_files),
        patterns=kb.patterns,
        published=published,
        replace=replace,
        follow_links=follow_links,
        write=store.engine.dialect.name == "postgresql",
        host=socket.gethostname(),
        nice=0 if store.engine.dialect.name == "postgresql" else WORKER_NICE,
    )
    report, record = IngestReport.recording(on_outcome)
    files: list[Path] = []
    for found in walk_sources(paths, follow_links=follow_links):  # what is not read is said here, as serially
        if isinstance(found, Path):
            files.append(found)
        else:
            kind = "skipped" if isinstance(found, SkippedSource) else "failed"
            record(DocumentOutcome(found.source, kind, reason=found.reason))
    work = batches(files)
    raw = list(docs)
    work += [Batch(docs=tuple(raw[i : i + _RAW_PER_TASK])) for i in range(0, len(raw), _RAW_PER_TASK)]
    if not work:
        return report
    with _client(Client, workers, scheduler) as client:
        if scheduler is not None:
            _warn_of_profiling(client)
        ahead = TASKS_AHEAD * max(1, sum(client.nthreads().values()))
        pending = iter(finer_tail(work, ahead))
        running = as_completed(
            [client.submit(run_batch, b, job=job, pure=False) for b in islice(pending, ahead)]
        )
        seen_ids: dict[str, str] = {}
        seen_hashes: dict[str, str] = {}
        with paced_collection():
            for future in running:
                following = next(pending, None)
                if following is not None:  # the next batch goes out before this one's documents are written
                    running.add(client.submit(run_batch, following, job=job, pure=False))
                # what the workers extracted and did not write (all of it on SQLite): in the client's turn at the
                # lock on PostgreSQL, durable once the batch's documents are in, as a worker's are at its task's end
                with store.unflushed_commits() if job.write else nullcontext():
                    for item in future.result():
                        if not isinstance(item, DocFacts):
                            record(item)
                        # the worker asked the store before extracting; only this run's other batches are new since
                        elif kb._admit(item.document, record, seen_ids, seen_hashes, replace, in_store=False):
                            record(kb._store_one(item, replace=replace))
                future.release()
    return report


def profiling_workers(client: Any) -> list[str]:
    """The addresses of the cluster's workers that keep Dask's profiles of their tasks (``WORKER_CONFIG``)."""

    def profiling(dask_worker: Any) -> bool:
        return "profile" in dask_worker.periodic_callbacks

    return sorted(address for address, on in client.run(profiling).items() if on)


def _warn_of_profiling(client: Any) -> None:
    """Say so when a cluster of the user's own keeps profiles: khabar does not change workers it did not start."""
    busy = profiling_workers(client)
    if busy:
        _log.warning(
            "%d of the cluster's %d workers keep Dask's profiles of their tasks, which grows each by hundreds of MB "
            "over a long ingest: start them with DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False",
            len(busy),
            len(client.nthreads()),
        )


def local_cluster(workers: int) -> Any:
    """A Dask ``LocalCluster`` as ``khabar ingest --workers N`` starts one: N single-threaded worker processes, no
    dashboard, quiet logs, and the workers' own profiler off (``WORKER_CONFIG``). Its nannies hand the configuration
    set here to the worker processes they start. Use it as a context manager; its ``scheduler_address`` serves
    ``Khabar.ingest(..., scheduler=...)`` for several ingests in a row."""
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )


class _client:
    """A Dask client on a new LocalCluster (closed after) or on a running scheduler."""

    def __init__(self, client_cls: Any, workers: int | None, scheduler: str | None) -> None:
        self.client_cls = client_cls
        self.workers, self.scheduler = workers, scheduler
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        try:
            if self.scheduler is None:
                assert self.workers is not None
                self.cluster = local_cluster(self.workers)
                self.client = self.client_cls(self.cluster)
            else:
                self.client = self.client_cls(self.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            self.__exit__()
            where = self.scheduler or "a local cluster"
            raise ConfigError(f"cannot start or reach the Dask cluster at {where}: {exc}") from exc
        return self.client

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
