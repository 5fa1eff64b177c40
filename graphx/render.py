"""The interactive coverage map: one self-contained HTML page, offline and safe with any text.

pyvis holds the network data and vis options; the page itself comes from our own template
(graphx/templates/map.html) with vis-network and our JS/CSS inlined from graphx/assets, so it
loads nothing from the network. Every string from the documents travels as JSON inside a
`<script type="application/json">` block and is put on screen with textContent only (or
drawn on the canvas, which is text by nature).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

import networkx as nx

from . import model, palette, storylines
from .analysis import centrality, story_times
from .atomic import atomic_write
from .errors import InputError
from .layout import cluster_layout
from .model import HUB_KINDS, NODE_KINDS, RELATIONS, kind_names, parse_utc, split_list
from .wording import count_noun, readable_span

ASSETS = Path(__file__).parent / "assets"
TEMPLATES = Path(__file__).parent / "templates"
COLOR_BY = ("cluster", "kind", "provider")
SHAPES = {"article": "dot", "provider": "square", "topic": "triangle", "tag": "diamond"}
HUB_COLOR = {"background": "#ffffff", "border": "#8c8c8c"}  # hubs: hollow, no story hue
# The page draws edges itself, in one stroke per style (see map.js): widths are screen px and
# alpha is for the overview; around a selection every edge is drawn at `full` alpha.
EDGE_STYLES = {
    "related": {"color": "#6f6f6f", "alpha": 0.45, "full": 0.9, "width": 1.0, "arrow": True},
    "similar": {"color": "#6f6f6f", "alpha": 0.45, "full": 0.9, "width": 1.0, "dashes": [4, 3]},
    "published_by": {"color": "#9a9a9a", "alpha": 0.045, "full": 0.7, "width": 0.6},
    "tagged": {"color": "#9a9a9a", "alpha": 0.045, "full": 0.7, "width": 0.6},
}
VIS_OPTIONS = {
    # Positions come from graphx.layout: physics and vis's own O(n²) layout pass stay off.
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    # Edges, labels and tooltips are drawn by the page (constant on-screen size, a label
    # density rule, one stroke per edge style), so vis keeps only nodes, zoom and clicks.
    "interaction": {"hover": False, "dragNodes": False, "keyboard": False,
                    "selectConnectedEdges": False, "zoomSpeed": 0.7},
    "nodes": {"shape": "dot", "borderWidth": 0, "borderWidthSelected": 2, "chosen": False},
}
EXCERPT_CHARS = 400  # the panel shows a teaser; the full text is one click away
RELATED_MAX = 10
# A topic or tag on more than this share of the shown articles says nothing about any of
# them ("Coronavirus" on 92% of a covid corpus): hidden by default and listed as such.
DOMINANT_SHARE = 0.5
# An outlet or topic of fewer shown articles is not named on the map (the page reads it as
# data.hubNamed) and, past the node limit, shown only once every article is.
HUB_NAMED = 3


@dataclass(frozen=True)
class CoverageMap:
    """A rendered map: the page, what it shows, and ways to save or display it."""

    html: str = field(repr=False)
    stats: dict

    def save(self, path) -> None:
        """Write the page to path atomically (a reader never sees half a file); raises
        OutputError when a file graphx did not write is there (outfolder.check_replaceable)."""
        from .outfolder import check_replaceable

        check_replaceable(path, "html", "map")
        atomic_write(path, self.html)

    def _repr_html_(self) -> str:
        # Sandboxed: the page runs its script but cannot reach the notebook around it.
        return (
            f'<iframe srcdoc="{escape(self.html, quote=True)}" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            'style="width:100%;height:720px;border:1px solid #ddd" '
            'title="graphx coverage map"></iframe>'
        )


def select_nodes(G: nx.Graph, *, nodes=None, max_nodes: int | None = 2000,
                 kinds=None) -> tuple[list, dict]:
    """The nodes the map shows, and a summary of what it leaves out.

    nodes limits the candidates (default: all of G); kinds keeps nodes of those kinds
    (default: all; articles are always shown); past max_nodes (None: no limit) the most
    central articles are kept (pagerank), whole clusters where they fit, plus hubs linked
    to HUB_NAMED or more of them, in proportion to how many hubs there were (_shared_hubs);
    hubs of fewer shown articles only where every article is shown. Raises InputError
    on an unknown kind, a node not in G or a max_nodes below 1.
    """
    if max_nodes is not None and max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1, not {max_nodes}")
    kinds = kind_names(kinds)
    unknown = set(kinds or ()) - set(NODE_KINDS)
    if unknown:
        raise InputError(f"unknown node kind(s) {', '.join(sorted(unknown))}: "
                         f"use {', '.join(NODE_KINDS)}")
    hide = sorted(set(HUB_KINDS) - set(kinds)) if kinds else []
    pool = list(G) if nodes is None else list(dict.fromkeys(nodes))
    missing = [n for n in pool if n not in G]
    if missing:
        raise InputError(f"{len(missing)} requested node(s) are not in the graph, "
                         f"e.g. {missing[0]!r}")
    candidates = sorted(n for n in pool if _kind(G, n) not in hide)
    if max_nodes is None or len(candidates) <= max_nodes:
        kept = candidates
    else:
        kept = _most_central(G, candidates, max_nodes)
    shown = set(kept)
    left_out: dict[str, int] = {}
    for n in pool:
        if n not in shown:
            left_out[_kind(G, n)] = left_out.get(_kind(G, n), 0) + 1
    summary = {"total": len(pool), "shown": len(kept), "hidden": left_out,
               "hidden_kinds": sorted(hide), "max_nodes": max_nodes}
    return kept, summary


def _kind(G: nx.Graph, node) -> str:
    return G.nodes[node].get("kind", "")


def _most_central(G: nx.Graph, candidates: list, max_nodes: int) -> list:
    """Up to max_nodes candidates: whole clusters first, by the attention they hold (their
    articles' PageRank summed, as a story's is in the report): by their most central
    article alone, the hub of a 4-article star outranked every article of a 31-article
    story, and a 50-node map left out the two biggest stories."""
    articles = [n for n in candidates if _kind(G, n) == model.ARTICLE]
    hubs = [n for n in candidates if _kind(G, n) != model.ARTICLE]
    score = _centrality(G, articles)
    hub_room = round(max_nodes * len(hubs) / len(candidates))
    units: dict = {}
    for n in articles:
        cluster = int(G.nodes[n].get("cluster", -1))
        units.setdefault(cluster if cluster >= 0 else ("alone", n), []).append(n)
    ranked = sorted(units.values(), key=lambda u: (-sum(score[n] for n in u), -len(u), u[0]))
    kept: list = []
    waiting = [True] * len(ranked)

    def fill(room: int) -> None:  # whole clusters by attention, while they fit in room
        for i, unit in enumerate(ranked):
            if waiting[i] and len(unit) <= room:
                kept.extend(unit)
                waiting[i] = False
                room -= len(unit)

    fill(max_nodes - hub_room)
    chosen = set(kept)
    linked: dict = {}
    for hub in hubs:
        count = sum(1 for n in set(nx.all_neighbors(G, hub)) if n in chosen)
        if count:
            linked[hub] = count
    # A hub of fewer than HUB_NAMED shown articles tells nothing their panels do not (2,000
    # one-article outlets took half a 4,000-node map's room, leaving out 1,001 articles):
    # it waits until every article has its place.
    kept_hubs = _shared_hubs(G, linked, hub_room, len(chosen))
    fill(max_nodes - len(kept) - len(kept_hubs))
    chosen = set(kept)
    # Room left by hubs nobody links to, or by clusters too big to fit, goes to the most
    # central of the remaining articles one by one, then to the best-connected hubs.
    room = max_nodes - len(kept) - len(kept_hubs)
    rest = sorted((n for n in articles if n not in chosen), key=lambda n: (-score[n], n))
    taken = set(kept_hubs)
    rest += sorted((h for h in hubs if h not in taken), key=lambda h: (-G.degree(h), h))
    return sorted(kept + kept_hubs + rest[:room])


def _shared_hubs(G: nx.Graph, linked: dict, room: int, shown: int) -> list:
    """Up to room of the hubs linked to HUB_NAMED or more shown articles (linked: hub ->
    how many), the room shared among kinds by how many of each qualify (largest remainder),
    each kind's best linked first. Ranked by links alone, a 100-node map gave its room to
    tags and to a topic on most articles, and no outlet of three of them was shown; a topic
    or tag on more than DOMINANT_SHARE of the shown articles, which the map hides until
    asked for, takes room only when the others leave some."""
    def hidden(h) -> bool:
        return _kind(G, h) in ("topic", "tag") and linked[h] > DOMINANT_SHARE * shown

    ranked = sorted((h for h in linked if linked[h] >= HUB_NAMED),
                    key=lambda h: (-linked[h], -G.degree(h), h))
    by_kind: dict[str, list] = {}
    late = []
    for h in ranked:
        if hidden(h):
            late.append(h)
        else:
            by_kind.setdefault(_kind(G, h), []).append(h)
    total = sum(len(hs) for hs in by_kind.values())
    room_left = min(room, total)
    share = {k: room_left * len(hs) // total for k, hs in by_kind.items()}
    remainder = sorted(by_kind, key=lambda k: (-(room_left * len(by_kind[k]) % total), k))
    for k in remainder[:room_left - sum(share.values())]:
        share[k] += 1
    kept = [h for k, hs in by_kind.items() for h in hs[:share[k]]]
    return kept + late[:room - len(kept)]


def _centrality(G: nx.Graph, articles: list) -> dict:
    """The pagerank of each of ``articles`` (graphx.analysis.centrality)."""
    rank = centrality(G)[0]
    return {n: float(rank[n]) for n in articles}


def coverage_map(G: nx.Graph, *, nodes=None, max_nodes: int | None = 2000, kinds=None,
                 color_by: str = "cluster", related: int | Mapping = 5, engine=None,
                 title: str = "graphx coverage map", seed: int = 0) -> CoverageMap:
    """The map of G (unchanged) as a CoverageMap: ``.save(path)``, ``.html``, or shown
    inline in Jupyter.

    nodes, max_nodes and kinds choose what is shown (select_nodes); color_by is "cluster"
    (the largest stories in their own colours, the rest muted), "kind" or "provider"; each
    shown article's panel lists its ``related`` most related stories with their reasons
    (0: none), from ``engine`` (a graphx.related.RelatedEngine of G, built when not given),
    or ``related`` maps article ids to rows made elsewhere (dicts with `id`, `title`,
    `score` and `why`, a list of reasons). Which labels show is decided on screen, by a
    label-density rule. Raises InputError on an unknown color_by or kind.
    """
    if color_by not in COLOR_BY:
        raise InputError(f"cannot colour by {color_by!r}: use one of {', '.join(COLOR_BY)}")
    kept, summary = select_nodes(G, nodes=nodes, max_nodes=max_nodes, kinds=kinds)
    if isinstance(related, int):
        from .related import RelatedEngine

        related = ((engine or RelatedEngine(G)).related_to_nodes(kept, limit=related)
                   if related > 0 else {})
    H = _copy_of(G, kept)
    _tell_outlets_apart(H)
    pos = cluster_layout(H, seed=seed)
    ranks = palette.story_ranks(H)
    net = _network(H, pos, color_by, ranks, dominant_hubs(H))
    index = {node["id"]: i for i, node in enumerate(net.nodes)}
    stats = _stats(H, summary)
    data = {
        "nodes": net.nodes, "options": net.options, "relations": RELATIONS,
        # [from, to, relation] by position in nodes and relations: ids are long URLs, and
        # repeating them for every edge would make most of the page.
        "edges": [[index[e["from"]], index[e["to"]], RELATIONS.index(e["relation"])]
                  for e in net.edges],
        "edgeStyles": EDGE_STYLES, "stories": _stories(H, ranks, index, _Whole(G)),
        "colouredStories": len(palette.STORY_COLORS),
        # The fewest articles an outlet or topic is named with (and kept past the limit).
        "hubNamed": HUB_NAMED,
        # Story names take their story's colour only where the nodes are coloured by story:
        # coloured by outlet, a story's orange would read as the legend's orange outlet.
        "colourNames": color_by == "cluster",
        "legend": _legend(H, color_by, ranks),
    }
    data["related"], data["reasons"] = _related(H, related, index)
    page = _template().render(
        title=model.bidi_closed(title), stats=stats, omitted=omitted_text(summary),
        skipped=_skipped_text(G),
        span=_span_text(stats),
        css=_asset("map.css"), vis_js=_asset("vis-network.min.js"), map_js=_asset("map.js"),
        data=_script_json(data), fingerprint=G.graph.get("fingerprint", ""),
    )
    return CoverageMap(html=page, stats=stats)


def _copy_of(G: nx.Graph, kept: list) -> nx.Graph:
    """A new graph of the kept nodes and the edges between them, attribute dicts copied, so
    nothing done for the map can reach the caller's graph. (G.subgraph(kept).copy() does
    the same but takes seconds on a large multigraph: its filtered views are slow to walk.)"""
    keep = set(kept)
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(G.nodes[n])) for n in kept)
    if G.is_multigraph():
        H.add_edges_from((u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True)
                         if u in keep and v in keep)
    else:
        H.add_edges_from((u, v, dict(d)) for u, v, d in G.edges(data=True)
                         if u in keep and v in keep)
    return H


class _Members(list):
    """A list whose `in` is a set lookup: pyvis tests membership in its node-id list for every
    node and both ends of every edge, which is quadratic with a plain list."""

    def __init__(self):
        super().__init__()
        self._set = set()

    def append(self, item) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item) -> bool:
        return item in self._set


def _network(H: nx.Graph, pos: dict, color_by: str, ranks: dict, dominant: set):
    """A pyvis Network holding the nodes (positioned, styled) and edges of H."""
    from pyvis.network import Network

    net = Network(directed=True)
    net.node_ids = _Members()
    # Assigned, not set_options(): pyvis's set_options strips every space from the JSON.
    net.options = json.loads(json.dumps(VIS_OPTIONS))
    sizes = _sizes(H, dominant)
    provider_colors = _provider_colors(H)
    for n, d in H.nodes(data=True):
        kind = d.get("kind", "")
        x, y = pos[n]
        net.add_node(
            n, label=_name(n, d), shape=SHAPES.get(kind, "dot"),
            color=_color(d, color_by, provider_colors, ranks), size=round(sizes[n], 1),
            x=round(x, 1), y=round(y, 1), **_node_fields(H, n, d, dominant),
        )
    for u, v, key, d in H.edges(keys=True, data=True):
        relation = str(d.get("relation", key))
        net.add_edge(u, v, relation=relation if relation in EDGE_STYLES else "tagged")
    return net


def _tell_outlets_apart(H: nx.Graph) -> None:
    """Outlets of one name on the map ("ABC News" of abcnews.go.com and of abc.net.au) are
    named with their domains, on their nodes and their articles, in place (H is the map's
    own copy): the outlet filter listed "ABC News (1)" twice, and a story's panel read as
    one outlet publishing twice."""
    # Every outlet the map names: its node's, or, past the node limit, its articles' name
    # (gazette.com's node was cut, its article shown: "The Gazette" twice in the list).
    outlets: dict[str, str] = {}
    for n, d in H.nodes(data=True):
        if d.get("kind") == "provider":
            outlets[model.split_id(n)[1]] = model.decoded(d.get("label") or n)
    for _, d in H.nodes(data=True):
        key = d.get("provider")
        if d.get("kind") == model.ARTICLE and key and key not in outlets:
            outlets[key] = model.decoded(d.get("provider_name") or key)
    by_name: dict[str, list] = {}
    for key, name in outlets.items():
        by_name.setdefault(name, []).append(key)
    renamed = {}
    for name, keys in by_name.items():
        if len(keys) > 1:
            for key in keys:
                hub = f"provider:{key}"
                domain = str(H.nodes[hub].get("domain") or key) if hub in H else key
                renamed[key] = f"{name} ({domain})"
                if hub in H:
                    H.nodes[hub]["label"] = renamed[key]
    if renamed:
        for _, d in H.nodes(data=True):
            if d.get("kind") == model.ARTICLE and d.get("provider") in renamed:
                d["provider_name"] = renamed[d["provider"]]


def _name(n, d: dict) -> str:
    """What a node is called on screen: an article's title, a hub's label, else its id."""
    if d.get("kind") == model.ARTICLE:
        return model.decoded(d.get("title") or d.get("label") or n)
    return model.decoded(d.get("label") or n)


def _node_fields(H: nx.Graph, n, d: dict, dominant: set) -> dict:
    """What the page shows about a node beyond its drawing; only plain strings and numbers.

    (`copyGroup` is the syndication group: pyvis reads a `group` option as a vis style group.)
    """
    kind = d.get("kind", "")
    if kind != model.ARTICLE:
        linked = sum(1 for m in set(nx.all_neighbors(H, n)) if _kind(H, m) == model.ARTICLE)
        return {"kind": kind, "domain": str(d.get("domain", "")), "dominant": n in dominant,
                "articles": linked}
    fields = {
        "kind": kind, "excerpt": _clip(model.decoded(d.get("excerpt") or ""), EXCERPT_CHARS),
        "url": str(d.get("url") or ""), "published": str(d.get("published") or ""),
        "provider": str(d.get("provider") or ""),
        "providerName": model.decoded(d.get("provider_name") or ""),
        # Decoded as the hubs' labels are, so a chip finds its hub ("Q&amp;A" is "Q&A").
        "topics": [model.decoded(t) for t in split_list(d.get("topics"))],
        "tags": [model.decoded(t) for t in split_list(d.get("tags"))],
        "cluster": int(d.get("cluster", -1)), "pagerank": float(d.get("pagerank", 0.0)),
    }
    # Only the few syndicated copies and round-ups say so: most articles are neither.
    if d.get("group"):
        fields["copyGroup"] = str(d["group"])
    if d.get("roundup"):
        fields["roundup"] = True
    if d.get("day_only"):  # the data gave its day alone: shown as the day, not 00:00
        fields["dayOnly"] = True
    if d.get("first_published"):  # a page reissued later: the timeline places it by this
        fields["firstPublished"] = str(d["first_published"])
    return fields


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sizes(H: nx.Graph, dominant: set) -> dict:
    """Node radius in px: articles by centrality, hubs by degree, each against its own top
    (hidden dominant hubs aside: they would make every other hub a speck)."""
    scale = palette.importance(H, skip=dominant)
    return {n: (5 + 15 * share if _kind(H, n) == model.ARTICLE else 4 + 8 * share)
            for n, share in scale.items()}


def dominant_hubs(H: nx.Graph) -> set:
    """The topics and tags on more than DOMINANT_SHARE of H's articles: they link everything
    to everything, so the map hides them until asked (a corpus-wide topic, say)."""
    articles = len(model.articles(H))
    found = set()
    for n, kind in H.nodes(data="kind"):
        if kind in ("topic", "tag") and articles:
            linked = sum(1 for m in set(nx.all_neighbors(H, n)) if _kind(H, m) == model.ARTICLE)
            if linked > DOMINANT_SHARE * articles:
                found.add(n)
    return found


def _provider_colors(H: nx.Graph) -> dict[str, str]:
    """The providers with most shown articles get the palette's colours, the rest muted."""
    counts: dict[str, int] = {}
    for _, d in H.nodes(data=True):
        if d.get("kind") == model.ARTICLE and d.get("provider"):
            counts[d["provider"]] = counts.get(d["provider"], 0) + 1
    ranked = sorted(counts, key=lambda p: (-counts[p], p))
    return {p: palette.STORY_COLORS[i] for i, p in enumerate(ranked[:len(palette.STORY_COLORS)])}


def _color(d: dict, color_by: str, provider_colors: dict, ranks: dict):
    """A node's vis colour. Hubs are hollow grey outlines unless colouring by kind: colour
    is kept for what the reader compares (stories, or outlets), and shape tells hubs apart."""
    if d.get("kind") != model.ARTICLE:
        return palette.kind_color(d.get("kind", "")) if color_by == "kind" else dict(HUB_COLOR)
    if color_by == "kind":
        return palette.kind_color(model.ARTICLE)
    if color_by == "provider":
        return provider_colors.get(d.get("provider") or "", palette.MUTED_COLOR)
    cluster = int(d.get("cluster", -1))
    return palette.story_color(ranks[cluster]) if cluster >= 0 else palette.SINGLETON_COLOR


class _Whole:
    """Each story of the whole graph G, for a map that can show part of one: its article
    count, and its first report (the whole story's: a focus on Reuters marked Reuters'
    video "first report" of a story CBS News broke 43 minutes earlier)."""

    def __init__(self, G: nx.Graph) -> None:
        self.G = G
        self.members: dict[int, list] = {}
        for n, d in G.nodes(data=True):
            cid = d.get("cluster", -1) if d.get("kind") == model.ARTICLE else -1
            if isinstance(cid, int) and cid >= 0:
                self.members.setdefault(cid, []).append(n)

    def size(self, cid: int) -> int:
        return len(self.members.get(cid, ()))

    def first(self, cid: int) -> str:
        """The whole story's first report ("" when none of it is dated)."""
        from .analysis import first_report

        members = self.members.get(cid, [])
        reported = first_report(self.G, members)
        return min(reported) if reported else ""



def _stories(H: nx.Graph, ranks: dict, index: dict, whole: _Whole | None = None) -> list[dict]:
    """One row per shown story, largest first: its label (and `name`, the shorter one the
    canvas shows), colour and rank, and what its panel lists: the timeline as [article,
    role, original] (positions in the page's node list and in storylines.ROLES; original
    is -1 except for copies), outlets and topics with their article counts, and the time
    from its first dated article to its last ("" when none is dated). `theme` is the
    coarser grouping's label when the graph has one (`theme_label`; "; "-joined if its
    articles disagree), else "". `of` is the story's size in the whole graph when the map
    shows part of it (a focus, --max-nodes), else absent: its panel says "9 of its 31";
    such a part's first report is the whole story's, and when that is not on the map,
    `first` gives its [outlet, time, url] ("first reported by CBS News at ... (not on
    this map)").
    """
    members: dict[int, list] = {}
    for n, d in H.nodes(data=True):
        if d.get("kind") == model.ARTICLE and int(d.get("cluster", -1)) >= 0:
            members.setdefault(int(d["cluster"]), []).append(n)
    rows = []
    for cluster in sorted(members, key=ranks.__getitem__):
        mine = members[cluster]
        part = whole is not None and whole.size(cluster) > len(mine)
        opened = whole.first(cluster) if part else None
        first = H.nodes[mine[0]]
        themes = sorted({model.decoded(H.nodes[n].get("theme_label") or "") for n in mine}
                        - {""})
        label = model.decoded(first.get("cluster_label") or f"story {cluster}")
        topics = storylines.topics(H, mine)
        # As report.md gives it: a day alone counts only on a day no timed article has.
        dated = [parse_utc(t) for t in story_times([H.nodes[n] for n in mine])]
        span = (dated[-1] - dated[0]).total_seconds() / 3600 if dated else None
        rows.append({
            "id": cluster, "label": label, "name": _short_name(label, [t for t, _ in topics]),
            "span": readable_span(span) if span is not None else "",
            "size": len(mine), "rank": ranks[cluster],
            "color": palette.story_color(ranks[cluster]),
            "theme": themes[0] if len(themes) == 1 else "; ".join(themes),
            "timeline": [[index[row["id"]], storylines.ROLES.index(row["role"]),
                          index[row["of"]] if row["of"] else -1]
                         for row in storylines.timeline(
                             H, mine, first=None if opened is None
                             else opened if opened in H else "")],
            "outlets": storylines.outlets(H, mine),
            "topics": [(model.decoded(t), n) for t, n in topics],
        })
        if part:
            rows[-1]["of"] = whole.size(cluster)
            if opened and opened not in H:
                attrs = whole.G.nodes[opened]
                rows[-1]["first"] = [
                    model.decoded(str(attrs.get("provider_name") or attrs.get("provider")
                                      or "")),
                    str(attrs.get("first_published") or attrs.get("published") or ""),
                    str(attrs.get("url") or "")]
    return rows


def _published(attrs: dict):
    """An article's publication time, or None when it has none (or one no date parser
    reads: a graph built elsewhere may hold anything)."""
    try:
        return parse_utc(str(attrs.get("published") or ""))
    except ValueError:
        return None


def _short_name(label: str, topics: list[str]) -> str:
    """The label without a closing "(topic)" naming one of the story's own topics: on the
    canvas the words that tell stories apart matter, and the panel shows the whole label."""
    for topic in topics:
        suffix = f" ({topic})"
        if label.endswith(suffix) and len(label) > len(suffix):
            return label[: -len(suffix)]
    return label


def _legend(H: nx.Graph, color_by: str, ranks: dict) -> list[dict]:
    """Legend rows {color, label, count, filter, value}: one per colour on the map, with
    the articles it marks, biggest first; the muted and grey rows say what they gather."""
    articles = [H.nodes[n] for n in model.articles(H)]
    if color_by == "kind":
        counts: dict = {}
        for _, kind in H.nodes(data="kind"):
            counts[kind] = counts.get(kind, 0) + 1
        return [{"color": palette.kind_color(k), "label": k, "count": c, "filter": "kind",
                 "value": k} for k, c in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))]
    if color_by == "provider":
        colors = _provider_colors(H)
        names = {d["provider"]: model.decoded(d.get("provider_name") or d["provider"])
                 for d in articles if d.get("provider") in colors}
        counts = {p: sum(1 for d in articles if d.get("provider") == p) for p in colors}
        rows = [{"color": colors[p], "label": names[p], "count": counts[p],
                 "filter": "provider", "value": p} for p in colors]
        other = len(articles) - sum(counts.values())
        if other:
            rows.append({"color": palette.MUTED_COLOR, "label": "other outlets",
                         "count": other, "filter": "", "value": ""})
        return rows
    sizes: dict[int, int] = {}
    label: dict[int, str] = {}
    for d in articles:
        c = int(d.get("cluster", -1))
        sizes[c] = sizes.get(c, 0) + 1
        label[c] = model.decoded(d.get("cluster_label") or f"story {c}")
    ranked = sorted(ranks, key=ranks.__getitem__)
    coloured = ranked[:len(palette.STORY_COLORS)]
    rows = [{"color": palette.story_color(ranks[c]), "label": label[c], "count": sizes[c],
             "filter": "cluster", "value": c} for c in coloured]
    rest = ranked[len(coloured):]
    if rest:
        rows.append({"color": palette.MUTED_COLOR,
                     "label": f"{count_noun(len(rest), 'smaller story', 'smaller stories')}",
                     "count": sum(sizes[c] for c in rest), "filter": "", "value": ""})
    if sizes.get(-1):
        rows.append({"color": palette.SINGLETON_COLOR, "label": "in no story",
                     "count": sizes[-1], "filter": "", "value": ""})
    return rows


def _related(H: nx.Graph, related: dict, index: dict) -> tuple[dict, list[str]]:
    """The caller's related stories for shown articles, as plain JSON, and their reasons.

    Rows are keyed by the article's position in the page's node list: {"to": the related
    story's position, or -1 when it is not on the map (then with its "id", "title",
    "outlet" and "published"), "score", "why": positions in the reasons list, and "more",
    the other outlets of a wire text's row, when it has some}. Each reason is stored once: the same
    few ("published within the hour", "shared topic: …") recur thousands of times, and
    with ids and titles repeated they made two thirds of a corpus's page.
    """
    out: dict[str, list] = {}
    reasons: dict[str, int] = {}
    for node, entries in related.items():
        if node not in H:
            continue
        rows = []
        for entry in list(entries)[:RELATED_MAX]:
            rid = str(entry.get("id", ""))
            row = {"to": index.get(rid, -1), "score": float(entry.get("score", 0)),
                   "why": [reasons.setdefault(model.decoded(w), len(reasons))
                           for w in entry.get("why", ())]}
            outlets = model.split_list(entry.get("provider") or "")
            if len(outlets) > 1:  # one row of a wire text: its other outlets, counted
                row["more"] = len(outlets) - 1
            if rid not in index:  # its outlet and time, which a node on the map holds
                row.update(id=rid, title=model.decoded(entry.get("title") or rid),
                           outlet=model.decoded(outlets[0] if outlets else ""),
                           published=str(entry.get("published") or ""))
            rows.append(row)
        out[str(index[node])] = rows
    return out, list(reasons)


def _stats(H: nx.Graph, summary: dict) -> dict:
    """Counts for the header and for callers: what is shown, what was left out."""
    counts = {kind: 0 for kind in SHAPES}
    for _, kind in H.nodes(data="kind"):
        counts[kind] = counts.get(kind, 0) + 1
    dates = sorted(d["published"] for _, d in H.nodes(data=True)
                   if d.get("kind") == model.ARTICLE and d.get("published"))
    clusters = {int(d.get("cluster", -1)) for _, d in H.nodes(data=True)
                if d.get("kind") == model.ARTICLE} - {-1}
    return {
        **summary, "articles": counts["article"], "providers": counts["provider"],
        "topics": counts["topic"], "tags": counts["tag"], "clusters": len(clusters),
        "edges": H.number_of_edges(),
        "first": dates[0] if dates else "", "last": dates[-1] if dates else "",
    }


def _skipped_text(G: nx.Graph) -> str:
    """'1 of 15 files skipped (not on this map; why, in load-report.json)' or ''."""
    files, skipped = model.files_skipped(G)
    return (f"{skipped:,} of {count_noun(files, 'file')} skipped (not on this map; why, in "
            "load-report.json)") if skipped else ""


def omitted_text(summary: dict) -> str:
    """'showing 2,000 of 5,310 nodes; 3,310 hidden: 2,900 articles, …' or '' if none."""
    hidden = summary["total"] - summary["shown"]
    if not hidden:
        return ""
    ranked = sorted(summary["hidden"].items(), key=lambda kc: (-kc[1], kc[0]))
    parts = ", ".join(count_noun(count, kind or "other") for kind, count in ranked)
    reasons = []
    if summary["hidden_kinds"]:
        reasons.append(f"{', '.join(k + 's' for k in summary['hidden_kinds'])} hidden on request")
    if summary["max_nodes"] is not None and summary["shown"] >= summary["max_nodes"]:
        reasons.append(f"the least central past the {summary['max_nodes']:,}-node limit")
    why = f" ({'; '.join(reasons)})" if reasons else ""
    return (f"showing {summary['shown']:,} of {count_noun(summary['total'], 'node')}; "
            f"{hidden:,} hidden: {parts}{why}")




def _span_text(stats: dict) -> str:
    """'6 May 2020 – 7 May 2020' from the first and last publication times ('' if none)."""
    days = []
    for stamp in (stats["first"], stats["last"]):
        try:
            when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            return ""
        days.append(f"{when.day} {when:%b %Y}")
    return days[0] if days[0] == days[1] else f"{days[0]} – {days[1]}"


def _script_json(data) -> str:
    """JSON that can sit inside <script type="application/json">: no character in it can
    close the element or start markup, and it stays valid JavaScript in any engine. Every
    string's bidirectional controls are closed at its end (model.bidi_closed): a title or
    an outlet's name can reverse only itself on the page, never the dates and counts
    written beside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if model.BIDI_CONTROLS.search(text):  # rare: walk the strings only then
        text = json.dumps(_bidi_closed(data), ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _bidi_closed(value):
    """``value`` (JSON-ready data) with model.bidi_closed applied to every string in it."""
    if isinstance(value, str):
        return model.bidi_closed(value)
    if isinstance(value, dict):
        return {_bidi_closed(k): _bidi_closed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_bidi_closed(v) for v in value]
    return value


def _asset(name: str) -> str:
    """A bundled asset's text (tests check none of them contains </script or </style)."""
    return (ASSETS / name).read_text(encoding="utf-8")


def _template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    # Assets and data are made inline-safe above; everything else is escaped by Jinja.
    env.filters["inline"] = Markup
    env.filters["plural"] = count_noun
    return env.get_template("map.html")
