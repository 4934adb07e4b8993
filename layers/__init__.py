"""Ordered layer registry: base polygons under base lines under links under points."""

from layers import focal_points, hightech_parks, industrial_zones, project_links, rd_hubs
from layers.base import BaseMapLayer, EntityLayer, LinkLayer
from layers.basemap import BASE_LAYERS, BASEMAP_FILES

#: Point layers, drawn in this order (later on top).
ENTITY_LAYERS: tuple[EntityLayer, ...] = (
    industrial_zones.LAYER,
    hightech_parks.LAYER,
    rd_hubs.LAYER,
    focal_points.LAYER,
)
LINK_LAYER: LinkLayer = project_links.LAYER

__all__ = [
    "BASEMAP_FILES",
    "BASE_LAYERS",
    "ENTITY_LAYERS",
    "LINK_LAYER",
    "BaseMapLayer",
    "EntityLayer",
    "LinkLayer",
]
