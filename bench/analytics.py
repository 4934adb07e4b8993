"""Benchmark of the corridor analytics at shipped size: ``python -m bench.analytics``.

Builds the app's context and analytics once (start-up, including cache warm-up), then times
each analytic as a request would run it — filter, cached analytic, JSON body — and prints
the median (p50) and p95 over repeated runs, for the default view and a sector filter, plus
the uncached computation for reference. The budget is 200 ms per analytic.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from corridor_map.settings import Settings

BUDGET_MS = 200.0
REPEATS = 50


def _time(func: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """p50 and p95 in milliseconds of ``func`` after one warm-up call."""
    func()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def benchmark(repeats: int = REPEATS) -> dict[str, tuple[float, float]]:
    """Time every analytic; return ``{name: (p50_ms, p95_ms)}`` and print a table."""
    from corridor_map import create_app

    start = time.perf_counter()
    app = create_app(Settings.from_env(environ={}))
    startup_ms = (time.perf_counter() - start) * 1000
    client = app.server.test_client()
    context = app.server.config["CORRIDOR_CONTEXT"]

    from corridor_map.analytics import analytics_for
    from corridor_map.analytics.access import access_summary
    from corridor_map.analytics.network import network_summary
    from corridor_map.filters import FilterState

    model = analytics_for(context)
    registry = context.registry
    cases: dict[str, Callable[[], object]] = {
        "network (API, all)": lambda: client.get("/api/v1/analytics/network"),
        "network (API, sector=water)": lambda: client.get("/api/v1/analytics/network?sector=water"),
        "access (API, all)": lambda: client.get("/api/v1/analytics/access"),
        "access (API, sector=digital)": lambda: client.get(
            "/api/v1/analytics/access?sector=digital"
        ),
        "choropleth class (GeoJSON)": lambda: client.get(
            "/analytics/access-provinces.geojson?threshold=50&bin=3"
        ),
        "network (cached, state)": lambda: model.network_for(FilterState()),
        "access (cached, sectors)": lambda: model.access(("digital",)),
        "network (uncached compute)": lambda: network_summary(registry.entities, registry.links),
        "access (uncached compute)": lambda: access_summary(
            model.places, registry.entities, ("digital",), model.groups
        ),
    }
    results = {name: _time(func, repeats) for name, func in cases.items()}
    places = len(model.places)
    print(
        f"corridor analytics at shipped size: {len(registry.entities)} entities, "
        f"{len(registry.links)} links, {places} places; start-up {startup_ms:,.0f} ms"
    )
    print(f"{'analytic':32} {'p50 ms':>8} {'p95 ms':>8}")
    for name, (p50, p95) in results.items():
        flag = "" if p50 <= BUDGET_MS else "  OVER BUDGET"
        print(f"{name:32} {p50:8.1f} {p95:8.1f}{flag}")
    return results


def main() -> int:
    """Run the benchmark; exit 1 when an API analytic's p50 is over budget."""
    results = benchmark()
    over = [n for n, (p50, _) in results.items() if "API" in n and p50 > BUDGET_MS]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
