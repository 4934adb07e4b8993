"""Corridor Map: a Dash app of the Lancang-Mekong Innovation Corridor."""

from __future__ import annotations

from functools import cache

from dash import Dash
from flask import Flask

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


#: Component libraries a page does not use, left out of its scripts so it stays light (Dash
#: otherwise sends every imported library to every page). No page uses Dash's DataTable. (The
#: polyfill stays: dcc needs its regeneratorRuntime.)
SKIPPED_LIBRARIES = ("/dash/dash_table/",)
PAGE_SKIPPED_LIBRARIES = {"/embed": ("/dash_bootstrap_components/", "/dash_ag_grid/")}
#: Responses worth compressing beyond Flask-Compress's defaults: the base map and API output.
EXTRA_COMPRESSED_TYPES = ("application/geo+json", "text/csv")


class CorridorDash(Dash):
    """Dash with the page language on ``<html lang>`` and per-page script lists."""

    default_lang = "en"

    def _generate_scripts_html(self) -> str:
        """Dash's script tags, less the libraries this page does not use."""
        from corridor_map.pages import page_request

        page = page_request(self.default_lang)
        skipped = SKIPPED_LIBRARIES + PAGE_SKIPPED_LIBRARIES.get(page.path, ())
        tags = super()._generate_scripts_html().split("\n")
        return "\n".join(
            tag
            for tag in tags
            if not any(f"/_dash-component-suites{lib}" in tag for lib in skipped)
        )

    def interpolate_index(self, **kwargs):
        """Render the index page, marking its language."""
        from corridor_map.pages import page_request

        page = page_request(self.default_lang)
        return (
            super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{page.lang}">', 1)
        )


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
    from corridor_map import ids
    from corridor_map.context import AppContext
    from corridor_map.http.api import register_api
    from corridor_map.http.basemap import basemap_url, register_basemap_route
    from corridor_map.http.errors import register_error_handlers
    from corridor_map.http.limits import register_request_limits
    from corridor_map.http.links import register_host_policy
    from corridor_map.http.precompressed import register_precompressed_assets
    from corridor_map.http.routes import register_known_paths
    from corridor_map.http.security import register_security_headers
    from corridor_map.i18n import available_languages, translate
    from corridor_map.map.figure import map_figure
    from corridor_map.pages import page_request
    from corridor_map.pages.explorer.callbacks import register_callbacks
    from corridor_map.pages.explorer.layout import explorer_layout
    from corridor_map.place_names import load_place_names
    from corridor_map.registry import load_registry
    from corridor_map.url_state import kept_params

    settings = settings or Settings.from_env()
    context = AppContext.build(
        load_registry(settings.data_dir), load_place_names(settings.data_dir)
    )
    context.filter_index  # noqa: B018 -- built now, in the preloaded master, not per worker
    app = CorridorDash(
        __name__,
        server=_flask_server(),
        title=translate("app.title", settings.default_lang),
        assets_folder=str(REPO_ROOT / "assets"),
        serve_locally=True,
        compress=settings.compress,
        update_title=None,
        # Page layouts differ (explorer, embed, briefing); each page's callbacks are checked
        # against the validation layout below instead.
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.default_lang = settings.default_lang
    app.index_string = INDEX_STRING
    register_request_limits(app.server)  # first: before any other hook reads the request
    register_host_policy(app.server, settings)
    register_basemap_route(app.server, settings.data_dir / "basemap")
    register_precompressed_assets(app.server, REPO_ROOT / "assets")
    register_api(app.server, context)

    @cache
    def figure_for(lang: str, detail: bool = True):
        # Built once per language, then shared by every request in that language.
        return map_figure(
            context.registry.entities,
            context.registry.links,
            lang=lang,
            style=settings.basemap,
            url_for=lambda layer: basemap_url(layer.filename),
            detail=detail,
        )

    # Page path -> layout builder taking a PageRequest (path, query, lang).
    def explorer_page(page):
        kept = kept_params(page.query)
        return explorer_layout(context, figure_for(page.lang), page.lang, kept["at"], kept["hide"])

    pages = {"/": explorer_page}
    # hook:pages — features add their pages here, e.g. pages["/embed"] = ...
    from corridor_map.pages.briefing.page import briefing_layout
    from corridor_map.pages.embed import embed_layout

    pages["/briefing"] = lambda page: briefing_layout(page, context, figure_for(page.lang))
    pages["/embed"] = lambda page: embed_layout(page, context, figure_for(page.lang, detail=False))

    def serve_layout():
        page = page_request(settings.default_lang)
        return pages.get(page.path, pages["/"])(page)

    app.layout = serve_layout
    app.validation_layout = [build(page_request(settings.default_lang)) for build in pages.values()]
    register_callbacks(app, context)
    # hook:callbacks — features register their callbacks and Flask routes here
    from corridor_map.http.analytics_api import register_analytics_api
    from corridor_map.pages.explorer.analytics import register_analytics_callbacks

    register_analytics_callbacks(app, context, data_dir=settings.data_dir)
    register_analytics_api(app.server, context)
    from corridor_map.http.brief import register_brief

    register_brief(app, context, settings)
    from corridor_map.pages.briefing.page import register_briefing_callbacks
    from corridor_map.pages.embed import register_embed_callbacks

    register_briefing_callbacks(app, context)
    register_embed_callbacks(app, context)
    language_stores = {ids.LANG, ids.BRIEFING_LANG, ids.EMBED_LANG}
    register_error_handlers(app.server, app.callback_map, language_stores)
    register_known_paths(app.server, list(pages))
    # Hashes are taken after every callback exists, so they cover all inline scripts.
    register_security_headers(app.server, settings, list(app.csp_hashes()), list(pages))
    app.server.config["CORRIDOR_SETTINGS"] = settings
    app.server.config["CORRIDOR_CONTEXT"] = context
    app.server.config["CORRIDOR_LANGUAGES"] = available_languages()
    return app
