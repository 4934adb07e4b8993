"""The language switch: links to the same view in each corridor language.

Each link keeps the page's query and sets ``lang=``; following it reloads the page, whose
layout is then built in that language (see :mod:`corridor_map.pages`). The links follow the
address bar in the browser (``languageLinks`` in assets/view-links.js): no server round trip.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, html

from corridor_map.i18n import LANGUAGE_NAMES, available_languages, translate

#: Pattern-matching id type of the menu's items (one per language code).
LANGUAGE_ITEM = "language-item"


def language_href(search: str | None, lang: str) -> str:
    """The current query with ``lang`` set (other parameters kept in order)."""
    pairs = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k != "lang"]
    return "?" + urlencode([*pairs, ("lang", lang)], safe=",")


def language_items(search: str | None, current: str) -> list:
    """One link per available language, named in that language."""
    return [
        html.Li(
            html.A(
                LANGUAGE_NAMES.get(code, code),
                id={"type": LANGUAGE_ITEM, "index": code},
                href=language_href(search, code),
                lang=code,
                hrefLang=code,
                className="language-link" + (" active" if code == current else ""),
                **({"aria-current": "true"} if code == current else {}),
            )
        )
        for code in available_languages()
    ]


def language_menu(menu_id: str, lang: str, search: str = "") -> html.Nav:
    """The switch, labelled with the current language's own name: a native disclosure
    (``<details>``) of plain links, usable by keyboard and without JavaScript."""
    return html.Nav(
        html.Details(
            [
                html.Summary(LANGUAGE_NAMES.get(lang, lang), className="btn btn-light btn-sm"),
                html.Ul(language_items(search, lang), className="language-list shadow-sm"),
            ],
            id=menu_id,
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
