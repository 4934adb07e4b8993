"""Briefing mode on ``/briefing``, for ministers at a projector: a storyboard of views."""

from __future__ import annotations

from collections.abc import Callable

from corridor_map.context import AppContext
from corridor_map.pages import Page, PageRequest
from corridor_map.pages.briefing.page import (
    BRIEFING_PATH,
    briefing_layout,
    register_briefing_callbacks,
)
from corridor_map.pages.explorer.grids import LIBRARY_PATH

PATH = BRIEFING_PATH


def page(context: AppContext, figure_for: Callable[..., object]) -> Page:
    """The briefing page of ``context``; ``figure_for(lang)`` gives the shared map figure."""

    def layout(request: PageRequest):
        return briefing_layout(request, context, figure_for(request.lang))

    # The briefing draws no table: the grid library stays off its page.
    return Page(
        PATH,
        layout,
        lambda app: register_briefing_callbacks(app, context),
        title_key="page.title.briefing",
        skipped_libraries=(LIBRARY_PATH,),
    )
