"""The PDF brief speaks the requested language: its title comes from that language's catalog.

``GET /brief.pdf?lang=XX`` is rendered with the bundled Noto fonts and HarfBuzz shaping. The
text pypdf extracts from it differs from the catalog's only in layout: lines wrap anywhere,
and glyphs that exist only after shaping (Khmer subscripts, Myanmar medials and kinzi, CJK
spacing) have no code point of their own in the PDF's ToUnicode map, so they come out as C0
control characters. Both are ignored when comparing.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from corridor_map.i18n import REFERENCE_LANG, translate

LANGUAGES = ("km", "lo", "th", "my", "zh-Hans")


def _squash(text: str) -> str:
    """``text`` without whitespace or control characters."""
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf"}
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_brief_title_in_language(client, lang):
    title = translate("brief.title", lang)
    assert title != translate("brief.title", REFERENCE_LANG), f"{lang} has no brief.title"

    response = client.get(f"/brief.pdf?lang={lang}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")

    reader = PdfReader(io.BytesIO(response.data))
    assert reader.metadata.title == title
    text = _squash(" ".join(page.extract_text() for page in reader.pages))
    assert _squash(title) in text, f"{title!r} not in the {lang} brief's text"
    assert _squash(translate("brief.title", REFERENCE_LANG)) not in text


@pytest.mark.parametrize("lang", ("vi", "zh-Hans"))
def test_lng006_brief_dates_follow_the_locale(client, context, lang):
    """The brief's "data as of" date is in the language's CLDR form, not ISO."""
    from corridor_map.i18n import format_date

    version = context.registry.version
    local = format_date(version, lang)
    assert local != version
    reader = PdfReader(io.BytesIO(client.get(f"/brief.pdf?lang={lang}").data))
    text = _squash(" ".join(page.extract_text() for page in reader.pages))
    assert _squash(translate("brief.data_as_of", lang, date=local)) in text
    assert version not in text
