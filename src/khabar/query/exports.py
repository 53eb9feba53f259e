"""Exports analysts open in other tools: events as CSV (a spreadsheet), events as GeoJSON (a GIS), the actor
network as GraphML (Gephi, yEd, networkx) or GEXF (Gephi's own, with its timeline). Each is derived from the
same queries as the facts-json export and the web app's views, so every tool sees the same facts.

Time: every GeoJSON feature, and every node and edge of the network, carries ``start`` and ``end`` as whole ISO
days (the first and last day its dates cover), the form Gephi's timeline and QGIS's temporal controller read;
the dates at the text's own precision stay beside them (``date``/``date_start``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx
from sqlalchemy import Connection, select

from khabar.errors import ExportError
from khabar.query.export import facts_json, validate_facts
from khabar.query.geo import places
from khabar.query.network import network
from khabar.query.periods import first_day, last_day, span
from khabar.store import schema as t

__all__ = ["FORMATS", "export_text"]

FORMATS = ("facts-json", "events-csv", "events-geojson", "network-graphml", "network-gexf")
ALL = 10**9  # "no page limit" for the queries that paginate

CSV_COLUMNS = (
    "id", "type", "subtype", "date_start", "date_end", "place", "admin1", "country", "lat", "lon",
    "perpetrators", "victims", "targets", "weapons", "killed_min", "killed_max", "wounded_min", "wounded_max",
    "documents", "evidence",
)  # fmt: skip


def export_text(conn: Connection, fmt: str, *, validate: bool = True) -> str:
    """The store in format ``fmt`` (one of ``FORMATS``), as the text of a file."""
    if fmt == "facts-json":
        data = facts_json(conn)
        if validate:
            validate_facts(data)
        return json.dumps(data, ensure_ascii=False, indent=1)
    if fmt == "events-csv":
        return _events_csv(facts_json(conn))
    if fmt == "events-geojson":
        return json.dumps(places(conn, limit=ALL), ensure_ascii=False, indent=1)
    if fmt == "network-graphml":
        return "\n".join(nx.generate_graphml(_graph(conn), prettyprint=True)) + "\n"
    if fmt == "network-gexf":
        graph = _graph(conn)
        for _s, _t, attrs in graph.edges(
            data=True
        ):  # in GEXF "type" is directed/undirected: a tie's is its label
            attrs["label"] = attrs.pop("type")
        return "\n".join(nx.generate_gexf(graph, prettyprint=True)) + "\n"
    raise ExportError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


def _events_csv(data: dict[str, Any]) -> str:
    """One row per event; people and groups by name, several values joined with "; "."""
    names = {e["id"]: e["name"] for e in data["entities"]}

    def who(ev: dict[str, Any], roles: set[str]) -> str:
        out = [
            names.get(p.get("entity", ""), p.get("text") or "")
            for p in ev["participants"]
            if p["role"] in roles
        ]
        return "; ".join(dict.fromkeys(x for x in out if x))

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for ev in data["events"]:
        loc = ev.get("location") or {}
        date = ev.get("date") or {}
        killed, wounded = ev.get("killed") or {}, ev.get("wounded") or {}
        writer.writerow({
            "id": ev["id"], "type": ev["type"], "subtype": ev.get("subtype") or "",
            "date_start": date.get("start") or "", "date_end": date.get("end") or "",
            "place": loc.get("name") or "", "admin1": loc.get("admin1") or "", "country": loc.get("country") or "",
            "lat": loc.get("lat") if loc.get("lat") is not None else "",
            "lon": loc.get("lon") if loc.get("lon") is not None else "",
            "perpetrators": who(ev, {"perpetrator", "claimant", "agent", "authority"}),
            "victims": who(ev, {"victim", "target"}),
            "targets": "; ".join(ev.get("targets") or []), "weapons": "; ".join(ev.get("weapons") or []),
            "killed_min": _num(killed.get("min")), "killed_max": _num(killed.get("max")),
            "wounded_min": _num(wounded.get("min")), "wounded_max": _num(wounded.get("max")),
            "documents": "; ".join(dict.fromkeys(e["document"] for e in ev["evidence"])),
            "evidence": " | ".join(e["text"] for e in ev["evidence"][:3]),
        })  # fmt: skip
    return buf.getvalue()


def _num(value: int | None) -> str:
    return "" if value is None else str(value)


def _graph(conn: Connection) -> nx.MultiDiGraph:
    """Actors and places as nodes; relations (with their periods) and shared events as typed, weighted edges,
    each with the whole days it spans: a relation its period, an event edge its first to its last shared
    event, a node the first to the last day it was seen."""
    net = network(conn, limit=ALL)
    spans = {
        r.id: s
        for r in conn.execute(select(t.events.c.id, t.events.c.date_start, t.events.c.date_end))
        if (s := span(r.date_start, r.date_end))
    }
    events_of: dict[int, set[int]] = {}
    for r in conn.execute(select(t.event_participants.c.event_id, t.event_participants.c.entity_id)):
        if r.entity_id is not None:
            events_of.setdefault(r.entity_id, set()).add(r.event_id)
    seen: dict[int, list[Any]] = {}
    graph = nx.MultiDiGraph()
    edges = []
    for e in net.edges:
        attrs: dict[str, Any] = {"type": e.type, "kind": e.kind, "weight": e.weight}
        if e.kind == "relation":
            attrs.update({k: v for k, v in (("date_start", e.start), ("date_end", e.end)) if v})
            days = [first_day(e.start) if e.start else None, last_day(e.end) if e.end else None]
        else:
            shared = [
                spans[i]
                for i in events_of.get(e.source, set()) & events_of.get(e.target, set())
                if i in spans
            ]
            days = [min(s[0] for s in shared), max(s[1] for s in shared)] if shared else [None, None]
        attrs.update({k: d.isoformat() for k, d in zip(("start", "end"), days, strict=True) if d})
        for node in (e.source, e.target):
            seen.setdefault(node, []).extend(d for d in days if d)
        edges.append((f"e{e.source}", f"e{e.target}", attrs))
    for n in net.nodes:
        attrs = {"label": n.name, "type": n.type, "mentions": n.mentions}
        for i in events_of.get(n.id, set()):
            seen.setdefault(n.id, []).extend(spans.get(i, ()))
        if seen.get(n.id):
            attrs.update({"start": min(seen[n.id]).isoformat(), "end": max(seen[n.id]).isoformat()})
        graph.add_node(f"e{n.id}", **attrs)
    for source, target, attrs in edges:
        graph.add_edge(source, target, **attrs)
    return graph
