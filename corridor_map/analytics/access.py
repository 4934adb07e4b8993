"""The innovation-access gap: how far people live from the nearest R&D hub or high-tech park.

For every populated place of at least 15,000 people (GeoNames, ``data/places/``) the
geodesic distance (WGS 84 ellipsoid, :class:`pyproj.Geod`) to the nearest R&D hub or
high-tech park whose sectors meet the sector filter; then, per corridor unit and per
province, the share of that population living beyond 50 km and beyond 100 km, and the
population-weighted median distance.

The nearest search is vectorised: an STRtree in an azimuthal equidistant projection centred on
the corridor finds each place's nearest hub in projected metres, every hub within that
distance plus a safety margin is then measured geodesically, and the smallest geodesic
distance wins. The projection's scale error is under 1 % across the corridor, far inside the
5 % margin, so the result is the exact geodesic nearest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

#: Azimuthal equidistant projection centred on the corridor (metres).
CORRIDOR_AEQD = "+proj=aeqd +lat_0=17.8 +lon_0=101.5 +datum=WGS84 +units=m +no_defs"
GEOD = Geod(ellps="WGS84")
#: Kinds of record that count as an innovation hub for access.
HUB_KINDS = ("rd_hub", "hightech_park")
THRESHOLDS_KM = (50, 100)
#: Relative and absolute margin (metres) around the projected nearest distance.
SEARCH_SLACK = 0.05
SEARCH_PAD_M = 1000.0
PLACES_FILE = Path("places") / "cities15000.geojson"
PLACE_COLUMNS = ["geonameid", "name", "population", "unit", "admin1"]


def load_places(data_dir: Path) -> gpd.GeoDataFrame:
    """Read ``data/places/cities15000.geojson`` (built by ``scripts/build_places.py``).

    Parameters
    ----------
    data_dir
        The app's data folder.

    Returns
    -------
    geopandas.GeoDataFrame
        ``geonameid``, ``name``, ``population``, ``unit``, ``admin1`` and point geometry in
        EPSG:4326.
    """
    places = gpd.read_file(data_dir / PLACES_FILE)
    places["population"] = places["population"].astype("int64")
    return places[[*PLACE_COLUMNS, "geometry"]].reset_index(drop=True)


def hub_points(entities: gpd.GeoDataFrame, sectors: tuple[str, ...] = ()) -> gpd.GeoDataFrame:
    """R&D hubs and high-tech parks whose sectors meet ``sectors`` (empty: all of them).

    Parameters
    ----------
    entities
        Registry entities with ``kind``, ``sectors`` (tuples) and point geometry.
    sectors
        The sector filter, as in :class:`corridor_map.filters.FilterState`.
    """
    hubs = entities[entities["kind"].isin(HUB_KINDS)]
    if sectors:
        wanted = set(sectors)
        keep = np.fromiter((not wanted.isdisjoint(s) for s in hubs["sectors"]), bool, len(hubs))
        hubs = hubs[keep]
    return hubs


def project(points: gpd.GeoSeries) -> np.ndarray:
    """Points in EPSG:4326 as shapely points in :data:`CORRIDOR_AEQD` (metres)."""
    return points.to_crs(CORRIDOR_AEQD).to_numpy()


def nearest_geodesic(
    lon: np.ndarray,
    lat: np.ndarray,
    projected: np.ndarray,
    hub_lon: np.ndarray,
    hub_lat: np.ndarray,
    hub_projected: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Geodesic nearest hub of every point, found through an STRtree (no all-pairs loop).

    Parameters
    ----------
    lon, lat
        The points in degrees (WGS 84).
    projected
        The same points from :func:`project`.
    hub_lon, hub_lat, hub_projected
        The candidate hubs, likewise.

    Returns
    -------
    distance_km, hub
        Per point: geodesic kilometres to its nearest hub (``inf`` when there is none) and
        that hub's position in the hub arrays (``-1`` when there is none).
    """
    n = len(lon)
    distance = np.full(n, np.inf)
    hub = np.full(n, -1, dtype=np.intp)
    if n == 0 or len(hub_lon) == 0:
        return distance, hub
    # Co-located points share an answer and co-located hubs are one candidate (the first in
    # order wins ties): measure between distinct locations only.
    _, first_hub = np.unique(np.column_stack([hub_lon, hub_lat]), axis=0, return_index=True)
    first_hub = np.sort(first_hub)
    _, first_point, point_of_row = np.unique(
        np.column_stack([lon, lat]), axis=0, return_index=True, return_inverse=True
    )
    km, found = _nearest_distinct(
        lon[first_point],
        lat[first_point],
        projected[first_point],
        hub_lon[first_hub],
        hub_lat[first_hub],
        hub_projected[first_hub],
    )
    point_of_row = point_of_row.reshape(-1)
    distance = km[point_of_row]
    hub = np.where(found >= 0, first_hub[found.clip(0)], -1)[point_of_row]
    return distance, hub


def _nearest_distinct(lon, lat, projected, hub_lon, hub_lat, hub_projected):
    """:func:`nearest_geodesic` for distinct points and distinct hubs."""
    n = len(lon)
    distance = np.full(n, np.inf)
    hub = np.full(n, -1, dtype=np.intp)
    tree = shapely.STRtree(hub_projected)
    (point_of, _), metres_projected = tree.query_nearest(projected, return_distance=True)
    reach = np.empty(n)
    reach[point_of] = metres_projected * (1 + SEARCH_SLACK) + SEARCH_PAD_M
    point_index, hub_index = tree.query(projected, predicate="dwithin", distance=reach)
    _, _, metres = GEOD.inv(
        lon[point_index], lat[point_index], hub_lon[hub_index], hub_lat[hub_index]
    )
    # Shortest candidate per point: sort by (point, distance, hub) and take each point's first.
    order = np.lexsort((hub_index, metres, point_index))
    first = order[np.r_[True, np.diff(point_index[order]) != 0]]
    distance[point_index[first]] = metres[first] / 1000.0
    hub[point_index[first]] = hub_index[first]
    return distance, hub


def nearest_hub(places: gpd.GeoDataFrame, hubs: gpd.GeoDataFrame) -> pd.DataFrame:
    """Geodesic distance from every place to its nearest hub.

    Parameters
    ----------
    places
        Points in EPSG:4326.
    hubs
        Points in EPSG:4326, indexed by hub id.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``places``: ``distance_km`` (``inf`` when there is no hub) and
        ``hub_id`` (``None`` when there is no hub).
    """
    n = len(places)
    if n == 0 or len(hubs) == 0:
        return pd.DataFrame(
            {"distance_km": np.full(n, np.inf), "hub_id": [None] * n}, index=places.index
        )
    distance, position = nearest_geodesic(
        places.geometry.x.to_numpy(),
        places.geometry.y.to_numpy(),
        project(places.geometry),
        hubs.geometry.x.to_numpy(),
        hubs.geometry.y.to_numpy(),
        project(hubs.geometry),
    )
    hub = np.full(n, None, dtype=object)
    found = position >= 0
    hub[found] = hubs.index.to_numpy()[position[found]]
    return pd.DataFrame({"distance_km": distance, "hub_id": hub}, index=places.index)


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """Lower weighted median: the smallest value with at least half the weight at or below it.

    Parameters
    ----------
    values
        Distances (``inf`` allowed).
    weights
        Non-negative weights (population), same length.

    Returns
    -------
    float
        ``nan`` when there is no weight.
    """
    values, weights = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    total = weights.sum()
    if len(values) == 0 or total <= 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, total / 2.0)])


@dataclass(frozen=True)
class PlaceGroups:
    """Places grouped once (they never change): the group keys and each place's group.

    Attributes
    ----------
    keys
        One row per group with the ``by`` columns, sorted.
    codes
        For each place, its row in ``keys``.
    """

    keys: pd.DataFrame
    codes: np.ndarray


def place_groups(places: pd.DataFrame, by: list[str]) -> PlaceGroups:
    """Group places by ``by`` (``[]``: one group of all places)."""
    if not by:
        return PlaceGroups(pd.DataFrame(index=[0]), np.zeros(len(places), dtype=np.intp))
    grouped = places.groupby(by, sort=True, dropna=False)
    keys = grouped.size().index.to_frame(index=False)
    return PlaceGroups(keys, grouped.ngroup().to_numpy().astype(np.intp))


def grouped_weighted_median(
    values: np.ndarray, weights: np.ndarray, codes: np.ndarray, n_groups: int
) -> np.ndarray:
    """:func:`weighted_median` of ``values`` per group code, vectorised (``nan`` if empty)."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    order = np.lexsort((values, codes))
    codes, values, weights = codes[order], values[order], weights[order]
    totals = np.bincount(codes, weights, minlength=n_groups)
    # Running weight within each group: the running total minus all earlier groups' weight.
    offset = np.r_[0.0, np.cumsum(totals)[:-1]]
    within = np.cumsum(weights) - offset[codes]
    reached = within >= totals[codes] / 2.0
    medians = np.full(n_groups, np.nan)
    hit_rows = np.flatnonzero(reached)
    groups, first = np.unique(codes[hit_rows], return_index=True)
    medians[groups] = values[hit_rows[first]]
    medians[totals <= 0] = np.nan
    return medians


def gap_shares(
    distances: pd.DataFrame,
    by: list[str] | PlaceGroups,
    thresholds_km: tuple[int, ...] = THRESHOLDS_KM,
) -> pd.DataFrame:
    """Population-weighted access gap per group.

    Parameters
    ----------
    distances
        One row per place with ``population``, ``distance_km`` and the ``by`` columns.
    by
        Grouping columns, e.g. ``["unit"]`` or ``["unit", "admin1"]`` (``[]`` for one total),
        or a precomputed :class:`PlaceGroups` of the same places.
    thresholds_km
        Distances for the ``share_beyond_<d>km`` columns (strictly farther than ``d``).

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``places``, ``population``,
        ``share_beyond_<d>km`` (fraction of the group's population, 0-1) and ``median_km``
        (population-weighted, see :func:`weighted_median`), sorted by the ``by`` columns.
    """
    groups = by if isinstance(by, PlaceGroups) else place_groups(distances, list(by))
    n = len(groups.keys)
    weight = distances["population"].to_numpy(dtype=float)
    distance = distances["distance_km"].to_numpy(dtype=float)
    population = np.bincount(groups.codes, weight, minlength=n)
    table = groups.keys.copy().reset_index(drop=True)
    table["places"] = np.bincount(groups.codes, minlength=n)
    table["population"] = population.astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        for d in thresholds_km:
            beyond = np.bincount(groups.codes, np.where(distance > d, weight, 0.0), minlength=n)
            table[f"share_beyond_{d}km"] = beyond / population
    table["median_km"] = grouped_weighted_median(distance, weight, groups.codes, n)
    return table


@dataclass(frozen=True)
class AccessSummary:
    """What the access analytic reports for one sector filter.

    Attributes
    ----------
    sectors
        The sector filter it was computed for.
    hubs
        Number of hubs and parks that met it.
    places
        Every place with ``distance_km`` and ``hub_id`` added.
    units, provinces, overall
        :func:`gap_shares` by unit, by (unit, province) and for the whole corridor.
    """

    sectors: tuple[str, ...]
    hubs: int
    places: pd.DataFrame
    units: pd.DataFrame
    provinces: pd.DataFrame
    overall: pd.DataFrame


def access_summary(
    places: gpd.GeoDataFrame,
    entities: gpd.GeoDataFrame,
    sectors: tuple[str, ...] = (),
    groups: tuple[PlaceGroups, PlaceGroups, PlaceGroups] | None = None,
) -> AccessSummary:
    """Compute the access gap under a sector filter.

    Parameters
    ----------
    places
        From :func:`load_places`.
    entities
        Registry entities.
    sectors
        The sector filter.
    groups
        :func:`place_groups` of ``places`` by unit, by unit and province, and overall
        (computed here when omitted; pass them to save the grouping on every call).
    """
    if groups is None:
        groups = (
            place_groups(places, ["unit"]),
            place_groups(places, ["unit", "admin1"]),
            place_groups(places, []),
        )
    hubs = hub_points(entities, sectors)
    nearest = nearest_hub(places, hubs)
    measured = pd.DataFrame(
        {
            **{c: places[c].to_numpy() for c in PLACE_COLUMNS},
            "distance_km": nearest["distance_km"].to_numpy(),
            "hub_id": nearest["hub_id"].to_numpy(),
        }
    )
    return AccessSummary(
        sectors=tuple(sectors),
        hubs=len(hubs),
        places=measured,
        units=gap_shares(measured, groups[0]),
        provinces=gap_shares(measured, groups[1]),
        overall=gap_shares(measured, groups[2]),
    )


def share_bins(shares: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    """Class of each share: 0 below ``edges[0]``, ..., ``len(edges)`` at or above the last."""
    return np.digitize(np.asarray(shares, dtype=float), edges, right=False)


#: Class edges of the province choropleth (shares 0-1) and one colour per class (ColorBrewer
#: OrRd, light to dark; ordered by lightness so it reads without colour vision too).
CHOROPLETH_EDGES = (0.25, 0.5, 0.75)
CHOROPLETH_COLORS = ("#fef0d9", "#fdcc8a", "#fc8d59", "#d7301f")


def load_province_shapes(data_dir: Path) -> gpd.GeoDataFrame:
    """Province outlines (``data/basemap/admin1.geojson``) keyed by ``unit`` and ``admin1``."""
    shapes = gpd.read_file(data_dir / "basemap" / "admin1.geojson")
    return shapes.rename(columns={"name": "admin1"})[["unit", "admin1", "geometry"]]


def province_choropleth(
    provinces: pd.DataFrame,
    shapes: gpd.GeoDataFrame,
    threshold_km: int,
    edges: tuple[float, ...] = CHOROPLETH_EDGES,
    colors: tuple[str, ...] = CHOROPLETH_COLORS,
) -> gpd.GeoDataFrame:
    """Province polygons with the share beyond ``threshold_km``, its class and colour.

    Parameters
    ----------
    provinces
        :attr:`AccessSummary.provinces`.
    shapes
        From :func:`load_province_shapes`.
    threshold_km
        One of :data:`THRESHOLDS_KM`.
    edges, colors
        Class edges and one colour per class (``len(edges) + 1``).

    Returns
    -------
    geopandas.GeoDataFrame
        Provinces that have places: ``unit``, ``admin1``, ``population``, ``share``,
        ``bin`` and ``color``.
    """
    column = f"share_beyond_{threshold_km}km"
    table = provinces[["unit", "admin1", "population", column]].rename(columns={column: "share"})
    joined = shapes.merge(table, on=["unit", "admin1"], how="inner")
    joined["bin"] = share_bins(joined["share"].to_numpy(), edges)
    joined["color"] = [colors[b] for b in joined["bin"]]
    return joined
