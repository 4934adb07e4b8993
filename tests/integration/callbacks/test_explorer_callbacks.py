"""Explorer callbacks called as functions: the reducer, the map patch, and ``update_explorer``.

No browser: ``reduce_view`` and ``map_patch`` (the figure Patch a map view stands for) are
pure; the registered callbacks are called through ``app.callback_map`` (their original
functions) inside a Dash callback context, and through Dash's HTTP dispatcher so their
outputs are known to serialise. The links to the current view on other pages are built in
the browser (assets/view-links.js); they are run in Node.
"""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest
from dash import dcc, html, no_update
from dash._utils import stringify_id
from dash.exceptions import PreventUpdate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plotly.utils import PlotlyJSONEncoder

from corridor_map import create_app, ids, schema
from corridor_map.filters import FilterState, apply
from corridor_map.i18n import available_languages, translate
from corridor_map.i18n.language_menu import LANGUAGE_ITEM
from corridor_map.map.view import map_view, view_patch
from corridor_map.pages.explorer.analytics import (
    CHOROPLETH_FIRST_SLOT,
    choropleth_changes,
    with_choropleth_slots,
)
from corridor_map.pages.explorer.callbacks import (
    FILTER_OUTPUTS,
    GRID_OUTPUTS,
    MAX_NOTICES,
    PAIR_STATUS_OUTPUT,
    reduce_view,
)
from corridor_map.pages.explorer.grids import GRID_ROWS, part_id
from corridor_map.pages.explorer.matching import matching_changes, with_matching_slots
from corridor_map.pages.explorer.records import BLOCK_SIZE
from corridor_map.pages.explorer.views import (
    RECORD_LIST_LIMIT,
    detail_panel,
    partner_from_index,
    record_list,
)
from corridor_map.settings import Settings
from corridor_map.view_state import ViewState, canonical_hide, params_from_query
from layers import ENTITY_LAYERS, LINK_LAYER
from tests.conftest import MARKUP_NAME
from tests.integration.callbacks.conftest import (
    apply_patch,
    build_figure,
    callback_entry,
    components,
    dispatch,
    find_component,
    patch_operations,
    prop_id,
    render_page_json,
    run_clientside,
    run_in_callback_context,
    server_callbacks,
    walk,
    walk_json,
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
AT = "18.0000,102.6000,7.50"
#: Server callbacks the restructure replaced with ``update_explorer`` or with the browser.
REMOVED_CALLBACKS = (
    "sync_state",
    "update_map",
    "update_summaries",
    "update_detail",
    "update_network",
    "update_access",
    "update_share_link",
    "update_brief_href",
    "update_briefing_link",
    "update_embed_snippet",
    "update_language_links",
    "toggle_embed_dialog",
)


# ---------------------------------------------------------------------------------------------
# helpers


def reduce(context, triggered, value=None, *, search="", controls=NO_CONTROLS, **kwargs):
    """``reduce_view`` with defaults for the arguments a test does not care about."""
    return reduce_view(
        context,
        triggered,
        value,
        search,
        controls,
        kwargs.get("map_click"),
        kwargs.get("table_click"),
        kwargs.get("current", ViewState()),
    )


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


def filtered_figure(context, base_figure, state: FilterState, selected: str | None = None):
    result = apply(context.registry.entities, context.registry.links, state, context.search)
    return apply_patch(base_figure, map_patch(context, result, selected))


#: ``update_explorer``'s outputs, in order: VIEW_OUTPUTS, FILTER_OUTPUTS, GRID_OUTPUTS.
EXPLORER_OUTPUTS = (
    "sectors",
    "countries",
    "kinds",
    "query",
    "search",
    "store",
    "notice_children",
    "notice_hidden",
    "map_view",
    "detail_body",
    "detail_class",
    "programmes",
    "statuses",
    "result_text",
    "kind_counts",
    "matrix",
    "record_list",
    "csv_href",
    "geojson_href",
    "links_csv_href",
    "links_geojson_href",
    "network_matrix",
    "network_total",
    "network_top",
    "network_selection",
    "access_summary",
    "year",
    "year_note",
    "growth_chart",
    "growth_note",
    "match_summary",
    "match_download",
    "grid_keys",
    "rows",
    "access_rows",
    "match_rows",
)
FILTER_NAMES = EXPLORER_OUTPUTS[-len(FILTER_OUTPUTS) - len(GRID_OUTPUTS) : -len(GRID_OUTPUTS)]
#: The lazy grids' rows outputs: unwrapped to the rows by :func:`explore`.
ROWS_NAMES = ("rows", "access_rows", "match_rows")
#: The lazy grids' buttons clicked once: every table open.
ALL_GRIDS_OPEN = (1, 1, 1)
#: Only the records table open (its button clicked once; the others never clicked).
RECORDS_TABLE_OPEN = (1, None, None)
PAIR_STATUS = FILTER_NAMES[PAIR_STATUS_OUTPUT]


def explore(
    callbacks,
    triggered,
    stored=None,
    *,
    search="",
    controls=NO_CONTROLS,
    lang=LANG,
    **inputs,
) -> dict:
    """Call the registered ``update_explorer`` with one triggered input (``[]``: the first
    call); ``stored`` is the view store's data. Returns the outputs by name."""
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
        inputs.get("programmes"),
        inputs.get("statuses", []),
        stored,
        inputs.get("access_toggle"),
        inputs.get("match_toggle"),
        inputs.get("match_radius"),
        *inputs.get("grids_open", ALL_GRIDS_OPEN),
    )
    result = run_in_callback_context(
        callbacks["update_explorer"], *args, triggered=triggered, lang=lang
    )
    assert len(result) == len(EXPLORER_OUTPUTS)
    named = dict(zip(EXPLORER_OUTPUTS, result, strict=True))
    # The records grid's payload also counts the view's rows ("rows" is its first block).
    named["rows_count"] = named["rows"].get("count") if isinstance(named["rows"], dict) else None
    for name in ROWS_NAMES:  # a payload {"key", "rows"}, or no_update for a closed table
        if isinstance(named[name], dict):
            named[name] = named[name]["rows"]
    return named


def load(callbacks, search: str, **kwargs) -> dict:
    """``update_explorer`` on page load (nothing triggered, empty store)."""
    return explore(callbacks, [], None, search=search, **kwargs)


def stored_view(view: ViewState) -> dict:
    """The view store's data as the browser sends it back (through JSON)."""
    return json.loads(json.dumps(view.to_json()))


# ---------------------------------------------------------------------------------------------
# reduce_view: URL


def test_cb001_url_trigger_parses_query_into_view(context):
    view, notices = reduce(
        context,
        ids.URL,
        search=f"?sector=clean_energy,agriculture&country=THA,LAO&id={LINKED_ID}",
    )
    assert view == ViewState(
        FilterState(
            sectors=("agriculture", "clean_energy"),  # vocabulary order, not URL order
            countries=("LAO", "THA"),
        ),
        selected=LINKED_ID,
    )
    assert notices == []


def test_cb002_url_unknown_values_become_notices(context):
    view, notices = reduce(
        context,
        ids.URL,
        search="?country=LAO,XXX&sector=no_such_sector&kind=castle&id=no-such-record&foo=1",
        current=ViewState(FilterState(countries=("VNM",)), selected=LINKED_ID),
    )
    assert view == ViewState(FilterState(countries=("LAO",)))
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
    """The first call (nothing triggered) takes the view from the URL, not the controls."""
    view, notices = reduce(
        context, None, search="?country=KHM", controls=(["water"], ["LAO"], ["rd_hub"], "x")
    )
    assert view == ViewState(FilterState(countries=("KHM",)))
    assert notices == []
    assert reduce(context, None, search=None) == (ViewState(), [])


def test_cb004_url_trigger_round_trips_what_the_view_writes(context):
    hide = canonical_hide(("rivers", "links"))
    assert hide == ("links", "rivers")
    view = ViewState(
        FilterState(("water",), ("MMR", "CHN"), ("rd_hub",), "solar").canonical(context.sector_ids),
        selected=LINKED_ID,
        at=AT,
        hide=hide,
        lang="th",
    )
    assert reduce(context, ids.URL, search=view.query()) == (view, [])


def test_cb042_ampersand_in_the_search_text_survives_the_url(context, callbacks):
    """``q=R&D`` is one search text, never a ``D`` parameter."""
    view, notices = reduce(context, ids.URL, search="?q=R%26D")
    assert notices == []
    assert view.filters.query == "R&D"
    assert view.query() == "?q=R%26D"
    # Loading that URL: nothing to rewrite, no notice, and the downloads search the same text.
    out = load(callbacks, "?q=R%26D")
    assert out["search"] is no_update
    assert out["notice_hidden"] is no_update
    assert out["query"] == "R&D"
    assert out["csv_href"] == "/api/v1/entities?q=R%26D&format=csv"
    # Typing it in the search box writes it escaped.
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.SEARCH}.value", "value": "R&D"}],
        stored_view(ViewState()),
        controls=(None, None, None, "R&D"),
    )
    assert out["search"] == "?q=R%26D"
    assert ViewState.from_json(out["store"]).filters.query == "R&D"


def test_cb043_too_many_bad_values_are_summed_up_in_one_translated_line(context):
    bad = [f"X{i:02d}" for i in range(MAX_NOTICES + 2)]
    view, notices = reduce(context, ids.URL, search="?country=LAO," + ",".join(bad))
    assert view.filters.countries == ("LAO",)
    assert len(notices) == MAX_NOTICES + 1
    assert notices[:MAX_NOTICES] == [f"country={b} (unknown value)" for b in bad[:MAX_NOTICES]]
    assert notices[-1] == translate("notice.more", "en", count=2)
    assert "notice.more" not in notices[-1] and "2" in notices[-1]


def test_cb050_the_overflow_notice_is_in_the_page_language(callbacks):
    bad = ",".join(f"X{i:02d}" for i in range(MAX_NOTICES + 2))
    out = load(callbacks, f"?lang=th&country={bad}", lang="th")
    assert out["notice_hidden"] is False
    lines = texts(out["notice_children"])
    assert lines[0] == translate("notice.dropped", "th")
    assert lines[-1] == translate("notice.more", "th", count=2)


# ---------------------------------------------------------------------------------------------
# reduce_view: controls, reset, clicks


@pytest.mark.parametrize(
    "trigger", [ids.SECTOR_FILTER, ids.COUNTRY_FILTER, ids.KIND_FILTER, ids.SEARCH]
)
def test_cb005_control_trigger_builds_canonical_view(context, trigger):
    current = ViewState(
        FilterState(countries=("KHM",)), selected=LINKED_ID, at=AT, hide=("links",), lang="th"
    )
    view, notices = reduce(
        context,
        trigger,
        search="?country=KHM",  # the URL is not read when a control changed
        controls=(
            ["water", "agriculture", "water"],
            ["VNM", "LAO"],
            ["rd_hub", "industrial_zone"],
            "  solar   lab ",
        ),
        current=current,
    )
    assert notices is None
    assert view.filters == FilterState(
        sectors=("agriculture", "water"),
        countries=("LAO", "VNM"),
        kinds=tuple(k for k in schema.ENTITY_KINDS if k in {"rd_hub", "industrial_zone"}),
        query="solar lab",
    )
    # A control change keeps the open record, the map's framing, hidden layers and language.
    assert view.replace(filters=current.filters) == current


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_cb006_control_view_is_canonical_for_any_order(context, data):
    sectors = data.draw(st.lists(st.sampled_from(context.sector_ids), max_size=6))
    countries = data.draw(st.lists(st.sampled_from(schema.COUNTRIES), max_size=6))
    kinds = data.draw(st.lists(st.sampled_from(schema.ENTITY_KINDS), max_size=4))
    view, _ = reduce(context, ids.SECTOR_FILTER, controls=(sectors, countries, kinds, ""))
    state = view.filters
    assert state.sectors == tuple(s for s in context.sector_ids if s in sectors)
    assert state.countries == tuple(c for c in schema.COUNTRIES if c in countries)
    assert state.kinds == tuple(k for k in schema.ENTITY_KINDS if k in kinds)
    shuffled = (
        data.draw(st.permutations(sectors)),
        data.draw(st.permutations(countries)),
        data.draw(st.permutations(kinds)),
        "",
    )
    assert reduce(context, ids.COUNTRY_FILTER, controls=shuffled)[0] == view


def test_cb007_reset_clears_filters_and_selection_but_keeps_framing_layers_and_lang(context):
    current = ViewState(
        FilterState(("water",), ("LAO",), ("rd_hub",), "solar"),
        selected=LINKED_ID,
        at=AT,
        hide=("rivers",),
        lang="vi",
    )
    view, notices = reduce(
        context,
        ids.RESET,
        1,
        search="?country=LAO",
        controls=(["water"], ["LAO"], ["rd_hub"], "solar"),
        current=current,
    )
    assert view == ViewState(at=AT, hide=("rivers",), lang="vi")
    assert notices is None


def test_cb008_map_click_selects_the_point(context):
    view, notices = reduce(
        context,
        ids.MAP,
        controls=(None, ["LAO"], None, None),
        map_click={"points": [{"customdata": PARTNER_ID, "curveNumber": 4}]},
    )
    assert notices is None
    assert view == ViewState(FilterState(countries=("LAO",)), selected=PARTNER_ID)


def test_cb009_map_click_without_an_id_keeps_the_selection(context):
    """A click on a trace without ids (links, highlight) does not close or change details."""
    current = ViewState(selected=LINKED_ID)
    for click in ({"points": [{"lon": 1, "lat": 2}]}, {"points": []}, None):
        view, _ = reduce(context, ids.MAP, map_click=click, current=current)
        assert view.selected == LINKED_ID


def test_cb010_a_record_picked_in_the_list_or_table_is_selected(context):
    view, _ = reduce(
        context,
        ids.RECORD_PICK,
        controls=(["clean_energy"], None, None, "solar"),
        table_click={"id": LINKED_ID, "nonce": 1},
    )
    assert view == ViewState(
        FilterState(sectors=("clean_energy",), query="solar"), selected=LINKED_ID
    )


@pytest.mark.parametrize("picked", [{"id": "no-such-record", "nonce": 2}, {"nonce": 3}, "x", None])
def test_cb052_a_pick_that_names_no_record_changes_nothing(context, picked):
    current = ViewState(selected=LINKED_ID)
    view, _ = reduce(context, ids.RECORD_PICK, table_click=picked, current=current)
    assert view.selected == LINKED_ID


def test_cb053_the_records_list_opens_each_record_without_the_grid(callbacks, context):
    out = load(callbacks, "?country=LAO")
    listed = [item[0] for item in out["record_list"]["items"]]
    lao = context.registry.entities.index[context.registry.entities["country"] == "LAO"]
    assert listed == list(lao[:RECORD_LIST_LIMIT])
    assert len(out["rows"]) == len(lao)


def test_cb011_partner_button_selects_partner_only_when_clicked(context):
    trigger = {"type": ids.PARTNER, "index": PARTNER_ID}
    current = ViewState(selected=LINKED_ID)
    clicked, _ = reduce(context, trigger, 1, current=current)
    assert clicked.selected == PARTNER_ID
    # Buttons re-rendered with n_clicks None must not change anything.
    unclicked, _ = reduce(context, trigger, None, current=current)
    assert unclicked == current


def test_cb012_close_button_clears_selection(context):
    current = ViewState(FilterState(countries=("LAO",)), selected=LINKED_ID)
    closed, _ = reduce(
        context, ids.DETAIL_CLOSE, 1, controls=(None, ["LAO"], None, None), current=current
    )
    assert closed == ViewState(FilterState(countries=("LAO",)))
    untouched, _ = reduce(
        context, ids.DETAIL_CLOSE, None, controls=(None, ["LAO"], None, None), current=current
    )
    assert untouched == current


def test_cb013_view_store_round_trips(context):
    view = ViewState(
        FilterState(("water",), ("LAO",), ("rd_hub",), "R&D solar"),
        selected=LINKED_ID,
        at=AT,
        hide=("links", "rivers"),
        lang="th",
    )
    assert ViewState.from_json(stored_view(view)) == view
    assert ViewState.from_json(None) == ViewState()
    assert ViewState.from_json({}) == ViewState()
    # A crafted store is coerced, never trusted as-is.
    crafted = {"sectors": "water", "query": ["x"], "selected": 5, "hide": "links", "at": 1}
    assert ViewState.from_json(crafted) == ViewState()


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
    ("state", "selected"),
    [
        (FilterState(), None),
        (FilterState(countries=("LAO",)), None),
        (FilterState(sectors=("water",)), LINKED_ID),
        (FilterState(query=IMPOSSIBLE_QUERY), "no-such-id"),
    ],
    ids=["default", "country", "selected", "empty"],
)
def test_cb015_patch_never_touches_layout_or_basemap(context, state, selected):
    result = apply(context.registry.entities, context.registry.links, state, context.search)
    operations = patch_operations(map_patch(context, result, selected))
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
    figure = filtered_figure(context, base_figure, FilterState(countries=("THA",)), LINKED_ID)
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


def test_cb021_app_registers_one_explorer_callback(app, callbacks):
    assert "update_explorer" in callbacks
    assert not set(REMOVED_CALLBACKS) & set(callbacks)
    key, entry = callback_entry(app, "update_explorer")
    assert "..map-view.data..." in key and f"..{ids.STATE}.data..." in key
    assert entry["callback"].__wrapped__ is callbacks["update_explorer"]
    outputs = [f"{o.component_id}.{o.component_property}" for o in entry["output"]]
    grids = len(GRID_OUTPUTS)
    assert outputs[-len(FILTER_OUTPUTS) - grids : -grids] == [
        f"{o.component_id}.{o.component_property}" for o in FILTER_OUTPUTS
    ]
    assert outputs[-grids:] == [f"{o.component_id}.{o.component_property}" for o in GRID_OUTPUTS]
    # The links to this view on other pages follow the address bar, in the browser.
    links = app.callback_map[
        f"..{ids.SHARE_LINK}.value...{ids.BRIEFING_LINK}.href..."
        f"{ids.DOWNLOAD_BRIEF}.href...{ids.DOWNLOAD_SLIDES}.href...{ids.EMBED_SNIPPET}.value.."
    ]
    assert "callback" not in links
    assert links["inputs"] == [{"id": ids.URL, "property": "search"}]


def test_cb022_update_explorer_returns_the_map_view(context, callbacks, base_figure):
    out = load(callbacks, f"?country=LAO&id={PARTNER_ID}")
    state = FilterState(countries=("LAO",))
    result = apply(context.registry.entities, context.registry.links, state, context.search)
    switched_off = {
        **choropleth_changes(CHOROPLETH_FIRST_SLOT, (), None),
        **matching_changes(state, 100, None),
    }
    assert out["map_view"] == map_view(context, result, PARTNER_ID, switched_off)
    explorer_figure = with_matching_slots(with_choropleth_slots(copy.deepcopy(base_figure)))
    figure = apply_patch(explorer_figure, view_patch(out["map_view"]))
    point = figure["data"][context.plan.highlight_point]
    entities = context.registry.entities
    assert point["lon"] == [entities.at[PARTNER_ID, "map_lon"]]
    # The explorer's map is never moved by a filter: its layout changes are the
    # choropleth's layers only (switched off here).
    assert {tuple(path[:2]) for path, _ in out["map_view"]["layout"]} == {("map", "layers")}


def test_cb023_update_explorer_initial_url(callbacks, registry):
    out = load(callbacks, "?country=LAO")
    assert out["countries"] == ["LAO"]
    assert out["sectors"] == [] and out["kinds"] == [] and out["query"] == ""
    assert out["search"] is no_update  # already what the URL says
    assert ViewState.from_json(out["store"]) == ViewState(FilterState(countries=("LAO",)))
    assert out["notice_hidden"] is no_update
    # The first call renders everything.
    assert all(
        out[name] is not no_update
        for name in EXPLORER_OUTPUTS
        if name not in ("search", "notice_children", "notice_hidden")
    )
    assert len(out["rows"]) == int((registry.entities["country"] == "LAO").sum())
    assert "open" not in out["detail_class"].split()


def test_cb024_update_explorer_unknown_url_value_opens_notice(callbacks):
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.URL}.search", "value": "?country=LAO,XXX"}],
        {"countries": ["LAO"]},
        search="?country=LAO,XXX",
    )
    assert out["notice_hidden"] is False
    notice_text = " ".join(texts(out["notice_children"]))
    assert translate("notice.dropped", LANG) in notice_text
    assert "country=XXX (unknown value)" in notice_text
    assert out["countries"] == ["LAO"]
    assert out["search"] == "?country=LAO"  # the URL is rewritten to what is shown


def test_cb025_update_explorer_control_change_writes_url(callbacks):
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.COUNTRY_FILTER}.value", "value": ["VNM", "LAO"]}],
        stored_view(ViewState(selected=LINKED_ID)),
        search=f"?id={LINKED_ID}",
        controls=(None, ["VNM", "LAO"], None, ""),
    )
    assert out["countries"] == ["LAO", "VNM"]
    assert out["search"] == f"?country=LAO,VNM&id={LINKED_ID}"
    assert out["notice_hidden"] is no_update and out["notice_children"] is no_update
    # The selection did not change: the details are left as they are...
    assert out["detail_body"] is no_update and out["detail_class"] is no_update
    # ...but everything that follows the filters is rendered again.
    assert all(out[name] is not no_update for name in FILTER_NAMES)
    assert out["csv_href"] == "/api/v1/entities?country=LAO,VNM&format=csv"
    assert out["network_selection"] == ""  # a pair chosen in the matrix is cleared


def test_cb044_a_selection_change_leaves_the_filter_parts_alone(context, callbacks):
    stored = stored_view(ViewState(FilterState(countries=("LAO",))))
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.MAP}.clickData", "value": {}}],
        stored,
        search="?country=LAO",
        controls=(None, ["LAO"], None, ""),
        map_click={"points": [{"customdata": PARTNER_ID}]},
    )
    # Only the network's pair status line is cleared: the new map view replaces a pair.
    assert all(out[name] is no_update for name in FILTER_NAMES if name != PAIR_STATUS)
    assert out[PAIR_STATUS] == ""
    assert out["search"] == f"?country=LAO&id={PARTNER_ID}"
    assert "open" in out["detail_class"].split()
    assert context.registry.entities.at[PARTNER_ID, "name"] in texts(out["detail_body"])
    assert out["map_view"] == map_view(
        context,
        context.result(FilterState(countries=("LAO",))),
        PARTNER_ID,
        {
            **choropleth_changes(CHOROPLETH_FIRST_SLOT, (), None),
            **matching_changes(FilterState(countries=("LAO",)), 100, None),
        },
    )


def test_cb026_update_explorer_partner_buttons(callbacks):
    button = {"type": ids.PARTNER, "index": PARTNER_ID}
    stored = stored_view(ViewState(selected=LINKED_ID))
    # New buttons appearing (n_clicks None) change nothing: no update, so no loop.
    with pytest.raises(PreventUpdate):
        explore(
            callbacks,
            [{"prop_id": prop_id(button, "n_clicks"), "value": None}],
            stored,
            search=f"?id={LINKED_ID}",
            partners=[None],
        )
    out = explore(
        callbacks,
        [{"prop_id": prop_id(button, "n_clicks"), "value": 1}],
        stored,
        search=f"?id={LINKED_ID}",
        partners=[1],
    )
    assert out["store"]["selected"] == PARTNER_ID
    assert out["search"] == f"?id={PARTNER_ID}"


def test_cb027_update_explorer_close_and_reset(callbacks):
    stored = stored_view(
        ViewState(FilterState(countries=("LAO",)), selected=LINKED_ID, at=AT, lang="th")
    )
    search = f"?country=LAO&id={LINKED_ID}&lang=th&at={AT}"
    closed = explore(
        callbacks,
        [{"prop_id": f"{ids.DETAIL_CLOSE}.n_clicks", "value": 1}],
        stored,
        search=search,
        controls=(None, ["LAO"], None, ""),
        close=1,
    )
    assert closed["store"]["selected"] is None
    assert closed["search"] == f"?country=LAO&lang=th&at={AT}"
    assert "open" not in closed["detail_class"].split()
    reset = explore(
        callbacks,
        [{"prop_id": f"{ids.RESET}.n_clicks", "value": 1}],
        stored,
        search=search,
        controls=(None, ["LAO"], None, ""),
        reset=1,
    )
    assert reset["countries"] == [] and reset["search"] == f"?lang=th&at={AT}"
    assert ViewState.from_json(reset["store"]) == ViewState(at=AT, lang="th")


def test_cb036_urls_the_app_writes_keep_the_lang_parameter(callbacks):
    """``lang`` is not a filter, but the URL the app writes must keep it."""
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.COUNTRY_FILTER}.value", "value": ["LAO"]}],
        stored_view(ViewState(lang="th")),
        search="?lang=th",
        controls=(None, ["LAO"], None, ""),
    )
    assert out["search"] == "?country=LAO&lang=th"
    assert "lang" not in out["csv_href"] and "lang" not in out["geojson_href"]
    # Reading a URL with lang: no notice, and nothing to rewrite.
    out = load(callbacks, "?country=LAO&lang=th")
    assert out["notice_hidden"] is no_update
    assert out["search"] is no_update
    assert out["store"]["lang"] == "th"


def test_cb028_update_explorer_summaries_for_a_country(context, callbacks):
    entities = context.registry.entities
    out = load(callbacks, f"?country=LAO&id={PARTNER_ID}")
    count = int((entities["country"] == "LAO").sum())
    assert out["result_text"].startswith(f"{count} records match.")
    rows = out["rows"]
    assert len(rows) == count
    assert {row["country"] for row in rows} == {translate("country.LAO", LANG)}
    assert {row["id"] for row in rows} == set(entities.index[entities["country"] == "LAO"])
    assert out["csv_href"] == "/api/v1/entities?country=LAO&format=csv"
    assert out["geojson_href"] == "/api/v1/entities?country=LAO"  # no selection in downloads
    strong = [c.children for c in components(out["kind_counts"], html.Strong)]
    assert sum(int(s) for s in strong) == count
    z = np.asarray(out["matrix"]["data"][0]["z"])
    assert z[list(schema.COUNTRIES).index("LAO")].sum() >= count  # an entity has >= 1 sector
    assert np.delete(z, list(schema.COUNTRIES).index("LAO"), axis=0).sum() == 0


def test_cb029_update_explorer_default_hrefs(callbacks, registry):
    out = load(callbacks, "")
    assert out["rows_count"] == len(registry.entities)
    assert len(out["rows"]) == min(len(registry.entities), BLOCK_SIZE)
    assert out["csv_href"] == "/api/v1/entities?format=csv"
    assert out["geojson_href"] == "/api/v1/entities"
    assert out["search"] is no_update
    assert out["store"] == ViewState().to_json()


def test_cb030_update_explorer_when_nothing_matches(callbacks):
    out = load(callbacks, f"?country=LAO&q={IMPOSSIBLE_QUERY}")
    assert out["result_text"] == translate("result.none", LANG)
    assert out["result_text"].startswith("No records match")
    assert out["rows"] == []
    counts = components(out["kind_counts"], html.Strong)
    assert counts and all(c.children == "0" for c in counts)
    assert out["csv_href"] == f"/api/v1/entities?country=LAO&q={IMPOSSIBLE_QUERY}&format=csv"


def test_cb031_update_explorer_detail_shows_the_record(context, callbacks):
    entity = context.registry.entities.loc[LINKED_ID]
    out = load(callbacks, f"?id={LINKED_ID}")
    body, class_name = out["detail_body"], out["detail_class"]
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


@pytest.mark.parametrize("search", ["", "?country=LAO", "?id=no-such-id"])
def test_cb032_update_explorer_detail_without_a_record(callbacks, context, search):
    out = load(callbacks, search)
    assert texts(out["detail_body"]) == [translate("detail.empty", LANG)]
    assert "open" not in out["detail_class"].split()
    # A stale id (e.g. from an old store) shows the empty panel too.
    assert texts(detail_panel(context.registry, "no-such-id", LANG)) == [
        translate("detail.empty", LANG)
    ]


def test_cb033_partner_button_ids_are_unique(context):
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


def explorer_inputs(search, partners=(), countries=()):
    """``update_explorer``'s inputs as the renderer sends them (other controls empty)."""
    partner_inputs = [
        {"id": {"type": ids.PARTNER, "index": index}, "property": "n_clicks", "value": clicks}
        for index, clicks in partners
    ]
    return [search, [], list(countries), [], "", None, None, None, partner_inputs, None, [], []]


def test_cb034_update_explorer_through_dash_dispatch(app, registry):
    """The real HTTP dispatcher: outputs serialise, and a no-op trigger answers 204."""
    search = f"?country=LAO&id={LINKED_ID}"
    status, body, text = dispatch(
        app,
        "update_explorer",
        explorer_inputs(search),
        [None, LANG, "off", "off", 100, *RECORDS_TABLE_OPEN],
    )
    assert status == 200, text[:500]
    response = body["response"]
    view = response[ids.MAP_VIEW]["data"]
    assert {"masks", "lines", "layout"} <= set(view)
    assert {tuple(path[:2]) for path, _ in view["layout"]} == {("map", "layers")}
    # The records table's first block, and how many rows it has in all.
    records = response[stringify_id(part_id(GRID_ROWS, ids.RECORDS_GRID))]["data"]
    assert records["count"] == int((registry.entities["country"] == "LAO").sum())
    assert len(records["rows"]) == min(records["count"], BLOCK_SIZE)
    # Only the open table's rows are sent; the closed ones get theirs when opened.
    assert stringify_id(part_id(GRID_ROWS, ids.ACCESS_GRID)) not in response
    assert response[ids.DOWNLOAD_CSV]["href"] == "/api/v1/entities?country=LAO&format=csv"
    assert response[ids.STATE]["data"]["selected"] == LINKED_ID
    assert ids.URL not in response  # the URL already says this view
    # The detail panel, whose partner buttons use pattern-matching ids.
    assert PARTNER_ID in json.dumps(response[ids.DETAIL_BODY]["children"])
    # Partner buttons rendered (n_clicks None): nothing changes, the server answers 204.
    button = {"type": ids.PARTNER, "index": PARTNER_ID}
    status, body, _ = dispatch(
        app,
        "update_explorer",
        explorer_inputs(search, partners=[(PARTNER_ID, None)], countries=["LAO"]),
        [response[ids.STATE]["data"], LANG, "off", "off", 100, *RECORDS_TABLE_OPEN],
        changed=[prop_id(button, "n_clicks")],
    )
    assert status == 204 and body is None


# ---------------------------------------------------------------------------------------------
# record data is text, never markup


def test_cb035_record_text_is_never_rendered_as_html(markup_data):
    data_dir, entity_id = markup_data
    app = create_app(Settings.from_env({"data_dir": str(data_dir)}, environ={}))
    context = app.server.config["CORRIDOR_CONTEXT"]
    assert context.registry.entities.at[entity_id, "name"] == MARKUP_NAME

    # Map hover cards are HTML in Plotly: the name must arrive escaped.
    figure = build_figure(context.registry)
    kind = context.registry.entities.at[entity_id, "kind"]
    trace = figure["data"][context.plan.entity[kind][0]]
    card = trace["hovertext"][trace["customdata"].index(entity_id)]
    assert "&lt;img" in card
    assert "<img" not in card
    # ...and so must the figure of the page the app actually renders for ``/``.
    page = render_page_json(app, "/", f"?id={entity_id}")
    served = [
        text
        for trace in find_component(page, ids.MAP)["props"]["figure"]["data"]
        for text in trace.get("hovertext") or ()
    ]
    assert any("&lt;img" in text for text in served)
    assert not any("<img" in text for text in served)
    rendered = json.dumps(page).lower()
    assert "markdown" not in rendered
    assert "dangerously_allow_html" not in rendered

    # The detail panel shows it as a plain string child, never markup.
    out = load(server_callbacks(app), f"?id={entity_id}")
    body = out["detail_body"]
    assert MARKUP_NAME in texts(body)
    heading = components(body, html.H2)[0]
    assert heading.children == MARKUP_NAME
    for component in components(body):
        assert not isinstance(component, dcc.Markdown)
        assert not getattr(component, "dangerously_allow_html", False)

    # The table gets the name as plain data, and the grid has no HTML/markdown renderer.
    assert {"id": entity_id, "name": MARKUP_NAME}.items() <= next(
        r for r in out["rows"] if r["id"] == entity_id
    ).items()


# ---------------------------------------------------------------------------------------------
# The map's centre and zoom (``at``) and hidden layers (``hide``) in the URL


def test_cb037_reading_a_url_keeps_its_map_framing(callbacks):
    out = load(callbacks, f"?country=LAO&at={AT}")
    assert out["search"] is no_update  # nothing to rewrite: at is kept, not dropped
    assert out["notice_hidden"] is no_update
    assert out["store"]["at"] == AT


def test_cb038_a_bad_map_framing_is_dropped_with_a_notice(callbacks):
    out = load(callbacks, "?country=LAO&at=91,200,3")
    assert out["search"] == "?country=LAO"
    assert out["notice_hidden"] is False
    assert any(t.startswith("at=91,200,3") for t in texts(out["notice_children"]))
    assert out["store"]["at"] == ""


COUNTRY_CHANGE = [{"prop_id": f"{ids.COUNTRY_FILTER}.value", "value": ["LAO", "THA"]}]


def test_cb039_a_filter_change_keeps_where_the_user_moved_the_map(callbacks):
    # Moving the map writes at= into the address bar and tells the URL component (in the
    # browser): the server takes the new framing into the view, and redraws nothing.
    before = stored_view(ViewState(FilterState(countries=("LAO",)), at="10.0000,100.0000,4.00"))
    moved = explore(
        callbacks,
        [{"prop_id": f"{ids.URL}.search", "value": f"?country=LAO&at={AT}"}],
        before,
        search=f"?country=LAO&at={AT}",
        controls=(None, ["LAO"], None, ""),
    )
    assert moved["store"]["at"] == AT
    assert moved["search"] is no_update
    assert moved["notice_hidden"] is no_update
    assert all(moved[name] is no_update for name in FILTER_NAMES)
    assert moved["detail_body"] is no_update
    assert moved["map_view"] is no_update  # the map is where the user put it already
    # The next filter change keeps that framing.
    out = explore(
        callbacks,
        COUNTRY_CHANGE,
        moved["store"],
        search=f"?country=LAO&at={AT}",
        controls=(None, ["LAO", "THA"], None, ""),
    )
    assert out["search"] == f"?country=LAO,THA&at={AT}"


def test_cb041_a_filter_change_keeps_the_hidden_layers(callbacks):
    hidden = explore(
        callbacks,
        [{"prop_id": f"{ids.URL}.search", "value": "?country=LAO&hide=rivers,links"}],
        stored_view(ViewState(FilterState(countries=("LAO",)))),
        search="?country=LAO&hide=rivers,links",
        controls=(None, ["LAO"], None, ""),
    )
    assert hidden["store"]["hide"] == ["links", "rivers"]  # legend order
    out = explore(
        callbacks,
        COUNTRY_CHANGE,
        hidden["store"],
        search="?country=LAO&hide=links,rivers",
        controls=(None, ["LAO", "THA"], None, ""),
    )
    assert out["search"] == "?country=LAO,THA&hide=links,rivers"


def test_cb051_a_framing_only_url_change_through_dash_dispatch_updates_only_the_store(app):
    """Through the real dispatcher: the browser wrote ``at`` and ``hide`` into the URL; only
    the view store changes, nothing is redrawn and the URL is not written back."""
    before = stored_view(ViewState(FilterState(countries=("LAO",))))
    search = f"?country=LAO&hide=links&at={AT}"  # the browser's order: not rewritten
    status, body, text = dispatch(
        app,
        "update_explorer",
        explorer_inputs(search, countries=["LAO"]),
        [before, LANG, "off", "off", 100, *RECORDS_TABLE_OPEN],
        changed=[f"{ids.URL}.search"],
    )
    assert status == 200, text[:500]
    response = body["response"]
    assert set(response) == {ids.STATE}
    assert ViewState.from_json(response[ids.STATE]["data"]) == ViewState(
        FilterState(countries=("LAO",)), at=AT, hide=("links",)
    )


# ---------------------------------------------------------------------------------------------
# Links to this view on other pages (assets/view-links.js, run in Node)


ORIGIN = "http://x.test"


def test_cb040_share_link_is_the_address_bar_with_its_framing(callbacks):
    search = f"?sector=water&lang=vi&at={AT}"
    share, *_ = run_clientside("viewLinks", [search, "Map"], origin=ORIGIN, path="/")
    assert share == f"{ORIGIN}/{search}"
    share, *_ = run_clientside("viewLinks", [None, "Map"], origin=ORIGIN, path="/")
    assert share == f"{ORIGIN}/"
    # What the share link is built from: the URL the explorer writes for this view.
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.SECTOR_FILTER}.value", "value": ["water"]}],
        stored_view(ViewState(at=AT, lang="vi")),
        search=f"?lang=vi&at={AT}",
        controls=(["water"], None, None, ""),
    )
    assert out["search"] == search


def test_cb045_briefing_brief_and_embed_links_keep_the_view(callbacks):
    # The address bar the links are built from: the explorer's canonical URL for the view.
    out = load(callbacks, f"?q=R%26D&country=LAO&id={LINKED_ID}&at={AT}")
    search = out["search"]
    assert search == f"?country=LAO&q=R%26D&id={LINKED_ID}&at={AT}"
    title = 'Corridor "map" <embed>'
    share, briefing, brief, slides, snippet = run_clientside(
        "viewLinks", [search, title], origin=ORIGIN, path="/"
    )
    assert share == f"{ORIGIN}/{search}"
    assert briefing == f"/briefing{search}"
    assert brief == f"/brief.pdf{search}"
    assert slides == f"/briefing.pptx{search}"
    # The documents keep the page's language when the address bar names none.
    *_, brief, slides, _ = run_clientside(
        "viewLinks", [search, title, "th"], origin=ORIGIN, path="/"
    )
    assert brief == f"/brief.pdf{search}&lang=th"
    assert slides == f"/briefing.pptx{search}&lang=th"
    *_, brief, slides, _ = run_clientside(
        "viewLinks", [f"{search}&lang=vi", title, "th"], origin=ORIGIN, path="/"
    )
    assert slides == f"/briefing.pptx{search}&lang=vi"
    *_, slides, _ = run_clientside("viewLinks", [None, title, "km"], origin=ORIGIN, path="/")
    assert slides == "/briefing.pptx?lang=km"
    assert snippet == (
        f'<iframe src="{ORIGIN}/embed?country=LAO&amp;q=R%26D&amp;id={LINKED_ID}&amp;at={AT}"'
        ' width="600" height="400" title="Corridor &quot;map&quot; &lt;embed&gt;"'
        ' loading="lazy" style="border:0"></iframe>'
    )


def test_cb046_language_links_keep_the_view_and_set_lang():
    items = [{"type": LANGUAGE_ITEM, "index": code} for code in ("th", "zh-Hans")]
    hrefs = run_clientside("languageLinks", ["?country=LAO,THA&q=R%26D&lang=vi", items])
    assert hrefs == [
        "?country=LAO,THA&q=R%26D&lang=th",
        "?country=LAO,THA&q=R%26D&lang=zh-Hans",
    ]
    assert run_clientside("languageLinks", ["", items[:1]]) == ["?lang=th"]


# ---------------------------------------------------------------------------------------------
# The page the shell renders


def test_cb048_explorer_page_renders_the_urls_view_and_language(app):
    search = f"?country=LAO&q=R%26D&lang=th&hide=links&at={AT}"
    page = render_page_json(app, "/", search)
    assert find_component(page, ids.LANG)["props"]["data"] == "th"
    assert find_component(page, ids.HIDDEN)["props"]["data"] == "links"
    assert find_component(page, ids.CAMERA)["props"]["data"] == AT
    figure = find_component(page, ids.MAP)["props"]["figure"]
    off = [t["uid"] for t in figure["data"] if t.get("visible") is False]
    assert off == [f"{LINK_LAYER.id}-domestic", f"{LINK_LAYER.id}-domestic-points"]
    assert figure["layout"]["map"]["zoom"] == 7.5
    # The language menu links to this very view in every language.
    items = [
        node["props"]
        for node in walk_json(page)
        if isinstance(node.get("props", {}).get("id"), dict)
        and node["props"]["id"].get("type") == LANGUAGE_ITEM
    ]
    assert {item["id"]["index"] for item in items} == set(available_languages())
    for item in items:
        code = item["id"]["index"]
        href = item["href"]
        assert href.startswith("?country=LAO&q=R%26D&") and "&hide=links" in href
        assert params_from_query(href) == {
            "country": ["LAO"],
            "q": ["R&D"],
            "lang": [code],
            "at": [AT],
            "hide": ["links"],
        }
        assert ("active" in item["className"].split()) is (code == "th")
        assert (item.get("aria-current") == "true") is (code == "th")


def test_cb049_pages_render_by_path_and_the_served_layout_is_one_shell(app):
    client = app.server.test_client()
    shells = {
        client.get("/_dash-layout", headers={"Referer": f"http://x.test{path}"}).get_data()
        for path in ("/", "/embed?country=LAO", "/briefing?slide=2")
    }
    assert len(shells) == 1  # the Referer never picks the page
    roots = {
        "/": ids.MAP,
        "/briefing/": ids.BRIEFING_ROOT,
        "/embed": ids.EMBED_ROOT,
        "/no-such-page": ids.MAP,  # unknown paths show the explorer
    }
    for path, root in roots.items():
        page = render_page_json(app, path, "?country=LAO")
        find_component(page, root)
    # The language: the URL's, else the browser's, else the default.
    page = render_page_json(app, "/", "", headers={"Accept-Language": "vi-VN,vi;q=0.9"})
    assert find_component(page, ids.LANG)["props"]["data"] == "vi"
    page = render_page_json(app, "/", "?lang=km", headers={"Accept-Language": "vi"})
    assert find_component(page, ids.LANG)["props"]["data"] == "km"
    page = render_page_json(app, "/", "?lang=xx")
    assert find_component(page, ids.LANG)["props"]["data"] == "en"


def test_cb054_the_records_list_labels_partners_outside_the_corridor_truthfully(context):
    entities = context.registry.entities
    outside = (entities["country"] == "CHN") & ~entities["in_corridor"].astype(bool)
    listing = json.dumps(record_list(entities, outside.to_numpy(), LANG), cls=PlotlyJSONEncoder)
    assert "outside the corridor" in listing
    assert translate("country.CHN", LANG) not in listing


# ---------------------------------------------------------------------------------------------
# status filter control (zones, parks, incubators)


def _status_rows(out: dict) -> set[str]:
    return {row["id"] for row in out["rows"]}


def test_rgx001_status_control_filters_and_writes_url_store_and_downloads(callbacks, context):
    entities = context.registry.entities
    planned = set(entities.index[entities["status"] == "planned"])
    assert planned  # the shipped registry has planned zones
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.STATUS_FILTER}.value", "value": ["planned"]}],
        stored_view(ViewState()),
        controls=(None, None, None, ""),
        statuses=["planned"],
    )
    assert out["statuses"] == ["planned"]
    assert out["search"] == "?status=planned"
    assert ViewState.from_json(out["store"]).filters.statuses == ("planned",)
    assert _status_rows(out) == planned
    assert out["csv_href"] == "/api/v1/entities?status=planned&format=csv"
    assert out["geojson_href"] == "/api/v1/entities?status=planned"
    # Clearing the control clears the filter (and the URL).
    cleared = explore(
        callbacks,
        [{"prop_id": f"{ids.STATUS_FILTER}.value", "value": []}],
        out["store"],
        search="?status=planned",
        controls=(None, None, None, ""),
        statuses=[],
    )
    assert cleared["statuses"] == []
    assert cleared["search"] == ""
    assert cleared["rows_count"] == len(entities)


def test_rgx002_status_control_follows_a_shared_link(callbacks, context):
    out = load(callbacks, "?status=planned,under_construction&country=LAO")
    # Canonical (vocabulary) order, as the control offers them.
    assert out["statuses"] == ["under_construction", "planned"]
    entities = context.registry.entities
    expected = entities.index[
        entities["status"].isin(["planned", "under_construction"]) & (entities["unit"] == "LAO")
    ]
    assert _status_rows(out) == set(expected)
    # Another control changing keeps the status the control now shows.
    sector = explore(
        callbacks,
        [{"prop_id": f"{ids.SECTOR_FILTER}.value", "value": ["industrial_innovation"]}],
        out["store"],
        search="?country=LAO&status=under_construction,planned",
        controls=(["industrial_innovation"], ["LAO"], None, ""),
        statuses=out["statuses"],
    )
    assert "status=under_construction,planned" in sector["search"]


def test_rgx003_reduce_view_keeps_the_url_status_when_no_status_control_is_given(context):
    current = ViewState(FilterState(statuses=("suspended",)))
    view, _ = reduce(context, ids.SEARCH, controls=(None, None, None, "park"), current=current)
    assert view.filters.statuses == ("suspended",)
    view, _ = reduce(
        context,
        ids.STATUS_FILTER,
        controls=(None, None, None, "", None, ["suspended", "bogus", "operating"]),
        current=current,
    )
    assert view.filters.statuses == ("operating", "suspended")


@pytest.mark.parametrize("lang", available_languages())
def test_rgx004_status_control_is_labelled_and_translated(app, lang):
    page = render_page_json(app, "/", f"?lang={lang}&status=planned")
    dropdown = find_component(page, ids.STATUS_FILTER)["props"]
    assert dropdown["multi"] is True
    assert [o["value"] for o in dropdown["options"]] == list(schema.ENTITY_STATUSES)
    assert [o["label"] for o in dropdown["options"]] == [
        translate(f"entity_status.{s}", lang) for s in schema.ENTITY_STATUSES
    ]
    labels = [
        n
        for n in walk_json(page)
        if n.get("type") == "Label" and n.get("props", {}).get("htmlFor") == ids.STATUS_FILTER
    ]
    assert [label["props"]["children"] for label in labels] == [translate("filters.status", lang)]
    if lang != "en":
        assert translate("filters.status", lang) != translate("filters.status", "en")


def test_usb005_url_names_become_codes_and_typos_get_a_suggestion_in_the_page_language(context):
    by_name, notices = reduce(context, ids.URL, search="?country=Laos&sector=clean_energy")
    by_code, _ = reduce(context, ids.URL, search="?country=LAO&sector=clean_energy")
    assert by_name == by_code and notices == []
    _, notices = reduce_view(
        context, ids.URL, None, "?country=Loas", NO_CONTROLS, None, None, ViewState(), "th"
    )
    assert notices == ["country=Loas (unknown value) คุณหมายถึง ลาว (LAO) ใช่ไหม"]


def test_usb018_empty_results_draw_empty_charts_in_words_not_zero_filled_colour(callbacks):
    out = load(callbacks, f"?country=LAO&q={IMPOSSIBLE_QUERY}")
    for name, key in (("matrix", "chart.empty"), ("network_matrix", "chart.empty_links")):
        figure = out[name]
        assert figure["data"] == [], name
        assert figure["layout"]["annotations"][0]["text"] == translate(key, LANG)
    # With matches, the charts are drawn as before.
    assert load(callbacks, "?country=LAO")["matrix"]["data"][0]["type"] == "heatmap"


def test_usb019_details_show_which_links_made_a_record_match_and_each_links_sources(
    context, callbacks
):
    record = "lao-national-university-of-laos"
    out = load(callbacks, f"?country=LAO&sector=clean_energy&kind=rd_hub&id={record}")
    body = out["detail_body"]
    words = " ".join(texts(body))
    assert translate("detail.matched_through", LANG, sectors="Clean energy") in words
    marked = [
        c
        for c in components(body, html.Li)
        if "matched-link" in (getattr(c, "className", None) or "")
    ]
    assert marked, "the clean-energy link that made NUOL match is marked"
    links = context.registry.links
    for item in marked:
        details = components(item, html.Details)[0]
        hrefs = [a.href for a in components(details, html.A)]
        title = components(item, html.Div)[0].children
        link = links[links["title"] == title].iloc[0]
        assert "clean_energy" in link["sectors"]
        assert hrefs and all(h in " ".join(link["sources"]) for h in hrefs)
    # Its own sectors meet the filter: nothing is marked, no note.
    entities = context.registry.entities
    itself = next(
        i for i, s in zip(entities.index, entities["sectors"], strict=True) if "clean_energy" in s
    )
    own = load(callbacks, f"?sector=clean_energy&id={itself}")
    assert not [
        p
        for p in components(own["detail_body"], html.P)
        if getattr(p, "className", "") == "small matched-note"
    ]
    assert not [
        c
        for c in components(own["detail_body"], html.Li)
        if "matched-link" in (getattr(c, "className", None) or "")
    ]
