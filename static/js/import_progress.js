// Imports: while a large file is read and checked (or written), say so, and keep the button from
// being pressed twice. The page that answers replaces this one.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("import-form");
    var progress = document.getElementById("import-progress");
    if (!form || !progress) { return; }
    form.addEventListener("submit", function () {
      progress.hidden = false;
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    });
  });
})();
