"""SYNTHETIC data for benchmarks only: a registry of N entities written to a temporary folder.

Nothing here is real data and nothing here is ever written into the repository's ``data/``.
:func:`write_synthetic` builds a data folder that the app's own validator accepts:

- ``basemap/``, ``places/`` and ``registry/sectors.csv`` are copied from the shipped data;
- ``registry/entities.csv`` holds every shipped entity (links point at them) plus
  ``N - shipped`` synthetic rows with ids ``syn-<n>``. Each synthetic row is a copy of a
  randomly chosen shipped row (fixed seed), moved to a random point of its country's
  provinces (base map admin-1, whose name it then takes, placed at ``site`` precision with
  ``coord_source`` saying it is synthetic) and given a random name, so the real validator
  accepts it (geography, near-duplicates) and records are spread as a large registry would
  be. Only rows that are inside the corridor (or focal points) are copied: outside rows are
  allowed only as a link's end;
- ``registry/links.csv`` is the shipped file unchanged.

A ``SYNTHETIC-README.txt`` in the folder says the same.
"""

from __future__ import annotations

import csv
import random
import shutil
import string
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from corridor_map.registry import load_registry
from corridor_map.settings import REPO_ROOT

SHIPPED_DATA = REPO_ROOT / "data"
SEED = 20261124
LETTERS = string.ascii_uppercase
NOTICE = (
    "SYNTHETIC DATA - FOR BENCHMARKS ONLY.\n"
    "Written by bench/synthetic.py into a temporary folder. Rows with ids syn-<n> are copies\n"
    "of shipped rows moved to random points with random names, and describe nothing real.\n"
)


def _eligible_ids(data_dir: Path) -> set[str]:
    """Ids of shipped entities that may be copied (in the corridor, or focal points)."""
    entities = load_registry(data_dir).entities
    keep = entities["in_corridor"] | (entities["kind"] == "focal_point")
    return set(entities.index[keep])


def write_synthetic(size: int, target: Path | None = None, source: Path = SHIPPED_DATA) -> Path:
    """Write a synthetic data folder with ``size`` entities and return its path.

    Parameters
    ----------
    size
        Total number of entities (shipped rows included); at least the shipped count.
    target
        Empty folder to write into; a new temporary folder when omitted (the caller removes
        it).
    source
        The shipped data folder to copy from.
    """
    target = (
        Path(tempfile.mkdtemp(prefix=f"corridor-synthetic-{size}-")) if target is None else target
    )
    shutil.copytree(source / "basemap", target / "basemap")
    shutil.copytree(source / "places", target / "places")
    registry_dir = target / "registry"
    registry_dir.mkdir(parents=True)
    shutil.copy2(source / "registry" / "sectors.csv", registry_dir / "sectors.csv")
    shutil.copy2(source / "registry" / "links.csv", registry_dir / "links.csv")
    (target / "SYNTHETIC-README.txt").write_text(NOTICE, encoding="utf-8")

    with (source / "registry" / "entities.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        shipped = list(reader)
    if size < len(shipped):
        raise ValueError(f"size {size} is below the shipped {len(shipped)} entities")
    eligible = _eligible_ids(source)
    pool = [row for row in shipped if row["id"] in eligible]
    rng = random.Random(SEED)
    rows = [dict(rng.choice(pool)) for _ in range(size - len(shipped))]
    places = random_places([row["country"] for row in rows], source / "basemap", rng)
    with (registry_dir / "entities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(shipped)
        for number, (row, (lon, lat, admin1)) in enumerate(zip(rows, places, strict=True)):
            token = "".join(rng.choice(LETTERS) for _ in range(12))
            row.update(
                id=f"syn-{number}",
                name=f"Synthetic {token}",
                name_local="",
                former_names="",
                lon=f"{lon:.5f}",
                lat=f"{lat:.5f}",
                admin1=admin1,
                location_precision="site",
                coord_source="synthetic point for benchmarks",
            )
            writer.writerow(row)
    # Every record has its data versions (the checker requires it): the synthetic ones carry
    # the shipped release's date, as if added in it.
    versions = (source / "registry" / "versions.csv").read_text(encoding="utf-8")
    release = max(line.rsplit(",", 1)[-1] for line in versions.splitlines()[1:] if line)
    extra = "".join(f"entity,syn-{n},{release},{release}\n" for n in range(len(rows)))
    (registry_dir / "versions.csv").write_text(versions.rstrip("\n") + "\n" + extra, "utf-8")
    return target


def random_places(
    countries: list[str], basemap_dir: Path, rng: random.Random
) -> list[tuple[float, float, str]]:
    """A random point in one of each country's provinces: ``(lon, lat, admin1 name)``.

    Points are drawn in the provinces' bounding boxes and kept when a province of that
    country contains them (a spatial join), so each lies in the admin-1 it names.
    """
    provinces = gpd.read_file(basemap_dir / "admin1.geojson")[["name", "iso3", "geometry"]]
    wanted = pd.Series(countries)
    found: dict[int, tuple[float, float, str]] = {}
    generator = np.random.default_rng(rng.randrange(2**32))
    while len(found) < len(countries):
        missing = wanted.drop(list(found))
        bounds = provinces.dissolve("iso3").bounds.loc[missing.to_numpy()]
        lon = generator.uniform(bounds["minx"], bounds["maxx"])
        lat = generator.uniform(bounds["miny"], bounds["maxy"])
        points = gpd.GeoDataFrame(
            {"row": missing.index, "iso3": missing.to_numpy()},
            geometry=gpd.points_from_xy(lon, lat),
            crs=provinces.crs,
        )
        hits = gpd.sjoin(points, provinces, predicate="within")
        hits = hits[hits["iso3_left"] == hits["iso3_right"]].drop_duplicates("row")
        for row, point, name in zip(hits["row"], hits.geometry, hits["name"], strict=True):
            found[int(row)] = (point.x, point.y, name)
    return [found[i] for i in range(len(countries))]
