/* Zoomable timeline (vis-timeline) of events and relation changes from /api/timeline.
   A date known to the month or year is drawn as a range over that month or year, never as a made-up day; a
   relation with a start (and maybe an end) is one tenure bar. The axis spans the data only. Each item is a link
   (to its event page, or to the sentence that states a relation) that Tab reaches; undated events are listed
   below the chart, so nothing the store holds is hidden. */
"use strict";
(function () {
  var DAY = 1000 * 60 * 60 * 24;

  function span(date, precision) {
    var p = date.split("-").map(Number);
    if (precision === "year" || p.length === 1) return [new Date(p[0], 0, 1), new Date(p[0] + 1, 0, 1)];
    if (precision === "month" || p.length === 2) return [new Date(p[0], p[1] - 1, 1), new Date(p[0], p[1], 1)];
    return [new Date(p[0], p[1] - 1, p[2]), null];
  }

  function eventLine(item) {
    var text = item.type.replace(/_/g, " ");
    var where = item.place || item.country;
    if (where) text += " · " + where;
    var killed = khabar.figure(item.killed);
    if (killed) text += " · " + killed + " killed";
    return text;
  }

  function short(text) { return text.length > 60 ? text.slice(0, 57) + "…" : text; }

  function link(href, text, full) {
    return khabar.el("a", { className: "tl-link", href: href, title: full, "aria-label": full }, short(text));
  }

  // Relation starts and ends of one fact become one tenure bar.
  function tenures(items) {
    var byFact = {};
    items.forEach(function (item) {
      if (item.kind === "event" || !item.date) return;
      var t = byFact[item.fact] || (byFact[item.fact] = { fact: item.fact, type: item.type, citations: item.citations || [] });
      if (item.kind === "relation-start") { t.start = item.date; t.startPrecision = item.precision; t.summary = item.summary; }
      else { t.end = item.date; t.endPrecision = item.precision; t.endSummary = item.summary; }
    });
    return Object.keys(byFact).map(function (k) { return byFact[k]; });
  }

  function draw(container) {
    khabar.getJSON(container.getAttribute("data-src")).then(function (page) {
      var items = [];
      var undated = [];
      page.items.forEach(function (item, i) {
        if (item.kind !== "event") return;
        if (!item.date) { undated.push(item); return; }
        var s = span(item.date, item.precision);
        var id = Number(String(item.fact).replace(/^v/, ""));
        var full = item.date + ": " + item.type.replace(/_/g, " ") + (item.summary ? " — " + item.summary : "") +
          (khabar.figure(item.killed) ? " (" + khabar.figure(item.killed) + " killed)" : "");
        var v = {
          id: "i" + i, content: link(khabar.eventHref(id), eventLine(item), full), start: s[0],
          group: "events", className: "kind-event type-" + item.type + " fam-" + khabar.family(item.type),
          href: khabar.eventHref(id),
        };
        if (s[1]) { v.end = s[1]; v.type = "range"; } else { v.type = "point"; }
        items.push(v);
      });
      var hi = null;
      items.forEach(function (v) { var t = (v.end || v.start).getTime(); if (hi === null || t > hi) hi = t; });
      var bars = tenures(page.items);
      bars.forEach(function (t, j) {
        var a = t.start ? span(t.start, t.startPrecision)[0] : null;
        var b = t.end ? (span(t.end, t.endPrecision)[1] || span(t.end, t.endPrecision)[0]) : null;
        var c = t.citations[0];
        var href = c ? khabar.docHref(c.document, c.start) : "#";
        var text = t.summary || t.endSummary || t.type.replace(/_/g, " ");
        var full = text + ": " + (t.start ? "from " + t.start : "") + (t.end ? (t.start ? " " : "") + "until " + t.end : " (no end known)");
        var v = { id: "r" + j, content: link(href, text, full), group: "relations", href: href, className: "kind-tenure type-" + t.type };
        if (a && b) { v.start = a; v.end = b; v.type = "range"; }
        else if (a) { v.start = a; v.end = new Date(Math.max(hi || a.getTime(), a.getTime() + 180 * DAY)); v.type = "range"; v.className += " open"; }
        else { v.start = b; v.type = "point"; }
        items.push(v);
      });
      container.textContent = "";
      var note = container.parentNode.querySelector(".timeline-note");
      if (!note) { note = khabar.el("p", { className: "muted timeline-note" }); container.parentNode.insertBefore(note, container.nextSibling); }
      note.textContent = khabar.plural(items.length, "dated item") + (undated.length ? "; " + undated.length + " undated, listed below" : "") +
        (page.total > page.items.length ? "; showing " + page.items.length + " of " + page.total : "") + ".";
      undatedList(container, undated);
      if (!items.length) {
        container.appendChild(khabar.el("p", { className: "muted" }, "No dated events or relation changes."));
        container.setAttribute("data-ready", "0");
        return;
      }
      var groups = [{ id: "events", content: "events" }];
      if (bars.length) groups.unshift({ id: "relations", content: "leaders & relations" });
      var lo = Math.min.apply(null, items.map(function (v) { return v.start.getTime(); }));
      var top = Math.max.apply(null, items.map(function (v) { return (v.end || v.start).getTime(); }));
      var pad = Math.max((top - lo) * 0.04, 20 * DAY);
      var timeline = new vis.Timeline(container, new vis.DataSet(items), new vis.DataSet(groups), {
        start: new Date(lo - pad), end: new Date(top + 4 * pad), min: new Date(lo - 8 * pad), max: new Date(top + 10 * pad),
        zoomable: true, moveable: true, stack: true, orientation: "top",
        margin: { item: 6 }, zoomMin: DAY * 7, selectable: true, showCurrentTime: false,
        minHeight: container.classList.contains("big") ? 360 : 150,
      });
      timeline.on("select", function (props) {
        var hit = items.filter(function (v) { return props.items.indexOf(v.id) >= 0 && v.href && v.href !== "#"; })[0];
        if (hit) window.location.assign(hit.href);
      });
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", "timeline: " + note.textContent);
      window.khabarTimeline = timeline;
      var ready = function (force) {
        var root = container.querySelector(".vis-timeline");
        var shown = root && root.style.visibility !== "hidden" && container.querySelector(".vis-item");
        if (shown || force === true) container.setAttribute("data-ready", String(items.length));
      };
      timeline.on("changed", ready);
      window.setTimeout(function () { ready(true); }, 1500);
    }).catch(function (err) { khabar.showError(container, err); container.setAttribute("data-ready", "error"); });
  }

  function undatedList(container, undated) {
    var old = container.parentNode.querySelector(".undated");
    if (old) old.remove();
    if (!undated.length) return;
    var box = khabar.el("details", { className: "undated" });
    box.appendChild(khabar.el("summary", {}, khabar.plural(undated.length, "undated event") + " (no date in the reports)"));
    var ul = khabar.el("ul");
    undated.forEach(function (item) {
      var li = khabar.el("li");
      var id = Number(String(item.fact).replace(/^v/, ""));
      li.appendChild(khabar.el("a", { className: "event-link", href: khabar.eventHref(id) }, eventLine(item)));
      if (item.summary) li.appendChild(khabar.el("span", { className: "muted" }, " — " + item.summary));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var note = container.parentNode.querySelector(".timeline-note");
    container.parentNode.insertBefore(box, note ? note.nextSibling : container.nextSibling);
  }

  document.querySelectorAll("[data-timeline]").forEach(draw);
})();
