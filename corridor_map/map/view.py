"""Map updates as compact views, turned into a figure Patch in the browser.

A filter change must not resend the map. The server sends a *view*: for every marker trace
a bitmask of the points that show (one bit per point, base64), and the few line and
highlight coordinates. ``assets/map-view.js`` decodes it into ``selectedpoints`` and a
``dash_clientside.Patch`` of the figure. At 100k records the bitmask is ~17 KB where the
same selection as a JSON index list is several times larger; the base-map GeoJSON never
travels (it is fetched by URL once).

Pages use one mechanism: a ``dcc.Store`` holding the view, and :func:`register_map_view`
wiring it to their graph.
"""

from __future__ import annotations

import base64

import numpy as np
from dash import ClientsideFunction, Dash, Input, Output, Patch, State

from corridor_map.context import AppContext
from corridor_map.filters import FilterResult
from corridor_map.map.camera import record_bounds
from corridor_map.map.figure import CORRIDOR_BOUNDS


def encode_mask(mask: np.ndarray) -> str:
    """Pack a boolean array into URL-safe base64 (``-`` and ``_``), least significant bit
    first. Not the standard alphabet: the JSON encoder writes each ``/`` as ``\\u002f`` (six
    bytes), and a mask of visible points is mostly ``/`` (0xFF bytes)."""
    packed = np.packbits(mask, bitorder="little").tobytes()
    return base64.urlsafe_b64encode(packed).decode("ascii")


def decode_mask(encoded: str, length: int) -> np.ndarray:
    """Inverse of :func:`encode_mask` (the browser does the same in map-view.js)."""
    bits = np.unpackbits(
        np.frombuffer(base64.urlsafe_b64decode(encoded), dtype=np.uint8), bitorder="little"
    )
    return bits[:length].astype(bool)


def _polyline(segments: np.ndarray) -> list[list]:
    """Flatten link segments into lon and lat lists; NaN gaps become null (a line break)."""
    flat = segments.reshape(-1, 2).astype(object)
    flat[np.isnan(segments.reshape(-1, 2))] = None
    return [flat[:, 0].tolist(), flat[:, 1].tolist()]


def frame_bounds(
    context: AppContext, result: FilterResult, selected: str | None = None
) -> list[float]:
    """The box the map frames for a view: west, south, east, north.

    - a selected record: the record with every partner it is linked to (wherever they are);
    - nothing filtered out (or nothing matching): the whole corridor (:data:`CORRIDOR_BOUNDS`);
    - otherwise the matching records inside the corridor (partners at the far end of a link,
      e.g. in Beijing, do not pull the frame away; only records outside it when no match is
      inside).

    The browser fits the box to the map's real size (``corridorFit`` in assets/map-view.js).
    """
    entities = context.registry.entities
    lon, lat = entities["lon"].to_numpy(float), entities["lat"].to_numpy(float)
    position = entities.index.get_indexer([selected])[0] if selected else -1
    if position >= 0:
        index = context.filter_index
        own = (index.link_from == position) | (index.link_to == position)
        rows = np.unique(np.r_[position, index.link_from[own], index.link_to[own]])
        return list(record_bounds(lon[rows], lat[rows]))
    matches = result.entities
    if matches.all() or not matches.any():
        return list(CORRIDOR_BOUNDS)
    inside = matches & entities["in_corridor"].to_numpy(bool)
    rows = inside if inside.any() else matches
    return list(record_bounds(lon[rows], lat[rows]))


def map_view(
    context: AppContext,
    result: FilterResult,
    selected: str | None,
    layout: dict | None = None,
    highlight_links: np.ndarray | None = None,
) -> dict:
    """The compact view of a filter result (see module docstring).

    Parameters
    ----------
    context
        The app's indexes and trace plan.
    result
        What the filters select.
    selected
        The entity to highlight, if any.
    layout
        Optional layout changes, dotted path -> value (``{"map.center": {...}}``).
    highlight_links
        Boolean mask of links to draw highlighted instead of the selected record's own
        (e.g. a country pair chosen in the network matrix).

    Returns
    -------
    dict
        ``{"masks": [[trace, base64, n], ...], "lines": [[trace, lon, lat], ...],
        "layout": [[path, value], ...], "fit": [west, south, east, north]}``: every entity
        trace with its visibility bitmask, the link and highlight traces with their
        coordinates, layout changes, and the box to frame (:func:`frame_bounds`; the
        browser frames it when it differs from the last one, see ``applyMapView``).
    """
    visible = result.visible
    masks = [
        [trace, encode_mask(visible[rows]), len(rows)]
        for kind, rows in context.kind_rows.items()
        for trace in context.plan.entity[kind]
    ]
    # numpy only from here: this runs on every filter change.
    segments = context.link_segments
    cross_border = context.registry.links["cross_border"].to_numpy()
    lines = [
        [trace, *_polyline(segments[result.links & (cross_border == crossing)])]
        for trace, crossing in zip(context.plan.links, (False, True), strict=True)
    ]
    # Each link's midpoint (its hover and tap target) shows with its line.
    masks += [
        [
            trace,
            encode_mask(result.links[cross_border == crossing]),
            int((cross_border == crossing).sum()),
        ]
        for trace, crossing in zip(context.plan.link_points, (False, True), strict=True)
    ]
    index = context.filter_index
    point: list[list] = [[], []]
    own_links: list[list] = [[], []]
    position = context.registry.entities.index.get_indexer([selected])[0] if selected else -1
    if position >= 0:
        entity = context.registry.entities.iloc[position]
        point = [[float(entity["map_lon"])], [float(entity["map_lat"])]]
        own_links = _polyline(segments[(index.link_from == position) | (index.link_to == position)])
    if highlight_links is not None:
        own_links = _polyline(segments[highlight_links])
    lines.append([context.plan.highlight_links, *own_links])
    lines.append([context.plan.highlight_point, *point])
    # Numeric path parts are list indices (``map.layers.7.visible``).
    changes = [
        [[int(part) if part.isdigit() else part for part in path.split(".")], value]
        for path, value in (layout or {}).items()
    ]
    return {
        "masks": masks,
        "lines": lines,
        "layout": changes,
        "fit": frame_bounds(context, result, selected),
    }


def view_patch(view: dict) -> Patch:
    """The figure Patch a view stands for: the Python twin of ``applyMapView`` in
    assets/map-view.js (used where Python applies a view, e.g. tests and server renders)."""
    patch = Patch()
    for trace, encoded, count in view["masks"]:
        patch["data"][trace]["selectedpoints"] = np.flatnonzero(
            decode_mask(encoded, count)
        ).tolist()
    for trace, lon, lat in view["lines"]:
        patch["data"][trace]["lon"] = lon
        patch["data"][trace]["lat"] = lat
    for path, value in view.get("layout", []):
        target = patch["layout"]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return patch


def register_map_view(
    app: Dash,
    store_id: str,
    graph_id: str,
    url_id: str | None = None,
    camera_id: str | None = None,
) -> None:
    """Apply every view written to ``store_id`` to the figure of ``graph_id``, in the browser,
    the one a page is rendered with included.

    A view whose ``fit`` box differs from the last one is framed in the map's real size,
    clear of any element with the class ``map-avoid`` drawn over the map (the briefing
    card); the first view of a page is not when the URL names ``at=``. With ``url_id`` (a
    ``dcc.Location``) and ``camera_id`` (the store :func:`register_camera_memory` keeps), a
    new framing is written to the address bar as ``at=`` and to that store, as a pan is.
    """
    states = [State(graph_id, "id")]
    if url_id and camera_id:
        states += [State(url_id, "id"), State(camera_id, "id")]
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="applyMapView"),
        Output(graph_id, "figure", allow_duplicate=True),
        Input(store_id, "data"),
        *states,
        # The figure has other writers (allow_duplicate); this one also runs on load.
        prevent_initial_call="initial_duplicate",
    )


def register_camera_memory(app: Dash, graph_id: str, store_id: str, url_id: str) -> None:
    """Keep the map's centre and zoom in ``store_id`` and in the address bar (``at=``).

    Runs in the browser on every pan or zoom (``rememberCamera`` in assets/map-view.js). The
    address bar is updated with ``history.replaceState``, so moving the map adds no history
    entry, and the ``dcc.Location`` ``url_id`` is told the new address (otherwise it would
    push its stale one back on the next filter change).
    """
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="rememberCamera"),
        Output(store_id, "data"),
        Input(graph_id, "relayoutData"),
        State(store_id, "data"),
        State(url_id, "id"),
        prevent_initial_call=True,
    )
