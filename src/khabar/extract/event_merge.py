"""One event, many mentions: folding the mentions of one event within a document into one event.

Within a sentence, a killing reported as the outcome of a strike ("killed by a U.S. air strike") joins the
strike, and a killing the speaker of a claim reports ("said its soldiers had killed…") joins the claim. Across
sentences, a later mention joins an earlier one of the same type when nothing contradicts it (date, place,
victims, perpetrators) and something ties them (a shared place, a shared day or month, the next sentence,
or a definite back-reference such as "the attack").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from spacy.tokens import Token

from khabar.extract.event_dates import says_year
from khabar.model import Count, DateValue, DocFacts, EventFact, Participant, km_between, last_day

__all__ = ["EventMention", "absorb_nested", "merge_mentions", "fold_claimed", "consolidate", "counter_attack"]

VIOLENCE = frozenset({"attack", "air_strike", "killing", "execution"})
# A founding, an intervention, a clash or a capture by the same actor is seldom reported twice in one article.
ONCE_PER_ACTOR = frozenset({"founding", "intervention", "clash", "capture"})


@dataclass
class EventMention:
    fact: EventFact
    trigger: Token
    sentence: int
    generic: bool = False  # a plural with nothing specific: "carried out a number of attacks"
    tally: bool = False  # a count of many deeds ("the 44 attacks on the pipeline this year"): never one event
    raid: bool = False  # an abduction that took in the raid it was made in ("stormed the school and took 40 pupils")
    absorbed: bool = False  # folded into another mention of the same sentence
    claimed: bool = False  # told inside a claim ("X said its soldiers had killed…"): the deed claimed
    places: list[str] = field(default_factory=list)  # local entity keys
    told_dates: list[DateValue] = field(default_factory=list)  # the dates (with years) its sentence gives
    during: EventMention | None = (
        None  # the deed this one happened in ("two were abducted during the raid")
    )
    into: EventMention | None = None  # the mention this one was folded into


def link_during(events: list[EventMention]) -> None:
    """ "Two were abducted during the raid", "a guard was killed in the assault": a deed told as part of another
    is where and by whom that one was, once the story has said it."""
    for ev in events:
        if ev.fact.type not in {"kidnapping", "killing", "capture", "execution"}:
            continue
        for c in ev.trigger.children:
            if c.dep_ == "prep" and c.lower_ in {"during", "in", "amid"}:
                for p in c.children:
                    host = next((m for m in events if m is not ev and m.trigger.i == p.i), None)
                    if host is not None and host.fact.type in STORY_VIOLENCE:
                        ev.during = host


def share_scene(events: list[EventMention], facts: DocFacts) -> None:
    """After consolidation: a deed told as part of another takes that one's place and doers where it has none."""
    for ev in events:
        host = ev.during
        while host is not None and host.into is not None:
            host = host.into
        if host is None or host is ev or host not in events:
            continue
        if not any(facts.entities[k].type in {"location", "facility"} for k in ev.places):
            ev.places = list(host.places) + [k for k in ev.places if k not in host.places]
        if ev.fact.type == "kidnapping" and not any(p.role == "perpetrator" for p in ev.fact.participants):
            ev.fact.participants += [p for p in host.fact.participants if p.role == "perpetrator"]


# the deed told by the death it dealt ("killed 10 people and abducted five"): an attack of its own, not the way the
# people were taken
DEADLY_VERBS = frozenset({"kill", "massacre", "slaughter", "murder", "behead", "execute", "slay"})


_HARM_LEMMAS = frozenset({"injure", "wound", "hurt", "maim"})


def _hangs_on(cause: Token, killing: Token) -> bool:
    """Whether the deed ``cause`` names hangs on the killing verb: "killed in an ambush", "killed by a bomb", or on
    the wounding joined to it ("two were killed and a guard was injured in an ambush": the ambush did both)."""
    if cause.head.i == killing.i or cause.head.head.i == killing.i:
        return True
    verb = cause.head.head if cause.head.dep_ in {"prep", "agent"} else cause.head
    if verb.lemma_.lower() not in _HARM_LEMMAS or verb.i < killing.i:
        return False
    if verb.dep_ == "conj" and verb.head.i == killing.i:
        return True
    # the parser may hang both on the saying verb ("two were killed and a guard was injured …, police said")
    return (
        verb.dep_ == killing.dep_
        and verb.head.i == killing.head.i != killing.i
        and any(c.dep_ == "cc" and c.lower_ == "and" for c in killing.children)
    )


def absorb_nested(events: list[EventMention]) -> None:
    """Within one sentence: the outcome joins its cause, the reported killing joins the claim."""
    for ev in events:
        if ev.fact.type not in {"killing", "execution"} or ev.trigger.pos_ != "VERB":
            continue
        for other in events:
            if other is ev or other.fact.type not in {"air_strike", "attack"}:
                continue
            if _hangs_on(other.trigger, ev.trigger):
                doer = "agent" if other.fact.type == "air_strike" else "perpetrator"
                for p in ev.fact.participants:
                    if p.role == "victim" and p not in other.fact.participants:
                        other.fact.participants.append(p)
                    elif p.role in {"agent", "perpetrator"} and (p.entity or p.text):
                        # "The United States killed X in a drone strike": who killed is who struck, named or not
                        # ("militants killed six civilians in an attack")
                        q = Participant(role=doer, entity=p.entity, text=None if p.entity else p.text)
                        if q not in other.fact.participants:
                            other.fact.participants.append(q)
                other.fact.date = other.fact.date or ev.fact.date
                other.places.extend(k for k in ev.places if k not in other.places)
                other.generic = other.generic and not any(p.role == "victim" for p in other.fact.participants)
                ev.absorbed = True
                break
    for ev in events:  # "9 guards died when 3 gunmen stormed a depot"
        if ev.fact.type != "killing" or ev.absorbed or ev.trigger.pos_ != "VERB":
            continue
        cause = next((o for o in events if o is not ev and o.fact.type in {"attack", "air_strike"}
                      and o.trigger.dep_ == "advcl" and o.trigger.head.i == ev.trigger.i), None)  # fmt: skip
        if cause is not None:
            _fold(cause, ev)
            ev.absorbed = True
    for ev in events:  # "the invasion and abduction of students", "stormed the school and kidnapped pupils"
        if ev.fact.type != "kidnapping" or ev.absorbed:
            continue
        raid = next((o for o in events if o is not ev and not o.absorbed and o.fact.type == "attack"
                     and o.trigger.lemma_.lower() not in DEADLY_VERBS  # "killed 10 and abducted five": two deeds
                     and (_coordinated(o.trigger, ev.trigger) or _doers_raid(o.trigger, ev.trigger)
                          or (o is ev.during and o.fact.killed is None and o.fact.wounded is None
                              and not _bare_reference(o)))),
                    None)  # fmt: skip
        if raid is not None:
            _fold(ev, raid)  # one deed: the raid is how the people were taken
            raid.absorbed = True
            ev.raid = True
    for ev in events:
        if ev.trigger.pos_ != "VERB":
            continue
        subj = next((c for c in ev.trigger.children if c.dep_ == "nsubj"), None)
        noun = next((o for o in events if subj is not None and o.trigger.i == subj.i), None)
        if noun is not None and noun.fact.type in VIOLENCE and ev.fact.type in VIOLENCE:
            _fold(noun, ev)  # "The blasts hit three churches…": one event, told by its noun
            noun.fact.participants = [p for p in noun.fact.participants if p.text != noun.trigger.text]
            noun.generic = False
            ev.absorbed = True
    for ev in events:
        if ev.fact.type != "claim":
            continue
        for other in events:
            if other is not ev and other.trigger.dep_ == "ccomp" and other.trigger.head.i == ev.trigger.i:
                other.claimed = True


def _same_day_named(prev: EventMention, ev: EventMention) -> bool:
    """ "the October 7 attack" a year on: a day named without its year, as an event's name, is the day of the
    event told before, not that day in the report's own year."""
    a, b = prev.fact.date, ev.fact.date
    if a is None or b is None or a.precision != "day" or b.precision != "day":
        return False
    return not says_year(b) and a.start[5:] == b.start[5:] and _back_reference(ev, True)


def _date_compatible(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    k = min(len(a.start), len(b.start))
    return a.start[:k] <= (b.end or b.start)[:k] and b.start[:k] <= (a.end or a.start)[:k]


def _places_compatible(a: EventMention, b: EventMention, facts: DocFacts) -> bool | None:
    """True if a place is shared, False if they clash, None if one side names none or it is unclear."""
    if not a.places or not b.places:
        return None
    if set(a.places) & set(b.places):
        return True
    pa = {facts.entities[k].name for k in a.places}
    pb = {facts.entities[k].name for k in b.places}
    if pa & pb:
        return True
    ca = {p.country for k in a.places if (p := facts.entities[k].place) is not None}
    cb = {p.country for k in b.places if (p := facts.entities[k].place) is not None}
    return None if (ca & cb or not ca or not cb) else False


def _actors(ev: EventMention) -> set[str]:
    return {p.entity for p in ev.fact.participants if p.entity and p.role in {"perpetrator", "agent"}}


def _victims(ev: EventMention) -> set[str | None]:
    return {p.entity for p in ev.fact.participants if p.role == "victim"}


def _back_reference(ev: EventMention, dated: bool = False) -> bool:
    """ "the attack", "the Moscow attack": a definite noun with no date of its own points back (with
    ``dated``, one with a date of its own too: "the October 7 attack")."""
    return (
        ev.trigger.pos_ in {"NOUN", "PROPN"}
        and any(c.lower_ in {"the", "this", "that"} for c in ev.trigger.children)
        and (dated or ev.fact.date is None)
    )


# "Earlier this year", "early this month", "earlier in the year": a time before the story's own day, told as such
EARLIER_PERIOD = re.compile(r"\b(?:earlier|early)\s+(?:this|in\s+the)\s+(?:year|month|week)\b", re.IGNORECASE)


def _told_as_earlier(day: EventMention, ev: EventMention) -> bool:
    """ "Gunmen attacked the village on Friday. … Earlier this year, two policemen were killed by bandits in the
    same district": a deed its sentence dates only to a stretch of time before the day another deed was told on is
    another deed, however the stretch holds that day."""
    if day.fact.date is None or day.fact.date.precision != "day" or ev.fact.date is None:
        return False
    if ev.fact.date.precision not in {"month", "year", "week"} or ev.sentence == day.sentence:
        return False
    return EARLIER_PERIOD.search(ev.trigger.sent.text) is not None


def _apart_in_time(a: EventMention, b: EventMention) -> bool:
    """One of two mentions is told as earlier than the day the other is dated to (``_told_as_earlier``)."""
    return _told_as_earlier(a, b) or _told_as_earlier(b, a)


def _same_event(prev: EventMention, ev: EventMention, facts: DocFacts, last: bool = True) -> bool:
    if _marked_other(ev) or (_marked_other(prev) and prev.sentence != ev.sentence):
        return False  # "a week after an earlier ambush": another deed (its own sentence may go on telling it)
    if _apart_in_time(prev, ev):
        return False
    if _opens_another(ev, facts) and prev.sentence != ev.sentence:
        return False  # "Meanwhile, a car bomb killed five": a deed of its own, whatever the story told before
    if (
        prev.fact.type in {"attack", "air_strike"}
        and ev.fact.type == "killing"
        and not _actors(ev)
        and not ev.places
    ):
        # "A bomb exploded near a truck. Six soldiers and a police officer were killed.": the toll of the blast
        return ev.fact.date is None and 0 <= ev.sentence - max(prev.fact.sentences) <= 2
    same_type = prev.fact.type == ev.fact.type or (
        prev.fact.type in VIOLENCE
        and ev.fact.type in VIOLENCE
        and (prev.sentence == ev.sentence or (_back_reference(ev) and ev.sentence - prev.sentence <= 3))
    )
    if same_type and _same_day_named(prev, ev):
        return True  # the day names the event: who planned it or where its planner sat changes nothing
    if not same_type or not _date_compatible(prev.fact.date, ev.fact.date):
        return False
    if _long_before_the_lead(prev, ev, facts):
        return False
    va, vb = _victims(prev), _victims(ev)
    if va and vb and not va & vb:
        return False
    places = _places_compatible(prev, ev, facts)
    if places is False:
        return False
    if places is None and _towns_differ(prev, ev, facts):
        return False  # "blamed for the killing of 30 people in Birnin Gwari": not the Kaura Namoda raid told before
    if places is None and prev.places and ev.places and ev.fact.type == "capture":
        return False  # "captured Aleppo … entered Damascus": one town taken is not another
    pa, pb = _actors(prev), _actors(ev)
    if pa and pb and not pa & pb:
        return False
    if prev.sentence == ev.sentence and prev.trigger.pos_ != "VERB" and ev.trigger.pos_ != "VERB":
        # "the March raid on a bank in Kano, a blast at a mosque in Maiduguri and an attack on…": a list
        return _back_reference(ev)
    if prev.sentence == ev.sentence and prev.trigger.pos_ == ev.trigger.pos_ == "VERB":
        # "seized Kabul and took over…", "stormed the mall, throwing grenades": one act told by two verbs
        return ev.trigger.head.i == prev.trigger.i and (
            ev.trigger.dep_ == "conj"
            or (
                ev.trigger.dep_ == "advcl"
                and ev.trigger.tag_ == "VBG"
                and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in ev.trigger.children)
            )
        )
    anchored = (
        places is True
        or (prev.fact.date is not None and ev.fact.date is not None and prev.fact.date.precision != "year")
        or bool(pa & pb and ev.fact.type in ONCE_PER_ACTOR)
    )
    # "the next sentence" ties only to the event told last: another event between them takes the link
    next_sentence = last and 0 <= ev.sentence - prev.sentence <= 1 and ev.fact.date is None
    return anchored or next_sentence or _back_reference(ev)


LEAD_SENTENCES = 2  # the headline and the first sentence or two tell the story's own event
RECENT_DAYS = 31


def _long_before_the_lead(prev: EventMention, ev: EventMention, facts: DocFacts) -> bool:
    """An undated story told in a report's lead happened about when it was published ("The Taliban claimed a
    bombing that killed three soldiers …"): a deed dated months or years before that ("In June 2011 the group
    claimed an attack …") is background, another deed."""
    published = facts.document.published
    if prev.fact.date is not None or ev.fact.date is None or published is None:
        return False
    if min(prev.fact.sentences, default=prev.sentence) >= LEAD_SENTENCES:
        return False
    try:
        end = last_day(ev.fact.date.end or ev.fact.date.start)
    except ValueError:
        return False
    return end < published - timedelta(days=RECENT_DAYS)


def merge_mentions(events: list[EventMention], facts: DocFacts) -> list[EventMention]:
    """Fold later mentions into an earlier one of the same event; the order of first mention is kept."""
    out: list[EventMention] = []
    for ev in events:
        target = None
        if _back_reference(ev):  # "blamed X for the attacks": the last attack, before any other violence
            target = next((prev for prev in reversed(out) if prev.fact.type == ev.fact.type
                           and _same_event(prev, ev, facts, prev is out[-1])), None)  # fmt: skip
        if target is None:
            target = next(
                (prev for prev in reversed(out) if _same_event(prev, ev, facts, prev is out[-1])), None
            )
        if target is None:
            if _marked_alike(ev):
                _take_story_town(ev, out, facts)
            out.append(ev)
        else:
            if _same_day_named(target, ev):
                ev.places = []  # "X, the group's leader in Gaza, planned the October 7 attack": his place
            _fold(target, ev)
    return out


def _doers_raid(raid: Token, taking: Token) -> bool:
    """ "Gunmen who attacked the school abducted 287 students": the raid told of the abductors, in a relative
    clause on the subject of the abduction, is how they took them."""
    subj = next((c for c in taking.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj is not None and raid.dep_ == "relcl" and raid.head.i == subj.i


def _coordinated(a: Token, b: Token) -> bool:
    """Two triggers of one coordination ("X and Y"), with nothing between them but the conjunction."""
    return (b.dep_ == "conj" and b.head.i == a.i) or (a.dep_ == "conj" and a.head.i == b.i)


def _fold(into: EventMention, ev: EventMention) -> None:
    ev.into = into
    f, g = into.fact, ev.fact
    f.sentences.extend(s for s in g.sentences if s not in f.sentences)
    if _better_date(g.date, f.date):
        f.date = g.date
    # "… killing five soldiers. Troops killed 11 militants": the attackers the state's forces killed are no victims
    # of the attack the story folds their killing into
    shot_back = f.type in {"attack", "air_strike"} and g.type == "killing" and counter_attack(ev.trigger)
    f.participants.extend(
        p for p in g.participants if p not in f.participants and not (shot_back and p.role == "victim")
    )
    into.places.extend(k for k in ev.places if k not in into.places)
    f.weapons.extend(w for w in g.weapons if w not in f.weapons)
    f.targets.extend(t for t in g.targets if t not in f.targets)
    f.superseded.extend(g.superseded)
    f.figures.extend(x for x in g.figures if x not in f.figures)
    f.earlier |= g.earlier
    for field_name in ("killed", "wounded"):
        mine, theirs = getattr(f, field_name), getattr(g, field_name)
        if mine is not None and theirs is not None and (mine.min, mine.max) != (theirs.min, theirs.max):
            # two figures for one event in one report: both are kept, the first stays the event's own
            stated = g.figure_sentences.get(field_name, g.sentences[0] if g.sentences else -1)
            f.superseded.append((field_name, theirs, stated))
        if mine is not None and theirs is not None and _vague(mine) and not _vague(theirs):
            setattr(
                f, field_name, None
            )  # "attacks kill dozens" in a headline yields to "at least 40" in the story
        if getattr(f, field_name) is None and theirs is not None:
            setattr(f, field_name, getattr(g, field_name))
            if field_name in g.figure_sentences:
                f.figure_sentences[field_name] = g.figure_sentences[field_name]
    f.subtype = f.subtype or g.subtype
    if f.type != g.type and f.type == "killing" and not counter_attack(into.trigger):
        f.type = g.type  # an attack that killed is an attack (the police killing an attacker stays a killing)
    if f.type == "attack":  # whoever killed in an attack carried it out
        f.participants = [Participant(role="perpetrator", entity=p.entity, text=p.text) if p.role == "agent" else p
                          for p in f.participants]  # fmt: skip


def _better_date(new: DateValue | None, old: DateValue | None) -> bool:
    """Whether ``new`` says more about when than ``old``: a date where there was none, a finer precision, or one
    day where the other gave a span ("on June 13" over "last week")."""
    if new is None:
        return False
    if old is None:
        return True
    if len(new.start) != len(old.start):
        return len(new.start) > len(old.start)
    return old.end is not None and new.end is None and _date_compatible(old, new)


def _vague(count: Count) -> bool:
    """A toll given by a word of magnitude ("dozens", "scores", "hundreds") rather than a number."""
    return not any(ch.isdigit() for ch in count.text) and any(
        w in count.text.lower() for w in ("dozens", "scores", "hundreds", "thousands")
    )


def fold_claimed(claimed: EventMention, told: list[EventMention], facts: DocFacts | None = None) -> bool:
    """A deed told inside a claim is the attack reported before it, if there is one ("A day after the
    market bombing, the group said its fighters had set off…"): fold it in and say so; else it stands as the only
    report of it. Not an attack of another time ("In May 2019 the group claimed an attack …")."""
    target = next(
        (
            e
            for e in reversed(told)
            if e.fact.type in VIOLENCE
            and not e.generic
            and _date_compatible(e.fact.date, claimed.fact.date)
            and (facts is None or not _long_before_the_lead(e, claimed, facts))
        ),
        None,
    )
    if target is None:
        return False
    # who did it is the claimant's to say (credited from the claim itself), not the claim's grammar
    claimed.fact.participants = [
        p for p in claimed.fact.participants if p.role not in {"agent", "perpetrator"}
    ]
    _fold(target, claimed)
    return True


# A deed said to be another one than the story's: "another bombing", "the previous attack", "a similar attack".
OTHER_MARKERS = frozenset(
    {"another", "other", "previous", "last", "earlier", "similar", "separate", "prior", "past"}
)
# Who counts as the state's forces when they shoot at attackers: a counter-attack, not the attack itself.
STATE_AGENT_WORDS = frozenset(
    {"police", "policemen", "officer", "officers", "troops", "soldiers", "army", "forces", "military",
     "security", "commandos", "guards", "agents", "authorities"}
)  # fmt: skip
STORY_VIOLENCE = frozenset({"attack", "air_strike", "killing", "execution"})
# Deeds a story tells again in other words, joined only with their own kind (a raid and the abduction in it stay
# two events).
STORY_ALIKE = frozenset({"kidnapping"})


def consolidate(events: list[EventMention], facts: DocFacts) -> list[EventMention]:
    """One story, one deed: a news report tells its attack again and again ("the blast", "the bombing", "the
    toll rose"), mostly without repeating its day or town. A later violent mention joins an earlier one unless
    something says it is another deed: its own date or town that differs, a different named doer, "another" or
    "the previous" attack, or a counter-attack on the attackers. Its words of place and time are only trusted
    when it names them itself ("the Garissa attack in 2015" stays apart)."""
    out: list[EventMention] = []
    for ev in events:
        target = None
        if _opens_another(ev, facts) and not any(p.sentence == ev.sentence for p in out):
            pass  # "Meanwhile, a car bomb killed five people in Mogadishu": a deed of its own, not the story's
        elif ev.fact.type in STORY_VIOLENCE and not ev.generic and not _marked_other(ev):
            target = next((prev for prev in reversed(out) if _same_story(prev, ev, facts)), None)
        elif ev.fact.type in STORY_ALIKE and not ev.generic and not _marked_other(ev):
            # "gunmen kidnapped 42 people … they took away 27 students … the kidnapping": one abduction
            target = next(
                (p for p in reversed(out) if p.fact.type == ev.fact.type and _same_story(p, ev, facts)),
                None,
            )
        if target is None:
            out.append(ev)
        else:
            if _bare_reference(ev):
                ev.places = []  # "… were burned in the attack": the sentence's other places are not the attack's
            _fold(target, ev)
    return out


def _modifiers(ev: EventMention) -> set[str]:
    return {c.lower_ for c in ev.trigger.children if c.dep_ in {"det", "amod", "advmod", "predet"}}


# how a report turns to another deed: "Meanwhile, …", "Elsewhere, …", "In a separate attack, …"
TURNING_WORDS = frozenset({"meanwhile", "separately", "elsewhere"})
# "in a separate …", "in another …": the words after "in" (the first two, or one and the next)
TURNING_PHRASES = frozenset(
    {("a", "separate"), ("an", "unrelated"), ("a", "related"), ("a", "second")}
    | {("another", w) for w in ("attack", "incident", "development", "raid", "blast", "bombing", "case")}
)


# what follows an opening "Later" to name the same day: "Later on Friday", "Later that day", "Later the same day",
# "Later in the day", "Later Friday"
LATER_SAME_DAY = frozenset({"on", "that", "the", "in", "monday", "tuesday", "wednesday", "thursday", "friday",
                            "saturday", "sunday"})  # fmt: skip


def told_apart(ev: EventMention) -> bool:
    """Whether a mention says it is another deed than the story's ("Meanwhile, …", "in a separate attack",
    "another bombing"): what it tells joins no deed told before it."""
    return _opens_another(ev) or _marked_other(ev)


def _opens_another(ev: EventMention, facts: DocFacts | None = None) -> bool:
    """The mention's sentence turns to another deed ("Meanwhile, a car bomb killed five people"): it joins none
    told before it (the sentences after it may go on telling it)."""
    sent = ev.trigger.sent
    start = sent.start + 1 if sent[0].is_punct and len(sent) > 1 else sent.start  # a quotation mark or a dash
    words = [t.lower_ for t in sent.doc[start : min(start + 3, sent.end)]]
    if not words:
        return False
    if words[0] in TURNING_WORDS or (words[0] == "in" and tuple(words[1:3]) in TURNING_PHRASES):
        return True
    # "Later on Friday, gunmen attacked a second village": later the same day, at a place of its own, another deed
    # ("Later, the attackers set fire to the houses" goes on telling the first)
    if words[0] != "later" or len(words) < 2 or words[1] not in LATER_SAME_DAY:
        return False
    return bool(ev.places) or (
        facts is not None
        and any(
            m.sentence == ev.sentence and facts.entities[m.entity].type in {"location", "facility"}
            for m in facts.mentions
            if m.entity in facts.entities
        )
    )  # "attacked the village of X": its sentence names the place


def _marked_other(ev: EventMention) -> bool:
    marks = _modifiers(ev) & OTHER_MARKERS
    if marks == {"another"} and _one_more_of_a_series(ev):
        return False
    return bool(marks)


def _one_more_of_a_series(ev: EventMention) -> bool:
    """ "Rebels killed 14 farmers in another massacre": in a report's opening sentences, "another" deed that its
    clause's own verb tells is the report's deed, one more of a series, not a second one (later, "another attack"
    is mostly background, and a deed "days after another attack" is a clause of its own)."""
    t = ev.trigger
    return (
        ev.sentence <= 1
        and t.dep_ == "pobj"
        and t.head.lower_ in {"in", "during"}
        and t.head.head.pos_ in {"VERB", "AUX"}
        and t.head.head.lemma_.lower() not in {"follow", "come"}
    )


def _marked_alike(ev: EventMention) -> bool:
    return bool(_modifiers(ev) & {"such", "similar"})


def _take_story_town(ev: EventMention, told: list[EventMention], facts: DocFacts) -> None:
    """ "The previous such bombing happened in May 2018": another deed of the kind just told, in the town just told
    of, unless it names a town of its own."""
    if any(facts.entities[k].type in {"location", "facility"} for k in ev.places) or any(
        t.ent_type_ in {"GPE", "LOC", "FAC"} for t in ev.trigger.sent
    ):
        return
    for prev in reversed(told):
        towns = [k for k in prev.places if facts.entities[k].type == "location"]
        if prev.fact.type in STORY_VIOLENCE and towns:
            ev.places = towns[:1] + [k for k in ev.places if k not in towns]
            return


def _bare_reference(ev: EventMention) -> bool:
    """ "the attack", "the blast", "this bombing": a definite noun with nothing of its own that names it."""
    t = ev.trigger
    if t.pos_ not in {"NOUN", "PROPN"} or not any(
        c.lower_ in {"the", "this", "that", "these"} for c in t.children
    ):
        return False
    return not any(c.dep_ in {"compound", "nmod", "poss", "nummod", "prep", "relcl", "acl"}
                   or (c.dep_ == "amod" and c.text[:1].isupper()) for c in t.children)  # fmt: skip


def _counter_attack(ev: EventMention) -> bool:
    return counter_attack(ev.trigger)


def by_the_state(t: Token) -> bool:
    """The verb's doer (its subject, or the "by" agent of a passive) is the state's forces."""
    subj = next((c for c in t.children if c.dep_ in {"nsubj", "agent"}), None)
    if subj is not None and subj.dep_ == "agent":
        subj = next((p for p in subj.children if p.dep_ == "pobj"), None)
    return subj is not None and any(w.lower_ in STATE_AGENT_WORDS for w in subj.subtree)


def counter_attack(t: Token) -> bool:
    """ "Police shot dead five attackers": the state's forces killing the attackers is not the attack."""
    objs = [c for c in t.children if c.dep_ in {"dobj", "nsubjpass"}]
    state = by_the_state(t)
    attackers = any(w.lemma_.lower() in {"attacker", "suspect", "assailant", "gunman", "militant", "bomber",
                                         "perpetrator", "terrorist", "driver", "jihadist"}
                    for o in objs for w in o.subtree)  # fmt: skip
    return state and attackers


def _same_story(prev: EventMention, ev: EventMention, facts: DocFacts) -> bool:
    # a story of an abduction tells the raid again ("they attacked the school because …"), not a new attack
    raid_told = prev.fact.type == "kidnapping" and ev.fact.type == "attack" and ev.fact.killed is None
    alike = prev.fact.type == ev.fact.type and prev.fact.type in STORY_ALIKE
    if (prev.fact.type not in STORY_VIOLENCE and not raid_told and not alike) or prev.generic or _marked_other(prev):
        return False
    if _apart_in_time(prev, ev):
        return False
    if _victims(ev) & _actors(prev) - {None}:
        return False  # "he was shot in Marseille": the attacker shot is not his attack
    if _counter_attack(ev) != _counter_attack(prev) and not (
        _counter_attack(prev) and _shot_attacker(ev, prev)
    ):
        return False
    if (
        prev.fact.type == "air_strike"
        and ev.fact.type == "attack"
        and not _bare_reference(ev)
        and not (ev.trigger.pos_ == "VERB" and ev.trigger.lemma_.lower() == "bomb")  # "they flew in to bomb our homes"
    ):
        return False  # a strike from the air and a militant attack are two deeds
    bare = _bare_reference(ev)
    if not bare:
        if not _date_compatible(prev.fact.date, ev.fact.date):
            return False
        if (
            prev.fact.date is not None
            and ev.fact.date is not None
            and prev.fact.date.precision == ev.fact.date.precision == "year"
            and prev.fact.date.start != ev.fact.date.start
        ):
            return False
        if _places_compatible(prev, ev, facts) is False or _towns_differ(prev, ev, facts):
            return False
        if ev.fact.date is not None and prev.fact.date is None and ev.fact.date.precision == "year":
            return False  # "the 2015 attack" is not the undated story told so far
        if _long_before_the_lead(prev, ev, facts):
            return False
        if (
            ev.fact.date is None
            and prev.fact.date is not None
            and ev.told_dates
            and not any(_date_compatible(prev.fact.date, d) for d in ev.told_dates)
        ):
            return False  # "In May 2021, … the leader blew himself up": told in another time
    if bare:
        return True  # "the strike", "the blast": the story's deed, whoever else it is said to have killed
    pa, pb = _actors(prev), _actors(ev)
    if pa and pb and not pa & pb and not _same_side(pa, pb, facts):
        return False
    va, vb = {v for v in _victims(prev) if v}, {v for v in _victims(ev) if v}
    return not (va and vb and not va & vb)


def _same_side(a: set[str], b: set[str], facts: DocFacts) -> bool:
    """A state and its own forces are one doer ("the United States" and "US Forces")."""

    def state_of(key: str) -> str | None:
        ent = facts.entities[key]
        if ent.type == "country":
            return ent.name
        if ent.type == "organization" and ent.place is not None and ent.place.country:
            return ent.place.country
        return None

    sa = {s for k in a if (s := state_of(k))}
    sb = {s for k in b if (s := state_of(k))}
    if sa & sb:
        return True
    names_a = {facts.entities[k].name.lower() for k in a}
    names_b = {facts.entities[k].name.lower() for k in b}
    countries = [facts.entities[k] for k in sorted(a | b) if facts.entities[k].type == "country"]
    for c in countries:
        words = {n.lower() for n in {c.name, *c.aliases}}
        if any(
            n.split()[0] in words or n.startswith(tuple(words))
            for n in names_a | names_b
            if n != c.name.lower()
        ):
            return True
    return False


def _shot_attacker(ev: EventMention, counter: EventMention) -> bool:
    """A deed told without its doer after the police killed an attacker ("he was shot in Marseille") is that
    killing told again, when nothing else is said of it."""
    return (
        not _actors(ev)
        and ev.trigger.pos_ == "VERB"
        and ev.trigger.lemma_.lower() in {"shoot", "kill", "gun"}
    )


def _towns_differ(a: EventMention, b: EventMention, facts: DocFacts) -> bool:
    """Two named towns (not one inside the other's name) make two deeds: Nice and Marseille. A name the gazetteer
    cannot place (a city's district: "the Karrada district" of Baghdad) or a town next to the other tells
    nothing."""
    ta = _located_towns(a, facts)
    tb = _located_towns(b, facts)
    if not ta or not tb or set(ta) & set(tb):
        return False
    return all(km_between(*pa, *pb) > NEIGHBOUR_KM for pa in ta.values() for pb in tb.values())


NEIGHBOUR_KM = 25.0


def _located_towns(ev: EventMention, facts: DocFacts) -> dict[str, tuple[float, float]]:
    out = {}
    for k in ev.places:
        e = facts.entities[k]
        if e.type == "location" and e.place is not None and e.place.geonameid and e.place.lat is not None:
            out[e.name] = (e.place.lat, e.place.lon or 0.0)
    return out

