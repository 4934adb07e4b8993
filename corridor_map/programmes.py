"""Programmes that fund or frame a project link, as a filter vocabulary.

The registry's ``links.csv`` has a free-text ``programme`` field; one link may name several
programmes, separated by ``;`` or `` / `` (``"Belt and Road; Lancang-Mekong Cooperation"``).
Each programme named anywhere gets a stable id, the slug of its name
(``lancang-mekong-cooperation``), which the ``programme=`` URL parameter uses. A link matches
a programme filter when it names any of the chosen programmes; links that name none match
no programme, so a planner sees where a programme has not reached.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Separators between programmes in one ``programme`` field.
SEPARATORS = re.compile(r"\s*;\s*|\s+/\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def programme_names(text: str | None) -> tuple[str, ...]:
    """The programmes a ``programme`` field names, in order, without blanks.

    >>> programme_names("Belt and Road; China-Asia Cooperation Fund / Lancang-Mekong Cooperation")
    ('Belt and Road', 'China-Asia Cooperation Fund', 'Lancang-Mekong Cooperation')
    """
    if not isinstance(text, str):
        return ()
    return tuple(part for part in SEPARATORS.split(text.strip()) if part)


def programme_id(name: str) -> str:
    """The URL id of a programme name (``"MOST China-ASEAN …"`` -> ``"most-china-asean-…"``)."""
    return _NOT_SLUG.sub("-", name.casefold()).strip("-")


def programme_table(links: pd.DataFrame) -> pd.DataFrame:
    """Every programme the links name: ``id``, ``name`` and ``links`` (how many), by name.

    When two spellings share an id, the first one met names it.
    """
    counts: dict[str, list] = {}
    for text in links["programme"]:
        for name in dict.fromkeys(programme_names(text)):
            entry = counts.setdefault(programme_id(name), [name, 0])
            entry[1] += 1
    table = pd.DataFrame(
        [(pid, name, count) for pid, (name, count) in counts.items()],
        columns=["id", "name", "links"],
    )
    return table.sort_values("name", key=lambda s: s.str.casefold(), kind="stable").reset_index(
        drop=True
    )


def link_programme_matrix(links: pd.DataFrame, programme_ids: tuple[str, ...]) -> np.ndarray:
    """Boolean matrix link × programme: which programmes each link names."""
    column = {pid: i for i, pid in enumerate(programme_ids)}
    matrix = np.zeros((len(links), len(programme_ids)), dtype=bool)
    for row, text in enumerate(links["programme"]):
        ids = [column[p] for p in map(programme_id, programme_names(text)) if p in column]
        matrix[row, ids] = True
    return matrix
