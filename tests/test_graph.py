"""The coverage graph: one node per story, merged providers and topics, counted edges."""

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphx.graph import build_graph, summary
from graphx.model import LIST_SEP, join_list, label_key, split_list
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


# --- story identity: different canonical URLs are different stories unless evidence joins them

BLOG = "https://www.news.com/live-news/update-05-05/"
BLOG_AMP = "https://amp.news.com/news/live-news/update-05-05/index.html"


def test_posts_sharing_a_blogs_amp_twin_stay_separate_stories():
    posts = [it(BLOG + f"h_{n}", path=f"{n}.md", title=f"Post {n}",
                urls=(BLOG + f"h_{n}", BLOG_AMP)) for n in (1, 2, 3)]
    merges = []
    G = build_graph(posts, merges=merges)
    nodes = sorted(n for n, k in G.nodes(data="kind") if k == "article")
    assert nodes == [f"article:news.com/live-news/update-05-05/h_{n}" for n in (1, 2, 3)]
    assert [G.nodes[n]["title"] for n in nodes] == ["Post 1", "Post 2", "Post 3"]
    assert all(G.nodes[n]["urls"] == G.nodes[n]["url"] for n in nodes)  # the shared twin names none
    assert merges == []


def test_a_related_copy_of_one_post_lands_on_that_post():
    post1 = it(BLOG + "h_1", path="1.md", title="Post 1", urls=(BLOG + "h_1", BLOG_AMP))
    post2 = it(BLOG + "h_2", path="2.md", title="Post 2", urls=(BLOG + "h_2", BLOG_AMP),
               related=[it(BLOG + "h_1", title="Post 1", urls=(BLOG + "h_1", BLOG_AMP))])
    G = build_graph([post1, post2])
    assert G.has_edge("article:news.com/live-news/update-05-05/h_2",
                      "article:news.com/live-news/update-05-05/h_1", key="related")
    assert G.graph["self_links_dropped"] == 0


def test_a_twin_of_exactly_one_canonical_url_joins_even_a_file_that_names_it():
    # bbc.com/news/x says its twin is bbc.co.uk/news/x, which another file has as webUrl.
    com = it("https://www.bbc.com/news/x", path="com.md", title="New headline",
             published="2020-05-07T10:00:00Z", urls=("https://www.bbc.com/news/x",
                                                    "https://www.bbc.co.uk/news/x"))
    uk = it("https://www.bbc.co.uk/news/x", path="uk.md", title="Old headline",
            published="2020-05-06T10:00:00Z")
    merges = []
    G = build_graph([uk, com], merges=merges)
    assert [n for n, k in G.nodes(data="kind") if k == "article"] == ["article:bbc.com/news/x"]
    assert G.nodes["article:bbc.com/news/x"]["titles"] == "New headline; Old headline"
    assert merges == [{"node": "article:bbc.com/news/x", "files": [
        {"path": "com.md", "url": "https://www.bbc.com/news/x", "title": "New headline"},
        {"path": "uk.md", "url": "https://www.bbc.co.uk/news/x", "title": "Old headline",
         "reason": "AMP twin"}]}]


def test_a_shared_twin_joins_nothing_even_when_the_urls_differ_only_in_their_query():
    # Posts addressed by a query (?post=1, ?post=2) are as distinct as posts addressed by path.
    page, twin = "https://www.live.com/blog", "https://www.live.com/amp/blog-index"
    items = [it(f"{page}?post={n}", path=f"{n}.md", title=f"Post {n}",
                urls=(f"{page}?post={n}", twin)) for n in (1, 2)]
    merges = []
    G = build_graph(items, merges=merges)
    assert sorted(n for n, k in G.nodes(data="kind") if k == "article") == [
        "article:live.com/blog?post=1", "article:live.com/blog?post=2"]
    assert merges == []


def test_merges_say_why_each_file_joined():
    new = it(A, path="2.md", title="New", published="2020-05-07T10:00:00Z")
    old = it(A + "?utm_source=x", path="1.md", title="Old", published="2020-05-06T10:00:00Z")
    same = it("http://a.com/story/", path="3.md", title="New", published="2020-05-05T10:00:00Z")
    merges = []
    build_graph([old, same, new], merges=merges)
    assert [(f["path"], f.get("reason")) for f in merges[0]["files"]] == [
        ("2.md", None), ("1.md", "reissued page"), ("3.md", "same URL after normalisation")]


@pytest.mark.parametrize("distinct", [False, True])
def test_one_files_related_entries_give_an_outlet_one_vote_per_name(distinct):
    # One blog post listing a Reuters page nine times as "Reuters Disinformation Desk" (or
    # nine such pages) renamed Reuters everywhere, outvoting Reuters' own two files.
    reuters = ("reuters.com", "Reuters")
    own = [it(f"https://www.reuters.com/article/{k}", path=f"{k}.md", provider=reuters)
           for k in "ab"]
    planted = ("reuters.com", "Reuters Disinformation Desk")
    blog = it("https://blog.example/post", path="blog.md", provider=("blog.example", "Blog"),
              related=[it(f"https://www.reuters.com/article/fake{k if distinct else ''}",
                          provider=planted) for k in range(9)])
    G = build_graph([*own, blog])
    assert G.nodes["provider:reuters.com"]["label"] == "Reuters"
    assert "Reuters Disinformation Desk" in split_list(G.nodes["provider:reuters.com"]["names"])


def test_titles_keep_every_title_and_split_back_whole():
    old = it(A, path="1.md", title="Deaths at 8,549; emergency extended",
             published="2020-05-06T10:00:00Z")
    new = it(A, path="2.md", title="Deaths at 8,600", published="2020-05-07T10:00:00Z")
    G = build_graph([old, new])
    node = G.nodes["article:a.com/story"]
    assert node["title"] == "Deaths at 8,600"
    assert split_list(node["titles"]) == [
        "Deaths at 8,600", "Deaths at 8,549; emergency extended"]


def test_a_topic_tag_or_file_name_holding_the_list_separator_stays_one_value():
    a = it(A, path="c/Report; update 2.md", topics=["Crime; Justice", "Local"],
           tags=["A; B"])
    b = it(B, path="b.md", topics=["Crime; Justice"])
    G = build_graph([a, b])
    topics = sorted(a["label"] for _, a in G.nodes(data=True) if a.get("kind") == "topic")
    assert topics == ["Crime; Justice", "Local"]
    node = G.nodes["article:a.com/story"]
    assert split_list(node["sources"]) == ["c/Report; update 2.md"]
    assert split_list(node["tags"]) == ["A; B"]
    assert split_list(node["topics"]) == ["Crime; Justice", "Local"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="; \u00a0\u2060ab", max_size=8).filter(bool), max_size=5))
def test_any_list_of_values_splits_back_as_it_was_joined(values):
    # A value's own "; " was written ";\u00a0" and every ";\u00a0" read back as "; ", so
    # a value holding ";" + a no-break space (scraped "&nbsp;") came back as another value.
    joined = join_list(values)
    assert split_list(joined) == values
    assert all(LIST_SEP not in _written for _written in joined.split(LIST_SEP))


def test_a_value_with_its_own_no_break_space_after_a_semicolon_names_its_file():
    a = it(A, path="c/Report;\u00a0May.md", published="2020-05-06T10:00:00Z")
    b = it(A, path="c/Report; May.md", published="2020-05-07T10:00:00Z")
    node = build_graph([a, b]).nodes["article:a.com/story"]
    assert sorted(split_list(node["sources"])) == ["c/Report; May.md", "c/Report;\u00a0May.md"]
    # the common case reads as it did: a no-break space in place of the space
    assert join_list(["Crime; Justice"]) == "Crime;\u00a0Justice"


def test_a_story_without_a_file_keeps_the_titles_of_its_copies():
    b = it(B, path="b.md", related=[it("https://c.com/x", title="C one")])
    d = it("https://d.com/y", path="d.md", related=[it("https://c.com/x", title="C two")])
    G = build_graph([b, d])
    assert split_list(G.nodes["article:c.com/x"]["titles"]) == ["C one", "C two"]


# --- outlets: the newsroom, not the platform it sits on

def test_platform_articles_go_to_their_hosts_outlet():
    wbz = ("cbslocal.com", "CBS Boston / WBZ")
    items = [
        it("https://abcnews.go.com/US/a", path="a.md", provider=("go.com", "ABC")),
        it("https://denver.cbslocal.com/d", path="d.md", provider=wbz),
        it("https://boston.cbslocal.com/b", path="b.md", provider=wbz),
        it("https://www.nytimes.com/n", path="n.md", provider=("nytimes.com", "New York Times")),
    ]
    G = build_graph(items)
    providers = {n: (a["label"], a["platform"]) for n, a in G.nodes(data=True)
                 if a["kind"] == "provider"}
    assert providers == {
        "provider:abcnews.go.com": ("ABC News", "go.com"),
        "provider:boston.cbslocal.com": ("CBS Boston", "cbslocal.com"),
        "provider:denver.cbslocal.com": ("CBS Denver", "cbslocal.com"),
        "provider:nytimes.com": ("New York Times", ""),
    }
    article = G.nodes["article:denver.cbslocal.com/d"]
    assert (article["provider"], article["provider_name"]) == ("denver.cbslocal.com", "CBS Denver")
    assert G.has_edge("article:denver.cbslocal.com/d", "provider:denver.cbslocal.com",
                      key="published_by")


def test_the_load_report_lists_the_merges(tmp_path):
    from graphx.pipeline import CorpusOptions, build_corpus

    for name, title, day in (("a.md", "Live: day one", 6), ("b.md", "Live: day two", 7)):
        (tmp_path / name).write_text(
            f'---\ntitle: "{title}"\nwebUrl: "https://x.com/live"\n'
            f"publishedDateTime: 2020-05-0{day}T10:00:00Z\n---\n")
    corpus = build_corpus([str(tmp_path)], CorpusOptions(cache=False), analyse=False)
    assert corpus.report.to_dict()["merges"] == [{"node": "article:x.com/live", "files": [
        {"path": str(tmp_path / "b.md"), "url": "https://x.com/live", "title": "Live: day two"},
        {"path": str(tmp_path / "a.md"), "url": "https://x.com/live", "title": "Live: day one",
         "reason": "reissued page"}]}]


def test_edges_of_the_same_data_share_one_read_only_dict():
    import pickle

    import pytest

    a = it(A, path="a.md", provider=("a.com", "A"), topics=["Health"], related=[it(B), it(B)])
    c = it("https://c.com/c", path="c.md", provider=("c.com", "C"), topics=["Health"],
           related=[it(B)])
    G = build_graph([a, c])
    data = {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}
    health = "topic:" + label_key("Health")
    a_id, b_id, c_id = "article:a.com/story", "article:b.com/other", "article:c.com/c"
    assert data[a_id, health, "tagged"] is data[c_id, health, "tagged"]
    assert data[c_id, b_id, "related"] == {"relation": "related", "count": 1}
    assert data[a_id, b_id, "related"] == {"relation": "related", "count": 2}
    assert data[a_id, "provider:a.com", "published_by"] is not data[a_id, b_id, "related"]
    # The graph's structure is networkx's own: both directions, counts, removal.
    assert set(G.predecessors(b_id)) == {a_id, c_id}
    assert G.number_of_edges() == len(data) == 6
    with pytest.raises(TypeError, match="shared with other edges"):
        G.edges[c_id, b_id, "related"]["count"] = 5
    with pytest.raises(TypeError, match="shared with other edges"):
        G.add_edge(c_id, b_id, key="related", count=5)  # networkx updates the data in place
    assert G.edges[a_id, health, "tagged"]["count"] == 1  # nothing was changed
    H = G.copy()  # a copy's edges are plain dicts of their own
    H.edges[c_id, b_id, "related"]["count"] = 5
    assert G.edges[c_id, b_id, "related"]["count"] == 1
    again = pickle.loads(pickle.dumps(G))
    assert list(again.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    G.remove_edge(c_id, b_id, key="related")
    assert not G.has_edge(c_id, b_id) and c_id not in set(G.predecessors(b_id))


def test_own_edge_data_lets_networkx_set_edge_attributes():
    import pytest

    from graphx.graph import own_edge_data

    a = it(A, path="a.md", provider=("a.com", "A"), related=[it(B)])
    c = it("https://c.com/c", path="c.md", provider=("a.com", "A"), related=[it(B)])
    G = build_graph([a, c])
    before = list(G.edges(keys=True, data=True))
    with pytest.raises(TypeError, match="own_edge_data"):
        nx.set_edge_attributes(G, 1.5, "weight")
    own_edge_data(G)
    assert list(G.edges(keys=True, data=True)) == before
    nx.set_edge_attributes(G, {("article:a.com/story", "article:b.com/other", "related"): 2.0},
                           "weight")
    assert G.edges["article:a.com/story", "article:b.com/other", "related"]["weight"] == 2.0
    assert "weight" not in G.edges["article:c.com/c", "article:b.com/other", "related"]
    # the two outlets' edges were one shared dict; each is its own now, in both directions
    assert G.pred["provider:a.com"]["article:a.com/story"]["published_by"] is not \
        G.pred["provider:a.com"]["article:c.com/c"]["published_by"]


def test_shared_data_tells_values_apart_by_type():
    import pytest

    from graphx.graph import EdgeData, SharedData, set_edge

    shared = SharedData()
    assert shared(relation="similar", score=0.5) is shared(relation="similar", score=0.5)
    assert shared(flag=True) is not shared(flag=1)
    assert shared(a=1, b=2) is not shared(b=2, a=1)  # the order a writer meets them in
    assert type(shared(count=1)) is EdgeData and shared(count=1).copy() == {"count": 1}
    G = nx.MultiDiGraph()
    G.add_nodes_from("uv")
    assert set_edge(G, "u", "v", "k", shared(count=1)) is None
    assert set_edge(G, "u", "v", "k", shared(count=2)) == {"count": 1}
    assert list(G.edges(keys=True, data=True)) == [("u", "v", "k", {"count": 2})]
    assert list(G.in_edges("v", keys=True)) == [("u", "v", "k")]
    with pytest.raises(KeyError):
        set_edge(G, "u", "w", "k", shared(count=1))  # w is no node: nothing is added
    assert "w" not in G and list(G.successors("u")) == ["v"]


def test_values_many_articles_share_are_one_object():
    """A date, an outlet, a type and a list of topics are kept once, not once per file."""
    def fresh(text):  # an equal string that is another object, as each file's parse makes
        return "".join(list(text))

    items = [it(f"https://a.com/{i}", path=f"{i}.md", provider=(fresh("a.com"), "A"),
                published=fresh("2020-05-06T10:00:00Z"), topics=["Health", "Economy"],
                tags=["virus"], type=fresh("story")) for i in range(3)]
    assert items[0].published is not items[1].published
    G = build_graph(items)
    nodes = [G.nodes[f"article:a.com/{i}"] for i in range(3)]
    for name in ("published", "provider", "topics", "tags", "type"):
        assert len({id(n[name]) for n in nodes}) == 1, name
    assert nodes[0]["topics"] == "Health; Economy" and nodes[0]["type"] == "story"


def test_a_variant_on_another_site_is_another_outlets_page_not_a_twin():
    # An MSN copy whose originalUrl names Reuters' article: Reuters' own file stays its own
    # article (and the first report of the story), and the MSN node does not take its URL.
    reuters = "https://www.reuters.com/article/us-health-moderna/moderna-gets-fda-nod"
    msn = "https://www.msn.com/en-us/money/companies/moderna-gets-fda-nod/ar-BB13KxYz"
    copy = it(msn, path="msn.md", title="Moderna gets FDA nod", urls=(msn, reuters),
              published="2020-05-07T12:00:00Z", provider=("msn.com", "MSN"))
    own = it(reuters, path="reuters.md", title="Moderna gets FDA nod",
             published="2020-05-07T11:35:00Z", provider=("reuters.com", "Reuters"))
    merges = []
    G = build_graph([copy, own], merges=merges)
    assert sorted(n for n, k in G.nodes(data="kind") if k == "article") == [
        "article:msn.com/en-us/money/companies/moderna-gets-fda-nod/ar-BB13KxYz",
        "article:reuters.com/article/us-health-moderna/moderna-gets-fda-nod"]
    assert G.nodes["article:msn.com/en-us/money/companies/moderna-gets-fda-nod/ar-BB13KxYz"][
        "urls"] == msn
    assert merges == []
    # Alone, the MSN copy is one article still: Reuters' page is not one of its forms.
    G = build_graph([copy])
    assert [n for n, k in G.nodes(data="kind") if k == "article"] == [
        "article:msn.com/en-us/money/companies/moderna-gets-fda-nod/ar-BB13KxYz"]


def test_a_page_above_that_is_an_article_of_the_corpus_is_not_a_posts_twin():
    # One post of a live blog, giving the blog's page as its AMP form, and the blog's page
    # itself among the files: two articles. Without the blog's file, the post keeps the
    # twin as one of its forms, as it keeps an id-only AMP address above its own.
    blog = "https://www.nbcnews.com/health/live-blog/coronavirus-live-updates-may-7-n1202311"
    post = it(blog + "/ncrd1202555", path="post.md", title="Tyson says workers will be tested",
              urls=(blog + "/ncrd1202555", blog))
    index = it(blog, path="blog.md", title="Coronavirus live updates May 7")
    merges = []
    G = build_graph([post, index], merges=merges)
    assert len([n for n, k in G.nodes(data="kind") if k == "article"]) == 2
    assert merges == []
    G = build_graph([post])
    assert [n for n, k in G.nodes(data="kind") if k == "article"] == [
        "article:nbcnews.com/health/live-blog/coronavirus-live-updates-may-7-n1202311/ncrd1202555"]
    # The blog's page may be its folder's index.html.
    blog = "https://www.cnn.com/us/live-news/coronavirus-05-07-20"
    post = it(blog + "/h_7b7a", path="post.md", title="A post",
              urls=(blog + "/h_7b7a", blog + "/index.html"))
    index = it(blog + "/index.html", path="blog.md", title="Coronavirus live updates")
    assert len([n for n, k in build_graph([post, index]).nodes(data="kind")
                if k == "article"]) == 2
    slug = "https://www.law360.com/articles/1270633/more-alaska-native-corps"
    amp = "https://www.law360.com/amp/articles/1270633"
    G = build_graph([it(slug, path="a.md", title="T", urls=(slug, amp))])
    assert G.nodes["article:law360.com/articles/1270633/more-alaska-native-corps"][
        "urls"] == f"{slug}; {amp}"


def test_topics_written_with_entities_are_one_topic():
    # "Q&amp;A" and "Q&A" are one topic (they were two, one found by a query, one not).
    G = build_graph([it("https://a.com/1", path="1.md", topics=["Q&amp;A"]),
                     it("https://a.com/2", path="2.md", topics=["Q&A"])])
    assert [n for n, k in G.nodes(data="kind") if k == "topic"] == ["topic:q&a"]


CNN = "https://www.cnn.com/2020/05/06/us/tyson-plant/index.html"
CNN_AMP = "https://amp.cnn.com/cnn/2020/05/06/us/tyson-plant/index.html"


def test_a_node_is_named_by_its_canonical_address_whichever_file_is_later():
    # The later file gives only CNN's AMP address: the node keeps the www address as its
    # id and its link (it was named after the later file, amp.cnn.com/cnn/...).
    for later_path in ("a.md", "z.md"):
        early = it(CNN, path="m.md", title="Tyson closes plant", urls=(CNN, CNN_AMP),
                   published="2020-05-06T10:00:00Z")
        late = it(CNN_AMP, path=later_path, title="Tyson closes plant (updated)",
                  published="2020-05-06T12:00:00Z")
        G = build_graph([late, early])
        (node,) = [n for n, k in G.nodes(data="kind") if k == "article"]
        assert node == "article:cnn.com/2020/05/06/us/tyson-plant/index.html"
        assert G.nodes[node]["url"] == CNN
        assert G.nodes[node]["title"] == "Tyson closes plant (updated)"  # the later file's


def test_a_story_known_only_by_its_amp_address_keeps_it():
    G = build_graph([it(CNN_AMP, path="a.md", title="T"),
                     it(B, path="b.md", related=[it(CNN_AMP, title="T")])])
    assert G.nodes["article:cnn.com/cnn/2020/05/06/us/tyson-plant/index.html"]["url"] == CNN_AMP


def test_articles_filed_under_a_sites_home_page_are_two_stories():
    # Two Inquirer files give https://www.inquirer.com/ as their address: a governor's
    # order and a sports books list were one node, a "reissued page", one title hidden.
    from graphx.fields import item_from_mapping
    from graphx.model import DEFAULT_LIMITS

    def parsed(title, url, related=()):
        item, reason, _ = item_from_mapping(
            {"title": title, "webUrl": url, "related": [dict(r) for r in related]},
            path=f"{title[:4]}.md", limits=DEFAULT_LIMITS)
        assert item is not None, reason
        return item

    home = "https://www.inquirer.com/"
    wolf = parsed("Wolf gives liability protection to health-care providers", home)
    book = parsed("Need a book? Check out the favorites", home)
    other = parsed("Pa. shields health-care providers", "https://pennlive.com/x",
                   related=[{"title": wolf.title, "webUrl": home}])
    G = build_graph([wolf, book, other])
    articles = sorted(n for n, k in G.nodes(data="kind") if k == "article")
    assert articles == ["article:inquirer.com/#need-a-book-check-out-the-favorites",
                        "article:inquirer.com/#wolf-gives-liability-protection-to-health-care-"
                        "providers", "article:pennlive.com/x"]
    # The related entry with the same title lands on its own story.
    assert G.has_edge("article:pennlive.com/x", articles[1], key="related")
    assert G.nodes[articles[1]]["url"] == home and G.nodes[articles[1]]["sources"] == "Wolf.md"


KANSAS = ("https://www.usnews.com/news/best-states/kansas/articles/2020-05-06/"
          "taiwan-donates-100-000-surgical-masks-to-kansas")


def test_a_story_filed_at_another_storys_address_stays_its_own():
    # covid: US News filed "Kansas Still Mulling Inmate Releases" at the address of
    # "Taiwan Donates 100,000 Surgical Masks to Kansas"; a "reissued page" hid one of them.
    masks = it(KANSAS, path="masks.md", title="Taiwan Donates 100,000 Surgical Masks to Kansas",
               urls=(KANSAS, KANSAS + "?context=amp"), published="2020-05-06T15:57:00Z")
    inmates = it(KANSAS, path="inmates.md", urls=(KANSAS, KANSAS + "?context=amp"),
                 title="Kansas Still Mulling Inmate Releases Despite Prison Outbreak",
                 published="2020-05-07T05:59:00Z")
    other = it(B, path="b.md", related=[it(KANSAS, title=inmates.title),
                                        it(KANSAS + "?context=amp", title=masks.title)])
    merges = []
    G = build_graph([masks, inmates, other], merges=merges)
    key = KANSAS.removeprefix("https://www.")
    own = f"article:{key}#kansas-still-mulling-inmate-releases-despite-prison-outbreak"
    assert sorted(n for n, k in G.nodes(data="kind") if k == "article") == [
        "article:b.com/other", f"article:{key}", own]
    assert merges == []
    assert G.nodes[own]["sources"] == "inmates.md" and G.nodes[own]["url"] == KANSAS
    assert G.nodes[f"article:{key}"]["sources"] == "masks.md"
    # a related entry lands on the story its title names
    assert G.has_edge("article:b.com/other", own, key="related")
    assert G.has_edge("article:b.com/other", f"article:{key}", key="related")


@pytest.mark.parametrize(("url", "titles"), [
    # a live page whose headline changed over the day
    ("https://www.statesmanjournal.com/story/news/2020/05/06/salem-oregon-coronavirus-updates",
     ["Oregon coronavirus updates, May 6: Third Polk County death",
      "Oregon coronavirus updates, Wednesday: State closes nursing home"]),
    # an update whose new headline shares the story's words
    ("https://www.chron.com/news/article/Rural-California-counties-persist-in-defying-15249699.php",
     ["Mall reopens as rural California counties defy virus order",
      "Rural California counties persist in defying virus order"]),
    # no slug: nothing says whose page it is
    ("https://www.bbc.co.uk/news/business-52570936",
     ["Passengers told to wear gloves at some UK airports",
      "British Airways owner hopes to revive flights in July"]),
])
def test_a_reissued_page_stays_one_story(url, titles):
    G = build_graph([it(url, path=f"{i}.md", title=t) for i, t in enumerate(titles)])
    assert sum(1 for _, k in G.nodes(data="kind") if k == "article") == 1


def test_a_page_reissued_later_keeps_when_it_first_appeared():
    # CNBC's page at 11:00, updated at 18:00: the node shows the update, and keeps 11:00
    # for its story's first report (TechCrunch at 11:30 was "first" before).
    from graphx.analysis import add_analysis, first_report
    from graphx.coverage_report import story_rows
    from graphx.similar import add_similar_edges

    url = "https://www.cnbc.com/2020/05/06/uber-to-lay-off-3700-employees.html"
    excerpt = "Uber will lay off 3,700 employees as ride demand collapses, the company said."
    first = it(url, path="1.md", title="Uber to lay off 3,700 employees",
               published="2020-05-06T11:00:00Z", provider=("cnbc.com", "CNBC"))
    later = it(url, path="2.md", title="Uber to lay off 3,700 employees, CEO waives salary",
               published="2020-05-06T18:00:00Z", provider=("cnbc.com", "CNBC"))
    other = it("https://techcrunch.com/uber", path="3.md", title="Uber lays off 3,700 employees",
               published="2020-05-06T11:30:00Z", provider=("techcrunch.com", "TechCrunch"))
    items = [Item(**{**{f: getattr(x, f) for f in Item.__slots__}, "excerpt": excerpt})
             for x in (first, later, other)]
    G = build_graph(items)
    node = G.nodes["article:cnbc.com/2020/05/06/uber-to-lay-off-3700-employees.html"]
    assert (node["published"], node["first_published"]) == ("2020-05-06T18:00:00Z",
                                                             "2020-05-06T11:00:00Z")
    assert "first_published" not in G.nodes["article:techcrunch.com/uber"]
    add_similar_edges(G)
    add_analysis(G)
    members = [n for n, c in G.nodes(data="cluster") if c == 0]
    assert first_report(G, members) == [
        "article:cnbc.com/2020/05/06/uber-to-lay-off-3700-employees.html"]
    (row,) = story_rows(G)
    assert row["first_reported"] == "2020-05-06T11:00:00Z" and row["span"] == "7 h"


def test_a_copy_that_names_its_original_is_never_the_first_report_before_it():
    # MSN's copy, dated 22:25, names Reuters' article (22:30) as its originalUrl: it was
    # the story's "first reporter".
    from graphx.analysis import first_report

    reuters = "https://www.reuters.com/article/us-airbnb-layoffs-idUSKBN22H2ZK"
    msn = it("https://www.msn.com/en-us/money/ar-BB13Ft1Q", path="m.md", title="Airbnb cuts",
             published="2020-05-05T22:25:00Z", provider=("msn.com", "MSN"),
             urls=("https://www.msn.com/en-us/money/ar-BB13Ft1Q", reuters))
    own = it(reuters, path="r.md", title="Airbnb cuts", published="2020-05-05T22:30:00Z",
             provider=("reuters.com", "Reuters"))
    G = build_graph([msn, own])
    copy = "article:msn.com/en-us/money/ar-BB13Ft1Q"
    assert G.nodes[copy]["original"] == "article:" + reuters.split("www.")[1]
    assert first_report(G, list(G)) == [G.nodes[copy]["original"]]
    # Without the original in the corpus the copy names none, and may come first.
    G = build_graph([msn])
    assert "original" not in G.nodes[copy]


def test_topics_that_differ_by_what_shows_as_nothing_are_one_and_empty_ones_none():
    # "Coronavirus in US\u200b", "\ufeffCoronavirus in US", "Corona\u200bvirus in US" were
    # three topics printed alike; a topic of "\ufffe" alone was a node labelled "topic:".
    items = [it(f"https://a.com/{k}", path=f"{k}.md", topics=[label])
             for k, label in enumerate(["Coronavirus in US", "Coronavirus in US\u200b",
                                        "\ufeffCoronavirus in US", "Corona\u200bvirus in US",
                                        "\ufffe"])]
    G = build_graph(items)
    assert sorted(n for n, k in G.nodes(data="kind") if k == "topic") == [
        "topic:coronavirus in us"]
    assert G.nodes["topic:coronavirus in us"]["label"] == "Coronavirus in US"


def test_a_related_entry_naming_another_outlets_other_story_is_not_the_page_at_its_url():
    # Bloomberg's India story listed supplychainbrain.com's copy of itself at the address of
    # CNN's Pennsylvania post: followed, the address made the two stories related (0.951).
    cnn = "https://www.cnn.com/us/live-news/update-05-04-20/h_17b8da66f7"
    india = "India Looks to Lure More Than 1,000 U.S. Companies Out of China"
    pennsylvania = it(cnn, path="p.md", title="Pennsylvania reports more than 1,000 new "
                      "COVID-19 cases; 310 deaths", provider=("cnn.com", "CNN"))
    bloomberg = it("https://www.bloomberg.com/news/india-lure", path="b.md", title=india,
                   provider=("bloomberg.com", "Bloomberg"),
                   related=[it(cnn, title=india, provider=("supplychainbrain.com", "SCB"))])
    # ... while a copy under its own outlet's new headline, or another outlet's entry whose
    # headline tells the page's story, is still the page at that address.
    retitled = it("https://c.example/x", path="c.md", title="Oregon adds 70 cases, 2 deaths",
                  related=[it(cnn, title="CNN live updates: what we know",
                              provider=("cnn.com", "CNN"))])
    copied = it("https://d.example/y", path="d.md", title="Other news",
                related=[it(cnn, title="Pennsylvania deaths pass 3,000 as 310 more reported",
                            provider=("triblive.com", "TribLive"))])
    G = build_graph([pennsylvania, bloomberg, retitled, copied])
    page = "article:cnn.com/us/live-news/update-05-04-20/h_17b8da66f7"
    source = "article:bloomberg.com/news/india-lure"
    assert not G.has_edge(source, page)
    (entry,) = (n for n in G.successors(source) if n.startswith("article:"))
    assert entry != page and G.nodes[entry]["title"] == india
    assert G.nodes[entry]["provider"] == "supplychainbrain.com"
    assert G.has_edge("article:c.example/x", page) and G.has_edge("article:d.example/y", page)
    assert G.nodes[page]["title"].startswith("Pennsylvania")


def test_one_files_entries_at_two_stations_under_one_name_build():
    # covid credits a sanfrancisco.cbslocal.com page to "CBS Boston / WBZ": a reading list
    # naming it beside a boston. page stopped every command with a KeyError. So for two
    # pages under newsroom paths of one host.
    name = ("cbslocal.com", "CBS Boston / WBZ")
    pages = ["https://boston.cbslocal.com/2020/05/06/a", "https://sanfrancisco.cbslocal.com/b",
             "https://denver.cbslocal.com/c"]
    paths = ["https://www.cbsnews.com/newyork/news/a", "https://www.cbsnews.com/chicago/news/b"]
    digest = it("https://digest.example/list", path="d.md", title="Reading list",
                provider=("digest.example", "Digest"),
                related=[*(it(u, title=f"Page {k}", provider=name) for k, u in enumerate(pages)),
                         *(it(u, title=f"Path {k}", provider=("cbsnews.com", "CBS New York"))
                           for k, u in enumerate(paths))])
    own = [it(f"https://www.cbsnews.com/{city}/news/{k}", path=f"{city}{k}.md", title="x",
              provider=("cbsnews.com", f"CBS {city}")) for city in ("newyork", "chicago")
           for k in range(3)]
    G = build_graph([digest, *own])
    providers = {a["provider"] for _, a in G.nodes(data=True) if a.get("kind") == "article"}
    assert {"boston.cbslocal.com", "sanfrancisco.cbslocal.com",
            "denver.cbslocal.com"} <= providers
    assert all(f"provider:{p}" in G for p in providers if p)
