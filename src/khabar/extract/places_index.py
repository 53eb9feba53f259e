"""The offline gazetteer tables behind :mod:`khabar.extract.places`.

The world's populated places (every town of 1,000+ people, GeoNames' ``cities1000``) with their alternate
names, GeoNames' admin1 and admin2 subdivisions (provinces, states, districts, counties, LGAs) merged with ISO
3166-2, and the countries, all live in one read-only SQLite file, ``data/places.sqlite``, built by
``scripts/build_places.py``. Names are looked up one at a time through its index, so nothing is loaded up
front: start-up stays at milliseconds whatever the size of the table. Small curated files under ``data/``
(country aliases and centroids, named regions, English spellings of conflict-zone places, a stop list) and
any user gazetteer lie on top, in memory. Everything is local: nothing is fetched.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pycountry
from rapidfuzz import fuzz

from khabar.errors import ExtractError
from khabar.model import Place

__all__ = [
    "DATA_DIR",
    "PLACES_DB",
    "Entry",
    "Countries",
    "Gazetteer",
    "fold",
    "key",
    "read_json",
    "stopwords",
    "curated_stopwords",
    "english_words",
    "strip_admin_type",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACES_DB = DATA_DIR / "places.sqlite"
# Coordinates are stored as integers of 1/10,000 degree (see scripts/build_places.py).
_COORD_SCALE = 10_000.0
# Added to a name's flag when it names a region rather than a city; the rest is 2 own name, 1 alternate name,
# 0 a region's name without its type word.
_REGION_FLAG = 4
# How close (rapidfuzz ratio) an alternate name must be to the own name to count as a spelling of it.
_SPELLING_RATIO = 90
_ABBREVIATION = re.compile(r"\b(st|ste|mt|ft)\b")
_EXPANSIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def _expand(m: re.Match[str]) -> str:
    return _EXPANSIONS[m.group(1)]

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
    """One way of naming one place: ``kind`` is country/region/admin1/admin2/city; ``primary`` is False when
    the name is only an alternate name (ranked below any place that bears it as its own name); ``a1``/``a2`` are
    the GeoNames codes of the admin1/admin2 region it lies in (for context: "Buenos Aires, Cauca").

    A tuple rather than a dataclass: lookups build many of them.
    """

    place: Place
    iso: str | None
    kind: str
    population: int = 0
    primary: bool = True
    a1: str = ""
    a2: str = ""
    spelling: bool = False  # an alternate name that only spells the own name another way ("Hanau")


class PlacesDB:
    """The read-only SQLite gazetteer, opened at first use (and again in a forked child: a SQLite connection
    must not cross a fork). Queries are serialised by a lock; each takes microseconds."""

    def __init__(self, path: Path = PLACES_DB) -> None:
        self.path = path
        self._con: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def query(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._con is None or self._pid != os.getpid():
                if not self.path.is_file():
                    raise ExtractError(
                        f"places data file {self.path} is missing; rebuild it with scripts/build_places.py"
                    )
                uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
                try:
                    self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
                except sqlite3.Error as exc:
                    raise ExtractError(f"places data file {self.path} cannot be opened: {exc}") from exc
                self._pid = os.getpid()
            try:
                return self._con.execute(sql, tuple(args)).fetchall()
            except sqlite3.Error as exc:
                raise ExtractError(f"places data file {self.path} is malformed: {exc}") from exc


@cache
def places_db() -> PlacesDB:
    """The bundled gazetteer database, shared by every geocoder of the process."""
    return PlacesDB()


class Countries:
    """Country names: geonames short names, pycountry names, curated aliases, with centroids."""

    def __init__(self, db: PlacesDB | None = None) -> None:
        self.db = db or places_db()
        data = read_json("places_countries.json")
        curated: dict[str, dict[str, Any]] = data["countries"]
        self.upper_only = {key(a) for a in data.get("upper_only", [])}
        self.by_iso: dict[str, Entry] = {}
        self.keys: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.neighbours: dict[str, frozenset[str]] = {}
        for iso, gn_name, gid, pop, capital, neighbours in self.db.query(
            "SELECT iso, name, gid, pop, capital, neighbours FROM country"
        ):
            extra = curated.get(iso, {})
            name = fold(extra.get("name") or gn_name)
            place = Place(name=name, type="country", country=name, lat=extra.get("lat"), lon=extra.get("lon"),
                          geonameid=gid, precision="country")  # fmt: skip
            self.by_iso[iso] = Entry(place, iso, "country", int(pop or 0))
            if capital:
                self.capitals[iso] = capital
            self.neighbours[iso] = frozenset(n for n in neighbours.split(",") if n)
            names = [name, gn_name, *extra.get("aliases", [])]
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
        # The country keys by first letter, in key order: a fuzzy look-up compares a name only with those.
        self.by_initial: dict[str, list[str]] = {}
        for k in self.keys:
            self.by_initial.setdefault(k[:1], []).append(k)

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
def curated_stopwords() -> frozenset[str]:
    """The curated list of words that name some town but never a place in the news (months, people, groups)."""
    path = DATA_DIR / "places_stopwords.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ExtractError(f"places data file {path} is missing: {exc}") from exc
    return frozenset(key(w) for w in lines if w.strip() and not w.startswith("#"))


@cache
def common_words() -> frozenset[str]:
    """Place names that are also common English words or languages ("Police", "Martin", "Hindi"), as marked
    by the gazetteer build: a place only where the text's country has a place of that very name ("Meta")."""
    return frozenset(k for (k,) in places_db().query("SELECT key FROM word"))


@cache
def stopwords() -> frozenset[str]:
    """Words that are also the name of some town and never geocode on their own: the curated list plus the
    common English words the gazetteer build marked."""
    return curated_stopwords() | common_words()


@cache
def english_words() -> frozenset[str]:
    """The most frequent English words that dictionaries write in lower case ("grand", "slam", "office")."""
    return frozenset(w for (w,) in places_db().query("SELECT word FROM english"))


def _curated_names(rec: dict[str, Any]) -> list[str]:
    """The names a curated city record may be found under in geonames: "match" first, else any of its own."""
    return [rec["match"]] if rec.get("match") else [rec["name"], *rec.get("variants", [])]


def _spelling(k: str, own: str) -> bool:
    """An alternate name that is only another spelling or a short form of the town's own name ("Hanau" for
    "Hanau am Main", "Dasht-i-Archi"), not a name in another language or a former name."""
    if not k:
        return False
    k, own = _ABBREVIATION.sub(_expand, k), _ABBREVIATION.sub(_expand, own)
    if own.startswith(k + " ") or (len(k) >= 5 and f" {k}" in f" {own}"):
        return True  # "Hanau am Main"; "Nahiyat al Iskandariyah" for "Iskandariya"
    return fuzz.ratio(k, own) >= _SPELLING_RATIO


def _deg(value: int | None) -> float | None:
    return None if value is None else value / _COORD_SCALE


_CITY_COLS = "id, name, cc, a1, a2, lat, lon, pop"
_REGION_COLS = "id, gid, name, cc, a1, a2, iso, lat, lon, pop"


class Gazetteer:
    """Cities, admin1 and admin2 regions from the SQLite file, plus curated and user places, by :func:`key`.

    Places become :class:`Entry` objects only when a lookup returns them, and each is built once.
    """

    def __init__(self, countries: Countries, db: PlacesDB | None = None) -> None:
        self.countries = countries
        self.db = db or countries.db
        # curated and user places that are not in the database, and extra names of database places
        self.entries: dict[str, list[Entry]] = defaultdict(list)
        self._extra_refs: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._city_names: dict[int, str] = {}  # geonameid -> curated English name ("Raqqa")
        self._region_override: dict[str, dict[str, Any]] = {}  # ISO 3166-2 code -> curated record
        self._cities: dict[int, Entry] = {}
        self._regions: dict[int, Entry] = {}
        self._region_codes: dict[tuple[str, str, str], Entry | None] = {}
        self._keys: dict[str, list[tuple[int, int]]] = {}
        self._lock = threading.Lock()
        variants = read_json("places_variants.json")
        self._curate_regions(variants.get("admin1", []))
        self._curate_cities(variants.get("cities", []))

    # -- database rows -----------------------------------------------------------------------------------------

    def _refs(self, k: str) -> list[tuple[int, int]]:
        """(flag, ref) rows of one key, database and curated."""
        refs = self._keys.get(k)
        if refs is None:
            refs = [(int(f), int(r)) for f, r in self.db.query("SELECT flag, ref FROM name WHERE key = ?", (k,))]
            if len(self._keys) < 200_000:
                self._keys[k] = refs
        extra = self._extra_refs.get(k)
        return refs + extra if extra else refs

    def _admin_name(self, cc: str, a1: str) -> str | None:
        if not a1:
            return None
        region = self.region_by_code(cc, a1, "")
        return region.place.name if region else None

    def _city(self, row: tuple[Any, ...], primary: bool) -> Entry:
        gid, name, cc, a1, a2, lat, lon, pop = row
        entry = self._cities.get(gid)
        if entry is None:
            country = self.countries.by_iso.get(cc)
            place = Place(name=self._city_names.get(gid) or fold(name), type="location",
                          country=country.place.name if country else None, admin1=self._admin_name(cc, a1),
                          lat=_deg(lat), lon=_deg(lon), geonameid=gid, precision="town")  # fmt: skip
            entry = Entry(place, cc, "city", int(pop), True, a1, a2)
            self._cities[gid] = entry
        return entry if primary else entry._replace(primary=False)

    def _region(self, row: tuple[Any, ...], primary: bool) -> Entry:
        rid, _gid, name, cc, a1, a2, iso, lat, lon, pop = row
        entry = self._regions.get(rid)
        if entry is None:
            rec = self._region_override.get(iso, {}) if iso else {}
            display = rec.get("name") or fold(name)
            country = self.countries.by_iso.get(cc)
            admin1 = display if not a2 else self._admin_name(cc, a1)
            place = Place(display, "location", country.place.name if country else None, admin1,
                          rec.get("lat", _deg(lat)), rec.get("lon", _deg(lon)),
                          precision="district" if a2 else "region")  # fmt: skip
            entry = Entry(place, cc, "admin2" if a2 else "admin1", int(pop), True, a1, a2)
            self._regions[rid] = entry
        return entry if primary else entry._replace(primary=False)

    def region_by_code(self, cc: str, a1: str, a2: str = "") -> Entry | None:
        """The admin1 (``a2`` empty) or admin2 region with these GeoNames codes."""
        code = (cc, a1, a2)
        if code not in self._region_codes:
            rows = self.db.query(f"SELECT {_REGION_COLS} FROM region WHERE cc = ? AND a1 = ? AND a2 = ?", code)
            self._region_codes[code] = self._region(rows[0], True) if rows else None
        return self._region_codes[code]

    def _read_missing(
        self,
        select_from: str,
        ids: Iterable[int],
        kept: Mapping[int, Entry],
        make: Callable[[tuple[Any, ...], bool], Entry],
    ) -> None:
        """The rows of those of ``ids`` not ``kept`` yet, in one query, each made into its entry (``make`` keeps
        it): a place is read from the database once."""
        missing = [i for i in ids if i not in kept]
        if missing:
            marks = ",".join("?" * len(missing))
            for row in self.db.query(f"{select_from} WHERE id IN ({marks})", missing):
                make(row, True)

    def _entries(self, refs: Iterable[tuple[int, int]], *, stems: bool = False, k: str = "") -> list[Entry]:
        cities: dict[int, bool] = {}
        regions: dict[int, bool] = {}
        for flag, ref in refs:
            own = flag % _REGION_FLAG
            if (own == 0) != stems:
                continue
            target = regions if flag >= _REGION_FLAG else cities
            target[ref] = target.get(ref, False) or own == 2 or stems
        out: list[Entry] = []
        if regions:  # in id order, as the database gives them
            self._read_missing(f"SELECT {_REGION_COLS} FROM region", regions, self._regions, self._region)
            for rid in sorted(regions):
                region = self._regions.get(rid)
                if region is not None:
                    out.append(region if regions[rid] else region._replace(primary=False))
        if cities:
            self._read_missing(f"SELECT {_CITY_COLS} FROM city", cities, self._cities, self._city)
            for gid, own in cities.items():
                entry = self._cities.get(gid)
                if entry is not None:
                    if not own:
                        entry = entry._replace(primary=False, spelling=_spelling(k, key(entry.place.name)))
                    out.append(entry)
        return out

    # -- curated overlays ----------------------------------------------------------------------------------------

    def _curate_regions(self, records: list[dict[str, Any]]) -> None:
        """English names, variants and centroids of admin1 regions, keyed by ISO 3166-2 code."""
        by_iso = {iso: int(rid) for iso, rid in self.db.query("SELECT iso, id FROM region WHERE iso != ''")}
        for rec in records:
            rid = by_iso.get(rec["iso"])
            if rid is None:
                raise ExtractError(f"places_variants.json: {rec['iso']!r} is no region of the gazetteer")
            self._region_override[rec["iso"]] = rec
            for n in [rec["name"], *rec.get("variants", [])]:
                k = key(n)
                self._extra_refs[k].append((_REGION_FLAG + 2, rid))
                stem = strip_admin_type(k)
                if stem:
                    self._extra_refs[stem].append((_REGION_FLAG, rid))

    def _find_city(self, iso: str, names: list[str]) -> int | None:
        """The most populous city of a country bearing any of the names as its own name, else as an alternate
        name ("Stavropol" is Stavropol, not Tolyatti, once called Stavropol-on-Volga)."""
        found = [e for n in names for e in self._entries(self._refs(key(n))) if e.kind == "city" and e.iso == iso]
        if not found:
            return None
        best = max(found, key=lambda e: (e.primary, e.population))
        return best.place.geonameid

    def _curate_cities(self, records: list[dict[str, Any]]) -> None:
        """Prefer the curated English spelling of a geonames city ("Ar Raqqah" -> "Raqqa"), index its variants;
        a curated place geonames lacks is added with its own coordinates."""
        for rec in records:
            iso = rec["country"]
            country = self.countries.by_iso.get(iso)
            if country is None:
                raise ExtractError(f"places_variants.json: unknown country {iso!r} for {rec['name']!r}")
            names = [rec["name"], *rec.get("variants", [])]
            gid = self._find_city(iso, _curated_names(rec))
            if gid is not None:
                self._city_names[gid] = rec["name"]
                self._cities.pop(gid, None)
                for n in names:
                    self._extra_refs[key(n)].append((2, gid))
            elif "lat" in rec:
                self.add_place(
                    Place(rec["name"], "location", country.place.name, rec.get("admin1"), float(rec["lat"]),
                          float(rec["lon"]), precision="town"),
                    iso, names, population=int(rec.get("population", 0)),
                )  # fmt: skip
            else:
                raise ExtractError(
                    f"places_variants.json: {rec['name']!r} matches no city and has no lat/lon"
                )

    def add_place(self, place: Place, iso: str | None, names: Iterable[str], *, population: int = 0,
                  kind: str = "city") -> None:  # fmt: skip
        """A place the database lacks (curated, or from a user gazetteer), under each of its names."""
        entry = Entry(place, iso, kind, population, True)
        for n in names:
            k = key(n)
            if k and entry not in self.entries[k]:
                self.entries[k].append(entry)

    # -- queries ---------------------------------------------------------------------------------------------

    def get(self, k: str) -> list[Entry]:
        """Every place a key names: curated and user places, regions, then cities (one entry per place)."""
        return list(self.entries.get(k, ())) + self._entries(self._refs(k), k=k)

    def stems(self, k: str) -> list[Entry]:
        """Regions whose name without its type word is ``k`` ("donetsk" for Donetsk Oblast)."""
        return self._entries(self._refs(k), stems=True)

    def fuzzy_keys(self, min_population: int) -> set[str]:
        """Keys a misspelling may resolve to: admin1 and curated names, and cities' own names (not geonames
        alternates, which include many foreign-language words) of cities with ``min_population`` people."""
        out = set(self.entries) | {k for k, refs in self._extra_refs.items() if any(f % _REGION_FLAG for f, _ in refs)}
        out |= {
            k
            for (k,) in self.db.query(
                "SELECT n.key FROM name n JOIN city c ON c.id = n.ref WHERE n.flag = 2 AND c.pop >= ?",
                (min_population,),
            )
        }
        out |= {
            k
            for (k,) in self.db.query(
                "SELECT n.key FROM name n JOIN region r ON r.id = n.ref WHERE n.flag = ? AND r.a2 = ''",
                (_REGION_FLAG + 2,),
            )
        }
        return out


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
    "local government area",
    "lga",
    "tehsil",
    "subdistrict",
    "sub district",
    "commune",
    "parish",
    "borough",
    "raion",
    "rayon",
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
