"""The relevance gate: off-topic news skips the parse but stays stored and searchable; conflict news never does.

Every text here is our own. The traps are the words ordinary news shares with war reporting: a football side's
attack and its shots, a labour strike, floods that kill, an army band.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from khabar import Khabar
from khabar.cli.main import main
from khabar.errors import ExtractError
from khabar.explain.search import search
from khabar.extract import Extractor, load_nlp
from khabar.extract.registry import GAZETTEER, factory_name
from khabar.extract.relevance import Cues, RelevanceGate
from khabar.model import RawDocument
from khabar.store import schema as t

CONFLICT = {
    "bombing": "A bomb went off outside a bank in Quetta on Monday. Police said eleven people died.",
    "gunmen": "Gunmen on motorbikes fired on a wedding party near Kaduna late on Saturday.",
    "attack and toll": "The convoy was attacked on the road to Gao and four people were killed, officials said.",
    "troops and rifles": "Troops seized rifles and ammunition in a raid on a farm outside Bunia.",
    "a group named alone": "The Taliban named a new spokesman on Tuesday in a statement from Kandahar.",
    "a group in lower case": "Residents said al-Shabaab had taken the town without a fight.",
    "kidnap": "Three aid workers were abducted from their car near Maiduguri, the charity said.",
    "arrest of suspects": "Police arrested two suspects in Lahore on Friday.",
    "a leader": "The group's emir was killed in an air strike last year.",
    "stabbing": "A man stabbed two passers-by at a railway station before officers detained him.",
}
OFF_TOPIC = {
    "football": (
        "Harbour Vale beat Stonefield Rangers 3-1 on Saturday. Their attack looked sharp from the first minute, "
        "and a long-range shot in the second half settled the match. The coach praised the fans."
    ),
    "business": (
        "Shares in a steel maker rose 6 percent after workers called off a planned strike. Analysts said the "
        "new pay deal would cut costs. The company will open a plant in Accra next year."
    ),
    "floods": (
        "Heavy rain flooded low-lying streets in Lisbon on Tuesday. Floods killed nine people in the region "
        "two years ago, and the death toll from that storm is still debated. Forecasters expect more rain."
    ),
    "parade": (
        "The army band led a parade through the old town on Sunday. Thousands watched the fireworks "
        "that followed, and the mayor thanked the volunteers."
    ),
    "date like a group name": "The festival runs from 21 June to 3 July and tickets go on sale next week.",
    "science": "Researchers mapped a coral reef forty kilometres long with sonar and underwater cameras.",
}


@pytest.fixture(scope="module")
def gate() -> RelevanceGate:
    return RelevanceGate(load_nlp())


def _decide(gate: RelevanceGate, text: str):  # type: ignore[no-untyped-def]
    nlp = load_nlp()
    doc = nlp.get_pipe(factory_name(GAZETTEER))(nlp.make_doc(text))
    return gate.decide(doc)


@pytest.mark.parametrize("name", sorted(CONFLICT))
def test_conflict_news_is_relevant(gate: RelevanceGate, name: str) -> None:
    decision = _decide(gate, CONFLICT[name])
    assert decision.relevant, (name, decision)
    assert decision.cues and decision.gate == f"khabar.relevance.v{Cues.load().version}"


@pytest.mark.parametrize("name", sorted(OFF_TOPIC))
def test_ordinary_news_is_not(gate: RelevanceGate, name: str) -> None:
    decision = _decide(gate, OFF_TOPIC[name])
    assert not decision.relevant, (name, decision)


def test_harm_words_alone_never_suffice_but_next_to_an_act_they_do(gate: RelevanceGate) -> None:
    assert not _decide(gate, "Floods killed nine people and injured dozens.").relevant
    assert _decide(gate, "Floods hit the camp days after raiders killed nine people there.").relevant


def test_cue_data_is_versioned_and_checked() -> None:
    cues = Cues.load()
    assert cues.version >= 1 and cues.window > 0
    assert "gunmen" in cues.words["strong"] and "killed" in cues.words["harm"]
    with pytest.raises(ExtractError, match="unknown cue kind"):
        Cues.from_json({**_raw_cues(), "pairs": [["act", "weather"]]})
    with pytest.raises(ExtractError, match="malformed"):
        Cues.from_json({"version": 1})


def _raw_cues() -> dict[str, object]:
    from importlib import resources

    data: dict[str, object] = json.loads(
        (resources.files("khabar.extract") / "data" / "relevance.json").read_text(encoding="utf-8")
    )
    return data


def test_an_off_topic_document_keeps_its_sentences_and_yields_no_facts() -> None:
    text = "Storms expected\n\n" + OFF_TOPIC["floods"] + "\n\nReporting by a staff writer"
    facts = Extractor().extract_one(RawDocument(id="weather", text=text))
    assert facts.relevance is not None and not facts.relevant
    assert not facts.entities and not facts.mentions and not facts.events and not facts.relations
    sents = [s.text for s in facts.sentences]
    assert sents[0] == "Storms expected"  # the headline is a sentence of its own
    assert sents[-1] == "Reporting by a staff writer"
    assert any(s.startswith("Floods killed nine people") for s in sents)
    for s in facts.sentences:
        assert text[s.start : s.end] == s.text


def test_gate_off_parses_everything() -> None:
    raw = RawDocument(
        id="parade", text="Officials in Lisbon said the army band led a parade through the old town."
    )
    assert Extractor(gate=False).extract_one(raw).entities
    assert not Extractor().extract_one(raw).entities


def test_ingest_stores_off_topic_text_searchable_and_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    names = ["a-football", "b-bombing", "c-floods", "d-gunmen"]
    texts = [OFF_TOPIC["football"], CONFLICT["bombing"], OFF_TOPIC["floods"], CONFLICT["gunmen"]]
    for name, text in zip(names, texts, strict=True):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    with Khabar(tmp_path / "k.db") as kb:
        report = kb.ingest([folder])
        assert [o.document for o in report.outcomes] == names
        assert [o.relevant for o in report.outcomes] == [False, True, False, True]
        assert report.summary() == "ingested 4, duplicate 0, failed 0; 2 not about armed conflict (text only)"
        with kb.store.connect() as conn:
            assert conn.execute(select(func.count()).select_from(t.documents)).scalar_one() == 4
            hits = search(conn, ["long-range shot"])
            assert [h.document for h in hits] == ["a-football"]
            events = conn.execute(
                select(t.evidence.c.document_id).where(t.evidence.c.kind == "event").distinct()
            ).scalars()
            assert set(events) <= {"b-bombing", "d-gunmen"}


def test_cli_says_which_documents_were_text_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "match.txt").write_text(OFF_TOPIC["football"], encoding="utf-8")
    (tmp_path / "raid.txt").write_text(CONFLICT["troops and rifles"], encoding="utf-8")
    assert (
        main(
            [
                "--db",
                str(tmp_path / "k.db"),
                "ingest",
                str(tmp_path / "match.txt"),
                str(tmp_path / "raid.txt"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "ingested match: not about armed conflict (text only)" in out
    assert "ingested raid: " in out and "1 not about armed conflict (text only)" in out
    assert main(["--db", str(tmp_path / "all.db"), "ingest", "--no-gate", str(tmp_path / "match.txt")]) == 0
    out = capsys.readouterr().out
    assert "not about armed conflict" not in out and "ingested 1, duplicate 0, failed 0" in out
