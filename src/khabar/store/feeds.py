"""Feed state in the store: what ``khabar watch`` remembers between polls and between runs.

Timestamps are ISO 8601 text in UTC, like every date in the store, so both backends sort and compare them alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from khabar.errors import StoreError
from khabar.ingest.feeds import FeedState
from khabar.store import schema as t
from khabar.store.engine import error_text
from khabar.store.portable import insert_missing

__all__ = ["FeedStore"]

_CHUNK = 500


def _text(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class FeedStore:
    """Load and save feeds' state and the keys of the items already read."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def load(self, url: str) -> FeedState | None:
        try:
            with self.engine.connect() as conn:
                row = conn.execute(select(t.feeds).where(t.feeds.c.url == url)).first()
        except SQLAlchemyError as exc:
            raise StoreError(f"could not read the state of feed {url}: {error_text(exc)}") from exc
        if row is None:
            return None
        return FeedState(
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            failures=row.failures,
            next_poll=_moment(row.next_poll),
            last_poll=_moment(row.last_poll),
            last_status=row.last_status,
            last_error=row.last_error,
        )

    def all(self) -> list[FeedState]:
        """Every feed ever watched, by address."""
        with self.engine.connect() as conn:
            urls = list(conn.execute(select(t.feeds.c.url).order_by(t.feeds.c.url)).scalars())
        return [s for u in urls if (s := self.load(u)) is not None]

    def save(self, state: FeedState, read: Iterable[tuple[str, str | None]] = ()) -> None:
        """Store a feed's state and mark items read (``(item key, document id)``), in one transaction."""
        values = {
            "etag": state.etag,
            "last_modified": state.last_modified,
            "failures": state.failures,
            "next_poll": _text(state.next_poll),
            "last_poll": _text(state.last_poll),
            "last_status": state.last_status,
            "last_error": state.last_error,
        }
        now = _text(datetime.now(UTC))
        rows = [{"feed_url": state.url, "item_key": k, "document_id": d, "seen_at": now} for k, d in read]
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(t.feeds.c.url).where(t.feeds.c.url == state.url)).first() is None:
                    conn.execute(insert(t.feeds).values(url=state.url, **values))
                else:
                    conn.execute(update(t.feeds).where(t.feeds.c.url == state.url).values(**values))
                insert_missing(conn, t.feed_items, rows)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not save the state of feed {state.url}: {error_text(exc)}") from exc

    def seen(self, url: str, keys: list[str]) -> set[str]:
        """Which of these item keys were read before."""
        found: set[str] = set()
        try:
            with self.engine.connect() as conn:
                for i in range(0, len(keys), _CHUNK):
                    q = select(t.feed_items.c.item_key).where(
                        t.feed_items.c.feed_url == url, t.feed_items.c.item_key.in_(keys[i : i + _CHUNK])
                    )
                    found.update(conn.execute(q).scalars())
        except SQLAlchemyError as exc:
            raise StoreError(f"could not read the items of feed {url}: {error_text(exc)}") from exc
        return found
