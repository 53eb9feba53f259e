"""Small helpers over spaCy's dependency parse, shared by the event and relation extractors."""

from __future__ import annotations

from spacy.tokens import Span, Token

from khabar.extract.doc_sents import children
from khabar.extract.lexicon import NOUN_TRIGGERS, VERB_TRIGGERS
from khabar.model import DocFacts

__all__ = [
    "SUBORDINATORS",
    "LIST_PREPS",
    "sentence_no",
    "clause_head",
    "scope",
    "subject",
    "is_passive",
    "np_text",
    "year_modifier",
    "trigger_like",
    "SAYING_LEMMAS",
    "listed_speakers",
    "without_speakers",
]

# "after/before X": X dates something else than the clause it hangs on.
SUBORDINATORS = frozenset({"after", "before", "since", "until", "following", "once"})
# "attacks, including X and Y": X and Y are events of their own.
LIST_PREPS = frozenset({"including", "like", "such"})
CLAUSE_DEPS = frozenset({"conj", "relcl", "ccomp", "advcl", "parataxis", "cc", "acl"})


def sentence_no(facts: DocFacts, sent: Span) -> int:
    """The index of ``sent`` among the document's stored sentences."""
    for s in facts.sentences:
        if s.start <= sent.start_char < s.end or sent.start_char <= s.start < sent.end_char:
            return s.index
    return 0


def clause_head(tok: Token) -> Token:
    """The verb whose clause holds ``tok`` (itself, for a verb)."""
    t = tok
    for _ in range(12):
        if t.pos_ in {"VERB", "AUX"} or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def scope(tok: Token, stop: Token | None = None) -> list[int]:
    """Token indices of ``tok``'s own phrase: no conjoined phrases, other clauses or ``stop``'s subtree."""
    out = [tok.i]
    stack = list(children(tok))
    while stack:
        c = stack.pop()
        if stop is not None and c.i == stop.i:
            continue
        if (c.dep_ in CLAUSE_DEPS and not _static_participle(c)) or c.dep_ == "mark":
            continue
        if c.dep_ == "prep" and c.lower_ in SUBORDINATORS | LIST_PREPS:
            continue
        out.append(c.i)
        stack.extend(children(c))
    return out


# participles that tell where something lies, not something that happened: a time the parser hangs on one ("a
# province bordering Iran on Monday") is the phrase's own
STATIC_PARTICIPLES = frozenset({"border", "neighbour", "neighbor", "adjoin", "overlook", "surround"})


def _static_participle(tok: Token) -> bool:
    return tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.lemma_.lower() in STATIC_PARTICIPLES


def is_passive(verb: Token) -> bool:
    """ "was killed", "be killed": the subject is the patient, not the agent."""
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in children(verb))


def subject(verb: Token) -> Token | None:
    """The subject of a verb, following shared subjects of conjoined and participial clauses
    ("X would become leader and be killed", "gunmen opened fire…, killing 137") and relative clauses."""
    t = verb
    for _ in range(5):
        for c in children(t):
            if c.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                return past_attribution(c)
        if t.dep_ == "relcl":
            return t.head
        if t.dep_ == "acl" and t.head.pos_ in {"NOUN", "PROPN"}:
            return t.head
        if t.dep_ in {"conj", "xcomp", "advcl"} and t.head.i != t.i:
            t = t.head
            continue
        break
    return None


def past_attribution(subj: Token) -> Token:
    """The subject itself, unless the small model read it as the end of an "according to" phrase run on into the
    clause ("According to the news agency Al-Akhbar, AQIM claimed …" parsed with Al-Akhbar as the subject and
    AQIM as its apposition): then the apposition, the clause's own subject."""
    appos = next((c for c in children(subj) if c.dep_ == "appos" and c.i > subj.i), None)
    if appos is None:
        return subj
    i = subj.left_edge.i
    if i == 0:
        return subj
    before = subj.doc[i - 1]
    if before.is_punct or not any(t.lower_ == "according" for t in (before, *before.ancestors)):
        return subj
    return appos


def _resultative(t: Token) -> bool:
    """ "dead" of "shot dead two policemen", which the parser may hang on the noun after it: the verb's, not the
    people's."""
    return t.lower_ == "dead" and t.i > 0 and t.doc[t.i - 1].pos_ == "VERB"


def np_text(tok: Token) -> str:
    """The noun phrase headed at ``tok`` without determiners, possessive pronouns or what follows the head."""
    keep = [
        t
        for t in tok.subtree
        if t.i <= tok.i
        and t.dep_ not in {"det", "predet", "punct"}
        and not (t.dep_ == "poss" and t.pos_ == "PRON")
        and not _resultative(t)
    ]
    if not keep:
        return tok.text
    start = min(t.i for t in keep)
    return tok.doc[start : tok.i + 1].text


def year_modifier(tok: Token) -> str | None:
    """ "Russia's 2015 intervention": a bare year modifying a noun."""
    for c in children(tok):
        if c.dep_ in {"nummod", "compound", "amod", "npadvmod"} and c.like_num and len(c.text) == 4:
            year = int(c.text) if c.text.isascii() and c.text.isdigit() else 0
            if 1800 <= year <= 2100:
                return c.text
    return None


def trigger_like(tok: Token) -> bool:
    return trigger_word(tok.pos_, tok.lemma_.lower())


def trigger_word(pos: str, lemma: str) -> bool:
    """``trigger_like`` of a token with this ``pos_`` and lower-case lemma."""
    return (pos in {"NOUN", "PROPN"} and lemma in NOUN_TRIGGERS) or (pos == "VERB" and lemma in VERB_TRIGGERS)


SAYING_LEMMAS = frozenset({"say", "tell", "report", "confirm", "announce", "add", "state"})


def listed_speakers(verb: Token) -> list[Token]:
    """ "… killed eight civilians, residents and local radio said": the parser reads the speakers as more of the
    objects and leaves "said" without a subject. For such a report verb, the conjuncts after the list's last comma
    that run up to it are who said it; none otherwise."""
    if verb.lemma_.lower() not in SAYING_LEMMAS or any(c.dep_ in {"nsubj", "nsubjpass"} for c in children(verb)):
        return []
    if verb.i == 0:
        return []
    last = verb.doc[verb.i - 1]
    if last.dep_ != "conj" or last.pos_ not in {"NOUN", "PROPN"}:
        return []
    chain = [last]
    while chain[-1].dep_ == "conj" and chain[-1].head.pos_ in {"NOUN", "PROPN"}:
        chain.append(chain[-1].head)
    chain.reverse()  # the list's first item first
    commas = [k for k, t in enumerate(chain[1:], 1) if verb.doc[t.left_edge.i - 1].text == ","]
    if not commas:
        return []
    return chain[commas[-1] :]


def without_speakers(listed: list[Token]) -> list[Token]:
    """A list of conjoined nouns without the speakers the parser ran into it (``listed_speakers``)."""
    if not listed:
        return listed
    doc = listed[0].doc
    edge = max(t.right_edge.i for t in listed) + 1
    speakers = {t.i for t in listed_speakers(doc[edge])} if edge < len(doc) else set()
    return [t for t in listed if t.i not in speakers] if speakers else listed
