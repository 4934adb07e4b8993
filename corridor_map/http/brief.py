"""Flask routes ``GET /brief.pdf`` and ``GET /brief.png``, and the explorer's brief link.

Both routes take the explorer's URL parameters (``sector, country, kind, q, id, lang``) and
parse them as strictly as the API: an unknown parameter or value answers 400 with JSON
naming it. Rendered briefs are kept in a cache shared by the workers (see
:mod:`corridor_map.http.brief_cache`); renders are admitted a few at a time, and a request
beyond that answers 503 with ``Retry-After``.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from dash import Dash, Input, Output, State
from flask import Flask, Response, jsonify, request
from segno import DataOverflowError

from corridor_map import ids
from corridor_map.context import AppContext
from corridor_map.filters import FilterState
from corridor_map.http.api import API_PREFIX
from corridor_map.http.brief_cache import RETRY_AFTER, BriefCache, BusyError, RenderGate, cache_key
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
#: Seconds browsers and shared caches may reuse a brief without asking again.
BRIEF_MAX_AGE = 300
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
    """Mount the brief routes on ``server``.

    A brief is identified by its canonical view (the query :func:`parse_brief_args` writes)
    and the data version; its map image by the filters alone, since neither the language nor
    the link changes it. Both are kept in a :class:`BriefCache`; the ETag is the brief's key,
    so a client or shared cache holding it gets a 304 without anything being rendered.
    """
    # Imported lazily: matplotlib and fpdf2 load only when a brief is first rendered.
    basemap_dir = settings.data_dir / "basemap"
    registry = context.registry
    store = BriefCache(
        settings.cache_dir, settings.brief_cache_mb, RenderGate(settings.brief_renders)
    )

    def map_png(kind: str, state: FilterState) -> bytes:
        from corridor_map.filters import apply
        from corridor_map.map.static import render_png
        from corridor_map.report.brief import brief_map_png

        if kind == "pdf":
            return brief_map_png(registry, state, basemap_dir, context.search)
        result = apply(registry.entities, registry.links, state, context.search)
        return render_png(registry, result, state.selected, basemap_dir)

    def pdf(state: FilterState, lang: str, query: str, root: str) -> bytes:
        from corridor_map.report.brief import build_pdf

        filters = to_query(state)
        image = store.get_or_render(
            cache_key(registry.version, "pdf-map", filters),
            lambda: map_png("pdf", state),
            gated=False,  # the PDF's render already holds a slot
        )
        return build_pdf(
            registry,
            state,
            lang,
            view_url=f"{root}/{query}",
            api_url=f"{root}{API_PREFIX}/entities{filters}",
            basemap_dir=basemap_dir,
            search_index=context.search,
            map_png=image,
        )

    def respond(kind: str) -> Response | tuple[Response, int]:
        try:
            state, lang, query = parse_brief_args(
                request.args.to_dict(flat=False), context, settings.default_lang
            )
        except BriefRequestError as error:
            return jsonify(error.body), 400
        root = public_root(settings)
        if kind == "png":
            # The PNG is the map alone: its key and ETag ignore the language and the link.
            key = cache_key(registry.version, "png", to_query(state))
            render = lambda: map_png("png", state)  # noqa: E731
        else:
            key = cache_key(registry.version, "pdf", root, query)
            render = lambda: pdf(state, lang, query, root)  # noqa: E731
        if key in request.if_none_match:
            response = Response(status=304)
        else:
            try:
                body = store.get_or_render(key, render)
            except BusyError:
                response = jsonify({"error": "busy rendering other briefs; retry shortly"})
                response.status_code = 503
                response.headers["Retry-After"] = str(RETRY_AFTER)
                return response
            except DataOverflowError:
                body = {"error": "the view's link does not fit in a QR code", "parameter": "q"}
                return jsonify(body), 400
            response = Response(body, mimetype=MEDIA[kind])
            response.headers["Content-Disposition"] = (
                f'attachment; filename="corridor-brief.{kind}"'
            )
        response.set_etag(key)
        response.cache_control.public = True
        response.cache_control.max_age = BRIEF_MAX_AGE
        return response

    server.add_url_rule(BRIEF_PDF_PATH, "brief_pdf", lambda: respond("pdf"), methods=["GET"])
    server.add_url_rule(BRIEF_PNG_PATH, "brief_png", lambda: respond("png"), methods=["GET"])
    server.config["CORRIDOR_BRIEF_CACHE"] = store
