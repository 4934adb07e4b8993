"""Framing: every page opens on the whole corridor, a filter frames its records, the
briefing map is full-bleed behind its card and frames each slide's subject clear of it."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import pytest

from tests.integration.browser.test_explorer import choose_in_dropdown

pytestmark = pytest.mark.browser

#: What the default framing must show whole: northern Yunnan to the Mekong delta.
CORRIDOR = {"west": 94.0, "south": 9.0, "east": 108.5, "north": 29.0}
VIEWPORTS = [(1280, 800), (1920, 1080), (375, 667)]

#: The map inside a page's graph holder, framed and at rest: the view's box applied (the
#: holder records it), MapLibre's camera equal to the figure's, and no camera move running.
FRAMED_JS = """(holderId) => {
  const holder = document.getElementById(holderId);
  const gd = holder && holder.querySelector('.js-plotly-plot');
  const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
  const framed = (window.corridorFrames || {})[holderId];
  if (!sub || !framed || sub.map.isMoving()) {
    return false;
  }
  const zoom = framed.zoom === undefined ? gd._fullLayout.map.zoom : framed.zoom;
  return Math.abs(sub.map.getZoom() - zoom) < 0.01
    && Math.abs(gd._fullLayout.map.zoom - zoom) < 0.01;
}"""
BOUNDS_JS = """(holderId) => {
  const map = document.getElementById(holderId).querySelector('.js-plotly-plot')
    ._fullLayout.map._subplot.map;
  const b = map.getBounds();
  return {west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(),
          zoom: map.getZoom()};
}"""


def open_framed(page, server_url: str, path: str, holder: str) -> dict:
    """Open ``path`` and return the map's visible bounds once it is framed and at rest."""
    page.goto(server_url + path)
    page.wait_for_selector("canvas.maplibregl-canvas", state="visible", timeout=30_000)
    page.wait_for_function(FRAMED_JS, arg=holder, timeout=30_000)
    return page.evaluate(BOUNDS_JS, holder)


def covers(bounds: dict, box: dict) -> bool:
    return (
        bounds["west"] <= box["west"]
        and bounds["east"] >= box["east"]
        and bounds["south"] <= box["south"]
        and bounds["north"] >= box["north"]
    )


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
@pytest.mark.parametrize(("path", "holder"), [("/", "corridor-map"), ("/embed", "embed-map")])
def test_map003_default_view_covers_the_whole_corridor(
    browser, server_url, path, holder, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        bounds = open_framed(page, server_url, path, holder)
        assert covers(bounds, CORRIDOR), bounds
        # Framed, not lost in a world map: the corridor fills a good share of one side.
        assert bounds["north"] - bounds["south"] < 2.5 * (CORRIDOR["north"] - CORRIDOR["south"])
        # Opening the page writes no framing into the address bar.
        assert "at" not in parse_qs(urlparse(page.url).query)
    finally:
        context.close()


def test_map004_country_filter_frames_that_country(watched_page, server_url):
    page = watched_page.page
    overview = open_framed(page, server_url, "/", "corridor-map")
    choose_in_dropdown(page, "filter-country", "Myan", "Myanmar")
    page.wait_for_function(
        "() => window.corridorFrames['corridor-map'].fit !== '92.1,5.6,109.5,29.3'",
        timeout=30_000,
    )
    page.wait_for_function(FRAMED_JS, arg="corridor-map", timeout=30_000)
    framed = page.evaluate(BOUNDS_JS, "corridor-map")
    assert framed["zoom"] > overview["zoom"]
    # The Myanmar records (Myitkyina in the north to Dawei in the south) are all in view...
    records = page.evaluate(
        """() => fetch('/api/v1/entities?country=MMR').then(r => r.json())
            .then(d => d.features.map(f => f.geometry.coordinates))"""
    )
    assert records
    for lon, lat in records:
        assert framed["west"] <= lon <= framed["east"] and framed["south"] <= lat <= framed["north"]
    # ... and the frame is centred on Myanmar, not on the corridor (101.5°E).
    assert 92.0 < (framed["west"] + framed["east"]) / 2 < 99.5
    # The address bar records the new framing, as a pan does.
    page.wait_for_function("() => new URLSearchParams(location.search).has('at')")
    lat, lon, zoom = (float(x) for x in parse_qs(urlparse(page.url).query)["at"][0].split(","))
    assert zoom == pytest.approx(framed["zoom"], abs=0.01)
    assert watched_page.console_errors == [] and watched_page.page_errors == []


def test_map005_shared_link_keeps_its_framing(watched_page, server_url):
    page = watched_page.page
    page.goto(server_url + "/?country=MMR&at=16.8000,96.1500,8.00")
    page.wait_for_function(FRAMED_JS, arg="corridor-map", timeout=30_000)
    camera = page.evaluate(
        "() => { const m = document.querySelector('#corridor-map .js-plotly-plot')"
        "._fullLayout.map; return [m.center.lat, m.center.lon, m.zoom]; }"
    )
    assert camera == [16.8, 96.15, 8.0]


def test_map006_selected_record_framed_with_its_partners(watched_page, server_url):
    page = watched_page.page
    page.goto(server_url + "/healthz")
    links = page.evaluate(
        "() => fetch('/api/v1/links?country=LAO').then(r => r.json()).then(d => d.features)"
    )
    ends = {}
    for feature in links:
        props = feature["properties"]
        a, b = feature["geometry"]["coordinates"]
        ends.setdefault(props["from_id"], []).append(b)
        ends.setdefault(props["to_id"], []).append(a)
    record, partners = max(ends.items(), key=lambda item: len(item[1]))
    bounds = open_framed(page, server_url, f"/?id={record}", "corridor-map")
    for lon, lat in partners:
        assert bounds["west"] <= lon <= bounds["east"] and bounds["south"] <= lat <= bounds["north"]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_map007_briefing_map_is_full_bleed_behind_a_large_title(browser, server_url, width, height):
    from PIL import Image

    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        open_framed(page, server_url, "/briefing", "briefing-map")
        box = page.locator("#briefing-map .js-plotly-plot").bounding_box()
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, width, height)
        if width == 1920:
            size = page.evaluate(
                "() => parseFloat(getComputedStyle(document.getElementById('briefing-title'))"
                ".fontSize)"
            )
            assert size >= 48
        # Nothing blank white where the map is: sample the map's free edges (sea or land).
        page.wait_for_function(
            "() => document.querySelector('#briefing-map .js-plotly-plot')"
            "._fullLayout.map._subplot.map.areTilesLoaded()"
        )
        shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        for x, y in (
            (width // 2, 4),
            (width - 4, height // 2),
            (4, height - 4),
            (width // 2, height // 2),
        ):
            assert shot.getpixel((x, y)) != (255, 255, 255), (x, y)
    finally:
        context.close()


CARD_CLEAR_JS = """() => {
  const holder = document.getElementById('briefing-map');
  const map = holder.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map;
  const [w, s, e, n] = window.corridorFrames['briefing-map'].fit.split(',').map(Number);
  const box = map.getContainer().getBoundingClientRect();
  const sw = map.project([w, s]), ne = map.project([e, n]);
  const card = document.querySelector('.briefing-panel').getBoundingClientRect();
  return {left: sw.x + box.left, card: card.right, right: ne.x + box.left, width: box.width};
}"""


def test_map008_briefing_card_never_covers_the_slide_subject(browser, server_url):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        for slide in (1, 2, 5):
            open_framed(page, server_url, f"/briefing?slide={slide}", "briefing-map")
            clear = page.evaluate(CARD_CLEAR_JS)
            assert clear["left"] >= clear["card"] - 1, (slide, clear)
            assert clear["right"] <= clear["width"] + 1, (slide, clear)
    finally:
        context.close()


def test_map009_briefing_slides_move_the_camera_smoothly(watched_page, server_url):
    page = watched_page.page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_framed(page, server_url, "/briefing?slide=1", "briefing-map")
    page.evaluate(
        "() => { window.cameraMoves = 0; document.querySelector('#briefing-map .js-plotly-plot')"
        "._fullLayout.map._subplot.map.on('move', () => { window.cameraMoves += 1; }); }"
    )
    page.keyboard.press("End")
    # The camera eases to the last slide's subject (many frames) instead of jumping there.
    page.wait_for_function("() => window.cameraMoves > 5", timeout=30_000)
    page.wait_for_function(FRAMED_JS, arg="briefing-map", timeout=30_000)
    assert watched_page.console_errors == [] and watched_page.page_errors == []


LABELS_JS = """(holderId) => {
  const holder = document.getElementById(holderId);
  const gd = holder.querySelector('.js-plotly-plot');
  const map = gd._fullLayout.map._subplot.map;
  const box = map.getContainer().getBoundingClientRect();
  const circles = [];
  gd._fullData.forEach(full => {
    const trace = gd.data[full.index];
    if (full.type !== 'scattermap' || full.mode !== 'markers' || full.visible !== true) return;
    const r = (typeof full.marker.size === 'number' ? full.marker.size : 12) / 2;
    const shown = Array.isArray(trace.selectedpoints) ? trace.selectedpoints
      : [...Array(full.lon.length).keys()];
    shown.forEach(i => {
      const p = map.project([full.lon[i], full.lat[i]]);
      circles.push([p.x + box.left, p.y + box.top, r]);
    });
  });
  return [...holder.querySelectorAll('.map-label')].map(el => {
    const b = el.getBoundingClientRect();
    const hides = circles.filter(([x, y, r]) => {
      const dx = x - Math.max(b.left, Math.min(x, b.right));
      const dy = y - Math.max(b.top, Math.min(y, b.bottom));
      return dx * dx + dy * dy < r * r;
    }).length;
    return {text: el.textContent, kind: el.className, hides};
  });
}"""


@pytest.mark.parametrize(("lang", "thailand"), [("en", "Thailand"), ("th", "ไทย")])
def test_map013_places_named_and_labels_never_hide_markers(browser, server_url, lang, thailand):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        open_framed(page, server_url, f"/briefing?lang={lang}", "briefing-map")
        page.wait_for_function(
            "() => document.querySelectorAll('#briefing-map .map-label').length >= 10"
        )
        labels = page.evaluate(LABELS_JS, "briefing-map")
        texts = {label["text"] for label in labels}
        assert {"Bangkok", "Hanoi", "Vientiane", "Phnom Penh", "Kunming"} <= texts, texts
        assert thailand in texts
        assert [label for label in labels if label["hides"]] == []
    finally:
        context.close()


STACKS_JS = """(holderId) => [...document.getElementById(holderId)
  .querySelectorAll('.map-stack')].map(b => Number(b.textContent))"""


@pytest.mark.parametrize(
    ("path", "holder"),
    [("/", "corridor-map"), ("/briefing", "briefing-map"), ("/embed", "embed-map")],
)
def test_map014_stacked_records_show_a_count_that_opens_on_click(
    watched_page, server_url, path, holder
):
    page = watched_page.page
    before = open_framed(page, server_url, path, holder)
    page.wait_for_function(
        f"() => document.querySelectorAll('#{holder} .map-stack').length > 0", timeout=30_000
    )
    counts = page.evaluate(STACKS_JS, holder)
    # Vientiane alone holds more than 20 records on one point: one badge says how many.
    biggest = max(counts)
    assert biggest >= 20, counts
    badge = page.locator(f"#{holder} .map-stack", has_text=str(biggest)).first
    assert "records at this spot" in badge.get_attribute("title")
    badge.click()
    page.wait_for_function(
        """([holderId, zoom]) => {
          const map = document.getElementById(holderId).querySelector('.js-plotly-plot')
            ._fullLayout.map._subplot.map;
          return !map.isMoving() && map.getZoom() > zoom + 3;
        }""",
        arg=[holder, before["zoom"]],
        timeout=30_000,
    )
    # Zoomed in, the records of that stack part: no badge holds them all any more.
    page.wait_for_function(
        f"""() => Math.max(0, ...[...document.querySelectorAll('#{holder} .map-stack')]
            .map(b => Number(b.textContent))) < {biggest}""",
        timeout=30_000,
    )
    assert watched_page.console_errors == [] and watched_page.page_errors == []
