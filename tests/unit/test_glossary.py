"""The glossary (corridor_map/i18n/glossary.json) and the catalogs agree on every key term."""

from __future__ import annotations

import json
import re

import pytest

from corridor_map import i18n
from corridor_map.i18n import available_languages, catalog, message_texts

GLOSSARY = json.loads((i18n.LOCALES_DIR.parent / "glossary.json").read_text(encoding="utf-8"))
TERMS = GLOSSARY["terms"]
REQUIRED = {
    "corridor", "unit", "focal_point", "rd_hub", "zone", "park", "incubator",
    "demonstration_site", "link", "partner", "gap", "distance", "view", "brief", "briefing",
    "slides",
}  # fmt: skip


def _visible(text: str) -> str:
    """The text a reader sees: placeholders such as ``{betweenness}`` are not words."""
    return re.sub(r"\{[a-z_0-9]+\}", " ", text)


def test_lng004_glossary_covers_the_key_terms_in_every_language():
    ids = {term["id"] for term in TERMS}
    assert ids >= REQUIRED, REQUIRED - ids
    assert {f"sector_{k.split('.', 1)[1]}" for k in catalog("en") if k.startswith("sector.")} <= ids
    assert {f"status_{k.split('.', 1)[1]}" for k in catalog("en") if k.startswith("status.")} <= ids
    for term in TERMS:
        assert set(term["terms"]) == set(available_languages()), term["id"]
        assert all(text.strip() for text in term["terms"].values()), term["id"]
        assert term["note"].strip() and term["source"].strip(), term["id"]


@pytest.mark.parametrize("lang", available_languages())
def test_lng004_catalogs_use_the_glossary_terms(lang):
    """Each key a term names contains that term's form in the language."""
    wrong = []
    for term in TERMS:
        form = term["terms"][lang].casefold()
        for key in term["keys"]:
            if not any(form in text.casefold() for text in message_texts(catalog(lang)[key])):
                wrong.append(f"{key} lacks {term['terms'][lang]!r} ({term['id']})")
    assert wrong == []


@pytest.mark.parametrize("lang", available_languages())
def test_lng004_no_catalog_string_uses_a_known_wrong_variant(lang):
    english = catalog("en")
    found = []
    for term in TERMS:
        for variant in (w for w in term["wrong"] if w["lang"] == lang):
            pattern, scope = re.compile(variant["pattern"]), variant.get("where_en")
            for key, message in catalog(lang).items():
                if scope and not any(re.search(scope, t) for t in message_texts(english[key])):
                    continue
                if any(pattern.search(_visible(text)) for text in message_texts(message)):
                    found.append(f"{key}: {variant['why']} ({term['id']})")
    assert found == []


def test_lng004_wrong_variant_check_catches_a_bad_string(monkeypatch):
    """The check is live: a bare ระเบียง in a Thai string is reported."""
    messages, status = i18n._CATALOGS["th"]
    monkeypatch.setitem(i18n._CATALOGS, "th", ({**messages, "field.corridor": "ระเบียง"}, status))
    with pytest.raises(AssertionError):
        test_lng004_no_catalog_string_uses_a_known_wrong_variant("th")
