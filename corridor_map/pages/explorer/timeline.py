"""The corridor over time on the explorer: the year control, its play button, the "what is
new" line and the growth chart.

The year is part of the filter (``year=`` in the URL). The select writes it into the address
bar in the browser (``yearToUrl`` in assets/year-play.js), and the page's one view callback
reads the view from there, as it does for Back and Forward. Play runs in the browser too
(``yearPlay``): a ``dcc.Interval`` steps the select through the years in which something was
founded or started, so each step costs the one filter callback a person choosing that year
would cost, and nothing more.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from corridor_map import ids
from corridor_map.analytics.growth import growth_figure, undated_text
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.i18n import format_date, translate
from corridor_map.i18n.plotly_locales import graph_config
from corridor_map.pages.explorer.controls import labelled

#: Milliseconds between two steps of play (long enough to read the map and the counts).
PLAY_INTERVAL_MS = 1500


def event_years(context: AppContext) -> list[int]:
    """Years in which a record was founded or a link started, then this year: play's steps."""
    index = context.filter_index
    years = np.concatenate([index.established, index.start_years])
    found = {int(y) for y in years[~np.isnan(years)]}
    return sorted(found | {dt.date.today().year})


def year_options(context: AppContext, lang: str) -> list[dict]:
    """The year control's choices: today (no year), then every year from the earliest to now,
    latest first."""
    steps = event_years(context)
    years = range(dt.date.today().year, steps[0] - 1, -1)
    return [{"label": str(y), "value": y} for y in years]


def year_control(context: AppContext, lang: str) -> html.Div:
    """The labelled year select, its play button and the line naming the undated records."""
    select = dcc.Dropdown(
        year_options(context, lang),
        None,
        id=ids.YEAR_FILTER,
        clearable=True,
        placeholder=translate("year.any", lang),
    )
    labels = {"play": translate("year.play", lang), "pause": translate("year.pause", lang)}
    steps = event_years(context)
    return html.Div(
        [
            labelled(translate("year.label", lang), ids.YEAR_FILTER, select, "mb-1"),
            html.P(translate("year.help", lang), className="small text-muted mb-1"),
            html.Button(
                labels["play"],
                id=ids.YEAR_PLAY,
                className="btn btn-outline-secondary btn-sm mb-1",
                title=translate("year.play.title", lang, first=steps[0]),
                **{"aria-pressed": "false", "aria-controls": ids.YEAR_FILTER},
            ),
            dcc.Interval(id=ids.YEAR_TICK, interval=PLAY_INTERVAL_MS, disabled=True),
            dcc.Store(id=ids.YEAR_STEPS, data={"years": steps, "labels": labels}),
            # Announced through the page's one live region (assets/a11y.js).
            html.P(id=ids.YEAR_NOTE, className="small mb-0", **{"data-announce": "5"}),
        ],
        className="year-control mb-3",
    )


def year_note(context: AppContext, filters: FilterState, lang: str) -> str:
    """What a dated view leaves out, and what ``since`` keeps, in words ("" when neither)."""
    parts = []
    if filters.year is not None:
        parts.append(translate("year.undated", lang, count=context.filter_index.undated(filters)))
    if filters.since:
        result = context.result(filters)
        parts.append(
            translate(
                "since.summary",
                lang,
                date=format_date(filters.since, lang),
                records=int(result.entities.sum()),
                links=int(result.links.sum()),
            )
        )
    return " ".join(parts)


def growth_section(lang: str) -> html.Section:
    """The growth chart block of the explorer's analytics (filled by the view callback)."""
    return html.Section(
        [
            html.H2(translate("growth.heading", lang), className="h5"),
            html.P(translate("growth.help", lang), className="small text-muted"),
            html.Div(
                dcc.Graph(id=ids.GROWTH_CHART, config=graph_config(lang, displayModeBar=False)),
                role="figure",
                **{"aria-label": translate("growth.aria", lang)},
            ),
            html.P(id=ids.GROWTH_NOTE, className="small text-muted"),
        ],
        id=ids.GROWTH,
        className="analytics growth",
    )


def time_outputs(
    context: AppContext, filters: FilterState, lang: str
) -> tuple[int | None, str, dict, str]:
    """The year select's value, the year line, the growth chart and its note for ``filters``.

    The chart follows every filter but the year and ``since`` (it is the timeline the year
    is a point of; the chosen year is marked on it).
    """
    counted = context.growth(filters)
    return (
        filters.year,
        year_note(context, filters, lang),
        growth_figure(counted, lang, filters.year),
        undated_text(counted, lang),
    )


#: Outputs of :func:`time_outputs`, in order.
TIME_OUTPUTS = (
    Output(ids.YEAR_FILTER, "value"),
    Output(ids.YEAR_NOTE, "children"),
    Output(ids.GROWTH_CHART, "figure"),
    Output(ids.GROWTH_NOTE, "children"),
)


def register_year_play(app: Dash, url_id: str) -> None:
    """The year select and play, in the browser: the select writes ``year=`` into the
    address bar (``url_id``'s search); the interval steps the select."""
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="yearToUrl"),
        Output(url_id, "search", allow_duplicate=True),
        Input(ids.YEAR_FILTER, "value"),
        State(url_id, "search"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="yearPlay"),
        Output(ids.YEAR_FILTER, "value", allow_duplicate=True),
        Output(ids.YEAR_TICK, "disabled"),
        Output(ids.YEAR_PLAY, "children"),
        Output(ids.YEAR_PLAY, "aria-pressed"),
        Input(ids.YEAR_PLAY, "n_clicks"),
        Input(ids.YEAR_TICK, "n_intervals"),
        State(ids.YEAR_FILTER, "value"),
        State(ids.YEAR_TICK, "disabled"),
        State(ids.YEAR_STEPS, "data"),
        prevent_initial_call=True,
    )
