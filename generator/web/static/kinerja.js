// kinerja: refresh the page when someone else acts (polls a tiny JSON; no inline script, no CDN).
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-status");
  if (!url) { return; }
  var seen = body.getAttribute("data-seq");
  var busy = false;
  var leaving = false;  // a form is being sent: a reload now would cancel it
  document.addEventListener("submit", function () { leaving = true; }, true);
  window.addEventListener("pagehide", function () { leaving = true; });
  function typing() {
    var fields = document.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "hidden" || f.type === "submit") { continue; }
      if (f === document.activeElement) { return true; }
      if (f.type === "file" && f.files && f.files.length) { return true; }
      if ((f.tagName === "TEXTAREA" || f.type === "text" || f.type === "password") && f.value) { return true; }
    }
    return false;
  }
  function poll() {
    if (busy || leaving || document.hidden) { return; }
    busy = true;
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && String(data.seq) !== seen && !leaving) {
          if (typing()) { document.getElementById("berubah").hidden = false; }
          else { window.location.reload(); }
        }
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  window.setInterval(poll, 5000);
})();
