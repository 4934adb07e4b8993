"""Everything the callbacks read, computed once at start-up (never per request)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from corridor_map.filters import FilterIndex, FilterResult, FilterState, search_index
from corridor_map.map.figure import (
    HIGHLIGHT_LINKS_UID,
    HIGHLIGHT_POINT_UID,
    entity_trace_uids,
    figure_traces,
    link_point_uid,
    link_segments,
    link_trace_uid,
)
from corridor_map.place_names import entity_aliases, load_place_names
from corridor_map.programmes import programme_table
from corridor_map.registry import Registry
from corridor_map.settings import REPO_ROOT
from layers import ENTITY_LAYERS, LINK_LAYER

#: Filter results kept per app (a few KB each at the shipped size).
RESULT_CACHE_SIZE = 256


@dataclass(frozen=True)
class TracePlan:
    """Where each layer's traces sit in the map figure's ``data`` list (what the compact
    map view addresses by position)."""

    links: tuple[int, int] = (0, 1)
    link_points: tuple[int, int] = (2, 3)
    entity: dict[str, tuple[int, ...]] = field(default_factory=dict)
    highlight_links: int = -1
    highlight_point: int = -1

    @classmethod
    def from_uids(cls, uids: Sequence[str]) -> TracePlan:
        """The positions of the layers' traces among a figure's trace ``uids``.

        Raises
        ------
        ValueError
            "expected a trace …, got …" when a layer's trace is missing.
        """
        where = {uid: i for i, uid in enumerate(uids)}

        def position(uid: str) -> int:
            if uid not in where:
                raise ValueError(f"trace plan: expected a trace {uid!r}, got {list(uids)}")
            return where[uid]

        return cls(
            links=(
                position(link_trace_uid(LINK_LAYER, False)),
                position(link_trace_uid(LINK_LAYER, True)),
            ),
            link_points=(
                position(link_point_uid(LINK_LAYER, False)),
                position(link_point_uid(LINK_LAYER, True)),
            ),
            entity={
                layer.kind: tuple(position(uid) for uid in entity_trace_uids(layer))
                for layer in ENTITY_LAYERS
            },
            highlight_links=position(HIGHLIGHT_LINKS_UID),
            highlight_point=position(HIGHLIGHT_POINT_UID),
        )

    @classmethod
    def build(cls, entities: pd.DataFrame, links: pd.DataFrame) -> TracePlan:
        """Read the plan from the figure's own trace builder (:func:`corridor_map.map.figure.
        figure_traces`), run on no rows: the same traces in the same order, nothing drawn,
        so the plan cannot drift from the figure."""
        return cls.from_uids(
            [trace.uid for trace in figure_traces(entities.iloc[:0], links.iloc[:0], "en")]
        )


@dataclass(frozen=True)
class AppContext:
    """The registry plus indexes the callbacks need, built once.

    Attributes
    ----------
    registry
        The validated registry.
    search
        Folded search text per entity.
    kind_rows
        For each kind, the positions of its entities in ``registry.entities`` (trace order).
    plan
        Trace positions in the map figure.
    sector_ids
        The sector vocabulary in display order.
    """

    registry: Registry
    search: pd.Series
    kind_rows: dict[str, np.ndarray]
    plan: TracePlan
    sector_ids: tuple[str, ...]
    data_dir: Path = REPO_ROOT / "data"

    @cached_property
    def link_segments(self) -> np.ndarray:
        """Each link as ``[[lon_a, lat_a], [lon_b, lat_b], [nan, nan]]`` (n × 3 × 2), so a set
        of links flattens into one NaN-separated polyline with numpy alone (ends where the
        map draws them, see :func:`corridor_map.map.figure.link_segments`)."""
        return link_segments(self.registry.links)

    @cached_property
    def programmes(self) -> pd.DataFrame:
        """The programmes the links name (:func:`corridor_map.programmes.programme_table`)."""
        return programme_table(self.registry.links)

    @property
    def programme_ids(self) -> tuple[str, ...]:
        """Programme ids in display order (the ``programme=`` vocabulary)."""
        return self.filter_index.programme_ids

    @cached_property
    def filter_index(self) -> FilterIndex:
        """Arrays for fast filtering (built on first use; create_app warms it at start-up)."""
        return FilterIndex.build(self.registry.entities, self.registry.links, self.search)

    @cached_property
    def analytics(self):
        """The corridor analytics (network, access) of this context, with their caches:
        built on first use from the context's data folder (create_app builds it at start-up)."""
        from corridor_map.analytics import Analytics  # the analytics import this module

        return Analytics(self, self.data_dir)

    @cached_property
    def result(self) -> Callable[[FilterState], FilterResult]:
        """What a filter selects, memoised: every part of a page that follows the filter
        asks here, so one state is applied once however many parts render it.

        Canonical states are the keys (the parsers make them so); the cache is bounded, so
        free-text searches cannot grow it without limit.
        """
        return lru_cache(maxsize=RESULT_CACHE_SIZE)(self.filter_index.apply)

    @cached_property
    def growth(self) -> Callable[[FilterState], object]:
        """The corridor year by year under a filter (its year and ``since`` ignored), as
        :func:`corridor_map.analytics.growth.growth` counts it; memoised like
        :attr:`result`, so a step of play does not recount the timeline."""
        from corridor_map.analytics.growth import count_growth  # analytics import this module

        index = self.filter_index

        def count(state: FilterState):
            result = self.result(replace(state, year=None, since=""))
            return count_growth(
                index.established, index.kinds, index.start_years, result.entities, result.links
            )

        return lru_cache(maxsize=RESULT_CACHE_SIZE)(count)

    @classmethod
    def build(
        cls,
        registry: Registry,
        place_names: dict[tuple[str, str], str] | None = None,
        data_dir: Path | None = None,
    ) -> AppContext:
        """Precompute the indexes for ``registry``.

        ``place_names`` (:func:`corridor_map.place_names.load_place_names`; default: the
        shipped ``data/places/place_names.csv``) lets search find a city by its other names.
        """
        kinds = registry.entities["kind"].to_numpy()
        names = load_place_names() if place_names is None else place_names
        return cls(
            registry=registry,
            search=search_index(registry.entities, entity_aliases(registry.entities, names)),
            kind_rows={layer.kind: np.flatnonzero(kinds == layer.kind) for layer in ENTITY_LAYERS},
            plan=TracePlan.build(registry.entities, registry.links),
            sector_ids=tuple(registry.sectors["id"]),
            data_dir=data_dir or REPO_ROOT / "data",
        )
