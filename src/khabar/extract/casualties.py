"""Casualty tolls and victims read from the parse of a sentence, where word order fools a pattern."""

from __future__ import annotations

from spacy.tokens import Span, Token

from khabar.extract.doc_sents import token_view
from khabar.extract.lexicon import HUMAN_NOUNS, KILLING_VERBS, LIFE_TAKING_VERBS, PEOPLE_NOUNS, TO_DEATH_VERBS
from khabar.extract.numbers import parse_number
from khabar.extract.syntax import SAYING_LEMMAS, is_passive
from khabar.model import Count

__all__ = ["CASUALTY_WORDS", "listed_casualties", "head_count", "harmed", "is_people"]

CASUALTY_WORDS = {"kill": "killed", "dead": "killed", "die": "killed", "wound": "wounded", "injure": "wounded",
                  "injured": "wounded", "wounded": "wounded", "hurt": "wounded"}  # fmt: skip


def listed_casualties(sent: Span) -> dict[str, Count]:
    """Tolls read from the parse, where word order fools a pattern: "9 villagers, among them 2 teachers, died"
    (9, the head's number), "Three policemen and 5 passers-by were killed" (summed; "a cook" counts one),
    "killed a mayor, his bodyguard and a clerk" (3), "30 people are reported dead". Where any listed part
    has no number, nothing is summed."""
    out: dict[str, Count] = {}
    view = token_view(sent.doc)
    for i in range(sent.start, sent.end):
        field_name = CASUALTY_WORDS.get(view.lemma[i]) or CASUALTY_WORDS.get(view.lower[i])
        if field_name is None and view.pos[i] == "VERB" and (
            view.lemma[i] in KILLING_VERBS
            or (view.lemma[i] in TO_DEATH_VERBS and to_death(view.tokens[i]))
            or (view.lemma[i] in {"shoot", "gun"} and _shot_dead(view.tokens[i]))
            or (view.lemma[i] in LIFE_TAKING_VERBS and lives_taken(view.tokens[i]) is not None)
        ):
            field_name = "killed"  # "have been beheaded", "were hacked to death", "shot dead a soldier"
        if field_name is None or field_name in out:
            continue
        tok = view.tokens[i]
        if tok.pos_ == "VERB" and not is_passive(tok) and tok.lemma_.lower() not in {"die", "injured", "wounded"} and (
            field_name == "killed" or tok.tag_ == "VBG"  # "…, wounding a man", "injuring an officer and 2 others"
        ):
            victims = next(iter(killed_objects(tok)), None)
            if victims is not None and _comma_after(tok):
                victims = None  # "Policeman killed, 80 students abducted": a headline's list, not an object
        else:
            victims = next((c for c in tok.children if c.dep_ in {"nsubjpass", "nsubj"}), None)
            if victims is None and tok.dep_ in {"acomp", "oprd", "xcomp"}:  # "40 people are confirmed dead"
                victims = next((c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if victims is None and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SAYING_LEMMAS:
                # "adding 12 personnel were injured", parsed as "adding 12 personnel" + "were injured"
                victims = next((c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i), None)
        if victims is None or victims.pos_ not in {"NOUN", "PROPN"}:
            continue
        total = head_count(victims)
        if total is not None and total > 0:
            out[field_name] = Count(
                total, total, text=sent.doc[victims.left_edge.i : victims.right_edge.i + 1].text
            )
    return out


def _comma_after(tok: Token) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == ","


def head_count(head: Token) -> int | None:
    """The number a noun phrase counts, summed over its conjuncts (not over an "including …" aside)."""
    parts = [head]
    t = head
    while (nxt := next((c for c in t.children if c.dep_ == "conj"), None)) is not None:
        parts.append(nxt)
        t = nxt
    total = 0
    for p in parts:
        num = next((c for c in p.children if c.dep_ == "nummod"), None)
        if p.lower_ in {"nobody", "none"} or any(c.lower_ == "no" for c in p.children):
            value: int | None = 0  # "No one was killed", "no soldiers were hurt"
        elif num is not None:
            # "Thirty seven soldiers": the whole number phrase, not its last word
            phrase = num.doc[num.left_edge.i : num.right_edge.i + 1].text
            value = parse_number(phrase)
            if value is None:
                value = parse_number(num.text)
        elif p.like_num:
            value = parse_number(p.text)
        elif any(c.lower_ in {"a", "an", "one", "his", "her", "their"} for c in p.children) and (
            len(parts) > 1 or (is_people(p) and p.tag_ in {"NN", "NNP"})
        ):
            value = 1  # "a mayor, his bodyguard and a clerk"; "killed a police officer" (not "a number of")
        else:
            value = None
        if value is None:
            return None
        total += value
    return total


HARMING_VERBS = KILLING_VERBS | {"injure", "wound", "hurt"}


def _shot_dead(verb: Token) -> bool:
    """ "shot dead a soldier", "was shot dead", "gunned down two men"."""
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    return after is not None and (after.lower_ == "dead" or (verb.lemma_.lower() == "gun" and after.lower_ == "down"))


def lives_taken(verb: Token) -> list[Token] | None:
    """ "claimed the lives of four soldiers and a guard", "took 12 lives": a toll told as lives. Whose lives (the
    "of" objects; the lives themselves where they are counted), or None where the verb takes no lives."""
    if verb.lemma_.lower() not in LIFE_TAKING_VERBS:
        return None
    for c in verb.children:
        if c.dep_ == "dobj" and c.lemma_.lower() == "life":
            whose = [p for prep in c.children if prep.dep_ == "prep" and prep.lower_ == "of"
                     for p in prep.children if p.dep_ == "pobj"]  # fmt: skip
            return whose or [c]
    return None


def killed_objects(verb: Token) -> list[Token]:
    """Who an active killing verb names as killed: its objects, or whose lives it took."""
    taken = lives_taken(verb)
    return taken if taken is not None else [c for c in verb.children if c.dep_ == "dobj"]


def to_death(verb: Token) -> bool:
    """ "hacked five villagers to death", "were beaten to death": the verb tells how people were killed."""
    return any(
        c.dep_ == "prep" and c.lower_ == "to" and any(p.lower_ == "death" for p in c.children) for c in verb.children
    )


def harmed(sent: Span) -> list[Token]:
    """Who a sentence says was killed or hurt: the subject of a passive "were killed/injured", the object of an
    active "killed/wounded"."""
    out = []
    view = token_view(sent.doc)
    for i in range(sent.start, sent.end):
        lemma = view.lemma[i]
        if view.pos[i] != "VERB" or lemma not in HARMING_VERBS | TO_DEATH_VERBS | LIFE_TAKING_VERBS:
            continue
        tok = view.tokens[i]
        if lemma in TO_DEATH_VERBS and not to_death(tok):
            continue  # "beat the army", "burned the market": not people killed
        if lemma in LIFE_TAKING_VERBS:
            out += [t for t in lives_taken(tok) or () if t.lemma_.lower() != "life"]
            continue
        dep = "nsubjpass" if is_passive(tok) else "dobj"
        out += [c for c in tok.children if c.dep_ == dep]
    return out


def is_people(tok: Token) -> bool:
    """ "peasants", "two policemen", "a judge": people, as opposed to things (a bus, the offices)."""
    lemma = tok.lemma_.lower()
    return lemma in PEOPLE_NOUNS or lemma in HUMAN_NOUNS or tok.ent_type_ in {"PERSON", "NORP"}
