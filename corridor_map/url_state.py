"""FilterState <-> URL query string; round-trips exactly, drops unknown values with notices.

``?sector=clean_energy,agriculture&country=LAO,CHN&kind=rd_hub&q=solar&id=lao-nuol``
Lists are comma-separated; repeated keys are accepted too (``sector=a&sector=b``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from corridor_map import schema
from corridor_map.filters import FilterState
from corridor_map.map.camera import PARAM as CAMERA_PARAM
from corridor_map.map.camera import canonical_at
from layers import TOGGLE_IDS

LIST_KEYS = {"sector": "sectors", "country": "countries", "kind": "kinds", "status": "statuses"}
TEXT_KEYS = {"q": "query", "id": "selected"}
#: Map layers switched off in the legend (``hide=links,admin1``).
HIDE_PARAM = "hide"
#: Keys other features own (language, map centre and zoom, hidden layers); kept but not part
#: of the filter.
PASSTHROUGH_KEYS = ("lang", CAMERA_PARAM, HIDE_PARAM)
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Dropped:
    """A value from the URL that was not used, and why (shown to the user as a notice)."""

    key: str
    value: str
    reason: str


def _values(raw: Iterable[str]) -> list[str]:
    return [part.strip() for item in raw for part in item.split(",") if part.strip()]


def parse(
    query_string: str, sectors: Iterable[str], entity_ids: Iterable[str] = ()
) -> tuple[FilterState, list[Dropped]]:
    """Read a filter state from a query string (with or without the leading ``?``).

    Parameters
    ----------
    query_string
        The URL's query part.
    sectors
        The sector vocabulary, in display order.
    entity_ids
        Known entity ids; an unknown ``id`` is dropped with a notice.

    Returns
    -------
    state, dropped
        The usable state, and every value that was dropped with its reason.
    """
    sector_order = tuple(sectors)
    allowed = {
        "sectors": set(sector_order),
        "countries": set(schema.COUNTRIES),
        "kinds": set(schema.ENTITY_KINDS),
        "statuses": set(schema.ENTITY_STATUSES),
    }
    known_ids = set(entity_ids)
    params = parse_qs(query_string.lstrip("?"), keep_blank_values=False)
    dropped: list[Dropped] = []
    fields: dict[str, object] = {}
    for key, raw in params.items():
        if key in LIST_KEYS:
            name = LIST_KEYS[key]
            values = _values(raw)
            good = [v for v in values if v in allowed[name]]
            dropped += [Dropped(key, v, "unknown value") for v in values if v not in allowed[name]]
            fields[name] = tuple(good)
        elif key in TEXT_KEYS:
            value = " ".join(raw[-1].split())
            if key == "q" and len(value) > MAX_QUERY_LENGTH:
                dropped.append(
                    Dropped(key, value[:40] + "…", f"longer than {MAX_QUERY_LENGTH} characters")
                )
                continue
            if key == "id" and known_ids and value not in known_ids:
                dropped.append(Dropped(key, value[:80], "no record with this id"))
                continue
            fields[TEXT_KEYS[key]] = value
        elif key == HIDE_PARAM:
            names = _values(raw)
            dropped += [Dropped(key, v, "unknown layer") for v in names if v not in TOGGLE_IDS]
        elif key == CAMERA_PARAM and canonical_at(raw[-1]) is None:
            dropped.append(Dropped(key, raw[-1][:40], "not a map view (latitude,longitude,zoom)"))
        elif key not in PASSTHROUGH_KEYS:
            dropped.append(Dropped(key[:40], ",".join(raw)[:40], "unknown parameter"))
    return FilterState(**fields).canonical(sector_order), dropped


def to_query(state: FilterState, extra: dict[str, str] | None = None) -> str:
    """Write a state as a query string (``?…``, or ``""`` for the default view)."""
    pairs: list[tuple[str, str]] = []
    for key, name in LIST_KEYS.items():
        if values := getattr(state, name):
            pairs.append((key, ",".join(values)))
    for key, name in TEXT_KEYS.items():
        if value := getattr(state, name):
            pairs.append((key, value))
    pairs += [(k, v) for k, v in (extra or {}).items() if v]
    return "?" + urlencode(pairs, safe=",") if pairs else ""


def canonical_hide(value: str | None) -> str:
    """``hide`` as the app writes it: the known layer toggles named, in legend order.

    Unknown names are left out (:func:`parse` reports them); ``""`` when nothing is hidden.
    """
    names = set(_values([value or ""]))
    return ",".join(t for t in TOGGLE_IDS if t in names)


def kept_params(query_string: str | None) -> dict[str, str]:
    """The non-filter parameters a URL carries that the app keeps when it rewrites the URL.

    ``lang`` as given, ``at`` (map centre and zoom) in canonical form when usable, ``hide``
    with its known layers; absent or unusable ones map to ``""`` (which :func:`to_query`
    leaves out).
    """
    params = parse_qs((query_string or "").lstrip("?"))
    at = canonical_at((params.get(CAMERA_PARAM) or [""])[-1])
    return {
        "lang": (params.get("lang") or [""])[-1],
        CAMERA_PARAM: at or "",
        HIDE_PARAM: canonical_hide(",".join(params.get(HIDE_PARAM) or [])),
    }
