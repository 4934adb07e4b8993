"""Markup inside data fields shows as text in a real browser; no script runs."""

from __future__ import annotations

import pytest

from tests.conftest import MARKUP_NAME, running_server
from tests.integration.browser.conftest import open_records_table

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(markup_data):
    """A second server on the data copy whose first entity is named with markup."""
    data, entity_id = markup_data
    with running_server({"CORRIDOR_DATA_DIR": str(data)}, name="gunicorn-hostile") as url:
        yield url, entity_id


def test_brw010_markup_in_data_shows_as_text(browser, hostile_server):
    url, entity_id = hostile_server
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}/?id={entity_id}")
    page.wait_for_selector("#detail-panel.open h2", timeout=30_000)
    assert page.locator("#detail-panel h2").inner_text() == MARKUP_NAME
    assert MARKUP_NAME in page.locator("#detail-panel").inner_text()
    assert page.locator("#detail-panel img").count() == 0
    # The records list and the table show it as text too.
    page.wait_for_selector("#record-list button[data-record-id]", timeout=30_000)
    open_records_table(page)
    page.wait_for_selector("#records-table .ag-row", timeout=30_000)
    assert page.get_by_text(MARKUP_NAME, exact=True).count() >= 1
    page.wait_for_load_state("networkidle")  # every script and callback has run
    assert dialogs == []
    page.close()
