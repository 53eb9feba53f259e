"""Offline geocoder: countries, demonyms, regions, admin1, cities, variants, and names that must not geocode."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from khabar.extract.places import Geocoder, facility_kind
from khabar.extract.places_index import DATA_DIR, PLACES_DB
from khabar.model import Place


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder.default()


def test_default_is_shared() -> None:
    assert Geocoder.default() is Geocoder.default()


# -- countries -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Russia", "Russia"),
        ("Russian Federation", "Russia"),
        ("U.S.", "United States"),
        ("US", "United States"),
        ("USA", "United States"),
        ("United States", "United States"),
        ("the United States", "United States"),
        ("the U.S.", "United States"),
        ("America", "United States"),
        ("Britain", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("Türkiye", "Turkey"),
        ("Turkey", "Turkey"),
        ("Iran", "Iran"),
        ("Islamic Republic of Iran", "Iran"),
        ("Syria", "Syria"),
        ("Syrian Arab Republic", "Syria"),
        ("Ivory Coast", "Ivory Coast"),
        ("Côte d'Ivoire", "Ivory Coast"),
        ("Cote d'Ivoire", "Ivory Coast"),
        ("Myanmar", "Myanmar"),
        ("Burma", "Myanmar"),
        ("DR Congo", "Democratic Republic of the Congo"),
        ("DRC", "Democratic Republic of the Congo"),
        ("Democratic Republic of Congo", "Democratic Republic of the Congo"),
        ("Czechia", "Czechia"),
        ("Czech Republic", "Czechia"),
        ("Syria's", "Syria"),
        ("Afganistan", "Afghanistan"),  # one letter missing: conservative fuzzy match
        ("Palestinian territories", "Palestine"),
        ("UAE", "United Arab Emirates"),
    ],
)
def test_country_spellings(geo: Geocoder, name: str, country: str) -> None:
    place = geo.country(name)
    assert place is not None, name
    assert (place.type, place.name, place.country) == ("country", country, country)
    assert place.lat is not None and place.lon is not None


def test_country_rejects_non_countries(geo: Geocoder) -> None:
    for name in ("us", "Moscow", "Israeli", "Emirate", "Today", "", "   "):
        assert geo.country(name) is None, name


def test_country_centroid_is_sensible(geo: Geocoder) -> None:
    afghanistan = geo.country("Afghanistan")
    assert afghanistan is not None and afghanistan.lat is not None and afghanistan.lon is not None
    assert 29 < afghanistan.lat < 39 and 60 < afghanistan.lon < 75


def test_country_centroids_lie_near_their_cities() -> None:
    """Catches a typo in places_countries.json: each centroid must fall near the country's own cities."""
    data = json.loads((DATA_DIR / "places_countries.json").read_text(encoding="utf-8"))["countries"]
    con = sqlite3.connect(f"{PLACES_DB.as_uri()}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT cc, COUNT(*), MIN(lat), MAX(lat), MIN(lon), MAX(lon) FROM city WHERE pop >= 15000 GROUP BY cc"
    ).fetchall()
    con.close()
    boxes = {cc: [v / 10_000 for v in box] for cc, _n, *box in rows}  # stored as 1/10,000 degree
    counts = {cc: n for cc, n, *_ in rows}
    checked = 0
    for iso, rec in data.items():
        # too few cities to bound the country, or spanning the antimeridian
        if counts.get(iso, 0) < 3 or boxes[iso][3] - boxes[iso][2] > 180:
            continue
        lat0, lat1, lon0, lon1 = boxes[iso]
        margin = 8.0
        assert lat0 - margin <= rec["lat"] <= lat1 + margin, iso
        assert lon0 - margin <= rec["lon"] <= lon1 + margin, iso
        checked += 1
    assert checked > 120


# -- demonyms ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Russian", "Russia"),
        ("Tajik", "Tajikistan"),
        ("Afghan", "Afghanistan"),
        ("Afghans", "Afghanistan"),
        ("Pakistani", "Pakistan"),
        ("Iraqi", "Iraq"),
        ("Iraqis", "Iraq"),
        ("Salvadoran", "El Salvador"),
        ("Syrian", "Syria"),
        ("South Sudanese", "South Sudan"),
        ("Sudanese", "Sudan"),
        ("Nigerien", "Niger"),
        ("Nigerian", "Nigeria"),
        ("British", "United Kingdom"),
        ("Emirati", "United Arab Emirates"),
        ("Ivorian", "Ivory Coast"),
        ("Uzbek", "Uzbekistan"),
        ("Kyrgyz", "Kyrgyzstan"),
        ("Turkish", "Turkey"),
        ("Palestinian", "Palestine"),
    ],
)
def test_demonyms(geo: Geocoder, word: str, country: str) -> None:
    place = geo.country_of_demonym(word)
    assert place is not None, word
    assert place.type == "country" and place.country == country


def test_demonym_file_covers_most_countries(geo: Geocoder) -> None:
    data = json.loads((DATA_DIR / "demonyms.json").read_text(encoding="utf-8"))["demonyms"]
    assert len(data) >= 190
    for country in data:
        assert geo.country(country) is not None, country


def test_not_demonyms(geo: Geocoder) -> None:
    for word in ("Moscow", "Taliban", "Police", "Afghanistan"):
        assert geo.country_of_demonym(word) is None, word


def test_demonyms_do_not_geocode(geo: Geocoder) -> None:
    # "Somali" is also the name of an Ethiopian region; as a bare word it is a nationality.
    for word in ("Somali", "Kazakh", "Israeli", "Pakistani", "American"):
        assert geo.lookup(word) is None, word


# -- lookup: admin1, cities, regions ---------------------------------------------------------------------------


def _check(place: Place | None, name: str, country: str | None, *, type_: str = "location") -> Place:
    assert place is not None
    assert (place.name, place.country, place.type) == (name, country, type_)
    return place


def test_admin1_regions(geo: Geocoder) -> None:
    kp = _check(geo.lookup("Khyber Pakhtunkhwa"), "Khyber Pakhtunkhwa", "Pakistan")
    assert kp.admin1 == "Khyber Pakhtunkhwa" and kp.lat is not None and kp.lon is not None
    assert 32 < kp.lat < 37 and 69 < kp.lon < 74
    mo = _check(geo.lookup("Moscow Oblast"), "Moscow Oblast", "Russia")
    assert mo.admin1 == "Moscow Oblast"
    assert _check(geo.lookup("Moscow region"), "Moscow Oblast", "Russia") == mo
    _check(geo.lookup("Nangarhar"), "Nangarhar", "Afghanistan")
    _check(geo.lookup("Nangarhar province"), "Nangarhar", "Afghanistan")
    _check(geo.lookup("Kunar"), "Kunar", "Afghanistan")
    _check(geo.lookup("Donetsk region"), "Donetsk Oblast", "Ukraine")
    _check(geo.lookup("Borno State"), "Borno", "Nigeria")
    _check(geo.lookup("Punjab"), "Punjab", "Pakistan")
    _check(geo.lookup("Punjab", country_hint="India"), "Punjab", "India")


def test_type_words(geo: Geocoder) -> None:
    _check(geo.lookup("Plateau State"), "Plateau", "Nigeria")  # "Plateau" alone is a common word
    assert geo.lookup("Plateau") is None
    _check(geo.lookup("Kabul city"), "Kabul", "Afghanistan")
    district = _check(geo.lookup("Peshawar district"), "Peshawar District", "Pakistan")  # the admin2 region
    assert district.admin1 == "Khyber Pakhtunkhwa"
    _check(geo.lookup("Sinai Province"), "Sinai", "Egypt")
    assert geo.lookup("Islamic State") is None


def test_province_word_picks_the_region_not_the_city(geo: Geocoder) -> None:
    city = _check(geo.lookup("Kandahar"), "Kandahar", "Afghanistan")
    province = _check(geo.lookup("Kandahar province"), "Kandahar", "Afghanistan")
    assert city.geonameid is not None and province.geonameid is None
    assert province.admin1 == "Kandahar"


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("Moscow", "Moscow", "Russia"),
        ("Peshawar", "Peshawar", "Pakistan"),
        ("Kandahar", "Kandahar", "Afghanistan"),
        ("Qandahar", "Kandahar", "Afghanistan"),
        ("Der Ezzour", "Deir ez-Zor", "Syria"),
        ("Deir al-Zour", "Deir ez-Zor", "Syria"),
        ("Deir ez-Zour", "Deir ez-Zor", "Syria"),
        ("Deir Ezzoor", "Deir ez-Zor", "Syria"),  # not in any list: fuzzy match
        ("Raqqa", "Raqqa", "Syria"),
        ("Ar-Raqqah", "Raqqa", "Syria"),
        ("Rakka", "Raqqa", "Syria"),
        ("Palmyra", "Palmyra", "Syria"),
        ("Tadmur", "Palmyra", "Syria"),
        ("Mosul", "Mosul", "Iraq"),
        ("Al-Mawsil", "Mosul", "Iraq"),
        ("Aleppo", "Aleppo", "Syria"),
        ("Halab", "Aleppo", "Syria"),
        ("Idlib", "Idlib", "Syria"),
        ("Sanaa", "Sanaa", "Yemen"),
        ("Sana'a", "Sanaa", "Yemen"),
        ("Mogadishu", "Mogadishu", "Somalia"),
        ("Maiduguri", "Maiduguri", "Nigeria"),
        ("Baghdad", "Baghdad", "Iraq"),
        ("Kiev", "Kyiv", "Ukraine"),
        ("Hodeidah", "Hodeidah", "Yemen"),
        ("Kobane", "Kobani", "Syria"),
        ("Gaza City", "Gaza", "Palestine"),
        ("Tal Afar", "Tal Afar", "Iraq"),  # curated: missing from geonames' 15,000+ file
        ("Diyarbakır", "Diyarbakir", "Turkey"),
    ],
)
def test_cities_and_variants(geo: Geocoder, name: str, canonical: str, country: str) -> None:
    place = _check(geo.lookup(name), canonical, country)
    assert place.lat is not None and place.lon is not None


def test_city_coordinates_and_ids(geo: Geocoder) -> None:
    deir = geo.lookup("Der Ezzour")
    assert deir is not None and deir.geonameid == 170794
    assert deir.lat == pytest.approx(35.34, abs=0.05) and deir.lon == pytest.approx(40.14, abs=0.05)


@pytest.mark.parametrize(
    ("city", "admin1"),
    [
        ("Lahore", "Punjab"),
        ("Karachi", "Sindh"),
        ("Peshawar", "Khyber Pakhtunkhwa"),
        ("Los Angeles", "California"),
        ("Mosul", "Nineveh"),
        ("Maiduguri", "Borno"),
        ("Donetsk", "Donetsk Oblast"),
        ("Aleppo", "Aleppo"),
        ("Jalalabad", "Nangarhar"),
        ("London", "England"),
        ("Mumbai", "Maharashtra"),
    ],
)
def test_admin1_filled_for_big_cities(geo: Geocoder, city: str, admin1: str) -> None:
    place = geo.lookup(city)
    assert place is not None and place.admin1 == admin1, (city, place)


def test_admin1_from_geonames_codes(geo: Geocoder) -> None:
    # The gazetteer joins GeoNames' admin1 codes to their regions, so regions without a namesake city are known.
    paris = geo.lookup("Paris")
    assert paris is not None and paris.country == "France" and paris.admin1 == "Ile-de-France"


def test_curated_capitals_tie_regions_to_their_cities(geo: Geocoder) -> None:
    """Each curated admin1 'capital' must resolve inside its region (catches typos in places_variants.json)."""
    data = json.loads((DATA_DIR / "places_variants.json").read_text(encoding="utf-8"))["admin1"]
    for rec in data:
        if not rec.get("capital"):
            continue
        country = rec["iso"].split("-")[0]
        place = geo.lookup(rec["capital"], country_hint=country, fuzzy=False)
        assert place is not None and place.admin1 == rec["name"], (rec["iso"], rec["capital"], place)


def test_country_hint_disambiguates(geo: Geocoder) -> None:
    assert _check(geo.lookup("Tripoli"), "Tripoli", "Libya")
    assert _check(geo.lookup("Tripoli", country_hint="Lebanon"), "Tripoli", "Lebanon")
    assert _check(geo.lookup("Tripoli", country_hint="LB"), "Tripoli", "Lebanon")
    assert _check(geo.lookup("Moscow", country_hint="United States"), "Moscow", "United States")
    assert _check(geo.lookup("Georgia"), "Georgia", "Georgia", type_="country")
    state = _check(geo.lookup("Georgia", country_hint="US"), "Georgia", "United States")
    assert state.admin1 == "Georgia"
    # A hint naming a country without the place does not hide the place.
    assert _check(geo.lookup("Mosul", country_hint="France"), "Mosul", "Iraq")


def test_most_populous_city_wins(geo: Geocoder) -> None:
    assert _check(geo.lookup("Damascus"), "Damascus", "Syria")  # not Damascus, Maryland
    assert _check(geo.lookup("Gaza"), "Gaza", "Palestine")  # not Gaza province, Mozambique


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Central Asia", None),
        ("West Asia", None),
        ("Middle East", None),
        ("the Sahel", None),
        ("Sahel", None),
        ("Kashmir", None),
        ("Horn of Africa", None),
        ("West Bank", "Palestine"),
        ("North Waziristan", "Pakistan"),
        ("Donbas", "Ukraine"),
    ],
)
def test_known_regions(geo: Geocoder, name: str, country: str | None) -> None:
    place = geo.lookup(name)
    assert place is not None and place.type == "location" and place.country == country
    assert place.lat is not None and place.lon is not None


def test_directional_phrases(geo: Geocoder) -> None:
    east = _check(geo.lookup("eastern Afghanistan"), "eastern Afghanistan", "Afghanistan")
    afghanistan = geo.country("Afghanistan")
    assert afghanistan is not None and (east.lat, east.lon) == (afghanistan.lat, afghanistan.lon)
    assert east.admin1 is None
    _check(geo.lookup("north-west Pakistan"), "north-west Pakistan", "Pakistan")
    _check(geo.lookup("northern Syria"), "northern Syria", "Syria")
    north_aleppo = _check(geo.lookup("northern Aleppo"), "northern Aleppo", "Syria")
    assert north_aleppo.admin1 == "Aleppo"
    # Names that merely start with a direction stay themselves.
    _check(geo.lookup("North Korea"), "North Korea", "North Korea", type_="country")
    _check(geo.lookup("South Sudan"), "South Sudan", "South Sudan", type_="country")
    _check(geo.lookup("Northern Ireland"), "Northern Ireland", "United Kingdom")
    _check(geo.lookup("North Kivu"), "North Kivu", "Democratic Republic of the Congo")
    assert geo.lookup("eastern Blorbistan") is None


def test_outskirts_left_to_the_caller(geo: Geocoder) -> None:
    assert geo.lookup("the outskirts of Moscow") is None


# -- negatives -----------------------------------------------------------------------------------------------


NEVER_PLACES = [
    "Today",
    "Caliphate",
    "Hall",
    "Police",
    "Concert",
    "Hamas",
    "Taliban",
    "Market",
    "Airport",
    "University",
    "Central",
    "North",
    "March",
    "Reading",
    "Mobile",
    "Baghdadi",
    "Israeli",
    "Emirate",
    "Bush",
    "Union",
    "Republic",
] + ["Islamic State", "Police Station", ""]


@pytest.mark.parametrize("word", NEVER_PLACES)
def test_common_words_never_geocode(geo: Geocoder, word: str) -> None:
    assert geo.lookup(word) is None, (word, geo.lookup(word))
    assert not geo.is_place(word)


def test_fuzzy_is_conservative(geo: Geocoder) -> None:
    assert _check(geo.lookup("Moscow"), "Moscow", "Russia")
    assert geo.lookup("Moscw") is None  # too short to guess
    assert geo.lookup("Mosow") is None
    hit = geo.lookup("Deir Ezzoor")
    assert hit is not None and hit.name == "Deir ez-Zor"
    assert geo.lookup("Deir Ezzoor", fuzzy=False) is None


def test_common_word_allowed_as_town_of_hinted_country(geo: Geocoder) -> None:
    assert geo.lookup("Hit") is None
    _check(geo.lookup("Hit", country_hint="Iraq"), "Hit", "Iraq")
    assert geo.lookup("Police", country_hint="Iraq") is None


def test_is_place(geo: Geocoder) -> None:
    assert geo.is_place("Peshawar")
    assert geo.is_place("Syria")
    assert geo.is_place("Middle East")
    assert not geo.is_place("Police")


# -- facilities ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("Crocus City Hall", "hall"),
        ("Al-Nuri Mosque", "mosque"),
        ("Church of the Nativity", "church"),
        ("Serena Hotel", "hotel"),
        ("Kabul International Airport", "airport"),
        ("Camp Bastion", "camp"),
        ("Bagram Air Base", "base"),
        ("US Embassy", "embassy"),
        ("Evin Prison", "prison"),
        ("Army Public School", "school"),
        ("Sufi shrine", "shrine"),
        ("police station", "station"),
        ("Kabul University", "university"),
        ("Great Synagogue", "synagogue"),
    ],
)
def test_facility_kind(name: str, head: str) -> None:
    assert facility_kind(name) == head


@pytest.mark.parametrize("name", ["Moscow", "Islamic State", "Mount Sinjar", "Wall Street", "", "Hamas"])
def test_not_facilities(name: str) -> None:
    assert facility_kind(name) is None


def test_facility_anchored_in_its_city(geo: Geocoder) -> None:
    airport = geo.lookup("Kabul airport")
    assert airport is not None and airport.type == "facility" and airport.country == "Afghanistan"
    kabul = geo.lookup("Kabul")
    assert kabul is not None and (airport.lat, airport.lon) == (kabul.lat, kabul.lon)
    base = geo.lookup("Bagram Air Base")
    assert base is not None and base.type == "facility" and base.country == "Afghanistan"
    # Nothing to anchor on, or a facility that is not in the country it names.
    assert geo.lookup("Crocus City Hall") is None
    assert geo.lookup("Pakistani embassy") is None
    assert geo.lookup("Pakistan embassy") is None


# -- the build script, on a tiny input ----------------------------------------------------------------------------


def test_build_places_on_tiny_sources(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_places", DATA_DIR.parents[3] / "scripts" / "build_places.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_places", builder)  # dataclasses look their module up
    spec.loader.exec_module(builder)
    gn, loc = tmp_path / "gn", tmp_path / "loc"
    for d in (gn, loc / "countries", loc / "subdivisions", loc / "cities"):
        d.mkdir(parents=True)
    cities = {
        "1": {"geonameid": 1, "name": "Qal'at Bishah", "countrycode": "XA", "admin1code": "07", "latitude": 10.5,
              "longitude": 20.25, "population": 40000, "alternatenames": ["Qalat Bisha", "Bishah Fort", "QB"]},
        "2": {"geonameid": 2, "name": "Tell Hamra", "countrycode": "XA", "admin1code": "07", "latitude": 10.75,
              "longitude": 20.75, "population": 1200, "alternatenames": ["Tel Hamra", "Red Hill Village"]},
    }  # fmt: skip
    (gn / "cities1000.json").write_text(json.dumps(cities), encoding="utf-8")
    (gn / "countries.json").write_text(json.dumps({"XA": {"geonameid": 9, "name": "Xanadu", "population": 5,
                                                          "capital": "Qal'at Bishah", "neighbours": "XB"}}))  # fmt: skip
    (loc / "countries" / "countries.tsv").write_text("Xanadu\tXA\tXAN\t9\n", encoding="utf-8")
    (loc / "subdivisions" / "subdivisions.tsv").write_text(
        "Bishah\tXA-BI\tXA.07\t70\tProvince\tBishah Province|\u0628\u064a\u0634\u0629\t1\t\t1\n"
        "Hamra\t\tXA.07.3\t71\t\tHamra District\t2\t1\t1\n",
        encoding="utf-8",
    )
    (loc / "cities" / "cities.tsv").write_text(
        "Qal'at Bishah\t1\t1\t1\t40000\t10.5\t20.25\nTell Hamra\t2\t1|2\t1\t1200\t10.75\t20.75\n", encoding="utf-8"
    )
    out = tmp_path / "p.sqlite"
    counts = builder.build(gn, loc, out, with_common=False)
    assert counts["cities"] == 2 and counts["admin1"] == 1 and counts["admin2"] == 1
    con = sqlite3.connect(out)
    names = {(k, f % 4, f >= 4) for k, f, _ref in con.execute("SELECT key, flag, ref FROM name")}
    assert ("qalat bishah", 2, False) in names and ("qalat bisha", 1, False) in names
    assert ("bishah fort", 1, False) in names  # a big town keeps its other names
    assert ("tel hamra", 1, False) in names and not any(k == "red hill village" for k, *_ in names)  # a village: spellings only
    assert not any(k == "qb" for k, *_ in names)  # codes are no names
    assert ("bishah", 0, True) in names and ("hamra", 0, True) in names  # "Bishah Province", "Hamra District"
    assert con.execute("SELECT a2 FROM city WHERE id = 2").fetchone() == ("3",)
    lat, lon = con.execute("SELECT lat, lon FROM region WHERE iso = 'XA-BI'").fetchone()
    assert (lat, lon) == (106250, 205000)  # the mean of its towns, in 1/10,000 degree
    assert con.execute("SELECT capital FROM country WHERE iso = 'XA'").fetchone() == ("Qal'at Bishah",)
    con.close()


def test_a_region_is_read_from_the_database_once() -> None:
    """Names recur from document to document: a region a key names is read once, then comes from memory, equal
    to what the first read gave and in the same order (namesakes in id order)."""
    from khabar.extract.places_index import Countries, Gazetteer, PlacesDB

    class Counting(PlacesDB):
        region_reads = 0

        def query(self, sql: str, args: Any = ()) -> list[tuple[Any, ...]]:
            if "FROM region WHERE id IN" in sql:
                Counting.region_reads += 1
            return super().query(sql, args)

    db = Counting()
    gaz = Gazetteer(Countries(db), db)
    for k in ("punjab", "kandahar", "georgia"):  # regions of two countries, a city and its province, a state
        first = gaz.get(k)
        reads = Counting.region_reads
        assert any(e.kind in {"admin1", "admin2"} for e in first), first
        assert gaz.get(k) == first
        assert Counting.region_reads == reads, f"{k}: read again"
    assert Counting.region_reads >= 1
