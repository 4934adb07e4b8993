"""Where to cooperate: hub–zone coverage and a partner finder.

Two questions from the Joint Initiatives (2024): *networks of R&D hubs to support the
economic and industrial zones* (initiative 4) and *technology match-making* (initiative 8).

**Hub–zone coverage** (:func:`hub_zone_coverage`). For every industrial or economic zone and
every high-tech park (the *zones*): the nearest R&D hub that shares at least one sector with
it, the nearest such hub in another country, the geodesic distance to each (WGS 84,
:class:`pyproj.Geod`) and whether a project link already joins them. Under a sector filter
only the filtered sectors count: a zone is considered when it has one of them, and a hub
matches when it shares one of them with the zone. A zone is a *gap* when no matching hub lies
within ``radius_km``. The nearest search goes through an STRtree per sector (and per sector
and country for the cross-border hub), see :func:`corridor_map.analytics.access.nearest_geodesic`:
no all-pairs loop.

**Partner finder** (:func:`partner_candidates`). For one record, every R&D hub, zone and
high-tech park (incubators are recorded as high-tech parks) in *another* country that shares
a sector with it or is tied to it, ranked by a simple additive score:

====================  ============================================================
reason                points
====================  ============================================================
shared sectors        2 per shared sector
complementary kind    2 for research with industry (R&D hub with a zone or a
                      high-tech park), 1 for a zone with a high-tech park, 0 for
                      the same kind
distance              3 within 100 km, 2 within 300 km, 1 within 600 km
already linked        1 (a project link joins the two)
common partner        1 (both are linked to the same third record)
====================  ============================================================

Ties are broken by distance, then id. Each candidate carries its reasons as data
(:class:`Reason`), which :func:`reason_text` puts into words in any language.

Pure functions over the registry frames; nothing here reads Dash or Flask state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from corridor_map import schema
from corridor_map.analytics.access import GEOD, nearest_geodesic, project
from corridor_map.i18n import translate

#: Kinds that are zones for the coverage analytic.
ZONE_KINDS = ("industrial_zone", "hightech_park")
HUB_KIND = "rd_hub"
#: Kinds a partner finder proposes.
PARTNER_KINDS = ("rd_hub", "industrial_zone", "hightech_park")
DEFAULT_RADIUS_KM = 100.0
MAX_RADIUS_KM = 5000.0
DEFAULT_LIMIT = 10
MAX_LIMIT = 100

#: Score: points per shared sector.
POINTS_PER_SHARED_SECTOR = 2
#: Score: points for a pair of kinds (unordered); pairs not listed score 0.
COMPLEMENTARY_KINDS = {
    frozenset(("rd_hub", "industrial_zone")): 2,
    frozenset(("rd_hub", "hightech_park")): 2,
    frozenset(("industrial_zone", "hightech_park")): 1,
}
#: Score: (at most this many km, points), nearest band first; farther scores 0.
DISTANCE_BANDS = ((100.0, 3), (300.0, 2), (600.0, 1))
#: The most points distance can add (the ranking measures only who can still make it).
MAX_DISTANCE_POINTS = max(points for _, points in DISTANCE_BANDS)
POINTS_LINKED = 1
POINTS_COMMON_PARTNER = 1
#: Common partners named in a reason.
MAX_VIA = 3


@dataclass(frozen=True)
class MatchIndex:
    """The registry as arrays for matching, built once per registry.

    Attributes
    ----------
    ids, kinds, countries
        Per entity, in registry order.
    units
        Per entity, the registry's computed ``unit`` (``CHN-X`` for a Chinese record outside
        Yunnan), which a country filter selects by, as everywhere (``CHN`` is Yunnan only).
    lon, lat
        Coordinates in degrees (what distances are measured from).
    map_lon, map_lat
        Where the map draws each record (co-located points spread apart; the registry's
        ``map_lon``, ``map_lat``), so the map mode's lines end at the markers.
    projected
        Shapely points in the corridor's azimuthal equidistant projection.
    sector_ids
        Columns of ``sectors``.
    sectors
        Boolean matrix entity × sector.
    link_from, link_to
        Row positions of each link's ends.
    """

    ids: np.ndarray
    kinds: np.ndarray
    countries: np.ndarray
    units: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    map_lon: np.ndarray
    map_lat: np.ndarray
    projected: np.ndarray
    sector_ids: tuple[str, ...]
    sectors: np.ndarray
    link_from: np.ndarray
    link_to: np.ndarray
    positions: dict[str, int] = field(repr=False)

    @classmethod
    def build(
        cls, entities: pd.DataFrame, links: pd.DataFrame, sector_ids: Sequence[str]
    ) -> MatchIndex:
        """Index ``entities`` (indexed by id, with ``kind``, ``country``, ``sectors``, point
        geometry) and ``links`` (``from_id``, ``to_id``) for :func:`hub_zone_coverage` and
        :func:`partner_candidates`."""
        sector_ids = tuple(sector_ids)
        column = {s: i for i, s in enumerate(sector_ids)}
        matrix = np.zeros((len(entities), len(sector_ids)), dtype=bool)
        for row, sectors in enumerate(entities["sectors"]):
            matrix[row, [column[s] for s in sectors if s in column]] = True
        ids = entities.index.to_numpy()
        positions = {record_id: row for row, record_id in enumerate(ids)}
        return cls(
            ids=ids,
            kinds=entities["kind"].to_numpy(),
            countries=entities["country"].to_numpy(),
            units=entities["unit" if "unit" in entities else "country"].to_numpy(),
            lon=entities.geometry.x.to_numpy(),
            lat=entities.geometry.y.to_numpy(),
            map_lon=entities.get("map_lon", entities.geometry.x).to_numpy(float),
            map_lat=entities.get("map_lat", entities.geometry.y).to_numpy(float),
            projected=project(entities.geometry),
            sector_ids=sector_ids,
            sectors=matrix,
            link_from=links["from_id"].map(positions).to_numpy(dtype=np.intp),
            link_to=links["to_id"].map(positions).to_numpy(dtype=np.intp),
            positions=positions,
        )

    @cached_property
    def nearest_hubs(self) -> tuple[np.ndarray, ...]:
        """Every zone's nearest hub per sector, in any country and across a border.

        Computed once per index (it does not depend on any filter: a filter only chooses
        rows and sector columns, see :func:`hub_zone_coverage`).

        Returns
        -------
        zones, km, hub, cross_km, cross_hub
            Entity positions of the zones, then zone × sector arrays as
            :func:`_nearest_per_sector` gives them (``inf`` and ``-1`` where the zone does
            not have the sector or no hub has it).
        """
        zones = np.flatnonzero(np.isin(self.kinds, ZONE_KINDS))
        hubs = np.flatnonzero(self.kinds == HUB_KIND)
        wanted = self.sectors[zones]
        km, hub = _nearest_per_sector(self, zones, wanted, hubs, cross=False)
        cross_km, cross_hub = _nearest_per_sector(self, zones, wanted, hubs, cross=True)
        return zones, km, hub, cross_km, cross_hub

    @cached_property
    def unit_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, units)``: each entity's unit as a small integer, and the units by code
        (a filter compares integers, not strings, on every new state)."""
        codes, units = pd.factorize(self.units)
        return codes, np.asarray(units, dtype=object)

    @cached_property
    def link_ends(self) -> np.ndarray:
        """Whether each entity is an end of some link (only those can be linked pairs)."""
        ends = np.zeros(len(self.ids), dtype=bool)
        ends[self.link_from] = ends[self.link_to] = True
        return ends

    def pair_keys(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """One integer per unordered pair of entity positions."""
        a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        return np.minimum(a, b) * len(self.ids) + np.maximum(a, b)

    def linked_keys(self, link_mask: np.ndarray | None = None) -> np.ndarray:
        """:meth:`pair_keys` of the linked pairs (the links in ``link_mask``; default all)."""
        keep = slice(None) if link_mask is None else np.asarray(link_mask, dtype=bool)
        return np.unique(self.pair_keys(self.link_from[keep], self.link_to[keep]))


@dataclass(frozen=True)
class Coverage:
    """What the hub–zone coverage reports for one choice of sectors, countries and radius.

    Attributes
    ----------
    sectors, countries, radius_km
        What it was computed for (empty: every sector, every country).
    zones
        One row per zone considered, indexed by id: ``kind``, ``country``, ``sectors`` (the
        zone's sectors that count), ``hub_id``, ``hub_km``, ``hub_linked``,
        ``cross_hub_id``, ``cross_km``, ``cross_linked`` (ids ``None`` and km ``inf`` when
        there is no such hub) and ``gap`` (no matching hub within ``radius_km``).
    by_sector
        One row per sector that counts: ``sector``, ``zones`` with it and ``gaps`` (those
        with no hub *of that sector* within ``radius_km``).
    by_unit
        One row per country with zones: ``country``, ``zones`` and ``gaps``.
    """

    sectors: tuple[str, ...]
    countries: tuple[str, ...]
    radius_km: float
    zones: pd.DataFrame
    by_sector: pd.DataFrame
    by_unit: pd.DataFrame

    @property
    def gap_ids(self) -> list[str]:
        """Ids of the zones that are gaps, in registry order."""
        return self.zones.index[self.zones["gap"]].tolist()


def _nearest_per_sector(
    index: MatchIndex, zones: np.ndarray, wanted: np.ndarray, hubs: np.ndarray, cross: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Per zone and sector column of ``wanted``: km to the nearest hub with that sector
    (``inf`` if none) and its entity position (``-1``); ``cross`` keeps other countries only."""
    km = np.full(wanted.shape, np.inf)
    hub = np.full(wanted.shape, -1, dtype=np.intp)
    for column in np.flatnonzero(wanted.any(axis=0)):
        with_sector = hubs[index.sectors[hubs, column]]
        rows = np.flatnonzero(wanted[:, column])
        groups = np.unique(index.countries[zones[rows]]) if cross else [None]
        for country in groups:
            group = rows if country is None else rows[index.countries[zones[rows]] == country]
            candidates = (
                with_sector
                if country is None
                else with_sector[index.countries[with_sector] != country]
            )
            points = zones[group]
            distance, found = nearest_geodesic(
                index.lon[points],
                index.lat[points],
                index.projected[points],
                index.lon[candidates],
                index.lat[candidates],
                index.projected[candidates],
            )
            km[group, column] = distance
            if len(candidates):
                hub[group, column] = np.where(found >= 0, candidates[found.clip(0)], -1)
    return km, hub


def _best(km: np.ndarray, hub: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row the smallest distance over the sector columns and its hub."""
    if km.shape[1] == 0:
        return np.full(len(km), np.inf), np.full(len(km), -1, dtype=np.intp)
    column = np.argmin(km, axis=1)
    rows = np.arange(len(km))
    return km[rows, column], hub[rows, column]


def _sector_tuples(rows: np.ndarray, columns: np.ndarray) -> np.ndarray | list:
    """Each boolean row of ``rows`` as the tuple of its ``columns`` (one tuple object per
    distinct row, shared: zones are many, their sector combinations few)."""
    if not len(rows):
        return []
    codes = rows.astype(np.int64) @ (np.int64(1) << np.arange(rows.shape[1], dtype=np.int64))
    distinct, inverse = np.unique(codes, return_inverse=True)
    tuples = np.empty(len(distinct), dtype=object)
    for i, code in enumerate(distinct):
        tuples[i] = tuple(columns[(int(code) >> np.arange(len(columns))) & 1 == 1])
    return tuples[inverse.reshape(-1)]


def hub_zone_coverage(
    index: MatchIndex,
    sectors: Sequence[str] = (),
    countries: Sequence[str] = (),
    radius_km: float = DEFAULT_RADIUS_KM,
    link_mask: np.ndarray | None = None,
) -> Coverage:
    """Nearest sector-matched R&D hub (any country, and across a border) of every zone.

    Parameters
    ----------
    index
        From :meth:`MatchIndex.build`.
    sectors
        Sector filter: only these sectors count (empty: every sector).
    countries
        Only zones in these countries are reported (hubs may be anywhere).
    radius_km
        A zone is a gap when its nearest matching hub is farther than this.
    link_mask
        The links that count as existing ties (aligned with the registry's links; default
        all), e.g. one programme's links.

    Returns
    -------
    Coverage
    """
    sector_filter = np.isin(np.array(index.sector_ids, dtype=object), list(sectors))
    counting = sector_filter if len(sectors) else np.ones(len(index.sector_ids), dtype=bool)
    # The nearest hubs are known for every zone and sector: choose rows and columns (only
    # zone rows are looked at, not every record).
    all_zones, all_km, all_hub, all_cross_km, all_cross_hub = index.nearest_hubs
    wanted_all = index.sectors[all_zones] & counting
    chosen = wanted_all.any(axis=1)
    unit_codes, unit_names = index.unit_codes
    if len(countries):
        chosen &= np.isin(unit_codes[all_zones], np.flatnonzero(np.isin(unit_names, countries)))
    keep = np.flatnonzero(chosen)
    zones = all_zones[keep]
    wanted = wanted_all[keep]
    km, hub = np.where(wanted, all_km[keep], np.inf), np.where(wanted, all_hub[keep], -1)
    cross_km = np.where(wanted, all_cross_km[keep], np.inf)
    cross_hub = np.where(wanted, all_cross_hub[keep], -1)
    best_km, best_hub = _best(km, hub)
    best_cross_km, best_cross_hub = _best(cross_km, cross_hub)
    linked = index.linked_keys(link_mask)

    def ids(positions: np.ndarray) -> np.ndarray:
        out = np.full(len(positions), None, dtype=object)
        found = positions >= 0
        out[found] = index.ids[positions[found]]
        return out

    def joined(positions: np.ndarray) -> np.ndarray:
        # Only pairs of two link ends can be linked: few, so the lookup stays small.
        ends = index.link_ends
        out = (positions >= 0) & ends[zones]
        out[out] &= ends[positions[out]]
        out[out] = np.isin(index.pair_keys(zones[out], positions[out]), linked)
        return out

    columns = np.array(index.sector_ids, dtype=object)
    table = pd.DataFrame(
        {
            "kind": index.kinds[zones],
            "country": index.countries[zones],
            "unit": index.units[zones],
            "sectors": _sector_tuples(wanted, columns),
            "hub_id": ids(best_hub),
            "hub_km": best_km,
            "hub_linked": joined(best_hub),
            "cross_hub_id": ids(best_cross_hub),
            "cross_km": best_cross_km,
            "cross_linked": joined(best_cross_hub),
            "gap": ~(best_km <= radius_km),
        },
        index=pd.Index(index.ids[zones], name="id"),
    )
    far = wanted & ~(km <= radius_km)
    present = np.flatnonzero(sector_filter if len(sectors) else wanted.any(axis=0))
    by_sector = pd.DataFrame(
        {
            "sector": columns[present],
            "zones": wanted[:, present].sum(axis=0).astype(int),
            "gaps": far[:, present].sum(axis=0).astype(int),
        }
    )
    # By unit, so a Chinese zone outside Yunnan is counted apart from Yunnan (CHN-X).
    zone_codes, gap = unit_codes[zones], table["gap"].to_numpy()
    zone_counts = np.bincount(zone_codes, minlength=len(unit_names))
    gap_counts = np.bincount(zone_codes, weights=gap, minlength=len(unit_names))
    code_of = {unit: code for code, unit in enumerate(unit_names)}
    present_units = [
        u
        for u in (*schema.COUNTRIES, schema.OUTSIDE_UNIT)
        if u in code_of and zone_counts[code_of[u]] > 0
    ]
    present_codes = [code_of[u] for u in present_units]
    by_unit = pd.DataFrame(
        {
            "country": np.array(present_units, dtype=object),
            "zones": zone_counts[present_codes].astype(int),
            "gaps": gap_counts[present_codes].astype(int),
        }
    )
    return Coverage(
        sectors=tuple(sectors),
        countries=tuple(countries),
        radius_km=float(radius_km),
        zones=table,
        by_sector=by_sector,
        by_unit=by_unit,
    )


@dataclass(frozen=True)
class Reason:
    """One reason a candidate is proposed, and the points it adds to the score.

    Attributes
    ----------
    code
        ``shared_sectors``, ``complementary_kind``, ``distance``, ``linked`` or
        ``common_partner``.
    points
        Points added to the score.
    detail
        What the reason is about: the shared sector ids, the two kinds, the distance in km,
        or the ids of the common partners.
    """

    code: str
    points: int
    detail: tuple = ()

    def to_json(self) -> dict:
        """The reason as JSON-ready data (``detail`` as a list)."""
        return {"reason": self.code, "points": self.points, "detail": list(self.detail)}


def distance_points(km: np.ndarray) -> np.ndarray:
    """Score points for distances in km (:data:`DISTANCE_BANDS`)."""
    km = np.asarray(km, dtype=float)
    points = np.zeros(km.shape, dtype=int)
    for limit, value in reversed(DISTANCE_BANDS):
        points[km <= limit] = value
    return points


def _neighbours(index: MatchIndex, positions: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Entity positions linked to any of ``positions`` by a link in ``keep``."""
    ends_from = keep & np.isin(index.link_from, positions)
    ends_to = keep & np.isin(index.link_to, positions)
    return np.unique(np.concatenate([index.link_to[ends_from], index.link_from[ends_to]]))


def _ranked_distances(
    index: MatchIndex, me: int, candidates: np.ndarray, base: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Geodesic km and distance points of the candidates that can reach the top ``limit``.

    A geodesic per candidate is the costly part (tens of milliseconds for 100,000 records),
    and distance adds at most :data:`MAX_DISTANCE_POINTS`. So candidates are measured by
    descending ``base`` score (every other reason), and the rest are left out (km ``nan``,
    0 points) once even full distance points could not lift them to the ``limit``-th score:
    the ranking is the same as measuring everyone.
    """
    km = np.full(len(candidates), np.nan)
    points = np.zeros(len(candidates), dtype=int)
    measured = np.zeros(len(candidates), dtype=bool)
    for value in np.unique(base)[::-1]:
        if measured.sum() >= max(limit, 1):
            scores = np.sort((base + points)[measured])[::-1]
            if value + MAX_DISTANCE_POINTS < scores[max(limit, 1) - 1]:
                break
        group = np.flatnonzero(base == value)
        _, _, metres = GEOD.inv(
            np.full(len(group), index.lon[me]),
            np.full(len(group), index.lat[me]),
            index.lon[candidates[group]],
            index.lat[candidates[group]],
        )
        km[group] = metres / 1000.0
        points[group] = distance_points(km[group])
        measured[group] = True
    return km, points


def partner_candidates(
    index: MatchIndex,
    record_id: str,
    limit: int = DEFAULT_LIMIT,
    link_mask: np.ndarray | None = None,
) -> pd.DataFrame:
    """Ranked candidate partners in other countries for one record, with their reasons.

    Parameters
    ----------
    index
        From :meth:`MatchIndex.build`.
    record_id
        The record to find partners for (``KeyError`` when unknown).
    limit
        Most candidates returned.
    link_mask
        The links that count as ties (default all).

    Returns
    -------
    pandas.DataFrame
        At most ``limit`` rows, best first: ``id``, ``kind``, ``country``, ``distance_km``,
        ``shared_sectors`` (tuple of ids), ``score`` and ``reasons`` (list of
        :class:`Reason`; their points sum to ``score``).
    """
    me = index.positions[record_id]
    keep = (
        np.ones(len(index.link_from), dtype=bool)
        if link_mask is None
        else np.asarray(link_mask, dtype=bool)
    )
    direct = _neighbours(index, np.array([me]), keep)
    second = _neighbours(index, direct, keep)
    candidates = np.flatnonzero(
        np.isin(index.kinds, PARTNER_KINDS) & (index.countries != index.countries[me])
    )
    shared = index.sectors[candidates] & index.sectors[me]
    n_shared = shared.sum(axis=1)
    linked = np.isin(candidates, direct)
    common = np.isin(candidates, second) & (candidates != me)
    chosen = (n_shared > 0) | linked | common
    candidates, shared, n_shared = candidates[chosen], shared[chosen], n_shared[chosen]
    linked, common = linked[chosen], common[chosen]
    my_kind = index.kinds[me]
    kind_points = np.zeros(len(candidates), dtype=int)
    candidate_kinds = index.kinds[candidates]
    for kind in PARTNER_KINDS:
        kind_points[candidate_kinds == kind] = COMPLEMENTARY_KINDS.get(
            frozenset((my_kind, kind)), 0
        )
    base = (
        POINTS_PER_SHARED_SECTOR * n_shared
        + kind_points
        + POINTS_LINKED * linked
        + POINTS_COMMON_PARTNER * common
    )
    km, near_points = _ranked_distances(index, me, candidates, base, max(0, int(limit)))
    score = base + near_points
    measured = np.flatnonzero(~np.isnan(km))
    ranking = np.lexsort((index.ids[candidates[measured]], km[measured], -score[measured]))
    order = measured[ranking][: max(0, int(limit))]
    columns = np.array(index.sector_ids, dtype=object)
    rows = []
    for i in order:
        candidate = candidates[i]
        sectors = tuple(columns[shared[i]])
        reasons = []
        if n_shared[i]:
            points = POINTS_PER_SHARED_SECTOR * int(n_shared[i])
            reasons.append(Reason("shared_sectors", points, sectors))
        if kind_points[i]:
            reasons.append(
                Reason("complementary_kind", int(kind_points[i]), (my_kind, index.kinds[candidate]))
            )
        reasons.append(Reason("distance", int(near_points[i]), (round(float(km[i]), 1),)))
        if linked[i]:
            reasons.append(Reason("linked", POINTS_LINKED))
        if common[i]:
            via = _neighbours(index, np.array([candidate]), keep)
            via = index.ids[np.intersect1d(via, direct)][:MAX_VIA]
            reasons.append(Reason("common_partner", POINTS_COMMON_PARTNER, tuple(via)))
        rows.append(
            {
                "id": index.ids[candidate],
                "kind": index.kinds[candidate],
                "country": index.countries[candidate],
                "distance_km": float(km[i]),
                "shared_sectors": sectors,
                "score": int(score[i]),
                "reasons": reasons,
            }
        )
    columns_out = ["id", "kind", "country", "distance_km", "shared_sectors", "score", "reasons"]
    return pd.DataFrame(rows, columns=columns_out)


def reason_text(reason: Reason, lang: str = "en", names: dict[str, str] | None = None) -> str:
    """A reason in words, with its points (``"Shares agriculture, water (+4)"``).

    Parameters
    ----------
    reason
        From :func:`partner_candidates`.
    lang
        Language.
    names
        Record id -> display name, for common partners (ids are shown when missing).
    """
    names = names or {}
    values: dict[str, object] = {"points": reason.points}
    if reason.code == "shared_sectors":
        values["sectors"] = ", ".join(translate(f"sector.{s}", lang) for s in reason.detail)
    elif reason.code == "complementary_kind":
        values["a"] = translate(f"kind.{reason.detail[0]}", lang)
        values["b"] = translate(f"kind.{reason.detail[1]}", lang)
    elif reason.code == "distance":
        values["km"] = translate("analytics.km", lang, value=round(reason.detail[0]))
    elif reason.code == "common_partner":
        values["names"] = ", ".join(names.get(i, i) for i in reason.detail)
    return translate(f"matching.reason.{reason.code}", lang, **values)


def score_rule(lang: str = "en") -> str:
    """The scoring rule in words, for the panel and the API."""
    return translate("matching.score_rule", lang)
