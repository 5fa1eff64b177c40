"""GEXF 1.3 with viz: colours, sizes and positions and a timeline, for Gephi.

The timeline: each dated article carries its publication time as a GEXF 1.3 timestamp
(timeformat "dateTime", timerepresentation "timestamp"), so Gephi steps through a
three-day corpus by the minute, not in three whole days. A `start` interval would say the
same to Gephi, but networkx's GEXF reader cannot read dateTime intervals (KeyError
'dateTime' in networkx 3.6); it reads timestamps, ignoring them, and `published` holds the
time for every reader.

The stamp is when the article appeared as graphx's own story timelines order it
(graphx.model.ordering_time): a page reissued later at its ``first_published`` (covid's
16 reissued pages were stamped up to 24 h late, at their last reissue), and one dated by
its day alone at that day's last second, 23:59:59 UTC, so it never leads a report of its
day that gives a time (at 00:00 it came 9 hours before one); its `published` and
`day_only` attributes still say what its file gave.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import networkx as nx

from .. import palette
from ..model import ordering_time
from .common import (
    attr_schema,
    clean_text,
    edge_rows,
    is_number,
    iso_time,
    json_safe,
    node_ids,
    node_rows,
    plain,
    plain_attrs,
    sizer,
    viz_color,
    viz_position,
    write_chunks,
    xml_quote,
    xml_text,
)

_GEXF_TYPES = {"boolean": "boolean", "int": "integer", "long": "long", "double": "double",
               "string": "string"}


def _attvalues(ids: dict, attrs: dict) -> str:
    """<attvalues> for the declared attributes that have a value."""
    values = "".join([f'<attvalue for="{aid}" value={xml_quote(attrs[name])}/>'
                      for name, aid in ids.items() if name in attrs])
    return f"<attvalues>{values}</attvalues>" if values else ""


def _stamp(attrs: dict) -> str | None:
    """The node's timeline stamp (see the module's docstring), or None when undated."""
    when = ordering_time({k: attrs.get(k) for k in ("first_published", "published", "day_only")
                          if isinstance(attrs.get(k), (str, bool))})
    if when.endswith("T24"):  # after every time of that day: its last second
        when = when[:10] + "T23:59:59Z"
    return iso_time(when)


def generate_gexf(G: nx.Graph) -> Iterator[str]:
    """GEXF 1.3 text with viz: colour, size and position, and published days as start."""
    # Colour: own `color`, else the palette's. Size: from pagerank. Position: from x and y
    # when both exist. A dated `published` becomes timestamp="YYYY-MM-DDTHH:MM:SSZ" for
    # Gephi's timeline. Edges: label = relation, weight = `weight`, else `count`. Empty
    # values are left out, as is a cluster of -1 (none).
    ids = node_ids(G)
    node_schema = attr_schema((d for _, d in G.nodes(data=True)), empty=False)
    node_schema.pop("label", None)  # the node's label attribute carries it
    edge_schema = attr_schema((d for *_, d in G.edges(data=True)), empty=False,
                              relation="string")
    edge_schema.pop("weight", None)  # the edge's weight attribute carries it
    dynamic = any(iso_time(plain(p)) for _, p in G.nodes(data="published"))
    size = sizer(G, ids)
    ranks = palette.story_ranks(G)
    meta = json.dumps(json_safe(plain_attrs(G.graph, empty=False)), ensure_ascii=False,
                      sort_keys=True)
    creator = clean_text(str(G.graph.get("created_by", "graphx")))
    direction = "directed" if G.is_directed() else "undirected"
    time = (' mode="dynamic" timeformat="dateTime" timerepresentation="timestamp"'
            if dynamic else ' mode="static"')
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"'
           ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
           ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
           f"<meta><creator>{xml_text(creator)}</creator>"
           f"<description>{xml_text(meta)}</description></meta>\n"
           f'<graph defaultedgetype="{direction}"{time}>\n')
    declared = {}
    for domain, schema in (("node", node_schema), ("edge", edge_schema)):
        declared[domain] = {name: str(i) for i, name in enumerate(schema)}
        yield f'<attributes class="{domain}" mode="static">\n'
        for name, type_ in schema.items():
            yield (f'<attribute id="{declared[domain][name]}" title={xml_quote(name)}'
                   f' type="{_GEXF_TYPES[type_]}"/>\n')
        yield "</attributes>\n"
    yield "<nodes>\n"
    for nid, attrs in node_rows(G, ids, empty=False):
        when = _stamp(attrs)
        start = f' timestamp="{when}"' if when else ""
        r, g, b = (int(viz_color(attrs, ranks)[i:i + 2], 16) for i in (1, 3, 5))
        xy = viz_position(attrs)
        where = f'<viz:position x="{xy[0]!r}" y="{xy[1]!r}"/>' if xy else ""
        yield (f"<node id={xml_quote(nid)} label={xml_quote(attrs['label'])}{start}>"
               f"{_attvalues(declared['node'], attrs)}"
               f'<viz:color r="{r}" g="{g}" b="{b}"/><viz:size value="{size(nid)!r}"/>'
               f"{where}</node>\n")
    yield "</nodes>\n<edges>\n"
    for i, (source, target, attrs) in enumerate(edge_rows(G, ids, empty=False)):
        weight = next((attrs[k] for k in ("weight", "count") if is_number(attrs.get(k))), None)
        weighted = f' weight="{weight!r}"' if weight is not None else ""
        # kind (GEXF 1.3's multigraph edges): Gephi keeps a related and a similar edge
        # between two articles apart only by it, and merged 498 such pairs on covid.
        yield (f'<edge id="e{i}" source={xml_quote(source)} target={xml_quote(target)}'
               f" kind={xml_quote(attrs['relation'])}"
               f" label={xml_quote(attrs['relation'])}{weighted}>"
               f"{_attvalues(declared['edge'], attrs)}</edge>\n")
    yield "</edges>\n</graph>\n</gexf>\n"


def write_gexf(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as GEXF 1.3 to path, atomically."""
    write_chunks(path, generate_gexf(G))
