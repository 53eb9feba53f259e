"""Relations read off frames by the frame lexicon's rules.

For each frame whose predicate a rule lists, the rule's subject and object roles are resolved to the document's
entities (pronouns, "the group", members of a named group: "fighters of X" stand for X), checked against the
rule's types, and emitted with the period the clause gives. One rule serves every wording the frame layer
normalises: "X leads Y", "Y is led by X", "X, who leads Y", "X, the leader of Y", "Y's leader X", "Y leader X",
"its leader is X", "Y named X its leader", "X was appointed as Y's leader".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import date

from spacy.tokens import Doc, Span, Token

from khabar.extract.actor_types import cues as actor_cues
from khabar.extract.coref import EntityIndex
from khabar.extract.dates import temporal_cue
from khabar.extract.doc_sents import children, token_view
from khabar.extract.frames.build import (
    NAMING_VERBS,
    conjuncts,
    main_verb_of_noun,
    resolve_relative,
    title_prefix,
)
from khabar.extract.frames.frame import HOLDER, OF, PATIENT, Frame, prep_role
from khabar.extract.frames.lexicon import Lexicon, RelationRule
from khabar.extract.ties import previous_subject
from khabar.model import DateValue

__all__ = ["FrameRelations", "MEMBER_NOUNS", "START_VERBS", "END_VERBS"]

# "fighters of X", "X militants", "militants from X": people who stand for their group in a relation
MEMBER_NOUNS = frozenset(
    {"fighter", "member", "militant", "soldier", "cadre", "operative", "loyalist", "supporter", "jihadist",
     "insurgent", "rebel", "guerrilla", "commander", "recruit", "follower", "men", "troop", "force", "unit",
     "rank", "ranks", "fold", "militia"}
)  # fmt: skip
START_VERBS = frozenset(
    {"appoint", "name", "elect", "choose", "select", "install", "become", "take_over", "assume", "succeed",
     "replace", "emerge", "rise", "nominate", "declare", "proclaim", "join", "pledge", "swear", "announce",
     "designate", "promote", "take"}
)  # fmt: skip
END_VERBS = frozenset(
    {"kill", "die", "assassinate", "execute", "behead", "slay", "eliminate", "neutralise", "neutralize",
     "remove", "sack", "oust", "depose", "dismiss", "fire", "resign", "quit", "step_down", "arrest", "capture"}
)  # fmt: skip
GROUP_WORDS = frozenset(
    {"group", "organisation", "organization", "outfit", "movement", "militia", "network", "faction", "force",
     "forces", "army", "front", "coalition", "alliance", "wing", "branch", "affiliate", "party", "brigade",
     "troops", "militias",
     "networks", "organisations", "organizations", "groups"}
)  # fmt: skip
ENDINGS = frozenset(
    {
        "death",
        "killing",
        "assassination",
        "execution",
        "arrest",
        "capture",
        "ouster",
        "removal",
        "resignation",
        "dismissal",
        "sacking",
        "demise",
    }
)
LED_VERBS = frozenset(
    {"lead", "assemble", "form", "head", "create", "build", "command", "found", "establish"}
)
FORMER = frozenset({"former", "ex", "late", "erstwhile", "slain", "deceased", "previous", "onetime", "then"})
DEPUTY_WORDS = frozenset({"deputy", "vice", "assistant", "second-in-command"})
# "political committee chief", "military commander": a chief of a part, not of the whole group
WHOLE_WORDS = frozenset(
    {"top", "supreme", "overall", "new", "current", "first", "founding", "former", "then", "late", "self",
     "self-declared", "self-styled", "acting", "interim", "de", "facto", "longtime", "long-time", "elusive",
     "ex", "slain", "deceased", "alleged", "reclusive", "one-eyed", "powerful", "notorious", "global", "senior",
     "sitting", "incumbent", "previous", "onetime", "erstwhile", "reputed", "purported", "so-called", "jihadist",
     "militant", "islamist", "terrorist", "rebel", "insurgent", "guerrilla", "new-look", "designated"}
)  # fmt: skip

Dated = list[tuple[int, int, DateValue]]


class FrameRelations:
    """Reads relations off one document's frames (used by ``RelationFinder``)."""

    def __init__(
        self,
        lex: Lexicon,
        index: EntityIndex,
        published: date | None,
        country_in_sentence: Callable[[Span, str | None, Token | None], str | None] | None = None,
        led_by: Callable[[str], str | None] | None = None,
        frames: list[Frame] | None = None,
        founded_by: Callable[[str], str | None] | None = None,
    ) -> None:
        self.founded_by = founded_by
        self.lex = lex
        self.index = index
        self.published = published
        self.country_in_sentence = country_in_sentence
        self.led_by = led_by
        # "its emir, X": a title stands for whoever holds it ("the TTP's leader ordered …" is X ordering)
        self._frames = frames or []
        self.holders: dict[int, list[Token]] = {
            f.pred.i: f.args[HOLDER] for f in frames or [] if f.kind == "noun" and f.args.get(HOLDER)
        }

    def read(
        self, frame: Frame, dates: Dated
    ) -> Iterator[tuple[str, str, str, tuple[DateValue | None, ...]]]:
        """(type, subject key, object key, (start, end, as_of)) for each relation the frame states."""
        if frame.negated or frame.irrealis:
            return
        named = frame.kind == "noun" and frame.pred.i in self.index.by_token
        rules = self.lex.relation_rules(frame.lemma, frame.kind)
        if (not named and not rules) or _no_longer(frame):
            return  # most frames: no rule for the word, so its clause is not read
        if named:
            # "the Islamic State West Africa Province": a word of a name, not a title said of someone; but "its
            # self-styled Sahel province", "the Islamic State's Sinai wilaya": the name's owner
            yield from self._owned_name(frame)
            return
        for rule in rules:
            if rule.patient_words and not self._patient_ok(frame, rule):
                continue
            rtype = self._qualified_type(frame, rule)
            if rtype is None:
                continue
            subjects = self._fill(frame, rule.subject, rule.subject_types, rule)
            wider = rule.org_type is not None or rule.promote_object
            objects = self._fill(
                frame, rule.object, rule.object_types | ({"organization"} if wider else set()), rule
            )
            if rule.promote_object:
                objects = [o for o in objects if self._promote(o)]
            if rule.symmetric and not objects and len(subjects) > 1:
                # "X and Y are rivals", "X and Y fought": each is the other's
                for i, a in enumerate(subjects):
                    for b in subjects[i + 1 :]:
                        yield rtype, a, b, (None, None, None)
                continue
            if not subjects:
                continue  # no relation to state: its period is not read (the objects were, for their types)
            period = self._period(frame, rule, dates)
            generic = any(_generic_group(t) for r in rule.object for t in frame.args.get(r, []))
            for s in subjects:
                founded = self.founded_by(s) if generic and self.founded_by is not None else None
                for o in [founded] if founded else objects:
                    if s == o:
                        continue
                    t = rtype
                    if rule.org_type and self.index.type_of(o) == "organization":
                        t = rule.org_type
                    yield t, s, o, period

    def _promote(self, key: str) -> bool:
        """An organization an armed group obeys is an armed group, unless it is a state body or an outlet."""
        ent = self.index.facts.entities[key]
        if ent.type != "organization":
            return True
        words = {w.lower() for w in ent.name.replace("-", " ").split()}
        actor = actor_cues()
        if words & (
            actor.media_words | {"ministry", "government", "police", "army", "navy", "court", "council"}
        ):
            return False
        ent.type = "armed_group"
        return True

    def _owned_name(self, frame: Frame) -> Iterator[tuple[str, str, str, tuple[DateValue | None, ...]]]:
        index = self.index
        branch = index.by_token[frame.pred.i]
        if index.type_of(branch) != "armed_group":
            return
        rules = [r for r in self.lex.relation_rules(frame.lemma, "noun") if r.type == "branch_of"]
        if not rules:
            return
        for o in frame.args.get(OF, []):
            if index.by_token.get(o.i) == branch:
                continue  # a word of the same name
            owner = index.entity_at(o)
            if owner is not None and owner != branch and index.type_of(owner) == "armed_group":
                yield "branch_of", branch, owner, (None, None, None)

    def succession(self, frame: Frame) -> tuple[list[str], list[str], list[tuple[str, str]]] | None:
        """(heirs, predecessors, [(relation type, group)] named with "as") of a succession frame: "X succeeded
        Y (as leader of Z)", "Y was replaced by X", "X, Y's successor", "named X as his successor"."""
        if frame.negated or frame.irrealis:
            return None
        lex = self.lex
        if frame.kind == "verb" and frame.lemma in lex.words("successions", "verbs"):
            heirs = self._people(frame, ("agent",))
            before = self._people(frame, (PATIENT,))
        elif frame.kind == "noun" and frame.lemma in lex.words("successions", "nouns"):
            heirs = self._people(frame, (HOLDER,))
            before = self._people(frame, (OF, prep_role("to")))
        else:
            return None
        if heirs and before and set(before) <= set(heirs):
            pron = next(
                (t for t in frame.args.get(PATIENT, []) + frame.args.get(OF, []) if t.pos_ == "PRON"), None
            )
            other = self.index.antecedent(pron, ("person",), exclude=set[str | None](heirs)) if pron else None
            before = [other] if other is not None else []
        if not heirs or not before:
            return None
        named: list[tuple[str, str]] = []
        for title in frame.args.get(prep_role("as"), []):
            for rule in lex.relation_rules(title.lemma_.lower(), "noun"):
                title_frame = next((f for f in self._frames if f.pred.i == title.i), None)
                if title_frame is None:
                    continue
                rtype = self._qualified_type(title_frame, rule)
                if rtype not in lex.words("successions", "roles"):
                    continue
                for org in self._fill(title_frame, rule.object, rule.object_types, rule):
                    named.append((rtype, org))
        return heirs, before, named

    def _people(self, frame: Frame, roles: tuple[str, ...]) -> list[str]:
        keys = [k for r in roles for t in frame.args.get(r, []) for k in self._entities(t, frame, r)]
        return [k for k in dict.fromkeys(keys) if self.index.type_of(k) == "person"]

    # -- roles to entities ------------------------------------------------------------------------------
    def _fill(
        self, frame: Frame, roles: tuple[str, ...], types: frozenset[str], rule: RelationRule
    ) -> list[str]:
        for role in roles:
            if role == "topic_group":
                key = self._topic_group(frame)
                if key is not None and self.index.type_of(key) in types:
                    return [key]
                continue
            if role == "country_in_sentence":
                holder = next(
                    (k for t in frame.args.get(HOLDER, []) for k in self._entities(t, frame, HOLDER)), None
                )
                key = (
                    self.country_in_sentence(frame.sent, holder, frame.pred)
                    if self.country_in_sentence
                    else None
                )
                if key is not None and self.index.type_of(key) in types:
                    return [key]
                continue
            keys = [k for t in self._role_tokens(frame, role, rule) for k in self._entities(t, frame, role)]
            keys = list(dict.fromkeys(k for k in keys if self.index.type_of(k) in types))
            if keys:
                return keys
        return []

    def _role_tokens(self, frame: Frame, role: str, rule: RelationRule) -> list[Token]:
        if role == "namer":
            return self._namer(frame)
        toks = list(frame.args.get(role, []))
        if rule.patient_words and role.startswith("prep:"):
            # "pledged allegiance to X": the preposition may hang on the verb or on the noun
            for p in frame.args.get(PATIENT, []):
                for c in children(p):
                    if c.dep_ == "prep" and prep_role(c.lower_) == role:
                        toks += [x for o in children(c) if o.dep_ == "pobj" for x in conjuncts(o)]
        if role == OF and frame.kind == "noun" and not toks and frame.pred.dep_ in {"compound", "nmod"}:
            # "the TTP commander-in-chief Hafiz X": a title inside a compound chain
            toks = [
                c for c in children(frame.pred.head) if c.dep_ in {"compound", "nmod"} and c.i < frame.pred.i
            ]
        return toks

    def _entities(self, tok: Token, frame: Frame, role: str, depth: int = 0) -> list[str]:
        index = self.index
        tok = resolve_relative(tok)
        if role == HOLDER and frame.kind == "noun" and tok.i == frame.pred.i:
            return []
        people = index.collective(tok)
        if people:
            return people
        if role in {HOLDER, "agent", PATIENT} or role.startswith("prep:"):
            group = self._members_group(tok)
            if group is not None:
                return [group]
        if role != OF and tok.i in self.holders and tok.i not in index.by_token and depth < 3:
            held = [
                k
                for h in self.holders[tok.i]
                if h.i != tok.i
                for k in self._entities(h, frame, HOLDER, depth + 1)
            ]
            if held:
                return held
        key = (self._group_named(tok) or index.entity_at(tok) or self._named(tok)) if role == OF else self._named(tok)
        if key is None and role == OF and tok.dep_ in {"compound", "nmod", "amod"}:
            key = index.by_token.get(tok.i)
        if key is not None and role == OF and tok.pos_ == "PRON":
            holders = {k for h in frame.args.get(HOLDER, []) for k in [index.entity_in(h)] if k}
            if key in holders:  # "X and Y are their enemies": "their" is never X or Y
                key = previous_subject(tok, index) or index.antecedent(
                    tok, (index.type_of(key),), exclude=set[str | None](holders)
                )
        if key is not None and role == OF and index.type_of(key) == "person" and self.led_by is not None:
            # "his deputy", "his spokesman": of the group that man leads
            key = self.led_by(key) or key
        if key is None and role == HOLDER and frame.kind == "noun":
            # "the TTP chief, Fazlullah" parses the name as the title's apposition: entity_in found it; a
            # title whose holder is itself a title ("X, the group's deputy leader")
            return []
        return [key] if key is not None else []

    def _group_named(self, tok: Token) -> str | None:
        """ "the armed group Franco Benavides": the name a group noun is given right there, before any group an
        anaphoric "the group" could mean."""
        if tok.lemma_.lower() in GROUP_WORDS:
            for c in children(tok):
                if c.dep_ == "appos" and (k := self.index.by_token.get(c.i)) is not None:
                    return k
        return None

    def _named(self, tok: Token) -> str | None:
        """The entity a noun phrase *is* (its own name, a pronoun, "the group", a name in apposition or
        "known as"), never one it merely mentions: "the Taliban's talks" is not the Taliban."""
        index = self.index
        key = self._group_named(tok) or index.entity_at(tok)
        if key is not None:
            return key
        for c in children(tok):
            if c.dep_ == "appos" and (k := index.by_token.get(c.i)) is not None:
                return k
            if c.dep_ in {"relcl", "acl"}:
                k = index.entity_in(tok)  # "…, known as X"
                if k is not None and k not in {
                    index.by_token.get(t.i) for t in children(tok) if t.dep_ == "poss"
                }:
                    return k
        if tok.dep_ == "appos" and (k := index.by_token.get(tok.head.i)) is not None:
            return k
        if tok.lemma_.lower() in GROUP_WORDS:  # "the militant group al-Shabaab", "the Jaish group"
            for c in children(tok):
                if c.dep_ in {"compound", "nmod", "amod"} and (k := index.by_token.get(c.i)) is not None:
                    return k
            for c in children(tok):  # "a coalition put together by Riyadh": the coalition's maker
                if c.dep_ == "acl" and c.lemma_.lower() in LED_VERBS:
                    for a in children(c):
                        if a.dep_ == "agent":
                            for p in children(a):
                                if p.dep_ == "pobj" and (k := index.entity_in(p)) is not None:
                                    return k
        return None

    def _topic_group(self, frame: Frame) -> str | None:
        """ "Khalid Batarfi then became the emir", "its new leader" where "its" is no group: the title of the
        group the text is about (the armed group last named or referred to, outside descriptions)."""
        title = frame.pred
        if frame.kind != "noun":
            return None
        copula = title.dep_ in {"attr", "oprd"} and title.head.lemma_.lower() in {"become", "be", "remain"}
        definite = any(c.lower_ in {"the", "its", "their"} for c in children(title))
        if not (copula or title.dep_ == "pobj") or not definite:
            return None
        return self.index.last_group(title, main_only=True)

    def _members_group(self, tok: Token) -> str | None:
        """ "fighters of X", "X fighters", "militants loyal to X": the group the people belong to."""
        if tok.lemma_.lower() not in MEMBER_NOUNS or tok.i in self.index.by_token:
            return None
        for c in children(tok):
            if c.dep_ == "prep" and c.lower_ in {"of", "from"}:
                for p in children(c):
                    if p.dep_ == "pobj":
                        key = self.index.entity_in(p)
                        if key is not None and self.index.type_of(key) == "armed_group":
                            return key
            if c.dep_ in {"compound", "nmod", "amod", "poss"}:
                key = self.index.by_token.get(c.i) or (self.index.entity_at(c) if c.dep_ == "poss" else None)
                if key is not None and self.index.type_of(key) == "armed_group":
                    return key
            if c.dep_ in {"amod", "acl"} and c.lower_ in {
                "loyal",
                "allied",
                "aligned",
                "linked",
                "affiliated",
            }:
                # "forces loyal to President X": they stand for whom they are loyal to
                for prep in children(c):
                    if prep.dep_ == "prep" and prep.lower_ in {"to", "with"}:
                        for p in children(prep):
                            key = self.index.entity_in(p) if p.dep_ == "pobj" else None
                            if key is not None and self.index.type_of(key) in {
                                "armed_group",
                                "person",
                                "country",
                            }:
                                return key
        return None

    @staticmethod
    def _namer(frame: Frame) -> list[Token]:
        """ "The TTP named a new leader, X" / "IS appointed X as governor": the appointing group owns the post."""
        t = frame.pred
        if t.dep_ == "pobj" and t.head.lower_ == "as":
            t = t.head
        verb = t.head
        if (
            t.dep_ in {"dobj", "prep", "oprd", "xcomp", "ccomp", "attr"}
            and verb.lemma_.lower() in NAMING_VERBS
        ):
            subj = next((c for c in children(verb) if c.dep_ == "nsubj"), None)
            if subj is not None:
                return conjuncts(resolve_relative(subj))
            agent = next((c for c in children(verb) if c.dep_ == "agent"), None)
            if agent is not None:
                return [p for p in children(agent) if p.dep_ == "pobj"]
        return []

    def _patient_ok(self, frame: Frame, rule: RelationRule) -> bool:
        return any(p.lemma_.lower() in rule.patient_words for p in frame.args.get(PATIENT, []))

    @staticmethod
    def _qualified_type(frame: Frame, rule: RelationRule) -> str | None:
        """A title's modifiers change what it says: "deputy leader" (deputy_of), "co-founder" and "military
        commander" (a member: the chief of a part, not of the whole)."""
        title = frame.pred
        if (
            frame.kind == "noun"
            and title.i >= 2
            and title.nbor(-1).text == "-"
            and title.nbor(-2).lower_ == "co"
        ):
            return "member_of"  # "a co-founder", "a co-leader": one of several
        if frame.kind != "noun" or rule.type not in {"leader_of", "deputy_of"}:
            return rule.type
        prefix = title_prefix(frame.lemma, title)
        modifiers = [
            c
            for c in children(title)
            if c.dep_ in {"amod", "compound", "nmod"} and (prefix is None or c.i != prefix.i)
        ]
        if any(m.lower_ in DEPUTY_WORDS for m in modifiers):
            return "deputy_of"  # "deputy leader", "Vice President", "Deputy Prime Minister"
        mods = [
            c
            for c in modifiers
            if c.pos_ in {"NOUN", "ADJ"}
            and not c.text[:1].isupper()
        ]  # fmt: skip (a demonym or a name is whose title it is, not a part of the group)
        if rule.type == "leader_of" and any(m.lower_ not in WHOLE_WORDS for m in mods):
            return "member_of"
        return rule.type

    # -- periods ----------------------------------------------------------------------------------------
    def _period(self, frame: Frame, rule: RelationRule, dates: Dated) -> tuple[DateValue | None, ...]:
        if rule.period == "none":
            return (None, None, None)
        gov = self._governing_verb(frame)
        start = end = as_of = None
        if gov is not None:
            repaired = gov.dep_ == "acl" and (m := main_verb_of_noun(gov.head)) is not None and m.i == gov.i
            clause = _clause_tokens(gov.head if repaired else gov)
            own = [(s, v) for s, _e, v in dates if s in clause]
            marked = {s: _marker(gov.doc, s) for s, _v in own}
            since = next((v for s, v in own if marked[s] in {"since", "from"}), None)
            until = next((v for s, v in own if marked[s] in {"until", "till"}), None)
            plain = next((v for s, v in own if marked[s] is None), None)
            lemma = gov.lemma_.lower()
            if rule.period == "start" or lemma in START_VERBS:
                start = since or plain or _after_clause_date(gov, dates)
            elif lemma in END_VERBS and _holder_is_patient(frame, gov):
                end = plain
            else:
                start = since
            end = end or until or self._until_death(frame, dates)
        cues = {temporal_cue(t.text) for t in frame.sent[:4]} | {
            temporal_cue(t.text) for t in frame.pred.subtree if t.dep_ in {"amod", "advmod"}
        }
        cues |= {
            temporal_cue(c.text) for c in (children(gov) if gov is not None else []) if c.dep_ == "advmod"
        }
        if end is None and "current" in cues and self.published is not None:
            as_of = DateValue(self.published.isoformat(), "day", text="currently")
        return (start, end, as_of)

    def _until_death(self, frame: Frame, dates: Dated) -> DateValue | None:
        """ "… until his death in 2019", "until his killing in May 2016": the holder's role ended then."""
        holders = {
            k for r in (HOLDER, "agent") for t in frame.args.get(r, []) for k in self._entities(t, frame, r)
        }
        view = token_view(frame.sent.doc)
        for i in range(frame.sent.start, frame.sent.end):
            if view.lower[i] not in ENDINGS:
                continue
            t = view.tokens[i]
            if not any(a.lower_ in {"until", "till"} for a in t.ancestors):
                continue
            poss = next((c for c in children(t) if c.dep_ == "poss"), None)
            if poss is not None and self.index.entity_at(poss) in holders:
                return next((v for s, _e, v in dates if s >= t.idx), None)
        return None

    @staticmethod
    def _governing_verb(frame: Frame) -> Token | None:
        if frame.kind == "verb":
            return frame.pred
        t = frame.pred
        for _ in range(4):
            if t.pos_ in {"VERB", "AUX"}:
                return t
            if t.head.i == t.i:
                return main_verb_of_noun(t)
            if t.dep_ in {"appos", "compound", "nmod"}:
                return None  # an apposition or a name's title is not dated by the verb of its clause
            t = t.head
        return None


def _after_clause_date(verb: Token, dates: Dated) -> DateValue | None:
    """ "After X was killed in June 2018, Y took over": what starts right after a dated event starts then."""
    for c in children(verb):
        after = (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"after", "following", "when", "once"}
                                           for m in children(c))) or (
            c.dep_ == "prep" and c.lower_ in {"after", "following"}
        )  # fmt: skip
        if after:
            own = {t.idx for t in c.subtree}
            found = next((v for s, _e, v in dates if s in own), None)
            if found is not None:
                return found
    return None


def _no_longer(frame: Frame) -> bool:
    """ "X is no longer the leader": the role is over, not current."""
    verb = frame.pred if frame.kind == "verb" else frame.pred.head
    return any(c.lower_ == "longer" and any(g.lower_ == "no" for g in children(c)) for c in children(verb))


def _generic_group(tok: Token) -> bool:
    """ "the group", "this group": one named before; not "the armed group Franco Benavides", named right there."""
    return (
        tok.lemma_.lower() in GROUP_WORDS
        and any(c.lower_ in {"the", "this", "that"} for c in children(tok))
        and not any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in children(tok))
    )


def _clause_tokens(verb: Token) -> set[int]:
    """Character offsets of the tokens in ``verb``'s own clause (not its subordinate or relative clauses)."""
    out: set[int] = set()
    stack = [verb]
    while stack:
        t = stack.pop()
        out.add(t.idx)
        for c in children(t):
            if c.dep_ in {"relcl", "ccomp", "advcl", "conj", "parataxis", "acl"} and c.pos_ in {
                "VERB",
                "AUX",
            }:
                continue
            stack.append(c)
    return out


def _marker(doc: Doc, char: int) -> str | None:
    """The preposition just before a date ("since 2019", "until 2020"), if any."""
    view = token_view(doc)
    at = bisect_left(view.idx, char)
    if at == len(view.idx) or view.idx[at] != char:
        return None  # no token starts there
    tok = view.tokens[at]
    prev = tok.nbor(-1) if tok.i > 0 else None
    if prev is not None and prev.lower_ in {"in", "on", "the"} and prev.i > 0:
        prev = prev.nbor(-1) if prev.nbor(-1).lower_ in {"since", "from", "until", "till"} else prev
    return prev.lower_ if prev is not None and prev.lower_ in {"since", "from", "until", "till"} else None


def _holder_is_patient(frame: Frame, verb: Token) -> bool:
    """ "X, the leader of Y, was killed in 2016": the death ends the role it names."""
    if frame.kind == "verb":
        return False
    holder = frame.args.get(HOLDER, [])
    pats = [c for c in children(verb) if c.dep_ in {"nsubjpass", "dobj"}]
    if verb.lemma_.lower() in {"die", "resign", "quit", "step_down"}:
        pats = [c for c in children(verb) if c.dep_ == "nsubj"]
    ids = {t.i for p in pats for t in p.subtree}
    return frame.pred.i in ids or any(h.i in ids for h in holder)


def sentence_dates(sent: Span, found: list[tuple[int, int, DateValue]]) -> Dated:
    """Dates of a sentence as document character offsets."""
    return [(sent.start_char + s, sent.start_char + e, v) for s, e, v in found]
