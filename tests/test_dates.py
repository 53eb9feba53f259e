"""Date resolution (khabar.extract.dates): precision kept, relative expressions anchored on publication."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from khabar.extract.dates import date_in_sentence, find_dates, resolve_date, temporal_cue

PUB = date(2024, 3, 26)  # a Tuesday


def _r(text: str, published: date | None = PUB) -> tuple[str, str, str | None] | None:
    dv = resolve_date(text, published)
    return None if dv is None else (dv.start, dv.precision, dv.end)


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [
        ("March 22", "2024-03-22", "day"),
        ("on March 22", "2024-03-22", "day"),
        ("22 March", "2024-03-22", "day"),
        ("the 22nd of March", "2024-03-22", "day"),
        ("December 30", "2023-12-30", "day"),  # later in the year than publication: the year before
        ("in January", "2024-01", "month"),
        ("January", "2024-01", "month"),
        ("the January twin bombings", "2024-01", "month"),
        ("early January", "2024-01", "month"),
        ("in May", "2023-05", "month"),  # the most recent May not after publication
        ("last month", "2024-02", "month"),
        ("in May 2016", "2016-05", "month"),
        ("May 2016", "2016-05", "month"),
        ("June 2015", "2015-06", "month"),
        ("in 2019", "2019", "year"),
        ("2019", "2019", "year"),
        ("in in 2019", "2019", "year"),
        ("mid-2019", "2019", "year"),
        ("last year", "2023", "year"),
        ("this year", "2024", "year"),
        ("yesterday", "2024-03-25", "day"),
        ("today", "2024-03-26", "day"),
        ("Sunday", "2024-03-24", "day"),
        ("three days ago", "2024-03-23", "day"),
        ("2024-03-22", "2024-03-22", "day"),
        ("22 March 2024", "2024-03-22", "day"),
        ("March 22, 2024", "2024-03-22", "day"),
        ("Sept. 11, 2001", "2001-09-11", "day"),
        ("Easter Sunday", "2024-03-31", "day"),  # publication year's Easter
        ("Easter", "2024-03-31", "day"),
        ("Christmas", "2023-12-25", "day"),  # nine months ahead: last Christmas
        ("Christmas 2018", "2018-12-25", "day"),
        ("03/22/2024", "2024-03-22", "day"),  # dateparser fallback
        ("the 22nd day of March 2024", "2024-03-22", "day"),
    ],
)
def test_resolve_date(text: str, start: str, precision: str) -> None:
    assert _r(text) == (start, precision, None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2013 and 2014", "2013", "2014"),
        ("2013-2014", "2013", "2014"),
        ("between 2013 and 2014", "2013", "2014"),
        ("2015 and 2016", "2015", "2016"),
        ("from 2013 to 2014", "2013", "2014"),
        ("2013-14", "2013", "2014"),
        ("the 1990s", "1990", "1999"),
    ],
)
def test_year_spans(text: str, start: str, end: str) -> None:
    assert _r(text) == (start, "year", end)


def test_weeks_are_day_spans() -> None:
    assert _r("last week") == ("2024-03-18", "day", "2024-03-24")
    assert _r("this week") == ("2024-03-25", "day", "2024-03-26")


@pytest.mark.parametrize(
    ("text", "published", "start"),
    [
        ("on Monday", date(2023, 1, 30), "2023-01-30"),  # published on a Monday: that same day
        ("on Tuesday", date(2023, 1, 31), "2023-01-31"),
        ("Monday's bombing", date(2023, 1, 31), "2023-01-30"),
        ("Monday night", date(2023, 1, 31), "2023-01-30"),
        ("last Monday", date(2023, 1, 30), "2023-01-23"),
        ("January 30", date(2023, 2, 2), "2023-01-30"),
        ("on January 30", date(2023, 2, 2), "2023-01-30"),
        ("today", datetime(2023, 2, 2, 18, 30), "2023-02-02"),
    ],
)
def test_relative_days(text: str, published: date, start: str) -> None:
    assert _r(text, published) == (start, "day", None)


@pytest.mark.parametrize(
    "text",
    [
        "in recent months",
        "a long time ago",
        "then",
        "currently",
        "years",
        "six years",
        "6 years",
        "the seventh century",
        "a few months",
        "a few days ago",
        "now",
        "recent",
        "recently",
        "the past two years",
        "February 30",
        "12",
        "",
    ],
)
def test_vague_or_non_dates_are_none(text: str) -> None:
    assert resolve_date(text, PUB) is None


def test_relative_needs_publication_date_absolute_does_not() -> None:
    for text in ("March 22", "on Monday", "last year", "January", "yesterday", "Easter"):
        assert resolve_date(text, None) is None, text
    assert _r("May 2016", None) == ("2016-05", "month", None)
    assert _r("in 2019", None) == ("2019", "year", None)
    assert _r("22 March 2024", None) == ("2024-03-22", "day", None)


def test_resolve_keeps_original_text() -> None:
    dv = resolve_date("on March 22", PUB)
    assert dv is not None and dv.text == "on March 22"


def test_find_dates_spans_and_text() -> None:
    s = "The attack on March 22 killed dozens, the worst since 2004."
    found = find_dates(s, PUB)
    assert [(s[a:b], dv.start, dv.precision) for a, b, dv in found] == [
        ("March 22", "2024-03-22", "day"),
        ("2004", "2004", "year"),
    ]
    assert all(dv.text == s[a:b] for a, b, dv in found)


def test_find_dates_running_text_is_strict() -> None:
    # lower-case "may" is a verb, "the March on" a demonstration, a bare number no year
    assert find_dates("Officials said the group may attack again.", PUB) == []
    assert find_dates("The March on the capital was peaceful.", PUB) == []
    assert find_dates("Police said 2000 people attended the rally.", PUB) == []


def test_date_in_sentence_prefers_precision() -> None:
    s = "The group, founded in 2014, claimed Monday's bombing and the January twin bombings."
    dv = date_in_sentence(s, date(2023, 1, 31))
    assert dv is not None and (dv.start, dv.precision, dv.text) == ("2023-01-30", "day", "Monday")
    s2 = "It was founded in May 2016 and pledged allegiance in 2015."
    dv2 = date_in_sentence(s2, PUB)
    assert dv2 is not None and (dv2.start, dv2.precision) == ("2016-05", "month")


def test_date_in_sentence_weekday_with_full_date_is_one_expression() -> None:
    dv = date_in_sentence("On Monday, March 4, 2024, gunmen attacked a checkpoint.", PUB)
    assert dv is not None and (dv.start, dv.text) == ("2024-03-04", "Monday, March 4, 2024")


def test_date_in_sentence_none() -> None:
    assert date_in_sentence("Fighters have controlled the town for years.", PUB) is None
    assert date_in_sentence("Between 2013 and 2014 the group expanded.", None) is not None


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Currently", "current"),
        ("now", "current"),
        ("today", "current"),
        ("the current leader", "current"),
        ("incumbent", "current"),
        ("former", "former"),
        ("ex-commander", "former"),
        ("the then political committee chief", "former"),
        ("erstwhile", "former"),
        ("the late Mullah", "former"),
        ("then", "former"),
        ("previously", "past"),
        ("at the time", "past"),
        ("late last year", None),
        ("and then attacked", None),
        ("the spokesman", None),
    ],
)
def test_temporal_cue(text: str, cue: str | None) -> None:
    assert temporal_cue(text) == cue


@pytest.mark.parametrize(
    ("sentence", "start"),
    [
        # a weekday after "a", "an", "every" or "each" is a kind of day, not a day
        ("The gunmen opened fire during a Sunday service last January 27.", "2024-01-27"),
        ("Bombers hit the market during a Friday prayer on March 15.", "2024-03-15"),
        ("The shrine is crowded every Thursday; it was bombed on March 7.", "2024-03-07"),
        ("The village was raided on Sunday.", "2024-03-24"),
    ],
)
def test_a_kind_of_day_is_no_day(sentence: str, start: str) -> None:
    found = [dv.start for _, _, dv in find_dates(sentence, PUB)]
    assert found == [start], found


def test_last_month_with_a_day_is_that_day() -> None:
    assert [dv.start for _, _, dv in find_dates("It happened last January 27 near the border.", PUB)] == [
        "2024-01-27"
    ]
    assert [dv.start for _, _, dv in find_dates("It happened last January near the border.", PUB)] == [
        "2024-01"
    ]


def test_a_statement_conjoined_to_the_deed_does_not_date_it() -> None:
    """The parser sometimes joins "…, an official said Wednesday" to the deed's verb as a conjunct: the day of
    the saying is not the deed's (a parse built by hand, as the tagger gives it on some wire copy)."""
    import spacy
    from spacy.tokens import Doc

    from khabar.extract.event_dates import date_for, dates_in

    nlp = spacy.blank("en")
    words = ["Gunmen", "abducted", "12", "travellers", ",", "an", "official", "said", "Wednesday", "."]
    heads = [1, 1, 3, 1, 1, 6, 3, 1, 7, 1]  # "an official" hung on the travellers: "said" has no subject
    deps = ["nsubj", "ROOT", "nummod", "dobj", "punct", "det", "appos", "conj", "npadvmod", "punct"]
    pos = ["NOUN", "VERB", "NUM", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "PROPN", "PUNCT"]
    lemmas = ["gunman", "abduct", "12", "traveller", ",", "an", "official", "say", "Wednesday", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    sent = doc[:]
    dates = dates_in(sent, date(2024, 3, 26))
    assert [v.start for _s, v in dates] == ["2024-03-20"]
    assert date_for(doc[1], dates) is None
    # the same parse with a deed's verb as the conjunct ("…, killed Wednesday") shares its day
    lemmas2 = [*lemmas[:7], "kill", *lemmas[8:]]
    words2 = [*words[:7], "killed", *words[8:]]
    doc2 = Doc(nlp.vocab, words=words2, heads=heads, deps=deps, pos=pos, lemmas=lemmas2)
    assert date_for(doc2[1], dates_in(doc2[:], date(2024, 3, 26))) is not None


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Gunmen raided the village overnight Thursday and Friday, a resident said.", "2024-03-21"),
        ("The camp was shelled overnight into Friday.", "2024-03-22"),
        ("Rebels attacked the town overnight on Sunday.", "2024-03-24"),
    ],
)
def test_overnight_with_a_weekday_is_that_night(text: str, start: str) -> None:
    found = find_dates(text, date(2024, 3, 26))
    assert found and found[0][2].start == start, found


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("a fortnight ago", ("2024-03-09", "day", "2024-03-15")),  # two weeks back, give or take a few days
        ("about a fortnight ago", ("2024-03-09", "day", "2024-03-15")),
        ("two fortnights ago", ("2024-02-24", "day", "2024-03-01")),
    ],
)
def test_a_fortnight_ago_is_about_two_weeks_back(text: str, span: tuple[str, str, str]) -> None:
    assert _r(text) == span
    assert [v.text for _s, _e, v in find_dates(f"Gunmen killed 20 people there {text}.", PUB)] == [text]
