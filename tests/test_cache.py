"""The parse cache: reruns parse only what changed; a broken cache is rebuilt, never fatal."""

import os
import threading
import time

import pytest

from graphx.cache import ParseCache
from graphx.files import load


def write_corpus(folder, n=20):
    folder.mkdir(exist_ok=True)
    for i in range(n):
        p = folder / f"{i:03}.md"
        p.write_text(f"---\ntitle: T{i}\nwebUrl: https://e.com/{i}\n---\n")
        old = time.time() - 60  # older than the two seconds in which mtimes are not trusted
        os.utime(p, (old, old))


def test_warm_run_parses_nothing_and_gives_the_same_result(tmp_path):
    write_corpus(tmp_path / "c")
    cold = ParseCache(tmp_path / "cache.sqlite")
    first = load([str(tmp_path / "c")], cache=cold)
    assert (cold.hits, cold.misses) == (0, 20)
    warm = ParseCache(tmp_path / "cache.sqlite")
    second = load([str(tmp_path / "c")], cache=warm)
    assert (warm.hits, warm.misses) == (20, 0)
    assert first.items == second.items
    assert first.report.files == second.report.files
    assert (first.report.from_cache, second.report.from_cache) == (0, 20)
    assert second.report.to_dict()["totals"]["from_parse_cache"] == 20


def test_changed_and_new_files_are_parsed_again(tmp_path):
    write_corpus(tmp_path / "c")
    load([str(tmp_path / "c")], cache=ParseCache(tmp_path / "cache.sqlite"))
    (tmp_path / "c" / "005.md").write_text("---\ntitle: Changed\nwebUrl: https://e.com/5\n---\n")
    (tmp_path / "c" / "new.md").write_text("---\ntitle: New\nwebUrl: https://e.com/new\n---\n")
    cache = ParseCache(tmp_path / "cache.sqlite")
    items, _ = load([str(tmp_path / "c")], cache=cache)
    assert (cache.hits, cache.misses) == (19, 2)
    assert "Changed" in {i.title for i in items}


@pytest.mark.parametrize(
    "garbage", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_corrupt_cache_is_rebuilt_with_a_warning(tmp_path, garbage):
    write_corpus(tmp_path / "c")
    (tmp_path / "cache.sqlite").write_bytes(garbage)
    with pytest.warns(UserWarning, match="unreadable"):
        cache = ParseCache(tmp_path / "cache.sqlite")
    items, _ = load([str(tmp_path / "c")], cache=cache)
    assert len(items) == 20
    cache.close()
    again = ParseCache(tmp_path / "cache.sqlite")
    load([str(tmp_path / "c")], cache=again)
    assert again.hits == 20


def test_entries_are_kept_per_limits(tmp_path):
    write_corpus(tmp_path / "c")
    load([str(tmp_path / "c")], cache=ParseCache(tmp_path / "cache.sqlite", limits_key="a"))
    other = ParseCache(tmp_path / "cache.sqlite", limits_key="b")
    load([str(tmp_path / "c")], cache=other)
    assert other.hits == 0  # parsed under other limits: not reused
    again = ParseCache(tmp_path / "cache.sqlite", limits_key="a")
    load([str(tmp_path / "c")], cache=again)
    assert again.hits == 20  # and not wiped by the run with other limits either


def test_two_runs_at_once_share_the_cache(tmp_path):
    write_corpus(tmp_path / "c", n=200)
    results, errors = [], []

    def run():
        try:
            cache = ParseCache(tmp_path / "cache.sqlite")
            results.append(load([str(tmp_path / "c")], cache=cache).items)
            cache.close()
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results[0] == results[1] == results[2]
    final = ParseCache(tmp_path / "cache.sqlite")
    load([str(tmp_path / "c")], cache=final)
    assert final.hits == 200


def test_recently_modified_files_are_not_trusted(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.md").write_text("---\ntitle: A\nwebUrl: https://e.com/a\n---\n")
    load([str(tmp_path / "c")], cache=ParseCache(tmp_path / "cache.sqlite"))
    cache = ParseCache(tmp_path / "cache.sqlite")
    load([str(tmp_path / "c")], cache=cache)
    assert cache.misses == 1  # its mtime is within two seconds of now
