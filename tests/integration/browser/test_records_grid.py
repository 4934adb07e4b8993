"""The records table loads blocks of rows as a person scrolls, and sorts on the server.

AG Grid's infinite row model: every matching record is reachable by scrolling (not only a
first block), a header click sorts all of the view's records (not the rows the browser
holds), and a filter change with the table open costs one server request.
"""

from __future__ import annotations

import pytest
import requests

from corridor_map.pages.explorer.records import BLOCK_SIZE
from tests.integration.browser.conftest import open_records_table
from tests.integration.browser.test_explorer import (
    assert_clean,
    choose_in_dropdown,
    matches_in,
    open_explorer,
    result_text,
    wait_result_change,
)

pytestmark = pytest.mark.browser

ROW = "#records-table .ag-center-cols-container .ag-row"
ROW_COUNT_IS = (
    "(n) => { const g = document.querySelector('#records-table [aria-rowcount]');"
    " return g && Number(g.getAttribute('aria-rowcount')) === n + 1; }"
)


def test_inf001_scrolling_reaches_every_record_and_a_header_click_sorts_them_all(
    watched_page, server_url
):
    page = watched_page.page
    open_explorer(watched_page, server_url)
    matches, _, _ = matches_in(result_text(page))
    # Every record's name in registry order (the table's default order).
    names = [
        f["properties"]["name"]
        for f in requests.get(server_url + "/api/v1/entities", timeout=10).json()["features"]
    ]
    assert matches == len(names) > BLOCK_SIZE  # more records than one block
    open_records_table(page)
    page.wait_for_function(ROW_COUNT_IS, arg=matches, timeout=15_000)
    # Scrolled to the bottom, the grid asks for the last block and draws the last record.
    page.locator("#records-table .ag-body-viewport").evaluate(
        "(v) => { v.scrollTop = v.scrollHeight; }"
    )
    page.wait_for_function(
        "([i, name]) => { const c = document.querySelector("
        "`#records-table .ag-row[row-index='${i}'] [col-id=name]`);"
        " return c && c.innerText === name; }",
        arg=[matches - 1, names[-1]],
        timeout=15_000,
    )

    # Sorted by name: the first row is the first name of ALL records, which the first block
    # in registry order does not hold; sorted again, descending, the last name.
    assert min(names) not in names[:BLOCK_SIZE]
    page.locator("#records-table .ag-body-viewport").evaluate("(v) => { v.scrollTop = 0; }")
    header = page.locator("#records-table .ag-header-cell[col-id=name] .ag-header-cell-label")
    header.click()
    page.wait_for_function(
        "(name) => { const c = document.querySelector("
        "'#records-table .ag-row[row-index=\"0\"] [col-id=name]');"
        " return c && c.innerText === name; }",
        arg=min(names),
        timeout=15_000,
    )
    header.click()
    page.wait_for_function(
        "(name) => { const c = document.querySelector("
        "'#records-table .ag-row[row-index=\"0\"] [col-id=name]');"
        " return c && c.innerText === name; }",
        arg=max(names),
        timeout=15_000,
    )
    assert_clean(watched_page)


def test_inf002_a_filter_change_with_the_table_open_is_one_request_and_shows_the_new_view(
    watched_page, server_url
):
    page = watched_page.page
    open_explorer(watched_page, server_url)
    open_records_table(page)
    before = result_text(page)
    page.wait_for_function(ROW_COUNT_IS, arg=matches_in(before)[0], timeout=15_000)
    callbacks: list[str] = []
    page.on(
        "request",
        lambda r: callbacks.append(r.url) if "/_dash-update-component" in r.url else None,
    )
    choose_in_dropdown(page, "filter-country", "Lao", "Laos")
    matches, _, _ = matches_in(wait_result_change(page, before))
    # The grid shows the new view (its count and its rows), from the one answer.
    page.wait_for_function(ROW_COUNT_IS, arg=matches, timeout=15_000)
    page.wait_for_selector(f"{ROW} [col-id=country]")
    countries = page.locator(f"{ROW} [col-id=country]").all_inner_texts()
    assert countries and set(countries) == {"Laos"}
    assert len(callbacks) == 1, callbacks
    assert_clean(watched_page)


def test_inf003_a_block_answer_overtaken_by_a_filter_change_does_not_show(watched_page, server_url):
    """A block asked for the old view, answered after the filter changed, lands on a block
    the grid has dropped: the table shows the new view only."""
    page = watched_page.page
    open_explorer(watched_page, server_url)
    open_records_table(page)
    before = result_text(page)
    page.wait_for_function(ROW_COUNT_IS, arg=matches_in(before)[0], timeout=15_000)
    held = []

    def hold_blocks(route):
        if "lazy-grid-block" in (route.request.post_data or ""):
            held.append(route)
        else:
            route.continue_()

    page.route("**/_dash-update-component*", hold_blocks)
    with page.expect_request(lambda r: "lazy-grid-block" in (r.post_data or "")):
        page.locator("#records-table .ag-body-viewport").evaluate(
            "(v) => { v.scrollTop = v.scrollHeight; }"
        )
    choose_in_dropdown(page, "filter-country", "Lao", "Laos")
    matches, _, _ = matches_in(wait_result_change(page, before))
    assert len(held) == 1
    held[0].continue_()  # the old view's block, answered late
    page.unroute("**/_dash-update-component*", hold_blocks)
    page.wait_for_function(ROW_COUNT_IS, arg=matches, timeout=15_000)
    # The rows drawn (those in view) are the new view's, none left loading.
    page.wait_for_function(
        "() => { const cells = [...document.querySelectorAll("
        "'#records-table .ag-center-cols-container .ag-row [col-id=country]')];"
        " return cells.length > 0 && cells.every(c => c.innerText === 'Laos'); }",
        timeout=15_000,
    )
    assert_clean(watched_page)
