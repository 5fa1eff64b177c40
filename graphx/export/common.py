"""What every export format shares: one normalisation of values, one declared type per
attribute, nodes and edges in a stable order, XML escaping, and the viz sizes and colours.

networkx's own writers fail users in known ways: GraphML raises on None, lists, dicts and
dates; an attribute holding ints on some nodes and strings on others gets two keys with one
name (igraph and older Gephi reject that); XML-illegal control characters, which real news
text carries, make an unparseable file; and Gephi draws colours, sizes and positions only
from GEXF viz: elements. So every value goes through one normalisation (`plain`), each
attribute name gets one declared type per domain (`schema`), and text is streamed element
by element in sorted id order, so equal graphs give byte-equal files and memory stays near
the size of one element (about 6% of the graph at 100k nodes) rather than of the file.
"""

from __future__ import annotations

import functools
import json
import math
import numbers
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date

import networkx as nx

from .. import palette
from ..atomic import atomic_open
from ..errors import InputError
from ..model import ILLEGAL_XML, join_list, to_utc_iso

_INT32 = 2**31
_INT64 = 2**63
_WIDTH = {"int": 0, "long": 1, "double": 2}  # numeric types a mixed attribute widens to
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TEXT_SPECIAL = re.compile("[&<>\r]")  # what element text must escape
_ATTR_SPECIAL = re.compile('["\n\t]')  # what an attribute value must escape as well
SIZE_RANGE = (5.0, 50.0)  # viz:size / sigma size of the least and most important node


#: The attributes graphx's graph model gives each kind of node (docs/graph-model.md), with
#: their declared types. A table export (CSV, Parquet) of a graphx graph has a column for
#: each, held or not: a corpus with no story, no tags or no reissued page, or a focus on
#: one story, dropped `cluster`, `tags` or `first_published`, and a script reading every
#: day's files (DuckDB's read_parquet of a glob, pandas' concat) failed on the day's data.
NODE_ATTRIBUTES = {
    "article": {
        "title": "string", "titles": "string", "excerpt": "string", "url": "string",
        "urls": "string", "published": "string", "day_only": "boolean",
        "first_published": "string", "original": "string", "provider": "string",
        "provider_name": "string", "topics": "string", "tags": "string", "sources": "string",
        "has_file": "boolean", "quality": "int", "heat": "int", "listed": "boolean",
        "type": "string", "group": "string", "cluster": "int", "cluster_label": "string",
        "roundup": "boolean", "theme": "int", "theme_label": "string", "pagerank": "double",
        "related_in": "int", "bridging": "double"},
    "provider": {"domain": "string", "names": "string", "platform": "string", "degree": "int",
                 "articles": "int"},
    "topic": {"degree": "int", "articles": "int"},
    "tag": {"degree": "int", "articles": "int"},
}
#: The same for edges: of the whole graph and the stories view, and of the outlets and topics
#: views, whose edges count pairs (graphx.views).
EDGE_ATTRIBUTES = {
    "full": {"count": "int", "score": "double", "syndicated": "boolean"},
    "outlets": {"weight": "int", "shared_clusters": "int", "links": "int"},
    "topics": {"weight": "int", "articles": "int"},
}
#: The kinds of node each view holds.
VIEW_KINDS = {"full": tuple(NODE_ATTRIBUTES), "stories": ("article",), "outlets": ("provider",),
              "topics": ("topic",)}


def declared_columns(view: str = "full", kinds=None) -> tuple[dict, dict]:
    """({node attribute: type}, {edge attribute: type}) that a table export of ``view`` of a
    graphx graph, kept to ``kinds``, has whatever its rows hold."""
    nodes: dict[str, str] = {}
    for kind in VIEW_KINDS[view]:
        if not kinds or kind in kinds:
            nodes.update(NODE_ATTRIBUTES[kind])
    return nodes, dict(EDGE_ATTRIBUTES.get(view, EDGE_ATTRIBUTES["full"]))


def with_declared(schema: dict[str, str], declared: dict[str, str] | None) -> dict[str, str]:
    """``schema`` (attr_schema's) with each ``declared`` name it lacks, sorted as it is."""
    if not declared:
        return schema
    return dict(sorted({**declared, **schema}.items()))


# -- one normalisation for every format ----------------------------------------------------


def clean_text(text: str) -> str:
    """text without the characters XML 1.0 cannot hold (they are junk in news text anyway)."""
    return ILLEGAL_XML.sub("", text)


@functools.lru_cache(maxsize=4096, typed=True)  # names repeat on every node; True != 1 here
def attr_name(key) -> str:
    """An attribute name as clean str."""
    name = clean_text(str(key))
    if type(key) is str and name == key and len(_NAMES) < 4096:
        _NAMES[key] = name
    return name


def plain(value) -> bool | int | float | str | None:
    """A bool, int, float or clean str for any value; None means leave it out."""
    # Lists, tuples and sets become "; "-joined strings (sets sorted, so output is stable),
    # dicts JSON strings, dates and datetimes ISO strings, anything else its str().
    if type(value) is str:  # the common case first: this runs for every value written
        return ILLEGAL_XML.sub("", value)
    if value is None or type(value) in (int, float) or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return clean_text(json.dumps(jsonable(value), ensure_ascii=False, sort_keys=True))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [lexical(p) for p in map(plain, value) if p is not None]
        return join_list(sorted(items) if isinstance(value, (set, frozenset)) else items)
    return clean_text(str(value))


def jsonable(value):
    """value as JSON-ready data, nested containers kept, for dict attributes."""
    if isinstance(value, dict):
        return {attr_name(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return finite(plain(value))


def finite(value):
    """value, or None for NaN and infinities, which JSON cannot hold."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def lexical(value: bool | int | float | str) -> str:
    """The XML Schema spelling of a plain value (true, 12, 0.5, NaN, INF)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return value if isinstance(value, str) else repr(value)


#: Values that mean "none" on graphx's graph: an article in no story cluster (or theme) has
#: -1 there. Exports leave the attribute out instead, so a spreadsheet, Gephi's partition
#: or pandas never counts -1 as one more cluster.
NO_VALUE = {"cluster": -1, "theme": -1}


def plain_attrs(data: dict, *, empty: bool = True) -> dict:
    """Plain copy of an attribute dict: names as clean str, None values and NO_VALUE
    markers left out, and "" values too unless ``empty``."""
    out = {}
    names = _NAMES
    for key, value in data.items():
        kind = type(value)
        if kind is str:  # what most values are: one search, and most need nothing
            if ILLEGAL_XML.search(value) is not None:
                value = ILLEGAL_XML.sub("", value)
            if not value and not empty:
                continue
        elif kind is not int and kind is not float and kind is not bool:
            value = plain(value)
            if value is None or value == "" and not empty:
                continue
        name = names.get(key) if type(key) is str else None
        if name is None:
            name = attr_name(key)
        if type(value) is int and NO_VALUE.get(name, _NONE) == value:
            continue
        out[name] = value
    return out


#: Attribute names that are clean already (nearly all): looked up, not cleaned again.
_NAMES: dict[str, str] = {}
_NONE = object()


def value_type(value) -> str | None:
    """The narrowest declared type that holds plain(value), without computing it."""
    if type(value) is str:  # the common case first: this runs for every value
        return "string"
    if value is None or isinstance(value, bool):
        return None if value is None else "boolean"
    if isinstance(value, numbers.Integral):
        if -_INT32 <= value < _INT32:
            return "int"
        return "long" if -_INT64 <= value < _INT64 else "string"
    return "double" if isinstance(value, numbers.Real) else "string"


def attr_schema(rows: Iterable[dict], *, empty: bool = True, **forced: str) -> dict[str, str]:
    """{name: declared type} over raw attribute dicts, sorted, with forced names' types set;
    without ``empty``, names whose only values are "" are not declared.

    A name's type is its values' one type, the widest when all are numbers (int, long,
    double), else string: it depends on the set of types seen, not their order, so each
    name's values are read as a column (C-level passes, not a Python step per value).
    """
    rows = rows if isinstance(rows, list) else list(rows)
    types: dict[str, str] = {}
    missing = _NONE
    for key in set().union(*rows) if rows else ():
        column = [row.get(key, missing) for row in rows]
        seen = set(map(type, column))
        seen.discard(type(missing))
        found: set[str] = set()
        name = attr_name(key)
        no_value = NO_VALUE.get(name, _NONE)
        if seen - {str, int, float, bool, type(None)}:  # anything else: value by value
            found = {value_type(v) for v in column if v is not missing
                     and not (not empty and v == "")
                     and not (type(v) is int and no_value == v)} - {None}
        else:
            if str in seen and (empty or any(v for v in column if type(v) is str)):
                found.add("string")
            if bool in seen:
                found.add("boolean")
            if float in seen:
                found.add("double")
            if int in seen:
                ints = [v for v in column if type(v) is int and no_value != v]
                if ints:
                    low, high = min(ints), max(ints)
                    found.add("string" if low < -_INT64 or high >= _INT64 else
                              "long" if low < -_INT32 or high >= _INT32 else "int")
        if not found:
            continue
        if len(found) == 1:
            new = found.pop()
        elif found <= set(_WIDTH):
            new = max(found, key=_WIDTH.get)
        else:
            new = "string"
        old = types.get(name)  # two keys cleaned to one name: widened as values are
        if old is not None and old != new:
            new = max(old, new, key=_WIDTH.get) if old in _WIDTH and new in _WIDTH else "string"
        types[name] = new
    types.update(forced)
    return dict(sorted(types.items()))


# -- nodes and edges in a stable order -----------------------------------------------------


def node_ids(G: nx.Graph) -> dict:
    """{node: id text}, sorted by id text; raises InputError if two nodes would share one."""
    ids = {n: clean_text(str(n)) for n in G}
    if len(set(ids.values())) != len(ids):
        seen: dict = {}
        for n, text in ids.items():
            if text in seen:  # graphx's own ids never do: a graph made by other code can
                raise InputError(f"two node ids differ only by characters that XML cannot "
                                 f"hold: {seen[text]!r} and {n!r}")
            seen[text] = n
    return dict(sorted(ids.items(), key=lambda item: item[1]))


def edge_relation(G: nx.Graph, key, data: dict) -> str:
    """The edge's relation: its attribute, else its multigraph key, else "link"."""
    relation = data.get("relation")
    if relation is None:
        relation = key if G.is_multigraph() else "link"
    return lexical(plain(relation))


def ordered_edges(G: nx.Graph, ids: dict) -> Iterator[tuple]:
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


def node_rows(G: nx.Graph, ids: dict, *, empty: bool = True) -> Iterator[tuple[str, dict]]:
    """(id, plain attributes) per node in id order, with `label` falling back to the id;
    without ``empty``, "" values are left out."""
    for n, nid in ids.items():
        attrs = plain_attrs(G.nodes[n], empty=empty)
        label = attrs.get("label")
        attrs["label"] = nid if label is None or label == "" else lexical(label)
        yield nid, attrs


def edge_rows(G: nx.Graph, ids: dict, *, empty: bool = True) -> Iterator[tuple[str, str, dict]]:
    """(source id, target id, plain attributes with `relation`) per edge in stable order;
    without ``empty``, "" values are left out."""
    for u, v, key, data in ordered_edges(G, ids):
        attrs = plain_attrs(data, empty=empty)
        attrs["relation"] = edge_relation(G, key, data)
        yield ids[u], ids[v], attrs


# -- XML text ----------------------------------------------------------------------------


def xml_text(value) -> str:
    """Element text for a plain value; CR is escaped so parsers keep it instead of folding it."""
    if type(value) is not str:
        return lexical(value)
    if not _TEXT_SPECIAL.search(value):  # most values: a search is cheaper than 4 replaces
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "\r", "&#13;")


def xml_quote(value) -> str:
    """A quoted XML attribute value; tab, LF and CR escaped so parsers keep them as they are."""
    # Not saxutils.quoteattr: this is several times faster, and it runs three times per edge.
    text = xml_text(value)
    if type(value) is str and _ATTR_SPECIAL.search(value):
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return f'"{text}"'


# -- sizes, colours and positions shared by GEXF and graphology ----------------------------


def sizer(G: nx.Graph, ids: dict):
    """A function node id -> viz size in SIZE_RANGE, by palette.importance (the map's sizes,
    in Gephi's range)."""
    small, big = SIZE_RANGE
    scale = {ids[n]: share for n, share in palette.importance(G).items()}

    def size(nid: str) -> float:
        return round(small + (big - small) * scale.get(nid, 0.0), 3)

    return size


def is_number(value) -> bool:
    """True for a finite int or float that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def viz_color(attrs: dict, ranks: dict[int, int]) -> str:
    """The node's own `color` if it is #rrggbb, else the palette's colour for it (``ranks``:
    palette.story_ranks of the graph, so a story has the map's colour)."""
    own = attrs.get("color")
    if isinstance(own, str) and _HEX_COLOR.fullmatch(own):
        return own.lower()
    try:
        return palette.node_color(attrs, ranks)
    except (TypeError, ValueError):  # a cluster that is not a number: colour by kind instead
        return palette.kind_color(attrs.get("kind", ""))


def viz_position(attrs: dict) -> tuple[float, float] | None:
    """(x, y) when both are finite numbers, else None."""
    x, y = attrs.get("x"), attrs.get("y")
    return (float(x), float(y)) if is_number(x) and is_number(y) else None


def iso_time(published) -> str | None:
    """A plain `published` value as a UTC xsd:dateTime (YYYY-MM-DDTHH:MM:SSZ; a bare date
    is its midnight, as graphx.model reads dates), or None when it is not a date."""
    if not isinstance(published, str) or not _DAY.match(published):
        return None
    return to_utc_iso(published) or None


def json_safe(attrs: dict) -> dict:
    """Plain attributes without NaN and infinities, which JSON.parse rejects."""
    return {k: v for k, v in attrs.items() if finite(v) is not None}


def write_chunks(path: str | os.PathLike, chunks: Iterable[str]) -> None:
    """Write chunks to path atomically (OutputError, one sentence, when it cannot be)."""
    with atomic_open(path) as fh:
        fh.writelines(chunks)
