"""Exports open in the readers people use: networkx, igraph, lxml, json, csv (graphology: JS)."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import UTC, date, datetime

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
    export_format,
    generate_edges_csv,
    generate_gexf,
    generate_graphml,
    generate_graphology,
    generate_nodes_csv,
    to_node_link,
    write_export,
)
from graphx.export.common import NO_VALUE, NODE_ATTRIBUTES
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
               day=date(2024, 3, 1), moment=datetime(2024, 3, 1, 12, tzinfo=UTC),
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


def exported(attrs: dict, *, empty: bool = False) -> dict:
    """What an export keeps of a node's attributes: no cluster or theme of -1 (none), and
    no "" values unless ``empty`` (GraphML and GEXF leave them out)."""
    return {k: v for k, v in attrs.items()
            if NO_VALUE.get(k, object()) != v and (empty or v != "")}


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
    assert dict(got.nodes(data=True)) == {n: exported(d) for n, d in G.nodes(data=True)}
    assert _edge_set(got) == _edge_set(G)
    assert "cluster" not in got.nodes[A3] and "excerpt" not in got.nodes[A1]


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


def test_igraph_reads_every_graphml_id_as_graphx_wrote_it_once_its_ampersands_are_undone(
        tmp_path):
    # igraph's GraphML reader gives an id's "&" (written "&amp;", as XML must) as "&#38;":
    # 8 covid articles with query strings no longer joined CSV or SQLite by id. Its <data>
    # text and every other character come back as written; the README's workaround,
    # replace("&#38;", "&"), gives back every id exactly, one holding "&#38;" itself too.
    G = coverage_graph()
    odd = ["article:nzherald.co.nz/news/article.cfm?c_id=2&objectid=12330387",
           "article:b.com/x?a=1&#38;b", ODD_ID, "article:é.com/'quoted'\tab"]
    for n in odd:
        _article(G, n, url="https://" + n.split(":", 1)[1])
    write_export(G, tmp_path / "g.graphml")
    g = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    read = g.vs["id"]
    assert {i for i in read if "&" not in i} == {n for n in G if "&" not in n}
    assert sorted(i.replace("&#38;", "&") for i in read) == sorted(G)
    assert {v["id"].replace("&#38;", "&"): v["url"] for v in g.vs if v["url"]}[odd[0]] == (
        "https://" + odd[0].split(":", 1)[1])


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
    def expected(attrs):  # text without what XML cannot hold; no empty values
        out = {k: "".join(filter(_xml_legal, v)) if isinstance(v, str) else v
               for k, v in attrs.items()}
        return {k: v for k, v in out.items() if v != ""}

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
        assert {k: v for k, v in got.nodes[n].items() if k != "viz"} == exported(d)
    rgb = {"r": 0x1F, "g": 0x77, "b": 0xB4, "a": 1.0}  # the largest story's colour, #1f77b4
    # Sizes are the map's (palette.importance): sqrt of pagerank over the top article's,
    # hubs by degree over the top hub's, into 5..50; the top counts as at least SPREAD
    # times the least (A3's 0.2): pageranks of 0.5, 0.3 and 0.2 make no giant.
    full = palette.SPREAD * 0.2
    assert got.nodes[A1]["viz"] == {"color": rgb, "size": round(5 + 45 * math.sqrt(0.5 / full), 3),
                                    "position": {"x": 10.0, "y": -5.5, "z": 0.0}}
    assert got.nodes[A3]["viz"] == {"color": {"r": 0x12, "g": 0x34, "b": 0x56, "a": 1.0},
                                    "size": round(5 + 45 * math.sqrt(0.2 / full), 3)}
    share = palette.importance(G)[P1]
    assert 0 < share <= 1 and got.nodes[P1]["viz"]["size"] == round(5 + 45 * share, 3)
    root = etree.fromstring(_text(generate_gexf, G).encode())
    stamps = {n.get("id"): n.get("timestamp") for n in root.iter(GEXF + "node")}
    assert (stamps[A1], stamps[A2], stamps[A3], stamps[P1]) == (
        "2024-05-05T08:00:00Z", "2024-05-06T09:30:00Z", None, None)
    assert _edge_set(got, ignore=("id", "label", "weight")) == _edge_set(G)
    for _, _, d in got.edges(data=True):
        assert (d["label"], d["weight"]) == (d["relation"], d["count"])


def test_the_networkx_graphx_requires_reads_the_gexf_version_it_writes():
    # pyproject accepted networkx 3.5, whose read_gexf knows 1.1draft and 1.2draft only:
    # graphx's GEXF 1.3 failed there with "No <graph> element in GEXF file". 3.6 is the
    # first release whose reader has 1.3 (its GEXF.versions; checked on both wheels).
    import re
    import tomllib
    from pathlib import Path

    from networkx.readwrite.gexf import GEXF

    text = _text(generate_gexf, coverage_graph())
    written = re.search(r'<gexf [^>]*version="([^"]+)"', text).group(1)
    assert written in GEXF.versions  # the installed reader, at the floor or above
    first_reading = {"1.1draft": (1, 0), "1.2draft": (1, 0), "1.3": (3, 6)}[written]
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    floor = next(re.fullmatch(r"networkx>=([\d.]+)", d.split(";")[0].strip()).group(1)
                 for d in project["project"]["dependencies"] if d.startswith("networkx"))
    assert tuple(map(int, floor.split("."))) >= first_reading


@pytest.mark.parametrize("fmt", ["gexf", "graphology"])
def test_a_view_of_no_article_is_laid_out_by_its_own_edges(tmp_path, fmt):
    # The outlets view put all 918 covid outlets on one ring (no article to place them by).
    import math

    G = nx.Graph()
    groups = [[f"provider:a{i}.com" for i in range(8)], [f"provider:b{i}.com" for i in range(8)]]
    for group in groups:
        G.add_nodes_from(group, kind="provider")
        G.add_edges_from(((u, v) for i, u in enumerate(group) for v in group[i + 1:]), weight=5)
    G.add_edge(groups[0][0], groups[1][0], weight=1)
    path = tmp_path / f"v.{fmt}"
    write_export(G, path, format=fmt, seed=3)
    if fmt == "gexf":
        pos = {n: (d["viz"]["position"]["x"], d["viz"]["position"]["y"])
               for n, d in nx.read_gexf(path).nodes(data=True)}
    else:
        pos = {n["key"]: (n["attributes"]["x"], n["attributes"]["y"])
               for n in json.loads(path.read_text())["nodes"]}
    assert len({round(math.hypot(*xy), 1) for xy in pos.values()}) > 2  # no ring

    def mean(pairs):
        pairs = list(pairs)
        return sum(math.dist(pos[u], pos[v]) for u, v in pairs) / len(pairs)

    inside = mean((u, v) for g in groups for u in g for v in g if u < v)
    across = mean((u, v) for u in groups[0] for v in groups[1])
    assert inside * 2 < across
    write_export(G, tmp_path / f"again.{fmt}", format=fmt, seed=3)
    assert (tmp_path / f"again.{fmt}").read_bytes() == path.read_bytes()


def test_gexf_structure_for_gephi():
    root = etree.fromstring(_text(generate_gexf, coverage_graph()).encode())
    assert (root.tag, root.get("version"), root.nsmap["viz"]) == (
        GEXF + "gexf", "1.3", "http://gexf.net/1.3/viz")
    graph = root.find(GEXF + "graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("timerepresentation"),
            graph.get("defaultedgetype")) == ("dynamic", "dateTime", "timestamp", "directed")
    nodes = root.find(GEXF + "graph/" + GEXF + "nodes")
    assert all(n.find(VIZ + "color") is not None and n.find(VIZ + "size") is not None
               for n in nodes)
    assert sum(n.find(VIZ + "position") is not None for n in nodes) == 2
    for attributes in graph.iter(GEXF + "attributes"):
        titles = [a.get("title") for a in attributes]
        assert len(titles) == len(set(titles))
    edge_ids = [e.get("id") for e in root.iter(GEXF + "edge")]
    assert len(edge_ids) == len(set(edge_ids)) == 12
    # Each edge's kind is its relation: Gephi keeps parallel edges apart only by kind (a
    # related and a similar edge between two articles were merged into one).
    kinds = [(e.get("kind"), e.get("label")) for e in root.iter(GEXF + "edge")]
    assert all(kind == label and kind for kind, label in kinds)
    pairs = {}
    for e in root.iter(GEXF + "edge"):
        pairs.setdefault((e.get("source"), e.get("target")), set()).add(e.get("kind"))
    assert any(len(k) > 1 for k in pairs.values())  # parallel edges, told apart


def test_gexf_timeline_orders_articles_as_graphx_story_timelines_do():
    # A reissued page was stamped at its last reissue (CBC's, out at 2020-05-06 00:56, at
    # 05-07 00:47), and a day-only article at 00:00, 9 hours ahead of its day's timed report.
    from graphx.model import ordering_time

    G = coverage_graph()
    G.nodes[A1].update(published="2024-05-06T12:00:00Z", first_published="2024-05-05T06:00:00Z")
    G.nodes[A2].update(published="2024-05-06T00:00:00Z", day_only=True)
    G.nodes[A3]["published"] = "2024-05-06T09:30:00Z"
    root = etree.fromstring("".join(generate_gexf(G)).encode())
    stamps = {n.get("id"): n.get("timestamp") for n in root.iter(GEXF + "node")}
    assert (stamps[A1], stamps[A3], stamps[A2]) == (
        "2024-05-05T06:00:00Z", "2024-05-06T09:30:00Z", "2024-05-06T23:59:59Z")
    dated = [A1, A2, A3]
    assert sorted(dated, key=stamps.get) == sorted(dated, key=lambda n: ordering_time(G.nodes[n]))


def test_gexf_survives_hostile_values():
    text = _text(generate_gexf, hostile_graph())
    root = etree.fromstring(text.encode())
    got = nx.read_gexf(io.BytesIO(text.encode()))
    assert (got.number_of_nodes(), got.number_of_edges()) == (5, 5)
    assert (got.nodes["article:x"]["label"], got.nodes["article:y"]["label"]) == (
        CLEAN, "article:y")
    stamps = {n.get("id"): n.get("timestamp") for n in root.iter(GEXF + "node")}
    assert (stamps["article:x"], stamps["article:y"], stamps[ODD_ID]) == (
        "2024-02-29T23:59:59Z", None, "2024-01-01T00:00:00Z")
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
    assert dict(back.nodes(data=True)) == {n: exported(d, empty=True)
                                           for n, d in G.nodes(data=True)}
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
    size = round(5 + 45 * math.sqrt(0.5 / (palette.SPREAD * 0.2)), 3)  # 0.2: the least
    assert (nodes[A1]["x"], nodes[A1]["y"], nodes[A1]["size"]) == (10.0, -5.5, size)
    assert nodes[A1]["color"] == palette.STORY_COLORS[0] and nodes[A3]["color"] == "#123456"
    spread = {(a["x"], a["y"]) for a in nodes.values()}
    assert len(spread) == 8  # nodes without a layout still get distinct positions
    assert len({e["key"] for e in data["edges"]}) == 12
    assert all(e["attributes"]["label"] == e["attributes"]["relation"] for e in data["edges"])
    hostile = _strict_json(_text(generate_graphology, hostile_graph()))
    y = next(n["attributes"] for n in hostile["nodes"] if n["key"] == "article:y")
    assert y["item_type"] == "video" and "type" not in y and y["size"] == 5.0  # no pagerank


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


@pytest.mark.parametrize("name", ["story.graphml", "story.gexf", "story.json", "story.db"])
def test_an_extension_of_a_one_file_format_wins_over_a_folder_of_that_name(tmp_path, name):
    # `-o story.graphml` naming a folder wrote nodes.csv and edges.csv into it, exit 0.
    (tmp_path / name).mkdir()
    assert export_format(tmp_path / name) == export_format(name)
    with pytest.raises(OutputError, match=rf"cannot write .*{name}: it is a folder; name a file"):
        write_export(coverage_graph(), tmp_path / name)
    assert list((tmp_path / name).iterdir()) == []
    assert export_format(str(tmp_path / name) + "/") == "csv"  # "name/" asks for a folder


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


def test_a_focused_export_counts_its_hubs_over_the_part_it_holds(tmp_path):
    # `export --focus Reuters`: the outlet said 119 articles (degree 119) beside the 25
    # Reuters articles of the file, whose story table counted the part.
    G = coverage_graph()
    G.nodes[A3]["cluster"] = -1  # an analysed graph: every article has its cluster
    from graphx.analysis import count_hubs

    count_hubs(G)
    assert (G.nodes[P1]["articles"], G.nodes[T1]["articles"]) == (2, 3)
    write_export(G, tmp_path / "f.graphml", nodes=[A1, A2, P1, P2, T1])
    back = nx.read_graphml(tmp_path / "f.graphml")
    assert (back.nodes[P1]["articles"], back.nodes[P1]["degree"]) == (1, 1)
    assert (back.nodes[T1]["articles"], back.nodes[T1]["degree"]) == (2, 2)
    assert G.nodes[P1]["articles"] == 2  # the caller's graph is left as it was


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
    window = filter_dates(G, since=datetime(2024, 5, 5, 9, tzinfo=UTC),
                          until="2024-05-06T09:30:00Z")
    assert {n for n in window if n.startswith("article:")} == {A2}
    assert set(filter_dates(G)) == set(G)
    with pytest.raises(InputError, match="since must be a date"):
        filter_dates(G, since="last week")


# -- promises: no empty values, no -1 cluster, full precision, no formulas ------------------


def test_graphml_and_gexf_hold_no_empty_value_and_no_minus_one_cluster():
    G = coverage_graph()
    graphml = etree.fromstring(_text(generate_graphml, G).encode())
    names = {k.get("id"): k.get("attr.name") for k in graphml.iter(GRAPHML + "key")}
    values = [(names[d.get("key")], d.text) for d in graphml.iter(GRAPHML + "data")]
    assert values and all(text for _, text in values)
    assert ("cluster", "-1") not in values and "excerpt" not in names.values()
    gexf = etree.fromstring(_text(generate_gexf, G).encode())
    titles = {a.get("id"): a.get("title") for a in gexf.iter(GEXF + "attribute")}
    values = [(titles[v.get("for")], v.get("value")) for v in gexf.iter(GEXF + "attvalue")]
    assert values and all(value for _, value in values)
    assert ("cluster", "-1") not in values and "excerpt" not in titles.values()
    a3 = nx.read_graphml(io.BytesIO(_text(generate_graphml, G).encode())).nodes[A3]
    assert "cluster" not in a3 and "cluster_label" not in a3


def test_csv_neutralises_formulas_and_keeps_full_precision():
    G = coverage_graph()
    G.nodes[A1].update(label='=HYPERLINK("https://evil.example","click")', pagerank=0.1234567890123)
    G.nodes[A2]["label"] = "+cmd|' /C calc'!A0"
    G.nodes[P1]["label"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    nodes = {r["id"]: r for r in csv.DictReader(io.StringIO(_text(generate_nodes_csv, G)))}
    assert nodes[A1]["label"] == "'=HYPERLINK(\"https://evil.example\",\"click\")"
    assert nodes[A2]["label"] == "'+cmd|' /C calc'!A0"
    assert nodes[P1]["label"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert float(nodes[A1]["pagerank"]) == 0.1234567890123
    assert (nodes[A1]["y"], nodes[A3]["cluster"]) == ("-5.5", "")  # a number stays a number


def test_csv_keeps_a_formula_after_a_semicolon_inside_its_cell():
    # Excel splits a .csv on ";" in most European locales: "begins;=1+1;" unquoted became a
    # cell "=1+1" there. Quoted, it is one cell, whatever the separator.
    G = coverage_graph()
    G.nodes[A1]["label"] = "Vaccine trial begins;=cmd|' /C calc'!A0;"
    G.nodes[A2]["label"] = "Tabs\t@SUM(1)"
    text = _text(generate_nodes_csv, G)
    for sep in (";", "\t"):  # read as a spreadsheet of another locale: no formula cell
        for row in csv.reader(io.StringIO(text), delimiter=sep):
            assert not any(c.startswith(("=", "+", "@")) for c in row), row
    nodes = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert nodes[A1]["label"] == "Vaccine trial begins;'=cmd|' /C calc'!A0;"
    assert nodes[A2]["label"] == "Tabs\t'@SUM(1)"
    assert float(nodes[A1]["pagerank"]) == G.nodes[A1]["pagerank"]


def test_csv_keeps_ids_and_addresses_exact_and_quotes_a_carriage_return():
    # An address with ";@" became "story;'@section" in id, url and the edges' source, an
    # id no other format has; an excerpt's lone "\r" was unquoted and split its row in two.
    import pandas as pd

    G = nx.MultiDiGraph()
    odd = "article:example.com/news/story;@section"
    G.add_node(odd, kind="article", label="Council;=votes",
               url="https://example.com/news/story;@section", excerpt="Opened.\rTraffic resumes.")
    G.add_node("topic:local", kind="topic", label="Local")
    G.add_edge(odd, "topic:local", key="tagged", relation="tagged")
    nodes_text = _text(generate_nodes_csv, G)
    nodes = list(csv.DictReader(io.StringIO(nodes_text, newline="")))
    assert [r["id"] for r in nodes] == [odd, "topic:local"]
    assert nodes[0]["url"] == "https://example.com/news/story;@section"
    assert nodes[0]["label"] == "Council;'=votes"  # text keeps its guard
    assert nodes[0]["excerpt"] == "Opened.\rTraffic resumes."
    assert len(pd.read_csv(io.StringIO(nodes_text))) == 2
    assert nodes_text.count("\n") == 3 and "\r\n" not in nodes_text  # rows end in "\n"
    edges = list(csv.DictReader(io.StringIO(_text(generate_edges_csv, G))))
    assert (edges[0]["source"], edges[0]["target"]) == (odd, "topic:local")


# -- Parquet, for pandas and DuckDB -------------------------------------------------------


def test_parquet_reads_back_in_pandas_and_duckdb(tmp_path):
    import duckdb
    import pandas as pd

    G = coverage_graph()
    done = write_export(G, tmp_path / "cols", format="parquet")
    assert done == Exported("parquet", 8, 12)
    nodes = pd.read_parquet(tmp_path / "cols" / "nodes.parquet")
    edges = pd.read_parquet(tmp_path / "cols" / "edges.parquet")
    assert (len(nodes), len(edges)) == (G.number_of_nodes(), G.number_of_edges())
    assert list(nodes.columns[:3]) == ["id", "kind", "label"]
    a1 = nodes.set_index("id").loc[A1]
    assert (a1["pagerank"], a1["heat"], a1["has_file"]) == (0.5, 3, True)
    assert pd.isna(nodes.set_index("id").loc[A3, "cluster"])  # none, not -1
    assert str(nodes["cluster"].dtype) in ("Int64", "float64")
    db = duckdb.connect()
    folder = (tmp_path / "cols").as_posix()
    assert db.execute(f"select count(*) from '{folder}/nodes.parquet'").fetchall() == [(8,)]
    assert db.execute(f"select relation, count(*) from '{folder}/edges.parquet' "
                      "group by relation order by relation").fetchall() == [
        ("published_by", 3), ("related", 2), ("similar", 1), ("tagged", 6)]
    import pyarrow.parquet as pq

    meta = pq.read_schema(tmp_path / "cols" / "nodes.parquet").metadata
    assert meta[b"fingerprint"] == b"ab12"


def test_write_export_refuses_a_format_the_extension_contradicts(tmp_path):
    with pytest.raises(InputError, match=r"^--format gexf does not match 'g.graphml', whose "
                       r"extension \.graphml is for graphml: leave out --format, or end the "
                       r"file in \.gexf\.$"):
        write_export(coverage_graph(), tmp_path / "g.graphml", format="gexf")
    assert not (tmp_path / "g.graphml").exists()


def test_parquet_without_pyarrow_is_one_sentence(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError("No module named 'pyarrow'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(InputError, match=r"Parquet export needs pyarrow: pip install "):
        write_export(coverage_graph(), tmp_path / "cols", format="parquet")


# -- SQLite, for Datasette and sqlite-utils -----------------------------------------------


def test_sqlite_follows_sqlite_utils_conventions(tmp_path):
    import sqlite3

    import sqlite_utils

    G = coverage_graph()
    path = tmp_path / "coverage.db"
    assert write_export(G, path, load_report={"files": [
        {"path": "items/a.md", "status": "loaded"},
        {"path": "items/bad.md", "status": "skipped", "reason": "empty file"}]}).format == "sqlite"
    db = sqlite_utils.Database(path)
    assert set(db.table_names()) >= {"articles", "outlets", "topics", "tags", "clusters",
                                     "edges", "files", "articles_topics", "articles_tags"}
    assert db["articles"].detect_fts() == "articles_fts"
    assert {(fk.column, fk.other_table) for fk in db["articles"].foreign_keys} == {
        ("outlet", "outlets"), ("cluster", "clusters")}
    assert {(fk.column, fk.other_table) for fk in db["edges"].foreign_keys} == {
        ("source", "articles"), ("target", "articles")}
    assert set(db.view_names()) >= {"stories_by_breadth", "most_cited_articles"}
    assert (db["articles"].count, db["outlets"].count, db["topics"].count, db["tags"].count,
            db["edges"].count, db["articles_topics"].count) == (3, 2, 2, 1, 3, 5)
    a3 = db["articles"].get(A3)
    assert (a3["cluster"], a3["excerpt"], a3["outlet"]) == (None, None, "bbc.co.uk")
    assert [r["id"] for r in db.query(
        "select id from articles where rowid in (select rowid from articles_fts "
        "where articles_fts match 'trial')")] == [A1, A2]
    assert list(db.query("select id, breadth, articles from stories_by_breadth")) == [
        {"id": 0, "breadth": 2, "articles": 2}]
    assert a3["search_cjk"] is None  # no Chinese or Japanese text: nothing more to search
    assert [(r["path"], r["status"]) for r in db["files"].rows] == [
        ("items/a.md", "loaded"), ("items/bad.md", "skipped")]
    with sqlite3.connect(path) as conn:
        assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_sqlite_puts_a_day_only_article_after_its_days_timed_ones_and_no_title_for_none(
        tmp_path):
    # story_articles listed a day-only article (00:00) before the 10:00 first report the
    # clusters row names, and the table had no day_only to say why; an untitled article's
    # title was its address, which the search box matched as headline words.
    import sqlite_utils

    G = coverage_graph()
    G.nodes[A2].update(published="2024-05-05T00:00:00Z", day_only=True, title="")
    G.nodes[A1]["roundup"] = False
    write_export(G, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    assert [r["article"] for r in db.query("select article from story_articles")] == [A1, A2]
    assert (db["articles"].get(A2)["day_only"], db["articles"].get(A1)["day_only"]) == (1, None)
    assert db["articles"].get(A1)["roundup"] == 0
    assert db["articles"].get(A2)["title"] is None


def test_sqlite_story_articles_counts_a_reissued_page_from_when_it_first_appeared(tmp_path):
    # story_articles ordered by `published`: covid's story 58 listed U.S. News (21:20)
    # above the Houston Chronicle's page, reissued at 00:20 but first out at 05:18, the
    # story's first report, and no column showed 05:18.
    import sqlite_utils

    G = coverage_graph()
    G.nodes[A2].update(published="2024-05-06T09:30:00Z", first_published="2024-05-05T07:00:00Z")
    write_export(G, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    rows = list(db.query("select article, appeared, published from story_articles"))
    assert rows == [
        {"article": A2, "appeared": "2024-05-05T07:00:00Z", "published": "2024-05-06T09:30:00Z"},
        {"article": A1, "appeared": "2024-05-05T08:00:00Z", "published": "2024-05-05T08:00:00Z"}]
    assert db.execute("select first from clusters").fetchone()[0] == rows[0]["appeared"]


def test_sqlite_articles_carry_titles_original_and_theme_and_search_earlier_headlines(
        tmp_path):
    # The articles table had no titles, original, theme or theme_label, which every other
    # format carries, and the search box could not find a reissued page by the headline it
    # first ran under, which `related` finds it by.
    import sqlite_utils

    G = coverage_graph()
    G.nodes[A1].update(titles="Vaccine trial starts; Volunteers queue in Oxford",
                       theme=4, theme_label="vaccine · Oxford")
    G.nodes[A2].update(titles="Trial begins; 東京都で治験開始", original=A1, theme=-1)
    write_export(G, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    a1, a2 = db["articles"].get(A1), db["articles"].get(A2)
    assert (a1["titles"], a1["theme"], a1["theme_label"], a1["original"]) == (
        "Vaccine trial starts; Volunteers queue in Oxford", 4, "vaccine · Oxford", None)
    assert (a2["titles"], a2["theme"], a2["original"]) == (
        "Trial begins; 東京都で治験開始", None, A1)

    def found(query):
        return [r["id"] for r in db.query(
            "select id from articles where rowid in (select rowid from articles_fts "
            "where articles_fts match ?) order by id", (f'"{query}"',))]

    assert found("Volunteers queue") == [A1]
    assert found("東京都") == [A2]
    assert found("trial") == [A1, A2]
    assert set(NODE_ATTRIBUTES["article"]) - {c for c in db["articles"].columns_dict} == {
        "provider", "provider_name", "group", "sources"}  # as outlet, outlet_name, ...


def test_sqlite_cleans_outlet_names_and_labels_as_every_other_format_does(tmp_path):
    # The outlets, topics and tags tables kept a feed's NUL and terminal escapes ("KQED\0
    # \x1b[31m"): the sqlite3 shell cut the name at the NUL and turned its output red,
    # where CSV, GraphML and the rest clean them (export.common.clean_text).
    import sqlite_utils

    from graphx.graph import build_graph
    from graphx.parse import parse_item

    def item(name: str, url: str, when: str, provider: str, topics: str, tags: str):
        text = (f'---\ntitle: "Harbour fire closes port {name}"\npublishedDateTime: {when}\n'
                f'webUrl: "{url}"\nprovider: {{name: "{provider}", domain: kqed.org}}\n'
                f"topics: {topics}\ntags: {tags}\n---\nbody\n")
        return parse_item(text.encode(), f"{name}.md").item

    G = build_graph([
        item("a", "https://www.kqed.org/a", "2020-05-07T14:00:00Z", "KQED\\0\\x1b[31m",
             '["Fire\\0", "\\x1b[31mred"]', '["\\x1b]0;pwned\\x07Port"]'),
        item("b", "https://www.kqed.org/b", "2020-05-07T15:00:00Z", "KQED\\0\\x1b[31m",
             '["Fire\\0"]', "[]")])
    assert G.nodes["provider:kqed.org"]["label"] == "KQED\0\x1b[31m"  # the graph keeps it
    write_export(G, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    text = [v for table in ("outlets", "topics", "tags", "clusters")
            for row in db[table].rows for v in row.values() if isinstance(v, str)]
    assert not [v for v in text if any(c in v for c in "\0\x1b\x07")]
    assert [(r["name"], r["names"]) for r in db["outlets"].rows] == [("KQED[31m", "KQED[31m")]
    assert sorted(r["label"] for r in db["topics"].rows) == ["Fire", "[31mred"]
    assert [r["label"] for r in db["tags"].rows] == ["]0;pwnedPort"]


def test_sqlite_story_articles_lists_an_undated_article_last(tmp_path):
    # SQLite sorts NULL first: an undated article headed its story's list, above the
    # first report the clusters row names.
    import sqlite_utils

    G = coverage_graph()
    G.nodes[A1]["published"] = ""
    write_export(G, tmp_path / "c.db")
    db = sqlite_utils.Database(tmp_path / "c.db")
    rows = list(db.query("select article, appeared from story_articles"))
    assert rows == [{"article": A2, "appeared": G.nodes[A2]["published"]},
                    {"article": A1, "appeared": None}]
    assert db.execute("select first_article from clusters").fetchone()[0] == A2


def test_a_focused_sqlite_export_keeps_the_whole_storys_first_report(tmp_path):
    # A focus on the New York Times recomputed each story's first report from the NYT's own
    # articles: the file named it first on 14 of its 14 stories (10 of 15 in the corpus),
    # in a sentence meant to be quoted. The map of the same focus names the whole story's.
    import sqlite_utils

    G = coverage_graph()
    write_export(G, tmp_path / "cnn.db", nodes=[A2, P2, T1, T2],
                 selection={"focus": "CNN", "by": "provider"})
    db = sqlite_utils.Database(tmp_path / "cnn.db")
    story = db["clusters"].get(0)
    assert (story["first_reporters"], story["first_reported"], story["first_article"],
            story["articles"]) == ("bbc.co.uk", "2024-05-05T08:00:00Z", None, 1)
    assert story["summary"].startswith("1 article from 1 outlet; first reported by bbc.co.uk ")
    assert story["summary"].endswith(" (not in this export).")
    assert db["outlets"].get("cnn.com")["first_reports"] == 0
    assert list(db.query("select id from first_reporters")) == []
    # A focus that holds the first report links it, with the sentence of the full export.
    write_export(G, tmp_path / "bbc.db", nodes=[A1, P1], selection={"focus": "BBC"})
    write_export(G, tmp_path / "full.db")
    part, full = (sqlite_utils.Database(tmp_path / f"{n}.db")["clusters"].get(0)
                  for n in ("bbc", "full"))
    assert (part["first_article"], part["first_reporters"]) == (A1, "bbc.co.uk")
    assert part["summary"].split(";")[1] == full["summary"].split(";")[1]
    assert sqlite_utils.Database(tmp_path / "bbc.db")["outlets"].get("bbc.co.uk")[
        "first_reports"] == 1


def test_a_dated_sqlite_export_lists_no_loaded_file_of_an_article_left_out(tmp_path):
    # `--since`: 1,604 covid files were `loaded` with no article and no reason, out of range.
    import sqlite_utils

    G = coverage_graph()
    for i, a in enumerate((A1, A2, A3)):
        G.nodes[a]["sources"] = f"items/{i}.md"
    H = filter_dates(G, since="2024-05-06")
    H.graph.update(since="2024-05-06T00:00:00Z", until="")
    report = {"files": [{"path": f"items/{i}.md", "status": "loaded"} for i in range(3)]
              + [{"path": "items/bad.md", "status": "skipped", "reason": "empty file"}]}
    write_export(H, tmp_path / "since.db", load_report=report)
    db = sqlite_utils.Database(tmp_path / "since.db")
    assert [(r["path"], r["status"], r["article"]) for r in db["files"].rows] == [
        ("items/1.md", "loaded", A2), ("items/bad.md", "skipped", None)]
    assert db["graph"].get("since")["value"] == "2024-05-06T00:00:00Z"
    write_export(G, tmp_path / "all.db", load_report=report)  # the whole graph: every file
    assert sqlite_utils.Database(tmp_path / "all.db")["files"].count == 4


def test_sqlite_outlets_topics_and_tags_join_every_other_format_by_node_id(tmp_path):
    # outlets.id is "bbc.co.uk" (Datasette's links from articles.outlet), but GraphML, JSON,
    # CSV and Parquet name the node "provider:bbc.co.uk": none of covid's 918 outlets joined.
    import sqlite_utils

    G = coverage_graph()
    write_export(G, tmp_path / "c.db")
    write_export(G, f"{tmp_path}/tables/")
    db = sqlite_utils.Database(tmp_path / "c.db")
    with open(tmp_path / "tables" / "nodes.csv", newline="", encoding="utf-8") as fh:
        csv_ids = {row["id"]: row["kind"] for row in csv.DictReader(fh)}
    held = {r["node_id"]: r["id"] for table in ("outlets", "topics", "tags")
            for r in db.query(f"select node_id, id from {table}")}
    assert held == {n: n.split(":", 1)[1] for n, kind in csv_ids.items() if kind != "article"}
    assert list(db.query("select outlets.node_id from articles join outlets "
                         "on articles.outlet = outlets.id where articles.id = ?", [A2])) == [
        {"node_id": P2}]


def test_sqlite_refuses_a_projection_and_replaces_a_file_whole(tmp_path):
    import sqlite3

    path = tmp_path / "coverage.db"
    write_export(coverage_graph(), path)
    with sqlite3.connect(path) as db:  # an older export, annotated in Datasette
        db.execute("CREATE TABLE notes (x)")
    before = path.read_bytes()
    with pytest.raises(InputError, match="A SQLite export holds the graph's articles"):
        write_export(coverage_graph(), path, view="outlets")
    assert path.read_bytes() == before
    write_export(coverage_graph(), path)
    with sqlite3.connect(path) as db:
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'notes'").fetchall()
    assert [p.name for p in tmp_path.iterdir()] == ["coverage.db"]


@pytest.mark.parametrize(("name", "format", "theirs"), [
    ("mine.db", None, None),  # another program's SQLite database (made below)
    ("mine.db", None, b"an older file"),
    ("mine.json", None, b'{"mine": 1}\n'),
    ("mine.json", "graphology", b'{"attributes": {"created_by": "me"}}'),
    ("mine.graphml", None, b"<graphml/>"),
    ("mine.gexf", None, b"<gexf><meta><creator>Gephi</creator></meta></gexf>"),
])
def test_a_file_export_replaces_only_a_file_graphx_wrote(tmp_path, name, format, theirs):
    # `graphx export corp -o mine.db` replaced another program's database (its table
    # `precious` gone) and said "wrote mine.db"; a user's own .json or .graphml the same.
    import sqlite3

    path = tmp_path / name
    if theirs is None:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE precious (x)")
            db.execute("INSERT INTO precious VALUES (1)")
        db.close()
    else:
        path.write_bytes(theirs)
    before = path.read_bytes()
    with pytest.raises(OutputError, match=rf"^cannot write {re.escape(str(path))}: it is a "
                                          r"file graphx did not write, which this export "
                                          r"would replace"):
        write_export(coverage_graph(), path, format=format)
    assert path.read_bytes() == before
    # graphx's own file, and an empty one (a temporary file made for it), are replaced
    path.unlink()
    for _ in range(2):
        write_export(coverage_graph(), path, format=format)
    path.write_bytes(b"")
    write_export(coverage_graph(), path, format=format)
    assert path.stat().st_size > 0


@pytest.mark.parametrize("kinds", [["article"], ["article", "provider"], ["provider"]])
def test_sqlite_refuses_kinds_rather_than_lose_the_articles_outlets(tmp_path, kinds):
    # `--kinds article` wrote articles.outlet NULL on every row and empty outlets, topics
    # and first_reporters, while the CSV of the same kinds kept every article's provider.
    path = tmp_path / "coverage.db"
    with pytest.raises(InputError, match=r"^A SQLite export holds articles, outlets, topics "
                                         r"and tags as tables .*--kinds cannot leave"):
        write_export(coverage_graph(), path, kinds=kinds)
    assert not path.exists()


def test_kinds_that_keep_nothing_of_a_view_are_refused_not_written_empty(tmp_path):
    # `--view outlets --kinds article` wrote a GEXF of 0 nodes and exited 0.
    from graphx.export import write_export

    G = coverage_graph()
    with pytest.raises(InputError, match=r"^--kinds article keeps nothing of the outlets view, "
                                         r"whose nodes are provider: "):
        write_export(G, tmp_path / "x.gexf", view="outlets", kinds=["article"])
    assert not (tmp_path / "x.gexf").exists()


def test_a_csv_export_stopped_between_its_files_leaves_the_old_pair(tmp_path, monkeypatch):
    # Stopped after nodes.csv: the new corpus's nodes beside the old export's edges.
    import graphx.export.csv_tables as tables

    G = coverage_graph()
    write_export(G, f"{tmp_path}/")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    G.nodes[A1]["label"] = "Changed title"

    def stopped(graph, declared=None):
        yield "source,target\n"
        raise KeyboardInterrupt

    monkeypatch.setattr(tables, "generate_edges_csv", stopped)
    with pytest.raises(KeyboardInterrupt):
        write_export(G, f"{tmp_path}/")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize(("format", "name", "theirs"), [
    ("csv", "nodes.csv", b"respondent,answer\n1,my survey data\n"),
    ("csv", "edges.csv", b"from,to\n"),
    ("parquet", "nodes.parquet", b"not graphx's"),
    ("parquet", "edges.parquet", b"PAR1" + b"\0" * 64 + b"PAR1"),
])
def test_a_folder_export_replaces_only_tables_graphx_wrote(tmp_path, format, name, theirs):
    # `export -o mydata/` replaced a survey's nodes.csv there without a word.
    if format == "parquet":
        pytest.importorskip("pyarrow")
    G = coverage_graph()
    folder = tmp_path / "data"
    write_export(G, folder, format=format)
    write_export(G, folder, format=format)  # its own tables: replaced, as always
    (folder / name).write_bytes(theirs)
    with pytest.raises(OutputError, match=f"its {name} is a file graphx did not write"):
        write_export(G, folder, format=format)
    assert (folder / name).read_bytes() == theirs


def test_the_sqlite_search_finds_a_chinese_or_japanese_word_inside_a_headline(tmp_path):
    # FTS5's tokenizer reads "東京都で新たに39人感染" as two words ("東京都で新たに", "人感染"),
    # so Datasette's search box found neither 東京都 nor 感染; graphx related found both.
    import sqlite3

    G = coverage_graph()
    G.nodes[A3]["title"] = "東京都で新たに39人感染 新型コロナウイルス"
    G.nodes[A3]["excerpt"] = "北京市の発表、代々木公園"  # 々 is part of a word's run
    path = tmp_path / "cjk.db"
    write_export(G, path)
    with sqlite3.connect(path) as conn:
        def search(q):
            return [r for (r,) in conn.execute(
                "select id from articles where rowid in (select rowid from articles_fts "
                "where articles_fts match ?) order by id", (f'"{q}"',))]

        for word in ("東京都", "感染", "新型コロナウイルス", "北京市", "ウイルス", "代々木"):
            assert search(word) == [A3], word
        assert search("京都府") == [] and search("trial") == [A1, A2]
    # ... and a Hindi word: its vowel signs cut it into letters
    G.nodes[A3]["title"] = "मिंटो ब्रिज में जलभराव"
    write_export(G, path)
    with sqlite3.connect(path) as conn:
        assert [r for (r,) in conn.execute(
            "select id from articles where rowid in (select rowid from articles_fts "
            "where articles_fts match ?)", ('"जलभराव"',))] == [A3]
    # ... and a Latin word written against Japanese or Chinese (read with the run as one)
    G.nodes[A3]["title"] = "AppleがiPhone 16を発表 華為發布Mate60手機 ＪＲ東日本 ｺﾛﾅ"
    write_export(G, path)
    with sqlite3.connect(path) as conn:
        for word in ("Apple", "iPhone", "Mate60", "發布", "JR", "コロナ"):
            assert [r for (r,) in conn.execute(
                "select id from articles where rowid in (select rowid from articles_fts "
                "where articles_fts match ?)", (f'"{word}"',))] == [A3], word
    # ... and a Thai word, or two side by side, inside a headline written without spaces
    G.nodes[A3]["title"] = "ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบาย น้ำท่วมกรุงเทพฯ"
    write_export(G, path)
    with sqlite3.connect(path) as conn:
        for word in ("ดอกเบี้ย", "น้ำท่วม", "ประเทศไทย"):
            assert [r for (r,) in conn.execute(
                "select id from articles where rowid in (select rowid from articles_fts "
                "where articles_fts match ?)", (f'"{word}"',))] == [A3], word


def test_the_sqlite_files_table_keeps_two_paths_apart_that_differ_by_a_control_character(
        tmp_path):
    # Cleaned like any text, "a\x01.md" was "a.md", the other file's path: the export failed
    # (UNIQUE constraint failed: files.path) for the whole corpus.
    import sqlite3

    import graphx

    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, url in (("a.md", "https://exa.com/storm"), ("a\x01.md", "https://exa.com/mayor"),
                      ("b\x1b.md", "https://exb.com/bridge")):
        (folder / name).write_text(f"---\ntitle: T {url}\nwebUrl: {url}\n---\n")
    path = tmp_path / "out.db"
    corpus = graphx.build_corpus([str(folder)])
    write_export(corpus.graph, path, load_report=corpus.report.to_dict())
    with sqlite3.connect(path) as conn:
        paths = sorted(p for (p,) in conn.execute("select path from files"))
    assert [p.rsplit("/", 1)[1] for p in paths] == ["a.md", "a\\x01.md", "b\\x1b.md"]


def test_kinds_as_the_command_line_writes_them_are_read_whole(tmp_path):
    # write_export(G, path, kinds="article,provider") said "--kinds a,r,t,i,c,l,e,,,p,... keeps
    # nothing of the full view".
    G = coverage_graph()
    one, two = tmp_path / "one.graphml", tmp_path / "two.graphml"
    assert (write_export(G, one, kinds="article,provider")
            == write_export(G, two, kinds=["article", "provider"]))
    assert one.read_bytes() == two.read_bytes()
