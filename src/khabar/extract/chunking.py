"""Long documents: spaCy's own pipeline over paragraph-bounded chunks, joined back into one ``Doc``.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters) and, below that, its tok2vec layer holds the
whole text at once: a 900,000-character article took 3 GB. Here a long text is cut at paragraph breaks into
chunks of at most ``CHUNK_CHARS`` characters, spaCy's components (tokenizer to NER, khabar's norms and paragraph
breaks among them) run on each chunk, and ``Doc.from_docs`` joins the chunks into one Doc whose text is the
document's own, so every offset stays document-wide. khabar's fact components (mentions, coreference, events,
relations) then run once on the joined Doc, seeing the whole document. A paragraph break is a sentence break
anyway, so the cut changes no sentence; a paragraph longer than a chunk is cut at a line break, else at the end
of a sentence, else at a space (the only place where a cut can split what spaCy would have kept together).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from khabar.extract.registry import COMPONENTS, factory_name
from khabar.model import RawDocument

__all__ = ["CHUNK_CHARS", "MAX_CHARS", "CHUNK_BATCH", "BATCH_CHARS", "split_points", "chunks", "too_long", "alone", "parse_long"]

CHUNK_CHARS = 20_000
"""The most characters spaCy sees at once; a news article is rarely longer, so most documents are one chunk."""
CHUNK_BATCH = 4
"""Chunks parsed together: spaCy's memory grows with the characters in a batch, CHUNK_CHARS × CHUNK_BATCH."""
BATCH_CHARS = 100_000
"""A batch of short documents goes to spaCy once it holds this many characters, whatever its count."""
MAX_CHARS = 5_000_000
"""Longer documents fail alone with a reason: the joined Doc and khabar's facts grow with the whole text."""

# Where a chunk may end, best first; each cut is made after the match (its whitespace stays with the chunk).
_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a blank line: a paragraph break
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),  # the end of a sentence
    re.compile(r"\s+"),  # any space
)


def _cut(text: str, start: int, size: int) -> int:
    """The end of the chunk starting at ``start``: after the last boundary of the best kind within ``size``
    characters, or a hard cut at ``size`` when the window holds no space at all."""
    end = start + size
    for pattern in _BOUNDARIES:
        last = None
        for match in pattern.finditer(text, start, end):
            last = match
        if last is not None and last.end() > start:
            return last.end()
    return end


def split_points(text: str, size: int = CHUNK_CHARS) -> list[int]:
    """The offsets where the chunks of ``text`` start (the first is 0); every chunk holds at most ``size``
    characters and together they are exactly the text."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    points = [0]
    while len(text) - points[-1] > size:
        points.append(_cut(text, points[-1], size))
    return points


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into paragraph-bounded chunks of at most ``size`` characters (joined, they are ``text``)."""
    points = split_points(text, size)
    return [text[a:b] for a, b in zip(points, [*points[1:], len(text)], strict=True)]


def too_long(raw: RawDocument) -> str | None:
    """Why the document cannot be extracted, or ``None``: only length rules one out before parsing."""
    max_chars = MAX_CHARS
    if len(raw.text) > max_chars:
        return (
            f"document is {len(raw.text):,} characters, over the {max_chars:,} khabar extracts in one "
            "document; split it into several files"
        )
    return None


def alone(raw: RawDocument) -> bool:
    """Does the document need a pass of its own (chunked, or refused) rather than a place in a batch?"""
    return len(raw.text) > min(CHUNK_CHARS, MAX_CHARS)


def _split_pipeline(nlp: Language) -> tuple[list[str], list[str]]:
    """(components that run per chunk, components that run on the joined Doc): the cut is before the first of
    khabar's fact components, which need the whole document (coreference, event merging)."""
    names = [name for name, _ in nlp.pipeline]
    facts = {factory_name(c) for c in COMPONENTS}
    first = next((i for i, n in enumerate(names) if n in facts), len(names))
    return names[:first], names[first:]


def _parsed_chunks(nlp: Language, text: str, size: int, after: list[str]) -> Iterator[Doc]:
    yield from nlp.pipe(chunks(text, size), batch_size=CHUNK_BATCH, disable=after)


def parse_long(nlp: Language, raw: RawDocument, size: int | None = None) -> Doc:
    """The Doc of a long document, run through the whole pipeline: spaCy's part per chunk (``size`` characters,
    default ``CHUNK_CHARS``), khabar's on the joined Doc. Raises ``ValueError`` if the joined text were not the
    document's own (offsets would lie)."""
    _before, after = _split_pipeline(nlp)
    parts = list(_parsed_chunks(nlp, raw.text, size or CHUNK_CHARS, after))
    doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
    del parts
    if doc.text != raw.text:  # pragma: no cover - from_docs keeps each token's text and trailing space
        raise ValueError("the joined chunks do not give back the document's text")
    doc._.khabar_doc = raw
    for name in after:
        doc = nlp.get_pipe(name)(doc)
    return doc
