"""Interchange: STIX 2.1 bundles, GTD- and ACLED-shaped CSV out and in, on real stores (SQLite and PostgreSQL).

The stores are the hand-made ``factstore`` (facts written directly) plus a report with a party's claim; the
resolution tests ingest short reports of our own through the real extractor. Rows and sentences are our own
wording; the events are real.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import stix2
from stix2validator import ValidationOptions, validate_string

from khabar import Khabar
from khabar.cli.main import main
from khabar.extract.gazetteer import Gazetteer
from khabar.interchange.view import load_view
from khabar.model import Count, DocFacts, EventFact, Figure, Participant, Place, norm_name
from tests.factstore import DOCS, Doc, build, dv

X = "test.v1"

CLAIM_DOC = Doc(
    "mogadishu-claim",
    "2022-10-31",
    [
        "Officials said at least 100 people died in the twin bombings in Mogadishu on Saturday.",
        "Al-Shabaab said its fighters had killed 300 people.",
    ],
    events=[
        EventFact(
            "attack",
            [0, 1],
            X,
            subtype="bombing",
            date=dv("2022-10-29"),
            place=Place("Mogadishu", "location", "Somalia", "Banadir", 2.03711, 45.34375),
            place_entity="mogadishu",
            participants=[Participant("perpetrator", "shabaab"), Participant("claimant", "shabaab")],
            figures=[
                Figure("killed", Count(100, None, "at least 100"), 0, said_by_text="officials"),
                Figure("killed", Count(300, 300, "300"), 1, said_by="shabaab", claim=True),
            ],
        )
    ],
)


def _kb(db: str | Path, docs: list[Doc]) -> Khabar:
    store = build(db)
    store.close()
    kb = Khabar(db)
    for d in docs:
        kb.store.write(d.facts())
    return kb


@pytest.fixture()
def kb(tmp_path: Path) -> Khabar:
    return _kb(tmp_path / "source.db", [CLAIM_DOC])


def _validate(text: str) -> None:
    results = validate_string(text, ValidationOptions(version="2.1"))
    errors = [e.message for r in ([results] if not isinstance(results, list) else results) for e in r.errors]
    assert results.is_valid and not errors, errors


def _objects(text: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for o in json.loads(text)["objects"]:
        out.setdefault(o["type"], []).append(o)
    return out


# -- STIX ---------------------------------------------------------------------------------------------------


def test_stix_bundle_validates_and_loads_back(kb: Khabar) -> None:
    text = kb.export_text("stix")
    _validate(text)
    bundle = stix2.parse(text, allow_custom=True)
    assert len(bundle.objects) == len(json.loads(text)["objects"])
    objs = _objects(text)
    by_id = {o["id"]: o for group in objs.values() for o in group}
    shabaab = next(o for o in objs["intrusion-set"] if o["name"] == "Al-Shabaab")
    assert shabaab["first_seen"].startswith("2006-01-01") and shabaab["last_seen"].startswith("2024-01-31")
    # leaders of an armed group are threat actors who direct it; a state that acts is an identity
    leaders = {o["name"]: o for o in objs["threat-actor"]}
    assert leaders["Ahmed Diriye"]["roles"] == ["director"]
    assert any(
        o["name"] == "United States" and o["identity_class"] == "organization" for o in objs["identity"]
    )
    # the bombing: one incident, its own toll the officials', the claim kept apart
    [bombing] = [o for o in objs["incident"] if o.get("x_khabar_date_start") == "2022-10-29"]
    assert (
        bombing["x_khabar_killed"] == {"min": 121, "max": 121} and bombing["x_khabar_date_precision"] == "day"
    )
    claims = [f for f in bombing["x_khabar_figures"] if f.get("claim")]
    assert claims == [{"field": "killed", "min": 300, "max": 300, "said_by": "Al-Shabaab", "claim": True,
                       "document": "mogadishu-claim"}]  # fmt: skip
    assert bombing["x_khabar_claimed_by"] == ["Al-Shabaab"]
    assert {r["description"] for r in bombing["external_references"]} >= {CLAIM_DOC.sentences[1]}
    rels = [o for o in objs["relationship"] if o["source_ref"] == bombing["id"]]
    kinds = {(r["relationship_type"], by_id[r["target_ref"]].get("name")) for r in rels}
    assert ("attributed-to", "Al-Shabaab") in kinds and ("located-at", "Mogadishu") in kinds
    mogadishu = by_id[next(r["target_ref"] for r in rels if r["relationship_type"] == "located-at")]
    assert mogadishu["type"] == "location" and mogadishu["country"] == "SO"
    # relations keep their period: "since September 2014" starts on its first day, "until" stops after its last
    periods = {(by_id[o["source_ref"]]["name"], o["relationship_type"]): o for o in objs["relationship"]}
    assert periods[("Ahmed Diriye", "leader-of")]["start_time"].startswith("2014-09-01")
    assert periods[("Ahmed Abdi Godane", "leader-of")]["stop_time"].startswith("2014-10-01")
    # every document is a report of what it supports; every evidence sentence a note on the facts it supports
    reports = {o["x_khabar_document"]: o for o in objs["report"]}
    assert len(reports) == len(DOCS) + 1
    assert bombing["id"] in reports["mogadishu-claim"]["object_refs"]
    assert reports["mogadishu-claim"]["published"].startswith("2022-10-31")
    note = next(o for o in objs["note"] if o["content"] == CLAIM_DOC.sentences[1])
    assert bombing["id"] in note["object_refs"] and note["id"] in reports["mogadishu-claim"]["object_refs"]


def test_stix_ids_are_stable_across_exports_and_stores(tmp_path: Path) -> None:
    """Re-exporting updates rather than duplicates: the same facts give the same ids, whatever the store's row
    numbers; a new report about an event keeps its id and moves its ``modified`` on."""
    first = _kb(tmp_path / "a.db", [])
    text = first.export_text("stix")
    assert first.export_text("stix") == text
    reordered = Khabar(tmp_path / "b.db")
    for d in reversed(DOCS):
        reordered.store.write(d.facts())
    ids = {o["id"] for o in json.loads(text)["objects"] if o["type"] != "report"}
    again = {o["id"] for o in json.loads(reordered.export_text("stix"))["objects"] if o["type"] != "report"}
    assert ids == again
    before = {o["id"]: o for o in json.loads(text)["objects"]}
    first.store.write(CLAIM_DOC.facts())
    after = {o["id"]: o for o in json.loads(first.export_text("stix"))["objects"]}
    [bombing] = [o for o in after.values() if o.get("x_khabar_date_start") == "2022-10-29"]
    assert bombing["id"] in before
    assert bombing["modified"] >= before[bombing["id"]]["modified"]
    assert len(bombing["x_khabar_figures"]) == len(before[bombing["id"]]["x_khabar_figures"]) + 2


# -- GTD and ACLED out --------------------------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_gtd_csv_speaks_the_codebook(kb: Khabar) -> None:
    rows = _rows(kb.export_text("gtd-csv"))
    assert {r["khabar_type"] for r in rows} <= {"attack", "air_strike", "killing", "kidnapping", "execution"}
    bombing = next(r for r in rows if r["iyear"] == "2022")
    assert (bombing["imonth"], bombing["iday"], bombing["eventid"]) == ("10", "29", "202210290001")
    assert (bombing["attacktype1"], bombing["attacktype1_txt"]) == ("3", "Bombing/Explosion")
    assert (bombing["gname"], bombing["claimed"], bombing["nkill"]) == ("Al-Shabaab", "1", "121")
    # the claim report gives Mogadishu's coordinates, and resolution takes them for the event (any order)
    assert (bombing["country_txt"], bombing["city"], bombing["specificity"]) == ("Somalia", "Mogadishu", "1")
    assert "officials said at least 100 killed" in bombing["addnotes"]
    assert "Al-Shabaab claimed 300 killed" in bombing["addnotes"]
    garissa = next(r for r in rows if r["iyear"] == "2015")
    assert (garissa["location"], garissa["city"]) == ("Garissa University College", "")
    assert (garissa["attacktype1_txt"], garissa["targtype1_txt"]) == (
        "Armed Assault",
        "Educational Institution",
    )
    hiran = next(r for r in rows if r["iyear"] == "2024")
    assert (hiran["imonth"], hiran["iday"], hiran["approxdate"]) == ("1", "0", "January 2024")
    assert hiran["targtype1_txt"] == "Military"
    strike = next(r for r in rows if r["khabar_type"] == "air_strike")
    assert (strike["gname"], strike["weaptype1_txt"], strike["claimed"]) == (
        "United States",
        "Explosives",
        "0",
    )


def test_acled_csv_speaks_the_codebook(kb: Khabar) -> None:
    rows = _rows(kb.export_text("acled-csv"))
    assert len(rows) == len(load_view_events(kb))
    bombing = next(r for r in rows if r["event_date"] == "2022-10-29")
    assert (bombing["event_type"], bombing["sub_event_type"]) == (
        "Explosions/Remote violence", "Remote explosive/landmine/IED")  # fmt: skip
    assert (bombing["actor1"], bombing["inter1"], bombing["interaction"]) == ("Al-Shabaab", "2", "20")
    assert (bombing["time_precision"], bombing["fatalities"], bombing["iso"]) == ("1", "121", "706")
    assert bombing["event_id_cnty"].startswith("SOM") and bombing["disorder_type"] == "Political violence"
    assert "Al-Shabaab claimed 300 killed" in bombing["notes"] and "Claimed by Al-Shabaab" in bombing["notes"]
    hiran = next(r for r in rows if r["khabar_date"] == "2024-01")
    assert (hiran["event_date"], hiran["time_precision"]) == ("2024-01-15", "3")  # a month at its middle
    assert (hiran["event_type"], hiran["sub_event_type"]) == ("Battles", "Armed clash")  # an army base hit
    founding = next(r for r in rows if r["khabar_type"] == "founding")
    assert (founding["khabar_date"], founding["time_precision"]) == ("2006", "3")
    assert founding["sub_event_type"] == "Change to group/activity"
    clash = next(r for r in rows if r["khabar_type"] == "clash")
    assert (clash["event_date"], clash["actor1"], clash["assoc_actor_1"]) == (
        "",
        "Al-Shabaab",
        "Islamic State Somalia",
    )


def load_view_events(kb: Khabar) -> list[Any]:
    with kb.store.connect() as conn:
        return load_view(conn).events


# -- round trips ----------------------------------------------------------------------------------------------


def _signature(kb: Khabar, *, codebook_only: bool = False, points: bool = True) -> list[str]:
    """Each event as what an analyst compares: type, date, place, who took part on which side, the tolls and
    every figure with its source and claim; sorted, so two stores compare as sets of events. Names compare by
    their matching key (an import names a group as the gazetteer spells it); ``points=False`` leaves out the
    coordinates and region (an import geocodes a place its row gives without coordinates)."""
    gazetteer = Gazetteer.load()

    def canon(name: str) -> str:  # the gazetteer's spelling where it knows the name
        entry = gazetteer.lookup(name)
        return norm_name(entry.name if entry else name)

    out = []
    for e in load_view_events(kb):
        place = e.place or {}
        keys = ("name", "admin1", "country", "lat", "lon", "kind") if points else ("name", "country", "kind")
        item: dict[str, Any] = {
            "date": [e.date_start, e.date_end, e.precision],
            "place": [place.get(k) for k in keys],
            "parties": sorted(json.dumps([p.role, canon(p.name), p.type or ""]) for p in e.parties),
            "killed": e.killed,
        }
        if not codebook_only:
            item.update(type=[e.type, e.subtype], wounded=e.wounded, weapons=e.weapons, targets=e.targets,
                        figures=sorted(json.dumps([f.field, f.min, f.max, canon(f.said_by or ""), f.claim]) for f in e.figures))  # fmt: skip
        else:
            item["parties"] = sorted({canon(p.name) for p in e.parties if p.type is not None})
            item["place"] = [place.get("name"), place.get("country")]
            item["killed"] = (e.killed or {}).get("min") if e.killed else None
        out.append(json.dumps(item, sort_keys=True, default=str))
    return sorted(out)


@pytest.mark.parametrize("fmt", ["acled-csv", "gtd-csv"])
def test_export_then_import_gives_the_same_events(
    kb: Khabar, store_db: str, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"events.{fmt}"
    kb.export_to(path, fmt)
    fresh = Khabar(store_db)
    report = fresh.import_table([path], fmt)
    assert report.ok and len(report.ingested) == 1, report.outcomes
    want = _signature(kb, points=False)
    if fmt == "gtd-csv":  # GTD holds incidents only
        gtd_types = {"attack", "air_strike", "killing", "kidnapping", "execution"}
        want = [s for s in want if json.loads(s)["type"][0] in gtd_types]
    assert _signature(fresh, points=False) == want
    fresh.close()


def test_round_trip_of_extracted_reports_is_exact(tmp_path: Path) -> None:
    """On a store the extractor built (every place geocoded), ACLED out and in again changes nothing at all."""
    kb = Khabar(tmp_path / "source.db")
    _ingest_reports(kb)
    kb.store.write(CLAIM_DOC.facts())
    path = kb.export_to(tmp_path / "events.csv", "acled-csv")
    fresh = Khabar(tmp_path / "fresh.db")
    assert fresh.import_table([path], "acled-csv").ok
    want = _signature(kb)
    assert len(want) >= 4 and any("true]" in s for s in want)  # a party's claim among them
    assert _signature(fresh) == want
    fresh.close()


def test_codebook_columns_alone_read_back(kb: Khabar, tmp_path: Path) -> None:
    """A tool that keeps only ACLED's own columns loses khabar's extras, not the events: each dated, located
    event comes back with its date, place, named actors and the conservative toll."""
    rows = _rows(kb.export_text("acled-csv"))
    plain = [{k: v for k, v in r.items() if not k.startswith("khabar_")} for r in rows if r["country"]]
    path = tmp_path / "plain.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(plain[0]))
        writer.writeheader()
        writer.writerows(plain)
    fresh = Khabar(tmp_path / "plain.db")
    report = fresh.import_table([path], "acled-csv")
    assert report.ok, [(o.source, o.reason) for o in report.failed]
    by_day = {json.loads(s)["date"][0]: json.loads(s) for s in _signature(fresh, codebook_only=True)}
    orig = {json.loads(s)["date"][0]: json.loads(s) for s in _signature(kb, codebook_only=True)}
    assert by_day["2022-10-29"] == orig["2022-10-29"] and by_day["2015-04-02"] == orig["2015-04-02"]
    assert by_day["2024-01"]["date"] == ["2024-01", None, "month"]


# -- importing datasets beside the news ------------------------------------------------------------------------

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
)
ACLED_ROWS = [
    "AFG9001,2021-10-08,2021,1,Political violence,Explosions/Remote violence,Suicide bomb,Islamic State Khorasan "
    "Province,,2,Civilians (Afghanistan),,7,27,Civilian targeting,4,Caspian,Afghanistan,Kunduz,Kunduz,,Kunduz,"
    "36.7286,68.8681,1,Test Wire,National,A suicide bomber hit a Shia mosque at Friday prayers in Kunduz.,46,,"
    "1700000000",
    "PAK9002,30 January 2023,2023,1,Political violence,Explosions/Remote violence,Suicide bomb,Unidentified Armed "
    "Group (Pakistan),,2,Police Forces of Pakistan (2022-),,1,12,,586,South Asia,Pakistan,Khyber Pakhtunkhwa,"
    'Peshawar,,Peshawar,34.008,71.5785,1,Other Wire,National,"A bomber blew himself up in a mosque in the '
    'Police Lines, Peshawar.",84,,1700000000',
    "IRN9003,2024-01-03,2024,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,Islamic "
    "State Khorasan Province,,2,Civilians (Iran),,7,27,Civilian targeting,364,Middle East,Iran,Kerman,Kerman,,"
    "Kerman,30.2832,57.0788,1,Test Wire,International,Two blasts hit a memorial procession in Kerman.,95,,1700000000",
    "NIG9004,2023-05-12,2023,1,Political violence,Violence against civilians,Attack,Islamic State West Africa "
    "Province,,2,Civilians (Nigeria),,7,27,Civilian targeting,566,Western Africa,Nigeria,Borno,Maiduguri,,"
    "Maiduguri,11.8464,13.1571,1,Local Paper,Subnational,Militants attacked farmers near Maiduguri.,7,,1700000000",
]
BAD_ROWS = [
    "BAD9005,2023-06-01,2023,1,Political violence,Fireworks,Display,Somebody,,2,,,,20,,586,South Asia,Pakistan,"
    "Punjab,,,Lahore,31.5,74.3,1,Test Wire,,An event type ACLED does not have.,0,,1700000000",
    "BAD9006,yesterday,2023,1,Political violence,Battles,Armed clash,Somebody,,2,,,,20,,586,South Asia,Pakistan,"
    "Punjab,,,Lahore,31.5,74.3,1,Test Wire,,A date that is no date.,0,,1700000000",
    "BAD9007,2023-06-02,2023,1,Political violence,Battles,Armed clash,Somebody,,2,,,,20,,586,South Asia,Pakistan,"
    "Punjab,,,Lahore,231.5,74.3,1,Test Wire,,A latitude off the globe.,0,,1700000000",
    "BAD9008,2023-06-03,2023",
]
REPORTS = {
    "kunduz": ("2021-10-08", "A suicide bomber struck a Shia mosque in Kunduz on Friday, 8 October 2021, killing "
               "at least 46 worshippers during prayers, local officials said."),
    "peshawar": ("2023-01-30", "A suicide bomber attacked a mosque in the Police Lines area of Peshawar on 30 "
                 "January 2023, killing at least 59 people, hospital officials said."),
    "peshawar-toll": ("2023-02-01", "The death toll from the bombing of a mosque in Peshawar on 30 January 2023 "
                      "rose to 84, police said on Wednesday."),
    "kerman": ("2024-01-04", "Two bombs exploded among mourners in Kerman, Iran, on 3 January 2024, near the tomb "
               "of Qassem Soleimani. Iranian officials said 95 people were killed and 284 wounded."),
}  # fmt: skip


def _acled_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "acled-sample.csv"
    path.write_text("\n".join([ACLED_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _ingest_reports(kb: Khabar) -> None:
    for doc_id, (published, text) in REPORTS.items():
        report = kb.ingest_text(text, id=doc_id, published=date.fromisoformat(published), source="Test Wire")
        assert report.ok, report.outcomes


@pytest.mark.parametrize("order", ["table-first", "news-first"])
def test_a_table_row_and_the_reports_of_its_event_are_one_event(tmp_path: Path, order: str) -> None:
    kb = Khabar(tmp_path / "k.db")
    table = _acled_file(tmp_path, ACLED_ROWS + BAD_ROWS)
    if order == "news-first":
        _ingest_reports(kb)
    report = kb.import_table([table], "acled-csv")
    if order == "table-first":
        _ingest_reports(kb)
    # each bad row is one failure naming its line; the good rows landed
    assert sorted((o.source.rsplit(":", 1)[1], o.reason.split(" ")[0]) for o in report.failed) == [
        ("6", "event_type"), ("7", "event_date"), ("8", "latitude/longitude"), ("9", "has")]  # fmt: skip
    assert [o.events for o in report.ingested] == [4]
    attacks = [e for e in kb.events(limit=50) if e.type == "attack"]
    assert sorted(e.place for e in attacks) == ["Kerman", "Kunduz", "Maiduguri", "Peshawar"]
    kunduz = next(e for e in attacks if e.place == "Kunduz")
    # the row's actor is the gazetteer's group, the same entity the report names
    names = {n for _r, n in kunduz.participants}
    assert "Islamic State-Khorasan" in names and "Civilians (Afghanistan)" in names
    data = kb.export()
    [ev] = [
        e for e in data["events"] if e["type"] == "attack" and (e["date"] or {}).get("start") == "2023-01-30"
    ]
    docs = {f["document"] for f in ev["figures"]}
    assert docs == {"acled-sample", "peshawar", "peshawar-toll"}  # every figure with its source
    table_fig = next(f for f in ev["figures"] if f["document"] == "acled-sample")
    assert table_fig["said_by"] == {"text": "Other Wire"} and table_fig["min"] == 84
    cited = {(c["document"], c["text"][:7]) for c in ev["evidence"]}
    assert ("acled-sample", "PAK9002") in cited  # the row itself is the evidence, at its offsets
    text = table.read_text(encoding="utf-8")
    row = next(c for c in ev["evidence"] if c["document"] == "acled-sample")
    assert text[row["start"] : row["end"]] == row["text"]


GTD_TEXT = (
    "eventid,iyear,imonth,iday,extended,resolution,country_txt,provstate,city,latitude,longitude,specificity,"
    "summary,attacktype1,attacktype1_txt,targtype1_txt,target1,gname,claimed,weaptype1_txt,weapdetail,nkill,nwound\n"
    "201504020001,2015,4,2,0,,Kenya,North Eastern,Garissa,-0.4532,39.6461,1,Gunmen stormed Garissa University "
    "College; Kényan students killed.,2,Armed Assault,Educational Institution,Garissa University College,"
    "Al-Shabaab,1,Firearms,AK-47 rifles,148,79\n"
    "201410000001,2014,10,0,0,,Nigeria,Borno,Unknown,,,5,An attack somewhere in Borno in October 2014.,9,"
    "Unknown,Unknown,,Unknown,0,Unknown,,-9,\n"
    "201401010001,2014,13,1,0,,Nigeria,Borno,Maiduguri,,,1,A month that is no month.,2,,,,Boko Haram,0,,,3,\n"
)


def test_gtd_rows_import_with_claims_and_precision(tmp_path: Path) -> None:
    path = tmp_path / "gtd-sample.csv"
    path.write_bytes(GTD_TEXT.encode("latin-1"))
    kb = Khabar(tmp_path / "k.db")
    failed = kb.import_table([path], "gtd-csv")
    assert [o.reason for o in failed.failed] and "--encoding" in failed.failed[0].reason
    report = kb.import_table([path], "gtd-csv", encoding="latin-1")
    assert [(o.source.rsplit(":", 1)[1], o.reason) for o in report.failed] == [
        ("4", "iyear/imonth/iday 2014/13/1 is not a date")]  # fmt: skip
    data = kb.export()
    garissa = next(e for e in data["events"] if e["date"]["start"] == "2015-04-02")
    names = {e["id"]: e["name"] for e in data["entities"]}
    roles = {(p["role"], names.get(p.get("entity", ""))) for p in garissa["participants"]}
    assert {("perpetrator", "al-Shabaab"), ("claimant", "al-Shabaab")} <= roles  # the gazetteer's spelling
    assert (garissa["type"], garissa["subtype"], garissa["killed"]) == (
        "attack",
        "armed_assault",
        {"min": 148, "max": 148},
    )
    assert garissa["wounded"] == {"min": 79, "max": 79} and garissa["weapons"] == ["AK-47 rifles"]
    borno = next(e for e in data["events"] if e["date"]["start"] == "2014-10")
    assert borno["location"]["name"] == "Nigeria" and borno["killed"] is None and borno["participants"] == []
    assert kb.import_table([path], "gtd-csv", encoding="latin-1").duplicates  # the same file again: a no-op


def test_import_cli_reports_each_bad_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = _acled_file(tmp_path, ACLED_ROWS[3:] + BAD_ROWS[:1])
    db = str(tmp_path / "k.db")
    assert main(["--db", db, "import", "--format", "acled-csv", str(table)]) == 1
    captured = capsys.readouterr()
    assert f"{table}:3: event_type 'Fireworks' is not an ACLED event type" in captured.err.replace("\n", "")
    assert "1 bad rows" in captured.out and "1 events" in captured.out
    wrong = tmp_path / "gtd.csv"
    wrong.write_text("eventid,iyear\n1,2015\n", encoding="utf-8")
    assert main(["--db", db, "import", "--format", "acled-csv", str(wrong)]) == 1
    assert (
        "not a ACLED-shaped table: no event_type, sub_event_type, country column" in capsys.readouterr().err
    )


def test_facts_of_a_row_are_plain_docfacts(tmp_path: Path) -> None:
    """The importer speaks the model every stage speaks: one document, a sentence per good row."""
    from khabar.interchange import read_table

    result = read_table(_acled_file(tmp_path, ACLED_ROWS[:2]), "acled-csv", max_bytes=10**6)
    facts = result.facts
    assert isinstance(facts, DocFacts) and not result.errors
    assert [s.index for s in facts.sentences] == [2, 3] and len(facts.events) == 2
    assert all(facts.document.text[s.start : s.end] == s.text for s in facts.sentences)
    kunduz = facts.events[0]
    assert replace(kunduz.date, text="") == dv("2021-10-08")  # type: ignore[type-var]
    [group] = [e for e in facts.entities.values() if e.type == "armed_group"]
    assert group.gazetteer is not None and group.aliases == {"Islamic State Khorasan Province"}
    words = [p for p in kunduz.participants if p.entity is None]
    assert [(p.role, p.text) for p in words] == [("target", "Civilians (Afghanistan)")]
