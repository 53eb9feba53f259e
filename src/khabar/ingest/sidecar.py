"""Document metadata: the ``NAME.meta.json`` sidecar and the same fields inside a JSONL line.

Both carry ``id, title, published, byline, source, language, credits``; validating them in one place keeps
the two sources of metadata from drifting apart. Unknown keys (notes for humans) are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from khabar.errors import IngestError
from khabar.ingest.ids import id_problem

__all__ = [
    "SIDECAR_SUFFIX",
    "Meta",
    "is_sidecar",
    "sidecar_path",
    "load_sidecar",
    "parse_meta",
    "parse_date",
    "names",
    "flatten_credits",
    "primary_language",
]

SIDECAR_SUFFIX = ".meta.json"
_SIDECAR_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Meta:
    """Metadata fields as one source states them; ``None`` means "not stated" (a later source may fill it)."""

    id: str | None = None
    title: str | None = None
    published: date | None = None
    byline: list[str] | None = None
    credits: list[str] | None = None
    source: str | None = None
    language: str | None = None

    def over(self, base: Meta) -> Meta:
        """These fields where stated, else ``base``'s: how a sidecar overrides what a file says."""
        return Meta(
            id=self.id if self.id is not None else base.id,
            title=self.title if self.title is not None else base.title,
            published=self.published if self.published is not None else base.published,
            byline=self.byline if self.byline is not None else base.byline,
            credits=self.credits if self.credits is not None else base.credits,
            source=self.source if self.source is not None else base.source,
            language=self.language if self.language is not None else base.language,
        )

    def shared(self) -> Meta:
        """The fields that may apply to every document of a multi-document file (not id/title: they clash)."""
        return replace(self, id=None, title=None)


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def sidecar_path(document: Path) -> Path:
    """``NAME.meta.json`` beside ``NAME.ext`` (``stem`` is the whole name when there is no extension)."""
    return document.with_name(document.stem + SIDECAR_SUFFIX)


def parse_date(value: object) -> date:
    """An ISO date, any time part (``T...`` or `` ...``) trimmed; ``ValueError`` with a clear message."""
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string (YYYY-MM-DD), got {type(value).__name__}")
    day = value.strip().split("T", 1)[0].split(" ", 1)[0]
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def names(value: object, field: str) -> list[str]:
    """A name or a list of names, blanks dropped; raises ``ValueError`` for any other shape."""
    if isinstance(value, str):
        items: list[object] = [value]
    elif isinstance(value, list):
        items = value
    else:
        raise ValueError(f"{field!r} must be a string or a list of strings")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{field!r} must be a string or a list of strings")
        name = " ".join(item.split())
        if name and name not in out:
            out.append(name)
    return out


def flatten_credits(value: object) -> list[str]:
    """Credits as ``{role: name | [names]}`` or a plain list, flattened to names in order (roles dropped)."""
    if isinstance(value, Mapping):
        out: list[str] = []
        for role, who in value.items():
            for name in names(who, f"credits.{role}"):
                if name not in out:
                    out.append(name)
        return out
    if isinstance(value, str | list):
        return names(value, "credits")
    raise ValueError("'credits' must be an object of role → names, or a list of names")


def primary_language(tag: str) -> str | None:
    """``en-GB`` → ``en``: the stages downstream key on the language, not the region."""
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary or None


def _text_field(obj: Mapping[str, object], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string, got {type(value).__name__}")
    value = " ".join(value.split())
    return value or None


def parse_meta(obj: Mapping[str, object]) -> Meta:
    """Validate the metadata fields of a sidecar or JSONL object; ``null`` counts as absent."""
    raw_id = obj.get("id")
    if raw_id is None or isinstance(raw_id, str):
        doc_id = raw_id.strip() if raw_id else None
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        raise ValueError(f"'id' must be a string, got {type(raw_id).__name__}")
    problem = id_problem(doc_id) if doc_id else None
    if problem is not None:
        raise ValueError(f"'id' {problem}")
    published = obj.get("published")
    try:
        when = None if published is None else parse_date(published)
    except ValueError as exc:
        raise ValueError(f"'published': {exc}") from None
    language = _text_field(obj, "language")
    return Meta(
        id=doc_id or None,
        title=_text_field(obj, "title"),
        published=when,
        byline=None if obj.get("byline") is None else names(obj["byline"], "byline"),
        credits=None if obj.get("credits") is None else flatten_credits(obj["credits"]),
        source=_text_field(obj, "source"),
        language=primary_language(language) if language else None,
    )


def load_sidecar(document: Path) -> Meta | None:
    """The sidecar of ``document``, or ``None`` if it has none; a broken sidecar fails the document."""
    path = sidecar_path(document)
    if not path.is_file():
        return None
    bad = f"bad sidecar {path.name}"
    try:
        size = path.stat().st_size
        if size > _SIDECAR_MAX_BYTES:
            raise IngestError(str(document), f"{bad}: {size} bytes is too large for metadata")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(document), f"{bad}: {exc.strerror or exc}") from exc
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise IngestError(str(document), f"{bad}: not valid UTF-8 (byte offset {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise IngestError(str(document), f"{bad}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(obj, dict):
        raise IngestError(str(document), f"{bad}: expected a JSON object, got {type(obj).__name__}")
    try:
        return parse_meta(obj)
    except ValueError as exc:
        raise IngestError(str(document), f"{bad}: {exc}") from exc
