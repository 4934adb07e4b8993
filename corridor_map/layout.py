"""Page layout: header, map and credits, every string through the translation layer."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

from corridor_map import ids
from corridor_map.i18n import translate
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
    return html.Ul(
        items,
        className="legend list-unstyled mb-0",
        **{"aria-label": translate("legend.heading", lang)},
    )


def credits(lang: str) -> html.Footer:
    """Attribution and the neutral boundary disclaimer."""
    return html.Footer(
        [
            html.P(translate("disclaimer", lang), id=ids.DISCLAIMER, className="small mb-1"),
            html.P(
                [translate("credits.basemap", lang), " ", translate("credits.registry", lang)],
                id=ids.CREDITS,
                className="small text-muted mb-0",
            ),
        ],
        className="credits px-3 py-2",
    )


def explorer_layout(figure: go.Figure, lang: str) -> html.Div:
    """The explorer page: title bar, map with legend, credits."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            html.Header(
                dbc.Container(
                    [
                        html.H1(translate("app.title", lang), id=ids.TITLE, className="h3 mb-0"),
                        html.P(translate("app.subtitle", lang), className="mb-0 small"),
                    ],
                    fluid=True,
                ),
                className="app-header py-2",
            ),
            html.Main(
                [
                    html.Div(
                        dcc.Graph(
                            id=ids.MAP,
                            figure=figure,
                            className="map-graph",
                            config={"displaylogo": False, "scrollZoom": True, "responsive": True},
                        ),
                        role="region",
                        className="map-frame",
                        **{"aria-label": translate("map.aria", lang)},
                    ),
                    html.Section(
                        [html.H2(translate("legend.heading", lang), className="h6"), legend(lang)],
                        className="map-legend shadow-sm",
                    ),
                ],
                className="map-area",
            ),
            credits(lang),
        ],
        className="app-shell",
        lang=lang,
    )
