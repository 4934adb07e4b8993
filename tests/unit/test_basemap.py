"""Tests on the built base-map files in data/basemap (no raw data needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

BASEMAP = Path(__file__).resolve().parents[2] / "data" / "basemap"
FILES = (
    "sea.geojson",
    "countries.geojson",
    "units.geojson",
    "admin1.geojson",
    "rivers.geojson",
    "lakes.geojson",
    "disputed.geojson",
    "basin.geojson",
    "places.geojson",
)
BBOX = (90.0, 5.0, 112.0, 30.0)
#: Files that reach beyond the corridor box: the sea, and the countries round it (the map
#: fills any screen shape), each with the box it may cover.
WIDE = {
    "sea.geojson": (-180.0, -85.0, 180.0, 85.0),
    "countries.geojson": (55.0, -15.0, 160.0, 58.0),
}
UNITS = {"KHM", "LAO", "MMR", "THA", "VNM", "CN-YN"}
MAX_TOTAL_BYTES = 1_500_000


def load(name: str) -> gpd.GeoDataFrame:
    """Read one built file."""
    return gpd.read_file(BASEMAP / name)


@pytest.mark.parametrize("name", FILES)
def test_valid_geojson(name: str) -> None:
    """Each file is a non-empty RFC 7946 FeatureCollection."""
    doc = json.loads((BASEMAP / name).read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert doc["features"], f"{name} has no features"
    assert "crs" not in doc, "RFC 7946 files carry no crs member"
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"] is not None
        assert isinstance(feature["properties"], dict)


@pytest.mark.parametrize("name", FILES)
def test_geometries_valid_and_in_box(name: str) -> None:
    """Geometries are valid, non-empty, EPSG:4326 and inside the box."""
    gdf = load(name)
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.is_valid.all(), shapely.is_valid_reason(gdf.geometry[~gdf.is_valid])
    assert not gdf.geometry.is_empty.any()
    minx, miny, maxx, maxy = gdf.total_bounds
    bbox = WIDE.get(name, BBOX)
    eps = 1e-6
    assert minx >= bbox[0] - eps and miny >= bbox[1] - eps
    assert maxx <= bbox[2] + eps and maxy <= bbox[3] + eps


@pytest.mark.parametrize("name", FILES)
def test_coordinate_precision(name: str) -> None:
    """Coordinates carry at most 5 decimals."""
    text = (BASEMAP / name).read_text(encoding="utf-8")
    assert not re.search(r"-?\d+\.\d{6,}\s*[,\]]", text)


def test_total_size() -> None:
    """All base-map files together stay within 1.5 MB."""
    total = sum((BASEMAP / name).stat().st_size for name in FILES)
    assert total <= MAX_TOTAL_BYTES


def test_countries() -> None:
    """Countries carry iso3/name/corridor with the five corridor countries flagged."""
    gdf = load("countries.geojson")
    assert set(gdf[gdf.corridor].iso3) == UNITS - {"CN-YN"}
    assert "CHN" in set(gdf[~gdf.corridor].iso3)


def test_map001_countries_reach_beyond_the_corridor() -> None:
    """The whole of China (Beijing, Hainan, Heilongjiang) and the neighbours round the
    corridor are land on the map, so partners outside the corridor sit on a map."""
    gdf = load("countries.geojson")
    china = gdf[gdf.iso3 == "CHN"].union_all()
    for lon, lat in ((116.4, 39.9), (110.3, 20.0), (126.6, 45.8)):  # Beijing, Haikou, Harbin
        assert china.contains(shapely.Point(lon, lat))
    assert {"IND", "BGD", "MYS", "IDN"} <= set(gdf.iso3)
    minx, miny, maxx, maxy = gdf.total_bounds
    assert minx < 70 and maxx > 140 and miny < -5 and maxy > 50


def test_map002_sea_covers_the_whole_map() -> None:
    """One sea rectangle under everything: no part of any framing is blank."""
    gdf = load("sea.geojson")
    assert len(gdf) == 1
    assert tuple(gdf.total_bounds) == (-180.0, -85.0, 180.0, 85.0)


def test_units() -> None:
    """Six units, Yunnan as its own feature with iso3 CHN."""
    gdf = load("units.geojson")
    assert len(gdf) == 6
    assert set(gdf.unit) == UNITS
    yunnan = gdf[gdf.unit == "CN-YN"].iloc[0]
    assert yunnan.iso3 == "CHN"
    assert yunnan["name"] == "Yunnan (China)"
    assert yunnan.name_local == "云南"
    assert gdf.name_local.notna().all()
    # Yunnan is about 394,000 km2; an EPSG:6933 area check catches a wrong polygon.
    area = gdf[gdf.unit == "CN-YN"].to_crs(6933).area.iloc[0] / 1e6
    assert 330_000 < area < 440_000


def test_admin1() -> None:
    """Admin-1 covers all six units with the expected properties."""
    gdf = load("admin1.geojson")
    assert set(gdf.unit) == UNITS
    for col in ("name", "name_local", "name_zh", "iso_3166_2", "unit", "iso3"):
        assert col in gdf.columns
    counts = gdf.unit.value_counts()
    assert counts["CN-YN"] == 1
    assert counts["THA"] >= 70 and counts["VNM"] >= 60
    assert (gdf[gdf.unit == "CN-YN"].iso3 == "CHN").all()


def test_rivers_have_mekong() -> None:
    """The Mekong (and Lancang) mainstem is present and flagged."""
    gdf = load("rivers.geojson")
    names = set(gdf.name.dropna())
    assert {"Mekong", "Lancang"} <= names
    assert gdf.mekong.dtype == bool and gdf.mainstem.dtype == bool
    assert gdf[gdf.name == "Mekong"].mainstem.all()
    assert gdf[gdf.mainstem].mekong.all()


def test_lakes_have_tonle_sap() -> None:
    """Tonle Sap and Nam Ngum are in the lakes layer."""
    names = " ".join(load("lakes.geojson").name.dropna())
    assert "Tonle Sap" in names
    assert "Nam Ngum" in names


def test_disputed() -> None:
    """Disputed areas carry names."""
    gdf = load("disputed.geojson")
    assert gdf.name.notna().all()


def test_basin_properties() -> None:
    """The basin is one feature, labelled approximate and derived."""
    gdf = load("basin.geojson")
    assert len(gdf) == 1
    row = gdf.iloc[0]
    assert row["name"] == "Mekong basin (approximate, derived)"
    assert bool(row.approximate) is True
    assert row.method
    assert row.geometry.geom_type in ("Polygon", "MultiPolygon")
