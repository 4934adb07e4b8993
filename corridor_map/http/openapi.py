"""The API's OpenAPI 3.1 document, generated from the same parameter table the API enforces.

Every route of the open data API is described, and ``/healthz``; paths are absolute (the
server is the app's root). Parameters come from :mod:`corridor_map.http.api_params`, which
also checks them, so the document and the behaviour agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from corridor_map.http.api_params import Param, api_parameters

API_PREFIX = "/api/v1"


def _parameters(params: Iterable[Param]) -> list[dict]:
    return [
        {
            "name": param.name,
            "in": "query",
            "required": False,
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
    sector_ids: list[str], data_version: str, entity_ids: Iterable[str] = ()
) -> dict:
    """Return the OpenAPI document of the open data API and ``/healthz``.

    Parameters
    ----------
    sector_ids, entity_ids
        The registry's vocabularies (``id`` accepts only known records).
    data_version
        Printed in the description.
    """
    entity_ids = list(entity_ids)
    collection_params = _parameters(api_parameters(sector_ids, entity_ids, formats=True))
    analytics_params = _parameters(api_parameters(sector_ids, entity_ids, formats=False))
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
                },
                analytics_params,
            ),
            f"{API_PREFIX}/analytics/access": get(
                "The innovation-access gap per unit and province (sector and country apply).",
                {"200": _json("Access", "The access summary."), "304": NOT_MODIFIED, "400": ERROR},
                analytics_params,
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
