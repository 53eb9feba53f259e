"""Nothing lost under kill -9: ingest a generated corpus, kill the ingest at random points, resume, and count.

    python bench/faults.py                      # 10,000 documents, 20 kills
    python bench/faults.py --docs 2000 --kills 5 --compare --json

Each round starts ``khabar ingest`` on the corpus folder as a separate process and sends it SIGKILL at a random
moment (after a random number of new documents has landed, plus a random moment, so kills fall in
the middle of transactions, extraction and file reading alike); a last run resumes to the end. Then it prints:

- documents lost (a file of the corpus with no stored document, or a stored text that differs from the file's)
  and documents duplicated (a document with any of its rows written twice: sentences, mentions, evidence), both
  of which must be 0;
- the store's integrity (``PRAGMA integrity_check``, foreign keys, no document without sentences, no event or
  relation without evidence);
- recovery time: from the restart of a killed ingest until its first new document lands (interpreter, spaCy
  model, reopening the store, skipping what is stored), mean and worst;
- with ``--compare``, whether the facts-json export equals that of one clean, uninterrupted run.

The corpus is generated from this file's own sentence templates (fixed seed): short wire-style reports of
attacks, clashes and statements with varied places, groups, dates and tolls, so events merge across documents
as in real feeds. The test suite runs the same harness at CI size (``tests/test_faults.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = "2024-03-01"
PUBLISHED_DATE = date.fromisoformat(PUBLISHED)

_GROUPS = ["al-Shabaab", "Boko Haram", "the Taliban", "ISWAP", "JNIM", "the Pakistani Taliban", "Hamas"]
_PLACES = [
    ("Mogadishu", "Somalia"),
    ("Maiduguri", "Nigeria"),
    ("Kandahar", "Afghanistan"),
    ("Gao", "Mali"),
    ("Peshawar", "Pakistan"),
    ("Kismayo", "Somalia"),
    ("Damaturu", "Nigeria"),
    ("Quetta", "Pakistan"),
    ("Mopti", "Mali"),
    ("Jalalabad", "Afghanistan"),
]
_TARGETS = ["a police station", "an army checkpoint", "a market", "a military convoy", "a hotel", "a bus station"]
_WEAPONS = ["a car bomb", "gunfire", "a roadside bomb", "rockets", "a suicide bomber"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
_OPENINGS = [
    "Militants attacked {target} in {place}, {country}, on {month} {day}, {year}, killing {killed} people.",
    "At least {killed} people were killed when {weapon} struck {target} in {place} on {month} {day}, {year}.",
    "Gunmen stormed {target} in the {country}n city of {place} on {month} {day}, {year}, officials said.",
    "{group} fighters clashed with soldiers near {place} on {month} {day}, {year}; {killed} people died.",
]
_FOLLOWS = [
    "{group} claimed responsibility for the attack in a statement.",
    "Officials blamed {group}, which has carried out similar attacks in {country}.",
    "Another {wounded} people were wounded, a hospital official said.",
    "The {country} government condemned the violence and promised an inquiry.",
    "Witnesses said the fighting lasted for {hours} hours before reinforcements arrived.",
    "Security was tightened across {place} after the attack, police said.",
]


def make_corpus(folder: Path, n: int, seed: int = 11) -> list[Path]:
    """``n`` distinct short reports as ``.txt`` files in ``folder`` (made if missing); returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    paths: list[Path] = []
    while len(paths) < n:
        place, country = rng.choice(_PLACES)
        slots = {
            "group": rng.choice(_GROUPS),
            "place": place,
            "country": country,
            "target": rng.choice(_TARGETS),
            "weapon": rng.choice(_WEAPONS),
            "month": rng.choice(_MONTHS),
            "day": rng.randint(1, 28),
            "year": rng.randint(2015, 2023),
            "killed": rng.randint(2, 90),
            "wounded": rng.randint(1, 120),
            "hours": rng.randint(2, 9),
        }
        sentences = [rng.choice(_OPENINGS)] + rng.sample(_FOLLOWS, rng.randint(1, 3))
        text = " ".join(s.format(**slots) for s in sentences)
        text = text[0].upper() + text[1:] + "\n"
        if text in seen:
            continue
        seen.add(text)
        path = folder / f"report-{len(paths):05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def ingest_command(db: Path, folder: Path, *, gate: bool = True) -> list[str]:
    """``khabar ingest`` of the corpus; ``gate=False`` (``--no-gate``) writes every 16 documents rather than
    after each chunk the relevance gate decides on (64), which a small test corpus needs for kills to land."""
    return [sys.executable, "-m", "khabar.cli.main", "--db", str(db), "ingest", "-q", "--published", PUBLISHED,
            *([] if gate else ["--no-gate"]), str(folder)]  # fmt: skip


def stored(db: Path) -> int:
    """Documents in the store now (0 before it exists), read without taking part in the writer's locks."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # the store exists but its tables do not yet
        return 0


@dataclass
class Outcome:
    docs: int
    kills: int
    killed_at: list[int] = field(default_factory=list)  # documents stored when each kill landed
    recovery_s: list[float] = field(default_factory=list)
    final_summary: str = ""
    final_exit: int = 0
    seconds: float = 0.0
    lost: int = 0
    duplicated: int = 0
    integrity: list[str] = field(default_factory=list)  # problems found; empty when the store is sound
    equal_to_clean_run: bool | None = None


def _first_new_document(proc: subprocess.Popen[bytes], db: Path, before: int, started: float) -> float | None:
    """Seconds from ``started`` until the store holds more than ``before`` documents (None if it ended first)."""
    while proc.poll() is None:
        if stored(db) > before:
            return time.monotonic() - started
        time.sleep(0.02)
    return time.monotonic() - started if stored(db) > before else None


def run_with_kills(
    db: Path, folder: Path, docs: int, kills: int, seed: int = 7, *, gate: bool = True
) -> Outcome:
    """Ingest ``folder`` into ``db`` with ``kills`` SIGKILLs at random points, then resume to the end."""
    rng = random.Random(seed)
    out = Outcome(docs=docs, kills=kills)
    cmd = ingest_command(db, folder, gate=gate)
    t0 = time.monotonic()
    for k in range(kills):
        before = stored(db)
        # spread the kills over the corpus: wait for a random share of what is left, then a moment more
        target = before + rng.randint(1, max(1, (docs - before) // (kills - k + 1)))
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first = _first_new_document(proc, db, before, started)
        if first is not None and k > 0:
            out.recovery_s.append(first)
        while proc.poll() is None and stored(db) < target:
            time.sleep(0.01)
        # a random moment more, shorter than the last batch of a small corpus takes now that a document is stored
        # in a few milliseconds (0.25 s let an 80-document ingest finish before its last kill)
        time.sleep(rng.random() * 0.05)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        out.killed_at.append(stored(db))
    before = stored(db)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = _first_new_document(proc, db, before, started)
    if first is not None and kills:
        out.recovery_s.append(first)
    stdout, stderr = proc.communicate()
    out.seconds = time.monotonic() - t0
    out.final_exit = proc.returncode
    lines = (stdout.decode() + stderr.decode()).strip().splitlines()
    out.final_summary = lines[-1] if lines else ""
    out.lost, out.duplicated = count_lost_and_duplicated(db, folder)
    out.integrity = integrity_problems(db)
    return out


# Rows that each document writes once: a second copy of any of them means part of a document was stored twice.
_ONCE = {
    "sentences": ("document_id", "idx"),
    "mentions": ("document_id", "sentence_id", "start", "end", "entity_id"),
    "evidence": ("document_id", "kind", "fact_id", "sentence_id"),
}


def count_lost_and_duplicated(db: Path, folder: Path) -> tuple[int, int]:
    """(documents lost, documents with rows written twice) for the corpus in ``folder``."""
    with sqlite3.connect(db) as conn:
        texts = dict(conn.execute("SELECT id, text FROM documents").fetchall())
        lost = sum(1 for p in folder.glob("*.txt") if texts.get(p.stem) != p.read_text(encoding="utf-8"))
        twice: set[str] = set()
        for table, key in _ONCE.items():
            cols = ", ".join(f'"{c}"' for c in key)
            q = f"SELECT document_id FROM {table} GROUP BY {cols} HAVING count(*) > 1"
            twice.update(r[0] for r in conn.execute(q))
    return lost, len(twice)


def integrity_problems(db: Path) -> list[str]:
    """What is wrong with the store: SQLite's own check, foreign keys, and khabar's rules that every document
    has its sentences and every event and relation cites a sentence."""
    problems: list[str] = []
    with sqlite3.connect(db) as conn:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            problems.append(f"integrity_check: {check[:3]}")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"{len(fk)} rows break a foreign key, e.g. {fk[0]}")
        rules = {
            "documents without sentences": "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM sentences s WHERE s.document_id = d.id)",
            "events without evidence": "SELECT count(*) FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM evidence v WHERE v.kind = 'event' AND v.fact_id = e.id)",
            "relations without evidence": "SELECT count(*) FROM relations r WHERE NOT EXISTS "
            "(SELECT 1 FROM evidence v WHERE v.kind = 'relation' AND v.fact_id = r.id)",
            "evidence citing another document's sentence": "SELECT count(*) FROM evidence v JOIN sentences s "
            "ON s.id = v.sentence_id WHERE s.document_id != v.document_id",
        }
        for name, sql in rules.items():
            n = conn.execute(sql).fetchone()[0]
            if n:
                problems.append(f"{n} {name}")
    return problems


def export_facts(db: Path) -> dict[str, Any]:
    """The store's facts-json export (what a user gets), for comparing two stores."""
    from khabar import Khabar

    with Khabar(db) as kb:
        return kb.export("facts-json")


def clean_run(db: Path, folder: Path) -> None:
    subprocess.run(ingest_command(db, folder), check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--compare", action="store_true", help="also ingest once without kills and compare exports")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        make_corpus(folder, args.docs, seed=args.seed)
        res = run_with_kills(Path(tmp) / "killed.db", folder, args.docs, args.kills, seed=args.seed)
        if args.compare:
            clean_run(Path(tmp) / "clean.db", folder)
            res.equal_to_clean_run = export_facts(Path(tmp) / "killed.db") == export_facts(Path(tmp) / "clean.db")
    rec = res.recovery_s
    print(f"{res.docs:,} documents, {res.kills} kills (at {', '.join(map(str, res.killed_at))} stored documents)")
    print(f"final run: {res.final_summary} (exit {res.final_exit}); all rounds {res.seconds:.0f} s")
    print(f"documents lost: {res.lost}")
    print(f"documents duplicated: {res.duplicated}")
    print(f"integrity: {'ok' if not res.integrity else '; '.join(res.integrity)}")
    if rec:
        print(
            f"recovery (restart to first new document): mean {statistics.mean(rec):.1f} s, "
            f"max {max(rec):.1f} s over {len(rec)} restarts"
        )
    if res.equal_to_clean_run is not None:
        print(f"export equals a clean run's: {'yes' if res.equal_to_clean_run else 'NO'}")
    if args.json:
        print(json.dumps(asdict(res)))
    bad = res.lost or res.duplicated or res.integrity or res.final_exit or res.equal_to_clean_run is False
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
