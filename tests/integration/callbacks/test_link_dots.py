"""Project links on the map (issue 19): a click on a link's midpoint in the explorer opens the
link in its first partner's details; a tap on one on the embed opens the link's own sheet."""

from __future__ import annotations

import pytest
from dash import html

from corridor_map import ids
from corridor_map.i18n import translate
from corridor_map.map.figure import LINK_CARD_TITLE, map_figure, short_text
from corridor_map.pages.explorer.views import detail_panel
from corridor_map.view_state import ViewState
from tests.integration.callbacks.conftest import (
    basemap_url,
    dispatch,
    is_kind,
    run_in_callback_context,
)
from tests.integration.callbacks.test_explorer_callbacks import explore, stored_view, texts, walk


def link_click(link_id: str, curve: int = 3) -> dict:
    """The ``clickData`` plotly sends for a click on a link's midpoint."""
    return {"points": [{"customdata": link_id, "curveNumber": curve, "pointNumber": 0}]}


@pytest.fixture(scope="module")
def later_link(context) -> str:
    """A link that is not its first partner's first link (so "listed first" is a change)."""
    links = context.registry.links
    for link_id, from_id in zip(links.index, links["from_id"], strict=True):
        own = links[(links["from_id"] == from_id) | (links["to_id"] == from_id)]
        if len(own) > 1 and own.index[0] != link_id:
            return link_id
    raise AssertionError("no record with two links in the registry")


def tap(callbacks, click, search: str = "", lang: str = "en"):
    """The embed's ``tap_sheet`` for a tap on the map."""
    return run_in_callback_context(
        callbacks["tap_sheet"],
        click,
        None,
        search,
        triggered=[{"prop_id": f"{ids.EMBED_MAP}.clickData", "value": click}],
        lang=lang,
    )


def find(node, predicate) -> list:
    return [c for c in walk(node) if predicate(c)]


def classes(component) -> list[str]:
    return str(getattr(component, "className", "") or "").split()


def opened_items(node) -> list:
    """The list items of links chosen on the map."""
    return find(node, lambda c: is_kind(c, html.Li) and "opened-link" in classes(c))


def is_open(details) -> bool:
    return bool(getattr(details, "open", False))


# --------------------------------------------------------------------------- the embed


def test_lnk001_embed_tap_on_a_link_dot_opens_its_sheet_with_its_own_sources(
    context, callbacks, later_link
):
    link = context.registry.links.loc[later_link]
    entities = context.registry.entities
    body, hidden, class_name = tap(callbacks, link_click(later_link), "?country=LAO")
    assert hidden is False and "open" in class_name.split()
    words = texts(body)
    assert link["title"] in words
    # Kind, status, start year and sectors in words, then the link's own sources.
    assert translate(f"link_kind.{link['kind']}", "en") in words
    assert translate(f"status.{link['status']}", "en") in words
    assert str(link["start_year"]) in words
    for label in ("field.partners", "field.kind", "field.status", "field.sectors"):
        assert translate(label, "en") in words
    assert ", ".join(translate(f"sector.{s}", "en") for s in link["sectors"]) in words
    hrefs = [a.href for a in find(body, lambda c: isinstance(c, html.A))]
    for source in link["sources"]:
        assert source.split(" ")[0] in hrefs
    # Each partner by name, opening the full map on that partner (the embed's filters kept).
    for partner in (link["from_id"], link["to_id"]):
        assert any(entities.at[partner, "name"] in w for w in words), partner
        assert f"/?country=LAO&id={partner}" in hrefs
    full = find(body, lambda c: isinstance(c, html.A) and "sheet-full-link" in classes(c))
    assert [a.href for a in full] == [f"/?country=LAO&id={link['from_id']}"]
    # The sheet is labelled by the link's title.
    title = find(body, lambda c: isinstance(c, html.H2))
    assert title[0].id == f"{ids.EMBED_SHEET}-title" and title[0].children == link["title"]


def test_lnk002_embed_link_sheet_speaks_the_page_language_and_serialises(
    app, context, callbacks, later_link
):
    body, hidden, _ = tap(callbacks, link_click(later_link), lang="th")
    words = texts(body)
    assert not hidden
    for label in ("field.partners", "field.kind", "field.status", "detail.sources"):
        assert translate(label, "th") in words and translate(label, "th") != translate(label)
    # Through Dash's real dispatcher: the sheet's components serialise.
    status, _body, text = dispatch(
        app,
        "tap_sheet",
        [link_click(later_link), None],
        ["", "th"],
        changed=[f"{ids.EMBED_MAP}.clickData"],
    )
    assert status == 200, text[:500]
    assert context.registry.links.at[later_link, "title"] in text


@pytest.mark.parametrize(
    "click",
    [
        {"points": [{"customdata": "link-no-such-link"}]},
        {"points": [{"customdata": 7}]},
        {"points": ["not a point"]},
        {"points": []},
    ],
)
def test_lnk003_embed_tap_on_anything_else_closes_the_sheet(callbacks, click):
    assert tap(callbacks, click) == ([], True, "record-sheet")


def test_lnk004_embed_figure_link_dots_carry_ids_but_no_hover_text(context, registry):
    compact = map_figure(
        registry.entities,
        registry.links,
        lang="en",
        style="white-bg",
        url_for=basemap_url,
        detail=False,
    ).to_dict()
    links = registry.links
    for position, crossing in zip(context.plan.link_points, (False, True), strict=True):
        trace = compact["data"][position]
        assert list(trace["customdata"]) == list(links.index[links["cross_border"] == crossing])
        assert trace["hoverinfo"] == "none"
        assert trace.get("hovertext") is None and trace.get("hovertemplate") is None


# --------------------------------------------------------------------------- the explorer


def test_lnk005_explorer_click_on_a_link_dot_opens_the_link_in_its_first_partners_details(
    context, callbacks, later_link
):
    link = context.registry.links.loc[later_link]
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.MAP}.clickData", "value": link_click(later_link)}],
        stored_view(ViewState()),
        map_click=link_click(later_link),
    )
    assert out["search"] == f"?id={link['from_id']}"
    assert "open" in out["detail_class"].split()
    words = texts(out["detail_body"])
    assert context.registry.entities.at[link["from_id"], "name"] in words
    listed = find(out["detail_body"], lambda c: is_kind(c, html.Li) and "mb-2" in classes(c))
    assert len(listed) > 1
    # The link chosen on the map is listed first, marked, its details (and sources) open.
    assert opened_items(out["detail_body"]) == [listed[0]]
    assert listed[0].children[0].children == link["title"]
    details = find(out["detail_body"], lambda c: is_kind(c, html.Details))
    assert [is_open(d) for d in details] == [True] + [False] * (len(details) - 1)
    assert link["sources"][0].split(" ")[0] in texts(details[0])


def test_lnk006_a_link_dot_of_the_selected_record_still_opens_that_link(
    context, callbacks, later_link
):
    """Clicking a link of the record already open re-renders its details on that link
    (the selection is unchanged, so this must not be taken for "nothing changed")."""
    link = context.registry.links.loc[later_link]
    stored = stored_view(ViewState(selected=link["from_id"]))
    out = explore(
        callbacks,
        [{"prop_id": f"{ids.MAP}.clickData", "value": link_click(later_link)}],
        stored,
        search=f"?id={link['from_id']}",
        map_click=link_click(later_link),
    )
    opened = opened_items(out["detail_body"])
    assert len(opened) == 1 and opened[0].children[0].children == link["title"]


def test_lnk007_detail_panel_marks_nothing_opened_by_default(context, later_link):
    link = context.registry.links.loc[later_link]
    panel = detail_panel(context.registry, link["from_id"], "en")
    assert not opened_items(panel)
    assert not any(is_open(d) for d in find(panel, lambda c: is_kind(c, html.Details)))


def test_lnk008_link_cards_are_short_whole_words(context):
    assert short_text("Short title", LINK_CARD_TITLE) == "Short title"
    long = "Alpha beta gamma delta " * 10
    cut = short_text(long, 30)
    assert len(cut) <= 30 and cut.endswith("…") and long.startswith(cut[:-1])
    assert cut[:-1].split() == long.split()[: len(cut[:-1].split())]
    # A single word longer than the limit is cut, not dropped.
    assert short_text("x" * 50, 10) == "x" * 9 + "…"
