"""HTML to plain text with paragraph breaks, and main-text extraction of whole pages with trafilatura.

Sentence splitting downstream relies on paragraph boundaries, so every block element becomes a ``\\n\\n``
break instead of being run together with the next one.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any

import lxml.html
from lxml import etree

from khabar.ingest.sidecar import primary_language

__all__ = ["PageText", "html_to_text", "element_paragraphs", "decode_html", "extract_page", "is_byline"]

# HTML blocks plus the tags of trafilatura's XML output (head = heading, list/item, quote, row, code).
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
        "head",
        "list",
        "item",
        "quote",
        "row",
        "code",
    ]
)
_LINE = frozenset({"br", "lb"})
_CELL = frozenset({"td", "th", "cell"})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select"})
_BREAK_MARK = "\x1d"
_LINE_MARK = "\x1e"
_MARKS = {ord(_BREAK_MARK): " ", ord(_LINE_MARK): " "}

_XML_DECL = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
# WHATWG maps these labels to a superset that browsers actually decode with.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "gb2312": "gbk",
    "x-gbk": "gbk",
    "shift_jis": "cp932",
    "euc-kr": "cp949",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _local_tag(el: Any) -> str | None:
    """Lower-case local tag name, or ``None`` for comments and processing instructions."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def _pieces(root: Any) -> Iterator[str]:
    """Text pieces and break marks in document order; an explicit stack so deep nesting can't overflow."""
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = _local_tag(el)
        tail = el.tail if el is not root else None
        if closing:
            if tag in _BLOCK:
                yield _BREAK_MARK
            elif tag in _CELL:
                yield " "
            if tail:
                yield tail.translate(_MARKS)
            continue
        if tag is None or tag in _SKIP:
            if tail:
                yield tail.translate(_MARKS)
            continue
        if tag in _BLOCK:
            yield _BREAK_MARK
        elif tag in _LINE:
            yield _LINE_MARK
        elif tag in _CELL:
            yield " "
        if el.text:
            yield el.text.translate(_MARKS)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))


def element_paragraphs(root: Any) -> list[str]:
    """Paragraphs of an element tree: whitespace collapsed inside lines, ``<br>`` kept as a line break."""
    paragraphs: list[str] = []
    for block in "".join(_pieces(root)).split(_BREAK_MARK):
        lines = (" ".join(line.split()) for line in block.split(_LINE_MARK))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def html_to_text(markup: str) -> str:
    """Text of an HTML fragment or page (feed items, JSONL ``"format": "html"``), paragraphs ``\\n\\n``."""
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except etree.ParserError:
        return ""
    body = root.find("body")
    return "\n\n".join(element_paragraphs(body if body is not None else root))


def _charset_codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label.startswith("utf-16") or label.startswith("utf-32"):
        return "utf-8"  # a byte-oriented prescan found it, so the bytes are not UTF-16 (WHATWG rule)
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _prescan(data: bytes) -> tuple[str | None, str | None]:
    """(declared charset, ``<html lang>``) from the start of the page, read byte-transparently."""
    head = data[:16384]
    xml = _XML_DECL.match(head)
    charset = _charset_codec(xml.group(1).decode("ascii")) if xml else None
    try:
        root = lxml.html.document_fromstring(head, parser=lxml.html.HTMLParser(encoding="iso-8859-1"))
    except (etree.ParserError, ValueError):
        return charset, None
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    for meta in root.iter("meta"):
        declared = meta.get("charset")
        if not declared and (meta.get("http-equiv") or "").strip().lower() == "content-type":
            header = Message()
            header["content-type"] = meta.get("content") or ""
            declared = header.get_content_charset()
        codec = _charset_codec(declared)
        if codec:
            return codec, lang
    return charset, lang


def decode_html(data: bytes) -> tuple[str, str | None]:
    """(page text, language): a BOM wins, then the page's declared charset, then a guess (trafilatura's)."""
    charset, lang = _prescan(data)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec if codec != "utf-8" else "utf-8-sig", errors="replace"), lang
    if charset:
        try:
            return data.decode(charset), lang
        except UnicodeDecodeError:
            pass  # the declaration lies; fall through to detection rather than fill the text with U+FFFD
    from trafilatura.utils import decode_file

    return decode_file(data), lang


@dataclass
class PageText:
    text: str
    title: str | None
    published: str | None
    authors: list[str]
    sitename: str | None
    language: str | None


_BYLINE_RESIDUE = re.compile(
    r"[\s,;:&|/.\-\u2013\u2014]*(?:(?:and|by|written|reported|words)\b[\s,;:&|/.]*)*"
)


def is_byline(paragraph: str, authors: list[str]) -> bool:
    """Whether a paragraph only states the authors ("By Jane Roe and John Doe"): it belongs in ``byline``."""
    if not authors or len(paragraph) > 200:
        return False
    residue = paragraph.lower()
    found = False
    for author in sorted(authors, key=len, reverse=True):
        name = author.lower()
        if name in residue:
            residue = residue.replace(name, " ")
            found = True
    return found and _BYLINE_RESIDUE.fullmatch(residue) is not None


def _split_authors(author: str | None) -> list[str]:
    """trafilatura joins several authors with ``;``."""
    if not author:
        return []
    out: list[str] = []
    for part in author.split(";"):
        name = " ".join(part.split())
        if name and name not in out:
            out.append(name)
    return out


def extract_page(data: bytes) -> PageText:
    """Main text and metadata of a web page; ``text`` is empty when trafilatura finds no main content."""
    import trafilatura

    markup, lang = decode_html(data)
    doc = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        # Only dates the page states as metadata: an "extensive" search picks event dates out of the prose.
        date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
    )
    if doc is None or isinstance(doc, dict):
        return PageText("", None, None, [], None, primary_language(lang) if lang else None)
    authors = _split_authors(doc.author)
    paragraphs = element_paragraphs(doc.body) if doc.body is not None else []
    paragraphs = [p for p in paragraphs if not is_byline(p, authors)]
    return PageText(
        text="\n\n".join(paragraphs),
        title=doc.title or None,
        published=doc.date or None,
        authors=authors,
        sitename=doc.sitename or None,
        language=primary_language(lang) if lang else None,
    )
