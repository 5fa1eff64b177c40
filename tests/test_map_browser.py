"""The map page in headless Chromium: offline, searchable, clickable, filterable, safe, fast,
and legible: story names in the overview, labels that never overlap and keep their size,
views fitted to what filters leave, a timeline that plays.

One browser serves the whole module. Skipped when Chromium or Playwright is missing, unless
GRAPHX_REQUIRE_BROWSER=1 (CI), which makes that a failure.
"""

import importlib.util
import itertools
from pathlib import Path

import networkx as nx
import pytest
from conftest import require_or_skip
from graphs import (
    CHROMIUM,
    HOSTILE,
    LOCAL_SCHEMES,
    READY,
    hostile_related,
    launch,
    make_graph,
    node_point,
    related_stories,
    time_to_interactive,
)
from test_render import hostile_story_graph

from graphx import palette
from graphx.model import decoded
from graphx.render import coverage_map, dominant_hubs

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
    assert view.js("graphx.edgeCount()") == G.number_of_edges()
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


def test_search_finds_every_word_anywhere_accents_aside_and_says_when_nothing_does(
        opened, tmp_path):
    # "moderna vaccine" found nothing when the words were not side by side, "quebec" not
    # "Québec", and a miss said nothing at all.
    G = nx.MultiDiGraph()
    for key, title in (("a", "Moderna says its experimental vaccine clears a hurdle"),
                       ("b", "Montr\u00e9al and Qu\u00e9bec City ease rules"),
                       ("c", "Vaccine makers race on"),
                       ("d", "Oklahoma McDonald\u2019s workers shot"),
                       ("e", "It's closed: the McDonald's drive-through"),
                       ("f", "COVID-19 testing expands in \u0141\u00f3d\u017a"),
                       ("g", "\u00d8rsted wins wind farm"),
                       ("h", "Reporter alerted to a desert storm"),
                       ("i", "Coca-Cola recalls bottles in Stoke-on-Trent"),
                       ("j", "G7 leaders meet in Rome"), ("k", "N95 masks run short"),
                       ("l", "India now has 52,952 cases"), ("m", "Telecoms roll out 5G"),
                       ("n", "Hackers exposed 38M records"), ("o", "Boeing 737 returns")):
        G.add_node(f"article:{key}", kind="article", label=title, title=title, cluster=-1,
                   provider="p.example", published="2020-05-06T10:00:00Z")
    path = tmp_path / "m.html"
    coverage_map(G).save(path)
    view = opened(path)
    for query, found in (("moderna vaccine", "Moderna says"), ("QUEBEC  city", "Qu\u00e9bec"),
                         ("vaccine", "Vaccine makers"),
                         # a keyboard's ' finds a headline's \u2019, and none at all finds both
                         ("mcdonald's oklahoma", "Oklahoma McDonald"),
                         ("mcdonalds oklahoma", "Oklahoma McDonald"),
                         ("it\u2019s closed", "It's closed"),
                         # letters run with digits, and letters with no decomposition
                         ("covid19 testing", "COVID-19 testing"), ("lodz", "COVID-19"),
                         ("orsted", "wins wind farm"),
                         # a hyphenated name typed without its hyphen, or with all of them
                         ("cocacola", "Coca-Cola recalls"), ("stoke-on-trent", "Coca-Cola"),
                         ("coca cola", "Coca-Cola recalls"),
                         # a word of letters and digits as printed: "n95" was looked for as
                         # "n" and "95" apart, "g7" found nothing (no word starts with "7")
                         ("g7", "G7 leaders"), ("G7 leaders", "G7 leaders"), ("n95", "N95"),
                         ("5G", "Telecoms"), ("38m", "Hackers"), ("boeing 737", "Boeing"),
                         ("boeing737", "Boeing")):
        view.page.fill("#gx-search", query)
        view.page.wait_for_function(
            "t => document.getElementById('gx-results').textContent.includes(t)", arg=found,
            timeout=5_000)
    # A word is looked for where a word starts: "rte" (Ireland's broadcaster) is no part
    # of "reporter", "alerted" or "desert"; "vacc" still finds a vaccine as one types.
    view.page.fill("#gx-search", "vacc")
    view.page.wait_for_function(
        "() => document.getElementById('gx-results').textContent.includes('Vaccine makers')",
        timeout=5_000)
    view.page.fill("#gx-search", "rte")
    view.page.wait_for_selector("#gx-results li.gx-none")
    # "n95" is no "n" of "now" with the "95" of "52,952" (its parts apart, as it typed them
    # together only where the text splits them the same way)
    view.page.fill("#gx-search", "n95")
    view.page.wait_for_function(
        "() => document.getElementById('gx-results').textContent.includes('N95 masks')",
        timeout=5_000)
    assert "52,952" not in view.js("document.getElementById('gx-results').textContent")
    view.page.fill("#gx-search", "moderna lockdown")
    view.page.wait_for_function(
        "() => document.getElementById('gx-results').textContent.includes('lockdown')",
        timeout=5_000)
    assert view.js("document.getElementById('gx-results').textContent") == (
        "Nothing on this map holds \u201cmoderna lockdown\u201d")
    view.page.press("#gx-search", "Enter")  # nothing to open: no error
    assert view.errors == []


def test_enter_opens_the_largest_story_whose_name_holds_the_query(opened, tmp_path):
    # Enter on "vaccine" opened a 2-article story whose name starts with the word, not the
    # 31-article "Moderna · vaccine"; on "disney" one paper's article, not the Disneyland
    # story. Search ranked by where in a name the word stands.
    G = nx.MultiDiGraph()
    rows = [("w", 0, "vaccine · whistleblower complaint", 2, "Vaccine expert files complaint"),
            ("m", 1, "Moderna · vaccine", 5, "Moderna moves ahead on trial"),
            ("s", 2, "Shanghai Disneyland · Disney", 3, "Shanghai park to reopen"),
            ("x", -1, "", 1, "Vaccine makers race on"),
            ("y", -1, "", 1, "Disney's Shanghai theme park to reopen May 11")]
    for key, cluster, label, size, title in rows:
        for k in range(size):
            G.add_node(f"article:{key}{k}", kind="article", label=f"{title} {k}",
                       title=f"{title} {k}", cluster=cluster, cluster_label=label,
                       provider="p.example", published=f"2020-05-06T1{k}:00:00Z")
    path = tmp_path / "m.html"
    coverage_map(G, related=0).save(path)
    view = opened(path)
    for query, story in (("vaccine", "Moderna · vaccine"),
                         ("disney", "Shanghai Disneyland · Disney")):
        view.page.fill("#gx-search", query)
        view.page.wait_for_selector("#gx-results:not([hidden])")
        view.page.press("#gx-search", "Enter")
        assert view.panel().startswith(story), (query, view.panel()[:80])
    assert view.errors == []


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
    view.page.mouse.click(*node_point(view.page, node, zoom=2))
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
    hubs -= dominant_hubs(G)  # hidden until asked for
    assert hubs
    view.page.select_option("#gx-cluster", "0")
    assert view.visible() == len(cluster0) + len(hubs)
    # The Story list opens the story's panel, as its name and the legend do, and the view
    # is fitted beside it: no article of the story under the panel.
    assert view.js("document.getElementById('gx-panel').hidden") is False
    assert view.js("graphx.selected()") == {"story": 0}
    settle(view)
    under = view.js("""ids => {
        const left = document.getElementById('gx-panel').getBoundingClientRect().left
                     - network.body.container.getBoundingClientRect().left;
        return ids.filter(id => network.canvasToDOM(network.getPosition(id)).x > left);
    }""", sorted(cluster0))
    assert under == []
    view.page.uncheck("#gx-kinds input[value=provider]")
    assert view.visible() == len(cluster0) + len([h for h in hubs if h.startswith("topic:")
                                                  or h.startswith("tag:")])
    view.page.click("#gx-reset")
    assert view.visible() == everything
    first = min(d["published"] for _, d in G.nodes(data=True) if d["kind"] == "article")
    view.js("() => { const to = document.getElementById('gx-to'); to.value = 0;"
            " to.dispatchEvent(new Event('input')); to.dispatchEvent(new Event('change')); }")
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
    G = hostile_story_graph()
    path = tmp_path / "hostile.html"
    coverage_map(G, related=hostile_related(G)).save(path)
    view = opened(path)
    seen = []
    # (A hub on every article is hidden until asked for: nothing to click where it is.)
    hubs = {d["kind"]: n for n, d in sorted(G.nodes(data=True))
            if d["kind"] != "article" and n not in dominant_hubs(G)}
    for node in sorted(n for n in G if G.nodes[n]["kind"] == "article") + sorted(hubs.values()):
        view.page.mouse.move(*node_point(view.page, node, zoom=3))
        view.page.wait_for_timeout(300)  # the tooltip's delay
        tooltip = view.js("""() => { const t = document.getElementById('gx-tooltip');
            return [t.textContent, Array.from(t.querySelectorAll('*'), e => e.tagName)]; }""")
        assert tooltip[1] == ["STRONG", "SMALL"]  # ours; nothing parsed from the data
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
    for story in view.js("graphx.stories()"):
        view.js("id => graphx.selectStory(id)", story["id"])
        seen.append(view.panel())
        assert f"Theme: {decoded(HOSTILE[3])}" in seen[-1] and "round-up" in seen[-1]
    seen.append(" ".join(label["text"] for label in view.js("graphx.labels()")))
    text = "\n".join(seen)
    for attack in HOSTILE:  # shown as text, as a reader reads it (entities decoded)
        assert decoded(attack) in text, attack
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


@pytest.fixture(scope="module")
def medium(tmp_path_factory):
    """A 900-article map with a topic on every article, syndicated copies and a round-up."""
    G = make_graph(900, seed=8)
    articles = sorted(n for n, d in G.nodes(data=True) if d["kind"] == "article")
    G.add_node("topic:coronavirus", kind="topic", label="Coronavirus")
    for n in articles:
        G.add_edge(n, "topic:coronavirus", key="tagged", relation="tagged", count=1)
    story = sorted((n for n in articles if G.nodes[n]["cluster"] == 0),
                   key=lambda n: (G.nodes[n]["published"], n))
    for n in story[1:4]:
        G.nodes[n]["group"] = "g:wire"
    G.nodes[story[0]]["roundup"] = True
    path = tmp_path_factory.mktemp("maps") / "medium.html"
    coverage_map(G, related=related_stories(G)).save(path)
    return G, path


def overlapping(labels: list[dict]) -> list:
    return [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
            if a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]]


def inside(view: Opened, labels: list[dict]) -> bool:
    width, height = view.js("[network.body.container.clientWidth,"
                            " network.body.container.clientHeight]")
    return all(b["x"] >= 0 and b["x"] + b["width"] <= width and b["y"] >= 0
               and b["y"] + b["height"] <= height for b in labels)


def settle(view: Opened) -> None:
    view.page.wait_for_function("() => !graphx.moving()", timeout=10_000)
    view.page.wait_for_timeout(100)  # the frame after the last move


def test_overview_names_the_stories_and_no_labels_overlap(opened, medium):
    G, path = medium
    view = opened(path)
    labels = view.js("graphx.labels()")
    names = {s["id"]: s["name"] for s in view.js("graphx.stories()")}
    assert [b["kind"] for b in labels] == ["story"] * len(labels)  # names, not titles
    assert len(labels) >= 5
    assert {b["text"] for b in labels} <= set(names.values())
    largest = max(names, key=lambda c: sum(1 for _, d in G.nodes(data=True)
                                           if d.get("cluster") == c))
    assert names[largest] in {b["text"] for b in labels}
    assert overlapping(labels) == [] and inside(view, labels)
    # Bigger stories are written bigger.
    sizes = {s["name"]: s["size"] for s in view.js("graphx.stories()")}
    by_size = sorted(labels, key=lambda b: sizes[b["text"]])
    assert by_size[0]["size"] <= by_size[-1]["size"] and by_size[0]["size"] < 19
    assert view.errors == []


@pytest.mark.parametrize("articles,seed", [(300, 3), (900, 8), (2500, 16)])
@pytest.mark.parametrize("viewport", [(1440, 900), (900, 700)])
def test_a_story_name_is_never_larger_than_a_larger_storys(browser, tmp_path, articles, seed,
                                                           viewport):
    # A coloured 31-article story whose place was taken was named at the smallest size,
    # while grey 10-article stories placed after it kept large names: type size read as
    # importance, and said the opposite of the stories' sizes.
    G = make_graph(articles, seed=seed)
    path = tmp_path / "m.html"
    coverage_map(G, related=0).save(path)
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_function(READY, timeout=30_000)
        page.wait_for_function("() => !graphx.moving()", timeout=10_000)
        sizes = {s["id"]: s["size"] for s in page.evaluate("graphx.stories()")}
        named = sorted((sizes[b["id"]], b["size"]) for b in page.evaluate("graphx.labels()")
                       if b["kind"] == "story")
        assert len(named) > 3
        inverted = [(a, b) for a, b in itertools.combinations(named, 2)
                    if a[0] < b[0] and a[1] > b[1]]  # (articles, px): smaller story, larger name
        assert inverted == [], inverted[:5]
    finally:
        page.close()


def test_every_coloured_story_of_covid_is_named_in_the_overview(opened, corpora, tmp_path):
    # The 3rd and 4th largest stories went unnamed where a larger story's name took their
    # middle, while smaller grey stories were named: a name now tries above and below.
    from graphx import build_corpus

    path = tmp_path / "covid.html"
    coverage_map(build_corpus([str(corpora / "covid")]).graph).save(path)
    view = opened(path)
    settle(view)
    coloured = {s["name"] for s in view.js("graphx.stories()")
                if s["rank"] < len(palette.STORY_COLORS) and s["visible"] >= 2}
    assert len(coloured) >= 8
    named = {b["text"] for b in view.js("graphx.labels()") if b["kind"] == "story"}
    assert coloured <= named, coloured - named
    labels = view.js("graphx.labels()")
    assert overlapping(labels) == [] and inside(view, labels)
    assert view.errors == []


def test_titles_appear_zoomed_in_at_one_size_on_screen(opened, medium):
    _, path = medium
    view = opened(path)
    seen = {}
    for scale in (1.2, 2.4):
        view.js("""scale => { const s = graphx.stories()[0];
                    network.moveTo({position: {x: s.x, y: s.y}, scale}); }""", scale)
        view.page.wait_for_timeout(150)
        labels = view.js("graphx.labels()")
        assert overlapping(labels) == [] and inside(view, labels)
        titles = [b for b in labels if b["kind"] == "node" and b["id"].startswith("article:")]
        assert len(titles) >= 5
        assert {(b["size"], round(b["height"], 3)) for b in titles} == {(12, 15.6)}
        seen[scale] = {(b["id"], b["text"]): (round(b["width"], 3), round(b["height"], 3))
                       for b in labels}
    both = set(seen[1.2]) & set(seen[2.4])
    assert len(both) >= 3  # the same labels at both zooms keep their size on screen
    assert all(seen[1.2][key] == seen[2.4][key] for key in both)
    assert view.errors == []


def test_filters_fit_the_view_and_take_hidden_tooltips_away(opened, medium):
    G, path = medium
    view = opened(path)
    node = "article:https://news.example.com/story/17"
    cluster = G.nodes[node]["cluster"]
    view.page.mouse.move(*node_point(view.page, node, zoom=3))
    view.page.wait_for_function("() => graphx.tooltip() !== null", timeout=5_000)
    assert G.nodes[node]["title"] in view.js("graphx.tooltip()")
    other = next(c for c in sorted({d.get("cluster", -1) for _, d in G.nodes(data=True)})
                 if c >= 0 and c != cluster)
    view.page.select_option("#gx-cluster", str(other))
    assert view.js("graphx.tooltip()") is None
    settle(view)
    box = view.js("""() => {
        const ids = network.body.nodeIndices, at = network.getPositions(ids);
        const xs = ids.map(id => network.canvasToDOM(at[id]).x);
        const ys = ids.map(id => network.canvasToDOM(at[id]).y);
        const c = network.body.container;
        return [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys),
                c.clientWidth, c.clientHeight];
    }""")
    left, right, top, bottom, width, height = box
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert (right - left) >= 0.6 * width or (bottom - top) >= 0.6 * height
    # Searching for a hidden story brings it back and fits the view to its articles.
    view.page.fill("#gx-search", G.nodes[node]["title"])
    view.page.wait_for_selector("#gx-results:not([hidden])")
    view.page.press("#gx-search", "Enter")
    settle(view)
    assert view.selected() == [node]
    x, y = view.js("id => { const p = network.canvasToDOM(network.getPosition(id));"
                   " return [p.x, p.y]; }", node)
    assert 0 <= x <= view.js("network.body.container.clientWidth")
    assert 0 <= y <= view.js("network.body.container.clientHeight")


def test_clicking_a_story_name_opens_its_timeline(opened, medium):
    G, path = medium
    view = opened(path)
    stories = {s["id"]: s for s in view.js("graphx.stories()")}
    label = next(b for b in view.js("graphx.labels()") if b["kind"] == "story" and b["id"] == 0)
    box = view.js("network.body.container.getBoundingClientRect().toJSON()")
    view.page.mouse.click(box["x"] + label["x"] + label["width"] / 2,
                          box["y"] + label["y"] + label["height"] / 2)
    text = view.panel()
    assert view.js("graphx.selected()") == {"story": 0}
    members = sorted((n for n, d in G.nodes(data=True) if d.get("cluster") == 0),
                     key=lambda n: (G.nodes[n]["published"], n))
    assert text.startswith(stories[0]["label"])
    items = view.js("Array.from(document.querySelectorAll('.gx-timeline-list li'),"
                    " li => [li.className, li.textContent])")
    assert len(items) == len(members)
    # The earliest is a round-up: the first report is the next one; copies say of whom.
    assert items[0][0] == "gx-role-roundup" and "round-up" in items[0][1]
    assert items[1][0] == "gx-role-first" and "first report" in items[1][1]
    assert G.nodes[members[1]]["title"] in items[1][1]
    first_outlet = G.nodes[members[1]]["provider_name"]
    assert [c for c, _ in items[2:4]] == ["gx-role-copy", "gx-role-copy"]
    assert all(f"syndicated copy of {first_outlet}" in t for _, t in items[2:4])
    assert "Outlets" in text and "Topics" in text
    # Its articles are lit in the timeline above the date range.
    timeline = view.js("graphx.timeline()")
    assert sum(timeline["story"]) == len(members)
    settle(view)
    # Its articles' titles, and the outlets and topics around them where there is room (a
    # story picked in the Story list showed 20 nameless outlet squares).
    named = {b["id"] for b in view.js("graphx.labels()") if b["kind"] == "node"}
    around = {h for n in members for h in G.successors(n) if G.nodes[h]["kind"] != "article"}
    assert named & set(members) and named <= set(members) | around


def test_escape_closes_the_panel_wherever_focus_is(opened, medium):
    # Escape only closed the panel when focus was on the page's body: not after a click on
    # the canvas, a search + Enter, or a pick in the Story list, the usual ways to open it.
    G, path = medium
    view = opened(path)

    def panel_open() -> bool:
        return not view.js("document.getElementById('gx-panel').hidden")

    label = next(b for b in view.js("graphx.labels()") if b["kind"] == "story" and b["id"] == 0)
    box = view.js("network.body.container.getBoundingClientRect().toJSON()")
    view.page.mouse.click(box["x"] + label["x"] + label["width"] / 2,
                          box["y"] + label["y"] + label["height"] / 2)
    view.panel()
    assert view.js("document.activeElement.tagName") != "BODY"
    view.page.keyboard.press("Escape")
    assert not panel_open() and view.js("graphx.selected()") is None

    view.page.focus("#gx-cluster")
    view.page.keyboard.press("ArrowDown")
    view.panel()
    view.page.keyboard.press("Escape")
    assert not panel_open()

    # In the search box, an open results list goes first, the panel with the next Escape.
    word = view.js("graphx.stories()")[0]["label"].split(" ")[0]
    view.page.fill("#gx-search", word)
    view.page.wait_for_selector("#gx-results:not([hidden])")
    view.page.press("#gx-search", "Enter")
    view.panel()
    view.page.fill("#gx-search", word)
    view.page.wait_for_selector("#gx-results:not([hidden])")
    view.page.press("#gx-search", "Escape")
    assert view.js("document.getElementById('gx-results').hidden") and panel_open()
    view.page.press("#gx-search", "Escape")
    assert not panel_open()
    assert view.errors == []


def test_timeline_counts_the_coverage_and_play_moves_its_window(opened, medium):
    G, path = medium
    view = opened(path)
    timeline = view.js("graphx.timeline()")
    articles = [d for _, d in G.nodes(data=True) if d["kind"] == "article"]
    assert timeline["unit"] == "hour"  # three days of coverage
    assert sum(timeline["totals"]) == len(articles)
    assert view.js("[document.getElementById('gx-timeline').width,"
                   " document.getElementById('gx-timeline').height]")[1] > 0
    everything = view.visible()
    start = timeline["window"]
    # Nothing filtered, no bar is veiled (the first and last were, drawn at the articles'
    # own times inside their bins).
    assert timeline["unveiled"] == [0, 1]
    view.page.click("#gx-play")
    assert view.js("document.getElementById('gx-play').getAttribute('aria-pressed')") == "true"
    view.page.wait_for_function(f"() => graphx.timeline().window[0] > {start[0]}",
                                timeout=5_000)
    moved = view.js("graphx.timeline()")["window"]
    assert start[0] < moved[0] < moved[1] < start[1]
    assert 0 < view.visible() < everything
    shown = set(view.js("network.body.nodeIndices.filter(id => id.startsWith('article:'))"))
    low, high = (t / 1000 for t in moved)
    from datetime import datetime
    stamp = {n: datetime.fromisoformat(G.nodes[n]["published"].replace("Z", "+00:00"))
             .timestamp() for n in shown}
    assert all(low <= t <= high for t in stamp.values())
    view.page.click("#gx-play")
    assert view.js("document.getElementById('gx-play').getAttribute('aria-pressed')") == "false"
    # Pause keeps its place: Play goes on from there (it started over from the first bar).
    paused = view.js("graphx.timeline()")["window"]
    view.js("() => graphx.playEvery(20)")
    view.page.click("#gx-play")
    assert view.js("graphx.timeline()")["window"][0] >= paused[0]
    # At the end, the range the reader had is back (it stayed on the last sixth).
    view.page.wait_for_function(
        "() => document.getElementById('gx-play').getAttribute('aria-pressed') === 'false'",
        timeout=60_000)
    view.page.wait_for_function(f"() => graphx.timeline().window[0] === {start[0]}",
                                timeout=5_000)
    assert view.js("graphx.timeline()")["window"] == start and view.visible() == everything


def test_a_topic_on_every_article_is_hidden_until_asked_for(opened, medium):
    _, path = medium
    view = opened(path)
    shown = set(view.js("network.body.nodeIndices"))
    assert "topic:coronavirus" not in shown
    listed = view.js("document.getElementById('gx-dominant').textContent")
    assert "Coronavirus (topic, 900 of 900 articles)" in listed
    view.page.check("#gx-dominant input")
    assert "topic:coronavirus" in set(view.js("network.body.nodeIndices"))
    view.page.click("#gx-reset")
    assert "topic:coronavirus" not in set(view.js("network.body.nodeIndices"))


def test_maps_without_nodes_dates_or_stories_open_cleanly(opened, tmp_path):
    bare = make_graph(30, seed=1)
    for _, d in bare.nodes(data=True):
        if d["kind"] == "article":
            d.update(published="", cluster=-1)
    for name, G in (("empty", nx.MultiDiGraph()), ("bare", bare)):
        path = tmp_path / f"{name}.html"
        coverage_map(G, related=0).save(path)
        view = opened(path)
        assert view.errors == []
        assert view.js("graphx.timeline()") is None  # nothing dated, no histogram
        assert view.js("document.getElementById('gx-play').disabled") is True
        assert view.js("graphx.stories()") == []
        labels = view.js("graphx.labels()")
        assert overlapping(labels) == [] and all(b["kind"] == "node" for b in labels)
    assert len(labels) >= 10  # few nodes on screen: titles show without zooming


def test_a_small_maps_outlets_and_topics_are_named(opened, tmp_path):
    # The seed corpus's map (2 articles, 2 outlets, 3 topics of one article each) never named
    # its outlets or topics, even zoomed in four times.
    G = nx.MultiDiGraph()
    for k, (title, domain, name, topic) in enumerate([
            ("UK police lack framework", "a.example", "Alpha Daily", "AI"),
            ("Amazon extends police ban", "b.example", "Beta Wire", "Computer Vision")]):
        node = f"article:{domain}/{k}"
        G.add_node(node, kind="article", label=title, title=title, cluster=-1,
                   provider=domain, published=f"2022-01-1{6 + k}T00:00:00Z")
        G.add_node(f"provider:{domain}", kind="provider", label=name, domain=domain)
        G.add_edge(node, f"provider:{domain}", key="published_by", relation="published_by")
        G.add_node(f"topic:{topic.lower()}", kind="topic", label=topic)
        G.add_edge(node, f"topic:{topic.lower()}", key="tagged", relation="tagged")
    path = tmp_path / "small.html"
    coverage_map(G).save(path)
    view = opened(path)
    # As it opens, it fills more of the canvas than a large map's closest opening (1.5),
    # and names every node (it sat in a quarter of the canvas, outlets unnamed).
    assert view.js("network.getScale()") > 1.5
    texts = {b["text"] for b in view.js("graphx.labels()")}
    assert {"Alpha Daily", "Beta Wire", "AI", "Computer Vision"} <= texts, texts
    view.js("() => network.moveTo({scale: 2})")
    view.page.wait_for_timeout(300)
    texts = {b["text"] for b in view.js("graphx.labels()")}
    assert {"Alpha Daily", "AI", "Computer Vision"} <= texts, texts


def test_on_a_phone_the_map_takes_the_width_and_the_filters_go_under_it(browser, small):
    # At 390 px the sidebar kept its 250 px and the map was a 140 px strip; a story's panel
    # then covered it whole.
    G, _, path = small
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_function(READY, timeout=30_000)
        box = page.evaluate("""() => Object.fromEntries(['gx-map', 'gx-controls'].map(id =>
            [id, document.getElementById(id).getBoundingClientRect().toJSON()]))""")
        assert box["gx-map"]["width"] >= 380 and box["gx-map"]["height"] >= 400
        assert box["gx-controls"]["top"] >= box["gx-map"]["bottom"] - 1
        page.evaluate("graphx.selectStory(0)")
        page.wait_for_selector("#gx-panel:not([hidden])")
        panel = page.evaluate("document.getElementById('gx-panel').getBoundingClientRect()"
                              ".toJSON()")
        assert panel["top"] > box["gx-map"]["top"] + 100  # the map's upper part stays in view
        # ... and names what is there: with the sheet open not one label was drawn (the
        # width left beside a panel as wide as the map was 0).
        page.wait_for_timeout(600)
        labels = page.evaluate("graphx.labels()")
        assert labels and all(b["y"] + b["height"] <= panel["top"] - box["gx-map"]["top"] + 1
                              for b in labels), labels
        # ... and the story is fitted to that part, none of it under the page's header (the
        # sheet's whole height was taken off, though it runs on below the map).
        members = [n for n, d in G.nodes(data=True) if d.get("cluster") == 0]
        ys = page.evaluate("""ids => Object.values(network.getPositions(ids))
            .map(at => network.canvasToDOM(at).y)""", members)
        free = panel["top"] - box["gx-map"]["top"]
        assert ys and min(ys) >= 0 and max(ys) <= free, (ys, free)
    finally:
        page.close()


def test_the_published_range_gives_a_day_only_end_as_its_day(opened, tmp_path):
    # "2026-03-09 00:00 UTC – ...": the earliest article was dated by its day alone.
    G = nx.MultiDiGraph()
    for k, (when, day_only) in enumerate([("2026-03-09T00:00:00Z", True),
                                          ("2026-03-17T19:25:00Z", False)]):
        G.add_node(f"article:a.example/{k}", kind="article", label=f"Story {k}",
                   title=f"Story {k}", cluster=-1, provider="a.example", published=when,
                   **({"day_only": True} if day_only else {}))
    path = tmp_path / "days.html"
    coverage_map(G).save(path)
    view = opened(path)
    assert view.js("document.getElementById('gx-range').textContent") == (
        "2026-03-09 – 2026-03-17 19:25 UTC")


def test_a_reissued_page_in_a_timeline_shows_when_it_first_appeared(opened, tmp_path):
    # CNN's live page, first at 19:25 and last updated at 21:15, was listed first but read
    # "21:15", above Bloomberg's 19:33 first report.
    G = nx.MultiDiGraph()
    for key, name, when, first in (("cnn.com/live", "CNN", "2026-03-13T21:15:00Z",
                                    "2026-03-13T19:25:00Z"),
                                   ("bloomberg.com/a", "Bloomberg", "2026-03-13T19:33:00Z", ""),
                                   ("apnews.com/b", "AP", "2026-03-13T19:35:00Z", "")):
        G.add_node(f"article:{key}", kind="article", label=f"Verdict ({name})",
                   title=f"Verdict ({name})", cluster=0, cluster_label="Verdict",
                   provider=key.split("/")[0], provider_name=name, published=when,
                   **({"first_published": first} if first else {}))
    path = tmp_path / "reissued.html"
    coverage_map(G).save(path)
    view = opened(path)
    view.js("graphx.selectStory(0)")
    rows = view.js("""() => [...document.querySelectorAll('.gx-timeline-list li')]
        .map(li => li.textContent)""")
    assert rows[0].startswith("2026-03-13 19:25") and "updated 2026-03-13 21:15" in rows[0]
    assert rows[1].startswith("2026-03-13 19:33")


def test_a_page_titled_live_says_why_it_is_not_the_first_report(opened, tmp_path):
    # Ormond's "Greenville water contamination: live" at 12:13 stood unmarked above BBC's
    # 12:17 "first report": first_report passes over pages titled live, but nothing said so.
    G = nx.MultiDiGraph()
    for key, name, title, when in (
            ("ormond.com/l", "Ormond", "Water contamination: live", "2024-03-05T12:13:00Z"),
            ("bbc.com/a", "BBC", "Water contamination: residents react",
             "2024-03-05T12:17:00Z"),
            ("dunmore.com/b", "Dunmore", "Water contamination: explained",
             "2024-03-05T13:35:00Z")):
        G.add_node(f"article:{key}", kind="article", label=title, title=title, cluster=0,
                   cluster_label="Water contamination", provider=key.split("/")[0],
                   provider_name=name, published=when)
    path = tmp_path / "live.html"
    coverage_map(G).save(path)
    view = opened(path)
    view.js("graphx.selectStory(0)")
    rows = view.js("""() => [...document.querySelectorAll('.gx-timeline-list li')]
        .map(li => li.textContent)""")
    assert "Ormond" in rows[0] and "live/round-up page: not counted as first report" in rows[0]
    assert "BBC" in rows[1] and "first report" in rows[1] and "live/" not in rows[1]
    assert "not counted" not in rows[2]
    view.page.locator(".gx-timeline-list li").first.locator("button").click()
    assert "live or round-up page: not counted as the story\u2019s first report" in view.panel()
    view.js("graphx.selectStory(0)")
    view.page.locator(".gx-timeline-list li").nth(1).locator("button").click()
    assert view.panel().startswith("Water contamination: residents react")
    assert "not counted" not in view.panel()
    assert view.errors == []


def test_a_long_story_name_is_shortened_by_whole_terms_and_a_title_by_whole_words(opened,
                                                                                  tmp_path):
    # powerapps' largest story was drawn "Microsoft Power Apps · misconfiguration · r…".
    G = nx.MultiDiGraph()
    title = "Misconfigured Power Apps portals exposed 38 million records of many organisations"
    for k in range(3):
        G.add_node(f"article:a{k}.example/x", kind="article", label=title, title=title,
                   cluster=0, cluster_label="Microsoft Power Apps · misconfiguration · records",
                   provider=f"a{k}.example", published=f"2021-08-23T1{k}:00:00Z")
    path = tmp_path / "long.html"
    coverage_map(G).save(path)
    view = opened(path)
    texts = {b["text"] for b in view.js("graphx.labels()")}
    # ... and says it is shortened: without a mark it read as a whole name, which neither
    # report.md nor `related --by story` knows.
    assert "Microsoft Power Apps · misconfiguration…" in texts, texts
    view.js("graphx.selectStory(0)")
    view.page.wait_for_timeout(600)
    titles = {b["text"] for b in view.js("graphx.labels()") if b["kind"] == "node"}
    assert titles and all(t == title or (t.endswith("…") and title.startswith(t[:-1])
                                         and title[len(t) - 1] == " ") for t in titles), titles


def test_a_story_name_shortened_to_fit_a_phone_says_so(opened, tmp_path):
    # At 390 px the selected story's name read "Microsoft Power Apps · exposed", ending at
    # the screen's edge: complete or clipped, a reader could not tell, and the name without
    # "records" matched nothing in report.md.
    G = nx.MultiDiGraph()
    name = "Microsoft Power Apps · exposed · records"
    for k in range(3):
        title = f"Power Apps portals exposed 38 million records, report {k}"
        G.add_node(f"article:a{k}.example/x", kind="article", label=title, title=title,
                   cluster=0, cluster_label=name, provider=f"a{k}.example",
                   published=f"2021-08-23T1{k}:00:00Z")
    path = tmp_path / "phone.html"
    coverage_map(G).save(path)
    view = opened(path)
    view.page.set_viewport_size({"width": 390, "height": 844})
    view.js("graphx.selectStory(0)")
    view.page.wait_for_timeout(600)
    stories = [b for b in view.js("graphx.labels()") if b["kind"] == "story"]
    assert stories, view.js("graphx.labels()")
    for b in stories:
        assert b["width"] <= 390, b
        text = b["text"]
        assert text == name or (text.endswith("…") and (name + " · ").startswith(
            text[:-1] + " · ")), text
    assert any(b["text"] != name for b in stories), stories  # the case: it was shortened


def test_the_outlet_filtered_for_is_named_and_articles_cannot_be_unticked(opened, tmp_path):
    # powerapps filtered to its main outlet: 515 nodes on screen and not one word, not even
    # that outlet's name; unticking "articles" left hundreds of unconnected specks.
    from collections import Counter

    G = make_graph(900, seed=8)
    top, _ = Counter(d["provider"] for _, d in G.nodes(data=True)
                     if d.get("kind") == "article").most_common(1)[0]
    path = tmp_path / "outlets.html"
    coverage_map(G).save(path)
    view = opened(path)
    view.page.select_option("#gx-provider", top)
    settle(view)
    assert f"provider:{top}" in {b["id"] for b in view.js("graphx.labels()")}
    assert view.js("document.querySelector('#gx-kinds input[value=article]').disabled")


NODE_BOXES = """() => network.body.nodeIndices.map(id => {
    const b = network.getBoundingBox(id);
    const a = network.canvasToDOM({x: b.left, y: b.top});
    const z = network.canvasToDOM({x: b.right, y: b.bottom});
    return {id: id, x: a.x, y: a.y, width: z.x - a.x, height: z.y - a.y};
})"""


@pytest.mark.parametrize(("articles", "seed"), [(8, 3), (8, 4), (8, 5), (20, 3), (20, 4)])
def test_a_map_of_few_nodes_names_every_node_clear_of_the_others(opened, tmp_path, articles,
                                                                 seed):
    # A 14-node map named 3 of its 6 outlets and 5 of its 8 titles, the first report of its
    # largest story unnamed, though there was room around it: a name had one place, right of
    # its node, and went where it crossed a name or a node. Graphs other than the repro's.
    G = make_graph(articles, seed=seed)
    path = tmp_path / "few.html"
    coverage_map(G, related=0).save(path)
    view = opened(path)
    assert view.errors == []
    labels = view.js("graphx.labels()")
    boxes = view.js(NODE_BOXES)
    assert len(boxes) <= 60
    named = [b["id"] for b in labels if b["kind"] == "node"]
    assert len(named) == len(set(named))  # each once
    shown = {b["id"] for b in boxes}  # hubs on most articles start hidden
    kinds = {n: d.get("kind") for n, d in G.nodes(data=True)}
    # Every article named, before any outlet or topic: a 31-node map left its most cited
    # article unnamed and named every one-article outlet.
    titles = {n for n in shown if kinds[n] == "article"}
    assert titles <= set(named), titles - set(named)
    hubs = {n for n in shown if kinds[n] != "article"}
    assert hubs and len(hubs & set(named)) >= 0.85 * len(hubs), hubs - set(named)
    assert overlapping(labels) == [] and inside(view, labels)
    # Names stand clear of the nodes, their own included (1 px of antialiasing), where they
    # can: one with no clear place on any side is drawn across nodes rather than left out.
    crossing = [b["text"] for b in labels if b["kind"] == "node" and any(
        b["x"] < n["x"] + n["width"] - 1 and n["x"] + 1 < b["x"] + b["width"]
        and b["y"] < n["y"] + n["height"] - 1 and n["y"] + 1 < b["y"] + b["height"]
        for n in boxes)]
    assert len(crossing) <= 0.2 * len(named), crossing


def test_a_few_articles_get_bars_as_wide_as_they_are_few(opened, tmp_path):
    # The seed map: two articles 3.4 days apart were two 3-px bars among 82 empty hours, at
    # the chart's two edges, and the timeline read as empty.
    G = nx.MultiDiGraph()
    for k, when in enumerate(["2022-01-16T00:00:00Z", "2022-01-19T09:30:00Z"]):
        G.add_node(f"article:a.example/{k}", kind="article", label=f"Story {k}",
                   title=f"Story {k}", cluster=-1, provider="a.example", published=when)
    path = tmp_path / "two.html"
    coverage_map(G).save(path)
    view = opened(path)
    timeline = view.js("graphx.timeline()")
    assert timeline["unit"] == "day" and timeline["totals"] == [1, 0, 0, 1]
    # Each article's bar is a quarter of the chart wide, not a sliver at its edge.
    painted = view.js("""() => {
        const chart = document.getElementById('gx-timeline');
        const data = chart.getContext('2d').getImageData(0, chart.height - 2, chart.width, 1).data;
        let wide = 0;
        for (let x = 0; x < chart.width; x++) if (data[4 * x] < 200) wide++;
        return wide / chart.width;
    }""")
    assert painted > 0.3, painted


def test_filters_that_leave_nothing_say_so_on_the_canvas(opened, small):
    # A story and an outlet with no article in common drew a blank map, "0 of 764 shown".
    G, _, path = small
    view = opened(path)
    arts = [d for _, d in G.nodes(data=True) if d["kind"] == "article"]
    story = {d["provider"] for d in arts if d["cluster"] == 0}
    outlet = next(p for p in sorted({d["provider"] for d in arts}) if p not in story)
    assert view.js("document.getElementById('gx-nothing').hidden") is True
    view.page.select_option("#gx-cluster", "0")
    assert view.js("document.getElementById('gx-nothing').hidden") is True
    view.page.select_option("#gx-provider", outlet)
    (label,) = [st["label"] for st in view.js("graphx.stories()") if st["id"] == 0]
    assert view.js("document.getElementById('gx-nothing').hidden") is False
    note = view.page.inner_text("#gx-nothing")
    name = view.js("p => document.querySelector(`#gx-provider option[value=\"${p}\"]`)"
                   ".text.replace(/ \\(\\d+\\)$/, '')", outlet)
    assert note == (f"Nothing on this map is in the story \u201c{label}\u201d and from {name}. "
                    "Reset filters shows it all.")
    assert view.page.locator("#gx-nothing").is_visible()
    view.page.click("#gx-reset")
    assert view.js("document.getElementById('gx-nothing').hidden") is True
    # The other order: the outlet first, then the story in the Story list. Picking the story
    # reset every filter, the Story list too ("All stories" beside the story's open panel).
    view.page.select_option("#gx-provider", outlet)
    view.page.select_option("#gx-cluster", "0")
    assert (view.page.input_value("#gx-cluster"), view.page.input_value("#gx-provider")) == (
        "0", outlet)
    assert view.page.inner_text("#gx-nothing") == note  # as in the first order



def test_a_focus_map_of_a_story_on_a_diagonal_names_its_dots_clear_of_them(opened, corpora,
                                                                          tmp_path):
    # walk11 #5: covid's Moderna story, 10 of its articles and their outlets (22 nodes), lay
    # on a diagonal with two corners of the screen empty, and seven names were drawn across
    # its dots, four titles across other articles: each title had eight places, all within
    # a title's width of the next dot.
    from click.testing import CliRunner

    from graphx.cli import cli

    path = tmp_path / "focus.html"
    done = CliRunner().invoke(cli, ["map", str(corpora / "covid"), "--focus",
                                    "Moderna · vaccine (Treatment)", "--focus-limit", "10",
                                    "-o", str(path), "-q"])
    assert done.exit_code == 0, done.output
    view = opened(path)
    settle(view)
    labels, boxes = view.js("graphx.labels()"), view.js(NODE_BOXES)
    assert len(boxes) <= 60
    titles = {b["id"] for b in boxes if b["id"].startswith("article:")}
    assert titles <= {b["id"] for b in labels if b["kind"] == "node"}  # every one named

    def crosses(b, kind=""):
        return [n["id"] for n in boxes if n["id"] != b["id"] and n["id"].startswith(kind)
                and b["x"] < n["x"] + n["width"] - 1 and n["x"] + 1 < b["x"] + b["width"]
                and b["y"] < n["y"] + n["height"] - 1 and n["y"] + 1 < b["y"] + b["height"]]

    assert [b["text"] for b in labels if crosses(b, "article:")] == []
    assert len([b for b in labels if crosses(b)]) <= 2  # 7 before; an outlet's square or two
    assert overlapping(labels) == [] and inside(view, labels)


def test_search_lists_first_the_node_whose_name_is_the_query(opened, tmp_path):
    # "Coronavirus in US" typed exactly never listed the topic: twelve stories whose names
    # end in it in brackets filled the list, and Enter opened one of them.
    G = nx.MultiDiGraph()
    topic = "topic:coronavirus in us"
    G.add_node(topic, kind="topic", label="Coronavirus in US")
    for k in range(14):
        label = f"Place{k} \u00b7 cases (Coronavirus in US)"
        for j in range(2):
            node = f"article:{k}-{j}"
            G.add_node(node, kind="article", label=f"Place{k} cases {j}", title=f"Place{k} cases",
                       cluster=k, cluster_label=label, provider="p.example",
                       published="2020-05-06T10:00:00Z", topics="Coronavirus in US")
            G.add_edge(node, topic, key="tagged", relation="tagged", count=1)
    path = tmp_path / "m.html"
    coverage_map(G).save(path)
    view = opened(path)
    view.page.fill("#gx-search", "coronavirus in us")
    view.page.wait_for_selector("#gx-results:not([hidden])")
    first = view.js("document.querySelector('#gx-results li').textContent")
    assert first.startswith("Coronavirus in US") and "topic" in first, first


OUTSIDE = """() => { const r = document.getElementById('gx-map').getBoundingClientRect();
    const ids = network.body.data.nodes.getIds(), pos = network.getPositions(ids);
    return ids.filter(id => { const p = network.canvasToDOM(pos[id]);
        return p.x < 0 || p.y < 0 || p.x > r.width || p.y > r.height; }).length; }"""


def test_a_narrowed_window_fits_the_map_again_unless_zoomed_by_hand(opened, small):
    # A turned tablet kept the old scale: 111 of covid's 1,505 articles were drawn off the
    # map at both edges.
    _, _, path = small
    view = opened(path)
    assert view.js(OUTSIDE) == 0
    view.page.set_viewport_size({"width": 390, "height": 844})
    view.page.wait_for_function(f"() => ({OUTSIDE})() === 0", timeout=5_000)
    view.page.set_viewport_size({"width": 1400, "height": 900})
    view.page.wait_for_timeout(400)
    # Zoomed by hand: a resize leaves the reader's view as it is.
    box = view.js("(() => { const r = document.getElementById('gx-map')"
                  ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    view.page.mouse.move(*box)
    for _ in range(3):
        view.page.mouse.wheel(0, -400)
        view.page.wait_for_timeout(150)
    view.page.set_viewport_size({"width": 390, "height": 844})
    view.page.wait_for_timeout(300)  # vis's own rescaling is done; a fit would come after
    scale = view.js("network.getScale()")
    view.page.wait_for_timeout(600)
    assert view.js("network.getScale()") == scale
    assert view.js(OUTSIDE) > 0  # still zoomed in, not fitted
    assert view.errors == []


def test_reset_on_a_map_of_many_edges_jumps_instead_of_animating(opened, small, tmp_path):
    # 800 articles all related to each other (641,600 edges): vis animates a fit in a fixed
    # number of frames, each a paint of every edge, and Reset filters froze the page 34 s.
    G = nx.MultiDiGraph()
    ids = [f"article:{i:03d}" for i in range(150)]
    for i, n in enumerate(ids):
        G.add_node(n, kind="article", label=f"Dam update {i}", cluster=-1,
                   provider="p.example", published=f"2024-03-01T{i % 24:02d}:00:00Z")
    for u in ids:
        for v in ids:
            if u != v:
                G.add_edge(u, v, key="related", relation="related")
    path = tmp_path / "dense.html"
    coverage_map(G).save(path)
    for where, animated in ((path, False), (small[2], True)):
        view = opened(where)
        assert (view.js("graphx.edgeCount()") > 20_000) is not animated
        view.page.select_option("#gx-provider", index=1)  # a filter's fit, then back
        view.page.wait_for_function("() => !graphx.moving()", timeout=5_000)
        view.page.click("#gx-reset")
        assert view.js("graphx.moving()") is animated, where
        assert view.errors == []


def test_the_provider_list_orders_outlets_of_one_count_by_the_name_shown(opened, tmp_path):
    # Within one count the list followed the hidden key: "NHK WORLD" (www3.nhk.or.jp) after
    # "KTLA" (ktla.com), "Nikkei Asia" (asia.nikkei.com) between "AFP" and "Barron's".
    G = make_graph(150, seed=11)
    keys = sorted({d["provider"] for _, d in G.nodes(data=True) if d["kind"] == "article"})
    names = {k: f"{'zyxwvutsrqponmlkjihgfedcba'[i % 26]}{i:03} Outlet" for i, k in enumerate(keys)}
    for _, d in G.nodes(data=True):
        if d["kind"] == "article":
            d["provider_name"] = names[d["provider"]]
    path = tmp_path / "named.html"
    coverage_map(G).save(path)
    view = opened(path)
    options = view.js("Array.from(document.querySelectorAll('#gx-provider option'))"
                      ".slice(1).map(o => o.text)")
    rows = [(int(text.rsplit(" (", 1)[1][:-1]), text.rsplit(" (", 1)[0]) for text in options]
    assert len(rows) == len(keys)
    counts = [n for n, _ in rows]
    assert counts == sorted(counts, reverse=True)
    for count in set(counts):
        shown = [name for n, name in rows if n == count]
        assert shown == sorted(shown, key=str.casefold)
    assert any(len([1 for n, _ in rows if n == c]) > 1 for c in set(counts))  # ties exist
    assert view.errors == []
