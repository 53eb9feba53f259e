"""Curation: an analyst's merges, splits, rejections and corrections, each recorded and reversible, and kept.

Every change is an ``audit`` entry: who, when, why, what it applies to (``target``), and the facts before and
after. What it applies to is named by **stable keys**, never by row ids (which change when facts are
re-extracted or events re-resolved): an event report is its document, sentence and type (``men:doc|3|attack``),
a figure its document, sentence, field and value, a relation its type and the names of its two ends, an alias
its name. The keys of every active curation sit in ``curation_keys``, and every writer looks them up by key:

- resolution (``constraints``) ties reports a curator merged and keeps apart reports a curator split;
- filing (``apply_rejections``) marks a re-extracted report or figure a curator rejected as rejected again;
- the resolved view (``event_curations``) applies corrected slots and says which curations shaped an event;
- the entity writer never gives back a rejected alias and re-merges entities a curator merged
  (``enforce_entity_merges``); the relation writer never stores a rejected relation (``relation_rejected``).

So a curation survives ``khabar reprocess`` and any later re-resolution. ``undo`` reverses an entry (and an undo
of an undo re-applies it). The operations here take row ids; ``khabar.api.Khabar`` turns names into ids.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from khabar.errors import CurationError, NotFoundError
from khabar.model import EVENT_TYPES, DocFacts, RelationFact, norm_name
from khabar.store import schema as t
from khabar.store.portable import insert_missing, rows_params, select_rows_in

__all__ = [
    "ACTIONS",
    "SLOTS",
    "CurationError",
    "AuditEntry",
    "Curation",
    "constraint_rules",
    "constraints_of",
    "apply_rejections",
    "event_curations",
    "rejected_relations",
    "rejected_aliases",
    "enforce_entity_merges",
    "report_keys",
]

ACTIONS = (
    "merge-events",
    "split-event",
    "reject-event",
    "reject-figure",
    "reject-relation",
    "reject-alias",
    "correct-event",
    "merge-entities",
    "add-alias",
    "undo",
)
SLOTS = ("date", "place", "killed", "wounded", "perpetrator", "type")


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    who: str
    action: str
    reason: str
    target: dict[str, Any]
    before: Any
    after: Any
    undo_of: int | None
    undone_by: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "who": self.who,
            "action": self.action,
            "reason": self.reason,
            "target": self.target,
            "before": self.before,
            "after": self.after,
            "undo_of": self.undo_of,
            "undone_by": self.undone_by,
        }

    @property
    def summary(self) -> str:
        """One line: what was done to what."""
        tg = self.target
        what = {
            "merge-events": lambda: f"events {' + '.join(tg.get('events', []))}",
            "split-event": lambda: f"{tg.get('document')} out of {tg.get('event')}",
            "reject-event": lambda: f"{tg.get('event')}",
            "reject-figure": lambda: (
                f"{tg.get('field')} {tg.get('value')} of {tg.get('event')} ({tg.get('document')})"
            ),
            "reject-relation": lambda: f"{tg.get('type')} {tg.get('relation')}",
            "reject-alias": lambda: f"'{tg.get('alias')}' of {tg.get('entity')}",
            "correct-event": lambda: (
                f"{tg.get('slot')} of {tg.get('event')} to {json.dumps(tg.get('value'))}"
            ),
            "merge-entities": lambda: f"{tg.get('from')} into {tg.get('into')}",
            "add-alias": lambda: f"'{tg.get('alias')}' to {tg.get('entity')}",
            "undo": lambda: f"audit entry {tg.get('audit')}",
        }.get(self.action, lambda: json.dumps(tg))()
        return f"{self.action} {what}"


def _entry(r: Any) -> AuditEntry:
    return AuditEntry(
        id=r["id"],
        at=r["at"],
        who=r["who"],
        action=r["action"],
        reason=r["reason"],
        target=json.loads(r["target"] or "{}"),
        before=json.loads(r["before"]) if r["before"] else None,
        after=json.loads(r["after"]) if r["after"] else None,
        undo_of=r["undo_of"],
        undone_by=r["undone_by"],
    )


# -- stable keys ---------------------------------------------------------------------------------------------------


def report_keys(ref: Mapping[str, Any]) -> list[str]:
    """The keys of an event report: one per sentence telling it, so a re-extracted report that shares a
    sentence and the type is the same report."""
    sentences = ref.get("sentences") or [f"#{ref.get('ordinal', 0)}"]
    return [f"men:{ref['document']}|{s}|{ref['type']}"[:255] for s in sentences]


def _figure_key(document: str, sentence: int | None, field: str, lo: int | None, hi: int | None) -> str:
    return f"fig:{document}|{sentence}|{field}|{lo}|{hi}"[:255]


def _relation_keys(type_: str, subject: Iterable[str], object_: Iterable[str]) -> list[str]:
    return sorted({f"rel:{type_}|{s}|{o}"[:255] for s in subject for o in object_})


def _entity_refs(conn: Connection, ent_id: int) -> list[str]:
    """An entity by what names it across stores: its gazetteer key, else every name it has."""
    g = conn.execute(select(t.entities.c.gazetteer_key).where(t.entities.c.id == ent_id)).scalar_one_or_none()
    if g:
        return [f"g:{g}"]
    return sorted(
        "n:" + n
        for n in conn.execute(select(t.aliases.c.norm).where(t.aliases.c.entity_id == ent_id)).scalars()
    )


# The look-ups the write path makes (per document, per event) while curations are in force, built once so that
# SQLAlchemy serves them compiled from its cache.
_m, _f = t.event_mentions.c, t.event_mention_figures.c
_SENTENCE_INDEX = select(t.sentences.c.id, t.sentences.c.idx).where(
    t.sentences.c.id.in_(bindparam("ids", expanding=True))
)
_REPORT_ROWS = select(_m.id, _m.document_id, _m.type, _m.sentences, _m.ordinal).where(
    _m.id.in_(bindparam("ids", expanding=True))
)
_REPORTS_NAMED = select(_m.id).where(
    _m.document_id == bindparam("document"), _m.type == bindparam("type"), _m.rejected == bindparam("rejected")
)
_REPORTS_OF = select(_m.id, _m.document_id, _m.type).where(_m.rejected == 0)
_FIGURES_OF = select(_f.id, _f.mention_id, _f.sentence_id, _f.field, _f.min, _f.max).where(
    _f.mention_id.in_(bindparam("ids", expanding=True))
)
_ACTIVE = (
    select(t.curation_keys.c.key, t.audit)
    .join(t.audit, t.audit.c.id == t.curation_keys.c.audit_id)
    .where(t.curation_keys.c.key.in_(bindparam("keys", expanding=True)), t.audit.c.undone_by.is_(None))
)
_HOLDERS = select(t.aliases.c.entity_id).where(t.aliases.c.norm.in_(bindparam("norms", expanding=True)))
_NAMES_OF = select(t.aliases.c.entity_id, t.aliases.c.norm).where(
    t.aliases.c.entity_id.in_(bindparam("ids", expanding=True))
)


def _sentence_index(conn: Connection, sentence_ids: Iterable[int]) -> dict[int, int]:
    ids = sorted(set(sentence_ids))
    if not ids:
        return {}
    return {i: x for i, x in conn.execute(_SENTENCE_INDEX, {"ids": ids})}


def _mention_refs(conn: Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Each event report as a stable reference: {"document", "sentences": [indexes], "type", "ordinal"}."""
    return _refs_and_figures(conn, ids, figures=False)[0]


def _refs_and_figures(
    conn: Connection, ids: Iterable[int], *, figures: bool = True
) -> tuple[dict[int, dict[str, Any]], Sequence[Any], dict[int, int]]:
    """The reports' stable references (``_mention_refs``), and with ``figures`` their figures and the sentence
    index of the sentences those cite, the sentences of both read in one statement."""
    ids = sorted(set(ids))
    if not ids:
        return {}, [], {}
    rows = conn.execute(_REPORT_ROWS, {"ids": ids}).all()
    figs: Sequence[Any] = []
    if figures and rows:
        figs = conn.execute(_FIGURES_OF, {"ids": sorted(r.id for r in rows)}).all()
    sent = {r.id: json.loads(r.sentences or "[]") for r in rows}
    cited = (x.sentence_id for x in figs if x.sentence_id is not None)
    idx = _sentence_index(conn, [*(s for ss in sent.values() for s in ss), *cited])
    refs = {
        r.id: {
            "document": r.document_id,
            "sentences": sorted({idx[s] for s in sent[r.id] if s in idx}),
            "type": r.type,
            "ordinal": r.ordinal,
        }
        for r in rows
    }
    return refs, figs, idx


_ANY_CURATION = select(t.curation_keys.c.audit_id).limit(1)


def any_curation(conn: Connection) -> bool:
    """Whether any curation is in force: one indexed probe per transaction, so a store nobody curated pays
    nothing more for curations on its write path."""
    tx = conn.get_transaction()
    cached = conn.info.get("khabar_curations")
    if cached is not None and cached[0] is tx:
        return bool(cached[1])
    found = conn.execute(_ANY_CURATION).first() is not None
    conn.info["khabar_curations"] = (tx, found)
    return found


def _forget_curations(conn: Connection) -> None:
    conn.info.pop("khabar_curations", None)


def _active(conn: Connection, keys: Iterable[str]) -> dict[int, tuple[AuditEntry, set[str]]]:
    """The active curations filed under any of these keys: {audit id: (entry, the keys that matched)}."""
    if not any_curation(conn):
        return {}
    keys = sorted(set(keys))
    out: dict[int, tuple[AuditEntry, set[str]]] = {}
    for i in range(0, len(keys), 500):
        for r in conn.execute(_ACTIVE, {"keys": keys[i : i + 500]}).mappings():
            entry = out.get(r["id"])
            if entry is None:
                out[r["id"]] = (_entry(r), {r["key"]})
            else:
                entry[1].add(r["key"])
    return out


def _find_reports(conn: Connection, ref: Mapping[str, Any], *, rejected: bool = False) -> list[int]:
    """The event reports a stable reference names now (same document and type, a sentence in common)."""
    params = {"document": ref["document"], "type": ref["type"], "rejected": int(rejected)}
    rows = conn.execute(_REPORTS_NAMED, params).scalars().all()
    want = set(ref.get("sentences") or [])
    refs = _mention_refs(conn, rows)
    if not want:
        return [i for i in rows if refs[i]["ordinal"] == ref.get("ordinal")]
    return sorted(i for i in rows if want & set(refs[i]["sentences"]))


def _find_all_reports(conn: Connection, refs: list[Mapping[str, Any]]) -> list[list[int]]:
    """``_find_reports`` of each of these references (not rejected), those naming sentences found together in a
    few statements instead of three each (what resolution asks for every time it loads a curator's merge)."""
    pairs = sorted({(ref["document"], ref["type"]) for ref in refs if ref.get("sentences")})
    named: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(0, len(pairs), 300):
        some = pairs[i : i + 300]
        chunk = select_rows_in(_REPORTS_OF, (_m.document_id, _m.type), len(some))
        for rid, document, type_ in conn.execute(chunk, rows_params(some)):
            named[(document, type_)].append(rid)
    found = _mention_refs(conn, (i for ids in named.values() for i in ids))
    out = []
    for ref in refs:
        if not ref.get("sentences"):  # found by its ordinal, in the order the store gives
            out.append(_find_reports(conn, ref))
            continue
        want = set(ref["sentences"])
        out.append(sorted(i for i in named[(ref["document"], ref["type"])] if want & set(found[i]["sentences"])))
    return out


# -- the hooks writers call ------------------------------------------------------------------------------------------


Rules = dict[int, tuple[str, list[int], list[int]]]  # audit id -> (action, reports, other reports)


def constraint_rules(conn: Connection, ids: set[int]) -> Rules:
    """The curators' merges and splits involving these reports, each with the reports it names now (found by
    their stable keys): a merge's reports, a split's reports and those it split them from."""
    if not any_curation(conn):
        return {}
    refs = _mention_refs(conn, ids)
    keys = {k for ref in refs.values() for k in report_keys(ref)}
    rules: Rules = {}
    parts: dict[int, tuple[str, list[Any], list[Any]]] = {}
    for entry, _matched in _active(conn, keys).values():
        if entry.action == "merge-events":
            parts[entry.id] = ("merge", entry.target.get("reports", []), [])
        elif entry.action == "split-event":
            parts[entry.id] = ("split", entry.target.get("split", []), entry.target.get("from", []))
    found = iter(_find_all_reports(conn, [r for _k, a, b in parts.values() for r in (*a, *b)]))
    for audit_id, (kind, first, second) in parts.items():
        firsts = [next(found) for _r in first]
        seconds = [next(found) for _r in second]
        rules[audit_id] = (kind, [i for ids in firsts for i in ids], [i for ids in seconds for i in ids])
    return rules


def constraints_of(rules: Rules) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Ties (``must``) and separations (``cannot``) from curators' rules, the later rule winning where two
    disagree: a split after a merge takes its reports out of the merged event, a merge after a split joins them."""
    must: set[tuple[int, int]] = set()
    cannot: set[tuple[int, int]] = set()
    for _audit_id, (kind, first, second) in sorted(rules.items()):
        if kind == "merge":
            group = set(first)
            cannot = {p for p in cannot if not (p[0] in group and p[1] in group)}
            hub = first[0] if first else None
            must |= {(min(hub, b), max(hub, b)) for b in first[1:] if hub is not None and b != hub}
        else:
            out = set(first)
            must = {p for p in must if not (out & set(p))}
            cannot |= {(min(a, b), max(a, b)) for a in first for b in second if a != b}
    return must, cannot


def apply_rejections(conn: Connection, ids: list[int]) -> bool:
    """Mark re-extracted reports and figures that a curator rejected before as rejected again; whether any was."""
    if not any_curation(conn):
        return False
    refs, figs, idx = _refs_and_figures(conn, ids)
    keys = {k: i for i, ref in refs.items() for k in report_keys(ref)}
    f = t.event_mention_figures.c
    fig_keys = {
        _figure_key(refs[x.mention_id]["document"], idx.get(x.sentence_id), x.field, x.min, x.max): x.id
        for x in figs
    }
    for entry, matched in _active(conn, set(keys) | set(fig_keys)).values():
        if entry.action == "reject-event":
            hit = sorted({keys[k] for k in matched if k in keys})
            if hit:
                conn.execute(
                    update(t.event_mentions).where(t.event_mentions.c.id.in_(hit)).values(rejected=1)
                )
        elif entry.action == "reject-figure":
            hit = sorted({fig_keys[k] for k in matched if k in fig_keys})
            if hit:
                conn.execute(update(t.event_mention_figures).where(f.id.in_(hit)).values(rejected=1))
    return True


def event_curations(conn: Connection, ids: list[int]) -> tuple[list[int], list[AuditEntry]]:
    """For an event made of these reports: the ids of the curations that shaped it, and its slot corrections
    (oldest first; the latest wins)."""
    if not any_curation(conn):
        return [], []
    refs, figs, idx = _refs_and_figures(conn, ids)
    keys = {k for ref in refs.values() for k in report_keys(ref)}
    keys |= {
        _figure_key(refs[x.mention_id]["document"], idx.get(x.sentence_id), x.field, x.min, x.max)
        for x in figs
    }
    found = _active(conn, keys)
    corrections = sorted((e for e, _k in found.values() if e.action == "correct-event"), key=lambda e: e.id)
    return sorted(found), corrections


def rejected_relations(
    conn: Connection, facts: DocFacts, relations: list[RelationFact]
) -> list[RelationFact]:
    """Which of a document's relations a curator rejected (one look-up for all of them): the relation's type and
    its two ends, each known by its gazetteer key or any of its names in the document."""

    def refs(key: str) -> list[str]:
        local = facts.entities[key]
        if local.gazetteer:
            return [f"g:{local.gazetteer}"]
        return sorted({"n:" + n for n in (norm_name(x) for x in (local.name, *local.aliases)) if n})

    keys = [_relation_keys(r.type, refs(r.subject), refs(r.object)) for r in relations]
    active = [
        (e, ks)
        for e, ks in _active(conn, {k for ks in keys for k in ks}).values()
        if e.action == "reject-relation"
    ]
    found = {k for _e, ks in active for k in ks}
    # the document is noted on the rejection: undoing it extracts the relation from here again
    insert_missing(
        conn,
        t.curation_keys,
        [{"key": f"doc:{facts.document.id}"[:255], "audit_id": e.id} for e, _k in active],
    )
    return [r for r, ks in zip(relations, keys, strict=True) if found & set(ks)]


def rejected_aliases(conn: Connection, names: Mapping[int, Iterable[str]]) -> set[tuple[int, str]]:
    """(entity, name) pairs a curator rejected: a later document never gives the name back to that entity."""
    by_key = {f"alias:{n}": n for ns in names.values() for n in ns}
    found = [e for e, _k in _active(conn, by_key).values() if e.action == "reject-alias"]
    out: set[tuple[int, str]] = set()
    for entry in found:
        norm = entry.target.get("norm")
        for ent_id, ns in names.items():
            if norm in set(ns) and _same_entity(conn, ent_id, entry.target):
                out.add((ent_id, norm))
    return out


def _same_entity(conn: Connection, ent_id: int, target: Mapping[str, Any]) -> bool:
    """Whether entity ``ent_id`` is the one a curation named (by gazetteer key, else by a name it still has)."""
    refs = set(_entity_refs(conn, ent_id))
    return bool(refs & set(target.get("refs", []))) or ent_id == target.get("entity_id")


def enforce_entity_merges(conn: Connection, touched: set[int]) -> dict[int, int]:
    """Entities a curator merged stay merged: where a write made or fed another entity holding one of the merged
    entity's names, it joins. Returns {merged-away id: kept id}."""
    from khabar.store.entities import merge_entities

    if not touched or not any_curation(conn):
        return {}
    names = defaultdict(set)
    for e, n in conn.execute(_NAMES_OF, {"ids": sorted(touched)}):
        names[e].add(n)
    keys = {f"ent:{n}" for ns in names.values() for n in ns}
    moved: dict[int, int] = {}
    for entry, _k in sorted(_active(conn, keys).values(), key=lambda x: x[0].id):
        if entry.action != "merge-entities":
            continue
        holders = set(conn.execute(_HOLDERS, {"norms": entry.target.get("names", [])}).scalars())
        holders = {moved.get(h, h) for h in holders}
        if len(holders) < 2:
            continue
        wanted = entry.target.get("into_id")
        keep: int = wanted if isinstance(wanted, int) and wanted in holders else min(holders)
        for other in sorted(holders - {keep}):
            merge_entities(conn, other, keep, via=f"curated merge (audit {entry.id})")
            moved[other] = keep
            _mark_entity(conn, keep, entry.id)
    return moved


def _mark_entity(conn: Connection, ent_id: int, audit_id: int, *, remove: bool = False) -> None:
    row = conn.execute(select(t.entities.c.curated).where(t.entities.c.id == ent_id)).first()
    if row is None:
        return
    ids = set(json.loads(row.curated or "[]"))
    ids = ids - {audit_id} if remove else ids | {audit_id}
    conn.execute(
        update(t.entities)
        .where(t.entities.c.id == ent_id)
        .values(curated=json.dumps(sorted(ids)) if ids else None)
    )


# -- the operations -----------------------------------------------------------------------------------------------


class Curation:
    """Curations over one open transaction (``Store.curate`` gives one). ``gazetteer`` names entities after a
    merge or an alias change."""

    def __init__(self, conn: Connection, gazetteer: Any) -> None:
        self.conn = conn
        self.gazetteer = gazetteer
        self.reextract: list[str] = []  # after an undo: documents to extract again (``Khabar.undo`` does it)

    # -- bookkeeping -------------------------------------------------------------------------------------------
    def _record(
        self, who: str, action: str, reason: str, target: dict[str, Any], before: Any, keys: Iterable[str]
    ) -> int:
        if not reason.strip():
            raise CurationError("a curation needs a reason (--reason): the audit says why")
        res = self.conn.execute(
            insert(t.audit).values(
                at=datetime.now(UTC).isoformat(timespec="seconds"),
                who=who.strip() or "unknown",
                action=action,
                reason=reason.strip(),
                target=json.dumps(target, sort_keys=True),
                before=json.dumps(before, sort_keys=True, default=str) if before is not None else None,
            )
        )
        key = res.inserted_primary_key
        assert key is not None
        audit_id = int(key[0])
        insert_missing(
            self.conn, t.curation_keys, [{"key": k, "audit_id": audit_id} for k in sorted(set(keys))]
        )
        return audit_id

    def _after(self, audit_id: int, after: Any) -> AuditEntry:
        self.conn.execute(
            update(t.audit)
            .where(t.audit.c.id == audit_id)
            .values(after=json.dumps(after, sort_keys=True, default=str))
        )
        return self.entry(audit_id)

    def entry(self, audit_id: int) -> AuditEntry:
        if not 0 < audit_id < 2**62:
            raise NotFoundError(f"no audit entry {audit_id}")
        r = self.conn.execute(select(t.audit).where(t.audit.c.id == audit_id)).mappings().first()
        if r is None:
            raise NotFoundError(f"no audit entry {audit_id}")
        return _entry(r)

    def entries(self, *, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        q = select(t.audit).order_by(t.audit.c.id.desc()).limit(limit).offset(offset)
        return [_entry(r) for r in self.conn.execute(q).mappings()]

    # -- events ----------------------------------------------------------------------------------------------
    def _reports_of(self, event_id: int) -> list[int]:
        m = t.event_mentions.c
        ids = list(self.conn.execute(select(m.id).where(m.event_id == event_id, m.rejected == 0)).scalars())
        if not ids:
            if self.conn.execute(select(t.events.c.id).where(t.events.c.id == event_id)).first() is None:
                raise NotFoundError(f"no event v{event_id} in the store")
            raise CurationError(f"event v{event_id} predates event reports: run `khabar reprocess` first")
        return ids

    def _canonical_first(self, ids: list[int]) -> int:
        m = t.event_mentions.c
        rows = self.conn.execute(
            select(m.id, m.published, m.document_id, m.ordinal).where(m.id.in_(ids))
        ).all()
        return min(rows, key=lambda r: (r.published or "9999-99-99", r.document_id, r.ordinal)).id

    def _summary(self, event_id: int | None) -> dict[str, Any] | None:
        if event_id is None:
            return None
        ev = self.conn.execute(select(t.events).where(t.events.c.id == event_id)).mappings().first()
        if ev is None:
            return None
        docs = sorted(
            set(
                self.conn.execute(
                    select(t.event_mentions.c.document_id).where(t.event_mentions.c.event_id == event_id)
                ).scalars()
            )
        )
        return {
            "id": f"v{event_id}",
            "type": ev["type"],
            "date": ev["date_start"],
            "place": ev["place_name"],
            "documents": docs,
        }

    def _redo(self, ids: Iterable[int]) -> None:
        from khabar.store.resolution import EventResolution

        EventResolution(self.conn).redo(set(ids))

    def _event_of(self, report: int) -> int | None:
        return self.conn.execute(
            select(t.event_mentions.c.event_id).where(t.event_mentions.c.id == report)
        ).scalar_one_or_none()

    def merge_events(self, a: int, b: int, *, who: str, reason: str) -> AuditEntry:
        if a == b:
            raise CurationError(f"v{a} and v{b} are the same event")
        ids_a, ids_b = self._reports_of(a), self._reports_of(b)
        hub = self._canonical_first(ids_a + ids_b)
        ids = [hub] + sorted(set(ids_a + ids_b) - {hub})
        refs = _mention_refs(self.conn, ids)
        target = {"events": [f"v{a}", f"v{b}"], "reports": [refs[r] for r in ids]}
        before = {"events": [self._summary(a), self._summary(b)]}
        audit_id = self._record(
            who, "merge-events", reason, target, before, [k for r in ids for k in report_keys(refs[r])]
        )
        self._redo(ids)
        return self._after(audit_id, {"event": self._summary(self._event_of(hub))})

    def split_event(self, event_id: int, document: str, *, who: str, reason: str) -> AuditEntry:
        ids = self._reports_of(event_id)
        docs = dict(
            self.conn.execute(
                select(t.event_mentions.c.id, t.event_mentions.c.document_id).where(
                    t.event_mentions.c.id.in_(ids)
                )
            ).all()
        )
        out = [i for i in ids if docs[i] == document]
        rest = [i for i in ids if docs[i] != document]
        if not out:
            raise CurationError(f"document {document!r} has no report in event v{event_id}")
        if not rest:
            raise CurationError(
                f"event v{event_id} is told only by {document!r}: there is nothing to split it from"
            )
        refs = _mention_refs(self.conn, ids)
        target = {"event": f"v{event_id}", "document": document, "split": [refs[i] for i in out],
                  "from": [refs[i] for i in rest]}  # fmt: skip
        before = {"event": self._summary(event_id)}
        audit_id = self._record(
            who, "split-event", reason, target, before, [k for i in ids for k in report_keys(refs[i])]
        )
        self._redo(ids)
        return self._after(
            audit_id,
            {"events": [self._summary(self._event_of(out[0])), self._summary(self._event_of(rest[0]))]},
        )

    def reject_event(self, event_id: int, *, who: str, reason: str) -> AuditEntry:
        ids = self._reports_of(event_id)
        refs = _mention_refs(self.conn, ids)
        target = {"event": f"v{event_id}", "reports": [refs[i] for i in ids]}
        audit_id = self._record(
            who,
            "reject-event",
            reason,
            target,
            {"event": self._summary(event_id)},
            [k for i in ids for k in report_keys(refs[i])],
        )
        self._set_rejected(ids, True)
        return self._after(audit_id, None)

    def _set_rejected(self, ids: list[int], rejected: bool) -> None:
        from khabar.store.resolution import EventResolution

        resolution = EventResolution(self.conn)
        seeds = resolution.seeds_of(ids)
        self.conn.execute(
            update(t.event_mentions)
            .where(t.event_mentions.c.id.in_(ids))
            .values(rejected=int(rejected), component=None, event_id=None)
        )
        resolution.resolve([] if rejected else ids, seeds)

    def reject_figure(
        self, event_id: int, *, document: str, field: str, value: int, who: str, reason: str
    ) -> AuditEntry:
        ids = self._reports_of(event_id)
        f, m = t.event_mention_figures.c, t.event_mentions.c
        rows = self.conn.execute(
            select(f.id, f.sentence_id, f.field, f.min, f.max, m.document_id)
            .join(t.event_mentions, m.id == f.mention_id)
            .where(f.mention_id.in_(ids), m.document_id == document, f.field == field, f.rejected == 0)
        ).all()
        hit = [r for r in rows if value in (r.min, r.max)]
        if not hit:
            raise CurationError(f"event v{event_id} has no {field} figure {value} from {document!r}")
        idx = _sentence_index(self.conn, (r.sentence_id for r in hit if r.sentence_id is not None))
        keys = [_figure_key(document, idx.get(r.sentence_id), r.field, r.min, r.max) for r in hit]
        target = {"event": f"v{event_id}", "document": document, "field": field, "value": value}
        before = [{"min": r.min, "max": r.max, "sentence": idx.get(r.sentence_id)} for r in hit]
        audit_id = self._record(who, "reject-figure", reason, target, before, keys)
        self.conn.execute(
            update(t.event_mention_figures).where(f.id.in_([r.id for r in hit])).values(rejected=1)
        )
        self._redo(ids)
        return self._after(audit_id, None)

    def correct_event(self, event_id: int, slot: str, value: Any, *, who: str, reason: str) -> AuditEntry:
        value = _checked_slot(slot, value)
        ids = self._reports_of(event_id)
        rep = self._canonical_first(ids)
        ref = _mention_refs(self.conn, [rep])[rep]
        target = {"event": f"v{event_id}", "report": ref, "slot": slot, "value": value}
        before = _slot_value(self.conn, event_id, slot)
        audit_id = self._record(who, "correct-event", reason, target, before, report_keys(ref))
        self._redo(ids)
        return self._after(audit_id, _slot_value(self.conn, self._event_of(rep), slot))

    # -- relations and entities -------------------------------------------------------------------------------
    def reject_relation(self, relation_id: int, *, who: str, reason: str) -> AuditEntry:
        rel = self.conn.execute(select(t.relations).where(t.relations.c.id == relation_id)).mappings().first()
        if rel is None:
            raise NotFoundError(f"no relation r{relation_id} in the store")
        ev = (
            self.conn.execute(
                select(t.evidence).where(t.evidence.c.kind == "relation", t.evidence.c.fact_id == relation_id)
            )
            .mappings()
            .all()
        )
        subject, object_ = (
            _entity_refs(self.conn, rel["subject_id"]),
            _entity_refs(self.conn, rel["object_id"]),
        )
        target = {"relation": f"r{relation_id}", "type": rel["type"], "subject": subject, "object": object_}
        before = {"relation": dict(rel), "evidence": [dict(e) for e in ev]}
        audit_id = self._record(
            who, "reject-relation", reason, target, before, _relation_keys(rel["type"], subject, object_)
        )
        self.conn.execute(
            delete(t.evidence).where(t.evidence.c.kind == "relation", t.evidence.c.fact_id == relation_id)
        )
        self.conn.execute(delete(t.relations).where(t.relations.c.id == relation_id))
        return self._after(audit_id, None)

    def reject_alias(self, entity_id: int, alias: str, *, who: str, reason: str) -> AuditEntry:
        norm = norm_name(alias)
        row = (
            self.conn.execute(
                select(t.aliases).where(t.aliases.c.entity_id == entity_id, t.aliases.c.norm == norm)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise CurationError(f"entity e{entity_id} has no name {alias!r}")
        if self.conn.execute(select(t.aliases.c.norm).where(t.aliases.c.entity_id == entity_id)).all() == [
            (norm,)
        ]:
            raise CurationError(
                f"{alias!r} is the only name of e{entity_id}: reject the entity's facts instead"
            )
        refs = [r for r in _entity_refs(self.conn, entity_id) if r != f"n:{norm}"]
        target = {
            "entity": f"e{entity_id}",
            "entity_id": entity_id,
            "alias": alias,
            "norm": norm,
            "refs": refs,
        }
        audit_id = self._record(who, "reject-alias", reason, target, {"alias": dict(row)}, [f"alias:{norm}"])
        self.conn.execute(
            delete(t.aliases).where(t.aliases.c.entity_id == entity_id, t.aliases.c.norm == norm)
        )
        self._refresh(entity_id, audit_id)
        return self._after(audit_id, None)

    def add_alias(self, entity_id: int, alias: str, *, who: str, reason: str) -> AuditEntry:
        norm = norm_name(alias)
        if not norm:
            raise CurationError(f"{alias!r} is no name")
        if self.conn.execute(select(t.entities.c.id).where(t.entities.c.id == entity_id)).first() is None:
            raise NotFoundError(f"no entity e{entity_id} in the store")
        if self.conn.execute(
            select(t.aliases.c.norm).where(t.aliases.c.entity_id == entity_id, t.aliases.c.norm == norm)
        ).first():
            raise CurationError(f"e{entity_id} already has the name {alias!r}")
        target = {"entity": f"e{entity_id}", "entity_id": entity_id, "alias": alias.strip(), "norm": norm}
        audit_id = self._record(who, "add-alias", reason, target, None, [f"alias+:{norm}"])
        self._insert_alias(entity_id, norm, alias.strip(), audit_id)
        return self._after(audit_id, {"entity": f"e{entity_id}", "aliases": self._names(entity_id)})

    def _insert_alias(self, entity_id: int, norm: str, alias: str, audit_id: int) -> None:
        from khabar.store.entities import entity_index_keys

        self.conn.execute(
            insert(t.aliases).values(
                entity_id=entity_id,
                norm=norm,
                alias=alias,
                source="curated",
                docs=0,
                via=f"curated (audit {audit_id})",
            )  # fmt: skip
        )
        type_ = self.conn.execute(select(t.entities.c.type).where(t.entities.c.id == entity_id)).scalar_one()
        insert_missing(
            self.conn,
            t.entity_keys,
            [{"key": k, "entity_id": entity_id} for k in entity_index_keys(type_, [norm])],
        )
        self._refresh(entity_id, audit_id)

    def _names(self, entity_id: int) -> list[str]:
        return sorted(
            self.conn.execute(select(t.aliases.c.alias).where(t.aliases.c.entity_id == entity_id)).scalars()
        )

    def _refresh(self, entity_id: int, audit_id: int, *, remove: bool = False) -> None:
        from khabar.store.entities import refresh_entities

        refresh_entities(self.conn, {entity_id}, self.gazetteer)
        _mark_entity(self.conn, entity_id, audit_id, remove=remove)

    def merge_entities(self, into: int, other: int, *, who: str, reason: str) -> AuditEntry:
        from khabar.store.entities import merge_entities

        if into == other:
            raise CurationError(f"e{into} and e{other} are the same entity")
        for e in (into, other):
            if self.conn.execute(select(t.entities.c.id).where(t.entities.c.id == e)).first() is None:
                raise NotFoundError(f"no entity e{e} in the store")
        names = sorted(set(self._norms(into)) | set(self._norms(other)))
        target = {"into": f"e{into}", "from": f"e{other}", "into_id": into, "names": names}
        audit_id = self._record(who, "merge-entities", reason, target, None, [f"ent:{n}" for n in names])
        moved = merge_entities(self.conn, other, into, via=f"curated merge (audit {audit_id})")
        self.conn.execute(
            update(t.audit)
            .where(t.audit.c.id == audit_id)
            .values(before=json.dumps(moved, sort_keys=True, default=str))
        )
        self._refresh(into, audit_id)
        return self._after(audit_id, {"entity": f"e{into}", "aliases": self._names(into)})

    def _norms(self, entity_id: int) -> list[str]:
        return list(
            self.conn.execute(select(t.aliases.c.norm).where(t.aliases.c.entity_id == entity_id)).scalars()
        )

    # -- undo ----------------------------------------------------------------------------------------------------
    def undo(self, audit_id: int, *, who: str, reason: str) -> AuditEntry:
        entry = self.entry(audit_id)
        if entry.undone_by is not None:
            raise CurationError(f"audit entry {audit_id} was undone already (by {entry.undone_by})")
        undo_id = self._record(
            who, "undo", reason, {"audit": audit_id, "action": entry.action}, entry.after, []
        )
        self.conn.execute(update(t.audit).where(t.audit.c.id == undo_id).values(undo_of=audit_id))
        self.conn.execute(update(t.audit).where(t.audit.c.id == audit_id).values(undone_by=undo_id))
        if entry.action == "undo":  # undoing an undo puts the original back in force
            original = self.entry(int(entry.undo_of or 0))
            self.conn.execute(update(t.audit).where(t.audit.c.id == original.id).values(undone_by=None))
            self._apply_again(original)
        else:
            self._revert(entry)
        return self._after(undo_id, entry.before)

    def _entity_now(self, ent_id: int, refs: Iterable[str]) -> int | None:
        """The entity a curation named: its id if still there, else the entity bearing its gazetteer key or a name."""
        if self.conn.execute(select(t.entities.c.id).where(t.entities.c.id == ent_id)).first() is not None:
            return ent_id
        for ref in refs:
            kind, _, value = ref.partition(":")
            col = t.entities.c.gazetteer_key if kind == "g" else None
            if col is not None:
                found = self.conn.execute(select(t.entities.c.id).where(col == value)).scalar_one_or_none()
            else:
                found = self.conn.execute(
                    select(t.aliases.c.entity_id).where(t.aliases.c.norm == value).limit(1)
                ).scalar_one_or_none()
            if found is not None:
                return int(found)
        return None

    def documents_to_extract(self, entry: AuditEntry) -> list[str]:
        """Documents whose facts an undone curation kept out and that must be extracted again to get them back
        (a rejected relation's documents, and those a later report brought it from)."""
        if entry.action != "reject-relation":
            return []
        docs = {e["document_id"] for e in (entry.before or {}).get("evidence", [])}
        docs |= {k[4:] for k in self.conn.execute(
            select(t.curation_keys.c.key).where(t.curation_keys.c.audit_id == entry.id, t.curation_keys.c.key.like("doc:%"))
        ).scalars()}  # fmt: skip
        alive = set(
            self.conn.execute(select(t.documents.c.id).where(t.documents.c.id.in_(sorted(docs)))).scalars()
        )
        return sorted(alive)

    def _revert(self, entry: AuditEntry) -> None:
        self.reextract = self.documents_to_extract(entry)
        self.conn.execute(delete(t.curation_keys).where(t.curation_keys.c.audit_id == entry.id))
        _forget_curations(self.conn)
        tg = entry.target
        if entry.action in ("merge-events", "split-event", "correct-event"):
            self._redo({i for r in _target_reports(tg) for i in _find_reports(self.conn, r)})
        elif entry.action == "reject-figure":
            self._redo(self._flag_figures(tg, False))
        elif entry.action == "reject-event":
            ids = sorted(
                {i for r in tg.get("reports", []) for i in _find_reports(self.conn, r, rejected=True)}
            )
            if ids:
                self._set_rejected(ids, False)
        elif entry.action == "reject-relation":
            self._restore_relation(entry)
        elif entry.action == "reject-alias":
            row = dict(entry.before["alias"])
            ent = self._entity_now(row["entity_id"], tg.get("refs", []))
            if ent is None:
                raise CurationError(f"cannot undo {entry.id}: entity e{row['entity_id']} is gone")
            insert_missing(self.conn, t.aliases, [row | {"entity_id": ent}])
            self._refresh(ent, entry.id, remove=True)
        elif entry.action == "add-alias":
            ent = tg["entity_id"]
            self.conn.execute(
                delete(t.aliases).where(
                    t.aliases.c.entity_id == ent,
                    t.aliases.c.norm == tg["norm"],
                    t.aliases.c.source == "curated",
                )
            )
            self._refresh(ent, entry.id, remove=True)
        elif entry.action == "merge-entities":
            from khabar.store.entities import unmerge_entities

            reports = unmerge_entities(self.conn, entry.before)
            for e in (tg["into_id"], entry.before["src"]["id"]):
                self._refresh(e, entry.id, remove=True)
            self._redo(reports)

    def _flag_figures(self, target: Mapping[str, Any], rejected: bool) -> set[int]:
        """Mark a document's figures of one field and value rejected (or not); the reports they belong to."""
        f, m = t.event_mention_figures.c, t.event_mentions.c
        rows = self.conn.execute(
            select(f.id, f.mention_id, f.min, f.max)
            .join(t.event_mentions, m.id == f.mention_id)
            .where(
                m.document_id == target["document"],
                f.field == target["field"],
                f.rejected == int(not rejected),
            )
        ).all()
        hit = [r for r in rows if target["value"] in (r.min, r.max)]
        if hit:
            self.conn.execute(
                update(t.event_mention_figures)
                .where(f.id.in_([r.id for r in hit]))
                .values(rejected=int(rejected))
            )
        return {r.mention_id for r in hit}

    def _restore_relation(self, entry: AuditEntry) -> None:
        rel = entry.before["relation"]
        r = t.relations.c
        for e in (rel["subject_id"], rel["object_id"]):
            if self.conn.execute(select(t.entities.c.id).where(t.entities.c.id == e)).first() is None:
                raise CurationError(f"cannot undo {entry.id}: entity e{e} of the relation is gone")
        same = self.conn.execute(
            select(r.id).where(
                r.type == rel["type"], r.subject_id == rel["subject_id"], r.object_id == rel["object_id"]
            )
        ).scalar_one_or_none()
        if same is None:
            self.conn.execute(insert(t.relations).values(**rel))
            same = rel["id"]
        sentences = set(self.conn.execute(select(t.sentences.c.id).where(
            t.sentences.c.id.in_([e["sentence_id"] for e in entry.before["evidence"]]))).scalars())  # fmt: skip
        insert_missing(
            self.conn,
            t.evidence,
            [{k: v for k, v in e.items() if k != "id"} | {"fact_id": same} for e in entry.before["evidence"]
             if e["sentence_id"] in sentences],
        )  # fmt: skip

    def _apply_again(self, entry: AuditEntry) -> None:
        """An undone curation put back in force (the undo of its undo)."""
        tg = entry.target
        keys: list[str] = []
        if entry.action == "merge-events":
            keys = [k for r in tg["reports"] for k in report_keys(r)]
        elif entry.action == "split-event":
            keys = [k for r in tg["split"] + tg["from"] for k in report_keys(r)]
        elif entry.action == "correct-event":
            keys = report_keys(tg["report"])
        elif entry.action == "reject-event":
            keys = [k for r in tg["reports"] for k in report_keys(r)]
        elif entry.action == "reject-figure":
            keys = [
                _figure_key(tg["document"], b["sentence"], tg["field"], b["min"], b["max"])
                for b in entry.before
            ]
        elif entry.action == "reject-relation":
            keys = _relation_keys(tg["type"], tg["subject"], tg["object"])
        elif entry.action == "reject-alias":
            keys = [f"alias:{tg['norm']}"]
        elif entry.action == "add-alias":
            keys = [f"alias+:{tg['norm']}"]
        elif entry.action == "merge-entities":
            keys = [f"ent:{n}" for n in tg["names"]]
        insert_missing(
            self.conn, t.curation_keys, [{"key": k, "audit_id": entry.id} for k in sorted(set(keys))]
        )
        if entry.action in ("merge-events", "split-event", "correct-event"):
            self._redo({i for r in _target_reports(tg) for i in _find_reports(self.conn, r)})
        elif entry.action == "reject-event":
            ids = sorted({i for r in tg["reports"] for i in _find_reports(self.conn, r)})
            if ids:
                self._set_rejected(ids, True)
        elif entry.action == "reject-figure":
            self._redo(self._flag_figures(tg, True))
        elif entry.action == "reject-relation":
            rel = entry.before["relation"]
            self.conn.execute(
                delete(t.evidence).where(t.evidence.c.kind == "relation", t.evidence.c.fact_id == rel["id"])
            )
            self.conn.execute(delete(t.relations).where(t.relations.c.id == rel["id"]))
        elif entry.action == "reject-alias":
            row = entry.before["alias"]
            self.conn.execute(
                delete(t.aliases).where(
                    t.aliases.c.entity_id == row["entity_id"], t.aliases.c.norm == row["norm"]
                )
            )
            self._refresh(row["entity_id"], entry.id)
        elif entry.action == "add-alias":
            self._insert_alias(tg["entity_id"], tg["norm"], tg["alias"], entry.id)
        elif entry.action == "merge-entities":
            from khabar.store.entities import merge_entities

            other = entry.before["src"]["id"]
            moved = merge_entities(self.conn, other, tg["into_id"], via=f"curated merge (audit {entry.id})")
            self.conn.execute(
                update(t.audit).where(t.audit.c.id == entry.id).values(before=json.dumps(moved, default=str))
            )
            self._refresh(tg["into_id"], entry.id)


# -- slots ---------------------------------------------------------------------------------------------------------


def _checked_slot(slot: str, value: Any) -> Any:
    """A corrected slot's value in its one accepted shape, or a clear error."""
    import re

    if slot not in SLOTS:
        raise CurationError(f"unknown slot {slot!r}; known: {', '.join(SLOTS)}")
    if slot == "date":
        if isinstance(value, str):
            value = {"start": value, "end": None}
        start, end = (value or {}).get("start"), (value or {}).get("end")
        for d in (start, end):
            if d is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(d)):
                raise CurationError(f"{d!r} is not a date like 2024, 2024-03 or 2024-03-22")
        if not start:
            raise CurationError("a corrected date needs a start")
        return {"start": start, "end": end}
    if slot in ("killed", "wounded"):
        if isinstance(value, int):
            value = {"min": value, "max": value}
        lo, hi = (value or {}).get("min"), (value or {}).get("max")
        if lo is None and hi is None:
            raise CurationError(f"a corrected {slot} toll needs a min or a max")
        for v in (lo, hi):
            if v is not None and (not isinstance(v, int) or v < 0):
                raise CurationError(f"{v!r} is not a count")
        return {"min": lo, "max": hi}
    if slot == "place":
        if isinstance(value, str):
            value = {"name": value}
        if not (value or {}).get("name"):
            raise CurationError("a corrected place needs a name")
        return {k: value.get(k) for k in ("name", "admin1", "country", "lat", "lon", "type")}
    if slot == "type":
        if value not in EVENT_TYPES:
            raise CurationError(f"unknown event type {value!r}")
        return value
    # perpetrator: {"entity_id": 12, "name": "..."} or {"text": "unidentified gunmen"}
    if isinstance(value, str):
        value = {"text": value}
    if not (value or {}).get("entity_id") and not (value or {}).get("text"):
        raise CurationError("a corrected perpetrator needs an entity or a text")
    return value


def _slot_value(conn: Connection, event_id: int | None, slot: str) -> Any:
    if event_id is None:
        return None
    ev = conn.execute(select(t.events).where(t.events.c.id == event_id)).mappings().first()
    if ev is None:
        return None
    if slot == "date":
        return {"start": ev["date_start"], "end": ev["date_end"]}
    if slot == "place":
        return {k: ev[k] for k in ("place_name", "admin1", "country", "lat", "lon")}
    if slot == "type":
        return ev["type"]
    if slot == "perpetrator":
        p = t.event_participants.c
        return [
            {"entity_id": r.entity_id, "text": r.text}
            for r in conn.execute(
                select(p.entity_id, p.text).where(p.event_id == event_id, p.role == "perpetrator")
            )
        ]
    f = t.event_figures.c
    rows = conn.execute(
        select(f.min, f.max, f.claim).where(f.event_id == event_id, f.field == slot).order_by(f.id)
    ).all()
    return [{"min": r.min, "max": r.max, "claim": bool(r.claim)} for r in rows]


def apply_corrections(values: dict[str, Any], corrections: list[AuditEntry]) -> dict[str, Any]:
    """The event row's values with the curators' corrected date, place and type applied (latest last)."""
    for entry in corrections:
        slot, value = entry.target["slot"], entry.target["value"]
        if slot == "date":
            values["date_start"], values["date_end"] = value["start"], value.get("end")
            values["date_precision"] = {4: "year", 7: "month", 10: "day"}.get(len(value["start"]), "day")
        elif slot == "place":
            values.update(place_name=value["name"], admin1=value.get("admin1"), country=value.get("country"),
                          lat=value.get("lat"), lon=value.get("lon"), place_entity_id=None)  # fmt: skip
        elif slot == "type":
            values["type"] = value
    return values


def perpetrator_of(conn: Connection, value: Mapping[str, Any]) -> tuple[int | None, str | None]:
    """A corrected perpetrator as (entity id, text): the entity if it is still there, else its name as text."""
    ent = value.get("entity_id")
    if ent is not None and conn.execute(select(t.entities.c.id).where(t.entities.c.id == ent)).first():
        return int(ent), None
    if value.get("name"):
        found = conn.execute(
            select(t.aliases.c.entity_id).where(t.aliases.c.norm == norm_name(str(value["name"]))).limit(1)
        ).scalar_one_or_none()
        if found is not None:
            return int(found), None
    return None, value.get("text") or value.get("name")


def _target_reports(tg: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The event reports a curation's target names."""
    if "reports" in tg:
        return list(tg["reports"])
    if "report" in tg:
        return [tg["report"]]
    return list(tg.get("split", [])) + list(tg.get("from", []))
