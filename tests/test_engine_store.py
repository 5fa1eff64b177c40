"""Saved related engines: the same answers as a built one, used only for the same corpus."""

import json
import os
import shutil
import time
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_related import PATIO, corpus

import graphx.files
import graphx.pipeline
from graphx.cli import cli
from graphx.errors import NotFoundError
from graphx.files import corpus_stamp
from graphx.graph import build_graph
from graphx.records import Item
from graphx.related import RelatedEngine
from graphx.related.packed import Strings
from graphx.related.signals import DEFAULT_WEIGHTS
from graphx.related.store import (
    KEEP,
    MARK,
    SCHEMA,
    engine_folder,
    load_engine,
    read_engine,
    save_engine,
)

QUERIES = [
    ({}, PATIO), ({}, "https://www.alpha.com/news/amp/ontario-patios-reopen"),
    ({}, "Ontario restaurants plan to reopen patios"), ({}, "ontario restaurants reopen patio"),
    ({}, "reopen patios"), ({"by": "text"}, "moderna vaccine"), ({}, "Coronavirus in Canada"),
    ({}, "alpha.com"), ({}, "Beta Daily"), ({"by": "provider"}, "gamm"), ({"by": "topic"}, "treat"),
    ({"collapse": True}, "https://wire1.com/moderna"), ({"published_since": "2020-05-07"}, PATIO),
    ({"provider": "beta.ca"}, PATIO), ({"topic": "Coronavirus in Canada"}, "Coronavirus"),
    ({"min_score": 0.2, "limit": 2}, PATIO),
]


def test_a_packed_table_reads_as_the_list_it_was_made_from():
    from graphx.related.packed import RowOf

    names = sorted(["article:a", "article:b\u00e9", "article:\ud800x", "article:\u4e2d",
                    "article:c"])
    table = Strings(*Strings.pack(names))
    assert list(table) == [table[i] for i in range(len(table))] == names
    assert table[-1] == names[-1] and table[-len(names)] == names[0]
    with pytest.raises(IndexError):
        table[len(names)]
    row = RowOf(table)
    assert [row[n] for n in names] == list(range(len(names))) and len(row) == len(names)
    assert row.get("article:zz") is None and row.get("article:0", -1) == -1
    assert "article:c" in row and "article:cc" not in row and 3 not in row
    with pytest.raises(KeyError):
        row["article:"]
    assert list(RowOf(Strings(*Strings.pack([])))) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=6) | st.sampled_from(["\ud800", "\udc00x", "\u00e9"])),
       st.integers(1, 4))
def test_strings_are_packed_as_their_bytes_one_after_another(strings, chunk):
    """Encoded a chunk at a time, the blob is still each string's UTF-8 (lone surrogates
    passed through) in order, and each end is where its string's bytes end."""
    blob, ends = Strings.pack(strings, chunk=chunk)
    encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
    assert blob.dtype == np.uint8 and blob.tobytes() == b"".join(encoded)
    assert ends.dtype == np.int64 and ends.tolist() == np.cumsum(
        [len(b) for b in encoded], dtype=np.int64).tolist()
    assert list(Strings(blob, ends)) == strings


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "a", "ab", "b", "\u00e9", "\ud800", "\u4e2d"]),
                         max_size=4), max_size=12))
def test_a_lookup_answers_as_the_dict_it_replaces(names_by_row):
    """Lookup.made: a name gives its first row's node (``many``: every row's, in order),
    as the dicts it replaced did (setdefault / append, article after article); its arrays
    give the same table back."""
    from graphx.related.packed import Lookup

    nodes = [f"article:{i}" for i in range(len(names_by_row))]
    names = [n for ns in names_by_row for n in ns]
    rows = [i for i, ns in enumerate(names_by_row) for _ in ns]
    first: dict[str, str] = {}
    every: dict[str, list[str]] = {}
    for name, row in zip(names, rows, strict=True):
        first.setdefault(name, nodes[row])
        every.setdefault(name, []).append(nodes[row])
    for many, want in ((False, first), (True, every)):
        table = Lookup.made(names, rows, nodes, many=many)
        again = Lookup.from_arrays(table.to_arrays("t"), "t", nodes, many=many)
        for lookup in (table, again):
            assert {n: lookup.get(n) for n in want} == want
            assert lookup.get("zz") is None and lookup.get("zz", 0) == 0
        # One entry a name, or with ``many`` one a (name, row), sorted by name.
        assert list(table.names) == sorted(names if many else want)

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
    for damage in ('{"schema": "graphx-engine/1", "key": "k"}', "not json", ""):
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
    kept = {f"k{i}" for i in range(KEEP)} - {"k1"} | {"new", MARK}
    assert {p.name for p in tmp_path.iterdir()} == kept
    # A folder of the user's with a name of a key's shape is no engine: never pruned.
    (tmp_path / "my-notes").mkdir()
    (tmp_path / "my-notes" / "todo.txt").write_text("mine")
    os.utime(tmp_path / "my-notes", (0, 0))
    for i in range(KEEP + 1):
        save_engine(engines[0], tmp_path, f"m{i}")
    assert (tmp_path / "my-notes" / "todo.txt").read_text() == "mine"
    assert sum((p / "meta.json").is_file() for p in tmp_path.iterdir()) == KEEP


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
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (past, past))


def write_patio_corpus(folder):
    """Three stories about patios, each listing the next as related, a minute old."""
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: Story {i} about patios\nwebUrl: https://news{i}.example.com/s{i}\n"
            f"publishedDateTime: 2020-05-0{i + 1}T10:00:00Z\ntopics: [Health]\n"
            f"related:\n  - webUrl: https://news{(i + 1) % 3}.example.com/s{(i + 1) % 3}\n---\n")
    _age(folder)
    return folder


@pytest.fixture
def folder(tmp_path):
    return write_patio_corpus(tmp_path / "corpus")


def test_the_stamp_changes_with_files_sizes_and_times_only(folder):
    _age(folder, 1_600_000_000)
    stamp = corpus_stamp([str(folder)])
    assert stamp == corpus_stamp([str(folder)])
    (folder / "3.md").write_text("---\ntitle: New\n---\n")
    soon = time.time_ns() + 500_000_000  # just written, whatever this machine's speed
    os.utime(folder / "3.md", ns=(soon, soon))
    assert corpus_stamp([str(folder)]) is None  # not trusted yet
    _age(folder, 1_600_000_000)
    added = corpus_stamp([str(folder)])
    assert added not in (None, stamp)
    (folder / "3.md").unlink()
    removed = corpus_stamp([str(folder)])
    assert removed not in (None, added)
    past = time.time() - 120
    os.utime(folder / "0.md", (past, past))
    assert corpus_stamp([str(folder)]) not in (None, removed)
    # Corrected in place with its old times put back (cp -p, rsync -a): its status change
    # time moved, and the stamp with it.
    st = os.stat(folder / "1.md")
    stamp = corpus_stamp([str(folder)])
    (folder / "1.md").write_text((folder / "1.md").read_text().replace("Story", "Storz"))
    os.utime(folder / "1.md", ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(folder / "1.md").st_size == st.st_size
    assert corpus_stamp([str(folder)]) not in (None, stamp)


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
        assert "--strict: 1 file skipped, first" in result.stderr


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


# --- a saved engine is never trusted ------------------------------------------------------
#
# Each array of an engine is damaged in each way that applies: the load gives exactly one
# warning, removes the engine and returns None (the caller rebuilds), and a fresh save loads
# again. "crafted" damage also rewrites the checksum, as someone crafting an engine would, so
# the array checks themselves are what refuse it.


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A folder holding one good saved engine of the analysed corpus (so every array has
    values), "k", to copy and damage."""
    from graphx.analysis import add_analysis

    G = corpus()
    add_analysis(G)
    folder = tmp_path_factory.mktemp("good")
    save_engine(RelatedEngine(G), folder, "k")
    return folder / "k"


def _resave(path, value, *, pickle=False):
    path.unlink()  # copies are hard links to the good engine's files: never write through one
    with open(path, "wb") as fh:
        np.save(fh, value, allow_pickle=pickle)


def _rewrite(path, data: bytes):
    path.unlink()
    path.write_bytes(data)


def _craft_meta(engine, meta):
    """Write ``meta`` as the engine's, with the checksum that goes with it, as someone
    crafting an engine would."""
    text = json.dumps(meta).encode()
    _rewrite(engine / "meta.json", text)
    _rewrite(engine / "meta.crc32", str(zlib.crc32(text)).encode())


def _set(a, at, value):
    a = np.array(a)
    a[at] = value
    return a


def kind_of(name: str) -> str:
    """The dtype kind of the saved array ``name``: f, i (int32/64), u (uint8), b or U."""
    if name.endswith(".blob"):
        return "u"
    if name.endswith((".indices", ".indptr", ".ends", ".rows")) or name in (
            "cluster", "theme", "provider", "rows.related_in", "kw.post_doc", "kw.post_pos",
            "kw.term_ends", "kw.post_caps"):
        return "i"
    return {"published": "U", "rows.has_file": "b", "rows.day_only": "b",
            "kw.post_field": "b"}.get(name, "f")


#: Ways to damage an array of each kind that must be refused, with the new array.
DAMAGE = {
    "one short": ("fiubU", lambda a: a[:-1]),
    "one more": ("fiubU", lambda a: np.append(a, a[-1:])),
    "two-dimensional": ("fiubU", lambda a: a.reshape(1, -1)),
    "float16": ("f", lambda a: np.clip(a, -1e4, 1e4).astype(np.float16)),
    "a float": ("iub", lambda a: a.astype(np.float64)),
    "bytes": ("U", lambda a: a.astype("S")),
    "big-endian": ("fi", lambda a: a.astype(a.dtype.newbyteorder(">"))),
    "out of range": ("i", lambda a: a + 10**7),  # the reproduction that crashed `related`
    "negative": ("i", lambda a: _set(a, -1, -5)),
    "a negative weight": ("f", lambda a: _set(a, 0, -abs(a[0]) - 1.0)),
    "not UTF-8": ("u", lambda a: _set(a, 0, 0xFF)),
    "infinite": ("f", lambda a: _set(a, 0, np.inf)),
    "NaN": ("f", lambda a: _set(a, 0, np.nan)),
    "objects": ("fiubU", lambda a: a.astype(object)),
}


def _damage_cases():
    return [(name, what) for name in sorted(RelatedEngine.ARRAY_NAMES)
            for what, (kinds, _) in DAMAGE.items()
            # Hours before 1970 are negative; NaN is no date.
            if kind_of(name) in kinds and not (what in ("NaN", "a negative weight")
                                               and name == "hours")
            # Story ids stay put from build to build, so any whole number >= 0 is one.
            and not (what == "out of range" and name == "cluster")
            # Any of an engine's postings may be in capitals: one fewer is another engine.
            and not (what == "one short" and name == "kw.post_caps")]


def _expect_refused(folder, key="k"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_engine(folder, key) is None
    assert [str(w.message).split(" (")[0] for w in caught] == [
        f"ignoring the saved related index {folder / key}"]
    assert not os.path.lexists(folder / key)  # removed, so a rebuilt one takes its place


def _copy(saved, tmp_path):
    """A copy of the good engine at ``tmp_path / "k"``, its files hard links (cheap)."""
    engine = tmp_path / "k"
    shutil.copytree(saved, engine, copy_function=os.link)
    return engine


def test_the_damage_catalogue_covers_every_array(saved):
    for name in RelatedEngine.ARRAY_NAMES:
        assert np.load(saved / f"{name}.npy").dtype.kind == kind_of(name), name
        assert len(np.load(saved / f"{name}.npy")), name  # so each damage applies


def test_an_array_far_larger_than_its_engine_is_refused_before_it_is_read(saved, tmp_path):
    # A sparse 16 GB text.data.npy (4 KB on disk) in a small build's engine was read whole
    # for its checksum: a minute and 15.6 GB, before it was refused. Its header alone says
    # more than an engine of that size holds.
    engine = _copy(saved, tmp_path)
    path = engine / "text.data.npy"
    dtype = np.load(path).dtype
    path.unlink()
    with open(path, "wb") as fh:
        np.lib.format.write_array_header_1_0(fh, {
            "descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False,
            "shape": (400_000_000,)})
        fh.truncate(fh.tell() + 400_000_000 * dtype.itemsize)
    with pytest.raises(ValueError, match=r"text\.data\.npy: 400,000,000 values, more than an "
                       "engine of its size holds"):
        read_engine(engine)


@pytest.mark.parametrize(("name", "what"), _damage_cases())
def test_every_crafted_array_is_refused(saved, tmp_path, name, what):
    # The checksum is rewritten, as someone crafting an engine would: the array checks
    # themselves must refuse it.
    engine = _copy(saved, tmp_path)
    path = engine / f"{name}.npy"
    value = DAMAGE[what][1](np.load(path))
    _resave(path, value, pickle=value.dtype.hasobject)
    meta = json.loads((engine / "meta.json").read_text())
    meta["crc32"][name] = zlib.crc32(np.ascontiguousarray(value)) if not value.dtype.hasobject \
        else 0
    _craft_meta(engine, meta)
    _expect_refused(tmp_path)


@pytest.mark.parametrize(("name", "damage"), [
    ("published", lambda a: _set(a, 0, "not a date")),
    ("published", lambda a: _set(a, 0, "9999-12-31T00:00:00Z")),
    ("hours", lambda a: _set(a, 0, a[0] + 1000.0)),  # "published 41 days later"
])
def test_dates_a_build_could_not_have_saved_are_refused(saved, tmp_path, name, damage):
    # Garbage dates and hours passed every check and changed the answers' times and order.
    engine = _copy(saved, tmp_path)
    path = engine / f"{name}.npy"
    value = damage(np.load(path))
    _resave(path, value)
    meta = json.loads((engine / "meta.json").read_text())
    meta["crc32"][name] = zlib.crc32(np.ascontiguousarray(value))
    _craft_meta(engine, meta)
    _expect_refused(tmp_path)


@pytest.mark.parametrize("name", sorted(RelatedEngine.ARRAY_NAMES))
def test_damage_that_leaves_an_array_well_formed_is_refused(saved, tmp_path, name):
    # One flipped bit keeps every shape, bound and value valid, but not the answers.
    engine = _copy(saved, tmp_path)
    path = engine / f"{name}.npy"
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    _rewrite(path, bytes(raw))
    _expect_refused(tmp_path)


def test_a_refused_engine_is_rebuilt_and_answers_as_before(engines, tmp_path):
    save_engine(engines[0], tmp_path, "k")
    engine = tmp_path / "k"
    _resave(engine / "links.indices.npy", np.load(engine / "links.indices.npy") + 10**7)
    _expect_refused(tmp_path)
    assert save_engine(engines[0], tmp_path, "k") == engine
    loaded, _ = load_engine(tmp_path, "k")
    for options, query in QUERIES:
        assert loaded.related(query, **options) == engines[0].related(query, **options)


@pytest.mark.parametrize("what", ["missing", "FIFO", "folder", "link out of the folder",
                                  "truncated", "not .npy"])
@pytest.mark.parametrize("name", ["idf", "links.indices", "rows.title.blob", "meta",
                                  "meta checksum"])
def test_every_file_of_an_engine_must_be_its_own_regular_file(saved, tmp_path, name, what):
    engine = _copy(saved, tmp_path)
    path = engine / {"meta": "meta.json", "meta checksum": "meta.crc32"}.get(name, f"{name}.npy")
    outside = tmp_path / "outside"
    shutil.copy(path, outside)  # a good copy: only where it lives is wrong
    if what == "truncated":
        _rewrite(path, path.read_bytes()[:-3])
    elif what == "not .npy":
        _rewrite(path, b"\x93NUMPY garbage")
    else:
        path.unlink()
        if what == "FIFO":
            os.mkfifo(path)  # opened without blocking: this must not hang
        elif what == "folder":
            path.mkdir()
        elif what == "link out of the folder":
            os.symlink(outside, path)
    _expect_refused(tmp_path)


def _blend(**changed) -> dict:
    """A saved blend as Blend.to_json writes one, with ``changed`` fields."""
    return {"weights": dict(DEFAULT_WEIGHTS), "calibration": [30.5, -6.6], "learnt": 40,
            "unlinked": [16.5, -6.6], **changed}


def _meta_damage(meta):
    return {
        "an array named out of the folder": lambda m: m["arrays"].__setitem__(0, "../../../x"),
        "an array missing": lambda m: m["arrays"].pop(),
        "no checksums": lambda m: m.pop("crc32"),
        "junk hubs": lambda m: m["hubs"].reverse(),
        "a hub of no kind": lambda m: m["hubs"].__setitem__(0, "nothing:x"),
        "topic names not the hubs'": lambda m: m["topic_names"].reverse(),
        "a hub without a label": lambda m: m["hub_label"].pop(m["hubs"][0]),
        "a topic naming no hub": lambda m: m["by_topic"].__setitem__("x", ["topic:nowhere"]),
        "a provider table of junk": lambda m: m.__setitem__("by_provider", {"x": "y"}),
        "a wrong shape": lambda m: m["shapes"].__setitem__("links", [3, 4]),
        "a shape of junk": lambda m: m["shapes"].__setitem__("text", "big"),
        "about not an object": lambda m: m.__setitem__("about", []),
        # A blend with a checksum rewritten to match: every value is checked all the same.
        "a blend without weights": lambda m: m.__setitem__("blend", _blend(weights={})),
        "a blend missing a signal": lambda m: m.__setitem__("blend", _blend(
            weights={k: w for k, w in DEFAULT_WEIGHTS.items() if k != "cluster"})),
        "a blend of absurd weights": lambda m: m.__setitem__("blend", _blend(
            weights={**DEFAULT_WEIGHTS, "text": 1e308})),
        "a blend of no weight at all": lambda m: m.__setitem__("blend", _blend(
            weights=dict.fromkeys(DEFAULT_WEIGHTS, 0.0))),
        "an absurd calibration": lambda m: m.__setitem__("blend", _blend(
            calibration=[1e308, -1e308])),
        "a falling calibration": lambda m: m.__setitem__("blend", _blend(calibration=[-30, 6])),
        "a topic naming an outlet": lambda m: m["by_topic"].__setitem__(
            "x", [next(h for h in m["hubs"] if h.startswith("provider:"))]),
        "a topic's name leading to another topic": lambda m: m["by_topic"].__setitem__(
            "australia", [next(h for h in m["hubs"] if not h.startswith("provider:"))]),
        "a hub with an empty label": lambda m: m["hub_label"].__setitem__(m["hubs"][0], ""),
        "meta not an object": lambda m: m.clear() or m.__setitem__("x", 1),
    }


@pytest.mark.parametrize("what", sorted(_meta_damage({})))
def test_damaged_meta_is_refused(saved, tmp_path, what):
    engine = _copy(saved, tmp_path)
    meta = json.loads((engine / "meta.json").read_text())
    _meta_damage(meta)[what](meta)
    _craft_meta(engine, meta)
    _expect_refused(tmp_path)


#: Ways to damage the sorted tables of node ids and terms, which are searched in place.
TABLE_DAMAGE = {
    "a name twice": lambda names: [names[0], *names[:-1]],
    "out of order": lambda names: names[::-1],
    "a node of no kind": lambda names: ["nothing:x", *names[1:]],
}


@pytest.mark.parametrize(("table", "what"), [(t, w) for t in ("nodes", "terms")
                                             for w in TABLE_DAMAGE
                                             if not (t == "terms" and w == "a node of no kind")])
def test_a_crafted_node_or_term_table_is_refused(saved, tmp_path, table, what):
    engine = _copy(saved, tmp_path)
    names = list(Strings(np.load(engine / f"{table}.blob.npy"),
                         np.load(engine / f"{table}.ends.npy")))
    meta = json.loads((engine / "meta.json").read_text())
    blob, ends = Strings.pack(TABLE_DAMAGE[what](names))
    for part, value in (("blob", blob), ("ends", ends)):
        _resave(engine / f"{table}.{part}.npy", value)
        meta["crc32"][f"{table}.{part}"] = zlib.crc32(np.ascontiguousarray(value))
    _craft_meta(engine, meta)
    _expect_refused(tmp_path)


def test_a_crafted_meta_that_is_sound_loads(engines, saved, tmp_path):
    # So the crafted cases above are refused for their damage, not for being rewritten.
    engine = _copy(saved, tmp_path)
    _craft_meta(engine, json.loads((engine / "meta.json").read_text()))
    assert load_engine(tmp_path, "k") is not None


def test_a_letter_changed_in_meta_is_refused(saved, tmp_path):
    engine = _copy(saved, tmp_path)
    text = (engine / "meta.json").read_bytes()
    at = text.index(b'"hub_label"') + 40
    _rewrite(engine / "meta.json", text[:at] + bytes([text[at] ^ 1]) + text[at + 1:])
    json.loads((engine / "meta.json").read_text())  # still well formed
    _expect_refused(tmp_path)


def test_a_file_where_an_engine_belongs_is_replaced_not_a_silent_failure(engines, tmp_path):
    save_engine(engines[0], tmp_path, "other")  # the folder is graphx's
    (tmp_path / "k").write_text("not an engine")
    _expect_refused(tmp_path)  # loading removes it
    (tmp_path / "k").write_text("not an engine")
    with pytest.warns(UserWarning, match="replacing .*k, which was no saved related index"):
        assert save_engine(engines[0], tmp_path, "k") == tmp_path / "k"
    assert load_engine(tmp_path, "k") is not None


def test_a_folder_that_is_not_graphxs_is_never_pruned(engines, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    for i in range(KEEP + 1):
        (tmp_path / f"album{i}").mkdir()
    with pytest.warns(UserWarning, match="is not graphx's folder of saved engines"):
        assert save_engine(engines[0], tmp_path, "k") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["notes.txt", *(f"album{i}" for i in range(KEEP + 1))])


def test_an_engine_folder_of_an_older_graphx_is_adopted(engines, tmp_path):
    save_engine(engines[0], tmp_path, "k")
    (tmp_path / MARK).unlink()  # as a graphx before the mark left it
    assert save_engine(engines[0], tmp_path, "j") == tmp_path / "j"
    assert (tmp_path / MARK).is_file()


def test_out_of_range_indices_in_a_saved_engine_are_rebuilt_not_a_crash(runner, folder,
                                                                       tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHX_CACHE", str(tmp_path / "cache" / "parse-cache.sqlite"))
    args = ["related", "https://news0.example.com/s0", str(folder), "--nl"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    (saved_engine,) = engine_folder(os.environ["GRAPHX_CACHE"]).glob("*/links.indices.npy")
    np.save(saved_engine, np.load(saved_engine) + 10**7)  # segfaulted `related` before
    again = runner.invoke(cli, args)
    assert again.exit_code == 0
    assert again.stdout == first.stdout
    assert again.stderr.startswith("warning: ignoring the saved related index ")
    assert again.stderr.endswith("; rebuilding it\n") and again.stderr.count("\n") == 1
    quiet = runner.invoke(cli, args)  # the rebuilt engine was saved and is used silently
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, first.stdout, "")


# --- a build's own engine: queries that never look at the corpus's files ----------------


def test_related_answers_from_a_build_folder_without_reading_the_corpus(runner, folder,
                                                                       tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).exit_code == 0
    assert (out / "engine" / "meta.json").is_file()
    from_files = _related(runner, "Story 0 about patios", str(folder))

    def no_walk(*args, **kwargs):
        raise AssertionError("the corpus's files were read")

    monkeypatch.setattr(graphx.files, "_walk", no_walk)
    monkeypatch.setattr(graphx.pipeline, "build_corpus", no_walk)
    result = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--nl"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.stdout.splitlines()] == from_files[1]
    assert result.stderr.startswith(f"answers as of the build in {out} (")
    assert "3 files loaded)" in result.stderr and "warning" not in result.stderr


def test_a_corpus_built_as_soon_as_it_is_written_is_not_changed_since(runner, tmp_path):
    # A fetch-then-build job: the folder's time is a few ms before the build's survey. It
    # was "changed since the build" on every later query, and `graphx build OUT` said
    # "up to date" and changed nothing.
    folder = write_patio_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    for ago in (300_000_000, 5_000_000):  # a new process's start-up after the copy; none
        written = time.time_ns() - ago
        written -= written % 1_000_000_000 == 0  # a time finer than the second, as ext4's
        os.utime(folder, ns=(written, written))
        assert runner.invoke(cli, ["build", str(folder), "-o", str(out),
                                   "--force"]).exit_code == 0
        time.sleep(0.15)
        later = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--nl"])
        assert later.exit_code == 0
        if ago > 100_000_000:  # past the file system's step: nothing to doubt
            assert "warning" not in later.stderr, later.stderr
            continue
        # Too close to the build to say: said, and `graphx build OUT` builds again.
        assert f"warning: {folder} has changed since the build" in later.stderr
        again = runner.invoke(cli, ["build", str(out)])
        assert again.exit_code == 0 and "up to date" not in again.stderr, again.stderr
        last = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--nl"])
        assert "warning" not in last.stderr and last.stdout == later.stdout, last.stderr
        assert "up to date" in runner.invoke(cli, ["build", str(out)]).stderr


def test_changed_folders_distrust_times_within_the_file_systems_step(tmp_path):
    from graphx.pipeline import changed_folders

    fine = tmp_path / "fine"
    fine.mkdir()
    t = 1_700_000_000_123_456_789
    os.utime(fine, ns=(t, t))
    coarse = tmp_path / "coarse"
    coarse.mkdir()
    os.utime(coarse, ns=(t - t % 10**9,) * 2)
    folders = [[str(fine), t], [str(coarse), t - t % 10**9]]
    assert changed_folders({"folders": folders, "surveyed": t + 150_000_000}) == [str(coarse)]
    assert changed_folders({"folders": folders, "surveyed": t + 50_000_000}) == [
        str(fine), str(coarse)]
    assert changed_folders({"folders": folders, "surveyed": t + 2_500_000_000}) == []


def test_a_build_folder_says_when_its_corpus_has_changed(runner, folder, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).exit_code == 0
    before = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--nl"])
    assert "warning" not in before.stderr
    (folder / "3.md").write_text("---\ntitle: Story 3 about patios\n"
                                 "webUrl: https://news3.example.com/s3\n---\n")
    after = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--nl"])
    assert after.exit_code == 0 and after.stdout == before.stdout  # as of the build
    assert (f"warning: {folder} has changed since the build in {out}" in after.stderr
            and "these answers are as of that build, and `graphx build" in after.stderr)
    # A folder inside the corpus removed: the corpus changed, and a build brings it up to date.
    (folder / "sub").mkdir()
    (folder / "sub" / "4.md").write_text("---\ntitle: Story 4\nwebUrl: https://n.example.com/4\n"
                                         "---\n")
    assert runner.invoke(cli, ["build", str(out)]).exit_code == 0
    for name in ("4.md", ""):
        os.remove(folder / "sub" / name) if name else os.rmdir(folder / "sub")
    emptied = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--nl"])
    assert (f"warning: {folder / 'sub'} is gone since the build in {out}" in emptied.stderr
            and f"`graphx build {out}` brings it up to date" in emptied.stderr)
    # A corpus moved away: a rebuild of the folder cannot bring it back, and is not offered.
    moved = tmp_path / "moved"
    folder.rename(moved)
    away = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--nl"])
    assert away.exit_code == 0 and away.stdout == emptied.stdout
    assert (f"warning: {folder} is gone since the build in {out}" in away.stderr
            and "name the corpus where it is now" in away.stderr
            and "brings it up to date" not in away.stderr)


def test_a_build_folder_without_an_engine_or_with_other_options_is_an_error(runner, folder,
                                                                           tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).exit_code == 0
    other = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--since",
                                "2020-05-02"])
    assert other.exit_code == 2
    assert ("was made with no --since, not --since 2020-05-02T00:00:00Z: give the build's "
            "options or none" in other.stderr)
    strict = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--strict"])
    assert strict.exit_code == 0
    shutil.rmtree(out / "engine")
    gone = runner.invoke(cli, ["related", "Story 0 about patios", str(out)])
    assert gone.exit_code == 2 and gone.stderr.startswith(f"Error: The build in {out} has no "
                                                          "related index")


@pytest.mark.parametrize("damage", ["an array gone", "an older graphx's",
                                    "an array damaged at its size"])
def test_a_build_whose_engine_is_incomplete_or_older_is_not_up_to_date(runner, folder,
                                                                      tmp_path, damage):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).exit_code == 0
    if damage == "an array gone":
        (out / "engine" / "nodes.blob.npy").unlink()
    elif damage == "an array damaged at its size":  # a bad sector, `rsync --inplace` cut
        # short: `build` said "up to date" while `related` refused the folder
        idf = out / "engine" / "idf.npy"
        data = bytearray(idf.read_bytes())
        data[-8:] = b"\xff" * 8
        idf.write_bytes(bytes(data))
    else:
        meta = out / "engine" / "meta.json"
        text = meta.read_text().replace(f'"{SCHEMA}"', '"graphx-engine/0"')
        assert SCHEMA not in text
        meta.unlink()
        meta.write_text(text)
    refused = runner.invoke(cli, ["related", "Story 0 about patios", str(out)])
    assert refused.exit_code == 2 and "graphx build --force" in refused.stderr
    again = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert again.exit_code == 0 and "up to date" not in again.stderr
    assert runner.invoke(cli, ["related", "Story 0 about patios", str(out)]).exit_code == 0


def test_a_damaged_build_engine_is_an_error_not_an_answer(runner, folder, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).exit_code == 0
    _resave(out / "engine" / "links.indices.npy",
            np.load(out / "engine" / "links.indices.npy") + 10**7)
    result = runner.invoke(cli, ["related", "Story 0 about patios", str(out)])
    assert result.exit_code == 2
    assert "related index of the build" in result.stderr and "build it again" in result.stderr


# --- engines checked once, then vouched for ------------------------------------------------


#: The distrust of fresh files, shortened from two seconds for these tests (more than the
#: coarse clock that stamps change times, less than TICK).
SHORT_WINDOW_NS, TICK = 20_000_000, 0.05


@pytest.fixture
def trust_at_once(monkeypatch):
    """Files are vouched for TICK after they are written."""
    import graphx.related.store as store

    monkeypatch.setattr(store, "TRUST_WINDOW_NS", SHORT_WINDOW_NS)


def _checks_counted(monkeypatch):
    calls = []
    real = RelatedEngine.check_arrays.__func__

    def counting(cls, arrays, meta):
        calls.append(1)
        return real(cls, arrays, meta)

    monkeypatch.setattr(RelatedEngine, "check_arrays", classmethod(counting))
    return calls


def test_a_checked_engine_is_vouched_for_and_not_read_again(engines, tmp_path, monkeypatch,
                                                            trust_at_once):
    calls = _checks_counted(monkeypatch)
    save_engine(engines[0], tmp_path, "k")
    time.sleep(TICK)
    first, _ = load_engine(tmp_path, "k")
    assert calls == [1] and (tmp_path / "k" / "verified.json").is_file()
    second, _ = load_engine(tmp_path, "k")
    assert calls == [1]  # vouched for: not checked again
    for options, query in QUERIES:
        assert second.related(query, **options) == engines[0].related(query, **options)


@pytest.mark.parametrize("change", ["rewritten in place", "replaced", "record of another key",
                                    "record edited", "too recent"])
def test_a_changed_engine_is_checked_again(engines, tmp_path, monkeypatch, change):
    import graphx.related.store as store

    if change != "too recent":
        monkeypatch.setattr(store, "TRUST_WINDOW_NS", SHORT_WINDOW_NS)
    save_engine(engines[0], tmp_path, "k")
    time.sleep(TICK)
    load_engine(tmp_path, "k")
    time.sleep(TICK)
    engine = tmp_path / "k"
    if change == "too recent":
        assert not (engine / "verified.json").exists()
    elif change == "rewritten in place":
        path = engine / "idf.npy"
        with open(path, "r+b") as fh:  # same file, same size, its times put back
            fh.seek(-1, 2)
            fh.write(fh.read(0) or b"\0")
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    elif change == "replaced":
        data = (engine / "idf.npy").read_bytes()
        _rewrite(engine / "idf.npy", data)
    elif change == "record of another key":
        key = tmp_path / "other.key"
        key.write_bytes(b"x" * 32)
        record = json.loads((engine / "verified.json").read_text())
        import hmac as hmac_

        record["mac"] = hmac_.new(b"x" * 32, b"forged", "sha256").hexdigest()
        (engine / "verified.json").write_text(json.dumps(record))
    else:
        record = json.loads((engine / "verified.json").read_text())
        record["files"]["idf.npy"][2] += 1
        (engine / "verified.json").write_text(json.dumps(record))
    assert not store.vouched(engine)
    calls = _checks_counted(monkeypatch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_engine(tmp_path, "k")
    if change == "rewritten in place":  # its checksum refuses it before the array checks
        assert "does not have the checksum it was saved with" in str(caught[0].message)
    else:
        assert calls == [1] and not caught


def test_the_key_must_be_this_users_alone(engines, tmp_path, monkeypatch, trust_at_once):
    save_engine(engines[0], tmp_path, "k")
    time.sleep(TICK)
    load_engine(tmp_path, "k")
    assert (tmp_path / "k" / "verified.json").is_file()
    key = Path(os.environ["GRAPHX_CACHE"]).parent / "engine-check.key"
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)
    calls = _checks_counted(monkeypatch)
    load_engine(tmp_path, "k")
    assert calls == [1]
    key.chmod(0o600)


@pytest.mark.corpus
def test_a_saved_engine_does_not_depend_on_string_hashing(corpora, tmp_path):
    # Its name tables were filled from sets, so two builds of one corpus saved different
    # bytes; only "about" (when the corpus was surveyed) may differ now.
    import json
    import subprocess
    import sys

    metas = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run([sys.executable, "-m", "graphx", "build", str(corpora / "powerapps"),
                        "-o", str(out), "-q", "--no-cache"], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        meta = json.loads((out / "engine" / "meta.json").read_text())
        meta.pop("about")
        metas.append(json.dumps(meta))
    assert metas[0] == metas[1]


def _other_corpus(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.md").write_text("---\ntitle: Seattle nurses change vaccine delivery\n"
                                "webUrl: https://other.example.com/x\n---\n")
    _age(other)
    return other


def test_an_engine_of_another_build_is_never_answered_from(runner, folder, tmp_path):
    # An engine/ copied in from another build folder was "up to date" and answered for it.
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["build", str(_other_corpus(tmp_path)), "-o",
                               str(elsewhere)]).exit_code == 0
    shutil.rmtree(out / "engine")
    shutil.copytree(elsewhere / "engine", out / "engine")
    asked = runner.invoke(cli, ["related", "vaccine", str(out)])
    assert asked.exit_code == 2 and asked.stderr == (
        f"Error: The related index in {out} is not the build's there (another corpus's, or "
        f"an earlier build's that a failed save left): `graphx build {out}` builds it "
        "again\n")
    again = runner.invoke(cli, ["build", str(out)])
    assert again.exit_code == 0 and "up to date" not in again.stderr
    assert runner.invoke(cli, ["related", "Story 0 about patios", str(out)]).exit_code == 0


def test_an_engine_that_could_not_be_saved_leaves_no_older_one(runner, folder, tmp_path,
                                                               monkeypatch):
    # A full disk while saving the engine kept the last build's beside the new outputs:
    # "up to date" from then on, and `related OUT` answered from the old corpus.
    import errno

    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).exit_code == 0
    (folder / "3.md").write_text("---\ntitle: Story 3 about patios\n"
                                 "webUrl: https://news3.example.com/s3\n---\n")
    _age(folder)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("graphx.related.store.write_engine", full)
    built = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert built.exit_code == 0
    assert (f"warning: could not save the related index in {out} ([Errno 28] No space left "
            f"on device); `graphx related QUERY {out}` will say so until a build saves one"
            in built.stderr)
    assert not (out / "engine").exists()
    asked = runner.invoke(cli, ["related", "patios", str(out)])
    assert asked.exit_code == 2 and "has no related index" in asked.stderr
    monkeypatch.undo()
    again = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert again.exit_code == 0 and "up to date" not in again.stderr
    assert (out / "engine" / "meta.json").is_file()


@pytest.mark.parametrize(("field", "value"), [
    ("loaded", "many"), ("folders", [["/etc"]]), ("surveyed", "x"), ("fingerprint", 5),
    ("folders", "abc"), ("built", None),
    # said as they came: "answers as of the build (\u202eyesterday, 10**30 files loaded)"
    ("loaded", 10**30), ("built", "\u202eyesterday"),
])
def test_an_engine_whose_about_record_is_odd_is_one_sentence(runner, folder, tmp_path,
                                                             field, value):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).exit_code == 0
    meta = json.loads((out / "engine" / "meta.json").read_text())
    meta["about"][field] = value
    text = json.dumps(meta).encode()
    (out / "engine" / "meta.json").write_bytes(text)
    (out / "engine" / "meta.crc32").write_text(str(zlib.crc32(text)))
    asked = runner.invoke(cli, ["related", "patios", str(out)])
    assert asked.exit_code == 2, asked.output
    assert asked.stderr.startswith(f"Error: The related index of the build in {out} cannot "
                                   f"be used (about.{field}: ")


def test_a_failed_strict_build_leaves_the_last_builds_index_answering(runner, folder, tmp_path):
    # A nightly --strict pipeline: one broken file arrived, the strict build failed (its
    # load report written, everything else left), and `related QUERY OUT` refused the last
    # good build's index as "not the build's", advising a non-strict rebuild.
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "--strict"]).exit_code == 0
    before = _related(runner, "Story 0 about patios", str(out))
    (folder / "broken.md").write_text("---\ntitle: [broken\n---\n")
    failed = runner.invoke(cli, ["build", str(folder), "-o", str(out), "--strict"])
    assert failed.exit_code == 2
    for _ in range(2):  # and after a second failure too
        after = runner.invoke(cli, ["related", "Story 0 about patios", str(out), "--nl"])
        assert after.exit_code == 0, after.output
        assert [json.loads(line) for line in after.stdout.splitlines()] == before[1]
        assert (f"warning: the last --strict build into {out} failed" in after.stderr
                and "these answers are as of the build before it" in after.stderr)
        runner.invoke(cli, ["build", str(folder), "-o", str(out), "--strict"])


def test_a_folder_whose_first_build_failed_strict_says_so_not_that_its_report_is_no_item(
        runner, folder, tmp_path):
    # `related Q OUT` and `build OUT` read the failed build's load-report.json as the one
    # file of a corpus: "The one file under out is not a news item".
    (folder / "broken.md").write_text("---\ntitle: [broken\n---\n")
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "--strict"]).exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["load-report.json"]
    asked = runner.invoke(cli, ["related", "Story 0 about patios", str(out)])
    assert asked.exit_code == 2 and asked.stderr.startswith(
        f"Error: No build has passed in {out}: the one there failed --strict")
    again = runner.invoke(cli, ["build", str(out), "-q"])  # its inputs, without --strict
    assert again.exit_code == 0 and (out / "coverage.graphml").is_file()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["", "g:a.com/x", "g:b.com/x", "g:a.com/y", "é", "g:é"]),
                max_size=30),
       st.sampled_from(["", "g:a.com/x", "g:b.com/x", "é", "g:é", "g:zz"]))
def test_strings_find_a_value_in_place_as_a_scan_would(values, value):
    # A collapsed row's copies were found by reading every row's attributes: 3.7 s a query
    # at 100,000 articles.
    from graphx.related.packed import Strings

    found = Strings(*Strings.pack(values)).where(value).tolist()
    assert found == [i for i, v in enumerate(values) if v == value]
