"""The corridor over time in the browser: a dated view draws fewer records and names the
undated ones; the year select is keyboard-usable and play steps the years by itself."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from corridor_map.filters import FilterState
from tests.integration.browser.test_briefing_embed import SELECTED_POINTS_JS
from tests.integration.browser.test_explorer import assert_clean, open_explorer

pytestmark = pytest.mark.browser

MAP = "#corridor-map"
#: The map shows a patched selection (the first view callback has answered).
PATCHED_JS = """() => {
  const m = document.querySelector('#corridor-map .js-plotly-plot');
  return m && m.data.some(t => Array.isArray(t.selectedpoints));
}"""


def drawn(page) -> int:
    return page.evaluate(SELECTED_POINTS_JS, MAP)


def year_in_url(page) -> str | None:
    return (parse_qs(urlparse(page.url).query).get("year") or [None])[-1]


def test_tim030_a_dated_view_draws_fewer_records_and_names_the_undated(
    watched_page, server_url, context
):
    page = watched_page.page
    open_explorer(watched_page, server_url, "/")
    page.wait_for_function(PATCHED_JS)
    everything = drawn(page)
    open_explorer(watched_page, server_url, "/?year=2012")
    page.wait_for_function(PATCHED_JS)
    note = page.locator("#year-note")
    note.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('#year-note').innerText.trim() !== ''")
    undated = context.filter_index.undated(FilterState(year=2012))
    assert re.search(rf"\b{undated} records have no known founding year\b", note.inner_text())
    assert drawn(page) < everything
    # The select shows the year, and the growth chart is drawn.
    assert "2012" in page.locator("#filter-year").inner_text()
    page.wait_for_selector("#growth-chart .main-svg")
    assert_clean(watched_page)


def test_tim031_keyboard_picks_a_year_and_play_steps_on_its_own(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url, "/?country=LAO")
    page.wait_for_function(PATCHED_JS)
    # Keyboard: the select (labelled "Year") opens with Enter; type a year, pick it.
    assert page.locator("label[for=filter-year]").inner_text() == "Year"
    page.locator("#filter-year").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".dash-dropdown-content")
    page.keyboard.type("2016")
    # The list is filtered as one types: wait until only 2016 is left, then pick it.
    page.wait_for_function(
        "() => { const o = document.querySelectorAll('.dash-dropdown-content [role=option]');"
        " return o.length === 1 && o[0].innerText.trim() === '2016'; }"
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => new URLSearchParams(location.search).get('year') === '2016'")
    assert parse_qs(urlparse(page.url).query)["country"] == ["LAO"]
    page.wait_for_function("() => document.querySelector('#year-note').innerText.trim() !== ''")
    # Play: starts from the earliest year and moves on without a click.
    play = page.locator("#year-play")
    play.click()
    page.wait_for_function("() => document.querySelector('#year-play').ariaPressed === 'true'")
    page.wait_for_function(
        "() => Number(new URLSearchParams(location.search).get('year')) > 2016", timeout=20_000
    )
    play.click()  # pause
    page.wait_for_function("() => document.querySelector('#year-play').ariaPressed === 'false'")
    assert int(year_in_url(page)) > 2016
    assert_clean(watched_page)
