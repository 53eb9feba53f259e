"""A cache of the JSON API's read answers, valid exactly while the store is unchanged.

Twenty analysts clicking through the same few dossiers make the server build the same answer twenty times; the
answer depends only on the URL and the store, so it is kept, keyed on the URL, the Accept-Encoding it was
compressed for, and ``StoreVersion`` (which moves with every commit by any process: an ingest, a curation).
Only ``GET /api/...`` answers with status 200 are kept; everything else passes through. The version is read before the answer is built, so an answer can only be newer
than its key, never older: a write during the build makes the next request miss. Where the backend cannot report
its version cheaply (PostgreSQL), nothing is cached.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ResponseCache", "DEFAULT_CACHE_BYTES"]

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
_MAX_SHARE = 8  # one answer may take at most this share of the cache


class ResponseCache:
    """Pure ASGI middleware; ``app.state.kb`` is the store it watches. ``max_bytes=0`` turns it off."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.entries: OrderedDict[bytes, tuple[int, list[Message]]] = OrderedDict()
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._version: Any = None

    async def _store_version(self, scope: Scope) -> int | None:
        if self._version is None:
            from khabar.store.engine import StoreVersion

            scope["app"].state.response_cache = self  # for tests and the curious: hits, misses, size
            kb = scope["app"].state.kb
            engine = await anyio.to_thread.run_sync(lambda: kb.store.engine)  # the first use opens the store
            self._version = StoreVersion(engine)
        version: int | None = self._version()
        return version

    def _forget(self, key: bytes) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= sum(len(m.get("body", b"")) for m in old[1])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            self.max_bytes <= 0
            or scope["type"] != "http"
            or scope.get("method") != "GET"
            or not path.startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        version = await self._store_version(scope)
        if version is None:
            await self.app(scope, receive, send)
            return
        # the answer is compressed by a layer inside this one, so each Accept-Encoding has its own entry
        encoding = next((v for k, v in scope.get("headers", []) if k == b"accept-encoding"), b"")
        key = b"%s?%s|%s" % (path.encode(), scope.get("query_string", b""), encoding)
        found = self.entries.get(key)
        if found is not None and found[0] == version:
            self.entries.move_to_end(key)
            self.hits += 1
            for message in found[1]:
                await send(dict(message))
            return
        self.misses += 1
        self._forget(key)
        kept: list[Message] = []
        size = 0
        keep = True

        async def recording_send(message: Message) -> None:
            nonlocal keep, size
            if keep:
                if message["type"] == "http.response.start" and message.get("status") != 200:
                    keep = False
                size += len(message.get("body", b""))
                if size > self.max_bytes // _MAX_SHARE:
                    keep = False
                if keep:
                    kept.append(dict(message))  # a copy: outer layers add headers to the one they are sent
                else:
                    kept.clear()
            await send(message)

        await self.app(scope, receive, recording_send)
        complete = bool(kept) and kept[-1]["type"] == "http.response.body" and not kept[-1].get("more_body")
        if keep and complete:
            self.entries[key] = (version, kept)
            self.size += size
            while self.size > self.max_bytes and self.entries:
                self._forget(next(iter(self.entries)))
