"""The ``facts-json`` export (schema ``khabar.facts/1``), exactly the shape in the evaluation contract.

Policy for conflicting casualty figures: every figure any document reported is kept in ``figures`` with its
document, who stated it (``said_by``) and whether it is a party's claim (``"claim": true``), several from one
document when it told the toll rising ("at least 60 … 133 … 137"); the event's own ``killed``/``wounded`` come
from the latest-published report with a non-claim figure (equal dates fall back to the reports' canonical
order, by document id, so ingest order never matters), taking that report's last-stated figure.
Where only claims exist the event's own toll is empty. A curator's corrected toll is stated last by the latest
report, so it is the event's own; it and every curated event or entity carry ``"curated": true`` and their audit
entry ids (``khabar audit``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
from sqlalchemy import Connection, select

from khabar.errors import ExportError
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = ["SCHEMA_ID", "facts_json", "facts_schema", "validate_facts", "latest_figures"]

SCHEMA_ID = "khabar.facts/1"


@lru_cache(maxsize=1)
def facts_schema() -> dict[str, Any]:
    text = (resources.files("khabar") / "schemas" / "facts.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_facts(data: dict[str, Any]) -> None:
    """Raise ExportError naming the first place where ``data`` breaks the facts-json schema."""
    try:
        jsonschema.validate(data, facts_schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        raise ExportError(f"facts-json does not match its schema at {where}: {exc.message}") from exc


def _count(lo: int | None, hi: int | None) -> dict[str, int | None] | None:
    if lo is None and hi is None:
        return None
    return {"min": lo, "max": hi}


def latest_figures(figures: list[dict[str, Any]]) -> dict[str, dict[str, int | None] | None]:
    """The event's own killed/wounded: per field, the figure of the latest published report, and within one
    report the last it stated ("rose to 133 … 137": 137); a party's claim is never the event's own."""
    out: dict[str, dict[str, int | None] | None] = {"killed": None, "wounded": None}
    for field in out:
        rows = [(i, f) for i, f in enumerate(figures) if f["field"] == field and not f.get("claim")]
        if rows:
            _i, best = max(rows, key=lambda r: (r[1].get("published") or "", r[1].get("order", 0), r[0]))
            out[field] = _count(best["min"], best["max"])
    return out


def _said_by(entity_id: int | None, text: str | None) -> str | dict[str, str] | None:
    if entity_id is not None:
        return f"e{entity_id}"
    return {"text": text} if text else None


def _figure_out(f: dict[str, Any]) -> dict[str, Any]:
    """A figure in the contract's shape: ``said_by`` and ``claim`` only where known."""
    out: dict[str, Any] = {"field": f["field"], "min": f["min"], "max": f["max"], "document": f["document"]}
    if f.get("said_by") is not None:
        out["said_by"] = f["said_by"]
    if f.get("claim"):
        out["claim"] = True
    if f.get("curated"):
        out["curated"], out["audit"] = True, f["curated"]
    return out


def _curated(item: dict[str, Any], audit: str | None) -> dict[str, Any]:
    """An exported item marked as shaped by curations (``"curated": true`` and their audit entry ids)."""
    if audit:
        item["curated"], item["audit"] = True, json.loads(audit)
    return item


def facts_json(conn: Connection) -> dict[str, Any]:
    """Everything the store knows, in the contract's shape."""
    docs = conn.execute(
        select(
            t.documents.c.id,
            t.documents.c.title,
            t.documents.c.published,
            t.documents.c.source,
            t.documents.c.byline,
            t.documents.c.ingested_at,
            t.documents.c.dateline,
        ).order_by(bytewise(t.documents.c.ingested_at), bytewise(t.documents.c.id))
    ).fetchall()
    published = {d.id: d.published for d in docs}
    documents = [
        {
            "id": d.id,
            "title": d.title,
            "published": d.published,
            "source": d.source,
            "byline": json.loads(d.byline or "[]"),
            **({"dateline": json.loads(d.dateline)} if d.dateline else {}),
        }
        for d in docs
    ]

    aliases: dict[int, list[str]] = defaultdict(list)
    q_aliases = select(t.aliases.c.entity_id, t.aliases.c.alias).order_by(bytewise(t.aliases.c.alias))
    for a in conn.execute(q_aliases):
        aliases[a.entity_id].append(a.alias)
    entities = []
    for e in conn.execute(select(t.entities).order_by(t.entities.c.id)):
        names = [n for n in aliases.get(e.id, []) if n != e.name]
        entities.append({"id": f"e{e.id}", "name": e.name, "type": e.type, "aliases": sorted(set(names))})
        _curated(entities[-1], e.curated)

    evidence: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    q = (
        select(
            t.evidence.c.kind,
            t.evidence.c.fact_id,
            t.evidence.c.document_id,
            t.sentences.c.text,
            t.sentences.c.start,
            t.sentences.c.end,
        )
        .join(t.sentences, t.sentences.c.id == t.evidence.c.sentence_id)
        .order_by(t.evidence.c.id)
    )
    for r in conn.execute(q):
        evidence[(r.kind, r.fact_id)].append(
            {"document": r.document_id, "text": r.text, "start": r.start, "end": r.end}
        )

    participants: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for p in conn.execute(select(t.event_participants).order_by(t.event_participants.c.id)):
        item: dict[str, Any] = (
            {"entity": f"e{p.entity_id}", "role": p.role} if p.entity_id else {"text": p.text, "role": p.role}
        )
        if item not in participants[p.event_id]:
            participants[p.event_id].append(item)

    figures: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for f in conn.execute(select(t.event_figures).order_by(t.event_figures.c.id)):
        figures[f.event_id].append(
            {
                "field": f.field,
                "min": f.min,
                "max": f.max,
                "document": f.document_id,
                "published": published.get(f.document_id),
                "order": f.id,  # figures are written in canonical report order (resolve.slots)
                "said_by": _said_by(f.said_by_entity_id, f.said_by_text),
                "claim": bool(f.claim),
                "curated": f.curated,
            }
        )

    events = []
    for ev in conn.execute(select(t.events).order_by(t.events.c.id)):
        figs = figures.get(ev.id, [])
        own = latest_figures(figs)
        location = None
        if ev.place_name:
            location = {
                "name": ev.place_name,
                "admin1": ev.admin1,
                "country": ev.country,
                "lat": ev.lat,
                "lon": ev.lon,
            }
            if ev.place_precision:
                location["precision"] = ev.place_precision
        events.append(
            {
                "id": f"v{ev.id}",
                "type": ev.type,
                "subtype": ev.subtype,
                "date": {"start": ev.date_start, "end": ev.date_end} if ev.date_start else None,
                "location": location,
                "participants": participants.get(ev.id, []),
                "weapons": json.loads(ev.weapons or "[]"),
                "targets": json.loads(ev.targets or "[]"),
                "killed": own["killed"],
                "wounded": own["wounded"],
                "figures": [_figure_out(f) for f in figs],
                "evidence": evidence.get(("event", ev.id), []),
            }
        )
        _curated(events[-1], ev.curated)

    relations = []
    for r in conn.execute(select(t.relations).order_by(t.relations.c.id)):
        relations.append(
            {
                "id": f"r{r.id}",
                "type": r.type,
                "subject": f"e{r.subject_id}",
                "object": f"e{r.object_id}",
                "start": r.start,
                "end": r.end,
                # reports in published order (then by id and place in the text): the same whatever the ingest order
                "evidence": sorted(
                    evidence.get(("relation", r.id), []),
                    key=lambda e: (published.get(e["document"]) or "", e["document"], e["start"]),
                ),
            }
        )
    return {
        "schema": SCHEMA_ID,
        "documents": documents,
        "entities": entities,
        "events": events,
        "relations": relations,
    }
