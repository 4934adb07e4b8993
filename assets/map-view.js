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

    // Remember where the user moved the map: "lat,lon,zoom" (formatted as
    // corridor_map/camera.py's format_at) in the store and as ?at= in the address bar,
    // replacing the current history entry (panning adds no Back steps).
    rememberCamera: function (relayout, current, locationId) {
      var noUpdate = window.dash_clientside.no_update;
      if (!relayout || !relayout["map.center"] || relayout["map.zoom"] === undefined) {
        return noUpdate;
      }
      var center = relayout["map.center"];
      var at = [
        Number(center.lat).toFixed(4),
        Number(center.lon).toFixed(4),
        Number(relayout["map.zoom"]).toFixed(2),
      ].join(",");
      if (at === current) {
        return noUpdate;
      }
      var params = new URLSearchParams(window.location.search);
      params.set("at", at);
      var query = params.toString().replace(/%2C/g, ",");
      window.history.replaceState(window.history.state, "", window.location.pathname + "?" + query);
      // The dcc.Location must know the new address, or it pushes its stale href back later.
      window.dash_clientside.set_props(locationId, {
        href: window.location.href,
        search: window.location.search,
      });
      return at;
    },
};
