"""Corridor Map: a Dash app of the Lancang-Mekong Innovation Corridor."""

from __future__ import annotations

import json
import re
from html import escape

from dash import Dash
from flask import Flask, request

from corridor_map.i18n import translate
from corridor_map.i18n.widgets import ui_strings
from corridor_map.pages import Page, find_page, page_request
from corridor_map.settings import REPO_ROOT, Settings

#: Dash's default page, with its script holder as a plain div: the page's only footer is
#: the credits (one contentinfo landmark).
INDEX_STRING = """<!DOCTYPE html>
<html>
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


#: Left off every page: Dash's DataTable (no page uses it) and Dash's 37 KB polyfill bundle,
#: of which dcc needs only ``regeneratorRuntime``; the app ships that runtime alone
#: (assets/vendor/regenerator-runtime.js, 7 KB compressed; every supported browser has the
#: rest natively).
SKIPPED_LIBRARIES = ("/dash/dash_table/", "/dash/deps/polyfill@")
SUITES = "/_dash-component-suites"
SCRIPT_SRC = re.compile(r'<script src="([^"]+)"></script>')
#: Responses worth compressing beyond Flask-Compress's defaults: the base map and API output.
EXTRA_COMPRESSED_TYPES = ("application/geo+json", "text/csv")
#: The text of Dash's loading placeholder in ``{%app_entry%}`` (replaced per language).
DASH_LOADING = "Loading..."


class CorridorDash(Dash):
    """Dash with a per-page index: ``<html lang>``, the tab title and the page's scripts.

    ``interpolate_index`` is Dash's documented hook for customising the index page. The page
    is the one the index request's own path names (never a header's guess).
    """

    default_lang = "en"
    pages: tuple[Page, ...] = ()

    def interpolate_index(self, **kwargs):
        """Render the index page of the requested page, in its language."""
        page = find_page(self.pages, request.path)
        skipped = SKIPPED_LIBRARIES + (page.skipped_libraries if page else ())
        lazy = page.lazy_libraries if page else ()
        kept, deferred = [], {}
        for tag in kwargs["scripts"].split("\n"):
            library = next((lib for lib in lazy if f"{SUITES}{lib}" in tag), None)
            if library and (src := SCRIPT_SRC.search(tag)):
                deferred.setdefault(library.strip("/"), []).append(src.group(1))
            elif not any(f"{SUITES}{lib}" in tag for lib in skipped):
                kept.append(tag)
        query = request.query_string.decode("latin-1")
        lang = page_request(request.path, query, self.default_lang).lang
        if deferred:
            kept.append(_data_block("lazy-libraries", deferred))
        kept.append(_data_block("ui-strings", ui_strings(lang)))
        kwargs["scripts"] = "\n".join(kept)
        kwargs["title"] = escape(translate(page.title_key if page else "app.title", lang))
        # Dash's placeholder until the page renders ("Loading..."), in the page's language.
        kwargs["app_entry"] = kwargs["app_entry"].replace(
            DASH_LOADING, escape(translate("app.loading", lang)), 1
        )
        return super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{lang}">', 1)


def _data_block(block_id: str, data: object) -> str:
    """A JSON data block for the page's scripts (type application/json: never executed, so no
    CSP hash is needed; ``</`` escaped so no value can close the tag)."""
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{block_id}">{text}</script>'


def _flask_server() -> Flask:
    """The Flask server, configured before Dash enables compression on it."""
    from flask_compress import Compress

    probe = Flask("probe")
    Compress(probe)  # Flask-Compress's own default types, extended below
    server = Flask("corridor_map")
    server.config["COMPRESS_MIMETYPES"] = [
        *probe.config["COMPRESS_MIMETYPES"],
        *EXTRA_COMPRESSED_TYPES,
    ]
    return server


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app: load and validate the data once, then wire pages and routes.

    Parameters
    ----------
    settings
        Resolved settings; ``Settings.from_env()`` when omitted.

    Returns
    -------
    Dash
        The app; ``app.server`` is the Flask WSGI application.

    Raises
    ------
    corridor_map.registry.RegistryError
        When the shipped data is broken (every problem as ``file:row:field: message``).
    """
    # Imported here so `python -m corridor_map.registry` does not pull in Dash.
    from corridor_map.context import AppContext
    from corridor_map.http import register_routes
    from corridor_map.http.basemap import basemap_url
    from corridor_map.map.figure import figure_cache
    from corridor_map.pages import briefing, embed, explorer, register_pages, shell
    from corridor_map.pages.explorer.analytics import warm_analytics
    from corridor_map.place_names import load_place_names
    from corridor_map.registry import load_registry

    settings = settings or Settings.from_env()
    context = AppContext.build(
        load_registry(settings.data_dir), load_place_names(settings.data_dir), settings.data_dir
    )
    context.filter_index  # noqa: B018 -- built now, in the preloaded master, not per worker
    warm_analytics(context)
    app = CorridorDash(
        __name__,
        server=_flask_server(),
        title=translate("app.title", settings.default_lang),
        assets_folder=str(REPO_ROOT / "assets"),
        serve_locally=True,
        compress=settings.compress,
        update_title=None,
        # Pages render into the shell by a callback; each page's callbacks name components
        # that exist only once its page is rendered.
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.default_lang = settings.default_lang
    app.index_string = INDEX_STRING
    registry = context.registry
    figure_for = figure_cache(
        registry.entities,
        registry.links,
        settings.basemap,
        lambda layer: basemap_url(layer.filename),
    )
    app.pages = tuple(module.page(context, figure_for) for module in (explorer, briefing, embed))
    app.layout = shell()
    register_pages(app, app.pages, settings.default_lang)
    register_routes(app, context, settings)
    # For benchmarks and tests that reach the app's indexes through the server.
    app.server.config["CORRIDOR_CONTEXT"] = context
    return app
