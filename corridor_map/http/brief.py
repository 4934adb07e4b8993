"""Flask routes ``GET /brief.pdf`` and ``GET /brief.png``.

Both routes take the explorer's URL parameters (``sector, country, kind, q, id, lang``) and
parse them as strictly as the API: an unknown parameter or value answers 400 with JSON
naming it. Identical requests (same canonical query and host) are served from a bounded
in-process cache.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flask import Flask, Response, jsonify, request

from corridor_map.context import AppContext
from corridor_map.http.api import API_PREFIX
from corridor_map.i18n import normalise_lang
from corridor_map.report import BRIEF_PDF_PATH, BRIEF_PNG_PATH
from corridor_map.settings import Settings
from corridor_map.view_state import LANG_PARAM, ViewState, parse_view

# Every view parameter is accepted (``at`` and ``hide`` too, so any explorer URL works here,
# kept in the brief's link to the view; the brief's static map frames its records itself
# and draws every layer).
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
) -> tuple[ViewState, str, str]:
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
    view, lang, query
        The view, the brief's language and the canonical query string (the cache key).

    Raises
    ------
    BriefRequestError
        On an unknown parameter, an unknown value or a malformed ``lang``.
    """
    requested = (args.get(LANG_PARAM) or [""])[-1].strip()
    problems = []
    if requested and not LANG_TAG.match(requested):
        problems.append(
            {"parameter": "lang", "value": requested[:40], "reason": "not a language tag"}
        )
    # A well-formed tag the app has no catalog for falls back to the default language.
    view_args = {key: values for key, values in args.items() if key != LANG_PARAM}
    parsed = parse_view(view_args, context.sector_ids, context.registry.entities.index)
    problems += [{"parameter": d.key, "value": d.value, "reason": d.reason} for d in parsed.dropped]
    if problems:
        raise BriefRequestError({"error": "unknown parameters or values", "problems": problems})
    lang = normalise_lang(requested, default_lang) if requested else default_lang
    view = parsed.view.replace(lang=lang)
    # The view's link (printed and as a QR code) keeps the map's framing and hidden layers.
    return view, lang, view.query()


def register_brief_routes(server: Flask, context: AppContext, settings: Settings) -> None:
    """Mount the brief routes on ``server``."""
    basemap_dir = settings.data_dir / "basemap"
    registry = context.registry

    @lru_cache(maxsize=CACHE_SIZE)
    def render(kind: str, view: ViewState, root: str) -> bytes:
        # Imported lazily: matplotlib and fpdf2 load only when a brief is first asked for.
        from corridor_map.map.static import render_png
        from corridor_map.report.brief import build_pdf

        result = context.result(view.filters)
        if kind == "png":
            return render_png(registry, result, view.selected, basemap_dir)
        return build_pdf(
            registry,
            view,
            result,
            view.lang,
            view_url=f"{root}/{view.query()}",
            api_url=f"{root}{API_PREFIX}/entities{ViewState(filters=view.filters).query()}",
            basemap_dir=basemap_dir,
        )

    def respond(kind: str) -> Response | tuple[Response, int]:
        try:
            view, _, _ = parse_brief_args(
                request.args.to_dict(flat=False), context, settings.default_lang
            )
        except BriefRequestError as error:
            return jsonify(error.body), 400
        body = render(kind, view, request.url_root.rstrip("/"))
        response = Response(body, mimetype=MEDIA[kind])
        response.headers["Content-Disposition"] = f'attachment; filename="corridor-brief.{kind}"'
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    server.add_url_rule(BRIEF_PDF_PATH, "brief_pdf", lambda: respond("pdf"), methods=["GET"])
    server.add_url_rule(BRIEF_PNG_PATH, "brief_png", lambda: respond("png"), methods=["GET"])
    server.config["CORRIDOR_BRIEF_CACHE"] = render
