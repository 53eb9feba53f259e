"""The questions analysts ask, each in several wordings, on a hand-made store (``tests/askstore.py``: an
invented insurgency in our own words) and, end to end, on short texts of our own; and the motive lexicon
behind *why* answers."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from khabar import Khabar
from khabar.errors import ConfigError
from khabar.explain import Answer, ask, parse_question
from khabar.explain.motives import load_motives, motive_lexicon
from khabar.explain.roles import gone_cue
from khabar.store import Store
from tests.askstore import build


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build(tmp_path_factory.mktemp("ask") / "k.db")


def _ask(store: Store, question: str) -> Answer:
    with store.connect() as conn:
        a = ask(conn, question)
        for c in a.citations:  # every citation is a stored sentence, verbatim, at its offsets
            doc = conn.execute(
                text("SELECT text FROM documents WHERE id = :d"), {"d": c.document}
            ).scalar_one()
            assert doc[c.start : c.end] == c.text
    assert all(p.citations for p in a.parts), a.answer  # every sentence of the answer is cited
    return a


def _cited(a: Answer) -> str:
    return " ".join(c.text for c in a.citations)


# -- reading questions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind", "slots"),
    [
        ("Who succeeded Tariq Sultan?", "successor", {"person": "Tariq Sultan"}),
        (
            "Who replaced Tariq Sultan as leader of the NLF?",
            "successor",
            {"person": "Tariq Sultan", "subject": "NLF"},
        ),
        ("Who was Tariq Sultan's successor?", "successor", {"person": "Tariq Sultan"}),
        ("Who took over after Tariq Sultan was sacked?", "successor", {"person": "Tariq Sultan"}),
        (
            "Who became the leader of the NLF after Tariq Sultan was sacked?",
            "successor",
            {"person": "Tariq Sultan", "subject": "NLF"},
        ),
        (
            "Who was appointed deputy emir of the NLF in June 2021?",
            "deputy",
            {"subject": "NLF", "period": "2021-06"},
        ),
        ("Who's the new chief of the NLF?", "leader", {"subject": "NLF", "new": True}),
        ("Who did the NLF name as its new leader?", "leader", {"subject": "NLF", "new": True}),
        ("By whom is the NLF led?", "leader", {"subject": "NLF"}),
        ("Who founded the NLF?", "founder", {"subject": "NLF"}),
        (
            "Who is the founder of the Northern Liberation Front?",
            "founder",
            {"subject": "Northern Liberation Front"},
        ),
        ("By whom was the NLF set up?", "founder", {"subject": "NLF"}),
        ("Who killed Osman Bek?", "killer", {"person": "Osman Bek"}),
        ("Who was Osman Bek killed by?", "killer", {"person": "Osman Bek"}),
        ("How did Osman Bek die?", "killer", {"person": "Osman Bek"}),
        (
            "Who claimed the Westbrook mall attack?",
            "who_attacked",
            {"event": "Westbrook mall attack", "mode": "claim"},
        ),
        ("Who took responsibility for the mall siege?", "who_attacked", {"mode": "claim"}),
        ("Who carried out the mall siege?", "who_attacked", {"mode": "carry"}),
        ("Who was behind the mall siege?", "who_attacked", {"mode": "any"}),
        ("Who were the attackers in the mall siege?", "who_attacked", {"event": "mall siege"}),
        (
            "Which NLF branch claimed the May 2020 bombing in Port Amsel?",
            "who_attacked",
            {"unit": "branch", "hint": "NLF", "period": "2020-05", "event": "bombing in Port Amsel"},
        ),
        (
            "Which faction of the NLF carried out the bombing?",
            "who_attacked",
            {"unit": "faction", "hint": "NLF"},
        ),
        ("Where is the NLF based?", "based", {"subject": "NLF"}),
        ("Where does the NLF operate?", "based", {"subject": "NLF"}),
        ("Where are the NLF's bases?", "based", {"subject": "NLF"}),
        ("What happened in Port Amsel?", "what_happened", {"place": "Port Amsel"}),
        (
            "What happened in Port Amsel in May 2020?",
            "what_happened",
            {"place": "Port Amsel", "period": "2020-05"},
        ),
        (
            "What attacks took place in Port Amsel in 2020?",
            "what_happened",
            {"place": "Port Amsel", "period": "2020"},
        ),
        (
            "How many people did the NLF say were killed in the mall attack?",
            "casualties",
            {"said_by": "NLF", "event": "mall attack"},
        ),
        (
            "What was the death toll of the Westbrook mall siege?",
            "casualties",
            {"event": "Westbrook mall siege"},
        ),
        (
            "How many soldiers were killed in the October 14, 2017 bombing in Port Amsel?",
            "casualties",
            {"period": "2017-10-14", "event": "bombing in Port Amsel"},
        ),
        (
            "Why did the NLF abduct the students?",
            "why",
            {"subject": "NLF", "object": "students", "verb": "abduct"},
        ),
        (
            "Why was the Westbrook mall attacked by the NLF?",
            "why",
            {"subject": "NLF", "object": "Westbrook mall"},
        ),
        ("What was the NLF's motive for attacking the mall?", "why", {"subject": "NLF", "object": "mall"}),
        (
            "What reason did the NLF give for the kidnapping?",
            "why",
            {"subject": "NLF", "object": "kidnapping"},
        ),
        (
            "Who leads the rebels from whom the Karsi Battalion takes orders?",
            "leader",
            {"clause": "from whom the Karsi Battalion takes orders"},
        ),
    ],
)
def test_question_wordings(question: str, kind: str, slots: dict[str, object]) -> None:
    q = parse_question(question)
    assert q.kind == kind, q
    for name, value in slots.items():
        assert getattr(q, name) == value, (name, q)


def test_a_date_without_its_year_stays_in_the_name() -> None:
    """ "the March 23 Movement" is a name, not a date; "the 14 March 2019 attack" gives a date."""
    assert parse_question("Who leads the March 23 Movement?").subject == "March 23 Movement"
    q = parse_question("How many were killed in the 14 March 2019 attack in Goma?")
    assert q.period == "2019-03-14" and q.event == "attack in Goma"


# -- leaders -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Who leads the NLF?",
        "Who is the current leader of the Northern Liberation Front?",
        "Who heads the NLF now?",
        "Who is the NLF's chief?",
        "Who's in charge of the NLF?",
        "By whom is the Northern Liberation Front led?",
        "Who is the new chief of the NLF?",
    ],
)
def test_who_leads_is_never_the_dead_the_sacked_or_the_founder(store: Store, question: str) -> None:
    a = _ask(store, question)
    assert "Jalal Amiri" in a.answer
    for gone in ("Osman Bek", "Tariq Sultan", "Karim Haddad"):
        assert f"{gone} lead" not in a.answer and f"names {gone}" not in a.answer
    assert "named Jalal Amiri as its new chief" in _cited(a)


def test_who_led_lists_every_holder_and_names_the_founder_as_founder(store: Store) -> None:
    a = _ask(store, "Who led the NLF?")
    assert a.answer.index("Osman Bek") < a.answer.index("Tariq Sultan") < a.answer.index("Jalal Amiri")
    assert "Karim Haddad founded" in a.answer and "Karim Haddad led" not in a.answer
    assert "killed in an air strike in March 2016" in a.answer and "reported sacked" in a.answer


@pytest.mark.parametrize(
    ("question", "who", "not_who"),
    [
        ("Who led the NLF in 2018?", "Tariq Sultan", "Osman Bek"),
        ("Who led the NLF in 2015?", "Osman Bek", "Tariq Sultan"),
        ("Who was named deputy of the NLF in 2021?", "Samir Daud", "Jalal Amiri"),
        ("Who is the NLF's deputy leader?", "Samir Daud", "Tariq Sultan"),
        ("Who was the first leader of the NLF?", "Osman Bek", "Karim Haddad"),
    ],
)
def test_posts_in_a_period_deputies_and_the_first(
    store: Store, question: str, who: str, not_who: str
) -> None:
    a = _ask(store, question)
    assert who in a.answer and not_who not in a.answer, a.answer


@pytest.mark.parametrize(
    "question",
    [
        "Who succeeded Tariq Sultan?",
        "Who replaced Tariq Sultan as leader of the NLF?",
        "Who became the leader of the NLF after Tariq Sultan was sacked?",
        "Who was Tariq Sultan's successor?",
        "Who took over the NLF after Tariq Sultan's dismissal?",
    ],
)
def test_successor_from_a_sentence_naming_the_new_chief(store: Store, question: str) -> None:
    a = _ask(store, question)
    assert "Jalal Amiri" in a.answer and "Samir Daud as" not in a.answer.split("\u201c")[0], a.answer
    assert "named Jalal Amiri as its new chief" in _cited(a)


def test_successor_from_the_graph_when_one_post_ends_as_the_next_begins(store: Store) -> None:
    a = _ask(store, "Who succeeded Osman Bek?")
    assert a.answer.startswith("Tariq Sultan succeeded Osman Bek as leader of Northern Liberation Front")
    assert "killed in an air strike" in a.answer


@pytest.mark.parametrize(
    "question", ["Who founded the NLF?", "By whom was the NLF founded?", "Who set up the NLF?"]
)
def test_founder(store: Store, question: str) -> None:
    a = _ask(store, question)
    assert "Karim Haddad founded Northern Liberation Front" in a.answer and "2009" in a.answer


def test_when_was_it_founded(store: Store) -> None:
    for question in ("When was the NLF founded?", "In what year was the Northern Liberation Front formed?"):
        a = _ask(store, question)
        assert "Northern Liberation Front was founded in 2009" in a.answer, a.answer


@pytest.mark.parametrize(
    ("sentence", "name", "word"),
    [
        ("Their first leader, Abu Talha, was killed in a drone strike.", "Abu Talha", "killed"),
        ("The late Abu Talha had led the group since 2012.", "Abu Talha", "late"),
        ("Abu Talha's death was confirmed on Friday.", "Abu Talha", "death"),
        ("Abu Talha, the leader of the cell, was one of the men who blew themselves up.", "Abu Talha", "died"),
        ("The council sacked its commander, Abu Talha, after the defeat.", "Abu Talha", "sacked"),
        ("Abu Talha killed 20 people in the raid, police said.", "Abu Talha", None),
        ("Abu Talha said the killing of civilians must stop.", "Abu Talha", None),
    ],
)
def test_sentences_saying_someone_is_dead_or_out(sentence: str, name: str, word: str | None) -> None:
    at = sentence.index(name)
    assert gone_cue(sentence, (at, at + len(name))) == word


@pytest.mark.parametrize(
    "question", ["Who killed Osman Bek?", "Who was Osman Bek killed by?", "How did Osman Bek die?"]
)
def test_killer_names_the_country_not_its_adjective(store: Store, question: str) -> None:
    a = _ask(store, question)
    assert a.answer.startswith("Osman Bek was killed in an air strike by Ostravia in March 2016"), a.answer


# -- events: claims, attributions, tolls ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Who claimed the Westbrook mall attack?",
        "Who claimed responsibility for the attack on the Westbrook shopping mall?",
        "Which group was behind the Westbrook mall siege?",
        "Who was responsible for the siege of the Westbrook mall in July 2019?",
    ],
)
def test_claimed_and_named_by_officials_are_told_apart_and_no_country_claims(
    store: Store, question: str
) -> None:
    a = _ask(store, question)
    assert "Northern Liberation Front claimed responsibility" in a.answer or "NLF claimed" in a.answer, (
        a.answer
    )
    assert "Meridia claimed" not in a.answer and "by Meridia" not in a.answer
    assert "claimed responsibility for the attack on the Westbrook Shopping Mall" in _cited(a)


def test_who_carried_out_puts_the_officials_attribution_first(store: Store) -> None:
    a = _ask(store, "Who carried out the Westbrook mall attack?")
    assert "Northern Liberation Front" in a.answer
    assert "Police said the attackers belonged to the Northern Liberation Front." in _cited(a)


@pytest.mark.parametrize(
    "question",
    [
        "Which NLF branch claimed the May 2020 bombing in Port Amsel?",
        "Which faction of the Northern Liberation Front claimed the police station bombing?",
    ],
)
def test_which_branch(store: Store, question: str) -> None:
    a = _ask(store, question)
    assert a.answer.startswith("Karsi Battalion claimed responsibility"), a.answer


def test_the_date_picks_the_event_among_several_at_one_place(store: Store) -> None:
    feb = _ask(store, "Who claimed the February 2021 bombing in Port Amsel?")
    assert "Red Flag Brigade" in feb.answer and "Karsi" not in feb.answer
    may = _ask(store, "Who claimed the May 2020 bombing in Port Amsel?")
    assert "Karsi Battalion" in may.answer and "Red Flag" not in may.answer


@pytest.mark.parametrize(
    "question",
    [
        "How many people were killed in the Westbrook mall attack?",
        "What was the death toll of the Westbrook shopping mall siege?",
        "How many died in the attack on the Westbrook mall?",
    ],
)
def test_toll_gives_each_figure_with_who_said_it_and_keeps_the_claim_apart(
    store: Store, question: str
) -> None:
    a = _ask(store, question)
    assert "officials said at least 13" in a.answer
    assert "health ministry said 15" in a.answer
    assert re.search(r"NLF claimed 35 killed .*a claim, not counted as the toll", a.answer)
    assert "In short: health ministry said 15; NLF claimed 35" in a.answer
    assert {c.document for c in a.citations} == {"mall-first", "mall-claim", "mall-toll"}


def test_a_claim_nobody_made_is_no_claim_and_hallmarks_are_a_suspicion(store: Store) -> None:
    a = _ask(store, "Who claimed the January 2023 market bombing in Port Amsel?")
    assert "Red Flag Brigade claimed" not in a.answer
    assert "Red Flag Brigade was suspected of the bombing" in a.answer, a.answer


@pytest.mark.parametrize(
    "question",
    [
        "Who was Tariq Sultan's successor as NLF chief?",
        "Who did the NLF choose to replace Tariq Sultan?",
        "Who did the NLF name to succeed Tariq Sultan as leader?",
    ],
)
def test_more_successor_wordings(store: Store, question: str) -> None:
    assert "Jalal Amiri" in _ask(store, question).answer


@pytest.mark.parametrize(
    "question", ["Who were the Westbrook mall attackers?", "Who was the Westbrook mall gunman?"]
)
def test_who_was_the_attacker(store: Store, question: str) -> None:
    a = _ask(store, question)
    assert "Northern Liberation Front" in a.answer and "Police said the attackers belonged" in _cited(a)


@pytest.mark.parametrize(
    "question",
    [
        "How many people did the NLF say were killed in the Westbrook mall attack?",
        "How many people did the NLF claim to have killed in the Westbrook mall attack?",
        "How many did the NLF say they killed at the Westbrook mall?",
    ],
)
def test_toll_said_by_one_party(store: Store, question: str) -> None:
    a = _ask(store, question)
    assert a.answer.startswith("NLF claimed 35 people were killed"), a.answer
    assert "13" not in a.answer and "15" not in a.answer


# -- places ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["Where is the NLF based?", "Where does the NLF operate?", "Where are the NLF's bases?"]
)
def test_where_based(store: Store, question: str) -> None:
    a = _ask(store, question)
    assert "based and active mainly in" in a.answer and "Taro Hills" in a.answer
    assert "has its bases in the Taro Hills" in _cited(a)


def test_what_happened_in_a_place_and_period(store: Store) -> None:
    every = _ask(store, "What happened in Port Amsel?")
    for part in ("18 February 2021", "May 2020", "12 July 2019"):
        assert part in every.answer
    assert "claimed by Meridia" not in every.answer
    only = _ask(store, "What attacks took place in Port Amsel in 2020?")
    assert "May 2020" in only.answer and "2021" not in only.answer and "2019" not in only.answer
    assert "Karsi Battalion" in only.answer


# -- why -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "reason", "not_reason"),
    [
        (
            "Why did the NLF attack the Westbrook mall?",
            "because it was owned by Ostravian businessmen",
            "reopened",
        ),
        (
            "What was the NLF's motive for attacking the mall?",
            "because it was owned by Ostravian businessmen",
            "fire",
        ),
        ("Why did the NLF abduct the students at the Lucan college?", "to force the government", "revenge"),
        ("Why was Saint Lucan University College attacked by the NLF?", "to force the government", "revenge"),
        (
            "What was the NLF's motive for kidnapping the students?",
            "to force the government",
            "oldest schools",
        ),
        ("Why did the Red Flag Brigade attack the college?", "in revenge for the arrest", "to force"),
    ],
)
def test_why_takes_reasons_about_the_asked_attacker_and_target(
    store: Store, question: str, reason: str, not_reason: str
) -> None:
    a = _ask(store, question)
    assert reason in _cited(a), a.answer
    assert not_reason not in _cited(a)


# -- names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("How many people were killed at the Westbrook mall?", "15"),  # "shopping mall" left out
        ("Who abducted students at the Lucan college?", "NLF"),  # "Saint … University College"
        (
            "Who claimed the attack on the Westbrook Shopping Centre?",
            "Northern Liberation Front",
        ),  # a kind-word swapped
        ("Who leads the Northern Liberation Front (NLF)?", "Jalal Amiri"),  # a name and its acronym
        ("Who leads the Northern Liberaton Front?", "Jalal Amiri"),  # a close spelling
    ],
)
def test_names_match_loosely(store: Store, question: str, must: str) -> None:
    assert must in _ask(store, question).answer


def test_a_misspelt_place_in_an_event_is_found_or_offered(store: Store) -> None:
    assert "Karsi Battalion" in _ask(store, "Who claimed the May 2020 bombing in Port Amsell?").answer
    a = _ask(store, "Who claimed the bombing in Port Amsaal?")
    assert a.answer.startswith("khabar has no evidence") and "Did you mean Port Amsel?" in a.answer


def test_an_unknown_name_gets_did_you_mean(store: Store) -> None:
    a = _ask(store, "Who leads the Southern Liberation Front?")
    assert a.answer.startswith("khabar has no evidence about Southern Liberation Front.")
    assert "Did you mean Northern Liberation Front?" in a.answer and a.citations == []
    assert "Did you mean" not in _ask(store, "Who leads the Qqqzz Wwwxx?").answer


# -- the motive lexicon ----------------------------------------------------------------------------------------


def test_every_motive_entry_matches_its_own_example_and_none_quotes_an_article() -> None:
    lex = load_motives()
    assert lex.version and len(lex.entries) >= 20
    for m in lex.entries:
        assert m.pattern.search(m.example), m.id
    kinds = {m.kind for m in lex.entries}
    assert {"cause", "retaliation", "purpose", "opposition", "grievance"} <= kinds
    patterns = " ".join(m.pattern.pattern for m in lex.entries)
    for phrase in ("answer lies", "referring to", "blood of", "on its hands"):
        assert phrase not in patterns
    for said in (
        "They bombed the depot in retaliation for the raids.",
        "The fighters vowed to avenge their fallen commander.",
        "The attack came in response to the arrests.",
        "The group said the execution was punishment for spying.",
        "Gunmen torched the office in protest against the vote.",
        "The movement aims to drive out foreign troops.",
        "The rebels are opposed to the peace deal.",
    ):
        assert lex.score(said) >= 1.5, said
    assert lex.score("The weather was fine and the market was busy.") == 0


def test_a_users_motive_file_adds_and_replaces_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        '{"lexicon": "mine", "version": "2"}\n'
        '{"id": "vendetta-oath", "pattern": "swore an oath", "kind": "retaliation", "weight": 2.0, '
        '"example": "He swore an oath against the clan."}\n'
        '{"id": "because", "pattern": "because", "kind": "cause", "weight": 0.5, "example": "because"}\n',
        encoding="utf-8",
    )
    lex = load_motives(extra)
    assert lex.score("He swore an oath against the clan.") == 2.0
    assert lex.score("They left because of the rain.") == 0.5  # the user's entry replaced the bundled one
    assert "mine.jsonl:2" in lex.version
    monkeypatch.setenv("KHABAR_MOTIVES", str(extra))
    assert motive_lexicon().score("He swore an oath.") == 2.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "pattern": "(", "kind": "cause", "weight": 1}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.jsonl:1"):
        load_motives(bad)


# -- end to end on our own text ----------------------------------------------------------------------------------

_SAHEL = (
    "Fighters of the Macina Liberation Front attacked an army camp near Boulkessi in central Mali on Tuesday, "
    "killing at least 9 soldiers, army officials said.\n\n"
    "The Macina Liberation Front claimed responsibility for the raid in a statement, saying its fighters had "
    "killed 30 soldiers.\n\n"
    "The group said it attacked the camp because the army had executed civilians in the villages around it.\n\n"
    "Its former leader, Hamadoun Kouffa, was killed in a French air strike in 2022. The Macina Liberation Front "
    "then named Bourama Sidibe as its new emir.\n"
)


def test_end_to_end_on_our_own_report(tmp_path: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest_text(_SAHEL, id="boulkessi", published=date(2023, 5, 4))
        toll = kb.ask(
            "How many soldiers were killed in the attack on the army camp near Boulkessi?"
        ).answer.lower()
        assert "at least 9" in toll and "30" in toll and "claim" in toll
        assert toll.index("at least 9") < toll.index("30")
        claim = kb.ask("Who claimed the Boulkessi raid?")
        assert "Macina Liberation Front claimed" in claim.answer and "France" not in claim.answer
        why = kb.ask("Why did the Macina Liberation Front attack the camp at Boulkessi?")
        assert any("because the army had executed civilians" in c.text for c in why.citations)
        assert "Bourama Sidibe" in kb.ask("Who leads the Macina Liberation Front?").answer
        assert "Bourama Sidibe" in kb.ask("Who succeeded Hamadoun Kouffa?").answer
        d = kb.ask("Who killed Hamadoun Kouffa?").to_dict()
        assert "France" in d["answer"] and set(d) == {"question", "answer", "citations"}
        assert json.dumps(d)


def test_both_backends_answer_the_new_forms_alike(store_db: str) -> None:
    """PostgreSQL has no FTS5 index: search falls back to patterns, and the answers stay the same."""
    store = build(store_db)
    try:
        with store.connect() as conn:
            answers = {
                q: ask(conn, q).answer
                for q in (
                    "Who leads the NLF?",
                    "Who succeeded Tariq Sultan?",
                    "Which NLF branch claimed the May 2020 bombing in Port Amsel?",
                    "How many people were killed in the Westbrook mall attack?",
                    "What happened in Port Amsel in 2020?",
                    "Why did the NLF abduct the students at the Lucan college?",
                    "Who leads the Southern Liberation Front?",
                )
            }
    finally:
        store.close()
    assert "Jalal Amiri" in answers["Who leads the NLF?"]
    assert "Jalal Amiri" in answers["Who succeeded Tariq Sultan?"]
    assert answers["Which NLF branch claimed the May 2020 bombing in Port Amsel?"].startswith("Karsi Battalion")
    assert "NLF claimed 35" in answers["How many people were killed in the Westbrook mall attack?"]
    assert "Karsi Battalion" in answers["What happened in Port Amsel in 2020?"]
    assert "to force the government" in answers["Why did the NLF abduct the students at the Lucan college?"]
    assert "Did you mean Northern Liberation Front?" in answers["Who leads the Southern Liberation Front?"]


_STRIKE = (
    "Ali Dheere, a commander of al-Shabaab, was killed in a drone strike near Jilib on March 3, the defence ministry "
    "said. US Africa Command confirmed that US troops had carried out a strike on militants in the Middle Juba "
    "region that day, aimed at a senior commander."
)


def test_who_did_it_cites_the_sentence_that_tells_the_deed_as_asked(tmp_path: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest_text(_STRIKE, id="jilib", published=date(2024, 3, 8))
        a = kb.ask("Who conducted the drone strike that killed Ali Dheere?")
        assert any(w in a.answer for w in ("US", "United States")), a.answer
        assert any("drone strike" in c.text for c in a.citations), a.citations
