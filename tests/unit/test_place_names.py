"""Multi-script place names: search by other names of a city, unit and province names."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from corridor_map.context import AppContext
from corridor_map.filters import FilterState, apply, fold, search_index
from corridor_map.place_names import (
    entity_aliases,
    load_place_names,
    province_name,
    unit_name,
)

VIENTIANE = ("Vientiane", "ວຽງຈັນ", "万象")


def _found(context: AppContext, query: str) -> set[str]:
    ents = context.registry.entities
    result = apply(ents, context.registry.links, FilterState(query=query), context.search)
    return set(ents["id"][result.entities])


def test_vientiane_in_three_scripts_finds_the_same_records(context):
    ents = context.registry.entities
    in_vientiane = set(ents["id"][ents["city"] == "Vientiane"])
    assert in_vientiane
    found = [_found(context, q) for q in VIENTIANE]
    assert found[0] == found[1] == found[2] == in_vientiane


@pytest.mark.parametrize(
    ("query", "city"),
    [
        ("ភ្នំពេញ", "Phnom Penh"),
        ("金边", "Phnom Penh"),
        ("昆明", "Kunming"),
        ("กรุงเทพ", "Bangkok"),
        ("Hà Nội", "Hanoi"),
        ("Poipet", "Paoy Paet"),
    ],
)
def test_other_names_find_the_city(context, query, city):
    ents = context.registry.entities
    found = _found(context, query)
    cities = set(ents["city"][ents["id"].isin(found)])
    # A district's GeoNames names may include its city's (Chenggong is in Kunming).
    assert found and city in cities


def test_search_index_without_aliases_is_unchanged(registry):
    ents = registry.entities
    plain = search_index(ents)
    empty = search_index(ents, pd.Series([""] * len(ents), index=ents.index))
    assert not plain.str.contains(fold("万象"), regex=False).any()
    # Aliases only add text: everything the plain index matched still matches.
    assert all(e.startswith(p) for p, e in zip(plain, empty, strict=True))


def test_search_index_aliases_are_aligned_by_index():
    ents = pd.DataFrame(
        {"name": ["A", "B"], "name_local": ["", ""], "city": ["X", "Y"], "operator": ["", ""]},
        index=[10, 20],
    )
    index = search_index(ents, pd.Series({20: "万象|ວຽງຈັນ"}))
    assert not index[10].count("万象")
    assert "万象" in index[20] and "ວຽງຈັນ" in index[20]
    # "|" separates names: a query cannot match across two of them.
    assert "万象|" not in index[20]


def test_place_names_file_covers_the_registry(registry, data_dir):
    path = data_dir / "places" / "place_names.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["city", "country", "names", "source"]
    assert all(row["source"].startswith("GeoNames ") for row in rows)
    names = load_place_names(data_dir)
    cities = set(zip(registry.entities["city"], registry.entities["country"], strict=True))
    assert set(names) <= cities
    # Every city but a few (printed by scripts/build_place_names.py) has other names.
    assert len(names) >= 0.9 * len(cities)
    assert "万象" in names[("Vientiane", "LAO")].split("|")
    assert "ວຽງຈັນ" in names[("Vientiane", "LAO")].split("|")
    # Country names are never a city's alias ("Laos" for Lao Cai in GeoNames).
    assert all("Laos" not in v.split("|") for v in names.values())


def test_load_place_names_without_file(tmp_path):
    assert load_place_names(tmp_path) == {}


def test_entity_aliases_aligned(registry):
    aliases = entity_aliases(registry.entities)
    assert aliases.index.equals(registry.entities.index)
    vte = registry.entities["city"] == "Vientiane"
    assert aliases[vte].str.contains("万象").all()


@pytest.mark.parametrize(
    ("iso3", "lang", "expected"),
    [
        ("KHM", "km", "កម្ពុជា"),
        ("LAO", "lo", "ລາວ"),
        ("MMR", "my", "မြန်မာ"),
        ("THA", "th", "ประเทศไทย"),
        ("VNM", "vi", "Việt Nam"),
        ("CHN", "zh-Hans", "云南"),
        ("CN-YN", "zh-CN", "云南"),
        ("KHM", "en", None),
        ("KHM", "th", None),  # the base map has no Thai name for Cambodia
        ("LAO", "zh-Hans", None),
        ("XXX", "km", None),
    ],
)
def test_unit_name(iso3, lang, expected):
    assert unit_name(iso3, lang) == expected


@pytest.mark.parametrize(
    ("admin1", "lang", "expected"),
    [
        ("Yunnan", "zh-Hans", "云南省"),
        ("Vientiane", "zh-Hans", "万象省"),
        ("Phnom Penh", "zh-Hans", "金边"),
        ("Chiang Rai", "th", "จังหวัดเชียงราย"),
        ("Chiang Rai", "zh-Hans", "清莱府"),
        ("Chiang Rai", "en", None),
        # Natural Earth has no Lao or Khmer names: data/places/province_names.csv (CLDR).
        ("Vientiane", "lo", "ແຂວງວຽງຈັນ"),
        ("Vientiane [prefecture]", "lo", "ນະຄອນຫຼວງວຽງຈັນ"),
        ("Phnom Penh", "km", "ភ្នំពេញ"),
        ("Nowhere", "zh-Hans", None),
        # Natural Earth's wrong Thai names (Bangkok given Chiang Mai's, Kanchanaburi its
        # capital district's) are corrected when the base map is built (ADMIN1_NAME_FIXES).
        ("Bangkok Metropolis", "th", "กรุงเทพมหานคร"),
        ("Chiang Mai", "th", "จังหวัดเชียงใหม่"),
        ("Kanchanaburi", "th", "จังหวัดกาญจนบุรี"),
        ("Chaiyaphum", "th", "จังหวัดชัยภูมิ"),
    ],
)
def test_province_name(admin1, lang, expected):
    assert province_name(admin1, lang) == expected


def test_province_name_country_filter():
    assert province_name("Yunnan", "zh-Hans", country="CHN") == "云南省"
    assert province_name("Yunnan", "zh-Hans", country="THA") is None


def test_every_registry_province_has_a_chinese_name(registry):
    missing = {
        a
        for a, c in zip(registry.entities["admin1"], registry.entities["country"], strict=True)
        if isinstance(a, str)
        and a
        and province_name(a, "zh-Hans", country=c) is None
        and c in {"KHM", "LAO", "MMR", "THA", "VNM"}
    }
    assert not missing


def test_suspect_local_names_are_not_shown(tmp_path):
    """A local name shared by two provinces, or a district's name, is never displayed."""
    features = [
        ("Alpha", "จังหวัดเอ"),
        ("Beta", "จังหวัดเอ"),  # the same Thai name as Alpha: one of them is wrong
        ("Gamma", "อำเภอเมืองแกมมา"),  # the capital district, not the province
        ("Delta", "จังหวัดเดลตา"),
    ]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": None,
                "properties": {"name": name, "name_local": local, "iso3": "THA"},
            }
            for name, local in features
        ],
    }
    (tmp_path / "basemap").mkdir()
    (tmp_path / "basemap" / "admin1.geojson").write_text(
        json.dumps(collection, ensure_ascii=False), encoding="utf-8"
    )
    names = {name: province_name(name, "th", data_dir=tmp_path) for name, _ in features}
    assert names == {"Alpha": None, "Beta": None, "Gamma": None, "Delta": "จังหวัดเดลตา"}


# Province names in the page's language (issue 18): every province the registry or the
# access table names has a name in its own country's language, and the shown label is never
# the English or Natural Earth romanisation on that country's own page.
OWN_LANG = {"KHM": "km", "LAO": "lo", "MMR": "my", "THA": "th", "VNM": "vi", "CHN": "zh-Hans"}


def test_lnm001_every_province_has_its_own_language_name(registry):
    import geopandas as gpd

    from corridor_map.place_names import DEFAULT_DATA_DIR

    shapes = gpd.read_file(DEFAULT_DATA_DIR / "basemap" / "admin1.geojson")
    pairs = set(zip(shapes["iso3"], shapes["name"], strict=True))
    ents = registry.entities
    pairs |= {
        (c, a)
        for c, a, inside in zip(ents["country"], ents["admin1"], ents["in_corridor"], strict=True)
        if a and inside
    }
    missing = sorted(p for p in pairs if province_name(p[1], OWN_LANG[p[0]], country=p[0]) is None)
    assert not missing


@pytest.mark.parametrize(
    ("admin1", "country", "lang", "expected"),
    [
        ("Batdâmbâng", "KHM", "km", "ខេត្តបាត់ដំបង"),
        ("Bangkok Metropolis", "THA", "th", "กรุงเทพมหานคร"),
        ("Ha Noi", "VNM", "vi", "Hà Nội"),
        ("Yangon", "MMR", "my", "ရန်ကုန်တိုင်း"),
        ("Louangphrabang", "LAO", "lo", "ແຂວງຫຼວງພະບາງ"),
        ("Beijing", "CHN", "zh-Hans", "北京市"),
        ("Batdâmbâng", "KHM", "en", "Batdâmbâng"),
        ("", "KHM", "km", ""),
    ],
)
def test_lnm002_province_label(admin1, country, lang, expected):
    from corridor_map.place_names import province_label

    assert province_label(admin1, lang, country=country) == expected


# Search aliases (issue 18): GeoNames forms that lost their vowel signs, subscripts and tone
# marks ("ភនពេញ" for ភ្នំពេញ, "ວຽງຈນ" for ວຽງຈັນ) are not aliases.
KNOWN_STRIPPED = (
    "ភនពេញ",
    "ភនកពងតរាច",
    "ករងបាតដបង",
    "ករងកពងឆនាង",
    "ករចេះ",
    "កណតាល",
    "ວຽງຈນ",
    "ບເຕນ",
    "ແດນສະຫວນ",
    "ຊຳເໜອ",
    "လငသာယာ မြနယ",
    "မောလမြင",
)
MARKED_RANGES = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))  # Thai, Lao, Myanmar, Khmer


def _marked(name: str) -> bool:
    return any(a <= ord(ch) <= b for ch in name for a, b in MARKED_RANGES)


def _without_marks(name: str) -> str:
    import unicodedata

    return "".join(ch for ch in name if unicodedata.category(ch) != "Mn")


def test_lnm007_aliases_hold_no_stripped_or_invisible_forms():
    names = load_place_names()
    assert names
    problems = []
    for (city, _country), joined in names.items():
        aliases = joined.split("|")
        for alias in aliases:
            invisible = "\u200b" in alias or "\ufeff" in alias
            stripped = _marked(alias) and any(
                other != alias and _without_marks(other) == alias for other in aliases
            )
            if invisible or stripped or alias in KNOWN_STRIPPED:
                problems.append((city, alias))
    assert not problems


def test_lnm008_the_rule_catches_a_stripped_alias():
    from scripts.build_place_names import clean_names

    assert clean_names(["ភ្នំពេញ", "ភនពេញ", "\u200bບ້ານ\u200bກວານ"]) == ["ភ្នំពេញ", "ບ້ານກວານ"]
    # Latin and Vietnamese spellings are not "stripped forms" of each other.
    assert clean_names(["Hà Nội", "Ha Noi"]) == ["Hà Nội", "Ha Noi"]


@pytest.mark.parametrize(
    ("city", "country", "alias"),
    [("Ruili", "CHN", "瑞丽"), ("Phnom Penh", "KHM", "ភ្នំពេញ"), ("Vientiane", "LAO", "ວຽງຈັນ")],
)
def test_lnm009_known_aliases_are_present(city, country, alias):
    assert alias in load_place_names()[(city, country)].split("|")
