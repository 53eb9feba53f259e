"""*Why* answers ("why did X attack Y", "why does X hate Y"): the sentences that give reasons, ranked.

Candidates are the sentences of documents that name both sides. A sentence ranks by naming Y, naming X (or
following a sentence that does and going on with "it"/"they"), being the evidence of a hostility fact between
them, BM25 against the question, and above all by causal cues: "because", "the answer lies in", "referring
to", "blood of ... on its hands", "enemies", "thwarted", "in retaliation", ... X's family (its parent and its
branches) counts as X: a branch's motives are often stated of the movement it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Connection, or_, select

from khabar.explain.answer import Answer, AnswerBuilder
from khabar.explain.events import describe_event
from khabar.explain.facts import Names
from khabar.explain.question import Question
from khabar.explain.search import Hit, document_sentences, has_fts, mentions_in, search, words
from khabar.query.lookup import evidence_for_many, list_events
from khabar.store import schema as t
from khabar.store.portable import bytewise

__all__ = ["answer_why", "CAUSAL_CUES", "cue_score", "family"]

# (pattern, weight): strong cues state a reason; weak ones hint at one.
CAUSAL_CUES: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(p, re.I), w)
    for p, w in (
        (r"\bbecause\b", 2.0),
        (r"\bthe answer lies\b", 2.0),
        (r"\breferring to\b", 2.0),
        (r"\bblood of\b.{0,40}\bon (?:its|their|his|her) hands\b", 2.0),
        (r"\benem(?:y|ies)\b", 2.0),
        (r"\bthwart\w*", 2.0),
        (r"\bhat(?:e|es|ed|red)\b", 2.0),
        (r"\b(?:revenge|avenge\w*|retaliat\w*|in response to|in return for)\b", 2.0),
        (r"\bin (?:solidarity|sympathy) with\b|\bon behalf of\b", 2.0),
        (r"\b(?:due to|owing to|as a result of|the reasons?\b|reason (?:is|was)|motiv\w*|why)\b", 1.5),
        (r"\b(?:grievances?|accus\w+|blam\w+|punish\w*|oppress\w*|persecut\w*)\b", 1.5),
        (r"\b(?:crusaders?|infidels?|apostates?|rejectionists?|disbelievers?|kafirs?)\b", 1.0),
        (r"\b(?:ambitions?|interventions?|interven\w+|backed|backing|support(?:ed|ing)? for)\b", 1.0),
        (r"\b(?:so that|in order to|aim(?:s|ed)? to|seeks? to|wants? to|wanted to)\b", 0.5),
    )
)
_POINTER = re.compile(
    r"\b(?:the answer lies in|the reason (?:is|was|lies)|this is because|it all goes back to)\b", re.I
)
_PRONOUN_START = re.compile(r"^\W*(?:it|its|they|their|the group|the organi[sz]ation|he|his)\b", re.I)
_HOSTILE = ("hostile_to", "rival_of")
_STOP = set(
    [
        "why",
        "did",
        "does",
        "do",
        "has",
        "have",
        "is",
        "was",
        "are",
        "were",
        "would",
        "might",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "its",
        "it",
        "their",
        "they",
        "so",
        "much",
        "attack",
        "attacked",
        "hate",
        "hates",
    ]
)


def cue_score(text: str) -> float:
    """How strongly a sentence states a reason (capped, so one cue-heavy sentence cannot swamp the rest)."""
    return min(4.0, sum(w for p, w in CAUSAL_CUES if p.search(text)))


def family(conn: Connection, ent: int) -> set[int]:
    """The entity, its parent(s) and its branches (one ``branch_of`` hop either way)."""
    q = select(t.relations.c.subject_id, t.relations.c.object_id).where(
        t.relations.c.type == "branch_of",
        or_(t.relations.c.subject_id == ent, t.relations.c.object_id == ent),
    )
    out = {ent}
    for r in conn.execute(q):
        out.update((r.subject_id, r.object_id))
    return out


def _shared_documents(conn: Connection, xs: set[int], ys: Sequence[int], limit: int = 150) -> list[str]:
    x_docs = select(t.mentions.c.document_id).where(t.mentions.c.entity_id.in_(xs))
    y_docs = select(t.mentions.c.document_id).where(t.mentions.c.entity_id.in_(list(ys)))
    q = (
        select(t.documents.c.id)
        .where(t.documents.c.id.in_(x_docs), t.documents.c.id.in_(y_docs))
        .order_by(bytewise(t.documents.c.published).desc().nulls_last(), bytewise(t.documents.c.id))
        .limit(limit)
    )
    return list(conn.execute(q).scalars())


def _hostility(conn: Connection, xs: set[int], ys: Sequence[int]) -> list[tuple[int, int, int, str]]:
    """(relation id, subject, object, type) of hostility facts between the two sides, either way round."""
    q = select(t.relations.c.id, t.relations.c.subject_id, t.relations.c.object_id, t.relations.c.type).where(
        t.relations.c.type.in_(_HOSTILE),
        or_(
            t.relations.c.subject_id.in_(xs) & t.relations.c.object_id.in_(list(ys)),
            t.relations.c.subject_id.in_(list(ys)) & t.relations.c.object_id.in_(xs),
        ),
    )
    return [(r.id, r.subject_id, r.object_id, r.type) for r in conn.execute(q)]


def _topic(q: Question, x: str, y: str) -> str:
    verb = q.verb or "oppose"
    if verb in {"hostile to", "at war with", "against", "enemies of", "an enemy of"} or verb.startswith(
        "be "
    ):
        verb = verb if verb.startswith("be ") else f"be {verb}"
    return f"why {x} would {verb} {y}"


def answer_why(
    conn: Connection, q: Question, b: AnswerBuilder, names: Names, xs: list[int], ys: list[int]
) -> Answer:
    x = xs[0]
    x_name, y_name = names.canonical(x), names.join([names.canonical(y) for y in ys])
    fam = family(conn, x)
    docs = _shared_documents(conn, fam, ys)
    if not docs:
        return b.none(_topic(q, x_name, y_name))
    sents = document_sentences(conn, docs)
    ms = mentions_in(conn, sents)
    pos = {(h.document, h.idx): h for h in sents}
    rel = _hostility(conn, fam, ys)
    rel_cites = evidence_for_many(conn, "relation", [r[0] for r in rel])
    rel_sentences = {(c.document, c.start) for cs in rel_cites.values() for c in cs}

    def names_side(h: Hit | None, side: set[int]) -> bool:
        return h is not None and any(m.entity in side for m in ms.get(h.id, []))

    yset = set(ys)
    scored: list[tuple[float, Hit]] = []
    follow: set[tuple[str, int]] = set()
    for h in sents:
        if h.text.rstrip().endswith("?"):
            continue  # a heading question is not an answer
        pointer = bool(_POINTER.search(h.text))
        if pointer:
            follow.update((h.document, h.idx + k) for k in (1, 2, 3))
        prev = pos.get((h.document, h.idx - 1))
        prev_q = prev is not None and prev.text.rstrip().endswith("?")
        goes_on = bool(_PRONOUN_START.search(h.text))  # "The group said the attacks were revenge for …"
        y_hit = names_side(h, yset) or ((prev_q or goes_on) and names_side(prev, yset))
        if not (y_hit or pointer):
            continue
        cue = cue_score(h.text)
        is_rel = (h.document, h.start) in rel_sentences
        if not (cue or is_rel):
            continue
        x_hit = names_side(h, fam) or (names_side(prev, fam) and (goes_on or prev_q))
        if not (x_hit or is_rel or (h.document, h.idx) in follow):
            continue  # a reason given for someone else
        scored.append((2.0 * y_hit + 1.5 * x_hit + cue + 3.0 * is_rel, h))
    # BM25 against the question's words, over the few sentences still in the running
    bm25 = _bm25(conn, q, [h.id for _, h in scored])
    scored = [
        (s + bm25.get(h.id, 0.0) + (1.0 if (h.document, h.idx) in follow else 0.0), h) for s, h in scored
    ]
    chosen = [h for s, h in sorted(scored, key=lambda p: (-p[0], p[1].id)) if s >= 4.5][:5]
    if not chosen and not rel:
        return b.none(_topic(q, x_name, y_name))

    for rid, subj, obj, rtype in rel[:2]:
        cites = rel_cites.get(rid, [])[:2]
        s_name, o_name = names.written(subj, cites), names.written(obj, cites)
        if subj != x and subj in fam and obj in yset:
            s_name = f"{x_name}'s {'parent' if _is_parent(conn, x, subj) else 'branch'}, {s_name},"
        verb = "is hostile to" if rtype == "hostile_to" else "is a rival of"
        b.add(f"{s_name} {verb} {o_name}.", cites)
    _attacks(conn, b, names, fam, ys)
    quoted = [
        h
        for h in sorted(chosen, key=lambda h: (h.published or "", h.document, h.idx))
        if not b.cited(h.citation())
    ]
    for i, h in enumerate(quoted):
        lead = "The sources give these reasons: " if i == 0 else ""
        b.add(f"{lead}\u201c{h.text.strip()}\u201d", [h.citation()])
    return b.build() if b else b.none(_topic(q, x_name, y_name))


def _is_parent(conn: Connection, child: int, parent: int) -> bool:
    return (
        conn.execute(
            select(t.relations.c.id).where(
                t.relations.c.type == "branch_of",
                t.relations.c.subject_id == child,
                t.relations.c.object_id == parent,
            )
        ).first()
        is not None
    )


def _attacks(conn: Connection, b: AnswerBuilder, names: Names, fam: set[int], ys: list[int]) -> None:
    """X's attacks on Y, if the store has them: the event is part of the story (newest two)."""
    y_names = {names.canonical(y).lower() for y in ys}
    for x in sorted(fam):
        for ev in list_events(conn, actor=x, type_="attack", limit=50):
            roles = {n for role, n in ev.participants if role in ("perpetrator", "claimant")}
            on_y = (ev.country or "").lower() in y_names or any(
                n.lower() in y_names for role, n in ev.participants if role in ("target", "victim")
            )
            if not on_y or not roles:
                continue
            cites = evidence_for_many(conn, "event", [ev.id])[ev.id][:2]
            who = names.written(x, cites)
            if not any(who.lower() == r.lower() or names.canonical(x) == r for r in roles):
                continue
            b.add(f"{who} carried out {describe_event(ev)}.", cites)
            return


def _bm25(conn: Connection, q: Question, ids: list[int]) -> dict[int, float]:
    """A small bonus (0–1) for sentences that BM25 ranks high against the question's own words."""
    if not has_fts(conn) or not ids:
        return {}
    terms = [w for w in words(q.text) if w not in _STOP and len(w) > 2]
    terms += ["because", "enemies", "enemy", "hate", "reason", "revenge", "thwarted", "blood", "referring"]
    hits = search(conn, terms, within=ids, limit=50)
    if not hits:
        return {}
    top = max(h.score for h in hits) or 1.0
    return {h.id: max(0.0, h.score / top) for h in hits}
