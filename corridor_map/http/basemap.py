"""The base-map GeoJSON, served by URL for the maps to draw.

The map's copy of each file is derived once at start-up: geometry only (the map draws no
property), coordinates snapped to a 0.001° grid (about 110 m, well under the files' own
1.1 km simplification). The files themselves keep 0.0001° and their properties for the
registry checks, the analytics and the brief.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import geopandas as gpd
import shapely
import shapely.geometry
from flask import Flask, Response, abort, request

from corridor_map.map.labels import label_files
from layers import BASEMAP_FILES

BASEMAP_URL = "/basemap/"
#: Grid (degrees) the map's copy of the base map is snapped to.
MAP_GRID_DEG = 0.001
#: Base-map files change only with a deploy; let browsers reuse them for an hour.
BASEMAP_MAX_AGE = 3600


def basemap_url(filename: str) -> str:
    """URL at which the app serves a ``data/basemap`` file."""
    return BASEMAP_URL + filename


def map_geojson(path: Path) -> bytes:
    """The map's copy of the GeoJSON file at ``path`` (see the module docstring).

    Parameters
    ----------
    path
        A ``data/basemap`` file.

    Returns
    -------
    bytes
        Compact RFC 7946 GeoJSON, UTF-8.
    """
    frame = gpd.read_file(path)
    shapes = shapely.set_precision(frame.geometry.to_numpy(), MAP_GRID_DEG)
    shapes = shapes[~shapely.is_empty(shapes)]
    features = [
        {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(shape)}
        for shape in shapes
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":")).encode("utf-8")


def register_basemap_route(server: Flask, basemap_dir: Path) -> None:
    """Serve the listed base-map files (and nothing else) from memory.

    The files are read once at start-up (about 0.8 MB in all): served as bytes, they are
    compressed like any response (a streamed file would not be) and carry a strong ETag.
    """
    files = {name: map_geojson(basemap_dir / name) for name in BASEMAP_FILES}
    files.update(label_files(basemap_dir))  # the map's place names, one file per language
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
            mimetype = "application/json" if filename.endswith(".json") else "application/geo+json"
            response = Response(files[filename], mimetype=mimetype)
        response.set_etag(etags[filename])
        response.cache_control.public = True
        response.cache_control.max_age = BASEMAP_MAX_AGE
        return response
