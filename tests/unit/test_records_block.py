"""The records table's blocks (corridor_map/pages/explorer/records.py): checked requests,
sort and AG Grid's text filters over every matching record, on the text a person sees."""

from __future__ import annotations

import numpy as np
import pytest

from corridor_map.filters import FilterResult
from corridor_map.i18n import translate
from corridor_map.map.figure import country_label
from corridor_map.pages.explorer.records import (
    BLOCK_SIZE,
    MAX_BLOCK_ROWS,
    MAX_FILTER_TEXT,
    TABLE_COLUMNS,
    BlockRequest,
    BlockRequestError,
    RecordsTable,
    block,
    ordered_positions,
    parse_block_request,
)
from corridor_map.pages.explorer.views import result_text
from corridor_map.place_names import province_label

LANG = "th"


@pytest.fixture(scope="module")
def table(registry) -> RecordsTable:
    return RecordsTable.build(registry.entities, LANG)


def request(start=0, end=BLOCK_SIZE, sort=(), filters=None, **extra) -> dict:
    """A getRowsRequest as AG Grid sends it (sort: ``(column, "asc"|"desc")`` pairs)."""
    return {
        "startRow": start,
        "endRow": end,
        "sortModel": [{"colId": c, "sort": d} for c, d in sort],
        "filterModel": filters or {},
        **extra,
    }


def text(kind: str, value: str = "") -> dict:
    return {"filterType": "text", "type": kind, "filter": value}


def answer(table, mask, value: dict) -> dict:
    checked = parse_block_request(value)
    return block(ordered_positions(table, mask, checked), table, checked)


def test_inf003_blocks_slice_the_view_in_registry_order_and_count_it_all(registry, table):
    mask = (registry.entities["country"] != "THA").to_numpy()
    ids = list(registry.entities.index[mask])
    assert len(ids) > BLOCK_SIZE  # enough for a second block
    first = answer(table, mask, request())
    second = answer(table, mask, request(BLOCK_SIZE, 2 * BLOCK_SIZE))
    assert first["rowCount"] == second["rowCount"] == len(ids)
    assert [r["id"] for r in first["rowData"] + second["rowData"]] == ids[: 2 * BLOCK_SIZE]
    assert set(first["rowData"][0]) == {"id", *TABLE_COLUMNS}
    # Past the end: no rows, and still the count.
    assert answer(table, mask, request(len(ids), len(ids) + 100)) == {
        "rowData": [],
        "rowCount": len(ids),
    }


def test_inf004_cells_are_what_a_person_sees_in_the_pages_language(registry, table):
    entities = registry.entities
    labels = table.labels.set_index("id")
    for record_id, entity in entities.iterrows():
        row = labels.loc[record_id]
        assert row["kind"] == translate(f"kind.{entity['kind']}", LANG)
        assert row["country"] == country_label(entity, LANG)
        assert row["admin1"] == province_label(entity["admin1"], LANG, country=entity["country"])
        assert row["sectors"] == ", ".join(
            translate(f"sector.{s}", LANG) for s in entity["sectors"]
        )
        assert row["location_precision"] == translate(
            f"precision.{entity['location_precision']}", LANG
        )


def test_inf005_sort_orders_every_match_by_its_text_then_by_registry_order(registry, table):
    mask = np.ones(len(registry.entities), dtype=bool)
    labels = table.labels
    for column in ("name", "country", "sectors"):
        for direction in ("asc", "desc"):
            got = answer(table, mask, request(0, MAX_BLOCK_ROWS, sort=[(column, direction)]))
            expected = labels.sort_values(column, ascending=direction == "asc", kind="stable").head(
                MAX_BLOCK_ROWS
            )
            assert [r[column] for r in got["rowData"]] == list(expected[column])
    # Two keys: country descending, then name ascending within a country.
    got = answer(
        table, mask, request(0, MAX_BLOCK_ROWS, sort=[("country", "desc"), ("name", "asc")])
    )
    expected = labels.sort_values(["country", "name"], ascending=[False, True], kind="stable")
    assert [r["id"] for r in got["rowData"]] == list(expected["id"].head(MAX_BLOCK_ROWS))
    # The sort reaches records beyond the first block of the default order.
    by_name = answer(table, mask, request(sort=[("name", "asc")]))
    default = answer(table, mask, request())
    assert by_name["rowData"][0]["id"] not in {r["id"] for r in default["rowData"]}


def test_inf006_text_filters_follow_ag_grid_on_the_translated_text(registry, table):
    mask = np.ones(len(registry.entities), dtype=bool)
    kinds = table.labels["kind"]
    park = translate("kind.hightech_park", LANG)
    word = park[2:5].upper()  # a piece of the Thai label (case folding is harmless)

    def count(column, model):
        return answer(table, mask, request(filters={column: model}))["rowCount"]

    contains = int(kinds.str.contains(word.casefold(), regex=False).sum())
    assert contains > 0
    assert count("kind", text("contains", word)) == contains
    assert count("kind", text("notContains", word)) == len(kinds) - contains
    assert count("kind", text("equals", park)) == int((kinds == park).sum()) > 0
    assert count("kind", text("notEqual", park)) == int((kinds != park).sum())
    assert count("kind", text("startsWith", park[:3])) == int(kinds.str.startswith(park[:3]).sum())
    assert count("kind", text("endsWith", park[-3:])) == int(kinds.str.endswith(park[-3:]).sum())
    # Case does not matter, as in AG Grid's text filter.
    names = table.labels["name"].str.casefold()
    assert count("name", text("contains", "UNIVERSITY")) == int(
        names.str.contains("university").sum()
    )
    local = table.labels["name_local"]
    assert count("name_local", text("blank")) == int((local.str.strip() == "").sum()) > 0
    assert count("name_local", text("notBlank")) == int((local.str.strip() != "").sum()) > 0
    # Two conditions, AND and OR; two columns together.
    thai = translate("country.THA", LANG)
    both = {
        "filterType": "text",
        "operator": "OR",
        "conditions": [text("equals", park), text("equals", thai)],
    }
    assert count("kind", both) == int(((kinds == park) | (kinds == thai)).sum())
    both["operator"] = "AND"
    assert count("kind", both) == 0
    model = {"kind": text("equals", park), "country": text("equals", thai)}
    countries = table.labels["country"]
    got = answer(table, mask, request(0, MAX_BLOCK_ROWS, filters=model))
    assert got["rowCount"] == int(((kinds == park) & (countries == thai)).sum()) > 0
    assert {(r["kind"], r["country"]) for r in got["rowData"]} == {(park, thai)}


def test_inf007_requests_out_of_bounds_or_unknown_are_refused(registry, table):
    bad = [
        "not an object",
        request(0, 10**12),  # a huge block
        request(-1, 10),
        request(10, 10),
        request(0, MAX_BLOCK_ROWS + 1),
        request(10**12, 10**12 + 1),
        request(0.0, 100.0),
        request(True, 100),
        request(sort=[("no_such_column", "asc")]),
        request(sort=[("name", "sideways")]),
        request(sort=[("name", "asc"), ("name", "desc")]),
        request(filters={"no_such_column": text("contains", "a")}),
        request(filters={"name": text("regex", "a")}),
        request(filters={"name": {"filterType": "number", "type": "equals", "filter": 1}}),
        request(filters={"name": text("contains", "a" * (MAX_FILTER_TEXT + 1))}),
        request(filters={"name": text("contains", {"nested": 1})}),
        request(filters={"name": {"operator": "XOR", "conditions": [text("contains", "a")]}}),
        request(filters={"name": {"operator": "OR", "conditions": [text("contains", "a")] * 3}}),
        request(filters={"name": "contains a"}),
        {**request(), "sortModel": "name"},
        {**request(), "filterModel": ["name"]},
    ]
    for value in bad:
        with pytest.raises(BlockRequestError):
            parse_block_request(value)
    # AG Grid's own extra keys are ignored; equal requests are equal keys.
    sent = request(sort=[("name", "asc")], filters={"kind": text("contains", "A")}, context=None)
    assert (
        parse_block_request(sent)
        == parse_block_request(sent)
        == BlockRequest(
            0,
            BLOCK_SIZE,
            (("name", False),),
            parse_block_request(request(filters={"kind": text("contains", "a")})).filters,
        )
    )


def test_inf008_the_result_sentence_no_longer_speaks_of_a_table_cap(registry):
    every = np.ones(10_000, dtype=bool)
    many = FilterResult(every, np.zeros(0, bool), np.zeros(10_000, bool))
    assert "CSV" not in result_text(many, "en")
