"""The store as a STIX 2.1 bundle, for threat-intelligence platforms (OpenCTI, MISP).

Mapping (``docs/formats.md`` has the table): armed groups are ``intrusion-set``; a person who leads, serves or
acts for an armed group or carries out an event is a ``threat-actor``, any other person an ``identity``
(individual); organizations and states acting in events are ``identity`` objects; places are ``location``;
events are ``incident`` objects whose khabar facts (date precision, tolls, every figure with who stated it and
whether it is a party's claim) sit in ``x_khabar_`` properties, tied to who did them by ``attributed-to``, to
who was hit by ``targets`` and to where by ``located-at``; relations are ``relationship`` objects with
``start_time``/``stop_time``; each evidence sentence is a ``note`` on the objects it supports and an external
reference on each of them; each document is a ``report`` listing what it supports.

Ids are UUIDv5 of natural keys (a gazetteer key, a type and name, a relation's ends, a document id), never of
the store's row numbers, so exporting again (after more reports, or from a rebuilt store) updates the same
objects instead of duplicating them; ``created``/``modified`` are the first and last ingestion of the documents
behind an object, so a consumer sees a new version exactly when new evidence arrived.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, time
from typing import Any

from khabar.interchange import codebooks as cb
from khabar.interchange.tables import figures_note
from khabar.interchange.view import SIDE_ONE, SIDE_TWO, EventView, StoreView
from khabar.model import norm_name
from khabar.query.periods import day_after, first_day, last_day, span

__all__ = ["NAMESPACE", "stix_bundle", "stix_id"]

NAMESPACE = uuid.UUID("5b3bd1f2-3c47-5d8e-9a4b-6b6861626172")  # khabar's own UUIDv5 namespace
KHABAR_IDENTITY = f"identity--{uuid.uuid5(NAMESPACE, 'khabar')}"
# The x_khabar_ properties are declared once, as STIX 2.1 intends, by a top-level-property extension.
EXTENSION = f"extension-definition--{uuid.uuid5(NAMESPACE, 'khabar-properties/1')}"
_EXTENSIONS = {EXTENSION: {"extension_type": "toplevel-property-extension"}}
_SCHEMA = (
    "khabar's facts on STIX objects, as top-level x_khabar_ properties: x_khabar_id (the store's id), "
    "x_khabar_type/x_khabar_subtype (khabar event or entity type, GTD attack type), x_khabar_date_start/"
    "x_khabar_date_end/x_khabar_date_precision (ISO date at year, month or day precision), x_khabar_killed/"
    "x_khabar_wounded (the event's own toll: {min, max}), x_khabar_figures (every figure with said_by and "
    "claim), x_khabar_claimed_by, x_khabar_weapons, x_khabar_targets, x_khabar_participants (participants "
    "named only in words), x_khabar_role (a participant's role), x_khabar_start/x_khabar_end/x_khabar_as_of "
    "(a relation's period as the text gives it), x_khabar_document and offsets (the evidence sentence), "
    "x_khabar_gazetteer (bundled gazetteer key), x_khabar_byline. See docs/formats.md in khabar."
)
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)  # khabar's identity object never changes
_LEADING = frozenset({"leader_of", "deputy_of"})
_SERVING = frozenset({"member_of", "allegiance_to"})


def stix_id(kind: str, key: str) -> str:
    """A STIX id, UUIDv5 of ``key`` in khabar's namespace: the same key gives the same id in every export."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, key)}"


def _clean(value: Any) -> Any:
    """STIX has no nulls: drop None (and empty lists/dicts) at every depth."""
    if isinstance(value, dict):
        out = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [_clean(v) for v in value if v is not None]
    return value


def _stamp(value: str | None) -> datetime:
    if not value:
        return _EPOCH
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


class _Builder:
    """Collects STIX objects (as dicts) for one bundle; the stix2 library checks each one as it is made."""

    def __init__(self, view: StoreView) -> None:
        self.view = view
        self.objects: dict[str, Any] = {}
        self.entity_ids: dict[str, str] = {}  # "e12" -> STIX id of its main object
        self.state_ids: dict[str, str] = {}  # a country's identity as a state that acts
        self.keys: dict[str, str] = {}  # natural key -> khabar id holding it (namesakes get their own)
        self.notes: dict[tuple[str, int, int], set[str]] = defaultdict(set)
        self.by_document: dict[str, set[str]] = defaultdict(set)
        self.place_ids: dict[str, str] = {}
        self.times: dict[str, list[datetime]] = {}  # STIX id -> ingestion times of its documents

    # -- helpers -----------------------------------------------------------------------------------------
    def _docs_times(self, docs: list[str]) -> list[datetime]:
        return sorted(_stamp(self.view.documents.get(d, {}).get("ingested_at")) for d in docs) or [_EPOCH]

    def _common(self, sid: str, docs: list[str]) -> dict[str, Any]:
        times = self._docs_times(docs)
        for d in docs:
            self.by_document[d].add(sid)
        return {"id": sid, "created": times[0], "modified": times[-1], "created_by_ref": KHABAR_IDENTITY,
                "spec_version": "2.1"}  # fmt: skip

    def _unique(self, kind: str, key: str, owner: str) -> str:
        """The id for a natural key; a second owner of the same key (namesakes) gets its own id."""
        if self.keys.setdefault(f"{kind}:{key}", owner) != owner:
            key = f"{key}#{owner}"
        return stix_id(kind, key)

    def _references(self, evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
        refs = []
        for e in evidence:
            doc = self.view.documents.get(e["document"], {})
            path = doc.get("path") or ""
            refs.append(_clean({
                "source_name": doc.get("source") or "khabar",
                "description": e["text"],
                "external_id": f"{e['document']}#{e['start']}-{e['end']}",
                "url": path if path.startswith(("http://", "https://")) else None,
            }))  # fmt: skip
        return refs

    def _cite(self, sid: str, evidence: list[dict[str, Any]]) -> None:
        for e in evidence:
            self.notes[(e["document"], e["start"], e["end"])].add(sid)

    def _add(self, obj: dict[str, Any]) -> str:
        if any(k.startswith("x_khabar_") for k in obj):
            obj["extensions"] = _EXTENSIONS
        self.objects[obj["id"]] = _clean(obj)
        return str(obj["id"])

    # -- entities ----------------------------------------------------------------------------------------
    def _entity_key(self, ref: str, ent: dict[str, Any]) -> str:
        if ent.get("gazetteer"):
            return f"gazetteer:{ent['gazetteer']}"
        country = norm_name(ent.get("country") or "") if ent["type"] in ("location", "facility") else ""
        return f"{ent['type']}:{norm_name(ent['name'])}:{country}"

    def _seen_days(self) -> dict[str, tuple[datetime, datetime]]:
        """First and last day each entity was seen: its events and the periods of its relations (one pass)."""
        days: dict[str, list[date]] = defaultdict(list)
        for ev in self.view.events:
            bounds = span(ev.date_start, ev.date_end)
            if bounds:
                for ref in {p.entity for p in ev.parties if p.entity}:
                    days[ref] += bounds
        for r in self.view.relations:
            seen = [first_day(r["start"])] if r["start"] else []
            seen += [last_day(r["end"])] if r["end"] else []
            for ref in (r["subject"], r["object"]):
                days[ref] += seen
        return {ref: (_midnight(min(d)), _midnight(max(d))) for ref, d in days.items() if d}

    def entities(self) -> None:
        acting = {p.entity for ev in self.view.events for p in ev.parties if p.role in SIDE_ONE}
        ties: dict[str, set[str]] = defaultdict(set)
        for r in self.view.relations:
            obj_type = self.view.entities.get(r["object"], {}).get("type")
            if obj_type == "armed_group":
                ties[r["subject"]].add(r["type"])
        seen = self._seen_days()
        for ref, ent in self.view.entities.items():
            first, last = seen.get(ref, (None, None))
            docs = self.view.mentioned_in.get(ref, [])
            kind = ent["type"]
            key = self._entity_key(ref, ent)
            custom = {"x_khabar_id": ref, "x_khabar_type": kind, "x_khabar_gazetteer": ent.get("gazetteer")}
            if kind == "armed_group":
                sid = self._unique("intrusion-set", key, ref)
                self._add(
                    {
                        **self._common(sid, docs),
                        "type": "intrusion-set",
                        "name": ent["name"],
                        "aliases": ent["aliases"],
                        "first_seen": first,
                        "last_seen": last,
                        **custom,
                    }
                )
            elif kind == "person" and (ref in acting or ties.get(ref)):
                roles = ["director"] if ties.get(ref, set()) & _LEADING else ["agent"]
                sid = self._unique("threat-actor", key, ref)
                self._add({**self._common(sid, docs), "type": "threat-actor", "name": ent["name"],
                           "aliases": ent["aliases"], "roles": roles, "first_seen": first, "last_seen": last,
                           **custom})  # fmt: skip
            elif kind in ("person", "organization", "other"):
                sid = self._unique("identity", key, ref)
                cls = {"person": "individual", "organization": "organization"}.get(kind, "unspecified")
                self._add({**self._common(sid, docs), "type": "identity", "name": ent["name"],
                           "identity_class": cls, **custom})  # fmt: skip
            else:  # country, location, facility
                located = self._location(ref, ent, docs, key, custom)
                if located is None:
                    continue
                sid = located
            self.entity_ids[ref] = sid

    def _location(
        self, ref: str, ent: dict[str, Any], docs: list[str], key: str, custom: dict[str, Any]
    ) -> str | None:
        kind = ent["type"]
        record = cb.country_record(ent["name"] if kind == "country" else ent.get("country"))
        lat, lon = ent.get("lat"), ent.get("lon")
        if record is None and (lat is None or lon is None):
            return None  # STIX needs a country, a region or a point
        sid = self._unique("location", key, ref)
        self._add({**self._common(sid, docs), "type": "location", "name": ent["name"],
                   "country": record["iso"] if record else None,
                   "administrative_area": ent.get("admin1") if kind != "country" else None,
                   "city": ent["name"] if kind == "location" else None,
                   "latitude": lat if lon is not None else None, "longitude": lon if lat is not None else None,
                   **custom})  # fmt: skip
        return sid

    def _state(self, ref: str) -> str:
        """A country that acts (bombs, arrests, is hit) as an identity: STIX actors are not locations."""
        if ref not in self.state_ids:
            ent = self.view.entities[ref]
            sid = self._unique("identity", f"state:{norm_name(ent['name'])}", ref)
            self._add(
                {
                    **self._common(sid, self.view.mentioned_in.get(ref, [])),
                    "type": "identity",
                    "name": ent["name"],
                    "identity_class": "organization",
                    "sectors": ["government-national"],
                    "x_khabar_id": ref,
                    "x_khabar_type": "country",
                }
            )
            self.state_ids[ref] = sid
        return self.state_ids[ref]

    def _actor(self, ref: str | None) -> str | None:
        if ref is None:
            return None
        if self.view.entities.get(ref, {}).get("type") == "country":
            return self._state(ref)
        return self.entity_ids.get(ref)

    # -- events ------------------------------------------------------------------------------------------
    def _place(self, ev: EventView, docs: list[str]) -> str | None:
        place = ev.place
        if not place:
            return None
        if place.get("entity") in self.entity_ids:
            return self.entity_ids[place["entity"]]
        key = f"place:{norm_name(place.get('name') or '')}:{norm_name(place.get('country') or '')}"
        if key not in self.place_ids:
            ent = {"name": place.get("name"), "type": place.get("kind") or "location", "country": place.get("country"),
                   "admin1": place.get("admin1"), "lat": place.get("lat"), "lon": place.get("lon")}  # fmt: skip
            sid = self._location(key, ent, docs, key, {"x_khabar_type": ent["type"]})
            if sid is None:
                return None
            self.place_ids[key] = sid
        return self.place_ids[key]

    def _event_keys(self) -> dict[str, str]:
        """Each event's natural key: its type, date and place, which new reports of it do not change. Events
        sharing one (undated claims, say) are told apart by the first sentence citing them; the one cited
        first keeps the plain key, so an event added later never renames one exported before."""
        groups: dict[str, list[tuple[tuple[str, int], EventView]]] = defaultdict(list)
        for ev in self.view.events:
            place = ev.place or {}
            key = (f"incident:{ev.type}:{ev.date_start or ''}:{norm_name(place.get('name') or '')}:"
                   f"{norm_name(place.get('country') or '')}")  # fmt: skip
            first = min(((e["document"], e["start"]) for e in ev.evidence), default=(ev.id, 0))
            groups[key].append((first, ev))
        keys = {}
        for key, members in groups.items():
            members.sort(key=lambda m: m[0])
            for i, (first, ev) in enumerate(members):
                keys[ev.id] = key if i == 0 else f"{key}:{first[0]}:{first[1]}"
        return keys

    def _name(self, ev: EventView) -> str:
        what = ev.type.replace("_", " ").capitalize() + (
            f" ({ev.subtype.replace('_', ' ')})" if ev.subtype else ""
        )
        where = f" in {ev.place['name']}" if ev.place and ev.place.get("name") else ""
        when = f", {ev.date_start}" + (f" to {ev.date_end}" if ev.date_end else "") if ev.date_start else ""
        return what + where + when

    def events(self) -> None:
        keys = self._event_keys()
        for ev in self.view.events:
            docs = ev.documents
            sid = self._unique("incident", keys[ev.id], ev.id)
            note = figures_note(ev)
            description = " ".join(e["text"] for e in ev.evidence[:3]) + (
                f" Figures: {note}." if note else ""
            )
            words = [{"role": p.role, "text": p.name} for p in ev.parties if p.entity is None]
            self._add({**self._common(sid, docs), "type": "incident", "name": self._name(ev),
                       "description": description.strip(),
                       "external_references": self._references(ev.evidence),
                       "x_khabar_id": ev.id, "x_khabar_type": ev.type, "x_khabar_subtype": ev.subtype,
                       "x_khabar_date_start": ev.date_start, "x_khabar_date_end": ev.date_end,
                       "x_khabar_date_precision": ev.precision,
                       "x_khabar_killed": ev.killed, "x_khabar_wounded": ev.wounded,
                       "x_khabar_figures": [
                           {"field": f.field, "min": f.min, "max": f.max, "said_by": f.said_by,
                            "claim": f.claim, "document": f.document} for f in ev.figures],
                       "x_khabar_claimed_by": ev.claimants(),
                       "x_khabar_weapons": ev.weapons, "x_khabar_targets": ev.targets,
                       "x_khabar_participants": words})  # fmt: skip
            self._cite(sid, ev.evidence)
            for p in ev.parties:
                target = self._actor(p.entity)
                if target is None:
                    continue
                rel = "attributed-to" if p.role in SIDE_ONE else "targets" if p.role in SIDE_TWO else None
                if rel is not None:
                    self._relationship(sid, rel, target, docs, ev.evidence, {"x_khabar_role": p.role}, p.role)
            place = self._place(ev, docs)
            if place is not None:
                self._relationship(sid, "located-at", place, docs, ev.evidence, {}, "")

    def _relationship(
        self,
        source: str,
        kind: str,
        target: str,
        docs: list[str],
        evidence: list[dict[str, Any]],
        extra: dict[str, Any],
        qualifier: str,
    ) -> str:
        rid = stix_id("relationship", f"{source}|{kind}|{target}|{qualifier}")
        self._add({**self._common(rid, docs), "type": "relationship", "relationship_type": kind,
                   "source_ref": source, "target_ref": target, **extra})  # fmt: skip
        return rid

    def relations(self) -> None:
        for r in self.view.relations:
            source, target = self.entity_ids.get(r["subject"]), self.entity_ids.get(r["object"])
            if r["type"] != "governs" or self.view.entities.get(r["object"], {}).get("type") != "country":
                target = self._actor(r["object"]) or target
            source = self._actor(r["subject"]) or source
            if source is None or target is None:
                continue
            docs = list(dict.fromkeys(e["document"] for e in r["evidence"]))
            start = _midnight(first_day(r["start"])) if r["start"] else None
            stop = _midnight(day_after(last_day(r["end"]))) if r["end"] else None
            if start and stop and stop <= start:
                stop = None
            rid = stix_id("relationship", f"relation:{r['type']}:{source}:{target}")
            self._add({**self._common(rid, docs), "type": "relationship",
                       "relationship_type": r["type"].replace("_", "-"), "source_ref": source, "target_ref": target,
                       "start_time": start, "stop_time": stop, "description": " ".join(e["text"] for e in r["evidence"][:3]),
                       "external_references": self._references(r["evidence"]),
                       "x_khabar_id": r["id"], "x_khabar_start": r["start"], "x_khabar_end": r["end"],
                       "x_khabar_as_of": r.get("as_of")})  # fmt: skip
            self._cite(rid, r["evidence"])

    # -- evidence and documents --------------------------------------------------------------------------
    def evidence_notes(self) -> None:
        texts = {(e["document"], e["start"], e["end"]): e["text"]
                 for ev in self.view.events for e in ev.evidence}  # fmt: skip
        texts.update(
            {
                (e["document"], e["start"], e["end"]): e["text"]
                for r in self.view.relations
                for e in r["evidence"]
            }
        )
        for (doc_id, start, end), refs in sorted(self.notes.items()):
            doc = self.view.documents.get(doc_id, {})
            nid = stix_id("note", f"evidence:{doc_id}:{start}:{end}")
            self._add({**self._common(nid, [doc_id]), "type": "note",
                       "abstract": f"Evidence from {doc.get('title') or doc_id}",
                       "content": texts[(doc_id, start, end)], "object_refs": sorted(refs),
                       "external_references": self._references(
                           [{"document": doc_id, "start": start, "end": end, "text": texts[(doc_id, start, end)]}]),
                       "x_khabar_document": doc_id, "x_khabar_start": start, "x_khabar_end": end})  # fmt: skip

    def reports(self) -> None:
        for ref, docs in self.view.mentioned_in.items():
            if ref in self.entity_ids:
                for d in docs:
                    self.by_document[d].add(self.entity_ids[ref])
        for doc_id, doc in self.view.documents.items():
            refs = sorted(x for x in self.by_document.get(doc_id, set()) if x in self.objects)
            published = _midnight(date.fromisoformat(doc["published"])) if doc.get("published") else None
            path = doc.get("path") or ""
            rid = stix_id("report", f"document:{doc_id}")
            self._add({**self._common(rid, [doc_id]), "type": "report", "name": doc.get("title") or doc_id,
                       "published": published or _stamp(doc.get("ingested_at")), "report_types": ["threat-report"],
                       "object_refs": refs or [KHABAR_IDENTITY],
                       "external_references": [_clean({"source_name": doc.get("source") or "khabar document",
                                                        "external_id": doc_id,
                                                        "url": path if path.startswith(("http://", "https://")) else None})],
                       "x_khabar_document": doc_id, "x_khabar_byline": doc.get("byline")})  # fmt: skip


_ORDER = (
    "extension-definition",
    "identity",
    "location",
    "intrusion-set",
    "threat-actor",
    "incident",
    "relationship",
    "note",
    "report",
)


def stix_bundle(view: StoreView) -> str:
    """The whole store as a STIX 2.1 bundle (JSON text), each object built and checked by the stix2 library."""
    import stix2

    b = _Builder(view)
    b._add(
        {
            "type": "identity",
            "spec_version": "2.1",
            "id": KHABAR_IDENTITY,
            "created": _EPOCH,
            "modified": _EPOCH,
            "name": "khabar",
            "identity_class": "system",
            "description": "Evidence-linked knowledge graph of armed actors and events, built from news reports.",
        }
    )
    b.entities()
    b.events()
    b.relations()
    b.evidence_notes()
    b.reports()
    b._add(
        {
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": EXTENSION,
            "created": _EPOCH,
            "modified": _EPOCH,
            "created_by_ref": KHABAR_IDENTITY,
            "name": "khabar properties",
            "version": "1.0.0",
            "description": "The x_khabar_ properties khabar puts on STIX objects.",
            "schema": _SCHEMA,
            "extension_types": ["toplevel-property-extension"],
            "extension_properties": sorted(
                {k for o in b.objects.values() for k in o if k.startswith("x_khabar_")}
            ),
        }
    )
    ordered = sorted(b.objects.values(), key=lambda o: (_ORDER.index(o["type"]), o["id"]))
    objects = [stix2.parse(o, allow_custom=True, version="2.1") for o in ordered]
    digest = hashlib.sha256(json.dumps([[o["id"], str(o["modified"])] for o in ordered]).encode()).hexdigest()
    bundle = stix2.Bundle(objects=objects, id=f"bundle--{uuid.uuid5(NAMESPACE, digest)}", allow_custom=True)
    return str(bundle.serialize(pretty=True)) + "\n"
