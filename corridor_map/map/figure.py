"""The map figure: base layers by URL under overlay traces built from layer specs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape

import geopandas as gpd
import numpy as np
import plotly.graph_objects as go

from corridor_map.i18n import translate
from layers import BASE_LAYERS, ENTITY_LAYERS, LINK_LAYER, BaseMapLayer, EntityLayer, LinkLayer

#: Framing of the corridor (Yunnan to the Mekong delta).
MAP_CENTER = {"lon": 101.5, "lat": 17.8}
MAP_ZOOM = 4.1
#: West, south, east, north of the six corridor units (``data/basemap/units.geojson``'s
#: bounds, rounded outwards; a test keeps them in step): what a small map fits on first view.
CORRIDOR_BOUNDS = (92.1, 5.6, 109.5, 29.3)
#: Keeps the user's pan and zoom across figure updates.
UI_REVISION = "corridor"
HIGHLIGHT_COLOR = "#111111"


#: Map figures kept: seven languages, each with and without province detail.
FIGURE_CACHE_SIZE = 16


def entity_hovertext(entities: gpd.GeoDataFrame, lang: str) -> list[str]:
    """Hover cards: name, local-script name, kind and country; data is escaped, never markup."""
    cards = []
    for name, local, kind, country in zip(
        entities["name"], entities["name_local"], entities["kind"], entities["country"], strict=True
    ):
        lines = [f"<b>{escape(name)}</b>"]
        if local:
            lines.append(escape(local))
        lines.append(f"{translate(f'kind.{kind}', lang)} · {translate(f'country.{country}', lang)}")
        cards.append("<br>".join(lines))
    return cards


def entity_traces(layer: EntityLayer, entities: gpd.GeoDataFrame, lang: str) -> list[go.Scattermap]:
    """Marker trace(s) for one entity layer: the marker, plus a white centre when ``ring``."""
    rows = entities[entities["kind"] == layer.kind]
    marker = go.Scattermap(
        lon=rows["lon"].to_numpy(),
        lat=rows["lat"].to_numpy(),
        mode="markers",
        name=translate(layer.label_key, lang),
        uid=layer.id,
        customdata=rows["id"].to_numpy(),
        hovertext=entity_hovertext(rows, lang),
        hoverinfo="text",
        marker={"size": layer.size, "color": layer.color, "opacity": 0.95},
        unselected={"marker": {"opacity": 0}},
    )
    if not layer.ring:
        return [marker]
    centre = go.Scattermap(
        lon=marker.lon,
        lat=marker.lat,
        mode="markers",
        uid=f"{layer.id}-centre",
        hoverinfo="skip",
        showlegend=False,
        marker={"size": round(layer.size * 0.45), "color": "#ffffff"},
        unselected={"marker": {"opacity": 0}},
    )
    return [marker, centre]


def link_coordinates(links: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Flatten link segments into lon/lat arrays separated by NaN (one polyline trace)."""
    if links.empty:
        return np.array([]), np.array([])
    coords = np.array([np.asarray(line.coords) for line in links.geometry])  # (n, 2, 2)
    gaps = np.full((len(coords), 1, 2), np.nan)
    flat = np.concatenate([coords, gaps], axis=1).reshape(-1, 2)
    return flat[:, 0], flat[:, 1]


def link_traces(layer: LinkLayer, links: gpd.GeoDataFrame, lang: str) -> list[go.Scattermap]:
    """Two line traces: links inside one country, then cross-border links on top."""
    traces = []
    for cross_border, color, width, key in (
        (False, layer.color, layer.width, layer.label_key),
        (
            True,
            layer.cross_border_color,
            layer.cross_border_width,
            f"{layer.label_key}_cross_border",
        ),
    ):
        rows = links[links["cross_border"] == cross_border]
        lon, lat = link_coordinates(rows)
        traces.append(
            go.Scattermap(
                lon=lon,
                lat=lat,
                mode="lines",
                name=translate(key, lang),
                uid=f"{layer.id}-{'cross' if cross_border else 'domestic'}",
                line={"color": color, "width": width},
                hoverinfo="skip",
            )
        )
    return traces


def highlight_traces() -> list[go.Scattermap]:
    """Empty traces that show the selected record and its links once something is selected."""
    return [
        go.Scattermap(
            lon=[],
            lat=[],
            mode="lines",
            uid="highlight-links",
            line={"color": HIGHLIGHT_COLOR, "width": 4},
            hoverinfo="skip",
        ),
        go.Scattermap(
            lon=[],
            lat=[],
            mode="markers",
            uid="highlight-point",
            marker={"size": 30, "color": HIGHLIGHT_COLOR, "opacity": 0.35},
            hoverinfo="skip",
        ),
    ]


def base_map_layers(url_for: Callable[[BaseMapLayer], str], detail: bool = True) -> list[dict]:
    """``layout.map.layers`` drawing the base layers from their URLs (``detail=False``: the
    compact set for phones, without layers marked ``detail``)."""
    return [layer.map_layer(url_for(layer)) for layer in BASE_LAYERS if detail or not layer.detail]


def map_figure(
    entities: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    *,
    lang: str,
    style: str,
    url_for: Callable[[BaseMapLayer], str],
    detail: bool = True,
) -> go.Figure:
    """Build the full map figure once; later changes are partial updates of it.

    Parameters
    ----------
    entities, links
        Registry frames (all records; filters select among them later).
    lang
        Language of trace names and hover cards.
    style
        MapLibre style (``white-bg`` offline by default).
    url_for
        Gives the URL the app serves a base layer's GeoJSON at.
    """
    traces = link_traces(LINK_LAYER, links, lang)
    for layer in ENTITY_LAYERS:
        traces += entity_traces(layer, entities, lang)
    traces += highlight_traces()
    figure = go.Figure(data=traces)
    figure.update_layout(
        template="none",
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        uirevision=UI_REVISION,
        hoverlabel={"bgcolor": "#ffffff", "font": {"size": 14}},
        map={
            "style": style,
            "center": MAP_CENTER,
            "zoom": MAP_ZOOM,
            "layers": base_map_layers(url_for, detail),
        },
    )
    return figure


def figure_cache(
    entities: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    style: str,
    url_for: Callable[[BaseMapLayer], str],
) -> Callable[..., go.Figure]:
    """``figure_for(lang, detail=True)``: the map figure in ``lang``, built once per language
    and detail level, then shared by every request (pages frame copies of it).

    Parameters
    ----------
    entities, links
        Registry frames.
    style, url_for
        As for :func:`map_figure`.
    """

    @functools.lru_cache(maxsize=FIGURE_CACHE_SIZE)
    def figure_for(lang: str, detail: bool = True) -> go.Figure:
        return map_figure(entities, links, lang=lang, style=style, url_for=url_for, detail=detail)

    return figure_for
