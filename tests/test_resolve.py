"""Cross-document entity resolution: is this document's entity one the store already knows?

``resolve_entity`` is tried against a small in-memory ``KnownEntities`` that answers like the store does (by
gazetteer key; by alias norm, of any type; by spelling keys; by surname), so these tests pin down the decision
rules themselves: gazetteer identity, alias with compatible types, fuzzy spelling of a long name, and a lone
surname that joins the one person known in full by it, or waits. Event resolution: tests/test_resolve_events.py.
"""

from __future__ import annotations

import pytest

from khabar.model import LocalEntity, norm_name
from khabar.resolve import KnownEntity, compatible_types, resolve_entity
from khabar.resolve.entities import lone_name, surname


class FakeKnown:
    """A store of entities with their aliases, answering the three look-ups of ``KnownEntities``."""

    def __init__(self) -> None:
        self.entities: list[tuple[KnownEntity, set[str]]] = []
        self.calls: list[str] = []

    def add(self, name: str, type_: str, *aliases: str, gazetteer: str | None = None) -> KnownEntity:
        norms = {norm_name(n) for n in (name, *aliases)}
        lone = type_ == "person" and all(lone_name(n) for n in norms)
        ent = KnownEntity(len(self.entities) + 1, name, type_, gazetteer, lone)
        self.entities.append((ent, norms))
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

    def by_surname(self, word: str) -> list[KnownEntity]:
        self.calls.append(f"surname:{word}")
        return [e for e, norms in self.entities if any(surname(n) == word for n in norms)]

    def by_one_word(self, word: str) -> list[KnownEntity]:
        self.calls.append(f"one:{word}")
        return [e for e, norms in self.entities if any(lone_name(n) == word for n in norms)]


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


def test_a_lone_surname_joins_the_one_person_known_in_full_by_it() -> None:
    known = FakeKnown()
    mansour = known.add("Akhtar Mansour", "person", "Mullah Akhtar Mansour")
    for written in ("Mansour", "Mullah Mansour"):
        res = resolve_entity(local(written, "person"), known)
        assert (res.entity, res.how) == (mansour, "surname"), written


def test_a_lone_surname_shared_by_namesakes_waits_as_one_entity() -> None:
    """Two Mehsuds known in full: "Mehsud" alone could be either, so it joins neither; it joins the entity that
    holds the lone name already (one for every such report), or makes it."""
    known = FakeKnown()
    known.add("Baitullah Mehsud", "person")
    known.add("Noor Wali Mehsud", "person")
    res = resolve_entity(local("Mehsud", "person"), known)
    assert (res.entity, res.how) == (None, "new")
    waiting = known.add("Mehsud", "person")
    res = resolve_entity(local("Mehsud", "person"), known)
    assert (res.entity, res.how) == (waiting, "lone")


def test_a_lone_name_with_no_full_name_joins_the_same_lone_name() -> None:
    known = FakeKnown()
    fazlullah = known.add("Fazlullah", "person")
    res = resolve_entity(local("Mullah Fazlullah", "person"), known)
    assert (res.entity, res.how) == (fazlullah, "lone")
    assert resolve_entity(local("Fazlullah", "armed_group"), known).how == "new"  # never a group


def test_a_full_name_beside_the_surname_still_joins() -> None:
    known = FakeKnown()
    mansour = known.add("Akhtar Mansour", "person", "Mullah Akhtar Mansour")
    res = resolve_entity(local("Mansour", "person", "Mullah Akhtar Mansour"), known)
    assert (res.entity, res.how) == (mansour, "alias")


def test_name_words() -> None:
    assert lone_name("Mullah Fazlullah") == "fazlullah"
    assert lone_name("Abu Bakr al-Baghdadi") is None
    assert surname("Abu Bakr al-Baghdadi") == "baghdadi"
    assert surname("Shekau") is None


def test_compatible_types() -> None:
    assert compatible_types("armed_group", "organization")
    assert compatible_types("location", "facility")
    assert not compatible_types("country", "location")
    assert not compatible_types("person", "armed_group")
