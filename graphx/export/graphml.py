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


def _data(keys: dict, attrs: dict) -> str:
    """<data> elements for the attributes that have a value, in key order."""
    return "".join([f'<data key="{kid}">{xml_text(attrs[name])}</data>'
                    for name, (kid, _) in keys.items() if name in attrs])


def generate_graphml(G: nx.Graph) -> Iterator[str]:
    """GraphML text, one line per node or edge: one key per name, label and relation on all."""
    ids = node_ids(G)
    graph_attrs = plain_attrs(G.graph)
    domains = {
        "graph": attr_schema([G.graph]),
        "node": attr_schema((d for _, d in G.nodes(data=True)), label="string"),
        "edge": attr_schema((d for *_, d in G.edges(data=True)), relation="string"),
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
    yield f'<graph id="G" edgedefault="{direction}">\n{_data(keys["graph"], graph_attrs)}\n'
    for nid, attrs in node_rows(G, ids):
        yield f"<node id={xml_quote(nid)}>{_data(keys['node'], attrs)}</node>\n"
    for i, (source, target, attrs) in enumerate(edge_rows(G, ids)):
        yield (f'<edge id="e{i}" source={xml_quote(source)} target={xml_quote(target)}>'
               f"{_data(keys['edge'], attrs)}</edge>\n")
    yield "</graph>\n</graphml>\n"


def write_graphml(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as GraphML to path, atomically."""
    write_chunks(path, generate_graphml(G))
