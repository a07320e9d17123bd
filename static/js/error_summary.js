// The error summary at the top of a form (the GOV.UK pattern): it takes focus when the page
// opens, and each of its links moves the focus to the field it names.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (!summary) { return; }
    summary.focus();
    summary.querySelectorAll(".js-error-link").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        event.preventDefault();
        var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
        (field || target).scrollIntoView({ block: "center" });
        (field || target).focus();
      });
    });
  });
})();
