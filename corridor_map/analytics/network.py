"""The cross-border project network: a graph of the links, a country matrix, centrality.

Pure functions over the registry frames and a boolean mask of the links that show under the
current filters (``FilterResult.links``); nothing here reads Dash or Flask state.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from corridor_map import schema

#: Rows in the "most connected" list.
TOP_N = 10


def link_graph(entities: pd.DataFrame, links: pd.DataFrame) -> nx.MultiGraph:
    """Build the project network: one node per linked record, one edge per link.

    Parameters
    ----------
    entities
        Registry entities indexed by ``id`` (``name``, ``country``, ``kind`` are copied onto
        the nodes).
    links
        The links to include (already filtered), indexed by ``id`` with ``from_id``,
        ``to_id`` and ``cross_border``.

    Returns
    -------
    networkx.MultiGraph
        Undirected; parallel links between the same two records stay separate edges, keyed
        by link id. Records without a link are not nodes.
    """
    graph = nx.MultiGraph()
    ends = pd.unique(np.concatenate([links["from_id"].to_numpy(), links["to_id"].to_numpy()]))
    attributes = entities.reindex(ends)[["name", "country", "kind"]].to_dict("index")
    graph.add_nodes_from(attributes.items())
    graph.add_edges_from(
        (a, b, key, {"cross_border": bool(cross)})
        for a, b, key, cross in zip(
            links["from_id"], links["to_id"], links.index, links["cross_border"], strict=True
        )
    )
    return graph


def centrality(graph: nx.MultiGraph) -> pd.DataFrame:
    """Degree and betweenness of every record in ``graph``.

    Parameters
    ----------
    graph
        From :func:`link_graph`.

    Returns
    -------
    pandas.DataFrame
        Indexed by record id: ``degree`` (number of links, parallel links counted) and
        ``betweenness`` (normalised shortest-path betweenness on the simple graph, so
        parallel links do not change it), sorted by degree, then betweenness, then id.
    """
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(
            {"degree": pd.Series(dtype=int), "betweenness": pd.Series(dtype=float)}
        ).rename_axis("id")
    degree = dict(graph.degree())
    betweenness = nx.betweenness_centrality(nx.Graph(graph), normalized=True)
    frame = pd.DataFrame(
        {"degree": pd.Series(degree, dtype=int), "betweenness": pd.Series(betweenness)}
    ).rename_axis("id")
    frame = frame.reset_index().sort_values(
        ["degree", "betweenness", "id"], ascending=[False, False, True]
    )
    return frame.set_index("id")


def country_matrix(
    links: pd.DataFrame, countries: tuple[str, ...] = schema.REPORT_UNITS
) -> pd.DataFrame:
    """Count cross-border links per pair of countries.

    Parameters
    ----------
    links
        The links shown, with ``from_country``, ``to_country`` and ``cross_border``.
    countries
        Row and column order.

    Returns
    -------
    pandas.DataFrame
        ``countries × countries`` integer counts. Each link is counted once, in the upper
        triangle (row = the pair's country that comes first in ``countries``), so the whole
        matrix sums to the number of cross-border links. Domestic links are not counted.
    """
    order = {code: position for position, code in enumerate(countries)}
    matrix = np.zeros((len(countries), len(countries)), dtype=int)
    cross = links[links["cross_border"].astype(bool)]
    side = "unit" if "from_unit" in cross else "country"  # China outside Yunnan apart
    a = cross[f"from_{side}"].map(order).to_numpy()
    b = cross[f"to_{side}"].map(order).to_numpy()
    known = ~(pd.isna(a) | pd.isna(b))
    a, b = a[known].astype(int), b[known].astype(int)
    np.add.at(matrix, (np.minimum(a, b), np.maximum(a, b)), 1)
    return pd.DataFrame(matrix, index=list(countries), columns=list(countries))


def pair_links(links: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The cross-border links between countries ``a`` and ``b`` (either direction)."""
    side = "unit" if "from_unit" in links else "country"
    forward = (links[f"from_{side}"] == a) & (links[f"to_{side}"] == b)
    backward = (links[f"from_{side}"] == b) & (links[f"to_{side}"] == a)
    return links[(forward | backward) & links["cross_border"].astype(bool)]


def most_connected(entities: pd.DataFrame, scores: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` records with the most links, with name, country and kind.

    Parameters
    ----------
    entities
        Registry entities indexed by ``id``.
    scores
        From :func:`centrality` (already in rank order).
    n
        How many to return.
    """
    top = scores.head(n)
    extra = [c for c in ("admin1", "in_corridor") if c in entities]
    details = entities.reindex(top.index)[["name", "country", "kind", *extra]]
    return pd.concat([details, top], axis=1)


@dataclass(frozen=True)
class NetworkSummary:
    """What the network analytic reports for one set of visible links.

    Attributes
    ----------
    matrix
        :func:`country_matrix` of the visible links.
    scores
        :func:`centrality` of the visible links' graph.
    top
        :func:`most_connected`.
    links_shown
        Number of visible links.
    cross_border
        Number of visible cross-border links (the matrix's sum).
    """

    matrix: pd.DataFrame
    scores: pd.DataFrame
    top: pd.DataFrame
    links_shown: int
    cross_border: int


def network_summary(
    entities: pd.DataFrame, links: pd.DataFrame, mask: np.ndarray | None = None
) -> NetworkSummary:
    """Compute the network analytic for the links selected by ``mask``.

    Parameters
    ----------
    entities, links
        Registry frames.
    mask
        Boolean array aligned with ``links`` (``FilterResult.links``); all links if omitted.
    """
    shown = links if mask is None else links[np.asarray(mask, dtype=bool)]
    scores = centrality(link_graph(entities, shown))
    return NetworkSummary(
        matrix=country_matrix(shown),
        scores=scores,
        top=most_connected(entities, scores),
        links_shown=len(shown),
        cross_border=int(shown["cross_border"].astype(bool).sum()),
    )
