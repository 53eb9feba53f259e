"""Numbers and casualty figures as news text writes them.

Reports rarely give a bare integer: "at least 137", "nearly 200", "dozens", "between 10 and 15". A figure is
therefore kept as a ``Count`` range so a later report ("the toll rose to 321") can be compared with an earlier
one without pretending either is exact. Pure string functions: no spaCy, so the event extractor can fall back
on them sentence by sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from text_to_num import text2num

from khabar.model import Count

__all__ = [
    "NUMBER_PATTERN",
    "COUNT_PATTERN",
    "parse_number",
    "parse_count",
    "casualties_in_sentence",
    "casualty_figures",
]

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORDS = [*_ONES, *_TEENS, *_TENS, "hundred", "dozen", *_SCALES]

# Vague plurals read as a floor: "dozens" is at least two dozen, "hundreds" at least two hundred.
_VAGUE = {
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
}

# Qualifiers: "min" keeps only a floor, "max" only a ceiling, "exact" keeps the figure as both.
_QUALIFIERS = {
    "at least": "min",
    "more than": "min",
    "over": "min",
    "well over": "min",
    "just over": "min",
    "no fewer than": "min",
    "no less than": "min",
    "not less than": "min",
    "upwards of": "min",
    "in excess of": "min",
    "a minimum of": "min",
    "above": "min",
    "nearly": "max",
    "almost": "max",
    "up to": "max",
    "as many as": "max",
    "as much as": "max",
    "fewer than": "max",
    "less than": "max",
    "under": "max",
    "just under": "max",
    "at most": "max",
    "no more than": "max",
    "not more than": "max",
    "a maximum of": "max",
    "close to": "max",
    "below": "max",
    "about": "exact",
    "around": "exact",
    "some": "exact",
    "approximately": "exact",
    "approx.": "exact",
    "roughly": "exact",
    "an estimated": "exact",
    "estimated": "exact",
    "a total of": "exact",
    "a further": "exact",
    "another": "exact",
    "an additional": "exact",
    "exactly": "exact",
    "precisely": "exact",
    "circa": "exact",
}


def _alternation(phrases: list[str]) -> str:
    """Longest phrase first, so "no fewer than" is not read as "no" + junk; inner spaces match any run."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


_WORD = rf"(?:{_alternation(_NUMBER_WORDS)})\b"
_DIGITS = (
    r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+(?:\.\d+)?)(?!\d)"
    r"(?:\s+(?:hundred|thousand|million|billion|dozen)\b)?"
)
_WORDS = (
    rf"(?:\b(?:a|an|half\s+a)\s+)?\b{_WORD}"
    rf"(?:(?:[\s-]+|(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+){_WORD}){{0,6}}"
)
# "Twenty 2", "thirty-7": a tens word and a digit, as copy that turned number words into digits half-way writes
_TENS_DIGIT = rf"\b(?:{'|'.join(_TENS)})(?:\s+|-)[1-9](?![\d,.])"
_TENS_DIGIT_RE = re.compile(rf"({'|'.join(_TENS)})(?: |-)([1-9])")
#: A number phrase ("137", "1,200", "12 000", "twenty-one", "two hundred and five", "a dozen").
NUMBER_PATTERN = rf"(?:{_TENS_DIGIT}|{_DIGITS}|{_WORDS})"

_QUALS = rf"(?:{_alternation(list(_QUALIFIERS))})"
_ZERO = r"(?:no\s+one|no-one|no\s+1|nobody|none)\b"  # "No 1 was hurt": "no one" with its word made a digit
_VAGUE_RE = rf"(?:{_alternation(list(_VAGUE))})\b"
_PLUS = r"(?:\s+or\s+more|\s*\+|-plus\b|\s+plus\b)"


# "10 to 15", "10 or 12", "10-15"; a dash joins digits only, since "twenty-one" is one number.
def _range(named: bool) -> str:
    def g(name: str) -> str:
        return f"?P<{name}>" if named else "?:"

    return (
        rf"(?:from\s+)?({g('lo')}{NUMBER_PATTERN})\s+(?:to|or)\s+({g('hi')}{NUMBER_PATTERN})"
        rf"|({g('dlo')}{_DIGITS})\s*[-\u2013\u2014]\s*({g('dhi')}{_DIGITS})"
    )


#: A casualty figure with its qualifier, no groups ("at least 137", "between 10 and 15", "dozens").
COUNT_PATTERN = (
    rf"(?:{_QUALS}\s+){{0,2}}(?:{_ZERO}|{_VAGUE_RE}|between\s+{NUMBER_PATTERN}\s+and\s+{NUMBER_PATTERN}"
    rf"|{_range(named=False)}|{NUMBER_PATTERN}){_PLUS}?"
)

_COUNT_PARTS = re.compile(
    rf"\s*(?P<quals>(?:{_QUALS}\s+){{0,2}})(?:(?P<zero>{_ZERO})|(?P<vague>{_VAGUE_RE})"
    rf"|between\s+(?P<blo>{NUMBER_PATTERN})\s+and\s+(?P<bhi>{NUMBER_PATTERN})"
    rf"|{_range(named=True)}"
    rf"|(?P<num>{NUMBER_PATTERN}))(?P<plus>{_PLUS})?",
    re.IGNORECASE,
)
_QUAL_RE = re.compile(_QUALS, re.IGNORECASE)
_SEPARATED = re.compile(r"\d{1,3}(?P<sep>[, \u00a0\u202f\u2009])\d{3}(?:(?P=sep)\d{3})*")
_SCALED = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<scale>hundred|thousand|million|billion|dozen)?")
_SCALE_VALUES = {**_SCALES, "hundred": 100, "dozen": 12}


def parse_number(text: str) -> int | None:
    """The integer a number phrase writes, or None when ``text`` is not one number.

    Digits with thousands separators ("1,200", "12 000"), scaled digits ("1.5 million", "3 dozen") and
    English number words ("twenty-one", "two hundred and five", "a dozen", "half a dozen") are read.
    Vague words ("several", "a few") are not numbers and give None.
    """
    t = re.sub(r"\s+", " ", text.strip().lower())
    if not t:
        return None
    if t.isascii() and t.isdigit():  # "²" is a digit to Python, not a number to int()
        return int(t)
    if _SEPARATED.fullmatch(t):
        return int(re.sub(r"\D", "", t))
    m = _SCALED.fullmatch(t)
    if m:
        value = float(m.group("n")) * _SCALE_VALUES.get(m.group("scale") or "", 1)
        return int(value) if value.is_integer() else None
    if t == "half a dozen":
        return 6
    m = _TENS_DIGIT_RE.fullmatch(t)
    if m:
        return _TENS[m.group(1)] + int(m.group(2))
    return _parse_words([tok for tok in re.split(r"[\s-]+", t) if tok])


def _parse_words(tokens: list[str]) -> int | None:
    """English number words, read by ``text2num`` (a maintained grammar that rejects "five two" rather than
    summing it); "a"/"an" before a scale ("a hundred", "a dozen") and a trailing "dozen" are ours to read."""
    if not tokens:
        return None
    if tokens[0] in ("a", "an"):
        if len(tokens) < 2 or tokens[1] not in ("hundred", "dozen", *_SCALES):
            return None
        tokens = ["one", *tokens[1:]]
    multiplier = 1
    if tokens[-1] == "dozen":
        multiplier, tokens = 12, tokens[:-1] or ["one"]
    if "dozen" in tokens:
        return None
    try:
        value = text2num(" ".join(tokens), "en")
    except ValueError:
        return None
    return value * multiplier


def _qualifier_kind(quals: str) -> str:
    """The first floor/ceiling qualifier wins over "about"-style ones ("at least some 20" is a floor)."""
    kinds = [_QUALIFIERS[re.sub(r"\s+", " ", q.lower())] for q in _QUAL_RE.findall(quals)]
    return next((k for k in kinds if k != "exact"), "exact")


def parse_count(text: str) -> Count | None:
    """A casualty figure from the start of ``text`` ("at least 137 people" → Count(137, None)).

    Choices, so figures from different reports stay comparable:
    - "more than 150", "over 150", "at least 150", "150 or more" → min=150 (not 151): news rounds these, so
      the stated figure is the honest floor. Likewise "fewer than 10", "under 10" → max=10.
    - "nearly", "almost", "up to", "as many as" → max only; "about", "some", "an estimated", bare figures →
      min = max.
    - Vague plurals ("dozens", "scores", "hundreds", "thousands of") are magnitudes, not counts: None, so
      "killing scores" never becomes a toll of 40.
    - "no one", "none", "nobody" → (0, 0). "several", "a few", "many" are not figures → None.
    Words after the figure ("people", "others") are ignored and left out of ``Count.text``; None when the text
    does not start with a figure.
    """
    m = _COUNT_PARTS.match(text)
    if not m:
        return None
    kind = _qualifier_kind(m.group("quals"))
    text = m.group(0).strip()
    if m.group("zero"):
        return Count(0, 0, text)
    if m.group("vague"):
        return None  # "dozens", "scores", "hundreds": a magnitude, never a count
    lo_text = m.group("blo") or m.group("lo") or m.group("dlo")
    hi_text = m.group("bhi") or m.group("hi") or m.group("dhi")
    if lo_text and hi_text:
        lo, hi = parse_number(lo_text), parse_number(hi_text)
        if lo is None or hi is None:
            return None
        lo, hi = min(lo, hi), max(lo, hi)
    else:
        n = parse_number(m.group("num"))
        if n is None:
            return None
        lo = hi = n
    if kind == "min" or m.group("plus"):
        return Count(lo, None, text)
    if kind == "max":
        return Count(None, hi, text)
    return Count(lo, hi, text)


# --- casualty phrases in a sentence -------------------------------------------------------------------------

_C = rf"(?P<n>{COUNT_PATTERN})"
# A figure followed by a unit is a time or a distance, not a casualty count ("killed 3 days later").
_NOT_UNIT = (
    r"(?![\s-]*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|km|kilomet\w*|miles?|met(?:er|re)s?"
    r"|per\s*cent|percent|%|times|o['\u2019]clock|[ap]\.?m\b))"
)
_CASUALTY_STEMS = r"(?:kill|dead|die|death|slain|slay|massac|slaught|murder|shot|execut|behead|perish|toll"
_CASUALTY_STEMS += r"|wound|injur|hurt|maim|lives|fatalit)\w*"
_STOP = (
    rf"(?:and|or|but|while|whereas|as|with|including|plus|who|that|which|were|was|are|is|be|have|has|had"
    rf"|been|being|got|get|became|become|reportedly|also|all|later|confirmed|{_CASUALTY_STEMS}"
    rf"|{_alternation(_NUMBER_WORDS)})\b"
)
# Up to four ordinary words between a figure and its verb: "12 Afghan soldiers were killed".
# (a word may carry its acronym in brackets: "two Border Security Force (BSF) personnel were killed")
_GAP = rf"(?:\s+(?!{_STOP})[a-z][\w'\u2019-]*(?:\s+\([a-z][\w.&-]{{0,11}}\))?){{0,4}}?"
_AUX = (
    r"(?P<aux>(?:\s+(?:who|that|which|have|has|had|were|was|are|is|be|been|being|got|get|became|become"
    r"|reportedly|also|all|later|confirmed|reported|found|left|said\s+to\s+be|yesterday|today|tonight"
    r"|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day))*)"
)
# how a killing was done, told with "to death" ("hacked to death", "were beaten to death", "stabbed him to death"):
# the verbs' stems, which the patterns match (each followed by the rest of its word) and begin with
_TO_DEATH_FIRST = ("hack", "stab", "beat", "burn", "ston", "club", "bludgeon", "tortur", "crush", "trampl", "strangl",
                   "batter", "knif", "slash", "chopp", "axe")  # fmt: skip
_TO_DEATH = "(?:" + "|".join(_TO_DEATH_FIRST) + ")"
_KILL_BEFORE = (
    r"(?:killing|killed|kills|kill|massacring|massacred|slaughtering|slaughtered|slaying|slew|murdering"
    r"|murdered|executing|executed|beheading|beheaded|shot\s+dead|shooting\s+dead|gunned\s+down|gunning\s+down"
    rf"|{_TO_DEATH}\w*\s+to\s+death"
    r"|(?:claimed|claiming|took|taking|cost|costing)\s+the\s+lives\s+of|deaths?\s+of"
    r"|(?:massacre|slaughter|murder|execution|beheading)s?\s+of"  # "the massacre of 30 villagers"
    r"|martyring)"  # "martyring three soldiers", as South Asian and Arab copy tells the state's dead
)
_KILL_AFTER = (
    rf"(?:{_TO_DEATH}\w*\s+to\s+death|lynched"
    r"|killed|dead|died|slain|massacred|murdered|shot\s+dead|shot\s+to\s+death|shot\s+and\s+killed"
    r"|executed|beheaded|perished|lost\s+their\s+lives|deaths|fatalities|succumbed"
    r"|martyred|(?:embraced|attained)\s+(?:martyrdom|shahadat|shahadah|shahadath))\b"
)
_WOUND_BEFORE = (
    r"(?:(?:wounding|injuring)\s+of"  # "the wounding of 5 others"
    r"|wounding|wounded|wounds|injuring|injured|injures|hurting|maiming|maimed)"
)
_WOUND_AFTER = (
    r"(?:wounded|injured|hurt|maimed|injuries|(?:stabbed|knifed)(?!\s+(?:\w+\s+)?to\s+death)"
    r"|(?:sustained|suffered|received)\s+(?:\w+\s+)?(?:injuries|wounds))\b"
)
_LINK = r"(?:to|at|of|reached|hit|passed|exceeded|topped|surpassed|is|was|now|stands|stood)"
_KILL_TOLL = (
    r"(?:death\s+toll|(?<!injury )(?<!injuries )toll"
    r"|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|victims|people\s+killed|those\s+killed|killed)|number\s+(?:killed|dead)|fatalities|deaths)"
)
_WOUND_TOLL = (
    r"(?:injury\s+toll|number\s+of\s+(?:the\s+)?(?:injured|wounded|injuries|people\s+(?:injured|wounded)"
    r"|those\s+(?:injured|wounded))|number\s+(?:injured|wounded)|injuries)"
)
# Active voice: "12 gunmen killed 5 villagers" – the figure before the verb is not the victims.
_OBJECT_AFTER = re.compile(
    rf"\s+(?:(?:a|an|the|this|that|these|those|his|her|their|its|our|several)\b|{COUNT_PATTERN})",
    re.IGNORECASE,
)
_YEARLIKE = re.compile(r"(?:19|20)\d\d")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_TOLL = {
    "killed": _compile(rf"\b{_KILL_TOLL}\b[^.;!?]{{0,130}}?\b{_LINK}\s+{_C}{_NOT_UNIT}"),
    "wounded": _compile(rf"\b{_WOUND_TOLL}\b[^.;!?]{{0,130}}?\b{_LINK}\s+{_C}{_NOT_UNIT}"),
}
_BEFORE = {
    "killed": _compile(rf"\b{_KILL_BEFORE}\s+(?:of\s+)?{_C}{_NOT_UNIT}"),
    "wounded": _compile(rf"\b{_WOUND_BEFORE}\s+{_C}{_NOT_UNIT}"),
}
_AFTER = {
    "killed": _compile(rf"(?<![\w,.]){_C}{_NOT_UNIT}{_GAP}{_AUX}\s+(?P<v>{_KILL_AFTER})"),
    "wounded": _compile(rf"(?<![\w,.]){_C}{_NOT_UNIT}{_GAP}{_AUX}\s+(?P<v>{_WOUND_AFTER})"),
}
# The figure-first patterns try a figure at every word, so they run only on sentences holding the verb (or the
# "and wounding" tail) they end with: a match needs it, so the figures found are the same, for far less CPU.
_AFTER_VERB = {"killed": _compile(_KILL_AFTER), "wounded": _compile(_WOUND_AFTER)}
# "hacked five villagers to death": the figure between the verb and "to death"
_BETWEEN_KILL = _compile(rf"\b{_TO_DEATH}\w*\s+{_C}{_NOT_UNIT}{_GAP}\s+to\s+death\b")
_LIVES = _compile(rf"\b(?:claimed|claiming|took|taking|cost|costing)\s+{_C}(?:\s+[a-z]+)?\s+lives\b")
# "... killing, officials said, at least 28 people and wounding more than 150": the figure before
# "and wounding" is the dead when a killing verb came earlier in the sentence.
_PARALLEL_TAIL = r"\s+and\s+(?:wounding|injuring|maiming)\b"
_PARALLEL = _compile(rf"(?<![\w,.]){_C}{_NOT_UNIT}{_GAP}{_PARALLEL_TAIL}")
_PARALLEL_GATE = _compile(_PARALLEL_TAIL)
_KILL_VERB_ANY = _compile(r"\b(?:kill\w*|massacr\w*|slaughter\w*|slay\w*|slew|murder\w*|shot\s+dead)\b")
_ACTIVE_VERBS = ("killed", "massacred", "murdered", "executed", "beheaded", "shot and killed")


def _figure(m: re.Match[str]) -> Count | None:
    """The match's figure, refusing bare years ("in 2019 militants killed ...") unless qualified."""
    raw = m.group("n")
    if _YEARLIKE.fullmatch(raw.strip()):
        return None
    return parse_count(raw)


def _after_ok(m: re.Match[str], sentence: str) -> bool:
    """A figure before a bare active verb with an object after it is the perpetrators, not the victims."""
    verb = re.sub(r"\s+", " ", m.group("v").lower())
    if m.group("aux").strip() or verb not in _ACTIVE_VERBS:
        return True
    return not _OBJECT_AFTER.match(sentence, m.end())


# "five of the dead were children", "two of those killed were soldiers", "four of the injured are in critical
# condition": a share of the casualties told apart by who they were, not a toll (the toll is the whole, "of the")
_PARTITIVE = re.compile(r"\s+of\s+(?:the|those|these)\s+", re.IGNORECASE)


def _share_of_casualties(m: re.Match[str], sentence: str) -> bool:
    """Whether a figure-first match counts part of the dead or wounded ("N of the dead were ...") rather than them
    all: nothing but "of the/those/these" stands between the figure and the casualty word."""
    return _PARTITIVE.fullmatch(sentence, m.end("n"), m.start("v")) is not None


_SUCCUMBED = re.compile(r"\s*(?:\w+\s+){0,2}?(?:succumb\w*|died|have\s+died|passed\s+away)\b", re.IGNORECASE)


# "two troopers succumbed to injuries", "three died of their wounds": the dead, not the wounded
_DIED_OF = re.compile(r"\b(?:succumb\w*|died|dies|dying)\b", re.IGNORECASE)


# "one of the wounded later died", "2 of the 6 pupils hurt have died": the wounded who died are dead, told
# by their share of the wounded (a share the figure-first patterns leave alone)
_DIED_OF_WOUNDS = re.compile(
    rf"(?<![\w,.])(?P<n>{COUNT_PATTERN})\s+of\s+(?:the|those)\b(?:\s+[\w'-]+){{0,3}}?\s+(?:wounded|injured|hurt)\b"
    r"(?:\s+[\w'-]+){0,3}?\s+(?:died|succumbed)\b",
    re.IGNORECASE,
)


def _died_later(m: re.Match[str], sentence: str) -> bool:
    """ "three of the injured people later succumbed": they are the dead, not the wounded."""
    return bool(_SUCCUMBED.match(sentence, m.end()))


# A word a count can begin with (lower case): a qualifier's first word, "no one", a vague plural, "between",
# "from" (a range), "a"/"an"/"half a" and the number words; a count may also begin with a digit.
_COUNT_FIRST = frozenset(
    {m.group().lower() for phrase in [*_QUALIFIERS, *_VAGUE] if (m := re.match(r"\w+", phrase))}
    | {"no", "nobody", "none", "between", "from", "a", "an", "half", *_NUMBER_WORDS}
)
_WORD_RUN = re.compile(r"\w+")
# Words the other patterns cannot match without (lower case): the toll nouns, the verbs a figure follows.
_TOLL_WORDS = {"killed": ("toll", "number", "fatalit", "death"), "wounded": ("toll", "number", "injur")}
_BEFORE_WORDS = {
    "killed": ("kill", "massacr", "slaughter", "slay", "slew", "murder", "execut", "behead", "shot", "shoot", "gun",
               "lives", "death", "martyr"),
    "wounded": ("wound", "injur", "hurt", "maim"),
}  # fmt: skip
_AFTER_WORDS = {
    "killed": ("kill", "dead", "die", "slain", "massacr", "murder", "shot", "execut", "behead", "perish", "lives",
               "death", "fatalit", "succumb", "lynch", "martyr", "shahada"),
    "wounded": ("wound", "injur", "hurt", "maim", "stabbed", "knifed"),
}  # fmt: skip
# How the words the toll, verb-first and "claimed … lives" patterns begin with begin (lower case).
_TOLL_FIRST = {"killed": ("death", "toll", "number", "fatalit"), "wounded": ("injur", "number")}
_BEFORE_FIRST = {
    "killed": ("kill", "massacr", "slaughter", "slay", "slew", "murder", "execut", "behead", "shot", "shoot", "gun",
               "claim", "took", "tak", "cost", "death", "martyr", *_TO_DEATH_FIRST),
    "wounded": ("wound", "injur", "hurt", "maim"),
}  # fmt: skip
_LIVES_FIRST = ("claim", "took", "tak", "cost")
_PARALLEL_WORDS = ("wounding", "injuring", "maiming")  # what "... and wounding" needs
# Letters outside ASCII that IGNORECASE matches with an ASCII one ("İ" with "i", "ſ" with "s") but
# str.lower() does not turn into it: a sentence holding one is never skipped on its lower-case words.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


class _Words:
    """A sentence's words (runs of word characters), found once: each pattern is tried only where one of the
    words it can begin with starts. A word outside ASCII is always tried (IGNORECASE may match it)."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self.words = [(m.start(), word.lower() if word.isascii() else None, word[0].isdigit())
                      for m in _WORD_RUN.finditer(sentence) for word in (m.group(),)]  # fmt: skip
        self._counts: list[int] | None = None

    def starting(self, prefixes: tuple[str, ...]) -> list[int]:
        """Offsets of the words that begin with one of ``prefixes``."""
        return [at for at, low, _digit in self.words if low is None or low.startswith(prefixes)]

    def counts(self) -> list[int]:
        """Offsets where a figure-first pattern (one beginning ``(?<![\\w,.]){_C}``) can match: a word not after
        a comma or full stop that a count can begin with."""
        if self._counts is None:
            s = self.sentence
            self._counts = [at for at, low, digit in self.words
                            if (at == 0 or s[at - 1] not in ",.") and (digit or low is None or low in _COUNT_FIRST)]  # fmt: skip
        return self._counts


def _matches_from(pattern: re.Pattern[str], sentence: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(sentence)`` for a pattern that can only match at one of ``starts``: the same matches,
    tried at those offsets alone (the leftmost match from each point, then on after its end)."""
    end = 0
    for at in starts:
        if at < end:
            continue
        m = pattern.match(sentence, at)
        if m is not None:
            yield m
            end = m.end()


def _holds(lowered: str | None, words: tuple[str, ...]) -> bool:
    """Whether the lower-cased sentence holds one of ``words`` (None: it has letters that fold otherwise)."""
    return lowered is None or any(w in lowered for w in words)


def casualty_figures(sentence: str) -> list[tuple[str, Count, int]]:
    """Every killed/wounded figure of a sentence with its character offset, in text order: a sentence may
    carry the officials' figure and a group's claimed one ("Police said 13 were killed; the group claimed 35").
    Remembered by the sentence's text: a wire story's sentences come back word for word in the outlets that
    reprint it, and a document asks for some of its sentences twice."""
    return list(_casualty_figures_cached(sentence))


@lru_cache(maxsize=4096)
def _casualty_figures_cached(sentence: str) -> tuple[tuple[str, Count, int], ...]:
    return tuple(_casualty_figures(sentence))


def _casualty_figures(sentence: str) -> list[tuple[str, Count, int]]:
    """``casualty_figures``, computed.

    Each pattern runs only where it can match: on sentences holding a word it needs, and there only at the
    words it can begin with (a toll noun, a verb, a word a count begins with); the figures found are the same
    as running every pattern over the whole sentence."""
    out: dict[int, tuple[str, Count, int]] = {}
    lowered = None if _FOLDS_TO_ASCII.intersection(sentence) else sentence.lower()
    found: _Words | None = None

    def words() -> _Words:
        nonlocal found
        found = _Words(sentence) if found is None else found
        return found

    def tried(pattern: re.Pattern[str], gate: tuple[str, ...], firsts: tuple[str, ...]) -> Iterable[re.Match[str]]:
        return _matches_from(pattern, sentence, words().starting(firsts)) if _holds(lowered, gate) else ()

    for key in ("killed", "wounded"):
        for m in tried(_TOLL[key], _TOLL_WORDS[key], _TOLL_FIRST[key]):
            if c := _figure(m):
                out.setdefault(m.start("n"), (key, c, m.start("n")))
        for m in tried(_BEFORE[key], _BEFORE_WORDS[key], _BEFORE_FIRST[key]):
            if c := _figure(m):
                out.setdefault(m.start("n"), (key, c, m.start("n")))
        after: Iterable[re.Match[str]] = ()
        if _holds(lowered, _AFTER_WORDS[key]) and _AFTER_VERB[key].search(sentence):
            after = _matches_from(_AFTER[key], sentence, words().counts())
        for m in after:
            if (
                _after_ok(m, sentence)
                and not _share_of_casualties(m, sentence)
                and (c := _figure(m))
                and not (key == "wounded" and (_died_later(m, sentence) or _DIED_OF.search(m.group(0))))
            ):
                out.setdefault(m.start("n"), (key, c, m.start("n")))
        if key == "killed":
            if _holds(lowered, ("died", "succumb")):
                for m in _DIED_OF_WOUNDS.finditer(sentence):  # "one of the wounded later died"
                    if c := _figure(m):
                        out.setdefault(m.start("n"), (key, c, m.start("n")))
            for m in tried(_LIVES, ("lives",), _LIVES_FIRST):
                if c := _figure(m):
                    out.setdefault(m.start("n"), (key, c, m.start("n")))
            for m in tried(_BETWEEN_KILL, ("death",), _TO_DEATH_FIRST):
                if c := _figure(m):
                    out.setdefault(m.start("n"), (key, c, m.start("n")))
            parallel: Iterable[re.Match[str]] = ()
            if _holds(lowered, _PARALLEL_WORDS) and _PARALLEL_GATE.search(sentence):
                parallel = _matches_from(_PARALLEL, sentence, words().counts())
            for m in parallel:
                if _KILL_VERB_ANY.search(sentence, 0, m.start()) and (c := _figure(m)):
                    out.setdefault(m.start("n"), (key, c, m.start("n")))
    return [out[k] for k in sorted(out)]


def casualties_in_sentence(sentence: str) -> dict[str, Count]:
    """Killed and wounded figures in one sentence, keys "killed"/"wounded" present only when found.

    A stated toll ("the death toll rose to 321") wins, since it is the report's latest figure; otherwise the
    earliest figure bound to a casualty verb, before it ("killing at least 137") or after it ("12 people
    were killed", "30 injured").
    """
    found: dict[str, Count] = {}
    for key in ("killed", "wounded"):
        toll = next((c for m in _TOLL[key].finditer(sentence) if (c := _figure(m))), None)
        if toll:
            found[key] = toll
            continue
        candidates: list[tuple[int, Count]] = []
        for m in _BEFORE[key].finditer(sentence):
            if c := _figure(m):
                candidates.append((m.start("n"), c))
        for m in _AFTER[key].finditer(sentence):
            if _after_ok(m, sentence) and not _share_of_casualties(m, sentence) and (c := _figure(m)):
                candidates.append((m.start("n"), c))
        if key == "killed":
            for m in (*_LIVES.finditer(sentence), *_BETWEEN_KILL.finditer(sentence)):
                if c := _figure(m):
                    candidates.append((m.start("n"), c))
            for m in _PARALLEL.finditer(sentence):
                if _KILL_VERB_ANY.search(sentence, 0, m.start()) and (c := _figure(m)):
                    candidates.append((m.start("n"), c))
        if candidates:
            found[key] = min(candidates, key=lambda pc: pc[0])[1]
    return found
