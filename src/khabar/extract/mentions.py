"""Typed entity mentions and their grouping into document-local entities.

Gazetteer matches win over the statistical NER (which calls "Lashkar-e-Taiba" a person); NER spans are typed
with the geocoder and a few head-noun rules; credit lines and byline names never become entities. Mentions of
one entity (gazetteer key, acronym defined in the text, surname of a full name, spelling variant of a place)
share one local key, so events and relations can point at entities rather than strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from khabar.extract.actor_types import cues as actor_cues
from khabar.extract.datelines import read_dateline
from khabar.extract.dates import is_date_expression
from khabar.extract.doc_sents import doc_text, entities, sentences, token_view
from khabar.extract.gazetteer import Gazetteer
from khabar.extract.lexicon import ATTACKER_NOUNS, COMMUNITY_WORDS, HUMAN_NOUNS
from khabar.extract.names import (
    TITLES,
    acronym_matches,
    credit_regions,
    looks_like_person,
    name_tokens,
    one_word_name,
    person_variant_of,
)
from khabar.extract.place_context import document_context
from khabar.extract.place_names import (
    extend_to_place,
    glue_hyphens,
    not_a_place_name,
    person_may_be_place,
    place_in_place,
    settled,
    typed_name,
    untagged_names,
    written_as_place,
)
from khabar.extract.places import NO_CONTEXT, Geocoder, PlaceContext, facility_kind
from khabar.extract.registry import MENTIONS
from khabar.model import DocFacts, LocalEntity, Mention, Place, Sentence, norm_name

__all__ = ["MentionFinder", "sentences_of"]

# Head nouns that make an ORG an armed group ("Kurdish militias", "Free Syrian Army").
ARMED_HEADS = frozenset(
    [
        "militia",
        "militias",
        "army",
        "brigade",
        "brigades",
        "front",
        "battalion",
        "battalions",
        "movement",
        "network",
        "mujahideen",
        "mujahidin",
        "fighters",
        "guerrillas",
        "guerrilla",
        "rebels",
        "insurgents",
        "jamaat",
        "jamaat-ul-ahrar",
        "lashkar",
        "jaish",
        "harakat",
        "tehrik",
        "tehreek",
        "faction",
        "commando",
        "commandos",
        "squad",
        "squads",
        "cell",
        "cells",
        "legion",
        "corps",
        "liberation",
        "resistance",
    ]
)
# Words the tagger marks as names that are never entities worth storing on their own.
STOP_NAMES = frozenset(
    [
        "caliphate",
        "caliph",
        "caliphs",
        "khalifa",
        "emir",
        "amir",
        "jihad",
        "shariah",
        "sharia",
        "allah",
        "god",
        "islam",
        "muslims",
        "christians",
        "shias",
        "sunnis",
        "today",
        "currently",
        "reporting",
        "production",
        "watch",
        "leave",
        "comment",
        "almighty",
        "prophet",
    ]
)
NATURAL_FEATURES = frozenset(
    {"forest", "lake", "river", "mountain", "mountains", "hills", "hill", "valley", "desert", "island", "islands",
     "plateau", "gulf", "sea", "coast", "basin", "delta", "peninsula", "range", "pass", "strait"}
)  # fmt: skip
# Continents and their compass parts: places too coarse for an event or a relation.
CONTINENTS = frozenset(
    f"{side}{c}" for c in ("asia", "africa", "europe", "america", "oceania")
    for side in ("", "west ", "western ", "east ", "eastern ", "south ", "southern ", "north ", "northern ")
)  # fmt: skip
# Religious and honorific titles that only ever precede a person's name ("Mufti", "Mullah", "Maulana").
PERSON_TITLES = frozenset(
    {"mufti", "mullah", "maulana", "maulvi", "mawlawi", "mawlana", "sheikh", "shaikh", "sheik", "imam", "ayatollah",
     "haji", "hajji", "qari", "hafiz", "ustad", "mr", "mrs", "ms", "dr"}
)  # fmt: skip
_NER_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}


@dataclass
class _Cand:
    span: Span
    type: str
    gazetteer: str | None = None
    place: Place | None = None
    name: str = ""


def sentences_of(doc: Doc) -> list[Sentence]:
    """Sentences with character offsets into the document's text, whitespace trimmed, empty ones dropped."""
    out: list[Sentence] = []
    text = doc_text(doc)
    for sent in sentences(doc):
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end]))
    return out


class MentionFinder:
    """Finds and groups the entity mentions of one parsed document."""

    def __init__(self, gazetteer: Gazetteer, geocoder: Geocoder) -> None:
        self.gazetteer = gazetteer
        self.geocoder = geocoder

    def _national(self, word: str) -> bool:
        """ "Nigerian", "Afghan", "Philippine", "Colombia": a word that names a state."""
        return self.geocoder.country_of_demonym(word) is not None or self.geocoder.country(word) is not None

    # -- candidates -------------------------------------------------------------------------------------
    def _type_ner(self, span: Span, context: PlaceContext = NO_CONTEXT) -> _Cand | None:
        if len(span) > 1 and span[0].lower_ in COMPASS:
            rest = Span(span.doc, span.start + 1, span.end, label=span.label)
            if self.geocoder.country(rest.text) or self.geocoder.lookup(rest.text, fuzzy=False):
                span = rest  # "eastern Democratic Republic of the Congo": the country, in part of it
        text = span.text.strip()
        label = span.label_
        if all(t.lower_.strip(".") in TITLES for t in span if t.is_alpha):
            return None  # "Major-General", "Lieutenant-Colonel": a rank the tagger took for a name
        if label in {"GPE", "LOC", "NORP"} and _epithet_of_a_country(span) and self.geocoder.country(text) is None:
            return None  # "the Caribbean nation's capital": a way to name the country told of, no place
        if (
            settled(span)
            and label in {"NORP", "PERSON", "ORG", "GPE", "LOC"}
            and self.gazetteer.lookup(text) is None
            and self.geocoder.country_of_demonym(text) is None  # "the Syrian city of Palmyra"
            and not all(t.lower_ in COMMUNITY_WORDS for t in span if t.is_alpha)  # "a Shiite area", "Sunni district"
        ):
            return self._settlement(span, context)  # "Metele village", "Allama Iqbal Town", whatever the tag
        if label == "NORP":
            return None  # nationalities and creeds are not entities; demonyms are used by events instead
        if norm_name(text) in STOP_NAMES or not any(c.isupper() for c in text):
            return None
        entry = self.gazetteer.lookup(text)
        if entry is not None:
            return _Cand(span, entry.type, gazetteer=entry.key, name=entry.name)
        country = self.geocoder.country(text)
        if country is not None:
            return _Cand(span, "country", place=country, name=country.name)
        if span[-1].lower_ in NATURAL_FEATURES and label in {"ORG", "PERSON", "FAC", "GPE", "LOC"}:
            place = self.geocoder.lookup(text, fuzzy=False)  # "the Sambisa Forest", "Lake Chad"
            return _Cand(span, "location", place=place, name=place.name if place else _clean(text))
        if label != "PERSON" and is_date_expression(text):
            return None  # "Easter Sunday" is a day, whatever the tagger says
        if all(
            self.geocoder.country_of_demonym(t.text) or t.lower_ in COMMUNITY_WORDS
            for t in span
            if t.is_alpha and t.lower_ != "and"
        ):
            return None  # "Tajiks and Uzbeks", "a Tuareg", "a Zaydi Shia movement": peoples, not actors or places
        if span[0].lower_ in {"operation", "op."} and len(span) > 1 and label != "PERSON":
            return _Cand(span, "other", name=_clean(text))  # "Operation Zarb-e-Azb": a campaign, not a place
        full = _facility_span(span)
        if full is not None and actor_cues().media(span):
            return _Cand(span, "organization", name=_clean(text))  # "W Radio station": an outlet, not a site
        if full is not None:
            return _Cand(full, "facility", name=_clean(full.text))
        if label in {"GPE", "LOC", "PERSON", "FAC", "ORG"}:
            # the tagger often calls a town an ORG ("Peshawar") or a PERSON ("Der Ezzour"): exact names of known
            # places win for ORG; spelling variants only where the tagger already said "place" or "person"
            hint = self._country_after(span)
            place = self.geocoder.lookup(text, fuzzy=label != "ORG", country_hint=hint, context=context,
                                         small=written_as_place(span))  # fmt: skip
            if place is not None and hint is None and place.type != "country":
                # "near Buenos Aires, a town of Colombia's Cauca department": the country the phrase after the
                # name leads to picks a namesake there over the great city abroad
                further = self._country_further(span)
                if further is not None and further != place.country:
                    local = self.geocoder.lookup(
                        text, fuzzy=False, country_hint=further, context=context, small=True
                    )
                    if local is not None and local.country == further:
                        place = local
            if place is not None and hint is not None and place.country != hint and place.type != "country":
                # "Bodo, Far North Region": the text says which country; a namesake elsewhere is not it
                place = Place(name=_clean(text), type="location", country=hint)
            if place is not None and norm_name(place.name) in CONTINENTS:
                return None  # "across Asia": too coarse to place anything
            located = span.start > 0 and span.doc[span.start - 1].lower_ in {
                "near",
                "in",
                "at",
                "outside",
                "from",
                "into",
                "toward",
                "towards",
                "entered",
                "captured",
                "seized",
                "held",
            }
            if place is not None and (
                label != "PERSON" or located or person_may_be_place(span, place, context, self.geocoder)
            ):  # "near Gao" is a town; "David" naming a town abroad is a person
                return _Cand(span, place.type, place=place, name=place.name)
            if _named_settlement(span):  # "the town of Baga": a place, whether or not the gazetteer knows it
                return self._settlement(span, context)
        if label == "PERSON" and span.start > 0 and span.doc[span.start - 1].pos_ == "PROPN":
            wider = Span(span.doc, span.start - 1, span.end, label="GPE")  # "Dera Ismail Khan" is a town
            place = self.geocoder.lookup(wider.text, fuzzy=False)
            if place is not None and place.type != "country":
                return _Cand(wider, place.type, place=place, name=place.name)
        actor = actor_cues()
        if label in {"PERSON", "ORG"}:
            if actor.holiday(span) or actor.natural(span):
                return None  # "Easter", "Ramadan": days, not actors; "Hurricane Joan": a storm
            if actor.formal_group_name(span):
                return _Cand(span, "armed_group", name=_clean(text))  # "Jama'atu Ahlis Sunna …"
            if actor.media(span):
                return _Cand(
                    span, "organization", name=_clean(text)
                )  # "Catalunya Radio", "X, a news website"
        titled = label == "ORG" and len(span) > 1 and span[0].lower_.strip(".") in PERSON_TITLES
        if label == "ORG" and not titled and _a_persons_name(span):
            label = "PERSON"  # "the state governor, Aminu Bello Masari", "Shekau kept his grip on the group"
        elif (
            label in {"GPE", "LOC"}
            and _apposed_to_an_office(span)
            and self.geocoder.lookup(text, fuzzy=False) is None
            and self.geocoder.country(text) is None
        ):
            label = "PERSON"  # "Marie Dupont, a spokeswoman for …": no place the tagger took her for
        if label == "PERSON" or (titled and all(t.pos_ == "PROPN" for t in span[1:])):
            first = span.start
            while first < span.end - 1 and span.doc[first].lower_.strip(".") in TITLES:
                first += 1  # "Mufti Noor Wali Mehsud" tagged as an organisation: a titled man
            name = re.sub(
                r"\s+", " ", span.doc[first : span.end].text.replace("[", " ").replace("]", " ")
            ).strip()
            if not looks_like_person(name) or len(name_tokens(name)) == 0:
                return None
            return _Cand(span, "person", name=name)
        if label == "ORG":
            if actor.state_body(span, self._national):
                return _Cand(span, "organization", name=_clean(text))  # "Nigerian Army": a state's force
            head = span[-1].lower_
            if head in ARMED_HEADS or any(
                t.lower_ in {"lashkar", "jaish", "harakat", "tehrik"} for t in span
            ):
                return _Cand(span, "armed_group", name=_clean(text))
            return _Cand(span, "organization", name=_clean(text))
        if label in {"GPE", "LOC"}:
            if not_a_place_name(text):
                return None  # "the West", "Hindi", "Grand Slam": no place the gazetteer misses
            return _Cand(span, "location", name=_clean(text))
        if label == "FAC":
            if not_a_place_name(text):
                return None  # "Grand Slam": ordinary words, no site
            return _Cand(span, "facility", name=_clean(text))
        return None

    def _settlement(self, span: Span, context: PlaceContext) -> _Cand:
        """A name the text calls a settlement or area: the place the gazetteer knows under it (with its type
        word: "the department of Meta"), else a location in the country the sentence leads to."""
        text = _clean(span.text)
        hint = self._country_after(span)
        typed = typed_name(span)
        place = None
        for name in (typed, span.text) if typed else (span.text,):
            place = self.geocoder.lookup(name, fuzzy=False, country_hint=hint, context=context, small=True)
            if place is not None:
                break
        if place is not None and place.type == "facility":
            place = None
        if place is None and (where := hint or self._country_further(span)) is not None:
            place = Place(name=text, type="location", country=where)
        return _Cand(span, "location", place=place, name=place.name if place else text)

    def _candidates(
        self,
        doc: Doc,
        skip: list[tuple[int, int]],
        banned: set[str],
        dateline: tuple[Span, Place] | None = None,
    ) -> list[_Cand]:
        gaz_spans: list[Span] = list(doc._.khabar_gazetteer_spans or [])
        cands: list[_Cand] = []
        taken: set[int] = set()
        ent_at = {i: e for e in entities(doc) for i in range(e.start, e.end)}  # entities never overlap
        for span in gaz_spans:
            entry = self.gazetteer.get(span.label_)
            if entry is None:
                continue
            around = ent_at.get(
                span.start
            )  # the one entity that could hold the span: a long text stays linear
            persons = [around] if around is not None and around.label_ == "PERSON" else []
            orgs = [around] if around is not None and around.label_ == "ORG" else []
            if entry.type == "person" and any(
                e.start <= span.start and span.end <= e.end and len(e) > len(span) for e in persons
            ):
                continue  # "Hafiz Saeed Khan" is not "Hafiz Saeed": the longer name is another person
            if entry.type == "armed_group" and any(
                e.start < span.start
                and span.end == e.end
                and "al" in {span[0].lower_, span.doc[span.start - 2].lower_ if span.start > 1 else ""}
                and all(t.is_title or t.text == "-" or t.lower_ == "al" for t in e[: span.start - e.start])
                for e in persons
            ):
                continue  # "Abdul-Malik al-Houthi": a man named for his family, not the Houthis
            if entry.type == "armed_group" and any(
                e.start + (e[0].lower_ == "the") < span.start
                and span.end <= e.end
                and e[int(e[0].lower_ == "the")].is_title
                and self.gazetteer.lookup(e.text) is None
                and self.geocoder.country(e[: span.start - e.start].text) is None
                for e in orgs
            ):
                continue  # "West Papua National Liberation Army" is not the ELN: a longer name is another group
            cands.append(_Cand(span, entry.type, gazetteer=entry.key, name=entry.name))
            taken.update(range(span.start, span.end))
        ents = self._join_and_places(_join_split_names(list(entities(doc))))
        context = document_context(doc, self.geocoder, dateline[1] if dateline else None)
        if dateline is not None and not any(i in taken for i in range(dateline[0].start, dateline[0].end)):
            place = dateline[1]  # "SANAA, Yemen —", "YOLA (Adamawa) —": the filing place, whatever the tagger saw
            cands.append(_Cand(Span(doc, dateline[0].start, dateline[0].end, label="GPE"), place.type,
                               place=place, name=place.name))  # fmt: skip
            taken.update(range(dateline[0].start, dateline[0].end))
        for ent in ents:
            if ent.label_ not in _NER_TYPES or any(i in taken for i in range(ent.start, ent.end)):
                continue
            trimmed = _trim(ent)
            if trimmed is None:
                continue
            if trimmed.label_ in {"GPE", "LOC", "FAC"}:
                trimmed = glue_hyphens(trimmed, taken)
            parts = place_in_place(trimmed, self.geocoder)
            if parts is not None:  # "Palma in Mozambique's", tagged as one organization: two places
                for part in parts:
                    c = self._type_ner(part, context)
                    if c is not None:
                        cands.append(c)
                        taken.update(range(c.span.start, c.span.end))
                continue
            wider = (
                extend_to_place(trimmed, self.geocoder) if trimmed.label_ in {"GPE", "LOC", "ORG"} else None
            )
            c = self._type_ner(wider or trimmed, context)
            if c is not None:
                cands.append(c)
                taken.update(range(c.span.start, c.span.end))
        cands = _extend_to_acronym([c for c in cands if not _is_country_poss_of_capital(c.span)])
        taken = {i for c in cands for i in range(c.span.start, c.span.end)}
        cands += self._capitals(doc, taken)
        cands += self._untagged_places(doc, taken, context)
        cands += _nicknames(doc, taken)
        cands += _introduced_groups(doc, taken)
        cands = _groups_by_context(doc, cands)
        out = []
        for c in cands:
            if any(a <= c.span.start_char < b for a, b in skip):
                continue
            if norm_name(c.span.text) in banned or norm_name(c.name) in banned:
                continue
            out.append(c)
        out.sort(key=lambda c: c.span.start_char)
        return out

    def _country_after(self, span: Span) -> str | None:
        """ "Hyderabad, Pakistan", "Arras, Hauts-de-France, France": the country that follows a place
        name after commas tells which of its namesakes is meant."""
        doc = span.doc
        i = span.end
        for _ in range(3):
            if i >= len(doc) or doc[i].text != ",":
                return None
            j = i + 1
            while j < len(doc) and j - i <= 4 and doc[j].pos_ == "PROPN":
                j += 1
            if j == i + 1:
                return None
            name = doc[i + 1 : j].text
            found = self.geocoder.country(name) or self.geocoder.lookup(name, fuzzy=False)
            if found is not None and (found.country or found.type == "country"):
                return found.country or found.name  # "Bodo, Far North Region": the region's country
            i = j
        return None

    def _country_further(self, span: Span) -> str | None:
        """ "the village of Gwoza Wakane in Borno State in north-eastern Nigeria": the first country (or
        place in one) that the phrases after a name, within its sentence, lead to."""
        doc = span.doc
        i = span.end
        end = min(len(doc), span.end + 14, span.sent.end)
        while i < end:
            if doc[i].pos_ in {"VERB", "AUX"} or (doc[i].is_punct and doc[i].text != ","):
                return None
            if doc[i].pos_ != "PROPN":
                i += 1
                continue
            j = i
            while j < end and doc[j].pos_ == "PROPN":
                j += 1
            if i > 1 and doc[i - 1].lower_ in {"with", "of"} and doc[i - 2].lemma_.lower() == "border":
                return None  # "near the border with Niger": the other side of the border is not where it is
            name = doc[i:j].text
            found = self.geocoder.country(name) or self.geocoder.lookup(name, fuzzy=False)
            if found is not None and (found.country or found.type == "country"):
                return found.country or found.name
            i = j
        return None

    def _capitals(self, doc: Doc, taken: set[int]) -> list[_Cand]:
        """ "the Somali capital", "Afghanistan's capital": the capital city, unless the text names it right after
        ("the Afghan capital, Kabul")."""
        out = []
        view = token_view(doc)
        for i, lemma in enumerate(view.lemma):
            if lemma != "capital" or i in taken or view.pos[i] != "NOUN":
                continue
            tok = view.tokens[i]
            if any(c.dep_ == "appos" for c in tok.children):
                continue
            for c in tok.children:
                if c.dep_ not in {"amod", "compound", "poss"} or c.i in taken and c.dep_ != "poss":
                    continue
                country = self.geocoder.country_of_demonym(c.text) or self.geocoder.country(c.text)
                city = self.geocoder.capital(country) if country is not None else None
                if city is not None:
                    start = min(c.i, tok.i)
                    out.append(
                        _Cand(
                            Span(doc, start, tok.i + 1, label="GPE"), "location", place=city, name=city.name
                        )
                    )
                    taken.update(range(start, tok.i + 1))
                    break
        return out

    def _untagged_places(self, doc: Doc, taken: set[int], context: PlaceContext) -> list[_Cand]:
        """Town names the tagger missed ("the Peshawar police headquarters", "in Dasht-e-Archi district"): a
        lone capitalised proper noun, or a hyphenated one, that is exactly the name of a known place (no
        spelling guesses; common words never geocode)."""
        out = []
        for span in untagged_names(doc, taken):
            if len(span) == 1:
                tok = span[0]
                before = doc[tok.i - 1] if tok.i > 0 else None
                after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if len(tok.text) < 4 or any(n is not None and n.pos_ == "PROPN" for n in (before, after)):
                    continue  # part of a longer name the tagger did not type
            place = self.geocoder.lookup(
                span.text, fuzzy=False, context=context, small=written_as_place(span)
            )
            if (
                place is None
                and settled(span)
                and self.geocoder.country_of_demonym(span.text) is None
                and not all(t.lower_ in COMMUNITY_WORDS for t in span if t.is_alpha)  # "the Anglophone region"
            ):
                out.append(self._settlement(span, context))  # "near Burkapal village": a place all the same
                continue
            if (
                place is not None
                and (place.type in {"location", "country"} or (place.type == "facility" and len(span) > 1))
                and norm_name(place.name) not in CONTINENTS
            ):
                out.append(_Cand(Span(doc, span.start, span.end, label="GPE"), place.type, place=place,
                                 name=place.name))  # fmt: skip
        return out

    def _join_and_places(self, ents: list[Span]) -> list[Span]:
        """ "Jammu and Kashmir", "Sistan and Baluchestan", "Bosnia and Herzegovina": one region or country the
        tagger split in two at its "and" (its halves are a town and a valley, or two countries); "DR Congo": one
        country it split into two places side by side."""
        out: list[Span] = []
        for ent in ents:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.label_ in {"GPE", "LOC", "PERSON", "ORG", "NORP"}  # "Sistan" was tagged a person
                and ent.label_ in {"GPE", "LOC"}
                and (
                    (ent.start == prev.end + 1 and ent.doc[prev.end].lower_ == "and")
                    or (ent.start == prev.end and prev.label_ in {"GPE", "LOC"})
                )
            ):
                joined = ent.doc[prev.start : ent.end].text
                place = self.geocoder.country(joined) or self.geocoder.lookup(joined, fuzzy=False)
                if place is not None and (place.type == "country" or place.precision == "region"):
                    out[-1] = Span(ent.doc, prev.start, ent.end, label="GPE")
                    continue
            out.append(ent)
        return out

    # -- grouping ---------------------------------------------------------------------------------------
    def find(self, doc: Doc, facts: DocFacts) -> None:
        raw = facts.document
        text = doc_text(doc)
        skip = credit_regions(text)
        banned = {norm_name(n) for n in (*raw.byline, *raw.credits) if n.strip()}
        sent_of = _sentence_index(facts.sentences)
        dateline = read_dateline(doc, raw, self.geocoder)
        if raw.dateline is not None:  # the rest of it ("(Borno, Nigeria), Nov 4 (AFP) —") is metadata, no mention
            skip = [*skip, (dateline[0].end_char if dateline else raw.dateline.start, raw.dateline.end)]
        cands = self._candidates(doc, skip, banned, dateline)
        acronyms = _acronym_definitions(doc, cands)

        entities = facts.entities
        by_norm: dict[tuple[str, str], str] = {}  # (type group, norm) -> key
        persons: list[str] = []

        def new_entity(c: _Cand) -> LocalEntity:
            if c.gazetteer:
                key = f"g:{c.gazetteer}"
            elif c.place is not None and c.place.geonameid:
                key = f"p:{c.place.geonameid}"
            elif c.place is not None:
                key = f"p:{norm_name(c.place.name)}:{c.place.type}"
            else:
                key = f"{c.type}:{norm_name(c.name)}"
            ent = entities.get(key)
            if ent is None:
                ent = LocalEntity(
                    key=key,
                    name=c.name,
                    type=c.type,
                    gazetteer=c.gazetteer,
                    place=c.place,
                    extractor=MENTIONS,
                )
                entities[key] = ent
            return ent

        # "entered Goma … Why Goma?": a one-word name the tagger calls a person once and a place elsewhere in the
        # same text is the place
        places_named = {norm_name(_clean(c.span.text)): c for c in cands if c.place is not None}
        for c in cands:
            surface = _clean(c.span.text)
            nk = norm_name(surface)
            same = places_named.get(nk)
            if c.type == "person" and len(c.span) == 1 and same is not None:
                c.type, c.place, c.name = same.type, same.place, same.name
            group = _type_group(c.type)
            key: str | None = None
            if c.gazetteer or c.place is not None:
                key = new_entity(c).key
            elif nk in acronyms and acronyms[nk] in entities:
                key = acronyms[nk]
            elif (group, nk) in by_norm:
                key = by_norm[(group, nk)]
            lone_surname = (
                key is None
                and (c.type == "organization" or (c.type == "location" and c.place is None))
                and one_word_name(c.name)
                and any(person_variant_of(c.name, entities[k].name) for k in persons)
            )
            if lone_surname:
                c.type = "person"  # "Shekau's stronghold", "Akhundzada rules": a surname the tagger mistook
            if key is None and c.type == "person":
                matches = [
                    k
                    for k in persons
                    if person_variant_of(c.name, entities[k].name)
                    or person_variant_of(entities[k].name, c.name)
                ]
                if len(matches) == 1:
                    key = matches[0]
                    # keep the fullest form as the name
                    if len(name_tokens(c.name)) > len(name_tokens(entities[key].name)):
                        entities[key].name = c.name
            if key is None:
                key = new_entity(c).key
            if entities[key].type == "person" and key not in persons:
                persons.append(key)  # gazetteer people too: "Sheikh Ahmed Yassin … Yassin was killed
            ent = entities[key]
            ent.aliases.add(surface)
            if c.name and c.name != surface:
                ent.aliases.add(c.name)
            by_norm[(group, nk)] = key
            for alias, target_norm in acronyms.items():
                if target_norm == nk and key:
                    acronyms[alias] = key
            facts.mentions.append(
                Mention(
                    start=c.span.start_char,
                    end=c.span.end_char,
                    text=c.span.text,
                    sentence=sent_of(c.span.start_char),
                    entity=key,
                    extractor=MENTIONS,
                )
            )
        self._lone_surnames(doc, facts, persons, sent_of)
        _add_acronym_aliases(facts, acronyms)
        _merge_known_as(facts)

    @staticmethod
    def _lone_surnames(doc: Doc, facts: DocFacts, persons: list[str], sent_of) -> None:  # type: ignore[no-untyped-def]
        """ "Julani, whose real name is …": a bare surname the tagger missed names the one person of the
        document whose full name ends with it (never a guess between two)."""
        if not persons:
            return
        covered = {i for m in facts.mentions if (sp := doc.char_span(m.start, m.end, alignment_mode="expand"))
                   for i in range(sp.start, sp.end)}  # fmt: skip
        view = token_view(doc)
        for i, pos in enumerate(view.pos):
            if i in covered or pos not in {"PROPN", "NOUN"}:
                continue
            tok = view.tokens[i]
            if (
                not tok.is_title
                or len(tok.text) < 4
                or tok.ent_type_ not in {"", "PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT"}
                or norm_name(tok.text) in STOP_NAMES
                or (tok.i + 1 < len(doc) and view.pos[tok.i + 1] == "PROPN")
                or (tok.i > 0 and view.pos[tok.i - 1] == "PROPN")
            ):
                continue
            matches = [k for k in persons if len(name_tokens(facts.entities[k].name)) > 1
                       and name_tokens(tok.text) == name_tokens(facts.entities[k].name)[-1:]]  # fmt: skip
            if len(matches) != 1:
                continue
            facts.entities[matches[0]].aliases.add(tok.text)
            facts.mentions.append(Mention(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text,
                                          sentence=sent_of(tok.idx), entity=matches[0], extractor=MENTIONS))  # fmt: skip


_KNOWN_AS = re.compile(
    r"\s*[,(]?\s*(?:(?:also\s+|better\s+)?(?:known\s+as|a\.?k\.?a\.?|alias|nicknamed)"
    r"|whose\s+(?:real|true|birth|given|full)\s+name\s+is|(?:real|true|birth)\s+name:?|born)\s+"
    r"['\"\u2018\u201c]?$",  # "Luis Pérez, alias 'El Paisa'"
    re.I,
)
_OR_ALIAS = re.compile(r"\s*['\"\u2019\u201d]?\s*,?\s*or\s+(?:alias\s+)?['\"\u2018\u201c]?", re.I)
_ALIAS_BEFORE = re.compile(r"\b(?:alias|aka|a\.k\.a\.?)\s*['\"\u2018\u201c]?$", re.I)
_ALIAS_WORDS = frozenset({"alias", "aka", "a.k.a.", "a.k.a"})
_QUOTES = frozenset({"'", '"', "\u2018", "\u2019", "\u201c", "\u201d"})


def _names_after(doc: Doc, start: int, most: int = 4) -> int:
    """Where a run of capitalised words from ``start`` ends; ``start`` when none."""
    tokens = token_view(doc).tokens
    end = start
    while end < len(tokens) and end - start < most and tokens[end].text[:1].isupper() and tokens[end].is_alpha:
        end += 1
    return end


def _names_a_man(doc: Doc, i: int) -> bool:
    """ "alias", "aka" before a name, but not "the alias", "its alias", "an alias": a group's other name."""
    view = token_view(doc)
    return view.lower[i] in _ALIAS_WORDS and (i == 0 or view.pos[i - 1] not in {"DET", "PRON"})


def _introduced_groups(doc: Doc, taken: set[int]) -> list[_Cand]:
    """ "the armed group 'Dario Gutiérrez Mena'", "the rebel faction Frente Amplio": a name its kind introduces is an
    armed group's, even where the tagger saw no name (a man's name in quotes, often)."""
    out = []
    lower = token_view(doc).lower
    for i in range(1, len(lower) - 1):
        if lower[i] not in GROUP_NOUNS_INTRO or lower[i - 1] not in ARMED_DESCRIBERS:
            continue
        quoted = lower[i + 1] in _QUOTES
        start = i + 1 + quoted
        end = _names_after(doc, start, most=6)
        if end - start < (1 if quoted else 2) or any(k in taken for k in range(start, end)):
            continue  # unquoted, one capitalised word may start the sentence's next clause
        span = Span(doc, start, end, label="ORG")
        out.append(_Cand(span, "armed_group", name=_clean(span.text)))
        taken.update(range(start, end))
    return out


def _nicknames(doc: Doc, taken: set[int]) -> list[_Cand]:
    """ "rifles bound for alias 'Tornillo'", "captured alias El Flaco": the name after "alias" is a man's other
    name, as reporting from Colombia, Mexico or the Philippines writes it, whatever the tagger made of it (a title
    in quotes, often). Not after a determiner: "the group's alias", "under an alias" name no one."""
    out = []
    lower = token_view(doc).lower
    for i in range(len(lower) - 1):
        if lower[i] not in _ALIAS_WORDS or not _names_a_man(doc, i):
            continue
        start = i + 1 + (lower[i + 1] in _QUOTES)
        end = _names_after(doc, start)
        if end == start or any(k in taken for k in range(start, end)):
            continue
        span = Span(doc, start, end, label="PERSON")
        out.append(_Cand(span, "person", name=_clean(span.text)))
        taken.update(range(start, end))
    return out


def _merge_known_as(facts: DocFacts) -> None:
    """ "Ahmad Umar, also known as Abu Ubaidah", "Julani, whose real name is Ahmed al-Sharaa": the second name is
    an alias of the first entity."""
    text = facts.document.text
    ordered = sorted(facts.mentions, key=lambda m: m.start)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.entity == second.entity:
            continue
        gap = text[first.end : second.start]
        if not _KNOWN_AS.fullmatch(gap) and not (  # "alias 'Tornillo' or 'Pedro'": both are his other names
            _OR_ALIAS.fullmatch(gap) and _ALIAS_BEFORE.search(text[max(0, first.start - 12) : first.start])
        ):
            continue
        keep, gone = facts.entities.get(first.entity), facts.entities.get(second.entity)
        if keep is None or gone is None or _type_group(keep.type) != _type_group(gone.type) or gone.gazetteer:
            continue
        keep.aliases |= gone.aliases | {gone.name}
        for m in facts.mentions:
            if m.entity == gone.key:
                m.entity = keep.key
        del facts.entities[gone.key]


def _acronym_definitions(doc: Doc, cands: list[_Cand]) -> dict[str, str]:
    """``Name (ACR)`` in the text: maps norm(ACR) to norm(Name) now; keys are rewritten to entity keys later."""
    out: dict[str, str] = {}
    text = doc_text(doc)
    for c in cands:
        after = text[c.span.end_char : c.span.end_char + 16]
        m = re.match(r"\s*\(([A-Za-z][A-Za-z\-]{1,9})\)", after)
        if m and _abbreviates(m.group(1), c.span.text):
            out[norm_name(m.group(1))] = norm_name(_clean(c.span.text))
    return out


def _add_acronym_aliases(facts: DocFacts, acronyms: dict[str, str]) -> None:
    text = facts.document.text
    for key in set(acronyms.values()):
        ent = facts.entities.get(key)
        if ent is None:
            continue
        for alias_norm, k in acronyms.items():
            if k != key:
                continue
            for m in re.finditer(r"\(([A-Za-z][A-Za-z\-]{1,9})\)", text):
                if norm_name(m.group(1)) == alias_norm:
                    ent.aliases.add(m.group(1))
                    break


_NAME_GOES_ON = re.compile(
    r"\s+(?:in|of|for)\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+(?:and\s+)?[A-Z][\w'\u2019-]*)*"
    r"(?=\s*\(([A-Za-z][A-Za-z\-]{1,9})\))"
)


def _extend_to_acronym(cands: list[_Cand]) -> list[_Cand]:
    """ "the African Union Mission in Somalia (AMISOM)": the tagger stops at "Mission"; the acronym after the
    place says the name goes on, so the name takes the place in and the place is no mention of its own."""
    out: list[_Cand] = []
    swallowed: set[int] = set()
    text = doc_text(cands[0].span.doc) if cands else ""
    for c in cands:
        if id(c) in swallowed:
            continue
        m = None
        if not c.gazetteer and c.type in {"organization", "facility", "armed_group"}:
            m = _NAME_GOES_ON.match(text, c.span.end_char)
        wider = c.span.doc.char_span(c.span.start_char, m.end()) if m else None
        if m and wider is not None and _abbreviates(m.group(1), wider.text):
            inside = [
                o for o in cands if o is not c and wider.start_char <= o.span.start_char < wider.end_char
            ]
            swallowed.update(id(o) for o in inside)
            out = [o for o in out if id(o) not in swallowed]
            kind = "armed_group" if c.type == "armed_group" else "organization"
            out.append(_Cand(wider, kind, name=_clean(wider.text)))
            continue
        out.append(c)
    return out


def _abbreviates(acronym: str, name: str) -> bool:
    """Initials ("UNAMA"), or syllables ending in the place's name ("AMISOM": African Union MISsion in
    SOMalia): the letters in order, the first word's initial first, the last word's opening last."""
    if acronym_matches(acronym, name):
        return True
    words = re.findall(r"[A-Za-z]+", name)
    target = acronym.lower()
    if len(words) < 2 or len(target) < 4 or target[0] != words[0][0].lower():
        return False
    it = iter("".join(words).lower())
    in_order = all(ch in it for ch in target)
    return in_order and any(target.endswith(words[-1][:k].lower()) for k in (2, 3, 4))


def _type_group(t: str) -> str:
    return "place" if t in {"country", "location", "facility"} else ("actor" if t == "armed_group" else t)


def _clean(text: str) -> str:
    t = re.sub(r"\s+", " ", text.replace("[", " ").replace("]", " ")).strip().replace("\u2019", "'")
    t = re.sub(r"^(?:the|The)\s+", "", t)
    t = re.sub(r"'s$", "", t)
    return t.strip(" ,;:.\"'")


# An editor's notes in wire and translated copy ("[Excerpt]", "[passage omitted]"): no names
EDITORIAL_NOTES = frozenset(
    {"excerpt", "excerpts", "text", "editorial report", "passage omitted", "words indistinct", "name indistinct",
     "as received", "sic", "begin recording", "end recording", "quotation marks as published", "as heard",
     "figures as published", "video", "report", "dateline", "words omitted", "portion omitted"}
)  # fmt: skip


# Offices only a person holds: a name in apposition to one of them, or written after it, is a person's.
PERSON_ROLES = frozenset(
    {"governor", "spokesman", "spokeswoman", "spokesperson", "president", "minister", "commander", "chief",
     "general", "colonel", "captain", "major", "lieutenant", "mayor", "senator", "emir", "leader", "deputy",
     "official", "envoy", "ambassador", "lawmaker", "prosecutor", "judge", "superintendent", "inspector"}
)  # fmt: skip


COUNTRY_NOUNS = frozenset({"nation", "country", "kingdom", "republic", "emirate"})


def _epithet_of_a_country(span: Span) -> bool:
    """ "the Caribbean nation", "the Horn of Africa country", "the Gulf kingdom": a region naming the country a
    story tells of, by where it lies."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    return after is not None and after.lemma_.lower() in COUNTRY_NOUNS and span.root.dep_ in {"compound", "amod", "nmod"}


def _apposed_to_an_office(span: Span) -> bool:
    """In apposition to an office, either way: "Masari, the governor", "the governor, Aminu Masari"."""
    if not all(t.pos_ == "PROPN" for t in span) or len(span) > 4:
        return False
    root = span.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in PERSON_ROLES:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in PERSON_ROLES for c in root.children)


# initials and a surname, as South Asian and British copy writes men ("K.N. Patnaik", "S. P. Singh")
_INITIALS_AND_SURNAME = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z][a-z][\w'\u2019-]*$")
# what follows a country's or a body's initials ("U.S. Army", "U.N. Mission"): no surname
_NOT_SURNAMES = frozenset({"army", "navy", "forces", "force", "police", "government", "embassy", "military",
                           "marines", "mission", "command", "congress", "senate", "department", "troops",
                           "officials", "state", "consulate", "envoy", "coalition", "military's"})  # fmt: skip


def _a_persons_name(span: Span) -> bool:
    """An all-proper-noun span the tagger called an organisation that its sentence shows to be a person: in
    apposition to an office ("the Katsina governor, Aminu Bello Masari"; "Masari, the governor"), written right
    after one ("Governor Aminu Masari"), or the subject of a clause that gives it "his" or "her"."""
    if not all(t.pos_ == "PROPN" for t in span) or len(span) > 4:
        return False
    root = span.root
    doc = span.doc
    if _apposed_to_an_office(span):
        return True
    if _INITIALS_AND_SURNAME.match(span.text) and span[-1].lower_ not in _NOT_SURNAMES:
        return True  # "K.N. Patnaik", "D. Sharma": a man's initials and his surname ("U.S. Army" is no one)
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lemma_.lower() in PERSON_ROLES and before.dep_ == "compound":
        return True
    if root.dep_ == "nsubj":
        clause = root.head
        return any(t.lower_ in {"his", "her"} and t.dep_ == "poss" for t in clause.subtree if t.i > span.end)
    return False


def _trim(span: Span) -> Span | None:
    """Drop a leading determiner and a trailing possessive from an NER span; an editor's note in brackets is no
    name, and a name whose first part an editor added in brackets ("[Adolfo Arnoldo] Majano") is whole."""
    start, end = span.start, span.end
    doc = span.doc
    inside = [t.text for t in span]
    before = doc[max(start - 1, 0)].text if start > 0 else ""
    after = doc[end].text if end < len(doc) else ""
    if before == "[" and after == "]" and span.text.lower() in EDITORIAL_NOTES:
        return None
    if "]" in inside and "[" not in inside:
        opening = next((i for i in range(start - 1, max(start - 8, -1), -1) if doc[i].text == "["), None)
        if opening is not None:
            start = opening + 1
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and doc[end - 1].text in {"'s", "\u2019s", "'", "\u2019"}:
        end -= 1
    if end <= start:
        return None
    if end - start == 1 and doc[start].lower_ in COMMON_PEOPLE:
        # "Gunmen believed to belong to a gang…": a sentence's first word the tagger took for a name
        return None
    return Span(doc, start, end, label=span.label)


# Plain words for people that a tagger sometimes reads, capitalised at a sentence's start, as a name.
COMMON_PEOPLE = ATTACKER_NOUNS | HUMAN_NOUNS


# "the Ajang-Ajang subgroup", "the Islamic State's Aden-Abyan wilaya": a name these nouns follow names a group
GROUP_SUFFIXES = frozenset(
    {"subgroup", "sub-group", "faction", "wilaya", "wilayat", "wilayah", "splinter", "cell"}
)
# "the FARC's Carlos Patiño front", "the Ernesto Guevara column": a unit named for a man; after a place the word
# is a line of battle ("the Bakhmut front"), so only after a name the tagger took for a person or an organization
UNIT_SUFFIXES = frozenset({"front", "bloc", "column"})
# "the armed group X", "the rebel group X": a name these words introduce is an armed group
ARMED_DESCRIBERS = frozenset(
    {"armed", "militant", "rebel", "jihadist", "jihadi", "terrorist", "insurgent", "guerrilla", "guerilla",
     "dissident", "extremist", "islamist", "separatist", "paramilitary"}
)  # fmt: skip
GROUP_NOUNS_INTRO = frozenset(
    {"group", "faction", "militia", "movement", "organisation", "organization", "outfit"}
)


def _groups_by_context(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Names the text itself calls armed groups, whatever the tagger said: "the Lupa-Lupa subgroup", "the
    Islamic State's Sinai wilaya", "the armed group 'Franco Benavides'"."""
    out = []
    taken = {i for c in cands for i in range(c.span.start, c.span.end)}
    for c in cands:
        span = c.span
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if c.gazetteer is None and (
            after in GROUP_SUFFIXES
            or (after in UNIT_SUFFIXES and (c.type in {"person", "organization"} or (c.type == "location" and c.place is None)))
        ):
            wider = Span(doc, span.start, span.end + 1, label="ORG")
            out.append(_Cand(wider, "armed_group", name=_clean(wider.text)))
            continue
        before = [
            t
            for t in doc[max(0, span.start - 3) : span.start]
            if t.text not in {"'", "\u2018", '"', "\u201c"}
        ]
        if c.gazetteer is None and before and _names_a_man(doc, before[-1].i):
            out.append(
                _Cand(span, "person", name=_clean(span.text))
            )  # "alias 'Tolima'": a man's other name
            continue
        if (
            c.gazetteer is None
            and c.type in {"person", "organization", "location"}
            and len(before) >= 2
            and before[-1].lower_ in GROUP_NOUNS_INTRO
            and before[-2].lower_ in ARMED_DESCRIBERS
        ):
            out.append(_Cand(span, "armed_group", name=c.name or _clean(span.text)))
            continue
        out.append(c)
    lower = token_view(doc).lower
    for i, word in enumerate(lower):  # a name no tagger saw, before "subgroup"/"faction"
        if word not in GROUP_SUFFIXES or i == 0 or i in taken:
            continue
        tok = doc[i]
        start = tok.i
        while (
            start > 0
            and (start - 1) not in taken
            and (
                doc[start - 1].pos_ == "PROPN"
                or (doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and start > 1)
            )
        ):
            start -= 1
        if start < tok.i and doc[start].text[:1].isupper():
            span = Span(doc, start, tok.i + 1, label="ORG")
            out.append(_Cand(span, "armed_group", name=_clean(span.text)))
    return out


_CLAN_SURNAME = re.compile(r"^(?:O['\u2019]|Mc|Mac|D['\u2019])[A-Z][a-z]+$")


def _with_surname_after(ent: Span) -> Span:
    """ "Brendan | O'Hara": a surname the tagger left out of the name (it often takes "O'Hara" for a noun)."""
    doc = ent.doc
    if ent.end < len(doc) and not doc[ent.end].ent_type_ and _CLAN_SURNAME.match(doc[ent.end].text):
        return Span(doc, ent.start, ent.end + 1, label="PERSON")
    return ent


def _with_given_names(ent: Span, prev: Span | None) -> Span:
    """ "Lance Corporal Yeison | Andres Mora": a given name the tagger left between a rank and the rest of the
    name is part of it (only after a title, so a sentence's first word never is)."""
    doc = ent.doc
    k = ent.start
    floor = prev.end if prev is not None else 0
    while (
        k > floor
        and ent.start - k < 3
        and doc[k - 1].pos_ == "PROPN"
        and doc[k - 1].is_title
        and doc[k - 1].lower_.strip(".") not in TITLES
    ):
        k -= 1
    if k == ent.start or k == 0:
        return ent
    titled_before = doc[k - 1].lower_.strip(".") in TITLES
    # or right after a titled span of the tagger's ("Sergeant Wilmer Yesid" | "Parra" | "Gomez"), joined next
    titled_prev = prev is not None and k == prev.end and prev[0].lower_.strip(".") in TITLES
    return Span(doc, k, ent.end, label="PERSON") if titled_before or titled_prev else ent


def _join_split_names(ents: list[Span]) -> list[Span]:
    """ "Aden Hashi Ayro": a town's name that is also a first name, tagged as a place right before a person's
    name with no comma between, is part of that name."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if ent.label_ == "PERSON":
            ent = _with_surname_after(_with_given_names(ent, prev))
        if (
            prev is not None
            and ent.label_ == "PERSON"
            and prev.label_ in {"GPE", "LOC"}
            and prev.end == ent.start
            and len(prev) == 1
            and (prev.start == 0 or prev.doc[prev.start - 1].pos_ not in {"ADP", "PROPN"})
        ):
            out[-1] = Span(ent.doc, prev.start, ent.end, label="PERSON")
            continue
        titles = 0
        while prev is not None and titles < len(prev) and prev[titles].lower_.strip(".") in TITLES:
            titles += 1
        if (
            prev is not None
            and ent.label_ == "PERSON"
            and prev.end == ent.start
            and (
                titles == len(prev)
                or prev.label_ == "PERSON"
                # "Lance Corporal Yeison" + "Andres Mora": a rank and a first name the tagger cut from the rest
                or (titles > 0 and all(t.pos_ == "PROPN" and t.is_title for t in prev[titles:]))
            )
        ):
            # "Mufti Hazrat" tagged as an organisation and a person; "Abd-Rabbu" and "Mansour Hadi" as two people
            out[-1] = Span(ent.doc, prev.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


COMPASS = frozenset(
    {"eastern", "western", "northern", "southern", "central", "north-eastern", "northeastern", "north-western",
     "northwestern", "south-eastern", "southeastern", "south-western", "southwestern", "northeast", "north-east",
     "northwest", "north-west", "southeast", "south-east", "southwest", "south-west"}
)  # fmt: skip
SETTLEMENT_NOUNS = frozenset({"town", "city", "village", "district", "province", "region", "county", "state"})


def _named_settlement(span: Span) -> bool:
    """ "the town of Baga", "the village of Seytenga": the name a settlement noun introduces."""
    root = span.root
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lemma_.lower() in SETTLEMENT_NOUNS
        and root.head.head.pos_ == "NOUN"
    )


def _is_country_poss_of_capital(span: Span) -> bool:
    """ "Afghanistan's capital": the mention is the capital, not the country."""
    root = span.root
    return root.dep_ == "poss" and root.head.lemma_.lower() == "capital"


def _facility_span(span: Span) -> Span | None:
    """The whole facility name around a tagger span, or None if it is no facility: "Crocus City Concert Hall"
    (not "Concert Hall"), "St Anthony's Shrine" (not "St Anthony"), "the Police Lines compound"."""
    doc = span.doc
    end = span.end
    head = span.root
    while head.dep_ in {"conj", "appos"} and head.head.i != head.i:
        head = head.head
    if head.dep_ in {"compound", "nmod"} and head.head.tag_ == "NNS" and facility_kind(head.head.lemma_):
        return span  # "the Shangri-La, Cinnamon Grand and Kingsbury hotels": each name is a hotel
    if end + 1 < len(doc) and doc[end].text in {"'s", "\u2019s"} and facility_kind(doc[end + 1].text):
        end += 2
    elif end < len(doc) and span.root.dep_ == "compound" and facility_kind(doc[end].text):
        return Span(
            doc, span.start, span.end, label="FAC"
        )  # "the Police Lines compound": the name is the site
    elif span.root.dep_ in {"compound", "amod", "nmod"}:
        # "the Westgate shopping mall siege": the name and the nouns after it up to the site's noun
        for j in range(span.end, min(span.end + 3, len(doc))):
            if doc[j].pos_ not in {"NOUN", "PROPN"}:
                break
            if facility_kind(doc[j].text):
                return Span(doc, span.start, j + 1, label="FAC")
    full = Span(doc, span.start, end, label="FAC")
    # "Inter Continental Hotel Kabul": a facility may be named with its town after it
    town_after = (
        len(full) > 1
        and facility_kind(full[:-1].text)
        and Geocoder.default().lookup(full[-1].text, fuzzy=False)
    )
    if not facility_kind(full.text) and not town_after:
        return None
    return _extend_left(full)


def _extend_left(span: Span) -> Span:
    doc = span.doc
    start = span.start
    while start > 0 and doc[start - 1].pos_ == "PROPN" and start <= doc[start - 1].head.i < span.end:
        start -= 1
    return span if start == span.start else Span(doc, start, span.end, label=span.label)


def _sentence_index(sentences: list[Sentence]):  # type: ignore[no-untyped-def]
    starts = [s.start for s in sentences]
    import bisect

    def find(char: int) -> int:
        i = bisect.bisect_right(starts, char) - 1
        return max(i, 0)

    return find
