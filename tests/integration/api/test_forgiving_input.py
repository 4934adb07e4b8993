"""Forgiving input and downloads that open right in the open data API (issue 19): country
names in any language and case read as codes, an unknown value answers 400 naming the
closest known one; CSVs with a BOM, labels beside codes and names saying what is in them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from corridor_map import schema
from corridor_map.filters import FilterState
from corridor_map.http.api_params import api_parameters, check_params
from corridor_map.http.download_names import download_name


@pytest.mark.parametrize("name", ["Laos", "laos", "LAOS", "ລາວ", "老挝", "Lao PDR"])
def test_usb006_a_country_name_gives_the_same_answer_as_its_code(client, name):
    by_code = client.get("/api/v1/entities?format=csv&country=LAO&sector=clean_energy")
    by_name = client.get(
        "/api/v1/entities",
        query_string={"format": "csv", "country": name, "sector": "clean_energy"},
    )
    assert by_code.status_code == by_name.status_code == 200
    assert by_name.data == by_code.data


def test_usb007_yunnan_by_name_is_chn_and_china_alone_is_refused_with_a_suggestion(client):
    yunnan = client.get("/api/v1/links?country=yunnan")
    assert yunnan.data == client.get("/api/v1/links?country=CHN").data
    refused = client.get("/api/v1/entities?country=Loas,China&sector=energy")
    assert refused.status_code == 400
    problems = {p["parameter"]: p for p in refused.get_json()["problems"]}
    assert problems["country"]["did_you_mean"] == "LAO"
    assert problems["sector"]["did_you_mean"] == "clean_energy"


def test_usb008_the_documented_pattern_accepts_the_names_in_any_case():
    params = {p.name: p for p in api_parameters(("clean_energy",), ("x",))}
    country = params["country"]
    for accepted in ("LAO", "lao", "Laos", "LAOS", "yUnNaN", "ລາວ", "Viet Nam", "LAO,CHN"):
        assert country.problem(accepted) is None, accepted
    for refused in ("China", "Laos ", "LAO,,CHN", "Lao;CHN", "XXX"):
        assert country.problem(refused) == "unknown value", refused
    assert check_params({"country": ["Loas"]}, params.values())[0]["did_you_mean"] == "LAO"


def test_usb009_csvs_have_a_bom_labels_beside_codes_and_say_what_is_in_them(client):
    today = dt.datetime.now(dt.UTC).date().isoformat()
    for path, name, label_columns in (
        (
            "/api/v1/entities?country=Laos&sector=clean_energy&format=csv&lang=lo",
            f"corridor-map_laos_clean-energy_{today}.csv",
            {"kind", "kind_label", "country", "country_label", "sectors_label"},
        ),
        (
            "/api/v1/links?country=LAO&format=csv",
            f"corridor-map_links_laos_{today}.csv",
            {"kind", "kind_label", "status_label", "from_name", "to_name"},
        ),
        (
            "/api/v1/analytics/hub-zone?country=LAO&format=csv",
            f"corridor-map_hub-zone_laos_{today}.csv",
            set(),
        ),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.data.startswith(b"\xef\xbb\xbf"), path
        assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
        rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert rows and label_columns <= set(rows[0]), path
    lao = client.get("/api/v1/entities?country=LAO&format=csv&lang=lo").data.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(lao)))
    assert row["country"] == "LAO" and row["country_label"] == "ລາວ"
    geojson = client.get("/api/v1/links?country=LAO")
    assert geojson.headers["Content-Disposition"].endswith(f'_links_laos_{today}.geojson"')


def test_usb010_one_function_names_every_download():
    day = dt.date(2026, 11, 30)
    assert download_name(None, "csv", today=day) == "corridor-map_all_2026-11-30.csv"
    state = FilterState(sectors=("clean_energy",), countries=("LAO", "CHN"), query="Solar & R/D")
    assert (
        download_name(state, "pdf", subject="brief", today=day)
        == "corridor-map_brief_laos_china-yunnan_clean-energy_search-solar-r-d_2026-11-30.pdf"
    )
    many = FilterState(countries=tuple(schema.COUNTRIES), query="<script>" * 40)
    name = download_name(many, "csv", subject="links", today=day)
    assert name.startswith("corridor-map_links_6-countries_search-script-script")
    assert len(name) <= 140 and all(c.isascii() and c not in '"/\\ ' for c in name)
