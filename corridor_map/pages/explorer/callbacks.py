"""Callbacks: one reducer owns the view state; renderers follow it.

``sync_state`` is the only writer of the state store, the URL and the controls, so the URL
always describes exactly what is on screen. The map follows as a compact view (bitmasks and
a few coordinates, see :mod:`corridor_map.map.view`) that the browser applies as a Patch;
the base-map GeoJSON never travels in a callback.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from urllib.parse import parse_qs, urlparse

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from corridor_map import ids
from corridor_map.context import AppContext
from corridor_map.filters import FilterState, apply
from corridor_map.i18n import translate
from corridor_map.i18n.language_menu import register_language_menu
from corridor_map.map.camera import PARAM as CAMERA_PARAM
from corridor_map.map.toggles import register_layer_toggles
from corridor_map.map.view import map_view, register_camera_memory, register_map_view
from corridor_map.pages.explorer.views import (
    country_sector_matrix,
    detail_panel,
    kind_counts,
    matrix_figure,
    partner_from_index,
    result_text,
    table_rows,
)
from corridor_map.url_state import HIDE_PARAM, kept_params, parse, to_query

API_ENTITIES = "/api/v1/entities"


def url_lang(search: str | None) -> str:
    """The ``lang`` parameter of a query string, kept in every URL the app writes."""
    return (parse_qs((search or "").lstrip("?")).get("lang") or [""])[-1]


def kept_with_view(
    search: str | None, camera: str | None, hidden: str | None = None
) -> dict[str, str]:
    """Non-filter parameters to write: the URL's ``lang``, the map's current ``at`` and
    the layers hidden in the legend (``hide``).

    ``camera`` and ``hidden`` are the explorer's stores (written in the browser when the user
    moves the map or unticks a layer, which also updates the address bar with
    ``replaceState``), so they are taken from the stores, not from the URL component.
    """
    return {**kept_params(search), CAMERA_PARAM: camera or "", HIDE_PARAM: hidden or ""}


def state_from_store(data: dict | None) -> FilterState:
    """Rebuild a FilterState from its JSON form in the store."""
    if not data:
        return FilterState()
    return FilterState(
        sectors=tuple(data.get("sectors") or ()),
        countries=tuple(data.get("countries") or ()),
        kinds=tuple(data.get("kinds") or ()),
        query=data.get("query") or "",
        selected=data.get("selected"),
        statuses=tuple(data.get("statuses") or ()),
    )


def _clicked_id(
    triggered: object, value: object, map_click: dict | None, table_click: dict | None
) -> object:
    """The entity a click chose; ``None`` closes the details; ``no_update`` if no click."""
    if triggered == ids.MAP and map_click:
        point = (map_click.get("points") or [{}])[0]
        return point.get("customdata") or no_update
    if triggered == ids.TABLE and table_click:
        return table_click.get("rowId") or no_update
    if isinstance(triggered, dict) and triggered.get("type") == ids.PARTNER:
        return partner_from_index(str(triggered.get("index"))) if value else no_update
    if triggered == ids.DETAIL_CLOSE:
        return None if value else no_update
    return no_update


def reduce_state(
    context: AppContext,
    triggered: object,
    triggered_value: object,
    search: str | None,
    controls: tuple[list | None, list | None, list | None, str | None],
    map_click: dict | None,
    table_click: dict | None,
    current: FilterState,
) -> tuple[FilterState, list[str] | None]:
    """Compute the next state; pure, so it is tested without a browser.

    Returns
    -------
    state, notices
        ``notices`` lists URL values that were dropped (``None`` when the URL was not read).
    """
    entity_ids = context.registry.entities.index
    if triggered in (None, ids.URL):
        state, dropped = parse(search or "", context.sector_ids, entity_ids)
        return state, [f"{d.key}={d.value} ({d.reason})" for d in dropped]
    if triggered == ids.RESET:
        return FilterState(), None
    sectors, countries, kinds, query = controls
    state = FilterState(
        tuple(sectors or ()),
        tuple(countries or ()),
        tuple(kinds or ()),
        query or "",
        current.selected,
        current.statuses,
    )
    clicked = _clicked_id(triggered, triggered_value, map_click, table_click)
    if clicked is not no_update:
        state = replace(state, selected=clicked)
    return state.canonical(context.sector_ids), None


def share_link(
    state: FilterState, camera: str | None, href: str | None, hidden: str | None = None
) -> str:
    """The full link to this view: the page's address, filters, selection, ``lang``, the
    map's framing ``at`` and the hidden layers ``hide``."""
    kept = kept_with_view(urlparse(href or "").query, camera, hidden)
    return (href or "").split("?")[0] + to_query(state, kept)


def register_callbacks(app: Dash, context: AppContext) -> None:
    """Wire the explorer's callbacks to ``app``."""
    entities = context.registry.entities

    @app.callback(
        Output(ids.SECTOR_FILTER, "value"),
        Output(ids.COUNTRY_FILTER, "value"),
        Output(ids.KIND_FILTER, "value"),
        Output(ids.SEARCH, "value"),
        Output(ids.URL, "search"),
        Output(ids.STATE, "data"),
        Output(ids.NOTICE, "children"),
        Output(ids.NOTICE, "is_open"),
        Input(ids.URL, "search"),
        Input(ids.SECTOR_FILTER, "value"),
        Input(ids.COUNTRY_FILTER, "value"),
        Input(ids.KIND_FILTER, "value"),
        Input(ids.SEARCH, "value"),
        Input(ids.RESET, "n_clicks"),
        Input(ids.MAP, "clickData"),
        Input(ids.TABLE, "cellClicked"),
        Input({"type": ids.PARTNER, "index": ALL}, "n_clicks"),
        Input(ids.DETAIL_CLOSE, "n_clicks"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        State(ids.CAMERA, "data"),
        State(ids.HIDDEN, "data"),
    )
    def sync_state(
        search,
        sectors,
        countries,
        kinds,
        query,
        _reset,
        map_click,
        table_click,
        _partners,
        _close,
        stored,
        lang,
        camera=None,
        hidden=None,
    ):
        triggered = ctx.triggered_id
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        current = state_from_store(stored)
        state, notices = reduce_state(
            context,
            triggered,
            value,
            search,
            (sectors, countries, kinds, query),
            map_click,
            table_click,
            current,
        )
        if stored is not None and state == current and not notices:
            # Nothing changed (partner buttons re-rendered, or the browser only wrote the
            # map's framing into the URL): stop here, no update loop, no needless redraw.
            raise PreventUpdate
        # Reading the URL (load, back/forward) keeps its own framing; a change keeps the map's.
        reading_url = triggered in (None, ids.URL)
        kept = kept_params(search) if reading_url else kept_with_view(search, camera, hidden)
        new_search = to_query(state, kept)
        notice_children = no_update
        notice_open = no_update
        if notices:
            notice_children = [
                html.Strong(translate("notice.dropped", lang)),
                html.Ul([html.Li(n) for n in notices]),
            ]
            notice_open = True
        return (
            list(state.sectors),
            list(state.countries),
            list(state.kinds),
            state.query,
            new_search if new_search != (search or "") else no_update,
            asdict(state),
            notice_children,
            notice_open,
        )

    @app.callback(Output(ids.MAP_VIEW, "data"), Input(ids.STATE, "data"), prevent_initial_call=True)
    def update_map(data):
        state = state_from_store(data)
        result = apply(entities, context.registry.links, state, context.filter_index)
        return map_view(context, result, state.selected)

    register_map_view(app, ids.MAP_VIEW, ids.MAP)
    register_camera_memory(app, ids.MAP, ids.CAMERA, ids.URL)
    register_layer_toggles(app, ids.LAYER_TOGGLE, ids.LAYER_SPEC, ids.MAP, ids.HIDDEN, ids.URL)
    register_language_menu(app, ids.LANGUAGE_MENU, ids.URL, ids.LANG)

    @app.callback(
        Output(ids.RESULT_TEXT, "children"),
        Output(ids.KIND_COUNTS, "children"),
        Output(ids.MATRIX_CHART, "figure"),
        Output(ids.TABLE, "rowData"),
        Output(ids.DOWNLOAD_CSV, "href"),
        Output(ids.DOWNLOAD_GEOJSON, "href"),
        Input(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def update_summaries(data, lang):
        state = state_from_store(data)
        result = apply(entities, context.registry.links, state, context.filter_index)
        filters_only = replace(state, selected=None)
        query = to_query(filters_only)
        joiner = "&" if query else "?"
        return (
            result_text(result, lang),
            kind_counts(entities, result, lang),
            matrix_figure(
                country_sector_matrix(entities, result.entities, context.sector_ids), lang
            ),
            table_rows(entities, result.entities, lang),
            f"{API_ENTITIES}{query}{joiner}format=csv",
            f"{API_ENTITIES}{query}",
        )

    @app.callback(
        Output(ids.SHARE_LINK, "value"),
        Input(ids.STATE, "data"),
        Input(ids.CAMERA, "data"),
        Input(ids.HIDDEN, "data"),
        State(ids.URL, "href"),
    )
    def update_share_link(data, camera, hidden, href):
        return share_link(state_from_store(data), camera, href, hidden)

    @app.callback(
        Output(ids.DETAIL_BODY, "children"),
        Output(ids.DETAIL, "className"),
        Input(ids.STATE, "data"),
        State(ids.LANG, "data"),
    )
    def update_detail(data, lang):
        selected = state_from_store(data).selected
        shown = "detail-panel shadow" + (" open" if selected else "")
        return detail_panel(context.registry, selected, lang), shown
