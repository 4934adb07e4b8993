"""Analytics in the open data API, and the province choropleth GeoJSON the map draws.

- ``/api/v1/analytics/network``: country × country matrix of cross-border links, per-record
  degree and betweenness, the most connected records.
- ``/api/v1/analytics/access``: the innovation-access gap per unit and per province.

Both take the same filter parameters as ``/api/v1/entities`` (``sector``, ``country``,
``kind``, ``q``, ``id``), parsed as strictly (unknown parameters or values answer 400 with
JSON naming them); they answer JSON only, so ``format`` is refused. Access depends on the
sector filter; ``country`` restricts the units and provinces reported.

``/analytics/access-provinces.geojson?sector=…&threshold=50&bin=0`` serves the provinces of
one choropleth class (see :func:`corridor_map.pages.explorer.analytics.choropleth_layers`).
"""

from __future__ import annotations

import math

from flask import Blueprint, Flask, Response, jsonify, request

from corridor_map.analytics import CHOROPLETH_COLORS, THRESHOLDS_KM, analytics_for
from corridor_map.analytics.access import AccessSummary
from corridor_map.analytics.network import NetworkSummary
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.http.api import (
    API_MAX_AGE,
    API_PREFIX,
    BadRequestError,
    _filter_state,
    bad_request_json,
    open_data_blueprint,
)
from corridor_map.http.conditional import conditional, etag_for
from corridor_map.pages.explorer.analytics import CHOROPLETH_URL, COUNTRY_UNIT
from corridor_map.view_state import ViewState, parse_view

#: The choropleth files change only with a deploy (like the base map).
CHOROPLETH_MAX_AGE = 3600
CREDIT_PLACES = "Places: GeoNames (geonames.org), CC BY 4.0"


def _number(value, digits: int = 4):
    """A JSON-safe float (``None`` for NaN and infinity)."""
    value = float(value)
    return round(value, digits) if math.isfinite(value) else None


def _state(context: AppContext) -> FilterState:
    """Strictly parsed filters of the request (JSON only: ``format`` is not a parameter)."""
    state, _ = _filter_state(context, formats=False)
    return state


def _filters(state: FilterState) -> dict:
    return {
        "sector": list(state.sectors),
        "country": list(state.countries),
        "kind": list(state.kinds),
        "q": state.query,
    }


def network_document(context: AppContext, summary: NetworkSummary, state: FilterState) -> dict:
    """JSON body of ``/api/v1/analytics/network``."""
    entities = context.registry.entities
    matrix = summary.matrix
    codes = list(matrix.index)
    pairs = [
        {"a": a, "b": b, "links": int(matrix.at[a, b])}
        for i, a in enumerate(codes)
        for b in codes[i + 1 :]
        if matrix.at[a, b]
    ]
    records = [
        {
            "id": record_id,
            "name": entities.at[record_id, "name"] if record_id in entities.index else None,
            "country": entities.at[record_id, "country"] if record_id in entities.index else None,
            "degree": int(row["degree"]),
            "betweenness": _number(row["betweenness"], 6),
        }
        for record_id, row in summary.scores.iterrows()
    ]
    return {
        "filters": _filters(state),
        "links_shown": summary.links_shown,
        "cross_border_links": summary.cross_border,
        "countries": codes,
        "matrix": matrix.to_numpy().tolist(),
        "matrix_note": "Cross-border links per country pair, each counted once (upper "
        "triangle, row = the pair's first country in 'countries'); sums to "
        "cross_border_links.",
        "pairs": sorted(pairs, key=lambda p: -p["links"]),
        "most_connected": records[: len(summary.top)],
        "records": records,
    }


def _gap_records(table, units: set[str] | None) -> list[dict]:
    rows = []
    for record in table.to_dict("records"):
        if units is not None and record["unit"] not in units:
            continue
        row = {k: record[k] for k in ("unit", "admin1") if k in record}
        row["places"] = int(record["places"])
        row["population"] = int(record["population"])
        for km in THRESHOLDS_KM:
            row[f"share_beyond_{km}km"] = _number(record[f"share_beyond_{km}km"])
        row["median_km"] = _number(record["median_km"], 2)
        rows.append(row)
    return rows


def access_document(summary: AccessSummary, state: FilterState) -> dict:
    """JSON body of ``/api/v1/analytics/access``."""
    units = {COUNTRY_UNIT[c] for c in state.countries} if state.countries else None
    return {
        "filters": _filters(state),
        "applies": ["sector", "country"],
        "hubs": summary.hubs,
        "hub_kinds": ["rd_hub", "hightech_park"],
        "thresholds_km": list(THRESHOLDS_KM),
        "distance": "geodesic (WGS 84) to the nearest hub or park meeting the sector filter",
        "median": "population-weighted (lower) median distance, km",
        "overall": _gap_records(summary.overall, None)[0],
        "units": _gap_records(summary.units, units),
        "provinces": _gap_records(summary.provinces, units),
        "credit": CREDIT_PLACES,
    }


def _choropleth_request(context: AppContext) -> tuple[tuple[str, ...], int, int]:
    args = request.args.to_dict(flat=False)
    problems = []
    threshold = (args.pop("threshold", [""]) or [""])[-1]
    bin_ = (args.pop("bin", [""]) or [""])[-1]
    if threshold not in {str(km) for km in THRESHOLDS_KM}:
        problems.append({"parameter": "threshold", "value": threshold, "reason": "unknown value"})
    if bin_ not in {str(b) for b in range(len(CHOROPLETH_COLORS))}:
        problems.append({"parameter": "bin", "value": bin_, "reason": "unknown value"})
    sector_raw = args.pop("sector", [])
    parsed = parse_view({"sector": sector_raw}, context.sector_ids)
    state, dropped = parsed.view.filters, parsed.dropped
    problems += [{"parameter": d.key, "value": d.value, "reason": d.reason} for d in dropped]
    problems += [
        {"parameter": key, "value": ",".join(values), "reason": "unknown parameter"}
        for key, values in args.items()
    ]
    if problems:
        raise BadRequestError({"error": "unknown parameters or values", "problems": problems})
    return state.sectors, int(threshold), int(bin_)


def register_analytics_api(server: Flask, context: AppContext) -> None:
    """Mount the analytics API routes and the choropleth GeoJSON route on ``server``."""
    api = open_data_blueprint("api_v1_analytics", f"{API_PREFIX}/analytics")
    # The choropleth files are for the app's own map: 400 JSON on bad input, no CORS.
    geo = Blueprint("analytics_geojson", __name__)
    geo.register_error_handler(BadRequestError, bad_request_json)

    version = context.registry.version

    @api.get("/network")
    def network():
        state = _state(context)

        def build():
            summary = analytics_for(context).network_for(state)
            return jsonify(network_document(context, summary, state))

        return conditional(
            etag_for(version, request.path, ViewState(state).query()), build, API_MAX_AGE
        )

    @api.get("/access")
    def access():
        state = _state(context)

        def build():
            summary = analytics_for(context).access_for(state)
            return jsonify(access_document(summary, state))

        return conditional(
            etag_for(version, request.path, ViewState(state).query()), build, API_MAX_AGE
        )

    @geo.get(CHOROPLETH_URL)
    def access_provinces():
        sectors, threshold, bin_ = _choropleth_request(context)

        def build():
            body = analytics_for(context).province_geojson(sectors, threshold, bin_)
            return Response(body, mimetype="application/geo+json")

        tag = etag_for(version, request.path, ",".join(sectors), str(threshold), str(bin_))
        return conditional(tag, build, CHOROPLETH_MAX_AGE)

    server.register_blueprint(api)
    server.register_blueprint(geo)
