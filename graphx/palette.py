"""Stable colours: the map and the GEXF export colour a cluster the same way."""

# Tableau-20-like, readable on white; cluster ids cycle through it.
CLUSTER_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896",
    "#c5b0d5", "#c49c94", "#f7b6d2", "#9edae5", "#dbdb8d", "#393b79",
)
SINGLETON_COLOR = "#b0b0b0"
KIND_COLORS = {
    "article": "#4e79a7",
    "provider": "#f28e2b",
    "topic": "#59a14f",
    "tag": "#edc948",
}


def cluster_color(cluster: int) -> str:
    """Hex colour for a cluster id; -1 (no cluster) is grey."""
    if cluster is None or cluster < 0:
        return SINGLETON_COLOR
    return CLUSTER_COLORS[cluster % len(CLUSTER_COLORS)]


def kind_color(kind: str) -> str:
    """Hex colour for a node kind."""
    return KIND_COLORS.get(kind, SINGLETON_COLOR)


def node_color(attrs: dict) -> str:
    """The colour a node gets by default: its cluster's for articles, its kind's otherwise."""
    if attrs.get("kind") == "article":
        return cluster_color(int(attrs.get("cluster", -1)))
    return kind_color(attrs.get("kind", ""))
