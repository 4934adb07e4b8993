"""Orientation labels: which places are named, and in which language."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest

from corridor_map.i18n import available_languages, translate
from corridor_map.map.labels import label_files, map_labels

BASEMAP = Path(__file__).resolve().parents[2] / "data" / "basemap"
CAPITALS = {"Bangkok", "Hanoi", "Naypyidaw", "Phnom Penh", "Vientiane"}


@pytest.fixture(scope="module")
def places():
    return gpd.read_file(BASEMAP / "places.geojson")


def test_map010_capitals_major_cities_and_units_named(places):
    labels = map_labels(places, "en")
    texts = {text for _, _, text, _ in labels}
    assert CAPITALS | {"Yangon", "Kunming", "Ho Chi Minh City", "Mandalay"} <= texts
    units = [label[2] for label in labels if label[3] == "unit"]
    assert sorted(units) == sorted(
        translate(f"country.{code}", "en") for code in ("KHM", "LAO", "MMR", "THA", "VNM", "CHN")
    )
    # Capitals are placed first: they win a crowded spot over a unit or a city.
    kinds = [label[3] for label in labels]
    assert kinds == sorted(kinds, key=("capital", "unit", "city").index)
    for lon, lat, _, _ in labels:
        assert 92 <= lon <= 110 and 8 <= lat <= 27


@pytest.mark.parametrize("lang", ["th", "km", "my", "zh-Hans"])
def test_map011_unit_names_in_the_page_language(places, lang):
    units = {label[2] for label in map_labels(places, lang) if label[3] == "unit"}
    assert translate("country.THA", lang) in units
    assert translate("country.KHM", lang) in units
    assert "Thailand" not in units


def test_map012_one_label_file_per_language():
    files = label_files(BASEMAP)
    assert set(files) == {f"labels-{lang}.json" for lang in available_languages()}
    assert all(len(body) < 4_000 for body in files.values())
    assert json.loads(files["labels-th.json"])["stack"] == translate(
        "map.stack_title", "th", count="{count}"
    )
