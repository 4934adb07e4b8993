"""Callback micro-benchmark: ``python -m bench [--sizes shipped,10000,100000] [--repeat 200]``.

For each size the app is built with :func:`corridor_map.create_app` (synthetic data from
:mod:`bench.synthetic` above the shipped size), one no-op callback is added for comparison,
and the exact JSON the browser sends is POSTed to ``/_dash-update-component`` through Flask's
test client (no network, compression off). Reported per callback: p50 and p95 wall time of
the whole request, response bytes, and the p50 ratio to the no-op measured in the same run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from dash import Input, Output, dcc

from corridor_map import create_app, ids, schema
from corridor_map.settings import REPO_ROOT, Settings

NOOP_IN, NOOP_OUT = "bench-noop-in", "bench-noop-out"
TARGET_SHARE = 0.20
UPDATE_URL = "/_dash-update-component"


def cpu_pressure() -> str:
    """Linux CPU pressure (share of time some task waited for a CPU): other load on the host."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return "cpu pressure: n/a"
    return "cpu pressure " + line


# --------------------------------------------------------------------------- payloads


def filter_state(countries: list[str]) -> dict:
    """The view-state store's JSON for a country filter (what sync_state writes)."""
    return {"sectors": [], "countries": countries, "kinds": [], "query": "", "selected": None}


def pick_countries(entities) -> tuple[list[str], float]:
    """One or two countries whose entities are closest to 20 % of all records."""
    share = entities["country"].value_counts(normalize=True).to_dict()
    options = [[c] for c in schema.COUNTRIES] + [
        list(p) for p in itertools.combinations(schema.COUNTRIES, 2)
    ]
    best = min(options, key=lambda o: abs(sum(share.get(c, 0) for c in o) - TARGET_SHARE))
    return best, sum(share.get(c, 0) for c in best)


def map_payload(state: dict) -> dict:
    """Body the browser POSTs for update_map (single output, one input, no state)."""
    return {
        "output": f"{ids.MAP_VIEW}.data",
        "outputs": {"id": ids.MAP_VIEW, "property": "data"},
        "inputs": [{"id": ids.STATE, "property": "data", "value": state}],
        "changedPropIds": [f"{ids.STATE}.data"],
        "state": [],
    }


def summaries_payload(state: dict) -> dict:
    """Body the browser POSTs for update_summaries (six outputs, the language as state)."""
    outputs = [
        (ids.RESULT_TEXT, "children"),
        (ids.KIND_COUNTS, "children"),
        (ids.MATRIX_CHART, "figure"),
        (ids.TABLE, "rowData"),
        (ids.DOWNLOAD_CSV, "href"),
        (ids.DOWNLOAD_GEOJSON, "href"),
    ]
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": ids.STATE, "property": "data", "value": state}],
        "changedPropIds": [f"{ids.STATE}.data"],
        "state": [{"id": ids.LANG, "property": "data", "value": "en"}],
    }


def noop_payload(state: dict) -> dict:
    """Body for the comparison callback: same input value, returned unchanged."""
    return {
        "output": f"{NOOP_OUT}.data",
        "outputs": {"id": NOOP_OUT, "property": "data"},
        "inputs": [{"id": NOOP_IN, "property": "data", "value": state}],
        "changedPropIds": [f"{NOOP_IN}.data"],
        "state": [],
    }


# --------------------------------------------------------------------------- app


def _with_stores(layout):
    """``layout`` (a component with a children list) with the two no-op stores appended."""
    layout.children = [*layout.children, dcc.Store(id=NOOP_IN), dcc.Store(id=NOOP_OUT)]
    return layout


def add_noop(app) -> None:
    """Add two hidden stores and a callback that returns its input unchanged.

    Works whether ``app.layout`` is a component or a function building one per request.
    """
    if callable(app.layout) and not hasattr(app.layout, "children"):
        build_layout = app.layout
        app.layout = lambda: _with_stores(build_layout())
    else:
        _with_stores(app.layout)
    if isinstance(app.validation_layout, list):
        app.validation_layout = [*app.validation_layout, dcc.Store(id=NOOP_IN)]
        app.validation_layout.append(dcc.Store(id=NOOP_OUT))

    @app.callback(Output(NOOP_OUT, "data"), Input(NOOP_IN, "data"), prevent_initial_call=True)
    def bench_noop(value):
        return value


def build(size: str) -> tuple[object, Path | None, float]:
    """Build the app for ``shipped`` or a synthetic size; return app, temp dir, build seconds."""
    from bench.synthetic import write_synthetic

    if size == "shipped":
        data_dir, temp = REPO_ROOT / "data", None
    else:
        temp = data_dir = write_synthetic(int(size))
    start = time.perf_counter()
    app = create_app(Settings.from_env({"data_dir": data_dir, "compress": False}))
    add_noop(app)
    return app, temp, time.perf_counter() - start


# --------------------------------------------------------------------------- measuring


def make_poster(client, payload: dict, must_contain: bytes | None) -> Callable[[], int]:
    """A function that POSTs ``payload`` once, checks the answer and returns its byte size."""
    body = json.dumps(payload)

    def post() -> int:
        response = client.post(UPDATE_URL, data=body, content_type="application/json")
        data = response.get_data()
        if response.status_code != 200:
            raise RuntimeError(f"{payload['output']}: HTTP {response.status_code}: {data[:300]!r}")
        if must_contain and must_contain not in data:
            raise RuntimeError(f"{payload['output']}: {must_contain!r} missing: {data[:300]!r}")
        return len(data)

    return post


def measure(posters: dict[str, Callable[[], int]], repeat: int, warmup: int) -> dict[str, dict]:
    """Interleave the posters (so drift hits all alike); per poster p50/p95 ms and bytes."""
    for post in posters.values():
        for _ in range(warmup):
            post()
    times: dict[str, list[float]] = {name: [] for name in posters}
    sizes: dict[str, int] = {}
    for _ in range(repeat):
        for name, post in posters.items():
            start = time.perf_counter()
            sizes[name] = post()
            times[name].append(time.perf_counter() - start)
    return {
        name: {
            "p50": float(np.percentile(t, 50)) * 1000,
            "p95": float(np.percentile(t, 95)) * 1000,
            "bytes": sizes[name],
            "n": len(t),
        }
        for name, t in times.items()
    }


def run_size(size: str, repeat: int, summaries: bool, summary_repeat: int) -> list[dict]:
    """Measure one size; return table rows."""
    app, temp, build_s = build(size)
    try:
        entities = app.server.config["CORRIDOR_CONTEXT"].registry.entities
        countries, share = pick_countries(entities)
        state = filter_state(countries)
        client = app.server.test_client()
        posters = {
            "update_map": make_poster(client, map_payload(state), b"masks"),
            "noop": make_poster(client, noop_payload(state), b"bench-noop-out"),
        }
        print(
            f"# size {size}: {len(entities)} entities, filter countries={countries} "
            f"({share:.1%} of records), app built in {build_s:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        results = measure(posters, repeat, warmup=max(5, repeat // 10))
        if summaries:
            posters = {
                "update_summaries": make_poster(client, summaries_payload(state), b"rowData"),
                "noop": posters["noop"],
            }
            extra = measure(posters, summary_repeat, warmup=3)
            results["update_summaries"] = extra["update_summaries"]
            results["noop (summaries run)"] = extra["noop"]
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    noop = results["noop"]["p50"]
    rows = []
    for name, r in results.items():
        in_summaries_run = name in ("update_summaries", "noop (summaries run)")
        base = results["noop (summaries run)"]["p50"] if in_summaries_run else noop
        rows.append(
            {
                "size": size,
                "entities": len(entities),
                "callback": name,
                **r,
                "ratio": r["p50"] / base,
                "build_s": build_s,
                "countries": ",".join(countries),
                "share": share,
            }
        )
    return rows


def print_table(rows: list[dict]) -> None:
    """Markdown table of the results."""
    print(
        "| size | entities | filter (share) | callback | n | p50 ms | p95 ms | bytes | "
        "p50 / no-op p50 |"
    )
    print("|---|---:|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['size']} | {r['entities']} | {r['countries']} ({r['share']:.1%}) | "
            f"{r['callback']} | {r['n']} | {r['p50']:.2f} | {r['p95']:.2f} | {r['bytes']:,} | "
            f"{r['ratio']:.2f}x |"
        )
    print()
    print("| size | app build (load + validate + figure) s |")
    print("|---|---:|")
    for size in dict.fromkeys(r["size"] for r in rows):
        build_s = next(r["build_s"] for r in rows if r["size"] == size)
        print(f"| {size} | {build_s:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="shipped,10000,100000")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--summary-sizes",
        default="shipped,10000,100000",
        help="sizes at which update_summaries is also measured",
    )
    parser.add_argument("--summary-repeat", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    summary_sizes = {s.strip() for s in args.summary_sizes.split(",") if s.strip()}
    print(f"# before: {cpu_pressure()}", file=sys.stderr)
    rows: list[dict] = []
    for size in (s.strip() for s in args.sizes.split(",") if s.strip()):
        rows += run_size(size, args.repeat, size in summary_sizes, args.summary_repeat)
    print(f"# after: {cpu_pressure()}", file=sys.stderr)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
