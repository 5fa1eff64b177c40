"""The real corpora in ../shared/corpora: every file accounted for, stories merged right."""

import os
from collections import Counter

import pytest

from graphx.files import load
from graphx.graph import build_graph

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def covid(corpora):
    items, report = load([str(corpora / "covid")])
    return items, report, build_graph(items)


def test_every_covid_file_is_loaded(covid, corpora):
    items, report, _ = covid
    on_disk = sorted(os.listdir(corpora / "covid"))
    assert len(on_disk) == 2922
    assert sorted(os.path.basename(f.path) for f in report.files) == on_disk
    assert report.loaded == 2922 and report.skipped == []


def test_every_powerapps_file_is_loaded(corpora):
    items, report = load([str(corpora / "powerapps")])
    assert len(report.files) == len(os.listdir(corpora / "powerapps")) == 674
    assert report.loaded == 674
    G = build_graph(items)
    # originalUrl stands in for the 12 items that have no webUrl.
    assert all(a["url"] for _, a in G.nodes(data=True) if a["kind"] == "article")


def test_the_u0097_file_is_recovered(covid):
    _, report, _ = covid
    warned = [f for f in report.files if f.warnings]
    assert [os.path.basename(f.path) for f in warned] == [
        "2020-05-07-sweden-is-testing-conservatives-preferred-coronavirus-response-and-its-not-going-well.md"
    ]
    assert "U+0097" in warned[0].warnings[0]
    assert warned[0].status == "loaded"
    items, _, _ = covid
    assert next(i for i in items if i.path == warned[0].path).excerpt


def test_reissued_urls_give_one_node(covid):
    items, _, G = covid
    reissued = [u for u, n in Counter(i.url for i in items).items() if n > 1]
    assert len(reissued) == 14
    node_by_url = {}
    for n, a in G.nodes(data=True):
        for u in a.get("urls", "").split("; "):
            node_by_url.setdefault(u, n)
    for url in reissued:
        sources = G.nodes[node_by_url[url]]["sources"].split("; ")
        assert len(sources) >= 2


def test_related_entries_land_on_the_files_node(covid):
    items, _, G = covid
    node_of_file = {}
    for n, a in G.nodes(data=True):
        for src in filter(None, a.get("sources", "").split("; ")):
            node_of_file[src] = n
    key_to_file = {i.key: i.path for i in items}
    checked = 0
    for i in items:
        for rel in i.related:
            if rel.key in key_to_file and key_to_file[rel.key] != i.path:
                target = node_of_file[key_to_file[rel.key]]
                source = node_of_file[i.path]
                if target != source:
                    assert G.has_edge(source, target, key="related")
                    checked += 1
    assert checked > 500  # most related entries name another file of the folder


def test_counts(covid):
    _, _, G = covid
    kinds = Counter(k for _, k in G.nodes(data="kind"))
    with_file = sum(1 for _, a in G.nodes(data=True) if a.get("has_file"))
    related = [(u, v) for u, v, k in G.edges(keys=True) if k == "related"]
    filed = sum(1 for u, v in related if G.nodes[u]["has_file"] and G.nodes[v]["has_file"])
    assert (kinds["article"], with_file) == (3122, 2889)
    assert (len(related), filed) == (957, 641)
    assert G.graph["self_links_dropped"] == 54
