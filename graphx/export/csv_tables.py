"""nodes.csv and edges.csv for spreadsheets, pandas and R.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx

from .common import attr_schema, edge_rows, lexical, node_ids, node_rows, write_chunks


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
    ids = node_ids(G)
    columns = ["kind", "label"]
    columns += [c for c in attr_schema(d for _, d in G.nodes(data=True)) if c not in columns]
    rows = ([nid] + [lexical(attrs[c]) if c in attrs else "" for c in columns]
            for nid, attrs in node_rows(G, ids))
    return _csv_lines(["id", *columns], rows)


def generate_edges_csv(G: nx.Graph) -> Iterator[str]:
    """edges.csv text: source, target, relation, then every other attribute, sorted."""
    ids = node_ids(G)
    columns = ["relation"]
    columns += [c for c in attr_schema(d for *_, d in G.edges(data=True)) if c != "relation"]
    rows = ([source, target] + [lexical(attrs[c]) if c in attrs else "" for c in columns]
            for source, target, attrs in edge_rows(G, ids))
    return _csv_lines(["source", "target", *columns], rows)


def write_csv(G: nx.Graph, folder: str | os.PathLike) -> None:
    """Write folder/nodes.csv and folder/edges.csv, each atomically; creates the folder."""
    write_chunks(Path(folder) / "nodes.csv", generate_nodes_csv(G))
    write_chunks(Path(folder) / "edges.csv", generate_edges_csv(G))
