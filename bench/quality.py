"""khabar's extraction quality on every evaluation set, measured in one go and printed as one table.

Each set is ingested into a fresh temporary store through the ``Khabar`` facade, exported as facts-json, and
scored by the project's own scorer for that set (``../shared/eval``) run as a subprocess with ``--json
--quiet`` — the same path a user takes, so the figures are the ones the README quotes. The scorers'
per-item notes are never printed: this is a measurement, not a debugging aid, and the held-out test halves
(``--test``) must not be read item by item.

    python bench/quality.py                   # seed key, dev-multi, realnews, MUC-4 dev, incidents dev
    python bench/quality.py --test            # also the held-out test halves (measure only, never tune)
    python bench/quality.py --json            # the figures as one JSON object on stdout
    python bench/quality.py --shared DIR      # the shared folder elsewhere than ../shared

Exit status: 0 when every set was ingested and scored, 1 when a document failed or a scorer did not run,
2 when the shared folder is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
SCORER_TIMEOUT_S = 600
WARM_UP_TEXT = "Gunmen attacked a police post in Quetta on Monday, killing two officers, officials said."

Summary = Callable[[dict[str, Any]], tuple[str, dict[str, float]]]


def _f(x: Any) -> str:
    return f"{x:.2f}" if isinstance(x, int | float) else "-"


def _contract_summary(r: dict[str, Any]) -> tuple[str, dict[str, float]]:
    """score.py: the F1 of each scored area."""
    keys: dict[str, float] = {a: r[a]["f1"] for a in ("actors", "places", "events", "relations") if a in r}
    return "  ".join(f"{k} {_f(v)}" for k, v in keys.items()), keys


def _muc4_summary(r: dict[str, Any]) -> tuple[str, dict[str, float]]:
    """score_muc4.py: all-roles micro P/R/F1 (head match), strict F1 beside it, and document relevance."""
    head, strict = r["all"]["head"], r["all"]["strict"]
    keys = {
        "roles_p": head["p"],
        "roles_r": head["r"],
        "roles_f1": head["f1"],
        "roles_f1_strict": strict["f1"],
        "relevance_f1": r["relevance"]["f1"],
        **{f"{role}_f1": v["head"]["f1"] for role, v in r.get("roles", {}).items()},
    }
    text = (
        f"roles P {_f(head['p'])} R {_f(head['r'])} F1 {_f(head['f1'])} (strict {_f(strict['f1'])})  "
        f"relevance F1 {_f(r['relevance']['f1'])}"
    )
    return text, keys


def _incidents_summary(r: dict[str, Any]) -> tuple[str, dict[str, float]]:
    """score_incidents.py: found, killed/wounded exact (where the text states them), country, perpetrator."""
    names = ("found", "killed_exact", "killed_exact_in_text", "wounded_exact", "wounded_exact_in_text")
    keys = {k: r[k] for k in (*names, "country", "perp") if isinstance(r.get(k), int | float)}
    text = (
        f"found {_f(r.get('found'))}  killed {_f(r.get('killed_exact'))} (in text {_f(r.get('killed_exact_in_text'))})"
        f"  wounded {_f(r.get('wounded_exact'))} (in text {_f(r.get('wounded_exact_in_text'))})"
        f"  country {_f(r.get('country'))}  perp {_f(r.get('perp'))}"
    )
    return text, keys


@dataclass(frozen=True)
class EvalSet:
    """One evaluation set: its documents, answer key and scorer, all relative to the shared folder."""

    name: str
    docs: str
    gold: str
    scorer: str
    summary: Summary
    held_out: bool = False


SETS = (
    EvalSet("seed", "corpus/dev", "eval/gold/is-k-explainer.gold.json", "eval/score.py", _contract_summary),
    EvalSet(
        "dev-multi", "corpus/dev-multi", "eval/gold/dev-multi.gold.json", "eval/score.py", _contract_summary
    ),
    EvalSet("realnews", "eval/realnews/docs", "eval/realnews/gold.json", "eval/score.py", _contract_summary),
    EvalSet(
        "muc4-dev", "eval/muc4/docs/dev", "eval/muc4/gold/dev.json", "eval/muc4/score_muc4.py", _muc4_summary
    ),
    EvalSet(
        "incidents-dev",
        "eval/incidents/docs/dev",
        "eval/incidents/gold/dev.json",
        "eval/incidents/score_incidents.py",
        _incidents_summary,
    ),
    EvalSet(
        "muc4-test",
        "eval/muc4/docs/test",
        "eval/muc4/gold/test.json",
        "eval/muc4/score_muc4.py",
        _muc4_summary,
        held_out=True,
    ),
    EvalSet(
        "incidents-test",
        "eval/incidents/docs/test",
        "eval/incidents/gold/test.json",
        "eval/incidents/score_incidents.py",
        _incidents_summary,
        held_out=True,
    ),
)


@dataclass
class Row:
    """One set's outcome: ``score`` is None when the set could not be scored (``error`` says why)."""

    name: str
    docs: int = 0
    failed: int = 0
    score: float | None = None
    summary: str = ""
    keys: dict[str, float] = field(default_factory=dict)
    ingest_s: float = 0.0
    total_s: float = 0.0
    error: str | None = None
    failures: list[str] = field(default_factory=list)


def _khabar() -> ModuleType:
    """``khabar``, from the repository's ``src`` when the package is not installed (a fresh checkout)."""
    try:
        import khabar
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import khabar
    return khabar


def _drop_notes(value: Any) -> Any:
    """The scorers' result without their per-item notes (some keep them under --quiet in --json)."""
    if isinstance(value, dict):
        return {k: _drop_notes(v) for k, v in value.items() if k != "notes"}
    if isinstance(value, list):
        return [_drop_notes(v) for v in value]
    return value


def run_set(spec: EvalSet, shared: Path, work: Path, keep: Path | None) -> Row:
    """Ingest one set into a fresh store, export it and score the export."""
    khabar = _khabar()
    row = Row(spec.name)
    docs, gold, scorer = shared / spec.docs, shared / spec.gold, shared / spec.scorer
    missing = [str(p) for p in (docs, gold, scorer) if not p.exists()]
    if missing:
        row.error = "absent: " + ", ".join(missing)
        return row
    start = time.perf_counter()
    facts = (keep or work) / f"{spec.name}.facts.json"
    with khabar.Khabar(work / f"{spec.name}.db") as kb:
        report = kb.ingest([docs])
        row.ingest_s = time.perf_counter() - start
        row.docs = len(report.ingested)
        row.failed = len(report.failed)
        row.failures = [f"{o.source}: {o.reason}" for o in report.failed]
        kb.export_to(facts)
    proc = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(facts), "--json", "--quiet"],
        capture_output=True,
        text=True,
        timeout=SCORER_TIMEOUT_S,
    )
    row.total_s = time.perf_counter() - start
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        row.error = f"{spec.scorer} exited {proc.returncode}: {lines[-1] if lines else ''}"
        return row
    result = _drop_notes(json.loads(proc.stdout))
    row.score = float(result["score"])
    row.summary, row.keys = spec.summary(result)
    return row


def warm_up(work: Path) -> float:
    """Load the model and khabar's lexicons once, outside every set's time (the first set would pay it)."""
    start = time.perf_counter()
    with _khabar().Khabar(work / "warm-up.db") as kb:
        kb.ingest_text(WARM_UP_TEXT, id="warm-up", published=date(2024, 1, 15))
    return time.perf_counter() - start


def render(rows: Sequence[Row]) -> str:
    """The one table: set | docs | score | key sub-scores | time."""
    head = ("set", "docs", "score", "key sub-scores", "time")
    body = []
    for r in rows:
        docs = f"{r.docs}" + (f" ({r.failed} failed)" if r.failed else "")
        key = r.summary if r.error is None else r.error
        body.append((r.name, docs, _f(r.score), key, f"{r.total_s:.1f} s" if r.total_s else "-"))
    widths = [max(len(line[i]) for line in (head, *body)) for i in range(len(head))]
    right = {1, 2, 4}

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    lines = [fmt(head), "  ".join("-" * w for w in widths), *(fmt(b) for b in body)]
    return "\n".join(line.rstrip() for line in lines)


def as_json(rows: Sequence[Row], shared: Path, load_s: float) -> dict[str, Any]:
    return {
        "shared": str(shared),
        "warm_up_seconds": round(load_s, 2),
        "sets": [
            {
                "set": r.name,
                "docs": r.docs,
                "failed": r.failed,
                "score": r.score,
                "sub_scores": r.keys,
                "ingest_seconds": round(r.ingest_s, 2),
                "seconds": round(r.total_s, 2),
                "error": r.error,
            }
            for r in rows
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help=f"shared folder (default {DEFAULT_SHARED})"
    )
    ap.add_argument("--test", action="store_true", help="also score the held-out test halves (measure only)")
    ap.add_argument("--only", action="append", metavar="SET", help="run only this set (repeatable)")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="write each set's facts-json export to DIR")
    ap.add_argument(
        "--json", action="store_true", help="print the figures as one JSON object instead of the table"
    )
    args = ap.parse_args(argv)

    shared: Path = args.shared.resolve()
    if not (shared / "eval").is_dir():
        msg = f"quality: the shared folder {shared} is absent (no corpora, keys or scorers); give it with --shared DIR"
        print(msg, file=sys.stderr)
        return 2
    names = {s.name for s in SETS}
    unknown = sorted(set(args.only or []) - names)
    if unknown:
        ap.error(f"unknown set(s) {', '.join(unknown)}; known: {', '.join(sorted(names))}")
    held_out = sorted(s.name for s in SETS if s.held_out and s.name in (args.only or []))
    if held_out and not args.test:
        ap.error(f"{', '.join(held_out)} is held out: add --test to measure it")
    chosen = [s for s in SETS if (args.test or not s.held_out) and (not args.only or s.name in args.only)]
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)

    for spec in [s for s in chosen if s.held_out and not (shared / s.docs).is_dir()]:
        print(f"quality: {spec.name}: {shared / spec.docs} is absent, skipped", file=sys.stderr)
        chosen.remove(spec)

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="khabar-quality-") as tmp:
        load_s = warm_up(Path(tmp))
        for spec in chosen:
            print(f"quality: {spec.name} …", file=sys.stderr, flush=True)
            rows.append(run_set(spec, shared, Path(tmp), args.keep))
    for r in rows:
        for line in r.failures[:5]:
            print(f"quality: {r.name}: failed {line}", file=sys.stderr)
    if args.json:
        print(json.dumps(as_json(rows, shared, load_s), indent=2))
    else:
        print(render(rows))
        print(
            f"(model load and warm-up {load_s:.1f} s, not counted; time = ingest + export + scoring on a fresh store)"
        )
    return 1 if any(r.error or r.failed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
