"""How the relevance gate decides on the evaluation sets: conflict reports kept, off-topic ones gated out.

For each set of ``../shared`` (real news, the seed, dev-multi, MUC-4 dev, incidents dev) it prints how many
documents that are about armed conflict the gate keeps (recall: must be 1.0) and how many of the others it sends
to the text-only path, naming every gated document and every miss with the gate's reason. A document is
"about conflict" when the set says so: realnews' three non-conflict reports are not; a MUC-4 message is when its
key has a template; every other document is. (The MUC-4 scorer's own relevance line, which judges the events
khabar exports, comes from ``bench/quality.py --only muc4-dev``.)

    python bench/relevance.py
    python bench/relevance.py --shared ../shared --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOT_CONFLICT = {"realnews": {"nadal-final", "opec-oil", "monsoon-floods"}}


def _sets(shared: Path) -> dict[str, tuple[Path, set[str] | None]]:
    """set -> (folder of .txt, ids of its documents about conflict; None: all of them)."""
    muc_gold = json.loads((shared / "eval/muc4/gold/dev.json").read_text(encoding="utf-8"))
    real = shared / "eval/realnews/docs"
    return {
        "realnews": (real, {p.stem for p in real.glob("*.txt")} - NOT_CONFLICT["realnews"]),
        "seed": (shared / "corpus/dev", None),
        "dev-multi": (shared / "corpus/dev-multi", None),
        "muc4-dev": (shared / "eval/muc4/docs/dev", {d["doc"] for d in muc_gold if d["relevant"]}),
        "incidents-dev": (shared / "eval/incidents/docs/dev", None),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The relevance gate on the evaluation sets.")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.shared / "eval").is_dir():
        print(f"{args.shared}: no eval folder (pass --shared)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    from khabar.extract import load_nlp
    from khabar.extract.relevance import RelevanceGate

    nlp = load_nlp()
    gazetteer = nlp.get_pipe("khabar_gazetteer_v1")
    gate = RelevanceGate(nlp)
    out: list[dict[str, Any]] = []
    for name, (folder, about) in _sets(args.shared).items():
        kept = missed = gated = passed = 0
        notes: list[str] = []
        start = time.process_time()
        for path in sorted(folder.glob("*.txt")):
            d = gate.decide(gazetteer(nlp.make_doc(path.read_text(encoding="utf-8"))))
            conflict = about is None or path.stem in about
            if conflict and d.relevant:
                kept += 1
            elif conflict:
                missed += 1
                notes.append(f"  MISSED {path.stem}: {d.reason} {list(d.cues)}")
            elif d.relevant:
                passed += 1
            else:
                gated += 1
                notes.append(f"  gated {path.stem}: {d.reason}")
        ms = (time.process_time() - start) * 1000 / max(1, kept + missed + gated + passed)
        out.append(
            {"set": name, "conflict_kept": kept, "conflict_missed": missed, "other_gated": gated,
             "other_passed": passed, "cpu_ms_per_doc": ms, "gate": gate.cues.name}
        )  # fmt: skip
        if not args.json:
            recall = kept / (kept + missed) if kept + missed else 1.0
            other = f"{gated}/{gated + passed}" if gated + passed else "-"
            print(
                f"{name:<14} conflict kept {kept}/{kept + missed} (recall {recall:.2f})  "
                f"off-topic gated {other}  {ms:.1f} ms/doc"
            )
            for line in notes:
                print(line)
    if args.json:
        print(json.dumps(out, indent=2))
    return 1 if any(r["conflict_missed"] for r in out) else 0


if __name__ == "__main__":
    sys.exit(main())
