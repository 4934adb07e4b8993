"""Which page a request is for, and in which language.

One Dash app serves every page (``/``, ``/embed``, ``/briefing``): the layout is a function
of the page URL. Dash fetches the layout from ``/_dash-layout``, so the page URL is read
from the Referer header the browser sends on that same-origin request (the app's
Referrer-Policy keeps it); without one, the explorer in the default language is served.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from flask import has_request_context, request

from corridor_map.i18n import negotiate


@dataclass(frozen=True)
class PageRequest:
    """The page being laid out: path, query string and language."""

    path: str
    query: str
    lang: str


def page_request(default_lang: str) -> PageRequest:
    """Describe the page the current request is for (see module docstring)."""
    if not has_request_context():
        return PageRequest("/", "", default_lang)
    if request.path.endswith("/_dash-layout") and request.referrer:
        page = urlparse(request.referrer)
    else:
        page = urlparse(request.url)
    requested = (parse_qs(page.query).get("lang") or [None])[-1]
    lang = negotiate(requested, request.headers.get("Accept-Language"), default_lang)
    return PageRequest(page.path.rstrip("/") or "/", page.query, lang)


#: Page path -> layout builder taking the PageRequest.
PageLayouts = dict[str, Callable[[PageRequest], object]]
