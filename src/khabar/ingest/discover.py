"""Which files a list of command-line paths stands for, and which format each one claims by its name.

Kept apart from the readers so a caller can size a progress bar (``discover``) without reading anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

from khabar.errors import IngestError, SkippedSource
from khabar.ingest.sidecar import SIDECAR_SUFFIX, is_sidecar

__all__ = ["Kind", "EXTENSIONS", "kind_by_name", "walk_sources", "iter_sources", "discover"]


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


def _inside(real: str, roots: tuple[str, ...]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _link_note(path: Path, roots: tuple[str, ...], follow_links: bool) -> SkippedSource | None:
    """Why a symbolic link is not followed, or ``None`` when it is: by default only links that stay inside the
    folders given are followed, so a hostile folder cannot pull in ``/etc/passwd``."""
    real = os.path.realpath(path)
    if not os.path.exists(real):
        return SkippedSource(str(path), "broken symbolic link")
    if follow_links or _inside(real, roots):
        return None
    return SkippedSource(
        str(path), f"symbolic link to {real} leaves the folders being ingested (--follow-links reads it)"
    )


def _walk(
    folder: Path, roots: tuple[str, ...], follow_links: bool, seen: set[str]
) -> Iterator[Path | IngestError]:
    """The documents under ``folder`` in sorted order, and a note for every path not read: a link not followed,
    a file of a type khabar does not read, a sidecar with no document, a folder it cannot list. Hidden entries
    (``.git``, ``.DS_Store``) are passed over without a word."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(str(folder), f"cannot read folder: {exc.strerror or exc}")
        return
    stems = {Path(e.name).stem for e in entries if not is_sidecar(Path(e.name))}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            note = _link_note(path, roots, follow_links)
            if note is not None:
                yield note
                continue
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as exc:
            yield IngestError(str(path), exc.strerror or str(exc))
            continue
        if is_dir:
            real = os.path.realpath(path)
            if real in seen:
                yield SkippedSource(str(path), f"a link back to {real}, which is read already")
                continue
            seen.add(real)
            yield from _walk(path, roots, follow_links, seen)
        elif not is_file:
            yield SkippedSource(str(path), "not a regular file")
        elif is_sidecar(path):
            if path.name[: -len(SIDECAR_SUFFIX)] not in stems:
                yield SkippedSource(str(path), "metadata sidecar with no document of that name beside it")
        elif kind_by_name(path) is None:
            yield SkippedSource(str(path), f"khabar does not read {path.suffix or 'this'} files")
        else:
            yield path


def walk_sources(paths: Iterable[str | Path], *, follow_links: bool = False) -> Iterator[Path | IngestError]:
    """Each explicit path as given (even if missing or unsupported: reading it reports why) and each folder's
    documents, once each, in a stable order, with a note (``SkippedSource`` or ``IngestError``) for every path
    under a folder that is not read. A link named on the command line is followed: the user chose it."""
    done: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            root = os.path.realpath(path)
            items: Iterable[Path | IngestError] = _walk(path, (root,), follow_links, {root})
        else:
            items = [path]
        for item in items:
            if isinstance(item, IngestError):
                yield item
                continue
            key = Path(os.path.abspath(item))
            if key not in done:
                done.add(key)
                yield item


def iter_sources(paths: Iterable[str | Path], *, follow_links: bool = False) -> Iterator[Path]:
    """The paths ``walk_sources`` would read, without its notes."""
    for item in walk_sources(paths, follow_links=follow_links):
        if isinstance(item, Path):
            yield item


def discover(paths: Iterable[str | Path], *, follow_links: bool = False) -> list[Path]:
    """The files ``read_sources`` would read, in order (for progress bars). Sidecars are never listed."""
    return [path for path in iter_sources(paths, follow_links=follow_links) if not is_sidecar(path)]
