"""GraphML: one key per attribute name with one declared type, for Gephi, Cytoscape, yEd and
igraph.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import networkx as nx

from .common import (
    attr_schema,
    edge_rows,
    node_ids,
    node_rows,
    plain_attrs,
    write_chunks,
    xml_quote,
    xml_text,
)


def _data(keys: dict, attrs: dict, layouts: dict) -> str:
    """<data> elements for the attributes that have a value, in key order.

    ``layouts`` keeps, for each set of names a row has (most rows share one of a few),
    which of them are declared and in what order, so a row costs its own values only.
    """
    names = tuple(attrs)
    layout = layouts.get(names)
    if layout is None:
        layout = layouts[names] = [(name, f'<data key="{kid}">')
                                   for name, (kid, _) in keys.items() if name in attrs]
    return "".join([f"{tag}{xml_text(attrs[name])}</data>" for name, tag in layout])


def generate_graphml(G: nx.Graph) -> Iterator[str]:
    """GraphML text, one line per node or edge: one key per name, label and relation on all."""
    # Empty values are left out (a GraphML reader cannot tell "" from a missing value of
    # another type), as is a cluster of -1 (none); only names with a value are declared.
    ids = node_ids(G)
    graph_attrs = plain_attrs(G.graph, empty=False)
    domains = {
        "graph": attr_schema([G.graph], empty=False),
        "node": attr_schema((d for _, d in G.nodes(data=True)), empty=False, label="string"),
        "edge": attr_schema((d for *_, d in G.edges(data=True)), empty=False,
                            relation="string"),
    }
    serial = itertools.count()
    keys = {domain: {name: (f"d{next(serial)}", type_) for name, type_ in schema.items()}
            for domain, schema in domains.items()}
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
           ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
           ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
           ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for domain, named in keys.items():
        for name, (kid, type_) in named.items():
            yield (f'<key id="{kid}" for="{domain}" attr.name={xml_quote(name)}'
                   f' attr.type="{type_}"/>\n')
    direction = "directed" if G.is_directed() else "undirected"
    yield (f'<graph id="G" edgedefault="{direction}">\n'
           f'{_data(keys["graph"], graph_attrs, {})}\n')
    layouts: dict = {}
    quoted = {}
    for nid, attrs in node_rows(G, ids, empty=False):
        quoted[nid] = xml_quote(nid)
        yield f"<node id={quoted[nid]}>{_data(keys['node'], attrs, layouts)}</node>\n"
    layouts = {}
    for i, (source, target, attrs) in enumerate(edge_rows(G, ids, empty=False)):
        yield (f'<edge id="e{i}" source={quoted[source]} target={quoted[target]}>'
               f"{_data(keys['edge'], attrs, layouts)}</edge>\n")
    yield "</graph>\n</graphml>\n"


def write_graphml(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as GraphML to path, atomically."""
    write_chunks(path, generate_graphml(G))
