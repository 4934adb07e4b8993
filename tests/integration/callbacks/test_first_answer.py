"""Each page is rendered with its view callback's first answer, and that callback does not
run on load: opening a page, shared view and all, costs the one callback that renders it."""

from __future__ import annotations

import pytest
from dash import no_update

from corridor_map import ids
from corridor_map.pages.briefing.page import BRIEFING_OUTPUTS, briefing_answer
from corridor_map.pages.embed import EMBED_OUTPUTS, embed_answer
from corridor_map.pages.explorer.callbacks import EXPLORER_OUTPUTS, ExplorerViews
from corridor_map.pages.wire import wire_form
from tests.integration.callbacks.conftest import find_component, render_page_json

#: A shared view with a value no page knows (a notice) and a query out of canonical order.
SEARCH = "?country=XXX,LAO&sector=agriculture"
LANG = "en"

PAGES = {
    "/": (EXPLORER_OUTPUTS, lambda context: ExplorerViews(context).first_answer(SEARCH, LANG)),
    "/briefing": (BRIEFING_OUTPUTS, lambda context: briefing_answer(context, SEARCH, None, LANG)),
    "/embed": (EMBED_OUTPUTS, lambda context: embed_answer(context, None, SEARCH)),
}


@pytest.mark.parametrize("path", PAGES)
def test_fan001_a_page_comes_with_its_view_callbacks_first_answer(app, context, path):
    outputs, first_answer = PAGES[path]
    layout = render_page_json(app, path, SEARCH)
    answered = [
        (output, value)
        for output, value in zip(outputs, first_answer(context), strict=True)
        if value is not no_update
    ]
    assert len(answered) >= len(outputs) // 2
    for output, value in answered:
        shown = find_component(layout, output.component_id)["props"].get(output.component_property)
        assert shown == wire_form(value), output


def test_fan002_the_explorer_opens_on_the_urls_view_with_its_notice(app):
    layout = render_page_json(app, "/", SEARCH)
    # The address bar is given the canonical query; the unknown value is reported.
    assert find_component(layout, ids.URL)["props"]["search"] == "?sector=agriculture&country=LAO"
    assert find_component(layout, ids.NOTICE_BOX)["props"]["hidden"] is False
    assert "XXX" in str(find_component(layout, ids.NOTICE)["props"]["children"])
    assert find_component(layout, ids.COUNTRY_FILTER)["props"]["value"] == ["LAO"]
    assert "records match" in find_component(layout, ids.RESULT_TEXT)["props"]["children"]


def test_fan003_a_page_without_a_query_keeps_the_browsers_address(app):
    # Mounting a dcc.Location without search would set it: a property change that runs the
    # page's callback again.
    for path, location in (("/", ids.URL), ("/embed", ids.EMBED_URL)):
        props = find_component(render_page_json(app, path, ""), location)["props"]
        assert props["search"] == "" and props["pathname"] == path


@pytest.mark.parametrize("view_callback", ["update_explorer", "update_briefing", "update_embed"])
def test_fan004_view_callbacks_do_not_run_on_load(app, view_callback):
    entries = [
        entry
        for entry in app._callback_list
        if app.callback_map.get(entry["output"], {}).get("callback") is not None
        and app.callback_map[entry["output"]]["callback"].__wrapped__.__name__ == view_callback
    ]
    assert len(entries) == 1
    assert entries[0]["prevent_initial_call"] is True
