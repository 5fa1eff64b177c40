"""networkx node-link JSON (edges under "edges"), read back by
nx.node_link_graph(data, edges="edges"): networkx 3.5, which graphx supports, defaults to
"links" and raises KeyError without it (the README says so).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import networkx as nx

from .common import (
    json_safe,
    lexical,
    node_ids,
    node_rows,
    ordered_edges,
    plain,
    plain_attrs,
    write_chunks,
)


def generate_node_link(G: nx.Graph) -> Iterator[str]:
    """networkx node-link JSON (edges under "edges"), JSON-safe, one node or edge per line.

    Streamed like the other writers, so a large graph is never held twice in memory;
    multigraph edges keep their key, as nx.node_link_graph expects.
    """
    ids = node_ids(G)
    head = json.dumps({"directed": G.is_directed(), "multigraph": G.is_multigraph(),
                       "graph": json_safe(plain_attrs(G.graph))}, ensure_ascii=False)
    yield head[:-1] + ',\n"nodes": [\n'
    for i, (nid, attrs) in enumerate(node_rows(G, ids)):
        node = {"id": nid, **json_safe(attrs)}
        yield (",\n" if i else "") + json.dumps(node, ensure_ascii=False)
    yield '\n],\n"edges": [\n'
    for i, (u, v, key, data) in enumerate(ordered_edges(G, ids)):
        edge = {"source": ids[u], "target": ids[v], **json_safe(plain_attrs(data))}
        if G.is_multigraph():
            edge["key"] = lexical(plain(key))
        yield (",\n" if i else "") + json.dumps(edge, ensure_ascii=False)
    yield "\n]}\n"


def to_node_link(G: nx.Graph) -> dict:
    """The node-link data of G as a dict (see generate_node_link)."""
    return json.loads("".join(generate_node_link(G)))


def write_json(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as networkx node-link JSON to path, atomically."""
    write_chunks(path, generate_node_link(G))
