"""Bounded load test: ``python -m bench.load [--duration 60] [--connections 16]``.

Starts gunicorn exactly as the Procfile does (``gunicorn app:server --config
gunicorn.conf.py``) on 127.0.0.1 and a free port with ``WEB_CONCURRENCY=2`` and the shipped
data, waits for ``/healthz``, reads the workers' RSS from ``/proc``, sends ``--repeat``
filter changes (a state seen before, and a new state each time) and ``/healthz`` GETs one at
a time, interleaved, on one keep-alive connection (their p50 ratios are the "from outside"
figures), then runs the load: Python threads (or wrk) that each hold one HTTP/1.1
connection to 127.0.0.1 and POST the browser's filter-change body to
``/_dash-update-component`` until the duration ends. Prints requests, errors (non-200,
missing ``masks`` or exceptions), latency p50/p99, requests/s and RSS before and
after; stops gunicorn; exits 1 when there was any error. Loopback only, fixed duration.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from bench.run import UPDATE_URL, cpu_pressure, new_state_payloads, pick_countries, scenarios
from corridor_map.settings import REPO_ROOT

HOST = "127.0.0.1"
WARMUP_SECONDS = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """Pids whose parent is ``pid`` (from /proc/<pid>/stat)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int:
    """VmRSS of ``pid`` in KiB (0 if gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_snapshot(master: int) -> dict[int, int]:
    return {pid: rss_kib(pid) for pid in children(master)}


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            body = response.read()
            conn.close()
            if response.status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


class Worker(threading.Thread):
    """One client connection POSTing the same body until ``stop_at``."""

    def __init__(self, port: int, body: bytes, stop_at: float):
        super().__init__(daemon=True)
        self.port, self.body, self.stop_at = port, body, stop_at
        self.latencies: list[float] = []
        self.errors = 0
        self.error_samples: list[str] = []
        self.reconnects = 0

    def _error(self, message: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 3:
            self.error_samples.append(message)

    def run(self) -> None:
        headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        while time.perf_counter() < self.stop_at:
            start = time.perf_counter()
            try:
                if conn.sock is None:
                    self.reconnects += 1
                conn.request("POST", UPDATE_URL, body=self.body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - start
                if response.status != 200:
                    self._error(f"HTTP {response.status}: {data[:200]!r}")
                elif b"masks" not in data:
                    self._error(f"no masks: {data[:200]!r}")
                else:
                    self.latencies.append(elapsed)
            except (OSError, http.client.HTTPException) as exc:
                self._error(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        conn.close()


def run_load(port: int, body: bytes, connections: int, duration: float) -> dict:
    start = time.perf_counter()
    stop_at = start + duration
    workers = [Worker(port, body, stop_at) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - start
    latencies = np.array([t for w in workers for t in w.latencies]) * 1000
    ok = len(latencies)
    errors = sum(w.errors for w in workers)
    return {
        "seconds": wall,
        "ok": ok,
        "errors": errors,
        "error_samples": [s for w in workers for s in w.error_samples][:5],
        "connects": sum(w.reconnects for w in workers),
        "rps": ok / wall,
        "p50_ms": float(np.percentile(latencies, 50)) if ok else float("nan"),
        "p99_ms": float(np.percentile(latencies, 99)) if ok else float("nan"),
        "max_ms": float(latencies.max()) if ok else float("nan"),
    }


WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = %s
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKJSON {\\"requests\\": %%d, \\"errors\\": %%d, \\"status\\": %%d, " ..
    "\\"us\\": %%d, \\"p50\\": %%d, \\"p99\\": %%d, \\"max\\": %%d}\\n",
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def run_wrk(port: int, body: bytes, connections: int, duration: float) -> dict:
    """The same load from wrk (C, keep-alive, 2 threads): far less client CPU than Python."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % json.dumps(body.decode()))
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{int(duration)}s",
        "-s",
        script.name,
        f"http://{HOST}:{port}/_dash-update-component",
    ]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        Path(script.name).unlink()
    stats = json.loads(output.split("WRKJSON ", 1)[1])
    seconds = stats["us"] / 1e6
    return {
        "seconds": seconds,
        "ok": stats["requests"] - stats["status"],
        "errors": stats["errors"] + stats["status"],
        "error_samples": [],
        "connects": None,  # wrk does not report reconnections
        "rps": stats["requests"] / seconds,
        "p50_ms": stats["p50"] / 1000,
        "p99_ms": stats["p99"] / 1000,
        "max_ms": stats["max"] / 1000,
    }


def sequential_latency(
    port: int, requests: dict[str, tuple[str, str, list[bytes]]], repeat: int
) -> dict[str, dict]:
    """p50 and p95 ms of each request sent one at a time on one keep-alive connection, the
    requests interleaved ``repeat`` times (so drift hits all alike), as a browser sends them.

    ``requests`` maps a name to ``(method, path, bodies)``; a list of bodies is cycled (a
    new filter state each time). Any answer other than 200 raises.
    """
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    times: dict[str, list[float]] = {name: [] for name in requests}
    for round_ in range(repeat + 3):  # three warm-up rounds
        for name, (method, path, bodies) in requests.items():
            body = bodies[round_ % len(bodies)] if bodies else None
            headers = {"Content-Type": "application/json"} if body else {}
            start = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            if response.status != 200:
                raise RuntimeError(f"{name}: HTTP {response.status}")
            if round_ >= 3:
                times[name].append(elapsed)
    conn.close()
    return {
        name: {
            "p50": float(np.percentile(t, 50)) * 1000,
            "p95": float(np.percentile(t, 95)) * 1000,
        }
        for name, t in times.items()
    }


def format_rss(snapshot: dict[int, int]) -> str:
    return ", ".join(f"pid {pid}: {kib / 1024:.1f} MiB" for pid, kib in snapshot.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="WEB_CONCURRENCY")
    parser.add_argument(
        "--repeat", type=int, default=200, help="requests of each kind, one at a time"
    )
    parser.add_argument(
        "--tool",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator: wrk (Debian package, default when installed) or Python threads",
    )
    args = parser.parse_args(argv)
    load = run_wrk if args.tool == "wrk" else run_load

    from corridor_map import create_app
    from corridor_map.settings import Settings

    # The body a browser sends for a filter change, built from the app's own callback map.
    app = create_app(Settings.from_env(environ={}))
    entities = app.server.config["CORRIDOR_CONTEXT"].registry.entities
    countries, share = pick_countries(entities)
    actions = scenarios(app, countries)
    body = json.dumps(actions["filter change: update_explorer"]).encode()
    # From outside, one request at a time: a filter change against a /healthz GET.
    sequential = {
        "GET /healthz": ("GET", "/healthz", []),
        "filter change (a state seen before)": ("POST", UPDATE_URL, [body]),
        "filter change (a new state each time)": (
            "POST",
            UPDATE_URL,
            # Every new state (more than the requests sent), not the callback bench's third.
            [json.dumps(p).encode() for p in new_state_payloads(app, countries)],
        ),
    }
    port = free_port()
    env = {
        **os.environ,
        "HOST": HOST,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(args.workers),
        # No worker recycling during the run (gunicorn.conf.py's max_requests), so RSS growth
        # and throughput are those of the same workers from warm-up to the end.
        "GUNICORN_MAX_REQUESTS": "0",
        "PYTHONUNBUFFERED": "1",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    descriptor, log_name = tempfile.mkstemp(prefix="corridor-gunicorn-", suffix=".log")
    os.close(descriptor)
    command = [str(gunicorn), "app:server", "--config", "gunicorn.conf.py"]
    print(
        f"$ HOST={HOST} PORT={port} WEB_CONCURRENCY={args.workers} GUNICORN_MAX_REQUESTS=0 "
        + " ".join(command)
    )
    print(f"  (gunicorn output: {log_name})")
    with open(log_name, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
        try:
            health = wait_healthy(port, process)
            time.sleep(0.5)  # let every worker finish booting
            print(f"healthz: {health['entities']} entities, {health['links']} links")
            print(f"filter: countries={countries} ({share:.1%} of records), body {len(body)} bytes")
            rss_start = rss_snapshot(process.pid)
            print(f"RSS master: {rss_kib(process.pid) / 1024:.1f} MiB")
            print(f"RSS workers after boot: {format_rss(rss_start)}")
            warm = run_load(port, body, args.connections, WARMUP_SECONDS)
            print(f"warm-up {WARMUP_SECONDS:.0f} s: {warm['ok']} ok, {warm['errors']} errors")
            latency = sequential_latency(port, sequential, args.repeat)
            # After the new states above have filled the bounded per-state caches: growth from
            # here on is what the load itself adds.
            rss_warm = rss_snapshot(process.pid)
            print(
                f"RSS workers after warm-up and the one-at-a-time requests: {format_rss(rss_warm)}"
            )
            print(f"one request at a time, {args.repeat} each, interleaved:")
            health_p50 = latency["GET /healthz"]["p50"]
            for name, row in latency.items():
                print(
                    f"  {name:40s} p50 {row['p50']:7.2f} ms  p95 {row['p95']:7.2f} ms"
                    f"  {row['p50'] / health_p50:5.2f}x /healthz"
                )
            print(f"before load: {cpu_pressure()}")
            result = load(port, body, args.connections, args.duration)
            print(f"after load: {cpu_pressure()}")
            rss_end = rss_snapshot(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    errors = result["errors"] + warm["errors"]
    print()
    print(
        f"load ({args.tool}): {args.connections} connections, {result['seconds']:.1f} s, "
        f"127.0.0.1:{port}"
    )
    print(f"  requests ok      {result['ok']}")
    print(f"  errors           {result['errors']} (warm-up: {warm['errors']})")
    for sample in result["error_samples"] + warm["error_samples"]:
        print(f"    e.g. {sample}")
    if result["connects"] is not None:
        print(f"  TCP connects     {result['connects']}")
    print(f"  throughput       {result['rps']:.0f} req/s")
    print(f"  latency p50      {result['p50_ms']:.2f} ms")
    print(f"  latency p99      {result['p99_ms']:.2f} ms")
    print(f"  latency max      {result['max_ms']:.2f} ms")
    print("worker RSS (MiB): boot -> after warm-up -> after load; growth during the load")
    for pid in rss_start:
        boot, warmed, end = rss_start[pid], rss_warm.get(pid, 0), rss_end.get(pid, 0)
        growth = (end - warmed) / warmed * 100 if warmed else float("nan")
        print(
            f"  pid {pid}: {boot / 1024:.1f} -> {warmed / 1024:.1f} -> {end / 1024:.1f}"
            f"  ({growth:+.1f} % vs warm, {(end - boot) / boot * 100:+.1f} % vs boot)"
        )
    print(f"gunicorn exit code {process.returncode}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
