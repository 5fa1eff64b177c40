"""The one writer: tables that fit a width, whole values when piped, text that cannot act on a
terminal or a spreadsheet, machine formats that keep every value."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphx.output import (
    cell_width,
    cut,
    format_table,
    json_line,
    json_pieces,
    short_url,
    spreadsheet_safe,
    table_width,
    visible,
    write_rows,
)

PWNED = "\u001b]0;PWNED\u0007\u001b[2J"
ROWS = [
    {"rank": 1, "score": 0.5, "provider": "cnbc.com",
     "title": "Shanghai Disneyland to reopen May 11 with attendance limits",
     "why": ["similar wording (0.46): meat, plant", "listed as related by 3 stories"]},
    {"rank": 2, "score": 0.0123, "title": "Short", "provider": "reuters.com", "why": []},
]
COLUMNS = ["rank", "score", "title", "provider", "why"]


def test_piped_table_keeps_whole_values_one_line_per_row():
    assert format_table(ROWS, COLUMNS).splitlines() == [
        "rank   score  title                                                        provider"
        "     why",
        "----  ------  -----------------------------------------------------------  -----------"
        "  -------------------------------------------------------------------",
        "   1  0.5000  Shanghai Disneyland to reopen May 11 with attendance limits  cnbc.com   "
        "  similar wording (0.46): meat, plant; listed as related by 3 stories",
        "   2  0.0123  Short                                                        reuters.com",
    ]


def test_fitted_table_moves_the_why_under_its_row_and_cuts_titles():
    # 40 cells: the why goes below first; the row is still too wide with the title cut to
    # its least width, so the rightmost column (provider) joins it there.
    assert format_table(ROWS, COLUMNS, width=40, below=("why",)).splitlines() == [
        "rank   score  title",
        "----  ------  --------------------------",
        "   1  0.5000  Shanghai Disneyland to re…",
        "      provider: cnbc.com  why: similar",
        "      wording (0.46): meat, plant;",
        "      listed as related by 3 stories",
        "   2  0.0123  Short",
        "      provider: reuters.com",
    ]


def test_a_column_of_numbers_has_one_number_of_decimals():
    # A score of 0.05 was written " 0.05" under 0.058 (each value's own three significant
    # digits, the trailing zero dropped): a digit short, its point out of line.
    scores = [{"score": s} for s in (0.118, 0.058, 0.05, 0.1, 0.0)]
    assert format_table(scores, ["score"]).splitlines()[2:] == [
        "0.118", "0.058", "0.050", "0.100", "0.000"]
    # A small PageRank keeps three significant digits, and the column takes its decimals.
    ranks = [{"pagerank": p} for p in (0.0232, 0.00126, 0.008)]
    assert format_table(ranks, ["pagerank"]).splitlines()[2:] == [
        " 0.02320", " 0.00126", " 0.00800"]
    # One far smaller is said alone rather than as 0.00000000; ints stay ints.
    tiny = [{"x": 0.25, "n": 3}, {"x": 1e-12, "n": 12}]
    assert format_table(tiny, ["x", "n"]).splitlines()[2:] == ["0.250   3", "1e-12  12"]


def test_small_overflow_is_absorbed_by_cutting_not_a_second_line():
    rows = [{"id": 1, "label": "a" * 30, "size": 3}]
    # 40 cells wide in full: 4 too many for 36 (an eighth or less) is cut from the label.
    assert format_table(rows, ["id", "label", "size"], width=36, below=("label",)) == (
        "id  label                       size\n"
        "--  --------------------------  ----\n"
        " 1  " + "a" * 25 + "…     3")
    # 10 too many for 30: the label moves under its row.
    assert format_table(rows, ["id", "label", "size"], width=30, below=("label",)) == (
        "id  size\n"
        "--  ----\n"
        " 1     3\n"
        "      label: " + "a" * 16 + "…")


def test_urls_are_shortened_in_tables_and_whole_in_machine_formats():
    url = "https://www.example.com/news/2020/05/07/a-very-long-slug-about-the-story-index.html"
    rows = [{"title": "T", "url": url}]
    table = format_table(rows, ["title", "url"], width=40)
    assert table.splitlines()[2] == "T      example.com/news…story-index.html"
    assert short_url(url, 200) == url[len("https://www."):]
    out = io.StringIO()
    write_rows(rows, ["title", "url"], "csv", out)
    assert out.getvalue().splitlines()[1] == f"T,{url}"


def test_csv_rows_keep_ids_and_addresses_exact():
    # `related --csv` wrote "story;'@section" for an address holding ";@": no id of any
    # other output matched it, and the link was broken.
    odd = "https://example.com/news/story;@section"
    rows = [{"id": "article:example.com/news/story;@section", "url": odd, "title": "a;=b"}]
    out = io.StringIO()
    write_rows(rows, ["id", "url", "title"], "csv", out)
    assert out.getvalue().splitlines()[1] == f"article:example.com/news/story;@section,{odd},a;'=b"


def test_timestamps_lose_seconds_only_in_fitted_tables():
    rows = [{"published": "2020-05-07T16:13:00Z", "title": "x"}]
    assert format_table(rows, ["published", "title"]).splitlines()[2] == "2020-05-07T16:13:00Z  x"
    assert format_table(rows, ["published", "title"], width=80).splitlines()[2] == (
        "2020-05-07 16:13  x")


def test_control_characters_are_visible_escapes_in_tables():
    rows = [{"title": f"{PWNED}Hello\u202eevil\ud800", "n": 1}]
    for width in (None, 30):
        table = format_table(rows, ["title", "n"], width=width)
        assert "\x1b" not in table and "\x07" not in table and "\u202e" not in table
        assert "\\x1b]0;PWNED\\x07\\x1b[2J" in table or width
    assert visible(PWNED) == "\\x1b]0;PWNED\\x07\\x1b[2J"
    assert visible("a\tb\u0085c\u2066d", keep="\t") == "a\tb\\x85c\\u2066d"
    table = format_table(rows, ["title", "n"])
    table.encode("utf-8")  # a lone surrogate would make printing it fail


def test_entities_are_decoded_for_people_but_not_in_urls():
    rows = [{"name": "U.S. News &amp; World Report", "url": "https://x.com/?a=1&amp;b=2"}]
    line = format_table(rows, ["name", "url"]).splitlines()[2]
    assert line == "U.S. News & World Report  https://x.com/?a=1&amp;b=2"


def test_display_width_counts_wide_characters():
    assert cell_width("日本語") == 6 and cell_width("abc") == 3 and cell_width("e\u0301") == 1
    assert cut("日本語のニュース", 7) == "日本語…"
    assert cell_width(cut("日本語のニュース", 7)) <= 7
    rows = [{"title": "新冠病毒疫情最新消息：上海迪士尼乐园将于五月十一日重新开放", "n": 12}]
    for line in format_table(rows, ["title", "n"], width=30).splitlines():
        assert cell_width(line) <= 30


TEXT = st.text(st.characters(codec="utf-8"), max_size=120) | st.sampled_from(
    [PWNED, "日本語のニュース" * 5, "https://www.example.com/" + "x" * 150, "=1+1"])


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({"rank": st.integers(0, 10**6), "title": TEXT,
                                            "provider": TEXT, "score": st.floats(0, 1),
                                            "why": st.lists(TEXT, max_size=4)}),
                     min_size=1, max_size=6),
       width=st.integers(20, 200), encoding=st.sampled_from([None, "ascii", "cp1252"]))
def test_no_line_of_a_fitted_table_is_wider_than_asked(rows, width, encoding):
    table = format_table(rows, COLUMNS, width=width, below=("why",), encoding=encoding)
    for line in table.splitlines():
        assert cell_width(line) <= width, line
        if encoding:  # what the stream prints is what was measured
            line.encode(encoding)
    assert "\x1b" not in table and "\x07" not in table


def _printed_to(encoding: str, rows, columns, width) -> str:
    """What write_rows prints as a table to a stream in ``encoding`` (strict: a character
    the table did not turn into what the stream can write would raise)."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="\n")
    write_rows(rows, columns, "table", out, width=width)
    out.flush()
    return raw.getvalue().decode(encoding)


STORIES = [{"id": 0, "label": "Trump · White House · task force (Coronavirus in US)", "size": 36},
           {"id": 1, "label": "Moderna · vaccine (Treatment)", "size": 31},
           {"id": 2, "label": "Tokyo 東京 cases", "size": 7}]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_table_on_a_stream_that_cannot_encode_a_label_is_laid_out_on_its_escapes(encoding):
    # LANG=C with PYTHONUTF8=0: "·" printed as \xb7 (4 characters) after the widths were
    # measured on it (1), and the size column moved 3 characters per "·".
    text = _printed_to(encoding, STORIES, ["id", "label", "size"], None)
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1, text  # "size", right-aligned, lines up
    assert "\\u6771\\u4eac" in text
    if encoding == "ascii":
        assert "Trump \\xb7 White House \\xb7 task force" in text
    else:  # Latin-1 holds "·": only what it cannot hold is escaped
        assert "Trump · White House · task force" in text


def test_a_fitted_table_on_an_ascii_stream_is_cut_with_three_dots():
    text = _printed_to("ascii", STORIES, ["id", "label", "size"], 30)
    assert all(len(line) <= 30 for line in text.splitlines()), text
    assert "..." in text
    assert len({len(line) for line in text.splitlines()}) == 1, text


def test_a_unicode_stream_prints_labels_and_ellipsis_as_they_are():
    text = _printed_to("utf-8", STORIES, ["id", "label", "size"], 30)
    assert "Trump · White" in text and "…" in text and "\\x" not in text
    assert text == format_table(STORIES, ["id", "label", "size"], width=30) + "\n"


@pytest.mark.parametrize(("cell", "safe"), [
    ("=HYPERLINK(\"https://evil.example\",\"x\")", "'=HYPERLINK(\"https://evil.example\",\"x\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t'=1+1"), ("\r=1+1", "'\r=1+1"),
    # each part a spreadsheet splitting on ";" or tabs would read as a cell
    ("Phase 2 begins;=1+1;", "Phase 2 begins;'=1+1;"), ("a; @SUM(1)", "a; '@SUM(1)"),
    ("lows; -5.5", "lows; -5.5"), ("a;b", "a;b"), ("x\t+cmd|a", "x\t'+cmd|a"),
    ("-5.5", "-5.5"), ("+3", "+3"), ("-1e-05", "-1e-05"),
    ("Plain title", "Plain title"), ("", ""), ("a=b", "a=b"),
])
def test_spreadsheet_safe_is_the_owasp_rule(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_csv_keeps_full_precision_and_neutralises_formulas():
    rows = [{"title": "=HYPERLINK(\"x\")", "pagerank": 0.00012345678901234, "n": -3,
             "flag": True, "tags": ["a", "@b"]}]
    out = io.StringIO()
    write_rows(rows, ["title", "pagerank", "n", "flag", "tags"], "csv", out)
    got = list(csv.reader(io.StringIO(out.getvalue())))
    assert got == [["title", "pagerank", "n", "flag", "tags"],
                   ["'=HYPERLINK(\"x\")", "0.00012345678901234", "-3", "True", "a; '@b"]]
    assert float(got[1][1]) == rows[0]["pagerank"]


def test_json_and_nl_escape_what_a_terminal_would_run_and_keep_the_data():
    row = {"title": f"{PWNED}\u0085\u202eok", "score": 0.25, "why": ["a"]}
    for fmt in ("json", "nl"):
        out = io.StringIO()
        write_rows([row], ["title", "score", "why"], fmt, out)
        text = out.getvalue()
        assert all(c not in text for c in "\x1b\x07\x85\u202e")
        data = json.loads(text)
        assert (data[0] if fmt == "json" else data) == row
    assert json_line({"t": "\ud800"}) == '{"t": "\\ud800"}'


def test_table_width_comes_from_columns_or_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "97")
    assert table_width(io.StringIO()) == 97
    monkeypatch.delenv("COLUMNS")
    assert table_width(io.StringIO()) is None  # piped: whole values
    monkeypatch.setenv("COLUMNS", "not a number")
    assert table_width(io.StringIO()) is None


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=7) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.integers(1, 3))
def test_json_in_pieces_is_the_text_of_json_dumps(value, slice_):
    """stories.json is written in pieces: together they are json.dumps's text, byte for
    byte, for any JSON value and any slice of its lists."""
    pieces = list(json_pieces(value, slice_=slice_))
    assert "".join(pieces) == json.dumps(value, ensure_ascii=False)
    if isinstance(value, list) and len(value) > slice_:
        assert len(pieces) > 2  # a long list comes a slice at a time


@pytest.mark.parametrize("odd", [{1: [1, 2, 3]}, {"a": {2: "b"}}, [], {}])
def test_json_in_pieces_of_keys_json_turns_to_text(odd):
    assert "".join(json_pieces(odd, slice_=1)) == json.dumps(odd, ensure_ascii=False)
