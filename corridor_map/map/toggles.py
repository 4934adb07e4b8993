"""Layer toggles: the explorer's legend doubles as "show on the map" checkboxes.

One declarative list, built from the layer specs in ``layers/`` and the figure's trace plan:
each toggle names the traces (``data`` indices) and base-map layers (``layout.map.layers``
indices) it shows or hides. The browser applies a choice as a figure Patch
(``toggleLayers`` in assets/map-view.js), so toggling costs no server round trip; filters,
summaries and downloads are not affected (that is what the kind filter is for). What is
hidden lives in the URL as ``hide=links,admin1`` (see :mod:`corridor_map.view_state`), so a shared
link shows the same layers (parsed in :mod:`corridor_map.url_state`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, html

from corridor_map.context import TracePlan
from corridor_map.i18n import translate
from layers import BASE_LAYERS, BASE_TOGGLES, ENTITY_LAYERS, LINK_LAYER


@dataclass(frozen=True)
class LayerToggle:
    """One checkbox: what it shows, and how its legend swatch looks.

    Attributes
    ----------
    value
        Stable id (an entity kind, ``links``, ``links_cross_border`` or a base toggle).
    label_key
        Catalog key of its label (the layer's legend label).
    traces
        Indices in the figure's ``data`` it shows or hides.
    base_layers
        Indices in the figure's ``layout.map.layers`` it shows or hides.
    swatch
        ``"point"``, ``"ring"`` or ``"line"``, drawn in ``color``.
    color
        Swatch colour (the layer's own).
    """

    value: str
    label_key: str
    traces: tuple[int, ...]
    base_layers: tuple[int, ...]
    swatch: str
    color: str


def layer_toggles(plan: TracePlan, detail: bool = True) -> tuple[LayerToggle, ...]:
    """Every toggle of a map built with ``detail`` (see :func:`figure.base_map_layers`)."""
    toggles = [
        LayerToggle(
            layer.kind,
            layer.label_key,
            plan.entity[layer.kind],
            (),
            "ring" if layer.ring else "point",
            layer.color,
        )
        for layer in reversed(ENTITY_LAYERS)  # top-most first, as the legend reads
    ]
    (domestic, cross_border), (domestic_points, cross_points) = plan.links, plan.link_points
    toggles += [
        LayerToggle(
            "links",
            LINK_LAYER.label_key,
            (domestic, domestic_points),
            (),
            "line",
            LINK_LAYER.color,
        ),
        LayerToggle(
            "links_cross_border",
            f"{LINK_LAYER.label_key}_cross_border",
            (cross_border, cross_points),
            (),
            "line",
            LINK_LAYER.cross_border_color,
        ),
    ]
    drawn = [layer for layer in BASE_LAYERS if detail or not layer.detail]
    for value, layer_ids in BASE_TOGGLES.items():
        positions = tuple(i for i, layer in enumerate(drawn) if layer.id in layer_ids)
        if not positions:
            continue  # not drawn on this map (e.g. provinces on the phone embed)
        first = drawn[positions[0]]
        line = next((drawn[i] for i in positions if drawn[i].geometry == "line"), first)
        toggles.append(LayerToggle(value, first.label_key, (), positions, "line", line.color))
    return tuple(toggles)


def with_hidden(figure, toggles: tuple[LayerToggle, ...], hide: tuple[str, ...] = ()):
    """The map figure with the toggles named in ``hide`` switched off.

    ``figure`` is returned unchanged when nothing is hidden; a ``go.Figure`` (cached and
    shared by every request) is copied; a dict is taken to be a copy already (as
    :func:`corridor_map.map.camera.with_camera` returns) and changed in place.
    """
    hidden = set(hide)
    if not hidden:
        return figure
    framed = figure if isinstance(figure, dict) else figure.to_dict()
    for toggle in toggles:
        if toggle.value in hidden:
            for trace in toggle.traces:
                framed["data"][trace]["visible"] = False
            for layer in toggle.base_layers:
                framed["layout"]["map"]["layers"][layer]["visible"] = False
    return framed


def _swatch(toggle: LayerToggle) -> html.Span:
    if toggle.swatch == "line":
        return html.Span(className="legend-line", style={"backgroundColor": toggle.color})
    ring = " legend-ring" if toggle.swatch == "ring" else ""
    return html.Span(className="legend-swatch" + ring, style={"backgroundColor": toggle.color})


def toggle_legend(
    toggle_type: str, toggles: tuple[LayerToggle, ...], lang: str, hide: tuple[str, ...] = ()
) -> html.Ul:
    """The legend as toggle buttons: each layer's swatch and name, pressed unless in ``hide``.

    Each row is a button (id ``{"type": toggle_type, "index": value}``) with
    ``aria-pressed``, the WAI-ARIA toggle button: one Tab stop, Enter or Space switches the
    layer, and a screen reader says whether it is shown. The legend reads the same as before.
    """
    hidden = set(hide)
    return html.Ul(
        [
            html.Li(
                html.Button(
                    [_swatch(t), translate(t.label_key, lang)],
                    id={"type": toggle_type, "index": t.value},
                    className="legend-toggle legend-item",
                    type="button",
                    **{"aria-pressed": "false" if t.value in hidden else "true"},
                )
            )
            for t in toggles
        ]
        + legend_notes(lang),
        className="legend legend-toggles list-unstyled mb-0",
    )


def legend_notes(lang: str) -> list[html.Li]:
    """Two legend rows that are not toggles: what a hollow marker means, and that records
    sharing a place are drawn side by side."""
    return [
        html.Li(
            [html.Span(className="legend-swatch legend-hollow"), translate("legend.hollow", lang)],
            className="legend-note",
        ),
        html.Li(translate("legend.spread", lang), className="legend-note"),
    ]


def register_layer_toggles(
    app: Dash, toggle_type: str, spec_id: str, graph_id: str, hidden_id: str, url_id: str
) -> None:
    """Show and hide layers of ``graph_id`` in the browser as the toggles change.

    ``spec_id`` is a ``dcc.Store`` holding :func:`toggle_spec` of the page's toggles; the
    hidden toggles go to the store ``hidden_id`` and, as ``hide=``, to the address bar (the
    ``dcc.Location`` ``url_id`` is told, as for the map's framing).
    """
    toggles = {"type": toggle_type, "index": ALL}
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="toggleLayers"),
        Output(graph_id, "figure", allow_duplicate=True),
        Output(hidden_id, "data"),
        Output(toggles, "aria-pressed"),
        Input(toggles, "n_clicks"),
        State(toggles, "aria-pressed"),
        State(toggles, "id"),
        State(spec_id, "data"),
        State(url_id, "id"),
        prevent_initial_call=True,
    )


def toggle_spec(toggles: tuple[LayerToggle, ...]) -> list[dict]:
    """The toggles as JSON for the browser (value, traces, base_layers)."""
    return [
        {k: v for k, v in asdict(t).items() if k in ("value", "traces", "base_layers")}
        for t in toggles
    ]
