"""khabar at scale: ingest rate as the store grows, 1 vs 2 Dask workers, memory, store size, and read latency at
10k / 100k / 1M events on SQLite and PostgreSQL. One run prints every figure and each bar's verdict.

Ingest (generated news, ``bench/textgen.py``: half conflict reports, half ordinary news, our own templates):

* **growth**: the feed is ingested into one SQLite store in chunks, on a Dask LocalCluster of ``--workers``
  workers kept for the whole run; docs/s is printed for the chunk that brings the store to each size in
  ``--sizes`` (the first chunk is the empty store's rate), with the store's size on disk and the peak memory of
  the whole process tree (client, scheduler, workers). Rates are given by wall time and by CPU time (documents
  per CPU-second of the client, ``time.process_time``, plus its worker processes), as the wall clock of a shared
  machine swings with the neighbours' load. Bars: docs/s into a 100k-document store ≥ 0.75× into an empty one;
  peak memory of the 100k-document ingest < 1.5 GB.
* **workers**: the same ``--scaling-docs`` documents into fresh stores with 1 and with 2 workers, in ``--turns``
  parts taken in turns (1 then 2 workers, then 2 then 1...), each on a cluster warmed first (one batch per worker),
  so the machine's drift falls on both; bar ≥ 1.7× by wall time, over all turns (each turn's ratio is printed).
  CPU ms per document of both runs is printed too:
  equal costs mean the second worker adds no overhead, and a wall ratio short of 2 is then cores taken by others.
  On SQLite the client is the one writer, so on two cores it already runs beside the one worker (the bound this
  allows is printed); with ``--pg`` the same runs go into PostgreSQL, where each worker writes what it extracted.

Reads: stores of ``--events`` events made by ``bench/bulkstore.py`` (no NLP: the documented fast path), read by
``bench/readlat.py``: p50/p95 of dossier, timeline, events with filters, network and ``ask``. Bars (SQLite, 1M
events): dossier p95 < 50 ms, events-with-filters p95 < 100 ms. PostgreSQL (``--pg URL``, a role that may create
databases; default ``KHABAR_TEST_PG_URL``) prints the same figures.

    python bench/scale.py --quick                                  # a few minutes: 2k docs, 10k events
    python bench/scale.py                                          # the full run (hours on a laptop)
    python bench/scale.py --only reads --events 1000000 --keep /tmp/stores

The machine matters: run it alone. CPU and wall time are both printed (for PostgreSQL reads the CPU is the
client's only; the server's work shows in the wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import bulkstore  # noqa: E402
import readlat  # noqa: E402
import textgen  # noqa: E402

CHUNK = 1000  # documents per ingest chunk (one Khabar.ingest call)
STEADY = 3  # chunks at each end of a growth run whose median rates are compared as well


class PeakMemory:
    """The largest total resident memory of this process and all its children, sampled every 0.2 s."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self.now()))
            self._stop.wait(0.2)

    def now(self) -> tuple[int, int]:
        """Resident memory now: of this process (the client: the SQLite writer and the scheduler), and of all its
        children together (the Dask workers and their nannies)."""
        import psutil

        own, children = self.proc.memory_info().rss, 0
        for p in self.proc.children(recursive=True):
            with suppress(psutil.Error):
                children += p.memory_info().rss
        return own, children

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def tree_cpu() -> float:
    """CPU seconds of this process (``time.process_time``: the client, the SQLite writer and the in-process
    scheduler) plus those of its live children (the Dask workers, which a LocalCluster's nannies start as child
    processes and keep for the whole run). Differences of this are the work a chunk cost, whatever else the
    machine was doing."""
    import psutil

    total = time.process_time()
    for p in psutil.Process().children(recursive=True):
        with suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def server_cpu() -> float:
    """CPU seconds of the PostgreSQL server processes on this machine (0 when it runs elsewhere): with the server
    on the same cores as the workers, its share of each document is part of what limits them."""
    import psutil

    total = 0.0
    for p in psutil.process_iter(["name"]):
        if p.info["name"] in ("postgres", "postmaster"):
            with suppress(psutil.Error):
                t = p.cpu_times()
                total += t.user + t.system
    return total


def _warm(kb: Any, workers: int, address: str, folder: Path, seed: int) -> int:
    """Load every worker's spaCy pipeline before the clock starts. One task per worker needs one batch per
    worker, and a batch is up to ``cluster.BATCH_BYTES`` of files, so write files of about 0.6 of that (each then
    a batch of its own), one per worker. Returns the documents ingested."""
    from khabar.cluster import BATCH_BYTES

    sample = textgen.feed(50, seed=seed)
    avg = sum(len(json.dumps(a.to_json())) + 1 for a in sample) / len(sample)
    per_file = max(1, int(BATCH_BYTES * 0.6 / avg))
    textgen.write_jsonl(textgen.feed(per_file * workers, seed=seed), folder, per_file=per_file)
    return len(kb.ingest([folder], scheduler=address).ingested)


@contextmanager
def local_cluster(workers: int) -> Iterator[str]:
    """The LocalCluster ``khabar ingest --workers`` starts, kept open across several ingests."""
    from khabar.cluster import local_cluster as khabar_cluster

    with khabar_cluster(workers) as c:
        yield c.scheduler_address


def _store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


def _write_feed(n: int, folder: Path, seed: int) -> list[Path]:
    """``n`` generated articles as JSONL files of 50 lines, in chunk folders of ``CHUNK`` articles."""
    arts = textgen.feed(n, conflict_share=0.5, seed=seed)
    chunks = []
    for k in range(0, n, CHUNK):
        d = folder / f"chunk-{k // CHUNK:04d}"
        textgen.write_jsonl(arts[k : k + CHUNK], d, per_file=50)
        chunks.append(d)
    return chunks


def growth(sizes: list[int], workers: int, workdir: Path, seed: int) -> dict[str, Any]:
    """docs/s (wall and CPU) of the chunk that brings one store to each size; the first chunk is the empty
    store's rate."""
    from khabar import Khabar

    top = max(sizes)
    print(
        f"\ngrowth: {top:,} generated documents (half conflict) into one SQLite store, {workers} Dask workers,"
        f" chunks of {CHUNK:,}"
    )
    chunks = _write_feed(top, workdir / "feed", seed)
    db = workdir / "growth.db"
    rows: list[dict[str, Any]] = []
    every: list[tuple[float, float]] = []  # each chunk's docs/s, by wall and by CPU time
    with local_cluster(workers) as address, PeakMemory() as mem, Khabar(db) as kb:
        done = _warm(kb, workers, address, workdir / "warm", seed + 1)  # the warm-up is in the store too
        for chunk in chunks:
            t0, c0, k0 = time.perf_counter(), tree_cpu(), time.process_time()
            report = kb.ingest([chunk], scheduler=address)
            wall, cpu = time.perf_counter() - t0, tree_cpu() - c0
            client = time.process_time() - k0  # the SQLite writer's share (and the scheduler's)
            n = len(report.ingested)
            done += n
            every.append((n / wall, n / cpu if cpu else 0.0))
            if report.failed:
                print(f"  {len(report.failed)} failed, first: {report.failed[0].reason}", file=sys.stderr)
            if not rows or any(done >= s > done - n for s in sizes):
                client_rss, workers_rss = mem.now()
                row = {
                    "store_docs": done,
                    "chunk_docs": n,
                    "docs_per_s": n / wall,
                    "cpu_ms_per_doc": 1000 * cpu / n if n else 0.0,
                    "docs_per_cpu_s": n / cpu if cpu else 0.0,
                    "client_cpu_ms_per_doc": 1000 * client / n if n else 0.0,
                    "load": os.getloadavg()[0],
                    "store_mb": _store_bytes(db) / 1e6,
                    "peak_mb": mem.peak / 1e6,
                    "client_mb": client_rss / 1e6,
                    "workers_mb": workers_rss / 1e6,
                }
                rows.append(row)
                print(
                    f"  store {done:>7,} docs   {row['docs_per_s']:6.1f} docs/s wall   "
                    f"{row['docs_per_cpu_s']:6.1f} docs per CPU-s ({row['cpu_ms_per_doc']:5.1f} ms/doc, "
                    f"{row['client_cpu_ms_per_doc']:4.1f} in the writer)   "
                    f"store {row['store_mb']:7.1f} MB   peak memory so far {row['peak_mb']:6.0f} MB (now: client "
                    f"{row['client_mb']:4.0f}, workers {row['workers_mb']:4.0f})   "
                    f"load {row['load']:.1f}",
                    flush=True,
                )
        peak = mem.peak
    first, last = rows[0], rows[-1]
    ratio = last["docs_per_s"] / first["docs_per_s"] if first["docs_per_s"] else 0.0
    cpu_ratio = last["docs_per_cpu_s"] / first["docs_per_cpu_s"] if first["docs_per_cpu_s"] else 0.0
    print(
        f"  rate at {last['store_docs']:,} docs / rate into the empty store: wall {ratio:.2f}, CPU {cpu_ratio:.2f} "
        f"({'meets' if min(ratio, cpu_ratio) >= 0.75 else 'BELOW'} 0.75)   peak memory {peak / 1e6:.0f} MB "
        f"({'meets' if peak < 1.5e9 else 'ABOVE'} 1.5 GB)"
        + (
            ""
            if top >= 100_000
            else f"   [bars are for 100,000 documents; measured to {last['store_docs']:,}]"
        )
    )
    out = {"rows": rows, "ratio_wall": ratio, "ratio_cpu": cpu_ratio, "peak_mb": peak / 1e6}
    if len(every) >= 2 * STEADY:
        # one chunk's rate moves by several per cent from run to run; the median of a few at each end is steadier
        # (the store grows by only STEADY chunks within each)
        head, tail = every[:STEADY], every[-STEADY:]
        steady = {
            f"ratio_{kind}_median{STEADY}": statistics.median(x[k] for x in tail)
            / statistics.median(x[k] for x in head)
            for k, kind in enumerate(("wall", "cpu"))
        }
        out.update(steady)
        print(
            f"  median rate of the last {STEADY} chunks / of the first {STEADY}: wall "
            f"{steady[f'ratio_wall_median{STEADY}']:.2f}, CPU {steady[f'ratio_cpu_median{STEADY}']:.2f}"
        )
    return out


def scaling(n: int, workdir: Path, seed: int, pg: str | None = None, turns: int = 1) -> dict[str, Any]:
    """The same documents into fresh stores with 1 and 2 workers, in turns: the feed is cut into ``turns``
    parts, and each part goes into the 1-worker store and into the 2-worker store one after the other (in
    alternating order), each on a cluster started and warmed for it, so the machine's drift over the minutes of the
    run falls on both alike. Into SQLite (one writer, the client) and, with ``pg``, into PostgreSQL (every worker
    writes what it extracted)."""
    print(
        f"\nworkers: {n:,} generated documents into fresh stores with 1 and 2 Dask workers, in {turns} turns"
    )
    folder = workdir / "scaling"
    textgen.write_jsonl(textgen.feed(n, seed=seed + 2), folder, per_file=25)
    files = sorted(folder.glob("*.jsonl"))
    parts = [files[i::turns] for i in range(turns)] if len(files) >= turns else [files]
    out = {"docs": n, "sqlite": _scaling_on(None, parts, workdir, seed)}
    if pg:
        out["postgresql"] = _scaling_on(pg, parts, workdir, seed)
    return out


def _scaling_on(pg: str | None, parts: list[list[Path]], workdir: Path, seed: int) -> dict[str, Any]:
    from khabar import Khabar

    backend = "PostgreSQL" if pg else "SQLite"
    writes = (
        "each worker writes what it extracts (CPU below: client and workers, the local server's beside it)"
        if pg
        else "the client writes every document (one writer per SQLite store)"
    )
    print(f"  {backend}: {writes}")
    totals = {
        w: {"docs": 0, "wall": 0.0, "cpu": 0.0, "client": 0.0, "server": 0.0, "load": 0.0} for w in (1, 2)
    }
    turns: list[float] = []  # the ratio of each turn
    dbs = {w: (_pg_database(pg) if pg else (str(workdir / f"w{w}.db"), None)) for w in (1, 2)}
    try:
        for turn, part in enumerate(parts):
            rate = {}
            for w in (1, 2) if turn % 2 == 0 else (2, 1):
                with local_cluster(w) as address, Khabar(dbs[w][0]) as kb:
                    _warm(kb, w, address, workdir / f"warm{w}-{backend}-{turn}", seed + 100 + 10 * turn + w)
                    load0 = os.getloadavg()[0]
                    t0, c0, k0, s0 = time.perf_counter(), tree_cpu(), time.process_time(), server_cpu()
                    report = kb.ingest(list(part), scheduler=address)
                    wall, cpu = time.perf_counter() - t0, tree_cpu() - c0
                    client, server = time.process_time() - k0, server_cpu() - s0
                got = len(report.ingested)
                tot = totals[w]
                tot["docs"] += got
                tot["wall"] += wall
                tot["cpu"] += cpu
                tot["client"] += client
                tot["server"] += server
                tot["load"] += (load0 + os.getloadavg()[0]) / 2 / len(parts)
                rate[w] = got / wall if wall else 0.0
            turns.append(rate[2] / rate[1] if rate[1] else 0.0)
    finally:
        for _db, drop in dbs.values():
            if drop is not None:
                drop()
    runs: dict[int, dict[str, float]] = {}
    for w in (1, 2):
        tot = totals[w]
        got = int(tot["docs"])
        runs[w] = {
            "docs": got,
            "docs_per_s": got / tot["wall"] if tot["wall"] else 0.0,
            "cpu_ms_per_doc": 1000 * tot["cpu"] / got if got else 0.0,
            "writer_ms_per_doc": 1000 * tot["client"] / got if got else 0.0,
            "cpu_busy": tot["cpu"] / tot["wall"] if tot["wall"] else 0.0,  # cores kept busy on average
            "server_ms_per_doc": 1000 * tot["server"] / got if got and pg else 0.0,
            "load": tot["load"],
        }
        r = runs[w]
        on_server = f", server {r['server_ms_per_doc']:.1f} more" if pg else ""
        print(
            f"  {w} worker{'s' if w > 1 else ' '}  {r['docs_per_s']:6.1f} docs/s wall   {r['cpu_ms_per_doc']:5.1f}"
            f" CPU ms/doc ({r['writer_ms_per_doc']:4.1f} in the client{on_server})   {r['cpu_busy']:.2f} cores busy"
            f"   load {r['load']:.1f}   ({got} docs)",
            flush=True,
        )
    print(f"  the {len(turns)} turns, 2 workers / 1 worker each: " + ", ".join(f"{x:.2f}" for x in turns))
    ratio = runs[2]["docs_per_s"] / runs[1]["docs_per_s"]
    cpu_ratio = runs[2]["cpu_ms_per_doc"] / runs[1]["cpu_ms_per_doc"] if runs[1]["cpu_ms_per_doc"] else 0.0
    print(
        f"  {backend}: 2 workers / 1 worker: {ratio:.2f} by wall time ({'meets' if ratio >= 1.7 else 'BELOW'} 1.7);"
        f" CPU per document 2 workers / 1 worker: {cpu_ratio:.2f} (1.00 = no overhead from the second worker)"
    )
    out: dict[str, Any] = {"runs": runs, "ratio": ratio, "cpu_per_doc_ratio": cpu_ratio, "turns": turns}
    cores = os.cpu_count() or 1
    if pg:
        # the server on this machine shares the cores: two workers cannot go faster than the cores allow for
        # what a document costs the workers and the server together
        per_doc = runs[1]["cpu_ms_per_doc"] + runs[1]["server_ms_per_doc"]
        if runs[1]["server_ms_per_doc"] > 0:
            out["bound_on_free_cores"] = bound = min(2.0, cores * 1000 / per_doc / runs[1]["docs_per_s"])
            print(
                f"  at most {bound:.2f}x possible on {cores} free cores with these costs (workers {runs[1]['cpu_ms_per_doc']:.1f}"
                f" ms/doc, server {runs[1]['server_ms_per_doc']:.1f} ms/doc)"
            )
        return out

    # What the CPU costs allow on this machine: the workers extract (W ms/doc each, in parallel), the client
    # writes SQLite alone (C ms/doc), all of it shares the cores; with one worker the writer already runs
    # beside it on a second core, so on two cores a second worker gains little while the writer costs this much.
    # Each run's own costs: what the cluster spends by the second (Dask's periodic work, the client waiting)
    # is spread over more documents a second with two workers, so a document costs a little less there.
    def best(workers: int) -> float:
        c = runs[workers]["writer_ms_per_doc"]
        wk = runs[workers]["cpu_ms_per_doc"] - c
        return min(workers / wk if wk else float("inf"), 1 / c if c else float("inf"), cores / (wk + c))

    out["bound_on_free_cores"] = bound = best(2) / best(1)
    costs = "; ".join(
        f"{w} worker{'s' if w > 1 else ''}: extraction {runs[w]['cpu_ms_per_doc'] - runs[w]['writer_ms_per_doc']:.1f}"
        f" ms/doc, SQLite writer {runs[w]['writer_ms_per_doc']:.1f} ms/doc in one process"
        for w in (1, 2)
    )
    print(f"  at most {bound:.2f}x possible on {cores} free cores with these costs ({costs})")
    return out


def _pg_database(base: str) -> tuple[str, Any]:
    """A new empty PostgreSQL database next to ``base``, and a function that drops it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from khabar.store.engine import database_url

    url = make_url(database_url(base))
    name = f"khabar_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:  # tried again: FORCE cannot end an autovacuum worker still busy in the database
        for attempt in range(20):
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                break
            except DBAPIError:
                if attempt == 19:
                    raise
                time.sleep(0.5)
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def _events_and_mb(db: str) -> tuple[int, float]:
    """The store's event count and its size on disk (the SQLite files, or ``pg_database_size``)."""
    from sqlalchemy import create_engine, func, select, text

    from khabar.store import schema as t
    from khabar.store.engine import database_url

    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(t.events)).scalar_one()
            if conn.dialect.name == "postgresql":
                return n, conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one() / 1e6
    finally:
        engine.dispose()
    return n, _store_bytes(Path(db)) / 1e6


def reads(events: list[int], pg: str | None, workdir: Path, keep: Path | None, rounds: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    backends = ["sqlite"] + (["postgresql"] if pg else [])
    for backend in backends:
        for n in events:
            if backend == "sqlite":
                folder = keep or workdir
                db: str = str(folder / f"events-{n}.db")
                drop = None
                fresh = not Path(db).exists()
            else:
                db, drop = _pg_database(pg or "")
                fresh = True
            try:
                if fresh:
                    t0 = time.perf_counter()
                    counts = bulkstore.build(db, n, quiet=True)
                    print(
                        f"\n{backend} store of {n:,} events built in {time.perf_counter() - t0:.0f} s: {counts}"
                    )
                have, size = _events_and_mb(db)
                if have < n:
                    print(f"  {db} holds only {have:,} events (a build that stopped?): measured as it is")
                got = readlat.measure(db, rounds=rounds)
                out[f"{backend}/{n}"] = {"reads": got, "events": have, "store_mb": size}
                print(
                    f"{backend}, {have:,} events, {size:,.0f} MB" + ("" if fresh else " (kept store)") + ":"
                )
                for kind, r in got.items():
                    print(
                        f"  {kind:<9} p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms   "
                        f"(cpu p50 {r['cpu_p50_ms']:6.1f}, p95 {r['cpu_p95_ms']:6.1f})   n={r['n']}",
                        flush=True,
                    )
            finally:
                if drop is not None:
                    drop()
    for backend in backends:
        top = f"{backend}/{max(events)}"
        if top not in out:
            continue
        d, e = out[top]["reads"]["dossier"], out[top]["reads"]["events"]
        line = (
            f"\n{backend} at {max(events):,} events: dossier p95 {d['p95_ms']:.1f} ms (cpu {d['cpu_p95_ms']:.1f}), "
            f"events with filters p95 {e['p95_ms']:.1f} ms (cpu {e['cpu_p95_ms']:.1f})"
        )
        if backend == "sqlite":
            ok = d["p95_ms"] < 50 and e["p95_ms"] < 100
            line += f"; bars 50 / 100 ms{'' if max(events) >= 1_000_000 else ' (set for 1M events)'}: "
            line += "meets" if ok else "ABOVE"
        print(line)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="khabar at scale: ingest growth, Dask workers, reads.")
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes (documents) to report")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers for the growth run (default 2)")
    parser.add_argument("--scaling-docs", type=int, default=6000, help="documents for 1 vs 2 workers")
    parser.add_argument(
        "--turns",
        type=int,
        default=3,
        help="parts of those taken in turns by 1 and 2 workers (default 3: parts of 2,000; a single run favours"
        " the second, which finds the SQLite writer's caches warm)",
    )
    parser.add_argument(
        "--events", default="10000,100000,1000000", help="read-benchmark store sizes (events)"
    )
    parser.add_argument("--pg", default=os.environ.get("KHABAR_TEST_PG_URL"), help="PostgreSQL server URL")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--only", choices=("growth", "workers", "reads"), action="append")
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the read workload")
    parser.add_argument("--keep", type=Path, help="folder for the SQLite read stores (reused when present)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--quick", action="store_true", help="2,000 documents, 500 for workers, 10k events")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.scaling_docs, args.turns, args.events = "1000,2000", 500, 1, "10000"
    sizes = sorted(int(x) for x in args.sizes.split(","))
    events = sorted(int(x) for x in args.events.split(","))
    only = set(args.only or ("growth", "workers", "reads"))
    pg = None if args.no_pg else args.pg
    print(f"khabar scale benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    figures: dict[str, Any] = {"cpus": os.cpu_count(), "load_at_start": os.getloadavg()[0]}
    work = Path(tempfile.mkdtemp(prefix="khabar-scale-"))
    try:
        if "growth" in only:
            figures["growth"] = growth(sizes, args.workers, work, args.seed)
        if "workers" in only:
            figures["workers"] = scaling(args.scaling_docs, work, args.seed, pg, turns=max(1, args.turns))
        if "reads" in only:
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
            figures["reads"] = reads(events, pg, work, args.keep, args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["load_at_end"] = os.getloadavg()[0]
    print(f"\nload average {figures['load_at_end']:.1f} at the end")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
