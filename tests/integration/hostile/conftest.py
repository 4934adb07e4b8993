"""Hostile tests: each reproduces a finding of the security review (issue 13).

Bounded in count and time, loopback only. The Flask test client covers the app's own
answers; tests that need real sockets (slow clients, the proxy) start gunicorn on 127.0.0.1.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def callback_payload(app):
    """Build a well-formed callback request (the briefing page's: URL search and language)."""
    from bench.security import briefing_payload

    dependencies = app.server.test_client().get("/_dash-dependencies").get_json()

    def build(lang: object = "en", search: object = "?country=LAO") -> dict:
        return briefing_payload(dependencies, lang, search)

    return build
