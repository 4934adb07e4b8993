"""The lazy tables' rows: sent only while a table is open, fetched when a closed one opens,
and what follows a filter state rendered once per state (memoised per app)."""

from __future__ import annotations

import pytest
from dash.exceptions import PreventUpdate

from corridor_map import ids
from corridor_map.filters import FilterState
from corridor_map.pages.explorer.callbacks import GRID_ROW_SOURCES, grid_keys
from corridor_map.pages.explorer.grids import GRID_FETCH, GRID_ROWS, part_id, rows_payload
from corridor_map.settings import REPO_ROOT
from corridor_map.view_state import ViewState
from tests.integration.callbacks.conftest import (
    NO_UPDATE_JS,
    outputs_by_id,
    prop_id,
    run_clientside,
    run_in_callback_context,
)

LANG = "en"
LAZY_GRID_JS = REPO_ROOT / "assets" / "lazy-grid.js"
RECORD_PICK_JS = REPO_ROOT / "assets" / "record-pick.js"
SPEC = {
    "library": "grid_lib",
    "props": {"id": {"type": "lazy-grid", "index": "g"}},
    "labels": {"open": "Open", "close": "Close"},
}
#: The page's rows keys by grid name (this grid's, and another grid's that must not count).
KEYS_1 = {"g": "k1", "other": "k2"}
KEYS_2 = {"g": "k2", "other": "k1"}
#: A loaded component library, so openGrid does not add script tags.
LOADED = {"grid_lib": {}}


def fill(callbacks, name: str, view: ViewState, radius=None):
    fetch = part_id(GRID_FETCH, name)
    return run_in_callback_context(
        callbacks["fill_grid"],
        "any",
        view.to_json(),
        radius,  # the helper puts the language in its place, before the radius
        triggered=[{"prop_id": prop_id(fetch, "data"), "value": "any"}],
    )


def test_grd001_fill_answers_the_opened_tables_rows_for_the_current_view(callbacks, context):
    laos = FilterState(countries=("LAO",))
    for name, rows_of in GRID_ROW_SOURCES.items():
        payload = fill(callbacks, name, ViewState(laos))
        assert payload == rows_payload(
            grid_keys(laos, LANG, None)[name], rows_of(context, laos, LANG)
        )
    # The records grid asks for blocks instead (tests/integration/callbacks/test_records_grid.py).
    with pytest.raises(PreventUpdate):
        fill(callbacks, ids.RECORDS_GRID, ViewState(laos))


def test_grd002_fill_ignores_a_grid_the_page_does_not_have(callbacks):
    with pytest.raises(PreventUpdate):
        fill(callbacks, "no-such-grid", ViewState())


def test_grd003_keys_follow_filters_language_and_radius_only_where_used():
    water, laos = FilterState(sectors=("water",)), FilterState(countries=("LAO",))
    assert grid_keys(water, LANG, None) != grid_keys(laos, LANG, None)
    assert grid_keys(water, LANG, None) != grid_keys(water, "th", None)
    near, far = grid_keys(water, LANG, 50), grid_keys(water, LANG, 200)
    assert near[ids.MATCH_GRID] != far[ids.MATCH_GRID]
    assert near[ids.RECORDS_GRID] == far[ids.RECORDS_GRID]


def test_grd004_a_filter_state_is_rendered_once(callbacks):
    """Returning to a state reuses what was rendered for it (the same objects)."""
    args = ("?country=KHM&sector=water", *[None] * 7, [], None, None, [], None)
    first = outputs_by_id(
        "update_explorer", run_in_callback_context(callbacks["update_explorer"], *args)
    )
    again = outputs_by_id(
        "update_explorer", run_in_callback_context(callbacks["update_explorer"], *args)
    )
    for key in (f"{ids.KIND_COUNTS}.children", f"{ids.RECORD_LIST_DATA}.data"):
        assert again[key] is first[key]


def test_grd005_open_grid_shows_fresh_rows_and_requests_stale_ones():
    fresh = {"key": "k1", "rows": [{"id": "a"}]}

    def run(function, args, **kwargs):
        return run_clientside(function, args, script=LAZY_GRID_JS, window=LOADED, **kwargs)

    slot, label, expanded = run("openGrid", [1, fresh, SPEC, KEYS_1])
    assert slot["props"]["rowData"] == [{"id": "a"}] and (label, expanded) == ("Close", "true")
    assert run("requestRows", [1, fresh, SPEC, KEYS_1]) == NO_UPDATE_JS
    # Rows made for another view are not shown, and the current key is requested.
    slot, _, _ = run("openGrid", [1, fresh, SPEC, KEYS_2])
    assert slot["props"]["rowData"] is None
    assert run("requestRows", [1, fresh, SPEC, KEYS_2]) == "k2"
    assert run("requestRows", [1, None, SPEC, KEYS_1]) == "k1"  # never filled yet
    # A closed table requests nothing; closing empties the slot; rows arriving for a closed
    # table change nothing.
    assert run("requestRows", [2, None, SPEC, KEYS_1]) == NO_UPDATE_JS
    assert run("openGrid", [2, fresh, SPEC, KEYS_1]) == [None, "Open", "false"]
    rows_arrived = {"type": GRID_ROWS, "index": "g"}
    assert (
        run("openGrid", [2, fresh, SPEC, KEYS_1], triggered_id=rows_arrived) == [NO_UPDATE_JS] * 3
    )


def test_grd006_the_records_list_renders_buttons_that_open_records(callbacks):
    out = outputs_by_id(
        "update_explorer",
        run_in_callback_context(
            callbacks["update_explorer"], "?country=LAO", *[None] * 7, [], None, None, [], None
        ),
    )
    data = out[f"{ids.RECORD_LIST_DATA}.data"]
    listing = run_clientside("recordList", [data], script=RECORD_PICK_JS)
    items = listing[0]["props"]["children"]
    buttons = [item["props"]["children"][0]["props"] for item in items]
    assert [b["data-record-id"] for b in buttons] == [item[0] for item in data["items"]]
    assert [b["children"] for b in buttons] == [item[1] for item in data["items"]]
    assert run_clientside("recordList", [{"items": [], "more": ""}], script=RECORD_PICK_JS) == []
