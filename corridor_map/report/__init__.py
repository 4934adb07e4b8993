"""Documents of a view, drawn server-side: the one-page brief (a PDF, A4 landscape, and a
PNG of its map) and the briefing storyboard as an editable deck (PowerPoint).

Routes (:mod:`corridor_map.http.brief`): ``GET /brief.pdf``, ``GET /brief.png`` and
``GET /briefing.pptx`` take the explorer's URL parameters. The documents themselves are
:mod:`corridor_map.report.brief` and :mod:`corridor_map.report.deck` (imported only when one
is first asked for: matplotlib, fpdf2 and python-pptx are heavy).
"""

from __future__ import annotations

BRIEF_PDF_PATH = "/brief.pdf"
BRIEF_PNG_PATH = "/brief.png"
DECK_PATH = "/briefing.pptx"

__all__ = ["BRIEF_PDF_PATH", "BRIEF_PNG_PATH", "DECK_PATH"]
