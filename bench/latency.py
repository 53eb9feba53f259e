"""Read-side latency on a large store: p50/p95 of ``dossier`` and ``ask`` over a set of names and questions.

The store holds ≥ 10,000 documents made by recombining the paragraphs of ``examples/*.txt`` with a fixed seed
(the same recipe as ``throughput.py``), each with a publication date spread over ten years, so the entities
of the examples are mentioned in thousands of documents: the worst case for a dossier or an answer.
Building it runs the whole ingest pipeline and takes a while (progress is printed); ``--db PATH`` keeps the
store and reuses it next time, ingesting only the documents it lacks.

    python bench/latency.py                          # 10,000 documents in a temporary store
    python bench/latency.py --db /tmp/bench.db       # build once, re-measure later in seconds
    python bench/latency.py --docs 500 --json        # a quick look

No network: the spaCy model must already be installed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PARAGRAPHS_PER_DOC = (3, 7)
FIRST_DAY = date(2015, 1, 1)
BATCH = 200


def _khabar() -> ModuleType:
    """``khabar``, from the repository's ``src`` when the package is not installed (a fresh checkout)."""
    try:
        import khabar
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import khabar
    return khabar


def load_paragraphs(folder: Path) -> list[str]:
    paragraphs = [
        block.strip()
        for path in sorted(folder.glob("*.txt"))
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if block.strip()
    ]
    if len(paragraphs) < PARAGRAPHS_PER_DOC[1]:
        raise SystemExit(f"{folder}: {len(paragraphs)} paragraphs in *.txt; need {PARAGRAPHS_PER_DOC[1]}")
    return paragraphs


def corpus(paragraphs: Sequence[str], n: int, seed: int) -> list[tuple[str, str, date]]:
    """``n`` distinct (id, text, published) documents; the same ``seed`` gives the same corpus."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[tuple[str, str, date]] = []
    lo, hi = PARAGRAPHS_PER_DOC
    attempts = 0
    while len(out) < n:
        attempts += 1
        if attempts > 50 * n + 1000:
            raise SystemExit(f"could not build {n} distinct documents from {len(paragraphs)} paragraphs")
        text = "\n\n".join(rng.sample(list(paragraphs), rng.randint(lo, hi))) + "\n"
        if text in seen:
            continue
        seen.add(text)
        published = FIRST_DAY + timedelta(days=rng.randrange(3650))
        out.append((f"bench-{len(out):05d}", text, published))
    return out


def build_store(kb: Any, docs: list[tuple[str, str, date]]) -> None:
    """Ingest the documents the store lacks, in batches, printing progress and an estimate of the rest."""
    from sqlalchemy import select

    from khabar.model import RawDocument
    from khabar.store import schema as t

    with kb.store.connect() as conn:
        have = set(conn.execute(select(t.documents.c.id)).scalars())
    todo = [d for d in docs if d[0] not in have]
    print(f"store has {len(have)} documents; ingesting {len(todo)} more", flush=True)
    start = time.perf_counter()
    done = failed = 0
    for i in range(0, len(todo), BATCH):
        chunk = todo[i : i + BATCH]
        raws = [RawDocument(id=d, text=text, published=pub, source="bench") for d, text, pub in chunk]
        report = kb.ingest_documents(raws)
        done += len(chunk)
        failed += len(report.failed)
        elapsed = time.perf_counter() - start
        rate = done / elapsed if elapsed else 0.0
        eta = (len(todo) - done) / rate if rate else 0.0
        print(
            f"  {done:>6}/{len(todo)} docs  {rate:5.1f} docs/s  {elapsed / 60:5.1f} min  ~{eta / 60:4.1f} min left"
            + (f"  ({failed} failed)" if failed else ""),
            flush=True,
        )


def stored(kb: Any) -> int:
    from sqlalchemy import func, select

    from khabar.store import schema as t

    with kb.store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.documents)).scalar_one())


def workload(kb: Any, n_names: int) -> tuple[list[str], list[str]]:
    """Names to look up and questions to ask, taken from what the store knows (its most mentioned)."""
    groups = [e.name for e in kb.entities(type="armed_group", limit=n_names)]
    people = [e.name for e in kb.entities(type="person", limit=max(2, n_names // 2))]
    countries = [e.name for e in kb.entities(type="country", limit=4)]
    places = [e.place for e in kb.events(type="attack", limit=200) if e.place]
    places = list(dict.fromkeys(places))[:4]
    names = groups + people
    questions: list[str] = []
    for g in groups:
        questions += [
            f"What is {g}?",
            f"Who leads {g}?",
            f"Who was the first leader of {g}?",
            f"When did {g} attack?",
        ]
    for g, c in zip(groups, countries * 3, strict=False):
        questions.append(f"Why did {g} attack {c}?")
    for p in places:
        questions += [f"How many people were killed in the {p} attack?", f"Who attacked {p}?"]
    questions += [f"Who is {p}?" for p in people[:2]] + ["What is the Foo Brigade?"]
    return names, questions


def timed(calls: Sequence[Callable[[], object]], rounds: int) -> list[float]:
    """Milliseconds per call (each call once untimed first, so a cold cache is not what is measured)."""
    for call in calls:
        call()
    out = []
    for _ in range(rounds):
        for call in calls:
            t0 = time.perf_counter()
            call()
            out.append((time.perf_counter() - t0) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
    return {
        "n": len(ms),
        "p50_ms": q[49],
        "p95_ms": q[94],
        "max_ms": max(ms),
        "mean_ms": statistics.fmean(ms),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="p50/p95 latency of dossier and ask on a large store.")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the store (default 10000)")
    parser.add_argument("--db", type=Path, help="SQLite file to build or reuse (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=13, help="corpus seed (default 13)")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="folder of .txt articles")
    parser.add_argument("--names", type=int, default=8, help="armed groups to query (default 8)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the workload (default 3)")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.rounds < 1:
        parser.error("--docs and --rounds must be at least 1")
    khabar = _khabar()
    docs = corpus(load_paragraphs(args.examples), args.docs, args.seed)
    with tempfile.TemporaryDirectory(prefix="khabar-latency-") as tmp:
        db = args.db or Path(tmp) / "bench.db"
        with khabar.Khabar(db) as kb:
            build_store(kb, docs)
            n_docs = stored(kb)
            names, questions = workload(kb, args.names)
            print(
                f"workload: {len(names)} dossiers, {len(questions)} questions, {args.rounds} rounds",
                flush=True,
            )
            results = {
                "dossier": summary(timed([partial(kb.dossier, n) for n in names], args.rounds)),
                "ask": summary(timed([partial(kb.ask, q) for q in questions], args.rounds)),
            }
    print(f"store: {n_docs} documents (seed {args.seed})")
    for op, r in results.items():
        print(
            f"{op:<8} n={r['n']:<4} p50 {r['p50_ms']:8.1f} ms   p95 {r['p95_ms']:8.1f} ms   max {r['max_ms']:8.1f} ms"
        )
    if args.json:
        print(
            json.dumps(
                {"docs": args.docs, "seed": args.seed, "names": names, "questions": questions, **results},
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
