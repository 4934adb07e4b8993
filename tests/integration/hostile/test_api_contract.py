"""The OpenAPI document describes every API route, and the served API conforms to it.

schemathesis (the standard OpenAPI conformance fuzzer) generates valid and invalid requests
from the served document and runs all its checks: no 5xx, documented status codes, content
types and schemas, invalid data refused, valid data accepted, 405 with Allow for other
methods. The document is saved to a file first so the fuzzer also exercises the document's
own route (it skips the URL it loaded the schema from).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import requests

from tests.conftest import ARTIFACTS

ROUTES = {
    "/api/v1/entities",
    "/api/v1/links",
    "/api/v1/analytics/network",
    "/api/v1/analytics/access",
    "/api/v1/analytics/hub-zone",
    "/api/v1/analytics/partners",
    "/api/v1/openapi.json",
    "/healthz",
}


def _schemathesis() -> list[str]:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "schemathesis.cli"]


def test_hst070_document_lists_every_route(server_url, app):
    document = requests.get(server_url + "/api/v1/openapi.json", timeout=10).json()
    assert set(document["paths"]) == ROUTES
    served = {
        rule.rule
        for rule in app.server.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.rule == "/healthz"
    }
    assert served == ROUTES


def test_hst071_schemathesis_all_checks_pass(server_url, tmp_path):
    document = requests.get(server_url + "/api/v1/openapi.json", timeout=10).json()
    schema = tmp_path / "openapi.json"
    schema.write_text(json.dumps(document))
    # A request line over gunicorn's limit (an invalid value thousands of characters long)
    # is refused with 414 before the app sees it: a rejection like any other 4xx here.
    (tmp_path / "schemathesis.toml").write_text(
        "[checks.negative_data_rejection]\n"
        'expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "414", "415",'
        ' "422", "428", "429", "5xx"]\n'
    )
    done = subprocess.run(
        [
            *_schemathesis(),
            "run",
            str(schema),
            "--url",
            server_url,
            "--checks",
            "all",
            "--max-examples",
            "25",
            "--seed",
            "13",
            "--workers",
            "2",
            "--no-color",
            # Generation speed is not conformance: a shared 2-core machine can be slow.
            "--suppress-health-check",
            "too_slow",
            # gunicorn recycles a worker every ~1,000 requests (max_requests); the session's
            # server may do so mid-run, dropping idle keep-alive connections: retry those.
            "--request-retries",
            "2",
        ],
        cwd=tmp_path,  # schemathesis keeps a cache folder in its working directory
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = done.stdout[-4000:] + done.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "schemathesis.log").write_text(done.stdout + done.stderr)
    assert done.returncode == 0, report
    assert f"Selected: {len(ROUTES)}/{len(ROUTES)}" in done.stdout, report
    assert "No issues found" in done.stdout, report
