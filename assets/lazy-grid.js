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

Object.assign(window.dash_clientside.corridor, {
  // clicks: the button's n_clicks (odd: open); rows: the grid's rows; spec: library, props
  // and the button's labels. Returns the slot's children, the button label, aria-expanded.
  openGrid: function (clicks, rows, spec) {
    var noUpdate = window.dash_clientside.no_update;
    var open = Boolean(clicks) && clicks % 2 === 1;
    var triggered = window.dash_clientside.callback_context.triggered_id || {};
    if (!open) {
      // New rows for a closed table change nothing.
      return triggered.type === "lazy-grid-rows" ? [noUpdate, noUpdate, noUpdate] : [null, spec.labels.open, "false"];
    }
    return corridorLoadLibrary(spec.library).then(function () {
      var props = Object.assign({}, spec.props, { rowData: rows || [] });
      return [{ namespace: spec.library, type: "AgGrid", props: props }, spec.labels.close, "true"];
    });
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
