/* The actor network (Cytoscape.js) from /api/network. The layout is force-directed ("cose") from seeded starting
   positions, so the same store draws the same picture on every load. Edges are coloured by relation family
   (leadership, structure, support, hostility, control, shared events) and told apart within a family by line
   style; the legend toggles each type. Clicking an edge (or its row in the list of ties) shows its period and
   the sentences that state it. Labels never render smaller than 12 px. Every node and tie is also in the list
   below the graph, which Tab reaches. */
"use strict";
(function () {
  var FAMILIES = [
    { name: "leadership", colour: "#0f7b6c", types: { leader_of: "solid", deputy_of: "dashed", member_of: "dotted" } },
    { name: "structure", colour: "#1f5fbf", types: { branch_of: "solid", allegiance_to: "dashed" } },
    { name: "support", colour: "#7b3fa6", types: { ally_of: "solid", supports: "dashed", recruits_from: "dotted" } },
    { name: "hostility", colour: "#c62828", types: { hostile_to: "solid", rival_of: "dashed" } },
    { name: "control", colour: "#8d6e13", types: { governs: "solid" } },
    { name: "shared events", colour: "#e66100", types: { targeted: "solid" } },
    { name: "shared events", colour: "#6b6b6b", types: { co_participant: "dotted" } },
  ];
  var STYLE = {};
  FAMILIES.forEach(function (f) {
    Object.keys(f.types).forEach(function (t) { STYLE[t] = { colour: f.colour, line: f.types[t], family: f.name }; });
  });
  var NODE_COLOURS = { armed_group: "#b03a2e", person: "#2e86c1", organization: "#7d3c98", country: "#239b56" };
  var MIN_LABEL_PX = 12;

  // A small seeded PRNG (mulberry32): the layout's "random" start is the same on every load.
  function seeded(seed) {
    return function () {
      seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function words(type) { return type.replace(/_/g, " "); }

  function period(e) {
    if (e.start && e.end) return e.start + " – " + e.end;
    if (e.start) return "since " + e.start;
    if (e.end) return "until " + e.end;
    return e.kind === "event" ? khabar.plural(e.weight, "shared event") : "period not stated";
  }

  function draw(container) {
    var status = document.querySelector("[data-status]");
    khabar.getJSON(container.getAttribute("data-src")).then(function (net) {
      if (!net.nodes.length) {
        khabar.showError(container, "No ties in the store for this view.");
        container.setAttribute("data-ready", "0");
        return;
      }
      var names = {};
      net.nodes.forEach(function (n) { names[n.id] = n.name; });
      var maxMentions = Math.max.apply(null, net.nodes.map(function (n) { return n.mentions; }).concat([1]));
      var elements = net.nodes.map(function (n) {
        return { data: {
          id: "n" + n.id, entity: n.id, label: n.name, type: n.type,
          size: 18 + 30 * Math.sqrt(n.mentions / maxMentions), center: n.id === net.center ? 1 : 0,
          colour: NODE_COLOURS[n.type] || "#7f8c8d",
        } };
      });
      net.edges.forEach(function (e, i) {
        var st = STYLE[e.type] || { colour: "#555555", line: "solid", family: "other" };
        elements.push({ data: {
          id: "e" + i, index: i, source: "n" + e.source, target: "n" + e.target, type: e.type, kind: e.kind,
          weight: e.weight, width: Math.min(1.5 + e.weight, 8), colour: st.colour, line: st.line, label: words(e.type),
        } });
      });
      var seed = net.nodes.reduce(function (h, n) { return (Math.imul(h, 31) + n.id) | 0; }, 7);
      var random = Math.random;
      Math.random = seeded(seed);  // cose draws its starting positions from Math.random
      var cy;
      try {
        cy = cytoscape({
          container: container,
          elements: elements,
          style: [
            { selector: "node", style: {
              label: "data(label)", width: "data(size)", height: "data(size)", "font-size": MIN_LABEL_PX,
              "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "wrap", "text-max-width": 140,
              "background-color": "data(colour)", "border-width": 1, "border-color": "#ffffff", color: "#1d232b",
              "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1,
            } },
            { selector: "node[center = 1]", style: { "border-width": 4, "border-color": "#f1c40f", "font-weight": "bold" } },
            { selector: "edge", style: {
              width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
              "line-style": "data(line)", "curve-style": "bezier", opacity: 0.9,
            } },
            { selector: "edge[kind = 'relation'], edge[type = 'targeted']", style: { "target-arrow-shape": "triangle" } },
            { selector: ":selected", style: { "overlay-color": "#f1c40f", "overlay-opacity": 0.35, "overlay-padding": 6 } },
            { selector: ".hidden-type", style: { display: "none" } },
          ],
          layout: {
            name: "cose", animate: false, randomize: true, padding: 30, nodeOverlap: 20, gravity: 60,
            nodeRepulsion: function () { return 400000; }, idealEdgeLength: function () { return 110; },
            edgeElasticity: function () { return 100; }, numIter: 1000,
          },
        });
      } finally {
        Math.random = random;
      }
      if (cy.zoom() > 1.3) { cy.zoom(1.3); cy.center(); }
      // labels keep a readable size at any zoom: the model size grows as the view zooms out
      var relabel = function () {
        var fs = Math.max(MIN_LABEL_PX, MIN_LABEL_PX / cy.zoom());
        cy.style().selector("node").style("font-size", fs).update();
      };
      cy.on("zoom", relabel);
      relabel();
      cy.on("tap", "node", function (evt) { window.location.assign(khabar.entityHref(evt.target.data("entity"))); });
      cy.on("tap", "edge", function (evt) { showEdge(net, names, net.edges[evt.target.data("index")], cy, evt.target); });
      window.khabarNetwork = cy;
      legend(net, cy);
      list(net, names, cy);
      if (status) {
        status.textContent = "Showing " + net.nodes.length + " of " + net.total_nodes + " actors and " +
          net.edges.length + " of " + net.total_edges + " ties.";
      }
      container.setAttribute("aria-label", "network graph of " + khabar.plural(net.nodes.length, "actor") + " and " +
        khabar.plural(net.edges.length, "tie") + "; the same ties are listed below the graph");
      container.setAttribute("data-ready", String(net.nodes.length));
    }).catch(function (err) { khabar.showError(container, err); container.setAttribute("data-ready", "error"); });
  }

  function showEdge(net, names, e, cy, element) {
    var panel = document.querySelector("[data-edge-panel]");
    if (!panel || !e) return;
    cy.elements().unselect();
    if (element) element.select();
    panel.hidden = false;
    panel.textContent = "";
    panel.appendChild(khabar.el("h2", {}, names[e.source] + " — " + words(e.type) + " — " + names[e.target]));
    panel.appendChild(khabar.el("p", { className: "period" }, period(e)));
    var body = khabar.el("div", { className: "edge-evidence" }, "Loading the sentences…");
    panel.appendChild(body);
    var url = "/api/evidence?" + (e.relation ? "relation=" + Number(e.relation) : e.events.map(function (x) { return "event=" + Number(x); }).join("&"));
    khabar.getJSON(url).then(function (res) {
      body.textContent = "";
      res.relations.forEach(function (r) {
        if (r.as_of) body.appendChild(khabar.el("p", { className: "muted" }, "still so as of " + r.as_of));
        quotes(body, r.citations);
      });
      res.events.forEach(function (ev) {
        var h = khabar.el("h3");
        h.appendChild(khabar.el("a", { className: "event-link", href: khabar.eventHref(ev.id) },
          words(ev.type) + " " + (ev.date_start || "undated") + (ev.place || ev.country ? " · " + (ev.place || ev.country) : "")));
        body.appendChild(h);
        quotes(body, ev.citations.slice(0, 2));
      });
      if (!body.childNodes.length) body.textContent = "No sentence is stored for this tie.";
      panel.setAttribute("data-loaded", "1");
      panel.focus();
    }).catch(function (err) { khabar.showError(body, err); });
  }

  function quotes(box, citations) {
    var ol = khabar.el("ul", { className: "quotes" });
    citations.forEach(function (c) {
      var li = khabar.el("li");
      li.appendChild(khabar.el("a", { className: "evidence-link", href: khabar.docHref(c.document, c.start) }, "“" + c.text + "”"));
      li.appendChild(khabar.el("span", { className: "muted" }, " — " + c.document + (c.published ? ", " + c.published : "")));
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  function legend(net, cy) {
    var box = document.querySelector("[data-legend]");
    if (!box) return;
    box.textContent = "";
    box.appendChild(khabar.el("h2", {}, "Ties (click to hide or show)"));
    var present = {};
    net.edges.forEach(function (e) { present[e.type] = (present[e.type] || 0) + 1; });
    var list = khabar.el("ul");
    FAMILIES.forEach(function (f) {
      Object.keys(f.types).forEach(function (t) {
        if (!present[t]) return;
        var li = khabar.el("li", { "data-edge-type": t });
        var button = khabar.el("button", { type: "button", className: "toggle", "aria-pressed": "true", title: f.name });
        var swatch = khabar.el("span", { className: "swatch line-" + f.types[t], "aria-hidden": "true" });
        swatch.style.borderTopColor = f.colour;
        button.appendChild(swatch);
        button.appendChild(document.createTextNode(" " + words(t) + " (" + present[t] + ")"));
        button.addEventListener("click", function () {
          var on = button.getAttribute("aria-pressed") !== "true";
          button.setAttribute("aria-pressed", String(on));
          cy.edges("[type = '" + t + "']").toggleClass("hidden-type", !on);
          document.querySelectorAll("[data-tie-type='" + t + "']").forEach(function (row) { row.hidden = !on; });
        });
        li.appendChild(button);
        list.appendChild(li);
      });
    });
    box.appendChild(list);
    box.appendChild(khabar.el("h2", {}, "Actors"));
    var nodes = khabar.el("ul");
    Object.keys(NODE_COLOURS).forEach(function (t) {
      var li = khabar.el("li");
      var dot = khabar.el("span", { className: "swatch dot", "aria-hidden": "true" });
      dot.style.backgroundColor = NODE_COLOURS[t];
      li.appendChild(dot);
      li.appendChild(document.createTextNode(" " + words(t)));
      nodes.appendChild(li);
    });
    box.appendChild(nodes);
  }

  // The accessible view: every actor and every tie as focusable rows; focusing one selects it in the graph.
  function list(net, names, cy) {
    var box = document.querySelector("[data-ties]");
    if (!box) return;
    var actors = box.querySelector("[data-actor-list]");
    actors.textContent = "";
    net.nodes.forEach(function (n) {
      var li = khabar.el("li");
      var a = khabar.el("a", { href: khabar.entityHref(n.id), className: "node-link", "data-node": String(n.id) }, n.name);
      a.addEventListener("focus", function () { cy.elements().unselect(); cy.$id("n" + n.id).select(); });
      li.appendChild(a);
      li.appendChild(khabar.el("span", { className: "muted" }, " " + words(n.type) + " · " + khabar.plural(n.mentions, "mention")));
      actors.appendChild(li);
    });
    var body = box.querySelector("tbody");
    body.textContent = "";
    net.edges.forEach(function (e, i) {
      var tr = khabar.el("tr", { "data-tie-type": e.type });
      tr.appendChild(khabar.el("td", { "data-label": "from" }, names[e.source]));
      tr.appendChild(khabar.el("td", { "data-label": "tie" }, words(e.type)));
      tr.appendChild(khabar.el("td", { "data-label": "to" }, names[e.target]));
      tr.appendChild(khabar.el("td", { "data-label": "when" }, period(e)));
      var td = khabar.el("td", { "data-label": "evidence" });
      var b = khabar.el("button", { type: "button", className: "edge-button", "data-edge": String(i) }, "sentences");
      b.setAttribute("aria-label", "sentences for " + names[e.source] + " " + words(e.type) + " " + names[e.target]);
      b.addEventListener("focus", function () { cy.elements().unselect(); cy.$id("e" + i).select(); });
      b.addEventListener("click", function () { showEdge(net, names, e, cy, cy.$id("e" + i)); });
      td.appendChild(b);
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  document.querySelectorAll("[data-network]").forEach(draw);
})();
