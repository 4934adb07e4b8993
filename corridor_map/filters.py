"""Filter state and the one function that applies it to the registry.

Rules (also in README):

- An entity matches when its kind, country and sectors meet every filter that is set (a
  filter left empty does not restrict) and the search text occurs in its English name,
  local-script name, city or operator (case, accents and width folded).
- A link shows when its sectors meet the sector filter and at least one of its ends
  matches; its other end is drawn too, as a partner, even if that end does not match.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from corridor_map import schema

SEARCH_FIELDS = ("name", "name_local", "city", "operator")


@dataclass(frozen=True)
class FilterState:
    """What the user chose; canonical (vocabulary order, no duplicates) so it compares exactly.

    Attributes
    ----------
    sectors, countries, kinds
        Selected values from the controlled vocabularies; empty means "all".
    query
        Free-text search.

    Selection (the record whose details are open) is not part of the filter: it lives in
    :class:`corridor_map.view_state.ViewState`.
    """

    sectors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    query: str = ""

    def canonical(self, sector_order: tuple[str, ...]) -> FilterState:
        """Return the same choice in vocabulary order without duplicates or padding."""
        return replace(
            self,
            sectors=tuple(s for s in sector_order if s in self.sectors),
            countries=tuple(c for c in schema.COUNTRIES if c in self.countries),
            kinds=tuple(k for k in schema.ENTITY_KINDS if k in self.kinds),
            query=" ".join(self.query.split()),
        )

    @property
    def is_default(self) -> bool:
        """True when nothing restricts the view."""
        return self == FilterState()


def fold(text: str) -> str:
    """Fold text for search: case, compatibility forms and Latin accents.

    Combining marks are dropped only after a Latin letter (``Hà Nội`` -> ``ha noi``); marks in
    Thai, Lao, Khmer and Myanmar are part of the spelling and stay.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def search_index(entities: pd.DataFrame, aliases: pd.Series | None = None) -> pd.Series:
    """One folded string per entity over the searchable fields (built once at start-up).

    ``aliases``, aligned with ``entities``, adds other names per entity (e.g. its city in
    other scripts, ``"万象|ວຽງຈັນ"``; ``|`` separates names) so that they match too.
    """
    joined = entities[list(SEARCH_FIELDS)].fillna("").astype(str).agg(" \u241f ".join, axis=1)
    if aliases is not None:
        extra = aliases.reindex(entities.index).fillna("").astype(str)
        joined = joined + " \u241f " + extra.str.replace("|", " \u241f ", regex=False)
    return joined.map(fold)


@dataclass(frozen=True)
class FilterResult:
    """What a filter state selects: matching entities, visible links, and partner ends."""

    entities: np.ndarray
    links: np.ndarray
    partners: np.ndarray

    @property
    def visible(self) -> np.ndarray:
        """Entities drawn on the map: matches plus partners at the ends of visible links."""
        return self.entities | self.partners


@dataclass(frozen=True)
class FilterIndex:
    """The registry as arrays, built once, so applying a filter is vectorised boolean work.

    Attributes
    ----------
    kinds, countries
        Per-entity codes.
    sectors
        Boolean matrix entity × sector (``sector_ids`` gives the columns).
    link_sectors
        Boolean matrix link × sector.
    link_from, link_to
        Row positions of each link's ends in the entity frame.
    search
        Folded search text per entity.
    """

    kinds: np.ndarray
    countries: np.ndarray
    sector_ids: tuple[str, ...]
    sectors: np.ndarray
    link_sectors: np.ndarray
    link_from: np.ndarray
    link_to: np.ndarray
    search: pd.Series

    @classmethod
    def build(
        cls, entities: pd.DataFrame, links: pd.DataFrame, search: pd.Series | None = None
    ) -> FilterIndex:
        """Index ``entities`` and ``links`` (links' ends must be entity ids)."""
        sector_ids = tuple(
            dict.fromkeys(s for row in (*entities["sectors"], *links["sectors"]) for s in row)
        )
        column = {s: i for i, s in enumerate(sector_ids)}

        def matrix(rows) -> np.ndarray:
            out = np.zeros((len(rows), len(sector_ids)), dtype=bool)
            for i, row in enumerate(rows):
                out[i, [column[s] for s in row]] = True
            return out

        position = pd.Index(entities["id"])
        return cls(
            kinds=entities["kind"].to_numpy(),
            countries=entities["country"].to_numpy(),
            sector_ids=sector_ids,
            sectors=matrix(entities["sectors"]),
            link_sectors=matrix(links["sectors"]),
            link_from=position.get_indexer(links["from_id"]),
            link_to=position.get_indexer(links["to_id"]),
            search=search_index(entities) if search is None else search,
        )

    def _sector_columns(self, state: FilterState) -> list[int]:
        return [self.sector_ids.index(s) for s in state.sectors if s in self.sector_ids]

    def entity_mask(self, state: FilterState) -> np.ndarray:
        """Boolean array: which entities match ``state`` ."""
        mask = np.ones(len(self.kinds), dtype=bool)
        if state.kinds:
            mask &= np.isin(self.kinds, state.kinds)
        if state.countries:
            mask &= np.isin(self.countries, state.countries)
        if state.sectors:
            mask &= self.sectors[:, self._sector_columns(state)].any(axis=1)
        if state.query:
            mask &= self.search.str.contains(fold(state.query), regex=False).to_numpy()
        return mask

    def apply(self, state: FilterState) -> FilterResult:
        """Apply ``state``: matching entities, links that show, and partner ends."""
        matched = self.entity_mask(state)
        links = matched[self.link_from] | matched[self.link_to]
        if state.sectors:
            links &= self.link_sectors[:, self._sector_columns(state)].any(axis=1)
        ends = np.zeros(len(matched), dtype=bool)
        ends[self.link_from[links]] = True
        ends[self.link_to[links]] = True
        return FilterResult(matched, links, ends & ~matched)


_NO_LINKS = pd.DataFrame({"from_id": [], "to_id": [], "sectors": []})


def entity_mask(
    entities: pd.DataFrame, state: FilterState, index: pd.Series | None = None
) -> np.ndarray:
    """Boolean array: which entities match ``state`` (a one-off index; see :class:`FilterIndex`)."""
    return FilterIndex.build(entities, _NO_LINKS, index).entity_mask(state)


def apply(
    entities: pd.DataFrame,
    links: pd.DataFrame,
    state: FilterState,
    index: pd.Series | FilterIndex | None = None,
) -> FilterResult:
    """Apply ``state`` to the registry.

    Parameters
    ----------
    entities, links
        Registry frames.
    state
        The filter state.
    index
        A prebuilt :class:`FilterIndex` for these frames (the app builds one at start-up), or
        a prebuilt :func:`search_index`; without one an index is built for this call.

    Returns
    -------
    FilterResult
        Boolean arrays aligned with the frames' rows.
    """
    if not isinstance(index, FilterIndex):
        index = FilterIndex.build(entities, links, index)
    return index.apply(state)
