"""Briefing views say what their maps show: the access slide's headline in the map's units,
a selected record described on the card."""

from __future__ import annotations

from corridor_map.analytics import analytics_for
from corridor_map.analytics.access import HUB_KINDS, province_choropleth
from corridor_map.filters import FilterState
from corridor_map.i18n import translate
from corridor_map.pages.briefing.page import (
    ACCESS_THRESHOLD_KM,
    access_slide_figures,
    slide_record,
)
from corridor_map.pages.briefing.storyboard import your_view_slide


def test_map015_access_headline_names_the_province_the_map_shades_darkest(context):
    state = FilterState(kinds=HUB_KINDS)
    figures = dict(access_slide_figures(context, "en", state))
    label = translate("analytics.kf.widest_gap", "en", km=ACCESS_THRESHOLD_KM)
    headline = figures[label]
    analytics = analytics_for(context)
    shaded = province_choropleth(
        analytics.access_for(state).provinces, analytics.province_shapes, ACCESS_THRESHOLD_KM
    )
    darkest = shaded[shaded["bin"] == shaded["bin"].max()]
    assert any(headline.startswith(f"{name} (") for name in darkest["admin1"]), headline
    # One widest gap only: the unit-level one is replaced, not added.
    assert list(figures).count(label) == 1


def test_map016_selected_record_card_shows_description_and_sources(context):
    entities = context.registry.entities
    record = entities[entities["description"].str.len() > 20].index[0]
    children = slide_record(context, your_view_slide(FilterState(), record), "en")
    text = str(children)
    assert entities.loc[record, "name"] in text
    assert entities.loc[record, "description"] in text
    assert "Sources" in text
    first = next(iter(entities.loc[record, "sources"])).split(" ")[0]
    assert first in text
    assert slide_record(context, your_view_slide(FilterState()), "en") == []
