"""An entity's dossier as data: names, relations over time, events and documents, every line cited.

Only the entity's own relations are listed: a branch's leaders are the branch's, never the parent's, so
``dossier("Islamic State")`` does not walk ``branch_of`` to borrow IS-K's emirs.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from khabar.errors import NotFoundError
from khabar.query.lookup import (
    Citation,
    EventRow,
    entity_totals,
    evidence_for_many,
    find_entity,
    list_events,
    newest_documents,
)
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = [
    "RelationLine",
    "EventLine",
    "EndedBy",
    "Dossier",
    "dossier",
    "SECTIONS",
    "ENDING_EVENT_TYPES",
    "endings_for",
    "figures_for",
]

# A leader's time ends with an event where the leader is a victim of one of these (killed, struck, arrested).
ENDING_EVENT_TYPES = ("killing", "air_strike", "attack", "execution", "arrest", "capture", "kidnapping")
_TARGET_ENDS = frozenset({"killing", "air_strike", "execution", "arrest", "capture", "kidnapping"})
MAX_CITATIONS = 5  # per line: a fact many reports repeat keeps its first few sentences
MAX_ENDINGS = 50  # per person: the events that may have ended a post (oldest first)

# The order and labels of a dossier's relation sections: (relation type, direction, label).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("branch_of", "out", "Parent"),
    ("branch_of", "in", "Branches"),
    ("leader_of", "in", "Leaders"),
    ("deputy_of", "in", "Deputies"),
    ("leader_of", "out", "Leads"),
    ("deputy_of", "out", "Deputy of"),
    ("member_of", "out", "Member of"),
    ("member_of", "in", "Members"),
    ("allegiance_to", "out", "Allegiance to"),
    ("allegiance_to", "in", "Allegiance from"),
    ("ally_of", "out", "Allies"),
    ("ally_of", "in", "Allies"),
    ("rival_of", "out", "Rivals"),
    ("rival_of", "in", "Rivals"),
    ("hostile_to", "out", "Hostile to"),
    ("hostile_to", "in", "Hostility from"),
    ("supports", "in", "Supported by"),
    ("supports", "out", "Supports"),
    ("recruits_from", "out", "Recruits from"),
    ("recruits_from", "in", "Recruited from by"),
    ("governs", "out", "Governs"),
    ("governs", "in", "Governed by"),
)
_PERIODIC = frozenset({"leader_of", "deputy_of"})


@dataclass
class EndedBy:
    """The event that ended someone's time in a post: they were its victim (killed, struck, arrested)."""

    event_id: int
    type: str
    date: str | None
    citations: list[Citation] = field(default_factory=list)


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
    ended: EndedBy | None = None
    id: int = 0
    as_of: str | None = None  # a report said it held on this date ("currently ...")

    @property
    def period_key(self) -> str:
        """Sorts a post-holder by when their time began (or, failing that, ended); undated last."""
        return self.start or self.end or (self.ended.date if self.ended else None) or "~"


@dataclass
class EventLine:
    event: EventRow
    roles: list[str]
    citations: list[Citation] = field(default_factory=list)
    # every reported figure: field, min, max, document, published, and the sentence (text, start, end)
    figures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def conflicting(self) -> bool:
        """Reports disagree on a figure: then every value is shown with its source."""
        for name in ("killed", "wounded"):
            if len({(f["min"], f["max"]) for f in self.figures if f["field"] == name}) > 1:
                return True
        return False


@dataclass
class Dossier:
    id: int
    name: str
    type: str
    aliases: list[str]
    relations: list[RelationLine]
    events: list[EventLine]
    documents: list[dict[str, Any]]
    events_total: int = 0
    documents_total: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def related(self, rtype: str, direction: str) -> list[RelationLine]:
        return [r for r in self.relations if r.type == rtype and r.direction == direction]

    @property
    def parents(self) -> list[RelationLine]:
        return self.related("branch_of", "out")

    @property
    def branches(self) -> list[RelationLine]:
        return self.related("branch_of", "in")

    @property
    def leaders(self) -> list[RelationLine]:
        """Leaders over time, earliest first (undated last)."""
        return sorted(self.related("leader_of", "in"), key=lambda r: r.period_key)

    @property
    def deputies(self) -> list[RelationLine]:
        return sorted(self.related("deputy_of", "in"), key=lambda r: r.period_key)

    def sections(self) -> list[tuple[str, list[RelationLine]]]:
        """Relation lines grouped under their labels in a fixed order; symmetric types merge in and out."""
        out: dict[str, list[RelationLine]] = {}
        placed: set[int] = set()
        for rtype, direction, label in SECTIONS:
            lines = [r for r in self.relations if r.type == rtype and r.direction == direction]
            if rtype in _PERIODIC:
                lines.sort(key=lambda r: r.period_key)
            for r in lines:
                if id(r) not in placed and all(r.other_id != o.other_id for o in out.get(label, [])):
                    out.setdefault(label, []).append(r)
                placed.add(id(r))
        for r in self.relations:  # types khabar may add later still show
            if id(r) not in placed:
                out.setdefault(f"{r.type} ({r.direction})", []).append(r)
        return list(out.items())


def endings_for(conn: Connection, person_ids: list[int]) -> dict[int, list[EndedBy]]:
    """Events in which each person was a victim (or the target of a strike, arrest, ...), oldest first.

    Read from each person's participant rows (their copies of the event's type and date), so the cost follows
    the person's own events, never the number of events of those types in the store."""
    out: dict[int, list[EndedBy]] = {p: [] for p in person_ids}
    if not person_ids:
        return out
    ep = t.event_participants
    rows = []
    for person in person_ids:
        q = (
            select(ep.c.entity_id, ep.c.role, ep.c.event_id.label("id"), ep.c.type, ep.c.date_start)
            .where(
                ep.c.entity_id == person,
                ep.c.type.in_(ENDING_EVENT_TYPES),
                ep.c.role.in_(("victim", "target")),
            )
            .order_by(bytewise(ep.c.date_start).nulls_last(), ep.c.event_id)
            .limit(
                MAX_ENDINGS * 20
            )  # rows, several per event (roles, reports): enough for MAX_ENDINGS events
        )
        seen: set[int] = set()
        for r in conn.execute(q):
            if (
                (r.role != "victim" and r.type not in _TARGET_ENDS)
                or r.id in seen
                or len(seen) >= MAX_ENDINGS
            ):
                continue
            seen.add(r.id)
            rows.append(r)
    cites = evidence_for_many(conn, "event", [r.id for r in rows], per_fact=MAX_CITATIONS)
    for r in rows:
        out[r.entity_id].append(EndedBy(r.id, r.type, r.date_start, cites.get(r.id, [])))
    return out


def _pick_ending(line: RelationLine, endings: list[EndedBy]) -> EndedBy | None:
    """The event that ended this post: at the relation's end date if one is known, else the first after
    its start; an undated death counts only when no dated one fits."""
    dated = [e for e in endings if e.date and (not line.start or e.date >= line.start)]
    if line.end:
        near = [e for e in dated if e.date and (e.date.startswith(line.end) or line.end.startswith(e.date))]
        if near:
            return near[0]
    if dated:
        return dated[0]
    undated = [e for e in endings if not e.date]
    return undated[0] if undated else None


def figures_for(conn: Connection, event_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every casualty figure reported for the events, with its document, publication date and sentence."""
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in event_ids}
    for chunk in (event_ids[i : i + 500] for i in range(0, len(event_ids), 500)):
        q = (
            select(
                t.event_figures,
                t.documents.c.published,
                t.sentences.c.text.label("s_text"),
                t.sentences.c.start.label("s_start"),
                t.sentences.c.end.label("s_end"),
            )
            .join(t.documents, t.documents.c.id == t.event_figures.c.document_id)
            .outerjoin(t.sentences, t.sentences.c.id == t.event_figures.c.sentence_id)
            .where(t.event_figures.c.event_id.in_(chunk))
            .order_by(bytewise(t.documents.c.published).nulls_first(), t.event_figures.c.id)
        )
        for f in conn.execute(q):
            out[f.event_id].append(
                {
                    "field": f.field,
                    "min": f.min,
                    "max": f.max,
                    "document": f.document_id,
                    "published": f.published,
                    "phrase": f.text,
                    "claim": bool(f.claim),
                    "said_by_entity": f.said_by_entity_id,
                    "said_by_text": f.said_by_text,
                    "text": f.s_text,
                    "start": f.s_start,
                    "end": f.s_end,
                }
            )
    _figure_sentences(conn, out)
    return out


def _figure_sentences(conn: Connection, figures: dict[int, list[dict[str, Any]]]) -> None:
    """Point each figure at the sentence that states it. The store records the event's first sentence; when
    that sentence lacks the figure ("at least 137"), the event's evidence sentence from the same document
    that has it is the one to cite."""
    stale = sorted(
        {(eid, f["document"]) for eid, fs in figures.items() for f in fs if not _states(f, f["text"])}
    )
    if not stale:
        return
    found: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
    for i in range(0, len(stale), 400):
        q = (
            select(
                t.evidence.c.fact_id,
                t.evidence.c.document_id,
                t.sentences.c.text,
                t.sentences.c.start,
                t.sentences.c.end,
            )
            .join(t.sentences, t.sentences.c.id == t.evidence.c.sentence_id)
            .where(
                t.evidence.c.kind == "event",
                t.evidence.c.fact_id.in_(sorted({f for f, _ in stale[i : i + 400]})),
                t.evidence.c.document_id.in_(sorted({d for _, d in stale[i : i + 400]})),
            )
            .order_by(t.evidence.c.id)
        )
        for r in conn.execute(q):
            found.setdefault((r.fact_id, r.document_id), []).append((r.text, r.start, r.end))
    for eid, fs in figures.items():
        for f in fs:
            if _states(f, f["text"]):
                continue
            better = [c for c in found.get((eid, f["document"]), []) if _states(f, c[0])]
            if better:
                f.update(text=better[0][0], start=better[0][1], end=better[0][2])


def _states(f: dict[str, Any], sentence: str | None) -> bool:
    if not sentence:
        return False
    phrase = (f.get("phrase") or "").strip()
    if phrase and phrase.lower() in sentence.lower():
        return True
    n = f["min"] if f["min"] is not None else f["max"]
    return n is not None and re.search(rf"(?<![\d,.]){n}(?![\d,])", sentence.replace(",", "")) is not None


def _relations(conn: Connection, ent_id: int) -> list[RelationLine]:
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
            .order_by(
                bytewise(t.relations.c.type), bytewise(t.relations.c.start).nulls_first(), t.relations.c.id
            )
        )
        for row in conn.execute(q):
            relations.append(
                RelationLine(
                    row.type,
                    direction,
                    row.oid,
                    row.oname,
                    row.otype,
                    row.start,
                    row.end,
                    id=row.id,
                    as_of=row.as_of,
                )
            )
    cites = evidence_for_many(conn, "relation", [r.id for r in relations], per_fact=MAX_CITATIONS)
    for r in relations:
        r.citations = cites.get(r.id, [])
    # How each post ended: the post-holder is the person on the subject side of leader_of/deputy_of.
    holders = {
        r.other_id if r.direction == "in" else ent_id: r
        for r in relations
        if r.type in _PERIODIC and (r.other_type == "person" or r.direction == "out")
    }
    if holders:
        ends = endings_for(conn, list(holders))
        for r in relations:
            if r.type in _PERIODIC:
                holder = r.other_id if r.direction == "in" else ent_id
                r.ended = _pick_ending(r, ends.get(holder, []))
    return relations


def dossier(
    conn: Connection,
    name: str,
    *,
    events_limit: int = 500,
    documents_limit: int = 200,
    event_types: list[str] | None = None,
    totals: bool = True,
) -> Dossier:
    """Everything the store says about one entity (``name``: any alias), every line with its citations;
    ``event_types`` narrows the events listed (``[]``: none); ``totals=False`` leaves ``events_total`` and
    ``documents_total`` at 0 (an answer needs the facts, not the counts)."""
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
    relations = _relations(conn, ent_id)

    evs = (
        list_events(conn, actor=ent_id, limit=events_limit, types=event_types)
        if events_limit > 0 and event_types != []
        else []
    )
    ids = [e.id for e in evs]
    roles: dict[int, set[str]] = {i: set() for i in ids}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        rq = select(t.event_participants.c.event_id, t.event_participants.c.role).where(
            t.event_participants.c.event_id.in_(chunk), t.event_participants.c.entity_id == ent_id
        )
        for p in conn.execute(rq):
            roles[p.event_id].add(p.role)
    cites = evidence_for_many(conn, "event", ids, per_fact=MAX_CITATIONS)
    figs = figures_for(conn, ids)
    events = [EventLine(e, sorted(roles[e.id]), cites[e.id], figs[e.id]) for e in evs]

    n_events = n_docs = 0
    if totals:
        counted = entity_totals(conn, ent_id)
        n_events, n_docs = counted.events, counted.documents
    documents = _documents(conn, ent_id, documents_limit)
    return Dossier(ent_id, row.name, row.type, aliases, relations, events, documents, n_events, n_docs)


def _documents(conn: Connection, ent_id: int, limit: int) -> list[dict[str, Any]]:
    """The newest documents naming the entity, with how often each does."""
    ids = newest_documents(conn, [ent_id], limit)
    if not ids:
        return []
    rows = {
        r.id: r
        for r in conn.execute(
            select(t.documents.c.id, t.documents.c.title, t.documents.c.published).where(
                t.documents.c.id.in_(ids)
            )
        )
    }
    n: dict[str, int] = dict(
        conn.execute(
            select(t.mentions.c.document_id, func.count())
            .where(t.mentions.c.entity_id == ent_id, t.mentions.c.document_id.in_(ids))
            .group_by(t.mentions.c.document_id)
        ).all()
    )
    return [
        {"id": i, "title": rows[i].title, "published": rows[i].published, "mentions": n.get(i, 0)}
        for i in ids
    ]
