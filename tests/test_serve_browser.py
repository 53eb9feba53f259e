"""The web app in a real headless Chromium (Debian's, driven by Playwright): every page renders, the
dossier → network → map → source click-through works, and hostile article text executes nothing.

The server runs in a thread on a free loopback port; the store holds the seed corpus (../shared) where it is
present, and our own texts always. Screenshots go to tests/screenshots/ (git-ignored)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from khabar import Khabar
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
from khabar.serve import create_app
from khabar.serve.server import BackgroundServer
from tests import texts

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} is absent (apt-get install chromium; .ci/run installs it)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the dev extra) is not installed")

SHOTS = Path(__file__).resolve().parent / "screenshots"
WRITE_TOKEN = "browser-test-token"  # the server takes curations (and ingest) with it
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Payloads that would run if anything reached the page unescaped: each tries to leave a mark.
HOSTILE_TITLE = '<script>window.__pwned="title"</script><img src=x onerror="window.__pwned=\'title-img\'">'
HOSTILE_NAME = "<img src=x onerror=\"window.__pwned='name';document.title='pwned'\">Brigade"
HOSTILE_PLACE = "<svg onload=\"window.__pwned='place'\"></svg>"
HOSTILE_TEXT = (
    "Gunmen of the Khorasan Brigade attacked a checkpoint on Tuesday, killing five guards. "
    "<script>window.__pwned='text';document.title='pwned'</script> "
    "<img src=x onerror=\"window.__pwned='text-img'\"> "
    "<a href=\"javascript:window.__pwned='link'\">click</a> "
    "The IS-K claimed it. javascript:window.__pwned='bare'"
)


@dataclass
class Site:
    url: str
    kb: Khabar
    hostile_entity: int
    hostile_doc: str = "hostile-doc"
    extra: dict[str, Any] = field(default_factory=dict)


def _hostile_facts() -> DocFacts:
    """A document whose title, text, an entity's name and a place's name are all attack payloads, written
    through the store's own write path (an extractor could not be relied on to keep such a name whole)."""
    text = HOSTILE_TEXT
    doc = RawDocument(id="hostile-doc", text=text, title=HOSTILE_TITLE, published=date(2024, 5, 7))
    first = text.index(". ") + 1
    sentences = [Sentence(0, 0, first, text[:first]), Sentence(1, first + 1, len(text), text[first + 1 :])]
    ents = {
        "x": LocalEntity("x", HOSTILE_NAME, "armed_group", aliases={HOSTILE_NAME}, extractor="test"),
        "k": LocalEntity("k", "IS-K", "armed_group", aliases={"IS-K"}, extractor="test"),
    }
    at = text.index("Khorasan Brigade")
    k_at = text.index("IS-K")
    mentions = [
        Mention(at, at + len("Khorasan Brigade"), "Khorasan Brigade", 0, "x", "test"),
        Mention(k_at, k_at + 4, "IS-K", 1, "k", "test"),
    ]
    event = EventFact(
        type="attack",
        sentences=[0],
        extractor="test",
        date=None,
        place=Place(HOSTILE_PLACE, "location", country="Afghanistan", lat=31.6, lon=65.7),
        participants=[Participant("perpetrator", "x"), Participant("target", text="checkpoint")],
        killed=Count(5, 5, "five"),
    )
    relation = RelationFact("rival_of", "x", "k", [1], "test")
    return DocFacts(doc, sentences, ents, mentions, [event], [relation])


CLAIMED_TEXT = (
    "Gunmen stormed a police post in Garmser on 3 June 2024. "
    "Officials said at least four policemen were killed. "
    "The Islamic State said in a statement that its fighters had killed 15 policemen."
)


def _claimed_facts() -> DocFacts:
    """An attack whose toll officials and the claimant state differently, written through the store's write
    path: the event page must say "officials said at least 4; Islamic State claimed 15", not one number."""
    text = CLAIMED_TEXT
    doc = RawDocument(
        id="garmser-claim", text=text, title="Police post attacked in Garmser", published=date(2024, 6, 4)
    )
    bounds, at = [], 0
    for part in text.split(". "):
        part = part if part.endswith(".") else part + "."
        start = text.index(part, at)
        bounds.append((start, start + len(part)))
        at = start + len(part)
    sentences = [Sentence(i, a, b, text[a:b]) for i, (a, b) in enumerate(bounds)]
    is_at = text.index("The Islamic State") + 4
    ents = {
        "is": LocalEntity("is", "Islamic State", "armed_group", aliases={"Islamic State"}, extractor="test"),
        "g": LocalEntity(
            "g",
            "Garmser",
            "location",
            aliases={"Garmser"},
            extractor="test",
            place=Place("Garmser", "location", country="Afghanistan", admin1="Helmand", lat=31.1, lon=64.2),
        ),  # fmt: skip
    }
    g_at = text.index("Garmser")
    mentions = [
        Mention(is_at, is_at + len("Islamic State"), "Islamic State", 2, "is", "test"),
        Mention(g_at, g_at + len("Garmser"), "Garmser", 0, "g", "test"),
    ]
    event = EventFact(
        type="attack",
        sentences=[0, 1, 2],
        extractor="test",
        date=DateValue("2024-06-03", "day", text="3 June 2024"),
        place=Place("Garmser", "location", country="Afghanistan", admin1="Helmand", lat=31.1, lon=64.2),
        place_entity="g",
        participants=[Participant("perpetrator", "is"), Participant("target", text="police post")],
        figures=[
            Figure("killed", Count(4, None, "at least four"), 1, said_by_text="officials"),
            Figure("killed", Count(15, 15, "15"), 2, said_by="is", claim=True),
        ],
    )
    return DocFacts(doc, sentences, ents, mentions, [event], [])


def _build(kb: Khabar, shared: Path | None) -> None:
    if shared is not None:
        report = kb.ingest([shared / "corpus" / "dev"])
        assert report.ok, report.outcomes
    meta = texts.KABUL_AIRPORT_META
    kb.ingest_text(
        texts.KABUL_AIRPORT,
        id=meta["id"],
        title=meta["title"],
        published=date.fromisoformat(meta["published"]),
        byline=meta["byline"],
    )
    kb.ingest_text(texts.PESHAWAR, id="peshawar-mosque", published=date(2023, 1, 30))
    kb.ingest_text(texts.MOGADISHU, id="mogadishu-ministry", published=date(2022, 10, 30))
    kb.store.write(_hostile_facts())
    kb.store.write(_claimed_facts())


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    try:
        shared: Path | None = request.getfixturevalue("shared")
    except pytest.skip.Exception:
        shared = None  # a fresh clone: our own texts still make a store worth looking at
    kb = Khabar(tmp_path_factory.mktemp("browser") / "seed.db")
    _build(kb, shared)
    hostile = [e for e in kb.entities(type="armed_group", limit=1000) if e.name == HOSTILE_NAME]
    assert hostile, "the hostile entity did not land"
    with BackgroundServer(create_app(kb, ingest_token=WRITE_TOKEN)) as srv:
        yield Site(srv.url, kb, hostile[0].id, extra={"shared": shared})
    kb.close()


@dataclass
class Watch:
    """What the browser saw go wrong: console errors, CSP violations, page errors, requests off this host."""

    console: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, site: Site) -> Iterator[tuple[Any, Watch]]:
    SHOTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    w = Watch()
    pg.on("console", lambda m: w.console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("console", lambda m: w.csp.append(m.text) if "Content Security Policy" in m.text else None)
    pg.on("pageerror", lambda e: w.errors.append(str(e)))
    pg.on("dialog", lambda d: (w.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: None if r.url.startswith((site.url, "data:")) else w.foreign.append(r.url))
    pg.set_default_timeout(10_000)
    yield pg, w
    ctx.close()


def settle(pg: Any, selector: str | None = None) -> None:
    """Wait until the page's scripts have drawn what they fetch (their container gets data-ready)."""
    pg.wait_for_load_state("networkidle")
    if selector:
        pg.wait_for_selector(f"{selector}[data-ready]", state="attached")


def clean(w: Watch) -> None:
    assert not w.csp, w.csp
    assert not w.errors, w.errors
    assert not w.foreign, w.foreign
    assert not w.dialogs, w.dialogs
    # a 404 for a favicon is not ours to hide, but nothing else may fail
    assert not [c for c in w.console if "Failed to load resource" not in c], w.console


def shot(pg: Any, name: str) -> None:
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_every_page_renders(page: tuple[Any, Watch], site: Site) -> None:
    pg, w = page
    pg.goto(site.url + "/")
    settle(pg)
    assert pg.locator("h1").inner_text() == "Search"
    assert pg.locator("table a").count() >= 3
    shot(pg, "search-home")

    pg.fill("form.search input[name=q]", "taliban")
    pg.click("form.search button")
    settle(pg)
    assert "q=taliban" in pg.url
    assert "Taliban" in pg.locator("#actors").inner_text()
    shot(pg, "search-results")

    pg.goto(site.url + "/events?type=attack")
    settle(pg)
    rows = pg.locator("table.events tbody tr")
    assert rows.count() >= 3
    assert all("attack" in rows.nth(i).inner_text() for i in range(rows.count()))
    shot(pg, "events")

    pg.goto(site.url + "/timeline?entity=IS-K")
    settle(pg, "[data-timeline]")
    assert int(pg.get_attribute("[data-timeline]", "data-ready") or 0) >= 1
    assert pg.locator(".vis-item").count() >= 1
    shot(pg, "timeline")

    pg.goto(site.url + "/ask?q=" + "Who was the first emir of IS-K?")
    settle(pg)
    assert pg.locator(".answer-text").inner_text().strip()
    if site.extra.get("shared"):  # the answer's cited sentence reports the strike that killed him: linked
        assert pg.locator("ol.citations a.event-link").count() >= 1
    shot(pg, "ask")

    pg.goto(site.url + "/docs")
    pg.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert pg.locator(".opblock-summary-path").filter(has_text="/api/events").count() >= 1
    shot(pg, "api-docs")
    clean(w)


def test_click_through_dossier_network_map_source(page: tuple[Any, Watch], site: Site) -> None:
    pg, w = page
    pg.goto(site.url + "/?q=ISKP")
    settle(pg)
    pg.locator("#actors a", has_text="Islamic State-Khorasan").first.click()
    settle(pg, "[data-map]")
    assert re.search(r"/entities/\d+$", pg.url)
    assert pg.locator("h1").inner_text().startswith("Islamic State-Khorasan")
    chips = pg.locator("#aliases li").all_inner_texts()
    assert "ISKP" in chips and "IS-K" in chips
    sections = pg.locator("#relations h3").all_inner_texts()
    assert "Parent" in sections and "Leaders" in sections and "Rivals" in sections
    assert "Islamic State" in pg.locator("[data-section=Parent]").inner_text()
    pg.wait_for_selector("[data-timeline][data-ready]", state="attached")
    assert pg.locator("[data-timeline] .vis-item").count() >= 1
    assert int(pg.get_attribute("[data-map]", "data-ready") or 0) >= 1
    # a relation's source links to its sentence: the first as a quoted snippet, any more as short links
    cite = pg.locator("#relations a.snippet, #relations a.cite").first
    assert re.fullmatch(r"/documents/[^#]+#s\d+", cite.get_attribute("href") or "")
    shot(pg, "dossier")
    dossier_url = pg.url

    pg.click("#to-network")
    settle(pg, "[data-network]")
    n_nodes = pg.evaluate("window.khabarNetwork.nodes().length")
    edge_types = set(pg.evaluate("window.khabarNetwork.edges().map(e => e.data('type'))"))
    assert n_nodes >= 3 and {"branch_of", "rival_of"} <= edge_types
    colours = pg.evaluate("window.khabarNetwork.edges().map(e => e.style('line-color'))")
    assert len(set(colours)) >= 2  # typed edges are coloured apart
    legend = pg.locator("[data-legend] li[data-edge-type]").all_inner_texts()
    assert any("branch of" in x for x in legend)
    shot(pg, "network")
    target = pg.evaluate(
        """() => { const n = window.khabarNetwork.nodes().filter(n => n.data('label') === 'Islamic State')[0];
                   const p = n.renderedPosition(); return {x: p.x, y: p.y, id: n.data('entity')}; }"""
    )
    box = pg.locator("[data-network]").bounding_box()
    with pg.expect_navigation():
        pg.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    assert pg.url.endswith(f"/entities/{target['id']}")
    assert pg.locator("h1").inner_text().startswith("Islamic State")

    pg.goto(dossier_url)
    settle(pg)
    pg.click("#to-map")
    settle(pg, "[data-map]")
    markers = pg.locator(".ev-marker")
    assert markers.count() >= 1
    assert pg.locator(".leaflet-overlay-pane path").count() > 150  # the country outlines are drawn
    assert "located event" in pg.locator("[data-map-status]").inner_text()
    shot(pg, "map")
    markers.first.click(force=True)
    source = pg.locator(".leaflet-popup a.source").first
    source.wait_for()
    href = source.get_attribute("href") or ""
    m = re.fullmatch(r"/documents/([^#]+)#s(\d+)", href)
    assert m, href
    source.click()
    settle(pg)
    assert pg.url.endswith(href)
    highlighted = pg.locator(f"#s{m.group(2)}")
    assert "evidence" in (highlighted.get_attribute("class") or "")
    assert pg.evaluate("document.querySelector(':target').id") == f"s{m.group(2)}"
    assert pg.locator(".doctext .sentence.evidence").count() >= 1
    shot(pg, "document")
    clean(w)


def test_hostile_text_executes_nothing(page: tuple[Any, Watch], site: Site) -> None:
    pg, w = page
    pg.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    ent = site.hostile_entity
    urls = [
        f"/documents/{site.hostile_doc}",
        f"/entities/{ent}",
        f"/network?entity={ent}",
        "/map",
        f"/timeline?entity={ent}",
        "/events",
        "/?q=brigade",
        "/?q=" + "<script>window.__pwned='query'</script>",
        "/ask?q=" + "<img src=x onerror=\"window.__pwned='ask'\">",
        "/documents?q=pwned",
        "/entities/%3Cscript%3Ewindow.__pwned%3D%27404%27%3C%2Fscript%3E",  # the 404 page repeats the name
    ]
    for url in urls:
        pg.goto(site.url + url)
        settle(pg)
        pg.wait_for_timeout(150)  # let any injected handler fire
        assert pg.evaluate("window.__pwned") is None, url
        assert pg.title() != "pwned", url
        assert pg.evaluate("window.__csp") == [], (url, pg.evaluate("window.__csp"))
    # the payloads are shown as text, not dropped
    pg.goto(site.url + f"/documents/{site.hostile_doc}")
    assert "<script>window.__pwned='text'" in pg.locator(".doctext").inner_text()
    assert pg.locator("h1").inner_text() == HOSTILE_TITLE
    assert pg.locator(".doctext a[href^=javascript]").count() == 0
    pg.goto(site.url + f"/entities/{ent}")
    assert pg.locator("h1").inner_text().startswith(HOSTILE_NAME)
    shot(pg, "xss-dossier")
    # open the hostile event's popup on the map, where names are put into the page by script
    pg.goto(site.url + f"/map?actor={ent}")
    settle(pg, "[data-map]")
    pg.locator(".ev-marker").first.click(force=True)
    popup = pg.locator(".leaflet-popup-content")
    popup.wait_for()
    assert HOSTILE_NAME in popup.inner_text() and HOSTILE_PLACE in popup.inner_text()
    pg.wait_for_timeout(150)
    assert pg.evaluate("window.__pwned") is None
    # and the network labels the hostile node with its literal name
    pg.goto(site.url + f"/network?entity={ent}")
    settle(pg, "[data-network]")
    labels = pg.evaluate("window.khabarNetwork.nodes().map(n => n.data('label'))")
    assert HOSTILE_NAME in labels
    assert pg.evaluate("window.__pwned") is None and pg.title() != "pwned"
    shot(pg, "xss-network")
    clean(w)


def test_screenshots_are_kept_out_of_git() -> None:
    ignore = (Path(__file__).resolve().parents[1] / ".gitignore").read_text(encoding="utf-8")
    assert "tests/screenshots/" in ignore.split()
    assert shutil.which("git") is None or SHOTS.name == "screenshots"


# -- the analyst's workbench (issue 12) -------------------------------------------------------------------------

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def _event_id(site: Site, doc: str) -> int:
    """The id of the event a document of ours reports (the first, by id)."""
    with site.kb.store.connect() as conn:
        from sqlalchemy import select

        from khabar.store import schema as t

        q = select(t.evidence.c.fact_id).where(t.evidence.c.kind == "event", t.evidence.c.document_id == doc)
        return int(conn.execute(q.order_by(t.evidence.c.fact_id)).scalars().first())


def test_events_row_to_event_to_sentence_to_dossier_to_network_edge(
    page: tuple[Any, Watch], site: Site
) -> None:
    """The bar's path: events row → event page → evidence sentence in its document → participant dossier →
    network edge → its evidence."""
    pg, w = page
    pg.goto(site.url + "/events?type=attack&actor=IS-K")
    settle(pg)
    row = pg.locator("table.events tbody tr").first
    link = row.locator("a.event-link")
    with pg.expect_navigation():
        link.click()
    assert re.search(r"/events/\d+$", pg.url)
    assert pg.locator("h1").inner_text().lower().startswith("attack")
    assert pg.locator("dl.facts-card").inner_text().count("perpetrator") >= 1
    event_url = pg.url
    sentence = pg.locator("a.evidence-link").first
    href = sentence.get_attribute("href") or ""
    m = re.fullmatch(r"/documents/([^#]+)#s(\d+)", href)
    assert m, href
    quoted = sentence.inner_text().strip('“”" ')
    with pg.expect_navigation():
        sentence.click()
    assert pg.evaluate("document.querySelector(':target').id") == f"s{m.group(2)}"
    target = pg.locator(f"#s{m.group(2)}")
    assert "evidence" in (target.get_attribute("class") or "")
    assert quoted[:40] in target.inner_text()
    pg.goto(event_url)
    participant = pg.locator("a.participant-link", has_text="Khorasan").first
    with pg.expect_navigation():
        participant.click()
    assert re.search(r"/entities/\d+$", pg.url)
    assert pg.locator("#summary").is_visible()
    pg.click("#to-network")
    settle(pg, "[data-network]")
    edge = pg.evaluate(
        """() => { const e = window.khabarNetwork.edges().filter(e => e.data('kind') === 'relation')[0];
                   const p = e.renderedMidpoint(); return {x: p.x, y: p.y, type: e.data('type')}; }"""
    )
    box = pg.locator("[data-network]").bounding_box()
    pg.mouse.click(box["x"] + edge["x"], box["y"] + edge["y"])
    panel = pg.locator("[data-edge-panel][data-loaded]")
    panel.wait_for()
    assert edge["type"].replace("_", " ") in panel.locator("h2").inner_text()
    quote = panel.locator("a.evidence-link").first
    qhref = quote.get_attribute("href") or ""
    assert re.fullmatch(r"/documents/[^#]+#s\d+", qhref), qhref
    with pg.expect_navigation():
        quote.click()
    assert pg.evaluate("document.querySelector(':target') !== null")
    shot(pg, "edge-evidence")
    clean(w)


def test_event_page_says_who_said_each_figure(page: tuple[Any, Watch], site: Site) -> None:
    pg, w = page
    pg.goto(site.url + f"/events/{_event_id(site, 'garmser-claim')}")
    settle(pg)
    said = pg.locator("[data-statements=killed]").inner_text()
    assert said == "officials said at least 4; Islamic State claimed 15", said
    assert "at least 4" in pg.locator("dl.facts-card").inner_text()  # the event's own toll skips the claim
    claim_row = pg.locator("table.figures tr.claim")
    assert claim_row.count() == 1 and "claim by a party" in claim_row.inner_text()
    assert "region only" not in pg.locator("dl.facts-card").inner_text()
    shot(pg, "event-claimed")
    clean(w)


def test_map_popup_quotes_the_sentence_and_opens_the_event(page: tuple[Any, Watch], site: Site) -> None:
    pg, w = page
    pg.goto(site.url + f"/map?actor={site.hostile_entity}")
    settle(pg, "[data-map]")
    marker = pg.locator(".ev-marker").first
    marker.click()
    popup = pg.locator(".leaflet-popup-content")
    popup.wait_for()
    assert (
        popup.locator("blockquote.evidence-quote").inner_text().startswith("Gunmen of the Khorasan Brigade")
    )
    with pg.expect_navigation():
        popup.locator("a.event-page").click()
    assert re.search(r"/events/\d+$", pg.url)
    assert "attack" in pg.locator("h1").inner_text().lower()
    # the legend names colour, size and placement; the time filter drives the list under the map
    pg.goto(site.url + "/map")
    settle(pg, "[data-map]")
    legend = pg.locator(".map-legend").inner_text()
    assert "Colour" in legend and "Size" in legend and "country only" in legend
    shown = int(pg.get_attribute("[data-map]", "data-shown") or 0)
    assert pg.locator("[data-map-list] tbody tr").count() == shown > 0
    lo = pg.get_attribute("[data-time-filter] [name=from]", "max")
    pg.fill("[data-time-filter] [name=from]", lo or "2100")
    pg.dispatch_event("[data-time-filter] [name=from]", "input")
    pg.uncheck("[data-time-filter] [name=undated]")
    narrowed = int(pg.get_attribute("[data-map]", "data-shown") or 0)
    assert 0 < narrowed < shown
    assert pg.locator("[data-map-list] tbody tr").count() == narrowed
    assert "since=" in (pg.get_attribute("[data-table-link]", "href") or "")
    shot(pg, "map-filtered")
    clean(w)


def test_filtered_csv_download_equals_the_table(page: tuple[Any, Watch], site: Site) -> None:
    import csv
    import io

    pg, w = page
    pg.goto(site.url + "/events")
    settle(pg)
    pg.select_option("form.filters select[name=type]", "attack")
    pg.fill("form.filters input[name=country]", "Afghanistan")
    with pg.expect_navigation():
        pg.click("form.filters button[type=submit]")
    with pg.expect_navigation():
        pg.click("th a.sort:text('killed')")
    assert "sort=-killed" in pg.url
    rows = pg.locator("table.events tbody tr")
    table = [
        {
            "id": rows.nth(i).get_attribute("data-event"),
            "date": rows.nth(i).locator("td").nth(0).inner_text().replace("undated", ""),
            "place": rows.nth(i).locator("td").nth(2).inner_text(),
            "country": rows.nth(i).locator("td").nth(3).inner_text(),
            "killed": rows.nth(i).locator("td").nth(4).inner_text(),
            "wounded": rows.nth(i).locator("td").nth(5).inner_text(),
        }
        for i in range(rows.count())
    ]
    assert 2 <= len(table) < 50 and all(r["country"] == "Afghanistan" for r in table)
    with pg.expect_download() as dl:
        pg.click("#dl-csv")
    text = Path(dl.value.path()).read_text(encoding="utf-8")
    got = [
        {k: r[k] for k in ("id", "date", "place", "country", "killed", "wounded")}
        for r in csv.DictReader(io.StringIO(text))
    ]
    assert got == table
    assert all(r["type"] == "attack" for r in csv.DictReader(io.StringIO(text)))
    facet = pg.locator("[data-facet=type]").inner_text()
    assert f"attack\n{len(table)}" in facet or f"attack {len(table)}" in facet
    # a bad date is explained in words beside the form, not as a pattern
    pg.goto(site.url + "/events?since=2024-13")
    assert "is not a date" in pg.locator(".form-errors").inner_text()
    assert "^" not in pg.locator(".form-errors").inner_text()
    pg.goto(site.url + "/events?actor=Talibam")
    assert "Taliban" in pg.locator(".form-errors").inner_text()  # did you mean
    clean(w)


def _tab_through(pg: Any, presses: int) -> list[str]:
    """Press Tab ``presses`` times from the top; the focus marks (data attributes or class) seen on the way."""
    seen = []
    pg.locator("body").focus()
    for _ in range(presses):
        pg.keyboard.press("Tab")
        seen.append(
            pg.evaluate(
                """() => { const a = document.activeElement; if (!a) return '';
                   return a.getAttribute('data-event') ? 'event:' + a.getAttribute('data-event')
                        : a.getAttribute('data-node') ? 'node:' + a.getAttribute('data-node')
                        : a.getAttribute('data-edge') ? 'edge:' + a.getAttribute('data-edge')
                        : a.classList.contains('ev-cluster') ? 'cluster' : (a.getAttribute('href') || a.tagName); }"""
            )
        )
    return seen


def test_keyboard_reaches_every_chart_item(page: tuple[Any, Watch], site: Site) -> None:
    pg, w = page
    # the network: every node and every tie has a focusable stand-in that selects it in the graph
    pg.goto(site.url + "/network?entity=IS-K")
    settle(pg, "[data-network]")
    n_nodes = pg.evaluate("window.khabarNetwork.nodes().length")
    n_edges = pg.evaluate("window.khabarNetwork.edges().length")
    seen = _tab_through(pg, n_nodes + n_edges + 60)
    assert {
        f"node:{i}" for i in pg.evaluate("window.khabarNetwork.nodes().map(n => n.data('entity'))")
    } <= set(seen)
    assert {f"edge:{i}" for i in range(n_edges)} <= set(seen)
    assert pg.evaluate("window.khabarNetwork.$(':selected').length") == 1  # focus selects in the graph
    # the timeline: every drawn item is a link Tab reaches
    pg.goto(site.url + "/timeline?entity=IS-K")
    settle(pg, "[data-timeline]")
    hrefs = pg.evaluate(
        "Array.from(document.querySelectorAll('.vis-item a.tl-link')).map(a => a.getAttribute('href'))"
    )
    assert hrefs
    seen = _tab_through(pg, len(hrefs) + 40)
    assert set(hrefs) <= set(seen)
    # the map: every marker or cluster is focusable, named and opens its popup with Enter
    pg.goto(site.url + "/map?actor=IS-K")
    settle(pg, "[data-map]")
    markers = pg.locator(".ev-marker[data-event], .ev-cluster")
    n = markers.count()
    assert n >= 1
    events = set(
        pg.evaluate(
            "Array.from(document.querySelectorAll('.ev-marker[data-event]')).map(m => 'event:' + m.getAttribute('data-event'))"
        )
    )
    seen = _tab_through(pg, n + 40)
    assert events <= set(seen) and seen.count("cluster") == pg.locator(".ev-cluster").count()
    for label in pg.evaluate(
        "Array.from(document.querySelectorAll('.ev-marker[data-event]')).map(m => m.getAttribute('aria-label'))"
    ):
        assert label and " · " in label
    first = pg.locator(".ev-marker[data-event]").first
    first.focus()
    pg.keyboard.press("Enter")
    pg.locator(".leaflet-popup-content a.event-page").wait_for()
    clean(w)


def _pages(site: Site) -> list[str]:
    ev = _event_id(site, "garmser-claim")
    return [
        "/", "/?q=taliban", "/events", "/events?type=attack&sort=-killed", f"/events/{ev}", "/entities/IS-K",
        "/timeline?entity=IS-K", "/network?entity=IS-K", "/map", "/documents", "/documents/garmser-claim",
        "/ask?q=Who+leads+IS-K%3F", "/entities/ISKK",
    ]  # fmt: skip


def test_accessibility_no_serious_violations(page: tuple[Any, Watch], site: Site) -> None:
    """axe-core (vendored) on every page: no serious or critical violations."""
    pg, w = page
    axe = AXE.read_text(encoding="utf-8")
    report = {}
    for url in [*_pages(site), "/docs", "/network", "/timeline", f"/map?actor={site.hostile_entity}"]:
        pg.goto(site.url + url)
        settle(pg)
        if url == "/docs":
            pg.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
        for sel in ("[data-map]", "[data-network]", "[data-timeline]"):
            if pg.locator(sel).count():
                pg.wait_for_selector(f"{sel}[data-ready]", state="attached")
        pg.evaluate(axe)  # run by the browser's debugger, so the page's CSP does not apply
        found = pg.evaluate(
            """async () => { const r = await axe.run(document, {resultTypes: ['violations']});
                 return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')); }"""
        )
        report[url] = found
    assert all(not v for v in report.values()), {k: v for k, v in report.items() if v}
    clean(w)


def test_pages_fit_a_phone(browser: Any, site: Site) -> None:
    """At 390 px nothing scrolls sideways; the skip link is the first stop of the keyboard."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    try:
        for url in _pages(site):
            pg.goto(site.url + url)
            pg.wait_for_load_state("networkidle")
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
        pg.goto(site.url + "/entities/IS-K")
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.className") == "skip-link"
        pg.keyboard.press("Enter")
        pg.wait_for_function("location.hash === '#main'", timeout=5000)  # the jump lands a moment later under load
        assert pg.url.endswith("#main")
        pg.screenshot(path=str(SHOTS / "phone-dossier.png"), full_page=True)
    finally:
        ctx.close()


def test_network_layout_is_the_same_on_every_load(page: tuple[Any, Watch], site: Site) -> None:
    pg, w = page
    positions = []
    for _ in range(2):
        pg.goto(site.url + "/network?entity=IS-K")
        settle(pg, "[data-network]")
        positions.append(
            pg.evaluate(
                "window.khabarNetwork.nodes().map(n => [n.id(), Math.round(n.position('x')), Math.round(n.position('y'))])"
            )
        )
        sizes = pg.evaluate(
            "window.khabarNetwork.nodes().map(n => parseFloat(n.style('font-size')) * window.khabarNetwork.zoom())"
        )
        assert min(sizes) >= 11.9  # labels render at 12 px or more
    assert positions[0] == positions[1]
    colours = pg.evaluate(
        "Object.fromEntries(window.khabarNetwork.edges().map(e => [e.data('type'), e.style('line-color')]))"
    )
    if "leader_of" in colours and "hostile_to" in colours:
        assert colours["leader_of"] != colours["hostile_to"]
    pg.locator("[data-legend] li[data-edge-type] button").first.click()  # the legend hides a type
    hidden = pg.evaluate("window.khabarNetwork.edges('.hidden-type').length")
    assert hidden >= 1
    clean(w)


def test_curation_from_the_event_and_entity_pages(page: tuple[Any, Watch], site: Site) -> None:
    """A correction made in the event page's form (with the write token) holds, and the page says who made it,
    when and why; an alias added on the dossier shows among its names."""
    pg, w = page
    ev = _event_id(site, "mogadishu-ministry")
    pg.goto(site.url + f"/events/{ev}")
    settle(pg)
    pg.click("details.curate-panel summary")
    pg.fill("[data-curate-token]", WRITE_TOKEN)
    form = pg.locator("form[data-curate$='/correct']")
    form.locator("select[name=slot]").select_option("killed")
    form.locator("input[name=value]").fill("at least 121")
    form.locator("input[name=reason]").fill("the ministry's final count")
    with pg.expect_navigation():
        form.locator("button[type=submit]").click()
    history = pg.locator("#curation").inner_text()
    assert "curated by" in history and "the ministry's final count" in history
    assert "at least 121" in pg.locator("dl.facts-card").inner_text()
    # a wrong token is refused in words, and nothing changes
    pg.click("details.curate-panel summary")
    pg.fill("[data-curate-token]", "wrong")
    reject = pg.locator("form[data-curate$='/reject']").last
    reject.locator("input[name=reason]").fill("not an event")
    reject.locator("button[type=submit]").click()
    reject.locator(".curate-status").filter(has_text="Not saved").wait_for()
    assert site.kb.event(ev)["id"] == ev
    pg.goto(site.url + "/entities/IS-K")
    pg.click("details.curate-panel summary")
    pg.fill("[data-curate-token]", WRITE_TOKEN)
    add = pg.locator("form[data-curate$='/aliases']")
    add.locator("input[name=alias]").fill("Wilayat Khurasan Province")
    add.locator("input[name=reason]").fill("the group's own name in its statements")
    with pg.expect_navigation():
        add.locator("button[type=submit]").click()
    assert "Wilayat Khurasan Province" in pg.locator("#aliases").inner_text()
    assert "the group's own name" in pg.locator("#curation").inner_text()
    clean(w)
