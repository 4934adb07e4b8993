"""Orientation labels: the six units, capitals and major cities, named on every map.

The places come from ``data/basemap/places.geojson`` (built by scripts/build_basemap.py from
Natural Earth). assets/map-view.js draws them as HTML over the map, not as WebGL text: the
browser shapes every script the app speaks (MapLibre's labels do not shape Khmer or Myanmar,
and would fetch glyphs from a font server), and the script can leave out any label that
would cover a marker.

Unit names are in the page's language (the same words as the country filter); city names
are in Latin script (Natural Earth's English names) in every language, as no vetted list of
the cities' names in the seven languages ships with the app.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd

from corridor_map.i18n import available_languages, translate

#: A base-map unit code -> the app's country code (Yunnan is ``CHN`` in the app).
UNIT_COUNTRY = {"CN-YN": "CHN"}
#: Label kinds in drawing priority (earlier kinds win a place first).
KINDS = ("capital", "unit", "city")


def map_labels(places: gpd.GeoDataFrame, lang: str) -> list[list]:
    """The labels of one language: ``[[lon, lat, text, kind], ...]`` in drawing priority.

    Parameters
    ----------
    places
        ``data/basemap/places.geojson``: columns name, kind (unit, capital, city), unit.
    lang
        App language of the unit names.
    """
    labels = []
    for kind in KINDS:
        for _, place in places[places["kind"] == kind].iterrows():
            text = place["name"]
            if kind == "unit":
                code = UNIT_COUNTRY.get(place["unit"], place["unit"])
                text = translate(f"country.{code}", lang)
            labels.append([round(place.geometry.x, 3), round(place.geometry.y, 3), text, kind])
    return labels


def label_files(basemap_dir: Path) -> dict[str, bytes]:
    """``labels-<lang>.json`` -> its bytes, for every app language (read once at start-up):
    ``{"labels": [...], "stack": "..."}``, the labels (:func:`map_labels`) and the title of a
    badge counting the records stacked on one spot (``{count}`` left for the browser)."""
    places = gpd.read_file(basemap_dir / "places.geojson")
    return {
        f"labels-{lang}.json": json.dumps(
            {
                "labels": map_labels(places, lang),
                "stack": translate("map.stack_title", lang, count="{count}"),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        for lang in available_languages()
    }
