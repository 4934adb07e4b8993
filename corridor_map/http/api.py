"""Read-only open data API (``/api/v1``): the registry under the same filters as the URL.

GeoJSON by default, CSV with ``format=csv``; CORS open for GET; unknown parameters or values
answer 400 with JSON naming them.

Each record's GeoJSON feature and CSV row are serialised once at start-up
(:class:`Fragments`); a request filters, then joins the fragments of the matching records.
Responses carry an ETag made of the data version and the canonical parameters, and a
``Cache-Control`` fit for shared caches; a request naming that ETag gets a 304.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from flask import Blueprint, Flask, Response, jsonify, request

from corridor_map import schema
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.http.api_params import api_parameters, check_params
from corridor_map.http.conditional import conditional, etag_for
from corridor_map.http.download_names import UTF8_BOM, attachment, download_name
from corridor_map.http.openapi import API_PREFIX, openapi_document
from corridor_map.i18n import REFERENCE_LANG, translate
from corridor_map.map.figure import country_label
from corridor_map.view_state import ViewState, parse_view

#: Seconds browsers and shared caches may reuse an API answer (the data changes by deploy).
API_MAX_AGE = 300
#: The data versions each record carries (versions.csv): first seen, last changed.
VERSION_FIELDS = ("added", "changed")
MEDIA = {"geojson": "application/geo+json", "csv": "text/csv"}


class BadRequestError(Exception):
    """A request the API refuses, with the JSON body that says why."""

    def __init__(self, body: dict):
        super().__init__(body.get("error", "bad request"))
        self.body = body


def _filter_state(context: AppContext, formats: bool = True) -> tuple[FilterState, str]:
    """The request's filters and output format (see :func:`_request_view`)."""
    view, output = _request_view(context, formats)
    return view.filters, output


def _request_view(context: AppContext, formats: bool = True) -> tuple[ViewState, str]:
    """Parse the request's query string strictly: anything the document does not allow is a 400.

    Parameters
    ----------
    context
        Vocabularies and record ids.
    formats
        Whether ``format`` is a parameter of this route.
    """
    args = request.args.to_dict(flat=False)
    params = api_parameters(
        context.sector_ids, context.registry.entities.index, formats, context.programme_ids
    )
    if problems := check_params(args, params):
        raise BadRequestError({"error": "unknown parameters or values", "problems": problems})
    output = (args.pop("format", ["geojson"]) or ["geojson"])[-1]
    parsed = parse_view(
        args,
        context.sector_ids,
        context.registry.entities.index,
        programmes=context.programme_ids,
    )
    if dropped := parsed.dropped:  # not expected once the values passed their schemas
        raise BadRequestError(
            {
                "error": "unknown parameters or values",
                "problems": [d.problem() for d in dropped],
            }
        )
    return parsed.view, output


def _serialisable(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame[columns].copy()
    for name in out.columns:
        if str(out[name].dtype) == "Int64":
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def _sector_labels(sectors, lang: str) -> str:
    return "; ".join(translate(f"sector.{s}", lang) for s in sectors)


def entity_records(frame: pd.DataFrame, lang: str = REFERENCE_LANG) -> pd.DataFrame:
    """Entities in export form: the registry schema, the computed ``in_corridor``, the data
    versions ``added`` and ``changed``, then labels in ``lang`` beside the codes (kind,
    country, sectors, status)."""
    out = _serialisable(frame, [*schema.ENTITY_COLUMNS, "in_corridor", *VERSION_FIELDS])
    rows = frame.to_dict("records")
    out["kind_label"] = [translate(f"kind.{k}", lang) for k in frame["kind"]]
    out["country_label"] = [country_label(row, lang) for row in rows]
    out["sectors_label"] = [_sector_labels(s, lang) for s in frame["sectors"]]
    out["status_label"] = [
        translate(f"entity_status.{s}", lang) if isinstance(s, str) and s else ""
        for s in frame["status"]
    ]
    return out


def link_records(
    frame: pd.DataFrame, lang: str = REFERENCE_LANG, names: pd.Series | None = None
) -> pd.DataFrame:
    """Links in export form: the registry schema, computed flags and endpoint countries, then
    labels in ``lang`` (kind, status, sectors) and, given ``names`` (entity id -> name), the
    names of both ends."""
    extra = ["from_country", "to_country", "cross_border", "outside_corridor", *VERSION_FIELDS]
    out = _serialisable(frame, [*schema.LINK_COLUMNS, *extra])
    out["kind_label"] = [translate(f"link_kind.{k}", lang) for k in frame["kind"]]
    out["status_label"] = [translate(f"status.{s}", lang) for s in frame["status"]]
    out["sectors_label"] = [_sector_labels(s, lang) for s in frame["sectors"]]
    if names is not None:
        out["from_name"] = frame["from_id"].map(names).fillna("").to_numpy()
        out["to_name"] = frame["to_id"].map(names).fillna("").to_numpy()
    return out


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


@dataclass(frozen=True)
class Fragments:
    """Every record serialised once: GeoJSON features and CSV rows, in registry order.

    Attributes
    ----------
    features, rows
        One string per record (a Feature object; a CSV line with its line ending).
    header
        The CSV header line.
    """

    features: np.ndarray
    rows: np.ndarray
    header: str

    @classmethod
    def build(cls, records: pd.DataFrame, geometry) -> Fragments:
        """Serialise ``records`` (export form) and their ``geometry``."""
        collection = json.loads(to_geojson(records, geometry))
        features = [json.dumps(f, ensure_ascii=False) for f in collection["features"]]
        header = to_csv(records.iloc[:0])
        rows = [to_csv(records.iloc[[i]])[len(header) :] for i in range(len(records))]
        return cls(np.array(features, dtype=object), np.array(rows, dtype=object), header)

    def body(self, mask: np.ndarray, output: str) -> str:
        """The GeoJSON or CSV document of the records selected by the boolean ``mask``."""
        if output == "csv":
            return self.header + "".join(self.rows[mask])
        features = ",".join(self.features[mask])
        return f'{{"type": "FeatureCollection", "features": [{features}]}}'


def _respond(fragments: Fragments, mask: np.ndarray, output: str, name: str) -> Response:
    """The document of the ``mask``-ed records; a CSV starts with a UTF-8 byte-order mark
    (so spreadsheets read Lao, Khmer and Chinese names right) and is an attachment."""
    body = fragments.body(mask, output)
    if output == "csv":
        response = Response(UTF8_BOM + body, mimetype=MEDIA[output])
        response.charset = "utf-8"
    else:
        response = Response(body, mimetype=MEDIA[output])
    response.headers["Content-Disposition"] = attachment(name, inline=output != "csv")
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
    entities_frame = registry.entities
    names = entities_frame["name"]

    @cache
    def fragments(part: str, lang: str) -> Fragments:
        # One serialisation per part and shipped language (labels), made on first use.
        if part == "entities":
            return Fragments.build(entity_records(entities_frame, lang), entities_frame.geometry)
        links = registry.links
        return Fragments.build(link_records(links, lang, names), links.geometry)

    fragments("entities", REFERENCE_LANG)
    fragments("links", REFERENCE_LANG)

    def collection(part: str) -> Response:
        view, output = _request_view(context)
        state = view.filters
        lang = view.lang or REFERENCE_LANG
        today = dt.datetime.now(dt.UTC).date()
        name = download_name(state, output, subject="" if part == "entities" else part, today=today)

        def build() -> Response:
            mask = getattr(context.result(state), part)
            return _respond(fragments(part, lang), mask, output, name)

        query = ViewState(state, lang=lang).query()
        tag = etag_for(registry.version, request.path, output, query, today.isoformat())
        return conditional(tag, build, API_MAX_AGE)

    @api.get("/entities")
    def entities():
        return collection("entities")

    @api.get("/links")
    def links():
        return collection("links")

    @api.get("/openapi.json")
    def openapi():
        document = openapi_document(
            list(context.sector_ids),
            registry.version,
            registry.entities.index,
            context.programme_ids,
        )
        tag = etag_for(registry.version, request.path)
        return conditional(tag, lambda: jsonify(document), API_MAX_AGE)

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
