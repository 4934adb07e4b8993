"""Layer toggles: each checkbox switches exactly its own traces and base-map layers."""

from __future__ import annotations

import pytest

from corridor_map.context import TracePlan
from corridor_map.map.figure import map_figure
from corridor_map.map.toggles import layer_toggles, toggle_legend, toggle_spec, with_hidden
from corridor_map.view_state import canonical_hide, params_from_query, parse_view
from layers import BASE_LAYERS, BASE_TOGGLES, ENTITY_LAYERS, TOGGLE_IDS
from tests.integration.callbacks.conftest import basemap_url


@pytest.fixture(scope="module")
def figure(registry) -> dict:
    return map_figure(
        registry.entities, registry.links, lang="en", style="white-bg", url_for=basemap_url
    ).to_dict()


def test_tgl001_every_point_layer_and_both_link_kinds_have_a_toggle_on_their_own_traces(
    figure, context
):
    toggles = {t.value: t for t in layer_toggles(context.plan)}
    uids = [trace.get("uid") for trace in figure["data"]]
    for layer in ENTITY_LAYERS:
        traced = {uids[i] for i in toggles[layer.kind].traces}
        assert traced == {layer.kind, f"{layer.kind}-centre"} & set(uids), layer.kind
    assert [uids[i] for i in toggles["links"].traces] == [
        "project_links-domestic",
        "project_links-domestic-points",
    ]
    assert [uids[i] for i in toggles["links_cross_border"].traces] == [
        "project_links-cross",
        "project_links-cross-points",
    ]
    # Highlights are never switched off by a toggle.
    switched = {i for t in toggles.values() for i in t.traces}
    assert not switched & {uids.index("highlight-links"), uids.index("highlight-point")}


@pytest.mark.parametrize("detail", [True, False])
def test_tgl002_base_toggles_point_at_their_layers_sources(figure, detail, context):
    layers = figure["layout"]["map"]["layers"]
    toggles = {t.value: t for t in layer_toggles(context.plan, detail=detail)}
    drawn = [layer for layer in BASE_LAYERS if detail or not layer.detail]
    for value, layer_ids in BASE_TOGGLES.items():
        if value not in toggles:
            assert not detail and all(
                layer.detail for layer in BASE_LAYERS if layer.id in layer_ids
            )
            continue
        positions = toggles[value].base_layers
        assert positions and all(drawn[i].id in layer_ids for i in positions)
        if detail:  # the figure built here is the detailed one
            assert all(layers[i]["source"].endswith(f"{drawn[i].id}.geojson") for i in positions)
    assert ("admin1" in toggles) is detail


def test_tgl003_legend_starts_with_everything_shown_and_spec_is_plain_json(context):
    toggles = layer_toggles(context.plan)
    rows = toggle_legend("t", toggles, "en").children
    buttons = [row.children for row in rows if getattr(row, "className", None) != "legend-note"]
    assert [b.id for b in buttons] == [{"type": "t", "index": t.value} for t in toggles]
    pressed = [b.to_plotly_json()["props"]["aria-pressed"] for b in buttons]
    assert pressed == ["true"] * len(toggles) and len(buttons) == 11
    assert buttons[1].children[1] == "R&D hubs"
    hidden = toggle_legend("t", toggles, "en", ("rd_hub",)).children
    pressed = [
        row.children.to_plotly_json()["props"]["aria-pressed"]
        for row in hidden
        if getattr(row, "className", None) != "legend-note"
    ]
    assert pressed == ["false" if t.value == "rd_hub" else "true" for t in toggles]
    notes = [row for row in rows if getattr(row, "className", None) == "legend-note"]
    assert notes[0].children[1].startswith("Hollow marker")
    spec = toggle_spec(toggles)
    assert set(spec[0]) == {"value", "traces", "base_layers"}


def test_tgl004_toggles_follow_the_url_vocabulary_order(context):
    assert tuple(t.value for t in layer_toggles(context.plan)) == TOGGLE_IDS


def test_tgl005_hide_parameter_is_canonical_and_unknown_layers_are_reported():
    assert canonical_hide(["rivers", "links", "rd_hub"]) == ("rd_hub", "links", "rivers")
    assert canonical_hide(["rivers", "volcanoes"]) == ("rivers",)
    parsed = parse_view(params_from_query("?hide=rivers,volcanoes&country=LAO"), ("water",))
    assert parsed.view.filters.countries == ("LAO",) and parsed.view.hide == ("rivers",)
    assert [(d.key, d.value, d.reason) for d in parsed.dropped] == [
        ("hide", "volcanoes", "unknown layer")
    ]


def test_tgl006_with_hidden_switches_off_exactly_the_named_layers_on_a_copy(figure, context):
    import plotly.graph_objects as go

    toggles = layer_toggles(context.plan)
    shared = go.Figure(figure)
    assert with_hidden(shared, toggles, ()) is shared
    hidden = with_hidden(shared, toggles, ("links_cross_border", "basin"))
    uids = [trace.get("uid") for trace in hidden["data"]]
    off = {uids[i] for i, trace in enumerate(hidden["data"]) if trace.get("visible") is False}
    assert off == {"project_links-cross", "project_links-cross-points"}
    layers = hidden["layout"]["map"]["layers"]
    off_layers = {i for i, layer in enumerate(layers) if layer.get("visible") is False}
    assert off_layers == set(next(t for t in toggles if t.value == "basin").base_layers)
    assert all(trace.visible is not False for trace in shared.data)  # the shared one untouched


def test_tgl010_filter_changes_keep_hidden_layers_in_the_url(context):
    from corridor_map import ids
    from corridor_map.pages.explorer.callbacks import reduce_view
    from corridor_map.view_state import ViewState

    search = "?country=LAO&hide=rivers"
    current, _ = reduce_view(context, None, None, search, (None,) * 4, None, None, ViewState())
    view, notices = reduce_view(
        context,
        ids.SECTOR_FILTER,
        ["water"],
        search,
        (["water"], ["LAO"], [], ""),
        None,
        None,
        current,
    )
    assert notices is None
    assert view.query() == "?sector=water&country=LAO&hide=rivers"


def test_tgl007_the_trace_plan_is_read_from_the_figure_and_names_a_missing_trace(context, figure):
    """The plan's positions are the figure's own: each names the trace it points at."""
    uids = [trace["uid"] for trace in figure["data"]]
    plan = context.plan
    assert [uids[i] for i in plan.links] == ["project_links-domestic", "project_links-cross"]
    for kind, positions in plan.entity.items():
        assert uids[positions[0]] == kind
    assert uids[plan.highlight_point] == "highlight-point"
    with pytest.raises(ValueError, match="expected a trace 'highlight-point', got"):
        TracePlan.from_uids(uids[:-1])


def test_tgl008_every_link_has_a_hover_dot_that_follows_the_filter(context, figure):
    """Lines cannot be hovered between their ends: a dot at each link's middle carries its
    card (title, shortened at a word, kind, status, year), and shows exactly when the link's
    line does."""
    from html import escape

    from corridor_map.filters import FilterState
    from corridor_map.i18n import translate
    from corridor_map.map.figure import LINK_CARD_TITLE, short_text
    from corridor_map.map.view import map_view

    links = context.registry.links
    for position, crossing in zip(context.plan.link_points, (False, True), strict=True):
        trace = figure["data"][position]
        rows = links[links["cross_border"] == crossing]
        assert list(trace["customdata"]) == list(rows["id"])
        assert trace["hoverinfo"] == "text"
        for card, link in zip(trace["hovertext"], rows.to_dict("records"), strict=True):
            title = short_text(link["title"], LINK_CARD_TITLE)
            assert card.startswith(f"<b>{escape(title)}</b><br>")
            assert len(title) <= LINK_CARD_TITLE
            assert translate(f"link_kind.{link['kind']}", "en") in card
            assert translate(f"status.{link['status']}", "en") in card
            if link["start_year"] is not None and link["start_year"] == link["start_year"]:
                assert str(link["start_year"]) in card
    laos = FilterState(countries=("LAO",))
    view = map_view(context, context.result(laos), None)
    masks = {trace: encoded for trace, encoded, _ in view["masks"]}
    shown = context.result(laos).links
    from corridor_map.map.view import encode_mask

    for position, crossing in zip(context.plan.link_points, (False, True), strict=True):
        assert masks[position] == encode_mask(shown[(links["cross_border"] == crossing).to_numpy()])
