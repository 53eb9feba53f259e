#!/usr/bin/env bash
# Reproduce src/khabar/serve/static/vendor/ from the npm registry: pinned releases, only the files the web app
# loads, each package's licence beside them. Run it by hand when a version changes; nothing runs it at build
# or run time (the vendored files are committed, so `khabar serve` works offline).
#
# Also writes csp-style-hashes.txt: vis-timeline's standalone build and Cytoscape.js inject their own <style>
# blocks at run time. The app's Content-Security-Policy allows exactly those blocks by hash instead of
# 'unsafe-inline'; the hashes are taken by running each bundle under a stub `document` in node.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=src/khabar/serve/static/vendor
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

CYTOSCAPE=3.34.4
VIS_TIMELINE=8.5.4
LEAFLET=1.9.4
WORLD_ATLAS=2.0.2
TOPOJSON_CLIENT=3.1.0
SWAGGER_UI=5.35.0  # swagger-ui-dist: /docs (FastAPI's OpenAPI 3.1 needs Swagger UI 5)
MARKERCLUSTER=1.5.3  # leaflet.markercluster: the map's clusters
AXE_CORE=4.11.0  # axe-core: the accessibility check of the browser tests (tests/vendor, never served)
TESTS_DEST=tests/vendor

fetch() {  # fetch NAME VERSION -> $TMP/NAME (the unpacked package)
    (cd "$TMP" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar xzf "$1-$2.tgz" -C "$1" --strip-components=1)
}

for spec in "cytoscape $CYTOSCAPE" "vis-timeline $VIS_TIMELINE" "leaflet $LEAFLET" \
    "world-atlas $WORLD_ATLAS" "topojson-client $TOPOJSON_CLIENT" "swagger-ui-dist $SWAGGER_UI" \
    "leaflet.markercluster $MARKERCLUSTER" "axe-core $AXE_CORE"; do
    # shellcheck disable=SC2086
    fetch $spec
done

rm -rf "$DEST"
mkdir -p "$DEST"/{cytoscape,vis-timeline,leaflet/images,world-atlas,topojson-client,swagger-ui,leaflet.markercluster}
rm -rf "$TESTS_DEST/axe-core"
mkdir -p "$TESTS_DEST/axe-core"

cp "$TMP/cytoscape/dist/cytoscape.min.js" "$TMP/cytoscape/LICENSE" "$DEST/cytoscape/"
cp "$TMP/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js" \
    "$TMP/vis-timeline/styles/vis-timeline-graph2d.min.css" \
    "$TMP/vis-timeline/LICENSE.md" "$TMP/vis-timeline/LICENSE.Apache-2.0.txt" "$TMP/vis-timeline/LICENSE.MIT.txt" \
    "$DEST/vis-timeline/"
cp "$TMP/leaflet/dist/leaflet.js" "$TMP/leaflet/dist/leaflet.css" "$TMP/leaflet/LICENSE" "$DEST/leaflet/"
cp "$TMP/leaflet/dist/images/"*.png "$DEST/leaflet/images/"
cp "$TMP/world-atlas/countries-110m.json" "$TMP/world-atlas/LICENSE" "$DEST/world-atlas/"
cp "$TMP/topojson-client/dist/topojson-client.min.js" "$TMP/topojson-client/LICENSE" "$DEST/topojson-client/"
cp "$TMP/swagger-ui-dist/swagger-ui-bundle.js" "$TMP/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt" \
    "$TMP/swagger-ui-dist/swagger-ui.css" "$TMP/swagger-ui-dist/LICENSE" "$TMP/swagger-ui-dist/NOTICE" "$DEST/swagger-ui/"

cp "$TMP/leaflet.markercluster/dist/leaflet.markercluster.js" "$TMP/leaflet.markercluster/dist/MarkerCluster.css" \
    "$TMP/leaflet.markercluster/MIT-LICENCE.txt" "$DEST/leaflet.markercluster/"
cp "$TMP/axe-core/axe.min.js" "$TMP/axe-core/LICENSE" "$TESTS_DEST/axe-core/"
[ -f "$TMP/axe-core/LICENSE-3RD-PARTY.txt" ] && cp "$TMP/axe-core/LICENSE-3RD-PARTY.txt" "$TESTS_DEST/axe-core/"

cat >"$TMP/hashes.js" <<'EOF'
// Load a browser bundle under a stub document and print the sha256 CSP source of every <style> it injects.
const crypto = require("crypto");
const styles = [];
function element(tag) {
    return {
        tag, style: {}, children: [], text: "", className: "", type: "",
        setAttribute() {}, appendChild(c) { this.children.push(c); this.text += c.data; },
        set textContent(v) { this.text = v; }, get textContent() { return this.text; },
    };
}
const head = { children: [], firstChild: null, appendChild(e) { styles.push(e); }, insertBefore(e) { styles.push(e); } };
global.document = {
    head, createElement: element, createTextNode: (data) => ({ data }),
    getElementsByTagName: () => [head], getElementById: () => null,
};
global.window = global;
require(process.argv[2]);
// vis-timeline's style-inject appends an empty <style> first and its text after: the browser checks both.
console.log("'sha256-" + crypto.createHash("sha256").update("").digest("base64") + "'");
for (const s of styles) {
    console.log("'sha256-" + crypto.createHash("sha256").update(s.text).digest("base64") + "'");
}
EOF
{
    node "$TMP/hashes.js" "$PWD/$DEST/vis-timeline/vis-timeline-graph2d.min.js"
    # Cytoscape adds one rule to every page with a graph; its text is fixed in the renderer.
    printf '%s' '.__________cytoscape_container { position: relative; }' \
        | node -e 'const c=require("crypto");let d="";process.stdin.on("data",x=>d+=x).on("end",()=>console.log("'"'"'sha256-"+c.createHash("sha256").update(d).digest("base64")+"'"'"'"))'
} | sort -u >"$DEST/csp-style-hashes.txt"

cat >"$DEST/README.md" <<EOF
# Vendored JavaScript (made by scripts/vendor_js.sh; do not edit by hand)

| package | version | licence | files |
|---|---|---|---|
| cytoscape | $CYTOSCAPE | MIT | cytoscape.min.js |
| vis-timeline | $VIS_TIMELINE | Apache-2.0 OR MIT | standalone vis-timeline-graph2d.min.js (bundles moment, hammerjs, ... with their notices), .css |
| leaflet | $LEAFLET | BSD-2-Clause | leaflet.js, leaflet.css, images/ |
| world-atlas | $WORLD_ATLAS | ISC (data: Natural Earth, public domain) | countries-110m.json |
| topojson-client | $TOPOJSON_CLIENT | ISC | topojson-client.min.js |
| swagger-ui-dist | $SWAGGER_UI | Apache-2.0 | swagger-ui-bundle.js (with its bundled notices), swagger-ui.css |
| leaflet.markercluster | $MARKERCLUSTER | MIT | leaflet.markercluster.js, MarkerCluster.css |

The browser tests' accessibility checker, axe-core $AXE_CORE (MPL-2.0), is vendored beside them in
tests/vendor/axe-core/ with its licence; the app never serves it.

csp-style-hashes.txt holds the CSP hashes of the <style> blocks the bundles inject at run time.
EOF
echo "vendored into $DEST and $TESTS_DEST:"
du -sh "$DEST"/* "$TESTS_DEST"/*
