"""The corridor over time in the open data API, the brief and /healthz: ``year=`` and
``since=`` checked against the registry's CSV files."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from pypdf import PdfReader

from corridor_map.i18n import translate
from corridor_map.settings import REPO_ROOT

REGISTRY = REPO_ROOT / "data" / "registry"


@pytest.fixture(scope="module")
def csv_frames():
    """entities.csv and links.csv as the files hold them, with versions.csv joined."""
    entities = pd.read_csv(REGISTRY / "entities.csv", dtype={"established": "Int64"})
    links = pd.read_csv(REGISTRY / "links.csv", dtype={"start_year": "Int64"})
    versions = pd.read_csv(REGISTRY / "versions.csv", dtype=str)
    by_table = {t: v.set_index("id") for t, v in versions.groupby("table")}
    return (
        entities.join(by_table["entity"][["added", "changed"]], on="id"),
        links.join(by_table["link"][["added", "changed"]], on="id"),
    )


def _feature_ids(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return {f["id"] for f in response.get_json()["features"]}


def _csv_ids(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    text = response.get_data().decode("utf-8-sig")  # the CSV starts with a BOM for Excel
    return {row["id"] for row in csv.DictReader(io.StringIO(text))}


@pytest.mark.parametrize("year", [2005, 2012, 2020])
def test_tim010_year_on_entities_and_links_matches_the_csv(client, csv_frames, year):
    entities, links = csv_frames
    dated = entities[entities["established"].notna() & (entities["established"] <= year)]
    expected = set(dated["id"])
    assert _feature_ids(client, f"/api/v1/entities?year={year}") == expected
    assert _csv_ids(client, f"/api/v1/entities?year={year}&format=csv") == expected
    started = links[links["start_year"].notna() & (links["start_year"] <= year)]
    shown = started[started["from_id"].isin(expected) | started["to_id"].isin(expected)]
    assert _feature_ids(client, f"/api/v1/links?year={year}") == set(shown["id"])
    # With another filter: both must hold.
    lao = set(dated["id"][dated["country"] == "LAO"])
    assert _feature_ids(client, f"/api/v1/entities?country=LAO&year={year}") == lao


def test_tim011_since_on_entities_and_links_matches_versions_csv(client, csv_frames):
    entities, links = csv_frames
    for since in sorted(set(entities["added"]) | set(links["added"])):
        changed = set(entities["id"][entities["changed"] >= since])
        assert _feature_ids(client, f"/api/v1/entities?since={since}") == changed
        assert _csv_ids(client, f"/api/v1/entities?since={since}&format=csv") == changed
        assert _feature_ids(client, f"/api/v1/links?since={since}") == set(
            links["id"][links["changed"] >= since]
        )
    assert _feature_ids(client, "/api/v1/entities?since=2999-01-01") == set()


def test_tim012_properties_carry_the_years_and_the_data_versions(client, csv_frames):
    entities, _ = csv_frames
    body = client.get("/api/v1/entities?year=2012").get_json()
    by_id = entities.set_index("id")
    for feature in body["features"]:
        props = feature["properties"]
        row = by_id.loc[feature["id"]]
        assert props["established"] == int(row["established"]) <= 2012
        assert (props["added"], props["changed"]) == (row["added"], row["changed"])
    link = client.get("/api/v1/links").get_json()["features"][0]["properties"]
    assert {"start_year", "added", "changed"} <= set(link)
    header = client.get("/api/v1/links?format=csv").get_data(as_text=True).splitlines()[0]
    assert {"start_year", "added", "changed"} <= set(header.split(","))


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year=abc", "year"),
        ("year=99999", "year"),
        ("year=1066", "year"),
        ("since=yesterday", "since"),
        ("since=2026-02-31", "since"),
    ],
)
@pytest.mark.parametrize("route", ["entities", "links"])
def test_tim013_bad_year_or_since_answers_400_json(client, route, query, parameter):
    response = client.get(f"/api/v1/{route}?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "unknown parameters or values"
    assert [p["parameter"] for p in body["problems"]] == [parameter]


def test_tim014_openapi_documents_year_and_since(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for route in ("/api/v1/entities", "/api/v1/links"):
        params = {p["name"]: p for p in document["paths"][route]["get"]["parameters"]}
        assert params["year"]["schema"]["type"] == "integer"
        assert params["year"]["schema"]["maximum"] < 99999
        assert params["since"]["schema"]["format"] == "date"
        assert params["since"]["schema"]["maxLength"] == 10


def test_tim015_healthz_names_the_data_release(client, csv_frames):
    entities, links = csv_frames
    release = max(entities["changed"].max(), links["changed"].max())
    assert client.get("/healthz").get_json()["data_version"] == release


def test_tim016_the_brief_of_a_year_names_it_and_charts_the_corridor_since_2010(client):
    response = client.get("/brief.pdf?year=2012&lang=en")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    first = " ".join(reader.pages[0].extract_text().split())
    assert translate("year.in_words", "en", year="2012") in first
    growth_page = " ".join(reader.pages[1].extract_text().split())
    assert translate("growth.heading", "en") in growth_page
    for key in (
        "growth.milestone.lmc",
        "growth.milestone.joint_initiatives",
        "growth.milestone.research_call",
    ):
        assert translate(key, "en") in growth_page
    assert translate("growth.selected_year", "en", year="2012") in growth_page
    assert "2010" in growth_page and "2024" in growth_page
