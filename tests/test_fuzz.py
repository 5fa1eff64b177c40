"""Property tests: whatever the front matter holds, the loader explains it and never crashes."""

import contextlib
import json
import os
import string

import pytest
import yaml
from hostile import put_cache_entry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphx.files import load
from graphx.graph import build_graph
from graphx.parse import parse_item
from graphx.urls import is_web_url, story_key

FIELDS = ["title", "excerpt", "publishedDateTime", "webUrl", "originalUrl", "ampWebUrl",
          "cdnAmpWebUrl", "provider", "topics", "tags", "quality", "heat", "published", "type",
          "related"]

nasty_text = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10)
    | st.sampled_from(["<script>", "</script>", "&amp;", "\x00", "\x07", "\x97", "\ufeff", "---",
                       "javascript:", "\u202e", "\n---\n", "*a", "&a "]),
    max_size=6,
).map("".join)
urls = st.one_of(
    st.sampled_from(["https://a.com/x", "http://www.b.org/y?utm_source=z", "javascript:alert(1)",
                     "https://c.com/amp/z", "ftp://x", "", "http://", "https://x.com:99999/"]),
    st.builds(lambda h, p: f"https://{h}.com/{p}", st.text(string.ascii_lowercase, min_size=1,
                                                           max_size=8), nasty_text),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    nasty_text, urls, st.dates(), st.datetimes())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(FIELDS + ["name", "domain"]), inner,
                                        max_size=4), max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS))


def to_file(data) -> bytes:
    return ("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n").encode("utf-8",
                                                                               "surrogatepass")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter)
def test_parse_item_never_raises_and_always_explains(data):
    result = parse_item(to_file(data), "f.md")
    assert (result.item is None) == bool(result.reason)
    if result.item is not None:
        assert is_web_url(result.item.url)
        build_graph([result.item])  # whatever loads builds a graph


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    result = parse_item(b"---\n" + data, "f.md")
    assert (result.item is None) == bool(result.reason)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_story_key_is_total_and_idempotent_on_web_urls(text):
    url = "https://www.example.com/" + text
    if not is_web_url(url):
        return
    try:
        key = story_key(url)
    except ValueError:
        return
    assert story_key("https://" + key) == key


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(front_matter, min_size=1, max_size=8))
def test_every_file_appears_once_in_the_report(tmp_path_factory, corpus):
    folder = tmp_path_factory.mktemp("fuzz")
    for i, data in enumerate(corpus):
        (folder / f"{i}.md").write_bytes(to_file(data))
    try:
        _, report = load([str(folder)])
    except Exception as exc:  # only our own "nothing loaded" error may escape
        assert type(exc).__name__ == "EmptyCorpusError"
        return
    assert sorted(f.path for f in report.files) == sorted(str(p) for p in folder.iterdir())


# --- saved state is never trusted -----------------------------------------------------------


@pytest.fixture(scope="module")
def good_engine(tmp_path_factory):
    """A saved engine of a small analysed corpus ("k" in its folder), and that engine."""
    from test_related import corpus

    from graphx.analysis import add_analysis
    from graphx.related import RelatedEngine
    from graphx.related.store import save_engine

    G = corpus()
    add_analysis(G)
    engine = RelatedEngine(G)
    folder = tmp_path_factory.mktemp("engine")
    save_engine(engine, folder, "k")
    return folder / "k", engine


ENGINE_QUERIES = ["https://www.alpha.com/news/ontario-patios-reopen", "reopen patios",
                  "Coronavirus in Canada", "alpha.com", "https://wire1.com/moderna"]
INTERESTING = [0, 1, -1, 2, 255, 2**31 - 1, -2**31, 10**7, float("nan"), float("inf"),
               -float("inf"), 1e300, 0.5]


@st.composite
def engine_damage(draw):
    from graphx.related import RelatedEngine

    name = draw(st.sampled_from(sorted(RelatedEngine.ARRAY_NAMES)))
    edits = draw(st.lists(st.tuples(st.floats(0, 1), st.sampled_from(INTERESTING)),
                          min_size=1, max_size=4))
    cut = draw(st.sampled_from([None, 0, 1, -1]))
    crafted = draw(st.booleans())  # checksum rewritten: only the array checks stand guard
    return name, edits, cut, crafted


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(engine_damage())
def test_a_mutated_engine_answers_or_is_rebuilt_never_crashes(good_engine, tmp_path_factory,
                                                             damage):
    import shutil
    import warnings
    import zlib

    import numpy as np

    from graphx.errors import GraphxError
    from graphx.related.store import load_engine

    good, engine = good_engine
    name, edits, cut, crafted = damage
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(good, folder / "k", copy_function=os.link)
    path = folder / "k" / f"{name}.npy"
    a = np.array(np.load(path))
    for where, value in edits:
        if len(a):
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with contextlib.suppress(ValueError, OverflowError, TypeError):
                    a[min(int(where * len(a)), len(a) - 1)] = value  # unless it cannot hold it
    if cut is not None and len(a):
        a = a[:cut] if cut else a[1:]
    path.unlink()  # a hard link to the good engine: never write through it
    with open(path, "wb") as fh:
        np.save(fh, a)
    if crafted:
        meta_path = folder / "k" / "meta.json"
        meta = json.loads(meta_path.read_text())
        meta["crc32"][name] = zlib.crc32(np.ascontiguousarray(a))
        text = json.dumps(meta).encode()
        for file, data in ((meta_path, text), (folder / "k" / "meta.crc32",
                                               str(zlib.crc32(text)).encode())):
            file.unlink()
            file.write_bytes(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = load_engine(folder, "k")
    if loaded is None:
        assert len(caught) == 1 and "ignoring the saved related index" in str(caught[0].message)
        return
    assert caught == []
    for query in ENGINE_QUERIES:  # a well-formed mutation may change answers, never crash
        with contextlib.suppress(GraphxError):
            loaded[0].related(query)


def _mutate(value, path, new):
    """``value`` (JSON) with the element at ``path`` (indices into lists) replaced."""
    if not path or not isinstance(value, list) or not value:
        return new
    i = path[0] % len(value)
    return [*value[:i], _mutate(value[i], path[1:], new), *value[i + 1:]]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**12) | st.floats() | st.text(max_size=8)
    | st.sampled_from(["https://e.com/0", "\ud800", "", "x" * 50]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                 max_size=2),
    max_leaves=6)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 30), max_size=4), json_values)
def test_a_mutated_cache_row_is_used_or_parsed_again_never_crashes(tmp_path_factory, path,
                                                                   new):
    import sqlite3
    import time

    from graphx.cache import ParseCache

    base = tmp_path_factory.mktemp("rows")
    folder = base / "corpus"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: T{i}\nwebUrl: https://e.com/{i}\ntopics: [a, b]\n"
            f"related:\n  - webUrl: https://e.com/r{i}\n---\n")
        os.utime(folder / f"{i}.md", (time.time() - 60,) * 2)
    cache_path = base / "cache.sqlite"
    first = ParseCache(cache_path)
    fresh = load([str(folder)], cache=first)
    first.close()
    db = sqlite3.connect(cache_path)
    key, text = db.execute("SELECT path, result FROM files ORDER BY path LIMIT 1").fetchone()
    put_cache_entry(db, key, json.dumps(_mutate(json.loads(text), path, new)))  # sealed
    db.commit()
    db.close()
    cache = ParseCache(cache_path)
    items, report = load([str(folder)], cache=cache)
    cache.close()
    assert [os.path.basename(f.path) for f in report.files] == ["0.md", "1.md", "2.md"]
    assert items[1:] == fresh.items[1:]  # the untouched rows
    for item in items:  # the mutated one: read as it is, if it has graphx's shape
        assert is_web_url(item.url)
        json.dumps([item.title, item.topics, item.related and item.related[0].url],
                   ensure_ascii=False).encode("utf-8")
        build_graph(items)
