"""Actor typing on the names real reports use (our own sentences): state forces, ministries and news outlets are
organizations, never armed groups or people; a titled man tagged as an organisation is a person; a person's name
split by a hyphen is one person; a group's formal Arabic name is an armed group; feast days are no actors."""

from __future__ import annotations

from datetime import date

import pytest

from khabar.extract import Extractor
from khabar.model import DocFacts, RawDocument, norm_name


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def kinds(extractor: Extractor, text: str) -> dict[str, str]:
    facts: DocFacts = extractor.extract_one(RawDocument(id="a", text=text, published=date(2024, 5, 6)))
    return {norm_name(n): e.type for e in facts.entities.values() for n in {e.name, *e.aliases}}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Militants ambushed a convoy of the Nigerian Army near Monguno on Sunday, killing nine soldiers.",
         "Nigerian Army"),
        ("The Taliban attacked a checkpoint of the Afghan National Army in Helmand, killing six soldiers.",
         "Afghan National Army"),
        ("Troops of the 12th Infantry Battalion returned fire after gunmen attacked the camp in Marawi.",
         "12th Infantry Battalion"),
        ("Gunmen attacked the police post in Sokoto, the Army said in a statement after the raid.", "Army"),
        # a frontier force is a state's border force; a state's "cell" is one of its bodies
        ("Four Frontier Corps soldiers were killed when militants attacked their post near Turbat on Tuesday.",
         "Frontier Corps"),
        ("The Frontier Constabulary said militants killed two of its guards near Bannu on Friday.",
         "Frontier Constabulary"),
        ("A suicide bomber killed seven fighters in Samarra on Thursday, the Security Media Cell said.",
         "Security Media Cell"),
    ],
)  # fmt: skip
def test_state_forces_are_organizations(extractor: Extractor, text: str, name: str) -> None:
    k = kinds(extractor, text)
    named = {t for n, t in k.items() if n.endswith(norm_name(name).split(" ", 1)[-1])}
    assert named == {"organization"}, k


def test_an_insurgent_army_stays_an_armed_group(extractor: Extractor) -> None:
    k = kinds(
        extractor, "The Baloch Liberation Army attacked a bus near Quetta on Monday, killing four passengers."
    )
    assert k.get(norm_name("Baloch Liberation Army")) == "armed_group"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a hotel in Mogadishu on Friday, Radio Dalsan reported, and nine people were killed.",
        "Sahel Voice, a local news website, said gunmen killed five villagers near Menaka.",
        # a station is a site's noun, but a radio station is an outlet
        "Gunmen killed five soldiers near Tibu, General Juan Ortiz told Caracol Radio station.",
    ],
)
def test_news_outlets_are_organizations(extractor: Extractor, text: str) -> None:
    k = kinds(extractor, text)
    outlets = {"radio dalsan", "sahel voice", "caracol radio"}
    assert not {t for n, t in k.items() if n in outlets} & {"person", "facility", "location"}, k


def test_a_titled_man_tagged_as_an_organisation_is_a_person(extractor: Extractor) -> None:
    k = kinds(
        extractor, "After the US strike, the Pakistani Taliban picked Mufti Noor Wali Mehsud to be their new chief."
    )
    assert k.get(norm_name("Noor Wali Mehsud")) == "person"


def test_a_hyphenated_name_is_one_person(extractor: Extractor) -> None:
    facts = extractor.extract_one(
        RawDocument(
            id="h",
            text="Houthi fighters attacked positions held by troops of President Abd-Rabbu Mansour Hadi in Taiz.",
        )
    )
    people = [e.name for e in facts.entities.values() if e.type == "person"]
    assert people == ["Abd-Rabbu Mansour Hadi"]


def test_a_groups_formal_name_is_an_armed_group_and_a_feast_no_actor(extractor: Extractor) -> None:
    k = kinds(
        extractor,
        "Fighters of Jama'atu Ahlis Sunna Lidda'awati wal-Jihad attacked worshippers in Maiduguri on Easter, "
        "killing 12 people.",
    )
    assert k.get(norm_name("Jama'atu Ahlis Sunna Lidda'awati wal-Jihad")) == "armed_group"
    assert "easter" not in k


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked a police post in Bluefields on Friday, as Hurricane Joan struck the coast.",
        "Gunmen killed four aid workers in Beira, weeks after Cyclone Idai flattened the city.",
    ],
)
def test_a_storm_named_like_a_person_is_no_actor(extractor: Extractor, text: str) -> None:
    k = kinds(extractor, text)
    assert not any(w in name for name in k for w in ("joan", "idai")), k


def test_an_editors_brackets_are_no_names_and_complete_a_name(extractor: Extractor) -> None:
    k = kinds(
        extractor,
        "Lima, 5 Oct 88 -- [Excerpt] Gunmen shot dead Colonel [Luis Alberto] Ramirez in Huancayo on Monday. "
        "[passage omitted] Police blamed the Shining Path.",
    )
    assert "excerpt" not in k and "passage omitted" not in k, k
    assert k.get(norm_name("Luis Alberto Ramirez")) == "person", k



def test_a_groups_cell_is_the_group(extractor: Extractor) -> None:
    """ "the Security Media Cell" is a state's body (above); "an Islamic State cell" is the group's."""
    k = kinds(extractor, "Police dismantled an Islamic State cell in Kirkuk on Monday after a bombing.")
    assert k.get(norm_name("Islamic State")) == "armed_group", k
