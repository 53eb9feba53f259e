"""Light coreference: which entity a token stands for, pronouns and "the group" included.

Rules in the spirit of Hobbs' algorithm, kept small: a possessive ("its leader") binds to the subject of its own
clause; a subject pronoun ("It has recruited…") continues the subject of the previous clause or sentence; else
"the group" and other pronouns take the nearest earlier mention of an agreeing type. Good enough for event and
relation arguments in news copy.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from khabar.extract.doc_sents import sentences
from khabar.extract.syntax import SAYING_LEMMAS
from khabar.model import DocFacts, LocalEntity, Place

__all__ = ["EntityIndex", "GROUP_NOUNS"]

SINGULAR_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "their", "them", "themselves"})
PERSON_PRONOUNS = frozenset({"he", "his", "him", "himself", "she", "her", "herself"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that", "whose"})
GROUP_NOUNS = frozenset(
    {
        "group", "organisation", "organization", "outfit", "faction", "network", "movement", "militants",
        "insurgents", "jihadists", "militia", "branch", "affiliate", "insurgency", "rebels",
    }
)  # fmt: skip
COLLECTIVES = frozenset({"both", "all", "each"})
GENERIC_GROUP_NOUNS = frozenset({"group", "organisation", "organization", "outfit", "militants", "insurgents",
                                 "jihadists", "insurgency", "rebels"})  # fmt: skip
PAIR_NOUNS = frozenset(
    {"group", "side", "faction", "organisation", "organization", "movement", "militia", "rival"}
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# who is told something ("told AFP", "said to Reuters", "informed the court"): the audience of a statement
TELLING_LEMMAS = frozenset({"tell", "inform", "brief"})
_TO_AUDIENCE = SAYING_LEMMAS | TELLING_LEMMAS  # "said to Reuters", "told to the court"
# what is done to a place: "stormed it", "occupied it", "took it back"
PLACE_TAKING_VERBS = frozenset(
    {"occupy", "storm", "capture", "seize", "overrun", "recapture", "retake", "take", "enter", "raid", "control",
     "hold", "loot", "torch", "burn", "shell", "bomb"}
)  # fmt: skip
GROUP_TYPES = ("armed_group", "organization", "country")
MAX_SENTENCE_DISTANCE = 3


class EntityIndex:
    """Maps tokens of one document to its local entity keys, resolving pronouns on request.

    Built once per document (``EntityIndex.of``) after the mentions are found, and shared by the event and
    relation extractors."""

    @classmethod
    def of(cls, doc: Doc, facts: DocFacts) -> EntityIndex:
        index = doc.user_data.get("khabar_index")
        if not isinstance(index, cls) or index.facts is not facts or index.n_mentions != len(facts.mentions):
            index = cls(doc, facts)
            doc.user_data["khabar_index"] = index
        return index

    def __init__(self, doc: Doc, facts: DocFacts) -> None:
        self.doc = doc
        self.facts = facts
        self.n_mentions = len(facts.mentions)
        self.by_token: dict[int, str] = {}
        self.spans: dict[str, list[Span]] = {}
        self._starts: list[int] = []
        self._keys: list[str] = []
        for m in sorted(facts.mentions, key=lambda m: m.start):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.by_token[i] = m.entity
            self.spans.setdefault(m.entity, []).append(span)
            if _audience(span.root):
                continue  # "… a police chief told AFP. They then …": who was told is never what "they" is
            self._starts.append(span.start)
            self._keys.append(m.entity)
        self.sentences = sentences(doc)
        self._sent_of_token = {i: n for n, s in enumerate(self.sentences) for i in range(s.start, s.end)}

    def sent_of(self, token: Token) -> Span:
        """``token.sent`` without spaCy's walk over the whole document on every call."""
        return self.sentences[self._sent_of_token.get(token.i, 0)]

    def previous_sentence(self, token: Token) -> Span | None:
        """The sentence before ``token``'s, or None at the start of the document."""
        n = self._sent_of_token.get(token.i, 0)
        return self.sentences[n - 1] if n > 0 else None

    def previous_root_subject(self, token: Token) -> Token | None:
        """The subject of the main clause of the sentence before ``token``'s: what that sentence was about."""
        prev = self.previous_sentence(token)
        return (
            next((c for c in prev.root.children if c.dep_ in SUBJECT_DEPS), None)
            if prev is not None
            else None
        )

    def type_of(self, key: str) -> str:
        return self.facts.entities[key].type

    # -- what a token names -----------------------------------------------------------------------------
    def entity_at(self, token: Token, _depth: int = 0) -> str | None:
        """The entity this token names, or the antecedent of a pronoun / "the group"."""
        key = self.by_token.get(token.i)
        if key is not None or _depth > 8:
            return key
        low = token.lower_
        if low in SINGULAR_PRONOUNS and token.dep_ == "dobj" and token.head.lemma_.lower() in PLACE_TAKING_VERBS:
            # "gunmen stormed the base and occupied it": a place or a building taken, never the group taking it
            return self._pronoun(token, ("location", "facility", "country"), _depth)
        if low in SINGULAR_PRONOUNS:
            return self._pronoun(token, GROUP_TYPES, _depth)
        if low in PLURAL_PRONOUNS:
            if token.dep_ in SUBJECT_DEPS and self._plural_people_before(token):
                return None  # "ten gunmen attacked … they killed 166": the gunmen, whom no name stands for
            return self._pronoun(token, GROUP_TYPES, _depth)
        if low in PERSON_PRONOUNS:
            return self._pronoun(token, ("person",), _depth)
        if low in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            noun = token.head.head
            key = self.entity_in(noun, _depth + 1)
            if low == "who" and (key is None or self.type_of(key) != "person"):
                # "X, a Tuareg who led Ansar Dine", "X, a former commander of al-Mourabitoun, who pledged…": X
                for a in (noun, *noun.ancestors):
                    if a.dep_ == "appos":
                        person = self.entity_in(a.head, _depth + 1)
                        if person is not None and self.type_of(person) == "person":
                            return person
                        break
            return key
        if low in GROUP_NOUNS and any(c.lower_ in {"the", "this", "that"} for c in token.children):
            # "the group": the group last named or referred to, passing over groups named only to describe
            # someone else ("X, the founder of the Macina Liberation Front")
            if low not in GENERIC_GROUP_NOUNS:  # "the network": the Haqqani Network, whatever was named since
                named = self._last_group_called(token, low)
                if named is not None:
                    return named
            if token.dep_ in SUBJECT_DEPS and not any(
                t.dep_ in SUBJECT_DEPS for t in self.sent_of(token) if t.i < token.i
            ):
                # "IS claimed the attack on Taliban forces. The militant group said …": a sentence opening on
                # "the group" continues the group the last sentence was about
                carried = self._previous_chain(token, _depth) or self._previous_subject(
                    token, ("armed_group",), _depth
                )
                if carried is not None:
                    return carried
            # "the IS declared the group its Sahel Province": an object is never its own clause's subject
            own = self._own_subjects(token, _depth)
            return self.last_group(token, _depth, main_only=True, exclude=own) or self.last_group(
                token, _depth, exclude=own
            )
        return None

    def _previous_chain(self, token: Token, depth: int) -> str | None:
        """The group the previous sentence itself called "the group" ("… declared the group its Sahel Province.
        The group operates …"): one chain of references outranks that sentence's subject."""
        prev = self.previous_sentence(token)
        if prev is None or depth > 4:
            return None
        for t in prev:
            if t.lower_ in GROUP_NOUNS and any(c.lower_ in {"the", "this", "that"} for c in t.children):
                key = self.entity_at(t, depth + 1)
                if key is not None and self.type_of(key) == "armed_group":
                    return key
        return None

    def _own_subjects(self, token: Token, depth: int) -> set[str]:
        if token.dep_ in SUBJECT_DEPS or depth > 4:
            return set()
        verb = token.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        return {
            k
            for c in verb.children
            if c.dep_ in SUBJECT_DEPS
            and c.i < token.i
            and (k := self.by_token.get(c.i) or (self.entity_at(c, depth + 2) if c.pos_ == "PRON" else None))
            is not None
        }  # "it has pledged allegiance to the group": "it" is not the group it pledged to

    def entity_in(self, token: Token, _depth: int = 0) -> str | None:
        """The entity a noun phrase headed at ``token`` refers to: its own name, the name it is "known as",
        a name in apposition, or a name modifying it ("IS-Khorasan militants" → IS-Khorasan)."""
        for child in token.children:
            if child.dep_ in {"relcl", "acl"}:  # "…, which came to be known as X", "affiliate, known as X"
                named = self._known_as(child)
                if named is not None:
                    return named
        key = self.entity_at(token, _depth)
        if key is not None:
            return key
        if token.dep_ == "appos" and token.head.i != token.i:  # "Baghdadi, the self-declared Khalifa, who…"
            key = self.by_token.get(token.head.i)
            if key is not None:
                return key
        for child in token.children:
            if child.dep_ == "appos":
                key = self.by_token.get(child.i)
                if key is not None:
                    return key
        found = [
            key
            for child in token.children
            if child.dep_ in {"compound", "poss", "nmod", "amod"}
            and (key := self.entity_at(child, _depth + 1)) is not None
        ]
        # "Nigeria's Boko Haram rebels": the group the people belong to, not the country they fight in
        actors = [k for k in found if self.type_of(k) in {"armed_group", "person"}]
        return (actors or found)[0] if found else None

    def _known_as(self, relcl: Token) -> str | None:
        """ "…, which came to be known as X" / "… called X": the noun phrase is X."""
        for t in relcl.subtree:
            if t.dep_ == "pobj" and t.head.lower_ == "as" and t.head.head.lemma_ in {"know", "call", "name"}:
                return self.by_token.get(t.i)
            if t.dep_ == "oprd" and t.head.lemma_ in {"call", "name", "dub"}:
                return self.by_token.get(t.i)
        return None

    # -- pronouns ---------------------------------------------------------------------------------------
    def _pronoun(self, token: Token, types: tuple[str, ...], depth: int) -> str | None:
        if (
            token.dep_ == "poss"
            and token.head.dep_ == "conj"
            and token.i > 1
            and token.nbor(-1).lower_ == "and"
        ):
            # "allegiance to al-Qaeda and its leader": "its" is the name just before "and"
            joined = self.by_token.get(token.i - 2)
            if joined is not None and self.type_of(joined) in types:
                return joined
        if token.dep_ == "poss":
            bound = self._clause_subject(token, types, depth)
            if bound is not None:
                return bound
        if token.dep_ in SUBJECT_DEPS or (token.dep_ == "poss" and token.head.dep_ in SUBJECT_DEPS):
            carried = self._previous_subject(token, types, depth)
            if carried is not None:
                return carried
        return self.antecedent(token, types)

    def _plural_people_before(self, token: Token) -> bool:
        """Whether the previous sentence's subject is an unnamed plural ("ten gunmen", "the attackers")."""
        sent = self.sent_of(token)
        earlier = [t for t in sent[: token.i - sent.start] if t.dep_ in SUBJECT_DEPS]
        if earlier:
            # "they moved to a farm where they beheaded two more": the second "they" is the first's
            return any(t.lower_ in PLURAL_PRONOUNS and self._plural_people_before(t) for t in earlier)
        prev = self.previous_sentence(token)
        subjects = [self.previous_root_subject(token)]
        if prev is not None and prev.root.lemma_.lower() in SAYING_LEMMAS:
            # "'Gunmen raided the farms,' the police chief told AFP. They then …": what was said is about the gunmen
            subjects += [s for c in prev.root.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in SUBJECT_DEPS]
        return any(
            subj is not None
            and subj.tag_ == "NNS"
            and subj.i not in self.by_token
            and not any(t.i in self.by_token for t in subj.subtree)
            for subj in subjects
        )

    def _clause_subject(self, token: Token, types: tuple[str, ...], depth: int) -> str | None:
        verb = token.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS and token not in c.subtree:
                key = self.entity_in(c, depth + 1)
                if key is not None and self.type_of(key) in types:
                    return key
        return None

    def _previous_subject(self, token: Token, types: tuple[str, ...], depth: int) -> str | None:
        sent = self.sent_of(token)
        # an earlier clause of the same sentence ("The IS captured …, and it wanted …")
        for t in reversed(list(sent[: token.i - sent.start])):
            if (
                t.dep_ in SUBJECT_DEPS and t.head.dep_ != "relcl"
            ):  # "the Houthis, who control …": not the topic
                key = self.entity_in(t, depth + 1)
                if key is not None and self.type_of(key) in types:
                    return key
        prev = self.previous_sentence(token)
        if prev is None:
            return None
        root = prev.root
        for c in root.children:
            if c.dep_ in SUBJECT_DEPS:
                key = self.entity_in(c, depth + 1)
                if key is not None and self.type_of(key) in types:
                    return key
        if not any(c.dep_ in SUBJECT_DEPS for c in root.children):
            # the parser lost the subject ("Al-Shabaab pledged allegiance…" read as a noun phrase): a name that
            # opens the sentence, before any verb, is still its subject
            for t in prev:
                if t.pos_ in {"VERB", "AUX"}:
                    break
                key = self.by_token.get(t.i)
                if key is not None and self.type_of(key) in types:
                    return key
        return None

    def antecedent(
        self, token: Token, types: tuple[str, ...], exclude: set[str | None] | None = None
    ) -> str | None:
        """The nearest earlier mention of an agreeing type within a few sentences."""
        return next(
            (
                k
                for k in self._named_before(token)
                if self.type_of(k) in types and (exclude is None or k not in exclude)
            ),
            None,
        )

    def _named_before(self, token: Token, sentences: int = MAX_SENTENCE_DISTANCE) -> Iterator[str]:
        """The entities named before ``token``, nearest first, back to ``sentences`` sentences before its own."""
        sent_no = self._sent_of_token.get(token.i, 0)
        i = bisect.bisect_left(self._starts, token.i) - 1
        while i >= 0 and sent_no - self._sent_of_token.get(self._starts[i], 0) <= sentences:
            yield self._keys[i]
            i -= 1

    def _last_group_called(self, token: Token, noun: str) -> str | None:
        """The armed group last named whose own name ends in ``noun`` ("Haqqani Network" for "the network")."""
        for key in self._named_before(token, 3 * MAX_SENTENCE_DISTANCE):
            name = self.facts.entities[key].name.lower().split()
            if self.type_of(key) == "armed_group" and name and name[-1].rstrip("s") == noun.rstrip("s"):
                return key
        return None

    def last_group(
        self, token: Token, depth: int = 0, main_only: bool = False, exclude: set[str] | None = None
    ) -> str | None:
        """The armed group last named, or last referred to by "it"/"its"/"they" ("It pledged allegiance to
        al-Qaeda. Its first leader … Godane then led the group": "its" kept al-Shabaab in view)."""
        sent_no = self._sent_of_token.get(token.i, 0)
        for i in range(token.i - 1, -1, -1):
            if sent_no - self._sent_of_token.get(i, 0) > MAX_SENTENCE_DISTANCE:
                return None
            tok = self.doc[i]
            key = self.by_token.get(i)
            if key is None and depth < 6 and tok.lower_ in SINGULAR_PRONOUNS | PLURAL_PRONOUNS and _carries(tok):
                key = self.entity_at(tok, depth + 1)
            if key is None and depth < 4 and tok.lower_ in GROUP_NOUNS and tok.i != token.i:
                key = self.entity_at(tok, depth + 1)  # "… led the group … the group named X": one chain
            if key is not None and self.type_of(key) == "armed_group":
                if (main_only and _descriptive(tok)) or (exclude and key in exclude):
                    continue
                return key
        return None

    def country_key(self, place: Place, extractor: str) -> str:
        """The document's entity for a country named only by a demonym ("Syrian", "Russian authorities"),
        created when the text never names the country itself."""
        for k, e in self.facts.entities.items():
            if e.type == "country" and e.name == place.name:
                return k
        key = f"p:{place.geonameid}" if place.geonameid else f"p:{place.name.lower()}:country"
        self.facts.entities[key] = LocalEntity(key=key, name=place.name, type="country", aliases={place.name},
                                               place=place, extractor=extractor)  # fmt: skip
        return key

    def collective(self, token: Token) -> list[str]:
        """ "both", "all": the persons named earlier in the same sentence ("X and Y (both were killed)");
        "the two groups", "both sides": the last two armed groups named."""
        if (
            token.lemma_.lower() in PAIR_NOUNS
            and token.tag_ == "NNS"
            and any(c.lower_ in {"two", "both"} for c in token.children)
        ):
            return self._last_groups(token, 2)
        if token.lower_ not in COLLECTIVES:
            return []
        sent = self.sent_of(token)
        out: list[str] = []
        for t in sent[: token.i - sent.start]:
            key = self.by_token.get(t.i)
            if key is not None and self.type_of(key) == "person" and key not in out:
                out.append(key)
        return out[-2:] if token.lower_ == "both" else out

    def _last_groups(self, token: Token, n: int) -> list[str]:
        out: list[str] = []
        for key in self._named_before(token):
            if len(out) == n:
                break
            if self.type_of(key) == "armed_group" and key not in out:
                out.append(key)
        return out if len(out) == n else []

    def conjuncts(self, token: Token) -> list[Token]:
        """``token`` and the tokens conjoined with it ("LeT, JuD, the Haqqani Network and the IMU")."""
        out = [token]
        stack = [token]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ == "conj" and c not in out:
                    out.append(c)
                    stack.append(c)
        return out


def _audience(head: Token) -> bool:
    """Whether a name is the audience of a statement: the object of "told"/"informed" ("an official told AFP") or
    "to" after a saying verb ("said to Reuters"). A news agency told of a raid is named just before the pronouns
    that continue the raid's doers, and is never one of them."""
    if head.dep_ in {"dobj", "dative"}:
        return head.head.lemma_.lower() in TELLING_LEMMAS
    if head.dep_ == "pobj" and head.head.lower_ == "to":
        verb = head.head.head
        return verb.lemma_.lower() in _TO_AUDIENCE
    return False


CARRYING_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
QUOTE_MARKS = frozenset({"\u201c", "\u201d", '"'})


def _carries(pronoun: Token) -> bool:
    """Whether a pronoun carries a group's reference on to a later "the group": a subject or a possessive ("It
    pledged allegiance … Its leader …") outside a quotation. An object or a quoted pronoun is rarely the group:
    "We did it", "it was aimed at them", said by the group's spokesman, are the deed and its victims."""
    if pronoun.dep_ not in CARRYING_DEPS:
        return False
    marks = [t for t in pronoun.sent if t.i < pronoun.i and t.text in QUOTE_MARKS]
    opened = False
    for t in marks:
        opened = t.text == "\u201c" or (t.text == '"' and not opened)
    return not opened


def _descriptive(tok: Token) -> bool:
    """Whether a name sits in a phrase that describes someone else: an apposition, a relative clause, or the
    predicate of "Its armed wing is X"."""
    t = tok
    for _ in range(12):
        if t.dep_ in {"appos", "relcl"}:
            return True
        if t.dep_ == "attr" and any(
            c.dep_ in SUBJECT_DEPS and any(p.dep_ == "poss" for p in c.children) for c in t.head.children
        ):
            return True  # "Its armed wing is the Qassam Brigades": the sentence is about "its" owner
        if t.head.i == t.i:
            return False
        t = t.head
    return False
