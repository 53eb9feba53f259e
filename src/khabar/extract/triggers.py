"""What makes a word an event trigger, and what the words around it say: negation, wishes, claims, the attack
type and the weapons. Shared by the event finder; knows nothing of entities beyond the document's index."""

from __future__ import annotations

from spacy.tokens import Span, Token

from khabar.extract.coref import EntityIndex
from khabar.extract.dates import is_date_expression
from khabar.extract.doc_sents import children, token_view
from khabar.extract.lexicon import (
    AIR_WORDS,
    CLAIM_NOUNS,
    EXPLOSIVE_NOUNS,
    GOAL_NOUNS,
    HUMAN_NOUNS,
    INTENT_NOUNS,
    IRREALIS_VERBS,
    LIGHT_VERBS,
    NOUN_TRIGGERS,
    PEOPLE_NOUNS,
    PREVENTING_VERBS,
    SUBTYPE_WORDS,
    VERB_TRIGGERS,
    WEAPON_NOUNS,
)
from khabar.extract.syntax import clause_head, is_passive, np_text, scope, subject, trigger_like

__all__ = [
    "attack_head",
    "is_air",
    "is_human",
    "describable",
    "verbal",
    "claimed_object",
    "denied",
    "negated",
    "irrealis",
    "claims_violence",
    "subtype_of",
    "weapons_in",
    "went_off",
]


def attack_head(tok: Token) -> bool:
    """Whether a participle hangs on an attack ("opened fire, killing…") or on a light verb with an attack
    object ("carried out attacks, killing…")."""
    head = tok.head
    lemma = head.lemma_.lower()
    if lemma in VERB_TRIGGERS or lemma in NOUN_TRIGGERS or lemma in {"open", "throw", "blow", "drop"}:
        return True
    if went_off(head):
        return True  # "a bomb went off, killing five"
    return lemma in LIGHT_VERBS and any(
        trigger_like(t) for c in children(head) if c.dep_ == "dobj" for t in c.subtree
    )  # "carried out a number of attacks, killing…"


def went_off(tok: Token) -> bool:
    """ "a bomb went off", "the device had gone off": an explosive's own verb, a bombing."""
    if tok.lemma_.lower() != "go" or not any(c.dep_ == "prt" and c.lower_ == "off" for c in tok.children):
        return False
    return any(
        c.dep_ == "nsubj" and (c.lemma_.lower() in EXPLOSIVE_NOUNS or c.lower_ in EXPLOSIVE_NOUNS)
        for c in tok.children
    )


def is_air(tok: Token, index: EntityIndex) -> bool:
    """ "air strike", "drone strike", "U.S. strikes", "an American strike": strikes from the air by a state."""
    for c in children(tok):
        if c.lower_ in AIR_WORDS:
            return True
        if c.dep_ in {"compound", "amod", "poss", "nmod"}:
            key = index.entity_at(c)
            if key is not None and index.type_of(key) == "country":
                return True
            if c.text[:1].isupper() and c.pos_ == "ADJ":
                return True
    return False


def is_human(tok: Token, index: EntityIndex) -> bool:
    key = index.entity_in(tok)
    if key is not None and index.type_of(key) in {"person", "armed_group"}:
        return True
    if tok.lemma_.lower() in PEOPLE_NOUNS:
        return True  # "released 12 passengers", "freed the villagers"
    of = [g for c in children(tok) if c.dep_ == "prep" and c.lower_ == "of" for g in children(c)]
    if tok.lower_ in COUNT_WORDS and of:  # "several of their weapons" are no people, "dozens of them" are
        return any(
            g.lemma_.lower() in PEOPLE_NOUNS | HUMAN_NOUNS
            or g.lower_ in {"them", "us", "those"}
            or ((k := index.entity_at(g)) is not None and index.type_of(k) in {"person", "armed_group"})
            for g in of
        )
    words = [tok] + [c for c in children(tok) if c.dep_ in {"compound", "amod", "prep"}] + of
    return any(t.lemma_.lower() in HUMAN_NOUNS for t in words)


# quantities that stand for people when nothing says of what: "several were taken", "dozens fled"
COUNT_WORDS = frozenset({"several", "dozens", "hundreds", "thousands", "scores", "many", "some"})


def describable(tok: Token) -> bool:
    """Whether a noun is worth keeping as a participant's text ("three Moroccan nationals", "a church")."""
    if tok.pos_ not in {"NOUN", "PROPN"} or tok.ent_type_ in {"DATE", "TIME"}:
        return False
    if tok.lower_ in {"people", "others", "responsibility"} or trigger_like(tok):
        return False
    return not is_date_expression(np_text(tok))  # "on Easter Sunday" dates the attack; it is no target


def verbal(tok: Token) -> bool:
    """A verb, or a verb the tagger took for a name ("ISWAP fighters overran …" tagged PROPN) with its subject."""
    return tok.pos_ == "VERB" or (
        tok.dep_ == "ROOT" and tok.lower_ in VERB_TRIGGERS and any(c.dep_ == "nsubj" for c in children(tok))
    )


def claimed_object(tok: Token) -> bool:
    """ "responsibility for the attack", "claimed the bombing": an attack named as what a claim is about."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() == "responsibility":
        return True
    return tok.dep_ == "dobj" and head.lemma_.lower() in {"claim", "deny", "condemn"}


def denied(verb: Token) -> bool:
    """ "No group has said…", "X denied…": what follows is not asserted."""
    if verb.lemma_.lower() in {"deny", "reject", "dismiss"}:
        return True
    speaker = subject(verb)
    return speaker is not None and (
        speaker.lower_ in NEGATIVE_SUBJECTS  # "Nobody has said it carried out the attack"
        or any(c.lower_ in {"no", "none"} for c in children(speaker))
    )


NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "no-one", "noone"})


def negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in children(tok)):
        return True
    if tok.pos_ == "VERB" and any(  # "Nobody claimed the attack", "No one has claimed responsibility"
        c.dep_ in {"nsubj", "nsubjpass"}
        and (c.lower_ in NEGATIVE_SUBJECTS or (c.lower_ == "one" and any(d.lower_ == "no" for d in children(c))))
        for c in children(tok)
    ):
        return True
    head = tok.head
    return (
        head.i != tok.i
        and head.pos_ == "VERB"
        and tok.dep_ in {"xcomp", "dobj"}
        and any(c.dep_ == "neg" for c in children(head))
    )


def irrealis(tok: Token) -> bool:
    """ "wanted to topple … and capture Damascus": wished-for, planned or threatened acts did not happen."""
    t = tok
    for _ in range(3):
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in IRREALIS_VERBS:
            return True
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in children(t)) and (
            (t.dep_ == "acl" and t.head.lemma_.lower() in INTENT_NOUNS)  # "fought off attempts to kidnap girls"
            or (t.dep_ in {"advcl", "xcomp"} and t.head.lemma_.lower() in PREVENTING_VERBS)  # "foiled a plot to bomb"
        ):
            return True
        if t.dep_ != "conj":
            break
        t = t.head
    if tok.pos_ == "VERB":
        # "whoever they will kill", "could attack": what may or will happen has not; "to defend ourselves if
        # attacked": a condition, not a deed
        if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for c in children(tok)):
            return True
        if tok.tag_ == "VBN" and tok.i > 0 and tok.nbor(-1).lower_ in CONDITIONALS:
            return True
        clause = tok
        for _ in range(3):
            if any(c.dep_ == "mark" and c.lower_ in CONDITIONALS for c in children(clause)):
                return True
            if clause.dep_ not in {"conj", "xcomp"}:
                break
            clause = clause.head
    if tok.pos_ != "NOUN":
        return False
    # "The arrest of X was the priority", "his capture remains our goal": what is sought, not what was done
    if (
        tok.dep_ == "nsubj"
        and tok.head.lemma_.lower() in {"be", "remain"}
        and any(c.dep_ in {"attr", "acomp"} and c.lemma_.lower() in GOAL_NOUNS for c in children(tok.head))
    ):
        return True
    # "a reward for information leading to his arrest", "a bounty for his capture", "demanded a ransom for their
    # release", "calls for the release of the hostages": sought, not done
    return any(a.lemma_.lower() in SOUGHT_BY for a in tok.ancestors)


SOUGHT_BY = frozenset({"reward", "bounty", "warrant", "ransom", "demand", "call", "appeal", "plea", "campaign"})


HYPOTHETICAL_AUX = frozenset({"will", "would", "could", "might", "may", "should", "must", "shall", "'ll"})
CONDITIONALS = frozenset({"if", "unless", "whether", "lest"})


def claims_violence(verb: Token, index: EntityIndex) -> bool:
    """ "X claimed responsibility" / "X said its men had killed…": a claim, when X speaks of its own deed.
    "The government said NTJ carried out the attacks" is an attribution, not a claim; "No group has said it
    carried out the attacks" is no claim at all."""
    speaker = subject(verb)
    if speaker is None or any(c.lower_ in {"no", "none"} for c in children(speaker)):
        return False
    if verb.lemma_.lower() == "claim":
        if is_passive(verb):  # "The attack was claimed by X": X claims it
            return _deed_noun(speaker) and any(
                (k := index.entity_in(p)) is not None and index.type_of(k) in {"armed_group", "person"}
                for c in children(verb)
                if c.dep_ == "agent"
                for p in children(c)
                if p.dep_ == "pobj"
            )
        # "claimed responsibility", "Daesh claims bombing of Shia mosque", "claimed to have killed 60 troops"
        return any(
            (c.dep_ == "dobj" and (c.lemma_.lower() in CLAIM_NOUNS or _deed_noun(c)))
            or (c.dep_ == "xcomp" and c.lemma_.lower() in CLAIMED_DEEDS and not is_passive(c))
            for c in children(verb)
        )
    who = index.entity_in(speaker)  # "The IS's Afghan affiliate, known as ISIS-K, said…": ISIS-K (entity_in)
    for c in children(verb):
        if c.dep_ != "ccomp" or c.lemma_.lower() not in {
            "kill",
            "attack",
            "bomb",
            "carry",
            "execute",
            "behead",
        }:
            continue
        doer = subject(c)
        if doer is None or who is None or is_passive(c):
            continue  # "said five of their fighters were killed": its losses, not its deed
        owners = {index.entity_at(t) for t in doer.subtree if t.dep_ == "poss"}
        if index.entity_in(doer) == who or who in owners:
            return True  # "Boko Haram said its men had attacked…", "two of its bombers had killed…"
    return False


CLAIMED_DEEDS = frozenset(
    {"kill", "attack", "bomb", "carry", "execute", "behead", "abduct", "kidnap", "capture"}
)


def _deed_noun(tok: Token) -> bool:
    """ "the attack", "the bombing", "it": what a claim is of."""
    return NOUN_TRIGGERS.get(tok.lemma_.lower(), ("",))[0] in {"attack", "kidnapping", "killing"} or (
        tok.lower_ in {"it", "this", "that"}
    )


def subtype_of(tok: Token) -> str | None:
    """The GTD attack type from the words of the trigger's own phrase (or its clause, for a verb)."""
    tokens = {tok.doc[i].lower_ for i in scope(tok if tok.pos_ != "VERB" else clause_head(tok))}
    for words, subtype in SUBTYPE_WORDS:
        if tokens & words:
            return subtype
    return None


def weapons_in(tok: Token, sent: Span) -> list[str]:
    """The weapons as the text names them ("a powerful bomb", "fragmentation grenades", "AK-47 rifles"), from the
    trigger's sentence; "opened fire" with no weapon named is "firearms"."""
    out: list[str] = []
    view = token_view(sent.doc)
    for i in range(sent.start, sent.end):
        if view.pos[i] not in {"NOUN", "PROPN"} or view.lemma[i] not in WEAPON_NOUNS or view.dep[i] == "compound":
            continue
        t = view.tokens[i]
        phrase = np_text(t)
        words = phrase.split()
        while words and (
            words[0].lower() in {"a", "an", "the", "his", "her", "their", "its"}
            or (words[0].isascii() and words[0].isdigit())
        ):
            words = words[1:]
        phrase = " ".join(words) or t.text
        if phrase.lower() not in {w.lower() for w in out}:
            out.append(phrase)
    if not out and any(
        view.lemma[i] == "fire" and view.tokens[i].head.lemma_.lower() == "open" for i in range(sent.start, sent.end)
    ):
        out.append("firearms")
    return out
