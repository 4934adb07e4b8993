"""Shared fixtures: paths, settings and the loaded registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor_map.settings import REPO_ROOT

SHARED_GEODATA = REPO_ROOT.parent / "shared" / "geodata"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shipped data folder."""
    return REPO_ROOT / "data"


@pytest.fixture(scope="session")
def registry(data_dir):
    """The shipped registry, loaded and validated once."""
    from corridor_map.registry import load_registry

    return load_registry(data_dir)
