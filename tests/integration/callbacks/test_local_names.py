"""Local names in the page (issue 18): records' local-script names, provinces in the page's
language in the records table, the records list, the detail panel and the access table."""

from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from corridor_map.map.figure import country_label
from corridor_map.pages.explorer.views import RECORD_LIST_LIMIT, detail_panel
from corridor_map.place_names import province_label, province_name
from tests.integration.callbacks.test_explorer_callbacks import load

#: Each unit's own page language.
OWN_LANG = {"KHM": "km", "LAO": "lo", "MMR": "my", "THA": "th", "VNM": "vi", "CHN": "zh-Hans"}


def _json(value) -> str:
    return json.dumps(value, cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_lnm003_every_record_with_a_local_name_shows_it_in_its_detail_panel(registry):
    ents = registry.entities
    named = ents.index[ents["name_local"].fillna("").str.strip() != ""]
    assert len(named) >= 240  # records with a researched local name (issue 18)
    missing = [
        entity_id
        for entity_id in named
        if ents.at[entity_id, "name_local"] not in _json(detail_panel(registry, entity_id, "en"))
    ]
    assert not missing


@pytest.mark.parametrize("country", sorted(OWN_LANG))
def test_lnm004_the_records_list_and_table_show_local_names(callbacks, registry, country):
    ents = registry.entities
    lang = OWN_LANG[country]
    out = load(callbacks, f"?country={country}", lang=lang)
    listed = {item[0]: item[1] for item in out["record_list"]["items"]}
    assert len(listed) == min(RECORD_LIST_LIMIT, len(out["rows"]))
    for entity_id, shown in listed.items():
        name, local = ents.at[entity_id, "name"], ents.at[entity_id, "name_local"]
        if isinstance(local, str) and local:
            assert shown == f"{name} ({local})"
    table = {row["id"]: row for row in out["rows"]}
    assert table
    for entity_id, row in table.items():
        assert row["name_local"] == ents.at[entity_id, "name_local"]


@pytest.mark.parametrize("country", ["KHM", "LAO", "THA", "VNM", "CHN"])
def test_lnm005_provinces_are_in_the_page_language_on_the_units_own_page(
    callbacks, registry, country
):
    ents = registry.entities
    lang = OWN_LANG[country]
    out = load(callbacks, f"?country={country}", lang=lang)
    inside = ents[(ents["country"] == country) & ents["in_corridor"]]
    english = set(inside["admin1"])
    # Natural Earth already writes some Vietnamese provinces in Vietnamese ("Lào Cai").
    local_already = {a for a in english if province_name(a, lang, country=country) == a}
    table = {row["id"]: row["admin1"] for row in out["rows"]}
    for entity_id, admin1 in inside["admin1"].items():
        # A name in the page's language exists, and it is the one shown.
        assert province_name(admin1, lang, country=country), (entity_id, admin1)
        assert table[entity_id] == province_label(admin1, lang, country=country)
    # The access table's provinces of the unit.
    provinces = [
        r["area"] for r in out["access_rows"] if r["level"] != out["access_rows"][0]["level"]
    ]
    assert provinces
    assert not (english - local_already) & set(provinces)
    # The detail panel's place line.
    entity_id = inside.index[0]
    panel = _json(detail_panel(registry, entity_id, lang))
    assert province_label(inside.at[entity_id, "admin1"], lang, country=country) in panel


def test_lnm006_a_partner_province_outside_the_corridor_is_in_chinese(registry):
    ents = registry.entities
    outside = ents[(ents["country"] == "CHN") & ~ents["in_corridor"]]
    beijing = outside.index[outside["admin1"] == "Beijing"][0]
    label = country_label(ents.loc[beijing], "zh-Hans")
    assert "北京" in label
    assert "Beijing" not in label
    assert label in _json(detail_panel(registry, beijing, "zh-Hans"))
