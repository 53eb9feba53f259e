"""Light coreference: which entity a token stands for, pronouns and "the group" included.

A rule of recency with type agreement: "it", "its", "the group" take the nearest armed group mentioned before
them (within a few sentences), "he", "his" the nearest person; "they" prefers a group. Good enough for event and
relation arguments in news copy, where the antecedent is nearly always the last group named.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from khabar.model import DocFacts

__all__ = ["EntityIndex"]

GROUP_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "their", "them", "themselves"})
PERSON_PRONOUNS = frozenset({"he", "his", "him", "himself", "she", "her"})
GROUP_NOUNS = frozenset(
    {
        "group",
        "organisation",
        "organization",
        "outfit",
        "faction",
        "network",
        "movement",
        "militants",
        "insurgents",
        "jihadists",
        "militia",
        "branch",
        "affiliate",
    }
)
MAX_SENTENCE_DISTANCE = 3


class EntityIndex:
    """Maps tokens of one document to its local entity keys, resolving pronouns on request."""

    def __init__(self, doc: Doc, facts: DocFacts) -> None:
        self.doc = doc
        self.facts = facts
        self.by_token: dict[int, str] = {}
        self.spans: dict[str, list[Span]] = {}
        self._starts: list[int] = []
        self._keys: list[str] = []
        for m in sorted(facts.mentions, key=lambda m: m.start):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token[t.i] = m.entity
            self.spans.setdefault(m.entity, []).append(span)
            self._starts.append(span.start)
            self._keys.append(m.entity)
        self._sent_of_token = {t.i: n for n, s in enumerate(doc.sents) for t in s}

    def type_of(self, key: str) -> str:
        return self.facts.entities[key].type

    def entity_at(self, token: Token) -> str | None:
        """The entity this token names, or the antecedent of a pronoun / "the group"."""
        key = self.by_token.get(token.i)
        if key is not None:
            return key
        low = token.lower_
        if low in GROUP_PRONOUNS or low in PLURAL_PRONOUNS:
            return self.antecedent(
                token, ("armed_group",) if low in GROUP_PRONOUNS else ("armed_group", "country")
            )
        if low in PERSON_PRONOUNS:
            return self.antecedent(token, ("person",))
        if low in GROUP_NOUNS and any(c.lower_ in {"the", "this", "that"} for c in token.children):
            return self.antecedent(token, ("armed_group",))
        return None

    def entity_in(self, token: Token) -> str | None:
        """The entity named by a noun phrase headed at ``token`` ("IS-Khorasan militants" → IS-Khorasan)."""
        key = self.entity_at(token)
        if key is not None:
            return key
        for child in token.children:
            if child.dep_ in {"compound", "poss", "nmod", "amod"}:
                key = self.entity_at(child)
                if key is not None:
                    return key
        return None

    def antecedent(self, token: Token, types: tuple[str, ...]) -> str | None:
        sent_no = self._sent_of_token.get(token.i, 0)
        i = bisect.bisect_left(self._starts, token.i) - 1
        while i >= 0:
            start = self._starts[i]
            if sent_no - self._sent_of_token.get(start, 0) > MAX_SENTENCE_DISTANCE:
                return None
            key = self._keys[i]
            if self.type_of(key) in types:
                return key
            i -= 1
        return None

    def conjuncts(self, token: Token) -> list[Token]:
        """``token`` and the tokens conjoined with it ("LeT, JuD, the Haqqani Network and the IMU")."""
        out = [token]
        stack = [token]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ == "conj" and c not in out:
                    out.append(c)
                    stack.append(c)
                elif c.dep_ == "appos" and c not in out and self.entity_at(c) is None:
                    continue
        return out
