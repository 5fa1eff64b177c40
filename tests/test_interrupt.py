"""Interrupted and concurrent builds: what `graphx build` leaves behind when killed or doubled.

Builds run as real processes (`python -m graphx`) on a corpus of a few hundred files, are
killed with SIGKILL or SIGINT at seeded moments, and every output is then parsed: each must
be the complete output of the old corpus or of the new one, never a mix inside one file.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

from graphx import atomic
from graphx.atomic import STARTED, atomic_write, remove_stale_temps
from graphx.cache import ParseCache
from graphx.coverage_report import report_markdown
from graphx.files import load
from graphx.model import DEFAULT_LIMITS
from graphx.render import coverage_map

OUTPUTS = ["clusters.md", "coverage.graphml", "coverage.html", "load-report.json", "report.md",
           "stories.json"]
INTERRUPTED = "Interrupted; outputs already written are complete.\n"
STARTING = "Interrupted.\n"  # graphx/__main__.py: before the command line is loaded
WORDS = ["vaccine", "trial", "city", "council", "hospital", "school", "budget", "outbreak",
         "lockdown", "mask", "testing", "clinic", "border", "airline", "market", "workers",
         "nurses", "governor", "mayor", "study", "variant", "data"]
HOUR_AGO = time.time() - 3600  # corpus files are older than the cache's two-second distrust


def write_item(folder: Path, i: int, rng: random.Random, *, story: int, mtime: float) -> None:
    words = rng.sample(WORDS, 4)
    related = "".join(f"  - webUrl: https://news{j % 7}.example.com/{j}\n"
                      for j in range(story * 8, story * 8 + 3) if j != i)
    path = folder / f"{i // 100:02}" / f"{i:04}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        f"---\ntitle: \"Story {story} {' '.join(words)}\"\n"
        f"excerpt: \"{' '.join(rng.choices(WORDS, k=20))}\"\n"
        f"webUrl: https://news{i % 7}.example.com/{i}\n"
        f"publishedDateTime: 2020-05-{1 + i % 28:02}T10:00:00Z\n"
        f"provider:\n  name: News {i % 7}\n  domain: news{i % 7}.example.com\n"
        f"topics: [{WORDS[story % len(WORDS)]}, Coronavirus]\nrelated:\n{related}---\n"
    )
    os.utime(path, (mtime, mtime))


def graphx(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graphx", *args], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def past_python_startup(proc: subprocess.Popen) -> None:
    """Wait until ``proc`` runs graphx's own code. A signal that lands while the interpreter
    itself starts (its site module, runpy: the first tenth of a second, more on a loaded
    machine) meets Python's handling, not graphx's: a traceback and status 1 or -2, or no
    handler yet. graphx's main holds Ctrl-C while it imports numpy, so numpy mapped into the
    process marks the moment from which a Ctrl-C is graphx's to handle."""
    maps = Path(f"/proc/{proc.pid}/maps")
    while proc.poll() is None:
        try:
            if "_multiarray_umath" in maps.read_text():
                return
        except OSError:  # gone between poll and read
            return
        time.sleep(0.002)


def fingerprints(out: Path) -> dict[str, str]:
    """{output: the fingerprint it carries}; each file is parsed whole or the test fails."""
    G = nx.read_graphml(out / "coverage.graphml")
    page = (out / "coverage.html").read_text()
    assert page.endswith("</html>")
    marks = {}
    for name in ("report.md", "clusters.md"):
        text = (out / name).read_text()
        last = re.fullmatch(r"Corpus fingerprint: `([0-9a-f]{32})` · graphx 0\.1\.0\n",
                            text.splitlines(keepends=True)[-1])
        assert last, text[-200:]
        marks[name] = last[1]
    return {
        **marks,
        "coverage.graphml": G.graph["fingerprint"],
        "coverage.html": re.search(r'<meta name="graphx-fingerprint" content="([0-9a-f]{32})">',
                                   page)[1],
        "load-report.json": json.loads((out / "load-report.json").read_text())["fingerprint"],
        "stories.json": json.loads((out / "stories.json").read_text())["fingerprint"],
    }


def temp_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob(".*.tmp"))


def cached_paths(cache: Path, corpus: Path) -> tuple[int, int]:
    """(found, to parse) for the corpus in the parse cache, after an integrity check."""
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    files = [str(p) for p in sorted(corpus.rglob("*.md"))]
    parse_cache = ParseCache(cache, limits=DEFAULT_LIMITS)
    try:
        found, todo = parse_cache.lookup(files)
    finally:
        parse_cache.close()
    return len(found), len(todo)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A corpus built once (the old outputs), then changed: (corpus, old out, env, old and new
    fingerprints, files left unchanged, seconds a build takes)."""
    root = tmp_path_factory.mktemp("interrupt")
    corpus, old = root / "corpus", root / "old"
    corpus.mkdir()
    rng = random.Random(8)
    for i in range(400):
        write_item(corpus, i, rng, story=i // 8, mtime=HOUR_AGO)
    env = {**os.environ, "GRAPHX_CACHE": str(root / "cache.sqlite")}
    started = time.monotonic()
    done = graphx("build", str(corpus), "-o", str(old), "-q", env=env)
    assert done.communicate()[1] == "" and done.returncode == 0
    seconds = time.monotonic() - started
    old_fp = json.loads((old / "load-report.json").read_text())["fingerprint"]
    for i in (3, 150, 399):  # a new version of three stories, and one more story
        write_item(corpus, i, rng, story=i // 8 + 1, mtime=HOUR_AGO + 60)
    write_item(corpus, 400, rng, story=50, mtime=HOUR_AGO + 60)
    new_fp = load([str(corpus)]).report.fingerprint
    assert new_fp != old_fp
    return corpus, old, env, (old_fp, new_fp), 400 - 3, seconds


def kill_at(proc: subprocess.Popen, sig: int, when: float | str, out: Path) -> None:
    """Send ``sig`` ``when`` seconds after ``proc`` started (and no earlier than graphx's own
    code runs), or when a new temp file shows it writing outputs."""
    if when == "writing":
        before = set(temp_files(out))
        while proc.poll() is None and not set(temp_files(out)) - before:
            time.sleep(0.002)
    else:
        started = time.monotonic()
        past_python_startup(proc)
        time.sleep(max(0.0, when - (time.monotonic() - started)))
    if proc.poll() is None:
        proc.send_signal(sig)


@pytest.mark.slow
def test_killed_builds_leave_whole_old_or_new_outputs(built, tmp_path):
    corpus, old, env, known, unchanged, seconds = built
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes((old / name).read_bytes())
    rng = random.Random(130)
    kills = [(sig, when) for sig in (signal.SIGKILL, signal.SIGINT)
             for when in ["writing"] + [round(rng.uniform(0.3, seconds), 2) for _ in range(2)]]
    rng.shuffle(kills)
    outcomes = []  # (signal, when, exit code, outputs now new, temp files it left)
    queue, extra = list(kills), 0
    while queue:
        sig, when = queue.pop(0)
        before = set(temp_files(out))
        # --force: an earlier build in this loop may have finished, and each run must
        # really rebuild for the kill to land in real work.
        proc = graphx("build", str(corpus), "-o", str(out), "-q", "--force", env=env)
        kill_at(proc, sig, when, out)
        _, err = proc.communicate(timeout=120)
        found = fingerprints(out)
        left = len(set(temp_files(out)) - before)
        outcomes.append((sig.name, when, proc.returncode,
                         sum(f == known[1] for f in found.values()), left))
        if proc.returncode == 0:  # finished before the signal came
            assert err == ""
        elif sig == signal.SIGINT:  # (on a cold machine, maybe still importing)
            assert proc.returncode == 130 and err in (INTERRUPTED, STARTING)
        else:
            assert proc.returncode == -signal.SIGKILL
        assert set(found.values()) <= set(known), outcomes
        names = sorted(p.name for p in out.iterdir())
        # (and the folder of the related engine, once a build got as far as to save it, and
        # what changed since the build before, once a build finished: stories.json was there)
        assert [n for n in names if not n.endswith(".tmp") and n not in (
            "engine", "changes.json", "changes.md")] == OUTPUTS
        # SIGINT cleans up after itself; SIGKILL can leave the file it was writing, the
        # related index it wrote first (a folder), and what the child writing GraphML and
        # the reports beside it had written whole (graphx.aside) when it died.
        assert left <= 5 * (sig == signal.SIGKILL), outcomes
        # A SIGKILL can land where no temporary file is left (between two files, or while
        # only the child writing GraphML and the reports works, which stops with its
        # parent): on a loaded machine (CI beside fresh-check) the one "writing" kill left
        # none. A few more, until one lands mid-write.
        if not queue and not sum(o[4] for o in outcomes) and extra < 4:
            queue.append((signal.SIGKILL, "writing"))
            extra += 1
    assert sum(o[2] != 0 for o in outcomes) >= 2, outcomes  # the builds were cut short
    assert sum(o[4] for o in outcomes) >= 1, outcomes  # a SIGKILL mid-write left a temp file
    # The next complete build replaces everything, sweeps leftovers and reads the cache.
    proc = graphx("build", str(corpus), "-o", str(out), "--force", env=env)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    parsed, from_cache = map(int, re.search(r"\((\d+) parsed, (\d+) from the parse cache\)",
                                            err).groups())
    assert parsed + from_cache == unchanged + 4 and from_cache >= unchanged
    assert set(fingerprints(out).values()) == {known[1]}
    assert temp_files(out) == []
    assert cached_paths(Path(env["GRAPHX_CACHE"]), corpus) == (unchanged + 4, 0)


@pytest.mark.slow
def test_two_builds_at_once_into_one_folder(built, tmp_path):
    corpus, _, env, known, unchanged, _ = built
    env = {**env, "GRAPHX_CACHE": str(tmp_path / "fresh.sqlite")}  # both parse, both store
    out = tmp_path / "out"
    procs = [graphx("build", str(corpus), "-o", str(out), "-q", env=env) for _ in range(2)]
    results = [(p.communicate(timeout=120)[1], p.returncode) for p in procs]
    assert results == [("", 0), ("", 0)]
    assert set(fingerprints(out).values()) == {known[1]}
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, "engine"])
    assert cached_paths(Path(env["GRAPHX_CACHE"]), corpus) == (unchanged + 4, 0)


@pytest.mark.slow
@pytest.mark.parametrize(("command", "moment"), [
    (["related", "-f", "-"], 1.2),  # the corpus is built: it waits for queries on stdin
    (["map", "-o"], 0.4),  # building the corpus
])
def test_ctrl_c_during_related_and_map_exits_130(built, tmp_path_factory, tmp_path, command,
                                                  moment):
    corpus, _, env, _, _, seconds = built
    args = [*command, str(tmp_path / "map.html")] if command[0] == "map" else command
    if command[0] == "map":  # timed on its own: with a warm parse cache it beats a build
        started = time.monotonic()
        other = tmp_path_factory.mktemp("map") / "map.html"
        done = graphx("map", "-o", str(other), str(corpus), "-q", env=env)
        assert done.communicate()[1] == "" and done.returncode == 0
        seconds = time.monotonic() - started
    for _ in range(3):
        proc = graphx(*args, str(corpus), "-q", env=env)
        kill_at(proc, signal.SIGINT, moment * seconds, tmp_path)
        said = proc.communicate(timeout=60)
        assert proc.returncode == 130 and list(tmp_path.iterdir()) == []
        # On a cold machine (a fresh clone's first run) the signal can land while Python is
        # still importing, which says "Interrupted." alone, as it should: that is not the
        # moment asked for, so the same moment is tried again, now that imports are warm.
        if said != ("", STARTING):
            break
    assert said == ("", INTERRUPTED)


def test_every_output_names_its_corpus(built):
    _, old, _, known, _, _ = built
    assert fingerprints(old) == dict.fromkeys(OUTPUTS, known[0])


def test_graph_without_fingerprint_still_renders():
    G = nx.MultiDiGraph()
    G.add_node("article:a.com/x", kind="article", title="X", url="https://a.com/x")
    assert '<meta name="graphx-fingerprint" content="">' in coverage_map(G).html
    assert report_markdown(G).endswith("Corpus fingerprint: `n/a` · graphx 0.1.0\n")


def test_next_write_removes_only_stale_unlocked_temps_of_its_own_file(tmp_path):
    path = tmp_path / "report.md"
    stale, held, fresh = (tmp_path / f".report.md.{tag}.tmp" for tag in
                          ("dead0000", "held0000", "fresh000"))
    others = [tmp_path / ".coverage.html.dead0000.tmp", tmp_path / ".report.md.notes.tmp"]
    for p in (stale, held, fresh, *others):
        p.write_text("half")
        if p is not fresh:
            os.utime(p, (STARTED - 60, STARTED - 60))
    with open(held, "rb") as fh:  # locked, as a live writer holds its temp file
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        assert remove_stale_temps(path) == [str(stale)]
        atomic_write(path, "whole\n")
    assert path.read_text() == "whole\n"
    assert sorted(p.name for p in tmp_path.glob(".*.tmp")) == sorted(
        p.name for p in (held, fresh, *others))


@pytest.mark.parametrize("name", [
    "a" * 250 + ".html",                      # 255 bytes, the most a name can have
    "é" * 120 + ".graphml",                   # 248 bytes of two-byte characters
    "m" * 242,                                # the shortest name whose temp name is too long
])
def test_a_name_as_long_as_the_file_system_allows_is_written(tmp_path, name):
    path = tmp_path / name
    atomic_write(path, "first")
    atomic_write(path, "second")
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert path.read_text() == "second"
    stale = tmp_path / f".{atomic._temp_stem(name)}.dead0000.tmp"
    stale.write_text("half")
    os.utime(stale, (STARTED - 60, STARTED - 60))
    assert remove_stale_temps(path) == [str(stale)]
    other = "m" * 241 + "n"  # same first bytes, another name: another stem
    assert atomic._temp_stem(other) != atomic._temp_stem("m" * 242)


def test_a_link_is_written_through_and_a_pipe_written_into_never_replaced(tmp_path):
    target = tmp_path / "target.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    atomic_write(link, "new")
    assert link.is_symlink() and target.read_text() == "new"  # as a shell's > would
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "made.json")
    atomic_write(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "made.json").read_text() == "made"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    atomic_write(fifo, "through the pipe")
    assert reader.communicate(timeout=30)[0] == b"through the pipe"
    assert fifo.is_fifo()


def _one_item(folder: Path) -> Path:
    """A corpus folder of one news item."""
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\nwebUrl: https://a.example.com/a\n---\n")
    return folder


def test_dash_writes_an_export_or_the_map_to_stdout(tmp_path):
    folder = _one_item(tmp_path / "c")
    for args in (["export", str(folder), "-o", "-", "--format", "json"],
                 ["map", str(folder), "-o", "-"]):
        done = subprocess.run([sys.executable, "-m", "graphx", *args, "-q"],
                              capture_output=True, timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.lstrip().startswith((b"{", b"<")), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]  # no file named "-"


def test_dash_appends_to_what_the_shell_opened_and_ends_quietly_when_the_reader_goes(tmp_path):
    folder = _one_item(tmp_path / "c")
    log = tmp_path / "log.txt"
    log.write_text("first\n")
    args = [sys.executable, "-m", "graphx", "export", str(folder), "-o", "-", "--format",
            "json", "-q"]
    with open(log, "ab") as out:  # `>> log.txt`
        assert subprocess.run(args, stdout=out, timeout=120).returncode == 0
    text = log.read_text()
    assert text.startswith("first\n{") and json.loads(text[len("first\n"):])["graph"]
    others = [[*args[:-2], fmt, "-q"] for fmt in ("sqlite", "graphml", "gexf", "graphology")]
    for command in (args, *others, [sys.executable, "-m", "graphx", "map", str(folder), "-o", "-"]):
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()  # `| head -c 0`: the reader is gone before the first write
        assert (proc.wait(timeout=120), proc.stderr.read()) == (141, b"")
        proc.stderr.close()


@pytest.mark.parametrize(("extra", "said"), [
    ([], "-o - (standard output) needs --format"),
    (["--format", "csv"], "--format csv writes a folder; -o - (standard output) takes a "
                          "one-file format")])
def test_dash_needs_a_one_file_format(runner, tmp_path, extra, said):
    from graphx.cli import cli

    folder = _one_item(tmp_path / "c")
    result = runner.invoke(cli, ["export", str(folder), "-o", "-", *extra])
    assert result.exit_code == 2 and said in result.stderr


def test_a_deferred_temporary_file_stays_locked_until_it_is_renamed(tmp_path):
    """Unlocked between its close and the rename at the end of the block, another build
    starting meanwhile could take it for a dead writer's and sweep it away."""
    import graphx.atomic as atomic

    def locked(path) -> bool:
        with open(path, "rb") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False

    target = tmp_path / "out.json"
    with atomic.replacing_together():
        atomic_write(target, "mine")
        (tmp,) = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert locked(tmp) and not target.exists()
        handed = tmp_path / ".other.json.abcdefgh.tmp"  # as a child process hands one over
        handed.write_text("its")
        atomic.deferred().append((str(handed), str(tmp_path / "other.json")))
        atomic.hold(str(handed))
        assert locked(handed)
    assert target.read_text() == "mine" and (tmp_path / "other.json").read_text() == "its"
    assert atomic._HELD == {} and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    with pytest.raises(KeyboardInterrupt), atomic.replacing_together():
        atomic_write(target, "never")
        raise KeyboardInterrupt
    assert atomic._HELD == {} and target.read_text() == "mine"


def test_a_finished_file_another_run_removed_is_said_so(tmp_path):
    # Two builds into one folder: the second took the first's handed-over GraphML for a
    # killed build's; the first failed with "No such file or directory", pointing nowhere.
    from graphx import atomic
    from graphx.errors import OutputError

    handed = tmp_path / ".coverage.graphml.abcdefgh.tmp"
    handed.write_text("graph")
    with pytest.raises(OutputError) as caught, atomic.replacing_together():
        atomic.deferred().append((str(handed), str(tmp_path / "coverage.graphml")))
        handed.unlink()  # the other run
    assert str(caught.value) == (
        f"cannot write {tmp_path / 'coverage.graphml'}: another run writing into {tmp_path} "
        "at the same time removed this build's finished file; build again once that run is "
        "done")


def test_a_ctrl_c_between_clicks_handlers_and_the_end_is_130_not_a_death_by_signal(
        monkeypatch, capsys):
    # One landing after the command returned (click's sys.exit on its way out) escaped
    # every handler: Python ended by the signal itself, status -2 (seen once in a run).
    import graphx.__main__ as entry
    import graphx.cli

    def ends_then_interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(graphx.cli, "cli", ends_then_interrupted)
    previous = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as exc:
            entry.main()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert exc.value.code == 130
    assert capsys.readouterr().err == INTERRUPTED


def test_a_ctrl_c_that_a_c_extension_turned_into_its_own_error_is_130(runner, tmp_path,
                                                                      monkeypatch):
    # scipy.optimize, imported when a build first fits its ranking, raised "ImportError:
    # initialization failed" from the KeyboardInterrupt: a traceback and exit 1.
    import graphx.cli
    from graphx.cli import cli

    def interrupted(*args, **kwargs):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise ImportError("initialization failed") from exc

    (tmp_path / "a.md").write_text("---\ntitle: A\nwebUrl: https://a.example/x\n---\n")
    monkeypatch.setattr(graphx.cli, "build_corpus", interrupted, raising=False)
    monkeypatch.setattr("graphx.pipeline.build_corpus", interrupted)
    result = runner.invoke(cli, ["build", str(tmp_path), "-o", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (130, INTERRUPTED)
    # An error of its own is still one.
    assert not graphx.cli.by_ctrl_c(ImportError("no module"))


@pytest.mark.slow
def test_sigterm_stops_a_build_as_ctrl_c_does_and_leaves_no_temporary_file(built, tmp_path):
    # `timeout`, systemd and `docker stop` send SIGTERM: the build ended with no word,
    # status 124/-15, and left .coverage.graphml.*.tmp and the rest beside the outputs.
    corpus, _, env, _, _, _ = built
    out = tmp_path / "out"
    for _ in range(3):
        proc = graphx("build", str(corpus), "-o", str(out), "-q", "--force", env=env)
        kill_at(proc, signal.SIGTERM, "writing", out)
        said = proc.communicate(timeout=120)
        if proc.returncode == 0:  # done before the signal: try again
            continue
        assert (proc.returncode, said) == (143, ("", INTERRUPTED)), said
        assert temp_files(out) == []
        return
    pytest.skip("the build finished before SIGTERM three times")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.slow
def test_sigterm_to_the_process_group_stops_a_parse_pool_at_once(tmp_path):
    # `timeout` and systemd send SIGTERM to every process of the group: the pool's workers
    # took it as graphx's main does (KeyboardInterrupt), died mid-batch, the broken pool's
    # manager thread died with a traceback, and graphx waited on its other worker until
    # SIGKILL, 1 or 2 runs in 9.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rng = random.Random(11)
    for i in range(3000):
        write_item(corpus, i, rng, story=i // 8, mtime=HOUR_AGO)
    env = {**os.environ, "GRAPHX_CACHE": str(tmp_path / "cache.sqlite")}
    stopped = 0
    for attempt in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-m", "graphx", "stats", str(corpus), "--no-cache", "-j", "2",
             "--show", "summary"], env=env, text=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, start_new_session=True)
        # The first time as the pool forks its workers (a worker not yet set to leave the
        # signal to graphx took it and broke the pool), then while they work.
        while proc.poll() is None and len(_children(proc.pid)) < (1 if attempt == 0 else 2):
            time.sleep(0.001)
        time.sleep(0.05 * attempt)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            err = proc.communicate(timeout=30)[1]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"SIGTERM {0.05 * attempt:.2f} s into the pool: no exit in 30 s")
        if proc.returncode == 0:
            continue
        assert (proc.returncode, "Traceback" in err) == (143, False), err
        assert err in (INTERRUPTED, STARTING), err
        stopped += 1
    assert stopped >= 3
