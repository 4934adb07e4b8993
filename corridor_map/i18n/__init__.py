"""Translation lookup: every visible string goes through :func:`translate`.

Catalogs are data: ``corridor_map/i18n/locales/<lang>/<feature>.json``, flat key -> text with
``{placeholders}``; a language's files are merged. English is the reference; a key missing
from another language falls back to English and is reported by :func:`missing_keys` (a test
fails on any). A key ``"@needs_review"`` in a file lists keys whose translation a native
reviewer should check; it is metadata, not a message.
"""

from __future__ import annotations

import datetime
import functools
import json
import numbers
from pathlib import Path

import babel.dates
import babel.numbers
from babel import Locale

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
REFERENCE_LANG = "en"
#: Longest language tag considered (BCP 47 tags in use are far shorter).
MAX_LANG_TAG = 35
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


#: Review states of a translated key. ``reviewed`` is written ``"reviewed: <who or source>"``.
STATUSES = ("machine", "needs_review", "reviewed")
#: Status of a translated key whose file gives none (``scripts/catalog_status.py`` fills it in).
DEFAULT_STATUS = "machine"


def parse_status(value: object) -> tuple[str, str]:
    """Split a ``"@status"`` value into (state, who or what source); raise on a bad value.

    ``"machine"`` and ``"needs_review"`` stand alone; ``"reviewed: <source>"`` must name who
    reviewed the text or against which source (an unsourced "reviewed" is no review).
    """
    state, _, source = str(value).partition(":")
    state, source = state.strip(), source.strip()
    if state == "reviewed" and source:
        return state, source
    if state in ("machine", "needs_review") and not source:
        return state, ""
    raise ValueError(f"status {value!r} is not machine, needs_review or 'reviewed: <source>'")


def load_catalogs(
    locales_dir: Path = LOCALES_DIR,
) -> dict[str, tuple[dict[str, str | dict], dict[str, str]]]:
    """Read every catalog under ``locales_dir``: language -> (merged messages, key -> status).

    Parameters
    ----------
    locales_dir
        Folder of ``<lang>/<feature>.json`` files; a language needs at least one message.

    Returns
    -------
    dict
        Per language, the messages of all its files merged, and each message key's raw status
        (``"@status"``; a key in a legacy ``"@needs_review"`` list is ``needs_review``; a key
        with neither is :data:`DEFAULT_STATUS`).
    """
    found = {}
    for folder in sorted(p for p in locales_dir.iterdir() if p.is_dir()):
        messages: dict[str, str | dict] = {}
        status: dict[str, str] = {}
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            keys = {k: v for k, v in data.items() if not k.startswith("@")}
            messages.update(keys)
            given = data.get("@status", {})
            flagged = set(data.get("@needs_review", []))
            status.update(
                {
                    key: "needs_review" if key in flagged else given.get(key, DEFAULT_STATUS)
                    for key in keys
                }
            )
        if messages:
            found[folder.name] = (messages, status)
    return found


#: The shipped catalogs, loaded at import. Requests only look languages up in this mapping:
#: no path is ever built from a requested language, and nothing is cached per raw value.
_CATALOGS = load_catalogs()
#: Babel's CLDR locale per shipped language, parsed once (``zh-Hans`` -> ``zh_Hans``).
_BABEL_LOCALES = {code: Locale.parse(code.replace("-", "_")) for code in _CATALOGS}


def available_languages() -> tuple[str, ...]:
    """Language codes that have a catalog, English first."""
    return (REFERENCE_LANG, *sorted(code for code in _CATALOGS if code != REFERENCE_LANG))


def is_language(value: object) -> bool:
    """True when ``value`` is exactly the code of a shipped catalog (e.g. ``"zh-Hans"``)."""
    return isinstance(value, str) and value in _CATALOGS


def catalog(lang: object) -> dict[str, str]:
    """Return the catalog of ``lang`` (empty for anything that is not a shipped language)."""
    return _CATALOGS[lang][0] if is_language(lang) else {}


def review_status(lang: object) -> dict[str, str]:
    """Each key's raw review status in ``lang`` (``"machine"``, ``"reviewed: ..."``, ...)."""
    return dict(_CATALOGS[lang][1]) if is_language(lang) else {}


def needs_review(lang: object) -> tuple[str, ...]:
    """Keys whose status in ``lang`` is ``needs_review`` (a native reviewer should check)."""
    return tuple(k for k, v in review_status(lang).items() if parse_status(v)[0] == "needs_review")


def normalise_lang(lang: str | None, default: str = REFERENCE_LANG) -> str:
    """Map a requested language tag (``zh-Hans-CN``, ``th_TH``) to an available catalog."""
    if not lang or not isinstance(lang, str) or len(lang) > MAX_LANG_TAG:
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


def babel_locale(lang: object) -> Locale:
    """The CLDR locale (Babel) of app language ``lang``; English for anything else."""
    return _BABEL_LOCALES.get(lang if is_language(lang) else REFERENCE_LANG, _BABEL_LOCALES["en"])


@functools.lru_cache(maxsize=8192)  # counts repeat on every chart and list; bounded
def format_number(value: float, lang: str = REFERENCE_LANG, digits: int = 0) -> str:
    """Format ``value`` with ``lang``'s CLDR grouping and decimal signs (``131.603.024`` in vi).

    Parameters
    ----------
    value
        The number.
    lang
        App language code.
    digits
        Decimal places shown (rounded half-even, CLDR's default); integers show none.

    Notes
    -----
    Digits stay Latin in every language (CLDR's ``latn`` numbering system), as on the charts
    and in the ministries' own web pages; only the separators follow the locale.
    """
    return _number_pattern(max(digits, 0)).apply(value, babel_locale(lang))


@functools.cache
def _number_pattern(digits: int) -> babel.numbers.NumberPattern:
    """CLDR pattern ``#,##0.0…`` with ``digits`` decimals, parsed once (parsing dominates)."""
    return babel.numbers.parse_pattern("#,##0" + ("." + "0" * digits if digits else ""))


def format_date(value: datetime.date | str, lang: str = REFERENCE_LANG) -> str:
    """Format a date (or an ISO ``YYYY-MM-DD`` string) in ``lang``'s CLDR medium date form.

    An empty value (no date known) gives an empty string.
    """
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return babel.dates.format_date(value, format="medium", locale=babel_locale(lang))


def plural_category(count: float, lang: str = REFERENCE_LANG) -> str:
    """CLDR plural category of ``count`` in ``lang``: ``one`` or ``other`` in English; ``other``
    only in th, vi, zh, km, lo and my."""
    return babel_locale(lang).plural_form(abs(count))


def _select(message: str | dict, lang: str, values: dict) -> str:
    """Resolve a plural message (nested ``{"@plural": name, "one": .., "other": ..}``) to text."""
    while isinstance(message, dict):
        name = message.get("@plural", "count")
        category = plural_category(values[name], lang)
        message = message.get(category, message["other"])
    return message


def _present(value: object, lang: str) -> object:
    """A placeholder value as shown: numbers in the locale's form, anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float, numbers.Integral)):
        return value
    return format_number(value, lang, digits=0 if float(value).is_integer() else 1)


def translate(key: str, lang: str = REFERENCE_LANG, /, **values: object) -> str:
    """Translate ``key`` into ``lang``, falling back to English, and fill placeholders.

    Parameters
    ----------
    key
        Catalog key, e.g. ``"filters.sector.label"``.
    lang
        Language code from :func:`available_languages`.
    **values
        Placeholder values for ``str.format``. Numbers (``int``, ``float``) are formatted for
        the language (:func:`format_number`; a float shows one decimal unless it is whole), so
        pass numbers, not preformatted strings.

    Returns
    -------
    str
        The text; the key itself if even English lacks it (so a gap is visible, not blank).

    Notes
    -----
    A catalog value is a string, or a plural message: an object keyed by CLDR plural category
    (``zero``, ``one``, ``two``, ``few``, ``many``, ``other``; ``other`` required) whose
    ``"@plural"`` names the placeholder that selects the form (default ``count``). A form may
    itself be a plural message over another placeholder, for a sentence with two counts.
    Languages with one plural form (th, vi, zh, km, lo, my) simply give a string.
    """
    source = next((c for c in (lang, REFERENCE_LANG) if _has_text(catalog(c).get(key))), None)
    if source is None:
        return key
    text = _select(catalog(source)[key], source, values)
    if not values:
        return text
    return text.format(**{name: _present(value, lang) for name, value in values.items()})


def _has_text(message: object) -> bool:
    """True when a catalog value is a non-blank string or a plural message."""
    return isinstance(message, dict) or (isinstance(message, str) and bool(message.strip()))


def message_texts(message: str | dict) -> list[str]:
    """Every text form of a catalog value (one for a string, each plural form otherwise)."""
    if isinstance(message, dict):
        return [t for k, v in message.items() if not k.startswith("@") for t in message_texts(v)]
    return [message]


def missing_keys(lang: str) -> list[str]:
    """Keys of the English catalog that ``lang`` lacks or leaves empty."""
    target = catalog(lang)
    return sorted(k for k in catalog(REFERENCE_LANG) if not _has_text(target.get(k)))
