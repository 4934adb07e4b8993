"""Corridor analytics: geodesic nearest distances, the country matrix, gap shares, centrality."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import Geod
from shapely.geometry import Point

from corridor_map.analytics import access_key_figures, analytics_for, network_key_figures
from corridor_map.analytics.access import (
    access_summary,
    gap_shares,
    hub_points,
    load_places,
    nearest_hub,
    weighted_median,
)
from corridor_map.analytics.network import (
    LinkGraph,
    centrality,
    country_matrix,
    link_graph,
    pair_links,
)
from corridor_map.context import AppContext
from corridor_map.filters import FilterState, apply

GEOD = Geod(ellps="WGS84")
CITIES = {
    "Vientiane": (102.6000, 17.9667),
    "Bangkok": (100.5018, 13.7563),
    "Kunming": (102.7183, 25.0389),
    "Hanoi": (105.8412, 21.0245),
    "Phnom Penh": (104.9160, 11.5625),
    "Ho Chi Minh City": (106.6296, 10.8230),
    "Yangon": (96.1561, 16.8053),
}


def points(names: list[str], **columns) -> gpd.GeoDataFrame:
    """A GeoDataFrame of the named cities (EPSG:4326)."""
    return gpd.GeoDataFrame(
        {"name": names, **columns},
        geometry=[Point(CITIES[n]) for n in names],
        crs="EPSG:4326",
    )


@pytest.mark.parametrize(
    ("place", "hub"),
    [
        ("Vientiane", "Bangkok"),
        ("Kunming", "Hanoi"),
        ("Phnom Penh", "Ho Chi Minh City"),
        ("Yangon", "Bangkok"),
    ],
)
def test_distance_matches_pyproj_geod(place, hub):
    hubs = points([hub]).set_index("name")
    got = nearest_hub(points([place]), hubs)
    _, _, metres = GEOD.inv(*CITIES[place], *CITIES[hub])
    assert got["hub_id"].iloc[0] == hub
    assert got["distance_km"].iloc[0] == pytest.approx(metres / 1000, abs=1e-6)


def test_vientiane_bangkok_is_about_520_km():
    _, _, metres = GEOD.inv(*CITIES["Vientiane"], *CITIES["Bangkok"])
    got = nearest_hub(points(["Vientiane"]), points(["Bangkok"]).set_index("name"))
    assert 500 < got["distance_km"].iloc[0] < 540
    assert got["distance_km"].iloc[0] == pytest.approx(metres / 1000)


def test_nearest_is_the_geodesic_nearest_of_all_hubs(registry, data_dir):
    """On the shipped data, the projected search never picks a farther hub than brute force."""
    places = load_places(data_dir)
    hubs = hub_points(registry.entities)
    got = nearest_hub(places, hubs)
    lon = np.repeat(places.geometry.x.to_numpy(), len(hubs))
    lat = np.repeat(places.geometry.y.to_numpy(), len(hubs))
    hub_lon = np.tile(hubs.geometry.x.to_numpy(), len(places))
    hub_lat = np.tile(hubs.geometry.y.to_numpy(), len(places))
    _, _, metres = GEOD.inv(lon, lat, hub_lon, hub_lat)
    brute = metres.reshape(len(places), len(hubs)).min(axis=1) / 1000
    np.testing.assert_allclose(got["distance_km"].to_numpy(), brute, rtol=0, atol=1e-6)


def test_no_hub_means_everyone_beyond():
    places = points(["Vientiane"], population=[1000], unit=["LAO"], admin1=["V"])
    empty = points([]).set_index("name")
    got = nearest_hub(places, empty)
    assert np.isinf(got["distance_km"].iloc[0])
    assert got["hub_id"].iloc[0] is None


# ------------------------------------------------------------------ hand-made registry


def _place_at(origin: tuple[float, float], km: float, azimuth: float) -> Point:
    lon, lat, _ = GEOD.fwd(origin[0], origin[1], azimuth, km * 1000)
    return Point(lon, lat)


@pytest.fixture()
def small_registry():
    """One hub, an industrial zone (not a hub) and a water-only park; four places."""
    hub = (102.0, 18.0)
    far_park = (110.0, 25.0)
    entities = gpd.GeoDataFrame(
        {
            "id": ["hub", "zone", "park"],
            "kind": ["rd_hub", "industrial_zone", "hightech_park"],
            "sectors": [("digital",), ("digital",), ("water",)],
        },
        geometry=[Point(hub), _place_at(hub, 55, 90), Point(far_park)],
        crs="EPSG:4326",
    ).set_index("id", drop=False)
    places = gpd.GeoDataFrame(
        {
            "geonameid": [1, 2, 3, 4],
            "name": ["A", "B", "C", "D"],
            "population": [100, 200, 300, 400],
            "unit": ["LAO", "LAO", "LAO", "LAO"],
            "admin1": ["P1", "P1", "P2", "P2"],
        },
        geometry=[
            _place_at(hub, 10, 0),
            _place_at(hub, 60, 90),
            _place_at(hub, 150, 180),
            _place_at(hub, 30, 270),
        ],
        crs="EPSG:4326",
    )
    return places, entities


def test_gap_shares_exact(small_registry):
    places, entities = small_registry
    summary = access_summary(places, entities, ("digital",))
    assert summary.hubs == 1  # the zone is not a hub; the park is water only
    np.testing.assert_allclose(summary.places["distance_km"], [10, 60, 150, 30], atol=1e-6)

    unit = summary.units.set_index("unit").loc["LAO"]
    assert unit["population"] == 1000
    assert unit["share_beyond_50km"] == pytest.approx(0.5, abs=1e-12)  # B + C
    assert unit["share_beyond_100km"] == pytest.approx(0.3, abs=1e-12)  # C
    assert unit["median_km"] == pytest.approx(30, abs=1e-6)  # 100 + 400 reach half

    provinces = summary.provinces.set_index("admin1")
    assert provinces.loc["P1", "share_beyond_50km"] == pytest.approx(2 / 3, abs=1e-12)
    assert provinces.loc["P1", "share_beyond_100km"] == 0
    assert provinces.loc["P1", "median_km"] == pytest.approx(60, abs=1e-6)
    assert provinces.loc["P2", "share_beyond_50km"] == pytest.approx(3 / 7, abs=1e-12)
    assert provinces.loc["P2", "share_beyond_100km"] == pytest.approx(3 / 7, abs=1e-12)
    assert provinces.loc["P2", "median_km"] == pytest.approx(30, abs=1e-6)
    assert summary.overall["share_beyond_50km"].iloc[0] == pytest.approx(0.5, abs=1e-12)


def test_sector_filter_changes_the_hubs(small_registry):
    places, entities = small_registry
    water = access_summary(places, entities, ("water",))
    assert water.hubs == 1
    assert (water.places["hub_id"] == "park").all()
    assert water.overall["share_beyond_100km"].iloc[0] == 1.0
    everything = access_summary(places, entities, ())
    assert everything.hubs == 2


def test_weighted_median():
    assert weighted_median(np.array([10, 60]), np.array([100, 200])) == 60
    assert weighted_median(np.array([1, 2, 3, 4]), np.array([1, 1, 1, 1])) == 2  # lower median
    assert np.isnan(weighted_median(np.array([]), np.array([])))


def test_gap_shares_by_column_names_matches_groups(small_registry):
    places, entities = small_registry
    summary = access_summary(places, entities, ())
    again = gap_shares(summary.places, ["unit", "admin1"])
    pd.testing.assert_frame_equal(again, summary.provinces)


# ------------------------------------------------------------------ network


@pytest.mark.parametrize(
    "state",
    [
        FilterState(),
        FilterState(sectors=("water",)),
        FilterState(countries=("LAO",)),
        FilterState(kinds=("rd_hub",), sectors=("joint_rd", "digital")),
        FilterState(query="university"),
    ],
)
def test_matrix_sums_to_cross_border_links_shown(registry, state):
    result = apply(registry.entities, registry.links, state)
    shown = registry.links[result.links]
    matrix = country_matrix(shown)
    assert matrix.to_numpy().sum() == int(shown["cross_border"].sum())
    assert np.all(np.tril(matrix.to_numpy()) == 0)  # each pair once, upper triangle
    for a in matrix.index:
        for b in matrix.columns:
            if matrix.index.get_loc(a) < matrix.columns.get_loc(b):
                assert matrix.at[a, b] == len(pair_links(shown, a, b))


def _tiny(edges: list[tuple[str, str]]):
    links = pd.DataFrame(
        {
            "from_id": [a for a, _ in edges],
            "to_id": [b for _, b in edges],
            "cross_border": False,
        },
        index=[f"l{i}" for i in range(len(edges))],
    )
    return link_graph(links)


def test_betweenness_on_a_path_and_a_star():
    scores = centrality(_tiny([("a", "b"), ("b", "c")]))
    assert scores.loc["b", "betweenness"] == pytest.approx(1.0)
    assert scores.loc["a", "betweenness"] == 0
    star = centrality(_tiny([("hub", x) for x in "pqrs"]))
    assert star.index[0] == "hub"
    assert star.loc["hub", "degree"] == 4
    # 4 leaves: C(4,2) = 6 pairs all through the hub; normalised by (n-1)(n-2)/2 = 6.
    assert star.loc["hub", "betweenness"] == pytest.approx(1.0)


def test_parallel_links_count_in_degree_not_betweenness():
    graph = _tiny([("a", "b"), ("a", "b"), ("b", "c")])
    scores = centrality(graph)
    assert scores.loc["a", "degree"] == 2
    assert scores.loc["b", "degree"] == 3
    assert scores.loc["b", "betweenness"] == pytest.approx(1.0)
    assert isinstance(graph, LinkGraph)
    assert len(graph.ends) == 3  # the parallel link is kept as its own edge


# ------------------------------------------------------------------ key figures


def test_key_figures_are_translated_pairs(registry):
    context = AppContext.build(registry)
    for figures in (network_key_figures(context, "en"), access_key_figures(context, "en")):
        assert figures and all(isinstance(k, str) and isinstance(v, str) for k, v in figures)
        assert not any(k.startswith("analytics.") for k, _ in figures)
    labels = dict(network_key_figures(context, "en"))
    assert labels["Cross-border links"] == str(int(registry.links["cross_border"].sum()))
    summary = analytics_for(context).access(())
    assert summary.overall["population"].iloc[0] > 100_000_000


def _centrality_in_child(queue) -> None:
    graph = _tiny([(f"n{i}", f"n{i + 1}") for i in range(80)])  # above rustworkx's default 50
    queue.put(float(centrality(graph).loc["n40", "betweenness"]))


def test_ana101_centrality_works_in_a_worker_forked_after_the_master_used_it():
    """gunicorn preloads the app (the master computes the analytics) and then forks workers;
    a thread pool started in the master would leave a worker's betweenness waiting forever."""
    import multiprocessing

    graph = _tiny([(f"n{i}", f"n{i + 1}") for i in range(80)])
    expected = float(centrality(graph).loc["n40", "betweenness"])
    fork = multiprocessing.get_context("fork")
    queue = fork.Queue()
    child = fork.Process(target=_centrality_in_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    hung = child.is_alive()
    if hung:
        child.kill()
    assert not hung, "betweenness hung in a forked worker"
    assert queue.get(timeout=5) == pytest.approx(expected)
