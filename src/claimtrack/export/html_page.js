(function () {
  "use strict";
  var table = document.getElementById("claims");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var controls = {
    by: document.getElementById("f-by"),
    status: document.getElementById("f-status"),
    kind: document.getElementById("f-kind"),
    q: document.getElementById("f-q")
  };
  var count = document.getElementById("count");

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    Object.keys(controls).forEach(function (key) {
      var value = params.get(key) || "";
      var control = controls[key];
      if (control.tagName === "SELECT") {
        var lower = value.toLowerCase();
        var match = Array.prototype.find.call(control.options, function (o) {
          return o.value.toLowerCase() === lower ||
            (o.dataset.names || "").split("\n").indexOf(lower) >= 0;
        });
        control.value = match ? match.value : "";
      } else {
        control.value = value;
      }
    });
  }

  function writeHash() {
    var params = new URLSearchParams();
    Object.keys(controls).forEach(function (key) {
      if (controls[key].value) { params.set(key, controls[key].value); }
    });
    var hash = params.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }

  function apply() {
    var by = controls.by.value, status = controls.status.value, kind = controls.kind.value;
    var words = controls.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var ok = (!by || row.dataset.claimant === by) &&
        (!status || row.dataset.status === status) &&
        (!kind || row.dataset.kind === kind) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " claims";
  }

  function sortBy(th, index) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = a.cells[index].dataset.sort || a.cells[index].textContent;
      var y = b.cells[index].dataset.sort || b.cells[index].textContent;
      return (ascending ? 1 : -1) * x.localeCompare(y, undefined, {numeric: true});
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.addEventListener("click", function () { sortBy(th, index); });
  });
  Object.keys(controls).forEach(function (key) {
    controls[key].addEventListener("input", function () { writeHash(); apply(); });
  });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  readHash();
  apply();
})();
