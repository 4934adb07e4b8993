"""Download slides: the explorer's link follows the view and the page's language, and the
browser receives an editable deck (real headless Chromium against gunicorn)."""

from __future__ import annotations

import re

import pytest
from pptx import Presentation

pytestmark = pytest.mark.browser


def test_dck009_explorer_downloads_the_views_deck_in_the_pages_language(browser, server_url):
    # Thai from the browser's language, none in the URL: the deck must still be in Thai.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="th-TH", accept_downloads=True
    )
    try:
        page = context.new_page()
        page.goto(server_url + "/?country=LAO")
        link = page.locator("#download-slides")
        page.wait_for_function(
            "() => { const a = document.querySelector('#download-slides');"
            " return a && (a.getAttribute('href') || '').includes('country=LAO'); }",
            timeout=30_000,
        )
        assert link.get_attribute("href") == "/briefing.pptx?country=LAO&lang=th"
        with page.expect_download(timeout=180_000) as download:
            link.click()
        deck = Presentation(download.value.path())
        titles = [slide.shapes.title.text for slide in deck.slides]
        assert len(titles) > 10
        assert all(re.search("[\u0e00-\u0e7f]", title) for title in titles), titles
    finally:
        context.close()
