"""The registry's schema: columns, controlled vocabularies and value rules."""

from __future__ import annotations

#: Corridor units. China takes part through Yunnan only (unit CN-YN, country CHN).
UNITS: dict[str, str] = {
    "KHM": "KHM",
    "LAO": "LAO",
    "MMR": "MMR",
    "THA": "THA",
    "VNM": "VNM",
    "CHN": "CN-YN",
}
COUNTRIES: tuple[str, ...] = tuple(UNITS)

ENTITY_KINDS: tuple[str, ...] = ("rd_hub", "industrial_zone", "hightech_park", "focal_point")
LINK_KINDS: tuple[str, ...] = (
    "joint_lab",
    "technology_transfer",
    "talent_exchange",
    "joint_research",
    "infrastructure",
)
LINK_STATUSES: tuple[str, ...] = ("active", "completed", "planned", "unknown")
PRECISIONS: tuple[str, ...] = ("site", "city", "province")

ENTITY_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "name_local",
    "kind",
    "country",
    "admin1",
    "city",
    "lon",
    "lat",
    "location_precision",
    "sectors",
    "established",
    "operator",
    "description",
    "website",
    "sources",
    "last_verified",
)
ENTITY_REQUIRED: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "country",
    "city",
    "lon",
    "lat",
    "location_precision",
    "sectors",
    "description",
    "sources",
    "last_verified",
)
LINK_COLUMNS: tuple[str, ...] = (
    "id",
    "from_id",
    "to_id",
    "title",
    "kind",
    "sectors",
    "start_year",
    "status",
    "programme",
    "sources",
    "last_verified",
)
LINK_REQUIRED: tuple[str, ...] = (
    "id",
    "from_id",
    "to_id",
    "title",
    "kind",
    "sectors",
    "status",
    "sources",
    "last_verified",
)

#: Separators inside one CSV field.
LIST_SEPARATOR = ";"
SOURCE_SEPARATOR = " | "

#: Ids are stable slugs.
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
#: How far (km) a point may lie outside its unit's simplified outline (coastlines, border towns).
BOUNDARY_TOLERANCE_KM = 5.0
EARLIEST_YEAR = 1800
