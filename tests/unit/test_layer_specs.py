"""Layer specs check themselves when constructed: a wrong field fails at import with
"<Spec>.<field>: expected …, got …", and the entity layers cover every registry kind once."""

from __future__ import annotations

import dataclasses

import pytest

from corridor_map import schema
from layers import (
    BASE_LAYERS,
    ENTITY_LAYERS,
    LINK_LAYER,
    BaseMapLayer,
    EntityLayer,
    LayerSpecError,
    LinkLayer,
    check_entity_layers,
)

ZONES = ENTITY_LAYERS[0]
RIVERS = BASE_LAYERS[-1]


@pytest.mark.parametrize(
    ("spec", "changes", "message"),
    [
        (ZONES, {"kind": "factory"}, "EntityLayer.kind: expected one of"),
        (ZONES, {"color": "blue"}, "EntityLayer.color: expected a colour as '#rrggbb', got 'blue'"),
        (ZONES, {"size": 0}, "EntityLayer.size: expected a marker diameter"),
        (ZONES, {"size": 11.5}, "got 11.5"),
        (ZONES, {"label_key": "kind.rd_hub"}, "EntityLayer.label_key: expected 'layer.…'"),
        (ZONES, {"ring": "yes"}, "EntityLayer.ring: expected True or False, got 'yes'"),
        (RIVERS, {"geometry": "circle"}, "BaseMapLayer.geometry: expected 'fill' or 'line'"),
        (RIVERS, {"opacity": 1.5}, "BaseMapLayer.opacity: expected a number in [0, 1], got 1.5"),
        (RIVERS, {"dash": (3, -1)}, "BaseMapLayer.dash: expected None or a tuple"),
        (RIVERS, {"id": "Rivers!"}, "BaseMapLayer.id: expected a slug, got 'Rivers!'"),
        (RIVERS, {"attribution": "© someone"}, "BaseMapLayer.attribution: expected ''"),
        (RIVERS, {"width": 0}, "BaseMapLayer.width: expected a width in pixels"),
        (LINK_LAYER, {"cross_border_color": "#12345"}, "LinkLayer.cross_border_color"),
        (LINK_LAYER, {"width": -1}, "LinkLayer.width: expected a width in pixels"),
    ],
)
def test_lay001_a_wrong_field_names_the_spec_the_field_and_what_was_expected(
    spec, changes, message
):
    with pytest.raises(LayerSpecError) as raised:
        dataclasses.replace(spec, **changes)
    assert message in str(raised.value)
    assert ", got " in str(raised.value)


def test_lay002_the_shipped_specs_are_valid_and_cover_every_kind_once():
    assert check_entity_layers(ENTITY_LAYERS) == ENTITY_LAYERS
    assert sorted(layer.kind for layer in ENTITY_LAYERS) == sorted(schema.ENTITY_KINDS)
    for spec in (*ENTITY_LAYERS, *BASE_LAYERS, LINK_LAYER):
        assert dataclasses.replace(spec) == spec  # constructing again passes the checks
    assert isinstance(LINK_LAYER, LinkLayer) and isinstance(RIVERS, BaseMapLayer)


def test_lay003_a_kind_without_a_layer_or_with_two_is_refused():
    with pytest.raises(LayerSpecError, match=r"ENTITY_LAYERS: expected one layer per kind"):
        check_entity_layers(ENTITY_LAYERS[1:])
    with pytest.raises(LayerSpecError, match=r"got \[.*'rd_hub', 'rd_hub'"):
        check_entity_layers((*ENTITY_LAYERS, EntityLayer("rd_hub", "layer.x", "#000000", 8)))
