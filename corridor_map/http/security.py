"""Security headers on every response (a public, read-only app).

- Content-Security-Policy allows only the app's own origin, plus the hashes of Dash's own
  inline bootstrap scripts; MapLibre's workers and images come from ``blob:``/``data:``.
- Framing is refused everywhere except ``/embed``, whose ancestors come from settings.
- With an online basemap (opt-in), its own tile hosts (and no other) are allowed for images
  and fetches.
- Pages, whose HTML follows the browser's Accept-Language, say so (``Vary``), so a shared
  cache keeps one copy per language.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, request

from corridor_map.settings import Settings

EMBED_PATH = "/embed"
#: Hosts each online map style fetches its style, tiles, sprites and glyphs from.
TILE_HOSTS = {
    "open-street-map": ("https://tile.openstreetmap.org",),
    "carto-positron": ("https://basemaps.cartocdn.com", "https://*.basemaps.cartocdn.com"),
    "carto-darkmatter": ("https://basemaps.cartocdn.com", "https://*.basemaps.cartocdn.com"),
}
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(
    script_hashes: Iterable[str], frame_ancestors: str, tile_hosts: Iterable[str] = ()
) -> str:
    """Build the CSP header value.

    Parameters
    ----------
    script_hashes
        CSP hashes of the page's inline scripts (``Dash.csp_hashes()``).
    frame_ancestors
        ``'none'`` or a space-separated list of origins allowed to frame the page.
    tile_hosts
        Origins of the opt-in online basemap, allowed for images and fetches only.
    """
    remote = "".join(f" {host}" for host in tile_hosts)
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        # plotly.js and AG Grid set inline style attributes; no remote styles are allowed.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob:{remote}",
        "font-src": "'self' data:",
        "connect-src": f"'self'{remote}",
        "worker-src": "'self' blob:",
        "child-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def register_security_headers(
    server: Flask, settings: Settings, script_hashes: list[str], page_paths: Iterable[str] = ("/",)
) -> None:
    """Add the security headers to every response of ``server``.

    Parameters
    ----------
    server
        The Flask app.
    settings
        Frame ancestors of ``/embed`` and the basemap style.
    script_hashes
        CSP hashes of Dash's inline scripts.
    page_paths
        The app's pages (their HTML follows Accept-Language).
    """
    # A page's HTML (its <html lang> and title) follows Accept-Language; /_dash-layout is
    # the same shell for everyone, and the page renders by a POST callback.
    varying = set(page_paths)
    embed_ancestors = settings.embed_ancestors.strip() or "'none'"
    policies = {
        embedded: content_security_policy(
            script_hashes,
            embed_ancestors if embedded else "'none'",
            TILE_HOSTS.get(settings.basemap, ()),
        )
        for embedded in (False, True)
    }

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        embedded = request.path == EMBED_PATH or request.path.startswith(EMBED_PATH + "/")
        response.headers["Content-Security-Policy"] = policies[embedded]
        if not embedded:
            response.headers["X-Frame-Options"] = "DENY"
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        if (request.path.rstrip("/") or "/") in varying:
            response.vary.add("Accept-Language")
        return response
