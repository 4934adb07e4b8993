"""Hub–zone and partners API through the Flask test client of the real app."""

from __future__ import annotations

import csv
import io

import pytest

RECORD = "chn-yunnan-normal-university"


def test_mat101_hub_zone_shape(client, registry):
    response = client.get("/api/v1/analytics/hub-zone")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    zones = registry.entities[registry.entities["kind"].isin(["industrial_zone", "hightech_park"])]
    assert body["radius_km"] == 100
    assert {z["id"] for z in body["zones"]} == set(zones.index)
    zone = body["zones"][0]
    assert set(zone) >= {"id", "nearest_hub", "nearest_cross_border_hub", "gap"}
    assert set(zone["nearest_hub"]) >= {"id", "distance_km", "linked"}
    gaps = [z["id"] for z in body["zones"] if z["gap"]]
    assert body["gaps"] == gaps
    assert all(
        z["nearest_hub"] is None or z["nearest_hub"]["distance_km"] > 100
        for z in body["zones"]
        if z["gap"]
    )
    assert (
        body["summary"]
        == f"{len(gaps)} of {len(zones)} zones have no sector-matched R&D hub within 100 km."
    )


def test_mat102_hub_zone_filters_and_radius(client, registry):
    body = client.get(
        "/api/v1/analytics/hub-zone?sector=agriculture&country=LAO,THA&radius_km=50"
    ).get_json()
    assert body["filters"] == {
        "sector": ["agriculture"],
        "country": ["LAO", "THA"],
        "programme": [],
    }
    assert body["radius_km"] == 50
    assert body["zones"] and {z["country"] for z in body["zones"]} <= {"LAO", "THA"}
    for zone in body["zones"]:
        hub = zone["nearest_hub"]
        assert hub is None or "agriculture" in registry.entities.loc[hub["id"], "sectors"]
        assert zone["gap"] == (hub is None or hub["distance_km"] > 50)
    assert "no Agriculture technology hub within 50 km" in body["summary"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("radius_km=abc", "radius_km"),
        ("radius_km=-5", "radius_km"),
        ("radius_km=inf", "radius_km"),
        ("radius_km=1e9", "radius_km"),
        ("sector=nonsense", "sector"),
        ("country=XXX", "country"),
        ("format=xml", "format"),
        ("colour=red", "colour"),
    ],
)
def test_mat103_hub_zone_bad_values_answer_400_json(client, query, parameter):
    response = client.get(f"/api/v1/analytics/hub-zone?{query}")
    assert response.status_code == 400
    assert parameter in [p["parameter"] for p in response.get_json()["problems"]]


def test_mat104_hub_zone_csv(client):
    response = client.get("/api/v1/analytics/hub-zone?format=csv&country=LAO")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    json_body = client.get("/api/v1/analytics/hub-zone?country=LAO").get_json()
    assert [r["id"] for r in rows] == [z["id"] for z in json_body["zones"]]
    first, zone = rows[0], json_body["zones"][0]
    assert first["nearest_hub_id"] == zone["nearest_hub"]["id"]
    assert float(first["nearest_hub_km"]) == pytest.approx(
        zone["nearest_hub"]["distance_km"], abs=0.01
    )


def test_mat105_partners_shape_and_score(client, registry):
    response = client.get(f"/api/v1/analytics/partners?id={RECORD}&limit=5")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == RECORD and len(body["partners"]) == 5
    assert "2 per shared sector" in body["scoring"]["rule"]
    own = registry.entities.loc[RECORD, "country"]
    scores = [p["score"] for p in body["partners"]]
    assert scores == sorted(scores, reverse=True)
    for partner in body["partners"]:
        assert set(partner) >= {"id", "distance_km", "shared_sectors", "score", "reasons"}
        assert registry.entities.loc[partner["id"], "country"] != own
        assert partner["score"] == sum(r["points"] for r in partner["reasons"])
        assert all(r["text"] for r in partner["reasons"])


def test_mat106_partners_reasons_follow_lang(client):
    body = client.get(f"/api/v1/analytics/partners?id={RECORD}&limit=1&lang=zh-Hans").get_json()
    assert "相距" in " ".join(r["text"] for r in body["partners"][0]["reasons"])


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("id=no-such-record", 404),
        (f"id={RECORD}&limit=0", 400),
        (f"id={RECORD}&limit=1.5", 400),
        (f"id={RECORD}&limit=101", 400),
        (f"id={RECORD}&format=pdf", 400),
    ],
)
def test_mat107_partners_bad_input(client, query, status):
    response = client.get(f"/api/v1/analytics/partners?{query}")
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]


def test_mat108_partners_csv(client):
    response = client.get(f"/api/v1/analytics/partners?id={RECORD}&limit=3&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    assert "(+" in rows[0]["reasons"]


def test_mat109_openapi_describes_both(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    hub_zone = paths["/api/v1/analytics/hub-zone"]["get"]
    assert {p["name"] for p in hub_zone["parameters"]} >= {"radius_km", "sector", "country"}
    assert "400" in hub_zone["responses"]
    partners = paths["/api/v1/analytics/partners"]["get"]
    assert {"400", "404"} <= set(partners["responses"])
    assert {p["name"] for p in partners["parameters"]} >= {"id", "limit", "programme"}
    assert next(p for p in partners["parameters"] if p["name"] == "id")["required"] is True


def test_mat110_brief_of_a_selected_record_lists_its_partners(client):
    from pypdf import PdfReader

    def text(query: str) -> str:
        response = client.get(f"/brief.pdf{query}")
        assert response.status_code == 200
        reader = PdfReader(io.BytesIO(response.data))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    partners = client.get(f"/api/v1/analytics/partners?id={RECORD}&limit=5").get_json()
    selected = text(f"?id={RECORD}")
    assert "Possible partners in other countries" in selected
    first = partners["partners"][0]
    assert f"1. {first['name']}" in selected
    assert first["reasons"][0]["text"] in selected
    assert "Possible partners in other countries" not in text("?sector=water")


def test_mat111_map_mode_lines_and_gaps_sit_on_the_drawn_markers(client, registry):
    entities = registry.entities

    def drawn(record_id: str) -> list[float]:
        return [entities.at[record_id, "map_lon"], entities.at[record_id, "map_lat"]]

    for part in ("linked", "unlinked"):
        body = client.get(f"/analytics/hub-zone.geojson?radius_km=100&part={part}").get_json()
        assert body["features"] or part == "linked", part
        for feature in body["features"]:
            start, end = feature["geometry"]["coordinates"]
            assert start == pytest.approx(drawn(feature["properties"]["zone"]))
            assert end == pytest.approx(drawn(feature["properties"]["hub"]))
    gaps = client.get("/analytics/hub-zone.geojson?radius_km=10&part=gaps").get_json()
    assert gaps["features"]
    for feature in gaps["features"]:
        assert feature["geometry"]["coordinates"] == pytest.approx(
            drawn(feature["properties"]["zone"])
        )


def test_mat112_matching_parameters_come_from_the_one_table(client):
    bad = client.get("/api/v1/analytics/hub-zone?radius_km=-1&limit=3&status=nope")
    assert bad.status_code == 400
    problems = {p["parameter"]: p["reason"] for p in bad.get_json()["problems"]}
    assert problems == {
        "radius_km": "expected 0 to 5000",
        "limit": "unknown parameter",
        "status": "unknown value",
    }
    ok = client.get("/api/v1/analytics/hub-zone?status=planned&radius_km=50")
    assert ok.status_code == 200 and ok.headers["ETag"]
    again = client.get(
        "/api/v1/analytics/hub-zone?status=planned&radius_km=50",
        headers={"If-None-Match": ok.headers["ETag"]},
    )
    assert again.status_code == 304
    missing = client.get("/api/v1/analytics/partners?id=no-such-record")
    assert missing.status_code == 404 and missing.get_json()["error"] == "unknown id"
