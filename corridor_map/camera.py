"""The map's centre and zoom as a URL parameter: ``at=<lat>,<lon>,<zoom>``.

The browser writes ``at`` into the address bar when the user pans or zooms (see
``rememberCamera`` in assets/map-view.js, which formats it exactly as :func:`format_at`);
the server reads it back when a page is laid out, so a shared link opens on the same framing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The URL parameter.
PARAM = "at"
#: MapLibre's zoom range.
MIN_ZOOM, MAX_ZOOM = 0.0, 22.0


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
