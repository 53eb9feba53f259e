"""Graph facts an answer is made of, each with the sentences behind it: display names, the places an actor
is most associated with, and who led it (from ``leader_of`` facts, or from sentences when the graph has none).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from khabar.explain.roles import (
    GROUP_WORD,
    NameSpan,
    TextRole,
    bind_roles,
    gone_cue,
    text_roles,
)
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
    "Gone",
    "gone_from",
    "DEATH_WORDS",
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
WRITTEN_SAMPLE = 2000  # mentions read to find how the texts most often write a name


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
            # WRITTEN_SAMPLE of the entity's mentions (read along its index): all of them but in the largest stores
            sample = (
                select(t.mentions.c.text)
                .where(t.mentions.c.entity_id == eid)
                .limit(WRITTEN_SAMPLE)
                .subquery()
            )
            written = self.conn.execute(
                select(sample.c.text, func.count().label("n"))
                .group_by(sample.c.text)
                .order_by(func.count().desc(), sample.c.text)
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
        if self.type(eid) == "country" and best and best != self.canonical(eid):
            return self.canonical(eid)  # "Ostravian" is how a sentence says it; the answer names the country
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
class Gone:
    """A sentence saying someone is dead or out of a post ("X was killed", "the late X", "sacked X")."""

    word: str
    citation: Citation
    death: bool  # dead (out of every post), not only replaced in one


DEATH_WORDS = frozenset(
    [
        "killed",
        "slain",
        "assassinated",
        "executed",
        "martyred",
        "eliminated",
        "hanged",
        "died",
        "dead",
        "deceased",
        "late",
        "death",
        "killing",
        "assassination",
        "demise",
        "execution",
        "elimination",
        "martyrdom",
        "is",
        "dead",
        "was",
        "dead",
    ]
) | {"killed himself", "killed herself", "blew himself up", "is dead", "was dead"}


@dataclass
class LeaderFact:
    """Someone named as leader (or deputy, or founder) of a group: from a graph fact, or from a sentence."""

    person: int | None
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
    new: bool = False  # a source calls them the new leader / successor
    founder_only: bool = False  # cited only as the founder: founding is no proof of leading now
    gone: Gone | None = None  # a sentence says they are dead or out
    texts: set[str] = field(default_factory=set)  # how the sources write the name
    new_cites: list[Citation] = field(default_factory=list)  # sentences naming them the new holder

    def display(self, names: Names) -> str:
        """The name as the cited sentence writes it (worked out only for the leaders an answer names)."""
        if self.from_graph and self.person is not None:
            return names.written(self.person, self.citations)
        return self.name

    @property
    def over(self) -> bool:
        """Their time is known to be over (an end date, an event that ended it, a sentence saying so)."""
        return bool(
            self.end or (self.ended is not None and self.ended.ended is not None) or self.gone is not None
        )

    @property
    def end_date(self) -> str | None:
        if self.end:
            return self.end
        if self.ended is not None and self.ended.ended is not None and self.ended.ended.date:
            return self.ended.ended.date
        if self.gone is not None:
            return self.gone.citation.published
        return None


def _cue(pattern: re.Pattern[str], cites: list[Citation]) -> bool:
    return any(pattern.search(c.text) for c in cites)


def _citation_spans(names: Names, c: Citation) -> list[NameSpan]:
    """The stored mentions inside a cited sentence as name spans (sentence offsets)."""
    out = []
    for eid, a, b, text_ in names.in_document(c.document):
        if a >= c.start and b <= c.end:
            out.append(NameSpan(a - c.start, b - c.start, text_, eid, names.type(eid)))
    return sorted(out, key=lambda n: n.start)


def _bound_mods(
    names: Names, person: int, group_ids: set[int], cites: list[Citation]
) -> tuple[set[str], set[str]]:
    """(roles, modifiers) the cited sentences tie to ``person`` ("its new chief" → leader, new)."""
    roles: set[str] = set()
    mods: set[str] = set()
    for c in cites:
        spans = _citation_spans(names, c)
        groups: dict[int, list[NameSpan]] = {}
        for n in spans:
            if n.entity in group_ids:
                groups.setdefault(n.entity, []).append(n)
        for r in bind_roles(c.text, spans, groups):
            if r.holder.entity == person:
                roles.add(r.role)
                mods |= r.mods
    return roles, mods


def gone_from(
    conn: Connection, person_ids: list[int], group_ids: set[int], max_documents: int = 60
) -> dict[int, Gone]:
    """For each person: the first sentence saying they are dead (anywhere) or out of a post of these groups
    (a sentence naming the group, or going on about it)."""
    out: dict[int, Gone] = {}
    if not person_ids:
        return out
    es = entity_sentences(conn, person_ids, max_documents=max_documents)
    if not es:
        return out
    hits = sentences(conn, set(es))
    ms = mentions_in(conn, list(hits.values()))
    group_docs = (
        set(
            conn.execute(
                select(t.mentions.c.document_id).where(
                    t.mentions.c.entity_id.in_(sorted(group_ids)),
                    t.mentions.c.document_id.in_(sorted({h.document for h in hits.values()})),
                )
            ).scalars()
        )
        if group_ids
        else set()
    )
    for sid, h in sorted(hits.items(), key=lambda kv: (kv[1].published or "", kv[1].document, kv[1].idx)):
        mentioned = ms.get(sid, [])
        # the post is the group's where the sentence names it, or speaks of "the group" in a report about it
        names_group = any(m.entity in group_ids for m in mentioned) or (
            h.document in group_docs and bool(GROUP_WORD.search(h.text))
        )
        for m in mentioned:
            if m.entity not in es.get(sid, set()) or m.entity in out:
                continue
            word = gone_cue(h.text, (m.start - h.start, m.start - h.start + len(m.text)))
            if word is None:
                continue
            death = word in DEATH_WORDS
            if death or names_group:
                out[m.entity] = Gone(word, h.citation(), death)
    return out


def leader_facts(
    conn: Connection,
    d: Dossier,
    names: Names,
    rtype: str = "leader_of",
    *,
    extra_groups: set[int] | None = None,
    clause_words: list[str] | None = None,
) -> list[LeaderFact]:
    """Post-holders of a group: its graph facts, and the sentences that tie a person to one of its posts
    ("X as its new chief", "the group's leader, X"); each known to be over where the store says so (an end
    date, an event that ended it) or a sentence does ("X was killed", "his predecessor, X")."""
    role = {"leader_of": "leader", "deputy_of": "deputy"}.get(rtype, "leader")
    groups = {d.id} | (extra_groups or set())
    out: list[LeaderFact] = []
    for r in d.related(rtype, "in"):
        roles, mods = _bound_mods(names, r.other_id, groups, r.citations)
        bound = bool(roles)
        out.append(
            LeaderFact(
                r.other_id,
                r.other_name,
                r.citations,
                r.start,
                r.end,
                r,
                True,
                "first" in mods or (not bound and _cue(FIRST_CUE, r.citations)),
                bool(r.as_of) or "current" in mods or (not bound and _cue(CURRENT_CUE, r.citations)),
                _position(r.citations),
                r.as_of,
                new="new" in mods or "successor" in roles,
                founder_only=roles == {"founder"},
                texts={norm_name(r.other_name)},
            )
        )
    for tr in text_roles(conn, groups, roles=(role,), clause_words=clause_words or ()):
        _merge_text(out, tr, names)
    gone = gone_from(conn, [f.person for f in out if f.person is not None], groups)
    for f in out:
        if f.person is not None and f.person in gone:
            f.gone = gone[f.person]
        elif f.gone is None and not f.from_graph:
            for c in f.citations:
                at = c.text.find(f.name)
                word = gone_cue(c.text, (at, at + len(f.name))) if at >= 0 else None
                if word:
                    f.gone = Gone(word, c, word in DEATH_WORDS)
                    break
    return out


def _merge_text(out: list[LeaderFact], tr: TextRole, names: Names) -> None:
    """Fold a sentence's post-holder into the fact about the same person, or add it."""
    key = norm_name(tr.name)
    for f in out:
        same = (
            (tr.entity is not None and f.person == tr.entity)
            or key in f.texts
            or (f.person is not None and key in names.norms(f.person))
        )
        if same:
            if tr.citation not in f.citations and not f.from_graph:
                f.citations.append(tr.citation)
            if "new" in tr.mods and tr.citation not in f.new_cites:
                f.new_cites.append(tr.citation)
            f.new = f.new or "new" in tr.mods
            f.current = f.current or "current" in tr.mods
            f.first = f.first or "first" in tr.mods
            return
    c = [tr.citation]
    out.append(
        LeaderFact(
            tr.entity,
            tr.name,
            c,
            from_graph=False,
            first="first" in tr.mods,
            current="current" in tr.mods,
            position=_position(c),
            new="new" in tr.mods,
            founder_only=tr.role == "founder",
            texts={key},
            new_cites=list(c) if "new" in tr.mods else [],
        )
    )


def _position(cites: list[Citation]) -> tuple[str, int]:
    if not cites:
        return ("~", 0)
    c = min(cites, key=lambda c: (c.published or "~", c.start))
    return (c.published or "~", c.start)
