"""Story clusters, centrality and rankings: pure functions over the coverage graph.

Everything here reads story-level evidence only: ``related`` links and ``similar`` edges
between articles. Topics and providers are hubs (one topic can tag every article, one
provider can publish hundreds), so they never join two articles into one story; they are
counted and ranked, nothing more. ``add_analysis`` writes the results onto the graph as
the attributes docs/graph-model.md lists.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import networkx as nx

from .labels import article_topics, cluster_labels
from .model import ARTICLE, HUB_KINDS, articles, is_analysed, join_list, parse_utc
from .wording import readable_span

__all__ = [
    "add_analysis", "bridging", "centrality", "cluster_labels", "cluster_table",
    "clusters_from_graph", "provider_ranking", "related_in_degree", "story_clusters",
    "story_graph", "story_pagerank", "topic_ranking", "top_stories",
]

#: Evidence (summed edge weight) beyond which Louvain's resolution grows with the corpus.
#: Modularity compares a cluster with the whole graph, so in a big corpus it would merge
#: stories that happen to touch (its resolution limit); holding the penalty at this scale
#: keeps a story's cluster the same size whatever else the corpus holds.
STORY_WEIGHT = 1000.0


def _cluster_of(clusters: Sequence[set]) -> dict[str, int]:
    return {n: cid for cid, members in enumerate(clusters) for n in members}


class _Stories:
    """A graph's story-level evidence, read once: articles numbered 0..n-1 in id order.

    Integer nodes keep Louvain independent of string hashing (so of PYTHONHASHSEED) and
    make the passes over 100k articles cheap.
    """

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.articles = articles(G)
        index = {a: i for i, a in enumerate(self.articles)}
        self.related: list[tuple[int, int]] = []
        self.similar: list[tuple[int, int, float]] = []
        # Adjacency, not G.edges: the graph has several times more hub edges than story edges.
        for u, targets in G.adjacency():
            i = index.get(u)
            if i is None:
                continue
            for v, keys in targets.items():
                j = index.get(v)
                if j is not None and "related" in keys:
                    self.related.append((i, j))
                if j is not None and "similar" in keys:
                    self.similar.append((i, j, float(keys["similar"].get("score", 0.0))))
        weight: Counter = Counter()
        for i, j in self.related:
            weight[min(i, j), max(i, j)] += 1.0
        for i, j, score in self.similar:
            weight[min(i, j), max(i, j)] += score
        edges = sorted((i, j, w) for (i, j), w in weight.items() if w > 0)
        self.graph = nx.Graph()  # articles with evidence only
        self.graph.add_nodes_from(sorted({i for e in edges for i in e[:2]}))
        self.graph.add_weighted_edges_from(edges)

    def clusters(self, *, resolution: float, seed: int) -> list[set]:
        """Louvain communities of two or more articles, largest first (see story_clusters)."""
        S = self.graph
        total = S.size(weight="weight")
        if not total:
            return []
        gamma = resolution * max(1.0, total / STORY_WEIGHT)
        # Modularity gains c - gamma * d1 * d2 / (2 * total) by joining two parts of summed
        # degrees d1, d2 that share link weight c. When a component's weakest link beats that
        # penalty for its most even split (d1 = d2 = D / 2), every split loses to the whole
        # component, so Louvain would keep it whole: it only runs on the other components.
        whole, rest = [], set()
        for component in nx.connected_components(S):
            degree = sum(d for _, d in S.degree(component, weight="weight"))
            weakest = min(w for _, _, w in S.edges(component, data="weight"))
            if weakest > gamma * degree * degree / (8 * total):
                whole.append(component)
            else:
                rest |= component
        H = nx.Graph()
        H.add_nodes_from(sorted(rest))
        H.add_weighted_edges_from(
            sorted((min(i, j), max(i, j), w) for i, j, w in S.edges(rest, data="weight"))
        )
        rest_total = H.size(weight="weight")
        parts = nx.community.louvain_communities(
            H, weight="weight", resolution=gamma * rest_total / total, seed=seed
        ) if rest_total else []
        clusters = [{self.articles[i] for i in c} for c in (*whole, *parts) if len(c) > 1]
        clusters.sort(key=lambda c: (-len(c), min(c)))
        return clusters

    def pagerank(self, *, alpha: float = 0.85, tol: float = 1e-6) -> dict[str, float]:
        """networkx's PageRank (same teleport, dangling and stopping rules) on sparse arrays.

        Building a 100k-node DiGraph for nx.pagerank costs more than the ranking itself.
        """
        import numpy as np
        import scipy.sparse as sp

        n = len(self.articles)
        if not n:
            return {}
        sim = np.array(self.similar, dtype=float).reshape(-1, 3)
        rel = np.array(self.related, dtype=float).reshape(-1, 2)
        # A related link votes for the article it lists; similarity has no direction.
        rows = np.concatenate([rel[:, 0], sim[:, 0], sim[:, 1]]).astype(np.int64)
        cols = np.concatenate([rel[:, 1], sim[:, 1], sim[:, 0]]).astype(np.int64)
        weights = np.concatenate([np.ones(len(rel)), sim[:, 2], sim[:, 2]])
        keep = weights > 0
        rows, cols, weights = rows[keep], cols[keep], weights[keep]
        out = np.bincount(rows, weights, minlength=n)
        M = sp.csr_array((weights / out[rows], (rows, cols)), shape=(n, n))  # rows sum to 1
        dangling = out <= 0
        x = np.full(n, 1.0 / n)
        for _ in range(100):
            last = x
            x = alpha * (x @ M + x[dangling].sum() / n) + (1 - alpha) / n
            if np.abs(x - last).sum() < n * tol:
                break
        return dict(zip(self.articles, x.tolist(), strict=True))

    def related_in(self) -> dict[str, int]:
        """Article -> how many articles list it as related."""
        counts = Counter(j for _, j in self.related)
        return {a: counts[i] for i, a in enumerate(self.articles)}

    def bridging(self, clusters: Sequence[set]) -> dict[str, float]:
        """Article -> participation coefficient of its story links (see bridging)."""
        cluster_of = _cluster_of(clusters)
        group = [cluster_of.get(a, -1 - i) for i, a in enumerate(self.articles)]
        scores = dict.fromkeys(self.articles, 0.0)
        for i, neighbours in self.graph.adjacency():
            into: Counter = Counter()
            for j, data in neighbours.items():
                into[group[j]] += data["weight"]
            total = sum(into.values())
            scores[self.articles[i]] = 1.0 - sum((w / total) ** 2 for w in into.values())
        return scores


def story_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Every article, joined with weight = related links (1 each way) + similar score."""
    stories = _Stories(G)
    S = nx.Graph()
    S.add_nodes_from(stories.articles)
    S.add_weighted_edges_from(
        (stories.articles[i], stories.articles[j], w)
        for i, j, w in stories.graph.edges(data="weight")
    )
    return S


def story_clusters(G: nx.MultiDiGraph, *, resolution: float = 1.0, seed: int = 0) -> list[set]:
    """Stories as sets of article ids: Louvain communities of the story graph.

    Ordered by size (largest first), ties by smallest member id; a cluster's id is its
    position. Articles without evidence, or left alone by Louvain, are in no cluster.
    Higher ``resolution`` gives smaller clusters. Same graph and seed, same clusters.
    """
    return _Stories(G).clusters(resolution=resolution, seed=seed)


def story_pagerank(G: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank over articles: a related link votes for the article it lists, similar both ways."""
    return _Stories(G).pagerank()


def related_in_degree(G: nx.MultiDiGraph) -> dict[str, int]:
    """How many other articles list each article as related."""
    return _Stories(G).related_in()


def bridging(G: nx.MultiDiGraph, clusters: Sequence[set]) -> dict[str, float]:
    """How evenly each article's story links spread over clusters, 0 (one) to near 1 (many).

    The participation coefficient 1 - sum_c (w_c / w)^2, w_c being the link weight into
    cluster c (an unclustered neighbour is a cluster of its own). One pass over the edges,
    where betweenness would cost minutes on a large corpus.
    """
    return _Stories(G).bridging(clusters)


def _first_articles(G: nx.MultiDiGraph, members) -> list[str]:
    """The member(s) published first (all that share the earliest time); [] when none is dated."""
    dated = sorted((G.nodes[n].get("published", ""), n) for n in members)
    dated = [(p, n) for p, n in dated if p]
    return [n for p, n in dated if p == dated[0][0]] if dated else []


def cluster_table(G: nx.MultiDiGraph, clusters: Sequence[set], labels: Sequence[str]) -> list[dict]:
    """One row per cluster: id, label, size, providers, first, last, span, first reporters.

    ``first_reporters`` are the domains of the earliest article(s); ``first_article`` the
    earliest article's id; times are UTC ISO strings ("" when no member has a date).
    """
    rows = []
    for cid, (members, label) in enumerate(zip(clusters, labels, strict=True)):
        nodes = [G.nodes[n] for n in members]
        times = sorted(a["published"] for a in nodes if a.get("published"))
        first = _first_articles(G, members)
        span = parse_utc(times[-1]) - parse_utc(times[0]) if times else None
        hours = span.total_seconds() / 3600 if span else 0.0
        rows.append({
            "id": cid,
            "label": label,
            "size": len(members),
            "providers": len({a.get("provider") for a in nodes if a.get("provider")}),
            "first": times[0] if times else "",
            "last": times[-1] if times else "",
            "span": readable_span(hours) if times else "",
            "span_hours": round(hours, 2),
            "first_reporters": join_list(
                sorted({G.nodes[n]["provider"] for n in first if G.nodes[n].get("provider")})
            ),
            "first_article": first[0] if first else min(members),
        })
    return rows


def centrality(G: nx.MultiDiGraph) -> tuple[dict[str, float], dict[str, int]]:
    """(pagerank, related in-degree) of every article, in sorted article order.

    The attributes add_analysis wrote when every article has them, else computed now: the
    one way every reader of centrality copes with a graph that was not analysed.
    """
    found, nodes = articles(G), G.nodes
    stories = None
    measures = []
    for name in ("pagerank", "related_in"):
        if all(name in nodes[a] for a in found):
            measures.append({a: nodes[a][name] for a in found})
        else:
            stories = stories or _Stories(G)
            measures.append(stories.pagerank() if name == "pagerank" else stories.related_in())
    return measures[0], measures[1]


def top_stories(G: nx.MultiDiGraph, n: int = 10) -> list[dict]:
    """The ``n`` articles with the highest PageRank (then most cited), one row each.

    Reads the attributes add_analysis wrote; computes them when G was not analysed.
    """
    rank, cited = centrality(G)
    best = sorted(rank, key=lambda a: (-rank[a], -cited[a], a))[: max(n, 0)]
    return [
        {
            "rank": i,
            "title": G.nodes[a].get("label", a),
            "provider": G.nodes[a].get("provider", ""),
            "published": G.nodes[a].get("published", ""),
            "pagerank": rank[a],
            "related_in": cited[a],
            "cluster": G.nodes[a].get("cluster", -1),
            "url": G.nodes[a].get("url", ""),
            "id": a,
        }
        for i, a in enumerate(best, 1)
    ]


def provider_ranking(G: nx.MultiDiGraph, clusters: Sequence[set]) -> list[dict]:
    """Providers by articles, then clusters covered, first reports of a cluster, links received."""
    cluster_of = _cluster_of(clusters)
    cited = centrality(G)[1]
    stats: dict[str, Counter] = defaultdict(Counter)
    covered: dict[str, set] = defaultdict(set)
    for a in articles(G):
        domain = G.nodes[a].get("provider", "")
        if domain:
            stats[domain]["articles"] += 1
            stats[domain]["related_in"] += cited[a]
            if a in cluster_of:
                covered[domain].add(cluster_of[a])
    for members in clusters:
        for domain in {G.nodes[a].get("provider", "") for a in _first_articles(G, members)}:
            if domain:
                stats[domain]["first_reports"] += 1
    rows = []
    for domain, s in stats.items():
        node = G.nodes.get(f"provider:{domain}", {})
        rows.append({
            "provider": domain,
            "name": node.get("label", domain),
            "articles": s["articles"],
            "clusters": len(covered[domain]),
            "first_reports": s["first_reports"],
            "related_in": s["related_in"],
        })
    rows.sort(key=lambda r: (-r["articles"], -r["clusters"], -r["first_reports"],
                             -r["related_in"], r["provider"]))
    return rows


def topic_ranking(G: nx.MultiDiGraph, clusters: Sequence[set], *, co_topics: int = 3) -> list[dict]:
    """Topics by articles, with the clusters they tag and their most frequent companions."""
    cluster_of = _cluster_of(clusters)
    articles: Counter = Counter()
    covered: dict[str, set] = defaultdict(set)
    together: dict[str, Counter] = defaultdict(Counter)
    for a, topics in sorted(article_topics(G).items()):
        articles.update(topics)
        for t in topics:
            if a in cluster_of:
                covered[t].add(cluster_of[a])
            together[t].update(o for o in topics if o != t)
    rows = []
    for topic, count in articles.items():
        best = sorted(together[topic].items(), key=lambda kv: (-kv[1], kv[0]))[:co_topics]
        rows.append({
            "topic": topic,
            "articles": count,
            "clusters": len(covered[topic]),
            "co_topics": join_list(f"{t} ({n})" for t, n in best),
        })
    rows.sort(key=lambda r: (-r["articles"], r["topic"]))
    return rows


def clusters_from_graph(G: nx.MultiDiGraph, *, seed: int = 0) -> tuple[list[set], list[str]]:
    """The clusters and labels add_analysis wrote on G, in id order (computed if it did not)."""
    if not is_analysed(G):
        clusters = story_clusters(G, seed=seed)
        return clusters, cluster_labels(G, clusters)
    members: dict[int, set] = defaultdict(set)
    labels: dict[int, str] = {}
    for n, a in G.nodes(data=True):
        if a.get("kind") == ARTICLE and a["cluster"] >= 0:
            members[a["cluster"]].add(n)
            labels[a["cluster"]] = a.get("cluster_label", "")
    ids = sorted(members)
    return [members[i] for i in ids], [labels[i] for i in ids]


def add_analysis(G: nx.MultiDiGraph, *, seed: int = 0) -> None:
    """Write clusters, labels and centrality onto G's nodes (docs/graph-model.md), in place.

    Run it on graphx's own graph after similar edges are added; never on a caller's graph.
    """
    stories = _Stories(G)
    clusters = stories.clusters(resolution=1.0, seed=seed)
    labels = cluster_labels(G, clusters)
    cluster_of = _cluster_of(clusters)
    rank, cited, bridge = stories.pagerank(), stories.related_in(), stories.bridging(clusters)
    for a in stories.articles:
        cid = cluster_of.get(a, -1)
        G.nodes[a].update(
            cluster=cid, cluster_label=labels[cid] if cid >= 0 else "",
            pagerank=rank[a], related_in=cited[a], bridging=bridge[a],
        )
    for n, kind in G.nodes(data="kind"):
        if kind in HUB_KINDS:
            G.nodes[n].update(
                degree=G.degree(n),
                articles=sum(1 for p in G.predecessors(n) if G.nodes[p].get("kind") == ARTICLE),
            )
