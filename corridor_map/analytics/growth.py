"""The corridor over time: cumulative records by kind and links by year, with milestones.

:func:`growth` is the one pure function behind every growth chart: the explorer's analytics,
the briefing slide "The corridor since 2010" and the PDF brief draw what it returns.
:func:`growth_figure` is the plotly figure (a plain dict) the explorer and the briefing show;
the brief draws the same table with its own PDF primitives.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corridor_map.i18n import translate
from layers import ENTITY_LAYERS, LINK_LAYER

#: First year of the growth chart ("The corridor since 2010"); earlier records are its base.
GROWTH_START = 2010


@dataclass(frozen=True)
class Milestone:
    """A dated event the growth chart marks.

    Attributes
    ----------
    year
        Where the chart marks it.
    label_key
        Catalog key of its short label.
    source
        Where the date comes from.
    """

    year: int
    label_key: str
    source: str


#: The corridor's milestones. The 2024 and 2025 dates are stated in the seeds
#: (../shared/seeds); the LMC launch is the first leaders' meeting, Sanya, 23 March 2016.
MILESTONES: tuple[Milestone, ...] = (
    Milestone(
        2016,
        "growth.milestone.lmc",
        "Sanya Declaration of the First Lancang-Mekong Cooperation Leaders' Meeting, 23 March 2016",
    ),
    Milestone(
        2024,
        "growth.milestone.joint_initiatives",
        "Joint Initiatives on the LMC Innovation Corridor Development, lmcchina.org, "
        "11 March 2024 (seeds/lmc-innovation-corridor-joint-initiatives-2024.txt)",
    ),
    Milestone(
        2025,
        "growth.milestone.research_call",
        "Cambodia-China Joint Research Call, launched June 2025 "
        "(seeds/cambodia-sti-proposal-2025.txt)",
    ),
)


@dataclass(frozen=True)
class Growth:
    """What :func:`growth` counts.

    Attributes
    ----------
    table
        One row per year (``start`` to ``end``): a column per entity kind with the records of
        that kind established by the end of the year (cumulative), ``records`` their sum,
        ``links_started`` the links that started in the year and ``links`` those started
        by its end (cumulative).
    undated_records, undated_links
        Records and links counted nowhere in the table: no known founding or start year.
    """

    table: pd.DataFrame
    undated_records: int
    undated_links: int

    @property
    def years(self) -> list[int]:
        """The table's years."""
        return [int(y) for y in self.table.index]


def growth(
    entities: pd.DataFrame,
    links: pd.DataFrame,
    entity_mask: np.ndarray | None = None,
    link_mask: np.ndarray | None = None,
    start: int = GROWTH_START,
    end: int | None = None,
) -> Growth:
    """Count the corridor year by year.

    Parameters
    ----------
    entities, links
        Registry frames (``established``, ``kind``; ``start_year``).
    entity_mask, link_mask
        Which rows to count (a filter's result); all when ``None``.
    start, end
        The years of the table; ``end`` defaults to this year. Records established before
        ``start`` count from the first row on.

    Returns
    -------
    Growth
        The yearly table and the undated counts.
    """
    # Columns as arrays first, then the masks: no frame (or geometry) is copied.
    return count_growth(
        pd.to_numeric(entities["established"], errors="coerce").to_numpy(float),
        entities["kind"].to_numpy(),
        pd.to_numeric(links["start_year"], errors="coerce").to_numpy(float),
        entity_mask,
        link_mask,
        start,
        end,
    )


def count_growth(
    established: np.ndarray,
    kinds: np.ndarray,
    started: np.ndarray,
    entity_mask: np.ndarray | None = None,
    link_mask: np.ndarray | None = None,
    start: int = GROWTH_START,
    end: int | None = None,
) -> Growth:
    """:func:`growth` from the registry's columns as arrays (a filter index holds them
    parsed already, so a new filter state does not parse the years again).

    Parameters
    ----------
    established, kinds
        Each record's founding year (``nan``: unknown) and kind.
    started
        Each link's start year (``nan``: unknown).
    entity_mask, link_mask, start, end
        As for :func:`growth`.
    """
    end = end or dt.date.today().year
    years = np.arange(start, end + 1)
    if entity_mask is not None:
        established, kinds = established[entity_mask], kinds[entity_mask]
    if link_mask is not None:
        started = started[link_mask]
    # Arrays first, one frame at the end: this runs for every new filter state.
    counts = {}
    for layer in ENTITY_LAYERS:
        founded = np.sort(established[(kinds == layer.kind) & ~np.isnan(established)])
        counts[layer.kind] = np.searchsorted(founded, years, side="right")
    dated = np.sort(started[~np.isnan(started)])
    links = np.searchsorted(dated, years, side="right")
    # The first year's links started: those dated exactly ``start``.
    first = np.searchsorted(dated, start, side="right") - np.searchsorted(dated, start, side="left")
    table = pd.DataFrame(
        {
            **counts,
            "records": np.sum(list(counts.values()), axis=0),
            "links": links,
            "links_started": np.diff(links, prepend=links[0] - first),
        },
        index=pd.Index(years, name="year"),
    ).astype(int)
    return Growth(table, int(np.isnan(established).sum()), int(np.isnan(started).sum()))


def _faded(color: str, alpha: float = 0.35) -> str:
    """``#rrggbb`` as a translucent ``rgba()`` fill."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def undated_text(growth_: Growth, lang: str) -> str:
    """The chart's note: what it leaves out for want of a year, in words."""
    return translate(
        "growth.undated", lang, records=growth_.undated_records, links=growth_.undated_links
    )


def growth_figure(growth_: Growth, lang: str, year: int | None = None, height: int = 320) -> dict:
    """The growth chart as a plain plotly figure dict.

    Lines of cumulative records per kind (the layers' colours), links started per year as
    shaded steps on the right axis, a dotted line at each milestone with its label, and
    ``year`` (the view's year, if any) marked.
    """
    table = growth_.table
    years = growth_.years
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": translate(layer.label_key, lang),
            "x": years,
            "y": table[layer.kind].tolist(),
            "line": {"color": layer.color, "width": 2.5},
            "hovertemplate": "%{x}: %{y}<extra>%{fullData.name}</extra>",
        }
        for layer in ENTITY_LAYERS
        if table[layer.kind].iloc[-1]
    ]
    # Links started per year as shaded steps (a histogram look from a scatter trace: the
    # app's plotly bundle carries scatter, scattermap and heatmap only), under the lines.
    data.insert(
        0,
        {
            "type": "scatter",
            "mode": "lines",
            "name": translate("growth.links_started", lang),
            "x": years,
            "y": table["links_started"].tolist(),
            "line": {"color": LINK_LAYER.cross_border_color, "width": 1, "shape": "hvh"},
            "fill": "tozeroy",
            "fillcolor": _faded(LINK_LAYER.cross_border_color),
            "yaxis": "y2",
            "hovertemplate": "%{x}: %{y}<extra>%{fullData.name}</extra>",
        },
    )
    link_step = max(1, math.ceil(int(table["links_started"].max()) / 4))
    marks = [(m.year, translate(m.label_key, lang), "dot") for m in MILESTONES]
    if year is not None and years[0] <= year <= years[-1]:
        marks.append((year, translate("growth.selected_year", lang, year=str(year)), "solid"))
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": x,
            "x1": x,
            "y0": 0,
            "y1": 1,
            "line": {"color": "#555", "width": 1, "dash": dash},
        }
        for x, _, dash in marks
    ]
    annotations = [
        {
            "x": x,
            "y": 1 - 0.09 * i,
            "xref": "x",
            "yref": "paper",
            "text": label,
            "showarrow": False,
            "xanchor": "right",
            "yanchor": "top",
            "font": {"size": 11},
            "bgcolor": "rgba(255,255,255,0.8)",
        }
        for i, (x, label, _) in enumerate(marks)
    ]
    return {
        "data": data,
        "layout": {
            "height": height,
            "margin": {"l": 50, "r": 50, "t": 10, "b": 40},
            "xaxis": {"dtick": 2, "fixedrange": True},
            "yaxis": {
                "title": {"text": translate("growth.records_axis", lang)},
                "rangemode": "tozero",
                "fixedrange": True,
            },
            "yaxis2": {
                "title": {"text": translate("growth.links_axis", lang)},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "dtick": link_step,
                "showgrid": False,
                "fixedrange": True,
            },
            "legend": {"orientation": "h", "y": -0.15},
            "shapes": shapes,
            "annotations": annotations,
            "font": {"size": 12},
            "barmode": "overlay",
        },
    }
