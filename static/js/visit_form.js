// The visit form: checklists that follow the children ticked and the visit date, a search to add
// a child of the site, and nothing typed ever lost (a draft kept on the server as you type, a
// copy on this device for a dropped connection or a sign-out). Without this script the form
// still works: "Find, and update the checklists" asks the server for the same.
(function () {
  "use strict";

  var form = document.getElementById("visit-form");
  if (!form) { return; }
  var data = JSON.parse(document.getElementById("checklist-data").textContent);
  var template = document.getElementById("concern-row-template");
  var storeKey = "iecmh-visit:" + form.dataset.formKey;
  var SERVER_DELAY = 3000;
  var LOCAL_DELAY = 500;
  var KEEP_LOCAL_HOURS = 12;
  var LANGUAGE = document.documentElement.lang || undefined;

  // The page's words, in its language: data-text-* attributes of the form, with {name}-style
  // blanks filled in here.
  function text(key, values) {
    var words = form.dataset["text" + key] || "";
    return words.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values[name] !== undefined ? values[name] : whole;
    });
  }

  // Age band on a date: the rule of consultation/ages.py (a month completes on the birth's day
  // of the month, or on the next first when that day does not exist); thresholds come from it.
  function parseDate(text) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return parts ? { y: +parts[1], m: +parts[2], d: +parts[3] } : null;
  }
  function monthsBetween(born, on) {
    var months = (on.y - born.y) * 12 + (on.m - born.m);
    if (on.d < born.d) { months -= 1; }
    return months;
  }
  function bandOn(bornText, onText) {
    var born = parseDate(bornText), on = parseDate(onText);
    if (!born || !on) { return undefined; }
    if (on.y * 10000 + on.m * 100 + on.d < born.y * 10000 + born.m * 100 + born.d) { return null; }
    var months = monthsBetween(born, on), under = data.underMonths;
    if (months < under.infant) { return "infant"; }
    if (months < under.toddler) { return "toddler"; }
    if (months < under.preschool) { return "preschool"; }
    return "school_age";
  }

  function dateValue() { return form.elements["visit-visit_date"].value; }

  // Checklists ------------------------------------------------------------------------------

  function typedRows(section) {
    var kept = {};
    section.querySelectorAll(".concern-table tbody tr").forEach(function (row) {
      var box = row.querySelector("input[type=checkbox]");
      if (!box) { return; }
      var name = box.name.replace(/-observed$/, "");
      kept[name] = {
        observed: box.checked,
        frequency: (row.querySelector("select") || {}).value || "",
        notes: (row.querySelector("input[type=text]") || {}).value || ""
      };
    });
    return kept;
  }

  function row(childPk, childName, item, typed) {
    var prefix = "concern-" + childPk + "-" + item.pk;
    var node = template.content.firstElementChild.cloneNode(true);
    var box = node.querySelector("[data-part=observed]");
    var label = node.querySelector("[data-part=label]");
    var select = node.querySelector("[data-part=frequency]");
    var notes = node.querySelector("[data-part=notes]");
    box.name = prefix + "-observed"; box.id = "id_" + prefix + "-observed";
    label.htmlFor = box.id; label.textContent = item.text;
    if (item.crisis) {
      var badge = document.createElement("span");
      badge.className = "badge text-bg-danger ms-1"; badge.textContent = text("CrisisLines");
      label.appendChild(badge);
    }
    select.name = prefix + "-frequency"; select.id = "id_" + prefix + "-frequency";
    node.querySelector("[data-part=frequency-label]").htmlFor = select.id;
    node.querySelector("[data-part=frequency-label]").textContent = text("HowOftenItem", { item: item.text });
    data.frequencies.forEach(function (choice) {
      var option = document.createElement("option");
      option.value = choice[0]; option.textContent = choice[1];
      select.appendChild(option);
    });
    notes.name = prefix + "-notes"; notes.id = "id_" + prefix + "-notes";
    node.querySelector("[data-part=notes-label]").htmlFor = notes.id;
    node.querySelector("[data-part=notes-label]").textContent = text("NoteItem", { item: item.text });
    var was = typed[prefix];
    if (was) { box.checked = was.observed; select.value = was.frequency; notes.value = was.notes; }
    return node;
  }

  // Consent on a date: the periods the server sent ([first day, last day or ""]), the rule of
  // consultation.selectors.consents; the server stays the judge.
  function consentedOn(section, day) {
    var periods = JSON.parse(section.dataset.consent || "[]");
    return periods.some(function (period) { return period[0] <= day && (!period[1] || day <= period[1]); });
  }

  function noConsentNote(section) {
    var note = document.createElement("p");
    note.className = "small mb-0 text-danger";
    note.textContent = text("NoConsent", { name: section.dataset.name }) + " ";
    var link = document.createElement("a");
    link.href = section.dataset.consentUrl; link.target = "_blank"; link.rel = "noopener";
    link.textContent = text("RecordConsent");
    note.appendChild(link);
    note.appendChild(document.createTextNode(text("KeptAsDraft")));
    return note;
  }

  function checklistKey(section) {
    var band = bandOn(section.dataset.born, dateValue());
    if (band === undefined) { return undefined; }
    return String(band) + (consentedOn(section, dateValue()) ? "" : ":no-consent");
  }

  function buildChecklist(section) {
    var band = bandOn(section.dataset.born, dateValue());
    if (band === undefined) { return; }
    var list = section.querySelector(".child-checklist");
    var key = checklistKey(section);
    if (list.dataset.band === key) { return; }
    var typed = typedRows(section);
    var consented = consentedOn(section, dateValue());
    var items = (band && consented && data.bands[band]) || [];
    list.textContent = "";
    if (!consented) {
      list.appendChild(noConsentNote(section));
    } else if (items.length) {
      var table = document.createElement("table");
      table.className = "table table-sm mb-0 concern-table";
      table.innerHTML = "<caption class=\"visually-hidden\"></caption><thead><tr><th scope=\"col\"></th><th scope=\"col\"></th><th scope=\"col\"></th></tr></thead>";
      var heads = table.querySelectorAll("th");
      heads[0].textContent = text("Seen"); heads[1].textContent = text("HowOften"); heads[2].textContent = text("Note");
      table.caption.textContent = text("ChecklistFor", { name: section.dataset.name });
      var body = document.createElement("tbody");
      items.forEach(function (item) { body.appendChild(row(section.dataset.child, section.dataset.name, item, typed)); });
      table.appendChild(body);
      list.appendChild(table);
    } else {
      var none = document.createElement("p");
      none.className = "small text-muted mb-0";
      none.textContent = band ? text("NoChecklist") : text("NotBorn");
      list.appendChild(none);
    }
    list.dataset.band = key;
    var label = section.querySelector(".js-band");
    if (label) { label.textContent = "· " + (band ? data.bandLabels[band] : text("NotBornBand")); }
  }

  function sync(section) {
    var box = section.querySelector(".js-child-involved");
    var list = section.querySelector(".child-checklist");
    if (box.checked) { buildChecklist(section); }
    var ticked = list.querySelector("input[type=checkbox]:checked");
    // A checklist with something ticked stays open, so nothing typed is ever hidden.
    list.hidden = !box.checked && !ticked;
  }

  function sections() { return form.querySelectorAll(".child-section"); }

  function markRendered() {
    // The server built the ticked children's checklists for the date shown: note their band,
    // so a rebuild happens only when the band changes.
    sections().forEach(function (section) {
      if (section.querySelector(".js-child-involved").checked) {
        var key = checklistKey(section);
        if (key !== undefined) { section.querySelector(".child-checklist").dataset.band = key; }
      }
    });
  }

  function onDateChange() {
    var label = form.querySelector(".js-checklist-date");
    var on = parseDate(dateValue());
    if (label && on) { label.textContent = new Date(on.y, on.m - 1, on.d).toLocaleDateString(LANGUAGE, { month: "short", day: "numeric", year: "numeric" }); }
    sections().forEach(sync);
  }

  // Adding a child of the site ----------------------------------------------------------------

  function addChild(child, ticked) {
    var existing = form.querySelector(".child-section[data-child=\"" + child.pk + "\"]");
    if (existing) { return existing; }
    var section = document.createElement("div");
    section.className = "border rounded p-2 mb-2 child-section";
    section.dataset.child = child.pk; section.dataset.born = child.born; section.dataset.name = child.name;
    section.dataset.consent = JSON.stringify(child.consent || []); section.dataset.consentUrl = child.consentUrl || "";
    section.dataset.added = JSON.stringify(child);
    section.innerHTML = "<div class=\"form-check child-box\"><input type=\"checkbox\" name=\"visit-children\" class=\"form-check-input js-child-involved\"><label class=\"form-check-label fw-semibold\"></label> <span class=\"small text-muted\"></span></div><div class=\"child-checklist mt-1\" hidden></div>";
    var box = section.querySelector("input");
    box.value = child.pk; box.id = "id_visit-children_" + child.pk; box.checked = ticked;
    var label = section.querySelector("label");
    label.htmlFor = box.id; label.textContent = child.name;
    section.querySelector(".text-muted").innerHTML = "· <span></span> <span class=\"js-band\"></span>";
    section.querySelector(".text-muted span").textContent = child.classroom;
    var none = form.querySelector(".js-no-children");
    if (none) { none.remove(); }
    form.querySelector(".js-children").appendChild(section);
    box.addEventListener("change", function () { sync(section); });
    sync(section);
    return section;
  }

  function search(words) {
    var found = form.querySelector(".js-found");
    if (words.trim().length < 1) { found.textContent = ""; return; }
    fetch(form.dataset.searchUrl + "&q=" + encodeURIComponent(words), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { children: [] }; })
      .then(function (result) {
        found.textContent = "";
        if (!result.children.length) {
          var li = document.createElement("li"); li.className = "small text-muted";
          li.textContent = text("NoMatch"); found.appendChild(li); return;
        }
        result.children.forEach(function (child) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button"; button.className = "btn btn-outline-primary btn-sm mb-1";
          button.textContent = text("AddChild", { name: child.name, room: child.classroom });
          button.addEventListener("click", function () {
            var section = addChild(child, true);
            section.querySelector(".js-child-involved").checked = true;
            sync(section);
            section.querySelector(".js-child-involved").focus();
            found.textContent = "";
            form.elements["visit-find"].value = "";
            changed();
          });
          li.appendChild(button); found.appendChild(li);
        });
      })
      .catch(function () { /* offline: the "Find" button still works once back online */ });
  }

  // Nothing typed is lost ---------------------------------------------------------------------

  function fields() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "visit-find") { pairs.push([name, String(value)]); }
    });
    return pairs;
  }

  function addedChildren() {
    var added = [];
    sections().forEach(function (section) { if (section.dataset.added) { added.push(JSON.parse(section.dataset.added)); } });
    return added;
  }

  function keepLocally() {
    try {
      localStorage.setItem(storeKey, JSON.stringify({
        user: form.dataset.user, token: form.elements["visit-token"] ? form.elements["visit-token"].value : "",
        savedAt: new Date().toISOString(), fields: fields(), children: addedChildren()
      }));
    } catch (e) { /* storage full or disabled: the server draft still holds the form */ }
  }

  var status = form.querySelector(".js-draft-status");
  function say(text) { if (status) { status.textContent = text; } }
  function clock() { return new Date().toLocaleTimeString(LANGUAGE, { hour: "2-digit", minute: "2-digit" }); }

  function keepOnServer(beacon) {
    var body = new FormData(form);
    body.delete("visit-find");
    if (beacon && navigator.sendBeacon) { navigator.sendBeacon(form.dataset.draftUrl, body); return; }
    fetch(form.dataset.draftUrl, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.status === 204) {
          say(text("DraftKept", { time: clock() }));
          document.dispatchEvent(new CustomEvent("iecmh:server-touched"));
        } else {
          say(text("NotKept"));
        }
      })
      .catch(function () { say(text("Offline", { time: clock() })); });
  }

  var serverTimer = null, localTimer = null, dirty = false;
  function changed() {
    dirty = true;
    clearTimeout(localTimer); localTimer = setTimeout(keepLocally, LOCAL_DELAY);
    clearTimeout(serverTimer); serverTimer = setTimeout(function () { dirty = false; keepOnServer(false); }, SERVER_DELAY);
  }

  function setField(name, values) {
    var elements = form.querySelectorAll("[name=\"" + name.replace(/"/g, "") + "\"]");
    elements.forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else if (element.type !== "hidden" || name === "visit-token") {
        element.value = values[0] || "";
      }
    });
  }

  function restoreLocalCopy() {
    var entry;
    try { entry = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { entry = null; }
    if (!entry || entry.user !== form.dataset.user) { return; }
    var age = (Date.now() - Date.parse(entry.savedAt)) / 3600000;
    var serverAt = Date.parse(form.dataset.draftSavedAt || "") || 0;
    if (age > KEEP_LOCAL_HOURS || Date.parse(entry.savedAt) <= serverAt) { return; }
    if (document.getElementById("error-summary")) { return; }  // a round of errors shows the post
    (entry.children || []).forEach(function (child) { addChild(child, false); });
    var byName = {};
    entry.fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    ["visit-visit_date", "visit-children"].forEach(function (name) { if (byName[name]) { setField(name, byName[name]); } });
    form.querySelectorAll("[name=\"visit-children\"]").forEach(function (box) { if (!byName["visit-children"]) { box.checked = false; } });
    sections().forEach(sync);
    form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (box) {
      if (box.name && !byName[box.name] && box.name !== "visit-children") { box.checked = false; }
    });
    Object.keys(byName).forEach(function (name) { setField(name, byName[name]); });
    sections().forEach(sync);
    var notice = document.getElementById("local-copy-notice");
    notice.textContent = text("Restored", { time: new Date(entry.savedAt).toLocaleTimeString(LANGUAGE, { hour: "2-digit", minute: "2-digit" }) });
    notice.classList.remove("d-none");
  }

  // Errors: the summary is read first, and each of its links takes you to the field ----------

  // Saying how often a concern was seen (or noting it) means it was seen: tick it, one tap
  // fewer per concern. Unticking stays the consultant's call.
  function tickSeen(event) {
    var name = event.target.name || "";
    var match = name.match(/^(concern-\d+-\d+)-(frequency|notes)$/);
    if (!match || !event.target.value) { return; }
    var box = form.elements[match[1] + "-observed"];
    if (box && !box.checked) { box.checked = true; }
  }

  // Quick picks: a common duration, or the next visit a week or two after this one.
  function setAndAnnounce(field, value) {
    field.value = value;
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function pick(event) {
    var button = event.target.closest(".js-pick, .js-pick-weeks");
    if (!button) { return; }
    if (button.classList.contains("js-pick")) {
      setAndAnnounce(form.elements[button.dataset.field], button.dataset.value);
      return;
    }
    var on = parseDate(form.elements["visit-visit_date"].value);
    var base = on ? new Date(on.y, on.m - 1, on.d) : new Date();
    var next = new Date(base.getFullYear(), base.getMonth(), base.getDate() + 7 * Number(button.dataset.weeks));
    setAndAnnounce(form.elements["visit-next_visit_date"], isoDate(next));
  }

  function isoDate(day) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return day.getFullYear() + "-" + two(day.getMonth() + 1) + "-" + two(day.getDate());
  }

  document.addEventListener("DOMContentLoaded", function () {
    form.addEventListener("change", tickSeen);
    form.addEventListener("click", pick);
    form.querySelectorAll(".js-script-only").forEach(function (node) { node.hidden = false; });
    form.querySelectorAll(".js-no-script-only").forEach(function (node) { node.hidden = true; });
    markRendered();
    sections().forEach(function (section) {
      section.querySelector(".js-child-involved").addEventListener("change", function () { sync(section); });
      sync(section);
    });
    form.elements["visit-visit_date"].addEventListener("change", onDateChange);
    var find = form.elements["visit-find"], findTimer = null;
    find.addEventListener("input", function () { clearTimeout(findTimer); findTimer = setTimeout(function () { search(find.value); }, 250); });
    find.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); search(find.value); } });
    restoreLocalCopy();
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () { clearTimeout(serverTimer); dirty = false; keepLocally(); });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden" && dirty) { dirty = false; keepOnServer(true); } });
    var discard = document.querySelector(".js-discard-draft");
    if (discard) { discard.addEventListener("submit", function () { try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ } }); }
  });
})();
