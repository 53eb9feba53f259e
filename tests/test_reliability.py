"""Nothing lost on hostile or awkward input (issue 11): long documents, a document stored meanwhile by another
process, untrusted folders, nonsense filters, and HTTP answers that speak HTTP. Each test reproduces one of the
failures found when khabar was tried as a new user and a tester would."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language

from khabar import Khabar
from khabar.cli.main import main
from khabar.errors import QueryError
from khabar.extract import Extractor, chunking
from khabar.extract.pipeline import load_nlp
from khabar.ingest import read_sources
from khabar.model import RawDocument
from khabar.serve import create_app
from tests.texts import KABUL_AIRPORT, MOGADISHU, PESHAWAR

TOKEN = "t0ken"

# Our own paragraphs: each reports one event, so a long document made of them has facts from start to end.
PARAGRAPHS = [
    "Gunmen attacked a police station in Maiduguri on 3 May 2021, killing 12 officers, police said. "
    "Boko Haram claimed responsibility for the attack.",
    "A car bomb exploded near a market in Mogadishu on 9 June 2021, killing 20 people. "
    "Al-Shabaab said it carried out the bombing.",
    "Fighters of the Pakistani Taliban ambushed an army convoy near Peshawar on 14 July 2021, "
    "killing seven soldiers, the army said.",
    "The Taliban captured the city of Kandahar on 13 August 2021 after weeks of fighting with government forces.",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def long_text(chars: int) -> str:
    """Paragraphs of our own, repeated with the year moving on so no two are the same, to ``chars`` or more."""
    parts: list[str] = []
    n = 0
    while sum(len(p) + 2 for p in parts) < chars:
        year = 1990 + n // len(PARAGRAPHS)
        parts.append(PARAGRAPHS[n % len(PARAGRAPHS)].replace("2021", str(year)))
        n += 1
    return "\n\n".join(parts) + "\n"


@pytest.fixture()
def small_spacy_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """spaCy's refusal of long texts (E088, 1,000,000 characters) at a size a test can afford: 6,000."""
    nlp = load_nlp()
    monkeypatch.setattr(nlp, "max_length", 6_000)
    monkeypatch.setattr(chunking, "CHUNK_CHARS", 2_500)
    monkeypatch.setattr(chunking, "BATCH_CHARS", 10_000)
    return 6_000


# ------------------------------------------------------------------------------------ 1. long documents


def test_chunks_are_paragraph_bounded_and_give_back_the_text() -> None:
    text = long_text(20_000)
    points = chunking.split_points(text, 3_000)
    parts = chunking.chunks(text, 3_000)
    assert "".join(parts) == text and len(parts) == len(points) > 6
    assert all(len(p) <= 3_000 for p in parts)
    assert all(text[i - 2 : i] == "\n\n" for i in points[1:])  # every cut after a blank line
    one_paragraph = "Word " * 2_000  # no paragraph break, no full stop: cut at a space
    assert all(p.endswith(" ") for p in chunking.chunks(one_paragraph, 1_000)[:-1])
    sentences = "A short sentence. " * 500
    assert all(p.endswith(". ") for p in chunking.chunks(sentences, 1_000)[:-1])
    assert chunking.chunks("x" * 2_500, 1_000) == ["x" * 1_000, "x" * 1_000, "x" * 500]  # no space at all


def test_a_long_document_is_read_in_chunks_with_document_wide_offsets() -> None:
    """The same facts as one pass over the whole text; every offset points into the whole document."""
    text = long_text(12_000)
    raw = RawDocument(id="long", text=text)
    ex = Extractor()
    whole = ex.extract_one(raw)  # 12,000 characters: one pass (a chunk is 20,000)
    chunked = chunking.parse_long(ex.nlp, RawDocument(id="long", text=text), size=2_000)._.khabar_facts
    assert not chunked.errors
    assert all(text[s.start : s.end] == s.text for s in chunked.sentences)
    assert all(text[m.start : m.end] == m.text for m in chunked.mentions)
    assert max(m.start for m in chunked.mentions) > 10_000  # facts from the last chunk, at their own offsets
    assert sorted(e.name for e in chunked.entities.values()) == sorted(e.name for e in whole.entities.values())
    events = sorted((e.type, str(e.date)) for e in chunked.events)
    assert events == sorted((e.type, str(e.date)) for e in whole.events) and len(events) > 20


def test_a_document_over_spacys_limit_no_longer_sinks_the_batch(
    tmp_path: Path, small_spacy_limit: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: `extraction failed: [E088] Text of length ... exceeds maximum`, exit 2, nothing of the batch stored."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-kabul.txt").write_text(KABUL_AIRPORT, encoding="utf-8")
    (folder / "b-long.txt").write_text(long_text(small_spacy_limit + 4_000), encoding="utf-8")
    (folder / "c-mogadishu.txt").write_text(MOGADISHU, encoding="utf-8")
    db = tmp_path / "k.db"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(folder))
    assert code == 0, err
    assert "ingested 3, duplicate 0, failed 0" in out and "E088" not in out + err
    with Khabar(db) as kb:
        doc = kb.export()["documents"]
    assert {d["id"] for d in doc} == {"a-kabul", "b-long", "c-mogadishu"}


def test_a_document_that_cannot_be_read_fails_alone_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chunking, "MAX_CHARS", 5_000)
    with Khabar(tmp_path / "k.db") as kb:
        report = kb.ingest_documents(
            [
                RawDocument(id="kabul", text=KABUL_AIRPORT),
                RawDocument(id="huge", text=long_text(6_000)),
                RawDocument(id="peshawar", text=PESHAWAR),
            ]
        )
    assert [o.document for o in report.ingested] == ["kabul", "peshawar"]
    (failed,) = report.failed
    assert failed.document == "huge" and failed.reason is not None
    assert "over the 5,000 khabar extracts in one document" in failed.reason and "\n" not in failed.reason


@Language.component("test_boom")
def _boom(doc: Any) -> Any:
    if "BOOM" in doc.text:
        raise ValueError("a component gave up on this text")
    return doc


@pytest.fixture()
def exploding_parser() -> Iterator[None]:
    """spaCy failing on one document ("BOOM" in it): a stand-in for whatever a real text may trip."""
    nlp = load_nlp()
    nlp.add_pipe("test_boom", before="parser")
    try:
        yield
    finally:
        nlp.remove_pipe("test_boom")


def test_spacy_failing_on_one_document_fails_that_document_only(tmp_path: Path, exploding_parser: None) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        report = kb.ingest_documents(
            [
                RawDocument(id="kabul", text=KABUL_AIRPORT),
                RawDocument(id="bad", text="BOOM. " + MOGADISHU),
                RawDocument(id="peshawar", text=PESHAWAR),
            ]
        )
    assert [o.document for o in report.ingested] == ["kabul", "peshawar"]
    assert [(o.document, o.reason) for o in report.failed] == [
        ("bad", "could not be parsed: ValueError: a component gave up on this text")
    ]


def test_http_never_answers_500_with_spacys_message(
    tmp_path: Path, small_spacy_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Khabar(tmp_path / "k.db") as kb, TestClient(create_app(kb, ingest_token=TOKEN)) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = client.post("/api/documents", json={"id": "long", "text": long_text(8_000)}, headers=auth)
        assert r.status_code == 201, r.text
        monkeypatch.setattr(chunking, "MAX_CHARS", 9_000)
        r = client.post("/api/documents", json={"id": "longer", "text": long_text(10_000)}, headers=auth)
        assert r.status_code == 409, r.text
        assert "E088" not in r.text and "over the 9,000 khabar extracts" in r.json()["outcomes"][0]["reason"]


# ------------------------------------------------------------------------------------ 2. another process


def test_a_document_stored_meanwhile_by_another_process_is_a_duplicate(tmp_path: Path) -> None:
    """Was: `failed …: UNIQUE constraint failed: documents.content_hash`. The other writer is a second Khabar on
    the same file, storing the same text after this ingest checked the store and before it wrote."""
    db = tmp_path / "k.db"
    with Khabar(db) as kb, Khabar(db) as other:
        real = kb.extractor

        class Racing:
            def extract(self, raws: Any) -> Iterator[Any]:
                for facts in real.extract(raws):
                    if facts.document.id == "mogadishu":
                        other.ingest_text(MOGADISHU, id="mogadishu-elsewhere")
                    yield facts

        kb._extractor = Racing()
        report = kb.ingest_documents(
            [RawDocument(id="kabul", text=KABUL_AIRPORT), RawDocument(id="mogadishu", text=MOGADISHU)]
        )
    assert report.ok and report.summary() == "ingested 1, duplicate 1, failed 0"
    (dup,) = report.duplicates
    assert (dup.document, dup.same_as) == ("mogadishu", "mogadishu-elsewhere")


def test_replace_swaps_the_old_version_in_one_transaction(tmp_path: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest_text(MOGADISHU, id="m")
        assert kb.ingest_text(PESHAWAR, id="m").failed  # other text, same id: refused without replace
        report = kb.ingest_text(PESHAWAR, id="m", replace=True)
        assert report.ok and [o.document for o in report.ingested] == ["m"]
        assert [d["id"] for d in kb.export()["documents"]] == ["m"]
        assert kb.store.document_hash("m") == RawDocument(id="m", text=PESHAWAR).content_hash


# ------------------------------------------------------------------------------------ 3. untrusted folders


def test_links_leaving_the_folder_are_skipped_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: `passwd_link.txt → /etc/passwd` ingested and served."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Private notes of the operator, not news.\n", encoding="utf-8")
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "kabul.txt").write_text(KABUL_AIRPORT, encoding="utf-8")
    (folder / "sub" / "peshawar.txt").write_text(PESHAWAR, encoding="utf-8")
    (folder / "secret_link.txt").symlink_to(secret)
    (folder / "outside_dir").symlink_to(outside, target_is_directory=True)
    (folder / "inside_link.txt").symlink_to(folder / "sub" / "peshawar.txt")  # stays inside: followed
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    db = tmp_path / "k.db"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(folder))
    assert code == 0, err
    assert "ingested 2, duplicate 1, failed 0, skipped 3" in out
    assert f"skipped {folder / 'secret_link.txt'}: symbolic link to {secret} leaves the folders" in err
    assert f"skipped {folder / 'outside_dir'}: symbolic link to {outside} leaves the folders" in err
    assert f"skipped {folder / 'dangling.txt'}: broken symbolic link" in err
    assert f"duplicate {folder / 'sub' / 'peshawar.txt'}: same text as document 'inside_link'" in err
    with Khabar(db) as kb:
        assert "Private notes" not in json.dumps(kb.export())
    code, out, _ = run(capsys, "--db", str(db), "ingest", "--follow-links", str(folder))
    assert "ingested 1, duplicate 4, failed 0, skipped 1" in out  # the secret now (twice: link, folder)


@pytest.mark.parametrize(
    ("bad_id", "why"),
    [
        ("x" * 100_000, "is 100,000 characters long (at most 255)"),
        ("ok\x1b[2K\ringested fake: 9 entities", "holds the control character U+001B"),
        ("line\nbreak", "holds the control character U+000A"),
        ("right\u202eto-left", "holds the control character U+202E"),
    ],
)
def test_every_id_is_checked_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad_id: str, why: str
) -> None:
    """Was: a 100,000-character id stored, and one holding ESC/CR/LF printing a fake `ingested` line."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "side.txt").write_text(KABUL_AIRPORT, encoding="utf-8")
    (folder / "side.meta.json").write_text(json.dumps({"id": bad_id}), encoding="utf-8")
    (folder / "lines.jsonl").write_text(
        json.dumps({"id": bad_id, "text": PESHAWAR}) + "\n" + json.dumps({"id": "fine", "text": MOGADISHU}) + "\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--db", str(tmp_path / "k.db"), "ingest", str(folder))
    assert code == 1 and "ingested 1, duplicate 0, failed 2" in out
    assert err.count(why) == 2 and "\x1b" not in out + err and "\r" not in out + err
    assert len(err.strip().splitlines()) == 2 and "ingested fake" not in out
    with Khabar(tmp_path / "k2.db") as kb, TestClient(create_app(kb, ingest_token=TOKEN)) as client:
        r = client.post(
            "/api/documents", json={"id": bad_id, "text": MOGADISHU}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert r.status_code == 422
        report = kb.ingest_text(MOGADISHU, id=bad_id)  # Python callers too
        assert report.failed and why in (report.failed[0].reason or "")


def test_a_file_name_that_cannot_be_an_id_asks_for_a_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "odd\x1bname.txt"
    path.write_text(MOGADISHU, encoding="utf-8")
    (error,) = list(read_sources([path]))
    assert isinstance(error, Exception) and "give the document an id in odd\x1bname.meta.json" in str(error)
    (tmp_path / "odd\x1bname.meta.json").write_text(json.dumps({"id": "mogadishu"}), encoding="utf-8")
    (doc,) = list(read_sources([path]))
    assert isinstance(doc, RawDocument) and doc.id == "mogadishu"


def test_an_unreadable_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: skipped without a word. (Tests run as root, who reads any folder: the OS refusal is simulated.)"""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "a.txt").write_text(PESHAWAR, encoding="utf-8")
    (folder / "kabul.txt").write_text(KABUL_AIRPORT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == folder / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(capsys, "--db", str(tmp_path / "k.db"), "ingest", str(folder))
    assert code == 1 and "ingested 1, duplicate 0, failed 1" in out
    assert f"failed {folder / 'locked'}: cannot read folder: Permission denied" in err


def test_other_paths_not_read_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kabul.txt").write_text(KABUL_AIRPORT, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "orphan.meta.json").write_text("{}", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / ".DS_Store").write_bytes(b"\x00")  # hidden: passed over by design, as README says
    code, out, err = run(capsys, "--db", str(tmp_path / "k.db"), "ingest", str(folder))
    assert code == 0 and "ingested 1, duplicate 0, failed 0, skipped 3" in out
    assert f"skipped {folder / 'scan.pdf'}: khabar does not read .pdf files" in err
    assert f"skipped {folder / 'orphan.meta.json'}: metadata sidecar with no document" in err
    assert f"skipped {folder / 'pipe.txt'}: not a regular file" in err
    assert ".DS_Store" not in err


def test_duplicates_name_what_they_duplicate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: counted as a duplicate, never named."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(MOGADISHU, encoding="utf-8")
    (folder / "b.txt").write_text(MOGADISHU, encoding="utf-8")
    db = str(tmp_path / "k.db")
    code, out, err = run(capsys, "--db", db, "ingest", str(folder))
    assert code == 0 and f"duplicate {folder / 'b.txt'}: same text as document 'a'" in err
    (tmp_path / "copy.txt").write_text(MOGADISHU, encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "ingest", str(tmp_path / "copy.txt"))
    assert "ingested 0, duplicate 1" in out and "same text as document 'a'" in err


@pytest.mark.parametrize("what", ["missing", "broken-only"])
def test_nothing_to_ingest_creates_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    """Was: `ingest /nonexistent` created an empty store file."""
    path = tmp_path / "nonexistent"
    if what == "broken-only":
        path.mkdir()
        (path / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "k.db"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(path))
    assert code == 1 and "ingested 0, duplicate 0, failed 1" in out and str(path) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nonexistent"] * (what == "broken-only")


# ------------------------------------------------------------------------------------ 4. filters


@pytest.mark.parametrize(
    ("command", "value"),
    [("events", "2024-13"), ("events", "yesterday"), ("timeline", "2024-02-30"), ("events", "2023-02-29")],
)
def test_cli_refuses_dates_that_are_not_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, value: str
) -> None:
    """Was: `--since 2024-13` and `--since yesterday` answered with exit 0, `2024-02-30` accepted."""
    db = str(tmp_path / "k.db")
    code, out, err = run(capsys, "--db", db, command, "--since", value)
    assert code == 2 and not out
    assert f"Invalid value for '--since': {value!r} is not a date like 2024, 2024-03 or 2024-03-22" in err
    code, _, err = run(capsys, "--db", db, command, "--until", value)
    assert code == 2 and "'--until'" in err


def test_the_api_and_python_refuse_the_same_dates(tmp_path: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest_text(MOGADISHU, id="m")
        for call in (
            lambda: kb.events(since="2024-02-30"),
            lambda: kb.timeline(until="2023-02-29"),
            lambda: kb.count_events(since="2024-13"),
        ):
            with pytest.raises(QueryError, match="is not a date like 2024, 2024-03 or 2024-03-22"):
                call()
        assert kb.events(since="2024-02-29") == []  # a real leap day is fine
        with TestClient(create_app(kb)) as client:
            for url in ("/api/events?since=2024-02-30", "/api/timeline?until=2024-02-30", "/api/places?since=2021-02-29"):
                r = client.get(url)
                assert r.status_code == 422 and "is not a date like" in r.json()["detail"], (url, r.text)


# ------------------------------------------------------------------------------------ 5. HTTP words


def test_a_409_speaks_http_not_the_cli(tmp_path: Path) -> None:
    """Was: a 409 telling an HTTP client to "use --replace"."""
    with Khabar(tmp_path / "k.db") as kb, TestClient(create_app(kb, ingest_token=TOKEN)) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert client.post("/api/documents", json={"id": "m", "text": MOGADISHU}, headers=auth).status_code == 201
        r = client.post("/api/documents", json={"id": "m", "text": PESHAWAR}, headers=auth)
        assert r.status_code == 409
        (outcome,) = r.json()["outcomes"]
        assert "--replace" not in r.text and outcome["code"] == "id-taken"
        assert outcome["reason"].endswith('send it again with "replace": true to update it')
        r = client.post("/api/documents", json={"id": "m", "text": PESHAWAR, "replace": True}, headers=auth)
        assert r.status_code == 201 and r.json()["outcomes"][0]["status"] == "ingested"
        dup = client.post("/api/documents", json={"id": "m2", "text": PESHAWAR}, headers=auth).json()
        assert dup["outcomes"][0]["same_as"] == "m"


def test_the_cli_still_says_how_to_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.txt").write_text(MOGADISHU, encoding="utf-8")
    db = str(tmp_path / "k.db")
    run(capsys, "--db", db, "ingest", str(tmp_path / "m.txt"))
    (tmp_path / "m.txt").write_text(PESHAWAR, encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "ingest", str(tmp_path / "m.txt"))
    assert code == 1 and "document id 'm' is already stored with other text; --replace updates it" in err


def test_documents_are_written_at_the_ingests_pace_of_collection(tmp_path: Path) -> None:
    import gc

    from khabar.ingest.pacing import PACED_THRESHOLD

    before = gc.get_threshold()
    seen: list[int] = []
    with Khabar(tmp_path / "k.db") as kb:
        write = kb.store.write

        def noting(*args: Any, **kwargs: Any) -> Any:
            seen.append(gc.get_threshold()[0])
            return write(*args, **kwargs)

        kb.store.write = noting  # type: ignore[method-assign]
        report = kb.ingest_text(MOGADISHU, id="m")
    assert report.ingested and seen == [max(before[0], PACED_THRESHOLD)]
    assert gc.get_threshold() == before
