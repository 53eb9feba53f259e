"""Curation with an audit trail, on a real store built by the real pipeline from our own short reports.

The round trip: merge, split, reject (a figure, a relation, an alias, an event) and correct (a toll, a date, a
perpetrator), add an alias and merge two entities; then ``reprocess`` with a changed extractor version: every
curation holds; ``khabar audit`` lists each with its reason; undoing them all gives back the store as it was.
Also: the CLI's and the HTTP API's curation (the write token), explain-merge, and a reprocess that is killed
half-way and resumed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from khabar import Khabar
from khabar.cli.main import main
from khabar.errors import CurationError, NotFoundError
from khabar.extract import registry
from tests.resolution_docs import canonical

REPORTS = {
    "pesh-a": ("2023-01-30", "A suicide bomber struck worshippers at a mosque in the Police Lines area of Peshawar "
               "on Monday, killing at least 28 people, police said."),
    "pesh-b": ("2023-01-31", "The death toll from Monday's bombing of a mosque in Peshawar rose to 59, officials "
               "said on Tuesday."),
    "pesh-c": ("2023-02-02", "Officials said on Thursday that the number of people killed in the mosque bombing in "
               "Peshawar had reached 84."),
    "quetta-d": ("2023-02-06", "A bomb exploded near a police headquarters in Quetta on Sunday, wounding five "
                 "people, officials said."),
    "claim-e": ("2023-01-31", "Jamaat-ul-Ahrar, a faction of the Pakistani Taliban, claimed the Peshawar mosque "
                "bombing. The group is led by Omar Khalid Khorasani."),
}  # fmt: skip


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "reports"
    d.mkdir()
    for doc_id, (published, text) in REPORTS.items():
        (d / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
        (d / f"{doc_id}.meta.json").write_text(
            json.dumps({"id": doc_id, "published": published}), encoding="utf-8"
        )
    return d


def _event(kb: Khabar, document: str, type_: str = "attack") -> dict[str, Any]:
    found = [
        e
        for e in kb.export()["events"]
        if e["type"] == type_ and any(x["document"] == document for x in e["evidence"])
    ]
    assert len(found) == 1, (document, found)
    return found[0]


def _relation(kb: Khabar, type_: str) -> dict[str, Any]:
    return next(r for r in kb.export()["relations"] if r["type"] == type_)


def _entity(kb: Khabar, name: str) -> dict[str, Any]:
    return next(e for e in kb.export()["entities"] if e["name"] == name)


def test_curations_hold_through_reprocessing_and_undo_restores_the_store(
    store_db: str, corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = Khabar(store_db)
    assert kb.ingest([corpus]).ok
    pristine = canonical(kb.export())
    peshawar = _event(kb, "pesh-a")
    assert {x["document"] for x in peshawar["evidence"]} >= {"pesh-a", "pesh-b", "pesh-c"}
    assert peshawar["killed"] == {"min": 84, "max": 84}

    done = [
        kb.merge_events(peshawar["id"], _event(kb, "quetta-d")["id"], reason="one campaign, says the desk")
    ]
    merged = _event(kb, "pesh-a")
    assert {x["document"] for x in merged["evidence"]} >= {"pesh-a", "quetta-d"}
    done.append(kb.split_event(merged["id"], "pesh-c", reason="C counts another blast"))
    done.append(
        kb.reject("figure", _event(kb, "pesh-a")["id"], document="pesh-b", value=59, reason="misprint")
    )
    done.append(kb.correct_event(_event(kb, "pesh-a")["id"], "killed", "at least 101", reason="final count"))
    done.append(kb.correct_event(_event(kb, "pesh-c")["id"], "date", "2023-02-01", reason="C's own day"))
    done.append(kb.correct_event(_event(kb, "pesh-a")["id"], "perpetrator", "Tehrik-i-Taliban Pakistan",
                                 reason="the parent group carried it out"))  # fmt: skip
    done.append(kb.reject("relation", _relation(kb, "leader_of")["id"], reason="the source is a rumour"))
    done.append(kb.reject("alias", "Jamaat-ul-Ahrar", alias="JuA", reason="JuA names another group here"))
    done.append(kb.add_alias("Omar Khalid Khorasani", "Abdul Wali", reason="his birth name"))
    done.append(kb.merge_entities("Peshawar", "Police Lines", reason="the area is a part of the city"))
    done.append(kb.reject("event", _event(kb, "claim-e", "claim")["id"], reason="a claim we cannot verify"))

    def check(data: dict[str, Any]) -> None:
        events = data["events"]
        main = next(e for e in events if any(x["document"] == "pesh-a" for x in e["evidence"]))
        docs = {x["document"] for x in main["evidence"]}
        assert "quetta-d" in docs and "pesh-c" not in docs
        assert main["killed"] == {"min": 101, "max": None} and main["curated"] is True
        assert 59 not in {f["min"] for f in main["figures"]}
        assert any(f.get("curated") for f in main["figures"])
        names = {e["id"]: e["name"] for e in data["entities"]}
        assert [
            names.get(p.get("entity"), p.get("text"))
            for p in main["participants"]
            if p["role"] == "perpetrator"
        ] == ["Tehrik-i-Taliban Pakistan"]
        c = next(e for e in events if any(x["document"] == "pesh-c" for x in e["evidence"]))
        assert c["date"]["start"] == "2023-02-01"
        assert not [e for e in events if e["type"] == "claim"]
        assert not [r for r in data["relations"] if r["type"] == "leader_of"]
        ents = {e["name"]: e for e in data["entities"]}
        assert "JuA" not in ents["Jamaat-ul-Ahrar"]["aliases"]
        assert "Abdul Wali" in ents["Omar Khalid Khorasani"]["aliases"]
        assert "Police Lines" not in ents and "Police Lines" in ents["Peshawar"]["aliases"]
        assert ents["Peshawar"]["curated"] is True

    curated = kb.export()
    check(curated)

    newer = registry.EXTRACTION.replace(registry.EVENTS, "khabar.events.v99")
    monkeypatch.setattr(registry, "EXTRACTION", newer)
    report = kb.reprocess()
    assert (len(report.ingested), len(report.failed)) == (len(REPORTS), 0)
    assert kb.reprocess().outcomes == []  # nothing older than the current extraction is left
    check(kb.export())
    assert canonical(kb.export()) == canonical(curated)

    assert main(["--db", store_db, "audit", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {e["reason"] for e in listed} == {e.reason for e in done}
    assert main(["--db", store_db, "audit"]) == 0
    table = capsys.readouterr().out
    assert "final count" in table and "merge-events" in table

    for entry in reversed(done):
        kb.undo(entry.id, reason="test over")
    assert canonical(kb.export()) == pristine
    with pytest.raises(CurationError, match="undone already"):
        kb.undo(done[0].id, reason="again")
    redo = kb.undo(
        kb.audit(limit=1)[0].id, reason="the merge was right after all"
    )  # undo the undo of the merge
    assert redo.action == "undo"
    assert "quetta-d" in {x["document"] for x in _event(kb, "pesh-a")["evidence"]}
    kb.close()


def test_a_curation_needs_a_reason_and_names_real_things(tmp_path: Path, corpus: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest([corpus])
        ev = _event(kb, "pesh-a")["id"]
        with pytest.raises(CurationError, match="reason"):
            kb.correct_event(ev, "killed", 5, reason="  ")
        with pytest.raises(NotFoundError, match="v999"):
            kb.merge_events(ev, "v999", reason="x")
        with pytest.raises(CurationError, match="no report"):
            kb.split_event(ev, "quetta-d", reason="x")
        with pytest.raises(CurationError, match="not a toll"):
            kb.correct_event(ev, "killed", "many", reason="x")
        with pytest.raises(CurationError, match="not a date"):
            kb.correct_event(ev, "date", "last week", reason="x")
        assert kb.audit() == []


def test_explain_merge_says_why(tmp_path: Path, corpus: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest([corpus])
        pesh, quetta = _event(kb, "pesh-a")["id"], _event(kb, "quetta-d")["id"]
        same = kb.explain_merge(pesh, pesh)
        assert same["same"] and any("same day" in r for p in same["pairs"] for r in p["reasons"])
        apart = kb.explain_merge(pesh, quetta)
        assert not apart["same"] and "two events" in apart["verdict"]
        assert any(p["cannot"] for p in apart["pairs"])  # 30 January and 5 February are different days
        groups = kb.explain_merge("Jamaat-ul-Ahrar", "Pakistani Taliban")
        assert "two gazetteer entries" in groups["verdict"]  # a faction never merges with its parent
        one = kb.explain_merge("Jamaat-ul-Ahrar", "JuA")
        assert one["same"] and "gazetteer" in one["verdict"]


def test_cli_curation(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "k.db")
    assert main(["--db", db, "ingest", "-q", str(corpus)]) == 0
    with Khabar(db) as kb:
        ev = _event(kb, "quetta-d")["id"]
    capsys.readouterr()
    assert (
        main(["--db", db, "correct", ev, "wounded", "up to 7", "--reason", "hospital figure", "--who", "ana"])
        == 0
    )
    assert "audit 1: correct-event wounded" in capsys.readouterr().out
    assert main(["--db", db, "explain-merge", ev, ev]) == 0
    assert "one event" in capsys.readouterr().out
    assert (
        main(["--db", db, "reject", "figure", ev, "--document", "nope", "--value", "5", "--reason", "x"]) == 2
    )
    assert "has no killed figure 5" in capsys.readouterr().err
    assert main(["--db", db, "undo", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["undo_of"] == 1
    with Khabar(db) as kb:
        assert _event(kb, "quetta-d")["wounded"] == {"min": 5, "max": 5}
        assert kb.audit()[1].who == "ana"


def test_http_curation_needs_the_write_token(tmp_path: Path, corpus: Path) -> None:
    from khabar.serve import create_app

    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest([corpus])
        ev = _event(kb, "pesh-a")["id"]
        body = {"slot": "killed", "value": "at least 90", "reason": "final count", "who": "web"}
        open_app = TestClient(create_app(kb))
        assert open_app.post(f"/api/curation/events/{ev}/correct", json=body).status_code == 403
        client = TestClient(create_app(kb, ingest_token="s3cret"))
        assert client.post(f"/api/curation/events/{ev}/correct", json=body).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        assert (
            client.post(
                f"/api/curation/events/{ev}/correct", json=body, headers={"Authorization": "Bearer no"}
            ).status_code
            == 403
        )
        r = client.post(f"/api/curation/events/{ev}/correct", json=body, headers=auth)
        assert (
            r.status_code == 201
            and r.json()["who"] == "web"
            and r.json()["summary"].startswith("correct-event")
        )
        assert _event(kb, "pesh-a")["killed"] == {"min": 90, "max": None}
        r = client.post(f"/api/curation/events/{ev}/correct", json={**body, "slot": "colour"}, headers=auth)
        assert r.status_code == 422
        r = client.post(
            "/api/curation/events/v999/split", json={"document": "x", "reason": "r"}, headers=auth
        )
        assert r.status_code == 404
        page = client.get("/api/audit").json()
        assert [e["reason"] for e in page["items"]] == ["final count"]
        assert (
            client.post(
                f"/api/audit/{page['items'][0]['id']}/undo", json={"reason": "no"}, headers=auth
            ).status_code
            == 201
        )
        assert _event(kb, "pesh-a")["killed"] == {"min": 84, "max": 84}
        assert client.get("/api/explain-merge", params={"a": ev, "b": ev}).json()["same"] is True
        paths = client.get("/openapi.json").json()["paths"]
        assert "/api/curation/events/merge" in paths and "/api/audit/{audit_id}/undo" in paths


def test_reprocess_resumes_after_a_kill(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest([corpus])
        before = canonical(kb.export())
        monkeypatch.setattr(
            registry, "EXTRACTION", registry.EXTRACTION.replace(registry.RELATIONS, "khabar.relations.v99")
        )
        first = kb.reprocess(limit=2)  # stops after a batch, as a killed run would
        assert 0 < len(first.ingested) < len(REPORTS)
        rest = kb.reprocess()
        assert len(first.ingested) + len(rest.ingested) >= len(REPORTS)
        assert kb.reprocess().outcomes == []
        assert canonical(kb.export()) == before
        with pytest.raises(Exception, match="newer"):
            kb.reprocess(since_version="khabar.events.v99")
