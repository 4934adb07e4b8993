"""The open data API's query parameters: one table that both documents and checks them.

The OpenAPI document (:mod:`corridor_map.http.openapi`) writes each :class:`Param` as its
schema, and :func:`check_params` refuses any value that schema does not allow, with the same
regular expression, length and enumeration. So the document and the behaviour cannot drift
apart, which a conformance fuzzer (schemathesis, in tests/integration/hostile) checks from outside.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from corridor_map import schema
from corridor_map.analytics.matching import (
    DEFAULT_LIMIT,
    DEFAULT_RADIUS_KM,
    MAX_LIMIT,
    MAX_RADIUS_KM,
)
from corridor_map.i18n import available_languages
from corridor_map.view_state import (
    DATE_PATTERN,
    LIST_KEYS,
    MAX_QUERY_LENGTH,
    YEAR_RANGE,
    parse_since,
)
from corridor_map.vocabulary import caseless_pattern, country_names, suggest, suggestion_names
from layers import TOGGLE_IDS

FORMATS = ("geojson", "csv")
#: Longest list of names (``country=Cambodia,Laos,…``): all six units by English name fit.
MAX_NAMES_LENGTH = 100
#: Longest list value: a request of every parameter at its longest, percent-encoded, must
#: stay within the server's request line (8,190 bytes; longer gets gunicorn's 414, which
#: the document cannot promise). 600 characters is some twenty programme slugs at once.
MAX_LIST_LENGTH = 600
#: A record id's form (lower-case letters, digits, hyphens).
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
#: Formats of the matching analyses (hub-zone, partners).
MATCHING_FORMATS = ("json", "csv")
#: ``latitude,longitude,zoom`` in range: [-90, 90], [-180, 180], [0, 22].
AT_PATTERN = (
    r"^-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?)"
    r",-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)"
    r",(22(\.0+)?|(2[01]|1[0-9]|[0-9])(\.[0-9]+)?)$"
)


@dataclass(frozen=True)
class Param:
    """One query parameter: its description and the values it accepts.

    A numeric parameter (``number`` is ``"number"`` or ``"integer"``) accepts values from
    ``minimum`` to ``maximum``; the others are strings checked by pattern, length and enum.
    """

    name: str
    description: str
    pattern: str | None = None
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    default: str | float | None = None
    example: str | None = None
    number: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    #: JSON Schema ``format`` of a string (``"date"``: a real calendar date).
    format: str | None = None
    #: The codes of a list parameter (what a "did you mean" suggestion names).
    choices: tuple[str, ...] | None = None

    def schema(self) -> dict:
        """The parameter's JSON Schema."""
        if self.number is not None:
            out = {"type": self.number, "minimum": self.minimum, "maximum": self.maximum}
            return out if self.default is None else {**out, "default": self.default}
        out: dict = {"type": "string"}
        if self.enum is not None:
            out["enum"] = list(self.enum)
        if self.pattern is not None:
            out["pattern"] = self.pattern
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        if self.format is not None:
            out["format"] = self.format
        if self.default is not None:
            out["default"] = self.default
        if self.example is not None:
            out["examples"] = [self.example]
        return out

    def problem(self, value: str) -> str | None:
        """Why ``value`` is refused, or ``None`` when the schema allows it."""
        if self.number is not None:
            return self._number_problem(value)
        if self.max_length is not None and len(value) > self.max_length:
            return f"longer than {self.max_length} characters"
        if self.enum is not None and value not in self.enum:
            return "unknown value"
        if self.format == "date" and parse_since(value) is None:
            return "not a date (YYYY-MM-DD)"
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            return "unknown value" if "|" in self.pattern else "malformed value"
        return None

    def _number_problem(self, value: str) -> str | None:
        whole = self.number == "integer"
        if len(value) > 40:
            return "longer than 40 characters"
        try:
            number = int(value.strip()) if whole else float(value.strip())
        except ValueError:
            return "expected a whole number" if whole else "expected a number"
        if not (math.isfinite(number) and self.minimum <= number <= self.maximum):
            return f"expected {self.minimum:g} to {self.maximum:g}"
        return None


def _list_pattern(values: Iterable[str], caseless: bool = False) -> str:
    choice = "|".join(caseless_pattern(v) if caseless else re.escape(v) for v in values)
    return f"^({choice})(,({choice}))*$"


def _list_param(
    name: str, values: tuple[str, ...], description: str, names: tuple[str, ...] = ()
) -> Param:
    """A comma-separated list of ``values``; with ``names``, those names (any letter case)
    are accepted too and read as their codes (:mod:`corridor_map.vocabulary`)."""
    accepted = names or values
    # Long enough for every value once (twice over), bounded like every parameter; names
    # are many (seven languages), so they get enough room for every unit named once in
    # Latin letters, and a whole request stays within the server's request line.
    longest = (
        min(sum(len(v) + 1 for v in accepted), MAX_NAMES_LENGTH)
        if names
        else min(sum(len(v) + 1 for v in accepted) * 2, MAX_LIST_LENGTH)
    )
    also = (
        " Names in any of the app's languages and common spellings are accepted in any"
        " letter case and read as codes."
        if names
        else ""
    )
    return Param(
        name,
        f"{description} Comma-separated; any of: {', '.join(values)}.{also}",
        pattern=_list_pattern(accepted, caseless=bool(names)),
        max_length=longest,
        choices=values,
    )


def api_parameters(
    sector_ids: Iterable[str],
    entity_ids: Iterable[str],
    formats: bool = True,
    programme_ids: Iterable[str] = (),
) -> list[Param]:
    """The parameters of the filtered API routes.

    Parameters
    ----------
    sector_ids, entity_ids
        The registry's vocabularies (sectors, record ids).
    formats
        Include ``format`` (the collections; the analytics answer JSON only).
    programme_ids
        Programmes the links name (:mod:`corridor_map.programmes`); ``programme`` is a
        parameter when there are any.
    """
    programme_ids = tuple(programme_ids)
    params = [
        _list_param("sector", tuple(sector_ids), "Sectors (controlled vocabulary)."),
        _list_param(
            "country",
            tuple(schema.COUNTRIES),
            "Countries; CHN stands for Yunnan.",
            names=country_names(),
        ),
        _list_param("kind", tuple(schema.ENTITY_KINDS), "Kinds of place."),
        _list_param(
            "status",
            tuple(schema.ENTITY_STATUSES),
            "Status of zones, parks and incubators (other kinds carry none and drop out).",
        ),
        *(
            [
                _list_param(
                    "programme",
                    programme_ids,
                    "Programmes that fund or frame a link (ids are slugs of the names in"
                    " links.csv); restricts links only.",
                )
            ]
            if programme_ids
            else []
        ),
        Param(
            "q",
            "Text searched in English, local-script and former names, city and operator.",
            max_length=MAX_QUERY_LENGTH,
        ),
        Param(
            "year",
            "The corridor as it stood at the end of this year: entities established and links"
            " started by then; records without a known year are left out.",
            number="integer",
            minimum=YEAR_RANGE[0],
            maximum=YEAR_RANGE[1],
        ),
        Param(
            "since",
            "Only what was added or changed on or after this date (YYYY-MM-DD, from the"
            " records' `changed` data version).",
            pattern=DATE_PATTERN,
            max_length=10,
            format="date",
            example="2026-11-30",
        ),
        Param("id", "An entity id (selection; does not filter).", enum=tuple(entity_ids)),
        Param(
            "lang",
            "Language of the page the link came from (does not filter).",
            enum=available_languages(),
        ),
        Param(
            "at",
            "Map centre and zoom of the page the link came from (latitude,longitude,zoom);"
            " does not filter.",
            pattern=AT_PATTERN,
            max_length=40,
            example="18.0000,102.6000,7.50",
        ),
        _list_param(
            "hide", TOGGLE_IDS, "Map layers hidden on the page the link came from (no filter)."
        ),
    ]
    if formats:
        params.append(Param("format", "Output format.", enum=FORMATS, default="geojson"))
    return params


RADIUS_KM = Param(
    "radius_km",
    "A zone is a gap when no matching hub lies within this (km).",
    number="number",
    minimum=0.0,
    maximum=float(MAX_RADIUS_KM),
    default=float(DEFAULT_RADIUS_KM),
)
LIMIT = Param(
    "limit",
    "How many partner candidates to list.",
    number="integer",
    minimum=1,
    maximum=MAX_LIMIT,
    default=DEFAULT_LIMIT,
)
MATCHING_FORMAT = Param(
    "format", "Output format.", enum=MATCHING_FORMATS, default=MATCHING_FORMATS[0]
)


def matching_parameters(
    route: str,
    sector_ids: Iterable[str],
    entity_ids: Iterable[str],
    programme_ids: Iterable[str] = (),
) -> list[Param]:
    """The parameters of a matching analysis: the filters, its number and ``format``.

    Parameters
    ----------
    route
        ``"hub-zone"`` (adds ``radius_km``) or ``"partners"`` (adds ``limit``; ``id`` names
        the record).
    sector_ids, entity_ids, programme_ids
        The registry's vocabularies.
    """
    base = api_parameters(sector_ids, entity_ids, False, programme_ids)
    if route == "hub-zone":
        return [*base, RADIUS_KM, MATCHING_FORMAT]
    # Any well-formed id: one the registry does not know answers 404, not 400.
    record = Param("id", "The record to find partners for.", pattern=ID_PATTERN, max_length=80)
    return [*(record if p.name == "id" else p for p in base), LIMIT, MATCHING_FORMAT]


def _did_you_mean(param: Param, value: str) -> str | None:
    """The code closest to the first unknown item of a refused list value, if any is close."""
    field = LIST_KEYS.get(param.name)
    if not param.choices or not field or len(value) > param.max_length:
        return None
    for item in value.split(","):
        if param.problem(item):
            return suggest(item, suggestion_names(field, param.choices))
    return None


def check_params(args: Mapping[str, list[str]], params: Iterable[Param]) -> list[dict]:
    """Every refused parameter of ``args`` (each name with all its values), as 400 problems;
    an unknown list value names the closest code as ``did_you_mean`` when one is close."""
    known = {param.name: param for param in params}
    problems = []
    for name, values in args.items():
        param = known.get(name)
        for value in values:
            reason = "unknown parameter" if param is None else param.problem(value)
            if reason:
                problem = {"parameter": name[:40], "value": value[:40], "reason": reason}
                if param is not None and (hint := _did_you_mean(param, value)):
                    problem["did_you_mean"] = hint
                problems.append(problem)
    return problems
