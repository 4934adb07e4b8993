"""The view a URL describes, read by one parser and written by one serialiser.

A view is what the user chose (:class:`~corridor_map.filters.FilterState`), the record whose
details are open, the map's framing (``at``), the layers unticked in the legend (``hide``)
and the language. Every page, the API, the brief and the analytics read it with
:func:`parse_view` and write it with :meth:`ViewState.query`; nothing else builds a query
string, so a value such as ``q=R&D`` survives every round trip.

``?sector=clean_energy,agriculture&country=LAO,CHN&kind=rd_hub&status=planned&programme=belt-and-road&q=solar&year=2016&since=2026-11-01&id=lao-nuol&lang=th``
Lists are comma-separated; repeated keys are accepted too (``sector=a&sector=b``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from corridor_map import schema
from corridor_map.filters import FilterState
from corridor_map.i18n import normalise_lang
from corridor_map.map.camera import canonical_at
from corridor_map.vocabulary import resolve_country, suggest, suggestion_names
from layers import TOGGLE_IDS

#: URL parameter -> FilterState field, for the list-valued filters.
LIST_KEYS = {
    "sector": "sectors",
    "country": "countries",
    "kind": "kinds",
    "status": "statuses",
    "programme": "programmes",
}
QUERY_PARAM = "q"
#: The corridor as it stood at the end of a year (``year=2016``).
YEAR_PARAM = "year"
#: What was added or changed on or after a date (``since=2026-11-01``).
SINCE_PARAM = "since"
#: Years a view may name: the registry's earliest year to ten years ahead (as its checker).
YEAR_RANGE = (schema.EARLIEST_YEAR, dt.date.today().year + 10)
#: ``since``'s form (a real calendar date is checked too).
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
SELECTED_PARAM = "id"
LANG_PARAM = "lang"
CAMERA_PARAM = "at"
#: Map layers switched off in the legend (``hide=links,admin1``).
HIDE_PARAM = "hide"
#: Every parameter a view has, in the order the serialiser writes them.
VIEW_PARAMS = (
    *LIST_KEYS,
    QUERY_PARAM,
    YEAR_PARAM,
    SINCE_PARAM,
    SELECTED_PARAM,
    LANG_PARAM,
    CAMERA_PARAM,
    HIDE_PARAM,
)
MAX_QUERY_LENGTH = 200
#: Longest value quoted back in a notice.
MAX_QUOTED = 40
#: Unknown values per parameter that get a "did you mean" suggestion.
MAX_SUGGESTIONS = 10

Params = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Dropped:
    """A value from the URL that was not used, and why (shown to the user as a notice)."""

    key: str
    value: str
    reason: str
    #: The closest known code ("did you mean …?"), when one is close enough.
    suggestion: str | None = None
    #: The FilterState field the value was meant for (labels the suggestion).
    field: str = ""

    def __str__(self) -> str:
        hint = f"; did you mean {self.suggestion}?" if self.suggestion else ""
        return f"{self.key}={self.value} ({self.reason}{hint})"

    def problem(self) -> dict:
        """The value as an API problem (``did_you_mean`` when there is a suggestion)."""
        out = {"parameter": self.key, "value": self.value, "reason": self.reason}
        return {**out, "did_you_mean": self.suggestion} if self.suggestion else out


@dataclass(frozen=True)
class ViewState:
    """One view of the corridor: filters, selection, framing, hidden layers and language.

    Attributes
    ----------
    filters
        What the user chose; selection is not part of it.
    selected
        Id of the entity whose details are open, if any.
    at
        The map's framing in canonical ``lat,lon,zoom`` form, or ``""`` for the page's own.
    hide
        Layer toggles switched off, in legend order.
    lang
        The language the URL asked for (an available catalog), or ``""`` when it named none.
    """

    filters: FilterState = field(default_factory=FilterState)
    selected: str | None = None
    at: str = ""
    hide: tuple[str, ...] = ()
    lang: str = ""

    def pairs(self, **extra: str) -> list[tuple[str, str]]:
        """The view's URL parameters as ordered pairs, then ``extra`` (empty ones left out)."""
        f = self.filters
        pairs = [(key, ",".join(getattr(f, name))) for key, name in LIST_KEYS.items()]
        pairs += [
            (QUERY_PARAM, f.query),
            (YEAR_PARAM, "" if f.year is None else str(f.year)),
            (SINCE_PARAM, f.since),
            (SELECTED_PARAM, self.selected or ""),
            (LANG_PARAM, self.lang),
            (CAMERA_PARAM, self.at),
            (HIDE_PARAM, ",".join(self.hide)),
            *extra.items(),
        ]
        return [(key, value) for key, value in pairs if value]

    def query(self, **extra: str) -> str:
        """The view as a query string (``?…``, or ``""`` when nothing is set).

        Parameters
        ----------
        **extra
            Page-specific parameters written after the view's (e.g. ``slide="2"``).
        """
        pairs = self.pairs(**extra)
        return "?" + urlencode(pairs, safe=",") if pairs else ""

    def only(self, *names: str) -> ViewState:
        """The view keeping only the named parts (``"filters"``, ``"selected"``, ``"at"``,
        ``"hide"``, ``"lang"``); the others are reset."""
        return ViewState(**{name: getattr(self, name) for name in names})

    def replace(self, **changes) -> ViewState:
        """A copy with ``changes`` applied (``dataclasses.replace``)."""
        return replace(self, **changes)

    def to_json(self) -> dict:
        """The view as JSON-ready data (what a page's ``dcc.Store`` holds)."""
        return {
            **asdict(self.filters),
            "selected": self.selected,
            "at": self.at,
            "hide": list(self.hide),
            "lang": self.lang,
        }

    @classmethod
    def from_json(cls, data: Mapping | None) -> ViewState:
        """Inverse of :meth:`to_json`; ``None`` or ``{}`` is the default view.

        The store is written only by the app's own callbacks, but a crafted request can
        send anything: values are coerced to the expected types, never trusted as-is.
        """
        if not isinstance(data, Mapping):
            return cls()

        def texts(name: str) -> tuple[str, ...]:
            value = data.get(name)
            return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()

        def text(name: str) -> str:
            value = data.get(name)
            return value if isinstance(value, str) else ""

        year = data.get("year")
        filters = FilterState(
            texts("sectors"),
            texts("countries"),
            texts("kinds"),
            text("query"),
            texts("statuses"),
            texts("programmes"),
            parse_year(str(year)) if isinstance(year, int | str) else None,
            parse_since(text("since")) or "",
        )
        return cls(filters, text("selected") or None, text("at"), texts("hide"), text("lang"))


def params_from_query(query_string: str | None) -> dict[str, list[str]]:
    """A query string (with or without ``?``) as a params mapping, blank values dropped."""
    return parse_qs((query_string or "").lstrip("?"), keep_blank_values=False)


def _values(raw: Iterable[str]) -> list[str]:
    return [part.strip() for item in raw for part in item.split(",") if part.strip()]


def _quoted(text: str) -> str:
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def parse_year(text: str) -> int | None:
    """A year in :data:`YEAR_RANGE` from its four digits, or ``None``."""
    text = text.strip()
    if not re.fullmatch(r"[0-9]{4}", text) or not YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]:
        return None
    return int(text)


def parse_since(text: str) -> str | None:
    """A calendar date as ``YYYY-MM-DD``, or ``None``."""
    text = text.strip()
    if not re.fullmatch(DATE_PATTERN, text):
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _suggestion(name: str, value: str, known: Iterable[str], position: int) -> str | None:
    # Bounded: a crafted URL with thousands of values gets suggestions for the first few.
    if position >= MAX_SUGGESTIONS:
        return None
    return suggest(value, suggestion_names(name, sorted(known)))


def canonical_hide(names: Iterable[str]) -> tuple[str, ...]:
    """Known layer toggles among ``names``, in legend order."""
    wanted = set(names)
    return tuple(t for t in TOGGLE_IDS if t in wanted)


@dataclass(frozen=True)
class ParsedView:
    """What :func:`parse_view` read: the view, what it dropped, and the page's own keys."""

    view: ViewState
    dropped: list[Dropped]
    extra: dict[str, str]


def parse_view(
    params: Params,
    sectors: Sequence[str],
    entity_ids: Container[str] | None = None,
    extra_keys: Sequence[str] = (),
    programmes: Iterable[str] | None = None,
) -> ParsedView:
    """Read a view from URL parameters, reporting every value it could not use.

    Parameters
    ----------
    params
        Parameter name -> values (``parse_qs`` output, or a werkzeug ``MultiDict`` as
        ``args.to_dict(flat=False)``).
    sectors
        The sector vocabulary, in display order.
    entity_ids
        Known entity ids (anything answering ``in``, e.g. the registry's index); an unknown
        ``id`` is dropped with a notice. ``None`` accepts any.
    extra_keys
        Page-specific parameters (``slide``, ``format``) returned as given, last value.
    programmes
        Known programme ids (:mod:`corridor_map.programmes`); an unknown one is dropped with a
        notice. ``None`` accepts any.

    Returns
    -------
    ParsedView
        The canonical view, the dropped values with their reasons, and the extra keys.
    """
    sector_order = tuple(sectors)
    allowed = {
        "sectors": set(sector_order),
        "countries": set(schema.COUNTRIES),
        "kinds": set(schema.ENTITY_KINDS),
        "statuses": set(schema.ENTITY_STATUSES),
        "programmes": None if programmes is None else set(programmes),
    }
    # Looked up, not copied: the registry's index answers ``in`` from its hash table, and a
    # set of every id per parse would cost each request time in the number of records.
    known_ids = entity_ids
    dropped: list[Dropped] = []
    lists: dict[str, object] = {}
    view: dict[str, object] = {}
    extra: dict[str, str] = {}
    for key, raw in params.items():
        raw = [value for value in raw if value]
        if not raw:
            continue
        last = " ".join(raw[-1].split())
        if key in LIST_KEYS:
            name = LIST_KEYS[key]
            values = _values(raw)
            if name == "countries":  # names in any language or spelling -> codes
                values = [resolve_country(v) or v for v in values]
            known = allowed[name]
            lists[name] = tuple(v for v in values if known is None or v in known)
            unknown = [v for v in values if known is not None and v not in known]
            dropped += [
                Dropped(key, _quoted(v), "unknown value", _suggestion(name, v, known, i), name)
                for i, v in enumerate(unknown)
            ]
        elif key == QUERY_PARAM:
            if len(last) > MAX_QUERY_LENGTH:
                reason = f"longer than {MAX_QUERY_LENGTH} characters"
                dropped.append(Dropped(key, _quoted(last), reason))
            else:
                lists["query"] = last
        elif key == YEAR_PARAM:
            if (year := parse_year(last)) is None:
                reason = f"not a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}"
                dropped.append(Dropped(key, _quoted(last), reason))
            else:
                lists["year"] = year
        elif key == SINCE_PARAM:
            if since := parse_since(last):
                lists["since"] = since
            else:
                dropped.append(Dropped(key, _quoted(last), "not a date (YYYY-MM-DD)"))
        elif key == SELECTED_PARAM:
            if known_ids is not None and last not in known_ids:
                dropped.append(Dropped(key, _quoted(last), "no record with this id"))
            else:
                view["selected"] = last
        elif key == LANG_PARAM:
            if lang := normalise_lang(last, ""):
                view["lang"] = lang
            else:
                dropped.append(Dropped(key, _quoted(last), "unknown language"))
        elif key == CAMERA_PARAM:
            if at := canonical_at(last):
                view["at"] = at
            else:
                reason = "not a map view (latitude,longitude,zoom)"
                dropped.append(Dropped(key, _quoted(last), reason))
        elif key == HIDE_PARAM:
            names = _values(raw)
            view["hide"] = canonical_hide(names)
            dropped += [
                Dropped(key, _quoted(v), "unknown layer") for v in names if v not in TOGGLE_IDS
            ]
        elif key in extra_keys:
            extra[key] = raw[-1]
        else:
            dropped.append(Dropped(_quoted(key), _quoted(",".join(raw)), "unknown parameter"))
    filters = FilterState(**lists).canonical(sector_order)
    return ParsedView(ViewState(filters=filters, **view), dropped, extra)
