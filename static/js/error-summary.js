/* A form that failed: move the keyboard focus (and a phone's view) to its error summary at the top, which
   lists every problem with a link to its field (templates/error_summary.html). Without JavaScript the summary
   is still there, first in the form. The CSP forbids inline script, hence this file. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.setAttribute("tabindex", "-1");
  summary.scrollIntoView({ block: "start" });
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var wrapper = document.getElementById(link.getAttribute("href").slice(1));
    if (!wrapper) {
      return;
    }
    var field = wrapper.querySelector("input:not([type=hidden]), select, textarea") || wrapper;
    event.preventDefault();
    wrapper.scrollIntoView({ block: "center" });
    field.focus();
  });
})();
