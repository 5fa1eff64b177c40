"""The parse cache: reruns parse only what changed; a broken cache is rebuilt, never fatal."""

import json
import os
import sqlite3
import threading
import time
import warnings

import pytest
from hostile import put_cache_entry

from graphx.cache import ParseCache
from graphx.cli import cli
from graphx.files import load
from graphx.model import Limits


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


def test_a_damaged_cache_is_set_aside_and_started_again(tmp_path):
    write_corpus(tmp_path / "c")
    ParseCache(tmp_path / "cache.sqlite").close()  # graphx's: its header carries the mark
    header = (tmp_path / "cache.sqlite").read_bytes()[:100]
    damaged = header + b"\xff" * 4000
    (tmp_path / "cache.sqlite").write_bytes(damaged)
    with pytest.warns(UserWarning) as caught:
        cache = ParseCache(tmp_path / "cache.sqlite")
    aside = f"cache.sqlite.damaged-{os.getpid()}"
    assert [str(w.message) for w in caught] == [
        f"parse cache {tmp_path / 'cache.sqlite'} was damaged (database disk image is "
        f"malformed): kept it as {aside} and started a new one"]
    assert (tmp_path / aside).read_bytes() == damaged  # kept, never deleted
    items, _ = load([str(tmp_path / "c")], cache=cache)
    assert len(items) == 20
    cache.close()
    again = ParseCache(tmp_path / "cache.sqlite")
    load([str(tmp_path / "c")], cache=again)
    assert again.hits == 20


def test_a_damaged_cache_set_aside_inside_the_corpus_is_no_news_item(tmp_path):
    # A cache kept in the corpus folder, damaged: its set-aside copy (no .sqlite ending)
    # was read as a skipped news item by every later run, and --strict failed for good.
    write_corpus(tmp_path / "c")
    path = tmp_path / "c" / "cache.sqlite"
    ParseCache(path).close()
    path.write_bytes(path.read_bytes()[:100] + b"\xff" * 4000)
    with pytest.warns(UserWarning):
        cache = ParseCache(path)
    assert (tmp_path / "c" / f"cache.sqlite.damaged-{os.getpid()}").exists()
    for reader in (cache, ParseCache(tmp_path / "elsewhere.sqlite")):
        items, report = load([str(tmp_path / "c")], cache=reader)
        assert (len(items), report.skipped) == (20, [])
        reader.close()


def test_a_cache_damaged_past_its_first_pages_is_set_aside_when_read(tmp_path):
    # Its header and schema whole, a data page not: SQLite says so only as a lookup reads
    # on. Every run warned twice and parsed everything again, for good.
    write_corpus(tmp_path / "c", n=1500)
    path = tmp_path / "cache.sqlite"
    first = ParseCache(path)
    load([str(tmp_path / "c")], cache=first)
    first.close()
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8192] = b"\xa5" * 8192
    path.write_bytes(bytes(data))
    with pytest.warns(UserWarning) as caught:
        cache = ParseCache(path)
        items, _ = load([str(tmp_path / "c")], cache=cache)
    assert len(items) == 1500
    aside = f"cache.sqlite.damaged-{os.getpid()}"
    assert [str(w.message) for w in caught] == [
        f"parse cache {path} was damaged (database disk image is malformed): kept it as "
        f"{aside} and started a new one"]
    cache.close()
    again = ParseCache(path)
    load([str(tmp_path / "c")], cache=again)
    assert again.hits == 1500  # the new cache was filled, and is read


def test_a_damaged_database_graphx_cannot_tell_for_its_cache_is_left_alone(tmp_path):
    # Another program's database, its schema page damaged: graphx took it for its cache,
    # renamed it aside and put a cache in its place.
    write_corpus(tmp_path / "c")
    theirs = tmp_path / "bookmarks.sqlite"
    foreign_database(theirs)
    data = bytearray(theirs.read_bytes())
    data[100:1000] = b"\xff" * 900
    theirs.write_bytes(bytes(data))
    with pytest.warns(UserWarning) as caught:
        cache = ParseCache(theirs)
    assert [str(w.message) for w in caught] == [
        f"{theirs} is a damaged SQLite database (database disk image is malformed) that "
        "graphx cannot tell for its parse cache: it is left as it is and this run has no "
        "parse cache (remove it, or set GRAPHX_CACHE to another file)"]
    assert theirs.read_bytes() == bytes(data) and not cache.opened
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bookmarks.sqlite", "c"]


def _empty_database(path, application_id):
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA application_id = {application_id}")
    db.execute("PRAGMA user_version = 7")
    db.commit()
    db.close()


def foreign_database(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE files (name TEXT)")
    db.execute("INSERT INTO files VALUES ('precious')")
    db.commit()
    db.close()


@pytest.mark.parametrize(("make", "what"), [
    (lambda p: p.write_text("my notes\n" * 100), "is not an SQLite database"),
    (foreign_database, "is another program's SQLite database"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: os.mkfifo(p), "is not a regular file"),
    # a placeholder made with `touch` a while ago, and another program's newly made
    # database with no tables yet: a run filled each with its tables and its mark
    (lambda p: (p.touch(), os.utime(p, (1e9, 1e9))), "is an empty file graphx did not make"),
    (lambda p: _empty_database(p, 12345),
     "is another program's SQLite database (application id 12345)"),
    (lambda p: _empty_database(p, 0), "is another program's SQLite database"),
])
def test_what_is_not_a_graphx_cache_is_left_alone(tmp_path, make, what):
    write_corpus(tmp_path / "c")
    path = tmp_path / "cache.sqlite"
    make(path)
    before = sorted(os.listdir(tmp_path))
    content = path.read_bytes() if path.is_file() else None
    with pytest.warns(UserWarning) as caught:
        cache = ParseCache(path)
    assert [str(w.message) for w in caught] == [
        f"{path} {what}, not a graphx parse cache: it is left as it is and this run has no "
        "parse cache (set GRAPHX_CACHE to another file)"]
    assert not cache.opened
    items, report = load([str(tmp_path / "c")], cache=cache)
    assert len(items) == 20 and report.from_cache == 0
    cache.close()
    assert sorted(os.listdir(tmp_path)) == before  # nothing renamed, nothing beside it
    if content is not None:
        assert path.read_bytes() == content
    if make is foreign_database:
        assert sqlite3.connect(path).execute("SELECT * FROM files").fetchall() == [("precious",)]


def test_the_current_folder_is_refused_in_one_sentence(runner, tmp_path, monkeypatch):
    write_corpus(tmp_path / "c", n=3)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRAPHX_CACHE", ".")
    result = runner.invoke(cli, ["stats", "c", "--json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("warning: . is a folder, not a graphx parse cache: it is left as "
                             "it is and this run has no parse cache (set GRAPHX_CACHE to "
                             "another file)\n")
    assert sorted(os.listdir(tmp_path)) == ["c"]  # no engines folder beside it either


def test_a_cache_that_cannot_be_made_is_one_warning(tmp_path):
    write_corpus(tmp_path / "c")
    (tmp_path / "file").write_text("x")
    with pytest.warns(UserWarning) as caught:
        cache = ParseCache(tmp_path / "file" / "cache.sqlite")
    assert [str(w.message) for w in caught] == [
        f"running without a parse cache: cannot use {tmp_path / 'file' / 'cache.sqlite'} "
        f"({tmp_path / 'file'} is a file, not a folder) (set GRAPHX_CACHE to a file in a "
        "folder you can write)"]
    assert len(load([str(tmp_path / "c")], cache=cache).items) == 20
    assert (tmp_path / "file").read_text() == "x"


def test_an_unwritable_cache_folder_is_not_called_unreadable(tmp_path, monkeypatch):
    # As root (CI), chmod cannot make a folder unwritable: SQLite's refusal is simulated.
    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    with pytest.warns(UserWarning) as caught:
        cache = ParseCache(tmp_path / "cache.sqlite")
    assert [str(w.message) for w in caught] == [
        f"running without a parse cache: cannot use {tmp_path / 'cache.sqlite'} (unable to "
        "open database file) (set GRAPHX_CACHE to a file in a folder you can write)"]
    assert not cache.opened and list(tmp_path.iterdir()) == []


def test_a_busy_cache_is_skipped_never_rebuilt(tmp_path, monkeypatch):
    write_corpus(tmp_path / "c")
    path = tmp_path / "cache.sqlite"
    first = ParseCache(path)
    load([str(tmp_path / "c")], cache=first)
    first.close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=DELETE")  # so a write lock keeps readers out too
    other.execute("BEGIN EXCLUSIVE")
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(*a, **{**k, "timeout": 0}))
    try:
        with pytest.warns(UserWarning) as caught:
            busy = ParseCache(path)
    finally:
        other.execute("ROLLBACK")
        other.close()
        monkeypatch.undo()
    assert not busy.opened
    assert [str(w.message) for w in caught] == [
        f"parse cache {path} is busy (database is locked): this run goes without it"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "cache.sqlite"]
    again = ParseCache(path)
    load([str(tmp_path / "c")], cache=again)
    assert again.hits == 20  # the entries are all there


def test_a_file_corrected_in_place_with_its_old_times_put_back_is_parsed_again(tmp_path):
    # "Mayor Smith" -> "Mayor Jones", same size, the old mtime put back (cp -p, rsync -a,
    # tar x): served from the cache, old title and all, by every later command.
    write_corpus(tmp_path / "c")
    load([str(tmp_path / "c")], cache=ParseCache(tmp_path / "cache.sqlite"))
    path = tmp_path / "c" / "005.md"
    st = os.stat(path)
    path.write_text(path.read_text().replace("T5", "X5"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    cache = ParseCache(tmp_path / "cache.sqlite")
    items, _ = load([str(tmp_path / "c")], cache=cache)
    assert (cache.hits, cache.misses) == (19, 1)
    assert "X5" in {i.title for i in items}


@pytest.mark.parametrize("damage", [
    lambda r: r.__setitem__(0, "not an item"),
    lambda r: r[0].__setitem__(2, "https://e.com/0"),  # urls a string, not a list
    lambda r: r[0].__setitem__(1, 7),  # url a number
    lambda r: r[0].__setitem__(3, ["a title"]),
    lambda r: r[0].__setitem__(10, True),  # quality a bool
    lambda r: r[0].__setitem__(-1, [["nested"]]),  # a related entry of the wrong shape
    lambda r: r.__setitem__(4, "12"),  # size a string
    lambda r: r.__setitem__(2, "a warning"),  # warnings not a list
    lambda r: r[0].__setitem__(3, "\ud800 lone surrogate"),
    lambda r: r.append("extra"),
    # Values no parse gives (the README: entries are never trusted): each merged, forged or
    # broke an output (an 81-bit quality crashed the SQLite export).
    lambda r: r[0].__setitem__(5, "not a date"),  # published
    lambda r: r[0].__setitem__(5, "9999-12-31T00:00:00Z"),
    lambda r: r[0].__setitem__(5, "2020-02-31T25:61:61Z"),  # the shape of a time, no time
    lambda r: r[0].__setitem__(5, "２０２０-05-07T10:00:00Z"),  # digits of another script
    lambda r: r[0].__setitem__(11, 2**80),  # quality past 64 bits
    lambda r: r[0].__setitem__(0, "example.com/forged"),  # a key not the URL's
    # Past the limits a parse keeps: a 300,000-character title went into every output.
    lambda r: r[0].__setitem__(4, "x" * 20_001),  # excerpt
    lambda r: r[0].__setitem__(9, [f"T{k}" for k in range(101)]),  # topics
    lambda r: r[0].__setitem__(10, ["x" * 201]),  # a tag
    lambda r: r[0].__setitem__(8, "x" * 201),  # provider name
])
def test_an_entry_of_the_wrong_shape_is_parsed_again_and_replaced(tmp_path, damage):
    write_corpus(tmp_path / "c", n=3)
    path = tmp_path / "cache.sqlite"
    first = load([str(tmp_path / "c")], cache=ParseCache(path))
    db = sqlite3.connect(path)
    (key, text), = db.execute("SELECT path, result FROM files WHERE path LIKE '%000.md'")
    row = json.loads(text)
    damage(row)
    put_cache_entry(db, key, json.dumps(row))  # sealed as graphx would: its shape alone is wrong
    db.commit()
    cache = ParseCache(path)
    again = load([str(tmp_path / "c")], cache=cache)
    assert (cache.hits, cache.misses) == (2, 1)
    assert again.items == first.items
    fixed = ParseCache(path)
    load([str(tmp_path / "c")], cache=fixed)
    assert fixed.hits == 3  # the reparsed entry replaced the bad one


@pytest.mark.parametrize("how", ["another row's entry", "another row's entry and seal",
                                 "edited in place"])
def test_an_entry_filed_under_another_files_key_is_parsed_again(tmp_path, how):
    # A row holding another file's parse (its story key its own URL's: every shape check
    # passed) was served as the file's: one article gone from every output, while the load
    # report said every file loaded, from the cache.
    write_corpus(tmp_path / "c", n=3)
    path = tmp_path / "cache.sqlite"
    first = load([str(tmp_path / "c")], cache=ParseCache(path))
    db = sqlite3.connect(path)
    rows = db.execute("SELECT path, result, seal FROM files ORDER BY path").fetchall()
    victim, donor = rows[1], rows[2]
    if how == "another row's entry":
        db.execute("UPDATE files SET result = ? WHERE path = ?", (donor[1], victim[0]))
    elif how == "another row's entry and seal":
        db.execute("UPDATE files SET result = ?, seal = ? WHERE path = ?",
                   (donor[1], donor[2], victim[0]))
    else:  # its title changed, the seal left as it was
        db.execute("UPDATE files SET result = ? WHERE path = ?",
                   (victim[1].replace('"T1"', '"T9"'), victim[0]))
    db.commit()
    cache = ParseCache(path)
    again = load([str(tmp_path / "c")], cache=cache)
    assert (cache.hits, cache.misses) == (2, 1)  # parsed again, and counted as parsed
    assert again.report.to_dict()["totals"]["from_parse_cache"] == 2
    assert again.items == first.items
    assert [i.url for i in again.items] == [f"https://e.com/{i}" for i in range(3)]
    fixed = ParseCache(path)
    load([str(tmp_path / "c")], cache=fixed)
    assert fixed.hits == 3  # the reparsed entry replaced the foreign one


def test_a_name_spelling_an_escape_in_letters_is_told_from_the_byte_it_spells(tmp_path):
    # "bad-\\xff.md" in letters and "bad-" + the byte 0xFF + ".md" were one path in the load
    # report and every export's sources: a backslash of a name's own is doubled, as ls -b.
    folder = tmp_path / "c"
    folder.mkdir()
    for raw, title in ((b"bad-\\xff.md", "Letters"), (b"bad-\xff.md", "Byte")):
        with open(os.fsencode(folder) + b"/" + raw, "wb") as fh:
            fh.write(f"---\ntitle: {title}\nwebUrl: https://e.com/{title}\n---\n".encode())
    items, report = load([str(folder)])
    shown = {i.title: i.path.rsplit("/", 1)[1] for i in items}
    assert shown == {"Letters": "bad-\\\\xff.md", "Byte": "bad-\\xff.md"}
    assert len({f.path for f in report.files}) == 2


def test_a_file_name_that_is_not_utf8_is_cached_and_shown_escaped(tmp_path):
    folder = tmp_path / "c"
    write_corpus(folder, n=2)
    raw = os.fsencode(folder) + b"/bad-\xff.md"
    with open(raw, "wb") as fh:
        fh.write(b"---\ntitle: Bad name\nwebUrl: https://e.com/bad\n---\n")
    old = time.time() - 60
    os.utime(raw, (old, old))
    path = tmp_path / "cache.sqlite"
    for hits in (0, 3):
        cache = ParseCache(path)
        items, report = load([str(folder)], cache=cache)
        assert cache.hits == hits
        shown = str(folder / "bad-\\xff.md")
        assert [f.path for f in report.files] == [str(folder / "000.md"),
                                                  str(folder / "001.md"), shown]
        assert shown in {i.path for i in items}
        json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # writable
        cache.close()


def test_entries_of_files_that_are_gone_are_forgotten_once_a_day(tmp_path):
    # A corpus copied to a new folder each day, yesterday's deleted, grew the cache by a
    # copy of every entry a day: 909 MB on one machine, 85% for files no longer there.
    import shutil

    path = tmp_path / "cache.sqlite"
    write_corpus(tmp_path / "day1")
    load([str(tmp_path / "day1")], cache=ParseCache(path))
    shutil.copytree(tmp_path / "day1", tmp_path / "day2")
    shutil.rmtree(tmp_path / "day1")
    cache = ParseCache(path)
    load([str(tmp_path / "day2")], cache=cache)
    rows = sqlite3.connect(path).execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert rows == 40
    assert cache.prune() == 20  # day1's
    assert cache.prune() == 0  # and not looked through again within the day
    cache.close()
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM files").fetchone()[0] == 20
    again = ParseCache(path)
    load([str(tmp_path / "day2")], cache=again)
    assert again.hits == 20  # what is there is kept


def test_entries_are_kept_per_limits(tmp_path):
    write_corpus(tmp_path / "c")
    a, b = Limits(), Limits(max_text_chars=5)
    load([str(tmp_path / "c")], limits=a, cache=ParseCache(tmp_path / "cache.sqlite", limits=a))
    other = ParseCache(tmp_path / "cache.sqlite", limits=b)
    load([str(tmp_path / "c")], limits=b, cache=other)
    assert other.hits == 0  # parsed under other limits: not reused
    again = ParseCache(tmp_path / "cache.sqlite", limits=a)
    load([str(tmp_path / "c")], limits=a, cache=again)
    assert again.hits == 20  # and not wiped by the run with other limits either


def test_two_runs_at_once_share_the_cache(tmp_path):
    write_corpus(tmp_path / "c", n=200)
    results, errors = [], []

    def run():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a run at once is no damage, never rebuilt
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


@pytest.mark.parametrize(("age_ns", "trusted"), [
    (-500_000_001, False),        # fine-grained, just written (ahead of the clock a little)
    (300_000_001, True),          # fine-grained time, 0.3 s old: past the file system's step
    (1_000_000_000, False),       # whole seconds (FAT, HFS+): within two seconds
    (3_000_000_000, True),
    (-3 * 3600 * 10**9 - 1, True),  # hours ahead: a clock that ran ahead, not a file being
])                                  # written (it was parsed again on every run)
def test_recently_modified_files_are_not_trusted(tmp_path, age_ns, trusted):
    (tmp_path / "c").mkdir()
    path = tmp_path / "c" / "a.md"
    path.write_text("---\ntitle: A\nwebUrl: https://e.com/a\n---\n")
    now = time.time_ns()
    if age_ns % 1_000_000_000 == 0:
        now -= now % 1_000_000_000  # a whole second, as a coarse file system stamps it
    os.utime(path, ns=(now - age_ns, now - age_ns))
    load([str(tmp_path / "c")], cache=ParseCache(tmp_path / "cache.sqlite"))
    cache = ParseCache(tmp_path / "cache.sqlite")
    load([str(tmp_path / "c")], cache=cache)
    assert cache.misses == (0 if trusted else 1)


def test_a_file_whose_parsing_failed_unexpectedly_is_read_again_next_time(tmp_path,
                                                                        monkeypatch):
    # graphx's own fault (a bug in one version of the parser) is not remembered as the
    # file's: once mended, the next run reads the file again and loads it.
    import graphx.parse

    write_corpus(tmp_path / "c")
    real = graphx.parse._parse

    def broken(data, path, limits):
        if path.endswith("005.md"):
            raise NameError("a bug")
        return real(data, path, limits)

    monkeypatch.setattr(graphx.parse, "_parse", broken)
    first = load([str(tmp_path / "c")], cache=ParseCache(tmp_path / "cache.sqlite"), jobs=1)
    assert first.report.skipped[0].reason.startswith("unexpected error while parsing")
    monkeypatch.setattr(graphx.parse, "_parse", real)
    cache = ParseCache(tmp_path / "cache.sqlite")
    second = load([str(tmp_path / "c")], cache=cache, jobs=1)
    assert (cache.hits, cache.misses) == (19, 1)
    assert second.report.skipped == [] and len(second.items) == 20


def test_a_file_too_recent_to_trust_is_not_remembered(tmp_path, monkeypatch):
    # Whole-second file times: parsed in the second it was written, then rewritten in that
    # second with the same size, its first version was served for good.
    import graphx.cache

    (tmp_path / "c").mkdir()
    path = tmp_path / "c" / "a.md"
    path.write_text("---\ntitle: A\nwebUrl: https://e.com/a\n---\n")
    now = time.time_ns()
    whole = now - now % 1_000_000_000  # this second, as a coarse file system stamps it
    os.utime(path, ns=(whole, whole))
    load([str(tmp_path / "c")], cache=ParseCache(tmp_path / "cache.sqlite"))
    path.write_text("---\ntitle: B\nwebUrl: https://e.com/a\n---\n")  # same size
    os.utime(path, ns=(whole, whole))  # and the same second
    later = now + 10 * 10**9  # read again once the time is old enough to trust
    monkeypatch.setattr(graphx.cache.time, "time_ns", lambda: later)
    cache = ParseCache(tmp_path / "cache.sqlite")
    items, _ = load([str(tmp_path / "c")], cache=cache)
    assert [i.title for i in items] == ["B"] and cache.hits == 0


def test_parses_made_by_other_parser_code_are_not_served(tmp_path, monkeypatch):
    # A date rule changed what a file parses to, but every commit says version 0.1.0: the
    # cache served the old "no date" until each file changed (--force did not help).
    import shutil

    import graphx.cache
    from graphx import sources

    write_corpus(tmp_path / "c")
    load([str(tmp_path / "c")], cache=ParseCache(tmp_path / "cache.sqlite"))
    copy = tmp_path / "graphx"
    shutil.copytree(sources._PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(sources, "_PACKAGE", copy)
    sources.code_digest.cache_clear()
    try:
        parser, whole = sources.code_digest(sources.PARSER_MODULES), sources.code_digest()
        (copy / "render.py").write_text((copy / "render.py").read_text() + "\n# a map change\n")
        sources.code_digest.cache_clear()
        assert sources.code_digest(sources.PARSER_MODULES) == parser  # no parser code
        assert sources.code_digest() != whole  # but what a build writes, maybe
        whole = sources.code_digest()
        (copy / "assets" / "map.js").write_text((copy / "assets" / "map.js").read_text() + ";")
        sources.code_digest.cache_clear()
        assert sources.code_digest() != whole  # the map's script alone makes another map
        (copy / "model.py").write_text((copy / "model.py").read_text() + "\n# a date rule\n")
        sources.code_digest.cache_clear()
        changed = sources.code_digest(sources.PARSER_MODULES)
        assert changed != parser and graphx.cache.SCHEMA.count(parser) == 1
        monkeypatch.setattr(graphx.cache, "SCHEMA", graphx.cache.SCHEMA.replace(parser, changed))
        cache = ParseCache(tmp_path / "cache.sqlite")
        load([str(tmp_path / "c")], cache=cache)
        assert (cache.hits, cache.misses) == (0, 20)
    finally:
        sources.code_digest.cache_clear()
