"""Layer spec: hightech park entities from the registry."""

from layers.base import EntityLayer

LAYER = EntityLayer(
    kind="hightech_park", label_key="layer.hightech_parks", color="#009E73", size=12, ring=False
)
