"""An entity's dossier as data: names, relations over time, events and documents, every line cited."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from khabar.errors import NotFoundError
from khabar.query.lookup import Citation, EventRow, evidence_for, find_entity, list_events
from khabar.store import schema as t

__all__ = ["RelationLine", "EventLine", "Dossier", "dossier"]


@dataclass
class RelationLine:
    type: str
    direction: str  # "out": this entity is the subject; "in": the object
    other_id: int
    other_name: str
    other_type: str
    start: str | None
    end: str | None
    citations: list[Citation] = field(default_factory=list)


@dataclass
class EventLine:
    event: EventRow
    roles: list[str]
    citations: list[Citation] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Dossier:
    id: int
    name: str
    type: str
    aliases: list[str]
    relations: list[RelationLine]
    events: list[EventLine]
    documents: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def related(self, rtype: str, direction: str) -> list[RelationLine]:
        return [r for r in self.relations if r.type == rtype and r.direction == direction]


def dossier(conn: Connection, name: str) -> Dossier:
    ent_id = find_entity(conn, name)
    row = conn.execute(select(t.entities).where(t.entities.c.id == ent_id)).first()
    if row is None:  # pragma: no cover - find_entity checked it
        raise NotFoundError(name)
    aliases = sorted(
        {
            a
            for a in conn.execute(select(t.aliases.c.alias).where(t.aliases.c.entity_id == ent_id)).scalars()
            if a != row.name
        }
    )
    relations: list[RelationLine] = []
    for direction, mine, other in (
        ("out", t.relations.c.subject_id, t.relations.c.object_id),
        ("in", t.relations.c.object_id, t.relations.c.subject_id),
    ):
        q = (
            select(
                t.relations,
                t.entities.c.name.label("oname"),
                t.entities.c.type.label("otype"),
                other.label("oid"),
            )
            .join(t.entities, t.entities.c.id == other)
            .where(mine == ent_id)
            .order_by(t.relations.c.type, t.relations.c.start.nulls_first(), t.relations.c.id)
        )
        for r in conn.execute(q):
            relations.append(
                RelationLine(
                    r.type,
                    direction,
                    r.oid,
                    r.oname,
                    r.otype,
                    r.start,
                    r.end,
                    evidence_for(conn, "relation", r.id),
                )
            )
    events = []
    for ev in list_events(conn, actor=ent_id, limit=1000):
        roles = sorted(
            set(
                conn.execute(
                    select(t.event_participants.c.role).where(
                        t.event_participants.c.event_id == ev.id, t.event_participants.c.entity_id == ent_id
                    )
                ).scalars()
            )
        )
        figs = [
            {"field": f.field, "min": f.min, "max": f.max, "document": f.document_id}
            for f in conn.execute(select(t.event_figures).where(t.event_figures.c.event_id == ev.id))
        ]
        events.append(EventLine(ev, roles, evidence_for(conn, "event", ev.id), figs))
    dq = (
        select(t.documents.c.id, t.documents.c.title, t.documents.c.published, func.count().label("n"))
        .join(t.mentions, t.mentions.c.document_id == t.documents.c.id)
        .where(t.mentions.c.entity_id == ent_id)
        .group_by(t.documents.c.id, t.documents.c.title, t.documents.c.published)
        .order_by(t.documents.c.published.desc().nulls_last(), t.documents.c.id)
    )
    documents = [
        {"id": d.id, "title": d.title, "published": d.published, "mentions": d.n} for d in conn.execute(dq)
    ]
    return Dossier(ent_id, row.name, row.type, aliases, relations, events, documents)
