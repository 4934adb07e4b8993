/* Corridor Map: turn a compact map view (see corridor_map/map_view.py) into a figure Patch. */
// Extend the renderer's object in place: it carries non-enumerable helpers (no_update, Patch).
window.dash_clientside = window.dash_clientside || {};

// Put key=value in the address bar (or take key out when value is ""), replacing the current
// history entry, and tell the dcc.Location so it does not push its stale address back later.
function corridorReplaceParam(key, value) {
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
}

function corridorWriteParam(locationId, key, value) {
  corridorReplaceParam(key, value);
  window.dash_clientside.set_props(locationId, {
    href: window.location.href,
    search: window.location.search,
  });
}

// The framing that shows bounds [west, south, east, north] whole in a map of box.width ×
// box.height CSS pixels, clear of insets {left, right, top, bottom} (Web Mercator, 512-px
// tiles): the twin of corridor_map/map/camera.py's fit_bounds (which has no insets).
function corridorFit(bounds, box, insets) {
  var pad = insets || {left: 0, right: 0, top: 0, bottom: 0};
  var width = Math.max(box.width - pad.left - pad.right, 50);
  var height = Math.max(box.height - pad.top - pad.bottom, 50);
  var mercatorY = function (lat) {
    return Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  };
  var top = mercatorY(bounds[3]), bottom = mercatorY(bounds[1]);
  var usable = 0.94;  // a little margin so coasts do not touch the edge
  var zoomX = Math.log2((usable * width * 360) / (512 * (bounds[2] - bounds[0])));
  var zoomY = Math.log2((usable * height * 2 * Math.PI) / (512 * (top - bottom)));
  var zoom = Math.max(0, Math.min(22, zoomX, zoomY));
  // Shift the centre so the box sits in the middle of the free part of the map.
  var scale = 512 * Math.pow(2, zoom);
  var dx = (pad.left - pad.right) / 2, dy = (pad.top - pad.bottom) / 2;
  var y = (top + bottom) / 2 + (dy * 2 * Math.PI) / scale;
  var lat = (2 * Math.atan(Math.exp(y)) - Math.PI / 2) * (180 / Math.PI);
  return {lat: lat, lon: (bounds[0] + bounds[2]) / 2 - (dx * 360) / scale, zoom: zoom};
}

// What elements with the class map-avoid (a card drawn over the map) hide of the map's box,
// as insets from its sides: each counts on the side it leans on.
function corridorInsets(box) {
  var insets = {left: 0, right: 0, top: 0, bottom: 0};
  document.querySelectorAll(".map-avoid").forEach(function (element) {
    var r = element.getBoundingClientRect();
    var w = Math.min(r.right, box.right) - Math.max(r.left, box.left);
    var h = Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top);
    if (w <= 0 || h <= 0) {
      return;
    }
    // Prefer the side that keeps the larger free area.
    var freeX = box.width - w, freeY = box.height - h;
    if (freeX * box.height >= freeY * box.width) {
      if (r.left + r.right < box.left + box.right) {
        insets.left = Math.max(insets.left, r.right - box.left);
      } else {
        insets.right = Math.max(insets.right, box.right - r.left);
      }
    } else if (r.top + r.bottom < box.top + box.bottom) {
      insets.top = Math.max(insets.top, r.bottom - box.top);
    } else {
      insets.bottom = Math.max(insets.bottom, box.bottom - r.top);
    }
  });
  return insets;
}

// The last box each map framed and the zoom that gave: graph id -> {fit, zoom}.
var corridorFrames = window.corridorFrames = window.corridorFrames || {};

// The MapLibre map inside the dcc.Graph graphId, once drawn.
function corridorMapOf(graphId) {
  var holder = document.getElementById(graphId);
  var gd = holder && (holder.classList.contains("js-plotly-plot")
    ? holder : holder.querySelector(".js-plotly-plot"));
  var full = gd && gd._fullLayout;
  return full && full.map && full.map._subplot ? full.map._subplot.map : null;
}

// Briefing slides move the camera smoothly: once plotly has jumped to the new framing
// (setCenter, setZoom... in one task), go back and ease there instead.
function corridorEaseNextMove(graphId) {
  var map = corridorMapOf(graphId);
  if (!map || window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    return;
  }
  var from = {center: map.getCenter(), zoom: map.getZoom()};
  map.once("move", function () {
    Promise.resolve().then(function () {
      var to = {center: map.getCenter(), zoom: map.getZoom()};
      map.jumpTo(from);
      map.easeTo({center: to.center, zoom: to.zoom, duration: 1200, essential: true});
    });
  });
}

// Orientation labels (corridor_map/map/labels.py): the units, capitals and major cities as
// HTML over the map, so every script is shaped by the browser. A label goes right of, left
// of, above or below its place (a unit's name on it), wherever it covers no shown marker and
// no other label; where none fits it is left out. Redrawn as the map moves or its data change.
// language -> promise of {labels: [[lon, lat, text, kind], ...], stack: badge title}
var corridorLabelLists = {};

function corridorLabelsFor(lang) {
  if (!corridorLabelLists[lang]) {
    corridorLabelLists[lang] = fetch("/basemap/labels-" + encodeURIComponent(lang) + ".json")
      .then(function (response) {
        return response.ok ? response.json() : {labels: [], stack: "{count}"};
      })
      .catch(function () {
        return {labels: [], stack: "{count}"};
      });
  }
  return corridorLabelLists[lang];
}

// Screen circles [x, y, r, lon, lat, link] of the markers shown on the graph gd (hidden
// layers and filtered out points excluded); link: a project link's midpoint, not a record.
function corridorMarkerCircles(gd, map, width, height) {
  var circles = [];
  (gd._fullData || []).forEach(function (full) {
    var trace = gd.data[full.index] || {};
    // One circle per record: not the white centres of rings, nor the selection halo.
    if (full.type !== "scattermap" || full.mode !== "markers" || full.visible !== true
        || !full.lon || /-centre$|^highlight/.test(full.uid || "")) {
      return;
    }
    var size = typeof full.marker.size === "number" ? full.marker.size : 12;
    var radius = size / 2 + 2;
    var link = /-points$/.test(full.uid || "");
    var shown = Array.isArray(trace.selectedpoints) ? trace.selectedpoints : null;
    var count = shown ? shown.length : full.lon.length;
    for (var k = 0; k < count; k++) {
      var i = shown ? shown[k] : k;
      var p = map.project([full.lon[i], full.lat[i]]);
      if (p.x > -radius && p.y > -radius && p.x < width + radius && p.y < height + radius) {
        circles.push([p.x, p.y, radius, full.lon[i], full.lat[i], link]);
      }
    }
  });
  return circles;
}

// Markers drawn (nearly) on top of one another at this zoom, as groups of circles: each
// marker joins the first group whose seed lies within STACK_PX of it.
var STACK_PX = 9;

function corridorStacks(circles) {
  var cells = {}, groups = [];
  circles.forEach(function (c) {
    var cx = Math.floor(c[0] / STACK_PX), cy = Math.floor(c[1] / STACK_PX), found = null;
    for (var dx = -1; dx <= 1 && !found; dx++) {
      for (var dy = -1; dy <= 1 && !found; dy++) {
        (cells[(cx + dx) + ":" + (cy + dy)] || []).some(function (group) {
          var seed = group[0];
          if ((seed[0] - c[0]) * (seed[0] - c[0]) + (seed[1] - c[1]) * (seed[1] - c[1])
              < STACK_PX * STACK_PX) {
            found = group;
          }
          return found;
        });
      }
    }
    if (found) {
      found.push(c);
    } else {
      var group = [c];
      groups.push(group);
      (cells[cx + ":" + cy] = cells[cx + ":" + cy] || []).push(group);
    }
  });
  return groups.filter(function (group) {
    return group.length > 1;
  });
}

// Stacks whose badges (size px across) would overlap become one stack, until none overlap:
// a badge never hides another's count.
function corridorMergeStacks(groups, size) {
  var centre = function (group) {
    var x = 0, y = 0;
    group.forEach(function (c) {
      x += c[0] / group.length;
      y += c[1] / group.length;
    });
    return [x, y];
  };
  var merged = true;
  while (merged) {
    merged = false;
    for (var i = 0; i < groups.length && !merged; i++) {
      var a = centre(groups[i]);
      for (var j = i + 1; j < groups.length && !merged; j++) {
        var b = centre(groups[j]);
        if (Math.abs(a[0] - b[0]) < size * 1.6 && Math.abs(a[1] - b[1]) < size) {
          groups[i] = groups[i].concat(groups[j]);
          groups.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  return groups;
}

// A stack's badge: how many records it holds; a click (or Enter) zooms in until they part.
function corridorStackBadge(map, group, title) {
  var badge = document.createElement("button");
  badge.type = "button";
  badge.className = "map-stack";
  badge.textContent = String(group.length);
  badge.title = title.replace("{count}", group.length);
  badge.setAttribute("aria-label", badge.title);
  var x = 0, y = 0, west = 180, east = -180, south = 90, north = -90;
  group.forEach(function (c) {
    x += c[0] / group.length;
    y += c[1] / group.length;
    west = Math.min(west, c[3]);
    east = Math.max(east, c[3]);
    south = Math.min(south, c[4]);
    north = Math.max(north, c[4]);
  });
  badge.addEventListener("click", function (event) {
    // The map must not take this click as a click on a marker under the badge (a drag or a
    // wheel that starts on the badge still reaches the map: the badge sits in its canvas
    // container).
    event.stopPropagation();
    // originalEvent marks it as the user's move: plotly keeps it and the URL records it.
    map.fitBounds([[west, south], [east, north]], {padding: 80, maxZoom: 13, duration: 600},
      {originalEvent: event});
  });
  return {element: badge, x: x, y: y};
}

function corridorDrawLabels(map, gd, layer, labels, sizes) {
  var width = map.getContainer().clientWidth, height = map.getContainer().clientHeight;
  layer.style.width = width + "px";
  layer.style.height = height + "px";
  var circles = corridorMarkerCircles(gd, map, width, height);
  var placed = [];
  layer.textContent = "";
  if (!layer.dataset.stackSize) {
    var probe = corridorStackBadge(map, [circles[0] || [0, 0, 0, 0, 0]], "").element;
    probe.textContent = "99";
    layer.appendChild(probe);
    layer.dataset.stackSize = probe.offsetHeight || 20;
    layer.removeChild(probe);
  }
  // Stacks count records: link midpoints only keep labels off them.
  var records = circles.filter(function (c) {
    return !c[5];
  });
  corridorMergeStacks(corridorStacks(records), Number(layer.dataset.stackSize) + 2)
    .forEach(function (group) {
    var badge = corridorStackBadge(map, group, layer.dataset.stackTitle || "{count}");
    layer.appendChild(badge.element);
    var w = badge.element.offsetWidth, h = badge.element.offsetHeight;
    var left = badge.x - w / 2, top = badge.y - h / 2;
    badge.element.style.transform = "translate(" + Math.round(left) + "px," + Math.round(top)
      + "px)";
    placed.push([left, top, w, h]);
    });
  var free = function (x, y, w, h) {
    if (x < 0 || y < 0 || x + w > width || y + h > height) {
      return false;
    }
    for (var i = 0; i < circles.length; i++) {
      var c = circles[i];
      var dx = c[0] - Math.max(x, Math.min(c[0], x + w));
      var dy = c[1] - Math.max(y, Math.min(c[1], y + h));
      if (dx * dx + dy * dy < c[2] * c[2]) {
        return false;
      }
    }
    for (var j = 0; j < placed.length; j++) {
      var r = placed[j];
      if (x < r[0] + r[2] + 4 && x + w + 4 > r[0] && y < r[1] + r[3] + 2 && y + h + 2 > r[1]) {
        return false;
      }
    }
    return true;
  };
  labels.forEach(function (label) {
    var p = map.project([label[0], label[1]]);
    if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) {
      return;
    }
    var element = document.createElement("span");
    element.className = "map-label map-label-" + label[3];
    element.textContent = label[2];
    layer.appendChild(element);
    var key = label[3] + "|" + label[2];
    if (!sizes[key]) {
      sizes[key] = [element.offsetWidth, element.offsetHeight];
    }
    var w = sizes[key][0], h = sizes[key][1];
    var spots = [];
    if (label[3] === "unit") {
      spots.push([p.x - w / 2, p.y - h / 2]);
    }
    // Nearest spots first: beside, above, below, then the corners, further out each round
    // (a capital's own markers often fill the spots next to it).
    [5, 16, 30, 48, 70].forEach(function (gap) {
      spots.push(
        [p.x + gap, p.y - h / 2], [p.x - gap - w, p.y - h / 2],
        [p.x - w / 2, p.y - gap - h], [p.x - w / 2, p.y + gap],
        [p.x + gap, p.y - gap - h], [p.x - gap - w, p.y - gap - h],
        [p.x + gap, p.y + gap], [p.x - gap - w, p.y + gap]
      );
    });
    var spot = spots.find(function (s) {
      return free(s[0], s[1], w, h);
    });
    if (!spot) {
      layer.removeChild(element);
      return;
    }
    element.style.transform = "translate(" + Math.round(spot[0]) + "px," + Math.round(spot[1])
      + "px)";
    placed.push([spot[0], spot[1], w, h]);
  });
}

// A finger's tap must click what it touches. Plotly clicks on the point it hovered last,
// and runs at most one hover per 50 ms (HOVERMINTIME; one within the last 50 ms defers the
// next). A tap sends its mousemove only a few ms before its click, so its hover must run at
// once. But plotly hovers again, at the last pointer position, after every camera move and
// redraw (``_rehover``): once a stack badge's zoom ends, dcc.Graph redraws and each of
// plotly's camera updates re-hovers the badge's old spot. A tap in the 50 ms after that had
// its hover deferred past its click, and plotly clicked on nothing (no sheet) or on the point
// re-hovered at the badge's spot. A finger does not hover: after a touch, the re-hover is
// dropped (a mouse keeps it).
function corridorTouchClicks(map, gd) {
  var touch = false;
  var note = function (event) {
    touch = event.pointerType === "touch";
  };
  map.getCanvasContainer().addEventListener("pointerdown", note, true);
  map.getCanvasContainer().addEventListener("pointermove", note, true);
  // Runs after plotly's own mousemove handler, which sets the re-hover.
  map.on("mousemove", function () {
    if (touch && gd._fullLayout) {
      gd._fullLayout._rehover = null;
    }
  });
}

// Start the labels of the graph graphId once its map exists (retried while it is drawn).
function corridorAttachLabels(graphId, tries) {
  var holder = document.getElementById(graphId);
  var map = corridorMapOf(graphId);
  if (!holder || !map) {
    if (tries < 40) {
      setTimeout(function () {
        corridorAttachLabels(graphId, tries + 1);
      }, 250);
    }
    return;
  }
  if (map._corridorLabels) {
    return;
  }
  var layer = document.createElement("div");
  layer.className = "map-labels";
  // In the canvas container, so drags and wheels that start on a label or badge move the map.
  map.getCanvasContainer().appendChild(layer);
  map._corridorLabels = layer;
  var gd = holder.querySelector(".js-plotly-plot");
  corridorTouchClicks(map, gd);
  var tagged = holder.closest("[lang]");
  var lang = (tagged && tagged.getAttribute("lang")) || document.documentElement.lang || "en";
  corridorLabelsFor(lang).then(function (names) {
    var pending = false, sizes = {};
    layer.dataset.stackTitle = names.stack;
    var draw = function () {
      pending = false;
      corridorDrawLabels(map, gd, layer, names.labels, sizes);
    };
    var schedule = function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(draw);
      }
    };
    map.on("move", schedule);
    map.on("resize", schedule);
    gd.on("plotly_afterplot", schedule);
    schedule();
  });
}

window.dash_clientside.corridor = Object.assign(window.dash_clientside.corridor || {}, {
    // graphId: the dcc.Graph; locationId and cameraId (optional): where a new framing is
    // recorded, as rememberCamera records a pan (see corridor_map/map/view.py).
    applyMapView: function (view, graphId, locationId, cameraId) {
      if (!view) {
        return window.dash_clientside.no_update;
      }
      var patch = new window.dash_clientside.Patch();
      var holder = document.getElementById(graphId);
      corridorAttachLabels(graphId, 0);
      var fitKey = view.fit ? view.fit.join(",") : null;
      if (holder && fitKey) {
        // Kept by graph id, not on the element: Dash may re-create the graph's element.
        var framed = corridorFrames[graphId];
        var first = framed === undefined;
        var box = holder.getBoundingClientRect();
        // A framing the URL names (a shared link, or the user's own pan or zoom) wins; one
        // this function wrote itself does not.
        var urlAt = new URLSearchParams(window.location.search).get("at");
        var pinned = Boolean(urlAt) && urlAt !== (framed && framed.wroteAt);
        var changed = !pinned && (first || fitKey !== framed.fit);
        framed = corridorFrames[graphId] = {
          fit: fitKey, zoom: framed && framed.zoom, wroteAt: framed && framed.wroteAt,
        };
        if (changed && box.width >= 50 && box.height >= 50) {
          var camera = corridorFit(view.fit, box, corridorInsets(box));
          patch.assign(["layout", "map", "center"], {lat: camera.lat, lon: camera.lon});
          patch.assign(["layout", "map", "zoom"], camera.zoom);
          // The zoom asked for, so a page (or a test) can tell when the framing has landed.
          framed.zoom = camera.zoom;
          if (!first && locationId && cameraId) {
            // The address bar and the camera store only: telling the dcc.Location would run
            // the page's callbacks a second time for a framing the server already knows.
            var at = [camera.lat.toFixed(4), camera.lon.toFixed(4), camera.zoom.toFixed(2)];
            framed.wroteAt = at.join(",");
            corridorReplaceParam("at", framed.wroteAt);
            window.dash_clientside.set_props(cameraId, {data: framed.wroteAt});
          }
          if (!first && holder.closest(".briefing")) {
            corridorEaseNextMove(graphId);
          }
        }
      }
      view.masks.forEach(function (entry) {
        // URL-safe base64 (corridor_map/map/view.py encode_mask) back to atob's alphabet.
        var base64 = entry[1].replace(/-/g, "+").replace(/_/g, "/");
        var trace = entry[0], bytes = atob(base64), count = entry[2], shown = [];
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
