"""Fixtures for calling the app's callbacks as plain functions (no browser).

- ``context``: the :class:`AppContext` of the shipped registry.
- ``app`` / ``callbacks``: the real Dash app and its registered server callbacks' original
  functions by name (``render_page``, ``update_explorer``, ``show_pair_links``,
  ``show_choropleth``, ``update_briefing``, ``update_embed``). Dash wraps each callback
  with ``functools.wraps``, so ``__wrapped__`` is the function the app defined.
- ``invoke``: runs a function with a Dash callback context whose ``triggered_inputs`` are
  given, the way Dash's dispatcher sets it (``ctx.triggered_id`` then works).
- ``dispatch`` / ``render_page_json``: a callback through Dash's real HTTP dispatcher, so
  its outputs are known to serialise (and the page the shell renders, as the browser gets it).
- ``run_clientside``: a function of ``assets/view-links.js`` run in Node with a minimal
  ``window`` (the links to the current view are built in the browser).
- ``base_figure`` / ``apply_patch``: the full map figure as JSON, and a helper applying a
  ``dash.Patch``'s operations to it as the renderer would.
"""

from __future__ import annotations

import base64
import contextvars
import copy
import inspect
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from dash import Patch
from dash._callback_context import context_value
from dash._utils import AttributeDict, stringify_id

from corridor_map.map.figure import map_figure
from corridor_map.pages import PAGE_CONTENT, PAGE_URL
from corridor_map.settings import REPO_ROOT


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
    """Call a callback's function; ``lang`` goes to its ``lang`` parameter if it has one (in
    its place among ``args`` when more arguments follow it, as Dash passes them)."""
    names = list(inspect.signature(func).parameters)
    if "lang" not in names:
        return func(*args)
    at = names.index("lang")
    if len(args) > at:
        return func(*args[:at], lang, *args[at:])
    return func(*args, lang=lang)


#: Function name -> the outputs Dash's dispatcher would list for it (``ctx.outputs_list``),
#: filled by :func:`server_callbacks`.
OUTPUTS_LISTS: dict[str, list[dict] | dict] = {}


def run_in_callback_context(
    func: Callable, *args, triggered: list[dict] | None = None, lang: str = "en"
):
    """Call ``func(*args)`` inside a Dash callback context with these triggered inputs.

    ``triggered`` items are ``{"prop_id": "<id>.<prop>", "value": ...}``; for a
    pattern-matching id use :func:`prop_id`. ``None`` or ``[]`` is the initial call. The
    context's ``outputs_list`` is the callback's, as the dispatcher sets it.
    """
    outputs = OUTPUTS_LISTS.get(getattr(func, "__name__", ""), [])

    def inner():
        context_value.set(
            AttributeDict(
                triggered_inputs=list(triggered or []),
                outputs_list=copy.deepcopy(outputs),
                updated_props={},
            )
        )
        return call(func, *args, lang=lang)

    return contextvars.copy_context().run(inner)


def outputs_by_id(func_name: str, values) -> dict:
    """A callback's output values keyed ``"<id>.<prop>"`` (dict ids as Dash stringifies
    them), in the order of its registered outputs."""
    specs = OUTPUTS_LISTS[func_name]
    specs = specs if isinstance(specs, list) else [specs]
    keys = [f"{stringify_id(spec['id'])}.{spec['property']}" for spec in specs]
    assert len(keys) == len(values), f"{func_name}: {len(values)} values for {len(keys)} outputs"
    return dict(zip(keys, values, strict=True))


def prop_id(component_id: str | dict, prop: str) -> str:
    """``prop_id`` as Dash writes it (dict ids are stringified JSON)."""
    return f"{stringify_id(component_id)}.{prop}"


def callback_entry(app, name: str) -> tuple[str, dict]:
    """The ``callback_map`` key and entry of the server callback whose function is ``name``."""
    for key, entry in app.callback_map.items():
        if "callback" in entry and entry["callback"].__wrapped__.__name__ == name:
            return key, entry
    raise KeyError(f"no server callback named {name}")


def described_outputs(entry: dict) -> list[dict] | dict:
    """A callback's outputs as the renderer describes them (a dict for a single output;
    ``allow_duplicate`` suffixes dropped)."""

    def described(output):
        return {"id": output.component_id, "property": output.component_property.split("@")[0]}

    outputs = entry["output"]
    return [described(o) for o in outputs] if isinstance(outputs, list) else described(outputs)


def dispatch(
    app, name: str, inputs: list, state: list, changed: list[str] | None = None
) -> tuple[int, dict | None, str]:
    """POST callback ``name`` to Dash's dispatcher as the renderer does.

    ``inputs`` and ``state`` are the values in the callback's declared order (a
    pattern-matching ``ALL`` input takes a list of ``{"id", "property", "value"}``);
    ``changed`` are the triggering prop ids. Returns status, JSON body (``None`` if empty)
    and the raw text.
    """
    key, entry = callback_entry(app, name)

    def described(declared, values):
        out = []
        for item, value in zip(declared, values, strict=True):
            if isinstance(value, list) and item["id"].startswith("{"):
                out.append(value)  # pattern-matching: already a list of descriptions
            else:
                out.append({"id": item["id"], "property": item["property"], "value": value})
        return out

    outputs = described_outputs(entry)
    response = app.server.test_client().post(
        "/_dash-update-component",
        json={
            "output": key,
            "outputs": outputs,
            "inputs": described(entry["inputs"], inputs),
            "changedPropIds": list(changed or []),
            "state": described(entry["state"], state),
        },
    )
    text = response.get_data(as_text=True)
    body = response.get_json(silent=True) if text else None
    return response.status_code, body, text


def render_page_json(app, pathname: str, search: str = "", headers: dict | None = None):
    """The page the shell renders for ``pathname`` and ``search``, as JSON (via the
    dispatcher, like a page load)."""
    key, _ = callback_entry(app, "render_page")
    response = app.server.test_client().post(
        "/_dash-update-component",
        json={
            "output": key,
            "outputs": {"id": PAGE_CONTENT, "property": "children"},
            "inputs": [{"id": PAGE_URL, "property": "pathname", "value": pathname}],
            "changedPropIds": [f"{PAGE_URL}.pathname"],
            "state": [{"id": PAGE_URL, "property": "search", "value": search}],
        },
        headers=headers or {},
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()["response"][PAGE_CONTENT]["children"]


def walk_json(node):
    """Every dict under a JSON tree (components are dicts with ``type`` and ``props``)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk_json(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_json(item)


def find_component(layout, component_id) -> dict:
    """The JSON component with ``id`` in a rendered layout."""
    found = [n for n in walk_json(layout) if n.get("props", {}).get("id") == component_id]
    assert len(found) == 1, f"{component_id}: {len(found)} found"
    return found[0]


VIEW_LINKS_JS = REPO_ROOT / "assets" / "view-links.js"
NODE = shutil.which("node")


#: What a clientside function run in Node returns for ``window.dash_clientside.no_update``.
NO_UPDATE_JS = {"no_update": True}


def run_clientside(
    function: str,
    args: list,
    origin: str = "http://x.test",
    path: str = "/",
    triggered_id: str | dict | None = None,
    script: Path | str = VIEW_LINKS_JS,
    window: dict | None = None,
):
    """Run ``window.dash_clientside.corridor[function](*args)`` from ``script`` (a path, or
    a file name in assets/; default view-links.js) in Node, with ``window.location`` at
    ``origin + path``, ``callback_context.triggered_id`` and any other ``window``
    properties; returns its JSON result (a promise's value). ``no_update`` comes back as
    :data:`NO_UPDATE_JS`."""
    if NODE is None:
        pytest.skip("node is not installed")
    prelude = {
        "location": {"origin": origin, "pathname": path},
        "dash_clientside": {
            "callback_context": {"triggered_id": triggered_id},
            "no_update": NO_UPDATE_JS,
        },
        **(window or {}),
    }
    script = "\n".join(
        [
            f"const window = {json.dumps(prelude)};",
            "globalThis.window = window;",
            # Scripts that listen on the document (record-pick.js) load; nothing fires.
            "globalThis.document = { addEventListener() {}, getElementById() { return null; } };",
            (VIEW_LINKS_JS.parent / script).read_text(encoding="utf-8"),
            f"const out = window.dash_clientside.corridor[{json.dumps(function)}]"
            f"(...{json.dumps(args)});",
            "Promise.resolve(out).then((value) =>",
            "  process.stdout.write(JSON.stringify(value === undefined ? null : value)));",
        ]
    )
    done = subprocess.run(
        [NODE, "-e", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def server_callbacks(app) -> dict[str, Callable]:
    """``app``'s server callbacks as the functions it defined, keyed by function name (and
    their outputs noted for :func:`run_in_callback_context`)."""
    found = {}
    for entry in app.callback_map.values():
        if "callback" not in entry:
            continue  # clientside callbacks run in the browser
        original = entry["callback"].__wrapped__
        found[original.__name__] = original
        OUTPUTS_LISTS[original.__name__] = described_outputs(entry)
    return found


@pytest.fixture(scope="session")
def callbacks(app) -> dict[str, Callable]:
    """The app's callbacks as the functions it defined, keyed by function name."""
    return server_callbacks(app)


@pytest.fixture(scope="session")
def base_figure(registry) -> dict:
    """The full map figure as JSON (treat as read-only; ``apply_patch`` copies it)."""
    return build_figure(registry)


@pytest.fixture()
def invoke() -> Callable:
    """:func:`run_in_callback_context`."""
    return run_in_callback_context


# --------------------------------------------------------------------------- components


def walk(node):
    """Every component and string under ``node`` (children lists, components, strings).

    Memoised page parts arrive in their wire form (``{"type", "namespace", "props"}``, as
    the browser gets them): each is yielded as a :class:`WireComponent`."""
    if node is None:
        return
    if isinstance(node, list | tuple):
        for item in node:
            yield from walk(item)
        return
    node = wire_node(node)
    yield node
    if hasattr(node, "children"):
        yield from walk(getattr(node, "children", None))


@dataclass(frozen=True)
class WireComponent:
    """A component in wire form, with its props as attributes (like the Python component)."""

    namespace: str
    type: str
    props: dict

    def to_plotly_json(self) -> dict:
        """The wire form itself (as a component's ``to_plotly_json`` gives it)."""
        return {"namespace": self.namespace, "type": self.type, "props": self.props}

    def __getattr__(self, name):
        try:
            return wire_node(self.props[name])
        except KeyError:
            raise AttributeError(name) from None


def wire_node(value):
    """``value`` with components in wire form (and lists of them) as :class:`WireComponent`."""
    if isinstance(value, dict) and {"type", "namespace", "props"} <= value.keys():
        return WireComponent(value["namespace"], value["type"], value["props"])
    if isinstance(value, list):
        return [wire_node(item) for item in value]
    return value


def is_kind(component, kind) -> bool:
    """Whether ``component`` (Python or wire form) is a ``kind`` (e.g. ``html.Strong``)."""
    if isinstance(component, WireComponent):
        return component.type == kind.__name__ and component.namespace == kind()._namespace
    return isinstance(component, kind)


def components(node, kind=None):
    """Components under ``node``, optionally only those of type ``kind``."""
    return [c for c in walk(node) if not isinstance(c, str) and (kind is None or is_kind(c, kind))]
