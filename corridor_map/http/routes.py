"""Known paths only: an unknown path answers 404 instead of the explorer page.

Dash serves its index page for any path it has no route for (``/<path:path>``). A request
that reaches that catch-all for a path that is not one of the app's pages answers 404 (JSON,
like every error of the app, and so under ``/api/v1`` too); a path that exists for other
methods answers 405 with ``Allow``.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

#: Dash's catch-all rule that serves the index page.
CATCH_ALL = "/<path:path>"


def register_known_paths(server: Flask, page_paths: Iterable[str]) -> None:
    """Answer 404 (or 405) for paths that are neither a page nor a route of ``server``.

    Parameters
    ----------
    server
        The Flask app, after Dash has added its routes.
    page_paths
        The app's pages (``/``, ``/briefing``, ``/embed``); a trailing slash is accepted.
    """
    pages = set(page_paths)

    def methods_of(path: str) -> set[str]:
        return {
            method
            for rule in server.url_map.iter_rules()
            if rule.rule == path and not rule.arguments
            for method in rule.methods or ()
        }

    @server.before_request
    def refuse_unknown_paths():
        rule = request.url_rule
        if rule is None or rule.rule != CATCH_ALL:
            return None
        if (request.path.rstrip("/") or "/") in pages:
            return None
        if allowed := methods_of(request.path):
            raise MethodNotAllowed(valid_methods=sorted(allowed))
        raise NotFound
