"""Timelines: events and relation changes in date order, each date at its precision, undated last, cited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar import Khabar, QueryError
from khabar.cli.main import main
from khabar.query.timeline import TimelineItem, timeline
from khabar.store import Store
from tests.factstore import build
from tests.texts import KABUL_AIRPORT


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build(tmp_path_factory.mktemp("timeline") / "k.db")


def _tl(store: Store, name: str | None = None, **kw: str | int) -> list[TimelineItem]:
    if "type" in kw:
        kw["type_"] = kw.pop("type")
    with store.connect() as conn:
        return timeline(conn, name, **kw)


def test_date_order_precision_and_undated_last(store: Store) -> None:
    items = _tl(store, "al-Shabaab")
    dates = [i.date for i in items]
    assert dates == ["2006", "2014-09", "2014-09", "2015-04-02", "2022-10-29", "2024-01", None]
    assert [i.precision for i in items] == ["year", "month", "month", "day", "day", "month", None]
    assert [i.kind for i in items[1:3]] == [
        "relation-start",
        "relation-end",
    ]  # a leader's end is a change too
    assert items[-1].undated and items[-1].type == "clash" and items[-1].to_dict()["undated"] is True
    assert all(i.citations for i in items), "every item is cited"
    start = items[1]
    assert (start.kind, start.type) == ("relation-start", "leader_of")
    assert start.summary == "Ahmed Diriye becomes leader of Al-Shabaab"
    assert "since September 2014" in start.citations[0].text


def test_relation_ends_and_events_share_a_date(store: Store) -> None:
    items = _tl(store, "Ahmed Abdi Godane")
    assert [(i.date, i.kind) for i in items] == [("2014-09", "event"), ("2014-09", "relation-end")]
    assert items[1].summary == "Ahmed Abdi Godane ceases to lead Al-Shabaab"


def test_whole_store_and_a_place(store: Store) -> None:
    everything = _tl(store)
    assert len(everything) == 8  # 6 events + Diriye's start + Godane's end; undated relations are no changes
    at = _tl(store, "Mogadishu")
    assert [(i.date, i.type) for i in at] == [("2022-10-29", "attack")]
    assert at[0].killed == (121, 121)  # the latest report's toll
    assert {f["document"] for f in at[0].figures} == {"mogadishu-first", "mogadishu-toll"}


def test_since_until_overlap_partial_dates(store: Store) -> None:
    # a month-precise date lies in a range that covers part of that month
    assert [i.date for i in _tl(store, since="2024-01-15")] == ["2024-01"]
    assert [i.date for i in _tl(store, until="2014-09-01")] == ["2006", "2014-09", "2014-09", "2014-09"]
    mid = _tl(store, "al-Shabaab", since="2014", until="2022")
    assert [i.date for i in mid] == [
        "2014-09",
        "2014-09",
        "2015-04-02",
        "2022-10-29",
    ]  # undated left out of a range


def test_type_filter_takes_event_and_relation_types(store: Store) -> None:
    assert [i.date for i in _tl(store, type="attack")] == ["2015-04-02", "2022-10-29", "2024-01"]
    rel = _tl(store, type="leader_of")
    assert {i.kind for i in rel} == {"relation-start", "relation-end"}
    assert _tl(store, type="attack", limit=1)[0].date == "2015-04-02"


@pytest.mark.parametrize(
    "kw",
    [{"type": "bombing"}, {"since": "March 2024"}, {"until": "2024-3"}, {"since": "2024", "until": "2023"}],
)
def test_bad_filters_are_query_errors(store: Store, kw: dict[str, str]) -> None:
    with pytest.raises(QueryError):
        _tl(store, **kw)


def test_cli_timeline(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(store.engine.url.database)
    assert main(["--db", db, "timeline", "al-Shabaab", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["date"] == "2006" and data[-1]["undated"] is True
    assert set(data[0]["citations"][0]) >= {"document", "text", "start", "end"}
    assert main(["--db", db, "timeline", "al-Shabaab", "--since", "2024"]) == 0
    out = capsys.readouterr().out
    assert "2024-01" in out and "2024-01-01" not in out and "Hiran" in out
    assert main(["--db", db, "timeline", "--type", "nonsense"]) == 2
    assert "unknown type" in capsys.readouterr().err


def test_facade_on_an_ingested_article(tmp_path: Path) -> None:
    """Through the real pipeline: a month-precise date from the text stays a month."""
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest_text(KABUL_AIRPORT, id="kabul-airport")
        items = kb.timeline("ISKP")
        dated = [i for i in items if i.date]
        assert dated and all(i.citations for i in items)
        assert [i.date for i in dated] == sorted(i.date for i in dated)
        assert any(i.date == "2016-07" and i.precision == "month" for i in items)


def test_both_backends_order_alike(store_db: str) -> None:
    store = build(store_db)
    try:
        with store.connect() as conn:
            items = timeline(conn, "al-Shabaab", since="2014")
            assert [i.date for i in items] == ["2014-09", "2014-09", "2015-04-02", "2022-10-29", "2024-01"]
            with_month = timeline(conn, since="2024-01-15")
            assert [i.date for i in with_month] == ["2024-01"]
    finally:
        store.close()
