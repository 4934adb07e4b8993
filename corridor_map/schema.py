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
#: Unit code of a Chinese record outside Yunnan (a link's far end): counted apart from
#: ``CHN`` (Yunnan) in every aggregate, so ``country=CHN`` means Yunnan only.
OUTSIDE_UNIT = "CHN-X"
#: Row order of aggregates by unit: the six corridor units, then China outside the corridor.
REPORT_UNITS: tuple[str, ...] = (*COUNTRIES, OUTSIDE_UNIT)

ENTITY_KINDS: tuple[str, ...] = (
    "rd_hub",
    "industrial_zone",
    "hightech_park",
    "incubator",
    "demonstration_site",
    "focal_point",
)
#: Where a place stands; only zones, parks and incubators carry a status.
ENTITY_STATUSES: tuple[str, ...] = ("operating", "under_construction", "planned", "suspended")
STATUS_KINDS: tuple[str, ...] = ("industrial_zone", "hightech_park", "incubator")
#: Statuses drawn as a hollow marker (the place does not operate yet, or no longer).
NOT_OPERATING: tuple[str, ...] = ("under_construction", "planned", "suspended")
LINK_KINDS: tuple[str, ...] = (
    "joint_lab",
    "technology_transfer",
    "talent_exchange",
    "joint_research",
    "infrastructure",
)
LINK_STATUSES: tuple[str, ...] = ("active", "completed", "planned", "unknown")
PRECISIONS: tuple[str, ...] = ("site", "town", "city", "province")
#: Precisions whose coordinates come from the offline gazetteer (``geonames:<id>``).
GAZETTEER_PRECISIONS: tuple[str, ...] = ("town", "city")
GEONAMES_PREFIX = "geonames:"

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
    "coord_source",
    "sectors",
    "established",
    "status",
    "former_names",
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
#: How far (km) a point may lie outside the simplified outline of the province it names.
ADMIN1_TOLERANCE_KM = 3.0
#: Provinces whose Natural Earth v5 outline is known to lie further from the place it should
#: hold: the "Can Tho" polygon lies about 14 km from Can Tho city (Ninh Kieu), which falls in
#: the "Hau Giang" polygon. Records there keep their true province.
ADMIN1_TOLERANCE_OVERRIDES_KM: dict[str, float] = {"Can Tho": 15.0}
#: First-level units the Natural Earth v5 base map does not draw, and the polygon that holds
#: them there: Nay Pyi Taw Union Territory (MM-18) lies inside NE's "Mandalay".
ADMIN1_NOT_IN_BASEMAP: dict[str, str] = {"Nay Pyi Taw": "Mandalay"}
EARLIEST_YEAR = 1800

#: How far (km) a ``town``/``city`` point may lie from its gazetteer place.
GAZETTEER_TOLERANCE_KM: dict[str, float] = {"town": 3.0, "city": 10.0}
#: Two entities closer than this (km) with similar names are reported as near-duplicates.
NEAR_DUPLICATE_KM = 2.0
#: Name or title similarity (0-1, difflib ratio on folded text) counted as "the same".
SIMILAR_NAME_RATIO = 0.88
SIMILAR_TITLE_RATIO = 0.85
#: Largest share of records that may be placed only at province level (issue 14: 5 %). The
#: records still at province level, and why, are listed in data/README.md ("Location
#: precision").
PROVINCE_MAX_SHARE = 0.05
#: GeoNames country codes of the registry's countries.
ISO2: dict[str, str] = {
    "KHM": "KH",
    "LAO": "LA",
    "MMR": "MM",
    "THA": "TH",
    "VNM": "VN",
    "CHN": "CN",
}
