"""The YAML layer: lazily decided scalar types read exactly as the stock resolver reads them."""

import datetime

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graphx.parse import parse_item
from graphx.safe_yaml import (
    ITEM_FIELDS,
    PROVIDER_FIELDS,
    FastLoader,
    LimitError,
    PureLoader,
    build,
    decide_all,
    deeper_than,
    load_block,
    shallow,
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
@pytest.mark.parametrize("loader_class", [FastLoader, PureLoader])
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
        ("title: true\n", "true", ""),  # a text field keeps a plain scalar as written
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
        # The merge key written with its tag is the merge key, as PyYAML reads it ...
        ("!!merge <<: {title: merged}\n", "merged", ""),
        ("provider:\n  !!merge <<: {name: Acme}\n  id: 3\nimages: [!!str x]\n", "", ""),
        # ... and as a value's tag, refused where graphx reads the value
        ("title: !!merge x\n", None, "could not determine a constructor for the tag"),
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


@pytest.mark.parametrize(("value", "title"), [
    ("no", "no"), ("On", "On"), ("1.5", "1.5"), (".nan", ".nan"), ("0x1F", "0x1F"),
    ("2020-05-06", "2020-05-06"), ("~", ""), ('"yes"', "yes"), ("!!binary aGVsbG8=", "hello"),
])
def test_text_fields_keep_plain_scalars_as_written(value, title):
    # YAML 1.1 reads no as False and .nan as a float: a headline "no" is the word no.
    r = parse(f"title: {value}\nexcerpt: {value}\ntype: {value}\nprovider: {{name: {value}}}\n")
    assert (r.item.title, r.item.excerpt, r.item.type) == (title,) * 3
    assert r.item.provider_name == (title or "example.com")  # no name: the site


@pytest.mark.parametrize(("value", "said"), [("[a, b]", "a list"), ("{a: 1}", "a mapping")])
def test_a_title_that_is_no_text_is_dropped_with_a_warning(value, said):
    r = parse(f"title: {value}\n")
    assert r.item.title == ""
    assert r.warnings == (f"title: expected text, got {said}; dropped",)


def test_read_scalars_keep_their_types():
    r = parse("quality: 0x1F\nheat: 1_000\npublished: yes\npublishedDateTime: 2020-05-06\n"
              "topics: [yes, ~, 1.5, 2020-01-01, Covid]\nprovider: {name: 7, domain: true}\n")
    assert (r.item.quality, r.item.heat, r.item.listed) == (31, 1000, True)
    assert r.item.published == "2020-05-06T00:00:00Z"
    assert r.item.topics == ("yes", "1.5", "2020-01-01", "Covid")  # labels as written
    assert r.item.day_only  # a YAML date: a day, no time of day
    assert r.warnings[1:] == ()
    assert r.item.provider_name == "7"


def test_labels_keep_plain_scalars_as_written():
    # NO is Norway's place code, not False; 1.10 is not 1.1. A null entry is no label.
    r = parse("tags: [NO, ON, Y, US-SC, 1.10, ~]\ntopics: NO\nprovider: yes\n")
    assert r.item.tags == ("NO", "ON", "Y", "US-SC", "1.10")
    assert (r.item.topics, r.item.provider_name) == (("NO",), "yes")
    assert r.warnings == ()


def test_a_binary_label_is_read_as_its_text_as_a_binary_title_is():
    # A !!binary topic became the text of a Python bytes object: topic "b'Coronavirus'".
    r = parse("title: !!binary SGVsbG8=\ntopics: [!!binary Q29yb25hdmlydXM=]\n"
              "tags: !!binary VVMtU0M=\n")
    assert (r.item.title, r.item.topics, r.item.tags) == ("Hello", ("Coronavirus",), ("US-SC",))


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
    assert value == datetime.datetime(2020, 5, 6, 16, 53, tzinfo=datetime.UTC)


# --- composing only what is kept ----------------------------------------------------------
#
# compose_kept (for large blocks and blocks with anchors) must give what composing the whole
# block gives, wherever its cap and budget do not bite; and the cheap nesting bound must be
# a bound.

WORDS = ["a", "title", "topics", "provider", "related", "name", "domain", "webUrl", "images",
         "1", "0x1F", "true", "~", "2020-02-31", "2020-05-06T10:00:00Z", "=", "<<", "-1.5"]
scalar_text = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(lambda w: f'"{w}"'),
    st.sampled_from(["!!str 12", "!!int x", "!!int 7", "!!binary aGk=", "!!timestamp soon",
                     "!!bool maybe", "!!float 1", "!shout x", "!!python/name:os.system",
                     "! 12", "!!null ''"]),
    st.text(alphabet="abc xyz-:", min_size=1, max_size=6).map(lambda t: f"'{t}'"),
)


def flow_node(inner):
    pair = st.tuples(st.one_of(scalar_text, st.just("[k]"), st.just("<<")), inner)
    return st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(pair, max_size=4).map(
            lambda ps: "{" + ", ".join(f"{k}: {v}" for k, v in ps) + "}"),
        st.sampled_from(["!!set {a, b}", "!!omap [{a: 1}, {b: [2]}]", "!!pairs [{a: 1}]",
                         "!!map {title: x}", "!!seq [1, [2]]"]),
    )


flow_values = st.recursive(scalar_text, flow_node, max_leaves=8)
top_keys = st.sampled_from(sorted(ITEM_FIELDS) + ["images", "<<", "=", '"title"', "? [k]",
                                                  "!!str topics", "!!int 3", "1"])
block_documents = st.lists(st.tuples(top_keys, flow_values), max_size=6).map(
    lambda pairs: "".join(f"{k}: {v}\n" if not k.startswith("?") else f"{k}\n: {v}\n"
                          for k, v in pairs))


class NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # noqa: D102 - PyYAML hook
        return True


def outcome(block: str, *, whole: bool, cap: int = 10**6):
    """What load_block gives: ("data", value) or ("error", problem, line)."""
    try:
        return ("data", load_block(block, cap=cap, whole=whole))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return ("error", getattr(exc, "problem", str(exc)), mark and mark.line)


# The fixture only picks a loader class: the same for every generated input.
LOADER_FIXTURE = [HealthCheck.function_scoped_fixture]


@settings(max_examples=200, deadline=None, suppress_health_check=LOADER_FIXTURE)
@given(block_documents)
# A tag elsewhere in the file decides every scalar's type first: a text field's plain
# scalar is still its text, as when nothing is decided before it is read.
@example(block="ampWebUrl: !!set {a, b}\nexcerpt: 2020-05-06T10:00:00Z\n")
def test_composing_what_is_kept_gives_what_composing_all_gives(yaml_loader, block):
    assert outcome(block, whole=False) == outcome(block, whole=True)


@settings(max_examples=100, deadline=None, suppress_health_check=LOADER_FIXTURE)
@given(documents)
def test_composing_what_is_kept_reads_any_dumped_document_alike(yaml_loader, data):
    for flow in (False, None, True):  # aliases aside: compose_kept refuses them by design
        text = yaml.dump({"topics": data, "related": [{"title": data, "x": data}],
                          "images": data}, Dumper=NoAliasDumper, default_flow_style=flow)
        assert outcome(text, whole=False) == outcome(text, whole=True)


def test_cut_collections_keep_their_first_entries_and_their_length(yaml_loader):
    block = ("topics: [a, b, c, d]\nrelated: [{webUrl: x, topics: [p, q, r]}, {}, {}, {}]\n"
             "images: [1, 2, 3, 4, 5]\ntags: !!set {a, b, c}\ntitle: {k1: 1, k2: 2, k3: 3}\n"
             "provider: {name: n, domain: d, images: [1, 2, 3, 4]}\n")
    assert load_block(block, cap=2, whole=False) == {
        "topics": ["a", "b", None, None],
        "related": [{"webUrl": "x", "topics": ["p", "q", None]}, {}, None, None],
        "tags": {"a", "b"}, "title": {"k1": 1, "k2": 2}, "provider": {"name": "n", "domain": "d"}}


def test_past_the_budget_of_kept_values_a_block_is_refused(yaml_loader):
    block = "topics: [" + ", ".join("x" for _ in range(50)) + "]\nimages: [" + "1, " * 500 + "]\n"
    assert len(load_block(block, cap=100, budget=60, whole=False)["topics"]) == 50
    with pytest.raises(LimitError, match="more than 40 values in the fields graphx reads"):
        load_block(block, cap=100, budget=40, whole=False)


def test_aliases_are_refused_even_in_fields_graphx_skips(yaml_loader):
    for block in ("a: &x 1\nimages: [*x]\n", "a: &x [1]\ntitle: *x\n",
                  "a: &x 1\nb: &x 2\n"):
        kind, problem, _ = outcome(block, whole=False)
        assert kind == "error" and ("aliases" in problem or "second occurrence" in problem)


documents_to_nest = st.recursive(
    st.sampled_from(["a", "1", ""]),
    lambda inner: st.lists(inner, min_size=1, max_size=3)
    | st.dictionaries(st.sampled_from(["k", "? x", "-k", "t"]), inner, min_size=1, max_size=3),
    max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(documents_to_nest, st.integers(1, 4), st.sampled_from([False, None]))
def test_the_cheap_nesting_bound_is_a_bound(data, indent, flow):
    text = yaml.safe_dump({"x": data}, indent=indent + 1, default_flow_style=flow, width=30)
    loader = PureLoader(text)
    depth = deepest = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        loader.dispose()
    for limit in range(1, deepest):
        assert not shallow(text, limit), (text, limit, deepest)
        assert deeper_than(text, limit)
    assert not deeper_than(text, deepest)


@pytest.mark.parametrize(("escape", "title", "warned"), [
    ('"\\ud800"', "\ufffd", True),  # a lone surrogate: U+FFFD, said
    ('"\\ud83d\\ude00"', "\U0001f600", False),  # a pair: the character it encodes
    ('"caf\\u00e9 \\ud800"', "café \ufffd", True),
])
def test_surrogate_escapes_are_read_not_skipped(escape, title, warned):
    # libyaml refuses them; the file is read by the pure-Python parser instead.
    r = parse(f"title: {escape}\n")
    assert r.reason == "" and r.item.title == title
    assert bool(r.warnings) is warned


def test_an_escape_past_the_last_code_point_is_a_yaml_error_not_a_graphx_bug(yaml_loader):
    # "\U001F6008" (one digit too many) was "unexpected error while parsing (ValueError:
    # chr() arg not in range(0x110000))", the reason reserved for graphx's own bugs.
    from graphx.parse import parse_item

    result = parse_item(b'---\ntitle: "Emoji \\U001F6008 typo"\nwebUrl: https://a.com/x\n---\n')
    assert result.item is None
    assert result.reason.startswith("YAML error at line 2: ")
    assert "invalid Unicode character escape code" in result.reason


def test_a_key_given_twice_is_said_in_the_files_warnings():
    # Two webUrl: lines (an editor's slip, two records merged): YAML keeps the last, and
    # the first address was lost without a word.
    from graphx.parse import parse_yaml_block

    data, reason, warns = parse_yaml_block(
        "title: A\ntitle: B\nwebUrl: https://a.example/1\nwebUrl: https://a.example/2\n"
        "related:\n  - title: x\n    webUrl: https://c.example/x\n"
        "  - title: y\n    webUrl: https://c.example/y\n")
    assert (data["webUrl"], reason) == ("https://a.example/2", "")
    assert warns == ("title: given 2 times; the last one is used",
                     "webUrl: given 2 times; the last one is used")


@pytest.mark.parametrize("block, said", [
    # however the key is written: quoted, escaped, in a flow mapping
    ('webUrl: https://d.example/a\n"webUrl": https://d.example/b\n', ["webUrl: given 2 times"]),
    ('webUrl: https://d.example/a\n"web\\x55rl": https://d.example/b\n',
     ["webUrl: given 2 times"]),
    ("{title: T, webUrl: https://d.example/a, webUrl: https://d.example/b}\n",
     ["webUrl: given 2 times"]),
    # in every mapping graphx reads, named by its place
    ('webUrl: https://d.example/p\nprovider: {name: "Reuters", name: "Evil", domain: r.com}\n',
     ["provider.name: given 2 times"]),
    ("webUrl: https://d.example/r\nrelated:\n  - title: r0\n  - title: r1\n"
     "    webUrl: https://e.example/1\n    webUrl: https://e.example/2\n",
     ["related[1].webUrl: given 2 times"]),
    ("webUrl: https://d.example/t\ntitle: A\ntitle: B\ntitle: C\n", ["title: given 3 times"]),
    # never for text inside a value, a key graphx does not read, or a merged key that gives
    # way to the mapping's own
    ('webUrl: https://d.example/q\nexcerpt: "On Tuesday\n\n  webUrl: is what they call it"\n',
     []),
    ("webUrl: https://d.example/u\nimages: 1\nimages: 2\n", []),
    ("webUrl: https://d.example/m\n<<: {title: Old}\ntitle: New\n", []),
    ("webUrl: https://d.example/m\ntitle: A\n<<: {title: Old}\ntitle: B\n",
     ["title: given 2 times"]),
])
@pytest.mark.parametrize("whole", [True, False])
def test_a_key_given_twice_is_said_where_yaml_reads_keys(block, said, whole):
    # The warning was a line regex: a quoted, escaped or flow key, a provider's or a related
    # entry's key lost a value unsaid, and a quoted excerpt's line raised a false warning.
    from graphx.safe_yaml import load_block

    given_twice: list[str] = []
    load_block(block, cap=1000, whole=whole, given_twice=given_twice)
    assert given_twice == [f"{s}; the last one is used" for s in said]
