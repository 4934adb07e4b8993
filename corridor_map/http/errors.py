"""Bad input gets a clear 4xx answer, never a 500 or a traceback.

Dash answers a malformed ``/_dash-update-component`` payload with an unhandled exception
(500). The payload's shape is checked before Dash sees it; an exception a callback raises on
values no page can send is answered as a 400. A rejected request writes one log line (the
access log's, plus one warning for a callback that raised), never a traceback; only a real
server error (500) logs its traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Container

from dash.exceptions import DependencyException
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, NotFound, SecurityError

from corridor_map.http.limits import MAX_CALLBACK_ITEMS, value_problem

CALLBACK_PATH = "/_dash-update-component"
log = logging.getLogger("corridor_map")


def _shape_problem(
    payload: object, known_outputs: Container[str], language_stores: Container[str] = frozenset()
) -> str | None:
    """Say what is wrong with a callback request body, or ``None`` if it is usable.

    Parameters
    ----------
    payload
        The decoded JSON body.
    known_outputs
        The app's callback outputs (``Dash.callback_map`` itself: callbacks added later
        count too).
    language_stores
        Ids of the stores holding the page language (their value must be a shipped one).
    """
    if not isinstance(payload, dict):
        return "body must be a JSON object"
    output = payload.get("output")
    if not isinstance(output, str) or output not in known_outputs:
        return "unknown or missing output"
    count = 0
    for key in ("inputs", "state"):
        items = payload.get(key, [])
        if not isinstance(items, list):
            return f"{key} must be a list"
        for item in items:
            entries = item if isinstance(item, list) else [item]  # pattern-matching inputs nest
            if not all(isinstance(e, dict) and "id" in e and "property" in e for e in entries):
                return f"each of {key} needs an id and a property"
            count += len(entries)
            if count > MAX_CALLBACK_ITEMS:
                return f"more than {MAX_CALLBACK_ITEMS} inputs and states"
            for entry in entries:
                if problem := value_problem(entry, language_stores):
                    return problem
    return None


def register_error_handlers(
    server: Flask, callback_map: dict, language_stores: set[str] = frozenset()
) -> None:
    """Guard the callback endpoint and turn unexpected exceptions into clean JSON answers.

    Parameters
    ----------
    server
        The Flask app.
    callback_map
        ``Dash.callback_map``: the outputs a callback request may name.
    language_stores
        Ids of the ``dcc.Store`` components holding the page language.
    """

    stores = frozenset(language_stores)

    @server.before_request
    def check_callback_shape():
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        payload = request.get_json(silent=True)
        problem = _shape_problem(payload, callback_map, stores)
        if problem:
            return jsonify({"error": "invalid callback request", "detail": problem}), 400
        return None

    @server.errorhandler(Exception)
    def handle_exception(error: Exception):
        if isinstance(error, DependencyException):
            error = NotFound()  # a component-suite path Dash does not serve
        if isinstance(error, SecurityError):
            # Werkzeug's message repeats the untrusted Host: never echo it.
            return jsonify({"error": "Bad Request", "detail": "untrusted Host header"}), 400
        if isinstance(error, HTTPException):
            response = jsonify({"error": error.name, "detail": error.description})
            response.status_code = error.code or 500
            for name, value in error.get_headers():
                if name.lower() != "content-type":
                    response.headers[name] = value  # e.g. Allow on a 405
            return response
        if request.path == CALLBACK_PATH:
            # Inputs no page of this app can produce (the shape was sound, the values not).
            detail = " ".join(str(error).split())[:200]
            log.warning("rejected callback: %s: %s", type(error).__name__, detail)
            return jsonify(
                {"error": "invalid callback request", "detail": "unusable input values"}
            ), 400
        log.exception("error on %s %s", request.method, request.path)
        return jsonify({"error": "internal error"}), 500
