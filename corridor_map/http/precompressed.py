"""Serve large static assets precompressed at brotli's best level.

Compressing a 3 MB script at brotli quality 11 takes seconds, too slow per request, so the
build script writes ``<file>.br`` beside it (scripts/build_plotly_bundle.sh). At start-up
each ``.br`` is checked against its source: a stale one is ignored (the file is then
compressed per request like any other), never served.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

import brotli
from flask import Flask, Response, request

log = logging.getLogger("corridor_map")


def load_precompressed(assets_dir: Path) -> dict[str, bytes]:
    """Map ``/assets/<path>`` to brotli bytes for every ``.br`` that matches its source."""
    found = {}
    for compressed in sorted(assets_dir.rglob("*.br")):
        source = compressed.with_suffix("")
        body = compressed.read_bytes()
        if not source.is_file() or brotli.decompress(body) != source.read_bytes():
            log.warning("ignoring stale precompressed asset %s", compressed)
            continue
        found["/assets/" + source.relative_to(assets_dir).as_posix()] = body
    return found


def register_precompressed_assets(server: Flask, assets_dir: Path) -> None:
    """Answer requests for those assets with the ``.br`` body when the browser accepts br."""
    bodies = load_precompressed(assets_dir)

    @server.before_request
    def serve_precompressed():
        body = bodies.get(request.path)
        if body is None or "br" not in request.accept_encodings:
            return None
        mimetype = mimetypes.guess_type(request.path)[0] or "application/octet-stream"
        response = Response(body, mimetype=mimetype)
        response.headers["Content-Encoding"] = "br"
        response.headers["Vary"] = "Accept-Encoding"
        response.cache_control.no_cache = True  # as Dash serves assets: revalidate, then reuse
        response.add_etag()
        return response.make_conditional(request)
