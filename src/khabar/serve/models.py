"""The JSON API's shapes (pydantic), so ``/openapi.json`` describes every answer and request exactly and the
schema tests can check responses against it."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from khabar.ingest.ids import MAX_ID_CHARS, check_id

__all__ = [
    "Count",
    "Citation",
    "Participant",
    "Entity",
    "EntityPage",
    "Event",
    "EventPage",
    "DocumentRow",
    "DocumentPage",
    "SearchResult",
    "Relation",
    "RelationSection",
    "DossierEvent",
    "DossierEventPage",
    "Dossier",
    "Document",
    "Network",
    "Places",
    "TimelinePage",
    "Answer",
    "IngestRequest",
    "IngestResult",
    "Problem",
]


class Problem(BaseModel):
    """Every error: a human-readable ``detail`` (422s add the failing ``errors``)."""

    detail: str
    errors: list[dict[str, Any]] | None = None


class _Page(BaseModel):
    total: int = Field(description="matches in all, not just this page")
    limit: int
    offset: int


class Count(BaseModel):
    """A figure as a range: "at least 137" is min 137, max null."""

    min: int | None
    max: int | None


class Citation(BaseModel):
    document: str
    text: str
    start: int = Field(description="character offset of the sentence in the document text")
    end: int
    published: str | None = None


class Participant(BaseModel):
    role: str
    name: str | None
    entity: int | None = Field(default=None, description="the participant's entity, where it is one")


class Entity(BaseModel):
    id: int
    name: str
    type: str
    aliases: list[str]
    mentions: int
    documents: int


class EntityPage(_Page):
    items: list[Entity]


class Event(BaseModel):
    id: int
    type: str
    subtype: str | None
    date_start: str | None
    date_end: str | None
    precision: str | None
    place: str | None
    country: str | None
    participants: list[Participant]
    killed: Count | None
    wounded: Count | None


class EventPage(_Page):
    items: list[Event]


class DocumentRow(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None


class DocumentPage(_Page):
    items: list[DocumentRow]


class SearchResult(BaseModel):
    query: str
    actors: EntityPage
    places: EntityPage
    documents: DocumentPage


class EndedBy(BaseModel):
    event: int
    type: str
    date: str | None
    citations: list[Citation]


class Relation(BaseModel):
    type: str
    direction: str = Field(description='"out": the entity is the subject; "in": the object')
    other_id: int
    other_name: str
    other_type: str
    start: str | None
    end: str | None
    as_of: str | None = Field(default=None, description="a report said it still held on this date")
    ended_by: EndedBy | None = None
    citations: list[Citation]


class RelationSection(BaseModel):
    label: str
    relations: list[Relation]


class Figure(BaseModel):
    field: str
    min: int | None
    max: int | None
    document: str | None
    text: str | None = None
    start: int | None = None


class DossierEvent(BaseModel):
    event: Event
    roles: list[str]
    citations: list[Citation]
    figures: list[Figure]


class DossierEventPage(_Page):
    items: list[DossierEvent]


class DossierDocument(BaseModel):
    id: str
    title: str | None
    published: str | None
    mentions: int


class Dossier(BaseModel):
    id: int
    name: str
    type: str
    aliases: list[str]
    sections: list[RelationSection]
    events: DossierEventPage
    documents: list[DossierDocument]


class FactRef(BaseModel):
    kind: str
    id: int
    type: str
    label: str
    entities: list[int]


class MentionSpan(BaseModel):
    start: int
    end: int
    text: str
    entity: int
    name: str
    type: str


class Sentence(BaseModel):
    index: int
    start: int
    end: int
    text: str
    facts: list[FactRef] = Field(description="facts this sentence is evidence for (the evidence spans)")
    mentions: list[MentionSpan]


class DocumentEntity(BaseModel):
    id: int
    name: str
    type: str
    mentions: int


class Document(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    byline: list[str]
    text: str
    sentences: list[Sentence]
    entities: list[DocumentEntity]


class Node(BaseModel):
    id: int
    name: str
    type: str
    mentions: int
    degree: int


class Edge(BaseModel):
    source: int
    target: int
    type: str = Field(description="a relation type, or targeted / co_participant for shared events")
    kind: str = Field(description="relation | event")
    weight: int
    start: str | None
    end: str | None
    relation: int | None
    events: list[int]


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]
    total_nodes: int
    total_edges: int
    limit: int
    offset: int
    center: int | None


class Places(BaseModel):
    """A GeoJSON FeatureCollection of Point features (one per located event), with page members."""

    type: str = "FeatureCollection"
    features: list[dict[str, Any]]
    total: int
    unlocated: int
    limit: int
    offset: int


class TimelinePage(_Page):
    items: list[dict[str, Any]]


class Answer(BaseModel):
    question: str
    answer: str
    citations: list[Citation]


class IngestRequest(BaseModel):
    """One article to ingest. Strict: a date is an ISO string (never a number taken as a timestamp), and a
    field khabar does not know is an error rather than silently dropped."""

    model_config = ConfigDict(strict=True, extra="forbid")

    id: str = Field(
        min_length=1,
        max_length=MAX_ID_CHARS,
        pattern=r"^[^\x00-\x1f\x7f-\x9f]+$",
        description="document id (the same rule as for files: no control characters, no surrounding spaces)",
    )
    text: str = Field(min_length=1)
    title: str | None = Field(default=None, max_length=2000)
    published: date | None = None
    byline: list[str] = Field(default_factory=list, max_length=50)
    source: str | None = Field(default=None, max_length=2000)
    replace: bool = Field(default=False, description="replace a stored document of this id that has other text")

    @field_validator("id")
    @classmethod
    def _usable_id(cls, value: str) -> str:
        return check_id(value)  # the one rule for ids from files, sidecars, JSONL and HTTP


class Outcome(BaseModel):
    source: str
    status: str
    document: str | None
    reason: str | None
    entities: int
    events: int
    relations: int
    same_as: str | None = Field(default=None, description="a duplicate: the stored document with the same text")
    code: str | None = Field(default=None, description="id-taken: the id is stored with other text")


class IngestResult(BaseModel):
    summary: str
    ok: bool
    outcomes: list[Outcome]


def _whole_number(value: Any) -> Any:
    """A query or path number written as digits only: "4.0" or " 4" is refused (pydantic's lax parsing would
    read either as 4, so the API would accept what its schema says is invalid)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]+", value):
        raise ValueError("expected a whole number written in digits")
    return value


# An integer parameter read from a URL.
Whole = Annotated[int, BeforeValidator(_whole_number)]
