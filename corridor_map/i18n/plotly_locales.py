"""Browser-side locale assets: which plotly.js locale each app language uses.

plotly.js 4.1.1 (bundled by plotly 7.1.0) ships locale files for Simplified Chinese, Khmer,
Thai and Vietnamese; they are vendored in ``assets/plotly-locales/`` (MIT, see
data/README.md) and Dash serves them with the other assets on every page. Each file registers
itself with ``Plotly.register`` or, when Plotly is not loaded yet, queues itself on
``window.PlotlyLocales``, which Plotly registers when it loads. A graph then uses one with
``dcc.Graph(config={"locale": plotly_locale(lang)})``. Lao and Burmese have no plotly.js
locale, so their graphs keep plotly's English (the modebar tooltips and date formats).
"""

from __future__ import annotations

from pathlib import Path

from corridor_map.settings import REPO_ROOT

PLOTLY_LOCALES_DIR = REPO_ROOT / "assets" / "plotly-locales"

# App language -> plotly.js locale name (the ``name`` inside the vendored file).
PLOTLY_LOCALES: dict[str, str | None] = {
    "en": None,  # plotly's built-in default
    "zh-Hans": "zh-CN",
    "km": "km",
    "lo": None,
    "th": "th",
    "vi": "vi",
    "my": None,
}


def plotly_locale(lang: str | None) -> str | None:
    """Return the plotly.js locale for app language ``lang``, or None for plotly's English.

    Accepts the app's codes (``zh-Hans``, ``km``, ...) and their region variants
    (``th-TH``, ``zh-Hans-CN``, ``zh-CN``); unknown languages give None.
    """
    if not lang:
        return None
    wanted = lang.replace("_", "-").lower()
    for code, locale in PLOTLY_LOCALES.items():
        if wanted == code.lower():
            return locale
    base = wanted.split("-")[0]
    if base == "zh":
        return None if wanted.startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo")) else "zh-CN"
    return PLOTLY_LOCALES.get(base)


def plotly_locale_file(locale: str) -> Path:
    """Path of the vendored plotly.js file that defines ``locale`` (e.g. ``zh-CN``)."""
    return PLOTLY_LOCALES_DIR / f"plotly-locale-{locale.lower()}.js"


def graph_config(lang: str | None, **options: object) -> dict:
    """A ``dcc.Graph`` config with plotly's own locale for ``lang`` where plotly.js has one."""
    locale = plotly_locale(lang)
    return {**options, "locale": locale} if locale else dict(options)
