"""The records grid's blocks through the app: the block callback called as a function and
through Dash's dispatcher (hostile requests answer 400, never 500), and the browser side
that answers a view's first block from the rows the filter change sent (lazy-grid.js)."""

from __future__ import annotations

import pytest
from dash._utils import stringify_id
from werkzeug.exceptions import BadRequest

from corridor_map import ids
from corridor_map.filters import FilterState
from corridor_map.i18n import translate
from corridor_map.pages.explorer.grids import GRID, GRID_BLOCK, GRID_ROWS, GRID_SPEC, part_id
from corridor_map.pages.explorer.records import (
    BLOCK_SIZE,
    MAX_BLOCK_ROWS,
    MAX_CONDITIONS,
    TEXT_FILTER_TYPES,
)
from corridor_map.settings import REPO_ROOT
from corridor_map.view_state import ViewState
from tests.integration.callbacks.conftest import (
    NO_UPDATE_JS,
    dispatch,
    find_component,
    render_page_json,
    run_clientside,
    walk_json,
)

LAZY_GRID_JS = REPO_ROOT / "assets" / "lazy-grid.js"
#: Everything but Thailand: more records than one block.
FILTERS = FilterState(countries=("CHN", "KHM", "LAO", "MMR", "VNM"))
VIEW = ViewState(FILTERS).to_json()
SPEC = {
    "library": "grid_lib",
    "props": {"id": {"type": GRID, "index": "records"}, "rowModelType": "infinite"},
    "labels": {"open": "Open", "close": "Close"},
}
KEYS = {"records": "k1"}
FIRST = {"key": "k1", "rows": [{"id": "a"}, {"id": "b"}, {"id": "c"}], "count": 250}


def grid_request(start=0, end=BLOCK_SIZE, sort=(), filters=None) -> dict:
    return {
        "startRow": start,
        "endRow": end,
        "sortModel": [{"colId": c, "sort": d} for c, d in sort],
        "filterModel": filters or {},
    }


def test_inf009_the_block_callback_sorts_every_record_of_the_stored_view(callbacks, context):
    view = context.registry.entities[context.result(FILTERS).entities]
    assert len(view) > BLOCK_SIZE
    fill = callbacks["fill_records_block"]
    second = fill(grid_request(BLOCK_SIZE, 2 * BLOCK_SIZE), VIEW, "en")
    assert second["rowCount"] == len(view)
    assert [r["id"] for r in second["rowData"]] == list(view.index[BLOCK_SIZE : 2 * BLOCK_SIZE])
    # Sorted by name descending: the view's last names, whichever block they were in.
    by_name = fill(grid_request(0, MAX_BLOCK_ROWS, sort=[("name", "desc")]), VIEW, "en")
    expected = sorted(view["name"], reverse=True)[:MAX_BLOCK_ROWS]
    assert [r["name"] for r in by_name["rowData"]] == expected
    # A column filter on the Lao-language text of the country column.
    laos = translate("country.LAO", "lo")
    filtered = fill(
        grid_request(filters={"country": {"filterType": "text", "type": "equals", "filter": laos}}),
        VIEW,
        "lo",
    )
    assert filtered["rowCount"] == int((view["country"] == "LAO").sum()) > 0
    assert {r["country"] for r in filtered["rowData"]} == {laos}


def test_inf010_hostile_block_requests_answer_400_not_500(app, callbacks):
    with pytest.raises(BadRequest):
        callbacks["fill_records_block"](grid_request(0, 10**12), VIEW, "en")
    state = [VIEW, "en"]
    for hostile in (
        grid_request(0, 10**12),
        grid_request(-5, 10),
        grid_request(filters={"name": {"filterType": "text", "type": "regex", "filter": ".*"}}),
        grid_request(filters={"__class__": {"type": "contains", "filter": "a"}}),
        grid_request(sort=[("geometry", "asc")]),
        {"startRow": "0", "endRow": "100"},
        "everything",
    ):
        status, body, text = dispatch(app, "fill_records_block", [hostile], state)
        assert status == 400, text[:300]
        assert body["error"] == "Bad Request" and body["detail"].startswith("records table: ")
    status, body, _ = dispatch(app, "fill_records_block", [grid_request()], state)
    assert status == 200
    response = body["response"][stringify_id(part_id(GRID, ids.RECORDS_GRID))]
    assert response["getRowsResponse"]["rowCount"] > BLOCK_SIZE


def test_inf011_the_browser_answers_the_first_block_and_sends_the_rest():
    def run(function, args, **kwargs):
        return run_clientside(
            function, args, script=LAZY_GRID_JS, window={"grid_lib": {}}, **kwargs
        )

    # The current view's first block, default order: answered from the rows store.
    response, sent = run("gridBlock", [grid_request(0, 2), FIRST, SPEC, KEYS])
    assert response == {"rowData": FIRST["rows"][:2], "rowCount": 250} and sent == NO_UPDATE_JS
    # A block the store does not hold, a sort, a filter, or rows of another view: the server.
    for request, keys in (
        (grid_request(0, BLOCK_SIZE), KEYS),  # three rows held, 250 in all
        (grid_request(BLOCK_SIZE, 2 * BLOCK_SIZE), KEYS),
        (grid_request(0, 2, sort=[("name", "asc")]), KEYS),
        (grid_request(0, 2, filters={"name": {"type": "blank"}}), KEYS),
        (grid_request(0, 2), {"records": "k2"}),
    ):
        response, sent = run("gridBlock", [{**request, "context": None}, FIRST, SPEC, keys])
        assert response == NO_UPDATE_JS and sent == request
    assert run("gridBlock", [None, FIRST, SPEC, KEYS]) == [NO_UPDATE_JS] * 2
    # A view whose rows fit in the store is answered whole.
    few = {"key": "k1", "rows": FIRST["rows"], "count": 3}
    response, _ = run("gridBlock", [grid_request(0, BLOCK_SIZE), few, SPEC, KEYS])
    assert response == {"rowData": FIRST["rows"], "rowCount": 3}
    # Opening renders the grid without rows (it asks for blocks); nothing is fetched; new
    # rows while it is open purge its blocks instead of re-rendering it.
    slot, label, expanded = run("openGrid", [1, FIRST, SPEC, KEYS])
    assert "rowData" not in slot["props"] and slot["props"]["rowModelType"] == "infinite"
    assert (label, expanded) == ("Close", "true")
    assert run("requestRows", [1, None, SPEC, KEYS]) == NO_UPDATE_JS
    rows_arrived = {"type": GRID_ROWS, "index": "records"}
    assert run("openGrid", [1, FIRST, SPEC, KEYS], triggered_id=rows_arrived) == [NO_UPDATE_JS] * 3


def test_inf012_the_records_grid_asks_for_blocks_one_at_a_time_with_the_answered_filters(app):
    page = render_page_json(app, "/", "?lang=th")
    props = find_component(page, part_id(GRID_SPEC, ids.RECORDS_GRID))["props"]["data"]["props"]
    assert props["rowModelType"] == "infinite"
    options = props["dashGridOptions"]
    assert options["cacheBlockSize"] == BLOCK_SIZE <= MAX_BLOCK_ROWS
    # dash-ag-grid answers the latest request it made: two in flight would cross.
    assert options["maxConcurrentDatasourceRequests"] == 1
    assert options["localeText"]["filterOoo"] == translate("grid.filterOoo", "th")
    column = props["defaultColDef"]
    assert column["filter"] == "agTextColumnFilter"
    assert column["filterParams"] == {
        "filterOptions": list(TEXT_FILTER_TYPES),
        "maxNumConditions": MAX_CONDITIONS,
    }
    # Only the records grid has a block store; the small grids keep all their rows.
    find_component(page, part_id(GRID_BLOCK, ids.RECORDS_GRID))
    for name in (ids.ACCESS_GRID, ids.MATCH_GRID):
        spec = find_component(page, part_id(GRID_SPEC, name))["props"]["data"]["props"]
        assert spec.get("rowModelType") is None
        assert not [
            n for n in walk_json(page) if n.get("props", {}).get("id") == part_id(GRID_BLOCK, name)
        ]
