"""Corridor Map: a Dash app of the Lancang-Mekong Innovation Corridor."""

from __future__ import annotations

from dash import Dash

from corridor_map.settings import REPO_ROOT, Settings


def create_app(settings: Settings | None = None) -> Dash:
    """Build the Dash app: load and validate the data once, then wire layout and routes.

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
    from corridor_map.api import register_api
    from corridor_map.callbacks import register_callbacks
    from corridor_map.context import AppContext
    from corridor_map.figure import map_figure
    from corridor_map.i18n import translate
    from corridor_map.layout import explorer_layout
    from corridor_map.registry import load_registry
    from corridor_map.routes import basemap_url, register_basemap_route
    from corridor_map.security import register_security_headers

    settings = settings or Settings.from_env()
    context = AppContext.build(load_registry(settings.data_dir))
    lang = settings.default_lang
    app = Dash(
        __name__,
        title=translate("app.title", lang),
        assets_folder=str(REPO_ROOT / "assets"),
        serve_locally=True,
        compress=settings.compress,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    register_basemap_route(app.server, settings.data_dir / "basemap")
    register_api(app.server, context)
    figure = map_figure(
        context.registry.entities,
        context.registry.links,
        lang=lang,
        style=settings.basemap,
        url_for=lambda layer: basemap_url(layer.filename),
    )
    app.layout = explorer_layout(context, figure, lang)
    register_callbacks(app, context, lang)
    # Hashes are taken after every callback exists, so they cover all inline scripts.
    register_security_headers(app.server, settings, list(app.csp_hashes()))
    app.server.config["CORRIDOR_SETTINGS"] = settings
    app.server.config["CORRIDOR_CONTEXT"] = context
    return app
