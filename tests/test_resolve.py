"""Cross-document resolution: is this document's entity or event one the store already knows?

``resolve_entity`` is tried against a small in-memory ``KnownEntities`` that answers like the store does
(by gazetteer key; by alias norm, of any type; by type and the first letters of an alias), so these tests
pin down the decision rules themselves: gazetteer identity, alias with compatible types, fuzzy spelling of a
long name, and never a bare surname. ``match_event`` decides whether a new report retells a stored event.
"""

from __future__ import annotations

import pytest

from khabar.model import DateValue, LocalEntity, norm_name
from khabar.resolve import (
    KnownEntity,
    KnownEvent,
    NewEvent,
    compatible_types,
    dates_overlap,
    match_event,
    resolve_entity,
)


class FakeKnown:
    """A store of entities with their aliases, answering the three look-ups of ``KnownEntities``."""

    def __init__(self) -> None:
        self.entities: list[tuple[KnownEntity, set[str]]] = []
        self.calls: list[str] = []

    def add(self, name: str, type_: str, *aliases: str, gazetteer: str | None = None) -> KnownEntity:
        ent = KnownEntity(len(self.entities) + 1, name, type_, gazetteer)
        self.entities.append((ent, {norm_name(n) for n in (name, *aliases)}))
        return ent

    def by_gazetteer(self, key: str) -> KnownEntity | None:
        self.calls.append(f"gazetteer:{key}")
        return next((e for e, _ in self.entities if e.gazetteer_key == key), None)

    def by_alias(self, norm: str) -> list[KnownEntity]:
        self.calls.append(f"alias:{norm}")
        return [e for e, norms in self.entities if norm in norms]

    def similar(self, norm: str, type_: str) -> list[tuple[KnownEntity, str]]:
        self.calls.append(f"similar:{norm}")
        return [
            (e, a)
            for e, norms in self.entities
            if e.type == type_
            for a in sorted(norms)
            if a[:1] == norm[:1]
        ]


def local(name: str, type_: str, *aliases: str, gazetteer: str | None = None) -> LocalEntity:
    return LocalEntity(
        key=f"{type_}:{name}", name=name, type=type_, aliases={name, *aliases}, gazetteer=gazetteer
    )


# -- entities --------------------------------------------------------------------------------------------


def test_gazetteer_key_identifies_the_entity_whatever_the_spelling() -> None:
    known = FakeKnown()
    isk = known.add("Islamic State-Khorasan", "armed_group", "ISKP", gazetteer="iskp")
    res = resolve_entity(local("Wilayat Khurasan", "armed_group", gazetteer="iskp"), known)
    assert (res.entity, res.how) == (isk, "gazetteer")


def test_a_gazetteer_group_never_joins_another_gazetteer_group() -> None:
    """IS ≠ IS-K: the parent is new in a store that holds only the branch, even where a loosely worded report
    left the branch with the parent's name as an alias."""
    known = FakeKnown()
    known.add("Islamic State-Khorasan", "armed_group", "IS-K", "Islamic State", gazetteer="iskp")
    res = resolve_entity(local("Islamic State", "armed_group", "IS", gazetteer="is"), known)
    assert (res.entity, res.how) == (None, "new")


def test_taliban_does_not_join_ttp() -> None:
    known = FakeKnown()
    known.add("Tehrik-i-Taliban Pakistan", "armed_group", "TTP", "Taliban", gazetteer="ttp")
    res = resolve_entity(local("Taliban", "armed_group", "Afghan Taliban", gazetteer="taliban"), known)
    assert res.entity is None


def test_alias_match_of_the_same_type() -> None:
    known = FakeKnown()
    erlf = known.add("Eastern Ridge Liberation Front", "armed_group", "ERLF")
    res = resolve_entity(local("ERLF", "armed_group"), known)
    assert (res.entity, res.how) == (erlf, "alias")


def test_alias_match_across_compatible_types() -> None:
    """A group the model called an organization in one report is the same group in another."""
    known = FakeKnown()
    erlf = known.add("Eastern Ridge Liberation Front", "armed_group", "ERLF")
    res = resolve_entity(local("Eastern Ridge Liberation Front", "organization"), known)
    assert (res.entity, res.how) == (erlf, "alias")


@pytest.mark.parametrize(
    ("known_type", "local_name", "local_type"),
    [
        ("person", "Jordan Valley Front", "armed_group"),  # a group is never a person
        ("country", "Georgia", "location"),  # the country is not a town of the same name
        ("location", "Hamza Brigade", "armed_group"),
    ],
)
def test_alias_match_respects_types(known_type: str, local_name: str, local_type: str) -> None:
    known = FakeKnown()
    known.add(local_name, known_type)
    res = resolve_entity(local(local_name, local_type), known)
    assert (res.entity, res.how) == (None, "new")


def test_the_best_supported_alias_wins() -> None:
    """Two stored people share "Abu Omar"; the one that shares more of the new entity's names is chosen."""
    known = FakeKnown()
    known.add("Abu Omar al-Shishani", "person", "Abu Omar")
    kurdi = known.add("Abu Omar al-Kurdi", "person", "Abu Omar", "Omar al-Kurdi")
    res = resolve_entity(local("Abu Omar al-Kurdi", "person", "Abu Omar", "Omar al-Kurdi"), known)
    assert (res.entity, res.how) == (kurdi, "alias")


@pytest.mark.parametrize(
    ("stored", "new"),
    [
        ("Abu Bakr al-Baghdadi", "Abu Bakr al-Baghdady"),
        ("Shahab al-Muhajir", "Shahab al-Mohajir"),
        ("Noor Wali Mehsud", "Nur Wali Mehsud"),
    ],
)
def test_fuzzy_transliteration_match(stored: str, new: str) -> None:
    known = FakeKnown()
    person = known.add(stored, "person")
    res = resolve_entity(local(new, "person"), known)
    assert (res.entity, res.how) == (person, "fuzzy")


def test_fuzzy_match_needs_a_close_spelling() -> None:
    known = FakeKnown()
    known.add("Abu Bakr al-Baghdadi", "person")
    res = resolve_entity(local("Abu Bakar Bashir", "person"), known)
    assert res.entity is None


def test_fuzzy_match_is_not_tried_on_short_names() -> None:
    """A name under eight letters ("Abu Ali") is too short to tell a spelling variant from another man."""
    known = FakeKnown()
    known.add("Abu Ali", "person")
    res = resolve_entity(local("Abu Aly", "person"), known)
    assert res.entity is None
    assert not any(c.startswith("similar:") for c in known.calls)


def test_a_bare_surname_does_not_join_documents() -> None:
    known = FakeKnown()
    known.add("Akhtar Mansour", "person", "Mullah Akhtar Mansour", "Mansour")
    res = resolve_entity(local("Mansour", "person"), known)
    assert (res.entity, res.how) == (None, "new")


def test_a_full_name_beside_the_surname_still_joins() -> None:
    known = FakeKnown()
    mansour = known.add("Akhtar Mansour", "person", "Mullah Akhtar Mansour")
    res = resolve_entity(local("Mansour", "person", "Mullah Akhtar Mansour"), known)
    assert (res.entity, res.how) == (mansour, "alias")


def test_compatible_types() -> None:
    assert compatible_types("armed_group", "organization")
    assert compatible_types("location", "facility")
    assert not compatible_types("country", "location")
    assert not compatible_types("person", "armed_group")


# -- events ----------------------------------------------------------------------------------------------


def stored(id_: int, date: str | None, *places: str, country: str | None = "Somalia") -> KnownEvent:
    return KnownEvent(
        id=id_,
        type="attack",
        date_start=date,
        date_end=None,
        place_names=frozenset(norm_name(p) for p in places),
        country=country,
    )


def report(
    date: DateValue | None, *places: str, country: str | None = "Somalia", type_: str = "attack"
) -> NewEvent:
    return NewEvent(
        type=type_, date=date, place_names=frozenset(norm_name(p) for p in places), country=country
    )


DAY = DateValue("2023-06-10", "day")


def test_same_day_and_place_is_the_same_event() -> None:
    known = [stored(1, "2023-06-09", "Mogadishu", "Somalia"), stored(2, "2023-06-10", "Mogadishu", "Somalia")]
    assert match_event(report(DAY, "Mogadishu", "Somalia"), known) == known[1]


def test_a_town_within_the_stored_country_matches() -> None:
    known = [stored(1, "2023-06-10", "Mogadishu", "Banadir", "Somalia")]
    assert match_event(report(DAY, "Somalia"), known) == known[0]


def test_different_country_is_another_event() -> None:
    known = [stored(1, "2023-06-10", "Hotel Sahafi", "Kenya", country="Kenya")]
    assert match_event(report(DAY, "Hotel Sahafi", "Somalia"), known) is None


def test_no_shared_place_is_another_event() -> None:
    known = [stored(1, "2023-06-10", "Kismayo", "Somalia")]
    assert match_event(report(DAY, "Mogadishu"), known) is None


def test_different_day_or_type_is_another_event() -> None:
    known = [stored(1, "2023-06-11", "Mogadishu", "Somalia")]
    assert match_event(report(DAY, "Mogadishu", "Somalia"), known) is None
    same_day = [stored(1, "2023-06-10", "Mogadishu", "Somalia")]
    assert match_event(report(DAY, "Mogadishu", "Somalia", type_="arrest"), same_day) is None


def test_an_undated_or_year_only_report_matches_nothing() -> None:
    known = [stored(1, "2023-06-10", "Mogadishu", "Somalia")]
    assert match_event(report(None, "Mogadishu", "Somalia"), known) is None
    assert match_event(report(DateValue("2023", "year"), "Mogadishu", "Somalia"), known) is None


def test_a_month_only_report_matches_nothing() -> None:
    known = [stored(1, "2023-06-10", "Mogadishu", "Somalia")]
    assert match_event(report(DateValue("2023-06", "month"), "Mogadishu", "Somalia"), known) is None


def test_dates_overlap_across_precisions() -> None:
    assert dates_overlap("2024-03", None, "2024-03-22", None)
    assert dates_overlap("2024-03-20", "2024-03-25", "2024-03-22", None)
    assert not dates_overlap("2024-03-21", None, "2024-03-22", None)
    assert not dates_overlap("2024-02", None, "2024-03-22", None)
