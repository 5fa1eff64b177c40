"""Steps run beside the build in a forked child: the same results, errors and warnings as
in place, files handed to the build's replacing_together, and nothing left when stopped."""

from __future__ import annotations

import os
import signal
import threading
import time
import warnings

import pytest

from graphx import aside
from graphx.aside import Aside, stop_all
from graphx.atomic import atomic_write, replacing_together
from graphx.errors import OutputError


@pytest.fixture(params=["forked", "in place"])
def mode(request, monkeypatch):
    monkeypatch.setenv("GRAPHX_ASIDE", "1" if request.param == "forked" else "0")
    if request.param == "forked":
        monkeypatch.setattr(aside, "can_fork", lambda **_: True)
    return request.param


def square(x):
    warnings.warn(f"squaring {x}", stacklevel=1)
    return {"x": x * x, "pid": os.getpid()}


def test_a_result_and_its_warnings_come_back(mode):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        step = Aside(square, 7)
        assert step.forked == (mode == "forked")
        value = step.result()
    assert value["x"] == 49
    assert (value["pid"] != os.getpid()) == (mode == "forked")
    assert [str(w.message) for w in caught] == ["squaring 7"]
    assert step.result() is value  # asked again: the same, not made again


def fail(path):
    raise OutputError(f"cannot write {path}: No space left on device")


def test_an_error_is_raised_in_the_build(mode, tmp_path):
    step = Aside(fail, tmp_path / "x")
    with pytest.raises(OutputError, match="No space left on device"):
        step.result()


def write_two(folder):
    atomic_write(folder / "a.txt", "a")
    atomic_write(folder / "b.txt", "b")
    return "done"


def test_files_written_aside_are_replaced_with_the_builds_own(mode, tmp_path):
    with replacing_together():
        step = Aside(write_two, tmp_path)
        atomic_write(tmp_path / "c.txt", "c")
        assert step.result() == "done"
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".tmp")) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt"]


def test_a_failed_build_leaves_nothing_a_child_wrote(tmp_path, monkeypatch):
    monkeypatch.setattr(aside, "can_fork", lambda **_: True)
    with pytest.raises(KeyboardInterrupt), replacing_together():
        try:
            step = Aside(write_two, tmp_path)
            time.sleep(0.5)  # the child is done, and has not handed its files over
            assert step.forked
            raise KeyboardInterrupt
        finally:
            stop_all()
    assert list(tmp_path.iterdir()) == []


def slow_write(folder):
    atomic_write(folder / "a.txt", "a")
    time.sleep(30)


def test_a_child_still_working_is_stopped_and_cleans_up(tmp_path, monkeypatch):
    monkeypatch.setattr(aside, "can_fork", lambda **_: True)
    started = time.monotonic()
    with replacing_together(), Aside(slow_write, tmp_path):
        time.sleep(0.5)
    assert time.monotonic() - started < 10
    assert list(tmp_path.iterdir()) == []


def test_no_fork_without_a_second_core_or_free_memory(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not aside.can_fork()
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(aside, "_available_bytes", lambda: 10**9)
    monkeypatch.setattr(aside, "_resident_bytes", lambda: 2 * 10**9)
    assert not aside.can_fork()
    # A child can end up with a copy of all of the build while the build grows beside it:
    # free memory must hold twice the build.
    monkeypatch.setattr(aside, "_resident_bytes", lambda: 6 * 10**8)
    assert not aside.can_fork()
    monkeypatch.setattr(aside, "_resident_bytes", lambda: 10**8)
    assert aside.can_fork() and not aside.can_fork(extra=10**9)
    monkeypatch.setenv("GRAPHX_ASIDE", "0")
    assert not aside.can_fork()
    monkeypatch.setenv("GRAPHX_ASIDE", "1")
    monkeypatch.setattr(aside, "_available_bytes", lambda: 0)  # no /proc: not Linux
    assert not aside.can_fork()


def where(x):
    return {"x": x * x, "pid": os.getpid(), "thread": threading.get_ident()}


def test_a_step_started_in_a_thread_runs_there_and_gives_its_result(monkeypatch):
    monkeypatch.setattr(aside, "can_fork", lambda **_: False)
    step = Aside(where, 7)
    assert step.start_thread() and step.start_thread()  # once, however often asked
    value = step.result()
    assert value["x"] == 49 and value["pid"] == os.getpid()
    assert value["thread"] != threading.get_ident()
    assert step.result() is value
    assert not step.start_thread()  # done: nothing to start


def test_a_step_in_a_thread_raises_its_error_in_the_build(monkeypatch, tmp_path):
    monkeypatch.setattr(aside, "can_fork", lambda **_: False)
    step = Aside(fail, tmp_path / "x")
    assert step.start_thread()
    with pytest.raises(OutputError, match="No space left on device"):
        step.result()


def test_no_thread_for_a_forked_step_on_one_core_or_when_turned_off(monkeypatch):
    monkeypatch.setattr(aside, "can_fork", lambda **_: True)
    forked = Aside(where, 2)
    assert not forked.start_thread() and forked.result()["pid"] != os.getpid()
    monkeypatch.setattr(aside, "can_fork", lambda **_: False)
    monkeypatch.setattr(aside, "_available_bytes", lambda: 10**9)
    for env, cores, extra in (("1", 1, 0), ("0", 2, 0), ("1", 2, 10**9)):
        monkeypatch.setenv("GRAPHX_ASIDE", env)
        monkeypatch.setattr(os, "cpu_count", lambda cores=cores: cores)
        step = Aside(where, 3)
        assert not step.start_thread(extra=extra)
        assert step.result()["thread"] == threading.get_ident()  # in place
    step = Aside(where, 4)
    assert step.start_thread(extra=10**9 - 1)  # what it makes fits in free memory
    assert step.result()["thread"] != threading.get_ident()


def test_a_child_the_build_lost_track_of_writes_nothing(tmp_path, monkeypatch):
    # A Ctrl-C taken by another thread of the build can surface just after fork returns,
    # before the child's pid is kept: that child must exit without writing a file.
    monkeypatch.setattr(aside, "can_fork", lambda **_: True)
    real_fork = os.fork

    def fork_then_interrupted():
        pid = real_fork()
        if pid:
            raise KeyboardInterrupt
        return pid

    monkeypatch.setattr(os, "fork", fork_then_interrupted)
    before = set(os.listdir("/proc/self/fd"))
    with pytest.raises(KeyboardInterrupt), replacing_together():
        Aside(write_two, tmp_path)
    time.sleep(0.5)  # time enough for a child that went on to write both files
    assert list(tmp_path.iterdir()) == []
    assert set(os.listdir("/proc/self/fd")) <= before  # no end of a pipe left open
    assert not aside._LIVE  # nothing left to stop
    # and Ctrl-C is no longer held back (a process started now would inherit that)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


@pytest.mark.corpus
@pytest.mark.slow
def test_a_build_writes_the_same_bytes_forked_or_in_place(corpora, tmp_path, monkeypatch):
    # The engine's text indexes made beside the analysis, GraphML and the reports written
    # beside the engine and the map: every output as a build on one core writes it.
    from graphx.pipeline import CorpusOptions, build_corpus, write_build

    # With no child (too large a build), the text indexes are made in a thread while
    # GraphML and the reports are written; GRAPHX_ASIDE=0 does everything in turn.
    written, started, real_start = {}, [], threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start",
                        lambda self: (started.append(self.name), real_start(self))[1])
    for mode in ("forked", "thread", "in place"):
        monkeypatch.setattr(aside, "can_fork", lambda mode=mode, **_: mode == "forked")
        monkeypatch.setenv("GRAPHX_ASIDE", "0" if mode == "in place" else "1")
        started.clear()
        corpus = build_corpus([str(corpora / "covid")], CorpusOptions(cache=False),
                              engine=True)
        assert (corpus.engine_parts.forked if corpus.engine_parts else False) == (
            mode == "forked")
        out = tmp_path / mode
        write_build(corpus, out)
        assert ("graphx-text_parts" in started) == (mode == "thread")
        written[mode] = {p.relative_to(out).as_posix(): p.read_bytes()
                         for p in sorted(out.rglob("*")) if p.is_file()}
    for mode in ("thread", "in place"):
        forked, other = written["forked"], written[mode]
        assert sorted(forked) == sorted(other)
        # The engine's record of its own files' identities (inode, time) differs by nature.
        differ = {name for name in forked if forked[name] != other[name]}
        assert differ <= {"engine/meta.json", "engine/meta.crc32", "engine/verified.json"}
        for name in ("coverage.graphml", "coverage.html", "report.md", "clusters.md",
                     "stories.json", "load-report.json"):
            assert forked[name] == other[name], (mode, name)


def die_unless_in(pid):
    if os.getpid() != pid:
        os._exit(9)  # as a child the kernel killed for memory would
    return "done here"


def test_a_child_that_dies_has_its_step_done_in_the_build(monkeypatch):
    monkeypatch.setattr(aside, "can_fork", lambda **_: True)
    step = Aside(die_unless_in, os.getpid())
    assert step.forked
    assert step.result() == "done here"
    assert not step.forked  # done in place


def test_a_step_dropped_unasked_stops_its_child(monkeypatch):
    monkeypatch.setattr(aside, "can_fork", lambda **_: True)
    step = Aside(time.sleep, 30)
    pid = step.pid
    assert pid
    del step  # no result asked for: a library caller that stopped at an error
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already waited for: stopped, not left running


def test_freed_memory_goes_back_to_the_system_between_steps(monkeypatch, tmp_path):
    from pathlib import Path

    from graphx.pipeline import CorpusOptions, build_corpus, write_build

    trims = []
    monkeypatch.setattr(aside, "_malloc_trim", lambda: trims.append)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    corpus = build_corpus([str(seeds)], CorpusOptions(cache=False), engine=True)
    assert trims == [0, 0, 0]  # after the graph, the similar edges and the clusters
    write_build(corpus, tmp_path / "out")
    # and after the text indexes are taken, the engine made and the engine saved
    assert trims[3:] == [0] * (len(trims) - 3) and len(trims) >= 6
    monkeypatch.setattr(aside, "_malloc_trim", lambda: None)
    aside.give_back()  # no malloc_trim (not glibc): nothing to do
    monkeypatch.undo()
    import platform

    assert (aside._malloc_trim() is not None) == (platform.libc_ver()[0] == "glibc")
    aside.give_back()
