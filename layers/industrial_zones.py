"""Layer spec: industrial zone entities from the registry."""

from layers.base import EntityLayer

LAYER = EntityLayer(
    kind="industrial_zone", label_key="layer.industrial_zones", color="#E69F00", size=13, ring=True
)
