"""Briefing and embed callbacks called as functions (no browser)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs

import pytest
from dash import no_update

from corridor_map import ids, schema
from corridor_map.filters import FilterState, apply
from corridor_map.i18n import translate
from corridor_map.map.view import view_patch
from corridor_map.pages.briefing.page import (
    briefing_query,
    explorer_href,
    parse_briefing,
    show_slide,
    slide_map_view,
    slide_title,
    step,
)
from corridor_map.pages.briefing.storyboard import slide_result, storyboard
from corridor_map.pages.embed import embed_view, full_map_href, reduce_embed
from corridor_map.view_state import ViewState
from tests.integration.callbacks.conftest import (
    apply_patch,
    find_component,
    prop_id,
    render_page_json,
    run_in_callback_context,
)

#: An entity with links (highlighted when a briefing opens on it).
LINKED_ID = "chn-yunnan-normal-university"
AT = "11.5600,104.9200,9.00"


def deck_size(context) -> int:
    return len(storyboard(context.sector_ids))


def marker_counts(figure: dict) -> list[int]:
    return [
        len(t["selectedpoints"])
        for t in figure["data"]
        if t.get("mode") == "markers" and "selectedpoints" in t
    ]


# --------------------------------------------------------------------------- briefing, pure


def test_be001_parse_briefing_reads_slide_and_view(context):
    assert parse_briefing(context, "") == (ViewState(), 0)
    assert parse_briefing(context, "?slide=3") == (ViewState(), 2)
    view, index = parse_briefing(context, "?sector=water&country=LAO&slide=2&lang=th")
    assert view == ViewState(FilterState(sectors=("water",), countries=("LAO",)), lang="th")
    assert index == 1
    view, index = parse_briefing(context, f"?id={LINKED_ID}&slide=1")
    assert view == ViewState(selected=LINKED_ID) and index == 0


@pytest.mark.parametrize("raw", ["0", "-4", "abc", "9999", ""])
def test_be002_parse_briefing_clamps_bad_slide_numbers(context, raw):
    _view, index = parse_briefing(context, f"?slide={raw}")
    assert 0 <= index < deck_size(context)
    if raw == "9999":
        assert index == deck_size(context) - 1


def test_be003_step_moves_and_stops_at_the_ends():
    assert step(0, ids.BRIEFING_NEXT, 5) == 1
    assert step(0, ids.BRIEFING_PREV, 5) == 0
    assert step(4, ids.BRIEFING_NEXT, 5) == 4
    assert step(2, ids.BRIEFING_FIRST, 5) == 0
    assert step(2, ids.BRIEFING_LAST, 5) == 4
    assert step(2, ids.BRIEFING_URL, 5) == 2


def test_be004_briefing_query_round_trips(context):
    view = ViewState(
        FilterState(sectors=("digital",), countries=("THA",)),
        selected=LINKED_ID,
        at=AT,
        hide=("links",),
        lang="en",
    )
    query = briefing_query(view, 4)
    assert parse_qs(query[1:]) == {
        "sector": ["digital"],
        "country": ["THA"],
        "id": [LINKED_ID],
        "slide": ["5"],
        "lang": ["en"],
    }
    # The briefing frames each slide itself: the explorer's framing and layers are not kept.
    assert parse_briefing(context, query) == (view.only("filters", "selected", "lang"), 4)


def test_be005_briefing_query_keeps_an_ampersand_in_the_search_text(context):
    view, index = parse_briefing(context, "?q=R%26D&slide=2")
    assert view.filters.query == "R&D" and index == 1
    query = briefing_query(view, index)
    assert query == "?q=R%26D&slide=2"
    assert parse_briefing(context, query) == (view, 1)
    new_search, slide, _, _ = show_slide(context, "?q=R%26D", ids.BRIEFING_NEXT, "en")
    assert new_search == "?q=R%26D&slide=2" and slide.id == "overview"


def test_be006_show_slide_next_writes_url_and_initial_load_does_not(context):
    new_search, slide, index, total = show_slide(context, "", None, "en")
    assert new_search is None and slide.id == "overview" and index == 0
    assert total == deck_size(context)
    new_search, slide, index, _ = show_slide(context, "", ids.BRIEFING_NEXT, "en")
    assert new_search == "?slide=2" and index == 1 and slide.id.startswith("sector-")
    new_search, slide, index, _ = show_slide(context, "?slide=2", ids.BRIEFING_PREV, "en")
    assert new_search == "?slide=1" and slide.id == "overview"
    # At the first slide, Previous changes nothing.
    new_search, _, index, _ = show_slide(context, "?slide=1", ids.BRIEFING_PREV, "en")
    assert new_search is None and index == 0


def test_be007_show_slide_keeps_the_opening_view_and_lang(context):
    search = "?country=LAO&lang=en"
    _search, slide, _index, total = show_slide(context, search, None, "en")
    assert slide.id == "your-view" and slide.state.countries == ("LAO",)
    assert total == deck_size(context) + 1
    new_search, slide, _, _ = show_slide(context, search, ids.BRIEFING_NEXT, "en")
    assert parse_qs(new_search[1:]) == {"country": ["LAO"], "slide": ["2"], "lang": ["en"]}
    assert slide.id == "overview"


def test_be008_a_selection_opens_your_view_with_the_record_highlighted(context, base_figure):
    search = f"?country=LAO&id={LINKED_ID}"
    _search, slide, index, total = show_slide(context, search, None, "en")
    assert slide.id == "your-view" and slide.selected == LINKED_ID and index == 0
    assert total == deck_size(context) + 1
    assert storyboard(context.sector_ids, None, LINKED_ID)[0].selected == LINKED_ID
    figure = apply_patch(base_figure, view_patch(slide_map_view(context, slide)))
    entity = context.registry.entities.loc[LINKED_ID]
    point = figure["data"][context.plan.highlight_point]
    assert (point["lon"], point["lat"]) == ([entity["lon"]], [entity["lat"]])
    # Back to the explorer on the same view and record; other slides select nothing.
    assert explorer_href(slide, "th") == f"/?country=LAO&id={LINKED_ID}&lang=th"
    new_search, other, _, _ = show_slide(context, search, ids.BRIEFING_NEXT, "en")
    assert parse_qs(new_search[1:]) == {"country": ["LAO"], "id": [LINKED_ID], "slide": ["2"]}
    assert other.selected is None
    assert explorer_href(other) == "/"


# --------------------------------------------------------------------------- briefing, registered


def test_be009_update_briefing_renders_slide_and_patches_map(context, callbacks, base_figure):
    update = callbacks["update_briefing"]
    outputs = run_in_callback_context(
        update,
        "?slide=1",
        None,
        1,
        None,
        None,
        triggered=[{"prop_id": prop_id(ids.BRIEFING_NEXT, "n_clicks"), "value": 1}],
    )
    (
        search,
        kicker,
        title,
        figures,
        counter,
        prev_off,
        next_off,
        exit_href,
        view,
        extra,
        chart,
        record,
    ) = outputs
    assert extra == []  # no choropleth legend outside the access slide
    assert chart == []  # no growth chart outside the growth slide
    assert record == []  # no record selected
    patch = view_patch(view)
    sector = context.sector_ids[0]
    assert search == "?slide=2"
    assert title == slide_title(storyboard(context.sector_ids)[1], "en")
    assert kicker == "Priority sector"
    assert counter == f"View 2 of {deck_size(context)}"
    assert (prev_off, next_off) == (False, False)
    assert exit_href == f"/?sector={sector}"
    assert len(figures) == 3
    figure = apply_patch(base_figure, patch)
    registry = context.registry
    result = apply(registry.entities, registry.links, FilterState(sectors=(sector,)))
    assert sum(marker_counts(figure)) >= int(result.visible.sum())
    assert figure["layout"]["uirevision"] == f"briefing-sector-{sector}"


def _slide_number(context, slide_id: str) -> int:
    return 1 + [s.id for s in storyboard(context.sector_ids)].index(slide_id)


def _figure_texts(items) -> dict[str, tuple[str, str]]:
    """``data-figure`` name -> (value, label) of rendered key-figure items."""
    return {
        getattr(item, "data-figure"): (item.children[0].children, item.children[1].children)
        for item in items
    }


def test_be010_network_slide_shows_cross_border_links_and_network_figures(context, callbacks):
    number = _slide_number(context, "network")
    outputs = run_in_callback_context(
        callbacks["update_briefing"], f"?slide={number}", None, None, None, None, triggered=[]
    )
    title, figures, view, extra = outputs[2], outputs[3], outputs[8], outputs[9]
    assert title == "Cross-border project network"
    shown = _figure_texts(figures)
    assert list(shown) == ["busiest_pair", "most_connected", "pairs"]
    assert shown["busiest_pair"][1] == "Busiest pair"
    links = context.registry.links
    cross = links[links["cross_border"]]
    # Pairs of units: China outside Yunnan (CHN-X) is a unit of its own, never "China (Yunnan)".
    counts = Counter(
        tuple(sorted(p, key=schema.REPORT_UNITS.index))
        for p in zip(cross["from_unit"], cross["to_unit"], strict=True)
    )
    (a, b), most = max(counts.items(), key=lambda item: item[1])
    names = [translate(f"country.{code}", "en") for code in (a, b)]
    assert shown["busiest_pair"][0] == f"{names[0]} – {names[1]}: {most}"
    assert shown["pairs"][0] == str(len(counts))
    # The map shows exactly the cross-border links (the view's link masks).
    slide = storyboard(context.sector_ids)[number - 1]
    assert slide_result(context, slide).links.sum() == len(cross)
    layout = {tuple(path): value for path, value in view["layout"]}
    assert not any("access-provinces" in layer["source"] for layer in layout[("map", "layers")])
    assert extra == []


def test_be011_access_slide_adds_the_province_choropleth_and_its_legend(context, callbacks):
    number = _slide_number(context, "access")
    outputs = run_in_callback_context(
        callbacks["update_briefing"], f"?slide={number}", None, None, None, None, triggered=[]
    )
    title, figures, view, extra = outputs[2], outputs[3], outputs[8], outputs[9]
    assert title == "Innovation-access gap"
    shown = _figure_texts(figures)
    assert list(shown) == ["beyond_near", "beyond_far", "widest_gap"]
    assert shown["beyond_near"][1] == "Share beyond 50 km of a hub or park"
    assert shown["beyond_near"][0].endswith("%")
    layout = {tuple(path): value for path, value in view["layout"]}
    sources = [layer["source"] for layer in layout[("map", "layers")]]
    assert any(src.startswith("/analytics/access-provinces.geojson") for src in sources)
    assert any(src.startswith("/basemap/") for src in sources)
    assert extra  # the choropleth classes
    slide = storyboard(context.sector_ids)[number - 1]
    result = slide_result(context, slide)
    hubs = context.registry.entities["kind"].isin(["rd_hub", "hightech_park"]).to_numpy()
    assert (result.entities == hubs).all() and not result.links.any()
    # Leaving it: the next slide sets the base layers only.
    outputs = run_in_callback_context(
        callbacks["update_briefing"],
        f"?slide={number}",
        None,
        1,
        None,
        None,
        triggered=[{"prop_id": prop_id(ids.BRIEFING_NEXT, "n_clicks"), "value": 1}],
    )
    layout = {tuple(path): value for path, value in outputs[8]["layout"]}
    assert not any("access-provinces" in layer["source"] for layer in layout[("map", "layers")])
    assert "access-legend" not in str(outputs[9])


def test_be012_update_briefing_last_slide_disables_next(context, callbacks):
    outputs = run_in_callback_context(
        callbacks["update_briefing"],
        "",
        None,
        None,
        None,
        1,
        triggered=[{"prop_id": prop_id(ids.BRIEFING_LAST, "n_clicks"), "value": 1}],
    )
    assert outputs[0] == f"?slide={deck_size(context)}"
    assert outputs[2] == "China (Yunnan)"
    assert outputs[5:7] == (False, True)


def test_be013_update_briefing_from_url_does_not_rewrite_it(context, callbacks):
    outputs = run_in_callback_context(
        callbacks["update_briefing"], "?slide=1", None, None, None, None, triggered=[]
    )
    assert outputs[0] is no_update
    assert outputs[2] == "The corridor at a glance"
    assert outputs[5:7] == (True, False)


def test_be014_update_briefing_exit_link_keeps_the_lang_of_the_url(context, callbacks):
    outputs = run_in_callback_context(
        callbacks["update_briefing"],
        "?country=LAO&q=R%26D&lang=th&slide=1",
        None,
        None,
        None,
        None,
        triggered=[],
        lang="th",
    )
    assert outputs[0] is no_update
    assert outputs[7] == "/?country=LAO&q=R%26D&lang=th"


# --------------------------------------------------------------------------- embed


def test_be015_reduce_embed_url_then_dropdowns_keep_other_params(context):
    search = "?sector=water&kind=rd_hub&q=solar&lang=en"
    view, query = reduce_embed(context, None, search, None, None)
    assert view == ViewState(
        FilterState(sectors=("water",), kinds=("rd_hub",), query="solar"), lang="en"
    )
    assert query == search
    view, query = reduce_embed(context, ids.EMBED_COUNTRY, search, ["water"], ["VNM", "LAO"])
    assert view.filters.countries == ("LAO", "VNM") and view.filters.kinds == ("rd_hub",)
    assert parse_qs(query[1:]) == {
        "sector": ["water"],
        "country": ["LAO,VNM"],
        "kind": ["rd_hub"],
        "q": ["solar"],
        "lang": ["en"],
    }
    # The search text keeps an ampersand through a dropdown change.
    view, query = reduce_embed(context, ids.EMBED_SECTOR, "?q=R%26D", ["health"], [])
    assert view.filters.query == "R&D" and query == "?sector=health&q=R%26D"


def test_be016_embed_keeps_the_map_framing_of_its_url(context):
    search = f"?country=KHM&at={AT}"
    _, query = reduce_embed(context, None, search, None, None)
    assert query == search
    _, query = reduce_embed(context, ids.EMBED_SECTOR, search, ["water"], ["KHM"])
    assert query == f"?sector=water&country=KHM&at={AT}"
    view = ViewState(FilterState(countries=("KHM",)), at=AT, lang="km")
    assert full_map_href(view) == f"/?country=KHM&lang=km&at={AT}"
    # An unusable framing is not carried on.
    _, query = reduce_embed(context, None, "?country=KHM&at=999,0,1", None, None)
    assert query == "?country=KHM"


def test_be017_embed_view_drops_unknown_values(context):
    assert embed_view(context, "?sector=nope,water&country=XXX&foo=1") == ViewState(
        FilterState(sectors=("water",))
    )


def test_be018_full_map_href_keeps_the_whole_view():
    view = ViewState(
        FilterState(sectors=("water",), countries=("LAO",), query="R&D"),
        selected=LINKED_ID,
        hide=("links",),
    )
    assert full_map_href(view) == f"/?sector=water&country=LAO&q=R%26D&id={LINKED_ID}&hide=links"
    assert full_map_href(ViewState()) == "/"


def test_be019_update_embed_callback(context, callbacks, base_figure):
    outputs = run_in_callback_context(
        callbacks["update_embed"],
        "?lang=en",
        [],
        ["KHM"],
        triggered=[{"prop_id": prop_id(ids.EMBED_COUNTRY, "value"), "value": ["KHM"]}],
    )
    sectors, countries, search, href, view = outputs
    patch = view_patch(view)
    assert (sectors, countries) == ([], ["KHM"])
    assert search == "?country=KHM&lang=en" and href == "/?country=KHM&lang=en"
    figure = apply_patch(base_figure, patch)
    registry = context.registry
    result = apply(registry.entities, registry.links, FilterState(countries=("KHM",)))
    assert sum(marker_counts(figure)) >= int(result.visible.sum())
    # Initial call from the URL writes nothing back when the URL is already canonical.
    outputs = run_in_callback_context(
        callbacks["update_embed"], "?country=KHM", [], [], triggered=[]
    )
    assert outputs[:3] == ([], ["KHM"], no_update)


def test_be020_update_embed_highlights_the_urls_record(context, callbacks, base_figure):
    outputs = run_in_callback_context(
        callbacks["update_embed"], f"?id={LINKED_ID}", [], [], triggered=[]
    )
    *_, href, view = outputs
    assert href == f"/?id={LINKED_ID}"
    figure = apply_patch(base_figure, view_patch(view))
    entity = context.registry.entities.loc[LINKED_ID]
    assert figure["data"][context.plan.highlight_point]["lon"] == [entity["lon"]]


def test_be021_pages_serve_and_only_embed_may_be_framed(app):
    client = app.server.test_client()
    for path, framable in (("/", False), ("/briefing", False), ("/embed", True)):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers["Content-Security-Policy"]
        if framable:
            assert "X-Frame-Options" not in response.headers
            assert "frame-ancestors 'none'" not in csp
        else:
            assert response.headers["X-Frame-Options"] == "DENY"
            assert "frame-ancestors 'none'" in csp


def test_be022_layouts_build_for_each_page(app, context):
    from corridor_map.pages import PageRequest
    from corridor_map.pages.briefing.page import briefing_layout
    from corridor_map.pages.embed import embed_layout

    figure = {"data": [], "layout": {}}
    page = briefing_layout(PageRequest("/briefing", "country=VNM&slide=1", "en"), context, figure)
    text = str(page)
    assert "Your view" in text
    embed = embed_layout(PageRequest("/embed", "sector=health", "en"), context, figure)
    assert "'health'" in str(embed) and "Open the full map" in str(embed)
    assert set(schema.COUNTRIES)  # vocabulary available to the embed's country filter


@pytest.mark.parametrize(("path", "graph"), [("/embed", ids.EMBED_MAP), ("/", ids.MAP)])
def test_be023_embed_and_explorer_pages_apply_hide_and_at_from_the_url(app, path, graph):
    page = render_page_json(app, path, "?hide=links&at=16.0000,106.0000,6.00")
    figure = find_component(page, graph)["props"]["figure"]
    off = [t["uid"] for t in figure["data"] if t.get("visible") is False]
    assert off == ["project_links-domestic", "project_links-domestic-points"], path
    assert figure["layout"]["map"]["center"] == {"lat": 16.0, "lon": 106.0}, path
    assert figure["layout"]["map"]["zoom"] == 6.0, path


def test_be024_rendered_embed_and_briefing_pages_follow_their_url(app):
    embed = render_page_json(app, "/embed", f"?sector=health&q=R%26D&lang=vi&at={AT}")
    assert find_component(embed, ids.EMBED_SECTOR)["props"]["value"] == ["health"]
    assert find_component(embed, ids.EMBED_ROOT)["props"]["lang"] == "vi"
    href = find_component(embed, ids.EMBED_FULL_LINK)["props"]["href"]
    assert href == f"/?sector=health&q=R%26D&lang=vi&at={AT}"
    briefing = render_page_json(app, "/briefing", "?country=VNM&slide=2")
    assert find_component(briefing, ids.BRIEFING_ROOT)["props"]["lang"] == "en"
    counter = find_component(briefing, ids.BRIEFING_COUNTER)["props"]["children"]
    assert counter.startswith("View 2 of")
