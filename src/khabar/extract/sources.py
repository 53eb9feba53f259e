"""Who states a casualty figure, and whether it is a party's claim.

Real reports quote several tolls for one attack: "Nine policemen died, the governor said … the insurgents
said they had killed 28". A figure belongs to whoever the report verb governing it names (its agent in the
frame layer, so "officials said", "said officials", "according to officials", "X told reporters" and "X claimed
responsibility, saying …" all give the speaker). What a claim verb says, or what an armed group (or its
spokesman, or its news outlet) says about a deed it did or is credited with, is a claim: kept, but never the
event's own toll. A group speaking of its own losses claims nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from khabar.extract.casualties import lives_taken
from khabar.extract.coref import EntityIndex
from khabar.extract.frames import AGENT, HOLDER, OF, Frame
from khabar.extract.frames.lexicon import lexicon
from khabar.extract.syntax import listed_speakers, np_text, trigger_like

__all__ = ["Source", "FigureSources"]

OWN_LOSS_NOUNS = frozenset({"fighter", "fighters", "member", "members", "militant", "militants", "mujahid",
                            "mujahideen", "martyr", "martyrs", "men", "comrade", "comrades", "brother", "brothers"})  # fmt: skip
ARMED = frozenset({"armed_group"})
PLACE_TYPES = frozenset({"location", "country", "facility"})  # a place speaks only through someone named with it
# the heads of a speaker that governs rather than fights: what a group's officials or ministry say of a deed
GOVERNING_VOICES = frozenset({"official", "officials", "government", "ministry", "authorities", "authority",
                              "administration", "governor", "minister", "police"})  # fmt: skip
SPEAKER_PRONOUNS = frozenset({"they", "he", "she", "we"})
_QUOTE_MARKS = re.compile('[\n"\u201c\u201d]')


@dataclass(frozen=True)
class Source:
    said_by: str | None = None  # entity key of the speaker
    said_by_text: str | None = None  # the speaker's words where no entity fits ("officials")
    voice: str | None = None  # the armed group the speaker speaks for, if any
    claim: bool = False


def _according_to(t: Token) -> Token | None:
    """X of "according to X" when ``t`` is its "according" (the object under "to", else under "according")."""
    if t.lower_ != "according" or t.i + 1 >= len(t.doc) or t.nbor(1).lower_ != "to":
        return None
    obj = next((p for p in t.nbor(1).children if p.dep_ == "pobj"), None)
    return obj or next((p for p in t.children if p.dep_ in {"pobj", "pcomp"}), None)


class FigureSources:
    """Attributes figures of one document; built once per document from its frames."""

    def __init__(self, frames: list[Frame], index: EntityIndex) -> None:
        lex = lexicon()
        self.report = lex.words("sources", "report_verbs")
        self.claims = lex.words("sources", "claim_verbs")
        self.speaking = self.report | self.claims  # the verbs a figure can be said or claimed under
        self.outlets = lex.words("sources", "party_outlets")
        self.voice_titles = lex.words("sources", "voice_titles")
        self.band_voices = lex.words("sources", "band_voices")
        self.witness_voices = lex.words("sources", "witness_voices")
        self.index = index
        self.verbs = {f.pred.i: f for f in frames if f.kind == "verb"}
        self.titles = [f for f in frames if f.kind == "noun" and f.lemma in self.voice_titles]
        self._quote_doc: Doc | None = None
        self._quote_spans: list[tuple[int, int]] = []

    def source(
        self, sent: Span, char: int, perpetrators: set[str], struck: frozenset[str] | set[str] = frozenset()
    ) -> Source:
        """The source of the figure at document offset ``char`` in ``sent``; ``perpetrators`` are the entity
        keys the event names as its doers so far (a group claiming someone else's deed claims nothing of it), and
        ``struck`` those it names as its victims or targets (a group telling of a deed done to it reports its
        losses, it claims nothing)."""
        src = self._source(sent, char, perpetrators)
        if src.claim and src.voice is not None and src.voice in struck and src.voice not in perpetrators:
            return replace(src, claim=False)
        return src

    def _source(self, sent: Span, char: int, perpetrators: set[str]) -> Source:
        tok = next((t for t in sent if t.idx <= char < t.idx + len(t.text) + 1), None)
        if tok is None:
            return Source()
        frame = self._report_frame(tok, sent)
        if frame is None:
            according = self._according(tok, sent)
            if according is not None:
                return self._speaker(according, False, tok, perpetrators)
            frame = self._quoted_by(char, sent)
            if frame is None:
                return Source()
        # "… killed eight civilians, residents and local radio said": the speakers the parser ran into the list, not the
        # subject "said" shares with "killed"
        speaker = next(iter(listed_speakers(frame.pred)), None) or frame.first(AGENT)
        if speaker is not None and trigger_like(speaker):
            # "A guard who saw the blast said two were killed", misread as the blast saying it: a deed says
            # nothing; the one who said it is the noun the misread clause hangs on
            speaker = next(
                (a for a in frame.pred.ancestors if a.pos_ in {"NOUN", "PROPN"} and not trigger_like(a)), None
            )
        if speaker is None:
            return Source(claim=frame.lemma in self.claims)
        if speaker.lower_ in SPEAKER_PRONOUNS:
            speaker = self._last_source(speaker) or speaker
        return self._speaker(speaker, frame.lemma in self.claims, tok, perpetrators)

    def _last_source(self, pronoun: Token) -> Token | None:
        """Who a pronoun speaker stands for: the last source named before it in its own or the two sentences
        before ("…, according to police and hospital officials. They put the toll at four."), agreeing in
        number; None where no source was named (then the pronoun's own antecedent serves)."""
        doc = pronoun.doc
        sent = pronoun.sent
        first = sent.start
        for _ in range(2):
            if first == 0:
                break
            first = doc[first - 1].sent.start
        plural = pronoun.lower_ in {"they", "we"}
        best: Token | None = None
        for t in doc[first : pronoun.i]:
            f = self.verbs.get(t.i)
            found = f.first(AGENT) if f is not None and f.lemma in self.speaking else _according_to(t)
            if found is None or found.lower_ in SPEAKER_PRONOUNS:
                continue
            many = found.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in found.children)
            if many == plural:
                best = found
        return best

    # -- the report verb --------------------------------------------------------------------------------
    def _report_frame(self, tok: Token, sent: Span) -> Frame | None:
        """The nearest report or claim verb the figure is said under: an ancestor ("X said that 13 …",
        "claimed …, saying 35 …"), or a trailing "…, officials said" the parser hung on the figure's clause."""
        for a in tok.ancestors:
            f = self.verbs.get(a.i)
            if (
                f is not None
                and f.lemma in self.speaking
                and not self._in_subject(tok, a)
                and not self._described(tok, a)
                and not _takes_lives(f)
            ):
                return f
        clause = tok
        while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
            clause = clause.head
        while clause.dep_ in {"conj", "xcomp", "advcl", "relcl", "ccomp"} and clause.head.i != clause.i:
            clause = clause.head
        for c in clause.children:
            f = self.verbs.get(c.i)
            if (
                f is not None
                and f.lemma in self.speaking
                and c.dep_ in {"parataxis", "ccomp", "conj", "advcl"}
            ):
                return f
        return None

    def _quoted_by(self, char: int, sent: Span) -> Frame | None:
        """The report verb of the quotation a figure stands in, where the quotation runs over several sentences
        and its speaker is named after it closes (\u201cWe stormed the base. We killed 27 soldiers,\u201d the
        group's spokesman said) or before it opens (the spokesman said: \u201c…\u201d)."""
        span = next(((a, b) for a, b in self._quotes(sent.doc) if a < char < b), None)
        if span is None:
            return None
        opening, closing = span
        # the sentence the quotation closes in, after the closing mark; else the one it opens in, before it
        return self._said_in(sent.doc, closing, lambda t: t.idx > closing) or self._said_in(
            sent.doc, opening, lambda t: t.idx < opening
        )

    def _said_in(self, doc: Doc, char: int, side: Callable[[Token], bool]) -> Frame | None:
        """The first report verb with a speaker, on ``side`` of a quotation mark, in the sentence holding it."""
        mark = doc.char_span(char, char + 1, alignment_mode="expand")
        if mark is None:
            return None
        for t in mark.sent:
            f = self.verbs.get(t.i)
            if side(t) and f is not None and f.lemma in self.speaking and f.first(AGENT):
                return f
        return None

    def _quotes(self, doc: Doc) -> list[tuple[int, int]]:
        """The quotations of a document as character spans: curly marks by their shape, straight ones paired in
        turn within a paragraph (a quotation still open at a paragraph's end ends there, as news copy
        continuing a quotation into the next paragraph reopens it)."""
        if self._quote_doc is doc:
            return self._quote_spans
        spans: list[tuple[int, int]] = []
        opened: int | None = None
        text = doc.text
        for m in _QUOTE_MARKS.finditer(text):
            i, ch = m.start(), m.group()
            if ch == "\n":
                if opened is not None:
                    spans.append((opened, i))
                opened = None
            elif ch == "\u201c" or (ch == '"' and opened is None):
                opened = i
            elif opened is not None:
                spans.append((opened, i))
                opened = None
        if opened is not None:
            spans.append((opened, len(text)))
        self._quote_doc, self._quote_spans = doc, spans
        return spans

    @staticmethod
    def _described(tok: Token, verb: Token) -> bool:
        """ "X claimed responsibility for a bombing that killed 49": the deed's description is the reporter's,
        not what X said; only what the verb says ("claimed that …", "saying …", "claimed the killing of 20") is."""
        child = tok
        # "claimed the attack that killed 20", "took responsibility for a raid which killed 9"
        relative = False
        while child.head.i != verb.i and child.head.i != child.i:
            relative = relative or child.dep_ in {"relcl", "acl"}
            child = child.head
        if child.dep_ in {"ccomp", "xcomp", "advcl", "parataxis", "conj"}:
            return False
        if child.dep_ == "dobj" and child.lemma_.lower() in {"responsibility", "credit", "blame"}:
            return True
        return relative and child.dep_ in {"dobj", "prep"}

    @staticmethod
    def _in_subject(tok: Token, verb: Token) -> bool:
        subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        return subj is not None and subj.left_edge.i <= tok.i <= subj.right_edge.i

    @staticmethod
    def _according(tok: Token, sent: Span) -> Token | None:
        """ "according to X" in the figure's sentence: X."""
        return next((obj for t in sent if (obj := _according_to(t)) is not None), None)

    # -- the speaker ------------------------------------------------------------------------------------
    def _speaker(self, speaker: Token, claim_verb: bool, figure: Token, perpetrators: set[str]) -> Source:
        index = self.index
        key = index.entity_in(speaker)
        if key is not None and index.type_of(key) in PLACE_TYPES:
            # "…, superintendent of police, Odisha, K.N. Patnaik said": the place is his title's, he spoke
            person = next(
                (k for c in speaker.children if c.dep_ in {"conj", "appos"}
                 and (k := index.entity_in(c)) is not None and index.type_of(k) == "person"),
                None,
            )  # fmt: skip
            key = person or key
        voice = self._voice(speaker, key)
        text = None if key is not None else np_text(speaker)
        claim = claim_verb
        if voice is not None and not claim:
            # an armed group speaking of the deed it did (or that no one else is named for) claims it; one that
            # governs speaking through its officials or ministries ("Taliban officials said the blast killed
            # one") reports a deed, unless the deed is told as its own
            governing = speaker.lemma_.lower() in GOVERNING_VOICES or speaker.lower_ in GOVERNING_VOICES
            claim = voice in perpetrators if governing else not perpetrators or voice in perpetrators
        elif voice is None and key is None and not claim and self._band(speaker):
            claim = True  # "the separatists said they killed nine": unnamed, the doers still speak of their deed
        if claim and self._own_losses(figure, voice):
            claim = False
        if claim and voice is None and speaker.lemma_.lower() in self.witness_voices:
            claim = False  # "residents claimed over 25 were killed": an account of the toll, no party's claim
        return Source(said_by=key, said_by_text=text, voice=voice, claim=claim)

    def _band(self, speaker: Token) -> bool:
        """An unnamed armed band, or one who speaks for it: "the rebels", "separatist fighters", "a militant
        commander" (not "police", "residents", "a suspect")."""
        marks = {c.lemma_.lower() for c in speaker.children if c.dep_ in {"amod", "compound"}}
        lemma = speaker.lemma_.lower()
        return lemma in self.band_voices or (
            bool(marks & self.band_voices) and (lemma in self.voice_titles or lemma in {"fighter", "force"})
        )

    def _voice(self, speaker: Token, key: str | None) -> str | None:
        """The armed group a speaker speaks for: the group itself, its spokesman or commander ("Taliban
        spokesman X", "X, a spokesman for the Taliban"), or its outlet ("the Amaq news agency")."""
        index = self.index
        if key is not None and index.type_of(key) in ARMED:
            return key
        words = {t.lower_ for t in speaker.subtree}
        for f in self.titles:  # X holds a title of a group, or the speaker is the title itself
            holders = {index.entity_in(h) for h in f.args.get(HOLDER, [])}
            if f.pred.i == speaker.i or (key is not None and key in holders) or f.pred.head.i == speaker.i:
                for o in f.args.get(OF, []):
                    g = index.entity_at(o) or index.entity_in(o)
                    if g is not None and index.type_of(g) in ARMED:
                        return g
        for (
            t
        ) in speaker.subtree:  # "Taliban spokesperson Zabihullah Mujahid": a group named inside the phrase
            g = index.by_token.get(t.i)
            if g is not None and index.type_of(g) in ARMED and t.dep_ in {"compound", "poss", "nmod", "amod"}:
                return g
        if words & self.outlets or (
            key is not None and index.facts.entities[key].name.lower() in self.outlets
        ):
            # a group's outlet: the group named with it, else the armed group the report is about
            for t in speaker.subtree:
                if t.dep_ == "poss" and (g := index.entity_at(t)) is not None and index.type_of(g) in ARMED:
                    return g
            return index.last_group(speaker)
        return None

    def _own_losses(self, figure: Token, voice: str | None) -> bool:
        """ "the group said five of its fighters were killed": its losses, not its deed."""
        noun = figure.head if figure.dep_ in {"nummod", "quantmod"} else figure
        phrase = list(noun.subtree) + ([noun.head] if noun.dep_ == "pobj" else [])
        if not any(t.lower_ in OWN_LOSS_NOUNS for t in phrase):
            return False
        owners = {self.index.entity_at(t) for t in phrase if t.dep_ == "poss"}
        return (
            voice is not None and voice in owners or any(t.lower_ in {"its", "their", "our"} for t in phrase)
        )


def _takes_lives(frame: Frame) -> bool:
    """ "The raid claimed the lives of four soldiers", "the blast claimed 12 lives": "claim" said of a deed, or of
    lives, tells a toll; no one claims anything."""
    verb = frame.pred
    if verb.lemma_.lower() != "claim":
        return False
    if lives_taken(verb) is not None:
        return True
    agent = frame.first(AGENT)
    return agent is not None and trigger_like(agent)
