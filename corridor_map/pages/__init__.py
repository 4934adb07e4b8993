"""Pages as units: each page is a :class:`Page` with its path, its layout and its callbacks.

The app's layout is a shell (:func:`shell`): a ``dcc.Location`` and an empty container. One
server callback renders the page that the URL's *path* names into it, in the language of the
URL's ``lang`` (else the browser's ``Accept-Language``, else the default). This is Dash's
documented multi-page pattern, so the page a request serves never depends on the Referer
header or on Dash internals, and ``/_dash-layout`` answers the same shell to everyone.

A page is rendered with its own callback's first answer already in it (:func:`with_answer`),
and that callback does not run on load: opening a page, shared view and all, costs that one
server callback. The page's ``dcc.Location`` is rendered with the address the browser has
(:func:`page_location`), so mounting it changes no property a callback listens to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component
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

    @property
    def search(self) -> str:
        """The query as the address bar has it (``?…``, or empty)."""
        return f"?{self.query}" if self.query else ""


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


def page_location(location_id: str, request: PageRequest) -> dcc.Location:
    """A page's own ``dcc.Location``, rendered with the path and query the browser has.

    A ``dcc.Location`` rendered without them reads them from the address bar when it mounts,
    which is a property change: the page's callback would run again for the view it was
    rendered with. Register :func:`register_address_alignment` for it too.
    """
    return dcc.Location(
        id=location_id,
        refresh=False,
        pathname=request.path,
        search=request.search,
    )


def register_address_alignment(app: Dash, location_id: str) -> None:
    """Show the address a page was rendered with (its canonical query, :func:`with_answer`)
    in the address bar, in place of the one typed or shared (``alignAddress`` in
    assets/view-links.js; no history entry, no server request)."""
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="alignAddress"),
        Input(location_id, "href"),
        State(location_id, "search"),
        State(location_id, "id"),
    )


def _components(node: object) -> Iterator[Component]:
    """Every component in a layout tree (through ``children``), parents first."""
    if isinstance(node, Component):
        yield node
        node = getattr(node, "children", None)
    if isinstance(node, list | tuple):
        for child in node:
            yield from _components(child)
    elif isinstance(node, Component):
        yield from _components(node)


def with_answer(layout: Component, outputs: Sequence[Output], values: Sequence[object]):
    """``layout`` with a callback's answer set on the components it names.

    Parameters
    ----------
    layout
        A page's components (changed in place, and returned).
    outputs
        The callback's outputs, in order.
    values
        Its answer for the page's first view: one value per output; ``no_update`` leaves
        the layout's own value.

    Raises
    ------
    LookupError
        An output names a component the layout does not have (a page and its callback
        disagree: a programming error, caught by the page's tests).
    """
    by_id = {
        str(component.id): component
        for component in _components(layout)
        if getattr(component, "id", None) is not None
    }
    for output, value in zip(outputs, values, strict=True):
        component = by_id.get(str(output.component_id))
        if component is None:
            raise LookupError(f"the page has no component {output.component_id!r}")
        if value is not no_update:
            setattr(component, output.component_property, value)
    return layout


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
