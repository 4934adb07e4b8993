"""Edge caching and the open data API's precomputed fragments."""

from __future__ import annotations

import json

import pytest

from corridor_map.filters import FilterState, apply
from corridor_map.http.api import Fragments, entity_records, link_records, to_csv, to_geojson

STATES = [
    FilterState(),
    FilterState(countries=("LAO",)),
    FilterState(kinds=("rd_hub",), query="university"),
    FilterState(countries=("MMR", "KHM"), query="no such thing at all"),
]


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_hst060_fragments_equal_a_whole_serialisation(app, state):
    context = app.server.config["CORRIDOR_CONTEXT"]
    registry = context.registry
    result = apply(registry.entities, registry.links, state, context.filter_index)
    for frame, export, mask in (
        (registry.entities, entity_records, result.entities),
        (registry.links, link_records, result.links),
    ):
        fragments = Fragments.build(export(frame), frame.geometry)
        rows = frame[mask]
        assert json.loads(fragments.body(mask, "geojson")) == json.loads(
            to_geojson(export(rows), rows.geometry)
        )
        assert fragments.body(mask, "csv") == to_csv(export(rows))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/entities?country=LAO",
        "/api/v1/links?format=csv",
        "/api/v1/analytics/network?country=LAO",
        "/api/v1/analytics/access",
        "/api/v1/analytics/hub-zone?sector=water&radius_km=50",
        "/api/v1/analytics/partners?id=chn-yunnan-normal-university&format=csv",
        "/api/v1/openapi.json",
        "/basemap/units.geojson",
        "/analytics/access-provinces.geojson?sector=water&threshold=50&bin=0",
        "/analytics/hub-zone.geojson?sector=water&radius_km=50&part=gaps",
        "/brief.png?kind=rd_hub",
    ],
)
def test_hst061_cacheable_responses_carry_etag_and_answer_304(client, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_hst062_etag_follows_canonical_parameters(client):
    one = client.get("/api/v1/entities?country=LAO,KHM").headers["ETag"]
    same = client.get("/api/v1/entities?country=KHM&country=LAO").headers["ETag"]
    other = client.get("/api/v1/entities?country=LAO").headers["ETag"]
    csv = client.get("/api/v1/entities?country=LAO,KHM&format=csv").headers["ETag"]
    assert one == same
    assert len({one, other, csv}) == 3
