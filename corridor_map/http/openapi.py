"""The API's OpenAPI 3.1 document, generated from the same parameter table the API enforces.

Every route of the open data API is described, and ``/healthz``; paths are absolute (the
server is the app's root). Parameters come from :mod:`corridor_map.http.api_params`, which
also checks them, so the document and the behaviour agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from corridor_map.http.api_params import Param, api_parameters, matching_parameters

API_PREFIX = "/api/v1"


def _parameters(params: Iterable[Param], required: tuple[str, ...] = ()) -> list[dict]:
    return [
        {
            "name": param.name,
            "in": "query",
            "required": param.name in required,
            "description": param.description,
            "schema": param.schema(),
            "style": "form",
            "explode": False,
        }
        for param in params
    ]


def _json(schema_ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


ERROR = _json("Error", "A parameter or value the document does not allow; the body names it.")
NOT_MODIFIED = {"description": "Not modified: If-None-Match named the current ETag."}
#: gunicorn refuses a request line over its limit (``limit_request_line``, gunicorn.conf.py).
URI_TOO_LONG = {"description": "The request line is longer than the server accepts."}


def _object(required: list[str], **properties: dict) -> dict:
    return {"type": "object", "required": required, "properties": properties}


SCHEMAS = {
    "Error": _object(
        ["error"],
        error={"type": "string"},
        problems={
            "type": "array",
            "items": _object(
                [],
                parameter={"type": "string"},
                value={"type": "string"},
                reason={"type": "string"},
            ),
        },
    ),
    "FeatureCollection": _object(
        ["type", "features"],
        type={"const": "FeatureCollection"},
        features={
            "type": "array",
            "items": _object(
                ["type", "id", "geometry", "properties"],
                type={"const": "Feature"},
                id={"type": "string"},
                geometry={"type": "object"},
                properties={"type": "object"},
            ),
        },
    ),
    "Filters": _object(
        ["sector", "country", "kind", "q"],
        sector={"type": "array", "items": {"type": "string"}},
        country={"type": "array", "items": {"type": "string"}},
        kind={"type": "array", "items": {"type": "string"}},
        q={"type": "string"},
    ),
    "Network": _object(
        [
            "filters",
            "links_shown",
            "cross_border_links",
            "countries",
            "matrix",
            "pairs",
            "most_connected",
            "records",
        ],
        filters={"$ref": "#/components/schemas/Filters"},
        links_shown={"type": "integer", "minimum": 0},
        cross_border_links={"type": "integer", "minimum": 0},
        countries={"type": "array", "items": {"type": "string"}},
        matrix={"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        pairs={"type": "array", "items": {"type": "object"}},
        most_connected={"type": "array", "items": {"type": "object"}},
        records={"type": "array", "items": {"type": "object"}},
    ),
    "Access": _object(
        ["filters", "applies", "hubs", "thresholds_km", "overall", "units", "provinces"],
        filters={"$ref": "#/components/schemas/Filters"},
        applies={"type": "array", "items": {"type": "string"}},
        hubs={"type": "integer", "minimum": 0},
        thresholds_km={"type": "array", "items": {"type": "integer"}},
        overall={"type": "object"},
        units={"type": "array", "items": {"type": "object"}},
        provinces={"type": "array", "items": {"type": "object"}},
    ),
    "Health": _object(
        ["status", "entities", "by_kind", "links", "data_version"],
        status={"const": "ok"},
        entities={"type": "integer", "minimum": 0},
        by_kind={"type": "object", "additionalProperties": {"type": "integer"}},
        links={"type": "integer", "minimum": 0},
        data_version={"type": "string"},
    ),
    "OpenAPI": _object(["openapi", "info", "paths"], openapi={"type": "string"}),
}


def openapi_document(
    sector_ids: list[str],
    data_version: str,
    entity_ids: Iterable[str] = (),
    programme_ids: Iterable[str] = (),
) -> dict:
    """Return the OpenAPI document of the open data API and ``/healthz``.

    Parameters
    ----------
    sector_ids, entity_ids
        The registry's vocabularies (``id`` accepts only known records).
    data_version
        Printed in the description.
    programme_ids
        Programmes the links name (``programme`` accepts these).
    """
    entity_ids = list(entity_ids)
    programme_ids = list(programme_ids)
    collection_params = _parameters(api_parameters(sector_ids, entity_ids, True, programme_ids))
    analytics_params = _parameters(api_parameters(sector_ids, entity_ids, False, programme_ids))
    hub_zone_params = _parameters(
        matching_parameters("hub-zone", sector_ids, entity_ids, programme_ids)
    )
    partner_params = _parameters(
        matching_parameters("partners", sector_ids, entity_ids, programme_ids), ("id",)
    )
    analysis = {
        "description": "The analysis as JSON, or as a CSV download with format=csv.",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
    collection = {
        "200": {
            "description": "Matching records (GeoJSON, or CSV with format=csv).",
            "content": {
                "application/geo+json": {
                    "schema": {"$ref": "#/components/schemas/FeatureCollection"}
                },
                "text/csv": {"schema": {"type": "string"}},
            },
        },
        "304": NOT_MODIFIED,
        "400": ERROR,
        "414": URI_TOO_LONG,
    }

    def get(summary: str, responses: dict, parameters: list | None = None) -> dict:
        operation = {"summary": summary, "responses": responses}
        if parameters is not None:
            operation["parameters"] = parameters
        return {"get": operation}

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Corridor Map open data API",
            "version": "1.0.0",
            "description": (
                "R&D hubs, industrial zones, high-tech parks, focal points and project links "
                f"of the Lancang-Mekong Innovation Corridor. Data version {data_version}. "
                "Every record cites its sources. Responses carry an ETag (data version and "
                "canonical parameters) and may be cached by shared caches."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/"}],
        "paths": {
            f"{API_PREFIX}/entities": get(
                "Entities matching the filters (same parameters as the map's URL).",
                collection,
                collection_params,
            ),
            f"{API_PREFIX}/links": get(
                "Project links that show under the filters: the sector matches and one end "
                "matches.",
                collection,
                collection_params,
            ),
            f"{API_PREFIX}/analytics/network": get(
                "Cross-border links per country pair, and each record's degree and "
                "betweenness, under the filters.",
                {
                    "200": _json("Network", "The network summary."),
                    "304": NOT_MODIFIED,
                    "400": ERROR,
                    "414": URI_TOO_LONG,
                },
                analytics_params,
            ),
            f"{API_PREFIX}/analytics/access": get(
                "The innovation-access gap per unit and province (sector and country apply).",
                {
                    "200": _json("Access", "The access summary."),
                    "304": NOT_MODIFIED,
                    "400": ERROR,
                    "414": URI_TOO_LONG,
                },
                analytics_params,
            ),
            f"{API_PREFIX}/analytics/hub-zone": get(
                "Hub–zone coverage: for every industrial zone and high-tech park, the nearest "
                "R&D hub sharing a sector and the nearest such hub in another country "
                "(geodesic km, linked by a project or not); zones with no such hub within "
                "radius_km are gaps, counted by sector and country. Sector, country and "
                "programme apply.",
                {"200": analysis, "304": NOT_MODIFIED, "400": ERROR, "414": URI_TOO_LONG},
                hub_zone_params,
            ),
            f"{API_PREFIX}/analytics/partners": get(
                "Ranked partner candidates in other countries for one record (id), each with "
                "its reasons and points; the score is the sum of the points (rule in "
                "'scoring'). Programme applies.",
                {
                    "200": analysis,
                    "304": NOT_MODIFIED,
                    "400": ERROR,
                    "414": URI_TOO_LONG,
                    "404": _json("Error", "No record has this id."),
                },
                partner_params,
            ),
            f"{API_PREFIX}/openapi.json": get(
                "This document.",
                {"200": _json("OpenAPI", "The OpenAPI document."), "304": NOT_MODIFIED},
                [],
            ),
            "/healthz": get(
                "Liveness and the loaded data's counts and version.",
                {"200": _json("Health", "The app is up.")},
                [],
            ),
        },
        "components": {"schemas": SCHEMAS},
    }
