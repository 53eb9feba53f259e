"""One long document: how long ``khabar ingest`` takes on it and how much memory it needs at its peak.

    python bench/long_document.py                    # 900,000 characters
    python bench/long_document.py --chars 1200000    # over spaCy's own limit of 1,000,000

The text is paragraphs of ``examples/*.txt`` drawn at random (fixed seed) up to the length asked for. The ingest
runs as its own process (``khabar ingest``) into a fresh SQLite file, so the peak resident memory reported
(``getrusage`` of the child) is the whole command's: Python, spaCy's model, extraction and the write.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import load_paragraphs  # noqa: E402


def long_text(chars: int, seed: int) -> str:
    rng = random.Random(seed)
    paragraphs = load_paragraphs(ROOT / "examples")
    parts: list[str] = []
    size = 0
    while size < chars:
        p = rng.choice(paragraphs)
        parts.append(p)
        size += len(p) + 2
    return "\n\n".join(parts)[:chars]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=900_000)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(long_text(args.chars, args.seed), encoding="utf-8")
        cmd = [sys.executable, "-m", "khabar.cli.main", "--db", str(Path(tmp) / "k.db"), "ingest", "-q",
               "--published", "2024-01-15", str(path)]  # fmt: skip
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = (done.stdout.strip().splitlines() or [""])[-1]
    print(f"{args.chars:,} characters: {summary} (exit {done.returncode}) in {seconds:.1f} s, peak {peak_mb:,.0f} MB")
    if done.returncode:
        print(done.stderr.strip(), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
