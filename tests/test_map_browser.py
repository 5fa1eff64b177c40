"""The map page in headless Chromium: offline, searchable, clickable, filterable, safe, fast.

One browser serves the whole module. Skipped when Chromium or Playwright is missing, unless
GRAPHX_REQUIRE_BROWSER=1 (CI), which makes that a failure.
"""

import importlib.util
from pathlib import Path

import pytest
from conftest import require_or_skip
from graphs import (
    CHROMIUM,
    HOSTILE,
    LOCAL_SCHEMES,
    READY,
    hostile_graph,
    hostile_related,
    launch,
    make_graph,
    node_point,
    related_stories,
    time_to_interactive,
)

from graphx.render import coverage_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    found = Path(CHROMIUM).exists() and importlib.util.find_spec("playwright") is not None
    require_or_skip(found, "GRAPHX_REQUIRE_BROWSER", f"{CHROMIUM} with Python playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A 150-article map with related stories, and what went into it."""
    G = make_graph(150, seed=11)
    related = related_stories(G)
    path = tmp_path_factory.mktemp("maps") / "small.html"
    coverage_map(G, related=related).save(path)
    return G, related, path


class Opened:
    """A map open in a page, with every request it made and every error it raised."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function(READY, timeout=30_000)

    def js(self, script, arg=None):
        return self.page.evaluate(script, arg)

    def panel(self) -> str:
        self.page.wait_for_selector("#gx-panel:not([hidden])", timeout=5_000)
        return self.js("document.getElementById('gx-panel-body').textContent")

    def selected(self) -> list:
        return self.js("network.getSelectedNodes()")

    def visible(self) -> int:
        return self.js("network.body.nodeIndices.length")

    def offline(self) -> bool:
        return all(url.startswith(LOCAL_SCHEMES) for url in self.requests)


@pytest.fixture
def opened(browser):
    pages = []

    def open_map(path: Path) -> Opened:
        pages.append(Opened(browser, path))
        return pages[-1]

    yield open_map
    for page in pages:
        page.page.close()


def loneliest(view: Opened, ids: list[str]) -> str:
    """The id among ids drawn farthest from any other node, so a click cannot miss it."""
    return view.js("""ids => {
        const all = network.getPositions();
        const gap = id => Math.min(...Object.entries(all).filter(([o]) => o !== id)
            .map(([, p]) => Math.hypot(p.x - all[id].x, p.y - all[id].y)));
        return ids.map(id => [gap(id), id]).sort((a, b) => b[0] - a[0])[0][1];
    }""", ids)


def test_opens_offline_with_every_node(opened, small):
    G, _, path = small
    view = opened(path)
    assert view.js("network.body.data.nodes.length") == G.number_of_nodes()
    assert view.js("network.body.data.edges.length") == G.number_of_edges()
    assert view.offline(), view.requests
    assert view.errors == []


def test_search_focuses_a_known_title(opened, small):
    G, _, path = small
    node = "article:https://news.example.com/story/17"
    title = G.nodes[node]["title"]
    view = opened(path)
    view.page.fill("#gx-search", title[:12].upper())
    view.page.wait_for_selector("#gx-results:not([hidden])")
    assert title in view.js("document.getElementById('gx-results').textContent")
    view.page.fill("#gx-search", title)
    view.page.wait_for_selector("#gx-results:not([hidden])")
    view.page.press("#gx-search", "Enter")
    assert view.panel().startswith(title)
    assert view.selected() == [node]


def test_clicking_an_article_shows_its_related_stories(opened, small):
    G, related, path = small
    view = opened(path)
    node = loneliest(view, sorted(related))
    view.page.mouse.click(*node_point(view.page, node, zoom=1.5))
    text = view.panel()
    assert view.selected() == [node]
    assert text.startswith(G.nodes[node]["title"])
    assert G.nodes[node]["excerpt"] in text
    for story in related[node]:
        assert story["title"] in text and all(reason in text for reason in story["why"])
    assert view.js("document.querySelector('#gx-panel a').href") == G.nodes[node]["url"]
    view.page.click(".gx-related button >> nth=0")
    other = related[node][0]["id"]
    assert view.selected() == [other]
    assert view.panel().startswith(related[node][0]["title"])
    # Topic chips lead to the topic's node, whatever the case of the article's spelling.
    view.page.click("#gx-panel button.gx-chip >> nth=0")
    assert view.selected() == [f"topic:{G.nodes[other]['topics'].split('; ')[0].casefold()}"]


def test_clicking_a_provider_lists_its_articles(opened, small):
    G, _, path = small
    view = opened(path)
    providers = [n for n, d in G.nodes(data=True) if d["kind"] == "provider" and G.in_degree(n) > 1]
    node = loneliest(view, providers)
    view.page.mouse.click(*node_point(view.page, node, zoom=1.5))
    text = view.panel()
    assert view.selected() == [node]
    for article in G.predecessors(node):
        assert G.nodes[article]["title"] in text


def test_filters_narrow_the_map_and_reset_restores_it(opened, small):
    G, _, path = small
    view = opened(path)
    everything = view.visible()
    cluster0 = {n for n, d in G.nodes(data=True) if d["kind"] == "article" and d["cluster"] == 0}
    hubs = {h for a in cluster0 for h in G.successors(a) if G.nodes[h]["kind"] != "article"}
    view.page.select_option("#gx-cluster", "0")
    assert view.visible() == len(cluster0) + len(hubs)
    view.page.uncheck("#gx-kinds input[value=provider]")
    assert view.visible() == len(cluster0) + len([h for h in hubs if h.startswith("topic:")
                                                  or h.startswith("tag:")])
    view.page.click("#gx-reset")
    assert view.visible() == everything
    first = min(d["published"] for _, d in G.nodes(data=True) if d["kind"] == "article")
    view.js("() => { const to = document.getElementById('gx-to'); to.value = 0;"
            " to.dispatchEvent(new Event('input')); }")
    earliest = {n for n, d in G.nodes(data=True) if d.get("published") == first}
    shown = set(view.js("network.body.nodeIndices.filter(id => id.startsWith('article:'))"))
    assert shown == earliest
    # Searching for a node the filters hide brings it back rather than failing silently.
    late = max((n for n, d in G.nodes(data=True) if d["kind"] == "article"),
               key=lambda n: G.nodes[n]["published"])
    view.page.fill("#gx-search", G.nodes[late]["title"])
    view.page.wait_for_selector("#gx-results:not([hidden])")
    view.page.press("#gx-search", "Enter")
    assert view.selected() == [late] and view.visible() == everything


def test_hostile_text_is_shown_and_never_run(opened, tmp_path):
    G = hostile_graph()
    path = tmp_path / "hostile.html"
    coverage_map(G, related=hostile_related(G)).save(path)
    view = opened(path)
    seen = []
    hubs = {d["kind"]: n for n, d in sorted(G.nodes(data=True)) if d["kind"] != "article"}
    for node in sorted(n for n in G if G.nodes[n]["kind"] == "article") + sorted(hubs.values()):
        view.page.mouse.move(*node_point(view.page, node, zoom=3))
        view.page.wait_for_timeout(300)  # the tooltip's delay
        tooltip = view.js("""() => { const t = document.querySelector('div.vis-tooltip');
            return [t.textContent, Array.from(t.querySelectorAll('*'), e => e.tagName)]; }""")
        assert tooltip[1] == ["DIV", "STRONG", "SMALL"]  # ours; nothing parsed from the data
        seen.append(tooltip[0])
        view.page.mouse.click(*node_point(view.page, node))
        seen.append(view.panel())
        if view.js("document.querySelectorAll('.gx-related button').length"):
            view.page.click(".gx-related button >> nth=0")
            seen.append(view.panel())
    for attack in HOSTILE:
        view.page.fill("#gx-search", attack)
        view.page.wait_for_timeout(150)
        seen.append(view.js("document.getElementById('gx-results').textContent"))
        view.page.press("#gx-search", "Enter")
        seen.append(view.panel())
    seen.append(view.js("document.getElementById('gx-controls').textContent"))
    text = "\n".join(seen)
    for attack in HOSTILE:
        assert attack in text, attack
    assert view.js("typeof window.__pwned") == "undefined"
    assert view.js("document.querySelectorAll('#gx-panel a, #gx-results a').length") == 0
    assert view.js("document.querySelectorAll('body img, body svg, body iframe').length") == 0
    assert view.offline(), view.requests
    assert view.errors == []


def test_notebook_frame_runs_sandboxed(browser, small):
    G, related, _ = small
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.set_content(coverage_map(G, related=related)._repr_html_())
        frame = page.frames[1]
        frame.wait_for_function(READY, timeout=30_000)
        assert frame.evaluate("window.network.body.data.nodes.length") == G.number_of_nodes()
        assert all(url.startswith(LOCAL_SCHEMES) for url in requests), requests
    finally:
        page.close()


def test_interactive_within_five_seconds_at_5000_nodes(browser, tmp_path):
    G = make_graph(3650, seed=0)
    assert G.number_of_nodes() >= 5000
    path = tmp_path / "big.html"
    page = coverage_map(G, max_nodes=None)
    page.save(path)
    assert page.stats["shown"] == G.number_of_nodes()
    assert time_to_interactive(browser, path) < 5.0
