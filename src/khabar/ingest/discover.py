"""Which files a list of command-line paths stands for, and which format each one claims by its name.

Kept apart from the readers so a caller can size a progress bar (``discover``) without reading anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

from khabar.ingest.sidecar import is_sidecar

__all__ = ["Kind", "EXTENSIONS", "kind_by_name", "iter_sources", "discover"]


class Kind(Enum):
    TEXT = "text"
    HTML = "html"
    FEED = "feed"
    JSONL = "jsonl"
    SNIFF = "sniff"  # no extension: decide from the content


EXTENSIONS: dict[str, Kind] = {
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
    ".xml": Kind.FEED,
    ".rss": Kind.FEED,
    ".atom": Kind.FEED,
    ".jsonl": Kind.JSONL,
    ".ndjson": Kind.JSONL,
    "": Kind.SNIFF,
}


def kind_by_name(path: Path) -> Kind | None:
    """The format a file's extension claims; ``None`` for a type we don't read (sidecars included)."""
    if is_sidecar(path):
        return None
    return EXTENSIONS.get(path.suffix.lower())


def _walk(folder: Path) -> list[Path]:
    """Readable-looking files under ``folder``, sorted; hidden entries and other types skipped silently."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root, name)
            if not name.startswith(".") and kind_by_name(path) is not None:
                found.append(path)
    return sorted(found)


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each explicit path as given (even if missing or unsupported: reading it reports why) and each folder's
    files, once each, in a stable order."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        expanded = _walk(path) if path.is_dir() else [path]
        for item in expanded:
            key = Path(os.path.abspath(item))
            if key not in seen:
                seen.add(key)
                yield item


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The files ``read_sources`` would read, in order (for progress bars). Sidecars are never listed."""
    return [path for path in iter_sources(paths) if not is_sidecar(path)]
