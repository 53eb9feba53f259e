"""The web app's JSON API and HTML pages through FastAPI's TestClient, on a store built from our own texts;
plus a bounded schemathesis run over the OpenAPI schema that must find no server error."""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from khabar import Khabar
from khabar.serve import create_app
from khabar.serve.security import check_token
from tests import texts

with warnings.catch_warnings():  # starlette's TestClient nags about httpx at import; httpx is what we have
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-5a7d"
MAX_BODY = 64 * 1024
HOSTILE_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
HOSTILE_TEXT = """\
Gunmen attacked a market in Kabul on Tuesday, killing at least 12 people, police said. \
<script>window.__pwned = 3; document.title = "pwned"</script> \
The Islamic State Khorasan Province (ISKP) said it carried out the attack. \
<img src=x onerror="window.__pwned=4"> <a href="javascript:window.__pwned=5">read more</a>
"""


def build_store(path: Path | str) -> Khabar:
    """A store from tests/texts.py: the Kabul airport bombing (with its metadata), Peshawar and Mogadishu."""
    kb = Khabar(path)
    meta = texts.KABUL_AIRPORT_META
    reports = [
        kb.ingest_text(
            texts.KABUL_AIRPORT,
            id=meta["id"],
            title=meta["title"],
            published=date.fromisoformat(meta["published"]),
            byline=meta["byline"],
            source=meta["source"],
        ),
        kb.ingest_text(
            texts.PESHAWAR, id="peshawar-mosque", title="Peshawar mosque bombing", published=date(2023, 1, 30)
        ),
        kb.ingest_text(texts.MOGADISHU, id="mogadishu-ministry", published=date(2022, 10, 30)),
    ]
    assert all(r.ok for r in reports), [r.outcomes for r in reports]
    return kb


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Khabar]:
    store = build_store(tmp_path_factory.mktemp("serve") / "k.db")
    yield store
    store.close()


@pytest.fixture(scope="module")
def app(kb: Khabar) -> FastAPI:
    return create_app(kb, ingest_token=TOKEN, max_body_bytes=MAX_BODY)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


def ok(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code, r.text[:500])
    return r.json()


# -- search, entities, dossier ---------------------------------------------------------------------------


def test_search_finds_actors_places_and_documents(client: TestClient) -> None:
    res = ok(client, "/api/search?q=kabul")
    assert res["query"] == "kabul"
    assert any(p["name"] == "Kabul" for p in res["places"]["items"])
    assert all(p["type"] in ("country", "location", "facility") for p in res["places"]["items"])
    assert [d["id"] for d in res["documents"]["items"]] == ["kabul-airport"]
    assert res["documents"]["total"] == 1
    actors = ok(client, "/api/search?q=khorasan")["actors"]
    assert "Islamic State-Khorasan" in [a["name"] for a in actors["items"]]
    assert all(a["type"] in ("armed_group", "person", "organization") for a in actors["items"])


def test_entities_are_paginated_with_a_true_total(client: TestClient, kb: Khabar) -> None:
    everything = ok(client, "/api/entities?limit=1000")
    total = everything["total"]
    assert total == len(everything["items"]) == len(kb.entities(limit=1000)) > 3
    first = ok(client, "/api/entities?limit=2")
    second = ok(client, "/api/entities?limit=2&offset=2")
    assert (first["total"], first["limit"], first["offset"]) == (total, 2, 0)
    assert len(first["items"]) == len(second["items"]) == 2
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert ids == [e["id"] for e in everything["items"][:4]]
    groups = ok(client, "/api/entities?type=armed_group")
    assert groups["items"] and all(e["type"] == "armed_group" for e in groups["items"])
    assert groups["total"] == len(kb.entities(type="armed_group", limit=1000))


def test_dossier_by_any_alias_or_id(client: TestClient) -> None:
    d = ok(client, "/api/entities/ISKP")
    assert d["name"] == "Islamic State-Khorasan" and d["type"] == "armed_group"
    assert "ISKP" in d["aliases"]
    assert ok(client, f"/api/entities/{d['id']}")["name"] == d["name"]
    assert ok(client, f"/api/entities/e{d['id']}")["name"] == d["name"]
    assert d["events"]["total"] >= len(d["events"]["items"]) >= 1
    for line in d["events"]["items"]:
        assert any(p["name"] == d["name"] for p in line["event"]["participants"])
    related = {r["other_name"] for s in d["sections"] for r in s["relations"]}
    assert "Islamic State" in related  # "... is a branch of the Islamic State"
    for s in d["sections"]:
        for r in s["relations"]:
            assert r["citations"], r
            for c in r["citations"]:
                assert c["document"] == "kabul-airport"
                doc_text = ok(client, f"/api/documents/{c['document']}")["text"]
                assert doc_text[c["start"] : c["end"]] == c["text"]
    one = ok(client, "/api/entities/ISKP?limit=1")
    assert len(one["events"]["items"]) == 1 and one["events"]["total"] == d["events"]["total"]


def test_unknown_entity_is_404_with_a_reason(client: TestClient) -> None:
    r = client.get("/api/entities/Nobody%20At%20All")
    assert r.status_code == 404
    assert "Nobody At All" in r.json()["detail"]
    page = client.get("/entities/Nobody%20At%20All")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    for url in ("/network?entity=Nobody", "/map?actor=Nobody", "/timeline?entity=Nobody"):
        assert client.get(url).status_code == 404, url
    huge = "9223372036854775808"  # one past the database's integers: "not found", never a crash
    for url in (
        f"/api/entities/{huge}",
        f"/api/entities/e{huge}",
        f"/api/events?actor={huge}",
        f"/api/places?actor={huge}",
        f"/api/network?entity={huge}",
        f"/api/timeline?entity={huge}",
        f"/entities/{huge}",
    ):
        assert client.get(url).status_code == 404, url
    iskp = ok(client, "/api/entities/ISKP")["id"]
    heading = f'<a href="/entities/{iskp}">Islamic State-Khorasan</a></h1>'
    for url in (f"/network?entity={iskp}", "/map?actor=ISKP", "/timeline?entity=iskp"):
        assert heading in client.get(url).text, url


# -- events, places, network ------------------------------------------------------------------------------


def test_event_filters_match_the_facade(client: TestClient, kb: Khabar) -> None:
    cases: list[dict[str, str]] = [
        {},
        {"type": "attack"},
        {"actor": "ISKP"},
        {"country": "Pakistan"},
        {"since": "2022", "until": "2022-12"},
        {"actor": "al-Shabaab", "type": "attack"},
    ]
    for params in cases:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        res = ok(client, f"/api/events?limit=1000&{query}")
        want = kb.events(limit=1000, **params)  # type: ignore[arg-type]
        assert [e["id"] for e in res["items"]] == [e.id for e in want], params
        assert res["total"] == len(want), params
    attacks = ok(client, "/api/events?type=attack&limit=1")
    assert len(attacks["items"]) == 1 and attacks["total"] == len(kb.events(type="attack", limit=1000)) > 1
    dated = ok(client, "/api/events?since=2022&until=2022-12")["items"]
    assert dated and all(e["date_start"].startswith("2022") for e in dated)


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=5000", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?since=2024-13", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?type=picnic", "picnic"),
        ("/api/entities?type=planet", "planet"),
        ("/api/network?depth=9", "depth"),
        ("/api/network?type=friend_of", "friend_of"),
        ("/api/search", "q"),
    ],
)
def test_bad_parameters_are_422_with_a_clear_message(client: TestClient, url: str, needle: str) -> None:
    r = client.get(url)
    assert r.status_code == 422, r.text
    assert needle in r.json()["detail"]


def test_places_are_geojson_points_with_casualties(client: TestClient, kb: Khabar) -> None:
    geo = ok(client, "/api/places")
    assert geo["type"] == "FeatureCollection"
    events = {e.id: e for e in kb.events(limit=1000)}
    assert geo["total"] == len(geo["features"]) >= 2
    assert geo["total"] + geo["unlocated"] == len(events)
    for f in geo["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        p = f["properties"]
        ev = events[p["event"]]
        killed = (
            ev.killed[1] if ev.killed and ev.killed[1] is not None else (ev.killed[0] if ev.killed else 0)
        )
        wounded = (
            ev.wounded[1]
            if ev.wounded and ev.wounded[1] is not None
            else (ev.wounded[0] if ev.wounded else 0)
        )
        assert p["casualties"] == (killed or 0) + (wounded or 0)
        assert all(s["document"] for s in p["sources"])
    peshawar = [f for f in geo["features"] if f["properties"]["place"] == "Peshawar"]
    assert peshawar and abs(peshawar[0]["geometry"]["coordinates"][1] - 34.0) < 0.5
    only = ok(client, "/api/places?actor=al-Shabaab")
    assert [f["properties"]["place"] for f in only["features"]] == ["Mogadishu"]
    paged = ok(client, "/api/places?limit=1&offset=1")
    assert len(paged["features"]) == 1 and paged["features"][0]["id"] == geo["features"][1]["id"]


def test_network_is_typed_weighted_and_paginated(client: TestClient) -> None:
    net = ok(client, "/api/network?entity=ISKP")
    centre = net["center"]
    assert net["nodes"][0]["id"] == centre and net["nodes"][0]["name"] == "Islamic State-Khorasan"
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert all(centre in (e["source"], e["target"]) for e in net["edges"])  # one hop
    assert all(e["weight"] >= 1 for e in net["edges"])
    types = {e["type"]: e for e in net["edges"]}
    assert types["branch_of"]["kind"] == "relation"
    assert {"branch_of", "rival_of"} <= set(types)
    only = ok(client, "/api/network?entity=ISKP&type=branch_of")
    assert {e["type"] for e in only["edges"]} == {"branch_of"}
    no_events = ok(client, "/api/network?entity=ISKP&events=false")
    assert all(e["kind"] == "relation" for e in no_events["edges"])
    small = ok(client, "/api/network?limit=2")
    assert len(small["nodes"]) == 2 and small["total_nodes"] > 2
    kept = {n["id"] for n in small["nodes"]}
    assert all(e["source"] in kept and e["target"] in kept for e in small["edges"])


# -- documents, timeline, ask ---------------------------------------------------------------------------


def test_documents_list_and_evidence_spans(client: TestClient) -> None:
    docs = ok(client, "/api/documents")
    assert docs["total"] == 3 and docs["items"][0]["published"] >= docs["items"][-1]["published"]
    assert ok(client, "/api/documents?search=mogadishu")["items"][0]["id"] == "mogadishu-ministry"
    doc = ok(client, "/api/documents/kabul-airport")
    assert doc["title"] == texts.KABUL_AIRPORT_META["title"] and doc["byline"] == ["Maria Keller"]
    evidence = [s for s in doc["sentences"] if s["facts"]]
    assert evidence, "no evidence span in the document view"
    for s in doc["sentences"]:
        assert doc["text"][s["start"] : s["end"]] == s["text"]
        for m in s["mentions"]:
            assert doc["text"][m["start"] : m["end"]] == m["text"]
    kinds = {f["kind"] for s in evidence for f in s["facts"]}
    assert kinds == {"event", "relation"}
    assert client.get("/api/documents/no-such-doc").status_code == 404


def test_timeline_endpoint(client: TestClient) -> None:
    r = client.get("/api/timeline?entity=ISKP")
    assert r.status_code == 200, r.text
    page = r.json()
    assert page["items"] and page["total"] >= len(page["items"])
    dates = [i["date"] for i in page["items"] if i.get("date")]
    assert dates == sorted(dates)
    assert client.get("/api/timeline?entity=ISKP&since=2030").json()["items"] == []


def test_ask_endpoint(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": "Who was the first leader of ISKP?"})
    assert r.status_code == 200, r.text
    a = r.json()
    assert set(a) == {"question", "answer", "citations"} and a["answer"]
    for c in a["citations"]:
        assert set(c) >= {"document", "text", "start", "end"}
    page = client.get("/ask", params={"q": "Who was the first leader of ISKP?"})
    assert page.status_code == 200 and "Sources" in page.text or not a["citations"]


# -- ingest over HTTP, limits, headers --------------------------------------------------------------------


def test_token_rules() -> None:
    assert check_token(None, "Bearer x") == (
        403,
        "ingest over HTTP is off: the server was started without an ingest token",
    )
    assert check_token("t", None) is not None and check_token("t", None)[0] == 401  # type: ignore[index]
    assert check_token("t", "Basic dDp0")[0] == 401  # type: ignore[index]
    assert check_token("t", "Bearer wrong")[0] == 403  # type: ignore[index]
    assert check_token("t", "Bearer t") is None
    assert check_token("t", "bearer t") is None


def test_ingest_is_off_without_a_token(kb: Khabar) -> None:
    read_only = TestClient(create_app(kb))
    r = read_only.post(
        "/api/documents", json={"id": "x", "text": "Some text."}, headers={"Authorization": "Bearer x"}
    )
    assert r.status_code == 403 and "off" in r.json()["detail"]


def test_ingest_with_the_token(client: TestClient) -> None:
    body = {
        "id": "http-doc",
        "text": texts.MOGADISHU + " More words.",
        "title": "Via HTTP",
        "published": "2022-11-01",
    }
    r = client.post("/api/documents", json=body)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/documents", json=body, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 403
    r = client.post("/api/documents", json={"id": "x"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and "text" in r.json()["detail"]
    r = client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    assert r.json()["outcomes"][0]["status"] == "ingested"
    assert ok(client, "/api/documents/http-doc")["title"] == "Via HTTP"
    again = client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.status_code == 201 and again.json()["outcomes"][0]["status"] == "duplicate"
    clash = client.post(
        "/api/documents", json={**body, "text": "Other words."}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert clash.status_code == 409 and "already stored" in clash.json()["outcomes"][0]["reason"]
    strict = {**body, "id": "strict", "published": 1700000000}  # a number is not a date
    r = client.post("/api/documents", json=strict, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and "published" in r.json()["detail"]


def test_bodies_over_the_limit_are_413(client: TestClient) -> None:
    big = json.dumps({"id": "big", "text": "x" * (MAX_BODY + 10)})
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    r = client.post("/api/documents", content=big, headers=auth)
    assert r.status_code == 413 and "limit" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted while reading
        for i in range(0, len(big), 8192):
            yield big[i : i + 8192].encode()

    r = client.post("/api/documents", content=chunks(), headers=auth)
    assert r.status_code == 413
    assert client.get("/api/documents/big").status_code == 404


@pytest.mark.parametrize(
    "url", ["/", "/api/entities", "/static/js/khabar.js", "/docs", "/api/entities/nobody"]
)
def test_security_headers_everywhere(client: TestClient, url: str) -> None:
    h = client.get(url).headers
    csp = h["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert h["x-frame-options"] == "DENY"


def test_untrusted_text_is_escaped_in_pages(tmp_path: Path) -> None:
    kb = Khabar(tmp_path / "x.db")
    assert kb.ingest_text(HOSTILE_TEXT, id="hostile", title=HOSTILE_TITLE, published=date(2024, 5, 7)).ok
    c = TestClient(create_app(kb))
    html = c.get("/documents/hostile").text
    assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    for url in ("/", "/?q=pwned", "/documents", "/events"):
        page = c.get(url).text
        assert "<script>window" not in page and 'onerror="window' not in page
    # every <script> on every page is one of our own files
    for url in (
        "/",
        "/documents/hostile",
        "/entities/ISKP",
        "/timeline",
        "/network",
        "/map",
        "/events",
        "/docs",
    ):
        for tag in re.findall(r"<script[^>]*>", c.get(url).text):
            assert re.fullmatch(r'<script src="/static/[\w/.-]+\.js\?v=[0-9a-f]{12}">', tag), (url, tag)
    kb.close()


# -- pages, docs, offline ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?q=taliban",
        "/entities/ISKP",
        "/events?type=attack",
        "/timeline?entity=ISKP",
        "/network?entity=ISKP",
        "/map",
        "/documents",
        "/documents/kabul-airport",
        "/ask",
    ],
)
def test_pages_render(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "<title>" in r.text and "khabar" in r.text


def test_empty_form_fields_mean_no_filter(client: TestClient) -> None:
    everything = ok(client, "/api/events?limit=1000")["total"]
    r = client.get("/events?actor=&type=&country=&since=&until=")
    assert r.status_code == 200 and f'Events <small class="muted">{everything}</small>' in r.text
    for url in ("/map?actor=&type=&country=&since=&until=", "/timeline?entity=&type=&since=&until="):
        assert client.get(url).status_code == 200, url
    unchecked = client.get("/network?entity=ISKP&events=false")  # the form sends the hidden "false"
    assert "events=false" in unchecked.text
    checked = client.get("/network?entity=ISKP&events=false&events=true")
    assert "events=true" in checked.text
    assert client.get("/events?since=2024-13").status_code == 422


def test_document_page_marks_evidence_and_links_mentions(client: TestClient) -> None:
    doc = ok(client, "/api/documents/kabul-airport")
    html = client.get("/documents/kabul-airport").text
    for s in doc["sentences"]:
        if s["facts"]:
            assert re.search(rf'<span id="s{s["start"]}" class="sentence evidence"', html)
    iskp = ok(client, "/api/entities/ISKP")["id"]
    assert f'<a class="mention" href="/entities/{iskp}"' in html


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = ok(client, "/openapi.json")
    for path in (
        "/api/search",
        "/api/entities/{ref}",
        "/api/events",
        "/api/timeline",
        "/api/network",
        "/api/places",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/ask",
    ):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/documents"]
    docs = client.get("/docs").text
    assert not re.search(r'(src|href)="(https?:)?//', docs)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs):
        assert client.get(asset).status_code == 200, asset


def test_templates_and_scripts_load_nothing_from_the_network() -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "khabar" / "serve"
    for f in [*root.glob("templates/*.html"), *root.glob("static/js/*.js"), *root.glob("static/css/*.css")]:
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)\s*=\s*[\"'](https?:)?//", text), f
        assert "url(http" not in text and 'fetch("http' not in text, f
        assert "|safe" not in text.replace(" ", ""), f


def test_static_vendor_files_ship_with_licences() -> None:
    vendor = Path(__file__).resolve().parents[1] / "src" / "khabar" / "serve" / "static" / "vendor"
    for lib in ("cytoscape", "vis-timeline", "leaflet", "world-atlas", "topojson-client", "swagger-ui"):
        assert list((vendor / lib).glob("LICENSE*")), lib
    world = json.loads((vendor / "world-atlas" / "countries-110m.json").read_text(encoding="utf-8"))
    assert world["type"] == "Topology" and len(world["objects"]["countries"]["geometries"]) > 150


def test_counts_agree_with_lists(kb: Khabar) -> None:
    from khabar.query.lookup import find_entity
    from khabar.query.totals import count_entities, count_events

    with kb.store.connect() as conn:
        iskp = find_entity(conn, "ISKP")
        cases: list[tuple[dict[str, Any], dict[str, Any]]] = [
            ({}, {}),
            ({"type_": "attack"}, {"type": "attack"}),
            ({"actor": iskp}, {"actor": "ISKP"}),
            ({"country": "somalia"}, {"country": "somalia"}),
            ({"since": "2021-08", "until": "2021"}, {"since": "2021-08", "until": "2021"}),
            # a month-precise event is in a range that starts within its month: listed and counted alike
            ({"since": "2021-08-15"}, {"since": "2021-08-15"}),
        ]
        for low, facade in cases:
            assert count_events(conn, **low) == len(kb.events(limit=10_000, **facade)), low
        assert count_entities(conn) == len(kb.entities(limit=10_000))
        assert count_entities(conn, search="taliban") == len(kb.entities(search="taliban", limit=10_000))


def test_cli_serve_passes_the_token_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khabar.cli.main import main
    from khabar.serve import server

    seen: dict[str, Any] = {}

    def fake_run(app: FastAPI, *, host: str, port: int, log_level: str = "info") -> None:
        seen.update(app=app, host=host, port=port)

    monkeypatch.setattr(server, "run", fake_run)
    monkeypatch.setenv("MY_TOKEN", "abc")
    assert main(["--db", str(tmp_path / "c.db"), "serve", "--port", "8123", "--token-env", "MY_TOKEN"]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["app"].state.ingest_token == "abc"
    monkeypatch.delenv("MY_TOKEN")
    assert main(["--db", str(tmp_path / "c.db"), "serve", "--token-env", "MY_TOKEN"]) == 0
    assert seen["app"].state.ingest_token is None


def test_same_answers_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """The API over PostgreSQL says exactly what it says over SQLite (totals, order, GeoJSON, network)."""
    lite, pg = build_store(tmp_path / "lite.db"), build_store(pg_url)
    try:
        a, b = TestClient(create_app(lite)), TestClient(create_app(pg))
        for url in (
            "/api/entities?limit=1000",
            "/api/events?limit=1000",
            "/api/events?since=2021-08&until=2022",
            "/api/places",
            "/api/network",
            "/api/network?entity=ISKP&depth=2",
            "/api/documents",
            "/api/documents/kabul-airport",
            "/api/search?q=kabul",
            "/api/entities/ISKP",
        ):
            assert ok(a, url) == ok(b, url), url
    finally:
        lite.close()
        pg.close()


# -- schemathesis over the OpenAPI schema -----------------------------------------------------------------
# Driven through hypothesis directly (one test per operation): schemathesis' own pytest fixture plumbing does
# not run under pytest 9.

# more with KHABAR_FUZZ_EXAMPLES=500 for a longer hunt; the default keeps the suite quick
FUZZ_EXAMPLES = int(os.environ.get("KHABAR_FUZZ_EXAMPLES", "25"))
OPERATIONS = [
    ("GET", "/api/search"),
    ("GET", "/api/entities"),
    ("GET", "/api/entities/{ref}"),
    ("GET", "/api/events"),
    ("GET", "/api/events.csv"),
    ("GET", "/api/events.json"),
    ("GET", "/api/events.geojson"),
    ("GET", "/api/event-facets"),
    ("GET", "/api/events/{event_id}"),
    ("GET", "/api/evidence"),
    ("GET", "/api/suggest"),
    ("GET", "/api/timeline"),
    ("GET", "/api/network"),
    ("GET", "/api/places"),
    ("GET", "/api/documents"),
    ("POST", "/api/documents"),
    ("GET", "/api/documents/{doc_id}"),
    ("GET", "/api/ask"),
    # curation (docs/curation.md): the POSTs need the write token, so generated calls are refused before anything
    ("POST", "/api/curation/events/merge"),
    ("POST", "/api/curation/events/{event}/split"),
    ("POST", "/api/curation/events/{event}/reject"),
    ("POST", "/api/curation/events/{event}/figures/reject"),
    ("POST", "/api/curation/events/{event}/correct"),
    ("POST", "/api/curation/relations/{relation}/reject"),
    ("POST", "/api/curation/entities/merge"),
    ("POST", "/api/curation/entities/{entity}/aliases"),
    ("POST", "/api/curation/entities/{entity}/aliases/reject"),
    ("GET", "/api/audit"),
    ("GET", "/api/audit/{audit_id}"),
    ("POST", "/api/audit/{audit_id}/undo"),
    ("GET", "/api/explain-merge"),
]


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> Any:
    schemathesis = pytest.importorskip("schemathesis")
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_schema_covers_every_operation(api_schema: Any) -> None:
    found = {(r.ok().method.upper(), r.ok().path) for r in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_server_errors(api_schema: Any, method: str, path: str) -> None:
    """Generated inputs, valid and invalid, for one operation: never a 5xx, always the documented shapes."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.checks import negative_data_rejection, positive_data_acceptance

    op = api_schema[path][method]
    cases = st.one_of(op.as_strategy(GenerationMode.POSITIVE), op.as_strategy(GenerationMode.NEGATIVE))
    # A repeatable query parameter (``?event=3&event=5``) sent once is a list of one in a query string, so
    # "event=200", which the generator means as a wrong type, is a valid call: for operations with such
    # parameters, invalid input is still checked for 5xx and shapes, not for being refused
    lists = any("'array'" in str(p.definition.get("schema", {})) for p in op.query)
    excluded = [positive_data_acceptance] + ([negative_data_rejection] if lists else [])

    @given(case=cases)
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        if method == "POST":  # never ingest generated junk: a wrong token must be refused before anything
            case.headers = {**(case.headers or {}), "Authorization": "Bearer wrong"}
        # Schema-valid but meaningless input (since after until, an entity no one is called) gets 404/422 on
        # purpose, so "valid data must be accepted" is not checked; everything else is, 5xx first of all.
        case.call_and_validate(excluded_checks=excluded)

    run()


def test_ingest_fuzz_with_the_token_no_server_errors(tmp_path: Path) -> None:
    """Generated bodies with the right token reach validation and ingest: 201 or 4xx, never a 5xx."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.checks import positive_data_acceptance

    kb = Khabar(tmp_path / "fuzz.db")
    schemathesis = pytest.importorskip("schemathesis")
    op = schemathesis.openapi.from_asgi("/openapi.json", create_app(kb, ingest_token=TOKEN))[
        "/api/documents"
    ]["POST"]
    cases = st.one_of(op.as_strategy(GenerationMode.POSITIVE), op.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    run()
    kb.close()


def test_an_unknown_event_filter_is_refused_not_ignored(kb: Khabar) -> None:
    from khabar.errors import QueryError

    with pytest.raises(QueryError, match="unknown event filter"):
        kb.events(place="Kabul")  # type: ignore[call-arg]


# -- the analyst's workbench: event view, table, downloads, suggestions, static assets --------------------------


def test_event_view_has_place_precision_reports_and_related(client: TestClient) -> None:
    events = ok(client, "/api/events?limit=100")["items"]
    assert all("entity" in p for e in events for p in e["participants"])
    e = ok(client, f"/api/events/{events[0]['id']}")
    assert e["place"]["precision"] in ("exact", "region", "country", "unknown")
    assert e["reports"] and all(s["start"] >= 0 for r in e["reports"] for s in r["sentences"])
    assert isinstance(e["statements"], dict) and isinstance(e["related"], list)
    assert client.get("/api/events/999999").status_code == 404
    page = client.get(f"/events/{events[0]['id']}")
    assert page.status_code == 200 and "Reports" in page.text


def test_events_sort_facets_and_downloads_agree(client: TestClient) -> None:
    by_killed = ok(client, "/api/events?sort=-killed&limit=100")["items"]
    tolls = [(e["killed"] or {}).get("max") or (e["killed"] or {}).get("min") for e in by_killed]
    known = [t for t in tolls if t is not None]
    assert known == sorted(known, reverse=True) and tolls[: len(known)] == known  # empty tolls last
    assert client.get("/api/events?sort=bogus").status_code == 422
    facets = ok(client, "/api/event-facets")
    total = ok(client, "/api/events")["total"]
    assert sum(x["count"] for x in facets["type"]) == total
    rows = ok(client, "/api/events.json?sort=-killed")["items"]
    assert [r["id"] for r in rows] == [e["id"] for e in by_killed][: len(rows)]
    csv_text = client.get("/api/events.csv?sort=-killed").text
    assert csv_text.splitlines()[0].startswith("id,date,precision,type")
    assert len(csv_text.strip().splitlines()) == len(rows) + 1
    geo = client.get("/api/events.geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert all(f["properties"]["place_precision"] for f in geo.json()["features"])


def test_unknown_names_get_suggestions(client: TestClient) -> None:
    r = client.get("/api/entities/Talibam")
    assert r.status_code == 404 and any(s["name"] == "Taliban" for s in r.json()["suggestions"])
    page = client.get("/entities/Talibam")
    assert page.status_code == 404 and "Did you mean" in page.text and "/entities/" in page.text
    assert any(x["name"] == "Taliban" for x in ok(client, "/api/suggest?q=tali")["items"])
    form = client.get("/events?actor=Talibam")
    assert form.status_code == 404 and "Did you mean" in form.text
    bad = client.get("/events?since=2024-13")
    assert bad.status_code == 422 and "is not a date" in bad.text and "[1-9]" not in bad.text


def test_static_assets_are_versioned_cached_and_compressed(client: TestClient) -> None:
    page = client.get("/map")
    src = re.search(r'src="(/static/js/map\.js\?v=[0-9a-f]{12})"', page.text)
    assert src, "pages link versioned assets"
    cached = client.get(src.group(1), headers={"Accept-Encoding": "br"})
    assert cached.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert cached.headers["content-encoding"] == "br"
    gz = client.get("/static/vendor/cytoscape/cytoscape.min.js", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip" and gz.headers["cache-control"] == "no-cache"
    stale = client.get("/static/js/map.js?v=000000000000")
    assert stale.headers["cache-control"] == "no-cache"
    assert "content-security-policy" in cached.headers


@pytest.mark.parametrize(
    ("path", "query"),
    [("/api/evidence", "event=4.0"), ("/api/evidence", "event=%204"), ("/api/evidence", "relation=1e0"),
     ("/api/events", "limit=2.0"), ("/api/events/4.0", "")],
)  # fmt: skip
def test_numbers_in_the_url_are_digits_only(client: TestClient, path: str, query: str) -> None:
    """Lax parsing would read "4.0" as 4; the schema says whole numbers, so anything else is a 422."""
    assert client.get(f"{path}?{query}").status_code == 422
    assert client.get("/api/evidence?event=4").status_code == 200
    assert client.get("/api/events?limit=2").status_code == 200
