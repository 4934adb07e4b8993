"""Layer spec: rd hub entities from the registry."""

from layers.base import EntityLayer

LAYER = EntityLayer(kind="rd_hub", label_key="layer.rd_hubs", color="#0072B2", size=11, ring=False)
