"""One writer for every command's rows: a table for people, JSON, NDJSON or CSV for machines."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import TextIO

from .model import join_list

FORMATS = ("table", "json", "nl", "csv")


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return join_list(map(str, value))
    return "" if value is None else str(value)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())  # one line per row, whatever the data holds
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: Sequence[dict], columns: Sequence[str], *, max_width: int = 60) -> str:
    """Rows -> an aligned plain-text table (cells cut at ``max_width``, but the last column,
    which nothing follows, is shown whole)."""
    last = len(columns) - 1
    cells = [[_shorten(_cell(r.get(c)), 10_000 if i == last else max_width)
              for i, c in enumerate(columns)] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def write_rows(
    rows: Iterable[dict], columns: Sequence[str], fmt: str, out: TextIO, *, max_width: int = 60
) -> None:
    """Write rows as ``fmt`` (table, json, nl or csv) to ``out``; nl and csv stream."""
    if fmt == "nl":
        for row in rows:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})
    elif fmt == "json":
        data = [{c: row.get(c) for c in columns} for row in rows]
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        rows = list(rows)
        out.write(format_table(rows, columns, max_width=max_width) + "\n")
