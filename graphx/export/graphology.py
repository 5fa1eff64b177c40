"""graphology JSON, for sigma.js, Gephi Lite and ipysigma: nodes with x, y, size and colour.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator

import networkx as nx

from .. import palette
from .common import (
    edge_rows,
    json_safe,
    node_ids,
    node_rows,
    plain_attrs,
    sizer,
    viz_color,
    viz_position,
    write_chunks,
)


def _sigma_safe(attrs: dict) -> dict:
    """JSON-safe attributes with `type` renamed `item_type`."""
    # sigma.js reads `type` as the name of its drawing program and throws on unknown ones.
    attrs = json_safe(attrs)
    if "type" in attrs:
        attrs["item_type"] = attrs.pop("type")
    return attrs


def _spiral(i: int) -> tuple[float, float]:
    """Position i on a golden-angle (Vogel) spiral: evenly spread, deterministic, O(1)."""
    radius, angle = 10.0 * math.sqrt(i + 0.5), i * math.pi * (3 - math.sqrt(5))
    return round(radius * math.cos(angle), 3), round(radius * math.sin(angle), 3)


def generate_graphology(G: nx.Graph) -> Iterator[str]:
    """graphology JSON for sigma.js, one line per node or edge; nodes get x, y, size, color."""
    ids = node_ids(G)
    size = sizer(G, ids)
    ranks = palette.story_ranks(G)
    options = {"type": "directed" if G.is_directed() else "undirected",
               "multi": G.is_multigraph(), "allowSelfLoops": True}
    head = json.dumps({"attributes": json_safe(plain_attrs(G.graph)), "options": options},
                      ensure_ascii=False)
    yield head[:-1] + ',\n"nodes": [\n'
    for i, (nid, attrs) in enumerate(node_rows(G, ids)):
        # Without a layout, a spiral by id order is a cheap stand-in so sigma.js can draw
        # the file at all; it is not a layout (run one in the browser, or use the map's).
        x, y = viz_position(attrs) or _spiral(i)
        attrs = _sigma_safe(attrs)
        attrs.update(x=x, y=y, size=size(nid), color=viz_color(attrs, ranks))
        node = json.dumps({"key": nid, "attributes": attrs}, ensure_ascii=False)
        yield (",\n" if i else "") + node
    yield '\n],\n"edges": [\n'
    for i, (source, target, attrs) in enumerate(edge_rows(G, ids)):
        attrs = _sigma_safe(attrs)
        attrs["label"] = attrs["relation"]
        edge = {"key": f"e{i}", "source": source, "target": target, "attributes": attrs}
        yield (",\n" if i else "") + json.dumps(edge, ensure_ascii=False)
    yield "\n]}\n"


def write_graphology(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as graphology JSON (for sigma.js) to path, atomically."""
    write_chunks(path, generate_graphology(G))
