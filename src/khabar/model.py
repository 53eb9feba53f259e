"""Plain data passed between stages.

Every stage (ingest → extract → resolve → store → query) speaks in these types, so no stage needs to import
another's internals. They hold values only; behaviour lives in the stages.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

__all__ = [
    "ENTITY_TYPES",
    "ACTOR_TYPES",
    "PLACE_TYPES",
    "EVENT_TYPES",
    "EVENT_SUBTYPES",
    "ROLES",
    "RELATION_TYPES",
    "Precision",
    "DateValue",
    "Count",
    "Place",
    "PLACE_PRECISIONS",
    "Dateline",
    "RawDocument",
    "Sentence",
    "Mention",
    "LocalEntity",
    "Participant",
    "Figure",
    "EventFact",
    "RelationFact",
    "DocFacts",
    "Relevance",
    "last_day",
    "km_between",
    "norm_name",
    "content_hash",
]

ENTITY_TYPES = ("armed_group", "person", "organization", "country", "location", "facility", "other")
ACTOR_TYPES = frozenset({"armed_group", "person"})
PLACE_TYPES = frozenset({"country", "location", "facility"})
EVENT_TYPES = (
    "attack",
    "air_strike",
    "arrest",
    "killing",
    "clash",
    "capture",
    "founding",
    "statement",
    "claim",
    "intervention",
    "execution",
    "release",
    "kidnapping",
    "other",
)
EVENT_SUBTYPES = (
    "assassination",
    "armed_assault",
    "bombing",
    "hijacking",
    "hostage_taking",
    "facility_attack",
    "unarmed_assault",
)
ROLES = ("perpetrator", "target", "victim", "agent", "authority", "claimant")
RELATION_TYPES = (
    "leader_of",
    "deputy_of",
    "member_of",
    "branch_of",
    "allegiance_to",
    "rival_of",
    "ally_of",
    "supports",
    "recruits_from",
    "hostile_to",
    "governs",
)

Precision = Literal["year", "month", "day"]

_DASHES = re.compile(r"[\u2010-\u2015\-]")


@lru_cache(maxsize=1 << 16)
def norm_name(name: str) -> str:
    """A matching key for names: case, accents, dashes, punctuation, possessive and a leading "the" folded.

    "The IS- Khorasan's" and "IS Khorasan" share a key; "al-" is kept (it is part of many names here).
    Remembered: extraction and resolution fold the same few names tens of times per document.
    """
    s = name.replace("\u2019", "'").replace("\u2018", "'")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"'s\b", "", s)
    s = _DASHES.sub(" ", s)
    s = re.sub(r"[^a-z0-9 ]", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def content_hash(text: str) -> str:
    """Identity of a document's text: re-ingesting the same text is recognised by this."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def last_day(value: str) -> date:
    """The last day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date covers ("2001-12" → 2001-12-31)."""
    y = int(value[:4])
    if len(value) >= 10:
        return date(y, int(value[5:7]), int(value[8:10]))
    if len(value) >= 7:
        m = int(value[5:7])
        nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        return nxt - timedelta(days=1)
    return date(y, 12, 31)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    la, lb = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    h = math.sin((lb - la) / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives: ``start`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    start: str
    precision: Precision
    end: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Count:
    """A casualty figure as a range: "at least 137" → (137, None), "nearly 200" → (None, 200)."""

    min: int | None
    max: int | None
    text: str = ""


# How exact a place's coordinates are: a site, a town, a district (admin2), a region (admin1 or a named region),
# or only the country. A map draws coarser placements differently.
PLACE_PRECISIONS = ("site", "town", "district", "region", "country")


@dataclass(frozen=True)
class Place:
    """A geocoded place; ``type`` is one of country/location/facility; ``precision`` one of
    :data:`PLACE_PRECISIONS` (None where unknown)."""

    name: str
    type: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str | None = None


@dataclass(frozen=True)
class Dateline:
    """Where (and maybe when) a report was filed, as its first line says: "ISLAMABAD, Pakistan (AP) —".

    ``start``/``end`` locate it in the document's text; ``place``, ``agency`` and ``date`` are as written;
    ``country`` is the country its place lies in, where the gazetteer knows it."""

    text: str
    start: int
    end: int
    place: str | None = None
    agency: str | None = None
    date: str | None = None
    country: str | None = None


@dataclass
class RawDocument:
    """One article as read from a source, before any NLP."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    byline: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    source: str | None = None
    language: str | None = None
    path: str | None = None
    dateline: Dateline | None = None  # found by extraction at the start of the text

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """One occurrence of a name in the text, pointing at a document-local entity key."""

    start: int
    end: int
    text: str
    sentence: int
    entity: str  # key into DocFacts.entities
    extractor: str


@dataclass
class LocalEntity:
    """An entity as one document knows it. ``gazetteer`` is the bundled gazetteer's key when it matched;
    the resolver uses it (and the aliases) to find the same entity across documents."""

    key: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    gazetteer: str | None = None
    place: Place | None = None
    extractor: str = ""


@dataclass
class Participant:
    role: str
    entity: str | None = None  # DocFacts.entities key
    text: str | None = None


@dataclass(frozen=True)
class Figure:
    """One casualty figure as one report states it, with who stated it.

    Reports disagree and parties exaggerate: every figure is kept, and ``claim`` marks what a party to the event
    says about its own deed ("IS said the blast killed 20"). A claim is never the event's own toll.
    """

    field: str  # killed | wounded
    count: Count
    sentence: int = -1  # index of the sentence stating it (-1: not known)
    said_by: str | None = None  # DocFacts.entities key of whoever stated it
    said_by_text: str | None = None  # who stated it, where no entity fits ("security sources", "officials")
    claim: bool = False


@dataclass
class EventFact:
    type: str
    sentences: list[int]
    extractor: str
    subtype: str | None = None
    trigger: str = ""
    date: DateValue | None = None
    place: Place | None = None
    place_entity: str | None = None
    participants: list[Participant] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    killed: Count | None = None
    wounded: Count | None = None
    figure_sentences: dict[str, int] = field(
        default_factory=dict
    )  # "killed"/"wounded" -> sentence stating it
    # figures the same report gave before its last word ("at least 60 … rose to 133 … 137"): (field, count,
    # sentence), oldest first; every one is kept, the last stated is the event's own
    superseded: list[tuple[str, Count, int]] = field(default_factory=list)
    # every figure of the event in this report, in the order stated, with its source; the store keeps each one.
    # Filled by extraction from the fields above where a finder gave none itself (see ``extract.figures``).
    figures: list[Figure] = field(default_factory=list)
    # figures the report tells as earlier ones ("initially reported four"): kept, never the event's own
    # (field, min, max, sentence); extraction only, not stored apart
    earlier: set[tuple[str, int | None, int | None, int]] = field(default_factory=set)


@dataclass
class RelationFact:
    type: str
    subject: str  # DocFacts.entities key
    object: str
    sentences: list[int]
    extractor: str
    start: DateValue | None = None
    end: DateValue | None = None
    as_of: DateValue | None = None  # "Currently X is the emir": held on the report's date


@dataclass(frozen=True)
class Relevance:
    """The relevance gate's verdict on a document: is it about armed conflict, and which cues said so.

    An irrelevant document is stored with its text and sentences, and yields no entities, events or relations.
    """

    relevant: bool
    reason: str
    cues: tuple[str, ...] = ()
    gate: str = ""  # the gate's versioned name (khabar.relevance.v1)


@dataclass
class DocFacts:
    """Everything extraction found in one document, ready to be resolved and stored in one transaction."""

    document: RawDocument
    sentences: list[Sentence] = field(default_factory=list)
    entities: dict[str, LocalEntity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # a component that failed on this document says why
    relevance: Relevance | None = None  # None: the document was not gated (every document parsed)
    # the extraction that made these facts (``extract.registry.EXTRACTION``); ``khabar reprocess`` reads it
    extractor: str = ""

    @property
    def relevant(self) -> bool:
        return self.relevance is None or self.relevance.relevant
