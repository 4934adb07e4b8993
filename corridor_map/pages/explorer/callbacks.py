"""The explorer's callbacks: one server round trip per interaction.

:func:`update_explorer` is the page's only server callback for the view. A page load, a
filter change, a click or a reset sends one request; it reduces the interaction to the next
:class:`~corridor_map.view_state.ViewState` (:func:`reduce_view`, pure) and renders every part
of the page that depends on it, from one memoised filter result. Parts that depend only on
the filters are left as they are when only the selection changed.

In the browser: the map applies the compact view (:mod:`corridor_map.map.view`), remembers
its framing, toggles layers, and the links to this view on other pages (share link,
briefing, brief, embed code) follow the address bar (``viewLinks`` in assets/map-view.js),
so they never need the server.
"""

from __future__ import annotations

from functools import lru_cache

from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Dash,
    Input,
    Output,
    State,
    ctx,
    html,
    no_update,
)
from dash.exceptions import PreventUpdate
from werkzeug.exceptions import BadRequest

from corridor_map import ids
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.i18n import REFERENCE_LANG, available_languages, is_language, translate
from corridor_map.i18n.language_menu import register_language_menu
from corridor_map.map.figure import clicked_id
from corridor_map.map.toggles import register_layer_toggles
from corridor_map.map.view import map_view, register_camera_memory, register_map_view
from corridor_map.pages import register_address_alignment
from corridor_map.pages.explorer.analytics import (
    CHOROPLETH_FIRST_SLOT,
    access_outputs,
    access_table_rows,
    choropleth_changes,
    choropleth_threshold,
    network_outputs,
    register_analytics_callbacks,
)
from corridor_map.pages.explorer.grids import (
    GRID,
    GRID_BLOCK,
    GRID_FETCH,
    GRID_OPEN,
    GRID_ROWS,
    is_open,
    part_id,
    register_lazy_grids,
    rows_key,
    rows_payload,
)
from corridor_map.pages.explorer.matching import (
    COVERAGE_OUTPUTS,
    TOGGLE_ON,
    coverage_outputs,
    coverage_rows_key,
    coverage_table_rows,
    matching_changes,
    partner_panel,
    radius_of,
    register_matching_callbacks,
)
from corridor_map.pages.explorer.records import (
    BlockRequest,
    BlockRequestError,
    RecordsTable,
    block,
    ordered_positions,
    parse_block_request,
)
from corridor_map.pages.explorer.timeline import TIME_OUTPUTS, register_year_play, time_outputs
from corridor_map.pages.explorer.views import (
    country_sector_matrix,
    detail_panel,
    kind_counts,
    matrix_figure,
    partner_from_index,
    record_list,
    result_text,
)
from corridor_map.pages.wire import wire_form
from corridor_map.view_state import Dropped, ViewState, params_from_query, parse_view
from corridor_map.vocabulary import label

API_ENTITIES = "/api/v1/entities"
API_LINKS = "/api/v1/links"
STORED_VIEW = Output(ids.STATE, "data")
#: Outputs of :func:`update_explorer` before FILTER_OUTPUTS, in order.
VIEW_OUTPUTS = (
    Output(ids.SECTOR_FILTER, "value"),
    Output(ids.COUNTRY_FILTER, "value"),
    Output(ids.KIND_FILTER, "value"),
    Output(ids.SEARCH, "value"),
    Output(ids.URL, "search"),
    STORED_VIEW,
    Output(ids.NOTICE, "children"),
    Output(ids.NOTICE_BOX, "hidden"),
    Output(ids.MAP_VIEW, "data"),
    Output(ids.DETAIL_BODY, "children"),
    Output(ids.DETAIL, "className"),
    Output(ids.PROGRAMME_FILTER, "value"),
    Output(ids.STATUS_FILTER, "value"),
)
#: Most notices shown for one URL: a crafted URL with thousands of bad values gets a count.
MAX_NOTICES = 10
#: Filter states whose page parts (and grid rows) are kept per app: a state is rendered once
#: however often people return to it; bounded, so free-text searches cannot grow it.
RENDER_CACHE_SIZE = 128
#: The rows of each lazy grid that holds all its rows in the browser,
#: ``(context, filters, lang, radius_km) -> rows``, by grid name.
GRID_ROW_SOURCES = {
    ids.ACCESS_GRID: access_table_rows,
    ids.MATCH_GRID: coverage_table_rows,
}
#: Every lazy grid of the page: the records grid (blocks, from records.py), then the others.
LAZY_GRIDS = (ids.RECORDS_GRID, *GRID_ROW_SOURCES)
#: Whether each lazy grid is open (its button's clicks), in LAZY_GRIDS' order.
GRID_OPEN_STATES = tuple(State(part_id(GRID_OPEN, name), "n_clicks") for name in LAZY_GRIDS)
#: The current view's rows keys, then each lazy grid's rows (sent only while it is open).
GRID_OUTPUTS = (
    Output(ids.GRID_KEY, "data"),
    *(Output(part_id(GRID_ROWS, name), "data") for name in LAZY_GRIDS),
)
#: Orders of the records (a view, a language, a sort and column filters) kept per app, so
#: scrolling through a sorted or filtered table sorts and filters once; bounded, as the
#: filter text comes from the browser.
RECORDS_ORDER_CACHE_SIZE = 16


def _clicked_id(
    triggered: object, value: object, map_click: dict | None, record_pick: dict | None
) -> object:
    """The entity a click chose; ``None`` closes the details; ``no_update`` if no click."""
    if triggered == ids.MAP and isinstance(map_click, dict):
        point = (map_click.get("points") or [{}])[0]
        return point.get("customdata") or no_update
    if triggered == ids.RECORD_PICK and isinstance(record_pick, dict):
        return record_pick.get("id") or no_update
    if isinstance(triggered, dict) and triggered.get("type") == ids.PARTNER:
        return partner_from_index(str(triggered.get("index"))) if value else no_update
    if triggered == ids.DETAIL_CLOSE:
        return None if value else no_update
    return no_update


def clicked_link(context: AppContext, triggered: object, map_click: dict | None) -> str | None:
    """The project link whose midpoint a click on the map chose (``None``: anything else)."""
    return clicked_id(map_click, context.registry.links.index) if triggered == ids.MAP else None


def notice_text(dropped: Dropped, lang: str) -> str:
    """One dropped URL value in words, with the closest known value when there is one."""
    text = f"{dropped.key}={dropped.value} ({dropped.reason})"
    if dropped.suggestion:
        hint = label(dropped.field, dropped.suggestion, lang)
        text += " " + translate("notice.suggest", lang, label=hint, code=dropped.suggestion)
    return text


def reduce_view(
    context: AppContext,
    triggered: object,
    triggered_value: object,
    search: str | None,
    controls: tuple,
    map_click: dict | None,
    record_pick: dict | None,
    current: ViewState,
    lang: str = "en",
) -> tuple[ViewState, list[str] | None]:
    """Compute the next view; pure, so it is tested without a browser.

    Parameters
    ----------
    context
        The app context (vocabularies, record ids).
    triggered, triggered_value
        The component that fired and its new value (``None`` on page load).
    search
        The address bar's query string.
    controls
        The sector, country and kind dropdowns' values, the search text, then the programme
        and status dropdowns' values (callers without those controls may leave them out; a
        status filter the URL set is then kept). The year select writes ``year=`` into the
        address bar in the browser, so a year arrives here as a URL change.
    map_click, record_pick
        The map's ``clickData`` and the record picked in the list or the table.
    current
        The view before the interaction.
    lang
        The page's language (of the notice that sums up values beyond :data:`MAX_NOTICES`).

    Returns
    -------
    view, notices
        ``notices`` lists URL values that were dropped (``None`` when the URL was not read).
    """
    if triggered in (None, ids.URL):
        parsed = parse_view(
            params_from_query(search),
            context.sector_ids,
            context.registry.entities.index,
            programmes=context.programme_ids,
        )
        notices = [notice_text(d, lang) for d in parsed.dropped[:MAX_NOTICES]]
        if len(parsed.dropped) > MAX_NOTICES:
            more = len(parsed.dropped) - MAX_NOTICES
            notices.append(translate("notice.more", lang, count=more))
        return parsed.view, notices
    if triggered == ids.RESET:
        return current.only("lang", "at", "hide"), None
    sectors, countries, kinds, query, *optional = controls
    programmes = optional[0] if optional else None
    statuses = optional[1] if len(optional) > 1 else current.filters.statuses
    filters = FilterState(
        tuple(sectors or ()),
        tuple(countries or ()),
        tuple(kinds or ()),
        query or "",
        statuses=tuple(statuses or ()),
        programmes=tuple(programmes or ()),
        year=current.filters.year,  # the year and since arrive through the URL: kept
        since=current.filters.since,
    ).canonical(context.sector_ids)
    view = current.replace(filters=filters)
    clicked = _clicked_id(triggered, triggered_value, map_click, record_pick)
    # A link's midpoint selects the link's first partner (whose details open on that link).
    if link := clicked_link(context, triggered, map_click):
        clicked = context.registry.links.at[link, "from_id"]
    # A click names a record by id; an id the registry does not know is ignored.
    if clicked is None or (isinstance(clicked, str) and clicked in context.registry.entities.index):
        view = view.replace(selected=clicked)
    return view, None


def grid_keys(filters: FilterState, lang: str, radius_km: float | None) -> dict[str, str]:
    """The rows key of each lazy grid for this view (the coverage table also follows the
    radius)."""
    view = rows_key(ViewState(filters=filters).query(), lang)
    keys = dict.fromkeys(LAZY_GRIDS, view)
    keys[ids.MATCH_GRID] = coverage_rows_key(filters, lang, radius_km)
    return keys


def matched_links(context: AppContext, filters: FilterState, selected: str | None) -> list[str]:
    """Ids of the links through which ``selected`` meets the sector filter (none when its
    own sectors do, or nothing is selected)."""
    entities, links = context.registry.entities, context.registry.links
    if not selected or selected not in entities.index:
        return []
    positions = context.filter_index.matched_through(filters, entities.index.get_loc(selected))
    return list(links["id"].iloc[positions])


def filter_outputs(
    context: AppContext, filters: FilterState, lang: str, radius_km: float | None = None
) -> tuple:
    """Everything on the page that follows the filters alone (not the selection), except
    the lazy grids' rows; ``radius_km`` is the "Where to cooperate" radius (default: its
    default)."""
    entities = context.registry.entities
    result = context.result(filters)
    query = ViewState(filters=filters).query()
    joiner = "&" if query else "?"
    # The CSVs carry labels beside the codes, in the page's language.
    labels = "" if lang == REFERENCE_LANG else f"&lang={lang}"
    return (
        result_text(result, lang),
        kind_counts(context.filter_index, result, lang),
        matrix_figure(
            country_sector_matrix(context.filter_index, result.entities, context.sector_ids),
            lang,
        ),
        record_list(entities, result.entities, lang, since=filters.since),
        f"{API_ENTITIES}{query}{joiner}format=csv{labels}",
        f"{API_ENTITIES}{query}",
        f"{API_LINKS}{query}{joiner}format=csv{labels}",
        f"{API_LINKS}{query}",
        *network_outputs(context, filters, lang),
        *access_outputs(context, filters, lang),
        *time_outputs(context, filters, lang),
        *coverage_outputs(context, filters, radius_of(radius_km), lang),
    )


#: Outputs of :func:`filter_outputs`, in order.
FILTER_OUTPUTS = (
    Output(ids.RESULT_TEXT, "children"),
    Output(ids.KIND_COUNTS, "children"),
    Output(ids.MATRIX_CHART, "figure"),
    Output(ids.RECORD_LIST_DATA, "data"),
    Output(ids.DOWNLOAD_CSV, "href"),
    Output(ids.DOWNLOAD_GEOJSON, "href"),
    Output(ids.DOWNLOAD_LINKS_CSV, "href"),
    Output(ids.DOWNLOAD_LINKS_GEOJSON, "href"),
    Output(ids.NETWORK_MATRIX, "figure"),
    Output(ids.NETWORK_TOTAL, "children"),
    Output(ids.NETWORK_TOP, "children"),
    Output(ids.NETWORK_SELECTION, "children"),
    Output(ids.ACCESS_SUMMARY, "children"),
    *TIME_OUTPUTS,
    *COVERAGE_OUTPUTS,
)
#: Position of the network matrix's status line (a highlighted pair) in FILTER_OUTPUTS.
PAIR_STATUS_OUTPUT = next(
    i for i, output in enumerate(FILTER_OUTPUTS) if output.component_id == ids.NETWORK_SELECTION
)


def notice_outputs(notices: list[str] | None, lang: str) -> tuple:
    """The notice box's children and whether it stays hidden (left alone when nothing was
    read)."""
    if not notices:
        return no_update, no_update
    return [
        html.Strong(translate("notice.dropped", lang)),
        html.Ul([html.Li(n) for n in notices]),
    ], False


#: Everything the explorer's view callback writes, in order.
EXPLORER_OUTPUTS = (*VIEW_OUTPUTS, *FILTER_OUTPUTS, *GRID_OUTPUTS)


class ExplorerViews:
    """What the explorer shows for a view: its one view callback's answer.

    The page is rendered with the answer for its URL (:meth:`first_answer`), and the view
    callback answers every later interaction (:meth:`answer`). The parts are memoised per
    app, keyed by canonical values only, and kept as the JSON the browser gets (a state
    seen again is not re-encoded part by part).

    Parameters
    ----------
    context
        The app context.
    """

    def __init__(self, context: AppContext) -> None:
        self.context = context
        per_state = lru_cache(maxsize=RENDER_CACHE_SIZE)
        self.followers_of = per_state(self._followers)
        self.view_of = per_state(self._view)
        self.keys_of = per_state(grid_keys)
        self.details_of = per_state(self._details)
        self.rows_of = per_state(self._rows)
        # The records' cells per language (a shipped language: at most one table each).
        self.table_of = lru_cache(maxsize=len(available_languages()))(self._table)
        self.order_of = lru_cache(maxsize=RECORDS_ORDER_CACHE_SIZE)(self._order)

    def _followers(self, filters: FilterState, lang: str, radius_km: float | None) -> tuple:
        return tuple(wire_form(filter_outputs(self.context, filters, lang, radius_km)))

    def _view(
        self,
        filters: FilterState,
        selected: str | None,
        access_km: int | None,
        radius_km: float,
        matching_on: bool,
    ) -> dict:
        """The compact map view with the choropleth (``access_km``, ``None``: off) and the
        map mode (``matching_on``, at ``radius_km``) as asked, kept as sent."""
        layers = {
            **choropleth_changes(CHOROPLETH_FIRST_SLOT, filters.sectors, access_km),
            **matching_changes(filters, radius_km, TOGGLE_ON if matching_on else None),
        }
        return wire_form(map_view(self.context, self.context.result(filters), selected, layers))

    def _details(
        self, filters: FilterState, selected: str | None, lang: str, opened: str | None = None
    ) -> list:
        """The details panel of a record (its links marked by the filter, the link a map
        click chose first and open), and its partner finder, kept as sent."""
        matched = matched_links(self.context, filters, selected)
        return wire_form(
            [
                *detail_panel(
                    self.context.registry,
                    selected,
                    lang,
                    matched,
                    filters.sectors,
                    opened=(opened,) if opened else (),
                ),
                partner_panel(self.context, selected, lang),
            ]
        )

    def _table(self, lang: str) -> RecordsTable:
        return RecordsTable.build(self.context.registry.entities, lang)

    def _order(self, filters: FilterState, lang: str, order: tuple) -> object:
        """The view's records in the order of a sort and column filters (positions)."""
        sort, column_filters = order
        request = BlockRequest(sort=sort, filters=column_filters)
        return ordered_positions(
            self.table_of(lang), self.context.result(filters).entities, request
        )

    def records_block(self, filters: FilterState, lang: str, request: BlockRequest) -> dict:
        """A block of the records grid (AG Grid's ``getRowsResponse``)."""
        return block(self.order_of(filters, lang, request.order), self.table_of(lang), request)

    def _rows(self, name: str, filters: FilterState, lang: str, radius_km: float | None) -> dict:
        """A grid's rows store data but the key: every row, or for the records grid the
        first block in the default order and the number of matches."""
        if name == ids.RECORDS_GRID:
            first = self.records_block(filters, lang, BlockRequest())
            return {"rows": first["rowData"], "count": first["rowCount"]}
        return {"rows": GRID_ROW_SOURCES[name](self.context, filters, lang, radius_km)}

    def grid_outputs(self, filters: FilterState, lang: str, radius_km, opened: tuple) -> tuple:
        """The rows keys, and the rows of each open grid (closed ones get theirs on opening)."""
        keys = self.keys_of(filters, lang, radius_km)
        return keys, *(
            rows_payload(keys[name], **self.rows_of(name, filters, lang, radius_km))
            if is_open(clicks)
            else no_update
            for name, clicks in zip(LAZY_GRIDS, opened, strict=True)
        )

    def first_answer(self, search: str, lang: str) -> tuple:
        """The answer the page is rendered with: the view its URL's query ``search`` names,
        every table closed, the map's extra layers off (:data:`EXPLORER_OUTPUTS`)."""
        return self.answer(None, None, search, (None,) * 6, None, None, None, lang)

    def answer(
        self,
        triggered: object,
        value: object,
        search: str | None,
        controls: tuple,
        map_click: dict | None,
        record_pick: dict | None,
        stored: str | None,
        lang: str,
        access_toggle: str | None = None,
        match_toggle: str | None = None,
        match_radius: object = None,
        grids_open: tuple = (),
    ) -> tuple:
        """The view callback's answer (:data:`EXPLORER_OUTPUTS`) to an interaction.

        Parameters
        ----------
        triggered, value
            The component that fired and its new value (``None``: the page's first view).
        search
            The address bar's query string.
        controls
            The filter controls' values, as :func:`reduce_view` takes them.
        map_click, record_pick
            The map's ``clickData`` and the record picked in the list or the table.
        stored
            The view before the interaction, as stored in the page (``None``: none yet).
        lang
            The page's language.
        access_toggle, match_toggle, match_radius
            The choropleth switch, the map mode switch and its radius.
        grids_open
            Each lazy grid's button clicks, in :data:`LAZY_GRIDS` order (odd: open).

        Raises
        ------
        PreventUpdate
            Nothing changed (partner buttons re-rendered).
        """
        context = self.context
        current = ViewState.from_json(stored)
        view, notices = reduce_view(
            context, triggered, value, search, controls, map_click, record_pick, current, lang
        )
        first = stored is None
        filters_changed = first or view.filters != current.filters
        selection_changed = first or view.selected != current.selected
        # A link chosen on the map opens in its partner's details, even if already selected.
        opened = clicked_link(context, triggered, map_click)
        if not (filters_changed or selection_changed or notices or opened):
            if view == current:
                raise PreventUpdate
            # The browser wrote the map's framing or hidden layers into the URL: only the
            # stored view follows; nothing on the page depends on them.
            unchanged = [no_update] * len(EXPLORER_OUTPUTS)
            unchanged[VIEW_OUTPUTS.index(STORED_VIEW)] = view.to_json()
            return tuple(unchanged)
        new_search = view.query()
        filters = view.filters
        # Canonical, so every cache below is keyed by one of the radius options.
        radius = radius_of(match_radius)
        # Open details follow the sector filter too: which links made the record match.
        detail = (
            (
                self.details_of(filters, view.selected, lang, opened),
                "detail-panel shadow" + (" open" if view.selected else ""),
            )
            if selection_changed
            or opened
            or (view.selected and filters.sectors != current.filters.sectors)
            else (no_update, no_update)
        )
        followers = list(
            (
                *self.followers_of(filters, lang, radius),
                *self.grid_outputs(filters, lang, radius, grids_open or (None,) * len(LAZY_GRIDS)),
            )
            if filters_changed
            else (no_update,) * (len(FILTER_OUTPUTS) + len(GRID_OUTPUTS))
        )
        # The new map view replaces a country pair highlighted from the network matrix.
        followers[PAIR_STATUS_OUTPUT] = ""
        return (
            list(filters.sectors),
            list(filters.countries),
            list(filters.kinds),
            filters.query,
            new_search if new_search != (search or "") else no_update,
            view.to_json(),
            *notice_outputs(notices, lang),
            self.view_of(
                filters,
                view.selected,
                choropleth_threshold(access_toggle),
                radius,
                match_toggle == TOGGLE_ON,
            ),
            *detail,
            list(filters.programmes),
            list(filters.statuses),
            *followers,
        )


def register_callbacks(app: Dash, context: AppContext, views: ExplorerViews | None = None) -> None:
    """Wire the explorer's callbacks to ``app``; ``views`` (default: new) answers them, and
    the page renders its first view with the same one."""
    views = views or ExplorerViews(context)

    # Not on load: the page is rendered with its first answer (explorer page's layout).
    @app.callback(
        *EXPLORER_OUTPUTS,
        Input(ids.URL, "search"),
        Input(ids.SECTOR_FILTER, "value"),
        Input(ids.COUNTRY_FILTER, "value"),
        Input(ids.KIND_FILTER, "value"),
        Input(ids.SEARCH, "value"),
        Input(ids.RESET, "n_clicks"),
        Input(ids.MAP, "clickData"),
        Input(ids.RECORD_PICK, "data"),
        Input({"type": ids.PARTNER, "index": ALL}, "n_clicks"),
        Input(ids.DETAIL_CLOSE, "n_clicks"),
        Input(ids.PROGRAMME_FILTER, "value"),
        Input(ids.STATUS_FILTER, "value"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        State(ids.ACCESS_TOGGLE, "value"),
        State(ids.MATCH_TOGGLE, "value"),
        State(ids.MATCH_RADIUS, "value"),
        *GRID_OPEN_STATES,
        prevent_initial_call=True,
    )
    def update_explorer(
        search,
        sectors,
        countries,
        kinds,
        query,
        _reset,
        map_click,
        record_pick,
        _partners,
        _close,
        programmes,
        statuses,
        stored,
        lang,
        access_toggle=None,
        match_toggle=None,
        match_radius=None,
        *grids_open,
    ):
        return views.answer(
            ctx.triggered_id,
            ctx.triggered[0]["value"] if ctx.triggered else None,
            search,
            (sectors, countries, kinds, query, programmes, statuses),
            map_click,
            record_pick,
            stored,
            lang,
            access_toggle,
            match_toggle,
            match_radius,
            grids_open,
        )

    register_map_view(app, ids.MAP_VIEW, ids.MAP, ids.URL, ids.CAMERA)
    register_camera_memory(app, ids.MAP, ids.CAMERA, ids.URL)
    register_layer_toggles(app, ids.LAYER_TOGGLE, ids.LAYER_SPEC, ids.MAP, ids.HIDDEN, ids.URL)
    register_language_menu(app, ids.URL)
    register_address_alignment(app, ids.URL)
    register_analytics_callbacks(app, context)
    register_matching_callbacks(app, context)
    register_lazy_grids(app, ids.GRID_KEY)

    @app.callback(
        Output(part_id(GRID_ROWS, MATCH), "data", allow_duplicate=True),
        Input(part_id(GRID_FETCH, MATCH), "data"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        State(ids.MATCH_RADIUS, "value"),
        prevent_initial_call=True,
    )
    def fill_grid(_key, stored, lang, radius):
        """The rows of a table opened on rows made for another view (one round trip)."""
        name = (ctx.triggered_id or {}).get("index")
        # The records grid asks for blocks (fill_records_block).
        if name not in GRID_ROW_SOURCES or stored is None:
            raise PreventUpdate
        filters, lang, radius = ViewState.from_json(stored).filters, lang or "en", radius_of(radius)
        key = views.keys_of(filters, lang, radius)[name]
        return rows_payload(key, **views.rows_of(name, filters, lang, radius))

    @app.callback(
        Output(part_id(GRID, ids.RECORDS_GRID), "getRowsResponse", allow_duplicate=True),
        Input(part_id(GRID_BLOCK, ids.RECORDS_GRID), "data"),
        State(ids.STATE, "data"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def fill_records_block(request, stored, lang):
        """A block of the records grid the browser does not hold: a later block, or any
        block of a sort or column filter (over every record of the current view)."""
        if request is None or stored is None:
            raise PreventUpdate
        try:
            checked = parse_block_request(request)
        except BlockRequestError as error:
            raise BadRequest(f"records table: {error}") from error
        lang = lang if is_language(lang) else REFERENCE_LANG
        return views.records_block(ViewState.from_json(stored).filters, lang, checked)

    register_year_play(app, ids.URL)
    # Links to this view on other pages follow the address bar, in the browser.
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="viewLinks"),
        Output(ids.SHARE_LINK, "value"),
        Output(ids.BRIEFING_LINK, "href"),
        Output(ids.DOWNLOAD_BRIEF, "href"),
        Output(ids.DOWNLOAD_SLIDES, "href"),
        Output(ids.EMBED_SNIPPET, "value"),
        Input(ids.URL, "search"),
        State(ids.EMBED_TITLE, "data"),
        State(ids.LANG, "data"),
    )
    # Also on load: the page is rendered with its first list's data.
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="recordList"),
        Output(ids.RECORD_LIST, "children"),
        Input(ids.RECORD_LIST_DATA, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="toggleDialog"),
        Output(ids.EMBED_MODAL, "data-open"),
        Input(ids.EMBED_OPEN, "n_clicks"),
        Input(ids.EMBED_CLOSE, "n_clicks"),
        State(ids.EMBED_MODAL, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="hideNotice"),
        Output(ids.NOTICE_BOX, "hidden", allow_duplicate=True),
        Input(ids.NOTICE_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
