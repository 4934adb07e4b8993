"""The explorer as a person uses it: real controls, and what the page then shows.

Every test drives the page through its visible controls (dropdowns, checklist, search box,
table rows, buttons) and checks the words, numbers, map markers and URL a person would see,
plus the files the download buttons hand over. Each one also asserts that the page logged no
console or page errors and made no request to another host.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from tests.integration.browser.conftest import open_records_table
from tests.integration.browser.test_map_page import wait_for_map

pytestmark = pytest.mark.browser

NO_MATCH_TEXT = "No records match"
RESULT_RE = re.compile(
    r"(\d+) records? match(?:es)?\. (\d+) project links? shown; partners outside the filter: (\d+)"
)

MARKER_TRACES_JS = """() => {
  const graph = document.querySelector('#corridor-map .js-plotly-plot');
  return graph.data
    .filter(t => t.mode === 'markers' && Array.isArray(t.selectedpoints))
    .map(t => ({name: t.name || null, shown: t.selectedpoints.length}));
}"""


# --------------------------------------------------------------------------- helpers


def assert_clean(watch) -> None:
    """No console errors, no uncaught page errors, no requests to foreign hosts."""
    assert watch.console_errors == [], watch.console_errors
    assert watch.page_errors == [], watch.page_errors
    assert watch.foreign_requests == [], watch.foreign_requests


def open_explorer(watch, server_url: str, path: str = "/") -> None:
    """Open the explorer and wait for the map and the first summaries."""
    wait_for_map(watch.page, server_url, path)
    watch.page.wait_for_function(
        "() => document.querySelector('#result-text').innerText.trim().length > 0"
        " && document.querySelectorAll('#kind-counts li').length > 0",
        timeout=15_000,
    )


def result_text(page) -> str:
    return page.locator("#result-text").inner_text().strip()


def wait_result_change(page, before: str) -> str:
    """Wait until ``#result-text`` says something other than ``before``; return it."""
    page.wait_for_function(
        "(before) => { const t = document.querySelector('#result-text').innerText.trim();"
        " return t.length > 0 && t !== before; }",
        arg=before,
        timeout=15_000,
    )
    return result_text(page)


def matches_in(text: str) -> tuple[int, int, int]:
    """(records, links, partners) from the result sentence."""
    found = RESULT_RE.search(text)
    assert found, f"result text does not state the counts: {text!r}"
    return int(found[1]), int(found[2]), int(found[3])


def kind_counts(page) -> dict[str, int]:
    """The numbers shown per kind in ``#kind-counts``."""
    counts = {}
    for item in page.locator("#kind-counts li").all():
        counts[item.get_attribute("data-kind")] = int(item.locator("strong").inner_text())
    return counts


def table_row_count(page) -> int:
    return page.locator("#records-table .ag-center-cols-container .ag-row").count()


def marker_traces(page) -> list[dict]:
    return page.evaluate(MARKER_TRACES_JS)


def choose_in_dropdown(page, dropdown_id: str, typed: str, option_text: str) -> None:
    """Open a dcc.Dropdown, type into its search box and click the option by visible text."""
    page.locator(f"#{dropdown_id}").click()
    search = page.locator(".dash-dropdown-content input.dash-dropdown-search")
    search.wait_for(state="visible")
    search.fill("")
    search.type(typed)
    option = page.locator(".dash-dropdown-content [role=option]", has_text=option_text)
    option.first.click()
    page.keyboard.press("Escape")
    page.locator(".dash-dropdown-content").wait_for(state="detached", timeout=5_000)


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def wait_url_has(page, key: str, value: str | None = None) -> None:
    page.wait_for_function(
        "([key, value]) => { const p = new URLSearchParams(location.search);"
        " return p.has(key) && (value === null || p.get(key) === value); }",
        arg=[key, value],
        timeout=15_000,
    )


def entity(server_url: str, entity_id: str) -> dict:
    """One record's properties, from the app's own API."""
    data = requests.get(server_url + "/api/v1/entities", timeout=10).json()
    return next(f["properties"] for f in data["features"] if f["id"] == entity_id)


# --------------------------------------------------------------------------- tests


def test_exp001_sector_and_country_narrow_text_counts_table_map_and_url(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url)
    open_records_table(page)
    text_all = result_text(page)
    total, _, _ = matches_in(text_all)
    counts_all = kind_counts(page)
    traces_all = marker_traces(page)
    assert sum(counts_all.values()) == total
    assert sum(t["shown"] for t in traces_all) >= total

    choose_in_dropdown(page, "filter-sector", "Agri", "Agriculture technology")
    text_sector = wait_result_change(page, text_all)
    choose_in_dropdown(page, "filter-country", "Lao", "Laos")
    text_both = wait_result_change(page, text_sector)

    matches, _, partners = matches_in(text_both)
    assert 0 < matches < total
    counts = kind_counts(page)
    assert sum(counts.values()) == matches
    assert all(counts[k] <= counts_all[k] for k in counts_all)
    assert counts != counts_all

    # The grid draws only the rows in view; it counts them all in aria-rowcount (+1 header).
    page.wait_for_function(
        "(n) => { const g = document.querySelector('#records-table [aria-rowcount]');"
        " return g && Number(g.getAttribute('aria-rowcount')) === n + 1; }",
        arg=matches,
        timeout=15_000,
    )
    assert page.locator("#record-list li").count() == min(matches, 50)
    page.wait_for_selector("#records-table .ag-center-cols-container .ag-row [col-id=country]")
    names = page.locator(
        "#records-table .ag-center-cols-container .ag-row [col-id=country]"
    ).all_inner_texts()
    assert names and set(names) == {"Laos"}

    # The map now shows only the matching records and their partners.
    page.wait_for_function(
        "(total) => { const g = document.querySelector('#corridor-map .js-plotly-plot');"
        " const shown = g.data.filter(t => t.mode === 'markers' && t.name"
        " && Array.isArray(t.selectedpoints)).reduce((s, t) => s + t.selectedpoints.length, 0);"
        " return shown < total; }",
        arg=total,
        timeout=15_000,
    )
    traces = marker_traces(page)
    assert len(traces) == len(traces_all)
    for before, after in zip(traces_all, traces, strict=True):
        assert after["shown"] <= before["shown"], (before, after)
    named = sum(t["shown"] for t in traces if t["name"])
    assert named == matches + partners
    assert sum(t["shown"] for t in traces) < sum(t["shown"] for t in traces_all)

    query = query_of(page.url)
    assert query["sector"] == ["agriculture"]
    assert query["country"] == ["LAO"]
    assert_clean(watched_page)


def test_exp002_kind_checklist_and_empty_search_say_so_and_reset_restores(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url)
    open_records_table(page)
    text_all = result_text(page)
    counts_all = kind_counts(page)
    traces_all = marker_traces(page)

    choose_in_dropdown(page, "filter-kind", "High", "High-tech park")
    text_kind = wait_result_change(page, text_all)
    matches, _, _ = matches_in(text_kind)
    counts = kind_counts(page)
    assert counts["hightech_park"] == counts_all["hightech_park"] == matches
    assert all(n == 0 for kind, n in counts.items() if kind != "hightech_park")
    wait_url_has(page, "kind", "hightech_park")

    search = page.locator("#filter-search")
    search.fill("zzzzqqq")
    text_empty = wait_result_change(page, text_kind)
    assert NO_MATCH_TEXT in text_empty
    assert "Reset filters" in text_empty
    assert all(n == 0 for n in kind_counts(page).values())
    page.wait_for_function(
        "() => document.querySelectorAll('#records-table .ag-row').length === 0",
        timeout=15_000,
    )
    page.wait_for_function(
        "() => document.querySelector('#corridor-map .js-plotly-plot').data"
        ".filter(t => t.mode === 'markers' && Array.isArray(t.selectedpoints))"
        ".every(t => t.selectedpoints.length === 0)",
        timeout=15_000,
    )
    wait_url_has(page, "q", "zzzzqqq")

    page.get_by_role("button", name="Reset filters").click()
    assert wait_result_change(page, text_empty) == text_all
    assert kind_counts(page) == counts_all
    assert search.input_value() == ""
    assert "High-tech park" not in page.locator("#filter-kind").inner_text()
    page.wait_for_function("() => location.search === ''", timeout=15_000)
    page.wait_for_function(
        "(n) => document.querySelector('#corridor-map .js-plotly-plot').data"
        ".filter(t => t.mode === 'markers' && Array.isArray(t.selectedpoints))"
        ".reduce((s, t) => s + t.selectedpoints.length, 0) === n",
        arg=sum(t["shown"] for t in traces_all),
        timeout=15_000,
    )
    assert table_row_count(page) > 0
    assert_clean(watched_page)


def test_exp003_table_row_opens_details_and_partner_switches(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url)
    open_records_table(page)
    record = entity(server_url, "lao-national-university-of-laos")
    before = result_text(page)
    page.locator("#filter-search").fill("National University of Laos")
    wait_result_change(page, before)
    row = page.locator("#records-table .ag-center-cols-container .ag-row").filter(
        has=page.locator("[col-id=name]", has_text=re.compile(f"^{re.escape(record['name'])}$"))
    )
    row.locator("[col-id=name]").click()

    panel = page.locator("#detail-panel")
    page.wait_for_function(
        "() => document.querySelector('#detail-panel').classList.contains('open')",
        timeout=15_000,
    )
    assert panel.is_visible()
    assert panel.locator("h2").inner_text() == record["name"]
    assert panel.locator(".name-local").inner_text() == record["name_local"]
    badge = panel.locator(".precision-badge")
    assert badge.inner_text() in {"Exact site", "City", "Province"}
    assert badge.get_attribute("title")
    links = panel.locator(".sources a[href^=http]")
    assert links.count() >= 1
    assert links.first.get_attribute("target") == "_blank"
    partners = panel.locator("button.partner-link")
    assert partners.count() >= 1
    wait_url_has(page, "id", record["id"])

    partner_label = partners.first.inner_text()
    partners.first.click()
    page.wait_for_function(
        "(old) => { const id = new URLSearchParams(location.search).get('id');"
        " return id && id !== old; }",
        arg=record["id"],
        timeout=15_000,
    )
    new_id = query_of(page.url)["id"][0]
    partner = entity(server_url, new_id)
    assert partner_label.startswith(partner["name"] + " (")
    page.wait_for_function(
        "(name) => document.querySelector('#detail-panel h2').innerText === name",
        arg=partner["name"],
        timeout=15_000,
    )
    assert "open" in panel.get_attribute("class")
    # The partner's own partners include the record we came from.
    assert panel.locator("button.partner-link", has_text=record["name"]).count() >= 1

    # Closing hides the panel and drops id= from the URL.
    page.locator("#detail-close").click()
    page.wait_for_function(
        "() => !document.querySelector('#detail-panel').classList.contains('open')",
        timeout=15_000,
    )
    page.wait_for_function("() => !location.search.includes('id=')", timeout=15_000)
    assert_clean(watched_page)


def test_exp004_url_restores_exact_view(watched_page, server_url):
    page = watched_page.page
    record = entity(server_url, "lao-national-university-of-laos")
    open_explorer(watched_page, server_url)
    # The same view built by hand, to compare with the one restored from the URL.
    before = result_text(page)
    choose_in_dropdown(page, "filter-sector", "Agri", "Agriculture technology")
    text = wait_result_change(page, before)
    choose_in_dropdown(page, "filter-country", "Lao", "Laos")
    expected_text = wait_result_change(page, text)
    expected_counts = kind_counts(page)

    fresh = page.context.new_page()
    path = f"/?sector=agriculture&country=LAO&id={record['id']}"
    wait_for_map(fresh, server_url, path)
    fresh.wait_for_function(
        "() => document.querySelector('#detail-panel').classList.contains('open')"
        " && document.querySelector('#result-text').innerText.trim().length > 0",
        timeout=15_000,
    )
    assert fresh.locator("#filter-sector").inner_text().strip() == "Agriculture technology"
    assert fresh.locator("#filter-country").inner_text().strip() == "Laos"
    assert result_text(fresh) == expected_text
    assert kind_counts(fresh) == expected_counts
    assert fresh.locator("#detail-panel h2").inner_text() == record["name"]
    assert not fresh.locator("#url-notice").is_visible()
    query = query_of(fresh.url)
    assert query == {"sector": ["agriculture"], "country": ["LAO"], "id": [record["id"]]}
    assert fresh.locator("#share-link").input_value().endswith(path)
    fresh.close()
    assert_clean(watched_page)


def test_exp005_unknown_url_value_warns_and_page_still_works(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url, "/?country=XXX,LAO")
    notice = page.locator("#url-notice")
    notice.wait_for(state="visible", timeout=15_000)
    assert "XXX" in notice.inner_text()
    assert "not recognised" in notice.inner_text()
    assert page.locator("#filter-country").inner_text().strip() == "Laos"
    page.wait_for_function("() => location.search === '?country=LAO'", timeout=15_000)
    text = result_text(page)
    matches, _, _ = matches_in(text)
    assert kind_counts(page) and sum(kind_counts(page).values()) == matches

    # The page keeps working: another filter narrows further.
    choose_in_dropdown(page, "filter-kind", "R&D", "R&D hub")
    narrowed = wait_result_change(page, text)
    assert matches_in(narrowed)[0] < matches
    wait_url_has(page, "kind", "rd_hub")
    assert_clean(watched_page)


def test_exp006_csv_download_matches_filter_and_geojson_link(watched_page, server_url):
    page = watched_page.page
    open_explorer(watched_page, server_url)
    before = result_text(page)
    choose_in_dropdown(page, "filter-sector", "Water", "Water resources")
    text = wait_result_change(page, before)
    choose_in_dropdown(page, "filter-country", "Lao", "Laos")
    text = wait_result_change(page, text)
    choose_in_dropdown(page, "filter-country", "China", "China (Yunnan)")
    text = wait_result_change(page, text)
    matches, _, _ = matches_in(text)
    page.wait_for_function(
        "() => (document.querySelector('#download-csv').getAttribute('href') || '')"
        ".includes('country=')",
        timeout=15_000,
    )

    with page.expect_download() as info:
        page.locator("#download-csv").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8-sig")  # CSVs carry a BOM
    rows = list(csv.DictReader(io.StringIO(content)))
    header = content.splitlines()[0].split(",")
    assert header[:2] == ["id", "name"]
    assert {"country", "sectors", "lon", "lat", "sources"} <= set(header)
    assert len(rows) == matches
    assert {r["country"] for r in rows} <= {"LAO", "CHN"}
    # Water in its own sectors, or through one of its project links (filters.py).
    water_links = requests.get(server_url + "/api/v1/links?sector=water", timeout=10).json()
    ends = {f["properties"][end] for f in water_links["features"] for end in ("from_id", "to_id")}
    assert all("water" in r["sectors"].split(";") or r["id"] in ends for r in rows)
    assert any("water" in r["sectors"].split(";") for r in rows)

    href = page.locator("#download-geojson").get_attribute("href")
    assert href.startswith("/api/v1/entities?")
    response = requests.get(server_url + href, timeout=10)
    assert response.status_code == 200
    geojson = response.json()
    assert geojson["type"] == "FeatureCollection"
    assert len(geojson["features"]) == matches
    assert {f["properties"]["country"] for f in geojson["features"]} <= {"LAO", "CHN"}
    assert {f["id"] for f in geojson["features"]} == {r["id"] for r in rows}
    assert_clean(watched_page)


def test_exp007_search_in_local_script_finds_record(watched_page, server_url):
    page = watched_page.page
    data = requests.get(server_url + "/api/v1/entities?country=THA", timeout=10).json()
    record = next(
        f["properties"]
        for f in data["features"]
        if f["id"] == "tha-chiang-mai-university" and f["properties"]["name_local"]
    )
    local = record["name_local"]
    fragment = "เชียงใหม่"  # "Chiang Mai", in Thai script only
    assert fragment in local and fragment not in record["name"]
    open_explorer(watched_page, server_url)
    open_records_table(page)
    before = result_text(page)
    page.locator("#filter-search").fill(fragment)
    text = wait_result_change(page, before)
    matches, _, _ = matches_in(text)
    assert matches >= 1
    page.wait_for_function(
        "(n) => document.querySelectorAll("
        "'#records-table .ag-center-cols-container .ag-row').length === n",
        arg=matches,
        timeout=15_000,
    )
    names = page.locator(
        "#records-table .ag-center-cols-container .ag-row [col-id=name]"
    ).all_inner_texts()
    assert record["name"] in names
    assert query_of(page.url)["q"] == [fragment]
    assert_clean(watched_page)


MAP_CAMERA_JS = (
    "() => { const m = document.querySelector('#corridor-map .js-plotly-plot')._fullLayout.map;"
    " return [m.center.lat, m.center.lon, m.zoom]; }"
)


def test_exp011_map_framing_lives_in_the_url(watched_page, server_url):
    """``at=lat,lon,zoom`` opens the map there; dragging it rewrites ``at``; filters keep it."""
    page = watched_page.page
    open_explorer(watched_page, server_url, "/?country=LAO&at=18.0000,102.6000,7.50")
    lat, lon, zoom = page.evaluate(MAP_CAMERA_JS)
    assert (round(lat, 4), round(lon, 4), zoom) == (18.0, 102.6, 7.5)

    # Drag the map with the mouse, as a person would.
    box = page.locator("canvas.maplibregl-canvas").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x - 20 * step, y - 10 * step)
    page.mouse.up()
    page.wait_for_function(
        "() => { const at = new URLSearchParams(location.search).get('at');"
        " return at && at !== '18.0000,102.6000,7.50'; }",
        timeout=15_000,
    )
    at = query_of(page.url)["at"][0]
    moved = [float(v) for v in at.split(",")]
    assert moved[1] > 102.6 and moved[0] < 18.0  # dragged up-left: the centre went south-east
    assert page.evaluate(MAP_CAMERA_JS) == pytest.approx(moved, abs=1e-3)
    page.wait_for_function(
        "(at) => document.querySelector('#share-link').value.includes('at=' + at)", arg=at
    )

    # A filter change keeps the framing in the URL and the share link.
    before = result_text(page)
    choose_in_dropdown(page, "filter-sector", "Agri", "Agriculture technology")
    wait_result_change(page, before)
    wait_url_has(page, "sector", "agriculture")
    assert query_of(page.url)["at"] == [at]
    assert query_of(page.url)["country"] == ["LAO"]

    # The link opens on the same framing.
    fresh = page.context.new_page()
    wait_for_map(fresh, server_url, "/?" + urlparse(page.url).query)
    assert fresh.evaluate(MAP_CAMERA_JS) == pytest.approx(moved, abs=1e-3)
    fresh.close()
    assert_clean(watched_page)


def test_exp012_legend_toggle_buttons_hide_and_show_layers(watched_page, server_url):
    """Switching a legend entry off hides that layer only; filters and summaries stay."""
    page = watched_page.page
    open_explorer(watched_page, server_url)
    before = result_text(page)
    state = (
        "() => { const gd = document.querySelector('#corridor-map .js-plotly-plot');"
        " const uid = (u) => gd._fullData.find((t) => t.uid === u);"
        " return {hubs: uid('rd_hub').visible, cross: uid('project_links-cross').visible,"
        " provinces: gd.layout.map.layers.find((l) => l.source.endsWith('admin1.geojson'))"
        ".visible !== false}; }"
    )
    assert page.evaluate(state) == {"hubs": True, "cross": True, "provinces": True}
    legend = page.locator("#layer-toggles")
    hubs = legend.get_by_role("button", name="R&D hubs")
    assert hubs.get_attribute("aria-pressed") == "true"
    hubs.click()
    # Keyboard: the provinces entry is one Tab stop and switches with Enter.
    legend.get_by_role("button", name="Provinces").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({state})().hubs === false && ({state})().provinces === false")
    assert page.evaluate(state)["cross"] is True
    assert result_text(page) == before  # a display choice, not a filter
    # What is hidden is part of the view: in the URL and the share link, restored on opening.
    wait_url_has(page, "hide", "rd_hub,admin1")
    page.wait_for_function(
        "() => document.querySelector('#share-link').value.includes('hide=rd_hub,admin1')"
    )
    fresh = page.context.new_page()
    wait_for_map(fresh, server_url, "/?" + urlparse(page.url).query)
    assert fresh.evaluate(state) == {"hubs": False, "cross": True, "provinces": False}
    fresh_hubs = fresh.locator("#layer-toggles").get_by_role("button", name="R&D hubs")
    assert fresh_hubs.get_attribute("aria-pressed") == "false"
    fresh.close()
    assert hubs.get_attribute("aria-pressed") == "false"
    hubs.click()
    page.wait_for_function(f"() => ({state})().hubs === true")
    wait_url_has(page, "hide", "admin1")
    assert_clean(watched_page)


def test_rgx005_status_filter_in_the_panel_share_link_and_downloads(watched_page, server_url):
    page = watched_page.page
    planned = requests.get(server_url + "/api/v1/entities?status=planned", timeout=10).json()
    planned_ids = {f["id"] for f in planned["features"]}
    assert planned_ids and all(f["properties"]["status"] == "planned" for f in planned["features"])
    open_explorer(watched_page, server_url)
    label = page.locator("label[for=status-filter]")
    assert label.inner_text().strip() == "Status of zones, parks and incubators"
    before = result_text(page)
    choose_in_dropdown(page, "status-filter", "Plan", "Planned")
    after = wait_result_change(page, before)
    assert matches_in(after)[0] == len(planned_ids)
    wait_url_has(page, "status", "planned")
    page.wait_for_function(
        "() => document.querySelector('#share-link').value.includes('status=planned')"
    )
    csv_href = page.locator("#download-csv").get_attribute("href")
    assert "status=planned" in csv_href
    body = requests.get(server_url + csv_href, timeout=10).content.decode("utf-8-sig")  # BOM
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["id"] for r in rows} == planned_ids
    assert {r["status"] for r in rows} == {"planned"}
    # The share link opens the same view, the control showing the status, in Thai too.
    fresh = page.context.new_page()
    share = page.locator("#share-link").input_value()
    wait_for_map(fresh, server_url, urlparse(share).path + "?" + urlparse(share).query + "&lang=th")
    fresh.wait_for_function(
        "() => document.querySelector('#status-filter').innerText.includes('อยู่ในแผน')",
        timeout=15_000,
    )
    assert fresh.locator("label[for=status-filter]").inner_text().strip() == (
        "สถานะของเขตเศรษฐกิจ อุทยาน และศูนย์บ่มเพาะ"
    )
    fresh.close()
    assert_clean(watched_page)
