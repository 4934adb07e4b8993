"""Third-party widgets' text and formats come from the catalogs and CLDR (issue 18, item 6)."""

from __future__ import annotations

import pytest
from dash import dcc

from corridor_map.i18n import REFERENCE_LANG, available_languages, babel_locale, translate
from corridor_map.i18n.plotly_locales import PLOTLY_STRINGS, graph_config
from corridor_map.i18n.widgets import dropdown_labels, grid_locale_text, number_column

OTHERS = [lang for lang in available_languages() if lang != REFERENCE_LANG]


@pytest.mark.parametrize("lang", OTHERS)
def test_lng008_dropdown_labels_are_the_dropdowns_and_translated(lang):
    labels = dropdown_labels(lang)
    english = dropdown_labels(REFERENCE_LANG)
    assert set(labels) == {"select_all", "deselect_all", "selected_count", "search",
                           "clear_search", "clear_selection", "no_options_found"}  # fmt: skip
    dcc.Dropdown(options=[], labels=labels)  # Dash accepts every key
    assert all(labels[k] != english[k] for k in labels), labels
    assert "{num_selected}" in labels["selected_count"]


@pytest.mark.parametrize("lang", OTHERS)
def test_lng008_grid_locale_text_translated(lang):
    text = grid_locale_text(lang)
    assert text["noRowsToShow"] == translate("grid.noRowsToShow", lang) != "No Rows To Show"
    assert set(text) == set(grid_locale_text(REFERENCE_LANG))


@pytest.mark.parametrize("lang", OTHERS)
def test_lng008_plotly_config_has_modebar_text_and_cldr_format(lang):
    config = graph_config(lang, displaylogo=False)
    spec = config["locales"][config["locale"]]
    assert config["displaylogo"] is False
    assert set(spec["dictionary"]) == set(PLOTLY_STRINGS)
    assert spec["dictionary"]["Zoom in"] != "Zoom in"
    symbols = babel_locale(lang).number_symbols["latn"]
    assert (spec["format"]["decimal"], spec["format"]["thousands"]) == (
        symbols["decimal"],
        symbols["group"],
    )
    assert len(spec["format"]["months"]) == 12 and len(spec["format"]["days"]) == 7


def test_lng008_english_graphs_keep_plotlys_defaults():
    assert graph_config(REFERENCE_LANG, responsive=True) == {"responsive": True}


def test_lng008_number_column_names_the_language():
    column = number_column("vi", digits=1)
    assert column["type"] == "numericColumn"
    assert column["valueFormatter"]["function"] == "corridorNumber(params.value, 'vi', 1)"
