"""Reads that stay fast as the store grows: every statement of every growing read is served by an index or bounded.

A store of a few hundred generated reports (facts written through the store's own write path, no NLP; our own
sentences) is read the way the CLI, the web app and ``ask`` read it, every SQL statement is captured, and its
query plan is checked: ``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN (FORMAT JSON)`` with sequential scans disabled
on PostgreSQL (so a plan shows whether an index *can* serve a query, whatever the small table's statistics say).
No statement may read a whole table; reading a whole index is allowed only where a LIMIT stops the walk (newest
first, oldest first) or for the few totals of the whole store. The same store checks what the indexes rely on:
the participants' copies of their event's type and date, SQLite's trigger-kept entity totals, bounded citations,
and that each bounded plan gives the same answer as the plain one. A write and a delete are held to the same rule.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, func, insert, select, text, update

from khabar import Khabar
from khabar.model import (
    Count,
    DateValue,
    DocFacts,
    EventFact,
    LocalEntity,
    Mention,
    Participant,
    Place,
    RawDocument,
    RelationFact,
    Sentence,
)
from khabar.query import lookup, network
from khabar.query.lookup import entity_totals, event_page, evidence_for_many, has_counts, newest_documents
from khabar.store import schema as t

X = "test.v1"
GROUPS = ["Northern Front", "Red Hand Brigade", "Coastal Liberation Army", "Mountain Lions", "River Militia"]
PEOPLE = [
    f"{f} {s}" for f in ("Amir", "Basim", "Carlo", "Dario", "Emil") for s in ("Ortega", "Haddad", "Vance")
]
TOWNS = [
    ("Port Ilva", "Ruritania"),
    ("Kessel", "Ruritania"),
    ("San Aldo", "Costa Verde"),
    ("Mirov", "Borduria"),
]
TYPES = ["attack", "attack", "killing", "kidnapping", "arrest", "air_strike"]
BIG_TABLES = {
    "events", "event_participants", "mentions", "evidence", "sentences", "documents", "aliases", "entities",
    "event_figures", "relations",
}  # fmt: skip


def _doc(n: int) -> DocFacts:
    """Report ``n``: three events told in three sentences, a leader named in a fourth; undated now and then."""
    published = date(2018, 1, 1) + timedelta(days=7 * n)
    sents: list[str] = []
    facts = DocFacts(document=RawDocument(id=f"r{n:04d}", text="", published=published))

    def ent(key: str, name: str, type_: str) -> str:
        facts.entities.setdefault(key, LocalEntity(key, name, type_, aliases={name}, extractor=X))
        return key

    def say(text_: str, names: list[tuple[str, str]]) -> int:
        start = sum(len(s) + 1 for s in sents)
        i = len(sents)
        sents.append(text_)
        facts.sentences.append(Sentence(i, start, start + len(text_), text_))
        for key, written in names:
            at = text_.find(written)
            facts.mentions.append(Mention(start + at, start + at + len(written), written, i, key, X))
        return i

    for k in range(3):
        g = GROUPS[(n * 3 + k) % len(GROUPS) if k else 0]  # the first group is in every report: the big one
        town, country = TOWNS[(n + k) % len(TOWNS)]
        victim = PEOPLE[(n + k) % len(PEOPLE)]
        type_ = TYPES[(n + k) % len(TYPES)]
        day = published - timedelta(days=k)
        gk, tk, vk = (
            ent(f"g:{g}", g, "armed_group"),
            ent(f"t:{town}", town, "location"),
            ent(f"p:{victim}", victim, "person"),
        )
        i = say(f"{g} struck {town} on {day:%d %B %Y}, killing {n % 9 + 1} people including {victim}.",
                [(gk, g), (tk, town), (vk, victim)])  # fmt: skip
        dated = DateValue(day.isoformat(), "day") if (n + k) % 11 else None
        facts.events.append(
            EventFact(
                type_, [i], X, date=dated, place=Place(town, "location", country=country), place_entity=tk,
                participants=[Participant("perpetrator", gk), Participant("victim", vk)],
                killed=Count(n % 9 + 1, n % 9 + 1, str(n % 9 + 1)),
            )
        )  # fmt: skip
    leader, group = PEOPLE[n % len(PEOPLE)], GROUPS[n % len(GROUPS)]
    lk, gk = ent(f"p:{leader}", leader, "person"), ent(f"g:{group}", group, "armed_group")
    i = say(f"{leader} has led the {group} since {2010 + n % 8}.", [(lk, leader), (gk, group)])
    facts.relations.append(
        RelationFact("leader_of", lk, gk, [i], X, start=DateValue(str(2010 + n % 8), "year"))
    )
    facts.document.text = " ".join(sents)
    return facts


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Khabar]:
    db = (
        str(tmp_path_factory.mktemp("reads") / "k.db")
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    k = Khabar(db)
    for n in range(150):
        k.store.write(_doc(n))
    if request.param == "postgresql":
        # The planner's choice among indexes follows the tables' statistics. Autovacuum gathers them on its own
        # schedule, and in CI it once did so halfway through the writes above (a third of the events seen), which
        # made walking the date index look cheaper than the place's. Gather them now, over the whole store, as
        # autovacuum would shortly after any real ingest.
        with k.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    yield k
    k.close()


@contextmanager
def captured(engine: Engine, kinds: tuple[str, ...] = ("SELECT", "WITH")) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement of these kinds the engine runs inside the block, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if not many and statement.lstrip().upper().startswith(kinds):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _reads(k: Khabar) -> dict[str, Callable[[], object]]:
    g, p, town = GROUPS[0], PEOPLE[1], TOWNS[0][0]
    return {
        "dossier of a group": lambda: k.dossier(g),
        "dossier of a person": lambda: k.dossier(p),
        "dossier of a place": lambda: k.dossier(town),
        "timeline of a group": lambda: k.timeline(g, limit=20),
        "timeline of a place since": lambda: k.timeline(town, since="2019", limit=20),
        "timeline of everything": lambda: k.timeline(limit=20),
        "timeline of a month": lambda: k.timeline(since="2019-03", until="2019-03", limit=20),
        "timeline of a relation type": lambda: k.timeline(type="leader_of", limit=20),
        "count of a group's timeline": lambda: k.count_timeline(g),
        "events by country and type": lambda: k.events(country="Ruritania", type="attack", limit=20),
        "events of an actor since": lambda: k.events(actor=g, since="2019", limit=20),
        "events of an actor, type, country": lambda: k.events(
            actor=g, type="attack", country="Borduria", limit=20
        ),
        "events in a month": lambda: k.events(since="2019-03", until="2019-03", limit=20),
        "a deep page of events": lambda: k.events(limit=20, offset=300),
        "count by country and type": lambda: k.count_events(country="Ruritania", type="attack"),
        "count of an actor since": lambda: k.count_events(actor=g, since="2019"),
        "count of a type in a year": lambda: k.count_events(type="kidnapping", since="2019", until="2019"),
        "network of a group": lambda: k.network(g, limit=30),
        "network of a person, depth 2": lambda: k.network(p, depth=2, limit=30),
        "what is": lambda: k.ask(f"What is the {g}?"),
        "who leads": lambda: k.ask(f"Who leads the {g}?"),
        "first leader": lambda: k.ask(f"Who was the first leader of the {g}?"),
        "when did X attack": lambda: k.ask(f"When did the {g} attack?"),
        "when did X attack Y": lambda: k.ask(f"When did the {g} attack {town}?"),
        "why": lambda: k.ask(f"Why did the {g} attack Ruritania?"),
        "casualties": lambda: k.ask(f"How many people were killed in the attack in {town}?"),
        "who attacked": lambda: k.ask(f"Who attacked {town}?"),
    }


# Totals of the whole store, or of one type or year: counted along a covering index, which they read whole.
WHOLE_INDEX_OK = {"count of a type in a year", "count of a group's timeline"}


def _sqlite_problems(conn: Connection, statement: str, params: Any, whole_ok: bool) -> list[str]:
    out = []
    for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).fetchall():
        step = row[3]
        m = re.match(r"SCAN (\w+)( USING (?:COVERING )?INDEX (\w+))?", step)
        if not m or m.group(1) not in BIG_TABLES:
            continue
        if m.group(2) is None:
            out.append(f"reads all of {m.group(1)}: {step}")
        elif not (whole_ok or re.search(r"\bLIMIT\b", statement)):
            out.append(f"reads all of index {m.group(3)} with no LIMIT: {step}")
    return out


def _index_only(conn: Connection) -> None:
    """Plan as on a large store: no reading a whole table where an index can serve, and joins that look rows up
    (a tiny test table's statistics would otherwise make whole-table hash and merge joins the cheapest)."""
    for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
        conn.exec_driver_sql(f"SET {setting} = off")


def _pg_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _pg_nodes(child)


def _pg_problems(conn: Connection, statement: str, params: Any, whole_ok: bool) -> list[str]:
    out = []
    raw = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, params).scalar_one()
    plan = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
    for node in _pg_nodes(plan):  # with sequential scans off, a Seq Scan means no index can serve the query
        if node.get("Relation Name") in BIG_TABLES and node["Node Type"] == "Seq Scan":
            out.append(f"reads all of {node['Relation Name']}: Seq Scan")
    return out


def test_no_growing_read_reads_a_whole_table(kb: Khabar) -> None:
    problems: dict[str, list[str]] = {}
    pg = kb.store.engine.dialect.name == "postgresql"
    for name, read in _reads(kb).items():
        with captured(kb.store.engine) as seen:
            read()
        assert seen, name
        with kb.store.engine.connect() as conn:
            if pg:
                _index_only(conn)
            for statement, params in seen:
                check = _pg_problems if pg else _sqlite_problems
                for p in check(conn, statement, params, name in WHOLE_INDEX_OK):
                    problems.setdefault(name, []).append(f"{p}\n    {' '.join(statement.split())[:300]}")
    assert not problems, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in problems.items())


def test_no_statement_of_a_write_reads_a_whole_table(store_db: str) -> None:
    """The write path held to the reads' rule: writing one more report into a store that already holds its
    relation, its places and its groups, then deleting a document, issues no statement (SELECT, UPDATE or DELETE)
    that reads a whole table, so neither grows with the store."""
    k = Khabar(store_db)
    for n in range(40):
        k.store.write(_doc(n))
    pg = k.store.engine.dialect.name == "postgresql"
    facts = _doc(40)  # the leader and group of report 25: a relation the store holds, and one it does not
    led = facts.relations[0]
    facts.relations.append(RelationFact("member_of", led.subject, led.object, led.sentences, X))
    with captured(k.store.engine, ("SELECT", "WITH", "UPDATE", "DELETE")) as seen:
        k.store.write(facts)
        k.store.delete_document("r0007")
    assert any(re.search(r"FROM relations\b", s) for s, _ in seen)
    problems = []
    with k.store.engine.connect() as conn:
        if pg:
            _index_only(conn)
        for statement, params in seen:
            if " WHERE " not in statement.upper() and " LIMIT " in statement.upper():
                continue  # an existence probe (any row at all): it stops at the first row
            check = _pg_problems if pg else _sqlite_problems
            problems += [
                f"{p}: {' '.join(statement.split())[:200]}" for p in check(conn, statement, params, False)
            ]
    k.close()
    assert not problems, "\n".join(problems)


def _plans_of(kb: Khabar, read: Callable[[], object]) -> str:
    """Every plan line of every statement of a read, as one text (to look for an index by name)."""
    with captured(kb.store.engine) as seen:
        read()
    lines = []
    with kb.store.engine.connect() as conn:
        for statement, params in seen:
            if kb.store.engine.dialect.name == "postgresql":
                _index_only(conn)
                lines.append(
                    json.dumps(
                        conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, params).scalar_one()
                    )
                )
            else:
                lines += [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("read", "index"),
    [
        ("dossier of a group", "ix_event_participants_entity_date"),
        ("events by country and type", "ix_events_country_date|ix_events_type_date_c"),
        ("timeline of a place since", "ix_events_place_date|ix_events_place_entity"),
        ("events in a month", "ix_events_date"),
        ("timeline of everything", "ix_relations_start"),
        ("dossier of a person", "ix_aliases_norm"),
    ],
)
def test_the_index_meant_for_each_read_serves_it(kb: Khabar, read: str, index: str) -> None:
    plans = _plans_of(kb, _reads(kb)[read])
    assert any(name in plans for name in index.split("|")), plans


def test_postgresql_searches_sentences_through_its_text_index(kb: Khabar) -> None:
    from khabar.explain.search import search

    if kb.store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite searches through FTS5 (migration 0002)")
    with kb.store.connect() as conn:
        hits = search(conn, ["struck Kessel"], limit=5)
    assert hits and all("struck Kessel" in h.text for h in hits)
    assert "ix_sentences_tsv" in _plans_of(kb, lambda: search(kb.store.engine.connect(), ["Kessel"], limit=5))


def test_participants_carry_their_events_type_and_date(kb: Khabar) -> None:
    ep, ev = t.event_participants, t.events
    pairs = select(ep.c.type, ev.c.type, ep.c.date_start, ev.c.date_start).join(ev, ev.c.id == ep.c.event_id)
    with kb.store.engine.connect() as conn:
        assert all(a == b and c == d for a, b, c, d in conn.execute(pairs))
        conn.rollback()
        tx = conn.begin()  # a writer re-dates and re-types an event: its participants' copies follow
        some = conn.execute(select(ev.c.id).where(ev.c.date_start.is_not(None)).limit(1)).scalar_one()
        conn.execute(update(ev).where(ev.c.id == some).values(date_start="2030-01-02", type="clash"))
        copies = set(conn.execute(select(ep.c.type, ep.c.date_start).where(ep.c.event_id == some)))
        tx.rollback()
    assert copies == {("clash", "2030-01-02")}


def test_the_copies_are_made_where_they_differ_and_only_there(kb: Khabar) -> None:
    ep, ev = t.event_participants, t.events
    with kb.store.engine.connect() as conn:
        tx = conn.begin()
        some, kind, day = conn.execute(
            select(ev.c.id, ev.c.type, ev.c.date_start).where(ev.c.date_start.is_not(None)).limit(1)
        ).one()
        doc = conn.execute(select(ep.c.document_id).where(ep.c.event_id == some).limit(1)).scalar_one()
        # a participant written without its copy (a curator's tool, an older writer) gets it on insert
        conn.execute(
            insert(ep).values(event_id=some, text="someone", role="victim", document_id=doc, extractor="test")
        )
        copies = set(conn.execute(select(ep.c.type, ep.c.date_start).where(ep.c.event_id == some)))
        assert copies == {(kind, day)}
        if kb.store.engine.dialect.name == "sqlite":
            # an event rewritten with its type and day as they were leaves its participants' rows alone
            raw = conn.connection.driver_connection
            before = raw.total_changes
            conn.execute(update(ev).where(ev.c.id == some).values(type=kind, date_start=day))
            assert raw.total_changes - before == 1
        tx.rollback()


def _scanned(conn: Connection, ent: int) -> tuple[int, int, int]:
    ep, m = t.event_participants, t.mentions
    events = conn.execute(
        select(func.count(func.distinct(ep.c.event_id))).where(ep.c.entity_id == ent)
    ).scalar_one()
    docs = conn.execute(
        select(func.count(func.distinct(m.c.document_id))).where(m.c.entity_id == ent)
    ).scalar_one()
    mentions = conn.execute(select(func.count()).where(m.c.entity_id == ent)).scalar_one()
    return events, docs, mentions


def test_entity_totals_are_right_through_writes_deletes_and_merges(tmp_path: Path) -> None:
    k = Khabar(tmp_path / "k.db")
    for n in range(12):
        k.store.write(_doc(n))
    with k.store.connect() as conn:
        assert has_counts(conn)
        ids = list(conn.execute(select(t.entities.c.id)).scalars())

    def check() -> None:
        with k.store.connect() as conn:
            for e in ids:
                got = entity_totals(conn, e)
                assert (got.events, got.documents, got.mentions) == _scanned(conn, e), e

    check()
    k.store.delete_document("r0003")
    check()
    with k.store.engine.begin() as conn:  # an analyst's merge moves one entity's rows onto another
        a, b = ids[0], ids[1]
        conn.execute(update(t.mentions).where(t.mentions.c.entity_id == b).values(entity_id=a))
        conn.execute(
            update(t.event_participants).where(t.event_participants.c.entity_id == b).values(entity_id=a)
        )
    check()
    k.close()


def test_bounded_plans_give_the_plain_answers(kb: Khabar, monkeypatch: pytest.MonkeyPatch) -> None:
    with kb.store.connect() as conn:
        g = lookup.find_entity(conn, GROUPS[0])
        p = lookup.find_entity(conn, PEOPLE[2])
        few = newest_documents(conn, [p], 7)
        many = newest_documents(conn, [g], 40)
        both = newest_documents(conn, [g], 9, also=[p])
        monkeypatch.setattr(lookup, "SMALL_SET", 0)  # every entity now takes the walk along the documents
        assert newest_documents(conn, [p], 7) == few
        assert newest_documents(conn, [g], 40) == many
        assert newest_documents(conn, [g], 9, also=[p]) == both
        published = dict(conn.execute(select(t.documents.c.id, t.documents.c.published)).all())
        assert [published[d] for d in many] == sorted((published[d] for d in many), reverse=True)
        # pages across the end of the dated events run on into the undated ones, each event once
        every = event_page(conn, actor=g, limit=10_000)
        assert [
            x for o in range(0, len(every), 7) for x in event_page(conn, actor=g, limit=7, offset=o)
        ] == every
        dates = dict(conn.execute(select(t.events.c.id, t.events.c.date_start)).all())
        dated = [dates[e] for e in every if dates[e]]
        assert dated == sorted(dated, reverse=True) and all(dates[e] is None for e in every[len(dated) :])
        assert lookup.count_matching_events(conn, actor=g) == len(every)
    assert kb.count_timeline(GROUPS[0]) == len(kb.timeline(GROUPS[0], limit=100_000))
    assert kb.count_timeline() == len(kb.timeline(limit=100_000))


def test_citations_and_network_events_are_bounded(kb: Khabar, monkeypatch: pytest.MonkeyPatch) -> None:
    with kb.store.connect() as conn:
        rel = conn.execute(
            select(t.evidence.c.fact_id, func.count().label("n"))
            .where(t.evidence.c.kind == "relation")
            .group_by(t.evidence.c.fact_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        assert rel.n > 2
        two = evidence_for_many(conn, "relation", [rel.fact_id], per_fact=2)[rel.fact_id]
        every = evidence_for_many(conn, "relation", [rel.fact_id])[rel.fact_id]
        assert len(every) == rel.n and two == every[:2]
    full = kb.network(GROUPS[0], limit=100)
    monkeypatch.setattr(network, "EVENTS_PER_NODE", 3)
    small = kb.network(GROUPS[0], limit=100)
    shared = {e.key: e.weight for e in full.edges if e.kind == "event"}
    assert small.edges and all(e.weight <= min(3, shared[e.key]) for e in small.edges if e.kind == "event")


def test_a_store_of_the_previous_schema_migrates_with_its_copies_and_totals(tmp_path: Path) -> None:
    from alembic import command

    from khabar.store.engine import _alembic_config, open_engine

    db = tmp_path / "old.db"
    k = Khabar(db)
    for n in range(5):
        k.store.write(_doc(n))
    k.close()
    engine = open_engine(db)
    cfg = _alembic_config()
    with engine.begin() as conn:  # back to before the read indexes, as a store made by an older khabar
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    engine.dispose()
    k = Khabar(db)  # opening migrates it again: the copies are filled in, the totals counted
    with k.store.connect() as conn:
        ids = list(conn.execute(select(t.entities.c.id)).scalars())
        assert all(
            (lambda g: (g.events, g.documents, g.mentions))(entity_totals(conn, e)) == _scanned(conn, e)
            for e in ids
        )
        missing = conn.execute(
            text("SELECT count(*) FROM event_participants WHERE type IS NULL")
        ).scalar_one()
        assert missing == 0
    k.close()
