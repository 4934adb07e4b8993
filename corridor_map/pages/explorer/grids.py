"""Tables that load on demand: AG Grid's scripts (about 600 KB) are fetched only when a
person opens a table, so the explorer's first visit stays light.

A lazy grid is an "Open the table" button, a slot, the grid's spec (columns and options, in
the page's language) and its rows in stores. The page's index lists the grid library's
scripts without loading them (:attr:`corridor_map.pages.Page.lazy_libraries`). The first
click loads them and renders ``dash_ag_grid.AgGrid`` into the slot in the browser
(``openGrid`` in assets/lazy-grid.js).

Rows are sent only while a table is open, so a filter change does not pay for tables nobody
looks at. The rows store holds ``{"key": …, "rows": […]}``: the key names the view the rows
were made for (:func:`rows_key`), and the page keeps the current view's key in a store.

Small tables (the access and coverage tables) hold all their rows in the browser, which
sorts and filters them. While such a table is open, the page's one server callback sends its
rows with every change and ``openGrid`` re-renders it; when a closed table opens on rows
made for another view, ``openGrid`` writes the current key into the grid's fetch store and
the page's fill callback answers with the rows (the one round trip of that click).

The records table may hold 100,000 records: it uses AG Grid's infinite row model
(``rowModelType="infinite"``), blocks of rows sorted and filtered on the server over every
matching record (:mod:`corridor_map.pages.explorer.records`). Its rows store holds the
current view's first block in the default order and the number of matches (``"count"``).
The grid asks for each block in ``getRowsRequest``; ``gridBlock`` (assets/lazy-grid.js)
answers the first block of the current view from the rows store, and writes any other
request (a later block, a sort, a column filter) into the grid's block store, which the
page's block callback answers in ``getRowsResponse``. When the view changes while the table
is open, ``openGrid`` purges the grid's blocks, so it asks again and gets the new view's
first block from the rows the page's one server callback sent: one request per filter
change with the table open.

Nothing else waits for a grid, and the records stay reachable without it (the records list,
the CSV download).
"""

from __future__ import annotations

import dash_ag_grid  # noqa: F401 -- registers the library with Dash, which serves its scripts
from dash import MATCH, ClientsideFunction, Dash, Input, Output, State, dcc, html

from corridor_map.i18n import translate
from corridor_map.i18n.widgets import grid_locale_text

#: Pattern-matching id types (the index names the grid: ``records``, ``access``).
GRID = "lazy-grid"
GRID_OPEN = "lazy-grid-open"
GRID_SLOT = "lazy-grid-slot"
GRID_SPEC = "lazy-grid-spec"
GRID_ROWS = "lazy-grid-rows"
GRID_FETCH = "lazy-grid-fetch"
#: A block-loading grid's requests that go to the server (see the module's docstring).
GRID_BLOCK = "lazy-grid-block"
#: The component library a lazy grid needs, and its path among Dash's component suites.
LIBRARY = "dash_ag_grid"
LIBRARY_PATH = f"/{LIBRARY}/"


def part_id(kind: str, name: str) -> dict:
    """The pattern-matching id of part ``kind`` (:data:`GRID`, :data:`GRID_ROWS`…) of grid
    ``name``."""
    return {"type": kind, "index": name}


def rows_key(*parts: object) -> str:
    """The key of the view some rows were made for: its parts (query, language…) joined."""
    return "|".join("" if part is None else str(part) for part in parts)


def rows_payload(key: str, rows: list, count: int | None = None) -> dict:
    """A rows store's data: the rows and the key of the view they were made for; for a grid
    that loads blocks, ``count`` is how many rows the view has (``rows`` is its first
    block)."""
    return (
        {"key": key, "rows": rows} if count is None else {"key": key, "rows": rows, "count": count}
    )


def is_infinite(grid_props: dict) -> bool:
    """Whether a grid with these properties loads its rows block by block."""
    return grid_props.get("rowModelType") == "infinite"


def is_open(clicks: object) -> bool:
    """Whether a lazy grid whose button was clicked ``clicks`` times is open (odd: open)."""
    return isinstance(clicks, int) and clicks % 2 == 1


def lazy_grid(name: str, container_id: str, grid_props: dict, lang: str) -> html.Div:
    """The button, the slot and the stores of lazy grid ``name``.

    Parameters
    ----------
    name
        The grid's name (its ids' index).
    container_id
        A plain id for the whole block (so pages and tests can find the grid by CSS).
    grid_props
        ``dash_ag_grid.AgGrid`` properties other than ``id`` and ``rowData`` (columns,
        options, style), as JSON-ready data; with ``rowModelType="infinite"`` the grid
        loads blocks (its block store is added).
    lang
        The page's language (button labels, AG Grid's own text).
    """
    options = {**grid_props.get("dashGridOptions", {}), "localeText": grid_locale_text(lang)}
    spec = {
        "library": LIBRARY,
        "props": {**grid_props, "dashGridOptions": options, "id": part_id(GRID, name)},
        "labels": {
            "open": translate("table.open", lang),
            "close": translate("table.close", lang),
        },
    }
    return html.Div(
        [
            html.Button(
                translate("table.open", lang),
                id=part_id(GRID_OPEN, name),
                className="btn btn-outline-secondary btn-sm mb-2",
                **{"aria-expanded": "false", "aria-controls": f"{container_id}-slot"},
            ),
            html.Div(html.Div(id=part_id(GRID_SLOT, name)), id=f"{container_id}-slot"),
            dcc.Store(id=part_id(GRID_SPEC, name), data=spec),
            dcc.Store(id=part_id(GRID_ROWS, name)),
            dcc.Store(id=part_id(GRID_FETCH, name)),
            *([dcc.Store(id=part_id(GRID_BLOCK, name))] if is_infinite(grid_props) else []),
        ],
        id=container_id,
        className="lazy-grid",
    )


def register_lazy_grids(app: Dash, key_store: str) -> None:
    """Open, close and refill every lazy grid of the page in the browser.

    ``key_store`` is the id of the page's store holding the current view's :func:`rows_key`;
    the page registers the server callbacks that answer a grid's fetch store and, for a grid
    that loads blocks, its block store (with ``getRowsResponse``).
    """
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="openGrid"),
        Output(part_id(GRID_SLOT, MATCH), "children"),
        Output(part_id(GRID_OPEN, MATCH), "children"),
        Output(part_id(GRID_OPEN, MATCH), "aria-expanded"),
        Input(part_id(GRID_OPEN, MATCH), "n_clicks"),
        Input(part_id(GRID_ROWS, MATCH), "data"),
        State(part_id(GRID_SPEC, MATCH), "data"),
        State(key_store, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="requestRows"),
        Output(part_id(GRID_FETCH, MATCH), "data"),
        Input(part_id(GRID_OPEN, MATCH), "n_clicks"),
        State(part_id(GRID_ROWS, MATCH), "data"),
        State(part_id(GRID_SPEC, MATCH), "data"),
        State(key_store, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="gridBlock"),
        Output(part_id(GRID, MATCH), "getRowsResponse"),
        Output(part_id(GRID_BLOCK, MATCH), "data"),
        Input(part_id(GRID, MATCH), "getRowsRequest"),
        State(part_id(GRID_ROWS, MATCH), "data"),
        State(part_id(GRID_SPEC, MATCH), "data"),
        State(key_store, "data"),
        prevent_initial_call=True,
    )
