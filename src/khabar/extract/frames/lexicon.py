"""The frame lexicon (``extract/data/frames.yaml``) and the user's own additions (``KHABAR_PATTERNS``).

The lexicon is data a reader can review: which predicates state which relations, and which roles fill them. Users
extend it with a file of the same shape (``khabar --patterns FILE``); an entry with a bundled entry's ``id``
replaces it. The version string every fact records names the bundled version and a digest of the user file, so
facts made with other patterns stay apart.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from khabar.errors import ConfigError
from khabar.model import ENTITY_TYPES

__all__ = ["RelationRule", "Lexicon", "lexicon", "PATTERNS_ENV", "load_lexicon", "stamped"]

PATTERNS_ENV = "KHABAR_PATTERNS"
DATA_FILE = "frames.yaml"
POS = ("verb", "noun", "adj")
PERIODS = ("title", "start", "none")


@dataclass(frozen=True)
class RelationRule:
    """One lexicon entry: a predicate family and how its frame's roles make a relation."""

    id: str
    words: frozenset[str]
    pos: str
    type: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    subject_types: frozenset[str]
    object_types: frozenset[str]
    patient_words: frozenset[str] = frozenset()
    org_type: str | None = None
    promote_object: bool = False
    symmetric: bool = False
    period: str = "none"


@dataclass
class Lexicon:
    version: str
    relations: list[RelationRule] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)  # other sections, read by their own components

    def relation_rules(self, lemma: str, pos: str) -> list[RelationRule]:
        return self._by_word.get((lemma, pos), [])

    def predicates(self, pos: str) -> frozenset[str]:
        """Every lemma of ``pos`` some rule makes a predicate of (nouns and adjectives; every verb is one)."""
        found = self._predicates.get(pos)
        if found is None:
            words = {w for r in self.relations if r.pos == pos for w in r.words}
            if pos == "noun":
                words |= self.words("successions", "nouns") | self.words("attribution", "doer_nouns")
            if pos == "adj":
                words |= self.words("attribution", "responsible_adjectives")
            found = self._predicates[pos] = frozenset(words)
        return found

    def words(self, section: str, name: str) -> frozenset[str]:
        """A word list of another section (``successions: verbs: [...]``), lower-cased. Remembered: components
        ask for their lists for every document (a lexicon is not changed once loaded; other patterns make
        another)."""
        found = self._words.get((section, name))
        if found is None:
            value = (self.sections.get(section) or {}).get(name) or []
            found = self._words[(section, name)] = frozenset(str(w).lower() for w in value)
        return found

    def __post_init__(self) -> None:
        self._words: dict[tuple[str, str], frozenset[str]] = {}
        self._predicates: dict[str, frozenset[str]] = {}
        self._by_word: dict[tuple[str, str], list[RelationRule]] = {}
        for r in self.relations:
            for w in r.words:
                self._by_word.setdefault((w, r.pos), []).append(r)


def _words(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise ConfigError(f"{where}: expected a list of words")
    return frozenset(w.strip().lower().replace(" ", "-") for w in value)


def _roles(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(w, str) for w in value):
        raise ConfigError(f"{where}: expected a role or a list of roles")
    return tuple(value)


def _types(value: Any, where: str) -> frozenset[str]:
    types = _words(value, where)
    bad = sorted(t for t in types if t not in ENTITY_TYPES)
    if bad:
        raise ConfigError(f"{where}: unknown entity type(s) {', '.join(bad)}")
    return types


def _rule(item: Any, where: str) -> RelationRule:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: each relation entry must be a mapping")
    missing = [k for k in ("id", "words", "pos", "type", "subject", "object") if k not in item]
    if missing:
        named = f" ({item['id']})" if "id" in item else ""
        raise ConfigError(f"{where}{named}: entry lacks {', '.join(missing)}")
    at = f"{where} ({item['id']})"
    pos = str(item["pos"])
    if pos not in POS:
        raise ConfigError(f"{at}: pos must be one of {', '.join(POS)}")
    period = str(item.get("period", "none"))
    if period not in PERIODS:
        raise ConfigError(f"{at}: period must be one of {', '.join(PERIODS)}")
    return RelationRule(
        id=str(item["id"]),
        words=_words(item["words"], at),
        pos=pos,
        type=str(item["type"]),
        subject=_roles(item["subject"], at),
        object=_roles(item["object"], at),
        subject_types=_types(item.get("subject_types", list(ENTITY_TYPES)), at),
        object_types=_types(item.get("object_types", list(ENTITY_TYPES)), at),
        patient_words=_words(item.get("patient_words", []), at) if item.get("patient_words") else frozenset(),
        org_type=item.get("org_type"),
        promote_object=bool(item.get("promote_object", False)),
        symmetric=bool(item.get("symmetric", False)),
        period=period,
    )


def _read(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping with a 'relations' list")
    return data


def load_lexicon(user_file: str | None = None) -> Lexicon:
    """The bundled lexicon, with ``user_file``'s entries added (same ``id``: replaced)."""
    bundled = (importlib.resources.files("khabar.extract") / "data" / DATA_FILE).read_text(encoding="utf-8")
    data = _read(bundled, DATA_FILE)
    rules = {r.id: r for r in (_rule(x, DATA_FILE) for x in data.get("relations") or [])}
    version = f"lex{data.get('version', 0)}"
    sections = {k: v for k, v in data.items() if k not in {"version", "relations"}}
    if user_file:
        path = Path(user_file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read patterns file {path}: {exc}") from exc
        user = _read(text, str(path))
        for x in user.get("relations") or []:
            r = _rule(x, str(path))
            rules[r.id] = r
        for k, v in user.items():
            if k not in {"version", "relations"} and isinstance(v, dict):
                merged = dict(sections.get(k) or {})
                for name, words in v.items():  # word lists: the user's are added to ours
                    base = merged.get(name)
                    if isinstance(base, list) and isinstance(words, list):
                        merged[name] = base + [w for w in words if w not in base]
                    else:
                        merged[name] = words
                sections[k] = merged
        version += "+u" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return Lexicon(version=version, relations=list(rules.values()), sections=sections)


@lru_cache(maxsize=4)
def _cached(user_file: str | None) -> Lexicon:
    return load_lexicon(user_file)


def lexicon() -> Lexicon:
    """The lexicon in force: the bundled one plus ``KHABAR_PATTERNS`` if set."""
    return _cached(os.environ.get(PATTERNS_ENV) or None)


def stamped(component: str) -> str:
    """What a fact records as its maker: the component and the lexicon in force ("khabar.relations.v2+lex1", with
    "+u<digest>" when a user's patterns were added), so facts made with other patterns stay apart."""
    return f"{component}+{lexicon().version}"
