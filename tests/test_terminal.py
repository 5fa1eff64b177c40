"""Tables that fit the terminal: under a real pty of 80 and 120 columns and under COLUMNS, no
line of `stats`, `stats --show ...` or `related` is wider; piped, values stay whole; a
title that holds terminal escapes never reaches the terminal raw."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

import pytest

from graphx.cli import cli
from graphx.coverage_report import DETAIL, SHOW, analysis_rows
from graphx.output import cell_width, format_table

PWNED = "\u001b]0;PWNED\u0007\u001b[2J"
LONG = ("Governor softens order over jailed Texas hair salon owner as protests over the "
        "state's coronavirus lockdown rules grow across Dallas and Houston")
TABLES = [["stats"], *[["stats", "--show", show] for show in SHOW],
          ["related", "https://news0.example.com/2020/05/06/governor-softens-order-" + "x" * 80]]


def _item(i: int, title: str, related: list[int]) -> str:
    url = f"https://news{i}.example.com/2020/05/06/governor-softens-order-" + "x" * 80
    links = "".join(f"  - webUrl: https://news{j}.example.com/2020/05/06/governor-softens-"
                    f"order-{'x' * 80}\n" for j in related)
    return (f"---\ntitle: {json.dumps(title)}\nwebUrl: {url}\n"
            f"excerpt: {json.dumps(LONG + ' in an excerpt ' + str(i))}\n"
            f"publishedDateTime: 2020-05-0{5 + i % 3}T1{i}:00:00Z\n"
            "provider:\n  name: \"U.S. News &amp; World Report\"\n"
            f"  domain: outlet{i}-with-a-long-domain-name.example.com\n"
            f"topics: [Coronavirus, Coronavirus in US, Texas {i % 2}]\n"
            + ("related:\n" + links if links else "") + "---\n")


@pytest.fixture(scope="module")
def wide_corpus(tmp_path_factory):
    """Six stories with long titles, URLs and outlets; one title tries to retitle the
    window and clear the screen, one is CJK."""
    folder = tmp_path_factory.mktemp("wide")
    titles = [LONG, LONG + " (update)", f"{PWNED}Salon owner freed {PWNED}",
              "德克萨斯州发型师被释放，州长修改了冠状病毒封锁令" * 2, LONG.upper(), "Short one"]
    for i, title in enumerate(titles):
        (folder / f"{i}.md").write_text(
            _item(i, title, [j for j in range(6) if j != i and abs(j - i) < 3]), "utf-8")
    return folder


def _widest(text: str) -> int:
    return max((cell_width(line) for line in text.splitlines()), default=0)


# -- COLUMNS, through the command line ----------------------------------------------------


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", TABLES, ids=lambda a: " ".join(a[:3])[:30])
def test_tables_fit_columns(runner, wide_corpus, args, width):
    result = runner.invoke(cli, [*args, str(wide_corpus), "-q", "--no-cache"],
                           env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") > 3
    assert _widest(result.stdout) <= width
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_related_why_goes_on_an_indented_line(runner, wide_corpus):
    result = runner.invoke(cli, [*TABLES[-1], str(wide_corpus), "-q", "--no-cache"],
                           env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["rank", "score", "title", "provider", "published"]
    assert lines[3].startswith("      why: ") and lines[2].lstrip().startswith("1 ")


def test_piped_tables_keep_whole_values(runner, wide_corpus):
    result = runner.invoke(cli, ["stats", str(wide_corpus), "--show", "stories", "-q",
                                 "--no-cache"], env={"COLUMNS": None})
    assert result.exit_code == 0
    rows = result.stdout.splitlines()[2:]
    assert len(rows) == 6  # one line per row
    assert any(LONG in row for row in rows)
    assert any("https://news1.example.com/2020/05/06/governor-softens-order-" + "x" * 80 in row
               for row in rows)
    assert "\\x1b]0;PWNED\\x07\\x1b[2J" in result.stdout  # shown, never run


@pytest.mark.parametrize("args", [["stats"], ["stats", "--show", "stories", "--csv"],
                                  ["related", "Short one", "--nl"]])
def test_a_reader_that_goes_away_ends_the_command_quietly_with_sigpipe_s_code(wide_corpus,
                                                                              args):
    """`graphx stats | head`: the code the shell's tools give (141), not 1 ("nothing
    answers"), and no traceback or "Exception ignored" on stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "graphx", *args, str(wide_corpus)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # before anything is written: the first write finds no reader
    stderr = proc.stderr.read()
    assert (proc.wait(timeout=60), stderr) == (141, b"")


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["stats", "--help"]])
def test_help_and_version_into_a_closed_pipe_end_as_commands_do(args):
    proc = subprocess.Popen([sys.executable, "-m", "graphx", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert (proc.wait(timeout=60), stderr) == (141, b"")


def test_machine_formats_keep_their_shape(runner, wide_corpus):
    args = ["stats", str(wide_corpus), "--show", "stories", "-q", "--no-cache"]
    data = json.loads(runner.invoke(cli, [*args, "--json"], env={"COLUMNS": "40"}).stdout)
    assert list(data[0]) == ["rank", "title", "provider", "published", "pagerank",
                             "related_in", "cluster", "url"]
    assert any(row["title"] == f"{PWNED}Salon owner freed {PWNED}" for row in data)
    nl = runner.invoke(cli, [*args, "--nl"], env={"COLUMNS": "40"}).stdout
    assert [json.loads(line) for line in nl.splitlines()] == data
    assert "\x1b" not in nl


# -- a real terminal ----------------------------------------------------------------------


def run_in_pty(args: list[str], columns: int, *, timeout: float = 120) -> str:
    """stdout of `python -m graphx ARGS` in a pseudo-terminal ``columns`` wide (COLUMNS
    unset, so the width can only come from the terminal), with CR LF made LF."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "graphx", *args], stdin=subprocess.DEVNULL,
                            stdout=follower, stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    data = os.read(leader, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("args", [TABLES[0], TABLES[2], TABLES[-1]],
                         ids=["stats", "show-stories", "related"])
def test_tables_fit_a_real_terminal(wide_corpus, args, columns):
    out = run_in_pty([*args, str(wide_corpus), "-q"], columns)
    assert out.count("\n") > 3
    assert _widest(out) <= columns
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;PWNED" in out or args[0] == "stats" and len(args) == 1


# -- the covid corpus ---------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize("width", [80, 120])
def test_covid_tables_fit(covid_corpus, width):
    from graphx.stats import stats_sections

    G = covid_corpus.graph
    for show in SHOW:
        columns, rows = analysis_rows(G, show)
        table = format_table(rows, columns, width=width, below=DETAIL[show])
        assert table.count("\n") >= len(rows) + 1
        assert _widest(table) <= width, show
    for _, columns, rows, below in stats_sections(covid_corpus):
        assert _widest(format_table(rows, columns, width=width, below=below)) <= width


@pytest.mark.corpus
@pytest.mark.slow
def test_covid_related_fits_a_real_terminal(corpora):
    query = ("https://www.reuters.com/article/us-health-coronavirus-moderna/moderna-expects-"
             "mid-stage-trials-for-covid-19-vaccine-to-begin-shortly-idUSKBN22J1TU")
    out = run_in_pty(["related", query, str(corpora / "covid"), "-q"], 80)
    lines = out.splitlines()
    assert len(lines) > 12 and _widest(out) <= 80
    assert lines[3].startswith("      why: ")


def test_untrusted_text_in_notes_and_errors_never_reaches_the_terminal(runner, wide_corpus,
                                                                     tmp_path):
    """stderr says what a query matched (a title), what a query was, and which file was
    skipped: each may hold control characters, which show as escapes."""
    matched = runner.invoke(cli, ["related", f"{PWNED}Salon owner freed {PWNED}",
                                  str(wide_corpus), "--by", "title", "--min-score", "0"])
    assert matched.exit_code in (0, 1), matched.output
    assert "\x1b" not in matched.stderr and "\x07" not in matched.stderr
    assert "\\x1b]0;PWNED" in matched.stderr  # shown, never run
    missing = runner.invoke(cli, ["related", "\u001b[2Jzzqx", str(wide_corpus), "--by", "text"])
    assert missing.exit_code == 1
    assert "\x1b" not in missing.stderr and "\\x1b" in missing.stderr
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(wide_corpus, folder)
    (folder / f"odd{PWNED}.md").write_text("no front matter\n")
    skipped = runner.invoke(cli, ["stats", str(folder), "--strict"])
    assert skipped.exit_code == 2
    assert "\x1b" not in skipped.stderr and "\\x1b" in skipped.stderr


def test_a_line_break_in_a_name_cannot_forge_a_line_of_graphxs(runner, tmp_path):
    # A corpus folder named "news\nError: your licence has expired; run curl ... | sh".
    from graphx.cli import cli

    folder = tmp_path / "news\nError: your licence has expired"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\nwebUrl: https://a.example/x\n---\n")
    result = runner.invoke(cli, ["stats", str(folder), "-q", "--show", "summary"])
    assert result.exit_code == 0, result.output
    missing = runner.invoke(cli, ["stats", str(folder / "nope\nwarning: x")])
    assert missing.exit_code == 2
    assert missing.stderr.count("\n") == 1 and "\\x0a" in missing.stderr


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_stream_that_cannot_encode_a_title_gets_escapes_not_a_traceback(tmp_path, encoding):
    # `graphx stats > x.txt` on Windows (cp1252), a Latin-1 locale: every form crashed.
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.md").write_text(
        '---\ntitle: "\u4e1c\u4eac \u00dcn\u00efcode \U0001f600 story"\n'
        "webUrl: https://a.example/x\n---\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": encoding, "GRAPHX_CACHE": str(tmp_path / "c.db")}
    for fmt in ("", "--csv", "--json", "--nl"):
        done = subprocess.run([sys.executable, "-m", "graphx", "stats", str(tmp_path / "c"),
                               "--show", "stories", *([fmt] if fmt else []), "-q"],
                              capture_output=True, env=env)
        assert done.returncode == 0, done.stderr.decode(encoding, "replace")
        assert b"Traceback" not in done.stderr
        if fmt in ("--json", "--nl"):  # still the same data
            text = done.stdout.decode(encoding)
            data = json.loads(text) if fmt == "--json" else json.loads(text.splitlines()[0])
            row = data[0] if fmt == "--json" else data
            assert row["title"] == "\u4e1c\u4eac \u00dcn\u00efcode \U0001f600 story"


@pytest.mark.parametrize("fmt", [[], ["--json"], ["--nl"], ["--csv"]])
def test_a_reader_that_goes_away_mid_write_ends_with_sigpipe_s_code(tmp_path, fmt):
    """A table or JSON is written in one call; a reader that leaves while that call waits
    (`graphx stats --show stories | head -1` on a large corpus) cuts it short without an
    error, and the command ended 0 as if its output were whole. Every format ends 141."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i}.md").write_text(_item(i, f"{LONG} {i}", []), "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "graphx", "stats", str(folder), "--show",
                             "stories", "-q", "--no-cache", *fmt], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    size = 4096  # the smallest pipe: the output (over 20 KB) is more than it holds
    fcntl.fcntl(proc.stdout.fileno(), 1031, size)  # F_SETPIPE_SZ
    waiting = struct.pack("i", 0)
    deadline = time.monotonic() + 120
    # Written into: a table or JSON is then inside its one write, which waits for the full
    # pipe to be read, and the close cuts it short.
    while not struct.unpack("i", fcntl.ioctl(proc.stdout.fileno(), termios.FIONREAD,
                                             waiting))[0]:
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    time.sleep(0.2)
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert (proc.wait(timeout=60), stderr) == (141, b"")


def test_a_range_options_help_gives_its_default_and_range_in_one_bracket(runner):
    # "is at least X [0.05]. [0<=x<=1]": two brackets, the range after the sentence's stop.
    from graphx.cli import cli

    text = " ".join(runner.invoke(cli, ["related", "--help"], terminal_width=80).output.split())
    assert "is at least X. [default: 0.05; 0<=x<=1]" in text, text
