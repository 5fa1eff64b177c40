"""Messages say what happened in one line: warnings never in Python's own form, and a query
that matches nothing is not repeated in full however long it is."""

import pytest
from test_engine_store import write_patio_corpus

from graphx.cli import cli


@pytest.fixture
def folder(tmp_path):
    return write_patio_corpus(tmp_path / "corpus")


def test_a_warning_while_writing_outputs_is_one_line(runner, folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    (cache / "engines").mkdir(parents=True)
    (cache / "engines" / "mine.txt").write_text("not graphx's")  # saving the engine fails
    monkeypatch.setenv("GRAPHX_CACHE", str(cache / "parse-cache.sqlite"))
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines()
             if line.startswith("warning") or "Warning" in line]
    assert lines == [f"warning: could not save the related index in {cache / 'engines'}: "
                     f"{cache / 'engines'} is not graphx's folder of saved engines (it holds "
                     "other files, and no .graphx-engines file)"]
    assert (cache / "engines" / "mine.txt").read_text() == "not graphx's"


@pytest.mark.parametrize(("args", "message"), [
    (["--by", "text"], "Nothing in the corpus matches 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
                       "zzzzzzzz…zzzzzzzzzzzzzzzzzzzz' (1,000,000 characters)\n"),
    (["--by", "topic"], "No topic matches 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…"
                        "zzzzzzzzzzzzzzzzzzzz' (1,000,000 characters)\n"),
    # Not a miss but a usage error: exit 2.
    (["--by", "url"], "Error: --by url: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…"
                      "zzzzzzzzzzzzzzzzzzzz' (1,000,000 characters) is not a URL\n"),
])
def test_a_query_matching_nothing_is_not_repeated_in_full(runner, folder, args, message):
    result = runner.invoke(cli, ["related", "z" * 1_000_000, str(folder), *args])
    assert (result.exit_code, result.stderr) == (2 if "--by url" in message else 1, message)


def test_a_long_url_matching_nothing_is_cut_too(runner, folder):
    url = "https://nowhere.example.org/" + "a" * 5000
    result = runner.invoke(cli, ["related", url, str(folder)])
    assert result.exit_code == 1
    assert result.stderr == ("No article has the URL https://nowhere.example.org/aaaaaaa"
                             "aaaaa…aaaaaaaaaaaaaaaaaaaa (5,028 characters)\n")
