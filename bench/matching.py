"""Benchmark of "Where to cooperate": ``python -m bench.matching [--sizes shipped,10000]``.

For each size the app is built once (start-up warms the default coverage), then every
matching answer is requested through Flask's test client as a client would (parse, analytic,
JSON or CSV body), ``--repeat`` times after one warm-up request: the hub–zone coverage (all,
and one sector, two countries and a 50 km radius), its CSV, one map-mode GeoJSON layer, the
partners of a zone and of an R&D hub (JSON and CSV); and the explorer section's table, words
and link as its callbacks render them. Warm means the analytic's cache holds
the answer's coverage or partner list, as it does from the second request of a view on.
Every response must be 200.

For reference it also times the uncached computations (:func:`hub_zone_coverage` and
:func:`partner_candidates` run directly), i.e. what the first request of a new combination of
filters costs.

Targets (issue 16): p95 warm ≤ 50 ms at the shipped size and ≤ 500 ms at 10k synthetic
records (``bench/synthetic.py``, removed afterwards). Exits 1 when a warm answer misses.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable

from bench.run import cpu_pressure
from corridor_map.settings import Settings

BUDGET_MS = {"shipped": 50.0, "default": 500.0}
REPEATS = 50


def _time(func: Callable[[], object], repeats: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds of ``func`` after one warm-up call."""
    func()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def _ok(client, url: str) -> Callable[[], object]:
    def request():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return request


def benchmark(size: str, repeats: int) -> list[tuple[str, float, float, bool]]:
    """Time every answer at one size; return ``(name, p50, p95, warm)`` rows."""
    from bench.synthetic import write_synthetic
    from corridor_map import create_app
    from corridor_map.analytics import analytics_for
    from corridor_map.analytics.matching import hub_zone_coverage, partner_candidates
    from corridor_map.filters import FilterState
    from corridor_map.pages.explorer.matching import coverage_outputs

    temp = None
    data_dir = Settings.from_env(environ={}).data_dir
    if size != "shipped":
        temp = data_dir = write_synthetic(int(size))
    try:
        start = time.perf_counter()
        app = create_app(Settings.from_env({"data_dir": data_dir, "compress": False}))
        startup_ms = (time.perf_counter() - start) * 1000
        client = app.server.test_client()
        context = app.server.config["CORRIDOR_CONTEXT"]
        model = analytics_for(context)
        entities = context.registry.entities
        zone = entities.index[entities["kind"] == "industrial_zone"][0]
        hub = "chn-yunnan-normal-university"
        api = "/api/v1/analytics"
        warm = {
            "hub-zone JSON (all)": f"{api}/hub-zone",
            "hub-zone JSON (sector, 2 countries, 50 km)": (
                f"{api}/hub-zone?sector=agriculture&country=LAO,THA&radius_km=50"
            ),
            "hub-zone CSV (all)": f"{api}/hub-zone?format=csv",
            "map-mode GeoJSON (unlinked lines)": "/analytics/hub-zone.geojson?part=unlinked",
            "partners JSON (a zone)": f"{api}/partners?id={zone}",
            "partners JSON (an R&D hub)": f"{api}/partners?id={hub}",
            "partners CSV (an R&D hub)": f"{api}/partners?id={hub}&format=csv",
        }
        rows = [(name, *_time(_ok(client, url), repeats), True) for name, url in warm.items()]
        # The explorer's table, counts and download link (what show_matching and a filter
        # change render for the section), called as the callback calls it.
        state = FilterState(sectors=("agriculture",))
        rows.append(
            (
                "explorer section (table, words, link)",
                *_time(lambda: coverage_outputs(context, state, 100.0, "en"), repeats),
                True,
            )
        )
        index = model.match_index
        cold = {
            "coverage computed (all)": lambda: hub_zone_coverage(index),
            "coverage computed (agriculture)": lambda: hub_zone_coverage(index, ("agriculture",)),
            "partners computed (an R&D hub)": lambda: partner_candidates(index, hub),
        }
        rows += [(name, *_time(func, repeats), False) for name, func in cold.items()]
        zones = int(entities["kind"].isin(["industrial_zone", "hightech_park"]).sum())
        hubs = int((entities["kind"] == "rd_hub").sum())
        print(
            f"\n## {size}: {len(entities):,} entities ({zones:,} zones and parks, {hubs:,} R&D"
            f" hubs), {len(context.registry.links)} links; start-up {startup_ms:,.0f} ms"
        )
        print("| answer | warm | n | p50 ms | p95 ms |\n|---|---|---:|---:|---:|")
        for name, p50, p95, is_warm in rows:
            kind = "yes" if is_warm else "computed"
            print(f"| {name} | {kind} | {repeats} | {p50:.1f} | {p95:.1f} |")
        return rows
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a warm answer's p95 is over its size's budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,10000")
    parser.add_argument("--repeat", type=int, default=REPEATS)
    args = parser.parse_args(argv)
    print(f"# before: {cpu_pressure()}", file=sys.stderr)
    over = []
    for size in args.sizes.split(","):
        budget = BUDGET_MS.get(size, BUDGET_MS["default"])
        for name, _, p95, is_warm in benchmark(size, args.repeat):
            if is_warm and p95 > budget:
                over.append(f"{size}: {name} p95 {p95:.1f} ms > {budget:.0f} ms")
    print(f"# after: {cpu_pressure()}", file=sys.stderr)
    for line in over:
        print("OVER BUDGET", line)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
