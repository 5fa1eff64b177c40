"""Map fixtures for tests and benchmarks: hand-built graphs and driving the page in Chromium.

The graphs follow docs/graph-model.md and stand in for the loader's output, so the map can
be tested on its own: articles in clusters with labels, pagerank, providers, topics, tags,
related and similar edges. The browser helpers use Debian's Chromium, never a download.
"""

import itertools
import random
import time

import networkx as nx

WORDS = (
    "vaccine", "trial", "lockdown", "masks", "testing", "schools", "jobs", "hospitals",
    "travel", "stimulus", "nursing", "homes", "sports", "reopening", "prisons", "meat",
    "plants", "elections", "tenants", "airlines", "unemployment", "cruise", "ships", "labs",
)
HOSTILE = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>\u2028<!--",
    "&lt;b&gt; <svg onload=window.__pwned=1> & ' \" `${window.__pwned=1}`",
)
HOSTILE_ID = "article:</script><script>window.__pwned=1</script>"
PLACES = ("US", "CA", "GB", "IN", "AU", "US-NY", "US-CA", "US-TX", "US-FL", "US-WA", "DE")


def make_graph(n_articles: int, seed: int = 0) -> nx.MultiDiGraph:
    """A realistic analysed coverage graph with n_articles articles (about 1.23 nodes each).

    Cluster sizes are skewed like real news (a few big stories, many small ones, some
    singletons); providers follow a long tail; related and similar edges stay mostly
    inside a cluster.
    """
    rng = random.Random(seed)
    G = nx.MultiDiGraph(created_by="graphx")
    n_providers = max(3, n_articles // 2)
    n_topics = max(3, n_articles // 60)
    n_tags = min(len(PLACES), max(2, n_articles // 80))

    providers = [f"news{i}.example.com" for i in range(n_providers)]
    # Zipf-like reach: a few big outlets, a long tail (the covid corpus: 2,922 items, 1,000+).
    reach = list(itertools.accumulate(1 / (i + 1) ** 0.7 for i in range(n_providers)))
    topics = [f"{rng.choice(WORDS).title()} {rng.choice(WORDS)}" for _ in range(n_topics)]
    topics = list(dict.fromkeys(topics))
    for t in topics:
        G.add_node(f"topic:{t.casefold()}", kind="topic", label=t)
    for place in PLACES[:n_tags]:
        G.add_node(f"tag:{place.casefold()}", kind="tag", label=place)

    clusters = _cluster_sizes(n_articles, rng)
    article_cluster = []
    for c, size in enumerate(clusters):
        article_cluster += [c] * size
    article_cluster += [-1] * (n_articles - len(article_cluster))
    labels = {c: f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for c in range(len(clusters))}
    cluster_topics = {c: rng.sample(topics, min(2, len(topics))) for c in range(len(clusters))}

    members: dict[int, list[str]] = {}
    for i, c in enumerate(article_cluster):
        node = f"article:https://news.example.com/story/{i}"
        p = rng.choices(range(n_providers), cum_weights=reach)[0]
        provider = providers[p]
        # Providers exist only through their articles, as in a loaded corpus.
        G.add_node(f"provider:{provider}", kind="provider", label=f"News {p}",
                   domain=provider, names=f"News {p}")
        day, hour = rng.choice(("05", "06", "07")), rng.randrange(24)
        mine = cluster_topics.get(c) or [rng.choice(topics)]
        tags = rng.sample(PLACES[:n_tags], 1)
        words = labels.get(c, rng.choice(WORDS))
        G.add_node(
            node, kind="article", label=f"Story {i}: {words} update",
            title=f"Story {i}: {words} update", excerpt=f"What we know about {words} ({i}).",
            url=f"https://{provider}/story/{i}", urls=f"https://{provider}/story/{i}",
            published=f"2020-05-{day}T{hour:02d}:00:00Z", provider=provider,
            provider_name=G.nodes[f"provider:{provider}"]["label"], topics="; ".join(mine),
            tags="; ".join(tags), sources=f"items/{i}.md", has_file=True, group="",
            cluster=c, cluster_label=labels.get(c, ""), related_in=0, bridging=0.0,
        )
        G.add_edge(node, f"provider:{provider}", key="published_by", relation="published_by",
                   count=1)
        for t in mine:
            G.add_edge(node, f"topic:{t.casefold()}", key="tagged", relation="tagged", count=1)
        for t in tags:
            G.add_edge(node, f"tag:{t.casefold()}", key="tagged", relation="tagged", count=1)
        members.setdefault(c, []).append(node)

    everyone = [n for n, k in G.nodes(data="kind") if k == "article"]
    for c, nodes in members.items():
        for node in nodes:
            pool = nodes if c >= 0 and len(nodes) > 1 and rng.random() < 0.9 else everyone
            for other in rng.sample(pool, min(len(pool), rng.choice((0, 1, 2, 3)))):
                if other != node:
                    G.add_edge(node, other, key="related", relation="related", count=1)
            if c >= 0 and len(nodes) > 1 and rng.random() < 0.3:
                other = rng.choice(nodes)
                if other != node:
                    G.add_edge(node, other, key="similar", relation="similar", count=1,
                               score=round(rng.uniform(0.5, 1.0), 3), syndicated=False)
    _add_scores(G)
    return G


def _cluster_sizes(n_articles: int, rng: random.Random) -> list[int]:
    """Skewed cluster sizes summing to about 90% of the articles (the rest are singletons)."""
    sizes, left = [], int(n_articles * 0.9)
    while left > 1:
        size = min(left, max(2, int(rng.paretovariate(1.1) * 3)), 400)
        sizes.append(size)
        left -= size
    return sorted(sizes, reverse=True)


def _add_scores(G: nx.MultiDiGraph) -> None:
    """pagerank and related_in on articles, degree and articles on hubs, as analysis does."""
    links = nx.DiGraph()
    links.add_nodes_from(n for n, k in G.nodes(data="kind") if k == "article")
    links.add_edges_from((u, v) for u, v, r in G.edges(data="relation") if r == "related")
    for node, score in nx.pagerank(links).items():
        G.nodes[node]["pagerank"] = score
        G.nodes[node]["related_in"] = links.in_degree(node)
    for node, kind in G.nodes(data="kind"):
        if kind != "article":
            G.nodes[node]["degree"] = G.degree(node)
            G.nodes[node]["articles"] = G.in_degree(node)


def hostile_graph() -> nx.MultiDiGraph:
    """Four articles and their hubs whose every string tries to run script or break out of
    the page: titles, excerpts, providers, topics, tags, cluster labels, URLs and one id."""
    G = make_graph(4, seed=1)
    articles = sorted(n for n, kind in G.nodes(data="kind") if kind == "article")
    for i, node in enumerate(articles):
        G.nodes[node].update(
            title=HOSTILE[i], label=HOSTILE[i], excerpt=HOSTILE[(i + 1) % len(HOSTILE)],
            provider_name=HOSTILE[2], topics=HOSTILE[3], tags=HOSTILE[0],
            cluster_label=HOSTILE[1], url="javascript:window.__pwned=1",
        )
    for _, data in G.nodes(data=True):
        if data["kind"] != "article":
            data["label"] = {"provider": HOSTILE[2], "topic": HOSTILE[3]}.get(data["kind"],
                                                                            HOSTILE[0])
    return nx.relabel_nodes(G, {articles[0]: HOSTILE_ID})


def hostile_related(G: nx.MultiDiGraph) -> dict:
    """Related stories for every article of G, with hostile titles and reasons."""
    articles = sorted(n for n, kind in G.nodes(data="kind") if kind == "article")
    return {
        a: [{"id": b, "title": HOSTILE[0], "score": 0.5, "why": [HOSTILE[1], HOSTILE[2]]}
            for b in articles if b != a]
        for a in articles
    }


def related_stories(G: nx.MultiDiGraph) -> dict:
    """What the related engine would pass the map: each article's related-edge targets."""
    out = {}
    for u, v, relation in G.edges(data="relation"):
        if relation == "related":
            out.setdefault(u, []).append({
                "id": v, "title": G.nodes[v]["title"], "score": 0.75,
                "why": [f"both cover {G.nodes[v]['cluster_label'] or 'the same news'}",
                        f"listed by {G.nodes[u]['provider_name']}"]})
    return out


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_SCHEMES = ("file:", "data:", "about:")
READY = "window.__graphxReady !== undefined"


def launch(playwright):
    """Headless Debian Chromium (Playwright is never asked to download a browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def node_point(page, node_id: str, *, zoom: float | None = None) -> tuple[float, float]:
    """Where node_id is drawn on screen, optionally after zooming the view onto it."""
    return tuple(page.evaluate(
        """([id, zoom]) => {
            if (zoom) network.moveTo({position: network.getPosition(id), scale: zoom});
            const at = network.canvasToDOM(network.getPosition(id));
            const box = network.body.container.getBoundingClientRect();
            return [at.x + box.left, at.y + box.top];
        }""", [node_id, zoom]))


def click_top_article(page) -> str:
    """Click the most central (largest) article on the canvas; wait for its panel; its id."""
    top = page.evaluate("""() => network.body.data.nodes.get({
        filter: n => n.id.startsWith("article:")}).sort((a, b) => b.size - a.size)[0].id""")
    page.mouse.click(*node_point(page, top))
    page.wait_for_selector("#gx-panel:not([hidden])", timeout=60_000)
    return top


def time_to_interactive(browser, path) -> float:
    """Seconds from navigation until the map has drawn and a click on a node opened its
    panel, in a fresh page of browser."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function(READY, timeout=60_000)
        click_top_article(page)
        return time.perf_counter() - start
    finally:
        page.close()
