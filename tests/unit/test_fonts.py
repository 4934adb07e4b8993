"""Bundled web fonts (assets/fonts) and vendored plotly.js locales (assets/plotly-locales)."""

from __future__ import annotations

import re

import pytest
from fontTools.ttLib import TTFont

from corridor_map.i18n.plotly_locales import PLOTLY_LOCALES, plotly_locale, plotly_locale_file
from corridor_map.settings import REPO_ROOT

ASSETS = REPO_ROOT / "assets"
FONTS = ASSETS / "fonts"
CSS = ASSETS / "05-fonts.css"
MAX_TOTAL_BYTES = 1024 * 1024


def _chars(first: int, last: int, *skip: int) -> str:
    return "".join(chr(cp) for cp in range(first, last + 1) if cp not in skip)


# Key characters each font must cover: consonants, vowels and marks of the script.
KEY_CHARS = {
    "Noto Sans Khmer": _chars(0x1780, 0x17A2) + _chars(0x17B6, 0x17D2) + _chars(0x17E0, 0x17E9),
    "Noto Sans Lao": "ກຂຄງຈຊຍດຕຖທນບປຜຝພຟມຢຣລວສຫອຮ" + "ະັາຳິີຶືຸູົຼຽເແໂໃໄ່້໊໋" + _chars(0x0ED0, 0x0ED9),
    "Noto Sans Myanmar": _chars(0x1000, 0x102A) + _chars(0x102B, 0x103E) + _chars(0x1040, 0x1049),
    "Noto Sans Thai": _chars(0x0E01, 0x0E2E) + _chars(0x0E30, 0x0E3A) + _chars(0x0E40, 0x0E4E),
}
# Space and zero-width space (word breaks in Khmer, Lao, Myanmar, Thai). ASCII punctuation is
# kept where the source has it (Debian's Lao, Myanmar and Thai fonts have none); it comes from
# system-ui, first in the font stack, anyway.
PUNCTUATION = " \u200b"


def _fonts() -> list:
    return sorted(FONTS.glob("*.woff2"))


def test_fonts_exist_regular_and_bold():
    names = {p.name for p in _fonts()}
    for stem in ("NotoSansKhmer", "NotoSansLao", "NotoSansMyanmar", "NotoSansThai"):
        assert f"{stem}-Regular.subset.woff2" in names
        assert f"{stem}-Bold.subset.woff2" in names


@pytest.mark.parametrize("path", _fonts(), ids=lambda p: p.name)
def test_font_parses_and_covers_its_script(path):
    font = TTFont(path)
    assert font.flavor == "woff2"
    family = font["name"].getDebugName(1)
    assert family in KEY_CHARS, family
    cmap = font.getBestCmap()
    missing = [f"U+{ord(c):04X}" for c in KEY_CHARS[family] + PUNCTUATION if ord(c) not in cmap]
    assert not missing, f"{path.name} lacks {missing}"
    # Shaping (stacked consonants, vowel marks) needs the OpenType layout tables.
    assert "GSUB" in font or "GPOS" in font
    weight = font["OS/2"].usWeightClass
    assert weight == (700 if "-Bold" in path.name else 400)
    # OFL: copyright and licence stay in the name table.
    assert "Open Font License" in (font["name"].getDebugName(13) or "")


def test_fonts_referenced_by_css_with_swap_and_ranges():
    css = CSS.read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    referenced = set()
    for face in faces:
        assert "font-display: swap" in face
        assert "unicode-range:" in face
        referenced |= set(re.findall(r'url\("fonts/([^"]+)"\)', face))
    assert referenced == {p.name for p in _fonts()}
    for family in KEY_CHARS:
        assert f'"{family}"' in css
    stack = re.search(r"--corridor-font-sans:([^;]*);", css).group(1)
    order = [
        stack.index(s)
        for s in (
            "system-ui",
            '"Noto Sans Khmer"',
            '"Noto Sans CJK SC"',
            '"Microsoft YaHei"',
            '"PingFang SC"',
            "sans-serif",
        )
    ]
    assert order == sorted(order)


def test_unicode_ranges_match_the_scripts():
    css = CSS.read_text(encoding="utf-8")
    expected = {
        "Khmer": "U+1780-17FF",
        "Lao": "U+0E80-0EFF",
        "Myanmar": "U+1000-109F",
        "Thai": "U+0E00-0E7F",
    }
    for face in re.findall(r"@font-face\s*{([^}]*)}", css):
        script = re.search(r'font-family: "Noto Sans (\w+)"', face).group(1)
        assert expected[script] in face
        # No Latin letters in the range: a Latin-only page never downloads these files.
        assert "U+0041" not in face and "U+0000" not in face


def test_total_font_size_under_one_megabyte(capsys):
    total = sum(p.stat().st_size for p in _fonts())
    with capsys.disabled():
        print(f"\nbundled web fonts: {len(_fonts())} files, {total / 1024:.1f} KiB")
    assert total < MAX_TOTAL_BYTES


def test_ofl_licence_shipped():
    text = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text
    assert "Google" in text


@pytest.mark.parametrize(
    ("lang", "locale"),
    [
        ("en", None),
        ("zh-Hans", "zh-CN"),
        ("km", "km"),
        ("lo", None),
        ("th", "th"),
        ("vi", "vi"),
        ("my", None),
        ("th-TH", "th"),
        ("zh-Hant", None),
        (None, None),
    ],
)
def test_plotly_locale(lang, locale):
    assert plotly_locale(lang) == locale


@pytest.mark.parametrize("locale", sorted({v for v in PLOTLY_LOCALES.values() if v}))
def test_plotly_locale_files_vendored(locale):
    text = plotly_locale_file(locale).read_text(encoding="utf-8")
    assert f'name:"{locale}"' in text
    # Registers itself whether plotly.js is already loaded or not.
    assert "window.PlotlyLocales.push(locale)" in text and "Plotly.register(locale)" in text
