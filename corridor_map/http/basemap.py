"""Plain Flask routes beside the Dash app: base-map GeoJSON served by URL."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, abort, request

from layers import BASEMAP_FILES

BASEMAP_URL = "/basemap/"
#: Base-map files change only with a deploy; let browsers reuse them for an hour.
BASEMAP_MAX_AGE = 3600


def basemap_url(filename: str) -> str:
    """URL at which the app serves a ``data/basemap`` file."""
    return BASEMAP_URL + filename


def register_basemap_route(server: Flask, basemap_dir: Path) -> None:
    """Serve the listed base-map files (and nothing else) from memory.

    The files are read once at start-up (about 0.8 MB in all): served as bytes, they are
    compressed like any response (a streamed file would not be) and carry a strong ETag.
    """
    files = {name: (basemap_dir / name).read_bytes() for name in BASEMAP_FILES}
    etags = {name: hashlib.sha256(body).hexdigest()[:32] for name, body in files.items()}

    @server.get(BASEMAP_URL + "<path:filename>")
    def basemap_file(filename: str):
        if filename not in files:
            abort(404)
        # Flask-Compress appends the encoding to the ETag it sends (``<tag>:gzip``).
        sent = {tag.split(":")[0] for tag in request.if_none_match.as_set(include_weak=True)}
        if etags[filename] in sent:
            response = Response(status=304)
        else:
            response = Response(files[filename], mimetype="application/geo+json")
        response.set_etag(etags[filename])
        response.cache_control.public = True
        response.cache_control.max_age = BASEMAP_MAX_AGE
        return response
