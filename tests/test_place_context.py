"""Places in real reporting: datelines, namesakes settled by the document's context, facilities through their
towns, nationality words, what is no place, precision in exports, and a user's own gazetteer.

All texts are written for these tests (the facts they mention may be real)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from khabar import Khabar
from khabar.cli.main import main
from khabar.errors import ConfigError
from khabar.extract import Extractor
from khabar.extract.datelines import dateline_date, dateline_place, find_dateline
from khabar.extract.gazetteer import Gazetteer, add_user_gazetteer, clear_user_gazetteers
from khabar.extract.places import Geocoder, PlaceContext
from khabar.model import DocFacts, Place, RawDocument


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder.default()


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return Extractor()


def _facts(ex: Extractor, text: str, published: date | None = date(2024, 5, 7)) -> DocFacts:
    return ex.extract_one(RawDocument(id="t", text=text, published=published))


def _places(facts: DocFacts) -> dict[str, Place | None]:
    return {e.name: e.place for e in facts.entities.values() if e.type in {"country", "location", "facility"}}


def _event(facts: DocFacts) -> Place | None:
    found = [e for e in facts.events if e.type in {"attack", "killing", "air_strike", "kidnapping"}]
    assert found, [e.type for e in facts.events]
    return found[0].place


# -- datelines ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "agency", "when"),
    [
        ("HERAT, Afghanistan (Reuters) - Gunmen shot dead two guards.", "HERAT, Afghanistan", "Reuters", None),
        ("NAIROBI : Police said on Friday that a grenade was thrown.", "NAIROBI", None, None),
        ("Aug 3 (AP) \u2014 A roadside bomb hit a convoy.", None, "AP", "Aug 3"),
        ("Quetta, March 4 (Xinhua) -- A blast killed three people.", "Quetta", "Xinhua", "March 4"),
        ("MOGADISHU \u2014 Militants stormed a hotel overnight.", "MOGADISHU", None, None),
        ("Lima, Jan 9 (EFE).- Rebels attacked a patrol.", "Lima", "EFE", "Jan 9"),
        ("Headline about an attack\nGAO, Mali \u2013 Soldiers repelled an assault.", "GAO, Mali", None, None),
        ("Cotabato, Philippines: Gunmen killed two soldiers on Sunday.", "Cotabato, Philippines", None, None),
        ("Maiduguri, Nigeria: A bomb exploded at a market.", "Maiduguri, Nigeria", None, None),
        # the town's state and country in brackets before its date or agency
        ("JOS (Plateau, Nigeria), May 2 (NAN) \u2014 Gunmen raided a village.", "JOS, Plateau, Nigeria", "NAN",
         "May 2"),
        ("MAIDUGURI (Borno, Nigeria) (AFP) - A bomb exploded.", "MAIDUGURI, Borno, Nigeria", "AFP", None),
        ("Lagos: Police said gunmen killed four farmers.", "Lagos", None, None),  # a known town and a colon
        # no dash after the agency's brackets
        ("Quito, Mar 3 (IANS) Gunmen killed two guards at a mine.", "Quito", "IANS", "Mar 3"),
        ("Kabul (Reuters) Taliban fighters stormed a checkpoint.", "Kabul", "Reuters", None),
    ],
)
def test_dateline_styles(geo: Geocoder, text: str, place: str | None, agency: str | None, when: str | None) -> None:
    found = find_dateline(text, geo)
    assert found is not None, text
    assert (found.place, found.agency, found.date) == (place, agency, when)
    assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "text",
    [
        "Police said: the road is closed.",
        "Kabul: a city that has seen four decades of war.",
        "Kabul, the capital: a city that has seen four decades of war.",
        "The group said - in a statement - that it was behind it.",
        "In 2019 - the year of the attack - the town was quiet.",
        "The group (IS) - in a statement - said it was behind the attack.",
        "Police (in Kano) Said nothing of the raid.",
        "Mr Smith (Reuters) Said nothing of the raid.",
    ],
)
def test_sentences_are_no_datelines(geo: Geocoder, text: str) -> None:
    assert find_dateline(text, geo) is None


def test_a_bracketed_state_places_the_dateline_town_in_it(geo: Geocoder) -> None:
    place = dateline_place(find_dateline("BAMA (Borno, Nigeria), Jan 5 (NAN) - Troops repelled an attack.", geo), geo)
    assert place is not None and (place.name, place.admin1, place.country) == ("Bama", "Borno", "Nigeria")


def test_dateline_date_only_with_its_year(geo: Geocoder) -> None:
    assert dateline_date(find_dateline("Lima, Jan 9 (EFE).- Rebels attacked.", geo)) is None
    full = find_dateline("NEW DELHI, Oct. 3, 2019 \u2014 Police said a bomb went off.", geo)
    assert dateline_date(full) == date(2019, 10, 3)


def test_dateline_is_not_the_place_of_an_event_told_elsewhere(ex: Extractor) -> None:
    facts = _facts(
        ex,
        "KABUL, Afghanistan (AP) \u2014 A suicide bomber struck a mosque in the northern city of Mazar-i-Sharif "
        "on Friday, killing 12 worshippers, officials said.",
    )
    place = _event(facts)
    assert place is not None and place.name == "Mazar-i-Sharif" and place.country == "Afghanistan"
    assert facts.document.dateline is not None and facts.document.dateline.country == "Afghanistan"
    assert "Kabul" in _places(facts)  # the filing place is still a place the text names


def test_a_dateline_gives_at_most_its_country(ex: Extractor) -> None:
    facts = _facts(ex, "ISLAMABAD (Reuters) - Gunmen killed four policemen at a checkpoint on Sunday, a police spokesman said.")
    place = _event(facts)
    assert place is not None and place.type == "country" and place.name == "Pakistan"
    assert place.precision == "country"


@pytest.mark.parametrize(
    "text",
    [
        "JOS, Nigeria (Reuters) - Gunmen attacked a village in Bokkos on Tuesday, killing nine people.",
        "BAMA (Borno, Nigeria), May 6 (NAN) \u2014 A group of gunmen attacked a village in Bokkos on Tuesday, "
        "killing nine people.",
        "Jos: Gunmen attacked a village in Bokkos on Tuesday, killing nine people, police said.",
    ],
)
def test_the_story_after_a_dateline_is_read_apart_from_it(ex: Extractor, text: str) -> None:
    """The dateline's town is a place, not the subject of the deed; its agency and bracketed state name no one."""
    facts = _facts(ex, text)
    [attack] = [e for e in facts.events if e.type == "attack"]
    assert [p.text.lower() for p in attack.participants if p.role == "perpetrator"] == ["gunmen"], attack
    assert attack.place is not None and attack.place.name == "Bokkos"
    kinds = {e.name: e.type for e in facts.entities.values()}
    assert kinds.get("Jos", kinds.get("Bama")) == "location", kinds
    assert not {"Reuters", "NAN", "Borno, Nigeria", "Nigeria"} & set(kinds), kinds
    assert not facts.sentences[0].text.endswith("nine people."), "the dateline stands as its own sentence"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("MAIDUGURI, May 4 (Xinhua) -- A suicide bomber killed five people at a mosque, police said.", "2024-05-04"),
        ("MAIDUGURI, May 4 (Xinhua) -- A suicide bomber killed five people at a mosque on Friday, police said.",
         "2024-05-03"),  # a day of its own wins
        ("MAIDUGURI (AFP) - A suicide bomber killed five people at a mosque, police said.", None),
    ],
)
def test_the_lead_of_a_dated_dateline_tells_that_days_news(ex: Extractor, text: str, day: str | None) -> None:
    attack = next(e for e in _facts(ex, text).events if e.type == "attack")
    assert (attack.date.start if attack.date else None) == day, attack.date


def test_a_dateline_date_with_its_year_fills_a_missing_published_date(ex: Extractor) -> None:
    facts = _facts(ex, "BAMAKO, Sept. 14, 2022 (AFP) - Jihadists attacked an army camp, the army said.", None)
    assert facts.document.published == date(2022, 9, 14)
    facts = _facts(ex, "BAMAKO, Sept. 14 (AFP) - Jihadists attacked an army camp, the army said.", None)
    assert facts.document.published is None


# -- namesakes settled by context -----------------------------------------------------------------------------


def test_context_picks_the_namesake(geo: Geocoder) -> None:
    # Sinjar is a town in Iraq and a village in Syria's Idlib province; Palma a city in Spain and a town in
    # Mozambique; Buenos Aires a capital and a town in Colombia's Cauca department.
    assert (geo.lookup("Sinjar") or Place("", "")).country == "Iraq"
    syria = PlaceContext(("SY",))
    assert (geo.lookup("Sinjar", context=syria) or Place("", "")).country == "Syria"
    assert (geo.lookup("Palma") or Place("", "")).country == "Spain"
    assert (geo.lookup("Palma", context=PlaceContext(("MZ",))) or Place("", "")).country == "Mozambique"
    # "Buenos Aires, Cauca": the province after the comma says which (see the report below); the context alone
    # does not hide a great city abroad behind a village, and a country name is never a namesake
    assert (geo.lookup("Buenos Aires", country_hint="Colombia") or Place("", "")).country == "Colombia"
    assert (geo.lookup("Buenos Aires", context=PlaceContext(("CO",))) or Place("", "")).country == "Argentina"
    assert (geo.lookup("Moscow", context=PlaceContext(("US",))) or Place("", "")).country == "Russia"
    assert (geo.lookup("Niger", context=PlaceContext(("NG",))) or Place("", "")).type == "country"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "Government aircraft bombed the village of Sinjar in Syria's Idlib province on Tuesday, killing "
            "five civilians, rescuers said.",
            "Sinjar",
            "Syria",
        ),
        (
            "Insurgents linked to the Islamic State raided the coastal town of Palma in Mozambique's Cabo "
            "Delgado province, killing dozens of people.",
            "Palma",
            "Mozambique",
        ),
        (
            "Dissident rebels ambushed soldiers in Buenos Aires, Cauca, killing three, the Colombian army said.",
            "Buenos Aires",
            "Colombia",
        ),
        (
            "Kenyan troops said al-Shabaab fighters attacked their base near the Somali border town of Dhobley.",
            "Dhobley",
            "Somalia",
        ),
    ],
)
def test_namesakes_in_a_report(ex: Extractor, text: str, name: str, country: str) -> None:
    place = _places(_facts(ex, text)).get(name)
    assert place is not None and place.country == country, _places(_facts(ex, text))


def test_country_niger_is_not_the_nigerian_state(ex: Extractor) -> None:
    facts = _facts(
        ex, "Boko Haram fighters crossed from Nigeria into Niger and attacked a market in Diffa, killing nine."
    )
    niger = _places(facts)["Niger"]
    assert niger is not None and niger.type == "country"
    assert _places(facts)["Diffa"] is not None and _places(facts)["Diffa"].country == "Niger"  # type: ignore[union-attr]


# -- facilities through their towns, nationality words --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Gunmen stormed the University of Peshawar on Monday, killing four students.", "Pakistan"),
        ("Militants attacked Garissa University College before dawn, killing dozens of students.", "Kenya"),
        ("A car bomb exploded outside the Kandahar Provincial Hospital on Sunday, killing six.", "Afghanistan"),
        ("A rocket hit Kabul International Airport on Thursday, wounding two guards.", "Afghanistan"),
    ],
)
def test_facilities_through_their_towns(ex: Extractor, text: str, country: str) -> None:
    place = _event(_facts(ex, text))
    assert place is not None and place.country == country, place


def test_a_state_demonym_gives_the_country_where_nothing_else_does(ex: Extractor) -> None:
    facts = _facts(ex, "Indian police said a bomb went off at a crowded bus stop on Monday, killing three people.")
    place = _event(facts)
    assert place is not None and place.name == "India" and place.precision == "country"
    facts = _facts(ex, "The Iraqi Prime Minister said a suicide bomber killed 14 people at a wedding on Friday.")
    place = _event(facts)
    assert place is not None and place.country == "Iraq"


def test_a_persons_nationality_places_nothing(ex: Extractor) -> None:
    facts = _facts(ex, "A Syrian refugee attacked commuters on a bus with a knife on Friday, injuring four.")
    assert _event(facts) is None


def test_a_groups_home_country_and_a_country_in_a_name_hint_faintly(ex: Extractor) -> None:
    facts = _facts(ex, "Naxalites triggered a landmine under a police vehicle on Monday, killing six constables.")
    place = _event(facts)
    assert place is not None and place.name == "India" and place.precision == "country"
    facts = _facts(ex, "A grenade exploded outside a branch of the Central Bank of Kenya on Friday, wounding nine.")
    place = _event(facts)
    assert place is not None and place.country == "Kenya"
    # a group with branches abroad says nothing of where: the Islamic State claims attacks everywhere
    facts = _facts(ex, "The Islamic State claimed a bombing that killed 14 people at a wedding on Friday.")
    assert _event(facts) is None


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Militants torched homes in Garamba village, near Maiduguri, on Monday, killing five.", "Garamba",
         "Nigeria"),
        ("Gunmen abducted 12 traders from the Kofar neighbourhood of Katsina, Nigeria, on Tuesday.", "Kofar",
         "Nigeria"),
        ("Four soldiers were killed in an ambush in the department of Meta, the Colombian army said.", "Meta",
         "Colombia"),
        ("A car bomb exploded in Shah Faisal Town in Karachi, Pakistan, on Friday, wounding eight.",
         "Shah Faisal Town", "Pakistan"),
    ],
)  # fmt: skip
def test_settlements_the_gazetteer_lacks_or_that_are_common_words(ex: Extractor, text: str, name: str,
                                                                  country: str) -> None:  # fmt: skip
    places = _places(_facts(ex, text))
    assert name in places and places[name] is not None and places[name].country == country, places  # type: ignore[union-attr]


def test_a_district_of_a_town_is_the_town(ex: Extractor) -> None:
    facts = _facts(ex, "Retreating from a district of Manbij, the militants abducted dozens of civilians on Friday.")
    place = _places(facts).get("Manbij")
    assert place is not None and place.precision == "town" and place.country == "Syria"


# -- what is no place -------------------------------------------------------------------------------------------


def test_families_of_non_places(ex: Extractor) -> None:
    text = (
        "Leaders of the West condemned the bombing. \"Hindi ito totoo,\" a witness said in Tagalog. "
        "The champion won his fifth Grand Slam title in Paris. Nepal's ministry of home affairs and the "
        "Afghan Ministry of Defense both issued statements. The Sulu Police Provincial Office said two "
        "suspects were arrested. Martin said the bomb was hidden in a bag."
    )
    places = _places(_facts(ex, text))
    for word in ("West", "Hindi", "Grand Slam", "Afghan Ministry of Defense", "Sulu Police Provincial Office",
                 "Martin"):  # fmt: skip
        assert word not in places, (word, places)
    assert "Paris" in places and "Nepal" in places


def test_a_surname_that_names_a_town_abroad_stays_a_person(ex: Extractor) -> None:
    facts = _facts(ex, "Colombian troops captured a rebel commander known as David near Cali on Sunday.")
    assert "David" not in _places(facts)
    assert _places(facts).get("Cali") is not None


def test_hyphenated_and_missed_names(ex: Extractor) -> None:
    facts = _facts(ex, "Taliban fighters overran checkpoints in Dasht-e-Qala district of Takhar on Wednesday.")
    places = _places(facts)
    assert "Dasht" not in places and "Archi" not in places
    assert any(p is not None and p.name.startswith("Dasht-e") for p in places.values()), places


# -- precision in exports ---------------------------------------------------------------------------------------


@pytest.fixture()
def kb(tmp_path: Path) -> Iterator[Khabar]:
    with Khabar(tmp_path / "k.db") as k:
        k.ingest_text(
            "ISLAMABAD (AP) \u2014 Gunmen killed two policemen in Quetta on Sunday, officials said.",
            id="town", published=date(2024, 5, 6),
        )  # fmt: skip
        k.ingest_text(
            "Indian police said a bomb went off at a crowded bus stop on Monday, killing three people.",
            id="country", published=date(2024, 5, 7),
        )  # fmt: skip
        yield k


def test_precision_in_facts_json_and_geojson(kb: Khabar) -> None:
    data = kb.export()  # validated against the bundled schema
    by_doc = {ev["evidence"][0]["document"]: ev for ev in data["events"]}
    assert by_doc["town"]["location"]["name"] == "Quetta" and by_doc["town"]["location"]["precision"] == "town"
    assert by_doc["country"]["location"]["precision"] == "country"
    docs = {d["id"]: d for d in data["documents"]}
    assert docs["town"]["dateline"] == {"text": "ISLAMABAD (AP) \u2014", "place": "ISLAMABAD", "country": "Pakistan",
                                        "agency": "AP"}  # fmt: skip
    assert "dateline" not in docs["country"]
    geo = kb.places()
    props = {f["properties"]["place"]: f["properties"] for f in geo["features"]}
    assert props["Quetta"]["place_precision"] == "exact" and props["Quetta"]["place_level"] == "town"
    assert props["India"]["place_precision"] == "country" and props["India"]["place_level"] == "country"


# -- a user's own gazetteer -------------------------------------------------------------------------------------

USER_LINES = [
    {"key": "kaliyur", "name": "Kaliyur", "type": "location", "aliases": ["Kaliyur village"], "country": "IN",
     "admin1": "Chhattisgarh", "lat": 18.41, "lon": 81.52, "population": 800, "source": "field notes"},
    {"key": "silver-hand", "name": "Silver Hand Front", "type": "armed_group", "aliases": ["SHF"],
     "country": "IND", "source": "field notes"},
]  # fmt: skip
USER_TEXT = "Fighters of the Silver Hand Front ambushed a police patrol near Kaliyur on Monday, killing four."


@pytest.fixture()
def user_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in USER_LINES), encoding="utf-8")
    yield path
    clear_user_gazetteers()


def _check_user_facts(data: dict) -> None:  # type: ignore[type-arg]
    names = {e["name"]: e["type"] for e in data["entities"]}
    assert names.get("Silver Hand Front") == "armed_group" and names.get("Kaliyur") == "location", names
    loc = next(ev["location"] for ev in data["events"] if ev["type"] == "attack")
    assert loc["name"] == "Kaliyur" and loc["country"] == "India" and loc["lat"] == pytest.approx(18.41)


def test_user_gazetteer_through_the_api(tmp_path: Path, user_file: Path) -> None:
    with Khabar(tmp_path / "a.db", gazetteer=user_file) as k:
        k.ingest_text(USER_TEXT, id="u", published=date(2024, 5, 7))
        _check_user_facts(k.export())
    assert Gazetteer.load().lookup("SHF") is not None


def test_user_gazetteer_through_the_cli_and_env(
    tmp_path: Path, user_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "r.txt"
    src.write_text(USER_TEXT, encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "--gazetteer", str(user_file), "ingest", str(src), "--published", "2024-05-07"]) == 0
    out = tmp_path / "f.json"
    assert main(["--db", db, "export", "--format", "facts-json", "-o", str(out)]) == 0
    _check_user_facts(json.loads(out.read_text(encoding="utf-8")))
    clear_user_gazetteers()
    monkeypatch.setenv("KHABAR_GAZETTEER", str(user_file))
    db2 = str(tmp_path / "e.db")
    assert main(["--db", db2, "ingest", str(src), "--published", "2024-05-07"]) == 0
    assert main(["--db", db2, "export", "--format", "facts-json", "-o", str(out)]) == 0
    _check_user_facts(json.loads(out.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "not JSON"),
        ('{"key": "x", "name": "X", "type": "location", "lat": 100, "lon": 0, "source": "me"}\n', "'lat'"),
        ('{"key": "x", "name": "X", "type": "location", "lat": 10, "source": "me"}\n', "both 'lat' and 'lon'"),
        ('{"key": "x", "name": "X", "type": "spaceship", "source": "me"}\n', "unknown type"),
        ('{"key": "x", "name": "X", "type": "person", "lat": 1, "lon": 1, "source": "me"}\n', "only for places"),
        ('{"key": "x", "name": "X", "type": "armed_group", "parent": "nope", "source": "me"}\n', "unknown parent"),
        ('{"key": "x", "name": "", "type": "person", "source": "me"}\n', "'name'"),
    ],
)
def test_bad_user_gazetteer_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        add_user_gazetteer(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert Gazetteer.load().lookup("X") is None  # nothing was added


def test_bad_user_gazetteer_on_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "x.db"), "--gazetteer", str(tmp_path / "missing.jsonl"), "entities"]) == 2
    assert "missing.jsonl does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"key": "x", "name": "X", "type": "location", "country": "Atlantis", "source": "m"}\n')
    with pytest.raises(ConfigError, match="unknown country 'Atlantis'"):
        Khabar(tmp_path / "y.db", gazetteer=bad)
    clear_user_gazetteers()
