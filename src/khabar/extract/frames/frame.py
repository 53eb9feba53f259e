"""A frame: one predicate of a clause with its arguments, normalised over voice and clause structure.

"IS attacked the base", "the base was attacked by IS", "the base, which IS attacked", "IS, which attacked the
base", "attacking the base, IS …" and "IS carried out an attack on the base" all give one frame: predicate
``attack`` with ``agent`` IS and ``patient`` the base. Extractors read facts off frames, so a new wording needs
a fix in one place, not in every extractor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

__all__ = ["Frame", "AGENT", "PATIENT", "RECIPIENT", "HOLDER", "OF", "ATTR", "COMP", "prep_role"]

# Roles. Verbs: agent (who does it), patient (to whom/what), recipient ("gave X to Y", "pledged allegiance to Y"
# keeps its preposition: prep:to), attr (what the patient is made: "named X its leader"), comp (a clause it says
# or wants: "said that …", "wanted to capture …"). Nouns: holder (who bears the title or does the deed: "X, the
# leader of Y"), of (what the title belongs to: "Y's leader", "leader of Y", "Y commander"). Prepositional
# arguments keep their preposition as role: "prep:from", "prep:against".
AGENT = "agent"
PATIENT = "patient"
RECIPIENT = "recipient"
HOLDER = "holder"
OF = "of"
ATTR = "attr"
COMP = "comp"


def prep_role(prep: str) -> str:
    return f"prep:{prep.lower()}"


@dataclass
class Frame:
    """One predicate and its arguments. ``args`` maps a role to the head tokens filling it, coordination
    expanded ("A, B and C were drawn into its ranks": three patients) and relative pronouns replaced by the noun
    they stand for."""

    pred: Token
    lemma: str  # the predicate's lemma, with a particle joined: "break_away", "take_over", "blow_up"
    kind: str  # verb | noun | adj
    sent: Span
    args: dict[str, list[Token]] = field(default_factory=dict)
    passive: bool = False
    negated: bool = False
    irrealis: bool = False  # wanted, planned, threatened, was to …: it did not (yet) happen
    light: Token | None = (
        None  # the support verb of a noun predicate: "carried out an attack", "is the leader"
    )
    how: dict[str, str] = field(default_factory=dict)  # role -> the construction that filled it (for tests)

    def first(self, role: str) -> Token | None:
        toks = self.args.get(role)
        return toks[0] if toks else None

    def add(self, role: str, toks: list[Token], how: str) -> None:
        have = self.args.setdefault(role, [])
        for t in toks:
            if all(t.i != h.i for h in have):
                have.append(t)
        self.how.setdefault(role, how)

    def __repr__(self) -> str:
        args = ", ".join(f"{r}={[t.text for t in ts]}" for r, ts in self.args.items())
        flags = "".join(
            f" {name}" for name, on in (("passive", self.passive), ("neg", self.negated), ("irrealis", self.irrealis))
            if on
        )  # fmt: skip
        return f"Frame({self.lemma}/{self.kind}{flags}: {args})"
