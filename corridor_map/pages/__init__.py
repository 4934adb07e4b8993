"""Pages as units: each page is a :class:`Page` with its path, its layout and its callbacks.

The app's layout is a shell (:func:`shell`): a ``dcc.Location`` and an empty container. One
server callback renders the page that the URL's *path* names into it, in the language of the
URL's ``lang`` (else the browser's ``Accept-Language``, else the default). This is Dash's
documented multi-page pattern, so the page a request serves never depends on the Referer
header or on Dash internals, and ``/_dash-layout`` answers the same shell to everyone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dash import Dash, Input, Output, State, dcc, html
from flask import has_request_context, request

from corridor_map.i18n import negotiate
from corridor_map.view_state import LANG_PARAM, params_from_query

PAGE_URL = "page-url"
PAGE_CONTENT = "page-content"


@dataclass(frozen=True)
class PageRequest:
    """The page being laid out: path, query string (without ``?``) and language."""

    path: str
    query: str
    lang: str


@dataclass(frozen=True)
class Page:
    """One page of the app.

    Attributes
    ----------
    path
        Where it is served (``/``, ``/briefing``, ``/embed``).
    layout
        Builds the page for a request.
    register
        Wires the page's callbacks to the app.
    title_key
        Catalog key of the browser tab's title.
    skipped_libraries
        Component-suite paths the page does not use, left out of its scripts so it stays
        light (Dash otherwise sends every imported library to every page).
    lazy_libraries
        Component-suite paths the page loads only when a person needs them (e.g. the table
        library when a table is opened): listed in the index, not loaded.
    """

    path: str
    layout: Callable[[PageRequest], object]
    register: Callable[[Dash], None]
    title_key: str = "app.title"
    skipped_libraries: tuple[str, ...] = ()
    lazy_libraries: tuple[str, ...] = ()


def page_request(path: str, search: str | None, default_lang: str) -> PageRequest:
    """The page request for ``path`` and ``search`` in the language they and the browser ask.

    Parameters
    ----------
    path
        The page's path.
    search
        The page's query string (with or without ``?``).
    default_lang
        Used when neither the URL nor the browser names an available language.
    """
    requested = (params_from_query(search).get(LANG_PARAM) or [""])[-1]
    accept = request.headers.get("Accept-Language") if has_request_context() else None
    query = (search or "").lstrip("?")
    return PageRequest(normalise_path(path), query, negotiate(requested, accept, default_lang))


def normalise_path(path: str | None) -> str:
    """``/briefing/`` and ``/briefing`` are the same page."""
    return (path or "/").rstrip("/") or "/"


def shell() -> html.Div:
    """The layout every page shares: the location and the container the page renders into."""
    return html.Div([dcc.Location(id=PAGE_URL, refresh=False), html.Div(id=PAGE_CONTENT)])


def find_page(pages: Sequence[Page], path: str) -> Page | None:
    """The page served at ``path``, if any."""
    path = normalise_path(path)
    return next((page for page in pages if page.path == path), None)


def register_pages(app: Dash, pages: Sequence[Page], default_lang: str) -> None:
    """Render the page the URL's path names into the shell, and wire every page's callbacks.

    The page is rendered when the path changes (a page load); the query is read then, and
    afterwards each page keeps its own URL with its own ``dcc.Location``.
    """
    home = find_page(pages, "/") or pages[0]

    @app.callback(
        Output(PAGE_CONTENT, "children"),
        Input(PAGE_URL, "pathname"),
        State(PAGE_URL, "search"),
    )
    def render_page(pathname, search):
        page = find_page(pages, pathname) or home
        return page.layout(page_request(page.path, search, default_lang))

    for page in pages:
        page.register(app)
