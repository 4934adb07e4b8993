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
    if (!open || (stored && stored.key === key)) {
      return window.dash_clientside.no_update;
    }
    return key;
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
