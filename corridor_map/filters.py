"""Filter state and the one function that applies it to the registry.

Rules (also in README):

- An entity matches when its kind, country and sectors meet every filter that is set (a
  filter left empty does not restrict) and the search text occurs in its English name,
  local-script name, city or operator (case, accents and width folded). It meets the sector
  filter through its own sectors or through the sectors of one of its project links (a
  university whose clean-energy work is a joint lab counts as clean energy).
- A link shows when its sectors meet the sector filter, it names one of the chosen
  programmes (when any are chosen) and at least one of its ends matches; its other end is
  drawn too, as a partner, even if that end does not match. The programme filter applies to
  links only.
- A year (the corridor as it stood at the end of that year) keeps the entities established
  by then and the links started by then; records without a known year are left out (and
  counted by :meth:`FilterIndex.undated`).
- A date (``since``) keeps what was added or changed on or after it (``changed`` from
  ``versions.csv``): the entities, and the links, each by its own date; a new link between
  unchanged records shows with its ends as partners.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from corridor_map import schema
from corridor_map.programmes import link_programme_matrix, programme_table

SEARCH_FIELDS = ("name", "name_local", "former_names", "city", "operator")


@dataclass(frozen=True)
class FilterState:
    """What the user chose; canonical (vocabulary order, no duplicates) so it compares exactly.

    Attributes
    ----------
    sectors, countries, kinds, statuses
        Selected values from the controlled vocabularies; empty means "all". A status
        filter keeps only the kinds that carry a status (zones, parks, incubators).
    query
        Free-text search.
    programmes
        Programme ids (:mod:`corridor_map.programmes`); they restrict links only.
    year
        Show the corridor as it stood at the end of this year (``None``: today, undated
        records included).
    since
        ``YYYY-MM-DD``: keep only what was added or changed on or after this date.

    Selection (the record whose details are open) is not part of the filter: it lives in
    :class:`corridor_map.view_state.ViewState`.
    """

    sectors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    query: str = ""
    statuses: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    year: int | None = None
    since: str = ""

    def canonical(self, sector_order: tuple[str, ...]) -> FilterState:
        """Return the same choice in vocabulary order without duplicates or padding."""
        return replace(
            self,
            sectors=tuple(s for s in sector_order if s in self.sectors),
            countries=tuple(c for c in schema.COUNTRIES if c in self.countries),
            kinds=tuple(k for k in schema.ENTITY_KINDS if k in self.kinds),
            statuses=tuple(s for s in schema.ENTITY_STATUSES if s in self.statuses),
            query=" ".join(self.query.split()),
            programmes=tuple(sorted(set(self.programmes))),
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
    fields = [f for f in SEARCH_FIELDS if f in entities]
    joined = entities[fields].fillna("").astype(str).agg(" \u241f ".join, axis=1)
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
    kinds, countries, statuses
        Per-entity codes; ``countries`` holds the registry's computed ``unit`` (a Chinese
        record outside Yunnan is ``CHN-X``, so ``country=CHN`` selects Yunnan only).
    sectors
        Boolean matrix entity × sector (``sector_ids`` gives the columns).
    link_sectors
        Boolean matrix link × sector.
    link_from, link_to
        Row positions of each link's ends in the entity frame.
    search
        Folded search text per entity.
    programme_ids
        Programmes the links name (columns of ``link_programmes``).
    link_programmes
        Boolean matrix link × programme.
    """

    kinds: np.ndarray
    countries: np.ndarray
    statuses: np.ndarray
    sector_ids: tuple[str, ...]
    sectors: np.ndarray
    link_sectors: np.ndarray
    link_from: np.ndarray
    link_to: np.ndarray
    search: pd.Series
    programme_ids: tuple[str, ...] = ()
    link_programmes: np.ndarray | None = None
    established: np.ndarray | None = None
    start_years: np.ndarray | None = None
    changed: np.ndarray | None = None
    link_changed: np.ndarray | None = None

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
        programme_ids = tuple(programme_table(links)["id"]) if "programme" in links.columns else ()
        countries = entities["unit" if "unit" in entities else "country"].to_numpy(dtype=object)
        statuses = (
            entities["status"].fillna("").to_numpy(dtype=object)
            if "status" in entities
            else np.full(len(entities), "", dtype=object)
        )

        def years(frame: pd.DataFrame, column: str) -> np.ndarray:
            # Unknown years are NaN, so every comparison with a year is False.
            if column not in frame:
                return np.full(len(frame), np.nan)
            return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)

        def dates(frame: pd.DataFrame) -> np.ndarray:
            # ISO dates compare as text; a frame without versions is "never changed".
            values = frame["changed"] if "changed" in frame else pd.Series("", index=frame.index)
            return values.fillna("").astype(str).to_numpy(dtype=object)

        return cls(
            kinds=entities["kind"].to_numpy(),
            countries=countries,
            statuses=statuses,
            sector_ids=sector_ids,
            sectors=matrix(entities["sectors"]),
            link_sectors=matrix(links["sectors"]),
            link_from=position.get_indexer(links["from_id"]),
            link_to=position.get_indexer(links["to_id"]),
            search=search_index(entities) if search is None else search,
            programme_ids=programme_ids,
            link_programmes=(
                link_programme_matrix(links, programme_ids)
                if programme_ids
                else np.zeros((len(links), 0), dtype=bool)
            ),
            established=years(entities, "established"),
            start_years=years(links, "start_year"),
            changed=dates(entities),
            link_changed=dates(links),
        )

    def _sector_columns(self, state: FilterState) -> list[int]:
        return [self.sector_ids.index(s) for s in state.sectors if s in self.sector_ids]

    def entity_mask(self, state: FilterState) -> np.ndarray:
        """Boolean array: which entities match ``state`` ."""
        mask = np.ones(len(self.kinds), dtype=bool)
        if state.kinds:
            mask &= self._one_of("kinds", state.kinds)
        if state.countries:
            mask &= self._one_of("countries", state.countries)
        if state.statuses:
            mask &= self._one_of("statuses", state.statuses)
        if state.sectors:
            mask &= self.sectors[:, self._sector_columns(state)].any(axis=1) | self._via_links(
                state
            )
        if state.query:
            mask &= self.search.str.contains(fold(state.query), regex=False).to_numpy()
        if state.year is not None:
            mask &= self.established <= state.year
        if state.since:
            mask &= self.changed >= state.since
        return mask

    @cached_property
    def _codes(self) -> dict[str, tuple[np.ndarray, pd.Index]]:
        """Integer codes and vocabulary of the kind, country and status columns, made once:
        matching small integers is far cheaper than comparing strings row by row."""
        return {
            name: pd.factorize(getattr(self, name)) for name in ("kinds", "countries", "statuses")
        }

    def _one_of(self, column: str, values: tuple[str, ...]) -> np.ndarray:
        """Boolean array: entities whose ``column`` (kinds, countries, statuses) is one of
        ``values``."""
        codes, vocabulary = self._codes[column]
        wanted = pd.Index(vocabulary).get_indexer(list(values))
        return np.isin(codes, wanted[wanted >= 0])

    def value_counts(self, column: str, mask: np.ndarray) -> dict[str, int]:
        """Entities in ``mask`` per value of ``column`` (kinds, countries, statuses), counted
        by integer codes; values no entity in ``mask`` has are left out."""
        codes, vocabulary = self._codes[column]
        counts = np.bincount(codes[mask & (codes >= 0)], minlength=len(vocabulary))
        return {value: int(n) for value, n in zip(vocabulary, counts, strict=True) if n}

    def unit_sector_counts(self, mask: np.ndarray, units: tuple[str, ...]) -> np.ndarray:
        """Entities in ``mask`` per unit (rows, in ``units`` order) × sector column (an entity
        counts once per sector), by integer codes and one matrix product."""
        codes, vocabulary = self._codes["countries"]
        row_of_code = pd.Index(units).get_indexer(vocabulary)
        rows = row_of_code[codes[mask]] if len(vocabulary) else np.zeros(0, dtype=int)
        member = (rows[:, None] == np.arange(len(units))[None, :]).astype(np.int64)
        return member.T @ self.sectors[mask].astype(np.int64)

    def undated(self, state: FilterState) -> int:
        """How many entities match ``state`` but for its year, and have no known founding
        year (the records a dated view leaves out)."""
        undated = np.isnan(self.established)
        return int((self.entity_mask(replace(state, year=None)) & undated).sum())

    def sector_links(self, state: FilterState) -> np.ndarray:
        """Boolean array: which links' sectors meet the sector filter (none when unset)."""
        if not state.sectors:
            return np.zeros(len(self.link_from), dtype=bool)
        return self.link_sectors[:, self._sector_columns(state)].any(axis=1)

    def _via_links(self, state: FilterState) -> np.ndarray:
        """Boolean array: entities at an end of a link whose sectors meet the filter."""
        links = self.sector_links(state)
        out = np.zeros(len(self.kinds), dtype=bool)
        for ends in (self.link_from[links], self.link_to[links]):
            out[ends[ends >= 0]] = True
        return out

    def matched_through(self, state: FilterState, row: int) -> np.ndarray:
        """Positions of the links through which entity ``row`` meets the sector filter.

        Empty when no sector is chosen or the entity's own sectors meet it already.
        """
        if not state.sectors or self.sectors[row, self._sector_columns(state)].any():
            return np.zeros(0, dtype=int)
        links = self.sector_links(state) & ((self.link_from == row) | (self.link_to == row))
        return np.flatnonzero(links)

    def programme_mask(self, programmes: tuple[str, ...]) -> np.ndarray:
        """Boolean array: which links name one of ``programmes`` (all links when empty)."""
        if not programmes:
            return np.ones(len(self.link_from), dtype=bool)
        columns = [self.programme_ids.index(p) for p in programmes if p in self.programme_ids]
        return self.link_programmes[:, columns].any(axis=1)

    def apply(self, state: FilterState) -> FilterResult:
        """Apply ``state``: matching entities, links that show, and partner ends."""
        matched = self.entity_mask(state)
        # A link changed since the date shows whether or not its ends changed.
        ends_match = self.entity_mask(replace(state, since="")) if state.since else matched
        links = ends_match[self.link_from] | ends_match[self.link_to]
        if state.year is not None:
            links &= self.start_years <= state.year
        if state.since:
            links &= self.link_changed >= state.since
        if state.sectors:
            links &= self.link_sectors[:, self._sector_columns(state)].any(axis=1)
        if state.programmes:
            links &= self.programme_mask(state.programmes)
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
