"""The index page's own chrome (tab title, Dash's loading text) is in the page's language."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from corridor_map.i18n import available_languages, translate
from corridor_map.i18n.widgets import ui_strings

PAGES = {"/": "app.title", "/briefing": "page.title.briefing", "/embed": "page.title.embed"}


@pytest.mark.parametrize("lang", available_languages())
@pytest.mark.parametrize("path", PAGES)
def test_lng009_title_and_loading_text_per_page_and_language(client, path, lang):
    html = client.get(f"{path}?lang={lang}").get_data(as_text=True)
    title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    assert title == translate(PAGES[path], lang)
    assert translate("app.loading", lang) in html
    if lang != "en":
        assert "Loading..." not in html
    block = re.search(r'<script type="application/json" id="ui-strings">(.*?)</script>', html)
    assert json.loads(block.group(1)) == ui_strings(lang)


def test_lng009_page_titles_differ():
    assert len({translate(key, "th") for key in PAGES.values()}) == len(PAGES)
