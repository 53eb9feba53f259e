"""Serving many clients at once: a cache of read answers that never outlives a write (by this process or any
other), a thread pool and a connection pool that let concurrent requests through, the same answers as one at a
time. Speed itself is measured by bench/api_load.py, not here."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from khabar import Khabar
from khabar.serve import create_app
from khabar.serve.server import BackgroundServer
from khabar.store.engine import POOL_SIZE, StoreVersion
from tests.texts import KABUL_AIRPORT, MOGADISHU, PESHAWAR

_RETITLE = """
import sqlite3, sys
with sqlite3.connect(sys.argv[1]) as conn:
    conn.execute("UPDATE documents SET title = ? WHERE id = ?", (sys.argv[2], sys.argv[3]))
"""


def test_cached_answers_never_outlive_a_write(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with Khabar(db) as kb:
        kb.ingest_text(MOGADISHU, id="m", title="First title")
        with TestClient(create_app(kb)) as client:
            first = client.get("/api/documents").json()
            assert client.get("/api/documents").json() == first
            cache = client.app.state.response_cache  # type: ignore[attr-defined]
            assert (cache.hits, cache.misses) == (1, 1)
            # another process changes the store behind the server's back
            subprocess.run([sys.executable, "-c", _RETITLE, str(db), "Second title", "m"], check=True)
            assert client.get("/api/documents").json()["items"][0]["title"] == "Second title"
            # and so does this process, through the facade
            kb.ingest_text(PESHAWAR, id="p")
            assert client.get("/api/documents").json()["total"] == 2
            assert client.get("/api/documents").json()["total"] == 2
            assert (cache.hits, cache.misses) == (2, 3)
            assert client.get("/api/entities/no-such-thing").status_code == 404
            assert client.get("/api/entities/no-such-thing").status_code == 404
            assert cache.misses == 5, "an error answer is not kept"
            assert client.get("/").status_code == 200 and cache.misses == 5, "pages are not cached"


def test_the_cache_is_bounded_and_can_be_turned_off(tmp_path: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        kb.ingest_text(KABUL_AIRPORT, id="k")
        with TestClient(create_app(kb, cache_bytes=1_000)) as client:
            for n in range(1, 30):
                assert client.get(f"/api/documents?limit={n}").status_code == 200
            cache = client.app.state.response_cache  # type: ignore[attr-defined]
            assert 0 < cache.size <= 1_000 and 0 < len(cache.entries) < 29
        with TestClient(create_app(kb, cache_bytes=0)) as client:
            client.get("/api/documents")
            assert not hasattr(client.app.state, "response_cache")


def test_store_version_moves_with_every_commit_and_only_then(tmp_path: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        version = StoreVersion(kb.store.engine)
        v0 = version()
        assert v0 is not None and version() == v0
        kb.entities()  # a read changes nothing
        assert version() == v0
        kb.ingest_text(MOGADISHU, id="m")
        assert version() not in (None, v0)
        version.close()


def test_postgresql_answers_are_never_cached(pg_url: str) -> None:
    with Khabar(pg_url) as kb:
        kb.ingest_text(MOGADISHU, id="m")
        assert StoreVersion(kb.store.engine)() is None
        with TestClient(create_app(kb)) as client:
            assert client.get("/api/documents").json() == client.get("/api/documents").json()
            cache = client.app.state.response_cache  # type: ignore[attr-defined]
            assert cache.hits == 0 and not cache.entries


def test_twenty_clients_at_once_get_the_answers_one_client_gets(tmp_path: Path) -> None:
    with Khabar(tmp_path / "k.db") as kb:
        for i, text in enumerate((KABUL_AIRPORT, MOGADISHU, PESHAWAR)):
            kb.ingest_text(text, id=f"d{i}")
        urls = ["/api/entities?limit=5", "/api/events", "/api/documents", "/api/search?q=Taliban"]
        urls += [f"/api/entities/{e.id}" for e in kb.entities(limit=16)]
        with BackgroundServer(create_app(kb, cache_bytes=0)) as srv:
            with httpx.Client(base_url=srv.url) as one:
                expected = {u: one.get(u).json() for u in urls}

            def client(i: int) -> list[tuple[str, int, object]]:
                with httpx.Client(base_url=srv.url, timeout=60) as http:
                    return [(u, (r := http.get(u)).status_code, r.json()) for u in urls[i % 3 :] + urls[: i % 3]]

            with ThreadPoolExecutor(20) as pool:
                answers = [a for batch in pool.map(client, range(20)) for a in batch]
    assert len(answers) == 20 * len(urls) and POOL_SIZE >= 8
    assert all(status == 200 and body == expected[u] for u, status, body in answers)
