"""What the web app shows, as JSON-shaped dicts: one call into the facade (or a ``khabar.query`` function)
per view, plus the totals pagination needs. The JSON API returns these; the HTML pages render the same dicts,
so a page never shows something the API cannot."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Unpack

from khabar.api import Khabar
from khabar.errors import KhabarError, NotFoundError
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
        "participants": [
            {"role": role, "name": name, "entity": ent}
            for (role, name), ent in zip(
                e.participants,
                list(getattr(e, "participant_entities", [])) + [None] * len(e.participants),
                strict=False,
            )
        ],
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
    kb: Khabar,
    *,
    limit: int = 50,
    offset: int = 0,
    sort: str | None = None,
    descending: bool = True,
    **query: Unpack[EventQuery],
) -> dict[str, Any]:
    query["actor"] = _ref(query.get("actor"))
    rows = kb.events(limit=limit, offset=offset, sort=sort, descending=descending, **query)
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
    sections: list[dict[str, Any]] = [
        {"label": label, "relations": [_relation_item(r) for r in lines]} for label, lines in _sections(d)
    ]
    for s in sections:  # a sentence that states several ties of a section is quoted once, at its first
        quoted: dict[tuple[str, int], str] = {}
        for r in s["relations"]:
            first = r["citations"][0] if r["citations"] else None
            key = (first["document"], first["start"]) if first else None
            r["quote"] = first if key is not None and key not in quoted else None
            r["same_as"] = quoted.get(key) if key is not None else None
            if key is not None:
                quoted.setdefault(key, r["other_name"])
    for s in sections:
        s["axis"] = _tenure(s["relations"])
    cited = {c["document"] for s in sections for r in s["relations"] for c in r["citations"]}
    cited |= {c["document"] for line in events for c in line["citations"]}  # type: ignore[index]
    return {
        "id": d.id,
        "name": d.name,
        "type": d.type,
        "aliases": list(d.aliases),
        "titles": titles(kb, cited),
        "summary": _summary(kb, d),
        "curation": curation(kb, "entity", d.id),
        "sections": sections,
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
    if total > offset + limit:  # more than this page: count them all (in the indexes)
        total = kb.count_timeline(entity, since=since, until=until, type=type)
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


# -- the analyst's workbench: one event, facets, downloads, summaries, suggestions ---------------------------


def count_words(c: dict[str, int | None] | None) -> str:
    """A figure as words: "at least 4", "up to 200", "10–20", "15"."""
    from khabar.explain.answer import fmt_count_words

    if not c or (c.get("min") is None and c.get("max") is None):
        return ""
    return str(fmt_count_words(c.get("min"), c.get("max")))


def statements(figures: list[dict[str, Any]]) -> dict[str, str]:
    """Per field, who said what: "officials said at least 4; Islamic State claimed 15" — every distinct
    figure once, claims kept apart from reports, in the order the reports were published."""
    out: dict[str, str] = {}
    for name in ("killed", "wounded"):
        said: list[str] = []
        for f in figures:
            if f["field"] != name:
                continue
            n = count_words(f)
            who = (f.get("said_by") or {}).get("name")
            if who:
                line = f"{who} {'claimed' if f.get('claim') else 'said'} {n}"
            elif f.get("claim"):
                line = f"claimed: {n}"
            else:
                line = f"{n} reported" + (f" on {f['published']}" if f.get("published") else "")
            if line not in said:
                said.append(line)
        if said:
            out[name] = "; ".join(said)
    return out


def event(kb: Khabar, event_id: int) -> dict[str, Any]:
    """One event for its page and ``/api/events/{id}``: the facade's view plus "who said what" per field and
    its curation history (empty where the store keeps none)."""
    view = kb.event(event_id)
    view["statements"] = statements(view["figures"])
    view["curation"] = curation(kb, "event", event_id)
    return view


def curation(kb: Khabar, kind: str, fact_id: int) -> list[dict[str, Any]]:
    """The curations that shaped one event or entity ("curated by … on …: why"), newest last: the audit entries
    its ``curated`` column lists, each with its one-line summary."""
    import json

    from sqlalchemy import select

    from khabar.store import schema as t

    table = {"event": t.events, "entity": t.entities}[kind]
    if "curated" not in table.c:
        return []
    with kb.store.connect() as conn:
        raw = conn.execute(select(table.c.curated).where(table.c.id == fact_id)).scalar_one_or_none()
    try:
        ids = [int(x) for x in json.loads(raw or "[]")]
    except (ValueError, TypeError):
        return []
    out = []
    for audit_id in sorted(set(ids)):
        try:
            entry = kb.audit_entry(audit_id)
        except KhabarError:
            continue
        out.append({**entry.to_dict(), "summary": entry.summary})
    return out


def event_facets(kb: Khabar, **query: Unpack[EventQuery]) -> dict[str, list[dict[str, Any]]]:
    query["actor"] = _ref(query.get("actor"))
    return kb.event_facets(**query)


MAX_DOWNLOAD = 100_000  # rows in one download of the events table
TABLE_COLUMNS = ("id", "date", "precision", "type", "subtype", "place", "country", "killed", "wounded",
                 "killed_said", "participants", "url")  # fmt: skip


def event_rows(
    kb: Khabar, *, sort: str | None = None, descending: bool = True, **query: Unpack[EventQuery]
) -> list[dict[str, Any]]:
    """Every event of the filter in the table's order, as the flat rows a CSV or JSON download holds: the same
    cells the events table shows (date, type, place, country, killed, wounded, who), plus ids and links."""
    query["actor"] = _ref(query.get("actor"))
    rows = kb.events(limit=MAX_DOWNLOAD, sort=sort, descending=descending, **query)
    figs = _figures_of(kb, [e.id for e in rows])
    out = []
    for e in rows:
        item = event_item(e)
        said = statements(figs.get(e.id, []))
        out.append(
            {
                "id": e.id,
                "date": e.date_start or "",
                "precision": e.precision or "",
                "type": e.type,
                "subtype": e.subtype or "",
                "place": e.place or "",
                "country": e.country or "",
                "killed": figure_text(item["killed"]),
                "wounded": figure_text(item["wounded"]),
                "killed_said": said.get("killed", ""),
                "participants": "; ".join(f"{p['name']} ({p['role']})" for p in item["participants"]),
                "url": f"/events/{e.id}",
            }
        )
    return out


def figure_text(c: dict[str, int | None] | None) -> str:
    """A range as the table prints it: 137, 137+, ≤200, 10–20."""
    if not c:
        return ""
    lo, hi = c.get("min"), c.get("max")
    if lo is not None and hi is not None:
        return str(lo) if lo == hi else f"{lo}–{hi}"
    if lo is not None:
        return f"{lo}+"
    return f"≤{hi}" if hi is not None else ""


def _figures_of(kb: Khabar, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    from khabar.query.dossier import figures_for

    with kb.store.connect() as conn:
        figs = figures_for(conn, ids)
        speakers = {
            f["said_by_entity"] for fs in figs.values() for f in fs if f["said_by_entity"] is not None
        }
        names = {}
        if speakers:
            from sqlalchemy import select

            from khabar.store import schema as t

            q = select(t.entities.c.id, t.entities.c.name).where(t.entities.c.id.in_(sorted(speakers)))
            names = {r.id: r.name for r in conn.execute(q)}
    for fs in figs.values():
        for f in fs:
            eid = f["said_by_entity"]
            name = names.get(eid) if eid is not None else f["said_by_text"]
            f["said_by"] = {"entity": eid, "name": name} if name else None
    return figs


def events_csv(rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=TABLE_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def evidence(
    kb: Khabar, *, events: list[int] | None = None, relations: list[int] | None = None
) -> dict[str, Any]:
    """The facts behind a network edge, each with its first cited sentences (``query.event.evidence_of``)."""
    from khabar.query.event import evidence_of

    with kb.store.connect() as conn:
        return evidence_of(conn, events=events, relations=relations)


def suggestions(kb: Khabar, name: str, n: int = 5) -> list[dict[str, Any]]:
    """Entities whose names are close to ``name`` (a typo, a missing hyphen): "did you mean …?"."""
    import difflib

    from sqlalchemy import func, or_, select

    from khabar.model import norm_name
    from khabar.store import schema as t

    key = norm_name(name)
    if not key:
        return []
    words = [w for w in key.split() if len(w) >= 3] or [key]
    like = [t.aliases.c.norm.like(f"{key[:2]}%")] + [t.aliases.c.norm.like(f"%{w[:4]}%") for w in words[:4]]
    with kb.store.connect() as conn:
        q = (
            select(t.aliases.c.norm, t.aliases.c.alias, t.entities.c.id, t.entities.c.name, t.entities.c.type)
            .join(t.entities, t.entities.c.id == t.aliases.c.entity_id)
            .where(or_(*like), func.length(t.aliases.c.norm) <= len(key) + 12)
            .limit(5000)
        )
        rows = conn.execute(q).fetchall()
    by_norm: dict[str, Any] = {}
    for r in rows:
        by_norm.setdefault(r.norm, r)
    close = difflib.get_close_matches(key, list(by_norm), n=n * 3, cutoff=0.6)
    out: list[dict[str, Any]] = []
    for c in close:
        r = by_norm[c]
        if all(o["id"] != r.id for o in out):
            out.append({"id": r.id, "name": r.name, "type": r.type, "alias": r.alias})
    return out[:n]


def answer_events(kb: Khabar, citations: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """For each cited sentence of an answer, the events it is evidence for (so an answer links to events)."""
    from sqlalchemy import and_, or_, select

    from khabar.store import schema as t

    keys = [(c["document"], c["start"]) for c in citations]
    found: dict[tuple[str, int], list[dict[str, Any]]] = {k: [] for k in keys}
    if keys:
        with kb.store.connect() as conn:
            q = (
                select(
                    t.sentences.c.document_id, t.sentences.c.start, t.events.c.id, t.events.c.type,
                    t.events.c.date_start, t.events.c.place_name,
                )
                .join(t.evidence, t.evidence.c.sentence_id == t.sentences.c.id)
                .join(t.events, and_(t.evidence.c.kind == "event", t.events.c.id == t.evidence.c.fact_id))
                .where(or_(*[and_(t.sentences.c.document_id == d, t.sentences.c.start == s) for d, s in keys[:50]]))
                .order_by(t.events.c.id)
            )  # fmt: skip
            for r in conn.execute(q):
                items = found.setdefault((r.document_id, r.start), [])
                if all(x["id"] != r.id for x in items):
                    items.append(
                        {"id": r.id, "type": r.type, "date_start": r.date_start, "place": r.place_name}
                    )
    return [found.get(k, []) for k in keys]


def titles(kb: Khabar, doc_ids: set[str]) -> dict[str, str | None]:
    """Document titles, to label citations by title and date instead of by file id."""
    from sqlalchemy import select

    from khabar.store import schema as t

    if not doc_ids:
        return {}
    with kb.store.connect() as conn:
        q = select(t.documents.c.id, t.documents.c.title).where(t.documents.c.id.in_(sorted(doc_ids)[:1000]))
        return {r.id: r.title for r in conn.execute(q)}


def _summary(kb: Khabar, d: Any) -> dict[str, Any]:
    """The dossier's card: parent, founded, base, current leader (as of when), events and killed by year, the
    latest event — what "what is X?" answers, at a glance, each with its source."""
    from khabar.explain.facts import Names, associated_places, leader_facts
    from khabar.query.lookup import list_events

    out: dict[str, Any] = {
        "parents": [{"id": r.other_id, "name": r.other_name} for r in d.parents]
        if hasattr(d, "parents")
        else [],
        "founded": None,
        "base": [],
        "leader": None,
        "by_year": [],
        "latest": None,
    }
    with kb.store.connect() as conn:
        rows = list_events(conn, actor=d.id, limit=5000)
        founding = sorted(
            (e for e in rows if e.type == "founding" and e.date_start), key=lambda e: e.date_start or ""
        )
        if founding:
            f = founding[0]
            out["founded"] = {"event": f.id, "date": f.date_start, "place": f.place or f.country}
        if d.type != "person":
            hostile = {r.other_id for r in d.relations if r.type in ("hostile_to", "rival_of")}
            try:
                places = associated_places(conn, d.id, exclude=hostile | {d.id})
            except KhabarError:
                places = []
            names = Names(conn)
            out["base"] = [
                {"id": p.entity, "name": names.canonical(p.entity), "based": p.based,
                 "citation": citation_item(p.citations[0]) if p.citations else None}
                for p in places[:3]
            ]  # fmt: skip
            leaders = [x for x in leader_facts(conn, d, names) if x.from_graph and not x.over]
            if leaders:
                best = max(leaders, key=lambda x: (x.as_of or "", x.current, x.start or "", x.position))
                as_of = best.as_of or max((c.published or "" for c in best.citations), default="") or None
                out["leader"] = {
                    "id": best.person, "name": best.name, "since": best.start, "as_of": as_of,
                    "current": bool(best.current or best.as_of),
                    "citation": citation_item(best.citations[0]) if best.citations else None,
                }  # fmt: skip
    years: dict[str, dict[str, int]] = {}
    for e in rows:
        if not e.date_start or e.type in ("founding", "statement"):
            continue
        y = years.setdefault(e.date_start[:4], {"events": 0, "killed": 0})
        y["events"] += 1
        if e.killed:
            y["killed"] += e.killed[0] if e.killed[0] is not None else (e.killed[1] or 0)
    most = max((y["events"] for y in years.values()), default=0)
    out["by_year"] = [
        {"year": k, **v, "share": v["events"] / most if most else 0} for k, v in sorted(years.items())
    ]
    dated = [e for e in rows if e.date_start]
    if dated:
        out["latest"] = event_item(dated[0])
    return out


def suggest(kb: Khabar, q: str, *, type: str | None = None, limit: int = 10) -> dict[str, Any]:
    """Names for an autocomplete: entities whose aliases contain ``q`` (most mentioned first), then close
    spellings; actors only unless ``type`` asks for another kind."""
    from khabar.errors import QueryError
    from khabar.model import ENTITY_TYPES

    if type is not None and type not in ENTITY_TYPES:
        raise QueryError(f"unknown entity type {type!r}; one of {', '.join(ENTITY_TYPES)}")
    types = (type,) if type else ACTOR_SEARCH_TYPES + ("country",)
    found = _typed_search(kb, q, types, limit, 0)["items"]
    items = [{"id": e["id"], "name": e["name"], "type": e["type"]} for e in found]
    if len(items) < limit:
        for s in suggestions(kb, q, n=limit):
            if s["type"] in types and all(s["id"] != i["id"] for i in items):
                items.append({"id": s["id"], "name": s["name"], "type": s["type"]})
    return {"query": q, "items": items[:limit]}


def _year(date: str) -> float:
    """A partial ISO date as a fractional year (its first day), to place it on a tenure axis."""
    parts = [int(x) for x in date.split("-")]
    y = parts[0] + ((parts[1] - 1) / 12 if len(parts) > 1 else 0)
    return y + ((parts[2] - 1) / 365 if len(parts) > 2 else 0)


def _tenure(relations: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Tenure bars for a section's ties: each relation's start to its end (or the event that ended it, or the
    last date a report said it held), on one axis of years; None where no tie of the section has a date.
    Adds ``bar`` = {x, w (percent of the axis), open (no known end), label} to each dated relation."""
    spans = []
    for r in relations:
        end = r["end"] or ((r.get("ended_by") or {}).get("date"))
        points = [x for x in (r["start"], end, r.get("as_of")) if x]
        if points:
            spans.append((r, r["start"], end, r.get("as_of")))
    if not spans:
        return None
    dates = [_year(x) for _r, a, b, c in spans for x in (a, b, c) if x]
    lo, hi = min(dates), max(dates)
    lo, hi = float(int(lo)), float(int(hi) + 1)
    width = hi - lo
    for r, start, end, as_of in spans:
        a = _year(start) if start else None
        b = _year(end) if end else (_year(as_of) if as_of else None)
        if a is None:
            a = b
        if b is None:
            b = hi
        x = (a - lo) / width * 100 if a is not None else 0.0
        w = max(((b or a or lo) - (a or lo)) / width * 100, 1.5)
        label = _period_words(start, end, as_of)
        r["bar"] = {"x": round(x, 2), "w": round(min(w, 100 - x), 2), "open": not end, "label": label}
    return {"from": int(lo), "to": int(hi) - 1}


def _period_words(start: str | None, end: str | None, as_of: str | None) -> str:
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"since {start}" + (f", still so as of {as_of}" if as_of else "")
    if end:
        return f"until {end}"
    return f"as of {as_of}" if as_of else "period unknown"
