"""The box each map view frames (corridor_map.map.view.frame_bounds)."""

from __future__ import annotations

import numpy as np

from corridor_map.filters import FilterState
from corridor_map.map.figure import CORRIDOR_BOUNDS
from corridor_map.map.view import frame_bounds, map_view


def inside(box, lon, lat) -> bool:
    west, south, east, north = box
    return bool(np.all((west <= lon) & (lon <= east) & (south <= lat) & (lat <= north)))


def test_map017_no_filter_frames_the_corridor(context):
    assert frame_bounds(context, context.result(FilterState())) == list(CORRIDOR_BOUNDS)
    assert map_view(context, context.result(FilterState()), None)["fit"] == list(CORRIDOR_BOUNDS)


def test_map018_a_filter_frames_its_records_inside_the_corridor(context):
    entities = context.registry.entities
    for state in (FilterState(countries=("MMR",)), FilterState(kinds=("hightech_park",))):
        result = context.result(state)
        box = frame_bounds(context, result)
        rows = result.entities & entities["in_corridor"].to_numpy(bool)
        assert inside(box, entities["lon"][rows], entities["lat"][rows])
        # Partners at the far end of a link (Beijing...) do not pull the frame away.
        assert box[2] < 112 and box[3] < 30
    west, _, east, _ = frame_bounds(context, context.result(FilterState(countries=("MMR",))))
    assert east < 102 and (west + east) / 2 < 99


def test_map019_a_selection_frames_the_record_with_its_partners(context):
    index = context.filter_index
    degree = np.bincount(np.r_[index.link_from, index.link_to], minlength=len(index.kinds))
    position = int(np.argmax(degree))
    record = context.registry.entities.index[position]
    own = (index.link_from == position) | (index.link_to == position)
    rows = np.unique(np.r_[index.link_from[own], index.link_to[own]])
    box = frame_bounds(context, context.result(FilterState()), record)
    entities = context.registry.entities
    assert inside(box, entities["lon"].to_numpy()[rows], entities["lat"].to_numpy()[rows])
