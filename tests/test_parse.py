"""The YAML layer: lazily decided scalar types read exactly as the stock resolver reads them."""

import datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from graphx.parse import parse_item
from graphx.safe_yaml import (
    ITEM_FIELDS,
    PROVIDER_FIELDS,
    FastLoader,
    NoAliasLoader,
    build,
    decide_all,
)

URL = "webUrl: https://a.example.com/x\n"


def parse(body: str):
    return parse_item(f"---\n{body}{URL}---\n".encode(), "f.md")


def tree(loader_class, text: str):
    """(tag, value) of every node, depth first, every plain scalar's type decided."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        decide_all(loader, node)
    finally:
        loader.dispose()

    def walk(n):
        if isinstance(n, yaml.ScalarNode):
            return (n.tag, n.value)
        if isinstance(n, yaml.SequenceNode):
            return (n.tag, [walk(c) for c in n.value])
        return (n.tag, [(walk(k), walk(v)) for k, v in n.value])

    return walk(node)


def test_no_wanted_name_reads_as_anything_but_a_string():
    # build takes a plain key's text as its value when it is a wanted name.
    for name in ITEM_FIELDS | PROVIDER_FIELDS:
        assert yaml.safe_load(f"{name}: 1") == {name: 1}


DOCUMENTS = [
    "a: 1\nb: 1.5\nc: true\nd: ~\ne: 2020-05-06T16:53:00Z\nf: 2020-02-31\ng: text\nh:\n",
    "<<: {a: 1}\n=: 2\nk: [=, <<, '=', yes, No, 0x1F, 0o7, 1_000, 1:20, .inf, .NaN, -.5]\n",
    "? [a, b]\n: {true: false, 1: 2, null: x}\n",
    "x: ! 12\ny: !!str 12\nz: !!int '12'\nw: !!set {a, 1}\nv: !<tag:yaml.org,2002:str> 3\n",
    "t: |\n  block\nu: >-\n  folded\nv: 'single'\nw: \"double\"\nx: plain text here\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
@pytest.mark.parametrize("loader_class", [FastLoader, NoAliasLoader])
def test_decided_tags_are_the_stock_resolvers(text, loader_class):
    stock = yaml.CSafeLoader if loader_class is FastLoader else yaml.SafeLoader
    assert tree(loader_class, text) == tree(stock, text)


plain = st.one_of(st.integers(), st.floats(), st.booleans(), st.none(), st.dates(),
                  st.datetimes(), st.text(max_size=12))
documents = st.recursive(plain, lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(plain.filter(lambda k: k == k), inner, max_size=3),
                         max_leaves=10)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_any_dumped_document_decides_as_the_stock_resolver(data):
    text = yaml.safe_dump(data)
    assert tree(FastLoader, text) == tree(yaml.CSafeLoader, text)


@pytest.mark.parametrize(
    ("body", "title", "reason"),
    [
        # A value key (=) is a string key to flatten_mapping: decided at once, so it loads.
        ("=: 1\n", "", ""),
        ("title: {=: 1}\n", "", ""),
        ("<<: {title: merged}\n", "merged", ""),
        ("provider: {<<: {name: merged}}\n", "", ""),
        ("title: true\n", "True", ""),
        ("title: 2020-02-31\n", "2020-02-31", ""),
        ("title: ._\n", "._", ""),
        ("title: =\n", None, "could not determine a constructor for the tag"),
        # Unread fields are never decided ...
        ("images: [=, {=: 1}]\n", "", ""),
        # ... unless the file has a tag: then every node's tag is checked.
        ("images: [=]\nx: !!str y\n", None,
         "unsupported YAML tag 'tag:yaml.org,2002:value'"),
        ("topics: !!set {=}\n", None, "unsupported YAML tag 'tag:yaml.org,2002:value'"),
        ("title: !<?> x\n", None, "unsupported YAML tag '?'"),
        # A collection's tag on a scalar is refused, not built into a generator.
        ("title: !!set abc\n", None, "expected a mapping node, but found scalar"),
        ("title: !!int abc\n", "abc", ""),  # int('abc') fails: the text is kept
        ("title: !!bool x\n", "x", ""),  # PyYAML raises KeyError here: the text is kept
        ("title: !!timestamp x\n", "x", ""),  # ... and AttributeError here
    ],
)
def test_plain_scalars_read_as_before(body, title, reason):
    result = parse(body)
    if reason:
        assert reason in result.reason
    else:
        assert result.reason == ""
        assert result.item.title == title


def test_read_scalars_keep_their_types():
    r = parse("quality: 0x1F\nheat: 1_000\npublished: yes\npublishedDateTime: 2020-05-06\n"
              "topics: [yes, ~, 1.5, 2020-01-01, Covid]\nprovider: {name: 7, domain: true}\n")
    assert (r.item.quality, r.item.heat, r.item.listed) == (31, 1000, True)
    assert r.item.published == "2020-05-06T00:00:00Z"
    assert r.item.topics == ("1.5", "2020-01-01", "Covid")
    assert r.warnings == ("topics: dropped a bool entry",)
    assert r.item.provider_name == "7"


def test_a_set_is_built_with_its_members_decided():
    r = parse("topics: !!set {true, 1, x}\n")
    assert r.warnings == ("topics: expected a list or a string, got set",)
    loader = FastLoader("!!set {true, 0x1F, x}")
    try:
        assert build(loader, loader.get_single_node()) == {True, 31, "x"}
    finally:
        loader.dispose()


def test_a_timestamp_is_a_datetime():
    loader = FastLoader("2020-05-06T16:53:00Z")
    try:
        value = build(loader, loader.get_single_node())
    finally:
        loader.dispose()
    assert value == datetime.datetime(2020, 5, 6, 16, 53, tzinfo=datetime.timezone.utc)
