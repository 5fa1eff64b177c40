"""Projections of the coverage graph for export: stories only, outlets, topics, kinds, dates.

Each view is a pure function returning a new graph; the input is never changed. Node and
edge attribute dicts are copied, so editing a view leaves the pipeline's graph alone. All
views run in time linear in the graph plus the pairs they output.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from .model import ARTICLE, STORY_RELATIONS, articles, date_bound, to_utc_iso


def _induced(G: nx.Graph, nodes: Iterable, relations: frozenset | None = None) -> nx.Graph:
    """A copy of G on nodes, keeping only edges whose relation is in relations (all if None)."""
    H = G.subgraph(nodes).copy()  # copies every attribute dict, so H shares no state with G
    if relations is not None:
        data = H.edges(keys=True, data="relation") if H.is_multigraph() else H.edges(
            data="relation")
        H.remove_edges_from([edge[:-1] for edge in data if edge[-1] not in relations])
    return H


def stories_view(G: nx.Graph) -> nx.Graph:
    """Articles and the related/similar edges between them, without providers or topics."""
    return _induced(G, articles(G), STORY_RELATIONS)


def filter_kinds(G: nx.Graph, kinds: Iterable[str]) -> nx.Graph:
    """The nodes whose `kind` is in kinds, with every edge among them."""
    wanted = set(kinds)
    return _induced(G, (n for n, kind in G.nodes(data="kind") if kind in wanted))


def _linked(G: nx.Graph, article, kind: str, relation: str) -> list:
    """Nodes of kind that article links to by edges of relation, sorted by str."""
    edges = (G.out_edges if G.is_directed() else G.edges)(article, data="relation")
    return sorted({v for _, v, r in edges if r == relation and G.nodes[v].get("kind") == kind},
                  key=str)


def _pair_graph(G: nx.Graph, kind: str, counts: dict[str, Counter], relation: str) -> nx.Graph:
    """Undirected graph of G's nodes of kind, an edge per counted pair: weight = total count."""
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if d.get("kind") == kind)
    pairs = set().union(*counts.values())
    for pair in sorted(pairs, key=lambda p: (str(p[0]), str(p[1]))):
        values = {name: counter[pair] for name, counter in counts.items()}
        H.add_edge(*pair, relation=relation, weight=sum(values.values()), **values)
    return H


def _pairs(nodes: list) -> Iterable[tuple]:
    """Every unordered pair of distinct nodes, each as (smaller, larger) by str."""
    return itertools.combinations(sorted(set(nodes), key=str), 2)


def outlets_view(G: nx.Graph) -> nx.Graph:
    """Providers linked by co-coverage (nx.Graph): weight = shared_clusters + links."""
    # shared_clusters: clusters (`cluster` >= 0) where both have an article. links: related
    # edges from an article of one to an article of the other, both directions together.
    provider_of = {a: _linked(G, a, "provider", "published_by") for a in articles(G)}
    by_cluster: dict[int, set] = {}
    for article, providers in provider_of.items():
        cluster = G.nodes[article].get("cluster", -1)
        if isinstance(cluster, int) and cluster >= 0:
            by_cluster.setdefault(cluster, set()).update(providers)
    shared = Counter(pair for members in by_cluster.values() for pair in _pairs(members))
    links: Counter = Counter()
    for u, v, relation in G.edges(data="relation"):
        if relation == "related" and u in provider_of and v in provider_of:
            for p, q in itertools.product(provider_of[u], provider_of[v]):
                if p != q:
                    links[tuple(sorted((p, q), key=str))] += 1
    return _pair_graph(G, "provider", {"shared_clusters": shared, "links": links}, "co_coverage")


def topics_view(G: nx.Graph) -> nx.Graph:
    """Topics linked when articles carry both (nx.Graph): weight = articles = how many."""
    # Pairs come from each article's own topic set, so the cost follows the articles, not
    # the square of the number of topics.
    together = Counter(pair for a in articles(G)
                       for pair in _pairs(_linked(G, a, "topic", "tagged")))
    return _pair_graph(G, "topic", {"articles": together}, "co_tagged")


def filter_dates(G: nx.Graph, since=None, until=None) -> nx.Graph:
    """Articles published in [since, until] and the other nodes still linked to them."""
    # Bounds are dates, datetimes or ISO strings; None leaves that side open. Once a bound
    # is given, articles without a usable `published` date are left out.
    low, high = date_bound("since", since, end=False), date_bound("until", until, end=True)
    if low is None and high is None:
        return _induced(G, G)
    kept = set()
    for article in articles(G):
        when = to_utc_iso(G.nodes[article].get("published"))
        if when and (low is None or when >= low) and (high is None or when <= high):
            kept.add(article)
    attached = {v for a in kept for v in nx.all_neighbors(G, a)
                if G.nodes[v].get("kind") != ARTICLE}
    return _induced(G, (n for n in G if n in kept or n in attached))
