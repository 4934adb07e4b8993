"""Every page in every language shows no English interface words (issue 18, item 6).

Each page (explorer, briefing, embed) is opened in each non-English language; the explorer's
sector dropdown and records table are opened too, so the dropdown's and AG Grid's own text
render. The test reads what a person or a screen reader meets: the tab title, every text
node outside scripts and code, and the ``title``, ``aria-label``, ``placeholder``, ``alt`` and
plotly's ``data-title`` attributes. Latin words left after removing

- the allow-list below (proper nouns, format names, key names), and
- words of the data itself (registry records, base-map and place names: local names are
  another piece of work, and the registry's English names are data, not interface)

must be none. Vietnamese is written in Latin letters, so there only words of the English
interface count: any word of three letters or more of the English catalogs, which hold the
English defaults of the widgets too (``chrome.json``).
"""

from __future__ import annotations

import json
import re

import pytest

from corridor_map import ids
from corridor_map.i18n import (
    REFERENCE_LANG,
    available_languages,
    catalog,
    message_texts,
    translate,
)
from corridor_map.settings import REPO_ROOT
from tests.integration.browser.conftest import open_lazy_table, open_records_table

pytestmark = pytest.mark.browser

PAGES = ("/", "/briefing", "/embed")
LANGUAGES = tuple(lang for lang in available_languages() if lang != REFERENCE_LANG)
#: Latin words a localised page may show: proper nouns and names of formats, standards and keys.
ALLOWED = {
    "natural", "earth", "geonames", "org", "world", "atlas", "isc", "cc", "by", "maplibre",
    "plotly", "js", "pdf", "csv", "geojson", "html", "png", "qr", "cntt", "tt", "km", "powerpoint",
    "de", "facto", "page", "up", "down", "enter", "ctrl", "alt", "lancang", "mekong",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{2,}")

COLLECT_JS = """() => {
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && !parent.closest('script, style, noscript, template, textarea, code, pre')) {
      texts.push(walker.currentNode.textContent);
    }
  }
  const names = ['title', 'aria-label', 'placeholder', 'alt', 'data-title'];
  for (const el of document.body.querySelectorAll(names.map((n) => `[${n}]`).join(','))) {
    for (const name of names) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  return texts;
}"""
SETTLED_JS = """() => !document.querySelector('._dash-loading')
  && !document.querySelector('[data-dash-is-loading="true"]')
  && document.querySelector('.maplibregl-ctrl-attrib-button')"""


@pytest.fixture(scope="module")
def data_words(registry) -> set[str]:
    """Latin words that occur in the data the pages show (names, operators, places)."""
    texts = []
    for frame in (registry.entities, registry.links):
        for column in frame.columns.drop(frame.geometry.name):
            texts += [v for v in frame[column].tolist() if isinstance(v, str)]
    for path in (REPO_ROOT / "data" / "basemap").glob("*.geojson"):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            texts += [str(v) for v in feature["properties"].values() if isinstance(v, str)]
    texts.append((REPO_ROOT / "data" / "places" / "place_names.csv").read_text(encoding="utf-8"))
    return {word.lower() for text in texts for word in WORD.findall(text)}


#: Languages written in Latin letters: only English interface words count there.
LATIN_SCRIPT = {"vi"}
#: Loanwords a language writes as English does ("trang web": web page).
LOANWORDS = {"vi": {"web"}}
#: Words of the English interface (catalog texts without their placeholders).
ENGLISH_UI = {
    word.lower()
    for message in catalog(REFERENCE_LANG).values()
    for text in message_texts(message)
    for word in WORD.findall(re.sub(r"\{[a-z_]+\}", " ", text))
    if len(word) >= 3
}


def english_words(texts: list[str], data_words: set[str], lang: str) -> dict[str, str]:
    """Each English word not allowed, with the text it came from."""
    found = {}
    for text in texts:
        for word in WORD.findall(text):
            key = word.lower()
            if key in ALLOWED or key in data_words or key in LOANWORDS.get(lang, ()):
                continue
            if lang not in LATIN_SCRIPT or key in ENGLISH_UI:
                found.setdefault(word, text.strip()[:120])
    return found


def open_page(page, server_url: str, path: str, lang: str) -> None:
    page.goto(f"{server_url}{path}?lang={lang}")
    page.wait_for_function(SETTLED_JS, timeout=60_000)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_lng005_no_english_ui_words(watched_page, server_url, data_words, path, lang):
    page = watched_page.page
    open_page(page, server_url, path, lang)
    texts = page.evaluate(COLLECT_JS)
    if path == "/":
        # The dropdown's own labels (Select All, Search) exist only while it is open.
        page.locator(f"#{ids.SECTOR_FILTER}").click()
        page.get_by_text(translate("dropdown.select_all", lang), exact=True).wait_for(
            timeout=15_000
        )
        texts += page.evaluate(COLLECT_JS)
        page.keyboard.press("Escape")
        open_records_table(page)
        texts += page.evaluate(COLLECT_JS)
    assert page.title() == translate(
        {"/": "app.title", "/briefing": "page.title.briefing", "/embed": "page.title.embed"}[path],
        lang,
    )
    found = english_words(texts, data_words, lang)
    assert found == {}, "\n".join(f"{word}: {text}" for word, text in sorted(found.items()))
    assert watched_page.page_errors == []


def test_lng005_the_walk_sees_english(watched_page, server_url, data_words):
    """The English page trips the check (so a pass above means something)."""
    page = watched_page.page
    open_page(page, server_url, "/", REFERENCE_LANG)
    words = english_words(page.evaluate(COLLECT_JS), data_words, REFERENCE_LANG)
    assert {"Filters", "Legend"} <= set(words)


def test_lng007_grid_numbers_follow_the_locale(watched_page, server_url):
    """The access table's population and the matching table's distances use vi separators
    (131.603.024; 12,5), while the cells still sort as numbers."""
    page = watched_page.page
    open_page(page, server_url, "/", "vi")
    open_lazy_table(page, ids.ACCESS_TABLE)
    cell = page.locator(f"#{ids.ACCESS_TABLE} .ag-cell[col-id='population']").first
    cell.wait_for(timeout=30_000)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+", cell.inner_text().strip())
    open_lazy_table(page, ids.MATCH_TABLE)
    cells = page.locator(f"#{ids.MATCH_TABLE} .ag-cell[col-id='distance']")
    cells.first.wait_for(timeout=30_000)
    texts = [t.strip() for t in cells.all_inner_texts() if t.strip()]
    assert texts and all(re.fullmatch(r"[\d.]+,\d", t) for t in texts), texts
    assert watched_page.page_errors == []
