"""Corridor analytics: the cross-border project network and the innovation-access gap.

- :mod:`corridor_map.analytics.network` — graph of the project links, country × country
  matrix, degree and betweenness.
- :mod:`corridor_map.analytics.access` — distance from every place of 15,000+ people to the
  nearest R&D hub or high-tech park, and the population beyond 50 and 100 km.
- :mod:`corridor_map.analytics.matching` — hub–zone coverage (nearest sector-matched R&D hub
  of every zone and park, gaps within a radius) and the partner finder.

:func:`analytics_for` keeps one :class:`Analytics` per app context with the places loaded
and results cached (network per visible-link mask, access per sector-filter tuple, both with
:func:`functools.lru_cache`). :func:`network_key_figures` and :func:`access_key_figures` give
translated (label, value) pairs for the briefing.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pandas as pd

from corridor_map.analytics.access import (
    CHOROPLETH_COLORS,
    CHOROPLETH_EDGES,
    THRESHOLDS_KM,
    AccessSummary,
    access_summary,
    load_places,
    load_province_shapes,
    place_groups,
    province_choropleth,
)
from corridor_map.analytics.matching import (
    DEFAULT_RADIUS_KM,
    Coverage,
    MatchIndex,
    hub_zone_coverage,
    partner_candidates,
)
from corridor_map.analytics.network import NetworkSummary, network_summary
from corridor_map.context import AppContext
from corridor_map.filters import FilterResult, FilterState, apply
from corridor_map.i18n import format_number, translate
from corridor_map.settings import REPO_ROOT

__all__ = [
    "CHOROPLETH_COLORS",
    "CHOROPLETH_EDGES",
    "HUB_ZONE_PARTS",
    "Analytics",
    "access_key_figures",
    "analytics_for",
    "coverage_text",
    "format_km",
    "format_share",
    "matching_key_figures",
    "network_key_figures",
]

DEFAULT_DATA_DIR = REPO_ROOT / "data"
#: Parts of the hub–zone map mode, one map layer each.
HUB_ZONE_PARTS = ("linked", "unlinked", "gaps")
CACHE_SIZE = 256


class Analytics:
    """Both analytics for one app context, with start-up data and per-filter caches.

    Parameters
    ----------
    context
        The app context (registry and indexes).
    data_dir
        Folder holding ``places/cities15000.geojson``.
    """

    def __init__(self, context: AppContext, data_dir: Path = DEFAULT_DATA_DIR):
        self.context = context
        self.data_dir = Path(data_dir)
        self.places = load_places(self.data_dir)
        self.groups = (
            place_groups(self.places, ["unit"]),
            place_groups(self.places, ["unit", "admin1"]),
            place_groups(self.places, []),
        )
        self._network = functools.lru_cache(maxsize=CACHE_SIZE)(self._network_for_mask)
        self.access = functools.lru_cache(maxsize=CACHE_SIZE)(self._access)
        self.province_shapes = load_province_shapes(self.data_dir)
        self.province_geojson = functools.lru_cache(maxsize=CACHE_SIZE)(self._province_geojson)
        registry = context.registry
        self.match_index = MatchIndex.build(registry.entities, registry.links, context.sector_ids)
        self.coverage = functools.lru_cache(maxsize=CACHE_SIZE)(self._coverage)
        self.partners = functools.lru_cache(maxsize=CACHE_SIZE)(self._partners)
        self.hub_zone_geojson = functools.lru_cache(maxsize=CACHE_SIZE)(self._hub_zone_geojson)

    def result(self, state: FilterState) -> FilterResult:
        """Apply ``state`` to the registry (the explorer's filter rules)."""
        registry = self.context.registry
        return apply(registry.entities, registry.links, state, self.context.filter_index)

    def network(self, links_mask: np.ndarray | None = None) -> NetworkSummary:
        """Network analytic of the links in ``links_mask`` (all links when omitted)."""
        if links_mask is None:
            links_mask = np.ones(len(self.context.registry.links), dtype=bool)
        return self._network(np.asarray(links_mask, dtype=bool).tobytes())

    def network_for(self, state: FilterState) -> NetworkSummary:
        """Network analytic under a filter state."""
        return self.network(self.result(state).links)

    def _network_for_mask(self, mask_bytes: bytes) -> NetworkSummary:
        mask = np.frombuffer(mask_bytes, dtype=bool)
        registry = self.context.registry
        return network_summary(registry.entities, registry.links, mask)

    def _access(self, sectors: tuple[str, ...]) -> AccessSummary:
        return access_summary(self.places, self.context.registry.entities, sectors, self.groups)

    def access_for(self, state: FilterState) -> AccessSummary:
        """Access analytic under a filter state (only its sectors apply)."""
        return self.access(tuple(state.canonical(self.context.sector_ids).sectors))

    def _province_geojson(self, sectors: tuple[str, ...], threshold_km: int, bin_: int) -> str:
        """GeoJSON of the provinces in one choropleth class (share, colour as properties)."""
        shaded = province_choropleth(
            self.access(sectors).provinces, self.province_shapes, threshold_km
        )
        rows = shaded[shaded["bin"] == bin_]
        features = [
            {
                "type": "Feature",
                "geometry": geometry.__geo_interface__,
                "properties": {
                    "unit": unit,
                    "admin1": admin1,
                    "population": int(population),
                    "share": round(float(share), 4),
                    "color": color,
                },
            }
            for unit, admin1, population, share, color, geometry in zip(
                rows["unit"],
                rows["admin1"],
                rows["population"],
                rows["share"],
                rows["color"],
                rows.geometry,
                strict=True,
            )
        ]
        return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)

    def _links_of(self, programmes: tuple[str, ...]) -> np.ndarray | None:
        """The links that count as ties under a programme filter (``None``: all)."""
        return self.context.filter_index.programme_mask(programmes) if programmes else None

    def _coverage(
        self,
        sectors: tuple[str, ...],
        countries: tuple[str, ...],
        radius_km: float,
        programmes: tuple[str, ...] = (),
    ) -> Coverage:
        """Hub–zone coverage (:func:`~corridor_map.analytics.matching.hub_zone_coverage`);
        call with canonical tuples so equal choices share one cache entry."""
        links = self._links_of(programmes)
        return hub_zone_coverage(self.match_index, sectors, countries, radius_km, links)

    def coverage_for(self, state: FilterState, radius_km: float) -> Coverage:
        """Hub–zone coverage under a filter state (its sectors and countries choose the
        zones, its programmes the links that count as ties)."""
        state = state.canonical(self.context.sector_ids)
        return self.coverage(state.sectors, state.countries, float(radius_km), state.programmes)

    def _partners(
        self, record_id: str, limit: int, programmes: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        """Partner candidates (:func:`~corridor_map.analytics.matching.partner_candidates`);
        only the programmes' links count as ties when ``programmes`` is set."""
        links = self._links_of(programmes)
        return partner_candidates(self.match_index, record_id, limit, links)

    def _hub_zone_geojson(
        self,
        sectors: tuple[str, ...],
        countries: tuple[str, ...],
        radius_km: float,
        programmes: tuple[str, ...],
        part: str,
    ) -> str:
        """GeoJSON of one part of the hub–zone map mode (:data:`HUB_ZONE_PARTS`): each zone's
        line to its nearest matching hub where a link exists (``linked``) or not yet
        (``unlinked``), or the gap zones as points (``gaps``), at the markers' drawn
        (spread) positions."""
        coverage = self.coverage(sectors, countries, radius_km, programmes)
        zones = coverage.zones
        index = self.match_index
        position = index.positions
        features = []
        if part == "gaps":
            chosen = zones[zones["gap"]]
            for zone_id in chosen.index:
                row = position[zone_id]
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {
                            "type": "Point",
                            "coordinates": [
                                float(index.map_lon[row]),
                                float(index.map_lat[row]),
                            ],
                        },
                        "properties": {"zone": zone_id},
                    }
                )
        else:
            linked = part == "linked"
            chosen = zones[zones["hub_id"].notna() & (zones["hub_linked"] == linked)]
            for zone_id, hub_id, km in zip(
                chosen.index, chosen["hub_id"], chosen["hub_km"], strict=True
            ):
                a, b = position[zone_id], position[hub_id]
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {
                            "type": "LineString",
                            "coordinates": [
                                [float(index.map_lon[a]), float(index.map_lat[a])],
                                [float(index.map_lon[b]), float(index.map_lat[b])],
                            ],
                        },
                        "properties": {"zone": zone_id, "hub": hub_id, "km": round(km, 1)},
                    }
                )
        return json.dumps({"type": "FeatureCollection", "features": features})

    def warm(self) -> None:
        """Fill the caches for the default view and each single sector (start-up)."""
        self.network()
        self.access(())
        self.coverage((), (), DEFAULT_RADIUS_KM)
        for sector in self.context.sector_ids:
            self.access((sector,))
        for threshold in THRESHOLDS_KM:
            for bin_ in range(len(CHOROPLETH_COLORS)):
                self.province_geojson((), threshold, bin_)


def analytics_for(context: AppContext) -> Analytics:
    """The :class:`Analytics` of ``context`` (built once, on first use, from the context's
    own data folder, and shared by every caller of that context)."""
    return context.analytics


def format_share(value: float, lang: str = "en") -> str:
    """A 0-1 share as a whole percentage (``"–"`` when unknown)."""
    if value is None or not np.isfinite(value):
        return translate("analytics.none", lang)
    return translate("analytics.percent", lang, value=round(100 * value))


def format_km(value: float, lang: str = "en") -> str:
    """A distance in kilometres, rounded (``"–"`` when unknown or no hub)."""
    if value is None or not np.isfinite(value):
        return translate("analytics.none", lang)
    return translate("analytics.km", lang, value=round(value))


def _country(code: str, lang: str) -> str:
    return translate(f"country.{code}", lang)


def _select(figures: list[tuple[str, str, str]], only: tuple[str, ...] | None):
    """``(label, value)`` pairs, all in order or only the named ones in the order named."""
    if only is None:
        return [(label, value) for _, label, value in figures]
    by_name = {name: (label, value) for name, label, value in figures}
    return [by_name[name] for name in only if name in by_name]


def network_key_figures(
    context: AppContext,
    lang: str = "en",
    state: FilterState | None = None,
    only: tuple[str, ...] | None = None,
) -> list[tuple[str, str]]:
    """Key figures of the cross-border network, translated, for the briefing.

    Parameters
    ----------
    context
        The app context.
    lang
        Language of labels and values.
    state
        Filter state (default: everything).
    only
        Names of the figures wanted, in order (``links``, ``cross_border``, ``pairs``,
        ``busiest_pair``, ``most_connected``); default all. A named figure with nothing to
        show (no pair, no record) is left out.

    Returns
    -------
    list of (label, value)
    """
    summary = analytics_for(context).network_for(state or FilterState())
    matrix = summary.matrix
    pairs = matrix.stack()
    pairs = pairs[pairs > 0].sort_values(ascending=False, kind="stable")
    figures = [
        ("links", translate("analytics.kf.links", lang), format_number(summary.links_shown, lang)),
        (
            "cross_border",
            translate("analytics.kf.cross_border", lang),
            format_number(summary.cross_border, lang),
        ),
        ("pairs", translate("analytics.kf.pairs", lang), format_number(len(pairs), lang)),
    ]
    if len(pairs):
        (a, b), count = pairs.index[0], int(pairs.iloc[0])
        pair = translate(
            "analytics.pair_count", lang, a=_country(a, lang), b=_country(b, lang), count=count
        )
        figures.append(("busiest_pair", translate("analytics.kf.busiest_pair", lang), pair))
    if len(summary.top):
        first = summary.top.iloc[0]
        record = translate(
            "analytics.record_degree", lang, name=first["name"], degree=int(first["degree"])
        )
        figures.append(("most_connected", translate("analytics.kf.most_connected", lang), record))
    return _select(figures, only)


def access_key_figures(
    context: AppContext,
    lang: str = "en",
    state: FilterState | None = None,
    only: tuple[str, ...] | None = None,
) -> list[tuple[str, str]]:
    """Key figures of the innovation-access gap, translated, for the briefing.

    Parameters
    ----------
    context
        The app context.
    lang
        Language of labels and values.
    state
        Filter state (only its sectors apply; default: all sectors).
    only
        Names of the figures wanted, in order (``population``, ``hubs``, ``beyond_near``,
        ``beyond_far``, ``median``, ``widest_gap``); default all.

    Returns
    -------
    list of (label, value)
    """
    summary = analytics_for(context).access_for(state or FilterState())
    overall = summary.overall.iloc[0]
    near, far = THRESHOLDS_KM
    beyond = (
        translate("analytics.kf.beyond", lang, km=near),
        translate("analytics.kf.beyond", lang, km=far),
    )
    population = format_number(int(overall["population"]), lang)
    figures = [
        ("population", translate("analytics.kf.population", lang), population),
        ("hubs", translate("analytics.kf.hubs", lang), format_number(summary.hubs, lang)),
        ("beyond_near", beyond[0], format_share(overall[f"share_beyond_{near}km"], lang)),
        ("beyond_far", beyond[1], format_share(overall[f"share_beyond_{far}km"], lang)),
        ("median", translate("analytics.kf.median", lang), format_km(overall["median_km"], lang)),
    ]
    units = summary.units.sort_values(f"share_beyond_{near}km", ascending=False, kind="stable")
    if len(units):
        worst = units.iloc[0]
        share = translate(
            "analytics.unit_share",
            lang,
            unit=translate(f"analytics.unit.{worst['unit']}", lang),
            share=format_share(worst[f"share_beyond_{near}km"], lang),
        )
        figures.append(("widest_gap", translate("analytics.kf.widest_gap", lang, km=near), share))
    return _select(figures, only)


def matching_key_figures(
    context: AppContext,
    lang: str = "en",
    state: FilterState | None = None,
    only: tuple[str, ...] | None = None,
) -> list[tuple[str, str]]:
    """Key figures of the hub–zone coverage (default radius), translated, for the briefing.

    Parameters
    ----------
    context
        The app context.
    lang
        Language of labels and values.
    state
        Filter state (its sectors, countries and programmes apply; default: everything).
    only
        Names of the figures wanted, in order (``zones``, ``gaps``, ``unlinked``,
        ``most_gaps``); default all. ``most_gaps`` is left out when there is no gap.

    Returns
    -------
    list of (label, value)
    """
    coverage = analytics_for(context).coverage_for(state or FilterState(), DEFAULT_RADIUS_KM)
    zones = coverage.zones
    km = format_km(coverage.radius_km, lang)
    unlinked = int((zones["hub_id"].notna() & ~zones["hub_linked"]).sum())
    figures = [
        ("zones", translate("matching.kf.zones", lang), format_number(len(zones), lang)),
        (
            "gaps",
            translate("matching.kf.gaps", lang, km=km),
            format_number(len(coverage.gap_ids), lang),
        ),
        ("unlinked", translate("matching.kf.unlinked", lang), format_number(unlinked, lang)),
    ]
    units = coverage.by_unit.sort_values("gaps", ascending=False, kind="stable")
    if len(units) and units.iloc[0]["gaps"] > 0:
        worst = units.iloc[0]
        value = translate(
            "analytics.unit_share",
            lang,
            unit=_country(worst["country"], lang),
            share=format_number(int(worst["gaps"]), lang),
        )
        figures.append(("most_gaps", translate("matching.kf.most_gaps", lang), value))
    return _select(figures, only)


def coverage_text(coverage: Coverage, lang: str = "en") -> str:
    """The hub–zone coverage's counts in words.

    ``"37 of 89 zones have no sector-matched R&D hub within 100 km."``; with exactly one
    sector in the filter it names the sector (``"… have no agriculture hub …"``).
    """
    km = format_km(coverage.radius_km, lang)
    zones, gaps = len(coverage.zones), len(coverage.gap_ids)
    if len(coverage.sectors) == 1:
        sector = translate(f"sector.{coverage.sectors[0]}", lang)
        return translate(
            "matching.summary_sector", lang, gaps=gaps, zones=zones, sector=sector, km=km
        )
    return translate("matching.summary", lang, gaps=gaps, zones=zones, km=km)
