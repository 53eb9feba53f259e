/* Starts Swagger UI (from the swagger-ui-bundle PyPI package) on our OpenAPI schema; no online validator. */
"use strict";
window.addEventListener("load", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: el.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: false,  // a link inside each operation's toggle button is a nested control (axe: nested-interactive)
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
