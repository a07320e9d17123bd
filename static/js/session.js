// Every signed-in page: a warning before the idle sign-out, with a way to stay signed in; the
// visit drafts kept on this device are removed on signing out and once their visit is saved.
(function () {
  "use strict";
  var body = document.body;
  if (!body.dataset.idleSeconds) { return; }
  var idleMs = Number(body.dataset.idleSeconds) * 1000;
  var warnMs = Number(body.dataset.warnSeconds || 120) * 1000;
  var lastTouch = Date.now();
  var words = body.dataset;  // the messages, in the page's language (base.html)
  var box = null;

  function forgetVisits(token) {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf("iecmh-visit:") === 0) {
          var entry = null;
          try { entry = JSON.parse(localStorage.getItem(key)); } catch (e) { entry = null; }
          if (!token || !entry || entry.token === token) { localStorage.removeItem(key); }
        }
      }
    } catch (e) { /* storage disabled: nothing kept */ }
  }

  function show(text, withButton) {
    if (!box) {
      box = document.createElement("div");
      box.className = "alert alert-warning idle-warning shadow";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-live", "assertive");
      box.innerHTML = "<p class=\"mb-2\"></p><button type=\"button\" class=\"btn btn-primary\"></button>";
      box.querySelector("button").textContent = words.stayText;
      box.querySelector("button").addEventListener("click", stay);
      body.appendChild(box);
    }
    box.querySelector("p").textContent = text;
    box.querySelector("button").hidden = !withButton;
    box.hidden = false;
  }

  function hide() { if (box) { box.hidden = true; } }

  function stay() {
    fetch(body.dataset.keepaliveUrl, { credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.status === 204) { touched(); }
        else { show(words.signedOutText, false); }
      })
      .catch(function () { show(words.offlineText, true); });
  }

  function touched() { lastTouch = Date.now(); hide(); }

  function tick() {
    var left = idleMs - (Date.now() - lastTouch);
    if (left <= 0) {
      show(words.idleOutText, false);
    } else if (left <= warnMs) {
      var minutes = Math.ceil(left / 60000);
      show(minutes === 1 ? words.warnOneText : words.warnManyText.replace("{minutes}", minutes), true);
    }
  }

  document.addEventListener("iecmh:server-touched", touched);
  document.addEventListener("DOMContentLoaded", function () {
    if (body.dataset.savedToken) { forgetVisits(body.dataset.savedToken); }
    document.querySelectorAll("form.js-sign-out").forEach(function (form) {
      form.addEventListener("submit", function () { forgetVisits(null); });
    });
    setInterval(tick, 5000);
  });
})();
