"""Parsing on a Dask cluster gives exactly the records of parsing on this machine."""

from __future__ import annotations

import contextlib
import os
import tempfile

import pytest

from graphx.cli import cli
from graphx.dask_workers import dask_executor
from graphx.errors import InputError
from graphx.files import load

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def local_cluster(folder):
    """A local cluster of two worker processes whose scratch space (Dask's
    dask-scratch-space, its locks) is in ``folder``, never the system's temp folder, where
    it outlived the tests."""
    import dask

    with dask.config.set({"temporary-directory": str(folder)}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=None,
                                     local_directory=str(folder)) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A local cluster of two worker processes, as a scheduler address."""
    with local_cluster(tmp_path_factory.mktemp("dask")) as cluster:
        yield cluster.scheduler_address


def test_the_cluster_leaves_nothing_in_the_system_temp_folder(tmp_path, monkeypatch):
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_temp))  # the worker processes' temp folder too
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert tempfile.gettempdir() == str(system_temp)
    with local_cluster(tmp_path / "scratch") as cluster, \
            distributed.Client(cluster) as client:
        assert client.submit(sum, [1, 2]).result() == 3
    assert sorted(os.listdir(system_temp)) == []
    assert os.listdir(tmp_path / "scratch")


@pytest.fixture
def corpus(tmp_path):
    from hostile import write_hostile_corpus

    folder = tmp_path / "corpus"
    write_hostile_corpus(folder)
    for i in range(600):  # enough for several batches of 256
        (folder / f"item{i:03}.md").write_text(
            f"---\ntitle: Story {i}\nwebUrl: https://news{i % 7}.example.com/{i}\n"
            f"topics: [T{i % 5}]\nrelated:\n  - webUrl: https://news.example.com/{i + 1}\n---\n")
    return folder


def test_a_dask_load_gives_the_same_records_and_report(scheduler, corpus):
    here_items, here_report = load([str(corpus)])
    with dask_executor(scheduler) as executor:
        there_items, there_report = load([str(corpus)], executor=executor)
    assert there_items == here_items
    assert there_report.to_dict() == here_report.to_dict()
    assert here_report.skipped  # the hostile files are skipped the same way on both


@pytest.mark.corpus
def test_the_covid_corpus_loads_the_same_on_two_workers(scheduler, corpora):
    path = str(corpora / "covid")
    with dask_executor(scheduler) as executor:
        there = load([path], executor=executor)
    assert there == load([path], jobs=1)


def test_build_with_dask_writes_what_a_local_build_writes(runner, scheduler, corpus, tmp_path):
    local = runner.invoke(cli, ["stats", str(corpus), "--json", "--no-cache", "-q"])
    remote = runner.invoke(cli, ["stats", str(corpus), "--json", "--no-cache", "-q",
                                 "--dask", scheduler])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout


def test_an_unreachable_scheduler_is_one_sentence(runner, corpus, monkeypatch):
    import graphx.dask_workers

    monkeypatch.setattr(graphx.dask_workers, "CONNECT_SECONDS", 1)
    with (pytest.raises(InputError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
          dask_executor("tcp://127.0.0.1:9")):
        pass
    result = runner.invoke(cli, ["stats", str(corpus), "--no-cache", "--dask",
                                 "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(("address", "said"), [
    ("http://127.0.0.1:8787", "is a web address (the Dask dashboard's, perhaps)"),
    ("tcp://127.0.0.1", "is no Dask scheduler address (missing port number"),
    ("ftp://host:21", "is no Dask scheduler address (unknown address scheme 'ftp'"),
])
def test_an_address_no_scheduler_has_is_one_sentence_at_once(tmp_path, address, said):
    # The dashboard's address gave the sentence, then a 20 s wait and a traceback at exit
    # (the half-made Client closing a connection that never opened).
    import subprocess
    import sys
    import time

    (tmp_path / "a.md").write_text("---\ntitle: A\nwebUrl: https://a.example.com/a\n---\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "graphx", "stats", str(tmp_path), "--no-cache",
                           "--dask", address], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and time.monotonic() - started < 10
    line = " ".join(done.stderr.split())  # one sentence, wrapped to 80 columns
    assert "Traceback" not in line and line.count("Error") == 1, done.stderr
    assert line.startswith(f"Error: --dask {address} {said}"), line
    assert line.endswith("; give the scheduler's address, such as tcp://HOST:8786")
