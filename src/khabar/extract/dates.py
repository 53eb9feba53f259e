"""Dates in news text, kept at the precision the text gives and resolved against the publication date.

Why a grammar of our own: dateparser turns "in January" into a full day, reads "six years" as a date and
resolves "on Monday" against today rather than against the article. The shapes news actually uses
("March 22", "in May 2016", "last year", "Monday's bombing", "between 2013 and 2014") are matched by the
regexes below and resolved here; dateparser is kept for the odd absolute formats the grammar does not know
("03/22/2024", "the 22nd day of March 2024"), through one cached ``DateDataParser``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser
from dateutil.easter import easter

from khabar.extract.numbers import NUMBER_PATTERN, parse_number
from khabar.model import DateValue, Precision

__all__ = ["resolve_date", "date_in_sentence", "find_dates", "is_date_expression", "temporal_cue"]

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september")
_MONTHS = {m: i + 1 for i, m in enumerate((*_MONTH_NAMES, "october", "november", "december"))}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
_MONTH_ABBR |= {"oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS = {
    d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_PRECISION_RANK = {"year": 1, "month": 2, "day": 3}
# A named day this far ahead of publication is taken to be last year's ("Christmas" in a March article).
_NAMED_DAY_LOOKAHEAD = timedelta(days=60)

_MON_FULL = rf"(?:{'|'.join(_MONTHS)})\b"
_MON_ANY = rf"(?:{_MON_FULL}|(?:sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\b\.?)"
_WD = rf"(?:{'|'.join(_WEEKDAYS)})\b"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"[-\u2013\u2014]"
_PART = (
    r"(?:early|late|mid|(?:the\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of"
    r"|(?:the\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+of)?)"
)
# Words before a bare month or year that make it a date ("in 2019", "since January", "the 2015 attack").
_CONTEXT = re.compile(
    r"(?:\b(?:in|since|during|until|till|by|from|through|throughout|of|before|after|around|circa|the|and|or"
    r"|to|between|early|late|last|this|next|past)\s+|\bmid-)$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"['\u2019]s\b")


@dataclass(frozen=True)
class _Found:
    """A resolved date before it becomes a DateValue: ISO-ish start/end at one precision."""

    start: str
    precision: Precision
    end: str | None = None


_Resolver = Callable[[re.Match[str], date | None], _Found | None]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: _Resolver
    needs_context: bool = False  # bare months/years are dates only after "in", "since", ... in running text
    capitalised: tuple[str, ...] = ()  # groups that must be capitalised in running text ("May" vs "may")


def _day(d: date) -> _Found:
    return _Found(d.isoformat(), "day")


def _month(y: int, m: int) -> _Found:
    return _Found(f"{y:04d}-{m:02d}", "month")


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTH_ABBR[key]


def _safe_date(y: int, m: int, d: int) -> date | None:
    """None for impossible calendar days ("February 30"): the text then names no real date."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_day(m: re.Match[str], pub: date | None) -> _Found | None:
    """Day-precise; without a year the most recent such day not after publication."""
    mon, day = _month_number(m.group("mon")), int(m.group("d"))
    if m.group("y"):
        d = _safe_date(int(m.group("y")), mon, day)
        return _day(d) if d else None
    if pub is None:
        return None
    year = pub.year - 1 if (mon, day) > (pub.month, pub.day) else pub.year
    d = _safe_date(year, mon, day)
    return _day(d) if d else None


def _iso(m: re.Match[str], pub: date | None) -> _Found | None:
    d = _safe_date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    return _day(d) if d else None


def _month_year(m: re.Match[str], pub: date | None) -> _Found | None:
    return _month(int(m.group("y")), _month_number(m.group("mon")))


def _bare_month(m: re.Match[str], pub: date | None) -> _Found | None:
    """The most recent such month not after publication ("last January" in January: a year back)."""
    if pub is None:
        return None
    mon = _month_number(m.group("mon"))
    which = (m.group("which") or "").lower()
    if which in ("next", "coming"):
        return _month(pub.year + 1 if mon <= pub.month else pub.year, mon)
    if which in ("last", "past"):
        return _month(pub.year if mon < pub.month else pub.year - 1, mon)
    return _month(pub.year if mon <= pub.month else pub.year - 1, mon)


_FIXED_DAYS = {
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
}


def _named_day_in(name: str, year: int) -> date:
    """The holiday's date in ``year``; Easter-based ones move, the rest are fixed (Christmas by default)."""
    key = re.sub(r"\s+", " ", name.lower()).replace("\u2019", "'")
    if key.startswith("easter"):
        return easter(year) + timedelta(days=1 if key.endswith("monday") else 0)
    if key == "good friday":
        return easter(year) - timedelta(days=2)
    return date(year, *_FIXED_DAYS.get(key, (12, 25)))


def _named(m: re.Match[str], pub: date | None) -> _Found | None:
    """Publication year's occurrence, unless that is well ahead of publication (then the year before)."""
    name = m.group("named")
    if m.group("y"):
        return _day(_named_day_in(name, int(m.group("y"))))
    if pub is None:
        return None
    d = _named_day_in(name, pub.year)
    if d - pub > _NAMED_DAY_LOOKAHEAD:
        d = _named_day_in(name, pub.year - 1)
    return _day(d)


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _ago(m: re.Match[str], pub: date | None) -> _Found | None:
    """ "one week ago" is that day; "about two weeks ago" is a span around it, never a day: an approximate
    distance keeps the text's precision."""
    n = 1 if m.group("num").lower() in ("a", "an") else parse_number(m.group("num"))
    if pub is None or n is None:
        return None
    unit = m.group("unit").lower()
    approx = bool(m.group("approx"))
    if unit == "fortnight":  # "a fortnight ago": two weeks, said loosely
        unit, n, approx = "week", 2 * n, True
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        if approx or (unit == "week" and m.group("plural")):
            slack = max(1, days // 4) if unit == "day" else 3
            lo, hi = pub - timedelta(days=days + slack), pub - timedelta(days=max(days - slack, 0))
            return _Found(lo.isoformat(), "day", hi.isoformat())
        return _day(pub - timedelta(days=days))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, -n))
    return _Found(f"{pub.year - n:04d}", "year")


def _weekend(pub: date | None, last: bool = False) -> _Found | None:
    """ "over the weekend" in a report: the last Saturday and Sunday on or before publication; "last weekend" in a
    weekend report is the one before."""
    if pub is None:
        return None
    back = (pub.weekday() - 5) % 7  # days since the last Saturday
    if last and pub.weekday() >= 5:
        back += 7
    saturday = pub - timedelta(days=back)
    sunday = min(saturday + timedelta(days=1), pub)
    return _Found(saturday.isoformat(), "day", sunday.isoformat() if sunday != saturday else None)


def _night_before(m: re.Match[str], pub: date | None) -> _Found | None:
    """ "the previous night" is the night before the report; "overnight" spans that night and the report's
    day (one of the two, never assumed)."""
    if pub is None:
        return None
    before = pub - timedelta(days=1)
    if "overnight" in m.group(0).lower():
        return _Found(before.isoformat(), "day", pub.isoformat())
    return _day(before)


def _relative_unit(m: re.Match[str], pub: date | None) -> _Found | None:
    """ "last week" is the Monday–Sunday span; "last month"/"this year" keep month/year precision."""
    if pub is None:
        return None
    which, unit = m.group("which").lower(), m.group("unit").lower()
    step = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
        end = pub if step == 0 else monday + timedelta(days=6)
        return _Found(monday.isoformat(), "day", end.isoformat())
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, step))
    return _Found(f"{pub.year + step:04d}", "year")


def _relative_day(m: re.Match[str], pub: date | None) -> _Found | None:
    """ "last night" is the evening before a (typically morning) report, hence the day before."""
    if pub is None:
        return None
    word = re.sub(r"\s+", " ", m.group("rel").lower())
    back = {"the day before yesterday": 2, "yesterday": 1, "last night": 1}.get(word, 0)
    return _day(pub - timedelta(days=back))


def _weekday(m: re.Match[str], pub: date | None) -> _Found | None:
    """A news "on Monday" is the most recent Monday on or before publication; "last Monday" is before it."""
    if pub is None:
        return None
    wd = _WEEKDAYS[m.group("wd").lower()]
    which = (m.group("which") or "").lower()
    if which in ("next", "coming"):
        return _day(pub + timedelta(days=((wd - pub.weekday()) % 7) or 7))
    back = (pub.weekday() - wd) % 7
    if which in ("last", "past") and back == 0:
        back = 7
    return _day(pub - timedelta(days=back))


def _year_range(m: re.Match[str], pub: date | None) -> _Found | None:
    y1, y2_text = int(m.group("y")), m.group("y2")
    y2 = int(y2_text) if len(y2_text) == 4 else (y1 // 100) * 100 + int(y2_text)
    if y2 <= y1:
        return None  # "2014-13" is not a span; the single years still match on their own
    return _Found(f"{y1:04d}", "year", f"{y2:04d}")


def _decade(m: re.Match[str], pub: date | None) -> _Found | None:
    y = int(m.group("y"))
    return _Found(f"{y:04d}", "year", f"{y + 9:04d}")


def _year(m: re.Match[str], pub: date | None) -> _Found | None:
    return _Found(f"{int(m.group('y')):04d}", "year")


def _numeric(m: re.Match[str], pub: date | None) -> _Found | None:
    return _dateparser_date(m.group(0), pub)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Order matters only between matches of equal length (earlier rule wins); longer matches always win.
_RULES: tuple[_Rule, ...] = (
    _Rule("iso", _rx(rf"(?<![\d-])(?P<y>{_YEAR})-(?P<mo>\d{{1,2}})-(?P<d>\d{{1,2}})(?!\d)"), _iso),
    _Rule("numeric", _rx(r"(?<![\d/.])\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?![\d/.])"), _numeric),
    _Rule(
        "month-day",
        _rx(
            rf"(?:(?P<wd>{_WD}),?\s+)?(?P<mon>{_MON_ANY})\s+(?P<d>\d{{1,2}}){_ORD}(?!\d)\b"
            rf"(?:\s*,?\s*(?P<y>{_YEAR}))?"
        ),
        _month_day,
        capitalised=("mon", "wd"),
    ),
    _Rule(
        "day-month",
        _rx(
            rf"(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?<![\d,.])(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<mon>{_MON_ANY})"
            rf"(?:\s*,?\s*(?P<y>{_YEAR}))?"
        ),
        _month_day,
        capitalised=("mon", "wd"),
    ),
    _Rule(
        "month-year",
        _rx(rf"(?:{_PART}[\s-]+)?(?P<mon>{_MON_ANY})\s*,?\s+(?:of\s+)?(?P<y>{_YEAR})"),
        _month_year,
        capitalised=("mon",),
    ),
    _Rule(
        "named-day",
        _rx(
            r"(?P<named>easter\s+sunday|easter\s+monday|easter|good\s+friday|christmas\s+day|christmas\s+eve"
            rf"|christmas|new\s+year['\u2019]s\s+day|new\s+year['\u2019]s\s+eve|boxing\s+day)\b"
            rf"(?:\s*,?\s+(?:of\s+)?(?P<y>{_YEAR}))?"
        ),
        _named,
        capitalised=("named",),
    ),
    _Rule(
        "ago",
        _rx(
            r"(?:\b(?P<approx>about|around|some|roughly|nearly|almost|more\s+than|over|less\s+than|under"
            r"|a\s+few|few|several)\s+)?"
            rf"\b(?P<num>\d+|an?|{NUMBER_PATTERN})\s+(?P<unit>day|fortnight|week|month|year)(?P<plural>s?)\s+ago\b"
        ),
        _ago,
    ),
    _Rule(
        "weekend",
        _rx(r"\b(?:over|during|at|on)\s+(?:the\s+)?(?P<which>last\s+|past\s+)?weekend\b|\blast\s+weekend\b"),
        lambda m, pub: _weekend(pub, last=bool(m.group("which")) or m.group(0).lower().startswith("last")),
    ),
    _Rule(
        "night-before",
        # "overnight Thursday and Friday" is that night, not the one before publication
        _rx(
            r"\b(?:the\s+)?(?:previous|preceding)\s+(?:night|evening|day)\b"
            rf"|\bovernight\b(?!\s+(?:on\s+|into\s+|from\s+|between\s+)?{_WD})"
        ),
        lambda m, pub: _night_before(m, pub),
    ),
    _Rule(
        "relative-unit",
        _rx(r"\b(?P<which>last|previous|this|next|coming)\s+(?P<unit>week|month|year)\b"),
        _relative_unit,
    ),
    _Rule(
        "relative-day",
        _rx(
            r"\b(?P<rel>the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night"
            r"|this\s+(?:morning|afternoon|evening))\b"
        ),
        _relative_day,
    ),
    _Rule(
        "weekday",
        # "a Sunday Mass", "every Friday": a kind of day, not a day
        _rx(
            r"(?<!\ba\s)(?<!\ban\s)(?<!\bevery\s)(?<!\beach\s)"
            rf"\b(?:(?P<which>last|this|next|past|coming)\s+)?(?P<wd>{_WD})"
        ),
        _weekday,
        capitalised=("wd",),
    ),
    _Rule(
        "year-range",
        _rx(
            rf"(?<![\w,.$])(?:(?P<pre>between|from)\s+)?(?P<y>{_YEAR})\s*(?:and|to|through|until|till|{_DASH}|/)"
            rf"\s*(?P<y2>{_YEAR}|\d\d(?!\d))"
        ),
        _year_range,
        needs_context=True,
    ),
    _Rule(
        "decade",
        _rx(r"(?<![\w,.$])(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<y>(?:1[89]|20)\d0)['\u2019]?s\b"),
        _decade,
    ),
    _Rule(
        "month",
        # "last January 27" is the day, not the month
        _rx(
            rf"(?:\b(?P<which>last|this|next|past|coming|early|late|mid)[\s-]+)?(?P<mon>{_MON_FULL})"
            r"(?!\s+\d{1,2}(?!\d))"
        ),
        _bare_month,
        needs_context=True,
        capitalised=("mon",),
    ),
    _Rule(
        "year",
        _rx(rf"(?<![\w,.$\u00a3\u20ac-])(?:(?P<part>{_PART})[\s-]+)?(?P<y>{_YEAR})(?![,.]\d)"),
        _year,
        needs_context=True,
    ),
)


# "the March on the capital" is a demonstration, not a month.
_MARCH_THE_VERB = re.compile(r"\bthe\s+march$", re.IGNORECASE)
_PREP = re.compile(r"\s+(?:on|to|towards|through|against|for|from|in)\b", re.IGNORECASE)


def _context_ok(rule: _Rule, m: re.Match[str], text: str, loose: bool) -> bool:
    """A bare month/year counts as a date when introduced ("in 2019"), qualified ("mid-2019", "last
    January", "between 2013 and 2014") or possessive ("January's attack"); in loose mode also at the start."""
    if not rule.needs_context:
        return True
    groups = m.groupdict()
    if groups.get("pre") or groups.get("part") or groups.get("which"):
        return True
    if loose and not text[: m.start()].strip():
        return True
    return bool(_CONTEXT.search(text, 0, m.start()) or _POSSESSIVE.match(text, m.end()))


def _capitals_ok(rule: _Rule, m: re.Match[str]) -> bool:
    return all(not m.group(g) or m.group(g)[0].isupper() for g in rule.capitalised)


def _candidates(text: str, published: date | None, loose: bool) -> list[tuple[int, int, DateValue]]:
    """Every resolved date expression, overlaps settled for the longest (then the earlier rule)."""
    found: list[tuple[int, int, int, DateValue | None]] = []
    for rank, rule in enumerate(_RULES):
        for m in rule.pattern.finditer(text):
            if not _context_ok(rule, m, text, loose) or not (loose or _capitals_ok(rule, m)):
                continue
            if (
                rule.name == "month"
                and _MARCH_THE_VERB.search(text, 0, m.end())
                and _PREP.match(text, m.end())
            ):
                continue
            value = rule.resolve(m, published)
            dv = DateValue(value.start, value.precision, value.end, m.group(0)) if value else None
            found.append((m.start(), m.end(), rank, dv))
    # Unresolvable matches still claim their span: "February 30" is no date, not "February".
    found.sort(key=lambda f: (f[0] - f[1], f[2], f[0]))
    claimed: list[tuple[int, int, DateValue | None]] = []
    for start, end, _, dv in found:
        if all(end <= s or start >= e for s, e, _ in claimed):
            claimed.append((start, end, dv))
    return sorted(((s, e, dv) for s, e, dv in claimed if dv is not None), key=lambda c: c[0])


def _as_date(published: date | None) -> date | None:
    return published.date() if isinstance(published, datetime) else published


def find_dates(sentence: str, published: date | None) -> list[tuple[int, int, DateValue]]:
    """Every date expression in a sentence, resolved: (start, end, value) with offsets into ``sentence``."""
    return list(_find_dates_cached(sentence, _as_date(published)))


@lru_cache(maxsize=4096)
def _find_dates_cached(sentence: str, published: date | None) -> tuple[tuple[int, int, DateValue], ...]:
    return tuple(_find_dates(sentence, published))


def _find_dates(sentence: str, published: date | None) -> list[tuple[int, int, DateValue]]:
    """(start, end, date) for each date expression in running text, in order of appearance.

    Running text is read strictly: months, weekdays and holidays must be capitalised ("may" is a verb) and
    a bare month or year needs an introducing word ("in 2019", "the January bombings").
    """
    return _candidates(sentence, _as_date(published), loose=False)


def _best(found: list[tuple[int, int, DateValue]]) -> DateValue | None:
    if not found:
        return None
    return max(found, key=lambda f: (_PRECISION_RANK[f[2].precision], -f[0]))[2]


def date_in_sentence(sentence: str, published: date | None) -> DateValue | None:
    """The most precise date expression in the sentence (the earliest among equals), or None."""
    return _best(find_dates(sentence, published))


_LEADING = re.compile(
    r"^(?:on|in|at|since|during|by|from|until|till|of|around|circa|before|after|as\s+of|the)\s+",
    re.IGNORECASE,
)
_UNIT_WORDS = re.compile(
    r"\b(?:years?|months?|weeks?|hours?|minutes?|centur\w*|decades?|ago|last|next)\b", re.I
)
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}")
_MONTH_WORD = re.compile(_MON_ANY, re.IGNORECASE)
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    """One parser for the process: building it loads dateparser's language data."""
    return DateDataParser(
        languages=["en"], settings={"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    )


def _dateparser_date(text: str, pub: date | None) -> _Found | None:
    """dateparser for formats the grammar lacks; a missing year is filled from ``pub``, never from today."""
    data = _parser().get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "month", "year"):
        return None
    got = data.date_obj.date()
    if not _HAS_YEAR.search(text) and not re.search(r"[/.]\d{2}\b", text):
        if pub is None or data.period == "year":
            return None
        year = pub.year - 1 if (got.month, got.day) > (pub.month, pub.day) else pub.year
        got = _safe_date(year, got.month, got.day) or got
    if data.period == "year":
        return _Found(f"{got.year:04d}", "year")
    if data.period == "month":
        return _month(got.year, got.month)
    return _day(got)


def resolve_date(text: str, published: date | None) -> DateValue | None:
    """A date expression (a spaCy DATE span, a modifier) at the precision it gives, or None when vague.

    Relative expressions ("on Monday", "last year", "March 22") resolve against ``published`` and give
    None without it; absolute ones ("May 2016", "2019") always resolve. Durations, centuries and vague
    words ("six years", "the seventh century", "recently", "now") give None. Text that is more than a date
    ("Monday's bombing") yields its most precise date expression.
    """
    pub = _as_date(published)
    t = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().strip('.,;:!?()[]"').strip()
    while (stripped := _LEADING.sub("", t)) != t:
        t = stripped
    t = re.sub(r"'s$", "", t)
    if not t:
        return None
    found = _candidates(t, pub, loose=True)
    whole = [f[2] for f in found if f[0] == 0 and f[1] == len(t)]
    if whole:
        return DateValue(whole[0].start, whole[0].precision, whole[0].end, text)
    if not _UNIT_WORDS.search(t) and (_MONTH_WORD.search(t) or _NUMERIC_DATE.search(t)):
        value = _dateparser_date(t, pub)
        if value is not None:
            return DateValue(value.start, value.precision, value.end, text)
    best = _best(found)
    return DateValue(best.start, best.precision, best.end, text) if best else None


_CURRENT = r"\b(?:currently|current|now|today|incumbent|presently|sitting)\b"
_FORMER = (
    r"\b(?:former|formerly|erstwhile|one-time|onetime|ex-|ex\s)|\bthe\s+then\b|\bthen-|^\s*then\s*$|^\s*late\s*$"
    r"|\bthe\s+late\s+(?!(?:last|this|next|in|on|at|night|morning|afternoon|evening|(?:1[89]|20)\d\d)\b"
    rf"|{_WD}|{_MON_FULL})"
)
_PAST = r"\b(?:previously|at\s+the\s+time|at\s+that\s+time|used\s+to|had\s+been|once\s+(?:a|an|the)\b)"
_CUES: tuple[tuple[Literal["current", "former", "past"], re.Pattern[str]], ...] = (
    ("current", _rx(_CURRENT)),
    ("former", _rx(_FORMER)),
    ("past", _rx(_PAST)),
)


def temporal_cue(text: str) -> Literal["current", "former", "past", None]:
    """Whether a relation is stated as holding now, as ended, or at some past time; the earliest cue wins.

    "former", "ex-", "erstwhile", "the then ...", "the late X" mark a relation that has ended ("former");
    "previously", "at the time", "used to" place it in the past without saying it ended ("past").
    """
    hits = [(m.start(), cue) for cue, rx in _CUES if (m := rx.search(text))]
    return min(hits)[1] if hits else None


_ANY_DAY = date(2000, 1, 1)  # a reference day, only so that relative expressions resolve at all


def is_date_expression(text: str) -> bool:
    """Whether a phrase contains a date expression ("Easter Sunday", "on Monday"), whatever day it would be."""
    return bool(find_dates(text, _ANY_DAY))
