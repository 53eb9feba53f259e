"""An answer: sentences, each backed by the sentences of the store that state it.

The answer text is built from parts; a part is one sentence of the answer with its citations, so "every
sentence of an answer carries at least one citation" is a property of the data, not a hope. The one answer
without citations is the plain "khabar has no evidence about ..." when the store holds nothing to go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from khabar.explain.naming import suggest
from khabar.query.lookup import Citation

__all__ = [
    "Answer",
    "AnswerPart",
    "AnswerBuilder",
    "fmt_date",
    "on_date",
    "fmt_count_words",
    "span_words",
    "NO_EVIDENCE",
]

NO_EVIDENCE = "khabar has no evidence about"
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass
class AnswerPart:
    """One sentence of an answer and the citations behind it (never empty in a built answer)."""

    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation]
    parts: list[AnswerPart] = field(default_factory=list)
    kind: str = "unknown"  # the question type it was read as

    @property
    def has_evidence(self) -> bool:
        return bool(self.citations)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the evaluation contract's shape."""
        return {
            "question": self.question,
            "answer": self.answer,
            "citations": [
                {"document": c.document, "text": c.text, "start": c.start, "end": c.end}
                for c in self.citations
            ],
        }


def _key(c: Citation) -> tuple[str, int, int]:
    return (c.document, c.start, c.end)


class AnswerBuilder:
    """Collects cited parts; numbers citations by first use and marks each part with its numbers."""

    def __init__(self, question: str, kind: str) -> None:
        self.question = question
        self.kind = kind
        self.parts: list[AnswerPart] = []
        self.used: set[tuple[str, int, int]] = set()

    def add(self, text: str, citations: list[Citation]) -> bool:
        """Add one sentence; a sentence with no citation is refused (returns False), never added bare."""
        cites = list({_key(c): c for c in citations}.values())
        if not cites or not text.strip():
            return False
        same = next((p for p in self.parts if p.text == text.strip()), None)
        if same is not None:  # said already (two stored facts, one sentence): one part, both sources
            same.citations += [c for c in cites if _key(c) not in {_key(x) for x in same.citations}]
            self.used.update(_key(c) for c in cites)
            return True
        self.parts.append(AnswerPart(text.strip(), cites))
        self.used.update(_key(c) for c in cites)
        return True

    def cited(self, c: Citation) -> bool:
        return _key(c) in self.used

    def __bool__(self) -> bool:
        return bool(self.parts)

    def build(self) -> Answer:
        numbers: dict[tuple[str, int, int], int] = {}
        citations: list[Citation] = []
        texts = []
        for part in self.parts:
            marks = []
            for c in part.citations:
                k = _key(c)
                if k not in numbers:
                    numbers[k] = len(citations) + 1
                    citations.append(c)
                marks.append(f"[{numbers[k]}]")
            texts.append(_mark(part.text, "".join(dict.fromkeys(marks))))
        return Answer(self.question, " ".join(texts), citations, self.parts, self.kind)

    def none(self, topic: str, close: list[str] | None = None) -> Answer:
        """The plain answer when the store has nothing: no guess, no citations; ``close``: the known names
        nearest to an unknown one ("did you mean …")."""
        text = f"{NO_EVIDENCE} {topic}."
        if close:
            text += f" Did you mean {_or(close)}?"
        return Answer(self.question, text, [], [], self.kind)

    def unknown(self, conn: Connection, phrase: str, types: tuple[str, ...] = ()) -> Answer:
        """No entity goes by ``phrase``: say so, with the closest known names."""
        return self.none(phrase, suggest(conn, phrase, types=types) if phrase else [])


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _mark(text: str, marks: str) -> str:
    """Put the citation numbers before the sentence's final stop: "... of the Islamic State [1]."."""
    if text[-1] in ".!?" and not text.endswith("...") and text[-2:-1] not in "\u201d\"'":
        return f"{text[:-1]} {marks}{text[-1]}"
    return f"{text} {marks}"


def fmt_date(date: str | None) -> str:
    """An ISO date at its precision, in words: 2024-03-22 → 22 March 2024, 2015-01 → January 2015."""
    if not date:
        return "on an unknown date"
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return date
    return date


def on_date(date: str | None) -> str:
    """ "on 22 March 2024", "in January 2015", "in 2015"."""
    if not date:
        return "on an unknown date"
    return ("on " if date.count("-") == 2 else "in ") + fmt_date(date)


def span_words(start: str | None, end: str | None) -> str:
    """ " from March 2015 to July 2016", " since 2019", " until May 2021", or "" (a post's period)."""
    if start and end:
        return f" from {fmt_date(start)} to {fmt_date(end)}"
    if start:
        return f" since {fmt_date(start)}"
    if end:
        return f" until {fmt_date(end)}"
    return ""


def fmt_count_words(lo: int | None, hi: int | None) -> str:
    """(137, None) → "at least 137"; (None, 200) → "up to 200"; (12, 12) → "12"."""
    if lo is not None and hi is not None:
        return str(lo) if lo == hi else f"between {lo} and {hi}"
    if lo is not None:
        return f"at least {lo}"
    if hi is not None:
        return f"up to {hi}"
    return "an unknown number of"
