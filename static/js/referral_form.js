// Referral form: list only the agencies that provide the chosen service type.
// Each agency option carries data-service-types; without JavaScript all agencies are listed
// and the server refuses a mismatch with a message beside the field.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var service = document.getElementById("id_service_type");
    var agency = document.getElementById("id_agency");
    if (!service || !agency) { return; }
    function filter() {
      var chosen = service.value;
      Array.prototype.forEach.call(agency.options, function (option) {
        if (!option.value) { return; }
        var types = (option.getAttribute("data-service-types") || "").split(" ");
        var fits = !chosen || types.indexOf(chosen) !== -1;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) { agency.value = ""; }
      });
    }
    service.addEventListener("change", filter);
    filter();
  });
})();
