"""The API's OpenAPI 3.1 document, generated from the same vocabularies the API enforces."""

from __future__ import annotations

from corridor_map import schema
from corridor_map.view_state import MAX_QUERY_LENGTH


def _list_parameter(name: str, values: list[str], description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"{description} Comma-separated; any of: {', '.join(values)}.",
        "schema": {"type": "string", "pattern": f"^({'|'.join(values)})(,({'|'.join(values)}))*$"},
        "style": "form",
    }


def openapi_document(sector_ids: list[str], data_version: str) -> dict:
    """Return the OpenAPI document for ``/api/v1``."""
    parameters = [
        _list_parameter("sector", sector_ids, "Sectors (controlled vocabulary)."),
        _list_parameter("country", list(schema.COUNTRIES), "Countries; CHN stands for Yunnan."),
        _list_parameter("kind", list(schema.ENTITY_KINDS), "Kinds of place."),
        _list_parameter(
            "status",
            list(schema.ENTITY_STATUSES),
            "Status of zones, parks and incubators (other kinds carry none and drop out).",
        ),
        {
            "name": "q",
            "in": "query",
            "description": (
                "Text searched in English, local-script and former names, city and operator."
            ),
            "schema": {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        },
        {
            "name": "id",
            "in": "query",
            "description": "An entity id (selection; does not filter).",
            "schema": {"type": "string"},
        },
        {
            "name": "format",
            "in": "query",
            "schema": {"type": "string", "enum": ["geojson", "csv"], "default": "geojson"},
        },
        {
            "name": "lang",
            "in": "query",
            "description": "Language of the page the link came from.",
            "schema": {"type": "string"},
        },
        {
            "name": "at",
            "in": "query",
            "description": (
                "Map centre and zoom of the page the link came from (latitude,longitude,zoom);"
                " accepted when valid, does not filter."
            ),
            "schema": {"type": "string", "examples": ["18.0000,102.6000,7.50"]},
        },
        {
            "name": "hide",
            "in": "query",
            "description": (
                "Map layers hidden on the page the link came from; accepted when known,"
                " does not filter."
            ),
            "schema": {"type": "string", "examples": ["links,admin1"]},
        },
    ]
    error = {
        "description": "Unknown parameter or value; the body names each.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    collection = {
        "200": {
            "description": "Matching records.",
            "content": {
                "application/geo+json": {
                    "schema": {"$ref": "#/components/schemas/FeatureCollection"}
                },
                "text/csv": {"schema": {"type": "string"}},
            },
        },
        "400": error,
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Corridor Map open data API",
            "version": "1.0.0",
            "description": (
                "R&D hubs, industrial zones, high-tech parks, focal points and project links "
                f"of the Lancang-Mekong Innovation Corridor. Data version {data_version}. "
                "Every record cites its sources."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/entities": {
                "get": {
                    "summary": "Entities matching the filters (same parameters as the map's URL).",
                    "parameters": parameters,
                    "responses": collection,
                }
            },
            "/links": {
                "get": {
                    "summary": (
                        "Project links that show under the filters: the sector matches "
                        "and one end matches."
                    ),
                    "parameters": parameters,
                    "responses": collection,
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {"type": "string"},
                        "problems": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "parameter": {"type": "string"},
                                    "value": {"type": "string"},
                                    "reason": {"type": "string"},
                                },
                            },
                        },
                    },
                },
                "FeatureCollection": {
                    "type": "object",
                    "required": ["type", "features"],
                    "properties": {
                        "type": {"const": "FeatureCollection"},
                        "features": {"type": "array", "items": {"type": "object"}},
                    },
                },
            }
        },
    }
