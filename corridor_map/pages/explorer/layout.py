"""Page layout: header, filters, map with legend and details, summaries, table, credits.

Every visible string goes through :func:`corridor_map.i18n.translate`.
"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import dcc, html

from corridor_map import ids, schema
from corridor_map.context import AppContext
from corridor_map.i18n import translate
from corridor_map.i18n.language_menu import language_menu
from corridor_map.i18n.plotly_locales import graph_config
from corridor_map.i18n.widgets import dropdown_labels
from corridor_map.map.camera import with_camera
from corridor_map.map.toggles import layer_toggles, toggle_legend, toggle_spec, with_hidden
from corridor_map.pages import PageRequest, page_location
from corridor_map.pages.explorer.analytics import section as analytics_section
from corridor_map.pages.explorer.analytics import with_choropleth_slots
from corridor_map.pages.explorer.controls import labelled
from corridor_map.pages.explorer.grids import lazy_grid
from corridor_map.pages.explorer.matching import section as matching_section
from corridor_map.pages.explorer.matching import with_matching_slots
from corridor_map.pages.explorer.records import (
    BLOCK_SIZE,
    MAX_CONDITIONS,
    TABLE_COLUMNS,
    TEXT_FILTER_TYPES,
)
from corridor_map.pages.explorer.timeline import growth_section, year_control
from corridor_map.report import DECK_PATH
from corridor_map.view_state import ViewState
from layers import ENTITY_LAYERS, LINK_LAYER


def legend(lang: str) -> html.Ul:
    """Legend items drawn with the same colours and ring shapes as the map markers."""
    items = []
    for layer in ENTITY_LAYERS:
        swatch = html.Span(
            className="legend-swatch" + (" legend-ring" if layer.ring else ""),
            style={"backgroundColor": layer.color},
        )
        items.append(html.Li([swatch, translate(layer.label_key, lang)]))
    for color, key in (
        (LINK_LAYER.color, LINK_LAYER.label_key),
        (LINK_LAYER.cross_border_color, f"{LINK_LAYER.label_key}_cross_border"),
    ):
        items.append(
            html.Li(
                [
                    html.Span(className="legend-line", style={"backgroundColor": color}),
                    translate(key, lang),
                ]
            )
        )
    return html.Ul(items, className="legend list-unstyled mb-0")


#: The map's mode bar: zoom and reset only (keyboard users' way to zoom). Pan is the map's
#: own drag, selection tools select nothing here, and the image and share buttons duplicate
#: the brief's PNG or would leave the app.
MAP_BUTTONS = [["zoomInMap", "zoomOutMap", "resetViewMap"]]


def map_region(
    graph_id: str,
    figure,
    lang: str,
    *,
    graph_class: str,
    region_class: str,
    scroll_zoom: bool = True,
    mode_bar: bool | None = False,
    mode_bar_buttons: list[list[str]] | None = None,
) -> html.Div:
    """The map graph in a labelled region: one definition for explorer, briefing and embed.

    Parameters
    ----------
    graph_id, figure
        The ``dcc.Graph`` id and its figure.
    lang
        Language of the region's label and of plotly's locale.
    graph_class, region_class
        CSS classes of the graph and of its region.
    scroll_zoom
        Whether the mouse wheel zooms (off where the page must scroll past the map).
    mode_bar
        plotly's mode bar: ``None`` for plotly's default (on hover), or always on/off.
    mode_bar_buttons
        The only buttons the mode bar shows (plotly's ``modeBarButtons``), e.g.
        :data:`MAP_BUTTONS`; default: plotly's set.
    """
    # showSendToCloud: plotly 7 adds a button that uploads the chart to cloud.plotly.com.
    config = {
        "displaylogo": False,
        "showSendToCloud": False,
        "scrollZoom": scroll_zoom,
        "responsive": True,
    }
    if mode_bar is not None:
        config["displayModeBar"] = mode_bar
    if mode_bar_buttons is not None:
        config["modeBarButtons"] = mode_bar_buttons
    return html.Div(
        dcc.Graph(
            id=graph_id, figure=figure, className=graph_class, config=graph_config(lang, **config)
        ),
        role="region",
        className=region_class,
        **{"aria-label": translate("map.aria", lang)},
    )


def status_announcer() -> html.Div:
    """The page's one live region: assets/a11y.js writes each status change into it once."""
    return html.Div(
        id=ids.STATUS_ANNOUNCER,
        role="status",
        className="visually-hidden",
        **{"aria-live": "polite", "aria-atomic": "true"},
    )


def download_link(
    label_key: str, component_id: str, lang: str, href: str | None = None, primary: bool = False
) -> html.A:
    """A download button. The server names each file after the view (download_names.py): an
    empty ``download`` attribute lets its Content-Disposition name win."""
    style = "btn-primary" if primary else "btn-outline-primary"
    return html.A(
        translate(label_key, lang),
        id=component_id,
        href=href,
        className=f"btn {style} btn-sm me-2 mb-1",
        download="",
    )


def credits(lang: str, version: str = "") -> html.Footer:
    """Attribution, the data release (``version``, when given) and the neutral boundary
    disclaimer."""
    release = [" ", translate("credits.data_version", lang, version=version)] if version else []
    return html.Footer(
        [
            html.P(translate("disclaimer", lang), id=ids.DISCLAIMER, className="small mb-1"),
            html.P(
                [
                    translate("credits.basemap", lang),
                    " ",
                    translate("credits.registry", lang),
                    *release,
                ],
                id=ids.CREDITS,
                className="small text-muted mb-0",
            ),
        ],
        className="credits px-3 py-2",
    )


def _multi_filter(
    label_key: str,
    control_id: str,
    options: list[dict],
    lang: str,
    placeholder_key: str = "filters.any",
) -> html.Div:
    """A labelled multi-choice dropdown of the filter panel (empty: no restriction)."""
    dropdown = dcc.Dropdown(
        options,
        [],
        id=control_id,
        multi=True,
        placeholder=translate(placeholder_key, lang),
        labels=dropdown_labels(lang),
    )
    return labelled(translate(label_key, lang), control_id, dropdown)


def filters_panel(context: AppContext, lang: str) -> html.Div:
    """Sector, country, kind, status, programme and text filters, reset, notices and downloads."""
    sector_options = [
        {"label": translate(f"sector.{s}", lang), "value": s} for s in context.sector_ids
    ]
    country_options = [
        {"label": translate(f"country.{c}", lang), "value": c} for c in schema.COUNTRIES
    ]
    kind_options = [
        {"label": translate(f"kind.{k}", lang), "value": k} for k in schema.ENTITY_KINDS
    ]
    status_options = [
        {"label": translate(f"entity_status.{s}", lang), "value": s} for s in schema.ENTITY_STATUSES
    ]
    # Programme names are data (as written in links.csv), not interface text.
    programme_options = [
        {"label": f"{name} ({links})", "value": pid}
        for pid, name, links in context.programmes[["id", "name", "links"]].itertuples(index=False)
    ]
    return html.Div(
        [
            # Values the URL named that the app does not know (filled by the view callback).
            html.Div(
                [
                    html.Button(
                        "×",
                        id=ids.NOTICE_CLOSE,
                        className="btn-close float-end",
                        **{"aria-label": translate("notice.close", lang)},
                    ),
                    html.Div(id=ids.NOTICE),
                ],
                id=ids.NOTICE_BOX,
                className="alert alert-warning small",
                hidden=True,
            ),
            _multi_filter("filters.sector", ids.SECTOR_FILTER, sector_options, lang),
            # The sector rule in words (corridor_map/filters.py).
            html.P(
                translate("filters.sector_help", lang),
                id=ids.SECTOR_HELP,
                className="form-text small mt-n2 mb-3",
            ),
            _multi_filter("filters.country", ids.COUNTRY_FILTER, country_options, lang),
            _multi_filter("filters.kind", ids.KIND_FILTER, kind_options, lang),
            _multi_filter("filters.status", ids.STATUS_FILTER, status_options, lang),
            _multi_filter(
                "matching.programme.label",
                ids.PROGRAMME_FILTER,
                programme_options,
                lang,
                placeholder_key="matching.programme.placeholder",
            ),
            year_control(context, lang),
            labelled(
                translate("filters.search", lang),
                ids.SEARCH,
                dcc.Input(
                    id=ids.SEARCH,
                    type="search",
                    value="",
                    debounce=0.4,
                    className="form-control",
                    placeholder=translate("filters.search_hint", lang),
                ),
            ),
            html.Button(
                translate("filters.reset", lang),
                id=ids.RESET,
                className="btn btn-outline-secondary btn-sm mb-3",
            ),
            # Announced through the page's one live region (assets/a11y.js).
            html.P(id=ids.RESULT_TEXT, className="result-text", **{"data-announce": "1"}),
            html.Div(id=ids.KIND_COUNTS, className="mb-3"),
            html.Div(
                [
                    download_link("download.csv", ids.DOWNLOAD_CSV, lang, primary=True),
                    download_link("download.geojson", ids.DOWNLOAD_GEOJSON, lang),
                    download_link("brief.download", ids.DOWNLOAD_BRIEF, lang, "/brief.pdf"),
                    download_link("deck.download", ids.DOWNLOAD_SLIDES, lang, DECK_PATH),
                ],
                className="mb-2 downloads",
            ),
            html.Div(
                [
                    html.Span(
                        translate("download.links", lang),
                        id=ids.DOWNLOAD_LINKS_LABEL,
                        className="small me-2",
                    ),
                    download_link("download.csv", ids.DOWNLOAD_LINKS_CSV, lang),
                    download_link("download.geojson", ids.DOWNLOAD_LINKS_GEOJSON, lang),
                ],
                className="mb-3 downloads",
                role="group",
                **{"aria-labelledby": ids.DOWNLOAD_LINKS_LABEL},
            ),
            labelled(
                translate("share.label", lang),
                ids.SHARE_LINK,
                dcc.Input(
                    id=ids.SHARE_LINK,
                    type="text",
                    readOnly=True,
                    className="form-control form-control-sm",
                ),
            ),
        ],
        className="filters-panel p-3",
    )


def explorer_layout(
    context: AppContext, figure: go.Figure, request: PageRequest, view: ViewState | None = None
) -> html.Div:
    """The planner's explorer on ``/`` for ``request``: the map framed by the view's ``at``
    (``lat,lon,zoom``) and without the layers named in its ``hide``, if given. What follows
    the view's filters and selection is left empty: the page's first answer fills it
    (:class:`corridor_map.pages.explorer.callbacks.ExplorerViews`)."""
    lang = request.lang
    view = view or ViewState()
    at, hide = view.at, view.hide
    toggles = layer_toggles(context.plan)
    grid_props = {
        "columnDefs": [
            {"field": c, "headerName": translate(f"field.{c}", lang), "sortable": True}
            for c in TABLE_COLUMNS
        ],
        "getRowId": "params.data.id",
        # Every matching record, a block at a time: the server sorts and filters them all
        # (corridor_map/pages/explorer/records.py answers exactly these filter options).
        "rowModelType": "infinite",
        "defaultColDef": {
            "resizable": True,
            "minWidth": 110,
            "filter": "agTextColumnFilter",
            "filterParams": {
                "filterOptions": list(TEXT_FILTER_TYPES),
                "maxNumConditions": MAX_CONDITIONS,
            },
        },
        "dashGridOptions": {
            "cacheBlockSize": BLOCK_SIZE,
            # One block request at a time: dash-ag-grid answers the latest request it made,
            # so two in flight would cross; an answer that comes after the view changed
            # lands on a block the grid has dropped (AG Grid ignores it, then asks again).
            "maxConcurrentDatasourceRequests": 1,
            # A bounded number of blocks in the browser, however far a person scrolls.
            "maxBlocksInCache": 20,
            # One Tab stop: arrow keys move between cells (grid pattern), Tab leaves the
            # grid instead of visiting every cell; Enter on a row opens it (record-pick.js).
            "tabToNextCell": {"function": "false"},
            "tabToNextHeader": {"function": "false"},
            "rowSelection": {"mode": "singleRow", "checkboxes": False},
            "animateRows": False,
            # Every column's cells exist (a dozen columns): a screen reader and Ctrl+F find
            # them all, not only those scrolled into view.
            "suppressColumnVirtualisation": True,
        },
        "style": {"height": "330px"},
        "className": "ag-theme-quartz",
    }
    return html.Div(
        [
            page_location(ids.URL, request),
            dcc.Store(id=ids.STATE),
            dcc.Store(id=ids.MAP_VIEW),
            dcc.Store(id=ids.GRID_KEY, data={}),
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Store(id=ids.CAMERA, data=at or None),
            dcc.Store(id=ids.HIDDEN, data=",".join(hide)),
            dcc.Store(id=ids.EMBED_TITLE, data=translate("embed.iframe_title", lang)),
            status_announcer(),
            html.Header(
                html.Div(
                    [
                        html.H1(translate("app.title", lang), id=ids.TITLE, className="h3 mb-0"),
                        html.P(translate("app.subtitle", lang), className="mb-0 small"),
                        html.Div(
                            [
                                language_menu(ids.LANGUAGE_MENU, lang, view.query()),
                                html.A(
                                    translate("briefing.open", lang),
                                    id=ids.BRIEFING_LINK,
                                    href="/briefing",
                                    title=translate("briefing.open.title", lang),
                                    className="btn btn-light btn-sm",
                                ),
                                html.Button(
                                    translate("embed.button", lang),
                                    id=ids.EMBED_OPEN,
                                    className="btn btn-outline-light btn-sm",
                                    **{"aria-haspopup": "dialog"},
                                ),
                                # The browser's own modal dialog: focus kept inside, Escape
                                # closes it and focus returns to the button.
                                html.Dialog(
                                    [
                                        html.H2(
                                            translate("embed.dialog.title", lang),
                                            id=ids.EMBED_TITLE_HEADING,
                                            className="h5",
                                        ),
                                        html.P(translate("embed.dialog.help", lang)),
                                        html.Label(
                                            translate("embed.dialog.label", lang),
                                            htmlFor=ids.EMBED_SNIPPET,
                                            className="form-label fw-semibold",
                                        ),
                                        dcc.Textarea(
                                            id=ids.EMBED_SNIPPET,
                                            readOnly=True,
                                            rows=4,
                                            className="form-control font-monospace small mb-3",
                                        ),
                                        html.Button(
                                            translate("embed.dialog.close", lang),
                                            id=ids.EMBED_CLOSE,
                                            className="btn btn-secondary",
                                        ),
                                    ],
                                    id=ids.EMBED_MODAL,
                                    className="embed-dialog",
                                    **{"aria-labelledby": ids.EMBED_TITLE_HEADING},
                                ),
                            ],
                            className="header-actions d-flex flex-wrap gap-2 mt-1",
                        ),
                    ],
                    className="container-fluid",
                ),
                className="app-header py-2",
            ),
            html.Div(
                [
                    html.Aside(
                        filters_panel(context, lang),
                        className="sidebar",
                        **{"aria-label": translate("filters.heading", lang)},
                    ),
                    html.Main(
                        [
                            html.Div(
                                [
                                    map_region(
                                        ids.MAP,
                                        with_matching_slots(
                                            with_choropleth_slots(
                                                with_hidden(with_camera(figure, at), toggles, hide)
                                            )
                                        ),
                                        lang,
                                        graph_class="map-graph",
                                        region_class="map-frame",
                                        mode_bar=None,
                                        mode_bar_buttons=MAP_BUTTONS,
                                    ),
                                    # Open at first; a planner can fold it away
                                    # to see the whole map.
                                    html.Details(
                                        [
                                            html.Summary(
                                                translate("legend.heading", lang),
                                                id=ids.LEGEND_HEADING,
                                                className="fw-semibold",
                                            ),
                                            html.Div(
                                                toggle_legend(
                                                    ids.LAYER_TOGGLE, toggles, lang, hide
                                                ),
                                                id=ids.LAYER_TOGGLES,
                                                role="group",
                                                **{"aria-labelledby": ids.LEGEND_HEADING},
                                            ),
                                            dcc.Store(id=ids.LAYER_SPEC, data=toggle_spec(toggles)),
                                        ],
                                        open=True,
                                        className="map-legend shadow-sm",
                                    ),
                                    html.Aside(
                                        [
                                            html.Button(
                                                "×",
                                                id=ids.DETAIL_CLOSE,
                                                className="btn-close-detail",
                                                **{"aria-label": translate("detail.close", lang)},
                                            ),
                                            html.Div(id=ids.DETAIL_BODY),
                                        ],
                                        id=ids.DETAIL,
                                        className="detail-panel shadow",
                                        # Not live: opening a record moves focus to its
                                        # heading (assets/a11y.js), which is read then.
                                        **{"aria-label": translate("detail.heading", lang)},
                                    ),
                                ],
                                className="map-area",
                            ),
                            html.Div(
                                [
                                    html.Section(
                                        [
                                            html.H2(
                                                translate("summary.matrix", lang), className="h6"
                                            ),
                                            dcc.Graph(
                                                id=ids.MATRIX_CHART,
                                                config=graph_config(lang, displayModeBar=False),
                                            ),
                                        ],
                                        className="summary-chart",
                                    ),
                                    html.Section(
                                        [
                                            html.H2(
                                                translate("summary.table", lang), className="h6"
                                            ),
                                            # Keyboard users pass the list and the table in
                                            # one step.
                                            html.A(
                                                translate("records.skip", lang),
                                                href=f"#{ids.RECORDS_END}",
                                                id=ids.RECORDS_SKIP,
                                                className="visually-hidden-focusable",
                                            ),
                                            html.Div(id=ids.RECORD_LIST, className="record-list"),
                                            dcc.Store(id=ids.RECORD_LIST_DATA),
                                            lazy_grid(
                                                ids.RECORDS_GRID, ids.TABLE, grid_props, lang
                                            ),
                                            dcc.Store(id=ids.RECORD_PICK),
                                            html.Div(id=ids.RECORDS_END, tabIndex="-1"),
                                        ],
                                        className="summary-table",
                                    ),
                                ],
                                className="summaries",
                            ),
                            analytics_section(context, lang),
                            growth_section(lang),
                            matching_section(lang),
                        ],
                        className="content",
                    ),
                ],
                className="workspace",
            ),
            credits(lang, context.registry.version),
        ],
        className="app-shell",
        lang=lang,
    )
