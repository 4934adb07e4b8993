"""Base-map layers, bottom to top (polygons under lines)."""

from layers.base import BaseMapLayer

#: i18n key of the Natural Earth credit (translated on the map; English on the static map).
NATURAL_EARTH = "credits.natural_earth"

#: Sea under muted land under the six bright corridor units: the map fills any screen shape
#: (sea and neighbouring land beyond the corridor) while the corridor stands out.
BASE_LAYERS: tuple[BaseMapLayer, ...] = (
    BaseMapLayer("sea", "layer.sea", "fill", "#d3e2ea"),
    BaseMapLayer("countries", "layer.countries", "fill", "#e3e0d8", attribution=NATURAL_EARTH),
    BaseMapLayer("units", "layer.units", "fill", "#fdfaf1"),
    BaseMapLayer("basin", "layer.basin", "fill", "#cfe3ef", opacity=0.35),
    BaseMapLayer("disputed", "layer.disputed", "fill", "#d9d2c5", opacity=0.7),
    BaseMapLayer("lakes", "layer.lakes", "fill", "#9cc3dc"),
    BaseMapLayer("admin1", "layer.admin1", "line", "#c9c3b3", width=0.5, detail=True),
    BaseMapLayer("countries", "layer.borders", "line", "#a39d8e", width=0.7),
    BaseMapLayer("units", "layer.unit_borders", "line", "#5b5446", width=1.6),
    BaseMapLayer("basin", "layer.basin_outline", "line", "#3a7ca5", width=1.2, dash=(3, 2)),
    BaseMapLayer("rivers", "layer.rivers", "line", "#4a90c2", width=1.4),
)

#: The distinct files the base layers draw from (a file may feed a fill and an outline).
BASEMAP_FILES: tuple[str, ...] = tuple(dict.fromkeys(layer.filename for layer in BASE_LAYERS))
