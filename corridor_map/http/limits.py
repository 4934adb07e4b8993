"""Request limits that answer clearly: bodies, query strings and callback values.

Every limit here is far above what the app's own pages send (a callback body is a few KB, a
shared view's query string a few hundred bytes), so only hostile or broken clients meet one.

- A body over :data:`MAX_BODY_BYTES` answers 413 before it is read.
- A query string over :data:`MAX_QUERY_BYTES` or with more than :data:`MAX_QUERY_PARAMS`
  parameters (or :data:`MAX_QUERY_VALUES` comma-separated values) answers 400 with JSON
  naming the limit. The same bounds apply to a URL search sent inside a callback
  (``dcc.Location.search``), which also bounds the notices a page can list.
- :func:`value_problem` bounds every callback value in depth, size and string length, and
  accepts in a language store only the code of a shipped catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from flask import Flask, jsonify, request

from corridor_map.i18n import is_language

MAX_BODY_BYTES = 256 * 1024
MAX_QUERY_BYTES = 4096
MAX_QUERY_PARAMS = 32
MAX_QUERY_VALUES = 128
#: Longest string anywhere in a callback value (a URL with its query string fits).
MAX_STRING = 4096
#: Deepest nesting of a callback value (Plotly's clickData is 4 levels deep).
MAX_DEPTH = 8
#: Most scalars and containers in one callback value.
MAX_NODES = 5000
#: Most inputs and states in one callback request (pattern-matching ones count each match).
MAX_CALLBACK_ITEMS = 256


class LimitError(Exception):
    """A request over one of the limits; ``body`` is the 400 JSON that names it."""

    def __init__(self, limit: str, maximum: int, detail: str):
        super().__init__(detail)
        self.body = {
            "error": "request over a limit",
            "limit": limit,
            "max": maximum,
            "detail": detail,
        }


def check_query(query: str, where: str = "query string") -> None:
    """Raise :class:`LimitError` if ``query`` is too long or has too many parameters/values."""
    if len(query) > MAX_QUERY_BYTES:
        raise LimitError("max_query_bytes", MAX_QUERY_BYTES, f"{where} is too long")
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)
    if len(pairs) > MAX_QUERY_PARAMS:
        raise LimitError("max_query_params", MAX_QUERY_PARAMS, f"{where} has too many parameters")
    if sum(value.count(",") + 1 for _, value in pairs) > MAX_QUERY_VALUES:
        raise LimitError("max_query_values", MAX_QUERY_VALUES, f"{where} has too many values")


def _walk(value: object, depth: int = 0) -> Iterable[tuple[object, int]]:
    yield value, depth
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, depth + 1
            yield from _walk(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)


def value_problem(item: dict, language_stores: set[str]) -> str | None:
    """Say why one callback input or state is unusable, or ``None`` when it is within bounds.

    Parameters
    ----------
    item
        ``{"id": …, "property": …, "value": …}`` from a callback request.
    language_stores
        Ids of the stores that hold the page language.
    """
    value = item.get("value")
    name = item["id"] if isinstance(item["id"], str) else "pattern"  # dict ids: pattern-matching
    if name in language_stores and item.get("property") == "data":
        if value is not None and not is_language(value):
            return f"{name}: not a shipped language"
        return None
    for count, (node, depth) in enumerate(_walk(value)):
        if count >= MAX_NODES:
            return f"{name}: value has more than {MAX_NODES} parts"
        if depth > MAX_DEPTH:
            return f"{name}: value nested deeper than {MAX_DEPTH}"
        if isinstance(node, str) and len(node) > MAX_STRING:
            return f"{name}: a string is longer than {MAX_STRING} characters"
    if item.get("property") == "search" and value is not None:
        if not isinstance(value, str):
            return f"{name}: search must be a string"
        try:
            check_query(value, f"{name}.search")
        except LimitError as error:
            return str(error)
    return None


def register_request_limits(server: Flask) -> None:
    """Refuse over-long bodies (413) and query strings (400 JSON) before any view runs."""
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    server.register_error_handler(LimitError, lambda error: (jsonify(error.body), 400))

    @server.before_request
    def check_request_size():
        if (request.content_length or 0) > MAX_BODY_BYTES:
            body = {
                "error": "request body too large",
                "limit": "max_body_bytes",
                "max": MAX_BODY_BYTES,
            }
            response = jsonify(body)
            response.status_code = 413
            response.headers["Connection"] = "close"  # do not read the rest of the body
            return response
        check_query(request.query_string.decode("latin-1"))
        return None
