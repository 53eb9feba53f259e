"""What the web app shows, as JSON-shaped dicts: one call into the facade (or a ``khabar.query`` function)
per view, plus the totals pagination needs. The JSON API returns these; the HTML pages render the same dicts,
so a page never shows something the API cannot."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Unpack

from khabar.api import Khabar
from khabar.errors import NotFoundError
from khabar.model import ACTOR_TYPES, PLACE_TYPES
from khabar.query.filters import EventQuery

__all__ = [
    "ACTOR_SEARCH_TYPES",
    "PLACE_SEARCH_TYPES",
    "page",
    "event_item",
    "citation_item",
    "entities_page",
    "events_page",
    "documents_page",
    "search",
    "dossier",
    "document",
    "network",
    "places",
    "timeline",
    "ask",
    "entity_brief",
]

ACTOR_SEARCH_TYPES = (*sorted(ACTOR_TYPES), "organization")
PLACE_SEARCH_TYPES = tuple(sorted(PLACE_TYPES))


_MAX_ID = 2**63 - 1  # the database's integer range


def _ref(name: str | None) -> str | None:
    """An entity reference, refused early when it is an id no database integer can hold (``e99…9``):
    the lookup would hand it to the driver, which fails with an overflow instead of "not found"."""
    if name is not None:
        digits = name.strip().lstrip("e")
        if digits.isascii() and digits.isdigit() and int(digits) > _MAX_ID:
            raise NotFoundError(f"no entity called {name!r} in the store")
    return name


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _count(c: Any) -> dict[str, int | None] | None:
    if c is None:
        return None
    if isinstance(c, dict):
        return {"min": c.get("min"), "max": c.get("max")}
    lo, hi = c
    return {"min": lo, "max": hi}


def event_item(e: Any) -> dict[str, Any]:
    return {
        "id": e.id,
        "type": e.type,
        "subtype": e.subtype,
        "date_start": e.date_start,
        "date_end": e.date_end,
        "precision": e.precision,
        "place": e.place,
        "country": e.country,
        "participants": [{"role": role, "name": name} for role, name in e.participants],
        "killed": _count(e.killed),
        "wounded": _count(e.wounded),
    }


def citation_item(c: Any) -> dict[str, Any]:
    if isinstance(c, dict):
        get: Callable[[str], Any] = c.get
    else:

        def get(k: str) -> Any:
            return getattr(c, k, None)

    return {
        "document": get("document"),
        "text": get("text") or "",
        "start": get("start") or 0,
        "end": get("end") or 0,
        "published": get("published"),
    }


def _entity_item(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "type": r.type,
        "aliases": list(r.aliases),
        "mentions": r.mentions,
        "documents": r.documents,
    }


def entities_page(
    kb: Khabar, *, type: str | None = None, search: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    from khabar.query.totals import count_entities

    rows = kb.entities(type=type, search=search, limit=limit, offset=offset)
    with kb.store.connect() as conn:
        total = count_entities(conn, type_=type, search=search)
    return page([_entity_item(r) for r in rows], total, limit, offset)


def _typed_search(kb: Khabar, q: str, types: tuple[str, ...], limit: int, offset: int) -> dict[str, Any]:
    """Entities of any of ``types`` whose names contain ``q``, most mentioned first, one page of them."""
    from khabar.query.totals import count_entities

    rows: list[Any] = []
    total = 0
    with kb.store.connect() as conn:
        for ty in types:
            total += count_entities(conn, type_=ty, search=q)
    for ty in types:
        rows += kb.entities(type=ty, search=q, limit=offset + limit, offset=0)
    rows.sort(key=lambda r: (-r.mentions, r.name.lower(), r.id))
    return page([_entity_item(r) for r in rows[offset : offset + limit]], total, limit, offset)


def events_page(
    kb: Khabar, *, limit: int = 50, offset: int = 0, **query: Unpack[EventQuery]
) -> dict[str, Any]:
    query["actor"] = _ref(query.get("actor"))
    rows = kb.events(limit=limit, offset=offset, **query)
    return page([event_item(e) for e in rows], kb.count_events(**query), limit, offset)


def documents_page(
    kb: Khabar, *, search: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    from khabar.query.documents import count_documents, list_documents

    with kb.store.connect() as conn:
        rows = list_documents(conn, search=search, limit=limit, offset=offset)
        total = count_documents(conn, search=search)
    return page([dataclasses.asdict(r) for r in rows], total, limit, offset)


def search(kb: Khabar, q: str, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Actors, places and documents matching ``q``; each group paginated by the same limit and offset."""
    return {
        "query": q,
        "actors": _typed_search(kb, q, ACTOR_SEARCH_TYPES, limit, offset),
        "places": _typed_search(kb, q, PLACE_SEARCH_TYPES, limit, offset),
        "documents": documents_page(kb, search=q, limit=limit, offset=offset),
    }


def _relation_item(r: Any) -> dict[str, Any]:
    ended = getattr(r, "ended", None)
    return {
        "type": r.type,
        "direction": r.direction,
        "other_id": r.other_id,
        "other_name": r.other_name,
        "other_type": r.other_type,
        "start": r.start,
        "end": r.end,
        "as_of": getattr(r, "as_of", None),
        "ended_by": (
            {
                "event": ended.event_id,
                "type": ended.type,
                "date": ended.date,
                "citations": [citation_item(c) for c in ended.citations],
            }
            if ended is not None
            else None
        ),
        "citations": [citation_item(c) for c in r.citations],
    }


_FALLBACK_LABELS = {
    ("leader_of", "in"): "Leaders",
    ("deputy_of", "in"): "Deputies",
    ("branch_of", "out"): "Parent",
    ("branch_of", "in"): "Branches",
    ("rival_of", "out"): "Rivals",
    ("rival_of", "in"): "Rivals",
}


def _sections(d: Any) -> list[tuple[str, list[Any]]]:
    """The dossier's relation sections: its own grouping where it has one, else by type and direction."""
    if hasattr(d, "sections"):
        return list(d.sections())
    out: dict[str, list[Any]] = {}
    for r in d.relations:
        label = _FALLBACK_LABELS.get((r.type, r.direction), f"{r.type.replace('_', ' ')} ({r.direction})")
        out.setdefault(label, []).append(r)
    return list(out.items())


def dossier(kb: Khabar, ref: str, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """An entity's dossier; its events (newest first) are paginated by ``limit``/``offset``."""
    from khabar.query.dossier import dossier as build

    with kb.store.connect() as conn:  # only as many events as this page needs
        d = build(conn, str(_ref(ref)), events_limit=offset + limit)
    events = [
        {
            "event": event_item(line.event),
            "roles": list(line.roles),
            "citations": [citation_item(c) for c in line.citations],
            "figures": [
                {
                    "field": f["field"],
                    "min": f.get("min"),
                    "max": f.get("max"),
                    "document": f.get("document"),
                    "text": f.get("text"),
                    "start": f.get("start"),
                }
                for f in line.figures
            ],
        }
        for line in d.events
    ]
    total = max(getattr(d, "events_total", 0) or 0, len(events))
    return {
        "id": d.id,
        "name": d.name,
        "type": d.type,
        "aliases": list(d.aliases),
        "sections": [
            {"label": label, "relations": [_relation_item(r) for r in lines]} for label, lines in _sections(d)
        ],
        "events": page(events[offset : offset + limit], total, limit, offset),
        "documents": [
            {
                "id": x["id"],
                "title": x.get("title"),
                "published": x.get("published"),
                "mentions": x["mentions"],
            }
            for x in d.documents
        ],
    }


def entity_brief(kb: Khabar, ref: str) -> dict[str, Any]:
    """{"id", "name", "type"} of the entity ``ref`` names (NotFoundError if none): page headings."""
    from khabar.query.network import entity_brief as brief

    with kb.store.connect() as conn:
        n = brief(conn, str(_ref(ref)))
    return {"id": n.id, "name": n.name, "type": n.type}


def document(kb: Khabar, doc_id: str) -> dict[str, Any]:
    from khabar.query.documents import document_view

    with kb.store.connect() as conn:
        return document_view(conn, doc_id).to_dict()


def network(
    kb: Khabar,
    *,
    entity: str | None = None,
    depth: int = 1,
    types: list[str] | None = None,
    include_events: bool = True,
    limit: int = 150,
    offset: int = 0,
) -> dict[str, Any]:
    net = kb.network(
        _ref(entity), depth=depth, types=types, include_events=include_events, limit=limit, offset=offset
    )
    out: dict[str, Any] = net.to_dict()
    return out


def places(kb: Khabar, *, limit: int = 500, offset: int = 0, **query: Unpack[EventQuery]) -> dict[str, Any]:
    query["actor"] = _ref(query.get("actor"))
    return kb.places(limit=limit, offset=offset, **query)


def _plain(x: Any) -> Any:
    """A timeline item or answer as JSON-able data, whatever class the explain stage returns."""
    if hasattr(x, "to_dict"):
        return x.to_dict()
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return dataclasses.asdict(x)
    return x


def timeline(
    kb: Khabar,
    *,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    type: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> dict[str, Any]:
    """Events and relation changes in date order (``Khabar.timeline``), one page of them."""
    entity = _ref(entity)
    items = list(kb.timeline(entity, since=since, until=until, type=type, limit=offset + limit + 1))
    total = len(items)
    if total > offset + limit:  # more than this page: count them all
        total = len(list(kb.timeline(entity, since=since, until=until, type=type, limit=1_000_000)))
    return page([_timeline_item(x) for x in items[offset : offset + limit]], total, limit, offset)


def _timeline_item(x: Any) -> dict[str, Any]:
    """A timeline item with the API's shapes for participants, figures and citations."""
    d = dict(_plain(x))
    if "participants" in d:
        d["participants"] = [
            p if isinstance(p, dict) else {"role": p[0], "name": p[1]} for p in d["participants"] or []
        ]
    for k in ("killed", "wounded"):
        if k in d:
            d[k] = _count(d[k])
    if "citations" in d:
        d["citations"] = [citation_item(c) for c in d["citations"] or []]
    return d


def ask(kb: Khabar, question: str) -> dict[str, Any]:
    """An answer with its citations (``Khabar.ask``): {"question", "answer", "citations": [...]}."""
    out = _plain(kb.ask(question))
    return {
        "question": out.get("question", question),
        "answer": out.get("answer", ""),
        "citations": [citation_item(c) for c in out.get("citations", [])],
    }
