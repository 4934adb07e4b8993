"""Corridor analytics on the explorer: the network matrix and the innovation-access gap.

:func:`section` is the layout block; :func:`register_analytics_callbacks` wires it to the
explorer state store. The map is only ever changed with ``dash.Patch``: a matrix click sets
the existing highlight-links trace, and the province choropleth appends (and later removes)
``layout.map.layers`` entries whose sources are URLs served by
:mod:`corridor_map.http.analytics_api` — no GeoJSON travels through a callback.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import plotly.graph_objects as go
from dash import Dash, Input, Output, Patch, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from corridor_map import ids, schema
from corridor_map.analytics import (
    CHOROPLETH_COLORS,
    CHOROPLETH_EDGES,
    THRESHOLDS_KM,
    analytics_for,
    format_km,
    format_share,
)
from corridor_map.analytics.access import AccessSummary
from corridor_map.analytics.network import NetworkSummary, pair_links
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.i18n import translate
from corridor_map.i18n.plotly_locales import graph_config
from corridor_map.map.figure import country_label, link_coordinates
from corridor_map.pages.explorer.callbacks import state_from_store

#: Served by :func:`corridor_map.http.analytics_api.register_analytics_api`.
CHOROPLETH_URL = "/analytics/access-provinces.geojson"
CHOROPLETH_LAYER_PREFIX = "access-gap-"
CHOROPLETH_OPACITY = 0.6
TOGGLE_OFF = "off"
#: Corridor unit of each country code (China takes part as Yunnan).
COUNTRY_UNIT = {code: ("CN-YN" if code == "CHN" else code) for code in schema.COUNTRIES}
ACCESS_COLUMNS = (
    "area",
    "level",
    "unit",
    "places",
    "population",
    "beyond_50",
    "beyond_100",
    "median",
)


# --------------------------------------------------------------------------- network


def matrix_figure(summary: NetworkSummary, lang: str) -> go.Figure:
    """Heatmap of cross-border links per country pair (upper triangle; a cell per pair).

    Each cell's ``customdata`` is ``"A|B"`` (the two country codes) for click handling.
    """
    matrix = summary.matrix
    codes = list(matrix.index)
    names = [translate(f"country.{c}", lang) for c in codes]
    upper = np.triu(np.ones(matrix.shape, dtype=bool), k=1)
    z = np.where(upper, matrix.to_numpy().astype(float), np.nan)
    text = [
        [str(int(z[i, j])) if upper[i, j] else "" for j in range(len(codes))]
        for i in range(len(codes))
    ]
    hover = [
        [
            translate("analytics.network.hover", lang, a=names[i], b=names[j], count=int(z[i, j]))
            if upper[i, j]
            else ""
            for j in range(len(codes))
        ]
        for i in range(len(codes))
    ]
    custom = [[f"{a}|{b}" for b in codes] for a in codes]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=names,
            y=names,
            text=text,
            texttemplate="%{text}",
            customdata=custom,
            hovertext=hover,
            hoverinfo="text",
            colorscale="Blues",
            zmin=0,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        template="none",
        margin={"l": 110, "r": 10, "t": 10, "b": 90},
        height=300,
        yaxis={"autorange": "reversed", "fixedrange": True},
        xaxis={"side": "bottom", "tickangle": -35, "fixedrange": True},
        font={"size": 12},
    )
    return figure


def network_total_text(summary: NetworkSummary, lang: str) -> str:
    """One sentence: cross-border links among the links shown."""
    return translate(
        "analytics.network.total", lang, count=summary.cross_border, shown=summary.links_shown
    )


def top_list(summary: NetworkSummary, lang: str) -> html.Ol | html.P:
    """The "most connected" records as an ordered list."""
    if summary.top.empty:
        return html.P(translate("analytics.network.top_empty", lang), className="small")
    items = [
        html.Li(
            translate(
                "analytics.network.top_item",
                lang,
                name=row["name"],
                country=country_label(row, lang),
                degree=int(row["degree"]),
                betweenness=f"{row['betweenness']:.3f}",
            )
        )
        for _, row in summary.top.iterrows()
    ]
    return html.Ol(items, className="small mb-0 most-connected")


def clicked_pair(click: dict | None) -> tuple[str, str] | None:
    """The country pair of a matrix click (``None`` for the diagonal or no click)."""
    point = ((click or {}).get("points") or [{}])[0]
    custom = point.get("customdata")
    if not isinstance(custom, str) or "|" not in custom:
        return None
    a, b = custom.split("|", 1)
    if a == b or a not in schema.COUNTRIES or b not in schema.COUNTRIES:
        return None
    return (a, b) if schema.COUNTRIES.index(a) < schema.COUNTRIES.index(b) else (b, a)


def pair_highlight(
    context: AppContext, state: FilterState, pair: tuple[str, str]
) -> tuple[Patch, int]:
    """Patch the map's highlight-links trace to the pair's links shown under ``state``.

    Returns
    -------
    patch, count
        The partial map update and how many links it draws.
    """
    links = context.registry.links
    shown = links[analytics_for(context).result(state).links]
    chosen = pair_links(shown, *pair)
    lon, lat = link_coordinates(chosen)
    patch = Patch()
    trace = context.plan.highlight_links
    patch["data"][trace]["lon"] = [None if np.isnan(v) else float(v) for v in lon]
    patch["data"][trace]["lat"] = [None if np.isnan(v) else float(v) for v in lat]
    return patch, len(chosen)


def selection_text(pair: tuple[str, str], count: int, lang: str) -> str:
    """Status line after a matrix click."""
    a, b = (translate(f"country.{c}", lang) for c in pair)
    key = "analytics.network.selection" if count else "analytics.network.selection_none"
    return translate(key, lang, count=count, a=a, b=b)


# --------------------------------------------------------------------------- access


def _number(value: float, digits: int) -> float | None:
    return round(float(value), digits) if value is not None and np.isfinite(value) else None


def access_rows(
    summary: AccessSummary, countries: tuple[str, ...], lang: str
) -> list[dict[str, object]]:
    """Rows of the access table: each unit, then its provinces (restricted to ``countries``).

    Shares are percentages with one decimal; the median is in km; ``None`` when unknown.
    """
    units = {COUNTRY_UNIT[c] for c in countries} if countries else None
    near, far = THRESHOLDS_KM
    rows = []
    for level, table in (("unit", summary.units), ("province", summary.provinces)):
        for record in table.to_dict("records"):
            if units is not None and record["unit"] not in units:
                continue
            unit_name = translate(f"analytics.unit.{record['unit']}", lang)
            rows.append(
                {
                    "id": f"{level}:{record['unit']}:{record.get('admin1', '')}",
                    "area": unit_name if level == "unit" else record["admin1"],
                    "level": translate(f"analytics.access.level.{level}", lang),
                    "unit": unit_name,
                    "places": int(record["places"]),
                    "population": int(record["population"]),
                    "beyond_50": _number(100 * record[f"share_beyond_{near}km"], 1),
                    "beyond_100": _number(100 * record[f"share_beyond_{far}km"], 1),
                    "median": _number(record["median_km"], 1),
                }
            )
    return rows


def access_summary_text(summary: AccessSummary, lang: str) -> str:
    """One sentence on the whole corridor's gap."""
    if summary.hubs == 0:
        return translate("analytics.access.no_hubs", lang)
    overall = summary.overall.iloc[0]
    near, far = THRESHOLDS_KM
    return translate(
        "analytics.access.summary",
        lang,
        hubs=summary.hubs,
        population=f"{int(overall['population']):,}",
        places=int(overall["places"]),
        beyond_50=format_share(overall[f"share_beyond_{near}km"], lang),
        beyond_100=format_share(overall[f"share_beyond_{far}km"], lang),
        median=format_km(overall["median_km"], lang),
    )


def choropleth_url(sectors: tuple[str, ...], threshold_km: int, bin_: int) -> str:
    """URL of one class of the province choropleth."""
    query = [("threshold", str(threshold_km)), ("bin", str(bin_))]
    if sectors:
        query.insert(0, ("sector", ",".join(sectors)))
    return f"{CHOROPLETH_URL}?{urlencode(query, safe=',')}"


def choropleth_layers(sectors: tuple[str, ...], threshold_km: int) -> list[dict]:
    """One MapLibre fill layer per class, each drawing its own GeoJSON URL."""
    return [
        {
            "sourcetype": "geojson",
            "source": choropleth_url(sectors, threshold_km, bin_),
            "type": "fill",
            "color": color,
            "opacity": CHOROPLETH_OPACITY,
            "below": "traces",
            "name": f"{CHOROPLETH_LAYER_PREFIX}{bin_}",
            "sourceattribution": "GeoNames",
        }
        for bin_, color in enumerate(CHOROPLETH_COLORS)
    ]


def choropleth_patch(previous: list[dict], layers: list[dict]) -> Patch:
    """Remove the previously appended layers (by value) and append ``layers``."""
    patch = Patch()
    for layer in previous:
        patch["layout"]["map"]["layers"].remove(layer)
    for layer in layers:
        patch["layout"]["map"]["layers"].append(layer)
    return patch


def wanted_layers(toggle: str | None, sectors: tuple[str, ...]) -> list[dict]:
    """The choropleth layers a toggle value asks for (none when off)."""
    if not toggle or toggle == TOGGLE_OFF:
        return []
    threshold = int(toggle)
    if threshold not in THRESHOLDS_KM:
        return []
    return choropleth_layers(sectors, threshold)


def choropleth_legend(lang: str) -> html.Ul:
    """Swatches of the choropleth classes."""
    bounds = [0, *(round(100 * e) for e in CHOROPLETH_EDGES), 100]
    items = [
        html.Li(
            [
                html.Span(
                    className="legend-swatch",
                    style={"backgroundColor": color, "opacity": CHOROPLETH_OPACITY},
                ),
                translate("analytics.access.bin", lang, low=low, high=high),
            ]
        )
        for color, low, high in zip(CHOROPLETH_COLORS, bounds, bounds[1:], strict=False)
    ]
    return html.Ul(items, className="legend list-unstyled small mb-2 access-legend")


# --------------------------------------------------------------------------- layout


def section(context: AppContext, lang: str) -> html.Section:
    """The analytics block of the explorer page (filled by the callbacks)."""
    columns = [
        {"field": c, "headerName": translate(f"analytics.access.col.{c}", lang)}
        for c in ACCESS_COLUMNS
    ]
    for column in columns:
        column.update({"sortable": True, "filter": True})
        if column["field"] in ("places", "population", "beyond_50", "beyond_100", "median"):
            column["type"] = "numericColumn"
        if column["field"] in ("area", "unit", "population"):
            column["minWidth"] = 130
    toggle_options = [
        {"label": translate("analytics.access.toggle.off", lang), "value": TOGGLE_OFF},
        *(
            {"label": translate(f"analytics.access.toggle.{km}", lang), "value": str(km)}
            for km in THRESHOLDS_KM
        ),
    ]
    network = html.Section(
        [
            html.H3(translate("analytics.network.heading", lang), className="h6"),
            html.P(translate("analytics.network.help", lang), className="small text-muted"),
            html.Div(
                dcc.Graph(id=ids.NETWORK_MATRIX, config=graph_config(lang, displayModeBar=False)),
                role="figure",
                **{"aria-label": translate("analytics.network.matrix_aria", lang)},
            ),
            html.P(id=ids.NETWORK_TOTAL, className="small mb-1"),
            html.P(
                id=ids.NETWORK_SELECTION,
                className="small fw-semibold",
                role="status",
                **{"aria-live": "polite"},
            ),
            html.H4(translate("analytics.network.top_heading", lang), className="h6"),
            html.Div(id=ids.NETWORK_TOP),
        ],
        className="analytics-network",
    )
    access = html.Section(
        [
            html.H3(translate("analytics.access.heading", lang), className="h6"),
            html.P(translate("analytics.access.help", lang), className="small text-muted"),
            html.Fieldset(
                [
                    html.Legend(
                        translate("analytics.access.toggle", lang),
                        className="form-label fw-semibold fs-6 mb-1",
                    ),
                    # Bootstrap's radio group: real radio inputs, each with its own label.
                    dbc.RadioItems(
                        options=toggle_options, value=TOGGLE_OFF, id=ids.ACCESS_TOGGLE, inline=True
                    ),
                ],
                className="mb-2",
            ),
            html.P(translate("analytics.access.legend", lang), className="small mb-1"),
            choropleth_legend(lang),
            html.P(
                id=ids.ACCESS_SUMMARY, className="small", role="status", **{"aria-live": "polite"}
            ),
            dag.AgGrid(
                id=ids.ACCESS_TABLE,
                columnDefs=columns,
                rowData=[],
                getRowId="params.data.id",
                defaultColDef={
                    "resizable": True,
                    "flex": 1,
                    "minWidth": 95,
                    "wrapHeaderText": True,
                    "autoHeaderHeight": True,
                },
                dashGridOptions={"animateRows": False},
                style={"height": "330px"},
                className="ag-theme-quartz",
            ),
            html.P(translate("analytics.access.credit", lang), className="small text-muted mt-1"),
            dcc.Store(id=ids.ACCESS_LAYERS, data=[]),
        ],
        className="analytics-access",
    )
    return html.Section(
        [
            html.H2(translate("analytics.heading", lang), className="h5"),
            html.Div([network, access], className="analytics-grid"),
        ],
        id=ids.ANALYTICS,
        className="analytics",
    )


# --------------------------------------------------------------------------- callbacks


def network_outputs(
    context: AppContext, data: dict | None, lang: str
) -> tuple[go.Figure, str, html.Component, str]:
    """Matrix figure, total line, most-connected list and a cleared selection line."""
    summary = analytics_for(context).network_for(state_from_store(data))
    return (
        matrix_figure(summary, lang),
        network_total_text(summary, lang),
        top_list(summary, lang),
        "",
    )


def access_outputs(context: AppContext, data: dict | None, lang: str) -> tuple[list, str]:
    """Access table rows and summary line for the state in the store."""
    state = state_from_store(data)
    summary = analytics_for(context).access_for(state)
    return access_rows(summary, state.countries, lang), access_summary_text(summary, lang)


def register_analytics_callbacks(
    app: Dash, context: AppContext, data_dir: Path | None = None
) -> None:
    """Wire the analytics section to ``app`` and build (and warm) the analytics caches.

    Parameters
    ----------
    app
        The Dash app.
    context
        The app context.
    data_dir
        Data folder with ``places/`` and ``basemap/`` (default: the repository's ``data/``).
    """
    analytics_for(context, data_dir).warm()

    @app.callback(
        Output(ids.NETWORK_MATRIX, "figure"),
        Output(ids.NETWORK_TOTAL, "children"),
        Output(ids.NETWORK_TOP, "children"),
        Output(ids.NETWORK_SELECTION, "children"),
        Input(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def update_network(data, lang):
        return network_outputs(context, data, lang)

    @app.callback(
        Output(ids.MAP, "figure", allow_duplicate=True),
        Output(ids.NETWORK_SELECTION, "children", allow_duplicate=True),
        Input(ids.NETWORK_MATRIX, "clickData"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def show_pair_links(click, data, lang):
        pair = clicked_pair(click)
        if pair is None:
            raise PreventUpdate
        patch, count = pair_highlight(context, state_from_store(data), pair)
        return patch, selection_text(pair, count, lang)

    @app.callback(
        Output(ids.ACCESS_TABLE, "rowData"),
        Output(ids.ACCESS_SUMMARY, "children"),
        Input(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def update_access(data, lang):
        return access_outputs(context, data, lang)

    @app.callback(
        Output(ids.MAP, "figure", allow_duplicate=True),
        Output(ids.ACCESS_LAYERS, "data"),
        Input(ids.ACCESS_TOGGLE, "value"),
        Input(ids.STATE, "data"),
        State(ids.ACCESS_LAYERS, "data"),
        prevent_initial_call=True,
    )
    def toggle_choropleth(toggle, data, previous):
        state = state_from_store(data).canonical(context.sector_ids)
        layers = wanted_layers(toggle, state.sectors)
        previous = previous or []
        if layers == previous:
            return no_update, no_update
        return choropleth_patch(previous, layers), layers
