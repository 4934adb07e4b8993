"""Layer spec: project links between registry entities; cross-border links stand out."""

from layers.base import LinkLayer

LAYER = LinkLayer(
    id="project_links",
    label_key="layer.project_links",
    color="#7f7f7f",
    cross_border_color="#D55E00",
)
