"""Map page and layout without a browser: selection, layout geometry, escaping, the page."""

import copy
import json
import math
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from graphs import HOSTILE, HOSTILE_ID, hostile_graph, hostile_related, make_graph

from graphx import palette
from graphx.errors import InputError
from graphx.layout import SPACING, cluster_layout
from graphx.render import (
    ASSETS,
    CoverageMap,
    coverage_map,
    omitted_text,
    select_nodes,
)


def page_data(page: str) -> dict:
    """The JSON the page embeds for its script."""
    match = re.search(r'<script type="application/json" id="gx-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def snapshot(G: nx.MultiDiGraph):
    return (copy.deepcopy(dict(G.graph)), copy.deepcopy(list(G.nodes(data=True))),
            copy.deepcopy(list(G.edges(keys=True, data=True))))


def tiny() -> nx.MultiDiGraph:
    """Two clusters (3 and 2 articles), one singleton, one provider, one topic."""
    G = nx.MultiDiGraph()
    ranks = {"a1": 0.30, "a2": 0.05, "a3": 0.04, "b1": 0.20, "b2": 0.10, "s1": 0.25}
    for node, rank in ranks.items():
        cluster = {"a": 0, "b": 1, "s": -1}[node[0]]
        G.add_node(f"article:{node}", kind="article", label=node, title=node, cluster=cluster,
                   cluster_label=f"story {node[0]}" if cluster >= 0 else "", pagerank=rank,
                   provider="p.example", published="2020-05-06T10:00:00Z")
        G.add_edge(f"article:{node}", "provider:p.example", key="published_by",
                   relation="published_by", count=1)
    G.add_node("provider:p.example", kind="provider", label="P", domain="p.example")
    G.add_node("topic:t", kind="topic", label="T")
    G.add_edge("article:a1", "topic:t", key="tagged", relation="tagged", count=1)
    G.add_edge("article:a1", "article:a2", key="related", relation="related", count=1)
    G.add_edge("article:b1", "article:b2", key="similar", relation="similar", count=1,
               score=0.9, syndicated=False)
    return G


# ---- select_nodes ----

def test_select_keeps_everything_under_the_limit():
    G = tiny()
    kept, summary = select_nodes(G, max_nodes=100)
    assert kept == sorted(G)
    assert summary == {"total": 8, "shown": 8, "hidden": {}, "hidden_kinds": [],
                       "max_nodes": 100}
    assert omitted_text(summary) == ""


def test_select_keeps_whole_clusters_by_their_most_central_article():
    # Room for 4 articles + 1 hub: cluster a (best article 0.30, 3 articles) fits whole;
    # the singleton s1 (0.25) fits; cluster b (2 articles) does not fit whole, so no b.
    kept, summary = select_nodes(tiny(), max_nodes=5)
    assert kept == ["article:a1", "article:a2", "article:a3", "article:s1",
                    "provider:p.example"]
    assert summary["hidden"] == {"article": 2, "topic": 1}
    assert omitted_text(summary) == (
        "showing 5 of 8 nodes; 3 hidden: 2 articles, 1 topic "
        "(the least central past the 5-node limit)")


def test_select_fills_room_left_by_clusters_too_big_to_fit():
    kept, _ = select_nodes(tiny(), max_nodes=2)
    # No cluster fits in the 2 article slots left; the two most central articles do.
    assert kept == ["article:a1", "article:s1"]


def test_select_computes_pagerank_when_the_graph_has_none():
    from graphx.analysis import story_pagerank

    G = tiny()
    for node in G:
        G.nodes[node].pop("pagerank", None)
    kept, _ = select_nodes(G, max_nodes=4)
    for node, rank in story_pagerank(G).items():
        G.nodes[node]["pagerank"] = rank
    assert kept == select_nodes(G, max_nodes=4)[0]
    # b1 and b2 share a strong similar edge and rank highest: their cluster comes first.
    assert {"article:b1", "article:b2"} <= set(kept)


def test_hide_drops_hub_kinds_and_says_so():
    kept, summary = select_nodes(tiny(), kinds=("article", "tag"))
    assert all(n.startswith("article:") for n in kept)
    assert summary["hidden"] == {"provider": 1, "topic": 1}
    assert omitted_text(summary) == (
        "showing 6 of 8 nodes; 2 hidden: 1 provider, 1 topic "
        "(providers, topics hidden on request)")


def test_explicit_nodes_limit_the_candidates():
    kept, summary = select_nodes(tiny(), nodes=["article:b1", "article:b2", "provider:p.example"])
    assert kept == ["article:b1", "article:b2", "provider:p.example"]
    assert summary["total"] == 3


@pytest.mark.parametrize("options, message", [
    ({"kinds": ("article", "outlet")}, "unknown node kind"),
    ({"max_nodes": 0}, "at least 1"),
    ({"nodes": ["article:nope"]}, "not in the graph"),
])
def test_select_refuses_bad_requests(options, message):
    with pytest.raises(InputError, match=message):
        select_nodes(tiny(), **options)


def test_select_keeps_hubs_when_there_are_no_articles():
    kept, _ = select_nodes(tiny(), nodes=["provider:p.example", "topic:t"], max_nodes=1)
    assert kept == ["provider:p.example"]  # degree 6 beats 1


def test_max_nodes_is_exact_on_a_big_graph():
    G = make_graph(1500, seed=3)
    kept, summary = select_nodes(G, max_nodes=600)
    assert len(kept) == 600 == summary["shown"]
    assert sum(summary["hidden"].values()) == G.number_of_nodes() - 600
    clusters = {}
    for n in kept:
        if G.nodes[n]["kind"] == "article" and G.nodes[n]["cluster"] >= 0:
            clusters.setdefault(G.nodes[n]["cluster"], set()).add(n)
    whole = [c for c, members in clusters.items()
             if members == {n for n, d in G.nodes(data=True)
                            if d["kind"] == "article" and d["cluster"] == c}]
    assert len(whole) >= len(clusters) - 1  # at most one cluster is cut to fill the room


# ---- layout ----

def test_layout_places_every_node_deterministically():
    G = make_graph(300, seed=2)
    pos = cluster_layout(G, seed=0)
    assert set(pos) == set(G)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert cluster_layout(G, seed=0) == pos
    assert cluster_layout(G, seed=1) != pos


def test_layout_does_not_depend_on_the_hash_seed():
    script = ("import sys, hashlib, json; sys.path[:0] = ['tests', '.'];"
              "from graphs import make_graph; from graphx.layout import cluster_layout;"
              "pos = cluster_layout(make_graph(200, seed=4), seed=0);"
              "print(hashlib.sha256(json.dumps(sorted(pos.items())).encode()).hexdigest())")
    root = Path(__file__).resolve().parent.parent
    digests = {
        subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True,
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_layout_keeps_clusters_apart_and_hubs_near_their_articles():
    G = make_graph(400, seed=5)
    pos = cluster_layout(G, seed=0)
    articles = [n for n, d in G.nodes(data=True) if d["kind"] == "article"]
    for i, a in enumerate(articles):
        for b in articles[i + 1:]:
            if G.nodes[a]["cluster"] != G.nodes[b]["cluster"]:
                assert math.dist(pos[a], pos[b]) >= SPACING, (a, b)
    for hub, d in G.nodes(data=True):
        if d["kind"] != "article":
            mine = [pos[n] for n in nx.all_neighbors(G, hub)]
            centre = [sum(c) / len(mine) for c in zip(*mine, strict=True)]
            assert math.dist(pos[hub], centre) <= 1.5 * SPACING


def test_layout_is_near_linear():
    G = make_graph(3650, seed=6)  # 5,000 nodes: a whole-graph spring layout takes ~50 s
    start = time.perf_counter()
    cluster_layout(G, seed=0)
    assert time.perf_counter() - start < 10


def test_layout_handles_graphs_without_analysis():
    G = nx.MultiDiGraph()
    for i in range(40):
        G.add_node(f"article:{i}", kind="article")
        if i:
            G.add_edge(f"article:{i}", f"article:{i // 2}", key="related", relation="related")
    G.add_node("provider:lonely", kind="provider")
    pos = cluster_layout(G, seed=0)
    assert set(pos) == set(G)


# ---- the page ----

class Tags(HTMLParser):
    """Every start tag of a page with its attributes (script and style bodies are text)."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_page_is_self_contained():
    page = coverage_map(make_graph(60, seed=1)).html
    tags = Tags(page).tags
    assert [a.get("type") for t, a in tags if t == "script"] == ["application/json", None, None]
    assert not [t for t, a in tags if t in ("link", "img", "iframe", "object", "embed", "base")]
    assert not [a for _, a in tags if "src" in a or "href" in a]
    csp = [a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0].startswith("default-src 'none'; script-src 'unsafe-inline';")
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)
    assert "bootstrap" not in page.lower() and "cdnjs" not in page
    assert "@version 9.1.2" in page and "The MIT License" in page  # vis licence header kept


def test_assets_can_be_inlined():
    for asset in ASSETS.iterdir():
        text = asset.read_text(encoding="utf-8").lower()
        assert "</script" not in text and "</style" not in text, asset.name


def test_hostile_strings_stay_data():
    G = hostile_graph()
    page = coverage_map(G, related=hostile_related(G)).html
    for attack in HOSTILE:
        assert attack not in page
    blob = re.search(r'id="gx-data">(.*?)</script>', page, re.S).group(1)
    assert page.count("__pwned") == blob.count("__pwned")
    assert not set(blob) & {"<", ">", "&", "\u2028", "\u2029"}
    data = page_data(page)
    titles = {n["title"] for n in data["nodes"] if n["kind"] == "article"}
    assert titles == set(HOSTILE)
    assert HOSTILE_ID in {n["id"] for n in data["nodes"]}
    assert all(row["why"] == [HOSTILE[1], HOSTILE[2]] for rows in data["related"].values()
               for row in rows)


def test_an_empty_graph_still_makes_a_page():
    result = coverage_map(nx.MultiDiGraph())
    assert page_data(result.html)["nodes"] == [] and result.stats["shown"] == 0
    assert "0 articles · 0 providers · 0 topics · 0 clusters</p>" in result.html


def test_title_is_escaped_in_the_header():
    page = coverage_map(tiny(), title="<b>Maps</b> & more").html
    assert "<title>&lt;b&gt;Maps&lt;/b&gt; &amp; more</title>" in page


def test_caller_graph_is_unchanged():
    G = make_graph(200, seed=7)
    before = snapshot(G)
    coverage_map(G, max_nodes=100, kinds=("article", "provider", "topic"), color_by="provider")
    assert snapshot(G) == before


def test_page_data_describes_the_shown_graph():
    G = tiny()
    related = {"article:a1": [{"id": "article:a2", "title": "A2", "score": 0.8,
                               "why": ["shares topic T"]},
                              {"id": "article:gone", "title": "Gone", "score": 0.1, "why": []}],
               "article:nope": [{"id": "article:a1", "title": "x", "score": 1, "why": []}]}
    result = coverage_map(G, related=related, labels=2)
    data = page_data(result.html)
    assert len(data["nodes"]) == 8 and len(data["edges"]) == G.number_of_edges()
    by_id = {n["id"]: n for n in data["nodes"]}
    assert [by_id[n]["shape"] for n in ("article:a1", "provider:p.example", "topic:t")] == [
        "dot", "square", "triangle"]
    assert by_id["article:b1"]["color"] == palette.cluster_color(1)
    assert by_id["article:s1"]["color"] == palette.SINGLETON_COLOR
    # The provider is the next largest but sits within LABEL_GAP of a1: its label would clash.
    assert [n["id"] for n in data["nodes"] if n["labelled"]] == ["article:a1"]
    assert by_id["provider:p.example"]["color"] == {"background": "#ffffff",
                                                     "border": palette.kind_color("provider")}
    assert by_id["article:a1"]["size"] > by_id["article:a3"]["size"]
    assert {e["relation"] for e in data["edges"]} == {"published_by", "tagged", "related",
                                                      "similar"}
    assert data["options"]["physics"] == {"enabled": False}
    assert data["related"] == {"article:a1": [
        {"id": "article:a2", "title": "A2", "score": 0.8, "why": ["shares topic T"], "onMap": True},
        {"id": "article:gone", "title": "Gone", "score": 0.1, "why": [], "onMap": False}]}
    assert [(row["label"], row["count"]) for row in data["legend"]] == [
        ("story a", 3), ("story b", 2), ("other articles", 1)]
    assert result.stats["articles"] == 6 and result.stats["clusters"] == 2
    assert "6 articles · 1 provider · 1 topic · 2 clusters · 6 May 2020" in result.html


def test_colour_by_kind_and_provider():
    G = tiny()
    by_kind = page_data(coverage_map(G, color_by="kind").html)
    assert {n["kind"]: n["color"] for n in by_kind["nodes"]} == {
        kind: palette.kind_color(kind) for kind in ("article", "provider", "topic")}
    by_provider = page_data(coverage_map(G, color_by="provider").html)
    assert by_provider["legend"][0] == {"color": palette.CLUSTER_COLORS[0], "label": "p.example",
                                        "count": 6, "filter": "provider", "value": "p.example"}
    with pytest.raises(InputError, match="cannot colour by 'size'"):
        coverage_map(G, color_by="size")


def test_coverage_map_saves_atomically_and_embeds_in_jupyter(tmp_path):
    result = coverage_map(tiny())
    assert isinstance(result, CoverageMap)
    target = tmp_path / "out" / "map.html"
    result.save(target)
    assert target.read_text(encoding="utf-8") == result.html
    assert [p.name for p in target.parent.iterdir()] == ["map.html"]
    assert coverage_map(tiny()).stats == result.stats

    class Frame(HTMLParser):
        def handle_starttag(self, tag, attrs):
            self.tag, self.attrs = tag, dict(attrs)

    frame = Frame()
    frame.feed(result._repr_html_())
    assert frame.tag == "iframe" and frame.attrs["srcdoc"] == result.html
    assert frame.attrs["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
