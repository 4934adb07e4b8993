"""Analytics API and choropleth GeoJSON through the Flask test client of the real app."""

from __future__ import annotations

import json

import pytest


def test_network_shape(client, registry):
    response = client.get("/api/v1/analytics/network")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    # China outside Yunnan (partner ends) is counted apart from Yunnan (CHN).
    assert body["countries"] == ["KHM", "LAO", "MMR", "THA", "VNM", "CHN", "CHN-X"]
    assert len(body["matrix"]) == 7 and all(len(row) == 7 for row in body["matrix"])
    assert sum(map(sum, body["matrix"])) == body["cross_border_links"]
    assert body["cross_border_links"] == int(registry.links["cross_border"].sum())
    assert sum(p["links"] for p in body["pairs"]) == body["cross_border_links"]
    top = body["most_connected"][0]
    assert set(top) == {"id", "name", "country", "degree", "betweenness"}
    assert body["records"][0] == top


def test_network_filters(client):
    body = client.get("/api/v1/analytics/network?sector=water&country=LAO").get_json()
    assert body["filters"]["sector"] == ["water"]
    assert body["links_shown"] <= 66


def test_access_shape(client):
    body = client.get("/api/v1/analytics/access?sector=digital").get_json()
    assert body["thresholds_km"] == [50, 100]
    assert {u["unit"] for u in body["units"]} == {"CN-YN", "KHM", "LAO", "MMR", "THA", "VNM"}
    row = body["provinces"][0]
    assert set(row) == {
        "unit",
        "admin1",
        "places",
        "population",
        "share_beyond_50km",
        "share_beyond_100km",
        "median_km",
    }
    assert 0 <= body["overall"]["share_beyond_100km"] <= body["overall"]["share_beyond_50km"] <= 1
    assert "GeoNames" in body["credit"]
    only = client.get("/api/v1/analytics/access?country=CHN").get_json()
    assert {u["unit"] for u in only["units"]} == {"CN-YN"}


@pytest.mark.parametrize(
    "query",
    ["foo=1", "sector=nonsense", "country=FRA", "format=csv", "format=json", "kind=castle"],
)
@pytest.mark.parametrize("path", ["network", "access"])
def test_unknown_parameters_are_400(client, path, query):
    response = client.get(f"/api/v1/analytics/{path}?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] and body["problems"]


def test_choropleth_geojson(client):
    features = []
    for bin_ in range(4):
        response = client.get(f"/analytics/access-provinces.geojson?threshold=50&bin={bin_}")
        assert response.status_code == 200
        assert response.mimetype == "application/geo+json"
        features += json.loads(response.get_data(as_text=True))["features"]
    shares = [f["properties"]["share"] for f in features]
    assert features and all(0 <= s <= 1 for s in shares)
    assert len({f["properties"]["color"] for f in features}) > 1
    for query in ("threshold=75&bin=0", "threshold=50&bin=9", "threshold=50&bin=0&x=1"):
        assert client.get(f"/analytics/access-provinces.geojson?{query}").status_code == 400
