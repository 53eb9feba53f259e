"""spaCy's matrix products on numpy's BLAS, one thread: the same annotations as with BLIS, on our own texts."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from threadpoolctl import ThreadpoolController

from khabar.extract import MODEL, load_nlp, matmul
from tests.texts import our_texts


def _annotations(nlp: Language, texts: list[str]) -> list[list[tuple[str, ...]]]:
    with matmul.one_blas_thread():
        docs = list(nlp.pipe(texts, batch_size=16))
    return [[(t.text, t.tag_, t.dep_, str(t.head.i), t.ent_iob_, t.ent_type_, t.lemma_) for t in d] for d in docs]


def _ops(nlp: Language) -> set[tuple[str, bool]]:
    return {
        (type(node.ops).__name__, bool(getattr(node.ops, "use_blis", False)))
        for _name, component in nlp.pipeline
        if getattr(component, "model", None) is not None
        for node in component.model.walk()
    }


needs_blas = pytest.mark.skipif(matmul.numpy_blas() is None, reason="numpy has no optimised BLAS here")


@needs_blas
def test_khabars_pipeline_multiplies_with_numpy_not_blis() -> None:
    assert _ops(load_nlp()) == {("NumpyOps", False)}
    assert ("NumpyOps", True) in _ops(spacy.load(MODEL))  # spaCy as shipped multiplies with BLIS


@needs_blas
def test_numpy_matmuls_give_the_same_annotations_as_blis() -> None:
    texts = our_texts()
    shipped = spacy.load(MODEL)
    tuned = spacy.load(MODEL)
    assert matmul.use_numpy_matmuls(tuned)
    assert _annotations(tuned, texts) == _annotations(shipped, texts)


@needs_blas
def test_one_blas_thread_while_parsing_and_the_callers_threads_after() -> None:
    controller = ThreadpoolController()

    def threads() -> set[int]:
        return {int(i["num_threads"]) for i in controller.info() if i["user_api"] == "blas"}

    with controller.limit(limits=2, user_api="blas"):
        assert threads() == {2}
        with matmul.one_blas_thread():
            assert threads() == {1}
        assert threads() == {2}


def test_without_an_optimised_blas_spacys_blis_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matmul, "numpy_blas", lambda: None)
    nlp = spacy.load(MODEL)
    before = _ops(nlp)
    assert not matmul.use_numpy_matmuls(nlp)
    assert _ops(nlp) == before
    with matmul.one_blas_thread():  # a no-op, not an error
        pass
