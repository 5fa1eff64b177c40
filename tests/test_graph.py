"""The coverage graph: one node per story, merged providers and topics, counted edges."""

import networkx as nx

from graphx.graph import build_graph, summary
from graphx.model import label_key
from graphx.records import Item


def it(url, *, path="", title="", published="", provider=("", ""), topics=(), tags=(),
       related=(), urls=None, **kw):
    from graphx.urls import story_key

    return Item(
        key=story_key(url), url=url, urls=tuple(urls or (url,)), title=title, published=published,
        provider_domain=provider[0], provider_name=provider[1], topics=tuple(topics),
        tags=tuple(tags), path=path, related=tuple(related), **kw,
    )


A = "https://www.a.com/story"
A_AMP = "https://www-a-com.cdn.ampproject.org/c/s/www.a.com/news/amp/story"
B = "https://b.com/other"


def test_amp_twins_and_related_copies_are_one_node():
    a = it(A, path="a.md", title="Own title", urls=(A, A_AMP), provider=("a.com", "A"))
    b = it(B, path="b.md", title="B", provider=("b.com", "B"),
           related=[it(A_AMP, title="Copy title", provider=("a.com", "A news"))])
    G = build_graph([a, b])
    articles = [n for n, k in G.nodes(data="kind") if k == "article"]
    assert sorted(articles) == ["article:a.com/story", "article:b.com/other"]
    node = G.nodes["article:a.com/story"]
    assert node["title"] == "Own title"  # the own file wins over the related copy
    assert node["urls"] == f"{A}; {A_AMP}"
    assert node["has_file"] is True and node["sources"] == "a.md"
    assert G.has_edge("article:b.com/other", "article:a.com/story", key="related")


def test_related_only_article_has_no_file():
    b = it(B, path="b.md", related=[it("https://c.com/x", title="C", provider=("c.com", "C"))])
    G = build_graph([b])
    c = G.nodes["article:c.com/x"]
    assert (c["has_file"], c["sources"], c["title"]) == (False, "", "C")
    assert G.has_edge("article:c.com/x", "provider:c.com", key="published_by")


def test_reissued_url_later_publication_wins_and_keeps_both_files():
    old = it(A, path="1.md", title="Old", published="2020-05-06T10:00:00Z")
    new = it(A, path="2.md", title="New", published="2020-05-07T10:00:00Z")
    G = build_graph([new, old])
    node = G.nodes["article:a.com/story"]
    assert node["title"] == "New"
    assert node["sources"] == "1.md; 2.md"


def test_self_links_are_dropped_and_repeats_counted():
    a = it(A, path="a.md", related=[it(A), it(B), it(B + "?utm_source=x")])
    c = it("https://c.com/c", path="c.md", related=[it(B)])
    G = build_graph([a, c])
    assert G.graph["self_links_dropped"] == 1
    assert G.edges["article:a.com/story", "article:b.com/other", "related"]["count"] == 2
    assert G.number_of_edges("article:a.com/story", "article:b.com/other") == 1


def test_link_and_reverse_stay_two_edges():
    a = it(A, path="a.md", related=[it(B)])
    b = it(B, path="b.md", related=[it(A)])
    G = build_graph([a, b])
    assert G.has_edge("article:a.com/story", "article:b.com/other", key="related")
    assert G.has_edge("article:b.com/other", "article:a.com/story", key="related")


def test_providers_merge_by_domain_and_topics_by_key():
    items = [
        it(f"https://www.fox.com/{i}", path=f"{i}.md", provider=("fox.com", name), topics=[topic])
        for i, (name, topic) in enumerate(
            [("Fox News", "Coronavirus"), ("Fox News", " CORONAVIRUS"), ("FOX", "Coronavirus ")]
        )
    ]
    G = build_graph(items)
    assert G.nodes["provider:fox.com"]["label"] == "Fox News"
    assert G.nodes["provider:fox.com"]["names"] == "FOX; Fox News"
    assert G.nodes[f"topic:{label_key('Coronavirus')}"]["label"] == "Coronavirus"
    assert [n for n, k in G.nodes(data="kind") if k == "topic"] == ["topic:coronavirus"]


def test_attributes_are_plain_values():
    a = it(A, path="a.md", title="T", quality=5, listed=False, topics=["X"], tags=["US-CA"])
    G = build_graph([a])
    for _, attrs in G.nodes(data=True):
        assert {"kind", "label"} <= attrs.keys()
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values())
    assert G.nodes["article:a.com/story"]["listed"] is False
    assert "heat" not in G.nodes["article:a.com/story"]
    assert isinstance(G, nx.MultiDiGraph)


def test_summary_counts():
    a = it(A, path="a.md", provider=("a.com", "A"), topics=["X"], related=[it(B)])
    s = summary(build_graph([a]))
    assert s == {
        "articles": 2, "articles_with_file": 1, "articles_without_file": 1, "url_variants": 2,
        "providers": 1, "topics": 1, "tags": 0,
        "edges": {"published_by": 1, "related": 1, "tagged": 1}, "self_links_dropped": 0,
    }


def test_input_order_does_not_change_the_graph():
    items = [it(A, path="a.md", related=[it(B)]), it(B, path="b.md", related=[it(A_AMP)])]
    G1, G2 = build_graph(items), build_graph(items[::-1])
    assert list(G1.nodes(data=True)) == list(G2.nodes(data=True))
    assert list(G1.edges(keys=True, data=True)) == list(G2.edges(keys=True, data=True))
