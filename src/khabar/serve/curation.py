"""The curation API under ``/api/curation`` and ``/api/audit``: analysts' merges, splits, rejections and
corrections over HTTP, each needing the server's write token (the ingest token: ``Authorization: Bearer …``),
and the audit trail and ``explain-merge`` for everyone. Each handler makes one call into ``Khabar``; a curation
answers with its audit entry (201). See ``docs/curation.md``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from khabar.serve import models
from khabar.serve.api import KB, _ingest_lock, require_token

__all__ = ["router"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": models.Problem, "description": "no bearer token sent"},
    403: {"model": models.Problem, "description": "curation is off (no write token) or the token is wrong"},
    404: {
        "model": models.Problem,
        "description": "the event, entity, relation or audit entry is not in the store",
    },
    413: {"model": models.Problem, "description": "body over the size limit"},
    422: {"model": models.Problem, "description": "the request is malformed, or the curation cannot be made"},
}

router = APIRouter(tags=["curation"], responses=_ERRORS)
Write = [Depends(require_token)]
EventRef = Annotated[str, Path(pattern=r"^[vV]?\d{1,18}$", description="an event: v12 or 12")]
EntityRef = Annotated[str, Path(min_length=1, max_length=300, description="an entity: any name, or e12")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000, description="why (recorded in the audit)")
    who: str | None = Field(
        default=None, max_length=200, description="who curates (default: the server's user)"
    )


class MergeEvents(_Body):
    a: str = Field(pattern=r"^[vV]?\d{1,18}$", description="an event: v12")
    b: str = Field(pattern=r"^[vV]?\d{1,18}$", description="the other event: v34")


class SplitEvent(_Body):
    document: str = Field(
        min_length=1, max_length=255, description="the document whose report leaves the event"
    )


class RejectFigure(_Body):
    document: str = Field(min_length=1, max_length=255)
    field: Literal["killed", "wounded"] = "killed"
    value: int = Field(ge=0, description="the number stated (its min or max)")


class CorrectEvent(_Body):
    slot: Literal["date", "place", "killed", "wounded", "perpetrator", "type"]
    value: Any = Field(
        description='date: "2023-01-30"; place: "Peshawar" or {"name", "admin1", "country", "lat", "lon"}; '
        'killed/wounded: 84, "at least 84" or {"min", "max"}; perpetrator: an entity name or words; type: attack'
    )


class MergeEntities(_Body):
    into: str = Field(min_length=1, max_length=300, description="the entity kept: a name or e12")
    other: str = Field(min_length=1, max_length=300, description="the entity merged into it")


class Alias(_Body):
    alias: str = Field(min_length=1, max_length=300)


class AuditEntry(BaseModel):
    id: int
    at: str
    who: str
    action: str
    reason: str
    summary: str
    target: dict[str, Any]
    before: Any = None
    after: Any = None
    undo_of: int | None = None
    undone_by: int | None = None


class AuditPage(BaseModel):
    items: list[AuditEntry]
    limit: int
    offset: int


def _out(entry: Any) -> dict[str, Any]:
    return {**entry.to_dict(), "summary": entry.summary}


def _takes(model: type[BaseModel]) -> dict[str, Any]:
    """The route's documented JSON body (read by hand, after the token passed: strangers' bodies are never parsed)."""
    schema = {"application/json": {"schema": model.model_json_schema()}}
    return {"requestBody": {"required": True, "content": schema}}


async def _read(request: Request, model: type[Any]) -> Any:
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from exc


async def _write(fn: Any) -> dict[str, Any]:
    def work() -> dict[str, Any]:
        with _ingest_lock:  # one writer at a time, as for ingest
            return _out(fn())

    return await run_in_threadpool(work)


@router.post(
    "/api/curation/events/merge",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(MergeEvents),
    summary="Merge two events into one",
)
async def merge_events(kb: KB, request: Request) -> dict[str, Any]:
    body = await _read(request, MergeEvents)
    return await _write(lambda: kb.merge_events(body.a, body.b, reason=body.reason, who=body.who))


@router.post(
    "/api/curation/events/{event}/split",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(SplitEvent),
    summary="Take one document's report out of an event",
)
async def split_event(kb: KB, event: EventRef, request: Request) -> dict[str, Any]:
    body = await _read(request, SplitEvent)
    return await _write(lambda: kb.split_event(event, body.document, reason=body.reason, who=body.who))


@router.post(
    "/api/curation/events/{event}/reject",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(_Body),
    summary="Reject an event (its reports never make an event again)",
)
async def reject_event(kb: KB, event: EventRef, request: Request) -> dict[str, Any]:
    body = await _read(request, _Body)
    return await _write(lambda: kb.reject("event", event, reason=body.reason, who=body.who))


@router.post(
    "/api/curation/events/{event}/figures/reject",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(RejectFigure),
    summary="Reject one report's casualty figure of an event",
)
async def reject_figure(kb: KB, event: EventRef, request: Request) -> dict[str, Any]:
    body = await _read(request, RejectFigure)
    return await _write(
        lambda: kb.reject(
            "figure",
            event,
            reason=body.reason,
            who=body.who,
            document=body.document,
            field=body.field,
            value=body.value,
        )
    )


@router.post(
    "/api/curation/events/{event}/correct",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(CorrectEvent),
    summary="Correct an event's date, place, toll, perpetrator or type",
)
async def correct_event(kb: KB, event: EventRef, request: Request) -> dict[str, Any]:
    body = await _read(request, CorrectEvent)
    return await _write(
        lambda: kb.correct_event(event, body.slot, body.value, reason=body.reason, who=body.who)
    )


@router.post(
    "/api/curation/relations/{relation}/reject",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(_Body),
    summary="Reject a relation (no later report brings it back)",
)
async def reject_relation(
    kb: KB,
    relation: Annotated[str, Path(pattern=r"^[rR]?\d{1,18}$", description="a relation: r5")],
    request: Request,
) -> dict[str, Any]:
    body = await _read(request, _Body)
    return await _write(lambda: kb.reject("relation", relation, reason=body.reason, who=body.who))


@router.post(
    "/api/curation/entities/merge",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(MergeEntities),
    summary="Merge one entity into another",
)
async def merge_entities(kb: KB, request: Request) -> dict[str, Any]:
    body = await _read(request, MergeEntities)
    return await _write(lambda: kb.merge_entities(body.into, body.other, reason=body.reason, who=body.who))


@router.post(
    "/api/curation/entities/{entity}/aliases",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(Alias),
    summary="Give an entity another name",
)
async def add_alias(kb: KB, entity: EntityRef, request: Request) -> dict[str, Any]:
    body = await _read(request, Alias)
    return await _write(lambda: kb.add_alias(entity, body.alias, reason=body.reason, who=body.who))


@router.post(
    "/api/curation/entities/{entity}/aliases/reject",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(Alias),
    summary="Reject one of an entity's names",
)
async def reject_alias(kb: KB, entity: EntityRef, request: Request) -> dict[str, Any]:
    body = await _read(request, Alias)
    return await _write(
        lambda: kb.reject("alias", entity, alias=body.alias, reason=body.reason, who=body.who)
    )


@router.get("/api/audit", response_model=AuditPage, summary="Every curation, newest first")
def audit(
    kb: KB,
    limit: Annotated[models.Whole, Query(ge=1, le=1000)] = 50,
    offset: Annotated[models.Whole, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    return {
        "items": [_out(e) for e in kb.audit(limit=limit, offset=offset)],
        "limit": limit,
        "offset": offset,
    }


@router.get("/api/audit/{audit_id}", response_model=AuditEntry, summary="One curation")
def audit_entry(kb: KB, audit_id: Annotated[models.Whole, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    return _out(kb.audit_entry(audit_id))


@router.post(
    "/api/audit/{audit_id}/undo",
    response_model=AuditEntry,
    status_code=201,
    dependencies=Write,
    openapi_extra=_takes(_Body),
    summary="Reverse a curation (undoing an undo puts it back)",
)
async def undo(kb: KB, audit_id: Annotated[models.Whole, Path(ge=1, le=2**62)], request: Request) -> dict[str, Any]:
    body = await _read(request, _Body)
    return await _write(lambda: kb.undo(audit_id, reason=body.reason, who=body.who))


@router.get("/api/explain-merge", summary="Why two events or two entities are one, or are not")
def explain_merge(
    kb: KB,
    a: Annotated[str, Query(min_length=1, max_length=300, description="an event (v12) or an entity")],
    b: Annotated[str, Query(min_length=1, max_length=300, description="another event or entity")],
) -> dict[str, Any]:
    result: dict[str, Any] = kb.explain_merge(a, b)
    return result
