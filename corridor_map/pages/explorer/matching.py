"""Where to cooperate on the explorer: the hub–zone map mode, its table, the partner finder.

- :func:`section` is the layout block (a map-mode switch, the radius, the counts in words, a
  table and a CSV download); it follows the sector, country and programme filters through
  the explorer's one view callback (:func:`coverage_outputs`, :func:`matching_changes`).
- The map mode is three MapLibre layers appended to the explorer's map (after the
  choropleth's): lines to each zone's nearest matching hub where a project link exists
  (solid) or not yet (dashed), and the gap zones as red circles. Their sources are URLs
  served by :mod:`corridor_map.http.analytics_api`, so no GeoJSON travels in a callback.
- :func:`partner_panel` lists the partner candidates of the selected record in the detail
  panel; each candidate is a partner button, so clicking it selects it on the map.
- :func:`register_matching_callbacks`: the switch and the radius, one round trip each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from dash import Dash, Input, Output, Patch, State, html, no_update

from corridor_map import ids, schema
from corridor_map.analytics import analytics_for, coverage_text
from corridor_map.analytics.matching import (
    DEFAULT_LIMIT,
    DEFAULT_RADIUS_KM,
    reason_text,
    score_rule,
)
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.i18n import translate
from corridor_map.i18n.widgets import number_column
from corridor_map.map.figure import country_label
from corridor_map.map.view import map_view
from corridor_map.pages.explorer.analytics import CHOROPLETH_FIRST_SLOT
from corridor_map.pages.explorer.controls import switch
from corridor_map.pages.explorer.grids import (
    GRID_OPEN,
    GRID_ROWS,
    is_open,
    lazy_grid,
    part_id,
    rows_key,
    rows_payload,
)
from corridor_map.pages.explorer.views import partner_button_index
from corridor_map.view_state import ViewState

#: Served by :func:`corridor_map.http.analytics_api.register_analytics_api`.
HUB_ZONE_URL = "/analytics/hub-zone.geojson"
HUB_ZONE_API = "/api/v1/analytics/hub-zone"
PARTNERS_API = "/api/v1/analytics/partners"
#: Where the map mode's layers start: after the choropleth's four.
MATCH_FIRST_SLOT = CHOROPLETH_FIRST_SLOT + 4
MATCH_LAYER_PREFIX = "hub-zone-"
TOGGLE_OFF, TOGGLE_ON = "off", "on"
RADIUS_OPTIONS_KM = (25, 50, 100, 200, 300)
GAP_COLOR = "#d7301f"
#: Hub–zone lines: purple, apart from the project links' grey and orange.
MATCH_COLOR = "#6a3d9a"
#: MapLibre line dash of the "no link yet" lines (dash and gap, in line widths).
DASH = [2, 2]
MATCH_COLUMNS = (
    "zone",
    "country",
    "hub",
    "distance",
    "linked",
    "cross_hub",
    "cross_km",
    "cross_linked",
    "gap",
)


def coverage_filters(filters: FilterState) -> FilterState:
    """The parts of a filter the coverage follows (sectors, countries, programmes)."""
    return FilterState(
        sectors=filters.sectors, countries=filters.countries, programmes=filters.programmes
    )


def radius_of(value: object) -> float:
    """The radius a control sends, or the default when it is not one of the options."""
    try:
        radius = int(value)
    except (TypeError, ValueError):
        return DEFAULT_RADIUS_KM
    return float(radius) if radius in RADIUS_OPTIONS_KM else DEFAULT_RADIUS_KM


def _radius_text(radius_km: float) -> str:
    return str(int(radius_km)) if float(radius_km).is_integer() else f"{radius_km:g}"


def hub_zone_url(filters: FilterState, radius_km: float, part: str) -> str:
    """URL of one part of the map mode's GeoJSON."""
    view = ViewState(filters=coverage_filters(filters))
    return HUB_ZONE_URL + view.query(radius_km=_radius_text(radius_km), part=part)


def download_href(filters: FilterState, radius_km: float) -> str:
    """The coverage's CSV download under the filters."""
    view = ViewState(filters=coverage_filters(filters))
    return HUB_ZONE_API + view.query(radius_km=_radius_text(radius_km), format="csv")


def matching_layers(filters: FilterState, radius_km: float) -> list[dict]:
    """The map mode's three MapLibre layers (linked lines, dashed lines, gap circles)."""
    line = {"sourcetype": "geojson", "type": "line", "below": "traces"}
    return [
        {
            **line,
            "source": hub_zone_url(filters, radius_km, "linked"),
            "color": MATCH_COLOR,
            "line": {"width": 2.5},
            "name": f"{MATCH_LAYER_PREFIX}linked",
        },
        {
            **line,
            "source": hub_zone_url(filters, radius_km, "unlinked"),
            "color": MATCH_COLOR,
            "line": {"width": 2, "dash": DASH},
            "name": f"{MATCH_LAYER_PREFIX}unlinked",
        },
        {
            "sourcetype": "geojson",
            "type": "circle",
            "below": "traces",
            "source": hub_zone_url(filters, radius_km, "gaps"),
            "color": GAP_COLOR,
            "opacity": 0.45,
            "circle": {"radius": 11},
            "name": f"{MATCH_LAYER_PREFIX}gaps",
        },
    ]


def with_matching_slots(figure: dict) -> dict:
    """The explorer's map figure (a dict, after the choropleth slots) with the map mode's
    layers appended, switched off; showing them is a layout change (:func:`matching_changes`)."""
    slots = [{**layer, "visible": False} for layer in matching_layers(FilterState(), 100)]
    layers = figure["layout"]["map"].get("layers", [])
    assert len(layers) == MATCH_FIRST_SLOT, "the map mode's layers follow the choropleth's"
    figure["layout"]["map"]["layers"] = [*layers, *slots]
    return figure


def matching_changes(filters: FilterState, radius_km: float, toggle: str | None) -> dict:
    """Layout changes (dotted path -> value) that show the map mode as the switch asks."""
    on = toggle == TOGGLE_ON
    changes = {}
    for offset, layer in enumerate(matching_layers(filters, radius_km)):
        changes[f"map.layers.{MATCH_FIRST_SLOT + offset}.source"] = layer["source"]
        changes[f"map.layers.{MATCH_FIRST_SLOT + offset}.visible"] = on
    return changes


def coverage_table_rows(
    context: AppContext, filters: FilterState, lang: str, radius_km: float | None = None
) -> list[dict]:
    """Table rows, one per zone, gaps first (loaded only while the table is open)."""
    coverage = analytics_for(context).coverage_for(filters, radius_of(radius_km))
    names = context.registry.entities["name"]
    yes, no = translate("matching.yes", lang), translate("matching.no", lang)
    none = translate("matching.none_found", lang)
    zones = coverage.zones.sort_values("gap", ascending=False, kind="stable")
    countries = zones["country"].map({c: translate(f"country.{c}", lang) for c in schema.COUNTRIES})
    # A Chinese zone outside Yunnan is named as such ("China — Beijing (outside the corridor)").
    outside = (zones["unit"] == schema.OUTSIDE_UNIT).to_numpy()
    entities = context.registry.entities
    countries[outside] = [country_label(entities.loc[i], lang) for i in zones.index[outside]]
    table = pd.DataFrame(
        {
            "id": zones.index,
            "zone": zones.index.map(names),
            "country": countries.to_numpy(),
            "hub": zones["hub_id"].map(names).fillna(none).to_numpy(),
            "distance": zones["hub_km"].round(1).to_numpy(),
            "linked": np.where(zones["hub_linked"], yes, no),
            "cross_hub": zones["cross_hub_id"].map(names).fillna(none).to_numpy(),
            "cross_km": zones["cross_km"].round(1).to_numpy(),
            "cross_linked": np.where(zones["cross_linked"], yes, no),
            "gap": np.where(zones["gap"], yes, no),
        }
    )
    for column in ("distance", "cross_km"):
        table[column] = table[column].astype(object).where(np.isfinite(table[column]), None)
    return table.to_dict("records")


def coverage_rows_key(filters: FilterState, lang: str, radius_km: float | None) -> str:
    """The key of the coverage table's rows (:func:`~corridor_map.pages.explorer.grids.
    rows_key`): they follow the filters, the language and the radius."""
    return rows_key(ViewState(filters=filters).query(), lang, radius_of(radius_km))


def coverage_outputs(
    context: AppContext, filters: FilterState, radius_km: float, lang: str
) -> tuple[str, str]:
    """The counts in words and the CSV download link (the table's rows load with it)."""
    coverage = analytics_for(context).coverage_for(filters, radius_km)
    return coverage_text(coverage, lang), download_href(filters, radius_km)


#: Outputs of :func:`coverage_outputs`, in order.
COVERAGE_OUTPUTS = (
    Output(ids.MATCH_SUMMARY, "children"),
    Output(ids.MATCH_DOWNLOAD, "href"),
)


def partner_panel(context: AppContext, record_id: str | None, lang: str) -> html.Section | None:
    """The selected record's partner candidates: name (a button selecting it), country,
    score and reasons; the scoring rule; the CSV download."""
    if not record_id or record_id not in context.registry.entities.index:
        return None
    found = analytics_for(context).partners(record_id, DEFAULT_LIMIT)
    entities = context.registry.entities
    # Only the names shown (candidates and common partners), not a dict of every record.
    named = sorted(
        {*found["id"]}
        | {
            i
            for reasons in found["reasons"]
            for r in reasons
            if r.code == "common_partner"
            for i in r.detail
        }
    )
    rows = entities.index.get_indexer(named)
    names = dict(zip(named, entities["name"].to_numpy()[rows], strict=True))
    heading = html.H3(translate("matching.partners.heading", lang), className="h6")
    if found.empty:
        body = html.P(translate("matching.partners.none", lang), className="small text-muted")
        return html.Section([heading, body], id=ids.PARTNER_PANEL, className="partner-panel")
    items = [
        html.Li(
            [
                html.Button(
                    names[row["id"]],
                    id={"type": ids.PARTNER, "index": partner_button_index(row["id"], "match")},
                    className="btn btn-link btn-sm p-0 text-start partner-link",
                ),
                html.Span(
                    " · ".join(
                        [
                            "",
                            country_label(entities.loc[row["id"]], lang),
                            translate("matching.partners.score", lang, score=int(row["score"])),
                        ]
                    ),
                    className="text-muted",
                ),
                html.Ul(
                    [html.Li(reason_text(r, lang, names)) for r in row["reasons"]],
                    className="partner-reasons",
                ),
            ],
            className="mb-2",
        )
        for row in found.to_dict("records")
    ]
    view = ViewState(selected=record_id, lang=lang if lang != "en" else "")
    return html.Section(
        [
            heading,
            html.Ol(items, className="small ps-3 partner-list"),
            html.P(score_rule(lang), className="small text-muted"),
            html.A(
                translate("matching.partners.download", lang),
                id=ids.PARTNER_DOWNLOAD,
                href=PARTNERS_API + view.query(format="csv"),
                rel="noopener noreferrer",
                className="btn btn-outline-primary btn-sm",
            ),
        ],
        id=ids.PARTNER_PANEL,
        className="partner-panel",
    )


def matching_legend(lang: str) -> html.Ul:
    """Legend of the map mode: linked line, dashed line, gap circle."""
    swatch = "legend-line"
    return html.Ul(
        [
            html.Li(
                [
                    html.Span(className=swatch, style={"backgroundColor": MATCH_COLOR}),
                    translate("matching.legend.linked", lang),
                ]
            ),
            html.Li(
                [
                    html.Span(
                        className=f"{swatch} legend-dashed",
                        style={"borderColor": MATCH_COLOR},
                    ),
                    translate("matching.legend.unlinked", lang),
                ]
            ),
            html.Li(
                [
                    html.Span(
                        className="legend-swatch legend-ring",
                        style={"backgroundColor": GAP_COLOR, "opacity": 0.6},
                    ),
                    translate("matching.legend.gap", lang),
                ]
            ),
        ],
        className="legend list-unstyled small mb-2 matching-legend",
    )


def section(lang: str) -> html.Section:
    """The "Where to cooperate" block of the explorer (filled by the callbacks)."""
    columns = [
        {
            "field": c,
            "headerName": translate(f"matching.col.{c}", lang),
            "sortable": True,
            "filter": True,
        }
        for c in MATCH_COLUMNS
    ]
    for column in columns:
        if column["field"] in ("distance", "cross_km"):
            column.update(number_column(lang, digits=1))
        if column["field"] in ("zone", "hub", "cross_hub"):
            column["minWidth"] = 180
    toggle = [
        {"label": translate(f"matching.toggle.{value}", lang), "value": value}
        for value in (TOGGLE_OFF, TOGGLE_ON)
    ]
    radius = [
        {"label": translate("matching.radius.option", lang, km=km), "value": km}
        for km in RADIUS_OPTIONS_KM
    ]
    return html.Section(
        [
            html.H2(translate("matching.heading", lang), className="h5"),
            html.P(translate("matching.help", lang), className="small text-muted"),
            html.Div(
                [
                    switch(
                        translate("matching.show", lang),
                        ids.MATCH_TOGGLE,
                        toggle,
                        TOGGLE_OFF,
                        class_name="me-4",
                        style={"minWidth": "12rem"},
                    ),
                    switch(
                        translate("matching.radius", lang),
                        ids.MATCH_RADIUS,
                        radius,
                        int(DEFAULT_RADIUS_KM),
                        class_name="",
                        style={"minWidth": "8rem"},
                    ),
                ],
                className="d-flex flex-wrap align-items-end mb-2",
            ),
            matching_legend(lang),
            html.P(
                id=ids.MATCH_SUMMARY,
                className="small fw-semibold",
                **{"data-announce": "3"},  # through the page's one live region
            ),
            lazy_grid(
                ids.MATCH_GRID,
                ids.MATCH_TABLE,
                {
                    "columnDefs": columns,
                    "getRowId": "params.data.id",
                    "defaultColDef": {"resizable": True, "minWidth": 95, "wrapHeaderText": True},
                    "dashGridOptions": {"animateRows": False},
                    "style": {"height": "330px"},
                    "className": "ag-theme-quartz",
                },
                lang,
            ),
            html.A(
                translate("matching.download", lang),
                id=ids.MATCH_DOWNLOAD,
                href=download_href(FilterState(), DEFAULT_RADIUS_KM),
                className="btn btn-outline-primary btn-sm mt-2",
            ),
        ],
        id=ids.MATCHING,
        className="analytics matching",
    )


def register_matching_callbacks(app: Dash, context: AppContext) -> None:
    """Wire the map-mode switch and the radius (one round trip per change): the map view
    and the table follow; the filters' changes are rendered by the explorer's view callback."""

    @app.callback(
        Output(ids.MAP_VIEW, "data", allow_duplicate=True),
        *(
            Output(o.component_id, o.component_property, allow_duplicate=True)
            for o in COVERAGE_OUTPUTS
        ),
        Output(ids.GRID_KEY, "data", allow_duplicate=True),
        Output(part_id(GRID_ROWS, ids.MATCH_GRID), "data", allow_duplicate=True),
        Input(ids.MATCH_TOGGLE, "value"),
        Input(ids.MATCH_RADIUS, "value"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        State(part_id(GRID_OPEN, ids.MATCH_GRID), "n_clicks"),
        prevent_initial_call=True,
    )
    def show_matching(toggle, radius, data, lang, table_clicks=None):
        view = ViewState.from_json(data)
        lang = lang or "en"
        radius_km = radius_of(radius)
        changes = matching_changes(view.filters, radius_km, toggle)
        # The table's rows follow the radius: sent now if it is open, else when it opens.
        key = coverage_rows_key(view.filters, lang, radius_km)
        keys = Patch()
        keys[ids.MATCH_GRID] = key
        rows = (
            rows_payload(key, coverage_table_rows(context, view.filters, lang, radius_km))
            if is_open(table_clicks)
            else no_update
        )
        return (
            map_view(context, context.result(view.filters), view.selected, changes),
            *coverage_outputs(context, view.filters, radius_km, lang),
            keys,
            rows,
        )
