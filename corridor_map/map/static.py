"""Static map of a view, drawn server-side with matplotlib (Agg) from the app's own layers.

The base map comes from the same ``data/basemap`` GeoJSON files and :data:`BASE_LAYERS` styles
the browser map uses (loaded once per folder and cached); the filtered entities are drawn as
markers coloured like :data:`ENTITY_LAYERS` and the visible project links as lines, cross-border
ones in the link layer's cross-border colour. A view framed on part of the corridor gets a
small locator map of the whole corridor with its frame outlined. Text on the map is Latin
only (attribution), so the bundled DejaVu font of matplotlib is enough; the PDF brief
leaves it off and prints the credits in its own language beside the map.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from corridor_map import schema
from corridor_map.filters import FilterResult
from corridor_map.i18n import translate
from corridor_map.registry import Registry
from layers import BASE_LAYERS, ENTITY_LAYERS, LINK_LAYER

#: PNG map size in inches and its resolution; the PNG is MAP_SIZE * DPI pixels.
MAP_SIZE = (9.0, 6.0)
DPI = 160
PNG_PIXELS = (round(MAP_SIZE[0] * DPI), round(MAP_SIZE[1] * DPI))
#: Map pixels (MapLibre) to points (matplotlib).
PX_TO_PT = 0.75
BACKGROUND = "#f7f9fb"
PARTNER_ALPHA = 0.55
SELECTED_COLOR = "#111111"
GEONAMES = "GeoNames (CC BY 4.0)"


@dataclass(frozen=True)
class Extent:
    """A lon/lat box: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float


@cache
def load_basemap(basemap_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    """Read every base-map file the layer specs use, once per folder."""
    files = dict.fromkeys(layer.id for layer in BASE_LAYERS)
    return {name: gpd.read_file(basemap_dir / f"{name}.geojson") for name in files}


def corridor_extent(basemap_dir: Path) -> Extent:
    """The corridor units' bounding box (the frame when the view has nothing to show)."""
    west, south, east, north = load_basemap(basemap_dir)["units"].total_bounds
    return Extent(float(west), float(south), float(east), float(north))


def basemap_extent(basemap_dir: Path) -> Extent:
    """The box the base map covers (data outside it is blank)."""
    west, south, east, north = load_basemap(basemap_dir)["countries"].total_bounds
    return Extent(float(west), float(south), float(east), float(north))


def _fit(low: float, high: float, lower: float, upper: float) -> tuple[float, float]:
    """Shift the span ``low..high`` to lie inside ``lower..upper`` when it fits."""
    if high - low >= upper - lower:
        middle, half = (lower + upper) / 2, (high - low) / 2
        return middle - half, middle + half
    if low < lower:
        return lower, high + lower - low
    if high > upper:
        return low - (high - upper), upper
    return low, high


def view_extent(
    lon: np.ndarray,
    lat: np.ndarray,
    fallback: Extent,
    bounds: Extent,
    aspect: float,
    pad: float = 0.18,
) -> Extent:
    """Frame points with padding, widened to the map's width/height ``aspect``.

    Parameters
    ----------
    lon, lat
        Points to frame; points outside ``bounds`` are ignored; none left frames ``fallback``.
    fallback
        Extent used when there are no points.
    bounds
        The base map's box: the frame stays inside it where it can.
    aspect
        Width / height of the map in the page (the box is stretched to fill it, on an
        equirectangular projection scaled by the cosine of its mid-latitude).
    pad
        Margin as a fraction of the points' span (at least 1° on each side).
    """
    inside = (
        (lon >= bounds.west) & (lon <= bounds.east) & (lat >= bounds.south) & (lat <= bounds.north)
    )
    lon, lat = lon[inside], lat[inside]
    if len(lon):
        west, east, south, north = lon.min(), lon.max(), lat.min(), lat.max()
        margin_x = max((east - west) * pad, 1.0)
        margin_y = max((north - south) * pad, 1.0)
        west, east = west - margin_x, east + margin_x
        south, north = south - margin_y, north + margin_y
    else:
        west, east = fallback.west - 0.5, fallback.east + 0.5
        south, north = fallback.south - 0.5, fallback.north + 0.5
    scale = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * scale, north - south
    if width / height < aspect:
        extra = (height * aspect / scale - (east - west)) / 2
        west, east = west - extra, east + extra
    else:
        extra = (width / aspect - height) / 2
        south, north = south - extra, north + extra
    west, east = _fit(west, east, bounds.west, bounds.east)
    south, north = _fit(south, north, bounds.south, bounds.north)
    return Extent(float(west), float(south), float(east), float(north))


def _draw_base(ax, basemap: dict[str, gpd.GeoDataFrame], extent: Extent) -> None:
    clip = (extent.west - 1, extent.south - 1, extent.east + 1, extent.north + 1)
    for order, layer in enumerate(BASE_LAYERS):
        frame = basemap[layer.id].cx[clip[0] : clip[2], clip[1] : clip[3]]
        if frame.empty:
            continue
        width = layer.width * PX_TO_PT
        if layer.geometry == "fill":
            frame.plot(ax=ax, color=layer.color, alpha=layer.opacity, linewidth=0, zorder=order)
        else:
            style = (0, tuple(d * width for d in layer.dash)) if layer.dash else "solid"
            polygonal = frame.geom_type.str.contains("Polygon").all()
            (frame.boundary if polygonal else frame).plot(
                ax=ax,
                color=layer.color,
                alpha=layer.opacity,
                linewidth=width,
                linestyle=style,
                zorder=order,
            )


def _draw_links(ax, registry: Registry, result: FilterResult, zorder: int) -> None:
    links = registry.links[result.links]
    for cross_border, color, width in (
        (False, LINK_LAYER.color, LINK_LAYER.width),
        (True, LINK_LAYER.cross_border_color, LINK_LAYER.cross_border_width),
    ):
        chosen = links[links["cross_border"] == cross_border]
        segments = [np.asarray(line.coords) for line in chosen.geometry]
        if segments:
            ax.add_collection(
                LineCollection(
                    segments,
                    colors=color,
                    linewidths=width * PX_TO_PT,
                    alpha=0.9,
                    zorder=zorder + int(cross_border),
                    capstyle="round",
                )
            )


def _draw_entities(
    ax, registry: Registry, result: FilterResult, selected: str | None, zorder: int
) -> None:
    entities = registry.entities
    kinds = entities["kind"].to_numpy()
    lon, lat = entities["map_lon"].to_numpy(float), entities["map_lat"].to_numpy(float)
    hollow = entities["status"].isin(schema.NOT_OPERATING).to_numpy()
    for step, layer in enumerate(ENTITY_LAYERS):
        area = (layer.size * PX_TO_PT) ** 2
        for mask, alpha in (
            (result.partners & (kinds == layer.kind), PARTNER_ALPHA),
            (result.entities & (kinds == layer.kind), 0.95),
        ):
            if not mask.any():
                continue
            z = zorder + 2 * step
            ax.scatter(
                lon[mask],
                lat[mask],
                s=area,
                c=layer.color,
                alpha=alpha,
                edgecolors="white",
                linewidths=0.6,
                zorder=z,
            )
            if layer.ring:
                ax.scatter(
                    lon[mask], lat[mask], s=area * 0.16, c="white", linewidths=0, zorder=z + 1
                )
            if (empty := mask & hollow).any():  # planned, under construction, suspended
                size = (layer.hollow_size * PX_TO_PT) ** 2
                ax.scatter(lon[empty], lat[empty], s=size, c="white", linewidths=0, zorder=z + 1)
    if selected in entities.index:
        row = entities.loc[selected]
        ax.scatter(
            [row["map_lon"]],
            [row["map_lat"]],
            s=(22 * PX_TO_PT) ** 2,
            facecolors="none",
            edgecolors=SELECTED_COLOR,
            linewidths=1.6,
            zorder=zorder + 2 * len(ENTITY_LAYERS),
        )


#: A view is "zoomed in" (and gets a locator inset) when its frame spans less than this
#: share of the corridor's width or height.
LOCATOR_BELOW = 0.5
#: The locator inset's width as a share of the map's width.
LOCATOR_WIDTH = 0.17
LOCATOR_COLOR = "#d55e00"


def zoomed_in(extent: Extent, corridor: Extent) -> bool:
    """True when ``extent`` shows only part of the corridor (the map then gets a locator)."""
    return (extent.east - extent.west) < LOCATOR_BELOW * (corridor.east - corridor.west) or (
        extent.north - extent.south
    ) < LOCATOR_BELOW * (corridor.north - corridor.south)


def _draw_locator(
    figure: Figure, extent: Extent, basemap_dir: Path, lon: np.ndarray, lat: np.ndarray
) -> None:
    """A small map of the whole corridor with the main map's frame outlined.

    It goes in the corner of the map that covers the fewest of the view's records
    (``lon``, ``lat``), never the bottom-right one, which holds the attribution.
    """
    corridor = corridor_extent(basemap_dir)
    basemap = load_basemap(basemap_dir)
    scale = math.cos(math.radians((corridor.south + corridor.north) / 2))
    map_w, map_h = figure.get_size_inches()
    width = LOCATOR_WIDTH
    height = (
        width
        * map_w
        / map_h
        * (corridor.north - corridor.south)
        / ((corridor.east - corridor.west) * scale)
    )
    margin = 0.012
    corners = {
        "top-left": (margin, 1 - margin - height),
        "top-right": (1 - margin - width, 1 - margin - height),
        "bottom-left": (margin, margin),
    }
    # Records under each corner's box, in map coordinates (the main axes fill the figure).
    fx = (lon - extent.west) / (extent.east - extent.west)
    fy = (lat - extent.south) / (extent.north - extent.south)

    def covered(corner: tuple[float, float]) -> int:
        x, y = corner
        return int(((fx >= x) & (fx <= x + width) & (fy >= y) & (fy <= y + height)).sum())

    x, y = min(corners.values(), key=covered)  # ties: the first corner listed
    inset = figure.add_axes((x, y, width, height), zorder=50)
    inset.set_facecolor(BACKGROUND)
    basemap["countries"].plot(ax=inset, color="#e4e1d9", linewidth=0)
    basemap["units"].plot(ax=inset, color="#f6efd5", edgecolor="#5b5446", linewidth=0.4)
    inset.add_patch(
        Rectangle(
            (extent.west, extent.south),
            extent.east - extent.west,
            extent.north - extent.south,
            fill=False,
            edgecolor=LOCATOR_COLOR,
            linewidth=1.4,
        )
    )
    inset.set_xlim(corridor.west, corridor.east)
    inset.set_ylim(corridor.south, corridor.north)
    inset.set_aspect(1 / scale, adjustable="datalim")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")  # geopandas labels the axes after the CRS
    inset.set_ylabel("")
    for spine in inset.spines.values():
        spine.set_edgecolor("#5b5446")
        spine.set_linewidth(0.8)


def attribution() -> str:
    """The credit printed on the map: the base layers' attributions plus GeoNames."""
    credits = dict.fromkeys(
        translate(layer.attribution) for layer in BASE_LAYERS if layer.attribution
    )
    return " · ".join(["Base map © " + ", ".join(credits), "city positions " + GEONAMES])


def map_figure(
    registry: Registry,
    result: FilterResult,
    selected: str | None,
    basemap_dir: Path,
    size: tuple[float, float] = MAP_SIZE,
    credit: bool = True,
) -> Figure:
    """Draw the view on a matplotlib Figure (no pyplot: safe in a web worker).

    Parameters
    ----------
    registry
        The registry the result was computed on.
    result
        The filter result: which entities and links are visible.
    selected
        Id of the highlighted record, if any.
    basemap_dir
        ``data/basemap``.
    size
        Figure size in inches.
    credit
        Print :func:`attribution` on the map (Latin script only); leave it off where the
        document prints the credits itself in its own language (the PDF brief).
    """
    figure = Figure(figsize=size, facecolor="white")
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_facecolor(BACKGROUND)
    entities = registry.entities
    # Framed on the matching records (and the selected one); partners may lie off the frame.
    framed = (result.entities | entities.index.isin([selected])) if selected else result.entities
    extent = view_extent(
        entities["lon"].to_numpy(float)[framed],
        entities["lat"].to_numpy(float)[framed],
        corridor_extent(basemap_dir),
        basemap_extent(basemap_dir),
        aspect=size[0] / size[1],
    )
    _draw_base(ax, load_basemap(basemap_dir), extent)
    base = len(BASE_LAYERS) + 1
    _draw_links(ax, registry, result, base)
    _draw_entities(ax, registry, result, selected, base + 3)
    ax.set_xlim(extent.west, extent.east)
    ax.set_ylim(extent.south, extent.north)
    ax.set_aspect(1 / math.cos(math.radians((extent.south + extent.north) / 2)), adjustable="box")
    if zoomed_in(extent, corridor_extent(basemap_dir)):
        _draw_locator(
            figure,
            extent,
            basemap_dir,
            entities["map_lon"].to_numpy(float)[result.visible],
            entities["map_lat"].to_numpy(float)[result.visible],
        )
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#8c8677")
        spine.set_linewidth(0.8)
    if not credit:
        return figure
    ax.text(
        0.995,
        0.006,
        attribution(),
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=6.5,
        color="#333333",
        zorder=100,
        bbox={"boxstyle": "square,pad=0.25", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
    )
    return figure


def render_png(
    registry: Registry,
    result: FilterResult,
    selected: str | None,
    basemap_dir: Path,
    size: tuple[float, float] = MAP_SIZE,
    dpi: int = DPI,
    credit: bool = True,
) -> bytes:
    """The view's map as PNG bytes (``size`` inches at ``dpi``; ``credit`` as for
    :func:`map_figure`)."""
    figure = map_figure(registry, result, selected, basemap_dir, size, credit)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()
