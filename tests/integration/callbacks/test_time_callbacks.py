"""The corridor over time on the explorer and in briefing mode, callbacks called as functions:
the year from the URL, kept across filter changes and cleared by reset; the year select and
play in the browser (Node); what is new since a date; the growth slide; the data release."""

from __future__ import annotations

from corridor_map import ids
from corridor_map.filters import FilterState
from corridor_map.i18n import format_date, translate
from corridor_map.pages.briefing.page import show_slide
from corridor_map.pages.briefing.storyboard import storyboard
from corridor_map.pages.explorer.callbacks import FILTER_OUTPUTS, GRID_OUTPUTS, VIEW_OUTPUTS
from corridor_map.pages.explorer.timeline import event_years
from corridor_map.view_state import ViewState
from tests.integration.callbacks.conftest import (
    render_page_json,
    run_clientside,
    run_in_callback_context,
    walk_json,
)

LANG = "en"
NAMES = [
    f"{o.component_id}.{o.component_property}"
    for o in (*VIEW_OUTPUTS, *FILTER_OUTPUTS, *GRID_OUTPUTS)
]
YEAR = f"{ids.YEAR_FILTER}.value"
NOTE = f"{ids.YEAR_NOTE}.children"
SEARCH = f"{ids.URL}.search"


def explorer(callbacks, search="", stored=None, triggered=(), countries=None, reset=None):
    """Call ``update_explorer``; its outputs by ``component.property``."""
    out = run_in_callback_context(
        callbacks["update_explorer"],
        search,
        None,
        countries,
        None,
        "",
        reset,
        None,
        None,
        [],
        None,
        None,
        [],
        stored,
        triggered=list(triggered),
        lang=LANG,
    )
    assert isinstance(out, tuple) and len(out) == len(NAMES), out
    return dict(zip(NAMES, out, strict=True))


def drawn(view: dict) -> int:
    """Markers a compact map view shows (each mask's set bits)."""
    import base64

    return sum(
        bin(byte).count("1")
        for _, mask, _ in view["masks"]
        for byte in base64.urlsafe_b64decode(mask)
    )


def test_tim020_a_year_in_the_url_sets_the_select_and_names_the_undated(callbacks, context):
    everything = explorer(callbacks, "")
    out = explorer(callbacks, "?year=2012")
    assert out[YEAR] == 2012
    undated = context.filter_index.undated(FilterState(year=2012))
    assert out[NOTE] == translate("year.undated", LANG, count=undated)
    assert undated > 0
    assert drawn(out[f"{ids.MAP_VIEW}.data"]) < drawn(everything[f"{ids.MAP_VIEW}.data"])
    # The growth chart marks the year; without a year there is no year line.
    chart = out[f"{ids.GROWTH_CHART}.figure"]
    assert translate("growth.selected_year", LANG, year="2012") in [
        a["text"] for a in chart["layout"]["annotations"]
    ]
    assert everything[YEAR] is None and everything[NOTE] == ""
    assert out[f"{ids.DOWNLOAD_CSV}.href"] == "/api/v1/entities?year=2012&format=csv"


def test_tim021_a_filter_change_keeps_the_year_and_reset_clears_it(callbacks):
    stored = ViewState(FilterState(year=2012)).to_json()
    trigger = [{"prop_id": f"{ids.COUNTRY_FILTER}.value", "value": ["LAO"]}]
    out = explorer(callbacks, "?year=2012", stored, trigger, countries=["LAO"])
    assert out[SEARCH] == "?country=LAO&year=2012"
    assert out[YEAR] == 2012
    stored = ViewState(FilterState(countries=("LAO",), year=2012)).to_json()
    reset = [{"prop_id": f"{ids.RESET}.n_clicks", "value": 1}]
    out = explorer(callbacks, "?country=LAO&year=2012", stored, reset, reset=1)
    assert out[SEARCH] == ""
    assert out[YEAR] is None


def test_tim022_year_select_writes_the_url_in_the_browser():
    js = {"script": "year-play.js"}
    assert run_clientside("yearToUrl", [2012, "?country=LAO"], **js) == "?country=LAO&year=2012"
    assert run_clientside("yearToUrl", [None, "?country=LAO&year=2012"], **js) == "?country=LAO"
    assert run_clientside("yearToUrl", [None, "?year=2012"], **js) == ""
    # Nothing to write when the URL already says it (the view callback set the select).
    assert run_clientside("yearToUrl", [2012, "?year=2012&q=a,b"], **js) == {"no_update": True}


def test_tim023_play_steps_from_the_earliest_year_to_today_and_pauses(context):
    js = {"script": "year-play.js"}
    years = event_years(context)
    steps = {"years": years, "labels": {"play": "Play", "pause": "Pause"}}
    start = run_clientside("yearPlay", [1, None, None, True, steps], triggered_id="year-play", **js)
    assert start == [years[0], False, "Pause", "true"]
    tick = run_clientside(
        "yearPlay", [1, 1, years[0], False, steps], triggered_id="year-tick", **js
    )
    assert tick == [years[1], False, "Pause", "true"]
    last = run_clientside(
        "yearPlay", [1, 9, years[-2], False, steps], triggered_id="year-tick", **js
    )
    assert last == [years[-1], True, "Play", "false"]  # today reached: play stops
    pause = run_clientside(
        "yearPlay", [2, 3, years[3], False, steps], triggered_id="year-play", **js
    )
    assert pause == [{"no_update": True}, True, "Play", "false"]
    assert years == sorted(set(years)) and years[-1] >= 2026


def test_tim024_since_marks_new_and_changed_records_and_counts_them(callbacks, context):
    versions = context.registry.entities[["added", "changed"]]
    since = versions["changed"].max()
    out = explorer(callbacks, f"?since={since}")
    result = context.result(FilterState(since=since))
    assert out[NOTE] == translate(
        "since.summary",
        LANG,
        date=format_date(since, LANG),
        records=int(result.entities.sum()),
        links=int(result.links.sum()),
    )
    items = out[f"{ids.RECORD_LIST_DATA}.data"]["items"]
    assert items and all(len(item) == 4 for item in items)  # every listed record is marked
    for *_, (state, text) in items:
        assert state in ("added", "changed")
        assert text == translate(f"since.badge.{state}", LANG)
    # The browser shows each mark as a badge beside the record.
    listing = run_clientside(
        "recordList", [{"items": items[:1], "more": ""}], script="record-pick.js"
    )
    badge = listing[0]["props"]["children"][0]["props"]["children"][2]["props"]
    assert badge["data-since"] == items[0][3][0] and "since-badge" in badge["className"]


def _json(components):
    import json

    from plotly.utils import PlotlyJSONEncoder

    return json.loads(json.dumps(components, cls=PlotlyJSONEncoder))


def test_tim025_briefing_has_the_growth_slide_with_its_chart(callbacks, context):
    deck = storyboard(context.sector_ids)
    number = [s.id for s in deck].index("growth") + 1
    _, slide, _, _ = show_slide(context, f"?slide={number}", None, LANG)
    assert slide.id == "growth"
    outputs = run_in_callback_context(
        callbacks["update_briefing"], f"?slide={number}", None, None, None, None, triggered=[]
    )
    title, chart = outputs[2], outputs[10]
    assert title == translate("growth.heading", LANG) == "The corridor since 2010"
    graphs = [n for n in walk_json(_json(chart)) if n.get("type") == "Graph"]
    assert len(graphs) == 1
    figure = graphs[0]["props"]["figure"]
    assert [a["text"] for a in figure["layout"]["annotations"]] == [
        "LMC launch",
        "Joint Initiatives",
        "Joint research call",
    ]
    other = run_in_callback_context(
        callbacks["update_briefing"], "?slide=1", None, None, None, None, triggered=[]
    )
    assert other[10] == []  # no chart on the other slides


def test_tim026_explorer_credits_name_the_data_release_and_the_year_control_is_labelled(
    app, registry
):
    page = render_page_json(app, "/", "?year=2012")
    credits = next(n for n in walk_json(page) if n.get("props", {}).get("id") == ids.CREDITS)
    text = str(credits["props"]["children"])
    assert translate("credits.data_version", LANG, version=registry.version) in text
    labels = [
        n["props"]
        for n in walk_json(page)
        if n.get("type") == "Label" and n["props"].get("htmlFor") == ids.YEAR_FILTER
    ]
    assert labels and labels[0]["children"] == translate("year.label", LANG)
    play = next(n for n in walk_json(page) if n.get("props", {}).get("id") == ids.YEAR_PLAY)
    assert play["type"] == "Button" and play["props"]["aria-pressed"] == "false"


def test_tim027_the_embed_keeps_the_year_and_draws_the_dated_view(callbacks, context):
    from corridor_map.pages.embed import reduce_embed

    view, query = reduce_embed(
        context, ids.EMBED_COUNTRY, "?year=2012&since=2026-11-24", [], ["LAO"]
    )
    assert view.filters == FilterState(countries=("LAO",), year=2012, since="2026-11-24")
    assert query == "?country=LAO&year=2012&since=2026-11-24"
    out = run_in_callback_context(callbacks["update_embed"], "?year=2012", None, None, triggered=[])
    assert out[3] == "/?year=2012"  # "Open the full map" keeps the year
    assert drawn(out[4]) == drawn(explorer(callbacks, "?year=2012")[f"{ids.MAP_VIEW}.data"])
