"""Fetching pages and feeds over HTTP, politely: only when a user names a URL (khabar is offline otherwise).

Polite means: a user agent that says what khabar is, robots.txt obeyed (each host's read once per fetcher and
refreshed daily; a host whose robots.txt cannot be read for a server error is not fetched, as RFC 9309 says; its
``Crawl-delay`` kept between requests, up to 30 seconds),
timeouts on connecting and reading, a size limit enforced while the body streams in, redirects followed only a
few times and each hop checked again, and conditional requests (``If-None-Match``/``If-Modified-Since``) so an
unchanged feed costs the server a 304. Every failure is an ``IngestError`` naming the URL and saying why.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from khabar.errors import IngestError

__all__ = ["Fetcher", "Fetched", "is_url", "USER_AGENT", "ROBOTS_TOKEN"]


def _version() -> str:
    try:
        return metadata.version("khabar")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "dev"


ROBOTS_TOKEN = "khabar"
USER_AGENT = (
    f"khabar/{_version()} (news reader for an offline knowledge graph of armed conflict; obeys robots.txt)"
)
_URL = re.compile(r"^https?://", re.IGNORECASE)
_MAX_REDIRECTS = 5
_ROBOTS_MAX_BYTES = 512 * 1024
_ROBOTS_TTL = 24 * 3600.0
_MAX_CRAWL_DELAY = 30.0  # a robots.txt asking for more is honoured at this


def is_url(value: object) -> bool:
    """Whether a command-line argument is a web address (http or https) rather than a path."""
    return isinstance(value, str) and bool(_URL.match(value))


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes


@dataclass(frozen=True)
class Fetched:
    """One response: ``status`` 200 with ``content``, or 304 (not modified) with none."""

    url: str  # the address asked for
    final_url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """An HTTP client with khabar's manners. Use as a context manager, or ``close()`` it."""

    def __init__(
        self,
        *,
        max_bytes: int,
        timeout: float = 20.0,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            transport=transport,
        )
        self._robots: dict[str, tuple[float, Protego | None]] = {}
        self._last: dict[str, float] = {}  # origin -> when it was last asked for a page

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- robots.txt --------------------------------------------------------------------------------------
    def _rules(self, url: str) -> Protego | None:
        """The host's robots.txt rules; None where it has none (anything may be fetched). Raises IngestError
        where the host cannot say (a server error or no answer): then nothing there is fetched."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is not None and time.monotonic() - cached[0] < _ROBOTS_TTL:
            return cached[1]
        try:
            response = self._get(origin + "/robots.txt", {}, _ROBOTS_MAX_BYTES)
        except IngestError as exc:
            raise IngestError(
                url, f"robots.txt of {origin} could not be read ({exc.reason}); not fetched"
            ) from exc
        if response.status >= 500:
            raise IngestError(url, f"robots.txt of {origin} answered {response.status}; not fetched")
        rules = None
        if response.status == 200:
            rules = Protego.parse(response.body.decode("utf-8", errors="replace"))
        self._robots[origin] = (time.monotonic(), rules)
        return rules

    def allowed(self, url: str) -> bool:
        rules = self._rules(url)
        return rules is None or bool(rules.can_fetch(url, ROBOTS_TOKEN))

    def _pace(self, url: str) -> None:
        """Wait out the host's ``Crawl-delay`` since the last request khabar made there."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(origin, (0.0, None))[1]
        delay = min(float(rules.crawl_delay(ROBOTS_TOKEN) or 0.0), _MAX_CRAWL_DELAY) if rules else 0.0
        wait = self._last.get(origin, -1e9) + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[origin] = time.monotonic()

    # -- fetching ----------------------------------------------------------------------------------------
    def _get(self, url: str, headers: dict[str, str], limit: int) -> _Answer:
        """One GET, its body read up to ``limit`` bytes; no redirects."""
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise IngestError(url, f"response is {declared} bytes, over the limit of {limit}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise IngestError(url, f"response is over the limit of {limit} bytes")
                return _Answer(response.status_code, response.reason_phrase, response.headers, bytes(body))
        except httpx.TimeoutException as exc:
            raise IngestError(url, f"timed out ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise IngestError(url, f"could not be fetched: {exc}") from exc

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` (following up to five redirects, each hop allowed by robots.txt), conditionally where
        ``etag``/``last_modified`` are given. A 304 comes back as ``Fetched`` with status 304; any other
        answer but 200 is an IngestError."""
        if not is_url(url):
            raise IngestError(url, "not an http(s) address")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(_MAX_REDIRECTS + 1):
            if not self.allowed(current):
                raise IngestError(url, f"robots.txt of {urlsplit(current).netloc} disallows {current}")
            self._pace(current)
            response = self._get(current, headers, self.max_bytes)
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                current = urljoin(current, response.headers["Location"])
                if not is_url(current):
                    raise IngestError(url, f"redirected to {current}, not an http(s) address")
                continue
            if response.status == 304:
                return Fetched(url, current, 304, etag=etag, last_modified=last_modified)
            if response.status != 200:
                raise IngestError(url, f"the server answered {response.status} {response.reason}")
            return Fetched(
                url,
                current,
                200,
                response.body,
                response.headers.get("Content-Type", ""),
                response.headers.get("ETag"),
                response.headers.get("Last-Modified"),
            )
        raise IngestError(url, f"more than {_MAX_REDIRECTS} redirects")
