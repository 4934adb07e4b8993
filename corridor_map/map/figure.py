"""The map figure: base layers by URL under overlay traces built from layer specs."""

from __future__ import annotations

import functools
from collections.abc import Callable, Container
from html import escape

import geopandas as gpd
import numpy as np
import plotly.graph_objects as go

from corridor_map import schema
from corridor_map.i18n import translate
from corridor_map.place_names import province_label
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
#: Characters of a link's title on its hover card: titles run to 400 characters (a card does
#: not wrap, and every card is part of the explorer's first visit); the details show it whole.
LINK_CARD_TITLE = 60


#: Map figures kept: seven languages, each with and without province detail.
FIGURE_CACHE_SIZE = 16


def country_label(entity, lang: str) -> str:
    """The country or unit of a record as a reader should see it.

    A Chinese record outside Yunnan is labelled with its province and as outside the
    corridor ("China — Beijing (outside the corridor)"); every other record with its
    country or unit ("China (Yunnan)"). ``entity`` is a row or mapping with ``country`` and,
    when known, ``in_corridor`` and ``admin1``.
    """
    country = entity["country"]
    if country == "CHN" and not bool(entity.get("in_corridor", True)):
        if province := entity.get("admin1"):
            return translate(
                "country.CHN.outside", lang, province=province_label(province, lang, country="CHN")
            )
        return translate(f"country.{schema.OUTSIDE_UNIT}", lang)
    return translate(f"country.{country}", lang)


def entity_hovertext(entities: gpd.GeoDataFrame, lang: str) -> list[str]:
    """Hover cards: name, local-script name, kind, status and country; data is escaped."""
    cards = []
    for _, entity in entities.iterrows():
        lines = [f"<b>{escape(entity['name'])}</b>"]
        if entity["name_local"]:
            lines.append(escape(entity["name_local"]))
        facts = [translate(f"kind.{entity['kind']}", lang)]
        if entity.get("status"):
            facts.append(translate(f"entity_status.{entity['status']}", lang))
        facts.append(escape(country_label(entity, lang)))
        lines.append(" · ".join(facts))
        cards.append("<br>".join(lines))
    return cards


#: Trace uids of the selection highlight (its links, its point).
HIGHLIGHT_LINKS_UID = "highlight-links"
HIGHLIGHT_POINT_UID = "highlight-point"


def entity_trace_uids(layer: EntityLayer) -> tuple[str, ...]:
    """The uids of ``layer``'s traces: its markers, then its white centres if it has them."""
    return (layer.id, f"{layer.id}-centre") if layer.has_centre else (layer.id,)


def link_trace_uid(layer: LinkLayer, cross_border: bool) -> str:
    """The uid of the trace drawing ``layer``'s domestic or cross-border links."""
    return f"{layer.id}-{'cross' if cross_border else 'domestic'}"


def link_point_uid(layer: LinkLayer, cross_border: bool) -> str:
    """The uid of the trace of ``layer``'s domestic or cross-border link midpoints."""
    return f"{link_trace_uid(layer, cross_border)}-points"


def short_text(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word where there is one, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    words = cut.rsplit(None, 1)[0] if " " in cut.strip() else cut
    return words.rstrip(" ,;:-") + "…"


def link_hovertext(links: gpd.GeoDataFrame, lang: str) -> list[str]:
    """Hover card of each link: its title (shortened to :data:`LINK_CARD_TITLE` characters at
    a word), then kind, status and start year (escaped: titles come from data)."""
    cards = []
    for link in links.to_dict("records"):
        title = short_text(str(link["title"]), LINK_CARD_TITLE)
        facts = [
            translate(f"link_kind.{link['kind']}", lang),
            translate(f"status.{link['status']}", lang),
        ]
        year = link.get("start_year")
        if year is not None and year == year:  # known (NaN is not equal to itself)
            facts.append(str(int(year)))
        cards.append(f"<b>{escape(title)}</b><br>{' · '.join(facts)}")
    return cards


def clicked_customdata(click: object) -> object:
    """The ``customdata`` of the first point of a map's ``clickData``: a record's id, or a
    project link's id for its midpoint (unchecked: callers look it up; ``None`` if absent)."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    return point.get("customdata") if isinstance(point, dict) else None


def clicked_id(click: object, known: Container[str]) -> str | None:
    """The id a click on the map chose, if it is one of ``known`` (the registry's record or
    link index); ``None`` for anything else."""
    chosen = clicked_customdata(click)
    return chosen if isinstance(chosen, str) and chosen in known else None


def entity_traces(layer: EntityLayer, entities: gpd.GeoDataFrame, lang: str) -> list[go.Scattermap]:
    """Marker trace(s) for one entity layer, drawn at the spread positions (``map_lon``,
    ``map_lat``: records sharing a point never hide one another).

    Layers with a centre (rings, and kinds that carry a status) get a second, white trace on
    top: a small centre for a ring, a large one (a hollow marker) for a place that is
    planned, under construction or suspended.
    """
    rows = entities[entities["kind"] == layer.kind]
    lon_column = "map_lon" if "map_lon" in rows else "lon"
    lat_column = "map_lat" if "map_lat" in rows else "lat"
    marker = go.Scattermap(
        lon=rows[lon_column].to_numpy(),
        lat=rows[lat_column].to_numpy(),
        mode="markers",
        name=translate(layer.label_key, lang),
        uid=entity_trace_uids(layer)[0],
        customdata=rows["id"].to_numpy(),
        hovertext=entity_hovertext(rows, lang),
        hoverinfo="text",
        marker={"size": layer.size, "color": layer.color, "opacity": 0.95},
        unselected={"marker": {"opacity": 0}},
    )
    if not layer.has_centre:
        return [marker]
    hollow = rows["status"].isin(schema.NOT_OPERATING).to_numpy() if "status" in rows else None
    sizes = np.full(len(rows), layer.centre_size)
    if hollow is not None:
        sizes[hollow] = layer.hollow_size
    centre = go.Scattermap(
        lon=marker.lon,
        lat=marker.lat,
        mode="markers",
        uid=entity_trace_uids(layer)[1],
        hoverinfo="skip",
        showlegend=False,
        marker={"size": sizes, "color": "#ffffff"},
        unselected={"marker": {"opacity": 0}},
    )
    return [marker, centre]


def link_segments(links: gpd.GeoDataFrame) -> np.ndarray:
    """Each link as ``[[lon_a, lat_a], [lon_b, lat_b], [nan, nan]]`` (n × 3 × 2), its ends
    where the map draws them (``map_from_lon``… when the registry computed them, else the
    link's own geometry)."""
    segments = np.full((len(links), 3, 2), np.nan)
    if not len(links):
        return segments
    if "map_from_lon" in links:
        for end, side in enumerate(("from", "to")):
            for axis, name in enumerate(("lon", "lat")):
                segments[:, end, axis] = links[f"map_{side}_{name}"].to_numpy(float)
    else:
        segments[:, :2, :] = np.array([np.asarray(line.coords) for line in links.geometry])
    return segments


def link_coordinates(links: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Flatten link segments into lon/lat arrays separated by NaN (one polyline trace)."""
    if links.empty:
        return np.array([]), np.array([])
    flat = link_segments(links).reshape(-1, 2)
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
                uid=link_trace_uid(layer, cross_border),
                line={"color": color, "width": width},
                hoverinfo="skip",
            )
        )
    return traces


def link_point_traces(
    layer: LinkLayer, links: gpd.GeoDataFrame, lang: str, cards: bool = True
) -> list[go.Scattermap]:
    """A small dot at the middle of each link, domestic then cross-border: lines cannot be
    hovered or tapped between their ends, so the dot is the link's hover and tap target.

    Each dot's ``customdata`` is its link's id (a click or tap opens the link). With
    ``cards`` it carries the link's hover card (:func:`link_hovertext`); without (the
    compact embed, where a tap opens a sheet) it has none: no cut-off tooltip and fewer bytes.
    """
    traces = []
    for cross_border, color in ((False, layer.color), (True, layer.cross_border_color)):
        rows = links[links["cross_border"] == cross_border]
        middle = link_segments(rows)[:, :2, :].mean(axis=1) if len(rows) else np.empty((0, 2))
        # Single precision (about a metre here) halves the coordinates' bytes.
        middle = middle.astype(np.float32)
        traces.append(
            go.Scattermap(
                lon=middle[:, 0],
                lat=middle[:, 1],
                mode="markers",
                uid=link_point_uid(layer, cross_border),
                customdata=rows["id"].to_numpy(),
                hovertext=link_hovertext(rows, lang) if cards else None,
                hoverinfo="text" if cards else "none",
                showlegend=False,
                marker={"size": 7, "color": color, "opacity": 0.9},
                unselected={"marker": {"opacity": 0}},
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
            uid=HIGHLIGHT_LINKS_UID,
            line={"color": HIGHLIGHT_COLOR, "width": 4},
            hoverinfo="skip",
        ),
        go.Scattermap(
            lon=[],
            lat=[],
            mode="markers",
            uid=HIGHLIGHT_POINT_UID,
            marker={"size": 30, "color": HIGHLIGHT_COLOR, "opacity": 0.35},
            hoverinfo="skip",
        ),
    ]


def base_map_layers(
    url_for: Callable[[BaseMapLayer], str], detail: bool = True, lang: str = "en"
) -> list[dict]:
    """``layout.map.layers`` drawing the base layers from their URLs (``detail=False``: the
    compact set for phones, without layers marked ``detail``), credited in ``lang``."""
    return [
        layer.map_layer(
            url_for(layer), translate(layer.attribution, lang) if layer.attribution else ""
        )
        for layer in BASE_LAYERS
        if detail or not layer.detail
    ]


def figure_traces(
    entities: gpd.GeoDataFrame, links: gpd.GeoDataFrame, lang: str, link_cards: bool = True
) -> list[go.Scattermap]:
    """Every trace of the map, in drawing order: links (lines, then their midpoints) under
    records under the highlight; ``link_cards``: the link midpoints carry hover cards.

    The one place the order is written: :class:`corridor_map.context.TracePlan` reads the
    trace positions from what this returns.
    """
    traces = link_traces(LINK_LAYER, links, lang) + link_point_traces(
        LINK_LAYER, links, lang, cards=link_cards
    )
    for layer in ENTITY_LAYERS:
        traces += entity_traces(layer, entities, lang)
    return traces + highlight_traces()


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
    detail
        ``False``: the compact figure of the embed, without the base layers marked
        ``detail`` and without the link midpoints' hover cards (a tap opens a sheet there).
    """
    figure = go.Figure(data=figure_traces(entities, links, lang, link_cards=detail))
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
            "layers": base_map_layers(url_for, detail, lang),
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
