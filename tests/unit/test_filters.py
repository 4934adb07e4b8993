"""Tests for corridor_map.filters: FilterState, fold, search and the masks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor_map import schema
from corridor_map.filters import (
    FilterIndex,
    FilterResult,
    FilterState,
    apply,
    entity_mask,
    fold,
    search_index,
)

SECTOR_ORDER = ("agriculture", "clean_energy", "water", "environment", "digital")

# Thai: ป่า (forest, with tone mark MAI EK U+0E48) vs ปา (no tone mark) inside ปาล์ม (palm).
FOREST = "ป\u0e48า"
PA = "ปา"


@pytest.fixture()
def entities() -> pd.DataFrame:
    """Six hand-made entities covering every kind, several countries and scripts."""
    rows = [
        # 0
        ("lao-vte", "Vientiane Science Park", "ວຽງຈັນ", "Vientiane", "Ministry of Technology",
         "hightech_park", "LAO", ("digital", "agriculture")),
        # 1
        ("vnm-han", "Hanoi Tech Hub", "Trung tâm Hà Nội", "Hà Nội", "Đại học Bách khoa",
         "rd_hub", "VNM", ("digital",)),
        # 2
        ("tha-forest", "Forest Lab", FOREST + "ไม้", "Chiang Mai", None,
         "rd_hub", "THA", ("environment",)),
        # 3
        ("tha-palm", "Palm Zone", "ปาล์ม", "Chon Buri", np.nan,
         "industrial_zone", "THA", ("clean_energy", "water")),
        # 4
        ("chn-km", "Kunming Zone", "昆明", "Kunming", None,
         "industrial_zone", "CHN", ("clean_energy",)),
        # 5
        ("khm-pp", "Ministry PP", None, "Phnom Penh", "Royal Government",
         "focal_point", "KHM", ()),
    ]  # fmt: skip
    columns = ["id", "name", "name_local", "city", "operator", "kind", "country", "sectors"]
    return pd.DataFrame(rows, columns=columns)


@pytest.fixture()
def links() -> pd.DataFrame:
    """Four links between the hand-made entities."""
    rows = [
        ("lao-vte", "vnm-han", ("digital",)),  # 0
        ("vnm-han", "chn-km", ("clean_energy", "digital")),  # 1
        ("tha-forest", "chn-km", ("environment",)),  # 2
        ("khm-pp", "tha-palm", ("water",)),  # 3
    ]
    return pd.DataFrame(rows, columns=["from_id", "to_id", "sectors"])


def ids(entities: pd.DataFrame, mask: np.ndarray) -> list[str]:
    """Ids selected by a boolean mask, in frame order."""
    assert mask.dtype == bool
    assert len(mask) == len(entities)
    return list(entities["id"][mask])


def matched(entities: pd.DataFrame, **kwargs) -> list[str]:
    """Ids of entities matching ``FilterState(**kwargs)``."""
    return ids(entities, entity_mask(entities, FilterState(**kwargs)))


# --- entity filters -----------------------------------------------------------------------


def test_flt001_empty_filters_match_everything(entities, links):
    result = apply(entities, links, FilterState())
    assert result.entities.tolist() == [True] * 6
    assert result.links.tolist() == [True] * 4
    assert result.partners.tolist() == [False] * 6
    assert result.visible.tolist() == [True] * 6


def test_flt002_kind_filter(entities):
    assert matched(entities, kinds=("rd_hub",)) == ["vnm-han", "tha-forest"]
    assert matched(entities, kinds=("focal_point",)) == ["khm-pp"]
    assert matched(entities, kinds=("hightech_park",)) == ["lao-vte"]


def test_flt003_country_filter(entities):
    assert matched(entities, countries=("THA",)) == ["tha-forest", "tha-palm"]
    assert matched(entities, countries=("LAO",)) == ["lao-vte"]
    assert matched(entities, countries=("MMR",)) == []


def test_flt004_sector_filter_is_intersection(entities):
    # An entity matches when it shares at least one sector with the filter.
    assert matched(entities, sectors=("digital",)) == ["lao-vte", "vnm-han"]
    assert matched(entities, sectors=("water",)) == ["tha-palm"]
    assert matched(entities, sectors=("digital", "water")) == ["lao-vte", "vnm-han", "tha-palm"]
    assert matched(entities, sectors=("clean_energy",)) == ["tha-palm", "chn-km"]
    # An entity with no sectors never meets a sector filter.
    assert "khm-pp" not in matched(entities, sectors=SECTOR_ORDER)
    assert matched(entities, sectors=SECTOR_ORDER) == list(entities["id"][:5])


def test_flt005_or_within_one_filter(entities):
    assert matched(entities, kinds=("rd_hub", "industrial_zone")) == [
        "vnm-han",
        "tha-forest",
        "tha-palm",
        "chn-km",
    ]
    assert matched(entities, countries=("LAO", "KHM")) == ["lao-vte", "khm-pp"]


def test_flt006_and_across_filters(entities):
    assert matched(entities, kinds=("industrial_zone",), countries=("THA",)) == ["tha-palm"]
    assert matched(entities, kinds=("rd_hub",), countries=("THA", "VNM")) == [
        "vnm-han",
        "tha-forest",
    ]
    assert matched(entities, kinds=("rd_hub",), sectors=("digital",)) == ["vnm-han"]
    assert matched(entities, countries=("CHN",), sectors=("digital",)) == []
    assert matched(entities, sectors=("clean_energy",), query="kunming") == ["chn-km"]
    assert matched(entities, sectors=("water",), query="kunming") == []
    assert matched(
        entities, kinds=("industrial_zone", "rd_hub"), countries=("THA", "CHN"), query="zone"
    ) == ["tha-palm", "chn-km"]


# --- search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Vientiane", ["lao-vte"]),  # English name and city
        ("science park", ["lao-vte"]),  # case folded
        ("ວຽງຈັນ", ["lao-vte"]),  # Lao local name
        ("ວຽງ", ["lao-vte"]),  # substring of local name
        ("昆明", ["chn-km"]),  # Chinese local name
        ("Hà Nội", ["vnm-han"]),  # exact Vietnamese
        ("ha noi", ["vnm-han"]),  # accents folded
        ("HÀ NỘI", ["vnm-han"]),  # case and accents
        ("hanoi", ["vnm-han"]),  # English name
        ("dai hoc", ["vnm-han"]),  # operator, đ folded to d
        ("Đại Học", ["vnm-han"]),
        ("ＫＵＮＭＩＮＧ", ["chn-km"]),  # full-width folded by NFKC/NFKD
        ("royal government", ["khm-pp"]),  # operator
        ("phnom penh", ["khm-pp"]),  # city
        ("ministry", ["lao-vte", "khm-pp"]),  # operator of one, name of the other
        ("zone", ["tha-palm", "chn-km"]),
        ("no such place", []),
    ],
)
def test_flt007_search(entities, query, expected):
    assert matched(entities, query=query) == expected


def test_flt008_search_does_not_span_fields(entities):
    # "park" ends the English name and "ວຽງ" starts the local name: no single field has both.
    assert matched(entities, query="park ວຽງ") == []
    assert matched(entities, query="Lab " + FOREST) == []


def test_flt009_thai_marks_are_kept(entities):
    assert fold(FOREST) == FOREST
    assert fold(FOREST) != fold(PA)
    # With the tone mark: only ป่าไม้, not ปาล์ม.
    assert matched(entities, query=FOREST) == ["tha-forest"]
    # Without the tone mark: only ปาล์ม, not ป่าไม้.
    assert matched(entities, query=PA) == ["tha-palm"]
    # The bare consonant occurs in both.
    assert matched(entities, query="ป") == ["tha-forest", "tha-palm"]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hà Nội", "ha noi"),
        ("ĐÀ NẴNG", "da nang"),
        ("Café", "cafe"),
        ("ＡＢＣ１２３", "abc123"),
        ("Straße", "strasse"),
        ("ວຽງຈັນ", "ວຽງຈັນ"),
        ("ຫຼວງພະບາງ", "ຫຼວງພະບາງ"),
        ("ป่าไม้", "ป่าไม้"),
        ("ក្រសួង", "ក្រសួង"),
        ("မြန်မာ", "မြန်မာ"),
        ("昆明", "昆明"),
    ],
)
def test_flt010_fold(text, folded):
    assert fold(text) == folded


def test_flt011_search_index_prebuilt_gives_same_result(entities, links):
    index = search_index(entities)
    assert len(index) == len(entities)
    for query in ("ha noi", "ວຽງຈັນ", FOREST, "zone", "missing"):
        state = FilterState(query=query)
        assert entity_mask(entities, state, index).tolist() == entity_mask(entities, state).tolist()
        with_index = apply(entities, links, state, index)
        without = apply(entities, links, state)
        assert with_index.entities.tolist() == without.entities.tolist()
        assert with_index.links.tolist() == without.links.tolist()
        assert with_index.partners.tolist() == without.partners.tolist()


def test_flt012_search_handles_missing_fields(entities):
    # name_local is None and operator NaN for some rows; they must not match "none"/"nan".
    assert matched(entities, query="none") == []
    assert matched(entities, query="nan") == []


# --- links and partners -------------------------------------------------------------------


def test_flt013_link_shown_when_one_end_matches(entities, links):
    result = apply(entities, links, FilterState(countries=("LAO",)))
    assert ids(entities, result.entities) == ["lao-vte"]
    assert result.links.tolist() == [True, False, False, False]
    assert ids(entities, result.partners) == ["vnm-han"]
    assert ids(entities, result.visible) == ["lao-vte", "vnm-han"]

    result = apply(entities, links, FilterState(countries=("KHM",)))
    assert result.links.tolist() == [False, False, False, True]
    assert ids(entities, result.partners) == ["tha-palm"]


def test_flt014_link_needs_sector_filter_met(entities, links):
    result = apply(entities, links, FilterState(sectors=("clean_energy",)))
    # vnm-han (digital only) matches through link 1 (clean_energy), a project link.
    assert ids(entities, result.entities) == ["vnm-han", "tha-palm", "chn-km"]
    # Link 1 (clean_energy) shows; link 2 (environment) touches chn-km but fails the sector
    # filter; link 3 (water) touches tha-palm but fails it too; link 0 (digital) touches
    # vnm-han but fails it too.
    assert result.links.tolist() == [False, True, False, False]
    assert ids(entities, result.partners) == []


def test_flt015_partners_are_other_ends_not_matching(entities, links):
    result = apply(entities, links, FilterState(countries=("VNM", "CHN")))
    assert ids(entities, result.entities) == ["vnm-han", "chn-km"]
    assert result.links.tolist() == [True, True, True, False]
    # Link 1 joins two matches: neither is a partner.
    assert ids(entities, result.partners) == ["lao-vte", "tha-forest"]
    assert not (result.entities & result.partners).any()
    assert ids(entities, result.visible) == ["lao-vte", "vnm-han", "tha-forest", "chn-km"]


def test_flt016_no_match_no_links(entities, links):
    result = apply(entities, links, FilterState(query="nothing matches this"))
    assert not result.entities.any()
    assert not result.links.any()
    assert not result.partners.any()


def test_flt017_result_visible_property():
    result = FilterResult(
        entities=np.array([True, False, False]),
        links=np.array([True]),
        partners=np.array([False, True, False]),
    )
    assert result.visible.tolist() == [True, True, False]


# --- FilterState --------------------------------------------------------------------------


def test_flt018_canonical_orders_dedups_and_strips():
    state = FilterState(
        sectors=("water", "agriculture", "water", "not-a-sector"),
        countries=("VNM", "LAO", "LAO", "XXX"),
        kinds=("focal_point", "rd_hub", "focal_point"),
        query="  solar \t  panel\n ",
    )
    assert state.canonical(SECTOR_ORDER) == FilterState(
        sectors=("agriculture", "water"),
        countries=("LAO", "VNM"),
        kinds=("rd_hub", "focal_point"),
        query="solar panel",
    )


def test_flt019_canonical_follows_given_sector_order():
    state = FilterState(sectors=("agriculture", "digital"))
    assert state.canonical(("digital", "agriculture")).sectors == ("digital", "agriculture")
    assert state.canonical(SECTOR_ORDER).sectors == ("agriculture", "digital")


@given(
    sectors=st.lists(st.sampled_from(SECTOR_ORDER)),
    countries=st.lists(st.sampled_from(schema.COUNTRIES)),
    kinds=st.lists(st.sampled_from(schema.ENTITY_KINDS)),
    query=st.text(max_size=30),
)
def test_flt020_canonical_is_idempotent_and_order_free(sectors, countries, kinds, query):
    state = FilterState(tuple(sectors), tuple(countries), tuple(kinds), query)
    once = state.canonical(SECTOR_ORDER)
    assert once.canonical(SECTOR_ORDER) == once
    shuffled = FilterState(
        tuple(reversed(sectors)),
        tuple(reversed(countries)),
        tuple(reversed(kinds)),
        query,
    )
    assert shuffled.canonical(SECTOR_ORDER) == once
    assert len(set(once.sectors)) == len(once.sectors) == len(set(sectors))
    assert once.query == once.query.strip()
    assert "  " not in once.query


def test_flt021_is_default():
    assert FilterState().is_default
    assert FilterState(query="   ").canonical(SECTOR_ORDER).is_default
    assert not FilterState(sectors=("water",)).is_default
    assert not FilterState(countries=("LAO",)).is_default
    assert not FilterState(kinds=("rd_hub",)).is_default
    assert not FilterState(query="solar").is_default


# --- shipped registry ---------------------------------------------------------------------


def _apply_shipped(registry, state: FilterState) -> FilterResult:
    index = search_index(registry.entities)
    return apply(registry.entities, registry.links, state, index)


def test_flt022_registry_country_lao(registry):
    ents, links = registry.entities, registry.links
    result = _apply_shipped(registry, FilterState(countries=("LAO",)))
    assert result.entities.sum() == (ents["country"] == "LAO").sum() > 0
    assert set(ents["country"][result.entities]) == {"LAO"}
    lao_ids = set(ents["id"][ents["country"] == "LAO"])
    shown = links[result.links]
    assert len(shown) > 0
    assert all(
        a in lao_ids or b in lao_ids for a, b in zip(shown["from_id"], shown["to_id"], strict=True)
    )
    # Every link touching a Lao entity shows (no sector filter).
    touching = links["from_id"].isin(lao_ids) | links["to_id"].isin(lao_ids)
    assert result.links.tolist() == touching.tolist()
    assert "LAO" not in set(ents["country"][result.partners])


@pytest.mark.parametrize("kind", schema.ENTITY_KINDS)
def test_flt023_registry_kind(registry, kind):
    ents = registry.entities
    result = _apply_shipped(registry, FilterState(kinds=(kind,)))
    assert result.entities.tolist() == (ents["kind"] == kind).tolist()


def test_flt024_registry_sector(registry):
    ents, links = registry.entities, registry.links
    for sector in registry.sectors["id"]:
        result = _apply_shipped(registry, FilterState(sectors=(sector,)))
        # Its own sectors, or one of its project links' sectors.
        linked = set(links.loc[[sector in s for s in links["sectors"]], "from_id"]) | set(
            links.loc[[sector in s for s in links["sectors"]], "to_id"]
        )
        expected = [
            sector in s or i in linked for i, s in zip(ents["id"], ents["sectors"], strict=True)
        ]
        assert result.entities.tolist() == expected
        assert all(sector in s for s in links["sectors"][result.links])


def test_flt025_registry_every_name_finds_itself(registry):
    ents = registry.entities
    index = search_index(ents)
    for field in ("name", "name_local"):
        for pos, text in enumerate(ents[field]):
            if not isinstance(text, str) or not text.strip():
                continue
            mask = entity_mask(ents, FilterState(query=text), index)
            assert mask[pos], f"{field} {text!r} does not find its own record"


def test_flt026_registry_unaccented_vietnamese(registry):
    ents = registry.entities
    result = _apply_shipped(registry, FilterState(query="ha noi"))
    found = ents[result.entities]
    assert "vnm-vietnam-national-university-hanoi" in set(found["id"])
    for _, row in found.iterrows():
        text = " ".join(str(row[f]) for f in ("name", "name_local", "city", "operator"))
        assert "ha noi" in fold(text)
    expected = [
        any("ha noi" in fold(str(row[f])) for f in ("name", "name_local", "city", "operator"))
        for _, row in ents.iterrows()
    ]
    assert result.entities.tolist() == expected


def test_usb001_a_record_matches_a_sector_through_its_project_links(entities, links):
    index = FilterIndex.build(entities, links)
    state = FilterState(sectors=("clean_energy",))
    assert index.entity_mask(state)[1]  # vnm-han: digital itself, clean energy by link 1
    assert index.matched_through(state, 1).tolist() == [1]
    # A record whose own sectors meet the filter names no link; no sector, no link.
    assert index.matched_through(state, 4).tolist() == []
    assert index.matched_through(FilterState(), 1).tolist() == []
    # Kind and country still apply: the link does not make vnm-han a zone.
    zones = FilterState(sectors=("clean_energy",), kinds=("industrial_zone",))
    assert not index.entity_mask(zones)[1]


def test_usb002_laos_clean_energy_rd_hubs_include_those_with_yunnan_clean_energy_links(registry):
    state = FilterState(sectors=("clean_energy",), countries=("LAO",), kinds=("rd_hub",))
    result = _apply_shipped(registry, state)
    found = set(registry.entities["id"][result.entities])
    # NUOL's own sectors lack clean energy; its clean-energy link with KUST counts.
    assert "lao-national-university-of-laos" in found
    links = registry.links[result.links]
    assert {"LAO", "CHN"} <= set(links["from_country"]) | set(links["to_country"])


@pytest.mark.parametrize("column, field", [("kinds", "kind"), ("countries", "unit")])
def test_flt040_value_counts_by_codes_match_counting_the_column(registry, column, field):
    index = FilterIndex.build(registry.entities, registry.links)
    for state in (FilterState(), FilterState(countries=("LAO", "THA")), FilterState(query="zzz")):
        mask = index.entity_mask(state)
        expected = registry.entities[field][mask].value_counts()
        assert index.value_counts(column, mask) == {k: int(v) for k, v in expected.items()}
