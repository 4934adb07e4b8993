"""The briefing storyboard: slides generated from the vocabularies, key figures from the data."""

from __future__ import annotations

import pytest

from corridor_map import schema
from corridor_map.filters import FilterState, apply
from corridor_map.i18n import catalog, translate
from corridor_map.map.figure import MAP_ZOOM
from corridor_map.pages.briefing.storyboard import (
    ANALYTIC_FOCUSES,
    CROSS_BORDER,
    FIGURES,
    FOCUS_CROSS_BORDER,
    OVERVIEW,
    Slide,
    country_slide,
    key_figures,
    sector_slide,
    slide_result,
    slide_view,
    storyboard,
)


def values(context, slide) -> dict[str, object]:
    return {f.name: (f.value, f.value_key) for f in key_figures(context, slide)}


def test_deck_has_overview_each_sector_cross_border_and_each_country(context):
    deck = storyboard(context.sector_ids)
    ids_ = [s.id for s in deck]
    assert ids_[0] == "overview"
    assert ids_[1 : 1 + len(context.sector_ids)] == [f"sector-{s}" for s in context.sector_ids]
    assert "cross-border" in ids_
    # The corridor analytics, a view each.
    assert {"network", "access", "zones-waiting"} <= set(ids_)
    assert ids_[-len(schema.COUNTRIES) :] == [f"country-{c}" for c in schema.COUNTRIES]
    assert "growth" in ids_  # the corridor since 2010
    assert len(set(ids_)) == len(ids_) == 6 + len(context.sector_ids) + len(schema.COUNTRIES)


def test_every_slide_has_two_or_three_known_figures_and_a_translated_title(context):
    for slide in storyboard(context.sector_ids, FilterState(sectors=("water",))):
        assert 2 <= len(slide.figures) <= 3, slide.id
        assert slide.title_key in catalog("en"), slide.id
        assert slide.title_key.replace(".slide.", ".kicker.") in catalog("en"), slide.id
        if slide.focus in ANALYTIC_FOCUSES:
            continue  # figures named by corridor_map.analytics (tested in the briefing tests)
        assert set(slide.figures) <= set(FIGURES), slide.id
        for name in slide.figures:
            assert f"briefing.figure.{name}" in catalog("en")
        if slide.subject_key:
            assert slide.subject_key in catalog("en")


def test_slides_are_frozen_data():
    with pytest.raises(AttributeError):
        OVERVIEW.id = "x"  # type: ignore[misc]
    assert sector_slide("water") == sector_slide("water")
    assert hash(country_slide("LAO")) == hash(country_slide("LAO"))


def test_your_view_comes_first_only_for_a_filtered_url(context):
    assert storyboard(context.sector_ids, FilterState())[0] is OVERVIEW
    state = FilterState(sectors=("digital",), countries=("VNM",))
    deck = storyboard(context.sector_ids, state)
    assert deck[0].id == "your-view" and deck[0].state == state
    assert deck[1:] == storyboard(context.sector_ids)


def test_overview_figures_count_the_whole_registry(context, registry):
    figures = values(context, OVERVIEW)
    assert figures["records"] == (len(registry.entities), "")
    assert figures["cross_border_links"] == (int(registry.links["cross_border"].sum()), "")
    assert figures["countries"] == (registry.entities["country"].nunique(), "")


def test_sector_figures_match_the_filter(context, registry):
    for sector in context.sector_ids:
        result = apply(registry.entities, registry.links, FilterState(sectors=(sector,)))
        figures = values(context, sector_slide(sector))
        # Its own sectors, or one of its project links' sectors (filters.py).
        links = registry.links[[sector in s for s in registry.links["sectors"]]]
        ends = set(links["from_id"]) | set(links["to_id"])
        expected_records = sum(
            sector in s or i in ends
            for i, s in zip(registry.entities.index, registry.entities["sectors"], strict=True)
        )
        assert figures["records"] == (expected_records, "")
        assert figures["records"][0] == int(result.entities.sum())
        assert figures["links"] == (int(result.links.sum()), "")
        countries = registry.entities.loc[result.entities, "country"].nunique()
        assert figures["countries"] == (countries, "")


def test_country_figures_and_top_sector(context, registry):
    links = registry.links
    for country in schema.COUNTRIES:
        figures = values(context, country_slide(country))
        mine = registry.entities[registry.entities["unit"] == country]  # CHN: Yunnan only
        assert figures["records"] == (len(mine), "")
        touching = links[
            links["cross_border"]
            & (links["from_id"].isin(mine.index) | links["to_id"].isin(mine.index))
        ]
        assert figures["cross_border_links"] == (len(touching), "")
        counts = mine["sectors"].explode().value_counts()
        top_count, top_key = figures["top_sector"]
        assert top_count == counts.max()
        sector = top_key.removeprefix("sector.")
        assert counts[sector] == counts.max()
        # Ties go to the first sector in vocabulary order.
        tied = [s for s in context.sector_ids if counts.get(s) == counts.max()]
        assert sector == tied[0]


def test_cross_border_slide_shows_only_cross_border_links_and_their_ends(context, registry):
    assert CROSS_BORDER.focus == FOCUS_CROSS_BORDER
    result = slide_result(context, CROSS_BORDER)
    cross = registry.links["cross_border"].to_numpy(dtype=bool)
    assert (result.links == cross).all()
    ends = set(registry.links.loc[cross, "from_id"]) | set(registry.links.loc[cross, "to_id"])
    assert set(registry.entities.index[result.entities]) == ends
    assert not result.partners.any()
    figures = values(context, CROSS_BORDER)
    assert figures["cross_border_links"] == (int(cross.sum()), "")
    shown = registry.links[cross]
    partners = len(set(shown["from_country"]) | set(shown["to_country"]))
    assert figures["partner_countries"] == (partners, "")
    assert figures["top_link_sector"][1].startswith("sector.")


def test_empty_view_has_zero_counts_and_no_top_sector(context):
    slide = Slide(
        "empty",
        "briefing.slide.your_view",
        FilterState(query="zzqx-no-record-has-this-text"),
        ("records", "links", "top_sector"),
    )
    figures = values(context, slide)
    assert figures == {"records": (0, ""), "links": (0, ""), "top_sector": (None, "")}


def test_top_country_names_the_country_with_most_records(context, registry):
    slide = Slide("x", "briefing.slide.overview", FilterState(), ("records", "top_country"))
    count, key = values(context, slide)["top_country"]
    counts = registry.entities["unit"].value_counts()
    assert key == f"country.{counts.idxmax()}" and count == counts.max()


def test_country_slides_zoom_in_and_overview_keeps_the_corridor_frame(context, registry):
    center, zoom = slide_view(context, OVERVIEW)
    assert zoom == MAP_ZOOM
    for country in schema.COUNTRIES:
        center, zoom = slide_view(context, country_slide(country))
        assert MAP_ZOOM <= zoom <= 7
        mine = registry.entities[
            (registry.entities["country"] == country) & registry.entities["in_corridor"]
        ]
        assert mine["lon"].min() <= center["lon"] <= mine["lon"].max()
        assert mine["lat"].min() <= center["lat"] <= mine["lat"].max()


def test_titles_read_well(context):
    assert translate(OVERVIEW.title_key) == "The corridor at a glance"
    slide = country_slide("LAO")
    assert translate(slide.title_key, "en", subject=translate(slide.subject_key)) == "Laos"
