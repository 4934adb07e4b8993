"""Browser-side locale assets: which plotly.js locale each app language uses.

plotly.js 4.1.1 (bundled by plotly 7.1.0) ships locale files for Simplified Chinese, Khmer,
Thai and Vietnamese; they are vendored in ``assets/plotly-locales/`` (MIT, see
data/README.md) and Dash serves them with the other assets on every page. Each file registers
itself with ``Plotly.register`` or, when Plotly is not loaded yet, queues itself on
``window.PlotlyLocales``, which Plotly registers when it loads. A graph then uses one with
``dcc.Graph(config={"locale": plotly_locale(lang)})``.

The shipped locales carry month and day names but no modebar text (their dictionaries are
empty), and Lao and Burmese have none at all. :func:`graph_config` therefore also passes
plotly's per-graph ``locales`` config: the modebar's strings from the catalogs
(``plotly.*`` keys, see :data:`PLOTLY_STRINGS`) and the number and date format from CLDR
(Babel), which plotly prefers to a registered locale's, key by key.
"""

from __future__ import annotations

from pathlib import Path

from corridor_map.i18n import REFERENCE_LANG, babel_locale, is_language, translate
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


#: plotly.js's English strings (its dictionary keys) that the app's graphs can show -> catalog key.
PLOTLY_STRINGS: dict[str, str] = {
    "Pan": "plotly.pan",
    "Zoom": "plotly.zoom",
    "Zoom in": "plotly.zoom_in",
    "Zoom out": "plotly.zoom_out",
    "Reset view": "plotly.reset_view",
    "Box Select": "plotly.box_select",
    "Lasso Select": "plotly.lasso_select",
    "Autoscale": "plotly.autoscale",
    "Reset axes": "plotly.reset_axes",
    "Download plot as a PNG": "plotly.download_png",
    "Download plot": "plotly.download_plot",
    "Image download succeeded": "plotly.download_ok",
    "Sorry, there was a problem downloading your image!": "plotly.download_failed",
    "Preparing image - this may take a few seconds": "plotly.download_preparing",
    "Double-click to zoom back out": "plotly.zoom_back_out",
    "Show closest data on hover": "plotly.hover_closest",
    "Compare data on hover": "plotly.hover_compare",
    "Toggle show closest data on hover": "plotly.hover_toggle_closest",
}


def plotly_locale_spec(lang: str) -> dict:
    """plotly.js locale data for ``lang``: modebar dictionary and CLDR number/date format."""
    cldr = babel_locale(lang)
    days = cldr.days["format"]
    months = cldr.months["format"]
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # CLDR counts from Monday, plotly from Sunday
    return {
        "dictionary": {text: translate(key, lang) for text, key in PLOTLY_STRINGS.items()},
        "format": {
            "decimal": cldr.number_symbols["latn"]["decimal"],
            "thousands": cldr.number_symbols["latn"]["group"],
            "days": [days["wide"][i] for i in sunday_first],
            "shortDays": [days["abbreviated"][i] for i in sunday_first],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        },
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
    """A ``dcc.Graph`` config in ``lang``: plotly's own locale where plotly.js has one, plus
    the app's modebar text and CLDR formats for it (English: plotly's defaults)."""
    if not is_language(lang) or lang == REFERENCE_LANG:
        return dict(options)
    name = plotly_locale(lang) or lang
    return {**options, "locale": name, "locales": {name: plotly_locale_spec(lang)}}
