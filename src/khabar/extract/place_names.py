"""Is a name in the text a place? Cues the mention finder asks before it types a span as one.

The tagger calls many things GPE or LOC that are no places ("the West", a language, "Grand Slam"), and calls
towns persons; a gazetteer of every village makes more words look like towns. These predicates answer from the
words around a name: whether the text writes it as a place ("in X", "the village of X", "X district"), whether
its words are ordinary English ones, and whether a one-word person-labelled name may still be a town.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pycountry
from spacy.tokens import Doc, Span

from khabar.extract.doc_sents import token_view
from khabar.extract.places import Geocoder, PlaceContext
from khabar.extract.places_index import english_words, key
from khabar.model import Place

__all__ = [
    "LOCATIVE_WORDS",
    "SETTLEMENT_NOUNS",
    "written_as_place",
    "not_a_place_name",
    "person_may_be_place",
    "extend_to_place",
    "untagged_names",
    "glue_hyphens",
    "place_in_place",
    "settled",
    "typed_name",
]

# Words right before a name that say it is somewhere ("near Gao", "entered Goma").
LOCATIVE_WORDS = frozenset(
    {"near", "in", "at", "outside", "from", "into", "toward", "towards", "entered", "captured", "seized", "held",
     "inside", "across", "around", "nearby", "overran", "stormed"}
)  # fmt: skip
# Nouns that name a settlement or an administrative area: "the village of X", "X district".
SETTLEMENT_NOUNS = frozenset(
    {"town", "city", "village", "hamlet", "district", "province", "region", "county", "state", "governorate",
     "municipality", "lga", "area", "locality", "neighbourhood", "neighborhood", "suburb", "township", "tehsil",
     "subdistrict", "division", "department", "prefecture", "commune", "settlement", "oblast", "emirate"}
)  # fmt: skip
# Words that end the name of a place although they are ordinary English words ("Tayaran Square").
PLACE_HEADS = SETTLEMENT_NOUNS | frozenset(
    {"square", "street", "road", "avenue", "park", "bridge", "lake", "river", "valley", "hill", "hills",
     "mountain", "mountains", "forest", "island", "islands", "desert", "coast", "camp", "market", "quarter",
     "corridor", "border", "plain", "plains", "gulf", "sea", "bay", "strait", "delta", "basin", "peninsula"}
)  # fmt: skip
# Nouns that end a settlement's own name ("Allama Iqbal Town", "Garissa County").
_NAME_HEADS = frozenset({"town", "city", "village", "district", "county", "province", "neighbourhood",
                         "neighborhood", "colony", "township", "municipality", "governorate"})  # fmt: skip
# Administrative nouns that say which kind of region a name is ("the department of Meta", "Sukma district").
_ADMIN_NOUNS = frozenset({"district", "province", "state", "county", "department", "governorate", "region",
                          "prefecture", "municipality", "lga", "division", "oblast", "emirate", "tehsil"})  # fmt: skip
# A compass word alone is a direction or a bloc ("the West"), not a place.
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                      "central", "middle"})  # fmt: skip


@cache
def _languages() -> frozenset[str]:
    """Names of the major languages (ISO 639-1): "Hindi", "Urdu", "Pashto" name no place in running text."""
    return frozenset(key(lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def written_as_place(span: Span) -> bool:
    """The text writes the name as a place: after a locative word ("near Burkapal"), as the name a settlement
    noun introduces ("the village of Metele"), or before one ("Burkapal village", "Sukma district")."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in LOCATIVE_WORDS:
        return True
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in SETTLEMENT_NOUNS:
        return True
    return span.end < len(doc) and doc[span.end].lemma_.lower() in SETTLEMENT_NOUNS


def settled(span: Span) -> bool:
    """The text says the name is a settlement or an area, whatever the tagger called it: "the village of
    Metele", "Burkapal village", "Al-Sirb neighbourhood", "Allama Iqbal Town", "near Simla Pahari"."""
    doc = span.doc
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in SETTLEMENT_NOUNS:
        return root.head.head.pos_ == "NOUN"
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.is_lower and after.pos_ == "NOUN" and after.lemma_.lower() in SETTLEMENT_NOUNS:
        return True
    if len(span) > 1 and span[-1].lower_ in _NAME_HEADS and span[-1].is_title:
        return True
    # "near" a multi-word name: people are seldom "near" anyone in a report, places are
    return len(span) > 1 and span.start > 0 and doc[span.start - 1].lower_ == "near"


def typed_name(span: Span) -> str | None:
    """The name with the administrative noun the text gives it: "department of Meta", "Sukma district"."""
    doc = span.doc
    root = span.root
    noun = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
    if noun is not None and noun.lower_ in _ADMIN_NOUNS:
        # "the department of Meta" is Meta; "a district of Manbij" is a part of the town
        if not any(c.dep_ == "det" and c.lower_ in {"a", "an", "one", "another"} for c in noun.children):
            return f"{noun.lower_} of {span.text}"
        return None
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ in _ADMIN_NOUNS:
        return f"{span.text} {after.lower_}"
    return None


def not_a_place_name(text: str) -> bool:
    """A name the gazetteer does not know that cannot be a place: a compass word alone ("the West"), a
    language ("Hindi"), or ordinary English words without a place noun at the end ("Grand Slam")."""
    words = key(text).split()
    if not words:
        return True
    if len(words) == 1 and words[0] in _COMPASS:
        return True
    if " ".join(words) in _languages():
        return True
    common = english_words()
    return all(w in common or (w.endswith("s") and w[:-1] in common) for w in words) and words[-1] not in PLACE_HEADS


def person_may_be_place(span: Span, place: Place, context: PlaceContext, geocoder: Geocoder) -> bool:
    """A name the tagger calls a person is the place the gazetteer knows when the text writes it as a place,
    when it has several words ("Der Ezzour"), or when it lies in a country the document is about; a lone first
    name or surname that merely names some town abroad ("David", Panama) stays a person."""
    if written_as_place(span) or len(span) > 1 or place.type == "country":
        return True
    iso = geocoder.iso(place.country)
    return iso is not None and iso in context.countries


def extend_to_place(span: Span, geocoder: Geocoder) -> Span | None:
    """ "Autonomous Region in Muslim Mindanao", "Islamic Republic of Afghanistan": the tagger stops at the
    preposition; when the name with the capitalised words after "in"/"of" is a known place, that is the name."""
    doc = span.doc
    i = span.end
    if i + 1 >= len(doc) or doc[i].lower_ not in {"in", "of"}:
        return None
    j = i + 1
    if doc[j].lower_ == "the":
        j += 1
    end = j
    while end < len(doc) and end - j < 5 and doc[end].is_title:
        end += 1
    if end == j:
        return None
    wider = Span(doc, span.start, end, label=span.label)
    found = geocoder.lookup(wider.text, fuzzy=False)
    return wider if found is not None and found.type != "facility" else None


# Lower-case particles inside hyphenated place names: "Dasht-e-Archi", "Gulshan-i-Iqbal", "Deir ez-Zor".
_PARTICLES = frozenset({"e", "i", "al", "el", "ul", "ur", "ud", "ad", "ar", "as", "ash", "at", "az", "ez", "es",
                        "en", "an", "de", "di", "du", "la", "le", "sur", "sharif", "kalan", "khurd"})  # fmt: skip


def _glued_end(doc: Doc, end: int, taken: set[int]) -> int:
    """Where a name ending at ``end`` really ends once the hyphen-glued pieces after it are added."""
    n = len(doc)
    while (
        end + 1 < n
        and doc[end].text in {"-", "\u2010", "\u2011"}
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and (doc[end + 1].text[:1].isupper() or doc[end + 1].lower_ in _PARTICLES)
        and end + 1 not in taken
    ):
        end += 2
    if not doc[end - 1].text[:1].isupper() and not doc[end - 1].is_digit:
        end -= 2  # a trailing particle is no part of the name
    return end


def glue_hyphens(span: Span, taken: set[int]) -> Span:
    """A tagged place name cut at a hyphen ("Gulshan" of "Gulshan-i-Iqbal") made whole, and without a common
    noun the tagger took into it ("Burkapal village" is Burkapal, a village)."""
    end = _glued_end(span.doc, span.end, taken)
    if end > span.end:
        return Span(span.doc, span.start, end, label=span.label)
    last = span[-1]
    if len(span) > 1 and last.is_lower and last.lemma_.lower() in SETTLEMENT_NOUNS:
        return Span(span.doc, span.start, span.end - 1, label=span.label)
    return span


def untagged_names(doc: Doc, taken: set[int]) -> Iterator[Span]:
    """Capitalised proper nouns the tagger left untyped, each as one span with the pieces a hyphen glues to it
    ("Dasht-e-Archi" is one name, never "Dasht" and "Archi"), and runs of them ("St Petersburg Metro")."""
    i = 0
    n = len(doc)
    pos = token_view(doc).pos
    while i < n:
        if i in taken or pos[i] != "PROPN" or not doc[i].is_title:
            i += 1
            continue
        end = _glued_end(doc, i + 1, taken)
        run_end = end
        while run_end < n and run_end not in taken and doc[run_end].pos_ == "PROPN" and doc[run_end].is_title:
            run_end = _glued_end(doc, run_end + 1, taken)
        if run_end - i > 1 and run_end > end:
            yield doc[i:run_end]  # a run of several names: tried whole
        else:
            yield doc[i:end]
        i = run_end


def place_in_place(span: Span, geocoder: Geocoder) -> tuple[Span, Span] | None:
    """ "Palma in Mozambique's", "Jolo in Sulu": one tagger span over a town, "in" and the country or province
    it lies in; as two place names when the right one is a known place and the left one is a place there."""
    doc = span.doc
    at = next((t.i for t in span if t.lower_ == "in" and span.start < t.i < span.end - 1), None)
    if at is None:
        return None
    end = span.end
    while end > at + 1 and doc[end - 1].text in {"'s", "\u2019s", "'", "\u2019"}:
        end -= 1
    left, right = Span(doc, span.start, at, label="GPE"), Span(doc, at + 1, end, label="GPE")
    outer = geocoder.country(right.text) or geocoder.lookup(right.text, fuzzy=False)
    if outer is None or outer.type == "facility" or not left.text[:1].isupper():
        return None
    country = outer.country or outer.name
    inner = geocoder.lookup(left.text, country_hint=country, fuzzy=False, small=True)
    if inner is None or inner.country != country:
        return None
    return left, right
