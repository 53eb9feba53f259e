"""What keeps the web app safe with untrusted article text in it: security headers on every response
(a Content-Security-Policy that allows only the app's own scripts), a cap on request bodies, and the bearer
token that guards ingest over HTTP."""

from __future__ import annotations

import hmac
from functools import lru_cache
from importlib import resources

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "DEFAULT_MAX_BODY",
    "BodyTooLarge",
    "BodyLimit",
    "SecurityHeaders",
    "content_security_policy",
    "check_token",
]

DEFAULT_MAX_BODY = 2 * 1024 * 1024  # an article is rarely 100 kB; 2 MB leaves room and stops abuse


@lru_cache(maxsize=1)
def _style_hashes() -> tuple[str, ...]:
    """The hashes of the <style> blocks the vendored bundles inject (made by scripts/vendor_js.sh)."""
    f = resources.files("khabar.serve") / "static" / "vendor" / "csp-style-hashes.txt"
    return tuple(line.strip() for line in f.read_text(encoding="utf-8").splitlines() if line.strip())


def content_security_policy() -> str:
    """Only the app's own files run: no inline script, no eval, nothing from another origin.

    Inline <style> is refused too, except the few blocks the vendored libraries inject, allowed by hash.
    """
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' " + " ".join(_style_hashes()),
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    """Adds the security headers to every HTTP response (pure ASGI, so streaming and static files too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy().encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.headers if k not in have
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    """A request body over the limit; an HTTPException so FastAPI's body parsing passes it through as 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit} bytes")


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413: by Content-Length before reading, and by counting
    while reading (a chunked body has no length to check up front)."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send, status: int, detail: str) -> None:
        body = ('{"detail": "' + detail + '"}').encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await self._refuse(send, 400, "Content-Length is not a number")
                    return
                if declared > self.max_bytes:
                    await self._refuse(send, 413, f"request body over the limit of {self.max_bytes} bytes")
                    return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(send, 413, f"request body over the limit of {self.max_bytes} bytes")


def check_token(configured: str | None, authorization: str | None) -> tuple[int, str] | None:
    """None when the request may ingest; else (status, reason): 403 when ingest is off or the token is wrong,
    401 when no bearer token was sent."""
    if not configured:
        return 403, "ingest over HTTP is off: the server was started without an ingest token"
    if not authorization:
        return 401, "send the ingest token as 'Authorization: Bearer TOKEN'"
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return 401, "send the ingest token as 'Authorization: Bearer TOKEN'"
    if not hmac.compare_digest(token.strip().encode(), configured.encode()):
        return 403, "wrong ingest token"
    return None
