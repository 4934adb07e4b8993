"""Hub–zone coverage and the partner finder (corridor_map.analytics.matching)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from corridor_map.analytics.matching import (
    MatchIndex,
    distance_points,
    hub_zone_coverage,
    partner_candidates,
    reason_text,
)
from corridor_map.i18n import available_languages

SECTORS = ("agriculture", "digital", "water")


def frames(rows: list[tuple], links: list[tuple[str, str]] = ()):
    """Entities (id, kind, country, sectors, lon, lat) and links (from, to) as registry frames."""
    entities = gpd.GeoDataFrame(
        {
            "kind": [r[1] for r in rows],
            "country": [r[2] for r in rows],
            "sectors": [r[3] for r in rows],
        },
        geometry=[Point(r[4], r[5]) for r in rows],
        index=pd.Index([r[0] for r in rows], name="id"),
        crs="EPSG:4326",
    )
    link_frame = pd.DataFrame(
        {"from_id": [a for a, _ in links], "to_id": [b for _, b in links]},
        index=[f"link-{i}" for i in range(len(links))],
    )
    return entities, link_frame


# A zone in Vientiane; hubs in Vientiane (other sector), Udon Thani (agriculture, THA),
# Luang Prabang (agriculture, LAO) and Kunming (agriculture, CHN).
SMALL = [
    ("zone-vte", "industrial_zone", "LAO", ("agriculture",), 102.6000, 17.9667),
    ("hub-vte-digital", "rd_hub", "LAO", ("digital",), 102.6000, 17.9667),
    ("hub-udon", "rd_hub", "THA", ("agriculture", "water"), 102.7880, 17.4138),
    ("hub-lpb", "rd_hub", "LAO", ("agriculture",), 102.1347, 19.8856),
    ("hub-kmg", "rd_hub", "CHN", ("agriculture", "digital"), 102.7183, 25.0389),
    ("park-bkk", "hightech_park", "THA", ("digital",), 100.5018, 13.7563),
]


def local_km(origin: Point, targets: list[Point]) -> np.ndarray:
    """Independent geodesic distances: radial distance in an azimuthal equidistant projection
    centred on ``origin`` (exact along geodesics from the centre), through geopandas."""
    crs = f"+proj=aeqd +lat_0={origin.y} +lon_0={origin.x} +datum=WGS84 +units=m"
    projected = gpd.GeoSeries(targets, crs="EPSG:4326").to_crs(crs)
    return np.hypot(projected.x.to_numpy(), projected.y.to_numpy()) / 1000.0


@pytest.fixture(scope="module")
def shipped(registry):
    return MatchIndex.build(registry.entities, registry.links, tuple(registry.sectors["id"]))


def brute_nearest(registry, zone_id: str, cross: bool) -> tuple[str | None, float]:
    """Nearest sector-sharing R&D hub by measuring every hub (the check, not the method)."""
    entities = registry.entities
    zone = entities.loc[zone_id]
    hubs = entities[entities["kind"] == "rd_hub"]
    hubs = hubs[[bool(set(s) & set(zone["sectors"])) for s in hubs["sectors"]]]
    if cross:
        hubs = hubs[hubs["country"] != zone["country"]]
    if hubs.empty:
        return None, float("inf")
    km = local_km(zone.geometry, list(hubs.geometry))
    best = int(np.argmin(km))
    return hubs.index[best], float(km[best])


def test_mat001_distances_match_an_independent_computation(registry, shipped):
    coverage = hub_zone_coverage(shipped)
    zones = registry.entities[registry.entities["kind"].isin(["industrial_zone", "hightech_park"])]
    assert len(coverage.zones) == len(zones) == 159
    for zone_id, row in coverage.zones.iterrows():
        for cross, hub_col, km_col in (
            (False, "hub_id", "hub_km"),
            (True, "cross_hub_id", "cross_km"),
        ):
            expected_id, expected_km = brute_nearest(registry, zone_id, cross)
            if expected_id is None:
                assert row[hub_col] is None and np.isinf(row[km_col])
                continue
            assert row[km_col] == pytest.approx(expected_km, rel=0.005, abs=0.01), zone_id
            # Ties (hubs in the same city) may pick another hub at the same distance.
            hub_point = registry.entities.loc[row[hub_col]].geometry
            got = local_km(registry.entities.loc[zone_id].geometry, [hub_point])[0]
            assert got == pytest.approx(expected_km, rel=0.005, abs=0.01), zone_id


def test_mat002_small_case_nearest_cross_border_and_linked():
    entities, links = frames(SMALL, [("zone-vte", "hub-udon")])
    index = MatchIndex.build(entities, links, SECTORS)
    coverage = hub_zone_coverage(index, radius_km=100)
    vte = coverage.zones.loc["zone-vte"]
    # The digital hub in the same city shares no sector: Udon Thani (THA) is the nearest.
    assert vte["hub_id"] == "hub-udon" and vte["cross_hub_id"] == "hub-udon"
    assert vte["hub_km"] == pytest.approx(
        local_km(Point(102.6, 17.9667), [Point(102.7880, 17.4138)])[0], rel=0.005
    )
    assert bool(vte["hub_linked"]) and bool(vte["cross_linked"]) and not bool(vte["gap"])
    park = coverage.zones.loc["park-bkk"]
    # Bangkok's nearest digital hub is Vientiane's (LAO), also across the border.
    assert park["hub_id"] == "hub-vte-digital" and park["cross_hub_id"] == "hub-vte-digital"
    assert bool(park["gap"]) and not bool(park["hub_linked"])
    assert coverage.gap_ids == ["park-bkk"]


def test_mat003_cross_border_hub_is_in_another_country():
    rows = [*SMALL, ("zone-lpb", "industrial_zone", "LAO", ("agriculture",), 102.1347, 19.8856)]
    entities, links = frames(rows)
    coverage = hub_zone_coverage(MatchIndex.build(entities, links, SECTORS))
    lpb = coverage.zones.loc["zone-lpb"]
    assert lpb["hub_id"] == "hub-lpb" and lpb["hub_km"] == pytest.approx(0.0, abs=1e-6)
    assert lpb["cross_hub_id"] == "hub-udon"
    assert lpb["cross_km"] > 200


def test_mat004_sector_and_country_filters(shipped, registry):
    coverage = hub_zone_coverage(shipped, sectors=("agriculture",), countries=("LAO", "THA"))
    entities = registry.entities
    assert len(coverage.zones) > 0
    assert set(coverage.zones["country"]) <= {"LAO", "THA"}
    for zone_id, row in coverage.zones.iterrows():
        assert row["sectors"] == ("agriculture",)
        assert "agriculture" in entities.loc[zone_id, "sectors"]
        if row["hub_id"] is not None:
            assert "agriculture" in entities.loc[row["hub_id"], "sectors"]
    assert coverage.by_sector["sector"].tolist() == ["agriculture"]
    assert coverage.by_sector["zones"].sum() == len(coverage.zones)


def test_mat005_gaps_follow_the_radius(shipped):
    for radius in (25, 100, 400):
        coverage = hub_zone_coverage(shipped, radius_km=radius)
        zones = coverage.zones
        assert (zones["gap"] == ~(zones["hub_km"] <= radius)).all()
        assert coverage.by_unit["gaps"].sum() == zones["gap"].sum()
        assert coverage.by_unit["zones"].sum() == len(zones)
    counts = [hub_zone_coverage(shipped, radius_km=r).zones["gap"].sum() for r in (25, 100, 400)]
    assert counts[0] >= counts[1] >= counts[2]


def test_mat006_by_sector_counts_zones_without_a_hub_of_that_sector(shipped, registry):
    coverage = hub_zone_coverage(shipped, radius_km=100)
    row = coverage.by_sector.set_index("sector").loc["agriculture"]
    only = hub_zone_coverage(shipped, sectors=("agriculture",), radius_km=100)
    assert row["zones"] == len(only.zones)
    assert row["gaps"] == int(only.zones["gap"].sum())


def test_mat007_link_mask_limits_the_ties():
    entities, links = frames(SMALL, [("zone-vte", "hub-udon")])
    index = MatchIndex.build(entities, links, SECTORS)
    coverage = hub_zone_coverage(index, link_mask=np.array([False]))
    assert not bool(coverage.zones.loc["zone-vte", "hub_linked"])


def test_mat008_partners_rank_other_countries_with_reasons_that_sum():
    rows = [*SMALL, ("hub-vte-agri", "rd_hub", "LAO", ("agriculture",), 102.6, 17.9667)]
    entities, links = frames(rows, [("zone-vte", "hub-kmg")])
    index = MatchIndex.build(entities, links, SECTORS)
    found = partner_candidates(index, "zone-vte")
    assert "LAO" not in set(found["country"])
    assert found["id"].tolist() == ["hub-udon", "hub-kmg"]
    for _, row in found.iterrows():
        assert row["score"] == sum(r.points for r in row["reasons"])
    udon = found.iloc[0]
    # Shares agriculture (2), R&D hub with a zone (2), about 65 km away (3).
    assert [(r.code, r.points) for r in udon["reasons"]] == [
        ("shared_sectors", 2),
        ("complementary_kind", 2),
        ("distance", 3),
    ]
    kmg = found.iloc[1]
    assert ("linked", 1) in [(r.code, r.points) for r in kmg["reasons"]]
    assert partner_candidates(index, "zone-vte", limit=1)["id"].tolist() == ["hub-udon"]
    with pytest.raises(KeyError):
        partner_candidates(index, "no-such-record")


def test_mat009_common_partner_is_a_reason():
    entities, links = frames(SMALL, [("hub-lpb", "hub-kmg"), ("hub-kmg", "park-bkk")])
    index = MatchIndex.build(entities, links, SECTORS)
    found = partner_candidates(index, "hub-lpb").set_index("id")
    # Bangkok shares no sector with Luang Prabang but both are linked to Kunming.
    reasons = {r.code: r for r in found.loc["park-bkk", "reasons"]}
    assert reasons["common_partner"].detail == ("hub-kmg",)
    assert "shared_sectors" not in reasons
    text = reason_text(reasons["common_partner"], "en", {"hub-kmg": "Kunming hub"})
    assert text == "Linked through a common partner: Kunming hub (+1)"


def test_mat010_distance_points_bands():
    assert distance_points(np.array([0, 100, 100.1, 300, 599, 601])).tolist() == [3, 3, 2, 2, 1, 0]


@pytest.mark.parametrize("lang", available_languages())
def test_mat011_reasons_read_in_every_language(shipped, lang):
    found = partner_candidates(shipped, "chn-yunnan-normal-university")
    texts = [reason_text(r, lang) for reasons in found["reasons"] for r in reasons]
    assert texts and all("{" not in t and "matching.reason" not in t for t in texts)


def test_mat012_co_located_points_share_an_answer_and_the_first_hub_wins():
    from corridor_map.analytics.access import nearest_geodesic, project

    points = gpd.GeoSeries([Point(102.6, 17.9667)] * 3 + [Point(100.5018, 13.7563)], crs=4326)
    hubs = gpd.GeoSeries(
        [Point(102.7880, 17.4138), Point(102.7880, 17.4138), Point(100.5018, 13.7563)], crs=4326
    )
    km, hub = nearest_geodesic(
        points.x.to_numpy(),
        points.y.to_numpy(),
        project(points),
        hubs.x.to_numpy(),
        hubs.y.to_numpy(),
        project(hubs),
    )
    assert hub.tolist() == [0, 0, 0, 2]
    assert (
        km[0]
        == km[1]
        == km[2]
        == pytest.approx(local_km(Point(102.6, 17.9667), [Point(102.7880, 17.4138)])[0], rel=0.005)
    )
    assert km[3] == pytest.approx(0.0, abs=1e-6)


def test_mat013_a_short_list_is_the_head_of_the_full_ranking(shipped, registry):
    """Only candidates that can still reach the list are measured (distance adds at most 3
    points): the first ``limit`` of a short list are those of the list with everyone
    measured, for every shipped record and a programme's ties."""
    everyone = len(registry.entities)
    ties = np.arange(len(registry.links)) % 2 == 0
    for record_id in registry.entities.index:
        for limit, links in ((1, None), (5, None), (10, ties)):
            short = partner_candidates(shipped, record_id, limit, links)
            full = partner_candidates(shipped, record_id, everyone, links).head(limit)
            assert short["id"].tolist() == full["id"].tolist(), (record_id, limit)
            assert short["distance_km"].tolist() == full["distance_km"].tolist()
            assert short["score"].tolist() == full["score"].tolist()
    assert partner_candidates(shipped, registry.entities.index[0], 0).empty


def test_mat014_coverage_under_a_filter_is_the_unfiltered_answer_narrowed(shipped, registry):
    """Every zone's nearest hubs are computed once: a country filter keeps exactly the rows
    of the unfiltered answer for that country's zones."""
    sectors = tuple(registry.sectors["id"])
    compared = 0
    for sector in sectors[:4]:
        everywhere = hub_zone_coverage(shipped, (sector,), ())
        for unit in ("LAO", "THA", "CHN"):
            narrowed = hub_zone_coverage(shipped, (sector,), (unit,))
            expected = everywhere.zones[everywhere.zones["unit"] == unit]
            if expected.empty:
                assert narrowed.zones.empty
                continue
            pd.testing.assert_frame_equal(narrowed.zones, expected)
            compared += 1
    assert compared >= 6
