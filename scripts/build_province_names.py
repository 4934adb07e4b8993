"""Build data/places/province_names.csv: province names in the app's languages.

    python scripts/build_province_names.py [--data-dir DIR]

The base map (``data/basemap/admin1.geojson``, Natural Earth v5) names every province in
English or a romanisation (``Batdâmbâng``), in Chinese (``name_zh``) and, for Thailand and
Yunnan only, in the local script (``name_local``). Natural Earth has no Khmer, Lao, Burmese
or Vietnamese name field. This script supplies those names, one row per province and language
where the base map lacks one:

- Khmer names of Cambodia's provinces, Lao names of Laos's provinces and Burmese names of
  Myanmar's states and regions: Unicode CLDR ``common/subdivisions/km.xml``, ``lo.xml`` and
  ``my.xml`` (copied below as :data:`CLDR_KM`, :data:`CLDR_LO` and :data:`CLDR_MY`, keyed
  by ISO 3166-2 code; the stray space CLDR has after ``ខេត្ត`` in five names is removed).
- Lao, Thai, Vietnamese and Chinese names: the ISO 3166-2 names and their translations in
  Debian's iso-codes, read through the PyPI package pycountry 26.2.16 (``pip install
  pycountry==26.2.16``; only to rebuild). ISO 3166-2 itself writes Vietnam's provinces in
  Vietnamese (``Hà Nội``), which gives the Vietnamese names. A translation equal to the
  English entry is not a translation and is skipped.

Provinces are matched by their ISO 3166-2 code (``iso_3166_2`` in the base map). Chinese
provinces outside Yunnan that the registry names (``Beijing``, ``Guangxi``, ...), and
``Nay Pyi Taw`` (not drawn by Natural Earth v5), are added so the labels of link partners are
localised too. Columns: ``country`` (ISO3), ``admin1`` (the base map's or registry's English
name), ``iso_3166_2``, ``lang``, ``name``, ``source``.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import sys
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from corridor_map.place_names import (  # noqa: E402
    PROVINCE_NAMES_FILE,
    province_name,
)

CLDR_COMMIT = "0cc742578b2b71718d9fa77d3531f4e026152ea7"
CLDR_MY_COMMIT = "40992f9554d90ceecc06168b53a39b82bbdf8a8d"
CLDR_URL = "https://github.com/unicode-org/cldr/blob/{commit}/common/subdivisions/{lang}.xml"
ISO_CODES = "ISO 3166-2 via iso-codes (pycountry 26.2.16)"

#: Khmer names of Cambodia's 24 provinces and capital (CLDR ``km.xml``).
CLDR_KM = {
    "KH-1": "ខេត្តបន្ទាយមានជ័យ",
    "KH-2": "ខេត្តបាត់ដំបង",
    "KH-3": "ខេត្តកំពង់ចាម",
    "KH-4": "ខេត្តកំពង់ឆ្នាំង",
    "KH-5": "ខេត្តកំពង់ស្ពឺ",
    "KH-6": "ខេត្តកំពង់ធំ",
    "KH-7": "ខេត្តកំពត",
    "KH-8": "ខេត្តកណ្ដាល",
    "KH-9": "ខេត្តកោះកុង",
    "KH-10": "ខេត្តក្រចេះ",
    "KH-11": "ខេត្តមណ្ឌលគិរី",
    "KH-12": "ភ្នំពេញ",
    "KH-13": "ខេត្តព្រះវិហារ",
    "KH-14": "ខេត្តព្រៃវែង",
    "KH-15": "ខេត្តពោធិ៍សាត់",
    "KH-16": "ខេត្តរតនគិរី",
    "KH-17": "ខេត្តសៀមរាប",
    "KH-18": "ខេត្តព្រះសីហនុ",
    "KH-19": "ខេត្តស្ទឹងត្រែង",
    "KH-20": "ខេត្តស្វាយរៀង",
    "KH-21": "ខេត្តតាកែវ",
    "KH-22": "ខេត្តឧត្ដរមានជ័យ",
    "KH-23": "ខេត្តកែប",
    "KH-24": "ខេត្តប៉ៃលិន",
    "KH-25": "ខេត្តត្បូងឃ្មុំ",
}

#: Lao names of Laos's provinces and capital (CLDR ``lo.xml``); they tell the capital
#: (ນະຄອນຫຼວງວຽງຈັນ) from Vientiane province, which iso-codes names alike.
CLDR_LO = {
    "LA-AT": "ແຂວງອັດຕະປື",
    "LA-BK": "ແຂວງບໍ່ແກ້ວ",
    "LA-BL": "ແຂວງບໍລິຄໍາໄຊ",
    "LA-CH": "ແຂວງຈໍາປາສັກ",
    "LA-HO": "ແຂວງຫົວພັນ",
    "LA-KH": "ແຂວງຄຳມ່ວນ",
    "LA-LM": "ແຂວງຫຼວງນໍ້າທາ",
    "LA-LP": "ແຂວງຫຼວງພະບາງ",
    "LA-OU": "ແຂວງອຸດົມໄຊ",
    "LA-PH": "ແຂວງຜົ້ງສາລີ",
    "LA-SL": "ແຂວງສາລະວັນ",
    "LA-SV": "ແຂວງສະຫວັນນະເຂດ",
    "LA-VI": "ແຂວງວຽງຈັນ",
    "LA-VT": "ນະຄອນຫຼວງວຽງຈັນ",
    "LA-XA": "ແຂວງໄຊຍະບູລີ",
    "LA-XE": "ແຂວງເຊກອງ",
    "LA-XI": "ແຂວງຊຽງຂວາງ",
    "LA-XS": "ແຂວງໄຊສົມບູນ",
}

#: Burmese names of Myanmar's states, regions and union territory (CLDR ``my.xml``).
CLDR_MY = {
    "MM-01": "စစ်ကိုင်းတိုင်း",
    "MM-02": "ပဲခူးတိုင်း",
    "MM-03": "မကွေးတိုင်း",
    "MM-04": "မန္တလေးတိုင်း",
    "MM-05": "တနင်္သာရီတိုင်း",
    "MM-06": "ရန်ကုန်တိုင်း",
    "MM-07": "ဧရာဝတီတိုင်း",
    "MM-11": "ကချင်ပြည်နယ်",
    "MM-12": "ကယားပြည်နယ်",
    "MM-13": "ကရင်ပြည်နယ်",
    "MM-14": "ချင်းပြည်နယ်",
    "MM-15": "မွန်ပြည်နယ်",
    "MM-16": "ရခိုင်ပြည်နယ်",
    "MM-17": "ရှမ်းပြည်နယ်",
    "MM-18": "နေပြည်တော် ပြည်ထောင်စုနယ်မြေ",
}

#: Natural Earth v5 gives the capital prefecture the province's ISO code.
ISO_CODE_FIXES = {("LAO", "Vientiane [prefecture]"): "LA-VT"}
#: Provinces the registry names that the base map does not draw: (country, admin1, ISO code).
EXTRA_PROVINCES = [("MMR", "Nay Pyi Taw", "MM-18")]
#: iso-codes translation domains for each app language.
GETTEXT_LANGS = {"lo": "lo", "th": "th", "vi": "vi", "zh-Hans": "zh_CN"}
ISO2 = {"KHM": "KH", "LAO": "LA", "MMR": "MM", "THA": "TH", "VNM": "VN", "CHN": "CN"}


def provinces(data_dir: Path) -> list[tuple[str, str, str]]:
    """(country, admin1, ISO 3166-2 code) of the base map's provinces and registry extras."""
    import pycountry

    features = json.loads((data_dir / "basemap" / "admin1.geojson").read_text("utf-8"))
    rows = []
    for feature in features["features"]:
        props = feature["properties"]
        key = (props["iso3"], props["name"])
        rows.append((*key, ISO_CODE_FIXES.get(key, props["iso_3166_2"])))
    rows += EXTRA_PROVINCES
    entities = pd.read_csv(data_dir / "registry" / "entities.csv", dtype=str).fillna("")
    drawn = {(c, n) for c, n, _ in rows}
    for country, admin1 in sorted(set(zip(entities["country"], entities["admin1"], strict=True))):
        if country != "CHN" or not admin1 or (country, admin1) in drawn:
            continue
        match = [
            s
            for s in pycountry.subdivisions.get(country_code="CN")
            if s.name.split(" ")[0] == admin1 or s.name == admin1
        ]
        if len(match) != 1:
            raise SystemExit(f"no single ISO 3166-2 code for {admin1!r}: {match}")
        rows.append((country, admin1, match[0].code))
    return rows


def build(data_dir: Path) -> list[dict[str, str]]:
    """Rows of province_names.csv (languages the base map lacks for each province)."""
    import pycountry

    translations = {
        lang: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[domain])
        for lang, domain in GETTEXT_LANGS.items()
    }
    out = []
    for country, admin1, code in provinces(data_dir):
        sub = pycountry.subdivisions.get(code=code)
        names: dict[str, tuple[str, str]] = {}
        if code in CLDR_KM:
            names["km"] = (CLDR_KM[code], CLDR_URL.format(commit=CLDR_COMMIT, lang="km"))
        if code in CLDR_LO:
            names["lo"] = (CLDR_LO[code], CLDR_URL.format(commit=CLDR_COMMIT, lang="lo"))
        if code in CLDR_MY:
            names["my"] = (CLDR_MY[code], CLDR_URL.format(commit=CLDR_MY_COMMIT, lang="my"))
        if sub is not None:
            if country == "VNM":
                names["vi"] = (sub.name, ISO_CODES)
            for lang, translation in translations.items():
                local = translation.gettext(sub.name)
                if local != sub.name and lang not in names:
                    names[lang] = (local, ISO_CODES)
        for lang, (name, source) in sorted(names.items()):
            # The base map's own name wins; only languages it lacks are written.
            if province_name(admin1, lang, country=country, data_dir=data_dir, extra=False):
                continue
            out.append(
                {
                    "country": country,
                    "admin1": admin1,
                    "iso_3166_2": code,
                    "lang": lang,
                    "name": name,
                    "source": source,
                }
            )
    return out


def main(argv: list[str] | None = None) -> int:
    """Write ``data/places/province_names.csv``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / "data")
    args = parser.parse_args(argv)
    rows = build(args.data_dir)
    path = args.data_dir / PROVINCE_NAMES_FILE
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} names -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
