"""khabar's attribute ruler gives exactly what spaCy's gives, token by token, on our own texts."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer

from khabar.extract import load_nlp
from khabar.extract.attrs import FastAttributeRuler, FastLemmatizer
from tests.texts import our_texts

# Colloquial forms that the model's two-token and regex patterns exist for, and pronouns as objects.
ODD = (
    "We're gonna win, y'all, and he ain't gonna stop us. Let's go, c'mon! I got nothin' to say to you. "
    "Give it to me. There's a reason, there are two. What do you do when they had done it?"
)


@pytest.fixture(scope="module")
def nlp(stock_nlp: Language) -> Language:
    return stock_nlp


def _texts() -> list[str]:
    return our_texts() + [ODD]


def _annotations(doc: spacy.tokens.Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_same_annotations_as_spacys_ruler(nlp: Language) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    fast = FastAttributeRuler.from_ruler(ruler)
    assert fast is not None
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        parsed = list(nlp.pipe(_texts()))
    tokens = 0
    for doc in parsed:
        expected = _annotations(ruler(doc.copy()))
        assert _annotations(fast(doc.copy())) == expected
        tokens += len(doc)
    assert tokens > 1500
    assert fast.memo, "token keys are remembered between documents"


def test_a_pattern_it_cannot_index_keeps_spacys_ruler(nlp: Language) -> None:
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "khabar", "LENGTH": 6}]], {"POS": "PROPN"})
    assert FastAttributeRuler.from_ruler(ruler) is None


def test_khabars_pipeline_uses_it() -> None:
    names = load_nlp().pipe_names
    assert "khabar_attributes_v1" in names and "attribute_ruler" not in names
    assert names.index("khabar_attributes_v1") < names.index("khabar_lemmas_v1")


def test_same_lemmas_as_spacys_lemmatizer(nlp: Language) -> None:
    lemmatizer = nlp.get_pipe("lemmatizer")
    fast = FastLemmatizer.from_lemmatizer(lemmatizer)
    assert fast is not None
    with nlp.select_pipes(disable=["lemmatizer", "ner"]):
        parsed = list(nlp.pipe(_texts()))
    tokens = given = 0
    for doc in parsed:
        given += sum(1 for t in doc if t.lemma)  # lemmas the attribute ruler set, which both keep
        expected = _annotations(lemmatizer(doc.copy()))
        assert _annotations(fast(doc.copy())) == expected
        tokens += len(doc)
    assert tokens > 1500 and given > 0
    assert fast.memo, "(word, POS, morphology) triples are remembered between documents"
    again = fast(parsed[0].copy())  # a second pass answers from memory alone, the same
    assert _annotations(again) == _annotations(lemmatizer(parsed[0].copy()))


def test_a_lemmatizer_it_cannot_stand_in_for_stays(nlp: Language) -> None:
    lookup = Lemmatizer(nlp.vocab, None, mode="lookup")
    overwriting = Lemmatizer(nlp.vocab, None, mode="rule", overwrite=True)
    assert FastLemmatizer.from_lemmatizer(lookup) is None
    assert FastLemmatizer.from_lemmatizer(overwriting) is None
    assert FastLemmatizer.from_lemmatizer(nlp.get_pipe("lemmatizer")) is not None


def test_khabars_pipeline_uses_its_lemmatizer() -> None:
    names = load_nlp().pipe_names
    assert "khabar_lemmas_v1" in names and "lemmatizer" not in names
    order = [names.index(n) for n in ("khabar_attributes_v1", "khabar_lemmas_v1", "khabar_ner_v1")]
    assert order == sorted(order)
