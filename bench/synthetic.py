"""SYNTHETIC data for benchmarks only: a registry of N entities written to a temporary folder.

Nothing here is real data and nothing here is ever written into the repository's ``data/``.
:func:`write_synthetic` builds a data folder that the app's own validator accepts:

- ``basemap/``, ``places/`` and ``registry/sectors.csv`` are copied from the shipped data;
- ``registry/entities.csv`` holds every shipped entity (links point at them) plus
  ``N - shipped`` synthetic rows with ids ``syn-<n>``. Each synthetic row is a copy of a
  randomly chosen shipped row (fixed seed) with the SAME lon/lat and admin1, so the
  validator's geography check passes without jitter. Only rows that are inside the corridor
  (or focal points) are copied: outside rows are allowed only as a link's end;
- ``registry/links.csv`` is the shipped file unchanged.

A ``SYNTHETIC-README.txt`` in the folder says the same.
"""

from __future__ import annotations

import csv
import random
import shutil
import tempfile
from pathlib import Path

from corridor_map.registry import load_registry
from corridor_map.settings import REPO_ROOT

SHIPPED_DATA = REPO_ROOT / "data"
SEED = 20261124
NOTICE = (
    "SYNTHETIC DATA - FOR BENCHMARKS ONLY.\n"
    "Written by bench/synthetic.py into a temporary folder. Rows with ids syn-<n> are copies\n"
    "of shipped rows (same coordinates and admin1) and describe nothing real.\n"
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
    with (registry_dir / "entities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(shipped)
        for number in range(size - len(shipped)):
            row = dict(rng.choice(pool))
            row["id"] = f"syn-{number}"
            writer.writerow(row)
    return target
