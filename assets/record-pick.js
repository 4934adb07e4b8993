/* Corridor Map: the records list, and opening a record from it or from the records table.
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

window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.corridor = window.dash_clientside.corridor || {};

Object.assign(window.dash_clientside.corridor, {
  // The records list from its plain data (corridor_map/pages/explorer/views.py record_list):
  // an ordered list of buttons naming each record (with a "new"/"changed" badge in a since=
  // view), then the line on how to see the rest.
  recordList: function (data) {
    if (!data || !data.items || !data.items.length) {
      return [];
    }
    var items = data.items.map(function (item) {
      return {
        namespace: "dash_html_components",
        type: "Li",
        props: {
          children: [
            {
              namespace: "dash_html_components",
              type: "Button",
              props: {
                children: item[1],
                className: "record-pick btn btn-link p-0 text-start",
                "data-record-id": item[0],
              },
            },
            {
              namespace: "dash_html_components",
              type: "Span",
              props: { children: item[2], className: "small text-muted ms-1" },
            },
          ].concat(
            // A record of a since= view: "new" or "changed" ([state, text]).
            item[3]
              ? [
                  {
                    namespace: "dash_html_components",
                    type: "Span",
                    props: {
                      children: item[3][1],
                      className: "badge text-bg-warning ms-1 since-badge",
                      "data-since": item[3][0],
                    },
                  },
                ]
              : []
          ),
        },
      };
    });
    var listing = [
      { namespace: "dash_html_components", type: "Ol", props: { children: items, className: "record-list-items" } },
    ];
    if (data.more) {
      listing.push({ namespace: "dash_html_components", type: "P", props: { children: data.more, className: "small text-muted" } });
    }
    return listing;
  },
});
