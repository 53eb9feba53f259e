"""``ask``: read the question, gather the graph facts and sentences it needs, write a cited answer.

Answers are composed, not generated: each sentence is a template filled from one fact of the store (a relation
with its period, an event with its figures) or a quoted sentence, and carries the citations of that fact.
Where the store holds nothing to go on, the answer says "khabar has no evidence about ..." and cites nothing.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

from khabar.explain.answer import Answer, AnswerBuilder, fmt_count_words, on_date, span_words
from khabar.explain.events import answer_casualties, answer_who_attacked, describe_event
from khabar.explain.facts import Names, associated_places, leader_facts
from khabar.explain.people import (
    answer_first_leader,
    answer_founder,
    answer_killer,
    answer_leaders,
    answer_successor,
    first_key,
    founding_from_text,
    pick_current,
)
from khabar.explain.places import answer_based, answer_what_happened
from khabar.explain.question import Question, entities_in, parse_question, resolve_phrase
from khabar.explain.search import Hit, entity_sentences, mentions_in, search, sentences, words
from khabar.explain.why import answer_why
from khabar.query.dossier import Dossier, RelationLine, dossier
from khabar.query.lookup import Citation

__all__ = ["ask"]

_ATTACK_TYPES = ("attack", "air_strike", "killing", "execution", "kidnapping")
_ACTING = ("perpetrator", "agent", "claimant")


def ask(conn: Connection, question: str) -> Answer:
    """Answer ``question`` from the store, every sentence cited; "no evidence" when there is none."""
    q = parse_question(question)
    b = AnswerBuilder(q.text, q.kind)
    names = Names(conn)
    if q.kind == "casualties":
        return answer_casualties(conn, q, b, names)
    if q.kind == "who_attacked":
        return answer_who_attacked(conn, q, b, names)
    if q.kind == "unknown":
        return _answer_unknown(conn, q, b)
    if q.kind == "killer":
        return answer_killer(conn, q, b, names)
    if q.kind == "successor":
        return answer_successor(conn, q, b, names)
    if q.kind == "what_happened":
        return answer_what_happened(conn, q, b, names)
    if q.kind == "why":
        return answer_why(conn, q, b, names)
    xs = resolve_phrase(conn, q.subject or "")
    if not xs:
        return b.unknown(conn, q.subject or "what this question asks")
    if q.kind == "founder":
        return answer_founder(conn, q, b, names, xs[0])
    if q.kind == "based":
        return answer_based(conn, q, b, names, xs[0])
    attacks = ["capture"] if q.verb == "capture" else list(_ATTACK_TYPES)
    wanted = {"what_is": ["founding"], "attacks": attacks}.get(q.kind, [])
    few = q.kind == "attacks" and not q.object  # the newest few; a target to filter on needs more
    d = dossier(
        conn,
        f"e{xs[0]}",
        events_limit=20 if few else 200,
        documents_limit=0,
        event_types=wanted,
        totals=False,  # an answer uses the facts, never the counts
    )
    if q.kind == "what_is":
        return _what_is(conn, d, b, names)
    if q.kind in ("leader", "deputy"):
        return answer_leaders(conn, q, d, b, names, xs)
    if q.kind == "first_leader":
        return answer_first_leader(conn, d, b, names)
    if q.kind == "attacks":
        return _attacks(conn, q, d, b, names)
    return b.none(q.subject or "this question")  # pragma: no cover - every kind is handled above


def _subject(d: Dossier, names: Names, first: bool, possessive: bool = False) -> str:
    """The entity's name in the first sentence, "It"/"Its" after (people keep their name)."""
    if first or d.type == "person":
        name = names.canonical(d.id)
        return f"{name}'s" if possessive else name
    return "Its" if possessive else "It"


def _lines(rel: list[RelationLine], limit: int = 3) -> list[RelationLine]:
    """The best-attested lines first (more citations), at most ``limit``."""
    return sorted(rel, key=lambda r: (-len(r.citations), r.other_name))[:limit]


def _cites(lines: list[RelationLine], per: int = 3) -> list[Citation]:
    return [c for line in lines for c in line.citations[:per]]


def _what_is(conn: Connection, d: Dossier, b: AnswerBuilder, names: Names) -> Answer:
    """Who or what X is: parent, allegiance, founding, where it is active, leader, rivals, allies."""
    claims: list[tuple[str, list[Citation]]] = []

    def add(template: str, lines: list[RelationLine]) -> None:
        lines = _lines(lines)
        if not lines:
            return
        cites = _cites(lines)
        others = [names.written(r.other_id, r.citations) for r in lines]
        claims.append((template.replace("{O}", names.join(others)), cites))

    add("{S} is a branch of {O}.", d.parents)
    if d.type == "person":
        for line in _lines(d.related("leader_of", "out")):
            claims.append(
                (
                    f"{{S}} {_led(line)} {names.written(line.other_id, line.citations)}{_period(line)}.",
                    line.citations[:3],
                )
            )
        add("{S} is a deputy of {O}.", d.related("deputy_of", "out"))
        add("{S} is a member of {O}.", d.related("member_of", "out"))
    add("{S} pledged allegiance to {O}.", d.related("allegiance_to", "out"))
    founding = sorted(
        (e for e in d.events if e.event.type == "founding" and e.event.date_start and "agent" in e.roles),
        key=lambda e: e.event.date_start or "",
    )
    if founding:
        ev = founding[0].event
        where = f" in {ev.place or ev.country}" if (ev.place or ev.country) else ""
        claims.append((f"{{S}} was founded{where} {on_date(ev.date_start)}.", founding[0].citations[:2]))
    elif d.type != "person":
        told = founding_from_text(conn, d.id)
        if told is not None:
            claims.append((f"{{S}} was formed {on_date(told[0])}, a source says.", [told[1]]))
    hostile = {r.other_id for r in d.relations if r.type in ("hostile_to", "rival_of")}
    places = associated_places(conn, d.id, exclude=hostile | {d.id})
    if places and d.type != "person":
        based = [p for p in places if p.based] or places[:2]
        where = names.join([names.written(p.entity, p.citations) for p in based])
        verb = "is based and active mainly in" if based[0].based else "is most often reported in"
        claims.append((f"{{S}} {verb} {where}.", [c for p in based for c in p.citations[:1]]))
    if d.type != "person":
        leaders = [f for f in leader_facts(conn, d, names) if not f.founder_only]
        current = [f for f in leaders if not f.over and not f.first and f.from_graph]
        if current:
            best = pick_current(current)[0]
            claims.append(
                (
                    f"{{Ss}} {'current ' if best.current else ''}leader is {best.display(names)}.",
                    best.citations[:2],
                )
            )
        elif leaders:
            last = sorted(leaders, key=first_key)[-1]
            said = (
                "last leader named in khabar's sources"
                if last.from_graph
                else "leader, according to one source,"
            )
            claims.append((f"{{Ss}} {said} is {last.display(names)}.", last.citations[:2]))
    rivals = d.related("rival_of", "out") + d.related("rival_of", "in")
    add("{Ss} rivals include {O}.", _dedupe(rivals))
    add("{S} is hostile to {O}.", d.related("hostile_to", "out"))
    add("{Ss} allies include {O}.", _dedupe(d.related("ally_of", "out") + d.related("ally_of", "in")))
    add("{S} is backed by {O}.", d.related("supports", "in"))
    add("{S} recruits from {O}.", d.related("recruits_from", "out"))
    add("{Ss} branches include {O}.", d.branches)
    if not d.parents and d.type != "person":
        definition = _definition(conn, d, names)
        if definition is not None:
            claims.insert(0, definition)
    for i, (template, cites) in enumerate(claims[:9]):
        text = template.replace("{Ss}", _subject(d, names, i == 0, True)).replace(
            "{S}", _subject(d, names, i == 0)
        )
        b.add(text, cites)
    if not b:
        _describe_from_text(conn, d, b, names)
    return b.build() if b else b.none(names.canonical(d.id))


_DEFINING = [
    "affiliate",
    "franchise",
    "group",
    "branch",
    "affiliate",
    "faction",
    "alliance",
    "coalition",
    "movement",
    "wing",
    "militant",
    "insurgent",
    "jihadist",
    "formed",
    "founded",
    "known as",
    "offshoot",
    "splinter",
]


def _definition(conn: Connection, d: Dossier, names: Names) -> tuple[str, list[Citation]] | None:
    """The sentence that best says what kind of actor X is: X defined in it ("X is a ...", "X, a ..."),
    preferring sentences with defining words (group, branch, faction, founded, ...)."""
    es = entity_sentences(conn, [d.id], max_documents=50)
    if not es:
        return None
    hits = sentences(conn, sorted(es)[:600])
    ms = mentions_in(conn, list(hits.values()))
    best: tuple[int, int, int, Hit] | None = None
    for sid, h in hits.items():
        if h.text.rstrip().endswith("?"):
            continue  # "What is ISWAP, the group that…?": a headline asks, it does not say
        low = h.text.lower()
        n_words = sum(w in low for w in _DEFINING)
        defines = any(m.entity == d.id and _defines(h.text, m.text) for m in ms.get(sid, []))
        if defines or n_words >= 2:  # "X is a …", "X, a …", else a sentence rich in defining words
            rank = (0 if defines else 1, -n_words, h.id, h)
            if best is None or rank[:3] < best[:3]:
                best = rank
    if best is None:
        return None
    h = best[3]
    return (
        f"khabar's sources describe {names.canonical(d.id)} so: \u201c{h.text.strip()}\u201d",
        [h.citation()],
    )


def _defines(sentence: str, written: str) -> bool:
    """Does the sentence define the name: "X is a ...", "X are a ...", "X, a ...", "X (ACR), al-Qaeda's ..."?"""
    pat = (
        rf"{re.escape(written)}\)?\s*(?:\([^)]*\))?\s*(?:,\s*|\s+(?:is|are|was|were)\s+)"
        r"(?:a|an|the|one|al-\S+|[A-Z][\w-]*(?:'s|\u2019s))\b"
    )
    return re.search(pat, sentence) is not None


def _dedupe(lines: list[RelationLine]) -> list[RelationLine]:
    seen: dict[int, RelationLine] = {}
    for r in lines:
        if r.other_id not in seen or len(r.citations) > len(seen[r.other_id].citations):
            seen[r.other_id] = r
    return list(seen.values())


def _describe_from_text(conn: Connection, d: Dossier, b: AnswerBuilder, names: Names) -> None:
    """No facts in the graph: quote the sentences that best describe X ("X is a ...", "X, a group ...")."""
    es = entity_sentences(conn, [d.id], max_documents=50)
    if not es:
        return
    hits = search(
        conn,
        ["is a", "is an", "was a", "group", "known as", "founded", "formed", "militant", "movement"],
        within=set(es),
        limit=2,
    ) or list(sentences(conn, set(list(es)[:2])).values())
    hits = [h for h in hits if not h.text.rstrip().endswith("?")]
    for i, h in enumerate(hits[:2]):
        lead = f"khabar's sources say of {names.canonical(d.id)}: " if i == 0 else ""
        b.add(f"{lead}\u201c{h.text.strip()}\u201d", [h.citation()])


def _led(line: RelationLine) -> str:
    return "led" if (line.end or line.ended) else "leads"


def _period(line: RelationLine) -> str:
    return span_words(line.start, line.end or (line.ended.date if line.ended else None))


def _attacks(conn: Connection, q: Question, d: Dossier, b: AnswerBuilder, names: Names) -> Answer:
    """When and where X attacked (optionally: attacked Y), newest first, with tolls."""
    name = names.canonical(d.id)
    types = ("capture",) if q.verb == "capture" else _ATTACK_TYPES
    lines = [e for e in d.events if e.event.type in types and set(e.roles) & set(_ACTING)]
    target = q.object
    if target:
        ys = set(resolve_phrase(conn, target))
        y_words = set(words(target))
        # where an event was -> the entities its name names: one look-up per place, not one per event
        named: dict[str, set[int]] = {}

        def names_y(where: str) -> bool:
            if where not in named:
                named[where] = set(entities_in(conn, where))
            return bool(named[where] & ys)

        lines = [
            e
            for e in lines
            if y_words & set(words(" ".join(filter(None, [e.event.place, e.event.country]))))
            or any(
                role in ("target", "victim") and set(words(n)) & y_words for role, n in e.event.participants
            )
            or (ys and names_y(" ".join(filter(None, [e.event.place, e.event.country]))))
        ]
    if not lines:
        what = "captures" if q.verb == "capture" else "attacks"
        return b.none(f"{what} by {name}" + (f" on {target}" if target else ""))
    for e in lines[:6]:
        ev = e.event
        claimed = "claimant" in e.roles and not {"perpetrator", "agent"} & set(e.roles)
        toll = []
        if ev.killed:
            toll.append(f"{fmt_count_words(*ev.killed)} killed")
        if ev.wounded:
            toll.append(f"{fmt_count_words(*ev.wounded)} wounded")
        tail = f" ({', '.join(toll)})" if toll else ""
        desc = describe_event(ev)
        cites = names.naming(e.citations, d.id)
        if ev.type == "capture":  # "M23 took Goma, Democratic Republic of the Congo in January 2025"
            where = ", ".join(x for x in dict.fromkeys([ev.place, ev.country]) if x) or "a place"
            desc = f"{where}" + (f" {on_date(ev.date_start)}" if ev.date_start else "")
        did = "claimed" if claimed else ("took" if ev.type == "capture" else "carried out")
        b.add(f"{name} {did} {desc}{tail}.", cites[:2])
    return b.build()


def _answer_unknown(conn: Connection, q: Question, b: AnswerBuilder) -> Answer:
    """A question of no known form: quote the best-matching sentences about the entities it names, if the
    match is strong (the entity is named and most of the question's other words are there); else say so."""
    ents = entities_in(conn, q.text)
    if not ents:
        return b.none(
            "what this question asks (khabar answers: what is X, who leads X, who was the first "
            "leader of X, when/where did X attack, how many were killed in E, who attacked E, "
            "why did X attack Y)"
        )
    es = entity_sentences(conn, ents, max_documents=100)
    terms = [w for w in words(q.text) if len(w) > 3]
    hits = [h for h in search(conn, terms, within=set(es), limit=3) if h.score > 0] if es and terms else []
    if not hits:
        return b.none(q.text.rstrip("?"))
    for i, h in enumerate(hits[:2]):
        lead = "The closest statements in khabar's sources: " if i == 0 else ""
        b.add(f"{lead}\u201c{h.text.strip()}\u201d", [h.citation()])
    return b.build()
