"""Page weight: what a first visit transfers, and that only the app's own plotly.js loads.

The app ships a plotly.js bundle with only the trace types it draws
(assets/vendor/plotly-corridor.min.js, built by scripts/build_plotly_bundle.sh). dcc.Graph
uses ``window.Plotly`` when it exists, so Dash's full plotly.min.js must never be fetched;
if the bundle failed to load, Dash would silently fetch it and the maps would still draw,
so these tests look at the network and at ``Plotly.PlotSchema``.

Bytes are the encoded (on-the-wire) sizes Chromium reports in CDP
``Network.loadingFinished.encodedDataLength`` (compressed body plus response headers), for
every response of a first visit in a fresh browser context (empty cache), until the map has
drawn and the network is idle. Totals go to test-artifacts/page-weight.json and
docs/performance.md ("Page weight").
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from tests.integration.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

#: The budgets: /embed on a phone 1.2 MB transferred, / on a desktop 1.3 MB.
EMBED_BUDGET = 1_200_000
EXPLORER_BUDGET = 1_300_000
#: Dash's full plotly.js, served for dcc.Graph when window.Plotly is missing.
STOCK_PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
OUR_PLOTLY = "/assets/vendor/plotly-corridor.min.js"
#: scripts/plotly-bundle/entry.js: plotly.js core (always includes scatter) + the app's traces.
EXPECTED_TRACES = {"scatter", "scattermap", "heatmap"}

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}

MAP_DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')].some(g =>
    g._fullLayout && g._fullLayout.map && g._fullLayout.map._subplot
    && g._fullLayout.map._subplot.map.loaded())"""


def measure(browser, server_url: str, path: str, viewport: dict) -> dict:
    """First visit of ``path`` in a fresh context: bytes per URL, errors and plotly traces.

    Sizes come from Playwright's ``Request.sizes()`` (Chromium's CDP
    ``Network.loadingFinished.encodedDataLength`` split into headers and encoded body): unlike
    a CDP session on the page, Playwright also sees the MapLibre web worker's requests, which
    fetch the base-map GeoJSON.
    """
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    resources: list[dict] = []
    failed: list[str] = []
    local = urlparse(server_url).netloc

    def on_finished(request):
        parsed = urlparse(request.url)
        if parsed.scheme not in {"http", "https"}:
            return  # data: and blob: URLs never cross the network
        sizes = request.sizes()
        response = request.response()
        name = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        resources.append(
            {
                "url": name if parsed.netloc == local else request.url,
                "bytes": sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0),
                "body_bytes": max(sizes["responseBodySize"], 0),
                "encoding": (response.headers.get("content-encoding") if response else None)
                or "identity",
            }
        )

    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfinished", on_finished)
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        page.goto(server_url + path)
        page.wait_for_selector("canvas.maplibregl-canvas", state="visible", timeout=30_000)
        page.wait_for_function(MAP_DRAWN, timeout=30_000)
        page.wait_for_load_state("networkidle", timeout=30_000)
        traces = page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces).sort()")
        plotly_src = page.evaluate(
            "() => [...document.scripts].map(s => s.src)"
            ".filter(s => /plotly/.test(s) && !/plotly-locale-/.test(s))"
        )
    finally:
        context.close()
    resources.sort(key=lambda r: -r["bytes"])
    return {
        "path": path,
        "viewport": viewport,
        "total_bytes": sum(r["bytes"] for r in resources),
        "requests": len(resources),
        "resources": resources,
        "failed": failed,
        "errors": errors,
        "traces": traces,
        "plotly_scripts": [urlparse(s).path for s in plotly_src],
    }


def check_plotly(result: dict) -> None:
    """Only the app's bundle was used: no stock plotly.js request, only the app's traces."""
    urls = [r["url"] for r in result["resources"]]
    assert not [u for u in urls if STOCK_PLOTLY in u], f"{result['path']} fetched plotly.min.js"
    assert any(u.startswith(OUR_PLOTLY) for u in urls), f"{result['path']}: no {OUR_PLOTLY}"
    assert result["plotly_scripts"] == [OUR_PLOTLY]
    assert set(result["traces"]) == EXPECTED_TRACES
    assert result["errors"] == []
    assert result["failed"] == []


def summary(result: dict) -> str:
    lines = [f"{result['path']}: {result['total_bytes']:,} bytes in {result['requests']} responses"]
    lines += [
        f"    {r['bytes']:>10,}  {r['encoding']:<8} {r['url']}" for r in result["resources"][:15]
    ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def weights(browser, server_url):
    """/embed on a phone and / on a desktop, each a first visit; written to page-weight.json."""
    result = {
        "/embed": measure(browser, server_url, "/embed", PHONE),
        "/": measure(browser, server_url, "/", DESKTOP),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print()
    for page in result.values():
        print(summary(page))
    return result


@pytest.mark.parametrize("path", ["/embed", "/"])
def test_pages_use_only_the_app_plotly_bundle(weights, path):
    check_plotly(weights[path])


def test_briefing_uses_only_the_app_plotly_bundle(browser, server_url):
    check_plotly(measure(browser, server_url, "/briefing", DESKTOP))


def test_embed_within_phone_budget(weights):
    assert weights["/embed"]["total_bytes"] <= EMBED_BUDGET, summary(weights["/embed"])


def test_wgt010_explorer_within_budget_without_the_table_library(weights):
    assert weights["/"]["total_bytes"] <= EXPLORER_BUDGET, summary(weights["/"])
    # The grid's scripts are fetched only when a table is opened.
    assert not [r for r in weights["/"]["resources"] if "dash_ag_grid" in r["url"]]


def test_plotly_locale_registered_with_the_bundle(watched_page, server_url):
    """The locale files (loaded before the bundle) queue on window.PlotlyLocales; the bundle's
    core registers them on load, so config ``locale: 'th'`` formats dates in Thai."""
    page = watched_page.page
    page.goto(server_url + "/embed")
    page.wait_for_selector("canvas.maplibregl-canvas", state="visible", timeout=30_000)
    ticks = page.evaluate(
        """async () => {
            const div = document.createElement('div');
            div.style.width = '600px';
            document.body.appendChild(div);
            await Plotly.newPlot(div, [{type: 'heatmap', z: [[1, 2, 3]],
                x: ['2024-01-15', '2024-03-15', '2024-05-15']}], {}, {locale: 'th'});
            const text = [...div.querySelectorAll('.xtick text')].map(t => t.textContent);
            Plotly.purge(div);
            div.remove();
            return {text, consumed: window.PlotlyLocales === undefined};
        }"""
    )
    assert ticks["consumed"], "window.PlotlyLocales was not consumed by the bundle"
    assert any("มี.ค." in t or "ม.ค." in t or "พ.ค." in t for t in ticks["text"]), ticks
    assert watched_page.page_errors == []
