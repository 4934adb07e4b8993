"""The briefing storyboard: curated views as data, and the key figures each one shows.

A :class:`Slide` is a frozen spec: an id, a title key (with an optional subject key filled
into its ``{subject}`` placeholder), the :class:`FilterState` the map shows, and the names of
its key figures. :func:`storyboard` generates the deck from the vocabularies (overview, one
slide per sector in the registry, the cross-border links, one slide per country or unit);
when the page URL carries a filter, that view comes first as "Your view".

Key figures are pure functions of the registry (:data:`FIGURES`); nothing here builds
components or translates, so it is tested without Dash.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from corridor_map import schema
from corridor_map.analytics.access import HUB_KINDS
from corridor_map.analytics.growth import MILESTONES
from corridor_map.context import AppContext
from corridor_map.filters import FilterResult, FilterState, apply
from corridor_map.map.figure import MAP_CENTER, MAP_ZOOM

#: Slide focus: the filter as is, or only cross-border links and their two ends.
FOCUS_FILTER = "filter"
FOCUS_CROSS_BORDER = "cross_border"
#: Analytics slides: the cross-border network, and the innovation-access gap. Their key
#: figures come from :mod:`corridor_map.analytics` (named in ``Slide.figures``).
FOCUS_NETWORK = "network"
FOCUS_ACCESS = "access"
#: Zones waiting for a research partner: the hub–zone coverage (analytics.matching).
FOCUS_MATCHING = "matching"
ANALYTIC_FOCUSES = (FOCUS_NETWORK, FOCUS_ACCESS, FOCUS_MATCHING)
#: The corridor over time: the growth chart (analytics.growth) beside today's map.
FOCUS_GROWTH = "growth"


@dataclass(frozen=True)
class Slide:
    """One curated view of the briefing.

    Attributes
    ----------
    id
        Stable identifier (``overview``, ``sector-agriculture``, ``country-LAO``…).
    title_key
        Catalog key of the title; ``{subject}`` is filled with ``subject_key``'s text.
    state
        The filter the map shows.
    figures
        Names of the key figures, two or three: keys of :data:`FIGURES`, or on an
        analytics slide, names from :mod:`corridor_map.analytics` (``cross_border``…).
    subject_key
        Catalog key of the slide's subject (a sector or country name), or ``""``.
    focus
        :data:`FOCUS_FILTER`; :data:`FOCUS_CROSS_BORDER` or :data:`FOCUS_NETWORK` to show
        only cross-border links; :data:`FOCUS_ACCESS` for the access gap.
    selected
        The record highlighted on the slide's map (the explorer's selection), if any.
    """

    id: str
    title_key: str
    state: FilterState
    figures: tuple[str, ...]
    subject_key: str = ""
    focus: str = FOCUS_FILTER
    selected: str | None = None


@dataclass(frozen=True)
class KeyFigure:
    """A number (or a named value) with its label.

    Attributes
    ----------
    name
        Which figure (a key of :data:`FIGURES`); its label key is ``briefing.figure.<name>``.
    value
        The count, or ``None`` when there is nothing to name (e.g. no top sector).
    value_key
        Catalog key of a named value (``sector.digital``, ``country.LAO``), or ``""``.
    """

    name: str
    value: int | None
    value_key: str = ""


OVERVIEW = Slide(
    "overview",
    "briefing.slide.overview",
    FilterState(),
    ("records", "cross_border_links", "countries"),
)
CROSS_BORDER = Slide(
    "cross-border",
    "briefing.slide.cross_border",
    FilterState(),
    ("cross_border_links", "partner_countries", "top_link_sector"),
    focus=FOCUS_CROSS_BORDER,
)
NETWORK = Slide(
    "network",
    "briefing.slide.network",
    FilterState(),
    ("busiest_pair", "most_connected", "pairs"),
    focus=FOCUS_NETWORK,
)
ACCESS = Slide(
    "access",
    "briefing.slide.access",
    FilterState(kinds=HUB_KINDS),  # what the access analytic measures distances to
    ("beyond_near", "beyond_far", "widest_gap"),
    focus=FOCUS_ACCESS,
)


MATCHING = Slide(
    "zones-waiting",
    "briefing.slide.zones_waiting",
    FilterState(kinds=("industrial_zone", "hightech_park", "rd_hub")),
    ("gaps", "unlinked", "most_gaps"),
    focus=FOCUS_MATCHING,
)


GROWTH = Slide(
    "growth",
    "briefing.slide.growth",
    FilterState(),
    ("records_since_lmc", "links_since_lmc", "undated"),
    focus=FOCUS_GROWTH,
)


def sector_slide(sector: str) -> Slide:
    """The slide of one sector."""
    return Slide(
        f"sector-{sector}",
        "briefing.slide.sector",
        FilterState(sectors=(sector,)),
        ("records", "countries", "links"),
        subject_key=f"sector.{sector}",
    )


def country_slide(country: str) -> Slide:
    """The slide of one country or unit."""
    return Slide(
        f"country-{country}",
        "briefing.slide.country",
        FilterState(countries=(country,)),
        ("records", "cross_border_links", "top_sector"),
        subject_key=f"country.{country}",
    )


def your_view_slide(state: FilterState, selected: str | None = None) -> Slide:
    """The view the briefing was opened from (filters and selection from the explorer's URL)."""
    figures = ("records", "links", "countries")
    return Slide("your-view", "briefing.slide.your_view", state, figures, selected=selected)


def storyboard(
    sector_ids: tuple[str, ...], state: FilterState | None = None, selected: str | None = None
) -> tuple[Slide, ...]:
    """The deck: [your view], overview, one per sector, cross-border links, the network, the
    access gap, the zones waiting for a research partner, the corridor since 2010, one per
    country.

    Parameters
    ----------
    sector_ids
        The registry's sector vocabulary, in display order.
    state
        The filter of the URL the briefing was opened with; a non-default one comes first.
    selected
        The record selected in that URL, highlighted on the "Your view" slide.
    """
    deck = [
        OVERVIEW,
        *(sector_slide(s) for s in sector_ids),
        CROSS_BORDER,
        NETWORK,
        ACCESS,
        MATCHING,
        GROWTH,
    ]
    deck += [country_slide(c) for c in schema.COUNTRIES]
    if (state is not None and not state.is_default) or selected:
        deck.insert(0, your_view_slide(state or FilterState(), selected))
    return tuple(deck)


# --------------------------------------------------------------------------- what a slide shows


def slide_result(context: AppContext, slide: Slide) -> FilterResult:
    """Entities and links the slide's map shows.

    For the cross-border and network slides: only cross-border links (within the filter), with
    their two ends as the matching records. For the access slide: the R&D hubs and high-tech
    parks, no links; for the matching slide: the zones, parks and R&D hubs, no links (the
    hub–zone lines are map layers).
    """
    registry = context.registry
    result = apply(registry.entities, registry.links, slide.state, context.filter_index)
    if slide.focus in (FOCUS_ACCESS, FOCUS_MATCHING):
        # The places distances are measured between; project links would only add noise.
        no_links = np.zeros_like(result.links)
        return FilterResult(result.entities, no_links, np.zeros_like(result.entities))
    if slide.focus not in (FOCUS_CROSS_BORDER, FOCUS_NETWORK):
        return result
    cross = result.links & registry.links["cross_border"].to_numpy(dtype=bool)
    ends = set(registry.links["from_id"].to_numpy()[cross]) | set(
        registry.links["to_id"].to_numpy()[cross]
    )
    matched = registry.entities["id"].isin(ends).to_numpy()
    return FilterResult(matched, cross, np.zeros_like(matched))


def _count(name: str) -> Callable[[AppContext, FilterResult], KeyFigure]:
    def figure(context: AppContext, result: FilterResult) -> KeyFigure:
        links = context.registry.links
        if name == "records":
            value = result.entities.sum()
        elif name == "links":
            value = result.links.sum()
        elif name == "cross_border_links":
            value = (result.links & links["cross_border"].to_numpy(dtype=bool)).sum()
        elif name == "countries":
            value = context.registry.entities.loc[result.entities, "country"].nunique()
        else:  # partner_countries: countries at either end of the links shown
            shown = links[result.links]
            value = len(set(shown["from_country"]) | set(shown["to_country"]))
        return KeyFigure(name, int(value))

    return figure


def _top(counter: Counter, prefix: str, name: str, order: tuple[str, ...]) -> KeyFigure:
    """The most frequent value (ties broken by vocabulary order), as a named key figure."""
    if not counter:
        return KeyFigure(name, None)
    best = max(counter.values())
    winner = next(v for v in order if counter.get(v) == best)
    return KeyFigure(name, best, f"{prefix}.{winner}")


def top_sector(context: AppContext, result: FilterResult) -> KeyFigure:
    """The sector most matching records work in (the value is its record count)."""
    sectors = context.registry.entities.loc[result.entities, "sectors"]
    counter = Counter(s for row in sectors for s in row)
    return _top(counter, "sector", "top_sector", context.sector_ids)


def top_link_sector(context: AppContext, result: FilterResult) -> KeyFigure:
    """The sector most of the links shown are in (the value is its link count)."""
    sectors = context.registry.links.loc[result.links, "sectors"]
    counter = Counter(s for row in sectors for s in row)
    return _top(counter, "sector", "top_link_sector", context.sector_ids)


def top_country(context: AppContext, result: FilterResult) -> KeyFigure:
    """The country or unit with most matching records (the value is its record count)."""
    counter = Counter(context.registry.entities.loc[result.entities, "unit"])
    return _top(counter, "country", "top_country", schema.REPORT_UNITS)


def _since_lmc(name: str) -> Callable[[AppContext, FilterResult], KeyFigure]:
    """Records founded, or links started, from the LMC launch on (of the slide's result)."""
    launch = next(m.year for m in MILESTONES if m.label_key == "growth.milestone.lmc")

    def figure(context: AppContext, result: FilterResult) -> KeyFigure:
        if name == "records_since_lmc":
            years = context.registry.entities.loc[result.entities, "established"]
        else:
            years = context.registry.links.loc[result.links, "start_year"]
        return KeyFigure(name, int((years.dropna() >= launch).sum()))

    return figure


def undated(context: AppContext, result: FilterResult) -> KeyFigure:
    """Records of the slide with no known founding year (a dated view leaves them out)."""
    years = context.registry.entities.loc[result.entities, "established"]
    return KeyFigure("undated", int(years.isna().sum()))


#: Key figure name -> pure function of (context, the slide's result).
FIGURES: dict[str, Callable[[AppContext, FilterResult], KeyFigure]] = {
    **{
        name: _count(name)
        for name in ("records", "links", "cross_border_links", "countries", "partner_countries")
    },
    "top_sector": top_sector,
    "top_link_sector": top_link_sector,
    "top_country": top_country,
    "records_since_lmc": _since_lmc("records_since_lmc"),
    "links_since_lmc": _since_lmc("links_since_lmc"),
    "undated": undated,
}


def key_figures(context: AppContext, slide: Slide) -> tuple[KeyFigure, ...]:
    """The slide's key figures, computed from the registry."""
    result = slide_result(context, slide)
    return tuple(FIGURES[name](context, result) for name in slide.figures)


def slide_view(context: AppContext, slide: Slide) -> tuple[dict[str, float], float]:
    """Map centre and zoom framing the slide's records (the corridor unless a country is set).

    Records inside the corridor decide; the zoom fits their extent in a map of about
    1200×700 pixels (MapLibre's 512-pixel tiles), between the overview's zoom and 7.
    """
    result = slide_result(context, slide)
    if slide.state.countries == () or not result.entities.any():
        return dict(MAP_CENTER), MAP_ZOOM
    # The matching records decide the frame (partners may be far away; links run off it).
    shown = context.registry.entities.loc[result.entities]
    inside = shown[shown["in_corridor"]]
    shown = inside if len(inside) else shown
    west, east = float(shown["lon"].min()), float(shown["lon"].max())
    south, north = float(shown["lat"].min()), float(shown["lat"].max())
    lon_span = max(east - west, 1.0) * 1.3
    lat_span = max(north - south, 1.0) * 1.3
    # Web Mercator stretches latitude; a degree of latitude is ~1/cos(lat) of a lon degree.
    lat_span /= math.cos(math.radians((north + south) / 2))
    zoom = min(math.log2(1200 * 360 / (512 * lon_span)), math.log2(700 * 360 / (512 * lat_span)))
    zoom = max(MAP_ZOOM, min(7.0, zoom))
    return {"lon": round((west + east) / 2, 4), "lat": round((north + south) / 2, 4)}, round(
        zoom, 2
    )
