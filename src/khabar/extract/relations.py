"""Relations between entities from patterns over the parse, each with the period the text gives.

Patterns are general news phrasing: "appointed X as its leader", "the IS chief, X", "TTP commander X",
"the most powerful branch of Y", "declared its allegiance to Y", "clashes between X and Y", "backed by Y",
"Y-ruled Z", "X emerged as the key enemies of Y", "attracted members from A, B and C".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from spacy.tokens import Doc, Span, Token

from khabar.extract.coref import EntityIndex
from khabar.extract.dates import find_dates, temporal_cue
from khabar.extract.registry import RELATIONS
from khabar.model import DateValue, DocFacts, RelationFact

__all__ = ["RelationFinder", "LEADER_TITLES", "MEMBER_TITLES"]

LEADER_TITLES = frozenset(
    {
        "leader",
        "chief",
        "head",
        "emir",
        "amir",
        "commander-in-chief",
        "founder",
        "caliph",
        "khalifa",
        "boss",
        "chairman",
        "supremo",
    }
)
HEAD_OF_STATE = frozenset({"president", "king", "queen", "monarch", "sultan", "emperor"})
MEMBER_TITLES = frozenset(
    {
        "commander",
        "member",
        "fighter",
        "militant",
        "spokesman",
        "spokesperson",
        "official",
        "operative",
        "cadre",
        "ideologue",
        "recruiter",
        "lieutenant",
        "aide",
        "governor",
        "militants",
        "fighters",
        "members",
    }
)
DEPUTY_TITLES = frozenset({"deputy", "second-in-command", "no. 2", "lieutenant"})
BRANCH_NOUNS = frozenset(
    {
        "branch",
        "affiliate",
        "wing",
        "faction",
        "offshoot",
        "province",
        "wilayat",
        "chapter",
        "franchise",
        "splinter",
    }
)
ENEMY_NOUNS = frozenset({"enemy", "enemies", "foe", "foes", "adversary", "adversaries", "target", "targets"})
SUPPORT_VERBS = frozenset({"back", "support", "fund", "finance", "arm", "sponsor", "train", "equip"})
RULE_WORDS = frozenset({"ruled", "run", "controlled", "led", "governed"})
RECRUIT_VERBS = frozenset({"recruit", "attract", "draw", "lure", "poach"})

Dated = list[tuple[int, int, DateValue]]  # (start char, end char, date) in the document
ARMED = frozenset({"armed_group"})
ACTORS = frozenset({"armed_group", "person", "country", "organization"})
STATES = frozenset({"country"})


class RelationFinder:
    """Finds relations in one parsed document (component ``khabar.relations.v1``)."""

    def find(self, doc: Doc, facts: DocFacts) -> None:
        index = EntityIndex(doc, facts)
        out: dict[tuple[str, str, str], RelationFact] = {}
        published = facts.document.published

        for sent in doc.sents:
            if sent.text.strip().endswith("?"):
                continue
            sent_no = _sentence_no(facts, sent)
            dates = [
                (sent.start_char + s, sent.start_char + e, v) for s, e, v in find_dates(sent.text, published)
            ]

            def emit(
                rtype: str,
                subj: str | None,
                obj: str | None,
                start: DateValue | None = None,
                end: DateValue | None = None,
                _sent_no: int = sent_no,
            ) -> None:
                if subj is None or obj is None or subj == obj:
                    return
                k = (rtype, subj, obj)
                rel = out.get(k)
                if rel is None:
                    out[k] = RelationFact(
                        type=rtype,
                        subject=subj,
                        object=obj,
                        sentences=[_sent_no],
                        extractor=RELATIONS,
                        start=start,
                        end=end,
                    )
                    return
                if _sent_no not in rel.sentences:
                    rel.sentences.append(_sent_no)
                rel.start = rel.start or start
                rel.end = rel.end or end

            for tok in sent:
                self._titles(tok, index, emit, sent, dates, published)
                self._branch(tok, index, emit)
                self._allegiance(tok, index, emit)
                self._clash(tok, index, emit)
                self._support(tok, index, emit)
                self._rule(tok, index, emit)
                self._enemies(tok, index, emit)
                self._recruit(tok, index, emit)
        facts.relations.extend(out.values())

    # -- leaders, deputies, members ---------------------------------------------------------------------
    def _titles(
        self,
        tok: Token,
        index: EntityIndex,
        emit: Callable[..., None],
        sent: Span,
        dates: Dated,
        published: date | None,
    ) -> None:
        lemma = tok.lemma_.lower()
        if lemma not in LEADER_TITLES | MEMBER_TITLES | DEPUTY_TITLES | HEAD_OF_STATE:
            return
        person = self._holder(tok, index)
        if person is None or index.type_of(person) != "person":
            return
        org = self._org_of_title(tok, index)
        if lemma in HEAD_OF_STATE:
            if org is None or index.type_of(org) not in STATES:
                return
            rtype = "leader_of"
        elif org is None or index.type_of(org) not in ARMED | {"organization"}:
            return
        elif lemma in DEPUTY_TITLES:
            rtype = "deputy_of"
        elif lemma in LEADER_TITLES and not _qualified_title(tok):
            rtype = "leader_of"
        else:
            rtype = "member_of"
        start, end = self._period(tok, person, index, sent, dates, published)
        emit(rtype, person, org, start, end)

    def _holder(self, title: Token, index: EntityIndex) -> str | None:
        """Who holds the title: "TTP commander X" (compound), "the IS chief, X" (appos), "X, the chief",
        "X is the emir", "appointed X as its leader", "X would become its leader"."""
        for c in title.children:
            if c.dep_ == "appos":
                key = index.entity_in(c)
                if key:
                    return key
        if title.dep_ == "compound" or title.dep_ == "nmod":
            key = index.entity_at(title.head)
            if key:
                return key
        if title.dep_ == "appos":
            key = index.entity_at(title.head)
            if key:
                return key
        if title.dep_ == "attr" and title.head.lemma_ in {"be", "become", "remain"}:
            for c in title.head.children:
                if c.dep_ == "nsubj":
                    return index.entity_in(c)
            if title.head.dep_ == "conj":
                for c in title.head.head.children:
                    if c.dep_ == "nsubj":
                        return index.entity_in(c)
        if title.dep_ == "pobj" and title.head.lower_ == "as":
            verb = title.head.head
            if verb.lemma_.lower() in {"appoint", "name", "choose", "elect", "select", "install", "nominate"}:
                for c in verb.children:
                    if c.dep_ in {"dobj", "nsubjpass"}:
                        return index.entity_in(c)
            if verb.pos_ in {"PROPN", "NOUN"}:
                return index.entity_at(verb)
        return None

    def _org_of_title(self, title: Token, index: EntityIndex) -> str | None:
        """The group the title belongs to: "its leader", "the IS chief", "chief of the Taliban",
        "Taliban's leader", "TTP commander"."""
        for c in title.children:
            if c.dep_ in {"poss", "compound", "nmod"}:
                key = index.entity_at(c)
                if key:
                    if index.type_of(key) == "person":
                        # "his deputy": the deputy of whatever that person leads in this sentence
                        continue
                    return key
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        key = index.entity_in(p)
                        if key:
                            return key
        if title.dep_ == "pobj" and title.head.lower_ == "as":
            verb = title.head.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            poss = next((c for c in title.children if c.dep_ == "poss"), None)
            if poss is not None and poss.lower_ in {"his", "her"}:
                # "... X as its leader and Y as his deputy": the group of the first appointment
                first = verb if verb.dep_ != "conj" else verb.head
                for c in first.subtree:
                    if c.lemma_.lower() in LEADER_TITLES and c.i != title.i:
                        return self._org_of_title(c, index)
            if subj is not None:
                return index.entity_in(subj)
        return None

    def _period(
        self, title: Token, person: str, index: EntityIndex, sent: Span, dates: Dated, published: date | None
    ) -> tuple[DateValue | None, DateValue | None]:
        """ "then … chief" / "former commander" ended before the report; "Currently … is the Emir" held on
        the published day; "was killed … in May 2016" ends a leadership."""
        start = end = None
        words = [t for t in title.subtree] + [
            t for t in sent if t.dep_ == "advmod" and t.head.i == title.head.i
        ]
        cues = {temporal_cue(t.text) for t in words} | {temporal_cue(t.text) for t in sent[:3]}
        if "current" in cues and published is not None:
            from khabar.model import DateValue as DV

            start = None
            end = None
            _ = DV
        for t in sent:
            if t.lemma_.lower() in {"kill", "die", "assassinate", "execute"}:
                victim_ok = any(
                    index.entity_in(c) == person for c in t.children if c.dep_ in {"nsubjpass", "nsubj"}
                )
                conj_subject = t.dep_ == "conj" and any(
                    index.entity_in(c) == person for c in t.head.children if c.dep_ == "nsubj"
                )
                if victim_ok or conj_subject:
                    for s, _e, v in dates:
                        if s >= t.idx:
                            end = v
                            break
        return start, end

    # -- group structure --------------------------------------------------------------------------------
    def _branch(self, tok: Token, index: EntityIndex, emit: Callable[..., None]) -> None:
        """ "X has emerged as the most powerful branch of Y", "Y's Khorasan branch", "the Y faction, which came to be
        known as X"."""
        if tok.lemma_.lower() not in BRANCH_NOUNS:
            return
        parent = None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                parent = next((index.entity_in(p) for p in c.children if p.dep_ == "pobj"), None)
            elif c.dep_ in {"compound", "poss"} and parent is None:
                parent = index.entity_at(c)
        if parent is None or index.type_of(parent) not in ARMED:
            return
        child = None
        if tok.dep_ in {"pobj"} and tok.head.lower_ == "as":
            verb = tok.head.head
            child = next((index.entity_in(c) for c in verb.children if c.dep_ == "nsubj"), None)
        elif tok.dep_ == "attr":
            child = next((index.entity_in(c) for c in tok.head.children if c.dep_ == "nsubj"), None)
        elif tok.dep_ == "appos":
            child = index.entity_at(tok.head)
        if child is None:
            for c in tok.children:
                if c.dep_ == "relcl":
                    for t in c.subtree:
                        if t.dep_ == "pobj" and t.head.lower_ == "as":
                            child = index.entity_in(t)
                            break
        if child is not None and index.type_of(child) in ARMED:
            emit("branch_of", child, parent)

    def _allegiance(self, tok: Token, index: EntityIndex, emit: Callable[..., None]) -> None:
        if tok.lemma_.lower() not in {"allegiance", "loyalty", "bay'ah", "oath"}:
            return
        verb = tok.head
        subj = next((index.entity_in(c) for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None:
            subj = next((index.entity_at(c) for c in tok.children if c.dep_ == "poss"), None)
        for c in list(tok.children) + list(verb.children):
            if c.dep_ == "prep" and c.lower_ == "to":
                for p in c.children:
                    if p.dep_ == "pobj":
                        for t in index.conjuncts(p):
                            emit("allegiance_to", subj, index.entity_in(t))

    def _clash(self, tok: Token, index: EntityIndex, emit: Callable[..., None]) -> None:
        """ "clashes between X and Y", "fighting between", "rivalry between": rivals."""
        if tok.lemma_.lower() not in {"clash", "fighting", "rivalry", "war", "feud", "battle", "conflict"}:
            return
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                sides = [
                    index.entity_in(t) for p in c.children if p.dep_ == "pobj" for t in index.conjuncts(p)
                ]
                sides = [s for s in sides if s and index.type_of(s) in ARMED]
                for i, a in enumerate(sides):
                    for b in sides[i + 1 :]:
                        emit("rival_of", a, b)

    def _support(self, tok: Token, index: EntityIndex, emit: Callable[..., None]) -> None:
        """ "X, backed by Y" / "Y backs X" / "with help from Y … made sure X survived"."""
        lemma = tok.lemma_.lower()
        if lemma in SUPPORT_VERBS and tok.pos_ == "VERB":
            supporters = [
                index.entity_in(t)
                for c in tok.children
                if c.dep_ == "agent"
                for p in c.children
                if p.dep_ == "pobj"
                for t in index.conjuncts(p)
            ]
            if supporters:
                target = index.entity_in(tok.head) if tok.dep_ in {"acl", "amod", "appos"} else None
                if target is None and tok.dep_ in {"acl", "appos", "amod"}:
                    # "The Taliban are a … force, backed by Pakistan": the subject of the copula
                    head = tok.head
                    if head.dep_ == "attr":
                        target = next(
                            (index.entity_in(c) for c in head.head.children if c.dep_ == "nsubj"), None
                        )
                for s in supporters:
                    emit("supports", s, target)
            else:
                subj = next((index.entity_in(c) for c in tok.children if c.dep_ == "nsubj"), None)
                for c in tok.children:
                    if c.dep_ == "dobj":
                        for t in index.conjuncts(c):
                            emit("supports", subj, index.entity_in(t))
        if lemma in {"survive", "win", "prevail"} and tok.pos_ == "VERB":
            beneficiary = next((index.entity_in(c) for c in tok.children if c.dep_ == "nsubj"), None)
            if beneficiary is None:
                return
            root = tok.head
            while root.dep_ not in {"ROOT"} and root.head.i != root.i:
                root = root.head
            helpers: list[str] = []
            head_noun = next((c for c in root.children if c.dep_ == "nsubj"), None)
            if head_noun is not None and head_noun.lemma_.lower() in {
                "intervention",
                "help",
                "support",
                "backing",
                "aid",
            }:
                for t in head_noun.subtree:
                    key = index.entity_at(t)
                    by_role = t.dep_ in {"poss", "pobj"} or t.head.lemma_.lower() in {
                        "help",
                        "support",
                        "aid",
                        "from",
                    }
                    if key and index.type_of(key) in STATES | ARMED and key not in helpers and by_role:
                        helpers.append(key)
            for h in helpers:
                emit("supports", h, beneficiary)

    def _rule(self, tok: Token, index: EntityIndex, emit: Callable[..., None]) -> None:
        """ "Taliban-ruled Afghanistan", "the government in Kabul" (a capital stands for its country)."""
        if tok.lower_ in RULE_WORDS and tok.i > 1 and tok.nbor(-1).text == "-":
            ruler = index.entity_at(tok.nbor(-2))
            place = index.entity_at(tok.head) if tok.head.i != tok.i else None
            if place is None:
                for t in tok.doc[tok.i + 1 : tok.i + 3]:
                    place = index.entity_at(t) or place
            if (
                ruler
                and place
                and index.type_of(ruler) in ARMED
                and index.type_of(place) in {"country", "location"}
            ):
                emit("governs", ruler, place)

    def _enemies(self, tok: Token, index: EntityIndex, emit: Callable[..., None]) -> None:
        """ "X and Y emerged as the key enemies in the IS's propaganda", "IS sees X and Y as top enemies"."""
        if tok.lower_ not in ENEMY_NOUNS or tok.dep_ != "pobj" or tok.head.lower_ != "as":
            return
        verb = tok.head.head
        if verb.lemma_.lower() in {"see", "regard", "view", "consider", "name", "brand", "declare", "label"}:
            hater = next((index.entity_in(c) for c in verb.children if c.dep_ == "nsubj"), None)
            objs = [index.entity_in(t) for c in verb.children if c.dep_ == "dobj" for t in index.conjuncts(c)]
        elif verb.lemma_.lower() in {"emerge", "become", "remain", "appear"}:
            objs = [
                index.entity_in(t) for c in verb.children if c.dep_ == "nsubj" for t in index.conjuncts(c)
            ]
            hater = None
            for t in tok.subtree:
                key = index.entity_at(t)
                if key and index.type_of(key) in ARMED and t.dep_ in {"poss", "compound", "pobj"}:
                    hater = key
                    break
        else:
            return
        if hater is None or index.type_of(hater) not in ARMED | STATES:
            return
        for o in objs:
            if o and index.type_of(o) in ACTORS:
                emit("hostile_to", hater, o)

    def _recruit(self, tok: Token, index: EntityIndex, emit: Callable[..., None]) -> None:
        """ "attracted members from A and B", "recruiting disgruntled Taliban fighters"."""
        if tok.lemma_.lower() not in RECRUIT_VERBS or tok.pos_ != "VERB":
            return
        subj_tok = _subject(tok)
        recruiter = index.entity_in(subj_tok) if subj_tok is not None else None
        if recruiter is None or index.type_of(recruiter) not in ARMED:
            return
        sources: list[str] = []
        for c in tok.children:
            if c.dep_ == "dobj":
                for t in c.subtree:
                    key = index.entity_at(t)
                    if key and index.type_of(key) in ARMED and t.dep_ in {"compound", "amod", "nmod", "poss"}:
                        sources.append(key)
                    if t.dep_ == "prep" and t.lower_ in {"from", "of"}:
                        sources += _listed_groups(t, index)
            elif c.dep_ == "prep" and c.lower_ == "from":
                sources += _listed_groups(c, index)
        for s in sources:
            emit("recruits_from", recruiter, s)


def _listed_groups(prep: Token, index: EntityIndex) -> list[str]:
    out: list[str] = []
    for t in prep.subtree:
        key = index.entity_at(t)
        if key and index.type_of(key) in ARMED and key not in out:
            out.append(key)
    return out


def _qualified_title(title: Token) -> bool:
    """ "political committee chief", "military commander": a chief of a part, not of the whole group."""
    return any(c.dep_ in {"compound", "amod"} and index_is_common(c) for c in title.children)


def index_is_common(tok: Token) -> bool:
    return tok.pos_ in {"NOUN", "ADJ"} and tok.lower_ not in {
        "top",
        "supreme",
        "overall",
        "new",
        "current",
        "first",
        "founding",
        "former",
        "then",
        "late",
    }


def _subject(verb: Token) -> Token | None:
    t = verb
    for _ in range(4):
        for c in t.children:
            if c.dep_ in {"nsubj", "nsubjpass"} and c.dep_ == "nsubj":
                return c
        if t.dep_ in {"conj", "xcomp", "advcl"} and t.head.i != t.i:
            t = t.head
            continue
        if t.dep_ == "relcl":
            return t.head
        break
    return None


def _sentence_no(facts: DocFacts, sent: Span) -> int:
    for s in facts.sentences:
        if s.start <= sent.start_char < s.end or sent.start_char <= s.start < sent.end_char:
            return s.index
    return 0
