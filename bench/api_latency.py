"""Latency of the web app's dossier endpoint (``GET /api/entities/{id}``), over real HTTP on loopback.

The p95 is the figure to watch: an analyst clicks from dossier to dossier, and the slow tail is what they feel.

    python bench/api_latency.py --db big.db            # a store you have (e.g. built by bench/latency.py)
    python bench/api_latency.py --docs 2000            # builds a store of 2,000 generated documents first
    python bench/api_latency.py --db big.db --json

Without ``--db`` it builds a store from ``examples/*.txt`` recombined (bench/throughput.py's corpus: fixed
seed, distinct texts) in a temporary folder, and says how many documents it holds. The server is uvicorn in
a thread on 127.0.0.1 (a free port); requests go one at a time, round-robin over the most mentioned actors.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
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
from khabar.serve import create_app  # noqa: E402
from khabar.serve.server import BackgroundServer  # noqa: E402


def build_store(path: Path, docs: int, seed: int) -> int:
    """Ingest ``docs`` generated documents into a new store at ``path``; return how many landed."""
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


def measure(db: Path, requests: int, actors: int) -> dict[str, Any]:
    with Khabar(db) as kb:
        ids = [e.id for t in ("armed_group", "person") for e in kb.entities(type=t, limit=actors)]
        with kb.store.connect() as conn:
            n_docs = conn.exec_driver_sql("SELECT count(*) FROM documents").scalar_one()
            n_events = conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one()
        if not ids:
            raise SystemExit(f"{db}: no actors in the store")
        with BackgroundServer(create_app(kb)) as srv, httpx.Client(base_url=srv.url, timeout=60) as http:
            for i in ids:  # warm up: every dossier once (connection pool, caches, the OS page cache)
                http.get(f"/api/entities/{i}").raise_for_status()
            times: list[float] = []
            for n in range(requests):
                t0 = time.perf_counter()
                r = http.get(f"/api/entities/{ids[n % len(ids)]}")
                times.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
    return {
        "documents": n_docs,
        "events": n_events,
        "actors": len(ids),
        "requests": requests,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="an existing khabar SQLite store (else one is built)")
    ap.add_argument(
        "--docs", type=int, default=1000, help="documents to generate when no --db (default 1000)"
    )
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument(
        "--actors", type=int, default=25, help="most mentioned armed groups and people to ask for"
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            build_store(db, args.docs, args.seed)
            print(f"no --db: measured on a generated store of {args.docs} documents", file=sys.stderr)
        res = measure(db, args.requests, args.actors)
    print(
        f"GET /api/entities/{{id}} on {res['documents']:,} documents ({res['events']:,} events): "
        f"{res['requests']} requests over {res['actors']} actors, "
        f"p50 {res['p50_ms']} ms, p95 {res['p95_ms']} ms, max {res['max_ms']} ms"
    )
    if args.json:
        print(json.dumps(res))


if __name__ == "__main__":
    main()
