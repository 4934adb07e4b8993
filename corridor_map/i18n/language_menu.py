"""The language switch: links to the same view in each corridor language.

Each link keeps the page's query and sets ``lang=``; following it reloads the page, whose
layout is then built in that language (see :mod:`corridor_map.pages`).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, html

from corridor_map.i18n import LANGUAGE_NAMES, available_languages, translate


def language_href(search: str | None, lang: str) -> str:
    """The current query with ``lang`` set (other parameters kept in order)."""
    pairs = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k != "lang"]
    return "?" + urlencode([*pairs, ("lang", lang)], safe=",")


def language_items(search: str | None, current: str) -> list:
    """One menu item per available language, named in that language."""
    return [
        dbc.DropdownMenuItem(
            html.Span(LANGUAGE_NAMES.get(code, code), lang=code),
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


def register_language_menu(app: Dash, menu_id: str, url_id: str, lang_store_id: str) -> None:
    """Keep the menu's links pointing at the current view as the URL changes."""

    @app.callback(
        Output(menu_id, "children"),
        Input(url_id, "search"),
        Input(lang_store_id, "data"),
    )
    def update_language_links(search, lang):
        return language_items(search, lang)
