"""The frames of a parsed document, built once with every predicate the components read.

Events, relations and attribution all read the same frames; the nouns and adjectives that count as predicates are
the frame lexicon's (titles, ties, attribution words) and the event lexicon's (deed nouns: "attack", "bombing").
"""

from __future__ import annotations

from spacy.tokens import Doc

from khabar.extract.frames.build import FrameBuilder, frames_of
from khabar.extract.frames.frame import Frame
from khabar.extract.frames.lexicon import lexicon
from khabar.extract.lexicon import NOUN_TRIGGERS

__all__ = ["doc_frames"]


def doc_frames(doc: Doc) -> list[Frame]:
    lex = lexicon()
    builder = FrameBuilder(lex.predicates("noun") | frozenset(NOUN_TRIGGERS), lex.predicates("adj"))
    return frames_of(doc, builder)
