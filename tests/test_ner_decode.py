"""khabar's decoding of spaCy's entity recogniser gives exactly spaCy's entities, on our own texts."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span

from khabar.extract import MODEL, load_nlp
from khabar.extract.ner_decode import FastEntityRecognizer
from khabar.extract.pipeline import use_stand_in
from tests.texts import our_texts

# Entities at the edges: the first and last token of a text and of its sentences, runs of spaces and line breaks
# (an entity never starts on a space, nor runs across a sentence start), one-token texts, an empty one.
EDGES = (
    "Kabul",
    "",
    "   ",
    "Taliban fighters attacked Ghazni.\n\nThe United Nations said on Monday that 12 civilians died in Kandahar",
    "  \n  Abu Bakr al-Baghdadi  led ISIS.  Al-Shabaab  struck  Mogadishu   on 3 March 2021.\n\nBoko Haram",
    "Reuters\nNew York Times\nAl Jazeera\n\n\nJohn Smith, Jane Doe and Mullah Omar met in Quetta, Pakistan.",
    "He said: 'Islamic State Khorasan Province' claimed it. The Pentagon denied it. 'Hamas', said Ismail Haniyeh.",
)


@pytest.fixture(scope="module")
def nlp(stock_nlp: Language) -> Language:
    return stock_nlp


def _texts() -> list[str]:
    return our_texts() + list(EDGES) + [t.upper() for t in EDGES]  # capitals: wire copy in upper case


def _entities(doc: Doc) -> list[tuple[str, str, str]]:
    return [(t.text, t.ent_iob_, t.ent_type_) for t in doc]


def _parsed(nlp: Language) -> list[Doc]:
    with nlp.select_pipes(disable=["ner"]):
        return list(nlp.pipe(_texts()))


@pytest.mark.parametrize("batch_size", [1, 3, 16])
def test_same_entities_as_spacys_recogniser(nlp: Language, batch_size: int) -> None:
    ner = nlp.get_pipe("ner")
    fast = FastEntityRecognizer.from_ner(ner)
    assert fast is not None
    parsed = _parsed(nlp)
    theirs = list(ner.pipe([d.copy() for d in parsed], batch_size=batch_size))
    ours = list(fast.pipe([d.copy() for d in parsed], batch_size=batch_size))
    assert [_entities(d) for d in ours] == [_entities(d) for d in theirs]
    assert sum(len(d.ents) for d in theirs) > 300
    assert any(e.end - e.start >= 3 for d in theirs for e in d.ents), "entities of several tokens are covered"


@pytest.mark.parametrize(
    "boost",
    [
        {"U-ORG": 30.0},  # a unit everywhere it may be: never on a space
        {"B-GPE": 30.0, "I-GPE": 20.0},  # entities as long as they may be: to a sentence's or the text's end
        {"B-PERSON": 30.0, "L-PERSON": 20.0},  # two-token entities, one after another
        {"B-ORG": 30.0, "I-ORG": 25.0, "L-ORG": 25.0},  # equal scores: the first move wins, as spaCy's
    ],
)
def test_same_moves_where_the_rules_decide(boost: dict[str, float]) -> None:
    """With some moves' scores raised far above the rest, the model asks for moves the rules forbid (an entity
    starting on a space, running across a sentence start or past the text's end): both decoders must refuse them
    alike, and break exact ties alike."""
    nlp = spacy.load(MODEL)
    ner = nlp.get_pipe("ner")
    upper = ner.model.layers[2]
    names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    b, w = upper.get_param("b").copy(), upper.get_param("W").copy()
    for name, value in boost.items():
        b[names.index(name)] += value
    if "I-ORG" in boost:  # the same row and bias: exactly equal scores
        w[names.index("L-ORG")] = w[names.index("I-ORG")]
        b[names.index("L-ORG")] = b[names.index("I-ORG")]
    upper.set_param("b", b)
    upper.set_param("W", w)
    fast = FastEntityRecognizer.from_ner(ner)
    assert fast is not None
    parsed = _parsed(nlp)[-2 * len(EDGES) :] + _parsed(nlp)[:3]
    theirs = list(ner.pipe([d.copy() for d in parsed], batch_size=8))
    ours = list(fast.pipe([d.copy() for d in parsed], batch_size=8))
    assert [_entities(d) for d in ours] == [_entities(d) for d in theirs]
    assert sum(len(d.ents) for d in theirs) > 40


def test_one_document_at_a_time_too(nlp: Language) -> None:
    ner = nlp.get_pipe("ner")
    fast = FastEntityRecognizer.from_ner(ner)
    assert fast is not None
    for doc in _parsed(nlp)[-len(EDGES) :]:
        assert _entities(fast(doc.copy())) == _entities(ner(doc.copy()))


def test_preset_entities_go_to_spacy(nlp: Language) -> None:
    """A component before NER set an entity: spaCy's recogniser keeps it and decodes around it, as it always did."""
    ner = nlp.get_pipe("ner")
    fast = FastEntityRecognizer.from_ner(ner)
    assert fast is not None
    with nlp.select_pipes(disable=["ner"]):
        doc = nlp("Gunmen from Ansar al-Sunna attacked a police post in Mocimboa da Praia on Tuesday.")
    doc.set_ents([Span(doc, 2, 5, label="ORG")], default="unmodified")
    ours, theirs = fast(doc.copy()), ner(doc.copy())
    assert _entities(ours) == _entities(theirs)
    assert ("Ansar", "B", "ORG") in _entities(ours)


def test_a_recogniser_it_cannot_decode_stays(nlp: Language) -> None:
    assert FastEntityRecognizer.from_ner(nlp.get_pipe("ner")) is not None
    assert FastEntityRecognizer.from_ner(nlp.get_pipe("parser")) is None
    blank = spacy.blank("en")
    wider = blank.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2",
                                                     "state_type": "ner", "extra_state_tokens": True,
                                                     "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
                                                     "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2",
                                                                 "pretrained_vectors": None, "width": 96,
                                                                 "depth": 4, "embed_size": 2000,
                                                                 "window_size": 1, "maxout_pieces": 3,
                                                                 "subword_features": True}}})  # fmt: skip
    wider.add_label("ORG")
    blank.initialize()
    assert isinstance(wider, EntityRecognizer)
    assert FastEntityRecognizer.from_ner(wider) is None  # six state features, not three
    beam = spacy.blank("en").add_pipe("beam_ner")
    beam.add_label("ORG")
    assert FastEntityRecognizer.from_ner(beam) is None


def test_a_decoder_that_disagrees_with_spacys_is_not_used(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Another spaCy release might decode otherwise: the stand-in checks itself against spaCy's recogniser on a few
    sentences when it is made, and if they differ the pipeline keeps spaCy's, saying so."""
    ner = nlp.get_pipe("ner")
    assert FastEntityRecognizer.from_ner(ner) is not None
    original = FastEntityRecognizer._decode

    def forgetful(self: FastEntityRecognizer, doc: Doc, table: object, scores: object) -> None:
        original(self, doc, table, scores)
        doc.set_ents(list(doc.ents)[1:], default="outside")  # one entity fewer than spaCy finds

    monkeypatch.setattr(FastEntityRecognizer, "_decode", forgetful)
    with caplog.at_level("WARNING", logger="khabar.extract.ner_decode"):
        assert FastEntityRecognizer.from_ner(ner) is None
    assert "spaCy's recogniser is used" in caplog.text


def test_a_stand_in_is_made_once_and_one_that_does_not_fit_leaves_spacys_component(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    nlp = spacy.load(MODEL)
    checks: list[bool] = []
    original = FastEntityRecognizer._agrees

    def counted(self: FastEntityRecognizer) -> bool:
        checks.append(original(self))
        return checks[-1]

    monkeypatch.setattr(FastEntityRecognizer, "_agrees", counted)
    assert use_stand_in(nlp, "ner") and checks == [True]  # made (and checked) once, in its factory
    assert "khabar_ner_v1" in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert not use_stand_in(nlp, "ner")  # nothing left to stand in for

    stock = spacy.load(MODEL)
    monkeypatch.setattr(FastEntityRecognizer, "_agrees", lambda self: False)
    assert not use_stand_in(stock, "ner")
    assert "ner" in stock.pipe_names and "khabar_ner_v1" not in stock.pipe_names
    assert stock("Gunmen attacked a market in Kano on Monday.").ents  # spaCy's own recogniser at work


def test_khabars_pipeline_uses_it() -> None:
    nlp = load_nlp()
    assert "khabar_ner_v1" in nlp.pipe_names and "ner" not in nlp.pipe_names
    doc = nlp("Al-Shabaab fighters attacked a hotel in Mogadishu, Somalia, on Friday, police said.")
    assert {(e.text, e.label_) for e in doc.ents} >= {("Mogadishu", "GPE"), ("Somalia", "GPE")}
