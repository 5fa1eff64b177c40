"""Stories related to X: every kind of query resolves, answers say why, filters and batches hold."""

import re

import pytest

from graphx.errors import InputError, NotFoundError
from graphx.graph import build_graph
from graphx.records import Item
from graphx.related import FIELDS, RelatedEngine, group_rows
from graphx.similar import add_similar_edges
from graphx.urls import story_key

PATIO = "https://www.alpha.com/news/ontario-patios-reopen"
PATIO_AMP = "https://www.alpha.com/news/amp/ontario-patios-reopen"
PATIO_CDN = "https://www-alpha-com.cdn.ampproject.org/c/s/www.alpha.com/news/ontario-patios-reopen.amp"
WIRE = ("Moderna vaccine trial cleared for phase two",
        "Regulators cleared the experimental Moderna vaccine for a phase two trial.")


def item(url, title, excerpt="", *, provider, published="2020-05-06T10:00:00Z", topics=(),
         tags=(), related=(), urls=None, path=""):
    name, domain = provider
    return Item(key=story_key(url), url=url, urls=tuple(urls or (url,)), title=title,
                excerpt=excerpt, published=published, provider_domain=domain,
                provider_name=name, topics=tuple(topics), tags=tuple(tags),
                related=tuple(related), path=path or f"{story_key(url)}.md")


ALPHA, BETA, GAMMA = ("Alpha News", "alpha.com"), ("Beta Daily", "beta.ca"), ("Gamma", "gamma.com")
CANADA = ("Coronavirus", "Coronavirus in Canada")


def corpus(extra=()):
    """Patios (linked both ways), a roundup listing patios and gyms, wire copies, the NBA,
    and ``extra`` items."""
    patio = item(PATIO, "Ontario restaurants plan to reopen patios",
                 "Restaurants across Ontario hope to reopen patios by the long weekend.",
                 provider=ALPHA, topics=CANADA, tags=("CA",), urls=(PATIO, PATIO_AMP, PATIO_CDN),
                 related=[item("https://beta.ca/patios", "x", provider=BETA)])
    patio_b = item("https://beta.ca/patios", "Patios may reopen soon for Ontario restaurants",
                   "Ontario restaurants could reopen patios within weeks, the premier said.",
                   provider=BETA, topics=CANADA, tags=("CA",), published="2020-05-07T10:00:00Z",
                   related=[item(PATIO, "x", provider=ALPHA)])
    gyms = item("https://gamma.com/gyms", "Ontario gyms stay closed for now",
                "Fitness centres will not reopen in the first stage, the province said.",
                provider=GAMMA, topics=CANADA, tags=("CA",), published="2020-05-06T14:00:00Z")
    roundup = item("https://gamma.com/roundup", "What reopens in Ontario this month",
                   "A guide to the first stage.", provider=GAMMA, topics=CANADA,
                   related=[item(PATIO, "x", provider=ALPHA),
                            item("https://gamma.com/gyms", "x", provider=GAMMA)])
    wires = [item(f"https://{d}/moderna", *WIRE, provider=(d.upper(), d),
                  topics=("Coronavirus", "Treatment"))
             for d in ("wire1.com", "wire2.com", "wire3.com")]
    nba = item("https://delta.com/jazz", "Utah Jazz stars put their coronavirus feud behind them",
               "Gobert and Mitchell are ready to move forward in the NBA.",
               provider=("Delta", "delta.com"),
               topics=("Coronavirus", "Coronavirus in US"), tags=("US-UT",))
    G = build_graph([patio, patio_b, gyms, roundup, *wires, nba, *extra])
    add_similar_edges(G)
    return G


@pytest.fixture(scope="module")
def engine():
    return RelatedEngine(corpus())


A, B = "article:alpha.com/news/ontario-patios-reopen", "article:beta.ca/patios"
GYMS, ROUNDUP, NBA = "article:gamma.com/gyms", "article:gamma.com/roundup", "article:delta.com/jazz"


@pytest.mark.parametrize("query", [
    PATIO, PATIO_AMP, PATIO_CDN, "http://alpha.com/news/ontario-patios-reopen/?utm_source=x",
    "www.alpha.com/news/ontario-patios-reopen",
])
def test_every_url_variant_names_the_article(engine, query):
    res = engine.resolve(query)
    assert (res.kind, res.nodes, res.note) == ("url", (A,), "")


@pytest.mark.parametrize("query, kind, nodes, note", [
    ("ontario restaurants PLAN to reopen patios", "title", (A,), ""),
    ("Ontario restaurants plan to reopen patio", "title", (A,),
     "no exact title; took the closest (0.99): 'Ontario restaurants plan to reopen patios'"),
    ("feud gobert", "text", (), ""),
    ("Coronavirus in Canada", "topic", ("topic:coronavirus in canada",), ""),
    ("coronavirus in canada", "topic", ("topic:coronavirus in canada",), ""),
    ("us-ut", "topic", ("tag:us-ut",), ""),
    ("Beta Daily", "provider", ("provider:beta.ca",), ""),
    ("beta.ca", "provider", ("provider:beta.ca",), ""),
    ("https://www.beta.ca/", "provider", ("provider:beta.ca",), ""),
])
def test_each_kind_of_query_is_detected(engine, query, kind, nodes, note):
    res = engine.resolve(query)
    assert (res.kind, res.nodes, res.note) == (kind, nodes, note)


def test_a_shared_title_takes_one_article_and_says_so(engine):
    res = engine.resolve(WIRE[0])
    assert res.nodes == ("article:wire1.com/moderna",)
    assert res.note == ("3 articles have this title; took the one from WIRE1.COM "
                        "(article:wire1.com/moderna)")


@pytest.mark.parametrize("query, by, kind, nodes, note", [
    ("Ontario restaurants plan to reopen patios", "text", "text", (), ""),
    ("gam", "provider", "provider", ("provider:gamma.com",),
     "no provider is called 'gam'; took 'Gamma'"),
    ("canada", "topic", "topic", ("topic:coronavirus in canada",),
     "no topic is called 'canada'; took 'Coronavirus in Canada'"),
    ("restaurants reopen patioz", "title", "title", (A,),
     "no exact title; took the closest (0.73): 'Ontario restaurants plan to reopen patios'"),
])
def test_by_forces_the_kind(engine, query, by, kind, nodes, note):
    res = engine.resolve(query, by=by)
    assert (res.kind, res.nodes, res.note) == (kind, nodes, note)


def test_a_link_with_a_query_the_corpus_does_not_hold_finds_the_article_at_its_address(engine):
    # A gift or newsletter link a journalist pastes: "No article has the URL", exit 1.
    res = engine.resolve(PATIO + "?gift=Xq3&ut=12")
    assert (res.kind, res.nodes) == ("url", (A,))
    assert res.note == ("no article has this URL with its query (gift=Xq3&ut=12); "
                        "read as the article at the same address without it")
    # How one arrived (ref=, mibextid=) is no part of an address: nothing to say of it.
    assert engine.resolve(PATIO + "?ref=hackernews").note == ""


@pytest.mark.parametrize("query, by, message", [
    ("zzzz qqqq", None, "nothing in the corpus matches 'zzzz qqqq'"),
    ("https://alpha.com/missing", None, "no article has the URL https://alpha.com/missing"),
    ("nobody", "provider", "no provider matches 'nobody'"),
    ("Mars", "topic", "no topic matches 'Mars'"),
])
def test_no_match_raises_one_sentence(engine, query, by, message):
    with pytest.raises(NotFoundError) as exc:
        engine.resolve(query, by=by)
    assert str(exc.value) == message


def test_unknown_by_or_signal_or_an_empty_query_is_an_input_error(engine):
    # Every name it takes is named: "outlet" works and was left out of the choices.
    with pytest.raises(InputError, match=r"^--by must be one of url, title, text, topic, "
                                         r"provider, story, outlet, not 'colour'$"):
        engine.resolve("x", by="colour")
    assert engine.resolve("Gamma", by="outlet").kind == "provider"
    with pytest.raises(InputError, match="^--by url: 'patios' is not a URL$"):
        engine.resolve("patios", by="url")
    with pytest.raises(InputError, match="the query is empty"):
        engine.resolve("   ")
    with pytest.raises(InputError):
        RelatedEngine(corpus(), weights={"colour": 1.0})


def test_related_ranks_the_linked_story_first_and_never_the_query(engine):
    note, rows = engine.related(PATIO_AMP)
    assert note == ""
    ids = [r["id"] for r in rows]
    assert ids[:3] == [B, ROUNDUP, GYMS] and A not in ids
    first = rows[0]
    assert list(first) == list(FIELDS)
    assert (first["query"], first["rank"], first["url"], first["provider"]) == (
        PATIO_AMP, 1, "https://beta.ca/patios", "beta.ca")
    assert first["published"] == "2020-05-07T10:00:00Z" and first["group"] == ""
    assert 0 < first["score"] <= 1 and round(first["score"], 3) == first["score"]
    assert first["why"][:2] == ["lists it as related", "listed as related by it"]
    assert "published 1 day later" in first["why"]
    assert any(w.startswith("similar wording (0.") and "patios" in w for w in first["why"])


def test_why_names_shared_neighbours_topics_and_time(engine):
    _, rows = engine.related(GYMS.replace("article:", "https://"))
    why = {r["id"]: r["why"] for r in rows}
    assert why[ROUNDUP][0] == "lists it as related"
    assert "listed beside it by 1 article" in why[A]
    assert "shared topic: Coronavirus in Canada" in why[A]
    assert "published 4 hours earlier" in why[A]


def test_reasons_count_the_articles_beside_and_shared_exactly_in_a_web_of_links():
    # Reports of one flood: each of the first six lists the others as related, the seventh
    # lists two of them and none lists it. Counted with sets and a search per shared
    # article, a map of 800 reports all listing each other spent minutes on these reasons;
    # the counts must stay exact however they are made.
    urls = [f"https://flood{k}.example/river" for k in range(7)]

    def report(k, lists):
        return item(urls[k], f"River Dee floods Chester streets, report {k}", "The river burst.",
                    provider=(f"Flood {k}", f"flood{k}.example"),
                    related=[item(urls[m], "x", provider=(f"Flood {m}", f"flood{m}.example"))
                             for m in lists])

    G = build_graph([*(report(k, [m for m in range(6) if m != k]) for k in range(6)),
                     report(6, [0, 1])])
    add_similar_edges(G)
    why = {r["id"]: r["why"] for r in RelatedEngine(G).related(urls[0], limit=10)[1]}
    # 0 and 1: the four others of the six list both; 6 lists both too.
    assert "listed beside it by 5 articles" in why["article:flood1.example/river"]
    # 0 and 2: four others list both (1, 3, 4, 5); 6 links 0 and not 2.
    assert "listed beside it by 4 articles" in why["article:flood2.example/river"]
    # 0 and 6: linked to 1 (6 lists it), which lists 0 but not 6: a shared link, no one beside.
    assert "shares 1 linked article" in why["article:flood6.example/river"]
    assert not any(w.startswith("listed beside") for w in why["article:flood6.example/river"])


def test_wire_copies_come_as_one_syndication_group(engine):
    _, rows = engine.related("https://wire2.com/moderna")
    assert [r["id"] for r in rows[:2]] == ["article:wire1.com/moderna", "article:wire3.com/moderna"]
    assert {r["group"] for r in rows[:2]} == {"g:wire1.com/moderna"}
    assert rows[0]["why"][0] == "same syndication group"
    collapsed = group_rows(rows, collapse=True)
    assert collapsed[0]["provider"] == "wire1.com; wire3.com"
    assert collapsed[0]["why"][-1] == "also carried by 1 outlet"
    assert [r["rank"] for r in collapsed] == list(range(1, len(collapsed) + 1))
    assert len(collapsed) == len(rows) - 1


#: An article linked to one copy of the wire text, whose two other copies score 0.04.
EPSILON = item(
    "https://epsilon.com/moderna-trial", "Moderna expects its vaccine trial to start soon",
    "Moderna said the mid-stage trial of its coronavirus vaccine starts shortly.",
    provider=("Epsilon", "epsilon.com"), topics=("Coronavirus", "Treatment"),
    related=[item("https://wire1.com/moderna", "x", provider=("WIRE1.COM", "wire1.com"))])


def test_the_maps_panels_name_a_wire_text_once_and_never_the_articles_own_copies():
    # The map's "Related stories" listed the article's own wire copies again, one by one,
    # one under its own headline, and named no outlet.
    engine = RelatedEngine(corpus(extra=[EPSILON]))
    panels = engine.related_to_nodes(list(engine.row), limit=5)
    carried = 0
    for node, found in panels.items():
        own = engine.attrs[engine.row[node]].get("group")
        groups = [r["group"] for r in found if r.get("group")]
        assert own not in groups, node
        assert len(groups) == len(set(groups)), node  # a wire text is one row
        carried += sum("; " in r["provider"] for r in found)
    assert carried  # ... naming every outlet that carried it


def test_group_rows_pulls_members_under_the_first_keeping_their_ranks():
    rows = [
        {"id": 1, "group": "g:x", "provider": "a", "why": [], "rank": 1},
        {"id": 2, "group": "", "provider": "b", "why": [], "rank": 2},
        {"id": 3, "group": "g:x", "provider": "c", "why": [], "rank": 3},
    ]
    assert [(r["id"], r["rank"]) for r in group_rows(rows)] == [(1, 1), (3, 3), (2, 2)]
    assert group_rows(group_rows(rows)) == group_rows(rows)
    collapsed = group_rows(rows, collapse=True)
    assert [(r["id"], r["rank"], r["provider"]) for r in collapsed] == [(1, 1, "a; c"),
                                                                         (2, 2, "b")]
    assert collapsed[0]["why"] == ["also carried by 1 outlet"]
    # An outlet's own copy at another address is no other outlet.
    rows += [{"id": 4, "group": "g:x", "provider": "a", "why": [], "rank": 4}]
    assert group_rows(rows, collapse=True)[0]["why"] == [
        "also carried by 1 outlet", "republished at 1 other address"]


def test_a_collapsed_row_names_the_earliest_copy_first_with_its_time_and_the_best_score():
    # "usnews.com; abcnews.go.com; apnews.com  18:10" for an AP story that ran at 17:20.
    rows = [
        {"id": "us", "url": "u", "title": "T", "group": "g:ap", "provider": "usnews.com",
         "published": "2026-03-10T18:10:00Z", "score": 0.9, "why": ["x"], "rank": 1},
        {"id": "abc", "url": "b", "title": "T", "group": "g:ap", "provider": "abcnews.go.com",
         "published": "2026-03-10T17:45:00Z", "score": 0.8, "why": [], "rank": 2},
        {"id": "ap", "url": "a", "title": "T", "group": "g:ap", "provider": "apnews.com",
         "published": "2026-03-10T17:20:00Z", "score": 0.7, "why": [], "rank": 3},
    ]
    [row] = group_rows(rows, collapse=True)
    assert (row["id"], row["url"], row["published"]) == ("ap", "a", "2026-03-10T17:20:00Z")
    assert row["provider"] == "apnews.com; usnews.com; abcnews.go.com"
    # The reasons are the best copy's, and say so: they need not be true of AP's page.
    assert (row["score"], row["why"][0]) == (0.9, "usnews.com's copy (2026-03-10 18:10): x")
    # ... naming its headline where the row shows another; not at all where the copy shown
    # has the same reasons.
    rows[0]["title"] = "T, updated"
    assert group_rows(rows, collapse=True)[0]["why"][0] == (
        "usnews.com's copy 'T, updated' (2026-03-10 18:10): x")
    rows[2]["why"] = ["x"]
    assert group_rows(rows, collapse=True)[0]["why"] == ["x", "also carried by 2 outlets"]


def test_a_text_carried_by_more_outlets_than_a_row_names_counts_the_rest(monkeypatch):
    # A text carried by 3,000 outlets made 3,000 rows for every panel naming it.
    import graphx.related.engine as engine_module

    monkeypatch.setattr(engine_module, "GROUP_NAMED", 1)
    engine = RelatedEngine(corpus(extra=[EPSILON]))
    _, rows = engine.related(EPSILON.url, collapse=True)  # wire2 and wire3 score 0.04
    wire = [r for r in rows if r["group"]]
    assert len(wire) == 1 and wire[0]["why"][-2:] == ["also carried by 1 outlet",
                                                      "and 1 more copy"]


def wire_patios():
    """A query linked to one wire copy, to a close story and to a weaker one; a second wire
    copy, unlinked, scores below the weaker story."""
    canada = CANADA
    wire = ("Ontario lets restaurant patios reopen on Friday",
            "The province will let restaurants serve diners on patios from Friday, officials said.")
    query = item("https://q.com/patios", "Ontario restaurants plan to reopen patios",
                 "Restaurants across Ontario hope to reopen patios by the long weekend.",
                 provider=("Q", "q.com"), topics=canada,
                 related=[item(u, "x", provider=p) for u, p in (
                     ("https://wire1.com/patios", ("W1", "wire1.com")),
                     ("https://beta.ca/patios", BETA), ("https://gamma.com/gyms", GAMMA))])
    close = item("https://beta.ca/patios", "Patios may reopen soon for Ontario restaurants",
                 "Ontario restaurants could reopen patios within weeks, the premier said.",
                 provider=BETA, topics=canada,
                 related=[item("https://q.com/patios", "x", provider=("Q", "q.com"))])
    gyms = item("https://gamma.com/gyms", "Ontario gyms stay closed for now",
                "Fitness centres will not reopen in the first stage.", provider=GAMMA,
                topics=canada)
    wires = [item(f"https://{d}/patios", *wire, provider=(d, d), topics=canada,
                  published="2020-05-08T10:00:00Z") for d in ("wire1.com", "wire2.com")]
    G = build_graph([query, close, gyms, *wires])
    add_similar_edges(G)
    return G


def test_rows_come_in_score_order_and_a_reading_puts_copies_together():
    engine = RelatedEngine(wire_patios())
    _, rows = engine.related("https://q.com/patios", min_score=0.0)
    ids = [r["id"].split(":", 1)[1] for r in rows]
    assert ids == ["beta.ca/patios", "wire1.com/patios", "gamma.com/gyms", "wire2.com/patios"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert rows[1]["group"] == rows[3]["group"] != ""
    reading = group_rows(rows)
    assert [(r["rank"], r["id"]) for r in reading] == [
        (rows[i]["rank"], rows[i]["id"]) for i in (0, 1, 3, 2)]
    # The map's panels are read too: one row per group, the same rows as a collapsed query
    # (above the floor).
    assert engine.related_to_nodes(["article:q.com/patios"], limit=4) == {
        "article:q.com/patios": engine.related("https://q.com/patios", limit=4,
                                               collapse=True)[1]}
    # --collapse: one row per group, ranked 1, 2, 3.
    _, collapsed = engine.related("https://q.com/patios", collapse=True, min_score=0.0)
    assert [(r["rank"], r["id"].split(":", 1)[1]) for r in collapsed] == [
        (1, "beta.ca/patios"), (2, "wire1.com/patios"), (3, "gamma.com/gyms")]
    assert collapsed[1]["provider"] == "wire1.com; wire2.com"


def test_a_collapsed_rows_reasons_are_true_of_the_copy_it_shows_or_name_their_copy():
    # The row showed one copy's headline, address and time with another's reasons: "published
    # 5 hours later" beside a time 11 hours before the query's, "listed as related by it" of
    # the copy the query lists, not of the one shown.
    G = wire_patios()
    G.nodes["article:wire2.com/patios"]["published"] = "2020-05-05T10:00:00Z"  # the unlinked
    engine = RelatedEngine(G)
    _, each = engine.related("https://q.com/patios", min_score=0.0)
    why = {r["id"].split(":", 1)[1]: r["why"] for r in each}
    _, collapsed = engine.related("https://q.com/patios", collapse=True, min_score=0.0)
    [row] = [r for r in collapsed if r["group"]]
    assert (row["url"], row["published"]) == ("https://wire2.com/patios", "2020-05-05T10:00:00Z")
    assert "listed as related by it" in why["wire1.com/patios"]
    assert "listed as related by it" not in why["wire2.com/patios"]
    assert row["why"] == [f"wire1.com's copy (2020-05-08 10:00): {why['wire1.com/patios'][0]}",
                          *why["wire1.com/patios"][1:], "also carried by 1 outlet"]
    # A keyword query: the copy the query's words rank first is the linked one, not the
    # earliest, shown.
    _, found = engine.related("patios Friday", collapse=True, min_score=0.0)
    [row] = [r for r in found if r["group"]]
    assert row["url"] == "https://wire2.com/patios"
    assert row["why"][0].startswith("wire1.com's copy (2020-05-08 10:00): holds every word")
    assert "listed as related by 1 article" in row["why"]


def test_clusters_and_pagerank_are_used_when_present():
    G = corpus()
    for node, cluster in ((A, 0), (B, 0), (GYMS, 1), (NBA, -1)):
        G.nodes[node].update(cluster=cluster, cluster_label="" if cluster else "Ontario · patios")
    G.nodes[GYMS]["cluster_label"] = "gyms"
    engine = RelatedEngine(G)
    _, rows = engine.related(PATIO)
    assert "same story: Ontario · patios" in rows[0]["why"]
    assert not any(w.startswith("same story") for r in rows[1:] for w in r["why"])


def test_topic_provider_and_keyword_queries_rank_articles(engine):
    _, rows = engine.related("Coronavirus in Canada")
    assert {r["id"] for r in rows} == {A, B, GYMS, ROUNDUP}
    assert rows[0]["why"][0] == "on the topic Coronavirus in Canada"
    _, rows = engine.related("Gamma")
    assert {r["id"] for r in rows} == {GYMS, ROUNDUP}
    assert rows[0]["why"][0] == "published by Gamma"
    assert engine.related("Gamma", by="outlet")[1] == engine.related("Gamma", by="provider")[1]
    _, rows = engine.related("feud gobert")
    assert rows[0]["id"] == NBA and rows[0]["why"][0] == "holds every word: feud, gobert"
    # A word no article holds (a typo) is one of the query's words all the same.
    _, rows = engine.related("feud gobret")
    assert rows[0]["why"][0] == "holds 1 of 2 words: feud (not gobret)"


def test_an_acronym_no_article_writes_in_capitals_is_said_apart(engine):
    # The corpus writes NBA in capitals, and IT nowhere: a miss of IT says why, apart from
    # the typo's.
    from graphx.errors import NotFoundError

    with pytest.raises(NotFoundError, match=r"nothing in the corpus matches 'IT' \(no "
                       r"article holds it written in capitals, as acronyms are looked for\)"):
        engine.resolve("IT")
    res = engine.resolve("IT feud gobret")
    assert engine.describe(res) == (
        "the keywords feud (no article holds gobret; nor IT written in capitals, as "
        "acronyms are looked for)")
    _, rows = engine.related("NBA feud")
    assert rows[0]["id"] == NBA and rows[0]["why"][0] == "holds every word: NBA, feud"


@pytest.mark.parametrize("options, expected", [
    ({"provider": "Gamma"}, {GYMS, ROUNDUP}),
    ({"provider": "gamma.com"}, {GYMS, ROUNDUP}),
    ({"topic": "Coronavirus in Canada"}, {B, GYMS, ROUNDUP}),
    ({"published_since": "2020-05-06T12:00:00Z"}, {B, GYMS}),
    ({"published_until": "2020-05-06T12:00:00Z", "topic": "coronavirus in canada"}, {ROUNDUP}),
    ({"min_score": 0.95}, {B}),
    ({"min_score": 0.2}, {B, ROUNDUP}),
    ({}, {B, ROUNDUP, GYMS}),  # the default floor keeps a one-in-twenty chance
])
def test_filters(engine, options, expected):
    _, rows = engine.related(PATIO, limit=50, **options)
    assert {r["id"] for r in rows} == expected


def test_a_filter_naming_nothing_is_an_input_error_not_no_answers(engine):
    with pytest.raises(InputError, match="--provider: no provider matches 'Omega'"):
        engine.related(PATIO, provider="Omega")
    with pytest.raises(InputError, match="--topic: no topic matches 'Mars'"):
        list(engine.related_many([PATIO, "patios"], topic="Mars"))  # once, not per query


def test_limit(engine):
    assert len(engine.related(PATIO, limit=2)[1]) == 2


def test_batch_answers_every_query_and_a_bad_one_gives_no_rows(engine):
    out = list(engine.related_many([PATIO, "zzzz qqqq", "Gamma"], limit=3))
    assert [q for q, _, _ in out] == [PATIO, "zzzz qqqq", "Gamma"]
    assert [len(rows) for _, _, rows in out] == [3, 0, 2]
    assert out[1][1] == "nothing in the corpus matches 'zzzz qqqq'"
    assert out[0][2] == engine.related(PATIO, limit=3)[1]


def test_ablation_weights_switch_signals_off():
    G = corpus()
    text_only = RelatedEngine(G, weights={k: 0.0 for k in
                                          ("links", "neighbours", "cluster", "topics", "time",
                                           "provider")})
    _, rows = text_only.related(PATIO)
    assert all(not w.startswith(("lists", "listed", "published", "shared"))
               for r in rows for w in r["why"])


def test_a_shared_headline_outranks_a_shared_excerpt_and_says_so():
    """A live page's excerpt is its other items: the headline says which story it is."""
    live = "https://wire.com/the-latest"
    G = build_graph([
        item(live, "The Latest: Tokyo Olympics unrealistic without a vaccine",
             "Spain reopens hair salons; Germany eases its lockdown; Italy counts fewer deaths.",
             provider=("Wire", "wire.com")),
        item("https://sport.com/olympics", "Tokyo Olympics unrealistic without a vaccine",
             "A medical expert doubts the games can go ahead next summer.",
             provider=("Sport", "sport.com")),
        item("https://eu.com/salons", "Europe takes its first steps out of lockdown",
             "Spain reopens hair salons; Germany eases its lockdown; Italy counts fewer deaths.",
             provider=("EU", "eu.com")),
    ])
    add_similar_edges(G)
    twin, salons = "article:sport.com/olympics", "article:eu.com/salons"
    _, rows = RelatedEngine(G).related(live, min_score=0.0)
    assert [r["id"] for r in rows] == [twin, salons]
    assert rows[0]["why"][1] == "similar headline (0.84)"  # all but "The Latest:"
    assert not any(w.startswith("similar headline") for w in rows[1]["why"])
    _, rows = RelatedEngine(G, weights={"title": 0.0}).related(live, min_score=0.0)
    assert [r["id"] for r in rows] == [salons, twin]


def test_related_to_nodes_gives_the_rows_of_one_query_each(engine):
    nodes = [A, B, GYMS, ROUNDUP, NBA, "provider:alpha.com"]
    batch = engine.related_to_nodes(nodes, limit=4)
    assert list(batch) == [A, B, GYMS, ROUNDUP, NBA]  # a provider is no article: skipped
    for node, rows in batch.items():
        url = engine.attrs[engine.row[node]]["url"]
        assert rows == group_rows(engine.related(url, by="url", limit=4)[1])
        assert all(r["id"] != node for r in rows)
    assert [len(rows) for rows in batch.values()] == [3, 2, 2, 3, 0]  # the NBA: nothing


def test_an_article_of_common_ngrams_only_is_scored_against_every_article(monkeypatch):
    """With every n-gram too common to propose candidates (as at a million synthetic items),
    no link and no cluster, the text of every article is scored instead."""
    import graphx.related.index as ri

    G = corpus()
    monkeypatch.setattr(ri, "CANDIDATE_DF", 0)  # no n-gram is rare enough to propose
    engine = RelatedEngine(G)
    assert engine.finder.nnz == 0
    _, rows = engine.related("https://delta.com/jazz", limit=3, min_score=0.0)
    assert rows and all(r["id"] != NBA for r in rows)
    _, wires = engine.related("https://wire1.com/moderna", limit=2, min_score=0.0)
    assert {r["id"] for r in wires} == {"article:wire2.com/moderna", "article:wire3.com/moderna"}
    monkeypatch.setattr(ri, "FALLBACK_CANDIDATES", 1)
    assert len(RelatedEngine(G).related("https://wire1.com/moderna", limit=5,
                                        min_score=0.0)[1]) == 1


def test_a_title_query_finds_a_story_by_any_title_its_files_gave_it():
    url = "https://www.alpha.com/live/nj-updates"
    old = item(url, "N.J. deaths at 8,549; health emergency extended", provider=ALPHA,
               published="2020-05-06T10:00:00Z", path="old.md")
    new = item(url, "N.J. deaths pass 8,600", provider=ALPHA, published="2020-05-07T10:00:00Z",
               path="new.md")
    other = item("https://beta.ca/x", "Health emergency extended", provider=BETA)
    engine = RelatedEngine(build_graph([old, new, other]))
    for title in (old.title, new.title):
        res = engine.resolve(title)
        assert (res.kind, res.nodes, res.note) == (
            "title", ("article:alpha.com/live/nj-updates",), "")
    # A piece of a title that holds "; " is not a title of that story.
    assert engine.resolve("Health emergency extended").nodes == ("article:beta.ca/x",)
    engine2 = RelatedEngine.from_arrays(*engine.to_arrays())
    assert engine2.resolve(old.title).nodes == ("article:alpha.com/live/nj-updates",)


@pytest.mark.parametrize(("query", "node"), [
    ("ABC News", "provider:abcnews.go.com"), ("ABC", "provider:abcnews.go.com"),
    ("abcnews.go.com", "provider:abcnews.go.com"), ("go.com", "provider:abcnews.go.com"),
    ("The Gazette", "provider:gazette.com"), ("Gazette", "provider:gazette.com"),
    ("gazette", "provider:gazette.com"), ("CBS Denver", "provider:denver.cbslocal.com"),
    ("A &amp; B Daily", "provider:ab.com"),
])
def test_an_outlet_is_found_by_display_name_short_name_or_domain(query, node):
    G = build_graph([
        item("https://abcnews.go.com/US/x", "x", provider=("ABC", "go.com")),
        item("https://gazette.com/y", "y", provider=("The Gazette", "gazette.com")),
        item("https://denver.cbslocal.com/z", "z", provider=("CBS Boston / WBZ", "cbslocal.com")),
        item("https://boston.cbslocal.com/w", "w", provider=("CBS Boston / WBZ", "cbslocal.com")),
        item("https://ab.com/v", "v", provider=("A &amp; B Daily", "ab.com")),
    ])
    res = RelatedEngine(G).resolve(query)
    assert (res.kind, res.nodes, res.note) == ("provider", (node,), "")


def _wires_and_broadcasters():
    return build_graph([
        item("https://www.bbc.com/news/a", "Storm hits the coast", provider=("BBC", "bbc.com")),
        item("https://www.cnn.com/b", "Fed holds rates", provider=("CNN", "cnn.com")),
        item("https://www.reuters.com/c", "Markets slip", provider=("Reuters", "reuters.com")),
        item("https://apnews.com/d", "Quake shakes Taiwan (AP)",
             provider=("Associated Press", "apnews.com")),
        item("https://www.afp.com/e", "Floods in Brazil",
             provider=("Agence France-Presse", "afp.com")),
        *[item(f"https://h{i}.example/s", f"Texas weather news {i}",
               provider=("Local", "h.example")) for i in range(12)],
    ])


@pytest.mark.parametrize(("query", "node"), [
    ("BBC News", "provider:bbc.com"), ("The BBC News", "provider:bbc.com"),
    ("bbc news online", "provider:bbc.com"), ("CNN News", "provider:cnn.com"),
    ("Reuters News", "provider:reuters.com"), ("Reuters TV", "provider:reuters.com"),
    ("AP", "provider:apnews.com"), ("AP News", "provider:apnews.com"),
    ("ap", "provider:apnews.com"), ("AFP", "provider:afp.com"),
])
def test_an_outlet_is_found_as_people_name_it(query, node):
    # "BBC News", "CNN News", "Reuters News" found nothing (exit 1) though "BBC" is the
    # outlet, and "AP" was the keyword AP beside the Associated Press's articles.
    res = RelatedEngine(_wires_and_broadcasters()).resolve(query)
    assert (res.kind, res.nodes, res.note) == ("provider", (node,), "")
    assert RelatedEngine(_wires_and_broadcasters()).resolve(query, by="outlet").nodes == (node,)


def test_a_generic_word_after_words_is_no_outlet():
    # Words stay words: a generic word after a name of no outlet, and one after an
    # outlet's name that far more articles hold as a word than the outlet has ("Texas"
    # of 12 headlines against the one article of an outlet named "Texas").
    G = _wires_and_broadcasters()
    G2 = build_graph([*[item(f"https://h{i}.example/s", f"Texas weather news {i}",
                             provider=("Local", "h.example")) for i in range(12)],
                      item("https://texas.example/t", "t", provider=("Texas", "texas.example"))])
    for engine, query in ((RelatedEngine(G), "Texas weather news"),
                          (RelatedEngine(G), "Storm news"), (RelatedEngine(G2), "Texas News")):
        assert engine.resolve(query).kind == "text", query


@pytest.mark.parametrize(("query", "note"), [
    ("NYT", ""), ("The Athletic", "'The Athletic' is a name some items of 'The New York "
                                    "Times' give; took that outlet"),
    ("Athletic", "'Athletic' is a name some items of 'The New York Times' give; took that "
                 "outlet"),
    ("New York Times", ""), ("nytimes", ""), ("www.nytimes.com", ""),
])
def test_an_outlet_found_by_another_name_its_items_give_says_so(query, note):
    # The Athletic's articles at nytimes.com/athletic/ are The New York Times' outlet:
    # asking for The Athletic gave NYT's news desk with no word of it.
    G = build_graph([
        item("https://www.nytimes.com/2025/03/04/us/a.html", "a",
             provider=("The New York Times", "nytimes.com")),
        item("https://www.nytimes.com/2025/03/04/us/b.html", "b",
             provider=("The New York Times", "nytimes.com")),
        item("https://www.nytimes.com/athletic/6183/c", "c",
             provider=("The Athletic", "nytimes.com")),
    ])
    res = RelatedEngine(G).resolve(query)
    assert (res.kind, res.nodes, res.note) == ("provider", ("provider:nytimes.com",), note)


def test_a_date_that_is_not_iso_is_no_date():
    G = corpus()
    G.nodes[B]["published"] = "yesterday, around noon"
    _, rows = RelatedEngine(G).related(PATIO, limit=10)
    assert B in [r["id"] for r in rows]


def test_a_news_items_file_is_read_as_the_url_it_holds(tmp_path, engine):
    # A user with a folder of files names "this story" by its file: that was read as
    # keywords (the path's folders, "md"), and answered with the file's own article.
    held = tmp_path / "2020-05-06-ontario-patios.md"
    held.write_text(f"---\ntitle: Ontario patios\nwebUrl: {PATIO_AMP}\n---\n")
    res = engine.resolve(str(held))
    assert (res.kind, res.nodes) == ("url", ("article:alpha.com/news/ontario-patios-reopen",))
    assert res.note.startswith("read '") and res.note.endswith(f"as the news item it holds: "
                                                               f"{PATIO_AMP}")
    assert all(r["id"] != res.nodes[0] for r in engine.related(str(held))[1])
    # A file of no news item, or a folder, is read as before.
    (tmp_path / "patios").mkdir()  # the path's words are the keywords: one is held
    (tmp_path / "patios" / "notes.txt").write_text("Ontario patios\n")
    assert engine.resolve(str(tmp_path / "patios" / "notes.txt")).kind == "text"
    assert engine.resolve(str(tmp_path / "patios")).kind == "text"


def test_a_path_to_no_news_items_file_is_a_slip_not_keywords(tmp_path, engine):
    # "day/999_reuters_com.md", a file that is not there, was searched as the keywords
    # day, 999_reuters_com, md (exit 0 or 1, answers about none of them).
    for typed in ("day/999_reuters_com.md", f"{tmp_path}/046_bbc_com.md", "./news/x.MARKDOWN",
                  "..\\items\\ontario-patios.txt", "my folder/ontario patios.md"):
        with pytest.raises(InputError) as caught:
            engine.resolve(typed)
        assert str(caught.value) == f"no such file: {typed}"
    # Its words are still asked for with --by text; a path-like query of no file's shape
    # (no extension of news items, no folder, words after it) stays keywords.
    assert engine.resolve("day/ontario-patios.md", by="text").kind == "text"
    for words in ("ontario/patios", "ontario/patios.md gyms",
                  "ontario/patios.html"):
        assert engine.resolve(words).kind == "text", words


def test_no_reason_says_a_word_both_held_and_missing(engine):
    # A word written as one that the index cuts in several ("999_reuters_com": 999,
    # reuters, com) was said whole on both sides: "holds 1 of 5 words: 999_reuters_com
    # (not day, 999_reuters_com, md)", and "the keywords 999_reuters_com (no article holds
    # 999_reuters_com)". Each side now names the part it means.
    said = engine.describe(engine.resolve("ontario_zzqx patios"))
    assert said == "the keywords ontario, patios (no article holds zzqx)"
    _, rows = engine.related("ontario_zzqx patios", min_score=0)
    both = [r["why"][0] for r in rows if r["why"][0].startswith("holds 2 of 3 words")]
    assert both and all(w == "holds 2 of 3 words: ontario, patios (not zzqx)" for w in both)
    for r in rows:
        held, _, lacked = r["why"][0].partition(" (not ")
        held = set(held.split(": ", 1)[-1].split(", "))
        assert not held & set(lacked.rstrip(")").split(", ")), r["why"]
    # A written word whose stems are all held, or none, is said whole as before.
    assert engine.describe(engine.resolve("ontario_patios")) == "the keywords ontario_patios"


def test_a_day_alone_is_said_as_a_day_not_as_midnight():
    # "published 18 hours earlier" from an invented 00:00, and "2020-05-06 00:00" in the
    # table, for an article whose data gave its day alone.
    uber = ("Uber to lay off 3,700 employees", "Uber cuts 3,700 jobs as rides plunge.")
    timed = item("https://a.com/uber", *uber, provider=ALPHA, published="2020-05-06T18:00:00Z")
    day = item("https://b.com/uber", *uber, provider=BETA, published="2020-05-06T00:00:00Z")
    later = item("https://c.com/uber", *uber, provider=GAMMA, published="2020-05-08T09:00:00Z")
    day = Item(**{**{f: getattr(day, f) for f in Item.__slots__}, "day_only": True})
    G = build_graph([timed, day, later])
    add_similar_edges(G)
    engine = RelatedEngine(G)
    _, rows = engine.related("https://a.com/uber", min_score=0)
    (row,) = [r for r in rows if r["url"] == "https://b.com/uber"]
    assert row["published"] == "2020-05-06"
    assert "published the same day" in row["why"]
    _, rows = engine.related("https://c.com/uber", min_score=0)
    (row,) = [r for r in rows if r["url"] == "https://b.com/uber"]
    assert "published 2 days earlier" in row["why"]
    described = engine.describe(engine.resolve("https://b.com/uber"))
    assert described.endswith("(Beta Daily, 2020-05-06)")
    again = RelatedEngine.from_arrays(*engine.to_arrays())  # the saved engine keeps it
    assert again.related("https://a.com/uber", min_score=0)[1] == engine.related(
        "https://a.com/uber", min_score=0)[1]


def test_a_query_typed_decomposed_finds_what_is_written_composed():
    G = build_graph([item("https://a.com/x", "Montr\u00e9al reopens", provider=ALPHA,
                          topics=("Sant\u00e9 publique",))])
    engine = RelatedEngine(G)
    assert engine.resolve("Sante\u0301 publique").kind == "topic"
    assert engine.resolve("Montre\u0301al reopens").nodes == ("article:a.com/x",)


@pytest.mark.parametrize(("query", "node"), [
    ("El Pais", "provider:elpais.com"), ("el país", "provider:elpais.com"),
    ("Fierce Biotech", "provider:fiercebiotech.com"), ("The Hill", "provider:thehill.com"),
    ("US News", "provider:usnews.com"),
    # the paper's own spelling, its domain writing the umlaut out ("sueddeutsche")
    ("Süddeutsche", "provider:sueddeutsche.de"), ("Sueddeutsche", "provider:sueddeutsche.de"),
    # a sister newsroom on a subdomain, whose domain's stem squashes as "El Pais" does
    ("Cinco Dias", "provider:cincodias.elpais.com"),
])
def test_an_outlet_is_found_whatever_its_accents_spaces_and_dots(query, node):
    # "El Pais", "Fierce Biotech" and "The Hill" (for TheHill) were read as keywords; with
    # Cinco Días (cincodias.elpais.com) beside it, "El Pais" found no outlet.
    G = build_graph([
        item("https://cincodias.elpais.com/f", "f", provider=("Cinco Días", "elpais.com")),
        item("https://elpais.com/a", "a", provider=("EL PA\u00cdS", "elpais.com")),
        item("https://fiercebiotech.com/b", "b", provider=("FierceBiotech", "fiercebiotech.com")),
        item("https://thehill.com/c", "c", provider=("TheHill", "thehill.com")),
        item("https://usnews.com/d", "d", provider=("U.S. News & World Report", "usnews.com")),
        item("https://sueddeutsche.de/e", "e", provider=("Süddeutsche Zeitung",
                                                         "sueddeutsche.de")),
    ])
    engine = RelatedEngine(G)
    found = engine.resolve(query)
    assert (found.kind, found.nodes) == ("provider", (node,))
    assert engine._mask(since="", until="", provider=query, topic=None).sum() == 1


def test_articles_of_the_querys_story_the_floor_hides_are_said():
    # 22 of the Moderna story's 30 articles (NYT, CNBC, Fox News reporting the same news)
    # scored under 0.05 and were left out without a word.
    from graphx.analysis import add_analysis

    G = corpus()
    add_analysis(G)
    engine = RelatedEngine(G)
    own = engine.cluster[engine.row[A]]
    assert own >= 0
    floor = 0.95
    rows = engine.related(PATIO, min_score=0)[1]
    hidden = [r for r in rows if r["score"] < floor
              and engine.cluster[engine.row[r["id"]]] == own]
    note, shown = engine.related(PATIO, min_score=floor)
    assert shown and hidden, (rows, own)
    many = len(hidden) > 1
    assert note.endswith(f"{len(hidden)} more article{'s' if many else ''} of its story "
                         f"score{'' if many else 's'} under {floor:g} (--min-score 0 lists "
                         "them)"), note
    assert "of its story" not in engine.related(PATIO, min_score=0)[0]


def test_a_shared_title_is_read_as_the_page_others_list_not_an_early_mirror():
    # MSN's copy of a Reuters report, its clock 3 minutes ahead, was taken for the pasted
    # headline, and the answers that list Reuters' page dropped from 0.996 to 0.650.
    title = "Takaichi elected Japan's first female prime minister"
    wire = "https://www.reuters.com/world/takaichi-elected"
    G = build_graph([
        item(wire, title, provider=("Reuters", "reuters.com"), published="2020-05-06T06:10:00Z"),
        item("https://www.msn.com/en-us/news/takaichi", title, provider=("MSN", "msn.com"),
             published="2020-05-06T06:07:00Z"),
        item("https://www.bbc.com/news/takaichi", "Takaichi becomes prime minister",
             provider=("BBC News", "bbc.com"), published="2020-05-06T06:30:00Z",
             related=[item(wire, title, provider=("Reuters", "reuters.com"))]),
    ])
    found = RelatedEngine(G).resolve(title)
    assert found.nodes == (f"article:{story_key(wire)}",)
    assert found.note.startswith("2 articles have this title; took the one from Reuters")


def test_a_page_at_another_address_of_its_site_is_that_article():
    # The BBC serves an article at bbc.co.uk and bbc.com alike, Yahoo at its regional hosts:
    # a link from a browser elsewhere was "No article has the URL".
    G = build_graph([
        item("https://www.bbc.com/news/articles/cx2melissa", "Melissa",
             provider=("BBC", "bbc.com")),
        item("https://finance.yahoo.com/news/nvidia-212400123.html", "Nvidia",
             provider=("Yahoo Finance", "yahoo.com")),
        item("https://www.cbc.ca/news/a", "A", provider=("CBC", "cbc.ca")),
    ])
    engine = RelatedEngine(G)
    for url, node in (("https://www.bbc.co.uk/news/articles/cx2melissa",
                       "article:bbc.com/news/articles/cx2melissa"),
                      ("https://uk.finance.yahoo.com/news/nvidia-212400123.html?guccounter=1",
                       "article:finance.yahoo.com/news/nvidia-212400123.html")):
        found = engine.resolve(url)
        host = node[8:].partition("/")[0]
        assert (found.nodes, found.note) == ((node,), (
            f"no article has this URL; read as the same page at {host}, the site's other "
            "address"))
    with pytest.raises(NotFoundError):  # another site's same path is no match
        engine.resolve("https://www.cbc.com/news/a")
    with pytest.raises(NotFoundError):
        engine.resolve("https://www.bbc.co.uk/news/articles/elsewhere")


def test_a_tag_is_said_as_a_tag_and_a_tag_and_topic_of_one_name_as_both():
    # "matched the topic 'GB'" for a place tag, and "'US' names 2 topics; took all of them
    # (us, us)" for a topic and a tag named US.
    G = build_graph([
        item("https://a.com/1", "a", provider=ALPHA, topics=("US",), tags=("US", "GB")),
        item("https://b.com/2", "b", provider=BETA, tags=("US",)),
    ])
    engine = RelatedEngine(G)
    gb = engine.resolve("GB")
    assert engine.describe(gb) == "the tag 'GB' (1 article)"
    us = engine.resolve("US")
    assert us.note == "'US' names a tag and a topic; took both"
    assert engine.describe(us) == "the tag 'US' and the topic 'US' (2 articles)"


def test_a_browser_tabs_title_is_its_headline_and_its_outlet_chooses_the_copy():
    # "Headline | Football | The Guardian" was read as keywords ("no article holds Football,
    # Guardian"), and "... | ZEIT ONLINE" took Süddeutsche's copy of the same headline.
    title = "Wirtz wechselt nach Liverpool"
    G = build_graph([
        item("https://www.theguardian.com/football/wirtz", "Liverpool sign Wirtz - official",
             provider=("The Guardian", "theguardian.com")),
        item("https://sz.de/wirtz", title, provider=("Süddeutsche Zeitung", "sueddeutsche.de"),
             published="2020-05-06T09:00:00Z"),
        item("https://zeit.de/wirtz", title, provider=("ZEIT ONLINE", "zeit.de")),
    ])
    engine = RelatedEngine(G)
    tab = engine.resolve("Liverpool sign Wirtz - official | Football | The Guardian")
    assert (tab.kind, tab.nodes) == ("title", ("article:theguardian.com/football/wirtz",))
    assert tab.note == ("read as the title 'Liverpool sign Wirtz - official', 'Football | The "
                        "Guardian' being a browser tab's")
    zeit = engine.resolve(f"{title} | ZEIT ONLINE")
    assert zeit.nodes == ("article:zeit.de/wirtz",)
    assert engine.resolve(title).nodes == ("article:sz.de/wirtz",)  # the earliest, untold


def test_a_story_is_found_by_its_label_as_graphx_prints_it():
    # A label copied from report.md ("Moderna · vaccine (Treatment)") was read as the
    # keywords Moderna, vaccine, Treatment, and --by had no story.
    from graphx.analysis import add_analysis

    G = corpus()
    add_analysis(G)
    engine = RelatedEngine(G)
    label = G.nodes[A]["cluster_label"]
    members = {n for n, d in G.nodes(data=True)
               if d.get("kind") == "article" and d.get("cluster") == G.nodes[A]["cluster"]}
    assert " \u00b7 " in label  # as graphx prints a label of several terms
    for query in (label, label.rsplit(" (", 1)[0], f"{label}; theme: anything"):
        found = engine.resolve(query)
        assert found.kind == "story", query
    assert engine.resolve(label.rsplit(" (", 1)[0], by="story").kind == "story"
    # A plain phrase that happens to be a label of one term stays keywords, unless asked.
    plain = label.split(" \u00b7 ")[0]
    assert engine.resolve(plain).kind != "story"
    note, rows = engine.related(label, limit=50)
    assert {r["id"] for r in rows} == members
    assert rows[0]["why"][0] == f"in the story {label!r}"
    assert engine.describe(engine.resolve(label)) == (
        f"the story {label!r} ({len(members)} articles)")
    with pytest.raises(NotFoundError):
        engine.resolve("no such story · here", by="story")


def test_a_label_that_is_another_story_s_without_its_topic_is_its_own_story():
    # covid's "Iowa · deaths" (id 205) beside "Iowa · deaths (Coronavirus in US)" (id 105):
    # the label stats printed was "No story matches", as it was both stories' without a topic.
    from graphx.analysis import add_analysis

    G = corpus()
    add_analysis(G)
    for _, d in G.nodes(data=True):
        if d.get("cluster") in (0, 1):
            d["cluster_label"] = ("Iowa · deaths (Coronavirus in US)", "Iowa · deaths")[
                d["cluster"]]
    engine = RelatedEngine(G)
    for by in ("story", None):
        assert engine.resolve("Iowa · deaths", by=by).nodes == ("story:1",)
        assert engine.resolve("Iowa · deaths (Coronavirus in US)", by=by).nodes == ("story:0",)
        assert engine.resolve("Iowa · deaths; theme: Iowa · cases", by=by).nodes == ("story:1",)
        # a topic neither has: said to be either, both named, never "no story"
        with pytest.raises(NotFoundError) as err:
            engine.resolve("Iowa · deaths (Treatment)", by=by)
        assert str(err.value) == (
            "'Iowa · deaths (Treatment)' without a topic in brackets matches 2 stories: "
            "'Iowa · deaths (Coronavirus in US)' (id 0, 4 articles) and 'Iowa · deaths' "
            "(id 1, 3 articles); give one of these labels")
    # Two stories of one label: both named.
    for _, d in G.nodes(data=True):
        if d.get("cluster") == 0:
            d["cluster_label"] = "Iowa · deaths"
    with pytest.raises(NotFoundError, match=r"'Iowa · deaths' is the label of 2 stories: "
                       r"'Iowa · deaths' \(id 0, 4 articles\) and 'Iowa · deaths' \(id 1"):
        RelatedEngine(G).resolve("Iowa · deaths", by="story")


def test_a_domain_is_every_outlet_of_it_its_newsrooms_under_paths_too():
    # `related bbc.com` answered BBC News's articles alone, BBC Sport's (bbc.com/sport, a
    # newsroom of its own) left out without a word.
    G = build_graph([
        item("https://www.bbc.com/news/a", "a", provider=("BBC News", "bbc.com")),
        item("https://www.bbc.com/news/b", "b", provider=("BBC News", "bbc.com")),
        item("https://www.bbc.com/sport/c", "c", provider=("BBC Sport", "bbc.com")),
        item("https://www.bbc.com/sport/d", "d", provider=("BBC Sport", "bbc.com")),
    ])
    engine = RelatedEngine(G)
    for query in ("bbc.com", "www.bbc.com"):
        found = engine.resolve(query)
        assert found.nodes == ("provider:bbc.com", "provider:bbc.com/sport")
        assert found.note == (f"{query!r} names 2 providers; took all of them (bbc.com, "
                              "bbc.com/sport)")
    assert engine.resolve("BBC News").nodes == ("provider:bbc.com",)  # a name is one


def test_a_name_of_a_small_outlet_that_many_headlines_hold_is_read_as_words():
    # One item names its provider "Texas": `related Texas` gave that one mortgage article,
    # where a dozen headlines hold the word.
    G = build_graph([
        item("https://tx.example/m", "Mortgage rates fall", provider=("Texas", "tx.example")),
        *[item(f"https://n{k}.example/t", f"Texas reopens, part {k}", provider=ALPHA)
          for k in range(12)]])
    engine = RelatedEngine(G)
    found = engine.resolve("Texas")
    assert found.kind == "text"
    assert found.note == ("'Texas' is also an outlet (1 article); read as the words, which "
                          "12 articles hold (--by outlet for the outlet)")
    assert engine.resolve("Texas", by="outlet").nodes == ("provider:tx.example",)
    # An outlet with its own coverage stays the outlet.
    assert engine.resolve("Alpha News").kind == "provider"


def test_a_reason_gives_the_cosine_of_whole_texts_in_a_small_corpus_too():
    # In a two-item corpus every 4-gram of one headline alone was dropped before rows were
    # normalised: headlines sharing the word "police" read "similar headline (1.00)".
    G = build_graph([
        item("https://a.com/x", "Amazon extends ban on police use of face recognition tech",
             provider=ALPHA, related=[item("https://b.com/y", "x", provider=BETA)]),
        item("https://b.com/y", "Tokyo stock market closes lower as police investigate",
             provider=BETA, published="2020-05-06T12:00:00Z")])
    add_similar_edges(G)
    _, rows = RelatedEngine(G).related("https://a.com/x", min_score=0.0)
    said = " ".join(rows[0]["why"])
    assert "similar headline" not in said  # one shared word is no similar headline
    found = re.search(r"similar wording \((\d\.\d\d)\)", said)
    assert found is None or float(found.group(1)) < 0.3


def test_a_news_items_file_is_named_whole(tmp_path, engine):
    # The path was cut in its middle, with "(108 characters)" after it: a path, not a query.
    held = tmp_path / ("2020-05-06-" + "ontario-patios-reopen-" * 5 + ".md")
    held.write_text(f"---\ntitle: Ontario patios\nwebUrl: {PATIO_AMP}\n---\n")
    note = engine.resolve(str(held)).note
    assert note == f"read '{held}' as the news item it holds: {PATIO_AMP}"


def test_a_title_shared_by_copies_counts_them_all_and_takes_the_typed_then_the_first():
    # Three articles had the title ("Egypt\u2019s", "Egypt's", title case): graphx said 2 and
    # answered as a copy, over the exact match and AP's original.
    title = "Massive cargo ship turns sideways, blocks Egypt\u2019s Suez Canal"
    G = build_graph([
        item("https://apnews.com/a", title, provider=("AP", "apnews.com"),
             published="2021-03-24T05:40:00Z"),
        item("https://sfgate.com/b", title.replace("\u2019", "'"),
             provider=("SFGate", "sfgate.com"), published="2021-03-24T06:10:00Z"),
        item("https://usnews.com/c", title.replace("\u2019", "'").title(),
             provider=("US News", "usnews.com"), published="2021-03-24T06:00:00Z"),
    ])
    engine = RelatedEngine(G)
    typed = engine.resolve(title.replace("\u2019", "'"))
    assert typed.nodes == ("article:sfgate.com/b",)
    assert typed.note.startswith("3 articles have this title; took the one from SFGate")
    assert engine.resolve(title.lower()).nodes == ("article:apnews.com/a",)  # the first


def test_a_title_with_a_typo_takes_the_article_its_exact_title_takes():
    # The exact title took Reuters' original; one typo took MSN's copy of it.
    title = "Fed holds rates steady, signals two cuts later this year"
    G = build_graph([
        item("https://www.reuters.com/a", title, provider=("Reuters", "reuters.com"),
             published="2026-06-17T18:05:00Z"),
        item("https://www.msn.com/b", title, provider=("MSN", "msn.com"),
             published="2026-06-17T19:00:00Z"),
        item("https://other.com/c", "Stocks rally after the decision", provider=("O", "other.com")),
    ])
    engine = RelatedEngine(G)
    exact = engine.resolve(title)
    typo = engine.resolve(title.replace("steady", "stedy"))
    assert exact.nodes == typo.nodes == ("article:reuters.com/a",)
    assert typo.note.startswith("no exact title; took the closest")


def test_a_title_of_another_storm_or_model_is_no_title_of_the_corpus():
    # "Storm Ingrid: ..." took Storm Elin's article (0.95) and answered its coverage at 0.98;
    # "... the Aurora 8 ..." took the Aurora 7 launch. A misspelt name is still the title.
    elin = "Storm Elin: Norway and Sweden hit by hurricane-force winds"
    aurora = "Fenwick unveils the Aurora 7 with a periscope camera and an $899 price"
    G = build_graph([
        item("https://www.bbc.com/elin", elin, provider=("BBC News", "bbc.com")),
        item("https://www.theverge.com/aurora", aurora, provider=("The Verge", "theverge.com")),
        item("https://other.com/c", "Stocks rally after the decision", provider=("O", "other.com")),
    ])
    engine = RelatedEngine(G)
    for other in (elin.replace("Elin", "Ingrid"), aurora.replace("7", "8"),
                  aurora.replace("$899", "$999")):
        assert engine.resolve(other).kind != "title", other
    for typo in (elin.replace("Sweden", "Swedn"), elin.replace("Elin", "Elyn"),
                 aurora.replace("periscope", "periscpoe")):
        res = engine.resolve(typo)
        assert res.kind == "title" and res.note.startswith("no exact title; took the closest")


def test_a_word_no_article_holds_but_an_outlets_name_does_takes_that_outlet():
    # `related Sky` said "nothing in the corpus matches 'Sky'" beside Sky Sports' articles.
    G = build_graph([
        item("https://www.skysports.com/a", "Arsenal beat Chelsea", provider=("Sky Sports",
                                                                            "skysports.com")),
        item("https://www.bbc.com/b", "Chelsea lose at Arsenal", provider=("BBC", "bbc.com")),
    ])
    engine = RelatedEngine(G)
    res = engine.resolve("Sky")
    assert (res.kind, res.nodes) == ("provider", ("provider:skysports.com",))
    assert res.note == "no article holds 'Sky'; took the outlet 'Sky Sports'"
    assert engine.resolve("Arsenal").kind == "text"  # words an article holds stay keywords
    with pytest.raises(NotFoundError):
        engine.resolve("Skyline")  # a word inside a name is no word of it


def test_newsrooms_of_one_name_are_told_apart_in_what_matched_and_why():
    # "matched the outlet 'The Star' and 'The Star' and 'The Star'", "published by The Star".
    stars = [item(f"https://{d}/story-{k}", f"Story {k} of the day", "Text.",
                  provider=("The Star", d))
             for k, d in enumerate(("thestar.com", "thestar.com.my"))]
    engine = RelatedEngine(build_graph(stars))
    note, rows = engine.related("The Star")
    res = engine.resolve("The Star")
    assert engine.describe(res) == ("the outlets named 'The Star': thestar.com, "
                                    "thestar.com.my (2 articles)")
    assert sorted(r["why"][0] for r in rows) == [
        "published by The Star (thestar.com)", "published by The Star (thestar.com.my)"]


def test_answer_dates_that_leave_no_day_are_an_input_error_not_no_answers(engine):
    # --published-since after --published-until said "none ... is related with a score of
    # at least 0.05", as if the scores were to blame, where --since after --until is an error.
    since, until = "2020-05-07T00:00:00Z", "2020-05-06T23:59:59Z"
    message = (f"--published-since {since} is after --published-until {until}: no article "
               "can be in that range")
    for query in (PATIO, "patios", "zzzz qqqq"):  # an article, keywords, a query of nothing
        with pytest.raises(InputError) as caught:
            engine.related(query, published_since=since, published_until=until)
        assert str(caught.value) == message
    with pytest.raises(InputError, match="is after --published-until"):  # once, not per query
        list(engine.related_many([PATIO, "patios"], published_since=since,
                                 published_until=until))
    # One day, or one second, is a range.
    assert engine.related(PATIO, published_since="2020-05-07T00:00:00Z",
                          published_until="2020-05-07T23:59:59Z")[1]
    assert engine.related(PATIO, published_since=until, published_until=until) == ("", [])


def test_a_domain_of_no_outlet_of_the_corpus_is_no_outlet_not_the_word_com():
    # `related irrawaddy.com` (an outlet the build has no article of) was read as the
    # keywords irrawaddy, com, and answered with the dot-com bubble at 0.35.
    G = build_graph([
        item("https://mw.com/a", "Stocks pricier than at any time since the dot-com bubble",
             provider=("MarketWatch", "mw.com")),
        item("https://dev.example.org/b", "Node.js and ASP.NET release notes for the com port",
             provider=("Dev Blog", "dev.example.org")),
        item("https://www.wionews.com/c", "Singapore court jails man", provider=("WION",
                                                                                 "wionews.com")),
    ])
    engine = RelatedEngine(G)
    for domain in ("irrawaddy.com", "www.whdh.com", "Irrawaddy.com", "news.bbc.co.uk",
                   "stuff.co.nz", "example.news"):
        with pytest.raises(NotFoundError) as caught:
            engine.related(domain)
        assert str(caught.value) == (f"no outlet has the domain {domain!r}: a domain is read "
                                     "as an outlet (--by text for its words)")
    assert engine.resolve("irrawaddy.com", by="text").kind == "text"  # asked for its words
    for outlet in ("wionews.com", "www.wionews.com"):  # an outlet of the corpus
        assert engine.resolve(outlet).nodes == ("provider:wionews.com",)
    for words in ("Node.js", "ASP.NET", "Node.js v2.0"):  # words joined by dots stay words
        assert engine.resolve(words).kind == "text", words


def test_a_news_items_file_the_corpus_lacks_is_asked_by_its_title(tmp_path, engine):
    # The file of new coverage said "No article has the URL ...", a URL the user never
    # typed, without saying the file was read as it, and its title went unused.
    def news_file(name, url, title="", excerpt=""):
        path = tmp_path / name
        path.write_text(f"---\nwebUrl: {url}\n"
                        + (f"title: {title}\n" if title else "")
                        + (f"excerpt: {excerpt}\n" if excerpt else "") + "---\n")
        return str(path)

    said = "read '{}' as the news item it holds: https://new.example/{}, which no article has"
    words = news_file("w.md", "https://new.example/w", "Ontario patios and gyms stay shut")
    res = engine.resolve(words)
    assert (res.kind, res.query) == ("text", "Ontario patios and gyms stay shut")
    assert res.note == said.format(words, "w") + ": asked by its title instead"
    note, rows = engine.related(words)
    assert note == res.note and rows[0]["query"] == words
    assert {r["id"] for r in rows} >= {A, B, GYMS}
    assert engine.related(words) == engine.related(words)  # the same answer every time
    # A title the corpus holds is that article (another outlet's copy of a wire text).
    copy = news_file("c.md", "https://new.example/c", WIRE[0])
    res = engine.resolve(copy)
    assert res.kind == "title" and res.nodes[0].startswith("article:wire")
    assert res.note.startswith(said.format(copy, "c") + ": asked by its title instead; ")
    # No title: its excerpt.
    bare = news_file("e.md", "https://new.example/e", excerpt="Gyms in Ontario")
    assert engine.resolve(bare).note == said.format(bare, "e") + ": asked by its excerpt instead"
    # --by url asks by the URL alone; a title of words no article holds is no answer.
    with pytest.raises(NotFoundError) as caught:
        engine.resolve(words, by="url")
    assert str(caught.value) == said.format(words, "w")
    nothing = news_file("n.md", "https://new.example/n", "zzzz qqqq")
    with pytest.raises(NotFoundError) as caught:
        engine.resolve(nothing)
    assert str(caught.value) == (said.format(nothing, "n") + "; asked by its title: nothing "
                                 "in the corpus matches 'zzzz qqqq'")


def test_a_news_items_file_whose_name_is_not_utf8_is_found_by_either_spelling(tmp_path,
                                                                               engine):
    # caf\xe9-report.md (a Latin-1 byte, as a zip or a Windows copy leaves it): the shell's
    # bytes were read as U+FFFD before the file was looked for, so the path was keywords
    # (exit 0, unrelated answers), and the load report's spelling found nothing either.
    import os

    raw = os.fsencode(tmp_path) + b"/caf\xe9-report.md"
    with open(raw, "wb") as fh:
        fh.write(f"---\ntitle: Ontario patios\nwebUrl: {PATIO_AMP}\n---\n".encode())
    shells = os.fsdecode(raw)  # what a shell's argument is in Python: the byte as a surrogate
    spelled = f"{tmp_path}/caf\\xe9-report.md"  # as the load report and the outputs write it
    for query in (shells, spelled):
        res = engine.resolve(query)
        assert (res.kind, res.nodes) == ("url", (A,)), query
        assert res.note == f"read '{spelled}' as the news item it holds: {PATIO_AMP}"
        note, rows = engine.related(query)
        assert note == res.note and rows and all(r["id"] != A for r in rows)
        assert engine.resolve(query, by="url").nodes == (A,)
    # A backslash of a name's own is spelled doubled; a name of no file stays a query.
    own = tmp_path / "a\\b.md"
    own.write_text(f"---\ntitle: Ontario patios\nwebUrl: {PATIO_AMP}\n---\n")
    assert engine.resolve(str(own)).nodes == engine.resolve(f"{tmp_path}/a\\\\b.md").nodes == (A,)
    assert engine.resolve(f"{tmp_path}/caf\\xe8-report.md patios").kind == "text"


def test_a_title_naming_another_place_first_is_no_title_of_the_corpus():
    # Count headlines name their place first: "North Dakota reports ..." took South
    # Dakota's article (0.97), a Title Case Kansas headline Nebraska's, and a sentence-case
    # Alberta one Nova Scotia's; the place's own coverage was left out.
    dakota = "South Dakota reports five more coronavirus deaths, 58 new cases"
    health = "Nebraska Health Officials Report 4 More Coronavirus Deaths"
    scotia = "Nova Scotia identifies 7 new cases of COVID-19"
    latest = "Latest: Disneyland in Shanghai will reopen on Monday"
    G = build_graph([item(f"https://n{k}.example/a", title, provider=ALPHA)
                     for k, title in enumerate((dakota, health, scotia, latest))])
    engine = RelatedEngine(G)
    for other in (dakota.replace("South", "North"), health.replace("Nebraska", "Kansas"),
                  scotia.replace("Nova Scotia", "Manitoba"),
                  scotia.replace("Nova Scotia identifies", "Ontario identifies")):
        assert engine.resolve(other).kind == "text", other
    for typo in (dakota.replace("South", "Souht"), health.replace("Nebraska", "Nebrasak"),
                 scotia.replace("identifies", "identifes"), f"The {latest}",
                 health.replace("Report", "Reprot")):
        res = engine.resolve(typo)
        assert res.kind == "title" and res.note.startswith("no exact title; took the closest"), typo


def test_a_browser_tabs_title_of_a_headline_the_corpus_lacks_drops_the_outlet():
    # "... cancellation possible - CNA" had no answer ("no article holds CNA"), "... | Sport
    # | The Guardian" none either, and "... | Reuters" halved every score: the outlet was
    # searched as a word when the corpus did not hold the headline.
    G = build_graph([
        item("https://espn.com/a", "Australian Open in doubt due to coronavirus, organiser says",
             provider=("ESPN", "espn.com")),
        item("https://thewest.com.au/b", "Tennis boss says Australian Open could be cancelled",
             provider=("The West", "thewest.com.au")),
        item("https://reuters.com/c", "Stocks rally on Wall Street", provider=("Reuters",
                                                                               "reuters.com")),
    ])
    engine = RelatedEngine(G)
    head = "Australian Open organisers concede cancellation possible"
    alone = engine.related(head, min_score=0.0)[1]
    for suffix, said in ((" - CNA", "CNA"), (" | Sport | The Guardian", "Sport | The Guardian"),
                         (" | Reuters", "Reuters"), (" – The Straits Times", "The Straits Times"),
                         (" | straitstimes.com", "straitstimes.com")):
        res = engine.resolve(head + suffix)
        assert (res.kind, res.query) == ("text", head), suffix
        assert res.note == f"read {head!r} alone, {said!r} being a browser tab's"
        rows = engine.related(head + suffix, min_score=0.0)[1]
        assert [(r["id"], r["score"]) for r in rows] == [(r["id"], r["score"]) for r in alone]
    # A dash that ends a headline with words of its own keeps them.
    for kept in (f"{head} - official", f"{head} - tour organiser says", "Wall Street - stocks"):
        assert engine.resolve(kept).query == kept


@pytest.mark.parametrize("saved", [False, True])
def test_keywords_find_a_page_by_an_earlier_headline_as_a_title_query_does(saved):
    # Two files under one address (a live page reissued with another headline): a title
    # query found the page by either headline, the SQLite search too, but a keyword query
    # for the earlier one's words found nothing ("Nothing in the corpus matches").
    live = "https://delta.com/live"
    earlier = item(live, "Measles outbreak in county schools", "Measles cases rise.",
                   provider=("Delta", "delta.com"), published="2020-05-06T09:00:00Z",
                   path="a.md")
    later = item(live, "Stocks rally as oil rebounds", "Stocks rallied.",
                 provider=("Delta", "delta.com"), published="2020-05-06T12:00:00Z",
                 path="b.md")
    engine = RelatedEngine(corpus([earlier, later]))
    if saved:
        engine = RelatedEngine.from_arrays(*engine.to_arrays())
    note, rows = engine.related("measles outbreak")
    assert rows and rows[0]["id"] == "article:delta.com/live", (note, rows[:2])
    # Its row shows the later headline, which holds neither word
    assert rows[0]["why"] == ["holds every word: measles, outbreak",
                              "all of them in its headlines, some in an earlier one"]
    assert engine.related("stocks rally")[1][0]["why"][1] == "all of them in the headline"


def test_some_words_of_a_headline_that_other_headlines_hold_are_keywords():
    # "Power Apps portals" took 'Power Apps portals FAQs' as its closest title (0.88) in a
    # folder of 150 posts, answered nothing and exited 1; in the whole folder it was keywords.
    posts = [item(f"https://blog.example.com/{k}", title, "A post about the product.",
                  provider=("Blog", "blog.example.com"))
             for k, title in enumerate(["Quokka Apps portals FAQs",
                                        "Quokka Apps portals Web API support",
                                        "Start using code components with Quokka Apps portals",
                                        "Tasmanian zoo welcomes baby quokka twins"])]
    engine = RelatedEngine(corpus(posts))
    assert engine.resolve("Quokka Apps portals").kind == "text"
    # A headline cut short that no other headline holds is still that headline ...
    cut = engine.resolve("Tasmanian zoo welcomes baby quokka")
    assert (cut.kind, cut.nodes) == ("title", ("article:blog.example.com/3",))
    # ... and so is one with a word of its own (a typo)
    typo = engine.resolve("Quokka Apps portals FAQz")
    assert (typo.kind, typo.nodes) == ("title", ("article:blog.example.com/0",))
