"""Every corridor language in real headless Chromium: the page speaks it, from its catalog.

For each language the explorer is opened with ``?lang=XX``; the title, the sector filter's
label and the kind checklist's labels must equal the catalog's translations, ``<html lang>``
must name the language, and the page must log no errors and fetch nothing from another host.
A full-page screenshot per language is saved to ``test-artifacts/lang-XX.png`` for a person
to check the scripts render (no empty boxes). A browser that asks for Thai in its
Accept-Language header, with no ``lang`` parameter, gets the Thai page.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from corridor_map import ids
from corridor_map.i18n import available_languages, translate
from tests.integration.browser.conftest import ARTIFACTS
from tests.integration.browser.test_map_page import wait_for_map

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "zh-Hans", "km", "lo", "th", "vi", "my")


def expected_texts(lang: str) -> dict[str, object]:
    """The catalog's words for what the test reads off the page."""
    return {
        "title": translate("app.title", lang),
        "sector": translate("filters.sector", lang),
        "kind": translate("filters.kind", lang),
    }


def shown_texts(page) -> dict[str, object]:
    """The same words as the page shows them."""
    return {
        "title": page.locator(f"#{ids.TITLE}").inner_text().strip(),
        "sector": page.locator(f"label[for='{ids.SECTOR_FILTER}']").inner_text().strip(),
        "kind": page.locator(f"label[for='{ids.KIND_FILTER}']").inner_text().strip(),
    }


def assert_clean(console_errors, page_errors, foreign_requests) -> None:
    assert console_errors == [], console_errors
    assert page_errors == [], page_errors
    assert foreign_requests == [], foreign_requests


def test_every_language_has_a_catalog():
    assert set(LANGUAGES) == set(available_languages())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_in_language(watched_page, server_url, lang):
    page = watched_page.page
    wait_for_map(page, server_url, f"/?lang={lang}")
    page.evaluate("document.fonts.ready")

    expected = expected_texts(lang)
    if lang != "en":
        # A translation, not the English fallback.
        assert expected["title"] != translate("app.title", "en")
        assert expected["sector"] != translate("filters.sector", "en")
    assert shown_texts(page) == expected

    page.screenshot(path=str(ARTIFACTS / f"lang-{lang}.png"), full_page=True)
    assert_clean(
        watched_page.console_errors, watched_page.page_errors, watched_page.foreign_requests
    )
    assert page.locator("html").get_attribute("lang") == lang


def test_accept_language_picks_thai(browser, server_url):
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        locale="th-TH",
        extra_http_headers={"Accept-Language": "th-TH,th;q=0.9"},
    )
    page = context.new_page()
    local_host = urlparse(server_url).netloc
    console_errors: list[str] = []
    page_errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if urlparse(r.url).scheme in {"http", "https", "ws", "wss"}
            and urlparse(r.url).netloc != local_host
            else None
        ),
    )
    try:
        wait_for_map(page, server_url, "/")
        assert "lang=" not in page.url
        assert shown_texts(page) == expected_texts("th")
        assert_clean(console_errors, page_errors, foreign)
        assert page.locator("html").get_attribute("lang") == "th"
    finally:
        context.close()
