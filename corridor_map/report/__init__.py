"""One-page brief of a view: a PDF (A4 landscape) and a PNG of its map, drawn server-side.

Routes (:mod:`corridor_map.http.brief`): ``GET /brief.pdf`` and ``GET /brief.png`` take the
explorer's URL parameters (``sector, country, kind, q, id, lang``). This module stays light
(no matplotlib or fpdf import) so pages can link to the brief cheaply with
:func:`brief_href`.
"""

from __future__ import annotations

from corridor_map.filters import FilterState
from corridor_map.url_state import to_query

BRIEF_PDF_PATH = "/brief.pdf"
BRIEF_PNG_PATH = "/brief.png"


def brief_href(state: FilterState, lang: str | None = None, at: str = "", hide: str = "") -> str:
    """Relative URL of the PDF brief of ``state`` in ``lang`` (e.g. ``/brief.pdf?country=LAO``).

    Parameters
    ----------
    state
        The view (filters and selected record).
    lang
        Language of the brief; omitted when empty (the server default applies).
    at, hide
        The explorer's map framing and hidden layers, kept in the brief's link to the view.
    """
    return BRIEF_PDF_PATH + to_query(state, {"lang": lang or "", "at": at, "hide": hide})


def brief_png_href(state: FilterState, lang: str | None = None) -> str:
    """Relative URL of the PNG map of ``state`` (same parameters as :func:`brief_href`)."""
    return BRIEF_PNG_PATH + to_query(state, {"lang": lang or ""})


__all__ = ["BRIEF_PDF_PATH", "BRIEF_PNG_PATH", "brief_href", "brief_png_href"]
