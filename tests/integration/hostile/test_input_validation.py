"""Findings 1 and 2: client values reach no path or cache; sizes and counts are bounded."""

from __future__ import annotations

import json
import logging
import time

import pytest

from corridor_map import i18n
from corridor_map.http.limits import (
    MAX_BODY_BYTES,
    MAX_QUERY_BYTES,
    MAX_QUERY_PARAMS,
    MAX_QUERY_VALUES,
)

CALLBACK = "/_dash-update-component"
HOSTILE_LANGS = [
    "../locales/./km",
    "../.." + "/." * 50,
    "/usr/lib/python3/dist-packages",
    "km/../km",
    1.5,
    ["km"],
    {"lang": "km"},
    "k" * 10_000,
]


def test_hst001_catalog_never_reads_a_path_from_input():
    assert i18n.catalog("../locales/./km") == {}
    assert i18n.catalog("../../corridor_map/i18n/locales/km") == {}
    assert i18n.catalog("km")  # the real one still works
    assert i18n.translate("app.title", 1.5) == i18n.translate("app.title", "en")
    assert i18n.normalise_lang(["km"]) == "en"


@pytest.mark.parametrize("lang", HOSTILE_LANGS, ids=range(len(HOSTILE_LANGS)))
def test_hst002_callback_language_must_be_shipped(client, callback_payload, lang):
    response = client.post(CALLBACK, json=callback_payload(lang=lang))
    assert response.status_code == 400
    assert "not a shipped language" in response.get_json()["detail"]


def test_hst003_shipped_languages_still_answer(client, callback_payload):
    for lang in i18n.available_languages():
        assert client.post(CALLBACK, json=callback_payload(lang=lang)).status_code == 200


def test_hst004_sixteen_megabyte_callback_is_413_fast(client, callback_payload):
    body = json.dumps(callback_payload(search="?q=" + "a" * 16_000_000))
    started = time.monotonic()
    response = client.post(CALLBACK, data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["limit"] == "max_body_bytes"
    assert time.monotonic() - started < 1


def test_hst005_body_just_under_the_limit_is_judged_on_its_values(client, callback_payload):
    body = json.dumps(callback_payload(search="?q=" + "a" * (MAX_BODY_BYTES - 10_000)))
    response = client.post(CALLBACK, data=body, content_type="application/json")
    assert response.status_code == 400
    assert "longer than" in response.get_json()["detail"]


def test_hst006_url_search_with_many_parameters_is_refused(client, callback_payload):
    search = "?" + "&".join(f"p{i}=1" for i in range(250))
    response = client.post(CALLBACK, json=callback_payload(search=search))
    assert response.status_code == 400
    assert "too many parameters" in response.get_json()["detail"]
    search = "?sector=" + ",".join(f"s{i}" for i in range(MAX_QUERY_VALUES + 1))
    assert client.post(CALLBACK, json=callback_payload(search=search)).status_code == 400


@pytest.mark.parametrize(
    ("query", "limit"),
    [
        ("q=" + "a" * MAX_QUERY_BYTES, "max_query_bytes"),
        ("&".join(f"p{i}=1" for i in range(MAX_QUERY_PARAMS + 1)), "max_query_params"),
        ("sector=" + ",".join("x" * 3 for _ in range(MAX_QUERY_VALUES + 1)), "max_query_values"),
    ],
)
@pytest.mark.parametrize("path", ["/", "/api/v1/entities", "/brief.pdf", "/healthz"])
def test_hst007_query_string_limits_answer_400_naming_them(client, path, query, limit):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.get_json()["limit"] == limit


def test_hst008_deep_or_huge_values_are_refused(client, callback_payload):
    deep: object = "x"
    for _ in range(20):
        deep = [deep]
    payload = callback_payload()
    payload["inputs"][0]["value"] = deep
    assert client.post(CALLBACK, json=payload).status_code == 400
    payload["inputs"][0]["value"] = list(range(10_000))
    assert client.post(CALLBACK, json=payload).status_code == 400


def test_hst009_rejections_log_one_line_without_traceback(client, callback_payload, caplog):
    caplog.set_level(logging.INFO)
    payload = callback_payload()
    payload["inputs"][0]["value"] = 12345  # sound shape, a value no page sends
    response = client.post(CALLBACK, json=payload)
    assert response.status_code == 400
    for lang in HOSTILE_LANGS:
        client.post(CALLBACK, json=callback_payload(lang=lang))
    records = [r for r in caplog.records if r.name.startswith("corridor_map")]
    assert len(records) <= 1
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in records)


def test_hst010_unknown_component_suite_path_is_404(client, caplog):
    response = client.get("/_dash-component-suites/dash/nope.js")
    assert response.status_code == 404
    assert not [r for r in caplog.records if r.exc_info]


def test_hst011_pattern_matching_ids_are_checked_not_crashed_on(client, callback_payload):
    payload = callback_payload()
    pattern = {"id": {"type": "partner-link", "index": "x"}, "property": "n_clicks"}
    payload["inputs"].append([{**pattern, "value": None}])
    assert client.post(CALLBACK, json=payload).status_code < 500
    payload["inputs"][-1] = [{**pattern, "value": "x" * 10_000}]
    response = client.post(CALLBACK, json=payload)
    assert response.status_code == 400
    assert response.get_json()["detail"].startswith("pattern: a string is longer")
