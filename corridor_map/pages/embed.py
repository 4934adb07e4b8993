"""The public embed on ``/embed``, and the explorer's "Embed" dialog.

``/embed`` is the map with only a sector and a country filter, the legend, an attribution
line and a link to the full map. It reads and writes the same URL parameters as the
explorer (:mod:`corridor_map.url_state`; ``kind``, ``q``, ``id``, ``lang`` and the map
framing ``at`` are kept though there is no control for them), so an explorer URL opens the
same view here and back.
It is the only page other sites may frame (:mod:`corridor_map.http.security`).
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from urllib.parse import urlparse

import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from corridor_map import ids, schema
from corridor_map.context import AppContext
from corridor_map.filters import FilterState, apply
from corridor_map.i18n import translate
from corridor_map.map.camera import PARAM as CAMERA_PARAM
from corridor_map.map.camera import with_camera
from corridor_map.map.figure import CORRIDOR_BOUNDS
from corridor_map.map.toggles import layer_toggles, with_hidden
from corridor_map.map.view import map_view, register_map_view
from corridor_map.pages import PageRequest
from corridor_map.pages.explorer.callbacks import state_from_store, url_lang
from corridor_map.pages.explorer.layout import legend, map_region
from corridor_map.url_state import HIDE_PARAM, kept_params, parse, to_query

EMBED_PATH = "/embed"
IFRAME_WIDTH = 600
IFRAME_HEIGHT = 400


# --------------------------------------------------------------------------- pure helpers


def embed_state(context: AppContext, search: str | None) -> FilterState:
    """The view an embed URL asks for (unknown values are left out silently)."""
    state, _dropped = parse(search or "", context.sector_ids, context.registry.entities.index)
    return state


def reduce_embed(
    context: AppContext,
    triggered: object,
    search: str | None,
    sectors: list | None,
    countries: list | None,
) -> tuple[FilterState, str]:
    """Next state and query string of the embed; pure (tested without a browser).

    The URL decides on load and on back/forward; a dropdown changes only its own filter
    and keeps everything else the URL said.
    """
    state = embed_state(context, search)
    if triggered in (ids.EMBED_SECTOR, ids.EMBED_COUNTRY):
        state = replace(
            state, sectors=tuple(sectors or ()), countries=tuple(countries or ())
        ).canonical(context.sector_ids)
    return state, to_query(state, kept_params(search))


def full_map_href(state: FilterState, lang: str, at: str = "", hide: str = "") -> str:
    """The explorer on the same view (and the same map framing ``at``, if any)."""
    return "/" + to_query(state, {"lang": lang, CAMERA_PARAM: at, HIDE_PARAM: hide})


def iframe_snippet(
    href: str | None, state: FilterState, lang: str, at: str = "", hide: str = ""
) -> str:
    """The ``<iframe>`` code embedding ``state`` (framed by ``at``) from ``href``'s origin."""
    parsed = urlparse(href or "")
    origin = f"{parsed.scheme}://{parsed.netloc}" if parsed.netloc else ""
    src = origin + EMBED_PATH + to_query(state, {"lang": lang, CAMERA_PARAM: at, HIDE_PARAM: hide})
    return (
        f'<iframe src="{escape(src)}" width="{IFRAME_WIDTH}" height="{IFRAME_HEIGHT}"'
        f' title="{escape(translate("embed.iframe_title", lang))}" loading="lazy"'
        ' style="border:0"></iframe>'
    )


# --------------------------------------------------------------------------- layout


def _dropdown(control_id: str, label: str, options: list[dict], value: list, lang: str):
    return html.Div(
        [
            html.Label(label, htmlFor=control_id, className="embed-label"),
            dcc.Dropdown(
                options,
                value,
                id=control_id,
                multi=True,
                placeholder=translate("filters.any", lang),
                className="embed-dropdown",
            ),
        ],
        className="embed-filter",
    )


def embed_layout(page: PageRequest, context: AppContext, figure: go.Figure) -> html.Div:
    """The embeddable map page."""
    lang = page.lang
    state = embed_state(context, page.query)
    kept = kept_params(page.query)
    sector_options = [
        {"label": translate(f"sector.{s}", lang), "value": s} for s in context.sector_ids
    ]
    country_options = [
        {"label": translate(f"country.{c}", lang), "value": c} for c in schema.COUNTRIES
    ]
    return html.Div(
        [
            dcc.Location(id=ids.EMBED_URL, refresh=False),
            dcc.Store(id=ids.EMBED_LANG, data=lang),
            dcc.Store(id=ids.EMBED_MAP_VIEW),
            dcc.Store(id=ids.EMBED_FIT, data=list(CORRIDOR_BOUNDS)),
            html.Header(
                [
                    _dropdown(
                        ids.EMBED_SECTOR,
                        translate("filters.sector", lang),
                        sector_options,
                        list(state.sectors),
                        lang,
                    ),
                    _dropdown(
                        ids.EMBED_COUNTRY,
                        translate("filters.country", lang),
                        country_options,
                        list(state.countries),
                        lang,
                    ),
                ],
                className="embed-filters",
            ),
            html.Main(
                [
                    # No wheel zoom: inside a news page the wheel must scroll the page.
                    map_region(
                        ids.EMBED_MAP,
                        with_hidden(
                            with_camera(figure, kept[CAMERA_PARAM]),
                            layer_toggles(context.plan, detail=False),
                            kept[HIDE_PARAM],
                        ),
                        lang,
                        graph_class="embed-graph",
                        region_class="embed-map",
                        scroll_zoom=False,
                    ),
                    html.Details(
                        [
                            html.Summary(translate("embed.legend", lang)),
                            legend(lang),
                        ],
                        className="embed-legend",
                    ),
                ],
                className="embed-stage",
            ),
            html.Footer(
                [
                    html.Span(translate("embed.attribution", lang), className="embed-credits"),
                    html.A(
                        translate("embed.open_full", lang),
                        id=ids.EMBED_FULL_LINK,
                        href=full_map_href(state, lang, kept[CAMERA_PARAM], kept[HIDE_PARAM]),
                        target="_blank",
                        rel="noopener",
                        className="embed-full-link",
                    ),
                ],
                className="embed-footer",
            ),
        ],
        id=ids.EMBED_ROOT,
        className="embed",
        lang=lang,
    )


# --------------------------------------------------------------------------- callbacks


def register_embed_callbacks(app: Dash, context: AppContext) -> None:
    """Wire the embed page, and the explorer header's "Embed" dialog."""
    entities, links = context.registry.entities, context.registry.links
    register_map_view(app, ids.EMBED_MAP_VIEW, ids.EMBED_MAP)
    # A phone or a small iframe shows less than a desktop: fit the corridor to the real size
    # once, in the browser, unless the URL names a framing.
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="fitCamera"),
        Output(ids.EMBED_MAP, "figure", allow_duplicate=True),
        Input(ids.EMBED_URL, "pathname"),
        State(ids.EMBED_FIT, "data"),
        State(ids.EMBED_MAP, "id"),
        prevent_initial_call="initial_duplicate",
    )

    @app.callback(
        Output(ids.EMBED_SECTOR, "value"),
        Output(ids.EMBED_COUNTRY, "value"),
        Output(ids.EMBED_URL, "search"),
        Output(ids.EMBED_FULL_LINK, "href"),
        Output(ids.EMBED_MAP_VIEW, "data"),
        Input(ids.EMBED_URL, "search"),
        Input(ids.EMBED_SECTOR, "value"),
        Input(ids.EMBED_COUNTRY, "value"),
        State(ids.EMBED_LANG, "data"),
    )
    def update_embed(search, sectors, countries, _lang):
        state, query = reduce_embed(context, ctx.triggered_id, search, sectors, countries)
        result = apply(entities, links, state, context.filter_index)
        kept = kept_params(search)
        return (
            list(state.sectors),
            list(state.countries),
            query if query != (search or "") else no_update,
            full_map_href(state, url_lang(search), kept[CAMERA_PARAM], kept[HIDE_PARAM]),
            map_view(context, result, state.selected),
        )

    @app.callback(
        Output(ids.EMBED_MODAL, "is_open"),
        Input(ids.EMBED_OPEN, "n_clicks"),
        Input(ids.EMBED_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
    def toggle_embed_dialog(_open, _close):
        return ctx.triggered_id == ids.EMBED_OPEN

    @app.callback(
        Output(ids.EMBED_SNIPPET, "value"),
        Input(ids.STATE, "data"),
        Input(ids.URL, "href"),
        Input(ids.CAMERA, "data"),
        Input(ids.HIDDEN, "data"),
    )
    def update_embed_snippet(data, href, camera=None, hidden=None):
        state = state_from_store(data)
        lang = url_lang(urlparse(href or "").query)
        return iframe_snippet(href, state, lang, camera or "", hidden or "")
