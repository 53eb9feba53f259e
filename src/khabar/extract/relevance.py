"""Is a document about armed conflict at all? A cheap decision taken on the tokens, before the parse.

Real feeds are mostly sports, business and weather; the dependency parse is most of khabar's cost, and nothing in
such a story may become an event. The decision uses the tokenizer's output only: cue words from the versioned data
file ``data/relevance.json`` and the armed-group gazetteer's matches (``doc._.khabar_gazetteer_spans``).

A document is relevant when it has a *strong* cue ("gunmen", "bombing", "kidnapped"), names a known armed group,
or has two cues of different kinds that go together (an act and a harm: "attacked ... killed"; an agent and a
weapon: "soldiers ... rifles") within a few dozen tokens. Harm words alone never suffice: floods, crashes and
epidemics kill people too. The gate errs towards relevance: a false "relevant" costs a parse, a false
"irrelevant" loses facts.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from khabar.errors import ExtractError
from khabar.extract.gazetteer import Gazetteer
from khabar.model import Relevance

__all__ = ["DATA_FILE", "Cues", "RelevanceGate"]

DATA_FILE = "relevance.json"
KINDS = ("strong", "act", "agent", "weapon", "harm")


@dataclass(frozen=True)
class Cues:
    """The cue lists of one version of ``data/relevance.json``."""

    version: int
    window: int
    words: dict[str, tuple[str, ...]]  # kind -> words and phrases, lower case
    pairs: frozenset[frozenset[str]]

    @property
    def name(self) -> str:
        """The gate's versioned name, recorded with its decisions (``khabar.relevance.v1``)."""
        return f"khabar.relevance.v{self.version}"

    @classmethod
    def from_json(cls, data: Any, origin: str = DATA_FILE) -> Cues:
        if not isinstance(data, dict):
            raise ExtractError(f"{origin}: expected a JSON object")
        try:
            version, window = int(data["version"]), int(data["window"])
            words = {k: tuple(str(w).lower() for w in data[k]) for k in KINDS}
            pairs = frozenset(frozenset(p) for p in data["pairs"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ExtractError(f"{origin}: malformed relevance cues ({exc})") from exc
        unknown = {k for p in pairs for k in p} - set(KINDS)
        if unknown:
            raise ExtractError(f"{origin}: unknown cue kind(s) in pairs: {', '.join(sorted(unknown))}")
        return cls(version, window, words, pairs)

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def load() -> Cues:
        """The bundled cue lists (read once)."""
        resource = importlib.resources.files("khabar.extract") / "data" / DATA_FILE
        try:
            return Cues.from_json(json.loads(resource.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ExtractError(f"bundled relevance cues {DATA_FILE} cannot be read: {exc}") from exc


class RelevanceGate:
    """Decides relevance from a tokenized ``Doc`` (no tagger, parser or NER needed)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None, cues: Cues | None = None) -> None:
        self.cues = cues or Cues.load()
        gazetteer = gazetteer or Gazetteer.load()
        self.group_keys = frozenset(e.key for e in gazetteer.entries if e.type == "armed_group")
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in KINDS:
            self.matcher.add(kind, [nlp.make_doc(w) for w in self.cues.words[kind]])

    def decide(self, doc: Doc, groups: Sequence[Span] | None = None) -> Relevance:
        """``groups``: the gazetteer's matches in ``doc`` (default ``doc._.khabar_gazetteer_spans``)."""
        gate = self.cues.name
        spans = groups if groups is not None else (doc._.khabar_gazetteer_spans or [])
        for span in spans:
            if span.label_ in self.group_keys and not span.text[:1].isdigit():  # not "21 June", a date
                return Relevance(True, "names a known armed group", (f"group: {span.text}",), gate)
        strings = doc.vocab.strings
        found: list[tuple[int, str, str]] = []
        for match_id, start, end in self.matcher(doc):
            kind = strings[match_id]
            text = doc[start:end].text
            if kind == "strong":
                return Relevance(True, "a strong cue", (f"strong: {text}",), gate)
            found.append((start, kind, text))
        found.sort()
        window, pairs = self.cues.window, self.cues.pairs
        for i, (pos, kind, text) in enumerate(found):
            for pos2, kind2, text2 in found[i + 1 :]:
                if pos2 - pos > window:
                    break
                if frozenset((kind, kind2)) in pairs:
                    return Relevance(
                        True, f"{kind} and {kind2} together", (f"{kind}: {text}", f"{kind2}: {text2}"), gate
                    )
        kinds = sorted({k for _, k, _ in found})
        why = "no conflict cue" if not found else f"only {', '.join(kinds)} words, never together"
        return Relevance(False, why, tuple(f"{k}: {t}" for _, k, t in found[:5]), gate)
