"""Read one file into ``RawDocument``s, turning every per-file (or per-line, per-item) failure into an
``IngestError`` that is yielded, so one bad file never stops a batch.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

from khabar.errors import ConfigError, IngestError
from khabar.ingest.discover import EXTENSIONS, Kind, kind_by_name, walk_sources
from khabar.ingest.htmltext import extract_page, html_to_text
from khabar.ingest.ids import id_problem
from khabar.ingest.sidecar import (
    Meta,
    is_sidecar,
    load_sidecar,
    parse_date,
    parse_meta,
    primary_language,
    sidecar_path,
)
from khabar.model import RawDocument

__all__ = ["DEFAULT_MAX_BYTES", "IngestResult", "read_sources", "read_file"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

IngestResult: TypeAlias = RawDocument | IngestError

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"PK\x03\x04", "ZIP archive, e.g. DOCX/EPUB"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"\x7fELF", "ELF executable"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg"),
)
_TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_TEXT_FIELDS = ("text", "content", "body")
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article)[\s>/]")
_SLUG_MAX = 80
_LIMIT_HINT = "(set --max-bytes / KHABAR_MAX_BYTES)"
_JSON_START = re.compile(r'\{\s*"')


# --------------------------------------------------------------------------------------------- bytes


def _bom(data: bytes) -> tuple[int, str, str] | None:
    """(BOM length, codec, display name) when the data starts with a Unicode byte-order mark."""
    for bom, codec, label in _TEXT_BOMS:
        if data.startswith(bom):
            return len(bom), codec, label
    return None


def _binary_kind(data: bytes) -> str | None:
    """Why the bytes are not text, if they aren't; UTF-16/32 with a BOM hold NULs legitimately."""
    for magic, label in _MAGIC:
        if data.startswith(magic):
            return label
    bom = _bom(data)
    if (bom is None or bom[2] == "UTF-8") and b"\x00" in data:
        return "contains NUL bytes"
    return None


def _decode_strict(data: bytes, source: str) -> str:
    """UTF-8 (or BOM-marked UTF-16/32) text; no guessing of legacy encodings, which would corrupt offsets."""
    bom = _bom(data)
    skip, codec, label = bom if bom else (0, "utf-8", "UTF-8")
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        raise IngestError(
            source,
            f"not valid {label} (byte 0x{data[offset]:02x} at offset {offset}); convert it to UTF-8",
        ) from exc


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing by ``stat`` (before reading) anything over the limit."""
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise IngestError(source, exc.strerror or str(exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(source, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(source, "not a regular file")
    if info.st_size > max_bytes:
        raise IngestError(
            source,
            f"file is {info.st_size} bytes, over the limit of {max_bytes} {_LIMIT_HINT}",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise IngestError(source, exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:  # grew since stat
        raise IngestError(source, f"file is over the limit of {max_bytes} bytes {_LIMIT_HINT}")
    return data


def _sniff(data: bytes) -> Kind:
    """Format of an extension-less file from its first bytes."""
    bom = _bom(data)
    skip, codec = (bom[0], bom[1]) if bom else (0, "utf-8")
    head = data[skip : skip + 4096].decode(codec, errors="replace").lstrip().lower()
    if _JSON_START.match(head):
        return Kind.JSONL  # reading it will say which line, if any, is broken
    if head.startswith("<"):
        html = _HTML_START.search(head)
        feed = _FEED_ROOT.search(head)
        if feed and (html is None or feed.start() < html.start()):
            return Kind.FEED
        if html:
            return Kind.HTML
    return Kind.TEXT


# --------------------------------------------------------------------------------------------- build


def _document(
    *,
    doc_id: str,
    text: str,
    path: Path,
    own: Meta,
    sidecar: Meta | None,
    published: date | None,
    where: str | None = None,
) -> RawDocument:
    """Apply the precedence: the caller's ``published`` > the sidecar > what the file itself says."""
    meta = sidecar.over(own) if sidecar else own
    problem = None if meta.id else id_problem(doc_id)
    if problem is not None:  # a file name holding a newline or an escape, or far too long
        raise IngestError(
            where or str(path),
            f"the id taken from the file name {problem}; give the document an id in {sidecar_path(path).name}",
        )
    return RawDocument(
        id=meta.id or doc_id,
        text=text,
        title=meta.title,
        published=published or meta.published,
        byline=list(meta.byline or []),
        credits=list(meta.credits or []),
        source=meta.source,
        language=meta.language,
        path=str(path),
    )


def _slug(value: str) -> str:
    """A stable, readable id from a guid or link; long ones keep a hash so they stay distinct."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    ascii_text = re.sub(r"^[a-z][a-z0-9+.-]*://(?:www\.)?", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > _SLUG_MAX:
        digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[: _SLUG_MAX - 9].rstrip('-')}-{digest}"
    return slug


# --------------------------------------------------------------------------------------------- formats


def _read_text(
    path: Path, data: bytes, sidecar: Meta | None, published: date | None
) -> Iterator[IngestResult]:
    text = _newlines(_decode_strict(data, str(path)))
    if not text.strip():
        raise IngestError(str(path), "empty file")
    yield _document(doc_id=path.stem, text=text, path=path, own=Meta(), sidecar=sidecar, published=published)


def _read_html(
    path: Path, data: bytes, sidecar: Meta | None, published: date | None
) -> Iterator[IngestResult]:
    page = extract_page(data)
    if not page.text.strip():
        raise IngestError(str(path), "HTML page has no main text")
    try:
        page_date = parse_date(page.published) if page.published else None
    except ValueError:
        page_date = None  # a page's own odd date is not worth failing the page for
    own = Meta(
        title=page.title,
        published=page_date,
        byline=page.authors or None,
        source=page.sitename,
        language=page.language,
    )
    yield _document(
        doc_id=path.stem, text=page.text, path=path, own=own, sidecar=sidecar, published=published
    )


def _jsonl_lines(path: Path, data: bytes) -> Iterator[tuple[int, str | IngestError]]:
    """(line number, text or error) per line: a bad byte fails only its line."""
    bom = _bom(data)
    if bom and bom[2] != "UTF-8":
        text = _decode_strict(data, str(path))
        for number, line in enumerate(text.split("\n"), start=1):
            yield number, line
        return
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if number == 1 and bom:
            raw = raw[bom[0] :]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield (
                number,
                IngestError(
                    f"{path}:{number}",
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                    "convert it to UTF-8",
                ),
            )


def _jsonl_text(obj: dict[str, Any]) -> str:
    """The article text of one JSONL object, HTML stripped when it says ``"format": "html"``."""
    for key in _TEXT_FIELDS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"{key!r} must be a string, got {type(value).__name__}")
        if value.strip():
            break
    else:
        raise ValueError('no text (expected a non-empty "text", "content" or "body" field)')
    fmt = obj.get("format", "text")
    if fmt == "html":
        value = html_to_text(value)
        if not value.strip():
            raise ValueError("HTML text has no text once tags are stripped")
        return value
    if fmt not in ("text", "plain", None):
        raise ValueError(f'unknown format {fmt!r} (expected "text" or "html")')
    return _newlines(value)


def _read_jsonl(
    path: Path, data: bytes, sidecar: Meta | None, published: date | None
) -> Iterator[IngestResult]:
    shared = sidecar.shared() if sidecar else None
    for number, line in _jsonl_lines(path, data):
        if isinstance(line, IngestError):
            yield line
            continue
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield IngestError(where, f"expected a JSON object, got {type(obj).__name__}")
            continue
        try:
            text = _jsonl_text(obj)
            own = parse_meta(obj)
        except ValueError as exc:
            yield IngestError(where, str(exc))
            continue
        doc_id = own.id or f"{path.stem}-{number}"
        try:
            yield _document(
                doc_id=doc_id, text=text, path=path, own=own, sidecar=shared, published=published, where=where
            )
        except IngestError as exc:
            yield exc


def _struct_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value: time.struct_time | None = entry.get(key)
        if value:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _entry_text(entry: Any) -> str:
    """Item text from its full content when present, else its summary; HTML becomes paragraphs."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if entry.get("summary"):
        candidates.append((entry.get("summary") or "", (entry.get("summary_detail") or {}).get("type") or ""))
    for value, mime in candidates:
        text = _newlines(value) if mime == "text/plain" else html_to_text(value)
        if text.strip():
            return text
    return ""


def _entry_authors(entry: Any) -> list[str]:
    names: list[str] = []
    for author in entry.get("authors") or []:
        name = " ".join(str(author.get("name") or "").split())
        if name and name not in names:
            names.append(name)
    if not names and entry.get("author"):
        names.append(" ".join(str(entry.get("author")).split()))
    return names


def _feed_problem(exc: Any) -> str:
    """The XML parser's complaint with its position, without SAX's ``<unknown>:`` prefix."""
    if hasattr(exc, "getMessage") and hasattr(exc, "getLineNumber"):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return str(exc)


def _read_feed(
    path: Path, data: bytes, sidecar: Meta | None, published: date | None
) -> Iterator[IngestResult]:
    import feedparser

    # A stream, never a string: feedparser would treat a string as a URL or a file name to open.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise IngestError(str(path), f"malformed feed: {_feed_problem(parsed.get('bozo_exception'))}")
        if not parsed.get("version"):
            raise IngestError(str(path), "not an RSS or Atom feed")
        raise IngestError(str(path), "feed has no items")
    feed = parsed.get("feed") or {}
    feed_title = " ".join(str(feed.get("title") or "").split()) or None
    feed_lang = primary_language(str(feed.get("language"))) if feed.get("language") else None
    shared = sidecar.shared() if sidecar else None
    used: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path}:{number}"
        try:
            text = _entry_text(entry)
            if not text.strip():
                yield IngestError(where, "feed item has no text")
                continue
            key = entry.get("id") or entry.get("link") or ""
            doc_id = _slug(str(key)) or f"{path.stem}-{number}"
            if doc_id in used:
                doc_id = f"{doc_id}-{number}"
            used.add(doc_id)
            title_detail = entry.get("title_detail") or {}
            title = entry.get("title") or None
            if title and "html" in (title_detail.get("type") or ""):
                title = html_to_text(title).replace("\n", " ") or None
            own = Meta(
                title=title,
                published=_struct_date(entry),
                byline=_entry_authors(entry) or None,
                source=feed_title,
                language=feed_lang,
            )
            yield _document(
                doc_id=doc_id, text=text, path=path, own=own, sidecar=shared, published=published, where=where
            )
        except IngestError as exc:
            yield exc
        except Exception as exc:  # one odd item must not lose the rest of the feed
            yield IngestError(where, _describe(exc))


_READERS = {Kind.TEXT: _read_text, Kind.HTML: _read_html, Kind.JSONL: _read_jsonl, Kind.FEED: _read_feed}


# --------------------------------------------------------------------------------------------- entry points


def _describe(exc: BaseException) -> str:
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _check_limit(max_bytes: int) -> None:
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ConfigError(f"max_bytes must be a positive number of bytes, got {max_bytes!r}")


def _read(path: Path, published: date | None, max_bytes: int) -> Iterator[IngestResult]:
    source = str(path)
    if is_sidecar(path):
        raise IngestError(source, "is a metadata sidecar, not a document; name the document it describes")
    kind = kind_by_name(path)
    if kind is None and not path.is_dir() and os.path.lexists(path):
        supported = ", ".join(ext for ext in EXTENSIONS if ext)
        raise IngestError(
            source, f"unsupported file type {path.suffix!r} (supported: {supported}, or no extension)"
        )
    data = _read_bytes(path, max_bytes)
    if not data.strip():
        raise IngestError(source, "empty file")
    binary = _binary_kind(data)
    if binary:
        raise IngestError(source, f"binary file ({binary}), not text")
    if kind is None or kind is Kind.SNIFF:
        kind = _sniff(data)
    sidecar = load_sidecar(path)
    yield from _READERS[kind](path, data, sidecar, published)


def read_file(
    path: Path, *, published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[IngestResult]:
    """The documents of one file, or an ``IngestError`` per failure (the whole file, or one line/item)."""
    _check_limit(max_bytes)
    path = Path(path)
    try:
        yield from _read(path, published, max_bytes)
    except IngestError as exc:
        yield exc
    except Exception as exc:  # a library's surprise is still only this file's problem
        error = IngestError(str(path), _describe(exc))
        error.__cause__ = exc
        yield error


def read_sources(
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_links: bool = False,
) -> Iterator[IngestResult]:
    """Every document under ``paths`` (files and folders) in a stable order; failures yielded, not raised.

    A missing path, an explicitly named unsupported file or a sidecar named as a document: an ``IngestError``.
    A path under a folder that is not read (a link leaving the folders given, unless ``follow_links``; a file
    type khabar does not read): a ``SkippedSource``, so nothing is passed over in silence.
    """
    _check_limit(max_bytes)
    for path in walk_sources(paths, follow_links=follow_links):
        if isinstance(path, IngestError):
            yield path
        else:
            yield from read_file(path, published=published, max_bytes=max_bytes)
