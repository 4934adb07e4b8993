"""Markup inside data fields shows as text in a real browser; no script runs."""

from __future__ import annotations

import csv
import shutil

import pytest

from corridor_map.settings import REPO_ROOT
from tests.browser.conftest import open_records_table
from tests.conftest import running_server

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A second server whose first entity is named with markup (name and description)."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("staging"))
    path = data / "registry" / "entities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows[0]["name"] = HOSTILE
    rows[0]["description"] = f"{HOSTILE} <script>alert(2)</script>"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    with running_server({"CORRIDOR_DATA_DIR": str(data)}, name="gunicorn-hostile") as url:
        yield url, rows[0]["id"]


def test_brw010_markup_in_data_shows_as_text(browser, hostile_server):
    url, entity_id = hostile_server
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}/?id={entity_id}")
    page.wait_for_selector("#detail-panel.open h2", timeout=30_000)
    assert page.locator("#detail-panel h2").inner_text() == HOSTILE
    assert HOSTILE in page.locator("#detail-panel").inner_text()
    assert page.locator("#detail-panel img").count() == 0
    # The records list and the table show it as text too.
    page.wait_for_selector("#record-list button[data-record-id]", timeout=30_000)
    open_records_table(page)
    page.wait_for_selector("#records-table .ag-row", timeout=30_000)
    assert page.get_by_text(HOSTILE, exact=True).count() >= 1
    page.wait_for_load_state("networkidle")  # every script and callback has run
    assert dialogs == []
    page.close()
