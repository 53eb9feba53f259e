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
    DocFacts,
    EventFact,
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
    with BackgroundServer(create_app(kb)) as srv:
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

    pg.goto(site.url + "/ask?q=" + "Who was the first leader of IS-K?")
    settle(pg)
    assert pg.locator(".answer-text").inner_text().strip()
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
    cite = pg.locator("#relations a.cite").first
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
    markers = pg.locator("path.event-marker")
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
    pg.locator("path.event-marker").first.click(force=True)
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
