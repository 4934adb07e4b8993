/* Corridor Map: turn a compact map view (see corridor_map/map_view.py) into a figure Patch. */
// Extend the renderer's object in place: it carries non-enumerable helpers (no_update, Patch).
window.dash_clientside = window.dash_clientside || {};

// Put key=value in the address bar (or take key out when value is ""), replacing the current
// history entry, and tell the dcc.Location so it does not push its stale address back later.
function corridorWriteParam(locationId, key, value) {
  var params = new URLSearchParams(window.location.search);
  if (value) {
    params.set(key, value);
  } else {
    params.delete(key);
  }
  var query = params.toString().replace(/%2C/g, ",");
  window.history.replaceState(
    window.history.state, "", window.location.pathname + (query ? "?" + query : "")
  );
  window.dash_clientside.set_props(locationId, {
    href: window.location.href,
    search: window.location.search,
  });
}

window.dash_clientside.corridor = Object.assign(window.dash_clientside.corridor || {}, {
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

    // Show the layers whose toggle is checked, hide the others (spec: corridor_map/
    // layer_toggles.py's toggle_spec). Trace visibility and MapLibre layer visibility only.
    // Also returns the hidden toggles ("links,admin1", legend order) for the store and
    // writes them to the address bar as ?hide= .
    toggleLayers: function (clicks, pressed, toggleIds, spec, locationId) {
      var noUpdate = window.dash_clientside.no_update;
      if (!spec) {
        return [noUpdate, noUpdate, noUpdate];
      }
      // Toggle buttons (aria-pressed): the one pressed flips, the others keep their state.
      var triggered = window.dash_clientside.callback_context.triggered_id || {};
      var states = (toggleIds || []).map(function (id, i) {
        var on = pressed[i] !== "false";
        return id.index === triggered.index ? !on : on;
      });
      var on = new Set();
      (toggleIds || []).forEach(function (id, i) {
        if (states[i]) {
          on.add(id.index);
        }
      });
      var patch = new window.dash_clientside.Patch();
      spec.forEach(function (toggle) {
        var shown = on.has(toggle.value);
        toggle.traces.forEach(function (trace) {
          patch.assign(["data", trace, "visible"], shown);
        });
        toggle.base_layers.forEach(function (layer) {
          patch.assign(["layout", "map", "layers", layer, "visible"], shown);
        });
      });
      var hidden = spec
        .filter(function (toggle) {
          return !on.has(toggle.value);
        })
        .map(function (toggle) {
          return toggle.value;
        })
        .join(",");
      corridorWriteParam(locationId, "hide", hidden);
      return [
        patch.build(),
        hidden,
        states.map(function (state) {
          return state ? "true" : "false";
        }),
      ];
    },

    // Frame bounds [west, south, east, north] whole in the graph's current size (Web
    // Mercator, 512-px tiles): the twin of corridor_map/camera.py's fit_bounds. Skipped when
    // the URL names a framing (?at=), which then wins.
    fitCamera: function (pathname, bounds, graphId) {
      var noUpdate = window.dash_clientside.no_update;
      var graph = document.getElementById(graphId);
      if (!bounds || !graph || new URLSearchParams(window.location.search).has("at")) {
        return noUpdate;
      }
      var box = graph.getBoundingClientRect();
      if (box.width < 50 || box.height < 50) {
        return noUpdate;
      }
      var mercatorY = function (lat) {
        return Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
      };
      var top = mercatorY(bounds[3]), bottom = mercatorY(bounds[1]);
      var usable = 0.94;  // a little margin so coasts do not touch the edge
      var zoomX = Math.log2((usable * box.width * 360) / (512 * (bounds[2] - bounds[0])));
      var zoomY = Math.log2((usable * box.height * 2 * Math.PI) / (512 * (top - bottom)));
      var lat = (2 * Math.atan(Math.exp((top + bottom) / 2)) - Math.PI / 2) * (180 / Math.PI);
      var patch = new window.dash_clientside.Patch();
      patch.assign(["layout", "map", "center"], {lat: lat, lon: (bounds[0] + bounds[2]) / 2});
      patch.assign(["layout", "map", "zoom"], Math.max(0, Math.min(22, zoomX, zoomY)));
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
      corridorWriteParam(locationId, "at", at);
      return at;
    },
});
