"""The editable deck /briefing.pptx (corridor_map/report/deck.py) read back with python-pptx."""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from corridor_map import ids
from corridor_map.filters import FilterState
from corridor_map.http.brief_cache import RenderGate
from corridor_map.i18n import format_date, translate
from corridor_map.pages.briefing.page import explorer_href, slide_figure_texts, slide_title
from corridor_map.pages.briefing.storyboard import storyboard
from corridor_map.report.deck import complex_font
from tests.conftest import find_by_id

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SCRIPTS = {"th": "[\u0e00-\u0e7f]", "km": "[\u1780-\u17ff]", "my": "[\u1000-\u109f]"}
_decks: dict[str, bytes] = {}


def _deck(client, query: str) -> Presentation:
    """The deck of ``query``, fetched once per test session."""
    if query not in _decks:
        response = client.get(f"/briefing.pptx{query}")
        assert response.status_code == 200, response.data[:300]
        assert response.mimetype == PPTX
        assert response.headers["Content-Disposition"].startswith("attachment;")
        _decks[query] = response.data
    return Presentation(io.BytesIO(_decks[query]))


def test_dck001_one_slide_per_storyboard_view_each_with_map_picture_title_and_figures(
    client, context
):
    deck = _deck(client, "?country=LAO&lang=en")
    views = storyboard(context.sector_ids, FilterState(countries=("LAO",)))
    assert len(deck.slides) == len(views)
    for page, view in zip(deck.slides, views, strict=True):
        assert page.shapes.title is not None
        assert page.shapes.title.text == slide_title(view, "en")
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert pictures[0].image.content_type == "image/png"
        # Key figures are native text boxes, as the briefing page shows them.
        texts = "\n\n".join(s.text_frame.text for s in page.shapes if s.has_text_frame)
        for _, value, label in slide_figure_texts(context, view, "en"):
            assert f"{value}\n{label}" in texts
    # The "Your view" slide names the view it was opened from.
    first = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert translate("country.LAO", "en") in first


@pytest.mark.parametrize("lang", ["th", "km"])
def test_dck002_titles_are_in_the_languages_script_with_its_fonts(client, context, lang):
    deck = _deck(client, f"?lang={lang}")
    assert len(deck.slides) == len(storyboard(context.sector_ids))
    script = re.compile(SCRIPTS[lang])
    for page in deck.slides:
        title = page.shapes.title.text
        assert script.search(title), title
        run = page.shapes.title.text_frame.paragraphs[0].runs[0]._r
        fonts = {tag: run.rPr.find(qn(f"a:{tag}")).get("typeface") for tag in ("latin", "ea", "cs")}
        assert fonts["cs"] == complex_font(title, lang) and fonts["cs"].startswith("Noto Sans ")
        assert fonts["latin"] == "Noto Sans" and fonts["ea"] == "Noto Sans SC"


def test_dck003_notes_carry_the_live_link_the_data_date_and_the_sources(client, registry, context):
    deck = _deck(client, "?country=LAO&lang=en")
    views = storyboard(context.sector_ids, FilterState(countries=("LAO",)))
    for number, (page, view) in enumerate(zip(deck.slides, views, strict=True), start=1):
        notes = page.notes_slide.notes_text_frame.text
        assert f"http://localhost/briefing?country=LAO&lang=en&slide={number}" in notes
        assert f"http://localhost{explorer_href(view, 'en')}\n" in notes
        assert f"Data as of {format_date(registry.version, 'en')}" in notes
        assert "http://localhost/api/v1/entities" in notes
    overview = deck.slides[1].notes_slide.notes_text_frame.text
    cited = {s for row in registry.entities["sources"] for s in row}
    listed = [line[2:] for line in overview.splitlines() if line.startswith("- ")]
    assert listed and set(listed) <= cited | {s for row in registry.links["sources"] for s in row}
    assert "public sources are cited" in overview and "more sources" in overview


def test_dck004_script_of_a_run_decides_its_complex_font():
    assert complex_font("ລາວ", "en") == "Noto Sans Lao"
    assert complex_font("Laos", "my") == "Noto Sans Myanmar"
    assert complex_font("Laos", "vi") == "Noto Sans"


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("?format=csv", "format"),
        ("?sector=not_a_sector", "sector"),
        ("?id=no-such-record", "id"),
        ("?lang=%3Cscript%3E", "lang"),
        ("?slide=two", "slide"),
    ],
)
def test_dck005_bad_parameters_answer_400_json(client, query, parameter):
    response = client.get(f"/briefing.pptx{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "unknown parameters or values"
    assert parameter in [problem["parameter"] for problem in body["problems"]]


def test_dck006_cached_and_admitted_like_the_brief(client, app, monkeypatch):
    first = client.get("/briefing.pptx?country=KHM&lang=vi&slide=3")
    assert first.status_code == 200
    assert "public" in first.headers["Cache-Control"]
    store = app.server.config["CORRIDOR_BRIEF_CACHE"]
    # No render slot left: only the cache (or the ETag) can answer now.
    monkeypatch.setattr(store, "gate", RenderGate(1))
    with store.gate.admit():
        # Another slide number, framing and spelling of the same briefing: the same deck.
        again = client.get("/briefing.pptx?lang=vi&country=KHM,KHM&slide=5&at=12,105,6")
        assert again.status_code == 200
        assert again.headers["ETag"] == first.headers["ETag"]
        busy = client.get("/briefing.pptx?country=KHM&kind=rd_hub&lang=vi")
        assert busy.status_code == 503 and int(busy.headers["Retry-After"]) > 0
        assert client.get("/healthz").status_code == 200
        store.clear()  # nothing cached: a 304 must come from the ETag alone
        cached = client.get(
            "/briefing.pptx?country=KHM&lang=vi", headers={"If-None-Match": first.headers["ETag"]}
        )
        assert cached.status_code == 304


def test_dck007_download_slides_on_the_explorer_and_in_briefing_mode(app):
    from corridor_map.pages import PageRequest, find_page

    explorer = find_page(app.pages, "/").layout(PageRequest("/", "", "km"))
    link = find_by_id(explorer, ids.DOWNLOAD_SLIDES)
    assert link is not None and link.children == translate("deck.download", "km")
    assert link.href == "/briefing.pptx"
    # The link follows the address bar in the browser (viewLinks), like the brief's.
    entry = next(v for k, v in app.callback_map.items() if f"{ids.DOWNLOAD_SLIDES}.href" in k)
    assert "callback" not in entry
    briefing = find_page(app.pages, "/briefing").layout(
        PageRequest("/briefing", "country=LAO&slide=3&at=18,102,6", "th")
    )
    button = find_by_id(briefing, ids.BRIEFING_DOWNLOAD_SLIDES)
    assert button.children == translate("deck.download", "th")
    assert button.href == "/briefing.pptx?country=LAO&lang=th"


def test_dck008_links_in_the_notes_come_from_the_public_url_never_the_host(client, app):
    from pathlib import Path

    from corridor_map import create_app
    from corridor_map.settings import Settings

    _deck(client, "?country=LAO&lang=en")  # its map images are in the shared cache now
    shared = Path(app.server.config["CORRIDOR_BRIEF_CACHE"]._cache.directory)
    settings = Settings(public_url="https://corridor.example.org", cache_dir=shared)
    other = create_app(settings).server.test_client()
    evil = "evil.example"
    response = other.get("/briefing.pptx?country=LAO&lang=en", headers={"Host": evil})
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.data))
    notes = " ".join(page.notes_slide.notes_text_frame.text for page in deck.slides)
    assert evil not in notes
    assert "https://corridor.example.org/briefing?country=LAO&lang=en&slide=2" in notes
