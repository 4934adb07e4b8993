"""Bad input gets a clear 4xx answer, never a 500 or a traceback.

Dash answers a malformed ``/_dash-update-component`` payload with an unhandled exception
(500). The payload's shape is checked before Dash sees it; an exception a callback raises on
values no page can send is answered as a 400. Tracebacks go to the server log only.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

CALLBACK_PATH = "/_dash-update-component"
log = logging.getLogger("corridor_map")


def _shape_problem(payload: object, known_outputs: set[str]) -> str | None:
    """Say what is wrong with a callback request body, or ``None`` if its shape is sound."""
    if not isinstance(payload, dict):
        return "body must be a JSON object"
    output = payload.get("output")
    if not isinstance(output, str) or output not in known_outputs:
        return "unknown or missing output"
    for key in ("inputs", "state"):
        items = payload.get(key, [])
        if not isinstance(items, list):
            return f"{key} must be a list"
        for item in items:
            entries = item if isinstance(item, list) else [item]  # pattern-matching inputs nest
            if not all(isinstance(e, dict) and "id" in e and "property" in e for e in entries):
                return f"each of {key} needs an id and a property"
    return None


def register_error_handlers(server: Flask, callback_map: dict) -> None:
    """Guard the callback endpoint and turn unexpected exceptions into clean JSON answers."""

    @server.before_request
    def check_callback_shape():
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        payload = request.get_json(silent=True)
        problem = _shape_problem(payload, set(callback_map))
        if problem:
            return jsonify({"error": "invalid callback request", "detail": problem}), 400
        return None

    @server.errorhandler(Exception)
    def handle_exception(error: Exception):
        if isinstance(error, HTTPException):
            return jsonify({"error": error.name, "detail": error.description}), error.code
        log.exception("error on %s %s", request.method, request.path)
        if request.path == CALLBACK_PATH:
            # Inputs no page of this app can produce (the shape was sound, the values not).
            return jsonify(
                {"error": "invalid callback request", "detail": "unusable input values"}
            ), 400
        return jsonify({"error": "internal error"}), 500
