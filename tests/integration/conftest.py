"""Tests that build the whole app: one app on the shipped data, shared by every folder here.

- ``callbacks/``: server callbacks called as plain functions (and through Dash's dispatcher).
- ``api/``: the open-data API, the analytics API and the PDF brief through the Flask client.
- ``server/``: gunicorn as the Procfile starts it.
- ``hostile/``: the security review's findings, bounded and loopback only.
- ``browser/``: headless Chromium against one shared gunicorn.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The real app on the shipped data, ignoring any CORRIDOR_* environment, with its own
    brief cache (every brief these tests fetch is rendered here, not found from a run)."""
    from corridor_map import create_app
    from corridor_map.settings import Settings

    cache = tmp_path_factory.mktemp("brief-cache")
    return create_app(Settings.from_env({"cache_dir": str(cache)}, environ={}))


@pytest.fixture(scope="session")
def client(app):
    """A Flask test client of :func:`app`."""
    return app.server.test_client()
