"""Limits on what one file may cost: set from every corpus command, and hostile shapes beyond
tests/hostile.py that must load or be skipped with a reason, never crash the run."""

from __future__ import annotations

import json

import pytest
import yaml

from graphx.cli import cli
from graphx.errors import InputError
from graphx.model import MAX_DEPTH, Limits
from graphx.parse import parse_item

URL = "webUrl: https://a.example.com/x\n"


def item_file(body: str) -> str:
    return f"---\n{body}{URL}---\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "small.md").write_text(item_file("title: Small story\n"))
    related = "".join(f"  - webUrl: https://b.example.com/{i}\n" for i in range(3))
    (folder / "big.md").write_text(
        "---\ntitle: " + "Long " * 80 + "\nwebUrl: https://b.example.com/big\nrelated:\n"
        + related + "---\n"
    )
    return folder


def load_report(runner, corpus, out, *options) -> dict:
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q", *options])
    assert result.exit_code == 0, result.output
    return {f["path"].rsplit("/", 1)[-1]: f for f in
            json.loads((out / "load-report.json").read_text())["files"]}


@pytest.mark.parametrize("command", [
    ["build", "-o", "{tmp}/out"], ["stats"], ["map", "-o", "{tmp}/map.html"],
    ["export", "-o", "{tmp}/g.graphml"], ["related", "story"],
])
def test_every_corpus_command_takes_the_limits(runner, corpus, tmp_path, command):
    args = [a.format(tmp=tmp_path) for a in command]
    result = runner.invoke(cli, [*args, str(corpus), "--max-file-bytes", "300", "--strict", "-q"])
    assert result.exit_code == 2, result.output
    said = (f"Error: --strict: 1 file skipped, first {corpus / 'big.md'}: "
            "file is larger than 300 bytes (--max-file-bytes)")
    if command[0] == "build":  # build names the one file it wrote, the load report
        said += (f"; every skipped file with its reason in {tmp_path / 'out' / 'load-report.json'}"
                 ", nothing else written")
    assert result.stderr == said + "\n"


def test_max_related_keeps_the_first_entries(runner, corpus, tmp_path):
    files = load_report(runner, corpus, tmp_path / "out", "--max-related", "2")
    assert files["big.md"]["warnings"] == ["related: kept the first 2 of 3 entries"]
    assert "warnings" not in load_report(runner, corpus, tmp_path / "default")["big.md"]


def test_max_depth_can_be_raised_for_deep_front_matter(runner, corpus, tmp_path):
    (corpus / "deep.md").write_text(item_file("x: " + "[" * 70 + "]" * 70 + "\n"))
    files = load_report(runner, corpus, tmp_path / "out")
    assert files["deep.md"]["reason"] == "YAML nesting is deeper than 64 levels (--max-depth)"
    files = load_report(runner, corpus, tmp_path / "raised", "--max-depth", "100")
    assert files["deep.md"]["status"] == "loaded"


def test_max_text_chars_cuts_titles(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "--show", "stories", "--json", "-q",
                                 "--max-text-chars", "9"])
    assert result.exit_code == 0, result.output
    titles = sorted(r["title"] for r in json.loads(result.stdout))
    # Related stories without a file are titled by their URL, which is not cut.
    assert titles == ["Long Long", "Small sto", *(f"https://b.example.com/{i}" for i in range(3))]


@pytest.mark.parametrize("limit", [10**11, 2**63, 10**23])
def test_a_huge_max_file_bytes_is_a_ceiling_not_a_size_to_read(runner, tmp_path, limit):
    # A file over 64 KiB was read on with one read of the limit's size: MemoryError at
    # 100 GB, OverflowError at 2**63, whatever the file's own size.
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "big.md").write_text(item_file(f"title: Big\nexcerpt: {'A' * 100_000}\n"))
    result = runner.invoke(cli, ["stats", str(folder), "--max-file-bytes", str(limit),
                                 "--no-cache", "--json", "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files_loaded"] == 1


def test_limits_must_be_positive(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "--max-depth", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--max-depth'" in result.stderr


MB = 1 << 20
HOSTILE = [
    # (name, front matter before webUrl, status, reason or first warning, title length)
    ("binary-title", "title: !!binary aGVsbG8=\n", "loaded", "", 5),  # its bytes as text: hello
    ("binary-unread-field", "image: !!binary aGVsbG8=\n", "loaded", "", 0),
    ("set-tag", "topics: !!set {a, b}\n", "loaded",
     "topics: expected a list or a string, got set", 0),
    ("custom-tag", "title: !shout hello\n", "skipped",
     "YAML error at line 2: unsupported YAML tag '!shout'", None),
    ("merge-key", "<<: {title: merged}\n", "loaded", "", 6),
    ("1mb-title", 'title: "' + "A" * MB + '"\n', "loaded",
     "title: kept the first 20,000 of 1,048,576 characters", 20_000),
    ("1mb-plain-title", "title: " + "word " * (MB // 5) + "\n", "loaded",
     "title: kept the first 20,000 of 1,048,574 characters", 20_000),
    ("1mb-key", "k" * MB + ": 1\n", "skipped",
     "YAML error at line 2: mapping values are not allowed in this context", None),
    ("20k-keys", "".join(f"k{i}: {i}\n" for i in range(20_000)), "loaded", "", 0),
    # Block nesting counts as flow nesting does, whatever libyaml's own limit (1,000 in
    # PyYAML 6.0.4, none before): see test_nesting_rule below.
    ("1500-indents", "".join(" " * i + "k:\n" for i in range(1500)), "skipped",
     "YAML nesting is deeper than 64 levels (--max-depth)", None),
    ("block-sequence-200k-deep", "x: " + "- " * 200_000 + "y\n", "skipped",
     "YAML error at line 2: block sequence entries are not allowed in this context", None),
    # Values a constructor cannot build are kept as text and reported, not fatal.
    ("100k-digit-heat", "heat: " + "9" * 100_000 + "\n", "loaded",
     "heat: not a whole number: '" + "9" * 39, 0),
    ("impossible-date", "publishedDateTime: 2020-02-31\n", "loaded",
     "publishedDateTime: cannot read '2020-02-31'", 0),
    ("explicit-tag-unreadable", "publishedDateTime: !!timestamp soon\n", "loaded",
     "publishedDateTime: cannot read 'soon'", 0),
    ("explicit-bool-unreadable", "heat: !!bool lots\n", "loaded",
     "heat: not a whole number: 'lots'", 0),
]


@pytest.mark.parametrize(("name", "body", "status", "note", "title_chars"), HOSTILE)
def test_hostile_front_matter_loads_or_is_explained(name, body, status, note, title_chars):
    result = parse_item(item_file(body).encode(), f"{name}.md")
    assert result.status == status
    if status == "skipped":
        assert result.reason.startswith(note)
    else:
        assert result.warnings[:1] == ((note,) if note else ())
        assert len(result.item.title) == title_chars


# --- the nesting rule ---------------------------------------------------------------------
#
# One limit (--max-depth, at most MAX_DEPTH) for block and flow nesting alike, measured
# before anything is composed: the same answer and the same reason with libyaml or the
# pure-Python parser, whatever limit a libyaml version has of its own.


def nesting(shape: str, levels: int) -> str:
    """Front matter (before webUrl) nested exactly ``levels`` deep: the top mapping is
    level 1, each collection inside another one more."""
    inner = levels - 1
    if shape == "flow list":
        return "x: " + "[" * inner + "]" * inner + "\n"
    if shape == "flow mapping":
        return "x: " + "{a: " * inner + "}" * inner + "\n"
    if shape == "block mapping":
        return "".join(" " * i + "k:\n" for i in range(levels))
    if shape == "block list":
        return "x:\n" + "".join("  " * i + "-" + ("\n" if i < inner - 1 else " a\n")
                                for i in range(inner))
    if shape == "compact list":
        return "x:\n" + "- " * inner + "a\n"
    if shape == "block then flow":
        half = inner // 2
        return ("".join(" " * i + "k:\n" for i in range(half + 1))
                + " " * (half + 1) + "[" * (inner - half) + "]" * (inner - half) + "\n")
    if shape == "read field":  # topics is built into Python lists, level by level
        return "topics: " + "[" * inner + "a" + "]" * inner + "\n"
    raise ValueError(shape)


SHAPES = ["flow list", "flow mapping", "block mapping", "block list", "compact list",
          "block then flow", "read field"]


def measured(text: str) -> int:
    """The nesting of a YAML document, counted on the pure-Python parser's events."""
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return deepest


@pytest.mark.parametrize("shape", SHAPES)
def test_the_nesting_shapes_nest_as_said(shape):
    for levels in (3, 10, 65):
        assert measured(nesting(shape, levels) + URL) == levels


@pytest.mark.parametrize("limit", [3, 64, MAX_DEPTH])
@pytest.mark.parametrize("anchored", [False, True], ids=["plain", "anchored"])
@pytest.mark.parametrize("shape", SHAPES)
def test_nesting_rule(yaml_loader, shape, anchored, limit):
    anchor = "anchor: &a 1\n" if anchored else ""  # an anchor takes the other way to compose
    limits = Limits(max_depth=limit)
    at = parse_item(item_file(anchor + nesting(shape, limit)).encode(), "at.md", limits)
    assert (at.status, at.reason) == ("loaded", "")
    over = parse_item(item_file(anchor + nesting(shape, limit + 1)).encode(), "over.md", limits)
    assert (over.status, over.reason) == (
        "skipped", f"YAML nesting is deeper than {limit} levels (--max-depth)")


@pytest.mark.parametrize("body", [
    "".join(" " * i + "k:\n" for i in range(1500)),  # past libyaml 0.2.6's own 1,000 levels
    "x: " + "[" * 5000 + "]" * 5000 + "\n",
    "x: " + "[" * 1100 + "@",  # libyaml's limit comes first, a syntax error after it
    "x: " + "{a: " * 2000 + "@",
])
def test_nesting_far_past_every_limit_gives_the_same_reason(yaml_loader, body):
    result = parse_item(item_file(body).encode(), "deep.md")
    assert result.reason == "YAML nesting is deeper than 64 levels (--max-depth)"


def deep_stack(frames: int, func):
    """func() called from ``frames`` more Python frames than the caller's."""
    return func() if frames <= 0 else deep_stack(frames - 1, func)


@pytest.mark.parametrize("anchored", [False, True], ids=["plain", "anchored"])
@pytest.mark.parametrize("body", [
    nesting("read field", MAX_DEPTH),
    nesting("block list", MAX_DEPTH),
    # Tagged collections go through PyYAML's constructor, the deepest recursion of all.
    "topics: !!omap [{a: " + "[" * (MAX_DEPTH - 3) + "1" + "]" * (MAX_DEPTH - 3) + "}]\n",
    "related:\n- webUrl: https://b.example.com/x\n  topics: " + "[" * (MAX_DEPTH - 3) + "a"
    + "]" * (MAX_DEPTH - 3) + "\n",
], ids=["flow", "block", "tagged", "related"])
def test_every_way_of_reading_honours_the_deepest_limit(yaml_loader, body, anchored):
    text = item_file(("anchor: &a 1\n" if anchored else "") + body)
    assert measured(text[4:-4]) == MAX_DEPTH
    # From a stack already 300 frames deep (a test runner's, an application's).
    result = deep_stack(300, lambda: parse_item(text.encode(), "f.md",
                                                Limits(max_depth=MAX_DEPTH)))
    assert (result.status, result.reason) == ("loaded", "")


def test_max_depth_is_capped(runner, corpus):
    with pytest.raises(InputError, match=f"max_depth is at most {MAX_DEPTH}"):
        Limits(max_depth=MAX_DEPTH + 1)
    result = runner.invoke(cli, ["stats", str(corpus), "--max-depth", str(MAX_DEPTH + 1)])
    assert result.exit_code == 2
    assert f"{MAX_DEPTH + 1} is not from 1 to {MAX_DEPTH}" in result.stderr


def test_a_raised_max_related_keeps_the_values_it_lets_in():
    # 12,000 related entries with --max-related 12000: kept, not skipped for holding more
    # than the 50,000 values a default file may keep; the default keeps the first 1,000.
    from graphx.model import Limits

    entries = "".join(f"  - {{webUrl: https://r{i}.example.com/x, title: T{i}, provider: "
                      f"{{name: N, domain: r{i}.example.com}}, topics: [A, B]}}\n"
                      for i in range(12_000))
    data = item_file("related:\n" + entries).encode()
    raised = parse_item(data, "r.md", Limits(max_related=12_000))
    assert raised.status == "loaded" and len(raised.item.related) == 12_000
    default = parse_item(data, "r.md")
    assert len(default.item.related) == 1000


@pytest.mark.parametrize(("title", "loads"), [
    ("a" * 90, True),  # 90 bytes of title, under the limit with the rest
    ("日本" * 30, False),  # 60 characters, 180 bytes: counted in characters, it loaded
])
def test_max_front_matter_bytes_counts_bytes(title, loads):
    limits = Limits(max_front_matter_bytes=150)
    result = parse_item(item_file(f"title: {title}\n").encode("utf-8"), "x.md", limits)
    assert (result.item is not None) is loads
    if not loads:
        assert result.reason == ("front matter is larger than 150 bytes "
                                 "(--max-front-matter-bytes)")
