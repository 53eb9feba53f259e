"""What a document id may be: the one rule for ids from file names, sidecars, JSONL lines, HTTP and Python.

An id is printed on terminals, put in URLs and shown in pages, so it must be short and hold nothing that moves
a cursor or reorders text: a control character in an id once printed a fake ``ingested`` line.
"""

from __future__ import annotations

import re

__all__ = ["MAX_ID_CHARS", "id_problem", "check_id", "shown"]

MAX_ID_CHARS = 255
# C0 and C1 controls and DEL; line and paragraph separators; bidirectional embeddings, overrides and isolates;
# the byte-order mark: none of them belongs in a name, all of them can disguise one.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")


def shown(value: str, limit: int = 60) -> str:
    """``value`` quoted for a message: escapes for anything unprintable, and cut short when it is long."""
    cut = value if len(value) <= limit else value[:limit] + "\u2026"
    return repr(cut)


def id_problem(value: object) -> str | None:
    """Why ``value`` cannot be a document id ("is empty", ...), or ``None`` when it can."""
    if not isinstance(value, str):
        return f"must be a string, not {type(value).__name__}"
    if not value.strip():
        return "is empty"
    if value != value.strip():
        return f"{shown(value)} starts or ends with a space"
    if len(value) > MAX_ID_CHARS:
        return f"{shown(value)} is {len(value):,} characters long (at most {MAX_ID_CHARS})"
    bad = _UNSAFE.search(value)
    if bad is not None:
        return f"{shown(value)} holds the control character U+{ord(bad.group()):04X}"
    return None


def check_id(value: object) -> str:
    """``value`` if it can be a document id; else ``ValueError`` saying why ("id ... is empty")."""
    problem = id_problem(value)
    if problem is not None:
        raise ValueError(f"id {problem}")
    assert isinstance(value, str)
    return value
