"""A parsed document's sentences and text, worked out once: ``doc.sents`` and ``doc.text`` walk every token
each time they are asked, and the fact components ask for them several times per document."""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["doc_text", "sentences", "span_text"]

_KEY = "khabar_sents"
_TEXT_KEY = "khabar_text"


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, kept in ``doc.user_data`` for the next caller. Only for code that runs after the
    sentence boundaries are final (after the parser or sentencizer); a copy of the doc (``Doc.from_docs``)
    carrying the list along does not use it (the spans must belong to this doc, with its length)."""
    held = doc.user_data.get(_KEY)
    if held is not None and held[0] == len(doc) and held[1] and held[1][0].doc is doc:
        return list(held[1])
    sents = list(doc.sents)
    doc.user_data[_KEY] = (len(doc), sents)
    return list(sents)


def doc_text(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` for the next caller. Retokenizing never changes the text, so
    the length check only guards against a doc carrying another doc's user data along."""
    held = doc.user_data.get(_TEXT_KEY)
    if held is not None and held[0] == len(doc):
        return str(held[1])
    text = doc.text
    doc.user_data[_TEXT_KEY] = (len(doc), text)
    return text


def span_text(span: Span) -> str:
    """``span.text``, cut from the document's remembered text: ``Span.text`` builds a token object for every
    word it joins, and the fact components read each sentence's text several times. A span's text runs from
    its first character to the end of its last word (the trailing space is left out), as ``Span.text``."""
    return doc_text(span.doc)[span.start_char : span.end_char]
