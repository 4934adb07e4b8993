"""Text of third-party widgets in the page's language: Dash's dropdowns, AG Grid, MapLibre.

Each widget's own strings live in the catalogs under one prefix (``chrome.json``): the widget's
key is the catalog key without the prefix, so the mapping is derived from the English catalog
rather than listed twice.

- ``dropdown.<label>`` -> ``dcc.Dropdown(labels=...)`` (``select_all``, ``search``, ...);
  ``{num_selected}`` is filled in by the dropdown itself.
- ``grid.<localeKey>`` -> AG Grid's ``localeText`` (``noRowsToShow``, ``filterOoo``, ...).
- ``map.toggle_attribution`` -> MapLibre's attribution button (set in the browser by
  assets/map-chrome.js from the page's ``#ui-strings`` block, see :func:`ui_strings`).
"""

from __future__ import annotations

from corridor_map.i18n import REFERENCE_LANG, catalog, translate

DROPDOWN_PREFIX = "dropdown."
GRID_PREFIX = "grid."


def _prefixed(prefix: str, lang: str) -> dict[str, str]:
    """Widget key -> text in ``lang`` for every English catalog key under ``prefix``."""
    return {
        key.removeprefix(prefix): translate(key, lang)
        for key in catalog(REFERENCE_LANG)
        if key.startswith(prefix)
    }


def dropdown_labels(lang: str) -> dict[str, str]:
    """``dcc.Dropdown``'s ``labels`` (Select All, Search, Clear selection...) in ``lang``."""
    return _prefixed(DROPDOWN_PREFIX, lang)


def grid_locale_text(lang: str) -> dict[str, str]:
    """AG Grid's ``localeText`` (overlays, filter panel, screen-reader text) in ``lang``."""
    return _prefixed(GRID_PREFIX, lang)


def ui_strings(lang: str) -> dict[str, str]:
    """Strings the page's own scripts put on widgets they do not render (MapLibre's controls)."""
    return {"toggleAttribution": translate("map.toggle_attribution", lang)}


def number_column(lang: str, digits: int = 0) -> dict:
    """AG Grid column options showing numbers in ``lang``'s form (grouping, decimal sign).

    The cell keeps its number (so sorting and filtering stay numeric); only the text shown
    is formatted, by ``corridorNumber`` in assets/lazy-grid.js with the browser's CLDR data
    (``Intl.NumberFormat``), Latin digits as :func:`corridor_map.i18n.format_number`.
    """
    return {
        "type": "numericColumn",
        "valueFormatter": {"function": f"corridorNumber(params.value, '{lang}', {int(digits)})"},
    }
