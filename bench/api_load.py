"""The web app under many clients at once: p50/p95 of read endpoints at 1 and at 20 concurrent clients.

    python bench/api_load.py --db big.db                 # a store you have (e.g. built by bench/latency.py)
    python bench/api_load.py --docs 500                  # builds a store of 500 generated documents first
    python bench/api_load.py --db big.db --clients 1,5,20 --think-ms 0 --json
    python bench/api_load.py --db big.db --clients 1 --endpoints dossier     # one client: plain latency

The server is the real ``khabar serve`` in its own process (so the load generator never shares its GIL), on a
free loopback port. Each client is a thread with its own keep-alive connection, like a browser tab: it sends a
request, waits for the answer, pauses for a think time drawn from an exponential distribution (mean
``--think-ms``, fixed seed), and goes on. Clients walk the same list of URLs from different starting points, so
at any moment they ask for different things. Endpoints: the dossier (``/api/entities/{id}`` of the most mentioned
armed groups and people), the events list with a filter, the timeline of an actor and the search.

Each row is timed after one untimed pass over its URLs, so every client count meets the server in the same
state (with the answer cache on, it holds them all: the figures are of a warm server; ``--cache-mb 0`` makes
it build every answer). For each endpoint it prints p50, p95 and throughput at each client count, and the
ratio of the p95 at the largest client count to the p95 of a single client. With a think time of 0 every
client is a closed loop that fires its next request the instant the last one returns: then a server of C cores that spends S seconds
per request cannot answer 20 clients faster than about 20·S/C each, whatever it does, so the zero-think figure
measures throughput, not queueing. The default think time (100 ms: twenty users clicking faster than anyone
reads, 200 requests a second together) is the figure to compare; ``--think-ms 0`` shows the saturated case.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    import khabar  # noqa: F401
except ImportError:  # a fresh checkout: use the repository's src/
    sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402
from throughput import PUBLISHED, build_corpus, load_paragraphs  # noqa: E402

from khabar import Khabar  # noqa: E402
from khabar.serve.server import free_port  # noqa: E402


def build_store(path: Path, docs: int, seed: int) -> int:
    """Ingest ``docs`` generated documents (``examples/*.txt`` paragraphs recombined, bench/throughput.py's
    corpus) into a new store at ``path``; return how many landed."""
    rng = random.Random(seed)
    texts = build_corpus(load_paragraphs(ROOT / "examples"), docs, rng, set())
    folder = path.parent / "corpus"
    folder.mkdir(exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    with Khabar(path) as kb:
        report = kb.ingest([folder], published=PUBLISHED)
    print(f"built {path} in {time.perf_counter() - t0:.0f} s: {report.summary()}", file=sys.stderr)
    return len(report.ingested)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


@dataclass
class Level:
    endpoint: str
    clients: int
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    per_s: float
    errors: int


def start_server(db: Path, cache_mb: int | None) -> tuple[subprocess.Popen[bytes], str]:
    """``khabar serve`` on a free loopback port, in its own process; returns once it answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "khabar.cli.main", "--db", str(db), "serve", "--port", str(port)]
    if cache_mb is not None:
        cmd += ["--cache-mb", str(cache_mb)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"khabar serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/api/entities?limit=1", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"khabar serve did not answer on {url}")


def endpoint_urls(db: Path, actors: int) -> dict[str, list[str]]:
    """The URLs each endpoint is measured on, built from what the store holds."""
    with Khabar(db) as kb:
        ents = [e for t in ("armed_group", "person") for e in kb.entities(type=t, limit=actors)]
        countries = [e.name for e in kb.entities(type="country", limit=10)]
    if not ents:
        raise SystemExit(f"{db}: no actors in the store")
    return {
        "dossier": [f"/api/entities/{e.id}" for e in ents],
        "events": [f"/api/events?limit=50&country={c}&since=2010" for c in countries or ["Somalia"]],
        "timeline": [f"/api/timeline?entity={e.id}&limit=100" for e in ents[: max(1, len(ents) // 2)]],
        "search": [f"/api/search?q={e.name.split()[0][:6]}" for e in ents],
    }


def run_level(
    base: str, name: str, urls: list[str], clients: int, per_client: int, think_ms: float, seed: int
) -> Level:
    """``clients`` threads, each ``per_client`` requests with think time, after one untimed pass over the URLs
    (so every level meets the server in the same state: its answer cache, if on, already holds them all)."""
    with httpx.Client(base_url=base, timeout=120) as http:
        for url in urls:
            http.get(url)
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(i: int) -> None:
        nonlocal errors
        rng = random.Random(seed * 1000 + i)
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=120) as http:
            http.get(urls[i % len(urls)])  # warm-up: the connection is open before timing starts
            start.wait()
            for n in range(per_client):
                if think_ms > 0:
                    time.sleep(rng.expovariate(1000 / think_ms))
                t0 = time.perf_counter()
                r = http.get(urls[(i * 7 + n) % len(urls)])
                mine.append((time.perf_counter() - t0) * 1000)
                bad += r.status_code != 200
        with lock:
            times.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for th in threads:
        th.start()
    start.wait()
    t0 = time.perf_counter()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    return Level(
        endpoint=name,
        clients=clients,
        requests=len(times),
        p50_ms=round(statistics.median(times), 1),
        p95_ms=round(percentile(times, 95), 1),
        max_ms=round(max(times), 1),
        per_s=round(len(times) / wall, 1),
        errors=errors,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="an existing khabar SQLite store (else one is built)")
    ap.add_argument("--docs", type=int, default=500, help="documents to generate when no --db (default 500)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--clients", default="1,20", help="client counts to measure (default 1,20)")
    ap.add_argument("--requests", type=int, default=400, help="requests per endpoint and client count")
    ap.add_argument("--think-ms", type=float, default=100.0, help="mean pause between a client's requests")
    ap.add_argument("--actors", type=int, default=25, help="most mentioned armed groups and people to ask for")
    ap.add_argument("--endpoints", default="dossier,events,timeline,search")
    ap.add_argument("--cache-mb", type=int, help="the server's answer cache (default: khabar serve's; 0: off)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            build_store(db, args.docs, args.seed)
        urls = endpoint_urls(db, args.actors)
        proc, base = start_server(db, args.cache_mb)
        results: list[Level] = []
        try:
            with Khabar(db) as kb, kb.store.connect() as conn:
                n_docs = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
            print(
                f"{n_docs:,} documents; khabar serve pid {proc.pid} on {base}; {os.cpu_count()} CPUs; "
                f"think time {args.think_ms:g} ms (mean); {args.requests} requests per row",
            )
            print(f"{'endpoint':10} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}")
            for name in args.endpoints.split(","):
                for c in levels:
                    lv = run_level(
                        base, name, urls[name], c, max(1, args.requests // c), args.think_ms, args.seed
                    )
                    results.append(lv)
                    print(
                        f"{name:10} {c:7d} {lv.p50_ms:8.1f} {lv.p95_ms:8.1f} {lv.max_ms:8.1f} {lv.per_s:7.1f}"
                        + (f"  {lv.errors} errors" if lv.errors else "")
                    )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    ratios: dict[str, float] = {}
    for name in args.endpoints.split(","):
        rows = {lv.clients: lv for lv in results if lv.endpoint == name}
        one, many = rows[min(levels)], rows[max(levels)]
        ratios[name] = round(many.p95_ms / one.p95_ms, 2)
        print(f"{name}: p95 at {max(levels)} clients / p95 at {min(levels)}: {ratios[name]:.2f}")
    if args.json:
        out: dict[str, Any] = {"levels": [asdict(lv) for lv in results], "p95_ratio": ratios}
        out["think_ms"] = args.think_ms
        print(json.dumps(out))


if __name__ == "__main__":
    main()
