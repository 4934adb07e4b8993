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
    selected
        Id of the entity whose details are open, if any.
    """

    sectors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    query: str = ""
    selected: str | None = None

    def canonical(self, sector_order: tuple[str, ...]) -> FilterState:
        """Return the same choice in vocabulary order without duplicates or padding."""
        return replace(
            self,
            sectors=tuple(s for s in sector_order if s in self.sectors),
            countries=tuple(c for c in schema.COUNTRIES if c in self.countries),
            kinds=tuple(k for k in schema.ENTITY_KINDS if k in self.kinds),
            query=" ".join(self.query.split()),
            selected=self.selected or None,
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


def search_index(entities: pd.DataFrame) -> pd.Series:
    """One folded string per entity over the searchable fields (built once at start-up)."""
    joined = entities[list(SEARCH_FIELDS)].fillna("").astype(str).agg(" \u241f ".join, axis=1)
    return joined.map(fold)


def entity_mask(
    entities: pd.DataFrame, state: FilterState, index: pd.Series | None = None
) -> np.ndarray:
    """Boolean array: which entities match ``state`` (ignoring ``selected``)."""
    mask = np.ones(len(entities), dtype=bool)
    if state.kinds:
        mask &= entities["kind"].isin(state.kinds).to_numpy()
    if state.countries:
        mask &= entities["country"].isin(state.countries).to_numpy()
    if state.sectors:
        wanted = set(state.sectors)
        mask &= np.fromiter(
            (not wanted.isdisjoint(s) for s in entities["sectors"]), bool, len(entities)
        )
    if state.query:
        index = search_index(entities) if index is None else index
        needle = fold(state.query)
        mask &= index.str.contains(needle, regex=False).to_numpy()
    return mask


def link_mask(links: pd.DataFrame, matched_ids: set[str], state: FilterState) -> np.ndarray:
    """Boolean array: which links show, given the ids of matching entities."""
    mask = (
        links["from_id"].isin(matched_ids).to_numpy() | links["to_id"].isin(matched_ids).to_numpy()
    )
    if state.sectors:
        wanted = set(state.sectors)
        mask &= np.fromiter((not wanted.isdisjoint(s) for s in links["sectors"]), bool, len(links))
    return mask


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


def apply(
    entities: pd.DataFrame, links: pd.DataFrame, state: FilterState, index: pd.Series | None = None
) -> FilterResult:
    """Apply ``state`` to the registry.

    Parameters
    ----------
    entities, links
        Registry frames.
    state
        The filter state.
    index
        Pre-built :func:`search_index` (saves folding every name on every call).

    Returns
    -------
    FilterResult
        Boolean arrays aligned with the frames' rows.
    """
    matched = entity_mask(entities, state, index)
    matched_ids = set(entities["id"].to_numpy()[matched])
    shown_links = link_mask(links, matched_ids, state)
    ends = set(links["from_id"].to_numpy()[shown_links]) | set(
        links["to_id"].to_numpy()[shown_links]
    )
    partners = entities["id"].isin(ends).to_numpy() & ~matched
    return FilterResult(matched, shown_links, partners)
