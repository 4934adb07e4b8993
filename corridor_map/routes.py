"""Plain Flask routes beside the Dash app: base-map GeoJSON served by URL."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, send_from_directory

from layers import BASEMAP_FILES

BASEMAP_URL = "/basemap/"
#: Base-map files change only with a deploy; let browsers reuse them for an hour.
BASEMAP_MAX_AGE = 3600


def basemap_url(filename: str) -> str:
    """URL at which the app serves a ``data/basemap`` file."""
    return BASEMAP_URL + filename


def register_basemap_route(server: Flask, basemap_dir: Path) -> None:
    """Serve the listed base-map files (and nothing else) from ``basemap_dir``."""

    @server.get(BASEMAP_URL + "<path:filename>")
    def basemap_file(filename: str):
        if filename not in BASEMAP_FILES:
            abort(404)
        response = send_from_directory(
            basemap_dir, filename, mimetype="application/geo+json", max_age=BASEMAP_MAX_AGE
        )
        return response
