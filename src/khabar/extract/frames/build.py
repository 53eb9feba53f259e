"""Frames from spaCy's dependency parse (English, ClearNLP labels), in the spirit of PredPatt.

Every verb is a predicate; so is every noun or adjective the frame lexicon lists (titles such as "leader", deeds
such as "attack", ties such as "loyal"). Arguments are normalised:

- voice: the subject of a passive is the patient, its "by" phrase the agent;
- clauses: a relative clause's noun fills the role its pronoun (or missing subject) has ("the town which IS
  took", "fighters who attacked"); a participle's noun likewise ("a mine placed by X": patient; "gunmen firing
  on …": agent); a conjoined verb without a subject shares the first verb's ("stormed the hotel and killed 20");
  a controlled verb takes its controller ("wanted to capture Kabul": the wanter; "ordered troops to drop":
  the troops);
- coordination: "A, B and C" fill a role three times, and "A and B helped C" gives both helpers;
- nouns: the holder of a title comes from an apposition ("X, the leader of Y" / "the leader of Y, X"), a
  compound ("TTP commander X"), a copula ("X is/became the leader"; "Its leader is X"), "as" ("appointed X as
  its leader", "X succeeded Y as leader"), a small clause ("named X its new chief"), a relative clause ("X,
  who heads Y" is a verb frame); what it belongs to from a possessive, a compound or "of"/"for"; a deed noun's
  agent from a possessive, compound, "by" phrase or support verb ("X carried out an attack on Y").

The builder resolves nothing to entities: it returns tokens; extractors ask ``EntityIndex`` what they name.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from khabar.extract.doc_sents import children, sentences, token_view
from khabar.extract.frames.frame import AGENT, ATTR, COMP, HOLDER, OF, PATIENT, Frame, prep_role
from khabar.extract.syntax import past_attribution

__all__ = ["FrameBuilder", "frames_of", "conjuncts", "resolve_relative"]

SUBJ = frozenset({"nsubj", "csubj"})
SUBJ_PASS = frozenset({"nsubjpass", "csubjpass"})
RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
COPULAS = frozenset({"be", "become", "remain", "serve", "emerge", "stay", "continue"})
# "ordered troops to drop", "forced X to …": the object does the controlled verb; elsewhere the subject does
OBJECT_CONTROL = frozenset(
    {"order", "force", "instruct", "direct", "command", "tell", "ask", "urge", "allow", "authorize", "authorise",
     "send", "train", "help", "encourage", "persuade", "recruit", "lead", "push", "compel"}
)  # fmt: skip
IRREALIS = frozenset(
    {"want", "plan", "try", "seek", "hope", "aim", "threaten", "vow", "intend", "attempt", "promise", "wish",
     "need", "refuse", "fail", "urge", "call", "prepare", "plot", "expect", "demand", "pledge", "decide"}
)  # fmt: skip
MODAL_IRREALIS = frozenset({"could", "might", "may", "should", "must"})
# "appointed X as leader", "named X its chief", "made X deputy": X is the holder of the title
NAMING_VERBS = frozenset(
    {"appoint", "name", "choose", "elect", "select", "install", "nominate", "make", "declare", "proclaim",
     "designate", "announce", "crown", "confirm", "pick", "tap", "anoint"}
)  # fmt: skip
# "X succeeded Y as leader", "X replaced Y as chief": the title is the subject's, not the object's
SUBJECT_AS_VERBS = frozenset({"succeed", "replace", "serve", "emerge", "act", "remain", "return"})
PARTICLES = frozenset({"away", "over", "up", "off", "out", "down", "in", "on", "back"})


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and what is coordinated with it ("A, B and C"), in text order; a noun never takes a conjoined
    verb (that is another clause), a verb only conjoined verbs."""
    nominal = tok.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in children(t):
            if c.dep_ != "conj" or any(c.i == o.i for o in out):
                continue
            if (nominal and c.pos_ in {"VERB", "AUX"}) or (not nominal and c.pos_ != tok.pos_):
                continue
            out.append(c)
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def resolve_relative(tok: Token) -> Token:
    """A relative pronoun stands for the noun its clause hangs on ("the base, which …" → base)."""
    if tok.lower_ in RELATIVE:
        t = tok.head
        for _ in range(4):
            if t.dep_ in {"relcl", "acl"} and t.head.i != t.i:
                return t.head
            if t.head.i == t.i:
                break
            t = t.head
    return tok


def _expand(toks: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        for c in conjuncts(resolve_relative(t)):
            if all(c.i != o.i for o in out):
                out.append(c)
    return out


def main_verb_of_noun(noun: Token) -> Token | None:
    """The small model often reads "The group named X as its leader" as a noun with a participle ("the group
    [that was] named X"); when the sentence has no verb of its own and the participle takes an object, it is the
    main verb in the active voice and the noun its subject."""
    if noun.dep_ != "ROOT" or noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    for c in children(noun):
        if c.dep_ != "acl" or c.tag_ not in {"VBN", "VBD"} or c.i < noun.i:
            continue
        if any(g.dep_ in {"auxpass", "agent", "aux"} for g in children(c)):
            continue
        if any(g.dep_ in {"oprd", "dobj", "ccomp"} for g in children(c)):
            return c
    return None


def _repaired(verb: Token) -> bool:
    if verb.dep_ != "acl":
        return False
    main = main_verb_of_noun(verb.head)
    return main is not None and main.i == verb.i


def _passive(verb: Token) -> bool:
    if _repaired(verb):
        return False
    return any(c.dep_ in {"auxpass", "nsubjpass", "csubjpass"} for c in children(verb)) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    prt = next((c for c in children(tok) if c.dep_ == "prt" and c.lower_ in PARTICLES), None)
    return f"{lemma}_{prt.lower_}" if prt is not None else lemma


def _title_lemma(noun: Token, titles: frozenset[str] = frozenset()) -> str:
    """A title's lemma with a prefix the tokenizer split off ("sub-leader": a leader under the leader, one of the
    group's members, not its leader), or joined to the word before it that modifies it where ``titles`` (the
    lexicon's) writes the two as one ("Prime Minister", "prime minister": "prime-minister")."""
    lemma = noun.lemma_.lower()
    i, doc = noun.i, noun.doc
    joined = i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_
    if joined and doc[i - 2].lower_ in TITLE_PREFIXES:
        return f"{doc[i - 2].lower_}-{lemma}"
    if i >= 1 and lemma not in titles:
        prev = doc[i - 1]
        if prev.head.i == i and prev.dep_ in {"compound", "amod", "nmod"} and f"{prev.lower_}-{lemma}" in titles:
            return f"{prev.lower_}-{lemma}"
    return lemma


def title_prefix(frame_lemma: str, noun: Token) -> Token | None:
    """The word a two-word title was joined from, before its noun ("Prime" of "Prime Minister"): part of the
    title, not whose title it is nor a rank within it."""
    if noun.i >= 1 and frame_lemma == f"{noun.doc[noun.i - 1].lower_}-{noun.lemma_.lower()}":
        return noun.doc[noun.i - 1]
    return None


# Prefixes a tokenizer splits off a title that change what it means ("sub-leader").
TITLE_PREFIXES = frozenset({"sub"})


def _grammatical_subject(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The verb's own subject, or the one it shares (conjoined verb, participle, controlled verb); and
    whether that subject was the *logical object* of the verb it was found on (a passive)."""
    for c in children(verb):
        if c.dep_ in SUBJ:
            return past_attribution(c), False
        if c.dep_ in SUBJ_PASS:
            return past_attribution(c), True
    if depth > 4:
        return None, False
    head = verb.head
    if head.i == verb.i:
        return None, False
    if verb.dep_ == "relcl":
        return head, False  # "fighters who attacked": the relative pronoun is usually the subject child
    if verb.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        return _grammatical_subject(head, depth + 1)
    if verb.dep_ == "xcomp":
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = next((c for c in children(head) if c.dep_ in {"dobj", "dative"}), None)
            if obj is not None:
                return obj, False
        return _grammatical_subject(head, depth + 1)
    if (
        verb.dep_ == "advcl"
        and verb.tag_ in {"VBG", "VBN"}
        and not any(c.dep_ == "mark" for c in children(verb))
    ):
        # "…, killing 20" / "Having captured Kabul, the group …": the main clause's subject
        return _grammatical_subject(head, depth + 1)
    if verb.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN", "PRON"}:
        if _repaired(verb):
            return head, False
        return head, verb.tag_ == "VBN"  # "a mine placed by …": the noun is the patient
    if verb.dep_ == "pcomp" and head.dep_ == "prep":  # "after attacking the base": the clause's subject
        return (
            _grammatical_subject(head.head, depth + 1) if head.head.pos_ in {"VERB", "AUX"} else (None, False)
        )
    return None, False


class FrameBuilder:
    """Builds the frames of one parsed Doc. ``noun_preds`` and ``adj_preds`` are the lemmas the frame lexicon
    makes predicates of (every verb is one)."""

    def __init__(self, noun_preds: frozenset[str], adj_preds: frozenset[str]) -> None:
        self.noun_preds = noun_preds
        # the last words of titles the lexicon writes as one ("minister" of "prime-minister"): only a noun ending
        # one can be read as a two-word title
        self._joined_tails = frozenset(t.rsplit("-", 1)[1] for t in noun_preds if "-" in t)
        self.adj_preds = adj_preds

    def build(self, doc: Doc) -> list[Frame]:
        out: list[Frame] = []
        for sent in sentences(doc):
            out += self.sentence(sent)
        return out

    def sentence(self, sent: Span) -> list[Frame]:
        frames: list[Frame] = []
        view = token_view(sent.doc)
        toks, lem, low, pos, dep = view.tokens, view.lemma, view.lower, view.pos, view.dep
        for i in range(sent.start, sent.end):
            p = pos[i]
            if p in {"VERB", "AUX"} and not (p == "AUX" and dep[i] in {"aux", "auxpass"}):
                frames.append(self._verb(toks[i], sent))
            elif p in {"NOUN", "PROPN"} and (
                lem[i] in self.noun_preds
                or (lem[i] in self._joined_tails and _title_lemma(toks[i], self.noun_preds) in self.noun_preds)
            ):
                frames.append(self._noun(toks[i], sent))
            elif p == "ADJ" and lem[i] in self.adj_preds:
                frames.append(self._adj(toks[i], sent))
            if p == "VERB" and dep[i] in {"amod", "acl", "acomp"} and low[i] in self.adj_preds:
                frames.append(self._adj(toks[i], sent))  # "the Iran-backed Houthis", "a faction linked to X"
        return frames

    # -- verbs ------------------------------------------------------------------------------------------
    def _verb(self, verb: Token, sent: Span) -> Frame:
        f = Frame(pred=verb, lemma=_lemma(verb), kind="verb", sent=sent, passive=_passive(verb))
        f.negated = any(c.dep_ == "neg" for c in children(verb)) or (
            verb.dep_ in {"xcomp", "conj"}
            and any(c.dep_ == "neg" for c in children(verb.head))
            and verb.dep_ == "xcomp"
        )
        f.irrealis = self._irrealis(verb)
        subj, subj_is_patient = _grammatical_subject(verb)
        if subj is not None:
            logical_patient = subj_is_patient if verb.dep_ == "acl" else (f.passive or subj_is_patient)
            if verb.dep_ == "acl":
                logical_patient = verb.tag_ == "VBN" and not _repaired(verb)
            elif not any(c.dep_ in SUBJ | SUBJ_PASS for c in children(verb)):
                logical_patient = f.passive  # a shared subject takes this verb's voice
            f.add(PATIENT if logical_patient else AGENT, _expand([subj]), "subject")
        for c in children(verb):
            dep = c.dep_
            if dep == "dobj":
                f.add(PATIENT, _expand([c]), "object")
            elif dep == "dative":
                f.add("recipient", _expand([c]), "dative")
            elif dep == "agent":
                f.add(AGENT, _expand(p for p in children(c) if p.dep_ == "pobj"), "by")
            elif dep == "prep":
                objs = [p for p in children(c) if p.dep_ in {"pobj", "pcomp"}]
                if objs:
                    f.add(prep_role(c.lower_), _expand(objs), "prep")
                    for p in children(c):  # "broke away from X" / "pledged allegiance to X" / "out of"
                        for g in children(p):
                            if g.dep_ == "prep" and p.dep_ == "prep":
                                f.add(
                                    prep_role(g.lower_),
                                    _expand(x for x in children(g) if x.dep_ == "pobj"),
                                    "prep",
                                )
            elif dep in {"oprd", "attr", "acomp"}:
                f.add(ATTR, _expand([c]), dep)
            elif dep in {"ccomp", "xcomp"}:
                f.add(COMP, [c], dep)
                if f.lemma in OBJECT_CONTROL and not any(x.dep_ == "dobj" for x in children(verb)):
                    inner = next((x for x in children(c) if x.dep_ in SUBJ), None)
                    if inner is not None:  # "helped X survive", "forced X to flee": X is the patient
                        f.add(PATIENT, _expand([inner]), "raised")
        # "Fighters of A, B and C were drawn into its ranks": coordination on the subject is already expanded
        return f

    @staticmethod
    def _irrealis(verb: Token) -> bool:
        t = verb
        for _ in range(3):
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in IRREALIS:
                return True
            if t.dep_ != "conj":
                break
            t = t.head
        return any(c.dep_ == "aux" and c.lower_ in MODAL_IRREALIS for c in children(verb))

    # -- nouns ------------------------------------------------------------------------------------------
    def _noun(self, noun: Token, sent: Span) -> Frame:
        f = Frame(pred=noun, lemma=_title_lemma(noun, self.noun_preds), kind="noun", sent=sent)
        prefix = title_prefix(f.lemma, noun)
        f.negated = any(c.dep_ == "neg" for c in children(noun.head)) and noun.dep_ in {"attr", "dobj"}
        holder, how = self._holder(noun)
        if holder is not None:
            f.add(HOLDER, _expand([holder]), how)
        if noun.dep_ in {"compound", "nmod"} and f.how.get(HOLDER) == "as":
            # the misread "its new chief and X Y": the possessive hangs on the name's head
            f.add(OF, [c for c in children(noun.head) if c.dep_ == "poss" and c.i < noun.i], "poss")
        if holder is not None and how == "compound":
            for c in children(holder):  # "President X of Nigeria", "commander X of the TTP"
                if c.dep_ == "prep" and c.lower_ == "of":
                    f.add(OF, [p for p in children(c) if p.dep_ == "pobj"], "of the name")
        for c in children(noun):
            if prefix is not None and c.i == prefix.i:
                continue
            if c.dep_ == "poss":
                f.add(OF, [c], "poss")
            elif c.dep_ in {"compound", "nmod"} and (holder is None or c.i != holder.i):
                f.add(OF, [c], "compound")
            elif c.dep_ == "amod" and c.pos_ in {"PROPN", "ADJ"} and c.text[:1].isupper():
                f.add(OF, [c], "amod")  # "the Pakistani Taliban chief" (a demonym or a name as adjective)
            elif c.dep_ == "prep":
                objs = [p for p in children(c) if p.dep_ in {"pobj", "pcomp"}]
                if not objs:
                    continue
                role = OF if c.lower_ in {"of", "for"} else AGENT if c.lower_ == "by" else prep_role(c.lower_)
                f.add(role, _expand(objs), "prep")
        light = self._light_verb(noun)
        if light is not None:
            f.light = light
            subj, was_patient = _grammatical_subject(light)
            if subj is not None and not was_patient:
                f.add(AGENT, _expand([subj]), "support verb")
            for c in children(light):  # "carried out an attack against X on Monday"
                if c.dep_ == "prep" and c.lower_ in {"on", "against", "in", "at", "near"}:
                    objs = [p for p in children(c) if p.dep_ == "pobj"]
                    if objs:
                        f.add(prep_role(c.lower_), _expand(objs), "support verb")
        return f

    @staticmethod
    def _light_verb(noun: Token) -> Token | None:
        """The verb a deed noun is the object of ("carried out an attack", "launched attacks"), through
        "a series of", "one of" and coordination."""
        t = noun
        for _ in range(4):
            if t.dep_ in {"dobj", "nsubjpass"} and t.head.pos_ in {"VERB", "AUX"}:
                return t.head
            if t.dep_ in {"pobj", "prep", "conj"} and t.head.i != t.i:
                t = t.head
                continue
            return None
        return None

    @staticmethod
    def _holder(title: Token) -> tuple[Token | None, str]:
        """Who bears a title, by the construction that says so (see the module docstring)."""
        for c in children(title):
            if c.dep_ == "appos":
                return c, "appos"  # "the group's leader, X"
        named = _apposed_after(title)
        if named is not None:
            return named, "appos"
        head = title.head
        dep = title.dep_
        if dep == "appos" and head.i != title.i:
            return head, "appos"  # "X, the leader of Y"
        if dep in {"compound", "nmod"} and any(t.pos_ == "CCONJ" for t in title.doc[title.i + 1 : head.i]):
            # "as its new chief and X Y as …" misread as one name: the title hangs on the "as" before it
            as_tok = next((a for a in title.ancestors if a.lower_ == "as" and a.dep_ == "prep"), None)
            named = _name_before(as_tok) if as_tok is not None else None
            if named is not None:
                return named, "as"
        if dep in {"compound", "nmod"} and head.pos_ == "PROPN":
            return head, "compound"  # "TTP commander X"
        if dep in {"attr", "acomp"} and head.lemma_.lower() in COPULAS:
            subj, _ = _grammatical_subject(head)
            if subj is not None:
                return resolve_relative(subj), "copula"  # "X is the leader", "X, who became leader"
        if dep in SUBJ and head.lemma_.lower() in COPULAS:
            attr = next((c for c in children(head) if c.dep_ == "attr"), None)
            if attr is not None:
                return attr, "copula"  # "Its leader is X"
        if dep == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() not in SUBJECT_AS_VERBS:
            # "appointed X as its leader and Y as his deputy": the name just before "as" holds the title
            name = _name_before(head)
            if name is not None and (
                name.dep_ in {"conj", "dobj", "appos", "pobj", "oprd"} or name.head.pos_ != "PROPN"
            ):
                return name, "as"
        if dep == "pobj" and head.lower_ == "as" and head.head.pos_ in {"VERB", "AUX", "NOUN", "PROPN"}:
            verb = head.head
            while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
                verb = verb.head
            verb = main_verb_of_noun(verb) or verb
            obj = next((c for c in children(verb) if c.dep_ in {"dobj", "oprd"}), None)
            if verb.lemma_.lower() in NAMING_VERBS and obj is not None:
                return obj, "as"  # "appointed X as its leader"
            if _passive(verb) and verb.lemma_.lower() in NAMING_VERBS:
                subj, _ = _grammatical_subject(verb)
                return (resolve_relative(subj), "as") if subj is not None else (None, "")
            subj, _ = _grammatical_subject(verb)
            if subj is not None:
                return resolve_relative(subj), "as"  # "X served as leader", "X succeeded Y as leader"
        if dep in {"oprd", "xcomp", "ccomp", "dobj", "attr"} and head.lemma_.lower() in NAMING_VERBS:
            # "named X its new chief": a small clause (X as the title's subject) or a second object
            inner = next((c for c in children(title) if c.dep_ in SUBJ), None)
            if inner is not None:
                return inner, "named"
            objs = [c for c in children(head) if c.dep_ == "dobj" and c.i != title.i]
            if objs:
                return objs[0], "named"
            if _passive(head):  # "X was named leader"
                subj, _ = _grammatical_subject(head)
                if subj is not None:
                    return resolve_relative(subj), "named"
        return None, ""

    # -- adjectives -------------------------------------------------------------------------------------
    def _adj(self, adj: Token, sent: Span) -> Frame:
        """ "a faction loyal to X", "X is affiliated with Y", "Y-linked militants": the holder is the noun or
        subject it describes."""
        lemma = adj.lower_ if adj.pos_ == "VERB" else adj.lemma_.lower()  # "linked", "backed" as adjectives
        f = Frame(pred=adj, lemma=lemma, kind="adj", sent=sent)
        f.negated = any(c.dep_ == "neg" for c in children(adj)) or any(
            c.dep_ == "neg" for c in children(adj.head)
        )
        head = adj.head
        if adj.dep_ in {"amod", "acl"} and head.i != adj.i:
            f.add(HOLDER, _expand([head]), adj.dep_)
        elif adj.dep_ in {"acomp", "attr", "oprd"} and head.pos_ in {"VERB", "AUX"}:
            subj, _ = _grammatical_subject(head)
            if subj is not None:
                f.add(HOLDER, _expand([subj]), "copula")
        elif adj.dep_ == "ROOT" or adj.pos_ == "VERB":
            subj, _ = _grammatical_subject(adj)
            if subj is not None:
                f.add(HOLDER, _expand([subj]), "subject")
        for c in children(adj):
            if c.dep_ in {"npadvmod", "compound", "nmod"} and c.pos_ == "PROPN" and c.i < adj.i:
                f.add(prep_role("by"), [c], "hyphen")  # "Iran-backed", "al-Qaeda-linked"
            elif c.dep_ == "prep":
                objs = [p for p in children(c) if p.dep_ == "pobj"]
                if objs:
                    f.add(prep_role(c.lower_), _expand(objs), "prep")
            elif c.dep_ == "agent":
                f.add(prep_role("by"), _expand(p for p in children(c) if p.dep_ == "pobj"), "by")
        return f


def _name_before(as_tok: Token) -> Token | None:
    """The name that ends just before "as" (over one comma: "Y, better known as Z, as his deputy"), as the head of
    its compound chain."""
    if as_tok.i == 0:
        return None
    prev = as_tok.nbor(-1)
    comma = prev.text == "," and prev.i > 0
    if comma:
        prev = prev.nbor(-1)
    if prev.pos_ != "PROPN":
        return None
    while prev.dep_ in {"compound", "flat"} and prev.head.i > prev.i and prev.head.pos_ == "PROPN":
        prev = prev.head
    if comma:
        # "X, a son of Y, as …" / "X, better known as Y, as …": the name the aside describes
        a = prev
        for _ in range(6):
            if a.dep_ in {"appos", "acl", "relcl"} and a.head.pos_ in {"PROPN", "NOUN"}:
                return a.head if a.head.pos_ == "PROPN" else None
            if a.dep_ not in {"pobj", "prep", "advmod", "compound"} or a.head.i == a.i:
                break
            a = a.head
    return prev


def _apposed_after(title: Token) -> Token | None:
    """A name set off by commas after a title that the parser hung elsewhere: on the title's own "of"/"for"
    object ("the leader of the TTP, X," parsed as X in apposition to the TTP) or on the verb ("headed by its
    emir, X")."""
    for c in children(title):
        if c.dep_ == "prep" and c.lower_ in {"of", "for"}:
            for p in children(c):
                for a in children(p):
                    if (
                        a.dep_ == "appos"
                        and a.pos_ == "PROPN"
                        and a.i > p.i
                        and a.nbor(-1).text != "("
                        and any(t.text == "," for t in a.doc[p.i + 1 : a.left_edge.i])
                    ):
                        # not "Tehreek-e-Taliban Pakistan (TTP)": that is the name again; nor "the armed group
                        # Carlos Patiño": the group's own name, with no comma before it
                        return a
    edge = title.right_edge.i
    doc = title.doc
    if edge + 2 >= len(doc) or doc[edge + 1].text != "," or doc[edge + 2].pos_ != "PROPN":
        return None
    name = doc[edge + 2]
    while name.dep_ in {"compound", "flat"} and name.head.i > name.i and name.head.pos_ == "PROPN":
        name = name.head
    if name.dep_ in {"npadvmod", "appos", "dep", "attr", "oprd"} and name.head.i != title.i:
        ancestors = {a.i for a in title.ancestors}
        if name.head.i in ancestors:
            return name
    return None


def frames_of(doc: Doc, builder: FrameBuilder) -> list[Frame]:
    """The frames of a Doc, built once and kept on it (events, relations and attribution all read them)."""
    cached = doc.user_data.get("khabar_frames")
    if isinstance(cached, list):
        return cached
    frames = builder.build(doc)
    doc.user_data["khabar_frames"] = frames
    return frames
