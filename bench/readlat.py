"""p50/p95 of the reads that grow with a store: dossier, timeline, events with filters, network and ``ask``.

The workload is drawn from the store itself (untimed, seeded): the ten armed groups that take part in the most
events (the worst case for a dossier), ten other groups, twenty people and ten places with events, their
countries, and questions of every form ``ask`` answers about them. Each call runs once untimed, then ``rounds``
times timed, through the ``Khabar`` facade as the CLI and the web app call it.

    python bench/readlat.py --db /tmp/m.db                  # a store made by bench/bulkstore.py, or any store
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("dossier", "timeline", "events", "network", "ask")


def _khabar() -> Any:
    try:
        import khabar
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import khabar
    return khabar


def workload(kb: Any, seed: int = 13) -> dict[str, list[Callable[[], object]]]:
    """The calls to time, per kind of read."""
    from sqlalchemy import func, select

    from khabar.store import schema as t

    rng = random.Random(seed)
    ep, ev, en = t.event_participants, t.events, t.entities
    with kb.store.connect() as conn:
        top = conn.execute(
            select(ep.c.entity_id, func.count().label("n"))
            .join(en, en.c.id == ep.c.entity_id)
            .where(en.c.type == "armed_group")
            .group_by(ep.c.entity_id)
            .order_by(func.count().desc())
            .limit(200)
        ).fetchall()
        groups = [r.entity_id for r in top[:10]] + rng.sample(
            [r.entity_id for r in top[10:]], min(10, len(top) - 10)
        )
        people = list(
            conn.execute(
                select(ep.c.entity_id)
                .join(en, en.c.id == ep.c.entity_id)
                .where(en.c.type == "person")
                .limit(2000)
            ).scalars()
        )
        people = rng.sample(sorted(set(people)), min(20, len(set(people))))
        places = list(
            conn.execute(
                select(ev.c.place_name, ev.c.country).where(ev.c.place_name.is_not(None)).limit(3000)
            )
        )
        places = rng.sample(sorted(set(places)), min(10, len(set(places))))
        names = {
            i: n for i, n in conn.execute(select(en.c.id, en.c.name).where(en.c.id.in_(groups + people)))
        }
        dates = sorted(
            d
            for d in conn.execute(
                select(ev.c.date_start).where(ev.c.date_start.is_not(None)).limit(5000)
            ).scalars()
        )
    g_names = [names[g] for g in groups if g in names]
    p_names = [names[p] for p in people if p in names]
    month = dates[len(dates) // 2][:7] if dates else "2020-01"
    year = month[:4]
    calls: dict[str, list[Callable[[], object]]] = {k: [] for k in KINDS}
    for n in g_names + p_names + [p for p, _ in places]:
        calls["dossier"].append(partial(kb.dossier, n))
    for n in g_names[:10] + p_names[:5] + [p for p, _ in places[:5]]:
        calls["timeline"].append(partial(kb.timeline, n, limit=100))
        calls["timeline"].append(partial(kb.timeline, n, since=year, limit=100))
    calls["timeline"] += [
        partial(kb.timeline, since=month, until=month, limit=100),
        partial(kb.timeline, limit=100),
    ]
    if hasattr(kb, "count_timeline"):
        calls["timeline"] += [partial(kb.count_timeline, n) for n in g_names[:5]] + [
            partial(kb.count_timeline)
        ]
    for (_place, country), g in zip(places, g_names, strict=False):
        for q in (
            {"country": country, "type": "attack"},
            {"actor": g, "since": year},
            {"actor": g, "type": "attack", "country": country},
            {"since": month, "until": month},
            {"type": "kidnapping", "since": year, "until": year},
            {"country": country},
        ):
            calls["events"].append(partial(kb.events, limit=50, **q))
            calls["events"].append(partial(kb.count_events, **q))
    for n in g_names[:10] + p_names[:10]:
        calls["network"].append(partial(kb.network, n, limit=50))
    for g, (_place, country) in zip(g_names, places * 2, strict=False):
        calls["ask"] += [
            partial(kb.ask, f"What is {g}?"),
            partial(kb.ask, f"Who leads {g}?"),
            partial(kb.ask, f"Who was the first leader of {g}?"),
            partial(kb.ask, f"When did {g} attack?"),
            partial(kb.ask, f"Why did {g} attack {country}?"),
        ]
    for place, _ in places:
        calls["ask"] += [
            partial(kb.ask, f"How many people were killed in the attack in {place}?"),
            partial(kb.ask, f"Who attacked {place}?"),
        ]
    return calls


def timed(calls: list[Callable[[], object]], rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per call; each call once untimed first (a cold page cache is not what is
    measured). CPU time (this process) shows the cost on a machine that other work keeps busy."""
    for call in calls:
        call()
    wall, cpu = [], []
    for _ in range(rounds):
        for call in calls:
            t0, c0 = time.perf_counter(), time.process_time()
            call()
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def _q(ms: list[float]) -> list[float]:
    return statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99


def summary(wall: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    if not wall:
        return {"n": 0, "p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0, "cpu_p50_ms": 0.0, "cpu_p95_ms": 0.0}
    q, c = _q(wall), _q(cpu or wall)
    return {"n": len(wall), "p50_ms": q[49], "p95_ms": q[94], "max_ms": max(wall), "cpu_p50_ms": c[49],
            "cpu_p95_ms": c[94]}  # fmt: skip


def measure(
    db: str, rounds: int = 2, seed: int = 13, slow: float | None = None
) -> dict[str, dict[str, float]]:
    """p50/p95 per kind of read on the store at ``db``; ``slow``: also print every call slower than that (ms)."""
    khabar = _khabar()
    with khabar.Khabar(db) as kb:
        calls = workload(kb, seed)
        out = {}
        for kind in KINDS:
            ms, cpu = timed(calls[kind], rounds)
            out[kind] = summary(ms, cpu)
            if slow is not None:
                n = len(calls[kind])
                for i, t in enumerate(ms):
                    if t > slow:
                        c = calls[kind][i % n]
                        print(
                            f"  slow {kind} {t:7.1f} ms  {c.func.__name__}{c.args}{c.keywords}",
                            file=sys.stderr,
                        )
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="p50/p95 of khabar's growing reads on one store.")
    parser.add_argument("--db", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--slow", type=float, help="print every call slower than this many ms")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    out = measure(args.db, args.rounds, slow=args.slow)
    for kind, r in out.items():
        print(
            f"{kind:<9} n={r['n']:<4} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  max {r['max_ms']:7.1f} ms"
            f"   (cpu p50 {r['cpu_p50_ms']:6.1f}  p95 {r['cpu_p95_ms']:6.1f})"
        )
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
