"""The one-page brief: /brief.pdf and /brief.png (corridor_map/brief)."""

from __future__ import annotations

import io
import re
import struct
from dataclasses import replace

import pytest
from pypdf import PdfReader

from corridor_map import ids
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.http.brief_cache import RenderGate
from corridor_map.i18n import translate
from corridor_map.map.static import PNG_PIXELS
from corridor_map.report.brief import build_pdf, filters_in_words
from corridor_map.view_state import ViewState
from tests.conftest import find_by_id

A4_LANDSCAPE_PT = (841.89, 595.28)
KHMER = re.compile("[\u1780-\u17ff]")
KHMER_NAME = "ក្រសួងឧស្សាហកម្ម វិទ្យាសាស្ត្រ បច្ចេកវិទ្យា និងនវានុវត្តន៍"


def _pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def _text(reader: PdfReader) -> str:
    """Extracted text with whitespace collapsed (lines wrap anywhere)."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_is_one_a4_landscape_page_with_title_filters_and_credits(client):
    response = client.get("/brief.pdf?country=LAO&sector=clean_energy&lang=en")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    reader = _pdf(response.data)
    assert len(reader.pages) == 2  # the view, then the corridor since 2010
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE_PT, abs=0.5)
    text = _text(reader)
    assert translate("brief.title", "en") in text
    assert f"{translate('filters.country', 'en')}: {translate('country.LAO', 'en')}" in text
    assert f"{translate('filters.sector', 'en')}: {translate('sector.clean_energy', 'en')}" in text
    assert "Data as of " in text
    assert "public sources are cited" in text
    assert "/api/v1/entities?sector=clean_energy&country=LAO" in text
    assert _squash(translate("credits.registry", "en")) in text
    assert "Natural Earth" in text and "GeoNames" in text
    assert _squash(translate("disclaimer", "en"))[:60] in text
    assert "http://localhost/?sector=clean_energy&country=LAO&lang=en" in text


def test_view_with_no_matches_still_returns_a_brief_that_says_so(client):
    response = client.get("/brief.pdf?q=zzzz-no-such-place")
    assert response.status_code == 200
    reader = _pdf(response.data)
    assert len(reader.pages) == 2
    text = _text(reader)
    assert _squash(translate("brief.no_matches", "en")) in text
    assert "zzzz-no-such-place" in text


def test_khmer_text_is_carried_into_the_pdf(registry, data_dir):
    khm = registry.entities.index[registry.entities["country"] == "KHM"][0]
    entities = registry.entities.copy()
    entities.loc[khm, "name_local"] = KHMER_NAME
    khmer_registry = replace(registry, entities=entities)
    view = ViewState(FilterState(countries=("KHM",)), selected=khm)
    assert any(KHMER_NAME in line for line in filters_in_words(khmer_registry, view, "km"))
    result = AppContext.build(khmer_registry).result(view.filters)
    data = build_pdf(
        khmer_registry,
        view,
        result,
        "km",
        view_url=f"http://example.org/?country=KHM&id={khm}&lang=km",
        api_url="http://example.org/api/v1/entities?country=KHM",
        basemap_dir=data_dir / "basemap",
    )
    reader = _pdf(data)
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    assert len(KHMER.findall(text)) >= 20
    fonts = {
        font["/BaseFont"]
        for font in reader.pages[0]["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("Khmer" in str(name) for name in fonts)


def test_thai_and_chinese_names_of_the_registry_print(client, registry):
    thai = registry.entities.index[registry.entities["name_local"].str.contains("ก", na=False)][0]
    chinese = registry.entities.index[
        registry.entities["name_local"].str.contains("云南", na=False)
    ][0]
    for entity_id, script in ((thai, "[\u0e00-\u0e7f]"), (chinese, "[\u4e00-\u9fff]")):
        response = client.get(f"/brief.pdf?id={entity_id}&lang=km")
        assert response.status_code == 200
        assert re.search(script, _pdf(response.data).pages[0].extract_text())


def test_png_is_the_map_at_the_expected_size(client):
    response = client.get("/brief.png?kind=rd_hub")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert re.fullmatch(
        r'attachment; filename="corridor-map_map_rd-hub_\d{4}-\d\d-\d\d\.png"',
        response.headers["Content-Disposition"],
    )
    data = response.data
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == PNG_PIXELS


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("/brief.pdf?format=csv", "format"),
        ("/brief.pdf?country=LAO&zoom=5", "zoom"),
        ("/brief.pdf?sector=not_a_sector", "sector"),
        ("/brief.png?id=no-such-record", "id"),
        ("/brief.pdf?lang=%3Cscript%3E", "lang"),
        ("/brief.png?at=18,102", "at"),
    ],
)
def test_unknown_parameters_answer_400_json_like_the_api(client, query, parameter):
    response = client.get(query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "unknown parameters or values"
    assert parameter in [problem["parameter"] for problem in body["problems"]]


def test_identical_requests_are_served_from_the_cache(client, monkeypatch):
    store = client.application.config["CORRIDOR_BRIEF_CACHE"]
    first = client.get("/brief.png?country=VNM")
    assert first.status_code == 200
    # No render slot left: only a cache hit can answer 200 now.
    monkeypatch.setattr(store, "gate", RenderGate(1))
    with store.gate.admit():
        # Same view, parameters in another order and spelling: the canonical query is the key.
        again = client.get("/brief.png?country=VNM,VNM&lang=en")
        assert again.status_code == 200
        assert again.headers["ETag"] == first.headers["ETag"]
        # An explorer URL's map framing is accepted; the PNG (the map alone) ignores it.
        framed = client.get("/brief.png?country=VNM&at=16.0000,107.0000,6.00")
        assert framed.status_code == 200
        assert client.get("/brief.png?country=LAO,VNM,KHM").status_code == 503


def test_the_briefs_link_opens_the_same_framing_and_layers(client):
    response = client.get("/brief.pdf?country=VNM&at=16,107,6&hide=rivers,links&lang=en")
    assert response.status_code == 200
    text = _text(_pdf(response.data))
    assert "http://localhost/?country=VNM&lang=en&at=16.0000,107.0000,6.00&hide=links,rivers" in (
        text
    )


def test_brf020_explorer_has_a_download_brief_link_following_the_address_bar(app):
    from corridor_map.pages import PageRequest, find_page

    explorer = find_page(app.pages, "/").layout(PageRequest("/", "", "en"))
    link = find_by_id(explorer, ids.DOWNLOAD_BRIEF)
    assert link is not None and link.children == translate("brief.download", "en")
    # The brief takes the page's own query string, so the browser writes the link
    # (viewLinks in assets/view-links.js); no server round trip.
    entry = next(v for k, v in app.callback_map.items() if f"{ids.DOWNLOAD_BRIEF}.href" in k)
    assert "callback" not in entry


def test_rgx008_brief_names_a_chinese_partner_outside_the_corridor(client, context):
    from corridor_map.analytics import analytics_for

    record = "vnm-vietnam-national-university-of-agriculture"
    found = analytics_for(context).partners(record, 5)
    names = context.registry.entities["name"]
    outside = found[~found["id"].map(context.registry.entities["in_corridor"]).astype(bool)]
    assert len(outside)  # the first five partners include one outside the corridor
    response = client.get(f"/brief.pdf?id={record}&lang=en")
    assert response.status_code == 200
    text = _text(_pdf(response.data))
    partner = outside.iloc[0]
    province = context.registry.entities.at[partner["id"], "admin1"]
    assert names[partner["id"]][:20] in text
    assert f"China — {province} (outside the corridor)" in text


def test_brf021_the_briefs_map_carries_no_english_credit_the_png_keeps_it(
    registry, data_dir, monkeypatch
):
    """The static map can print only Latin script: the PDF brief prints the credits in its
    own language beside the map, so its image has none; the map-alone PNG keeps them."""
    from corridor_map.filters import apply
    from corridor_map.map.static import attribution, map_figure
    from corridor_map.report import brief

    result = apply(registry.entities, registry.links, FilterState(countries=("LAO",)))
    basemap = data_dir / "basemap"

    def texts(figure) -> list[str]:
        return [t.get_text() for axes in figure.axes for t in axes.texts]

    assert attribution() in texts(map_figure(registry, result, None, basemap))
    assert attribution() not in texts(map_figure(registry, result, None, basemap, credit=False))
    drawn = {}

    def spy(*args, **kwargs):
        drawn.update(kwargs)
        return b"png"

    monkeypatch.setattr(brief, "render_png", spy)
    brief.brief_map_png(registry, result, None, basemap)
    assert drawn["credit"] is False
