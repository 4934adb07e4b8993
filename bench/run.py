"""Callback benchmark: ``python -m bench [--sizes shipped,10000,100000] [--repeat 100]``.

Every server callback a user action fires is measured, not only the map's: opening a shared
view (the page render and the explorer's first update), a filter change, a click on a
record, a reset, a click in the network matrix, the choropleth switch, and the records
table's blocks (opening it, scrolling, a sort, a column filter). For each size the
app is built with :func:`corridor_map.create_app` (synthetic data from :mod:`bench.synthetic`
above the shipped size), one no-op callback is added for comparison, and the JSON the
browser sends is POSTed to ``/_dash-update-component`` through Flask's test client (no
network, compression off). The request bodies are built from the app's own callback map, so
they follow the callbacks' real inputs and outputs. Reported per action: p50 and p95 wall
time of the whole request, response bytes, and the p50 ratio to the no-op in the same run.
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
from dash import Input, Output
from dash._utils import stringify_id

from corridor_map import create_app, ids, schema
from corridor_map.filters import FilterState
from corridor_map.pages import PAGE_URL
from corridor_map.pages.explorer.grids import GRID_BLOCK, GRID_OPEN, part_id
from corridor_map.pages.explorer.records import BLOCK_SIZE
from corridor_map.settings import REPO_ROOT, Settings
from corridor_map.view_state import ViewState

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


def pick_countries(entities) -> tuple[list[str], float]:
    """One or two countries whose entities are closest to 20 % of all records."""
    share = entities["country"].value_counts(normalize=True).to_dict()
    options = [[c] for c in schema.COUNTRIES] + [
        list(p) for p in itertools.combinations(schema.COUNTRIES, 2)
    ]
    best = min(options, key=lambda o: abs(sum(share.get(c, 0) for c in o) - TARGET_SHARE))
    return best, sum(share.get(c, 0) for c in best)


# --------------------------------------------------------------------------- payloads


def _outputs(key: str) -> list[dict]:
    """The output specs of a callback-map key (``..a.x...b.y..`` or ``a.x``)."""
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    specs = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        # Pattern-matching ids are written as JSON in the key and sent as objects.
        specs.append(
            {
                "id": json.loads(component) if component.startswith("{") else component,
                "property": prop,
            }
        )
    return specs


def callback_payload(app, name: str, values: dict, changed: list[tuple[str, str]]) -> dict:
    """The body the browser POSTs for the server callback ``name``.

    Parameters
    ----------
    app
        The Dash app.
    name
        The callback function's name.
    values
        ``(component id, property) -> value`` for its inputs and states (others ``None``;
        pattern-matching inputs get an empty list, as when no such component exists).
    changed
        The ``(id, property)`` pairs that fired it (empty on a page's first call).
    """
    key, entry = next(
        (key, entry)
        for key, entry in app.callback_map.items()
        if "callback" in entry and entry["callback"].__wrapped__.__name__ == name
    )

    def value_of(spec: dict) -> dict | list:
        key = (spec["id"], spec["property"])
        if str(spec["id"]).startswith("{"):
            parsed = json.loads(spec["id"])
            if any(isinstance(v, list) for v in parsed.values()):
                return []  # a wildcard (ALL) input with no such component on the page
            return {"id": parsed, "property": spec["property"], "value": values.get(key)}
        return {**spec, "value": values.get(key)}

    outputs = _outputs(key)
    return {
        "output": key,
        "outputs": outputs if len(outputs) > 1 or key.startswith("..") else outputs[0],
        "inputs": [value_of(spec) for spec in entry["inputs"]],
        "state": [value_of(spec) for spec in entry["state"]],
        "changedPropIds": [f"{component}.{prop}" for component, prop in changed],
    }


def loaded_view(countries: list[str]) -> dict:
    """The explorer's inputs and states once it is open on ``countries`` (in English)."""
    search = ViewState(FilterState(countries=tuple(countries))).query()
    loaded = ViewState.from_json(
        {"countries": countries, "sectors": [], "kinds": [], "query": ""}
    ).to_json()
    return {(ids.URL, "search"): search, (ids.LANG, "data"): "en", (ids.STATE, "data"): loaded}


def new_state_payloads(app, countries: list[str], share: int | None = None) -> list[dict]:
    """``update_explorer`` bodies that each change the filter of the view open on
    ``countries`` to a state the app has not seen (:func:`unseen_states`; ``share``: one
    scenario's third of them)."""
    after = loaded_view(countries)
    return [
        callback_payload(
            app,
            "update_explorer",
            {**after, (ids.COUNTRY_FILTER, "value"): units, (ids.SECTOR_FILTER, "value"): [s]},
            [(ids.COUNTRY_FILTER, "value")],
        )
        for units, s in unseen_states(app.server.config["CORRIDOR_CONTEXT"], share)
    ]


def scenarios(app, countries: list[str]) -> dict[str, dict]:
    """The request body of every server callback a user action fires, by action."""
    context = app.server.config["CORRIDOR_CONTEXT"]
    after = loaded_view(countries)
    search, loaded = after[(ids.URL, "search")], after[(ids.STATE, "data")]
    first_id = str(context.registry.entities.index[0])
    records_open = (stringify_id(part_id(GRID_OPEN, ids.RECORDS_GRID)), "n_clicks")
    other = [c for c in schema.COUNTRIES if c not in countries][:1]
    return {
        "open a shared view: render_page": callback_payload(
            app,
            "render_page",
            {(PAGE_URL, "pathname"): "/", (PAGE_URL, "search"): search},
            [(PAGE_URL, "pathname")],
        ),
        # The page comes with its view: update_explorer does not run on load.
        "open a shared view, new view each time: render_page": [
            callback_payload(
                app,
                "render_page",
                {
                    (PAGE_URL, "pathname"): "/",
                    (PAGE_URL, "search"): ViewState(
                        FilterState(sectors=(s,), countries=tuple(units))
                    ).query(),
                },
                [(PAGE_URL, "pathname")],
            )
            for units, s in unseen_states(context, 0)
        ],
        "filter change: update_explorer": callback_payload(
            app,
            "update_explorer",
            {**after, (ids.COUNTRY_FILTER, "value"): countries + other},
            [(ids.COUNTRY_FILTER, "value")],
        ),
        "filter change, new state each time: update_explorer": new_state_payloads(
            app, countries, share=1
        ),
        "filter change, records table open: update_explorer": callback_payload(
            app,
            "update_explorer",
            {**after, (ids.COUNTRY_FILTER, "value"): countries + other, records_open: 1},
            [(ids.COUNTRY_FILTER, "value")],
        ),
        # The records table asks for blocks: on opening (rows made for another view), on
        # scrolling, on a sort or a column filter (a filter change's first block comes with
        # update_explorer above and is answered in the browser).
        "open the records table: fill_records_block": records_block_payload(
            app, loaded, blocks_request()
        ),
        "scroll the records table, next block: fill_records_block": records_block_payload(
            app, loaded, blocks_request(BLOCK_SIZE)
        ),
        "sort the records table by name: fill_records_block": records_block_payload(
            app, loaded, blocks_request(sort=[{"colId": "name", "sort": "desc"}])
        ),
        "sort the records table, new view each time: fill_records_block": [
            records_block_payload(
                app,
                ViewState(FilterState(sectors=(s,), countries=tuple(units))).to_json(),
                blocks_request(sort=[{"colId": "country", "sort": "asc"}]),
            )
            for units, s in unseen_states(context, 2)
        ],
        "filter a records table column: fill_records_block": records_block_payload(
            app,
            loaded,
            blocks_request(
                filters={"name": {"filterType": "text", "type": "contains", "filter": "park"}}
            ),
        ),
        "click a record: update_explorer": callback_payload(
            app,
            "update_explorer",
            {
                **after,
                (ids.COUNTRY_FILTER, "value"): countries,
                (ids.MAP, "clickData"): {"points": [{"customdata": first_id}]},
            },
            [(ids.MAP, "clickData")],
        ),
        "reset: update_explorer": callback_payload(
            app,
            "update_explorer",
            {**after, (ids.RESET, "n_clicks"): 1, (ids.COUNTRY_FILTER, "value"): countries},
            [(ids.RESET, "n_clicks")],
        ),
        "matrix cell click: show_pair_links": callback_payload(
            app,
            "show_pair_links",
            {
                **after,
                (ids.NETWORK_MATRIX, "clickData"): {"points": [{"customdata": "LAO|CHN"}]},
            },
            [(ids.NETWORK_MATRIX, "clickData")],
        ),
        "choropleth switch: show_choropleth": callback_payload(
            app,
            "show_choropleth",
            {**after, (ids.ACCESS_TOGGLE, "value"): "50"},
            [(ids.ACCESS_TOGGLE, "value")],
        ),
        "no-op": {
            "output": f"{NOOP_OUT}.data",
            "outputs": {"id": NOOP_OUT, "property": "data"},
            "inputs": [{"id": NOOP_IN, "property": "data", "value": loaded}],
            "changedPropIds": [f"{NOOP_IN}.data"],
            "state": [],
        },
    }


#: Scenarios that cycle through new states each take every third state, so no scenario
#: meets a state another one has just rendered (they share the app's per-state caches).
UNSEEN_SHARES = 3


def unseen_states(context, share: int | None = None) -> list[tuple[list[str], str]]:
    """Filter states (one or two units, one sector) in a fixed order: more of them than the
    app's render and result caches hold, so cycling through them measures uncached work.
    With ``share`` (0, 1 or 2), only that scenario's third of them."""
    units = [[c] for c in schema.COUNTRIES] + [
        list(p) for p in itertools.combinations(schema.COUNTRIES, 2)
    ]
    states = [(u, s) for u in units for s in context.sector_ids]
    return states if share is None else states[share::UNSEEN_SHARES]


def blocks_request(start: int = 0, sort: list | None = None, filters: dict | None = None) -> dict:
    """A block of the records table as the grid asks for it (``getRowsRequest``)."""
    return {
        "startRow": start,
        "endRow": start + BLOCK_SIZE,
        "sortModel": sort or [],
        "filterModel": filters or {},
    }


def records_block_payload(app, stored: dict, request: dict) -> dict:
    """The body the browser POSTs for a block of the records table it does not hold."""
    block = stringify_id(part_id(GRID_BLOCK, ids.RECORDS_GRID))
    return callback_payload(
        app,
        "fill_records_block",
        {(block, "data"): request, (ids.STATE, "data"): stored, (ids.LANG, "data"): "en"},
        [(block, "data")],
    )


# --------------------------------------------------------------------------- app


def add_noop(app) -> None:
    """Add a callback that returns its input unchanged (the comparison)."""

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


def make_poster(client, name: str, payload: dict | list[dict]) -> Callable[[], int]:
    """A function that POSTs ``payload`` once (or the next of a list of payloads, in turn),
    checks the answer and returns its byte size."""
    bodies = itertools.cycle(
        [json.dumps(p) for p in (payload if isinstance(payload, list) else [payload])]
    )

    def post() -> int:
        response = client.post(UPDATE_URL, data=next(bodies), content_type="application/json")
        data = response.get_data()
        if response.status_code not in (200, 204):
            raise RuntimeError(f"{name}: HTTP {response.status_code}: {data[:300]!r}")
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


def run_size(size: str, repeat: int) -> list[dict]:
    """Measure one size; return table rows."""
    app, temp, build_s = build(size)
    try:
        entities = app.server.config["CORRIDOR_CONTEXT"].registry.entities
        countries, share = pick_countries(entities)
        client = app.server.test_client()
        posters = {
            name: make_poster(client, name, payload)
            for name, payload in scenarios(app, countries).items()
        }
        print(
            f"# size {size}: {len(entities)} entities, filter countries={countries} "
            f"({share:.1%} of records), app built in {build_s:.1f} s",
            file=sys.stderr,
            flush=True,
        )
        results = measure(posters, repeat, warmup=max(3, repeat // 10))
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    noop = results["no-op"]["p50"]
    return [
        {
            "size": size,
            "entities": len(entities),
            "action": name,
            **r,
            "ratio": r["p50"] / noop,
            "build_s": build_s,
            "countries": ",".join(countries),
            "share": share,
        }
        for name, r in results.items()
    ]


def print_table(rows: list[dict]) -> None:
    """Markdown table of the results."""
    print(
        "| size | entities | filter (share) | action: callback | n | p50 ms | p95 ms | bytes | "
        "p50 / no-op p50 |"
    )
    print("|---|---:|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['size']} | {r['entities']} | {r['countries']} ({r['share']:.1%}) | "
            f"{r['action']} | {r['n']} | {r['p50']:.2f} | {r['p95']:.2f} | {r['bytes']:,} | "
            f"{r['ratio']:.2f}x |"
        )
    print()
    print("| size | app build (load + validate + figure + analytics) s |")
    print("|---|---:|")
    for size in dict.fromkeys(r["size"] for r in rows):
        build_s = next(r["build_s"] for r in rows if r["size"] == size)
        print(f"| {size} | {build_s:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="shipped,10000,100000")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    print(f"# before: {cpu_pressure()}", file=sys.stderr)
    rows: list[dict] = []
    for size in (s.strip() for s in args.sizes.split(",") if s.strip()):
        rows += run_size(size, args.repeat)
    print(f"# after: {cpu_pressure()}", file=sys.stderr)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
