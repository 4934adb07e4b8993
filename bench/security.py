"""Hostile bench: ``python -m bench.security [--only NAME ...]`` (loopback only, bounded).

Measures the targets of issue 13 against gunicorn started exactly as the Procfile does
(``gunicorn app:server --config gunicorn.conf.py``, 2 workers, a fresh brief cache) on
127.0.0.1, and prints one line per target. docs/security.md records a run.

- ``rss``: worker RSS before and after 1,000 hostile callback payloads of each family
  (language, size, shape); worker recycling is switched off (GUNICORN_MAX_REQUESTS=0) so
  the same workers are measured throughout.
- ``big``: time for a 16 MB callback body to be refused.
- ``briefs``: ``/healthz`` latency while 8 clients request uncached briefs.
- ``trickle``: ``/healthz`` latency while 4 clients trickle request headers.
- ``host``: ``Host: evil.example`` on every route family; it must appear in no answer.
- ``wrk``: ``/healthz`` and ``/api/v1/entities?country=LAO`` under wrk (16 connections),
  and a 304 for a repeated request with the ETag.
Every answer's status is counted: any 5xx other than a deliberate 503 fails the run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from pathlib import Path

import psutil

from corridor_map.settings import REPO_ROOT

HOST = "127.0.0.1"
STATUSES: Counter = Counter()
PAYLOADS_PER_FAMILY = 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def workers_rss(master: int) -> int:
    """Resident memory of gunicorn's workers together, in bytes."""
    return sum(child.memory_info().rss for child in psutil.Process(master).children())


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            if request(port, "GET", "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection: (status, body bytes, seconds)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        STATUSES[response.status] += 1
        return response.status, data, time.perf_counter() - started
    finally:
        conn.close()


def briefing_payload(dependencies: list[dict], lang: object = "en", search: object = "") -> dict:
    """A well-formed request for the briefing page's callback, which reads its URL search
    and its language store; ``dependencies`` is the app's ``/_dash-dependencies``."""
    dep = next(d for d in dependencies if any(s["id"] == "briefing-lang" for s in d["state"]))
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in dep["output"].strip(".").split("...")
    ]
    inputs = [
        {**item, "value": search if item["property"] == "search" else None}
        for item in dep["inputs"]
    ]
    return {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": inputs,
        "state": [{**item, "value": lang} for item in dep["state"]],
        "changedPropIds": ["briefing-url.search"],
    }


def families(port: int) -> dict[str, list[bytes]]:
    """1,000 hostile callback bodies per family, each distinct."""
    deps = json.loads(request(port, "GET", "/_dash-dependencies")[1])

    def callback(lang: object = "en", search: object = "?country=LAO") -> dict:
        return briefing_payload(deps, lang, search)

    n = PAYLOADS_PER_FAMILY
    site = sys.prefix
    language = [
        callback(["../.." + "/." * k, f"{site}/lib/{k}", f"../locales/./km{'/.' * k}"][k % 3])
        for k in range(n)
    ]
    size = [callback(search="?q=" + "a" * (200_000 + k)) for k in range(n)]
    shape = []
    for k in range(n):
        payload = callback(search="?" + "&".join(f"p{i}_{k}=1" for i in range(40 + k % 200)))
        if k % 2:
            deep: object = f"v{k}"
            for _ in range(20 + k % 5):
                deep = [deep]
            payload["state"][0]["value"] = deep
        shape.append(payload)
    return {
        name: [json.dumps(p).encode() for p in payloads]
        for name, payloads in (("language", language), ("size", size), ("shape", shape))
    }


def post_all(port: int, bodies: list[bytes]) -> Counter:
    headers = {"Content-Type": "application/json"}
    with ThreadPoolExecutor(4) as pool:
        codes = pool.map(
            lambda b: request(port, "POST", "/_dash-update-component", b, headers)[0], bodies
        )
        return Counter(codes)


def bench_rss(port: int, master: int) -> None:
    for name, bodies in families(port).items():
        before = workers_rss(master)
        codes = post_all(port, bodies)
        after = workers_rss(master)
        mib = 1024 * 1024
        print(
            f"rss/{name}: {len(bodies)} payloads -> {dict(codes)}; workers "
            f"{before / mib:.1f} -> {after / mib:.1f} MiB ({(after - before) / mib:+.1f} MiB)"
        )


def bench_big(port: int) -> None:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        with socket.create_connection((HOST, port), timeout=10) as sock:
            length = 16 * 1024 * 1024
            sock.sendall(
                f"POST /_dash-update-component HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: "
                f"application/json\r\nContent-Length: {length}\r\n\r\n".encode()
            )
            with suppress(OSError):  # refused: the server closes before the body is sent
                for _ in range(length // 65536):
                    sock.sendall(b" " * 65536)
            answer = sock.recv(200)
        times.append(time.perf_counter() - started)
        status = int(answer.split()[1])
        STATUSES[status] += 1
    print(f"big: 16 MB callback -> {status}, {max(times) * 1000:.0f} ms at worst of 5")


def healthz_under(port: int, load, seconds: float = 20) -> list[float]:
    """``/healthz`` latencies, one request every 50 ms, while ``load(stop)`` runs."""
    stop = threading.Event()
    thread = threading.Thread(target=load, args=(stop,), daemon=True)
    thread.start()
    latencies = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        latencies.append(request(port, "GET", "/healthz", timeout=30)[2])
        time.sleep(0.05)
    stop.set()
    thread.join()
    return sorted(latencies)


def p95(values: list[float]) -> float:
    return values[max(0, int(len(values) * 0.95) - 1)] * 1000


def bench_briefs(port: int) -> None:
    briefs: Counter = Counter()
    counter = iter(range(10**9))

    def client(stop):
        while not stop.is_set():
            status, _, _ = request(port, "GET", f"/brief.pdf?q=uncached{next(counter)}")
            briefs[status] += 1

    def load(stop):
        with ThreadPoolExecutor(8) as pool:
            for _ in range(8):
                pool.submit(client, stop)

    times = healthz_under(port, load)
    print(
        f"briefs: /healthz p95 {p95(times):.0f} ms, max {times[-1] * 1000:.0f} ms "
        f"({len(times)} probes) while 8 clients asked for uncached briefs -> {dict(briefs)}"
    )


def bench_trickle(port: int) -> None:
    def load(stop):
        with ExitStack() as stack:
            socks = [
                stack.enter_context(socket.create_connection((HOST, port), timeout=30))
                for _ in range(4)
            ]
            for sock in socks:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.wait(1):
                for sock in socks:
                    with suppress(OSError):
                        sock.sendall(b"X-Slow: 1\r\n")

    times = healthz_under(port, load)
    print(
        f"trickle: /healthz p95 {p95(times):.0f} ms, max {times[-1] * 1000:.0f} ms "
        f"({len(times)} probes) while 4 clients trickled headers"
    )


def bench_host(port: int) -> None:
    paths = [
        "/",
        "/brief.pdf?country=LAO",
        "/brief.png",
        "/api/v1/entities",
        "/healthz",
        "/_dash-layout",
        "/embed",
        "/nope",
    ]
    seen = 0
    codes = Counter()
    for path in paths:
        for host in ("evil.example", "evil.example:8050", "a" * 3000 + ".example"):
            status, body, _ = request(port, "GET", path, headers={"Host": host})
            codes[status] += 1
            seen += b"evil.example" in body or b"aaaaaaaaaaaaaaaa" in body
    print(
        f"host: {sum(codes.values())} requests with a foreign Host -> {dict(codes)}; "
        f"answers naming it: {seen}"
    )


def wrk(port: int, path: str, seconds: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", f"http://{HOST}:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def bench_wrk(port: int) -> None:
    if not shutil.which("wrk"):
        print("wrk: not installed (apt-get install wrk)")
        return
    health = wrk(port, "/healthz", 10)
    api = wrk(port, "/api/v1/entities?country=LAO", 10)
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", "/api/v1/entities?country=LAO")
    tag = conn.getresponse().getheader("ETag")
    conn.close()
    again, _, _ = request(
        port, "GET", "/api/v1/entities?country=LAO", headers={"If-None-Match": tag}
    )
    print(
        f"wrk: /healthz {health:.0f} req/s, /api/v1/entities?country=LAO {api:.0f} req/s "
        f"({api / health:.0%}); repeated with its ETag -> {again}"
    )


BENCHES = {
    "rss": bench_rss,
    "big": bench_big,
    "briefs": bench_briefs,
    "trickle": bench_trickle,
    "host": bench_host,
    "wrk": bench_wrk,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.security", description=__doc__)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), default=list(BENCHES))
    args = parser.parse_args(argv)
    port = free_port()
    cache = tempfile.mkdtemp(prefix="corridor-bench-cache-")
    env = {
        **os.environ,
        "HOST": HOST,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_MAX_REQUESTS": "0",
        "CORRIDOR_CACHE_DIR": cache,
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "app:server",
        "--config",
        "gunicorn.conf.py",
    ]
    log = Path(tempfile.mkstemp(prefix="corridor-gunicorn-", suffix=".log")[1])
    print(f"$ HOST={HOST} PORT={port} WEB_CONCURRENCY=2 {' '.join(command)}  (log: {log})")
    with log.open("wb") as handle:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=handle, stderr=handle)
        try:
            wait_healthy(port, process)
            time.sleep(0.5)  # every worker booted
            for name in args.only:
                if name == "rss":
                    bench_rss(port, process.pid)
                else:
                    BENCHES[name](port)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            shutil.rmtree(cache, ignore_errors=True)
    errors = {code: n for code, n in STATUSES.items() if code >= 500 and code != 503}
    tracebacks = log.read_text(errors="replace").count("Traceback")
    print(
        f"statuses: {dict(sorted(STATUSES.items()))}; unexpected 5xx: {errors or 'none'}; "
        f"tracebacks in the log: {tracebacks}"
    )
    return 1 if errors or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
