/* Curation forms (event and entity pages): each form posts its fields as JSON to its endpoint with the write
   token as a bearer token (kept in sessionStorage for this tab, never in a URL), then reloads the page so the
   change and its "curated by … on …: why" line show. Errors are shown beside the form, in words. */
"use strict";
(function () {
  var KEY = "khabar-write-token";
  var tokenInput = document.querySelector("[data-curate-token]");
  if (tokenInput) {
    tokenInput.value = window.sessionStorage.getItem(KEY) || "";
    tokenInput.addEventListener("change", function () { window.sessionStorage.setItem(KEY, tokenInput.value); });
  }

  function body(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled) return;
      var split = el.getAttribute("data-split");
      if (split) {  // "document|field|value" packed in one choice
        var names = split.split("|"), values = el.value.split("|");
        names.forEach(function (n, i) { out[n] = n === "value" ? Number(values[i]) : values[i]; });
      } else {
        out[el.name] = el.value;
      }
    });
    return out;
  }

  document.querySelectorAll("form[data-curate]").forEach(function (form) {
    var status = form.querySelector(".curate-status");
    form.addEventListener("submit", function (evt) {
      evt.preventDefault();
      var token = tokenInput ? tokenInput.value.trim() : "";
      if (!token) { status.textContent = "Enter the write token first."; return; }
      window.sessionStorage.setItem(KEY, token);
      var data = body(form);
      if (!data.reason || !data.reason.trim()) { status.textContent = "Say why: a reason is kept in the audit."; return; }
      status.textContent = "Saving…";
      fetch(form.getAttribute("data-curate"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + token },
        body: JSON.stringify(data),
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (res) {
          if (!r.ok) throw new Error(res.detail || "HTTP " + r.status);
          status.textContent = "Done: " + (res.summary || res.action || "curated") + ". Reloading…";
          window.location.reload();
        });
      }).catch(function (err) { status.textContent = "Not saved: " + (err.message || err); });
    });
  });
})();
