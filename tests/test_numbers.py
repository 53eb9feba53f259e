"""Number and casualty-figure parsing (khabar.extract.numbers); sentences are our own wording."""

from __future__ import annotations

import pytest

from khabar.extract.numbers import casualties_in_sentence, casualty_figures, parse_count, parse_number
from khabar.model import Count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("137", 137),
        ("21", 21),
        ("1,200", 1200),
        ("12 000", 12000),
        ("four", 4),
        ("Four", 4),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("two hundred", 200),
        ("two hundred and fifty", 250),
        ("three thousand four hundred and two", 3402),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("a hundred", 100),
        ("1.5 million", 1_500_000),
        ("zero", 0),
    ],
)
def test_parse_number_reads_digits_and_words(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "several", "a few", "many", "a", "five two", "2.5", "twenty fifteen x"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        # floors
        ("at least 137", 137, None),
        ("more than 150", 150, None),
        ("over 150", 150, None),
        ("no fewer than 40", 40, None),
        ("at least two dozen", 24, None),
        ("more than a dozen", 12, None),
        ("100 or more", 100, None),
        # ceilings
        ("nearly 200", None, 200),
        ("almost 30", None, 30),
        ("up to 40", None, 40),
        ("as many as 50", None, 50),
        ("fewer than 10", None, 10),
        ("under 10", None, 10),
        # point figures
        ("about 450", 450, 450),
        ("around 12", 12, 12),
        ("some 30", 30, 30),
        ("approximately 40", 40, 40),
        ("roughly 5", 5, 5),
        ("an estimated 300", 300, 300),
        ("12", 12, 12),
        ("21", 21, 21),
        ("1,200", 1200, 1200),
        ("four", 4, 4),
        ("a dozen", 12, 12),
        ("two dozen", 24, 24),
        # ranges
        ("between 10 and 15", 10, 15),
        ("10 to 15", 10, 15),
        ("10-15", 10, 15),
        ("about 10 to 15", 10, 15),
        # spelled out in two words, capitalised at the start of a sentence
        ("Thirty seven", 37, 37),
        ("Forty-two", 42, 42),
        ("more than Forty two", 42, None),
        ("two hundred and five", 205, 205),
        ("a hundred", 100, 100),
        # nobody
        ("no one", 0, 0),
        ("none", 0, 0),
        ("nobody", 0, 0),
    ],
)
def test_parse_count(text: str, lo: int | None, hi: int | None) -> None:
    count = parse_count(text)
    assert count is not None
    assert (count.min, count.max) == (lo, hi)


def test_parse_count_keeps_figure_text_and_ignores_trailing_noun() -> None:
    assert parse_count("at least 137 people") == Count(137, None, "at least 137")


@pytest.mark.parametrize(
    "text",
    ["several", "a few", "many", "some", "people", "", "dozens", "scores", "hundreds", "tens of thousands"],
)
def test_parse_count_vague_is_none(text: str) -> None:
    assert parse_count(text) is None


def _minmax(found: dict[str, Count], key: str) -> tuple[int | None, int | None] | None:
    c = found.get(key)
    return None if c is None else (c.min, c.max)


@pytest.mark.parametrize(
    ("sentence", "killed", "wounded"),
    [
        (
            "A suicide bomber struck the market, killing at least 137 people and wounding nearly 200 others.",
            (137, None),
            (None, 200),
        ),
        ("Gunmen killed 12 soldiers at a checkpoint near the border.", (12, 12), None),
        ("Officials said 12 people were killed in the raid.", (12, 12), None),
        ("The provincial governor reported 12 dead after the ambush.", (12, 12), None),
        ("The death toll from last week's bombing rose to 321 on Tuesday.", (321, 321), None),
        ("The toll from the twin blasts climbed to 84 dead, police said.", (84, 84), None),
        ("Authorities revised the death toll from the hotel siege to about 253.", (253, 253), None),
        ("The health ministry said the death toll has risen to 100.", (100, 100), None),
        ("The explosion injured more than 150 people, a doctor said.", None, (150, None)),
        ("A truck bomb went off outside the court, killing 30 and wounding about 450.", (30, 30), (450, 450)),
        ("12 killed and 30 injured in Kabul blast", (12, 12), (30, 30)),
        ("The roadside bomb left 5 dead.", (5, 5), None),
        ("The shelling claimed the lives of 20 civilians.", (20, 20), None),
        ("The bombing claimed 20 lives.", (20, 20), None),
        ("12 villagers were shot to death and three others became injured.", (12, 12), (3, 3)),
        (
            "Gunmen stormed a hotel, killing, police said, at least 28 people and wounding more than 150.",
            (28, None),
            (150, None),
        ),
        ("Dozens were killed and hundreds wounded in the fighting.", None, None),  # magnitudes, not counts
        ("The raid killed scores of villagers.", None, None),
        ("Thousands of deaths have been blamed on the insurgency.", None, None),
        ("Thirty seven soldiers were killed in the ambush.", (37, 37), None),
        ("No one was hurt in the blast.", None, (0, 0)),
        ("The attack killed 1,200 people, and 2,500 were injured.", (1200, 1200), (2500, 2500)),
        ("Twenty-one villagers were slain overnight.", (21, 21), None),
        # how the killing was done, told with "to death", before, after or around the figure
        ("Rebels hacked to death at least 14 villagers near the river.", (14, None), None),
        ("Nine farmers were beaten to death and four others wounded.", (9, 9), (4, 4)),
        ("The militia stoned three women to death in the square.", (3, 3), None),
        ("Six traders were burnt to death when the mob set their shops alight.", (6, 6), None),
        ("Two suspected thieves were lynched in the market.", (2, 2), None),
        # the state's dead as South Asian copy tells them
        ("Three soldiers were martyred in the ambush, the military said.", (3, 3), None),
        ("Two policemen embraced martyrdom and four were injured.", (2, 2), (4, 4)),
        ("The militants stormed the post, martyring five soldiers.", (5, 5), None),
        # a deed named by its noun, with whom it was done to
        ("The massacre of 30 villagers shocked the country.", (30, 30), None),
        ("Rights groups condemned the execution of 12 prisoners.", (12, 12), None),
        ("The massacre of 1994 is remembered every April.", None, None),
        # a word of the victims' noun phrase may carry its acronym in brackets
        ("Three Sashastra Seema Bal (SSB) constables were killed and two porters were injured.", (3, 3), (2, 2)),
        ("Four Rapid Support Forces (RSF) fighters died in the raid.", (4, 4), None),
    ],
)
def test_casualties_in_sentence(
    sentence: str, killed: tuple[int | None, int | None] | None, wounded: tuple[int | None, int | None] | None
) -> None:
    found = casualties_in_sentence(sentence)
    assert _minmax(found, "killed") == killed
    assert _minmax(found, "wounded") == wounded


@pytest.mark.parametrize(
    "sentence",
    [
        "The group was founded in 2014 and has 3000 fighters.",
        "Three soldiers were wounded 3 days ago.",  # only the wounded count, checked below
        "Officials met 12 delegates on Monday.",
    ],
)
def test_casualties_ignore_years_times_and_other_figures(sentence: str) -> None:
    found = casualties_in_sentence(sentence)
    assert "killed" not in found
    if "wounded" in found:
        assert found["wounded"].min == 3 and found["wounded"].text == "Three"


def test_figure_before_active_verb_is_not_the_dead() -> None:
    # The twelve are the attackers; the victims are the five.
    assert _minmax(casualties_in_sentence("The 12 gunmen killed 5 villagers."), "killed") == (5, 5)
    assert _minmax(casualties_in_sentence("In 2019 militants killed 5 villagers."), "killed") == (5, 5)


def test_toll_wins_over_earlier_figure() -> None:
    s = "The blast initially killed 40 people, and the death toll later rose to 62."
    assert _minmax(casualties_in_sentence(s), "killed") == (62, 62)


def _every_pattern_everywhere(sentence: str) -> list[tuple[str, Count, int]]:
    """``casualty_figures`` without its shortcuts: every pattern run over the whole sentence."""
    from khabar.extract import numbers as n

    out: dict[int, tuple[str, Count, int]] = {}
    for key in ("killed", "wounded"):
        for m in [*n._TOLL[key].finditer(sentence), *n._BEFORE[key].finditer(sentence)]:
            if c := n._figure(m):
                out.setdefault(m.start("n"), (key, c, m.start("n")))
        for m in n._AFTER[key].finditer(sentence):
            died_later = key == "wounded" and (n._died_later(m, sentence) or n._DIED_OF.search(m.group(0)))
            if n._after_ok(m, sentence) and (c := n._figure(m)) and not died_later:
                out.setdefault(m.start("n"), (key, c, m.start("n")))
        if key == "killed":
            for m in n._LIVES.finditer(sentence):
                if c := n._figure(m):
                    out.setdefault(m.start("n"), (key, c, m.start("n")))
            for m in n._PARALLEL.finditer(sentence):
                if n._KILL_VERB_ANY.search(sentence, 0, m.start()) and (c := n._figure(m)):
                    out.setdefault(m.start("n"), (key, c, m.start("n")))
    return [out[k] for k in sorted(out)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels shot dead 14 herders near the river on Friday.",
        "Officials said 9 guards were killed and 22 others hurt when the depot blew up.",
        "THE ARMY SAID THIRTY-TWO INSURGENTS DIED AND ELEVEN WERE WOUNDED",
        "The blast, officials said, killed at least 17 pilgrims and wounded more than 60.",
        "The number of dead has reached 48, and the number of injured stands at 90.",
        "The siege has claimed some 200 lives since March.",
        "Between 10 and 15 villagers were injured, and 3-4 are missing.",
        "No one was hurt; nobody died.",
        "A dozen farmers and half a dozen traders were killed at the market.",
        "Twelve gunmen killed 5 guards before 2 of the attackers were slain.",
        "The toll stood at 1,350 by evening, with 2 000 people injured.",
        "In 2019 militants killed 40 soldiers; 3 days later 8 more died.",
        "Police reported 7 dead,8 injured and 12.5 km of road closed.",
        # letters that IGNORECASE matches with ASCII ones though lower() does not make them ASCII
        "Gunmen \u0130n the north k\u0131lled 12 people and wounded 4.",
        "The attackers \u017fhot dead 6 guards and 3 were ma\u0131med.",
        "SIX PEOPLE WERE \u212aILLED.",
        "\u0663 were killed and \u0664 wounded.",
    ],
)
def test_casualty_figures_shortcuts_find_what_every_pattern_finds(sentence: str) -> None:
    """The gates (words a pattern needs) and the count-start offsets never drop or add a figure."""
    from khabar.extract.numbers import casualty_figures

    assert casualty_figures(sentence) == _every_pattern_everywhere(sentence)


def test_casualty_figures_shortcuts_keep_real_figures() -> None:
    from khabar.extract.numbers import casualty_figures

    found = casualty_figures("Gunmen killed 12 people and wounded four, and 3 others later died.")
    assert [(k, c.min, at) for k, c, at in found] == [("killed", 12, 14), ("wounded", 4, 36), ("killed", 3, 46)]


def _covered(items: list, gate: tuple[str, ...]) -> bool:  # type: ignore[type-arg]
    """Whether every text a parsed regex sequence matches holds one of ``gate`` (lower case): a literal run of
    it holds one, or a group it cannot skip has every alternative covered."""
    from re import _constants as sre

    run = ""
    for op, av in items:
        if op is sre.LITERAL:
            run += chr(av).lower()
            if any(g in run for g in gate):
                return True
            continue
        run = " " if op is sre.IN or (op is sre.MAX_REPEAT and av[0] >= 1 and av[2][0][0] is sre.IN) else ""
        if op is sre.SUBPATTERN and _covered(list(av[-1]), gate):
            return True
        if op is sre.BRANCH and all(_covered(list(alt), gate) for alt in av[1]):
            return True
    return False


@pytest.mark.parametrize(
    ("family", "key", "source"),
    [
        ("_TOLL_WORDS", "killed", "_KILL_TOLL"),
        ("_TOLL_WORDS", "wounded", "_WOUND_TOLL"),
        ("_BEFORE_WORDS", "killed", "_KILL_BEFORE"),
        ("_BEFORE_WORDS", "wounded", "_WOUND_BEFORE"),
        ("_AFTER_WORDS", "killed", "_KILL_AFTER"),
        ("_AFTER_WORDS", "wounded", "_WOUND_AFTER"),
    ],
)
def test_casualty_gates_hold_a_word_of_every_wording_the_pattern_matches(family: str, key: str, source: str) -> None:
    """A word added to a casualty pattern without its gate word would be skipped: every alternative of the
    pattern's verbs and toll nouns must hold one of the words its gate looks for."""
    import re
    from re import _parser as sre_parse

    from khabar.extract import numbers as n

    gate = getattr(n, family)[key]
    tree = list(sre_parse.parse(getattr(n, source), re.IGNORECASE))
    assert _covered(tree, gate)
    assert _covered(list(sre_parse.parse(n._PARALLEL_TAIL, re.IGNORECASE)), n._PARALLEL_WORDS)
    assert _covered(list(sre_parse.parse(n._LIVES.pattern, re.IGNORECASE)), ("lives",))
    assert not _covered(list(sre_parse.parse("(?:slain|maimed|fled)", re.IGNORECASE)), ("slain", "maim"))


def _first_runs(items: list) -> list[str]:  # type: ignore[type-arg]
    """The literal text each way through a parsed regex sequence begins with (lower case; "" where it begins
    with anything else), past a leading word boundary or lookbehind."""
    from re import _constants as sre

    i = 0
    while i < len(items) and items[i][0] in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        i += 1
    if i == len(items):
        return [""]
    op, av = items[i]
    if op is sre.SUBPATTERN:
        return _first_runs(list(av[-1]) + items[i + 1 :])
    if op is sre.BRANCH:
        return [run for alt in av[1] for run in _first_runs(list(alt) + items[i + 1 :])]
    run = ""
    while i < len(items) and items[i][0] is sre.LITERAL:
        run += chr(items[i][1]).lower()
        i += 1
    return [run]


@pytest.mark.parametrize(
    ("pattern", "firsts"),
    [
        ("_TOLL", "_TOLL_FIRST"),
        ("_BEFORE", "_BEFORE_FIRST"),
        ("_LIVES", "_LIVES_FIRST"),
    ],
)
def test_casualty_patterns_begin_with_a_word_they_are_tried_at(pattern: str, firsts: str) -> None:
    """The toll, verb-first and "claimed … lives" patterns are tried only where a word with one of these
    beginnings starts: every way each pattern can begin must begin so (read off the compiled pattern)."""
    import re
    from re import _parser as sre_parse

    from khabar.extract import numbers as n

    compiled = getattr(n, pattern)
    for key in ("killed", "wounded") if isinstance(compiled, dict) else (None,):
        regex = compiled[key] if key else compiled
        prefixes = getattr(n, firsts)[key] if key else getattr(n, firsts)
        runs = _first_runs(list(sre_parse.parse(regex.pattern, re.IGNORECASE)))
        assert runs and all(run and run.startswith(prefixes) for run in runs), (key, runs)
    assert _first_runs(list(sre_parse.parse(r"\b(?:slew|(?:ab|cd)e)\s+x", re.IGNORECASE))) == ["slew", "abe", "cde"]


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("The wounded were flown to a hospital in Srinagar, where two troopers succumbed to injuries.", 2),
        ("Four policemen later succumbed to their wounds in hospital.", 4),
    ],
)
def test_those_who_succumbed_are_dead_not_wounded(sentence: str, killed: int) -> None:
    found = casualty_figures(sentence)
    assert ("killed", killed) in [(f, c.min) for f, c, _at in found], found
    assert "wounded" not in [f for f, _c, _at in found], found


@pytest.mark.parametrize(
    ("sentence", "field"),
    [
        ("At least five of the dead were children, a hospital doctor said.", "killed"),
        ("Two of those killed were soldiers, the army said.", "killed"),
        ("Three of these dead were foreign workers.", "killed"),
        ("Four of the injured are in critical condition.", "wounded"),
        ("Six of those wounded were police officers.", "wounded"),
    ],
)
def test_a_share_of_the_casualties_is_not_a_toll(sentence: str, field: str) -> None:
    """ "N of the dead were children" says who some of them were; the toll is the whole."""
    assert field not in [f for f, _c, _at in casualty_figures(sentence)]
    assert field not in casualties_in_sentence(sentence)


@pytest.mark.parametrize(
    ("sentence", "field", "count"),
    [
        ("Five of the soldiers were killed in the ambush.", "killed", 5),  # a share of a group, not of the dead
        ("The gunmen seized 30 passengers; six of them were killed.", "killed", 6),
        ("Two of the 20 dead were police officers.", "killed", 20),  # the whole stated inside the share
        ("At least 14 people were killed and 40 injured.", "wounded", 40),
    ],
)
def test_a_toll_with_of_around_it_stays_a_toll(sentence: str, field: str, count: int) -> None:
    assert (field, count) in [(f, c.min) for f, c, _at in casualty_figures(sentence)]



@pytest.mark.parametrize(
    ("sentence", "field", "count"),
    [
        ("Three suspected militants were on Friday killed in a gunfight.", "killed", 3),
        ("Two soldiers were yesterday killed in an ambush.", "killed", 2),
        ("Five people were today injured in the blast.", "wounded", 5),
    ],
)
def test_a_day_between_the_auxiliary_and_the_verb_keeps_the_toll(sentence: str, field: str, count: int) -> None:
    assert (field, count) in [(f, c.min) for f, c, _at in casualty_figures(sentence)]


@pytest.mark.parametrize(("text", "value"), [("Twenty 2", 22), ("thirty-7", 37), ("ninety 9", 99), ("forty 12", None)])
def test_a_tens_word_and_a_digit_are_one_number(text: str, value: int | None) -> None:
    """Copy that turned number words into digits half-way ("Twenty 2 people were killed") still means 22."""
    assert parse_number(text) == value


def test_a_half_converted_toll_is_read_whole() -> None:
    assert casualty_figures("Thirty 4 people were killed and 12 were hurt.")[0][1].min == 34


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        ("One of the wounded soldiers later died in hospital.", 1),
        ("Two of the six wounded pupils have since died, doctors said.", 2),
        ("Three of those hurt in the blast succumbed overnight.", 3),
    ],
)
def test_the_wounded_who_died_are_dead(sentence: str, dead: int) -> None:
    assert [c.min for f, c, _at in casualty_figures(sentence) if f == "killed"] == [dead]


@pytest.mark.parametrize("sentence", ["Five of the dead were children.", "Four of the injured are in a coma."])
def test_a_share_of_the_casualties_is_no_toll(sentence: str) -> None:
    assert casualty_figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("Four shoppers were stabbed at a market in Lyon.", [("wounded", 4)]),
        ("The attack led to the death of 3 people and the wounding of 8 others.", [("killed", 3), ("wounded", 8)]),
        ("Two guards were stabbed to death at the gate.", [("killed", 2)]),
    ],
)
def test_people_stabbed_are_wounded_unless_stabbed_to_death(sentence: str, figures: list[tuple[str, int]]) -> None:
    assert [(f, c.min) for f, c, _at in casualty_figures(sentence)] == figures


def test_a_sentence_told_again_gives_its_figures_from_memory_unshared() -> None:
    """Reprinted wire copy repeats sentences word for word: their figures are remembered, and each caller gets
    a list of its own (changing one changes no later answer)."""
    from khabar.extract import numbers as n

    sentence = "Gunmen killed 23 pilgrims and wounded 41 near the shrine on Friday, the ministry said."
    first = n.casualty_figures(sentence)
    hits = n._casualty_figures_cached.cache_info().hits
    first.clear()
    again = n.casualty_figures(sentence)
    assert n._casualty_figures_cached.cache_info().hits == hits + 1
    assert [(k, c.min, at) for k, c, at in again] == [("killed", 23, 14), ("wounded", 41, 38)]
