"""Property tests: whatever the front matter holds, the loader explains it and never crashes."""

import string

import yaml
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
