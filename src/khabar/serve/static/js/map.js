/* Events on an offline world map: Leaflet with no tile server, the Natural Earth 110m country outlines from
   world-atlas (TopoJSON, bundled), one circle per located event sized by its killed and wounded. */
"use strict";
(function () {
  var ANTARCTICA = "010";  // ISO 3166 numeric: a ring around the pole that Mercator cannot draw

  function radius(casualties) {
    return Math.min(5 + 1.4 * Math.sqrt(casualties || 0), 30);
  }

  // The outlines cross the antimeridian (Chukotka, Fiji): unwrap each ring so no edge jumps 360 degrees
  // across the map.
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

  function popup(p) {
    var box = khabar.el("div", { className: "map-popup" });
    box.appendChild(khabar.el("strong", {}, p.type.replace(/_/g, " ") + (p.subtype ? " (" + p.subtype.replace(/_/g, " ") + ")" : "")));
    box.appendChild(khabar.el("div", {}, [p.date || "undated", [p.place, p.country].filter(Boolean).join(", ")].join(" · ")));
    var k = khabar.figure(p.killed), w = khabar.figure(p.wounded);
    if (k || w) box.appendChild(khabar.el("div", {}, (k ? k + " killed" : "") + (k && w ? ", " : "") + (w ? w + " wounded" : "")));
    var who = khabar.el("ul", { className: "who" });
    (p.participants || []).slice(0, 6).forEach(function (x) {
      var li = khabar.el("li");
      if (x.entity) li.appendChild(khabar.el("a", { href: khabar.entityHref(x.entity) }, x.name));
      else li.appendChild(document.createTextNode(x.name || ""));
      li.appendChild(document.createTextNode(" (" + x.role + ")"));
      who.appendChild(li);
    });
    box.appendChild(who);
    (p.sources || []).forEach(function (s) {
      box.appendChild(khabar.el("a", { className: "source", href: khabar.docHref(s.document, s.start) }, "source: " + s.document));
    });
    return box;
  }

  function draw(container) {
    var status = document.querySelector("[data-map-status]");
    var map = L.map(container, { worldCopyJump: false, minZoom: 1, maxZoom: 9, zoomSnap: 0.5, attributionControl: true });
    map.attributionControl.setPrefix("Leaflet | outlines: Natural Earth");
    map.fitBounds([[-50, -165], [75, 185]]);
    Promise.all([khabar.getJSON(container.getAttribute("data-world")), khabar.getJSON(container.getAttribute("data-src"))])
      .then(function (res) {
        var world = res[0], events = res[1];
        L.geoJSON(outlines(world), {
          interactive: false,
          style: { color: "#9aa5b1", weight: 0.6, fillColor: "#f3efe6", fillOpacity: 1 },
        }).addTo(map);
        var points = [];
        events.features.slice().sort(function (a, b) { return b.properties.casualties - a.properties.casualties; })
          .forEach(function (f) {
            var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
            var hurt = f.properties.casualties > 0;
            L.circleMarker(ll, {
              radius: radius(f.properties.casualties), color: hurt ? "#922b21" : "#1f4e79", weight: 1,
              fillColor: hurt ? "#e74c3c" : "#5dade2", fillOpacity: 0.55, className: "event-marker",
            }).bindPopup(popup(f.properties)).addTo(map);
            points.push(ll);
          });
        if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.6), { maxZoom: 5 });
        if (status) {
          status.textContent = events.features.length + " located event" + (events.features.length === 1 ? "" : "s") +
            (events.total > events.features.length ? " of " + events.total : "") +
            (events.unlocated ? "; " + events.unlocated + " more have no known place" : "") + ".";
        }
        container.setAttribute("data-ready", String(points.length));
      })
      .catch(function (err) {
        container.setAttribute("data-ready", "error");
        if (status) status.textContent = String(err.message || err);
      });
  }

  document.querySelectorAll("[data-map]").forEach(draw);
})();
