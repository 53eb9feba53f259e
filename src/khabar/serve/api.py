"""The JSON API under ``/api/``: each handler validates its parameters and makes one call into ``data``
(which calls the facade); errors become 404/422/501 in ``app``'s handlers."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import Field, ValidationError
from starlette.concurrency import run_in_threadpool

from khabar.api import ID_TAKEN, DocumentOutcome, Khabar
from khabar.model import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES
from khabar.query.filters import EventQuery
from khabar.query.lookup import EVENT_SORTS
from khabar.query.network import EVENT_EDGE_TYPES
from khabar.serve import data, models
from khabar.serve.security import check_token

__all__ = ["router", "get_kb", "DATE_PATTERN"]

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
MAX_LIMIT = 1000
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": models.Problem, "description": "not in the store"},
    422: {"model": models.Problem, "description": "a parameter is malformed"},
}


def get_kb(request: Request) -> Khabar:
    kb: Khabar = request.app.state.kb
    return kb


KB = Annotated[Khabar, Depends(get_kb)]
Limit = Annotated[models.Whole, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[models.Whole, Query(ge=0, le=10_000_000, description="items to skip")]
Since = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD; inclusive")
]
Until = Since
EventType = Annotated[str | None, Query(json_schema_extra={"enum": list(EVENT_TYPES)})]
Name = Annotated[str | None, Query(min_length=1, max_length=300, description="an entity: any alias, or e12")]
Country = Annotated[str | None, Query(min_length=1, max_length=100)]


def event_query(
    actor: Name = None,
    type: EventType = None,
    country: Country = None,
    since: Since = None,
    until: Until = None,
) -> EventQuery:
    """The event filters /api/events and /api/places share, validated once."""
    return EventQuery(type=type, actor=actor, since=since, until=until, country=country)


Filters = Annotated[EventQuery, Depends(event_query)]

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)


@router.get("/search", response_model=models.SearchResult, summary="Search actors, places and documents")
def search(
    kb: KB, q: Annotated[str, Query(min_length=1, max_length=300)], limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    return data.search(kb, q, limit=limit, offset=offset)


@router.get("/entities", response_model=models.EntityPage, summary="Entities, most mentioned first")
def entities(
    kb: KB,
    type: Annotated[str | None, Query(json_schema_extra={"enum": list(ENTITY_TYPES)})] = None,
    search: Annotated[str | None, Query(max_length=300)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return data.entities_page(kb, type=type, search=search, limit=limit, offset=offset)


@router.get(
    "/entities/{ref}", response_model=models.Dossier, summary="An entity's dossier (any alias, or its id)"
)
def dossier(
    kb: KB,
    ref: Annotated[str, Path(min_length=1, max_length=300)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    return data.dossier(kb, ref, limit=limit, offset=offset)


SORT_PATTERN = "^-?(" + "|".join(EVENT_SORTS) + ")$"
Sort = Annotated[
    str,
    Query(
        pattern=SORT_PATTERN,
        description="a column (date, type, place, country, killed, wounded); a leading '-' sorts descending",
    ),
]


def sort_order(sort: str) -> tuple[str, bool]:
    """ "-killed" → ("killed", descending)."""
    return sort.lstrip("-"), sort.startswith("-")


@router.get("/events", response_model=models.EventPage, summary="Events, newest first, with filters")
def events(
    kb: KB, query: Filters, limit: Limit = 50, offset: Offset = 0, sort: Sort = "-date"
) -> dict[str, Any]:
    column, descending = sort_order(sort)
    return data.events_page(kb, limit=limit, offset=offset, sort=column, descending=descending, **query)


@router.get(
    "/events.csv",
    summary="Every event of the filter as CSV (the events table's rows)",
    response_class=Response,
)
def events_csv(kb: KB, query: Filters, sort: Sort = "-date") -> Response:
    column, descending = sort_order(sort)
    rows = data.event_rows(kb, sort=column, descending=descending, **query)
    return Response(
        data.events_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="khabar-events.csv"'},
    )


@router.get("/events.json", summary="Every event of the filter as JSON rows (the events table's rows)")
def events_json(kb: KB, query: Filters, sort: Sort = "-date") -> JSONResponse:
    column, descending = sort_order(sort)
    rows = data.event_rows(kb, sort=column, descending=descending, **query)
    return JSONResponse(
        {"total": len(rows), "filters": {k: v for k, v in query.items() if v}, "items": rows},
        headers={"Content-Disposition": 'attachment; filename="khabar-events.json"'},
    )


@router.get(
    "/events.geojson", summary="Every located event of the filter as GeoJSON", response_class=Response
)
def events_geojson(kb: KB, query: Filters) -> Response:
    body = data.places(kb, limit=data.MAX_DOWNLOAD, **query)
    return JSONResponse(
        body,
        media_type="application/geo+json",
        headers={"Content-Disposition": 'attachment; filename="khabar-events.geojson"'},
    )


@router.get("/event-facets", summary="Counts of the filter's events by type, country, year and actor")
def event_facets(kb: KB, query: Filters) -> dict[str, Any]:
    return data.event_facets(kb, **query)


@router.get(
    "/events/{event_id}", summary="One event: place, participants, every report's figures and sentences"
)
def event(kb: KB, event_id: Annotated[models.Whole, Path(ge=1, le=2**63 - 1)]) -> dict[str, Any]:
    return data.event(kb, event_id)


@router.get("/evidence", summary="The cited sentences behind events and relations (a network edge's facts)")
def evidence(
    kb: KB,
    event: Annotated[
        list[Annotated[models.Whole, Field(ge=1, le=2**63 - 1)]] | None, Query(description="event ids (repeatable)")
    ] = None,
    relation: Annotated[
        list[Annotated[models.Whole, Field(ge=1, le=2**63 - 1)]] | None, Query(description="relation ids (repeatable)")
    ] = None,
) -> dict[str, Any]:
    return data.evidence(kb, events=event, relations=relation)


@router.get("/suggest", summary="Entities whose names start with or resemble q (autocomplete)")
def suggest(
    kb: KB,
    q: Annotated[str, Query(min_length=1, max_length=300)],
    type: Annotated[str | None, Query(json_schema_extra={"enum": list(ENTITY_TYPES)})] = None,
    limit: Annotated[models.Whole, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    return data.suggest(kb, q, type=type, limit=limit)


@router.get(
    "/timeline",
    response_model=models.TimelinePage,
    summary="Events and relation changes in date order",
    responses={501: {"model": models.Problem, "description": "this khabar has no timeline"}},
)
def timeline(
    kb: KB,
    entity: Name = None,
    type: Annotated[
        str | None,
        Query(
            description="an event type or a relation type",
            json_schema_extra={"enum": [*EVENT_TYPES, *RELATION_TYPES]},
        ),
    ] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 500,
    offset: Offset = 0,
) -> dict[str, Any]:
    return data.timeline(kb, entity=entity, since=since, until=until, type=type, limit=limit, offset=offset)


@router.get("/network", response_model=models.Network, summary="Actors and their typed, weighted ties")
def network(
    kb: KB,
    entity: Name = None,
    depth: Annotated[models.Whole, Query(ge=1, le=3)] = 1,
    type: Annotated[
        list[str] | None,
        Query(
            description="keep only these edge types (repeatable)",
            json_schema_extra={"items": {"enum": [*RELATION_TYPES, *EVENT_EDGE_TYPES]}},
        ),
    ] = None,
    events: Annotated[bool, Query(description="include ties through shared events")] = True,
    limit: Limit = 150,
    offset: Offset = 0,
) -> dict[str, Any]:
    return data.network(
        kb, entity=entity, depth=depth, types=type, include_events=events, limit=limit, offset=offset
    )


@router.get(
    "/places",
    response_model=models.Places,
    summary="Located events as GeoJSON points, with casualties",
    response_class=JSONResponse,
)
def places(kb: KB, query: Filters, limit: Limit = 500, offset: Offset = 0) -> dict[str, Any]:
    return data.places(kb, limit=limit, offset=offset, **query)


@router.get("/documents", response_model=models.DocumentPage, summary="Documents, newest first")
def documents(
    kb: KB,
    search: Annotated[str | None, Query(min_length=1, max_length=300)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return data.documents_page(kb, search=search, limit=limit, offset=offset)


@router.get(
    "/documents/{doc_id:path}",
    response_model=models.Document,
    summary="A document: text, sentences, evidence spans and mentions",
)
def document(kb: KB, doc_id: Annotated[str, Path(min_length=1, max_length=255)]) -> dict[str, Any]:
    return data.document(kb, doc_id)


@router.get(
    "/ask",
    response_model=models.Answer,
    summary="Answer a question from the store, with citations",
    responses={501: {"model": models.Problem, "description": "this khabar cannot answer questions"}},
)
def ask(kb: KB, q: Annotated[str, Query(min_length=1, max_length=500)]) -> dict[str, Any]:
    return data.ask(kb, q)


def _outcome(o: DocumentOutcome) -> dict[str, Any]:
    """An outcome for an HTTP client: how to replace a document is said in this interface's terms."""
    out = dict(o.__dict__)
    if o.code == ID_TAKEN:
        out["reason"] = f'{o.reason}; send it again with "replace": true to update it'
    return out


_ingest_lock = threading.Lock()  # one ingest at a time: the extractor and the writer are not shared safely


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """A dependency, so the token is checked before the body is validated (no token, no hints)."""
    refused = check_token(request.app.state.ingest_token, authorization)
    if refused is not None:
        status, reason = refused
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        raise HTTPException(status, reason, headers=headers)


@router.post(
    "/documents",
    response_model=models.IngestResult,
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Ingest one article (only with the server's ingest token)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": models.IngestRequest.model_json_schema()}},
        }
    },
    responses={
        401: {"model": models.Problem, "description": "no bearer token sent"},
        403: {"model": models.Problem, "description": "ingest is off, or the token is wrong"},
        409: {
            "model": models.IngestResult,
            "description": "khabar refused the document (its id is stored with other text, the text is "
            "empty, extraction failed); the outcome says why",
        },
        413: {"model": models.Problem, "description": "body over the size limit"},
    },
)
async def ingest(request: Request, kb: KB) -> Any:
    """Extract and store one article; 201 when it landed (or was already stored), 409 when khabar refused it.

    The body is read only after the token passed (the dependency), so strangers' bodies are never parsed."""
    try:
        doc = models.IngestRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from exc

    def work() -> Any:
        with _ingest_lock:
            return kb.ingest_text(
                doc.text,
                id=doc.id,
                published=doc.published,
                title=doc.title,
                byline=doc.byline,
                source=doc.source,
                replace=doc.replace,
            )

    report = await run_in_threadpool(work)
    body = {
        "summary": report.summary(),
        "ok": report.ok,
        "outcomes": [_outcome(o) for o in report.outcomes],
    }
    return JSONResponse(body, status_code=201 if report.ok else 409)
