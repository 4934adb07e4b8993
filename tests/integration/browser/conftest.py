"""One gunicorn server and one headless Chromium for all browser tests.

The server is started as the Procfile starts it (gunicorn with gunicorn.conf.py) on a free
loopback port and stopped at the end of the session. Each test gets a fresh page that
records console errors and every request to a host other than the server's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from corridor_map.settings import REPO_ROOT

CHROMIUM = os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for the whole session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `make test`, which installs Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@dataclass
class PageWatch:
    """A page plus what it did: console errors and requests to foreign hosts."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture
def watched_page(browser, server_url, request):
    """A fresh page (1280×800) that records console errors and non-local requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    watch = PageWatch(page)
    local_host = urlparse(server_url).netloc

    def on_console(message):
        if message.type == "error":
            watch.console_errors.append(message.text)

    def on_request(req):
        parsed = urlparse(req.url)
        if parsed.scheme in {"http", "https", "ws", "wss"} and parsed.netloc != local_host:
            watch.foreign_requests.append(req.url)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("request", on_request)
    yield watch
    ARTIFACTS.mkdir(exist_ok=True)
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"))
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report on the item, so fixtures can screenshot failures."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def open_lazy_table(page, block_id: str) -> None:
    """Open the lazy grid in block ``block_id`` (it loads on demand) and wait until it draws."""
    button = page.locator(f"#{block_id} > button")
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    page.wait_for_selector(f"#{block_id} .ag-root", timeout=30_000)


def open_records_table(page) -> None:
    """Open the explorer's records table (its grid loads on demand) and wait until it draws."""
    open_lazy_table(page, "records-table")
