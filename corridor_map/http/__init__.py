"""Every HTTP route beside the Dash pages: the open data and analytics APIs, the OpenAPI
document, the base-map files, precompressed assets, the brief, request limits, the host
policy, known paths, security headers and error handlers."""

from __future__ import annotations

from dash import Dash

from corridor_map import ids
from corridor_map.context import AppContext
from corridor_map.settings import REPO_ROOT, Settings

#: Stores holding a page's language: a callback may send only a shipped language code there.
LANGUAGE_STORES = frozenset({ids.LANG, ids.BRIEFING_LANG, ids.EMBED_LANG})


def register_routes(app: Dash, context: AppContext, settings: Settings) -> None:
    """Mount the HTTP routes on ``app.server``.

    Call it after the pages' callbacks are registered: the Content-Security-Policy hashes
    are taken then, so they cover every inline script Dash writes. The request limits are
    registered first, so they run before any other hook reads the request.
    """
    from corridor_map.http.analytics_api import register_analytics_api
    from corridor_map.http.api import register_api
    from corridor_map.http.basemap import register_basemap_route
    from corridor_map.http.brief import register_brief_routes
    from corridor_map.http.errors import register_error_handlers
    from corridor_map.http.limits import register_request_limits
    from corridor_map.http.links import register_host_policy
    from corridor_map.http.precompressed import register_precompressed_assets
    from corridor_map.http.routes import register_known_paths
    from corridor_map.http.security import register_security_headers

    server = app.server
    page_paths = [page.path for page in getattr(app, "pages", ())] or ["/"]
    register_request_limits(server)
    register_host_policy(server, settings)
    register_basemap_route(server, settings.data_dir / "basemap")
    register_precompressed_assets(server, REPO_ROOT / "assets")
    register_api(server, context)
    register_analytics_api(server, context)
    register_brief_routes(server, context, settings)
    register_error_handlers(server, app.callback_map, LANGUAGE_STORES)
    register_known_paths(server, page_paths)
    register_security_headers(server, settings, list(app.csp_hashes()), page_paths)
