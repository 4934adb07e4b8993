"""Place names in other languages and scripts, from shipped data (never from a network).

- :func:`load_place_names`: other-language names of the registry's cities
  (``data/places/place_names.csv``, built by ``scripts/build_place_names.py``), for search.
- :func:`unit_name`, :func:`province_name`: a country (corridor unit) or province name in an
  app language, where the base map has one (``data/basemap/units.geojson`` ``name_local``;
  ``admin1.geojson`` ``name_local`` and ``name_zh``) or, for provinces,
  ``data/places/province_names.csv`` has one. They return None otherwise.
- :func:`province_label`: the province name every page shows (the above, else English).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pandas as pd

from corridor_map.settings import REPO_ROOT

DEFAULT_DATA_DIR = REPO_ROOT / "data"
PLACE_NAMES_FILE = Path("places") / "place_names.csv"
PROVINCE_NAMES_FILE = Path("places") / "province_names.csv"
NAME_SEPARATOR = "|"

# The language of each country's own name_local (ISO 3166-1 alpha-3 -> app language).
COUNTRY_LANG = {
    "KHM": "km",
    "LAO": "lo",
    "MMR": "my",
    "THA": "th",
    "VNM": "vi",
    "CHN": "zh-Hans",
}
CHINESE = "zh-Hans"


def load_place_names(data_dir: Path | str | None = None) -> dict[tuple[str, str], str]:
    """Other names of each registry city: ``(city, country) -> "name|name|..."``.

    Returns an empty mapping when ``data_dir`` has no ``places/place_names.csv`` (a data
    folder without it still works; search then covers the registry fields only).
    """
    path = Path(data_dir or DEFAULT_DATA_DIR) / PLACE_NAMES_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["city"], row["country"]): row["names"]
            for row in csv.DictReader(handle)
            if row.get("names")
        }


def entity_aliases(
    entities: pd.DataFrame, names: dict[tuple[str, str], str] | None = None
) -> pd.Series:
    """Other names of each entity's city, aligned with ``entities`` ("" where none)."""
    names = load_place_names() if names is None else names
    keys = zip(entities["city"].fillna(""), entities["country"].fillna(""), strict=True)
    return pd.Series([names.get(k, "") for k in keys], index=entities.index, dtype=object)


def _lang(lang: str | None) -> str:
    """``zh``, ``zh-CN``, ``zh_Hans`` -> ``zh-Hans``; other tags -> their first part."""
    tag = (lang or "").replace("_", "-")
    base = tag.split("-")[0].lower()
    if base == "zh":
        traditional = tag.lower().startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo"))
        return "zh-Hant" if traditional else CHINESE
    return base


def _first(value: str | None) -> str | None:
    """First of ``a|b`` alternatives, or None for an empty value."""
    if not value:
        return None
    return value.split(NAME_SEPARATOR)[0].strip() or None


@cache
def _features(path: Path) -> tuple[dict, ...]:
    return tuple(f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"])


def _basemap(name: str, data_dir: Path | str | None) -> tuple[dict, ...]:
    return _features(Path(data_dir or DEFAULT_DATA_DIR).resolve() / "basemap" / name)


# Natural Earth v5 admin-1 has wrong local names for a few Thai provinces: one province's name
# on another (Bangkok carries Chiang Mai's, Bueng Kan Nong Khai's, Chaiyaphum Chai Nat's) and
# capital districts ("อำเภอเมือง…") instead of provinces. Such names are not used.
DISTRICT_PREFIXES = ("อำเภอ",)


@cache
def _suspect_local_names(path: Path) -> frozenset[tuple[str, str]]:
    """(iso3, name_local) pairs that name more than one province, or a district."""
    seen: dict[tuple[str, str], int] = {}
    for props in _features(path):
        if props.get("name_local"):
            pair = (props.get("iso3", ""), props["name_local"])
            seen[pair] = seen.get(pair, 0) + 1
    return frozenset(
        pair for pair, count in seen.items() if count > 1 or pair[1].startswith(DISTRICT_PREFIXES)
    )


def unit_name(
    country_iso3: str, lang: str | None, *, data_dir: Path | str | None = None
) -> str | None:
    """Name of a corridor unit in ``lang``, or None where the base map has none.

    Parameters
    ----------
    country_iso3
        ``KHM``, ``LAO``, ``MMR``, ``THA``, ``VNM``, or ``CHN`` / ``CN-YN`` (China takes part
        through Yunnan, so its unit is Yunnan: ``云南``).
    lang
        App language (``km``, ``zh-Hans``, ...).
    data_dir
        Folder with ``basemap/`` (default: the shipped ``data/``).
    """
    wanted = _lang(lang)
    for props in _basemap("units.geojson", data_dir):
        if country_iso3 not in (props.get("unit"), props.get("iso3")):
            continue
        if wanted == CHINESE and props.get("name_zh"):
            return _first(props["name_zh"])
        if wanted == COUNTRY_LANG.get(props.get("iso3", "")):
            return _first(props.get("name_local"))
        return None
    return None


def province_name(
    admin1: str,
    lang: str | None,
    *,
    country: str | None = None,
    data_dir: Path | str | None = None,
    extra: bool = True,
) -> str | None:
    """Name of an admin-1 province in ``lang``, or None where no shipped data has one.

    Parameters
    ----------
    admin1
        The province's English (Natural Earth) name, as in the registry's ``admin1`` field.
    lang
        App language: ``zh-Hans`` gives ``name_zh``; the province's own country language gives
        ``name_local`` (Thai for Thai provinces, Chinese for Yunnan), except the Natural
        Earth names known to be wrong (see ``DISTRICT_PREFIXES``). Other languages, and the
        Khmer, Lao, Burmese and Vietnamese names Natural Earth lacks, come from
        ``data/places/province_names.csv`` (built by ``scripts/build_province_names.py``).
    country
        ISO3 of the province's country, to tell apart equal names in two countries.
    data_dir
        Folder with ``basemap/`` and ``places/`` (default: the shipped ``data/``).
    extra
        Also look in ``province_names.csv`` (the build script turns this off to see what the
        base map alone gives).
    """
    wanted = _lang(lang)
    path = Path(data_dir or DEFAULT_DATA_DIR).resolve() / "basemap" / "admin1.geojson"
    for props in _features(path):
        if props.get("name") != admin1 or (country and props.get("iso3") != country):
            continue
        if wanted == CHINESE and props.get("name_zh"):
            return _first(props["name_zh"])
        iso3 = props.get("iso3", "")
        if wanted == COUNTRY_LANG.get(iso3):
            local = props.get("name_local")
            if local and (iso3, local) not in _suspect_local_names(path):
                return _first(local)
        break
    else:
        known = next(
            (
                v
                for (name, c), v in PROVINCES_NOT_IN_BASEMAP.items()
                if name == admin1 and country in (None, c)
            ),
            {},
        )
        if known.get(wanted):
            return known[wanted]
    if not extra:
        return None
    table = _province_names(Path(data_dir or DEFAULT_DATA_DIR).resolve() / PROVINCE_NAMES_FILE)
    return next(
        (
            name
            for (c, a, lg), name in table.items()
            if a == admin1 and lg == wanted and country in (None, c)
        ),
        None,
    )


def province_label(admin1: str | None, lang: str | None, *, country: str | None = None) -> str:
    """A province as a reader of ``lang`` should see it: its name in that language where the
    shipped data has one (:func:`province_name`), else the registry's English name.

    The one place tables, the detail panel, the access table and country labels get a
    province name from, so no page shows the Natural Earth romanisation where a name in the
    page's language is known.
    """
    if not admin1:
        return ""
    return province_name(admin1, lang, country=country) or admin1


@cache
def _province_names(path: Path) -> dict[tuple[str, str, str], str]:
    """``(country, admin1, lang) -> name`` from ``province_names.csv`` (empty if absent)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["country"], row["admin1"], row["lang"]): row["name"]
            for row in csv.DictReader(handle)
        }


#: Provinces the registry names that the Natural Earth v5 base map does not draw (see
#: ``corridor_map.schema.ADMIN1_NOT_IN_BASEMAP``), with their Chinese and local names.
PROVINCES_NOT_IN_BASEMAP: dict[tuple[str, str], dict[str, str]] = {
    ("Nay Pyi Taw", "MMR"): {CHINESE: "内比都", "my": "နေပြည်တော်"},
}
