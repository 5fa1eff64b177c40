"""How a node looks, shared by the map and the exports: its colour and its size, so the map,
GEXF (Gephi) and graphology (sigma.js) draw a story the same way."""

from __future__ import annotations

import math

# d3's category10 (Tableau's categorical palette, made for telling categories apart) without
# its grey, which readers would take for the muted tone. More hues than this stop being
# told apart at a glance, so only the largest stories get one: the rest share MUTED_COLOR.
STORY_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22",
)
MUTED_COLOR = "#9aabbd"  # a smaller story: there, but quiet
SINGLETON_COLOR = "#cdcdcd"  # an article in no story
KIND_COLORS = {
    "article": "#4e79a7",
    "provider": "#f28e2b",
    "topic": "#59a14f",
    "tag": "#edc948",
}


def story_color(rank: int) -> str:
    """Hex colour for the story ranked `rank` by size (0 = largest): its own hue among the
    first len(STORY_COLORS), the muted tone after them."""
    return STORY_COLORS[rank] if 0 <= rank < len(STORY_COLORS) else MUTED_COLOR


def story_ranks(G) -> dict[int, int]:
    """{cluster: rank} by G's articles in each, largest first, ties by cluster id: a story's
    colour follows its size, whatever its id (ids stay put from build to build)."""
    sizes: dict[int, int] = {}
    for _, d in G.nodes(data=True):
        cluster = d.get("cluster", -1)
        if d.get("kind") == "article" and isinstance(cluster, int) and cluster >= 0:
            sizes[cluster] = sizes.get(cluster, 0) + 1
    return {c: i for i, c in enumerate(sorted(sizes, key=lambda c: (-sizes[c], c)))}


def cluster_color(cluster: int, ranks: dict[int, int]) -> str:
    """Hex colour of a cluster, by its rank in ``ranks`` (story_ranks); -1 or a cluster
    ``ranks`` does not hold (no story) is grey."""
    if cluster is None or cluster < 0 or cluster not in ranks:
        return SINGLETON_COLOR
    return story_color(ranks[cluster])


def kind_color(kind: str) -> str:
    """Hex colour for a node kind."""
    return KIND_COLORS.get(kind, SINGLETON_COLOR)


def node_color(attrs: dict, ranks: dict[int, int]) -> str:
    """The colour a node gets by default: its story's for articles (``ranks``: story_ranks
    of the graph it is drawn in), its kind's otherwise."""
    if attrs.get("kind") == "article":
        return cluster_color(int(attrs.get("cluster", -1)), ranks)
    return kind_color(attrs.get("kind", ""))


#: How many times the least a node's measure must be to be drawn at full size (importance).
#: Covid's most central article holds 16 times the pagerank of its least, its biggest outlet
#: 2,905 times the articles of its least: their sizes are as they were; equals are drawn at
#: sqrt(1/SPREAD) of full size, near the size most of covid's articles have.
SPREAD = 10.0


def importance(G, *, skip=()) -> dict:
    """Each node's size as a share of the largest, 0..1: articles by pagerank (when they
    have one), hubs by degree, each against the top of its own kind of node, where the top
    counts as at least SPREAD times the least: a node is drawn large for standing out from
    the rest, not for being the largest of equals (a folder without links, whose articles
    all hold one pagerank, drew every article at full size: one solid slab).

    The square root makes a dot's area, not its radius, follow the measure, so a few big
    nodes do not squash the rest to specks. Nodes in ``skip`` (the map's hidden dominant
    topics) do not set a top or a least, and are drawn no larger than the top.
    """
    measures: dict = {}
    for n, attrs in G.nodes(data=True):
        if attrs.get("kind") == "article":
            rank = attrs.get("pagerank")
            ok = isinstance(rank, (int, float)) and not isinstance(rank, bool)
            measures[n] = ("article", float(rank) if ok and math.isfinite(rank) else 0.0)
        else:
            measures[n] = ("hub", float(G.degree(n)))
    top: dict[str, float] = {}
    least: dict[str, float] = {}
    for n, (group, value) in measures.items():
        if n not in skip:
            top[group] = max(top.get(group, 0.0), value)
            least[group] = min(least.get(group, value), max(value, 0.0))
    full = {group: max(value, SPREAD * least[group]) for group, value in top.items()}
    return {n: math.sqrt(min(max(value, 0.0), top[group]) / full[group])
            if full.get(group) else 0.0 for n, (group, value) in measures.items()}
