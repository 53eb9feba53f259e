"""Screenshots of every page of the web app on the seed store, for docs/screenshots/.

    python scripts/screenshots.py                  # builds the seed store from ../shared/corpus/dev
    python scripts/screenshots.py --db khabar.db   # or uses a store you have
    python scripts/screenshots.py --examples       # the seed article plus examples/

Needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium) and the dev extra (playwright); it
never downloads a browser. The server runs in a thread on a free loopback port.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
try:
    import khabar  # noqa: F401
except ImportError:  # a fresh checkout: use the repository's src/
    sys.path.insert(0, str(ROOT / "src"))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from khabar import Khabar  # noqa: E402
from khabar.serve import create_app  # noqa: E402
from khabar.serve.server import BackgroundServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ACTOR = "IS-K"


def pages(kb: Khabar) -> list[tuple[str, str, str | None]]:
    """(file name, path, selector that appears once the page's script has drawn) for every page."""
    d = kb.dossier(ACTOR)
    docs = d.documents
    doc = docs[0]["id"] if docs else kb.export()["documents"][0]["id"]
    attacks = kb.events(actor=ACTOR, type="attack", limit=1) or kb.events(limit=1)
    event = attacks[0].id if attacks else 1
    return [
        ("01-search", "/", None),
        ("02-search-results", "/?q=" + quote("Khorasan"), None),
        ("03-dossier-is-k", f"/entities/{d.id}", "[data-map][data-ready]"),
        ("04-events", "/events?sort=-killed", None),
        ("05-event", f"/events/{event}", None),
        ("06-timeline-is-k", f"/timeline?entity={d.id}", "[data-timeline][data-ready]"),
        ("07-network-is-k", f"/network?entity={d.id}", "[data-network][data-ready]"),
        ("08-network-all", "/network", "[data-network][data-ready]"),
        ("09-map", "/map", "[data-map][data-ready]"),
        ("10-map-is-k", f"/map?actor={d.id}", "[data-map][data-ready]"),
        ("11-document", f"/documents/{quote(doc, safe='')}", None),
        ("12-ask", "/ask?q=" + quote("Where is IS-K based?"), None),
        ("13-api-docs", "/docs", ".swagger-ui .opblock"),
    ]


def capture(page: Page, url: str, ready: str | None, out: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if ready:
        page.wait_for_selector(ready, state="attached", timeout=20_000)
    page.wait_for_timeout(300)  # let layouts and fonts settle
    page.screenshot(path=str(out), full_page=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="an existing store (else the seed store is built)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the project's shared folder")
    ap.add_argument("--examples", action="store_true", help="also ingest examples/ into the built store")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "seed.db"
        with Khabar(db) as kb:
            if args.db is None:
                sources = [args.shared / "corpus" / "dev"] + ([ROOT / "examples"] if args.examples else [])
                print(kb.ingest(sources).summary(), file=sys.stderr)
            with BackgroundServer(create_app(kb)) as srv, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                for name, path, ready in pages(kb):
                    out = args.out / f"{name}.png"
                    capture(page, srv.url + path, ready, out)
                    print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)
                browser.close()


if __name__ == "__main__":
    main()
