"""Who did an attack, by what the article says about it afterwards: claims, suspicions, blame, membership."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from khabar.extract.coref import EntityIndex
from khabar.extract.doc_sents import token_view
from khabar.extract.event_merge import EventMention
from khabar.extract.frames import HOLDER, OF, Frame, prep_role
from khabar.extract.frames.lexicon import lexicon
from khabar.extract.lexicon import ATTACKER_NOUNS
from khabar.extract.syntax import is_passive, sentence_no, subject, trigger_like
from khabar.model import DocFacts, Participant

__all__ = [
    "credit_perpetrators",
    "frame_attributions",
    "latest_attack",
    "recent_attacks",
    "attributed",
    "add_perpetrator",
    "speaks_for",
]


def recent_attacks(events: list[EventMention], sentence: int) -> list[EventMention]:
    """Every attack (or killing) of the few sentences before a claim, whose perpetrator no group is yet named
    for: "The Islamic State claimed responsibility" after a report of two blasts covers both."""
    out = []
    for e in events:
        if e.fact.type not in {"attack", "killing"} or not 0 <= sentence - min(e.fact.sentences) <= 4:
            continue
        if not any(p.entity and p.role == "perpetrator" for p in e.fact.participants):
            out.append(e)
    return out


def latest_attack(events: list[EventMention], sentence: int) -> EventMention | None:
    """The attack a later statement refers to: one mentioned in that sentence, else the last one before it."""
    attacks = [e for e in events if e.fact.type in {"attack", "air_strike", "killing"}]
    same = [e for e in attacks if sentence in e.fact.sentences]
    if same:
        return same[0]
    before = [e for e in attacks if min(e.fact.sentences) < sentence]
    return max(before, key=lambda e: max(s for s in e.fact.sentences if s < sentence), default=None)


def credit_perpetrators(doc: Doc, events: list[EventMention], index: EntityIndex, facts: DocFacts) -> None:
    """Who did it, by what the article says about the attack afterwards: the claimant of responsibility; a group
    "suspected"/"believed to be behind" it, "blamed" for it; "carried out by" it in the passive; the group a bomber
    "belonged to"."""
    for ev in events:
        if ev.fact.type != "claim":
            continue
        attack = latest_attack(events, ev.sentence)
        targets = ([attack] if attack is not None else []) + recent_attacks(events, ev.sentence)
        group = _spoken_for(ev, index)
        if group is not None and Participant(role="claimant", entity=group) not in ev.fact.participants:
            ev.fact.participants.append(Participant(role="claimant", entity=group))
        for p in ev.fact.participants:
            if p.role == "claimant" and p.entity and (group is None or p.entity == group):
                for t in targets:  # a spokesman claims for his group; the group did it, not he
                    add_perpetrator(t, p.entity)
    view = token_view(doc)
    toks, lem = view.tokens, view.lemma
    for i, lemma in enumerate(lem):
        if lemma not in _ATTRIBUTION_LEMMAS:
            continue  # attributed() names no one for it
        tok = toks[i]
        groups = attributed(tok, index)
        if not groups:
            continue
        # blame goes to the last attack whose doer is not yet named ("Nine of the attackers were killed by
        # Indian forces. India blamed LeT": LeT did the attack, not the killing of the attackers)
        open_events = [e for e in events if not any(p.entity and p.role in {"agent", "perpetrator"}
                                                    for p in e.fact.participants)]  # fmt: skip
        sent = sentence_no(facts, index.sent_of(tok))
        attack = latest_attack(open_events, sent) or latest_attack(events, sent)
        if attack is None:
            continue
        for key in groups:
            add_perpetrator(attack, key)


SPEAKER_TITLES = frozenset({"spokesman", "spokesperson", "spokeswoman", "spokesmen", "representative"})


def _spoken_for(claim: EventMention, index: EntityIndex) -> str | None:
    speaker = subject(claim.trigger)
    return speaks_for(speaker, index) if speaker is not None else None


def speaks_for(speaker: Token, index: EntityIndex) -> str | None:
    """The armed group whose spokesman is speaking: "Taliban spokesman X claimed…", "X, a spokesman for the
    group, claimed…", "a spokesperson for the BLA claimed…"."""
    phrase = list(speaker.subtree)
    if not any(t.lemma_.lower() in SPEAKER_TITLES for t in phrase):
        return None
    for t in phrase:
        key = index.by_token.get(t.i)
        if key is not None and index.type_of(key) == "armed_group":
            return key
    return None


def frame_attributions(frames: list[Frame], events: list[EventMention], index: EntityIndex) -> None:
    """Who did it, said of the deed itself: "the massacre was the work of X", "X was responsible for the
    attack" (the lexicon's ``attribution`` words, read off frames whatever the wording around them)."""
    lex = lexicon()
    nouns, adjs = lex.words("attribution", "doer_nouns"), lex.words("attribution", "responsible_adjectives")
    by_trigger = {e.trigger.i: e for e in events}
    for f in frames:
        if f.negated or f.irrealis:
            continue
        if f.kind == "noun" and f.lemma in nouns:
            deeds, doers = f.args.get(HOLDER, []), f.args.get(OF, [])
        elif f.kind == "adj" and f.lemma in adjs:
            deeds, doers = f.args.get(prep_role("for"), []), f.args.get(HOLDER, [])
        else:
            continue
        for deed in deeds:
            ev = by_trigger.get(deed.i)
            if ev is None or ev.fact.type not in {"attack", "killing", "air_strike", "kidnapping"}:
                continue
            for d in doers:
                key = index.entity_in(d)
                if key is not None and index.type_of(key) in {"armed_group", "person"}:
                    add_perpetrator(ev, key)


# The lemmas ``attributed`` reads a statement of responsibility from: any other word names no one.
_ATTRIBUTION_LEMMAS = ATTACKER_NOUNS | frozenset(
    {"belong", "member", "connection", "link", "tie", "suspect", "believe", "think", "say", "thought", "behind",
     "blame", "identify", "name", "carry", "claim", "perpetrate", "commit", "stage"}
)  # fmt: skip


def attributed(tok: Token, index: EntityIndex) -> list[str]:
    """The armed groups (or named people) a statement around ``tok`` holds responsible for an attack."""
    lemma = tok.lemma_.lower()
    named: list[Token] = []
    if lemma in {"belong", "member", "connection", "link", "tie"}:
        # "the bomber belonged to X", "He was once jailed for belonging to X", "The attacker had connections
        # with X"
        if lemma in {"connection", "link", "tie"} and not (tok.pos_ == "NOUN" and tok.head.lemma_ == "have"):
            return []
        verb = tok if tok.pos_ == "VERB" else tok.head
        doer = subject(verb)
        if doer is None and verb.dep_ == "pcomp":  # "He was charged for belonging to X"
            doer = subject(verb.head.head)
        if doer is not None and _attacker(doer, index):
            named = [t for t in tok.subtree if t.dep_ == "pobj"]
    elif (
        lemma in {"suspect", "believe", "think", "say", "thought"} and tok.pos_ == "VERB" and is_passive(tok)
    ):
        # "Police say the ADF is suspected of being behind the massacre", "X is believed to have planted the bomb"
        named = [c for c in tok.children if c.dep_ == "nsubjpass"]
    elif lemma == "behind" and tok.dep_ == "prep" and tok.head.lemma_ == "be":
        named = [c for c in tok.head.children if c.dep_ == "nsubj"]  # "X was behind the attack"
    elif lemma == "blame" and tok.pos_ == "VERB":
        if is_passive(tok):  # "The attack was blamed on X" / "X was blamed for the attack"
            named = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children]
            named += [c for c in tok.children if c.dep_ == "nsubjpass" and not trigger_like(c)]
        else:  # "The army blamed the ADF for the massacre"
            named = [c for c in tok.children if c.dep_ == "dobj"]
    elif lemma in {"identify", "name"} and tok.pos_ == "VERB":
        # "The attacker was identified as X", "A suicide bomber named X"
        doer = subject(tok) if is_passive(tok) else (tok.head if tok.dep_ == "acl" else None)
        if doer is not None and doer.lemma_.lower() in ATTACKER_NOUNS | {"man", "woman"}:
            named = [
                t for t in tok.subtree if t.dep_ in {"pobj", "oprd", "dobj", "attr"} and t.pos_ == "PROPN"
            ]
    elif lemma in ATTACKER_NOUNS and tok.pos_ == "NOUN":
        named = [c for c in tok.children if c.dep_ == "appos"]  # "The suspect, Cherif Chekatt, …"
    elif (
        lemma in {"carry", "claim", "perpetrate", "commit", "stage"}
        and tok.pos_ == "VERB"
        and (is_passive(tok) or (tok.dep_ == "acl" and any(c.dep_ == "agent" for c in tok.children)))
    ):
        # "The ambush was reportedly staged by X", "It was claimed by X"
        named = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    out: list[str] = []
    for t in named:
        for c in index.conjuncts(t):
            key = index.entity_in(c)
            if key is None and c.lemma_.lower() in {
                "group",
                "organisation",
                "organization",
                "outfit",
                "faction",
            }:
                key = index.by_token.get(c.i + 1)  # "claimed by the militant outfit Lashkar e Jhangvi"
            if key is not None and index.type_of(key) in {"armed_group", "person"} and key not in out:
                out.append(key)
    return out


def _attacker(doer: Token, index: EntityIndex) -> bool:
    """An attacker noun, or "he"/"they" just after a sentence about the attacker."""
    if doer.lemma_.lower() in ATTACKER_NOUNS:
        return True
    if doer.lower_ not in {"he", "she", "they"}:
        return False
    sent, prev = index.sent_of(doer), index.previous_sentence(doer)
    before = list(sent[: doer.i - sent.start]) + (list(prev) if prev is not None else [])
    return any(t.lemma_.lower() in ATTACKER_NOUNS and t.dep_ in {"nsubj", "nsubjpass"} for t in before)


def add_perpetrator(ev: EventMention, key: str) -> None:
    p = Participant(role="perpetrator", entity=key)
    if p not in ev.fact.participants:
        ev.fact.participants.append(p)
