"""URLs and feeds: ``khabar ingest https://…`` and ``khabar watch``, against a real HTTP server on 127.0.0.1.

The server is ours (``http.server`` in a thread): it serves a feed whose ETag changes when an item is added and
answers 304 to a matching ``If-None-Match``, article pages, a robots.txt that forbids one folder, and can be
told to fail. It counts every request, so a test can say what was (not) fetched. Nothing leaves the machine.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from khabar import Khabar
from khabar.cli.main import main
from khabar.errors import ConfigError, IngestError
from khabar.ingest.feeds import MAX_BACKOFF, FeedState, backoff, parse_interval
from khabar.ingest.fetch import USER_AGENT, Fetcher
from khabar.store.feeds import FeedStore

PAGES = {
    "/news/kunduz.html": (
        "Mosque bombing in Kunduz",
        "A suicide bomber attacked a Shia mosque in Kunduz on Friday, 8 October 2021, killing at least 46 "
        "worshippers, local officials said. The Islamic State-Khorasan group said it carried out the bombing.",
    ),
    "/news/peshawar.html": (
        "Blast at a Peshawar mosque",
        "A suicide bomber attacked a mosque in the Police Lines area of Peshawar on 30 January 2023, killing at "
        "least 59 people, hospital officials said.",
    ),
    "/private/secret.html": ("Not for robots", "A page robots.txt keeps khabar away from, about nothing."),
}


def _page(title: str, text: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1><p>{text}</p></article><footer>Contact us</footer></body></html>"
    ).encode()


class Site:
    """The test server's content and what it saw."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str, str | None]] = []  # guid, title, link path, full content
        self.hits: Counter[str] = Counter()
        self.statuses: list[tuple[str, int]] = []
        self.agents: set[str] = set()
        self.fail: int | None = None  # answer every request with this status
        self.robots_status = 200
        self.crawl_delay = ""
        self.times: dict[str, list[float]] = {}
        self.delay = 0.0

    def feed(self, base: str) -> tuple[bytes, str]:
        entries = []
        for guid, title, path, content in self.items:
            body = f"<content:encoded><![CDATA[<p>{content}</p>]]></content:encoded>" if content else ""
            entries.append(
                f"<item><guid>{guid}</guid><title>{title}</title><link>{base}{path}</link>"
                f"<pubDate>Fri, 08 Oct 2021 12:00:00 GMT</pubDate><description>{title} (summary)</description>"
                f"{body}</item>"
            )
        xml = (
            '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Test Wire</title><link>{base}/</link><description>ours</description>"
            f"{''.join(entries)}</channel></rss>"
        )
        return xml.encode(), f'"v{len(self.items)}"'


@pytest.fixture()
def site() -> Iterator[tuple[Site, str]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep the test output quiet
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            state.statuses.append((self.path, status))
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            state.hits[self.path] += 1
            state.times.setdefault(self.path, []).append(time.monotonic())
            state.agents.add(self.headers.get("User-Agent", ""))
            if state.delay:
                time.sleep(state.delay)
            base = f"http://{self.headers['Host']}"
            if self.path == "/robots.txt":
                rules = f"User-agent: *\nDisallow: /private/\n{state.crawl_delay}"
                self._send(state.robots_status, rules.encode())
            elif state.fail:
                self._send(state.fail, b"broken")
            elif self.path == "/feed.xml":
                body, etag = state.feed(base)
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, headers={"ETag": etag})
                else:
                    self._send(200, body, {"Content-Type": "application/rss+xml", "ETag": etag,
                                           "Last-Modified": "Fri, 08 Oct 2021 12:00:00 GMT"})  # fmt: skip
            elif self.path in PAGES:
                self._send(200, _page(*PAGES[self.path]), {"Content-Type": "text/html; charset=utf-8"})
            elif self.path == "/big.html":
                self._send(
                    200,
                    b"<html><body><p>" + b"x" * 5000 + b"</p></body></html>",
                    {"Content-Type": "text/html"},
                )
            elif self.path == "/moved":
                self._send(301, headers={"Location": "/news/kunduz.html"})
            elif self.path == "/to-private":
                self._send(302, headers={"Location": "/private/secret.html"})
            else:
                self._send(404, b"not here")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _stored(kb: Khabar) -> dict[str, str | None]:
    with kb.store.connect() as conn:
        from sqlalchemy import select

        from khabar.store import schema as t

        return {r.id: r.path for r in conn.execute(select(t.documents.c.id, t.documents.c.path))}


# -- pages ---------------------------------------------------------------------------------------------------


def test_ingest_a_page_by_its_address(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    kb = Khabar(tmp_path / "k.db")
    report = kb.ingest([f"{base}/news/kunduz.html", f"{base}/moved"])
    assert len(report.ingested) == 1 and len(report.duplicates) == 1, report.outcomes  # a redirect to it
    stored = _stored(kb)
    [(doc_id, path)] = stored.items()
    assert path == f"{base}/news/kunduz.html" and "kunduz" in doc_id
    with kb.store.connect() as conn:
        from sqlalchemy import select

        from khabar.store import schema as t

        text, title = conn.execute(select(t.documents.c.text, t.documents.c.title)).one()
    assert "suicide bomber" in text and "Contact us" not in text and title == "Mosque bombing in Kunduz"
    assert any(e.type == "attack" and e.place == "Kunduz" for e in kb.events())
    assert state.agents == {USER_AGENT} and state.hits["/robots.txt"] == 1  # robots.txt read once per host


def test_pages_robots_forbids_size_limit_and_errors_fail_alone(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    state, base = site
    kb = Khabar(tmp_path / "k.db", max_bytes=2000)
    urls = [f"{base}/private/secret.html", f"{base}/to-private", f"{base}/big.html", f"{base}/nope.html",
            f"{base}/news/peshawar.html"]  # fmt: skip
    report = kb.ingest(urls)
    reasons = {o.source: o.reason for o in report.failed}
    assert "disallows" in reasons[f"{base}/private/secret.html"]
    assert "disallows" in reasons[f"{base}/to-private"]  # a redirect is checked again
    assert "over the limit of 2000" in reasons[f"{base}/big.html"]
    assert "answered 404" in reasons[f"{base}/nope.html"]
    assert len(report.ingested) == 1 and state.hits["/private/secret.html"] == 0


def test_crawl_delay_spaces_requests(site: tuple[Site, str]) -> None:
    state, base = site
    state.crawl_delay = "Crawl-delay: 0.4\n"
    with Fetcher(max_bytes=10**6) as fetcher:
        fetcher.fetch(f"{base}/news/kunduz.html")
        fetcher.fetch(f"{base}/news/peshawar.html")
    first, second = state.times["/news/kunduz.html"][0], state.times["/news/peshawar.html"][0]
    assert second - first >= 0.35


def test_timeouts_and_unreadable_robots_fail_cleanly(site: tuple[Site, str]) -> None:
    state, base = site
    with Fetcher(max_bytes=10**6, timeout=0.3) as fetcher:
        state.delay = 1.0
        with pytest.raises(IngestError, match="timed out|could not be read"):
            fetcher.fetch(f"{base}/news/kunduz.html")
    state.delay = 0.0
    state.robots_status = 503
    with Fetcher(max_bytes=10**6) as fetcher, pytest.raises(IngestError, match="robots.txt .* answered 503"):
        fetcher.fetch(f"{base}/news/kunduz.html")
    assert state.hits["/news/kunduz.html"] == 0


# -- feeds ---------------------------------------------------------------------------------------------------


def test_ingest_a_feed_reads_each_item_whole(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    state.items = [
        ("kunduz-1", "Mosque bombing in Kunduz", "/news/kunduz.html", None),  # summary only: read the page
        ("peshawar-1", "Blast at a Peshawar mosque", "/news/peshawar.html", PAGES["/news/peshawar.html"][1]),
    ]
    kb = Khabar(tmp_path / "k.db")
    report = kb.ingest([f"{base}/feed.xml"])
    assert len(report.ingested) == 2, report.outcomes
    assert (
        state.hits["/news/kunduz.html"] == 1 and state.hits["/news/peshawar.html"] == 0
    )  # full content given
    assert set(_stored(kb).values()) == {f"{base}/news/kunduz.html", f"{base}/news/peshawar.html"}


def test_watch_ingests_new_items_once_and_unchanged_feed_is_a_304(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    state, base = site
    feed = f"{base}/feed.xml"
    state.items = [("kunduz-1", "Mosque bombing in Kunduz", "/news/kunduz.html", None)]
    every = timedelta(minutes=15)
    kb = Khabar(tmp_path / "k.db")
    [first] = kb.poll_feeds([feed], every=every)
    assert (first.status, first.new, len(first.report.ingested)) == ("new items", 1, 1)
    assert kb.poll_feeds([feed], every=every) == []  # not due for 15 minutes
    [again] = kb.poll_feeds([feed], every=every, force=True)
    assert again.status == "not modified" and state.statuses[-1] == ("/feed.xml", 304)
    assert state.hits["/news/kunduz.html"] == 1  # nothing re-fetched
    # a new item: only it is ingested (and only its page fetched)
    state.items.append(("peshawar-1", "Blast at a Peshawar mosque", "/news/peshawar.html", None))
    [third] = kb.poll_feeds([feed], every=every, force=True)
    assert (third.status, third.new, len(third.report.ingested)) == ("new items", 1, 1)
    assert state.hits["/news/kunduz.html"] == 1 and state.hits["/news/peshawar.html"] == 1
    kb.close()
    # a restart: the state is in the store, so the unchanged feed is a 304 and nothing is ingested again
    again_kb = Khabar(tmp_path / "k.db")
    [after] = again_kb.poll_feeds([feed], every=every, force=True)
    assert after.status == "not modified" and state.statuses[-1] == ("/feed.xml", 304)
    assert len(_stored(again_kb)) == 2
    saved = FeedStore(again_kb.store.engine).load(feed)
    assert saved is not None and saved.etag == '"v2"' and saved.failures == 0
    # the server forgets its ETag (a full answer): items already read stay read
    state.items.append(("kerman-1", "Kerman", "/news/kunduz.html", "Two bombs exploded in Kerman, Iran."))
    [full] = again_kb.poll_feeds([feed], every=every, force=True)
    assert (full.new, len(full.report.ingested)) == (1, 1)


def test_a_failing_feed_backs_off_and_recovers(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    feed = f"{base}/feed.xml"
    every = timedelta(minutes=10)
    kb = Khabar(tmp_path / "k.db")
    state.fail = 500
    waits = []
    for _ in range(3):
        before = datetime.now(UTC)
        [poll] = kb.poll_feeds([feed], every=every, force=True)
        assert poll.status == "error" and "500" in (poll.error or "")
        assert poll.next_poll is not None
        waits.append(round((poll.next_poll - before).total_seconds() / 60))
    assert waits == [20, 40, 80]  # doubling
    saved = FeedStore(kb.store.engine).load(feed)
    assert saved is not None and saved.failures == 3 and saved.last_status == "error"
    state.fail = None
    state.items = [("kunduz-1", "Mosque bombing in Kunduz", "/news/kunduz.html", None)]
    [ok] = kb.poll_feeds([feed], every=every, force=True)
    assert ok.status == "new items" and FeedStore(kb.store.engine).load(feed).failures == 0  # type: ignore[union-attr]
    # a feed on a port nobody listens on is an error too, not a crash
    [gone] = kb.poll_feeds(["http://127.0.0.1:9/feed.xml"], every=every, force=True)
    assert gone.status == "error"


def test_watch_loop_runs_rounds_and_stops(site: tuple[Site, str], tmp_path: Path) -> None:
    state, base = site
    state.items = [("kunduz-1", "Mosque bombing in Kunduz", "/news/kunduz.html", None)]
    kb = Khabar(tmp_path / "k.db")
    seen: list[str] = []
    kb.watch(
        [f"{base}/feed.xml"], every=timedelta(seconds=0.2), rounds=3, on_poll=lambda p: seen.append(p.status)
    )
    assert seen == ["new items", "not modified", "not modified"]
    stop = threading.Event()
    stop.set()
    kb.watch([f"{base}/feed.xml"], every=timedelta(hours=1), stop=stop)  # returns at once


def test_watch_cli(site: tuple[Site, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state, base = site
    state.items = [("kunduz-1", "Mosque bombing in Kunduz", "/news/kunduz.html", None)]
    db = str(tmp_path / "k.db")
    assert main(["--db", db, "watch", f"{base}/feed.xml", "--once"]) == 0
    assert main(["--db", db, "watch", f"{base}/feed.xml", "--once"]) == 0
    assert main(["--db", db, "watch", "feeds.txt"]) == 2
    assert "not an http(s) address" in capsys.readouterr().err
    assert main(["--db", db, "watch", f"{base}/feed.xml", "--every", "soon"]) == 2
    assert "not an interval like 15m" in capsys.readouterr().err
    state.fail = 503
    assert main(["--db", db, "watch", f"{base}/feed.xml", "--once"]) == 1
    assert main(["--db", db, "ingest", f"{base}/news/peshawar.html", "-q"]) == 1  # failing server


def test_intervals_and_backoff() -> None:
    assert parse_interval("15m") == timedelta(minutes=15)
    assert parse_interval("1h30m") == timedelta(hours=1, minutes=30)
    assert parse_interval("90s") == timedelta(seconds=90)
    for bad in ("", "0m", "15", "fast"):
        with pytest.raises(ConfigError):
            parse_interval(bad)
    every = timedelta(minutes=15)
    assert [backoff(every, n) for n in (0, 1, 2)] == [every, every * 2, every * 4]
    assert backoff(every, 50) == MAX_BACKOFF and backoff(timedelta(days=1), 3) == timedelta(days=1)
    assert FeedState("u").due(datetime.now(UTC))


def test_feed_state_on_each_backend(store_db: str) -> None:
    """The watcher's memory holds on SQLite and PostgreSQL alike: validators, failures, times, items read."""
    kb = Khabar(store_db)
    feeds = FeedStore(kb.store.engine)
    url = "http://127.0.0.1:1/feed.xml"
    assert feeds.load(url) is None and feeds.seen(url, ["a"]) == set()
    when = datetime(2024, 3, 22, 18, 0, tzinfo=UTC)
    state = FeedState(
        url, '"v1"', "Fri, 22 Mar 2024 18:00:00 GMT", 2, when, when, "error", "the server answered 500"
    )
    feeds.save(state, [("a", "doc-a"), ("b", None)])
    feeds.save(state, [("a", "doc-a")])  # saving again, an item read twice: no error, no copy
    assert feeds.load(url) == state and feeds.seen(url, ["a", "b", "c"]) == {"a", "b"}
    assert [s.url for s in feeds.all()] == [url]
    kb.close()
