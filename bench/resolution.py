"""Event resolution's cost per new report as the store grows: time per ``Store.write`` into a store of 10k and
of 100k events, and the ratio (flat is the goal: a new report re-decides only the groups it is filed with, found
through the index of type × place × time, never by reading all events).

The stores are generated (no NLP, our own synthetic facts, fixed seed): events of five violent types over ten years
in 2,000 towns of 40 countries, a third at a named venue, most with a perpetrator among 60 groups; a fifth of the
events get a second dated report and a tenth an undated follow-up published days later. Both stores span the
same ten years, so the 100k store is ten times as dense as the 10k one (more candidates per block): flat costs
here mean the cost follows the density of one place and week, not the size of the store. The stores are built
with ``Store.write_many`` (batches of documents in one transaction, resolved together: the same store as one
write per document); the timed new reports go through ``Store.write`` one by one, each its own transaction: a
third retell a stored event on its day, a third are undated follow-ups days later, a third are new events.

    python bench/resolution.py                     # 10k and 100k events, 300 new reports each
    python bench/resolution.py --sizes 2000 20000 --new 100 --json
    python bench/resolution.py --keep /tmp/resolution-stores   # build once, time again later on a copy

Prints, per size, the build time, the store's size on disk, and per new report: median, mean and p95 of wall and
CPU time, SQL statements per report; then the ratios (largest / smallest size).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
try:
    import khabar  # noqa: F401
except ImportError:  # run from a source tree that was never installed
    sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import event as sa_event  # noqa: E402

from khabar.model import (  # noqa: E402
    Count,
    DateValue,
    DocFacts,
    EventFact,
    Figure,
    LocalEntity,
    Mention,
    Participant,
    Place,
    RawDocument,
    Sentence,
)
from khabar.store import Store  # noqa: E402

X = "bench.v1"
START = date(2010, 1, 1)
DAYS = 3652
TYPES = ["attack", "attack", "attack", "air_strike", "killing", "kidnapping", "clash"]
VENUES = ["market", "base", "checkpoint", "mosque", "hotel", "school", "police station", "bus station"]


class World:
    """Towns, groups and venue names to draw events from (fixed by the seed)."""

    def __init__(self, rng: random.Random) -> None:
        self.countries = [f"Country {i:02d}" for i in range(40)]
        self.towns = []
        for i in range(2000):
            c = rng.randrange(40)
            lat, lon = -30 + c * 1.5 + rng.random(), -20 + c * 3 + rng.random() * 2
            self.towns.append((f"Town{i:04d}", self.countries[c], f"Province {c:02d}-{i % 7}", lat, lon))
        self.weights = [1.0 / (1 + i) ** 0.6 for i in range(len(self.towns))]  # some towns see far more
        self.groups = [f"Front of the {w} {i}" for i, w in enumerate(["North", "River", "Hills", "Dawn"] * 15)]


def _doc(doc_id: str, published: date | None, sentence: str, ev: EventFact, ents: dict[str, LocalEntity]) -> DocFacts:
    raw = RawDocument(id=doc_id, text=sentence, published=published)
    facts = DocFacts(document=raw, sentences=[Sentence(0, 0, len(sentence), sentence)], extractor=X)
    for key, local in ents.items():
        facts.entities[key] = local
        at = sentence.find(local.name)
        if at >= 0:
            facts.mentions.append(Mention(at, at + len(local.name), local.name, 0, key, X))
    facts.events = [ev]
    return facts


def make_event(rng: random.Random, world: World, n: int) -> dict[str, Any]:
    town = rng.choices(world.towns, weights=world.weights)[0]
    day = START + timedelta(days=rng.randrange(DAYS))
    return {
        "n": n,
        "type": rng.choice(TYPES),
        "day": day,
        "town": town,
        "venue": f"{rng.choice(VENUES)} {rng.choice(['Alpha', 'Bravo', 'Cedar', 'Delta', 'Ember'])}{rng.randrange(90)}"
        if rng.random() < 0.33
        else None,
        "group": rng.choice(world.groups) if rng.random() < 0.6 else None,
        "killed": rng.randrange(1, 60),
    }


def report(spec: dict[str, Any], doc_id: str, *, dated: bool, lag: int) -> DocFacts:
    """One document's account of the event ``spec``: dated to its day, or undated and published ``lag`` days on."""
    name, country, admin1, lat, lon = spec["town"]
    where = spec["venue"] or name
    ents = {"town": LocalEntity("town", name, "location", {name}, extractor=X)}
    parts = []
    if spec["group"]:
        ents["group"] = LocalEntity("group", spec["group"], "armed_group", {spec["group"]}, extractor=X)
        parts.append(Participant("perpetrator", "group"))
    sentence = f"{spec['group'] or 'Gunmen'} struck the {where} in {name} ({doc_id}), killing {spec['killed']}."
    place = (
        Place(spec["venue"], "facility", country=country, admin1=admin1)
        if spec["venue"]
        else Place(name, "location", country=country, admin1=admin1, lat=lat, lon=lon)
    )
    day = spec["day"]
    ev = EventFact(
        spec["type"],
        [0],
        X,
        date=DateValue(day.isoformat(), "day") if dated else None,
        place=place,
        place_entity=None if spec["venue"] else "town",
        participants=parts,
        figures=[Figure("killed", Count(spec["killed"], spec["killed"], str(spec["killed"])), 0)],
    )
    return _doc(doc_id, day + timedelta(days=lag), sentence, ev, ents)


def corpus(rng: random.Random, world: World, events: int, prefix: str) -> tuple[list[DocFacts], list[dict[str, Any]]]:
    docs, specs = [], []
    for n in range(events):
        spec = make_event(rng, world, n)
        specs.append(spec)
        docs.append(report(spec, f"{prefix}{n}-a", dated=True, lag=rng.randrange(0, 2)))
        if rng.random() < 0.2:
            docs.append(report(spec, f"{prefix}{n}-b", dated=True, lag=rng.randrange(1, 4)))
        if rng.random() < 0.1:
            docs.append(report(spec, f"{prefix}{n}-c", dated=False, lag=rng.randrange(1, 6)))
    return docs, specs


def build(path: Path, docs: list[DocFacts], batch: int = 500) -> float:
    store = Store(path)
    t0 = time.perf_counter()
    for i in range(0, len(docs), batch):
        store.write_many(docs[i : i + batch])
    store.close()
    return time.perf_counter() - t0


def timed_writes(path: Path, docs: list[DocFacts]) -> dict[str, Any]:
    store = Store(path)
    statements = [0]

    def count(*_a: Any) -> None:
        statements[0] += 1

    sa_event.listen(store.engine, "before_cursor_execute", count)
    wall, cpu = [], []
    for facts in docs:
        w0, c0 = time.perf_counter(), time.process_time()
        store.write(facts)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    sa_event.remove(store.engine, "before_cursor_execute", count)
    with store.connect() as conn:
        from sqlalchemy import func, select

        from khabar.store import schema as t

        n_events = conn.execute(select(func.count()).select_from(t.events)).scalar_one()
    store.close()

    def stats(xs: list[float]) -> dict[str, float]:
        xs = sorted(xs)
        return {
            "median": round(statistics.median(xs), 2),
            "mean": round(statistics.fmean(xs), 2),
            "p95": round(xs[int(0.95 * (len(xs) - 1))], 2),
        }

    return {"wall_ms": stats(wall), "cpu_ms": stats(cpu), "sql_per_report": statements[0] / len(docs),
            "events_after": n_events}  # fmt: skip


def new_reports(rng: random.Random, world: World, specs: list[dict[str, Any]], count: int) -> list[DocFacts]:
    out = []
    for i in range(count):
        kind = i % 3
        if kind == 0:  # another report of a stored event, on its day
            out.append(report(rng.choice(specs), f"new{i}", dated=True, lag=rng.randrange(1, 4)))
        elif kind == 1:  # an undated follow-up days later
            out.append(report(rng.choice(specs), f"new{i}", dated=False, lag=rng.randrange(1, 6)))
        else:  # a new event
            out.append(report(make_event(rng, world, -i), f"new{i}", dated=True, lag=0))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="events in the stores")
    ap.add_argument("--new", type=int, default=300, help="new reports timed per store")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--keep", type=Path, help="folder for the built stores: reused when there (the timed writes go to a copy)"
    )
    args = ap.parse_args(argv)
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="khabar-resolution-") as tmp:
        for size in args.sizes:
            rng = random.Random(args.seed)
            world = World(rng)
            docs, specs = corpus(rng, world, size, "d")
            built = (args.keep or Path(tmp)) / f"{size}-seed{args.seed}.db"
            if built.exists():
                seconds = float("nan")  # built by an earlier run
            else:
                built.parent.mkdir(parents=True, exist_ok=True)
                seconds = build(built.with_suffix(".part"), docs)
                built.with_suffix(".part").rename(built)
            path = Path(tmp) / f"{size}-timed.db"
            shutil.copyfile(built, path)
            fresh = new_reports(random.Random(args.seed + 1), world, specs, args.new)
            res = timed_writes(path, fresh)
            res.update(events=size, documents=len(docs), build_s=round(seconds, 1),
                       size_mb=round(path.stat().st_size / 1e6, 1))  # fmt: skip
            results[size] = res
            print(
                f"{size:>7} events ({len(docs)} documents, "
                f"{'store reused' if seconds != seconds else f'built in {seconds:.0f} s'}, {res['size_mb']} MB): "
                f"per new report wall median {res['wall_ms']['median']} ms, mean {res['wall_ms']['mean']} ms, "
                f"p95 {res['wall_ms']['p95']} ms; CPU median {res['cpu_ms']['median']} ms; "
                f"{res['sql_per_report']:.1f} SQL statements",
                flush=True,
            )
    small, large = min(results), max(results)
    ratios = {
        k: round(results[large][k]["median"] / results[small][k]["median"], 2) for k in ("wall_ms", "cpu_ms")
    }
    print(
        f"ratio {large} / {small} events: wall median {ratios['wall_ms']}x, CPU median {ratios['cpu_ms']}x "
        f"(flat within 2x: {'yes' if max(ratios.values()) <= 2 else 'no'})"
    )
    if args.json:
        print(json.dumps({"results": results, "ratios": ratios}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
