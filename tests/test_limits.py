"""Limits on what one file may cost: set from every corpus command, and hostile shapes beyond
tests/hostile.py that must load or be skipped with a reason, never crash the run."""

from __future__ import annotations

import json

import pytest

from graphx.cli import cli
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
    assert result.stderr == (f"Error: --strict: 1 file(s) skipped, first {corpus / 'big.md'}: "
                             "file is larger than 300 bytes (--max-file-bytes)\n")


def test_max_related_keeps_the_first_entries(runner, corpus, tmp_path):
    files = load_report(runner, corpus, tmp_path / "out", "--max-related", "2")
    assert files["big.md"]["warnings"] == ["related: kept the first 2 of 3 entries"]
    assert "warnings" not in load_report(runner, corpus, tmp_path / "default")["big.md"]


def test_max_depth_can_be_raised_for_deep_front_matter(runner, corpus, tmp_path):
    (corpus / "deep.md").write_text(item_file("x: " + "[" * 70 + "]" * 70 + "\n"))
    files = load_report(runner, corpus, tmp_path / "out")
    assert files["deep.md"]["reason"] == "YAML nesting is 70 deep, over the limit of 64"
    files = load_report(runner, corpus, tmp_path / "raised", "--max-depth", "100")
    assert files["deep.md"]["status"] == "loaded"


def test_max_text_chars_cuts_titles(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "--show", "stories", "--json", "-q",
                                 "--max-text-chars", "9"])
    assert result.exit_code == 0, result.output
    titles = sorted(r["title"] for r in json.loads(result.stdout))
    # Related stories without a file are titled by their URL, which is not cut.
    assert titles == ["Long Long", "Small sto", *(f"https://b.example.com/{i}" for i in range(3))]


def test_limits_must_be_positive(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "--max-depth", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--max-depth'" in result.stderr


MB = 1 << 20
HOSTILE = [
    # (name, front matter before webUrl, status, reason or first warning, title length)
    ("binary-title", "title: !!binary aGVsbG8=\n", "loaded", "", 8),  # "b'hello'": junk, harmless
    ("binary-unread-field", "image: !!binary aGVsbG8=\n", "loaded", "", 0),
    ("set-tag", "topics: !!set {a, b}\n", "loaded",
     "topics: expected a list or a string, got set", 0),
    ("custom-tag", "title: !shout hello\n", "skipped",
     "YAML error at line 2: unsupported YAML tag '!shout'", None),
    ("merge-key", "<<: {title: merged}\n", "loaded", "", 6),
    ("1mb-title", 'title: "' + "A" * MB + '"\n', "loaded", "", 20_000),
    ("1mb-plain-title", "title: " + "word " * (MB // 5) + "\n", "loaded", "", 20_000),
    ("1mb-key", "k" * MB + ": 1\n", "skipped",
     "YAML error at line 2: mapping values are not allowed in this context", None),
    ("20k-keys", "".join(f"k{i}: {i}\n" for i in range(20_000)), "loaded", "", 0),
    ("1500-indents", "".join(" " * i + "k:\n" for i in range(1500)), "loaded", "", 0),
    ("block-sequence-200k-deep", "x: " + "- " * 200_000 + "y\n", "skipped",
     "YAML error at line 2: block sequence entries are not allowed in this context", None),
    # Values a constructor cannot build are kept as text and reported, not fatal.
    ("100k-digit-heat", "heat: " + "9" * 100_000 + "\n", "loaded",
     "heat: not a number: '" + "9" * 39, 0),
    ("impossible-date", "publishedDateTime: 2020-02-31\n", "loaded",
     "publishedDateTime: cannot read '2020-02-31'", 0),
    ("explicit-tag-unreadable", "publishedDateTime: !!timestamp soon\n", "loaded",
     "publishedDateTime: cannot read 'soon'", 0),
    ("explicit-bool-unreadable", "heat: !!bool lots\n", "loaded", "heat: not a number: 'lots'",
     0),
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
