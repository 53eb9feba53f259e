"""Exports analysts open in other tools: events as CSV (a spreadsheet), events as GeoJSON (a GIS), the actor
network as GraphML (Gephi, yEd, networkx). Each is derived from the same queries as the facts-json export and
the web app's views, so every tool sees the same facts.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx
from sqlalchemy import Connection

from khabar.errors import ExportError
from khabar.query.export import facts_json, validate_facts
from khabar.query.geo import places
from khabar.query.network import network

__all__ = ["FORMATS", "export_text"]

FORMATS = ("facts-json", "events-csv", "events-geojson", "network-graphml")
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
        return _graphml(conn)
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


def _graphml(conn: Connection) -> str:
    """Actors and places as nodes; relations (with their periods) and shared events as typed, weighted edges."""
    net = network(conn, limit=ALL)
    graph = nx.MultiDiGraph()
    for n in net.nodes:
        graph.add_node(f"e{n.id}", label=n.name, type=n.type, mentions=n.mentions)
    for e in net.edges:
        attrs: dict[str, Any] = {"type": e.type, "kind": e.kind, "weight": e.weight}
        attrs.update({k: v for k, v in (("start", e.start), ("end", e.end)) if v})
        graph.add_edge(f"e{e.source}", f"e{e.target}", **attrs)
    return "\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n"
