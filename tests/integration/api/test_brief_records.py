"""The one-page brief names its view and the view's records (corridor_map/report/brief.py)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from corridor_map.filters import FilterState
from corridor_map.i18n import translate
from corridor_map.map.static import Extent, corridor_extent, map_figure, zoomed_in
from corridor_map.report.brief import BRIEF_RECORDS, view_records


def _reader(client, query: str) -> PdfReader:
    response = client.get(f"/brief.pdf{query}")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.data))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_dck010_brief_names_the_records_of_its_view_in_order_then_the_rest(client, context):
    reader = _reader(client, "?country=LAO&kind=industrial_zone&lang=en")
    text = _text(reader)
    records = view_records(
        context.registry,
        context.result(FilterState(countries=("LAO",), kinds=("industrial_zone",))),
    )
    assert len(records) > BRIEF_RECORDS and set(records["kind"]) == {"industrial_zone"}
    named = [name in text for name in records["name"]]
    listed = sum(named)
    # The first ones in the documented order are named, none after them, then the count.
    assert listed >= 6 and named == [True] * listed + [False] * (len(records) - listed)
    assert f"… and {len(records) - listed} more" in text
    first = records.iloc[0]
    assert f"{translate('kind.industrial_zone', 'en')} · {first['city']}, Laos" in text
    local = records["name_local"].dropna()
    local = local[local.str.strip() != ""]
    assert any(name in text for name in local), "a local-script name is printed"
    assert translate("brief.colocated", "en", count=0).split(" ", 1)[1][:30] in text


def test_dck011_view_records_order_is_most_links_then_kind_then_name(context):
    records = view_records(context.registry, context.result(FilterState(countries=("KHM",))))
    assert list(records["links"]) == sorted(records["links"], reverse=True)
    top = records[records["links"] == records["links"].max()]
    assert list(top["name"]) == sorted(top["name"]) or top["kind"].nunique() > 1


def test_dck012_title_names_the_view(client):
    text = _text(_reader(client, "?country=LAO&sector=clean_energy&lang=en"))
    assert text.startswith("Laos · Clean energy")
    assert _text(_reader(client, "?lang=en")).startswith(translate("briefing.slide.overview", "en"))


def _lowest_text(reader: PdfReader) -> float:
    """The lowest baseline of any text on the first page, in points from the bottom."""
    ys = []
    reader.pages[0].extract_text(
        visitor_text=lambda text, cm, tm, *_: (
            ys.append(tm[5] * cm[3] + cm[5]) if text.strip() else None
        )
    )
    return min(ys)


@pytest.mark.parametrize(
    "query",
    [
        "?lang=km",
        "?lang=my",
        "?id=lao-boten-special-economic-zone&lang=my",
        "?country=MMR,THA,KHM,LAO,VNM,CHN&sector=agriculture,clean_energy,digital&lang=km",
    ],
)
def test_dck013_brief_stays_one_page_with_everything_on_it(client, query):
    """The view's page holds all of the view; the second page is the growth chart."""
    reader = _reader(client, query)
    assert len(reader.pages) == 2
    first = " ".join(reader.pages[0].extract_text().split())
    assert "http://localhost/?" in first  # the footer's link, the last thing written
    assert _lowest_text(reader) > 10  # nothing runs off the page's foot


def test_dck014_zoomed_in_views_get_a_locator_map(context, data_dir):
    corridor = corridor_extent(data_dir / "basemap")
    assert not zoomed_in(corridor, corridor)
    assert zoomed_in(Extent(104, 10, 107, 12), corridor)
    registry = context.registry
    one = registry.entities.index[registry.entities["city"].str.contains("Hoa Lac", na=False)][0]
    basemap = data_dir / "basemap"
    whole = map_figure(registry, context.result(FilterState()), None, basemap)
    only_one = FilterState(query=str(registry.entities.loc[one, "name"]))
    near = map_figure(registry, context.result(only_one), None, basemap)
    assert len(whole.axes) == 1 and len(near.axes) == 2
