"""Layer specs: declarative descriptions drawn by one shared mechanism.

Three families, each a frozen dataclass:

- :class:`BaseMapLayer` — a GeoJSON file in ``data/basemap/`` drawn by MapLibre from a URL
  (never inline in a figure, so the geometry is fetched once and cached by the browser).
- :class:`EntityLayer` — registry points of one ``kind`` drawn as one Scattermap trace.
- :class:`LinkLayer` — project links drawn as line segments between their endpoints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from corridor_map.schema import ENTITY_KINDS, STATUS_KINDS

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_SLUG = re.compile(r"[a-z][a-z0-9_]*")


class LayerSpecError(ValueError):
    """A layer spec whose field is not what the map can draw."""


def expect(spec: object, name: str, ok: bool, expected: str) -> None:
    """Raise :class:`LayerSpecError` "<Spec>.<field>: expected …, got …" unless ``ok``.

    Specs check themselves when they are constructed (as lonboard's traits do), so a wrong
    colour or kind fails at import, naming the layer and the field, not later in a browser.
    """
    if not ok:
        value = getattr(spec, name)
        raise LayerSpecError(f"{type(spec).__name__}.{name}: expected {expected}, got {value!r}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_label_key(spec: object) -> None:
    key = spec.label_key
    expect(spec, "label_key", isinstance(key, str) and key.startswith("layer."), "'layer.…'")


def _check_color(spec: object, name: str) -> None:
    value = getattr(spec, name)
    ok = isinstance(value, str) and _HEX_COLOR.fullmatch(value) is not None
    expect(spec, name, ok, "a colour as '#rrggbb'")


def _check_width(spec: object, name: str) -> None:
    value = getattr(spec, name)
    expect(spec, name, _is_number(value) and 0 < value <= 20, "a width in pixels in (0, 20]")


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

    def __post_init__(self) -> None:
        expect(self, "id", isinstance(self.id, str) and _SLUG.fullmatch(self.id), "a slug")
        _check_label_key(self)
        expect(self, "geometry", self.geometry in ("fill", "line"), "'fill' or 'line'")
        _check_color(self, "color")
        ok = _is_number(self.opacity) and 0 <= self.opacity <= 1
        expect(self, "opacity", ok, "a number in [0, 1]")
        _check_width(self, "width")
        dash = self.dash
        ok = dash is None or (
            isinstance(dash, tuple) and bool(dash) and all(_is_number(d) and d > 0 for d in dash)
        )
        expect(self, "dash", ok, "None or a tuple of positive dash lengths")
        ok = isinstance(self.attribution, str) and (
            not self.attribution or self.attribution.startswith("credits.")
        )
        expect(self, "attribution", ok, "'' or an i18n key 'credits.…'")
        expect(self, "detail", isinstance(self.detail, bool), "True or False")

    @property
    def filename(self) -> str:
        """File name inside ``data/basemap/``."""
        return f"{self.id}.geojson"

    def map_layer(self, url: str, credit: str = "") -> dict:
        """Return the ``layout.map.layers`` entry that draws this file from ``url``, with
        ``credit`` (the :attr:`attribution` key's text in the page's language; specs stay
        data, so translating is the caller's job)."""
        layer: dict = {
            "sourcetype": "geojson",
            "source": url,
            "type": self.geometry,
            "color": self.color,
            "opacity": self.opacity,
            "below": "traces",
            "name": self.id,
        }
        if credit:
            layer["sourceattribution"] = credit
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

    def __post_init__(self) -> None:
        expect(self, "kind", self.kind in ENTITY_KINDS, f"one of {ENTITY_KINDS}")
        _check_label_key(self)
        _check_color(self, "color")
        ok = isinstance(self.size, int) and not isinstance(self.size, bool) and 4 <= self.size <= 40
        expect(self, "size", ok, "a marker diameter in whole pixels, 4 to 40")
        expect(self, "ring", isinstance(self.ring, bool), "True or False")

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

    def __post_init__(self) -> None:
        expect(self, "id", isinstance(self.id, str) and _SLUG.fullmatch(self.id), "a slug")
        _check_label_key(self)
        _check_color(self, "color")
        _check_color(self, "cross_border_color")
        _check_width(self, "width")
        _check_width(self, "cross_border_width")
