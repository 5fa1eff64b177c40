"""The interactive coverage map: one self-contained HTML page, offline and safe with any text.

pyvis holds the network data and vis options; the page itself comes from our own template
(graphx/templates/map.html) with vis-network and our JS/CSS inlined from graphx/assets, so it
loads nothing from the network. Every string from the documents travels as JSON inside a
`<script type="application/json">` block and is put on screen with textContent only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

import networkx as nx

from . import palette
from .analysis import centrality
from .atomic import atomic_write
from .errors import InputError
from .layout import cluster_layout
from .model import HUB_KINDS, NODE_KINDS
from .wording import count_noun

ASSETS = Path(__file__).parent / "assets"
TEMPLATES = Path(__file__).parent / "templates"
COLOR_BY = ("cluster", "kind", "provider")
SHAPES = {"article": "dot", "provider": "square", "topic": "triangle", "tag": "diamond"}
EDGE_STYLES = {
    "related": {"color": {"color": "#7a7a7a", "opacity": 0.8}, "width": 1.2},
    "similar": {"color": {"color": "#7a7a7a", "opacity": 0.8}, "width": 1.2, "dashes": True},
    "published_by": {"color": {"color": "#c8c8c8", "opacity": 0.4}, "width": 0.5},
    "tagged": {"color": {"color": "#c8c8c8", "opacity": 0.4}, "width": 0.5},
}
VIS_OPTIONS = {
    # Positions come from graphx.layout: physics and vis's own O(n²) layout pass stay off.
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": False, "tooltipDelay": 200, "hideEdgesOnDrag": True,
                    "hideEdgesOnZoom": True, "keyboard": False},
    "edges": {"smooth": False, "selectionWidth": 2,
              "arrows": {"to": {"enabled": False, "scaleFactor": 0.5}}},
    # Labels are big in canvas units so they stay legible zoomed out, capped on screen so
    # they do not swamp the map zoomed in, and dropped below 8 px.
    "nodes": {"borderWidth": 1,
              "font": {"size": 48, "face": "system-ui, sans-serif", "strokeWidth": 4,
                       "strokeColor": "#ffffff"},
              "scaling": {"label": {"maxVisible": 16, "drawThreshold": 8}}},
}
EXCERPT_CHARS = 400  # the panel shows a teaser; the full text is one click away
LABEL_GAP = 150.0  # px between two labelled nodes (a 48 px label is ~300 px wide)
RELATED_MAX = 10
LEGEND_MAX = 20  # the palette has 20 colours: more entries would repeat them


@dataclass(frozen=True)
class CoverageMap:
    """A rendered map: the page, what it shows, and ways to save or display it."""

    html: str = field(repr=False)
    stats: dict

    def save(self, path) -> None:
        """Write the page to path atomically (a reader never sees half a file)."""
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
    central articles are kept (pagerank), whole clusters where they fit, plus the hubs
    linked to most of them, in proportion to how many hubs there were. Raises InputError
    on an unknown kind, a node not in G or a max_nodes below 1.
    """
    if max_nodes is not None and max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1, not {max_nodes}")
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
    """Up to max_nodes candidates: whole clusters first, by their most central article."""
    articles = [n for n in candidates if _kind(G, n) == "article"]
    hubs = [n for n in candidates if _kind(G, n) != "article"]
    score = _centrality(G, articles)
    hub_room = round(max_nodes * len(hubs) / len(candidates))
    units: dict = {}
    for n in articles:
        cluster = int(G.nodes[n].get("cluster", -1))
        units.setdefault(cluster if cluster >= 0 else ("alone", n), []).append(n)
    ranked = sorted(units.values(), key=lambda u: (-max(score[n] for n in u), -len(u), u[0]))
    kept: list = []
    room = max_nodes - hub_room
    for unit in ranked:
        if len(unit) <= room:
            kept += unit
            room -= len(unit)
    chosen = set(kept)
    linked: dict = {}
    for hub in hubs:
        count = sum(1 for n in set(nx.all_neighbors(G, hub)) if n in chosen)
        if count:
            linked[hub] = count
    kept_hubs = sorted(linked, key=lambda h: (-linked[h], -G.degree(h), h))[:hub_room]
    # Room left by hubs nobody links to, or by clusters too big to fit, goes to the most
    # central of the remaining articles one by one, then to the best-connected hubs.
    room = max_nodes - len(kept) - len(kept_hubs)
    rest = sorted((n for n in articles if n not in chosen), key=lambda n: (-score[n], n))
    taken = set(kept_hubs)
    rest += sorted((h for h in hubs if h not in taken), key=lambda h: (-G.degree(h), h))
    return sorted(kept + kept_hubs + rest[:room])


def _centrality(G: nx.Graph, articles: list) -> dict:
    """The pagerank of each of ``articles`` (graphx.analysis.centrality)."""
    rank = centrality(G)[0]
    return {n: float(rank[n]) for n in articles}


def coverage_map(G: nx.Graph, *, nodes=None, max_nodes: int | None = 2000, kinds=None,
                 color_by: str = "cluster", related: int | Mapping = 5, engine=None,
                 title: str = "graphx coverage map", labels: int = 30,
                 seed: int = 0) -> CoverageMap:
    """The map of G (unchanged) as a CoverageMap: ``.save(path)``, ``.html``, or shown
    inline in Jupyter.

    nodes, max_nodes and kinds choose what is shown (select_nodes); color_by is "cluster",
    "kind" or "provider"; each shown article's panel lists its ``related`` most related
    stories with their reasons (0: none), from ``engine`` (a graphx.related.RelatedEngine
    of G, built when not given), or ``related`` maps article ids to rows made elsewhere
    (dicts with `id`, `title`, `score` and `why`, a list of reasons); labels is how many of
    the most central nodes carry a visible label. Raises InputError on an unknown color_by
    or kind.
    """
    if color_by not in COLOR_BY:
        raise InputError(f"cannot colour by {color_by!r}: use one of {', '.join(COLOR_BY)}")
    kept, summary = select_nodes(G, nodes=nodes, max_nodes=max_nodes, kinds=kinds)
    if isinstance(related, int):
        from .related import RelatedEngine

        related = ((engine or RelatedEngine(G)).related_to_nodes(kept, limit=related)
                   if related > 0 else {})
    H = _copy_of(G, kept)
    pos = cluster_layout(H, seed=seed)
    net = _network(H, pos, color_by, labels)
    stats = _stats(H, summary)
    data = {
        "nodes": net.nodes, "edges": net.edges, "options": net.options,
        "edgeStyles": EDGE_STYLES, "related": _related(H, related),
        "legend": _legend(H, color_by),
    }
    page = _template().render(
        title=title, stats=stats, omitted=omitted_text(summary), span=_span_text(stats),
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


def _network(H: nx.Graph, pos: dict, color_by: str, labels: int):
    """A pyvis Network holding the nodes (positioned, styled) and edges of H."""
    from pyvis.network import Network

    net = Network(directed=True)
    net.node_ids = _Members()
    # Assigned, not set_options(): pyvis's set_options strips every space from the JSON.
    net.options = json.loads(json.dumps(VIS_OPTIONS))
    sizes = _sizes(H)
    labelled = _spread_labels(H, pos, sizes, labels)
    provider_colors = _provider_colors(H)
    for n, d in H.nodes(data=True):
        kind = d.get("kind", "")
        x, y = pos[n]
        net.add_node(
            n, label=str(d.get("label") or n), shape=SHAPES.get(kind, "dot"),
            color=_color(d, color_by, provider_colors), size=round(sizes[n], 1),
            x=round(x, 1), y=round(y, 1), labelled=n in labelled, **_node_fields(H, n, d),
        )
    for i, (u, v, key, d) in enumerate(H.edges(keys=True, data=True)):
        relation = str(d.get("relation", key))
        net.add_edge(u, v, id=f"e{i}", relation=relation,
                     arrows="to" if relation == "related" else "")
    return net


def _spread_labels(H: nx.Graph, pos: dict, sizes: dict, count: int) -> set:
    """The count largest nodes, skipping any drawn close to one already labelled: labels
    piled on one busy cluster would hide each other and leave the rest of the map bare."""
    chosen: list = []
    for n in sorted(H, key=lambda n: (-sizes[n], n)):
        if len(chosen) == count:
            break
        if all(math.dist(pos[n], pos[m]) >= LABEL_GAP for m in chosen):
            chosen.append(n)
    return set(chosen)


def _node_fields(H: nx.Graph, n, d: dict) -> dict:
    """What the page shows about a node beyond its drawing; only plain strings and numbers."""
    kind = d.get("kind", "")
    if kind != "article":
        return {"kind": kind, "domain": str(d.get("domain", "")),
                "articles": sum(1 for m in set(nx.all_neighbors(H, n)) if _kind(H, m) == "article")}
    cluster = int(d.get("cluster", -1))
    return {
        "kind": kind, "title": str(d.get("title") or d.get("label") or n),
        "excerpt": _clip(str(d.get("excerpt", "")), EXCERPT_CHARS),
        "url": str(d.get("url", "")), "published": str(d.get("published", "")),
        "provider": str(d.get("provider", "")), "providerName": str(d.get("provider_name", "")),
        "topics": _split(d.get("topics", "")), "tags": _split(d.get("tags", "")),
        "cluster": cluster, "clusterLabel": str(d.get("cluster_label", "")),
        "pagerank": float(d.get("pagerank", 0.0)),
    }


def _split(joined) -> list[str]:
    return [part for part in str(joined).split("; ") if part]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sizes(H: nx.Graph) -> dict:
    """Node radius in px: articles by centrality, hubs by degree, each against its own top."""
    articles = [n for n in H if _kind(H, n) == "article"]
    score = _centrality(H, articles)
    hubs = {n: float(H.degree(n)) for n in H if n not in score}
    sizes = {}
    for group, smallest, spread in ((score, 5, 15), (hubs, 7, 12)):
        top = max(group.values(), default=0.0)
        for n, w in group.items():
            sizes[n] = smallest + spread * (math.sqrt(w / top) if top > 0 else 0.0)
    return sizes


def _provider_colors(H: nx.Graph) -> dict[str, str]:
    """The providers with most shown articles get the palette's colours, the rest grey."""
    counts: dict[str, int] = {}
    for _, d in H.nodes(data=True):
        if d.get("kind") == "article" and d.get("provider"):
            counts[d["provider"]] = counts.get(d["provider"], 0) + 1
    ranked = sorted(counts, key=lambda p: (-counts[p], p))
    colors = palette.CLUSTER_COLORS[:LEGEND_MAX - 1]
    return {p: colors[i] for i, p in enumerate(ranked[: len(colors)])}


def _color(d: dict, color_by: str, provider_colors: dict):
    """A node's vis colour. Hubs are hollow outlines in their kind's colour unless colouring
    by kind: some kind colours are close to cluster colours, and hubs belong to no cluster."""
    if d.get("kind") != "article":
        kind = palette.kind_color(d.get("kind", ""))
        return kind if color_by == "kind" else {"background": "#ffffff", "border": kind}
    if color_by == "kind":
        return palette.kind_color("article")
    if color_by == "provider":
        return provider_colors.get(d.get("provider", ""), palette.SINGLETON_COLOR)
    return palette.node_color(d)


def _legend(H: nx.Graph, color_by: str) -> list[dict]:
    """Legend rows {color, label, count, filter, value}, biggest first, at most LEGEND_MAX."""
    articles = [d for _, d in H.nodes(data=True) if d.get("kind") == "article"]
    if color_by == "kind":
        counts: dict = {}
        for _, kind in H.nodes(data="kind"):
            counts[kind] = counts.get(kind, 0) + 1
        return [{"color": palette.kind_color(k), "label": k, "count": c, "filter": "kind",
                 "value": k} for k, c in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))]
    if color_by == "provider":
        colors = _provider_colors(H)
        names = {d["provider"]: d.get("provider_name") or d["provider"] for d in articles
                 if d.get("provider") in colors}
        counts = {p: sum(1 for d in articles if d.get("provider") == p) for p in colors}
        rows = [{"color": colors[p], "label": names[p], "count": counts[p],
                 "filter": "provider", "value": p} for p in colors]
        other = len(articles) - sum(counts.values())
    else:
        sizes: dict[int, int] = {}
        label: dict[int, str] = {}
        for d in articles:
            c = int(d.get("cluster", -1))
            sizes[c] = sizes.get(c, 0) + 1
            label[c] = str(d.get("cluster_label") or f"cluster {c}")
        ranked = sorted((c for c in sizes if c >= 0), key=lambda c: (-sizes[c], c))
        rows = [{"color": palette.cluster_color(c), "label": label[c], "count": sizes[c],
                 "filter": "cluster", "value": c} for c in ranked[:LEGEND_MAX]]
        other = sum(sizes[c] for c in ranked[LEGEND_MAX:]) + sizes.get(-1, 0)
    if other:
        rows.append({"color": palette.SINGLETON_COLOR, "label": "other articles",
                     "count": other, "filter": "", "value": ""})
    return rows


def _related(H: nx.Graph, related: dict) -> dict:
    """The caller's related stories for shown articles, cleaned to plain JSON types."""
    out = {}
    for node, entries in related.items():
        if node not in H:
            continue
        rows = []
        for entry in list(entries)[:RELATED_MAX]:
            rid = str(entry.get("id", ""))
            title = entry.get("title") or (H.nodes[rid].get("label") if rid in H else rid)
            rows.append({"id": rid, "title": str(title), "score": float(entry.get("score", 0)),
                         "why": [str(w) for w in entry.get("why", ())], "onMap": rid in H})
        out[str(node)] = rows
    return out


def _stats(H: nx.Graph, summary: dict) -> dict:
    """Counts for the header and for callers: what is shown, what was left out."""
    counts = {kind: 0 for kind in SHAPES}
    for _, kind in H.nodes(data="kind"):
        counts[kind] = counts.get(kind, 0) + 1
    dates = sorted(d["published"] for _, d in H.nodes(data=True)
                   if d.get("kind") == "article" and d.get("published"))
    clusters = {int(d.get("cluster", -1)) for _, d in H.nodes(data=True)
                if d.get("kind") == "article"} - {-1}
    return {
        **summary, "articles": counts["article"], "providers": counts["provider"],
        "topics": counts["topic"], "tags": counts["tag"], "clusters": len(clusters),
        "edges": H.number_of_edges(),
        "first": dates[0] if dates else "", "last": dates[-1] if dates else "",
    }


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
    return (f"showing {summary['shown']:,} of {summary['total']:,} nodes; "
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
    close the element or start markup, and it stays valid JavaScript in any engine."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


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
