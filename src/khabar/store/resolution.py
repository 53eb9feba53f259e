"""Event resolution inside the store: event reports in, the resolved ``events`` view out, incrementally.

``Store.write`` files each document's events as *event reports* (``event_mentions`` with their participants,
figures and index keys) and asks ``EventResolution.resolve`` to re-decide the groups those reports touch. The
decision rules are ``khabar.resolve.events``; this module finds the reports they must be weighed against, through
indexed look-ups only (``event_mention_keys`` by key, ``event_mentions`` by document, group label or event), and
rewrites the resolved rows (``events``, ``event_participants``, ``event_figures``, ``evidence`` kind "event") of
every event whose reports changed. Nothing here ever reads all events.

Why the result equals a batch resolution of the same reports, whatever the order (see ``resolve.events``):
anchors (reports dated to a few days) form groups by links of score ``THRESHOLD`` between reports that share an
index key, a document or a curator's tie; a group's label is stored on its reports, so a new anchor re-clusters
exactly the groups it links to. The other reports each join their best anchor event (a pure function of that
report and the anchor events it is filed with), so they are re-decided whenever an anchor group they are filed
with changes. Those left over group among themselves the same way as anchors.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import islice
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update

from khabar.extract.figures import finish_figures
from khabar.extract.gazetteer import Gazetteer
from khabar.model import DocFacts, EventFact, LocalEntity, norm_name
from khabar.resolve.events import (
    Account,
    ApartKey,
    EventReport,
    Verdict,
    apart_key,
    apart_key_of,
    best_event,
    cluster,
    compare,
    is_anchor,
    keys,
    keys_apart,
    published_of,
    span_of,
    venue_tokens,
)
from khabar.resolve.slots import canonical, event_slots
from khabar.store import schema as t
from khabar.store.portable import bytewise, insert_missing

__all__ = ["EventResolution", "ReportCache", "Seeds", "entity_key", "report_revision", "report_rows"]

CHUNK = 500  # ids per IN (...) list
FEW_OWNERS = 4  # a report filing look-up reads key by key above this many sets of reports owning its keys
ACTOR_ROLES = frozenset({"perpetrator", "agent", "claimant"})
VICTIM_ROLES = frozenset({"victim", "target"})
# ``compare`` is a pure function of two reports, and each document's resolution weighs again the pairs the ones
# before it weighed: verdicts are remembered for the process, keyed by the reports' whole content, or by their
# accounts for reports of two documents (``EventReport.account``: all ``compare`` reads of those), so a story's
# reprints and reused paragraphs are weighed once against each account, not once per copy.
VERDICT_MEMO = 50_000  # pairs (each holding two reports or accounts, and the reasons): bounded memory
_VERDICTS: dict[tuple[EventReport, EventReport] | tuple[Account, Account], Verdict] = {}


_M = t.event_mentions.c
# what ``_state`` reads of a report; the queries that find reports read it with them (built once: statements with
# an expanding IN list are compiled once and their cache key is kept)
STATE = (_M.id, _M.anchor, _M.component, _M.event_id, _M.document_id)
_IDS: Any = bindparam("ids", expanding=True)
STATE_BY_ID = select(*STATE).where(_M.id.in_(_IDS), _M.rejected == 0)
ANCHORS_BY_LABEL = select(*STATE).where(_M.component.in_(_IDS), _M.anchor == 1, _M.rejected == 0)
OTHERS_BY_LABEL = select(*STATE).where(_M.component.in_(_IDS), _M.anchor == 0, _M.rejected == 0)
ANCHORS_BY_EVENT = select(*STATE).where(_M.event_id.in_(_IDS), _M.anchor == 1, _M.rejected == 0)
OTHERS_BY_EVENT = select(*STATE).where(_M.event_id.in_(_IDS), _M.anchor == 0, _M.rejected == 0)
_P, _F = t.event_mention_participants.c, t.event_mention_figures.c
REPORTS_BY_ID = select(t.event_mentions).where(_M.id.in_(_IDS), _M.rejected == 0)
ROWS_BY_ID = select(t.event_mentions).where(_M.id.in_(_IDS))
PARTS_BY_REPORT = select(_P.mention_id, _P.role, _P.key).where(_P.mention_id.in_(_IDS))
FIGS_BY_REPORT = select(_F.mention_id, _F.field, _F.min, _F.max, _F.claim, _F.rejected).where(_F.mention_id.in_(_IDS))
EVENT_PARTS_BY_REPORT = select(_P.mention_id, _P.entity_id, _P.text, _P.role, _P.id).where(_P.mention_id.in_(_IDS))
EVENT_FIGS_BY_REPORT = select(t.event_mention_figures).where(_F.mention_id.in_(_IDS), _F.rejected == 0)
REPORTS_PER_EVENT = select(_M.event_id, func.count()).where(_M.event_id.in_(_IDS)).group_by(_M.event_id)
TOLD_BY_EVENT = select(_M.event_id, _M.id, _M.anchor).where(_M.event_id.in_(_IDS), _M.rejected == 0)
UPDATE_EVENT = update(t.events).where(t.events.c.id == bindparam("_event"))  # SET: the parameters' other keys
# new events in one statement, their ids returned in the order of the rows given (as one insert each would number them)
INSERT_EVENTS = insert(t.events).returning(t.events.c.id, sort_by_parameter_order=True)
# the document's reports in one statement that returns their ids (no second query to read them back)
INSERT_REPORTS = insert(t.event_mentions).returning(_M.ordinal, _M.id)
SET_EVENT = update(t.event_mentions).where(_M.id == bindparam("i")).values(event_id=bindparam("e"))
REVISION = select(t.report_revision.c.value).where(t.report_revision.c.id == 1)
# one plain insert a table (a statement built anew at each call costs more than the insert of a few rows)
INSERT_INTO = {name: insert(table) for name, table in t.metadata.tables.items()}
_EVENT_ID: Any = bindparam("event_id")
DELETE_EVENT_ROWS = (
    delete(t.event_participants).where(t.event_participants.c.event_id == _EVENT_ID),
    delete(t.event_figures).where(t.event_figures.c.event_id == _EVENT_ID),
    delete(t.evidence).where(t.evidence.c.kind == "event", t.evidence.c.fact_id == _EVENT_ID),
)
SET_LABEL = (
    update(t.event_mentions)
    .where(_M.id == bindparam("i"))
    .values(component=bindparam("label"), anchor=bindparam("anchor"))
)


def entity_key(local: LocalEntity) -> str:
    """An entity as a document knows it, stable across stores and orders: its gazetteer key, else its name."""
    return f"g:{local.gazetteer}" if local.gazetteer else f"n:{norm_name(local.name)}"


def _in_reach(reps: Sequence[EventReport]) -> tuple[str, dict[str, str]]:
    """Which dated reports of a key block are surely apart by date from every one of ``reps`` (``surely_apart``'s
    date rules, on ISO date prefixes compared byte by byte), for ``_filed_query`` to leave out: when all of them
    are dated ("days"), reports whose days end before the first of theirs begins or begin after the last of theirs
    ends; when none is ("published"), reports beginning after the last of them was published (what one document
    says of its own events comes through its document, not its keys). A busy town's month holds many such
    reports; the rest are weighed one by one."""
    spans = [window for r in reps if (window := _day_span(r)) is not None]
    if reps and len(spans) == len(reps):
        return "days", {"first": min(s for s, _e in spans), "last": max(e for _s, e in spans)}
    published = [day for r in reps if (day := published_of(r)) is not None]
    if reps and not spans and len(published) == len(reps):
        return "published", {"published": max(published).isoformat()}
    return "any", {}


@cache
def _filed_query(anchor: bool | None, reach: str, by_key: bool = True) -> Any:
    """The reports filed under a chunk of keys (``ids``), with what ``surely_apart`` reads and their ``STATE``:
    anchors or the others (``anchor``), in reach (``_in_reach``); with the key they are found by, or (``by_key``
    False) each report once. Built once for each kind."""
    m, k_ = _M, t.event_mention_keys.c
    cond = [m.rejected == 0]
    if anchor is not None:
        cond.append(m.anchor == int(anchor))
    if reach == "days":
        ends = bytewise(func.coalesce(m.date_end, m.date_start) + "~")  # "2024-03~" sorts after every March day
        cond.append(
            or_(m.date_start.is_(None), and_(ends >= bindparam("first"), bytewise(m.date_start) <= bindparam("last")))
        )
    elif reach == "published":
        cond.append(or_(m.date_start.is_(None), bytewise(m.date_start) <= bindparam("published")))
    found = (m.type, m.country, m.date_start, m.date_end, m.published, *STATE)
    if by_key:
        return select(k_.key, *found).join(t.event_mentions, m.id == k_.mention_id).where(k_.key.in_(_IDS), *cond)
    # each report once: its id among those the keys file (a set SQLite builds from the key index) rather than the
    # join made distinct, which read and sorted a report's row once for every key it shares with the block
    return select(*found).where(m.id.in_(select(k_.mention_id).where(k_.key.in_(_IDS))), *cond)


@cache
def _document_query(anchor: bool | None) -> Any:
    """The reports of a chunk of documents (``ids``), anchors or the others, with their ``STATE``."""
    cond = [_M.document_id.in_(_IDS), _M.rejected == 0]
    if anchor is not None:
        cond.append(_M.anchor == int(anchor))
    return select(*STATE).where(*cond)


def _day_span(r: EventReport) -> tuple[str, str] | None:
    days = span_of(r)
    return (days[0].isoformat(), days[1].isoformat()) if days is not None else None


def _chunks(ids: Iterable[Any]) -> Iterable[list[Any]]:
    items = sorted(set(ids))
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _news(old: Sequence[EventReport], gained: Sequence[EventReport]) -> list[EventReport]:
    """Of the anchors a stored event's group ``gained`` (``old``: its stored anchors), those that may change how
    the group weighs a report of another document. One whose ``account`` two stored members from two documents
    give too cannot: any report is of another document than one of them, and weighs the gained anchor exactly as
    that member, so the group's best score for it and whether a member rules it out stay what they were. (A
    report of the gained anchor's own document is new, and weighed in full anyway.)"""
    if not gained:
        return []
    told: dict[Account, set[str]] = defaultdict(set)
    for r in old:
        told[r.account].add(r.document)
    return [n for n in gained if len(told.get(n.account, ())) < 2]


@dataclass
class Seeds:
    """What changed besides new reports: groups to re-decide (after a delete or a curation) and events whose
    reports changed."""

    anchor_labels: set[int] = field(default_factory=set)
    weak_labels: set[int] = field(default_factory=set)
    weak_ids: set[int] = field(default_factory=set)
    events: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.anchor_labels or self.weak_labels or self.weak_ids or self.events)


# -- building reports ---------------------------------------------------------------------------------------------


def _elders(keys: frozenset[str]) -> frozenset[str]:
    """The groups the gazetteer says these are branches of, all the way up ("armed_group|g:jua" → "g:ttp"): one
    report may blame the parent for what another blames on its splinter. Remembered for each set of perpetrators
    (a few sets among all the reports a dense store's writer reads back)."""
    return _elders_in(Gazetteer.load(), keys)


@lru_cache(maxsize=4096)
def _elders_in(gaz: Gazetteer, keys: frozenset[str]) -> frozenset[str]:
    out: set[str] = set()
    for key in keys:
        _type, _sep, ref = key.partition("|")
        entry = gaz.get(ref[2:]) if ref.startswith("g:") else None
        seen: set[str] = set()
        while entry is not None and entry.parent and entry.parent not in seen:
            seen.add(entry.parent)
            entry = gaz.get(entry.parent)
            if entry is not None:
                out.add(f"g:{entry.key}")
    return frozenset(out)


def report_rows(
    facts: DocFacts, ent_ids: Mapping[str, int], sent_ids: Mapping[int, int]
) -> list[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]]:
    """Each event of ``facts`` as an ``event_mentions`` row with its participant and figure rows (no ids yet)."""
    raw = facts.document
    published = raw.published.isoformat() if raw.published else None
    place_words = {
        n for e in facts.entities.values() if e.type in {"location", "country"} for n in (e.name, *e.aliases)
    }
    out = []
    for ordinal, ev in enumerate(facts.events):
        out.append(_report_row(facts, ev, ordinal, published, place_words, ent_ids, sent_ids))
    return out


def _report_row(
    facts: DocFacts,
    ev: EventFact,
    ordinal: int,
    published: str | None,
    place_words: set[str],
    ent_ids: Mapping[str, int],
    sent_ids: Mapping[int, int],
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    p = ev.place
    own = facts.entities.get(ev.place_entity) if ev.place_entity else None
    # a place name no gazetteer placed ("Gulshan-i-Iqbal Park" read as a location) has only the coordinates of
    # what is around it: its words (as venue keys) match its other spellings, and it may lie in a town nearby
    unplaced = (
        p is not None
        and p.type == "location"
        and own is not None
        and (own.place is None or own.place.lat is None)
    )
    spot = p.name if p is not None and (p.type == "facility" or unplaced) else None
    venue_name = getattr(ev, "venue", None) or spot
    around = place_words | {x for x in ((p.admin1, p.country) if p else ()) if x}
    if p is not None and p.type != "facility":
        around.add(p.name)
    if unplaced and p is not None and venue_name == p.name:  # its own words are what tells it apart
        around = {w for w in around if w.casefold() != p.name.casefold()}
    own_name = getattr(ev, "name", None)
    row: dict[str, Any] = {
        "document_id": facts.document.id,
        "ordinal": ordinal,
        "sentence": min(ev.sentences) if ev.sentences else -1,
        "type": ev.type,
        "subtype": ev.subtype,
        "date_start": ev.date.start if ev.date else None,
        "date_end": ev.date.end if ev.date else None,
        "date_precision": ev.date.precision if ev.date else None,
        "published": published,
        "place_entity_id": ent_ids.get(ev.place_entity) if ev.place_entity else None,
        "place_name": p.name if p else None,
        "place_type": p.type if p else None,
        "admin1": p.admin1 if p else None,
        "country": p.country if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "place_precision": p.precision if p else None,
        "venue": " ".join(venue_tokens(venue_name, around)) if venue_name else None,
        "place_local": int(unplaced),
        "name": norm_name(own_name) if own_name else None,
        "weapons": json.dumps(ev.weapons),
        "targets": json.dumps(ev.targets),
        "trigger": ev.trigger,
        "sentences": json.dumps(list(dict.fromkeys(sent_ids[s] for s in ev.sentences if s in sent_ids))),
        "extractor": ev.extractor,
    }
    parts: list[dict[str, Any]] = []
    seen: set[tuple[int | None, str | None, str]] = set()
    for part in ev.participants:
        eid = ent_ids.get(part.entity) if part.entity else None
        if (part.entity and eid is None) or (eid, part.text, part.role) in seen:
            continue
        seen.add((eid, part.text, part.role))
        local = facts.entities.get(part.entity) if part.entity else None
        parts.append(
            {
                "entity_id": eid,
                "text": part.text,
                "role": part.role,
                "key": f"{local.type}|{entity_key(local)}" if local else None,
            }
        )
    finish_figures(ev)  # facts built by hand (tests, imports) may give only killed/wounded
    figs = [
        {
            "seq": seq,
            "sentence_id": sent_ids.get(fig.sentence),
            "field": fig.field,
            "min": fig.count.min,
            "max": fig.count.max,
            "text": fig.count.text,
            "said_by_entity_id": ent_ids.get(fig.said_by) if fig.said_by else None,
            "said_by_text": fig.said_by_text,
            "claim": int(fig.claim),
        }
        for seq, fig in enumerate(ev.figures)
    ]
    return row, parts, figs


# -- reports kept between documents ---------------------------------------------------------------------------------


@dataclass
class ReportCache:
    """The stored reports one writer has read (each as its ``EventReport`` and its row), kept from one document to
    the next: a new document is weighed against mostly the same reports as the one before it.

    Valid while the store's ``report_revision`` (moved by triggers whenever a stored report could read differently:
    a curator's rejection, a deleted or re-extracted document, a merge moving a report's place) has not moved,
    whoever moved it; a report is only added to it after the transaction that read it committed with the revision
    unmoved, so a rolled-back write never leaves a report the store does not hold."""

    # reports (about 3.3 kB each with their packed rows and keys: some 330 MB when full). A document is weighed
    # against the reports of its places and days, anywhere in the store's years, so below the store's size most of
    # them have gone again before they are needed: at 20,000 a 100k-document store's writer read 8 reports a
    # document back, and holding them all cut its CPU by a sixth there
    limit: int = 100_000
    revision: int | None = None
    # in the order last used: the first are the first to go when the cache is full
    reports: dict[int, tuple[EventReport, Any, set[str] | None]] = field(default_factory=dict)

    def valid_at(self, revision: int | None) -> dict[int, tuple[EventReport, Any, set[str] | None]]:
        if revision is None or revision != self.revision:
            self.reports.clear()
            self.revision = revision
        return self.reports

    def keep(
        self,
        revision: int,
        fresh: Mapping[int, tuple[EventReport, Any, set[str] | None]],
        used: Iterable[int] = (),
    ) -> None:
        """Keep the ``fresh`` reports and note the kept ones ``used`` as just used. Over ``limit`` the reports
        used longest ago go: a store's busy blocks are read again and again, and forgetting every report at once
        (as this did) made the documents after each clear read them all back from the store, more often the more
        reports a store holds."""
        kept = self.valid_at(revision)
        for i in used:
            entry = kept.pop(i, None)
            if entry is not None:
                kept[i] = entry
        kept.update((i, (rep, _pack(row), k)) for i, (rep, row, k) in fresh.items())
        _drop_oldest(kept, len(kept) - self.limit)


def _drop_oldest(memo: dict[Any, Any], count: int) -> None:
    """Remove the first ``count`` entries of an insertion-ordered memo (none if ``count`` is not positive)."""
    for key in list(islice(memo, max(count, 0))):
        del memo[key]


# one tuple of column names for every kept row of a shape
_COLUMNS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _pack(row: Any) -> Any:
    """A report's row as kept: its column names (shared by all rows of its shape) and its values, a tuple a
    quarter the size of the dict's own table (a row kept already stays as it is)."""
    if not isinstance(row, dict):
        return row
    cols = tuple(row)
    return (_COLUMNS.setdefault(cols, cols), tuple(row.values()))


def _unpack(row: Any) -> dict[str, Any]:
    return row if isinstance(row, dict) else dict(zip(*row, strict=True))


def report_revision(conn: Connection) -> int | None:
    """The store's report revision (migration 0011; None if its row is gone: then nothing is kept)."""
    value = conn.execute(REVISION).scalar()
    return int(value) if value is not None else None


# -- the resolution ------------------------------------------------------------------------------------------------


class EventResolution:
    """Resolution over one open connection (inside the write's transaction, so it sees the new rows)."""

    def __init__(
        self,
        conn: Connection,
        constraints: Callable[[Connection, set[int]], Any] | None = None,
        cache: ReportCache | None = None,
    ) -> None:
        from khabar.store import curation

        self.conn = conn
        self._cache = cache
        # the store's revision, read when the kept reports are first needed (never, for a document without events)
        self._revision: int | None = None
        self._kept_now: dict[int, tuple[EventReport, Any, set[str] | None]] | None = None
        self._fresh: dict[int, tuple[EventReport, Any, set[str] | None]] = {}  # read here: kept once committed
        self._used: list[int] = []  # kept reports read here (they stay longest)
        self._sealed: int | None = None
        self._reports: dict[int, EventReport] = {}
        self._stored: dict[int, Any] = {}  # anchor, component, event_id as read (mappings)
        # report rows as read (their slots do not change here); a kept report's row stays packed until read
        # (``_row``): of the reports a dense block loads, few belong to the events a document rewrites
        self._rows: dict[int, Any] = {}
        self._verdicts: dict[tuple[int, int], Verdict] = {}
        self._key_cache: dict[int, set[str]] = {}
        self._parts: dict[int, list[Any]] = {}  # participants and figures of the reports being written
        self._figs: dict[int, list[Any]] = {}
        self._parts_read: set[int] = set()
        # participants and figures of the reports this resolution filed itself, kept from ``file``
        self._filed_parts: dict[int, list[Any]] = {}
        self._filed_figs: dict[int, list[Any]] = {}
        self._pending: dict[str, list[dict[str, Any]]] = {}  # rows of the events being written, inserted together
        self._updates: list[dict[str, Any]] = []  # the stored events being rewritten: their slots, set together
        self._rule_source = constraints or curation.constraint_rules
        self._reduce = curation.constraints_of
        self._rules: dict[int, Any] = {}
        self._ruled: set[int] = set()  # reports whose curations are loaded
        self.must: set[tuple[int, int]] = set()
        self.cannot: set[tuple[int, int]] = set()

    # -- filing ---------------------------------------------------------------------------------------------
    def file(self, facts: DocFacts, ent_ids: Mapping[str, int], sent_ids: Mapping[int, int]) -> list[int]:
        """Store the document's event reports with their participants, figures and index keys; their ids."""
        built = report_rows(facts, ent_ids, sent_ids)
        if not built:
            return []
        rows = [r for r, _p, _f in built]
        for r in rows:
            r["anchor"] = int(is_anchor(self._as_report(r, [], [])))
        ids = {o: i for o, i in self.conn.execute(INSERT_REPORTS, rows)}
        parts = [{"mention_id": ids[r["ordinal"]], **p} for r, ps, _f in built for p in ps]
        figs = [{"mention_id": ids[r["ordinal"]], **f} for r, _p, fs in built for f in fs]
        if parts:
            self.conn.execute(INSERT_INTO["event_mention_participants"], parts)
        if figs:
            self.conn.execute(INSERT_INTO["event_mention_figures"], figs)
        key_rows: list[dict[str, Any]] = []
        for r, ps, fs in built:
            rep = self._as_report({**r, "id": ids[r["ordinal"]]}, ps, fs)
            self._reports[rep.id] = rep
            self._rows[rep.id] = {**r, "id": rep.id, "component": None, "event_id": None, "rejected": 0}
            self._stored[rep.id] = {"id": rep.id, "anchor": r["anchor"], "component": None, "event_id": None,
                                    "document_id": r["document_id"]}  # fmt: skip
            filed_under = self._key_cache[rep.id] = keys(rep)
            self._fresh[rep.id] = (rep, self._rows[rep.id], filed_under)
            key_rows.extend({"key": k, "mention_id": rep.id} for k in sorted(filed_under))
        insert_missing(self.conn, t.event_mention_keys, key_rows)
        new = [ids[r["ordinal"]] for r in rows]
        from khabar.store.curation import apply_rejections

        if not apply_rejections(self.conn, new):  # no curation in the store: they stand as filed
            # the participants and figures just filed, as ``_read_reports_parts`` would read them back (a
            # participant's place in the insert orders it as its row id would)
            for n, p in enumerate(parts):
                self._filed_parts.setdefault(p["mention_id"], []).append(
                    (p["mention_id"], p["entity_id"], p["text"], p["role"], n)
                )
            for f in figs:
                self._filed_figs.setdefault(f["mention_id"], []).append(f)
            self._filed_parts.update((i, []) for i in new if i not in self._filed_parts)
        else:  # what a curator rejected stays rejected when extracted again
            for i in self.conn.execute(
                select(t.event_mentions.c.id).where(
                    t.event_mentions.c.id.in_(new), t.event_mentions.c.rejected == 1
                )
            ).scalars():
                self._reports.pop(i, None)
                self._fresh.pop(i, None)
        return new

    @property
    def _kept(self) -> dict[int, tuple[EventReport, Any, set[str] | None]]:
        """The reports kept from earlier documents, valid at the store's revision as first read here (after this
        transaction's own entity writes and deletes, so a place merge it made is seen)."""
        if self._kept_now is None:
            if self._cache is None:
                self._kept_now = {}
            else:
                self._revision = report_revision(self.conn)
                self._kept_now = self._cache.valid_at(self._revision)
        return self._kept_now

    def seal(self) -> None:
        """At the end of the write's transaction: note whether the reports read here may be kept (the revision did
        not move since they were first needed: nothing read here changed under it)."""
        if self._cache is None or (self._kept_now is None and not self._fresh):
            return  # a document without events: nothing read, nothing to keep, the kept ones stay
        now = report_revision(self.conn)
        start = self._revision if self._kept_now is not None else now  # nothing kept was read: only new reports
        self._sealed = now if now is not None and now == start else -1  # -1: moved under this write, forget all

    def publish(self) -> None:
        """After the commit: keep the reports read for the next document (or forget all if the store moved)."""
        if self._cache is None or self._sealed is None:
            return
        if self._sealed < 0:
            self._cache.valid_at(None)
        else:
            self._cache.keep(self._sealed, self._fresh, self._used)
        self._fresh, self._used = {}, []

    def seeds_of(self, ids: Iterable[int]) -> Seeds:
        """The groups and events these reports belong to now: what must be re-decided when they change."""
        seeds = Seeds()
        for s in self._state(ids).values():
            if s["component"] is not None:
                (seeds.anchor_labels if s["anchor"] else seeds.weak_labels).add(s["component"])
            if s["event_id"] is not None:
                seeds.events.add(s["event_id"])
        return seeds

    def redo(self, ids: set[int]) -> set[int]:
        """Re-decide these reports and every group they are in (after a curation changed what binds them)."""
        return self.resolve(ids, self.seeds_of(ids))

    @staticmethod
    def _as_report(
        row: Mapping[str, Any], parts: Sequence[Mapping[str, Any]], figs: Sequence[Mapping[str, Any]]
    ) -> EventReport:
        return EventReport(
            id=int(row.get("id") or 0),
            document=row["document_id"],
            ordinal=row["ordinal"],
            type=row["type"],
            sentences=(row["sentence"],) if row["sentence"] is not None and row["sentence"] >= 0 else (),
            subtype=row["subtype"],
            date_start=row["date_start"],
            date_end=row["date_end"],
            published=row["published"],
            place_name=row["place_name"],
            place_type=row["place_type"],
            admin1=row["admin1"],
            country=row["country"],
            lat=row["lat"],
            lon=row["lon"],
            venue=tuple((row["venue"] or "").split()),
            local=bool(row.get("place_local")),
            name=row["name"],
            perpetrators=(
                perps := frozenset(p["key"] for p in parts if p["key"] and p["role"] in ACTOR_ROLES)
            ),
            elders=_elders(perps),
            victims=frozenset(p["key"] for p in parts if p["key"] and p["role"] in VICTIM_ROLES),
            killed=tuple(
                sorted(
                    {
                        v
                        for f in figs
                        if f["field"] == "killed" and not f["claim"] and not f.get("rejected")
                        for v in (f["min"], f["max"])
                        if v is not None
                    }
                )
            ),
            forced=bool(row.get("forced")),
        )

    # -- loading ----------------------------------------------------------------------------------------------
    def reports(self, ids: Iterable[int]) -> dict[int, EventReport]:
        """The reports with these ids (rejected ones left out), from the cache or in three queries a chunk."""
        ids = list(ids)
        want = {i for i in ids if i not in self._reports}
        kept = self._kept
        tied = {i for pair in self.must for i in pair}
        for i in [i for i in want if i in kept]:
            self._used.append(i)
            rep, row, _keys = kept[i]
            forced = i in tied
            self._reports[i] = rep if rep.forced == forced else replace(rep, forced=forced)
            self._rows.setdefault(i, row)
            want.discard(i)
        for chunk in _chunks(want):
            rows = self.conn.execute(REPORTS_BY_ID, {"ids": chunk}).mappings().all()
            parts: dict[int, list[Any]] = defaultdict(list)
            for p in self.conn.execute(PARTS_BY_REPORT, {"ids": chunk}).mappings():
                parts[p["mention_id"]].append(p)
            figs: dict[int, list[Any]] = defaultdict(list)
            for f in self.conn.execute(FIGS_BY_REPORT, {"ids": chunk}).mappings():
                figs[f["mention_id"]].append(f)
            for r in rows:
                forced = r["id"] in tied
                self._reports[r["id"]] = self._as_report(
                    {**r, "forced": forced}, parts[r["id"]], figs[r["id"]]
                )
                self._stored[r["id"]] = {
                    k: r[k] for k in ("id", "anchor", "component", "event_id", "document_id")
                }
                self._rows[r["id"]] = dict(r)
                if self._cache is not None:
                    self._fresh[r["id"]] = (self._reports[r["id"]], self._rows[r["id"]], None)
        return {i: self._reports[i] for i in ids if i in self._reports}

    def _row(self, i: int) -> dict[str, Any]:
        """Report ``i``'s row as read, unpacked at its first use."""
        row = self._rows[i]
        if not isinstance(row, dict):
            row = self._rows[i] = _unpack(row)
        return row

    def _state(self, ids: Iterable[int]) -> dict[int, Mapping[str, Any]]:
        """anchor, component and event_id of these reports, as stored before this resolution wrote anything
        (read with the reports where they were loaded or found)."""
        ids = list(ids)
        out: dict[int, Any] = {i: self._stored[i] for i in ids if i in self._stored}
        missing = set(ids) - set(out)
        if missing:
            out.update((r["id"], r) for r in self._found(STATE_BY_ID, missing))
        return out

    def _found(self, statement: Any, ids: Iterable[Any]) -> list[Any]:
        """The ``STATE`` rows of one of the statements above for these ids (a chunk at a time), noted as the
        reports' stored state: every read here comes before this resolution writes anything."""
        out: list[Any] = []
        for chunk in _chunks(ids):
            for r in self.conn.execute(statement, {"ids": chunk}).mappings():
                self._stored.setdefault(r["id"], r)
                out.append(r)
        return out

    def verdict(self, a: EventReport, b: EventReport) -> Verdict:
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        v = self._verdicts.get(key)
        if v is None:
            pair = (a, b) if a.id < b.id else (b, a)
            memo = pair if a.document == b.document else (pair[0].account, pair[1].account)
            v = _VERDICTS.get(memo)
            if v is None:
                v = compare(*pair)
                # full: the oldest go, to a quarter's room (clearing all of them lost the hot pairs)
                if len(_VERDICTS) >= VERDICT_MEMO:
                    _drop_oldest(_VERDICTS, len(_VERDICTS) - VERDICT_MEMO + VERDICT_MEMO // 4)
                _VERDICTS[memo] = v
            self._verdicts[key] = v
        return v

    def _filed_with(self, reps: Sequence[EventReport], anchor: bool | None) -> dict[int, set[int]]:
        """For each report, the other reports it is filed with: a shared index key, the same document or a
        curator's tie. ``anchor`` restricts the answer to anchors (True) or to the others (False). A report filed
        under a shared key but ``surely_apart`` from it (another country, days apart...) is left out, read from
        its key row alone: it could neither link with it nor make it a candidate, and a block of a busy town and
        month holds mostly such reports. That is weighed once per ``apart_key`` of each side (the reports of an
        event re-told share one), as for reports of two documents: those of one document are filed together
        through it anyway."""
        out: dict[int, set[int]] = {r.id: set() for r in reps}
        by_key: dict[str, dict[ApartKey, set[int]]] = defaultdict(lambda: defaultdict(set))
        for r in reps:
            mine = apart_key(r)
            for k in self._keys(r):
                by_key[k][mine].add(r.id)
        reach, bounds = _in_reach(reps)
        theirs: dict[tuple[Any, ...], ApartKey] = {}  # a stored report's columns -> its apart_key
        apart: dict[tuple[ApartKey, ApartKey], bool] = {}
        near: dict[int, set[int]] = {}  # stored report -> the reports it is filed with
        state: dict[int, Any] = {}  # and its stored state (``_state``), noted for those filed with one

        def weigh(row: Any, columns: Any, owners: Iterable[tuple[ApartKey, set[int]]]) -> None:
            filed = near.get(mid := row.id)
            if filed is None:
                filed = near[mid] = set()
                state[mid] = row
            other = theirs.get(columns)
            if other is None:
                other = theirs[columns] = apart_key_of(*columns)
            for mine, ids in owners:
                far = apart.get((mine, other))
                if far is None:
                    far = apart[(mine, other)] = keys_apart(mine, other)
                if not far:
                    filed |= ids

        # keys owned by the same reports read together, each stored report once (a re-told event's reports share
        # a country's days, a town's month...): few sets of owners, as for one document's reports, else key by key
        classes: dict[frozenset[tuple[ApartKey, frozenset[int]]], list[str]] = defaultdict(list)
        for k, owners in by_key.items():
            classes[frozenset((mine, frozenset(ids)) for mine, ids in owners.items())].append(k)
        if len(classes) <= FEW_OWNERS:
            once = _filed_query(anchor, reach, by_key=False)
            for owned, class_keys in classes.items():
                pairs = [(mine, set(ids)) for mine, ids in owned]
                for chunk in _chunks(class_keys):
                    for row in self.conn.execute(once, {"ids": chunk, **bounds}):
                        weigh(row, tuple(row[:5]), pairs)
        else:
            keyed = _filed_query(anchor, reach)
            for chunk in _chunks(by_key):
                for row in self.conn.execute(keyed, {"ids": chunk, **bounds}):
                    weigh(row, tuple(row[1:6]), by_key[row[0]].items())
        by_doc: dict[str, set[int]] = defaultdict(set)
        for r in reps:
            by_doc[r.document].add(r.id)
        for chunk in _chunks(by_doc):
            for mine_row in self.conn.execute(_document_query(anchor), {"ids": chunk}):
                filed = near.get(mine_row.id)
                if filed is None:
                    filed = near[mine_row.id] = set()
                    state[mine_row.id] = mine_row
                filed |= by_doc[mine_row.document_id]
        for mid, ids in near.items():
            if ids - {mid}:
                self._stored.setdefault(mid, state[mid]._mapping)
            for rid in ids:
                if rid != mid:
                    out[rid].add(mid)
        for a, b in self.must:
            for x, y in ((a, b), (b, a)):
                if x in out:
                    out[x].add(y)
        return out

    def _keys(self, r: EventReport) -> set[str]:
        k = self._key_cache.get(r.id)
        if k is None:
            entry = self._fresh.get(r.id) or self._kept.get(r.id)
            if entry is not None and entry[0] is r:  # kept with the report (the same one, not a forced copy)
                k = entry[2] if entry[2] is not None else keys(r)
                if entry[2] is None and self._cache is not None:
                    self._fresh[r.id] = (entry[0], entry[1], k)
            else:
                k = keys(r)
            self._key_cache[r.id] = k
        return k

    def _edge(self, a: EventReport, b: EventReport) -> bool:
        pair = (min(a.id, b.id), max(a.id, b.id))
        if pair in self.must:
            return True
        if pair in self.cannot:
            return False
        return self.verdict(a, b).same

    def _components(self, reps: Sequence[EventReport]) -> list[list[EventReport]]:
        """Groups of reports linked by an edge (filed together, scoring ``THRESHOLD``, or tied by a curator).
        Pairs are taken from the shared keys, documents and ties, never all pairs of the set."""
        parent = {r.id: r.id for r in reps}
        by_id = {r.id: r for r in reps}

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        buckets: dict[str, list[int]] = defaultdict(list)
        for r in reps:
            buckets["doc:" + r.document].append(r.id)
            for k in self._keys(r):
                buckets[k].append(r.id)
        # the components do not depend on the order pairs are weighed in: a pair already joined is not weighed,
        # nor a block whose reports are all joined already (a big event's reports share most of their keys)
        ties = [p for p in self.must if p[0] in by_id and p[1] in by_id]
        for ids in [*buckets.values(), *ties]:
            if len(ids) < 2 or len({root(i) for i in ids}) == 1:
                continue
            for n, x in enumerate(ids):
                for y in ids[n + 1 :]:
                    rx, ry = root(x), root(y)
                    if rx != ry and self._edge(by_id[x], by_id[y]):
                        parent[max(rx, ry)] = min(rx, ry)
        groups: dict[int, list[EventReport]] = defaultdict(list)
        for r in sorted(reps, key=lambda r: r.id):
            groups[root(r.id)].append(r)
        return list(groups.values())

    def _cluster(self, reps: Sequence[EventReport]) -> list[list[EventReport]]:
        ids = {r.id for r in reps}
        must = [p for p in self.must if p[0] in ids and p[1] in ids]
        cannot = [p for p in self.cannot if p[0] in ids and p[1] in ids]
        return cluster(reps, must=must, cannot=cannot, verdict=self.verdict)

    def load_constraints(self, ids: set[int]) -> None:
        """Load the curators' merges and splits touching these reports (and the reports they name)."""
        todo = set(ids) - self._ruled
        if not todo:
            return
        before = set(self.must)
        while todo:
            self._ruled |= todo
            rules = self._rule_source(self.conn, todo)
            self._rules.update(rules)
            named = {i for _k, first, second in rules.values() for i in (*first, *second)}
            todo = named - self._ruled
        self.must, self.cannot = self._reduce(self._rules)
        for pair in self.must ^ before:  # a tie makes both ends anchors (and undoing one, maybe not)
            for i in pair:
                self._reports.pop(i, None)

    def _regroup(
        self, ids: set[int], new_ids: Iterable[int] = ()
    ) -> tuple[list[list[EventReport]], dict[int, int], dict[int, Any]]:
        """Link these reports into groups, label each group (its smallest report id) and cluster it from
        scratch (``_one_event`` where that is sure to give the group whole; ``new_ids``: the reports not yet
        grouped); also returns the reports' stored state from before."""
        self.load_constraints(ids)
        reps = self.reports(ids)
        state = self._state(reps)
        fresh = set(new_ids)
        tied = {i for pair in self.must | self.cannot for i in pair}
        groups: list[list[EventReport]] = []
        labels: dict[int, int] = {}
        for comp in self._components(list(reps.values())):
            label = min(r.id for r in comp)
            labels.update({r.id: label for r in comp})
            groups.extend(self._one_event(comp, state, fresh, tied) or self._cluster(comp))
        return groups, labels, state

    def _one_event(
        self,
        comp: list[EventReport],
        state: Mapping[int, Mapping[str, Any]],
        fresh: set[int],
        tied: set[int],
    ) -> list[list[EventReport]] | None:
        """``cluster(comp)`` when it is sure to be the whole component: its grouped reports (not ``fresh``) all
        tell one stored event, so no pair of them can never be one event (clustering never joins one), none of
        the others has such a pair with any of them, and no curator tied or split any: then every link joins,
        and a component is linked. None otherwise (cluster it). A big event gaining reports is re-clustered
        with weighing only the gained reports against it."""
        old = [r for r in comp if r.id not in fresh]
        if not old or any(r.id in tied for r in comp):
            return None
        events = {state[r.id]["event_id"] for r in old}
        if len(events) != 1 or None in events:
            return None
        for n in comp:
            if n.id in fresh and any(self.verdict(n, x).cannot for x in comp if x is not n):
                return None
        return [sorted(comp, key=lambda r: r.order)]

    def _grown_group(
        self, ids: set[int], new_ids: set[int]
    ) -> tuple[list[list[EventReport]], dict[int, int], dict[int, Any]] | None:
        """``_regroup`` of one stored group that is one event, joined by new anchors each linked to it, when no
        pair among them can never be one event and no curator tied or split any of them: then clustering from
        scratch gives that one group (one event means no cannot-link inside it, and with none anywhere every
        link joins), found by weighing the new anchors only, not every pair of a group of hundreds. None when
        that does not hold: the caller clusters from scratch."""
        self.load_constraints(ids)
        if any(i in ids for pair in self.must | self.cannot for i in pair):
            return None
        reps = self.reports(ids)
        state = self._state(reps)
        old = [r for i, r in reps.items() if i not in new_ids]
        if not old or len(reps) != len(ids) or len({state[r.id]["event_id"] for r in old}) != 1:
            return None
        if state[old[0].id]["event_id"] is None:
            return None
        members = sorted(reps.values(), key=lambda r: r.order)
        for n in (r for r in members if r.id in new_ids):
            if any(self.verdict(n, x).cannot for x in members if x.id != n.id):
                return None
        label = min(reps)
        return [members], {i: label for i in reps}, state

    # -- the incremental re-decision --------------------------------------------------------------------------
    def resolve(self, new_ids: Iterable[int] = (), seeds: Seeds | None = None) -> set[int]:
        """Re-decide every group the new reports (and ``seeds``) touch, and rewrite their events. Returns the
        ids of the events written or removed."""
        seeds = seeds or Seeds()
        new_ids = set(new_ids)
        self.load_constraints(new_ids | seeds.weak_ids)
        new = self.reports(new_ids)
        state = self._state(new_ids)
        for rid, rep in new.items():  # a curator's tie may have made a report an anchor
            if int(is_anchor(rep)) != state.get(rid, {}).get("anchor", int(is_anchor(rep))):
                self.conn.execute(
                    update(t.event_mentions)
                    .where(t.event_mentions.c.id == rid)
                    .values(anchor=int(is_anchor(rep)))
                )
        new_anchors = [r for r in new.values() if is_anchor(r)]
        new_weak = [r for r in new.values() if not is_anchor(r)]

        # 1. anchors: the groups the new anchors link into, re-clustered whole
        labels = set(seeds.anchor_labels)
        filed = self._filed_with(new_anchors, anchor=True)
        neighbours = self.reports({x for xs in filed.values() for x in xs} - new_ids)
        nstate = self._state(neighbours)
        linked: set[int] = set()  # new anchors with an edge into a stored group
        for a in new_anchors:  # (a label already found for this anchor needs no second link)
            for x in filed[a.id]:
                if (
                    x in neighbours
                    and (label := nstate[x]["component"]) is not None
                    and (label not in labels or a.id not in linked)
                    and self._edge(a, neighbours[x])
                ):
                    labels.add(label)
                    linked.add(a.id)
        member_ids = {a.id for a in new_anchors} | {r["id"] for r in self._found(ANCHORS_BY_LABEL, labels)}
        grown = None
        if not seeds and len(labels) == 1 and linked == {a.id for a in new_anchors}:
            grown = self._grown_group(member_ids, new_ids)
        anchor_groups, anchor_label, astate = grown or self._regroup(member_ids, new_ids)
        anchors = self.reports(anchor_label)
        old_events = {s["event_id"] for s in astate.values() if s["event_id"] is not None}
        settled = None if seeds else self._settled(anchor_groups, astate, new_ids)

        # 2. the other reports filed with a changed anchor group (and the new ones) join their best event
        redo = {r.id for r in new_weak} | set(seeds.weak_ids)
        redo |= {r["id"] for r in self._found(OTHERS_BY_EVENT, old_events | seeds.events)}
        if settled is None or any(settled[1]) or self._maybe_curated():
            redo |= self._may_move(
                self._filed_with(list(anchors.values()), anchor=False),
                anchor_groups,
                redo,
                settled[1] if settled is not None else None,
            )
        # else every group only gained anchors that are reprints of its members (``_news``): with no curator's tie
        # to move anyone, no other report's choice can change, and the reports filed with the groups go unread
        self.load_constraints(redo)
        weak = {i: r for i, r in self.reports(redo).items() if not is_anchor(r)}
        wstate = self._state(weak)
        group_of = {r.id: g for g, members in enumerate(anchor_groups) for r in members}
        stays = self._stays(weak, wstate, settled, new_ids) if settled is not None else {}
        outside_filed = self._filed_with([r for i, r in weak.items() if i not in stays], anchor=True)
        outside_ids = {x for xs in outside_filed.values() for x in xs} - set(anchors)
        outside = self.reports(outside_ids)
        ostate = self._state(outside)
        outside_events = {ostate[i]["event_id"] for i in outside if ostate[i]["event_id"] is not None}
        outside_members: dict[int, list[EventReport]] = {}
        for chunk in _chunks(outside_events):
            rows = [(r["id"], r["event_id"]) for r in self._found(ANCHORS_BY_EVENT, chunk)]
            reps = self.reports(i for i, _e in rows)
            for i, e in rows:
                if i in reps:
                    outside_members.setdefault(e, []).append(reps[i])
        assigned: dict[int, tuple[str, int]] = {}  # weak id -> ("group", index) | ("event", id)
        for w in sorted(weak.values(), key=lambda r: r.order):
            if w.id in stays:
                assigned[w.id] = stays[w.id]
                continue
            cands: list[tuple[tuple[str, int], list[EventReport]]] = []
            seen: set[tuple[str, int]] = set()
            for x in sorted(outside_filed[w.id]):
                if x in group_of:
                    ref: tuple[str, int] = ("group", group_of[x])
                    members = anchor_groups[group_of[x]]
                elif x in outside and ostate[x]["event_id"] is not None:
                    ref = ("event", ostate[x]["event_id"])
                    members = outside_members.get(ref[1], [])
                else:
                    continue
                if ref not in seen and members:
                    seen.add(ref)
                    cands.append((ref, members))
            must = {b if a == w.id else a for a, b in self.must if w.id in (a, b)}
            cannot = {b if a == w.id else a for a, b in self.cannot if w.id in (a, b)}
            choice = best_event(w, [c[1] for c in cands], must=must, cannot=cannot, verdict=self.verdict)
            if choice.index is not None:
                assigned[w.id] = cands[choice.index][0]

        # 3. reports left without an anchor event group among themselves
        unattached = {i for i in weak if i not in assigned}
        wlabels = set(seeds.weak_labels) | {
            s["component"] for i, s in wstate.items() if s["component"] is not None and s["anchor"] == 0
        }
        loose = self._filed_with([weak[i] for i in unattached], anchor=False)
        lreps = self.reports({x for xs in loose.values() for x in xs} - set(weak))
        lstate = self._state(lreps)
        for i in unattached:
            for x in loose[i]:
                if (
                    x in lreps
                    and (label := lstate[x]["component"]) is not None
                    and label not in wlabels
                    and self._edge(weak[i], lreps[x])
                ):
                    wlabels.add(label)
        pool = set(unattached)
        pool |= {r["id"] for r in self._found(OTHERS_BY_LABEL, wlabels) if r["id"] not in weak}
        loose_groups, loose_label, pstate = self._regroup(pool, unattached)

        # 4. the events: every group whose reports changed, written from its reports
        prior: dict[int, int | None] = {}
        for st in (astate, wstate, pstate):
            for i, s in st.items():
                prior[i] = s["event_id"]
        groups: list[tuple[list[int], int | None]] = []  # (report ids, fixed event id)
        for g, members in enumerate(anchor_groups):
            ids = [r.id for r in members] + sorted(i for i, ref in assigned.items() if ref == ("group", g))
            groups.append((ids, None))
        touched_outside = {ref[1] for ref in assigned.values() if ref[0] == "event"}
        touched_outside |= {wstate[i]["event_id"] for i in weak if wstate[i]["event_id"] is not None}
        touched_outside |= set(seeds.events)
        touched_outside -= {prior[r.id] for g in anchor_groups for r in g if prior.get(r.id) is not None}
        told: dict[int, list[Any]] = defaultdict(list)  # the reports of those events, in one query a chunk
        for chunk in _chunks(touched_outside):
            for e, i, a in self.conn.execute(TOLD_BY_EVENT, {"ids": chunk}):
                told[e].append((i, a))
        for e in sorted(touched_outside):
            rows = told[e]
            anchors_of = [i for i, a in rows if a == 1]
            if not anchors_of:
                continue  # not an anchor event (a loose group): step 3 rewrote it if it changed
            ids = anchors_of + [i for i, a in rows if a == 0 and i not in weak]
            ids += [i for i, ref in assigned.items() if ref == ("event", e)]
            groups.append((sorted(set(ids)), e))
        for members in loose_groups:
            groups.append(([r.id for r in members], None))
        written = self._write_events(groups, prior, seeds.events)
        self._stored.clear()  # what was read is stale now: a later resolve() reads again
        before: dict[int, Any] = {**astate, **wstate, **pstate}
        updates: list[dict[str, Any]] = [
            {"i": i, "label": label, "anchor": 1} for i, label in anchor_label.items()
        ]
        updates += [{"i": i, "label": None, "anchor": 0} for i in weak if i in assigned]
        updates += [{"i": i, "label": label, "anchor": 0} for i, label in loose_label.items()]
        updates = [  # those whose label changed (a big group's stay as they are)
            u
            for u in updates
            if u["i"] in new_ids
            or (s := before.get(u["i"])) is None
            or (s["component"], s["anchor"]) != (u["label"], u["anchor"])
        ]
        if updates:  # one executemany for every group label
            self.conn.execute(SET_LABEL, updates)
        return written

    def _may_move(
        self,
        filed: Mapping[int, set[int]],
        groups: Sequence[Sequence[EventReport]],
        done: set[int],
        gained: Sequence[Sequence[EventReport]] | None = None,
    ) -> set[int]:
        """Of the other reports filed with a re-clustered anchor group (``filed``: anchor id -> their ids) and not
        re-decided anyway (``done``: their event changed), those that group could now win: one of its members
        scores ``THRESHOLD`` with them, or a curator tied them. The rest keep the event they have: ``best_event``
        over candidates none of which changed picks what it picked before.

        ``gained`` (``_settled``: each group is a stored event plus these new anchors, none first in it): a report
        filed with old members only was weighed against those groups when it was decided, and a group's score for
        it only rises through a gained anchor (its first report is the same), so only a gained anchor scoring
        ``THRESHOLD`` can make it move; one filed with a new anchor may meet the whole group for the first time."""
        group_of = {r.id: g for g, members in enumerate(groups) for r in members}
        new_anchors = {r.id for ns in gained or () for r in ns}
        near: dict[int, set[int]] = defaultdict(set)  # other report -> groups it is filed with
        via_new: set[int] = set()  # those filed with a gained anchor
        for a, xs in filed.items():
            if a in group_of:
                for x in xs - done:
                    near[x].add(group_of[a])
                    if a in new_anchors:
                        via_new.add(x)
        if not near:
            return set()
        self.load_constraints(set(near))
        tied = {i for pair in self.must | self.cannot for i in pair}
        out = set()
        for i, w in self.reports(near).items():
            if i in tied or is_anchor(w):
                out.add(i)
            elif gained is not None and i not in via_new:
                if any(self.verdict(w, x).same for g in near[i] for x in gained[g]):
                    out.add(i)
            elif any(self.verdict(w, x).same for g in near[i] for x in groups[g]):
                out.add(i)
        return out

    def _maybe_curated(self) -> bool:
        """Whether a curator's merge or split may touch this resolution (unknown for a rule source of the caller's)."""
        from khabar.store import curation

        return self._rule_source is not curation.constraint_rules or curation.any_curation(self.conn)

    def _settled(
        self, groups: Sequence[Sequence[EventReport]], state: Mapping[int, Mapping[str, Any]], new_ids: set[int]
    ) -> tuple[dict[int, int], list[list[EventReport]]] | None:
        """When every re-clustered anchor group is one stored event's anchors, all of them, plus new anchors none of
        which comes first in it (or new anchors only), and no curator tied or split any of them: each stored event's
        group, and the new anchors each group gained. Then every candidate event of every other report changed only
        by gaining those anchors (its score for a report rises only through them, its first report stays), which
        ``_may_move`` and ``_stays`` use to leave reports whose choice cannot change. None otherwise. Gained anchors
        that tell the event as stored members from two other documents do (``_news``) are left out of the second:
        they change nothing for any report of another document."""
        tied = {i for pair in self.must | self.cannot for i in pair}
        anchors_of: dict[int, set[int]] = defaultdict(set)  # stored event -> its anchors in the groups
        for members in groups:
            for r in members:
                if r.id in tied:
                    return None
                if r.id not in new_ids:
                    s = state.get(r.id)
                    if s is None or s["event_id"] is None:
                        return None
                    anchors_of[s["event_id"]].add(r.id)
        to_group: dict[int, int] = {}
        gained: list[list[EventReport]] = []
        for g, members in enumerate(groups):
            old = [r for r in members if r.id not in new_ids]
            gained.append([r for r in members if r.id in new_ids])
            if not old:
                continue
            events = {state[r.id]["event_id"] for r in old}
            if len(events) != 1:
                return None
            (e,) = events
            if anchors_of[e] != {r.id for r in old}:
                return None
            if gained[g] and min(r.order for r in gained[g]) < min(r.order for r in old):
                return None  # a tie between events breaks by their first report: this one's moved
            to_group[e] = g
            gained[g] = _news(old, gained[g])
        return to_group, gained

    def _stays(
        self,
        weak: Mapping[int, EventReport],
        wstate: Mapping[int, Mapping[str, Any]],
        settled: tuple[dict[int, int], list[list[EventReport]]],
        new_ids: set[int],
    ) -> dict[int, tuple[str, int]]:
        """The reports of a stored event that keep its group (``_settled``), without weighing them against every
        candidate again: every group only gained anchors, so with none of its own group's gained anchors ruling it
        out and no other group's scoring ``THRESHOLD`` with it, ``best_event`` picks the group it picked (that
        group's score did not fall nor its first report move; no other's rose; outside events did not change)."""
        to_group, gained = settled
        tied = {i for pair in self.must | self.cannot for i in pair}
        out: dict[int, tuple[str, int]] = {}
        for i, w in weak.items():
            g = to_group.get(wstate[i]["event_id"]) if wstate[i]["event_id"] is not None else None
            if g is None or i in new_ids or i in tied:
                continue
            if any(self.verdict(w, n).cannot for n in gained[g]) or any(
                self.verdict(w, n).same for h, ns in enumerate(gained) if h != g for n in ns
            ):
                continue
            out[i] = ("group", g)
        return out

    def _write_events(
        self, groups: list[tuple[list[int], int | None]], prior: dict[int, int | None], dropped: set[int]
    ) -> set[int]:
        """Give each group an event id (the one most of its reports had, so ids stay put where they can), write
        the resolved rows, and remove events no group kept."""
        missing = {i for ids, _e in groups for i in ids if i not in prior}
        for i, s in self._state(missing).items():
            prior[i] = s["event_id"]
        taken = {e for _ids, e in groups if e is not None}
        old = {e for e in prior.values() if e is not None} | dropped  # ``dropped``: events that lost reports
        final: list[tuple[list[int], int | None]] = []
        order = sorted(range(len(groups)), key=lambda g: (groups[g][1] is None, min(groups[g][0])))
        for g in order:
            ids, fixed = groups[g]
            if fixed is None:
                votes = Counter(e for i in ids if (e := prior.get(i)) is not None and e not in taken)
                if votes:
                    fixed = max(votes, key=lambda e: (votes[e], -e))
                    taken.add(fixed)
            final.append((ids, fixed))
        written: set[int] = set()
        self._load_rows([i for ids, _e in final for i in ids])
        unchanged, grown = self._unchanged(final, prior, dropped)
        self._parts, self._figs, self._parts_read = defaultdict(list), defaultdict(list), set()
        self._read_reports_parts(
            [i for ids, e in final if e not in unchanged for i in ids if e not in grown or i not in grown[e]]
        )
        filed_as = []
        self._pending = {name: [] for name in ("event_participants", "event_figures", "evidence")}
        self._updates = []
        # the new events' rows go in together, in the order one insert each would give them their ids
        made = [self._event_values(ids) for ids, e in final if e is None]
        new_events = iter(zip(self._insert_events([values for _rows, values, _c in made]), made, strict=True))
        for ids, event_id in final:
            if event_id in unchanged:  # the same reports as stored: its rows would be written as they are
                written.add(event_id)
                continue
            if event_id is None:
                event_id, (rows, values, corrections) = next(new_events)
                self._read_reports_parts(ids)
                self._add_rows(event_id, values, rows, corrections)
            else:
                self._write_event(ids, event_id, grown.get(event_id, set()))
            written.add(event_id)
            filed_as += [{"i": i, "e": event_id} for i in ids if prior.get(i) != event_id]
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for values in self._updates:  # the events' own rows first (their participants copy type and date)
            by_columns[tuple(values)].append(values)
        for batch in by_columns.values():  # one executemany for the events of each set of slots
            self.conn.execute(UPDATE_EVENT, batch)
        for name, rows in self._pending.items():  # one executemany a table for all the events, in order
            if rows:
                self.conn.execute(INSERT_INTO[name], rows)
        if filed_as:  # one executemany: which event each report now tells
            self.conn.execute(SET_EVENT, filed_as)
        gone = old - written
        if gone:
            self._drop_events(gone)
        return written | gone

    def _unchanged(
        self, final: list[tuple[list[int], int | None]], prior: Mapping[int, int | None], dropped: set[int]
    ) -> tuple[set[int], dict[int, set[int]]]:
        """The events whose reports are exactly the ones stored under them, and those that only gained reports that
        come after all of theirs (by each event's stored reports). An event's rows are a function of its reports
        in canonical order (their rows never change once filed) and of its curations (a curation names its events
        in ``dropped``): the first would be written as they are, the second only need the rows of the reports they
        gained. A new document usually adds to one or two events of a group and leaves the others as they were."""
        maybe = {e: ids for ids, e in final if e is not None and e not in dropped}
        stored: dict[int, int] = {}
        for chunk in _chunks(maybe):
            stored.update((e, n) for e, n in self.conn.execute(REPORTS_PER_EVENT, {"ids": chunk}))
        unchanged: set[int] = set()
        grown: dict[int, set[int]] = {}
        for e, ids in maybe.items():
            had = {i for i in ids if prior.get(i) == e}
            if not had or len(had) != stored.get(e):
                continue  # it lost a report: written afresh
            if len(had) == len(ids):
                unchanged.add(e)
                continue
            order = [r["id"] for r in canonical([self._row(i) for i in ids])]
            docs = {self._row(i)["document_id"] for i in had}
            if set(order[: len(had)]) == had and not any(
                self._row(i)["document_id"] in docs for i in order[len(had) :]
            ):
                grown[e] = had
        return unchanged, grown

    def _load_rows(self, ids: Iterable[int]) -> None:
        missing = [i for i in ids if i not in self._rows]
        for chunk in _chunks(missing):
            for found in self.conn.execute(ROWS_BY_ID, {"ids": chunk}).mappings():
                self._rows[found["id"]] = dict(found)

    def _drop_events(self, ids: set[int]) -> None:
        for chunk in _chunks(ids):
            self.conn.execute(
                delete(t.evidence).where(t.evidence.c.kind == "event", t.evidence.c.fact_id.in_(chunk))
            )
            self.conn.execute(
                update(t.event_mentions).where(t.event_mentions.c.event_id.in_(chunk)).values(event_id=None)
            )
            self.conn.execute(delete(t.events).where(t.events.c.id.in_(chunk)))

    def _read_reports_parts(self, ids: list[int]) -> None:
        """The participants and figures of all the reports whose events are about to be written, in two queries
        a chunk (writing events changes neither)."""
        todo = set(ids) - self._parts_read
        self._parts_read |= todo
        for i in [i for i in todo if i in self._filed_parts]:  # filed here: known without a query
            self._parts[i].extend(self._filed_parts[i])
            self._figs[i].extend(self._filed_figs.get(i, ()))
            todo.discard(i)
        for chunk in _chunks(todo):
            for row in self.conn.execute(EVENT_PARTS_BY_REPORT, {"ids": chunk}):
                self._parts[row[0]].append(row)
            for fig in self.conn.execute(EVENT_FIGS_BY_REPORT, {"ids": chunk}).mappings():
                self._figs[fig["mention_id"]].append(fig)

    def _event_values(self, ids: list[int]) -> tuple[list[dict[str, Any]], dict[str, Any], list[Any]]:
        """An event's reports (canonical order), its row's values and the curators' corrections of it."""
        self._load_rows(ids)
        rows = [dict(r) for r in canonical([self._row(i) for i in ids])]
        values = event_slots(rows)
        from khabar.store.curation import apply_corrections, event_curations

        curated, corrections = event_curations(self.conn, ids)
        values = apply_corrections(values, corrections)
        values["curated"] = json.dumps(curated) if curated else None
        return rows, values, corrections

    def _insert_events(self, values: list[dict[str, Any]]) -> list[int]:
        """New event rows in one statement; their ids, in the order given."""
        if not values:
            return []
        return list(self.conn.execute(INSERT_EVENTS, values).scalars())

    def _write_event(self, ids: list[int], event_id: int, had: set[int]) -> None:
        """Rewrite a stored event from its reports ``ids``; ``had``: the reports stored under it already, all
        before the others in canonical order (then only the others' participants, figures and citations are added:
        the rows a rewrite would give, in the same order)."""
        rows, values, corrections = self._event_values(ids)
        self._updates.append({"_event": event_id, **values})
        if had and not values["curated"]:
            self._add_rows(event_id, values, [r for r in rows if r["id"] not in had])
            return
        self._read_reports_parts(ids)
        for statement in DELETE_EVENT_ROWS:
            self.conn.execute(statement, {"event_id": event_id})
        self._add_rows(event_id, values, rows, corrections)

    def _add_rows(
        self,
        event_id: int,
        event: Mapping[str, Any],
        rows: list[dict[str, Any]],
        corrections: Sequence[Any] = (),
    ) -> None:
        """The participants, figures and citations of these reports (canonical order) under the event (``event``:
        its row's values; its participants carry its type and first day, so the copy trigger has nothing to do)."""
        from khabar.store.curation import perpetrator_of

        ids = [r["id"] for r in rows]
        rank = {r["id"]: n for n, r in enumerate(rows)}
        doc_of = {r["id"]: r["document_id"] for r in rows}
        ext_of = {r["id"]: r["extractor"] for r in rows}
        parts = [x for i in ids for x in self._parts[i]]
        seen: set[tuple[Any, ...]] = set()
        part_rows = []
        for mid, eid, text, role, _pid in sorted(parts, key=lambda x: (rank[x[0]], x[4])):
            k = (eid, text, role, doc_of[mid])
            if k in seen:
                continue
            seen.add(k)
            part_rows.append(
                {"event_id": event_id, "entity_id": eid, "text": text, "role": role, "document_id": doc_of[mid],
                 "extractor": ext_of[mid], "type": event["type"], "date_start": event["date_start"]}
            )  # fmt: skip
        for entry in corrections:  # a curator's perpetrator replaces the reports' ones
            if entry.target["slot"] == "perpetrator":
                ent, text = perpetrator_of(self.conn, entry.target["value"])
                part_rows = [r for r in part_rows if r["role"] != "perpetrator"]
                part_rows.append({"event_id": event_id, "entity_id": ent, "text": text, "role": "perpetrator",
                                  "document_id": rows[0]["document_id"], "extractor": "curated",
                                  "type": event["type"], "date_start": event["date_start"]})  # fmt: skip
        self._pending[t.event_participants.name].extend(part_rows)
        figs = [x for i in ids for x in self._figs[i]]
        fig_rows = [
            {
                "event_id": event_id,
                "document_id": doc_of[x["mention_id"]],
                "sentence_id": x["sentence_id"],
                "field": x["field"],
                "min": x["min"],
                "max": x["max"],
                "text": x["text"],
                "extractor": ext_of[x["mention_id"]],
                "said_by_entity_id": x["said_by_entity_id"],
                "said_by_text": x["said_by_text"],
                "claim": x["claim"],
                "curated": None,
            }
            for x in sorted(figs, key=lambda x: (rank[x["mention_id"]], x["seq"]))
        ]
        latest = max(rows, key=lambda r: (r["published"] or "", r["document_id"]))
        for (
            entry
        ) in corrections:  # a curator's toll: a figure of the latest report, stated last, so it is the own
            if entry.target["slot"] in ("killed", "wounded"):
                value = entry.target["value"]
                fig_rows.append({"event_id": event_id, "document_id": latest["document_id"], "sentence_id": None,
                                 "field": entry.target["slot"], "min": value["min"], "max": value["max"],
                                 "text": "curated", "extractor": "curated", "said_by_entity_id": None,
                                 "said_by_text": f"{entry.who} (curator)", "claim": 0, "curated": entry.id})  # fmt: skip
        self._pending[t.event_figures.name].extend(fig_rows)
        ev_rows = []
        cited: set[int] = set()
        for r in rows:
            for sid in json.loads(r["sentences"] or "[]"):
                if sid not in cited:
                    cited.add(sid)
                    ev_rows.append(
                        {"kind": "event", "fact_id": event_id, "document_id": r["document_id"], "sentence_id": sid,
                         "extractor": r["extractor"]}
                    )  # fmt: skip
        self._pending[t.evidence.name].extend(ev_rows)
