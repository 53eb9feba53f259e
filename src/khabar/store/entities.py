"""Entities in the store: a document's names resolved to entities, and entities merged, by indexed look-ups only.

``EntityWriter.write`` resolves each of a document's entities (``resolve.entities.resolve_entity`` decides; the
look-ups it asks for go to the unique gazetteer key, the ``aliases.norm`` index and the ``entity_keys`` index,
never a scan), then records every name in one batched upsert per document. What the store shows does not depend
on the order documents came in:

- an entity's **name** is its gazetteer name, else the name most documents use (then the longest, then byte
  order); its **type** the one most documents gave it; an alias's **spelling** the best of those written (not
  all capitals, then byte order);
- a person known only by one word waits as one entity and joins the full name once exactly one person is known in
  full by that word (``absorb_lone``).

``merge`` moves everything of one entity onto another (names, mentions, participations, figures' sources,
relations) and returns what it moved, so a curator's merge can be undone.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Executable, bindparam, delete, insert, or_, select, union_all, update

from khabar.extract.gazetteer import Gazetteer
from khabar.model import DocFacts, LocalEntity, norm_name
from khabar.resolve.entities import (
    KnownEntity,
    Resolution,
    lone_name,
    resolve_entity,
    spelling_keys,
    surname,
)
from khabar.store import schema as t
from khabar.store.portable import insert_missing

__all__ = [
    "EntityWriter",
    "merge_entities",
    "unmerge_entities",
    "refresh_entities",
    "entity_index_keys",
    "spelling_rank",
    "TYPE_ORDER",
]

CANDIDATES = 200  # at most this many entities per look-up key: a block, never the store
TYPE_ORDER = ("armed_group", "person", "location", "country", "facility", "organization", "other")

# The statements each document's entities run, built once so that SQLAlchemy serves them compiled from its cache
# (building ``select(...).where(col.in_(list))`` anew per call cost more than running it).
_e, _a, _k = t.entities.c, t.aliases.c, t.entity_keys.c
_ENTITIES = select(t.entities).where(_e.id.in_(bindparam("ids", expanding=True)))
_ENTITIES_NAMED = select(_a.norm, _a.entity_id).where(_a.norm.in_(bindparam("norms", expanding=True)))
_ENTITIES_KEYED = select(_e.gazetteer_key, _e.id).where(_e.gazetteer_key.in_(bindparam("keys", expanding=True)))
_NAMES_OF = select(_a.entity_id, _a.norm).where(_a.entity_id.in_(bindparam("ids", expanding=True)))
_ALIASES_OF = select(_a.entity_id, _a.norm, _a.alias, _a.docs, _a.source).where(
    _a.entity_id.in_(bindparam("ids", expanding=True))
)
_COUNT_ALIASES = (
    update(t.aliases)
    .where(_a.entity_id == bindparam("e"), _a.norm == bindparam("n"))
    .values(docs=bindparam("d"), alias=bindparam("spelled"))
)
_INSERT_ENTITY = insert(t.entities)
_UPDATE_ENTITIES = (
    update(t.entities)
    .where(_e.id == bindparam("e"))
    .values(name=bindparam("n"), type=bindparam("t"), type_votes=bindparam("v"))
)
_PEOPLE_NAMES = (  # the names of those of some entities that are people
    select(_a.entity_id, _a.norm)
    .join(t.entities, _e.id == _a.entity_id)
    .where(_a.entity_id.in_(bindparam("ids", expanding=True)), _e.type == "person")
)
_PEOPLE_NAMED = (
    select(_a.norm, _a.entity_id)
    .join(t.entities, _e.id == _a.entity_id)
    .where(_a.norm.in_(bindparam("norms", expanding=True)), _e.type == "person")
)


@functools.cache
def _probes(count: int, limit: int, by_id: bool) -> Executable:
    """``count`` indexed probes of ``entity_keys`` (keys bound as ``k0``, ``k1`` ...), each limited to ``limit``
    ids (the first by id with ``by_id``), joined into one statement: built once per count."""
    probes = []
    for i in range(count):
        probe = select(_k.key, _k.entity_id).where(_k.key == bindparam(f"k{i}"))
        probes.append((probe.order_by(_k.entity_id) if by_id else probe).limit(limit).subquery())
    parts = [select(p.c.key, p.c.entity_id) for p in probes]
    return union_all(*parts) if count > 1 else parts[0]


def _probe(conn: Connection, keys: list[str], limit: int, *, by_id: bool) -> Iterable[Any]:
    return conn.execute(_probes(len(keys), limit, by_id), {f"k{i}": key for i, key in enumerate(keys)})


@functools.lru_cache(maxsize=100_000)  # asked for every name of every entity a document touches
def spelling_rank(alias: str) -> tuple[bool, bytes]:
    """Lower is better: a spelling not in capitals only, then byte order ("Kabul" over "KABUL")."""
    letters = [c for c in alias if c.isalpha()]
    shouting = len(letters) > 3 and all(c.isupper() for c in letters)
    return (shouting, alias.encode())


def _known(r: Mapping[str, Any]) -> KnownEntity:
    return KnownEntity(
        id=r["id"], name=r["name"], type=r["type"], gazetteer_key=r["gazetteer_key"], lone=r["lone"]
    )


class _Lookups:
    """``resolve.KnownEntities`` over one connection: each look-up is one indexed query, cached per document, and
    sees the document's own decisions so far (``note``) before they are written."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.alias_cache: dict[str, list[KnownEntity]] = {}
        self.key_cache: dict[str, list[int]] = {}  # what the store files under a key
        self.key_added: dict[str, list[int]] = {}  # what this document files under it (written at the end)
        self.gazetteer_cache: dict[str, KnownEntity | None] = {}
        self.local: dict[int, KnownEntity] = {}  # entities this document made or joined
        # stored entities as read: the store's entities and names do not change until the document's names are
        # written at the end, and those it makes or joins are in ``local``
        self.stored: dict[int, KnownEntity] = {}
        self.rows: dict[int, dict[str, Any]] = {}  # their rows as read (and the rows of the entities made here)

    def _entities(self, ids: Iterable[int]) -> list[KnownEntity]:
        ids = sorted(set(ids))
        missing = [i for i in ids if i not in self.stored]
        if missing:
            rows = self.conn.execute(_ENTITIES, {"ids": missing}).mappings().all()
            lone = _lone_entities(self.conn, [r["id"] for r in rows if r["type"] == "person"])
            for r in rows:
                self.rows[r["id"]] = dict(r)
                self.stored[r["id"]] = _known({**r, "lone": r["id"] in lone})
        return [self.stored[i] for i in ids if i in self.stored]

    def prefetch(self, norms: set[str], gazetteer_keys: set[str]) -> None:
        """The entities bearing any of a document's names or gazetteer keys, in two queries."""
        norms = {n for n in norms if n and n not in self.alias_cache}
        rows: Sequence[Any] = []
        if norms:
            rows = self.conn.execute(_ENTITIES_NAMED, {"norms": sorted(norms)}).all()
        keys = sorted(k for k in gazetteer_keys if k not in self.gazetteer_cache)
        found: Sequence[Any] = []
        if keys:
            found = self.conn.execute(_ENTITIES_KEYED, {"keys": keys}).all()
        ents = {e.id: e for e in self._entities([*(r.entity_id for r in rows), *(r.id for r in found)])}
        for n in norms:
            self.alias_cache[n] = []
        for r in rows:
            self.alias_cache[r.norm].append(ents[r.entity_id])
        for k in keys:
            self.gazetteer_cache[k] = None
        for r in found:
            self.gazetteer_cache[r.gazetteer_key] = ents[r.id]

    def note(self, ent: KnownEntity, norms: Iterable[str], index_keys: Iterable[str]) -> None:
        """This document gave ``ent`` these names: later look-ups in the document find it by them."""
        self.local[ent.id] = ent
        for n in norms:
            have = self.by_alias(n)
            if all(e.id != ent.id for e in have):
                self.alias_cache[n] = [*have, ent]
        for k in index_keys:  # no read: the stored ids are looked up (and these put after them) when asked
            added = self.key_added.setdefault(k, [])
            if ent.id not in added:
                added.append(ent.id)

    def by_gazetteer(self, key: str) -> KnownEntity | None:
        if key not in self.gazetteer_cache:
            self.prefetch(set(), {key})
        return self.gazetteer_cache.get(key)

    def by_alias(self, norm: str) -> list[KnownEntity]:
        if norm not in self.alias_cache:
            self.prefetch({norm}, set())
        return [self.local.get(e.id, e) for e in self.alias_cache.get(norm, [])]

    def _fetch_keys(self, keys: Iterable[str]) -> None:
        """The stored ids under each of these keys (the first ``CANDIDATES`` by id), in one statement per 100."""
        todo = sorted({k for k in keys if k not in self.key_cache})
        for i in range(0, len(todo), 100):
            chunk = todo[i : i + 100]
            found = _stored_under(self.conn, chunk)
            for k in chunk:
                self.key_cache[k] = found.get(k, [])

    def _by_key(self, key: str) -> list[int]:
        if key not in self.key_cache:
            self._fetch_keys([key])
        stored = self.key_cache[key]
        extra = [i for i in self.key_added.get(key, []) if i not in stored]
        return [*stored, *extra] if extra else stored

    def _resolve_ids(self, ids: Iterable[int]) -> list[KnownEntity]:
        ids = list(dict.fromkeys(ids))
        stored = {e.id: e for e in self._entities(i for i in ids if i not in self.local)}
        return [self.local.get(i) or stored[i] for i in ids if i in self.local or i in stored]

    def by_surname(self, word: str) -> list[KnownEntity]:
        return self._resolve_ids(self._by_key(f"sur:{word}"))

    def by_one_word(self, word: str) -> list[KnownEntity]:
        return self._resolve_ids(self._by_key(f"one:{word}"))

    def similar(self, norm: str, type_: str) -> list[tuple[KnownEntity, str]]:
        self._fetch_keys(f"tok:{k}" for k in spelling_keys(norm))
        ids = {i for k in sorted(spelling_keys(norm)) for i in self._by_key(f"tok:{k}")}
        ents = {e.id: e for e in self._resolve_ids(sorted(ids)) if e.type == type_}
        if not ents:
            return []
        names = {(r.entity_id, r.norm) for r in self.conn.execute(_NAMES_OF, {"ids": sorted(ents)})}
        names |= {(e, n) for n, es in self.alias_cache.items() for x in es if (e := x.id) in ents}
        return sorted(((ents[e], n) for e, n in names if " " in n), key=lambda x: (x[0].id, x[1]))


def _stored_under(conn: Connection, keys: list[str]) -> dict[str, list[int]]:
    """{key: the first ``CANDIDATES`` entity ids filed under it, by id}: one indexed, limited probe per key,
    joined into one statement."""
    if not keys:
        return {}
    out: dict[str, list[int]] = defaultdict(list)
    for key, eid in _probe(conn, keys, CANDIDATES, by_id=True):
        out[key].append(eid)
    return {key: sorted(ids) for key, ids in out.items()}


def _lone_entities(conn: Connection, person_ids: list[int]) -> set[int]:
    """Which of these people the store knows only by one word (every name a lone name)."""
    if not person_ids:
        return set()
    full: set[int] = set()
    seen: set[int] = set()
    for eid, norm in conn.execute(_NAMES_OF, {"ids": sorted(set(person_ids))}):
        seen.add(eid)
        if lone_name(norm) is None:
            full.add(eid)
    return seen - full


class EntityWriter:
    """Resolves and records one document's entities inside the write's transaction: the look-ups, then one
    insert per new entity and one batched statement each for names, index keys, counts and names/types."""

    def __init__(self, conn: Connection, gazetteer: Gazetteer) -> None:
        self.conn = conn
        self.gazetteer = gazetteer
        self.known = _Lookups(conn)
        self.decisions: dict[str, Resolution] = {}

    def write(self, facts: DocFacts) -> tuple[dict[str, int], int]:
        """Entity ids for the document's local keys, and how many entities are new."""
        self.known.prefetch(
            {norm_name(n) for e in facts.entities.values() for n in (e.name, *e.aliases)},
            {e.gazetteer for e in facts.entities.values() if e.gazetteer},
        )
        ids: dict[str, int] = {}
        new = 0
        names: dict[int, dict[str, str]] = defaultdict(
            dict
        )  # entity -> norm -> best spelling in this document
        via: dict[tuple[int, str], str] = {}
        votes: dict[int, Counter[str]] = defaultdict(Counter)
        sources: dict[tuple[int, str], str] = {}
        weight: dict[tuple[int, str], int] = {}  # 2: a document's main name for it, 1: another of its names
        ranks: dict[tuple[int, str], tuple[Any, ...]] = {}
        for key in sorted(facts.entities):
            local = facts.entities[key]
            res = resolve_entity(local, self.known)
            self.decisions[key] = res
            if res.entity is None:
                ent = self._insert(local, names, via, sources, ranks)
                new += 1
            else:
                ent = res.entity
            ids[key] = ent.id
            votes[ent.id][local.type] += 1
            mine: list[str] = []
            for name in sorted({local.name, *local.aliases}):
                n = norm_name(name)
                if not n:
                    continue
                mine.append(n)
                spelled = name.strip()
                rank = (name != local.name, *spelling_rank(spelled))  # within a document its main name first
                if n not in names[ent.id] or rank < ranks.get((ent.id, n), rank):
                    names[ent.id][n] = spelled
                    ranks[(ent.id, n)] = rank
                via.setdefault((ent.id, n), f"{res.how}: {res.detail}" if res.detail else res.how)
                sources.setdefault((ent.id, n), "text")
                weight[(ent.id, n)] = max(weight.get((ent.id, n), 0), 2 if name == local.name else 1)
            lone = (
                ent.lone
                if res.entity is not None
                else (ent.type == "person" and all(lone_name(n) for n in mine))
            )
            if ent.lone and any(lone_name(n) is None for n in mine):
                lone = False
            ent = KnownEntity(ent.id, ent.name, ent.type, ent.gazetteer_key, lone)
            self.known.note(ent, mine, entity_index_keys(ent.type, mine))
        touched = set(ids.values())
        types = {i: self.known.local[i].type for i in touched}
        aliases = self._store_names(touched, names, via, weight, sources, types)
        # what the store holds of these entities is known now (their rows as read or made, their names as read and
        # written): the lone-name check and the refresh read it again only if a merge changed it
        people = [(e, n) for e in sorted(touched) if types[e] == "person" for n in aliases[e]]
        from khabar.store.curation import enforce_entity_merges

        merged = False
        for merge in (  # a curator's merge holds for new names too
            lambda conn, ents: absorb_lone(conn, ents, names=people),
            enforce_entity_merges,
        ):
            moved = merge(self.conn, set(ids.values()))
            ids = {k: moved.get(v, v) for k, v in ids.items()}
            for src, dst in moved.items():
                votes[dst].update(votes.pop(src, Counter()))
            merged = merged or bool(moved)
        known = None if merged else ({i: self.known.rows[i] for i in touched}, aliases)
        refresh_entities(self.conn, set(ids.values()), self.gazetteer, votes, known=known)
        return ids, new

    def _insert(
        self,
        local: LocalEntity,
        names: dict[int, dict[str, str]],
        via: dict[tuple[int, str], str],
        sources: dict[tuple[int, str], str],
        ranks: dict[tuple[int, str], tuple[Any, ...]],
    ) -> KnownEntity:
        name = local.name
        entry = self.gazetteer.get(local.gazetteer) if local.gazetteer else None
        if entry is not None:
            name = entry.name
        place = local.place
        res = self.conn.execute(
            _INSERT_ENTITY,
            {
                "name": name,
                "type": local.type,
                "gazetteer_key": local.gazetteer,
                "country": place.country if place else None,
                "admin1": place.admin1 if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "extractor": local.extractor,
                "type_votes": "{}",
            },
        )
        key = res.inserted_primary_key
        assert key is not None
        ent_id = int(key[0])
        self.known.rows[ent_id] = {"id": ent_id, "name": name, "type": local.type, "gazetteer_key": local.gazetteer,
                                   "type_votes": "{}"}  # fmt: skip
        if entry is not None:
            for n in sorted({entry.name, *entry.aliases}):
                if norm_name(n):
                    names[ent_id].setdefault(norm_name(n), n.strip())
                    via.setdefault((ent_id, norm_name(n)), "gazetteer")
                    ranks[(ent_id, norm_name(n))] = (False, False, b"")  # the gazetteer's spelling stays
                    sources.setdefault((ent_id, norm_name(n)), "gazetteer")
        return KnownEntity(ent_id, name, local.type, local.gazetteer, False)

    def _store_names(
        self,
        touched: set[int],
        names: Mapping[int, Mapping[str, str]],
        via: Mapping[tuple[int, str], str],
        weight: Mapping[tuple[int, str], int],
        sources: Mapping[tuple[int, str], str],
        types: Mapping[int, str],
    ) -> dict[int, dict[str, _Alias]]:
        """New names inserted, known ones counted once more (a better spelling replacing a worse one), index
        keys filed: one read and three batched writes for the whole document. Returns every name the ``touched``
        entities have now (what the read found, as written)."""
        if not touched:
            return {}
        now: dict[int, dict[str, _Alias]] = {e: {} for e in touched}
        for r in self.conn.execute(_ALIASES_OF, {"ids": sorted(touched)}):
            now[r.entity_id][r.norm] = _Alias(r.alias, r.docs, r.source)
        from khabar.store.curation import rejected_aliases

        rejected = rejected_aliases(self.conn, names) if names else set()
        fresh, counted = [], []
        for e in sorted(names):
            have = now[e]
            for n, spelled in sorted(names[e].items()):
                if (e, n) in rejected:
                    continue
                docs = weight.get((e, n), 0)
                row = have.get(n)
                if row is None:
                    source = sources.get((e, n), "text")
                    fresh.append({"entity_id": e, "norm": n, "alias": spelled, "source": source, "docs": docs,
                                  "via": via.get((e, n))})  # fmt: skip
                    have[n] = _Alias(spelled, docs, source)
                else:
                    better = row.alias
                    if row.source != "gazetteer" and spelling_rank(spelled) < spelling_rank(row.alias):
                        better = spelled
                    counted.append({"e": e, "n": n, "d": row.docs + docs, "spelled": better})
                    have[n] = _Alias(better, row.docs + docs, row.source)
        insert_missing(self.conn, t.aliases, fresh)
        if counted:
            self.conn.execute(_COUNT_ALIASES, counted)
        keys = [
            {"key": k, "entity_id": e}
            for e in sorted(names)
            for k in entity_index_keys(types[e], [n for n in names[e] if (e, n) not in rejected])
        ]
        insert_missing(self.conn, t.entity_keys, keys)
        return now


class _Alias(NamedTuple):
    """One name of an entity as the store holds it (what choosing its display name weighs)."""

    alias: str
    docs: int
    source: str


def entity_index_keys(ent_type: str, names: Iterable[str]) -> list[str]:
    """The ``entity_keys`` an entity of this type with these names is found under."""
    out: set[str] = set()
    for n in names:
        out |= _name_index_keys(ent_type, n)
    return sorted(k[:255] for k in out)


@functools.lru_cache(maxsize=50_000)
def _name_index_keys(ent_type: str, norm: str) -> frozenset[str]:
    """One name's index keys (untruncated), remembered: the same names come back document after document."""
    out: set[str] = set()
    if ent_type == "person" and (s := surname(norm)):
        out.add(f"sur:{s}")
    elif ent_type == "person" and (w := lone_name(norm)):
        out.add(f"one:{w}")  # known by one word, however written ("al-Barnawi", "Barnawi", "Mullah Barnawi")
    if ent_type in {"person", "armed_group", "location"}:
        out |= {f"tok:{k}" for k in spelling_keys(norm)}
    return frozenset(out)


def refresh_entities(
    conn: Connection,
    ids: set[int],
    gazetteer: Gazetteer,
    votes: Mapping[int, Counter[str]] | None = None,
    *,
    known: tuple[Mapping[int, Mapping[str, Any]], Mapping[int, Mapping[str, _Alias]]] | None = None,
) -> None:
    """Recompute the name and type of these entities from their aliases and type votes (order-independent),
    adding ``votes`` (this document's types) first. ``known``: their rows and names as the store holds them now
    (the writer that just wrote them knows), instead of reading them."""
    if not ids:
        return
    aliases: dict[int, list[Any]] = defaultdict(list)
    if known is not None:
        rows, names = known
        ents: Sequence[Any] = [rows[i] for i in sorted(ids)]
        for i in ids:
            aliases[i] = list(names[i].values())
    else:
        ents = conn.execute(_ENTITIES, {"ids": sorted(ids)}).mappings().all()
        for r in conn.execute(_ALIASES_OF, {"ids": sorted(ids)}):
            aliases[r.entity_id].append(r)
    changed = []
    for e in ents:
        values: dict[str, Any] = {}
        votes_now = Counter(json.loads(e["type_votes"] or "{}"))
        if votes and e["id"] in votes:
            votes_now.update(votes[e["id"]])
            values["type_votes"] = json.dumps(dict(sorted(votes_now.items())))
        entry = gazetteer.get(e["gazetteer_key"]) if e["gazetteer_key"] else None
        if entry is not None:
            name = entry.name
        elif aliases[e["id"]]:
            person = e["type"] == "person"
            best = min(
                aliases[e["id"]],
                key=lambda a: (
                    person and lone_name(a.alias) is not None,  # a person's full name before a lone one
                    -a.docs,
                    a.source == "gazetteer",
                    -len(a.alias.split()),
                    -len(a.alias),
                    spelling_rank(a.alias),
                ),
            )
            name = best.alias
        else:
            name = e["name"]
        if name != e["name"]:
            values["name"] = name
        if votes_now:
            order = {k: i for i, k in enumerate(TYPE_ORDER)}
            type_ = max(votes_now, key=lambda k: (votes_now[k], -order.get(k, 99)))
            if type_ != e["type"]:
                values["type"] = type_
        if values:
            row = {"e": e["id"], "n": e["name"], "t": e["type"], "v": e["type_votes"]}
            changed.append(row | {{"name": "n", "type": "t", "type_votes": "v"}[k]: v for k, v in values.items()})
    if changed:  # one executemany for the document's entities
        conn.execute(_UPDATE_ENTITIES, changed)


def absorb_lone(
    conn: Connection, touched: set[int], *, names: Sequence[tuple[int, str]] | None = None
) -> dict[int, int]:
    """A person known only by one word joins the one person known in full by it, once there is exactly one;
    returns {absorbed id: the full person's id}. ``names``: the (entity, name) pairs of those of ``touched``
    that are people, if the caller knows them."""
    if not touched:
        return {}
    if names is None:
        names = conn.execute(_PEOPLE_NAMES, {"ids": sorted(touched)}).all()
    lone = {eid for eid, _n in names} - {eid for eid, norm in names if lone_name(norm) is None}
    out: dict[int, int] = {}
    words: dict[str, set[int]] = defaultdict(set)
    for eid, norm in names:
        if eid in lone:
            if w := lone_name(norm):
                words[w].add(eid)
        elif s := surname(norm):
            words[s].add(eid)
    todo = sorted(words)
    while todo:  # the words' look-ups in a few statements; a merge changes the store, so the rest read again
        fulls, waitings = _lone_candidates(conn, todo)
        merged = False
        while todo and not merged:
            word = todo.pop(0)
            full = fulls[word]
            if len(full) != 1:
                continue
            (target,) = full
            for src in sorted(waitings[word] - {target} - set(out)):
                merge_entities(conn, src, target, via=f"surname: the only person known in full by '{word}'")
                out[src] = target
                merged = True
    return out


def _lone_candidates(conn: Connection, words: list[str]) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """For each word: the people known in full by it as their surname (of the first three filed under
    ``sur:word``; looked up only for words someone waits under), and the people known only by it."""
    named: dict[str, set[int]] = defaultdict(set)
    for i in range(0, len(words), 500):
        for norm, eid in conn.execute(_PEOPLE_NAMED, {"norms": words[i : i + 500]}):
            named[norm].add(eid)
    for i in range(0, len(words), 100):  # and those named by the word with a particle or a title ("al-Barnawi")
        for key, eid in _probe(conn, [f"one:{w}" for w in words[i : i + 100]], CANDIDATES, by_id=True):
            named[key[4:]].add(eid)
    lone = _lone_entities(conn, sorted({e for es in named.values() for e in es}))
    waiting = {w: named[w] & lone for w in words}
    # the people known in full by a word matter only where someone waits under it (most documents: nobody)
    probes = [f"sur:{w}" for w in words if waiting[w]]
    filed: dict[str, set[int]] = defaultdict(set)
    for i in range(0, len(probes), 100):
        for key, eid in _probe(conn, probes[i : i + 100], 3, by_id=False):
            filed[key[4:]].add(eid)
    lone |= _lone_entities(conn, sorted({e for es in filed.values() for e in es} - set().union(*named.values())))
    return {w: filed[w] - lone for w in words}, waiting


def merge_entities(conn: Connection, src: int, dst: int, *, via: str) -> dict[str, Any]:
    """Move everything of entity ``src`` onto ``dst`` and delete ``src``. Returns what moved, enough for
    ``unmerge_entities`` to put it back."""
    moved: dict[str, Any] = {
        "src": dict(conn.execute(select(t.entities).where(t.entities.c.id == src)).mappings().one()),
        "dst": dst,
    }
    a = t.aliases.c
    src_aliases = conn.execute(select(t.aliases).where(a.entity_id == src)).mappings().all()
    dst_aliases = {r.norm: r for r in conn.execute(select(a.norm, a.alias, a.docs).where(a.entity_id == dst))}
    moved["aliases"] = [dict(r) | {"existed": r["norm"] in dst_aliases} for r in src_aliases]
    for r in src_aliases:
        have = dst_aliases.get(r["norm"])
        if have is None:
            conn.execute(insert(t.aliases).values(**{**dict(r), "entity_id": dst, "via": via}))
        else:
            values: dict[str, Any] = {"docs": have.docs + r["docs"]}
            if spelling_rank(r["alias"]) < spelling_rank(have.alias):
                values["alias"] = r["alias"]
            conn.execute(update(t.aliases).where(a.entity_id == dst, a.norm == r["norm"]).values(**values))
    conn.execute(delete(t.aliases).where(a.entity_id == src))
    keys = list(conn.execute(select(t.entity_keys.c.key).where(t.entity_keys.c.entity_id == src)).scalars())
    insert_missing(conn, t.entity_keys, [{"key": k, "entity_id": dst} for k in keys])
    for table, column in _ENTITY_REFERENCES:
        col = table.c[column]
        moved[table.name + "." + column] = list(conn.execute(select(table.c.id).where(col == src)).scalars())
        conn.execute(update(table).where(col == src).values({column: dst}))
    moved["relations"] = _merge_relations(conn, src, dst)
    votes = Counter(json.loads(moved["src"]["type_votes"] or "{}"))
    row = conn.execute(select(t.entities.c.type_votes).where(t.entities.c.id == dst)).scalar_one()
    votes.update(json.loads(row or "{}"))
    conn.execute(
        update(t.entities)
        .where(t.entities.c.id == dst)
        .values(type_votes=json.dumps(dict(sorted(votes.items()))))
    )
    conn.execute(delete(t.entity_keys).where(t.entity_keys.c.entity_id == src))
    conn.execute(delete(t.entities).where(t.entities.c.id == src))
    return moved


# every column that points at an entity (relations apart): what a merge moves
_ENTITY_REFERENCES = (
    (t.mentions, "entity_id"),
    (t.event_participants, "entity_id"),
    (t.event_mention_participants, "entity_id"),
    (t.event_figures, "said_by_entity_id"),
    (t.event_mention_figures, "said_by_entity_id"),
    (t.events, "place_entity_id"),
    (t.event_mentions, "place_entity_id"),
)


def _evidence_rows(conn: Connection, relation_id: int) -> list[dict[str, Any]]:
    ev = t.evidence.c
    return [
        dict(r)
        for r in conn.execute(
            select(t.evidence).where(ev.kind == "relation", ev.fact_id == relation_id)
        ).mappings()
    ]


def _merge_relations(conn: Connection, src: int, dst: int) -> list[dict[str, Any]]:
    """Relations of ``src`` become ``dst``'s; where ``dst`` has the same one, the evidence joins it."""
    r, ev = t.relations.c, t.evidence.c
    out = []
    rows = (
        conn.execute(select(t.relations).where(or_(r.subject_id == src, r.object_id == src))).mappings().all()
    )
    for rel in rows:
        subj = dst if rel["subject_id"] == src else rel["subject_id"]
        obj = dst if rel["object_id"] == src else rel["object_id"]
        record: dict[str, Any] = {"row": dict(rel), "evidence": _evidence_rows(conn, rel["id"]), "into": None}
        same = None
        if subj != obj:
            same = (
                conn.execute(
                    select(t.relations).where(r.type == rel["type"], r.subject_id == subj, r.object_id == obj)
                )
                .mappings()
                .first()
            )
        if subj != obj and same is None:
            conn.execute(update(t.relations).where(r.id == rel["id"]).values(subject_id=subj, object_id=obj))
            record["how"] = "moved"
        else:
            if same is not None:  # the same relation of ``dst``: the evidence joins it
                record["how"], record["into"] = "joined", same["id"]
                record["into_had"] = [e["sentence_id"] for e in _evidence_rows(conn, same["id"])]
                insert_missing(
                    conn,
                    t.evidence,
                    [
                        {k: v for k, v in e.items() if k != "id"} | {"fact_id": same["id"]}
                        for e in record["evidence"]
                    ],
                )
            else:  # a tie between the two merged entities says nothing any more
                record["how"] = "dropped"
            conn.execute(delete(t.evidence).where(ev.kind == "relation", ev.fact_id == rel["id"]))
            conn.execute(delete(t.relations).where(r.id == rel["id"]))
        out.append(record)
    return out


def unmerge_entities(conn: Connection, moved: Mapping[str, Any]) -> set[int]:
    """Put back what ``merge_entities`` moved (the rows still there): the entity, its names, the mentions,
    participations, figures' sources and relations that were its own; and what documents re-extracted since
    the merge gave the merged entity under a name only the other had. Returns the event reports whose
    participants moved back (their events are to be written again)."""
    src = dict(moved["src"])
    src_id, dst = src["id"], moved["dst"]
    if conn.execute(select(t.entities.c.id).where(t.entities.c.id == dst)).first() is None:
        raise KeyError(f"e{dst}")
    conn.execute(insert(t.entities).values(**src))
    a = t.aliases.c
    for alias in moved["aliases"]:
        row = {k: v for k, v in alias.items() if k != "existed"}
        if alias["existed"]:
            have = conn.execute(
                select(a.docs).where(a.entity_id == dst, a.norm == row["norm"])
            ).scalar_one_or_none()
            if have is not None:
                conn.execute(
                    update(t.aliases)
                    .where(a.entity_id == dst, a.norm == row["norm"])
                    .values(docs=max(0, have - row["docs"]))
                )
        else:
            conn.execute(delete(t.aliases).where(a.entity_id == dst, a.norm == row["norm"]))
        insert_missing(conn, t.aliases, [row])
    for table, column in _ENTITY_REFERENCES:
        ids = moved.get(table.name + "." + column, [])
        for i in range(0, len(ids), 500):
            col = table.c[column]
            conn.execute(
                update(table).where(table.c.id.in_(ids[i : i + 500]), col == dst).values({column: src_id})
            )
    own = {x["norm"] for x in moved["aliases"] if not x["existed"]}  # names only the merged-away entity had
    m = t.mentions.c
    back = [
        i
        for i, text in conn.execute(select(m.id, m.text).where(m.entity_id == dst))
        if norm_name(text) in own
    ]
    for i in range(0, len(back), 500):
        conn.execute(update(t.mentions).where(m.id.in_(back[i : i + 500])).values(entity_id=src_id))
    p = t.event_mention_participants.c
    parts = [
        (i, mention)
        for i, mention, key in conn.execute(select(p.id, p.mention_id, p.key).where(p.entity_id == dst))
        if key and (bare := key.split("|", 1)[-1]).startswith("n:") and bare[2:] in own
    ]
    if parts:
        conn.execute(
            update(t.event_mention_participants)
            .where(p.id.in_([i for i, _m in parts]))
            .values(entity_id=src_id)
        )
    reports = {mention for _i, mention in parts}
    reports |= set(
        conn.execute(
            select(p.mention_id).where(p.id.in_(moved.get("event_mention_participants.entity_id", [])))
        ).scalars()
    )
    r, ev = t.relations.c, t.evidence.c
    for record in moved["relations"]:
        rel = record["row"]
        if record.get("how") == "moved":
            conn.execute(
                update(t.relations)
                .where(r.id == rel["id"])
                .values(subject_id=rel["subject_id"], object_id=rel["object_id"])
            )
            continue
        if record.get("how") == "joined":
            had = set(record.get("into_had", []))
            gone = [e["sentence_id"] for e in record["evidence"] if e["sentence_id"] not in had]
            if gone:
                conn.execute(
                    delete(t.evidence).where(
                        ev.kind == "relation", ev.fact_id == record["into"], ev.sentence_id.in_(gone)
                    )
                )
        conn.execute(insert(t.relations).values(**rel))
        alive = set(
            conn.execute(
                select(t.sentences.c.id).where(
                    t.sentences.c.id.in_([e["sentence_id"] for e in record["evidence"]])
                )
            ).scalars()
        )
        insert_missing(conn, t.evidence, [e for e in record["evidence"] if e["sentence_id"] in alive])
    votes = Counter(
        json.loads(
            conn.execute(select(t.entities.c.type_votes).where(t.entities.c.id == dst)).scalar_one() or "{}"
        )
    )
    votes.subtract(Counter(json.loads(src["type_votes"] or "{}")))
    conn.execute(
        update(t.entities)
        .where(t.entities.c.id == dst)
        .values(type_votes=json.dumps({k: v for k, v in sorted(votes.items()) if v > 0}))
    )
    for ent in (src_id, dst):
        names = list(conn.execute(select(a.norm).where(a.entity_id == ent)).scalars())
        type_ = conn.execute(select(t.entities.c.type).where(t.entities.c.id == ent)).scalar_one()
        conn.execute(delete(t.entity_keys).where(t.entity_keys.c.entity_id == ent))
        insert_missing(
            conn, t.entity_keys, [{"key": k, "entity_id": ent} for k in entity_index_keys(type_, names)]
        )
    return reports
