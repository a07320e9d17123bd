// Visit form: show a child's concern checklist only while the child is ticked as involved.
// Without this script every checklist stays visible, so the page works without JavaScript.
(function () {
  "use strict";
  function sync(box) {
    var section = box.closest(".child-section");
    if (!section) { return; }
    var list = section.querySelector(".child-checklist");
    if (!list) { return; }
    var ticked = list.querySelector("input[type=checkbox]:checked");
    // A checklist with something ticked stays open, so nothing typed is ever hidden.
    list.hidden = !box.checked && !ticked;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll(".child-section input.js-child-involved");
    boxes.forEach(function (box) {
      sync(box);
      box.addEventListener("change", function () { sync(box); });
    });
  });
})();
