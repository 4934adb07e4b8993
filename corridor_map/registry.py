"""Load, validate and check the corridor registry (``data/registry/``).

Every problem is reported as ``file:row:field: message`` (row 1 is the header, so a row
number is the record's line in the file). :func:`load_registry` raises
:class:`RegistryError` carrying all problems at once; the app refuses to start on them and
``python -m corridor_map.registry check`` prints them and exits non-zero.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point

from corridor_map import schema
from corridor_map.settings import Settings
from layers import BASEMAP_FILES

EQUAL_AREA_CRS = "EPSG:6933"  # metres; used for distance tolerances only


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in a data file, located by file, row and field."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.field}: {self.message}"


class RegistryError(Exception):
    """The registry cannot be loaded; ``problems`` says exactly where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Registry:
    """The validated registry.

    Attributes
    ----------
    entities
        GeoDataFrame indexed by ``id`` with point geometry, ``sectors`` as tuples,
        ``sources`` as tuples and a computed ``in_corridor`` flag.
    links
        GeoDataFrame indexed by ``id`` with a LineString between the endpoints, computed
        ``cross_border`` and ``outside_corridor`` flags and the endpoints' countries.
    sectors
        The controlled sector vocabulary (``id``, ``seed_phrase``, ``seed_reference``).
    version
        The data release: the latest data version (``changed`` date in ``versions.csv``),
        or without one the latest ``last_verified`` date.

    Entities and links carry ``added`` and ``changed`` (``YYYY-MM-DD``), joined from
    ``versions.csv`` (see :func:`check_versions`).
    """

    entities: gpd.GeoDataFrame
    links: gpd.GeoDataFrame
    sectors: pd.DataFrame
    version: str


# --------------------------------------------------------------------------- reading


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_table(
    path: Path, columns: Iterable[str], label: str
) -> tuple[list[dict[str, str]], list[Problem]]:
    """Read a UTF-8 CSV into row dicts, checking that every expected column is present.

    Parameters
    ----------
    path
        The CSV file.
    columns
        Columns that must appear in the header.
    label
        How the file is named in problems (path relative to the repository).

    Returns
    -------
    rows, problems
        Each row carries its 1-based line number under ``"__row__"``.
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                return [], [Problem(label, 1, c, "column missing from the header") for c in missing]
            rows = []
            number = reader.line_num + 1
            for row in reader:
                if None in row:
                    return rows, [Problem(label, number, "*", "more fields than the header has")]
                clean = {k: (v or "").strip() for k, v in row.items()}
                clean["__row__"] = str(number)
                rows.append(clean)
                number = reader.line_num + 1  # a quoted field may span lines
            return rows, []
    except FileNotFoundError:
        return [], [Problem(label, 0, "*", "file not found")]
    except (UnicodeDecodeError, csv.Error) as exc:
        return [], [Problem(label, 0, "*", f"cannot be read as UTF-8 CSV: {exc}")]


# --------------------------------------------------------------------------- field rules


def _is_url(text: str) -> bool:
    parsed = urlparse(text)
    return parsed.scheme in {"http", "https"} and bool(parsed.netloc) and " " not in text


def _check_year(value: str, today: dt.date) -> str | None:
    if not re.fullmatch(r"\d{4}", value):
        return f"expected a four-digit year, got {value!r}"
    if not schema.EARLIEST_YEAR <= int(value) <= today.year + 10:
        return f"expected a year between {schema.EARLIEST_YEAR} and {today.year + 10}, got {value}"
    return None


def _check_common(
    row: dict[str, str],
    label: str,
    required: Iterable[str],
    sectors: set[str],
    today: dt.date,
) -> Iterator[Problem]:
    """Rules shared by entities and links: required fields, id, sectors, sources, dates."""
    number = int(row["__row__"])
    for name in required:
        if not row.get(name):
            yield Problem(label, number, name, "required field is empty")
    if row.get("id") and not re.fullmatch(schema.SLUG_PATTERN, row["id"]):
        yield Problem(
            label, number, "id", f"expected a lowercase slug (a-z, 0-9, -), got {row['id']!r}"
        )
    for sector in filter(None, (s.strip() for s in row.get("sectors", "").split(";"))):
        if sector not in sectors:
            yield Problem(
                label,
                number,
                "sectors",
                f"unknown sector {sector!r}; expected one of {sorted(sectors)}",
            )
    for source in filter(None, (s.strip() for s in row.get("sources", "").split("|"))):
        # A source is a URL, a URL with a note, or a citation in words.
        urls = [u.rstrip(".,;)") for u in re.findall(r"[A-Za-z][A-Za-z0-9+.-]*:/\S*", source)]
        for url in urls:
            if not _is_url(url):
                yield Problem(label, number, "sources", f"malformed URL {url!r}")
        if not urls and len(source) < 10:
            yield Problem(label, number, "sources", f"citation too short to find: {source!r}")
    if row.get("last_verified"):
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["last_verified"]):
                raise ValueError(row["last_verified"])
            checked = dt.date.fromisoformat(row["last_verified"])
        except ValueError:
            yield Problem(
                label, number, "last_verified", f"expected YYYY-MM-DD, got {row['last_verified']!r}"
            )
        else:
            if checked > today:
                yield Problem(label, number, "last_verified", f"date {checked} is in the future")


def _check_choice(
    row: dict[str, str], label: str, name: str, allowed: Iterable[str]
) -> Iterator[Problem]:
    allowed = tuple(allowed)
    if row.get(name) and row[name] not in allowed:
        yield Problem(
            label, int(row["__row__"]), name, f"expected one of {list(allowed)}, got {row[name]!r}"
        )


def _check_unique(rows: list[dict[str, str]], label: str) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for row in rows:
        if row.get("id") in seen:
            yield Problem(
                label,
                int(row["__row__"]),
                "id",
                f"duplicate id {row['id']!r} (first on row {seen[row['id']]})",
            )
        elif row.get("id"):
            seen[row["id"]] = row["__row__"]


def check_entity_rows(
    rows: list[dict[str, str]], label: str, sectors: set[str], today: dt.date
) -> list[Problem]:
    """Field-level rules for entity rows (no geography)."""
    problems = list(_check_unique(rows, label))
    for row in rows:
        number = int(row["__row__"])
        problems += _check_common(row, label, schema.ENTITY_REQUIRED, sectors, today)
        problems += _check_choice(row, label, "kind", schema.ENTITY_KINDS)
        problems += _check_choice(row, label, "country", schema.COUNTRIES)
        problems += _check_choice(row, label, "location_precision", schema.PRECISIONS)
        for name, low, high in (("lon", -180, 180), ("lat", -90, 90)):
            if not row.get(name):
                continue
            try:
                value = float(row[name])
            except ValueError:
                problems.append(
                    Problem(label, number, name, f"expected a number, got {row[name]!r}")
                )
                continue
            if not low <= value <= high:
                problems.append(
                    Problem(label, number, name, f"expected {low} to {high}, got {value}")
                )
        if row.get("established") and (message := _check_year(row["established"], today)):
            problems.append(Problem(label, number, "established", message))
        if row.get("website") and not _is_url(row["website"]):
            problems.append(Problem(label, number, "website", f"malformed URL {row['website']!r}"))
        problems += _check_status(row, label, number)
        problems += _check_coord_source(row, label, number)
    return problems


def _check_status(row: dict[str, str], label: str, number: int) -> Iterator[Problem]:
    """Only zones, parks and incubators carry a status; it is left empty where no source
    states it (never guessed)."""
    yield from _check_choice(row, label, "status", schema.ENTITY_STATUSES)
    kind = row.get("kind")
    if row.get("status") and kind in schema.ENTITY_KINDS and kind not in schema.STATUS_KINDS:
        yield Problem(
            label,
            number,
            "status",
            f"only {', '.join(schema.STATUS_KINDS)} carry a status, not a {kind}",
        )


def geonames_id(coord_source: str) -> str | None:
    """The GeoNames id a ``coord_source`` names (``geonames:1821306``, optionally followed by a
    note in brackets), or ``None``."""
    match = re.fullmatch(
        re.escape(schema.GEONAMES_PREFIX) + r"(\d+)(?:\s*\(.*\))?", coord_source, re.DOTALL
    )
    return match.group(1) if match else None


def _check_coord_source(row: dict[str, str], label: str, number: int) -> Iterator[Problem]:
    """``site`` names where its coordinates come from; ``town``/``city`` name a gazetteer place."""
    precision, source = row.get("location_precision"), row.get("coord_source", "")
    if precision == "site" and not source:
        yield Problem(
            label,
            number,
            "coord_source",
            "a site needs its coordinate source (a cited URL or the named landmark)",
        )
    elif precision in schema.GAZETTEER_PRECISIONS and geonames_id(source) is None:
        yield Problem(
            label,
            number,
            "coord_source",
            f"a {precision} point names its gazetteer place as "
            f"'{schema.GEONAMES_PREFIX}<geonameid>' (a note in brackets may follow), "
            f"got {source!r}",
        )


def check_link_rows(
    rows: list[dict[str, str]],
    label: str,
    sectors: set[str],
    entity_ids: set[str],
    today: dt.date,
) -> list[Problem]:
    """Rules for link rows: fields, endpoints that exist, no self-links."""
    problems = list(_check_unique(rows, label))
    for row in rows:
        number = int(row["__row__"])
        problems += _check_common(row, label, schema.LINK_REQUIRED, sectors, today)
        problems += _check_choice(row, label, "kind", schema.LINK_KINDS)
        problems += _check_choice(row, label, "status", schema.LINK_STATUSES)
        for end in ("from_id", "to_id"):
            if row.get(end) and row[end] not in entity_ids:
                problems.append(Problem(label, number, end, f"no entity with id {row[end]!r}"))
        if row.get("from_id") and row.get("from_id") == row.get("to_id"):
            problems.append(
                Problem(label, number, "to_id", "a link cannot join an entity to itself")
            )
        if row.get("start_year") and (message := _check_year(row["start_year"], today)):
            problems.append(Problem(label, number, "start_year", message))
    return problems


# --------------------------------------------------------------------------- geography


def load_units(basemap_dir: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Read the corridor units and admin-1 polygons of the base map."""
    units = gpd.read_file(basemap_dir / "units.geojson")
    admin1 = gpd.read_file(basemap_dir / "admin1.geojson")
    return units, admin1


def locate(points: gpd.GeoSeries, polygons: gpd.GeoDataFrame, column: str) -> pd.DataFrame:
    """For each point, the ``column`` value of the nearest polygon and the distance in km.

    A point inside a polygon has distance 0. Computed in an equal-area CRS in metres.
    """
    left = gpd.GeoDataFrame(
        {"point_index": range(len(points))}, geometry=list(points), crs="EPSG:4326"
    )
    joined = gpd.sjoin_nearest(
        left.to_crs(EQUAL_AREA_CRS),
        polygons[[column, "geometry"]].to_crs(EQUAL_AREA_CRS),
        how="left",
        distance_col="distance_m",
    )
    joined = (
        joined.sort_values("distance_m").drop_duplicates("point_index").sort_values("point_index")
    )
    return pd.DataFrame(
        {column: joined[column].to_numpy(), "distance_km": joined["distance_m"].to_numpy() / 1000},
        index=points.index,
    )


def check_geography(
    entities: gpd.GeoDataFrame, units: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame, label: str
) -> tuple[pd.Series, list[Problem]]:
    """Check each point against its stated unit and admin-1; return ``in_corridor`` flags.

    A point of KHM/LAO/MMR/THA/VNM must lie in (or within the tolerance of) that country's
    outline; its ``admin1`` must be the province at the point, or one whose simplified
    outline lies within :data:`~corridor_map.schema.ADMIN1_TOLERANCE_KM` of it. A CHN point in
    Yunnan is in the corridor, any other CHN point is outside it. The tolerance absorbs
    simplified coastlines and river borders (border towns, ports).
    """
    problems: list[Problem] = []
    in_corridor = pd.Series(False, index=entities.index)
    if entities.empty:
        return in_corridor, problems
    expected = entities["country"].map(schema.UNITS)
    outlines = units.set_index("unit").geometry.to_crs(EQUAL_AREA_CRS)
    points = entities.geometry.to_crs(EQUAL_AREA_CRS)
    distance_km = (
        points.distance(
            gpd.GeoSeries(
                outlines.reindex(expected).to_numpy(), index=entities.index, crs=EQUAL_AREA_CRS
            )
        )
        / 1000
    )
    inside = distance_km.le(schema.BOUNDARY_TOLERANCE_KM)
    in_corridor[inside] = True
    for entity_id in entities.index[~inside & (entities["country"] != "CHN")]:
        entity = entities.loc[entity_id]
        problems.append(
            Problem(
                label,
                int(entity["__row__"]),
                "lon",
                f"point ({entity['lon']}, {entity['lat']}) lies {distance_km[entity_id]:.0f} km "
                f"outside {expected[entity_id]}",
            )
        )
    for unit, group in entities[inside].groupby(expected[inside]):
        provinces = admin1[admin1["unit"] == unit]
        found = locate(group.geometry, provinces, "name")
        outlines_1 = provinces.set_index("name").geometry.to_crs(EQUAL_AREA_CRS)
        for entity_id, entity in group.iterrows():
            at_point = found.at[entity_id, "name"]
            if schema.ADMIN1_NOT_IN_BASEMAP.get(entity["admin1"]) == at_point:
                continue  # a unit the base map does not draw, inside the polygon that holds it
            if entity["admin1"] != at_point and not _near_province(
                points[entity_id], outlines_1, entity["admin1"]
            ):
                problems.append(
                    Problem(
                        label,
                        int(entity["__row__"]),
                        "admin1",
                        f"expected {found.at[entity_id, 'name']!r} (the base map's province at "
                        f"this point), got {entity['admin1']!r}",
                    )
                )
    return in_corridor, problems


# --------------------------------------------------------------------------- whole-file rules


def load_gazetteer(path: Path) -> pd.DataFrame:
    """Read the offline gazetteer subset (``data/places/gazetteer.csv``), indexed by geonameid."""
    frame = pd.read_csv(path, dtype={"geonameid": str, "name": str, "country": str})
    return frame.set_index("geonameid")


def _distance_km(lon1, lat1, lon2, lat2):
    """Great-circle distance in km (haversine); works on scalars and numpy arrays."""
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0088 * 2 * np.arcsin(np.sqrt(a))


def check_gazetteer(entities: pd.DataFrame, gazetteer: pd.DataFrame, label: str) -> list[Problem]:
    """A ``town``/``city`` point lies at the gazetteer place its ``coord_source`` names.

    The place must exist in the gazetteer, be in the entity's country and lie within
    :data:`corridor_map.schema.GAZETTEER_TOLERANCE_KM` of the point.
    """
    problems = []
    rows = entities[entities["location_precision"].isin(schema.GAZETTEER_PRECISIONS)]
    for _, entity in rows.iterrows():
        number = int(entity["__row__"])
        geonameid = geonames_id(entity["coord_source"])
        if geonameid not in gazetteer.index:
            problems.append(
                Problem(label, number, "coord_source", f"no place {geonameid} in the gazetteer")
            )
            continue
        place = gazetteer.loc[geonameid]
        if place["country"] != schema.ISO2.get(entity["country"]):
            problems.append(
                Problem(
                    label,
                    number,
                    "coord_source",
                    f"gazetteer place {place['name']} ({geonameid}) is in {place['country']}, "
                    f"not in {entity['country']}",
                )
            )
            continue
        distance = float(_distance_km(entity["lon"], entity["lat"], place["lon"], place["lat"]))
        tolerance = schema.GAZETTEER_TOLERANCE_KM[entity["location_precision"]]
        if distance > tolerance:
            problems.append(
                Problem(
                    label,
                    number,
                    "lon",
                    f"{entity['location_precision']} point lies {distance:.1f} km from its "
                    f"gazetteer place {place['name']} ({geonameid}; tolerance {tolerance:g} km)",
                )
            )
    return problems


def _fold_name(text: str) -> str:
    """Fold a name for comparison: case, accents, punctuation and spacing."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def similar_names(a: str, b: str) -> bool:
    """Two names of one place: equal once folded and unspaced, or spelled nearly alike where
    every word only one of them has is a variant spelling of a word of the other (so
    "Institute of Botany" and "Institute of Zoology" differ, "Co-operation" and "Cooperation"
    do not)."""
    a, b = _fold_name(a), _fold_name(b)
    if not a or not b:
        return False
    if a.replace(" ", "") == b.replace(" ", ""):
        return True
    if _ratio(a, b) < schema.SIMILAR_NAME_RATIO:
        return False
    words_a, words_b = set(a.split()), set(b.split())
    only_a, only_b = words_a - words_b, words_b - words_a
    return all(any(_ratio(x, y) >= 0.75 for y in only_b) for x in only_a) and all(
        any(_ratio(x, y) >= 0.75 for y in only_a) for x in only_b
    )


def title_similarity(a: str, b: str) -> float:
    """How alike two link titles are (0-1): the larger of the spelling ratio and the share of
    words of three or more letters they have in common (Dice)."""
    a, b = _fold_name(a), _fold_name(b)
    words_a = {w for w in a.split() if len(w) >= 3}
    words_b = {w for w in b.split() if len(w) >= 3}
    dice = 2 * len(words_a & words_b) / (len(words_a) + len(words_b)) if words_a and words_b else 0
    return max(_ratio(a, b), dice)


def check_near_duplicates(entities: pd.DataFrame, label: str) -> list[Problem]:
    """Two entities within :data:`~corridor_map.schema.NEAR_DUPLICATE_KM` with similar names
    (English or local-script) are one place entered twice.

    Candidate pairs come from a spatial index (shapely's STRtree, a conservative box in
    degrees), then the exact great-circle distance and the names decide: no all-pairs loop.
    """
    problems = []
    frame = entities.reset_index(drop=True)
    lon, lat = frame["lon"].to_numpy(float), frame["lat"].to_numpy(float)
    names = frame["name"].to_numpy()
    local = frame["name_local"].fillna("").map(_fold_name).to_numpy()
    points = shapely.points(lon, lat)
    # A degree of longitude is shortest at the highest latitude in the registry.
    shortest_km = 111.32 * np.cos(np.radians(min(np.abs(lat).max(initial=0.0), 80.0)))
    left, right = shapely.STRtree(points).query(
        points, predicate="dwithin", distance=schema.NEAR_DUPLICATE_KM / shortest_km
    )
    pairs = left < right
    left, right = left[pairs], right[pairs]
    close = _distance_km(lon[left], lat[left], lon[right], lat[right]) <= schema.NEAR_DUPLICATE_KM
    for i, j in sorted(zip(left[close].tolist(), right[close].tolist(), strict=True)):
        same_local = bool(local[i]) and local[i] == local[j]
        if same_local or similar_names(names[i], names[j]):
            first, second = frame.iloc[i], frame.iloc[j]
            problems.append(
                Problem(
                    label,
                    int(second["__row__"]),
                    "name",
                    f"near-duplicate of {first['id']!r} (row {first['__row__']}): "
                    + ("same local name" if same_local else "similar name")
                    + f" within {schema.NEAR_DUPLICATE_KM:g} km",
                )
            )
    return problems


def check_duplicate_links(links: pd.DataFrame, label: str) -> list[Problem]:
    """Two links joining the same unordered pair are one cooperation entered twice when they
    name the same programme (both empty counts as the same), when they are of the same kind and
    only one names a programme (the Hekou-Lao Cai "active"/"planned" twins), or when their
    titles are near-equal (:func:`title_similarity` at least
    :data:`~corridor_map.schema.SIMILAR_TITLE_RATIO`)."""
    problems = []
    by_pair: dict[frozenset[str], list[pd.Series]] = {}
    for _, link in links.iterrows():
        by_pair.setdefault(frozenset((link["from_id"], link["to_id"])), []).append(link)
    for twins in by_pair.values():
        for index, second in enumerate(twins):
            for first in twins[:index]:
                programmes = _fold_name(first["programme"]), _fold_name(second["programme"])
                same_programme = programmes[0] == programmes[1]
                ratio = title_similarity(first["title"], second["title"])
                if same_programme:
                    why = (
                        f"same programme {first['programme']!r}"
                        if programmes[0]
                        else ("no programme in either")
                    )
                elif not all(programmes) and first["kind"] == second["kind"]:
                    why = f"same kind {first['kind']!r} and a programme only in one"
                elif ratio >= schema.SIMILAR_TITLE_RATIO:
                    why = f"title similarity {ratio:.2f}"
                else:
                    continue
                problems.append(
                    Problem(
                        label,
                        int(second["__row__"]),
                        "id",
                        f"duplicate of link {first['id']!r} (row {first['__row__']}): "
                        f"same pair of ends, {why}",
                    )
                )
                break
    return problems


def check_province_share(entities: pd.DataFrame, label: str) -> list[Problem]:
    """At most :data:`~corridor_map.schema.PROVINCE_MAX_SHARE` of records are placed only at
    province level."""
    if entities.empty:
        return []
    count = int((entities["location_precision"] == "province").sum())
    share = count / len(entities)
    if share <= schema.PROVINCE_MAX_SHARE:
        return []
    return [
        Problem(
            label,
            0,
            "location_precision",
            f"{count} of {len(entities)} records ({share:.1%}) are placed only at province level; "
            f"at most {schema.PROVINCE_MAX_SHARE:.0%} may be",
        )
    ]


def _near_province(point, outlines: gpd.GeoSeries, name: str) -> bool:
    """The stated province lies within the tolerance of the point (simplified borders: Can
    Tho University sits 1 km outside Natural Earth's coarse Can Tho polygon)."""
    if name not in outlines.index:
        return False
    distance = outlines.loc[[name]].distance(point).min() / 1000
    tolerance = schema.ADMIN1_TOLERANCE_OVERRIDES_KM.get(name, schema.ADMIN1_TOLERANCE_KM)
    return bool(distance <= tolerance)


# --------------------------------------------------------------------------- data versions

#: versions.csv: when each record first appeared and last changed (scripts/derive_versions.py).
VERSION_COLUMNS: tuple[str, ...] = ("table", "id", "added", "changed")
#: versions.csv ``table`` values.
VERSION_TABLES: tuple[str, ...] = ("entity", "link")


def _iso_date(value: str) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_versions(
    rows: list[dict[str, str]],
    label: str,
    ids: dict[str, Iterable[str]],
    today: dt.date,
) -> list[Problem]:
    """Rules of ``versions.csv``: one row per record of each table, no stray ids, valid dates.

    Parameters
    ----------
    rows
        versions.csv as read by :func:`read_table`.
    label
        How the file is named in problems.
    ids
        ``table`` -> the ids of that table's records (``entity``, ``link``).
    today
        No date may lie after it.
    """
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        number = int(row["__row__"])
        table, rid = row.get("table", ""), row.get("id", "")
        if table not in ids:
            problems.append(
                Problem(label, number, "table", f"expected one of {list(ids)}, got {table!r}")
            )
            continue
        if (table, rid) in seen:
            problems.append(
                Problem(
                    label,
                    number,
                    "id",
                    f"duplicate {table} {rid!r} (first on row {seen[table, rid]})",
                )
            )
            continue
        seen[table, rid] = number
        if rid not in ids[table]:
            problems.append(Problem(label, number, "id", f"no {table} with id {rid!r}"))
        dates = {}
        for name in ("added", "changed"):
            dates[name] = _iso_date(row.get(name, ""))
            if dates[name] is None:
                problems.append(
                    Problem(label, number, name, f"expected YYYY-MM-DD, got {row.get(name)!r}")
                )
            elif dates[name] > today:
                problems.append(
                    Problem(label, number, name, f"date {dates[name]} is in the future")
                )
        if dates["added"] and dates["changed"] and dates["changed"] < dates["added"]:
            problems.append(
                Problem(
                    label, number, "changed", f"{dates['changed']} is before added {dates['added']}"
                )
            )
    for table, table_ids in ids.items():
        missing = [rid for rid in table_ids if (table, rid) not in seen]
        problems += [
            Problem(label, 0, "id", f"{table} {rid!r} has no row (run scripts/derive_versions.py)")
            for rid in missing
        ]
    return problems


def _join_versions(frame: pd.DataFrame, rows: list[dict[str, str]], table: str) -> None:
    """Add ``added`` and ``changed`` to ``frame`` (indexed by id) from versions.csv rows."""
    found = {r["id"]: r for r in rows if r.get("table") == table}
    for name in ("added", "changed"):
        frame[name] = [found[rid][name] for rid in frame["id"]]


# --------------------------------------------------------------------------- assembly


def _split(value: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(separator.strip()) if part.strip())


def load_sectors(registry_dir: Path, root: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the controlled sector vocabulary."""
    path = registry_dir / "sectors.csv"
    rows, problems = read_table(
        path, ("id", "seed_phrase", "seed_reference"), _relative(path, root)
    )
    frame = pd.DataFrame(rows, columns=["id", "seed_phrase", "seed_reference", "__row__"])
    return frame.drop(columns="__row__"), problems


#: Data files besides the registry that the app cannot run without.
REQUIRED_FILES = (
    *(f"basemap/{name}" for name in BASEMAP_FILES),
    "places/cities15000.geojson",
    "places/gazetteer.csv",
)


def check_required_files(data_dir: Path) -> list[Problem]:
    """Every required data file is present (optional ones, e.g. place names, may be absent)."""
    return [
        Problem(f"{data_dir.name}/{name}", 0, "*", "required file not found")
        for name in REQUIRED_FILES
        if not (data_dir / name).is_file()
    ]


def check(data_dir: Path, today: dt.date | None = None) -> tuple[Registry | None, list[Problem]]:
    """Validate everything under ``data_dir``; return the registry (if clean) and problems."""
    today = today or dt.date.today()
    registry_dir = data_dir / "registry"
    sectors, problems = load_sectors(registry_dir, data_dir)
    problems += check_required_files(data_dir)
    sector_ids = set(sectors["id"])

    entity_path, link_path = registry_dir / "entities.csv", registry_dir / "links.csv"
    entity_label, link_label = _relative(entity_path, data_dir), _relative(link_path, data_dir)
    entity_rows, read_problems = read_table(entity_path, schema.ENTITY_COLUMNS, entity_label)
    problems += read_problems
    problems += check_entity_rows(entity_rows, entity_label, sector_ids, today)
    link_rows, read_problems = read_table(link_path, schema.LINK_COLUMNS, link_label)
    problems += read_problems
    entity_ids = {r["id"] for r in entity_rows if r.get("id")}
    problems += check_link_rows(link_rows, link_label, sector_ids, entity_ids, today)
    if problems:
        return None, problems
    version_path = registry_dir / "versions.csv"
    version_label = _relative(version_path, data_dir)
    version_rows, problems = read_table(version_path, VERSION_COLUMNS, version_label)
    record_ids = {"entity": [r["id"] for r in entity_rows], "link": [r["id"] for r in link_rows]}
    problems += check_versions(version_rows, version_label, record_ids, today)
    if problems:
        return None, problems

    entities = _entity_frame(entity_rows)
    try:
        units, admin1 = load_units(data_dir / "basemap")
    except Exception as exc:  # any unreadable base-map file is a data problem, not a crash
        return None, [
            Problem("data/basemap/units.geojson", 0, "*", f"cannot read the base map: {exc}")
        ]
    in_corridor, geo_problems = check_geography(entities, units, admin1, entity_label)
    entities["in_corridor"] = in_corridor.reindex(entities.index, fill_value=False)
    entities["unit"] = entities["country"].where(entities["in_corridor"], schema.OUTSIDE_UNIT)
    links = _link_frame(link_rows, entities)
    problems += geo_problems + _check_outside_entities(entities, links, entity_label, link_label)
    gazetteer_path = data_dir / "places" / "gazetteer.csv"
    problems += check_gazetteer(entities, load_gazetteer(gazetteer_path), entity_label)
    problems += check_near_duplicates(entities, entity_label)
    problems += check_duplicate_links(links, link_label)
    problems += check_province_share(entities, entity_label)
    if problems:
        return None, problems
    _join_versions(entities, version_rows, "entity")
    _join_versions(links, version_rows, "link")
    version = max(
        [*entities["changed"], *links["changed"]]
        or [*entities["last_verified"], *links["last_verified"]],
        default="",
    )
    clean_entities = entities.drop(columns="__row__")
    return Registry(clean_entities, links.drop(columns="__row__"), sectors, version), []


#: Spacing (degrees of latitude) of records drawn around a place they share: about 1.3 km,
#: so they separate once the map is zoomed to a city (zoom 10: ~15 px apart).
SPREAD_STEP_DEG = 0.012


def spread_positions(lon: np.ndarray, lat: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Where to draw each record so that records sharing a point never hide one another.

    Records with the same coordinates (4 decimals) are laid out on a sunflower spiral around
    that point (the first, by id, on the point itself; the k-th at ``SPREAD_STEP_DEG·√k``,
    137.5° apart), east-west distances corrected for latitude. The stored coordinates are
    unchanged; only the map draws the spread positions.

    Returns
    -------
    numpy.ndarray
        ``(n, 2)`` array of drawn longitude and latitude.
    """
    out = np.column_stack([lon, lat]).astype(float)
    keys = pd.Series(list(zip(np.round(lon, 4), np.round(lat, 4), strict=True)))
    golden = np.radians(137.50776)
    for _, group in keys.groupby(keys, sort=False):
        if len(group) < 2:
            continue
        order = group.index.to_numpy()[np.argsort(ids[group.index.to_numpy()], kind="stable")]
        k = np.arange(len(order))
        radius = SPREAD_STEP_DEG * np.sqrt(k)
        out[order, 0] += radius * np.cos(k * golden) / np.cos(np.radians(lat[order]))
        out[order, 1] += radius * np.sin(k * golden)
    return out


def colocated(entities: pd.DataFrame) -> np.ndarray:
    """Boolean array: the record shares its point (4 decimals) with at least one other."""
    keys = pd.Series(list(zip(entities["lon"].round(4), entities["lat"].round(4), strict=True)))
    return keys.duplicated(keep=False).to_numpy()


def _entity_frame(rows: list[dict[str, str]]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=[*schema.ENTITY_COLUMNS, "__row__"])
    frame["lon"], frame["lat"] = frame["lon"].astype(float), frame["lat"].astype(float)
    frame["sectors"] = frame["sectors"].map(lambda v: _split(v, schema.LIST_SEPARATOR))
    frame["sources"] = frame["sources"].map(lambda v: _split(v, schema.SOURCE_SEPARATOR))
    frame["established"] = pd.to_numeric(frame["established"]).astype("Int64")
    spread = spread_positions(
        frame["lon"].to_numpy(), frame["lat"].to_numpy(), frame["id"].to_numpy()
    )
    frame["map_lon"], frame["map_lat"] = spread[:, 0], spread[:, 1]
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(frame, geometry=geometry).set_index("id", drop=False)


def _link_frame(rows: list[dict[str, str]], entities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    columns = [*schema.LINK_COLUMNS, "__row__"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["sectors"] = frame["sectors"].map(lambda v: _split(v, schema.LIST_SEPARATOR))
    frame["sources"] = frame["sources"].map(lambda v: _split(v, schema.SOURCE_SEPARATOR))
    frame["start_year"] = pd.to_numeric(frame["start_year"]).astype("Int64")
    columns = ["country", "unit", "in_corridor", "geometry", "map_lon", "map_lat"]
    ends = {
        end: entities.loc[frame[f"{end}_id"], columns].reset_index(drop=True)
        for end in ("from", "to")
    }
    for end in ("from", "to"):  # where the map draws the ends (see spread_positions)
        frame[f"map_{end}_lon"] = ends[end]["map_lon"].to_numpy(float)
        frame[f"map_{end}_lat"] = ends[end]["map_lat"].to_numpy(float)
    frame["from_country"], frame["to_country"] = ends["from"]["country"], ends["to"]["country"]
    frame["from_unit"], frame["to_unit"] = ends["from"]["unit"], ends["to"]["unit"]
    frame["cross_border"] = frame["from_country"] != frame["to_country"]
    frame["outside_corridor"] = ~(ends["from"]["in_corridor"] & ends["to"]["in_corridor"])
    lines = [
        LineString([a, b]) if isinstance(a, Point) else None
        for a, b in zip(ends["from"]["geometry"], ends["to"]["geometry"], strict=True)
    ]
    return gpd.GeoDataFrame(frame, geometry=lines, crs="EPSG:4326").set_index("id", drop=False)


def _check_outside_entities(
    entities: gpd.GeoDataFrame, links: gpd.GeoDataFrame, entity_label: str, link_label: str
) -> list[Problem]:
    """Chinese partners outside Yunnan may appear only as a link's far end (or a focal point).

    Entities of the other five countries that fall outside their unit are reported by the
    geography check already; links need at least one end in the corridor.
    """
    linked = set(links["from_id"]) | set(links["to_id"])
    outside = entities[
        ~entities["in_corridor"]
        & (entities["country"] == "CHN")
        & (entities["kind"] != "focal_point")
    ]
    problems = [
        Problem(
            entity_label,
            int(e["__row__"]),
            "lon",
            "outside the corridor (not in Yunnan) and not the end of any link",
        )
        for _, e in outside.iterrows()
        if e["id"] not in linked
    ]
    problems += [  # labelled "China — <province> (outside the corridor)"
        Problem(
            entity_label,
            int(e["__row__"]),
            "admin1",
            "a Chinese record outside Yunnan names its province-level unit (e.g. Beijing)",
        )
        for _, e in entities[~entities["in_corridor"] & (entities["country"] == "CHN")].iterrows()
        if not e["admin1"]
    ]
    ends_in_corridor = entities["in_corridor"]
    for _, link in links.iterrows():
        if not (ends_in_corridor[link["from_id"]] or ends_in_corridor[link["to_id"]]):
            problems.append(
                Problem(
                    link_label,
                    int(link["__row__"]),
                    "to_id",
                    "neither end of the link is in the corridor",
                )
            )
    return problems


def load_registry(data_dir: Path) -> Registry:
    """Load and validate the registry; raise :class:`RegistryError` listing every problem."""
    registry, problems = check(data_dir)
    if problems or registry is None:
        raise RegistryError(problems)
    return registry


def main(argv: list[str] | None = None) -> int:
    """``python -m corridor_map.registry check [--data-dir DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m corridor_map.registry")
    parser.add_argument("command", choices=["check"])
    parser.add_argument("--data-dir", type=Path, default=Settings.from_env().data_dir)
    args = parser.parse_args(argv)
    registry, problems = check(args.data_dir)
    for problem in problems:
        print(problem)
    if problems or registry is None:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    counts = registry.entities["kind"].value_counts().to_dict()
    print(
        f"registry OK: {len(registry.entities)} entities {counts}, "
        f"{len(registry.links)} links, version {registry.version}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
