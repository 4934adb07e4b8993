"""The explorer core as a person meets it: one round trip per interaction, pages chosen by
path (even with no Referer), ``&`` in a value on every page, and a table that loads only
when opened but records that are reachable without it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.integration.browser.conftest import open_records_table
from tests.integration.browser.test_explorer import assert_clean, open_explorer, result_text

pytestmark = pytest.mark.browser

UPDATE = "/_dash-update-component"


def callback_posts(page) -> list[str]:
    """Start recording the page's callback requests; returns the (growing) list."""
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if UPDATE in r.url else None)
    return posts


def settle(page) -> None:
    """Wait until no request is in flight (the page's callbacks have all answered)."""
    page.wait_for_load_state("networkidle", timeout=30_000)


def test_core001_opening_a_shared_view_costs_one_callback(watched_page, server_url):
    """The page comes with its view (the issue's target was at most three requests)."""
    page = watched_page.page
    posts = callback_posts(page)
    open_explorer(watched_page, server_url, "/?country=LAO,KHM&sector=agriculture")
    settle(page)
    assert len(posts) == 1, posts
    assert "Laos" in page.locator("#filter-country").inner_text()
    assert_clean(watched_page)


def test_core002_a_filter_change_and_a_click_each_cost_one_round_trip(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url, "/?country=LAO")
    settle(page)
    posts = callback_posts(page)
    before = result_text(page)
    page.locator("#filter-search").fill("university")
    page.wait_for_function(
        "(b) => document.querySelector('#result-text').innerText.trim() != b", arg=before
    )
    settle(page)
    assert len(posts) == 1, posts
    posts.clear()
    page.locator("#record-list button[data-record-id]").first.click()
    page.wait_for_selector("#detail-panel.open h2", timeout=15_000)
    settle(page)
    assert len(posts) == 1, posts
    assert_clean(watched_page)


def test_core003_embed_renders_without_a_referer(browser, server_url):
    """A proxy or CDN that sends ``Referrer-Policy: no-referrer`` must not blank /embed."""
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def no_referrer(route):
        response = route.fetch()
        headers = {**response.headers, "referrer-policy": "no-referrer"}
        route.fulfill(response=response, headers=headers)

    page.route("**/embed*", no_referrer)
    referers: list[str | None] = []
    page.on(
        "request",
        lambda r: referers.append(r.headers.get("referer")) if "/_dash" in r.url else None,
    )
    try:
        page.goto(server_url + "/embed?country=LAO&lang=th")
        page.wait_for_selector("#embed-map canvas.maplibregl-canvas", timeout=30_000)
        page.wait_for_selector("#embed-sector", timeout=30_000)
        assert page.locator("html").get_attribute("lang") == "th"
        assert referers and all(r is None for r in referers)
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "path, link",
    [
        ("/?q=R%26D", "#share-link"),
        ("/briefing?q=R%26D", "#briefing-exit"),
        ("/embed?q=R%26D", "#embed-full-link"),
    ],
)
def test_core004_an_ampersand_in_a_value_survives_on_every_page(
    watched_page, server_url, path, link
):
    page = watched_page.page
    page.goto(server_url + path)
    element = page.locator(link)
    element.wait_for(state="attached", timeout=30_000)
    attribute = "value" if link == "#share-link" else "href"
    page.wait_for_function(
        "([sel, attr]) => { const e = document.querySelector(sel);"
        " const v = attr === 'value' ? e.value : e.getAttribute(attr);"
        " return v && v.includes('q='); }",
        arg=[link, attribute],
        timeout=30_000,
    )
    written = element.input_value() if attribute == "value" else element.get_attribute("href")
    assert parse_qs(urlparse(written).query)["q"] == ["R&D"], written
    assert parse_qs(urlparse(page.url).query)["q"] == ["R&D"], page.url
    assert_clean(watched_page)


def test_core005_the_table_library_loads_only_when_the_table_is_opened(watched_page, server_url):
    page = watched_page.page
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    open_explorer(watched_page, server_url, "/?country=LAO")
    settle(page)
    assert not [u for u in fetched if "dash_ag_grid" in u]
    # The records are reachable without it: one button per record, in the Tab order.
    assert page.locator("#record-list button[data-record-id]").count() > 0
    open_records_table(page)
    assert [u for u in fetched if "dash_ag_grid" in u]
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'#records-table .ag-center-cols-container .ag-row').length > 0",
        timeout=15_000,
    )
    assert page.locator("#records-table > button").get_attribute("aria-expanded") == "true"
    assert_clean(watched_page)


def test_core006_keyboard_opens_a_record_from_the_list_and_from_the_table(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url, "/?country=LAO&kind=rd_hub")
    first = page.locator("#record-list button[data-record-id]").first
    record_id = first.get_attribute("data-record-id")
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#detail-panel.open h2", timeout=15_000)
    page.wait_for_function("(id) => location.search.includes('id=' + id)", arg=record_id)
    # In the table: focus a cell of another row and press Enter.
    open_records_table(page)
    row = page.locator("#records-table .ag-center-cols-container .ag-row").nth(1)
    other = row.get_attribute("row-id")
    row.locator("[col-id=name]").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(id) => location.search.includes('id=' + id)", arg=other, timeout=15_000
    )
    assert_clean(watched_page)


def test_core007_pages_are_chosen_by_path_with_the_page_title(watched_page, server_url):
    page = watched_page.page
    page.goto(server_url + "/briefing?lang=th")
    page.wait_for_selector("#briefing-title", timeout=30_000)
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.title()
    assert page.locator("#corridor-map").count() == 0


def test_core008_embed_code_dialog_opens_modal_and_escape_returns_focus(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url, "/?country=LAO&q=R%26D")
    button = page.locator("#embed-open")
    button.click()
    page.wait_for_function("() => document.querySelector('#embed-modal').open")
    assert page.evaluate("() => document.querySelector('#embed-modal').matches(':modal')")
    snippet = page.locator("#embed-snippet").input_value()
    assert snippet.startswith("<iframe src=") and "/embed?country=LAO&amp;q=R%26D" in snippet
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#embed-modal').open")
    assert page.evaluate("() => document.activeElement.id") == "embed-open"
    # The close button closes it too.
    button.click()
    page.wait_for_function("() => document.querySelector('#embed-modal').open")
    page.locator("#embed-close").click()
    page.wait_for_function("() => !document.querySelector('#embed-modal').open")
    assert_clean(watched_page)


def test_core009_language_menu_keeps_the_view(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url, "/?country=LAO")
    page.locator("#filter-search").fill("university")
    page.wait_for_function("() => location.search.includes('q=university')")
    menu = page.locator("#language-menu summary")
    menu.focus()
    page.keyboard.press("Enter")
    link = page.locator("#language-menu a[lang=th]")
    link.wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('#language-menu a[lang=th]').href.includes('q=university')"
    )
    link.click()
    page.wait_for_function("() => document.documentElement.lang === 'th'", timeout=30_000)
    params = parse_qs(urlparse(page.url).query)
    assert params["lang"] == ["th"] and params["q"] == ["university"]
    assert params["country"] == ["LAO"]


#: Each page opened on a shared view whose query is not in canonical order: the query the
#: address bar then shows, and an element that shows the view.
FIRST_ANSWER_PAGES = [
    pytest.param(
        "/?country=LAO,KHM&sector=agriculture",
        "?sector=agriculture&country=KHM,LAO",
        "#filter-country",
        "Laos",
        id="explorer",
    ),
    pytest.param(
        "/embed?country=LAO,KHM&sector=agriculture",
        "?sector=agriculture&country=KHM,LAO",
        "#embed-country",
        "Laos",
        id="embed",
    ),
    # The briefing keeps the address it was given (its query names a slide, not a filter
    # to tidy).
    pytest.param(
        "/briefing?country=LAO,KHM&sector=agriculture",
        "?country=LAO,KHM&sector=agriculture",
        "#briefing-counter",
        "1",
        id="briefing",
    ),
]


@pytest.mark.parametrize("path, search, shows, text", FIRST_ANSWER_PAGES)
def test_core010_a_page_opens_on_a_shared_view_in_one_callback(
    watched_page, server_url, path, search, shows, text
):
    """The page comes with its first answer: one callback request (the page itself), the
    view applied to the map, and the canonical query in the address bar (no new entry)."""
    page = watched_page.page
    posts = callback_posts(page)
    page.goto(server_url + path)
    page.wait_for_function(
        "() => { const g = document.querySelector('.js-plotly-plot');"
        " return g && g.data && g.data.some(t => Array.isArray(t.selectedpoints)); }",
        timeout=30_000,
    )
    page.wait_for_function("(s) => window.location.search === s", arg=search, timeout=30_000)
    settle(page)
    assert len(posts) == 1, posts
    assert text in page.locator(shows).inner_text()
    # about:blank, then the page: the canonical address replaced the shared one.
    assert page.evaluate("window.history.length") == 2
    assert_clean(watched_page)
