"""Bundled Noto web fonts in real headless Chromium: native scripts render from the app."""

from __future__ import annotations

import re

import pytest

from tests.integration.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SAMPLES = {
    "Noto Sans Khmer": ("ក", "ភ្នំពេញ", r"[\u1780-\u17ff\u19e0-\u19ff]"),
    "Noto Sans Lao": ("ກ", "ວຽງຈັນ", r"[\u0e80-\u0eff]"),
    "Noto Sans Myanmar": ("က", "ရန်ကုန်", r"[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]"),
    "Noto Sans Thai": ("ก", "กรุงเทพมหานคร", r"[\u0e00-\u0e7f]"),
}
FONT_FILES = {
    "Noto Sans Khmer": "NotoSansKhmer",
    "Noto Sans Lao": "NotoSansLao",
    "Noto Sans Myanmar": "NotoSansMyanmar",
    "Noto Sans Thai": "NotoSansThai",
}

INJECT = """(samples) => {
  const box = document.createElement('div');
  box.id = 'font-probe';
  for (const [family, text] of samples) {
    for (const weight of ['400', '700']) {
      const p = document.createElement('p');
      p.textContent = text;
      p.style.fontWeight = weight;
      p.dataset.family = family;
      box.appendChild(p);
    }
  }
  document.body.appendChild(box);
}"""

LOADED_FACES = """async () => {
  await document.fonts.ready;
  return [...document.fonts].map(f => [f.family.replace(/"/g, ''), f.weight, f.status]);
}"""


def test_native_scripts_use_the_bundled_noto_fonts(watched_page, server_url):
    page = watched_page.page
    fonts_fetched: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda r: fonts_fetched.append((r.url, r.status)) if "/assets/fonts/" in r.url else None,
    )
    page.goto(server_url + "/")
    page.wait_for_selector("#react-entry-point *", timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")

    # unicode-range: before any native text is added, a file was fetched only for a script the
    # page already shows.
    shown = page.evaluate("document.body.innerText")
    for url, _ in fonts_fetched:
        family = next(f for f, stem in FONT_FILES.items() if stem in url)
        assert re.search(SAMPLES[family][2], shown), f"{url} fetched for a script not shown"

    page.evaluate(INJECT, [[family, text] for family, (_, text, _) in SAMPLES.items()])
    faces = page.evaluate(LOADED_FACES)
    page.locator("#font-probe").screenshot(path=str(ARTIFACTS / "fonts-native-scripts.png"))

    for family, (char, _, _) in SAMPLES.items():
        assert page.evaluate(f"document.fonts.check('16px \"{family}\"', '{char}')"), family
        assert page.evaluate(f"document.fonts.check('bold 16px \"{family}\"', '{char}')"), family
        statuses = {(weight, status) for fam, weight, status in faces if fam == family}
        assert ("400", "loaded") in statuses, (family, statuses)
        assert ("700", "loaded") in statuses, (family, statuses)

    served = {
        url.rsplit("/", 1)[-1].split("?")[0] for url, status in fonts_fetched if status == 200
    }
    assert served >= {
        f"{stem}-{w}.subset.woff2" for stem in FONT_FILES.values() for w in ("Regular", "Bold")
    }
    assert watched_page.foreign_requests == []
    assert watched_page.page_errors == []


def test_plotly_locales_are_served(watched_page, server_url):
    page = watched_page.page
    page.goto(server_url + "/")
    page.wait_for_selector("#react-entry-point *", timeout=30_000)
    sources = page.evaluate(
        "[...document.scripts].map(s => s.src).filter(s => s.includes('plotly-locale-'))"
    )
    names = {s.rsplit("/", 1)[-1].split("?")[0] for s in sources}
    assert names == {f"plotly-locale-{c}.js" for c in ("km", "th", "vi", "zh-cn")}
    assert watched_page.page_errors == []
    assert watched_page.foreign_requests == []
