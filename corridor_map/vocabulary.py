"""Forgiving input: names people type for vocabulary codes, and the closest code to a typo.

One home for reading a country (corridor unit) named in any of the app's languages or a
common spelling (``Laos``, ``ລາວ``, ``yunnan``, ``Viet Nam``, ``Burma``), case-insensitively,
as its code (``LAO``, ``CHN`` = Yunnan), and for suggesting the closest known value when a
value is still unknown ("did you mean Laos (LAO)?"). The URL parser
(:mod:`corridor_map.view_state`) and the API's parameter table
(:mod:`corridor_map.http.api_params`) both read names through it, so the page and the API
accept exactly the same spellings.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from functools import cache

from corridor_map import schema
from corridor_map.i18n import available_languages, translate

#: Common spellings beyond the translated labels: English variants, ISO 3166 alpha-2, the
#: countries' own names and Yunnan on its own. ``CHN`` stands for Yunnan only, so plain
#: "China" is not an alias (it gets a suggestion instead).
COMMON_SPELLINGS: dict[str, tuple[str, ...]] = {
    "KHM": ("Cambodia", "Kampuchea", "KH", "កម្ពុជា", "ព្រះរាជាណាចក្រកម្ពុជា"),
    "LAO": ("Laos", "Lao", "Lao PDR", "LA", "ລາວ", "ສປປ ລາວ"),
    "MMR": ("Myanmar", "Burma", "MM", "မြန်မာ", "ဗမာ"),
    "THA": ("Thailand", "TH", "ไทย", "ประเทศไทย"),
    "VNM": ("Vietnam", "Viet Nam", "Việt Nam", "VN"),
    "CHN": ("Yunnan", "Yunnan Province", "CN-YN", "云南", "雲南", "云南省", "ຢູນນານ", "ยูนนาน"),
}
#: How close a typo must be to a known name to be suggested (difflib ratio).
SUGGESTION_CUTOFF = 0.6
#: Longest value compared for a suggestion (difflib is quadratic in length).
MAX_SUGGESTION_INPUT = 60


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@cache
def country_aliases() -> dict[str, str]:
    """Every accepted country name, case-folded, -> its code.

    The codes themselves, their labels in all seven languages (``country.<code>`` in the
    catalogs) and :data:`COMMON_SPELLINGS`.
    """
    aliases: dict[str, str] = {}
    for code in schema.COUNTRIES:
        names = [code, *COMMON_SPELLINGS.get(code, ())]
        names += [translate(f"country.{code}", lang) for lang in available_languages()]
        for name in names:
            aliases.setdefault(_key(name), code)
    return aliases


def country_names() -> tuple[str, ...]:
    """Every accepted country name as written (codes first), for the API's schema."""
    written = {
        name: None
        for code in schema.COUNTRIES
        for name in (
            code,
            *COMMON_SPELLINGS.get(code, ()),
            *(translate(f"country.{code}", lang) for lang in available_languages()),
        )
    }
    return tuple(written)


def resolve_country(value: str) -> str | None:
    """The code a country name stands for (``"laos"`` -> ``"LAO"``), or ``None``."""
    return country_aliases().get(_key(value))


def caseless_pattern(text: str) -> str:
    """A regular expression (ECMA and Python alike) matching ``text`` in any letter case.

    JSON Schema patterns carry no flags, so each cased letter becomes a class (``[lL]``).
    """
    out = []
    for char in text:
        lower, upper = char.lower(), char.upper()
        if lower != upper and len(lower) == len(upper) == 1:
            out.append(f"[{re.escape(lower)}{re.escape(upper)}]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def suggest(value: str, names: Mapping[str, str]) -> str | None:
    """The code whose name is closest to ``value``, or ``None`` when nothing is close.

    Parameters
    ----------
    value
        What the person typed.
    names
        Candidate name (any case) -> code; codes should be among the names.
    """
    wanted = _key(value)[:MAX_SUGGESTION_INPUT]
    if not wanted:
        return None
    folded = {_key(name): code for name, code in names.items()}
    close = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=SUGGESTION_CUTOFF)
    return folded[close[0]] if close else None


def suggestion_names(field: str, codes: Iterable[str]) -> dict[str, str]:
    """Names a suggestion for ``field`` compares against: codes and their labels.

    Parameters
    ----------
    field
        A :class:`~corridor_map.filters.FilterState` list field (``countries``,
        ``sectors``, ``kinds``, ``statuses``, ``programmes``).
    codes
        The field's known codes.
    """
    codes = tuple(codes)
    if field == "countries":
        return {**{c: c for c in codes}, **dict(country_aliases())}
    prefix = LABEL_PREFIX.get(field)
    names = {code: code for code in codes}
    names.update({code.replace("_", " "): code for code in codes})
    if prefix:
        for lang in available_languages():
            names.update({translate(f"{prefix}.{code}", lang): code for code in codes})
    return names


#: Catalog prefix of each field's labels.
LABEL_PREFIX = {
    "countries": "country",
    "sectors": "sector",
    "kinds": "kind",
    "statuses": "entity_status",
}


def label(field: str, code: str, lang: str) -> str:
    """``code``'s label in ``lang`` for a suggestion (the code itself when it has none)."""
    prefix = LABEL_PREFIX.get(field)
    return translate(f"{prefix}.{code}", lang) if prefix else code
