"""What a user gets when something goes wrong: one sentence on stderr, the documented exit code
(1 nothing found, 2 an error), no traceback, and nothing lost or overwritten by surprise."""

from __future__ import annotations

import errno
import json
import os

import pytest

from graphx.cli import cli


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: Ontario patios story {i}\nwebUrl: https://news{i}.example.com/s{i}\n"
            f"publishedDateTime: 2020-05-0{5 + i}T10:00:00Z\nrelated:\n"
            f"  - webUrl: https://news{(i + 1) % 3}.example.com/s{(i + 1) % 3}\n---\n")
    return folder


def one_sentence(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    # An error says so; nothing found (exit 1) is an answer, said without "Error:".
    assert result.stderr.startswith("Error: ") is (code == 2), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment.casefold() in result.stderr.casefold()


def outputs(folder) -> dict:
    """Every output file's bytes, the files of the related engine's folder too."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_no_path_and_no_seeds_folder_names_how_to_give_one(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (["build"], ["stats"], ["related", "patios"], ["map"],
                    ["export", "-o", "g.gexf"]):
        one_sentence(runner.invoke(cli, command), 2, "no PATH given and no seeds/ folder here")
    assert list(tmp_path.iterdir()) == []  # nothing was built from a corpus nobody named


def test_no_path_reads_the_seeds_folder_here(runner, corpus, tmp_path, monkeypatch):
    corpus.rename(tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["stats", "--json", "-q"])
    assert result.exit_code == 0 and json.loads(result.stdout)["files"] == 3


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_an_empty_query_is_an_error(runner, corpus, query):
    one_sentence(runner.invoke(cli, ["related", query, str(corpus)]), 2, "give a QUERY")


def test_no_row_after_the_filters_exits_1(runner, corpus):
    result = runner.invoke(cli, ["related", "https://news0.example.com/s0", str(corpus),
                                 "--published-since", "2031-01-01"])
    one_sentence(result, 1, "no article passes the filters")
    assert result.stdout == ""
    # Data stays well formed: an empty JSON list, a CSV header, no NDJSON line.
    for fmt, empty in (("--json", "[]\n"), ("--nl", ""),
                       ("--csv", "query,matched,rank,id,url,title,provider,published,score,"
                                 "why,group\n")):
        result = runner.invoke(cli, ["related", "https://news0.example.com/s0", str(corpus),
                                     "--published-since", "2031-01-01", fmt])
        assert (result.exit_code, result.stdout) == (1, empty)


def test_a_batch_without_any_answer_exits_1(runner, corpus, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("https://nowhere.example.org/a\nhttps://nowhere.example.org/b\n")
    result = runner.invoke(cli, ["related", "-f", str(queries), str(corpus), "--nl", "-q"])
    assert result.exit_code == 1
    assert result.stdout == "" and result.stderr == "None of the 2 queries has an answer\n"


@pytest.mark.parametrize("fmt", [[], ["--nl"]])
def test_a_batch_says_why_each_query_without_rows_has_none(runner, corpus, tmp_path, fmt):
    queries = tmp_path / "q.txt"
    queries.write_text("https://news0.example.com/s0\nhttps://nowhere.example.org/a\n")
    result = runner.invoke(cli, ["related", "-f", str(queries), str(corpus), *fmt,
                                 "--published-since", "2031-01-01"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("https://news0.example.com/s0: no article passes the filters")
    assert lines[1] == "no article has the URL https://nowhere.example.org/a"
    assert lines[2:] == ["None of the 2 queries has an answer"]
    queries.write_text("https://news0.example.com/s0\n")
    one = runner.invoke(cli, ["related", "-f", str(queries), str(corpus), "-q",
                              "--published-since", "2031-01-01"])
    assert one.exit_code == 1 and one.stderr == "The query has no answer\n"


def test_since_after_until_is_an_error(runner, corpus):
    one_sentence(runner.invoke(cli, ["stats", str(corpus), "--since", "2020-05-08",
                                     "--until", "2020-05-06"]), 2, "is after --until")


def test_an_output_folder_under_a_file_is_one_sentence(runner, corpus, tmp_path):
    (tmp_path / "file.txt").write_text("x")
    target = tmp_path / "file.txt" / "out"
    one_sentence(runner.invoke(cli, ["build", str(corpus), "-o", str(target)]), 2,
                 "file.txt is a file")


@pytest.mark.parametrize("command", [["map", "-o"], ["export", "-o"]])
def test_a_folder_where_a_file_is_wanted_is_one_sentence(runner, corpus, tmp_path, command):
    target = str(tmp_path / "maps") + "/"
    if command[0] == "export":  # a folder ending in / is CSV for export: ask for a file format
        command = [*command[:1], "--format", "gexf", "-o"]
    one_sentence(runner.invoke(cli, [*command, target, str(corpus)]), 2, "is a folder")


def test_a_read_only_place_is_one_sentence_and_hides_nothing(runner, corpus, tmp_path,
                                                             monkeypatch):
    real_open, real_unlink = os.open, os.unlink

    def refuse(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path / "ro")):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    def unlink(path, *args, **kwargs):  # the cleanup fails too, as on a read-only mount
        if str(path).startswith(str(tmp_path / "ro")):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_unlink(path, *args, **kwargs)

    (tmp_path / "ro").mkdir()
    monkeypatch.setattr(os, "open", refuse)
    monkeypatch.setattr(os, "unlink", unlink)
    target = tmp_path / "ro" / "x.html"
    one_sentence(runner.invoke(cli, ["map", str(corpus), "-o", str(target)]), 2,
                 "cannot write", "Read-only file system")


def test_a_new_folder_on_a_read_only_mount_is_one_sentence(runner, corpus, tmp_path,
                                                           monkeypatch):
    real = os.makedirs

    def makedirs(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path / "ro")):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "makedirs", makedirs)
    one_sentence(runner.invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "ro" / "out")]),
                 2, "cannot make the folder", "Read-only file system")


@pytest.mark.parametrize(("args", "folder"), [
    (["build"], "out"), (["map"], "out"), (["map", "-o", "sub/m.html"], "sub"),
    (["export", "-o", "csv/"], "csv"), (["export", "-o", "sub/x.gexf"], "sub")])
def test_a_folder_that_cannot_be_made_is_named_as_the_user_named_it(
        runner, corpus, tmp_path, monkeypatch, args, folder):
    # The current folder is not writable: `build` said "out", `map` and `export` "/out",
    # "/csv", folders in the root the user never named, for the same failure.
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    real = os.makedirs

    def makedirs(path, *args, **kwargs):
        if os.path.abspath(path).startswith(str(here) + os.sep):
            raise OSError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "makedirs", makedirs)
    result = runner.invoke(cli, [*args, str(corpus), "-q"])
    one_sentence(result, 2)
    assert result.stderr == f"Error: Cannot make the folder {folder}: Permission denied\n"


def test_a_file_in_the_way_of_a_folder_is_named_as_the_user_named_it(runner, corpus, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f").write_text("")
    result = runner.invoke(cli, ["export", str(corpus), "-o", "f/sub/x.gexf", "-q"])
    one_sentence(result, 2)
    assert result.stderr == "Error: Cannot make the folder f/sub: f is a file\n"


def test_a_full_disk_keeps_the_previous_outputs(runner, corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    before = outputs(out)
    (corpus / "3.md").write_text("---\ntitle: New\nwebUrl: https://new.example.com/n\n---\n")
    real = os.fsync

    def full(fd):  # the disk fills up while report.md, the third of four outputs, is written
        if ".report.md." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    one_sentence(runner.invoke(cli, ["build", str(corpus), "-o", str(out)]), 2,
                 "No space left on device")
    assert outputs(out) == before  # every output is the previous build's, none half new


def test_outputs_inside_the_input_folder_are_never_read_back(runner, corpus):
    out = corpus / "out"
    for _ in range(2):
        result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--strict", "--force"])
        assert result.exit_code == 0, result.output
    report = json.loads((out / "load-report.json").read_text())
    assert [f["path"] for f in report["files"]] == [str(corpus / f"{i}.md") for i in range(3)]


def test_another_corpus_in_the_output_folder_is_said(runner, corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.md").write_text("---\ntitle: Other\nwebUrl: https://other.example.com/a\n---\n")
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(other), "-o", str(out)]).exit_code == 0
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 0
    assert f"warning: {out} held the outputs of another corpus ({other}); replacing them" in \
        result.stderr
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--force"])
    assert "another corpus" not in again.stderr


@pytest.mark.parametrize("option", ["--provider", "--topic"])
def test_a_filter_naming_nothing_is_a_usage_error_not_no_answers(runner, corpus, tmp_path,
                                                                 option):
    queries = tmp_path / "queries.txt"
    queries.write_text("Story 0\nStory 1\n")
    for args in (["Story 0"], ["-f", str(queries)]):
        result = runner.invoke(cli, ["related", *args, str(corpus), option, "nosuchname", "-q"])
        one_sentence(result, 2, f"{option}: no {option[2:]} matches 'nosuchname'")


def test_no_row_above_the_floor_alone_does_not_blame_filters(runner, corpus):
    result = runner.invoke(cli, ["related", "Ontario patios story 0", str(corpus),
                                 "--min-score", "1"])
    one_sentence(result, 1, "no answer: none scores at least 1 (--min-score) as related to "
                 "the story", "the best, 'ontario patios story 1' (news1.example.com), scores "
                 "just under 1 (shares 1 linked article); --min-score 0 shows it")
    assert "filters" not in result.stderr


@pytest.mark.parametrize("args, fragment", [
    (["related", "x", "--nosuch"], "No such option '--nosuch'"),
    (["relatd", "x"], "No such command 'relatd'"),
    (["related", "x", "-n", "abc"], "'abc' is not a whole number"),
    (["export"], "Missing option '-o' / '--out'"),
])
def test_usage_errors_are_one_line_too(runner, args, fragment):
    result = runner.invoke(cli, args)
    one_sentence(result, 2, fragment, "--help)")


def test_the_python_api_takes_one_path_and_says_what_is_wrong(corpus, tmp_path):
    import graphx

    # One path is a list of one, not of its characters ("path not found: t").
    assert len(graphx.load(str(corpus)).items) == 3
    assert len(graphx.load(corpus).items) == 3
    assert len(graphx.load(corpus, limits={"max_related": 2}).items) == 3
    options = graphx.CorpusOptions(cache=False, strict=True, limits={"max_related": 5})
    assert options.limits == graphx.Limits(max_related=5)
    built = graphx.build_corpus(str(corpus), options)
    graphx.check_strict(built.report)  # nothing skipped: no error
    with pytest.raises(graphx.InputError, match="unexpected keyword argument 'nope'"):
        graphx.CorpusOptions(limits={"nope": 1})
    with pytest.raises(graphx.InputError, match="a NUL character"):
        graphx.write_export(built.graph, str(tmp_path / "a\0.gexf"))
    graphx.write_export(built.graph, os.fsencode(tmp_path / "g.graphml"))  # a bytes path
    assert (tmp_path / "g.graphml").is_file()


def test_library_calls_take_a_graph_whose_text_attributes_are_none(corpus, tmp_path):
    # A caller's graph may hold None where graphx writes text: no TypeError anywhere.
    import graphx

    G = graphx.build_corpus([str(corpus)], graphx.CorpusOptions(cache=False)).graph
    first = min(n for n, k in G.nodes(data="kind") if k == "article")
    G.nodes[first].update(title=None, titles=None, excerpt=None, published=None, url=None,
                          group=None)
    for n, kind in G.nodes(data="kind"):
        if kind != "article":  # hubs too: an outlet's label, domain, names, platform
            G.nodes[n].update(label=None, domain=None, names=None, platform=None)
    _, rows = graphx.RelatedEngine(G).related("Ontario patios")
    assert rows and first not in {r["id"] for r in rows}
    graphx.coverage_map(G).save(str(tmp_path / "m.html"))


def test_a_filtered_query_names_the_best_answer_under_the_floor(runner, corpus):
    # "none from Fox News is related to the story", though Fox's article was in that very
    # story, 0.023: the sentence said less than the truth.
    result = runner.invoke(cli, ["related", "https://news0.example.com/s0", str(corpus),
                                 "--provider", "news2.example.com", "--min-score", "1"])
    one_sentence(result, 1, "no article passes the filters: none from news2.example.com "
                 "scores at least 1 (--min-score) as related to the story",
                 "the best, 'ontario patios story 2' (news2.example.com), scores",
                 "--min-score 0 shows it")


def test_the_best_answers_title_is_quoted_as_written(runner, corpus):
    # repr() doubled every backslash: 'AC\\DC' in the note, AC\DC in the table beside it.
    first = corpus / "2.md"
    first.write_text(first.read_text().replace("title: ", "title: AC\\DC and ", 1))
    result = runner.invoke(cli, ["related", "https://news0.example.com/s0", str(corpus),
                                 "--provider", "news2.example.com", "--min-score", "1"])
    assert result.exit_code == 1
    assert "the best, 'AC\\DC and " in result.stderr and "\\\\" not in result.stderr


def test_a_folder_of_items_holding_an_old_report_is_read_not_skipped(runner, corpus):
    # A subfolder whose one-line load-report.json mentioned "graphx_version" was taken
    # for an output folder: its news items vanished, said nowhere.
    sub = corpus / "archive"
    sub.mkdir()
    (sub / "load-report.json").write_text('{"graphx_version": "0.0.1", "note": "old run"}')
    (sub / "a.md").write_text("---\ntitle: Archived\nwebUrl: https://arch.example.com/a\n---\n")
    result = runner.invoke(cli, ["stats", str(corpus), "--json", "-q"])
    data = json.loads(result.stdout)
    assert data["files"] == 5 and data["files_loaded"] == 4  # the report skipped, a.md read
    # ... beside notes named as an output (report.md): a build's folder holds no news item,
    # and the archive's items were dropped, said nowhere; so with graphx's engines mark.
    (sub / "report.md").write_text("# my notes\n")
    data = json.loads(runner.invoke(cli, ["stats", str(corpus), "--json", "-q"]).stdout)
    assert data["files"] == 6 and data["files_loaded"] == 4
    (sub / "load-report.json").unlink()
    (sub / "report.md").unlink()
    (sub / ".graphx-engines").touch()
    data = json.loads(runner.invoke(cli, ["stats", str(corpus), "--json", "-q"]).stdout)
    assert data["files"] == 4 and data["files_loaded"] == 4
