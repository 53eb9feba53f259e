"""Events from the dependency parse: trigger words, their arguments, dates, places and casualty figures.

A trigger (a verb like "seized" or a noun like "bombings") opens an event; its arguments come from the parse
around it: the subject of an active verb or the possessor of a noun is the agent; "by X" is the agent of a
passive, whose subject is the victim; the object is the victim or target; "in/at/near <place>" is the place;
a date expression in the trigger's own clause is its date. Plural nouns with no date, place or victim
("carried out a number of attacks") are generic and make no event. Mentions of one event in a document are then
merged (see ``event_merge``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date

from spacy.tokens import Doc, Span, Token

from khabar.extract.actor_types import cues as actor_cues
from khabar.extract.attribution import credit_perpetrators, frame_attributions, speaks_for
from khabar.extract.casualties import harmed, head_count, is_people, listed_casualties, lives_taken, to_death
from khabar.extract.coref import EntityIndex
from khabar.extract.dates import find_dates
from khabar.extract.doc_sents import children, per_doc, sentences, span_text, token_view
from khabar.extract.event_dates import (
    anchor_yearless,
    claimed_day,
    date_for,
    dates_a_statement,
    dates_in,
    days_later,
    deed_days,
    interval_dates,
    own_day,
    says_year,
)
from khabar.extract.event_merge import (
    STATE_AGENT_WORDS,
    EventMention,
    absorb_nested,
    by_the_state,
    consolidate,
    counter_attack,
    fold_claimed,
    link_during,
    merge_mentions,
    share_scene,
    told_apart,
)
from khabar.extract.event_places import (
    EventPlaces,
    border_references,
    dateline_only,
    one_country_place,
    recent_country,
    sentence_places,
    span_of,
    with_precision,
)
from khabar.extract.figures import finish_figures
from khabar.extract.frames.doc import doc_frames
from khabar.extract.frames.lexicon import stamped
from khabar.extract.lexicon import (
    ATTACKER_NOUNS,
    AUTHORITY_NOUNS,
    CLAIM_NOUNS,
    EXPLOSIVE_NOUNS,
    FOUNDED_NOUNS,
    LIFE_TAKING_VERBS,
    LIGHT_VERBS,
    NOUN_TRIGGERS,
    SEIZED_THINGS,
    TO_DEATH_VERBS,
    VERB_TRIGGERS,
    WEAPON_NOUNS,
)
from khabar.extract.names import credit_regions
from khabar.extract.numbers import NUMBER_PATTERN, casualty_figures, parse_number
from khabar.extract.places import Geocoder
from khabar.extract.registry import EVENTS
from khabar.extract.sources import FigureSources
from khabar.extract.syntax import (
    LIST_PREPS,
    clause_head,
    is_passive,
    np_text,
    sentence_no,
    subject,
    trigger_like,
    without_speakers,
    year_modifier,
)
from khabar.extract.triggers import (
    COUNT_WORDS,
    attack_head,
    claimed_object,
    claims_violence,
    denied,
    describable,
    irrealis,
    is_air,
    is_human,
    negated,
    subtype_of,
    verbal,
    weapons_in,
    went_off,
)
from khabar.model import (
    PLACE_TYPES,
    Count,
    DateValue,
    DocFacts,
    EventFact,
    Figure,
    LocalEntity,
    Participant,
    Place,
)

__all__ = ["EventFinder"]

AGENT_ROLE = {
    "attack": "perpetrator",
    "kidnapping": "perpetrator",
    "arrest": "authority",
    "claim": "claimant",
}
PATIENT_ROLE = {"killing": "victim", "execution": "victim", "air_strike": "victim", "attack": "target"}
# deeds named by a noun whose "of" tells whom they were done to ("the killing of X", "the arrest of X")
PATIENT_OF_NOUNS = frozenset({"killing", "murder", "assassination", "massacre", "execution", "beheading",
                              "slaying", "lynching", "arrest", "detention", "bombing", "shelling"})  # fmt: skip
# the people of a side, counted as its own: with the side named, "al-Shabaab members", "fighters of the group";
# and who may stand for an armed group in ``EventFinder._actor`` ("militants from the faction Ansaru")
MEMBER_NOUNS = frozenset({"member", "members", "fighter", "fighters", "operative", "operatives", "loyalist",
                          "loyalists", "cadre", "cadres"})  # fmt: skip
SPOKESPEOPLE = frozenset(
    {"spokesman", "spokesperson", "spokeswoman", "spokesmen", "statement", "representative"}
)
VIOLENT = frozenset({"attack", "air_strike", "killing", "kidnapping"})
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "oneself"})
# who, unnamed, kills as an attack does ("militants killed 11 policemen": an armed assault, as "gunmen" is); not
# soldiers, police or "fighters", who kill in clashes and operations too
NON_STATE_KILLERS = frozenset(
    {"bomber", "bombers", "gunman", "gunmen", "attacker", "attackers", "assailant", "assailants", "militant",
     "militants", "rebel", "rebels", "insurgent", "insurgents", "guerrilla", "guerrillas", "terrorist",
     "terrorists", "jihadist", "jihadists", "extremist", "extremists", "bandit", "bandits", "raider", "raiders",
     "knifeman", "shooter", "shooters", "assassin", "assassins", "kidnapper", "kidnappers", "separatist",
     "separatists", "maoist", "maoists", "naxalite", "naxalites", "militiaman", "militiamen", "gangster",
     "gangsters", "sicario", "sicarios"}
)  # fmt: skip
HABITUAL = frozenset({"repeatedly", "regularly", "often", "frequently", "routinely", "usually", "sometimes"})
# what makes a plural deed a kind of deed even when dated or placed ("similar raids this year", "such attacks in
# the city", "a wave of bombings in Kabul"), where "the January twin bombings in Kerman" are one event
KIND_MARKERS = frozenset(
    {"such", "similar", "repeated", "frequent", "recent", "previous", "past", "earlier", "other", "sporadic",
     "regular", "daily", "weekly", "nightly", "separate"}
)  # fmt: skip
# a run of deeds: one coordinated event when dated to a day ("a series of blasts on Sunday"), else a kind ("a wave
# of bombings this year"); a number ("multiple blasts", "several explosions") is neither
RUN_NOUNS = frozenset({"series", "wave", "string", "spate", "spree", "campaign"})

AddFn = Callable[..., None]  # add(role, entity_key, text=None)
# The lemmas ``EventFinder._kind`` reads an event from besides the trigger lexicons' own ("open fire", "set
# ablaze", "took over", "the group said it carried out ..."): a word with none of these is no trigger.
CUE_LEMMAS = frozenset(
    {"open", "fire", "plant", "place", "hurl", "throw", "toss", "detonate", "set", "drop", "blow", "take", "enter",
     "go", "surrender", "say", "claim", "target", "kill", "destroy", "damage", "wreck", "release", "come",
     "wound", "injure", "maim"}
) | TO_DEATH_VERBS | LIFE_TAKING_VERBS  # fmt: skip
# "a bomb killed/wounded five", "gunmen wounded three": an attack told by its harm, when a bomb or attackers did it
HARM_CUES = frozenset({"kill", "wound", "injure", "maim"})
# what an attack noun is made from the air with ("a drone attack", "an air raid"); not "rocket attack": rockets
# are fired from the ground as often
FROM_THE_AIR = frozenset({"air", "drone", "aerial", "airstrike", "helicopter"})
# what a state fires, told with its demonym ("Russian missiles hit …", "Israeli jets struck …")
STATE_ARMS = frozenset(
    {"missile", "rocket", "drone", "jet", "warplane", "aircraft", "plane", "helicopter", "gunship", "bomber",
     "artillery", "shell", "tank", "warship", "navy", "airstrike"}
)  # fmt: skip
TALLY = 5  # deeds counted by at least this many are a tally ("five attacks this month"), not one event
_TRIGGER_LEMMAS = frozenset(VERB_TRIGGERS) | frozenset(NOUN_TRIGGERS) | CUE_LEMMAS


def _may_trigger(lemma: str, lower: str) -> bool:
    """Whether any rule of ``EventFinder._kind`` can make an event of a word with this lemma and lower form."""
    return lemma in _TRIGGER_LEMMAS or lower in NOUN_TRIGGERS


class EventFinder(EventPlaces):
    """Finds the events of one parsed document (component ``khabar.events.v2``)."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder
        self._index: EntityIndex | None = None
        self._sources: FigureSources | None = None
        self._attackers: set[int] = set()

    def find(self, doc: Doc, facts: DocFacts) -> None:
        try:
            self._find(doc, facts)
        finally:  # the document's own state goes with it: kept, it would keep the last Doc alive
            self._index, self._sources, self._attackers = None, None, set()

    def _find(self, doc: Doc, facts: DocFacts) -> None:
        index = EntityIndex.of(doc, facts)
        self._index = index
        self._sources = FigureSources(doc_frames(doc), index)
        self._attackers = set()  # ids of figures counting attackers ("troops killed 13 militants")
        published = facts.document.published
        skip = credit_regions(facts.document.text)
        found: list[EventMention] = []
        told: list[DateValue] = []  # dates with their year, in the order the story tells them
        view = token_view(doc)
        toks, lem, low = view.tokens, view.lemma, view.lower
        lead = _dateline_day(facts)
        told_toll_first: list[tuple[Span, int]] = []  # toll sentences before any deed is told
        for sent in sentences(doc):
            if span_text(sent).strip().endswith("?") or any(a <= sent.start_char < b for a, b in skip):
                continue  # a question asserts nothing; credit lines hold no facts
            sent_no = sentence_no(facts, sent)
            dates = dates_in(sent, published)
            here = [v for _span, v in dates if says_year(v)]
            mentions: list[EventMention] = []
            for i in range(sent.start, sent.end):
                if not _may_trigger(lem[i], low[i]):
                    continue  # what _kind refuses first, without building the token
                tok = toks[i]
                ev = self._trigger(tok, index, sent_no)
                if ev is None:
                    continue
                self._arguments(ev, index, facts)
                if claimed_object(ev.trigger):
                    # "claimed responsibility for the shooting on Tuesday" dates the claim; but a claim follows
                    # its deed within days, so its month or year ("in May 2019 the group claimed…") is the deed's;
                    # and a day written before the deed's noun is its own ("claimed Saturday's bombing")
                    said = date_for(ev.trigger, dates)
                    kept = said if said is not None and said.precision in {"month", "year"} else None
                    ev.fact.date = own_day(ev.trigger, dates) or claimed_day(ev.trigger, dates) or kept
                else:
                    # "claimed Saturday's bombing": that day is the bombing's, not the claim's
                    usable = dates
                    if ev.fact.type == "claim" and (deeds := deed_days(dates)):
                        usable = [d for d in dates if d not in deeds]
                    ev.fact.date = date_for(ev.trigger, usable) or ev.fact.date
                    if (
                        ev.fact.date is None
                        and lead is not None
                        and sent.start_char == lead[0]
                        and not any(dates_a_statement(span) for span, _v in dates)
                    ):
                        # "Bogota, Dec 6 (EFE) - An attack … killed six": that day's news; but not where the lead
                        # dates something else ("…, military sources said on Monday"): the deed came before it
                        ev.fact.date = lead[1]
                    if ev.fact.date is not None:
                        ev.fact.date = anchor_yearless(ev.fact.date, told, published, later=here)
                    elif ev.trigger.pos_ == "VERB" or not ev.generic:
                        ev.fact.date = days_later(span_text(sent), told)  # "Eleven days later, a bomber struck …"
                ev.told_dates = list(here)
                mentions.append(ev)
            told += here
            interval_dates(sent, mentions, found)
            link_during(mentions)
            _damage_told(sent, mentions)
            absorb_nested(mentions)
            violent_here = [e for e in mentions if e.fact.type in VIOLENT and not e.absorbed and not e.generic]
            if violent_here and told_toll_first:
                # "Nineteen were reported dead in the city. A car bomb struck a bus": a report's toll told
                # before the deed it belongs to, in the sentence or two before it
                for toll_sent, toll_no in told_toll_first:
                    if sent_no - toll_no <= 2:
                        self._casualties(toll_sent, toll_no, violent_here, [])
                told_toll_first = []
            elif not violent_here and not found and casualty_figures(span_text(sent)):
                told_toll_first.append((sent, sent_no))
            self._casualties(sent, sent_no, mentions, found)
            _split(mentions, facts, index)
            for ev in mentions:
                if _after_publication(ev.fact.date, published):
                    # "killed 10 soldiers as they returned to observe a Christmas truce" in a December 15 report:
                    # a deed the report tells has happened cannot be dated after it was published
                    ev.fact.date = None
                towns = [k for k in ev.places if facts.entities[k].type in {"location", "facility"}]
                if _war_tally(ev):
                    ev.generic = True  # "jihadist attacks left nearly 4,000 dead last year": a count
                elif (
                    ev.generic
                    and not ev.tally
                    and (ev.fact.date or len(towns) == 1 or ev.fact.killed)
                    and not _a_kind(ev.trigger, ev.fact.date is not None and ev.fact.date.precision == "day")
                ):
                    ev.generic = False  # "the January twin bombings in Kerman": plural, but one event
                if ev.fact.type == "claim" and not ev.places:
                    # "Two days after the raid, the group said…": the claim is about that raid
                    ev.places = [k for m in mentions if m.fact.type == "attack" for k in m.places]
                if ev.fact.type == "intervention" and not ev.places:
                    ev.places = recent_country(index, ev)
                if (
                    ev.fact.type == "attack"
                    and not ev.places
                    and ev.fact.date
                    and ev.fact.date.precision == "day"
                ):
                    ev.places = sentence_places(sent, index, ev)
            for e in mentions:
                if e.generic or e.tally or e.absorbed or _empty_clash(e):
                    continue
                if e.claimed and fold_claimed(
                    e, found + [m for m in mentions if m is not e and not m.claimed], facts
                ):
                    continue
                found.append(e)
        merged = consolidate(merge_mentions(found, facts), facts)
        for ev in merged:  # a raid that killed while it took people ("stormed a hotel … took 170 hostages … 20 killed")
            if ev.raid and ev.fact.type == "kidnapping" and ev.fact.killed is not None and (ev.fact.killed.min or 0):
                ev.fact.type, ev.fact.subtype = "attack", "hostage_taking"
        share_scene(merged, facts)
        frame_attributions(doc_frames(doc), merged, index)
        credit_perpetrators(doc, merged, index, facts)
        only = one_country_place(facts, besides=border_references(doc, index))
        for (
            ev
        ) in merged:  # a release is where its sentence says the freed came ("arrived in X to celebrate …")
            if (ev.fact.type not in VIOLENT and ev.fact.type != "release") or ev.places:
                continue
            for (
                n
            ) in ev.fact.sentences:  # the place its sentences name; in a one-country report, that country's
                ev.places += [
                    k for k in sentence_places(span_of(doc, facts, n), index, ev) if k not in ev.places
                ]
            if not ev.places and only is not None and not _acts_in(ev, only):
                ev.places = [only]
        town = _one_town(facts) if only is not None else None
        # "… an attack in Pakistan … at the Mardan camp": a one-country report's one town is finer than the country
        for ev in merged:
            if (
                town is not None
                and ev.fact.type in VIOLENT
                and ev.places
                and all(facts.entities[k].type == "country" for k in ev.places)
                and not _acts_in(ev, town)
            ):
                ev.places = [town, *ev.places]
        for ev in merged:
            around = [
                k for n in ev.fact.sentences for k in sentence_places(span_of(doc, facts, n), index, ev)
            ]
            self._finish_place(ev, facts, around + ([only] if only and not _acts_in(ev, only) else []))
            # a raid by troops that kills militants: that is its toll
            if ev.fact.type == "attack" and not (
                by_the_state(ev.trigger) or by_the_state(clause_head(ev.trigger))
            ):
                _drop_attackers_dead(ev.fact, self._attackers)
            finish_figures(ev.fact)
            ev.fact.targets = [t for t in ev.fact.targets if _struck_thing(t)]
            ev.fact.participants = [
                p for p in ev.fact.participants if p.entity or not _bare_number(p.text or "")
            ]
            facts.events.append(ev.fact)

    # -- triggers ---------------------------------------------------------------------------------------
    def _kind(self, tok: Token, index: EntityIndex) -> tuple[str, str | None] | None:
        lemma = tok.lemma_.lower()
        if not _may_trigger(lemma, tok.lower_):
            return None  # most words: no rule below can make an event of them, so none is tried
        kids = list(children(tok))
        if verbal(tok):
            if lemma in TO_DEATH_VERBS and to_death(tok):
                lemma = "kill"  # "rebels hacked five villagers to death": killed them, as the kill rules read it
            elif lemma in LIFE_TAKING_VERBS and lives_taken(tok) is not None:
                lemma = "kill"  # "separatists claimed the lives of five soldiers", "the raid took 12 lives"
            if lemma == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in kids):
                return ("attack", "armed_assault")
            if lemma == "fire" and any(
                c.dep_ in {"prep", "prt"} and c.lower_ in {"on", "at", "upon"} for c in kids
            ):
                return ("attack", "armed_assault")  # "a gunman fired on the embassy", "they were fired on"
            if lemma == "come" and _came_under(tok) is not None and not any(
                trigger_like(p) for p in _under_objects(tok)
            ):
                return ("attack", "armed_assault")  # "a patrol came under fire from militants"
            weapon_objects = {
                t.lemma_.lower() for c in kids if c.dep_ in {"dobj", "nsubjpass"} for t in c.subtree
            }
            if tok.dep_ == "acl":  # "a mine planted by rebels"
                weapon_objects.add(tok.head.lemma_.lower())
            if lemma in {"plant", "place", "hurl", "throw", "toss", "detonate", "set"} and weapon_objects & {
                "bomb",
                "explosive",
                "mine",
                "device",
                "grenade",
                "dynamite",
                "charge",
                "ied",
                "cocktail",
            }:
                return ("attack", "bombing")  # "left a mine beside a road"
            if lemma == "set" and any(
                c.lower_ in {"fire", "ablaze", "alight"} for c in kids for c in [c, *children(c)]
            ):
                return ("attack", "facility_attack")  # "set the bus on fire"
            if lemma == "drop" and any(
                c.dep_ == "dobj" and any(t.lemma_.lower() in {"bomb", "missile"} for t in c.subtree)
                for c in kids
            ):
                return ("air_strike", None)
            if lemma == "blow" and any(c.dep_ == "prt" and c.lower_ == "up" for c in kids):
                return ("attack", "bombing")
            if went_off(tok):
                return ("attack", "bombing")  # "a grenade went off in a market"
            if lemma == "take" and any(c.dep_ == "prt" and c.lower_ == "over" for c in kids):
                taken = [index.entity_in(c) for c in kids if c.dep_ == "dobj"]
                if not taken or any(
                    k is not None and index.type_of(k) in {"armed_group", "organization"} for k in taken
                ):
                    return None  # "took over the group", "took over after X was killed": a leadership
                return ("capture", None)
            if lemma == "enter" and not is_passive(tok) and self._armed_entry(tok, index):
                return ("capture", None)  # "fighters of the M23 entered Goma", "the Taliban entered Kabul"
            if lemma == "surrender" and self._gives_up(tok, index):
                return ("arrest", None)  # "five suspects surrendered to the police": now in custody
            if lemma in {"say", "claim"} and claims_violence(tok, index):
                return ("claim", None)
            if lemma == "target" and (s := subject(tok)) is not None and s.lemma_.lower() in ATTACKER_NOUNS:
                return ("attack", None)  # "Two suicide bombers targeted a rally"
            if lemma in HARM_CUES and not is_passive(tok) and (s := subject(tok)) is not None:
                # "a suicide bomber of the BLA killed three teachers", "two car bombs killed nine people": an
                # attack, told by its toll
                if s.lower_ in {"bomber", "bombers", "gunman", "gunmen", "attacker", "attackers", "assailant",
                                "assailants"}:  # fmt: skip
                    return ("attack", "bombing" if s.lower_ in {"bomber", "bombers"} else "armed_assault")
                if s.lemma_.lower() in EXPLOSIVE_NOUNS:
                    return ("attack", "bombing")
            if (
                lemma in {"destroy", "damage", "wreck"}
                and not is_passive(tok)
                and (s := subject(tok)) is not None
            ):
                # "a bomb destroyed the offices", "guerrillas destroyed two bridges": a deed told by its damage
                if s.lemma_.lower() in EXPLOSIVE_NOUNS | {"blast", "explosion"}:
                    return ("attack", "bombing")
                if s.lower_ in ATTACKER_NOUNS or s.lemma_.lower() in ATTACKER_NOUNS:
                    return ("attack", "facility_attack")
            kind = VERB_TRIGGERS.get(lemma)
            if kind is None or not self._verb_ok(tok, lemma, index):
                return None
            if lemma == "invade" and self._invaded_place(tok, index):
                return ("attack", "armed_assault")  # "bandits invaded a farming community": a raid on it
            if kind[0] == "attack" and _from_the_air(tok):
                return ("air_strike", None)  # "an aircraft struck a vehicle", "drones bombed the camp"
            return kind
        if tok.pos_ in {"NOUN", "PROPN"} and tok.dep_ not in {"compound", "amod"}:
            kind = NOUN_TRIGGERS.get(lemma) or NOUN_TRIGGERS.get(tok.lower_)
            if lemma == "release" and self._people_released(tok, index):
                return ("release", None)  # "celebrate their release", "the release of 40 hostages"
            if kind is None:
                if lemma in CLAIM_NOUNS and tok.head.lemma_.lower() == "claim":
                    return None  # "claimed responsibility" is handled on the verb
                return None
            if lemma == "strike" and _labour_strike(tok):
                return None  # "the strike by dock workers", "a general strike": no attack
            if lemma == "strike" and (is_air(tok, index) or self._state_strike(tok, index)):
                return ("air_strike", None)
            if kind[0] == "attack" and any(c.lower_ in FROM_THE_AIR for c in kids if c.dep_ in {"compound", "amod"}):
                return ("air_strike", None)  # "a drone attack on a village", "an air raid", "aerial bombardment"
            if lemma == "invasion" and self._invaded_site(tok, index):
                return ("attack", "facility_attack")  # "the invasion of the school": an attack on a site
            if lemma == "formation" and not any(c.dep_ == "prep" and c.lower_ == "of" for c in kids):
                return None
            return kind
        return None

    @staticmethod
    def _state_strike(tok: Token, index: EntityIndex) -> bool:
        """ "French forces carried out a strike near Menaka": a strike a state's forces carry out is from the air."""
        frame = next((f for f in doc_frames(tok.doc) if f.pred.i == tok.i), None)
        if frame is None:
            return False
        for t in frame.args.get("agent", []):
            key = index.entity_in(t)
            if key is None:
                continue
            ent = index.facts.entities[key]
            if ent.type == "country" or (ent.type == "organization" and ent.place is not None):
                return True
            if ent.type == "organization" and any(
                w in ent.name.lower() for w in ("forces", "military", "army")
            ):
                return True
        return False

    @staticmethod
    def _invaded_site(tok: Token, index: EntityIndex) -> bool:
        """An invasion of a school, a town or a camp is a raid on it, not a state's intervention in a country."""
        for c in children(tok):
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in children(c):
                    key = index.entity_in(p) if p.dep_ == "pobj" else None
                    if key is not None and index.type_of(key) == "country":
                        return False
                    if p.dep_ == "pobj":
                        return True
        return False

    @staticmethod
    def _invaded_place(verb: Token, index: EntityIndex) -> bool:
        """ "Bandits invaded the village of X", "gunmen invaded a school": a raid on a place, not a state's
        intervention ("Russian troops invaded Ukraine", "the army invaded the enclave": those stay one)."""
        subj = subject(verb)
        if by_the_state(verb) or (
            subj is not None
            and any((k := index.entity_at(t)) is not None and index.type_of(k) == "country" for t in subj.subtree)
        ):
            return False
        dobj = next((c for c in children(verb) if c.dep_ == "dobj"), None)
        return dobj is not None and not any(
            (k := index.entity_at(t)) is not None and index.type_of(k) == "country" for t in dobj.subtree
        )

    @staticmethod
    def _armed_entry(tok: Token, index: EntityIndex) -> bool:
        """An armed group (or its fighters) entering a town or a country: the way copy tells of its fall."""
        subj = subject(tok)
        if subj is None:
            return False
        armed = any(
            (k := index.entity_at(t)) is not None and index.type_of(k) == "armed_group" for t in subj.subtree
        )
        places = [index.by_token.get(c.i) for c in children(tok) if c.dep_ == "dobj"]
        return armed and any(k is not None and index.type_of(k) in {"location", "country"} for k in places)

    @staticmethod
    def _people_released(tok: Token, index: EntityIndex) -> bool:
        """A release of people ("their release", "the release of 40 hostages"), not of a video or a report."""
        for c in children(tok):
            if c.dep_ == "poss" and (c.lower_ in {"their", "his", "her"} or is_human(c, index)):
                return True
            if c.dep_ == "prep" and c.lower_ == "of" and any(is_human(p, index) for p in children(c)):
                return True
        return False

    @staticmethod
    def _gives_up(tok: Token, index: EntityIndex) -> bool:
        """People (not a group, a town or an army) who surrender give themselves into custody."""
        subj = _surrendering(tok)
        if subj is None:
            return False
        key = index.entity_at(subj) or index.entity_in(subj)
        if key is not None:
            return index.type_of(key) == "person"
        return is_people(subj) and not any(w.lower_ in STATE_AGENT_WORDS for w in subj.subtree)

    @staticmethod
    def _people_taken(tok: Token, index: EntityIndex) -> bool:
        """What was captured is people: a person, people nouns, or a bare number ("four were captured")."""
        for o in (c for c in children(tok) if c.dep_ in {"dobj", "nsubjpass"}):
            key = index.entity_at(o)
            if key is not None:
                if index.type_of(key) == "person":
                    return True
                continue
            if o.lower_ in COUNT_WORDS and any(c.dep_ == "prep" and c.lower_ == "of" for c in children(o)):
                if is_human(o, index):  # "several of the villagers", not "several of their rifles"
                    return True
                continue
            if is_people(o) and o.ent_type_ != "NORP" or (o.pos_ == "NUM" and o.like_num):
                return True
        return False

    def _verb_ok(self, tok: Token, lemma: str, index: EntityIndex) -> bool:
        """Filters that keep ordinary uses of trigger verbs from becoming events."""
        if tok.dep_ == "acl" and tok.head.lower_ in REFERRING_HEADS and not any(children(tok)):
            return False  # "some of those abducted were children": people of a deed told already, no new deed
        objects = [c for c in children(tok) if c.dep_ in {"dobj", "nsubjpass"}]
        if (
            lemma in {"kill", "wound", "injure"}
            and tok.dep_ in {"advcl", "xcomp", "conj", "acl"}
            and attack_head(tok)
            # "…, a week after bandits killed 20 people": a clause of its own, another deed before or after it
            and not any(c.dep_ == "mark" and c.lower_ in {"after", "before", "since"} for c in children(tok))
        ):
            return False  # "…opened fire, killing 137": a casualty figure of the attack, not a new event
        if lemma in {"free", "release"}:
            return any(is_human(o, index) for o in objects) or (
                tok.dep_ == "acl" and is_human(tok.head, index)
            )
        if lemma in {"found", "form", "establish"}:
            return any(
                o.lemma_.lower() in FOUNDED_NOUNS
                or (
                    index.entity_at(o) is not None
                    and index.type_of(index.entity_at(o) or "") == "armed_group"
                )
                for o in objects
            )
        if lemma in {"strike", "hit"}:
            # "struck three churches"; "gunmen and suicide bombers struck outside the stadium"; not "hit by a car"
            hitter = [p for c in children(tok) if c.dep_ == "agent" for p in children(c) if p.dep_ == "pobj"]
            if any(h.lemma_.lower() in TRAFFIC for h in hitter):
                return False
            subj = subject(tok)
            return bool(objects) or (
                subj is not None
                and any(t.lower_ in ATTACKER_NOUNS for t in subj.subtree)
                and not is_passive(tok)
            )
        if lemma == "fight":  # "fought against X"; "fought along with X" names allies, not a foe
            return any(
                c.dep_ == "prep" and c.lower_ in {"with", "against"} for c in children(tok)
            ) and not any(c.lower_ == "along" for c in children(tok))
        if lemma in {"capture", "seize"}:  # a town or people, not "dozens of weapons" or "two vehicles"
            return any(not _seized_thing(o) for x in objects for o in (x, *x.conjuncts))
        return not (lemma in {"shoot", "gun"} and tok.dep_ == "amod")

    def _trigger(self, tok: Token, index: EntityIndex, sent_no: int) -> EventMention | None:
        kind = self._kind(tok, index)
        if kind is None or negated(tok) or irrealis(tok):
            return None
        etype, subtype = kind
        if etype == "attack" and verbal(tok) and counter_attack(tok):
            etype, subtype = "killing", None  # police shooting the attackers: a killing, not the attack
        if etype == "attack" and subtype is None:
            subtype = subtype_of(tok)
        if etype == "capture" and verbal(tok) and self._people_taken(tok, index):
            # "four soldiers were captured": people taken are abducted (by the state's forces: arrested), not a
            # town taken
            etype = "arrest" if by_the_state(tok) else "kidnapping"
        fact = EventFact(
            type=etype, subtype=subtype, sentences=[sent_no], extractor=stamped(EVENTS), trigger=tok.text
        )
        # an indefinite plural is a kind of event ("a number of attacks"); "the attacks", "Sunday's bombings"
        # point at one
        definite = any(c.lower_ in {"the", "these", "those"} for c in children(tok))
        generic = tok.tag_ in {"NNS", "NNPS"} and etype not in {"clash"} and not definite
        # "killed in separate clashes", "similar clashes": several deeds, clashes too
        generic = generic or (tok.tag_ in {"NNS", "NNPS"} and _a_kind(tok, one_day=True))
        # "has attacked Shia Hazaras repeatedly", "often kidnaps travellers": a habit, not one event
        generic = generic or any(c.lower_ in HABITUAL for c in children(tok) if c.dep_ == "advmod")
        # "the 44 terrorist attacks on the pipeline this year": a tally of deeds, no one deed; "the war has killed
        # more than 10,000 people": a war's running count
        tally = tok.tag_ in {"NNS", "NNPS"} and any(
            c.dep_ == "nummod" and (n := parse_number(c.text)) is not None and n >= TALLY for c in children(tok)
        )
        tally = tally or _war_count(tok) or _counted_so_far(tok) or _counted_over_a_period(tok)
        return EventMention(fact=fact, trigger=tok, sentence=sent_no, generic=generic or tally, tally=tally)

    # -- arguments --------------------------------------------------------------------------------------
    def _arguments(self, ev: EventMention, index: EntityIndex, facts: DocFacts) -> None:
        tok = ev.trigger
        etype = ev.fact.type
        agent_role = AGENT_ROLE.get(etype, "agent")
        patient_role = PATIENT_ROLE.get(etype, "target")
        surrender = etype == "arrest" and tok.lemma_.lower() == "surrender"
        if surrender:
            agent_role = patient_role  # who surrendered is who is held
        parts = ev.fact.participants

        def add(role: str, key: str | None, text: str | None = None) -> None:
            if key is None and not text:
                return
            if key is not None and index.type_of(key) in {"location", "facility"}:
                if key not in ev.places:  # a town or a building acts in no event; it is where it happened
                    ev.places.append(key)
                return
            p = Participant(role=role, entity=key, text=text)
            if p not in parts:
                parts.append(p)

        def add_np(role: str, head: Token, allow_text: bool = True) -> None:
            if head.lower_ in REFLEXIVES:
                return  # "blew themselves up": the bombers, not a target
            # "killed eight civilians, residents and local radio said": the last of the list are who said it
            for t in without_speakers(index.conjuncts(head)):
                if t.i != head.i and trigger_like(t):
                    continue  # "a strike on a church … and a massive attack": the next list item, not a target
                people = index.collective(t)
                for person in people:
                    add(role, person)
                if people:
                    continue
                key = self._actor(t, index, facts)
                if (
                    key is not None
                    and index.by_token.get(t.i) != key
                    and is_people(t)
                    and (index.type_of(key) in PLACE_TYPES)
                ):
                    key = None  # "13 US service members": people of a country, not the country
                if (
                    key is not None
                    and role == "target"
                    and t.pos_ == "NOUN"
                    and index.by_token.get(t.i) is None
                    and not is_people(t)
                    and any(c.dep_ == "poss" and index.entity_at(c) == key for c in children(t))
                ):
                    key = None  # "shot at their car": the car was hit, not whoever "their" is
                if key is not None and index.type_of(key) in PLACE_TYPES - {"country"}:
                    if key not in ev.places:
                        ev.places.append(key)
                    continue
                if key is not None:
                    add(role, key)
                elif allow_text and describable(t):
                    if role == "target" and not is_people(t):
                        # buildings, vehicles, bridges: physical targets, not participants; "throwing
                        # grenades": the weapon, never the target
                        if (
                            t.lemma_.lower() not in WEAPON_NOUNS | {"fire", "flame", "blaze"}
                            and np_text(t) not in ev.fact.targets
                        ):
                            ev.fact.targets.append(np_text(t))
                    elif role in {"perpetrator", "agent", "authority"} and not _may_act(t):
                        continue  # "hit by a car", "killed by a bomb": a thing does no deed
                    elif role in {"perpetrator", "agent"} and _band_of_attackers(t):
                        add(role, None, _band_text(t))  # "taken hostage by a group of terrorists"
                    else:
                        add(role, None, np_text(t))

        came = _came_under(tok)
        if came is not None:  # "troops came under fire from militants": the troops were attacked by them
            attacked, attackers = came
            if attacked is not None:
                add_np("target", attacked)
            for t in attackers:
                add_np("perpetrator", t)
        elif verbal(tok):
            self._verb_arguments(ev, index, facts, add, add_np, agent_role, patient_role)
            if surrender:  # "surrendered to the military": who holds them now
                for c in children(tok):
                    if c.dep_ == "prep" and c.lower_ == "to":
                        for p in children(c):
                            if p.dep_ == "pobj":
                                add_np(AGENT_ROLE.get(etype, "agent"), p, True)
        else:
            self._noun_arguments(ev, index, facts, add, add_np, agent_role)
        self._places_near(ev, index)
        ev.fact.weapons = weapons_in(tok, index.sent_of(tok))
        if ev.fact.type == "attack" and ev.fact.subtype in {"bombing", "facility_attack", None}:
            self._struck_sites(ev, index)

    def _verb_arguments(self, ev: EventMention, index: EntityIndex, facts: DocFacts, add: AddFn,
                        add_np: Callable[..., None], agent_role: str, patient_role: str) -> None:  # fmt: skip
        tok = ev.trigger
        etype = ev.fact.type
        # "the pupils abducted in March": the noun a past participle modifies is its patient
        passive = is_passive(tok) or (
            tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in {"NOUN", "PROPN"}
        )
        subj = subject(tok)
        if surrender := (etype == "arrest" and tok.lemma_.lower() == "surrender"):
            subj = _surrendering(tok)
        if subj is not None:
            if passive:
                add_np(
                    patient_role if etype != "founding" else "agent", subj, etype in {"arrest", "kidnapping"}
                )
            elif subj.lower_ not in {"who", "which", "that"} or subj.head.i != tok.i:
                key = self._actor(subj, index, facts)
                if key is None and (speaker := _speaker_of_own_deed(tok, subj)) is not None:
                    key = self._actor(speaker, index, facts)  # "the Nigerian army said it killed 30 insurgents"
                if key is not None:
                    add(agent_role, key)
                elif (
                    (etype in {"attack", "kidnapping"} or surrender)
                    and describable(subj)
                    and (
                        is_people(subj)
                        or subj.lemma_.lower() in ATTACKER_NOUNS
                        or _band_of_attackers(subj)
                        or _irregulars(subj)
                    )
                ) or (
                    # "militants killed 11 policemen": who killed, unnamed (not "a bomb", not "the floods")
                    etype in {"killing", "execution"}
                    and describable(subj)
                    and (subj.lower_ in NON_STATE_KILLERS or _irregulars(subj))
                ):
                    add(
                        agent_role, None, _band_text(subj) if _band_of_attackers(subj) else np_text(subj)
                    )  # "unidentified gunmen"; not "a car bomb"
            else:
                key = index.entity_at(subj)
                if key is not None:
                    add(agent_role, key)
        taken = lives_taken(tok)  # "claimed the lives of five soldiers": the soldiers, not their lives
        objects = (
            [t for t in taken if t.lemma_.lower() != "life"]
            if taken is not None
            else [c for c in children(tok) if c.dep_ == "dobj"]
        )
        if not objects and tok.dep_ != "conj" and taken is None:
            objects = [c for v in children(tok) if v.dep_ == "conj" for c in children(v) if c.dep_ == "dobj"]
        if not objects and tok.dep_ == "conj":  # "detained and charged three Moroccan men"
            objects = [c for c in children(tok.head) if c.dep_ == "dobj"]
        for c in objects:
            if etype in {"attack", "air_strike", "kidnapping"}:
                # "struck three churches … in Sri Lanka", "attacked army posts, towns and a festival in Israel"
                # (a place said once for the whole list; sites each in their own town are placed one by one)
                preps = [p for o in index.conjuncts(c) for p in children(o)
                         if p.dep_ == "prep" and p.lower_ in {"in", "at", "near"}]  # fmt: skip
                if len(preps) > 1:
                    preps = [p for p in children(c) if p.dep_ == "prep" and p.lower_ in {"in", "at", "near"}]
                for p in (p for prep in preps for p in children(prep) if p.dep_ == "pobj"):
                    self._collect_place(p, ev, index)
            if etype == "founding":
                add_np("agent", c, False)
            elif etype == "capture":
                self._places_under(c, ev, index)
                add_np("target", c, False)
                # "entered Damascus and President Assad fled": a town is taken, not the man the parse joins to it
                ev.fact.participants = [p for p in ev.fact.participants if not (
                    p.role == "target" and p.entity and index.type_of(p.entity) == "person")]  # fmt: skip
            elif etype == "air_strike" or (
                etype == "attack" and c.lemma_.lower() in {"fire", "bomb", "explosive"}
            ):
                continue  # "dropped the 'Mother of all Bombs'", "opened fire": the weapon, not the target
            else:
                add_np(patient_role if etype != "arrest" else "target", c, etype not in {"founding"})
        for c in children(tok):
            if c.dep_ == "agent":
                for p in children(c):
                    if p.dep_ == "pobj" and not trigger_like(p):
                        add_np(agent_role, p)
            elif c.dep_ == "prep" and c.lower_ in {"with", "against", "between"} and etype == "clash":
                for p in children(c):
                    if p.dep_ == "pobj":
                        add_np("agent", p, False)
            elif c.dep_ == "prep" and c.lower_ in {"on", "against"} and etype in {"attack", "air_strike"}:
                for p in children(c):
                    if p.dep_ == "pobj":
                        add_np("target", p)
        if (
            etype == "air_strike"
            and tok.dep_ == "xcomp"
            and tok.head.lemma_.lower() in {"order", "authorize"}
        ):
            boss = subject(tok.head)  # "Trump ordered troops to drop…"
            if boss is not None:
                key = self._actor(boss, index, facts)
                if key:
                    add("agent", key)
        if etype == "attack" and tok.dep_ == "advcl" and tok.lemma_.lower() in {"kill", "wound"}:
            return

    def _doer_abroad(self, mod: Token, country: str, index: EntityIndex) -> bool:
        """ "a Ukrainian drone attack on a refinery in Russia": a demonym on an attack whose own phrase places it in
        another country names who attacked, not where ("the Moscow attack", "a Kenyan attack" stay places)."""
        if mod.pos_ != "ADJ" or self.geocoder.country_of_demonym(mod.text) is None:
            return False
        mine = index.facts.entities[country].name
        for t in mod.head.subtree:
            key = index.by_token.get(t.i)
            ent = index.facts.entities.get(key) if key else None
            where = ent.place if ent is not None else None
            if where is not None and (where.country or where.name) not in {None, mine}:
                return True
        return False

    def _noun_arguments(self, ev: EventMention, index: EntityIndex, facts: DocFacts, add: AddFn,
                        add_np: Callable[..., None], agent_role: str) -> None:  # fmt: skip
        tok = ev.trigger
        etype = ev.fact.type
        for c in children(tok):
            if c.dep_ in {"poss", "compound", "amod", "nmod"}:
                key = self._actor(c, index, facts)
                if key is None:
                    continue
                kind = index.type_of(key)
                if kind in PLACE_TYPES - {"country"} or (
                    kind == "country" and etype == "attack" and c.dep_ != "poss" and not self._doer_abroad(c, key, index)
                ):
                    ev.places.append(key)  # "the Moscow attack"
                else:
                    add(agent_role, key)
            elif c.dep_ == "prep" and c.lower_ == "by":
                for p in children(c):
                    if p.dep_ == "pobj":
                        add_np(agent_role, p)
            elif c.dep_ == "prep" and c.lower_ in {"on", "against"}:
                for p in children(c):
                    if p.dep_ == "pobj":
                        add_np("target", p)
            elif c.dep_ == "prep" and c.lower_ == "between" and etype == "clash":
                for p in children(c):
                    if p.dep_ == "pobj":
                        add_np("agent", p, False)
            elif c.dep_ == "prep" and c.lower_ == "of" and etype in {"founding", "capture", "kidnapping"}:
                for p in children(c):
                    if p.dep_ == "pobj":
                        add_np("agent" if etype == "founding" else "target", p, False)
                        self._places_under(p, ev, index)
            elif c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_.lower() in PATIENT_OF_NOUNS:
                # "the killing of X", "the assassination of the mayor", "the arrest of X and his wife": whom the
                # deed was done to ("the attack of the rebels" may name its doers: not read)
                for p in children(c):
                    if p.dep_ == "pobj":
                        people = is_people(p) or (
                            (k := index.entity_at(p)) is not None and index.type_of(k) == "person"
                        )
                        role = "target" if etype == "arrest" or not people else "victim"
                        add_np(role, p, people)
        year = year_modifier(tok)
        if year and ev.fact.date is None:
            ev.fact.date = DateValue(year, "year", text=year)
        self._light_verb_agent(ev, index, facts, add)
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in {"in", "by"} and head.head.lemma_.lower() in {
            "kill", "wound", "injure", "die", "execute",
        }:  # fmt: skip
            killed = head.head  # "both were killed in U.S. strikes"; "the US killed X in a drone strike"
            active = not is_passive(killed) and killed.lemma_.lower() != "die"
            for c in children(killed):
                if c.dep_ in ({"dobj"} if active else {"nsubjpass", "nsubj", "dobj"}):
                    add_np("victim", c, False)
                elif active and c.dep_ == "nsubj":
                    add_np(agent_role, c, False)
            if any(p.role == "victim" for p in ev.fact.participants):
                ev.generic = False

    def _light_verb_agent(self, ev: EventMention, index: EntityIndex, facts: DocFacts, add: AddFn) -> None:
        """ "It carried out attacks, including X, Y and Z": the subject of the light verb did X, Y and Z."""
        chain = ev.trigger
        for _ in range(12):
            head = chain.head
            if head.i == chain.i:
                return
            listed = chain.dep_ == "prep" and chain.lower_ in LIST_PREPS
            if (chain.dep_ in {"dobj", "nsubjpass"} or listed) and head.lemma_.lower() in LIGHT_VERBS:
                if head.dep_ == "ccomp" and denied(head.head):
                    return  # "No group has said it carried out the attacks"
                if negated(head):
                    return  # "Islamic State has not claimed responsibility for the attack": no doer named
                subj = subject(head)
                if subj is not None:
                    # "Taliban spokesman X claimed the attack": the group did it, not its spokesman
                    key = speaks_for(subj, index) or self._actor(subj, index, facts)
                    if key:
                        add(AGENT_ROLE.get(ev.fact.type, "agent"), key, None)
                return
            if chain.dep_ not in {"pobj", "prep", "conj", "appos"} and not (
                chain.dep_ == "dobj" and head.lemma_.lower() == "include"
            ):
                return
            chain = head

    def _actor(self, tok: Token, index: EntityIndex, facts: DocFacts) -> str | None:
        key = index.entity_in(tok)
        if key is not None:
            return key
        if tok.lemma_.lower() in ATTACKER_NOUNS | MEMBER_NOUNS:
            # "militants from the Nigerian faction Ansaru", "a bomber linked to al-Qaeda"
            for c in children(tok):
                if c.dep_ == "prep" and c.lower_ in {"of", "from"}:
                    via = [c]
                elif c.dep_ == "acl" and c.lemma_.lower() in {"affiliate", "link", "belong", "loyal", "tie"}:
                    via = [g for g in children(c) if g.dep_ == "prep" and g.lower_ in {"with", "to"}]
                else:
                    via = []
                for prep in via:
                    for p in children(prep):
                        key = index.entity_in(p) if p.dep_ == "pobj" else None
                        if key is not None and index.type_of(key) == "armed_group":
                            return key
        if tok.lemma_.lower() in SPOKESPEOPLE:  # "a spokesman of the Arakan Army said…"
            for c in children(tok):
                if c.dep_ == "prep" and c.lower_ in {"for", "of"}:
                    key = next((index.entity_in(p) for p in children(c) if p.dep_ == "pobj"), None)
                    if key is not None:
                        return key
        # "Russian authorities", "an American strike", "Russians": a demonym stands for its country's state,
        # but "three Moroccan nationals" are people, not Morocco
        armed = tok.lemma_.lower() in STATE_ARMS  # "Russian missiles", "Israeli jets": the state that fired them
        words = (
            [tok]
            if tok.lower_ not in AUTHORITY_NOUNS and not armed
            else [c for c in children(tok) if c.dep_ in {"amod", "compound"}]
        )
        for w in words:
            if w.pos_ in {"ADJ", "PROPN", "NOUN"} and w.text[:1].isupper():
                place = self.geocoder.country_of_demonym(w.text)
                if place is None:
                    continue
                if tok.lower_ in AUTHORITY_NOUNS and w.i != tok.i:
                    return _org_entity(facts, f"{w.text} {tok.text}", place)
                return index.country_key(place, EVENTS)
        return None

    def _casualties(
        self, sent: Span, here: int, events: list[EventMention], earlier: list[EventMention]
    ) -> None:
        """The sentence's tolls go to its violent event; a sentence with none ("At least 20 people were injured.")
        gives them to the last violent event of the sentences before."""
        text = span_text(sent)
        perfect = PERFECT_TOLL.search(text) is not None  # "have been killed": a count so far, maybe a war's
        if perfect and CUMULATIVE_TOLL.search(text):
            return  # "more than 60 civilians have been killed … since 2010": a conflict's running count, no deed's
        if _combined_toll(sent):
            return  # "the death toll from the van attack and a related stabbing rose to 15": no one deed's toll
        figures = casualty_figures(text)
        for field_name, parsed in listed_casualties(sent).items():
            listed_at = text.find(parsed.text) if parsed.text else -1
            if listed_at >= 0 and _attackers_counted(sent, sent.start_char + listed_at, self._index):
                continue  # "killing 31 …; all 3 gunmen were killed": the attackers' toll corrects no figure
            victims_part = _victims_only(sent, sent.start_char + listed_at, self._index) if listed_at >= 0 else None
            if victims_part is not None:
                # "six soldiers and 10 militants were killed": the victims' part is the toll, the attackers' part
                # none (and no figure read inside the list stands for it)
                end = listed_at + len(parsed.text)
                figures = [f for f in figures if not (f[0] == field_name and listed_at <= f[2] < end)]
                if victims_part.min:
                    figures.append((field_name, victims_part, listed_at))
                continue
            said = next((i for i, (f, _c, _o) in enumerate(figures) if f == field_name), None)
            if said is None:
                at = text.find(parsed.text) if parsed.text else -1
                figures.append((field_name, parsed, max(at, 0)))
            elif parsed.min not in (figures[said][1].min, figures[said][1].max) and not _SCALED_WORD.search(
                figures[said][1].text or ""
            ):  # (not "2 dozen", "three hundred": read whole by the pattern, only in part by the parse)
                figures[said] = (field_name, parsed, figures[said][2])  # the parse corrects a misread number
        period = bool(figures) and period_total(text)
        if period:
            # "were killed between January 2019 and February 2020", "last year … alone": a period's count, unless
            # a deed of a clause of its own holds the figure ("gunmen killed 12 on Sunday, after 40 were killed
            # between January and March")
            figures = [f for f in figures if not _counted_at(sent, sent.start_char + f[2])]
        if not figures:
            return
        figures.sort(key=lambda f: f[2])
        figures = _summed_breakdowns(text, figures)
        violent = [
            e for e in events
            if e.fact.type in {"attack", "air_strike", "killing", "execution", "clash"} and not e.absorbed
        ]  # fmt: skip
        if not violent:
            # "stormed the village, killing ten, and took away five women": the raid folded into the abduction it
            # made, whose toll this is
            violent = [e for e in events if e.fact.type == "kidnapping" and not e.absorbed and not e.generic]
        own = [e for e in violent if not e.generic]
        if (
            perfect
            and all(e.fact.type == "killing" and not e.places and e.fact.date is None for e in own)
            and any(c.min and c.min >= WAR_SCALE for _f, c, _a in figures)
        ):
            for e in own:  # "at least 10,000 people have been killed, most in air raids": a war's count, no deed
                e.generic = True
            return
        if not violent:
            recent = [e for e in earlier if e.fact.type in VIOLENT and not e.generic and not e.absorbed]
            if not recent or recent[-1].sentence < here - 2:
                return
            violent = recent[-1:]
            # "… after six years of violence and at least 15,000 deaths": a war's count, not the deed told before
            figures = [f for f in figures if not (f[1].min is not None and f[1].min >= WAR_SCALE)]
            if not figures:
                return
        default = next((e for e in violent if not e.generic), violent[0])
        specific = [e for e in violent if not e.generic and e.trigger.sent == sent]
        sources = self._sources
        target = default
        for field_name, count, at in figures:
            target = default
            offset = sent.start_char + at
            target = _deed_at(specific, sent, offset, default)
            doers = {
                p.entity for p in target.fact.participants if p.entity and p.role in {"perpetrator", "agent"}
            }
            struck = {p.entity for p in target.fact.participants if p.entity and p.role in {"victim", "target"}}
            src = sources.source(sent, offset, doers, struck) if sources is not None else None
            count = _added_to(count, _toll_before(target, field_name, earlier, here), text, at)
            fig = Figure(field_name, count, here, src.said_by if src else None, src.said_by_text if src else None,
                         bool(src and src.claim))  # fmt: skip
            if _attackers_counted(sent, offset, self._index):
                self._attackers.add(id(fig))
            if _EARLIER.search(text, 0, at):
                # "a corporal initially reported that four had been killed": an earlier figure, kept, not current
                target.fact.earlier.add((field_name, count.min, count.max, here))
            target.fact.figures.append(fig)
            if here not in target.fact.sentences:
                target.fact.sentences.append(here)
            if fig.claim:
                if src is not None and src.voice is not None:  # the claimant: a claimed doer, not a named one
                    claimant = Participant(role="claimant", entity=src.voice)
                    if claimant not in target.fact.participants and src.voice not in doers:
                        target.fact.participants.append(claimant)
                continue
            before_count = getattr(target.fact, field_name)
            if before_count is not None and (before_count.min, before_count.max) != (count.min, count.max):
                stated = target.fact.figure_sentences.get(field_name, target.sentence)
                target.fact.superseded.append((field_name, before_count, stated))  # "rose to 133": 60 is kept
            setattr(target.fact, field_name, count)
            target.fact.figure_sentences[field_name] = here  # the toll cites the sentence that states it
        for victim in harmed(sent):  # "a lieutenant and five civilians … were injured by the explosion"
            if period and _counted_over_a_period(victim):
                continue  # the victims a period's count names are no deed's
            target = _deed_at(specific, sent, victim.idx, target)
            for t in (
                [c for c in without_speakers(self._index.conjuncts(victim)) if c.pos_ in {"NOUN", "PROPN"}]
                if self._index
                else []
            ):
                key = self._index.by_token.get(t.i) if self._index else None
                if key is not None and self._index is not None and self._index.type_of(key) == "person":
                    p = Participant(role="victim", entity=key)
                elif t.pos_ in {"NOUN", "PROPN"} and is_people(t):
                    p = Participant(role="victim", text=np_text(t))
                else:
                    continue
                if p not in target.fact.participants:
                    target.fact.participants.append(p)


# -- helpers ----------------------------------------------------------------------------------------------


def _split(events: list[EventMention], facts: DocFacts, index: EntityIndex) -> None:
    """One event per town captured ("captured Raqqa and Deir ez-Zor in 2013 and 2014") and per person killed in
    plural strikes ("both were killed in U.S. strikes")."""
    extra: list[EventMention] = []
    for ev in events:
        if ev.generic:
            continue
        towns = (
            _coordinated([k for k in ev.places if facts.entities[k].type == "location"], ev, index)
            if ev.fact.type == "capture"
            else []
        )
        victims = [
            p for p in ev.fact.participants
            if p.role == "victim" and p.entity and facts.entities[p.entity].type == "person"
        ]  # fmt: skip
        if len(towns) > 1:
            ev.places = [towns[0]] + [k for k in ev.places if k not in towns]
            extra += [_clone(ev, ev.fact.participants, [k]) for k in towns[1:]]
        elif len(victims) > 1 and ev.trigger.tag_ in {"NNS", "NNPS"}:
            others = [p for p in ev.fact.participants if p not in victims]
            ev.fact.participants = others + [victims[0]]
            extra += [_clone(ev, others + [v], list(ev.places)) for v in victims[1:]]
    events.extend(extra)


def _coordinated(keys: list[str], ev: EventMention, index: EntityIndex) -> list[str]:
    """The places of ``keys`` named as a list in the event's sentence ("Raqqa and Deir ez-Zor"), not one inside
    another ("the Sambisa Forest in Borno State")."""
    sent = index.sent_of(ev.trigger)
    roots = {
        k: s.root for k in keys for s in index.spans.get(k, []) if s.start >= sent.start and s.end <= sent.end
    }
    linked = {
        k for k, r in roots.items() for j, q in roots.items()
        if j != k and (r.dep_ == "conj" and r.head.i == q.i or q.dep_ == "conj" and q.head.i == r.i)
    }  # fmt: skip
    return [k for k in keys if k in linked]


def _clone(ev: EventMention, participants: list[Participant], places: list[str]) -> EventMention:
    f = ev.fact
    fact = EventFact(type=f.type, subtype=f.subtype, sentences=list(f.sentences), extractor=f.extractor,
                     trigger=f.trigger, date=f.date, participants=list(participants), weapons=list(f.weapons),
                     targets=list(f.targets), figure_sentences=dict(f.figure_sentences),
                     superseded=list(f.superseded), figures=list(f.figures), earlier=set(f.earlier))  # fmt: skip
    return EventMention(fact=fact, trigger=ev.trigger, sentence=ev.sentence, places=places)


LABOUR_STRIKE_WORDS = frozenset(
    {"general", "hunger", "labor", "labour", "national", "nationwide", "transport", "indefinite", "partial",
     "civic", "wildcat", "sit-down", "sympathy", "teachers", "workers", "doctors", "nurses", "drivers", "truckers",
     "union", "trade", "regional", "agrarian", "peasant", "student", "students", "miners", "dockers"}
)  # fmt: skip
STRIKERS = frozenset({"worker", "peasant", "grower", "farmer", "teacher", "driver", "trucker", "union", "employee",
                      "miner", "docker", "student", "doctor", "nurse", "transporter", "labourer", "laborer"})  # fmt: skip


def _labour_strike(tok: Token) -> bool:
    """A strike as labour action: "a general strike", "the strike by peasants", "went on strike", "called a
    strike"."""
    if any(c.dep_ in {"amod", "compound", "nmod"} and c.lower_ in LABOUR_STRIKE_WORDS for c in children(tok)):
        return True
    if (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "on"
        and tok.head.head.lemma_.lower() in {"go", "be", "remain", "stay"}
    ):
        return True
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in {
        "call",
        "declare",
        "announce",
        "end",
        "lift",
        "stage",
        "hold",
    }:
        return True
    return any(
        p.lemma_.lower() in STRIKERS
        for c in children(tok)
        if c.dep_ == "prep" and c.lower_ == "by"
        for p in (*children(c), *(x for g in children(c) for x in g.conjuncts))
        if p.dep_ in {"pobj", "conj"}
    )


# Where something happened, not what was struck: "attacked a large area", "four towns", "army positions".
AREA_NOUNS = frozenset(
    {"area", "region", "zone", "town", "village", "city", "canton", "district", "province", "locality",
     "territory", "position", "sector", "neighbourhood", "neighborhood", "outskirt", "part", "order", "place",
     "spot", "site", "location", "country", "department", "municipality", "hamlet", "settlement", "county",
     "avenue", "street", "boulevard", "road", "target", "objective"}
)  # fmt: skip


# What hits people in an accident, not an attack ("hit by a car"; a car bomb's head is "bomb")
TRAFFIC = frozenset({"car", "truck", "bus", "train", "vehicle", "lorry", "motorcycle", "taxi", "van", "tram"})


def _may_act(tok: Token) -> bool:
    """People, attackers, a band of them or a state's force: who can do a deed."""
    lemma = tok.lemma_.lower()
    return (
        is_people(tok)
        or lemma in ATTACKER_NOUNS
        or tok.lower_ in ATTACKER_NOUNS | STATE_AGENT_WORDS
        or lemma in STATE_AGENT_WORDS
        or _band_of_attackers(tok)
        or (tok.pos_ == "PROPN" and not any(t.lower_ in actor_cues().nature_words for t in tok.subtree))
    )


# A figure told as an earlier one ("initially reported four", "first reports said", "an earlier toll of 12")
_EARLIER = re.compile(
    r"\b(?:initially|initial|originally|previously|earlier|at first|first reports?|preliminary)\b",
    re.IGNORECASE,
)


def _bare_number(text: str) -> bool:
    """ "Two", "22": a count, not a description of who (the toll keeps it)."""
    return bool(re.fullmatch(rf"(?:\d[\d,.]*|{NUMBER_PATTERN})", text.strip(), re.IGNORECASE))


_DEED_NOUNS = frozenset(NOUN_TRIGGERS) | {"explosion", "attack", "blast"}


def _struck_thing(target: str) -> bool:
    """A physical target names a thing struck, not an area or another deed ("the explosion")."""
    words = [w.strip(".,;:'\"()[]").lower() for w in target.split()]
    words = [w for w in words if w]
    if not words:
        return False
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    head = head[:-2] if head.endswith("'s") else head
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    if singular in AREA_NOUNS or head in AREA_NOUNS:
        return False
    return not ({head, singular} & _DEED_NOUNS)


BANDS = frozenset(
    {"group", "band", "gang", "squad", "unit", "cell", "team", "column", "commando", "detachment"}
)


def _of_objects(tok: Token) -> list[Token]:
    """The nouns of "of" phrases hanging from ``tok`` ("a group of terrorists", "dozens of weapons")."""
    return [
        p
        for c in children(tok)
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in children(c)
        if p.dep_ == "pobj"
    ]


# who are fighters of a state or not by what they are called: "separatist fighters", "rebel forces", "armed men"
IRREGULAR_BODIES = frozenset({"fighter", "force", "cadre", "combatant", "element", "unit", "militia"})
IRREGULAR_MARKS = frozenset(
    {"separatist", "secessionist", "rebel", "militant", "jihadist", "jihadi", "insurgent", "guerrilla", "guerilla",
     "terrorist", "extremist", "maoist", "islamist", "dissident", "bandit"}
)  # fmt: skip
ARMED_STRANGERS = frozenset({"armed", "masked", "unidentified", "unknown", "hooded"})


def _irregulars(tok: Token) -> bool:
    """ "Separatist fighters killed six", "rebel forces attacked", "armed men killed": an unnamed band whose name says
    it is no state's (not "government forces", "armed forces", "security forces")."""
    lemma = tok.lemma_.lower()
    marks = {c.lemma_.lower() for c in children(tok) if c.dep_ in {"amod", "compound"}}
    if lemma in IRREGULAR_BODIES:
        return bool(marks & IRREGULAR_MARKS)
    return lemma in {"man", "individual", "youth"} and bool(marks & ARMED_STRANGERS)


_MORE_AFTER = re.compile(r"\s+(?:other|others|more|additional|further)\b", re.IGNORECASE)


def _toll_before(target: EventMention, field_name: str, earlier: list[EventMention], here: int) -> Count | None:
    """The toll a figure counting "more" people adds to: the deed's own earlier one, or, for a bare killing with no
    doer, place or day of its own (which the story's deed takes in: ``event_merge``), that of the deed told in the
    two sentences before."""
    own = getattr(target.fact, field_name)
    if own is not None and target.fact.figure_sentences.get(field_name, target.sentence) < here:
        return own
    if own is not None or target.fact.type != "killing" or target.places or target.fact.date is not None:
        return None
    if told_apart(target):
        return None  # "Meanwhile, two more people were killed in …": another deed's toll
    if any(p.role in {"agent", "perpetrator"} for p in target.fact.participants):
        return None
    recent = [e for e in earlier if e.fact.type in VIOLENT and not e.generic and not e.absorbed]
    if not recent or here - max(recent[-1].fact.sentences) > 2:
        return None
    return getattr(recent[-1].fact, field_name)


def _added_to(count: Count, before: Count | None, text: str, at: int) -> Count:
    """ "… beheaded four farmers. Two more people were killed": a figure counting others adds to the toll told
    before it (exact figures only), as the report's toll now."""
    if before is None or not _counts_others(text, count, at):
        return count
    total = _exact_sum(before, count)
    return count if total is None else Count(total, total, text=count.text)


def _exact_sum(a: Count, b: Count) -> int | None:
    """The sum of two exact figures ("four" and "two more": 6); None where either is a range or a bound."""
    if None in (a.min, a.max, b.min, b.max) or a.min != a.max or b.min != b.max:
        return None
    return a.min + b.min  # type: ignore[operator]


def _counts_others(text: str, count: Count, at: int) -> bool:
    """Whether a figure counts people besides those counted before: "two more", "four other customers", "another
    three"."""
    end = at + len(count.text or "")
    return _MORE_AFTER.match(text, end) is not None or (count.text or "").lower().startswith("another")


def _summed_breakdowns(text: str, figures: list[tuple[str, Count, int]]) -> list[tuple[str, Count, int]]:
    """ "two were killed on the spot and four other customers succumbed", "four were killed and two more died
    later": a toll told in parts, the later part counting others; one figure, their sum."""
    out: list[tuple[str, Count, int]] = []
    for field_name, count, at in figures:
        prev = out[-1] if out else None
        total = (
            _exact_sum(prev[1], count)
            if prev is not None and prev[0] == field_name and _counts_others(text, count, at)
            else None
        )
        if prev is not None and total is not None:
            out[-1] = (field_name, Count(total, total, text=prev[1].text), prev[2])
            continue
        out.append((field_name, count, at))
    return out


def _speaker_of_own_deed(verb: Token, subj: Token) -> Token | None:
    """ "The army said it killed 30 insurgents", "police said they shot two robbers": a pronoun doer in what a
    speaker says is the speaker itself."""
    if subj.lower_ not in {"it", "they"} or verb.dep_ != "ccomp":
        return None
    head = verb.head
    if head.lemma_.lower() not in {"say", "announce", "confirm", "claim", "state", "report"}:
        return None
    return subject(head)


def _band_of_attackers(tok: Token) -> bool:
    """ "a group of terrorists", "a band of armed men": the people who did it, told by their band."""
    if tok.lemma_.lower() not in BANDS:
        return False
    return any(p.lemma_.lower() in ATTACKER_NOUNS or is_people(p) for p in _of_objects(tok))


def _band_text(tok: Token) -> str:
    """ "a group of terrorists" did it: the terrorists, as a reader names the doers (the band is no organisation)."""
    return np_text(_of_objects(tok)[0])


DAMAGE_VERBS = frozenset({"destroy", "damage", "burn", "wreck", "raze", "torch", "dynamite", "gut"})


def _damage_told(sent: Span, mentions: list[EventMention]) -> None:
    """ "… left 12 dead and 26 houses destroyed", "the bus was burned": things destroyed in the sentence of an
    attack are what it struck."""
    view = token_view(sent.doc)
    for i in range(sent.start, sent.end):
        if view.lemma[i] not in DAMAGE_VERBS or view.pos[i] not in {"VERB", "ADJ"}:
            continue
        t = view.tokens[i]
        attack = next((m for m in mentions if m.fact.type == "attack" and m.trigger.i != t.i), None)
        if attack is None:
            continue
        things = [c for c in children(t) if c.dep_ == "nsubjpass"]
        if t.dep_ in {"acl", "amod"} and t.head.pos_ == "NOUN" and t.tag_ == "VBN":
            things.append(t.head)
        # "the attack destroyed four towers", "the explosion damaged neighbouring houses"
        things += [o for c in children(t) if c.dep_ == "dobj" for o in (c, *c.conjuncts)]
        if t.tag_ == "VBN" and (t.dep_ == "conj" or not things):  # "26 shacks burned": a verb with a subject
            things += [c for c in children(t) if c.dep_ == "nsubj"]
        for th in things:
            if (
                th.pos_ == "NOUN"
                and not is_people(th)
                and th.lemma_.lower()
                not in SEIZED_THINGS
                - {"vehicle", "truck", "car", "bus", "tank", "boat", "aircraft", "helicopter"}
            ):
                site = np_text(th)
                if site not in attack.fact.targets:
                    attack.fact.targets.append(site)


def _surrendering(tok: Token) -> Token | None:
    """Who surrendered: the subject, or the subject of the clause "after surrendering" hangs from."""
    t = tok
    for _ in range(4):
        subj = next((c for c in children(t) if c.dep_ == "nsubj"), None)
        if subj is not None or t.dep_ not in {"pcomp", "prep", "advcl", "conj"}:
            return subj
        t = t.head
    return None


def _seized_thing(obj: Token) -> bool:
    heads = [obj, *_of_objects(obj)]
    heads += [c for h in heads[1:] for c in h.conjuncts]  # "several of their arms and munitions"
    return any(h.lemma_.lower() in SEIZED_THINGS or h.lower_ in SEIZED_THINGS for h in heads)


# A toll counted over a period or over many deeds rather than told of one: "have been killed since 2010", "so far
# this year", "since January", "over the past three years", "in recent months", "in such attacks".
CUMULATIVE_TOLL = re.compile(
    r"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:(?:19|20)\d\d|the\s+(?:start|beginning)\s+of)\b"
    r"|\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:january|february|march|april|may|june|july|august|september"
    r"|october|november|december)\b"
    r"|\b(?:this|last)\s+(?:year|month)\b"
    r"|\bin\s+(?:such|similar|these|those|recent|a\s+(?:series|wave|string|spate)\s+of)\s+(?:[\w-]+\s+)?"
    r"(?:attacks|bombings|raids|clashes|strikes|killings|massacres|ambushes)\b"
    r"|\bsince\s+the\s+(?:[\w-]+\s+){0,3}?(?:war|conflict|insurgency|uprising|intervention|alliance|coalition"
    r"|civil\s+war|crisis|campaign|revolution|invasion)\b"
    r"|\b(?:so\s+far|to\s+date)\s+this\s+year\b|\bthis\s+year\s+alone\b"
    r"|\bover\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|months|decades)\b"
    r"|\bin\s+recent\s+(?:years|months)\b"
    # "since jihadist unrest erupted in 2017", "since fighting broke out": since a war began, however it is named
    r"|\bsince\s+(?:[\w-]+\s+){0,2}?(?:war|conflict|insurgency|violence|unrest|fighting|rebellion|uprising"
    r"|hostilities)\s+(?:first\s+)?(?:erupted|began|broke\s+out|started|flared|spread|escalated)\b",
    re.IGNORECASE,
)
_MONTH_OR_YEAR = (
    r"(?:(?:early|late|mid-?)\s*)?(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|(?:19|20)\d\d)\b"
)
# A toll over a span of months or years, whatever the tense: "were killed between January 2019 and March 2020".
PERIOD_TOLL = re.compile(rf"\bbetween\s+{_MONTH_OR_YEAR}[^.;]{{0,40}}?\band\s+{_MONTH_OR_YEAR}", re.IGNORECASE)
# A total over a year told with the words of a sum ("Last year 11 soldiers were killed in the district alone", "in
# all, 61 policemen died across the country in 2018"): a count of the year's deeds, unless a day names one deed.
_TOTAL_WORDS = re.compile(
    r"\b(?:alone|overall|in\s+all|in\s+total|altogether|nationwide|countrywide"
    r"|across\s+the\s+(?:country|nation|region|state|province))\b",
    re.IGNORECASE,
)
_A_YEAR = re.compile(r"\b(?:last|this|the\s+previous|the\s+past)\s+year\b|\bin\s+(?:19|20)\d\d\b", re.IGNORECASE)
_A_DAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b"
    r"|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


def period_total(text: str) -> bool:
    """Whether a toll's words count the deeds of a span of time rather than tell one: "between January 2019 and
    February 2020", or a year's total ("last year … alone", "across the country in 2018") with no day named."""
    if PERIOD_TOLL.search(text):
        return True
    return bool(_TOTAL_WORDS.search(text) and _A_YEAR.search(text) and not _A_DAY.search(text))


WAR_SCALE = 1000  # a toll this large, told with no deed in its sentence, counts a war, not one attack
PERFECT_TOLL = re.compile(
    r"\b(?:have|has)\s+(?:(?:now|also|already)\s+)?(?:been\s+(?:killed|wounded|injured)|died|lost\s+their\s+lives)\b",
    re.IGNORECASE,
)


def _drop_attackers_dead(fact: EventFact, attackers: set[int]) -> None:
    """An attack's toll counts its victims, not the attackers killed in it ("security forces killed all four
    attackers", "troops killed 13 militants", told of the attack or folded into it)."""
    dropped = {f.field for f in fact.figures if id(f) in attackers}
    if not dropped:
        return
    fact.figures = [f for f in fact.figures if id(f) not in attackers]
    for name in dropped:
        if not any(f.field == name for f in fact.figures):
            setattr(fact, name, None)
            fact.superseded = [row for row in fact.superseded if row[0] != name]


def _token_at(sent: Span, offset: int) -> Token | None:
    """The token of ``sent`` holding the character at document offset ``offset``."""
    return next((t for t in sent if t.idx <= offset < t.idx + len(t.text)), None)


def _attackers_counted(sent: Span, offset: int, index: EntityIndex | None = None) -> bool:
    """Whether the figure at ``offset`` counts attackers ("killed 13 militants", "all four attackers were shot
    dead", "13 of the assailants died")."""
    tok = _token_at(sent, offset)
    if tok is None:
        return False
    noun = tok  # "13 militants", "more than 13 militants", "all four attackers": up to the counted noun
    for _ in range(3):
        if noun.dep_ not in COUNT_MODIFIERS or noun.head.i == noun.i:
            break
        noun = noun.head
    if noun.lower_ in MEMBER_NOUNS and index is not None and _of_an_armed_group(noun, index):
        return True  # "three al-Shabaab members", "four fighters of the group": the attackers' side
    if noun.lower_ not in ATTACKER_NOUNS:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), noun) if of is not None else noun
    return noun.lower_ in ATTACKER_NOUNS and noun.lower_ not in NOT_ONLY_ATTACKERS


def _victims_only(sent: Span, offset: int, index: EntityIndex | None) -> Count | None:
    """The count of a listed toll without its attackers' part ("six soldiers and 10 militants were killed": 6);
    None when the list has no attackers' part or nothing else."""
    tok = _token_at(sent, offset)
    if tok is None:
        return None
    head = tok
    for _ in range(3):
        if head.dep_ not in COUNT_MODIFIERS or head.head.i == head.i:
            break
        head = head.head
    chain = [head]
    while (nxt := next((c for c in chain[-1].children if c.dep_ == "conj"), None)) is not None:
        chain.append(nxt)
    if len(chain) < 2:
        return None
    counts = [head_count(p) for p in chain]  # each part's count, with the parts after it
    if None in counts:
        return None
    own = [counts[i] - (counts[i + 1] if i + 1 < len(chain) else 0) for i in range(len(chain))]  # type: ignore[operator]
    theirs = [_attackers_counted(sent, p.idx, index) for p in chain]
    if not any(theirs) or all(theirs):
        return None
    total = sum(n for n, attackers in zip(own, theirs, strict=True) if not attackers)
    return Count(total, total, text=sent.doc[head.left_edge.i : chain[-1].right_edge.i + 1].text)


def _of_an_armed_group(noun: Token, index: EntityIndex) -> bool:
    """ "al-Shabaab members", "members of Boko Haram", "fighters of the group", "its fighters": people counted
    as an armed group's."""
    owners = [c for c in noun.children if c.dep_ in {"compound", "poss", "nmod", "amod"}]
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    owners += [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
    return any(
        owner.lower_ in {"group", "its", "their"}
        or any((k := index.entity_at(t)) is not None and index.type_of(k) == "armed_group" for t in owner.subtree)
        for owner in owners
    )


COUNT_MODIFIERS = frozenset({"nummod", "quantmod", "amod", "det", "predet", "advmod"})
NOT_ONLY_ATTACKERS = frozenset({"suspect", "suspects", "individual", "individuals"})  # who may be victims too


def _one_town(facts: DocFacts) -> str | None:
    """The one town (a populated place the gazetteer locates; not a region or a country) a report names outside
    its dateline, if it names exactly one."""
    filed = dateline_only(facts)
    towns = {
        m.entity
        for m in facts.mentions
        if m.entity not in filed
        and facts.entities[m.entity].type == "location"
        and (p := facts.entities[m.entity].place) is not None
        and (q := with_precision(p)) is not None
        and q.precision == "town"
    }
    return next(iter(towns)) if len(towns) == 1 else None


def _acts_in(ev: EventMention, key: str) -> bool:
    """The report's one country takes part in the deed ("fired on Pakistan's embassy"): not, by that, its place."""
    return any(p.entity == key for p in ev.fact.participants)


def _empty_clash(ev: EventMention) -> bool:
    """ "Over nearly 60 hours of fighting": fighting with no side and no place named is how a story is told,
    not a clash an analyst could place on a map."""
    return ev.fact.type == "clash" and not ev.fact.participants and not ev.places


# "those abducted", "the ones kidnapped": a bare participle naming the people of a deed (told before or after)
REFERRING_HEADS = frozenset({"those", "these", "ones", "one", "all", "many", "most", "some"})


UNDER_NOUNS = frozenset({"fire", "gunfire", "attack", "assault", "bombardment", "shelling", "siege"})


def _under_objects(verb: Token) -> list[Token]:
    """What "came under" names: "fire", "attack" ..."""
    return [
        p
        for c in children(verb)
        if c.dep_ == "prep" and c.lower_ == "under"
        for p in children(c)
        if p.dep_ == "pobj" and p.lemma_.lower() in UNDER_NOUNS
    ]


def _came_under(tok: Token) -> tuple[Token | None, list[Token]] | None:
    """ "A patrol came under fire from militants", "troops came under attack from X" (``tok``: "came", or the
    "attack" it came under): who was attacked (the subject of "came") and by whom (what "from" names)."""
    if tok.pos_ == "VERB" and tok.lemma_.lower() == "come":
        verb, objects = tok, _under_objects(tok)
    elif tok.dep_ == "pobj" and tok.head.lower_ == "under" and tok.head.head.lemma_.lower() == "come":
        verb, objects = tok.head.head, [tok]
    else:
        return None
    if not objects:
        return None
    attackers = [
        p
        for holder in (verb, *objects)
        for c in children(holder)
        if c.dep_ == "prep" and c.lower_ == "from"
        for p in children(c)
        if p.dep_ == "pobj"
    ]
    subj = next((c for c in children(verb) if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj, attackers


def _counted_so_far(tok: Token) -> bool:
    """ "More than 800 students have been abducted from their schools since December", "hundreds have been
    kidnapped this year", "since the talks broke down the group has carried out several bomb attacks": deeds
    counted over a period in the perfect are a running count, no one deed."""
    verb = tok
    if tok.tag_ in {"NNS", "NNPS"}:  # the deeds as the object of the perfect verb ("has carried out attacks")
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
    if verb.pos_ != "VERB" or not any(c.dep_ in {"aux", "auxpass"} and c.lemma_ == "have" for c in children(verb)):
        return False
    clause = verb.doc[verb.left_edge.i : verb.right_edge.i + 1]
    if CUMULATIVE_TOLL.search(clause.text) is not None:
        return True
    # deeds in the plural since something, whatever it names ("since the talks broke down"); not "police have
    # arrested five suspects since the bombing", one arrest told since when
    return verb is not tok and any(t.lower_ == "since" for t in clause)


def _counted_over_a_period(tok: Token) -> bool:
    """ "25 policemen were killed between January 2019 and February 2020", "last year 11 soldiers were killed in the
    district alone": the deeds of a span of time counted together, in any tense (``period_total``)."""
    verb = tok
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    if period_total(_own_clause(verb)):
        return True
    # "… were killed between January and March, while 81 rebels were killed in the same months": the clause the
    # contrast hangs on counts its deeds too
    return verb.dep_ in {"advcl", "conj"} and verb.head.i != verb.i and period_total(_own_clause(verb.head))


def _counted_at(sent: Span, offset: int) -> bool:
    """Whether the clause holding the words at character ``offset`` counts a period's deeds (``_counted_over_a_period``)."""
    at = _token_at(sent, offset)
    return at is None or _counted_over_a_period(at)


_OTHER_CLAUSES = frozenset({"advcl", "conj", "ccomp", "relcl", "parataxis"})


def _own_clause(verb: Token) -> str:
    """The words of ``verb``'s clause without the clauses hanging on it ("gunmen killed 12 on Sunday, after 40 were
    killed between January and March": the main clause is only the first part). Kept per document and verb: every
    deed word of a clause asks for it."""
    doc = verb.doc
    clauses: dict[int, str] = per_doc(doc, _CLAUSES_KEY, lambda _d: {})
    text = clauses.get(verb.i)
    if text is None:
        view = token_view(doc)
        skip: set[int] = set()
        for c in view.children[verb.i]:
            if view.dep[c.i] in _OTHER_CLAUSES:
                skip.update(range(c.left_edge.i, c.right_edge.i + 1))
        words = view.tokens
        text = clauses[verb.i] = " ".join(words[i].text for i in _subtree(view.children, verb.i) if i not in skip)
    return text


_CLAUSES_KEY = "khabar_own_clauses"


def _subtree(kids: Sequence[Sequence[Token]], i: int) -> Iterator[int]:
    """The indexes of ``Token.subtree`` of token ``i`` (its left children's subtrees, itself, its right children's),
    read from the document's children lists instead of new token objects."""
    for c in kids[i]:
        if c.i < i:
            yield from _subtree(kids, c.i)
    yield i
    for c in kids[i]:
        if c.i > i:
            yield from _subtree(kids, c.i)


# deeds told together ("the van attack and a related incident"): "incident" names a deed only in such company
_DEED_WORDS = frozenset({"incident", "incidents"})


def _combined_toll(sent: Span) -> bool:
    """A toll of several deeds told together: "the death toll from the van attack and a related incident rose to
    15", "the shooting and the bombing killed 15 people"."""
    view = token_view(sent.doc)
    if not any(view.lower[i] == "and" for i in range(sent.start, sent.end)):
        return False  # no deeds told together without an "and"
    for i in range(sent.start, sent.end):
        if view.lower[i] not in NOUN_TRIGGERS and view.lemma[i] not in NOUN_TRIGGERS:
            continue
        t = view.tokens[i]
        deed = t.pos_ == "NOUN"
        others = [c for c in children(t) if c.dep_ == "conj"]
        if deed and not others and any(c.dep_ == "cc" and c.lower_ == "and" for c in children(t)):
            others = list(sent.doc[t.i + 2 : min(t.i + 6, sent.end)])  # the parser may lose "and X"'s link
        joined = deed and any(
            c.lower_ in NOUN_TRIGGERS or c.lemma_.lower() in NOUN_TRIGGERS or c.lower_ in _DEED_WORDS for c in others
        )
        if not joined:
            continue  # ("the two blasts killed 25": twin blasts are often one attack, and that its toll)
        # the deeds are what the toll is of ("the toll from …"), or what killed ("the shooting and the bombing
        # killed …")
        head = t.head
        if head.lower_ in {"from", "of", "in"} and head.head.lemma_.lower() in {"toll", "number", "tally"}:
            return True
        if t.dep_ in {"nsubj", "nsubjpass"} and head.lemma_.lower() in {"kill", "leave", "claim", "cost"}:
            return True
    return False


def _after_publication(value: DateValue | None, published: date | None) -> bool:
    """Whether a deed's date begins after the report telling it was published."""
    if value is None or published is None:
        return False
    return value.start > published.isoformat()[: len(value.start)]  # ISO prefixes at the date's precision


def _war_tally(ev: EventMention) -> bool:
    """ "Jihadist attacks left nearly 4,000 people dead last year", "attacks by the group killed more than 2,000 in
    2022": deeds told in the plural with a war's toll and no day of their own are a count, no one deed."""
    killed = ev.fact.killed
    return (
        ev.trigger.tag_ in {"NNS", "NNPS"}
        and killed is not None
        and (killed.min or killed.max or 0) >= WAR_SCALE
        and (ev.fact.date is None or ev.fact.date.precision != "day")
    )


def _deed_at(specific: list[EventMention], sent: Span, offset: int, default: EventMention) -> EventMention:
    """Whose toll or victim the words at character ``offset`` are, of several deeds of one sentence: the deed of a
    clause of its own that tells them ("the attack comes a month after 11 soldiers were killed in a landmine
    blast"), else the one told just before them ("the Westgate siege in 2013 and the Garissa massacre in 2015, in
    which gunmen killed 148 people"); ``default`` with fewer than two."""
    if len(specific) < 2:
        return default
    before = [e for e in specific if e.trigger.idx <= offset]
    return _told_in_its_clause(specific, sent, offset) or (
        max(before, key=lambda e: e.trigger.idx) if before else default
    )


def _told_in_its_clause(events: list[EventMention], sent: Span, offset: int) -> EventMention | None:
    """Of several deeds of a sentence, the one whose own subordinate clause ("after 11 soldiers were killed in a
    blast", "when gunmen killed 20") holds the figure at character ``offset``: None when no such clause does."""
    at = _token_at(sent, offset)
    if at is None:
        return None
    best: tuple[int, EventMention] | None = None
    for e in events:
        verb = e.trigger
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        if not any(c.dep_ == "mark" for c in children(verb)):
            continue  # a main clause: the told-before rule decides
        if verb.left_edge.i <= at.i <= verb.right_edge.i:
            size = verb.right_edge.i - verb.left_edge.i
            if best is None or size < best[0]:
                best = (size, e)
    return best[1] if best is not None else None


def _a_kind(trigger: Token, one_day: bool) -> bool:
    """ "similar raids", "such attacks", "a wave of bombings this year": a plural deed marked as a kind of deed
    (``one_day``: the deed is dated to a day, so a run of them is one coordinated event)."""
    if any(c.lower_ in KIND_MARKERS for c in children(trigger) if c.dep_ in {"amod", "det", "predet", "advmod"}):
        return True
    head = trigger.head  # "a wave of attacks": the deeds hang on "of", which hangs on the run
    return not one_day and trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in RUN_NOUNS


# what kills over years, told as the doer of a toll so far ("the war has killed more than 10,000 people")
WAR_NOUNS = frozenset({"war", "conflict", "insurgency", "violence", "crisis", "unrest", "fighting", "uprising",
                       "campaign", "rebellion", "jihad"})  # fmt: skip


def _war_count(verb: Token) -> bool:
    """ "The war has killed more than 10,000", "the insurgency has left 30,000 dead": a conflict's count so far."""
    if not verbal(verb) or not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in children(verb)):
        return False
    subj = subject(verb)
    return subj is not None and subj.lemma_.lower() in WAR_NOUNS


AIRCRAFT = frozenset({"aircraft", "airplane", "plane", "warplane", "jet", "fighter-jet", "drone", "helicopter",
                      "gunship", "bomber"})  # fmt: skip


def _from_the_air(verb: Token) -> bool:
    """ "An aircraft struck a vehicle", "warplanes bombed the market": a strike from the air ("a suicide bomber"
    is no aircraft)."""
    if not verbal(verb) or is_passive(verb):
        return False
    subj = subject(verb)
    if subj is None or subj.lemma_.lower() not in AIRCRAFT:
        return False
    return not any(c.lower_ == "suicide" for c in subj.children)


_SCALED_WORD = re.compile(r"\b(?:dozen|hundred|thousand|million)\b", re.IGNORECASE)


def _dateline_day(facts: DocFacts) -> tuple[int, DateValue] | None:
    """Where the story after a dated dateline starts, and the dateline's day ("Bogota, Dec 6 (EFE) -"), its year
    the one the publication date gives: what the lead tells undated happened that day or just before."""
    dateline = facts.document.dateline
    if dateline is None or not dateline.date:
        return None
    found = find_dates(dateline.date, facts.document.published)
    if len(found) != 1 or found[0][2].precision != "day":
        return None
    lead = next((s for s in facts.sentences if s.start >= dateline.end), None)
    return (lead.start, found[0][2]) if lead is not None and lead.start - dateline.end < 5 else None


def _org_entity(facts: DocFacts, name: str, country: Place) -> str:
    key = f"organization:{name.lower()}"
    if key not in facts.entities:
        facts.entities[key] = LocalEntity(key=key, name=name, type="organization", aliases={name}, place=country,
                                          extractor=EVENTS)  # fmt: skip
    return key
