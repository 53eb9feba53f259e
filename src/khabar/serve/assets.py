"""Static files served fast and safely cached: every page links its scripts and styles as
``/static/PATH?v=HASH`` (the file's content hash), which the browser may keep for a year (``immutable``);
a changed file gets a new URL. Unversioned requests are revalidated each time. Bodies are compressed (brotli
where the browser takes it, else gzip) by ``compressed``."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["STATIC_DIR", "static_url", "asset_version", "CacheStatic", "compressed"]

STATIC_DIR = Path(str(resources.files("khabar.serve") / "static"))
LONG = b"public, max-age=31536000, immutable"
REVALIDATE = b"no-cache"


@lru_cache(maxsize=512)
def asset_version(path: str) -> str:
    """The first 12 hex digits of the file's SHA-256 (a missing file gets "0": its URL will 404 anyway)."""
    f = (STATIC_DIR / path).resolve()
    if not f.is_relative_to(STATIC_DIR.resolve()) or not f.is_file():
        return "0"
    return hashlib.sha256(f.read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    """``/static/js/map.js?v=3f2a…``: the URL pages use, so a cached copy is never stale."""
    path = path.lstrip("/")
    return f"/static/{path}?v={asset_version(path)}"


class CacheStatic:
    """Cache-Control for /static: a year and ``immutable`` when the URL carries the file's current version,
    ``no-cache`` (revalidate by ETag) otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith("/static/"):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        wanted = dict(p.partition("=")[::2] for p in query.split("&") if p).get("v")
        value = LONG if wanted and wanted == asset_version(path[len("/static/") :]) else REVALIDATE

        async def send_cached(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status") in (200, 304):
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message["headers"] = headers + [(b"cache-control", value)]
            await send(message)

        await self.app(scope, receive, send_cached)


def compressed(app: ASGIApp) -> ASGIApp:
    """Brotli for browsers that accept it, gzip for the rest (brotli-asgi); small bodies go as they are."""
    from brotli_asgi import BrotliMiddleware

    return BrotliMiddleware(app, quality=5, minimum_size=512, gzip_fallback=True)
