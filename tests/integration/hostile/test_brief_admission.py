"""Finding 3: briefs render on demand only within bounds, from one shared cache."""

from __future__ import annotations

import pytest

from corridor_map.http.brief_cache import RenderGate
from corridor_map.settings import Settings


@pytest.fixture
def full_gate(app, monkeypatch):
    """Take this worker's only render slot for the test: only cached briefs can answer."""
    store = app.server.config["CORRIDOR_BRIEF_CACHE"]
    monkeypatch.setattr(store, "gate", RenderGate(1))
    with store.gate.admit():
        yield store


def test_hst030_beyond_the_render_slots_answers_503_with_retry_after(client, full_gate):
    response = client.get("/brief.pdf?kind=rd_hub&country=THA&q=uncached-view")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/healthz").status_code == 200


def test_hst031_etag_answers_304_without_rendering(client, app, monkeypatch):
    first = client.get("/brief.png?country=KHM")
    assert first.status_code == 200
    assert "public" in first.headers["Cache-Control"]
    store = app.server.config["CORRIDOR_BRIEF_CACHE"]
    store.clear()  # nothing cached: a 304 must come from the ETag alone
    monkeypatch.setattr(store, "gate", RenderGate(1))
    with store.gate.admit():
        again = client.get(
            "/brief.png?country=KHM", headers={"If-None-Match": first.headers["ETag"]}
        )
    assert again.status_code == 304


def test_hst032_cache_is_shared_between_workers_and_bounded(client, tmp_path_factory):
    from corridor_map import create_app

    shared = tmp_path_factory.mktemp("shared-cache")
    one = create_app(Settings(cache_dir=shared, brief_cache_mb=8)).server
    other = create_app(Settings(cache_dir=shared, brief_cache_mb=8)).server
    assert one.test_client().get("/brief.pdf?country=MMR&lang=my").status_code == 200
    store = other.config["CORRIDOR_BRIEF_CACHE"]
    store.gate = RenderGate(1)
    with store.gate.admit():  # the other worker cannot render: it must find the brief
        assert other.test_client().get("/brief.pdf?lang=my&country=MMR").status_code == 200
    assert store._cache.size_limit == 8 * 1024 * 1024


def test_hst033_map_image_is_shared_by_languages_and_framings(client, app, monkeypatch):
    from corridor_map.report import brief

    calls = []
    original = brief.render_png
    monkeypatch.setattr(brief, "render_png", lambda *a, **k: calls.append(1) or original(*a, **k))
    for query in ("lang=en", "lang=th", "lang=th&at=16,107,6", "lang=vi&hide=links"):
        assert client.get(f"/brief.pdf?country=VNM&kind=hightech_park&{query}").status_code == 200
    assert len(calls) == 1
