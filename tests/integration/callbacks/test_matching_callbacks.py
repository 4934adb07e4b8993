"""Where to cooperate on the explorer, callbacks called as functions: the table and counts
follow the filters in ``update_explorer``; the map-mode switch and the radius write the map
view (``show_matching``); the programme filter; the partner finder in the detail panel."""

from __future__ import annotations

import functools
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from dash import html, no_update
from dash._utils import stringify_id

from corridor_map import ids
from corridor_map.analytics import analytics_for, coverage_text
from corridor_map.filters import FilterState
from corridor_map.pages.explorer.grids import GRID_ROWS, part_id
from corridor_map.pages.explorer.matching import MATCH_FIRST_SLOT
from corridor_map.pages.explorer.views import partner_from_index
from corridor_map.view_state import ViewState
from tests.integration.callbacks.conftest import components, outputs_by_id, run_in_callback_context

LANG = "en"
RECORD = "chn-yunnan-normal-university"
LMC = "lancang-mekong-cooperation"
#: Every lazy grid open (its button clicked once), so ``update_explorer`` sends their rows.
GRIDS_OPEN = (1, 1, 1)


def explorer(callbacks, search="", stored=None, triggered=(), controls=None, **states):
    """Call ``update_explorer``; returns its outputs by ``component.property``."""
    sectors, countries, kinds, query, programmes = controls or (None, None, None, "", None)
    out = run_in_callback_context(
        callbacks["update_explorer"],
        search,
        sectors,
        countries,
        kinds,
        query,
        None,
        None,
        None,
        states.get("partners", []),
        None,
        programmes,
        states.get("statuses", []),
        stored,
        None,
        states.get("match_toggle"),
        states.get("match_radius"),
        *GRIDS_OPEN,
        triggered=list(triggered),
        lang=LANG,
    )
    named = outputs_by_id("update_explorer", out)
    return {  # the lazy grids' payloads {"key", "rows"} unwrapped to their rows
        key: value["rows"] if key.startswith('{"index"') and isinstance(value, dict) else value
        for key, value in named.items()
    }


def layer_changes(view: dict) -> dict:
    return {
        (path[2], path[3]): value for path, value in view["layout"] if path[:2] == ["map", "layers"]
    }


def test_mat301_table_and_counts_follow_sector_and_country(callbacks, context):
    out = explorer(callbacks, "?sector=agriculture&country=LAO,THA")
    rows = out[f"{stringify_id(part_id(GRID_ROWS, ids.MATCH_GRID))}.data"]
    coverage = analytics_for(context).coverage_for(
        FilterState(sectors=("agriculture",), countries=("LAO", "THA")), 100
    )
    assert [r["id"] for r in rows] == sorted(
        coverage.zones.index, key=lambda z: not coverage.zones.at[z, "gap"]
    )
    assert {r["country"] for r in rows} <= {"Laos", "Thailand"}
    assert out[f"{ids.MATCH_SUMMARY}.children"] == coverage_text(coverage, LANG)
    assert "Agriculture technology hub within 100 km" in out[f"{ids.MATCH_SUMMARY}.children"]
    href = out[f"{ids.MATCH_DOWNLOAD}.href"]
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == "/api/v1/analytics/hub-zone"
    assert query == {
        "sector": ["agriculture"],
        "country": ["LAO,THA"],
        "radius_km": ["100"],
        "format": ["csv"],
    }


def test_mat302_switch_and_radius_write_the_map_view(callbacks, context):
    stored = ViewState(FilterState(sectors=("digital",))).to_json()
    view, text, href, keys, payload = callbacks["show_matching"]("on", 50, stored, LANG, 1)
    rows = payload["rows"]
    # The open table's rows are made for this radius, and the page's key for it follows.
    assert keys.to_plotly_json()["operations"][0]["params"]["value"] == payload["key"]
    assert payload["key"].endswith("|50.0")
    changes = layer_changes(view)
    slots = [MATCH_FIRST_SLOT + i for i in range(3)]
    assert all(changes[(slot, "visible")] is True for slot in slots)
    sources = [changes[(slot, "source")] for slot in slots]
    assert all("sector=digital" in s and "radius_km=50" in s for s in sources)
    assert [parse_qs(urlsplit(s).query)["part"] for s in sources] == [
        ["linked"],
        ["unlinked"],
        ["gaps"],
    ]
    assert "within 50 km" in text and "radius_km=50" in href
    gaps = [r for r in rows if r["gap"] == "yes"]
    assert all(r["distance"] is None or r["distance"] > 50 for r in gaps)
    off, *_ = callbacks["show_matching"]("off", 50, stored, LANG)
    assert all(layer_changes(off)[(slot, "visible")] is False for slot in slots)
    # A value no page offers falls back to the default radius.
    _, text, _, _, closed = callbacks["show_matching"]("on", 7, stored, LANG)
    assert "within 100 km" in text
    assert closed is no_update, "a closed table's rows are not sent"


def test_mat303_the_filter_change_keeps_the_map_mode_on(callbacks):
    with_mode_on = functools.partial(
        callbacks["update_explorer"], access_toggle="off", match_toggle="on", match_radius=200
    )
    out = run_in_callback_context(
        with_mode_on,
        "",
        ["water"],
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
        ViewState().to_json(),
        triggered=[{"prop_id": f"{ids.SECTOR_FILTER}.value", "value": ["water"]}],
        lang=LANG,
    )
    view = outputs_by_id("update_explorer", out)[f"{ids.MAP_VIEW}.data"]
    changes = layer_changes(view)
    assert changes[(MATCH_FIRST_SLOT + 1, "visible")] is True
    assert "sector=water" in changes[(MATCH_FIRST_SLOT + 1, "source")]
    assert "radius_km=200" in changes[(MATCH_FIRST_SLOT + 1, "source")]


def test_mat304_programme_filter_in_url_store_and_links(callbacks, context):
    out = explorer(
        callbacks,
        "",
        ViewState().to_json(),
        [{"prop_id": f"{ids.PROGRAMME_FILTER}.value", "value": [LMC]}],
        controls=(None, None, None, "", [LMC]),
    )
    assert out[f"{ids.URL}.search"] == f"?programme={LMC}"
    assert out[f"{ids.PROGRAMME_FILTER}.value"] == [LMC]
    assert ViewState.from_json(out[f"{ids.STATE}.data"]).filters.programmes == (LMC,)
    links_line = next(line for line in out[f"{ids.MAP_VIEW}.data"]["lines"] if line[0] == 1)
    shown = context.result(FilterState(programmes=(LMC,))).links
    assert shown.sum() >= 1
    # Cross-border links of the programme only (each link is three points, NaN-separated).
    cross = context.registry.links["cross_border"].to_numpy()
    assert len(links_line[1]) == 3 * int((shown & cross).sum())
    # And back from the URL on a page load.
    loaded = explorer(callbacks, f"?programme={LMC}")
    assert loaded[f"{ids.PROGRAMME_FILTER}.value"] == [LMC]


def test_mat305_detail_panel_lists_partners_whose_click_selects_them(callbacks, context):
    out = explorer(callbacks, f"?id={RECORD}")
    body = out[f"{ids.DETAIL_BODY}.children"]
    panel = next(s for s in components(body, html.Section) if s.id == ids.PARTNER_PANEL)
    buttons = [b for b in components(panel, html.Button) if isinstance(b.id, dict)]
    expected = analytics_for(context).partners(RECORD, 10)
    assert [partner_from_index(b.id["index"]) for b in buttons] == expected["id"].tolist()
    assert all(b.id["type"] == ids.PARTNER for b in buttons)
    text = json.dumps(panel.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "Shares Clean energy" in text and "2 per shared sector" in text
    download = next(a for a in components(panel, html.A) if a.id == ids.PARTNER_DOWNLOAD)
    assert download.href == f"/api/v1/analytics/partners?id={RECORD}&format=csv"
    # Clicking the first candidate selects it.
    first = buttons[0].id
    clicked = explorer(
        callbacks,
        f"?id={RECORD}",
        ViewState(selected=RECORD).to_json(),
        [{"prop_id": json.dumps(first, separators=(",", ":")) + ".n_clicks", "value": 1}],
        partners=[1] * len(buttons),
    )
    assert ViewState.from_json(clicked[f"{ids.STATE}.data"]).selected == expected["id"].iloc[0]


@pytest.mark.parametrize("lang", ["th", "zh-Hans"])
def test_mat306_table_and_panel_are_translated(callbacks, context, lang):
    stored = ViewState().to_json()
    _, text, _, _, payload = callbacks["show_matching"]("on", 100, stored, lang, 1)
    rows = payload["rows"]
    assert "matching." not in text and "{" not in text
    assert rows[0]["gap"] in {"ใช่", "ไม่", "是", "否"}


def test_mat307_geojson_layers_match_the_coverage(app, context):
    client = app.server.test_client()
    coverage = analytics_for(context).coverage_for(FilterState(countries=("KHM",)), 100)
    parts = {}
    for part in ("linked", "unlinked", "gaps"):
        response = client.get(f"/analytics/hub-zone.geojson?country=KHM&radius_km=100&part={part}")
        assert response.status_code == 200
        parts[part] = response.get_json()["features"]
    with_hub = coverage.zones[coverage.zones["hub_id"].notna()]
    assert len(parts["linked"]) + len(parts["unlinked"]) == len(with_hub)
    assert {f["properties"]["zone"] for f in parts["gaps"]} == set(coverage.gap_ids)
    line = parts["unlinked"][0]
    zone, hub = line["properties"]["zone"], line["properties"]["hub"]
    entities = context.registry.entities
    # Drawn where the markers are (co-located records spread apart).
    assert line["geometry"]["coordinates"] == [
        pytest.approx([entities.at[zone, "map_lon"], entities.at[zone, "map_lat"]]),
        pytest.approx([entities.at[hub, "map_lon"], entities.at[hub, "map_lat"]]),
    ]
    bad = client.get("/analytics/hub-zone.geojson?part=everything&radius_km=-1")
    assert bad.status_code == 400
    assert {p["parameter"] for p in bad.get_json()["problems"]} == {"part", "radius_km"}


def test_mat308_briefing_slide_zones_waiting_for_a_research_partner(context, callbacks):
    from corridor_map.pages.briefing.storyboard import storyboard

    deck = storyboard(context.sector_ids)
    number = 1 + [s.id for s in deck].index("zones-waiting")
    outputs = run_in_callback_context(
        callbacks["update_briefing"], f"?slide={number}", None, None, None, None, triggered=[]
    )
    title, figures, view, extra = outputs[2], outputs[3], outputs[8], outputs[9]
    assert title == "Zones waiting for a research partner"
    shown = {
        getattr(item, "data-figure"): (item.children[0].children, item.children[1].children)
        for item in figures
    }
    coverage = analytics_for(context).coverage_for(FilterState(), 100)
    assert list(shown) == ["gaps", "unlinked", "most_gaps"]
    assert shown["gaps"] == (
        str(len(coverage.gap_ids)),
        "No matching R&D hub within 100 km",
    )
    worst = coverage.by_unit.sort_values("gaps", ascending=False, kind="stable").iloc[0]
    assert shown["most_gaps"][0].endswith(f": {int(worst['gaps'])}")
    layout = {tuple(path): value for path, value in view["layout"]}
    sources = [layer["source"] for layer in layout[("map", "layers")]]
    assert sum(src.startswith("/analytics/hub-zone.geojson") for src in sources) == 3
    assert "matching-legend" in str(extra)


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list | tuple):
        return " ".join(_text(n) for n in node)
    children = getattr(node, "children", None)
    return _text(children) if children is not None else ""


def test_rgx006_partner_panel_names_chinese_partners_outside_the_corridor(context):
    from corridor_map.pages.explorer.matching import partner_panel

    record = "vnm-da-nang-it-park"
    outside = "chn-tianjin-sino-german-university-of-applied-sciences"
    found = analytics_for(context).partners(record, 10)
    assert outside in set(found["id"])  # a Chinese partner outside Yunnan is proposed
    text = _text(partner_panel(context, record, LANG))
    assert "China — Tianjin (outside the corridor)" in text
    assert text.count("China (Yunnan)") == int(
        (
            (found["country"] == "CHN")
            & found["id"].map(context.registry.entities["in_corridor"]).astype(bool)
        ).sum()
    )


def test_rgx007_coverage_names_and_counts_zones_outside_the_corridor_apart(context):
    from corridor_map.pages.explorer.matching import coverage_table_rows

    park = "chn-tsinghua-science-park"
    rows = coverage_table_rows(context, FilterState(), LANG, 100)
    row = next(r for r in rows if r["id"] == park)
    assert row["country"] == "China — Beijing (outside the corridor)"
    coverage = analytics_for(context).coverage_for(FilterState(), 100)
    by_unit = coverage.by_unit.set_index("country")
    assert by_unit.at["CHN-X", "zones"] == 1
    yunnan = coverage.zones[coverage.zones["unit"] == "CHN"]
    assert by_unit.at["CHN", "zones"] == len(yunnan) and park not in yunnan.index
