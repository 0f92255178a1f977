(function () {
  "use strict";
  var claims = Array.prototype.slice.call(document.querySelectorAll("article.claim"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.claimant"));
  var controls = {
    by: document.getElementById("f-by"),
    status: document.getElementById("f-status"),
    kind: document.getElementById("f-kind"),
    q: document.getElementById("f-q")
  };
  var count = document.getElementById("count");
  var problems = document.getElementById("problems");
  var nothing = document.getElementById("nothing");
  var texts = claims.map(function (claim) { return claim.textContent.toLowerCase(); });

  function choose(control, value) {
    var lower = value.toLowerCase();
    var match = Array.prototype.find.call(control.options, function (o) {
      return o.value && (o.value.toLowerCase() === lower ||
        (o.dataset.names || "").split("\n").indexOf(lower) >= 0);
    });
    control.value = match ? match.value : "";
    return Boolean(match);
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var wrong = [];
    params.forEach(function (value, key) {
      var control = controls[key];
      if (!control) {
        if (!/^c-/.test(key)) { wrong.push("unknown filter '" + key + "' (use by, status, kind or q)"); }
        return;
      }
      if (control.tagName === "SELECT") {
        if (value && !choose(control, value)) {
          var allowed = Array.prototype.filter.call(control.options, function (o) { return o.value; })
            .map(function (o) { return o.value; });
          wrong.push("no " + key + " '" + value + "'" + (key === "by" ? "" : "; expected one of: " + allowed.join(", ")));
        }
      } else {
        control.value = value;
      }
    });
    Object.keys(controls).forEach(function (key) {
      if (!params.has(key)) { controls[key].value = ""; }
    });
    problems.textContent = wrong.length ? "Ignored in the address: " + wrong.join("; ") + "." : "";
    problems.hidden = wrong.length === 0;
  }

  function writeHash() {
    var params = new URLSearchParams();
    Object.keys(controls).forEach(function (key) {
      if (controls[key].value) { params.set(key, controls[key].value); }
    });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    problems.hidden = true;
  }

  function apply() {
    var by = controls.by.value, status = controls.status.value, kind = controls.kind.value;
    var words = controls.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    claims.forEach(function (claim, i) {
      var ok = (!by || claim.dataset.claimant === by) &&
        (!status || claim.dataset.status === status) &&
        (!kind || claim.dataset.kind === kind) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      claim.hidden = !ok;
      if (ok) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("article.claim:not([hidden])");
    });
    var filtered = by || status || kind || words.length;
    count.textContent = filtered ? shown + " of " + claims.length + " claims shown"
      : claims.length + (claims.length === 1 ? " claim" : " claims");
    nothing.hidden = shown > 0;
  }

  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  Object.keys(controls).forEach(function (key) {
    controls[key].addEventListener("input", function () { writeHash(); apply(); });
  });
  window.addEventListener("hashchange", function () {
    if (/^#c-/.test(location.hash)) { return; }
    readHash(); apply();
  });
  if (!/^#c-/.test(location.hash)) { readHash(); }
  apply();
})();
