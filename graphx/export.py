"""GraphML, GEXF, node-link JSON, graphology JSON and CSV exports that other tools open as-is.

networkx's own writers fail users in known ways: GraphML raises on None, lists, dicts and
dates; an attribute holding ints on some nodes and strings on others gets two keys with one
name (igraph and older Gephi reject that); XML-illegal control characters, which real news
text carries, make an unparseable file; and Gephi draws colours, sizes and positions only
from GEXF viz: elements. So every value goes through one normalisation (`_plain`), each
attribute name gets one declared type per domain (`_schema`), and text is streamed element
by element in sorted id order, so equal graphs give byte-equal files and memory stays near
the size of one element (about 6% of the graph at 100k nodes) rather than of the file.

Each `generate_*` / `to_*` function makes text or data and touches no file; each `write_*`
writes atomically. `write_export` picks the writer from the path or `format=`.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import math
import numbers
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import networkx as nx

from . import palette
from .atomic import atomic_open
from .errors import InputError

# Everything XML 1.0 forbids: C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_INT32 = 2**31
_INT64 = 2**63
_WIDTH = {"int": 0, "long": 1, "double": 2}  # numeric types a mixed attribute widens to
_GEXF_TYPES = {"boolean": "boolean", "int": "integer", "long": "long", "double": "double",
               "string": "string"}
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TEXT_SPECIAL = re.compile("[&<>\r]")  # what element text must escape
_ATTR_SPECIAL = re.compile('["\n\t]')  # what an attribute value must escape as well
SIZE_RANGE = (5.0, 50.0)  # viz:size / sigma size of the least and most central node
DEFAULT_SIZE = 10.0  # nodes without pagerank (providers, topics, tags)
FORMATS = ("csv", "gexf", "graphml", "graphology", "json")
_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}


# -- one normalisation for every format ----------------------------------------------------


def _clean(text: str) -> str:
    """text without the characters XML 1.0 cannot hold (they are junk in news text anyway)."""
    return _ILLEGAL_XML.sub("", text)


@functools.lru_cache(maxsize=4096, typed=True)  # names repeat on every node; True != 1 here
def _name(key) -> str:
    """An attribute name as clean str."""
    return _clean(str(key))


def _plain(value) -> bool | int | float | str | None:
    """A bool, int, float or clean str for any value; None means leave it out."""
    # Lists, tuples and sets become "; "-joined strings (sets sorted, so output is stable),
    # dicts JSON strings, dates and datetimes ISO strings, anything else its str().
    if type(value) is str:  # the common case first: this runs for every value written
        return _ILLEGAL_XML.sub("", value)
    if value is None or type(value) in (int, float) or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return _clean(json.dumps(_jsonable(value), ensure_ascii=False, sort_keys=True))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_lexical(p) for p in map(_plain, value) if p is not None]
        return "; ".join(sorted(items) if isinstance(value, (set, frozenset)) else items)
    return _clean(str(value))


def _jsonable(value):
    """value as JSON-ready data, nested containers kept, for dict attributes."""
    if isinstance(value, dict):
        return {_name(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return _finite(_plain(value))


def _finite(value):
    """value, or None for NaN and infinities, which JSON cannot hold."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _lexical(value: bool | int | float | str) -> str:
    """The XML Schema spelling of a plain value (true, 12, 0.5, NaN, INF)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return value if isinstance(value, str) else repr(value)


def _attrs(data: dict) -> dict:
    """Plain copy of an attribute dict: names as clean str, None values left out."""
    out = {}
    for key, value in data.items():
        value = _plain(value)
        if value is not None:
            out[_name(key)] = value
    return out


def _kind(value) -> str | None:
    """The narrowest declared type that holds _plain(value), without computing it."""
    if type(value) is str:  # the common case first: this runs for every value
        return "string"
    if value is None or isinstance(value, bool):
        return None if value is None else "boolean"
    if isinstance(value, numbers.Integral):
        if -_INT32 <= value < _INT32:
            return "int"
        return "long" if -_INT64 <= value < _INT64 else "string"
    return "double" if isinstance(value, numbers.Real) else "string"


def _schema(rows: Iterable[dict], **forced: str) -> dict[str, str]:
    """{name: declared type} over raw attribute dicts, sorted, with forced names' types set."""
    types: dict[str, str] = {}
    for row in rows:
        for key, value in row.items():
            new = _kind(value)
            if new is None:
                continue
            name = _name(key)
            old = types.get(name)
            if old is not None and old != new:  # a mix: widen a number, else stringify all
                new = max(old, new, key=_WIDTH.get) if old in _WIDTH and new in _WIDTH else "string"
            types[name] = new
    types.update(forced)
    return dict(sorted(types.items()))


# -- nodes and edges in a stable order -----------------------------------------------------


def _node_ids(G: nx.Graph) -> dict:
    """{node: id text}, sorted by id text; raises InputError if two nodes would share one."""
    ids = {n: _clean(str(n)) for n in G}
    if len(set(ids.values())) != len(ids):
        raise InputError("Two node ids differ only by characters that XML cannot hold.")
    return dict(sorted(ids.items(), key=lambda item: item[1]))


def _relation(G: nx.Graph, key, data: dict) -> str:
    """The edge's relation: its attribute, else its multigraph key, else "link"."""
    relation = data.get("relation")
    if relation is None:
        relation = key if G.is_multigraph() else "link"
    return _lexical(_plain(relation))


def _edges(G: nx.Graph, ids: dict) -> Iterator[tuple]:
    """(source, target, key, data) for each edge once, ordered by source, target and key."""
    # Sorting one node's neighbours at a time keeps memory flat; an undirected edge is given
    # once, from its smaller id to its larger one.
    for u, uid in ids.items():
        neighbours = [v for v in G.adj[u] if G.is_directed() or uid <= ids[v]]
        for v in sorted(neighbours, key=ids.__getitem__):
            if G.is_multigraph():
                keyed = G.adj[u][v]
                for key in sorted(keyed, key=str):
                    yield u, v, key, keyed[key]
            else:
                yield u, v, None, G.adj[u][v]


def _node_rows(G: nx.Graph, ids: dict) -> Iterator[tuple[str, dict]]:
    """(id, plain attributes) per node in id order, with `label` falling back to the id."""
    for n, nid in ids.items():
        attrs = _attrs(G.nodes[n])
        label = attrs.get("label")
        attrs["label"] = nid if label is None or label == "" else _lexical(label)
        yield nid, attrs


def _edge_rows(G: nx.Graph, ids: dict) -> Iterator[tuple[str, str, dict]]:
    """(source id, target id, plain attributes with `relation`) per edge in stable order."""
    for u, v, key, data in _edges(G, ids):
        attrs = _attrs(data)
        attrs["relation"] = _relation(G, key, data)
        yield ids[u], ids[v], attrs


# -- GraphML -------------------------------------------------------------------------------


def _text(value) -> str:
    """Element text for a plain value; CR is escaped so parsers keep it instead of folding it."""
    if type(value) is not str:
        return _lexical(value)
    if not _TEXT_SPECIAL.search(value):  # most values: a search is cheaper than 4 replaces
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "\r", "&#13;")


def _quote(value) -> str:
    """A quoted XML attribute value; tab, LF and CR escaped so parsers keep them as they are."""
    # Not saxutils.quoteattr: this is several times faster, and it runs three times per edge.
    text = _text(value)
    if type(value) is str and _ATTR_SPECIAL.search(value):
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return f'"{text}"'


def _data(keys: dict, attrs: dict) -> str:
    """<data> elements for the attributes that have a value, in key order."""
    return "".join([f'<data key="{kid}">{_text(attrs[name])}</data>'
                    for name, (kid, _) in keys.items() if name in attrs])


def generate_graphml(G: nx.Graph) -> Iterator[str]:
    """GraphML text, one line per node or edge: one key per name, label and relation on all."""
    ids = _node_ids(G)
    graph_attrs = _attrs(G.graph)
    domains = {
        "graph": _schema([G.graph]),
        "node": _schema((d for _, d in G.nodes(data=True)), label="string"),
        "edge": _schema((d for *_, d in G.edges(data=True)), relation="string"),
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
            yield (f'<key id="{kid}" for="{domain}" attr.name={_quote(name)}'
                   f' attr.type="{type_}"/>\n')
    direction = "directed" if G.is_directed() else "undirected"
    yield f'<graph id="G" edgedefault="{direction}">\n{_data(keys["graph"], graph_attrs)}\n'
    for nid, attrs in _node_rows(G, ids):
        yield f"<node id={_quote(nid)}>{_data(keys['node'], attrs)}</node>\n"
    for i, (source, target, attrs) in enumerate(_edge_rows(G, ids)):
        yield (f'<edge id="e{i}" source={_quote(source)} target={_quote(target)}>'
               f"{_data(keys['edge'], attrs)}</edge>\n")
    yield "</graph>\n</graphml>\n"


def write_graphml(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as GraphML to path, atomically."""
    _write(path, generate_graphml(G))


# -- sizes, colours and positions shared by GEXF and graphology ----------------------------


def _sizer(G: nx.Graph):
    """A function attrs -> node size: sqrt(pagerank) scaled into SIZE_RANGE."""
    # The square root makes a dot's area, not its radius, follow pagerank, so a few hubs do
    # not squash everything else to the minimum.
    ranks = (_plain(pr) for _, pr in G.nodes(data="pagerank"))
    roots = [math.sqrt(pr) for pr in ranks if _is_number(pr) and pr >= 0]
    low, high = (min(roots), max(roots)) if roots else (0.0, 0.0)
    small, big = SIZE_RANGE

    def size(attrs: dict) -> float:
        pr = attrs.get("pagerank")
        if not (_is_number(pr) and pr >= 0):
            return DEFAULT_SIZE
        if high == low:
            return (small + big) / 2
        return round(small + (big - small) * (math.sqrt(pr) - low) / (high - low), 3)

    return size


def _is_number(value) -> bool:
    """True for a finite int or float that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _color(attrs: dict) -> str:
    """The node's own `color` if it is #rrggbb, else the palette's colour for it."""
    own = attrs.get("color")
    if isinstance(own, str) and _HEX_COLOR.fullmatch(own):
        return own.lower()
    try:
        return palette.node_color(attrs)
    except (TypeError, ValueError):  # a cluster that is not a number: colour by kind instead
        return palette.kind_color(attrs.get("kind", ""))


def _position(attrs: dict) -> tuple[float, float] | None:
    """(x, y) when both are finite numbers, else None."""
    x, y = attrs.get("x"), attrs.get("y")
    return (float(x), float(y)) if _is_number(x) and _is_number(y) else None


def _day(published) -> str | None:
    """YYYY-MM-DD of a plain `published` value, or None when it is not a date."""
    try:
        return date.fromisoformat(published[:10]).isoformat() if _DAY.match(published) else None
    except (TypeError, ValueError):
        return None


# -- GEXF 1.3 ------------------------------------------------------------------------------


def _attvalues(ids: dict, attrs: dict) -> str:
    """<attvalues> for the declared attributes that have a value."""
    values = "".join([f'<attvalue for="{aid}" value={_quote(attrs[name])}/>'
                      for name, aid in ids.items() if name in attrs])
    return f"<attvalues>{values}</attvalues>" if values else ""


def generate_gexf(G: nx.Graph) -> Iterator[str]:
    """GEXF 1.3 text with viz: colour, size and position, and published days as start."""
    # Colour: own `color`, else the palette's. Size: from pagerank. Position: from x and y
    # when both exist. A dated `published` becomes start="YYYY-MM-DD" for Gephi's timeline:
    # timeformat "date", not "dateTime", which networkx's reader cannot parse. Edges: label =
    # relation, weight = `weight`, else `count`.
    ids = _node_ids(G)
    node_schema = _schema(d for _, d in G.nodes(data=True))
    node_schema.pop("label", None)  # the node's label attribute carries it
    edge_schema = _schema((d for *_, d in G.edges(data=True)), relation="string")
    edge_schema.pop("weight", None)  # the edge's weight attribute carries it
    dynamic = any(_day(_plain(p)) for _, p in G.nodes(data="published"))
    size = _sizer(G)
    meta = json.dumps(_json_safe(_attrs(G.graph)), ensure_ascii=False, sort_keys=True)
    creator = _clean(str(G.graph.get("created_by", "graphx")))
    direction = "directed" if G.is_directed() else "undirected"
    time = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"'
           ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
           ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
           f"<meta><creator>{_text(creator)}</creator>"
           f"<description>{_text(meta)}</description></meta>\n"
           f'<graph defaultedgetype="{direction}"{time}>\n')
    declared = {}
    for domain, schema in (("node", node_schema), ("edge", edge_schema)):
        declared[domain] = {name: str(i) for i, name in enumerate(schema)}
        yield f'<attributes class="{domain}" mode="static">\n'
        for name, type_ in schema.items():
            yield (f'<attribute id="{declared[domain][name]}" title={_quote(name)}'
                   f' type="{_GEXF_TYPES[type_]}"/>\n')
        yield "</attributes>\n"
    yield "<nodes>\n"
    for nid, attrs in _node_rows(G, ids):
        day = _day(attrs.get("published"))
        start = f' start="{day}"' if day else ""
        r, g, b = (int(_color(attrs)[i:i + 2], 16) for i in (1, 3, 5))
        xy = _position(attrs)
        where = f'<viz:position x="{xy[0]!r}" y="{xy[1]!r}"/>' if xy else ""
        yield (f"<node id={_quote(nid)} label={_quote(attrs['label'])}{start}>"
               f"{_attvalues(declared['node'], attrs)}"
               f'<viz:color r="{r}" g="{g}" b="{b}"/><viz:size value="{size(attrs)!r}"/>'
               f"{where}</node>\n")
    yield "</nodes>\n<edges>\n"
    for i, (source, target, attrs) in enumerate(_edge_rows(G, ids)):
        weight = next((attrs[k] for k in ("weight", "count") if _is_number(attrs.get(k))), None)
        weighted = f' weight="{weight!r}"' if weight is not None else ""
        yield (f'<edge id="e{i}" source={_quote(source)} target={_quote(target)}'
               f" label={_quote(attrs['relation'])}{weighted}>"
               f"{_attvalues(declared['edge'], attrs)}</edge>\n")
    yield "</edges>\n</graph>\n</gexf>\n"


def write_gexf(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as GEXF 1.3 to path, atomically."""
    _write(path, generate_gexf(G))


# -- JSON ----------------------------------------------------------------------------------


def _json_safe(attrs: dict) -> dict:
    """Plain attributes without NaN and infinities, which JSON.parse rejects."""
    return {k: v for k, v in attrs.items() if _finite(v) is not None}


def generate_node_link(G: nx.Graph) -> Iterator[str]:
    """networkx node-link JSON (edges under "edges"), JSON-safe, one node or edge per line.

    Streamed like the other writers, so a large graph is never held twice in memory;
    multigraph edges keep their key, as nx.node_link_graph expects.
    """
    ids = _node_ids(G)
    head = json.dumps({"directed": G.is_directed(), "multigraph": G.is_multigraph(),
                       "graph": _json_safe(_attrs(G.graph))}, ensure_ascii=False)
    yield head[:-1] + ',\n"nodes": [\n'
    for i, (nid, attrs) in enumerate(_node_rows(G, ids)):
        node = {"id": nid, **_json_safe(attrs)}
        yield (",\n" if i else "") + json.dumps(node, ensure_ascii=False)
    yield '\n],\n"edges": [\n'
    for i, (u, v, key, data) in enumerate(_edges(G, ids)):
        edge = {"source": ids[u], "target": ids[v], **_json_safe(_attrs(data))}
        if G.is_multigraph():
            edge["key"] = _lexical(_plain(key))
        yield (",\n" if i else "") + json.dumps(edge, ensure_ascii=False)
    yield "\n]}\n"


def to_node_link(G: nx.Graph) -> dict:
    """The node-link data of G as a dict (see generate_node_link)."""
    return json.loads("".join(generate_node_link(G)))


def write_json(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as networkx node-link JSON to path, atomically."""
    _write(path, generate_node_link(G))


def _sigma_safe(attrs: dict) -> dict:
    """JSON-safe attributes with `type` renamed `item_type`."""
    # sigma.js reads `type` as the name of its drawing program and throws on unknown ones.
    attrs = _json_safe(attrs)
    if "type" in attrs:
        attrs["item_type"] = attrs.pop("type")
    return attrs


def _spiral(i: int) -> tuple[float, float]:
    """Position i on a golden-angle (Vogel) spiral: evenly spread, deterministic, O(1)."""
    radius, angle = 10.0 * math.sqrt(i + 0.5), i * math.pi * (3 - math.sqrt(5))
    return round(radius * math.cos(angle), 3), round(radius * math.sin(angle), 3)


def generate_graphology(G: nx.Graph) -> Iterator[str]:
    """graphology JSON for sigma.js, one line per node or edge; nodes get x, y, size, color."""
    ids = _node_ids(G)
    size = _sizer(G)
    options = {"type": "directed" if G.is_directed() else "undirected",
               "multi": G.is_multigraph(), "allowSelfLoops": True}
    head = json.dumps({"attributes": _json_safe(_attrs(G.graph)), "options": options},
                      ensure_ascii=False)
    yield head[:-1] + ',\n"nodes": [\n'
    for i, (nid, attrs) in enumerate(_node_rows(G, ids)):
        # Without a layout, a spiral by id order is a cheap stand-in so sigma.js can draw
        # the file at all; it is not a layout (run one in the browser, or use the map's).
        x, y = _position(attrs) or _spiral(i)
        attrs = _sigma_safe(attrs)
        attrs.update(x=x, y=y, size=size(attrs), color=_color(attrs))
        node = json.dumps({"key": nid, "attributes": attrs}, ensure_ascii=False)
        yield (",\n" if i else "") + node
    yield '\n],\n"edges": [\n'
    for i, (source, target, attrs) in enumerate(_edge_rows(G, ids)):
        attrs = _sigma_safe(attrs)
        attrs["label"] = attrs["relation"]
        edge = {"key": f"e{i}", "source": source, "target": target, "attributes": attrs}
        yield (",\n" if i else "") + json.dumps(edge, ensure_ascii=False)
    yield "\n]}\n"


def write_graphology(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write G as graphology JSON (for sigma.js) to path, atomically."""
    _write(path, generate_graphology(G))


# -- CSV -----------------------------------------------------------------------------------


def _csv_lines(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text, one string per row, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in itertools.chain([header], rows):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def generate_nodes_csv(G: nx.Graph) -> Iterator[str]:
    """nodes.csv text: id, kind, label, then every other attribute, sorted; "" when absent."""
    ids = _node_ids(G)
    columns = ["kind", "label"]
    columns += [c for c in _schema(d for _, d in G.nodes(data=True)) if c not in columns]
    rows = ([nid] + [_lexical(attrs[c]) if c in attrs else "" for c in columns]
            for nid, attrs in _node_rows(G, ids))
    return _csv_lines(["id", *columns], rows)


def generate_edges_csv(G: nx.Graph) -> Iterator[str]:
    """edges.csv text: source, target, relation, then every other attribute, sorted."""
    ids = _node_ids(G)
    columns = ["relation"]
    columns += [c for c in _schema(d for *_, d in G.edges(data=True)) if c != "relation"]
    rows = ([source, target] + [_lexical(attrs[c]) if c in attrs else "" for c in columns]
            for source, target, attrs in _edge_rows(G, ids))
    return _csv_lines(["source", "target", *columns], rows)


def write_csv(G: nx.Graph, folder: str | os.PathLike) -> None:
    """Write folder/nodes.csv and folder/edges.csv, each atomically; creates the folder."""
    _write(Path(folder) / "nodes.csv", generate_nodes_csv(G))
    _write(Path(folder) / "edges.csv", generate_edges_csv(G))


# -- one entry point -----------------------------------------------------------------------


_WRITERS = {"csv": write_csv, "gexf": write_gexf, "graphml": write_graphml,
            "graphology": write_graphology, "json": write_json}


def export_format(path: str | os.PathLike) -> str:
    """The format a path asks for: .graphml, .gexf, .json, or csv for a folder or "dir/"."""
    text = os.fspath(path)
    if text.endswith(("/", os.sep)) or os.path.isdir(text):
        return "csv"
    found = _SUFFIXES.get(os.path.splitext(text)[1].lower())
    if found is None:
        raise InputError(f"Cannot tell the export format of {text!r}: end it in .graphml, "
                         ".gexf or .json, end a folder in '/' for CSV, or give a format.")
    return found


def write_export(G: nx.Graph, path: str | os.PathLike, *, format: str | None = None) -> str:
    """Write G to path in one of FORMATS (else the path's); returns it; InputError if bad."""
    chosen = export_format(path) if format is None else format.lower()
    if chosen not in _WRITERS:
        raise InputError(f"Unknown export format {format!r}: use one of {', '.join(FORMATS)}.")
    _WRITERS[chosen](G, path)
    return chosen


def _write(path: str | os.PathLike, chunks: Iterable[str]) -> None:
    """Write chunks to path atomically; an OS error becomes one InputError sentence."""
    try:
        with atomic_open(path) as fh:
            fh.writelines(chunks)
    except OSError as err:
        raise InputError(f"Cannot write {os.fspath(path)!r}: {err.strerror or err}.") from err
