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


def test_the_graph_models_attributes_are_declared_with_their_types(covid_graph, corpora):
    # A table export's fixed columns come from NODE_ATTRIBUTES and EDGE_ATTRIBUTES: each
    # attribute the real graphs carry is declared for its kind, with the type its values have.
    from graphx.export.common import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, attr_schema
    from graphx.pipeline import build_corpus

    for G in (covid_graph, build_corpus([str(corpora / "powerapps")]).graph):
        for kind, declared in NODE_ATTRIBUTES.items():
            found = attr_schema(a for _, a in G.nodes(data=True) if a.get("kind") == kind)
            found = {k: v for k, v in found.items() if k not in ("kind", "label")}
            assert found.items() <= declared.items(), (kind, found.items() - declared.items())
        edges = attr_schema(d for *_, d in G.edges(data=True))
        assert {k: v for k, v in edges.items() if k != "relation"}.items() <= \
            EDGE_ATTRIBUTES["full"].items()
    for view, H in (("outlets", outlets_view(covid_graph)), ("topics", topics_view(covid_graph))):
        edges = attr_schema(d for *_, d in H.edges(data=True))
        assert {k: v for k, v in edges.items() if k != "relation"} == EDGE_ATTRIBUTES[view]


def test_table_exports_have_the_same_columns_whatever_the_data(covid_graph, tmp_path):
    # A focus on one story, a corpus with no story, tags or reissued page: columns the data
    # did not hold were left out (cluster, tags, first_published), and Parquet dropped
    # all-empty ones its CSV kept; DuckDB's read_parquet of a glob failed.
    import duckdb
    import pyarrow.parquet as pq

    from graphx.pipeline import focus_nodes

    _, moderna, _ = focus_nodes(covid_graph, "Moderna · vaccine (Treatment)")
    quiet = covid_graph.subgraph(
        [n for n, a in covid_graph.nodes(data=True) if a.get("kind") != "article"
         or (a.get("cluster", -1) == -1 and not a.get("tags") and not a.get("day_only"))][:400]
    ).copy()
    parts = {"full": (covid_graph, None), "focus": (covid_graph, moderna),
             "quiet": (quiet, None)}
    heads = {}
    for name, (G, nodes) in parts.items():
        for fmt in ("csv", "parquet"):
            write_export(G, f"{tmp_path}/{name}/", format=fmt, nodes=nodes)
        with open(tmp_path / name / "nodes.csv", encoding="utf-8") as fh:
            heads[name, "csv"] = next(csv.reader(fh))
        with open(tmp_path / name / "edges.csv", encoding="utf-8") as fh:
            heads[name, "edges.csv"] = next(csv.reader(fh))
        heads[name, "parquet"] = pq.read_schema(tmp_path / name / "nodes.parquet").names
        heads[name, "edges.parquet"] = pq.read_schema(tmp_path / name / "edges.parquet").names
    assert {a.get("cluster", -1) for _, a in quiet.nodes(data=True)} == {-1}  # no story
    for kind in ("csv", "parquet", "edges.csv", "edges.parquet"):
        assert heads["focus", kind] == heads["quiet", kind] == heads["full", kind], kind
    assert heads["full", "csv"] == heads["full", "parquet"]
    assert {"cluster", "tags", "first_published", "day_only", "type"} <= set(heads["full", "csv"])
    types = {name: pq.read_schema(tmp_path / name / "nodes.parquet").types for name in parts}
    assert types["focus"] == types["quiet"] == types["full"]
    glob = str(tmp_path / "*" / "nodes.parquet")
    assert duckdb.sql(f"select count(*), count(cluster) from read_parquet('{glob}')"
                      ).fetchall()[0][1] > 0


def test_a_part_of_the_graph_says_which_part_in_every_format(covid_graph, tmp_path):
    # A 48-node focus carried the same metadata as the whole 4,171-node graph, and its
    # SQLite files table listed 2,900 other files as loaded files that made no article.
    import sqlite3

    import pyarrow.parquet as pq

    from graphx.pipeline import focus_nodes

    _, nodes, _ = focus_nodes(covid_graph, "Moderna · vaccine (Treatment)")
    report = {"files": [{"path": p, "status": "loaded"} for a in covid_graph
                        for p in covid_graph.nodes[a].get("sources", "").split("; ") if p]}
    asked = {"focus": "Moderna", "by": "story"}
    write_export(covid_graph, tmp_path / "m.graphml", nodes=nodes, selection=asked)
    write_export(covid_graph, tmp_path / "m.db", nodes=nodes, selection=asked,
                 load_report=report)
    write_export(covid_graph, f"{tmp_path}/m/", format="parquet", nodes=nodes)
    write_export(covid_graph, tmp_path / "o.gexf", view="outlets")
    write_export(covid_graph, tmp_path / "k.json", kinds=["article"])
    write_export(covid_graph, tmp_path / "full.graphml")
    said = json.loads(nx.read_graphml(tmp_path / "m.graphml").graph["selection"])
    assert said == {**asked, "nodes": len(nodes)}
    meta = pq.read_schema(tmp_path / "m" / "nodes.parquet").metadata
    assert json.loads(meta[b"selection"]) == {"nodes": len(nodes)}
    assert '\\"view\\": \\"outlets\\"' in (tmp_path / "o.gexf").read_text()
    assert json.loads(json.loads((tmp_path / "k.json").read_text())["graph"]["selection"]) == {
        "kinds": "article"}
    assert "selection" not in nx.read_graphml(tmp_path / "full.graphml").graph
    assert "selection" not in covid_graph.graph  # the caller's graph is left alone
    with sqlite3.connect(tmp_path / "m.db") as db:
        files = db.execute("select count(*), count(article) from files").fetchone()
        made = {a for (a,) in db.execute("select article from files")}
        kept = db.execute("select value from graph where key = 'selection'").fetchone()
    assert files[0] == files[1]  # each file listed made an article of the focus
    assert made == {n for n in nodes if covid_graph.nodes[n].get("has_file")}
    assert json.loads(kept[0]) == {**asked, "nodes": len(nodes)}


def test_the_outlets_view_of_a_focus_is_its_outlets_neighbourhood(covid_graph, tmp_path):
    # `--view outlets --focus Reuters` wrote Reuters alone, no edge: the view was made of
    # the focus's own articles, all Reuters'. It is the whole view, kept to the focus's
    # outlets and, when they share no edge, their neighbours in it.
    from graphx.pipeline import focus_nodes

    whole = outlets_view(covid_graph)
    _, reuters, _ = focus_nodes(covid_graph, "Reuters", by="provider")
    done = write_export(covid_graph, tmp_path / "r.json", view="outlets", nodes=reuters)
    back = json.loads((tmp_path / "r.json").read_text())
    got = {n["id"] for n in back["nodes"]}
    assert got == {"provider:reuters.com", *whole["provider:reuters.com"]}
    assert done.edges == whole.subgraph(got).number_of_edges() > len(got) - 1
    _, story, _ = focus_nodes(covid_graph, "Moderna · vaccine (Treatment)")
    write_export(covid_graph, tmp_path / "m.json", view="outlets", nodes=story)
    outlets = {n for n in story if covid_graph.nodes[n].get("kind") == "provider"}
    back = json.loads((tmp_path / "m.json").read_text())
    assert {n["id"] for n in back["nodes"]} == outlets and back["edges"]
