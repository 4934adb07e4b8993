"""Tests for corridor_map.map.camera: the ``at=lat,lon,zoom`` map framing in URLs."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor_map.filters import FilterState
from corridor_map.map.camera import Camera, canonical_at, format_at, parse_at, with_camera
from corridor_map.view_state import params_from_query, parse_view

SECTORS = ("water", "agriculture")


@given(
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.floats(0, 22),
)
def test_format_then_parse_round_trips_to_url_precision(lat, lon, zoom):
    camera = parse_at(format_at(Camera(lat, lon, zoom)))
    assert camera is not None
    assert math.isclose(camera.lat, lat, abs_tol=5e-5 + 1e-9)
    assert math.isclose(camera.lon, lon, abs_tol=5e-5 + 1e-9)
    assert math.isclose(camera.zoom, zoom, abs_tol=5e-3 + 1e-9)
    assert canonical_at(format_at(camera)) == format_at(camera)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "18,102",
        "18,102,5,1",
        "north,102,5",
        "nan,102,5",
        "18,inf,5",
        "91,102,5",
        "18,-181,5",
        "18,102,23",
        "18,102,-1",
        "1e400,0,0",
    ],
)
def test_unusable_values_are_rejected(value):
    assert parse_at(value) is None
    assert canonical_at(value) is None


def test_canonical_form_is_what_the_browser_writes():
    # assets/map-view.js writes toFixed(4), toFixed(4), toFixed(2).
    assert canonical_at("18,102.6,7.5") == "18.0000,102.6000,7.50"
    assert canonical_at(" 18.00001 , 102.6 , 7.5 ") == "18.0000,102.6000,7.50"


def test_cam010_view_keeps_a_usable_at_and_drops_a_bad_one_with_a_notice():
    parsed = parse_view(params_from_query("?sector=water&at=18,102.6,7.5&lang=lo"), SECTORS)
    assert parsed.view.filters == FilterState(sectors=("water",)) and parsed.dropped == []
    assert parsed.view.at == "18.0000,102.6000,7.50" and parsed.view.lang == "lo"
    parsed = parse_view(params_from_query("?sector=water&at=18,102.6"), SECTORS)
    assert parsed.view.filters == FilterState(sectors=("water",)) and parsed.view.at == ""
    assert [(d.key, d.value) for d in parsed.dropped] == [("at", "18,102.6")]
    assert parsed.view.query() == "?sector=water"


def test_with_camera_frames_a_copy_and_leaves_the_shared_figure_alone():
    import plotly.graph_objects as go

    figure = go.Figure(layout={"map": {"center": {"lat": 17.8, "lon": 101.5}, "zoom": 4.1}})
    assert with_camera(figure, None) is figure
    assert with_camera(figure, "bogus") is figure
    framed = with_camera(figure, "18,102.6,7.5")
    assert framed["layout"]["map"]["center"] == {"lat": 18.0, "lon": 102.6}
    assert framed["layout"]["map"]["zoom"] == 7.5
    assert figure.layout.map.center.lat == 17.8 and figure.layout.map.zoom == 4.1


def test_corridor_bounds_cover_the_six_units():
    import geopandas as gpd

    from corridor_map.map.figure import CORRIDOR_BOUNDS
    from corridor_map.settings import REPO_ROOT

    west, south, east, north = gpd.read_file(REPO_ROOT / "data/basemap/units.geojson").total_bounds
    w, s, e, n = CORRIDOR_BOUNDS
    assert w <= west and s <= south and e >= east and n >= north
    assert max(west - w, south - s, e - east, n - north) < 0.2  # and not much more


@pytest.mark.parametrize(("width", "height"), [(375, 560), (600, 330), (1280, 700)])
def test_fit_bounds_shows_the_whole_box_and_fills_one_side(width, height):
    from corridor_map.map.camera import FIT_USABLE, TILE_PX, fit_bounds

    bounds = (92.1, 5.6, 109.5, 29.3)
    camera = fit_bounds(bounds, width, height)
    scale = TILE_PX * 2**camera.zoom  # pixels of the world's width at this zoom

    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * scale / (2 * math.pi)

    shown_x = (bounds[2] - bounds[0]) / 360 * scale
    shown_y = y(bounds[3]) - y(bounds[1])
    assert shown_x <= width + 1e-6 and shown_y <= height + 1e-6
    assert max(shown_x / width, shown_y / height) == pytest.approx(FIT_USABLE)
    assert y(camera.lat) == pytest.approx((y(bounds[3]) + y(bounds[1])) / 2)
