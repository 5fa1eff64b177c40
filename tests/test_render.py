"""Map page without a browser: selection, stories and their timelines, colours, escaping."""

import copy
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from graphs import HOSTILE, HOSTILE_ID, hostile_graph, hostile_related, make_graph

from graphx import palette, render, storylines
from graphx.errors import InputError
from graphx.model import decoded
from graphx.render import (
    ASSETS,
    HUB_COLOR,
    RELATIONS,
    CoverageMap,
    coverage_map,
    dominant_hubs,
    omitted_text,
    select_nodes,
)


def html(G: nx.Graph, **options) -> str:
    """The map page of G as a string."""
    return coverage_map(G, **options).html


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


def test_select_keeps_whole_clusters_by_the_attention_they_hold():
    # Room for 4 articles + 1 hub: cluster a (best article 0.30, 3 articles) fits whole;
    # the singleton s1 (0.25) fits; cluster b (2 articles) does not fit whole, so no b.
    kept, summary = select_nodes(tiny(), max_nodes=5)
    assert kept == ["article:a1", "article:a2", "article:a3", "article:s1",
                    "provider:p.example"]
    assert summary["hidden"] == {"article": 2, "topic": 1}
    assert omitted_text(summary) == (
        "showing 5 of 8 nodes; 3 hidden: 2 articles, 1 topic "
        "(the least central past the 5-node limit)")


def test_the_header_says_its_counts_are_the_maps_when_some_nodes_are_left_out():
    assert '<p id="gx-counts">On this map: 4 articles' in html(tiny(), max_nodes=5)
    assert '<p id="gx-counts">6 articles' in html(tiny())


def test_select_fills_room_left_by_clusters_too_big_to_fit():
    kept, _ = select_nodes(tiny(), max_nodes=2)
    # Cluster a (attention 0.39) does not fit in the 2 article slots; b (0.30) does, before
    # the singleton s1 (0.25), whose one article is more central than any of b's.
    assert kept == ["article:b1", "article:b2"]
    kept, _ = select_nodes(tiny(), max_nodes=1)  # no cluster fits; the singleton does
    assert kept == ["article:s1"]


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


def test_kinds_as_the_command_line_writes_them_are_read_whole():
    # kinds="article,provider" (copied from `--kinds article,provider`) was read one letter
    # at a time: "unknown node kind(s) ,, a, c, d, e, i, l, o, p, r, t, v".
    assert (select_nodes(tiny(), kinds="article, provider")
            == select_nodes(tiny(), kinds=["article", "provider"]))
    with pytest.raises(InputError, match="^unknown node kind\\(s\\) outlet: use article, "):
        select_nodes(tiny(), kinds="article,outlet")


def test_select_keeps_hubs_when_there_are_no_articles():
    kept, _ = select_nodes(tiny(), nodes=["provider:p.example", "topic:t"], max_nodes=1)
    assert kept == ["provider:p.example"]  # degree 6 beats 1


def test_the_node_limit_shares_the_hubs_room_among_outlets_topics_and_tags():
    # Six 10-article stories, each of two outlets of 5 articles; six tags on half of all
    # articles and a topic on every one. Ranked by links alone, a 26-node map gave all its
    # hub room to the topic (then hidden as on most articles) and the tags: no outlet.
    G = nx.MultiDiGraph()
    G.add_node("topic:all", kind="topic", label="All")
    for t in range(6):
        G.add_node(f"tag:t{t}", kind="tag", label=f"t{t}")
    for i in range(60):
        a, p = f"article:{i:02d}", f"provider:p{i // 5}"
        G.add_node(a, kind="article", label=f"Item {i}", cluster=i // 10,
                   cluster_label=f"story {i // 10}", pagerank=(60 - i) / 1830)
        G.add_node(p, kind="provider", label=f"P{i // 5}")
        G.add_edge(a, p, key="published_by", relation="published_by")
        G.add_edge(a, "topic:all", key="tagged", relation="tagged")
        for t in range(6) if i % 2 == 0 else ():
            G.add_edge(a, f"tag:t{t}", key="tagged", relation="tagged")
    kept, _ = select_nodes(G, max_nodes=26)
    kinds = Counter(G.nodes[n]["kind"] for n in kept)
    # Two stories fit; four outlets (5 articles each) and six tags (10 each) qualify: the six
    # places for hubs go 6 * 4/10 to outlets and 6 * 6/10 to tags, rounded by remainders.
    assert kinds == {"article": 20, "provider": 2, "tag": 4}, kinds
    assert {n for n in kept if n.startswith("provider:")} <= {f"provider:p{k}" for k in range(4)}
    # The topic on every article, hidden until asked for, comes in after the outlets.
    kept, _ = select_nodes(G, max_nodes=24, kinds=("article", "provider", "topic"))
    assert Counter(G.nodes[n]["kind"] for n in kept) == {"article": 20, "provider": 4}
    kept, _ = select_nodes(G, max_nodes=26, kinds=("article", "provider", "topic"))
    assert Counter(G.nodes[n]["kind"] for n in kept) == {"article": 21, "provider": 4,
                                                         "topic": 1}  # 1 left: an article


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


def hostile_story_graph() -> nx.MultiDiGraph:
    """hostile_graph whose articles also carry hostile theme labels and syndication groups
    (so the story panel and "same text also at" show them), one of them a round-up."""
    G = hostile_graph()
    for i, node in enumerate(sorted(n for n, d in G.nodes(data=True) if d["kind"] == "article")):
        G.nodes[node].update(theme_label=HOSTILE[3], group=HOSTILE[2], roundup=i == 0)
    return G


def test_hostile_strings_stay_data():
    G = hostile_story_graph()
    page = html(G, related=hostile_related(G))
    for attack in HOSTILE:
        assert attack not in page
    blob = re.search(r'id="gx-data">(.*?)</script>', page, re.S).group(1)
    assert page.count("__pwned") == blob.count("__pwned")
    assert not set(blob) & {"<", ">", "&", "\u2028", "\u2029"}
    data = page_data(page)
    titles = {n["label"] for n in data["nodes"] if n["kind"] == "article"}
    # Shown as a reader should read them, entities decoded ("&lt;b&gt;" is "<b>"), as text.
    assert titles == {decoded(h) for h in HOSTILE}
    assert "<b> <svg onload=window.__pwned=1> & ' \" `${window.__pwned=1}`" in titles
    assert HOSTILE_ID in {n["id"] for n in data["nodes"]}
    assert all([data["reasons"][k] for k in row["why"]] == [HOSTILE[1], HOSTILE[2]]
               for rows in data["related"].values() for row in rows)
    # Story names travel as data too: the canvas draws them as text, the panel as textContent.
    assert {story["label"] for story in data["stories"]} == {HOSTILE[1]}
    assert {story["theme"] for story in data["stories"]} == {decoded(HOSTILE[3])}  # as read
    assert {n.get("copyGroup") for n in data["nodes"] if n["kind"] == "article"} == {HOSTILE[2]}
    assert [row["label"] for row in data["legend"]][:1] == [HOSTILE[1]]


def test_a_bidi_override_in_a_name_reverses_only_that_name():
    # "Beta \u202eNews" turned the page's own "2020-05-07 01:00 UTC" beside it into
    # "CTU 00:10 70-50-0202": every string the page gets closes what it opens.
    G = tiny()
    G.nodes["provider:p.example"]["label"] = "Beta \u202eNews"
    G.nodes["article:a1"]["title"] = "\u2067\u0645\u0631\u062d\u0628\u0627 \u202bnested"
    page = html(G, title="\u202emap")
    data = page_data(page)
    names = {n["label"] for n in data["nodes"]} | {n.get("providerName") for n in data["nodes"]}
    assert "\u2068Beta \u202eNews\u202c\u2069" in names and "Beta \u202eNews" not in names
    (a1,) = [n for n in data["nodes"] if n["id"] == "article:a1"]
    arabic = "\u0645\u0631\u062d\u0628\u0627"
    assert a1["label"] == f"\u2068\u2067{arabic} \u202bnested\u202c\u2069\u2069"
    assert "<title>\u2068\u202emap\u202c\u2069</title>" in page


def test_a_day_alone_is_marked_and_does_not_stretch_its_storys_span():
    # The panel said "over 18 h" from an invented 00:00 where report.md says 6.5 h.
    G = tiny()
    G.nodes["article:a1"]["published"] = "2020-05-06T16:00:00Z"
    G.nodes["article:a2"]["published"] = "2020-05-06T22:30:00Z"
    G.nodes["article:a3"].update(published="2020-05-06T00:00:00Z", day_only=True)
    data = page_data(html(G))
    (story,) = [s for s in data["stories"] if s["id"] == 0]
    assert story["span"] == "6.5 h"
    days = {n["id"]: n.get("dayOnly", False) for n in data["nodes"] if n["kind"] == "article"}
    assert days["article:a3"] is True and days["article:a1"] is False


@pytest.mark.parametrize(("text", "closed"), [
    ("plain", "plain"), ("\u202eab", "\u202eab\u202c"), ("\u202eab\u202c", "\u202eab\u202c"),
    ("\u2066a\u202eb\u2069c", "\u2066a\u202eb\u2069c"),  # a PDI closes its isolate's insides
    ("\u202aa\u2067b", "\u202aa\u2067b\u2069\u202c"),
    # A closer that closes nothing of the text's own is dropped: a stray U+2069 closed the
    # page's isolate around it, and the date after it was reordered.
    ("a\u202cb", "ab"), ("\u2069\u2069\u202b\u05d0\u05d1", "\u202b\u05d0\u05d1\u202c"),
    # Right-to-left letters alone are set apart too: plain Hebrew reordered the date after it.
    ("\u05d7\u05d3\u05e9\u05d5\u05ea", "\u05d7\u05d3\u05e9\u05d5\u05ea"),
    ("\u0635\u062d\u0629", "\u0635\u062d\u0629"),
])
def test_bidi_closed_closes_what_a_text_opens(text, closed):
    from graphx.model import bidi_closed

    assert bidi_closed(text) == (closed if closed == "plain" else f"\u2068{closed}\u2069")


def test_an_empty_graph_still_makes_a_page():
    result = coverage_map(nx.MultiDiGraph())
    assert page_data(result.html)["nodes"] == [] and result.stats["shown"] == 0
    assert "0 articles · 0 providers · 0 topics · 0 stories</p>" in result.html


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
                              {"id": "article:gone", "title": "Gone", "score": 0.1, "why": [],
                               "provider": "g.example; h.example",
                               "published": "2020-05-06T10:00:00Z"}],
               "article:nope": [{"id": "article:a1", "title": "x", "score": 1, "why": []}]}
    result = coverage_map(G, related=related)
    data = page_data(result.html)
    assert len(data["nodes"]) == 8
    by_id = {n["id"]: n for n in data["nodes"]}
    assert [by_id[n]["shape"] for n in ("article:a1", "provider:p.example", "topic:t")] == [
        "dot", "square", "triangle"]
    assert by_id["article:a1"]["color"] == palette.STORY_COLORS[0]
    assert by_id["article:b1"]["color"] == palette.STORY_COLORS[1]
    assert by_id["article:s1"]["color"] == palette.SINGLETON_COLOR
    assert by_id["provider:p.example"]["color"] == HUB_COLOR
    assert by_id["article:a1"]["size"] > by_id["article:a3"]["size"]
    assert by_id["article:a1"]["label"] == "a1" and by_id["provider:p.example"]["label"] == "P"
    # Edges are [from, to, relation] by position: the same edges as the graph, no more.
    ids = [n["id"] for n in data["nodes"]]
    assert Counter((ids[u], ids[v], data["relations"][r]) for u, v, r in data["edges"]) == \
        Counter((u, v, k) for u, v, k in G.edges(keys=True))
    assert data["relations"] == list(RELATIONS)
    assert data["options"]["physics"] == {"enabled": False}
    # Related rows point at nodes by position; a story not on the map keeps its id, title,
    # outlet and time, and a wire text's row counts its other outlets.
    assert data["related"] == {str(ids.index("article:a1")): [
        {"to": ids.index("article:a2"), "score": 0.8, "why": [0]},
        {"to": -1, "score": 0.1, "why": [], "id": "article:gone", "title": "Gone",
         "outlet": "g.example", "published": "2020-05-06T10:00:00Z", "more": 1}]}
    assert data["reasons"] == ["shares topic T"]
    assert [(row["label"], row["count"], row["filter"]) for row in data["legend"]] == [
        ("story a", 3, "cluster"), ("story b", 2, "cluster"), ("in no story", 1, "")]
    assert [(s["id"], s["label"], s["size"], s["rank"]) for s in data["stories"]] == [
        (0, "story a", 3, 0), (1, "story b", 2, 1)]
    assert result.stats["articles"] == 6 and result.stats["clusters"] == 2
    assert "6 articles · 1 provider · 1 topic · 2 stories · 6 May 2020" in result.html


def test_colour_by_kind_and_provider():
    G = tiny()
    by_kind = page_data(coverage_map(G, color_by="kind").html)
    assert {n["kind"]: n["color"] for n in by_kind["nodes"]} == {
        kind: palette.kind_color(kind) for kind in ("article", "provider", "topic")}
    by_provider = page_data(html(G, color_by="provider"))
    assert by_provider["legend"] == [{"color": palette.STORY_COLORS[0], "label": "p.example",
                                      "count": 6, "filter": "provider", "value": "p.example"}]
    # Story names are written in their story's colour only where nodes have those colours:
    # by outlet, orange is an outlet's.
    assert (by_kind["colourNames"], by_provider["colourNames"]) == (False, False)
    assert page_data(html(G))["colourNames"] is True
    with pytest.raises(InputError, match="cannot colour by 'size'"):
        coverage_map(G, color_by="size")


def many_stories(sizes: list[int], loose: int = 0) -> nx.MultiDiGraph:
    """Clusters of the given sizes (cluster i has sizes[i] articles) and loose articles."""
    G = nx.MultiDiGraph()
    n = 0
    for cluster, size in enumerate(sizes + [1] * loose):
        for _ in range(size):
            G.add_node(f"article:{n:03d}", kind="article", title=f"t{n}",
                       cluster=cluster if cluster < len(sizes) else -1,
                       cluster_label=f"story {cluster}", published="2020-05-06T10:00:00Z")
            n += 1
    return G


def test_only_the_largest_stories_get_a_colour_of_their_own():
    sizes = [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]  # eleven stories: two more than the palette
    G = many_stories(sizes, loose=4)
    data = page_data(html(G))
    colour = {s["id"]: s["color"] for s in data["stories"]}
    assert [colour[c] for c in range(9)] == list(palette.STORY_COLORS)
    assert len(set(palette.STORY_COLORS)) == 9
    assert colour[9] == colour[10] == palette.MUTED_COLOR
    assert [(row["label"], row["count"], row["color"]) for row in data["legend"][9:]] == [
        ("2 smaller stories", 5, palette.MUTED_COLOR),
        ("in no story", 4, palette.SINGLETON_COLOR)]
    assert sum(row["count"] for row in data["legend"]) == sum(sizes) + 4


def test_a_partial_map_colours_its_own_largest_stories():
    G = many_stories([5, 4, 3])
    shown = [n for n, d in G.nodes(data=True) if d["cluster"] in (1, 2)]
    assert palette.story_ranks(G.subgraph(shown)) == {1: 0, 2: 1}
    data = page_data(html(G, nodes=shown))
    assert [(s["id"], s["color"]) for s in data["stories"]] == [
        (1, palette.STORY_COLORS[0]), (2, palette.STORY_COLORS[1])]


def test_a_topic_on_most_articles_is_hidden_and_no_longer_sets_hub_sizes():
    G = many_stories([3, 3])  # six articles
    for topic, on in (("everywhere", 4), ("half", 3), ("rare", 1)):
        G.add_node(f"topic:{topic}", kind="topic", label=topic.title())
        for i in range(on):
            G.add_edge(f"article:{i:03d}", f"topic:{topic}", key="tagged", relation="tagged")
    G.add_node("tag:us", kind="tag", label="US")
    for i in range(6):
        G.add_edge(f"article:{i:03d}", "tag:us", key="tagged", relation="tagged")
    assert dominant_hubs(G) == {"topic:everywhere", "tag:us"}  # 4 of 6 and 6 of 6; not 3 of 6
    data = page_data(html(G))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert sorted(n for n in by_id if by_id[n].get("dominant")) == ["tag:us", "topic:everywhere"]
    assert by_id["topic:everywhere"]["articles"] == 4
    # Sizes run against the largest hub that is shown: "half" is the largest size.
    assert by_id["topic:half"]["size"] == max(n["size"] for n in data["nodes"]
                                              if n["kind"] != "article")


def timeline_graph() -> nx.MultiDiGraph:
    """One story: a round-up first, the first report, a copy of it, a follower, an undated."""
    G = nx.MultiDiGraph()
    rows = [("r", "2020-05-06T08:00:00Z", "", True, "live.example"),
            ("a", "2020-05-06T09:00:00Z", "g1", False, "wire.example"),
            ("c", "2020-05-06T09:30:00Z", "g1", False, "copy.example"),
            ("f", "2020-05-06T11:00:00Z", "", False, "wire.example"),
            ("u", "", "g1", False, "late.example")]
    for name, published, group, roundup, provider in rows:
        G.add_node(f"article:{name}", kind="article", title=name.upper(), cluster=0,
                   cluster_label="Mayor · resigns (Politics)", published=published,
                   group=group, roundup=roundup, provider=provider, provider_name=provider,
                   topics="Politics; Cities" if name != "u" else "Politics",
                   theme_label="Local government")
    return G


def test_timeline_skips_round_ups_and_marks_copies():
    G = timeline_graph()
    rows = storylines.timeline(G, list(G))
    assert [(r["id"][8:], r["role"], r["of"][8:]) for r in rows] == [
        ("r", "roundup", ""), ("a", "first", ""), ("c", "copy", "a"), ("f", "follows", ""),
        ("u", "copy", "a")]
    assert storylines.outlets(G, list(G)) == [
        ("wire.example", 2), ("live.example", 1), ("copy.example", 1), ("late.example", 1)]
    assert storylines.topics(G, list(G)) == [("Politics", 5), ("Cities", 4)]


def test_timeline_marks_a_page_titled_live_that_the_first_report_passes_over():
    # "Greenville water contamination: live" at 12:13 stood unmarked above BBC's 12:17
    # "first report": first_report passes over pages whose titles say they are live pages,
    # digests or live streams, but only clustering round-ups were marked.
    G = timeline_graph()
    for name, title, published in (("l", "Mayor resigns: live", "2020-05-06T08:30:00Z"),
                                   ("d", "Live updates: mayor resigns", "2020-05-06T08:40:00Z"),
                                   ("w", "WATCH LIVE: mayor speaks", "2020-05-06T08:50:00Z"),
                                   ("o", "OLD TITLE", "2020-05-06T08:55:00Z")):
        G.add_node(f"article:{name}", kind="article", title=title, cluster=0,
                   published=published, provider=f"{name}.example")
    G.nodes["article:o"]["titles"] = "Mayor resigns – live"  # an earlier title said so
    rows = storylines.timeline(G, list(G))
    assert [(r["id"][8:], r["role"]) for r in rows] == [
        ("r", "roundup"), ("l", "live"), ("d", "live"), ("w", "live"), ("o", "live"),
        ("a", "first"), ("c", "copy"), ("f", "follows"), ("u", "copy")]
    # When every member is titled live, the earliest is the first report and none is marked.
    H = G.subgraph(["article:l", "article:d"])
    assert [r["role"] for r in storylines.timeline(H, list(H))] == ["first", "follows"]
    # The page's script reads the roles by their places in storylines.ROLES.
    script = (Path(render.__file__).parent / "assets" / "map.js").read_text()
    assert f"var ROLES = {json.dumps(list(storylines.ROLES), separators=(', ', ':'))};" in script


def test_a_mirror_stamped_before_the_first_report_is_its_copy():
    # A mirror of a wire text stamped minutes before the wire's own page showed as an
    # unmarked report above the "first report", and the later mirrors as copies of it.
    G = timeline_graph()
    G.add_node("article:m", kind="article", title="A", cluster=0, group="g1",
               published="2020-05-06T08:58:00Z", provider="mirror.example",
               original="article:a")
    rows = storylines.timeline(G, list(G))
    assert [(r["id"][8:], r["role"], r["of"][8:]) for r in rows] == [
        ("r", "roundup", ""), ("m", "copy", "a"), ("a", "first", ""), ("c", "copy", "a"),
        ("f", "follows", ""), ("u", "copy", "a")]


def test_a_part_of_a_story_marks_the_whole_storys_first_report_or_names_it():
    # `map --focus Reuters`: Reuters' video was "first report" of a story CBS News broke
    # 43 minutes earlier, which the focus left off the map.
    G = timeline_graph()
    late = ["article:c", "article:f"]  # the first report (a) is not among them
    data = page_data(html(G, nodes=late, related=0))
    (story,) = data["stories"]
    roles = [r[1] for r in story["timeline"]]
    assert story["of"] == 5 and storylines.ROLES.index("first") not in roles
    assert story["first"] == ["wire.example", "2020-05-06T09:00:00Z", ""]
    with_first = page_data(html(G, nodes=["article:a", "article:f"], related=0))
    (story,) = with_first["stories"]
    assert "first" not in story
    assert [storylines.ROLES[r[1]] for r in story["timeline"]] == ["first", "follows"]


def test_timeline_without_round_up_attributes_starts_with_the_earliest():
    G = timeline_graph()
    for _, d in G.nodes(data=True):
        del d["roundup"]
    assert [r["role"] for r in storylines.timeline(G, list(G))] == [
        "first", "follows", "copy", "follows", "copy"]
    for _, d in G.nodes(data=True):
        d["roundup"] = True  # all round-ups: the earliest still opens the story
    assert storylines.timeline(G, list(G))[0] == {"id": "article:r", "role": "first", "of": ""}


def test_story_rows_carry_the_timeline_outlets_topics_and_theme():
    data = page_data(html(timeline_graph()))
    ids = [n["id"] for n in data["nodes"]]
    (story,) = data["stories"]
    assert story["label"] == "Mayor · resigns (Politics)"
    assert story["name"] == "Mayor · resigns"  # "(Politics)" is one of its topics
    assert story["theme"] == "Local government"
    assert story["span"] == "3 h"  # 08:00 to 11:00; the undated article does not count
    G = timeline_graph()
    G.nodes["article:u"]["published"] = "<script>not a date"
    assert page_data(html(G, related=0))["stories"][0]["span"] == "3 h"
    timeline = [(ids[i][8:], storylines.ROLES[role], ids[of][8:] if of >= 0 else "")
                for i, role, of in story["timeline"]]
    assert timeline == [("r", "roundup", ""), ("a", "first", ""), ("c", "copy", "a"),
                        ("f", "follows", ""), ("u", "copy", "a")]
    assert story["outlets"][0] == ["wire.example", 2]
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["article:r"]["roundup"] is True and by_id["article:c"]["copyGroup"] == "g1"


@pytest.mark.parametrize("label, topics, name", [
    ("Mayor · resigns (Politics)", ["Politics"], "Mayor · resigns"),
    ("Mayor · resigns (Politics)", ["Cities"], "Mayor · resigns (Politics)"),
    ("(Politics)", ["Politics"], "(Politics)"),
    ("Mayor (acting) · resigns", ["acting"], "Mayor (acting) · resigns"),
])
def test_story_names_drop_only_a_closing_topic(label, topics, name):
    G = many_stories([2])
    for _, d in G.nodes(data=True):
        d.update(cluster_label=label, topics="; ".join(topics))
    assert page_data(html(G))["stories"][0]["name"] == name


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


def test_the_map_and_the_exports_size_nodes_alike():
    from graphx.export.common import SIZE_RANGE, node_ids, sizer

    G = tiny()
    page = page_data(coverage_map(G, related=0).html)
    drawn = {n["id"]: n["size"] for n in page["nodes"]}
    share = palette.importance(G)
    size = sizer(G, node_ids(G))
    for n in G:
        low, high = SIZE_RANGE
        assert size(n) == round(low + (high - low) * share[n], 3)
    articles = sorted((n for n in G if n.startswith("article:")), key=share.get)
    assert sorted(articles, key=drawn.get) == articles  # the same order of importance


def test_outlets_of_one_name_are_told_apart_on_the_map():
    # ABC News of abcnews.go.com and of abc.net.au: the outlet filter listed "ABC News (1)"
    # twice, and a story's panel read as one outlet publishing twice.
    G = nx.MultiDiGraph()
    for domain in ("abcnews.go.com", "abc.net.au"):
        a = f"article:{domain}/x"
        G.add_node(a, kind="article", label="Landfall", title="Landfall", provider=domain,
                   provider_name="ABC News", published="2026-09-15T02:25:00Z", cluster=-1)
        G.add_node(f"provider:{domain}", kind="provider", label="ABC News", domain=domain)
        G.add_edge(a, f"provider:{domain}", key="published_by", relation="published_by")
    data = page_data(coverage_map(G).html)
    hubs = sorted(n["label"] for n in data["nodes"] if n.get("kind") == "provider")
    assert hubs == ["ABC News (abc.net.au)", "ABC News (abcnews.go.com)"]
    names = sorted(n["providerName"] for n in data["nodes"] if n.get("kind") == "article")
    assert names == hubs
    assert G.nodes["provider:abc.net.au"]["label"] == "ABC News"  # the caller's graph kept


def test_outlets_of_one_name_are_told_apart_when_one_node_is_past_the_map():
    # Covid's two "The Gazette" (gazette.com, thegazette.com): one outlet's node was past
    # the node limit, its article shown, and its name was not told apart.
    from graphx.render import _tell_outlets_apart

    H = nx.MultiDiGraph()
    for domain in ("gazette.com", "thegazette.com"):
        H.add_node(f"article:{domain}/x", kind="article", title="x", provider=domain,
                   provider_name="The Gazette")
    H.add_node("provider:thegazette.com", kind="provider", label="The Gazette",
               domain="thegazette.com")
    _tell_outlets_apart(H)
    assert [H.nodes[f"article:{d}/x"]["provider_name"] for d in ("gazette.com", "thegazette.com")
            ] == ["The Gazette (gazette.com)", "The Gazette (thegazette.com)"]
    assert H.nodes["provider:thegazette.com"]["label"] == "The Gazette (thegazette.com)"


def test_articles_of_equal_importance_are_drawn_small_not_at_the_largest_size():
    # A folder without links: every article held one pagerank, each its own top, so every
    # dot took the largest radius (20) and 600 of them made one solid grey slab.
    G = nx.MultiDiGraph()
    for i in range(30):
        G.add_node(f"article:{i:03d}", kind="article", label=f"Item {i}", cluster=-1,
                   pagerank=1 / 30, provider=f"provider:p{i}")
        G.add_node(f"provider:p{i}", kind="provider", label=f"P{i}")
        G.add_edge(f"article:{i:03d}", f"provider:p{i}", key="published_by",
                   relation="published_by")
    nodes = page_data(coverage_map(G, related=0).html)["nodes"]
    sizes = {n["kind"]: {m["size"] for m in nodes if m["kind"] == n["kind"]} for n in nodes}
    assert len(sizes["article"]) == 1 and len(sizes["provider"]) == 1, sizes
    (article,) = sizes["article"]
    assert article < 5 + 15 / 2, article  # of 5..20: the small half
    # One that stands out (ten times the least) still gets the largest size.
    G.nodes["article:000"]["pagerank"] = 10 / 30
    drawn = {n["id"]: n["size"] for n in page_data(coverage_map(G, related=0).html)["nodes"]}
    assert drawn["article:000"] == 20 and drawn["article:001"] == article


def test_the_node_limit_goes_to_articles_before_outlets_of_one_shown_article():
    # 2,000 articles each from its own outlet: the limit kept 996 outlet squares (each the
    # outlet of one article shown) and left out 1,001 articles.
    G = nx.MultiDiGraph()
    for i in range(200):
        a, p = f"article:{i:03d}", f"provider:p{i}"
        G.add_node(a, kind="article", label=f"Item {i}", cluster=-1, pagerank=1 / 200)
        G.add_node(p, kind="provider", label=f"P{i}")
        G.add_edge(a, p, key="published_by", relation="published_by")
        G.add_node(f"topic:t{i % 5}", kind="topic", label=f"T{i % 5}")
        G.add_edge(a, f"topic:t{i % 5}", key="tagged", relation="tagged")
    kept, summary = select_nodes(G, max_nodes=200)
    kinds = Counter(G.nodes[n]["kind"] for n in kept)
    assert kinds == {"article": 195, "topic": 5}, kinds  # topics of 39 shown articles each
    assert summary["hidden"] == {"article": 5, "provider": 200}
    assert omitted_text(summary) == (
        "showing 200 of 405 nodes; 205 hidden: 200 providers, 5 articles "
        "(the least central past the 200-node limit)")
    # Once every article is shown, the room left goes to the outlets.
    kept, _ = select_nodes(G, max_nodes=300)
    assert Counter(G.nodes[n]["kind"] for n in kept) == {
        "article": 200, "topic": 5, "provider": 95}
