"""The store as the exporters see it: the facts-json export plus what other formats need besides.

facts-json is the one reading of the store that decides an event's own toll and every figure's source, so the
exporters start from it and add only what it leaves out: each entity's gazetteer key and coordinates, each
event's date precision and the kind of its place (a country-level placement is not a town), each document's
path and ingestion time, and names for the ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from khabar.query.export import facts_json
from khabar.query.periods import precision_of
from khabar.store import schema as t

__all__ = ["StoreView", "EventView", "PartyView", "FigureView", "load_view", "SIDE_ONE", "SIDE_TWO"]

# Who acts and who is acted on: the two sides of an ACLED row, the perpetrator and target of a GTD row.
SIDE_ONE = ("perpetrator", "agent", "authority", "claimant")
SIDE_TWO = ("target", "victim")


@dataclass(frozen=True)
class PartyView:
    role: str
    name: str
    entity: str | None = None  # "e12"
    type: str | None = None  # the entity's type; None for a participant given only as words


@dataclass(frozen=True)
class FigureView:
    field: str
    min: int | None
    max: int | None
    document: str
    said_by: str | None  # a name, or the words the report used
    claim: bool


@dataclass
class EventView:
    id: str  # "v12"
    type: str
    subtype: str | None
    date_start: str | None
    date_end: str | None
    precision: str | None
    place: dict[str, Any] | None  # name, admin1, country, lat, lon, kind (country | location | facility)
    parties: list[PartyView]
    weapons: list[str]
    targets: list[str]
    killed: dict[str, int | None] | None
    wounded: dict[str, int | None] | None
    figures: list[FigureView]
    evidence: list[dict[str, Any]]
    documents: list[str] = field(default_factory=list)

    def side(self, roles: tuple[str, ...]) -> list[PartyView]:
        """The parties in these roles, each name once, entities before words, in the order of ``roles``."""
        out: dict[str, PartyView] = {}
        for role in roles:
            for p in self.parties:
                if p.role == role and p.name not in out:
                    out[p.name] = p
        return sorted(out.values(), key=lambda p: p.entity is None)

    def claimants(self) -> list[str]:
        """Who claimed the deed: claimant participants and whoever stated a claimed figure."""
        names = [p.name for p in self.parties if p.role == "claimant"]
        names += [f.said_by for f in self.figures if f.claim and f.said_by]
        return list(dict.fromkeys(names))


@dataclass
class StoreView:
    documents: dict[str, dict[str, Any]]  # id -> id, title, published, source, byline, path, ingested_at
    entities: dict[str, dict[str, Any]]  # "e12" -> id, name, type, aliases, gazetteer, country, lat, lon
    events: list[EventView]
    relations: list[dict[str, Any]]  # the facts-json relation plus as_of
    mentioned_in: dict[str, list[str]] = field(default_factory=dict)  # "e12" -> documents naming it

    def name(self, ref: str | None) -> str | None:
        return self.entities[ref]["name"] if ref in self.entities else None


def _said_by(view_entities: dict[str, dict[str, Any]], said: Any) -> str | None:
    if isinstance(said, str):
        return str(view_entities[said]["name"]) if said in view_entities else None
    if isinstance(said, dict):
        return said.get("text")
    return None


def load_view(conn: Connection) -> StoreView:
    """Read the whole store once for an export."""
    data = facts_json(conn)
    extra_docs = {
        r.id: r for r in conn.execute(select(t.documents.c.id, t.documents.c.path, t.documents.c.ingested_at))
    }
    documents = {
        d["id"]: {
            **d,
            "path": extra_docs[d["id"]].path if d["id"] in extra_docs else None,
            "ingested_at": extra_docs[d["id"]].ingested_at if d["id"] in extra_docs else None,
        }
        for d in data["documents"]
    }
    extra_ents = {
        f"e{r.id}": r
        for r in conn.execute(
            select(t.entities.c.id, t.entities.c.gazetteer_key, t.entities.c.country, t.entities.c.admin1,
                   t.entities.c.lat, t.entities.c.lon)
        )
    }  # fmt: skip
    entities: dict[str, dict[str, Any]] = {}
    for e in data["entities"]:
        x = extra_ents.get(e["id"])
        entities[e["id"]] = {
            **e,
            "gazetteer": x.gazetteer_key if x else None,
            "country": x.country if x else None,
            "admin1": x.admin1 if x else None,
            "lat": x.lat if x else None,
            "lon": x.lon if x else None,
        }
    rows = {
        f"v{r.id}": r
        for r in conn.execute(
            select(t.events.c.id, t.events.c.date_precision, t.events.c.place_entity_id, t.events.c.trigger)
        )
    }
    events = []
    for ev in data["events"]:
        row = rows.get(ev["id"])
        date = ev.get("date") or {}
        precision = (row.date_precision if row else None) or (
            precision_of(date["start"]) if date.get("start") else None
        )
        place = None
        if ev.get("location"):
            kind_ref = f"e{row.place_entity_id}" if row and row.place_entity_id else None
            kind = entities[kind_ref]["type"] if kind_ref in entities else None
            loc = ev["location"]
            if kind not in ("country", "location", "facility"):
                kind = "country" if loc.get("name") and loc.get("name") == loc.get("country") else "location"
            place = {**loc, "kind": kind, "entity": kind_ref}
        parties = []
        for p in ev["participants"]:
            if "entity" in p and p["entity"] in entities:
                ent = entities[p["entity"]]
                parties.append(PartyView(p["role"], ent["name"], p["entity"], ent["type"]))
            elif p.get("text"):
                parties.append(PartyView(p["role"], p["text"]))
        figures = [
            FigureView(f["field"], f["min"], f["max"], f["document"], _said_by(entities, f.get("said_by")),
                       bool(f.get("claim")))
            for f in ev["figures"]
        ]  # fmt: skip
        docs = list(dict.fromkeys([e["document"] for e in ev["evidence"]] + [f.document for f in figures]))
        events.append(
            EventView(
                id=ev["id"],
                type=ev["type"],
                subtype=ev.get("subtype"),
                date_start=date.get("start"),
                date_end=date.get("end"),
                precision=precision,
                place=place,
                parties=parties,
                weapons=list(ev.get("weapons") or []),
                targets=list(ev.get("targets") or []),
                killed=ev.get("killed"),
                wounded=ev.get("wounded"),
                figures=figures,
                evidence=list(ev["evidence"]),
                documents=docs,
            )
        )
    as_of = {f"r{r.id}": r.as_of for r in conn.execute(select(t.relations.c.id, t.relations.c.as_of))}
    relations = [{**r, "as_of": as_of.get(r["id"])} for r in data["relations"]]
    mentioned: dict[str, list[str]] = {}
    q = select(t.mentions.c.entity_id, t.mentions.c.document_id).distinct()
    for r in conn.execute(q.order_by(t.mentions.c.entity_id, t.mentions.c.document_id)):
        mentioned.setdefault(f"e{r.entity_id}", []).append(r.document_id)
    return StoreView(documents, entities, events, relations, mentioned)
