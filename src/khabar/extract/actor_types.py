"""Actor typing cues from data (``data/actors.yaml``): state forces and bodies, news outlets, armed groups'
formal names, and feast days are told apart from the armed groups and people the tagger takes them for."""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml
from spacy.tokens import Span

__all__ = ["ActorCues", "cues"]

_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)


@dataclass(frozen=True)
class ActorCues:
    version: int
    state_heads: frozenset[str]
    state_qualifiers: frozenset[str]
    non_state_words: frozenset[str]
    media_words: frozenset[str]
    media_nouns: frozenset[str]
    group_words: frozenset[str]
    holiday_words: frozenset[str]
    nature_words: frozenset[str]

    def state_body(self, span: Span, is_country_word: object) -> bool:
        """ "Nigerian Army", "Afghan National Army", "35th Infantry Battalion", "the Army": a state's force."""
        words = [t.lower_ for t in span if t.is_alpha or t.like_num]
        if not words or words[-1] not in self.state_heads:
            return False
        if any(w in self.non_state_words for w in words):
            return False
        rest = [
            t
            for t in span
            if t.lower_ not in self.state_heads and t.lower_ != "the" and (t.is_alpha or t.like_num)
        ]
        if not rest:
            return True  # "the Army", "Police"
        return any(
            t.lower_ in self.state_qualifiers
            or _ORDINAL.match(t.text)
            or callable(is_country_word)
            and is_country_word(t.text)
            for t in rest
        )

    def media(self, span: Span) -> bool:
        """A news outlet by its name ("Catalunya Radio") or by what the text calls it ("X, a local news
        website")."""
        if any(t.lower_ in self.media_words for t in span[1:]) or (
            len(span) > 1 and span[0].lower_ == "radio"
        ):
            return True
        doc = span.doc
        i = span.end
        if i + 1 < len(doc) and doc[i].text == ",":
            window = [t.lower_ for t in doc[i + 1 : i + 6]]
            return any(w in self.media_nouns for w in window) and any(
                w in {"news", "local", "a", "the"} for w in window
            )
        return False

    def formal_group_name(self, span: Span) -> bool:
        """ "Jama'atu Ahlis Sunna …": two or more words of armed groups' formal names."""
        words = {w.strip("'’").lower() for t in span for w in re.split(r"[-\s]", t.text) if w}
        return len(words & self.group_words) >= 2

    def holiday(self, span: Span) -> bool:
        return any(t.lower_ in self.holiday_words for t in span)

    def natural(self, span: Span) -> bool:
        """ "Hurricane Joan", "Cyclone Idai": a storm named like a person."""
        return any(t.lower_ in self.nature_words for t in span)


@lru_cache(maxsize=1)
def cues() -> ActorCues:
    text = (importlib.resources.files("khabar.extract") / "data" / "actors.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)

    def words(name: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(name) or [])

    return ActorCues(
        version=int(data.get("version", 0)),
        state_heads=words("state_heads"),
        state_qualifiers=words("state_qualifiers"),
        non_state_words=words("non_state_words"),
        media_words=words("media_words"),
        media_nouns=words("media_nouns"),
        group_words=words("group_words"),
        holiday_words=words("holiday_words"),
        nature_words=words("nature_words"),
    )
