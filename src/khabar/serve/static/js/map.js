/* Events on an offline world map: Leaflet with no tile server, the Natural Earth 110m country outlines from
   world-atlas (TopoJSON, bundled). One marker per located event, coloured by its kind and sized by its killed
   and wounded, clustered where they crowd (leaflet.markercluster). An event known only by its country or
   region is drawn as a hollow ring (dotted / dashed), never as if the spot were exact. Markers are keyboard
   focusable and named; a time filter narrows the markers and the list of events below the map together. */
"use strict";
(function () {
  var ANTARCTICA = "010";  // ISO 3166 numeric: a ring around the pole that Mercator cannot draw
  var PRECISION = { exact: "exact place", region: "region only", country: "country only" };
  var FAMILY_LABELS = { violence: "attacks, strikes, killings", detention: "arrests, captures, kidnappings", claim: "claims, statements", other: "other" };

  function diameter(casualties) {
    return Math.round(Math.min(12 + 2.2 * Math.sqrt(casualties || 0), 44));
  }

  // The outlines cross the antimeridian (Chukotka, Fiji): unwrap each ring so no edge jumps 360 degrees.
  function unwrap(ring) {
    var prev = null;
    return ring.map(function (pt) {
      var lon = pt[0];
      if (prev !== null) {
        while (lon - prev > 180) lon -= 360;
        while (lon - prev < -180) lon += 360;
      }
      prev = lon;
      return [lon, pt[1]];
    });
  }

  function outlines(world) {
    var fc = topojson.feature(world, world.objects.countries);
    fc.features = fc.features.filter(function (f) { return f.id !== ANTARCTICA; });
    fc.features.forEach(function (f) {
      var g = f.geometry;
      if (!g) return;
      if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrap);
      else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map(function (p) { return p.map(unwrap); });
    });
    return fc;
  }

  function kind(p) { return p.type.replace(/_/g, " ") + (p.subtype ? " (" + p.subtype.replace(/_/g, " ") + ")" : ""); }

  function toll(p) {
    var k = khabar.figure(p.killed), w = khabar.figure(p.wounded);
    return (k ? k + " killed" : "") + (k && w ? ", " : "") + (w ? w + " wounded" : "");
  }

  // The text alternative of a marker: what, when, where (and how exactly), toll.
  function describe(p) {
    var where = [p.place, p.country].filter(Boolean).filter(function (x, i, a) { return a.indexOf(x) === i; }).join(", ");
    var bits = [kind(p), p.date || "undated", where + (p.place_precision && p.place_precision !== "exact" ? " (" + PRECISION[p.place_precision] + ")" : "")];
    var t = toll(p);
    if (t) bits.push(t);
    return bits.join(" · ");
  }

  function popup(p) {
    var box = khabar.el("div", { className: "map-popup" });
    var head = khabar.el("a", { className: "event-link", href: khabar.eventHref(p.event) }, kind(p));
    box.appendChild(head);
    var where = [p.place, p.country].filter(Boolean).filter(function (x, i, a) { return a.indexOf(x) === i; }).join(", ");
    box.appendChild(khabar.el("div", {}, [p.date || "undated", where].filter(Boolean).join(" · ")));
    if (p.place_precision && p.place_precision !== "exact") {
      box.appendChild(khabar.el("div", { className: "precision-note" }, "Placed at the " + (p.place_precision === "country" ? "country's" : "region's") + " centre: the report names no exact place."));
    }
    var t = toll(p);
    if (t) box.appendChild(khabar.el("div", {}, t));
    var who = khabar.el("ul", { className: "who" });
    (p.participants || []).slice(0, 6).forEach(function (x) {
      var li = khabar.el("li");
      if (x.entity) li.appendChild(khabar.el("a", { href: khabar.entityHref(x.entity) }, x.name));
      else li.appendChild(document.createTextNode(x.name || ""));
      li.appendChild(document.createTextNode(" (" + x.role + ")"));
      who.appendChild(li);
    });
    if (who.childNodes.length) box.appendChild(who);
    (p.sources || []).slice(0, 1).forEach(function (s) {
      if (s.text) box.appendChild(khabar.el("blockquote", { className: "evidence-quote" }, s.text));
      box.appendChild(khabar.el("a", { className: "source", href: khabar.docHref(s.document, s.start) }, "in its document: " + s.document));
    });
    box.appendChild(khabar.el("a", { className: "source event-page", href: khabar.eventHref(p.event) }, "event page →"));
    return box;
  }

  function marker(f) {
    var p = f.properties;
    var d = diameter(p.casualties);
    var prec = p.place_precision || "exact";
    if (prec === "country") d = Math.max(d, 26);
    var icon = L.divIcon({
      className: "ev-marker fam-" + khabar.family(p.type) + " prec-" + prec + (p.casualties > 0 ? " hurt" : ""),
      iconSize: [d, d], html: "",
    });
    var m = L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
      icon: icon, keyboard: true, title: describe(p), riseOnHover: true,
    });
    m.bindPopup(popup(p), { maxWidth: 300 });
    m.on("add", function () {
      var el = m.getElement();
      if (el) { el.setAttribute("aria-label", describe(p)); el.setAttribute("data-event", String(p.event)); }
    });
    // Leaflet opens a marker's popup on click; Enter on a focused marker clicks it.
    m.feature = f;
    return m;
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var d = n < 10 ? 30 : n < 100 ? 38 : 46;
    return L.divIcon({ html: "<span>" + n + "</span>", className: "ev-cluster", iconSize: [d, d] });
  }

  function legend(map) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = khabar.el("details", { className: "map-legend" });
      if (map.getContainer().classList.contains("big")) box.setAttribute("open", "");
      box.appendChild(khabar.el("summary", {}, "Legend"));
      L.DomEvent.disableClickPropagation(box);
      box.appendChild(khabar.el("strong", {}, "Colour: kind of event"));
      var ul = khabar.el("ul");
      Object.keys(FAMILY_LABELS).forEach(function (k) {
        var li = khabar.el("li");
        li.appendChild(khabar.el("span", { className: "key ev-marker prec-exact fam-" + k, "aria-hidden": "true" }));
        li.appendChild(document.createTextNode(" " + FAMILY_LABELS[k]));
        ul.appendChild(li);
      });
      box.appendChild(ul);
      box.appendChild(khabar.el("strong", {}, "Size: killed + wounded"));
      var sizes = khabar.el("ul", { className: "sizes" });
      [0, 10, 100].forEach(function (n) {
        var li = khabar.el("li");
        var key = khabar.el("span", { className: "key ev-marker prec-exact fam-violence size", "aria-hidden": "true" });
        key.style.width = key.style.height = diameter(n) + "px";
        li.appendChild(key);
        li.appendChild(document.createTextNode(" " + (n === 0 ? "none reported" : n)));
        sizes.appendChild(li);
      });
      box.appendChild(sizes);
      box.appendChild(khabar.el("strong", {}, "Outline: how exactly placed"));
      var prec = khabar.el("ul");
      ["exact", "region", "country"].forEach(function (k) {
        var li = khabar.el("li");
        li.appendChild(khabar.el("span", { className: "key ev-marker fam-other prec-" + k, "aria-hidden": "true" }));
        li.appendChild(document.createTextNode(" " + PRECISION[k]));
        prec.appendChild(li);
      });
      box.appendChild(prec);
      box.appendChild(khabar.el("strong", {}, "Number: a cluster of events (Enter or click to open)"));
      return box;
    };
    control.addTo(map);
  }

  function year(p) { return p.date ? Number(p.date.slice(0, 4)) : null; }

  // The list of the events the map shows, under the same time filter.
  function fillList(list, features) {
    if (!list) return;
    var body = list.querySelector("tbody");
    body.textContent = "";
    features.forEach(function (f) {
      var p = f.properties;
      var tr = khabar.el("tr", { "data-event": String(p.event) });
      tr.appendChild(khabar.el("td", { className: "date", "data-label": "date" }, p.date || "undated"));
      var td = khabar.el("td", { "data-label": "event" });
      td.appendChild(khabar.el("a", { className: "event-link", href: khabar.eventHref(p.event) }, kind(p)));
      tr.appendChild(td);
      tr.appendChild(khabar.el("td", { "data-label": "place" }, [p.place, p.country].filter(Boolean).filter(function (x, i, a) { return a.indexOf(x) === i; }).join(", ") + (p.place_precision && p.place_precision !== "exact" ? " (" + PRECISION[p.place_precision] + ")" : "")));
      tr.appendChild(khabar.el("td", { className: "num", "data-label": "killed" }, khabar.figure(p.killed)));
      body.appendChild(tr);
    });
  }

  function timeFilter(form, features, apply) {
    if (!form) { apply(features); return; }
    var years = features.map(function (f) { return year(f.properties); }).filter(function (y) { return y !== null; });
    if (!years.length) { form.hidden = true; apply(features); return; }
    var lo = Math.min.apply(null, years), hi = Math.max.apply(null, years);
    var from = form.querySelector("[name=from]"), to = form.querySelector("[name=to]");
    var undated = form.querySelector("[name=undated]"), out = form.querySelector("output");
    [from, to].forEach(function (input) { input.min = String(lo); input.max = String(hi); });
    from.value = String(lo); to.value = String(hi);
    function run() {
      var a = Number(from.value), b = Number(to.value);
      if (a > b) { var x = a; a = b; b = x; }
      out.textContent = a === b ? String(a) : a + " – " + b;
      var keep = features.filter(function (f) {
        var y = year(f.properties);
        return y === null ? undated.checked : y >= a && y <= b;
      });
      var table = document.querySelector("[data-table-link]");
      if (table) {
        var url = new URL(table.getAttribute("data-base"), window.location.href);
        if (a > lo || b < hi) { url.searchParams.set("since", String(a)); url.searchParams.set("until", String(b)); }
        table.setAttribute("href", url.pathname + url.search);
      }
      apply(keep);
    }
    [from, to, undated].forEach(function (input) { input.addEventListener("input", run); });
    form.hidden = false;
    run();
  }

  function draw(container) {
    var status = container.parentNode.querySelector("[data-map-status]") || document.querySelector("[data-map-status]");
    var map = L.map(container, { worldCopyJump: false, minZoom: 1, maxZoom: 10, zoomSnap: 0.5, attributionControl: true, keyboard: true });
    map.attributionControl.setPrefix("Leaflet | outlines: Natural Earth");
    map.fitBounds([[-50, -165], [75, 185]]);
    Promise.all([khabar.getJSON(container.getAttribute("data-world")), khabar.getJSON(container.getAttribute("data-src"))])
      .then(function (res) {
        var world = res[0], events = res[1];
        L.geoJSON(outlines(world), {
          interactive: false,
          style: { color: "#9aa5b1", weight: 0.6, fillColor: "#f3efe6", fillOpacity: 1 },
        }).addTo(map);
        var cluster = L.markerClusterGroup({
          showCoverageOnHover: false, maxClusterRadius: 36, iconCreateFunction: clusterIcon,
          spiderfyOnMaxZoom: true, zoomToBoundsOnClick: true,
        });
        map.addLayer(cluster);
        cluster.on("clusterkeypress", function (e) {  // Enter on a focused cluster opens it, as a click does
          if (e.originalEvent && e.originalEvent.key === "Enter") e.layer.zoomToBounds({ padding: [30, 30] });
        });
        var all = events.features.slice().sort(function (a, b) { return b.properties.casualties - a.properties.casualties; });
        var list = container.parentNode.querySelector("[data-map-list]");
        var first = true;
        function apply(keep) {
          cluster.clearLayers();
          cluster.addLayers(keep.map(marker));
          fillList(list, keep.slice().sort(function (a, b) { return (b.properties.date || "").localeCompare(a.properties.date || ""); }));
          if (first && keep.length) {
            var bounds = L.latLngBounds(keep.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; }));
            // not animated: the markers cluster at the zoom shown before the page says it is ready (data-ready)
            map.fitBounds(bounds.pad(0.15), { maxZoom: 6, padding: [20, 20], animate: false });
            first = false;
          }
          if (status) {
            status.textContent = khabar.plural(keep.length, "located event") + " shown" +
              (keep.length < events.features.length ? " of " + events.features.length : "") +
              (events.total > events.features.length ? " (" + events.total + " located in all)" : "") +
              (events.unlocated ? "; " + events.unlocated + " more have no known place" : "") + ".";
          }
          container.setAttribute("data-shown", String(keep.length));
        }
        timeFilter(container.parentNode.querySelector("[data-time-filter]"), all, apply);
        legend(map);
        window.khabarMap = { map: map, cluster: cluster };
        container.setAttribute("data-ready", String(all.length));
      })
      .catch(function (err) {
        container.setAttribute("data-ready", "error");
        if (status) status.textContent = String(err.message || err);
      });
  }

  document.querySelectorAll("[data-map]").forEach(draw);
})();
