"""The frames of a parsed document, built once with every predicate the components read.

Events, relations and attribution all read the same frames; the nouns and adjectives that count as predicates are
the frame lexicon's (titles, ties, attribution words) and the event lexicon's (deed nouns: "attack", "bombing").
"""

from __future__ import annotations

from spacy.tokens import Doc

from khabar.extract.frames.build import FrameBuilder, frames_of
from khabar.extract.frames.frame import Frame
from khabar.extract.frames.lexicon import Lexicon, lexicon
from khabar.extract.lexicon import NOUN_TRIGGERS

__all__ = ["doc_frames"]


def doc_frames(doc: Doc) -> list[Frame]:
    return frames_of(doc, _builder(lexicon()))  # built once a document (``frames_of`` keeps them)


_BUILDERS: dict[int, tuple[Lexicon, FrameBuilder]] = {}  # id of a lexicon -> it and the builder made from it


def _builder(lex: Lexicon) -> FrameBuilder:
    """The frame builder of a lexicon, made once (its predicate sets are unions of the lexicon's word lists)."""
    held = _BUILDERS.get(id(lex))
    if held is None or held[0] is not lex:
        if len(_BUILDERS) >= 8:  # lexicons are few (the bundled one and a user's patterns)
            _BUILDERS.clear()
        held = _BUILDERS[id(lex)] = (
            lex,
            FrameBuilder(lex.predicates("noun") | frozenset(NOUN_TRIGGERS), lex.predicates("adj")),
        )
    return held[1]
