"""A user's own frame lexicon (``khabar --patterns FILE`` / ``KHABAR_PATTERNS``): its entries extend the bundled
ones, facts record the lexicon version that made them, and a bad file is a clear error that stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from khabar import Khabar
from khabar.cli.main import cli
from khabar.errors import ConfigError
from khabar.extract.frames.lexicon import PATTERNS_ENV

REPORT = "Iran underwrites Hezbollah in Lebanon, officials said on Monday."

PATTERNS = """\
version: 1
relations:
  - id: underwrite
    words: [underwrite]
    pos: verb
    type: supports
    subject: agent
    object: patient
    subject_types: [country, armed_group, organization]
    object_types: [armed_group]
    period: none
"""


@pytest.fixture(autouse=True)
def _no_user_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PATTERNS_ENV, raising=False)  # restored after each test, whatever Khabar set


def _supports(db: Path) -> list[dict[str, object]]:
    with Khabar(db) as kb:
        facts = kb.export()
    names = {e["id"]: e["name"] for e in facts["entities"]}
    return [
        {"subject": names[r["subject"]], "object": names[r["object"]], "extractor": r.get("extractor")}
        for r in facts["relations"]
        if r["type"] == "supports"
    ]


def test_a_users_pattern_adds_a_relation_and_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(REPORT, encoding="utf-8")
    patterns = tmp_path / "mine.yaml"
    patterns.write_text(PATTERNS, encoding="utf-8")

    runner = CliRunner()
    plain = runner.invoke(cli, ["--db", str(tmp_path / "a.db"), "ingest", str(tmp_path / "in")])
    assert plain.exit_code == 0, plain.output
    assert not any(r["object"] == "Hezbollah" for r in _supports(tmp_path / "a.db"))

    mine = runner.invoke(
        cli, ["--db", str(tmp_path / "b.db"), "--patterns", str(patterns), "ingest", str(tmp_path / "in")]
    )
    assert mine.exit_code == 0, mine.output
    found = [r for r in _supports(tmp_path / "b.db") if r["object"] == "Hezbollah"]
    assert found, _supports(tmp_path / "b.db")


def test_facts_record_the_lexicon_that_made_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.extract import Extractor
    from khabar.model import RawDocument

    patterns = tmp_path / "mine.yaml"
    patterns.write_text(PATTERNS, encoding="utf-8")
    bundled = Extractor().extract_one(RawDocument(id="x", text=REPORT))
    assert all(f.extractor.endswith("+lex1") for f in [*bundled.events, *bundled.relations])
    monkeypatch.setenv(PATTERNS_ENV, str(patterns))
    mine = Extractor().extract_one(RawDocument(id="x", text=REPORT))
    stamps = {f.extractor for f in mine.relations}
    assert stamps and all("+lex1+u" in s for s in stamps), stamps


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("relations:\n  - id: broken\n    words: [fund]\n", "broken"),
        ("relations: [unclosed\n", "mine.yaml"),
    ],
)
def test_a_bad_patterns_file_is_one_clear_error(tmp_path: Path, text: str, words: str) -> None:
    patterns = tmp_path / "mine.yaml"
    patterns.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        Khabar(tmp_path / "k.db", patterns=patterns)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "k.db"), "--patterns", str(patterns), "entities"])
    assert result.exit_code != 0 and words in result.output + str(result.exception)
    assert not (tmp_path / "k.db").exists()


def test_a_missing_patterns_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nowhere.yaml"):
        Khabar(tmp_path / "k.db", patterns=tmp_path / "nowhere.yaml")
    assert json.dumps(str(tmp_path))  # nothing else to check: no store was made
    assert not (tmp_path / "k.db").exists()


NOUN_PATTERNS = """\
version: 1
relations:
  - id: patronage
    words: [patron]
    pos: noun
    type: supports
    subject: poss
    object: of
    subject_types: [country]
    object_types: [armed_group]
    period: none
"""


def test_word_lists_and_frame_builders_are_made_once_per_lexicon(tmp_path: Path) -> None:
    """Components ask for their word lists and the frame builder for every document: each lexicon makes them
    once, and a user's lexicon gets its own (its nouns are predicates there, not in the bundled one's)."""
    from khabar.extract.frames.doc import _builder
    from khabar.extract.frames.lexicon import load_lexicon

    bundled = load_lexicon(None)
    assert bundled.words("sources", "report_verbs") is bundled.words("sources", "report_verbs")
    assert bundled.predicates("noun") is bundled.predicates("noun")
    assert _builder(bundled) is _builder(bundled)
    patterns = tmp_path / "mine.yaml"
    patterns.write_text(NOUN_PATTERNS, encoding="utf-8")
    mine = load_lexicon(str(patterns))
    assert _builder(mine) is not _builder(bundled)
    assert "patron" in _builder(mine).noun_preds and "patron" not in _builder(bundled).noun_preds
