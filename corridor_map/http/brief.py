"""Flask routes ``GET /brief.pdf`` and ``GET /brief.png``, and the explorer's brief link.

Both routes take the explorer's URL parameters (``sector, country, kind, q, id, lang``) and
parse them as strictly as the API: an unknown parameter or value answers 400 with JSON
naming it. Identical requests (same canonical query and host) are served from a bounded
in-process cache.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlencode

from dash import Dash, Input, Output, State
from flask import Flask, Response, jsonify, request
from segno import DataOverflowError

from corridor_map import ids
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.http.api import API_PREFIX
from corridor_map.http.links import public_root
from corridor_map.i18n import normalise_lang
from corridor_map.map.camera import PARAM as CAMERA_PARAM
from corridor_map.report import BRIEF_PDF_PATH, BRIEF_PNG_PATH, brief_href
from corridor_map.settings import Settings
from corridor_map.url_state import HIDE_PARAM, LIST_KEYS, TEXT_KEYS, kept_params, parse, to_query

# ``at`` and ``hide`` (the explorer's map framing and hidden layers) are accepted so any
# explorer URL works here and are kept in the brief's link to the view; the brief's static
# map frames its records itself and draws every layer.
ALLOWED_KEYS = (*LIST_KEYS, *TEXT_KEYS, "lang", CAMERA_PARAM, HIDE_PARAM)
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
#: Distinct briefs kept in memory per worker (a PDF is a few hundred KiB).
CACHE_SIZE = 32
MEDIA = {"pdf": "application/pdf", "png": "image/png"}


class BriefRequestError(Exception):
    """A brief request refused with a 400 and a JSON body saying why."""

    def __init__(self, body: dict):
        super().__init__(body.get("error", "bad request"))
        self.body = body


def parse_brief_args(
    args: dict[str, list[str]], context: AppContext, default_lang: str
) -> tuple[FilterState, str, str]:
    """Read a brief request's parameters strictly.

    Parameters
    ----------
    args
        Query parameters, each with all its values (``request.args.to_dict(flat=False)``).
    context
        The app context (vocabularies and record ids).
    default_lang
        Language when ``lang`` is absent or names no catalog.

    Returns
    -------
    state, lang, query
        The view, the brief's language and the canonical query string (the cache key).

    Raises
    ------
    BriefRequestError
        On an unknown parameter, an unknown value or a malformed ``lang``.
    """
    problems = [
        {"parameter": key[:40], "value": ",".join(values)[:40], "reason": "unknown parameter"}
        for key, values in args.items()
        if key not in ALLOWED_KEYS
    ]
    requested = (args.get("lang") or [""])[-1].strip()
    if requested and not LANG_TAG.match(requested):
        problems.append(
            {"parameter": "lang", "value": requested[:40], "reason": "not a language tag"}
        )
    remaining = urlencode(
        [(k, v) for k, values in args.items() if k in ALLOWED_KEYS and k != "lang" for v in values]
    )
    state, dropped = parse(remaining, context.sector_ids, context.registry.entities.index)
    problems += [{"parameter": d.key, "value": d.value, "reason": d.reason} for d in dropped]
    if problems:
        raise BriefRequestError({"error": "unknown parameters or values", "problems": problems})
    lang = normalise_lang(requested, default_lang) if requested else default_lang
    # The view's link (printed and as a QR code) keeps the map's framing and hidden layers.
    view = {k: v for k, v in kept_params(urlencode(args, doseq=True)).items() if k != "lang"}
    return state, lang, to_query(state, {"lang": lang, **view})


def register_brief(app: Dash, context: AppContext, settings: Settings) -> None:
    """Mount ``/brief.pdf`` and ``/brief.png`` and keep the explorer's brief link current."""
    register_brief_routes(app.server, context, settings)

    # Imported here: corridor_map.pages.explorer.callbacks pulls in the explorer's view code.
    from corridor_map.pages.explorer.callbacks import state_from_store

    @app.callback(
        Output(ids.DOWNLOAD_BRIEF, "href"),
        Input(ids.STATE, "data"),
        Input(ids.CAMERA, "data"),
        Input(ids.HIDDEN, "data"),
        State(ids.LANG, "data"),
    )
    def update_brief_href(data, camera, hidden, lang):
        return brief_href(state_from_store(data), lang, camera or "", hidden or "")


def register_brief_routes(server: Flask, context: AppContext, settings: Settings) -> None:
    """Mount the brief routes on ``server``."""
    basemap_dir = settings.data_dir / "basemap"
    registry = context.registry

    @lru_cache(maxsize=CACHE_SIZE)
    def render(kind: str, query: str, root: str) -> bytes:
        # Imported lazily: matplotlib and fpdf2 load only when a brief is first asked for.
        from corridor_map.filters import apply
        from corridor_map.map.static import render_png
        from corridor_map.report.brief import build_pdf

        state, _ = parse(query, context.sector_ids)
        lang = (parse_qs(query.lstrip("?")).get("lang") or [settings.default_lang])[-1]
        if kind == "png":
            result = apply(registry.entities, registry.links, state, context.search)
            return render_png(registry, result, state.selected, basemap_dir)
        filters = to_query(state)
        return build_pdf(
            registry,
            state,
            lang,
            view_url=f"{root}/{query}",
            api_url=f"{root}{API_PREFIX}/entities{filters}",
            basemap_dir=basemap_dir,
            search_index=context.search,
        )

    def respond(kind: str) -> Response | tuple[Response, int]:
        try:
            _, _, query = parse_brief_args(
                request.args.to_dict(flat=False), context, settings.default_lang
            )
        except BriefRequestError as error:
            return jsonify(error.body), 400
        try:
            body = render(kind, query, public_root(settings))
        except DataOverflowError:
            body = {"error": "the view's link does not fit in a QR code", "parameter": "q"}
            return jsonify(body), 400
        response = Response(body, mimetype=MEDIA[kind])
        response.headers["Content-Disposition"] = f'attachment; filename="corridor-brief.{kind}"'
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    server.add_url_rule(BRIEF_PDF_PATH, "brief_pdf", lambda: respond("pdf"), methods=["GET"])
    server.add_url_rule(BRIEF_PNG_PATH, "brief_png", lambda: respond("png"), methods=["GET"])
    server.config["CORRIDOR_BRIEF_CACHE"] = render
