"""Exports that other tools open as they are: GraphML, GEXF, node-link JSON, graphology JSON,
CSV, Parquet and SQLite, one module per format, all sharing graphx.export.common.

Each `generate_*` / `to_*` function makes text or data and touches no file; each `write_*`
writes atomically. ``write_export`` is the one entry point: it picks the format from the
path (or ``format=``), can write a view, a kind filter or a focus of the graph, and gives
GEXF and graphology files the map's layout as node positions.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from ..errors import InputError, OutputError
from ..model import is_analysed, kind_names
from .common import declared_columns
from .csv_tables import generate_edges_csv, generate_nodes_csv, write_csv
from .gexf import generate_gexf, write_gexf
from .graphml import generate_graphml, write_graphml
from .graphology import generate_graphology, write_graphology
from .node_link import generate_node_link, to_node_link, write_json
from .parquet import write_parquet
from .sqlite import write_sqlite

__all__ = [
    "FOLDER_FILES", "FOLDER_FORMATS", "FORMATS", "VIEWS", "Exported", "check_format",
    "export_format",
    "generate_edges_csv",
    "generate_gexf",
    "generate_graphml", "generate_graphology", "generate_node_link", "generate_nodes_csv",
    "to_node_link", "write_csv", "write_export", "write_gexf", "write_graphml",
    "write_graphology", "write_json", "write_parquet", "write_sqlite",
]

FORMATS = ("csv", "gexf", "graphml", "graphology", "json", "parquet", "sqlite")
#: The formats that write a folder (a nodes and an edges file); the others write one file.
FOLDER_FORMATS = ("csv", "parquet")
#: The files a folder format writes into its folder.
FOLDER_FILES = ("nodes.csv", "edges.csv", "nodes.parquet", "edges.parquet")
#: Projections of the graph (graphx.views): the whole graph, the story network, the outlet
#: co-coverage network, the topic co-occurrence network.
VIEWS = ("full", "stories", "outlets", "topics")
_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".db": "sqlite",
             ".sqlite": "sqlite", ".sqlite3": "sqlite"}
_WRITERS = {"csv": write_csv, "gexf": write_gexf, "graphml": write_graphml,
            "graphology": write_graphology, "json": write_json, "parquet": write_parquet,
            "sqlite": write_sqlite}
_LAID_OUT = ("gexf", "graphology")  # formats whose readers draw positions they are given


@dataclass(frozen=True)
class Exported:
    """What write_export wrote: the format and the size of the graph it held."""

    format: str
    nodes: int
    edges: int


def export_format(path: str | os.PathLike) -> str:
    """The format a path asks for: .graphml, .gexf, .json, .db (.sqlite), or csv for
    "dir/" or a folder whose name has none of those extensions.

    The extension wins over what is on disk: `-o story.graphml` naming a folder asked for
    GraphML (write_export then refuses the folder), not for CSV tables written into it."""
    text = os.fspath(path)
    if text.endswith(("/", os.sep)):
        return "csv"
    found = _SUFFIXES.get(os.path.splitext(text)[1].lower())
    if found is None and os.path.isdir(text):
        return "csv"
    if found is None:
        raise InputError(f"Cannot tell the export format of {text!r}: end it in .graphml, "
                         ".gexf, .json or .db, end a folder in '/' for CSV, or give a format.")
    return found


#: The name a file of each one-file format ends in (the first extension _SUFFIXES gives
#: it; graphology's JSON is a .json file); a folder format writes a folder.
_NAMED = {**{f: ext for ext, f in reversed(_SUFFIXES.items())}, "graphology": ".json"}


def check_format(path: str | os.PathLike, format: str | None) -> None:
    """Raise InputError when ``format`` names another format than ``path``'s extension does
    (GEXF into story.graphml, SQLite into story.json): each tool opens a file by its name
    and would reject it. None, a path with no extension of graphx's formats, and
    graphology into a .json file (graphology's JSON is named so) pass."""
    if format is None:
        return
    text = os.fspath(path)
    ext = os.path.splitext(text)[1]
    named = _SUFFIXES.get(ext.lower())
    wanted = format.lower()
    if named is None or named == wanted or _NAMED.get(wanted) == ext.lower():
        return
    fix = (f"end the file in {_NAMED[wanted]}" if wanted in _NAMED
           else "name a folder ending in '/'")
    raise InputError(f"--format {wanted} does not match {os.path.basename(text)!r}, whose "
                     f"extension {ext} is for {named}: leave out --format, or {fix}.")


def _focused_view(G: nx.Graph, part: nx.Graph, make, view: str) -> nx.Graph:
    """The outlets or topics view of a focus: the view of the whole graph (its pairs count
    every story and link, not only the part's), kept to the focus's outlets (topics) with
    the edges among them, or, when those have none (a focus on one outlet), to them and
    their neighbours in the view: Reuters' neighbourhood was Reuters alone, no edge."""
    kind = "provider" if view == "outlets" else "topic"
    whole = make(G)
    mine = [n for n, k in part.nodes(data="kind") if k == kind and n in whole]
    keep = set(mine)
    if not whole.subgraph(keep).number_of_edges():
        keep.update(v for n in mine for v in whole[n])
    return whole.subgraph(keep).copy()


def _positions(H: nx.Graph, seed: int) -> dict:
    """{node: (x, y)}: the map's layout (graphx.layout.cluster_layout), seeded.

    A graph of no article (the outlets and topics views, --kinds provider,topic) is laid out
    by its own edges: its communities (Louvain on `weight`, seeded) stand in for stories,
    so linked nodes are packed together; cluster_layout places hubs by their articles, and
    put all 918 outlets of covid's media map on one ring, Reuters beside one-article sites.
    Near-linear, as the map's layout is: a spring layout per community of at most 150
    nodes (larger ones split), the communities packed."""
    from ..layout import cluster_layout
    from ..model import ARTICLE, articles

    if articles(H) or not H.number_of_nodes():
        return cluster_layout(H, seed=seed)
    links = nx.Graph()
    links.add_nodes_from(sorted(H, key=str))
    links.add_weighted_edges_from(
        sorted((u, v, w if isinstance(w, (int, float)) and w > 0 else 1)
               for u, v, w in H.edges(data="weight", default=1) if u != v))
    parts = nx.community.louvain_communities(links, weight="weight", seed=seed)
    stand_in = nx.Graph()
    for k, part in enumerate(sorted((sorted(p, key=str) for p in parts),
                                    key=lambda p: (-len(p), str(p[0])))):
        stand_in.add_nodes_from(part, kind=ARTICLE, cluster=k if len(part) > 1 else -1)
    stand_in.add_edges_from(links.edges())
    return cluster_layout(stand_in, seed=seed)


def write_export(
    G: nx.Graph,
    path: str | os.PathLike,
    *,
    format: str | None = None,
    view: str = "full",
    kinds: Sequence[str] | None = None,
    nodes: Sequence[str] | None = None,
    seed: int = 0,
    load_report: dict | None = None,
    selection: dict | None = None,
) -> Exported:
    """Write G, or the part of it asked for, to ``path`` in one of FORMATS.

    ``nodes`` keeps those nodes only (a focus), ``view`` is one of VIEWS, ``kinds`` keeps
    nodes of those kinds; GEXF and graphology files get the map's layout (seeded) as node
    positions, a graph of no article its own edges' (_positions); a SQLite database lists
    the files of ``load_report`` (LoadReport.to_dict()).
    FOLDER_FORMATS (csv, parquet) write nodes and edges files into the folder ``path``,
    with a column for every attribute of graphx's graph model (common.declared_columns)
    when G is a graphx graph. A part of the graph says so: its graph attribute
    ``selection`` (JSON) holds the view, the kinds and, for a focus, how many nodes it kept
    and what ``selection`` says of it (the CLI: the query, --by and --focus-limit).
    G itself is never changed. Raises InputError for an unknown format or view, a format
    that the path's extension contradicts (check_format) (SQLite
    holds the full graph's tables only: no view, no kinds), a missing optional package,
    or a path that cannot be written.
    """
    from ..views import filter_kinds, outlets_view, stories_view, topics_view

    kinds = kind_names(kinds)
    path = os.fsdecode(path)  # bytes too
    if "\0" in path:
        raise InputError("the output path holds a NUL character, which no file name can")
    chosen = export_format(path) if format is None else format.lower()
    if chosen not in _WRITERS:
        raise InputError(f"Unknown export format {format!r}: use one of {', '.join(FORMATS)}.")
    check_format(path, format)
    if view not in VIEWS:
        raise InputError(f"Unknown view {view!r}: use one of {', '.join(VIEWS)}.")
    if chosen == "sqlite" and view != "full":
        raise InputError("A SQLite export holds the graph's articles, outlets, topics and "
                         f"stories as tables, not the {view} view: leave out --view, or use "
                         "another format.")
    if chosen == "sqlite" and kinds:
        # Outlets, topics and tags are columns and link tables of the articles there too:
        # `--kinds article` left every articles.outlet NULL and the outlets, topics and
        # first_reporters tables empty, a file that read as complete.
        raise InputError("A SQLite export holds articles, outlets, topics and tags as tables "
                         "that name each other, so --kinds cannot leave a kind out of it: "
                         "leave out --kinds (Datasette shows one table at a time), or use "
                         "another format.")
    if chosen not in FOLDER_FORMATS and os.path.isdir(path):
        # Said before any work (a SQLite file is built whole before it is moved in place).
        raise OutputError(f"cannot write {path}: it is a folder; name a file to write")
    if chosen not in FOLDER_FORMATS:
        from ..outfolder import check_replaceable

        check_replaceable(path, chosen, "export")
    H: nx.Graph = G
    if nodes is not None:
        H = H.subgraph(nodes).copy()
        if is_analysed(H):  # an outlet's 119 articles beside the part's 25 rows
            from ..analysis import count_hubs

            count_hubs(H)
    if view != "full":
        make = {"stories": stories_view, "outlets": outlets_view, "topics": topics_view}[view]
        H = make(H) if nodes is None or view == "stories" else _focused_view(G, H, make, view)
    if kinds:
        had = sorted({str(k) for _, k in H.nodes(data="kind", default="")})
        H = filter_kinds(H, kinds)
        if had and not H.number_of_nodes():  # an empty file, written as if all was well
            raise InputError(f"--kinds {','.join(kinds)} keeps nothing of the {view} view, "
                             f"whose nodes are {', '.join(had)}: name one of those kinds, or "
                             "leave out --kinds.")
    chose = {**({**(selection or {}), "nodes": H.number_of_nodes()} if nodes is not None
                else {}),
             **({"view": view} if view != "full" else {}),
             **({"kinds": ",".join(kinds)} if kinds else {})}
    if chose:  # H is a new graph: its attributes are its own
        H.graph["selection"] = json.dumps(chose, sort_keys=True, ensure_ascii=False)
    if chosen in _LAID_OUT:
        pos = _positions(H, seed)
        if H is G:
            H = G.copy()  # positions go on a copy: the caller's graph stays as it was
        for n, (x, y) in pos.items():
            H.nodes[n].update(x=float(x), y=float(y))
    if chosen in FOLDER_FORMATS:
        from ..outfolder import check_export_folder

        check_export_folder(path, [f for f in FOLDER_FILES if f.endswith(f".{chosen}")])
    if chosen == "sqlite":
        # A focus keeps the whole story's first report, as its map does (whole=G).
        write_sqlite(H, path, load_report=load_report, whole=G if nodes is not None else None)
    elif chosen in FOLDER_FORMATS and "graphx_version" in G.graph:
        _WRITERS[chosen](H, path, declared_columns(view, kinds))
    else:
        _WRITERS[chosen](H, path)
    return Exported(chosen, H.number_of_nodes(), H.number_of_edges())
