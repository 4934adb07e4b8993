"""The map's centre and zoom as a URL parameter: ``at=<lat>,<lon>,<zoom>``.

The browser writes ``at`` into the address bar when the user pans or zooms (see
``rememberCamera`` in assets/map-view.js, which formats it exactly as :func:`format_at`);
the server reads it back when a page is laid out, so a shared link opens on the same framing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: The URL parameter.
PARAM = "at"
#: MapLibre's zoom range.
MIN_ZOOM, MAX_ZOOM = 0.0, 22.0
#: MapLibre's tile size in CSS pixels at zoom 0 (the world is 512 px wide).
TILE_PX = 512
#: Share of the map's width and height a fitted framing fills (a margin round the edges).
FIT_USABLE = 0.94
#: The smallest box a framing of records spans (degrees): one record, or a few in one city,
#: are shown with their surroundings (about zoom 7 on a laptop), never at street level.
MIN_SPAN_DEG = 2.5
#: Margin added round the records' box, as a share of its span.
RECORD_PAD = 0.12


@dataclass(frozen=True)
class Camera:
    """A map framing: centre latitude and longitude in degrees, MapLibre zoom."""

    lat: float
    lon: float
    zoom: float


def format_at(camera: Camera) -> str:
    """The ``at`` value: 4 decimals for degrees (about 10 m), 2 for the zoom."""
    return f"{camera.lat:.4f},{camera.lon:.4f},{camera.zoom:.2f}"


def parse_at(value: str | None) -> Camera | None:
    """Read an ``at`` value; ``None`` when it is not three finite numbers in range.

    Latitude must lie in [-90, 90], longitude in [-180, 180] and the zoom in [0, 22].
    """
    parts = (value or "").split(",")
    if len(parts) != 3:
        return None
    try:
        lat, lon, zoom = (float(part) for part in parts)
    except ValueError:
        return None
    if not all(math.isfinite(x) for x in (lat, lon, zoom)):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and MIN_ZOOM <= zoom <= MAX_ZOOM):
        return None
    return Camera(lat, lon, zoom)


def canonical_at(value: str | None) -> str | None:
    """``value`` rewritten by :func:`format_at`, or ``None`` when it is not usable."""
    camera = parse_at(value)
    return format_at(camera) if camera else None


def with_camera(figure, at: str | None):
    """The map figure framed by ``at``; ``figure`` itself when ``at`` is unusable.

    The figure passed in is cached and shared by every request, so a framed one is a copy.
    """
    camera = parse_at(at)
    if camera is None:
        return figure
    framed = figure.to_dict()
    framed["layout"]["map"].update(center={"lat": camera.lat, "lon": camera.lon}, zoom=camera.zoom)
    return framed


def record_bounds(
    lon: np.ndarray, lat: np.ndarray, min_span: float = MIN_SPAN_DEG, pad: float = RECORD_PAD
) -> tuple[float, float, float, float] | None:
    """The box (west, south, east, north) framing points: their extent plus a margin, at
    least ``min_span`` degrees each way; ``None`` when there are no points.

    Parameters
    ----------
    lon, lat
        Point coordinates in degrees.
    min_span
        Smallest width and height of the box, in degrees.
    pad
        Margin on each side, as a share of the points' span.
    """
    if not len(lon):
        return None
    west, east = float(np.min(lon)), float(np.max(lon))
    south, north = float(np.min(lat)), float(np.max(lat))
    half_x = max((east - west) * (1 + 2 * pad), min_span) / 2
    half_y = max((north - south) * (1 + 2 * pad), min_span) / 2
    mid_x, mid_y = (west + east) / 2, (south + north) / 2
    south, north = max(mid_y - half_y, -85.0), min(mid_y + half_y, 85.0)
    return (round(mid_x - half_x, 4), round(south, 4), round(mid_x + half_x, 4), round(north, 4))


def fit_bounds(bounds: tuple[float, float, float, float], width: float, height: float) -> Camera:
    """The framing that shows ``bounds`` (west, south, east, north) whole in a map of
    ``width`` × ``height`` CSS pixels (Web Mercator, as MapLibre draws it).

    The Python twin of ``fitCamera`` in assets/map-view.js, which runs it in the browser
    with the map's real size.
    """
    west, south, east, north = bounds

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    top, bottom = mercator_y(north), mercator_y(south)
    zoom_x = math.log2(FIT_USABLE * width * 360 / (TILE_PX * (east - west)))
    zoom_y = math.log2(FIT_USABLE * height * 2 * math.pi / (TILE_PX * (top - bottom)))
    center_lat = math.degrees(2 * math.atan(math.exp((top + bottom) / 2)) - math.pi / 2)
    zoom = max(MIN_ZOOM, min(MAX_ZOOM, min(zoom_x, zoom_y)))
    return Camera(center_lat, (west + east) / 2, zoom)
