"""Ordered layer registry: base polygons under base lines under links under points."""

from corridor_map.schema import ENTITY_KINDS
from layers import (
    demonstration_sites,
    focal_points,
    hightech_parks,
    incubators,
    industrial_zones,
    project_links,
    rd_hubs,
)
from layers.base import BaseMapLayer, EntityLayer, LayerSpecError, LinkLayer
from layers.basemap import BASE_LAYERS, BASEMAP_FILES

#: Point layers, drawn in this order (later on top).
ENTITY_LAYERS: tuple[EntityLayer, ...] = (
    industrial_zones.LAYER,
    hightech_parks.LAYER,
    incubators.LAYER,
    demonstration_sites.LAYER,
    rd_hubs.LAYER,
    focal_points.LAYER,
)
LINK_LAYER: LinkLayer = project_links.LAYER


def check_entity_layers(layers: tuple[EntityLayer, ...]) -> tuple[EntityLayer, ...]:
    """``layers`` if they draw every registry kind exactly once, else LayerSpecError.

    Every kind the registry accepts must have a layer (a record without one would be
    invisible), and no kind two (it would be drawn and counted twice).
    """
    kinds = [layer.kind for layer in layers]
    if sorted(kinds) != sorted(ENTITY_KINDS):
        raise LayerSpecError(
            f"ENTITY_LAYERS: expected one layer per kind {sorted(ENTITY_KINDS)}, "
            f"got {sorted(kinds)}"
        )
    return layers


check_entity_layers(ENTITY_LAYERS)

#: Base-map overlays a planner may switch off: toggle id -> the base layer ids it covers.
BASE_TOGGLES: dict[str, tuple[str, ...]] = {
    "admin1": ("admin1",),
    "basin": ("basin",),  # the basin's fill and its outline
    "rivers": ("rivers",),
}
#: Every layer toggle, in legend order (top-most points first): what ``hide=`` may name.
TOGGLE_IDS: tuple[str, ...] = (
    *(layer.kind for layer in reversed(ENTITY_LAYERS)),
    "links",
    "links_cross_border",
    *BASE_TOGGLES,
)

__all__ = [
    "BASEMAP_FILES",
    "BASE_LAYERS",
    "BASE_TOGGLES",
    "ENTITY_LAYERS",
    "LINK_LAYER",
    "TOGGLE_IDS",
    "BaseMapLayer",
    "EntityLayer",
    "LayerSpecError",
    "LinkLayer",
    "check_entity_layers",
]
