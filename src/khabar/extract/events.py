"""Events from the dependency parse: trigger words, their arguments, dates, places and casualty figures.

A trigger (a verb like "seized" or a noun like "bombings") opens an event; its arguments come from the parse
around it: the subject of the verb or the possessor of the noun is the agent; "by X" is the agent of a passive;
the object is the victim or target; "in/at/near <place>" is the place; a date expression in the trigger's own
clause is its date. Mentions of one event in a document are then merged (same type, compatible date and place).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from khabar.extract.coref import EntityIndex
from khabar.extract.dates import find_dates
from khabar.extract.lexicon import (
    AIR_WORDS,
    AUTHORITY_NOUNS,
    LIGHT_VERBS,
    NOUN_TRIGGERS,
    STATEMENT_NOUNS,
    STATEMENT_VERBS,
    VERB_TRIGGERS,
    WEAPON_WORDS,
)
from khabar.extract.numbers import casualties_in_sentence
from khabar.extract.places import Geocoder
from khabar.extract.registry import EVENTS
from khabar.model import PLACE_TYPES, Count, DateValue, DocFacts, EventFact, LocalEntity, Participant, Place

__all__ = ["EventFinder"]

PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "on", "into", "from", "throughout"}
)
SUBORDINATORS = frozenset({"after", "before", "since", "until", "following", "once"})
AGENT_ROLE = {
    "attack": "perpetrator",
    "air_strike": "agent",
    "killing": "agent",
    "execution": "agent",
    "arrest": "authority",
    "capture": "agent",
    "clash": "agent",
    "founding": "agent",
    "statement": "agent",
    "claim": "claimant",
    "intervention": "agent",
    "release": "agent",
    "kidnapping": "perpetrator",
}
PLACE_RANK = {"facility": 3, "location": 2, "country": 1}


@dataclass
class _Ev:
    fact: EventFact
    trigger: Token
    sentence: int
    generic: bool = False
    places: list[str] = field(default_factory=list)  # local entity keys, most specific first


class EventFinder:
    """Finds the events of one parsed document (component ``khabar.events.v1``)."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder

    def find(self, doc: Doc, facts: DocFacts) -> None:
        index = EntityIndex(doc, facts)
        published = facts.document.published
        found: list[_Ev] = []
        for sent in doc.sents:
            if sent.text.strip().endswith("?") or _in_skip(sent, facts):
                continue
            sent_no = _sentence_no(facts, sent)
            dates = _dates_in(sent, published)
            sentence_events: list[_Ev] = []
            for tok in sent:
                ev = self._trigger(tok, index, sent_no)
                if ev is None:
                    continue
                self._arguments(ev, index, facts)
                ev.fact.date = _date_for(ev.trigger, dates, sent)
                sentence_events.append(ev)
            _absorb_nested(sentence_events)
            self._casualties(sent, sentence_events)
            self._split_by_place(sentence_events, facts, index)
            found.extend(e for e in sentence_events if not e.generic)
        merged = _merge(found, facts)
        for ev in merged:
            self._finish_place(ev, facts)
            facts.events.append(ev.fact)

    # -- triggers ---------------------------------------------------------------------------------------
    def _trigger(self, tok: Token, index: EntityIndex, sent_no: int) -> _Ev | None:
        lemma = tok.lemma_.lower()
        kind: tuple[str, str | None] | None = None
        if tok.pos_ == "VERB" and lemma in VERB_TRIGGERS:
            kind = VERB_TRIGGERS[lemma]
            if (
                lemma in {"kill", "wound", "injure"}
                and tok.dep_ in {"advcl", "xcomp", "conj"}
                and _attack_head(tok)
            ):
                return None  # "…opened fire, killing 137": a casualty figure of the attack, not a new event
            if lemma == "free" and not any(c.dep_ in {"dobj", "nsubjpass"} for c in tok.children):
                return None
            if lemma in {"found", "form", "establish"} and not self._founds_group(tok, index):
                return None
            if lemma == "strike" and not any(c.dep_ in {"dobj", "nsubjpass"} for c in tok.children):
                return None
            if lemma == "fight" and not any(
                (c.dep_ == "prep" and c.lower_ in {"with", "against"})
                or (c.dep_ == "advmod" and c.lower_ == "along")
                for c in tok.children
            ):
                return None
            if lemma in {"hit", "shoot", "gun"} and tok.dep_ == "amod":
                return None
        elif lemma == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in tok.children):
            kind = ("attack", "armed_assault")
        elif lemma == "drop" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in {"bomb", "missile"} for c in tok.children
        ):
            kind = ("air_strike", None)
        elif lemma == "blow" and any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children):
            kind = ("attack", "bombing")
        elif lemma == "take" and any(c.dep_ == "prt" and c.lower_ == "over" for c in tok.children):
            kind = ("capture", None)
        elif tok.pos_ in {"NOUN", "PROPN"} and (lemma in NOUN_TRIGGERS or tok.lower_ in NOUN_TRIGGERS):
            kind = NOUN_TRIGGERS.get(lemma) or NOUN_TRIGGERS[tok.lower_]
            if tok.dep_ in {"compound", "amod"}:
                return None
            if lemma == "strike" and _is_air(tok, index):
                kind = ("air_strike", None)
            if lemma == "formation" and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                return None
        elif (
            tok.pos_ in {"NOUN"}
            and lemma in STATEMENT_NOUNS
            and tok.head.lemma_.lower() in STATEMENT_VERBS
            and tok.dep_ in {"dobj", "nsubjpass"}
        ):
            kind = ("statement", None)
        elif tok.pos_ == "VERB" and lemma in {"say", "claim"} and _claims_violence(tok):
            kind = ("claim", None)
        if kind is None or _negated(tok):
            return None
        etype, subtype = kind
        if etype == "attack" and subtype is None:
            subtype = _subtype(tok)
        fact = EventFact(type=etype, subtype=subtype, sentences=[sent_no], extractor=EVENTS, trigger=tok.text)
        generic = tok.tag_ in {"NNS", "NNPS"} and etype not in {"clash", "release"}
        return _Ev(fact=fact, trigger=tok, sentence=sent_no, generic=generic)

    def _founds_group(self, tok: Token, index: EntityIndex) -> bool:
        for c in tok.children:
            if c.dep_ in {"dobj", "nsubjpass"}:
                key = index.entity_in(c)
                if key and index.type_of(key) in {"armed_group", "organization"}:
                    return True
                if c.lemma_.lower() in {
                    "group",
                    "wilayat",
                    "province",
                    "branch",
                    "faction",
                    "organisation",
                    "organization",
                    "militia",
                    "movement",
                }:
                    return True
        return False

    # -- arguments --------------------------------------------------------------------------------------
    def _arguments(self, ev: _Ev, index: EntityIndex, facts: DocFacts) -> None:
        tok = ev.trigger
        etype = ev.fact.type
        agent_role = AGENT_ROLE.get(etype, "agent")
        parts = ev.fact.participants

        def add(role: str, key: str | None, text: str | None = None) -> None:
            if key is None and not text:
                return
            for p in parts:
                if p.role == role and p.entity == key and p.text == text:
                    return
            parts.append(Participant(role=role, entity=key, text=text))

        def add_np(role: str, head: Token, allow_text: bool = True) -> None:
            for t in index.conjuncts(head):
                key = index.entity_in(t)
                if key is not None and index.type_of(key) in PLACE_TYPES - {"country"}:
                    ev.places.append(key)
                    continue
                if key is not None:
                    add(role, key)
                elif allow_text and t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in {"people", "others"}:
                    add(role, None, _np_text(t))

        if tok.pos_ == "VERB":
            subj = _subject(tok)
            if subj is not None and subj.lower_ not in {"who", "which", "that"}:
                key = self._actor(subj, index, facts)
                if key is not None:
                    add(agent_role, key)
                elif etype in {"attack", "kidnapping"} and subj.pos_ in {"NOUN", "PROPN"}:
                    add(agent_role, None, _np_text(subj))
            for c in tok.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            if _trigger_like(p):
                                continue
                            add_np(agent_role, p)
                elif c.dep_ in {"dobj", "nsubjpass"}:
                    if etype in {"killing", "execution", "arrest", "kidnapping", "release"}:
                        add_np("victim" if etype in {"killing", "execution"} else "target", c)
                    elif etype == "founding":
                        add_np("agent", c, allow_text=False)
                    elif etype == "capture":
                        add_np("target", c, allow_text=False)
                        self._places_under(c, ev, index)
                    elif etype in {"attack", "air_strike"}:
                        if c.lemma_.lower() in {"fire", "bomb", "explosive"}:
                            continue
                        add_np("target", c)
                elif c.dep_ == "prep" and c.lower_ in {"with", "against", "between"} and etype == "clash":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add_np("agent", p, allow_text=False)
                elif c.dep_ == "prep" and c.lower_ == "on" and etype in {"attack", "air_strike"}:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add_np("target", p)
            if etype == "air_strike" and tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "order":
                boss = _subject(tok.head)
                if boss is not None:
                    key = self._actor(boss, index, facts)
                    if key:
                        add("agent", key)
        else:
            for c in tok.children:
                if c.dep_ in {"poss", "compound", "amod", "nmod"}:
                    key = self._actor(c, index, facts)
                    if key is None:
                        continue
                    if (
                        index.type_of(key) in PLACE_TYPES - {"country"}
                        or etype == "attack"
                        and index.type_of(key) == "country"
                        and c.dep_ != "poss"
                    ):
                        ev.places.append(key)
                    else:
                        add(agent_role, key)
                elif c.dep_ == "prep" and c.lower_ == "by":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add_np(agent_role, p, allow_text=True)
                elif c.dep_ == "prep" and c.lower_ in {"on", "against"}:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add_np("target", p)
                elif c.dep_ == "prep" and c.lower_ == "between" and etype == "clash":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add_np("agent", p, allow_text=False)
                elif c.dep_ == "prep" and c.lower_ == "of" and etype in {"founding", "capture", "kidnapping"}:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add_np("agent" if etype == "founding" else "target", p, allow_text=False)
                            self._places_under(p, ev, index)
            self._light_verb_agent(ev, index, facts, add)
            if (
                tok.dep_ == "pobj"
                and tok.head.lower_ in {"in", "by"}
                and tok.head.head.lemma_.lower() in {"kill", "wound", "injure", "die", "execute"}
            ):
                killed = tok.head.head
                for c in killed.children:
                    if c.dep_ in {"nsubjpass", "nsubj", "dobj"}:
                        add_np("victim", c, allow_text=False)
                ev.generic = ev.generic and not any(p.role == "victim" for p in parts)
        if etype == "statement":
            subj = _subject(tok.head)
            if subj is not None:
                key = self._actor(subj, index, facts)
                if key:
                    add("agent", key)
        self._places_near(ev, index)
        ev.fact.weapons = _weapons(tok)

    def _light_verb_agent(self, ev: _Ev, index: EntityIndex, facts: DocFacts, add) -> None:  # type: ignore[no-untyped-def]
        """ "It carried out attacks, including X, Y and Z": the subject of the light verb did X, Y and Z."""
        tok = ev.trigger
        chain = tok
        for _ in range(4):
            head = chain.head
            if head is chain:
                break
            if chain.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in LIGHT_VERBS:
                subj = _subject(head)
                if subj is not None:
                    key = self._actor(subj, index, facts)
                    if key:
                        add(AGENT_ROLE.get(ev.fact.type, "agent"), key)
                        if ev.generic and head.lemma_.lower() == "claim":
                            ev.generic = False
                return
            if chain.dep_ in {"pobj", "prep", "conj", "appos"}:
                chain = head
                continue
            return

    def _actor(self, tok: Token, index: EntityIndex, facts: DocFacts) -> str | None:
        key = index.entity_in(tok)
        if key is not None:
            return key
        # "Russian authorities", "American strike": a demonym stands for its country's state
        words = [tok] + [c for c in tok.children if c.dep_ in {"amod", "compound"}]
        for w in words:
            if w.pos_ in {"ADJ", "PROPN", "NOUN"} and w.text[:1].isupper():
                place = self.geocoder.country_of_demonym(w.text)
                if place is None:
                    continue
                if tok.lower_ in AUTHORITY_NOUNS and w is not tok:
                    return _org_entity(facts, f"{w.text} {tok.text}", place)
                return _country_entity(facts, place)
        return None

    def _places_under(self, tok: Token, ev: _Ev, index: EntityIndex) -> None:
        for t in tok.subtree:
            key = index.entity_at(t)
            if key is not None and index.type_of(key) in PLACE_TYPES and key not in ev.places:
                ev.places.append(key)

    def _places_near(self, ev: _Ev, index: EntityIndex) -> None:
        """Places in "in/at/near …" phrases of the trigger (or of its verb), not crossing into other clauses."""
        tok = ev.trigger
        anchors = [tok]
        if tok.pos_ != "VERB" and tok.dep_ in {"dobj", "pobj"}:
            head = tok.head if tok.dep_ == "dobj" else tok.head.head
            if head.pos_ == "VERB" and head.lemma_.lower() in LIGHT_VERBS | {"kill", "die"}:
                anchors.append(head)
        for anchor in anchors:
            for c in anchor.children:
                if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            self._collect_place(p, ev, index)
                elif c.dep_ in {"npadvmod", "compound"} or (c.dep_ == "advmod" and c.lower_ == "there"):
                    key = index.entity_at(c)
                    if key and index.type_of(key) in PLACE_TYPES and key not in ev.places:
                        ev.places.append(key)

    def _collect_place(self, head: Token, ev: _Ev, index: EntityIndex) -> None:
        """ "the outskirts of Moscow", "Kerman, Iran", "a concert hall in X": walk the NP for place names."""
        for t in head.subtree:
            if t.dep_ == "conj" and _trigger_like(t):
                break
            key = index.entity_at(t)
            if key is not None and index.type_of(key) in PLACE_TYPES and key not in ev.places:
                ev.places.append(key)

    def _casualties(self, sent: Span, events: list[_Ev]) -> None:
        found = casualties_in_sentence(sent.text)
        if not found:
            return
        violent = [
            e for e in events if e.fact.type in {"attack", "air_strike", "killing", "execution", "clash"}
        ]
        if not violent:
            return
        target = next((e for e in violent if not e.generic), violent[0])
        target.fact.killed = found.get("killed") or target.fact.killed
        target.fact.wounded = found.get("wounded") or target.fact.wounded
        if target.generic and (target.fact.killed or target.fact.date):
            target.generic = False

    def _split_by_place(self, events: list[_Ev], facts: DocFacts, index: EntityIndex) -> None:
        """ "captured the cities of Raqqa and Deir ez-Zor": one capture per city."""
        extra: list[_Ev] = []
        for ev in events:
            if ev.fact.type != "capture":
                continue
            towns = [k for k in ev.places if facts.entities[k].type == "location"]
            if len(towns) < 2:
                continue
            ev.places = [towns[0]] + [k for k in ev.places if k not in towns]
            for k in towns[1:]:
                clone = EventFact(
                    type=ev.fact.type,
                    subtype=ev.fact.subtype,
                    sentences=list(ev.fact.sentences),
                    extractor=EVENTS,
                    trigger=ev.fact.trigger,
                    date=ev.fact.date,
                    participants=list(ev.fact.participants),
                )
                extra.append(_Ev(fact=clone, trigger=ev.trigger, sentence=ev.sentence, places=[k]))
        events.extend(extra)
        # "both were killed in U.S. strikes": one killing per named victim
        more: list[_Ev] = []
        for ev in events:
            victims = [
                p
                for p in ev.fact.participants
                if p.role == "victim" and p.entity and facts.entities[p.entity].type == "person"
            ]
            if len(victims) < 2 or ev.trigger.tag_ not in {"NNS", "NNPS"}:
                continue
            others = [p for p in ev.fact.participants if p.role != "victim"]
            ev.fact.participants = others + [victims[0]]
            for v in victims[1:]:
                clone = EventFact(
                    type=ev.fact.type,
                    subtype=ev.fact.subtype,
                    sentences=list(ev.fact.sentences),
                    extractor=EVENTS,
                    trigger=ev.fact.trigger,
                    date=ev.fact.date,
                    participants=others + [v],
                )
                more.append(_Ev(fact=clone, trigger=ev.trigger, sentence=ev.sentence, places=list(ev.places)))
        events.extend(more)

    def _finish_place(self, ev: _Ev, facts: DocFacts) -> None:
        """The event's place: the most specific place named; a facility takes its town's coordinates."""
        if not ev.places:
            auth = [p.entity for p in ev.fact.participants if p.role == "authority" and p.entity]
            for k in auth:
                ent = facts.entities[k]
                if ent.place is not None and ev.fact.type == "arrest":
                    ev.places.append(k)
            if not ev.places:
                return
        ranked = sorted(ev.places, key=lambda k: -PLACE_RANK.get(facts.entities[k].type, 0))
        best = facts.entities[ranked[0]]
        context = next((facts.entities[k] for k in ranked[1:] if facts.entities[k].place is not None), None)
        place = best.place
        if place is None:
            ctx = context.place if context else None
            place = Place(
                name=best.name,
                type=best.type,
                country=ctx.country if ctx else None,
                admin1=ctx.admin1 if ctx else None,
                lat=ctx.lat if ctx else None,
                lon=ctx.lon if ctx else None,
            )
        elif place.country is None and context is not None and context.place is not None:
            place = Place(
                name=place.name,
                type=place.type,
                country=context.place.country,
                admin1=context.place.admin1,
                lat=place.lat,
                lon=place.lon,
                geonameid=place.geonameid,
            )
        ev.fact.place = place
        ev.fact.place_entity = best.key


# -- helpers ----------------------------------------------------------------------------------------------


def _sentence_no(facts: DocFacts, sent: Span) -> int:
    for s in facts.sentences:
        if s.start <= sent.start_char < s.end or sent.start_char <= s.start < sent.end_char:
            return s.index
    return 0


def _in_skip(sent: Span, facts: DocFacts) -> bool:
    from khabar.extract.names import credit_regions

    return any(a <= sent.start_char < b for a, b in credit_regions(facts.document.text))


def _dates_in(sent: Span, published) -> list[tuple[Span, DateValue]]:  # type: ignore[no-untyped-def]
    out = []
    for start, end, value in find_dates(sent.text, published):
        span = sent.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        if span is not None:
            out.append((span, value))
    return out


def _clause_head(tok: Token) -> Token:
    """The verb whose clause holds ``tok`` (itself, for a verb)."""
    t = tok
    for _ in range(12):
        if t.pos_ in {"VERB", "AUX"} or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def _date_for(trigger: Token, dates: list[tuple[Span, DateValue]], sent: Span) -> DateValue | None:
    """A date in the trigger's own phrase or clause; else the date of a "when …" clause or of the main clause
    it hangs on; never a date from an "after/before …" clause, which dates something else."""
    if not dates:
        return None
    own = set(_scope(trigger))
    for span, value in dates:
        if any(t.i in own for t in span):
            return value
    clause = _clause_head(trigger)
    if clause is not trigger:
        scope = set(_scope(clause, stop=trigger))
        for span, value in dates:
            if any(t.i in scope for t in span):
                return value
    # a "when …" clause shares the date of its main clause, and vice versa
    if clause.dep_ == "advcl" and any(c.lower_ in {"when", "as", "while"} for c in clause.children):
        main = clause.head
        scope = set(_scope(main, stop=clause))
        for span, value in dates:
            if any(t.i in scope for t in span):
                return value
    for c in clause.children:
        if c.dep_ == "advcl" and any(m.lower_ in {"when", "as", "while"} for m in c.children):
            scope = set(_scope(c))
            for span, value in dates:
                if any(t.i in scope for t in span):
                    return value
    if clause.dep_ == "conj":
        scope = set(_scope(clause.head, stop=clause))
        for span, value in dates:
            if any(t.i in scope for t in span):
                return value
    return None


def _scope(tok: Token, stop: Token | None = None) -> list[int]:
    """Token indices of ``tok``'s phrase, without conjoined phrases, other clauses or a "stop" subtree."""
    out = [tok.i]
    stack = [c for c in tok.children]
    while stack:
        c = stack.pop()
        if stop is not None and c.i == stop.i:
            continue
        if c.dep_ in {"conj", "relcl", "ccomp", "advcl", "parataxis", "cc"}:
            continue
        if c.dep_ == "prep" and c.lower_ in SUBORDINATORS:
            continue
        if c.dep_ == "mark":
            continue
        out.append(c.i)
        stack.extend(c.children)
    return out


def _subject(verb: Token) -> Token | None:
    t = verb
    for _ in range(4):
        for c in t.children:
            if c.dep_ in {"nsubj", "csubj"}:
                return c
        if t.dep_ in {"conj", "xcomp", "advcl", "acl"} and t.head is not t:
            if t.dep_ == "acl" and t.head.pos_ in {"NOUN", "PROPN"}:
                return t.head
            t = t.head
            continue
        if t.dep_ == "relcl":
            return t.head
        break
    return None


def _attack_head(tok: Token) -> bool:
    head = tok.head
    lemma = head.lemma_.lower()
    return lemma in VERB_TRIGGERS or lemma in NOUN_TRIGGERS or lemma in {"open", "throw", "blow", "drop"}


def _trigger_like(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in NOUN_TRIGGERS or (tok.pos_ == "VERB" and lemma in VERB_TRIGGERS)


def _is_air(tok: Token, index: EntityIndex) -> bool:
    for c in tok.children:
        if c.lower_ in AIR_WORDS:
            return True
        if c.dep_ in {"compound", "amod", "poss", "nmod"}:
            key = index.entity_at(c)
            if key is not None and index.type_of(key) == "country":
                return True
            if c.text[:1].isupper() and c.pos_ == "ADJ":  # "an American strike"
                return True
    return False


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    return (
        head is not tok
        and head.pos_ == "VERB"
        and tok.dep_ in {"xcomp", "dobj"}
        and any(c.dep_ == "neg" for c in head.children)
    )


def _claims_violence(verb: Token) -> bool:
    """ "X said its soldiers had killed…" / "X claimed responsibility": a claim, when X is the speaker."""
    if verb.lemma_.lower() == "claim":
        return any(
            c.dep_ == "dobj" and c.lemma_.lower() in {"responsibility", "attack", "bombing", "killing"}
            for c in verb.children
        )
    return any(
        c.dep_ == "ccomp" and c.lemma_.lower() in {"kill", "attack", "bomb", "carry", "execute", "behead"}
        for c in verb.children
    )


def _subtype(tok: Token) -> str | None:
    words = {t.lower_ for t in tok.sent}
    if words & {
        "bomb",
        "bombs",
        "bombing",
        "bombings",
        "bomber",
        "bombers",
        "blast",
        "explosion",
        "explosives",
        "ied",
        "grenade",
        "grenades",
    }:
        if words & {"gunmen", "gunman", "fire", "shooting", "rifles"}:
            return "armed_assault"
        return "bombing"
    if words & {"gunmen", "gunman", "fire", "shooting", "shot", "rifles", "gunfire"}:
        return "armed_assault"
    return None


def _weapons(tok: Token) -> list[str]:
    out: list[str] = []
    for t in tok.sent:
        w = WEAPON_WORDS.get(t.lower_)
        if w == "firearms" and t.lower_ == "fire" and t.head.lemma_.lower() != "open":
            continue
        if w and w not in out:
            out.append(w)
    return out


def _np_text(tok: Token) -> str:
    """The noun phrase headed at ``tok`` without determiners, trailing clauses or conjuncts."""
    keep = [
        t
        for t in tok.subtree
        if t.i <= tok.i
        and t.dep_ not in {"det", "predet", "punct"}
        and not (t.dep_ == "poss" and t.pos_ == "PRON")
    ]
    if not keep:
        return tok.text
    start = min(t.i for t in keep)
    return tok.doc[start : tok.i + 1].text


def _org_entity(facts: DocFacts, name: str, country: Place) -> str:
    key = f"organization:{name.lower()}"
    if key not in facts.entities:
        facts.entities[key] = LocalEntity(
            key=key, name=name, type="organization", aliases={name}, place=None, extractor=EVENTS
        )
        facts.entities[key].place = country
    return key


def _country_entity(facts: DocFacts, place: Place) -> str:
    for k, e in facts.entities.items():
        if e.type == "country" and e.name == place.name:
            return k
    key = f"p:{place.geonameid}" if place.geonameid else f"p:{place.name.lower()}:country"
    facts.entities[key] = LocalEntity(
        key=key, name=place.name, type="country", aliases={place.name}, place=place, extractor=EVENTS
    )
    return key


# -- merging ----------------------------------------------------------------------------------------------

FAMILY = {"attack": "violence", "air_strike": "violence", "killing": "violence", "execution": "violence"}


def _absorb_nested(events: list[_Ev]) -> None:
    """ "killed by a U.S. air strike": the killing is the strike's outcome, so keep one event."""
    for ev in list(events):
        if ev.fact.type not in {"killing", "execution"} or ev.trigger.pos_ != "VERB":
            continue
        for other in events:
            if other is ev or other.fact.type not in {"air_strike", "attack"}:
                continue
            if other.trigger.head is ev.trigger or other.trigger.head.head is ev.trigger:
                for p in ev.fact.participants:
                    if p.role == "victim" and p not in other.fact.participants:
                        other.fact.participants.append(p)
                other.fact.date = other.fact.date or ev.fact.date
                other.places.extend(k for k in ev.places if k not in other.places)
                other.generic = False
                ev.generic = True
                break
    # a kill verb reported inside a claim is part of the claim
    for ev in events:
        if ev.fact.type == "claim":
            for other in events:
                if other is not ev and other.trigger.head is ev.trigger and other.trigger.dep_ == "ccomp":
                    other.generic = True


def _date_compatible(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    k = min(len(a.start), len(b.start))
    a_end = (a.end or a.start)[:k]
    b_end = (b.end or b.start)[:k]
    return a.start[:k] <= b_end and b.start[:k] <= a_end


def _places_compatible(a: _Ev, b: _Ev, facts: DocFacts) -> bool | None:
    """True if a place is shared, False if they clash, None if one side names none."""
    if not a.places or not b.places:
        return None
    if set(a.places) & set(b.places):
        return True
    pa = {facts.entities[k].name for k in a.places}
    pb = {facts.entities[k].name for k in b.places}
    ca = {p.country for k in a.places if (p := facts.entities[k].place) is not None}
    cb = {p.country for k in b.places if (p := facts.entities[k].place) is not None}
    if pa & pb:
        return True
    return None if (ca & cb or not ca or not cb) else False


def _perps(ev: _Ev) -> set[str]:
    return {p.entity for p in ev.fact.participants if p.entity and p.role in {"perpetrator", "agent"}}


def _merge(events: list[_Ev], facts: DocFacts) -> list[_Ev]:
    """One event, many mentions: fold later mentions into an earlier one of the same event."""
    out: list[_Ev] = []
    for ev in events:
        target = None
        for prev in reversed(out):
            same_type = prev.fact.type == ev.fact.type or (
                FAMILY.get(prev.fact.type) == "violence"
                and FAMILY.get(ev.fact.type) == "violence"
                and prev.sentence == ev.sentence
            )
            if not same_type or not _date_compatible(prev.fact.date, ev.fact.date):
                continue
            victims_a = {p.entity for p in prev.fact.participants if p.role == "victim"}
            victims_b = {p.entity for p in ev.fact.participants if p.role == "victim"}
            if victims_a and victims_b and not victims_a & victims_b:
                continue
            places = _places_compatible(prev, ev, facts)
            if places is False:
                continue
            pa, pb = _perps(prev), _perps(ev)
            if pa and pb and not pa & pb:
                continue
            anchored = (
                places is True
                or (
                    prev.fact.date is not None
                    and ev.fact.date is not None
                    and prev.fact.date.precision != "year"
                )
                or (pa & pb and ev.fact.type in {"founding", "intervention", "clash", "capture"})
            )
            near = 0 <= ev.sentence - prev.sentence <= 1 and (ev.fact.date is None or prev.fact.date is None)
            back_ref = any(c.lower_ == "the" for c in ev.trigger.children) and ev.fact.date is None
            if anchored or near or back_ref:
                target = prev
                break
        if target is None:
            out.append(ev)
            continue
        _fold(target, ev)
    return out


def _fold(into: _Ev, ev: _Ev) -> None:
    f, g = into.fact, ev.fact
    for s in g.sentences:
        if s not in f.sentences:
            f.sentences.append(s)
    if f.date is None or (g.date is not None and len(g.date.start) > len(f.date.start)):
        f.date = g.date or f.date
    for p in g.participants:
        if p not in f.participants:
            f.participants.append(p)
    into.places.extend(k for k in ev.places if k not in into.places)
    f.weapons += [w for w in g.weapons if w not in f.weapons]
    f.targets += [t for t in g.targets if t not in f.targets]
    f.killed = _better(f.killed, g.killed)
    f.wounded = _better(f.wounded, g.wounded)
    f.subtype = f.subtype or g.subtype


def _better(a: Count | None, b: Count | None) -> Count | None:
    return a if a is not None else b
