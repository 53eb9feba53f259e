"""Answers about one event named in a question ("the Crocus City Hall attack", "the Kabul airport bombing"):
how many were killed or wounded, and who carried it out.

An event is found by what the question calls it: a place, facility or actor the store knows (its entity), and
the words of the name found in the event's own sentences (BM25 over sentences, then word coverage), so a
facility the extractor stored under a shorter name ("Concert Hall") is still found by its full one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, select

from khabar.explain.answer import Answer, AnswerBuilder, fmt_count_words, on_date
from khabar.explain.facts import Names
from khabar.explain.naming import entities_in, entity_types, resolve_phrase, suggest
from khabar.explain.question import Question
from khabar.explain.search import document_sentences, mentions_in, search, words
from khabar.model import norm_name
from khabar.query.dossier import figures_for
from khabar.query.export import latest_figures
from khabar.query.lookup import Citation, EventRow, event_page, evidence_for_many, list_events
from khabar.store import schema as t

__all__ = [
    "match_events",
    "answer_casualties",
    "answer_who_attacked",
    "describe_event",
    "EventMatch",
    "acting",
    "date_fit",
    "victims_in",
    "common_noun",
]

# Words that say what kind of event, not which one: they steer the type, they are not the name.
_EVENT_NOUNS = {
    "attack": ("attack",),
    "attacks": ("attack",),
    "bomb": ("attack",),
    "bombs": ("attack",),
    "bombing": ("attack",),
    "bombings": ("attack",),
    "blast": ("attack",),
    "blasts": ("attack",),
    "explosion": ("attack",),
    "explosions": ("attack",),
    "shooting": ("attack",),
    "shootings": ("attack",),
    "massacre": ("attack", "killing"),
    "assault": ("attack",),
    "ambush": ("attack",),
    "raid": ("attack", "clash"),
    "siege": ("attack",),
    "rampage": ("attack",),
    "storming": ("attack",),
    "strike": ("air_strike", "attack"),
    "strikes": ("air_strike", "attack"),
    "airstrike": ("air_strike",),
    "airstrikes": ("air_strike",),
    "drone": ("air_strike",),
    "hijacking": ("attack",),
    "assassination": ("attack", "killing"),
    "killing": ("killing",),
    "killings": ("killing",),
    "kidnapping": ("kidnapping",),
    "kidnappings": ("kidnapping",),
    "abduction": ("kidnapping",),
    "abductions": ("kidnapping",),
    "hostage": ("kidnapping",),
    "clashes": ("clash",),
    "battle": ("clash",),
    "fighting": ("clash",),
    "execution": ("execution",),
    "executions": ("execution",),
    "beheading": ("execution",),
    "capture": ("capture",),
    "seizure": ("capture",),
    "takeover": ("capture",),
    "claim": ("claim",),
}
_STOP = {
    "the", "a", "an", "of", "in", "on", "at", "near", "by", "and", "to", "for", "from", "with", "into",
    "twin", "suicide", "deadly", "recent", "last", "this", "that", "terror", "terrorist", "car", "truck",
    "its", "their", "his", "her", "s", "e", "al", "el", "which", "who", "killed", "kill", "people", "was",
    "were", "is", "are", "did", "carried", "out", "major", "big", "huge", "first", "second", "double", "triple",
    "coordinated", "multiple", "serial", "horrific", "brutal", "fatal", "bloody", "militant", "jihadist",
    "insurgent", "rebel", "gunmen", "gunman", "bomber", "bombers", "attackers", "massive", "powerful", "so",
    "called", "deadliest", "worst",
}  # fmt: skip
_ATTACK_LIKE = ("attack", "air_strike", "killing", "execution", "kidnapping", "clash")
_MAX_CANDIDATES = 300  # events considered per question: the newest at the named place, the best BM25 hits


@dataclass
class EventMatch:
    event: EventRow
    score: float
    citations: list[Citation]


def _stem(w: str) -> str:
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def date_fit(start: str | None, end: str | None, period: str | None, period_end: str | None) -> int:
    """+1 when an event's date falls in the asked period (at the coarser of the two precisions), -1 when it
    cannot, 0 when either is unknown."""
    if not period or not start:
        return 0
    lo, hi = period, period_end or period
    e_lo, e_hi = start, end or start
    n = min(len(lo), len(e_lo))
    m = min(len(hi), len(e_hi))
    return 1 if e_lo[:n] <= hi[:n] and lo[:m] <= e_hi[:m] else -1


def match_events(
    conn: Connection,
    phrase: str,
    *,
    types: Sequence[str] = (),
    need_figure: str | None = None,
    limit: int = 3,
    period: str | None = None,
    period_end: str | None = None,
    spread: float = 0.05,
) -> list[EventMatch]:
    """The stored events ``phrase`` most plausibly names, best first (only good matches): by the place,
    facility or actor it names (any alias), the words of its name found in the event's own sentences, the
    kind of event it says ("bombing", "drone strike"), and its date where the question gives one."""
    toks = [w for w in words(phrase) if len(w) > 1 or w.isdigit()]
    hinted = {ty for w in toks for ty in _EVENT_NOUNS.get(w, ())}
    content = [w for w in toks if w not in _EVENT_NOUNS and w not in _STOP]
    ents = set(entities_in(conn, phrase))
    ents |= _misspelt(conn, phrase)
    victims = victims_in(conn, phrase) if ents else set()
    cand: set[int] = set()
    if ents:
        cand.update(newest_events_of(conn, ents, _MAX_CANDIDATES))
    if content:
        sids = [h.id for h in search(conn, content, limit=_MAX_CANDIDATES)]
        for chunk in (sids[i : i + 500] for i in range(0, len(sids), 500)):
            # by sentence (the index on evidence.sentence_id), the kind checked here: a planner told of both
            # would walk every event's evidence by kind
            stated = conn.execute(
                select(t.evidence.c.kind, t.evidence.c.fact_id).where(t.evidence.c.sentence_id.in_(chunk))
            )
            cand.update(r.fact_id for r in stated if r.kind == "event")
    if not cand:
        return []
    ids = sorted(cand)
    rows = _events_by_ids(conn, ids, types)
    ids = [e.id for e in rows]
    cites = evidence_for_many(conn, "event", ids, per_fact=10)
    extra = _event_extras(conn, ids, ents, need_figure)
    out = []
    for ev in rows:
        place_ent, targets, roles, has_figure = extra.get(ev.id, (None, "[]", {}, False))
        if need_figure and not has_figure:
            continue
        texts = [ev.place or "", ev.country or "", " ".join(json.loads(targets or "[]"))]
        texts += [n for _, n in ev.participants] + [c.text for c in cites.get(ev.id, [])]
        bag = {_stem(w) for w in words(" ".join(texts))}
        coverage = sum(_stem(w) in bag for w in content) / len(content) if content else 0.0
        by_participant = any(
            e not in victims or rs & {"victim", "target"} for e, rs in roles.items()
        )  # the attack on X: X hit, not X attacking
        wrong_side = any(e in victims and rs & {"perpetrator", "agent"} for e, rs in roles.items())
        by_entity = place_ent in ents or by_participant
        fit = date_fit(ev.date_start, ev.date_end, period, period_end)
        if coverage < 0.6 and not by_entity and not (fit > 0 and coverage >= 0.4):
            continue
        score = (
            coverage
            + (0.8 if by_entity else 0.0)
            + (0.3 if ev.type in hinted else 0.0)
            + 0.9 * fit
            - (0.8 if wrong_side else 0.0)
        )
        out.append(EventMatch(ev, score, cites.get(ev.id, [])))
    out.sort(key=lambda m: (-m.score, -(len(m.citations)), m.event.date_start or "", m.event.id))
    if not out:
        return []
    best = out[0].score
    return [m for m in out if m.score >= best - spread][:limit]


def newest_events_of(conn: Connection, ents: set[int], limit: int) -> list[int]:
    """The newest ``limit`` events at any of ``ents`` (as places) or with any of them taking part: the newest of
    each entity read along its own index (place, date / actor, date), then merged in the same order."""
    found: set[int] = set()
    for e in sorted(ents):
        found.update(event_page(conn, place=e, limit=limit))
        found.update(event_page(conn, actor=e, limit=limit))
    if not found:
        return []
    rows = conn.execute(select(t.events.c.id, t.events.c.date_start).where(t.events.c.id.in_(sorted(found))))
    dated = sorted(((r.date_start, r.id) for r in rows if r.date_start), key=lambda x: (_desc(x[0]), x[1]))
    undated = sorted(set(found) - {i for _, i in dated})
    return ([i for _, i in dated] + undated)[:limit]


def _desc(date: str) -> tuple[int, ...]:
    """A sort key putting later dates first, in byte order as the store compares them."""
    return tuple(-b for b in date.encode()) + (1,)


def _event_extras(
    conn: Connection, ids: list[int], ents: set[int], need_figure: str | None
) -> dict[int, tuple[int | None, str, dict[int, set[str]], bool]]:
    """Per event: its place entity, its targets (JSON), the roles the question's entities take in it, and
    whether a report gave the wanted figure: a few batched queries instead of four per event."""
    out: dict[int, tuple[int | None, str, dict[int, set[str]], bool]] = {}
    involved: dict[int, dict[int, set[str]]] = {}
    figured: set[int] = set()
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        if ents:
            for r in conn.execute(
                select(
                    t.event_participants.c.event_id,
                    t.event_participants.c.entity_id,
                    t.event_participants.c.role,
                ).where(
                    t.event_participants.c.event_id.in_(chunk), t.event_participants.c.entity_id.in_(ents)
                )
            ):
                involved.setdefault(r.event_id, {}).setdefault(r.entity_id, set()).add(r.role)
        if need_figure:
            figured.update(
                conn.execute(
                    select(t.event_figures.c.event_id).where(
                        t.event_figures.c.event_id.in_(chunk), t.event_figures.c.field == need_figure
                    )
                ).scalars()
            )
        for r in conn.execute(
            select(t.events.c.id, t.events.c.place_entity_id, t.events.c.targets).where(
                t.events.c.id.in_(chunk)
            )
        ):
            out[r.id] = (r.place_entity_id, r.targets, involved.get(r.id, {}), r.id in figured)
    return out


_VICTIM_TAIL = re.compile(
    r"\b(?:that|which|who|to)\s+(?:killed|kill|targeted|target|hit|wounded|struck|assassinated|"
    r"claimed the lives? of|took the lives? of)\s+(?P<a>.+)$|\b(?:on|against|targeting|of)\s+(?P<b>.+)$",
    re.I,
)
_PLACE_TYPES = ("country", "location", "facility")


def victims_in(conn: Connection, phrase: str) -> set[int]:
    """Actors the phrase names as the ones hit ("the strike that killed X", "the attack on X forces"):
    never the answer to who did it."""
    m = _VICTIM_TAIL.search(phrase)
    if not m:
        return set()
    ids = entities_in(conn, m.group("a") or m.group("b") or "")
    if not ids:
        return set()
    types = entity_types(conn, ids)
    return {i for i in ids if types.get(i) not in _PLACE_TYPES}


def _events_by_ids(conn: Connection, ids: list[int], types: Sequence[str]) -> list[EventRow]:
    """list_events' rows (with participants and tolls) for these ids."""
    out: list[EventRow] = []
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        out += list_events(conn, ids=chunk, limit=len(chunk), types=list(types) if types else None)
    return out


def describe_event(ev: EventRow) -> str:
    """ "the attack/bombing at Concert Hall, Russia on 22 March 2024" — what khabar knows, in words."""
    kind = {"air_strike": "air strike", "attack": "attack", "claim": "claim of responsibility"}.get(
        ev.type, ev.type.replace("_", " ")
    )
    if ev.subtype and ev.type == "attack":
        kind = {"bombing": "bombing", "armed_assault": "armed assault", "assassination": "assassination"}.get(
            ev.subtype, "attack"
        )
    where = ", ".join(x for x in dict.fromkeys([ev.place, ev.country]) if x)
    return (
        f"the {kind}"
        + (f" at {where}" if where else "")
        + (f" {on_date(ev.date_start)}" if ev.date_start else "")
    )


def _where(ev: EventRow) -> str:
    where = ", ".join(x for x in dict.fromkeys([ev.place, ev.country]) if x)
    return (f" at {where}" if where else "") + (f" {on_date(ev.date_start)}" if ev.date_start else "")


_CAPITALISED = re.compile(r"[A-Z][\w'\u2019-]+(?:\s+(?:of\s+|the\s+|al-)?[A-Z][\w'\u2019-]+)*")


def _misspelt(conn: Connection, phrase: str) -> set[int]:
    """Names in the phrase the store knows only by a close spelling ("Mogadisu")."""
    out: set[int] = set()
    for m in _CAPITALISED.finditer(phrase):
        name = m.group(0)
        if len(name) >= 5 and not entities_in(conn, name):
            out |= set(resolve_phrase(conn, name)[:1])
    return out


def close_names(conn: Connection, phrase: str) -> list[str]:
    """For an event no stored one fits: the known names closest to the names in the phrase that the store
    does not know ("the Mogadisu bombing" → Mogadishu)."""
    out: list[str] = []
    for m in _CAPITALISED.finditer(phrase):
        name = m.group(0)
        if len(name) < 4 or resolve_phrase(conn, name):
            continue
        out += [
            n
            for n in suggest(conn, name, types=("location", "country", "facility", "armed_group"))
            if n not in out
        ]
    return out[:3]


def common_noun(text_: str) -> str:
    """ "Armed gunmen" that opened a sentence is the common noun "armed gunmen"; a name keeps its capitals."""
    return text_[:1].lower() + text_[1:] if text_[1:] == text_[1:].lower() else text_


def acting(conn: Connection, event_ids: list[int]) -> list[Row[Any]]:
    """The perpetrators, claimants and agents of events (entity or text, role, report, entity type), in the
    order stored."""
    if not event_ids:
        return []
    return list(
        conn.execute(
            select(
                t.event_participants.c.event_id,
                t.event_participants.c.entity_id,
                t.event_participants.c.text,
                t.event_participants.c.role,
                t.event_participants.c.document_id,
                t.entities.c.type,
            )
            .outerjoin(t.entities, t.entities.c.id == t.event_participants.c.entity_id)
            .where(
                t.event_participants.c.event_id.in_(event_ids),
                t.event_participants.c.role.in_(("perpetrator", "claimant", "agent")),
            )
            .order_by(t.event_participants.c.id)
        )
    )


def _figure_cite(f: dict[str, Any]) -> Citation | None:
    if not f.get("text"):
        return None
    return Citation(str(f["document"]), str(f["text"]), int(f["start"]), int(f["end"]), f.get("published"))


_CLAIM = re.compile(r"\bclaim\w*|\bresponsib\w+|\btook credit\b|\bowned up\b", re.I)
_NO_CLAIM = re.compile(
    r"\bno (?:\w+ )?(?:claim|one|group)\b.{0,30}(?:responsib|claim)|\b(?:has|have|had|did) not (?:yet )?claimed\b|"
    r"\bnobody (?:has )?claimed\b|\bunclaimed\b",
    re.I,
)
_DENY = re.compile(
    r"\bden(?:y|ied|ies|ial)\b|\brejected\b.{0,30}\b(?:involvement|responsibility|claim)", re.I
)
_NAMED = re.compile(
    r"\b(?:blam\w+|suspect\w*|accus\w+|belong(?:ed|s)? to|linked to|believed to (?:be|have)|identified|"
    r"named|pointed (?:the finger )?at|held responsible|attributed)\b",
    re.I,
)
_SUSPECT = re.compile(
    r"\b(?:hallmarks? of|signature of|suspect\w*|believed to (?:be|have)|thought to (?:be|have)|likely)\b",
    re.I,
)
_OFFICIAL = re.compile(
    r"\b(?:police|officials?|authorities|ministry|minister|government|investigators|army|military|"
    r"prosecutors?|security (?:forces|sources|officials)|spokes(?:man|woman|person)|chief|governor|president|"
    r"intelligence)\b",
    re.I,
)


def _figure_sayer(f: dict[str, Any], names: Names, cite: Citation | None) -> str | None:
    """Who stated a figure, as the answer writes it ("officials", "the Taliban"), where the store knows."""
    if f.get("said_by_entity") is not None:
        eid = int(f["said_by_entity"])
        who = names.written(eid, [cite] if cite else [])
        if names.type(eid) == "person":  # a spokesman speaks for his group: "the Taliban (X)"
            group = names.conn.execute(
                select(t.relations.c.object_id)
                .join(t.entities, t.entities.c.id == t.relations.c.object_id)
                .where(
                    t.relations.c.subject_id == eid,
                    t.relations.c.type.in_(("member_of", "leader_of", "deputy_of")),
                    t.entities.c.type == "armed_group",
                )
                .order_by(t.relations.c.id)
            ).first()
            if group is not None:
                return f"{names.canonical(group.object_id)} ({who})"
        return who
    text_ = (f.get("said_by_text") or "").strip()
    return text_ or None


def _said(sayer: str | None, claim: bool) -> str:
    if sayer is None:
        return "a party claimed" if claim else "reports said"
    return f"{sayer} {'claimed' if claim else 'said'}"


def _count(lo: int | None, hi: int | None) -> str:
    return fmt_count_words(lo, hi)


def answer_casualties(conn: Connection, q: Question, b: AnswerBuilder, names: Names) -> Answer:
    """How many were killed (or wounded) in E: each report's figure with who stated it, a party's claims kept
    apart from the toll ("officials said at least 13; the Taliban claimed 35"), the latest toll that is no
    claim; or, asked "how many did X say …", X's own figure."""
    phrase = q.event or ""
    field = q.figure
    verb = "killed" if field == "killed" else "wounded"
    matches = match_events(conn, phrase, need_figure=field, period=q.period, period_end=q.period_end)
    if not matches:
        return b.none(f"how many people were {verb} in {_the(phrase)}", close_names(conn, phrase))
    asked_sayer = resolve_phrase(conn, q.said_by) if q.said_by else []
    sayer_ids = set(asked_sayer)
    if sayer_ids:  # a group says through its leaders and spokesmen
        sayer_ids |= set(
            conn.execute(
                select(t.relations.c.subject_id).where(
                    t.relations.c.type.in_(("member_of", "leader_of", "deputy_of")),
                    t.relations.c.object_id.in_(sorted(sayer_ids)),
                )
            ).scalars()
        )
    for m in matches[:2]:
        figs = [f for f in figures_for(conn, [m.event.id])[m.event.id] if f["field"] == field]
        if not figs:
            continue
        desc = describe_event(m.event)
        if q.said_by:
            own = _figures_said_by(conn, m, figs, sayer_ids, q.said_by, names)
            if own:
                for f, c in own:
                    who = names.written(asked_sayer[0], [c]) if asked_sayer else q.said_by
                    verb_said = "claimed" if f.get("claim") else "said"
                    b.add(
                        f"{who} {verb_said} {_count(f['min'], f['max'])} people were {verb} in {desc}.",
                        [c],
                    )
                continue
        _all_figures(b, m, _read_speakers(conn, m, figs, names), desc, verb, field, names)
    return b.build() if b else b.none(f"how many people were {verb} in {_the(phrase)}")


def _figures_said_by(
    conn: Connection, m: EventMatch, figs: list[dict[str, Any]], sayer_ids: set[int], sayer: str, names: Names
) -> list[tuple[dict[str, Any], Citation]]:
    """The figures ``sayer`` stated: recorded as said by them, or a party's claim where they are a party to
    the event, or (where the store records no speaker) stated in a sentence that names them or goes on
    about them ("The group said the attack killed 20") and says or claims it."""
    parties = {r.entity_id for r in acting(conn, [m.event.id]) if r.entity_id is not None}
    out = []
    for f in figs:
        c = _figure_cite(f)
        if c is None:
            continue
        by = f.get("said_by_entity")
        text_ = (f.get("said_by_text") or "").lower()
        if by is not None and int(by) in sayer_ids or (text_ and sayer.lower() in text_):
            out.append((f, c))
            continue
        if by is not None or text_:
            continue
        if f.get("claim") and sayer_ids & parties:
            out.append((f, c))
            continue
        says = re.search(r"\b(?:said|says|claimed|claims|announced|stated|reported|told)\b", c.text, re.I)
        names_it = any(names.in_citation(e, c) for e in sayer_ids) or (
            sayer_ids & parties
            and re.match(
                r"^\W*(?:it|they|the (?:militant |jihadist |armed |extremist )?group)\b", c.text, re.I
            )
        )
        if says and names_it:
            out.append((f, c))
    return out


_SPEAKER = re.compile(
    r"(?P<who>(?:(?:the|local|provincial|district|security|government|health|hospital|military|army|police|"
    r"senior|Afghan|Iraqi|Nigerian|Pakistani|Somali|[A-Z][a-z]+)\s+){0,3}(?:officials?|police|authorities|"
    r"ministry|army|military|spokes(?:man|woman|person)|sources|hospital|doctors|medics|witnesses|residents|"
    r"government|governor|council|agency))\s*,?\s+(?:said|say|says|told|reported|confirmed|stated)\b"
    r"|\b(?:according to|said|told)\s+(?P<who2>(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:officials?|police|authorities|"
    r"ministry|army|military|sources|hospital|doctors|witnesses|residents|government))\b",
    re.I,
)
_SAYS = re.compile(r"\b(?:said|says|say|claimed|claims|told|stated|announced|reported|confirmed)\b", re.I)


def _read_speakers(
    conn: Connection, m: EventMatch, figs: list[dict[str, Any]], names: Names
) -> list[dict[str, Any]]:
    """Figures whose speaker the store does not record, read from their sentence for the answer (the store
    is left as it is): "…, officials said" → said by officials; a party to the deed saying or claiming a
    figure ("X claimed the raid and said it had killed 35 troops") → X's claim."""
    parties = {r.entity_id for r in acting(conn, [m.event.id]) if r.entity_id is not None}
    parties |= (
        set(
            conn.execute(
                select(t.relations.c.subject_id).where(
                    t.relations.c.type.in_(("member_of", "leader_of", "deputy_of")),
                    t.relations.c.object_id.in_(sorted(parties)),
                )
            ).scalars()
        )
        if parties
        else set()
    )
    out = []
    for f in figs:
        f = dict(f)
        c = _figure_cite(f)
        if (
            c is not None
            and f.get("said_by_entity") is None
            and not f.get("said_by_text")
            and not f.get("claim")
        ):
            named = [e for e in parties if names.in_citation(e, c)]
            if named and _CLAIM.search(c.text) and _SAYS.search(c.text):
                f["claim"] = True
                f["said_by_entity"] = named[0]
            elif (who := _speaker_named(c, names)) is not None:
                f["said_by_text"] = who
            else:
                sp = _SPEAKER.search(c.text)
                if sp:
                    f["said_by_text"] = re.sub(
                        r"^the\s+", "", (sp.group("who") or sp.group("who2")).strip(), flags=re.I
                    )
        out.append(f)
    return out


_SAID_VERB = re.compile(r"\b(?:said|says|told|confirmed|stated|reported|announced)\b")


def _speaker_named(c: Citation, names: Names) -> str | None:
    """A person or body named just before "said" ("X, a provincial official, said 13 …")."""
    verb = _SAID_VERB.search(c.text)
    if verb is None:
        return None
    at = c.start + verb.start()
    best: tuple[int, str] | None = None
    for eid, a, b, text_ in names.in_document(c.document):
        if not (c.start <= a and b <= at) or names.type(eid) not in ("person", "organization"):
            continue
        between = c.text[b - c.start : verb.start()]
        if re.fullmatch(r"\s*|\s*,[^,]{0,90},\s*", between) and (best is None or b > best[0]):
            best = (b, text_)
    return best[1] if best else None


def _all_figures(
    b: AnswerBuilder,
    m: EventMatch,
    figs: list[dict[str, Any]],
    desc: str,
    verb: str,
    field: str,
    names: Names,
) -> None:
    cited = [(f, _figure_cite(f)) for f in figs]
    tolls = [(f, c) for f, c in cited if not f.get("claim")]
    claims = [(f, c) for f, c in cited if f.get("claim")]
    values = {(f["min"], f["max"]) for f, _ in tolls}
    sayers = {_figure_sayer(f, names, c) for f, c in tolls}
    if len(values) == 1 and len(sayers) == 1:
        lo, hi = next(iter(values))
        cites = [c for _, c in tolls if c] or m.citations[:1]
        sayer = next(iter(sayers))
        said = f", {sayer} said" if sayer else ""
        b.add(f"{_count(lo, hi).capitalize()} people were {verb} in {desc}{said}.", cites[:3])
    else:
        seen: set[tuple[Any, ...]] = set()
        for f, c in tolls:  # reports differ: every figure with its source
            key = (f["min"], f["max"], f["document"], _figure_sayer(f, names, c))
            if key in seen:
                continue
            seen.add(key)
            src = f"{f['document']}" + (f" (published {f['published']})" if f["published"] else "")
            sayer = _figure_sayer(f, names, c)
            said = f"{sayer} said " if sayer else ""
            b.add(
                f"According to {src}, {said}{_count(f['min'], f['max'])} people were {verb} in {desc}.",
                [c] if c else m.citations[:1],
            )
    for f, c in claims:
        sayer = _figure_sayer(f, names, c) or _party(m, names)
        who = f"{sayer} claimed" if sayer else "A party to it claimed"
        b.add(
            f"{who} {_count(f['min'], f['max'])} {verb} in {desc}; a claim, not counted as the toll.",
            [c] if c else m.citations[:1],
        )
    own = latest_figures(
        [
            {
                "field": f["field"],
                "min": f["min"],
                "max": f["max"],
                "published": f["published"],
                "claim": f.get("claim", False),
            }
            for f in figs
        ]
    )[field]
    if tolls and claims:
        f0, c0 = next(
            ((f, c) for f, c in reversed(tolls) if own and (f["min"], f["max"]) == (own["min"], own["max"])),
            tolls[-1],
        )
        cl, ccl = claims[-1]
        b.add(
            f"In short: {_said(_figure_sayer(f0, names, c0), False)} {_count(f0['min'], f0['max'])}; "
            f"{_said(_figure_sayer(cl, names, ccl) or _party(m, names), True)} {_count(cl['min'], cl['max'])}.",
            [c for c in (c0, ccl) if c] or m.citations[:1],
        )
    elif len(values) > 1 and own:
        latest = [c for f, c in tolls if (f["min"], f["max"]) == (own["min"], own["max"]) and c]
        if latest:
            b.add(f"The most recent report gives {_count(own['min'], own['max'])}.", latest[-1:])
    if not tolls and claims:
        b.add(
            f"No toll other than a party's claim is on record for {desc}.",
            [c for _, c in claims if c][:1] or m.citations[:1],
        )


def _party(m: EventMatch, names: Names) -> str | None:
    parties = [n for role, n in m.event.participants if role in ("claimant", "perpetrator")]
    return parties[0] if parties else None


def _the(phrase: str) -> str:
    return phrase if re.match(r"^(the|a|an)\b", phrase, re.I) else f"the {phrase}"


@dataclass
class _Actor:
    key: str  # the entity id as "e12", or the text
    entity: int | None
    name: str
    type: str
    how: str  # claimed | named | denied | carried
    citations: list[Citation]
    rank: int


def answer_who_attacked(conn: Connection, q: Question, b: AnswerBuilder, names: Names) -> Answer:
    """Who carried out or claimed E: each actor with how the sources tie them to it (claimed it, named by
    officials, denied it, carried it out), citing the sentence that says so; a group's claim is never
    answered with a country; "which branch of X" gives the unit of X that the sentence names."""
    phrase = q.event or ""
    matches = match_events(
        conn,
        phrase,
        types=(*_ATTACK_LIKE, "claim"),
        period=q.period,
        period_end=q.period_end,
        limit=4,
        spread=0.5,
    )
    if not matches:
        return b.none(f"who attacked {_the(phrase)}", close_names(conn, phrase))
    first = matches[0].event  # the others only where they may be the same deed (its date, or none)
    matches = [
        m
        for m in matches
        if date_fit(m.event.date_start, m.event.date_end, first.date_start, first.date_end) >= 0
    ]
    victims = victims_in(conn, phrase)
    actors = [a for a in _actors(conn, matches, names) if a.entity is None or a.entity not in victims]
    if any(not _OFFICIAL.search(a.name) for a in actors):  # the police who report a deed did not do it
        actors = [a for a in actors if not (_OFFICIAL.search(a.name) and a.type != "armed_group")]
    if q.unit and any(a.type == "armed_group" for a in actors):  # "which faction/group …": the groups
        actors = [a for a in actors if a.type == "armed_group"]
    seen_text = False  # one unnamed attacker ("a suicide bomber") is enough
    kept = []
    for a in actors:
        if a.entity is None and a.how == "carried":
            if seen_text:
                continue
            seen_text = True
        kept.append(a)
    actors = kept
    if any(a.type != "country" for a in actors):
        actors = [a for a in actors if a.type != "country" or a.how == "carried" and _is_strike(matches)]
    hint_ids = set(resolve_phrase(conn, q.hint)) if q.hint else set()
    told = [m for m in matches if m.event.type != "claim"]
    desc = describe_event(told[0].event) if told else "the attack" + _where(matches[0].event)
    if not actors:
        if _claims_from_text(conn, b, matches, desc):
            return b.build()
        return b.none(f"who attacked {_the(phrase)}")
    order = {
        "claim": ("claimed", "carried", "named", "suspected", "denied"),
        "carry": ("carried", "named", "claimed", "suspected", "denied"),
    }
    seq = order.get(q.mode, ("carried", "named", "claimed", "suspected", "denied"))
    if q.unit and hint_ids:
        units = _units(conn, actors, hint_ids, names)
        if units:
            for text_, cite, how in units:
                verb = "claimed responsibility for" if how == "claimed" else "carried out"
                b.add(f"{text_[0].upper() + text_[1:]} {verb} {desc}.", [cite])
            return b.build()
    for how in seq:
        group = [a for a in actors if a.how == how]
        if not group:
            continue
        who = names.join([a.name for a in group])
        cites = [c for a in group for c in a.citations[:1]]
        told_by = [c for m in told[:1] for c in m.citations]
        if told_by and _overlap(_closest(told_by, phrase), phrase) > max(
            (_overlap(c, phrase) for c in cites), default=0
        ):
            cites.append(_closest(told_by, phrase))  # and the sentence telling the deed as the question does
        if how == "claimed":
            b.add(f"{who} claimed responsibility for {desc}.", cites[:3])
        elif how == "named":
            b.add(
                f"Officials or investigators named {who} as behind {desc}.",
                cites[:3],
            )
        elif how == "suspected":
            b.add(f"{who} {'were' if len(group) > 1 else 'was'} suspected of {desc}.", cites[:3])
        elif how == "denied":
            b.add(f"{who} denied involvement in {desc}.", cites[:3])
        else:
            b.add(f"{desc[0].upper() + desc[1:]} was carried out by {who}.", cites[:3])
    unclaimed = q.mode == "claim" and not any(a.how == "claimed" for a in actors)
    if unclaimed and not _claims_from_text(conn, b, matches, desc, limit=1):
        b.add("No claim of responsibility is on record in khabar's sources.", actors[0].citations[:1])
    return b.build() if b else b.none(f"who attacked {_the(phrase)}")


def _overlap(citation: Citation, phrase: str) -> int:
    asked = {w for w in words(phrase) if w not in _STOP and len(w) > 2}
    return len(asked & set(words(citation.text)))


def _closest(citations: list[Citation], phrase: str) -> Citation:
    """Of the sentences that name a doer, the one telling the deed as the question does ("the drone strike that
    killed X": the sentence with "drone strike" and X), else the first."""
    return max(citations, key=lambda c: (_overlap(c, phrase), -citations.index(c)))


def _is_strike(matches: list[EventMatch]) -> bool:
    return any(m.event.type in ("air_strike", "intervention") for m in matches)


def _how(text_: str) -> str:
    """How a sentence ties an actor to the deed: it denies it, claims it, officials name or blame it, or
    the sentence just says it did it."""
    if _DENY.search(text_):
        return "denied"
    if _CLAIM.search(text_) and not _NO_CLAIM.search(text_):
        return "claimed"
    if _OFFICIAL.search(text_) and (_NAMED.search(text_) or _SAID_VERB.search(text_)):
        return "named"
    if _SUSPECT.search(text_):
        return "suspected"
    return "carried"


def _actors(conn: Connection, matches: list[EventMatch], names: Names) -> list[_Actor]:
    """Perpetrators, agents and claimants of the matched events (and of claims told in the same reports),
    each with the sentence that names them."""
    ev_ids = [m.event.id for m in matches]
    docs = {c.document for m in matches for c in m.citations}
    dates = {m.event.date_start for m in matches if m.event.date_start}
    claim_ids: list[int] = []
    best = matches[0].event
    if docs:  # claims told in the same reports, and the same deed stored twice from one report
        for c in conn.execute(
            select(
                t.events.c.id, t.events.c.type, t.events.c.subtype, t.events.c.date_start, t.events.c.date_end
            )
            .join(t.evidence, (t.evidence.c.fact_id == t.events.c.id) & (t.evidence.c.kind == "event"))
            .where(t.events.c.type.in_(("claim", best.type)), t.evidence.c.document_id.in_(sorted(docs)))
        ):
            if c.id in ev_ids:
                continue
            if c.type == "claim":
                if not c.date_start or not dates or c.date_start in dates:
                    claim_ids.append(c.id)
            elif (not c.subtype or not best.subtype or c.subtype == best.subtype) and date_fit(
                c.date_start, c.date_end, best.date_start, best.date_end
            ) >= 0:
                claim_ids.append(c.id)
    all_ids = ev_ids + list(dict.fromkeys(claim_ids))
    cites = {m.event.id: m.citations for m in matches}
    cites.update(evidence_for_many(conn, "event", [i for i in all_ids if i not in cites], per_fact=10))
    rows = acting(conn, all_ids)
    out: dict[tuple[str, str], _Actor] = {}
    for r in rows:
        rank = all_ids.index(r.event_id)
        ev_cites = cites.get(r.event_id, [])
        if r.entity_id is not None:
            named = [c for c in ev_cites if names.in_citation(r.entity_id, c)]
            if not named:
                named = _sentences_naming(conn, r.entity_id, r.document_id)
            name = names.written(r.entity_id, named or ev_cites)
            full = names.canonical(r.entity_id)  # "Abedi" in the sentence, "Salman Abedi" by name
            if len(full) > len(name) and norm_name(name) in norm_name(full):
                name = full
            key = f"e{r.entity_id}"
            type_ = r.type or "other"
        else:
            text_ = (r.text or "").strip()
            if not text_:
                continue
            named = [c for c in ev_cites if text_.lower() in c.text.lower()]
            text_ = common_noun(text_)
            bare = re.match(r"^(?:a|an|the|\d)", text_, re.I) or text_.endswith(("men", "s"))
            name = text_ if text_[:1].isupper() or bare else f"a {text_}"
            key = text_.lower()
            type_ = "other"
        named = named or ev_cites[:1]
        # the sentence that says how: a claim for a claimant, an attribution for a perpetrator
        cued = [c for c in named if (_CLAIM if r.role == "claimant" else _NAMED).search(c.text)]
        named = cued + [c for c in named if c not in cued]
        how = "claimed" if r.role == "claimant" else "carried" if r.entity_id is None else _how(named[0].text)
        if r.role == "claimant":
            named = [c for c in named if _CLAIM.search(c.text)] or named
            if all(_NO_CLAIM.search(c.text) for c in named):
                how = _how(named[0].text)  # "no claim …, which bore the hallmarks of X": a suspicion
        if (key, how) in out:  # one actor may both claim a deed and be named for it by officials
            a = out[(key, how)]
            a.citations += [c for c in named if c not in a.citations]
            continue
        out[(key, how)] = _Actor(key, r.entity_id, name, type_, how, list(named), rank)
    # a person who speaks for or commands a group named in the same sentence is the group's voice
    return sorted(out.values(), key=lambda a: (a.rank, a.type == "other"))


def _sentences_naming(conn: Connection, eid: int, document: str) -> list[Citation]:
    """The sentences of one report that name an entity (where the event's own sentences do not)."""
    q = (
        select(t.sentences.c.text, t.sentences.c.start, t.sentences.c.end, t.documents.c.published)
        .join(t.mentions, t.mentions.c.sentence_id == t.sentences.c.id)
        .join(t.documents, t.documents.c.id == t.sentences.c.document_id)
        .where(t.mentions.c.entity_id == eid, t.mentions.c.document_id == document)
        .order_by(t.sentences.c.idx)
    )
    out = [Citation(document, r.text, r.start, r.end, r.published) for r in conn.execute(q)]
    cued = [c for c in out if _CLAIM.search(c.text) or _NAMED.search(c.text)]
    return list(dict.fromkeys(cued + out))[:3]


_UNIT_WORDS = r"wilaya[th]?|wilayah|province|branch|faction|wing|affiliate|cell|chapter|division|brigade|battalion|offshoot|splinter group"


def _units(
    conn: Connection, actors: list[_Actor], hint_ids: set[int], names: Names
) -> list[tuple[str, Citation, str]]:
    """ "Which X branch …": the actors that are branches of X, else the unit of X that a sentence names
    ("X's Aden-Abyan province claimed …", "the Sinai branch of X")."""
    out: list[tuple[str, Citation, str]] = []
    branches = set(
        conn.execute(
            select(t.relations.c.subject_id).where(
                t.relations.c.type == "branch_of", t.relations.c.object_id.in_(list(hint_ids))
            )
        ).scalars()
    )
    for a in actors:
        if a.entity is not None and a.entity in branches and a.citations:
            out.append((a.name, a.citations[0], a.how))
    if out:
        return out
    for a in actors:
        if a.entity is None or a.entity not in hint_ids:
            continue
        for c in a.citations:
            for written in names.in_citation(a.entity, c) or [a.name]:
                e = re.escape(written)
                m = re.search(
                    rf"(?:the\s+)?{e}['\u2019]s\s+((?:[A-Z][\w-]*\s+){{0,4}}(?:{_UNIT_WORDS})s?(?:\s*\([^)]*\))?)"
                    rf"|((?:the\s+)?(?:[A-Z][\w-]*\s+){{1,4}}(?:{_UNIT_WORDS})s?\s+of\s+(?:the\s+)?{e})",
                    c.text,
                )
                if m:
                    unit = m.group(1) and f"the {written}'s {m.group(1).strip()}" or m.group(2).strip()
                    out.append((unit, c, "claimed" if _CLAIM.search(c.text) else a.how))
                    break
            if out:
                break
    return out


def _claims_from_text(
    conn: Connection, b: AnswerBuilder, matches: list[EventMatch], desc: str, limit: int = 2
) -> int:
    """Where the store records no claim: the sentences of the event's reports that claim it (the group
    nearest the claim word: "claimed by X", "X said it was responsible"). How many were added."""
    docs = sorted({c.document for m in matches for c in m.citations})
    if not docs:
        return 0
    hits = [
        h
        for h in document_sentences(conn, docs)
        if _CLAIM.search(h.text) and not _DENY.search(h.text) and not _NO_CLAIM.search(h.text)
    ]
    ms = mentions_in(conn, hits)
    added = 0
    for h in hits:
        cue = _CLAIM.search(h.text)
        assert cue is not None
        named = ms.get(h.id, [])
        groups = [m for m in named if m.type == "armed_group"] or [
            m for m in named if m.type in ("organization", "person")
        ]
        if not groups:
            continue
        at = h.start + cue.start()
        who = min(groups, key=lambda m: abs(m.start - at)).text
        if b.add(
            f"According to a source, {who} claimed {desc}: \u201c{h.text.strip()}\u201d", [h.citation()]
        ):
            added += 1
        if added >= limit:
            break
    return added
