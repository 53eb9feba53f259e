"""The store's write path: what the entity writer keeps instead of reading back gives the store that reading back
gives, a document's relations written in one go equal one write each, and a document without facts costs only its
own rows. Our own short texts; facts given directly (no NLP)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

import khabar.store.entities as store_entities
from khabar.model import DateValue, DocFacts, LocalEntity, Mention, RawDocument, RelationFact, Sentence
from khabar.store import Store
from khabar.store import schema as t

X = "test.v1"
Ent = tuple[str, str, set[str], str | None]  # name, type, other names, gazetteer key
Rel = tuple[str, str, str, str | None, str | None]  # type, subject key, object key, start, end


def _dv(s: str) -> DateValue:
    return DateValue(s, {4: "year", 7: "month", 10: "day"}[len(s)])


def _doc(doc_id: str, text: str, entities: dict[str, Ent], relations: tuple[Rel, ...] = ()) -> DocFacts:
    raw = RawDocument(id=doc_id, text=text, published=date(2024, 3, 1))
    facts = DocFacts(document=raw, sentences=[Sentence(0, 0, len(text), text)], extractor=X)
    for key, (name, type_, others, gazetteer) in entities.items():
        facts.entities[key] = LocalEntity(key, name, type_, {name, *others}, gazetteer=gazetteer, extractor=X)
        if (at := text.find(name)) >= 0:
            facts.mentions.append(Mention(at, at + len(name), name, 0, key, X))
    for type_, subject, object_, start, end in relations:
        facts.relations.append(
            RelationFact(type_, subject, object_, [0], X, start=_dv(start) if start else None,
                         end=_dv(end) if end else None)
        )  # fmt: skip
    return facts


FRONT: Ent = ("Kurram Front", "armed_group", set(), None)
RENAMED: Ent = ("Kurram Liberation Front", "armed_group", {"Kurram Front"}, None)
LIBERATION: Ent = ("Kurram Liberation Front", "armed_group", set(), None)
TTP: Ent = ("Pakistani Taliban", "armed_group", set(), "ttp")


def _corpus() -> list[DocFacts]:
    """A commander named by his surname alone, then in full (he absorbs the lone name), in capitals once; a group
    whose longer name more documents use (its display name changes with the counts) and that one document calls an
    organisation; a relation stated twice in one document (its dates combined) and again later."""
    rahim: Ent = ("Rahim Dadkhah", "person", {"RAHIM DADKHAH"}, None)
    return [
        _doc("w0", "Dadkhah said the Kurram Front would fight on.",
             {"d": ("Dadkhah", "person", set(), None), "f": ("Kurram Front", "organization", set(), None)}),
        _doc("w1", "Rahim Dadkhah of the Kurram Front met envoys of the Pakistani Taliban in Parachinar.",
             {"r": rahim, "f": FRONT, "t": TTP, "p": ("Parachinar", "location", set(), None)},
             (("member_of", "r", "f", "2019", None), ("allied_with", "f", "t", None, None),
              ("member_of", "r", "f", "2019-04", None))),
        _doc("w3", "The Kurram Liberation Front, once led by RAHIM DADKHAH, split in 2021.",
             {"f": RENAMED, "r": ("RAHIM DADKHAH", "person", set(), None)},
             (("member_of", "r", "f", None, "2021"), ("leader_of", "r", "f", None, "2021"))),
        _doc("w4", "Fighters of the Kurram Liberation Front crossed into Afghanistan.",
             {"f": LIBERATION, "a": ("Afghanistan", "country", set(), None)}),
        _doc("w5", "The Kurram Liberation Front denied any link to the Pakistani Taliban.",
             {"f": LIBERATION, "t": TTP}, (("allied_with", "f", "t", "2020", None),)),
        _doc("w6", "Talks in Parachinar ended without a deal.", {"p": ("Parachinar", "location", set(), None)}),
    ]  # fmt: skip


def _canonical(store: Store) -> dict[str, Any]:
    """The entities (with their names and index keys) and relations, without row ids (PostgreSQL's sequences do
    not reuse the id of a merged-away entity, SQLite may)."""
    with store.connect() as conn:
        names: dict[int, list[Any]] = {}
        for r in conn.execute(select(t.aliases)).mappings():
            names.setdefault(r["entity_id"], []).append(
                (r["norm"], r["alias"], r["source"], r["docs"], r["via"])
            )
        keys: dict[int, list[str]] = {}
        for key, eid in conn.execute(select(t.entity_keys.c.key, t.entity_keys.c.entity_id)):
            keys.setdefault(eid, []).append(key)
        ents = {
            r["id"]: (r["name"], r["type"], r["gazetteer_key"], r["type_votes"], sorted(names.get(r["id"], [])),
                      sorted(keys.get(r["id"], [])))
            for r in conn.execute(select(t.entities)).mappings()
        }  # fmt: skip
        rels = sorted(
            (r["type"], ents[r["subject_id"]][0], ents[r["object_id"]][0], r["start"], r["end"], r["as_of"])
            for r in conn.execute(select(t.relations)).mappings()
        )
    return {"entities": sorted(ents.values()), "relations": rels}


def _written_one_by_one(db: str) -> list[Any]:
    """The store's canonical content after each document of the corpus, written one at a time."""
    store = Store(db)
    out = []
    for facts in _corpus():
        store.write(facts)
        out.append(_canonical(store))
    store.close()
    return out


def test_the_entity_writer_keeps_what_reading_back_would_find(
    store_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh and the lone-name check use the rows and names the writer read and wrote; a store written so
    equals, document after document, one written reading them back (a fault in what the writer keeps would show
    in names, counts, types or a lone name absorbed later)."""
    refresh, absorb = store_entities.refresh_entities, store_entities.absorb_lone
    kept: list[bool] = []

    def spy(*a: Any, known: Any = None, **k: Any) -> None:
        kept.append(known is not None)
        refresh(*a, known=known, **k)

    monkeypatch.setattr(store_entities, "refresh_entities", spy)
    got = _written_one_by_one(store_db)
    assert any(kept) and not all(kept)  # kept state used, and read back after the lone name's merge

    def read_back(*a: Any, known: Any = None, **k: Any) -> None:
        refresh(*a, **k)

    monkeypatch.setattr(store_entities, "refresh_entities", read_back)
    monkeypatch.setattr(store_entities, "absorb_lone", lambda conn, ents, names=None: absorb(conn, ents))
    want = _written_one_by_one(str(tmp_path / "slow.db"))
    assert got == want
    by_name = {e[0]: e for e in got[-1]["entities"]}
    assert "Kurram Liberation Front" in by_name and "Kurram Front" not in by_name  # the counts moved the name
    assert "Dadkhah" not in by_name and "Rahim Dadkhah" in by_name  # the lone name was absorbed
    assert by_name["Tehrik-i-Taliban Pakistan"][2] == "ttp"


def test_a_documents_relations_are_combined_and_numbered_in_the_order_first_named(store_db: str) -> None:
    store = Store(store_db)
    for facts in _corpus()[1:3]:
        store.write(facts)
    with store.connect() as conn:
        rows = conn.execute(select(t.relations).order_by(t.relations.c.id)).mappings().all()
        cited = conn.execute(select(t.evidence.c.fact_id).where(t.evidence.c.kind == "relation")).scalars().all()
    store.close()
    assert [r["type"] for r in rows] == ["member_of", "allied_with", "leader_of"]
    member = rows[0]
    assert (member["start"], member["end"]) == ("2019-04", "2021")  # "2019" refined in one document, ended later
    assert sorted(cited) == sorted([rows[0]["id"], rows[1]["id"], rows[0]["id"], rows[2]["id"]])


def test_a_document_without_facts_is_its_row_and_its_sentences(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2].split()[0]))
    text = "The council met on Tuesday to discuss the new bus timetable. Nothing was decided."
    facts = DocFacts(
        document=RawDocument(id="bus", text=text, published=date(2024, 3, 1)),
        sentences=[Sentence(0, 0, 60, text[:60]), Sentence(1, 61, len(text), text[61:])],
        extractor=X,
    )
    store.write(facts)
    assert seen == ["INSERT", "INSERT"]
    with store.connect() as conn:
        assert conn.execute(select(t.sentences.c.idx).order_by(t.sentences.c.idx)).scalars().all() == [0, 1]
    store.close()


def test_a_curators_merges_and_splits_are_found_together_as_one_at_a_time(store_db: str) -> None:
    """Resolution loads a curator's merge or split with the reports it names now, found for all its references
    in a few statements: the same reports, in the same order, as finding each reference alone."""
    from khabar.model import EventFact
    from khabar.store.curation import _active, _find_reports, constraint_rules
    from tests.resolution_docs import PLACES, doc, dv, peshawar_week

    first = "The Peshawar mosque bombing of Monday killed 84 people."
    second = "A bomb in Quetta wounded five on Sunday."
    both = doc("two-blasts", "2023-02-07", f"{first} {second}", when="2023-01-30", where="police_lines", killed=84)
    both.sentences.append(Sentence(1, len(first) + 1, len(first) + 1 + len(second), second))
    both.events.append(EventFact("attack", [1], X, trigger="bomb", date=dv("2023-02-05"), place=PLACES["quetta"]))
    store = Store(store_db)
    for facts in [*peshawar_week(), both]:  # two reports of one type in one document: a sentence tells them apart
        store.write(facts)
    with store.connect() as conn:
        events = conn.execute(
            select(t.event_mentions.c.document_id, t.event_mentions.c.event_id).order_by(t.event_mentions.c.id)
        ).all()
    of = {doc: ev for doc, ev in events}
    with store.curate() as cur:
        cur.merge_events(of["pesh-toll"], of["quetta"], who="test", reason="one campaign")
    with store.connect() as conn:
        merged = conn.execute(
            select(t.event_mentions.c.event_id).where(t.event_mentions.c.document_id == "quetta")
        ).scalar_one()
    with store.curate() as cur:
        cur.split_event(merged, "pesh-claim", who="test", reason="the claim is about another blast")
    with store.connect() as conn:
        ids = set(conn.execute(select(t.event_mentions.c.id)).scalars())
        m = t.event_mentions.c
        two = set(conn.execute(select(m.id).where(m.document_id == "two-blasts")).scalars())
        rules = constraint_rules(conn, ids)
        one_by_one: dict[int, tuple[str, list[int], list[int]]] = {}
        keys = set(conn.execute(select(t.curation_keys.c.key)).scalars())
        for entry, _k in _active(conn, keys).values():
            target = entry.target
            if entry.action == "merge-events":
                found = [i for r in target["reports"] for i in _find_reports(conn, r)]
                one_by_one[entry.id] = ("merge", found, [])
            elif entry.action == "split-event":
                out = [i for r in target["split"] for i in _find_reports(conn, r)]
                rest = [i for r in target["from"] for i in _find_reports(conn, r)]
                one_by_one[entry.id] = ("split", out, rest)
    store.close()
    assert sorted(kind for kind, _a, _b in rules.values()) == ["merge", "split"]
    assert all(found for _kind, found, _b in rules.values())
    assert two & {i for _kind, a, b in rules.values() for i in (*a, *b)}  # the document's reports are named
    assert rules == one_by_one


def test_a_search_by_rows_of_values_finds_what_the_built_condition_finds(store_db: str) -> None:
    """``select_rows_in`` (built once for each number of rows, its values bound) answers as ``rows_in`` (built at
    every call, its values in the statement): the relations a document repeats are found by it."""
    from khabar.store.portable import rows_in, rows_params, select_rows_in

    store = Store(store_db)
    for facts in _corpus():
        store.write(facts)
    r = t.relations.c
    columns = (r.type, r.subject_id, r.object_id)
    relations = select(t.relations)  # built once, as the writer's own
    with store.connect() as conn:
        stored = [tuple(row) for row in conn.execute(select(*columns).order_by(r.id))]
        assert len(stored) >= 3
        absent = [("leader_of", 10_000, 10_001), (stored[0][0], stored[0][2], stored[0][1])]  # no such relation
        for rows in ([stored[0]], stored[:2], stored + absent, absent[:1]):
            plain = conn.execute(select(t.relations).where(rows_in(columns, rows)).order_by(r.id)).all()
            bound = conn.execute(select_rows_in(relations, columns, len(rows)), rows_params(rows)).all()
            assert sorted(bound) == plain
            assert {(x.type, x.subject_id, x.object_id) for x in bound} == set(rows) & set(stored)
    assert select_rows_in(relations, columns, 2) is select_rows_in(relations, columns, 2)  # built once
    store.close()
