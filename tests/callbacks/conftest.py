"""Fixtures for calling the explorer's callbacks as plain functions (no browser).

- ``context``: the :class:`AppContext` of the shipped registry.
- ``app`` / ``callbacks``: the real Dash app and its registered callbacks' original
  functions by name (``sync_state``, ``update_map``, ``update_summaries``, ``update_detail``).
  Dash wraps each callback with ``functools.wraps``, so ``__wrapped__`` is the function the
  app defined.
- ``invoke``: runs a function with a Dash callback context whose ``triggered_inputs`` are
  given, the way Dash's dispatcher sets it (``ctx.triggered_id`` then works).
- ``base_figure`` / ``apply_patch``: the full map figure as JSON, and a helper applying a
  ``dash.Patch``'s operations to it as the renderer would.
"""

from __future__ import annotations

import base64
import contextvars
import copy
import inspect
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from dash import Patch
from dash._callback_context import context_value
from dash._utils import AttributeDict, stringify_id

from corridor_map.context import AppContext
from corridor_map.map.figure import map_figure
from corridor_map.settings import Settings


def basemap_url(layer) -> str:
    """``url_for`` for :func:`map_figure` in tests."""
    return "/basemap/" + layer.filename


def build_figure(registry, lang: str = "en") -> dict:
    """The full map figure as plain lists and dicts (typed arrays decoded, uids kept)."""
    figure = map_figure(
        registry.entities, registry.links, lang=lang, style="white-bg", url_for=basemap_url
    )
    return plain(figure.to_dict())


def plain(value: Any) -> Any:
    """Plotly's figure dict with numpy arrays and ``{"dtype", "bdata"}`` typed arrays as lists."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                shape = value["shape"]
                if isinstance(shape, str):
                    shape = [int(n) for n in shape.split(",")]
                array = array.reshape(shape)
            return array.tolist()
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


def patch_operations(patch: Patch) -> list[dict]:
    """The operations a ``dash.Patch`` sends to the renderer."""
    payload = patch.to_plotly_json()
    assert payload["__dash_patch_update"] == "__dash_patch_update"
    # Round-trip through JSON so values are what the browser gets (no numpy types).
    return json.loads(json.dumps(payload["operations"], default=_plain))


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {value!r}")


def apply_patch(figure: dict, patch: Patch) -> dict:
    """Return a copy of ``figure`` with the patch's operations applied (Assign only)."""
    result = copy.deepcopy(figure)
    for op in patch_operations(patch):
        assert op["operation"] == "Assign", f"unexpected patch operation {op}"
        *path, last = op["location"]
        target = result
        for key in path:
            if isinstance(target, list):
                assert isinstance(key, int) and -len(target) <= key < len(target), (
                    f"location {op['location']} does not exist in the figure"
                )
            target = target[key]
        if isinstance(target, list):
            assert isinstance(last, int) and -len(target) <= last < len(target)
        target[last] = op["params"]["value"]
    return result


def call(func: Callable, *args, lang: str = "en"):
    """Call a callback's function; ``lang`` goes to its ``lang`` parameter if it has one."""
    if "lang" in inspect.signature(func).parameters:
        return func(*args, lang=lang)
    return func(*args)


def run_in_callback_context(
    func: Callable, *args, triggered: list[dict] | None = None, lang: str = "en"
):
    """Call ``func(*args)`` inside a Dash callback context with these triggered inputs.

    ``triggered`` items are ``{"prop_id": "<id>.<prop>", "value": ...}``; for a
    pattern-matching id use :func:`prop_id`. ``None`` or ``[]`` is the initial call.
    """

    def inner():
        context_value.set(AttributeDict(triggered_inputs=list(triggered or []), updated_props={}))
        return call(func, *args, lang=lang)

    return contextvars.copy_context().run(inner)


def prop_id(component_id: str | dict, prop: str) -> str:
    """``prop_id`` as Dash writes it (dict ids are stringified JSON)."""
    return f"{stringify_id(component_id)}.{prop}"


@pytest.fixture(scope="session")
def context(registry) -> AppContext:
    """Indexes the callbacks use, for the shipped registry."""
    return AppContext.build(registry)


@pytest.fixture(scope="session")
def app():
    """The real app on the shipped data, ignoring any CORRIDOR_* environment."""
    from corridor_map import create_app

    return create_app(Settings.from_env(environ={}))


@pytest.fixture(scope="session")
def callbacks(app) -> dict[str, Callable]:
    """The app's callbacks as the functions it defined, keyed by function name."""
    found = {}
    for entry in app.callback_map.values():
        if "callback" not in entry:
            continue  # clientside callbacks run in the browser
        original = entry["callback"].__wrapped__
        found[original.__name__] = original
    return found


@pytest.fixture(scope="session")
def base_figure(registry) -> dict:
    """The full map figure as JSON (treat as read-only; ``apply_patch`` copies it)."""
    return build_figure(registry)


@pytest.fixture()
def invoke() -> Callable:
    """:func:`run_in_callback_context`."""
    return run_in_callback_context
