"""The explorer on ``/``, for planners: filters, map, summaries, table, analytics."""

from __future__ import annotations

from collections.abc import Callable

from corridor_map.context import AppContext
from corridor_map.pages import Page, PageRequest, with_answer
from corridor_map.pages.explorer.callbacks import (
    EXPLORER_OUTPUTS,
    ExplorerViews,
    register_callbacks,
)
from corridor_map.pages.explorer.grids import LIBRARY_PATH
from corridor_map.pages.explorer.layout import explorer_layout
from corridor_map.view_state import params_from_query, parse_view

PATH = "/"


def page(context: AppContext, figure_for: Callable[..., object]) -> Page:
    """The explorer page of ``context``; ``figure_for(lang)`` gives the shared map figure.
    The page is rendered with its view callback's first answer (one server callback opens
    it)."""
    views = ExplorerViews(context)

    def layout(request: PageRequest):
        params = params_from_query(request.query)
        view = parse_view(
            params,
            context.sector_ids,
            context.registry.entities.index,
            programmes=context.programme_ids,
        ).view
        return with_answer(
            explorer_layout(context, figure_for(request.lang), request, view),
            EXPLORER_OUTPUTS,
            views.first_answer(request.search, request.lang),
        )

    return Page(
        PATH,
        layout,
        lambda app: register_callbacks(app, context, views),
        lazy_libraries=(LIBRARY_PATH,),
    )
