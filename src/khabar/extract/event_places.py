"""Where an event happened: places named around its trigger, sites it struck, and places from context
(its sentences, the one country a report is about) where its own phrase names none."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from khabar.extract.casualties import is_people
from khabar.extract.coref import EntityIndex
from khabar.extract.doc_sents import token_view
from khabar.extract.event_merge import EventMention
from khabar.extract.lexicon import LIGHT_VERBS
from khabar.extract.place_context import across_border, beyond_border, dominant_country
from khabar.extract.places import Geocoder, facility_kind
from khabar.extract.syntax import np_text, trigger_like, trigger_word
from khabar.model import PLACE_TYPES, DocFacts, Place, norm_name

__all__ = [
    "EventPlaces",
    "span_of",
    "one_country_place",
    "sentence_places",
    "recent_country",
    "PLACE_PREPS",
    "dateline_only",
    "with_precision",
]

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "into", "throughout", "of"})
PLACE_RANK = {"facility": 3, "location": 2, "country": 1}
BEARINGS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
     "north-west", "south-east", "south-west", "km", "kilometres", "kilometers", "miles", "mile", "kilometre",
     "kilometer"}
)  # fmt: skip
# Events that happen somewhere on the ground: with nothing else to place them, a dateline's country does.
_GROUNDED = frozenset({"attack", "air_strike", "killing", "kidnapping", "clash", "capture", "execution"})


class EventPlaces:
    """The place-finding half of the event extractor (a mixin: needs ``self.geocoder``)."""

    geocoder: Geocoder

    def _place_in_name(self, name: str) -> Place | None:
        """A place named inside a facility's name, as exact words (no spelling guesses)."""
        words = name.replace("'s", "").split()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                chunk = " ".join(words[i : i + size])
                if not chunk[:1].isupper():
                    continue
                found = self.geocoder.country(chunk) or self.geocoder.lookup(chunk, fuzzy=False)
                if (
                    found is not None
                    and found.type != "facility"
                    and (found.country or found.type == "country")
                ):
                    return found
        return None

    def _struck_sites(self, ev: EventMention, index: EntityIndex | None = None) -> None:
        """Where a bomb went off or was planted is what it struck: "planted a device outside a bank branch",
        "a grenade went off at the ruling party's regional office"."""
        anchors = [ev.trigger] + [c for c in ev.trigger.children if c.dep_ == "dobj"]
        for anchor in anchors:
            for prep in anchor.children:
                if prep.dep_ != "prep" or prep.lower_ not in {"at", "in", "inside", "outside", "near", "against", "on",
                                                              "front"}:  # fmt: skip
                    continue
                objs = [
                    p
                    for p in prep.subtree
                    if p.dep_ == "pobj" and p.head.i in {prep.i, *[c.i for c in prep.children]}
                ]
                for p in objs:
                    if p.pos_ == "NOUN" and facility_kind(p.lemma_) and not is_people(p):
                        site = np_text(p)
                        if site not in ev.fact.targets:
                            ev.fact.targets.append(site)
                    elif index is not None and (key := index.entity_at(p)) is not None:
                        # "a mine placed on La Noria Bridge": a named site the bomb was at is what it struck
                        site = index.facts.entities[key].name
                        if index.type_of(key) == "facility" and site not in ev.fact.targets:
                            ev.fact.targets.append(site)

    def _places_under(self, tok: Token, ev: EventMention, index: EntityIndex) -> None:
        for t in tok.subtree:
            if beyond_border(t):
                continue  # "at a town near the Kenya border": the neighbour is not the place
            key = index.entity_at(t)
            if key is not None and index.type_of(key) in PLACE_TYPES and key not in ev.places:
                ev.places.append(key)

    def _places_near(self, ev: EventMention, index: EntityIndex) -> None:
        """Places in "in/at/near …" phrases of the trigger (or of its verb), not crossing into other clauses."""
        tok = ev.trigger
        anchors = [tok]
        if tok.pos_ != "VERB" and tok.dep_ in {"dobj", "pobj"}:
            head = tok.head if tok.dep_ == "dobj" else tok.head.head
            if head.pos_ == "VERB" and head.lemma_.lower() in LIGHT_VERBS | {"kill", "die"}:
                anchors.append(head)
        if tok.pos_ != "VERB" and tok.dep_ == "nsubj" and _occurs(tok.head):
            # "the attack took place near Konduga", "the killing happened in X": the towns it names (a site
            # named so, "the first blast occurred inside the cathedral of …", is mostly one of the deed's sites the
            # story names otherwise elsewhere: not taken)
            for c in tok.head.children:
                if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                    for p in c.children:
                        if p.dep_ == "pobj" and not trigger_like(p):
                            self._collect_place(p, ev, index, TOWN_TYPES)
        # "the bombings that tore through a crowd in the Iranian city of Kerman": the clause tells the event
        # ("the arrest made in Santander", "the attack carried out in Kabul": a participle clause likewise)
        anchors += [
            c
            for c in tok.children
            if tok.pos_ != "VERB" and (c.dep_ == "relcl" or (c.dep_ == "acl" and c.tag_ == "VBN"))
        ]
        if tok.pos_ == "VERB" and ev.fact.type in {"killing", "execution"}:
            # "beheaded five people in Macomia", "were beheaded by militants in Macomia": the parser hangs the
            # place on the people killed, or on who killed them
            anchors += [c for c in tok.children if c.dep_ == "dobj" and is_people(c)]
            anchors += [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        for anchor in anchors:
            for c in anchor.children:
                if c.dep_ == "prep" and c.lower_ in PLACE_PREPS | {"on"}:
                    for p in c.children:
                        if p.dep_ == "pobj" and not trigger_like(p):
                            self._collect_place(p, ev, index)
                elif c.dep_ in {"npadvmod", "compound"}:
                    key = index.entity_at(c)
                    actors = {p.entity for p in ev.fact.participants}
                    if (
                        key
                        and index.type_of(key) in PLACE_TYPES
                        and key not in ev.places
                        and key not in actors
                    ):
                        ev.places.append(key)  # "the Moscow attack"; not "U.S. strikes", where the U.S. acts

    def _collect_place(
        self, head: Token, ev: EventMention, index: EntityIndex, types: frozenset[str] = PLACE_TYPES
    ) -> None:
        """ "the outskirts of Moscow", "Kerman, Iran", "a concert hall in X": walk the NP for place names (of
        ``types``)."""
        stack = [head]
        while stack:
            t = stack.pop()
            if t.i != head.i and (trigger_like(t) or t.dep_ in {"relcl", "acl"}):
                continue
            if _owner_abroad(t) or t.lower_ in BEARINGS or across_border(t):
                continue  # "north of Baghdad", "near the border with Mali": a reference point, not the place
            if t.pos_ == "PRON" and t.dep_ == "poss" and t.head.lemma_.lower() not in OWNED_PLACES:
                continue  # "shot at their car": whoever "their" is, the car was not there
            key = index.entity_at(t)
            if key is not None and index.type_of(key) in types and key not in ev.places:
                ev.places.append(key)
            stack.extend(t.children)

    def _finish_place(self, ev: EventMention, facts: DocFacts, context_keys: list[str]) -> None:
        """The event's place: the most specific place named; a facility takes its town's coordinates, from the
        event's other places, else from the places its sentences (or a one-country report) name. The filing place
        of a dateline is never the place: at most, where nothing else locates a violent event, its country."""
        filed = dateline_only(facts) | _filed_here(ev, facts)
        if filed:
            had = bool(ev.places)
            ev.places = [k for k in ev.places if k not in filed]
            context_keys = [k for k in context_keys if k not in filed]
            if had and not ev.places and ev.fact.type in _GROUNDED:
                # the dateline's town was all the deed's own words gave: its sentences' places are next
                ev.places = list(
                    dict.fromkeys(k for k in context_keys if facts.entities[k].type in PLACE_TYPES)
                )
        if not ev.places and ev.fact.type == "arrest":
            # national authorities arrest on their own soil: "Russian authorities have arrested…"
            for p in ev.fact.participants:
                ent = facts.entities.get(p.entity or "")
                if p.role == "authority" and ent is not None and ent.place is not None:
                    ev.places.append(ent.key)
        if not ev.places:
            ev.fact.place = self._dateline_country(ev, facts)
            return
        ranked = _finer_first(
            sorted(ev.places, key=lambda k: -PLACE_RANK.get(facts.entities[k].type, 0)), facts
        )
        best = facts.entities[ranked[0]]
        place = best.place
        if best.type == "organization" and place is not None:  # "Russian authorities": their country
            place = Place(name=place.name, type="country", country=place.country or place.name, lat=place.lat,
                          lon=place.lon, geonameid=place.geonameid)  # fmt: skip
        elif place is None or place.country is None:
            # a facility lies where its name says ("Inter Continental Hotel Kabul"), else among the places named
            # with it, in its sentences, or in the one country the report is about
            neighbours = (facts.entities[k].place for k in ranked[1:] + context_keys)
            near = next((p for p in neighbours if p is not None), None)
            in_name = self._place_in_name(best.name)
            # "the Serena Hotel in Balochistan": the places named with it win over a namesake town in its name
            # (La Serena, Chile); the name's town is kept when it agrees with them or nothing else is named
            context = (
                near if in_name is None or (near is not None and near.country != in_name.country) else in_name
            )
            if context is None:
                context = self._story_country(ev, facts)
            if context is not None:
                place = Place(name=place.name if place else best.name, type=best.type, country=context.country
                              or (context.name if context.type == "country" else None), admin1=context.admin1,
                              lat=place.lat if place and place.lat is not None else context.lat,
                              lon=place.lon if place and place.lon is not None else context.lon,
                              geonameid=place.geonameid if place else None,
                              precision=place.precision if place and place.lat is not None
                              else _precision(context))  # fmt: skip
            elif place is None:
                place = Place(name=best.name, type=best.type)
        ev.fact.place = with_precision(place)
        ev.fact.place_entity = best.key if best.type != "organization" else None

    def _dateline_country(self, ev: EventMention, facts: DocFacts) -> Place | None:
        """A violent event the story places nowhere: "KABUL (AP) — A bomb went off …" is in Afghanistan (not
        necessarily in Kabul); "Indonesian police said an explosion …" in Indonesia. The country, marked as a
        country-level placement."""
        if ev.fact.type not in _GROUNDED:
            return None
        return self._story_country(ev, facts)

    def _story_country(self, ev: EventMention, facts: DocFacts) -> Place | None:
        """The country of the dateline, else the one country the document is clearly about."""
        dateline = facts.document.dateline
        country = None
        if dateline is not None and dateline.country is not None:
            country = self.geocoder.country(dateline.country)
        if country is None:
            iso = dominant_country(ev.trigger.doc)
            country = self.geocoder.country_by_iso(iso) if iso else None
        return with_precision(country) if country is not None else None


# what a possessive pronoun owns that lies in it: "its capital", "their territory" (not "their car")
OWNED_PLACES = frozenset(
    {"capital", "city", "town", "village", "province", "region", "district", "territory", "soil", "state", "county"}
)
# A country's embassy or consulate stands in another country: "a shooting at Pakistan's embassy" is not in Pakistan.
ABROAD_SITES = frozenset({"embassy", "consulate", "mission", "legation", "chancery"})


def _owner_abroad(t: Token) -> bool:
    """The owner of a site abroad ("Pakistan's embassy", "the embassy of Turkey"), not where it stands."""
    if t.dep_ == "poss":
        return t.head.lemma_.lower() in ABROAD_SITES
    return t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in ABROAD_SITES


TOWN_TYPES = frozenset({"location", "country"})  # places, not sites
# what a deed's noun does to say where and when it was: "the attack happened in X", "the killing took place at X"
OCCURRING_VERBS = frozenset({"happen", "occur", "unfold", "erupt"})


def _occurs(verb: Token) -> bool:
    return verb.lemma_.lower() in OCCURRING_VERBS or (
        verb.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children)
    )


def _finer_first(ranked: list[str], facts: DocFacts) -> list[str]:
    """A region named with a place inside it yields to that place: "in Bannu district of Khyber Pakhtunkhwa
    province" is in Bannu district, "near Baqubah in Diyala province" at Baqubah, "in Kulgam district of Kashmir"
    (a region of no one country) in Kulgam; not to a place outside it ("in Diyala province, north of Baghdad"
    stays in Diyala)."""
    if not ranked:
        return ranked
    first = facts.entities[ranked[0]]
    if first.place is None or _precision(first.place) != "region":
        return ranked
    region = norm_name(first.place.name)
    for k in ranked[1:]:
        e = facts.entities[k]
        if e.type != first.type or e.place is None or _precision(e.place) not in {"town", "district"}:
            continue
        if e.place.admin1 and norm_name(e.place.admin1) == region and e.place.country == first.place.country:
            return [k] + [x for x in ranked if x != k]
        if first.place.country is None:  # a region across borders ("Kulgam district of Kashmir"): any place in it
            return [k] + [x for x in ranked if x != k]
    return ranked


def with_precision(place: Place | None) -> Place | None:
    """The place with its precision filled in from what it is, where the geocoder left it open."""
    if place is None or place.precision is not None:
        return place
    precision: str | None
    if place.type == "country":
        precision = "country"
    elif place.lat is None or place.lon is None:
        precision = "country" if place.country else None
    elif place.type == "facility":
        precision = "town"  # a site at its town's coordinates
    else:
        precision = "town" if place.geonameid else "region"
    return replace(place, precision=precision)


def _precision(place: Place) -> str | None:
    filled = with_precision(place)
    return filled.precision if filled is not None else None


def _filed_here(ev: EventMention, facts: DocFacts) -> set[str]:
    """Places the event's sentences name only in the dateline ("Manila, Philippines: gunmen killed six soldiers
    … in Sumisop town"), though the story names them again elsewhere ("880 km south of Manila")."""
    dateline = facts.document.dateline
    if dateline is None:
        return set()
    told = set(ev.fact.sentences)
    inside = {m.entity for m in facts.mentions if dateline.start <= m.start < dateline.end}
    outside = {
        m.entity
        for m in facts.mentions
        if m.sentence in told and not dateline.start <= m.start < dateline.end
    }
    return inside - outside


def dateline_only(facts: DocFacts) -> set[str]:
    """Entities named only in the document's dateline: the filing place, not a place of its events."""
    dateline = facts.document.dateline
    if dateline is None:
        return set()
    inside: set[str] = set()
    outside: set[str] = set()
    for m in facts.mentions:
        (inside if dateline.start <= m.start < dateline.end else outside).add(m.entity)
    return inside - outside


def span_of(doc: Doc, facts: DocFacts, n: int) -> Span:
    s = facts.sentences[n]
    span = doc.char_span(s.start, s.end, alignment_mode="expand")
    return span if span is not None else doc[0:0]


def border_references(doc: Doc, index: EntityIndex) -> set[str]:
    """The places a text names only as the other side of a border ("near the border with Niger", "near the
    Kenya border"): no deed of the text happened there for that."""
    across: set[str] = set()
    seen: set[str] = set()
    for i, key in index.by_token.items():
        if index.type_of(key) not in PLACE_TYPES:
            continue
        t = doc[i]
        if beyond_border(t):
            across.add(key)
        else:
            seen.add(key)
    return across - seen


def one_country_place(facts: DocFacts, besides: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The document's first named place, when every place it names lies in one country (a single-incident
    report); None for a text that ranges over several countries. ``besides``: places not to count (named only
    across a border)."""
    filed = dateline_only(facts)
    places = [
        m.entity
        for m in facts.mentions
        if facts.entities[m.entity].type in PLACE_TYPES and m.entity not in filed and m.entity not in besides
    ]
    countries = {p.country or p.name for k in places if (p := facts.entities[k].place) is not None}
    if len(countries) != 1 or not places:
        return None
    towns = [k for k in places if facts.entities[k].type != "country"]
    located = [k for k in towns if (p := facts.entities[k].place) is not None and p.lat is not None]
    named = [k for k in places if facts.entities[k].type == "country"]
    # a town the gazetteer placed; else the country itself (an unplaced site cannot lend its country)
    return located[0] if located else named[0] if named else towns[0]


def sentence_places(sent: Span, index: EntityIndex, ev: EventMention) -> list[str]:
    """A dated attack whose phrase names no place happened where its sentence says ("Sri Lanka's health
    ministry revised the toll from the Easter Sunday bombings"); participants are not places."""
    actors = {p.entity for p in ev.fact.participants}
    # a place inside another event's own phrase or clause ("… who died in a US drone strike in Baghdad") is
    # that event's place, not this one's
    elsewhere: set[int] = set()
    view = token_view(sent.doc)
    toks, lemma, pos = view.tokens, view.lemma, view.pos
    for i in range(sent.start, sent.end):
        if i == ev.trigger.i or not trigger_word(pos[i], lemma[i]):
            continue
        t = toks[i]
        if ev.trigger in t.subtree:
            continue
        clause = next((a for a in t.ancestors if a.dep_ in {"relcl", "acl", "advcl", "ccomp"}), None)
        region = clause if clause is not None and ev.trigger not in clause.subtree else t
        elsewhere |= {x.i for x in region.subtree}
    dateline = (
        index.facts.document.dateline
    )  # the filing place is never a deed's, even where named again later
    filed = range(dateline.start, dateline.end) if dateline is not None else range(0)
    out: list[str] = []
    described: list[str] = []  # places in a clause describing someone ("the man who drove the truck into the
    # crowd in Nice was shot dead in Marseille"): this deed's only if its own clause names none
    by_token = index.by_token
    for i in range(sent.start, sent.end):
        key = by_token.get(i)
        if key is None:
            continue
        t = toks[i]
        if (
            t.i in elsewhere
            or t.idx in filed
            or beyond_border(t)
            or key in actors
            or key in out
            or index.type_of(key) not in PLACE_TYPES
        ):
            continue
        if any(a.dep_ in {"relcl", "acl"} and ev.trigger not in a.subtree for a in t.ancestors):
            described.append(key)
        else:
            out.append(key)
    return out or list(dict.fromkeys(described))


def recent_country(index: EntityIndex, ev: EventMention) -> list[str]:
    """An intervention happens in another country: the one the text was last about ("… the country's civil war.
    Its ambitions were thwarted by Russia's 2015 intervention")."""
    agents = {p.entity for p in ev.fact.participants}
    key = index.antecedent(ev.trigger, ("country",), exclude=agents)
    return [key] if key else []
