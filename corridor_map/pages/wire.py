"""Callback answers in the form the browser receives them.

Dash encodes every answer with plotly's JSON encoder, which visits each component and figure
through Python hooks. Parts of a page that are memoised per state are kept in their wire
form (plain dicts, lists and strings, components as ``{"type", "namespace", "props"}``), so a
state seen before costs one pass of the JSON encoder, not a walk over its components again.
"""

from __future__ import annotations

import orjson
from plotly.io.json import to_json_plotly


def wire_form(values: object) -> object:
    """``values`` as the JSON the renderer gets for them, decoded again to plain Python.

    Parameters
    ----------
    values
        Callback output values: components, figures, numpy arrays, strings, numbers.

    Returns
    -------
    object
        The same values as plain dicts, lists, strings, numbers and ``None``; a tuple
        stays a sequence (a list), as Dash sends it.
    """
    return orjson.loads(to_json_plotly(values))
