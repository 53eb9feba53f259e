"""Event resolution in the store: one event from many reports, the same store whatever the ingest order, bounded
work per write.

The hand-made week of reports (tests/resolution_docs.py) runs on SQLite and PostgreSQL; the permutation tests
over the shared dev-multi corpus and the realnews clusters extract those texts once and write them in many orders
(they skip where ../shared is absent; the texts are read from there, never copied here).
"""

from __future__ import annotations

import copy
import itertools
import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from khabar.model import DocFacts, Place, RelationFact, Sentence
from khabar.query.export import facts_json
from khabar.store import Store
from khabar.store import schema as t
from khabar.store.curation import constraint_rules
from tests.resolution_docs import X, canonical, doc, lahore_park_week, peshawar_week, retold_examples


def _build(db: str | Path, docs: list[DocFacts], order: list[int] | None = None) -> Store:
    store = Store(db)
    for i in order if order is not None else range(len(docs)):
        store.write(copy.deepcopy(docs[i]))
    return store


def _export(store: Store) -> dict[str, Any]:
    with store.connect() as conn:
        return facts_json(conn)


def _event_of(data: dict[str, Any], document: str) -> dict[str, Any]:
    (ev,) = [e for e in data["events"] if any(x["document"] == document for x in e["evidence"])]
    return ev


def test_a_week_of_reports_is_one_event_and_other_attacks_stay_apart(store_db: str) -> None:
    data = _export(_build(store_db, peshawar_week()))
    assert len(data["events"]) == 3
    ev = _event_of(data, "pesh-first")
    docs = {x["document"] for x in ev["evidence"]}
    assert docs == {"pesh-first", "pesh-toll", "pesh-police", "pesh-final", "pesh-claim"}
    assert ev["date"] == {"start": "2023-01-30", "end": None}
    assert ev["location"]["name"] == "Police Lines mosque"  # the most specific place any report gives
    assert ev["killed"] == {"min": 84, "max": None}  # the latest published figure that is not a claim
    assert [(f["min"], f.get("claim", False)) for f in ev["figures"]] == [
        (28, False), (59, False), (100, True), (84, False)
    ]  # fmt: skip
    names = {e["id"]: e["name"] for e in data["entities"]}
    assert {names[p["entity"]] for p in ev["participants"]} == {"Jamaat-ul-Ahrar"}
    assert _event_of(data, "pesh-earlier") is not ev and _event_of(data, "quetta") is not ev


def test_a_park_no_gazetteer_knows_is_one_place_however_spelt_in_any_order(
    store_db: str, tmp_path: Path
) -> None:
    """The park's name, unknown to the gazetteer, spelt "Gulshan-e-IqbalPark" and "Gulshan-i-Iqbal": one spot,
    not two towns, so the undated toll three days on joins the bombing; a blast at another spot stays apart."""
    docs = lahore_park_week()
    data = _export(_build(store_db, docs))
    assert len(data["events"]) == 2
    ev = _event_of(data, "park-first")
    assert {x["document"] for x in ev["evidence"]} == {"park-first", "park-toll"}
    assert ev["killed"] == {"min": 74, "max": None}
    first = canonical(data)
    for n, order in enumerate(itertools.permutations(range(len(docs)))):
        assert canonical(_export(_build(tmp_path / f"{n}.db", docs, list(order)))) == first, order


def test_explain_merge_says_when_two_undated_reports_tie_but_stay_apart(tmp_path: Path) -> None:
    """A late undated report ties with another undated report of an event, not with the event's dated one: it
    stays apart (undated reports join through dated ones), and the explanation says so rather than "under"."""
    from khabar.query.merges import explain_events

    ttp = {"ttp": ("Jamaat-ul-Ahrar", "armed_group", "perpetrator")}
    store = _build(
        tmp_path / "k.db",
        [
            doc("dated", "2023-01-30", "A bomber hit the Police Lines mosque on Monday.", when="2023-01-30",
                where="police_lines"),
            doc("follow", "2023-02-01", "Jamaat-ul-Ahrar was behind the mosque attack, police said.",
                where="police_lines", people=ttp),
            doc("late", "2023-02-10", "Jamaat-ul-Ahrar men attacked in Peshawar, a court heard.", where="peshawar",
                people=ttp),
        ],
    )  # fmt: skip
    data = _export(store)
    assert _event_of(data, "follow") is _event_of(data, "dated") and _event_of(data, "late") is not _event_of(
        data, "dated"
    )
    with store.connect() as conn:
        ids = dict(conn.execute(select(t.event_mentions.c.document_id, t.event_mentions.c.event_id)).all())
        out = explain_events(conn, ids["dated"], ids["late"])
    assert out["pairs"][0]["score"] >= out["threshold"] and "neither is dated" in out["verdict"], out[
        "verdict"
    ]


def test_any_ingest_order_gives_the_same_store(tmp_path: Path) -> None:
    docs = peshawar_week()
    first = canonical(_export(_build(tmp_path / "sorted.db", docs)))
    rng = random.Random(9)
    for n in range(8):
        order = list(range(len(docs)))
        rng.shuffle(order)
        assert canonical(_export(_build(tmp_path / f"{n}.db", docs, order))) == first, order
    batch = _build(tmp_path / "batch.db", docs, list(reversed(range(len(docs)))))
    assert batch.resolve_all() == 3
    assert canonical(_export(batch)) == first


def test_a_batch_write_is_the_same_store_as_one_document_at_a_time(tmp_path: Path) -> None:
    """``Store.write_many`` (the bulk path: one transaction, one resolution pass) equals ``write`` per document."""
    docs = peshawar_week()
    one_by_one = canonical(_export(_build(tmp_path / "one.db", docs)))
    batch = Store(tmp_path / "batch.db")
    results = batch.write_many([copy.deepcopy(d) for d in reversed(docs)])
    assert [r.document for r in results] == [d.document.id for d in reversed(docs)]
    assert canonical(_export(batch)) == one_by_one


def _retold_weeks() -> list[DocFacts]:
    """Two bombings re-told for weeks (dated accounts and undated follow-ups), an earlier attack in the same town, a
    month-dated round-up, and a late dated account published before the others (it comes first in its event)."""
    out = peshawar_week()
    for n, day in enumerate(["2023-02-03", "2023-02-04", "2023-02-05", "2023-02-07"]):
        out.append(doc(f"pesh-day-{n}", day, f"Mourners recalled the Police Lines mosque bombing of Monday ({n}).",
                       when="2023-01-30", where="police_lines", killed=84))  # fmt: skip
        out.append(doc(f"pesh-follow-{n}", day, f"Officials said the Peshawar attack inquiry went on ({n}).",
                       where="peshawar"))  # fmt: skip
        out.append(doc(f"quetta-{n}", day, f"The Quetta police headquarters blast of Sunday killed five ({n}).",
                       when="2023-02-05", where="quetta", killed=5))  # fmt: skip
        out.append(doc(f"quetta-follow-{n}", day, f"Quetta counted its dead after the blast ({n}).", where="quetta"))
    out.append(doc("pesh-month", "2023-02-10", "January's attacks in Peshawar killed dozens.", when="2023-01",
                   where="peshawar"))  # fmt: skip
    out.append(doc("pesh-early-wire", "2023-01-30", "Breaking: a blast at the Police Lines mosque in Peshawar.",
                   when="2023-01-30", where="police_lines"))  # fmt: skip
    # an undated killing told of the mosque, until a kidnapping there that day (a type it never goes with) joins it
    out.append(doc("pesh-killing", "2023-01-31", "A guard was killed at the Police Lines mosque.", type_="killing",
                   where="police_lines"))  # fmt: skip
    out.append(doc("pesh-abduction", "2023-02-01", "Two worshippers were abducted at the Police Lines mosque on "
                   "Monday.", type_="kidnapping", when="2023-01-30", where="police_lines"))  # fmt: skip
    # a killing there that day, which the kidnapping can never be: it splits the event it links into
    out.append(doc("pesh-guard", "2023-02-02", "A guard was shot dead at the Police Lines mosque on Monday.",
                   type_="killing", when="2023-01-30", where="police_lines"))  # fmt: skip
    # seven dead in "the Peshawar attack": the mosque bombing, until a report of both tells of a market attack
    # the next day that killed seven
    out.append(doc("pesh-seven", "2023-02-01", "Seven died in the Peshawar attack.", where="peshawar", killed=7))
    both = doc("pesh-both", "2023-02-02", "After Monday's mosque bombing in Peshawar, gunmen killed seven at a "
               "market on Tuesday.", when="2023-01-30", where="peshawar")  # fmt: skip
    market = doc("x", "2023-02-02", "", when="2023-01-31", where="peshawar", killed=7).events[0]
    market.place = Place("Peshawar", "location", lat=34.02, lon=71.57, country="Pakistan",
                         admin1="Khyber Pakhtunkhwa")  # fmt: skip
    both.events.append(market)
    out.append(both)
    return out


def test_a_story_re_told_for_weeks_is_the_same_store_with_or_without_the_settled_shortcut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports that only gain anchors in their event keep it without being weighed again (``_settled``,
    ``_stays``, ``_may_move``'s gained anchors) and an event gaining reports is not clustered again
    (``_grown_group``, ``_one_event``): every order gives the store the full re-decision gives. The
    filing look-ups read each stored report once per set of owning keys on one side and key by key on the other
    (``FEW_OWNERS``): the two ways file alike."""
    from khabar.store import resolution
    from khabar.store.resolution import EventResolution

    docs = _retold_weeks()
    kept: list[int] = []
    stays = EventResolution._stays

    def counting(self: EventResolution, *args: Any) -> dict[int, tuple[str, int]]:
        out = stays(self, *args)
        kept.append(len(out))
        return out

    orders = [list(range(len(docs)))] + _orders(len(docs), 3, seed=5)
    with monkeypatch.context() as patch:
        patch.setattr(EventResolution, "_stays", counting)
        patch.setattr(resolution, "FEW_OWNERS", 10**6)
        fast = [canonical(_export(_build(tmp_path / f"fast{n}.db", docs, o))) for n, o in enumerate(orders)]
    assert sum(kept) > 0  # the shortcut was taken
    with monkeypatch.context() as patch:
        for shortcut in ("_settled", "_one_event", "_grown_group"):
            patch.setattr(EventResolution, shortcut, lambda *args: None)
        patch.setattr(resolution, "FEW_OWNERS", 0)
        slow = [canonical(_export(_build(tmp_path / f"slow{n}.db", docs, o))) for n, o in enumerate(orders)]
    assert fast == slow
    assert all(f == fast[0] for f in fast)
    batch = _build(tmp_path / "batch.db", docs)
    batch.resolve_all()
    assert canonical(_export(batch)) == fast[0]
    pesh = _event_of(_export(batch), "pesh-first")
    told = {x["document"] for x in pesh["evidence"]}
    assert {f"pesh-day-{n}" for n in range(4)} | {"pesh-follow-0", "pesh-follow-2", "pesh-early-wire"} <= told
    assert "pesh-follow-3" not in told  # eight days on, an undated account is not taken for it
    assert "pesh-killing" not in told and "pesh-seven" not in told  # ruled out / the market attack fits better
    assert _event_of(_export(batch), "pesh-seven")["date"]["start"] == "2023-01-31"


_OUTLETS = ["Daily A", "Evening B", "Radio C", "Wire D", "Gazette E"]


def _reprinted_wires() -> list[DocFacts]:
    """Wire stories reprinted word for word by several outlets the same day (one account in many documents), undated
    follow-ups, some reprinted too, a kidnapping in the same town that day (never one event with the blast) and a
    report telling two deeds."""
    out = []
    for n in range(5):
        out.append(doc(f"wire-quetta-{n}", "2023-02-05", f"A blast at the Quetta police headquarters killed five ({_OUTLETS[n]}).",
                       type_="bombing", when="2023-02-05", where="quetta", killed=5))  # fmt: skip
    for n in range(4):
        out.append(doc(f"wire-mosque-{n}", "2023-01-31", f"A bomber killed 84 at the Police Lines mosque on Monday ({_OUTLETS[n]}).",
                       when="2023-01-30", where="police_lines", killed=84))  # fmt: skip
    for n in range(3):
        out.append(doc(f"quetta-dead-{n}", "2023-02-06", f"Quetta buried its dead ({_OUTLETS[n]}).", where="quetta"))
        out.append(doc(f"mosque-toll-{n}", f"2023-02-0{n + 1}", f"The mosque toll rose to 101 ({_OUTLETS[n]}).",
                       where="police_lines", killed=101))  # fmt: skip
    out.append(doc("quetta-kidnap", "2023-02-05", "Two traders were abducted in Quetta on Sunday.", type_="kidnapping",
                   when="2023-02-05", where="quetta"))  # fmt: skip
    out.append(doc("quetta-kidnap-wire", "2023-02-06", "Two traders were abducted in Quetta.", type_="kidnapping",
                   where="quetta"))  # fmt: skip
    both = doc("both", "2023-02-06", "After Sunday's blast in Quetta, gunmen raided a Peshawar post on Monday.",
               type_="bombing", when="2023-02-05", where="quetta", killed=5)  # fmt: skip
    both.events.append(doc("x", "2023-02-06", "", when="2023-02-06", where="peshawar").events[0])
    out.append(both)
    # an undated account of a raid that fits Saturday's (its toll) until an account of Thursday's names its raiders:
    # a gained anchor that is no reprint, so the account moves (the store must still weigh what it could move)
    lej = {"lej": ("Lashkar-e-Jhangvi", "armed_group", "perpetrator")}
    out.append(doc("raid-thu", "2023-02-02", "Gunmen raided a Quetta checkpoint on Thursday.", when="2023-02-02",
                   where="quetta"))  # fmt: skip
    out.append(doc("raid-sat", "2023-02-04", "Gunmen raided a Quetta market on Saturday, killing seven.",
                   when="2023-02-04", where="quetta", killed=7))  # fmt: skip
    out.append(doc("raid-undated", "2023-02-05", "Lashkar-e-Jhangvi gunmen killed seven in a Quetta raid.",
                   where="quetta", killed=7, people=lej))  # fmt: skip
    out.append(doc("raid-thu-named", "2023-02-03", "Lashkar-e-Jhangvi raided a Quetta checkpoint on Thursday, "
                   "killing seven.", when="2023-02-02", where="quetta", killed=7, people=lej))  # fmt: skip
    # one outlet told two Quetta bombings apart: Tuesday's, by the group, and an undated one that fits Monday's
    # toll better, for a deed it tells apart from Tuesday's; another outlet's reprint of Tuesday's account weighs
    # that undated one as any other document's report does, not as its own document does, and it moves
    bla = {"bla": ("Balochistan Liberation Army", "armed_group", "perpetrator")}
    out.append(doc("bomb-mon", "2023-02-06", "A bomb killed nine in Quetta on Monday.", type_="bombing",
                   when="2023-02-06", where="quetta", killed=9))  # fmt: skip
    two = doc("bomb-two", "2023-02-08", "The Balochistan Liberation Army bombed a Quetta bus on Tuesday.",
              type_="bombing", when="2023-02-07", where="quetta", people=bla)  # fmt: skip
    later = doc("x", "2023-02-08", "Balochistan Liberation Army", type_="bombing", where="quetta", killed=9,
                people=bla)  # fmt: skip
    two.sentences += [Sentence(n, 100 + n, 101 + n, "-") for n in (1, 2, 3)]
    later.events[0].sentences = [3]
    later.events[0].participants = two.events[0].participants
    two.events.append(later.events[0])
    out.append(two)
    out.append(doc("bomb-two-reprint", "2023-02-08", "The Balochistan Liberation Army bombed a Quetta bus on Tuesday "
                   "(reprint).", type_="bombing", when="2023-02-07", where="quetta", people=bla))  # fmt: skip
    return out


def test_reprints_of_a_wire_story_leave_the_other_reports_unweighed_and_the_store_as_a_full_re_decision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An anchor that repeats the account members of its event give in two other documents changes nothing for
    any other document's report (``_news``): with no curation in force, the reports filed with its event are not
    even read. Every order gives the store the full re-decision gives."""
    from khabar.store import resolution
    from khabar.store.resolution import EventResolution

    docs = _reprinted_wires()
    calls: list[int] = []
    may_move = EventResolution._may_move

    def counting(self: EventResolution, *args: Any) -> set[int]:
        calls.append(1)
        return may_move(self, *args)

    orders = [list(range(len(docs)))] + _orders(len(docs), 4, seed=11)
    with monkeypatch.context() as patch:
        patch.setattr(EventResolution, "_may_move", counting)
        fast = [canonical(_export(_build(tmp_path / f"fast{n}.db", docs, o))) for n, o in enumerate(orders)]
        calls.clear()
        _build(tmp_path / "news.db", docs, orders[0])
        skipped = len(calls)
        calls.clear()
        patch.setattr(resolution, "_news", lambda old, gained: list(gained))
        _build(tmp_path / "no-news.db", docs, orders[0])
        assert skipped < len(calls)  # the reprints' writes did not weigh the other reports again
    with monkeypatch.context() as patch:
        for shortcut in ("_settled", "_one_event", "_grown_group"):
            patch.setattr(EventResolution, shortcut, lambda *args: None)
        slow = [canonical(_export(_build(tmp_path / f"slow{n}.db", docs, o))) for n, o in enumerate(orders)]
    assert fast == slow and all(f == fast[0] for f in fast)
    data = _export(_build(tmp_path / "again.db", docs))
    quetta = _event_of(data, "wire-quetta-0")
    told = {x["document"] for x in quetta["evidence"]}
    assert {f"wire-quetta-{n}" for n in range(5)} | {"both"} <= told and "quetta-kidnap" not in told
    assert _event_of(data, "wire-mosque-3") is _event_of(data, "mosque-toll-2")
    assert _event_of(data, "raid-undated") is _event_of(data, "raid-thu")
    assert _event_of(data, "raid-sat") is not _event_of(data, "raid-thu")
    alone = _export(_build(tmp_path / "alone.db", [d for d in docs if d.document.id != "raid-thu-named"]))
    assert _event_of(alone, "raid-undated") is _event_of(alone, "raid-sat")  # before the raiders were named
    monday = {x["document"] for x in _event_of(data, "bomb-mon")["evidence"]}
    assert monday == {"bomb-mon"}
    unprinted = _export(_build(tmp_path / "unprinted.db", [d for d in docs if d.document.id != "bomb-two-reprint"]))
    assert {x["document"] for x in _event_of(unprinted, "bomb-mon")["evidence"]} == {"bomb-mon", "bomb-two"}


def test_deleting_a_report_re_decides_its_event(store_db: str) -> None:
    docs = peshawar_week()
    store = _build(store_db, docs)
    store.delete_document("pesh-first")
    ev = _event_of(_export(store), "pesh-toll")
    assert ev["location"]["name"] == "Police Lines mosque"  # still given by the police report
    for d in docs[1:]:
        store.delete_document(d.document.id)
    with store.connect() as conn:
        for table in (t.events, t.event_mentions, t.entities, t.evidence, t.event_figures):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0, table.name


def _revision(store: Store) -> int:
    from khabar.store.resolution import report_revision

    with store.connect() as conn:
        value = report_revision(conn)
    assert value is not None
    return value


def test_the_report_revision_moves_only_when_a_stored_report_could_read_differently(store_db: str) -> None:
    """Filing new reports leaves it; rejecting a report or a figure, moving a report's place, deleting a document
    move it, whoever does it (triggers)."""
    docs = peshawar_week()
    store = _build(store_db, docs[:3])
    start = _revision(store)
    store.write(copy.deepcopy(docs[3]))
    assert _revision(store) == start
    steps = [
        "UPDATE event_mentions SET rejected = 1 WHERE id = (SELECT MIN(id) FROM event_mentions)",
        "UPDATE event_mention_figures SET rejected = 1 WHERE id = (SELECT MIN(id) FROM event_mention_figures)",
        "UPDATE event_mentions SET place_entity_id = NULL WHERE id = (SELECT MAX(id) FROM event_mentions)",
    ]
    for step in steps:
        before = _revision(store)
        with store.engine.begin() as conn:
            conn.execute(text(step))
        assert _revision(store) > before, step
    before = _revision(store)
    with store.engine.begin() as conn:  # the resolution's own bookkeeping does not move it
        conn.execute(text("UPDATE event_mentions SET component = NULL, event_id = event_id"))
    assert _revision(store) == before
    store.delete_document(docs[0].document.id)
    assert _revision(store) > before


def test_a_writer_forgets_the_reports_it_kept_when_another_writer_deletes_one(
    store_db: str, tmp_path: Path
) -> None:
    """Two Store objects on one database: the second deletes the document the first wrote last and files another,
    whose reports may take its ids (SQLite reuses the largest); the first must not weigh them as the old ones."""
    docs = peshawar_week()
    writer = _build(store_db, docs[:-2])
    other = Store(store_db)
    other.delete_document(docs[-3].document.id)
    other.write(copy.deepcopy(docs[-2]))  # its reports may take the deleted one's ids
    for d in (docs[-1], docs[-3]):
        writer.write(copy.deepcopy(d))
    fresh = _build(tmp_path / "fresh.db", docs)
    assert canonical(_export(writer)) == canonical(_export(fresh))


def test_a_full_report_cache_lets_the_reports_used_longest_ago_go() -> None:
    """Over its limit the cache drops the reports used longest ago, one by one, never all at once: the reports a
    busy place's documents are weighed against stay while they are used."""
    from khabar.store.resolution import ReportCache

    def entries(*ids: int) -> dict[int, Any]:
        return {i: (f"report {i}", {"id": i}, None) for i in ids}

    cache = ReportCache(limit=3)
    cache.keep(7, entries(1, 2, 3))
    cache.keep(7, entries(4), used=[1])  # 1 was read again: 2 is now the one used longest ago
    assert list(cache.reports) == [3, 1, 4]
    cache.keep(7, entries(5, 6), used=[3, 99])  # 99 is not kept: nothing to note
    assert list(cache.reports) == [3, 5, 6]
    assert cache.valid_at(7) is cache.reports
    cache.keep(8, entries(9))  # the store's revision moved: what was kept is forgotten
    assert list(cache.reports) == [9]


def test_a_full_verdict_memo_forgets_its_oldest_pairs_not_all_of_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The verdicts remembered for the process are bounded; at the bound the oldest quarter goes, so the pairs
    weighed last (the busy blocks' ones, weighed again by the next documents) are still remembered."""
    from khabar.resolve.events import EventReport
    from khabar.store import resolution

    monkeypatch.setattr(resolution, "VERDICT_MEMO", 8)
    monkeypatch.setattr(resolution, "_VERDICTS", {})
    reps = [EventReport(id=i, document=f"d{i}", ordinal=0, type="bombing", place_name=f"T{i}") for i in range(10)]
    pairs = [(reps[0], reps[i]) for i in range(1, 10)]
    for a, b in pairs:  # each pair in a resolution of its own, as successive documents' writes
        resolution.EventResolution(None, cache=None).verdict(a, b)  # type: ignore[arg-type]
    # reports of two documents are remembered by their accounts
    accounts = [(a.account, b.account) for a, b in pairs]
    assert list(resolution._VERDICTS) == accounts[2:]  # at the ninth pair the two oldest went
    monkeypatch.setattr(resolution, "VERDICT_MEMO", 4)  # a memo over its bound (made smaller) comes back under it
    resolution.EventResolution(None, cache=None).verdict(reps[1], reps[2])  # type: ignore[arg-type]
    assert list(resolution._VERDICTS) == [*accounts[-3:], (reps[1].account, reps[2].account)]


def test_a_reprint_is_weighed_once_against_an_account_and_one_documents_pairs_by_their_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A report's verdict against another document's is remembered by both accounts (a reprint of a story
    finds the verdict its first copy got); two reports of one document are told apart by where they are told (the
    same sentence, a follow-up, told apart), so their pair is remembered by the reports themselves."""
    from dataclasses import replace

    from khabar.resolve import events
    from khabar.resolve.events import EventReport
    from khabar.store import resolution

    monkeypatch.setattr(resolution, "_VERDICTS", {})
    weighed: list[tuple[int, int]] = []
    compare = events.compare

    def counting(a: EventReport, b: EventReport) -> Any:
        weighed.append((a.id, b.id))
        return compare(a, b)

    monkeypatch.setattr(resolution, "compare", counting)
    story = EventReport(id=5, document="wire", ordinal=0, type="bombing", date_start="2024-03-01", sentences=(0,),
                        place_name="Quetta", place_type="location", country="Pakistan", killed=(9,))  # fmt: skip
    toll = EventReport(id=50, document="follow", ordinal=0, type="bombing", place_name="Quetta",
                       place_type="location", country="Pakistan", killed=(11,), sentences=(3,))  # fmt: skip
    first = resolution.EventResolution(None, cache=None).verdict(story, toll)  # type: ignore[arg-type]
    reprints = [replace(story, id=6 + n, document=f"outlet-{n}", sentences=(n,)) for n in range(3)]
    for r in reprints:
        assert resolution.EventResolution(None, cache=None).verdict(r, toll) == first  # type: ignore[arg-type]
    assert weighed == [(5, 50)]  # (the pair keeps its order: the lower id first, as weighed)
    # in one document, where each is told counts: two pairs of the same accounts are weighed apart
    near = replace(toll, document="wire", sentences=(0,), ordinal=1)
    far = replace(toll, id=51, document="wire", sentences=(9,), ordinal=1)
    one = resolution.EventResolution(None, cache=None)
    assert one.verdict(story, near).score != one.verdict(story, far).score  # type: ignore[arg-type]
    assert weighed == [(5, 50), (5, 50), (5, 51)]


def test_a_writer_with_a_small_report_cache_builds_the_same_store_and_keeps_what_it_uses(
    store_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache far smaller than the store (and a verdict memo of a few pairs) changes what is read from the store
    again, never what is stored, and neither ever holds more than its limit."""
    from khabar.store import resolution

    monkeypatch.setattr(resolution, "VERDICT_MEMO", 4)
    monkeypatch.setattr(resolution, "_VERDICTS", {})
    docs = peshawar_week()
    small = Store(store_db)
    small._kept_reports.limit = 3
    sizes = []
    for d in docs:
        small.write(copy.deepcopy(d))
        sizes.append(len(small._kept_reports.reports))
        assert len(resolution._VERDICTS) <= 4
    assert max(sizes) == 3
    fresh = _build(tmp_path / "fresh.db", docs)
    assert canonical(_export(small)) == canonical(_export(fresh))


def test_a_write_that_fails_leaves_nothing_kept_behind(
    store_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write rolled back after its reports were filed and resolved (the Quetta blast): the bombing's first report,
    filed next by another writer, takes their ids; the first writer must weigh it as what it is, so the bombing's
    later reports still join it, and the store ends as if the failed document had come last."""
    docs = {d.document.id: d for d in peshawar_week()}
    store = _build(store_db, [docs[k] for k in ("pesh-toll", "pesh-police", "pesh-final", "pesh-claim")])

    def broken(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("disk on fire")

    with monkeypatch.context() as m:  # the write is sealed after its events are resolved
        m.setattr("khabar.store.resolution.EventResolution.seal", broken)
        with pytest.raises(RuntimeError):
            store.write(copy.deepcopy(docs["quetta"]))
    Store(store_db).write(copy.deepcopy(docs["pesh-first"]))
    for k in ("pesh-earlier", "quetta"):
        store.write(copy.deepcopy(docs[k]))
    fresh = _build(tmp_path / "fresh.db", list(docs.values()))
    assert canonical(_export(store)) == canonical(_export(fresh))


def test_a_lone_surname_waits_for_its_full_name_in_either_order(tmp_path: Path) -> None:
    lone = [
        doc(f"lone-{i}", "2019-03-0" + str(i + 1), f"Shekau spoke in a video, report {i}.", where="peshawar",
            people={"s": ("Shekau", "person", "agent")})
        for i in range(4)
    ]  # fmt: skip
    full = doc(
        "full",
        "2019-03-09",
        "Abubakar Shekau spoke in a video.",
        people={"s": ("Abubakar Shekau", "person", "agent")},
    )
    for n, docs in enumerate((lone + [full], [full] + lone)):
        store = _build(tmp_path / f"{n}.db", docs)
        people = [e for e in _export(store)["entities"] if e["type"] == "person"]
        assert [(p["name"], p["aliases"]) for p in people] == [("Abubakar Shekau", ["Shekau"])]


def test_a_one_word_name_written_with_a_particle_or_a_title_waits_as_one_person_in_any_order(
    tmp_path: Path,
) -> None:
    """"al-Baghdadi", "Baghdadi" and "Caliph Baghdadi" name one person by one word, written three ways: before
    the full name is known they are one waiting entity, not one per spelling (nor per mention), and the full name
    takes them all whichever comes first."""
    spellings = ["al-Baghdadi", "Baghdadi", "Caliph Baghdadi", "al-Baghdadi"]
    lone = [
        doc(f"lone-{i}", f"2019-04-0{i + 1}", f"{name} was heard in a recording ({i}).", where="peshawar",
            people={"b": (name, "person", "agent")})
        for i, name in enumerate(spellings)
    ]  # fmt: skip
    full = doc("full", "2019-04-09", "Abu Bakr al-Baghdadi was heard in a recording.",
               people={"b": ("Abu Bakr al-Baghdadi", "person", "agent")})  # fmt: skip
    waiting = [e for e in _export(_build(tmp_path / "waiting.db", lone))["entities"] if e["type"] == "person"]
    assert len(waiting) == 1, waiting
    for n, order in enumerate(_orders(len(lone) + 1, 4, seed=3)):
        people = [e for e in _export(_build(tmp_path / f"{n}.db", [*lone, full], order))["entities"]
                  if e["type"] == "person"]  # fmt: skip
        assert [p["name"] for p in people] == ["Abu Bakr al-Baghdadi"], (order, people)


def test_a_store_from_before_one_word_keys_gets_them_when_opened(tmp_path: Path) -> None:
    """Migration 0013 files the people already stored by one word under it: a store written before then (its keys
    taken out, its version set back), opened again, lets a full name take them."""
    import sqlite3

    from khabar.store.engine import head_revision

    db = tmp_path / "old.db"
    store = _build(db, [doc(f"lone-{i}", f"2019-04-0{i + 1}", f"{name} spoke ({i}).", people={"b": (name, "person", "agent")})
                        for i, name in enumerate(["al-Baghdadi", "Caliph Baghdadi"])])  # fmt: skip
    store.close()
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM entity_keys WHERE key = 'one:baghdadi'").fetchone()[0] == 1
    con.execute("DELETE FROM entity_keys WHERE key LIKE 'one:%'")
    con.execute("UPDATE alembic_version SET version_num = '0012'")
    con.commit()
    con.close()
    again = Store(db)
    with again.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
        assert conn.execute(text("SELECT count(*) FROM entity_keys WHERE key = 'one:baghdadi'")).scalar_one() == 1
    again.write(doc("full", "2019-04-09", "Abu Bakr al-Baghdadi spoke.",
                    people={"b": ("Abu Bakr al-Baghdadi", "person", "agent")}))  # fmt: skip
    people = [e for e in _export(again)["entities"] if e["type"] == "person"]
    assert [p["name"] for p in people] == ["Abu Bakr al-Baghdadi"]


def test_a_surname_two_people_share_stays_one_waiting_entity(tmp_path: Path) -> None:
    docs = [
        doc("a", "2014-01-01", "Baitullah Mehsud led the group.", people={"b": ("Baitullah Mehsud", "person", "agent")}),
        doc("b", "2019-01-01", "Noor Wali Mehsud leads it now.", people={"n": ("Noor Wali Mehsud", "person", "agent")}),
        *[doc(f"m{i}", "2020-01-0" + str(i + 1), f"Mehsud spoke ({i}).", people={"m": ("Mehsud", "person", "agent")})
          for i in range(5)],
    ]  # fmt: skip
    people = sorted(
        e["name"] for e in _export(_build(tmp_path / "k.db", docs))["entities"] if e["type"] == "person"
    )
    assert people == ["Baitullah Mehsud", "Mehsud", "Noor Wali Mehsud"]


# -- flat costs: every query of the write path is served by an index ---------------------------------------------


def _statements(store: Store, action: Callable[[], object]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        if not many and statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    return seen


def test_every_query_of_the_write_path_uses_an_index(tmp_path: Path) -> None:
    """EXPLAIN QUERY PLAN of each SELECT, UPDATE and DELETE a write and a delete issue: none scans a table."""
    store = _build(tmp_path / "k.db", peshawar_week()[:-1])
    last = peshawar_week()[-1]
    seen = _statements(store, lambda: store.write(last))
    seen += _statements(store, lambda: store.delete_document("pesh-toll"))
    assert len(seen) > 20
    scans = []
    with store.engine.connect() as conn:
        for statement, params in seen:
            if "alembic_version" in statement:
                continue
            if " WHERE " not in statement.upper() and " LIMIT " in statement.upper():
                continue  # an existence probe (any row at all, LIMIT 1): it stops at the first row
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            for row in plan:
                detail = row[-1]
                if detail.startswith("SCAN ") and "CONSTANT ROW" not in detail:
                    scans.append(f"{detail}: {' '.join(statement.split())[:160]}")
    assert not scans, "\n".join(scans)


def test_a_write_reads_nothing_back_of_what_it_filed_and_adds_its_new_events_together(store_db: str) -> None:
    """The round trips of a write (each waits for the server on PostgreSQL, with the write lock held): the
    reports a document files, their participants and figures are known to the writer, never read back, and its
    new events go in with one statement."""
    text = "Gunmen attacked a checkpoint in Peshawar; a bomb went off in Quetta."
    first = doc("two", "2024-03-02", text, when="2024-03-01", where="peshawar", killed=3,
                people={"g": ("Lashkar-e-Jhangvi", "armed_group", "perpetrator")})  # fmt: skip
    second = doc("other", "2024-03-02", text, type_="killing", when="2024-02-20", where="quetta", killed=5,
                 people={"p": ("Abdul Ghani", "person", "victim")})  # fmt: skip
    first.entities.update(second.entities)
    first.mentions += second.mentions
    first.events += second.events
    store = Store(store_db)
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        store.write(first)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    data = _export(store)
    assert len(data["events"]) == 2 and {e["killed"]["min"] for e in data["events"]} == {3, 5}
    assert {p["role"] for e in data["events"] for p in e["participants"]} == {"perpetrator", "victim"}
    read_back = [
        s for s in seen
        if s.startswith("SELECT") and re.search(r"FROM event_mention_(participants|figures)\b|"
                                                r"^SELECT event_mentions\.ordinal, event_mentions\.id FROM", s)
    ]  # fmt: skip
    assert not read_back, read_back
    inserts = [s for s in seen if s.startswith("INSERT INTO events ")]
    # one statement on PostgreSQL; SQLAlchemy numbers SQLite's rows in order one insert at a time, in process
    assert len(inserts) == (1 if store.engine.dialect.name == "postgresql" else 2)


def _led(doc_id: str, published: str, sentence: str) -> DocFacts:
    """A report naming a group's commander (two relations the store may already hold; our own wording)."""
    facts = doc(
        doc_id,
        published,
        sentence,
        when=published,
        where="peshawar",
        people={
            "p": ("Sami Raza", "person", "perpetrator"),
            "g": ("Valley Front", "armed_group", "perpetrator"),
        },
    )
    facts.relations += [
        RelationFact("leader_of", "p", "g", [0], X),
        RelationFact("member_of", "p", "g", [0], X),
    ]
    return facts


def test_stored_relations_and_curated_reports_are_found_through_their_keys(store_db: str) -> None:
    """A write that repeats stored relations looks them up through the relation's key, and the curators' rules
    find the reports they name through the reports' key: one index search per key, never a walk of the relations
    or the event reports (which SQLite makes of a row-value ``IN`` list, or of its key's first column alone). On
    PostgreSQL, with sequential scans priced out, each finds an index."""
    week = peshawar_week()
    first = "Fighters of the Valley Front under commander Sami Raza attacked a checkpoint near Peshawar."
    again = "Sami Raza, who commands the Valley Front, sent his men against a police post outside Peshawar."
    store = _build(store_db, week + [_led("led-1", "2023-02-03", first)])
    data = _export(store)
    a, b = (int(_event_of(data, d)["id"].lstrip("v")) for d in ("pesh-first", "led-1"))
    with store.curate() as c:
        c.merge_events(a, b, who="test", reason="one campaign")

    def rules() -> None:
        with store.engine.connect() as conn:
            ids = set(conn.execute(select(t.event_mentions.c.id)).scalars())
            assert constraint_rules(conn, ids)  # the merge, with the reports it names

    seen = _statements(store, lambda: store.write(_led("led-2", "2023-02-04", again)))
    seen += _statements(store, rules)
    keyed = {
        "relations": ("(type=? AND subject_id=? AND object_id=?)", "FROM relations WHERE"),
        "event_mentions": ("(document_id=?", "event_mentions.document_id = ? AND event_mentions.type = ?"),
    }
    pg = store.engine.dialect.name == "postgresql"
    with store.engine.connect() as conn:
        if pg:
            conn.execute(text("SET enable_seqscan = off"))
        for table, (search, shape) in keyed.items():
            statements = [
                (s, p) for s, p in seen if shape in re.sub(r"%\(\w+\)s(::\w+)?", "?", " ".join(s.split()))
            ]
            assert statements, table
            for statement, params in statements:
                if pg:
                    plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, params))
                    assert "Seq Scan" not in plan and f" on {table} " in plan, plan
                    continue
                steps = [r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
                mine = [step for step in steps if f" {table} " in f"{step} "]
                assert mine and all(step.startswith("SEARCH") and search in step for step in mine), steps
    assert len({r["id"] for r in _export(store)["relations"]}) == 2  # both reports found the two stored


def test_candidate_look_ups_use_indexes_on_postgres(pg_db: str) -> None:
    """The same statements on PostgreSQL, with sequential scans priced out: each plan finds an index."""
    store = _build(pg_db, peshawar_week()[:-1])
    seen = _statements(store, lambda: store.write(peshawar_week()[-1]))
    with store.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        for statement, params in seen:
            if "alembic_version" in statement or not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, params))
            assert "Seq Scan" not in plan, f"{statement}\n{plan}"


# -- the shared corpora, in many orders ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(shared: Path) -> Callable[[Path, list[str] | None], list[DocFacts]]:
    from khabar.extract import Extractor
    from khabar.extract.registry import EXTRACTION
    from khabar.ingest import read_sources

    extractor = Extractor()
    cache: dict[str, list[DocFacts]] = {}

    def run(folder: Path, ids: list[str] | None = None) -> list[DocFacts]:
        key = f"{folder}:{ids}"
        if key not in cache:
            raws = [r for r in read_sources([folder]) if not isinstance(r, Exception)]
            raws = [r for r in raws if ids is None or r.id in ids]
            cache[key] = list(extractor.extract(raws))
            for f in cache[key]:
                f.extractor = EXTRACTION
        return cache[key]

    return run


def _orders(n: int, count: int, seed: int) -> list[list[int]]:
    base = list(range(n))
    out = [base, list(reversed(base))]
    rng = random.Random(seed)
    while len(out) < count:
        o = list(base)
        rng.shuffle(o)
        out.append(o)
    return out


def test_dev_multi_in_every_order_is_the_same_store(
    shared: Path, extracted: Callable[..., list[DocFacts]], tmp_path: Path
) -> None:
    docs = extracted(shared / "corpus" / "dev-multi")
    assert len(docs) == 6
    stores = []
    for n, order in enumerate(_orders(len(docs), 8, seed=3)):
        stores.append(canonical(_export(_build(tmp_path / f"{n}.db", docs, order))))
    assert all(s == stores[0] for s in stores[1:])
    batch = _build(tmp_path / "batch.db", docs)
    batch.resolve_all()
    assert canonical(_export(batch)) == stores[0]
    # two bombings, six reports: two events, each told by its three reports
    violent = [e for e in _export(batch)["events"] if e["type"] == "attack"]
    assert sorted(len({x["document"] for x in e["evidence"]}) for e in violent) == [3, 3]


REALNEWS_CLUSTERS = {
    "baghdad": ["baghdad-first", "baghdad-claim"],
    "lahore": ["lahore-claim", "lahore-toll"],
    "aden": ["aden-first", "aden-second", "aden-claim"],
    "mogadishu": ["mogadishu-first", "mogadishu-toll", "mogadishu-358"],
    "barcelona": ["barcelona-van", "barcelona-suspect"],
    "jolo": ["jolo-bombing", "jolo-arrests"],
}


def test_realnews_clusters_in_any_order_give_the_same_store(
    shared: Path, extracted: Callable[..., list[DocFacts]], tmp_path: Path
) -> None:
    folder = shared / "eval" / "realnews" / "docs"
    if not folder.exists():
        pytest.skip("realnews is absent")
    ids = [i for group in REALNEWS_CLUSTERS.values() for i in group]
    docs = extracted(folder, ids)
    assert len(docs) == len(ids)
    first: dict[str, list[str]] | None = None
    for n, order in enumerate(_orders(len(docs), 5, seed=11)):
        got = canonical(_export(_build(tmp_path / f"{n}.db", docs, order)))
        first = first or got
        assert got == first, f"order {order} differs"
    for name, group in REALNEWS_CLUSTERS.items():  # each cluster alone, in every order of its reports
        part = [d for d in docs if d.document.id in group]
        results = {
            json.dumps(canonical(_export(_build(tmp_path / f"{name}-{k}.db", part, list(p)))), sort_keys=True)
            for k, p in enumerate(itertools.permutations(range(len(part))))
        }
        assert len(results) == 1, name


def test_a_retold_corpus_in_any_order_gives_the_same_store(tmp_path: Path) -> None:
    """Many documents telling the same deeds and naming the same people, each with other stories around them, in
    three orders and resolved as one batch: one store (an entity written per spelling of a one-word name, for one,
    made two orders differ)."""
    docs = retold_examples(120, seed=5)
    first = canonical(_export(_build(tmp_path / "first.db", docs)))
    assert len(first["events"]) >= 5
    for n, order in enumerate(_orders(len(docs), 3, seed=21)[1:]):
        assert canonical(_export(_build(tmp_path / f"{n}.db", docs, order))) == first, n
    batch = _build(tmp_path / "batch.db", docs, list(reversed(range(len(docs)))))
    batch.resolve_all()
    assert canonical(_export(batch)) == first
