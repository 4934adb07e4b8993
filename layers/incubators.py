"""Layer spec: incubators, innovation and entrepreneurship centres, co-working and SME centres."""

from layers.base import EntityLayer

LAYER = EntityLayer(
    kind="incubator", label_key="layer.incubators", color="#56B4E9", size=10, ring=False
)
