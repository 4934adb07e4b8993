"""Layer spec: focal point entities from the registry."""

from layers.base import EntityLayer

LAYER = EntityLayer(
    kind="focal_point", label_key="layer.focal_points", color="#CC79A7", size=16, ring=True
)
