"""The public embed on ``/embed``, and the explorer's "Embed" dialog.

``/embed`` is the map with only a sector and a country filter, the legend, an attribution
line and a link to the full map. It reads and writes the same URL parameters as the
explorer (:mod:`corridor_map.view_state`; ``kind``, ``q``, ``id``, ``lang`` and the map
framing ``at`` are kept though there is no control for them), so an explorer URL opens the
same view here and back.
It is the only page other sites may frame (:mod:`corridor_map.http.security`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from corridor_map import ids, schema
from corridor_map.context import AppContext
from corridor_map.i18n import translate
from corridor_map.i18n.widgets import dropdown_labels
from corridor_map.map.camera import with_camera
from corridor_map.map.figure import clicked_id, country_label
from corridor_map.map.toggles import layer_toggles, with_hidden
from corridor_map.map.view import map_view, register_map_view
from corridor_map.pages import (
    Page,
    PageRequest,
    page_location,
    register_address_alignment,
    with_answer,
)
from corridor_map.pages.explorer.layout import legend, map_region
from corridor_map.pages.explorer.views import link_facts, place_text, sources_list
from corridor_map.view_state import ViewState, params_from_query, parse_view

EMBED_PATH = "/embed"
#: The embed draws no table: the grid library's scripts stay off the page.
EMBED_SKIPPED_LIBRARIES = ("/dash_ag_grid/",)


# --------------------------------------------------------------------------- pure helpers


def embed_view(context: AppContext, search: str | None) -> ViewState:
    """The view an embed URL asks for (unknown values are left out silently)."""
    params = params_from_query(search)
    return parse_view(
        params,
        context.sector_ids,
        context.registry.entities.index,
        programmes=context.programme_ids,
    ).view


def reduce_embed(
    context: AppContext,
    triggered: object,
    search: str | None,
    sectors: list | None,
    countries: list | None,
) -> tuple[ViewState, str]:
    """Next view and query string of the embed; pure (tested without a browser).

    The URL decides on load and on back/forward; a dropdown changes only its own filter
    and keeps everything else the URL said.
    """
    view = embed_view(context, search)
    if triggered in (ids.EMBED_SECTOR, ids.EMBED_COUNTRY):
        chosen = {"sectors": tuple(sectors or ()), "countries": tuple(countries or ())}
        filters = replace(view.filters, **chosen)
        view = view.replace(filters=filters.canonical(context.sector_ids))
    return view, view.query()


#: What the embed's view callback writes (:func:`embed_answer`), in order.
EMBED_OUTPUTS = (
    Output(ids.EMBED_SECTOR, "value"),
    Output(ids.EMBED_COUNTRY, "value"),
    Output(ids.EMBED_URL, "search"),
    Output(ids.EMBED_FULL_LINK, "href"),
    Output(ids.EMBED_MAP_VIEW, "data"),
)


def embed_answer(
    context: AppContext,
    triggered: object,
    search: str | None,
    sectors: list | None = None,
    countries: list | None = None,
) -> tuple:
    """The embed's answer to the URL or a dropdown (:data:`EMBED_OUTPUTS`): the dropdowns,
    the canonical query (``no_update`` when the address has it), the full map's link and the
    compact map view. ``triggered`` is ``None`` for the page's first view."""
    view, query = reduce_embed(context, triggered, search, sectors, countries)
    return (
        list(view.filters.sectors),
        list(view.filters.countries),
        query if query != (search or "") else no_update,
        full_map_href(view),
        map_view(context, context.result(view.filters), view.selected),
    )


def full_map_href(view: ViewState) -> str:
    """The explorer on the same view (and the same map framing ``at``, if any)."""
    return "/" + view.query()


def clicked_record(context: AppContext, click: dict | None) -> str | None:
    """The record a tap or click on the map chose (``None``: not a record's marker)."""
    return clicked_id(click, context.registry.entities.index)


def clicked_link(context: AppContext, click: dict | None) -> str | None:
    """The project link a tap or click on the map chose (``None``: not a link's midpoint)."""
    return clicked_id(click, context.registry.links.index)


def record_sheet(context: AppContext, record_id: str, view: ViewState, lang: str) -> list:
    """The small sheet a tap on a record opens: name, local name, kind, place, sectors,
    sources and "Open in the full map" on that record (never a cut-off tooltip)."""
    entity = context.registry.entities.loc[record_id]
    facts = [
        html.Dt(translate("field.kind", lang)),
        html.Dd(translate(f"kind.{entity['kind']}", lang)),
        html.Dt(translate("field.place", lang)),
        html.Dd(place_text(entity, lang)),
        html.Dt(translate("field.sectors", lang)),
        html.Dd(", ".join(translate(f"sector.{s}", lang) for s in entity["sectors"]) or "—"),
    ]
    return [
        html.H2(entity["name"], id=f"{ids.EMBED_SHEET}-title", className="sheet-title"),
        html.P(entity["name_local"], className="sheet-local", lang="")
        if entity["name_local"]
        else None,
        html.Dl(facts, className="sheet-facts"),
        html.H3(translate("detail.sources", lang), className="sheet-heading"),
        sources_list(entity["sources"]),
        html.A(
            translate("embed.open_record", lang),
            href=full_map_href(view.replace(selected=record_id)),
            target="_blank",
            rel="noopener",
            className="sheet-full-link",
        ),
    ]


def link_sheet(context: AppContext, link_id: str, view: ViewState, lang: str) -> list:
    """The sheet a tap on a project link's midpoint opens: its title, its two partners (each
    opening the full map on that partner), kind, status, years, sectors and its own sources.
    """
    registry = context.registry
    link = registry.links.loc[link_id]
    partners = [
        html.Li(
            html.A(
                f"{entity['name']} ({country_label(entity, lang)})",
                href=full_map_href(view.replace(selected=partner_id)),
                target="_blank",
                rel="noopener",
            )
        )
        for partner_id in (link["from_id"], link["to_id"])
        for entity in (registry.entities.loc[partner_id],)
    ]
    facts = [
        (translate("field.partners", lang), html.Ul(partners, className="sheet-partners")),
        (translate("field.kind", lang), translate(f"link_kind.{link['kind']}", lang)),
        *link_facts(link, lang),
    ]
    return [
        html.H2(link["title"], id=f"{ids.EMBED_SHEET}-title", className="sheet-title"),
        html.Dl(
            [part for label, value in facts for part in (html.Dt(label), html.Dd(value))],
            className="sheet-facts",
        ),
        html.H3(translate("detail.sources", lang), className="sheet-heading"),
        sources_list(link["sources"]),
        html.A(
            translate("embed.open_record", lang),
            href=full_map_href(view.replace(selected=link["from_id"])),
            target="_blank",
            rel="noopener",
            className="sheet-full-link",
        ),
    ]


# --------------------------------------------------------------------------- layout


def _dropdown(control_id: str, label: str, options: list[dict], value: list, lang: str):
    # ``value``: the page's first answer sets the view's (embed_layout).
    return html.Div(
        [
            html.Label(label, htmlFor=control_id, className="embed-label"),
            dcc.Dropdown(
                options,
                value,
                id=control_id,
                multi=True,
                placeholder=translate("filters.any", lang),
                labels=dropdown_labels(lang),
                className="embed-dropdown",
            ),
        ],
        className="embed-filter",
    )


def embed_layout(page: PageRequest, context: AppContext, figure: go.Figure) -> html.Div:
    """The embeddable map page."""
    lang = page.lang
    view = embed_view(context, page.query)
    sector_options = [
        {"label": translate(f"sector.{s}", lang), "value": s} for s in context.sector_ids
    ]
    country_options = [
        {"label": translate(f"country.{c}", lang), "value": c} for c in schema.COUNTRIES
    ]
    layout = html.Div(
        [
            page_location(ids.EMBED_URL, page),
            dcc.Store(id=ids.EMBED_LANG, data=lang),
            dcc.Store(id=ids.EMBED_MAP_VIEW),
            html.Header(
                [
                    _dropdown(
                        ids.EMBED_SECTOR,
                        translate("filters.sector", lang),
                        sector_options,
                        [],
                        lang,
                    ),
                    _dropdown(
                        ids.EMBED_COUNTRY,
                        translate("filters.country", lang),
                        country_options,
                        [],
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
                            with_camera(figure, view.at),
                            layer_toggles(context.plan, detail=False),
                            view.hide,
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
                    # What a tap on a record or a link dot shows (filled by the server).
                    html.Section(
                        [
                            html.Button(
                                "×",
                                id=ids.EMBED_SHEET_CLOSE,
                                className="sheet-close",
                                **{"aria-label": translate("detail.close", lang)},
                            ),
                            html.Div(id=ids.EMBED_SHEET_BODY),
                        ],
                        id=ids.EMBED_SHEET,
                        className="record-sheet",
                        hidden=True,
                        **{"aria-labelledby": f"{ids.EMBED_SHEET}-title"},
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
    return with_answer(layout, EMBED_OUTPUTS, embed_answer(context, None, page.search))


# --------------------------------------------------------------------------- callbacks


def register_embed_callbacks(app: Dash, context: AppContext) -> None:
    """Wire the embed page, and the explorer header's "Embed" dialog."""
    # The map view frames the filtered records in the map's real size (a phone or a small
    # iframe shows less than a desktop), unless the URL names a framing.
    register_map_view(app, ids.EMBED_MAP_VIEW, ids.EMBED_MAP)

    @app.callback(
        Output(ids.EMBED_SHEET_BODY, "children"),
        Output(ids.EMBED_SHEET, "hidden"),
        Output(ids.EMBED_SHEET, "className"),
        Input(ids.EMBED_MAP, "clickData"),
        Input(ids.EMBED_SHEET_CLOSE, "n_clicks"),
        State(ids.EMBED_URL, "search"),
        State(ids.EMBED_LANG, "data"),
        prevent_initial_call=True,
    )
    def tap_sheet(click, _close, search, lang):
        tapped = ctx.triggered_id == ids.EMBED_MAP
        record = clicked_record(context, click) if tapped else None
        link = clicked_link(context, click) if tapped and record is None else None
        if record is None and link is None:
            return [], True, "record-sheet"
        view, lang = embed_view(context, search), lang or "en"
        body = (
            record_sheet(context, record, view, lang)
            if record
            else link_sheet(context, link, view, lang)
        )
        return body, False, "record-sheet open"

    register_address_alignment(app, ids.EMBED_URL)

    # Not on load: the page is rendered with its first answer (embed_layout).
    @app.callback(
        *EMBED_OUTPUTS,
        Input(ids.EMBED_URL, "search"),
        Input(ids.EMBED_SECTOR, "value"),
        Input(ids.EMBED_COUNTRY, "value"),
        prevent_initial_call=True,
    )
    def update_embed(search, sectors, countries):
        return embed_answer(context, ctx.triggered_id, search, sectors, countries)


def page(context: AppContext, figure_for: Callable[..., object]) -> Page:
    """The embed page of ``context``; ``figure_for(lang, detail=False)`` gives its lighter
    map figure (no province lines)."""

    def layout(request: PageRequest):
        return embed_layout(request, context, figure_for(request.lang, detail=False))

    return Page(
        EMBED_PATH,
        layout,
        lambda app: register_embed_callbacks(app, context),
        title_key="page.title.embed",
        skipped_libraries=EMBED_SKIPPED_LIBRARIES,
    )
