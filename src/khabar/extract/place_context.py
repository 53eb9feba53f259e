"""What a document says about where it is, gathered before its place names are resolved.

A name shared by towns in several countries ("Buenos Aires", "Palma", a village in Idlib that also names a
Chinese town) means the one in the country the report is about. That country shows in the text: countries named
("Syria"), nationality words ("Iraqi", "Kenyan troops", "Afghan forces"), the dateline ("ISLAMABAD, Pakistan -"),
and places that can only be in one country (provinces, big cities). :func:`document_context` counts them into a
:class:`~khabar.extract.places.PlaceContext` that the geocoder uses to pick among namesakes.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Doc, Token

from khabar.extract.doc_sents import entities, token_view
from khabar.extract.gazetteer import Gazetteer
from khabar.extract.places import Geocoder, PlaceContext
from khabar.model import Place

__all__ = ["document_context", "add_place", "across_border", "beyond_border", "CONTEXT_KEY", "dominant_country"]

# Where the mention finder leaves a document's context for the event finder (``doc.user_data``).
CONTEXT_KEY = "khabar_place_context"

# How much each kind of evidence counts towards a country.
_COUNTRY_NAMED = 3
_DEMONYM = 2
_PLACE_IN = 2
_DATELINE = 2
_GROUP = 1.5
_IN_NAME = 1
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Places unambiguous enough to tell the country: regions and towns of this size.
_STRONG_TOWN = 100_000
# A nationality word tells where things happen when it qualifies a state's arm ("Indian air base", "Turkish
# authorities", "Kenyan troops"); about a person ("a Syrian refugee", "a Somali student") it tells
# nothing of the place.
_STATE_NOUNS = frozenset(
    {"police", "army", "troops", "forces", "force", "authorities", "officials", "official", "government",
     "military", "soldiers", "security", "president", "minister", "ministry", "prime", "navy", "base", "media",
     "capital", "province", "state", "city", "town", "village", "border", "territory", "parliament", "court",
     "sources", "intelligence", "embassy", "consulate", "air", "airport", "jets", "warplanes", "gendarmerie"}
)  # fmt: skip
_PERSON_NOUNS = frozenset(
    {"national", "nationals", "refugee", "refugees", "asylum", "citizen", "citizens", "man", "woman", "men",
     "women", "student", "students", "tourist", "tourists", "worker", "workers", "migrant", "migrants", "origin",
     "descent", "immigrant", "immigrants", "expatriate", "expatriates", "passport", "born", "teenager", "boy",
     "girl", "resident", "residents", "takfiri", "jihadist", "national's"}
)  # fmt: skip

def add_place(countries: dict[str, float], regions: set[tuple[str, str]], geocoder: Geocoder, place: Place,
              weight: float) -> None:  # fmt: skip
    """Count a resolved place's country (and admin1 region) as evidence."""
    iso = geocoder.iso(place.country or (place.name if place.type == "country" else None))
    if iso is None:
        return
    countries[iso] += weight
    if place.admin1 and place.country:
        regions.add((place.country, place.admin1))


BORDER_NOUNS = frozenset({"border", "borders", "frontier", "boundary"})
BORDER_VERBS = frozenset({"border", "neighbour", "neighbor", "adjoin", "abut"})


def across_border(t: Token) -> bool:
    """ "near the border with Mali", "the frontier between X and Y", "near the Kenya border", "the Syrian
    border": the neighbour named is not the place."""
    if t.dep_ in {"compound", "amod", "nmod"} and t.head.lower_ in BORDER_NOUNS:
        return True
    if t.dep_ == "dobj" and t.head.pos_ == "VERB" and t.head.lemma_.lower() in BORDER_VERBS:
        return True  # "a district bordering Iran", "the province that borders Chad"
    return t.dep_ == "prep" and t.lower_ in {"with", "between"} and t.head.lower_ in BORDER_NOUNS


def beyond_border(t: Token) -> bool:
    """Whether a token names, or stands inside, the other side of a border ("Niger" in "near the border with
    Niger", "Kenya" in "near the Kenya border")."""
    return across_border(t) or any(across_border(a) for a in t.ancestors)


def document_context(doc: Doc, geocoder: Geocoder, dateline: Place | None = None) -> PlaceContext:
    """The countries a parsed document is about, most evident first, and the admin1 regions it names."""
    countries: dict[str, float] = defaultdict(float)
    regions: set[tuple[str, str]] = set()
    first: dict[str, int] = {}
    seen: set[int] = set()
    for ent in entities(doc):
        text = ent.text
        seen.update(range(ent.start, ent.end))
        if ent.label_ == "NORP":
            for tok in ent:
                found = geocoder.country_of_demonym(tok.text)
                if found is not None:
                    add_place(countries, regions, geocoder, found, _demonym_weight(tok))
            continue
        if ent.label_ not in _PLACE_LABELS or beyond_border(ent.root):
            continue  # "near the border with Niger", "the Kenya border": the neighbour is not what it is about
        country = geocoder.country(text)
        if country is not None:
            add_place(countries, regions, geocoder, country, _COUNTRY_NAMED)
        else:
            place = _strong_place(geocoder, text)
            if place is not None:
                add_place(countries, regions, geocoder, place, _PLACE_IN)
        for iso in countries:
            first.setdefault(iso, ent.start)
    view = token_view(doc)
    for i, pos in enumerate(view.pos):
        # "Kenyan troops", "the Iraqi prime minister": nationality adjectives the tagger left untyped
        if i in seen or pos not in {"ADJ", "PROPN", "NOUN"}:
            continue
        tok = view.tokens[i]
        if not tok.is_title:
            continue
        found = geocoder.country_of_demonym(tok.text)  # a word look-up, before the walk up its ancestors
        if found is not None and not beyond_border(tok):
            add_place(countries, regions, geocoder, found, _demonym_weight(tok))
            named = geocoder.iso(found.name)
            if named:
                first.setdefault(named, tok.i)
    for span in doc._.khabar_gazetteer_spans or ():
        # an armed group that fights in one country ("Naxalites", "al-Shabaab") hints at it, faintly
        home = _group_country(span.label_, geocoder)
        if home is not None:
            countries[home] += _GROUP
            first.setdefault(home, span.start)
    for ent in entities(doc):
        # "an office of the Central Bank of Nigeria": a country inside a name, faintly
        if ent.label_ in {"ORG", "FAC"}:
            for tok in ent:
                if tok.is_title and tok.i > ent.start and doc[tok.i - 1].lower_ in {"of", "the"}:
                    found = geocoder.country(doc[tok.i : ent.end].text)
                    if found is not None:
                        add_place(countries, regions, geocoder, found, _IN_NAME)
                        break
    if dateline is not None:
        add_place(countries, regions, geocoder, dateline, _DATELINE)
    ordered = sorted((c for c in countries if countries[c] > 0),
                     key=lambda iso: (-countries[iso], first.get(iso, len(doc))))  # fmt: skip
    context = PlaceContext(tuple(ordered), frozenset(regions), tuple(countries[c] for c in ordered))
    doc.user_data[CONTEXT_KEY] = context
    return context


def _group_country(key: str, geocoder: Geocoder) -> str | None:
    """The country of a gazetteer group that fights in one country: none for a group with branches abroad
    (the Islamic State's provinces) or with no country."""
    gazetteer = Gazetteer.load()
    entry = gazetteer.get(key)
    if entry is None or entry.type != "armed_group" or not entry.country:
        return None
    iso = geocoder.iso(entry.country)
    if iso is None or any(geocoder.iso(c.country) not in {None, iso} for c in gazetteer.children(key) if c.country):
        return None
    return iso


def _demonym_weight(tok: Token) -> float:
    """How much a nationality word says about where the story is: a state's arm, much; a person, nothing."""
    head = tok.head if tok.dep_ in {"amod", "compound", "nmod"} else tok
    nouns = {head.lower_, *(c.lower_ for c in head.children if c.dep_ == "compound")}
    if tok.i + 1 < len(tok.doc):
        nouns.add(tok.doc[tok.i + 1].lower_)
    if nouns & _PERSON_NOUNS:
        return 0
    if nouns & _STATE_NOUNS:
        return _DEMONYM
    return 1


def dominant_country(doc: Doc) -> str | None:
    """The one country a document is clearly about (ISO alpha-2): named or implied more than any other, by
    a state's arm or a place at least; None when it ranges over several alike."""
    context = doc.user_data.get(CONTEXT_KEY)
    if not isinstance(context, PlaceContext) or not context.countries:
        return None
    weights = context.weights
    if weights[0] <= sum(weights[1:]):
        return None  # no country has most of the evidence: the report ranges over several
    return context.countries[0]


def _strong_place(geocoder: Geocoder, text: str) -> Place | None:
    """The place a name means when it can mean only one: an admin1 region, a named region inside one country,
    or a town of 100,000+ people with no namesake of that size elsewhere."""
    candidates = geocoder.candidates(text)
    place = geocoder.lookup(text, fuzzy=False)
    if place is None or not place.country:
        return None
    if not candidates:
        return place  # a named region inside one country ("North Waziristan"), or a typed one ("Kunar province")
    big = {e.iso for e in candidates if e.primary and (e.kind == "admin1" or e.population >= _STRONG_TOWN)}
    return place if len(big) == 1 and geocoder.iso(place.country) in big else None
