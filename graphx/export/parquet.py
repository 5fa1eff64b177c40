"""nodes.parquet and edges.parquet, for pandas, Polars, DuckDB, R's arrow and Observable.

The same rows and columns as nodes.csv and edges.csv, typed: each attribute keeps its one
declared type (int64, float64, bool or string), a missing or empty value is null (so is a
cluster of -1: none), and the graph's attributes (fingerprint, inputs, options) are the
files' key-value metadata. Needs pyarrow (`pip install 'graphx[parquet]'`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from ..atomic import atomic_open, replacing_together
from ..errors import InputError
from .common import attr_schema, edge_rows, lexical, node_ids, node_rows, plain_attrs, with_declared


def _pyarrow():
    """pyarrow and pyarrow.parquet, or one sentence saying how to get them."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise InputError("Parquet export needs pyarrow: pip install 'graphx[parquet]' "
                         "(or pip install pyarrow).") from err
    return pa, pq


def _table(pa, head: list[str], schema: dict[str, str], rows: Iterator[tuple[list, dict]]):
    """A pyarrow Table: the ``head`` columns (text), then one typed column per schema name."""
    kinds = {"int": pa.int64(), "long": pa.int64(), "double": pa.float64(),
             "boolean": pa.bool_(), "string": pa.string()}
    columns = {c: [] for c in [*head, *schema]}
    for first, attrs in rows:
        for c, value in zip(head, first, strict=True):
            columns[c].append(value)
        for c, type_ in schema.items():
            value = attrs.get(c)
            if value is not None and type_ == "string" and not isinstance(value, str):
                value = lexical(value)  # a mixed attribute is text throughout, as in GraphML
            elif value is not None and type_ == "double":
                value = float(value)
            columns[c].append(value)
    fields = [pa.field(c, pa.string()) for c in head]
    fields += [pa.field(c, kinds[t]) for c, t in schema.items()]
    return pa.table([pa.array(columns[f.name], type=f.type) for f in fields],
                    schema=pa.schema(fields))


def to_parquet_tables(G: nx.Graph, columns: tuple[dict, dict] | None = None):
    """(nodes, edges) as pyarrow Tables, with G's attributes as schema metadata; with
    ``columns`` ((node, edge) attributes: common.declared_columns), each is a column, held
    or not. Without, as with, an attribute no row holds is a column when the CSV has it."""
    pa, _ = _pyarrow()
    ids = node_ids(G)
    nodes_declared, edges_declared = columns or (None, None)
    # The CSV's columns (an attribute whose values are all "" too), typed by the values
    node_schema = {**attr_schema((d for _, d in G.nodes(data=True))),
                   **attr_schema((d for _, d in G.nodes(data=True)), empty=False)}
    node_schema = with_declared(node_schema, nodes_declared)
    for name in ("kind", "label"):
        node_schema.pop(name, None)
    edge_schema = {**attr_schema((d for *_, d in G.edges(data=True))),
                   **attr_schema((d for *_, d in G.edges(data=True)), empty=False)}
    edge_schema = with_declared(edge_schema, edges_declared)
    edge_schema.pop("relation", None)
    nodes = _table(pa, ["id", "kind", "label"], node_schema,
                   (([nid, lexical(a["kind"]) if "kind" in a else None, lexical(a["label"])], a)
                    for nid, a in node_rows(G, ids, empty=False)))
    edges = _table(pa, ["source", "target", "relation"], edge_schema,
                   (([s, t, a["relation"]], a) for s, t, a in edge_rows(G, ids, empty=False)))
    meta = {str(k): lexical(v) for k, v in plain_attrs(G.graph, empty=False).items()}
    return nodes.replace_schema_metadata(meta), edges.replace_schema_metadata(meta)


def write_parquet(G: nx.Graph, folder: str | os.PathLike,
                  columns: tuple[dict, dict] | None = None) -> None:
    """Write folder/nodes.parquet and folder/edges.parquet, each atomically; creates the
    folder; ``columns`` as to_parquet_tables'. Raises InputError without pyarrow, or when
    a file cannot be written."""
    _, pq = _pyarrow()
    nodes, edges = to_parquet_tables(G, columns)
    with replacing_together():  # both files or neither, as write_csv
        for name, table in (("nodes.parquet", nodes), ("edges.parquet", edges)):
            path = Path(folder) / name
            try:
                with atomic_open(path, "wb") as fh:
                    pq.write_table(table, fh)
            except OSError as err:
                raise InputError(f"Cannot write {os.fspath(path)!r}: "
                                 f"{err.strerror or err}.") from err
