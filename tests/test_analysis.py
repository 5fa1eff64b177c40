"""Story clusters, labels, centrality, rankings and the coverage report, on tiny known graphs."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys

import networkx as nx
import pytest

from graphx.analysis import (
    SWEEP_ARTICLES,
    add_analysis,
    bridging,
    cluster_labels,
    cluster_table,
    clusters_from_graph,
    date_contradicted,
    first_report,
    provider_ranking,
    related_in_degree,
    story_clusters,
    story_graph,
    story_pagerank,
    top_stories,
    topic_ranking,
    url_date,
)
from graphx.coverage_report import COLUMNS, analysis_rows, md_link, md_text, report_markdown
from graphx.errors import InputError
from graphx.storylines import timeline


def add_article(G, key, title, *, provider="p.example.com", name="P",
                published="2020-05-06T10:00:00Z", topics=(), tags=()):
    """An article node as graph.py makes it, with its provider, topic and tag hubs."""
    node = f"article:{key}"
    G.add_node(node, kind="article", label=title, title=title, excerpt="", url=f"https://{key}",
               urls=f"https://{key}", published=published, provider=provider, provider_name=name,
               topics="; ".join(topics), tags="; ".join(tags), sources=f"{key}.md", has_file=True,
               type="article")
    G.add_node(f"provider:{provider}", kind="provider", label=name, domain=provider, names=name)
    G.add_edge(node, f"provider:{provider}", key="published_by", relation="published_by", count=1)
    for kind, labels in (("topic", topics), ("tag", tags)):
        for label in labels:
            G.add_node(f"{kind}:{label.casefold()}", kind=kind, label=label)
            G.add_edge(node, f"{kind}:{label.casefold()}", key="tagged", relation="tagged", count=1)
    return node


def relate(G, u, v):
    G.add_edge(u, v, key="related", relation="related", count=1)


def resemble(G, u, v, score):
    G.add_edge(u, v, key="similar", relation="similar", count=1, score=score, syndicated=False)


def two_stories(*, bridge=False):
    """Two 5-article stories, each fully linked; optionally one article linked to both."""
    G = nx.MultiDiGraph()
    a = [add_article(G, f"a.example.com/{i}", f"Smallville dam bursts after storm {i}",
                     published=f"2020-05-06T1{i}:00:00Z") for i in range(5)]
    b = [add_article(G, f"b.example.com/{i}", f"Ogdenville monorail opens to riders {i}",
                     published=f"2020-05-07T0{i}:30:00Z") for i in range(5)]
    for group in (a, b):
        for u, v in itertools.combinations(group, 2):
            relate(G, u, v)
    if bridge:
        x = add_article(G, "x.example.com/0", "Springfield mayor visits both towns")
        for v in (a[0], a[1], b[0], b[1]):
            relate(G, x, v)
    return G, set(a), set(b)


def test_two_obvious_clusters_are_found_and_ordered():
    G, a, b = two_stories()
    assert story_clusters(G) == [a, b]  # same size: the one with the smallest member id first


def test_bridge_article_scores_highest_bridging():
    G, a, b = two_stories(bridge=True)
    clusters = story_clusters(G)
    # Springfield's mayor names neither town in his title: his links join neither story.
    assert clusters == [a, b]
    scores = bridging(G, clusters)
    assert max(scores, key=scores.get) == "article:x.example.com/0"
    assert scores["article:x.example.com/0"] == 0.5  # half its links in each cluster
    assert scores["article:a.example.com/4"] == 0.0  # all its links in its own cluster


def test_hub_topic_on_every_article_does_not_merge_stories():
    G, a, b = two_stories()
    for node in sorted(a | b):
        G.add_node("topic:coronavirus", kind="topic", label="Coronavirus")
        G.add_edge(node, "topic:coronavirus", key="tagged", relation="tagged", count=1)
    assert story_clusters(G) == [a, b]


def test_big_provider_does_not_merge_stories():
    G, a, b = two_stories()
    G.add_node("provider:big.example.com", kind="provider", label="Big", domain="big.example.com",
               names="Big")
    for node in sorted(a | b):
        G.add_edge(node, "provider:big.example.com", key="published_by", relation="published_by",
                   count=1)
    for i in range(100):  # a provider with 100 more articles, none linked
        add_article(G, f"big.example.com/{i}", f"Briefing {i}", provider="big.example.com",
                    name="Big")
    assert story_clusters(G) == [a, b]


def test_similar_edges_count_by_score():
    G = nx.MultiDiGraph()
    nodes = [add_article(G, f"s.example.com/{i}", f"Story, part {i}") for i in range(4)]
    resemble(G, nodes[0], nodes[1], 0.9)
    resemble(G, nodes[2], nodes[3], 0.0)  # a zero score is no evidence
    S = story_graph(G)
    assert S[nodes[0]][nodes[1]]["weight"] == 0.9
    assert not S.has_edge(nodes[2], nodes[3])
    assert story_clusters(G) == [{nodes[0], nodes[1]}]


def test_story_scale_does_not_shrink_as_the_corpus_grows():
    G = nx.MultiDiGraph()
    chain = [add_article(G, f"c.example.com/{i}", f"Chain, part {i}") for i in range(4)]
    for u, v in itertools.pairwise(chain):
        relate(G, u, v)
    # Modularity at resolution 1 would split a chain of four in two when it is the whole
    # corpus; a penalty held at story scale keeps one chain of coverage one story, alone
    # or in a corpus with more evidence than STORY_WEIGHT.
    assert story_clusters(G) == [set(chain)]
    for i in range(1100):
        u = add_article(G, f"u.example.com/{i}", f"Pair {i}")
        relate(G, u, add_article(G, f"v.example.com/{i}", f"Pair {i}"))
    clusters = story_clusters(G)
    assert clusters[0] == set(chain)
    assert len(clusters) == 1101


def test_singletons_stay_out_of_clusters():
    G, a, b = two_stories()
    lone = add_article(G, "lone.example.com/1", "Nobody links here")
    add_analysis(G)
    assert G.nodes[lone]["cluster"] == -1
    assert G.nodes[lone]["cluster_label"] == ""
    assert all(lone not in c for c in story_clusters(G))
    assert {G.nodes[n]["cluster"] for n in a} == {0}
    assert {G.nodes[n]["cluster"] for n in b} == {1}


def test_two_runs_give_identical_clusters_and_labels():
    G, _, _ = two_stories(bridge=True)
    first = story_clusters(G, seed=0)
    assert story_clusters(G, seed=0) == first
    assert cluster_labels(G, first) == cluster_labels(G, story_clusters(G, seed=0))


def test_clusters_do_not_depend_on_string_hashing():
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); from test_analysis import two_stories;"
        "from graphx.analysis import story_clusters, cluster_labels;"
        "G = two_stories(bridge=True)[0]; c = story_clusters(G);"
        "print(json.dumps([sorted(x) for x in c] + cluster_labels(G, c)))"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"  # not this process's
    other = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root},
                           check=True).stdout
    G = two_stories(bridge=True)[0]
    clusters = story_clusters(G)
    here = [sorted(c) for c in clusters] + cluster_labels(G, clusters)
    assert json.loads(other) == here
    assert here[-2:] == ["Smallville dam bursts · storm", "Ogdenville monorail opens · riders"]


def labelled_cluster():
    """One 3-article story whose titles carry every kind of noise a label must drop."""
    G = nx.MultiDiGraph()
    titles = [
        ("planet.example.com", "Daily Planet", "Live updates: Smallville says schools reopen Monday"
                                               " - Daily Planet"),
        ("reuters.com", "Reuters", "Reuters: Smallville schools reopen, 2,300 pupils return"),
        ("news.example.com", "News", "Smallville schools reopen as coronavirus cases fall, "
                                     "mayor says | Daily Planet"),
    ]
    nodes = [add_article(G, f"{p}/{i}", t, provider=p, name=n,
                         topics=("Coronavirus", "Education Impact"))
             for i, (p, n, t) in enumerate(titles)]
    for u, v in itertools.combinations(nodes, 2):
        relate(G, u, v)
    for i in range(6):  # the rest of the corpus, so words can be judged distinctive
        add_article(G, f"other.example.com/{i}", f"Coronavirus cases rise in Shelbyville ward {i}",
                    topics=("Coronavirus",))
    return G, set(nodes)


def test_labels_keep_distinctive_words_and_drop_noise():
    G, members = labelled_cluster()
    [label] = cluster_labels(G, [members])
    assert label == "Smallville schools reopen (Education Impact)"
    words = label.casefold()
    for noise in ("live", "updates", "says", "daily", "planet", "reuters", "monday", "2", "300",
                  "coronavirus"):
        assert noise not in words.split()


def test_hub_topic_is_not_a_dominant_topic():
    G, members = labelled_cluster()
    for n in list(G):  # Education Impact now tags every article: nearly everywhere
        if G.nodes[n]["kind"] == "article":
            G.add_node("topic:education impact", kind="topic", label="Education Impact")
            G.add_edge(n, "topic:education impact", key="tagged", relation="tagged", count=1)
    [label] = cluster_labels(G, [members])
    assert label == "Smallville schools reopen"


def test_a_topic_tied_with_another_names_no_story():
    # Two articles tagged "Coronavirus in Asia" and "Coronavirus in US": the label said
    # "(Coronavirus in Asia)", the alphabet's choice (Orange County's deaths, 33 of covid's
    # 339 labels). One on every member, or on more than the other, still names it.
    from graphx.labels import dominant_topic

    asia, us = "Coronavirus in Asia", "Coronavirus in US"
    assert dominant_topic([[asia], [us]], hubs=set()) == ""
    assert dominant_topic([[asia, us], [us]], hubs=set()) == us
    assert dominant_topic([[asia, us], [asia, us]], hubs=set()) == ""
    assert dominant_topic([[asia], [asia], [us]], hubs=set()) == asia
    assert dominant_topic([[asia], [], []], hubs=set()) == ""


def test_words_side_by_side_read_as_a_phrase():
    G = nx.MultiDiGraph()
    nodes = [add_article(G, f"ns.example.com/{i}", t) for i, t in enumerate((
        "Nova Scotia nursing home outbreak grows", "Outbreak at Nova Scotia nursing home",
        "Nova Scotia home outbreak: what we know"))]
    for u, v in itertools.combinations(nodes, 2):
        relate(G, u, v)
    for i in range(5):
        add_article(G, f"x.example.com/{i}", f"Unrelated market update {i}")
    assert cluster_labels(G, [set(nodes)]) == ["Nova Scotia · outbreak · home"]


def test_cluster_table_rows():
    G, a, b = two_stories()
    add_article(G, "c.example.com/9", "Ogdenville monorail opens to riders",
                provider="c.example.com", published="2020-05-07T00:30:00Z")
    relate(G, "article:c.example.com/9", "article:b.example.com/0")
    clusters = story_clusters(G)
    rows = cluster_table(G, clusters, ["B", "A"])
    assert rows[0] == {
        "id": 0, "label": "B", "size": 6, "providers": 2,
        "first": "2020-05-07T00:30:00Z", "last": "2020-05-07T04:30:00Z", "span": "4 h",
        "span_hours": 4.0, "first_reporters": "c.example.com; p.example.com",
        "first_reported": "2020-05-07T00:30:00Z", "first_article": "article:b.example.com/0",
        "theme": -1, "theme_label": "",
    }
    assert rows[1]["span"] == "4 h" and rows[1]["first_reporters"] == "p.example.com"



def test_pagerank_matches_networkx_and_related_in_counts_citations():
    G, a, b = two_stories(bridge=True)
    add_article(G, "p.example.com/9", "Alone")
    resemble(G, "article:a.example.com/0", "article:b.example.com/4", 0.5)
    D = nx.DiGraph()
    D.add_nodes_from(n for n, k in G.nodes(data="kind") if k == "article")
    for u, v, k, d in G.edges(keys=True, data=True):
        if k == "related":
            D.add_edge(u, v, weight=1.0)
        elif k == "similar":
            D.add_edge(u, v, weight=d["score"])
            D.add_edge(v, u, weight=d["score"])
    resemble(G, "article:a.example.com/1", "article:p.example.com/9", 0.0)  # no vote at all
    expected = nx.pagerank(D, weight="weight")
    got = story_pagerank(G)
    assert got.keys() == expected.keys()
    assert all(abs(got[n] - expected[n]) < 1e-9 for n in expected)
    cited = related_in_degree(G)
    assert cited["article:a.example.com/4"] == 4  # a0..a3 list it
    assert cited["article:a.example.com/0"] == 1  # only x lists it
    assert cited["article:x.example.com/0"] == 0


def test_add_analysis_writes_the_contract_attributes():
    G, a, b = two_stories(bridge=True)
    add_analysis(G)
    article = G.nodes["article:a.example.com/0"]
    assert set(article) >= {"cluster", "cluster_label", "pagerank", "related_in", "bridging"}
    assert isinstance(article["pagerank"], float) and isinstance(article["cluster"], int)
    provider = G.nodes["provider:p.example.com"]
    assert (provider["degree"], provider["articles"]) == (11, 11)
    assert clusters_from_graph(G) == (story_clusters(G), cluster_labels(G, story_clusters(G)))


def test_rankings():
    G, a, b = two_stories(bridge=True)
    for n in sorted(b):
        G.nodes[n]["provider"] = "q.example.com"
        G.remove_edge(n, "provider:p.example.com", key="published_by")
        G.add_node("provider:q.example.com", kind="provider", label="Q", domain="q.example.com",
                   names="Q")
        G.add_edge(n, "provider:q.example.com", key="published_by", relation="published_by",
                   count=1)
        G.add_node("topic:transport", kind="topic", label="Transport")
        G.add_edge(n, "topic:transport", key="tagged", relation="tagged", count=1)
        G.add_node("topic:rail", kind="topic", label="Rail")
        G.add_edge(n, "topic:rail", key="tagged", relation="tagged", count=1)
    clusters = story_clusters(G)
    assert provider_ranking(G, clusters) == [
        {"provider": "p.example.com", "name": "P", "articles": 6, "clusters": 1,
         "first_reports": 1, "related_in": 12},
        {"provider": "q.example.com", "name": "Q", "articles": 5, "clusters": 1,
         "first_reports": 1, "related_in": 12},
    ]
    assert topic_ranking(G, clusters) == [
        {"topic": "Rail", "articles": 5, "clusters": 1, "co_topics": "Transport (5)"},
        {"topic": "Transport", "articles": 5, "clusters": 1, "co_topics": "Rail (5)"},
    ]
    top = top_stories(G, 2)
    assert [r["rank"] for r in top] == [1, 2]
    assert top[0]["pagerank"] >= top[1]["pagerank"]
    G.nodes[top[0]["id"]]["cluster"] = -1  # an article in no story: no value, never -1
    assert top_stories(G, 1)[0]["cluster"] is None


HOSTILE = '<script>alert(1)</script> [x](javascript:alert(1)) | *bold* `code` &amp; <img src=x>'


def test_report_escapes_hostile_titles_and_urls():
    G, a, b = two_stories()
    for n in sorted(a):
        G.nodes[n].update(title=HOSTILE, label=HOSTILE, url="javascript:alert(1)")
    G.nodes["provider:p.example.com"]["label"] = "<b>P</b>"
    add_analysis(G)
    md = report_markdown(G)
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert not re.search(r"(?<!\\)\]\(javascript", md)  # no link, only escaped text
    assert md_text(HOSTILE) in md
    for table in re.findall(r"(?m)(?:^\|.*\n)+", md):  # every row keeps its header's cells
        assert len({len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}) == 1


def test_md_helpers():
    assert md_text("a|b *c* [d](e) <f> & _g_\n h") == (
        "a\\|b \\*c\\* \\[d\\](e) &lt;f&gt; & \\_g\\_ h"
    )
    assert md_link("t", "https://x.example.com/a b(c)") == "[t](https://x.example.com/a%20b%28c%29)"
    assert md_link("t", "javascript:alert(1)") == "t"


def test_analysis_rows_for_each_table():
    G, a, b = two_stories(bridge=True)
    G.add_node("topic:rail", kind="topic", label="Rail")
    G.add_edge("article:b.example.com/0", "topic:rail", key="tagged", relation="tagged", count=1)
    add_analysis(G)
    for show, columns in COLUMNS.items():
        got_columns, rows = analysis_rows(G, show)
        assert got_columns == columns and rows
    assert len(analysis_rows(G, "stories")[1]) == 11
    with pytest.raises(InputError):
        analysis_rows(G, "everything")


def test_a_roundup_is_attached_to_one_story_not_merging_two():
    """An AP-style round-up linked to two stories joins the one it has most evidence with."""
    G, a, b = two_stories()
    roundup = add_article(G, "ap.example.com/latest", "The Latest: Smallville dam bursts; "
                          "Ogdenville monorail opens", published="2020-05-06T09:00:00Z")
    for v in ("article:a.example.com/0", "article:a.example.com/1", "article:b.example.com/0"):
        relate(G, roundup, v)
    clusters = story_clusters(G)
    assert clusters == [a | {roundup}, b]
    add_analysis(G)
    assert G.nodes[roundup]["roundup"] is True
    assert not any(G.nodes[n]["roundup"] for n in a | b)
    # Published first, but a round-up: the story's first report is its own first article.
    assert first_report(G, a | {roundup}) == ["article:a.example.com/0"]


def test_a_pair_alike_in_wording_to_other_companies_results_is_no_roundup():
    """Five companies' results of one day, a Reuters and a CNBC report each: Microsoft's
    reports were also alike in wording (0.41) to the other four's, so each read as a
    round-up of four stories, and the strongest pair of all (0.76) made no story."""
    G = nx.MultiDiGraph()
    results = {"Apple": "iPhone sales rose 13%", "Microsoft": "Azure cloud revenue grew 39%",
               "Amazon": "AWS sales rose 17%", "Alphabet": "search ad revenue rose 12%",
               "Meta": "ad revenue rose 22%"}
    pairs = {}
    for company, figure in results.items():
        pairs[company] = [
            add_article(G, f"reuters.example.com/{company}",
                        f"{company} beats quarterly revenue estimates as {figure}",
                        provider="reuters.example.com", published="2025-07-31T20:15:00Z"),
            add_article(G, f"cnbc.example.com/{company}", f"{company} earnings beat: {figure}",
                        provider="cnbc.example.com", published="2025-07-31T20:30:00Z")]
        resemble(G, *pairs[company], 0.76)
    for company in results:
        if company != "Microsoft":
            for ours, theirs in zip(pairs["Microsoft"], pairs[company], strict=True):
                resemble(G, ours, theirs, 0.41)
    assert sorted(story_clusters(G), key=min) == sorted(map(set, pairs.values()), key=min)
    add_analysis(G)
    assert not any(G.nodes[n]["roundup"] for pair in pairs.values() for n in pair)


def test_templated_reports_of_other_places_stay_apart():
    """The aggregator links daily figures of different places; they are not one story."""
    G = nx.MultiDiGraph()
    oregon = [add_article(G, f"or{i}.example.com/1", "Oregon reports 2 new deaths, 70 new cases",
                          provider=f"or{i}.example.com", published=f"2020-05-06T1{i}:00:00Z")
              for i in range(3)]
    ohio = [add_article(G, f"oh{i}.example.com/1", "Ohio reports 5 new deaths, 90 new cases",
                        provider=f"oh{i}.example.com", published=f"2020-05-06T1{i}:30:00Z")
            for i in range(3)]
    for u, v in itertools.combinations(oregon + ohio, 2):
        relate(G, u, v)
    assert story_clusters(G) == [set(ohio), set(oregon)]
    add_analysis(G)
    # One theme holds both: the links say the coverage is related, not the same story.
    assert len({G.nodes[n]["theme"] for n in oregon + ohio}) == 1
    assert G.nodes[oregon[0]]["theme_label"]


def test_two_storms_sharing_only_a_category_are_two_stories():
    """Reports of two hurricanes the same day ("Category 4" Delphine in Florida, "Category 2"
    Felix in Mexico): a larger folder made the words they share rarer, so a similar edge
    joined Felix's report to Delphine's, and "Category" read as a name both said."""
    G = nx.MultiDiGraph()
    texts = [
        ("nyt.example.com/delphine",
         "Hurricane Delphine makes landfall near Tampa as a Category 4 storm",
         "Hurricane Delphine made landfall south of Tampa Bay late Tuesday.", "23:30"),
        ("wesh.example.com/delphine",
         "Delphine landfall: Category 4 hurricane slams Florida Gulf coast",
         "Delphine came ashore near Sarasota as a Category 4 hurricane.", "23:50"),
        ("reuters.example.com/felix", "Hurricane Felix hits Mexico's Pacific coast near Acapulco",
         "Hurricane Felix made landfall near Acapulco on Tuesday as a Category 2 storm.", "18:00"),
        ("elpais.example.com/felix", "Hurricane Felix floods Acapulco hotels, thousands evacuated",
         "Tourists were evacuated from Acapulco hotels as Hurricane Felix struck.", "21:00"),
    ]
    nodes = []
    for key, title, excerpt, time in texts:
        nodes.append(add_article(G, key, title, provider=key.split("/")[0],
                                 published=f"2025-09-09T{time}:00Z"))
        G.nodes[nodes[-1]]["excerpt"] = excerpt
    delphine, felix = nodes[:2], nodes[2:]
    resemble(G, *delphine, 0.44)
    resemble(G, *felix, 0.44)
    resemble(G, felix[0], delphine[1], 0.37)
    assert story_clusters(G) == [set(felix), set(delphine)]


@pytest.mark.parametrize(("one", "other", "stories"), [
    ("UK", "Britain", 1), ("U.K.", "United Kingdom", 1), ("Kyiv", "Kiev", 1),
    ("Turkey", "Türkiye", 1), ("US", "United States", 1), ("Czechia", "Czech Republic", 1),
    ("Austria", "Australia", 2),  # other places stay apart
])
def test_a_country_or_city_under_two_names_is_one_story(one, other, stories):
    # "UK extends furlough scheme" and "Britain extends furlough scheme", linked both ways,
    # named nothing in common and were two stories (names_agree kept them apart).
    G = nx.MultiDiGraph()
    a = [add_article(G, f"a{i}.example.com/1", f"{one} extends furlough scheme to October",
                     provider=f"a{i}.example.com", published=f"2020-05-12T1{i}:00:00Z")
         for i in range(2)]
    b = [add_article(G, f"b{i}.example.com/1", f"{other} extends furlough scheme to October",
                     provider=f"b{i}.example.com", published=f"2020-05-12T1{i}:30:00Z")
         for i in range(2)]
    for u, v in itertools.combinations(a + b, 2):
        relate(G, u, v)
    assert sorted(map(sorted, story_clusters(G))) == (
        [sorted(a + b)] if stories == 1 else sorted([sorted(a), sorted(b)]))


def test_one_wire_story_carried_by_hundreds_of_outlets_is_one_story_without_a_dense_sweep(
        monkeypatch):
    # 3,000 outlets carrying one AP text made a path of 3,000 nodes: Louvain took 20 s and
    # the thin-cut sweep 511 dense eigensolves (cubic in the cluster's size).
    import numpy as np

    from graphx.similar import add_similar_edges

    G = nx.MultiDiGraph()
    copies = [add_article(G, f"o{i}.example.com/wire-copy", "Fenwick launches Aurora 7 phone, "
                          "betting on camera upgrade", provider=f"o{i}.example.com",
                          published=f"2026-03-10T{10 + i // 60:02d}:{i % 60:02d}:00Z")
              for i in range(SWEEP_ARTICLES + 100)]
    for n in copies:
        G.nodes[n]["excerpt"] = "SAN FRANCISCO (AP) — Fenwick unveiled its Aurora 7 phone."
    add_similar_edges(G)
    solves = []
    eigh = np.linalg.eigh
    monkeypatch.setattr(np.linalg, "eigh", lambda *a, **k: solves.append(1) or eigh(*a, **k))
    assert story_clusters(G) == [set(copies)]
    assert len(solves) <= 1


def test_calls_of_other_states_sharing_only_the_nights_common_names_stay_apart():
    # Election night: each outlet's "Trump wins Georgia" and "Harris wins Virginia" calls
    # share "CNN Projection", "AP" or a candidate, names many headlines hold, and each names
    # a state the other does not: they were one story of 36 calls of seven states.
    G = nx.MultiDiGraph()
    calls = {}
    outlets = [("cnn.com", "CNN", "CNN Projection: {} wins {}"),
               ("apnews.com", "Associated Press", "{} wins {}, AP projects"),
               ("nbcnews.com", "NBC News", "{} wins {}, NBC News projects"),
               ("foxnews.com", "Fox News", "Fox News Decision Desk projects {} wins {}")]
    for k, (who, state) in enumerate([("Trump", "Georgia"), ("Trump", "Texas"),
                                      ("Harris", "Virginia"), ("Harris", "Minnesota")]):
        calls[state] = [add_article(G, f"{domain}/{state}", pattern.format(who, state),
                                    provider=domain, name=name,
                                    published=f"2020-11-04T0{k}:{10 + o}:00Z")
                        for o, (domain, name, pattern) in enumerate(outlets)]
    for nodes in calls.values():
        for u, v in itertools.combinations(nodes, 2):
            relate(G, u, v)  # the aggregator links each state's calls
    for i in range(40):
        add_article(G, f"other.example.com/{i}", f"Unrelated story {i} about markets")
    from graphx.similar import add_similar_edges

    add_similar_edges(G)  # one outlet's calls read alike, state after state
    across = [(u, v) for u, v, k in G.edges(keys=True) if k == "similar"
              and "/" in u and "/" in v and u.rsplit("/", 1)[1] != v.rsplit("/", 1)[1]
              and "other." not in u + v]
    assert across  # similar edges join other states' calls: evidence, but of what?
    found = [c for c in story_clusters(G) if not any("other." in n for n in c)]
    assert sorted(map(sorted, found)) == sorted(map(sorted, calls.values()))


def test_one_outlets_daily_series_pages_of_other_days_are_no_story():
    # "Stock market today: ..." of three days, linked to one another, were one "story" of
    # two days; the same page republished under its headline stays one story.
    from graphx.roundups import StoryText

    G = nx.MultiDiGraph()
    days = [add_article(G, f"cnbc.com/{d}", f"Stock market today: Dow futures move after "
                        f"earnings from {firms}", provider="cnbc.com", name="CNBC",
                        published=f"2025-10-{d}T21:00:00Z")
            for d, firms in ((29, "Microsoft, Alphabet"), (30, "Apple, Amazon"),
                             (31, "Exxon, Chevron"))]
    again = [add_article(G, f"asiasociety.org/{d}", title, provider="asiasociety.org",
                         published=f"2020-05-0{d}T11:00:00Z")
             for d, title in ((7, "Indonesia and COVID-19: At the Crossroads"),
                              (9, "Indonesia and COVID 19: At the Crossroads"))]
    # ... and a template's opening without a colon: a product blog's two features a day
    # apart ("Announcing General Availability (GA) of ...") had made a story; two days'
    # figures of one wire ("... for fourth / sixth straight day") too
    template = [add_article(G, f"powerapps.microsoft.com/{d}", f"Announcing General "
                            f"Availability (GA) of {what}", provider="powerapps.microsoft.com",
                            published=f"2022-02-0{d}T06:00:00Z")
                for d, what in ((8, "code components for portals"),
                                (9, "portals support for Query data using the Web API"))]
    nodes = days + again + template
    text = StoryText(G, nodes)
    assert not text.same_story(0, 1) and not text.same_story(1, 2)
    assert text.same_story(3, 4)  # the same headline, "-" or not: one page republished
    assert text.series_days(5, 6) and not text.same_story(5, 6)


def test_first_report_skips_a_member_about_the_story_only_in_passing():
    G, a, b = two_stories()
    early = add_article(G, "m.example.com/markets", "Markets rally on Smallville dam news, "
                        "oil prices and earnings", published="2020-05-06T01:00:00Z")
    for v in sorted(a)[:2]:
        relate(G, early, v)
    members = a | {early}
    assert first_report(G, members) == ["article:a.example.com/0"]
    assert first_report(G, a) == ["article:a.example.com/0"]


def test_report_shows_the_first_reporter_and_the_theme():
    G, a, b = two_stories()
    add_analysis(G)
    md = report_markdown(G)
    assert ("| # | story | in a sentence | outlets | articles | PageRank | first reporter |"
            in md)
    assert "[P, 2020-05-06 10:00 UTC](https://a.example.com/0)" in md
    assert "| Smallville dam bursts · storm | 1 | 5 | 5 | Smallville dam bursts · storm |" in md


def test_a_roundup_and_the_one_article_of_its_lead_item_make_a_story():
    """A live page whose strongest evidence is an article of no other story joins it: the
    two are one story, the article its first report; round-ups alone make none."""
    G, a, b = two_stories()
    lead = add_article(G, "wa.example.com/1", "Washington state reports 15,905 cases, 870 deaths",
                       published="2020-05-06T23:41:00Z")
    live = add_article(G, "live.example.com/1", "Live updates: 870 deaths, 15,905 coronavirus "
                       "cases in Washington state; Inslee extends order",
                       published="2020-05-06T23:38:00Z")
    other = add_article(G, "live.example.com/2", "Live updates: Smallville dam; Ogdenville "
                        "monorail opens to riders", published="2020-05-07T23:00:00Z")
    relate(G, live, lead)
    relate(G, live, other)
    clusters = story_clusters(G)
    assert {live, lead} in clusters
    assert all(other not in c for c in clusters)
    add_analysis(G)
    assert G.nodes[live]["roundup"] and G.nodes[other]["roundup"]
    assert first_report(G, {live, lead}) == [lead]


def test_a_wire_copy_is_not_another_story_its_links_reach():
    """Links to an article's own syndicated copy and two loose neighbours are not a round-up's."""
    G = nx.MultiDiGraph()
    copy = [add_article(G, f"{p}.example.com/loans", "Nearly $12.7 billion in relief loans "
                        "approved for Virginia small businesses", provider=f"{p}.example.com")
            for p in ("danville", "richmond")]
    loose = [add_article(G, "or.example.com/1", "Oregon businesses get federal loans"),
             add_article(G, "us.example.com/1", "States hit hardest get least relief money")]
    for n in copy:
        G.nodes[n]["group"] = "g:loans"
        for v in loose:
            resemble(G, n, v, 0.4)
    resemble(G, copy[0], copy[1], 1.0)
    add_analysis(G)
    assert not any(G.nodes[n]["roundup"] for n in copy)
    assert G.nodes[copy[0]]["cluster"] == G.nodes[copy[1]]["cluster"] >= 0


def test_a_page_that_was_a_live_page_when_it_first_appeared_is_no_first_report():
    # The Guardian's "England v Denmark: Euro 2028 – live" (30 minutes before kick-off),
    # later "... – as it happened": the node shows the later title but is dated by the
    # live version, and was the result's first report.
    G, a, b = two_stories()
    members = sorted(a)
    page = members[-1]
    G.nodes[page].update(first_published="2020-05-06T00:30:00Z",
                         titles="Smallville dam breaks – live; Smallville dam breaks – as it "
                                "happened")
    assert first_report(G, a) != [page]


def test_a_live_streams_page_is_not_the_first_report():
    G, a, b = two_stories()
    stream = add_article(G, "tv.example.com/live", "WATCH LIVE AT 1:30: Smallville mayor to "
                         "speak on dam", published="2020-05-06T01:00:00Z")
    assert first_report(G, a | {stream}) == ["article:a.example.com/0"]
    assert first_report(G, {stream}) == [stream]  # unless it is all there is


def harbour_fire(G):
    """Reuters 10:00, AP 11:00, SF Chronicle 12:00 and Mercury News 13:00 on one story, each
    with a file, and evil.example's page that only the Mercury News' related entry lists,
    dated by that entry a day before everyone (hostile13 #4)."""
    filed = [add_article(G, f"{site}.example.com/harbour-fire", f"Port of Oakland harbour fire "
                         f"closes container terminal, {site} says", provider=f"{site}.example.com",
                         name=site, published=f"2020-05-07T{hour}:00:00Z")
             for site, hour in (("reuters", 10), ("ap", 11), ("sfchronicle", 12),
                                ("mercurynews", 13))]
    entry = add_article(G, "evil.example/scoop/harbour-fire", "Port of Oakland harbour fire "
                        "closes container terminal", provider="evil.example", name="Evil Scoop",
                        published="2020-05-06T08:00:00Z")
    G.nodes[entry].update(has_file=False, sources="")
    for u, v in itertools.combinations([*filed, entry], 2):
        relate(G, u, v)
    return filed, entry


def test_an_article_no_file_holds_is_no_first_report_when_its_own_address_dates_it_otherwise():
    # One related entry dated evil.example's page a day before everyone; covid's National
    # Observer was first "at 2020-05-06 08:00" from one CTV entry, its address saying
    # /2020/05/07/ (hostile13 #4).
    G = nx.MultiDiGraph()
    filed, entry = harbour_fire(G)
    reuters, members = filed[0], {*filed, entry}
    # Nothing says otherwise: it stays first (the report says how it is known).
    assert first_report(G, members) == [entry]
    # Its address's date contradicts the entry's: a day no time zone puts 08:00 UTC on.
    G.nodes[entry]["url"] = "https://evil.example/2020/05/07/harbour-fire"
    assert first_report(G, members) == [reuters]
    # It agrees, in the address or one of its URL variants.
    G.nodes[entry]["urls"] = "https://evil.example/news/20200506/harbour-fire"
    assert first_report(G, members) == [entry]
    G.nodes[entry].update(url="https://evil.example/2020/05/06/harbour-fire", urls="")
    assert first_report(G, members) == [entry]
    # A file of its own dates it: the address is not asked.
    G.nodes[entry].update(url="https://evil.example/2020/05/07/harbour-fire", has_file=True)
    assert first_report(G, members) == [entry]
    # Among members no file holds, the one its address contradicts still comes last...
    G.nodes[entry]["has_file"] = False
    for n in members - {entry}:
        G.nodes[n].update(has_file=False)
    assert first_report(G, members) == [reuters]
    # ...unless it is all there is.
    assert first_report(G, {entry}) == [entry]


@pytest.mark.parametrize(("url", "day"), [
    ("https://www.nationalobserver.com/2020/05/07/features/canada", "2020-05-07"),
    ("https://www.seacoastonline.com/zz/news/20200506/in-reversal", "2020-05-06"),
    ("https://www.chicagotribune.com/ct-nw-task-force-20200506-66url-story.html", "2020-05-06"),
    ("https://www.theguardian.com/world/live/2020/may/07/coronavirus-live", "2020-05-07"),
    ("https://example.com/2020-5-7-a", "2020-05-07"),
    ("https://example.com/2020/13/40/then/2020/05/01/", "2020-05-01"),  # no such day first
    ("https://time.com/5832531/judge-restores-new-york-primary/", ""),
    ("https://www.newsobserver.com/news/article242526431.html", ""),
    ("https://example.com/a?from=2020/05/07", ""),  # the query is no part of the path
])
def test_url_date_reads_the_date_an_address_names(url, day):
    assert url_date(url) == day


DATED = "https://example.com/2020/05/07/story"


@pytest.mark.parametrize(("url", "published", "day_only", "contradicted"), [
    (DATED, "2020-05-06T10:00:00Z", False, False),  # 00:00 at UTC+14
    (DATED, "2020-05-06T09:59:00Z", False, True),
    (DATED, "2020-05-08T11:59:00Z", False, False),  # 23:59 at UTC-12
    (DATED, "2020-05-08T12:00:00Z", False, True),
    (DATED, "2020-05-07", True, False),
    (DATED, "2020-05-06", True, True),
    ("https://example.com/story", "2020-05-01T00:00:00Z", False, False),  # no date to say
    (DATED, "", False, False),
])
def test_an_address_contradicts_a_time_that_fell_on_its_day_in_no_time_zone(
        url, published, day_only, contradicted):
    attrs = {"url": url, "published": published, "day_only": day_only}
    assert date_contradicted(attrs) is contradicted


def test_first_report_is_asked_again_after_a_change_that_decides_it():
    # Remembered per story for the report, the story list and the map; a member's new date,
    # a member marked a round-up, or a new article, gives a new answer.
    G, a, b = two_stories()
    first, second = sorted(a)[:2]
    assert first_report(G, a) == [first]
    G.nodes[second]["published"] = "2020-05-05T00:00:00Z"
    assert first_report(G, a) == [second]
    G.nodes[second]["roundup"] = True
    assert first_report(G, a) == [first]
    late = add_article(G, "z.example.com/0", "Smallville dam bursts",
                       published="2020-05-01T00:00:00Z")
    assert first_report(G, a | {late}) == [late]


def test_an_article_dated_by_its_day_alone_is_first_only_when_nothing_came_earlier_that_day():
    # a.example.com/0 appeared at 10:00 on 6 May; a day-only date of 6 May could be any time
    # that day, so it does not take the first report; of 5 May, it does.
    G, a, b = two_stories()
    day = add_article(G, "d.example.com/0", "Smallville dam bursts after storm",
                      published="2020-05-06T00:00:00Z")
    for v in a:
        relate(G, day, v)
    G.nodes[day]["day_only"] = True
    assert first_report(G, a | {day}) == ["article:a.example.com/0"]
    assert timeline(G, a | {day})[0]["id"] == "article:a.example.com/0"
    G.nodes[day]["published"] = "2020-05-05T00:00:00Z"
    assert first_report(G, a | {day}) == [day]


def test_a_day_only_date_is_read_flagged_and_said(tmp_path):
    from graphx.files import load

    for name, date in (("day.md", "2020-05-07"), ("quoted.md", "'2020-05-07'"),
                       ("time.md", "2020-05-07T00:00:00Z")):
        (tmp_path / name).write_text(f"---\ntitle: T\nwebUrl: https://e.com/{name}\n"
                                     f"publishedDateTime: {date}\n---\n", encoding="utf-8")
    items, report = load([str(tmp_path)], cache=None)
    flags = {i.path.rsplit("/", 1)[-1]: (i.published, i.day_only) for i in items}
    assert flags == {"day.md": ("2020-05-07T00:00:00Z", True),
                     "quoted.md": ("2020-05-07T00:00:00Z", True),
                     "time.md": ("2020-05-07T00:00:00Z", False)}
    said = {f.path.rsplit("/", 1)[-1]: f.warnings for f in report.files}
    assert said["day.md"] == ("publishedDateTime: 2020-05-07 gives no time of day; it is "
                              "never put before an article of that day that gives one",)
    assert said["time.md"] == ()


def test_fill_in_the_blank_reports_of_different_places_are_no_wire_copies():
    # The same excerpt with other figures scores as a copy; titles naming different places
    # say it is not one. Oklahoma's two outlets stay copies of each other.
    from graphx.similar import add_similar_edges

    G = nx.MultiDiGraph()
    text = ("State health officials reported {} new deaths from COVID-19 on Thursday, "
            "bringing the statewide total to {}. The number of confirmed cases rose.")
    made = {}
    for key, place, total, provider in (("koco.com/ok", "Oklahoma", 243, "koco.com"),
                                        ("news9.com/ok", "Oklahoma", 243, "news9.com"),
                                        ("katv.com/ar", "Arkansas", 97, "katv.com"),
                                        ("kwch.com/ks", "Kansas", 168, "kwch.com")):
        made[key] = add_article(G, key, f"{place} reports 5 more COVID-19 deaths",
                                provider=provider, published="2020-05-07T17:00:00Z")
        G.nodes[made[key]]["excerpt"] = text.format(5, total)
    for i in range(3):  # the corpus spells Oklahoma, Arkansas and Kansas as names elsewhere
        for place in ("Oklahoma", "Arkansas", "Kansas"):
            add_article(G, f"x.example.com/{place}{i}", f"Governor of {place} speaks on "
                        f"{place} budget {i}", published="2020-05-06T10:00:00Z")
    add_similar_edges(G)
    assert len({G.nodes[n]["group"] for n in made.values()} - {""}) == 1  # all four, before
    add_analysis(G)
    groups = {k: G.nodes[n]["group"] for k, n in made.items()}
    assert groups == {"koco.com/ok": "g:koco.com/ok", "news9.com/ok": "g:koco.com/ok",
                      "katv.com/ar": "", "kwch.com/ks": ""}
    arkansas = made["katv.com/ar"]
    flags = [d["syndicated"] for u, v, k, d in G.edges(keys=True, data=True)
             if k == "similar" and arkansas in (u, v)]
    assert flags and not any(flags)  # its edges say so too


def test_one_outlets_two_pages_with_other_figures_are_no_copies():
    # Same outlet, near-identical text, hours apart: a republished article is one article
    # twice; "Dow up about 200 points" and "Dow up nearly 400 points" are two moments.
    from graphx.similar import add_similar_edges

    G = nx.MultiDiGraph()
    text = ("Stocks rose on Thursday as investors looked past more job losses and weak data, "
            "betting that reopening plans in several states would lift consumer spending, "
            "while bond yields edged higher and oil prices climbed for a third session.")
    vaccine = ("The U.S. Food and Drug Administration approved Valneva's Ixchiq, the first "
               "vaccine for chikungunya, a mosquito-borne virus, for adults{}.")
    pairs = {"dow": ("Dow up 200 points despite more job losses",  # alike enough to be
                     "Dow up 400 points despite more job losses"),  # copies, by the text
             "jazz": ("Utah Jazz stars put coronavirus feud behind them",
                      "Utah Jazz stars put coronavirus feud behind them"),
             # An update adds a figure to its excerpt
             "update": ("FDA approves first chikungunya vaccine",
                        "UPDATE 1-FDA approves first chikungunya vaccine"),
             # ... but gives no other figure for one it said
             "other": ("FDA approves first dengue vaccine", "FDA approves first dengue vaccine")}
    excerpts = {"dow": (text, text), "jazz": ("Gobert and Mitchell.",) * 2,
                "update": (vaccine.format(""), vaccine.format(" aged 18 and older")),
                "other": (vaccine.format(" aged 16 and older").replace("chikungunya", "dengue"),
                          vaccine.format(" aged 18 and older").replace("chikungunya", "dengue"))}
    made = {}
    for key, (first, second) in pairs.items():
        for i, title in enumerate((first, second)):
            made[key, i] = add_article(G, f"mw.example.com/{key}{i}", title,
                                       provider="mw.example.com",
                                       published=f"2020-05-07T1{i}:00:00Z")
            G.nodes[made[key, i]]["excerpt"] = excerpts[key][i]
    for i in range(20):
        add_article(G, f"other.example.com/{i}", f"Unrelated story number {i} about markets")
    add_similar_edges(G)
    for key in pairs:
        assert G.nodes[made[key, 0]]["group"] == G.nodes[made[key, 1]]["group"] != "", key
    add_analysis(G)
    for key in ("jazz", "update"):
        assert G.nodes[made[key, 0]]["group"] == G.nodes[made[key, 1]]["group"] != "", key
    for key in ("dow", "other"):
        assert G.nodes[made[key, 0]]["group"] == G.nodes[made[key, 1]]["group"] == "", key


def test_one_places_daily_reports_of_other_figures_are_no_wire_copies():
    # One template, three outlets, three days: "Oklahoma reports 5 / 7 / 12 more deaths".
    from graphx.similar import add_similar_edges

    G = nx.MultiDiGraph()
    text = ("State health officials reported new deaths from COVID-19, bringing the statewide "
            "total higher as the number of confirmed cases rose again across the state.")
    made = []
    for i, (n, provider) in enumerate(((5, "koco.com"), (7, "news9.com"), (12, "kfor.com"))):
        made.append(add_article(G, f"{provider}/ok{i}",
                                f"Oklahoma reports {n} more COVID-19 deaths",
                                provider=provider, published=f"2020-05-0{6 + i}T17:00:00Z"))
        G.nodes[made[-1]]["excerpt"] = text
    copy = add_article(G, "kswo.com/ok", "Oklahoma reports 12 more COVID-19 deaths",
                       provider="kswo.com", published="2020-05-08T18:00:00Z")
    G.nodes[copy]["excerpt"] = text
    for i in range(20):
        add_article(G, f"other.example.com/{i}", f"Unrelated story number {i} about markets")
    add_similar_edges(G)
    assert len({G.nodes[n]["group"] for n in (*made, copy)}) == 1  # all one, by the text
    add_analysis(G)
    groups = [G.nodes[n]["group"] for n in (*made, copy)]
    assert groups[0] == groups[1] == "" and groups[2] == groups[3] != ""


def test_a_day_only_date_does_not_stretch_its_storys_span():
    # 15:00 and 18:00 beside "2020-05-06" with no time: 3 hours, not 18.
    G, a, b = two_stories()
    day = add_article(G, "d.example.com/0", "Smallville dam bursts after storm",
                      published="2020-05-06T00:00:00Z")
    G.nodes[day]["day_only"] = True
    for v in a:
        relate(G, day, v)
    (row,) = cluster_table(G, [a | {day}], ["dam"])
    assert (row["first"], row["span"]) == ("2020-05-06T10:00:00Z", "4 h")
    # A day-only date of another day counts as the least it can add: the next day's paper
    # from that day's start (the story ran into it), not its 00:00 read as a time of the
    # day before ...
    G.nodes[day]["published"] = "2020-05-07T00:00:00Z"
    (row,) = cluster_table(G, [a | {day}], ["dam"])
    assert (row["first"], row["last"], row["span"]) == (
        "2020-05-06T10:00:00Z", "2020-05-07", "14 h")
    # ... and a release of the day before from that day's end: the story started after its
    # own first report ("first reported ... 2020-05-05" beside a first of 6 May, 10:00).
    G.nodes[day]["published"] = "2020-05-05T00:00:00Z"
    (row,) = cluster_table(G, [a | {day}], ["dam"])
    assert (row["first"], row["last"], row["span"], row["first_reported"]) == (
        "2020-05-05", "2020-05-06T14:00:00Z", "14 h", "2020-05-05")


@pytest.mark.parametrize(("copies", "tails"), [(30, True), (150, False)])
def test_one_wire_story_carried_by_many_outlets_is_one_story(copies, tails):
    # 30 copies made three stories of their 8-neighbour similar edges (labels told apart by
    # "· 6 May" and "#2"); 150 identical ones shared every word past the index's document
    # frequency cap and made no story at all.
    from graphx.similar import add_similar_edges

    G = nx.MultiDiGraph()
    excerpt = "The governor announced a plan to reopen state beaches and parks next week."
    for k in range(copies):
        node = add_article(G, f"s{k}.example.com/story", "Governor announces reopening plan for "
                           "beaches and parks", provider=f"s{k}.example.com", name=f"S{k}",
                           published=f"2020-05-06T{10 + k // 60:02d}:{k % 60:02d}:00Z")
        tail = ("", " Officials said.", " The order takes effect Friday.")[k % 3] if tails else ""
        G.nodes[node]["excerpt"] = excerpt + tail
    add_similar_edges(G)
    assert len({g for _, g in G.nodes(data="group") if g}) == 1
    assert [len(c) for c in story_clusters(G)] == [copies]


def test_one_companys_press_releases_a_week_apart_are_no_copies():
    # "ALPHARETTA, Ga., June 6, 2022 /PRNewswire/" and "June 13": one template, two releases.
    from graphx.similar import add_similar_edges

    G = nx.MultiDiGraph()
    for key, title, day in (("a.com/1", "Alithya unveils Microsoft Healthcare Power Apps", 6),
                            ("b.com/2", "Alithya Expands Microsoft Manufacturing Power Apps", 13)):
        node = add_article(G, key, title, provider=key[:5],
                           published=f"2022-06-{day:02d}T12:00:00Z")
        G.nodes[node]["excerpt"] = (f"ALPHARETTA, Ga., June {day}, 2022 /PRNewswire/ - Alithya "
                                    "Group inc. today announced details of its Alithya 365 "
                                    "Power Apps which further strengthen its offering")
    add_similar_edges(G)
    def groups():
        return {g for _, g in G.nodes(data="group") if g is not None}

    assert groups() == {"g:a.com/1"}  # alike enough to be copies
    assert story_clusters(G) == []
    add_analysis(G)
    assert groups() == {""}  # but a week and a dateline apart


def _twitter_story(domain: str, title: str, excerpt: str):
    """A first report (``domain``'s) and four English reports an hour or more after it."""
    G = nx.MultiDiGraph()
    texts = [(domain, "2020-05-12T16:15:00Z", title, excerpt)]
    for k, hour in enumerate((16, 17, 18, 19)):
        texts.append((f"e{k}.example.com", f"2020-05-12T{hour}:45:00Z",
                      f"Twitter tells its staff they can work from home forever ({k})",
                      "Twitter said on Tuesday that its employees can keep working from home "
                      "for as long as they want, even after the pandemic is over."))
    nodes = []
    for site, when, head, text in texts:
        n = add_article(G, f"{site}/twitter", head, provider=site, published=when)
        G.nodes[n]["excerpt"] = text
        nodes.append(n)
    return G, nodes


def test_a_first_report_in_another_language_is_not_a_passing_mention():
    # Handelsblatt's German report came first; sharing no words with the English ones, it
    # was dropped as "only about the story in passing".
    G, nodes = _twitter_story(
        "handelsblatt.com", "Twitter-Mitarbeiter dürfen für immer im Homeoffice bleiben",
        "Der Kurznachrichtendienst erlaubt seinen Angestellten, dauerhaft von zu Hause aus "
        "zu arbeiten, auch nach dem Ende der Pandemie.")
    assert first_report(G, nodes) == [nodes[0]]
    # A passing mention in English is still no first report.
    G.nodes[nodes[0]].update(title="Markets close higher as tech stocks rally",
                             excerpt="Stocks rose on Tuesday; Twitter was among the movers.")
    assert first_report(G, nodes) == [nodes[1]]


def test_a_french_first_report_is_not_read_as_english():
    # "de", "un" and "a" are in the English stop-word list: a French report read as a fifth
    # English, so its few shared words made it a passing mention, never first.
    G, nodes = _twitter_story(
        "lemonde.fr", "Twitter autorise ses salariés à télétravailler pour toujours",
        "Le réseau social a annoncé que ses employés pourront travailler de chez eux un jour "
        "après la fin de la pandémie, et pour toujours.")
    assert first_report(G, nodes) == [nodes[0]]


def test_copies_of_one_wire_text_do_not_make_an_earlier_report_a_passing_mention():
    # Bloomberg's own report came first; Reuters' text, carried three more times, set the
    # story's "typical" closeness, and Bloomberg's was dropped as a passing mention.
    G = nx.MultiDiGraph()
    first = add_article(G, "bloomberg.com/apple", "Apple Raises iPhone 17 Pro Price to $1,099 "
                        "in Bid to Offset Tariff Costs", provider="bloomberg.com",
                        published="2025-09-09T18:10:00Z")
    G.nodes[first]["excerpt"] = ("Apple Inc. is raising the starting price of its Pro model "
                                 "by $100 as it absorbs the cost of US tariffs.")
    copies = []
    for k, domain in enumerate(["reuters.com", "yahoo.com", "msn.com", "marketwatch.com"]):
        n = add_article(G, f"{domain}/apple-{k}", f"Apple unveils slimmer iPhone Air, raises "
                        f"Pro prices as tariffs bite ({k})", provider=domain,
                        published=f"2025-09-09T18:{25 + k}:00Z")
        G.nodes[n].update(excerpt="Apple on Tuesday unveiled a slimmer iPhone Air and raised "
                          "prices on its Pro lineup, as the company grapples with tariffs "
                          "on devices assembled in China and India.", group="g:reuters")
        copies.append(n)
    verge = add_article(G, "theverge.com/apple", "iPhone 17 Pro costs $100 more", published=
                        "2025-09-09T18:40:00Z", provider="theverge.com")
    G.nodes[verge]["excerpt"] = "Apple's Pro phones now start at $1,099 in the US."
    assert first_report(G, [first, *copies, verge]) == [first]


def test_a_wire_story_under_local_headlines_is_one_story_not_standing_text():
    # Four papers carried AP's Smithfield story under headlines of their own, sharing no
    # word: its lede was read as a page series' standing opening, and two fell out.
    from graphx.similar import add_similar_edges

    G = nx.MultiDiGraph()
    lede = ("SIOUX FALLS, S.D. (AP) — A Smithfield Foods pork processing plant in South Dakota "
            "began reopening Thursday, weeks after an outbreak infected 800 workers.")
    heads = [("apnews.com", "South Dakota pork plant reopens after virus hit 800 workers"),
             ("startribune.com", "Smithfield resumes limited production in Sioux Falls"),
             ("mitchellrepublic.com", "Meatpacker back in business weeks after outbreak"),
             ("usnews.com", "Slaughterhouse at center of huge cluster restarts lines")]
    for k, (domain, title) in enumerate(heads):
        n = add_article(G, f"{domain}/smithfield", title, provider=domain,
                        published=f"2020-05-07T16:{10 * k + 5:02d}:00Z")
        G.nodes[n]["excerpt"] = lede
    add_similar_edges(G)
    assert [len(c) for c in story_clusters(G)] == [4]


@pytest.mark.parametrize(("title", "first"), [
    ("The Latest: Moderna vaccine to enter phase 2 trial", False),  # AP's live page
    ("Coronavirus live updates: Moderna vaccine cleared for phase 2", False),
    # an explainer of one story is a report of it: "Strong earthquake off Aomori: what we
    # know" (NHK's, first) lost the first report to AP's, 25 minutes later
    ("What you need to know about Moderna's phase 2 trial", True),
    ("Moderna vaccine cleared for phase 2 trial: what we know", True),
    ("UPDATE: Moderna vaccine cleared for phase 2 trial", True),  # a report like any other
    # ... in the other languages news comes in: a Portuguese live blog was first reporter
    # of an election result 2 h 35 min before any result existed.
    ("Moderna vaccine cleared for phase 2 trial ao minuto", False),
    ("Moderna vaccine cleared for phase 2 trial en directo", False),
    ("Coronavirus im Liveticker: Moderna vaccine cleared for phase 2 trial", False),
    ("Moderna vaccine cleared for phase 2 trial, in diretta", False),
    ("Moderna vaccine cleared for phase 2 trial, in tempo reale", False),
    ("Moderna vaccine cleared for phase 2 trial – Newsblog", False),
    # ... and English openings other than "live" and "as it happened"
    ("Moderna vaccine cleared for phase 2 trial as it happens", False),
    ("Minute-by-minute: Moderna vaccine cleared for phase 2 trial", False),
    ("Rolling coverage: Moderna vaccine cleared for phase 2 trial", False),
    # ... and a live page's word opening or closing a title beside a mark, in any language
    ("DIRETTA | Moderna vaccine cleared for phase 2 trial", False),
    ("Direkt: Moderna vaccine cleared for phase 2 trial", False),
    ("DIRECT. Moderna vaccine cleared for phase 2 trial", False),
    # ... but a breaking flash is the first report of its story ("ÚLTIMA HORA | Muere la
    # escritora ...", ANSA's "ULTIM'ORA: Crolla palazzina ...")
    ("Última hora: Moderna vaccine cleared for phase 2 trial", True),
    ("ULTIM'ORA: Moderna vaccine cleared for phase 2 trial", True),
    # ... and dpa's "ROUNDUP:" is its updated text of one story, where "Roundup:" titles a
    # digest
    ("ROUNDUP 2: Moderna vaccine cleared for phase 2 trial", True),
    ("Roundup: Moderna vaccine cleared for phase 2 trial", False),
    # ... and the Italian and English live pages' other words
    ("Moderna vaccine cleared for phase 2 trial, la diretta", False),
    ("Moderna vaccine cleared for phase 2 trial: le news minuto per minuto", False),
    ("Moderna vaccine cleared for phase 2 trial, LIVE", False),
    ("Moderna latest updates: vaccine cleared for phase 2 trial", False),
    ("Dove vedere Moderna vaccine cleared for phase 2 trial in tv", True),
    ("Moderna vaccine cleared for phase 2 trial: LIVE", False),
    ("Moderna vaccine cleared for phase 2 trial : suivez notre direct", False),
    ("Moderna vaccine cleared for phase 2 trial: acompanhe em tempo real", False),
    ("Direct Line says Moderna vaccine cleared for phase 2 trial", True),  # a name
    ("Latest Moderna vaccine cleared for phase 2 trial", True),
])
def test_a_page_that_says_it_is_a_live_page_is_no_first_report(title, first):
    G = nx.MultiDiGraph()
    nodes = [add_article(G, "ap.example.com/latest", title, provider="ap.example.com",
                         published="2020-05-07T10:55:00Z")]
    for k, hour in enumerate((11, 12, 13)):
        nodes.append(add_article(G, f"n{k}.example.com/moderna",
                                 f"Moderna vaccine cleared for phase 2 trial ({k})",
                                 provider=f"n{k}.example.com",
                                 published=f"2020-05-07T{hour}:00:00Z"))
    assert first_report(G, nodes) == [nodes[0] if first else nodes[1]]


def test_tables_give_a_day_only_date_as_its_day():
    # `stats --show stories` printed "published: 2023-03-16 00:00" for a date given as a day.
    from graphx.analysis import top_stories

    G, a, b = two_stories()
    first = sorted(a)[0]
    G.nodes[first]["day_only"] = True
    G.nodes[first]["published"] = "2020-05-06T00:00:00Z"
    rows = {r["id"]: r for r in top_stories(G, n=20)}
    assert rows[first]["published"] == "2020-05-06"
    assert rows[sorted(b)[0]]["published"].endswith("Z")


@pytest.mark.parametrize(("copy_at", "first", "wire"), [
    ("2026-10-27T12:58:00Z", "prnewswire.com", "/PRNewswire/"),  # a mirror's clock ahead
    ("2026-10-26T03:00:00Z", "finance.yahoo.com", "/PRNewswire/"),  # a day before: a reissue
    ("2026-10-27T12:58:00Z", "globenewswire.com", "(GLOBE NEWSWIRE)"),
    # Any wire whose name a dateline gives, on no list: its name, its name's start, its site
    ("2026-10-27T12:58:00Z", "aninews.in", "(ANI)"),
    ("2026-10-27T12:58:00Z", "english.kyodonews.net", "(Kyodo)"),
    ("2026-10-27T12:58:00Z", "prweb.com", "/PRWeb/"),
    # ... its name's first word, its initials, its site's start ("dpa International" is
    # "(dpa)", "PA Media" "(PA)", Press Trust of India on ptinews.com "(PTI)")
    ("2026-10-27T12:58:00Z", "dpa-international.com", "(dpa)"),
    ("2026-10-27T12:58:00Z", "pamediagroup.com", "(PA)"),
    ("2026-10-27T12:58:00Z", "ptinews.com", "(PTI)"),
    # ... but no outlet whose name only starts as a short dateline does: "(AP)" is no
    # "Apple Newsroom", so the copy stamped first stays first
    ("2026-10-27T12:58:00Z", "finance.yahoo.com", "(AP)"),
])
def test_the_wire_its_copies_datelines_name_is_first_before_them(copy_at, first, wire):
    # Yahoo Finance's copy of a release, stamped 12:58, was first reporter over PR
    # Newswire's own 13:00 page, though every copy's dateline said "/PRNewswire/".
    G = nx.MultiDiGraph()
    dateline = (f"SAN JOSE, Calif., Oct. 27, 2026 {wire} -- Nimbus Labs today unveiled "
                "Aurora X, the first phone with a solid-state battery.")
    nodes = []
    own, name = {"(GLOBE NEWSWIRE)": ("globenewswire.com", "GlobeNewswire"),
                 "(ANI)": ("aninews.in", "ANI"), "(Kyodo)": ("english.kyodonews.net",
                                                             "Kyodo News"),
                 "/PRWeb/": ("prweb.com", "PR Web"),
                 "(dpa)": ("dpa-international.com", "dpa International"),
                 "(PA)": ("pamediagroup.com", "PA Media"),
                 "(PTI)": ("ptinews.com", "Press Trust of India"),
                 "(AP)": ("apple.com", "Apple Newsroom"),
                 }.get(wire, ("prnewswire.com", "PR Newswire"))
    for domain, when in ((own, "2026-10-27T13:00:00Z"),
                         ("finance.yahoo.com", copy_at), ("morningstar.com",
                                                          "2026-10-27T13:05:00Z")):
        n = add_article(G, f"{domain}/aurora", "Nimbus Labs unveils Aurora X", provider=domain,
                        name=name if domain == own else domain.split(".")[0].title(),
                        published=when)
        G.nodes[n].update(excerpt=dateline, group="g:aurora")
        nodes.append(n)
    nodes.append(add_article(G, "verge.com/aurora", "Hands on with the Aurora X",
                             provider="verge.com", published="2026-10-27T15:00:00Z"))
    assert [G.nodes[n]["provider"] for n in first_report(G, nodes)] == [first]


@pytest.mark.parametrize(("wire", "own", "host", "name", "dateline_kept"), [
    ("(AP)", "apnews.com", "yahoo.com", "Associated Press", True),
    ("(Reuters)", "reuters.com", "msn.com", "Reuters", True),
    ("(AFP)", "afp.com", "france24.com", "AFP", True),
    # a wire on no list, hosted under its own name by another site
    ("(ANI)", "aninews.in", "theprint.in", "ANI", True),
    ("(Kyodo)", "english.kyodonews.net", "japantoday.com", "Kyodo News", True),
    # the dateline cut from the excerpt: the wires graphx knows by name
    ("(AP)", "apnews.com", "yahoo.com", "Associated Press", False),
    ("(Reuters)", "reuters.com", "msn.com", "Reuters", False),
    ("(AFP)", "afp.com", "france24.com", "AFP", False),
])
def test_a_site_hosting_a_wires_text_under_the_wires_name_is_its_copy(wire, own, host, name,
                                                                      dateline_kept):
    # Yahoo's copy of AP's text (provider "Associated Press", domain yahoo.com) stamped
    # minutes before apnews.com's page was first reporter of six stories (newsday15 #6):
    # named like the wire, it was read as the wire itself. The aggregator often cuts the
    # dateline from the excerpt (outlets16 #2): the copy's own outlet name still says whose
    # text it is, for the wires graphx knows by name.
    G = nx.MultiDiGraph()
    dateline = (f"WASHINGTON {wire if dateline_kept else ''} - Democrats won control of the "
                "House on Tuesday, flipping the chamber after four years.")
    nodes = []
    for domain, outlet, when in ((own, name, "2026-11-05T00:10:00Z"),
                                 (host, name, "2026-11-05T00:06:00Z"),
                                 ("usnews.com", "US News", "2026-11-05T00:14:00Z")):
        n = add_article(G, f"{domain}/house", "Democrats win control of the House",
                        provider=domain, name=outlet, published=when)
        G.nodes[n].update(excerpt=dateline, group="g:house")
        nodes.append(n)
    nodes.append(add_article(G, "nbcnews.com/house", "Democrats take the House, NBC projects",
                             provider="nbcnews.com", published="2026-11-05T00:18:00Z"))
    assert [G.nodes[n]["provider"] for n in first_report(G, nodes)] == [own]
    # With no page of the wire's own site in the story, the carrier named like it is the wire
    assert [G.nodes[n]["provider"] for n in first_report(G, nodes[1:])] == [host]


def _items(folder, rows) -> None:
    """Aggregator files: (name, title, excerpt, url, published, outlet name, domain)."""
    folder.mkdir()
    for k, (title, excerpt, url, published, name, domain) in enumerate(rows):
        (folder / f"{k:02}.md").write_text(
            f"---\ntitle: {json.dumps(title)}\nexcerpt: {json.dumps(excerpt)}\n"
            f"webUrl: {url}\npublishedDateTime: {published}\n"
            f"provider:\n  name: {json.dumps(name)}\n  domain: {domain}\n---\n",
            encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_wires_templated_reports_of_other_places_are_stories_not_roundups(tmp_path,
                                                                           language):
    # PA's "Man charged with murder after fatal stabbing in <city>", carried by two papers,
    # in five cities on five days beside each city paper's own report: the template's links
    # to other cities' reports pointed each copy at four stories, so 13 of 15 articles were
    # round-ups, three stories vanished and a city paper was credited before the wire.
    from graphx.coverage_report import story_rows
    from graphx.pipeline import build_corpus

    en = [("Leeds", "Yorkshire Evening Post", "yorkshireeveningpost.co.uk", 31),
          ("Bristol", "Bristol Post", "bristolpost.co.uk", 22),
          ("Cardiff", "WalesOnline", "walesonline.co.uk", 45),
          ("Norwich", "Eastern Daily Press", "edp24.co.uk", 19),
          ("Exeter", "Devon Live", "devonlive.com", 28)]
    fr = [("Perpignan", "L'Indépendant", "lindependant.fr", 430),
          ("Bastia", "Corse-Matin", "corsematin.com", 2900),
          ("Fréjus", "Var-Matin", "varmatin.com", 660),
          ("Martigues", "La Provence", "laprovence.com", 1200)]
    rows = []
    for day, (city, paper, domain, n) in enumerate(en if language == "en" else fr, 20):
        slug = city.casefold().replace("é", "e")
        if language == "en":
            title = f"Man charged with murder after fatal stabbing in {city}"
            text = (f"A man has been charged with murder after a man died following a "
                    f"stabbing in {city} on Sunday night, police said.")
            copies = [("The Independent", "independent.co.uk"), ("Evening Standard",
                                                                 "standard.co.uk")]
            own = (f"{city} stabbing: Man, {n}, charged with murder",
                   f"A {n}-year-old man has appeared in court charged with the murder in "
                   f"{city} city centre.")
        else:
            title = f"Incendie de forêt près de {city} : {n} habitants évacués"
            text = (f"Un incendie de forêt s'est déclaré près de {city}, entraînant "
                    f"l'évacuation de {n} habitants, ont indiqué les pompiers.")
            copies = [("Le Figaro", "lefigaro.fr"), ("Le Point", "lepoint.fr")]
            own = (f"{city} : {n} habitants évacués cette nuit, le feu fixé au matin",
                   f"Les {n} habitants évacués près de {city} ont pu regagner leur domicile.")
        for k, (name, site) in enumerate(copies):
            rows.append((title, text, f"https://www.{site}/news/{slug}-{day}",
                         f"2024-05-{day}T09:0{5 * k}:00Z", name, site))
        rows.append((*own, f"https://www.{domain}/news/{slug}-{day}",
                     f"2024-05-{day}T10:40:00Z", paper, domain))
    _items(tmp_path / "corpus", rows)
    G = build_corpus([str(tmp_path / "corpus")]).graph
    arts = [a for a, k in G.nodes(data="kind") if k == "article"]
    assert not [a for a in arts if G.nodes[a].get("roundup")]
    stories = story_rows(G)
    wire = copies[0][1]
    assert len(stories) == (5 if language == "en" else 4)
    for story in stories:
        assert story["first_article"].startswith(f"article:{wire}/"), story
        assert story["first"].endswith("T09:00:00Z")


@pytest.mark.parametrize("outlets, wordings", [(24, 4), (45, 5), (60, 6)])
def test_reports_that_each_list_all_the_others_are_one_story(tmp_path, outlets, wordings):
    # 40 reports of one dam collapse from 40 outlets in five headlines, each listing the 39
    # others as related: modularity split the clique into its five groups of copies, each
    # report then pointed at five stories and was a round-up, and there was no story at all
    # (with 20 links each, one story). Here another event, beside a story of its own.
    from graphx.pipeline import build_corpus

    heads = ["Wildfire forces evacuation of Paradise Valley homes",
             "Paradise Valley residents flee fast-moving wildfire",
             "Fire crews battle Paradise Valley blaze overnight",
             "Paradise Valley wildfire destroys dozens of homes",
             "Governor declares emergency as Paradise Valley burns",
             "Smoke from Paradise Valley fire closes schools"][:wordings]
    rows = [(heads[i % wordings], "A wildfire swept through Paradise Valley, forcing "
             "thousands to leave their homes.", f"https://www.daily{i}.example/fire-{i}",
             f"2024-07-0{1 + i // 30}T{8 + i % 30 // 3:02}:{i % 3 * 20:02}:00Z", f"Daily {i}",
             f"daily{i}.example") for i in range(outlets)]
    other = [(f"Ogdenville monorail opens to riders, day {k}", "The Ogdenville monorail "
              "carried its first riders.", f"https://www.rail{k}.example/monorail",
              f"2024-07-01T1{k}:00:00Z", f"Rail {k}", f"rail{k}.example") for k in range(4)]
    folder = tmp_path / "corpus"
    folder.mkdir()
    for group in (rows, other):
        for k, (title, excerpt, url, published, name, domain) in enumerate(group):
            listed = "".join(
                f"  - title: {json.dumps(t)}\n    webUrl: {u}\n    publishedDateTime: {p}\n"
                f"    provider:\n      name: {json.dumps(n)}\n      domain: {d}\n"
                for m, (t, _, u, p, n, d) in enumerate(group) if m != k)
            (folder / f"{domain}.md").write_text(
                f"---\ntitle: {json.dumps(title)}\nexcerpt: {json.dumps(excerpt)}\n"
                f"webUrl: {url}\npublishedDateTime: {published}\n"
                f"provider:\n  name: {json.dumps(name)}\n  domain: {domain}\n"
                f"related:\n{listed}---\n", encoding="utf-8")
    G = build_corpus([str(folder)]).graph
    fire = {f"article:daily{i}.example/fire-{i}" for i in range(outlets)}
    rail = {f"article:rail{k}.example/monorail" for k in range(4)}
    assert story_clusters(G) == [fire, rail]
    assert not [a for a, d in G.nodes(data=True) if d.get("roundup")]


LANDFALL = ["Hurricane Nora makes landfall in Louisiana as a Category 3 storm",
            "Nora slams into Louisiana coast with 120 mph winds",
            "Hurricane Nora hits Louisiana, knocking out power to thousands",
            "Category 3 Hurricane Nora roars ashore near Grand Isle, Louisiana",
            "Louisiana reels as Hurricane Nora makes landfall"]


@pytest.mark.parametrize(("earlier", "counts"), [
    # An earlier version about another development: the page's own time counts
    ("Texas orders evacuations as Tropical Storm Nora forms in the Gulf", False),
    ("Oil prices climb as Gulf producers shut rigs ahead of storm season", False),
    # ... the same headline but for a wire's version label, or a title that would be a
    # member of the story: it first appeared then
    ("UPDATE 1-Hurricane Nora hits Louisiana coast as a Category 3 storm", True),
    ("Hurricane Nora makes landfall in Louisiana as Category 3 storm", True),
    ("Nora makes landfall in Louisiana, a Category 3 hurricane", True),
])
def test_a_page_reissued_about_a_later_development_counts_from_its_own_time(earlier, counts):
    # AP's page filed on 22 Sep as "Florida orders evacuations as Hurricane Marco
    # strengthens" and at its first address on 24 Sep as "Hurricane Marco slams into
    # Florida's Big Bend" had the landfall story first reported 35 h before the landfall
    # (newsday15 #7).
    G = nx.MultiDiGraph()
    story = [add_article(G, f"s{i}.example.com/nora", title, provider=f"s{i}.example.com",
                         published=f"2026-08-29T1{i + 2}:00:00Z")
             for i, title in enumerate(LANDFALL)]
    for u, v in itertools.combinations(story, 2):
        relate(G, u, v)
    page = story[2]
    title = "UPDATE 1-" + LANDFALL[2] if earlier.startswith("UPDATE") else LANDFALL[2]
    G.nodes[page].update(title=title, titles=f"{title}; {earlier}",
                         first_published="2026-08-27T15:10:00Z")
    # Two days before, the storm's other story: evacuations, named like the storm
    before = [add_article(G, f"e{i}.example.com/nora", title, provider=f"e{i}.example.com",
                          published=f"2026-08-27T1{i + 4}:00:00Z")
              for i, title in enumerate((
                  "Texas and Louisiana order evacuations as Nora gathers strength",
                  "Evacuations ordered along Gulf coast as Tropical Storm Nora nears",
                  "Coastal towns order evacuations ahead of Nora"))]
    for u, v in itertools.combinations(before, 2):
        relate(G, u, v)
    for i in range(12):  # other stories, so that the words' weights are a corpus's
        add_article(G, f"o{i}.example.com/x", f"City council {i} debates parking rules "
                    f"and school budget", published="2026-08-20T10:00:00Z")
    add_analysis(G)
    assert G.nodes[page]["cluster"] == G.nodes[story[0]]["cluster"]
    (row,) = [r for r in cluster_table(G, [set(story)], ["Nora"])]
    if counts:
        assert first_report(G, story) == [page]
        assert (row["first"], row["first_reported"]) == ("2026-08-27T15:10:00Z",) * 2
    else:
        assert "first_published" not in G.nodes[page]
        assert first_report(G, story) == [story[0]]
        assert (row["first"], row["first_reported"]) == ("2026-08-29T12:00:00Z",) * 2


def _two_cliques(sizes=(8, 16)):
    """Two cliques of weight-1 evidence joined by two links: a thin cut of the evidence."""
    first = list(range(sizes[0]))
    second = list(range(sizes[0], sizes[0] + sizes[1]))
    edges = [(i, j, 1.0) for side in (first, second) for i, j in itertools.combinations(side, 2)]
    edges += [(first[0], second[0], 1.0), (first[1], second[1], 1.0)]
    return first, second, edges


@pytest.mark.parametrize(("crossing", "one"), [
    # "..., AP race call shows" beside "..., Edison projects": eight similar edges whose
    # headlines' names do not agree (no story's evidence), crossing the thin cut: one event
    ([(i, 8 + i, 0.4) for i in range(8)], True),
    ([(i, 10 + i, 0.45) for i in range(2, 8)], True),
    # one such edge across, or none: two stories that touch
    ([(2, 12, 0.4)], False),
    ([], False),
])
def test_a_thin_cut_must_be_thin_in_the_wider_evidence_too(crossing, one):
    # One election call (24 articles, newsday15 #3) split in two stories where AP's text
    # and its copies met the rest, the first report out of the larger part.
    from graphx.analysis import _split_thin

    first, second, edges = _two_cliques()
    touching = [*edges, *crossing]
    found = _split_thin(edges, [set(first + second)], touching=touching)
    assert sorted(map(sorted, found)) == ([first + second] if one else [first, second])
    assert sorted(map(sorted, _split_thin(edges, [set(first + second)]))) == [first, second]



def test_indexes_named_together_in_headlines_are_one_close_not_several_stories():
    # One European close: a wire's "FTSE 100 ... London ..." report in four papers,
    # another wire's "DAX ..." in three, a CAC report, and two headlines naming two or three
    # indexes together; the aggregator links each report to three others. Each index is
    # named by several headlines, as a candidate is in "X wins Georgia" and "Y wins Texas",
    # so the FTSE and DAX reports named nothing alike and the FTSE, named by more headlines
    # than "London" and the DAX, was no story's name: the close was cut in two stories.
    from graphx.similar import add_similar_edges

    G = nx.MultiDiGraph()
    wires = [("FTSE 100 sinks 3.8% as London bank shares slide on rate fears", 4, 15),
             ("DAX falls 4.1% in steepest drop since 2022 as carmakers slump", 3, 18)]
    own = ["CAC 40 slides 3.5% as luxury stocks drag shares lower",
           "Stocks tumble: FTSE 100, DAX and CAC 40 sink on tariff fears",
           "FTSE 100 and DAX suffer worst day in two years"]
    market = []
    for title, papers, hour in wires:
        market += [add_article(G, f"paper{k}.example.com/{hour}", title,
                               provider=f"paper{k}.example.com", name=f"Paper {k}",
                               published=f"2025-04-03T{hour}:{10 + k}:00Z")
                   for k in range(papers)]
    market += [add_article(G, f"desk{k}.example.com/close", title, provider=f"desk{k}.example.com",
                           name=f"Desk {k}", published=f"2025-04-03T{11 + 2 * k}:20:00Z")
               for k, title in enumerate(own)]
    for k, u in enumerate(market):
        for step in (1, 4, 7):
            relate(G, u, market[(k + step) % len(market)])
    for i in range(40):
        add_article(G, f"other.example.com/{i}", f"Unrelated story {i} about gardens",
                    published="2025-04-03T09:00:00Z")
    add_similar_edges(G)  # each wire's copies
    found = [c for c in story_clusters(G) if not any("other." in n for n in c)]
    assert found == [set(market)]


def test_names_are_facets_only_when_headlines_name_them_together_and_apart():
    from graphx.roundups import StoryText

    G = nx.MultiDiGraph()
    titles = ["Dow plunges 1,400 points", "Dow drops 600 points at the open",
              "S&P 500 tumbles 4.6%", "Nasdaq sinks 5.2%",
              "Dow, S&P 500 and Nasdaq suffer steep losses",
              "Stock market today: Dow, S&P 500, Nasdaq plunge",
              # one headline's copies naming two companies are one headline
              *["Apple and Microsoft beat estimates"] * 3,
              "Apple beats estimates", "Microsoft tops estimates",
              # Georgia is never named without Trump: a state of his, not a facet
              "Trump wins Georgia", "Trump takes Georgia", "Trump wins Texas"]
    nodes = [add_article(G, f"p{k}.example.com/{k}", title, provider=f"p{k}.example.com")
             for k, title in enumerate(titles)]
    text = StoryText(G, nodes)
    assert text.facets(("dow",), ("s&p", "500")) and text.facets(("nasdaq",), ("dow",))
    assert not text.facets(("apple",), ("microsoft",))
    assert not text.facets(("trump",), ("georgia",))
    assert not text.facets(("georgia",), ("texas",))


def test_two_leaders_meetings_with_one_host_stay_two_stories():
    # The host meets two leaders on one day, headlines naming him with each and the guests
    # alone too; the aggregator links across. Host and guest are named together, but the
    # name both meetings share is no facet of either guest's: two stories.
    G = nx.MultiDiGraph()
    meetings = {}
    for n, (guest, place) in enumerate((("Xi", "Woodside"), ("Modi", "Oval Office"))):
        titles = [f"Biden meets {guest} at {place} in bid to ease tensions",
                  f"Biden and {guest} hold talks at {place}",
                  f"{guest} arrives for talks with Biden",
                  f"{guest} says talks were candid and constructive"]
        meetings[guest] = [add_article(G, f"p{k}.example.com/{guest}", title,
                                       provider=f"p{k}.example.com",
                                       published=f"2023-11-15T1{2 * n + k // 2}:{10 * k}:00Z")
                           for k, title in enumerate(titles)]
    for nodes in meetings.values():
        for u, v in itertools.combinations(nodes, 2):
            relate(G, u, v)
    for ours, theirs in zip(meetings["Xi"], meetings["Modi"], strict=True):
        relate(G, ours, theirs)
    for i in range(40):
        add_article(G, f"other.example.com/{i}", f"Unrelated story {i} about gardens")
    found = [c for c in story_clusters(G) if not any("other." in n for n in c)]
    assert sorted(found, key=min) == sorted(map(set, meetings.values()), key=min)


@pytest.mark.parametrize(("portal", "wire", "name"), [
    ("https://www.msn.com/en-gb/news/uknews/rates-held/ar-BB1jK0b2", "https://www.reuters.com/"
     "world/uk/bank-england-holds-rates-idUSKBN2001/", "Reuters"),
    ("https://news.yahoo.com/bank-of-england-holds-rates-055800.html",
     "https://apnews.com/article/bank-england-rates-4f1c2d", "Associated Press"),
])
def test_a_portals_copy_credited_to_the_wire_is_not_the_wires_own_page(tmp_path, portal,
                                                                       wire, name):
    # With a portal's copy credited to the wire's outlet (outlets16 #1: MSN's repost of
    # Reuters is Reuters'), the copy stamped three minutes before the wire's own page was
    # its story's first report, linked to msn.com: the wire's page is the one on its site.
    from graphx.coverage_report import story_rows
    from graphx.pipeline import build_corpus

    title = "Bank of England holds interest rates at 5.25% as inflation eases"
    excerpt = ("The Bank of England kept interest rates at 5.25% on Thursday as inflation "
               "eased, and signalled that cuts could come later this year.")
    domain = wire.split("/")[2].removeprefix("www.")
    _items(tmp_path / "corpus", [
        (title, excerpt, wire, "2024-03-14T06:01:00Z", name, domain),
        (title, excerpt, portal, "2024-03-14T05:58:00Z", name, portal.split("/")[2]),
        ("Bank of England keeps rates on hold at 5.25% as inflation falls",
         "The Bank of England left rates unchanged, as expected.",
         "https://www.bbc.co.uk/news/business-68530002", "2024-03-14T06:20:00Z", "BBC News",
         "bbc.co.uk"),
        ("Bank of England holds rates at 5.25% but signals cuts as inflation eases",
         "Rates stay at 5.25%, the Bank of England said, as inflation eases.",
         "https://www.theguardian.com/business/2024/mar/14/boe-rates", "2024-03-14T06:40:00Z",
         "The Guardian", "theguardian.com"),
    ])
    G = build_corpus([str(tmp_path / "corpus")]).graph
    (story,) = [s for s in story_rows(G) if s["size"] >= 3]
    assert G.nodes[story["first_article"]]["url"] == wire, story
