"""Event resolution's decision rules, on event reports made by hand (no store, no NLP).

``compare`` weighs two reports; ``cluster`` groups anchors; ``best_event`` attaches an undated report; ``keys``
files a report for candidate look-ups; ``event_slots`` gives the resolved event's slots. The facts are real or
plainly invented; no text is involved.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.resolve.events import (
    THRESHOLD,
    EventReport,
    Verdict,
    best_event,
    cluster,
    compare,
    is_anchor,
    keys,
    skeleton,
    surely_apart,
    venue_tokens,
    weighed_pairs,
    window,
)
from khabar.resolve.slots import event_slots

_ids = itertools.count(1)


def rep(
    doc: str,
    type_: str = "attack",
    date: str | None = None,
    published: str | None = "2023-01-30",
    place: str | None = None,
    place_type: str = "location",
    country: str | None = "Pakistan",
    venue: str | None = None,
    **kw: Any,
) -> EventReport:
    return EventReport(
        id=next(_ids),
        document=doc,
        ordinal=kw.pop("ordinal", 0),
        type=type_,
        date_start=date,
        date_end=kw.pop("date_end", None),
        published=published,
        place_name=venue or place,
        place_type="facility" if venue else (place_type if place else None),
        country=country,
        venue=venue_tokens(venue, [place or "", country or ""]) if venue else (),
        **kw,
    )


def test_same_day_same_town_is_one_event() -> None:
    a = rep("a", date="2023-01-30", place="Peshawar")
    b = rep("b", date="2023-01-30", place="Peshawar", published="2023-01-31")
    v = compare(a, b)
    assert v.same and any("same day" in r for r in v.reasons)


def test_an_undated_report_days_later_at_the_venue_is_that_attack() -> None:
    """ "The attack on the Police Lines mosque" two days after a dated bombing there."""
    first = rep("first", date="2023-01-30", place="Peshawar", venue="Police Lines mosque")
    later = rep("later", published="2023-02-01", place="Peshawar", venue="Police Lines mosque")
    assert compare(first, later).same
    assert not is_anchor(later) and is_anchor(first)
    assert best_event(later, [[first]]).index == 0


def test_undated_reports_with_no_place_are_not_tied_by_their_publication_days() -> None:
    """ "Al-Shabaab claimed the attack" in two stories a day apart: the group claims something every few days, so
    with neither date nor place the stories may be about two deeds; with the same town they are one."""
    claims = [
        rep(d, type_="claim", published=p, country=None, perpetrators=frozenset({"armed_group|g:al-shabaab"}))
        for d, p in (("a", "2023-03-01"), ("b", "2023-03-02"))
    ]
    v = compare(*claims)
    assert not v.same and any("not both with a place" in r for r in v.reasons)
    placed = [
        rep(d, type_="claim", published=p, place="Kismayo", country="Somalia",
            perpetrators=frozenset({"armed_group|g:al-shabaab"}))
        for d, p in (("a", "2023-03-01"), ("b", "2023-03-02"))
    ]  # fmt: skip
    assert compare(*placed).same


def test_a_groups_claims_over_months_stay_apart() -> None:
    """One claim story every other day for four months: no chain of publication days makes them one claim."""
    stories = [
        rep(f"d{n:03d}", type_="claim", published=f"2022-{1 + n // 15:02d}-{1 + 2 * (n % 15):02d}", country=None,
            perpetrators=frozenset({"armed_group|g:iswap"}))
        for n in range(60)
    ]  # fmt: skip
    assert len(cluster(stories)) == len(stories)


def test_a_report_published_before_the_event_cannot_be_about_it() -> None:
    earlier = rep("earlier", published="2016-12-10", place="Aden", country="Yemen")
    later_attack = rep("dated", date="2016-12-18", published="2016-12-18", place="Aden", country="Yemen")
    v = compare(earlier, later_attack)
    assert v.cannot and "before it happened" in v.cannot


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (
            {"date": "2023-06-10", "place": "Mogadishu"},
            {"date": "2023-06-24", "place": "Mogadishu"},
            "dates differ",
        ),
        (
            {"date": "2023-06-10", "country": "Somalia"},
            {"date": "2023-06-10", "country": "Kenya"},
            "countries",
        ),
        (
            {"type_": "attack", "date": "2023-06-10"},
            {"type_": "arrest", "date": "2023-06-10"},
            "do not go together",
        ),
    ],
)
def test_what_can_never_be_one_event(a: dict[str, Any], b: dict[str, Any], why: str) -> None:
    v = compare(rep("a", **a), rep("b", **b))
    assert v.cannot is not None and why in v.cannot and not v.same


def test_two_attacks_in_one_city_on_one_day_at_different_venues_stay_two() -> None:
    hotel = rep("a", date="2023-06-10", place="Mogadishu", venue="Hayat Hotel", country="Somalia")
    base = rep("b", date="2023-06-10", place="Mogadishu", venue="Halane base camp", country="Somalia")
    v = compare(hotel, base)
    assert v.cannot is None and not v.same and any("different venues" in r for r in v.reasons)


def test_two_attacks_in_one_city_in_one_month_stay_two_events() -> None:
    reports = [
        rep("a1", date="2016-12-10", place="Aden", country="Yemen", published="2016-12-10"),
        rep("a2", date="2016-12-10", place="Aden", country="Yemen", published="2016-12-11"),
        rep("b1", date="2016-12-18", place="Aden", country="Yemen", published="2016-12-18"),
        rep("b2", date="2016-12-18", place="Aden", country="Yemen", published="2016-12-19"),
    ]
    groups = cluster(reports)
    assert sorted(sorted(r.document for r in g) for g in groups) == [["a1", "a2"], ["b1", "b2"]]


def test_compatible_types_join_and_a_strike_is_not_a_kidnapping() -> None:
    bombing = rep("a", "attack", date="2023-01-30", place="Peshawar", subtype="bombing")
    killing = rep("b", "killing", date="2023-01-30", place="Peshawar")
    assert compare(bombing, killing).same
    assert compare(
        rep("c", "air_strike", date="2023-01-30"), rep("d", "kidnapping", date="2023-01-30")
    ).cannot


def test_venue_words_are_compared_by_skeleton() -> None:
    assert skeleton("Solban") == skeleton("Sulaban") == "slbn"
    assert venue_tokens("al-Sulaban army camp") == ("slbn",)
    assert venue_tokens("Jolo Cathedral", ["Jolo"]) == ()  # a town's name and a kind of place are no venue
    a = rep("a", date="2016-12-18", place="Aden", venue="Solban base", country="Yemen")
    b = rep("b", date="2016-12-18", place="Aden", venue="al-Sulaban army camp", country="Yemen")
    assert any("same venue" in r for r in compare(a, b).reasons)


def test_the_events_own_name_joins_reports_without_a_date() -> None:
    a = rep("a", date="2019-04-21", country="Sri Lanka", name="easter bombings", published="2019-04-22")
    b = rep("b", country="Sri Lanka", name="easter bombings", published="2019-05-30")
    assert compare(a, b).same


def test_a_follow_up_sentence_of_the_same_report_joins_the_event_just_told() -> None:
    told = rep("a", date="2023-01-30", place="Peshawar", sentences=(0,))
    toll = rep("a", "killing", sentences=(1,), ordinal=1, country=None)
    other = rep("a", "killing", sentences=(9,), ordinal=2, country=None, victims=frozenset({"n:someone"}))
    assert compare(told, toll).same
    assert not compare(told, other).same


def test_clustering_does_not_depend_on_the_order_of_reports() -> None:
    reports = [
        rep("a", date="2023-01-30", place="Peshawar", published="2023-01-30"),
        rep("b", date="2023-01-30", place="Peshawar", venue="Police Lines mosque", published="2023-01-31"),
        rep("c", date="2023-01-30", country="Pakistan", published="2023-02-02"),
        rep("d", date="2023-01-31", place="Peshawar", venue="Hayatabad market", published="2023-02-01"),
        rep("e", date="2023-01-31", place="Peshawar", venue="Hayatabad market", published="2023-02-02"),
        rep("f", date="2023-02-14", place="Peshawar", published="2023-02-15"),
    ]
    expected = sorted(sorted(r.document for r in g) for g in cluster(reports))
    assert expected == [["a", "b", "c"], ["d", "e"], ["f"]]
    rng = random.Random(7)
    for _ in range(20):
        shuffled = list(reports)
        rng.shuffle(shuffled)
        assert sorted(sorted(r.document for r in g) for g in cluster(shuffled)) == expected


def test_a_curators_ties_and_splits_win() -> None:
    a = rep("a", date="2023-01-30", place="Peshawar")
    b = rep("b", date="2023-01-30", place="Peshawar", published="2023-01-31")
    far = rep("c", date="2023-03-01", place="Quetta")
    assert len(cluster([a, b], cannot=[(a.id, b.id)])) == 2
    assert len(cluster([a, far], must=[(a.id, far.id)])) == 1


def _cluster_by_pairs(reports: list[EventReport], must: Any, cannot: Any, judge: Any) -> list[list[int]]:
    """``cluster``'s merges as its docstring states them, asked pair by pair: best-scoring pairs first (ties by
    canonical order), a merge refused when any member of one group may never join any member of the other."""
    rs = sorted(reports, key=lambda r: r.order)
    forced, forbid, score = weighed_pairs(rs, must, cannot, judge)
    group = list(range(len(rs)))
    for _s, i, j in sorted((-s, i, j) for (i, j), s in score.items()):
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        mine = [x for x in range(len(rs)) if group[x] == gi]
        theirs = [y for y in range(len(rs)) if group[y] == gj]
        if (i, j) not in forced and any(tuple(sorted((x, y))) in forbid for x in mine for y in theirs):
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        group = [keep if g == gone else g for g in group]
    out: dict[int, list[int]] = {}
    for x, g in enumerate(group):
        out.setdefault(g, []).append(rs[x].id)
    return [out[g] for g in sorted(out)]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_clustering_refuses_exactly_the_merges_a_member_pair_forbids(data: Any) -> None:
    """Groups held apart by one pair of their members stay apart through every later merge (and a curator's tie
    joins them all the same): the same groups as weighing every member pair at every merge."""
    n = data.draw(st.integers(1, 12))
    reports = [EventReport(id=i + 1, document=f"d{i % 4}", ordinal=i, type="attack") for i in range(n)]
    verdicts = {
        pair: data.draw(st.one_of(st.just(Verdict(0.0, "apart", ())), st.floats(-1, 3).map(lambda s: Verdict(round(s, 1), None, ()))))
        for pair in itertools.combinations(range(1, n + 1), 2)
    }  # fmt: skip

    def judge(a: EventReport, b: EventReport) -> Verdict:
        return verdicts[(min(a.id, b.id), max(a.id, b.id))]

    ids = st.tuples(st.integers(1, n), st.integers(1, n))
    must = data.draw(st.lists(ids, max_size=2))
    cannot = data.draw(st.lists(ids, max_size=2))
    got = [[r.id for r in g] for g in cluster(reports, must=must, cannot=cannot, verdict=judge)]
    assert got == _cluster_by_pairs(reports, must, cannot, judge)


def test_best_event_prefers_the_closer_report_and_rules_out_conflicts() -> None:
    first = rep("first", date="2016-12-10", place="Aden", country="Yemen", published="2016-12-10")
    second = rep("second", date="2016-12-18", place="Aden", country="Yemen", published="2016-12-18")
    follow = rep("follow", place="Aden", country="Yemen", published="2016-12-19")
    choice = best_event(follow, [[first], [second]])
    assert choice.index == 1 and choice.score >= THRESHOLD
    assert best_event(follow, [[first], [second]], cannot=[first.id, second.id]).index is None


def test_keys_file_reports_by_place_and_time_only() -> None:
    dated = rep("a", date="2023-01-30", place="Peshawar")
    undated = rep("b", published="2023-02-01", place="Peshawar")
    assert keys(dated) & keys(undated)
    assert all("|" in k for k in keys(dated))
    nowhere = rep("c", date=None, published=None, place=None, country=None)
    assert keys(nowhere) == set()  # nothing to file by: compared only within its own document
    assert window(undated) is not None and (window(undated)[1] - window(undated)[0]).days == 7  # type: ignore[index]
    year_only = rep("d", date="2015", place="Garissa", country="Kenya")
    assert not any("c:kenya" in k or "t:garissa" in k for k in keys(year_only))  # a year is too wide a block


def _row(doc: str, published: str, ordinal: int = 0, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "document_id": doc,
        "published": published,
        "ordinal": ordinal,
        "type": "attack",
        "subtype": None,
        "date_start": None,
        "date_end": None,
        "date_precision": None,
        "place_entity_id": None,
        "place_name": None,
        "place_type": None,
        "admin1": None,
        "country": None,
        "lat": None,
        "lon": None,
        "weapons": "[]",
        "targets": "[]",
        "trigger": "attack",
        "extractor": "test.v1",
    }
    base.update(kw)
    return base


def test_slots_take_the_most_precise_date_and_the_most_specific_place() -> None:
    rows = [
        _row("a", "2023-01-31", type="killing", date_start="2023-01", date_precision="month",
             place_name="Peshawar", place_type="location", country="Pakistan", lat=34.0, lon=71.5),
        _row("b", "2023-01-30", date_start="2023-01-30", date_precision="day", subtype="bombing",
             place_name="Police Lines mosque", place_type="facility", weapons='["explosives"]'),
        _row("c", "2023-02-02", place_name="Pakistan", place_type="country", country="Pakistan"),
    ]  # fmt: skip
    slots = event_slots(rows)
    assert (slots["type"], slots["subtype"]) == ("attack", "bombing")
    assert (slots["date_start"], slots["date_precision"]) == ("2023-01-30", "day")
    assert slots["place_name"] == "Police Lines mosque"
    assert (slots["country"], slots["lat"]) == ("Pakistan", 34.0)  # filled from the town's report
    assert slots == event_slots(list(reversed(rows)))


def spot(doc: str, name: str, admin1: str = "Punjab", **kw: Any) -> EventReport:
    """A report placed at a name no gazetteer knows (a park, a bazaar, a quarter): kept as a local place, compared
    by its name."""
    return EventReport(
        id=next(_ids),
        document=doc,
        ordinal=kw.pop("ordinal", 0),
        type=kw.pop("type_", "attack"),
        date_start=kw.pop("date", None),
        published=kw.pop("published", "2016-03-27"),
        place_name=name,
        place_type="location",
        admin1=admin1,
        country="Pakistan",
        venue=venue_tokens(name),
        local=True,
        **kw,
    )


@pytest.mark.parametrize(
    ("dated", "later"),
    [
        ("Gulshan-e-IqbalPark", "Gulshan-i-Iqbal Park"),  # e/i, and a space lost
        ("Gulshan-e-Iqbal Park", "Gulshan Iqbal"),
        ("Qissa Khwani Bazaar", "Qissa-Khawani"),
        ("Moti Bagh", "MotiBagh"),
    ],
)
def test_a_place_no_gazetteer_knows_is_one_spot_however_spelt(dated: str, later: str) -> None:
    """A toll report three days on names the park (or bazaar) its own way: the same spot, never "different towns"
    (neither is a town: both carry only the coordinates of what is around them)."""
    a = spot("first", dated, date="2016-03-27")
    b = spot("toll", later, published="2016-03-30")
    v = compare(a, b)
    assert v.same and any("spelt two ways" in r or "same town" in r for r in v.reasons), v.reasons
    assert not any("different" in r for r in v.reasons)
    assert keys(a) & keys(b) & {f"violence|t:~{t}|2016-03" for t in a.venue}  # filed together, by month
    assert not any("|v:" in k for k in keys(a) | keys(b))  # never as a venue of any time: a village is no venue


def test_two_unknown_spots_of_one_province_stay_apart_and_a_town_is_not_a_spot() -> None:
    park = spot("a", "Gulshan-e-Iqbal Park", date="2016-03-27")
    bazaar = spot("b", "Anarkali Bazaar", published="2016-03-28")
    v = compare(park, bazaar)
    assert not v.same and any("different towns of one region" in r for r in v.reasons)
    # the town the park may lie in is no other town: it may well lie there
    town = rep("c", published="2016-03-28", place="Lahore", admin1="Punjab")
    v = compare(park, town)
    assert any("no gazetteer knows, in the other's region" in r for r in v.reasons), v.reasons
    far = rep("d", published="2016-03-28", place="Karachi", admin1="Sindh")
    assert any("different towns" in r for r in compare(park, far).reasons)


def test_a_name_run_together_with_its_kind_of_place_is_split() -> None:
    assert venue_tokens("Gulshan-e-IqbalPark") == venue_tokens("Gulshan-e-Iqbal Park")
    assert "crcs" in set(venue_tokens("Crocus CityHall")) & set(venue_tokens("Crocus City Hall"))
    assert "mrshl" in venue_tokens("Marshall Plaza")  # a name that merely ends in a kind of place stays whole
    assert set(venue_tokens("Moti Bagh")) & set(venue_tokens("MotiBagh"))  # its words run together


def test_a_group_and_its_branch_do_not_count_against_one_event() -> None:
    """One report blames the TTP, another its splinter Jamaat-ul-Ahrar (the gazetteer's parent link): that is no
    disagreement about who did it; two branches of one parent still are."""
    parent = rep("a", date="2016-03-27", place="Lahore", perpetrators=frozenset({"armed_group|g:ttp"}))
    branch = rep(
        "b",
        date="2016-03-27",
        place="Lahore",
        perpetrators=frozenset({"armed_group|g:jua"}),
        elders=frozenset({"g:ttp"}),
    )
    v = compare(parent, branch)
    assert any("its branch" in r for r in v.reasons) and not any("not the same perpetrator" in r for r in v.reasons)
    iskp = rep("c", date="2016-03-27", perpetrators=frozenset({"armed_group|g:iskp"}), elders=frozenset({"g:is"}))
    iswap = rep("d", date="2016-03-27", perpetrators=frozenset({"armed_group|g:iswap"}), elders=frozenset({"g:is"}))
    assert any("not the same perpetrator" in r for r in compare(iskp, iswap).reasons)


@pytest.mark.parametrize(
    ("lede", "body", "same"),
    [
        # "The Taliban said the bombing at a park in Lahore ..." then "... a blast went off in the park on Sunday"
        (
            {"place": "Lahore", "admin1": "Punjab", "subtype": "bombing"},
            {"subtype": "bombing", "spot": "Gulshan-e-Iqbal Park"},
            True,
        ),
        # "Gunmen stormed a university in Peshawar ..." then "... the attack on Friday morning left 20 dead"
        ({"place": "Peshawar", "admin1": "Khyber Pakhtunkhwa"}, {"place": "Peshawar"}, True),
        # the next account is elsewhere: two deeds
        ({"place": "Peshawar", "admin1": "Khyber Pakhtunkhwa"}, {"place": "Quetta", "admin1": "Balochistan"}, False),
        # the next account is another kind of attack (a shooting after a bombing's lede)
        ({"place": "Peshawar", "subtype": "bombing"}, {"place": "Peshawar", "subtype": "armed_assault"}, False),
    ],
)
def test_a_reports_opening_deed_is_the_one_it_dates_next(
    lede: dict[str, Any], body: dict[str, Any], same: bool
) -> None:
    first = rep("r", published="2016-03-28", sentences=(0,), ordinal=0, **lede)
    where = body.pop("spot", None)
    if where:
        second = spot("r", where, date="2016-03-27", published="2016-03-28", ordinal=1, sentences=(6,), **body)
    else:
        second = rep("r", date="2016-03-27", published="2016-03-28", ordinal=1, sentences=(6,), **body)
    v = compare(first, second)
    assert v.same is same, v.reasons


def test_an_opening_deed_is_not_every_dated_deed_of_the_report() -> None:
    """Only the account told right after the opening one dates it; a later one (an earlier attack recalled) and an
    opening account told after the first sentence are told apart."""
    lede = rep("r", published="2016-03-28", place="Lahore", sentences=(0,), ordinal=0)
    later = rep("r", date="2016-03-27", published="2016-03-28", place="Lahore", sentences=(9,), ordinal=2)
    assert not any("opening" in r for r in compare(lede, later).reasons)
    not_first = rep("r", published="2016-03-28", place="Lahore", sentences=(3,), ordinal=0)
    body = rep("r", date="2016-03-27", published="2016-03-28", place="Lahore", sentences=(9,), ordinal=1)
    assert any("told apart" in r for r in compare(not_first, body).reasons)


_DAYS = st.one_of(
    st.none(),
    st.sampled_from(["2024", "2024-03", "2024-04", "2024-03-01", "2024-03-02", "2024-03-05", "2024-04-30"]),
)


@st.composite
def _reports(draw: st.DrawFn) -> EventReport:
    start = draw(_DAYS)
    end = draw(st.sampled_from([None, "2024-03-03", "2024-04-02"])) if start and len(start) == 10 else None
    return EventReport(
        id=draw(st.integers(1, 1000)),
        document=draw(st.sampled_from(["a", "b"])),
        ordinal=draw(st.integers(0, 3)),
        type=draw(st.sampled_from(["attack", "bombing", "air_strike", "kidnapping", "clash", "protest", "arrest"])),
        sentences=(draw(st.integers(0, 5)),),
        date_start=start,
        date_end=end if end and start and end >= start else None,
        published=draw(st.sampled_from([None, "2024-02-27", "2024-03-01", "2024-03-04", "2024-05-01"])),
        place_name=draw(st.sampled_from([None, "Kabul", "Herat"])),
        place_type="location",
        country=draw(st.sampled_from([None, "Afghanistan", "afghanistan ", "Pakistan"])),
    )


@settings(max_examples=400, deadline=None)
@given(_reports(), _reports())
def test_reports_surely_apart_are_ones_compare_rules_out(a: EventReport, b: EventReport) -> None:
    """Resolution drops pairs ``surely_apart`` says are apart without loading them: that must never drop a pair
    ``compare`` could link."""
    if surely_apart(a, b):
        assert compare(a, b).cannot is not None
        assert surely_apart(b, a)


@settings(max_examples=400, deadline=None)
@given(_reports(), _reports(), _reports())
def test_two_reports_with_one_account_weigh_alike_against_another_documents(
    a: EventReport, b: EventReport, other: EventReport
) -> None:
    """Resolution skips re-weighing a group for reports of other documents when an anchor it gained repeats the
    account of members from two documents (a reprint): ``compare`` must read nothing of a report of another
    document but its ``account``."""
    from dataclasses import replace

    twin = replace(a, id=a.id + 1000, document="c", ordinal=b.ordinal, sentences=b.sentences)
    assert twin.account == a.account and twin != a
    for x in (b, other):
        if x.document != a.document:
            assert compare(twin, x) == compare(a, x) and compare(x, twin) == compare(x, a)
    assert replace(a, killed=(*a.killed, 99)).account != a.account


def test_a_report_read_again_is_equal_to_itself_and_any_field_tells_two_apart() -> None:
    """Resolution remembers verdicts by pairs of reports; a report read back from the store is a new object with the
    same content, and must find its verdicts again, while a report differing in any field must not."""
    from dataclasses import fields, replace

    a = rep("a", date="2024-03-01", place="Kabul", country="Afghanistan", name="market bombing",
            perpetrators=frozenset({"armed_group|g:iskp"}), victims=frozenset({"person|n:ali"}), killed=(12,))  # fmt: skip
    again = replace(a)
    assert again is not a and again == a and hash(again) == hash(a)
    memo = {(a, a): "verdict"}
    assert memo[(again, again)] == "verdict"
    changed = {
        "id": 999, "document": "b", "ordinal": 3, "type": "bombing", "sentences": (4,), "subtype": "suicide",
        "date_start": "2024-03-02", "date_end": "2024-03-03", "published": "2024-03-09", "place_name": "Herat",
        "place_type": "facility", "admin1": "Kabul", "country": "Pakistan", "lat": 34.5, "lon": 69.2,
        "venue": ("market",), "name": "another", "perpetrators": frozenset(), "elders": frozenset({"g:is"}),
        "victims": frozenset(), "killed": (13,), "forced": True, "local": True,
    }  # fmt: skip
    assert set(changed) == {f.name for f in fields(EventReport)}  # every field is tried
    for name, value in changed.items():
        other = replace(a, **{name: value})
        assert other != a and (other, other) not in memo, name
    assert a != ("a", 0) and a != None  # noqa: E711 - compared with what is no report at all


def test_a_group_and_its_branch_weigh_the_same_whichever_report_comes_first() -> None:
    """A group and its branch (``compare``'s "a group and its branch") read the groups without their entity types;
    the answer is remembered, so it must not depend on the order reports come in."""
    branch = rep("a", date="2024-03-01", place="Kabul", perpetrators=frozenset({"armed_group|g:ttp-jamaat"}),
                 elders=frozenset({"g:ttp"}))  # fmt: skip
    parent = rep("b", date="2024-03-01", place="Kabul", perpetrators=frozenset({"armed_group|g:ttp"}))
    first = compare(branch, parent)
    assert "a group and its branch +0.3" in first.reasons
    assert compare(parent, branch).score == first.score and compare(branch, parent) == first
