"""The compact map view: bitmask encoding and what a view carries."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from corridor_map.context import AppContext
from corridor_map.filters import FilterState, apply
from corridor_map.map.view import decode_mask, encode_mask, map_view


@given(st.lists(st.booleans(), max_size=300))
def test_mv001_mask_round_trips(bits):
    mask = np.array(bits, dtype=bool)
    assert decode_mask(encode_mask(mask), len(mask)).tolist() == bits


def test_mv002_mask_is_one_bit_per_point():
    assert len(encode_mask(np.ones(100_000, dtype=bool))) == 16_668  # 12,500 bytes as base64


def test_mv005_a_mask_stays_one_bit_per_point_once_encoded_as_json():
    """Plotly's JSON encoder writes every ``/`` as ``\\u002f``: a mask of visible points
    (0xFF bytes, ``////`` in standard base64) would grow sixfold."""
    from plotly.io.json import to_json_plotly

    encoded = encode_mask(np.ones(100_000, dtype=bool))
    assert "/" not in encoded and "+" not in encoded
    assert len(to_json_plotly(encoded)) == len(encoded) + 2  # the quotes only


def test_mv003_view_masks_follow_the_filter(registry):
    context = AppContext.build(registry)
    state = FilterState(countries=("KHM",))
    result = apply(registry.entities, registry.links, state, context.filter_index)
    view = map_view(context, result, None, {"map.zoom": 6})
    shown = np.zeros(len(registry.entities), dtype=bool)
    for kind, rows in context.kind_rows.items():
        trace = context.plan.entity[kind][0]
        encoded, count = next((m[1], m[2]) for m in view["masks"] if m[0] == trace)
        shown[rows] = decode_mask(encoded, count)
    assert (shown == result.visible).all()
    assert view["layout"] == [[["map", "zoom"], 6]]
