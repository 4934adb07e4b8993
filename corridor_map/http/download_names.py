"""File names that say what is in a download, and the CSV encoding spreadsheets open right.

One function names every download (records and links CSV/GeoJSON, the PDF brief, the
analytics CSVs, slides): ``corridor-map_laos_clean-energy_2026-11-30.csv`` for Laos'
clean-energy records, ``corridor-map_links_laos_2026-11-30.geojson`` for its links. Names
are ASCII slugs built only from the app's own vocabularies, never from raw client text
beyond a slugged, bounded search term, so they are safe in a ``Content-Disposition`` header
and on every file system.
"""

from __future__ import annotations

import datetime as dt
import re

from corridor_map.filters import FilterState
from corridor_map.i18n import translate

APP_SLUG = "corridor-map"
#: Byte-order mark: Excel on Windows reads a CSV as UTF-8 only when it starts with one.
UTF8_BOM = "\ufeff"
#: More values than this in one filter are named by their count ("4-countries").
MAX_NAMED_VALUES = 3
#: Longest search term kept in a name, and longest name (before the date and extension).
MAX_QUERY_SLUG = 24
MAX_STEM = 120


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens (``"China (Yunnan)"`` -> ``china-yunnan``)."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _values(values: tuple[str, ...], noun: str, name) -> list[str]:
    if len(values) > MAX_NAMED_VALUES:
        return [f"{len(values)}-{noun}"]
    return [slug(name(v)) for v in values]


def download_name(
    filters: FilterState | None,
    extension: str,
    *,
    subject: str = "",
    selected: str | None = None,
    today: dt.date | None = None,
) -> str:
    """The file name of a download of ``filters``' view.

    Parameters
    ----------
    filters
        The view's filters (``None``: the whole registry).
    extension
        ``"csv"``, ``"geojson"``, ``"pdf"``, ``"pptx"``…
    subject
        What the file holds when it is not the records themselves (``"links"``, ``"brief"``,
        ``"network"``, ``"partners"``); written after the app's name.
    selected
        A record id the file is about (a brief of one record, its partners).
    today
        The date written in the name (default: today, UTC).

    Returns
    -------
    str
        ``corridor-map[_subject][_countries][_sectors][_kinds][_statuses][_programmes]``
        ``[_search-term][_record]_YYYY-MM-DD.extension``; ``all`` when nothing is filtered.
    """
    f = filters or FilterState()
    parts = [APP_SLUG, *([slug(subject)] if subject else [])]
    named = [
        *_values(f.countries, "countries", lambda c: translate(f"country.{c}", "en")),
        *_values(f.sectors, "sectors", slug),
        *_values(f.kinds, "kinds", slug),
        *_values(f.statuses, "statuses", slug),
        *_values(f.programmes, "programmes", slug),
    ]
    if f.query and (term := slug(f.query)[:MAX_QUERY_SLUG].strip("-")):
        named.append(f"search-{term}")
    if selected:
        named.append(slug(selected))
    parts += [p for p in named if p] or ["all"]
    stem = "_".join(parts)[:MAX_STEM].rstrip("-_")
    day = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    return f"{stem}_{day}.{slug(extension)}"


def attachment(name: str, inline: bool = False) -> str:
    """A ``Content-Disposition`` value naming the file ``name`` (an ASCII slug already)."""
    return f'{"inline" if inline else "attachment"}; filename="{name}"'
