"""Answers about people in posts and their ends: who leads / led X (and as of when), the first leader, who
succeeded P, who founded X, who killed P.

Graph facts first (``leader_of``/``deputy_of`` with their periods and the events that ended them); where they
are thin, sentences that tie a person to a post (``roles.text_roles``). Nobody a source says is dead or replaced
is given as the current holder, and nobody is given as a leader only because he founded the group.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Connection, select

from khabar.explain.answer import Answer, AnswerBuilder, fmt_date, on_date, span_words
from khabar.explain.events import acting, answer_who_attacked
from khabar.explain.facts import DEATH_WORDS, LeaderFact, Names, gone_from, leader_facts
from khabar.explain.naming import entities_in, entity_types, resolve_phrase
from khabar.explain.question import Question
from khabar.explain.roles import GROUP_WORD, gone_cue, text_roles
from khabar.explain.search import entity_sentences, mentions_in, sentences, sentences_at, words
from khabar.extract.dates import find_dates
from khabar.query.dossier import Dossier, dossier, endings_for
from khabar.query.lookup import Citation, evidence_for_many
from khabar.store import schema as t

__all__ = [
    "answer_leaders",
    "answer_first_leader",
    "answer_successor",
    "answer_founder",
    "answer_killer",
    "pick_current",
    "first_key",
    "period_words",
    "ending_of",
    "held_in",
    "group_context",
    "founding_from_text",
]

_MAX_LEADERS = 12  # post-holders named in one answer
_HOW = {
    "killing": "killed",
    "air_strike": "killed in an air strike",
    "attack": "killed in an attack",
    "execution": "executed",
    "arrest": "arrested",
    "capture": "captured",
    "kidnapping": "abducted",
}
_CLAUSE_STOP = frozenset(
    [
        "from",
        "whom",
        "which",
        "that",
        "who",
        "whose",
        "under",
        "the",
        "a",
        "an",
        "of",
        "to",
        "its",
        "their",
        "his",
        "her",
        "is",
        "are",
        "was",
        "were",
    ]
)


def period_words(f: LeaderFact) -> str:
    """ " from March 2015 to July 2016", " since 2019", " until May 2021", or ""."""
    return span_words(f.start, f.end or (f.ended.ended.date if f.ended and f.ended.ended else None))


def ending_of(f: LeaderFact) -> tuple[str, list[Citation]]:
    """ " (killed in an air strike in July 2016)" and the sentence saying so, where the store knows."""
    if f.ended is not None and f.ended.ended is not None:
        e = f.ended.ended
        how = _HOW.get(e.type, e.type)
        return (f" ({how} {on_date(e.date)})" if e.date else f" ({how})"), e.citations[:1]
    if f.gone is not None:
        word = f.gone.word
        said = (
            "reported dead" if f.gone.death else f"reported {word}" if word.endswith("ed") else "reported out"
        )
        if word in ("former", "previous", "ex", "predecessor", "predecessors", "late"):
            said = "reported dead" if word == "late" else "since replaced"
        return f" ({said})", [f.gone.citation]
    return "", []


def pick_current(current: list[LeaderFact]) -> list[LeaderFact]:
    """Of the holders not known to be gone: those a source calls current or new, else the latest to start;
    all of them when nothing tells them apart."""
    flagged = [f for f in current if f.current or f.new] or current
    dated = [f for f in flagged if f.start or f.as_of]
    if len(flagged) > 1 and dated:
        return [max(dated, key=lambda f: (f.as_of or f.start or "", f.position))]
    if len(flagged) > 1 and any(f.new for f in flagged):
        return [max((f for f in flagged if f.new), key=lambda f: f.position)]
    return flagged


def first_key(f: LeaderFact) -> tuple[bool, str, bool, bool, tuple[str, int], str]:
    """Earliest first: called first/founding, then by start date, then those whose time is over before the
    one said to be current, then by the earliest report."""
    return (not f.first, f.start or "~", f.current or f.new, not f.over, f.position, f.name)


def held_in(f: LeaderFact, period: str, period_end: str | None = None) -> bool:
    """Did ``f`` hold the post in the period? By its dates where known, else by the date of the reports
    that name them to it (a report of June 2018 naming a deputy answers "in June 2018")."""
    lo, hi = period, period_end or period
    end = f.end_date if (f.end or (f.ended and f.ended.ended)) else None
    if f.start or end:
        return (not f.start or f.start[: len(hi)] <= hi) and (not end or end[: len(lo)] >= lo)
    for c in f.citations:  # a date the naming sentence gives, else the report's date
        pub = date.fromisoformat(c.published) if c.published and len(c.published) == 10 else None
        said = [d.start for _, _, d in find_dates(c.text, pub)] or ([c.published] if c.published else [])
        if any(lo[: len(when)] <= when[: len(lo)] and when[: len(hi)] <= hi for when in said):
            return True
    return False


def group_context(conn: Connection, q: Question, xs: list[int]) -> tuple[set[int], list[str]]:
    """The other groups a subject phrase names, and the words of its relative clause ("the dissidents from
    whom the Front takes orders": the Front, and "takes orders")."""
    extra = set(entities_in(conn, q.subject or "")) - set(xs[:1])
    clause_words: list[str] = []
    if q.clause:
        clause_words = [
            w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words(q.clause)
            if w not in _CLAUSE_STOP
        ]
        inner = entities_in(conn, q.clause)
        if inner:  # the names in the clause are matched as entities, the rest as words
            norms = conn.execute(select(t.aliases.c.norm).where(t.aliases.c.entity_id.in_(inner))).scalars()
            named = {w for n in norms for w in n.split()}
            clause_words = [w for w in clause_words if w not in named and w + "s" not in named]
            extra |= set(inner)
    return extra, clause_words


def _role_name(q: Question) -> str:
    return "deputy" if q.kind == "deputy" else "leader"


def _said(
    b: AnswerBuilder,
    f: LeaderFact,
    names: Names,
    role: str,
    group: str,
    *,
    as_of: bool,
    asked_new: bool = False,
) -> bool:
    shown = f.display(names)
    ending, end_cites = ending_of(f)
    if asked_new and f.new_cites:  # asked for the new holder: the sentence naming them so says it
        said = f.new_cites[-1]
        shown = names.written(f.person, [said]) if f.person is not None else f.name
        return b.add(
            f"A source names {shown} as new {role} of {group}: \u201c{said.text.strip()}\u201d", [said]
        )
    if f.from_graph:
        if role == "leader":
            verb = "led" if f.over else ("has led" if f.start else "leads")
            said_of = f"{shown} {verb} {group}"
        else:
            said_of = f"{shown} {'was' if f.over else 'is'} a deputy leader of {group}"
        latest = max((c.published for c in f.citations if c.published), default=None)
        when = f", as of {fmt_date(latest)}" if as_of and latest and not f.over else ""
        period = period_words(f)
        if f.over and period.startswith(" since"):
            period = " from" + period[len(" since") :]
        return b.add(f"{said_of}{period}{ending}{when}.", f.citations[:2] + end_cites)
    new = "new " if f.new else ""
    return b.add(
        f"A source names {shown} as {new}{role} of {group}{ending}: \u201c{f.citations[0].text.strip()}\u201d",
        f.citations[:1] + end_cites,
    )


def answer_leaders(
    conn: Connection, q: Question, d: Dossier, b: AnswerBuilder, names: Names, xs: list[int]
) -> Answer:
    """Who leads X now (never someone said to be dead or replaced, never the founder for founding it), who
    led it (all, in order), who led it in a period, who was named to a post."""
    role = _role_name(q)
    rtype = "leader_of" if role == "leader" else "deputy_of"
    group = names.canonical(d.id)
    extra, clause_words = group_context(conn, q, xs)
    every = sorted(
        leader_facts(conn, d, names, rtype, extra_groups=extra, clause_words=clause_words), key=first_key
    )
    facts = [f for f in every if not f.founder_only]  # founding a group is no proof of leading it
    founders = [f for f in every if f.founder_only]

    if q.period:
        facts = [f for f in facts if held_in(f, q.period, q.period_end)]
    when = f" in {fmt_date(q.period)}" if q.period else ""
    if not facts:
        return b.none(
            f"who {'led' if q.past else 'leads'} {group}{when}"
            if role == "leader"
            else f"the {role} of {group}{when}"
        )
    newest = [f for f in facts if f.new]
    if q.new and newest:
        chosen = [max(newest, key=lambda f: f.position)]
    elif q.past or q.period:
        chosen = facts
        for f in founders if not q.period else []:  # named as founders, not as leaders
            b.add(f"{f.display(names)} founded {group}.", f.citations[:1])
    else:
        current = [f for f in facts if not f.over and not (f.first and len(facts) > 1)]
        if not current:
            last = max(facts, key=lambda f: (f.end_date or "", f.start or "", f.position))
            ending, end_cites = ending_of(last)
            b.add(
                f"khabar's sources name no {role} of {group} in post now; the last named, "
                f"{last.display(names)}, {'led' if role == 'leader' else 'was deputy of'} it"
                f"{period_words(last)}{ending}.",
                last.citations[:2] + end_cites,
            )
            return b.build()
        chosen = pick_current(current)
    said: dict[str, int] = {}  # one sentence per name: several stored entities may be one person
    for f in chosen[:_MAX_LEADERS]:
        shown = f.display(names)
        if shown in said:
            b.parts[said[shown]].citations = _more(b.parts[said[shown]].citations, f.citations)
            continue
        if _said(b, f, names, role, group, as_of=not (q.past or q.period), asked_new=q.new):
            said[shown] = len(b.parts) - 1
    return b.build() if b else b.none(f"the {role} of {group}")


def _more(have: list[Citation], extra: list[Citation], cap: int = 3) -> list[Citation]:
    keys = {(c.document, c.start) for c in have}
    return (have + [c for c in extra if (c.document, c.start) not in keys])[: max(cap, len(have))]


def answer_first_leader(conn: Connection, d: Dossier, b: AnswerBuilder, names: Names) -> Answer:
    name = names.canonical(d.id)
    facts = sorted((f for f in leader_facts(conn, d, names) if not f.founder_only), key=first_key)
    if not facts:
        return b.none(f"who led {name} first")
    f = facts[0]
    ending, end_cites = ending_of(f)
    if f.from_graph:
        tail = f", leader{period_words(f)}{ending}" if period_words(f) else ending
        b.add(
            f"The first leader of {name} in khabar's sources is {f.display(names)}{tail}.",
            f.citations[:2] + end_cites,
        )
    else:
        b.add(
            f"The earliest leader of {name} in khabar's sources is {f.display(names)}: "
            f"\u201c{f.citations[0].text.strip()}\u201d",
            f.citations[:1],
        )
    return b.build()


def _person(conn: Connection, phrase: str) -> int | None:
    """The person a phrase names (a person first, among several names inside it)."""
    ids = resolve_phrase(conn, phrase)
    if not ids:
        return None
    types = entity_types(conn, ids)
    people = [i for i in ids if types.get(i) == "person"]
    return (people or ids)[0]


def _groups_led(conn: Connection, person: int, rtype: str) -> list[int]:
    rows = conn.execute(
        select(t.relations.c.object_id).where(t.relations.c.subject_id == person, t.relations.c.type == rtype)
    ).scalars()
    return list(dict.fromkeys(rows))


def answer_successor(conn: Connection, q: Question, b: AnswerBuilder, names: Names) -> Answer:
    """Who took P's post: a holder of the same post who started when P's time ended, or whom a source names
    the new holder (or P's successor) after P."""
    p = _person(conn, q.person or "")
    if p is None:
        return b.unknown(conn, q.person or "the one before", types=("person",))
    rtype = "deputy_of" if q.role == "deputy" else "leader_of"
    role = "deputy" if q.role == "deputy" else "leader"
    groups = resolve_phrase(conn, q.subject) if q.subject else _groups_led(conn, p, rtype)
    if q.subject and not groups:
        return b.unknown(conn, q.subject)
    p_name = names.canonical(p)
    p_norms = names.norms(p) | {w for w in words(q.person or "") if len(w) > 3}
    for g in groups[:3]:
        d = dossier(conn, f"e{g}", events_limit=0, documents_limit=0)
        extra, clause_words = group_context(conn, q, groups) if q.subject else (set(), [])
        facts = leader_facts(conn, d, names, rtype, extra_groups=extra, clause_words=clause_words)
        mine = [f for f in facts if f.person == p or f.texts & p_norms]
        p_end = max((f.end_date or "" for f in mine), default="") or (_gone_date(conn, p, {g}) or "")
        p_start = min((f.start or "~" for f in mine), default="~")
        p_words = set(words(q.person or "")) | {w for n in names.norms(p) for w in n.split()}
        others = [
            f for f in facts if f not in mine and not f.founder_only and not set(words(f.name)) <= p_words
        ]
        ranked = []
        for f in others:
            after = bool(p_end and f.start and f.start >= p_end[: len(f.start)])
            if f.end_date and p_start != "~" and f.end_date <= p_start:
                continue  # gone before P started: one of P's predecessors
            with_p = any(_names_person(c.text, p_norms) for c in f.citations)
            score = 3.0 * with_p + 2.0 * (f.new or after) + (1.0 if f.start and not p_end else 0.0)
            if score <= 0 and not (f.position[0] >= (p_end or "~")):
                continue
            ranked.append((score, f.position, f))
        if not ranked:
            continue
        ranked.sort(key=lambda x: (-x[0], x[1]))
        best = ranked[0][2]
        group = names.canonical(g)
        shown = best.display(names)
        title = "deputy" if role == "deputy" else "leader"
        took_over = bool(best.start and p_end and best.start >= p_end[: len(best.start)])
        if best.from_graph and (took_over or not best.new_cites):
            since = f" {on_date(best.start)}" if best.start and (took_over or not p_end) else ""
            b.add(f"{shown} succeeded {p_name} as {title} of {group}{since}.", best.citations[:2])
        else:  # the sentence naming them the new holder says it best
            said = (best.new_cites or best.citations)[0]
            shown = names.written(best.person, [said]) if best.person is not None else best.name
            b.add(
                f"A source names {shown} as the new {title} of {group} after {p_name}: \u201c{said.text.strip()}\u201d",
                [said],
            )
        ending = next((ending_of(f) for f in mine if ending_of(f)[1]), None)
        if ending:
            b.add(f"{p_name}'s time as {title} ended{ending[0].replace(' (', ' (').rstrip()}.", ending[1])
        return b.build()
    return b.none(f"who succeeded {p_name}")


def _names_person(text_: str, norms: set[str]) -> bool:
    low = " ".join(words(text_))
    return any(n and len(n) > 3 and f" {n} " in f" {low} " for n in norms)


def _gone_date(conn: Connection, person: int, groups: set[int]) -> str | None:
    ends = endings_for(conn, [person]).get(person, [])
    dated = [e.date for e in ends if e.date]
    if dated:
        return dated[0]
    gone = gone_from(conn, [person], groups).get(person)
    return gone.citation.published if gone else None


def answer_founder(conn: Connection, q: Question, b: AnswerBuilder, names: Names, x: int) -> Answer:
    """Who founded X: the other agents of X's founding, the people sentences call its founder ("X's
    founder Y", "founded by Y", "Y founded X"), and when, where the store knows."""
    group = names.canonical(x)
    rows = conn.execute(
        select(t.events.c.id, t.events.c.date_start)
        .join(t.event_participants, t.event_participants.c.event_id == t.events.c.id)
        .where(t.events.c.type == "founding", t.event_participants.c.entity_id == x)
    ).fetchall()
    founding = sorted(rows, key=lambda r: r.date_start or "~")
    cites = evidence_for_many(conn, "event", [r.id for r in founding], per_fact=3)
    founders: dict[str, list[Citation]] = {}
    if founding:
        parts = conn.execute(
            select(t.event_participants.c.event_id, t.event_participants.c.entity_id, t.entities.c.type)
            .join(t.entities, t.entities.c.id == t.event_participants.c.entity_id)
            .where(
                t.event_participants.c.event_id.in_([r.id for r in founding]),
                t.event_participants.c.role.in_(("agent", "perpetrator")),
                t.event_participants.c.entity_id != x,
            )
        ).fetchall()
        for r in parts:
            if r.type in ("person", "armed_group", "organization"):
                c = names.naming(cites.get(r.event_id, []), r.entity_id)
                founders.setdefault(names.written(r.entity_id, c), []).extend(c[:2])
    for tr in text_roles(conn, [x], roles=("founder",)):
        if tr.entity is not None and tr.entity == x:
            continue
        shown = names.written(tr.entity, [tr.citation]) if tr.entity is not None else tr.name
        if not any(shown in k or k in shown for k in founders):
            founders.setdefault(shown, []).append(tr.citation)
    told = founding_from_text(conn, x) if not founding else None
    if not founders and not founding and told is None:
        return b.none(f"who founded {group}")
    for who, cs in list(founders.items())[:4]:
        b.add(f"{who} founded {group}.", cs[:2])
    dated = [r for r in founding if r.date_start]
    if dated:
        b.add(f"{group} was founded {on_date(dated[0].date_start)}.", cites.get(dated[0].id, [])[:1])
    if told is not None:
        b.add(f"{group} was formed {on_date(told[0])}, a source says.", [told[1]])
    if not founders:
        b.add(
            f"khabar's sources do not say who founded {group}.",
            cites.get(founding[0].id, [])[:1] if founding else [told[1]] if told else [],
        )
    return b.build() if b else b.none(f"who founded {group}")


_FOUNDED = re.compile(
    r"\b(?:founded|formed|established|created|set up|came into being|came into existence|emerged|was born|"
    r"announced its (?:formation|creation|founding)|formation|founding|creation|inception)\b",
    re.I,
)


def founding_from_text(conn: Connection, group: int) -> tuple[str, Citation] | None:
    """Where no founding event is stored: the earliest dated sentence saying the group was formed (naming it,
    or going on about it: "The movement came into being in January 2015")."""
    es = entity_sentences(conn, [group], max_documents=60)
    if not es:
        return None
    hits = sentences(conn, set(es))
    named = {(h.document, h.idx) for h in hits.values()}
    after = sentences_at(conn, {(d, i + 1) for d, i in named} - named)
    cands = list(hits.values()) + [h for h in after.values() if GROUP_WORD.search(h.text)]
    found: list[tuple[str, int, Citation]] = []
    for h in cands:
        cue = _FOUNDED.search(h.text)
        if cue is None:
            continue
        pub = date.fromisoformat(h.published) if h.published and len(h.published) == 10 else None
        for a, _b, dv in find_dates(h.text, pub):
            if a > cue.start() - 60:  # the date told with the founding, not one long before it
                found.append((dv.start, h.id, h.citation()))
                break
    if not found:
        return None
    when, _, cite = min(found)
    return when, cite


_KILLING_TYPES = ("killing", "air_strike", "attack", "execution", "clash")


_HOW_DIED = re.compile(
    r"\b(?:by|himself|herself|strike|raid|ambush|clash|fighters|forces|troops|shot|when|after)\b", re.I
)


def _death_sentences(conn: Connection, person: int) -> list[Citation]:
    """Sentences saying the person is dead, those telling how (by whom, in what) first."""
    es = entity_sentences(conn, [person], max_documents=60)
    hits = sentences(conn, set(es))
    ms = mentions_in(conn, list(hits.values()))
    out: list[tuple[int, str, int, Citation]] = []
    for sid, h in hits.items():
        for m in ms.get(sid, []):
            if m.entity != person:
                continue
            word = gone_cue(h.text, (m.start - h.start, m.start - h.start + len(m.text)))
            if word is not None and word in DEATH_WORDS:
                out.append((-len(_HOW_DIED.findall(h.text)), h.published or "", h.id, h.citation()))
                break
    return [c for *_, c in sorted(out, key=lambda x: x[:3])]


def answer_killer(conn: Connection, q: Question, b: AnswerBuilder, names: Names) -> Answer:
    """Who killed P: the agents of the event in which P died (or was struck), with its date and kind; where
    P is no person the store knows, the phrase names an event and the question is who carried it out."""

    ids = resolve_phrase(conn, q.person or "")
    types = entity_types(conn, ids) if ids else {}
    people = [i for i in ids if types.get(i) == "person"]
    if not people and ids and all(types.get(i) in ("armed_group", "organization") for i in ids):
        return b.none(f"who killed {q.person}")  # a group is no person killed, nor a deed
    if not people:
        q.event, q.kind = q.person, "who_attacked"
        return answer_who_attacked(conn, q, b, names)
    p = people[0]
    p_name = names.canonical(p)
    rows = conn.execute(
        select(
            t.events.c.id, t.events.c.type, t.events.c.date_start, t.events.c.place_name, t.events.c.country
        )
        .join(t.event_participants, t.event_participants.c.event_id == t.events.c.id)
        .where(
            t.event_participants.c.entity_id == p,
            t.event_participants.c.role.in_(("victim", "target")),
            t.events.c.type.in_(_KILLING_TYPES),
        )
        .order_by(t.events.c.date_start, t.events.c.id)
    ).fetchall()
    cites = evidence_for_many(conn, "event", [r.id for r in rows], per_fact=5)
    agents: dict[int, list[tuple[int | None, str, str]]] = {r.id: [] for r in rows}
    for a in acting(conn, list(agents)):
        if a.entity_id != p:
            agents[a.event_id].append((a.entity_id, a.text or "", a.role))
    said = False
    for r in rows[:3]:
        how = _HOW.get(r.type, "killed")
        where = ", ".join(x for x in dict.fromkeys([r.place_name, r.country]) if x)
        place = f" in {where}" if where else ""
        date = f" {on_date(r.date_start)}" if r.date_start else ""
        ev_cites = names.naming(cites.get(r.id, []), p)
        by_role: dict[str, list[str]] = {}
        by_cites: list[Citation] = []
        for eid, text_, role in agents.get(r.id, []):
            c = names.naming(cites.get(r.id, []), eid, None if eid else text_)
            who = names.written(eid, c) if eid is not None else text_.strip()
            if who and who not in by_role.setdefault(role, []):
                by_role[role].append(who)
                by_cites += c[:1]
        did = by_role.get("agent", []) + [
            w for w in by_role.get("perpetrator", []) if w not in by_role.get("agent", [])
        ]
        claimed = [w for w in by_role.get("claimant", []) if w not in did]
        if did:
            said = (
                b.add(f"{p_name} was {how} by {names.join(did)}{place}{date}.", ev_cites[:1] + by_cites[:2])
                or said
            )
        elif not claimed:
            said = (
                b.add(f"{p_name} was {how}{place}{date}; the sources do not say by whom.", ev_cites[:2])
                or said
            )
        if claimed:
            said = (
                b.add(f"{names.join(claimed)} claimed the killing of {p_name}.", by_cites[:2] or ev_cites[:1])
                or said
            )
    if not said:
        for dc in _death_sentences(conn, p)[:2]:
            b.add(f"A source says of {p_name}: \u201c{dc.text.strip()}\u201d", [dc])
    return b.build() if b else b.none(f"who killed {p_name}")
