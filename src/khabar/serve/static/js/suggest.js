/* Actor autocomplete: fills the form's <datalist> from /api/suggest as the user types (the browser's own
   list UI, so it works by keyboard and with screen readers). */
"use strict";
(function () {
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (timer) window.clearTimeout(timer);
      if (q.length < 2 || q === last) return;
      timer = window.setTimeout(function () {
        last = q;
        khabar.getJSON(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q) + "&limit=10").then(function (res) {
          list.textContent = "";
          res.items.forEach(function (x) {
            list.appendChild(khabar.el("option", { value: x.name, label: x.name + " (" + x.type.replace(/_/g, " ") + ")" }));
          });
          input.setAttribute("data-suggested", String(res.items.length));
        }).catch(function () { /* suggestions are a convenience: typing still works */ });
      }, 150);
    });
  });
})();
