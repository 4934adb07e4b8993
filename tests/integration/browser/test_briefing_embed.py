"""Briefing mode and the public embed in real headless Chromium.

- The storyboard is driven with the keys a presentation clicker sends (arrows, Page Up/Down).
- ``/embed`` fits a phone (375×667) with no horizontal scroll, and works inside an iframe
  served from another local origin, while framing ``/`` is refused.
- axe-core finds no serious or critical violation on either page.
"""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from tests.integration.browser.test_accessibility import assert_clean as assert_axe_clean
from tests.integration.browser.test_accessibility import (
    axe_page,  # noqa: F401 (a fixture, used by name)
    blocking_violations,
    describe,
)
from tests.integration.browser.test_explorer import assert_clean, choose_in_dropdown

pytestmark = pytest.mark.browser

SELECTED_POINTS_JS = """(selector) => {
  const graph = document.querySelector(selector + ' .js-plotly-plot');
  return graph.data
    .filter(t => t.mode === 'markers' && Array.isArray(t.selectedpoints))
    .reduce((n, t) => n + t.selectedpoints.length, 0);
}"""
MAP_READY_JS = """(selector) => {
  const m = document.querySelector(selector + ' .js-plotly-plot');
  return m && m._fullLayout && m._fullLayout.map && m._fullLayout.map._subplot
    && m._fullLayout.map._subplot.map.loaded()
    && m.data.some(t => Array.isArray(t.selectedpoints));
}"""


def wait_for_page_map(page, server_url: str, path: str, selector: str) -> None:
    """Open ``path``; wait for MapLibre's canvas and the first map patch (selectedpoints)."""
    page.goto(server_url + path)
    page.wait_for_selector("canvas.maplibregl-canvas", state="visible", timeout=30_000)
    page.wait_for_function(MAP_READY_JS, arg=selector, timeout=30_000)


def slide_of(page) -> str | None:
    return (parse_qs(urlparse(page.url).query).get("slide") or [None])[-1]


def shown_points(page) -> int:
    return page.evaluate(SELECTED_POINTS_JS, "#briefing-map")


def snapshot(page) -> dict:
    return {
        "title": page.locator("#briefing-title").inner_text().strip(),
        "figures": page.locator("#briefing-figures").inner_text().strip(),
        "counter": page.locator("#briefing-counter").inner_text().strip(),
        "slide": slide_of(page),
        "points": shown_points(page),
    }


def press_and_wait(page, key: str, before: dict) -> dict:
    """Press ``key``; wait until title, URL and map have moved on from ``before``."""
    page.keyboard.press(key)
    page.wait_for_function(
        "(title) => document.querySelector('#briefing-title').innerText.trim() !== title",
        arg=before["title"],
        timeout=15_000,
    )
    page.wait_for_function(
        "(slide) => new URLSearchParams(location.search).get('slide') !== slide",
        arg=before["slide"],
        timeout=15_000,
    )
    page.wait_for_function(
        "([selector, points]) => {"
        " const g = document.querySelector(selector + ' .js-plotly-plot');"
        " return g.data.filter(t => t.mode === 'markers' && Array.isArray(t.selectedpoints))"
        "   .reduce((n, t) => n + t.selectedpoints.length, 0) !== points; }",
        arg=["#briefing-map", before["points"]],
        timeout=15_000,
    )
    return snapshot(page)


# --------------------------------------------------------------------------- briefing


def test_brf001_keyboard_moves_through_the_storyboard(watched_page, server_url):
    page = watched_page.page
    page.set_viewport_size({"width": 1920, "height": 1080})
    wait_for_page_map(page, server_url, "/briefing", "#briefing-map")
    first = snapshot(page)
    assert first["title"] == "The corridor at a glance"
    assert first["counter"].startswith("View 1 of ")
    total = int(first["counter"].rsplit(" ", 1)[-1])

    second = press_and_wait(page, "ArrowRight", first)
    assert second["slide"] == "2" and second["counter"] == f"View 2 of {total}"
    assert second["figures"] != first["figures"]
    assert second["points"] < first["points"]

    third = press_and_wait(page, "PageDown", second)
    assert third["slide"] == "3" and third["title"] not in (first["title"], second["title"])

    back = press_and_wait(page, "ArrowLeft", third)
    assert (back["slide"], back["title"], back["figures"]) == (
        "2",
        second["title"],
        second["figures"],
    )
    assert back["points"] == second["points"]

    home = press_and_wait(page, "PageUp", back)
    assert (home["title"], home["figures"], home["points"]) == (
        first["title"],
        first["figures"],
        first["points"],
    )
    assert home["slide"] == "1"

    last = press_and_wait(page, "End", home)
    assert last["slide"] == str(total) and last["title"] == "China (Yunnan)"
    assert page.locator("#briefing-next").is_disabled()
    assert_clean(watched_page)


def test_brf002_explorer_view_opens_in_briefing_mode(watched_page, server_url):
    page = watched_page.page
    wait_for_page_map(page, server_url, "/?country=LAO", "#corridor-map")
    link = page.locator("#briefing-link")
    page.wait_for_function(
        "() => document.querySelector('#briefing-link').getAttribute('href')"
        " === '/briefing?country=LAO'",
        timeout=15_000,
    )
    link.click()
    page.wait_for_url("**/briefing?country=LAO", timeout=15_000)
    page.wait_for_function(MAP_READY_JS, arg="#briefing-map", timeout=30_000)
    assert page.locator("#briefing-title").inner_text().strip() == "Your view"
    assert page.locator("#briefing-kicker").text_content().strip() == "From the explorer"
    # Only Laos's records and their partners are on the map.
    assert shown_points(page) < 200
    laos = requests.get(server_url + "/api/v1/entities?country=LAO", timeout=10).json()
    assert str(len(laos["features"])) in page.locator("#briefing-figures").inner_text()
    assert_clean(watched_page)


# --------------------------------------------------------------------------- embed


def test_emb001_embed_on_a_phone_shows_map_and_filters_without_horizontal_scroll(
    watched_page, server_url
):
    page = watched_page.page
    page.set_viewport_size({"width": 375, "height": 667})
    wait_for_page_map(page, server_url, "/embed?sector=agriculture", "#embed-map")
    canvas = page.locator("canvas.maplibregl-canvas").bounding_box()
    assert canvas and canvas["width"] >= 360 and canvas["height"] >= 300
    for control in ("#embed-sector", "#embed-country", "#embed-full-link"):
        assert page.locator(control).is_visible(), control
        box = page.locator(control).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, control
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("document.body.scrollWidth <= window.innerWidth")
    assert "Agriculture technology" in page.locator("#embed-sector").inner_text()
    before = page.evaluate(SELECTED_POINTS_JS, "#embed-map")
    choose_in_dropdown(page, "embed-country", "Laos", "Laos")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('country') === 'LAO'", timeout=15_000
    )
    page.wait_for_function(
        "([s, n]) => { const g = document.querySelector(s + ' .js-plotly-plot');"
        " return g.data.filter(t => Array.isArray(t.selectedpoints))"
        "   .reduce((a, t) => a + t.selectedpoints.length, 0) !== n; }",
        arg=["#embed-map", before],
        timeout=15_000,
    )
    href = page.locator("#embed-full-link").get_attribute("href")
    assert href == "/?sector=agriculture&country=LAO"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "Natural Earth" in page.locator(".embed-footer").inner_text()
    assert_clean(watched_page)


@pytest.fixture
def other_origin(tmp_path, server_url):
    """A second local origin serving pages that frame ``/embed`` and ``/``."""
    for name, path in (("embed.html", "/embed?country=KHM"), ("explorer.html", "/")):
        (tmp_path / name).write_text(
            "<!doctype html><html lang='en'><head><title>Host page</title></head><body>"
            f"<iframe id='frame' src='{server_url}{path}' width='600' height='400'"
            " title='Corridor map' style='border:0'></iframe></body></html>",
            encoding="utf-8",
        )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _app_frame(page, server_url: str):
    return next(
        (f for f in page.frames if f is not page.main_frame and f.url.startswith(server_url)),
        None,
    )


def test_emb004_embed_fits_the_whole_corridor_to_a_phone(watched_page, server_url):
    from corridor_map.map.camera import fit_bounds
    from corridor_map.map.figure import CORRIDOR_BOUNDS

    page = watched_page.page
    page.set_viewport_size({"width": 375, "height": 667})
    wait_for_page_map(page, server_url, "/embed", "#embed-map")
    page.wait_for_function(
        "() => document.querySelector('#embed-map .js-plotly-plot')._fullLayout.map.zoom < 4.1"
    )
    lat, lon, zoom, width, height = page.evaluate(
        "() => { const g = document.getElementById('embed-map');"
        " const m = g.querySelector('.js-plotly-plot')._fullLayout.map;"
        " const b = g.getBoundingClientRect();"
        " return [m.center.lat, m.center.lon, m.zoom, b.width, b.height]; }"
    )
    expected = fit_bounds(CORRIDOR_BOUNDS, width, height)
    assert (lat, lon, zoom) == pytest.approx((expected.lat, expected.lon, expected.zoom), abs=1e-6)
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_emb003_embed_opens_on_the_framing_of_its_url(watched_page, server_url):
    page = watched_page.page
    page.set_viewport_size({"width": 375, "height": 667})
    wait_for_page_map(page, server_url, "/embed?country=KHM&at=11.5600,104.9200,9.00", "#embed-map")
    center = page.evaluate(
        "() => { const m = document.querySelector('#embed-map .js-plotly-plot')._fullLayout.map;"
        " return [m.center.lat, m.center.lon, m.zoom]; }"
    )
    assert center == [11.56, 104.92, 9.0]
    page.wait_for_function(
        "() => document.querySelector('#embed-full-link').getAttribute('href')"
        " === '/?country=KHM&at=11.5600,104.9200,9.00'"
    )
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_emb002_embed_works_in_a_cross_origin_iframe_and_explorer_is_refused(
    browser, server_url, other_origin
):
    assert urlparse(other_origin).netloc != urlparse(server_url).netloc
    context = browser.new_context(viewport={"width": 800, "height": 600})
    try:
        page = context.new_page()
        page.goto(other_origin + "/embed.html")
        frame = page.frame_locator("#frame")
        frame.locator("canvas.maplibregl-canvas").wait_for(state="visible", timeout=30_000)
        frame.locator("#embed-sector").wait_for(state="visible", timeout=15_000)
        embed = _app_frame(page, server_url)
        assert embed is not None
        embed.wait_for_function(MAP_READY_JS, arg="#embed-map", timeout=30_000)
        assert "Cambodia" in frame.locator("#embed-country").inner_text()
        assert embed.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        box = frame.locator("canvas.maplibregl-canvas").bounding_box()
        assert box and box["width"] >= 580 and box["height"] >= 250

        refused = context.new_page()
        responses = []
        refused.on("response", lambda r: responses.append(r) if r.url == server_url + "/" else None)
        refused.goto(other_origin + "/explorer.html")
        refused.wait_for_load_state("networkidle")
        assert responses and responses[0].headers.get("x-frame-options") == "DENY"
        child = next(f for f in refused.frames if f is not refused.main_frame)
        try:
            content = child.content()
        except Exception:  # the error page may not be scriptable; either way no app
            content = ""
        assert "Corridor Map" not in content
        assert "_dash-app-content" not in content and "maplibregl" not in content
    finally:
        context.close()


# --------------------------------------------------------------------------- accessibility


def test_a11y101_briefing_has_no_serious_violations(axe_page, server_url):  # noqa: F811
    page = axe_page.page
    page.set_viewport_size({"width": 1920, "height": 1080})
    wait_for_page_map(page, server_url, "/briefing?slide=2", "#briefing-map")
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
    assert_axe_clean(axe_page)


def test_a11y102_embed_has_no_serious_violations(axe_page, server_url):  # noqa: F811
    page = axe_page.page
    page.set_viewport_size({"width": 375, "height": 667})
    wait_for_page_map(page, server_url, "/embed?sector=health", "#embed-map")
    page.locator(".embed-legend summary").click()
    violations = blocking_violations(page)
    assert violations == [], describe(violations)
    assert_axe_clean(axe_page)
