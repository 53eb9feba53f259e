"""Ties between groups and states, from patterns over the parse: allegiance, rivalry and war, alliances,
support, rule, enmity and recruiting ("declared its allegiance to Y", "clashes between X and Y", "X is a rival of
Y", "backed by Y", "Y-ruled Z", "Y sees X as enemies", "attracted members from A and B"). The relation finder
inherits these; leaders, members, branches and their periods stay there."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from khabar.extract.coref import EntityIndex
from khabar.extract.frames.lexicon import stamped
from khabar.extract.registry import RELATIONS
from khabar.extract.syntax import is_passive, subject
from khabar.model import DateValue, RelationFact

__all__ = ["TiePatterns", "Collector", "Dated", "ARMED", "GROUPS", "STATES", "ACTORS", "previous_subject"]

ENEMY_NOUNS = frozenset({"enemy", "enemies", "foe", "foes", "adversary", "adversaries", "target", "targets"})
SEE_VERBS = frozenset({"see", "regard", "view", "consider", "name", "brand", "declare", "label", "call"})
SUPPORT_VERBS = frozenset({"back", "support", "fund", "finance", "arm", "sponsor", "train", "equip"})
HELP_NOUNS = frozenset({"intervention", "help", "support", "backing", "aid", "assistance", "cover"})
RULE_WORDS = frozenset({"ruled", "run", "controlled", "led", "governed"})
RECRUIT_VERBS = frozenset({"recruit", "attract", "draw", "lure", "poach"})
RIVAL_NOUNS = frozenset({"rival", "archrival", "arch-rival", "nemesis"})
ALLY_NOUNS = frozenset({"ally", "partner"})
AID_NOUNS = frozenset({"weapon", "arm", "money", "fund", "funding", "support", "training", "backing", "aid",
                       "drone", "missile", "rocket", "ammunition", "cash", "financing"})  # fmt: skip
FIGHT_VERBS = frozenset({"fight", "battle", "clash"})
ARMED = frozenset({"armed_group"})
GROUPS = frozenset({"armed_group", "organization"})
STATES = frozenset({"country"})
ACTORS = frozenset({"armed_group", "person", "country", "organization"})

Dated = list[tuple[int, int, DateValue]]  # (start char, end char, date) in the document


@dataclass
class Collector:
    """The relations of one document, merged by (type, subject, object), with their sentences and periods."""

    out: dict[tuple[str, str, str], RelationFact] = field(default_factory=dict)
    sentence: int = 0
    # (type, heir, group) -> predecessor: "X succeeded him" starts X's role when the predecessor's ended
    successions: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def emit(self, rtype: str, subj: str | None, obj: str | None, start: DateValue | None = None,
             end: DateValue | None = None, as_of: DateValue | None = None) -> None:  # fmt: skip
        if subj is None or obj is None or subj == obj:
            return
        rel = self.out.get((rtype, subj, obj))
        if rel is None:
            self.out[(rtype, subj, obj)] = RelationFact(type=rtype, subject=subj, object=obj,
                                                       sentences=[self.sentence], extractor=stamped(RELATIONS), start=start,
                                                       end=end, as_of=as_of)  # fmt: skip
            return
        if self.sentence not in rel.sentences:
            rel.sentences.append(self.sentence)
        rel.start = rel.start or start
        rel.end = rel.end or end
        rel.as_of = rel.as_of or as_of

    def emit_pairs(self, rtype: str, keys: list[str]) -> None:
        """``rtype`` between every two of ``keys`` ("clashes between X, Y and Z")."""
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                self.emit(rtype, a, b)

    def led_by(self, person: str) -> str | None:
        """The group a person was just said to lead ("X as its leader and Y as his deputy")."""
        led = [
            (obj, rel)
            for (rtype, subj, obj), rel in self.out.items()
            if rtype == "leader_of" and subj == person
        ]
        # "X, who led A, … and his deputy is Y" in one sentence: the group of the main clause, named first
        here = [obj for obj, rel in led if rel.sentences[-1] == self.sentence]
        if here:
            return here[0]
        recent = [obj for obj, rel in led if self.sentence - rel.sentences[-1] <= 1]
        return recent[-1] if recent else None


# Every lemma and every lower-case word ``TiePatterns._ties`` starts a pattern on: any other word starts none.
_TIE_LEMMAS = (
    frozenset({"allegiance", "loyalty", "bay'ah", "oath", "clash", "fighting", "rivalry", "war", "feud", "battle",
               "conflict", "receive", "get", "obtain", "control", "survive", "win", "prevail"})
    | RIVAL_NOUNS | ALLY_NOUNS | FIGHT_VERBS | SUPPORT_VERBS | RECRUIT_VERBS
)  # fmt: skip
_TIE_WORDS = frozenset({"allied", "aligned"}) | RULE_WORDS | ENEMY_NOUNS


def may_tie(lemma: str, lower: str) -> bool:
    """Whether ``TiePatterns._ties`` can start a pattern on a word with this lemma and lower form."""
    return lemma in _TIE_LEMMAS or lower in _TIE_WORDS


class TiePatterns:
    """Relation patterns between groups and states, mixed into ``RelationFinder``."""

    def _ties(self, tok: Token, lemma: str, index: EntityIndex, rels: Collector) -> None:
        """Every tie pattern a token can start."""
        if lemma in {"allegiance", "loyalty", "bay'ah", "oath"}:
            self._allegiance(tok, index, rels)
        if lemma in {"clash", "fighting", "rivalry", "war", "feud", "battle", "conflict"}:
            self._rivals(tok, index, rels)
        if lemma in RIVAL_NOUNS and tok.pos_ == "NOUN":
            self._rival_noun(tok, index, rels)
        elif lemma in RIVAL_NOUNS and tok.dep_ == "amod":  # "its rival Fatah"
            self._rival_noun(tok.head, index, rels, poss_of=tok.head)
        if lemma in ALLY_NOUNS and tok.pos_ == "NOUN":
            self._rival_noun(tok, index, rels, "ally_of")
        if tok.lower_ in {"allied", "aligned"} and any(c.lower_ == "with" for c in tok.children):
            self._paired(tok.head if tok.dep_ in {"acomp", "amod"} else tok, index, rels, "ally_of")
        if lemma in {"receive", "get", "obtain"} and tok.pos_ == "VERB":
            self._received(tok, index, rels)
        if lemma == "control" and tok.pos_ == "VERB":
            self._controls(tok, index, rels)
        if lemma in FIGHT_VERBS and tok.pos_ == "VERB":
            self._fought(tok, index, rels)
        if lemma in SUPPORT_VERBS and tok.pos_ == "VERB":
            self._support(tok, index, rels)
        if lemma in {"survive", "win", "prevail"} and tok.pos_ == "VERB":
            self._helped(tok, index, rels)
        if tok.lower_ in RULE_WORDS:
            self._rule(tok, index, rels)
        if tok.lower_ in ENEMY_NOUNS:
            self._enemies(tok, index, rels)
        if lemma in RECRUIT_VERBS and tok.pos_ == "VERB":
            self._recruit(tok, index, rels)

    def _allegiance(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        verb = tok.head
        subj_tok = subject(verb) if verb.pos_ == "VERB" else None
        subj = index.entity_in(subj_tok) if subj_tok is not None else None
        if subj is None:
            subj = next((index.entity_at(c) for c in tok.children if c.dep_ == "poss"), None)
        for c in list(tok.children) + list(verb.children):
            if c.dep_ == "prep" and c.lower_ == "to":
                for p in c.children:
                    if p.dep_ == "pobj":
                        for t in index.conjuncts(p):
                            rels.emit("allegiance_to", subj, index.entity_in(t))

    def _rivals(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "clashes between X and Y", "fighting between", "rivalry between": rivals."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                sides: list[str | None] = [
                    k
                    for p in c.children
                    if p.dep_ == "pobj"
                    for t in index.conjuncts(p)
                    for k in (list[str | None](index.collective(t)) or [index.entity_in(t)])
                ]
                rels.emit_pairs("rival_of", [s for s in sides if s and index.type_of(s) in ARMED])
        if tok.lemma_.lower() == "war" and tok.dep_ == "pobj" and tok.head.lower_ == "at":
            self._paired(tok.head.head, index, rels, "rival_of")  # "X and Y have been at war (with Z)"

    def _paired(self, verb: Token, index: EntityIndex, rels: Collector, rtype: str) -> None:
        """The subjects of a clause, and whoever it is "with", are ``rtype`` to each other ("X and Y have been at
        war since 2014", "X is allied with Y")."""
        if any(c.dep_ == "neg" for c in verb.children):
            return
        subj = subject(verb)
        sides = [index.entity_in(t) for t in index.conjuncts(subj)] if subj is not None else []
        sides += [index.entity_in(t) for c in verb.subtree if c.dep_ == "prep" and c.lower_ == "with"
                  for p in c.children if p.dep_ == "pobj" for t in index.conjuncts(p)]  # fmt: skip
        rels.emit_pairs(rtype, list(dict.fromkeys(k for k in sides if k and index.type_of(k) in ARMED)))

    def _support(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "X, backed by Y" / "Y backs X"."""
        supporters = [index.entity_in(t) for c in tok.children if c.dep_ == "agent"
                      for p in c.children if p.dep_ == "pobj" for t in index.conjuncts(p)]  # fmt: skip
        if supporters:
            target = None
            if is_passive(tok) and (subj_tok := subject(tok)) is not None:
                target = index.entity_in(subj_tok)  # "The group is backed by Turkey"
            elif tok.dep_ in {"acl", "amod", "appos"}:
                target = index.entity_in(tok.head)
                if (
                    target is None and tok.head.dep_ == "attr"
                ):  # "The Taliban are a … force, backed by Pakistan"
                    subj = subject(tok.head.head)
                    target = index.entity_in(subj) if subj is not None else None
            for s in supporters:
                rels.emit("supports", s, target)
            return
        subj_tok = subject(tok)
        backer = index.entity_in(subj_tok) if subj_tok is not None else None
        for c in tok.children:
            if c.dep_ == "dobj":
                for t in index.conjuncts(c):
                    rels.emit("supports", backer, index.entity_in(t))

    def _helped(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "Russia's intervention, along with help from Iran, made sure that President Assad survived": whoever
        intervened or helped supports whoever survived."""
        subj = subject(tok)
        beneficiary = index.entity_in(subj) if subj is not None else None
        if beneficiary is None:
            return
        clause = {t.i for t in tok.subtree}
        helpers: list[str] = []
        for t in tok.sent:
            if t.i in clause or t.lemma_.lower() not in HELP_NOUNS or t.pos_ not in {"NOUN", "PROPN"}:
                continue
            for h in t.subtree:  # "Russia's intervention", "help from Iran"
                key = index.by_token.get(h.i)
                by_role = h.dep_ == "poss" or (h.dep_ == "pobj" and h.head.lower_ in {"from", "by", "of"})
                if key and by_role and index.type_of(key) in STATES | ARMED and key not in helpers:
                    helpers.append(key)
        for helper in helpers:
            rels.emit("supports", helper, beneficiary)

    def _rule(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "Taliban-ruled Afghanistan"."""
        if tok.i < 2 or tok.nbor(-1).text != "-":
            return
        ruler = index.by_token.get(tok.nbor(-2).i)
        place = index.by_token.get(tok.head.i) if tok.head.i != tok.i else None
        if place is None:
            place = next((k for t in tok.doc[tok.i + 1 : tok.i + 3] if (k := index.by_token.get(t.i))), None)
        if (
            ruler
            and place
            and index.type_of(ruler) in ARMED
            and index.type_of(place) in {"country", "location"}
        ):
            rels.emit("governs", ruler, place)

    def _enemies(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "X and Y emerged as the key enemies in the IS's propaganda", "IS sees X and Y as top enemies"."""
        if tok.dep_ == "attr" and tok.head.lemma_ == "be" and tok.tag_ in {"NN", "NNS"}:
            self._are_enemies(tok, index, rels)  # "Israel and the United States are their declared enemies"
            return
        if tok.dep_ != "pobj" or tok.head.lower_ != "as":
            return
        verb = tok.head.head
        if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SEE_VERBS:
            verb = verb.head  # a parenthesis between object and "as …" can hang the phrase on the wrong verb
        hater = None
        if verb.lemma_.lower() in SEE_VERBS:
            subj = subject(verb)
            hater = index.entity_in(subj) if subj is not None else None
            objs = [index.entity_in(t) for c in verb.children if c.dep_ == "dobj" for t in index.conjuncts(c)]
        elif verb.lemma_.lower() in {"emerge", "become", "remain", "appear"}:
            subj = subject(verb)
            objs = [index.entity_in(t) for t in index.conjuncts(subj)] if subj is not None else []
            hater = next((k for t in tok.subtree if t.dep_ in {"poss", "compound", "pobj"}
                          and (k := index.by_token.get(t.i)) and index.type_of(k) in ARMED), None)  # fmt: skip
        else:
            return
        if hater is None or index.type_of(hater) not in ARMED | STATES:
            return
        for o in objs:
            if o and index.type_of(o) in ACTORS:
                rels.emit("hostile_to", hater, o)

    def _are_enemies(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        if any(c.dep_ == "neg" for c in tok.head.children):
            return
        subj = subject(tok.head)
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        hater = None
        if poss is not None and poss.pos_ == "PRON":
            # "X and Y are their enemies": "their" is never X and Y; it is whom the text was speaking of
            hater = previous_subject(poss, index)
        elif poss is not None:
            hater = index.entity_at(poss)
        if hater is None:
            hater = next((index.entity_in(p) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                          for p in c.children if p.dep_ == "pobj"), None)  # fmt: skip
        if hater is None or subj is None or index.type_of(hater) not in ARMED | STATES:
            return
        for t in index.conjuncts(subj):
            o = index.entity_in(t)
            if o and o != hater and index.type_of(o) in ACTORS:
                rels.emit("hostile_to", hater, o)

    def _received(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "The Houthis receive weapons from Iran": the giver supports the receiver."""
        if not any(c.dep_ == "dobj" and c.lemma_.lower() in AID_NOUNS for c in tok.children):
            return
        subj = subject(tok)
        receiver = index.entity_in(subj) if subj is not None else None
        givers = [index.entity_in(p) for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                  for p in c.children if p.dep_ == "pobj"]  # fmt: skip
        for giver in givers:
            if receiver and giver and index.type_of(receiver) in ARMED and index.type_of(giver) in ACTORS:
                rels.emit("supports", giver, receiver)

    def _controls(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "Boko Haram controls large parts of Borno State": an armed group governs what it controls."""
        subj = subject(tok)
        ruler = index.entity_in(subj) if subj is not None and not is_passive(tok) else None
        if ruler is None or index.type_of(ruler) not in ARMED:
            return
        for c in tok.children:
            if c.dep_ != "dobj":
                continue
            place = index.by_token.get(c.i) or next(
                (index.by_token.get(p.i) for t in c.children if t.dep_ == "prep" and t.lower_ == "of"
                 for p in t.children if p.dep_ == "pobj"), None)  # fmt: skip
            if place is not None and index.type_of(place) in {"country", "location"}:
                rels.emit("governs", ruler, place)

    def _rival_noun(self, tok: Token, index: EntityIndex, rels: Collector, rtype: str = "rival_of",
                    poss_of: Token | None = None) -> None:  # fmt: skip
        """ "X is a rival of Y", "X and Y are rivals", "X's rival Y", "Y, a rival of X": rival armed groups (and
        "X is an ally of Y": allies, the same way)."""
        if any(c.dep_ == "neg" for c in tok.head.children):
            return
        sides: list[str | None] = []
        if poss_of is not None:  # "its rival Fatah": the name itself is one side, its owner the other
            sides.append(index.entity_in(poss_of))
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"of", "to"}:
                sides += [
                    index.entity_in(t) for p in c.children if p.dep_ == "pobj" for t in index.conjuncts(p)
                ]
            elif c.dep_ == "poss":
                sides.append(index.entity_at(c))
            elif c.dep_ == "appos":
                sides.append(index.entity_in(c))
        if tok.dep_ == "attr" and (subj := subject(tok.head)) is not None:
            sides += [index.entity_in(t) for t in index.conjuncts(subj)]
        elif tok.dep_ == "appos":
            sides.append(index.entity_in(tok.head))
        rels.emit_pairs(rtype, list(dict.fromkeys(k for k in sides if k and index.type_of(k) in ARMED)))

    def _fought(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "It fought the Islamic State": two armed groups that fight each other are rivals."""
        if is_passive(tok) or any(c.dep_ == "neg" for c in tok.children):
            return
        subj_tok = subject(tok)
        fighter = index.entity_in(subj_tok) if subj_tok is not None else None
        if fighter is None or index.type_of(fighter) not in ARMED:
            return
        foes = [index.entity_in(t) for c in tok.children if c.dep_ == "dobj" for t in index.conjuncts(c)]
        foes += [index.entity_in(t) for c in tok.children if c.dep_ == "prep" and c.lower_ in {"against", "with"}
                 and not any(g.lower_ == "along" for g in c.children)
                 for p in c.children if p.dep_ == "pobj" for t in index.conjuncts(p)]  # fmt: skip
        for foe in foes:
            if foe and index.type_of(foe) in ARMED:
                rels.emit("rival_of", fighter, foe)

    def _recruit(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "attracted members from A and B", "recruiting disgruntled Taliban fighters"."""
        subj = subject(tok)
        recruiter = index.entity_in(subj) if subj is not None else None
        if recruiter is None or index.type_of(recruiter) not in ARMED:
            return
        sources: list[str] = []
        for c in tok.children:
            if c.dep_ == "dobj":
                for t in c.subtree:
                    key = index.by_token.get(t.i)
                    if key and index.type_of(key) in ARMED and t.dep_ in {"compound", "amod", "nmod", "poss"}:
                        sources.append(key)
                    if t.dep_ == "prep" and t.lower_ in {"from", "of"}:
                        sources += _listed_groups(t, index)
            elif c.dep_ == "prep" and c.lower_ == "from":
                sources += _listed_groups(c, index)
        for s in dict.fromkeys(sources):
            rels.emit("recruits_from", recruiter, s)


def previous_subject(tok: Token, index: EntityIndex) -> str | None:
    """The armed group or state the previous sentence is about (its subject, pronouns resolved)."""
    subj = index.previous_root_subject(tok)
    key = index.entity_in(subj) if subj is not None else None
    return key if key is not None and index.type_of(key) in ARMED | STATES else None


def _listed_groups(prep: Token, index: EntityIndex) -> list[str]:
    out: list[str] = []
    for t in prep.subtree:
        key = index.by_token.get(t.i)
        if key and index.type_of(key) in ARMED and key not in out:
            out.append(key)
    return out
