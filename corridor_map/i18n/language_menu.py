"""The language switch: links to the same view in each corridor language.

Each link keeps the page's query and sets ``lang=``; following it reloads the page, whose
layout is then built in that language (see :mod:`corridor_map.pages`). The links follow the
address bar in the browser (``languageLinks`` in assets/view-links.js): no server round trip.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, html

from corridor_map.i18n import LANGUAGE_NAMES, available_languages, translate

#: Pattern-matching id type of the menu's items (one per language code).
LANGUAGE_ITEM = "language-item"


def language_href(search: str | None, lang: str) -> str:
    """The current query with ``lang`` set (other parameters kept in order)."""
    pairs = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k != "lang"]
    return "?" + urlencode([*pairs, ("lang", lang)], safe=",")


def language_items(search: str | None, current: str) -> list:
    """One menu item per available language, named in that language."""
    return [
        dbc.DropdownMenuItem(
            html.Span(LANGUAGE_NAMES.get(code, code), lang=code),
            id={"type": LANGUAGE_ITEM, "index": code},
            href=language_href(search, code),
            external_link=True,
            active=code == current,
        )
        for code in available_languages()
    ]


def language_menu(menu_id: str, lang: str, search: str = "") -> html.Nav:
    """The switch, labelled with the current language's own name."""
    return html.Nav(
        dbc.DropdownMenu(
            language_items(search, lang),
            id=menu_id,
            label=LANGUAGE_NAMES.get(lang, lang),
            color="light",
            size="sm",
            align_end=True,
        ),
        className="language-menu",
        **{"aria-label": translate("language.choose", lang)},
    )


def register_language_menu(app: Dash, url_id: str) -> None:
    """Keep the menu's links pointing at the current view as the URL changes (in the browser)."""
    item = {"type": LANGUAGE_ITEM, "index": ALL}
    app.clientside_callback(
        ClientsideFunction(namespace="corridor", function_name="languageLinks"),
        Output(item, "href"),
        Input(url_id, "search"),
        State(item, "id"),
        prevent_initial_call=True,
    )
