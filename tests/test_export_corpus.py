"""Every format and view of the real covid graph, read back by readers graphx did not write."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from test_export import exported
from test_export_js import CHECK, node_modules  # noqa: F401 - node_modules is a fixture

from graphx.export import write_export
from graphx.views import outlets_view, stories_view, topics_view

pytestmark = pytest.mark.corpus

VIEWS = ["full", "stories", "outlets", "topics"]


@pytest.fixture(scope="module")
def covid_graph(corpora):
    from graphx.pipeline import build_corpus

    return build_corpus([str(corpora / "covid")]).graph


def _written(G, tmp_path, fmt, view):
    name = {"graphology": "g.json", "json": "nl.json", "csv": "csv/"}.get(fmt, f"g.{fmt}")
    path = str(tmp_path / name) + ("/" if name.endswith("/") else "")
    done = write_export(G, path, format=fmt, view=view)
    H = G if view == "full" else {"stories": stories_view, "outlets": outlets_view,
                                  "topics": topics_view}[view](G)
    assert (done.format, done.nodes, done.edges) == (fmt, len(H), H.number_of_edges())
    return path, H


@pytest.mark.parametrize("view", VIEWS)
def test_graphml_round_trips_through_networkx_and_igraph(covid_graph, tmp_path, view):
    import igraph

    path, H = _written(covid_graph, tmp_path, "graphml", view)
    back = nx.read_graphml(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (len(H), H.number_of_edges())
    node = next(n for n, k in H.nodes(data="kind") if k in ("article", "provider", "topic"))
    assert back.nodes[node] == exported(H.nodes[node])  # no "" values, no cluster -1
    g = igraph.Graph.Read_GraphML(path)
    assert (g.vcount(), g.ecount()) == (len(H), H.number_of_edges())


@pytest.mark.parametrize("view", VIEWS)
def test_gexf_round_trips_through_networkx(covid_graph, tmp_path, view):
    path, H = _written(covid_graph, tmp_path, "gexf", view)
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (len(H), H.number_of_edges())
    assert all("viz" in a and "position" in a["viz"] for _, a in back.nodes(data=True))


@pytest.mark.parametrize("view", VIEWS)
def test_json_csv_and_graphology_counts(covid_graph, tmp_path, view):
    path, H = _written(covid_graph, tmp_path, "json", view)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    assert (back.number_of_nodes(), back.number_of_edges()) == (len(H), H.number_of_edges())
    path, H = _written(covid_graph, tmp_path, "graphology", view)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert (len(data["nodes"]), len(data["edges"])) == (len(H), H.number_of_edges())
    folder, H = _written(covid_graph, tmp_path, "csv", view)
    with open(os.path.join(folder, "nodes.csv"), newline="", encoding="utf-8") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == len(H)
    with open(os.path.join(folder, "edges.csv"), newline="", encoding="utf-8") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == H.number_of_edges()


@pytest.mark.node
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "graphology"])
@pytest.mark.parametrize("view", VIEWS)
def test_graphology_reads_the_covid_exports(covid_graph, tmp_path, node_modules, fmt,  # noqa: F811
                                            view):
    path, H = _written(covid_graph, tmp_path, fmt, view)
    env = {**os.environ, "GRAPHX_NODE_MODULES": node_modules}
    done = subprocess.run(["node", str(CHECK), path], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"nodes": len(H), "edges": H.number_of_edges()}


def test_no_empty_values_and_a_minute_by_minute_timeline(covid_graph, tmp_path):
    from lxml import etree

    path, H = _written(covid_graph, tmp_path, "graphml", "full")
    root = etree.parse(path).getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    names = {k.get("id"): k.get("attr.name") for k in root.iter(ns + "key")}
    data = [(names[d.get("key")], d.text) for d in root.iter(ns + "data")]
    assert all(text for _, text in data) and ("cluster", "-1") not in data
    clustered = sum(1 for _, c in H.nodes(data="cluster") if isinstance(c, int) and c >= 0)
    assert sum(1 for name, _ in data if name == "cluster") == clustered
    path, _ = _written(covid_graph, tmp_path, "gexf", "full")
    root = etree.parse(path).getroot()
    ns = "{http://gexf.net/1.3}"
    graph = root.find(ns + "graph")
    assert (graph.get("timeformat"), graph.get("timerepresentation")) == ("dateTime", "timestamp")
    stamps = {n.get("timestamp") for n in root.iter(ns + "node")} - {None}
    assert len({s[:10] for s in stamps}) < 10 < 1000 < len(stamps)  # minutes, not days
    assert all(v.get("value") for v in root.iter(ns + "attvalue"))


def test_parquet_and_sqlite_hold_the_graph(covid_graph, tmp_path):
    import sqlite3

    import duckdb
    import pandas as pd

    G = covid_graph
    write_export(G, tmp_path / "cols", format="parquet")
    nodes = pd.read_parquet(tmp_path / "cols" / "nodes.parquet")
    edges = pd.read_parquet(tmp_path / "cols" / "edges.parquet")
    assert (len(nodes), len(edges)) == (G.number_of_nodes(), G.number_of_edges())
    folder = (tmp_path / "cols").as_posix()
    db = duckdb.connect()
    assert db.execute(f"select count(*) from '{folder}/nodes.parquet' where kind = 'article'"
                      ).fetchall() == [(sum(1 for _, k in G.nodes(data="kind")
                                            if k == "article"),)]
    assert db.execute(f"select count(*) from '{folder}/edges.parquet'").fetchall() == [
        (G.number_of_edges(),)]
    write_export(G, tmp_path / "coverage.db")
    with sqlite3.connect(tmp_path / "coverage.db") as conn:
        count = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0]
                 for t in ("articles", "outlets", "topics", "tags", "clusters", "edges")}
        assert conn.execute("pragma foreign_key_check").fetchall() == []
    kinds = [k for _, k in G.nodes(data="kind")]
    story = sum(1 for *_, k in G.edges(keys=True) if k in ("related", "similar"))
    clusters = {c for _, c in G.nodes(data="cluster") if isinstance(c, int) and c >= 0}
    assert count == {"articles": kinds.count("article"), "outlets": kinds.count("provider"),
                     "topics": kinds.count("topic"), "tags": kinds.count("tag"),
                     "clusters": len(clusters), "edges": story}
