"""The motive lexicon: general discourse connectives and motive words that state *why* ("because", "in
retaliation for", "to avenge", "so that", "opposed to", ...), kept as data (``data/motives.jsonl``) that a
reader can review and a user can extend (``KHABAR_MOTIVES=FILE``, same format), never phrases of one article.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from khabar.errors import ConfigError

__all__ = ["Motive", "MotiveLexicon", "motive_lexicon", "load_motives", "ENV"]

ENV = "KHABAR_MOTIVES"
_CAP = 4.0  # one cue-heavy sentence cannot swamp the rest


@dataclass(frozen=True)
class Motive:
    id: str
    pattern: re.Pattern[str]
    kind: str
    weight: float
    example: str = ""


@dataclass(frozen=True)
class MotiveLexicon:
    version: str
    entries: tuple[Motive, ...]

    def matches(self, text: str) -> list[Motive]:
        return [m for m in self.entries if m.pattern.search(text)]

    def score(self, text: str) -> float:
        """How strongly a sentence states a reason: the weights of the cues it holds, one per kind (a
        sentence with two purpose words is no stronger than one with one), capped."""
        best: dict[str, float] = {}
        for m in self.matches(text):
            best[m.kind] = max(best.get(m.kind, 0.0), m.weight)
        return min(_CAP, sum(best.values()))

    def kinds(self, text: str) -> set[str]:
        return {m.kind for m in self.matches(text)}


def _parse(text: str, origin: str) -> tuple[str, list[Motive]]:
    version = "0"
    out: list[Motive] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ConfigError(f"{origin}:{n}: not JSON ({e.msg})") from None
        if "lexicon" in row:
            version = str(row.get("version", version))
            continue
        try:
            pattern = re.compile(rf"\b(?:{row['pattern']})\b", re.I)
            out.append(
                Motive(
                    str(row["id"]), pattern, str(row["kind"]), float(row["weight"]), row.get("example", "")
                )
            )
        except (KeyError, TypeError, ValueError, re.error) as e:
            raise ConfigError(
                f"{origin}:{n}: a motive needs id, pattern (a regex), kind, weight ({e})"
            ) from None
    return version, out


def load_motives(extra: Path | None = None) -> MotiveLexicon:
    """The bundled lexicon, plus the entries of ``extra`` (a user's file; an entry with a bundled id
    replaces it)."""
    bundled = (resources.files("khabar.explain") / "data" / "motives.jsonl").read_text(encoding="utf-8")
    version, entries = _parse(bundled, "motives.jsonl")
    if extra is not None:
        try:
            text = Path(extra).read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"cannot read the motive lexicon {extra}: {e.strerror}") from None
        v2, more = _parse(text, str(extra))
        ids = {m.id for m in more}
        entries = [m for m in entries if m.id not in ids] + more
        version = f"{version}+{Path(extra).name}:{v2}"
    return MotiveLexicon(version, tuple(entries))


@lru_cache(maxsize=4)
def _cached(extra: str) -> MotiveLexicon:
    return load_motives(Path(extra) if extra else None)


def motive_lexicon() -> MotiveLexicon:
    """The lexicon in use: the bundled one, extended by the file ``KHABAR_MOTIVES`` names, if any."""
    return _cached(os.environ.get(ENV, ""))
