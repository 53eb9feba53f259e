/* Zoomable timeline (vis-timeline) of events and relation changes from /api/timeline.
   A date known to the month or year is drawn as a range over that month or year, never as a made-up day. */
"use strict";
(function () {
  function span(date, precision) {
    var p = date.split("-").map(Number);
    if (precision === "year" || p.length === 1) return [new Date(p[0], 0, 1), new Date(p[0] + 1, 0, 1)];
    if (precision === "month" || p.length === 2) return [new Date(p[0], p[1] - 1, 1), new Date(p[0], p[1], 1)];
    return [new Date(p[0], p[1] - 1, p[2]), null];
  }

  // The full line (tooltip) and a short one (drawn): type, place, toll.
  function label(item) {
    var text = item.kind === "event" ? item.type.replace(/_/g, " ") : "";
    if (item.summary) text = text ? text + ": " + item.summary : item.summary;
    var killed = khabar.figure(item.killed);
    if (killed) text += " (" + killed + " killed)";
    return text;
  }

  function shortLabel(item) {
    var text;
    if (item.kind === "event") {
      text = item.type.replace(/_/g, " ");
      var where = item.place || item.country;
      if (where) text += " · " + where;
      var killed = khabar.figure(item.killed);
      if (killed) text += " · " + killed + " killed";
    } else {
      text = item.summary || item.type.replace(/_/g, " ");
    }
    return text.length > 60 ? text.slice(0, 57) + "…" : text;
  }

  function draw(container) {
    khabar.getJSON(container.getAttribute("data-src")).then(function (page) {
      var items = [];
      var undated = 0;
      page.items.forEach(function (item, i) {
        if (!item.date) { undated += 1; return; }
        var s = span(item.date, item.precision);
        var content = khabar.el("span", { title: label(item) }, shortLabel(item));
        var v = {
          id: i, content: content, start: s[0],
          group: item.kind === "event" ? "events" : "relations",
          className: "kind-" + item.kind + " type-" + item.type,
        };
        if (s[1]) { v.end = s[1]; v.type = "range"; } else { v.type = "point"; }
        var c = (item.citations || [])[0];
        if (c) v.href = khabar.docHref(c.document, c.start);
        items.push(v);
      });
      container.textContent = "";
      if (!items.length) {
        container.appendChild(khabar.el("p", { className: "muted" }, "No dated events or relation changes."));
        container.setAttribute("data-ready", "0");
        return;
      }
      var groups = new vis.DataSet([
        { id: "relations", content: "leaders & relations" },
        { id: "events", content: "events" },
      ]);
      // Room around the items, more on the right where the last labels run on.
      var lo = Math.min.apply(null, items.map(function (v) { return v.start.getTime(); }));
      var hi = Math.max.apply(null, items.map(function (v) { return (v.end || v.start).getTime(); }));
      var pad = Math.max(hi - lo, 1000 * 60 * 60 * 24 * 180);
      var timeline = new vis.Timeline(container, new vis.DataSet(items), groups, {
        start: new Date(lo - 0.08 * pad), end: new Date(hi + 0.5 * pad),
        zoomable: true, moveable: true, stack: true, orientation: "top",
        margin: { item: 6 }, zoomMin: 1000 * 60 * 60 * 24 * 7, tooltip: { followMouse: true },
        selectable: true, showCurrentTime: false,
        minHeight: container.classList.contains("big") ? 360 : 150,
      });
      timeline.on("select", function (props) {
        var hit = items.filter(function (v) { return props.items.indexOf(v.id) >= 0 && v.href; })[0];
        if (hit) window.location.assign(hit.href);
      });
      var note = khabar.el("p", { className: "muted timeline-note" },
        items.length + " dated item" + (items.length === 1 ? "" : "s") +
        (undated ? ", " + undated + " undated not drawn" : "") +
        (page.total > page.items.length ? "; showing " + page.items.length + " of " + page.total : ""));
      container.parentNode.insertBefore(note, container.nextSibling);
      // "drawn", for tests and screenshots: after vis-timeline's first full redraw (or a second at most)
      var ready = function (force) {
        var root = container.querySelector(".vis-timeline");
        var shown = root && root.style.visibility !== "hidden" && container.querySelector(".vis-item");
        if (shown || force === true) container.setAttribute("data-ready", String(items.length));
      };
      timeline.on("changed", ready);
      window.setTimeout(function () { ready(true); }, 1500);
    }).catch(function (err) { khabar.showError(container, err); container.setAttribute("data-ready", "error"); });
  }

  document.querySelectorAll("[data-timeline]").forEach(draw);
})();
