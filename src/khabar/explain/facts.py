"""Graph facts an answer is made of, each with the sentences behind it: display names, the places an actor
is most associated with, and who led it (from ``leader_of`` facts, or from sentences when the graph has none).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from khabar.explain.search import Hit, entity_sentences, mentions_in, sentences, sentences_at
from khabar.model import norm_name
from khabar.query.dossier import Dossier, RelationLine
from khabar.query.lookup import Citation
from khabar.store import schema as t

__all__ = [
    "Names",
    "PlaceFact",
    "LeaderFact",
    "associated_places",
    "leader_facts",
    "FIRST_CUE",
    "CURRENT_CUE",
]

_LOCATIVE = re.compile(
    r"\b(?:in|at|across|inside|near|throughout|around|into|within|of|over|to)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
    re.I,
)
BASE_CUE = re.compile(
    r"\b((?:its|their|own)\s+(?:\w+\s+)?bases?|based (?:in|on|at|across|along)|headquarter\w*|stronghold\w*|"
    r"training (?:centres?|centers?|camps?)|hideouts?|active in|operat\w+ (?:in|from)|sanctuar\w+|"
    r"safe havens?)\b",
    re.I,
)
LEADER_CUE = re.compile(r"\b(leader|leaders|emir|amir|chief|head|led by|founder)\b", re.I)
FIRST_CUE = re.compile(r"\b(first|founding|founder|original|inaugural)\b", re.I)
CURRENT_CUE = re.compile(r"\b(current|currently|now|today|new|present|incumbent|succeeded|successor)\b", re.I)
_PRONOUN_START = re.compile(r"^\W*(it|its|the group|the organi[sz]ation|they|their)\b", re.I)
PLACE_TYPES = ("country", "location")
_BROKEN = re.compile(r"\w- | -\w")  # "IS- Khorasan": a spelling the text broke, not one to repeat


class Names:
    """How an answer writes an entity's name: as the cited sentence writes it where it does (the text's own
    spelling), else the commonest written form of the store's name, else the store's name."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._canon: dict[int, str] = {}
        self._norms: dict[int, set[str]] = {}
        self._type: dict[int, str] = {}
        self._doc: dict[str, list[tuple[int, int, int, str]]] = {}

    def norms(self, eid: int) -> set[str]:
        if eid not in self._norms:
            self._norms[eid] = set(
                self.conn.execute(select(t.aliases.c.norm).where(t.aliases.c.entity_id == eid)).scalars()
            )
        return self._norms[eid]

    def type(self, eid: int) -> str:
        if eid not in self._type:
            self.canonical(eid)
        return self._type.get(eid, "other")

    def canonical(self, eid: int) -> str:
        if eid not in self._canon:
            row = self.conn.execute(
                select(t.entities.c.name, t.entities.c.type).where(t.entities.c.id == eid)
            ).first()
            name = row.name if row else f"e{eid}"
            self._type[eid] = row.type if row else "other"
            key = norm_name(name)
            written = self.conn.execute(
                select(t.mentions.c.text, func.count().label("n"))
                .where(t.mentions.c.entity_id == eid)
                .group_by(t.mentions.c.text)
                .order_by(func.count().desc(), t.mentions.c.text)
                .limit(50)
            ).fetchall()
            same = [w.text for w in written if norm_name(w.text) == key]
            self._canon[eid] = same[0] if same else name
        return self._canon[eid]

    def in_document(self, doc: str) -> list[tuple[int, int, int, str]]:
        """(entity, start, end, text) of every mention in a document (cached: answers cite few documents)."""
        if doc not in self._doc:
            q = select(t.mentions.c.entity_id, t.mentions.c.start, t.mentions.c.end, t.mentions.c.text).where(
                t.mentions.c.document_id == doc
            )
            self._doc[doc] = [(r.entity_id, r.start, r.end, r.text) for r in self.conn.execute(q)]
        return self._doc[doc]

    def in_citation(self, eid: int, c: Citation) -> list[str]:
        """How the cited sentence writes ``eid`` (empty when it does not name it)."""
        return [
            m[3] for m in self.in_document(c.document) if m[0] == eid and m[1] >= c.start and m[2] <= c.end
        ]

    def naming(self, cites: list[Citation], eid: int | None, text_: str | None = None) -> list[Citation]:
        """The citations whose sentence names ``eid`` (or contains ``text_``); all of them if none does."""
        keep = [
            c
            for c in cites
            if (text_ and text_.lower() in c.text.lower()) or (eid is not None and self.in_citation(eid, c))
        ]
        return keep or cites

    def written(self, eid: int, cites: list[Citation]) -> str:
        """The longest name of ``eid`` that the cited sentences spell out (a name, not "it")."""
        best = ""
        norms = self.norms(eid)
        for c in cites[:4]:
            for text_ in self.in_citation(eid, c):
                if (
                    norm_name(text_) in norms
                    and len(text_) > len(best)
                    and text_[:1].isupper()
                    and not _BROKEN.search(text_)
                ):
                    best = text_
        return best or self.canonical(eid)

    def join(self, items: list[str]) -> str:
        items = list(dict.fromkeys(items))
        if len(items) <= 2:
            return " and ".join(items)
        return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass
class PlaceFact:
    entity: int
    weight: float
    based: bool  # a cited sentence says it is based / has camps / operates there
    citations: list[Citation] = field(default_factory=list)


def associated_places(conn: Connection, ent: int, *, exclude: set[int] | None = None) -> list[PlaceFact]:
    """The countries and regions named most often in the sentences that name ``ent``; a sentence saying it
    has a base, camps or operations there counts three times. Strong ones only (≥ half the top weight)."""
    exclude = exclude or set()
    es = entity_sentences(conn, [ent], max_documents=100)
    if not es:
        return []
    hits = _with_continuations(conn, sentences(conn, set(es)))
    ms = mentions_in(conn, list(hits.values()))
    weight: Counter[int] = Counter()
    cites: dict[int, list[tuple[int, Hit]]] = {}
    for sid, hit in hits.items():
        if hit.text.rstrip().endswith("?"):
            continue  # a headline question asserts nothing about where the group is
        bare = hit.text
        for m in ms.get(sid, []):  # "the Bamba camp": a place's own name is no cue
            bare = bare.replace(m.text, " ")
        based = bool(BASE_CUE.search(bare))
        # a place counts where something happens in it ("attacks in Kabul", "Kabul's security"), not where
        # help or a designation came from ("with help from the United States", "The United States designated")
        located = {
            m.entity
            for m in ms.get(sid, [])
            if m.type in PLACE_TYPES
            and m.entity not in exclude
            and (m.type != "country" or _LOCATIVE.search(hit.text[: max(0, m.start - hit.start)]))
        }
        for p in located:
            weight[p] += 3 if based else 1
            cites.setdefault(p, []).append((0 if based else 1, hit))
    if not weight:
        return []
    top = weight.most_common(1)[0][1]
    out: list[PlaceFact] = []
    for p, w in weight.most_common(3):
        if w < max(2, top / 2) and out:
            break
        ranked = sorted(cites[p], key=lambda x: (x[0], x[1].published or "", x[1].id))
        out.append(PlaceFact(p, w, ranked[0][0] == 0, [h.citation() for _, h in ranked[:2]]))
    return out


def _with_continuations(conn: Connection, hits: dict[int, Hit]) -> dict[int, Hit]:
    """The sentences plus each one right after that goes on about the same actor ("It has ...", "The group
    ..."): what a coreference-free reading of the text still knows is about it."""
    named = {(h.document, h.idx) for h in hits.values()}
    out = dict(hits)
    following = sentences_at(conn, {(doc, idx + 1) for doc, idx in named} - named)
    for h in following.values():
        if _PRONOUN_START.search(h.text):
            out[h.id] = h
    return out


@dataclass
class LeaderFact:
    """Someone named as leader (or deputy) of a group: from a ``leader_of`` fact, or from a sentence."""

    person: int
    name: str
    citations: list[Citation]
    start: str | None = None
    end: str | None = None
    ended: RelationLine | None = None  # the graph line, when the fact comes from the graph
    from_graph: bool = True
    first: bool = False  # a cited sentence calls them the first / founding leader
    current: bool = False  # a cited sentence says they lead it now
    position: tuple[str, int] = ("", 0)
    as_of: str | None = None  # a report said they led it on this date

    def display(self, names: Names) -> str:
        """The name as the cited sentence writes it (worked out only for the leaders an answer names)."""
        return names.written(self.person, self.citations) if self.from_graph else self.name

    @property
    def over(self) -> bool:
        """Their time is known to be over (an end date, or an event that ended it)."""
        return bool(self.end or (self.ended is not None and self.ended.ended is not None))


def _cue(pattern: re.Pattern[str], cites: list[Citation]) -> bool:
    return any(pattern.search(c.text) for c in cites)


def leader_facts(conn: Connection, d: Dossier, names: Names, rtype: str = "leader_of") -> list[LeaderFact]:
    """Post-holders of a group from the graph; when the graph names none, from sentences that name a
    person next to a word like "leader" or "emir" and the group in that sentence or the one before."""
    out = []
    for r in d.related(rtype, "in"):
        out.append(
            LeaderFact(
                r.other_id,
                r.other_name,
                r.citations,
                r.start,
                r.end,
                r,
                True,
                _cue(FIRST_CUE, r.citations),
                bool(r.as_of) or _cue(CURRENT_CUE, r.citations),
                _position(r.citations),
                r.as_of,
            )
        )
    if rtype == "leader_of" and not out:
        out = _leaders_from_text(conn, d.id)
    return out


def _position(cites: list[Citation]) -> tuple[str, int]:
    if not cites:
        return ("~", 0)
    c = min(cites, key=lambda c: (c.published or "~", c.start))
    return (c.published or "~", c.start)


_LEAD = r"(?:leader|emir|amir|chief|head|founder|commander-in-chief)"
_OWN_LEADER = re.compile(
    rf"\b(?:its|their|the group'?s?|the movement'?s?|the organi[sz]ation'?s?)\s+(?:\w+\s+){{0,2}}{_LEAD}\b"
    rf"|\b{_LEAD}s?\s+of\s+the\s+(?:group|movement|organi[sz]ation)\b"
    rf"|\b(?:is|was|are|were|has been)\s+led\s+by\b",
    re.I,
)


def _own_leader_cues(text_: str, written: list[str]) -> list[tuple[int, int]]:
    """Spans where the sentence speaks of the group's own leader: "its leader", "the group is led by",
    "leader of <group>", "<group>'s leader", "<group> chief" (``written``: how it names the group)."""
    spans = [(m.start(), m.end()) for m in _OWN_LEADER.finditer(text_)]
    for w in written:
        e = re.escape(w)
        for m in re.finditer(
            rf"\b{_LEAD}s?\s+of\s+(?:the\s+)?{e}|{e}(?:'s|\u2019s)?\s+(?:\w+\s+)?{_LEAD}\b", text_, re.I
        ):
            spans.append((m.start(), m.end()))
    return spans


def _leaders_from_text(conn: Connection, ent: int) -> list[LeaderFact]:
    es = entity_sentences(conn, [ent], max_documents=60)
    if not es:
        return []
    hits = sentences(conn, set(es))
    named_x = {(h.document, h.idx) for h in hits.values()}
    by_pos = {(h.document, h.idx): h for h in hits.values()}
    by_pos.update(sentences_at(conn, {(doc, idx + 1) for doc, idx in named_x} - named_x))
    cand = [
        h
        for (doc, idx), h in by_pos.items()
        if LEADER_CUE.search(h.text)
        and ((doc, idx) in named_x or ((doc, idx - 1) in named_x and _PRONOUN_START.search(h.text)))
    ]
    ms = mentions_in(conn, cand)
    found: dict[int, LeaderFact] = {}
    for h in cand:
        people = [m for m in ms.get(h.id, []) if m.type == "person" and m.entity != ent]
        written = [m.text for m in ms.get(h.id, []) if m.entity == ent]
        cues = [(h.start + a, h.start + b) for a, b in _own_leader_cues(h.text, written)]
        if not people or not cues:
            continue
        nearest = min(people, key=lambda m: min(_gap((m.start, m.start + len(m.text)), c) for c in cues))
        if nearest.entity in found:
            continue
        c = [h.citation()]
        found[nearest.entity] = LeaderFact(
            nearest.entity,
            nearest.text,
            c,
            from_graph=False,
            first=bool(FIRST_CUE.search(h.text)),
            current=bool(CURRENT_CUE.search(h.text)),
            position=_position(c),
        )
    return list(found.values())


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])
