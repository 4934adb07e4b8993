"""Finding 6: the low-severity items of the review."""

from __future__ import annotations

import pytest

from corridor_map.http.security import TILE_HOSTS, content_security_policy


@pytest.mark.parametrize(
    "path", ["/nope", "/embed/anything", "/briefing.ppt", "/api/v1/anything", "/api/v1/"]
)
def test_hst050_unknown_paths_are_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json
    assert b"<html" not in response.data


@pytest.mark.parametrize("path", ["/", "/embed", "/embed/", "/briefing", "/?country=LAO"])
def test_hst051_pages_still_answer(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("get", "/_dash-update-component", "POST"),
        ("post", "/healthz", "GET"),
        ("delete", "/api/v1/entities", "GET"),
        ("put", "/", "GET"),
    ],
)
def test_hst052_405_names_the_allowed_methods(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert allowed in response.headers["Allow"]


@pytest.mark.parametrize("path", ["/", "/embed", "/briefing"])
def test_hst053_language_negotiated_responses_vary_on_accept_language(client, path):
    response = client.get(path, headers={"Accept-Language": "th"})
    assert '<html lang="th">' in response.get_data(as_text=True)
    assert "Accept-Language" in response.headers["Vary"]


def test_hst072_dash_layout_is_the_same_in_every_language(client):
    thai = client.get("/_dash-layout", headers={"Accept-Language": "th"}).data
    assert thai == client.get("/_dash-layout", headers={"Accept-Language": "km"}).data


def test_hst054_online_basemap_allows_only_its_tile_hosts():
    policy = content_security_policy([], "'none'", TILE_HOSTS["open-street-map"])
    assert "https://tile.openstreetmap.org" in policy
    assert " https: " not in policy + " " and "https:;" not in policy
    assert "http" not in content_security_policy([], "'none'").replace("'self'", "")
