"""The running server (gunicorn, as the Procfile starts it): headers, API, health, bad input."""

from __future__ import annotations

import csv
import io
import json

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor_map import schema

PAGES = [
    "/",
    "/?country=LAO",
    "/healthz",
    "/api/v1/entities",
    "/basemap/units.geojson",
    "/_dash-layout",
]


@pytest.mark.parametrize("path", PAGES)
def test_srv001_security_headers_on_every_response(server_url, path):
    response = requests.get(server_url + path, timeout=10)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "http" not in csp.replace("https:", "")  # no external host is allowed
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_srv002_embed_may_be_framed(server_url):
    response = requests.get(server_url + "/embed", timeout=10)
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("query", "accept", "lang"),
    [
        ("?lang=km", None, "km"),
        ("", "th-TH,th;q=0.9", "th"),
        ("", "de-DE", "en"),
        ("?lang=xx", None, "en"),
    ],
)
def test_srv014_page_language_from_url_or_browser(server_url, query, accept, lang):
    headers = {"Accept-Language": accept} if accept else {}
    page = requests.get(server_url + "/" + query, headers=headers, timeout=10).text
    assert f'<html lang="{lang}">' in page


def test_srv015_base_map_is_compressed_and_cacheable(server_url):
    response = requests.get(
        server_url + "/basemap/admin1.geojson", headers={"Accept-Encoding": "gzip"}, timeout=10
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.json()["type"] == "FeatureCollection"
    again = requests.get(
        server_url + "/basemap/admin1.geojson",
        headers={"If-None-Match": response.headers["ETag"]},
        timeout=10,
    )
    assert again.status_code == 304


def test_srv016_bundle_served_precompressed(server_url):
    path = "/assets/vendor/plotly-corridor.min.js"
    response = requests.get(server_url + path, headers={"Accept-Encoding": "br"}, timeout=10)
    assert response.headers["Content-Encoding"] == "br"
    assert int(response.headers["Content-Length"]) < 700_000
    assert b"scattermap" in response.content  # decoded by requests (brotli installed)


def test_srv003_responses_are_compressed(server_url):
    response = requests.get(server_url + "/", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert response.headers.get("Content-Encoding") == "gzip"


def test_srv004_healthz_reports_counts_and_version(server_url, registry):
    body = requests.get(server_url + "/healthz", timeout=10).json()
    assert body["status"] == "ok"
    assert body["entities"] == len(registry.entities)
    assert body["links"] == len(registry.links)
    assert body["data_version"] == registry.version


def test_srv005_api_filters_as_geojson(server_url, registry):
    response = requests.get(server_url + "/api/v1/entities?country=LAO,CHN&kind=rd_hub", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/geo+json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    features = response.json()["features"]
    entities = registry.entities
    # country=CHN is Yunnan: Chinese partners outside the corridor are not in it.
    in_unit = entities["country"].eq("LAO") | (
        entities["country"].eq("CHN") & entities["in_corridor"]
    )
    expected = entities[in_unit & (entities["kind"] == "rd_hub")]
    assert {f["id"] for f in features} == set(expected["id"])
    assert all(f["geometry"]["type"] == "Point" for f in features)
    assert all(isinstance(f["properties"]["sectors"], list) for f in features)


def test_srv006_api_csv_matches_the_filter(server_url, registry):
    response = requests.get(server_url + "/api/v1/entities?sector=water&format=csv", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    # A record meets the sector through its own sectors or one of its project links'.
    links = registry.links[registry.links["sectors"].map(lambda sectors: "water" in sectors)]
    via_links = set(links["from_id"]) | set(links["to_id"])
    assert rows and all("water" in r["sectors"].split(";") or r["id"] in via_links for r in rows)
    assert any("water" not in r["sectors"].split(";") for r in rows)  # the link rule is live
    assert list(rows[0])[: len(schema.ENTITY_COLUMNS)] == list(schema.ENTITY_COLUMNS)


def test_srv007_api_links_follow_the_same_filters(server_url, registry):
    features = requests.get(server_url + "/api/v1/links?country=KHM", timeout=10).json()["features"]
    khm = set(registry.entities.index[registry.entities["country"] == "KHM"])
    assert features
    assert all(
        f["properties"]["from_id"] in khm or f["properties"]["to_id"] in khm for f in features
    )
    assert all(f["geometry"]["type"] == "LineString" for f in features)


@pytest.mark.parametrize(
    ("query", "parameter", "value"),
    [
        ("country=XXX", "country", "XXX"),
        ("sector=space", "sector", "space"),
        ("colour=red", "colour", "red"),
        ("format=xml", "format", "xml"),
    ],
)
def test_srv008_api_unknown_input_is_a_400_naming_it(server_url, query, parameter, value):
    response = requests.get(f"{server_url}/api/v1/entities?{query}", timeout=10)
    assert response.status_code == 400
    body = response.json()
    named = [body.get("parameter")] + [p["parameter"] for p in body.get("problems", [])]
    values = [body.get("value")] + [p["value"] for p in body.get("problems", [])]
    assert parameter in named and value in values


def test_srv009_openapi_document_describes_the_api(server_url, registry):
    document = requests.get(server_url + "/api/v1/openapi.json", timeout=10).json()
    assert document["openapi"].startswith("3.")
    assert {
        "/api/v1/entities",
        "/api/v1/links",
        "/api/v1/analytics/network",
        "/api/v1/analytics/access",
        "/api/v1/analytics/hub-zone",
        "/api/v1/analytics/partners",
        "/api/v1/openapi.json",
        "/healthz",
    } == set(document["paths"])
    names = {p["name"] for p in document["paths"]["/api/v1/entities"]["get"]["parameters"]}
    assert {"sector", "country", "kind", "status", "programme", "q", "format"} <= names


def test_srv010_hostile_query_strings_never_500(server_url):
    for query in [
        "q=" + "x" * 5000,
        "country=" + "%00" * 50,
        "id=%3Cscript%3E",
        "q=%E0%A4",
        "sector=,,,,",
    ]:
        for path in ("/", "/api/v1/entities"):
            response = requests.get(f"{server_url}{path}?{query}", timeout=10)
            assert response.status_code < 500, (path, query)


def test_srv011_malformed_callback_payloads_are_4xx(server_url):
    for body in [
        b"not json",
        b"{}",
        b'{"output": 5}',
        json.dumps({"output": "map-view.data", "inputs": "x"}).encode(),
    ]:
        response = requests.post(
            server_url + "/_dash-update-component",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert 400 <= response.status_code < 500, (body, response.status_code)


# ------------------------------------------------------------------ property-based fuzz

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
component_ids = st.sampled_from(
    [
        "view-state",
        "filter-sector",
        "filter-country",
        "url",
        "corridor-map",
        "records-table",
        "nope",
    ]
)
properties = st.sampled_from(["data", "value", "search", "clickData", "cellClicked", "figure", "x"])
outputs = st.sampled_from(
    ["map-view.data", "..filter-sector.value...url.search...view-state.data..", "nope.x", ""]
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(output=outputs, input_id=component_ids, prop=properties, value=json_values)
def test_srv012_fuzz_callback_endpoint_never_5xx(server_url, output, input_id, prop, value):
    payload = {
        "output": output,
        "outputs": {"id": output.split(".")[0], "property": "figure"},
        "inputs": [{"id": input_id, "property": prop, "value": value}],
        "changedPropIds": [f"{input_id}.{prop}"],
        "state": [],
    }
    response = requests.post(server_url + "/_dash-update-component", json=payload, timeout=10)
    assert response.status_code < 500, (payload, response.text[:300])


query_keys = st.sampled_from(["sector", "country", "kind", "q", "id", "format", "lang", "zzz", ""])
query_values = st.text(max_size=60) | st.sampled_from(["LAO", "water", "rd_hub", "csv", "geojson"])


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    params=st.lists(st.tuples(query_keys, query_values), max_size=5),
    path=st.sampled_from(["entities", "links"]),
)
def test_srv013_fuzz_api_never_5xx(server_url, params, path):
    response = requests.get(f"{server_url}/api/v1/{path}", params=params, timeout=10)
    assert response.status_code in (200, 400), (params, response.status_code, response.text[:300])
    if response.status_code == 400:
        assert "error" in response.json()


def test_srv030_an_ampersand_in_the_search_reaches_the_api_whole(server_url):
    """``q=South%20%26%20Southeast`` is one value: the record named with an ``&`` matches."""
    for path in ("/api/v1/entities", "/api/v1/entities?format=csv"):
        joiner = "&" if "?" in path else "?"
        response = requests.get(
            server_url + path + joiner + "q=South%20%26%20Southeast", timeout=10
        )
        assert response.status_code == 200
        assert "chn-south-and-southeast-asia-agricultural-st-joint-research-center" in response.text
    # Split at the "&", the same words would be a search for "South " and an unknown parameter.
    split = requests.get(server_url + "/api/v1/entities?q=South%20&%20Southeast", timeout=10)
    assert split.status_code == 400
