"""Corridor analytics on the explorer: the network matrix and the innovation-access gap.

:func:`section` is the layout block; :func:`register_analytics_callbacks` wires it to the
explorer state store. The map is only ever changed with ``dash.Patch``: a matrix click sets
the existing highlight-links trace, and the province choropleth appends (and later removes)
``layout.map.layers`` entries whose sources are URLs served by
:mod:`corridor_map.http.analytics_api` — no GeoJSON travels through a callback.
"""

from __future__ import annotations

from urllib.parse import urlencode

import numpy as np
from dash import Dash, Input, Output, State, dcc, html
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
from corridor_map.i18n import format_number, translate
from corridor_map.i18n.plotly_locales import graph_config
from corridor_map.i18n.widgets import number_column
from corridor_map.map.figure import country_label
from corridor_map.map.view import map_view
from corridor_map.pages.explorer.controls import switch
from corridor_map.pages.explorer.grids import lazy_grid
from corridor_map.pages.explorer.views import empty_figure
from corridor_map.place_names import province_label
from corridor_map.view_state import ViewState
from layers import BASE_LAYERS

#: Served by :func:`corridor_map.http.analytics_api.register_analytics_api`.
CHOROPLETH_URL = "/analytics/access-provinces.geojson"
CHOROPLETH_LAYER_PREFIX = "access-gap-"
CHOROPLETH_OPACITY = 0.6
TOGGLE_OFF = "off"
#: Where the choropleth's layers start in the explorer figure's ``layout.map.layers``: after
#: every base layer (the explorer draws them all; see ``base_map_layers``).
CHOROPLETH_FIRST_SLOT = len(BASE_LAYERS)
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


def matrix_figure(summary: NetworkSummary, lang: str) -> dict:
    """Heatmap of cross-border links per country pair (upper triangle; a cell per pair).

    Each cell's ``customdata`` is ``"A|B"`` (the two country codes) for click handling. A
    plain figure dict, rebuilt on every filter change without ``go.Figure``'s validation.
    """
    matrix = summary.matrix
    codes = list(matrix.index)
    names = [translate(f"country.{c}", lang) for c in codes]
    upper = np.triu(np.ones(matrix.shape, dtype=bool), k=1)
    z = np.where(upper, matrix.to_numpy().astype(float), np.nan)
    text = [
        [format_number(int(z[i, j]), lang) if upper[i, j] else "" for j in range(len(codes))]
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
    if not np.nansum(z):
        return empty_figure(translate("chart.empty_links", lang), 300)
    return {
        "data": [
            {
                "type": "heatmap",
                "z": z,
                "x": names,
                "y": names,
                "text": text,
                "texttemplate": "%{text}",
                "customdata": custom,
                "hovertext": hover,
                "hoverinfo": "text",
                "colorscale": "Blues",
                "zmin": 0,
                "showscale": False,
                "xgap": 2,
                "ygap": 2,
            }
        ],
        "layout": {
            "margin": {"l": 110, "r": 10, "t": 10, "b": 90},
            "height": 300,
            "yaxis": {"autorange": "reversed", "fixedrange": True},
            "xaxis": {"side": "bottom", "tickangle": -35, "fixedrange": True},
            "font": {"size": 12},
        },
    }


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
                betweenness=format_number(row["betweenness"], lang, digits=3),
            )
        )
        for row in summary.top.to_dict("records")
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


def pair_view(
    context: AppContext,
    filters: FilterState,
    selected: str | None,
    pair: tuple[str, str],
    lang: str,
) -> tuple[dict, str]:
    """The map view with the pair's links (those shown under ``filters``) highlighted, and
    the status line saying how many there are.

    Returns
    -------
    view, text
        The compact map view (:func:`corridor_map.map.view.map_view`) and the status line.
    """
    links = context.registry.links
    result = context.result(filters)
    chosen = links.index.isin(pair_links(links[result.links], *pair).index)
    view = map_view(context, result, selected, highlight_links=chosen)
    return view, selection_text(pair, int(chosen.sum()), lang)


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
    unit_country = {unit: country for country, unit in COUNTRY_UNIT.items()}
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
                    "area": unit_name
                    if level == "unit"
                    else province_label(
                        record["admin1"], lang, country=unit_country.get(record["unit"])
                    ),
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
        population=int(overall["population"]),
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


def choropleth_threshold(toggle: str | None) -> int | None:
    """The distance a toggle value asks the choropleth for (``None`` when off or unknown)."""
    return next((km for km in THRESHOLDS_KM if toggle == str(km)), None)


def with_choropleth_slots(figure) -> dict:
    """The explorer's map figure with the choropleth's fill layers appended, switched off.

    The layers are always there, so showing, hiding or re-sourcing them is a plain layout
    change in the compact map view (:func:`choropleth_changes`), the map's one writer.
    ``figure`` is a shared ``go.Figure`` (copied) or a dict that is a copy already.
    """
    framed = figure.to_dict() if hasattr(figure, "to_dict") else figure
    slots = [{**layer, "visible": False} for layer in choropleth_layers((), THRESHOLDS_KM[0])]
    framed["layout"]["map"]["layers"] = [*framed["layout"]["map"].get("layers", ()), *slots]
    return framed


def choropleth_changes(first_slot: int, sectors: tuple[str, ...], threshold: int | None) -> dict:
    """Layout changes (dotted path -> value) that show the choropleth a toggle asks for.

    Parameters
    ----------
    first_slot
        Index of the first choropleth layer in ``layout.map.layers``.
    sectors
        The sector filter (the distances are to hubs of these sectors).
    threshold
        The distance the switch asks for (:func:`choropleth_threshold`), ``None`` when off.
    """
    layers = choropleth_layers(sectors, threshold or THRESHOLDS_KM[0])
    changes = {}
    for offset, layer in enumerate(layers):
        changes[f"map.layers.{first_slot + offset}.source"] = layer["source"]
        changes[f"map.layers.{first_slot + offset}.visible"] = threshold is not None
    return changes


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
        if column["field"] in ("places", "population"):
            column.update(number_column(lang))
        if column["field"] in ("beyond_50", "beyond_100", "median"):
            column.update(number_column(lang, digits=1))
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
                **{"data-announce": "2"},  # through the page's one live region
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
            switch(
                translate("analytics.access.toggle", lang),
                ids.ACCESS_TOGGLE,
                toggle_options,
                TOGGLE_OFF,
            ),
            html.P(translate("analytics.access.legend", lang), className="small mb-1"),
            choropleth_legend(lang),
            html.P(
                id=ids.ACCESS_SUMMARY,
                className="small",
                **{"data-announce": "4"},  # through the page's one live region
            ),
            lazy_grid(
                ids.ACCESS_GRID,
                ids.ACCESS_TABLE,
                {
                    "columnDefs": columns,
                    "getRowId": "params.data.id",
                    "defaultColDef": {
                        "resizable": True,
                        "flex": 1,
                        "minWidth": 95,
                        "wrapHeaderText": True,
                        "autoHeaderHeight": True,
                    },
                    "dashGridOptions": {"animateRows": False},
                    "style": {"height": "330px"},
                    "className": "ag-theme-quartz",
                },
                lang,
            ),
            html.P(translate("analytics.access.credit", lang), className="small text-muted mt-1"),
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
    context: AppContext, filters: FilterState, lang: str
) -> tuple[dict, str, html.Component, str]:
    """Matrix figure, total line, most-connected list and a cleared selection line."""
    summary = analytics_for(context).network_for(filters)
    return (
        matrix_figure(summary, lang),
        network_total_text(summary, lang),
        top_list(summary, lang),
        "",
    )


def access_outputs(context: AppContext, filters: FilterState, lang: str) -> tuple[str]:
    """The access summary line for ``filters`` (the table's rows load with the table)."""
    return (access_summary_text(analytics_for(context).access_for(filters), lang),)


def access_table_rows(
    context: AppContext, filters: FilterState, lang: str, radius_km: float | None = None
) -> list[dict[str, object]]:
    """The access table's rows for ``filters`` (``radius_km`` is not used: one signature for
    every lazy grid's rows)."""
    return access_rows(analytics_for(context).access_for(filters), filters.countries, lang)


def warm_analytics(context: AppContext) -> None:
    """Build the analytics of ``context`` and fill their caches for the usual views, at
    start-up (in the preloaded master), so no user waits for them."""
    analytics_for(context).warm()


def register_analytics_callbacks(app: Dash, context: AppContext) -> None:
    """Wire the analytics section's own interactions (a matrix click, the choropleth
    switch), each one round trip writing the compact map view; what follows the filters is
    rendered by the explorer's one view callback."""

    @app.callback(
        Output(ids.MAP_VIEW, "data", allow_duplicate=True),
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
        view = ViewState.from_json(data)
        return pair_view(context, view.filters, view.selected, pair, lang)

    @app.callback(
        Output(ids.MAP_VIEW, "data", allow_duplicate=True),
        Input(ids.ACCESS_TOGGLE, "value"),
        State(ids.STATE, "data"),
        prevent_initial_call=True,
    )
    def show_choropleth(toggle, data):
        view = ViewState.from_json(data)
        changes = choropleth_changes(
            CHOROPLETH_FIRST_SLOT, view.filters.sectors, choropleth_threshold(toggle)
        )
        return map_view(context, context.result(view.filters), view.selected, changes)
