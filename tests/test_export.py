"""facts-json: the contract's shape (checked by the bundled JSON Schema) and the figures policy."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from khabar import ExportError, Khabar
from khabar.model import (
    Count,
    DateValue,
    DocFacts,
    EventFact,
    Figure,
    LocalEntity,
    Mention,
    Participant,
    Place,
    RawDocument,
    RelationFact,
    Sentence,
)
from khabar.query.export import facts_schema, latest_figures, validate_facts
from khabar.store import Store


def _report(doc_id: str, published: date, killed: Count, text: str) -> DocFacts:
    raw = RawDocument(id=doc_id, text=text, published=published, byline=["A. Writer"])
    f = DocFacts(document=raw, sentences=[Sentence(0, 0, len(text), text)])
    f.entities["g:ttp"] = LocalEntity(
        "g:ttp", "Tehrik-i-Taliban Pakistan", "armed_group", {"TTP"}, gazetteer=None, extractor="t.v1"
    )
    f.entities["p:peshawar"] = LocalEntity(
        "p:peshawar",
        "Peshawar",
        "location",
        {"Peshawar"},
        place=Place("Peshawar", "location", "Pakistan", "Khyber Pakhtunkhwa", 34.0, 71.6),
        extractor="t.v1",
    )
    f.mentions.append(Mention(0, 3, text[:3], 0, "g:ttp", "t.v1"))
    f.events.append(
        EventFact(
            type="attack",
            subtype="bombing",
            sentences=[0],
            extractor="t.v1",
            date=DateValue("2023-01-30", "day"),
            place=f.entities["p:peshawar"].place,
            place_entity="p:peshawar",
            participants=[
                Participant("perpetrator", "g:ttp"),
                Participant("perpetrator", None, "a suicide bomber"),
            ],
            killed=killed,
            weapons=["explosives"],
        )
    )
    return f


@pytest.fixture()
def kb(tmp_path: Path) -> Khabar:
    store = Store(tmp_path / "k.db")
    store.write(_report("first", date(2023, 1, 30), Count(28, None, "at least 28"), "TTP bombing toll 28."))
    store.write(_report("later", date(2023, 2, 2), Count(84, 84, "84"), "TTP bombing toll revised to 84."))
    store.write(
        _report("middle", date(2023, 1, 31), Count(100, 100, "100"), "TTP bombing toll rises to 100.")
    )
    f = _report("rel", date(2023, 2, 3), Count(84, 84), "TTP and the Jamaat-ul-Ahrar faction.")
    f.events.clear()
    f.entities["g:jua"] = LocalEntity("g:jua", "Jamaat-ul-Ahrar", "armed_group", set(), extractor="t.v1")
    f.relations.append(
        RelationFact("branch_of", "g:jua", "g:ttp", [0], "t.v1", start=DateValue("2020", "year"))
    )
    store.write(f)
    return Khabar(tmp_path / "k.db")


def test_export_is_valid_and_keeps_every_figure(kb: Khabar) -> None:
    data = kb.export()
    validate_facts(data)
    assert data["schema"] == "khabar.facts/1"
    [ev] = data["events"]
    figs = sorted((f["document"], f["min"]) for f in ev["figures"])
    assert figs == [("first", 28), ("later", 84), ("middle", 100)]
    assert ev["killed"] == {"min": 84, "max": 84}  # the latest published report wins
    assert ev["location"]["country"] == "Pakistan"
    assert {"text": "a suicide bomber", "role": "perpetrator"} in ev["participants"]
    assert len(ev["evidence"]) == 3
    for e in ev["evidence"]:
        doc = e["document"]
        assert e["text"] and e["start"] == 0 and doc in {"first", "later", "middle"}
    [rel] = data["relations"]
    assert rel["type"] == "branch_of" and rel["start"] == "2020"
    names = {e["id"]: e["name"] for e in data["entities"]}
    assert names[rel["subject"]] == "Jamaat-ul-Ahrar"
    assert data["documents"][0]["byline"] == ["A. Writer"]


def test_export_to_file_is_atomic_json(kb: Khabar, tmp_path: Path) -> None:
    out = kb.export_to(tmp_path / "f.json")
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "khabar.facts/1"
    assert not (tmp_path / "f.json.tmp").exists()


def test_schema_rejects_what_the_contract_forbids(kb: Khabar) -> None:
    data = kb.export()
    broken = copy.deepcopy(data)
    broken["events"][0]["date"]["start"] = "March 2023"
    with pytest.raises(ExportError, match="events/0/date/start"):
        validate_facts(broken)
    broken = copy.deepcopy(data)
    broken["events"][0]["evidence"] = []
    with pytest.raises(ExportError):
        validate_facts(broken)
    broken = copy.deepcopy(data)
    broken["entities"][0]["type"] = "militia"
    with pytest.raises(ExportError):
        validate_facts(broken)
    assert facts_schema()["properties"]["schema"]["const"] == "khabar.facts/1"


def test_latest_figures_policy() -> None:
    figs = [
        {"field": "killed", "min": 60, "max": None, "published": "2024-03-22", "order": 0},
        {"field": "killed", "min": 137, "max": None, "published": "2024-03-25", "order": 1},
        {"field": "killed", "min": 133, "max": None, "published": "2024-03-24", "order": 2},
        {"field": "wounded", "min": None, "max": 200, "published": "2024-03-22", "order": 0},
    ]
    own = latest_figures(figs)
    assert own["killed"] == {"min": 137, "max": None}
    assert own["wounded"] == {"min": None, "max": 200}
    assert latest_figures([]) == {"killed": None, "wounded": None}


def test_a_claimed_figure_is_kept_apart_from_the_events_own_toll(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    f = _report("claim", date(2023, 2, 1), Count(4, None, "at least four"), "TTP says 15 died; police say 4.")
    ev = f.events[0]
    ev.figures = [
        Figure("killed", Count(4, None, "at least four"), 0, said_by_text="police"),
        Figure("killed", Count(15, 15, "15"), 0, said_by="g:ttp", claim=True),
    ]
    store.write(f)
    only = _report("only-claim", date(2023, 3, 1), Count(9, 9), "TTP claims nine killed in Bannu.")
    only.events[0].date = DateValue("2023-02-27", "day")
    only.events[0].figures = [Figure("killed", Count(9, 9, "nine"), 0, said_by="g:ttp", claim=True)]
    store.write(only)
    data = Khabar(tmp_path / "k.db").export()
    validate_facts(data)
    by_date = {e["date"]["start"]: e for e in data["events"]}
    first, second = by_date["2023-01-30"], by_date["2023-02-27"]
    assert first["killed"] == {"min": 4, "max": None}  # the claim (later in the report) is not the toll
    claimed = [x for x in first["figures"] if x.get("claim")]
    ttp = next(e["id"] for e in data["entities"] if e["name"] == "Tehrik-i-Taliban Pakistan")
    assert [(x["min"], x["said_by"]) for x in claimed] == [(15, ttp)]
    assert {"text": "police"} in [x.get("said_by") for x in first["figures"]]
    assert second["killed"] is None and second["figures"][0]["claim"] is True  # only a claim: no own toll


def test_unknown_format_is_a_clear_error(kb: Khabar) -> None:
    from khabar import ConfigError

    with pytest.raises(ConfigError, match="unknown export format"):
        kb.export("csv")


def test_events_csv_has_one_row_per_event(kb: Khabar) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(kb.export_text("events-csv"))))
    assert len(rows) == 1
    [row] = rows
    assert (row["type"], row["subtype"], row["date_start"]) == ("attack", "bombing", "2023-01-30")
    assert (row["place"], row["country"]) == ("Peshawar", "Pakistan")
    assert row["killed_min"] == "84" and "Tehrik-i-Taliban Pakistan" in row["perpetrators"]
    assert set(row["documents"].split("; ")) == {"first", "later", "middle"}


def test_events_geojson_is_a_feature_collection(kb: Khabar) -> None:
    data = json.loads(kb.export_text("events-geojson"))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert (round(lat), round(lon)) == (34, 72)
    # whole days, which QGIS's temporal controller reads as dates
    assert (feature["properties"]["start"], feature["properties"]["end"]) == ("2023-01-30", "2023-01-30")


def test_network_graphml_reads_back_with_networkx(kb: Khabar, tmp_path: Path) -> None:
    import networkx as nx

    path = kb.export_to(tmp_path / "net.graphml", "network-graphml")
    graph = nx.read_graphml(path)
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert {"Jamaat-ul-Ahrar", "Tehrik-i-Taliban Pakistan"} <= labels
    [tie] = [d for _, _, d in graph.edges(data=True) if d["type"] == "branch_of"]
    # Gephi's timeline reads whole days; the year the text gave stays beside them
    assert (tie["start"], tie.get("end"), tie["date_start"]) == ("2020-01-01", None, "2020")
    [shared] = [d for _, _, d in graph.edges(data=True) if d["kind"] == "event"] or [None]
    assert shared is None or shared["start"] <= shared["end"]
    ttp = next(d for _, d in graph.nodes(data=True) if d["label"] == "Tehrik-i-Taliban Pakistan")
    assert (ttp["start"], ttp["end"]) == ("2020-01-01", "2023-01-30")  # first and last day it was seen


def test_network_gexf_is_dynamic_for_gephi(kb: Khabar, tmp_path: Path) -> None:
    import networkx as nx

    text = kb.export_text("network-gexf")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    graph = nx.read_gexf(kb.export_to(tmp_path / "net.gexf", "network-gexf"))
    [tie] = [d for _, _, d in graph.edges(data=True) if d.get("label") == "branch_of"]
    assert tie["start"] == "2020-01-01"


def test_export_cli_writes_every_format(
    kb: Khabar, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from khabar.cli.main import main

    for fmt, name in (
        ("events-csv", "e.csv"),
        ("events-geojson", "e.geojson"),
        ("network-graphml", "n.graphml"),
        ("network-gexf", "n.gexf"),
        ("stix", "b.json"),
        ("gtd-csv", "g.csv"),
        ("acled-csv", "a.csv"),
    ):
        assert main(["--db", kb.db, "export", "--format", fmt, "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 0
    assert main(["--db", kb.db, "export", "--format", "events-csv"]) == 0
    assert capsys.readouterr().out.startswith("id,type,subtype")
