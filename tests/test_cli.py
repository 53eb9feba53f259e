"""The CLI end to end on our own texts: ingest (with bad files), entities, events, show, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabar.cli.main import main
from tests.texts import KABUL_AIRPORT, KABUL_AIRPORT_META, MOGADISHU, PESHAWAR


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    (d / "kabul.txt").write_text(KABUL_AIRPORT, encoding="utf-8")
    (d / "kabul.meta.json").write_text(json.dumps(KABUL_AIRPORT_META), encoding="utf-8")
    (d / "peshawar.txt").write_text(PESHAWAR, encoding="utf-8")
    (d / "peshawar.meta.json").write_text(json.dumps({"published": "2023-01-30"}), encoding="utf-8")
    (d / "mogadishu.txt").write_text(MOGADISHU, encoding="utf-8")
    return d


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_ingest_summary_and_idempotence(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "k.db")
    code, out, _ = run(capsys, "--db", db, "ingest", str(corpus))
    assert code == 0
    assert "ingested 3, duplicate 0, failed 0" in out
    code, out1, _ = run(capsys, "--db", db, "export", "--format", "facts-json")
    code, out, _ = run(capsys, "--db", db, "ingest", str(corpus))
    assert code == 0 and "ingested 0, duplicate 3, failed 0" in out
    code, out2, _ = run(capsys, "--db", db, "export")
    assert json.loads(out1) == json.loads(out2), "re-ingesting the same texts changed the store"


def test_broken_file_is_reported_and_the_rest_lands(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "latin1.txt").write_bytes("Attaque à Bamako".encode("latin-1"))
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    code, out, err = run(capsys, "--db", str(tmp_path / "k.db"), "ingest", str(corpus))
    assert code == 1
    assert "ingested 3, duplicate 0, failed 3" in out
    assert "empty.txt" in err and "latin1.txt" in err and "UTF-8" in err and "blob.txt" in err


def test_env_db_and_listing_commands(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KHABAR_DB", str(tmp_path / "env.db"))
    assert run(capsys, "ingest", str(corpus / "kabul.txt"))[0] == 0
    assert (tmp_path / "env.db").exists()
    code, out, _ = run(capsys, "entities", "--type", "armed_group")
    assert code == 0 and "armed_group" in out
    assert "Keller" not in out
    code, out, _ = run(capsys, "entities", "--type", "armed_group", "--json")
    assert "Islamic State-Khorasan" in {e["name"] for e in json.loads(out)}
    code, out, _ = run(capsys, "entities", "--json")
    names = {e["name"] for e in json.loads(out)}
    assert "Maria Keller" not in names and "Kabul" in names
    code, out, _ = run(capsys, "events", "--json")
    events = json.loads(out)
    assert any(e["type"] == "attack" and e["date_start"] == "2021-08-26" for e in events)
    code, out, _ = run(capsys, "show", "ISKP", "--json")
    dossier = json.loads(out)
    assert code == 0 and dossier["name"] == "Islamic State-Khorasan"
    assert [d["id"] for d in dossier["documents"]] == ["kabul-airport"]
    code, out, _ = run(capsys, "show", "ISKP")
    assert code == 0 and "kabul-airport" in out


def test_show_unknown_entity_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "k.db"), "show", "Nobody Known")
    assert code == 2
    assert "no entity called 'Nobody Known'" in err and "Traceback" not in err


def test_bad_options_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "k.db"), "ingest", "x.txt", "--published", "March")
    assert code == 2 and "2024-03-26" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "k.db"), "events", "--type", "picnic")
    assert code == 2 and "unknown event type" in err


def test_export_to_file(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "k.db")
    run(capsys, "--db", db, "ingest", str(corpus))
    code, _, err = run(capsys, "--db", db, "export", "-o", str(tmp_path / "facts.json"))
    assert code == 0
    data = json.loads((tmp_path / "facts.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} == {"kabul-airport", "peshawar", "mogadishu"}
