"""The actor network: who is tied to whom, by stated relations and by taking part in the same events.

Two kinds of edge:

* ``relation`` edges carry the relation's type (leader_of, rival_of, ...), its period, and as weight the number
  of sentences that state it;
* ``event`` edges join two entities that took part in the same events: ``targeted`` where one side acted
  (perpetrator, agent, claimant) and the other was hit (target, victim), ``co_participant`` otherwise; the
  weight is the number of shared events among those considered: each node's newest ``EVENTS_PER_NODE`` events
  (the whole store's newest ``EVENTS_OVERALL`` for the network of everything), so that a network costs the same
  in a store of any size.

Asked about one entity, the network is its neighbourhood up to ``depth`` hops; else the whole graph. Nodes are
ranked (the centre first, then by weighted degree) and paginated; edges are those among the page's nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import Connection, func, or_, select

from khabar.errors import QueryError
from khabar.model import ENTITY_TYPES, RELATION_TYPES
from khabar.query.lookup import event_page, find_entity
from khabar.store import schema as t

__all__ = ["NODE_TYPES", "EVENT_EDGE_TYPES", "Node", "Edge", "Network", "network", "entity_brief"]

# Entity types that act: places are where things happen, not who does them.
NODE_TYPES = ("armed_group", "person", "organization", "country")
EVENT_EDGE_TYPES = ("targeted", "co_participant")
_ACTING = frozenset({"perpetrator", "agent", "claimant"})
_HIT = frozenset({"target", "victim"})
_MAX_EVENT_IDS = 20  # an edge lists at most this many of its shared events
# Event edges are drawn from a bounded set of events, so the network costs the same in a store of any size: each
# node's newest EVENTS_PER_NODE events, or for the whole store's network its newest EVENTS_OVERALL.
EVENTS_PER_NODE = 500
EVENTS_OVERALL = 5000


@dataclass
class Node:
    id: int
    name: str
    type: str
    mentions: int = 0
    degree: int = 0  # sum of the weights of the node's edges in the whole (unpaginated) network


@dataclass
class Edge:
    source: int
    target: int
    type: str
    kind: str  # relation | event
    weight: int
    start: str | None = None
    end: str | None = None
    relation: int | None = None
    events: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.source, self.target, self.type)


@dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]
    total_nodes: int
    total_edges: int
    limit: int
    offset: int
    center: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def entity_brief(conn: Connection, name: str) -> Node:
    """The entity a name (any alias, or ``e12``) stands for, as a bare node: for views centred on one entity
    that need its name without its whole dossier."""
    ent_id = find_entity(conn, name)
    row = conn.execute(select(t.entities.c.name, t.entities.c.type).where(t.entities.c.id == ent_id)).one()
    return Node(ent_id, row.name, row.type)


def _check(types: Sequence[str] | None, known: Iterable[str], what: str) -> None:
    known = tuple(known)
    for x in types or ():
        if x not in known:
            raise QueryError(f"unknown {what} {x!r}; one of {', '.join(known)}")


def _relation_edges(
    conn: Connection, touching: set[int] | None, types: Sequence[str] | None, node_types: Sequence[str]
) -> list[Edge]:
    subj = t.entities.alias("subj")
    obj = t.entities.alias("obj")
    n_evidence = (
        select(func.count())
        .select_from(t.evidence)
        .where(t.evidence.c.kind == "relation", t.evidence.c.fact_id == t.relations.c.id)
        .scalar_subquery()
    )
    q = (
        select(t.relations, n_evidence.label("n"))
        .join(subj, subj.c.id == t.relations.c.subject_id)
        .join(obj, obj.c.id == t.relations.c.object_id)
        .where(subj.c.type.in_(node_types), obj.c.type.in_(node_types))
    )
    if types is not None:
        q = q.where(t.relations.c.type.in_(list(types)))
    if touching is not None:
        ids = list(touching)
        q = q.where(or_(t.relations.c.subject_id.in_(ids), t.relations.c.object_id.in_(ids)))
    return [
        Edge(r.subject_id, r.object_id, r.type, "relation", max(1, r.n), r.start, r.end, relation=r.id)
        for r in conn.execute(q.order_by(t.relations.c.id))
    ]


def _events_considered(conn: Connection, touching: set[int] | None) -> list[int]:
    """The events whose participants make event edges: each node's newest ``EVENTS_PER_NODE`` (read along the
    index on (actor, date)), or the store's newest ``EVENTS_OVERALL`` for the whole network."""
    if touching is None:
        return event_page(conn, limit=EVENTS_OVERALL)
    found: set[int] = set()
    for node in sorted(touching):
        found.update(event_page(conn, actor=node, limit=EVENTS_PER_NODE))
    return sorted(found)


def _event_edges(
    conn: Connection, touching: set[int] | None, types: Sequence[str] | None, node_types: Sequence[str]
) -> list[Edge]:
    """Pairs of participants of the same events, made in Python from indexed reads (a self-join of the
    participants table is far slower in SQLite on a large store), over a bounded set of events."""
    ep = t.event_participants
    by_event: dict[int, set[tuple[int, str]]] = defaultdict(set)
    considered = _events_considered(conn, touching)
    for chunk in (considered[i : i + 500] for i in range(0, len(considered), 500)):
        q = (
            select(ep.c.event_id, ep.c.entity_id, ep.c.role)
            .join(t.entities, t.entities.c.id == ep.c.entity_id)
            .where(t.entities.c.type.in_(node_types), ep.c.event_id.in_(chunk))
        )
        for r in conn.execute(q):
            by_event[r.event_id].add((r.entity_id, r.role))
    found: dict[tuple[int, int, str], set[int]] = defaultdict(set)
    for event_id, parts in by_event.items():
        for (x, rx), (y, ry) in combinations(sorted(parts), 2):
            if x == y or (touching is not None and x not in touching and y not in touching):
                continue
            if rx in _ACTING and ry in _HIT:
                found[(x, y, "targeted")].add(event_id)
            elif ry in _ACTING and rx in _HIT:
                found[(y, x, "targeted")].add(event_id)
            else:
                found[(x, y, "co_participant")].add(event_id)
    edges = []
    for (x, y, kind), events in found.items():
        if types is not None and kind not in types:
            continue
        # "co_participant" beside a "targeted" edge for the same events says nothing new
        if kind == "co_participant":
            events = events - found.get((x, y, "targeted"), set()) - found.get((y, x, "targeted"), set())
            if not events:
                continue
        ordered = sorted(events)
        edges.append(Edge(x, y, kind, "event", len(ordered), events=ordered[:_MAX_EVENT_IDS]))
    return sorted(edges, key=lambda e: e.key)


def network(
    conn: Connection,
    *,
    center: int | None = None,
    depth: int = 1,
    relation_types: Sequence[str] | None = None,
    include_events: bool = True,
    node_types: Sequence[str] | None = None,
    limit: int = 150,
    offset: int = 0,
) -> Network:
    """The network around ``center`` (an entity id) up to ``depth`` hops, or the whole store's.

    ``relation_types`` keeps only those edge types (relation types and ``targeted``/``co_participant``);
    ``include_events=False`` drops event edges; ``node_types`` limits which kinds of entity appear.
    """
    if depth < 1 or depth > 3:
        raise QueryError("depth must be 1, 2 or 3")
    _check(relation_types, (*RELATION_TYPES, *EVENT_EDGE_TYPES), "edge type")
    _check(node_types, ENTITY_TYPES, "entity type")
    kinds = tuple(node_types) if node_types else NODE_TYPES
    if center is not None:
        row = conn.execute(select(t.entities.c.type).where(t.entities.c.id == center)).first()
        if row is None:
            raise QueryError(f"no entity e{center}")
        kinds = tuple(dict.fromkeys((*kinds, row.type)))  # the centre always shows, whatever its type

    def edges_touching(ids: set[int] | None) -> list[Edge]:
        found = _relation_edges(conn, ids, relation_types, kinds)
        if include_events:
            found += _event_edges(conn, ids, relation_types, kinds)
        return found

    if center is None:
        edges = edges_touching(None)
    else:
        seen: set[int] = {center}
        frontier = {center}
        by_key: dict[tuple[int, int, str], Edge] = {}
        for _ in range(depth):
            new: set[int] = set()
            for e in edges_touching(frontier):
                by_key.setdefault(e.key, e)
                new.update(x for x in (e.source, e.target) if x not in seen)
            seen |= new
            frontier = new
            if not frontier:
                break
        edges = list(by_key.values())

    degree: dict[int, int] = defaultdict(int)
    for e in edges:
        degree[e.source] += e.weight
        degree[e.target] += e.weight
    if center is not None:
        degree.setdefault(center, 0)
    ids = list(degree)
    info: dict[int, Node] = {}
    if ids:
        n_mentions = (
            select(func.count())
            .select_from(t.mentions)
            .where(t.mentions.c.entity_id == t.entities.c.id)
            .scalar_subquery()
        )
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            q = select(t.entities.c.id, t.entities.c.name, t.entities.c.type, n_mentions.label("m")).where(
                t.entities.c.id.in_(chunk)
            )
            for r in conn.execute(q):
                info[r.id] = Node(r.id, r.name, r.type, r.m, degree[r.id])
    ranked = sorted(
        info.values(), key=lambda n: (n.id != center, -n.degree, -n.mentions, n.name.lower(), n.id)
    )
    page = ranked[offset : offset + limit]
    keep = {n.id for n in page}
    shown = [e for e in edges if e.source in keep and e.target in keep]
    shown.sort(key=lambda e: (-e.weight, e.key))
    return Network(page, shown, len(ranked), len(edges), limit, offset, center)
