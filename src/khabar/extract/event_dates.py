"""An event's date: the date expression in its trigger's own clause, or in the clause that dates it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, cast

from spacy.tokens import Span, Token

from khabar.extract.casualties import CASUALTY_WORDS
from khabar.extract.dates import find_dates
from khabar.extract.doc_sents import span_text, token_view
from khabar.extract.lexicon import NOUN_TRIGGERS
from khabar.extract.numbers import parse_number
from khabar.extract.syntax import SAYING_LEMMAS, clause_head, scope
from khabar.model import DateValue

__all__ = [
    "Dated",
    "claimed_day",
    "dates_in",
    "deed_days",
    "own_day",
    "date_for",
    "dates_a_statement",
    "WHEN_WORDS",
    "anchor_yearless",
    "days_later",
    "says_year",
    "interval_dates",
]

WHEN_WORDS = frozenset({"when", "as", "while"})
Dated = list[tuple[Span, DateValue]]


def dates_in(sent: Span, published: date | None) -> Dated:
    out = []
    for start, end, value in find_dates(span_text(sent), published):
        span = sent.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        if span is not None and not _dates_the_source(span):
            out.append((span, value))
    return out


def _dates_source(tok: Token) -> bool:
    return tok.lower_ == "according" or (tok.lower_ == "to" and tok.head.lower_ == "according")


def _dates_the_source(span: Span) -> bool:
    """ "…, according to the military Sunday", "according to a report in Wednesday's issue": the day the source
    spoke, not a deed's."""
    return any(_dates_source(t) for t in span.root.ancestors)


def dates_a_statement(span: Span) -> bool:
    """ "…, military sources said on Monday": the day a source spoke, not the deed's (a date hung on a plain
    saying verb, as ``_dates_the_source`` reads one hung on "according to")."""
    head = span.root.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        head = head.head
    return head.pos_ == "VERB" and head.lemma_.lower() in SAYING_LEMMAS | {"disclose"}


def _first_in(dates: Dated, tokens: set[int]) -> DateValue | None:
    for span, value in dates:
        if any(t.i in tokens for t in span):
            return value
    return None


def _when_clause(verb: Token) -> Token | None:
    return next(
        (c for c in verb.children if c.dep_ == "advcl" and any(m.lower_ in WHEN_WORDS for m in c.children)),
        None,
    )


def date_for(trigger: Token, dates: Dated) -> DateValue | None:
    """A date in the trigger's own phrase or clause; else the date of a "when …" clause it heads or hangs on, or
    of the clause it is conjoined to; never a date from an "after/before …" clause, which dates something else."""
    if not dates:
        return None
    found = _first_in(dates, set(scope(trigger)))
    if found is not None:
        return found
    clause = clause_head(trigger)
    found = _first_in(dates, _stranded_before_tag(clause, dates))
    if found is not None:
        return found
    if _dates_something_else(trigger, clause):
        return _claimed_in(trigger, clause, dates)
    if trigger.dep_ == "pobj" and trigger.head.lower_ in SUBORDINATE_PREPS:
        return None  # "dead after the truck bombing, officials said Monday": the clause's day is not the deed's
    seen: set[int] = set()
    for _ in range(4):
        if clause.i in seen:
            break
        seen.add(clause.i)
        if clause.dep_ == "relcl" and any(c.lower_ in WHEN_WORDS for c in clause.children):
            # "the worst since Jan. 19, when a bomber blew himself up": the day the clause hangs on is its own
            found = _first_in(dates, {clause.head.i})
            if found is not None:
                return found
        if clause.i != trigger.i and clause.lemma_.lower() in STATEMENT_VERBS and trigger.pos_ != "VERB":
            # "… killed in the market bombing on Friday has climbed to 41, the ministry said on Monday": the
            # statement's day is not the deed's (a claim's month or year is)
            return _claimed_in(trigger, clause, dates)
        found = _first_in(dates, set(scope(clause, stop=trigger)))
        if found is not None:
            return found
        for c in clause.children:  # "seized Kabul and took over prisons in August 2021": shared by both verbs
            if (
                c.dep_ == "conj"
                and c.pos_ == "VERB"
                and not _own_subject(c)
                and c.lemma_.lower() not in STATEMENT_VERBS  # "…, an official said Wednesday": the saying's day
                and (found := _first_in(dates, set(scope(c)))) is not None
            ):
                return found
        for c in clause.children:  # "stormed a police post, killing seven officers on Sunday": the harm's day
            if (
                c.dep_ == "advcl"
                and c.tag_ == "VBG"
                and _shares_time(c)
                and c.lemma_.lower() in HARM_VERBS
                and (found := _first_in(dates, _with_conjuncts(c))) is not None
            ):
                return found
        when = _when_clause(clause)
        if when is not None and (found := _first_in(dates, {t.i for t in when.subtree})) is not None:
            return found
        if _harm_it_caused(clause) and (found := _first_in(dates, set(scope(clause.head, stop=clause)))):
            return found
        if clause.dep_ == "advcl" and any(c.lower_ in WHEN_WORDS for c in clause.children):
            clause = clause.head  # "In 2017, when the IS captured…, Russians fought…"
        elif clause.dep_ == "xcomp" or (clause.dep_ in {"conj", "advcl"} and _shares_time(clause)):
            clause = (
                clause.head
            )  # "…and executed …"; "ordered troops to drop…"; not a clause with its own subject
        else:
            break
    return _claimed_in(trigger, _claim_over(trigger), dates)


# what a participle after a deed tells of its harm ("…, killing seven", "…, leaving five dead"): it happens then
HARM_VERBS = frozenset({"kill", "wound", "injure", "leave", "maim", "hurt"})


# how a date is written before a deed's noun: "Saturday's bombing", "the March 3 attack", "last week's raid"
_PREMODIFIERS = frozenset({"poss", "compound", "nmod", "npadvmod", "amod", "nummod"})


def _noun_of(span: Span) -> Token | None:
    """The noun a date is written before as its modifier ("Saturday's" of "bombing"), if it is one."""
    root = span.root
    head = root.head
    if root.dep_ in _PREMODIFIERS and head.i > span.end - 1 and head.pos_ in {"NOUN", "PROPN"}:
        return head
    return None


def own_day(trigger: Token, dates: Dated) -> DateValue | None:
    """A date written before a deed's noun as its modifier: the deed's own, whatever verb governs it."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return None
    return next((value for span, value in dates if (n := _noun_of(span)) is not None and n.i == trigger.i), None)


def deed_days(dates: Dated) -> list[tuple[Span, DateValue]]:
    """The dates of a sentence written before a deed's noun ("claimed Saturday's bombing"): the deed's days,
    never the day of a claim or statement about it."""
    out = []
    for span, value in dates:
        noun = _noun_of(span)
        if noun is not None and (noun.lemma_.lower() in NOUN_TRIGGERS or noun.lower_ in NOUN_TRIGGERS):
            out.append((span, value))
    return out


def claimed_day(trigger: Token, dates: Dated) -> DateValue | None:
    """The day told with a claimed deed ("claimed responsibility for an attack in Kabul on Saturday") when the
    claim has a day of its own told apart ("… on Sunday claimed …"): two days, the deed's is the one with it.
    With only one day ("claimed responsibility for the attack on Tuesday") it may be either, and is left."""
    obj = trigger if trigger.dep_ == "dobj" else trigger.head.head  # the deed, or "responsibility"
    verb = obj.head
    if verb.i == obj.i:
        return None
    found = _first_in(dates, set(scope(trigger)))
    if found is None:
        # "X on Sunday claimed responsibility for an attack in Kabul on Saturday", both days hung on the claim: a
        # claim follows its deed, so the earlier day is the deed's
        claim_scope = set(scope(verb, stop=obj))
        days = {v for span, v in dates if v.precision == "day" and any(t.i in claim_scope for t in span)}
        return min(days, key=lambda v: v.start) if len(days) == 2 else None
    if found.precision != "day":
        return None
    own = _first_in(dates, set(scope(verb, stop=obj)))
    return found if own is not None and own != found else None


def _with_conjuncts(verb: Token) -> set[int]:
    """The scope of a verb and of the verbs conjoined to it without a subject of their own ("killing 15 and
    abducting dozens on Tuesday": one time for both)."""
    out = set(scope(verb))
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ == "VERB" and not _own_subject(c):
            out |= _with_conjuncts(c)
    return out


def _stranded_before_tag(clause: Token, dates: Dated) -> set[int]:
    """The tokens of dates the parser hung on a statement tag that follows the clause they end ("a bomb went off
    in Maiduguri Friday, a police spokesman said": "Friday" read as the saying's day). A tag after the deed takes
    no time word before its own subject, so such a date is the clause's; one after the verb ("…, officials said
    Friday") is the statement's and stays so."""
    tag = clause.head
    if clause.dep_ != "ccomp" or tag.i <= clause.i or tag.lemma_.lower() not in STATEMENT_VERBS:
        return set()
    subj = next((c for c in tag.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.i < tag.i - 8 or subj.left_edge.i <= clause.right_edge.i:
        return set()
    out: set[int] = set()
    for span, _value in dates:
        root = span.root
        if root.head.i == tag.i and clause.right_edge.i < span.start and span.end <= subj.left_edge.i:
            out.update(t.i for t in span)
    return out


def _claim_over(trigger: Token) -> Token:
    """The claim verb a deed hangs on through its noun ("claimed an attack … that killed two guards"), else the
    trigger itself."""
    for a in trigger.ancestors:
        if a.pos_ == "VERB" and a.lemma_.lower() in CLAIM_VERBS:
            subj = next((c for c in a.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            inside = subj is not None and subj.left_edge.i <= trigger.i <= subj.right_edge.i
            return trigger if inside else a
        if a.pos_ == "VERB" and a.dep_ not in {"relcl", "acl"}:
            break
    return trigger


SUBORDINATE_PREPS = frozenset({"after", "before", "since", "following", "until"})
# "announced on Monday the death of X in that raid": the day dates the statement, not the raid
STATEMENT_VERBS = frozenset(
    {"say", "confirm", "claim", "announce", "report", "deny", "condemn", "mourn", "investigate", "probe", "tell",
     "state", "add", "acknowledge", "admit", "reveal", "disclose", "publish", "release", "post", "show",
     "blame", "accuse", "name", "identify", "arrest", "charge", "sentence", "convict", "try", "mark",
     "commemorate", "recall", "remember"}
)  # fmt: skip
CLAIM_VERBS = frozenset({"claim"})
# "the toll from the explosion climbed to 31 on Thursday": the day dates the count, not the explosion
TOLL_VERBS = frozenset(
    {"rise", "climb", "reach", "increase", "jump", "stand", "hit", "top", "surpass", "exceed", "mount", "swell",
     "grow", "double", "pass"}
)  # fmt: skip


def _claimed_in(trigger: Token, clause: Token, dates: Dated) -> DateValue | None:
    """ "In June 2011 the group claimed an attack…": a claim follows its deed within days, so the claim's month
    or year is the deed's (its day need not be: "claimed on Monday Sunday's bombing")."""
    if clause.i == trigger.i or clause.lemma_.lower() not in CLAIM_VERBS:
        return None
    found = _first_in(dates, set(scope(clause, stop=trigger)))
    return found if found is not None and found.precision in {"month", "year"} else None


def _harm_it_caused(clause: Token) -> bool:
    """Whether a clause is the cause of the deaths or wounds its head tells ("five soldiers died on Saturday
    after a bomber blew himself up", "were wounded when…"): the casualties' day is the deed's."""
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in CAUSING_MARKS for c in clause.children)
        and (clause.head.lemma_.lower() in CASUALTY_WORDS or clause.head.lower_ in CASUALTY_WORDS)
    )


CAUSING_MARKS = frozenset({"after", "as", "when"})


def _dates_something_else(trigger: Token, clause: Token) -> bool:
    """Whether the clause around a deed noun dates another thing: a statement about it or a toll of it."""
    if trigger.pos_ not in {"NOUN", "PROPN"} or clause.i == trigger.i:
        return False
    lemma = clause.lemma_.lower()
    if lemma in STATEMENT_VERBS:
        return True
    if lemma in TOLL_VERBS:
        subj = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        return subj is not None and subj.left_edge.i <= trigger.i <= subj.right_edge.i
    return False


def _shares_time(verb: Token) -> bool:
    """A clause with no subject of its own that happens when its head does: "…and executed …", "merged with
    smaller factions to form HTS", "opened fire, killing 137"; not "after they seized …" (a subordinator)."""
    if _own_subject(verb):
        return False
    if verb.dep_ == "conj":
        return True
    if any(c.dep_ == "mark" for c in verb.children):
        return False
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _own_subject(verb: Token) -> bool:
    """Whether a conjoined verb has a subject of its own ("X entered Somalia in 2011, and Y described …"): then
    it is a separate clause and shares no date with the first."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def says_year(value: DateValue) -> bool:
    """Whether the text of a date names its year ("March 22, 2024", "in 2019"), rather than leaving it to be
    inferred ("March 22", "on Monday")."""
    return re.search(r"\b\d{4}\b", value.text or "") is not None


def anchor_yearless(
    value: DateValue,
    told_before: list[DateValue],
    published: date | None,
    later: list[DateValue] | None = None,
) -> DateValue:
    """ "killed in a raid on November 18", months after the report's own year began, in a story that opened
    "On November 13, 2015": a day named without its year, far back from the report's date, belongs to the
    year of the dated event told shortly before it, not to the year before publication."""
    if published is None or value.precision != "day" or says_year(value):
        return value
    day = date.fromisoformat(value.start)
    if (published - day).days < 183:
        return value  # a recent day: the report's own year is right
    best: date | None = None
    for told in told_before:
        if told.precision != "day":
            continue
        anchor = date.fromisoformat(told.start)
        try:
            candidate = day.replace(year=anchor.year)
        except ValueError:  # 29 February
            continue
        if timedelta(0) <= candidate - anchor <= timedelta(days=62) and (best is None or candidate < best):
            best = candidate
    for told in later or []:  # "after the September 11 attacks, … in December 2001": the year said next
        try:
            candidate = day.replace(year=int(told.start[:4]))
        except ValueError:
            continue
        if best is None and timedelta(0) <= date.fromisoformat(_last_day(told)) - candidate <= timedelta(
            days=183
        ):
            best = candidate
    if best is None:
        return value
    return DateValue(best.isoformat(), "day", text=value.text)


def _last_day(value: DateValue) -> str:
    """The last day a date at its precision covers ("2001-12" → "2001-12-31")."""
    if value.precision == "day":
        return value.start
    if value.precision == "month":
        y, m = int(value.start[:4]), int(value.start[5:7])
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return (nxt - timedelta(days=1)).isoformat()
    return f"{value.start[:4]}-12-31"


_LATER = re.compile(
    r"^\W*(?:(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|twenty|thirty) (?P<unit>day|week)s? later|the (?:next|following) (?P<next>day|week)"
    r"|(?P<same>(?:on |later )?(?:the same|that same|that) (?:day|night|evening|morning)|(?:a few |several )?hours later"
    r"|later that (?:day|night|evening)))\b",
    re.I,
)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "twenty": 20, "thirty": 30}  # fmt: skip


def days_later(sentence: str, told_before: list[DateValue]) -> DateValue | None:
    """ "Eleven days later, a bomber struck…", "The next day, …": the day the story last named, moved on."""
    m = _LATER.match(sentence)
    last = next((d for d in reversed(told_before) if d.precision == "day"), None)
    if m is None or last is None:
        return None
    if m.group("same"):
        n, unit = 0, "day"  # "On the same day, …", "Hours later, …": the day last named
    elif m.group("next"):
        n, unit = 1, m.group("next").lower()
    else:
        raw = m.group("n").lower()
        n, unit = (int(raw) if raw.isdigit() else _SMALL[raw]), m.group("unit").lower()
    moved = date.fromisoformat(last.start) + timedelta(days=n * (7 if unit == "week" else 1))
    return DateValue(moved.isoformat(), "day", text=m.group(0).strip(" ,"))


_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
# how far off an interval counted in this unit may be: "a week after" is about a week, "a month after" about a month
_UNIT_SLACK = {"week": 2, "month": 7}


def interval_dates(sent: Span, mentions: list[Any], earlier: list[Any]) -> None:
    """ "Sunday's attack happened eight days after another bombing", "The raid came a week after an earlier ambush": the
    other deed is dated from the one the clause is about (eight days before it; a week is about a week, a span)."""
    if not mentions:
        return  # the other deed is one of the sentence's own: none, nothing to date
    by_trigger = {m.trigger.i: m for m in mentions}
    view = token_view(sent.doc)
    for i in range(sent.start, sent.end):
        if view.lower[i] not in {"after", "before"} or view.dep[i] not in {"prep", "mark"}:
            continue
        t = view.tokens[i]
        if view.dep[i] == "prep":  # "a week after an earlier ambush": the deed is the object
            obj = next((c for c in t.children if c.dep_ == "pobj"), None)
            deeds = [by_trigger[obj.i]] if obj is not None and obj.i in by_trigger else []
            holder, clause = t, t.head
        else:  # "a week after bandits killed 20 people": every deed told in the clause it opens
            verb = t.head
            deeds = [m for m in mentions if m.trigger.i in {x.i for x in verb.subtree}]
            holder, clause = verb, verb.head
        span = next((c for c in holder.children if c.dep_ == "npadvmod" and c.lemma_.lower() in _UNIT_DAYS), None)
        if not deeds or span is None or clause.i == holder.i:
            continue  # (a date the clause lent it is the anchor's own: the interval says better)
        num = next((c for c in span.children if c.dep_ in {"nummod", "det"}), None)
        n = 1 if num is None or num.lower_ in {"a", "an", "one"} else parse_number(num.text)
        anchor = _anchor_date(clause, by_trigger, earlier, deeds[0])
        if n is None or anchor is None or any(d.trigger.i == clause.i for d in deeds):
            continue
        unit = span.lemma_.lower()
        sign = -1 if t.lower_ == "after" else 1
        day = date.fromisoformat(anchor.start) + timedelta(days=sign * n * _UNIT_DAYS[unit])
        slack = _UNIT_SLACK.get(unit, 0) * (n if unit == "month" else 1)
        for ev in deeds:
            if slack:  # "a week after", "a month after": about that long, so a span of days, never one day
                lo, hi = day - timedelta(days=slack), day + timedelta(days=slack)
                ev.fact.date = DateValue(lo.isoformat(), "day", end=hi.isoformat(), text=f"{span.text} {t.text}")
            else:
                ev.fact.date = DateValue(
                    day.isoformat(), "day", text=f"{num.text if num else ''} {span.text} {t.text}"
                )


def _anchor_date(
    clause: Token, by_trigger: dict[int, Any], earlier: list[Any], other: Any
) -> DateValue | None:
    """The day of the deed the clause is about: its subject's event ("Sunday's attack happened …"), or for "it"
    or "the attack", the last deed told with a day."""
    told = by_trigger.get(clause.i)  # "gunmen killed 12 villagers on Sunday, a week after …": the clause's deed
    if told is not None and told is not other:
        d = told.fact.date
        if d is not None and d.precision == "day" and d.end is None:
            return cast(DateValue, d)
    subj = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None:
        return None
    own = by_trigger.get(subj.i)
    if own is not None and own is not other:
        d = own.fact.date
        if d is not None and d.precision == "day" and d.end is None:
            return d
    if subj.lower_ in {"it", "this", "that"} or subj.lemma_.lower() in {
        "attack",
        "bombing",
        "blast",
        "explosion",
    }:
        for m in reversed(earlier):
            d = m.fact.date
            if m is not other and d is not None and d.precision == "day" and d.end is None:
                return cast(DateValue, d)
    return None
