"""A parsed document's sentences and text, worked out once: ``doc.sents`` and ``doc.text`` walk every token
each time they are asked, and the fact components ask for them several times per document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar, cast

from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

__all__ = ["TokenView", "children", "doc_text", "entities", "per_doc", "sentences", "span_text", "token_view"]

_KEY = "khabar_sents"
_TEXT_KEY = "khabar_text"
_VIEW_KEY = "khabar_tokens"
_ENTS_KEY = "khabar_ents"


_T = TypeVar("_T")


def per_doc(doc: Doc, key: str, make: Callable[[Doc], _T]) -> _T:
    """``make(doc)``, worked out on the first ask and kept in ``doc.user_data[key]`` for the next, with the Doc itself
    and its length: a copy carrying the user data along, or the Doc retokenized since, makes its own. (The Doc in
    its own user data is a reference cycle, which the pipeline breaks by emptying it once the facts are out.)"""
    held = doc.user_data.get(key)
    if held is not None and held[0] is doc and held[1] == len(doc):
        return cast(_T, held[2])
    value = make(doc)
    doc.user_data[key] = (doc, len(doc), value)
    return value


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, kept for the next caller (a copy each time). Only for code that runs after the
    sentence boundaries are final (after the parser or sentencizer)."""
    return list(per_doc(doc, _KEY, lambda d: list(d.sents)))


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept for the next caller."""
    return per_doc(doc, _TEXT_KEY, _text)


def _text(doc: Doc) -> str:
    text = _raw_text(doc)
    return doc.text if text is None else text


def _raw_text(doc: Doc) -> str | None:
    """The text of the document the Doc was made from (``doc._.khabar_doc``), which is the Doc's own: the
    tokenizer keeps every character, and a Doc joined from chunks is checked against it (``chunking``); taken
    only when the lengths agree. Joining the text back from the tokens builds an object per token."""
    raw = doc._.khabar_doc if Doc.has_extension("khabar_doc") else None
    if raw is None or not len(doc):
        return None
    last = doc[-1]
    text: str = raw.text
    return text if len(text) == last.idx + len(last.text_with_ws) else None


def span_text(span: Span) -> str:
    """``span.text``, cut from the document's remembered text: ``Span.text`` builds a token object for every
    word it joins, and the fact components read each sentence's text several times. A span's text runs from
    its first character to the end of its last word (the trailing space is left out), as ``Span.text``."""
    return doc_text(span.doc)[span.start_char : span.end_char]


class TokenView(NamedTuple):
    """A parsed document's tokens and the attributes the fact components test on every word, by token index:
    ``doc[i]`` and iterating a Doc or Span build a new token object each time, and each attribute read looks a
    string up again, while the components walk every sentence several times. The lists must not be changed."""

    tokens: list[Token]
    lemma: list[str]  # tok.lemma_.lower()
    lower: list[str]  # tok.lower_
    pos: list[str]  # tok.pos_
    dep: list[str]  # tok.dep_
    children: list[Sequence[Token]]  # tok.children, in text order (an empty tuple for none)
    idx: list[int]  # tok.idx


# hash -> string, shared by every document (a hash always names the same string); bounded like other memos
_NAMES: dict[int, str] = {}
_LOWERED: dict[int, str] = {}
_NAMES_LIMIT = 500_000


def _names(hashes: list[int], memo: dict[int, str], strings: StringStore, lowered: bool) -> list[str]:
    missing = set(hashes).difference(memo)
    if missing:
        if len(memo) + len(missing) > _NAMES_LIMIT:
            memo.clear()
            missing = set(hashes)
        for h in missing:
            memo[h] = strings[h].lower() if lowered else strings[h]
    return [memo[h] for h in hashes]


def token_view(doc: Doc) -> TokenView:
    """The document's ``TokenView``, made on the first ask and kept in ``doc.user_data`` (with the Doc itself and
    its length, so a copy carrying the user data along does not use it). Only for code that runs after the
    parse, tags and lemmas are final (khabar's fact components)."""
    return per_doc(doc, _VIEW_KEY, _view)


def _view(doc: Doc) -> TokenView:
    strings = doc.vocab.strings
    columns = doc.to_array([LEMMA, LOWER, POS, DEP, HEAD, IDX]).T.tolist() if len(doc) else [[]] * 6
    lemma, lower, pos, dep, head, idx = columns
    toks = list(doc)
    kids: list[Sequence[Token]] = [()] * len(toks)  # a word without children shares the empty tuple
    for i, offset in enumerate(head):  # a head is stored as an offset (an unsigned 64-bit number)
        if offset:
            at = i + (offset - (1 << 64) if offset >= 1 << 63 else offset)
            have = kids[at]
            if isinstance(have, list):
                have.append(toks[i])
            else:
                kids[at] = [toks[i]]
    return TokenView(
        tokens=toks,
        lemma=_names(lemma, _LOWERED, strings, True),
        lower=_names(lower, _NAMES, strings, False),
        pos=[POS_NAMES[p] for p in pos],
        dep=_names(dep, _NAMES, strings, False),
        children=kids,
        idx=idx,
    )


def children(tok: Token) -> Sequence[Token]:
    """``tok.children`` from the document's ``TokenView`` (the same tokens, in text order; not to be changed):
    spaCy's ``children`` walks the token's whole subtree span and builds a new object per child on every ask."""
    return token_view(tok.doc).children[tok.i]


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, kept in ``doc.user_data`` for the next caller (``Doc.ents`` walks every token on each ask).
    Only after the entity recogniser has run; nothing in khabar sets ``doc.ents`` later. The spans are shared:
    do not change them."""
    return per_doc(doc, _ENTS_KEY, lambda d: tuple(d.ents))
