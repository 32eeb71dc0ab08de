// The index is sortable by any column: click a header (again to reverse). Cells carry their sort
// value in data-v; empty values sort last either way. Rows of files that could not be checked keep
// their place at the end.
(function () {
  "use strict";
  var table = document.getElementById("board");
  if (!table) { return; }
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var body = table.tBodies[0];
  function value(row, index) {
    var cell = row.cells[index];
    if (!cell || row.cells.length < heads.length) { return null; }
    // data-v when the cell has one, else its text (the counts).
    var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
    return v === null || v === "" ? null : v;
  }
  function sortBy(index) {
    var head = heads[index];
    var numeric = head.getAttribute("data-type") === "num";
    var dir = head.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    head.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) { return [row, i]; });
    rows.sort(function (a, b) {
      var x = value(a[0], index), y = value(b[0], index);
      if (x === null || y === null) { return x === y ? a[1] - b[1] : (x === null ? 1 : -1); }
      var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, "zh-CN");
      return c === 0 ? a[1] - b[1] : c * dir;
    });
    rows.forEach(function (pair) { body.appendChild(pair[0]); });
  }
  heads.forEach(function (head, index) {
    var button = head.querySelector("button.sort");
    if (button) { button.addEventListener("click", function () { sortBy(index); }); }
  });
}());
