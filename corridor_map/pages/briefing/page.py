"""Briefing mode on ``/briefing``: a full-screen map stepping through the storyboard.

The URL says everything: the filter the briefing was opened with (``?sector=…&country=…``,
shown first as "Your view"), the slide (``slide=N``, 1-based) and ``lang``. One callback
reads the URL and the buttons, writes the URL, and renders the slide; the map is updated
with a compact map view (:mod:`corridor_map.map.view`) plus the slide's framing.
``assets/briefing-keys.js`` turns arrow keys, Page Up/Down (what clickers send), Space,
Home and End into clicks on the buttons.
"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from corridor_map import ids
from corridor_map.analytics import (
    THRESHOLDS_KM,
    access_key_figures,
    analytics_for,
    format_share,
    matching_key_figures,
    network_key_figures,
)
from corridor_map.analytics.growth import growth_figure, undated_text
from corridor_map.analytics.matching import DEFAULT_RADIUS_KM
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.http.basemap import basemap_url
from corridor_map.i18n import format_number, translate
from corridor_map.i18n.plotly_locales import graph_config
from corridor_map.map.figure import base_map_layers
from corridor_map.map.view import map_view, register_map_view
from corridor_map.pages import (
    PageRequest,
    page_location,
    register_address_alignment,
    with_answer,
)
from corridor_map.pages.briefing.storyboard import (
    FOCUS_ACCESS,
    FOCUS_GROWTH,
    FOCUS_MATCHING,
    FOCUS_NETWORK,
    KeyFigure,
    Slide,
    key_figures,
    slide_result,
    storyboard,
)
from corridor_map.pages.explorer.analytics import choropleth_layers, choropleth_legend
from corridor_map.pages.explorer.layout import legend, map_region
from corridor_map.pages.explorer.matching import matching_layers, matching_legend
from corridor_map.pages.explorer.views import _record_name, _source_item
from corridor_map.place_names import province_name
from corridor_map.report import DECK_PATH
from corridor_map.view_state import ViewState, params_from_query, parse_view

SLIDE_KEY = "slide"
BRIEFING_PATH = "/briefing"


# --------------------------------------------------------------------------- pure helpers


def parse_briefing(context: AppContext, search: str | None) -> tuple[ViewState, int]:
    """The view the briefing was opened with, and the 0-based slide index from ``slide=``.

    Unknown filter values are ignored (the explorer reports them; a briefing just shows
    what it can); a missing or unusable ``slide`` means the first slide.
    """
    parsed = parse_view(
        params_from_query(search),
        context.sector_ids,
        context.registry.entities.index,
        extra_keys=(SLIDE_KEY,),
        programmes=context.programme_ids,
    )
    view = parsed.view
    deck = storyboard(context.sector_ids, view.filters, view.selected)
    try:
        index = int(parsed.extra.get(SLIDE_KEY, "")) - 1
    except ValueError:
        index = 0
    return view, max(0, min(len(deck) - 1, index))


def briefing_query(view: ViewState, index: int) -> str:
    """The query string of slide ``index`` (0-based) of the deck opened with ``view``."""
    return view.only("filters", "selected", "lang").query(**{SLIDE_KEY: str(index + 1)})


def step(index: int, triggered: object, total: int) -> int:
    """The slide index after pressing ``triggered`` (a button id) on slide ``index``."""
    moves = {
        ids.BRIEFING_NEXT: index + 1,
        ids.BRIEFING_PREV: index - 1,
        ids.BRIEFING_FIRST: 0,
        ids.BRIEFING_LAST: total - 1,
    }
    return max(0, min(total - 1, moves.get(triggered, index)))


def slide_title(slide: Slide, lang: str) -> str:
    """The slide's title in ``lang``."""
    subject = translate(slide.subject_key, lang) if slide.subject_key else ""
    return translate(slide.title_key, lang, subject=subject)


def slide_kicker(slide: Slide, lang: str) -> str:
    """The small line above the title saying what kind of view this is."""
    return translate("briefing.kicker." + slide.title_key.rsplit(".", 1)[-1], lang)


def figure_text(figure: KeyFigure, lang: str) -> tuple[str, str]:
    """A key figure's value and label as text in ``lang`` (the page and the deck show these)."""
    label = translate(f"briefing.figure.{figure.name}", lang, value=figure.value or 0)
    if figure.value_key:
        value = translate(figure.value_key, lang)
    elif figure.value is None:
        value = translate("briefing.figure.none", lang)
    else:
        value = format_number(figure.value, lang)
    return value, label


def figure_item(figure: KeyFigure, lang: str) -> html.Li:
    """One key figure: a big value and its label."""
    value, label = figure_text(figure, lang)
    return html.Li(
        [
            html.Span(value, className="briefing-figure-value"),
            html.Span(label, className="briefing-figure-label"),
        ],
        className="briefing-figure" + (" briefing-figure-named" if figure.value_key else ""),
        **{"data-figure": figure.name},
    )


#: Sources a selected record's card lists (the explorer's detail panel has them all).
CARD_SOURCES = 3


def slide_record(context: AppContext, slide: Slide, lang: str) -> list:
    """The selected record on the slide card: its name, description and sources (as text or
    links, never raw HTML); nothing when the slide has no selection."""
    entities = context.registry.entities
    if not slide.selected or slide.selected not in entities.index:
        return []
    entity = entities.loc[slide.selected]
    children = [html.H2(_record_name(entity), className="briefing-record-name")]
    if isinstance(entity.get("description"), str) and entity["description"].strip():
        children.append(html.P(entity["description"], className="briefing-record-description"))
    sources = list(entity["sources"])[:CARD_SOURCES]
    if sources:
        children += [
            html.H3(translate("detail.sources", lang), className="briefing-record-heading"),
            html.Ul([_source_item(s) for s in sources], className="briefing-record-sources"),
        ]
    return children


#: The access slide's province choropleth: share of people beyond the nearer threshold.
ACCESS_THRESHOLD_KM = THRESHOLDS_KM[0]


def access_slide_figures(
    context: AppContext,
    lang: str = "en",
    state: FilterState | None = None,
    only: tuple[str, ...] | None = None,
) -> list[tuple[str, str]]:
    """The access slide's key figures, in the units its map shows.

    The slide's map shades provinces (the share of people beyond the nearer threshold), so
    its "widest gap" names the province with the largest share, with its unit ("Phongsaly
    (Laos): 97 %"), where the analytics' own figure names a whole unit: a headline naming
    Yunnan over a map that shades Yunnan's provinces pale would contradict itself.
    """
    figures = access_key_figures(context, lang, state, only=only)
    if only is not None and "widest_gap" not in only:
        return figures
    column = f"share_beyond_{ACCESS_THRESHOLD_KM}km"
    provinces = analytics_for(context).access_for(state or FilterState()).provinces
    provinces = provinces[provinces["population"] > 0].sort_values(
        [column, "population"], ascending=False, kind="stable"
    )
    label = translate("analytics.kf.widest_gap", lang, km=ACCESS_THRESHOLD_KM)
    figures = [f for f in figures if f[0] != label]
    if len(provinces):
        worst = provinces.iloc[0]
        unit = translate(f"analytics.unit.{worst['unit']}", lang)
        name = province_name(worst["admin1"], lang) or worst["admin1"]
        value = translate(
            "analytics.unit_share",
            lang,
            unit=f"{name} ({unit})",
            share=format_share(worst[column], lang),
        )
        figures.append((label, value))
    return figures


#: Analytics slide focus -> its key figures, ``(label, value)`` pairs from the analytics.
ANALYTIC_FIGURES = {
    FOCUS_NETWORK: network_key_figures,
    FOCUS_ACCESS: access_slide_figures,
    FOCUS_MATCHING: matching_key_figures,
}


def analytic_item(name: str, label: str, value: str) -> html.Li:
    """One analytics key figure (already translated and formatted)."""
    return html.Li(
        [
            html.Span(value, className="briefing-figure-value"),
            html.Span(label, className="briefing-figure-label"),
        ],
        className="briefing-figure briefing-figure-named",
        **{"data-figure": name},
    )


def slide_figure_texts(context: AppContext, slide: Slide, lang: str) -> list[tuple[str, str, str]]:
    """The slide's key figures as ``(name, value, label)`` text in ``lang``, in order.

    One source for every medium that shows a slide: the page's list items and the deck's
    text boxes (:mod:`corridor_map.report.deck`).
    """
    if slide.focus in ANALYTIC_FIGURES:
        figures = ANALYTIC_FIGURES[slide.focus]
        # One name at a time keeps each item's name when a figure has nothing to show.
        return [
            (name, value, label)
            for name in slide.figures
            for label, value in figures(context, lang, slide.state, only=(name,))
        ]
    return [(f.name, *figure_text(f, lang)) for f in key_figures(context, slide)]


def figure_items(context: AppContext, slide: Slide, lang: str) -> list[html.Li]:
    """The slide's key figures as list items."""
    if slide.focus in ANALYTIC_FIGURES:
        return [
            analytic_item(name, label, value)
            for name, value, label in slide_figure_texts(context, slide, lang)
        ]
    return [figure_item(f, lang) for f in key_figures(context, slide)]


def slide_layers(slide: Slide, lang: str = "en") -> list[dict]:
    """``layout.map.layers`` of a slide: the base map, plus the choropleth on the access slide
    and the hub–zone lines and gaps on the matching slide.

    Every slide sets the full list, so leaving the access slide removes the choropleth;
    plotly keeps unchanged layers and their sources as they are.
    """
    layers = base_map_layers(lambda layer: basemap_url(layer.filename), lang=lang)
    if slide.focus == FOCUS_ACCESS:
        layers += choropleth_layers(slide.state.sectors, ACCESS_THRESHOLD_KM)
    if slide.focus == FOCUS_MATCHING:
        layers += matching_layers(FilterState(), DEFAULT_RADIUS_KM)
    return layers


def slide_legend(slide: Slide, lang: str) -> list:
    """Legend entries beyond the layers' own: the choropleth classes on the access slide, the
    hub–zone lines and gaps on the matching slide."""
    if slide.focus == FOCUS_MATCHING:
        return [matching_legend(lang)]
    if slide.focus != FOCUS_ACCESS:
        return []
    heading = translate("analytics.kf.beyond", lang, km=ACCESS_THRESHOLD_KM)
    return [html.P(heading, className="small mb-1 mt-2"), choropleth_legend(lang)]


def slide_map_view(context: AppContext, slide: Slide, lang: str = "en") -> dict:
    """Map view for ``slide``: shown points and links, highlight, framing and layers (their
    credits in ``lang``).

    The view's ``fit`` frames the slide's subject (its records, or the selected record with
    its partners) in the browser, clear of the slide card, the legend and the controls.
    """
    framing = {
        "map.layers": slide_layers(slide, lang),
        # A new uirevision per slide: the slide's framing wins over any earlier pan or zoom.
        "uirevision": f"briefing-{slide.id}",
    }
    return map_view(context, slide_result(context, slide), slide.selected, framing)


def slide_chart(context: AppContext, slide: Slide, lang: str) -> list:
    """The growth chart and its note on the growth slide (nothing on the others), from the
    same :func:`~corridor_map.analytics.growth.growth` as the explorer and the brief."""
    if slide.focus != FOCUS_GROWTH:
        return []
    counted = context.growth(slide.state)
    return [
        html.Div(
            dcc.Graph(
                figure=growth_figure(counted, lang, height=300),
                config=graph_config(lang, displayModeBar=False, staticPlot=True),
                className="briefing-growth-graph",
            ),
            role="img",
            **{"aria-label": translate("growth.aria", lang)},
        ),
        html.P(undated_text(counted, lang), className="briefing-chart-note"),
    ]


def explorer_href(slide: Slide, lang: str = "") -> str:
    """The explorer showing the slide's filter (``lang`` kept when the URL had one)."""
    return "/" + ViewState(slide.state, slide.selected, lang=lang).query()


def slides_href(view: ViewState, lang: str) -> str:
    """The deck of this briefing (every slide) in the page's language."""
    return DECK_PATH + view.only("filters", "selected").replace(lang=lang).query()


# --------------------------------------------------------------------------- layout


def briefing_layout(page: PageRequest, context: AppContext, figure: go.Figure) -> html.Div:
    """The briefing page, rendered on the slide its URL names."""
    lang = page.lang
    view, _ = parse_briefing(context, page.query)
    button = "btn briefing-btn"
    # The slide's parts are left empty here: the page's first answer fills them.
    layout = html.Div(
        [
            page_location(ids.BRIEFING_URL, page),
            dcc.Store(id=ids.BRIEFING_LANG, data=lang),
            dcc.Store(id=ids.BRIEFING_MAP_VIEW),
            html.Main(
                [
                    map_region(
                        ids.BRIEFING_MAP,
                        figure,
                        lang,
                        graph_class="briefing-graph",
                        region_class="briefing-map",
                    ),
                    html.Section(
                        [
                            html.P(
                                id=ids.BRIEFING_KICKER,
                                className="briefing-kicker",
                            ),
                            html.H1(
                                id=ids.BRIEFING_TITLE,
                                className="briefing-title",
                            ),
                            html.Ul(
                                id=ids.BRIEFING_FIGURES,
                                className="briefing-figures list-unstyled",
                                **{"aria-label": translate("briefing.figures.aria", lang)},
                            ),
                            html.Div(
                                id=ids.BRIEFING_CHART,
                                className="briefing-chart",
                            ),
                            html.Div(
                                id=ids.BRIEFING_RECORD,
                                className="briefing-record",
                            ),
                        ],
                        className="briefing-panel map-avoid",
                        **{"aria-live": "polite", "aria-atomic": "true"},
                    ),
                    html.Section(
                        [
                            html.H2(translate("legend.heading", lang), className="h6"),
                            legend(lang),
                            html.Div(id=ids.BRIEFING_EXTRA_LEGEND),
                        ],
                        className="briefing-legend map-avoid",
                    ),
                ],
                className="briefing-stage",
            ),
            html.Nav(
                [
                    html.Button(
                        "«",
                        id=ids.BRIEFING_FIRST,
                        className=button,
                        title=translate("briefing.first", lang),
                        **{"aria-label": translate("briefing.first", lang)},
                    ),
                    html.Button(
                        "‹",
                        id=ids.BRIEFING_PREV,
                        className=button,
                        title=translate("briefing.prev", lang),
                        **{"aria-label": translate("briefing.prev", lang)},
                    ),
                    html.Span(
                        id=ids.BRIEFING_COUNTER,
                        className="briefing-counter",
                    ),
                    html.Button(
                        "›",
                        id=ids.BRIEFING_NEXT,
                        className=button,
                        title=translate("briefing.next", lang),
                        **{"aria-label": translate("briefing.next", lang)},
                    ),
                    html.Button(
                        "»",
                        id=ids.BRIEFING_LAST,
                        className=button,
                        title=translate("briefing.last", lang),
                        **{"aria-label": translate("briefing.last", lang)},
                    ),
                    html.A(
                        translate("briefing.exit", lang),
                        id=ids.BRIEFING_EXIT,
                        className="briefing-exit",
                    ),
                    html.A(
                        translate("deck.download", lang),
                        id=ids.BRIEFING_DOWNLOAD_SLIDES,
                        href=slides_href(view, lang),
                        download="corridor-briefing.pptx",
                        className="briefing-exit",
                    ),
                ],
                className="briefing-controls map-avoid",
                **{"aria-label": translate("briefing.heading", lang)},
            ),
            html.Footer(
                [
                    html.P(translate("briefing.keys_hint", lang), className="briefing-hint"),
                    html.P(translate("embed.attribution", lang)),
                ],
                className="briefing-credits map-avoid",
            ),
        ],
        id=ids.BRIEFING_ROOT,
        className="briefing",
        lang=lang,
    )
    return with_answer(layout, BRIEFING_OUTPUTS, briefing_answer(context, page.search, None, lang))


# --------------------------------------------------------------------------- callbacks


def show_slide(
    context: AppContext, search: str | None, triggered: object, lang: str
) -> tuple[str | None, Slide, int, int]:
    """Work out the slide to show; pure (tested without a browser).

    Returns
    -------
    new_search, slide, index, total
        ``new_search`` is ``None`` when the URL already names this slide.
    """
    view, index = parse_briefing(context, search)
    deck = storyboard(context.sector_ids, view.filters, view.selected)
    new_index = step(index, triggered, len(deck))
    new_search = None
    if new_index != index or triggered in (
        ids.BRIEFING_NEXT,
        ids.BRIEFING_PREV,
        ids.BRIEFING_FIRST,
        ids.BRIEFING_LAST,
    ):
        query = briefing_query(view, new_index)
        new_search = query if query != (search or "") else None
    return new_search, deck[new_index], new_index, len(deck)


#: What the briefing's slide callback writes (:func:`briefing_answer`), in order.
BRIEFING_OUTPUTS = (
    Output(ids.BRIEFING_URL, "search"),
    Output(ids.BRIEFING_KICKER, "children"),
    Output(ids.BRIEFING_TITLE, "children"),
    Output(ids.BRIEFING_FIGURES, "children"),
    Output(ids.BRIEFING_COUNTER, "children"),
    Output(ids.BRIEFING_PREV, "disabled"),
    Output(ids.BRIEFING_NEXT, "disabled"),
    Output(ids.BRIEFING_EXIT, "href"),
    Output(ids.BRIEFING_MAP_VIEW, "data"),
    Output(ids.BRIEFING_EXTRA_LEGEND, "children"),
    Output(ids.BRIEFING_CHART, "children"),
    Output(ids.BRIEFING_RECORD, "children"),
)


def briefing_answer(context: AppContext, search: str | None, triggered: object, lang: str) -> tuple:
    """The briefing's answer to its URL or a step (:data:`BRIEFING_OUTPUTS`): the query
    (``no_update`` when the address has it), the slide's words, figures, counter and
    buttons, the explorer link, the map view, legend, chart and record. ``triggered`` is
    ``None`` for the page's first slide."""
    new_search, slide, index, total = show_slide(context, search, triggered, lang)
    return (
        new_search if new_search is not None else no_update,
        slide_kicker(slide, lang),
        slide_title(slide, lang),
        figure_items(context, slide, lang),
        translate("briefing.counter", lang, current=index + 1, total=total),
        index == 0,
        index == total - 1,
        explorer_href(slide, parse_briefing(context, search)[0].lang),
        slide_map_view(context, slide, lang),
        slide_legend(slide, lang),
        slide_chart(context, slide, lang),
        slide_record(context, slide, lang),
    )


def register_briefing_callbacks(app: Dash, context: AppContext) -> None:
    """Wire the briefing page."""
    register_map_view(app, ids.BRIEFING_MAP_VIEW, ids.BRIEFING_MAP)
    register_address_alignment(app, ids.BRIEFING_URL)

    # Not on load: the page is rendered with its first answer (briefing_layout).
    @app.callback(
        *BRIEFING_OUTPUTS,
        Input(ids.BRIEFING_URL, "search"),
        Input(ids.BRIEFING_PREV, "n_clicks"),
        Input(ids.BRIEFING_NEXT, "n_clicks"),
        Input(ids.BRIEFING_FIRST, "n_clicks"),
        Input(ids.BRIEFING_LAST, "n_clicks"),
        State(ids.BRIEFING_LANG, "data"),
        prevent_initial_call=True,
    )
    def update_briefing(search, _prev, _next, _first, _last, lang):
        return briefing_answer(context, search, ctx.triggered_id, lang)
