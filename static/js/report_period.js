// Reports page: the period control cannot contradict itself. Typing a date in From or To
// switches the period to custom dates; choosing a fiscal year, quarter or month switches to it;
// choosing a named period puts back the dates the page showed, so typed dates do not linger.
// Without JavaScript the server applies the same rule (reports.forms.ReportFilterForm).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var period = document.getElementById("id_period");
    if (!period) { return; }
    function byId(id) { return document.getElementById(id); }
    function switchTo(value) {
      return function () { period.value = value; };
    }
    ["id_date_from", "id_date_to"].forEach(function (id) {
      var box = byId(id);
      if (box) { box.addEventListener("input", switchTo("custom")); }
    });
    var quarter = byId("id_quarter");
    var month = byId("id_month");
    var year = byId("id_fiscal_year");
    if (quarter) { quarter.addEventListener("change", switchTo("quarter")); }
    if (month) { month.addEventListener("input", switchTo("month")); }
    if (year) {
      year.addEventListener("change", function () {
        if (period.value !== "quarter") { period.value = "fiscal_year"; }
      });
    }
    period.addEventListener("change", function () {
      if (period.value === "custom") { return; }
      [["id_date_from", "id_shown_from"], ["id_date_to", "id_shown_to"]].forEach(function (pair) {
        var box = byId(pair[0]);
        var shown = byId(pair[1]);
        if (box && shown) { box.value = shown.value; }
      });
    });
  });
})();
