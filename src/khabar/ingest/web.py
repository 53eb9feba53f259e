"""Web pages and feeds as ``RawDocument``s: what ``khabar ingest https://…`` and ``khabar watch`` read.

A page is its main text (trafilatura, as for saved HTML files). A feed is its items; an item whose feed carries
only a summary is read from the page it links to (robots.txt permitting), falling back to the summary, so a
report is stored whole whichever kind of feed announced it. A document's id is a slug of its address (an item's
of its guid or link, the same rule as for a saved feed file) and its ``path`` is the address itself.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from khabar.errors import IngestError
from khabar.ingest.discover import Kind
from khabar.ingest.fetch import Fetched, Fetcher
from khabar.ingest.htmltext import extract_page, html_to_text

# The feed and file readers' own helpers, so a live feed reads exactly as the same feed saved to a file.
from khabar.ingest.readers import (
    IngestResult,
    _binary_kind,
    _entry_authors,
    _entry_text,
    _slug,
    _sniff,
    _struct_date,
)
from khabar.ingest.sidecar import parse_date, primary_language
from khabar.model import RawDocument

__all__ = ["FeedItem", "page_document", "feed_items", "item_document", "read_urls", "is_feed"]


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed. ``key`` (its guid, else its link) says whether it is new."""

    key: str
    doc_id: str
    link: str | None
    title: str | None
    published: date | None
    text: str
    full: bool  # the feed carries the item's full content, not just a summary
    source: str | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)


def is_feed(fetched: Fetched) -> bool:
    mime = fetched.content_type.split(";")[0].strip().lower()
    if mime in (
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
    ):
        return True
    return _sniff(fetched.content) is Kind.FEED


def _page_date(value: str | None) -> date | None:
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def page_document(
    fetched: Fetched, *, doc_id: str | None = None, published: date | None = None
) -> RawDocument:
    """A fetched page's main text as a document; IngestError when it has none."""
    binary = _binary_kind(fetched.content)
    if binary:
        raise IngestError(fetched.url, f"not a web page ({binary})")
    page = extract_page(fetched.content)
    if not page.text.strip():
        raise IngestError(fetched.url, "the page has no main text")
    return RawDocument(
        id=doc_id or _slug(fetched.url),
        text=page.text,
        title=page.title,
        published=published or _page_date(page.published),
        byline=list(page.authors or []),
        source=page.sitename,
        language=page.language,
        path=fetched.url,
    )


def feed_items(fetched: Fetched) -> Iterator[FeedItem | IngestError]:
    """The items of a fetched feed, in the feed's order; an item that cannot be read is an IngestError."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(fetched.content))
    entries = parsed.get("entries") or []
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        yield IngestError(fetched.url, "not a readable RSS or Atom feed")
        return
    feed = parsed.get("feed") or {}
    title = " ".join(str(feed.get("title") or "").split()) or None
    language = primary_language(str(feed.get("language"))) if feed.get("language") else None
    for number, entry in enumerate(entries, start=1):
        try:
            key = str(entry.get("id") or entry.get("link") or "")
            if not key:
                yield IngestError(f"{fetched.url}#{number}", "feed item has neither a guid nor a link")
                continue
            link = entry.get("link") or None
            name = entry.get("title") or None
            if name and "html" in ((entry.get("title_detail") or {}).get("type") or ""):
                name = html_to_text(name).replace("\n", " ") or None
            yield FeedItem(
                key=key,
                doc_id=_slug(key),
                link=str(link) if link else None,
                title=name,
                published=_struct_date(entry),
                text=_entry_text(entry),
                full=bool(entry.get("content")),
                source=title,
                language=language,
                authors=_entry_authors(entry),
            )
        except Exception as exc:  # one odd item must not lose the rest of the feed
            yield IngestError(f"{fetched.url}#{number}", f"{type(exc).__name__}: {exc}")


def item_document(
    item: FeedItem, fetcher: Fetcher | None, *, published: date | None = None
) -> RawDocument | IngestError:
    """An item as a document: its feed's full content, else the page it links to (when ``fetcher`` is given),
    else its summary. Its date, title and authors are the feed's, the page's where the feed has none."""
    text, page = item.text, None
    if fetcher is not None and not item.full and item.link:
        try:
            page = page_document(fetcher.fetch(item.link), doc_id=item.doc_id)
            text = page.text
        except IngestError as exc:
            if not item.text.strip():
                return IngestError(item.link, exc.reason)
    if not text.strip():
        return IngestError(item.link or item.key, "feed item has no text")
    return RawDocument(
        id=item.doc_id,
        text=text,
        title=item.title or (page.title if page else None),
        published=published or item.published or (page.published if page else None),
        byline=item.authors or (page.byline if page else []),
        source=item.source or (page.source if page else None),
        language=item.language or (page.language if page else None),
        path=item.link or item.key,
    )


def read_urls(
    urls: Iterable[str], fetcher: Fetcher, *, published: date | None = None, follow: bool = True
) -> Iterator[IngestResult]:
    """The documents at these addresses: a page is one document, a feed one per item (following each item's
    link where the feed has only a summary, unless ``follow`` is off). Failures are yielded, not raised."""
    for url in urls:
        try:
            fetched = fetcher.fetch(url)
            if not is_feed(fetched):
                yield page_document(fetched, published=published)
                continue
        except IngestError as exc:
            yield exc
            continue
        for item in feed_items(fetched):
            if isinstance(item, IngestError):
                yield item
            else:
                yield item_document(item, fetcher if follow else None, published=published)
