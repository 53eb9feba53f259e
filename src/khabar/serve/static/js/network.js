/* The actor network (Cytoscape.js, its built-in force-directed "cose" layout) from /api/network.
   Edges are coloured by type and sized by weight; clicking a node opens that actor's dossier. */
"use strict";
(function () {
  var COLOURS = {
    leader_of: "#d62728", deputy_of: "#ff7f0e", member_of: "#8c564b", branch_of: "#1f77b4",
    allegiance_to: "#9467bd", rival_of: "#e377c2", ally_of: "#2ca02c", supports: "#17becf",
    recruits_from: "#bcbd22", hostile_to: "#7f0000", governs: "#393b79",
    targeted: "#000000", co_participant: "#aaaaaa",
  };
  var NODE_COLOURS = { armed_group: "#c0392b", person: "#2e86c1", organization: "#7d3c98", country: "#239b56" };

  function draw(container) {
    var status = document.querySelector("[data-status]");
    khabar.getJSON(container.getAttribute("data-src")).then(function (net) {
      if (!net.nodes.length) {
        khabar.showError(container, "No ties in the store for this view.");
        container.setAttribute("data-ready", "0");
        return;
      }
      var maxMentions = Math.max.apply(null, net.nodes.map(function (n) { return n.mentions; }).concat([1]));
      var elements = net.nodes.map(function (n) {
        return { data: {
          id: "n" + n.id, entity: n.id, label: n.name, type: n.type,
          size: 18 + 30 * Math.sqrt(n.mentions / maxMentions), center: n.id === net.center ? 1 : 0,
        } };
      });
      net.edges.forEach(function (e, i) {
        elements.push({ data: {
          id: "e" + i, source: "n" + e.source, target: "n" + e.target, type: e.type, kind: e.kind,
          weight: e.weight, width: Math.min(1.5 + e.weight, 8), colour: COLOURS[e.type] || "#555555",
          label: e.type.replace(/_/g, " "),
        } });
      });
      var cy = cytoscape({
        container: container,
        elements: elements,
        style: [
          { selector: "node", style: {
            label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 11,
            "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "wrap", "text-max-width": 120,
            "background-color": "#7f8c8d", "border-width": 1, "border-color": "#ffffff",
          } },
          { selector: "node[type = 'armed_group']", style: { "background-color": NODE_COLOURS.armed_group } },
          { selector: "node[type = 'person']", style: { "background-color": NODE_COLOURS.person } },
          { selector: "node[type = 'organization']", style: { "background-color": NODE_COLOURS.organization } },
          { selector: "node[type = 'country']", style: { "background-color": NODE_COLOURS.country } },
          { selector: "node[center = 1]", style: { "border-width": 4, "border-color": "#f1c40f", "font-weight": "bold" } },
          { selector: "edge", style: {
            width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
            "curve-style": "bezier", opacity: 0.85, label: "data(label)", "font-size": 8, color: "#555",
            "text-rotation": "autorotate", "text-background-color": "#ffffff", "text-background-opacity": 0.7,
          } },
          { selector: "edge[kind = 'relation'], edge[type = 'targeted']", style: { "target-arrow-shape": "triangle" } },
          { selector: "edge[kind = 'event']", style: { "line-style": "dashed" } },
        ],
        layout: {
          name: "cose", animate: false, randomize: true, padding: 40, nodeOverlap: 20, gravity: 60,
          nodeRepulsion: function () { return 400000; }, idealEdgeLength: function () { return 120; },
          edgeElasticity: function () { return 100; }, numIter: 1000,
        },
      });
      if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }  // a small graph: keep labels at reading size
      cy.on("tap", "node", function (evt) { window.location.assign(khabar.entityHref(evt.target.data("entity"))); });
      window.khabarNetwork = cy;  // for tests and the curious: the live graph
      legend(net);
      if (status) {
        status.textContent = "Showing " + net.nodes.length + " of " + net.total_nodes + " actors and " +
          net.edges.length + " of " + net.total_edges + " ties.";
      }
      container.setAttribute("data-ready", String(net.nodes.length));
    }).catch(function (err) { khabar.showError(container, err); container.setAttribute("data-ready", "error"); });
  }

  function legend(net) {
    var box = document.querySelector("[data-legend]");
    if (!box) return;
    box.textContent = "";
    box.appendChild(khabar.el("h2", {}, "Ties"));
    var seen = {};
    var list = khabar.el("ul");
    net.edges.forEach(function (e) {
      if (seen[e.type]) return;
      seen[e.type] = true;
      var li = khabar.el("li", { "data-edge-type": e.type });
      var swatch = khabar.el("span", { className: "swatch" + (e.kind === "event" ? " dashed" : "") });
      swatch.style.backgroundColor = COLOURS[e.type] || "#555555";
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(" " + e.type.replace(/_/g, " ")));
      list.appendChild(li);
    });
    box.appendChild(list);
    box.appendChild(khabar.el("h2", {}, "Actors"));
    var nodes = khabar.el("ul");
    Object.keys(NODE_COLOURS).forEach(function (t) {
      var li = khabar.el("li");
      var dot = khabar.el("span", { className: "swatch dot" });
      dot.style.backgroundColor = NODE_COLOURS[t];
      li.appendChild(dot);
      li.appendChild(document.createTextNode(" " + t.replace(/_/g, " ")));
      nodes.appendChild(li);
    });
    box.appendChild(nodes);
  }

  document.querySelectorAll("[data-network]").forEach(draw);
})();
