"""Relations between entities from patterns over the parse, each with the period the text gives.

Patterns are general news phrasing. Here, people's roles and groups' structure: "appointed X as its leader" (and
"Y as his deputy"), "the IS chief, X", "TTP commander X", "X, a spokesman for Y", "its President X", "X succeeded
him", "took over the group", "the most powerful branch of Y", "a faction that broke away from Y … and rejoined it
in 2020", with the periods the text gives ("then", "Currently", "until his death in 2019"). Ties between groups
and states (allegiance, rivalry, alliances, support, rule, enmity, recruiting) are in ``ties``. A question
asserts nothing, so questions are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc, Span, Token

from khabar.extract.coref import EntityIndex
from khabar.extract.dates import find_dates, temporal_cue
from khabar.extract.frames import Frame, FrameBuilder, frames_of
from khabar.extract.frames.lexicon import lexicon
from khabar.extract.frames.relations import FrameRelations, sentence_dates
from khabar.extract.places import Geocoder
from khabar.extract.registry import RELATIONS
from khabar.extract.syntax import is_passive, sentence_no, subject
from khabar.extract.ties import ARMED, GROUPS, STATES, Collector, Dated, TiePatterns
from khabar.model import DateValue, DocFacts

__all__ = ["RelationFinder", "LEADER_TITLES", "MEMBER_TITLES"]

LEADER_TITLES = frozenset(
    {"leader", "chief", "head", "emir", "amir", "founder", "caliph", "khalifa", "boss", "chairman", "supremo"}
)
HEAD_OF_STATE = frozenset({"president", "king", "queen", "monarch", "sultan", "emperor", "premier", "prime"})
MEMBER_TITLES = frozenset(
    {"commander", "member", "fighter", "militant", "spokesman", "spokesperson", "spokeswoman", "official",
     "operative", "cadre", "ideologue", "recruiter", "aide", "governor", "militants", "fighters", "members",
     "co-founder", "cofounder"}
)  # fmt: skip
DEPUTY_TITLES = frozenset({"deputy", "second-in-command", "lieutenant"})
TITLES = LEADER_TITLES | HEAD_OF_STATE | MEMBER_TITLES | DEPUTY_TITLES
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
APPOINT_VERBS = frozenset({"appoint", "name", "choose", "elect", "select", "install", "nominate", "make"})
SUCCEED_VERBS = frozenset({"succeed", "replace"})
DEATH_VERBS = frozenset({"kill", "die", "assassinate", "execute", "behead", "slay"})
_MODE = __import__("os").environ.get("KHABAR_REL_MODE", "both")  # development switch: legacy | both


class RelationFinder(TiePatterns):
    """Finds relations in one parsed document (component ``khabar.relations.v1``)."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder
        self._index: EntityIndex | None = None

    def find(self, doc: Doc, facts: DocFacts) -> None:
        index = EntityIndex.of(doc, facts)
        self._index = index
        published = facts.document.published
        rels = Collector()
        died: dict[str, DateValue] = {}  # "Mullah Omar died in 2013": natural deaths end roles too
        for sent in doc.sents:
            if sent.text.strip().endswith("?"):
                continue
            rels.sentence = sentence_no(facts, sent)
            dates = [
                (sent.start_char + s, sent.start_char + e, v) for s, e, v in find_dates(sent.text, published)
            ]
            for tok in sent:
                lemma = tok.lemma_.lower()
                if lemma in TITLES:
                    self._title(tok, index, rels, sent, dates, published)
                if lemma in BRANCH_NOUNS:
                    self._branch(tok, index, rels, dates)
                self._ties(tok, lemma, index, rels)
                if lemma in {"succeed", "replace"} and tok.pos_ == "VERB" or lemma == "successor":
                    self._succeeded(tok, index, rels, dates)
                if lemma == "die" and tok.pos_ == "VERB" and not any(c.dep_ == "neg" for c in tok.children):
                    who = subject(tok)
                    key = index.entity_in(who) if who is not None else None
                    when = _clause_date(tok, dates, leave_out=[who] if who is not None else [])
                    if key is not None and when is not None and index.type_of(key) == "person":
                        died.setdefault(key, when)
                if lemma in {"lead", "head", "command"} and tok.pos_ == "VERB":
                    self._led(tok, index, rels)
                if tok.lower_ == "under" and tok.dep_ == "prep":
                    self._under(tok, index, rels, dates)
                if lemma == "take" and any(c.dep_ == "prt" and c.lower_ == "over" for c in tok.children):
                    self._took_over(tok, index, rels, dates)
        if _MODE != "legacy":
            self._frames(doc, facts, index, rels)
        _deaths_end_roles(rels, facts, died)
        facts.relations.extend(rels.out.values())

    def _frames(self, doc: Doc, facts: DocFacts, index: EntityIndex, rels: Collector) -> None:
        """Relations the frame lexicon reads off every clause (see ``frames``)."""
        lex = lexicon()
        builder = FrameBuilder(lex.predicates("noun"), lex.predicates("adj"))
        frames = frames_of(doc, builder)
        reader = FrameRelations(
            lex, index, facts.document.published, self._country_of, rels.led_by, frames,
            lambda person: _founded_by(person, index),
        )  # fmt: skip
        by_sent: dict[int, list[Frame]] = {}
        successions: list[tuple[int, Frame, Dated, tuple[list[str], list[str], list[tuple[str, str]]]]] = []
        for frame in frames:
            by_sent.setdefault(frame.sent.start, []).append(frame)
        for sent in doc.sents:
            here = by_sent.get(sent.start)
            if not here or sent.text.strip().endswith("?"):
                continue
            rels.sentence = sentence_no(facts, sent)
            dates = sentence_dates(sent, find_dates(sent.text, facts.document.published))
            for frame in here:
                for rtype, subj, obj, (start, end, as_of) in reader.read(frame, dates):
                    rels.emit(rtype, subj, obj, start, end, as_of)
                told = reader.succession(frame)
                if told is not None:
                    successions.append((rels.sentence, frame, dates, told))
        for n, frame, dates, (heirs, before, named) in successions:  # once every role is known
            rels.sentence = n
            gov = frame.pred if frame.kind == "verb" else None
            start = (
                _clause_date(
                    gov,
                    dates,
                    leave_out=[c for c in gov.children if c.dep_ in {"conj", "nsubj", "nsubjpass"}],
                )
                if gov is not None
                else None
            )
            roles = named or [
                (t, o)
                for (t, s, o) in list(rels.out)
                for p in before
                if s == p and t in {"leader_of", "deputy_of"}
            ]
            for rtype, org in dict.fromkeys(roles):
                for prior in before:
                    rels.emit(rtype, prior, org)
                for heir in heirs:
                    if heir in before:
                        continue
                    rels.emit(rtype, heir, org, start)
                    rels.successions.setdefault((rtype, heir, org), before[0])

    def _country_of(self, sent: Span, person: str | None) -> str | None:
        return self._only_country(sent, self._index, person) if person is not None and self._index else None

    # -- leaders, deputies, members ---------------------------------------------------------------------
    def _title(self, tok: Token, index: EntityIndex, rels: Collector, sent: Span, dates: Dated,
               published: date | None) -> None:  # fmt: skip
        if any(c.dep_ == "neg" for c in tok.head.children) or any(
            c.lower_ == "longer" for c in tok.head.subtree if c.i < tok.i
        ):
            return  # "X is no longer the group's leader": says the role ended, not that it holds
        lemma = tok.lemma_.lower()
        person = self._holder(tok, index)
        if person is None or index.type_of(person) != "person":
            return
        if lemma in HEAD_OF_STATE:
            org = self._org_of_title(tok, index, rels, person) or self._only_country(sent, index, person)
            if org is not None and index.type_of(org) in STATES:
                rels.emit("leader_of", person, org, *self._period(tok, person, index, sent, dates, published))
            return
        org = self._org_of_title(tok, index, rels, person)
        if (
            org is None
            and lemma in LEADER_TITLES
            and tok.dep_ == "attr"
            and tok.head.lemma_ in {"become", "be"}
            and any(c.lower_ == "the" for c in tok.children)
            and not any(c.dep_ in {"prep", "poss", "compound"} for c in tok.children)
        ):
            org = index.last_group(tok, main_only=True)  # "Khalid Batarfi then became the emir": of the group
        if (org is None or index.type_of(org) not in GROUPS) and any(
            c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in tok.children
        ):
            org = index.last_group(tok, main_only=True)  # "its new leader" of a group, not of a country
        if org is None or index.type_of(org) not in GROUPS:
            return
        co_founder = tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ == "co"
        if co_founder:
            rtype = "member_of"  # "a co-founder of the movement": one of its founders, not its leader
        elif lemma in DEPUTY_TITLES or any(
            c.lower_ in DEPUTY_TITLES for c in tok.children if c.dep_ in {"amod", "compound"}
        ):
            rtype = "deputy_of"  # "his deputy", "a deputy leader of the Taliban"
        elif lemma in LEADER_TITLES and not _qualified_title(tok):
            rtype = "leader_of"
        else:
            rtype = "member_of"
        rels.emit(rtype, person, org, *self._period(tok, person, index, sent, dates, published))

    def _holder(self, title: Token, index: EntityIndex) -> str | None:
        """Who holds the title: "TTP commander X" (compound), "the IS chief, X" (appos), "X, a spokesman for Y",
        "X is the emir", "X would become its leader", "appointed X as its leader"."""
        for c in title.children:
            if c.dep_ == "appos" and (key := index.entity_in(c)) is not None:
                return key
        if (
            title.dep_ in {"compound", "nmod", "appos"}
            and (key := index.by_token.get(title.head.i)) is not None
        ):
            return key
        if title.dep_ == "attr" and title.head.lemma_ in {"be", "become", "remain"}:
            subj = subject(title.head)
            return index.entity_in(subj) if subj is not None else None
        if title.dep_ == "nsubj" and title.head.lemma_ == "be":  # "Its leader is X", "his deputy is Y"
            attr = next((c for c in title.head.children if c.dep_ == "attr"), None)
            return index.entity_in(attr) if attr is not None else None
        if (
            title.dep_ == "pobj"
            and title.head.lower_ == "as"
            and title.head.head.lemma_.lower() in SUCCEED_VERBS
        ):
            subj = subject(title.head.head)  # "X succeeded Y as the leader": X holds it now
            return index.entity_in(subj) if subj is not None else None
        if title.dep_ == "pobj" and title.head.lower_ == "as":
            # "appointed X as its leader and Y as his deputy": the person named just before "as"
            for t in reversed(list(title.doc[max(title.sent.start, title.head.i - 8) : title.head.i])):
                if t.lower_ == "as":
                    break
                key = index.by_token.get(t.i)
                if key is not None and index.type_of(key) == "person":
                    # "X, a son of Y, as the leader": Y only describes X
                    via_prep = False
                    for a in t.ancestors:
                        named = index.by_token.get(a.head.i) if a.dep_ == "appos" and via_prep else None
                        if named is not None and index.type_of(named) == "person":
                            return named
                        via_prep = via_prep or a.dep_ == "prep"
                    return key
        return None

    def _org_of_title(self, title: Token, index: EntityIndex, rels: Collector, person: str) -> str | None:
        """The group (or state) the title belongs to: "its leader", "the IS chief", "chief of the Taliban",
        "Taliban's leader", "TTP commander", "a spokesman for TTP", "his deputy" (the group "he" leads)."""
        for c in title.children:
            if c.dep_ == "poss" and c.lower_ in {"his", "her"}:
                leader = index.entity_at(c)
                group = rels.led_by(leader) if leader and leader != person else None
                if group is None:  # "X as its leader and Y as his deputy": whoever was just made leader
                    group = next((o for (t, s, o) in reversed(list(rels.out)) if t == "leader_of" and s != person),
                                 None)  # fmt: skip
                if group is not None:
                    return group
                continue
            if c.dep_ in {"poss", "compound", "nmod"}:
                key = index.entity_at(c)
                if key is not None and index.type_of(key) != "person":
                    return key
            if c.dep_ == "prep" and c.lower_ in {"of", "for"}:
                for p in c.children:
                    if p.dep_ == "pobj" and (key := index.entity_in(p)) is not None:
                        return key
        head = title.head
        if title.dep_ == "compound" and head.dep_ == "compound":
            return None
        if title.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in APPOINT_VERBS:
            subj = subject(head.head)
            return index.entity_in(subj) if subj is not None else None
        return None

    def _period(self, title: Token, person: str, index: EntityIndex, sent: Span, dates: Dated,
                published: date | None) -> tuple[DateValue | None, DateValue | None, DateValue | None]:  # fmt: skip
        """(start, end, as of): "appointed … in 2018" starts a role, "was killed … in May 2016" ends it, and
        "Currently … is the Emir" says it held on the report's date."""
        start = end = None
        if (
            title.dep_ == "pobj"
            and title.head.lower_ == "as"
            and title.head.head.lemma_.lower() in APPOINT_VERBS | SUCCEED_VERBS
        ):
            verb = title.head.head  # "In 2018 the group appointed X as its leader": it began then
            start = next(
                (
                    v
                    for s, e, v in dates
                    if verb.sent.start_char <= s
                    and any(t.idx <= s < t.idx + len(t) for t in verb.subtree)
                    or (s < verb.idx and e <= verb.idx)
                ),
                None,
            )
        if (
            start is None
            and title.dep_ == "pobj"
            and title.head.lower_ == "as"
            and len(dates) == 1
            and any(t.lemma_.lower() in APPOINT_VERBS and t.pos_ == "VERB" for t in sent)
        ):
            start = dates[0][2]  # "In July 2015, the group named X as its new leader", however it parses
        if start is None and title.dep_ == "attr" and title.head.lemma_.lower() == "become":
            verb = title.head  # "X became leader of Y in 2015"
            start = _clause_date(verb, dates, drop_conj=True)
        for t in sent:  # "until his death in 2019", "after his killing in May 2016"
            if (
                end is None
                and t.lower_ in {"death", "killing", "assassination"}
                and any(c.dep_ == "poss" and index.entity_at(c) == person for c in t.children)
                and any(a.lower_ == "until" for a in t.ancestors)
            ):
                end = next((v for s, _e, v in dates if s >= t.idx), None)
        for t in sent:
            if t.lemma_.lower() not in DEATH_VERBS:
                continue
            subj = subject(t)
            if subj is not None and index.entity_in(subj) == person:
                end = next((v for s, _e, v in dates if s >= t.idx), None)
                break
        cues = {temporal_cue(t.text) for t in sent[:4]} | {temporal_cue(t.text) for t in title.subtree}
        as_of = None
        if end is None and "current" in cues and published is not None:
            as_of = DateValue(published.isoformat(), "day", text="currently")
        return start, end, as_of

    # -- group structure --------------------------------------------------------------------------------
    def _branch(self, tok: Token, index: EntityIndex, rels: Collector, dates: Dated) -> None:
        """ "X has emerged as the most powerful branch of Y", "the Y faction, which came to be known as X",
        "X, a faction that broke away from Y in 2014 and rejoined it in 2020"."""
        if tok.i in index.by_token:
            return  # "Islamic State West Africa Province": a word of a name, not a branch said to be one
        parent = None
        start = None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                parent = next((index.entity_in(p) for p in c.children if p.dep_ == "pobj"), None)
            elif c.dep_ in {"compound", "poss"} and parent is None:
                parent = index.by_token.get(c.i) or (index.entity_at(c) if c.pos_ == "PRON" else None)
            elif c.dep_ == "relcl" and parent is None:
                parent, start = self._rejoined(c, index, dates)
        if parent is None or index.type_of(parent) not in ARMED:
            return
        child = None
        if tok.dep_ == "pobj" and tok.head.lower_ == "as":
            subj = subject(tok.head.head)
            child = index.entity_in(subj) if subj is not None else None
        elif tok.dep_ == "attr":
            subj = subject(tok.head)
            child = index.entity_in(subj) if subj is not None else None
        elif tok.dep_ == "appos":
            child = index.by_token.get(tok.head.i)
        elif tok.dep_ == "nsubj" and tok.head.lemma_ == "be":  # "Its armed wing is the Qassam Brigades"
            child = next((index.entity_in(c) for c in tok.head.children if c.dep_ == "attr"), None)
        if child is None:
            for c in tok.children:
                if c.dep_ == "relcl":
                    child = next((index.by_token.get(t.i) for t in c.subtree
                                  if t.dep_ == "pobj" and t.head.lower_ == "as"), None)  # fmt: skip
        if child is not None and index.type_of(child) in ARMED:
            rels.emit("branch_of", child, parent, start)

    @staticmethod
    def _rejoined(relcl: Token, index: EntityIndex, dates: Dated) -> tuple[str | None, DateValue | None]:
        """A faction "that broke away from Y" is a branch again only if it "rejoined" Y; then since when."""
        parent = None
        for t in relcl.subtree:
            if (
                t.dep_ == "pobj"
                and t.head.lower_ == "from"
                and any(
                    a.lemma_.lower() in {"break", "split", "splinter", "secede"}
                    for a in list(t.head.ancestors)[:3]
                )
            ):  # "broke away from Y"
                parent = index.entity_in(t)
        rejoin = next((t for t in relcl.subtree if t.lemma_.lower() in {"rejoin", "reunite", "merge"}), None)
        if parent is None or rejoin is None:
            return None, None
        return parent, next((v for s, _e, v in dates if s >= rejoin.idx), None)

    def _led(self, tok: Token, index: EntityIndex, rels: Collector) -> None:
        """ "X then led the group until he was killed", "the group is led by X"."""
        if is_passive(tok) or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
            group_tok = subject(tok)
            if group_tok is not None and group_tok.dep_ == "appos" and index.entity_in(group_tok) is None:
                group_tok = group_tok.head  # "the Islamic State in Somalia, a faction led by X"
            people = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            # "the Congo River Alliance, a political coalition led by X": the noun names the group in apposition
            group = index.entity_in(group_tok) if group_tok is not None else None
        else:
            group_tok = next((c for c in tok.children if c.dep_ == "dobj"), None)
            subj = subject(tok)
            people = [subj] if subj is not None else []
            # the object itself must be the group: "led the Taliban's talks" leads talks, not the Taliban
            group = index.entity_at(group_tok) if group_tok is not None else None
        if group is None or index.type_of(group) not in GROUPS:
            return
        for p in people:
            person = index.entity_in(p)
            if person is not None and index.type_of(person) == "person":
                if group_tok is not None and group_tok.i not in index.by_token:
                    group = _founded_by(person, index) or group  # "Sahrawi led the group": the one he founded
                rels.emit("leader_of", person, group)

    def _succeeded(self, tok: Token, index: EntityIndex, rels: Collector, dates: Dated) -> None:
        """ "X succeeded him", "X replaced Y as leader", "appointed X as his successor": X takes the roles Y was
        said to hold (leader, deputy), from the date the clause gives."""
        if tok.pos_ == "VERB":
            subj_tok = subject(tok)
            heir = index.entity_in(subj_tok) if subj_tok is not None else None
            prior = next((index.entity_in(c) for c in tok.children if c.dep_ == "dobj"), None)
            if is_passive(tok):  # "Y was succeeded by X"
                heir, prior = (next((index.entity_in(p) for c in tok.children if c.dep_ == "agent"
                                     for p in c.children if p.dep_ == "pobj"), None), heir)  # fmt: skip
            start = _clause_date(
                tok, dates, leave_out=[c for c in tok.children if c.dep_ in {"conj", "nsubj", "nsubjpass"}]
            )
        else:
            prior = next((index.entity_at(c) for c in tok.children if c.dep_ == "poss"), None)
            heir = None
            if tok.dep_ == "pobj" and tok.head.lower_ == "as":
                verb = tok.head.head
                heir = next((index.entity_in(c) for c in verb.children if c.dep_ == "dobj"), None)
            elif tok.dep_ == "appos":
                heir = index.entity_in(tok.head)
            elif tok.dep_ == "attr" and (s := subject(tok.head)) is not None:
                heir = index.entity_in(s)
            start = _clause_date(tok.head, dates, drop_conj=True) if tok.dep_ == "pobj" else None
        if heir is not None and prior == heir:
            # "X succeeded him", "X as his successor": the pronoun is never X himself
            pron = next((t for t in tok.children if t.dep_ in {"dobj", "poss"} and t.pos_ == "PRON"), None)
            prior = index.antecedent(pron, ("person",), exclude={heir}) if pron is not None else None
        if heir is None or prior is None or heir == prior:
            return
        if index.type_of(heir) != "person" or index.type_of(prior) != "person":
            return
        for rtype, subj, obj in list(rels.out):
            if subj == prior and rtype in {"leader_of", "deputy_of"}:
                rels.emit(rtype, heir, obj, start)
                rels.successions.setdefault((rtype, heir, obj), prior)

    def _under(self, tok: Token, index: EntityIndex, rels: Collector, dates: Dated) -> None:
        """ "The Taliban emerged in 1994 under Mullah Omar": a group acting under a person is led by him (from
        the clause's date, when it gives one)."""
        person = next((index.entity_in(p) for p in tok.children if p.dep_ == "pobj"), None)
        subj = subject(tok.head) if tok.head.pos_ in {"VERB", "AUX"} else None
        group = index.entity_in(subj) if subj is not None else None
        if person and group and index.type_of(person) == "person" and index.type_of(group) in ARMED:
            start = _clause_date(tok.head, dates, leave_out=[subj] if subj is not None else [])
            rels.emit("leader_of", person, group, start)

    def _took_over(self, tok: Token, index: EntityIndex, rels: Collector, dates: Dated) -> None:
        """ "His deputy, X, took over the group": X leads it from then on (a town taken over is a capture)."""
        subj_tok = subject(tok)
        person = index.entity_in(subj_tok) if subj_tok is not None else None
        group = next((index.entity_in(c) for c in tok.children if c.dep_ == "dobj"), None)
        if person and group and index.type_of(person) == "person" and index.type_of(group) in GROUPS:
            leave_out = [subj_tok] if subj_tok is not None else []
            rels.emit(
                "leader_of", person, group, _clause_date(tok, dates, leave_out=leave_out, drop_conj=True)
            )

    def _only_country(self, sent: Span, index: EntityIndex, person: str) -> str | None:
        """ "the regime of President Bashar al-Assad" in a sentence about "eastern Syrian cities": a head of state
        whose country is not named takes the one country the sentence speaks of — never a guess among several."""
        countries: set[str] = set()
        for t in sent:
            key = index.by_token.get(t.i)
            if t.dep_ == "pobj" and t.head.lower_ in {"in", "at", "on", "into", "across", "over", "inside"}:
                continue  # "dropped a bomb … in eastern Afghanistan": where things happen, not whose leader
            if key is not None and key != person and index.type_of(key) == "country":
                countries.add(key)
            elif key is None and t.pos_ == "ADJ" and t.text[:1].isupper():
                place = self.geocoder.country_of_demonym(t.text)
                if place is not None:
                    countries.add(index.country_key(place, RELATIONS))
        return next(iter(countries)) if len(countries) == 1 else None


def _deaths_end_roles(rels: Collector, facts: DocFacts, died: dict[str, DateValue]) -> None:
    """A leader, deputy or member killed (or who died) on a known date held the role until then, wherever the
    text says so."""
    deaths: dict[str, DateValue] = dict(died)
    for ev in facts.events:
        if ev.type not in {"killing", "air_strike", "attack", "execution"} or ev.date is None:
            continue
        for p in ev.participants:
            if p.role == "victim" and p.entity and p.entity not in deaths:
                deaths[p.entity] = ev.date
    for (rtype, subj, _obj), rel in rels.out.items():
        if rtype not in {"leader_of", "deputy_of", "member_of"} or rel.end is not None or subj not in deaths:
            continue
        if rel.start is None or rel.start.start <= deaths[subj].start:
            rel.end = deaths[subj]
    for (rtype, heir, obj), prior in rels.successions.items():
        heir_rel, before = rels.out.get((rtype, heir, obj)), rels.out.get((rtype, prior, obj))
        if heir_rel is not None and heir_rel.start is None and before is not None and before.end is not None:
            heir_rel.start = before.end  # a successor takes over when the one before him is gone


def _clause_date(
    head: Token, dates: Dated, *, leave_out: Sequence[Token] = (), drop_conj: bool = False
) -> DateValue | None:
    """The first date said within ``head``'s phrase, leaving out the phrases of ``leave_out`` (a subject that
    carries a date of its own: "the cleric who had ordered the 2012 shooting") and, with ``drop_conj``, the
    tokens of conjoined phrases."""
    out = {d.i for top in leave_out for d in top.subtree}
    own = {t.idx for t in head.subtree if t.i not in out and not (drop_conj and t.dep_ == "conj")}
    return next((v for s, _e, v in dates if s in own), None)


def _founded_by(person: str, index: EntityIndex) -> str | None:
    """The armed group the document says this person founded, if exactly one."""
    groups = {
        p.entity
        for ev in index.facts.events
        if ev.type == "founding" and any(q.entity == person for q in ev.participants)
        for p in ev.participants
        if p.entity and p.entity != person and index.type_of(p.entity) == "armed_group"
    }
    return next(iter(groups)) if len(groups) == 1 else None


def _qualified_title(title: Token) -> bool:
    """ "political committee chief", "military commander": a chief of a part, not of the whole group."""
    return any(
        c.dep_ in {"compound", "amod"}
        and c.pos_ in {"NOUN", "ADJ"}
        and c.lower_
        not in {"top", "supreme", "overall", "new", "current", "first", "founding", "former", "then", "late"}
        for c in title.children
    )
