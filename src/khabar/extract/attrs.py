"""spaCy's attribute ruler and rule lemmatizer, applied through dictionaries: same output, less CPU.

``en_core_web_sm`` maps each fine-grained tag to its POS, morphology and some lemmas with about 180 one- and
two-token patterns. spaCy's ``AttributeRuler`` runs them through a ``Matcher`` that tries every pattern at every
token, which costs about as much as the dependency parse itself. Here each pattern is indexed by the exact values
(or ``IN`` lists) of its first token's TAG, LOWER or DEP, so a token meets only the few patterns that can match it;
the rest of the semantics is kept exactly: every match is found on the tokens as they were before the ruler ran,
then the matches are applied in pattern order, a later pattern overwriting an earlier one. A test compares the
two rulers token by token. A pattern this class cannot index or evaluate makes ``from_ruler`` return None, and the
pipeline keeps spaCy's own ruler.

The lemmatizer (``FastLemmatizer``) is spaCy's own rule lemmatizer, asked once per distinct (word, POS,
morphology) and remembered: spaCy's walks every token in Python, making a token object and a morphology object
for each just to look its cache up, then sets the lemma through the string store; here the document's columns
are read and written as arrays, and only a token never seen before is handed to spaCy's lemmatizer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS, intify_attr
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["FastAttributeRuler", "FastLemmatizer"]

# The token attributes the patterns test, in the order of the key a token is looked up by.
_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_CACHE_LIMIT = 200_000  # distinct token keys remembered before the memo starts afresh

Key = tuple[int, ...]  # a token's (TAG, LOWER, DEP, IS_SPACE) as spaCy's hashes / 0-1
Check = Callable[[Key], bool]


class _Unsupported(Exception):
    pass


def _value_check(col: int, spec: Any, strings: StringStore) -> Check:
    def h(v: Any) -> int:
        return int(v) if isinstance(v, bool) else strings.add(str(v))

    if isinstance(spec, str | bool):
        want = h(spec)
        return lambda k: k[col] == want
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op == "IN":
            values = frozenset(h(v) for v in arg)
            return lambda k: k[col] in values
        if op == "NOT_IN":
            values = frozenset(h(v) for v in arg)
            return lambda k: k[col] not in values
        if op == "REGEX" and _COLUMNS[col] != "IS_SPACE":
            rx = re.compile(arg)
            return lambda k: rx.search(strings[k[col]]) is not None
    raise _Unsupported(repr(spec))


def _token_check(spec: dict[str, Any], strings: StringStore) -> Check:
    checks = []
    for attr, value in spec.items():
        if attr not in _COLUMNS:
            raise _Unsupported(attr)
        checks.append(_value_check(_COLUMNS.index(attr), value, strings))
    return lambda k: all(c(k) for c in checks)


def _filing_keys(spec: dict[str, Any], strings: StringStore) -> list[tuple[int, int]] | None:
    """(column, value hash) keys under which a first-token spec is filed; None: it must be tried for every key."""
    for col, attr in enumerate(_COLUMNS[:3]):
        value = spec.get(attr)
        if isinstance(value, str):
            return [(col, strings.add(value))]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return [(col, strings.add(str(v))) for v in value["IN"]]
    return None


class FastAttributeRuler:
    """Applies an ``AttributeRuler``'s patterns with the same result (see the module's docstring)."""

    def __init__(
        self,
        strings: StringStore,
        attrs: list[dict[int, Any]],
        indices: list[int],
        patterns: list[list[list[dict[str, Any]]]],
    ) -> None:
        self.strings = strings
        self.attrs = attrs
        self.indices = indices
        self.columns = [intify_attr(c) for c in _COLUMNS]
        # (pattern id, one check per token of the pattern), in pattern order
        self.patterns = [
            (pid, [_token_check(spec, strings) for spec in pattern])
            for pid, alternatives in enumerate(patterns)
            for pattern in alternatives
        ]
        pattern_first = [pattern[0] for alternatives in patterns for pattern in alternatives]
        # patterns filed under the exact values (or IN lists) of their first token's TAG, LOWER or DEP; the rest
        # are tried for every new key
        self.filed: dict[tuple[int, int], list[int]] = {}
        self.unfiled: list[int] = []
        for n, first in enumerate(pattern_first):
            keys = _filing_keys(first, strings)
            if keys is None:
                self.unfiled.append(n)
            for k in keys or ():
                self.filed.setdefault(k, []).append(n)
        self.memo: dict[Key, list[tuple[int, list[Check]]]] = {}
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}  # the patterns that matched one token -> attrs

    @classmethod
    def from_ruler(cls, ruler: object) -> FastAttributeRuler | None:
        """The fast ruler for spaCy's ``ruler``; None when it is no AttributeRuler or has a pattern that this
        class cannot evaluate."""
        if not isinstance(ruler, AttributeRuler):
            return None
        try:
            patterns: list[Any] = [p["patterns"] for p in ruler.patterns]
            return cls(ruler.vocab.strings, list(ruler.attrs), list(ruler.indices), patterns)
        except _Unsupported:
            return None

    def _starting(self, key: Key) -> list[tuple[int, list[Check]]]:
        """The patterns whose first token matches a token with this key (memoised: keys repeat)."""
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= _CACHE_LIMIT:
                self.memo.clear()
            tried = set(self.unfiled)
            for col in range(3):  # TAG, LOWER, DEP
                tried.update(self.filed.get((col, key[col]), ()))
            found = [self.patterns[n] for n in sorted(tried) if self.patterns[n][1][0](key)]
            self.memo[key] = found
        return found

    def _matches(self, doc: Doc) -> list[tuple[int, int]]:
        """(pattern id, index of the token it sets), for every match in the untouched doc."""
        keys: list[Key] = [tuple(row) for row in doc.to_array(self.columns).tolist()]
        n = len(keys)
        found: set[tuple[int, int]] = set()
        memo = self.memo
        for i, key in enumerate(keys):
            starting = memo.get(key)
            for pid, checks in self._starting(key) if starting is None else starting:
                end = i + len(checks)
                if end > n or (end > i + 1 and not all(checks[j](keys[i + j]) for j in range(1, len(checks)))):
                    continue
                target = self.indices[pid]
                found.add((pid, (i if target >= 0 else end) + target))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        """The matches' attributes, set once per token: those of every pattern that matched it, a later pattern's
        value winning, as setting them one pattern after another would leave them."""
        per_token: dict[int, list[int]] = {}
        for pid, at in self._matches(doc):  # in pattern order
            per_token.setdefault(at, []).append(pid)
        merged = self._merged
        for at, pids in per_token.items():
            key = tuple(pids)
            attrs = merged.get(key)
            if attrs is None:
                if any("_" in self.attrs[pid] for pid in pids):  # extension values: set one pattern at a time
                    for pid in pids:
                        set_token_attrs(doc[at], self.attrs[pid])
                    continue
                attrs = merged[key] = {k: v for pid in pids for k, v in self.attrs[pid].items()}
            set_token_attrs(doc[at], attrs)
        return doc


class FastLemmatizer:
    """spaCy's ``Lemmatizer`` in rule mode without ``overwrite`` (how ``en_core_web_sm`` runs it): a token the
    attribute ruler gave a lemma keeps it, every other gets ``lemmatize(token)[0]``, which in rule mode depends
    only on the token's text, POS and morphology; so it is computed once per such triple and remembered."""

    def __init__(self, base: Lemmatizer) -> None:
        self.base = base
        self.memo: dict[tuple[int, int, int], int] = {}  # (ORTH, POS, MORPH) -> the lemma's hash

    @classmethod
    def from_lemmatizer(cls, base: object) -> FastLemmatizer | None:
        """The fast form of a spaCy lemmatizer, or None for one whose answer may depend on more than the three
        columns (lookup mode, overwrite, a subclass other than English's, which only reads POS and morphology)."""
        if not isinstance(base, Lemmatizer) or type(base) not in (Lemmatizer, EnglishLemmatizer):
            return None
        if base.mode != "rule" or base.overwrite:
            return None
        return cls(base)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        base, memo = self.base, self.memo
        if not base._validated:  # spaCy's own check of its tables, as its __call__ makes
            base._validate_tables(Errors.E1004)
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas: list[int] = []
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if not lemma:
                key = (orth, pos, morph)
                lemma = memo.get(key)
                if lemma is None:
                    if len(memo) >= _CACHE_LIMIT:
                        memo.clear()
                    lemma = memo[key] = strings.add(base.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64))  # type: ignore[arg-type]
        return doc
