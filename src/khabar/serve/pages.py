"""The HTML pages: server-rendered from the same dicts the JSON API returns (``data``), with Jinja2's
autoescaping on for everything. The timeline, network and map pages are shells whose bundled scripts fetch
``/api/...``; the URLs they fetch travel in ``data-`` attributes, never in inline script."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined

from khabar.api import Khabar
from khabar.errors import NotFoundError
from khabar.model import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES
from khabar.query.filters import EventQuery
from khabar.query.network import EVENT_EDGE_TYPES
from khabar.serve import data
from khabar.serve.api import DATE_PATTERN, KB, SORT_PATTERN, Limit, Offset, sort_order
from khabar.serve.assets import static_url

__all__ = ["router", "render", "error_page", "document_pieces", "answer_pieces"]

_env = Environment(
    loader=PackageLoader("khabar.serve", "templates"),
    autoescape=True,  # every {{ }} is escaped; article text is untrusted
    extensions=["jinja2.ext.do"],
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=_env)


def _period(start: str | None, end: str | None, as_of: str | None = None) -> str:
    if as_of and not end:
        return f"since {start}, current as of {as_of}" if start else f"current as of {as_of}"
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    return "period unknown"


def _cite_url(c: dict[str, Any]) -> str:
    return f"/documents/{quote(str(c['document']), safe='')}#s{c['start']}"


def _query(params: dict[str, Any]) -> str:
    """A query string from the params that are set (repeated keys for lists)."""
    pairs: list[tuple[str, Any]] = []
    for k, v in params.items():
        if v is None or v == "" or v == []:
            continue
        if isinstance(v, list):
            pairs += [(k, x) for x in v]
        else:
            pairs.append((k, v))
    return urlencode(pairs)


_env.filters.update(
    figure=data.figure_text, words=data.count_words, period=_period, cite_url=_cite_url, q=_query
)
_env.globals.update(
    quote=lambda s: quote(str(s), safe=""),
    static=static_url,
    ENTITY_TYPES=ENTITY_TYPES,
    EVENT_TYPES=EVENT_TYPES,
    EDGE_TYPES=(*RELATION_TYPES, *EVENT_EDGE_TYPES),
    RELATION_TYPES=RELATION_TYPES,
)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"request": request, **context}, status_code=status)


def error_page(
    request: Request, status: int, detail: str, suggestions: list[dict[str, Any]] | None = None
) -> Response:
    context = {"status": status, "detail": detail, "suggestions": suggestions or []}
    return render(request, "error.html", context, status=status)


def document_pieces(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document text cut into gaps and sentences, each sentence into plain text and entity mentions, so
    the template can mark evidence and link names without ever emitting article text as markup."""
    text: str = doc["text"]
    out: list[dict[str, Any]] = []
    pos = 0
    for s in doc["sentences"]:
        if s["start"] < pos:  # overlapping sentences: keep the first
            continue
        if s["start"] > pos:
            out.append({"gap": text[pos : s["start"]]})
        segments: list[dict[str, Any]] = []
        at = s["start"]
        for m in sorted(s["mentions"], key=lambda m: (m["start"], -m["end"])):
            if m["start"] < at or m["end"] > s["end"]:
                continue  # nested or overlapping mention: the outer one is linked
            if m["start"] > at:
                segments.append({"text": text[at : m["start"]]})
            segments.append({"text": text[m["start"] : m["end"]], "entity": m["entity"], "name": m["name"]})
            at = m["end"]
        if at < s["end"]:
            segments.append({"text": text[at : s["end"]]})
        out.append({"sentence": s, "segments": segments})
        pos = s["end"]
    if pos < len(text):
        out.append({"gap": text[pos:]})
    return out


_MARK = re.compile(r"\[(\d+)\]")


def answer_pieces(answer: str, n_citations: int) -> list[dict[str, Any]]:
    """The answer text with its "[n]" marks split out, so each becomes a link to its citation."""
    out: list[dict[str, Any]] = []
    pos = 0
    for m in _MARK.finditer(answer):
        n = int(m.group(1))
        if not 1 <= n <= n_citations:
            continue
        if m.start() > pos:
            out.append({"text": answer[pos : m.start()]})
        out.append({"cite": n})
        pos = m.end()
    if pos < len(answer):
        out.append({"text": answer[pos:]})
    return out


router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Text = Annotated[str | None, Query(max_length=300)]
Since = Annotated[str | None, Query(pattern="^$|" + DATE_PATTERN)]  # an empty form field is allowed
Blank = Annotated[str | None, Query(max_length=100)]


def _blank(v: str | None) -> str | None:
    """An empty form field means "no filter"."""
    return v.strip() or None if v is not None else None


_DATE = re.compile(DATE_PATTERN)
_SORT = re.compile(SORT_PATTERN)


class Form(dict[str, Any]):
    """The event filter form as typed: the filters that are usable (``query``) and a plain-language message for
    each field that is not (shown beside the form instead of an error page)."""

    def __init__(self, **fields: Any) -> None:
        super().__init__(**fields)
        self.errors: list[dict[str, Any]] = []

    @property
    def query(self) -> EventQuery:
        return EventQuery(**{k: self[k] for k in ("actor", "type", "country", "since", "until")})  # type: ignore[typeddict-item]


def form_filters(
    request: Request,
    kb: KB,
    actor: Text = None,
    type: Blank = None,
    country: Blank = None,
    since: Blank = None,
    until: Blank = None,
) -> Form:
    """The event filter form of the events and map pages (empty fields are no filter; a field that cannot be
    used is dropped from the query and explained)."""
    f = Form(
        actor=_blank(actor),
        type=_blank(type),
        country=_blank(country),
        since=_blank(since),
        until=_blank(until),
    )
    for name in ("since", "until"):
        v = f[name]
        if v and not _DATE.match(v):
            f.errors.append(
                {"field": name, "message": f"“{v}” is not a date. Write a year (2024), a month (2024-03) or a day "
                 f"(2024-03-22)."}
            )  # fmt: skip
            f[name] = None
    if f["since"] and f["until"] and f["since"] > f["until"] + "~":
        f.errors.append(
            {"field": "until", "message": f"“until” ({f['until']}) is before “since” ({f['since']})."}
        )
        f["until"] = None
    if f["type"] and f["type"] not in EVENT_TYPES:
        f.errors.append({"field": "type", "message": f"“{f['type']}” is not an event type."})
        f["type"] = None
    if f["actor"]:
        try:
            data.entity_brief(kb, f["actor"])
        except NotFoundError:
            f.errors.append(
                {"field": "actor", "message": f"No actor called “{f['actor']}” in the store.",
                 "suggestions": data.suggestions(kb, f["actor"])}
            )  # fmt: skip
    return f


FormFilters = Annotated[Form, Depends(form_filters)]


@router.get("/")
def search_page(request: Request, kb: KB, q: Text = None, limit: Limit = 20, offset: Offset = 0) -> Response:
    q = _blank(q)
    if q:
        return render(
            request, "search.html", {"q": q, "result": data.search(kb, q, limit=limit, offset=offset)}
        )
    top = data.entities_page(kb, type="armed_group", limit=15)
    docs = data.documents_page(kb, limit=10)
    return render(request, "search.html", {"q": "", "result": None, "top": top, "docs": docs})


@router.get("/entities/{ref}")
def entity_page(
    request: Request,
    kb: KB,
    ref: Annotated[str, Path(min_length=1, max_length=300)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    d = data.dossier(kb, ref, limit=limit, offset=offset)
    context = {"d": d, "has_timeline": hasattr(kb, "timeline"), "can_curate": _can_curate(request)}
    return render(request, "entity.html", context)


def _can_curate(request: Request) -> bool:
    """Curation forms show only where the server takes writes (it was started with a write token)."""
    return bool(getattr(request.app.state, "ingest_token", None))


@router.get("/events")
def events_page(
    request: Request,
    kb: KB,
    f: FormFilters,
    limit: Limit = 50,
    offset: Offset = 0,
    sort: Annotated[str, Query(max_length=20)] = "-date",
) -> Response:
    if not _SORT.match(sort):
        f.errors.append({"field": "sort", "message": f"Cannot sort by “{sort}”."})
        sort = "-date"
    column, descending = sort_order(sort)
    bad_actor = any(e["field"] == "actor" for e in f.errors)
    if bad_actor:
        result, facets = data.page([], 0, limit, offset), {}
    else:
        result = data.events_page(
            kb, limit=limit, offset=offset, sort=column, descending=descending, **f.query
        )
        facets = data.event_facets(kb, **f.query)
    filters = {k: v for k, v in f.query.items() if v}
    return render(
        request,
        "events.html",
        {"f": f, "filters": filters, "result": result, "facets": facets, "sort": sort, "errors": f.errors},
        status=_status(f.errors),
    )


@router.get("/events/{event_id}")
def event_page(request: Request, kb: KB, event_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> Response:
    ev = data.event(kb, event_id)
    return render(request, "event.html", {"e": ev, "can_curate": _can_curate(request)})


def _about(kb: Khabar, ref: str | None) -> dict[str, Any] | None:
    """The entity a page is centred on (its heading); an unknown name is a 404 page, not an empty view."""
    return data.entity_brief(kb, ref) if ref else None


@router.get("/timeline")
def timeline_page(
    request: Request,
    kb: KB,
    entity: Text = None,
    type: Blank = None,
    since: Since = None,
    until: Since = None,
) -> Response:
    f = {"entity": _blank(entity), "type": _blank(type), "since": _blank(since), "until": _blank(until)}
    src = "/api/timeline?" + _query({**f, "limit": 1000})
    return render(request, "timeline.html", {"f": f, "src": src, "about": _about(kb, f["entity"])})


@router.get("/network")
def network_page(
    request: Request,
    kb: KB,
    entity: Text = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    type: Annotated[list[str] | None, Query()] = None,
    events: bool = True,
    limit: Limit = 150,
) -> Response:
    f: dict[str, Any] = {"entity": _blank(entity), "depth": depth, "type": type or [], "events": events}
    src = "/api/network?" + _query({**f, "events": str(events).lower(), "limit": limit})
    return render(request, "network.html", {"f": f, "src": src, "about": _about(kb, f["entity"])})


@router.get("/map")
def map_page(request: Request, kb: KB, f: FormFilters) -> Response:
    query = dict(f.query)
    bad_actor = any(e["field"] == "actor" for e in f.errors)
    src = "/api/places?" + _query({**query, "limit": 1000})
    about = None if bad_actor or not f["actor"] else _about(kb, f["actor"])
    context = {"f": f, "src": None if bad_actor else src, "about": about, "errors": f.errors}
    return render(request, "map.html", context, status=_status(f.errors))


def _status(errors: list[dict[str, Any]]) -> int:
    """A form page with a field it could not use still renders (with the message), under an honest status:
    404 for an actor the store does not know, 422 for a malformed value."""
    if any(e["field"] == "actor" for e in errors):
        return 404
    return 422 if errors else 200


@router.get("/documents")
def documents_page(
    request: Request, kb: KB, q: Text = None, limit: Limit = 50, offset: Offset = 0
) -> Response:
    q = _blank(q)
    return render(
        request,
        "documents.html",
        {"q": q or "", "result": data.documents_page(kb, search=q, limit=limit, offset=offset)},
    )


@router.get("/documents/{doc_id:path}")
def document_page(
    request: Request, kb: KB, doc_id: Annotated[str, Path(min_length=1, max_length=255)]
) -> Response:
    doc = data.document(kb, doc_id)
    evidence = [s for s in doc["sentences"] if s["facts"]]
    return render(
        request, "document.html", {"doc": doc, "pieces": document_pieces(doc), "evidence": evidence}
    )


@router.get("/ask")
def ask_page(request: Request, kb: KB, q: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    q = _blank(q)
    if not q:
        return render(request, "ask.html", {"q": "", "answer": None})
    answer = data.ask(kb, q)
    pieces = answer_pieces(answer["answer"], len(answer["citations"]))
    events = data.answer_events(kb, answer["citations"])
    names = data.titles(kb, {c["document"] for c in answer["citations"]})
    context = {"q": q, "answer": answer, "pieces": pieces, "events": events, "titles": names}
    return render(request, "ask.html", context)
