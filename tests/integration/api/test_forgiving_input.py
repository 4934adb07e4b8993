"""Forgiving input in the open data API (issue 19): country names in any language and case
read as codes, and an unknown value answers 400 naming the closest known one."""

from __future__ import annotations

import pytest

from corridor_map.http.api_params import api_parameters, check_params


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
