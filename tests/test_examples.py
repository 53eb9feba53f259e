"""The bundled example corpus: its files are well formed, and khabar reads all of it into a sane graph.

The corpus is the demo and the benchmark's raw material, so a broken sidecar or a feed that lost an item
would silently shrink both; the ingest test also guards the promise that reporters' names never become
entities.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser

from khabar.model import norm_name

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SIDECAR = ".meta.json"


def _texts() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))


def _sidecar(text: Path) -> dict[str, Any]:
    data = json.loads(text.with_name(text.stem + SIDECAR).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _jsonl() -> list[dict[str, Any]]:
    lines = (EXAMPLES / "briefs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _feed() -> Any:
    return feedparser.parse((EXAMPLES / "wire.rss").read_bytes())


class _HeadMeta(HTMLParser):
    """The <title> and <meta> tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("content"):
            key = a.get("name") or a.get("property")
            if key:
                self.meta[key] = a["content"] or ""
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _html_meta(path: Path) -> _HeadMeta:
    parser = _HeadMeta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _words(text: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", text).split())


def _all_bylines() -> set[str]:
    """Every reporter/editor name the corpus states as metadata (sidecars, JSONL, feed, page)."""
    names: set[str] = set()
    for text in _texts():
        meta = _sidecar(text)
        names.update(meta.get("byline") or [])
        credits = meta.get("credits") or {}
        for who in credits.values() if isinstance(credits, dict) else [credits]:
            names.update([who] if isinstance(who, str) else who)
    for obj in _jsonl():
        names.update(obj.get("byline") or [])
    for entry in _feed().entries:
        names.update(a["name"] for a in entry.get("authors") or [] if a.get("name"))
    for page in EXAMPLES.glob("*.html"):
        author = _html_meta(page).meta.get("author")
        if author:
            names.add(author)
    return names


# ------------------------------------------------------------------------------------------- shape


def test_every_text_has_a_valid_sidecar() -> None:
    texts = _texts()
    assert len(texts) >= 4
    ids: set[str] = set()
    for text in texts:
        meta = _sidecar(text)
        assert isinstance(meta.get("id"), str) and meta["id"], text.name
        assert meta["id"] not in ids, f"duplicate id {meta['id']}"
        ids.add(meta["id"])
        date.fromisoformat(meta["published"])
        assert isinstance(meta.get("title"), str) and meta["title"], text.name
        byline = meta.get("byline")
        assert isinstance(byline, list) and byline, text.name
        assert all(isinstance(n, str) and n for n in byline), text.name
        assert 150 <= _words(text.read_text(encoding="utf-8")) <= 450, text.name


def test_every_example_file_is_listed_in_the_readme() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert "CC0" in readme
    for path in EXAMPLES.iterdir():
        if path.name != "README.md" and not path.name.endswith(SIDECAR):
            assert f"`{path.name}" in readme, path.name


def test_rss_has_two_dated_items() -> None:
    feed = _feed()
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert len(feed.entries) == 2
    for entry in feed.entries:
        assert entry.get("published_parsed") is not None
        assert entry.get("title")
        assert 150 <= _words(entry.get("summary", "")) <= 450


def test_jsonl_lines_are_valid_articles() -> None:
    rows = _jsonl()
    assert len(rows) == 2
    assert len({r["id"] for r in rows}) == 2
    for row in rows:
        assert isinstance(row["id"], str) and row["id"]
        assert isinstance(row["title"], str) and row["title"]
        date.fromisoformat(row["published"])
        assert 150 <= _words(row["text"]) <= 450


def test_html_page_states_its_metadata() -> None:
    pages = sorted(EXAMPLES.glob("*.html"))
    assert len(pages) == 1
    head = _html_meta(pages[0])
    assert head.title.strip()
    assert head.meta.get("author")
    date.fromisoformat(head.meta["article:published_time"][:10])
    assert not pages[0].with_name(pages[0].stem + SIDECAR).exists(), "the page must carry its own metadata"


# ------------------------------------------------------------------------------------------- ingest


def _expected_documents() -> int:
    return len(_texts()) + len(list(EXAMPLES.glob("*.html"))) + len(_feed().entries) + len(_jsonl())


def test_ingesting_the_examples(tmp_path: Path) -> None:
    import khabar

    with khabar.Khabar(tmp_path / "k.db") as kb:
        report = kb.ingest([EXAMPLES])
        assert not report.failed, [(o.source, o.reason) for o in report.failed]
        assert not report.duplicates
        assert len(report.ingested) == _expected_documents(), report.summary()
        entities = kb.entities(limit=100_000)
        events = kb.events(limit=10)

    names = {norm_name(n) for e in entities for n in [e.name, *e.aliases]}
    for person in _all_bylines():
        key = norm_name(person)
        leaked = [n for n in names if re.search(rf"\b{re.escape(key)}\b", n)]
        assert not leaked, f"byline name {person!r} became an entity: {leaked}"

    types = {e.type for e in entities}
    for wanted in ("armed_group", "person", "country"):
        assert wanted in types, f"no {wanted} among {sorted(types)}"
    assert events, "no event extracted from the examples"
