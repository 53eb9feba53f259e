"""Following a feed: one poll with a conditional GET, which items are new, and when to poll next.

The state of a feed (its ETag and Last-Modified, how many polls in a row failed, when it is next due) is kept in
the store between polls and between runs (``store.feeds``), so a restarted watcher neither fetches an unchanged
feed in full nor ingests an item twice. A failing feed is polled less and less often (the interval doubles with
each failure in a row, up to ``MAX_BACKOFF``) and back at its interval after the first success.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from khabar.errors import ConfigError, IngestError
from khabar.ingest.fetch import Fetcher
from khabar.ingest.web import FeedItem, feed_items, is_feed

__all__ = ["FeedState", "PollResult", "poll_feed", "backoff", "parse_interval", "MAX_BACKOFF"]

MAX_BACKOFF = timedelta(hours=6)
_INTERVAL = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$", re.IGNORECASE)


def parse_interval(text: str) -> timedelta:
    """ "15m", "1h", "90s", "1h30m" as a timedelta; ConfigError for anything else or for zero."""
    m = _INTERVAL.match(text)
    if not m or not any(m.groups()):
        raise ConfigError(f"not an interval like 15m, 1h or 90s: {text!r}")
    hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
    value = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if value <= timedelta(0):
        raise ConfigError(f"the interval must be more than nothing: {text!r}")
    return value


@dataclass(frozen=True)
class FeedState:
    """What khabar remembers of a feed between polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # polls in a row that failed
    next_poll: datetime | None = None  # None: due now
    last_poll: datetime | None = None
    last_status: str | None = None  # new items | not modified | unchanged | error
    last_error: str | None = None

    def due(self, now: datetime) -> bool:
        return self.next_poll is None or self.next_poll <= now


@dataclass
class PollResult:
    """One poll: what happened, the items not seen before, and the feed's state after it."""

    url: str
    status: str  # new items | unchanged | not modified | error
    state: FeedState
    items: list[FeedItem] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)  # items that could not be read
    error: str | None = None


def backoff(every: timedelta, failures: int) -> timedelta:
    """The wait after ``failures`` failed polls in a row: the interval doubled for each, at most MAX_BACKOFF
    (never less than the interval itself)."""
    if failures <= 0:
        return every
    return max(every, min(every * (2 ** min(failures, 20)), MAX_BACKOFF))


def poll_feed(
    fetcher: Fetcher,
    state: FeedState,
    seen: Callable[[list[str]], set[str]],
    *,
    every: timedelta,
    now: datetime | None = None,
) -> PollResult:
    """Fetch the feed conditionally and return its new items (those ``seen`` does not know) and its new state.

    Never raises for the feed's own failures: an unreachable, failing or malformed feed is a result with status
    ``error`` and a longer wait before the next poll."""
    now = now or datetime.now(UTC)
    try:
        fetched = fetcher.fetch(state.url, etag=state.etag, last_modified=state.last_modified)
        if fetched.not_modified:
            after = replace(state, failures=0, next_poll=now + every, last_poll=now, last_status="not modified",
                            last_error=None)  # fmt: skip
            return PollResult(state.url, "not modified", after)
        if not is_feed(fetched):
            raise IngestError(state.url, "not an RSS or Atom feed")
        parsed = list(feed_items(fetched))
    except IngestError as exc:
        failures = state.failures + 1
        after = replace(state, failures=failures, next_poll=now + backoff(every, failures), last_poll=now,
                        last_status="error", last_error=exc.reason)  # fmt: skip
        return PollResult(state.url, "error", after, error=exc.reason)
    items = [i for i in parsed if isinstance(i, FeedItem)]
    errors = [i for i in parsed if isinstance(i, IngestError)]
    if not items and errors:
        failures = state.failures + 1
        after = replace(state, failures=failures, next_poll=now + backoff(every, failures), last_poll=now,
                        last_status="error", last_error=errors[0].reason)  # fmt: skip
        return PollResult(state.url, "error", after, errors=errors, error=errors[0].reason)
    known = seen([i.key for i in items])
    fresh = list({i.key: i for i in items if i.key not in known}.values())
    status = "new items" if fresh else "unchanged"
    after = FeedState(state.url, fetched.etag, fetched.last_modified, 0, now + every, now, status, None)
    return PollResult(state.url, status, after, fresh, errors)
