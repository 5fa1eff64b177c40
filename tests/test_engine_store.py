"""Saved related engines: the same answers as a built one, used only for the same corpus."""

import json
import os
import time
import warnings

import pytest
from test_related import PATIO, corpus

import graphx.pipeline
from graphx.cli import cli
from graphx.errors import NotFoundError
from graphx.files import corpus_stamp
from graphx.graph import build_graph
from graphx.records import Item
from graphx.related import RelatedEngine
from graphx.related.store import KEEP, engine_folder, load_engine, save_engine

QUERIES = [
    ({}, PATIO), ({}, "https://www.alpha.com/news/amp/ontario-patios-reopen"),
    ({}, "Ontario restaurants plan to reopen patios"), ({}, "ontario restaurants reopen patio"),
    ({}, "reopen patios"), ({"by": "text"}, "moderna vaccine"), ({}, "Coronavirus in Canada"),
    ({}, "alpha.com"), ({}, "Beta Daily"), ({"by": "provider"}, "gamm"), ({"by": "topic"}, "treat"),
    ({"collapse": True}, "https://wire1.com/moderna"), ({"published_since": "2020-05-07"}, PATIO),
    ({"provider": "beta.ca"}, PATIO), ({"topic": "Coronavirus in Canada"}, "Coronavirus"),
    ({"min_score": 0.2, "limit": 2}, PATIO),
]


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    built = RelatedEngine(corpus())
    folder = tmp_path_factory.mktemp("engines")
    assert save_engine(built, folder, "k", {"skipped": 0}) == folder / "k"
    loaded, about = load_engine(folder, "k")
    assert about == {"skipped": 0}
    return built, loaded


@pytest.mark.parametrize("options, query", QUERIES)
def test_a_loaded_engine_answers_as_the_built_one(engines, options, query):
    built, loaded = engines
    assert loaded.related(query, **options) == built.related(query, **options)
    assert loaded.resolve(query, by=options.get("by")) == built.resolve(query,
                                                                         by=options.get("by"))


def test_a_loaded_engine_fails_as_the_built_one(engines):
    for engine in engines:
        with pytest.raises(NotFoundError, match="no article has the URL"):
            engine.related("https://nowhere.example.org/x")
        with pytest.raises(NotFoundError, match="nothing in the corpus matches"):
            engine.related("zzzqqq", by="text")


def test_an_engine_without_links_topics_or_words_saves_and_loads(tmp_path):
    lone = Item(key="a.com/x", url="https://a.com/x", urls=("https://a.com/x",), path="x.md")
    built = RelatedEngine(build_graph([lone]))
    save_engine(built, tmp_path, "k")
    loaded, _ = load_engine(tmp_path, "k")
    assert loaded.related("https://a.com/x") == built.related("https://a.com/x") == ("", [])


def test_missing_foreign_or_damaged_engines_are_ignored(engines, tmp_path):
    assert load_engine(tmp_path, "nothing") is None
    for damage in ('{"schema": "graphx-engine/0", "key": "k"}', "not json", ""):
        save_engine(engines[0], tmp_path, "k")
        (tmp_path / "k" / "meta.json").write_text(damage)
        with pytest.warns(UserWarning, match="ignoring the saved related index"):
            assert load_engine(tmp_path, "k") is None
        assert not (tmp_path / "k").exists()  # removed, so a good one can be saved
        save_engine(engines[0], tmp_path, "k")
        assert load_engine(tmp_path, "k") is not None
    save_engine(engines[0], tmp_path, "j")
    (tmp_path / "j" / "links.indptr.npy").write_bytes(b"\x93NUMPY garbage")
    with pytest.warns(UserWarning, match="ignoring the saved related index"):
        assert load_engine(tmp_path, "j") is None


def test_only_the_most_recently_used_engines_are_kept(engines, tmp_path):
    for i in range(KEEP):
        save_engine(engines[0], tmp_path, f"k{i}")
        os.utime(tmp_path / f"k{i}", (i, i))  # k0 oldest
    load_engine(tmp_path, "k0")  # used: now the newest, so k1 is the oldest
    save_engine(engines[0], tmp_path, "new")
    kept = {f"k{i}" for i in range(KEEP)} - {"k1"} | {"new"}
    assert {p.name for p in tmp_path.iterdir()} == kept


def test_unsaveable_engine_warns_and_goes_on(engines, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.warns(UserWarning, match="could not save the related index"):
        assert save_engine(engines[0], blocker, "k") is None


# --- corpus stamps and the command line -------------------------------------------------


def _age(folder, when=None):
    """Set every file's modification time to ``when`` (default: a minute ago), since fresh
    files are not trusted to their times."""
    past = time.time() - 60 if when is None else when
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: Story {i} about patios\nwebUrl: https://news{i}.example.com/s{i}\n"
            f"publishedDateTime: 2020-05-0{i + 1}T10:00:00Z\ntopics: [Health]\n"
            f"related:\n  - webUrl: https://news{(i + 1) % 3}.example.com/s{(i + 1) % 3}\n---\n")
    _age(folder)
    return folder


def test_the_stamp_changes_with_files_sizes_and_times_only(folder):
    _age(folder, 1_600_000_000)
    stamp = corpus_stamp([str(folder)])
    assert stamp == corpus_stamp([str(folder)])
    (folder / "3.md").write_text("---\ntitle: New\n---\n")
    assert corpus_stamp([str(folder)]) is None  # just written: not trusted yet
    _age(folder, 1_600_000_000)
    added = corpus_stamp([str(folder)])
    assert added not in (None, stamp)
    (folder / "3.md").unlink()
    assert corpus_stamp([str(folder)]) == stamp
    past = time.time() - 120
    os.utime(folder / "0.md", (past, past))
    assert corpus_stamp([str(folder)]) != stamp


def _related(runner, *args):
    result = runner.invoke(cli, ["related", *args, "--nl"])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_a_second_query_loads_the_saved_engine(runner, folder, monkeypatch):
    first = _related(runner, "https://news0.example.com/s0", str(folder))
    assert first[0] == 0 and first[1]
    assert len(list(engine_folder(os.environ["GRAPHX_CACHE"]).glob("*/meta.json"))) >= 1

    def no_build(*args, **kwargs):
        raise AssertionError("the corpus was built again")

    monkeypatch.setattr(graphx.pipeline, "build_corpus", no_build)
    assert _related(runner, "https://news0.example.com/s0", str(folder)) == first
    (folder / "1.md").write_text((folder / "1.md").read_text().replace("Story 1", "Changed"))
    _age(folder)
    with pytest.raises(AssertionError, match="built again"):
        runner.invoke(cli, ["related", "https://news0.example.com/s0", str(folder)],
                      catch_exceptions=False)


def test_an_edit_is_seen_by_the_next_query(runner, folder):
    assert _related(runner, "https://news0.example.com/s0", str(folder))[0] == 0
    (folder / "1.md").write_text((folder / "1.md").read_text().replace("Story 1", "Changed"))
    _age(folder)
    _, rows = _related(runner, "https://news0.example.com/s0", str(folder))
    assert "Changed about patios" in {r["title"] for r in rows}


def test_build_saves_the_engine_related_then_uses(runner, folder, tmp_path, monkeypatch):
    assert runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out")]).exit_code == 0
    monkeypatch.setattr(graphx.pipeline, "build_corpus", None)  # would fail if called
    code, rows = _related(runner, "Story 0 about patios", str(folder))
    assert code == 0 and rows[0]["query"] == "Story 0 about patios"


def test_strict_holds_with_a_saved_engine(runner, folder):
    (folder / "broken.md").write_text("no front matter here\n")
    _age(folder)
    assert _related(runner, "https://news0.example.com/s0", str(folder))[0] == 0
    for _ in range(2):  # built, then from the saved engine
        result = runner.invoke(cli, ["related", "https://news0.example.com/s0", str(folder),
                                     "--strict"])
        assert result.exit_code == 2
        assert "--strict: 1 file(s) skipped, first" in result.stderr


def test_no_cache_saves_no_engine(runner, folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHX_CACHE", str(tmp_path / "c" / "cache.sqlite"))
    assert _related(runner, "https://news0.example.com/s0", str(folder), "--no-cache")[0] == 0
    assert not (tmp_path / "c").exists()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _related(runner, "https://news0.example.com/s0", str(folder))[0] == 0
    assert list((tmp_path / "c" / "engines").iterdir())


def test_a_read_only_cache_still_serves_its_engine(engines, tmp_path, monkeypatch):
    save_engine(engines[0], tmp_path, "k")

    def refuse(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(os, "utime", refuse)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded, _ = load_engine(tmp_path, "k")
    assert loaded.related(PATIO) == engines[0].related(PATIO)
