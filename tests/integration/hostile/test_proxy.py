"""Finding 4 and the production topology: gunicorn (gthread) alone and behind deploy/'s nginx.

Slow clients, oversized bodies, rate limits, caching and headers, checked through the proxy
on loopback. Skipped, saying why, where Debian's nginx is not installed (``make test``
installs it through scripts/install_system_deps.sh).
"""

from __future__ import annotations

import os
import shutil
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress

import pytest
import requests

from tests.conftest import _free_port
from tests.integration.hostile.proxy import NGINX, running_nginx

needs_nginx = pytest.mark.skipif(
    shutil.which("nginx") is None and not os.path.exists(NGINX),
    reason="nginx is not installed (apt-get install nginx-light; make test does it)",
)


@pytest.fixture(scope="module")
def proxy_url(server_url, tmp_path_factory):
    """nginx with the shipped site file in front of the session's gunicorn."""
    if shutil.which("nginx") is None and not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (apt-get install nginx-light; make test does it)")
    with running_nginx(server_url, _free_port(), tmp_path_factory.mktemp("nginx")) as url:
        yield url


def _trickle(url: str, stack: ExitStack, count: int) -> None:
    """Open ``count`` connections that send half a request line and then nothing."""
    host, port = url.removeprefix("http://").split(":")
    for _ in range(count):
        sock = stack.enter_context(socket.create_connection((host, int(port)), timeout=5))
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")


def _healthz_times(url: str, count: int = 20) -> list[float]:
    times = []
    for _ in range(count):
        started = time.monotonic()
        assert requests.get(url + "/healthz", timeout=5).status_code == 200
        times.append(time.monotonic() - started)
    return sorted(times)


def _post_raw(url: str, length: int) -> bytes:
    """Announce a ``length``-byte callback body, send its first 64 KB, read the answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        head = (
            f"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        )
        sock.sendall(head.encode())
        with suppress(OSError):  # the server may answer and close before the body is sent
            sock.sendall(b" " * 65536)
        answer = b""
        # Read the whole head (it may come in more than one segment).
        while b"\r\n\r\n" not in answer and (chunk := sock.recv(4096)):
            answer += chunk
        answer += sock.recv(4096) if b"max_body_bytes" not in answer else b""
    return answer


# gunicorn alone: a slow client holds one of a worker's 8 threads, so 4 (the review's
# finding) leave every worker serving wherever they land. nginx holds any number of them.
@pytest.mark.parametrize(("target", "slow"), [("gunicorn", 4), ("nginx", 32)])
def test_hst040_slow_clients_do_not_stall_healthz(server_url, request, target, slow):
    url = server_url if target == "gunicorn" else request.getfixturevalue("proxy_url")
    with ExitStack() as stack:
        _trickle(url, stack, slow)
        times = _healthz_times(url)
    assert times[int(len(times) * 0.95) - 1] < 0.5, times


@pytest.mark.parametrize("target", ["gunicorn", "nginx"])
def test_hst041_sixteen_megabyte_body_is_413_before_it_is_read(server_url, request, target):
    """Refused on its announced length (how fast: ``python -m bench.security``)."""
    url = server_url if target == "gunicorn" else request.getfixturevalue("proxy_url")
    answer = _post_raw(url, 16 * 1024 * 1024)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"max_body_bytes" in answer


@needs_nginx
def test_hst042_security_headers_pass_through_the_proxy(proxy_url):
    response = requests.get(proxy_url + "/", timeout=10)
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers.get("Server", "nginx") == "nginx"  # no version


@needs_nginx
def test_hst043_brief_rate_limit_answers_429_never_5xx(proxy_url):
    url = proxy_url + "/brief.png?country=LAO"
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: requests.get(url, timeout=30).status_code, range(24)))
    assert 429 in codes and 200 in codes
    assert all(code in {200, 429, 503} for code in codes), codes
    limited = requests.get(url, timeout=30)
    if limited.status_code == 429:
        assert limited.headers["Retry-After"]


@needs_nginx
def test_hst044_static_assets_are_cached_by_the_proxy(proxy_url):
    path = proxy_url + "/assets/vendor/plotly-corridor.min.js"
    requests.get(path, timeout=10)
    again = requests.get(path, timeout=10)
    assert again.status_code == 200
    assert again.headers["X-Cache-Status"] == "HIT"


@needs_nginx
def test_hst045_untrusted_host_through_the_proxy_is_400(proxy_url):
    response = requests.get(proxy_url + "/?q=x", headers={"Host": "evil.example"}, timeout=10)
    assert response.status_code == 400
    assert b"evil.example" not in response.content
