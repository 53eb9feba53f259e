"""Relations between entities from patterns over the parse, each with the period the text gives.

Most relations are read off the predicate–argument frames (``frames``) by the rules of the frame lexicon
(``data/frames.yaml``): people's roles ("appointed X as its leader", "the IS chief, X", "TTP commander X", "X, a
spokesman for Y", "its President X"), successions ("X succeeded him"), groups' structure ("the most powerful
branch of Y", "a faction that … rejoined it in 2020"), ties between groups and states, each with the period the
clause gives ("then", "Currently", "until his death in 2019"). What stays here: deaths that end roles ("died in
2013"), "emerged under X", and the older tie patterns of ``ties``. A question asserts nothing, so questions are
skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from khabar.extract.coref import EntityIndex
from khabar.extract.dates import find_dates
from khabar.extract.doc_sents import sentences, span_text, token_view
from khabar.extract.frames import Frame
from khabar.extract.frames.doc import doc_frames
from khabar.extract.frames.lexicon import lexicon
from khabar.extract.frames.relations import FrameRelations, sentence_dates
from khabar.extract.places import Geocoder
from khabar.extract.registry import RELATIONS
from khabar.extract.syntax import sentence_no, subject
from khabar.extract.ties import ARMED, Collector, Dated, TiePatterns, may_tie
from khabar.model import DateValue, DocFacts

__all__ = ["RelationFinder"]

DEATH_VERBS = frozenset({"kill", "die", "assassinate", "execute", "behead", "slay"})


class RelationFinder(TiePatterns):
    """Finds relations in one parsed document (component ``khabar.relations.v2``)."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder
        self._index: EntityIndex | None = None

    def find(self, doc: Doc, facts: DocFacts) -> None:
        try:
            self._find(doc, facts)
        finally:  # the document's index goes with it: kept, it would keep the last Doc alive
            self._index = None

    def _find(self, doc: Doc, facts: DocFacts) -> None:
        index = EntityIndex.of(doc, facts)
        self._index = index
        published = facts.document.published
        rels = Collector()
        died: dict[str, DateValue] = {}  # "Mullah Omar died in 2013": natural deaths end roles too
        view = token_view(doc)
        toks, lem, low = view.tokens, view.lemma, view.lower
        for sent in sentences(doc):
            if span_text(sent).strip().endswith("?"):
                continue
            rels.sentence = sentence_no(facts, sent)
            dates = [
                (sent.start_char + s, sent.start_char + e, v) for s, e, v in find_dates(span_text(sent), published)
            ]
            for i in range(sent.start, sent.end):
                lemma = lem[i]
                if lemma != "die" and low[i] != "under" and not may_tie(lemma, low[i]):
                    continue  # a word no pattern below starts on, left without building its token
                tok = toks[i]
                self._ties(tok, lemma, index, rels)
                if lemma == "die" and tok.pos_ == "VERB" and not any(c.dep_ == "neg" for c in tok.children):
                    who = subject(tok)
                    key = index.entity_in(who) if who is not None else None
                    when = _clause_date(tok, dates, leave_out=[who] if who is not None else [])
                    if key is not None and when is not None and index.type_of(key) == "person":
                        died.setdefault(key, when)
                if tok.lower_ == "under" and tok.dep_ == "prep":
                    self._under(tok, index, rels, dates)
        self._frames(doc, facts, index, rels)
        _deaths_end_roles(rels, facts, died)
        facts.relations.extend(rels.out.values())

    def _frames(self, doc: Doc, facts: DocFacts, index: EntityIndex, rels: Collector) -> None:
        """Relations the frame lexicon reads off every clause (see ``frames``)."""
        lex = lexicon()
        frames = doc_frames(doc)
        reader = FrameRelations(
            lex, index, facts.document.published, self._country_of, rels.led_by, frames,
            lambda person: _founded_by(person, index),
        )  # fmt: skip
        by_sent: dict[int, list[Frame]] = {}
        successions: list[tuple[int, Frame, Dated, tuple[list[str], list[str], list[tuple[str, str]]]]] = []
        for frame in frames:
            by_sent.setdefault(frame.sent.start, []).append(frame)
        for sent in sentences(doc):
            here = by_sent.get(sent.start)
            if not here or span_text(sent).strip().endswith("?"):
                continue
            rels.sentence = sentence_no(facts, sent)
            dates = sentence_dates(sent, find_dates(span_text(sent), facts.document.published))
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

    def _country_of(self, sent: Span, person: str | None, title: Token | None = None) -> str | None:
        """The state a head of state leads: a demonym or country named with the title ("Afghan President X",
        "Yemen's president"), else the one country the sentence speaks of."""
        index = self._index
        if person is None or index is None:
            return None
        if title is not None:
            for c in title.children:
                if c.dep_ in {"amod", "compound", "poss", "nmod"} and c.text[:1].isupper():
                    key = index.by_token.get(c.i)
                    if key is not None and index.type_of(key) == "country":
                        return key
                    place = self.geocoder.country_of_demonym(c.text)
                    if place is not None:
                        return index.country_key(place, RELATIONS)
        return self._only_country(sent, index, person)

    # -- leaders ----------------------------------------------------------------------------------------
    def _under(self, tok: Token, index: EntityIndex, rels: Collector, dates: Dated) -> None:
        """ "The Taliban emerged in 1994 under Mullah Omar": a group acting under a person is led by him (from
        the clause's date, when it gives one)."""
        person = next((index.entity_in(p) for p in tok.children if p.dep_ == "pobj"), None)
        subj = subject(tok.head) if tok.head.pos_ in {"VERB", "AUX"} else None
        group = index.entity_in(subj) if subj is not None else None
        if person and group and index.type_of(person) == "person" and index.type_of(group) in ARMED:
            start = _clause_date(tok.head, dates, leave_out=[subj] if subj is not None else [])
            rels.emit("leader_of", person, group, start)

    def _only_country(self, sent: Span, index: EntityIndex, person: str) -> str | None:
        """ "the regime of President Bashar al-Assad" in a sentence about "eastern Syrian cities": a head of state
        whose country is not named takes the one country the sentence speaks of — never a guess among several."""
        countries: set[str] = set()
        for t in sent:
            key = index.by_token.get(t.i)
            if t.dep_ in {"pobj", "poss", "nsubj", "nsubjpass"} or any(
                a.dep_ in {"prep", "agent"} for a in t.ancestors
            ):
                # "dropped a bomb … in eastern Afghanistan", "backed by Saudi Arabia", "Russia's intervention
                # saved President X": a country acting or acted on is not whose leader he is
                continue
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
