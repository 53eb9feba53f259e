"""*Why* answers ("why did X attack Y", "why did X abduct the schoolboys", "why was Y targeted by X"): the
sentences that give X's reasons about Y, ranked.

Reasons are recognised by the motive lexicon (``data/motives.jsonl``: general discourse connectives and motive
words such as "because", "in retaliation for", "to avenge", "so that", "opposed to", never one article's
phrases). A sentence counts only when it is about the asked attacker and the asked target:

- X's side is X, its parent and branches, the people who lead or speak for it (leaders, deputies, members,
  spokesmen, whoever claimed the deed), and a sentence that goes on about them ("It also said …", "He
  noted that …");
- Y's side is Y by any alias, and, where Y is a deed ("the schoolboys", "the mall"), the reports of that event
  when they speak of the deed ("the abduction", "the act");
- a heading question ("Why Russia?") hands both sides to the sentences under it, and a stated reason hands
  them to the sentence that continues it in the same voice ("He said …. He noted that …").
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, or_, select

from khabar.explain.answer import Answer, AnswerBuilder
from khabar.explain.events import describe_event, match_events
from khabar.explain.facts import Names
from khabar.explain.motives import motive_lexicon
from khabar.explain.naming import GENERIC_WORDS, resolve_phrase
from khabar.explain.question import Question
from khabar.explain.search import (
    Hit,
    Mentioned,
    document_sentences,
    has_text_index,
    mentions_in,
    search,
    words,
)
from khabar.query.lookup import evidence_for_many, list_events, newest_documents
from khabar.store import schema as t

__all__ = ["answer_why", "cue_score", "family"]

_POINTER = re.compile(
    r"\b(?:the (?:main |real )?reasons? (?:is|was|lies|are)|this is because|that is why|which is why)\b", re.I
)
_GOES_ON = re.compile(
    r"^\W*(?:it|its|they|their|he|his|she|her|the (?:group|organi[sz]ation|movement|militants|militia|"
    r"insurgents|rebels|jihadists|fighters|outfit|network|spokesman|leader|commander))\b",
    re.I,
)
_SAME_VOICE = re.compile(
    r"^\W*(?:he|she|it|they|the (?:group|spokesman|leader|commander|statement|video|message))\s+(?:also\s+|further\s+|then\s+)?"
    r"(?:said|says|noted|notes|added|adds|stated|states|explained|explains|argued|argues|claimed|claims|"
    r"declared|declares|insisted|insists|warned|warns|vowed|vows|told|described|called|accused)\b",
    re.I,
)
_DEED_NOUNS = {
    "abduct": r"abductions?|kidnappings?|hostage-taking|seizure|invasion|raids?",
    "kill": r"killings?|executions?|beheadings?|assassinations?|murders?|massacres?",
    "attack": r"attacks?|bombings?|blasts?|explosions?|assaults?|raids?|strikes?|ambush(?:es)?|massacres?|"
    r"shootings?|siege|storming|invasion",
}
_DEED_VERB = {
    "abduct": r"abduct|kidnap|seiz|hostage|took hostage|take hostage",
    "kill": r"kill|execut|behead|assassinat|murder|massacr|shot|shoot",
}
_DEED_VERBS = (
    r"attack(?:ed|s|ing)?|bomb(?:ed|s|ing)?|struck|strik(?:e|es|ing)|raid(?:ed|s)?|storm(?:ed|s)?|"
    r"ambush(?:ed|es)?|abduct(?:ed|s|ing)?|kidnapp?(?:ed|s|ing)?|seiz(?:e|ed|es|ing)|kill(?:ed|s|ing)?|"
    r"execut(?:e|ed|es|ing)|behead(?:ed|s)?|assassinat(?:e|ed|es)|massacr(?:e|ed|es)|shot|shell(?:ed|s)?|"
    r"target(?:ed|s|ing)?|hit|burn(?:ed|t)?|destroy(?:ed|s)?|hijack(?:ed|s)?|besieg(?:e|ed)"
)
_DEED_ANY = r"acts?|operations?|incidents?|deeds?"


def _deed(verb: str, *, generic: bool = True) -> re.Pattern[str]:
    """How a report speaks of the deed: with ``generic``, any deed noun ("the abduction", "the act") or
    verb ("attacked the mall"); without, only the nouns of the asked kind of deed (what a motive word must
    not be mistaken for: "the invasion and abduction" is the deed, not its reason)."""
    if generic:
        nouns = "|".join(_DEED_NOUNS.values()) + "|" + _DEED_ANY
        return re.compile(
            rf"\b(?:(?:the|this|that|its|their|his|her|such)\s+(?:\w+\s+){{0,2}}(?:{nouns})|{_DEED_VERBS})\b",
            re.I,
        )
    family = next((k for k, v in _DEED_VERB.items() if re.match(v, verb or "", re.I)), "attack")
    return re.compile(
        rf"\b(?:the|this|that|its|their|his|her|such)\s+(?:\w+\s+){{0,2}}(?:{_DEED_NOUNS[family]})\b", re.I
    )


def _kind_words(conn: Connection, ys: set[int]) -> re.Pattern[str] | None:
    """ "the mall", "the college": how a report goes on to speak of a named place by its kind."""
    kinds: set[str] = set()
    for n in conn.execute(select(t.aliases.c.norm).where(t.aliases.c.entity_id.in_(sorted(ys)))).scalars():
        kinds |= {w for w in n.split() if w in GENERIC_WORDS}
    if not kinds:
        return None
    return re.compile(rf"\b(?:the|this|that)\s+(?:{'|'.join(sorted(kinds))})\b", re.I)


_BASE = {
    "struck": "strike",
    "hit": "hit",
    "shot": "shoot",
    "chose": "choose",
    "chosen": "choose",
    "took hostage": "take hostage",
    "singled out": "single out",
    "carried out": "carry out",
    "burnt": "burn",
    "fought": "fight",
    "besieged": "besiege",
    "seized": "seize",
    "executed": "execute",
    "massacred": "massacre",
    "assassinated": "assassinate",
    "captured": "capture",
    "rammed": "ram",
    "stabbed": "stab",
    "kidnapped": "kidnap",
}


def _base(verb: str) -> str:
    """The asked verb's plain form ("why would X attack Y", not "would X attacked Y")."""
    if verb in _BASE:
        return _BASE[verb]
    if verb.endswith("ed") and len(verb) > 4:
        return verb[:-2]
    return verb


_VOICE_CUE = re.compile(
    r"\b(?:claim\w*|responsib\w+|spokes(?:man|woman|person)|statement|video|audio|message|took credit)\b",
    re.I,
)
_HOSTILE = ("hostile_to", "rival_of")
_PEOPLE = ("leader_of", "deputy_of", "member_of")
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
_BM25_TERMS = [
    "because",
    "reason",
    "revenge",
    "retaliation",
    "response",
    "enemy",
    "enemies",
    "motive",
    "avenge",
]
_THRESHOLD = 4.5
_MAX_QUOTED = 5


def cue_score(text: str) -> float:
    """How strongly a sentence states a reason (the motive lexicon's weights, one per kind, capped)."""
    return motive_lexicon().score(text)


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


def _people(conn: Connection, groups: set[int]) -> set[int]:
    """Those who lead, deputise for or belong to the groups (their voice: a leader's or spokesman's reason
    is the group's reason)."""
    return set(
        conn.execute(
            select(t.relations.c.subject_id).where(
                t.relations.c.type.in_(_PEOPLE), t.relations.c.object_id.in_(sorted(groups))
            )
        ).scalars()
    )


def _shared_documents(conn: Connection, xs: set[int], ys: set[int], limit: int = 150) -> list[str]:
    """The newest documents naming both sides (a bounded query: ``lookup.newest_documents``)."""
    return newest_documents(conn, xs, limit, also=ys)


def _x_documents(conn: Connection, xs: set[int], docs: set[str]) -> set[str]:
    if not docs:
        return set()
    q = select(t.mentions.c.document_id).where(
        t.mentions.c.entity_id.in_(xs), t.mentions.c.document_id.in_(sorted(docs))
    )
    return set(conn.execute(q).scalars())


def _hostility(conn: Connection, xs: set[int], ys: set[int]) -> list[tuple[int, int, int, str]]:
    """(relation id, subject, object, type) of hostility facts between the two sides, either way round."""
    if not ys:
        return []
    q = select(t.relations.c.id, t.relations.c.subject_id, t.relations.c.object_id, t.relations.c.type).where(
        t.relations.c.type.in_(_HOSTILE),
        or_(
            t.relations.c.subject_id.in_(xs) & t.relations.c.object_id.in_(list(ys)),
            t.relations.c.subject_id.in_(list(ys)) & t.relations.c.object_id.in_(xs),
        ),
    )
    return [(r.id, r.subject_id, r.object_id, r.type) for r in conn.execute(q)]


def _topic(q: Question, x: str, y: str) -> str:
    verb = _base(q.verb or "oppose")
    if verb in {"hostile to", "at war with", "against", "enemies of", "an enemy of"} or verb.startswith(
        "be "
    ):
        verb = verb if verb.startswith("be ") else f"be {verb}"
    return f"why {x} would {verb} {y}"


def answer_why(conn: Connection, q: Question, b: AnswerBuilder, names: Names) -> Answer:
    xs = resolve_phrase(conn, q.subject) if q.subject else []
    if q.subject and not xs:
        return b.unknown(conn, q.subject)
    y_phrase = q.object or ""
    ys = set(resolve_phrase(conn, y_phrase)) if y_phrase else set()
    matched = match_events(conn, y_phrase, limit=4, spread=0.5) if y_phrase else []
    if xs:
        fam = family(conn, xs[0])
    else:  # "why was Y attacked?": the attacker is whoever the event names
        fam = set()
        for m in matched[:1]:
            fam |= {
                r
                for r in conn.execute(
                    select(t.event_participants.c.entity_id).where(
                        t.event_participants.c.event_id == m.event.id,
                        t.event_participants.c.role.in_(("perpetrator", "claimant", "agent")),
                        t.event_participants.c.entity_id.is_not(None),
                    )
                ).scalars()
            }
    x_name = names.canonical(xs[0]) if xs else names.join([names.canonical(x) for x in sorted(fam)][:2])
    y_name = names.join([names.canonical(y) for y in ys]) if ys else (y_phrase or "them")
    if not fam:
        return b.none(_topic(q, x_name or "the attackers", y_name))
    voices = fam | _people(conn, fam)
    event_docs = {c.document for m in matched for c in m.citations}
    docs = set(_shared_documents(conn, voices, ys)) if ys else set()
    docs |= _x_documents(conn, voices, event_docs)
    if not docs:
        return b.none(_topic(q, x_name, y_name))
    sents = document_sentences(conn, sorted(docs))
    ms = mentions_in(conn, sents)
    rel = _hostility(conn, fam, ys)
    rel_cites = evidence_for_many(conn, "relation", [r[0] for r in rel])
    rel_sentences = {(c.document, c.start) for cs in rel_cites.values() for c in cs}
    lex = motive_lexicon()
    voices |= _claimants(sents, ms, fam)
    deed, deed_noun = _deed(q.verb), _deed(q.verb, generic=False)
    # a deed spoken of ("the abduction") is the asked one in the reports of the event, or where Y is named;
    # so is Y spoken of by its kind ("the mall")
    deed_docs = event_docs | {h.document for h in sents if any(m.entity in ys for m in ms.get(h.id, []))}
    kind = _kind_words(conn, ys) if ys else None

    def names_side(h: Hit | None, side: set[int]) -> bool:
        return h is not None and any(m.entity in side for m in ms.get(h.id, []))

    scored: dict[int, float] = {}
    follow: set[tuple[str, int]] = set()
    pos = {(h.document, h.idx): h for h in sents}
    x_carry: dict[str, bool] = {}  # per document: does the current voice belong to X's side?
    for h in sents:
        doc = h.document
        if h.text.rstrip().endswith("?"):
            heading = h.text.strip().lower().startswith("why")
            if heading and (names_side(h, voices) or names_side(h, ys) or not ys):
                follow.update((doc, h.idx + k) for k in (1, 2, 3))
            continue  # a heading question is not an answer
        prev = pos.get((doc, h.idx - 1))
        prev_q = prev is not None and prev.text.rstrip().endswith("?")
        goes_on = bool(_GOES_ON.search(h.text))
        actors = [
            m for m in ms.get(h.id, []) if m.type in ("armed_group", "person", "organization", "country")
        ]
        x_named = names_side(h, voices)
        if x_named:
            x_carry[doc] = True
        elif actors and not goes_on:
            x_carry[doc] = False
        x_hit = x_named or ((goes_on or prev_q) and x_carry.get(doc, False))
        y_named = names_side(h, ys) or (
            doc in deed_docs and (bool(deed.search(h.text)) or bool(kind and kind.search(h.text)))
        )
        same_voice = bool(_SAME_VOICE.search(h.text)) and prev is not None and prev.id in scored
        y_hit = y_named or ((prev_q or goes_on) and names_side(prev, ys)) or same_voice
        if _POINTER.search(h.text):
            follow.update((doc, h.idx + k) for k in (1, 2, 3))
        in_follow = (doc, h.idx) in follow
        # neither a name nor the deed itself ("the invasion and abduction") is a motive word
        cue = lex.score(deed_noun.sub(lambda m: " " * len(m.group(0)), _masked(h, ms.get(h.id, []))))
        is_rel = (doc, h.start) in rel_sentences
        if not (cue or is_rel):
            continue
        if not (y_hit or in_follow or is_rel):
            continue
        if not (x_hit or is_rel or in_follow):
            continue  # a reason given for someone else
        score = 2.0 * (y_hit or in_follow) + 1.5 * (x_hit or in_follow) + cue + 3.0 * is_rel
        if score >= _THRESHOLD - 1.0:
            scored[h.id] = score + (1.0 if in_follow else 0.0)
    by_id = {h.id: h for h in sents}
    bm25 = _bm25(conn, q, list(scored))
    ranked = sorted(
        ((s + bm25.get(i, 0.0), by_id[i]) for i, s in scored.items()), key=lambda p: (-p[0], p[1].id)
    )
    chosen = [h for s, h in ranked if s >= _THRESHOLD][:_MAX_QUOTED]
    if not chosen and not rel:
        return b.none(_topic(q, x_name, y_name))

    x = xs[0] if xs else next(iter(fam))
    for rid, subj, obj, rtype in rel[:2]:
        cites = rel_cites.get(rid, [])[:2]
        s_name, o_name = names.written(subj, cites), names.written(obj, cites)
        if subj != x and subj in fam and obj in ys:
            s_name = f"{x_name}'s {'parent' if _is_parent(conn, x, subj) else 'branch'}, {s_name},"
        verb = "is hostile to" if rtype == "hostile_to" else "is a rival of"
        b.add(f"{s_name} {verb} {o_name}.", cites)
    if ys:
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


def _masked(h: Hit, mentioned: list[Mentioned]) -> str:
    """The sentence with its names blanked: a name is no motive word ("Boko Haram", "Crusaders FC")."""
    text_ = h.text
    for m in mentioned:
        a = m.start - h.start
        if 0 <= a < len(text_):
            text_ = text_[:a] + " " * len(m.text) + text_[a + len(m.text) :]
    return text_


def _claimants(sents: list[Hit], ms: dict[int, list[Mentioned]], fam: set[int]) -> set[int]:
    """People who claim a deed or lead in a report that names X's side: the group's voice there ("the video
    had its leader claim the abduction"), unless the sentence ties them to a group of another side."""
    docs_x = {h.document for h in sents if any(m.entity in fam for m in ms.get(h.id, []))}
    out: set[int] = set()
    for h in sents:
        if h.document not in docs_x or not _VOICE_CUE.search(h.text):
            continue
        mentioned = ms.get(h.id, [])
        other_groups = [m for m in mentioned if m.type == "armed_group" and m.entity not in fam]
        if other_groups:
            continue
        out |= {m.entity for m in mentioned if m.type == "person"}
    return out


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


def _attacks(conn: Connection, b: AnswerBuilder, names: Names, fam: set[int], ys: set[int]) -> None:
    """X's attacks on Y, if the store has them: the event is part of the story (the newest)."""
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
    if not has_text_index(conn) or not ids:
        return {}
    terms = [w for w in words(q.text) if w not in _STOP and len(w) > 2] + _BM25_TERMS
    hits = search(conn, terms, within=ids, limit=50)
    if not hits:
        return {}
    top = max(h.score for h in hits) or 1.0
    return {h.id: max(0.0, h.score / top) for h in hits}
