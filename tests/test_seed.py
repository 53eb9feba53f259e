"""The project's bar on its shared answer keys: the seed article and the six reports of two bombings.

Each corpus is ingested once per module into a fresh store through the ``Khabar`` facade, exported, and scored
by the project's own scorer (``../shared/eval/score.py``) in a subprocess, exactly as a user would. Skips where
``../shared`` is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from khabar import Khabar
from khabar.model import norm_name


@dataclass
class Scored:
    corpus: Path
    db: Path
    facts: Path
    export: dict[str, Any]
    score: dict[str, Any]


def _score(shared: Path, gold: Path, facts: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(gold), str(facts), "--json", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _ingest_and_score(shared: Path, tmp: Path, corpus: str, gold: str) -> Scored:
    folder = shared / "corpus" / corpus
    db = tmp / "k.db"
    with Khabar(db) as kb:
        report = kb.ingest([folder])
        assert report.ok and len(report.ingested) == len(list(folder.glob("*.txt"))), report.summary()
        facts = kb.export_to(tmp / "facts.json")
    export = json.loads(facts.read_text(encoding="utf-8"))
    return Scored(folder, db, facts, export, _score(shared, shared / "eval" / "gold" / gold, facts))


@pytest.fixture(scope="module")
def seed(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Scored:
    return _ingest_and_score(shared, tmp_path_factory.mktemp("seed"), "dev", "is-k-explainer.gold.json")


@pytest.fixture(scope="module")
def multi(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Scored:
    return _ingest_and_score(shared, tmp_path_factory.mktemp("multi"), "dev-multi", "dev-multi.gold.json")


def _sidecars(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.meta.json"))]


def _people(value: Any) -> list[str]:
    """Every name in a byline or credits field, however nested ({"production": ["A", "B"]})."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _people(v)]
    if isinstance(value, list):
        return [n for v in value for n in _people(v)]
    return []


def _all_names(export: dict[str, Any]) -> set[str]:
    return {norm_name(n) for e in export["entities"] for n in [e["name"], *e["aliases"]]}


def _assert_reingest_is_a_noop(s: Scored) -> None:
    with Khabar(s.db) as kb:
        report = kb.ingest([s.corpus])
        assert len(report.duplicates) == len(report.outcomes) > 0, report.summary()
        assert not report.ingested and not report.failed
        assert kb.export() == s.export


# -- seed ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "bar"), [("actors", 0.85), ("places", 0.85), ("events", 0.85), ("relations", 0.85)]
)
def test_seed_area_f1(seed: Scored, area: str, bar: float) -> None:
    assert seed.score[area]["f1"] >= bar, seed.score[area]


def test_seed_score(seed: Scored) -> None:
    assert seed.score["score"] >= 0.90


def test_seed_byline_and_credits_are_not_entities(seed: Scored) -> None:
    names = _all_names(seed.export)
    people = [
        n for meta in _sidecars(seed.corpus) for n in _people([meta.get("byline"), meta.get("credits")])
    ]
    assert people, "the seed's sidecar names its author and credits"
    for person in people:
        assert norm_name(person) not in names
        assert not any(norm_name(part) in names for part in person.split() if len(part) > 2), person


def test_seed_ingested_twice_is_unchanged(seed: Scored) -> None:
    _assert_reingest_is_a_noop(seed)


def test_seed_stix_bundle_validates_and_loads_back(seed: Scored) -> None:
    """The seed store as a STIX 2.1 bundle: no validator errors, and the stix2 library reads it back whole."""
    import stix2
    from stix2validator import ValidationOptions, validate_string

    with Khabar(seed.db) as kb:
        text = kb.export_text("stix")
    results = validate_string(text, ValidationOptions(version="2.1"))
    assert results.is_valid and not results.errors, [e.message for e in results.errors]
    bundle = stix2.parse(text, allow_custom=True)
    types = {o.type for o in bundle.objects}
    assert {"intrusion-set", "incident", "location", "relationship", "report", "note"} <= types
    isk = next(o for o in bundle.objects if o.type == "intrusion-set" and o.name == "Islamic State-Khorasan")
    assert "ISKP" in isk.aliases


# -- several reports of two bombings ---------------------------------------------------------------------


def test_multi_score(multi: Scored) -> None:
    assert multi.score["score"] >= 0.85, {k: v for k, v in multi.score.items() if k != "notes"}


def test_multi_each_bombing_is_one_event_with_every_figure(shared: Path, multi: Scored) -> None:
    gold = json.loads((shared / "eval" / "gold" / "dev-multi.gold.json").read_text(encoding="utf-8"))
    bombings = [g for g in gold["events"] if "attack" in g["types"] and not g.get("optional")]
    attacks = [e for e in multi.export["events"] if e["type"] == "attack"]
    assert len(bombings) == 2
    assert len(attacks) == len(bombings), [(e["date"], e["location"]) for e in attacks]
    published = {m["id"]: m["published"] for m in _sidecars(multi.corpus)}
    for g in bombings:
        (event,) = [e for e in attacks if e["date"] and e["date"]["start"] == g["date"]]
        killed = [f for f in event["figures"] if f["field"] == "killed"]
        assert sorted(f["min"] for f in killed) == sorted(g["figures"]["killed"])
        assert len({f["document"] for f in killed}) == len(killed)  # one figure per report, with its document
        assert all(f["document"] in published for f in killed)
        latest = max(killed, key=lambda f: published[f["document"]])
        assert event["killed"]["min"] == latest["min"] == g["killed"]["min"]


def test_multi_ingested_twice_is_unchanged(multi: Scored) -> None:
    _assert_reingest_is_a_noop(multi)
