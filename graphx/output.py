"""One writer for every command's rows: a table for people, JSON, NDJSON or CSV for machines.

Cells are untrusted (titles, outlets and topics come from the input files), so no format
lets one act on the reader: a table shows control characters as visible escapes, JSON
escapes them, and a CSV cell that a spreadsheet would run as a formula is neutralised.
A table fits the terminal it is printed on (``table_width``); piped, it keeps whole values.
"""

from __future__ import annotations

import csv
import html
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from .model import join_list

FORMATS = ("table", "json", "nl", "csv")

#: C0 and C1 control characters and DEL (a terminal runs ESC sequences: retitling, clearing
#: the screen), Unicode's explicit bidirectional embeddings, overrides and isolates (which
#: show text in another order than it is stored), and lone surrogates (which no output
#: encoding can hold).
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What json.dumps leaves raw of the above: it escapes only C0 controls.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV
#: injection"); LF is added since some spreadsheets strip it and read what follows.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}(\.\d+)?Z")
_TIMES = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}Z)?)?")
_URL = re.compile(r"https?://", re.IGNORECASE)
GAP = "  "  # between two columns
INDENT = "      "  # before a row's detail lines
#: The fewest cells a shrunk column keeps, and the main (first text) column's share.
MIN_COLUMN, MAIN_SHARE = 12, 0.4
#: An overflow up to this share of the width is absorbed by cutting text, not by a
#: second line.
SMALL_OVERFLOW = 0.125


# -- untrusted text --------------------------------------------------------------------


def visible(text: str, *, keep: str = "") -> str:
    """``text`` with every control character but those in ``keep`` as a visible escape.

    ESC becomes the four characters ``\\x1b``, U+202E ``\\u202e``, a lone surrogate
    ``\\ud800``: what was there can be seen, and nothing acts on the terminal.
    """
    def escape(match: re.Match) -> str:
        c = match.group()
        if c in keep:
            return c
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"

    return CONTROLS.sub(escape, text)


#: CSV columns that hold identifiers (node ids, addresses, file paths): kept exact, since
#: other formats and tables join on them. Only their start is guarded, and an id, address or
#: path never starts as a formula: a bare ";" inside one is the address's own ("story;@x",
#: "?ids=1;-2"), which the part rule below made "story;'@x", an id no other format has.
IDENTIFIERS = frozenset({"id", "source", "target", "url", "urls", "sources", "path"})


def spreadsheet_safe(text: str, *, identifier: bool = False) -> str:
    """A CSV cell that no spreadsheet runs: text starting as a formula gets a leading ',
    and so does each part after a ";" or tab that starts as one (not in an ``identifier``,
    see IDENTIFIERS).

    The OWASP rule. A spreadsheet in most continental European locales splits a .csv on
    ";" (quotes or not), so "begins;=1+1" would give it a cell "=1+1". A cell or part
    that is a plain number ("-5.5", "+3") is left as it is: a spreadsheet reads it as that
    number, which is what it is.
    """
    if not identifier and (";" in text or "\t" in text) and _PART.search(text):
        text = _PART.sub(_neutral_part, text)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


# A part after a ";" or tab (what a spreadsheet of another locale reads as a cell) that
# starts as a formula: up to the next separator.
_PART = re.compile(r"(?<=[;\t])([ ]*[=+\-@][^;\t]*)")


def _neutral_part(found: re.Match) -> str:
    part = found.group(1)
    body = part.lstrip(" ")  # after the spaces: a list's "; " still splits it
    return part if _NUMBER.fullmatch(body) else part[:len(part) - len(body)] + "'" + body


def json_line(data, *, ascii_only: bool = False) -> str:
    """JSON text of ``data`` that is safe to print: C1 controls, bidi overrides and lone
    surrogates, which json.dumps leaves raw, are written as \\u escapes (same data); with
    ``ascii_only``, every character past ASCII too (a stream that cannot encode them)."""
    text = json.dumps(data, ensure_ascii=ascii_only)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def unicode_stream(out: TextIO) -> bool:
    """Whether ``out`` encodes every character (UTF-8 or UTF-16/32); cp1252 or Latin-1,
    when output is redirected on Windows or in an old locale, does not."""
    import codecs

    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def json_pieces(value, *, slice_: int = 10_000) -> Iterator[str]:
    """The text of ``json.dumps(value, ensure_ascii=False)`` in pieces, a long list
    ``slice_`` items at a time: a large build's story list is written without its whole
    text held at once (at 300,000 items that text and its encoding took 0.17 GB)."""
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield (", " if i else "") + json.dumps(key, ensure_ascii=False) + ": "
            yield from json_pieces(item, slice_=slice_)
        yield "}"
    elif isinstance(value, list) and len(value) > slice_:
        yield "["
        for at in range(0, len(value), slice_):
            yield (", " if at else "") + json.dumps(value[at:at + slice_],
                                                    ensure_ascii=False)[1:-1]
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False)


# -- the terminal ----------------------------------------------------------------------


def table_width(out: TextIO) -> int | None:
    """The width a table printed to ``out`` must fit, or None for whole values.

    COLUMNS when it is set (how a user asks for a width, as in `COLUMNS=80 graphx stats |
    less`), else the terminal's width when ``out`` is a terminal; None when ``out`` is a
    pipe or a file and COLUMNS is unset: then nothing is cut or wrapped.
    """
    text = os.environ.get("COLUMNS", "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    try:
        if out.isatty():
            return os.get_terminal_size(out.fileno()).columns or 80
    except (AttributeError, OSError, ValueError):
        pass
    return None


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes (CJK and emoji take two, accents none)."""
    from wcwidth import wcswidth

    if text.isascii():
        return len(text)
    found = wcswidth(text)
    return found if found >= 0 else len(text)


#: What marks a cut: "…", or ASCII_ELLIPSIS on a stream that cannot encode it.
ELLIPSIS, ASCII_ELLIPSIS = "…", "..."


def cut(text: str, width: int, *, middle: bool = False, ellipsis: str = ELLIPSIS) -> str:
    """``text`` cut to at most ``width`` cells with an ellipsis; ``middle`` keeps the end too."""
    if cell_width(text) <= width:
        return text
    mark = cell_width(ellipsis)
    if width <= mark:
        return ellipsis[:max(width, 0)]
    room = width - mark
    if middle:
        head = _prefix(text, room // 2 + room % 2)
        tail = _suffix(text, room - cell_width(head))
        return head + ellipsis + tail
    return _prefix(text, room) + ellipsis


def _prefix(text: str, width: int) -> str:
    """The longest start of ``text`` within ``width`` cells (binary search: widths grow)."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if cell_width(text[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def _suffix(text: str, width: int) -> str:
    return _prefix(text[::-1], width)[::-1]


def short_url(url: str, width: int, *, ellipsis: str = ELLIPSIS) -> str:
    """A URL for a table: no scheme or www., and cut in the middle so host and slug show."""
    bare = re.sub(r"^(https?://)?(www\.)?", "", url, flags=re.IGNORECASE)
    return cut(bare, width, middle=True, ellipsis=ellipsis)


def _wrap(text: str, width: int, *, ellipsis: str = ELLIPSIS) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces (a word longer than a
    line is cut)."""
    lines, line = [], ""
    for word in text.split(" "):
        joined = f"{line} {word}" if line else word
        if cell_width(joined) <= width:
            line = joined
            continue
        if cell_width(word) > width:  # too long for any line: cut where it stands
            line = cut(joined, width, ellipsis=ellipsis)
            continue
        if line:
            lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


# -- cells -------------------------------------------------------------------------------


#: The most decimals a column of numbers takes for its smallest (a PageRank of 0.00012 ->
#: 0.000120); a smaller value is written alone in scientific notation, never as 0.
MOST_DECIMALS = 8


def _decimals(value: float) -> int:
    """The decimals a number needs: three (scores, shares), or three significant digits of
    a smaller one (a PageRank of 0.00126, not 0.001), no more than it holds (0.05, a score
    rounded to 0.050, needs three, not 0.0500's four)."""
    if not math.isfinite(value) or value == 0 or abs(value) >= 0.1:
        return 3
    significant = 2 - math.floor(math.log10(abs(value)))
    return next((d for d in range(3, significant) if round(value, d) == value), significant)


def _column_decimals(values: Sequence[object]) -> int:
    """One number of decimals for a column's floats, so that their points line up: a
    score of 0.05 was written "0.05" under "0.058" (each value took its own 3 significant
    digits, trailing zeros dropped)."""
    needs = [_decimals(v) for v in values if isinstance(v, float)]
    return max([d for d in needs if d <= MOST_DECIMALS], default=3)


def _number(value: float, decimals: int = 3) -> str:
    if not math.isfinite(value):
        return str(value)
    if _decimals(value) > decimals:  # too small for the column's decimals: never "0.000"
        return f"{value:.3g}"
    return f"{value:.{decimals}f}"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _people(value: object, *, fitted: bool, decimals: int = 3) -> str:
    """A cell for a table: one line, entities decoded, controls visible, a float with
    ``decimals`` (its column's); in a fitted table timestamps lose their seconds."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value, decimals)
    if isinstance(value, (list, tuple)):
        value = join_list(map(str, value))
    text = str(value)
    if not _URL.match(text):
        text = html.unescape(text)
    text = visible(" ".join(text.split()))  # one line per row, whatever the data holds
    if fitted:
        text = _TIMESTAMP.sub(r"\1 \2", text) if _TIMESTAMP.fullmatch(text) else text
    return text


def _machine(value: object, column: str = "") -> str:
    """A CSV cell: numbers at full precision, lists joined, controls visible, no formula."""
    if value is None:
        return ""
    if isinstance(value, bool) or _is_number(value):
        return str(value)  # repr precision: a CSV must not round what --json keeps
    if isinstance(value, (list, tuple)):
        value = join_list(map(str, value))
    return spreadsheet_safe(visible(str(value), keep="\t\n\r"),
                            identifier=column in IDENTIFIERS)


# -- tables ------------------------------------------------------------------------------


def printed(text: str, encoding: str | None) -> str:
    """``text`` as a stream in ``encoding`` prints it: each character it cannot encode as
    the escape graphx's streams write (backslashreplace: "·" in ASCII is ``\\xb7``); as
    it is for None or a Unicode encoding."""
    if encoding is None or text.isascii():
        return text
    import codecs

    name = codecs.lookup(encoding).name
    if name.startswith("utf"):
        return text
    return text.encode(name, "backslashreplace").decode(name)


def stream_encoding(out: TextIO) -> str | None:
    """The encoding of ``out`` when it cannot encode every character (see unicode_stream),
    else None."""
    return None if unicode_stream(out) else getattr(out, "encoding", None) or "ascii"


def format_table(
    rows: Sequence[dict], columns: Sequence[str], *, width: int | None = None,
    below: Sequence[str] = (), encoding: str | None = None,
) -> str:
    """Rows -> an aligned plain-text table, numbers right-aligned.

    With ``width`` None every value is whole, one line per row. With a ``width``, no line
    is wider: when the row does not fit, the ``below`` columns move, in that order, to
    indented detail lines under it (wrapped; URLs shortened), then text columns are cut
    with an ellipsis, the first text column keeping the largest share. For a stream in an
    ``encoding`` that cannot hold every character, cells are measured as it prints them
    (escapes, see printed) and cut with "...": measured before the stream escaped them, a
    story label's "·" (4 characters as ``\\xb7``) shifted every later column by 3.
    """
    fitted = width is not None
    ellipsis = ELLIPSIS if encoding is None or printed(ELLIPSIS, encoding) == ELLIPSIS \
        else ASCII_ELLIPSIS
    decimals = {c: _column_decimals([r.get(c) for r in rows]) for c in columns}
    cells = {c: [printed(_people(r.get(c), fitted=fitted, decimals=decimals[c]), encoding)
                 for r in rows] for c in columns}
    numeric = {c: bool(rows) and all(_is_number(r.get(c)) or r.get(c) in (None, "")
                                     for r in rows) for c in columns}
    # Numbers and timestamps are never cut: a cut one would be another value.
    fixed = {c: numeric[c] or bool(rows) and all(v == "" or _TIMES.fullmatch(v) for v in cells[c])
             for c in columns}
    natural = {c: max([cell_width(c)] + [cell_width(v) for v in cells[c]]) for c in columns}
    line, detail = list(columns), []
    widths = dict(natural)
    if fitted:
        line, detail, widths = _fit(line, list(below), natural, fixed, width)
    text_cols = [c for c in line if not fixed[c]]
    out = [_join([_pad(cut(printed(c, encoding), widths[c], ellipsis=ellipsis), widths[c],
                       numeric[c]) for c in line], width, ellipsis)]
    out.append(_join(["-" * widths[c] for c in line], width, ellipsis))
    for i in range(len(rows)):
        shown = []
        for c in line:
            value = cells[c][i]
            if fitted and c in text_cols and _URL.match(str(rows[i].get(c) or "")):
                value = short_url(value, widths[c], ellipsis=ellipsis)
            shown.append(_pad(cut(value, widths[c], ellipsis=ellipsis), widths[c], numeric[c]))
        out.append(_join(shown, width, ellipsis))
        if detail:
            out += _detail_lines([(c, cells[c][i]) for c in detail], width, ellipsis)
    return "\n".join(out)


def _fit(line, below, natural, fixed, width):
    """(columns on the row line, columns on detail lines, widths) for a table ``width`` wide."""
    def total(cols, sizes):
        return sum(sizes[c] for c in cols) + len(GAP) * (len(cols) - 1)

    def smallest(cols):
        text = [c for c in cols if not fixed[c]]
        main = text[0] if text else None
        return {c: natural[c] if fixed[c] else
                min(natural[c], max(MIN_COLUMN, int(width * MAIN_SHARE)) if c == main
                    else MIN_COLUMN) for c in cols}

    columns, detail = list(line), []
    # Cutting text absorbs a small overflow; a larger one moves the first declared detail
    # column under the row. Any other column (declared ones first, then the rightmost but
    # the first two) moves only when even the row with its text shrunk would not fit.
    order = [c for c in below if c in line] + [c for c in reversed(line[2:]) if c not in below]
    for column in order:
        overflow = total(line, natural) - width
        if overflow <= 0:
            break
        shrinks = total(line, smallest(line)) <= width
        if shrinks and (detail or column not in below or overflow <= width * SMALL_OVERFLOW):
            break
        line.remove(column)
        detail.append(column)
    widths = dict(natural)
    if total(line, natural) > width:
        widths.update(_share(line, natural, smallest(line), fixed, width))
    return line, [c for c in columns if c in detail], widths


def _share(line, natural, least, fixed, width) -> dict:
    """Widths of the text columns so the line fits: each gets up to a common cap (the main
    column twice it), never below its least width; found by bisection."""
    text = [c for c in line if not fixed[c]]
    room = width - sum(natural[c] for c in line if fixed[c]) - len(GAP) * (len(line) - 1)
    weight = {c: 2 if i == 0 else 1 for i, c in enumerate(text)}

    def sizes(cap: float) -> dict:
        return {c: max(least[c], min(natural[c], int(cap * weight[c]))) for c in text}

    lo, hi = 0.0, float(max((natural[c] for c in text), default=0))
    for _ in range(40):
        mid = (lo + hi) / 2
        if sum(sizes(mid).values()) <= room:
            lo = mid
        else:
            hi = mid
    found = sizes(lo)
    spare = room - sum(found.values())
    for c in text:  # what rounding left over goes to the columns still cut, main first
        extra = max(0, min(spare, natural[c] - found[c]))
        found[c] += extra
        spare -= extra
    return found


def _detail_lines(items: list[tuple[str, str]], width: int,
                  ellipsis: str = ELLIPSIS) -> list[str]:
    """The indented lines under a row: "name: value" pairs sharing lines (wrapped), and
    each URL alone on a line, shortened."""
    room = max(1, width - len(INDENT))
    text = GAP.join(f"{c}: {v}" for c, v in items if v and not _URL.match(v))
    lines = _wrap(text, room, ellipsis=ellipsis) if text else []
    lines += [f"{c}: " + short_url(v, room - len(c) - 2, ellipsis=ellipsis)
              for c, v in items if _URL.match(v)]
    return [cut(INDENT + line, width, ellipsis=ellipsis) for line in lines]


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - cell_width(text))
    return space + text if right else text + space


def _join(parts: list[str], width: int | None, ellipsis: str = ELLIPSIS) -> str:
    text = GAP.join(parts).rstrip()
    return cut(text, width, ellipsis=ellipsis) if width is not None else text


# -- every format ------------------------------------------------------------------------


def write_rows(
    rows: Iterable[dict], columns: Sequence[str], fmt: str, out: TextIO, *,
    below: Sequence[str] = (), width: int | None | str = "auto",
) -> None:
    """Write rows as ``fmt`` (table, json, nl or csv) to ``out``; nl and csv stream.

    A table fits ``width`` (by default table_width(out): the terminal's, or whole values
    when piped); ``below`` names the columns that may move under their row to fit.
    """
    # JSON to a stream that cannot encode every character: escaped as JSON escapes them
    # (\\u4e1c, a surrogate pair past U+FFFF), still the same data.
    ascii_only = fmt in ("nl", "json") and not unicode_stream(out)
    if fmt == "nl":
        for row in rows:
            out.write(json_line({c: row.get(c) for c in columns}, ascii_only=ascii_only) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([spreadsheet_safe(c) for c in columns])
        for row in rows:
            writer.writerow([_machine(row.get(c), c) for c in columns])
    elif fmt == "json":
        data = [{c: row.get(c) for c in columns} for row in rows]
        text = json.dumps(data, ensure_ascii=ascii_only, indent=2)
        out.write(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
    else:
        chosen = table_width(out) if width == "auto" else width
        out.write(format_table(list(rows), columns, width=chosen, below=below,
                               encoding=stream_encoding(out)) + "\n")
