"""Offline geocoding of place names as journalists write them.

``Geocoder.lookup("Der Ezzour")`` -> Deir ez-Zor, Syria. Countries, named regions, admin1 regions and cities
(geonames, 15,000+ people) are matched by a folded key; spelling variants come from geonames alternate names,
a curated variants file and, last, a conservative fuzzy match. Common English words never geocode: a stop list
blocks the town names that are also words ("Police", Poland; "Hall", Germany), and fuzzy matching only compares
names of similar length that start with the same letter.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from khabar.errors import ConfigError, ExtractError
from khabar.extract.gazetteer import user_generation, user_places
from khabar.extract.places_index import (
    Countries,
    Entry,
    Gazetteer,
    curated_stopwords,
    fold,
    key,
    read_json,
    stopwords,
    strip_admin_type,
)
from khabar.model import Place

__all__ = ["Geocoder", "PlaceContext", "NO_CONTEXT", "facility_kind", "FACILITY_HEADS"]

FUZZY_CUTOFF = 90.0
FUZZY_MIN_LEN = 7
# Smallest city a fuzzy (misspelt) name may resolve to: small towns' names are too easy to hit by accident.
FUZZY_MIN_POPULATION = 50_000
# A city abroad outranks a same-named admin1 region only when it is this big (Bari, Italy over Bari, Somalia;
# "Victoria" stays the Australian state).
_BIG_CITY = 100_000
# A namesake abroad this big beats those in the document's context countries ("Moscow" in a report about Ukraine).
_GREAT_CITY = 1_000_000
# Towns smaller than this need the name to be written as a place, or their country named in the document.
_SMALL_TOWN = 15_000
_REGION_KINDS = frozenset({"admin1", "admin2"})

# Nouns that head the name of a building or site.
# fmt: off
FACILITY_HEADS = frozenset({
    "hall", "church", "cathedral", "chapel", "basilica", "mosque", "madrasa", "madrassa", "madrasah", "seminary",
    "hotel", "motel", "guesthouse", "hostel", "shrine", "mausoleum", "tomb", "airport", "airbase", "airfield",
    "airstrip", "heliport", "stadium", "arena", "hospital", "clinic", "school", "academy", "college",
    "university", "institute", "kindergarten", "orphanage", "market", "bazaar", "mall", "supermarket",
    "embassy", "consulate", "mission", "base", "barracks", "garrison", "outpost", "checkpoint", "prison", "jail",
    "penitentiary", "compound", "bridge", "station", "terminal", "railway", "rail", "metro", "subway", "port", "harbour", "harbor",
    "pier", "dock", "temple", "synagogue", "gurdwara", "monastery", "convent", "palace", "parliament",
    "headquarters", "building", "tower", "theatre", "theater", "cinema", "nightclub",
    "club", "cafe", "restaurant", "bank", "factory", "plant", "refinery", "pipeline", "dam", "mine",
    "courthouse", "court", "complex", "centre", "center", "museum", "library", "depot", "warehouse", "fort",
    "fortress", "citadel", "castle", "cemetery", "graveyard", "crossing", "camp", "residence", "villa",
})
# fmt: on
# Heads written before the name: "Camp Bastion", "Fort Hood", "Hotel Intercontinental".
_PREFIX_HEADS = frozenset({"camp", "fort", "hotel"})
# A facility abroad is not located in the country it is named after ("Pakistani embassy").
_NOT_ANCHORED = frozenset({"embassy", "consulate", "mission"})

_DIRECTION = re.compile(
    r"^(?:the\s+)?((?:(?:far|deep|extreme)[\s-]+)?(?:(?:north|south)(?:[\s-]?(?:east|west))?|east|west)(?:ern)?"
    r"|central|upper|lower|mid)\s+(.+)$",
    re.IGNORECASE,
)
_CITY_SUFFIX = re.compile(r"^(.+?)\s+city$", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[] \t\n"


def facility_kind(name: str) -> str | None:
    """The facility head noun of a name ("Crocus City Hall" -> "hall", "Camp Bastion" -> "camp"), else None.

    Heads are general nouns of buildings and sites; the noun governs the phrase, so it is the last word, or
    the last word before "of" ("Church of the Nativity"), or a leading "Camp"/"Fort".
    """
    words = [w.strip(".,;:'\"()").lower() for w in name.replace("\u2019", "'").split()]
    words = [w[:-2] if w.endswith("'s") else w for w in words if w]
    if not words:
        return None
    head = words[words.index("of", 1) - 1] if "of" in words[1:] else words[-1]
    if head in FACILITY_HEADS:
        return head
    if len(words) > 1 and words[0] in _PREFIX_HEADS:
        return words[0]
    return None


class PlaceContext(NamedTuple):
    """What a document says about where it is: the countries it names (most named first: by name, demonym,
    or through its unambiguous places) and the admin1 regions, as (ISO alpha-2, GeoNames admin1 code)."""

    countries: tuple[str, ...] = ()
    regions: frozenset[tuple[str, str]] = frozenset()  # (country name, admin1 name)
    weights: tuple[float, ...] = ()  # how much evidence each country has, in the order of ``countries``

    def rank(self, entry: Entry) -> int:
        """Position of the entry's country in the context (lower is more central); past the end if absent."""
        try:
            return self.countries.index(entry.iso or "")
        except ValueError:
            return len(self.countries)


NO_CONTEXT = PlaceContext()


class _Ask(NamedTuple):
    hint: str | None
    context: PlaceContext
    small: bool


def _clean(name: str) -> str:
    s = " ".join(name.split()).strip(_QUOTES)
    return _TRAILING_POSSESSIVE.sub("", s).strip()


class Geocoder:
    """Names to :class:`~khabar.model.Place`, offline. Use :meth:`default` for the shared instance.

    Countries, regions and demonyms load at once (milliseconds); the city and admin1 tables load on the
    first name that needs them (about half a second, once).
    """

    def __init__(self) -> None:
        self._lookups: dict[tuple[str, str | None, bool, PlaceContext | None, bool], Place | None] = {}
        self._countries = Countries()
        self._country_names: dict[str, Place | None] = {}
        self._regions: dict[str, Entry] = {}
        for rec in read_json("places_regions.json")["regions"]:
            iso = rec.get("country")
            country = self._countries.by_iso[iso].place.name if iso else None
            place = Place(rec["name"], "location", country, None, rec["lat"], rec["lon"], precision="region")
            for n in [rec["name"], *rec.get("variants", [])]:
                self._regions[key(n)] = Entry(place, iso, "region")
        self._demonyms: dict[str, str] = {}
        for country_name, words in read_json("demonyms.json")["demonyms"].items():
            iso = self._countries.iso_of(country_name)
            if iso is None:
                raise ExtractError(f"demonyms.json names an unknown country: {country_name!r}")
            for w in words:
                k = key(w)
                self._demonyms.setdefault(k, iso)
                if not k.endswith(("s", "sh", "ch", "ese", "x", "z")) and k not in {"uk", "us"}:
                    self._demonyms.setdefault(k + "s", iso)
        self._gazetteer: Gazetteer | None = None
        self._fuzzy_pool: dict[str, list[str]] | None = None
        # the pool's names by (first letter, spaces, length), each with its place in the letter's list
        self._fuzzy_blocks: dict[tuple[str, int, int], list[tuple[int, str]]] = {}
        self._fuzzy_hits: dict[str, list[tuple[str, float]]] = {}  # key -> its fuzzy hits (the pool is fixed)
        self._lock = threading.Lock()

    @classmethod
    def default(cls) -> Geocoder:
        """The process-wide geocoder, built once (and again when a user gazetteer adds places)."""
        return _default(user_generation())

    # -- public API ------------------------------------------------------------------------------------------

    def country(self, name: str) -> Place | None:
        """A country by any common name ("U.S.", "Britain", "Türkiye", "Ivory Coast", "Burma"); remembered per
        name, since the mention finder asks about the same words many times and a miss costs a fuzzy search."""
        if name in self._country_names:
            return self._country_names[name]
        found = self._country(name)
        if len(self._country_names) >= 50_000:  # a long ingest meets endless new words: start afresh
            self._country_names.clear()
        self._country_names[name] = found
        return found

    def _country(self, name: str) -> Place | None:
        raw = _clean(name)
        k = key(raw)
        if not k:
            return None
        entry = self._countries.match(raw, k)
        if entry is None and len(k) >= FUZZY_MIN_LEN and k not in stopwords() and k not in self._demonyms:
            pool = [c for c in self._countries.by_initial.get(k[0], ()) if _fuzzy_comparable(k, c)]
            hit = process.extractOne(k, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if hit is not None:
                entry = self._countries.by_iso[self._countries.keys[hit[0]]]
        return entry.place if entry else None

    def country_by_iso(self, iso: str) -> Place | None:
        """A country by its ISO alpha-2 code."""
        entry = self._countries.by_iso.get(iso)
        return entry.place if entry else None

    def country_of_demonym(self, word: str) -> Place | None:
        """The country a nationality word points to ("Tajik" -> Tajikistan, "Iraqis" -> Iraq)."""
        iso = self._demonyms.get(key(_clean(word)))
        return self._countries.by_iso[iso].place if iso else None

    def lookup(
        self,
        name: str,
        *,
        country_hint: str | None = None,
        fuzzy: bool = True,
        context: PlaceContext | None = None,
        small: bool = False,
    ) -> Place | None:
        """The place a name most likely means, or None.

        Order: countries, named regions, admin1/admin2 regions and towns (a town wins over a same-named region of
        its own country; the most populous town wins unless ``country_hint`` picks another or the document's
        ``context`` names the country of a namesake), "X province"/"X district"/"X city", directional phrases
        ("eastern Afghanistan"), a facility anchored in a town ("Kabul airport"), then a conservative fuzzy match
        when ``fuzzy``. A town of fewer than 15,000 people is taken only in a country the hint or context names,
        or when the caller has seen it written as a place (``small``: "the village of X", "near X").
        """
        memo = (name, country_hint, fuzzy, context, small)
        if memo in self._lookups:  # names recur across a batch; the fuzzy pass is the costly part
            return self._lookups[memo]
        raw = _clean(name)
        k = key(raw)
        if not k:
            return None
        hint = self._countries.iso_of(country_hint) if country_hint else None
        ask = _Ask(hint, context or NO_CONTEXT, small)
        found = (
            self._exact(raw, k, ask)
            or self._typed(raw, k, ask)
            or self._directional(raw, ask, fuzzy)
            or self._facility(raw, ask)
            or (self._fuzzy(k, ask) if fuzzy else None)
        )
        if len(self._lookups) >= 50_000:
            self._lookups.clear()  # lookups carry each document's context: a long ingest starts afresh
        self._lookups[memo] = found
        return found

    def is_place(self, name: str) -> bool:
        return self.lookup(name) is not None

    def capital(self, country: Place) -> Place | None:
        """The capital city of a country ("the Somali capital" -> Mogadishu), from geonames' country table."""
        iso = self._countries.iso_of(country.name)
        if iso is None:
            return None
        name = self._countries.capitals.get(iso)
        return self.lookup(name, country_hint=iso, fuzzy=False) if name else None

    def iso(self, country: str | None) -> str | None:
        """ISO alpha-2 code of a country name or code, or None."""
        return self._countries.iso_of(country) if country else None

    def candidates(self, name: str) -> list[Entry]:
        """Every gazetteer place a name (exactly) names: for context building and debugging."""
        k = key(_clean(name))
        return self._gaz().get(k) if k else []

    def add_place(
        self, place: Place, names: list[str], *, population: int = 0, country: str | None = None
    ) -> None:
        """A place of a user gazetteer: found under each of its names, like the bundled ones (a name the user
        gives wins over a namesake abroad where the text names its country, and ranks by ``population``).
        ``country`` is a name or an ISO code; an unknown one is a :class:`ConfigError`."""
        iso = self._countries.iso_of(country or place.country or "") if (country or place.country) else None
        if (country or place.country) and iso is None:
            raise ConfigError(f"gazetteer place {place.name!r}: unknown country {country or place.country!r}")
        name = self._countries.by_iso[iso].place.name if iso else None
        place = replace(place, country=name)
        self._gaz().add_place(place, iso, names, population=max(population, _SMALL_TOWN))
        self._lookups.clear()

    # -- steps -----------------------------------------------------------------------------------------------

    def _gaz(self) -> Gazetteer:
        if self._gazetteer is None:
            with self._lock:
                if self._gazetteer is None:
                    self._gazetteer = Gazetteer(self._countries)
        return self._gazetteer

    def _exact(self, raw: str, k: str, ask: _Ask) -> Place | None:
        hint = ask.hint
        country = self._countries.match(raw, k)
        if country is not None:
            # "Georgia" with a US hint is the state, not the country (a context is no such hint: "Niger" in a
            # report about Nigeria is still the country).
            if hint and hint != country.iso:
                local = [e for e in self._gaz().get(k) if e.iso == hint]
                if local:
                    return self._choose(local, ask)
            return country.place
        region = self._regions.get(k)
        if region is not None:
            named = {hint} if hint else set(ask.context.countries)
            if region.iso and named and region.iso not in named:
                # "Sinjar" is a district of Iraq, and a village of Idlib in a report about Syria
                local = [e for e in self._gaz().get(k) if e.iso in named]
                if local:
                    return self._choose(local, ask)
            return region.place
        # "Somali", "Kazakh": nationality words, even where some region or town shares the spelling.
        if k in self._demonyms:
            return None
        if _acronym(raw):
            return None  # "OSU", "IED": an acronym, not the town Osu (countries and regions came first)
        if k in stopwords():
            # A hint or the document's context licenses a common word only as the own name of a town or region
            # in that country ("Hit", Iraq; "Meta", Colombia).
            allowed = {hint} if hint else set() if k in curated_stopwords() else set(ask.context.countries)
            own = [e for e in self._gaz().get(k) if e.iso in allowed and e.kind != "region" and e.primary]
            return self._choose(own, ask)
        return self._choose(self._gaz().get(k), ask)

    def _typed(self, raw: str, k: str, ask: _Ask) -> Place | None:
        """ "Kandahar province", "Sukma district", "Gaza City": the type word narrows the candidates."""
        stem = strip_admin_type(k)
        if stem:
            if stem in self._regions:  # "Sinai Province", "West Africa region"
                return self._regions[stem].place
            gaz = self._gaz()
            admins = gaz.stems(stem) + [e for e in gaz.get(stem) if e.kind in _REGION_KINDS]
            if admins:
                return self._choose(admins, ask._replace(small=True))
            if stem in stopwords() or stem in self._demonyms:
                return None
            # Only a town's own name: alternate names are too loose here (Horasan, Turkey, is also "Khorasan").
            city = self._choose([e for e in gaz.get(stem) if e.kind == "city" and e.primary], ask._replace(small=True))
            if city is not None:
                # A district or county named after a town: the town's place, under the name as written.
                return Place(fold(raw), "location", city.country, city.admin1, city.lat, city.lon,
                             precision="district")
            return None
        m = _CITY_SUFFIX.match(raw)
        if m:
            return self._choose([e for e in self._gaz().get(key(m.group(1))) if e.kind == "city"], ask)
        return None

    def _directional(self, raw: str, ask: _Ask, fuzzy: bool) -> Place | None:
        m = _DIRECTION.match(raw)
        if not m:
            return None
        inner = self.lookup(m.group(2), country_hint=ask.hint, fuzzy=fuzzy, context=ask.context, small=ask.small)
        if inner is None or inner.type == "facility":
            return None
        prefix = m.group(1).lower()
        return Place(
            name=f"{prefix} {inner.name}",
            type="location",
            country=inner.country,
            admin1=inner.admin1 if inner.type != "country" else None,
            lat=inner.lat,
            lon=inner.lon,
            precision="country" if inner.type == "country" else "region",
        )

    def _facility(self, raw: str, ask: _Ask) -> Place | None:
        head = facility_kind(raw)
        if head is None or head in _NOT_ANCHORED:
            return None
        words = raw.split()
        lowered = [w.lower().strip(".,'") for w in words]
        spans: list[str] = []
        if head in lowered:
            at = lowered.index(head)
            spans += [" ".join(words[:n]) for n in range(at, 0, -1)]
        if "of" in lowered[1:]:
            spans.append(" ".join(words[lowered.index("of", 1) + 1 :]))
        for span in spans:
            k = key(_clean(span))
            if not k or k in stopwords() or self._countries.match(span, k) or k in self._regions:
                continue
            # "the University of Peshawar", "Garissa University College": the town in the name, named as one;
            # else a province or state ("Ohio State University", "Kunar Provincial Hospital")
            found = self._gaz().get(k) or self._gaz().stems(k)
            anchor = self._choose([e for e in found if e.kind == "city"], ask._replace(small=True)) or self._choose(
                [e for e in found if e.kind == "admin1" and (e.primary or not e.place.geonameid)], ask
            )
            if anchor is not None:
                # at the town's coordinates: as exact as the town
                return Place(fold(raw), "facility", anchor.country, anchor.admin1, anchor.lat, anchor.lon,
                             precision=anchor.precision)
        return None

    def _fuzzy(self, k: str, ask: _Ask) -> Place | None:
        if len(k) < FUZZY_MIN_LEN or k in stopwords() or k in self._demonyms:
            return None
        hits = self._fuzzy_hits.get(k)
        if hits is None:
            hits = [(c, score) for c, score, _ in process.extract(
                k, self._fuzzy_choices(k), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=10
            )]  # fmt: skip
            if len(self._fuzzy_hits) >= 50_000:
                self._fuzzy_hits.clear()
            self._fuzzy_hits[k] = hits
        if not hits:
            return None
        top = max(score for _, score in hits)
        entries: list[Entry] = []
        for choice, score in hits:
            if score < top:
                continue
            country = self._countries.keys.get(choice)
            if country is not None:
                entries.append(self._countries.by_iso[country])
            if choice in self._regions:
                entries.append(self._regions[choice])
            entries += [e for e in self._gaz().get(choice) if self._fuzzy_target(e)]
        return self._choose(entries, ask._replace(small=False))

    def _fuzzy_choices(self, k: str) -> list[str]:
        """The pool's names worth comparing with ``k`` (``_fuzzy_comparable``), in the pool's order: only the
        blocks of its first letter and word count within two letters of its length are looked at."""
        self._pool()
        spaces = k.count(" ")
        found = [x for n in range(len(k) - 2, len(k) + 3) for x in self._fuzzy_blocks.get((k[0], spaces, n), [])]
        return [c for _i, c in sorted(found) if _fuzzy_comparable(k, c)]

    @staticmethod
    def _fuzzy_target(e: Entry) -> bool:
        return e.kind == "admin1" or (e.kind == "city" and e.primary and e.population >= FUZZY_MIN_POPULATION)

    def _pool(self) -> dict[str, list[str]]:
        """Fuzzy candidates bucketed by first letter: every country, region, admin1 and sizeable city key."""
        if self._fuzzy_pool is None:
            gaz = self._gaz()
            pool: dict[str, list[str]] = defaultdict(list)
            stop = stopwords()
            names = set(self._countries.keys) | set(self._regions)
            names |= gaz.fuzzy_keys(FUZZY_MIN_POPULATION)
            for k in names:
                if len(k) >= FUZZY_MIN_LEN - 2 and k not in stop:
                    pool[k[0]].append(k)
            self._fuzzy_pool = dict(pool)
            blocks: dict[tuple[str, int, int], list[tuple[int, str]]] = defaultdict(list)
            for first, names_ in self._fuzzy_pool.items():
                for i, k in enumerate(names_):
                    blocks[(first, k.count(" "), len(k))].append((i, k))
            self._fuzzy_blocks = dict(blocks)
        return self._fuzzy_pool

    def _choose(self, entries: list[Entry], ask: _Ask) -> Place | None:
        """Rank candidates for one name.

        A hint restricts to that country when it has any; so does the document's context, unless the namesake
        abroad is a great city and those in context are villages. Small towns count only in a hinted or context
        country or where the caller saw the name written as a place. Countries, then named regions; a region
        loses to a town of its own country that bears the name as its own ("Baghdad", "Aleppo") and to a big
        city abroad; towns rank by own name before alternate name, then by the context's order, then population.
        """
        if not entries:
            return None
        hint, context = ask.hint, ask.context
        if hint:
            local = [e for e in entries if e.iso == hint]
            entries = local or entries
        elif context.countries:
            inside = [e for e in entries if e.iso in context.countries]
            outside = [e for e in entries if e.iso not in context.countries]
            if inside and not any(
                e.kind == "city" and e.primary and e.population >= _GREAT_CITY for e in outside
            ) or (inside and all(_small(e) or not e.primary for e in outside)):
                entries = inside
        named: set[str] = {hint} if hint else set(context.countries)
        entries = [e for e in entries if _evident(e, ask, named)]
        for kind in ("country", "region"):
            found = [e for e in entries if e.kind == kind]
            if found:
                return max(found, key=lambda e: e.population).place
        rank = context.rank

        def town_key(e: Entry) -> tuple[bool, int, bool, int]:
            # own names and their spellings first ("St Petersburg" is Saint Petersburg, not St. Petersburg,
            # Florida), then the context's order, the regions the text names, and size
            return (e.primary or e.spelling, -rank(e), (e.place.country, e.place.admin1) in context.regions,
                    e.population)  # fmt: skip

        cities = [e for e in entries if e.kind == "city"]
        admins = sorted(
            (e for e in entries if e.kind in _REGION_KINDS),
            key=lambda e: (e.kind != "admin1", rank(e), -e.population),
        )
        if admins:
            own = [c for c in cities if _namesake(c, admins[0])]
            if own:
                return max(own, key=town_key).place
        best = max(cities, key=town_key, default=None)
        if admins and (best is None or not best.primary or best.population < _BIG_CITY):
            return admins[0].place
        return best.place if best else None


def _acronym(raw: str) -> bool:
    """A short all-capitals word ("OSU", "CRPF"): an acronym, never a town's name in running text."""
    letters = [c for c in raw if c.isalpha()]
    return 0 < len(letters) <= 4 and raw.isupper() and " " not in raw.strip()


def _small(e: Entry) -> bool:
    """A village or small town; population 0 is GeoNames' "unknown", given to seats of districts (Tal Afar)."""
    return 0 < e.population < _SMALL_TOWN


def _fuzzy_comparable(query: str, name: str) -> bool:
    """Worth a fuzzy comparison: similar length, same number of words, and not one a prefix of the other
    (a derived word is not a misspelling: "Baghdadi", "Israeli", "Emirates")."""
    return (
        abs(len(name) - len(query)) <= 2
        and name.count(" ") == query.count(" ")
        and not name.startswith(query)
        and not query.startswith(name)
    )


def _evident(e: Entry, ask: _Ask, named: set[str]) -> bool:
    """Whether a candidate may stand: big towns and admin1 regions always; villages and small towns, and admin2
    regions (districts, counties), only in a country the text names, or, in a text that names no country, where
    the caller saw the name written as a place; an admin2 region never by an alternate name alone ("Christian"
    is no county), a town by a foreign alternate name only in a named country."""
    if e.kind == "admin2":
        return e.primary and (e.iso in named or (ask.small and not named))
    if e.kind == "city" and not e.primary and not e.spelling and e.population < _BIG_CITY:
        # an alternate name of a town abroad ("Gulshan", once a name of Tabas in Iran) is too weak
        return e.iso in named
    if e.kind == "city" and _small(e):
        # a village: in a country the text names; where it names none, when written as a place ("near X")
        return e.iso in named or (ask.small and not named)
    return True


def _namesake(city: Entry, admin: Entry) -> bool:
    """The city lies in the region and bears the name itself, or is the region's namesake ("New York City" for
    "New York")."""
    if city.iso != admin.iso or (city.a1 and admin.a1 and city.a1 != admin.a1):
        return False
    if city.primary:
        return True
    c, a = key(city.place.name), key(admin.place.name)
    return c == a or c.startswith(a + " ")


@lru_cache(maxsize=1)
def _default(generation: int) -> Geocoder:
    geocoder = Geocoder()
    for entry in user_places():
        geocoder.add_place(
            Place(entry.name, entry.type, None, entry.admin1, entry.lat, entry.lon,
                  precision="site" if entry.type == "facility" else "town"),
            [entry.name, *entry.aliases], population=entry.population, country=entry.country,
        )  # fmt: skip
    return geocoder
