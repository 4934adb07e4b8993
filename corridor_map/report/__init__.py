"""One-page brief of a view: a PDF (A4 landscape) and a PNG of its map, drawn server-side.

Routes (:mod:`corridor_map.http.brief`): ``GET /brief.pdf`` and ``GET /brief.png`` take the
explorer's URL parameters. The document itself is :mod:`corridor_map.report.brief` (imported
only when a brief is first asked for: matplotlib and fpdf2 are heavy).
"""

from __future__ import annotations

BRIEF_PDF_PATH = "/brief.pdf"
BRIEF_PNG_PATH = "/brief.png"

__all__ = ["BRIEF_PDF_PATH", "BRIEF_PNG_PATH"]
