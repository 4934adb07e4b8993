"""Tests for corridor_map.i18n: lookup, fallback, placeholders and catalog completeness."""

from __future__ import annotations

import json
import string

import pytest

from corridor_map import i18n
from corridor_map.i18n import (
    REFERENCE_LANG,
    available_languages,
    catalog,
    missing_keys,
    normalise_lang,
    translate,
)


def _placeholders(message: str | dict) -> set[str]:
    """Placeholders of a catalog value: every form's fields, and each plural selector."""
    found = {
        field
        for text in i18n.message_texts(message)
        for _, field, _, _ in string.Formatter().parse(text)
        if field is not None
    }
    if isinstance(message, dict):
        found.add(message.get("@plural", "count"))
        found |= {
            n for form in message.values() if isinstance(form, dict) for n in _placeholders(form)
        }
    return found


def _catalog_file(root, lang: str):
    folder = root / lang
    folder.mkdir(exist_ok=True)
    return folder / "core.json"


@pytest.fixture()
def fake_locales(tmp_path, monkeypatch):
    """Point i18n at a temporary locales folder with en, th and zh-Hans catalogs."""
    _catalog_file(tmp_path, "en").write_text(
        json.dumps(
            {
                "greeting": "Hello",
                "summary": "{matches} records, {links} links",
                "only.english": "English only",
                "blank.elsewhere": "Not blank",
                "empty.elsewhere": "Not empty",
            }
        ),
        encoding="utf-8",
    )
    _catalog_file(tmp_path, "th").write_text(
        json.dumps(
            {
                "greeting": "สวัสดี",
                "summary": "{matches} รายการ {links} ลิงก์",
                "blank.elsewhere": "   ",
                "empty.elsewhere": "",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    _catalog_file(tmp_path, "zh-Hans").write_text(
        json.dumps({"greeting": "你好"}), encoding="utf-8"
    )
    monkeypatch.setattr(i18n, "_CATALOGS", i18n.load_catalogs(tmp_path))
    return tmp_path


# --- shipped catalogs ---------------------------------------------------------------------


def test_i18n001_english_first():
    languages = available_languages()
    assert languages[0] == REFERENCE_LANG
    assert len(set(languages)) == len(languages)
    assert catalog(REFERENCE_LANG), "the English catalog is empty or missing"


@pytest.mark.parametrize("lang", available_languages())
def test_i18n001_catalog_complete(lang):
    missing = missing_keys(lang)
    assert missing == [], (
        f"catalog {lang}.json lacks or leaves empty {len(missing)} key(s) of en.json: "
        + ", ".join(missing)
    )


@pytest.mark.parametrize("lang", available_languages())
def test_i18n001_catalog_placeholders_match_english(lang):
    english = catalog(REFERENCE_LANG)
    target = catalog(lang)
    wrong = [
        key
        for key, text in target.items()
        if key in english and _placeholders(text) != _placeholders(english[key])
    ]
    assert wrong == [], f"catalog {lang}.json has placeholders unlike en.json in: {wrong}"


@pytest.mark.parametrize("lang", available_languages())
def test_i18n001_catalog_has_no_stray_keys(lang):
    stray = sorted(set(catalog(lang)) - set(catalog(REFERENCE_LANG)))
    assert stray == [], f"catalog {lang}.json has keys that en.json lacks: {stray}"


def test_i18n001_shipped_translate():
    assert translate("app.title") == "Corridor Map"
    assert translate("app.title", "xx") == "Corridor Map"
    text = translate("result.summary", "en", matches=3, links=2, partners=1)
    assert text == "3 records match. 2 project links shown; partners outside the filter: 1."


def test_i18n001_every_english_text_formats():
    for key, text in catalog(REFERENCE_LANG).items():
        assert all(t.strip() for t in i18n.message_texts(text)), f"en.json leaves {key} empty"
        names = _placeholders(text)
        if names:
            filled = translate(key, REFERENCE_LANG, **dict.fromkeys(names, 7))
            assert "{" not in filled, key


# --- translate ----------------------------------------------------------------------------


def test_i18n001_translate_uses_language(fake_locales):
    assert translate("greeting") == "Hello"
    assert translate("greeting", "th") == "สวัสดี"
    assert translate("greeting", "zh-Hans") == "你好"


def test_i18n001_translate_falls_back_to_english(fake_locales):
    assert translate("only.english", "th") == "English only"
    assert translate("empty.elsewhere", "th") == "Not empty"  # empty counts as missing
    assert translate("greeting", "xx") == "Hello"  # unknown language


def test_i18n001_translate_falls_back_on_whitespace_only_text(fake_locales):
    assert translate("blank.elsewhere", "th") == "Not blank"


def test_i18n001_translate_fills_placeholders(fake_locales):
    assert translate("summary", "en", matches=5, links=2) == "5 records, 2 links"
    assert translate("summary", "th", matches=5, links=2) == "5 รายการ 2 ลิงก์"
    # Falls back to English, then fills.
    assert translate("summary", "zh-Hans", matches=1, links=0) == "1 records, 0 links"


def test_i18n001_translate_without_values_leaves_braces(fake_locales):
    assert translate("summary") == "{matches} records, {links} links"


def test_i18n001_unknown_key_returns_key(fake_locales):
    assert translate("no.such.key") == "no.such.key"
    assert translate("no.such.key", "th") == "no.such.key"


def test_i18n001_unknown_key_returns_key_shipped():
    assert translate("no.such.key.anywhere", "en") == "no.such.key.anywhere"


def test_i18n001_missing_keys_reports_gaps(fake_locales):
    assert available_languages() == ("en", "th", "zh-Hans")
    assert missing_keys("en") == []
    assert missing_keys("th") == ["blank.elsewhere", "empty.elsewhere", "only.english"]
    assert missing_keys("zh-Hans") == [
        "blank.elsewhere",
        "empty.elsewhere",
        "only.english",
        "summary",
    ]
    assert missing_keys("xx") == sorted(catalog("en"))


# --- normalise_lang -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("EN", "en"),
        ("xx", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_i18n001_normalise_lang_shipped(requested, expected):
    assert normalise_lang(requested) == expected


def test_i18n001_normalise_lang_unknown_uses_default():
    assert normalise_lang("xx-YY", default="en") == "en"
    assert normalise_lang(None, default="en") == "en"
    assert normalise_lang("qq", default="zz") == "zz"


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("th", "th"),
        ("th_TH", "th"),
        ("TH-th", "th"),
        ("zh-Hans", "zh-Hans"),
        ("zh-Hans-CN", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("en-GB", "en"),
        ("lo", "en"),
    ],
)
def test_i18n001_normalise_lang_regions(fake_locales, requested, expected):
    assert normalise_lang(requested) == expected


def test_i18n001_normalise_lang_default_when_unavailable(fake_locales):
    assert normalise_lang("lo", default="th") == "th"


def test_i18n002_catalog_merges_feature_files_and_skips_metadata(fake_locales):
    extra = fake_locales / "th" / "extra.json"
    extra.write_text(
        json.dumps({"only.english": "ภาษาไทย", "@needs_review": ["only.english"]}), encoding="utf-8"
    )
    i18n._CATALOGS.update(i18n.load_catalogs(fake_locales))
    assert translate("only.english", "th") == "ภาษาไทย"
    assert "@needs_review" not in catalog("th")
    assert i18n.needs_review("th") == ("only.english",)
    assert i18n.review_status("th")["greeting"] == i18n.DEFAULT_STATUS


# --- review status -------------------------------------------------------------------------


def test_lng001_status_object_and_legacy_list(fake_locales):
    extra = fake_locales / "th" / "extra.json"
    extra.write_text(
        json.dumps(
            {
                "@status": {"only.english": "reviewed: Royal Institute dictionary"},
                "@needs_review": ["flagged"],
                "only.english": "ภาษาไทย",
                "flagged": "ข้อความ",
                "unmarked": "ข้อความ",
            }
        ),
        encoding="utf-8",
    )
    i18n._CATALOGS.update(i18n.load_catalogs(fake_locales))
    status = i18n.review_status("th")
    assert status["only.english"] == "reviewed: Royal Institute dictionary"
    assert status["flagged"] == "needs_review"
    assert status["unmarked"] == "machine"
    assert i18n.needs_review("th") == ("flagged",)
    assert "@status" not in catalog("th")


@pytest.mark.parametrize("value", ["reviewed", "reviewed:  ", "ok", "machine: x", ""])
def test_lng001_bad_status_is_refused(value):
    with pytest.raises(ValueError):
        i18n.parse_status(value)


@pytest.mark.parametrize("lang", [c for c in available_languages() if c != REFERENCE_LANG])
def test_lng001_every_shipped_key_has_a_valid_status(lang):
    """Every translated file carries an explicit status per key (scripts/catalog_status.py)."""
    for path in sorted((i18n.LOCALES_DIR / lang).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = {k for k in data if not k.startswith("@")}
        status = data.get("@status", {})
        assert set(status) == keys, f"{path.name}: run scripts/catalog_status.py"
        assert "@needs_review" not in data, f"{path.name}: run scripts/catalog_status.py"
        for value in status.values():
            i18n.parse_status(value)


# --- plurals and locale formatting ---------------------------------------------------------


@pytest.mark.parametrize(
    ("matches", "links", "expected"),
    [
        (1, 1, "1 record matches. 1 project link shown; partners outside the filter: 0."),
        (1, 4, "1 record matches. 4 project links shown; partners outside the filter: 0."),
        (2, 1, "2 records match. 1 project link shown; partners outside the filter: 0."),
        (0, 0, "0 records match. 0 project links shown; partners outside the filter: 0."),
        (1234, 2, "1,234 records match. 2 project links shown; partners outside the filter: 0."),
    ],
)
def test_lng002_english_plural_follows_cldr(matches, links, expected):
    assert translate("result.summary", "en", matches=matches, links=links, partners=0) == expected


@pytest.mark.parametrize("lang", available_languages())
def test_lng002_plural_messages_cover_the_language_categories(lang):
    """A plural message gives ``other`` and only categories CLDR defines for its language."""
    allowed = set(i18n.babel_locale(lang).plural_form.tags) | {"other"}

    def check(key, message):
        if isinstance(message, dict):
            assert "other" in message, key
            forms = {k for k in message if not k.startswith("@")}
            assert forms <= allowed, f"{lang} {key}: {forms - allowed} not CLDR categories"
            for form in message.values():
                check(key, form)

    for key, message in catalog(lang).items():
        check(key, message)


def test_lng002_languages_without_plural_use_one_form():
    assert i18n.plural_category(1, "th") == "other"
    assert i18n.plural_category(1, "en") == "one"
    assert i18n.plural_category(2, "en") == "other"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "131,603,024"),
        ("vi", "131.603.024"),
        ("lo", "131.603.024"),
        ("th", "131,603,024"),
        ("zh-Hans", "131,603,024"),
        ("km", "131,603,024"),
        ("my", "131,603,024"),
    ],
)
def test_lng003_numbers_follow_cldr(lang, expected):
    assert i18n.format_number(131603024, lang) == expected
    assert translate("analytics.km", lang, value=131603024).startswith(expected)


def test_lng003_decimals_and_dates_follow_cldr():
    assert i18n.format_number(1234.56, "vi", 1) == "1.234,6"
    assert i18n.format_number(1234.56, "en", 1) == "1,234.6"
    assert translate("analytics.percent", "vi", value=12.5) == "12,5%"
    assert i18n.format_date("2026-03-04", "en") == "Mar 4, 2026"
    assert i18n.format_date("2026-03-04", "zh-Hans") == "2026年3月4日"
    assert i18n.format_date("2026-03-04", "vi") == "4 thg 3, 2026"
