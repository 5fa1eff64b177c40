"""nodes.csv and edges.csv for spreadsheets, pandas and R.

A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR or LF first)
gets a leading ' (the OWASP rule, graphx.output.spreadsheet_safe); numbers are written
whole, at full precision.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx

from ..atomic import replacing_together
from ..output import IDENTIFIERS, spreadsheet_safe
from .common import (
    attr_schema,
    edge_rows,
    lexical,
    node_ids,
    node_rows,
    with_declared,
    write_chunks,
)


def _cell(value, column: str = "") -> str:
    """A CSV cell of a plain value: text made spreadsheet-safe (an identifier column's kept
    exact, graphx.output.IDENTIFIERS), the rest as XML Schema spells it."""
    if isinstance(value, str):
        return spreadsheet_safe(value, identifier=column in IDENTIFIERS)
    return lexical(value)


def _csv_lines(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text, one string per row ending in "\n", header first. A cell holding a carriage
    return is quoted as one holding a newline is (the writer quotes the characters of its
    line terminator, so it writes "\r\n", and each row's own is made "\n"): an excerpt's
    lone "\r" split its row in two for every reader."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in itertools.chain([header], rows):
        writer.writerow(row)
        yield buffer.getvalue()[:-2] + "\n"
        buffer.seek(0)
        buffer.truncate()


def generate_nodes_csv(G: nx.Graph, declared: dict | None = None) -> Iterator[str]:
    """nodes.csv text: id, kind, label, then every other attribute (and every ``declared``
    one, held or not), sorted; "" when absent."""
    ids = node_ids(G)
    columns = ["kind", "label"]
    columns += [c for c in with_declared(attr_schema(d for _, d in G.nodes(data=True)),
                                         declared) if c not in columns]
    rows = ([_cell(nid, "id")] + [_cell(attrs[c], c) if c in attrs else "" for c in columns]
            for nid, attrs in node_rows(G, ids))
    return _csv_lines(["id", *map(spreadsheet_safe, columns)], rows)


def generate_edges_csv(G: nx.Graph, declared: dict | None = None) -> Iterator[str]:
    """edges.csv text: source, target, relation, then every other attribute (and every
    ``declared`` one), sorted."""
    ids = node_ids(G)
    columns = ["relation"]
    columns += [c for c in with_declared(attr_schema(d for *_, d in G.edges(data=True)),
                                         declared) if c != "relation"]
    rows = ([_cell(source, "id"), _cell(target, "id")] + [
        _cell(attrs[c], c) if c in attrs else "" for c in columns]
            for source, target, attrs in edge_rows(G, ids))
    return _csv_lines(["source", "target", *map(spreadsheet_safe, columns)], rows)


def write_csv(G: nx.Graph, folder: str | os.PathLike,
              columns: tuple[dict, dict] | None = None) -> None:
    """Write folder/nodes.csv and folder/edges.csv, renamed into place together (an
    export stopped between them left one corpus's nodes beside another's edges); creates
    the folder. ``columns``: (node, edge) attributes each file has, held or not
    (common.declared_columns)."""
    nodes, edges = columns or (None, None)
    with replacing_together():
        write_chunks(Path(folder) / "nodes.csv", generate_nodes_csv(G, nodes))
        write_chunks(Path(folder) / "edges.csv", generate_edges_csv(G, edges))
