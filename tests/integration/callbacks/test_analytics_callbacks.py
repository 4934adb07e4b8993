"""Analytics callbacks called as functions: matrix, pair highlight on the map, access, layers.

What follows the filters (the network matrix, its totals, the access table) is rendered by
the explorer's one callback, ``update_explorer``; a matrix click (``show_pair_links``) and
the choropleth switch (``show_choropleth``) are the section's own callbacks; both write the
compact map view.
"""

from __future__ import annotations

import pytest
from dash import no_update
from dash._utils import stringify_id
from dash.exceptions import PreventUpdate

from corridor_map import ids
from corridor_map.filters import FilterState, apply
from corridor_map.map.view import map_view, view_patch
from corridor_map.pages.explorer.analytics import (
    CHOROPLETH_FIRST_SLOT,
    CHOROPLETH_URL,
    TOGGLE_OFF,
    access_outputs,
    access_table_rows,
    clicked_pair,
    pair_view,
)
from corridor_map.pages.explorer.grids import GRID_ROWS, part_id
from corridor_map.view_state import ViewState
from tests.conftest import find_by_id
from tests.integration.callbacks.conftest import (
    apply_patch,
    outputs_by_id,
    patch_operations,
    run_in_callback_context,
)

#: Every lazy grid open (its button clicked once), so ``update_explorer`` sends their rows.
GRIDS_OPEN = (1, 1, 1)


def by_id(outputs) -> dict:
    """``update_explorer``'s outputs keyed ``"<id>.<prop>"``."""
    return outputs_by_id("update_explorer", outputs)


LANG = "en"
#: An entity with cross-border links (selected while a pair is shown).
LINKED_ID = "chn-yunnan-normal-university"


def store(state: FilterState, selected: str | None = None) -> dict:
    """The explorer's view store for ``state``."""
    return ViewState(state, selected).to_json()


def click(a: str, b: str) -> dict:
    return {"points": [{"customdata": f"{a}|{b}", "z": 1}]}


def pair_mask(links, shown, a: str, b: str):
    """Links shown under the filter that join units ``a`` and ``b`` (CHN is Yunnan: partner
    ends elsewhere in China are the unit CHN-X)."""
    return (
        links.index.isin(shown.index)
        & links["cross_border"]
        & links["from_unit"].isin([a, b])
        & links["to_unit"].isin([a, b])
    )


@pytest.fixture(scope="module")
def fns(callbacks):
    names = ("update_explorer", "show_pair_links", "show_choropleth")
    missing = [n for n in names if n not in callbacks]
    assert not missing, f"analytics callbacks not registered: {missing}"
    return {n: callbacks[n] for n in names}


def network_parts(fns, search: str) -> tuple:
    """Network matrix, total, top list and selection line ``update_explorer`` renders on
    loading ``search``."""
    out = by_id(
        run_in_callback_context(
            fns["update_explorer"],
            search,
            *[None] * 7,
            [],
            None,
            None,
            [],
            None,
            triggered=[],
            lang=LANG,
        )
    )
    parts = (ids.NETWORK_MATRIX, ids.NETWORK_TOTAL, ids.NETWORK_TOP, ids.NETWORK_SELECTION)
    return tuple(
        out[f"{part}.{'figure' if part == ids.NETWORK_MATRIX else 'children'}"] for part in parts
    )


@pytest.mark.parametrize(
    ("search", "state"),
    [
        ("", FilterState()),
        ("?sector=water", FilterState(sectors=("water",))),
        ("?country=MMR", FilterState(countries=("MMR",))),
    ],
)
def test_an001_matrix_follows_the_filters(fns, registry, search, state):
    figure, total, top, selection = network_parts(fns, search)
    shown = registry.links[apply(registry.entities, registry.links, state).links]
    z = figure["data"][0]["z"]
    cells = sum(int(v) for row in z for v in row if v is not None)  # null: not a pair
    assert cells == int(shown["cross_border"].sum())
    assert str(int(shown["cross_border"].sum())) in total
    assert selection == ""
    assert top is not None


def test_an002_cell_click_draws_the_pairs_links(fns, registry, context, base_figure):
    view, text = fns["show_pair_links"](click("CHN", "LAO"), store(FilterState()), LANG)
    trace = context.plan.highlight_links
    figure = apply_patch(base_figure, view_patch(view))
    lon = figure["data"][trace]["lon"]
    links = registry.links
    expected = links[pair_mask(links, links, "CHN", "LAO")]
    assert len(expected) > 0
    assert len(lon) == 3 * len(expected)  # two ends and a gap per link
    assert str(len(expected)) in text and "Laos" in text
    # The highlight is all that differs from the explorer's own view of the same filter.
    plain = map_view(context, context.result(FilterState()), None)
    assert view["masks"] == plain["masks"]
    assert view["layout"] == []  # the map is not moved
    differing = {
        line[0] for line, same in zip(view["lines"], plain["lines"], strict=True) if line != same
    }
    assert differing == {trace}
    # Only data traces' points and lines change on the figure.
    assert {op["location"][0] for op in patch_operations(view_patch(view))} == {"data"}


def test_an003_cell_click_respects_filters_and_keeps_the_selection(fns, registry, context):
    state = FilterState(sectors=("water",))
    view, text = fns["show_pair_links"](click("LAO", "CHN"), store(state, LINKED_ID), LANG)
    shown = registry.links[apply(registry.entities, registry.links, state).links]
    chosen = pair_mask(registry.links, shown, "CHN", "LAO")
    count = int(chosen.sum())
    assert (str(count) in text) if count else ("No links" in text)
    # The same as pair_view, which highlights the pair among the links the filter shows...
    pair = clicked_pair(click("LAO", "CHN"))
    assert pair == clicked_pair(click("CHN", "LAO"))  # either cell of the pair
    assert (view, text) == pair_view(context, state, LINKED_ID, pair, LANG)
    expected = map_view(context, context.result(state), LINKED_ID, highlight_links=chosen)
    assert view == expected
    # ...and the selected record's point stays highlighted.
    point = next(line for line in view["lines"] if line[0] == context.plan.highlight_point)
    entity = context.registry.entities.loc[LINKED_ID]
    assert point[1:] == [[float(entity["lon"])], [float(entity["lat"])]]


def test_an004_diagonal_or_empty_click_does_nothing(fns):
    for data in (None, {"points": []}, click("LAO", "LAO"), click("LAO", "XXX")):
        with pytest.raises(PreventUpdate):
            fns["show_pair_links"](data, None, LANG)
    assert clicked_pair(click("CHN", "KHM")) == ("KHM", "CHN")


def test_an005_access_table_and_summary(context):
    rows = access_table_rows(context, FilterState(), LANG)
    (summary,) = access_outputs(context, FilterState(), LANG)
    units = [r for r in rows if r["level"] == "Unit"]
    assert len(units) == 6
    assert all(0 <= r["beyond_50"] <= 100 for r in rows if r["beyond_50"] is not None)
    assert all(r["beyond_100"] <= r["beyond_50"] for r in rows)
    assert "km" in summary
    laos = access_table_rows(context, FilterState(countries=("LAO",)), LANG)
    assert {r["unit"] for r in laos} == {"Laos"}


def test_an006_update_explorer_renders_the_access_parts(fns, context):
    args = ("?country=LAO", *[None] * 7, [], None, None, [], None)
    out = by_id(run_in_callback_context(fns["update_explorer"], *args, triggered=[]))
    closed = out[f"{stringify_id(part_id(GRID_ROWS, ids.ACCESS_GRID))}.data"]
    assert closed is no_update, "a closed table's rows are not sent"
    out = by_id(
        run_in_callback_context(
            fns["update_explorer"], *args, None, None, None, *GRIDS_OPEN, triggered=[]
        )
    )
    laos = FilterState(countries=("LAO",))
    payload = out[f"{stringify_id(part_id(GRID_ROWS, ids.ACCESS_GRID))}.data"]
    assert payload["rows"] == access_table_rows(context, laos, LANG)
    assert out[f"{ids.ACCESS_SUMMARY}.children"] == access_outputs(context, laos, LANG)[0]
    assert {r["unit"] for r in payload["rows"]} == {"Laos"}
    assert payload["key"] == out[f"{ids.GRID_KEY}.data"][ids.ACCESS_GRID]


def _layer_changes(view: dict) -> dict:
    """The view's layout changes on ``map.layers`` as {(index, key): value}."""
    return {
        (path[2], path[3]): value for path, value in view["layout"] if path[:2] == ["map", "layers"]
    }


def test_an007_choropleth_switch_shows_and_hides_its_layers_through_the_map_view(fns, app):
    data = store(FilterState(sectors=("water",)))
    shown = _layer_changes(fns["show_choropleth"]("50", data))
    slots = sorted({index for index, _ in shown})
    assert slots == list(range(CHOROPLETH_FIRST_SLOT, CHOROPLETH_FIRST_SLOT + 4))
    assert all(shown[(i, "visible")] is True for i in slots)
    assert all(
        shown[(i, "source")].startswith(CHOROPLETH_URL)
        and "sector=water" in shown[(i, "source")]
        and "threshold=50" in shown[(i, "source")]
        for i in slots
    )
    hidden = _layer_changes(fns["show_choropleth"](TOGGLE_OFF, data))
    assert all(hidden[(i, "visible")] is False for i in slots)
    # The slots exist in the explorer's figure, after every base layer, switched off.
    from corridor_map.pages import PageRequest, find_page

    page = find_page(app.pages, "/").layout(PageRequest("/", "", "en"))
    figure = find_by_id(page, ids.MAP).figure
    layers = figure["layout"]["map"]["layers"]
    # Then the "Where to cooperate" map mode's three layers.
    assert len(layers) == CHOROPLETH_FIRST_SLOT + 4 + 3
    assert [layer["visible"] for layer in layers[CHOROPLETH_FIRST_SLOT:]] == [False] * 7


def test_an008_choropleth_follows_a_sector_change_in_the_one_view_callback(fns):
    with_switch_on = lambda *args: fns["update_explorer"](*args, "en", "100")  # noqa: E731
    out = run_in_callback_context(
        with_switch_on,
        "",
        ["health"],
        None,
        None,
        "",
        None,
        None,
        None,
        [],
        None,
        None,
        [],
        store(FilterState()),
        triggered=[{"prop_id": f"{ids.SECTOR_FILTER}.value", "value": ["health"]}],
    )
    changes = _layer_changes(out[8])
    assert changes[(CHOROPLETH_FIRST_SLOT, "visible")] is True
    assert "sector=health" in changes[(CHOROPLETH_FIRST_SLOT, "source")]


def test_an009_pair_click_is_wired_to_the_map_view_and_the_status_line(app):
    entry = next(
        e
        for e in app.callback_map.values()
        if "callback" in e and e["callback"].__wrapped__.__name__ == "show_pair_links"
    )
    assert [(o.component_id, o.component_property.split("@")[0]) for o in entry["output"]] == [
        (ids.MAP_VIEW, "data"),
        (ids.NETWORK_SELECTION, "children"),
    ]
    assert entry["inputs"] == [{"id": ids.NETWORK_MATRIX, "property": "clickData"}]
    assert entry["state"][0] == {"id": ids.STATE, "property": "data"}


def test_an010_selecting_a_record_after_a_pair_click_clears_the_pair_status(fns, context):
    state = FilterState(countries=("LAO", "CHN"))
    stored = store(state)
    pair_map, text = fns["show_pair_links"](click("CHN", "LAO"), stored, LANG)
    assert text.startswith("Showing")
    out = run_in_callback_context(
        fns["update_explorer"],
        "?country=LAO,CHN",
        None,
        ["LAO", "CHN"],
        None,
        "",
        None,
        {"points": [{"customdata": LINKED_ID}]},
        None,
        [],
        None,
        None,
        [],
        stored,
        triggered=[{"prop_id": f"{ids.MAP}.clickData", "value": {}}],
        lang=LANG,
    )
    out = by_id(out)
    map_after, selection_line = (
        out[f"{ids.MAP_VIEW}.data"],
        out[f"{ids.NETWORK_SELECTION}.children"],
    )
    trace = context.plan.highlight_links
    highlight = next(line for line in map_after["lines"] if line[0] == trace)
    assert highlight != next(line for line in pair_map["lines"] if line[0] == trace)
    # The map no longer shows the pair, so the line saying it does must go.
    assert selection_line == ""
