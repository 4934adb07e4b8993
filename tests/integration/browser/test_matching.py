"""Where to cooperate in a real browser: the map mode draws (solid, dashed, gap circles), its
words and table follow the filters and the radius; the programme filter writes the URL; a
partner candidate clicked in the detail panel is selected on the map."""

from __future__ import annotations

import pytest

from corridor_map.pages.explorer.matching import MATCH_FIRST_SLOT
from tests.integration.browser.conftest import ARTIFACTS, open_lazy_table
from tests.integration.browser.test_explorer import (
    assert_clean,
    choose_in_dropdown,
    open_explorer,
    wait_url_has,
)

pytestmark = pytest.mark.browser

RECORD = "chn-yunnan-normal-university"

#: MapLibre's view of the map mode's layers: for each, its type, dash and features drawn.
MODE_LAYERS_JS = """(first) => {
  const gd = document.querySelector('#corridor-map .js-plotly-plot');
  const map = gd._fullLayout.map._subplot.map;
  const wanted = gd.layout.map.layers.slice(first, first + 3);
  const style = map.getStyle().layers.filter(l => l.id.includes('layout-layer'));
  // plotly names each layout layer after its index in layout.map.layers.
  return wanted.map((layer, offset) => {
    const id = style.map(l => l.id).find(i => i.endsWith('-' + (first + offset)));
    const mine = id ? map.getLayer(id) : null;
    const line = mine && mine.type === 'line';
    return {
      visible: layer.visible,
      source: layer.source,
      type: mine ? mine.type : null,
      dash: line ? map.getPaintProperty(id, 'line-dasharray') || null : null,
      drawn: id ? map.queryRenderedFeatures({layers: [id]}).length : 0,
    };
  });
}"""


def summary(page) -> str:
    return page.locator("#matching-summary").inner_text().strip()


def wait_summary_has(page, words: str) -> str:
    page.wait_for_function(
        "(w) => document.querySelector('#matching-summary').innerText.includes(w)",
        arg=words,
        timeout=15_000,
    )
    return summary(page)


def test_mat401_map_mode_draws_best_matches_and_gaps(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url, "/?sector=agriculture")
    text = wait_summary_has(page, "Agriculture technology hub within 100 km")
    zones = int(text.split(" of ")[1].split(" ")[0])
    page.locator("#matching-section").scroll_into_view_if_needed()
    open_lazy_table(page, "matching-table")
    # One row per zone (counted by the grid, which draws only the rows in view), one header.
    page.wait_for_function(
        "(n) => document.querySelector('#matching-table [role=treegrid], #matching-table"
        " [role=grid]')?.getAttribute('aria-rowcount') === String(n + 1)",
        arg=zones,
        timeout=15_000,
    )
    assert page.locator("#matching-table .ag-center-cols-container .ag-row").count() > 0
    with page.expect_response(lambda r: "part=unlinked" in r.url and r.status == 200):
        page.locator("#matching-map-toggle").click()
        page.locator(
            ".dash-dropdown-content [role=option]", has_text="Best matches and gaps"
        ).first.click()
    page.locator("#corridor-map").scroll_into_view_if_needed()
    page.evaluate(f"() => {{ window.modeLayers = {MODE_LAYERS_JS}; }}")
    page.wait_for_function(
        "(first) => { const l = window.modeLayers(first);"
        " return l.every(x => x.visible && x.type) && l[1].drawn > 0 && l[2].drawn > 0; }",
        arg=MATCH_FIRST_SLOT,
        timeout=20_000,
    )
    linked, unlinked, gaps = page.evaluate(MODE_LAYERS_JS, MATCH_FIRST_SLOT)
    assert (linked["type"], unlinked["type"], gaps["type"]) == ("line", "line", "circle")
    assert unlinked["dash"] and not linked["dash"]
    assert all("sector=agriculture" in layer["source"] for layer in (linked, unlinked, gaps))
    page.screenshot(path=str(ARTIFACTS / "matching-map-mode.png"))
    # A smaller radius leaves at least as many gaps, and the words say so.
    page.locator("#matching-section").scroll_into_view_if_needed()
    page.locator("#matching-radius").click()
    page.locator(".dash-dropdown-content [role=option]", has_text="50 km").first.click()
    smaller = wait_summary_has(page, "within 50 km")
    assert int(smaller.split(" ")[0]) >= int(text.split(" ")[0])
    # The mode follows the country filter.
    choose_in_dropdown(page, "filter-country", "Thai", "Thailand")
    page.wait_for_function(
        "(first) => window.modeLayers(first)[1].source.includes('country=THA')",
        arg=MATCH_FIRST_SLOT,
        timeout=15_000,
    )
    assert_clean(watched_page)


def test_mat402_partner_click_selects_it(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url, f"/?id={RECORD}")
    panel = page.locator("#partner-panel")
    panel.wait_for(state="visible", timeout=15_000)
    assert "Possible partners in other countries" in panel.inner_text()
    assert "(+" in panel.locator(".partner-reasons").first.inner_text()
    first = panel.locator("button.partner-link").first
    name = first.inner_text().strip()
    first.click()
    page.wait_for_function(
        "(n) => document.querySelector('#detail-body h2')?.innerText.trim() === n",
        arg=name,
        timeout=15_000,
    )
    assert RECORD not in page.url
    assert_clean(watched_page)


def test_mat403_programme_filter_writes_the_url(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url)
    choose_in_dropdown(page, "programme-filter", "Lancang", "Lancang-Mekong Cooperation")
    wait_url_has(page, "programme", "lancang-mekong-cooperation")
    href = page.locator("#download-csv").get_attribute("href")
    assert "programme=lancang-mekong-cooperation" in href
    assert_clean(watched_page)
