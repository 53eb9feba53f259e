"""A parsed document's sentences, listed once: ``doc.sents`` walks every token each time it is asked, and the
fact components ask for it several times per document."""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["sentences"]

_KEY = "khabar_sents"


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
