"""Build the Corridor Map base-map GeoJSON files.

Reads the raw open data in ``shared/geodata`` (see its README.md) and writes
simplified, validated RFC 7946 GeoJSON files (EPSG:4326, coordinates rounded to
4 decimals) into ``data/basemap/`` of this repository.

Usage::

    python scripts/build_basemap.py --world-atlas DIR [--source DIR]

The default source is ``../shared/geodata`` relative to the repository root. ``--world-atlas``
is the unpacked npm package world-atlas 2.0.2 (``npm pack world-atlas@2.0.2``, then
``tar xzf world-atlas-2.0.2.tgz``: the folder ``package``), whose 1:50m countries give the
land beyond the corridor box.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box
from shapely.ops import polylabel, voronoi_diagram

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "geodata"
OUT_DIR = REPO_ROOT / "data" / "basemap"

BBOX = (90.0, 5.0, 112.0, 30.0)
BOX = box(*BBOX)
#: The wider region the countries layer covers, so the map never runs out of land when it
#: fills a wide screen (the rest of China, India, the Philippines, Indonesia...).
WORLD_BBOX = (55.0, -15.0, 160.0, 58.0)
#: Coarser simplification for the countries layer (~5.5 km): outside the corridor it is
#: muted context, and the corridor's own outline comes from the finer units layer.
WORLD_SIMPLIFY_DEG = 0.05
#: The sea: one rectangle under everything (Web Mercator's latitude limit).
SEA_BBOX = (-180.0, -85.0, 180.0, 85.0)
PRECISION = 1e-4  # 4 decimals
SIMPLIFY_DEG = 0.01  # ~1.1 km, Douglas-Peucker tolerance for polygons/lines
#: Equal-area (Albers) projection centred on the corridor.
EQUAL_AREA = "+proj=aea +lat_0=0 +lon_0=101 +lat_1=10 +lat_2=25 +datum=WGS84 +units=m +no_defs"

CORRIDOR = ("KHM", "LAO", "MMR", "THA", "VNM")
#: ISO 3166-1 numeric -> (alpha-3, English name) for the world-atlas layer.
ISO_NUMERIC = {
    "050": ("BGD", "Bangladesh"),
    "064": ("BTN", "Bhutan"),
    "104": ("MMR", "Myanmar"),
    "116": ("KHM", "Cambodia"),
    "156": ("CHN", "China"),
    "356": ("IND", "India"),
    "360": ("IDN", "Indonesia"),
    "418": ("LAO", "Laos"),
    "458": ("MYS", "Malaysia"),
    "704": ("VNM", "Vietnam"),
    "764": ("THA", "Thailand"),
}
#: unit code -> (iso3, English name, local-script name).
UNITS = {
    "KHM": ("KHM", "Cambodia", "កម្ពុជា"),
    "LAO": ("LAO", "Laos", "ລາວ"),
    "MMR": ("MMR", "Myanmar", "မြန်မာ"),
    "THA": ("THA", "Thailand", "ประเทศไทย"),
    "VNM": ("VNM", "Vietnam", "Việt Nam"),
    "CN-YN": ("CHN", "Yunnan (China)", "云南"),
}
#: Errata of Natural Earth's admin-1 names, by ISO 3166-2 code: region names given instead of
#: the province's (VN-39, VN-53, VN-66), misspellings (VN-27, VN-45), and Thai local names of
#: another province or of the capital district (TH-10, 36, 38, 67, 71, 73). Each was checked
#: against the ISO 3166-2 list and the polygon's position.
ADMIN1_NAME_FIXES = {
    "VN-27": {"name": "Quảng Nam"},
    "VN-39": {"name": "Đồng Nai"},
    "VN-45": {"name": "Đồng Tháp"},
    "VN-53": {"name": "Bắc Kạn"},
    "VN-66": {"name": "Hưng Yên"},
    "TH-10": {"name_local": "กรุงเทพมหานคร"},
    "TH-36": {"name_local": "จังหวัดชัยภูมิ"},
    "TH-38": {"name_local": "จังหวัดบึงกาฬ"},
    "TH-67": {"name_local": "จังหวัดเพชรบูรณ์"},
    "TH-71": {"name_local": "จังหวัดกาญจนบุรี"},
    "TH-73": {"name_local": "จังหวัดนครปฐม"},
}
MAINSTEM_NAMES = {"Mekong", "Lancang"}
MAJOR_RIVER_SCALERANK = 7  # keep other rivers with scalerank <= this
VORONOI_STEP_M = 5_000.0  # sampling step along river lines / coast (m)
SMOOTH_M = 15_000.0  # morphological smoothing of the basin (m)
BASIN_NAME = "Mekong basin (approximate, derived)"
BASIN_METHOD = (
    "Nearest-river (Voronoi) partition of the land: land closer to the Natural Earth "
    "10m Mekong/Lancang network (with its directly connected tributaries) than to any "
    "other Natural Earth 10m/50m river or to the coastline, smoothed by a 15 km "
    "buffer/unbuffer in an Albers equal-area CRS and clipped to land and the 90-112E, "
    "5-30N box."
)


def read(source: Path, name: str) -> gpd.GeoDataFrame:
    """Read one source layer.

    Parameters
    ----------
    source : Path
        Directory holding the raw geodata.
    name : str
        File name inside ``source``.

    Returns
    -------
    geopandas.GeoDataFrame
        The layer in EPSG:4326.
    """
    gdf = gpd.read_file(source / name)
    return gdf.set_crs(4326) if gdf.crs is None else gdf.to_crs(4326)


def clean_polygons(
    geoms: gpd.GeoSeries, tolerance: float = SIMPLIFY_DEG, clip: shapely.Geometry = BOX
) -> gpd.GeoSeries:
    """Make polygons valid, clip them to the box, simplify and round them.

    Parameters
    ----------
    geoms : geopandas.GeoSeries
        Polygon geometries in EPSG:4326.
    tolerance : float, optional
        Simplification tolerance in degrees.
    clip : shapely.Geometry, optional
        Area kept (the 90-112E, 5-30N box by default).

    Returns
    -------
    geopandas.GeoSeries
        Valid (Multi)Polygons on a 1e-4 degree grid.
    """
    arr = shapely.make_valid(np.asarray(geoms.values))
    arr = shapely.intersection(arr, clip)
    arr = shapely.simplify(arr, tolerance, preserve_topology=True)
    arr = shapely.make_valid(arr)
    arr = shapely.set_precision(arr, PRECISION)
    arr = np.array([_polygonal(g) for g in arr], dtype=object)
    return gpd.GeoSeries(arr, index=geoms.index, crs=4326)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal parts of a geometry.

    Parameters
    ----------
    geom : shapely.Geometry
        Any geometry.

    Returns
    -------
    shapely.Geometry
        A Polygon or MultiPolygon (possibly empty).
    """
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.make_valid(shapely.union_all(parts)) if parts else shapely.Polygon()


def clean_lines(geoms: gpd.GeoSeries, tolerance: float = SIMPLIFY_DEG) -> gpd.GeoSeries:
    """Clip lines to the box, simplify and round them.

    Parameters
    ----------
    geoms : geopandas.GeoSeries
        Line geometries in EPSG:4326.
    tolerance : float, optional
        Simplification tolerance in degrees.

    Returns
    -------
    geopandas.GeoSeries
        (Multi)LineStrings on a 1e-4 degree grid.
    """
    arr = shapely.intersection(np.asarray(geoms.values), BOX)
    arr = shapely.simplify(arr, tolerance)
    arr = shapely.set_precision(arr, PRECISION)
    arr = shapely.line_merge(arr)
    return gpd.GeoSeries(arr, index=geoms.index, crs=4326)


def write(gdf: gpd.GeoDataFrame, name: str, out_dir: Path) -> Path:
    """Write a layer as RFC 7946 GeoJSON with 4-decimal coordinates.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Layer to write (EPSG:4326).
    name : str
        Output file name.
    out_dir : Path
        Output directory.

    Returns
    -------
    Path
        The written file.
    """
    gdf = gdf[~gdf.geometry.is_empty & gdf.geometry.notna()].reset_index(drop=True)
    path = out_dir / name
    path.unlink(missing_ok=True)
    gdf.to_file(
        path,
        driver="GeoJSON",
        engine="pyogrio",
        layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": "4", "WRITE_NAME": "NO"},
    )
    return path


def corridor_countries(source: Path) -> gpd.GeoDataFrame:
    """The corridor countries and neighbours at 1:10m, clipped to the box (the units' source).

    Parameters
    ----------
    source : Path
        Raw geodata directory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns iso3, name, corridor, geometry.
    """
    raw = read(source, "countries_10m_worldatlas_simplified.geojson")
    codes = raw["id"].astype(str).str.zfill(3).map(ISO_NUMERIC)
    if codes.isna().any():
        raise ValueError(f"unknown country ids: {raw.loc[codes.isna(), 'id'].tolist()}")
    iso3 = [c[0] for c in codes]
    gdf = gpd.GeoDataFrame(
        {
            "iso3": iso3,
            "name": [c[1] for c in codes],
            "corridor": [code in CORRIDOR for code in iso3],
        },
        geometry=clean_polygons(raw.geometry).values,
        crs=4326,
    )
    return gdf.sort_values("iso3").reset_index(drop=True)


def build_countries(world_atlas: Path) -> gpd.GeoDataFrame:
    """Build the countries layer: every country of the wider region at 1:50m, simplified.

    The map draws it under the corridor units (muted), so it fills any screen shape with
    land and sea, and partners in Beijing, Guangxi or Hainan sit on a map.

    Parameters
    ----------
    world_atlas : Path
        Folder of the npm package world-atlas 2.0.2 (``countries-50m.json``).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns iso3 (ISO 3166-1 numeric where no alpha-3 is listed), name, corridor,
        geometry.
    """
    raw = gpd.read_file(world_atlas / "countries-50m.json", layer="countries")
    raw = raw.set_crs(4326, allow_override=True)
    numeric = raw["id"].astype(str).str.zfill(3)
    iso3 = [ISO_NUMERIC.get(code, (code, None))[0] for code in numeric]
    gdf = gpd.GeoDataFrame(
        {
            "iso3": iso3,
            "name": raw["name"].values,
            "corridor": [code in CORRIDOR for code in iso3],
        },
        geometry=clean_polygons(raw.geometry, WORLD_SIMPLIFY_DEG, box(*WORLD_BBOX)).values,
        crs=4326,
    )
    gdf = gdf[~gdf.geometry.is_empty]
    return gdf.sort_values(["iso3", "name"]).reset_index(drop=True)


def build_sea() -> gpd.GeoDataFrame:
    """The sea: one rectangle drawn under the land, so no part of the map is blank.

    Returns
    -------
    geopandas.GeoDataFrame
        One feature, column name.
    """
    return gpd.GeoDataFrame({"name": ["sea"]}, geometry=[box(*SEA_BBOX)], crs=4326)


def build_units(countries: gpd.GeoDataFrame, source: Path) -> gpd.GeoDataFrame:
    """Build the six corridor units (five countries and Yunnan).

    Parameters
    ----------
    countries : geopandas.GeoDataFrame
        Output of :func:`build_countries`.
    source : Path
        Raw geodata directory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns unit, iso3, name, name_local, geometry.
    """
    yunnan = read(source, "ne10m_admin1_yunnan.geojson")
    geoms = {c: countries.loc[countries.iso3 == c, "geometry"].iloc[0] for c in CORRIDOR}
    geoms["CN-YN"] = clean_polygons(yunnan.geometry).iloc[0]
    rows = [
        {"unit": u, "iso3": iso3, "name": en, "name_local": local, "geometry": geoms[u]}
        for u, (iso3, en, local) in UNITS.items()
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def build_admin1(source: Path) -> gpd.GeoDataFrame:
    """Build admin-1 provinces of the five countries plus Yunnan.

    Parameters
    ----------
    source : Path
        Raw geodata directory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns name, name_local, name_zh, iso_3166_2, unit, iso3, geometry.
    """
    raw = read(source, "ne10m_admin1_bbox_simplified.geojson")
    keep = raw["adm0_a3"].isin(CORRIDOR) | (raw["iso_3166_2"] == "CN-YN")
    raw = raw[keep].copy()
    unit = np.where(raw["iso_3166_2"] == "CN-YN", "CN-YN", raw["adm0_a3"])
    gdf = gpd.GeoDataFrame(
        {
            "name": raw["name"].values,
            "name_local": raw["name_local"].replace("", None).values,
            "name_zh": raw["name_zh"].replace("", None).values,
            "iso_3166_2": raw["iso_3166_2"].values,
            "unit": unit,
            "iso3": raw["adm0_a3"].values,
        },
        geometry=clean_polygons(raw.geometry).values,
        crs=4326,
    )
    for code, fixes in ADMIN1_NAME_FIXES.items():
        rows = gdf["iso_3166_2"] == code
        assert rows.sum() == 1, f"admin-1 erratum {code}: expected one province"
        for column, value in fixes.items():
            gdf.loc[rows, column] = value
    return gdf.sort_values(["unit", "name"]).reset_index(drop=True)


def mekong_network(source: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Split Natural Earth rivers into the Mekong network and other rivers.

    Unnamed 10m river lines that touch the Mekong system (within 1 km) are
    treated as Mekong tributaries.

    Parameters
    ----------
    source : Path
        Raw geodata directory.

    Returns
    -------
    tuple of geopandas.GeoDataFrame
        ``(mekong, other)`` with columns name, scalerank, mainstem, geometry.
    """
    system = read(source, "ne10m_mekong_system.geojson")
    system["mainstem"] = system["name"].isin(MAINSTEM_NAMES)
    rivers = read(source, "ne10m_rivers_bbox.geojson")
    sys_union = system.to_crs(EQUAL_AREA).union_all()
    proj = rivers.to_crs(EQUAL_AREA)
    covered = proj.geometry.apply(
        lambda g: g.intersection(sys_union.buffer(1_000)).length > 0.5 * g.length
    )
    touching = proj.geometry.distance(sys_union) < 1_000
    tributary = rivers[~covered & touching & rivers["name"].isna()].copy()
    tributary["mainstem"] = False
    other = rivers[~covered & ~(touching & rivers["name"].isna())].copy()
    other["mainstem"] = False
    cols = ["name", "scalerank", "mainstem", "geometry"]
    mekong = pd.concat([system[cols], tributary[cols]], ignore_index=True)
    return gpd.GeoDataFrame(mekong, crs=4326), gpd.GeoDataFrame(other[cols], crs=4326)


def build_rivers(mekong: gpd.GeoDataFrame, other: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Build the rivers layer: Mekong network plus major named rivers.

    Parameters
    ----------
    mekong, other : geopandas.GeoDataFrame
        Output of :func:`mekong_network`.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns name, mekong, mainstem, geometry (dissolved by name).
    """
    major = other[other["name"].notna() & (other["scalerank"] <= MAJOR_RIVER_SCALERANK)]
    mek = mekong.assign(mekong=True)
    rows = pd.concat([mek, major.assign(mekong=False)], ignore_index=True)
    rows["name"] = rows["name"].fillna("")
    gdf = rows.dissolve(by=["name", "mekong", "mainstem"], as_index=False)
    gdf["name"] = gdf["name"].replace("", None)
    gdf["geometry"] = clean_lines(gdf.geometry, SIMPLIFY_DEG / 2).values
    gdf = gdf[["name", "mekong", "mainstem", "geometry"]]
    return gdf.sort_values(["mekong", "name"], ascending=[False, True]).reset_index(drop=True)


def build_lakes(source: Path) -> gpd.GeoDataFrame:
    """Build the lakes layer.

    Parameters
    ----------
    source : Path
        Raw geodata directory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns name, geometry.
    """
    raw = read(source, "ne10m_lakes_bbox.geojson")
    return gpd.GeoDataFrame(
        {"name": raw["name"].values},
        geometry=clean_polygons(raw.geometry, SIMPLIFY_DEG / 2).values,
        crs=4326,
    )


def build_disputed(source: Path) -> gpd.GeoDataFrame:
    """Build the disputed-areas layer (Natural Earth default view).

    Parameters
    ----------
    source : Path
        Raw geodata directory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns name, note, geometry.
    """
    raw = read(source, "ne10m_disputed_areas_bbox.geojson")
    return gpd.GeoDataFrame(
        {"name": raw["BRK_NAME"].values, "note": raw["NOTE_BRK"].values},
        geometry=clean_polygons(raw.geometry).values,
        crs=4326,
    )


def land_polygon(source: Path) -> shapely.Geometry:
    """Return the land polygon clipped to the box, in the equal-area CRS.

    Parameters
    ----------
    source : Path
        Raw geodata directory.

    Returns
    -------
    shapely.Geometry
        Land (Multi)Polygon in :data:`EQUAL_AREA` metres.
    """
    land = read(source, "land_10m_worldatlas.geojson")
    geom = _polygonal(shapely.make_valid(land.union_all())).intersection(BOX)
    return gpd.GeoSeries([geom], crs=4326).to_crs(EQUAL_AREA).iloc[0]


def sample_points(geom: shapely.Geometry, step: float = VORONOI_STEP_M) -> np.ndarray:
    """Densify a geometry and return its vertices.

    Parameters
    ----------
    geom : shapely.Geometry
        Lines or polygon boundaries (projected, metres).
    step : float, optional
        Maximum spacing between vertices in metres.

    Returns
    -------
    numpy.ndarray
        (n, 2) array of coordinates.
    """
    return shapely.get_coordinates(shapely.segmentize(geom, step))


def derive_basin(
    mekong: gpd.GeoDataFrame, other: gpd.GeoDataFrame, land: shapely.Geometry
) -> shapely.Geometry:
    """Derive an approximate Mekong basin by a nearest-river partition of land.

    Parameters
    ----------
    mekong, other : geopandas.GeoDataFrame
        Output of :func:`mekong_network` (EPSG:4326).
    land : shapely.Geometry
        Output of :func:`land_polygon` (equal-area metres).

    Returns
    -------
    shapely.Geometry
        Basin Polygon in equal-area metres.
    """
    mek_pts = sample_points(mekong.to_crs(EQUAL_AREA).union_all())
    other_pts = np.vstack(
        [sample_points(other.to_crs(EQUAL_AREA).union_all()), sample_points(land.boundary)]
    )
    cells = voronoi_diagram(
        shapely.multipoints(np.vstack([mek_pts, other_pts])),
        envelope=land.envelope.buffer(500_000),
    )
    cells = np.asarray(cells.geoms)
    hits = shapely.STRtree(cells).query(shapely.points(mek_pts), predicate="intersects")[1]
    basin = shapely.union_all(cells[np.unique(hits)]).intersection(land)
    basin = basin.buffer(SMOOTH_M).buffer(-SMOOTH_M)
    basin = basin.intersection(land)
    parts = getattr(basin, "geoms", [basin])
    main = max(parts, key=lambda g: g.area)
    return shapely.Polygon(main.exterior).intersection(land)


def build_basin(
    mekong: gpd.GeoDataFrame, other: gpd.GeoDataFrame, source: Path
) -> gpd.GeoDataFrame:
    """Build the one-feature approximate basin layer.

    Parameters
    ----------
    mekong, other : geopandas.GeoDataFrame
        Output of :func:`mekong_network`.
    source : Path
        Raw geodata directory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns name, approximate, method, area_km2, geometry.
    """
    basin = derive_basin(mekong, other, land_polygon(source))
    area_km2 = round(basin.area / 1e6, -3)
    geom = gpd.GeoSeries([basin], crs=EQUAL_AREA).to_crs(4326)
    return gpd.GeoDataFrame(
        {
            "name": [BASIN_NAME],
            "approximate": [True],
            "method": [BASIN_METHOD],
            "area_km2": [area_km2],
        },
        geometry=clean_polygons(geom).values,
        crs=4326,
    )


#: Natural Earth's older spelling, replaced by the name the country and the registry use.
PLACE_RENAMES = {"Rangoon": "Yangon"}
#: Places named on the map: national capitals, and cities of Natural Earth scale rank <= 4
#: (its own "show from small scales" choice) in the five countries and Yunnan.
PLACE_MAX_SCALERANK = 4


def build_places(source: Path) -> gpd.GeoDataFrame:
    """Build the orientation labels: capitals and major cities of the corridor.

    Parameters
    ----------
    source : Path
        Raw geodata directory.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns name, kind (``capital`` or ``city``), unit, geometry; capitals first.
    """
    raw = read(source, "cities_ne10m_populated_places_corridor_bbox.geojson")
    in_units = raw["ADM0_A3"].isin(CORRIDOR) | (
        (raw["ADM0_A3"] == "CHN") & (raw["ADM1NAME"] == "Yunnan")
    )
    capital = raw["FEATURECLA"] == "Admin-0 capital"
    raw = raw[in_units & (capital | (raw["SCALERANK"] <= PLACE_MAX_SCALERANK))]
    gdf = gpd.GeoDataFrame(
        {
            "name": raw["NAME"].replace(PLACE_RENAMES).values,
            "kind": np.where(raw["FEATURECLA"] == "Admin-0 capital", "capital", "city"),
            "unit": np.where(raw["ADM0_A3"] == "CHN", "CN-YN", raw["ADM0_A3"]),
            "scalerank": raw["SCALERANK"].values,
        },
        geometry=shapely.set_precision(raw.geometry.values, PRECISION),
        crs=4326,
    )
    gdf = gdf.sort_values(["kind", "scalerank", "name"]).reset_index(drop=True)
    return gdf.drop(columns="scalerank")


def unit_label_points(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Where each unit's name goes: the pole of inaccessibility of its largest part (the
    point farthest inside it, so a name sits well inside even a long, thin country).

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Output of :func:`build_units`.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns name, kind (``unit``), unit, geometry.
    """
    points = []
    for geometry in units.geometry:
        parts = getattr(geometry, "geoms", [geometry])
        largest = max(parts, key=lambda part: part.area)
        points.append(shapely.set_precision(polylabel(largest, tolerance=0.01), PRECISION))
    return gpd.GeoDataFrame(
        {"name": units["name"].values, "kind": "unit", "unit": units["unit"].values},
        geometry=points,
        crs=4326,
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse command-line arguments.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (defaults to ``sys.argv[1:]``).

    Returns
    -------
    argparse.Namespace
        With attributes ``source``, ``out`` and ``world_atlas``.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="raw geodata dir")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument(
        "--world-atlas",
        type=Path,
        required=True,
        help="folder of the npm package world-atlas 2.0.2 (npm pack world-atlas@2.0.2)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build all base-map files.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments.

    Returns
    -------
    int
        Process exit code.
    """
    args = parse_args(argv)
    source = args.source.resolve()
    if not (source / "ne10m_mekong_system.geojson").is_file():
        print(
            f"error: raw geodata not found in {source} (expected e.g. "
            "ne10m_mekong_system.geojson); pass --source DIR",
            file=sys.stderr,
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    mekong, other = mekong_network(source)
    units = build_units(corridor_countries(source), source)
    layers = {
        "sea.geojson": build_sea(),
        "countries.geojson": build_countries(args.world_atlas.resolve()),
        "units.geojson": units,
        "places.geojson": pd.concat(
            [unit_label_points(units), build_places(source)], ignore_index=True
        ),
        "admin1.geojson": build_admin1(source),
        "rivers.geojson": build_rivers(mekong, other),
        "lakes.geojson": build_lakes(source),
        "disputed.geojson": build_disputed(source),
        "basin.geojson": build_basin(mekong, other, source),
    }
    total = 0
    for name, gdf in layers.items():
        path = write(gdf, name, args.out)
        size = path.stat().st_size
        total += size
        print(f"{name:20s} {len(gdf):4d} features {size / 1024:8.1f} KiB")
    print(f"{'total':20s} {'':13s} {total / 1024:8.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
