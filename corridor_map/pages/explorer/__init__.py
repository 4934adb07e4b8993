"""The explorer on ``/``, for planners: filters, map, summaries, table, analytics."""

from __future__ import annotations

from collections.abc import Callable

from corridor_map.context import AppContext
from corridor_map.pages import Page, PageRequest
from corridor_map.pages.explorer.callbacks import register_callbacks
from corridor_map.pages.explorer.grids import LIBRARY_PATH
from corridor_map.pages.explorer.layout import explorer_layout
from corridor_map.view_state import params_from_query, parse_view

PATH = "/"


def page(context: AppContext, figure_for: Callable[..., object]) -> Page:
    """The explorer page of ``context``; ``figure_for(lang)`` gives the shared map figure."""

    def layout(request: PageRequest):
        params = params_from_query(request.query)
        view = parse_view(
            params,
            context.sector_ids,
            context.registry.entities.index,
            programmes=context.programme_ids,
        ).view
        return explorer_layout(context, figure_for(request.lang), request.lang, view)

    return Page(
        PATH,
        layout,
        lambda app: register_callbacks(app, context),
        lazy_libraries=(LIBRARY_PATH,),
    )
