"""Flask routes ``GET /brief.pdf``, ``GET /brief.png`` and ``GET /briefing.pptx``.

The routes take the explorer's URL parameters (``sector, country, kind, q, id, lang``; the
deck also the briefing's ``slide``) and parse them as strictly as the API: an unknown
parameter or value answers 400 with JSON naming it. Rendered briefs and decks are kept in
one cache shared by the workers (see :mod:`corridor_map.http.brief_cache`); renders are
admitted a few at a time through one gate, and a request beyond that answers 503 with
``Retry-After``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Flask, Response, jsonify, request
from segno import DataOverflowError

from corridor_map.analytics import analytics_for
from corridor_map.context import AppContext
from corridor_map.http.api import API_PREFIX
from corridor_map.http.brief_cache import RETRY_AFTER, BriefCache, BusyError, RenderGate, cache_key
from corridor_map.http.conditional import client_has
from corridor_map.http.download_names import attachment, download_name
from corridor_map.http.links import public_root
from corridor_map.i18n import normalise_lang
from corridor_map.report import BRIEF_PDF_PATH, BRIEF_PNG_PATH, DECK_PATH
from corridor_map.settings import Settings
from corridor_map.view_state import LANG_PARAM, ViewState, parse_view

# Every view parameter is accepted (``at`` and ``hide`` too, so any explorer URL works here,
# kept in the brief's link to the view; the brief's static map frames its records itself
# and draws every layer).
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
#: Seconds browsers and shared caches may reuse a brief without asking again.
BRIEF_MAX_AGE = 300
MEDIA = {
    "pdf": "application/pdf",
    "png": "image/png",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
#: The briefing's slide number: accepted on the deck so any briefing URL works (the deck
#: holds every slide); digits only.
SLIDE_PARAM = "slide"
SLIDE_VALUE = re.compile(r"^[0-9]{1,4}$")


class BriefRequestError(Exception):
    """A brief request refused with a 400 and a JSON body saying why."""

    def __init__(self, body: dict):
        super().__init__(body.get("error", "bad request"))
        self.body = body


def parse_brief_args(
    args: dict[str, list[str]],
    context: AppContext,
    default_lang: str,
    extra_keys: tuple[str, ...] = (),
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
    extra_keys
        Page parameters accepted besides the view's (the deck's ``slide``); a value that is
        not a slide number answers 400.

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
    parsed = parse_view(
        view_args,
        context.sector_ids,
        context.registry.entities.index,
        extra_keys=extra_keys,
        programmes=context.programme_ids,
    )
    problems += [d.problem() for d in parsed.dropped]
    problems += [
        {"parameter": key, "value": value[:40], "reason": "not a slide number"}
        for key, value in parsed.extra.items()
        if key == SLIDE_PARAM and not SLIDE_VALUE.match(value)
    ]
    if problems:
        raise BriefRequestError({"error": "unknown parameters or values", "problems": problems})
    lang = normalise_lang(requested, default_lang) if requested else default_lang
    view = parsed.view.replace(lang=lang)
    # The view's link (printed and as a QR code) keeps the map's framing and hidden layers.
    return view, lang, view.query()


def register_brief_routes(server: Flask, context: AppContext, settings: Settings) -> None:
    """Mount the brief and deck routes on ``server``.

    A brief is identified by its canonical view (:meth:`ViewState.query`) and the data
    version; its map image by the filters and selection alone, since neither the language
    nor the link changes it. A deck is identified by the filters, selection and language of
    the briefing it holds, each slide's map image by the slide's records alone. All are kept
    in one :class:`BriefCache` and rendered through its one gate; the ETag is the document's
    key, so a client or shared cache holding it gets a 304 without anything being rendered.
    """
    basemap_dir = settings.data_dir / "basemap"
    registry = context.registry
    store = BriefCache(
        settings.cache_dir, settings.brief_cache_mb, RenderGate(settings.brief_renders)
    )

    def map_png(kind: str, view: ViewState) -> bytes:
        # Imported lazily: matplotlib and fpdf2 load only when a brief is first rendered.
        from corridor_map.map.static import render_png
        from corridor_map.report.brief import brief_map_png

        result = context.result(view.filters)
        if kind == "pdf":
            return brief_map_png(registry, result, view.selected, basemap_dir)
        return render_png(registry, result, view.selected, basemap_dir)

    def pdf(view: ViewState, root: str) -> bytes:
        from corridor_map.report.brief import BRIEF_PARTNERS, build_pdf

        image = store.get_or_render(
            cache_key(registry.version, "pdf-map", view.only("filters", "selected").query()),
            lambda: map_png("pdf", view),
            gated=False,  # the PDF's render already holds a slot
        )
        return build_pdf(
            registry,
            view,
            context.result(view.filters),
            view.lang,
            view_url=f"{root}/{view.query()}",
            api_url=f"{root}{API_PREFIX}/entities{view.only('filters').query()}",
            basemap_dir=basemap_dir,
            map_png=image,
            partners=(
                analytics_for(context).partners(view.selected, BRIEF_PARTNERS)
                if view.selected
                else None
            ),
            timeless=context.result(replace(view.filters, year=None, since="")),
        )

    def deck_map(slide) -> bytes:
        from corridor_map.report.deck import deck_map_png

        # A slide's picture depends on its records and selection only: shared by every
        # language and every deck that has the slide.
        key = ViewState(slide.state, slide.selected).query()
        return store.get_or_render(
            cache_key(registry.version, "pptx-map", slide.focus, key),
            lambda: deck_map_png(context, slide, basemap_dir),
            gated=False,  # the deck's render already holds a slot
        )

    def pptx(view: ViewState, root: str) -> bytes:
        from corridor_map.pages.briefing.page import BRIEFING_PATH, briefing_query, explorer_href
        from corridor_map.pages.briefing.storyboard import storyboard
        from corridor_map.report.brief import view_title
        from corridor_map.report.deck import SlideLinks, build_deck

        deck = storyboard(context.sector_ids, view.filters, view.selected)

        def links(index, slide) -> SlideLinks:
            return SlideLinks(
                briefing=f"{root}{BRIEFING_PATH}{briefing_query(view, index)}",
                explorer=f"{root}{explorer_href(slide, view.lang)}",
                data=f"{root}{API_PREFIX}/entities{ViewState(slide.state).query()}",
            )

        return build_deck(
            context,
            deck,
            view.lang,
            map_png=deck_map,
            links=links,
            view_title=view_title(registry, view, view.lang),
        )

    def respond(kind: str) -> Response | tuple[Response, int]:
        try:
            view, _, _ = parse_brief_args(
                request.args.to_dict(flat=False),
                context,
                settings.default_lang,
                extra_keys=(SLIDE_PARAM,) if kind == "pptx" else (),
            )
        except BriefRequestError as error:
            return jsonify(error.body), 400
        root = public_root(settings)
        if kind == "pptx":
            # The deck holds every slide of the storyboard the view opens: the slide number,
            # the framing and the hidden layers do not change it.
            deck_view = view.only("filters", "selected", "lang")
            key = cache_key(registry.version, "pptx", root, deck_view.query())
            render = lambda: pptx(deck_view, root)  # noqa: E731
        elif kind == "png":
            # The PNG is the map alone: its key and ETag ignore the language and the link.
            key = cache_key(registry.version, "png", view.only("filters", "selected").query())
            render = lambda: map_png("png", view)  # noqa: E731
        else:
            key = cache_key(registry.version, "pdf", root, view.query())
            render = lambda: pdf(view, root)  # noqa: E731
        if client_has(key):
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
            name = download_name(
                view.filters,
                kind,
                subject={"pdf": "brief", "pptx": "slides"}.get(kind, "map"),
                selected=view.selected,
            )
            response.headers["Content-Disposition"] = attachment(name)
        response.set_etag(key)
        response.cache_control.public = True
        response.cache_control.max_age = BRIEF_MAX_AGE
        return response

    server.add_url_rule(BRIEF_PDF_PATH, "brief_pdf", lambda: respond("pdf"), methods=["GET"])
    server.add_url_rule(BRIEF_PNG_PATH, "brief_png", lambda: respond("png"), methods=["GET"])
    server.add_url_rule(DECK_PATH, "briefing_pptx", lambda: respond("pptx"), methods=["GET"])
    server.config["CORRIDOR_BRIEF_CACHE"] = store
