/* Shared helpers for khabar's pages. Text from the store is only ever set with textContent, never as HTML. */
"use strict";
var khabar = (function () {
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Only our own paths become links: a value from the store can never turn into a javascript: URL.
  function docHref(doc, start) {
    return "/documents/" + encodeURIComponent(doc) + (start !== undefined && start !== null ? "#s" + Number(start) : "");
  }

  function entityHref(id) {
    return "/entities/" + encodeURIComponent(String(id));
  }

  function eventHref(id) {
    return "/events/" + encodeURIComponent(String(Number(id)));
  }

  // Event types in families, so a map or a network can colour a handful of groups apart.
  var FAMILIES = {
    attack: "violence", air_strike: "violence", killing: "violence", execution: "violence", clash: "violence",
    arrest: "detention", capture: "detention", kidnapping: "detention", release: "detention",
    claim: "claim", statement: "claim", founding: "other", intervention: "violence", other: "other",
  };
  function family(type) { return FAMILIES[type] || "other"; }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error((body && body.detail) || "HTTP " + r.status);
        return body;
      });
    });
  }

  function figure(c) {
    if (!c) return "";
    if (c.min !== null && c.max !== null) return c.min === c.max ? String(c.min) : c.min + "–" + c.max;
    if (c.min !== null) return c.min + "+";
    if (c.max !== null) return "≤" + c.max;
    return "";
  }

  function showError(container, err) {
    container.textContent = "";
    container.appendChild(el("p", { className: "error", role: "alert" }, String(err && err.message ? err.message : err)));
  }

  return {
    el: el, docHref: docHref, entityHref: entityHref, eventHref: eventHref, getJSON: getJSON, figure: figure,
    showError: showError, family: family, plural: plural,
  };
})();
