"""Stable colours: the map and the GEXF export colour a story the same way."""

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


def cluster_color(cluster: int) -> str:
    """Hex colour for a cluster id; -1 (no cluster) is grey. Cluster ids are ranks by size
    in the whole graph (analysis numbers them so), so this is story_color of the id."""
    if cluster is None or cluster < 0:
        return SINGLETON_COLOR
    return story_color(cluster)


def kind_color(kind: str) -> str:
    """Hex colour for a node kind."""
    return KIND_COLORS.get(kind, SINGLETON_COLOR)


def node_color(attrs: dict) -> str:
    """The colour a node gets by default: its cluster's for articles, its kind's otherwise."""
    if attrs.get("kind") == "article":
        return cluster_color(int(attrs.get("cluster", -1)))
    return kind_color(attrs.get("kind", ""))
