"""One exception tree, so callers can catch khabar's failures without catching everything.

Backend exceptions (SQLAlchemy, spaCy, trafilatura, ...) are translated into these at the stage boundary
that meets them, with the original kept as ``__cause__``.
"""

from __future__ import annotations

__all__ = [
    "KhabarError",
    "ConfigError",
    "IngestError",
    "SkippedSource",
    "ExtractError",
    "StoreError",
    "WriteLockBusy",
    "QueryError",
    "NotFoundError",
    "CurationError",
    "ExportError",
]


class KhabarError(Exception):
    """Base of every error khabar raises on purpose."""


class ConfigError(KhabarError):
    """A setting is missing or malformed (database URL, size limit, ...)."""


class IngestError(KhabarError):
    """A source could not be read into a document. ``source`` names the file (and line/item) at fault."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class SkippedSource(IngestError):
    """A path khabar chose not to read (a link leaving the folders given, a file type it does not read): reported
    with its reason, not a failure. A subclass of ``IngestError`` so a caller that knows only failures still
    hears of it."""


class ExtractError(KhabarError):
    """The NLP stage failed on a document (model missing, component crash)."""


class StoreError(KhabarError):
    """The database refused or failed an operation; the original driver error is the ``__cause__``."""


class WriteLockBusy(StoreError):
    """A write asked not to wait found another writer holding the store's write lock (PostgreSQL): nothing of it
    was written, and it can be tried again."""


class QueryError(KhabarError):
    """A query was malformed (bad filter, bad date range)."""


class NotFoundError(QueryError):
    """The thing asked for (an entity, a document) is not in the store."""


class CurationError(QueryError):
    """A curation that cannot be made as asked (no reason given, nothing to split, undone already, ...)."""


class ExportError(KhabarError):
    """An export could not be produced or failed its schema."""
