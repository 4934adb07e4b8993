"""The map page in real headless Chromium: it draws offline, with no errors."""

from __future__ import annotations

import pytest

from tests.integration.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def wait_for_map(page, server_url: str, path: str = "/") -> None:
    """Open ``path`` and wait until MapLibre has drawn its canvas and the base layers loaded."""
    page.goto(server_url + path)
    page.wait_for_selector("canvas.maplibregl-canvas", state="visible", timeout=30_000)
    page.wait_for_function(
        "() => { const m = document.querySelector('#corridor-map .js-plotly-plot');"
        " return m && m._fullLayout && m._fullLayout.map && m._fullLayout.map._subplot"
        " && m._fullLayout.map._subplot.map.loaded(); }",
        timeout=30_000,
    )


def test_brw001_map_draws_offline_without_errors(watched_page, server_url):
    page = watched_page.page
    wait_for_map(page, server_url)
    canvas = page.locator("canvas.maplibregl-canvas")
    box = canvas.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 300
    page.screenshot(path=str(ARTIFACTS / "map-overview.png"))
    assert watched_page.console_errors == []
    assert watched_page.page_errors == []
    assert watched_page.foreign_requests == []


def test_brw002_base_layers_fetched_from_the_app(watched_page, server_url):
    page = watched_page.page
    fetched = []
    page.on(
        "response", lambda r: fetched.append((r.url, r.status)) if "/basemap/" in r.url else None
    )
    wait_for_map(page, server_url)
    page.wait_for_load_state("networkidle")
    names = {url.rsplit("/", 1)[-1] for url, status in fetched if status == 200}
    assert {"countries.geojson", "units.geojson", "rivers.geojson", "basin.geojson"} <= names


def test_brw003_credits_and_disclaimer_visible(watched_page, server_url):
    page = watched_page.page
    wait_for_map(page, server_url)
    assert "Natural Earth" in page.locator("#credits").inner_text()
    assert "not authoritative" in page.locator("#boundary-disclaimer").inner_text()
    attribution = page.locator(".maplibregl-ctrl-attrib").inner_text()
    assert "Natural Earth" in attribution
