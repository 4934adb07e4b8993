/* Corridor Map: open a record from the records list or the records table.
 * One listener for the whole page (no callback per button): a click, or Enter on a focused
 * table row, writes {id, nonce} to the record-pick store, which the explorer's one server
 * callback reads (corridor_map/pages/explorer/callbacks.py). */
(function () {
  function pick(recordId) {
    if (recordId && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("record-pick", { data: { id: recordId, nonce: Date.now() } });
    }
  }

  function rowId(target) {
    var row = target.closest && target.closest("#records-table .ag-row[row-id]");
    return row ? row.getAttribute("row-id") : null;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-record-id]");
    if (button) {
      pick(button.getAttribute("data-record-id"));
      return;
    }
    pick(rowId(event.target));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      var id = rowId(event.target);
      if (id) {
        event.preventDefault();
        pick(id);
      }
    }
  });
})();
