"""Shared fixtures: paths, settings and the loaded registry."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from corridor_map.settings import REPO_ROOT

ARTIFACTS = REPO_ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@pytest.fixture(scope="session")
def context(registry):
    """The indexes the callbacks and the API use, for the shipped registry."""
    from corridor_map.context import AppContext

    return AppContext.build(registry)


# --------------------------------------------------------------------------- seeded data
# One way to seed a defect or a payload: copy the shipped data, then edit its CSVs.

MARKUP_NAME = "<img src=x onerror=alert(1)>"


def copy_data(dest: Path) -> Path:
    """Copy the shipped data folder (registry + base map) to ``dest/data``; return it.

    The copy must be named ``data`` so problems read ``data/registry/...``. The untracked
    ``registry/staging/`` work area is not part of what the validator reads and is skipped.
    """
    target = dest / "data"
    shutil.copytree(REPO_ROOT / "data", target, ignore=shutil.ignore_patterns("staging"))
    return target


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a registry CSV."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, fieldnames: list[str], rows: list[dict[str, str]]) -> None:
    """Write ``rows`` back as a registry CSV."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


def register_versions(data: Path, date: str = "2026-01-01") -> None:
    """Give every entity and link of a seeded copy a ``versions.csv`` row (added, changed on
    ``date``) when it has none, as scripts/derive_versions.py does for a new record."""
    path = data / "registry" / "versions.csv"
    fieldnames, rows = read_csv(path)
    known = {(r["table"], r["id"]) for r in rows}
    for table, name in (("entity", "entities.csv"), ("link", "links.csv")):
        for record in read_csv(data / "registry" / name)[1]:
            if (table, record["id"]) not in known:
                rows.append({"table": table, "id": record["id"], "added": date, "changed": date})
    write_csv(path, fieldnames, rows)


@pytest.fixture(scope="session")
def markup_data(tmp_path_factory) -> tuple[Path, str]:
    """A data copy whose first entity is named with markup (name and description); returns
    the folder and that entity's id."""
    data = copy_data(tmp_path_factory.mktemp("markup"))
    path = data / "registry" / "entities.csv"
    fieldnames, rows = read_csv(path)
    rows[0]["name"] = MARKUP_NAME
    rows[0]["description"] = f"{MARKUP_NAME} <script>alert(2)</script>"
    write_csv(path, fieldnames, rows)
    return data, rows[0]["id"]


@contextmanager
def running_server(extra_env: dict[str, str] | None = None, name: str = "gunicorn"):
    """Run gunicorn as the Procfile does, on a free loopback port; yield its base URL.

    Parameters
    ----------
    extra_env
        Additional environment (e.g. ``CORRIDOR_DATA_DIR`` for a seeded data copy).
    name
        Stem of the log file written to test-artifacts/.
    """
    port = _free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"}
    env.update(extra_env or {})
    log = ARTIFACTS / f"{name}.log"
    ARTIFACTS.mkdir(exist_ok=True)
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "app:server", "--config", "gunicorn.conf.py"],
            cwd=REPO_ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited with {process.returncode}: {log.read_text()[-2000:]}")
            try:
                if requests.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not answer within 60 s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server_url():
    """One gunicorn on the shipped data for all server and browser tests."""
    with running_server() as url:
        yield url


def find_by_id(component, component_id):
    """The component with id ``component_id`` in a Dash component tree, or ``None``."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = find_by_id(child, component_id)
            if found is not None:
                return found
    return None
