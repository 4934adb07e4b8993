"""The records table's rows, block by block: AG Grid's infinite row model served from here.

The grid asks for rows ``startRow`` to ``endRow`` of the current view with its sort and
column filters (``getRowsRequest``); :func:`block` answers with those rows and how many rows
match (``getRowsResponse``). Sort and filters run over every matching record, on the text
the person sees in the cell (kinds, countries, sectors… in the page's language), so a sort
by country orders all 100,000 records, not the ones the browser happens to hold.

Everything per row is done once per language (:class:`RecordsTable`): translated label
columns, their case-folded form for filters, and for each sorted column the rank of every
record. A block then costs a boolean selection, at most a sort of integer ranks and a slice.

A request is checked before it is used (:func:`parse_block_request`): a block of at most
:data:`MAX_BLOCK_ROWS` rows, known columns, AG Grid's text filter types and short filter
text. Anything else raises :class:`BlockRequestError`, which the callback answers with 400.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from corridor_map.i18n import translate
from corridor_map.map.figure import country_label
from corridor_map.place_names import province_label

#: The records grid's columns, in order (each a text column in the page's language).
TABLE_COLUMNS = (
    "name",
    "name_local",
    "kind",
    "status",
    "country",
    "admin1",
    "city",
    "sectors",
    "location_precision",
)
#: Rows the grid asks for at a time (AG Grid's ``cacheBlockSize``).
BLOCK_SIZE = 100
#: Most rows one request may ask for (a block, with room for AG Grid's own rounding).
MAX_BLOCK_ROWS = 2 * BLOCK_SIZE
#: Highest ``startRow`` accepted (far above any registry; keeps the number a machine int).
MAX_START_ROW = 10_000_000
#: Longest text of one column filter condition.
MAX_FILTER_TEXT = 200
#: Conditions one column filter may join (AG Grid's text filter default ``maxNumConditions``).
MAX_CONDITIONS = 2
#: AG Grid's text filter options (its defaults), all answered here.
TEXT_FILTER_TYPES = (
    "contains",
    "notContains",
    "equals",
    "notEqual",
    "startsWith",
    "endsWith",
    "blank",
    "notBlank",
)
#: Filter types that compare no text.
NO_TEXT_TYPES = ("blank", "notBlank")


class BlockRequestError(ValueError):
    """A ``getRowsRequest`` this table cannot answer (the message says why)."""


@dataclass(frozen=True)
class Condition:
    """One text filter condition: AG Grid's ``type`` and its case-folded text."""

    kind: str
    text: str = ""


@dataclass(frozen=True)
class ColumnFilter:
    """A column's filter: one or two conditions joined by ``AND`` or ``OR``."""

    column: str
    conditions: tuple[Condition, ...]
    join: str = "AND"


@dataclass(frozen=True)
class BlockRequest:
    """A checked ``getRowsRequest``: rows ``start`` to ``end`` (exclusive), sorted by
    ``sort`` (``(column, descending)`` pairs, first key first), filtered by ``filters``.

    Hashable and bounded in size, so it can key a bounded cache.
    """

    start: int = 0
    end: int = BLOCK_SIZE
    sort: tuple[tuple[str, bool], ...] = ()
    filters: tuple[ColumnFilter, ...] = ()

    @property
    def order(self) -> tuple:
        """What decides the rows' order and membership (not the slice)."""
        return self.sort, self.filters


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BlockRequestError(f"{name} must be a whole number")
    return value


def _condition(value: object, column: str) -> Condition:
    if not isinstance(value, dict):
        raise BlockRequestError(f"filter of {column}: a condition must be an object")
    if value.get("filterType", "text") != "text":
        raise BlockRequestError(f"filter of {column}: only text filters are answered")
    kind = value.get("type")
    if kind not in TEXT_FILTER_TYPES:
        raise BlockRequestError(f"filter of {column}: unknown filter type")
    if kind in NO_TEXT_TYPES:
        return Condition(kind)
    text = value.get("filter")
    if text is None:
        text = ""
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        raise BlockRequestError(f"filter of {column}: filter text must be text")
    text = str(text)
    if len(text) > MAX_FILTER_TEXT:
        raise BlockRequestError(f"filter of {column}: text longer than {MAX_FILTER_TEXT}")
    return Condition(kind, text.casefold())


def _column_filter(column: object, value: object) -> ColumnFilter:
    if column not in TABLE_COLUMNS:
        raise BlockRequestError("filterModel: unknown column")
    if not isinstance(value, dict):
        raise BlockRequestError(f"filter of {column}: must be an object")
    if "conditions" not in value:
        return ColumnFilter(column, (_condition(value, column),))
    conditions = value["conditions"]
    if not isinstance(conditions, list) or not 1 <= len(conditions) <= MAX_CONDITIONS:
        raise BlockRequestError(f"filter of {column}: 1 to {MAX_CONDITIONS} conditions")
    join = value.get("operator", "AND")
    if join not in ("AND", "OR"):
        raise BlockRequestError(f"filter of {column}: operator must be AND or OR")
    return ColumnFilter(column, tuple(_condition(c, column) for c in conditions), join)


def parse_block_request(value: object) -> BlockRequest:
    """Check a ``getRowsRequest`` as the browser sent it.

    Parameters
    ----------
    value
        ``{"startRow", "endRow", "sortModel", "filterModel"}`` (other keys are ignored).

    Returns
    -------
    BlockRequest
        With sort and filters in a canonical order (columns sorted), so equal requests are
        equal keys.

    Raises
    ------
    BlockRequestError
        Bounds out of range, a block over :data:`MAX_BLOCK_ROWS`, an unknown column, sort
        direction, filter type or operator, or filter text over :data:`MAX_FILTER_TEXT`.
    """
    if not isinstance(value, dict):
        raise BlockRequestError("getRowsRequest must be an object")
    start, end = _int(value.get("startRow"), "startRow"), _int(value.get("endRow"), "endRow")
    if not 0 <= start <= MAX_START_ROW:
        raise BlockRequestError(f"startRow must be between 0 and {MAX_START_ROW}")
    if not start < end <= start + MAX_BLOCK_ROWS:
        raise BlockRequestError(f"endRow must be above startRow by at most {MAX_BLOCK_ROWS}")
    sort_model = value.get("sortModel") or []
    if not isinstance(sort_model, list) or len(sort_model) > len(TABLE_COLUMNS):
        raise BlockRequestError("sortModel must be a list of at most one entry per column")
    sort = []
    for entry in sort_model:
        if not isinstance(entry, dict) or entry.get("colId") not in TABLE_COLUMNS:
            raise BlockRequestError("sortModel: unknown column")
        if entry.get("sort") not in ("asc", "desc"):
            raise BlockRequestError("sortModel: sort must be asc or desc")
        sort.append((entry["colId"], entry["sort"] == "desc"))
    if len({column for column, _ in sort}) != len(sort):
        raise BlockRequestError("sortModel: a column sorted twice")
    filter_model = value.get("filterModel") or {}
    if not isinstance(filter_model, dict):
        raise BlockRequestError("filterModel must be an object")
    filters = tuple(
        _column_filter(column, filter_model[column])
        for column in sorted(filter_model, key=str)
        if filter_model[column] is not None
    )
    return BlockRequest(start, end, tuple(sort), filters)


@dataclass
class RecordsTable:
    """Every record's cells in one language, with what sorting and filtering them needs.

    Attributes
    ----------
    labels
        One row per record in registry order: ``id`` and :data:`TABLE_COLUMNS` as the
        person sees them (empty text where a record has no value).
    """

    labels: pd.DataFrame
    _folded: dict[str, pd.Series] = field(default_factory=dict, repr=False)
    _ranks: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, entities: pd.DataFrame, lang: str) -> RecordsTable:
        """The table of ``entities`` in ``lang``: each code translated once per distinct
        value (a few dozen), then mapped onto the rows with pandas."""
        labels = pd.DataFrame(index=entities.index)
        labels["id"] = entities.index.astype(str)
        for column in ("name", "name_local", "city"):
            labels[column] = entities[column].fillna("").astype(str)
        labels["kind"] = _mapped(entities["kind"], lambda k: translate(f"kind.{k}", lang))
        labels["status"] = _mapped(
            entities["status"].fillna(""),
            lambda v: translate(f"entity_status.{v}", lang) if v else "",
        )
        labels["location_precision"] = _mapped(
            entities["location_precision"], lambda p: translate(f"precision.{p}", lang)
        )
        labels["sectors"] = _mapped(
            entities["sectors"].map(tuple),
            lambda ss: ", ".join(translate(f"sector.{s}", lang) for s in ss),
        )
        place = [c for c in ("country", "admin1", "in_corridor") if c in entities]
        labels["country"] = _combined(
            entities[place], lambda row: country_label(dict(zip(place, row, strict=True)), lang)
        )
        labels["admin1"] = _combined(
            entities[["admin1", "country"]],
            lambda row: province_label(row[0], lang, country=row[1]),
        )
        return cls(labels[["id", *TABLE_COLUMNS]].reset_index(drop=True))

    def folded(self, column: str) -> pd.Series:
        """The column's text case-folded (as AG Grid's text filter compares), kept."""
        if column not in self._folded:
            self._folded[column] = self.labels[column].str.casefold()
        return self._folded[column]

    def ranks(self, column: str) -> np.ndarray:
        """Each record's place in the column's sorted text (equal text, equal rank), kept."""
        if column not in self._ranks:
            codes, _ = pd.factorize(self.labels[column], sort=True)
            self._ranks[column] = codes.astype(np.int64)
        return self._ranks[column]

    def rows(self, positions: np.ndarray) -> list[dict]:
        """The cells of the records at ``positions`` (a block: at most a few hundred)."""
        return self.labels.iloc[positions].to_dict("records")


def _mapped(values: pd.Series, label) -> pd.Series:
    """``label`` of each value, computed once per distinct value."""
    distinct = values.drop_duplicates()
    return values.map(dict(zip(distinct, map(label, distinct), strict=True))).astype(str)


def _combined(frame: pd.DataFrame, label) -> np.ndarray:
    """``label`` of each row's tuple of values, computed once per distinct tuple."""
    codes, distinct = pd.MultiIndex.from_frame(frame.astype(object)).factorize()
    return np.array([label(tuple(values)) for values in distinct], dtype=object)[codes]


def _matches(folded: pd.Series, condition: Condition) -> np.ndarray:
    """Which cells pass one text condition (AG Grid's text filter semantics)."""
    text = condition.text
    if condition.kind in NO_TEXT_TYPES:
        blank = folded.str.strip().eq("").to_numpy()
        return blank if condition.kind == "blank" else ~blank
    if condition.kind in ("contains", "notContains"):
        hit = folded.str.contains(text, regex=False).to_numpy()
        return hit if condition.kind == "contains" else ~hit
    if condition.kind in ("equals", "notEqual"):
        hit = folded.eq(text).to_numpy()
        return hit if condition.kind == "equals" else ~hit
    if condition.kind == "startsWith":
        return folded.str.startswith(text).to_numpy()
    return folded.str.endswith(text).to_numpy()


def ordered_positions(
    table: RecordsTable, mask: np.ndarray, request: BlockRequest = BlockRequest()
) -> np.ndarray:
    """Positions of the view's records that pass the request's column filters, in its sort
    order (registry order within equal keys, and without a sort)."""
    positions = np.flatnonzero(mask)
    for column_filter in request.filters:
        folded = table.folded(column_filter.column).iloc[positions]
        passes = [_matches(folded, c) for c in column_filter.conditions]
        keep = (
            np.logical_or.reduce(passes)
            if column_filter.join == "OR"
            else np.logical_and.reduce(passes)
        )
        positions = positions[keep]
    if request.sort:
        # np.lexsort sorts by its last key first, and is stable.
        keys = [
            -table.ranks(column)[positions] if descending else table.ranks(column)[positions]
            for column, descending in reversed(request.sort)
        ]
        positions = positions[np.lexsort(keys)]
    return positions


def block(positions: np.ndarray, table: RecordsTable, request: BlockRequest) -> dict:
    """AG Grid's ``getRowsResponse``: the requested slice of ``positions`` (from
    :func:`ordered_positions`) and how many rows there are in all."""
    return {
        "rowData": table.rows(positions[request.start : request.end]),
        "rowCount": len(positions),
    }
