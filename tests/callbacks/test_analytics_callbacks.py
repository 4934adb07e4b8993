"""Analytics callbacks called as functions: matrix, pair highlight on the map, access, layers."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from corridor_map.filters import FilterState, apply
from corridor_map.pages.explorer.analytics import (
    CHOROPLETH_URL,
    TOGGLE_OFF,
    clicked_pair,
    wanted_layers,
)
from tests.callbacks.conftest import apply_patch, patch_operations

LANG = "en"


def store(state: FilterState) -> dict:
    return asdict(state)


def click(a: str, b: str) -> dict:
    return {"points": [{"customdata": f"{a}|{b}", "z": 1}]}


@pytest.fixture(scope="module")
def fns(callbacks):
    names = ("update_network", "show_pair_links", "update_access", "toggle_choropleth")
    missing = [n for n in names if n not in callbacks]
    assert not missing, f"analytics callbacks not registered: {missing}"
    return {n: callbacks[n] for n in names}


@pytest.mark.parametrize(
    "state", [FilterState(), FilterState(sectors=("water",)), FilterState(countries=("MMR",))]
)
def test_matrix_follows_state(fns, registry, state):
    figure, total, top, selection = fns["update_network"](store(state), LANG)
    shown = registry.links[apply(registry.entities, registry.links, state).links]
    z = figure.data[0].z
    cells = sum(int(v) for row in z for v in row if v == v)  # NaN cells are not pairs
    assert cells == int(shown["cross_border"].sum())
    assert str(int(shown["cross_border"].sum())) in total
    assert selection == ""
    assert top is not None


def test_cell_click_draws_the_pairs_links(fns, registry, context, base_figure):
    state = FilterState()
    patch, text = fns["show_pair_links"](click("CHN", "LAO"), store(state), LANG)
    trace = context.plan.highlight_links
    figure = apply_patch(base_figure, patch)
    lon = figure["data"][trace]["lon"]
    links = registry.links
    expected = links[  # CHN is Yunnan: partner ends elsewhere in China are another unit
        links["cross_border"]
        & links["from_unit"].isin(["CHN", "LAO"])
        & links["to_unit"].isin(["CHN", "LAO"])
    ]
    assert len(lon) == 3 * len(expected)  # two ends and a gap per link
    assert str(len(expected)) in text and "Laos" in text
    # Only the highlight trace changes.
    assert {tuple(op["location"][:2]) for op in patch_operations(patch)} == {("data", trace)}


def test_cell_click_respects_filters(fns, registry):
    state = FilterState(sectors=("water",))
    _, text = fns["show_pair_links"](click("LAO", "CHN"), store(state), LANG)
    shown = registry.links[apply(registry.entities, registry.links, state).links]
    count = int(
        (
            shown["cross_border"]
            & shown["from_unit"].isin(["CHN", "LAO"])
            & shown["to_unit"].isin(["CHN", "LAO"])
        ).sum()
    )
    assert (str(count) in text) if count else ("No links" in text)


def test_diagonal_or_empty_click_does_nothing(fns):
    for data in (None, {"points": []}, click("LAO", "LAO")):
        with pytest.raises(PreventUpdate):
            fns["show_pair_links"](data, None, LANG)
    assert clicked_pair(click("CHN", "KHM")) == ("KHM", "CHN")


def test_access_table_and_summary(fns):
    rows, summary = fns["update_access"](store(FilterState()), LANG)
    units = [r for r in rows if r["level"] == "Unit"]
    assert len(units) == 6
    assert all(0 <= r["beyond_50"] <= 100 for r in rows if r["beyond_50"] is not None)
    assert all(r["beyond_100"] <= r["beyond_50"] for r in rows)
    assert "km" in summary
    laos, _ = fns["update_access"](store(FilterState(countries=("LAO",))), LANG)
    assert {r["unit"] for r in laos} == {"Laos"}


def test_choropleth_toggle_appends_then_removes_layers(fns):
    data = store(FilterState(sectors=("water",)))
    patch, layers = fns["toggle_choropleth"]("50", data, [])
    ops = patch_operations(patch)
    assert [op["operation"] for op in ops] == ["Append"] * 4
    assert all(op["location"] == ["layout", "map", "layers"] for op in ops)
    assert layers == wanted_layers("50", ("water",))
    assert all(
        layer["source"].startswith(CHOROPLETH_URL) and "sector=water" in layer["source"]
        for layer in layers
    )
    assert len({layer["color"] for layer in layers}) == 4
    # Same choice again: nothing to do.
    assert fns["toggle_choropleth"]("50", data, layers) == (no_update, no_update)
    # Off: remove exactly what was appended.
    patch, stored = fns["toggle_choropleth"](TOGGLE_OFF, data, layers)
    ops = patch_operations(patch)
    assert [op["operation"] for op in ops] == ["Remove"] * 4
    assert [op["params"]["value"] for op in ops] == layers
    assert stored == []


def test_choropleth_follows_sector_change(fns):
    _, layers = fns["toggle_choropleth"]("100", store(FilterState()), [])
    patch, new = fns["toggle_choropleth"]("100", store(FilterState(sectors=("health",))), layers)
    ops = [op["operation"] for op in patch_operations(patch)]
    assert ops == ["Remove"] * 4 + ["Append"] * 4
    assert all("sector=health" in layer["source"] for layer in new)
