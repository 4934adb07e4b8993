"""Layer spec: technology demonstration and poverty-alleviation pilot sites."""

from layers.base import EntityLayer

LAYER = EntityLayer(
    kind="demonstration_site",
    label_key="layer.demonstration_sites",
    color="#999933",
    size=10,
    ring=True,
)
