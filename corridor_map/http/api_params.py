"""The open data API's query parameters: one table that both documents and checks them.

The OpenAPI document (:mod:`corridor_map.http.openapi`) writes each :class:`Param` as its
schema, and :func:`check_params` refuses any value that schema does not allow, with the same
regular expression, length and enumeration. So the document and the behaviour cannot drift
apart, which a conformance fuzzer (schemathesis, in tests/hostile) checks from outside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from corridor_map import schema
from corridor_map.i18n import available_languages
from corridor_map.view_state import MAX_QUERY_LENGTH
from layers import TOGGLE_IDS

FORMATS = ("geojson", "csv")
#: ``latitude,longitude,zoom`` in range: [-90, 90], [-180, 180], [0, 22].
AT_PATTERN = (
    r"^-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?)"
    r",-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)"
    r",(22(\.0+)?|(2[01]|1[0-9]|[0-9])(\.[0-9]+)?)$"
)


@dataclass(frozen=True)
class Param:
    """One query parameter: its description and the values it accepts."""

    name: str
    description: str
    pattern: str | None = None
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    default: str | None = None
    example: str | None = None

    def schema(self) -> dict:
        """The parameter's JSON Schema."""
        out: dict = {"type": "string"}
        if self.enum is not None:
            out["enum"] = list(self.enum)
        if self.pattern is not None:
            out["pattern"] = self.pattern
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        if self.default is not None:
            out["default"] = self.default
        if self.example is not None:
            out["examples"] = [self.example]
        return out

    def problem(self, value: str) -> str | None:
        """Why ``value`` is refused, or ``None`` when the schema allows it."""
        if self.max_length is not None and len(value) > self.max_length:
            return f"longer than {self.max_length} characters"
        if self.enum is not None and value not in self.enum:
            return "unknown value"
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            return "unknown value" if "|" in self.pattern else "malformed value"
        return None


def _list_pattern(values: Iterable[str]) -> str:
    choice = "|".join(re.escape(v) for v in values)
    return f"^({choice})(,({choice}))*$"


def _list_param(name: str, values: tuple[str, ...], description: str) -> Param:
    # Long enough for every value once (twice over), bounded like every parameter.
    longest = sum(len(v) + 1 for v in values) * 2
    return Param(
        name,
        f"{description} Comma-separated; any of: {', '.join(values)}.",
        pattern=_list_pattern(values),
        max_length=longest,
    )


def api_parameters(
    sector_ids: Iterable[str], entity_ids: Iterable[str], formats: bool = True
) -> list[Param]:
    """The parameters of the filtered API routes.

    Parameters
    ----------
    sector_ids, entity_ids
        The registry's vocabularies (sectors, record ids).
    formats
        Include ``format`` (the collections; the analytics answer JSON only).
    """
    params = [
        _list_param("sector", tuple(sector_ids), "Sectors (controlled vocabulary)."),
        _list_param("country", tuple(schema.COUNTRIES), "Countries; CHN stands for Yunnan."),
        _list_param("kind", tuple(schema.ENTITY_KINDS), "Kinds of place."),
        _list_param(
            "status",
            tuple(schema.ENTITY_STATUSES),
            "Status of zones, parks and incubators (other kinds carry none and drop out).",
        ),
        Param(
            "q",
            "Text searched in English, local-script and former names, city and operator.",
            max_length=MAX_QUERY_LENGTH,
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


def check_params(args: Mapping[str, list[str]], params: Iterable[Param]) -> list[dict]:
    """Every refused parameter of ``args`` (each name with all its values), as 400 problems."""
    known = {param.name: param for param in params}
    problems = []
    for name, values in args.items():
        param = known.get(name)
        for value in values:
            reason = "unknown parameter" if param is None else param.problem(value)
            if reason:
                problems.append({"parameter": name[:40], "value": value[:40], "reason": reason})
    return problems
