"""The cross-border project network: a graph of the links, a country matrix, centrality.

Pure functions over the registry frames and a boolean mask of the links that show under the
current filters (``FilterResult.links``); nothing here reads Dash or Flask state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import rustworkx as rx

from corridor_map import schema

#: Rows in the "most connected" list.
TOP_N = 10
#: rustworkx's ``parallel_threshold`` (node count) that keeps betweenness in one thread.
SERIAL_ONLY = 2**62
#: The link columns the network analytic reads (``*_unit`` where the registry has them).
NETWORK_COLUMNS = (
    "from_id",
    "to_id",
    "cross_border",
    "from_country",
    "to_country",
    "from_unit",
    "to_unit",
)


@dataclass(frozen=True)
class LinkGraph:
    """The project network: one node per linked record, one edge per link.

    Attributes
    ----------
    nodes
        Record id of each node (records without a link are not nodes).
    ends
        ``(links, 2)`` node positions of each link's two ends; parallel links between the
        same two records stay separate rows.
    """

    nodes: np.ndarray
    ends: np.ndarray

    def simple(self) -> rx.PyGraph:
        """The graph with parallel links merged (rustworkx, for path-based measures)."""
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(range(len(self.nodes)))
        graph.extend_from_edge_list([(int(a), int(b)) for a, b in self.ends])
        return graph


def link_graph(links: pd.DataFrame) -> LinkGraph:
    """Build the project network of ``links``.

    Parameters
    ----------
    links
        The links to include (already filtered) with ``from_id`` and ``to_id``.

    Returns
    -------
    LinkGraph
        Undirected; nodes in order of first appearance.
    """
    return _graph_of(links["from_id"].to_numpy(), links["to_id"].to_numpy())


def _graph_of(from_ids: np.ndarray, to_ids: np.ndarray) -> LinkGraph:
    codes, nodes = pd.factorize(np.concatenate([from_ids, to_ids]))
    return LinkGraph(np.asarray(nodes, dtype=object), codes.reshape(2, -1).T)


def centrality(graph: LinkGraph) -> pd.DataFrame:
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
    count = len(graph.nodes)
    degree = np.bincount(graph.ends.ravel(), minlength=count).astype(int)
    # rustworkx (compiled) rather than networkx: this runs for every new filter state. Always
    # in one thread: gunicorn forks its workers after the master warmed the analytics, and a
    # worker would wait forever on the master's thread pool (it does not survive the fork).
    betweenness = rx.graph_betweenness_centrality(
        graph.simple(), normalized=True, parallel_threshold=SERIAL_ONLY
    )
    between = np.array([betweenness[i] for i in range(count)], dtype=float)
    # Degree, then betweenness (both descending), then id: one sort of the arrays, one frame.
    order = np.lexsort((graph.nodes.astype(str), -between, -degree)) if count else []
    return pd.DataFrame(
        {"degree": degree[order], "betweenness": between[order]},
        index=pd.Index(graph.nodes[order], name="id"),
    )


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
    side = "unit" if "from_unit" in links else "country"  # China outside Yunnan apart
    return _matrix_of(
        links["cross_border"].to_numpy(dtype=bool),
        links[f"from_{side}"].to_numpy(),
        links[f"to_{side}"].to_numpy(),
        countries,
    )


def _matrix_of(
    cross: np.ndarray, from_units: np.ndarray, to_units: np.ndarray, countries: tuple[str, ...]
) -> pd.DataFrame:
    order = pd.Index(countries)
    matrix = np.zeros((len(countries), len(countries)), dtype=int)
    a = order.get_indexer(from_units[cross])
    b = order.get_indexer(to_units[cross])
    known = (a >= 0) & (b >= 0)
    a, b = a[known], b[known]
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
    # Column by column at the top rows' positions: reindexing the frame would copy every
    # column (and geometry). Every link end is a registry record.
    rows = entities.index.get_indexer(top.index)
    return pd.DataFrame(
        {
            **{c: entities[c].to_numpy()[rows] for c in ("name", "country", "kind", *extra)},
            **{c: top[c].to_numpy() for c in top.columns},
        },
        index=top.index,
    )


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
    # Only the columns the analytic reads, as arrays (no frame is built per state).
    keep = slice(None) if mask is None else np.asarray(mask, dtype=bool)
    shown = {c: links[c].to_numpy()[keep] for c in NETWORK_COLUMNS if c in links.columns}
    cross = shown["cross_border"].astype(bool)
    side = "unit" if "from_unit" in shown else "country"  # China outside Yunnan apart
    scores = centrality(_graph_of(shown["from_id"], shown["to_id"]))
    return NetworkSummary(
        matrix=_matrix_of(cross, shown[f"from_{side}"], shown[f"to_{side}"], schema.REPORT_UNITS),
        scores=scores,
        top=most_connected(entities, scores),
        links_shown=len(cross),
        cross_border=int(cross.sum()),
    )
