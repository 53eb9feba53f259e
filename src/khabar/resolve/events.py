"""Event resolution: which reports, across and within documents, tell the same event.

Every event a document tells is kept as an *event report* (one row per document and event: the mention level);
resolution groups reports into events by a scored decision over the evidence a reader weighs:

- **type**: the same type, or compatible ones (a bombing told as an attack by one report and as a killing by
  another); incompatible types never join.
- **date**: the same day is strong; a month or year that contains the day supports weakly; dates that cannot be
  the same time never join. A report that gives no date is placed by its **published** date: a report of "the
  attack on X" a few days after a dated attack on X is that attack, and a report published before an event's
  date cannot be about it. Two undated reports are brought together by their publication days only when both
  say where: a group claims a deed every few days, and "X claimed the attack" alone names none of them.
- **place**: the same venue (its distinctive words: "Solban"/"al-Sulaban" by consonant skeleton) is strong, the
  same town supports, a town inside the other's region is compatible; different venues or towns count against,
  different countries never join. A place no gazetteer knows (a park or a village read as a place) matches its
  other spellings by its words ("Gulshan-e-IqbalPark" / "Gulshan-i-Iqbal") and may lie in a town of its region.
- **the event's own name** ("the Easter bombings"), **perpetrators and victims**, equal tolls.
- **the same document**: a follow-up sentence that gives neither date nor place belongs to the event just told.

``compare`` scores one pair and says why (the reasons ``khabar explain-merge`` shows). Grouping is
order-independent by construction: reports dated to a day or a few days (*anchors*) are linked where a pair
scores ``THRESHOLD`` or more, and each connected group is clustered from scratch in a canonical order (published
date, document id, position), never merging across a *cannot-link* (dates or countries that differ, a curator's
split). Every other report (undated, or dated only to a month or year) then joins its best-scoring anchor event,
or, with none, groups with the other unattached reports the same way. The result is a function of the set of
reports alone, whatever order they arrived in; the store re-decides only the groups a new report touches (see
``khabar.store.resolution``), finding candidates through ``keys``: an index of type family × place × time.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any

from rapidfuzz import fuzz

from khabar.model import km_between, last_day

__all__ = [
    "THRESHOLD",
    "WINDOW_DAYS",
    "Account",
    "EventReport",
    "Verdict",
    "family",
    "types_compatible",
    "window",
    "is_anchor",
    "published_of",
    "span_of",
    "surely_apart",
    "apart_key",
    "apart_key_of",
    "keys_apart",
    "keys",
    "compare",
    "weighed_pairs",
    "cluster",
    "best_event",
    "venue_tokens",
    "skeleton",
    "dates_overlap",
]

THRESHOLD = 2.0  # a pair that scores this much is the same event (unless something forbids it)
WINDOW_DAYS = (
    7  # an undated report is about something that happened at most this long before it was published
)
ANCHOR_DAYS = 10  # a date range up to this long still pins an event down (an anchor)
NEAR_KM = 15.0  # two places this close may be one area told two ways (a district and its city)

# Types a report may give the same event: the family decides what is compared at all, the pairs what may join.
FAMILIES = {
    "attack": "violence",
    "air_strike": "violence",
    "killing": "violence",
    "execution": "violence",
    "clash": "violence",
    "kidnapping": "violence",
}
COMPATIBLE = {
    frozenset(p)
    for p in (
        ("attack", "air_strike"),
        ("attack", "killing"),
        ("attack", "clash"),
        ("attack", "kidnapping"),
        ("attack", "execution"),
        ("killing", "air_strike"),
        ("killing", "execution"),
        ("killing", "clash"),
    )
}

# Words that name a kind of place rather than one place: "the army base", "a market" name no venue by themselves.
GENERIC_VENUE_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "al",
        "el",
        "de",
        "del",
        "la",
        "le",
        "les",
        "los",
        "las",
        "and",
        "in",
        "at",
        "on",
        "near",
        "for",
        "to",
        "our",
        "lady",
        "st",
        "saint",
        "san",
        "santa",
        "army",
        "military",
        "base",
        "camp",
        "barracks",
        "garrison",
        "post",
        "outpost",
        "checkpoint",
        "check",
        "point",
        "police",
        "station",
        "headquarters",
        "hq",
        "compound",
        "office",
        "offices",
        "building",
        "ministry",
        "department",
        "court",
        "prison",
        "jail",
        "hotel",
        "restaurant",
        "cafe",
        "market",
        "bazaar",
        "mall",
        "shop",
        "shopping",
        "centre",
        "center",
        "square",
        "park",
        "street",
        "road",
        "avenue",
        "highway",
        "bridge",
        "junction",
        "roundabout",
        "bus",
        "terminal",
        "port",
        "airport",
        "airbase",
        "air",
        "field",
        "railway",
        "train",
        "mosque",
        "church",
        "cathedral",
        "temple",
        "shrine",
        "synagogue",
        "seminary",
        "madrasa",
        "madrassa",
        "school",
        "university",
        "college",
        "academy",
        "hospital",
        "clinic",
        "stadium",
        "hall",
        "theatre",
        "theater",
        "club",
        "concert",
        "arena",
        "embassy",
        "consulate",
        "parliament",
        "palace",
        "house",
        "residence",
        "gate",
        "area",
        "district",
        "town",
        "city",
        "village",
        "province",
        "region",
        "state",
        "county",
        "neighbourhood",
        "neighborhood",
        "quarter",
        "suburb",
        "outskirts",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "main",
        "old",
        "new",
        "grand",
        "great",
        "national",
        "international",
        "public",
        "government",
        "federal",
        "local",
    ]
)


def family(type_: str) -> str:
    return FAMILIES.get(type_, type_)


# both orders of every compatible pair: asked for every pair of reports weighed, without a frozenset built each time
_COMPATIBLE_PAIRS = frozenset((a, b) for pair in COMPATIBLE for a in pair for b in pair if a != b)


def types_compatible(a: str, b: str) -> bool:
    return a == b or (a, b) in _COMPATIBLE_PAIRS


def skeleton(word: str) -> str:
    """A transliteration-proof key: the first letter and the consonants after it, doubled ones once
    ("Solban", "Sulaban" → "slbn"; "Mehsud", "Mahsud" → "mhsd")."""
    word = word.lower()
    if not word:
        return ""
    out = [word[0]]
    for ch in word[1:]:
        if ch in "aeiouyw" or not ch.isalpha():
            continue
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def venue_tokens(name: str, place_words: Iterable[str] = ()) -> tuple[str, ...]:
    """The distinctive words of a venue's name, as skeletons: what tells "Solban base" from "Khormaksar base".
    Words that name a kind of place, and the names of towns and countries around it ("Jolo Cathedral"), are not
    distinctive; a name's words run together are one more key, for the same name written without its spaces."""
    words = [part for w in re.findall(r"[a-z0-9]+", name.lower().replace("mt ", "mount ")) for part in _unglue(w)]
    places = {w for p in place_words for w in re.findall(r"[a-z0-9]+", p.lower())}
    own = [w for w in words if len(w) > 2 and w not in GENERIC_VENUE_WORDS and w not in places]
    out = {skeleton(w) for w in own}
    if len(own) > 1:  # "Moti Bagh" is "MotiBagh" with its space lost
        out.add(skeleton("".join(own)))
    return tuple(sorted(s for s in out if len(s) >= 2))


_GLUED = sorted((w for w in GENERIC_VENUE_WORDS if len(w) >= 4), key=len, reverse=True)


def _unglue(word: str) -> tuple[str, ...]:
    """A name run together with its kind of place ("IqbalPark", "Centralstation") as its two words."""
    for g in _GLUED:
        if word.endswith(g) and len(word) - len(g) >= 5:
            return word[: -len(g)], g
    return (word,)


class Account:
    """What a report tells of its event, apart from where it is told (``EventReport.account``), hashed once: the
    verdicts between reports of two documents are remembered by their accounts."""

    __slots__ = ("values", "_hash")

    def __init__(self, values: tuple[Any, ...]) -> None:
        self.values = values
        self._hash = hash(values)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not Account:
            return NotImplemented
        return self._hash == other._hash and self.values == other.values

    def __repr__(self) -> str:
        return f"Account{self.values!r}"


@dataclass(frozen=True, eq=False)
class EventReport:
    """One document's account of one event, with just what resolution weighs. ``id`` is bookkeeping (the
    row): no decision reads it."""

    id: int
    document: str
    ordinal: int  # position among the document's events
    type: str
    sentences: tuple[int, ...] = ()  # sentence indexes in the document
    subtype: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    published: str | None = None
    place_name: str | None = None
    place_type: str | None = None  # facility | location | country
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    venue: tuple[str, ...] = ()  # venue_tokens of the venue's name
    name: str | None = None  # the event's own name, normalised ("easter bombings")
    perpetrators: frozenset[str] = frozenset()  # stable entity keys: "type|g:gazetteer key" or "type|n:name"
    elders: frozenset[str] = frozenset()  # "g:ttp": groups its perpetrators are branches of (gazetteer parents)
    victims: frozenset[str] = frozenset()
    killed: tuple[int, ...] = ()  # the killed figures it states (their min or max), for weak support
    forced: bool = False  # a curator tied it to another report: it clusters with the anchors
    local: bool = False  # the place is a name no gazetteer places (a park, a quarter, a village): its coordinates
    # are only those of what is around it; ``venue`` holds its name's words, to match its spellings

    def __post_init__(self) -> None:
        # hashed once: resolution remembers verdicts by pairs of reports, looked up thousands of times a document
        values = _report_values(self)
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_hash", hash(values))
        # its days and whether it anchors, read once: every pair weighed and every pass of resolution asks
        span = _days(self.date_start, self.date_end) if self.date_start else None
        anchor = self.forced or (span is not None and (span[1] - span[0]).days <= ANCHOR_DAYS)
        object.__setattr__(self, "_span", span)
        object.__setattr__(self, "_anchor", anchor)
        # all but its bookkeeping and its place in its document (id, document, ordinal, sentences)
        object.__setattr__(self, "_account", Account(values[3:4] + values[5:]))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        # the values kept from hashing compared at once (a report read again is equal, not the same object)
        if self is other:
            return True
        if other.__class__ is not EventReport:
            return NotImplemented
        return self._hash == other._hash and self._values == other._values  # type: ignore[attr-defined]

    @property
    def order(self) -> tuple[str, str, int]:
        """The canonical order: published date (undated documents last), document id, position."""
        return (self.published or "9999-99-99", self.document, self.ordinal)

    @property
    def account(self) -> Account:
        """What ``compare`` reads of this report when the other report is another document's: everything but its
        row id, its document and where in it the event is told. Reports with one account (a wire story reprinted
        by many outlets, a paragraph reused) weigh alike against every report of any third document."""
        return self._account  # type: ignore[attr-defined]

    @property
    def town(self) -> str | None:
        return _norm(self.place_name) if self.place_type == "location" else None


# the values of a report's fields, in order, read by one call (``dataclasses.fields`` builds its tuple at every call,
# and resolution makes thousands of reports a document in a dense store)
_report_values = attrgetter(*(f.name for f in fields(EventReport)))


@lru_cache(maxsize=65536)
def _norm(s: str | None) -> str | None:
    """Lower-case words of a name (place, country) as compared; remembered, as every pair weighed reads them."""
    if not s:
        return None
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip() or None


# -- time ------------------------------------------------------------------------------------------------------


def _first_day(s: str) -> date:
    y = int(s[:4])
    m = int(s[5:7]) if len(s) >= 7 else 1
    d = int(s[8:10]) if len(s) >= 10 else 1
    return date(y, m, d)




def _span(r: EventReport) -> tuple[date, date] | None:
    """The days the report's own date covers (a month covers all its days), or None when it gives none."""
    return r._span  # type: ignore[attr-defined]


@lru_cache(maxsize=65536)
def _days(start: str, end: str | None) -> tuple[date, date] | None:
    """``_span`` of a date, remembered: every pair weighed reads both reports' days."""
    try:
        return _first_day(start), last_day(end or start)
    except ValueError:
        return None


def span_of(r: EventReport) -> tuple[date, date] | None:
    """The first and last day the report's own date covers (None: undated, or a date that does not parse)."""
    return _span(r)


def published_of(r: EventReport) -> date | None:
    """The first day of the report's document's publication date (None: unknown or does not parse)."""
    return _published(r)


def _published(r: EventReport) -> date | None:
    return _day(r.published) if r.published else None


@lru_cache(maxsize=65536)
def _day(s: str) -> date | None:
    try:
        return _first_day(s)
    except ValueError:
        return None


def window(r: EventReport) -> tuple[date, date] | None:
    """When the event can have happened: its own date, or for an undated report the days before publication."""
    span = _span(r)
    if span is not None:
        return span
    pub = _published(r)
    if pub is None:
        return None
    return pub - timedelta(days=WINDOW_DAYS), pub


def is_anchor(r: EventReport) -> bool:
    """Dated to a day or a few days (or tied by a curator): such reports decide the events; the others join them."""
    return r._anchor  # type: ignore[attr-defined]


def dates_overlap(a_start: str | None, a_end: str | None, b_start: str | None, b_end: str | None) -> bool:
    """Whether two dates at any precision can denote the same time ("2024-03" and "2024-03-22" can)."""
    if not a_start or not b_start:
        return True
    k = min(len(a_start), len(b_start))
    return a_start[:k] <= (b_end or b_start)[:k] and b_start[:k] <= (a_end or a_start)[:k]


# -- candidate keys -------------------------------------------------------------------------------------------


def keys(r: EventReport) -> set[str]:
    """The index keys under which ``r`` is filed; two reports are compared when they share one (or a document,
    or a curator's link). Each key is family × place × time, so a block holds the events of one place and day or
    month, not the store: country by day, town and region by month, venue and name at any time."""
    fam = family(r.type)
    out: set[str] = set()
    win = window(r)
    if win is not None and (win[1] - win[0]).days <= ANCHOR_DAYS:
        days = [win[0] + timedelta(days=i) for i in range((win[1] - win[0]).days + 1)]
        for d in days:
            if r.country:
                out.add(f"{fam}|c:{_norm(r.country)}|{d.isoformat()}")
            for p in sorted(r.perpetrators):
                out.add(f"{fam}|p:{p.split('|', 1)[-1]}|{d.isoformat()}")
    if win is not None and (win[1] - win[0]).days <= 62:
        months = {win[0].isoformat()[:7], win[1].isoformat()[:7]}
        places = {r.town, _norm(r.admin1)} | ({f"~{tok}" for tok in r.venue} if r.local else set())
        for place in places - {None}:
            for m in months:
                out.add(f"{fam}|t:{place}|{m}")
    country = _norm(r.country) or "?"
    for tok in () if r.local else r.venue:  # a name no gazetteer knows is filed as a town is, by month
        out.add(f"{fam}|v:{tok}|{country}")
    if r.name:
        out.add(f"{fam}|n:{r.name}")
    return {k[:255] for k in out}


# -- the pairwise decision --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """How two reports compare: ``score`` (the same event at ``THRESHOLD`` or more), ``cannot`` (a reason they can
    never be one event, or None), and every reason that went into the score, for people to read."""

    score: float
    cannot: str | None
    reasons: tuple[str, ...] = ()

    @property
    def same(self) -> bool:
        return self.cannot is None and self.score >= THRESHOLD


def _venue_match(a: Sequence[str], b: Sequence[str]) -> bool:
    if set(a) & set(b):
        return True
    return any(fuzz.ratio(x, y) >= 85 for x in a for y in b if min(len(x), len(y)) >= 4)


def _date_evidence(a: EventReport, b: EventReport, why: list[str]) -> tuple[float, str | None]:
    sa, sb = _span(a), _span(b)
    if sa and sb:
        if sa[1] < sb[0] or sb[1] < sa[0]:
            return 0.0, f"dates differ ({a.date_start} / {b.date_start})"
        if is_anchor(a) and is_anchor(b):
            if sa == sb:
                why.append(f"same day {a.date_start} +2.0")
                return 2.0, None
            why.append("overlapping days +1.0")
            return 1.0, None
        wide = max((sa[1] - sa[0]).days, (sb[1] - sb[0]).days)
        value = 0.5 if wide <= 31 else 0.2
        why.append(f"date within {'the month' if wide <= 31 else 'the year'} +{value}")
        return value, None
    if a.document == b.document:
        return 0.0, None  # one report's publication date tells none of its events from another
    dated, undated = (a, b) if sa else (b, a)
    span = sa or sb
    pub = _published(undated)
    if span and pub:
        if pub < span[0]:
            return 0.0, f"reported ({undated.published}) before it happened ({dated.date_start})"
        lag = (pub - span[1]).days
        if lag <= 2:
            why.append(f"undated report published {lag} days after +1.0")
            return 1.0, None
        if lag <= WINDOW_DAYS:
            why.append(f"undated report published {lag} days after +0.6")
            return 0.6, None
        if lag <= 31:  # weeks later, "the attack" needs its venue or name to be this one
            why.append(f"undated report published {lag} days after -0.3")
            return -0.3, None
        why.append(f"undated report published {lag} days after -1.0")
        return -1.0, None
    pa, pb = _published(a), _published(b)
    if not span and pa and pb:
        gap = abs((pa - pb).days)
        if not (a.place_name and b.place_name):
            # "IS claimed the attack" in two reports a few days apart: a group acts every few days, so without a
            # place the days they came out tell nothing (and such reports would chain one group's deeds for years)
            why.append(f"undated reports {gap} days apart, not both with a place +0")
            return 0.0, None
        if gap <= 2:
            why.append(f"undated reports {gap} days apart +0.6")
            return 0.6, None
        if gap <= WINDOW_DAYS:
            why.append(f"undated reports {gap} days apart +0.3")
            return 0.3, None
    return 0.0, None


def _place_evidence(a: EventReport, b: EventReport, why: list[str]) -> tuple[float, str | None]:
    ca, cb = _norm(a.country), _norm(b.country)
    if ca and cb and ca != cb:
        return 0.0, f"different countries ({a.country} / {b.country})"
    score = 0.0
    va, vb = (() if a.local else a.venue), (() if b.local else b.venue)
    if va and vb:
        if _venue_match(va, vb):
            why.append(f"same venue ({a.place_name} / {b.place_name}) +2.0")
            score += 2.0
        else:
            why.append(f"different venues ({a.place_name} / {b.place_name}) -1.5")
            score -= 1.5
    ta, tb = a.town, b.town
    ra, rb = _norm(a.admin1), _norm(b.admin1)
    if ta and tb:
        wa, wb = ta.split(), tb.split()
        if ta == tb or skeleton(ta.replace(" ", "")) == skeleton(tb.replace(" ", "")):
            why.append(f"same town ({a.place_name}) +1.0")
            score += 1.0
        elif a.local and b.local and _venue_match(a.venue, b.venue):  # "Gulshan-e-IqbalPark" / "Gulshan-i-Iqbal"
            why.append(f"one place spelt two ways ({a.place_name} / {b.place_name}) +1.0")
            score += 1.0
        elif wa[: len(wb)] == wb or wb[: len(wa)] == wa:  # "Gulshan" / "Gulshan-i-Iqbal"
            why.append(f"one place named more fully ({a.place_name} / {b.place_name}) +0.8")
            score += 0.8
        elif ta == rb or tb == ra:
            why.append(f"a town in the other's region ({a.place_name} / {b.place_name}) +0.3")
            score += 0.3
        elif a.local != b.local and ra and ra == rb:  # a park no gazetteer knows may well lie in that town
            why.append(f"a place no gazetteer knows, in the other's region ({a.place_name} / {b.place_name}) +0.3")
            score += 0.3
        elif not (a.local or b.local) and (km := _km(a, b)) is not None and km <= NEAR_KM:  # a district, a suburb
            why.append(f"places {km:.0f} km apart ({a.place_name} / {b.place_name}) +0.5")
            score += 0.5
        elif ra and ra == rb:
            why.append(f"different towns of one region ({a.place_name} / {b.place_name}) -1.0")
            score -= 1.0
        else:
            why.append(f"different towns ({a.place_name} / {b.place_name}) -1.5")
            score -= 1.5
    elif (ta or ra) and (tb or rb):
        la, lb = {ta, ra} - {None}, {tb, rb} - {None}
        if la & lb:
            why.append("same region +0.5")
            score += 0.5
        elif ra and rb and ra != rb:
            why.append(f"different regions ({a.admin1} / {b.admin1}) -1.0")
            score -= 1.0
    elif (va and not vb and tb and not ta) or (vb and not va and ta and not tb):
        why.append(f"a venue beside a town ({a.place_name} / {b.place_name}) +0.3")
        score += 0.3
    elif ca and ca == cb and not (va and vb):
        why.append(f"same country ({a.country}) +0.2")
        score += 0.2
    return score, None


def _km(a: EventReport, b: EventReport) -> float | None:
    """Great-circle distance between two reports' places, where both have coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return km_between(a.lat, a.lon, b.lat, b.lon)


def _dated_lede(lede: EventReport, then: EventReport) -> bool:
    """A report opens with the deed it is about and dates it further down ("X said the attack on a market in
    Quetta ..." then "... when a bomb went off on Friday morning"): the undated first account of the report's
    first sentence and the dated account told right after it, of the same kind."""
    return (
        lede.ordinal == 0
        and then.ordinal == 1
        and lede.sentences == (0,)
        and lede.date_start is None
        and is_anchor(then)
        and lede.type == then.type
        and (lede.subtype is None or then.subtype is None or lede.subtype == then.subtype)
    )


@lru_cache(maxsize=4096)
def _refs(keys: frozenset[str]) -> frozenset[str]:
    """Entity keys without their type ("armed_group|g:ttp" → "g:ttp"); remembered, as the same perpetrators are
    weighed against many reports."""
    return frozenset(k.partition("|")[2] for k in keys)


def _people(keys: Iterable[str | None]) -> set[str]:
    return {k for k in keys if k and k.startswith("person|")}


def surely_apart(a: EventReport, b: EventReport) -> bool:
    """Whether ``compare(a, b)`` has a ``cannot`` for certain, read from the few fields its cannot rules read (types
    that never go together, days apart, an undated report published before the other's date, different
    countries): such a pair never links nor makes a candidate, so resolution need not load it. It may say False
    of a pair ``compare`` rules out (venues, targets...), never True of one it does not."""
    return keys_apart(apart_key(a), apart_key(b), a.document == b.document)


ApartKey = tuple[str, str | None, tuple[date, date] | None, date | None]


def apart_key(r: EventReport) -> ApartKey:
    """What ``surely_apart`` reads of a report besides its document: many reports share one (the same event
    re-told), so resolution weighs a key against a key once, not every pair of reports."""
    return apart_key_of(r.type, r.country, r.date_start, r.date_end, r.published)


def apart_key_of(
    type_: str, country: str | None, date_start: str | None, date_end: str | None, published: str | None
) -> ApartKey:
    """``apart_key`` from a stored report's columns (without building the report)."""
    return (
        type_,
        _norm(country),
        _days(date_start, date_end) if date_start else None,
        _day(published) if published else None,
    )


def keys_apart(a: ApartKey, b: ApartKey, same_document: bool = False) -> bool:
    """``surely_apart`` of two reports by their ``apart_key`` (and whether one document tells both)."""
    type_a, country_a, sa, pub_a = a
    type_b, country_b, sb, pub_b = b
    if not types_compatible(type_a, type_b):
        return True
    if country_a and country_b and country_a != country_b:
        return True
    if sa and sb:
        return sa[1] < sb[0] or sb[1] < sa[0]
    if same_document or not (sa or sb):
        return False
    span = sa or sb
    pub = pub_b if sa else pub_a
    return span is not None and pub is not None and pub < span[0]


def compare(a: EventReport, b: EventReport) -> Verdict:
    """Whether ``a`` and ``b`` tell one event: a pure function of the two reports (so any order gives the same)."""
    why: list[str] = []
    if not types_compatible(a.type, b.type):
        return Verdict(0.0, f"types {a.type} / {b.type} do not go together")
    score = 1.0 if a.type == b.type else 0.3
    why.append(f"type {a.type} +1.0" if a.type == b.type else f"types {a.type} / {b.type} compatible +0.3")
    if a.subtype and b.subtype and a.subtype != b.subtype:
        why.append(f"subtypes {a.subtype} / {b.subtype} -0.5")
        score -= 0.5
    d, cannot = _date_evidence(a, b, why)
    if cannot:
        return Verdict(0.0, cannot, tuple(why))
    score += d
    p, cannot = _place_evidence(a, b, why)
    if cannot:
        return Verdict(0.0, cannot, tuple(why))
    score += p
    if a.name is not None and b.name is not None:  # the events' own names ("the Easter bombings")
        if a.name == b.name:
            why.append("the same name +2.5")
            score += 2.5
        else:
            why.append("not the same name -1.0")
            score -= 1.0
    for same, mine, theirs, plus, minus in (
        ("the same perpetrator", a.perpetrators, b.perpetrators, 0.8, -0.5),
        # two victims named apart in one report are two deeds ("X was killed in a strike, Y in another")
        ("the same victim or target", a.victims, b.victims, 0.5, -2.0 if a.document == b.document else -1.0),
    ):
        if mine & theirs:
            why.append(f"{same} +{plus}")
            score += plus
        elif same.endswith("perpetrator") and (_refs(a.perpetrators) & b.elders or _refs(b.perpetrators) & a.elders):
            why.append("a group and its branch +0.3")  # TTP named by one report, its splinter by another
            score += 0.3
        elif same.endswith("target") and not (_people(mine) and _people(theirs)):
            continue  # a group targeted and a man killed: he may be one of them; only people named apart count
        elif mine and theirs:
            why.append(f"not {same} {minus}")
            score += minus
    if set(a.killed) & set(b.killed) - {0, 1, 2, 3, 4}:
        why.append("same toll +0.3")
        score += 0.3
    if a.document == b.document:
        gap = min((abs(x - y) for x in a.sentences for y in b.sentences), default=99)

        def bare(r: EventReport) -> bool:  # "At least 40 people were killed": nothing of its own
            return r.date_start is None and r.place_name is None and not r.perpetrators and not r.victims

        if gap == 0:
            why.append("told in the same sentence +1.0")
            score += 1.0
        elif gap <= 2 and abs(a.ordinal - b.ordinal) == 1 and (bare(a) or bare(b)):
            why.append("a follow-up of the event just told +1.8")
            score += 1.8
        elif gap <= 2 and (bare(a) or bare(b)):
            why.append("a follow-up in the same report +0.7")
            score += 0.7
        elif p >= 0 and (_dated_lede(a, b) or _dated_lede(b, a)):
            why.append("the report's opening deed, dated by its next account +1.0")
            score += 1.0
        else:
            why.append("told apart in the same report -0.5")
            score -= 0.5
    return Verdict(round(score, 3), None, tuple(why))


# -- grouping ---------------------------------------------------------------------------------------------------


def weighed_pairs(
    rs: Sequence[EventReport],
    must: Iterable[tuple[int, int]],
    cannot: Iterable[tuple[int, int]],
    judge: Callable[[EventReport, EventReport], Verdict],
) -> tuple[set[tuple[int, int]], set[tuple[int, int]], dict[tuple[int, int], float]]:
    """What ``cluster`` merges by, for reports in canonical order, as pairs of their positions ``(i, j)``, i < j:
    the pairs a curator tied (``must``, report ids), those that may never join (a curator's split or a cannot-link
    verdict) and the score of every pair that may join and scores ``THRESHOLD`` (a tie: infinity)."""
    idx = {r.id: i for i, r in enumerate(rs)}

    def pair(a: int, b: int) -> tuple[int, int] | None:
        if a not in idx or b not in idx or a == b:
            return None
        i, j = idx[a], idx[b]
        return (min(i, j), max(i, j))

    forced = {p for a, b in must if (p := pair(a, b)) is not None}
    forbid = {p for a, b in cannot if (p := pair(a, b)) is not None} - forced
    score: dict[tuple[int, int], float] = {p: float("inf") for p in forced}
    for i in range(len(rs)):
        for j in range(i + 1, len(rs)):
            if (i, j) in forced or (i, j) in forbid:
                continue
            v = judge(rs[i], rs[j])
            if v.cannot:
                forbid.add((i, j))
            elif v.score >= THRESHOLD:
                score[(i, j)] = v.score
    return forced, forbid, score


def cluster(
    reports: Sequence[EventReport],
    must: Iterable[tuple[int, int]] = (),
    cannot: Iterable[tuple[int, int]] = (),
    verdict: Callable[[EventReport, EventReport], Verdict] | None = None,
) -> list[list[EventReport]]:
    """Agglomerative clustering of ``reports`` in canonical order: repeatedly join the two groups with the
    best-scoring pair (single link), never across a cannot-link; a curator's ``must`` pairs (report ids) join
    first and override what would forbid them, ``cannot`` pairs never join. Ties break by the canonical order,
    so the result depends on the set of reports alone. Groups come out in canonical order of their first report.
    ``verdict`` is ``compare`` or a cache of it."""
    rs = sorted(reports, key=lambda r: r.order)
    n = len(rs)
    forced, forbid, score = weighed_pairs(rs, must, cannot, verdict or compare)
    parent = list(range(n))
    # for each group (by its root), the other groups one of whose members it may never join: a group's members
    # are never asked pair by pair again (a merge unites the two sets and renames the merged group in the others)
    apart: dict[int, set[int]] = {i: set() for i in range(n)}
    for i, j in forbid:
        apart[i].add(j)
        apart[j].add(i)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    heap = [(-s, i, j) for (i, j), s in score.items()]
    heapq.heapify(heap)
    while heap:
        _s, i, j = heapq.heappop(heap)
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        if (i, j) not in forced and rj in apart[ri]:
            continue
        keep, gone = min(ri, rj), max(ri, rj)
        parent[gone] = keep
        others = apart.pop(gone)
        for x in others:
            apart[x].discard(gone)
            apart[x].add(keep)
        apart[keep] |= others
        apart[keep] -= {keep, gone}  # a curator's tie may join groups held apart: within one, nothing is apart
    groups: dict[int, list[EventReport]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(rs[i])
    return [groups[k] for k in sorted(groups)]


@dataclass
class Choice:
    """Where an unattached report goes: the index of the chosen event among the candidates, and why."""

    index: int | None
    score: float = 0.0
    reasons: tuple[str, ...] = field(default_factory=tuple)


def best_event(
    report: EventReport,
    events: Sequence[Sequence[EventReport]],
    must: Iterable[int] = (),
    cannot: Iterable[int] = (),
    verdict: Callable[[EventReport, EventReport], Verdict] | None = None,
) -> Choice:
    """The event (a group of reports) that ``report`` tells, if any scores ``THRESHOLD``: its best pair with a
    member counts, and a cannot-link with any member rules the event out. ``must``/``cannot`` are ids of reports
    a curator tied ``report`` to or split it from. Ties go to the event whose first report comes first."""
    judge = verdict or compare
    must_ids, cannot_ids = set(must), set(cannot)
    best: tuple[float, tuple[str, str, int], int, tuple[str, ...]] | None = None
    for k, members in enumerate(events):
        if any(m.id in must_ids for m in members):
            return Choice(k, float("inf"), ("tied by a curator",))
        if any(m.id in cannot_ids for m in members):
            continue
        top: tuple[float, tuple[str, ...]] | None = None
        ruled_out = False
        for m in members:
            v = judge(report, m)
            if v.cannot:
                ruled_out = True
                break
            if top is None or v.score > top[0]:
                top = (v.score, v.reasons)
        if ruled_out or top is None or top[0] < THRESHOLD:
            continue
        first = min(m.order for m in members)
        cand = (top[0], first, k, top[1])
        if best is None or cand[0] > best[0] or (cand[0] == best[0] and cand[1] < best[1]):
            best = cand
    if best is None:
        return Choice(None)
    return Choice(best[2], best[0], best[3])
