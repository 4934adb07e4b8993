"""Explorer callbacks called as functions: the reducer, the map patch, and the app's callbacks.

No browser: ``reduce_state`` and ``map_patch`` (the figure Patch a map view stands for) are
pure; the registered callbacks are called through ``app.callback_map`` (their original
functions) inside a Dash callback context, and once through Dash's HTTP dispatcher so
their outputs are known to serialise.
"""

from __future__ import annotations

import csv
import functools
import inspect
import json
import math
import shutil
from dataclasses import asdict

import numpy as np
import pytest
from dash import dcc, html, no_update
from dash.exceptions import PreventUpdate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor_map import create_app, ids, schema
from corridor_map.filters import FilterState, apply
from corridor_map.i18n import translate
from corridor_map.map.view import map_view, view_patch
from corridor_map.pages.explorer.callbacks import reduce_state, state_from_store
from corridor_map.pages.explorer.views import partner_from_index
from corridor_map.settings import Settings
from layers import ENTITY_LAYERS, LINK_LAYER
from tests.callbacks.conftest import (
    apply_patch,
    build_figure,
    call,
    patch_operations,
    prop_id,
    run_in_callback_context,
)


def map_patch(context, result, selected):
    """The figure Patch the explorer's map view stands for (what the browser applies)."""
    return view_patch(map_view(context, result, selected))


LANG = "en"
#: An entity with a website, web-address sources and a link (a partner button).
LINKED_ID = "chn-yunnan-normal-university"
#: One of its partners.
PARTNER_ID = "lao-renewable-energy-and-new-material-institute"
NO_CONTROLS = (None, None, None, None)
IMPOSSIBLE_QUERY = "zzqx-no-record-has-this-text"


# ---------------------------------------------------------------------------------------------
# helpers


def reduce(context, triggered, value=None, *, search="", controls=NO_CONTROLS, **kwargs):
    """``reduce_state`` with defaults for the arguments a test does not care about."""
    return reduce_state(
        context,
        triggered,
        value,
        search,
        controls,
        kwargs.get("map_click"),
        kwargs.get("table_click"),
        kwargs.get("current", FilterState()),
    )


def walk(node):
    """Every component and string under ``node`` (children lists, components, strings)."""
    if node is None:
        return
    if isinstance(node, list | tuple):
        for item in node:
            yield from walk(item)
        return
    yield node
    if hasattr(node, "children"):
        yield from walk(getattr(node, "children", None))


def components(node, kind=None):
    """Components under ``node``, optionally only those of type ``kind``."""
    return [
        c for c in walk(node) if not isinstance(c, str) and (kind is None or isinstance(c, kind))
    ]


def texts(node) -> list[str]:
    """Every string child under ``node``."""
    return [c for c in walk(node) if isinstance(c, str)]


def trace_ids(figure: dict, trace: int) -> list[str]:
    """Entity ids of the points a trace shows (its ``selectedpoints`` mapped to customdata)."""
    data = figure["data"][trace]
    return [data["customdata"][i] for i in data["selectedpoints"]]


def segments(figure: dict, trace: int) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Line segments of a NaN-separated polyline trace as ((lon, lat), (lon, lat)) pairs."""
    lon, lat = figure["data"][trace]["lon"], figure["data"][trace]["lat"]
    assert len(lon) == len(lat)
    assert len(lon) % 3 == 0
    out = []
    for i in range(0, len(lon), 3):
        assert lon[i + 2] is None or math.isnan(lon[i + 2])
        out.append(((lon[i], lat[i]), (lon[i + 1], lat[i + 1])))
    return out


def filtered_figure(context, base_figure, state: FilterState) -> dict:
    result = apply(context.registry.entities, context.registry.links, state, context.search)
    return apply_patch(base_figure, map_patch(context, result, state.selected))


def sync(
    callbacks, triggered, stored=None, *, search="", controls=NO_CONTROLS, views=None, **inputs
):
    """Call the registered ``sync_state`` with one triggered input; ``views`` gives the
    browser-side stores (``camera``, ``hidden``)."""
    sectors, countries, kinds, query = controls
    args = (
        search,
        sectors,
        countries,
        kinds,
        query,
        inputs.get("reset"),
        inputs.get("map_click"),
        inputs.get("table_click"),
        inputs.get("partners", []),
        inputs.get("close"),
        stored,
    )
    func = functools.partial(callbacks["sync_state"], **(views or {}))
    return run_in_callback_context(func, *args, triggered=triggered)


SYNC_OUTPUTS = (
    "sectors",
    "countries",
    "kinds",
    "query",
    "search",
    "store",
    "notice_children",
    "notice_open",
)


def sync_outputs(result) -> dict:
    assert len(result) == len(SYNC_OUTPUTS)
    return dict(zip(SYNC_OUTPUTS, result, strict=True))


# ---------------------------------------------------------------------------------------------
# reduce_state: URL


def test_cb001_url_trigger_parses_query_into_state(context):
    state, notices = reduce(
        context,
        ids.URL,
        search=f"?sector=clean_energy,agriculture&country=THA,LAO&id={LINKED_ID}",
    )
    assert state == FilterState(
        sectors=("agriculture", "clean_energy"),  # vocabulary order, not URL order
        countries=("LAO", "THA"),
        selected=LINKED_ID,
    )
    assert notices == []


def test_cb002_url_unknown_values_become_notices(context):
    state, notices = reduce(
        context,
        ids.URL,
        search="?country=LAO,XXX&sector=no_such_sector&kind=castle&id=no-such-record&foo=1",
        current=FilterState(countries=("VNM",), selected=LINKED_ID),
    )
    assert state == FilterState(countries=("LAO",))
    joined = "\n".join(notices)
    for expected in (
        "country=XXX",
        "sector=no_such_sector",
        "kind=castle",
        "id=no-such-record",
        "foo=1",
    ):
        assert expected in joined
    assert len(notices) == 5


def test_cb003_initial_call_reads_the_url_and_ignores_controls(context):
    """The first call (nothing triggered) takes the state from the URL, not the controls."""
    state, notices = reduce(
        context, None, search="?country=KHM", controls=(["water"], ["LAO"], ["rd_hub"], "x")
    )
    assert state == FilterState(countries=("KHM",))
    assert notices == []
    assert reduce(context, None, search=None) == (FilterState(), [])


def test_cb004_url_trigger_round_trips_what_sync_state_writes(context):
    from corridor_map.url_state import to_query

    state = FilterState(("water",), ("MMR", "CHN"), ("rd_hub",), "solar", LINKED_ID).canonical(
        context.sector_ids
    )
    assert reduce(context, ids.URL, search=to_query(state)) == (state, [])


# ---------------------------------------------------------------------------------------------
# reduce_state: controls, reset, clicks


@pytest.mark.parametrize(
    "trigger", [ids.SECTOR_FILTER, ids.COUNTRY_FILTER, ids.KIND_FILTER, ids.SEARCH]
)
def test_cb005_control_trigger_builds_canonical_state(context, trigger):
    state, notices = reduce(
        context,
        trigger,
        search="?country=KHM",  # the URL is not read when a control changed
        controls=(
            ["water", "agriculture", "water"],
            ["VNM", "LAO"],
            ["rd_hub", "industrial_zone"],
            "  solar   lab ",
        ),
        current=FilterState(countries=("KHM",), selected=LINKED_ID),
    )
    assert notices is None
    assert state == FilterState(
        sectors=("agriculture", "water"),
        countries=("LAO", "VNM"),
        kinds=tuple(k for k in schema.ENTITY_KINDS if k in {"rd_hub", "industrial_zone"}),
        query="solar lab",
        selected=LINKED_ID,  # a control change keeps the open record
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_cb006_control_state_is_canonical_for_any_order(context, data):
    sectors = data.draw(st.lists(st.sampled_from(context.sector_ids), max_size=6))
    countries = data.draw(st.lists(st.sampled_from(schema.COUNTRIES), max_size=6))
    kinds = data.draw(st.lists(st.sampled_from(schema.ENTITY_KINDS), max_size=4))
    state, _ = reduce(context, ids.SECTOR_FILTER, controls=(sectors, countries, kinds, ""))
    assert state.sectors == tuple(s for s in context.sector_ids if s in sectors)
    assert state.countries == tuple(c for c in schema.COUNTRIES if c in countries)
    assert state.kinds == tuple(k for k in schema.ENTITY_KINDS if k in kinds)
    shuffled = (
        data.draw(st.permutations(sectors)),
        data.draw(st.permutations(countries)),
        data.draw(st.permutations(kinds)),
        "",
    )
    assert reduce(context, ids.COUNTRY_FILTER, controls=shuffled)[0] == state


def test_cb007_reset_clears_everything(context):
    current = FilterState(("water",), ("LAO",), ("rd_hub",), "solar", LINKED_ID)
    state, notices = reduce(
        context,
        ids.RESET,
        1,
        search="?country=LAO",
        controls=(["water"], ["LAO"], ["rd_hub"], "solar"),
        current=current,
    )
    assert state == FilterState()
    assert notices is None


def test_cb008_map_click_selects_the_point(context):
    state, notices = reduce(
        context,
        ids.MAP,
        controls=(None, ["LAO"], None, None),
        map_click={"points": [{"customdata": PARTNER_ID, "curveNumber": 4}]},
    )
    assert notices is None
    assert state == FilterState(countries=("LAO",), selected=PARTNER_ID)


def test_cb009_map_click_without_an_id_keeps_the_selection(context):
    """A click on a trace without ids (links, highlight) does not close or change details."""
    current = FilterState(selected=LINKED_ID)
    for click in ({"points": [{"lon": 1, "lat": 2}]}, {"points": []}, None):
        state, _ = reduce(context, ids.MAP, map_click=click, current=current)
        assert state.selected == LINKED_ID


def test_cb010_table_click_selects_the_row(context):
    state, _ = reduce(
        context,
        ids.TABLE,
        controls=(["clean_energy"], None, None, "solar"),
        table_click={"rowId": LINKED_ID, "colId": "name", "rowIndex": 0, "value": "x"},
    )
    assert state == FilterState(sectors=("clean_energy",), query="solar", selected=LINKED_ID)


def test_cb011_partner_button_selects_partner_only_when_clicked(context):
    trigger = {"type": ids.PARTNER, "index": PARTNER_ID}
    current = FilterState(selected=LINKED_ID)
    clicked, _ = reduce(context, trigger, 1, current=current)
    assert clicked.selected == PARTNER_ID
    # Buttons re-rendered with n_clicks None must not change anything.
    unclicked, _ = reduce(context, trigger, None, current=current)
    assert unclicked == current


def test_cb012_close_button_clears_selection(context):
    current = FilterState(countries=("LAO",), selected=LINKED_ID)
    closed, _ = reduce(
        context, ids.DETAIL_CLOSE, 1, controls=(None, ["LAO"], None, None), current=current
    )
    assert closed == FilterState(countries=("LAO",))
    untouched, _ = reduce(
        context, ids.DETAIL_CLOSE, None, controls=(None, ["LAO"], None, None), current=current
    )
    assert untouched == current


def test_cb013_state_from_store_round_trips(context):
    state = FilterState(("water",), ("LAO",), ("rd_hub",), "solar", LINKED_ID)
    assert state_from_store(json.loads(json.dumps(asdict(state)))) == state
    assert state_from_store(None) == FilterState()
    assert state_from_store({}) == FilterState()


# ---------------------------------------------------------------------------------------------
# map_patch


def test_cb014_trace_plan_matches_figure_uids(context, base_figure):
    data = base_figure["data"]
    plan = context.plan
    assert [data[i]["uid"] for i in plan.links] == [
        f"{LINK_LAYER.id}-domestic",
        f"{LINK_LAYER.id}-cross",
    ]
    assert data[plan.entity["rd_hub"][0]]["uid"] == "rd_hub"
    for layer in ENTITY_LAYERS:
        traces = plan.entity[layer.kind]
        assert len(traces) == (2 if layer.has_centre else 1)
        assert data[traces[0]]["uid"] == layer.id
        if layer.has_centre:
            assert data[traces[1]]["uid"] == f"{layer.id}-centre"
    assert data[plan.highlight_links]["uid"] == "highlight-links"
    assert data[plan.highlight_point]["uid"] == "highlight-point"
    assert plan.highlight_point == len(data) - 1
    # kind_rows (positions in registry.entities) line up with each trace's customdata.
    entity_ids = context.registry.entities["id"].to_numpy()
    for kind, rows in context.kind_rows.items():
        for trace in plan.entity[kind]:
            assert len(data[trace]["lon"]) == len(rows)
        assert list(data[plan.entity[kind][0]]["customdata"]) == entity_ids[rows].tolist()


@pytest.mark.parametrize(
    "state",
    [
        FilterState(),
        FilterState(countries=("LAO",)),
        FilterState(sectors=("water",), selected=LINKED_ID),
        FilterState(query=IMPOSSIBLE_QUERY, selected="no-such-id"),
    ],
    ids=["default", "country", "selected", "empty"],
)
def test_cb015_patch_never_touches_layout_or_basemap(context, state):
    result = apply(context.registry.entities, context.registry.links, state, context.search)
    operations = patch_operations(map_patch(context, result, state.selected))
    assert operations
    for op in operations:
        assert op["operation"] == "Assign"
        assert op["location"][0] == "data", op["location"]
        assert "layout" not in op["location"]
        assert op["location"][2] in {"selectedpoints", "lon", "lat"}
    text = json.dumps(operations)
    assert "FeatureCollection" not in text
    assert "geojson" not in text.lower()
    assert "/basemap/" not in text


@pytest.mark.parametrize("country", schema.COUNTRIES)
def test_cb016_country_filter_shows_its_entities_and_link_partners(context, base_figure, country):
    entities, links = context.registry.entities, context.registry.links
    figure = filtered_figure(context, base_figure, FilterState(countries=(country,)))
    # country=CHN means Yunnan: the filter works on the computed unit.
    touching = links[
        links["from_id"].map(entities["unit"]).eq(country)
        | links["to_id"].map(entities["unit"]).eq(country)
    ]
    partners = set(touching["from_id"]) | set(touching["to_id"])
    visible = set()
    for layer in ENTITY_LAYERS:
        traces = context.plan.entity[layer.kind]
        shown = trace_ids(figure, traces[0])
        for other in traces[1:]:  # the ring's white centre follows its marker
            assert (
                figure["data"][other]["selectedpoints"]
                == figure["data"][traces[0]]["selectedpoints"]
            )
        for entity_id in shown:
            assert entities.at[entity_id, "kind"] == layer.kind
            assert entities.at[entity_id, "unit"] == country or entity_id in partners, (
                f"{entity_id} shown for {country} but neither in it nor a link partner"
            )
        visible |= set(shown)
    # Every entity of the country is on the map, plus exactly the partners of its links.
    assert visible == set(entities.index[entities["unit"] == country]) | partners
    # The link traces draw exactly the links touching the country, between visible points.
    drawn = segments(figure, context.plan.links[0]) + segments(figure, context.plan.links[1])
    assert len(drawn) == len(touching)
    visible_coords = {(entities.at[i, "map_lon"], entities.at[i, "map_lat"]) for i in visible}
    for start, end in drawn:
        assert start in visible_coords and end in visible_coords
    cross = segments(figure, context.plan.links[1])
    assert len(cross) == int(touching["cross_border"].sum())


def test_cb017_default_state_shows_everything(context, base_figure):
    figure = filtered_figure(context, base_figure, FilterState())
    for kind, rows in context.kind_rows.items():
        for trace in context.plan.entity[kind]:
            assert figure["data"][trace]["selectedpoints"] == list(range(len(rows)))
    drawn = sum(len(segments(figure, t)) for t in context.plan.links)
    assert drawn == len(context.registry.links)
    # The patch puts back exactly the link coordinates of the full figure.
    for trace in context.plan.links:
        assert segments(figure, trace) == segments(base_figure, trace)
    for trace in (context.plan.highlight_links, context.plan.highlight_point):
        assert figure["data"][trace]["lon"] == [] and figure["data"][trace]["lat"] == []


def test_cb018_impossible_filter_hides_every_point_and_link(context, base_figure):
    figure = filtered_figure(context, base_figure, FilterState(query=IMPOSSIBLE_QUERY))
    for traces in context.plan.entity.values():
        for trace in traces:
            assert figure["data"][trace]["selectedpoints"] == []
    for trace in context.plan.links:
        assert figure["data"][trace]["lon"] == []


def test_cb019_selection_highlights_exactly_its_point_and_links(context, base_figure):
    entities, links = context.registry.entities, context.registry.links
    figure = filtered_figure(
        context, base_figure, FilterState(countries=("THA",), selected=LINKED_ID)
    )
    point = figure["data"][context.plan.highlight_point]
    assert point["lon"] == [entities.at[LINKED_ID, "lon"]]
    assert point["lat"] == [entities.at[LINKED_ID, "lat"]]
    mine = links[(links["from_id"] == LINKED_ID) | (links["to_id"] == LINKED_ID)]
    assert len(mine) >= 1
    drawn = segments(figure, context.plan.highlight_links)
    assert len(drawn) == len(mine)
    here = (entities.at[LINKED_ID, "lon"], entities.at[LINKED_ID, "lat"])
    for start, end in drawn:
        assert here in (start, end)


def test_cb020_every_entity_can_be_highlighted(context, base_figure):
    entities = context.registry.entities
    result = apply(entities, context.registry.links, FilterState(), context.search)
    plan = context.plan
    for entity_id in entities.index:
        operations = {
            (op["location"][1], op["location"][2]): op["params"]["value"]
            for op in patch_operations(map_patch(context, result, entity_id))
        }
        # The highlight rings the marker where the map draws it (spread from shared points).
        assert operations[(plan.highlight_point, "lon")] == [entities.at[entity_id, "map_lon"]]
        assert operations[(plan.highlight_point, "lat")] == [entities.at[entity_id, "map_lat"]]
    for missing in (None, "", "no-such-id"):
        operations = {
            (op["location"][1], op["location"][2]): op["params"]["value"]
            for op in patch_operations(map_patch(context, result, missing))
        }
        assert operations[(plan.highlight_point, "lon")] == []
        assert operations[(plan.highlight_links, "lon")] == []


# ---------------------------------------------------------------------------------------------
# the registered callbacks


def test_cb021_app_registers_the_four_callbacks(app, callbacks):
    assert {"sync_state", "update_map", "update_summaries", "update_detail"} <= set(callbacks)
    assert "map-view.data" in app.callback_map
    assert app.callback_map["map-view.data"]["callback"].__wrapped__ is callbacks["update_map"]


def test_cb022_update_map_returns_the_patch(context, callbacks, base_figure):
    state = FilterState(countries=("LAO",), selected=PARTNER_ID)
    view = callbacks["update_map"](asdict(state))
    result = apply(context.registry.entities, context.registry.links, state, context.search)
    assert view == map_view(context, result, PARTNER_ID)
    patch = view_patch(view)
    figure = apply_patch(base_figure, patch)
    point = figure["data"][context.plan.highlight_point]
    entities = context.registry.entities
    assert point["lon"] == [entities.at[PARTNER_ID, "map_lon"]]


def test_cb023_sync_state_initial_url(callbacks):
    out = sync_outputs(
        sync(callbacks, [], search="?country=LAO", controls=(None, None, None, None))
    )
    assert out["countries"] == ["LAO"]
    assert out["sectors"] == [] and out["kinds"] == [] and out["query"] == ""
    assert out["search"] is no_update  # already what the URL says
    assert state_from_store(out["store"]) == FilterState(countries=("LAO",))
    assert out["notice_open"] is no_update


def test_cb024_sync_state_unknown_url_value_opens_notice(callbacks):
    out = sync_outputs(
        sync(
            callbacks,
            [{"prop_id": "url.search", "value": "?country=LAO,XXX"}],
            {"countries": ["LAO"]},
            search="?country=LAO,XXX",
        )
    )
    assert out["notice_open"] is True
    notice_text = " ".join(texts(out["notice_children"]))
    assert translate("notice.dropped", LANG) in notice_text
    assert "country=XXX (unknown value)" in notice_text
    assert out["countries"] == ["LAO"]
    assert out["search"] == "?country=LAO"  # the URL is rewritten to what is shown


def test_cb025_sync_state_control_change_writes_url(callbacks):
    out = sync_outputs(
        sync(
            callbacks,
            [{"prop_id": f"{ids.COUNTRY_FILTER}.value", "value": ["VNM", "LAO"]}],
            asdict(FilterState(selected=LINKED_ID)),
            controls=(None, ["VNM", "LAO"], None, ""),
        )
    )
    assert out["countries"] == ["LAO", "VNM"]
    assert out["search"] == f"?country=LAO,VNM&id={LINKED_ID}"
    assert out["notice_open"] is no_update and out["notice_children"] is no_update


def test_cb026_sync_state_partner_buttons(callbacks):
    button = {"type": ids.PARTNER, "index": PARTNER_ID}
    stored = asdict(FilterState(selected=LINKED_ID))
    # New buttons appearing (n_clicks None) change nothing: no update, so no loop.
    with pytest.raises(PreventUpdate):
        sync(
            callbacks,
            [{"prop_id": prop_id(button, "n_clicks"), "value": None}],
            stored,
            partners=[None],
        )
    out = sync_outputs(
        sync(
            callbacks,
            [{"prop_id": prop_id(button, "n_clicks"), "value": 1}],
            stored,
            partners=[1],
        )
    )
    assert out["store"]["selected"] == PARTNER_ID
    assert out["search"] == f"?id={PARTNER_ID}"


def test_cb027_sync_state_close_and_reset(callbacks):
    stored = asdict(FilterState(countries=("LAO",), selected=LINKED_ID))
    closed = sync_outputs(
        sync(
            callbacks,
            [{"prop_id": f"{ids.DETAIL_CLOSE}.n_clicks", "value": 1}],
            stored,
            search=f"?country=LAO&id={LINKED_ID}",
            controls=(None, ["LAO"], None, ""),
            close=1,
        )
    )
    assert closed["store"]["selected"] is None
    assert closed["search"] == "?country=LAO"
    reset = sync_outputs(
        sync(
            callbacks,
            [{"prop_id": f"{ids.RESET}.n_clicks", "value": 1}],
            stored,
            search=f"?country=LAO&id={LINKED_ID}",
            controls=(None, ["LAO"], None, ""),
            reset=1,
        )
    )
    assert reset["countries"] == [] and reset["search"] == ""
    assert state_from_store(reset["store"]) == FilterState()


def test_cb036_urls_the_app_writes_keep_the_lang_parameter(callbacks):
    """``lang`` is not a filter, but the URL and share link the app writes must keep it."""
    if "lang" not in inspect.signature(callbacks["update_detail"]).parameters:
        pytest.skip("app has no per-URL language")
    out = sync_outputs(
        sync(
            callbacks,
            [{"prop_id": f"{ids.COUNTRY_FILTER}.value", "value": ["LAO"]}],
            asdict(FilterState()),
            search="?lang=th",
            controls=(None, ["LAO"], None, ""),
        )
    )
    assert out["search"] == "?country=LAO&lang=th"
    # Reading a URL with lang: no notice, and nothing to rewrite.
    out = sync_outputs(sync(callbacks, [], search="?country=LAO&lang=th"))
    assert out["notice_open"] is no_update
    assert out["search"] is no_update
    *_, csv_href, _ = call(callbacks["update_summaries"], asdict(FilterState(countries=("LAO",))))
    share = callbacks["update_share_link"](
        asdict(FilterState(countries=("LAO",))), None, None, "http://x.test/?country=LAO&lang=th"
    )
    assert share == "http://x.test/?country=LAO&lang=th"
    assert "lang" not in csv_href


def test_cb028_update_summaries_for_a_country(context, callbacks):
    entities = context.registry.entities
    state = FilterState(countries=("LAO",), selected=PARTNER_ID)
    text, counts, matrix, rows, csv_href, geojson_href = call(
        callbacks["update_summaries"], asdict(state)
    )
    share = callbacks["update_share_link"](
        asdict(state), None, None, "http://example.test/?country=LAO"
    )
    count = int((entities["country"] == "LAO").sum())
    assert text.startswith(f"{count} records match.")
    assert len(rows) == count
    assert {row["country"] for row in rows} == {translate("country.LAO", LANG)}
    assert {row["id"] for row in rows} == set(entities.index[entities["country"] == "LAO"])
    assert csv_href == "/api/v1/entities?country=LAO&format=csv"
    assert geojson_href == "/api/v1/entities?country=LAO"
    assert share == f"http://example.test/?country=LAO&id={PARTNER_ID}"
    strong = [c.children for c in components(counts, html.Strong)]
    assert sum(int(s) for s in strong) == count
    z = np.asarray(matrix.data[0].z)
    assert z[list(schema.COUNTRIES).index("LAO")].sum() >= count  # an entity has >= 1 sector
    assert np.delete(z, list(schema.COUNTRIES).index("LAO"), axis=0).sum() == 0


def test_cb029_update_summaries_default_hrefs(callbacks, registry):
    _, _, _, rows, csv_href, geojson_href = call(callbacks["update_summaries"], None)
    share = callbacks["update_share_link"](None, None, None, None)
    assert len(rows) == len(registry.entities)
    assert csv_href == "/api/v1/entities?format=csv"
    assert geojson_href == "/api/v1/entities"
    assert share == ""


def test_cb030_update_summaries_when_nothing_matches(callbacks):
    state = FilterState(countries=("LAO",), query=IMPOSSIBLE_QUERY)
    text, counts, _, rows, csv_href, _ = call(callbacks["update_summaries"], asdict(state))
    assert text == translate("result.none", LANG)
    assert text.startswith("No records match")
    assert rows == []
    assert all(c.children == "0" for c in components(counts, html.Strong))
    assert csv_href.startswith("/api/v1/entities?country=LAO&q=")
    assert csv_href.endswith("&format=csv")


def test_cb031_update_detail_shows_the_record(context, callbacks):
    entity = context.registry.entities.loc[LINKED_ID]
    body, class_name = call(callbacks["update_detail"], asdict(FilterState(selected=LINKED_ID)))
    assert "open" in class_name.split()
    assert entity["name"] in texts(body)
    headings = components(body, html.H2)
    assert [h.children for h in headings] == [entity["name"]]
    hrefs = {a.href for a in components(body, html.A)}
    web_sources = [s.split(" ")[0] for s in entity["sources"] if s.startswith("http")]
    assert web_sources
    assert set(web_sources) <= hrefs
    for anchor in components(body, html.A):
        assert anchor.rel == "noopener noreferrer"
    buttons = [b for b in components(body, html.Button) if isinstance(b.id, dict)]
    assert buttons
    assert all(b.id["type"] == ids.PARTNER for b in buttons)
    assert PARTNER_ID in {partner_from_index(b.id["index"]) for b in buttons}
    partner_name = context.registry.entities.at[PARTNER_ID, "name"]
    assert any(partner_name in b.children for b in buttons)


@pytest.mark.parametrize("data", [None, {}, {"selected": None}, {"selected": "no-such-id"}])
def test_cb032_update_detail_without_a_record(callbacks, data):
    body, class_name = call(callbacks["update_detail"], data)
    assert texts(body) == [translate("detail.empty", LANG)]
    if not (data or {}).get("selected"):
        assert "open" not in class_name.split()


def test_cb033_partner_button_ids_are_unique(context):
    from corridor_map.pages.explorer.views import detail_panel

    duplicated = {}
    for entity_id in context.registry.entities.index:
        body = detail_panel(context.registry, entity_id, LANG)
        button_ids = [
            json.dumps(b.id, sort_keys=True)
            for b in components(body, html.Button)
            if isinstance(b.id, dict)
        ]
        if len(button_ids) != len(set(button_ids)):
            duplicated[entity_id] = button_ids
    assert duplicated == {}


def test_cb034_callbacks_through_dash_dispatch(app, registry):
    """The real HTTP dispatcher: outputs serialise, and a no-op trigger answers 204."""
    client = app.server.test_client()
    state = asdict(FilterState(countries=("LAO",), selected=LINKED_ID))
    response = client.post(
        "/_dash-update-component",
        json={
            "output": "map-view.data",
            "outputs": {"id": ids.MAP_VIEW, "property": "data"},
            "inputs": [{"id": ids.STATE, "property": "data", "value": state}],
            "changedPropIds": [f"{ids.STATE}.data"],
            "state": [],
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    view = response.get_json()["response"][ids.MAP_VIEW]["data"]
    assert {"masks", "lines", "layout"} <= set(view)
    assert view["layout"] == []  # a filter change never moves the explorer's map

    summaries = next(k for k in app.callback_map if f"{ids.TABLE}.rowData" in k)
    outputs = [
        {"id": ids.RESULT_TEXT, "property": "children"},
        {"id": ids.KIND_COUNTS, "property": "children"},
        {"id": ids.MATRIX_CHART, "property": "figure"},
        {"id": ids.TABLE, "property": "rowData"},
        {"id": ids.DOWNLOAD_CSV, "property": "href"},
        {"id": ids.DOWNLOAD_GEOJSON, "property": "href"},
    ]
    response = client.post(
        "/_dash-update-component",
        json={
            "output": summaries,
            "outputs": outputs,
            "inputs": [{"id": ids.STATE, "property": "data", "value": state}],
            "changedPropIds": [f"{ids.STATE}.data"],
            "state": [{"id": ids.LANG, "property": "data", "value": LANG}],
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    body = response.get_json()["response"]
    rows = body[ids.TABLE]["rowData"]
    assert len(rows) == int((registry.entities["country"] == "LAO").sum())
    assert body[ids.DOWNLOAD_CSV]["href"] == "/api/v1/entities?country=LAO&format=csv"

    # The detail panel, whose partner buttons use pattern-matching ids.
    detail = next(k for k in app.callback_map if f"{ids.DETAIL_BODY}.children" in k)
    response = client.post(
        "/_dash-update-component",
        json={
            "output": detail,
            "outputs": [
                {"id": ids.DETAIL_BODY, "property": "children"},
                {"id": ids.DETAIL, "property": "className"},
            ],
            "inputs": [{"id": ids.STATE, "property": "data", "value": state}],
            "changedPropIds": [f"{ids.STATE}.data"],
            "state": [{"id": ids.LANG, "property": "data", "value": LANG}],
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert PARTNER_ID in response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# record data is text, never markup

XSS_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_data_dir(tmp_path_factory, data_dir):
    """A copy of the data whose first entity's name is an HTML payload."""
    target = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("staging"))
    path = target / "registry" / "entities.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fieldnames = reader.fieldnames
        rows = list(reader)
    rows[0]["name"] = XSS_NAME
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    return target, rows[0]["id"]


def test_cb035_record_text_is_never_rendered_as_html(hostile_data_dir):
    data_dir, entity_id = hostile_data_dir
    app = create_app(Settings.from_env({"data_dir": str(data_dir)}, environ={}))
    context = app.server.config["CORRIDOR_CONTEXT"]
    assert context.registry.entities.at[entity_id, "name"] == XSS_NAME

    # Map hover cards are HTML in Plotly: the name must arrive escaped.
    figure = build_figure(context.registry)
    kind = context.registry.entities.at[entity_id, "kind"]
    trace = figure["data"][context.plan.entity[kind][0]]
    card = trace["hovertext"][trace["customdata"].index(entity_id)]
    assert "&lt;img" in card
    assert "<img" not in card
    # ...and so must the figure the app actually serves in its layout.
    served = _hovertexts(app)
    assert any("&lt;img" in text for text in served)
    assert not any("<img" in text for text in served)

    # The detail panel shows it as a plain string child, never markup.
    callbacks = {
        entry["callback"].__wrapped__.__name__: entry["callback"].__wrapped__
        for entry in app.callback_map.values()
        if "callback" in entry
    }
    body, _ = call(callbacks["update_detail"], {"selected": entity_id})
    assert XSS_NAME in texts(body)
    heading = components(body, html.H2)[0]
    assert heading.children == XSS_NAME
    for component in components(body):
        assert not isinstance(component, dcc.Markdown)
        assert not getattr(component, "dangerously_allow_html", False)

    # The table gets the name as plain data, and the grid has no HTML/markdown renderer.
    _, _, _, rows, *_ = call(callbacks["update_summaries"], {"selected": entity_id})
    assert {"id": entity_id, "name": XSS_NAME}.items() <= next(
        r for r in rows if r["id"] == entity_id
    ).items()
    layout = app.server.test_client().get("/_dash-layout").get_data(as_text=True)
    assert "markdown" not in layout.lower()
    assert "dangerously_allow_html" not in layout


def _hovertexts(app) -> list[str]:
    """Hover texts of the map figure in the layout the app serves for ``/``."""
    response = app.server.test_client().get("/_dash-layout", headers={"Referer": "/"})
    assert response.status_code == 200
    found = []

    def visit(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == ids.MAP:
                for trace in node["props"]["figure"]["data"]:
                    found.extend(trace.get("hovertext") or ())
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(response.get_json())
    assert found, "map figure not found in the served layout"
    return found


# ---------------------------------------------------------------------------------------------
# The map's centre and zoom (``at``) in the URL


AT = "18.0000,102.6000,7.50"


def test_cb037_reading_a_url_keeps_its_map_framing(callbacks):
    out = sync_outputs(sync(callbacks, [], search=f"?country=LAO&at={AT}"))
    assert out["search"] is no_update  # nothing to rewrite: at is kept, not dropped
    assert out["notice_open"] is no_update


def test_cb038_a_bad_map_framing_is_dropped_with_a_notice(callbacks):
    out = sync_outputs(sync(callbacks, [], search="?country=LAO&at=91,200,3"))
    assert out["search"] == "?country=LAO"
    assert out["notice_open"] is True
    assert any(t.startswith("at=91,200,3") for t in texts(out["notice_children"]))


COUNTRY_CHANGE = [{"prop_id": f"{ids.COUNTRY_FILTER}.value", "value": ["LAO", "THA"]}]


def test_cb039_a_filter_change_keeps_where_the_user_moved_the_map(callbacks):
    out = sync_outputs(
        sync(
            callbacks,
            COUNTRY_CHANGE,
            asdict(FilterState(countries=("LAO",))),
            search="?country=LAO&at=10.0000,100.0000,4.00",  # the URL component's stale search
            controls=(None, ["LAO", "THA"], None, ""),
            views={"camera": AT},  # the camera store: where the user has moved the map since
        )
    )
    assert out["search"] == f"?country=LAO,THA&at={AT}"


def test_cb040_share_link_follows_the_camera(callbacks):
    state = asdict(FilterState(sectors=("water",)))
    share = callbacks["update_share_link"](state, AT, None, "http://x.test/?sector=water&lang=vi")
    assert share == f"http://x.test/?sector=water&lang=vi&at={AT}"
    assert callbacks["update_share_link"](state, None, None, "http://x.test/") == (
        "http://x.test/?sector=water"
    )


def test_cb041_a_filter_change_keeps_the_hidden_layers(callbacks):
    out = sync_outputs(
        sync(
            callbacks,
            COUNTRY_CHANGE,
            asdict(FilterState(countries=("LAO",))),
            search="?country=LAO",
            controls=(None, ["LAO", "THA"], None, ""),
            views={"hidden": "links,rivers"},
        )
    )
    assert out["search"] == "?country=LAO,THA&hide=links,rivers"
