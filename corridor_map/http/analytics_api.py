"""Analytics in the open data API, and the province choropleth GeoJSON the map draws.

- ``/api/v1/analytics/network``: country × country matrix of cross-border links, per-record
  degree and betweenness, the most connected records.
- ``/api/v1/analytics/access``: the innovation-access gap per unit and per province.
- ``/api/v1/analytics/hub-zone``: every zone's nearest sector-matched R&D hub (and across a
  border), the gaps within ``radius_km``; JSON or CSV (``format=csv``).
- ``/api/v1/analytics/partners?id=…``: ranked partner candidates in other countries with
  their reasons and points; JSON or CSV. An unknown ``id`` answers 404 JSON.

Both take the same filter parameters as ``/api/v1/entities`` (``sector``, ``country``,
``kind``, ``q``, ``id``), parsed as strictly (unknown parameters or values answer 400 with
JSON naming them); they answer JSON only, so ``format`` is refused. Access depends on the
sector filter; ``country`` restricts the units and provinces reported.

``/analytics/access-provinces.geojson?sector=…&threshold=50&bin=0`` serves the provinces of
one choropleth class (see :func:`corridor_map.pages.explorer.analytics.choropleth_layers`);
``/analytics/hub-zone.geojson?sector=…&country=…&programme=…&radius_km=100&part=unlinked``
one layer of the "Where to cooperate" map mode
(:func:`corridor_map.pages.explorer.matching.matching_layers`).
"""

from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
from flask import Blueprint, Flask, Response, jsonify, request

from corridor_map.analytics import (
    CHOROPLETH_COLORS,
    HUB_ZONE_PARTS,
    THRESHOLDS_KM,
    analytics_for,
    coverage_text,
)
from corridor_map.analytics.access import AccessSummary
from corridor_map.analytics.matching import (
    COMPLEMENTARY_KINDS,
    DISTANCE_BANDS,
    POINTS_COMMON_PARTNER,
    POINTS_LINKED,
    POINTS_PER_SHARED_SECTOR,
    Coverage,
    reason_text,
    score_rule,
)
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
from corridor_map.http.api_params import (
    Param,
    api_parameters,
    check_params,
    matching_parameters,
)
from corridor_map.http.conditional import conditional, etag_for
from corridor_map.http.download_names import UTF8_BOM, attachment, download_name
from corridor_map.pages.explorer.analytics import CHOROPLETH_URL, COUNTRY_UNIT
from corridor_map.pages.explorer.matching import HUB_ZONE_URL
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


def _problem(parameter: str, value: str, reason: str) -> dict:
    return {"parameter": parameter, "value": value, "reason": reason}


def _matching_request(
    context: AppContext, route: str, extra: tuple[Param, ...] = ()
) -> tuple[ViewState, dict[str, float | str], str]:
    """Strictly parse a matching request against the one parameter table.

    Parameters
    ----------
    context
        The app context.
    route
        ``"hub-zone"`` or ``"partners"``: the route's parameters come from
        :func:`~corridor_map.http.api_params.matching_parameters`, the table the OpenAPI
        document is written from.
    extra
        Parameters of the map's own GeoJSON route beyond those (``part``).

    Returns
    -------
    view, values, output
        The view (``id`` not checked against the registry), the route's own values
        (``radius_km``, ``limit``, ``part``: numbers typed, defaults filled in), and the
        format.

    Raises
    ------
    BadRequestError
        Naming every unknown parameter and unusable value.
    """
    args = request.args.to_dict(flat=False)
    table = matching_parameters(
        route, context.sector_ids, context.registry.entities.index, context.programme_ids
    )
    if extra:  # the map's GeoJSON: no format, its layer instead
        table = [param for param in table if param.name != "format"]
    params = [*table, *extra]
    filters = {
        param.name for param in api_parameters(context.sector_ids, (), False, context.programme_ids)
    }
    own = [param for param in params if param.name not in filters]
    own_names = {param.name for param in own}
    if problems := check_params(args, params):
        raise BadRequestError({"error": "unknown parameters or values", "problems": problems})
    own_args = {name: args.pop(name) for name in list(args) if name in own_names}
    parsed = parse_view(args, context.sector_ids, None, programmes=context.programme_ids)
    if parsed.dropped:  # not expected once the values passed their schemas
        problems = [_problem(d.key, d.value, d.reason) for d in parsed.dropped]
        raise BadRequestError({"error": "unknown parameters or values", "problems": problems})
    values: dict[str, float | str] = {}
    for param in own:
        raw = (own_args.get(param.name) or [None])[-1]
        if raw is None:
            values[param.name] = param.default
        elif param.number == "integer":
            values[param.name] = int(raw.strip())
        elif param.number == "number":
            values[param.name] = float(raw.strip())
        else:
            values[param.name] = raw
    output = str(values.get("format") or "json")
    return parsed.view, values, output


def _csv_response(frame: pd.DataFrame, name: str) -> Response:
    """``frame`` as a UTF-8 CSV with a byte-order mark, downloaded as ``name``
    (:func:`~corridor_map.http.download_names.download_name`)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    response = Response(UTF8_BOM + buffer.getvalue(), mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = attachment(name)
    return response


def _hubs(names: pd.Series, ids, km, linked) -> list[dict | None]:
    """Per zone, its hub as ``{"id", "name", "distance_km", "linked"}`` (``None``: no hub)."""
    return [
        None
        if hub_id is None
        else {
            "id": hub_id,
            "name": names[hub_id],
            "distance_km": round(float(d), 2),
            "linked": bool(joined),
        }
        for hub_id, d, joined in zip(ids, km, linked, strict=True)
    ]


def hub_zone_document(
    context: AppContext, coverage: Coverage, programmes: tuple[str, ...] = (), lang: str = "en"
) -> dict:
    """JSON body of ``/api/v1/analytics/hub-zone``."""
    names = context.registry.entities["name"].to_dict()
    table = coverage.zones
    nearest = _hubs(names, table["hub_id"], table["hub_km"], table["hub_linked"])
    across = _hubs(names, table["cross_hub_id"], table["cross_km"], table["cross_linked"])
    zones = [
        {
            "id": zone_id,
            "name": names[zone_id],
            "kind": kind,
            "country": country,
            "sectors": list(sectors),
            "nearest_hub": hub,
            "nearest_cross_border_hub": cross,
            "gap": bool(gap),
        }
        for zone_id, kind, country, sectors, hub, cross, gap in zip(
            table.index,
            table["kind"],
            table["country"],
            table["sectors"],
            nearest,
            across,
            table["gap"],
            strict=True,
        )
    ]
    return {
        "filters": {
            "sector": list(coverage.sectors),
            "country": list(coverage.countries),
            "programme": list(programmes),
        },
        "applies": ["sector", "country", "programme"],
        "linked": "a project link joins the zone and the hub (only the chosen programmes' "
        "links count under a programme filter)",
        "radius_km": coverage.radius_km,
        "zone_kinds": ["industrial_zone", "hightech_park"],
        "hub_kind": "rd_hub",
        "match": "the hub shares at least one sector with the zone (only the filtered sectors "
        "count under a sector filter)",
        "distance": "geodesic (WGS 84), km",
        "gap": "no matching hub within radius_km",
        "summary": coverage_text(coverage, lang),
        "counts": {"zones": len(zones), "gaps": len(coverage.gap_ids)},
        "zones": zones,
        "gaps": coverage.gap_ids,
        "by_sector": coverage.by_sector.to_dict("records"),
        "by_unit": coverage.by_unit.to_dict("records"),
    }


def hub_zone_csv(context: AppContext, coverage: Coverage) -> pd.DataFrame:
    """One row per zone for the CSV download of the coverage."""
    names = context.registry.entities["name"]
    zones = coverage.zones.reset_index()
    return pd.DataFrame(
        {
            "id": zones["id"],
            "name": zones["id"].map(names),
            "kind": zones["kind"],
            "country": zones["country"],
            "sectors": zones["sectors"].map(";".join),
            "nearest_hub_id": zones["hub_id"],
            "nearest_hub_name": zones["hub_id"].map(names),
            "nearest_hub_km": zones["hub_km"].round(2).replace(math.inf, None),
            "nearest_hub_linked": zones["hub_linked"],
            "cross_border_hub_id": zones["cross_hub_id"],
            "cross_border_hub_name": zones["cross_hub_id"].map(names),
            "cross_border_hub_km": zones["cross_km"].round(2).replace(math.inf, None),
            "cross_border_hub_linked": zones["cross_linked"],
            "gap": zones["gap"],
            "radius_km": coverage.radius_km,
        }
    )


def scoring_document(lang: str = "en") -> dict:
    """The partner score's rule, as data and in words."""
    return {
        "rule": score_rule(lang),
        "points_per_shared_sector": POINTS_PER_SHARED_SECTOR,
        "complementary_kinds": [
            {"kinds": sorted(pair), "points": points}
            for pair, points in COMPLEMENTARY_KINDS.items()
        ],
        "distance_bands": [{"within_km": km, "points": points} for km, points in DISTANCE_BANDS],
        "already_linked": POINTS_LINKED,
        "common_partner": POINTS_COMMON_PARTNER,
    }


def partner_rows(context: AppContext, partners: pd.DataFrame, lang: str = "en") -> list[dict]:
    """Partner candidates as JSON-ready rows, each reason with its text."""
    names = context.registry.entities["name"].to_dict()
    return [
        {
            "rank": rank,
            "id": row["id"],
            "name": names[row["id"]],
            "kind": row["kind"],
            "country": row["country"],
            "distance_km": _number(row["distance_km"], 2),
            "shared_sectors": list(row["shared_sectors"]),
            "score": int(row["score"]),
            "reasons": [
                {**r.to_json(), "text": reason_text(r, lang, names)} for r in row["reasons"]
            ],
        }
        for rank, row in enumerate(partners.to_dict("records"), start=1)
    ]


def _partners_response(context: AppContext, view: ViewState, limit: int, output: str):
    """The partners answer for ``view.selected`` as JSON or CSV."""
    record_id = view.selected
    lang = view.lang or "en"
    programmes = tuple(sorted(view.filters.programmes))
    found = analytics_for(context).partners(record_id, limit, programmes)
    rows = partner_rows(context, found, lang)
    if output == "csv":
        table = pd.DataFrame(
            [
                {
                    **{k: v for k, v in row.items() if k != "reasons"},
                    "shared_sectors": ";".join(row["shared_sectors"]),
                    "reasons": " | ".join(r["text"] for r in row["reasons"]),
                }
                for row in rows
            ],
            columns=[
                "rank",
                "id",
                "name",
                "kind",
                "country",
                "distance_km",
                "shared_sectors",
                "score",
                "reasons",
            ],
        )
        name = download_name(view.filters, "csv", subject="partners", selected=record_id)
        return _csv_response(table, name)
    return jsonify(
        {
            "id": record_id,
            "name": context.registry.entities.at[record_id, "name"],
            "filters": {"programme": list(programmes)},
            "applies": ["programme"],
            "limit": limit,
            "candidates": "R&D hubs, zones and high-tech parks in other countries that "
            "share a sector with the record or are tied to it",
            "scoring": scoring_document(lang),
            "partners": rows,
        }
    )


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

    @api.get("/hub-zone")
    def hub_zone():
        view, values, output = _matching_request(context, "hub-zone")
        radius = float(values["radius_km"])

        def build():
            coverage = analytics_for(context).coverage_for(view.filters, radius)
            if output == "csv":
                name = download_name(view.filters, "csv", subject="hub-zone")
                return _csv_response(hub_zone_csv(context, coverage), name)
            programmes = view.filters.canonical(context.sector_ids).programmes
            return jsonify(hub_zone_document(context, coverage, programmes, view.lang or "en"))

        day = dt.datetime.now(dt.UTC).date().isoformat()  # the file name's date
        tag = etag_for(version, request.path, view.query(), f"{radius:g}", output, day)
        return conditional(tag, build, API_MAX_AGE)

    @api.get("/partners")
    def partners():
        view, values, output = _matching_request(context, "partners")
        record_id = view.selected
        if not record_id:
            raise BadRequestError(
                {
                    "error": "unknown parameters or values",
                    "problems": [_problem("id", "", "required: the record to find partners for")],
                }
            )
        if record_id not in context.registry.entities.index:
            return jsonify({"error": "unknown id", "id": record_id[:80]}), 404
        limit = int(values["limit"])

        def build():
            return _partners_response(context, view, limit, output)

        day = dt.datetime.now(dt.UTC).date().isoformat()  # the file name's date
        tag = etag_for(version, request.path, view.query(), str(limit), output, day)
        return conditional(tag, build, API_MAX_AGE)

    @geo.get(HUB_ZONE_URL)
    def hub_zone_geojson():
        part = Param(
            "part", "Layer of the map mode.", enum=HUB_ZONE_PARTS, default=HUB_ZONE_PARTS[0]
        )
        view, values, _ = _matching_request(context, "hub-zone", (part,))
        state = view.filters.canonical(context.sector_ids)
        radius = float(values["radius_km"])
        part_name = str(values["part"])

        def build():
            body = analytics_for(context).hub_zone_geojson(
                state.sectors, state.countries, radius, state.programmes, part_name
            )
            return Response(body, mimetype="application/geo+json")

        tag = etag_for(version, request.path, view.query(), f"{radius:g}", part_name)
        return conditional(tag, build, CHOROPLETH_MAX_AGE)

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
