"""Check the derived basin outline against the DDM30 validation reference.

The reference (../shared/geodata/mekong_basin_ddm30.geojson) is used only here,
to check the shipped outline; it is never shipped or used to build data.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared" / "geodata"
REFERENCE = SHARED / "mekong_basin_ddm30.geojson"
MAINSTEM = SHARED / "ne10m_mekong_mainstem.geojson"
BASIN = REPO / "data" / "basemap" / "basin.geojson"
PUBLISHED_AREA_KM2 = 795_000
EQUAL_AREA = 6933


@pytest.fixture(scope="module")
def basin() -> shapely.Geometry:
    """The shipped basin in EPSG:6933."""
    return gpd.read_file(BASIN).to_crs(EQUAL_AREA).union_all()


@pytest.fixture(scope="module")
def reference() -> shapely.Geometry:
    """The DDM30 reference basin in EPSG:6933 (skips when absent)."""
    if not REFERENCE.is_file():
        pytest.skip(f"reference data ../shared/geodata not present: {REFERENCE} missing")
    return gpd.read_file(REFERENCE).to_crs(EQUAL_AREA).union_all()


def test_area_within_15_percent(basin: shapely.Geometry, reference: shapely.Geometry) -> None:
    """Basin area is within 15 % of the published 795,000 km2."""
    area = basin.area / 1e6
    assert abs(area - PUBLISHED_AREA_KM2) <= 0.15 * PUBLISHED_AREA_KM2, area


def test_iou(basin: shapely.Geometry, reference: shapely.Geometry) -> None:
    """Intersection over union with DDM30 is at least 0.6."""
    iou = basin.intersection(reference).area / basin.union(reference).area
    assert iou >= 0.6, iou


def test_mainstem_inside(basin: shapely.Geometry, reference: shapely.Geometry) -> None:
    """Every mainstem point (Yunnan to the delta) is within 25 km of the outline."""
    if not MAINSTEM.is_file():
        pytest.skip(f"reference data ../shared/geodata not present: {MAINSTEM} missing")
    # Distances in a local equal-area metric CRS rather than EPSG:6933, whose
    # scale distortion grows with latitude.
    crs = "+proj=aea +lat_0=0 +lon_0=101 +lat_1=10 +lat_2=25 +datum=WGS84 +units=m"
    line = gpd.read_file(MAINSTEM).to_crs(crs).union_all()
    outline = gpd.GeoSeries([basin], crs=EQUAL_AREA).to_crs(crs).iloc[0]
    points = shapely.points(shapely.get_coordinates(shapely.segmentize(line, 1_000)))
    worst = shapely.distance(points, outline).max() / 1e3
    assert worst <= 25, worst
