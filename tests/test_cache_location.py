"""Where the parse cache lives (never a folder named "~", nor the current folder by
accident), and how graphx says it cannot use one."""

from __future__ import annotations

import os
import pwd
import sys
import time
import warnings

import pytest

import graphx
from graphx.cache import NoCacheHome, ParseCache, default_cache_path
from graphx.cli import cli


def write_corpus(folder):
    """Six items on one story, each listing the next as related (`related` has answers),
    modified a minute ago."""
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: Ontario patios reopen {i}\nwebUrl: https://news{i}.example.com/s{i}\n"
            f"related:\n  - webUrl: https://news{(i + 1) % 6}.example.com/s{(i + 1) % 6}\n---\n")
        old = time.time() - 60  # a saved engine is made only of files that have settled
        os.utime(folder / f"{i}.md", (old, old))


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder of its own, no GRAPHX_CACHE or XDG_CACHE_HOME, and a current folder
    that must stay empty."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("GRAPHX_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    return folder


@pytest.fixture
def homeless(home, monkeypatch):
    """HOME unset and no entry in the password database (docker --user 4242, setpriv)."""
    monkeypatch.delenv("HOME")

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert os.path.expanduser("~") == "~"  # what made ./~/.cache/graphx


def test_a_tilde_in_graphx_cache_is_the_home_folder(home, tmp_path, monkeypatch):
    # Quoted, or from an env file, docker --env-file or systemd: no shell expanded it.
    monkeypatch.setenv("GRAPHX_CACHE", "~/.cache/graphx/mine.sqlite")
    assert default_cache_path() == home / ".cache" / "graphx" / "mine.sqlite"
    monkeypatch.setenv("GRAPHX_CACHE", "~")
    assert default_cache_path() == home


def test_a_run_with_a_tilde_in_graphx_cache_writes_nothing_here(home, tmp_path, runner,
                                                               monkeypatch):
    write_corpus(tmp_path / "c")
    monkeypatch.setenv("GRAPHX_CACHE", "~/.cache/graphx/mine.sqlite")
    result = runner.invoke(cli, ["related", "Ontario patios", str(tmp_path / "c"), "-n", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert os.listdir(".") == []
    assert (home / ".cache" / "graphx" / "mine.sqlite").is_file()
    assert (home / ".cache" / "graphx" / "engines").is_dir()


def test_a_relative_graphx_cache_is_taken_from_the_current_folder(home, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("GRAPHX_CACHE", "caches/c.sqlite")
    assert ParseCache().opened
    assert (tmp_path / "here" / "caches" / "c.sqlite").is_file()


def test_a_relative_xdg_cache_home_is_ignored(home, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    assert default_cache_path() == home / ".cache" / "graphx" / "parse-cache.sqlite"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert default_cache_path() == home / ".cache" / "graphx" / "parse-cache.sqlite"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg"))
    assert default_cache_path() == home / "xdg" / "graphx" / "parse-cache.sqlite"


@pytest.mark.usefixtures("homeless")
def test_with_no_home_there_is_no_default_path():
    with pytest.raises(NoCacheHome, match="no home folder: HOME is unset and user id"):
        default_cache_path()


@pytest.mark.usefixtures("homeless")
def test_with_no_home_a_tilde_in_graphx_cache_is_not_a_folder_named_tilde(monkeypatch):
    monkeypatch.setenv("GRAPHX_CACHE", "~/.cache/graphx/mine.sqlite")
    with pytest.raises(NoCacheHome, match=r"cannot expand GRAPHX_CACHE \(~/\.cache/graphx/"
                                          r"mine\.sqlite\): no home folder"):
        default_cache_path()
    monkeypatch.setenv("GRAPHX_CACHE", "~nosuchuser-graphx/c.sqlite")
    with pytest.raises(NoCacheHome, match="no such user"):
        default_cache_path()


@pytest.mark.usefixtures("homeless")
def test_with_no_home_the_api_runs_without_a_cache_and_says_why():
    with pytest.warns(UserWarning, match="running without a parse cache: no home folder"):
        cache = ParseCache()
    assert not cache.opened and cache.path is None
    cache.close()
    assert os.listdir(".") == []


@pytest.mark.usefixtures("homeless")
@pytest.mark.parametrize(("command", "before", "after"), [
    ("stats", [], ["--show", "summary"]), ("related", ["Ontario patios"], ["-n", "1"]),
    ("build", [], ["-o", "../out"])])
def test_with_no_home_a_command_runs_without_a_cache_with_one_warning(tmp_path, runner,
                                                                      command, before, after):
    write_corpus(tmp_path / "c")
    result = runner.invoke(cli, [command, *before, str(tmp_path / "c"), *after])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warned) == 1, result.stderr
    assert warned[0].startswith("warning: running without a parse cache: no home folder: "
                                "HOME is unset")
    assert os.listdir(".") == []  # no ./~/.cache/graphx in the current folder


HINT = "(set GRAPHX_CACHE to a file in a folder you can write)"


def _unusable_home(home):
    """Make ``home``'s .cache a file, so no cache can be made under it (as root too)."""
    (home / ".cache").write_text("not a folder")
    return home / ".cache" / "graphx" / "parse-cache.sqlite"


def test_the_api_warns_once_per_process_from_the_users_line(home, tmp_path):
    write_corpus(tmp_path / "c")
    path = _unusable_home(home)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # Python's own once-per-line filter plays no part
        line = _line() + 1
        graphx.build_corpus([str(tmp_path / "c")])
        graphx.build_corpus([str(tmp_path / "c")])
        graphx.related_engine([str(tmp_path / "c")])
    assert [str(w.message) for w in caught] == [
        f"running without a parse cache: cannot use {path} (Not a directory) {HINT}"]
    assert (caught[0].filename, caught[0].lineno) == (__file__, line)  # not graphx/cache.py


def test_another_cause_is_warned_too(home, tmp_path, monkeypatch):
    _unusable_home(home)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ParseCache()
        (tmp_path / "elsewhere").write_text("")
        monkeypatch.setenv("GRAPHX_CACHE", str(tmp_path / "elsewhere" / "c.sqlite"))
        ParseCache()
        ParseCache()
    assert len(caught) == 2 and all(str(w.message).endswith(HINT) for w in caught)
    assert {w.filename for w in caught} == {__file__}


def test_the_cli_says_it_as_one_line_with_the_fix(home, tmp_path, runner):
    write_corpus(tmp_path / "c")
    path = _unusable_home(home)
    result = runner.invoke(cli, ["stats", str(tmp_path / "c"), "--show", "summary"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"warning: running without a parse cache: cannot use {path} "
                             f"(Not a directory) {HINT}\n")


def _line() -> int:
    """The number of the caller's line."""
    return sys._getframe(1).f_lineno
