"""Faults that stay tested: kill -9 in the middle of an ingest, several processes on one store at once, and an
ingest while the web app answers reads. Real processes, real SQLite files; CI-sized (``bench/faults.py`` runs the
same harness at 10,000 documents and 20 kills)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from khabar import Khabar
from khabar.serve import create_app
from khabar.serve.server import BackgroundServer
from khabar.store.engine import head_revision

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import faults  # noqa: E402  (bench/faults.py: the corpus generator and the kill harness)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork-free process tests need POSIX")


def test_kill_9_at_random_points_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    faults.make_corpus(folder, 80, seed=3)
    db = tmp_path / "killed.db"
    res = faults.run_with_kills(db, folder, docs=80, kills=3, seed=5, gate=False)  # writes every 16 documents
    assert res.final_exit == 0 and "failed 0" in res.final_summary, res
    assert len(res.killed_at) == 3 and res.killed_at[-1] < 80, "the last kill fell after the ingest ended"
    assert (res.lost, res.duplicated, res.integrity) == (0, 0, [])
    clean = tmp_path / "clean.db"
    with Khabar(clean, gate=False) as kb:
        report = kb.ingest([folder], published=faults.PUBLISHED_DATE)
        assert report.summary() == "ingested 80, duplicate 0, failed 0"
    assert faults.export_facts(db) == faults.export_facts(clean)


def _start_together(commands: list[list[str]], delay: float = 3.0) -> list[subprocess.CompletedProcess[str]]:
    """Run the commands as processes that all begin their real work at the same instant (a shared start time
    they wait for after importing), and collect them."""
    go = time.time() + delay
    env = {**os.environ, "KHABAR_TEST_START_AT": repr(go)}
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


_OPEN_AT_ONCE = """
import os, sys, time
from khabar.store import Store
start = float(os.environ["KHABAR_TEST_START_AT"])
while time.time() < start:
    pass
Store(sys.argv[1]).close()
print("ok")
"""


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    """Was: `could not migrate the database: table documents already exists` in all but one of them."""
    for attempt in range(2):
        db = tmp_path / f"new{attempt}.db"
        runs = _start_together([[sys.executable, "-c", _OPEN_AT_ONCE, str(db)] for _ in range(4)])
        assert [(r.returncode, r.stdout.strip()) for r in runs] == [(0, "ok")] * 4, [r.stderr for r in runs]
        with Khabar(db) as kb, kb.store.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() == head_revision()


_INGEST_AT_ONCE = """
import os, sys, time
from khabar.cli.main import main
from khabar.extract.pipeline import load_nlp
load_nlp()  # the slow part, before the common start
start = float(os.environ["KHABAR_TEST_START_AT"])
while time.time() < start:
    pass
sys.exit(main(sys.argv[1:]))
"""


def test_ingests_at_once_into_a_new_store_report_duplicates_not_failures(tmp_path: Path) -> None:
    """Two ingests of one folder and a third of another folder, all started together on a store that does not
    exist yet. Was: the second process failed to migrate, or reported hundreds of `failed …: UNIQUE constraint
    failed: documents.content_hash` and exit 1."""
    shared, other = tmp_path / "shared", tmp_path / "other"
    faults.make_corpus(shared, 30, seed=21)
    faults.make_corpus(other, 15, seed=22)
    for i, p in enumerate(sorted(other.iterdir())):
        p.rename(other / f"other-{i:03d}.txt")
    db = str(tmp_path / "k.db")
    cmd = [sys.executable, "-c", _INGEST_AT_ONCE, "--db", db, "ingest", "-q", "--published", faults.PUBLISHED]
    runs = _start_together([[*cmd, str(shared)], [*cmd, str(shared)], [*cmd, str(other)]], delay=8.0)
    for r in runs:
        assert r.returncode == 0 and "failed" not in r.stderr, (r.stdout, r.stderr)
    counts = [dict(part.split(" ") for part in r.stdout.strip().splitlines()[-1].split(", ")) for r in runs]
    assert int(counts[0]["ingested"]) + int(counts[1]["ingested"]) == 30
    assert int(counts[0]["duplicate"]) + int(counts[1]["duplicate"]) == 30
    assert counts[2] == {"ingested": "15", "duplicate": "0", "failed": "0"}
    assert faults.count_lost_and_duplicated(Path(db), shared) == (0, 0)
    assert faults.count_lost_and_duplicated(Path(db), other) == (0, 0)
    assert faults.integrity_problems(Path(db)) == []


def test_an_ingest_while_the_server_answers_reads(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    faults.make_corpus(folder, 25, seed=31)
    db = tmp_path / "k.db"
    kb = Khabar(db)
    kb.ingest_text("Gunmen attacked a police post in Gao on 2 May 2022, the army said.\n", id="first")
    answers: list[int] = []
    with BackgroundServer(create_app(kb)) as srv, httpx.Client(base_url=srv.url, timeout=30) as http:
        proc = subprocess.Popen(faults.ingest_command(db, folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while proc.poll() is None:
            for url in ("/api/documents?limit=5", "/api/events?limit=5", "/api/entities?limit=5", "/api/search?q=a"):
                answers.append(http.get(url).status_code)
            time.sleep(0.05)
        stdout, stderr = proc.communicate()
        assert proc.returncode == 0, stderr
        assert http.get("/api/documents").json()["total"] == 26  # the server sees what the other process wrote
    kb.close()
    assert len(answers) > 20 and set(answers) == {200}
