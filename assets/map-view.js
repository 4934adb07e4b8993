/* Corridor Map: turn a compact map view (see corridor_map/map_view.py) into a figure Patch. */
// Extend the renderer's object in place: it carries non-enumerable helpers (no_update, Patch).
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.corridor = {
    applyMapView: function (view) {
      if (!view) {
        return window.dash_clientside.no_update;
      }
      var patch = new window.dash_clientside.Patch();
      view.masks.forEach(function (entry) {
        var trace = entry[0], bytes = atob(entry[1]), count = entry[2], shown = [];
        for (var i = 0; i < count; i++) {
          if (bytes.charCodeAt(i >> 3) & (1 << (i & 7))) {
            shown.push(i);
          }
        }
        patch.assign(["data", trace, "selectedpoints"], shown);
      });
      view.lines.forEach(function (entry) {
        patch.assign(["data", entry[0], "lon"], entry[1]);
        patch.assign(["data", entry[0], "lat"], entry[2]);
      });
      (view.layout || []).forEach(function (entry) {
        patch.assign(["layout"].concat(entry[0]), entry[1]);
      });
      return patch.build();
    },
};
