"""Translation lookup: every visible string goes through :func:`translate`.

Catalogs are data: ``corridor_map/i18n/locales/<lang>/<feature>.json``, flat key -> text with
``{placeholders}``; a language's files are merged. English is the reference; a key missing
from another language falls back to English and is reported by :func:`missing_keys` (a test
fails on any). A key ``"@needs_review"`` in a file lists keys whose translation a native
reviewer should check; it is metadata, not a message.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
REFERENCE_LANG = "en"
#: Each language's name in that language (autonyms are the same whatever the page language).
LANGUAGE_NAMES = {
    "en": "English",
    "zh-Hans": "简体中文",
    "km": "ខ្មែរ",
    "lo": "ລາວ",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "my": "မြန်မာ",
}


@cache
def available_languages() -> tuple[str, ...]:
    """Language codes that have a catalog, English first."""
    codes = sorted(p.name for p in LOCALES_DIR.iterdir() if p.is_dir() and any(p.glob("*.json")))
    codes.remove(REFERENCE_LANG)
    return (REFERENCE_LANG, *codes)


@cache
def catalog(lang: str) -> dict[str, str]:
    """Return the catalog of ``lang`` (empty for an unknown language)."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.json")) if lang else ():
        data = json.loads(path.read_text(encoding="utf-8"))
        merged.update({k: v for k, v in data.items() if not k.startswith("@")})
    return merged


@cache
def needs_review(lang: str) -> tuple[str, ...]:
    """Keys a native speaker should review in ``lang`` (listed under ``@needs_review``)."""
    keys: list[str] = []
    for path in sorted((LOCALES_DIR / lang).glob("*.json")):
        keys += json.loads(path.read_text(encoding="utf-8")).get("@needs_review", [])
    return tuple(keys)


def normalise_lang(lang: str | None, default: str = REFERENCE_LANG) -> str:
    """Map a requested language tag (``zh-Hans-CN``, ``th_TH``) to an available catalog."""
    if not lang:
        return default
    wanted = lang.replace("_", "-").lower()
    for code in available_languages():
        if wanted == code.lower() or wanted.split("-")[0] == code.lower().split("-")[0]:
            return code
    return default


def negotiate(
    requested: str | None, accept_language: str | None, default: str = REFERENCE_LANG
) -> str:
    """Choose the page language: ``lang=`` in the URL, else the browser's Accept-Language.

    Parameters
    ----------
    requested
        The ``lang`` URL parameter, if any.
    accept_language
        The request's ``Accept-Language`` header, if any.
    default
        Used when neither names an available language.
    """
    if requested:
        return normalise_lang(requested, default)
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip()
        if tag and tag != "*" and (found := normalise_lang(tag, "")):
            return found
    return default


def translate(key: str, lang: str = REFERENCE_LANG, /, **values: object) -> str:
    """Translate ``key`` into ``lang``, falling back to English, and fill placeholders.

    Parameters
    ----------
    key
        Catalog key, e.g. ``"filters.sector.label"``.
    lang
        Language code from :func:`available_languages`.
    **values
        Placeholder values for ``str.format``.

    Returns
    -------
    str
        The text; the key itself if even English lacks it (so a gap is visible, not blank).
    """
    text = next(
        (t for t in (catalog(lang).get(key), catalog(REFERENCE_LANG).get(key)) if t and t.strip()),
        key,
    )
    return text.format(**values) if values else text


def missing_keys(lang: str) -> list[str]:
    """Keys of the English catalog that ``lang`` lacks or leaves empty."""
    target = catalog(lang)
    return sorted(k for k in catalog(REFERENCE_LANG) if not str(target.get(k, "")).strip())
