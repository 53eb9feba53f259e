"""Dossiers: leaders over time and how each ended, a parent never borrowing its branch's leaders,
conflicting figures with their sources, and the terminal rendering with its citations."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from khabar.cli.main import main
from khabar.cli.render import render_dossier
from khabar.model import Count, EventFact, Participant, RelationFact
from khabar.query.dossier import Dossier, dossier, figures_for
from khabar.store import Store
from tests.factstore import Doc, build, dv


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build(tmp_path_factory.mktemp("dossier") / "k.db")


def _d(store: Store, name: str) -> Dossier:
    with store.connect() as conn:
        return dossier(conn, name)


def test_leaders_over_time_and_how_each_ended(store: Store) -> None:
    d = _d(store, "al-Shabaab")
    assert [r.other_name for r in d.leaders] == ["Ahmed Abdi Godane", "Ahmed Diriye"]
    godane, diriye = d.leaders
    assert (godane.start, godane.end) == (None, "2014-09")
    assert godane.ended is not None and (godane.ended.type, godane.ended.date) == ("air_strike", "2014-09")
    assert "killed in a US air strike" in godane.ended.citations[0].text
    assert diriye.ended is None and diriye.start == "2014-09"
    assert all(r.citations for r in d.relations)
    assert [r.other_name for r in d.parents] == ["al-Qaeda"]
    labels = [label for label, _ in d.sections()]
    assert labels[:2] == ["Parent", "Leaders"] and "Rivals" in labels and "Hostile to" in labels


def test_a_parent_shows_its_branches_not_their_leaders(store: Store) -> None:
    d = _d(store, "al-Qaeda")
    assert [r.other_name for r in d.leaders] == ["Ayman al-Zawahiri"]
    assert [r.other_name for r in d.branches] == ["Al-Shabaab"]
    assert "Diriye" not in json.dumps(d.to_dict(), default=str)


def test_events_newest_first_with_conflicting_figures_and_sources(store: Store) -> None:
    d = _d(store, "al-Shabaab")
    dates = [e.event.date_start for e in d.events]
    assert dates == ["2024-01", "2022-10-29", "2015-04-02", "2006", None]
    assert d.events_total == 5 and d.documents_total == 4
    bombing = d.events[1]
    assert bombing.conflicting and bombing.event.killed == (121, 121)
    figs = {(f["document"], f["published"], f["min"], f["max"]) for f in bombing.figures}
    assert figs == {("mogadishu-first", "2022-10-30", 100, None), ("mogadishu-toll", "2022-11-01", 121, 121)}
    assert all(f["text"] and str(f["min"]) in f["text"] for f in bombing.figures)


def test_a_figure_cites_the_sentence_that_states_it(tmp_path: Path) -> None:
    doc = Doc(
        "hotel",
        "2024-02-03",
        ["Gunmen stormed a hotel in Mogadishu on Friday.", "At least 9 people were killed, police said."],
        events=[
            EventFact(
                "attack",
                [0, 1],
                "test.v1",
                date=dv("2024-02-02"),
                participants=[Participant("perpetrator", "shabaab")],
                killed=Count(9, None, "At least 9"),
            )
        ],
    )
    store = Store(tmp_path / "k.db")
    store.write(doc.facts())
    with store.connect() as conn:
        (fig,) = next(iter(figures_for(conn, [1]).values()))
    assert fig["text"] == "At least 9 people were killed, police said."
    assert (fig["start"], fig["end"]) == (47, 90)


def test_rendering_cites_every_line(store: Store) -> None:
    buf = io.StringIO()
    render_dossier(Console(file=buf, width=200), _d(store, "al-Shabaab"))
    out = buf.getvalue()
    assert "Ahmed Abdi Godane (person)  ? – 2014-09  ended: air_strike 2014-09" in out
    assert "[shabaab-profile 2023-05-10 @" in out
    assert "killed ≥100 according to mogadishu-first (2022-10-30)" in out
    assert "killed 121 according to mogadishu-toll (2022-11-01)" in out
    assert "2024-01  attack  Hiran, Somalia  as perpetrator" in out
    assert "undated  clash" in out


def test_cli_show_json(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(store.engine.url.database), "show", "Al-Shabaab", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    leaders = [r for r in data["relations"] if r["type"] == "leader_of" and r["direction"] == "in"]
    ended = {r["other_name"]: r["ended"] for r in leaders}
    assert ended["Ahmed Diriye"] is None and ended["Ahmed Abdi Godane"]["type"] == "air_strike"


def test_a_leader_said_to_lead_currently_is_current_as_of_the_report(tmp_path: Path) -> None:
    doc = Doc(
        "diriye-now",
        "2024-06-01",
        ["Ahmed Diriye currently leads al-Shabaab."],
        relations=[RelationFact("leader_of", "diriye", "shabaab", [0], "test.v1", as_of=dv("2024-06-01"))],
    )
    store = Store(tmp_path / "k.db")
    store.write(doc.facts())
    with store.connect() as conn:
        (line,) = dossier(conn, "al-Shabaab").leaders
    assert line.as_of == "2024-06-01" and line.ended is None
    buf = io.StringIO()
    with store.connect() as conn:
        render_dossier(Console(file=buf, width=200), dossier(conn, "al-Shabaab"))
    assert "Ahmed Diriye (person)  current as of 2024-06-01" in buf.getvalue()


def test_an_id_beyond_the_integer_range_is_not_found_not_a_crash(tmp_path: Path) -> None:
    from khabar import Khabar, NotFoundError

    kb = Khabar(tmp_path / "k.db")
    with pytest.raises(NotFoundError):
        kb.dossier("9223372036854775808")
    with pytest.raises(NotFoundError):
        kb.dossier("e99999999999999999999")


def test_digit_like_characters_are_names_not_ids(tmp_path: Path) -> None:
    from khabar import Khabar, NotFoundError

    kb = Khabar(tmp_path / "k.db")
    for name in ("²", "e²", "٣"):  # str.isdigit() is true for these, int() refuses them
        with pytest.raises(NotFoundError):
            kb.dossier(name)
