"""Shared fixtures: paths, settings and the loaded registry."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
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
def server_url() -> str:
    """Start gunicorn as the Procfile does, on loopback; yield its base URL."""
    port = _free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"}
    log = ARTIFACTS / "gunicorn.log"
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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if requests.get(url + "/", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.3)
    else:
        process.terminate()
        pytest.fail("gunicorn did not answer within 60 s")
    yield url
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


