"""Layer specs: declarative descriptions drawn by one shared mechanism.

Three families, each a frozen dataclass:

- :class:`BaseMapLayer` — a GeoJSON file in ``data/basemap/`` drawn by MapLibre from a URL
  (never inline in a figure, so the geometry is fetched once and cached by the browser).
- :class:`EntityLayer` — registry points of one ``kind`` drawn as one Scattermap trace.
- :class:`LinkLayer` — project links drawn as line segments between their endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from corridor_map.i18n import translate
from corridor_map.schema import STATUS_KINDS


@dataclass(frozen=True)
class BaseMapLayer:
    """A base-map GeoJSON layer.

    Parameters
    ----------
    id
        Short name; also the file stem in ``data/basemap/`` and the URL path segment.
    label_key
        i18n key of the layer's name (legend, credits).
    geometry
        MapLibre layer type: ``fill`` for polygons, ``line`` for lines and outlines.
    color, opacity, width, dash
        Style. ``dash`` is a MapLibre line-dasharray.
    attribution
        i18n key of the credit line shown in the map's attribution control.
    detail
        Drawn on full pages only; the phone embed leaves it out (lighter, less clutter).
    """

    id: str
    label_key: str
    geometry: Literal["fill", "line"]
    color: str
    opacity: float = 1.0
    width: float = 1.0
    dash: tuple[float, ...] | None = None
    attribution: str = ""
    detail: bool = False

    @property
    def filename(self) -> str:
        """File name inside ``data/basemap/``."""
        return f"{self.id}.geojson"

    def map_layer(self, url: str, lang: str = "en") -> dict:
        """Return the ``layout.map.layers`` entry that draws this file from ``url`` (its
        credit in ``lang``)."""
        layer: dict = {
            "sourcetype": "geojson",
            "source": url,
            "type": self.geometry,
            "color": self.color,
            "opacity": self.opacity,
            "below": "traces",
            "name": self.id,
        }
        if self.attribution:
            layer["sourceattribution"] = translate(self.attribution, lang)
        if self.geometry == "line":
            layer["line"] = {"width": self.width}
            if self.dash:
                layer["line"]["dash"] = list(self.dash)
        return layer


@dataclass(frozen=True)
class EntityLayer:
    """Registry entities of one kind, drawn as one marker trace.

    Parameters
    ----------
    kind
        Registry ``kind`` value the layer shows; also the layer id.
    label_key
        i18n key of the layer's legend label.
    color
        Marker fill (Okabe-Ito palette: distinguishable with colour-vision deficiency).
    size
        Marker diameter in pixels.
    ring
        Draw a white centre on top, so the kind reads by shape as well as colour.
    """

    kind: str
    label_key: str
    color: str
    size: int
    ring: bool = False

    @property
    def id(self) -> str:
        """Layer id (the entity kind)."""
        return self.kind

    @property
    def has_centre(self) -> bool:
        """Drawn with a second, white centre trace (a ring, or hollow markers by status)."""
        return self.ring or self.kind in STATUS_KINDS

    @property
    def centre_size(self) -> int:
        """Diameter of the white centre of a ring marker."""
        return round(self.size * 0.45) if self.ring else 0

    @property
    def hollow_size(self) -> int:
        """Diameter of the white centre of a hollow (not operating) marker: a thin outline."""
        return max(self.size - 4, 1)


@dataclass(frozen=True)
class LinkLayer:
    """Project links drawn as straight segments between their endpoints.

    Parameters
    ----------
    id
        Layer id.
    label_key
        i18n key of the legend label.
    color, cross_border_color
        Line colours for domestic and cross-border links.
    width, cross_border_width
        Line widths in pixels.
    """

    id: str
    label_key: str
    color: str
    cross_border_color: str
    width: float = 1.5
    cross_border_width: float = 2.5
    hover_fields: tuple[str, ...] = field(default=("title", "kind", "status"))
