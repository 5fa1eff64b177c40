"""The command line through click's CliRunner: exact exit codes, messages and shapes."""

import json

import pytest
from click.testing import CliRunner

from graphx import __version__
from graphx.cli import cli

from hostile import write_hostile_corpus


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, (day, topic) in enumerate([("05", "Health"), ("06", "Health"), ("07", "Economy")]):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: Story {i}\nwebUrl: https://news{i}.example.com/s{i}\n"
            f"publishedDateTime: 2020-05-{day}T10:00:00Z\ntopics: [{topic}]\n"
            f"related:\n  - webUrl: https://news{(i + 1) % 3}.example.com/s{(i + 1) % 3}\n---\n"
        )
    (folder / "broken.md").write_text("no front matter here\n")
    return folder


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"graphx, version {__version__}\n"


@pytest.mark.parametrize("command", ["build", "stats", "related"])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(cli, [command, "-h"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_stats_json_shape(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "--json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == 4
    assert data["files_skipped"] == 1
    assert data["articles"] == 3
    assert data["edges_related"] == 3


def test_stats_table_and_skip_note(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["measure", "value"]
    assert "1 file(s) skipped" in result.stderr


@pytest.mark.parametrize("flag", ["--nl", "--csv"])
def test_stats_machine_formats(runner, corpus, flag):
    result = runner.invoke(cli, ["stats", str(corpus), flag, "-q"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    if flag == "--nl":
        assert json.loads(lines[0]) == {"measure": "files", "value": 4}
    else:
        assert lines[:2] == ["measure,value", "files,4"]


def test_since_until_keep_articles_in_range(runner, corpus):
    result = runner.invoke(
        cli, ["stats", str(corpus), "--since", "2020-05-06", "--until", "2020-05-06", "--json"]
    )
    assert json.loads(result.stdout)["articles"] == 1
    assert json.loads(result.stdout)["files"] == 4  # the report still lists every file


def test_strict_fails_when_a_file_is_skipped(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "--strict"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --strict: 1 file(s) skipped, first ")
    assert "broken.md: no front matter" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "does/not/exist"], "Error: Path not found: does/not/exist\n"),
        (["stats", "nothing-*.md"], "Error: No file matches 'nothing-*.md'\n"),
        (["stats", "--since", "someday", "."], "Error: --since must be a date like 2024-01-31, "
         "not 'someday'.\n"),
    ],
)
def test_errors_are_one_sentence_exit_2(runner, args, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_empty_corpus_is_a_clear_error(runner, tmp_path):
    (tmp_path / "a.txt").write_text("hello")
    result = runner.invoke(cli, ["stats", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a news item" in result.stderr
    assert "Traceback" not in result.output


def test_hostile_corpus_never_shows_a_traceback(runner, tmp_path):
    write_hostile_corpus(tmp_path / "h")
    result = runner.invoke(cli, ["stats", str(tmp_path / "h"), "--json"])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert json.loads(result.stdout)["files_skipped"] == 14
