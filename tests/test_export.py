"""Exports open in the readers people use: networkx, igraph, lxml, json, csv (graphology: JS)."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime, timezone

import igraph
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from graphx import palette
from graphx.errors import InputError, OutputError
from graphx.export import (
    Exported,
    generate_edges_csv,
    generate_gexf,
    generate_graphml,
    generate_graphology,
    generate_nodes_csv,
    to_node_link,
    write_export,
)
from graphx.views import filter_dates, filter_kinds, outlets_view, stories_view, topics_view

A1, A2, A3 = "article:bbc.co.uk/vaccine", "article:cnn.com/vaccine", "article:bbc.co.uk/rain"
P1, P2 = "provider:bbc.co.uk", "provider:cnn.com"
T1, T2, TAG = "topic:vaccine trial", "topic:lockdown", "tag:gb"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

NASTY = ("<script>alert('x')</script> ]]> & \"quoted\" 'single' \x00\x07\x1b\x97\ufffe\ud800"
         " \r\n\t🗞️ مرحبا بالعالم")
CLEAN = ("<script>alert('x')</script> ]]> & \"quoted\" 'single' \x97"
         " \r\n\t🗞️ مرحبا بالعالم")
ODD_ID = 'article:https://ex.com/?a=1&b=<2>"'


def _article(G, node, **attrs):
    base = dict(kind="article", title=attrs.get("label", ""), excerpt="", url="", urls="",
                published="", provider="", provider_name="", topics="", tags="", sources="",
                has_file=True, group="", cluster=-1, cluster_label="", pagerank=0.1,
                related_in=0, bridging=0.0)
    G.add_node(node, **{**base, **attrs})


def coverage_graph() -> nx.MultiDiGraph:
    """Two clustered articles and a singleton, two providers, two topics and a tag."""
    G = nx.MultiDiGraph(graphx_version="0.1.0", fingerprint="ab12", inputs="items/a.md; items/b.md",
                        options='{"min_score": 0.5}', created_by="graphx")
    _article(G, A1, label="Vaccine trial starts", published="2024-05-05T08:00:00Z",
             provider="bbc.co.uk", cluster=0, cluster_label="vaccine trial", pagerank=0.5,
             heat=3, x=10.0, y=-5.5)
    _article(G, A2, label="Trial begins", published="2024-05-06T09:30:00Z", provider="cnn.com",
             cluster=0, cluster_label="vaccine trial", pagerank=0.3, x=-2.0, y=4.0)
    _article(G, A3, label="Rain again", provider="bbc.co.uk", pagerank=0.2, color="#123456")
    for node, domain, name in ((P1, "bbc.co.uk", "BBC"), (P2, "cnn.com", "CNN")):
        G.add_node(node, kind="provider", label=name, domain=domain, names=name, degree=1,
                   articles=1)
    for node, label in ((T1, "Vaccine trial"), (T2, "Lockdown"), (TAG, "GB")):
        G.add_node(node, kind=node.split(":")[0], label=label, degree=2, articles=2)
    edges = [(A1, P1, "published_by"), (A2, P2, "published_by"), (A3, P1, "published_by"),
             (A1, T1, "tagged"), (A1, T2, "tagged"), (A2, T1, "tagged"), (A2, T2, "tagged"),
             (A3, T1, "tagged"), (A1, TAG, "tagged"), (A1, A3, "related")]
    for u, v, relation in edges:
        G.add_edge(u, v, key=relation, relation=relation, count=1)
    G.add_edge(A1, A2, key="related", relation="related", count=2)
    G.add_edge(A1, A2, key="similar", relation="similar", count=1, score=0.8, syndicated=False)
    return G


def hostile_graph() -> nx.MultiDiGraph:
    """Every value networkx's writers or XML parsers choke on."""
    G = nx.MultiDiGraph(created_by="graphx", note=NASTY, nothing=None, when=date(2024, 1, 2))
    G.add_node("article:x", kind="article", label=NASTY, published="2024-02-29T23:59:59Z",
               cluster=1, pagerank=0.9, nothing=None, tags=["a", "b<c>"], meta={"k": [1, 2]},
               day=date(2024, 3, 1), moment=datetime(2024, 3, 1, 12, tzinfo=timezone.utc),
               mixed=3, huge=2**70, wide=2**40, ratio=1, flag=True, pair={"b", "a"},
               x=1.0, y=math.inf)
    G.add_node("article:y", kind="article", label=None, published="not a date", cluster="oops",
               mixed="three", ratio=0.5, flag=1, type="video", pagerank=math.nan)
    G.add_node(ODD_ID, kind="article", label="", published="2024-01-01")
    G.add_node("topic:🗞️", kind="topic", label="🗞️")
    G.add_node("tag:مرحبا", kind="tag", label="مرحبا")
    G.add_edge("article:x", "article:y", key="related")  # relation only as the key
    G.add_edge("article:x", "article:y", key="similar", relation="similar", score=None, count=1)
    G.add_edge("article:x", "article:x", key="related", relation="related", count=2**40)
    G.add_edge(ODD_ID, "topic:🗞️", key="tagged", relation="tagged", note=NASTY, count=1)
    G.add_edge(ODD_ID, "tag:مرحبا", key="tagged", relation="tagged", count=1)
    return G


def _text(generate, G) -> str:
    return "".join(generate(G))


def _edge_set(G, ignore=()) -> set:
    return {(u, v, tuple(sorted((k, x) for k, x in d.items() if k not in ignore)))
            for u, v, d in G.edges(data=True)}


def _graph_attrs(G) -> dict:
    """G.graph without the defaults networkx's readers add."""
    return {k: v for k, v in G.graph.items() if k not in ("node_default", "edge_default")}


def _strict_json(text: str):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


# -- GraphML -------------------------------------------------------------------------------


def test_graphml_round_trips_through_networkx():
    G = coverage_graph()
    got = nx.parse_graphml(_text(generate_graphml, G))
    assert got.is_directed() and got.is_multigraph()
    assert _graph_attrs(got) == G.graph
    assert dict(got.nodes(data=True)) == dict(G.nodes(data=True))
    assert _edge_set(got) == _edge_set(G)


def test_graphml_declares_each_attribute_once_and_igraph_reads_it(tmp_path):
    path = tmp_path / "g.graphml"
    write_export(coverage_graph(), path)
    root = etree.parse(str(path))
    keys = [(k.get("for"), k.get("attr.name")) for k in root.iter(GRAPHML + "key")]
    assert len(keys) == len(set(keys))
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount(), g.is_directed()) == (8, 12, True)
    assert set(g.vs.attributes()) == {name for domain, name in keys if domain == "node"} | {"id"}
    assert g.vs.find(id=A1)["cluster_label"] == "vaccine trial"
    assert sorted(g.es["relation"]) == sorted(r for _, _, r in coverage_graph().edges(keys=True))


def test_graphml_cleans_and_flattens_hostile_values(tmp_path):
    path = tmp_path / "h.graphml"
    write_export(hostile_graph(), path)
    etree.parse(str(path))  # lxml refuses any XML-illegal character
    got = nx.read_graphml(path)
    x, y, odd = got.nodes["article:x"], got.nodes["article:y"], got.nodes[ODD_ID]
    assert x["label"] == CLEAN and got.graph["note"] == CLEAN
    assert "nothing" not in x and "nothing" not in got.graph
    assert (x["tags"], x["meta"], x["pair"]) == ("a; b<c>", '{"k": [1, 2]}', "a; b")
    assert (x["day"], x["moment"], got.graph["when"]) == (
        "2024-03-01", "2024-03-01T12:00:00+00:00", "2024-01-02")
    assert (x["mixed"], y["mixed"], x["flag"], y["flag"]) == ("3", "three", "true", "1")
    assert (x["huge"], x["wide"], x["ratio"], y["ratio"]) == (str(2**70), 2**40, 1.0, 0.5)
    assert (y["label"], odd["label"], x["y"], math.isnan(y["pagerank"])) == (
        "article:y", ODD_ID, math.inf, True)
    relations = sorted(d["relation"] for _, _, d in got.edges(data=True))
    assert relations == ["related", "related", "similar", "tagged", "tagged"]
    assert [d["note"] for _, v, d in got.edges(data=True) if v == "topic:🗞️"] == [CLEAN]
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (5, 5)


def test_declared_types_follow_the_widening_rules():
    G = nx.Graph()
    G.add_node("a", i=1, w=1, l=2**40, b=True, s=1, big=1, f=1, n=None)
    G.add_node("b", i=-(2**31), w=0.5, l=3, b=False, s="x", big=2**64, f=True)
    root = etree.fromstring(_text(generate_graphml, G).encode())
    types = {k.get("attr.name"): k.get("attr.type") for k in root.iter(GRAPHML + "key")}
    assert types == {"i": "int", "w": "double", "l": "long", "b": "boolean", "s": "string",
                     "big": "string", "f": "string", "label": "string", "relation": "string"}
    assert root.find(GRAPHML + "graph").get("edgedefault") == "undirected"


def test_graphml_is_deterministic_whatever_the_insertion_order():
    G = coverage_graph()
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    for generate in (generate_graphml, generate_gexf, generate_graphology, generate_edges_csv):
        assert _text(generate, G) == _text(generate, H)
    ids = [e.get("id") for e in etree.fromstring(_text(generate_graphml, G).encode())
           .iter(GRAPHML + "edge")]
    assert ids == [f"e{i}" for i in range(12)]


def _xml_legal(c: str) -> bool:
    return (c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"
            or c >= "\U00010000")


VALUES = st.fixed_dictionaries({}, optional={
    "text": st.text(), "num": st.integers(-(2**63), 2**63 - 1),
    "real": st.floats(allow_nan=False), "flag": st.booleans()})


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(VALUES, min_size=1, max_size=4), note=st.text())
def test_graphml_round_trips_random_values(rows, note):
    def expected(attrs):
        out = {k: "".join(filter(_xml_legal, v)) if isinstance(v, str) else v
               for k, v in attrs.items()}
        return out

    G = nx.DiGraph(note=note)
    for i, attrs in enumerate(rows):
        G.add_node(f"n{i}", **attrs)
    G.add_edge("n0", f"n{len(rows) - 1}", **rows[0])
    got = nx.parse_graphml(_text(generate_graphml, G))
    assert _graph_attrs(got) == expected({"note": note})
    for i, attrs in enumerate(rows):
        assert got.nodes[f"n{i}"] == {**expected(attrs), "label": f"n{i}"}
    edge = got.edges["n0", f"n{len(rows) - 1}"]
    assert {k: v for k, v in edge.items() if k != "id"} == {**expected(rows[0]), "relation": "link"}


# -- GEXF ----------------------------------------------------------------------------------


def test_gexf_round_trips_through_networkx_with_viz():
    G = coverage_graph()
    got = nx.read_gexf(io.BytesIO(_text(generate_gexf, G).encode()))
    assert set(got) == set(G) and got.is_multigraph()
    for n, d in G.nodes(data=True):
        assert {k: v for k, v in got.nodes[n].items() if k not in ("viz", "start")} == d
    rgb = {"r": 0x1F, "g": 0x77, "b": 0xB4, "a": 1.0}  # palette.cluster_color(0) == #1f77b4
    assert got.nodes[A1]["viz"] == {"color": rgb, "size": 50.0,
                                    "position": {"x": 10.0, "y": -5.5, "z": 0.0}}
    assert got.nodes[A3]["viz"] == {"color": {"r": 0x12, "g": 0x34, "b": 0x56, "a": 1.0},
                                    "size": 5.0}
    assert got.nodes[P1]["viz"]["size"] == 10.0
    assert (got.nodes[A1]["start"], got.nodes[A2]["start"]) == ("2024-05-05", "2024-05-06")
    assert "start" not in got.nodes[A3] and "start" not in got.nodes[P1]
    assert _edge_set(got, ignore=("id", "label", "weight")) == _edge_set(G)
    for _, _, d in got.edges(data=True):
        assert (d["label"], d["weight"]) == (d["relation"], d["count"])


def test_gexf_structure_for_gephi():
    root = etree.fromstring(_text(generate_gexf, coverage_graph()).encode())
    assert (root.tag, root.get("version"), root.nsmap["viz"]) == (
        GEXF + "gexf", "1.3", "http://gexf.net/1.3/viz")
    graph = root.find(GEXF + "graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == (
        "dynamic", "date", "directed")
    nodes = root.find(GEXF + "graph/" + GEXF + "nodes")
    assert all(n.find(VIZ + "color") is not None and n.find(VIZ + "size") is not None
               for n in nodes)
    assert sum(n.find(VIZ + "position") is not None for n in nodes) == 2
    for attributes in graph.iter(GEXF + "attributes"):
        titles = [a.get("title") for a in attributes]
        assert len(titles) == len(set(titles))
    edge_ids = [e.get("id") for e in root.iter(GEXF + "edge")]
    assert len(edge_ids) == len(set(edge_ids)) == 12


def test_gexf_survives_hostile_values():
    text = _text(generate_gexf, hostile_graph())
    root = etree.fromstring(text.encode())
    got = nx.read_gexf(io.BytesIO(text.encode()))
    assert (got.number_of_nodes(), got.number_of_edges()) == (5, 5)
    assert (got.nodes["article:x"]["label"], got.nodes["article:y"]["label"]) == (
        CLEAN, "article:y")
    assert got.nodes["article:x"]["start"] == "2024-02-29" and "start" not in got.nodes["article:y"]
    assert "position" not in got.nodes["article:x"]["viz"]  # y is infinite
    y_color = got.nodes["article:y"]["viz"]["color"]  # cluster "oops": coloured by kind
    hex_color = "#{:02x}{:02x}{:02x}".format(y_color["r"], y_color["g"], y_color["b"])
    assert hex_color == palette.kind_color("article")
    assert json.loads(root.find(f"{GEXF}meta/{GEXF}description").text)["note"] == CLEAN


# -- JSON, graphology, CSV -----------------------------------------------------------------


def _node_link_round_trip(G) -> nx.MultiDiGraph:
    data = _strict_json(json.dumps(to_node_link(G), ensure_ascii=False))
    assert (len(data["nodes"]), len(data["edges"])) == (len(G), G.number_of_edges())
    return nx.node_link_graph(data, edges="edges")


def test_node_link_json_loads_back_into_networkx():
    G = coverage_graph()
    back = _node_link_round_trip(G)
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert set(back.edges(keys=True)) == set(G.edges(keys=True))
    hostile = _node_link_round_trip(hostile_graph())
    assert hostile.nodes["article:x"]["label"] == CLEAN
    assert "pagerank" not in hostile.nodes["article:y"]  # NaN: JSON has no way to say it


def test_graphology_json_is_drawable_by_sigma():
    data = _strict_json(_text(generate_graphology, coverage_graph()))
    assert data["options"] == {"type": "directed", "multi": True, "allowSelfLoops": True}
    assert (len(data["nodes"]), len(data["edges"])) == (8, 12)
    nodes = {n["key"]: n["attributes"] for n in data["nodes"]}
    assert all({"label", "x", "y", "size", "color"} <= set(a) for a in nodes.values())
    assert (nodes[A1]["x"], nodes[A1]["y"], nodes[A1]["size"]) == (10.0, -5.5, 50.0)
    assert nodes[A1]["color"] == palette.cluster_color(0) and nodes[A3]["color"] == "#123456"
    spread = {(a["x"], a["y"]) for a in nodes.values()}
    assert len(spread) == 8  # nodes without a layout still get distinct positions
    assert len({e["key"] for e in data["edges"]}) == 12
    assert all(e["attributes"]["label"] == e["attributes"]["relation"] for e in data["edges"])
    hostile = _strict_json(_text(generate_graphology, hostile_graph()))
    y = next(n["attributes"] for n in hostile["nodes"] if n["key"] == "article:y")
    assert y["item_type"] == "video" and "type" not in y and y["size"] == 10.0


def test_csv_headers_and_rows(tmp_path):
    write_export(coverage_graph(), f"{tmp_path}/csv/")
    nodes = list(csv.reader((tmp_path / "csv" / "nodes.csv").open(newline="")))
    edges = list(csv.reader((tmp_path / "csv" / "edges.csv").open(newline="")))
    assert nodes[0][:4] == ["id", "kind", "label", "articles"]
    assert nodes[0][3:] == sorted(nodes[0][3:]) and "x" in nodes[0]
    assert edges[0] == ["source", "target", "relation", "count", "score", "syndicated"]
    assert (len(nodes), len(edges)) == (9, 13)
    assert edges[-1] == [A2, T1, "tagged", "1", "", ""]
    hostile = list(csv.reader(io.StringIO(_text(generate_nodes_csv, hostile_graph()))))
    assert len(hostile) == 6 and [r[2] for r in hostile if r[0] == "article:x"] == [CLEAN]


# -- write_export --------------------------------------------------------------------------


@pytest.mark.parametrize("name, expected", [
    ("g.graphml", "graphml"), ("g.GEXF", "gexf"), ("g.json", "json"), ("out/", "csv")])
def test_write_export_picks_the_format_from_the_path(tmp_path, name, expected):
    G = coverage_graph()
    assert write_export(G, f"{tmp_path}/{name}") == Exported(expected, len(G),
                                                              G.number_of_edges())
    written = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert written == (["edges.csv", "nodes.csv"] if expected == "csv" else [name])


def test_write_export_formats_and_errors(tmp_path):
    (tmp_path / "folder").mkdir()
    assert write_export(coverage_graph(), tmp_path / "folder").format == "csv"
    assert write_export(coverage_graph(), tmp_path / "s.json", format="graphology").format == \
        "graphology"
    assert "options" in json.loads((tmp_path / "s.json").read_text())
    with pytest.raises(InputError, match=r"Cannot tell the export format of .*\.txt"):
        write_export(coverage_graph(), tmp_path / "g.txt")
    with pytest.raises(InputError, match="Unknown export format 'dot'"):
        write_export(coverage_graph(), tmp_path / "g.graphml", format="dot")
    with pytest.raises(OutputError, match=r"cannot make the folder .*s\.json: .*s\.json is a file"):
        write_export(coverage_graph(), tmp_path / "s.json" / "g.graphml")
    with pytest.raises(InputError, match="Unknown view 'people'"):
        write_export(coverage_graph(), tmp_path / "g.graphml", view="people")


def test_write_export_writes_views_kinds_and_focus_without_changing_the_graph(tmp_path):
    G = coverage_graph()
    before = (sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True)))
    done = write_export(G, tmp_path / "s.gexf", view="stories", kinds=["article"])
    H = stories_view(G)
    assert done == Exported("gexf", len(H), H.number_of_edges())
    back = nx.read_gexf(tmp_path / "s.gexf")
    assert set(back) == set(H) and all("position" in a["viz"] for _, a in back.nodes(data=True))
    done = write_export(G, tmp_path / "f.graphml", nodes=[A1, P1])
    assert (done.nodes, set(nx.read_graphml(tmp_path / "f.graphml"))) == (2, {A1, P1})
    assert (sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True))) == before


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "g.gexf"
    write_export(coverage_graph(), target)
    before = target.read_bytes()
    clash = nx.Graph()
    clash.add_nodes_from(["a\x00", "a"])  # the same id once illegal characters are removed
    with pytest.raises(InputError, match="differ only by characters"):
        write_export(clash, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.gexf"]


# -- views ---------------------------------------------------------------------------------


def _snapshot(G) -> str:
    return json.dumps(nx.node_link_data(G, edges="edges"), sort_keys=True)


def test_views_give_known_answers_and_leave_the_graph_alone():
    G = coverage_graph()
    before = _snapshot(G)
    stories = stories_view(G)
    assert set(stories) == {A1, A2, A3}
    assert set(stories.edges(keys=True)) == {(A1, A2, "related"), (A1, A2, "similar"),
                                             (A1, A3, "related")}
    outlets = outlets_view(G)
    assert set(outlets) == {P1, P2} and outlets.nodes[P1]["label"] == "BBC"
    assert outlets.edges[P1, P2] == {"relation": "co_coverage", "weight": 2,
                                     "shared_clusters": 1, "links": 1}
    topics = topics_view(G)
    assert set(topics) == {T1, T2}
    assert topics.edges[T1, T2] == {"relation": "co_tagged", "weight": 2, "articles": 2}
    kinds = filter_kinds(G, {"article", "provider"})
    assert (len(kinds), kinds.number_of_edges()) == (5, 6)
    stories.nodes[A1]["label"] = "changed"
    kinds.edges[A1, A2, "related"]["count"] = 99
    assert _snapshot(G) == before


def test_filter_dates_keeps_attached_non_articles():
    G = coverage_graph()
    later = filter_dates(G, since="2024-05-06")
    assert set(later) == {A2, P2, T1, T2}
    assert set(later.edges(keys=True)) == {(A2, P2, "published_by"), (A2, T1, "tagged"),
                                           (A2, T2, "tagged")}
    assert set(filter_dates(G, until=date(2024, 5, 5))) == {A1, A2, P1, T1, T2, TAG} - {A2}
    window = filter_dates(G, since=datetime(2024, 5, 5, 9, tzinfo=timezone.utc),
                          until="2024-05-06T09:30:00Z")
    assert {n for n in window if n.startswith("article:")} == {A2}
    assert set(filter_dates(G)) == set(G)
    with pytest.raises(InputError, match="since must be a date"):
        filter_dates(G, since="last week")
