"""Read-only open data API (``/api/v1``): the registry under the same filters as the URL.

GeoJSON by default, CSV with ``format=csv``; CORS open for GET; unknown parameters or values
answer 400 with JSON naming them.
"""

from __future__ import annotations

import io
import json

import pandas as pd
from flask import Blueprint, Flask, Response, jsonify, request

from corridor_map import schema
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.http.openapi import openapi_document
from corridor_map.view_state import parse_view

API_PREFIX = "/api/v1"
FORMATS = ("geojson", "csv")
API_ONLY_KEYS = ("format",)


class BadRequestError(Exception):
    """A request the API refuses, with the JSON body that says why."""

    def __init__(self, body: dict):
        super().__init__(body.get("error", "bad request"))
        self.body = body


def _filter_state(context: AppContext) -> tuple[FilterState, str]:
    """Parse the request's query string strictly: anything unknown is a 400."""
    args = request.args.to_dict(flat=False)
    output = (args.pop("format", ["geojson"]) or ["geojson"])[-1]
    if output not in FORMATS:
        raise BadRequestError(
            {
                "error": "unknown format",
                "parameter": "format",
                "value": output,
                "expected": list(FORMATS),
            }
        )
    parsed = parse_view(args, context.sector_ids, context.registry.entities.index)
    dropped = parsed.dropped
    if dropped:
        raise BadRequestError(
            {
                "error": "unknown parameters or values",
                "problems": [
                    {"parameter": d.key, "value": d.value, "reason": d.reason} for d in dropped
                ],
            }
        )
    return parsed.view.filters, output


def _serialisable(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame[columns].copy()
    for name in out.columns:
        if str(out[name].dtype) == "Int64":
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def entity_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Entities in export form: the registry schema plus the computed ``in_corridor``."""
    return _serialisable(frame, [*schema.ENTITY_COLUMNS, "in_corridor"])


def link_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Links in export form: the registry schema plus computed flags and endpoint countries."""
    extra = ["from_country", "to_country", "cross_border", "outside_corridor"]
    return _serialisable(frame, [*schema.LINK_COLUMNS, *extra])


def to_csv(records: pd.DataFrame) -> str:
    """CSV with list fields joined as in the registry files."""
    flat = records.copy()
    for name, separator in (
        ("sectors", schema.LIST_SEPARATOR),
        ("sources", schema.SOURCE_SEPARATOR),
    ):
        flat[name] = flat[name].map(separator.join)
    buffer = io.StringIO()
    flat.to_csv(buffer, index=False)
    return buffer.getvalue()


def to_geojson(records: pd.DataFrame, geometry) -> str:
    """RFC 7946 FeatureCollection with list fields as JSON arrays."""
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "geometry": geom.__geo_interface__,
            "properties": {k: (list(v) if isinstance(v, tuple) else v) for k, v in row.items()},
        }
        for row, geom in zip(records.to_dict("records"), geometry, strict=True)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _respond(records: pd.DataFrame, geometry, output: str, name: str) -> Response:
    if output == "csv":
        response = Response(to_csv(records), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="corridor-{name}.csv"'
    else:
        response = Response(to_geojson(records, geometry), mimetype="application/geo+json")
        response.headers["Content-Disposition"] = f'inline; filename="corridor-{name}.geojson"'
    return response


def bad_request_json(error: BadRequestError):
    """Flask error handler: the 400 JSON body naming each unusable parameter."""
    return jsonify(error.body), 400


def open_cors(response: Response) -> Response:
    """Open data: any origin may read (GET only)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET"
    return response


def open_data_blueprint(name: str, url_prefix: str) -> Blueprint:
    """A blueprint of the read-only open data API: CORS open for GET, 400 JSON on bad input."""
    blueprint = Blueprint(name, __name__, url_prefix=url_prefix)
    blueprint.register_error_handler(BadRequestError, bad_request_json)
    blueprint.after_request(open_cors)
    return blueprint


def register_api(server: Flask, context: AppContext) -> None:
    """Mount the API blueprint on ``server``."""
    api = open_data_blueprint("api_v1", API_PREFIX)
    registry = context.registry

    @api.get("/entities")
    def entities():
        state, output = _filter_state(context)
        result = context.result(state)
        rows = registry.entities[result.entities]
        return _respond(entity_records(rows), rows.geometry, output, "records")

    @api.get("/links")
    def links():
        state, output = _filter_state(context)
        result = context.result(state)
        rows = registry.links[result.links]
        return _respond(link_records(rows), rows.geometry, output, "links")

    @api.get("/openapi.json")
    def openapi():
        return jsonify(openapi_document(list(context.sector_ids), registry.version))

    server.register_blueprint(api)

    @server.get("/healthz")
    def healthz():
        counts = registry.entities["kind"].value_counts().to_dict()
        return jsonify(
            {
                "status": "ok",
                "entities": len(registry.entities),
                "by_kind": counts,
                "links": len(registry.links),
                "data_version": registry.version,
            }
        )
