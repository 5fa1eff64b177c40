"""Every format and view of the real covid graph, read back by readers graphx did not write."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import networkx as nx
import pytest
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
    for name, value in H.nodes[node].items():
        assert back.nodes[node][name] == value, name
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
