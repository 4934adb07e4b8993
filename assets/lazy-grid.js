/* Corridor Map: tables whose component library loads on demand (corridor_map/pages/explorer/
 * grids.py). The page's index lists each lazy library's script URLs in a JSON block
 * (#lazy-libraries) instead of loading them; the first "Open the table" loads them once. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.corridor = window.dash_clientside.corridor || {};

var corridorLibraryLoads = {};

// Load a component library's scripts, in order, once per page.
function corridorLoadLibrary(library) {
  if (window[library]) {
    return Promise.resolve();
  }
  if (!corridorLibraryLoads[library]) {
    var block = document.getElementById("lazy-libraries");
    var urls = (block ? JSON.parse(block.textContent) : {})[library] || [];
    corridorLibraryLoads[library] = urls.reduce(function (previous, url) {
      return previous.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          script.onerror = function () {
            delete corridorLibraryLoads[library];
            reject(new Error("could not load " + url));
          };
          document.head.appendChild(script);
        });
      });
    }, Promise.resolve());
  }
  return corridorLibraryLoads[library];
}

// The rows key of the grid whose spec is ``spec`` (its name is its id's index), among the
// page's keys by grid name.
function corridorGridKey(spec, keys) {
  return (keys || {})[spec.props.id.index];
}

// Whether the grid whose spec is ``spec`` loads its rows block by block (AG Grid's infinite
// row model, answered by the page's server callback; corridor_map/pages/explorer/records.py).
function corridorInfinite(spec) {
  return spec.props.rowModelType === "infinite";
}

Object.assign(window.dash_clientside.corridor, {
  // clicks: the button's n_clicks (odd: open); stored: {key, rows} made for some view; spec:
  // library, props and the button's labels; keys: the current view's rows keys by grid name.
  // Returns the slot's children, the button label and aria-expanded. Rows made for another
  // view are not shown (the grid shows its loading overlay until requestRows' answer comes).
  openGrid: function (clicks, stored, spec, keys) {
    var noUpdate = window.dash_clientside.no_update;
    var open = Boolean(clicks) && clicks % 2 === 1;
    var triggered = window.dash_clientside.callback_context.triggered_id || {};
    if (!open) {
      // New rows for a closed table change nothing.
      return triggered.type === "lazy-grid-rows" ? [noUpdate, noUpdate, noUpdate] : [null, spec.labels.open, "false"];
    }
    if (corridorInfinite(spec)) {
      if (triggered.type === "lazy-grid-rows") {
        // A new view while the table is open: the grid drops its blocks and asks again
        // (gridBlock answers the first block from the new rows).
        var api = window.dash_ag_grid && window.dash_ag_grid.getApi(spec.props.id);
        if (api) {
          api.purgeInfiniteCache();
        }
        return [noUpdate, noUpdate, noUpdate];
      }
      return corridorLoadLibrary(spec.library).then(function () {
        return [{ namespace: spec.library, type: "AgGrid", props: spec.props }, spec.labels.close, "true"];
      });
    }
    var fresh = Boolean(stored) && stored.key === corridorGridKey(spec, keys);
    return corridorLoadLibrary(spec.library).then(function () {
      var props = Object.assign({}, spec.props, { rowData: fresh ? stored.rows : null });
      return [{ namespace: spec.library, type: "AgGrid", props: props }, spec.labels.close, "true"];
    });
  },

  // On opening a table whose rows were made for another view (or never made), the current
  // key goes to the grid's fetch store, which the page's server callback answers with rows.
  // Separate from openGrid so that the rows' arrival does not depend on itself (no cycle).
  requestRows: function (clicks, stored, spec, keys) {
    var open = Boolean(clicks) && clicks % 2 === 1;
    var key = corridorGridKey(spec, keys);
    // A grid of blocks asks for its rows itself (gridBlock).
    if (!open || corridorInfinite(spec) || (stored && stored.key === key)) {
      return window.dash_clientside.no_update;
    }
    return key;
  },

  // request: the grid's getRowsRequest ({startRow, endRow, sortModel, filterModel}); stored:
  // {key, rows, count}, the first block of a view in its default order; spec, keys: as above.
  // Returns [getRowsResponse, the block store]: the first block of the current view in its
  // default order is answered here from the rows the page's one server callback already
  // sent (a filter change costs no second request); any other block, sort or filter goes
  // to the block store, which the server callback answers.
  gridBlock: function (request, stored, spec, keys) {
    var noUpdate = window.dash_clientside.no_update;
    if (!request) {
      return [noUpdate, noUpdate];
    }
    var sortModel = request.sortModel || [];
    var filterModel = request.filterModel || {};
    var fresh = Boolean(stored) && stored.key === corridorGridKey(spec, keys);
    var held = fresh ? stored.rows.length : 0;
    if (
      fresh &&
      request.startRow === 0 &&
      !sortModel.length &&
      !Object.keys(filterModel).length &&
      (held >= request.endRow || held === stored.count)
    ) {
      return [{ rowData: stored.rows.slice(0, request.endRow), rowCount: stored.count }, noUpdate];
    }
    // Only the request's data goes to the server (the grid's params also carry its API).
    return [
      noUpdate,
      { startRow: request.startRow, endRow: request.endRow, sortModel: sortModel, filterModel: filterModel },
    ];
  },
});

// AG Grid cell text of a number in the page's language (corridor_map.i18n.widgets.number_column):
// the browser's CLDR data, Latin digits, a fixed number of decimals; blank when unknown.
window.dashAgGridFunctions = window.dashAgGridFunctions || {};
var corridorNumberFormats = {};
window.dashAgGridFunctions.corridorNumber = function (value, lang, digits) {
  if (value === null || value === undefined || value === "" || isNaN(value)) {
    return "";
  }
  var key = lang + ":" + digits;
  if (!corridorNumberFormats[key]) {
    corridorNumberFormats[key] = new Intl.NumberFormat(lang, {
      numberingSystem: "latn",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  }
  return corridorNumberFormats[key].format(value);
};
