"""``create_app(kb)``: the web app over one khabar store — JSON API, HTML pages, bundled static files.

Everything it serves comes from this package (templates, scripts, the vendored libraries with Swagger UI for
``/docs``, a world outline): a page never loads anything from the network.
"""

from __future__ import annotations

import ast
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from khabar.api import Khabar
from khabar.errors import KhabarError, NotFoundError, QueryError
from khabar.serve import api, curation, data, pages
from khabar.serve.api import DATE_PATTERN
from khabar.serve.assets import STATIC_DIR, CacheStatic, compressed
from khabar.serve.cache import DEFAULT_CACHE_BYTES, ResponseCache
from khabar.serve.security import DEFAULT_MAX_BODY, BodyLimit, SecurityHeaders
from khabar.store.engine import POOL_SIZE

__all__ = ["create_app", "STATIC_DIR"]


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("khabar")
    except Exception:  # noqa: BLE001 - running from a source tree that was never installed
        return "0"


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi.json"))


def _validation_message(errors: Sequence[Any]) -> str:
    """One line per bad parameter: "query.limit: Input should be less than or equal to 1000"."""
    lines = []
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()))
        msg = e.get("msg", "invalid")
        if e.get("type") == "string_pattern_mismatch" and str(
            (e.get("ctx") or {}).get("pattern", "")
        ).endswith(DATE_PATTERN):
            msg = f"“{e.get('input')}” is not a date: write a year (2024), a month (2024-03) or a day (2024-03-22)"
        lines.append(f"{where}: {msg}")
    return "; ".join(lines) or "invalid request"


_UNKNOWN = re.compile(r"^no entity called (?P<name>'.*'|\".*\") in the store$")


def _unknown_name(message: str) -> str | None:
    """The name in "no entity called 'X' in the store" (NotFoundError's wording), else None."""
    m = _UNKNOWN.match(message)
    if not m:
        return None
    try:
        value = ast.literal_eval(m.group("name"))
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


@asynccontextmanager
async def _threads_sized_to_the_machine(app: FastAPI) -> AsyncIterator[None]:
    """Handlers run in anyio's thread pool; as many threads as the store has connections (``POOL_SIZE``, 4 per
    CPU), so no request waits for a connection and the GIL is not passed among 40 threads."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = POOL_SIZE
    yield


def create_app(
    kb: Khabar,
    *,
    ingest_token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
) -> FastAPI:
    """The web app over ``kb``. Read-only unless ``ingest_token`` is set: then ``POST /api/documents`` with
    ``Authorization: Bearer <token>`` ingests one article. Bodies over ``max_body_bytes`` get 413. Read answers
    of the JSON API are cached while the store is unchanged, up to ``cache_bytes`` (0: no cache)."""
    app = FastAPI(
        lifespan=_threads_sized_to_the_machine,
        title="khabar",
        version=_version(),
        description="An evidence-linked knowledge graph of armed actors and events, read from news articles. "
        "Every list takes `limit`/`offset` and reports its `total`.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.kb = kb
    app.state.ingest_token = ingest_token or None

    def problem(request: Request, status: int, detail: str) -> Response:
        if _wants_html(request):
            return pages.error_page(request, status, detail)
        return JSONResponse({"detail": detail}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors = jsonable_encoder(exc.errors(), exclude={"ctx", "url", "input"})
        message = _validation_message(exc.errors())
        if _wants_html(request):
            return pages.error_page(request, 422, message)
        return JSONResponse({"detail": message, "errors": errors}, status_code=422)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        """A name the store does not know gets the names closest to it ("did you mean …?")."""
        name = _unknown_name(str(exc))
        close = data.suggestions(kb, name) if name else []
        if _wants_html(request):
            return pages.error_page(request, 404, str(exc), suggestions=close)
        body: dict[str, Any] = {"detail": str(exc)}
        if name is not None:
            body["suggestions"] = close
        return JSONResponse(body, status_code=404)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return problem(request, 422, str(exc))

    @app.exception_handler(KhabarError)
    async def khabar_failed(request: Request, exc: KhabarError) -> Response:
        return problem(request, 500, f"{type(exc).__name__}: {exc}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        if _wants_html(request):
            return pages.error_page(request, exc.status_code, detail)
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> Response:
        """Swagger UI (vendored swagger-ui-dist), started by a static script: no inline JS, no CDN."""
        return pages.render(request, "docs.html", {})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(curation.router)
    app.include_router(pages.router)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(compressed)
    app.add_middleware(CacheStatic)
    app.add_middleware(ResponseCache, max_bytes=cache_bytes)  # outside compression: keeps the compressed answer
    app.add_middleware(SecurityHeaders)  # added last: outermost, so even a 413 carries the headers
    return app
