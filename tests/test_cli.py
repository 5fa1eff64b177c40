"""The command line through click's CliRunner: exact exit codes, messages and shapes."""

import json
import os
import re
import time

import pytest
from hostile import write_hostile_corpus

from graphx import __version__
from graphx.cli import cli


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, (day, topic) in enumerate([("05", "Health"), ("06", "Health"), ("07", "Economy")]):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: Story number {i}\nwebUrl: https://news{i}.example.com/s{i}\n"
            f"publishedDateTime: 2020-05-{day}T10:00:00Z\ntopics: [{topic}]\n"
            f"related:\n  - webUrl: https://news{(i + 1) % 3}.example.com/s{(i + 1) % 3}\n---\n"
        )
    (folder / "broken.md").write_text("no front matter here\n")
    past = time.time() - 60  # a corpus written a minute ago: its times are trusted
    for path in [*folder.iterdir(), folder]:
        os.utime(path, (past, past))
    return folder


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"graphx, version {__version__}\n"


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
    assert result.stdout.splitlines()[:2] == ["Corpus", "measure                value"]
    assert "1 file skipped" in result.stderr


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
    assert result.stderr.startswith("Error: --strict: 1 file skipped, first ")
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
    assert f"The one file under {tmp_path} is not a news item (no front matter" in result.stderr
    (tmp_path / "b.txt").write_text("hello")
    result = runner.invoke(cli, ["stats", str(tmp_path)])
    assert f"None of the 2 files under {tmp_path} is a news item" in result.stderr
    assert "Traceback" not in result.output


def test_hostile_corpus_never_shows_a_traceback(runner, tmp_path):
    write_hostile_corpus(tmp_path / "h")
    result = runner.invoke(cli, ["stats", str(tmp_path / "h"), "--json"])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert json.loads(result.stdout)["files_skipped"] == 14


@pytest.mark.parametrize("command", ["map", "export"])
def test_map_and_export_help_have_examples(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_build_writes_every_output(runner, corpus, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "clusters.md", "coverage.graphml", "coverage.html", "engine", "load-report.json",
        "report.md", "stories.json",
    ]
    report = json.loads((out / "load-report.json").read_text())
    assert report["totals"] == {"files": 4, "loaded": 3, "skipped": 1, "files_with_warnings": 0,
                                "from_parse_cache": report["totals"]["from_parse_cache"],
                                "other_names": 0}
    skipped = [f for f in report["files"] if f["status"] == "skipped"]
    assert skipped == [{"path": str(corpus / "broken.md"), "status": "skipped",
                        "reason": "no front matter (the file does not start with a --- line)"}]
    assert "1 file skipped; reasons in " + str(out / "load-report.json") in result.stderr
    # Every output can be traced to the corpus that made it.
    fingerprint = report["fingerprint"]
    assert fingerprint in (out / "coverage.graphml").read_text()
    assert not list(out.glob(".*.tmp"))


def test_build_strict_writes_the_report_then_fails(runner, corpus, tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--strict"])
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["load-report.json"]
    assert f"reason in {out / 'load-report.json'}, nothing else written" in result.stderr
    report = json.loads((out / "load-report.json").read_text())
    assert [f["path"] for f in report["files"] if f.get("reason")] == [str(corpus / "broken.md")]


def test_a_failed_strict_build_leaves_the_last_outputs_and_is_not_up_to_date(runner, corpus,
                                                                              tmp_path):
    out = tmp_path / "o"
    first = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (corpus / "late.md").write_text("---\ntitle: [broken\n---\n")
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--strict"]).exit_code == 2
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if k != "load-report.json"} == \
        {k: v for k, v in before.items() if k != "load-report.json"}
    assert "late.md" in after["load-report.json"].decode()
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0 and "up to date" not in again.stderr


def test_a_failed_strict_build_of_another_corpus_keeps_the_folders_load_report(runner, corpus,
                                                                               tmp_path):
    # A mistyped -o: the strict build of B wrote its load report over A's, and A's next
    # build took the folder for another corpus's, dropping its story ids and changes.
    out = tmp_path / "o"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    other = tmp_path / "other"
    other.mkdir()
    (other / "broken.md").write_text("---\ntitle: [broken\n---\n")
    (other / "ok.md").write_text("---\ntitle: Fine\nwebUrl: https://fine.example.com/a\n---\n")
    failed = runner.invoke(cli, ["build", str(other), "-o", str(out), "--strict"])
    assert failed.exit_code == 2
    assert failed.stderr.endswith(f"; nothing written ({out} holds the build of {corpus})\n")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0 and "another corpus" not in again.stderr, again.stderr


def test_stats_show_table_in_full(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "--show", "providers", "--json", "-q"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted(r["provider"] for r in rows) == [
        "news0.example.com", "news1.example.com", "news2.example.com"
    ]


def test_a_storys_span_is_a_number_for_machines_and_words_for_people(runner, corpus):
    data = runner.invoke(cli, ["stats", str(corpus), "--show", "clusters", "--json", "-q"])
    (story,) = json.loads(data.stdout)
    assert (story["span"], story["span_hours"]) == ("2 days", 48.0)
    table = runner.invoke(cli, ["stats", str(corpus), "--show", "clusters", "-q"])
    assert "2 days" in table.stdout and "span_hours" not in table.stdout


def test_corpus_commands_read_a_build_folder_as_the_files_it_was_made_from(runner, corpus,
                                                                           tmp_path):
    out = tmp_path / "out"
    made = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--since", "2020-05-06",
                               "--max-related", "5"])
    assert made.exit_code == 0, made.output
    direct = runner.invoke(cli, ["stats", str(corpus), "--since", "2020-05-06",
                                 "--max-related", "5", "--json"])
    via = runner.invoke(cli, ["stats", str(out), "--json"])
    assert via.exit_code == 0, via.output
    assert via.stdout == direct.stdout and json.loads(via.stdout)["articles"] == 2
    # Its report and story list say the range, where their first reporters are quoted: a
    # --since build credited a story to the first outlet in the range, saying nothing.
    said = ("Only articles published in the range asked for (--since 2020-05-06 00:00 UTC) "
            "are counted: a story's first reporter and span are those of this range")
    for name in ("report.md", "clusters.md"):
        assert said in (out / name).read_text(encoding="utf-8"), name
    whole = tmp_path / "whole"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(whole), "-q"]).exit_code == 0
    assert "range asked for" not in (whole / "report.md").read_text(encoding="utf-8")
    assert via.stderr.startswith(f"reading {corpus}, the files the build in {out} was made "
                                 "from\n")
    # Any of the build's own options may be repeated; another is one sentence naming both.
    again = runner.invoke(cli, ["stats", str(out), "--since", "2020-05-06", "--json", "-q"])
    assert again.exit_code == 0 and again.stdout == direct.stdout
    other = runner.invoke(cli, ["stats", str(out), "--until", "2020-05-06", "--max-related",
                                "7"])
    assert other.exit_code == 2
    assert ("The build in " in other.stderr and "was made with no --until and --max-related 5, "
            "not --until 2020-05-06T23:59:59Z and --max-related 7: give the build's options "
            "or none, or name the corpus's files" in other.stderr)
    page = runner.invoke(cli, ["map", str(out), "-o", str(tmp_path / "m.html"), "-q"])
    assert page.exit_code == 0 and (tmp_path / "m.html").is_file()
    among = runner.invoke(cli, ["stats", str(out), str(corpus / "0.md")])
    assert among.exit_code == 2 and "is named with other paths: name it alone" in among.stderr


def test_a_build_folder_named_alone_is_rebuilt_in_place_and_is_current(runner, corpus, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(corpus.parent)
    assert runner.invoke(cli, ["build", "corpus", "-o", "corpus/_out", "-q"]).exit_code == 0
    # Making corpus/_out changed the corpus's folder after the build looked at it: that was
    # read as a change to the corpus, a query warned that it had changed right after the
    # build, and the next build rebuilt it all. The build's own change is known as its own.
    time.sleep(0.15)  # a new process's start-up: past the file system's time step
    asked = runner.invoke(cli, ["related", "Story number 1", "corpus/_out", "--min-score", "0"])
    assert asked.exit_code == 0 and "has changed since the build" not in asked.stderr
    for args in (["build", "corpus/_out"], ["build", "corpus", "-o", "corpus/_out"],
                 ["build", str(corpus / "_out")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and "corpus/_out is up to date" in result.stderr, args
    assert not (corpus.parent / "out").exists()  # no -o: the build's own folder


@pytest.mark.parametrize(("damage", "said"), [
    # Said in words, never as Python's class names ("(KeyError)", "(ValueError)").
    (lambda r: r.pop("inputs"), "(it has no 'inputs')"),
    (lambda r: r.__setitem__("inputs_resolved", "abc"),
     "(its inputs or options are not of the shapes graphx writes)"),
    # a NUL in an input (no path holds one) crashed stats, map, export and build
    (lambda r: r.__setitem__("inputs", [r["inputs"][0] + "\0x"]),
     "(its inputs or options are not of the shapes graphx writes)"),
    (lambda r: r["options"].__setitem__("seed", "x"),
     "(its inputs or options are not of the shapes graphx writes)"),
    (lambda r: r["options"].__setitem__("since", "garbage"), "(its options)"),
])
def test_a_build_folder_whose_load_report_cannot_say_is_one_sentence(runner, corpus, tmp_path,
                                                                      damage, said):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    report = json.loads((out / "load-report.json").read_text())
    damage(report)
    (out / "load-report.json").write_text(json.dumps(report))
    result = runner.invoke(cli, ["stats", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: The build in {out} has a load-report.json that does not "
                             f"say what it read {said}: name the corpus's files\n")


def test_a_build_folder_whose_corpus_is_gone_says_so(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    corpus.rename(tmp_path / "moved")
    result = runner.invoke(cli, ["stats", str(out)])
    assert result.exit_code == 2
    assert (f"Error: The files the build in {out} was made from are not where they were "
            f"({corpus} is gone): name the corpus's files") in result.stderr


def test_stats_default_shows_sections(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "-q"])
    lines = result.stdout.splitlines()
    titles = [lines[0]] + [lines[i + 1] for i, line in enumerate(lines) if line == ""]
    assert titles == [
        "Corpus",
        "Story clusters (all 1)",  # all of them: "top 1 of 1" read oddly
        "Most central articles (all 3)",
        "Top providers (all 3)",
        "Top topics (all 2)",
    ]


@pytest.mark.parametrize(("name", "fmt"), [("g.graphml", "graphml"), ("g.gexf", "gexf"),
                                           ("g.json", "json"), ("csv/", "csv")])
def test_export_formats(runner, corpus, tmp_path, name, fmt):
    target = str(tmp_path / name) + ("/" if name.endswith("/") else "")
    result = runner.invoke(cli, ["export", str(corpus), "-o", target])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"wrote {target} ({fmt}: ")
    assert os.path.exists(target)


def test_export_to_a_folder_named_as_a_file_is_one_sentence(runner, corpus, tmp_path):
    # It wrote CSV tables into the folder `story.graphml` and exited 0.
    (tmp_path / "story.graphml").mkdir()
    result = runner.invoke(cli, ["export", str(corpus), "-o", str(tmp_path / "story.graphml")])
    assert (result.exit_code, result.stderr) == (
        2, f"Error: Cannot write {tmp_path / 'story.graphml'}: it is a folder; name a file "
        "to write\n")
    assert not any((tmp_path / "story.graphml").iterdir())


@pytest.mark.parametrize(("name", "fmt", "ext", "named", "fix"), [
    ("story.graphml", "gexf", ".graphml", "graphml", "end the file in .gexf"),
    ("story.json", "sqlite", ".json", "json", "end the file in .db"),
    ("story.gexf", "graphology", ".gexf", "gexf", "end the file in .json"),
    ("story.db", "csv", ".db", "sqlite", "name a folder ending in '/'"),
    ("story.SQLITE3", "parquet", ".SQLITE3", "sqlite", "name a folder ending in '/'"),
])
def test_export_refuses_a_format_its_extension_contradicts(runner, tmp_path, name, fmt, ext,
                                                           named, fix):
    # GEXF into story.graphml, SQLite into story.json: written, exit 0, and every tool that
    # opens the file by its name rejected it. Refused before the corpus is read (none here).
    target = tmp_path / name
    result = runner.invoke(cli, ["export", str(tmp_path / "no-corpus"), "-o", str(target),
                                 "--format", fmt])
    assert (result.exit_code, result.stderr) == (
        2, f"Error: --format {fmt} does not match {name!r}, whose extension {ext} is for "
        f"{named}: leave out --format, or {fix}.\n")
    assert not target.exists()


@pytest.mark.parametrize(("name", "fmt", "written"), [
    ("story.json", "graphology", "graphology"), ("story.db", "sqlite", "sqlite"),
    ("story.net", "graphml", "graphml"), ("cols/", "parquet", "parquet"),
])
def test_export_takes_a_format_its_extension_allows(runner, corpus, tmp_path, name, fmt,
                                                    written):
    target = str(tmp_path / name) + ("/" if name.endswith("/") else "")
    result = runner.invoke(cli, ["export", str(corpus), "-o", target, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"wrote {target} ({written}: ")


def test_export_unknown_extension_is_an_error(runner, corpus, tmp_path):
    result = runner.invoke(cli, ["export", str(corpus), "-o", str(tmp_path / "g.xyz")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output


def test_map_writes_an_offline_page(runner, corpus, tmp_path):
    target = tmp_path / "m.html"
    result = runner.invoke(cli, ["map", str(corpus), "-o", str(target),
                                 "--kinds", "article,provider,tag"])
    assert result.exit_code == 0, result.output
    html = target.read_text()
    assert "window.network" in html
    assert 'src="http' not in html and "href=\"http" not in html


def test_related_no_match_exits_1(runner, corpus):
    result = runner.invoke(cli, ["related", "--by", "url", "https://nowhere.example.org/x",
                                 str(corpus)])
    assert result.exit_code == 1
    assert result.stderr.startswith("No article has the URL")  # an answer, not an "Error:"
    assert result.stderr.count("\n") == 1


def test_related_batch_never_aborts(runner, corpus, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("https://news0.example.com/s0\nhttps://nowhere.example.org/x\n"
                       "https://news1.example.com/s1\n")
    result = runner.invoke(cli, ["related", "-f", str(queries), str(corpus), "--nl", "--by",
                                 "url"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["query"] for r in rows} == {"https://news0.example.com/s0",
                                          "https://news1.example.com/s1"}
    assert all(set(r) == {"query", "matched", "rank", "id", "url", "title", "provider",
                          "published", "score", "why", "group"} for r in rows)


_WIRE = ("title: Ontario restaurants to reopen patios on Friday\n"
         "excerpt: Restaurants across Ontario will reopen patios on Friday, officials said.\n"
         "publishedDateTime: 2020-05-06T12:00:00Z\n"
         "topics: [Coronavirus in Canada]\n")
#: A query linked to one wire copy (which lists the query's close story too), to that close
#: story and to a weaker one; the other wire copy, unlinked, scores below the weaker story.
PATIO_FILES = {
    "q": "title: Ontario restaurants plan to reopen patios\n"
         "excerpt: Restaurants across Ontario hope to reopen patios by the long weekend.\n"
         "publishedDateTime: 2020-05-06T10:00:00Z\nwebUrl: https://q.com/patios\n"
         "topics: [Coronavirus in Canada]\n"
         "related:\n  - webUrl: https://wire1.com/patios\n"
         "  - webUrl: https://beta.ca/patios\n  - webUrl: https://gamma.com/gyms\n",
    "close": "title: Patios may reopen soon for Ontario restaurants\n"
             "excerpt: Ontario restaurants could reopen patios within weeks, the premier said.\n"
             "publishedDateTime: 2020-05-06T10:00:00Z\nwebUrl: https://beta.ca/patios\n"
             "topics: [Coronavirus in Canada]\nrelated:\n  - webUrl: https://q.com/patios\n",
    "gyms": "title: Ontario gyms stay closed for now\n"
            "excerpt: Fitness centres will not reopen in the first stage.\n"
            "publishedDateTime: 2020-05-06T10:00:00Z\nwebUrl: https://gamma.com/gyms\n"
            "topics: [Coronavirus in Canada]\n",
    "w1": _WIRE + "webUrl: https://wire1.com/patios\n"
                  "related:\n  - webUrl: https://beta.ca/patios\n",
    "w2": _WIRE + "webUrl: https://wire2.com/patios\n",
}


def test_related_data_keeps_score_order_and_the_table_keeps_copies_together(runner, tmp_path):
    """--nl ranks by score; the table shows the same rows with the same ranks, the lower
    wire copy moved up under the first."""
    folder = tmp_path / "patios"
    folder.mkdir()
    for name, text in PATIO_FILES.items():
        (folder / f"{name}.md").write_text(f"---\n{text}---\n")
    query = ["related", "https://q.com/patios", str(folder), "-q", "--no-cache",
             "--min-score", "0"]
    data = runner.invoke(cli, [*query, "--nl"])
    assert data.exit_code == 0, data.output
    rows = [json.loads(line) for line in data.stdout.splitlines()]
    assert [r["id"].split(":", 1)[1] for r in rows] == [
        "beta.ca/patios", "wire1.com/patios", "gamma.com/gyms", "wire2.com/patios"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert rows[1]["group"] == rows[3]["group"] != "" and rows[2]["group"] == ""
    collapsed = runner.invoke(cli, query).stdout.splitlines()  # the table's default: stories
    assert [int(line.split()[0]) for line in collapsed[2:]] == [1, 2, 3]
    assert "wire1.com; wire2.com" in collapsed[3]
    table = runner.invoke(cli, [*query, "--expand"])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["rank", "score", "title"]
    assert [int(line.split()[0]) for line in lines[2:]] == [1, 2, 4, 3]
    assert "wire2.com" in lines[4] and "Ontario gyms" in lines[5]
    batch = tmp_path / "queries.txt"
    batch.write_text("https://q.com/patios\n")
    batched = runner.invoke(cli, ["related", "-f", str(batch), str(folder), "-q", "--no-cache",
                                  "--min-score", "0", "--expand"])
    assert batched.exit_code == 0
    assert batched.stdout == "query: https://q.com/patios\n" + table.stdout
    batch.write_text("https://q.com/patios\nno such words zzz\nOntario gyms\n")
    blocks = runner.invoke(cli, ["related", "-f", str(batch), str(folder), "-q", "--no-cache"])
    assert blocks.exit_code == 0, blocks.output
    heads = [line for line in blocks.stdout.splitlines() if line.startswith("query: ")]
    assert heads == ["query: https://q.com/patios", "query: Ontario gyms"]  # one table each
    assert blocks.stdout.count("rank  score") == 2 and "\n\nquery: Ontario gyms\n" in blocks.stdout


def test_unchanged_corpus_is_not_rebuilt(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0
    assert again.stderr.startswith(f"{out} is up to date: the same 4 files, options and graphx")
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    forced = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--force"])
    assert "wrote " in forced.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} != before


def test_a_build_whose_reports_pass_a_megabyte_is_still_up_to_date(runner, corpus, tmp_path):
    # clusters.md of 100,000 articles holds its fingerprint only past its first megabyte,
    # at its end, and a check that also wanted it in the head rebuilt every such build
    # whole (122 s where 4 s found it up to date).
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    for name in ("clusters.md", "report.md"):
        text = (out / name).read_text(encoding="utf-8")
        head, rest = text.split("\n", 1)
        (out / name).write_text(head + "\n" + ("| row |\n" * 200_000) + rest, encoding="utf-8")
        assert (out / name).stat().st_size > 1 << 20
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0
    assert again.stderr.startswith(f"{out} is up to date: the same 4 files"), again.stderr


def test_a_files_new_other_name_is_said_and_rewrites_the_load_report(runner, corpus,
                                                                       tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    os.link(corpus / "0.md", corpus / "0-again.md")
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert ("1 file name is another name of a file already read (a hard link or symlink), "
            f"read once; listed in {out / 'load-report.json'}") in again.stderr
    report = json.loads((out / "load-report.json").read_text())
    # names are read in sorted order: "0-again.md" comes before "0.md"
    assert report["other_names"] == [{"path": str(corpus / "0.md"),
                                      "same_file_as": str(corpus / "0-again.md")}]


def test_an_up_to_date_build_sweeps_what_killed_builds_left(runner, corpus, tmp_path):
    # A killed build can leave temporary outputs (its forked writer's too) and an engine
    # folder; the next build finds the outputs current and writes nothing, but sweeps them.
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    hour_ago = os.stat(out / "report.md").st_mtime - 3600
    left = [out / ".coverage.graphml.ab12cd34.tmp", out / ".report.md.zz9_zz9z.tmp"]
    for path in left:
        path.write_text("half written")
    (out / ".engine.k1ll3d00.tmp").mkdir()
    (out / ".engine.k1ll3d00.tmp" / "text.data.npy").write_bytes(b"\0")
    keep = [out / ".notes.tmp", out / "my-notes.md"]  # not graphx's own names: never touched
    for path in keep:
        path.write_text("mine")
    for path in [*left, *keep, out / ".engine.k1ll3d00.tmp"]:
        os.utime(path, (hour_ago, hour_ago))
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0 and " is up to date" in again.stderr
    assert not any(p.exists() for p in left) and not (out / ".engine.k1ll3d00.tmp").exists()
    assert all(p.read_text() == "mine" for p in keep)


@pytest.mark.parametrize("change", ["edit a file", "other options", "lose an output",
                                    "an older build's output"])
def test_changed_inputs_options_or_outputs_rebuild(runner, corpus, tmp_path, change):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    args = ["build", str(corpus), "-o", str(out)]
    if change == "edit a file":
        (corpus / "0.md").write_text("---\ntitle: Changed\nwebUrl: https://x.example.com/c\n---\n")
    elif change == "other options":
        args += ["--since", "2020-05-06"]
    elif change == "lose an output":
        (out / "coverage.html").unlink()
    else:  # graphx's, of another corpus (a user's own file it refuses to replace)
        (out / "report.md").write_text("# Coverage report\n\nCorpus fingerprint: `0123` "
                                       "\u00b7 graphx 0.0.9\n", encoding="utf-8")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0
    assert "up to date" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "changes.json", "changes.md", "clusters.md", "coverage.graphml", "coverage.html",
        "engine", "load-report.json", "report.md", "stories.json",
    ]


def test_build_messages_wrap_between_words_on_a_narrow_terminal(runner, corpus, tmp_path,
                                                                 monkeypatch):
    out = tmp_path / "out"
    # No parse cache: both builds parse the same files and say the same words.
    logged = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--force", "--no-cache"])
    summary = next(line for line in logged.stderr.splitlines() if " files (" in line)
    assert len(summary) > 60  # piped or logged: one line, as a script reads it
    monkeypatch.setenv("COLUMNS", "60")
    narrow = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--force", "--no-cache"])
    assert narrow.exit_code == 0
    start = next(i for i, line in enumerate(narrow.stderr.splitlines()) if " files (" in line)
    lines = narrow.stderr.splitlines()[start:]
    wrapped = lines[:1]
    for line in lines[1:]:  # its continuation lines, indented
        if not line.startswith("  "):
            break
        wrapped.append(line)
    assert len(wrapped) > 1 and all(len(line) <= 60 for line in wrapped)
    assert " ".join(line.strip() for line in wrapped) == summary  # the same words, none cut
    # A number is never left at a line's end without its word ("4⏎files").
    assert not any(re.search(r"\d$", line) for line in wrapped)
    # A word longer than the line (a path) is never cut.
    assert any(line == f"wrote {out / 'report.md'}" for line in narrow.stderr.splitlines())


class _Terminal:
    """A stderr that says it is a terminal and keeps what was written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_progress_lines_are_rewritten_in_place_and_leave_nothing_behind():
    from graphx.cli import _Progress

    term = _Terminal()
    progress = _Progress(True, term)
    progress("loading", 1, 4)
    assert term.text == ""  # nothing in the first second
    progress.started -= 2
    for call in [("loading", 1, 4), ("loading", 4, 4), ("similarity", 0, 1),
                 ("similarity", 1, 1), ("writing the map", 0, 1), ("writing", 1, 1)]:
        progress(*call)
    progress.close()  # nothing left to clear: no second clearing
    clear = "\r\033[K"
    assert term.text == (f"{clear}loading: 1/4 (25%){clear}{clear}similarity ...{clear}"
                         f"{clear}writing the map ...{clear}")
    quiet, piped = _Terminal(), _Terminal()
    piped.isatty = lambda: False
    for stream, enabled in ((quiet, False), (piped, True)):
        shown = _Progress(enabled, stream)
        shown.started -= 2
        shown("loading", 1, 4)
        assert stream.text == ""


def test_a_build_names_each_step_of_its_writing(corpus, tmp_path):
    from graphx.pipeline import build_corpus, write_build

    seen = []
    write_build(build_corpus([str(corpus)]), tmp_path / "out",
                progress=lambda *call: seen.append(call))
    assert seen == [("writing the related index", 0, 1), ("writing the map", 0, 1),
                    ("writing the story list", 0, 1), ("writing GraphML and the reports", 0, 1),
                    ("writing", 1, 1)]


def test_a_broken_pipe_that_is_not_stdout_s_is_an_error_not_a_quiet_exit(runner, corpus,
                                                                          monkeypatch):
    import graphx.pipeline

    def broken(*args, **kwargs):
        raise BrokenPipeError("a child's pipe")

    monkeypatch.setattr(graphx.pipeline, "build_corpus", broken)
    result = runner.invoke(cli, ["stats", str(corpus)])
    assert result.exit_code != 141 and isinstance(result.exception, BrokenPipeError)


def test_a_ctrl_c_taken_by_a_finalizer_still_interrupts_the_command(runner, corpus,
                                                                    monkeypatch):
    """Python reports an exception raised in a __del__ or weak-reference callback as
    "Exception ignored" and goes on: a Ctrl-C landing there must still end the command as
    Ctrl-C does, not be printed as a traceback and lost."""
    import graphx.pipeline

    class Dying:
        def __del__(self):
            raise KeyboardInterrupt

    real = graphx.pipeline.build_corpus

    def build_corpus(*args, **kwargs):
        Dying()  # finalized at once, mid-command
        return real(*args, **kwargs)

    monkeypatch.setattr(graphx.pipeline, "build_corpus", build_corpus)
    result = runner.invoke(cli, ["stats", str(corpus), "--json", "-q"])
    assert (result.exit_code, result.stderr) == (
        130, "Interrupted; outputs already written are complete.\n")
    monkeypatch.setattr(graphx.pipeline, "build_corpus", real)
    assert runner.invoke(cli, ["stats", str(corpus), "--json", "-q"]).exit_code == 0


def test_a_linked_engine_folder_is_said_so_with_advice_a_build_will_take(runner, corpus,
                                                                         tmp_path):
    # `engine` a link to another build's index: `related` said "(not a folder): build it
    # again (graphx build --force)", and that build refused the link in its turn.
    other, out = tmp_path / "other", tmp_path / "out"
    for folder in (other, out):
        assert runner.invoke(cli, ["build", str(corpus), "-o", str(folder), "-q"]).exit_code == 0
    import shutil

    shutil.rmtree(out / "engine")
    (out / "engine").symlink_to(other / "engine")
    result = runner.invoke(cli, ["related", "Story", str(out)])
    assert result.exit_code == 2
    assert "(a link, not a folder of its own)" in result.stderr
    assert f"move {out / 'engine'} away" in result.stderr
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q",
                               "--force"]).exit_code == 2  # as the first sentence warned
    (out / "engine").unlink()
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q",
                               "--force"]).exit_code == 0
    assert runner.invoke(cli, ["related", "Story", str(out), "-q"]).exit_code in (0, 1)


def test_build_replaces_only_its_own_outputs(runner, corpus, tmp_path):
    # A user's own file under an output's name, a link to a news item, a folder named like
    # the engine: each is refused before anything is written, and left as it was.
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("my notes\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"])
    assert result.exit_code == 2
    assert "its report.md is a file graphx did not write" in result.stderr
    assert (out / "report.md").read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in out.iterdir()) == ["report.md"]
    (out / "report.md").unlink()
    item = next(p for p in sorted(corpus.iterdir()) if p.is_file())
    before = item.read_bytes()
    (out / "clusters.md").symlink_to(item)
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"])
    assert "its clusters.md is a link to a file graphx did not write" in result.stderr
    assert item.read_bytes() == before
    (out / "clusters.md").unlink()
    (out / "engine").mkdir()
    (out / "engine" / "keep.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"])
    assert "its engine is not a related index graphx wrote" in result.stderr
    assert (out / "engine" / "keep.txt").exists()
    (out / "engine" / "keep.txt").unlink()
    # A folder where a file goes is said to be one (it was "a file graphx did not write").
    (out / "report.md").mkdir()
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"])
    assert "its report.md is a folder graphx did not write" in result.stderr
    (out / "report.md").rmdir()
    # Its own outputs it replaces, build after build.
    for _ in range(2):
        assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q",
                                   "--force"]).exit_code == 0
    # An engine's meta.json names its schema after the corpus's hubs: many megabytes at 100k
    # articles, past the first megabyte that was read, and a forced rebuild was refused.
    meta = out / "engine" / "meta.json"
    data = json.loads(meta.read_text())
    data["hub_label"] = {**data["hub_label"], **{f"topic:pad{i}": "x" * 40 for i in range(30000)}}
    meta.write_text(json.dumps({k: v for k, v in data.items() if k != "schema"}
                               | {"schema": data["schema"]}))
    assert meta.stat().st_size > 1 << 20
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q",
                               "--force"]).exit_code == 0
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(corpus), "-q"])
    assert result.exit_code == 2
    assert "a folder of the corpus itself" in result.stderr
    (corpus / "maps").mkdir()  # an empty subfolder made for the outputs is fine
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(corpus / "maps"),
                               "-q"]).exit_code == 0



def test_a_file_put_inside_a_builds_engine_folder_is_never_removed(runner, corpus, tmp_path):
    # NOTES.txt in out/engine/ was removed with the old engine by the next build.
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    for name in ("NOTES.txt", ".my-notes.txt", "mine.npy"):  # hidden, or an array's name
        (out / "engine" / name).write_text("mine")
        result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--force", "-q"])
        assert result.exit_code == 2, name
        assert ("its engine is not a related index graphx wrote, or holds files that are "
                "not one's") in result.stderr
        assert (out / "engine" / name).read_text() == "mine"
        (out / "engine" / name).unlink()
    (out / "engine" / ".git").mkdir()
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--force",
                               "-q"]).exit_code == 2
    (out / "engine" / ".git").rmdir()
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--force",
                               "-q"]).exit_code == 0

def test_a_date_range_that_keeps_no_article_is_an_error(runner, corpus, tmp_path):
    for args in (["build", str(corpus), "-o", str(tmp_path / "out")], ["stats", str(corpus)]):
        result = runner.invoke(cli, [*args, "--since", "2031-01-01", "-q"])
        assert result.exit_code == 2
        assert "--since 2031-01-01 keeps none of the corpus's" in result.stderr
        assert "dated article" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_build_of_another_corpus_leaves_no_changes_of_the_one_before(runner, corpus,
                                                                         tmp_path):
    out, other = tmp_path / "out", tmp_path / "other"
    other.mkdir()
    for p in sorted(corpus.iterdir())[:2]:  # other articles (a copy of the same ones, moved,
        # is the same corpus: graphx.pipeline._same_articles)
        (other / p.name).write_bytes(p.read_bytes().replace(b".example.com", b".example.org"))
    for folder in (corpus, corpus):
        assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q",
                                   "--force"]).exit_code == 0
    assert (out / "changes.json").exists() and (out / "changes.md").exists()
    result = runner.invoke(cli, ["build", str(other), "-o", str(out), "-q"])
    assert result.exit_code == 0
    assert not (out / "changes.json").exists() and not (out / "changes.md").exists()


def test_text_that_is_not_utf8_is_read_with_replacement_characters(runner, corpus, tmp_path):
    # From a command line (surrogate escapes) or a -f file: never a traceback.
    result = runner.invoke(cli, ["related", "caf\udcff", str(corpus)])
    assert result.exit_code == 1 and "caf\ufffd" in result.stderr
    queries = tmp_path / "q.txt"
    queries.write_bytes(b"caf\xff\n")
    result = runner.invoke(cli, ["related", "-f", str(queries), str(corpus)])
    assert result.exit_code == 1 and "caf\ufffd" in result.stderr
    result = runner.invoke(cli, ["map", str(corpus), "--focus", "\udcff", "-o",
                                 str(tmp_path / "m.html")])
    assert result.exit_code == 1 and "\ufffd" in result.stderr
    for option in ("--provider", "--topic"):  # a filter's text too, in a -f batch
        result = runner.invoke(cli, ["related", "-f", str(queries), str(corpus), option,
                                     "x\udcff"])
        assert result.exit_code == 2 and "x\ufffd" in result.stderr


def test_a_query_file_past_its_bound_is_refused(runner, corpus, tmp_path, monkeypatch):
    import graphx.cli

    monkeypatch.setattr(graphx.cli, "QUERY_FILE_CHARS", 100)
    queries = tmp_path / "q.txt"
    queries.write_text("x" * 101, encoding="utf-8")
    result = runner.invoke(cli, ["related", "-f", str(queries), str(corpus)])
    assert result.exit_code == 2
    assert "holds more than" in result.stderr


def test_a_layout_seed_past_32_bits_is_a_usage_error(runner, corpus, tmp_path):
    result = runner.invoke(cli, ["map", str(corpus), "--seed", str(2**32), "-o",
                                 str(tmp_path / "m.html")])
    assert result.exit_code == 2 and "is not from 0 to 4,294,967,295" in result.stderr


def test_two_output_formats_at_once_are_a_usage_error(runner, corpus):
    result = runner.invoke(cli, ["stats", str(corpus), "--json", "--csv"])
    assert result.exit_code == 2
    assert "--csv and --json: give one output format" in result.stderr
    result = runner.invoke(cli, ["stats", str(corpus), "--csv", "-q"])
    assert result.exit_code == 0 and result.stdout.startswith("measure,value")


def test_messages_wrap_by_terminal_cells_breaking_text_of_wide_characters():
    # A CJK title takes two cells a character and has no spaces: it wraps anywhere, so no
    # line passes the terminal's width; a long path still never breaks.
    from graphx.cli import _wrap
    from graphx.output import cell_width

    title = "日本の首相が緊急事態宣言の延長を発表、全国で五月末まで続く見通しとなった"
    lines = _wrap(f"matched the story '{title}' (NHK, 2020-05-07 10:00)", 60).split("\n")
    assert len(lines) > 1 and all(cell_width(line) <= 60 for line in lines)
    assert "".join(line.strip() for line in lines).count(title[:20]) == 1
    path = "wrote /a/very/long/path/" + "x" * 80
    assert _wrap(path, 60) == path


def test_graphx_knows_its_own_changes_json_at_any_size(tmp_path):
    # A large update lists thousands of articles: a changes.json past 64 KB was taken for
    # a file graphx did not write, and the folder could not be built again.
    import json as jsonlib

    from graphx.outfolder import made_by_graphx

    path = tmp_path / "changes.json"
    change = {"articles": {"added": 5000, "removed": 0, "now": 9000,
                           "new": [f"article:e.com/{i}" for i in range(5000)], "gone": []},
              "stories": {}, "outlets": {"new": [], "gone": []}}
    path.write_text(jsonlib.dumps(change, indent=1) + "\n", encoding="utf-8")
    assert path.stat().st_size > 1 << 16 and made_by_graphx(path)
    path.write_text('{"articles": "mine"}', encoding="utf-8")
    assert not made_by_graphx(path)


def test_a_folder_whose_name_is_not_utf8_builds_and_is_read_back(runner, tmp_path):
    # An archive from an old machine: a folder named in Latin-1 bytes, alone or as one
    # subfolder of the corpus. The build wrote its load report and engine with the name's
    # lone surrogates, which UTF-8 cannot encode (a traceback, no outputs).
    parent = tmp_path / "parent"
    odd = os.fsdecode(os.fsencode(parent) + b"/Actualit\xe9s")
    os.makedirs(odd)
    (parent / "plain").mkdir()
    for folder, name in ((odd, "a"), (str(parent / "plain"), "b")):
        with open(os.path.join(folder, f"{name}.md"), "w") as fh:
            fh.write(f"---\ntitle: Story {name}\nwebUrl: https://{name}.example.com/s\n"
                     f"related:\n  - webUrl: https://b.example.com/s\n---\n")
    for given in (odd, str(parent)):
        out = tmp_path / f"out-{len(given)}"
        made = runner.invoke(cli, ["build", given, "-o", str(out), "-q"])
        assert made.exit_code == 0, made.output
        report = json.loads((out / "load-report.json").read_text(encoding="utf-8"))
        assert report["inputs"] == [given]  # the same path when read back
        assert any(f["path"].endswith(r"Actualit\xe9s/a.md") for f in report["files"])
        via = runner.invoke(cli, ["related", "https://a.example.com/s", str(out), "--json"])
        assert via.exit_code == 0, via.output
        assert [r["url"] for r in json.loads(via.stdout)] == ["https://b.example.com/s"]


def test_characters_xml_cannot_hold_in_ids_never_stop_a_build(runner, tmp_path):
    # "Coronavirus\0" beside "Coronavirus" (a legal YAML escape) made two ids that differ
    # only by what XML cannot hold: build and every export stopped for the whole corpus.
    folder = tmp_path / "corpus"
    folder.mkdir()
    items = [("a", '"Coronavirus"', '"https://a.example.com/s"', "a.example.com"),
             ("b", '"Coronavirus\\0"', '"https://b.example.com/s"', "b.example.com"),
             ("c", '"Corona\\uFFFEvirus"', '"https://c.example.com\\0/s"', "c.example.com"),
             ("d", '"Health"', '"https://d.example.com/s"', '"b.example\\0.com"')]
    for name, topic, url, domain in items:
        (folder / f"{name}.md").write_text(
            f"---\ntitle: Story {name}\nwebUrl: {url}\ntopics: [{topic}, Health]\n"
            f"provider:\n  name: Outlet {name}\n  domain: {domain}\n---\n")
    out = tmp_path / "out"
    made = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert made.exit_code == 0, made.output
    import networkx as nx

    G = nx.read_graphml(out / "coverage.graphml")
    assert sorted(n for n, k in G.nodes(data="kind") if k == "topic") == [
        "topic:coronavirus", "topic:health"]
    assert sorted(n for n, k in G.nodes(data="kind") if k == "article") == [
        "article:a.example.com/s", "article:b.example.com/s", "article:d.example.com/s"]
    assert G.nodes["article:d.example.com/s"]["provider"] == "b.example.com"
    report = json.loads((out / "load-report.json").read_text())
    (skipped,) = [f for f in report["files"] if f["status"] != "loaded"]
    assert skipped["path"].endswith("c.md")  # its only URL has a NUL in the host
    for suffix in (".graphml", ".gexf", ".json"):
        done = runner.invoke(cli, ["export", str(folder), "-o", str(tmp_path / f"x{suffix}"),
                                   "-q"])
        assert done.exit_code == 0, done.output


def test_a_focus_says_what_it_kept_and_the_page_says_it_is_one(runner, tmp_path):
    # `map --focus reuters.com` said "showing all 45 nodes" for 25 of Reuters' 119 articles,
    # and the page did not say it was a focus.
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: Story number {i}\nwebUrl: https://wire.example.com/s{i}\n"
            "provider: {name: Wire, domain: wire.example.com}\n---\n")
    page = tmp_path / "m.html"
    result = runner.invoke(cli, ["map", str(folder), "--focus", "Wire", "--focus-limit", "2",
                                 "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "focus on the outlet 'Wire' (4 articles): 2 of its articles (--focus-limit 2)",
        f"wrote {page}: showing all 3 nodes of the focus"]  # the outlet, 2 articles
    assert ("<title>graphx coverage map: focus on the outlet &#39;Wire&#39; (4 articles): 2 of "
            "its articles</title>") in page.read_text()  # a mailed page says it is a part
    # A story's focus keeping fewer than the limit says why: the rest scored under the floor.
    story = runner.invoke(cli, ["map", str(folder), "--focus", "Story number 1", "-o", str(page)])
    assert story.exit_code == 0, story.output
    assert story.stderr.splitlines()[0].endswith(
        "(--focus-limit 25; the rest score under 0.05)"), story.stderr
    # Keywords have no article of their own: what is kept is said as articles alone.
    words = runner.invoke(cli, ["map", str(folder), "--focus", "Story", "--by", "text",
                                "-o", str(page)])
    assert words.exit_code == 0, words.output
    assert ": 4 articles (--focus-limit 25" in words.stderr.splitlines()[0], words.stderr


def test_a_ctrl_c_while_the_arguments_are_read_is_130_too(runner, monkeypatch, corpus):
    # click's own handling said "Aborted!" and exited 1 for a Ctrl-C that landed before
    # the command ran (reading the arguments, opening -f FILE).
    from graphx import cli as cli_module

    def interrupted(self, value, param, ctx):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module.Count, "convert", interrupted)
    result = runner.invoke(cli, ["related", "x", str(corpus), "-n", "3"])
    assert (result.exit_code, result.stderr) == (
        130, "Interrupted; outputs already written are complete.\n")


@pytest.mark.parametrize("args", [["stats"], ["map", "-o", "{tmp}/m.html"],
                                  ["export", "-o", "{tmp}/x.graphml"]])
def test_a_command_writing_no_load_report_says_the_first_skip_itself(runner, corpus, tmp_path,
                                                                     args):
    # stats, map and export pointed to "the load-report.json that graphx build writes",
    # which no one had written: the reasons were nowhere to read.
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(cli, [args[0], str(corpus), *args[1:]])
    assert result.exit_code == 0, result.output
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"1 file skipped (first: {corpus / 'broken.md'}: ")
    assert last.endswith("); graphx build writes every one with its reason to load-report.json")


def test_a_query_outside_the_dates_read_says_so(runner, corpus):
    # `related URL --since` after the article said "No article has the URL", though the
    # article was in the corpus: the dates asked had left it out.
    result = runner.invoke(cli, ["related", "https://news0.example.com/s0", str(corpus),
                                 "--since", "2020-05-07"])
    assert result.exit_code == 1
    assert result.stderr == ("No article has the URL https://news0.example.com/s0 among the "
                             "articles of the dates asked (--since/--until); --published-since "
                             "and --published-until filter the answers only\n")


@pytest.mark.parametrize("name", ["load-report.json", "stories.json"])
def test_a_build_folder_file_nested_past_what_python_reads_is_no_traceback(runner, corpus,
                                                                           tmp_path, name):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    path = out / name
    text = path.read_text().rstrip().rstrip("}")
    path.write_text(text + ', "note": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    for args in (["build", str(corpus), "-o", str(out)],
                 ["build", str(corpus), "-o", str(out), "--force"], ["stats", str(out)]):
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 2), (args, result.output)
        assert "Traceback" not in result.output and not isinstance(
            result.exception, RecursionError), args


def test_map_and_export_never_replace_a_builds_outputs(runner, corpus, tmp_path,
                                                       monkeypatch):
    # `graphx map --focus ...` wrote its 12-node map over out/coverage.html (its default),
    # and the next `graphx build` kept it as up to date; so did an export's GraphML.
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["build", str(corpus), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    (tmp_path / "elsewhere.graphml").symlink_to(tmp_path / "out" / "coverage.graphml")
    for args, what in ((["map", str(corpus), "-o", "out/coverage.html"], "map"),
                       (["export", str(corpus), "-o", "out/coverage.graphml"], "export"),
                       (["export", str(corpus), "-o", "out/changes.md", "--format",
                         "graphml"], "export")):
        refused = runner.invoke(cli, args)
        assert refused.exit_code == 2 and refused.stderr == (
            f"Error: The build in out has {args[args.index('-o') + 1]} as an output, which "
            f"`graphx build` keeps as it made it: write this {what} elsewhere (-o)\n"), \
            refused.stderr
    linked = runner.invoke(cli, ["export", str(corpus), "-o", "elsewhere.graphml"])
    assert linked.exit_code == 2 and "write this export elsewhere" in linked.stderr
    # Its related index, and anything in it: written over, every later build refused the
    # folder, --force included.
    engine = {p.name: p.read_bytes() for p in (tmp_path / "out" / "engine").iterdir()}
    for args, what in ((["export", str(corpus), "-o", "out/engine/meta.json"], "export"),
                       (["export", str(corpus), "-o", "out/engine", "--format", "csv"],
                        "export"),
                       (["map", str(corpus), "-o", "out/engine/x.html"], "map")):
        refused = runner.invoke(cli, args)
        assert refused.exit_code == 2 and refused.stderr == (
            "Error: The build in out keeps its related index in out/engine, which `graphx "
            f"build` keeps as it made it: write this {what} elsewhere (-o)\n"), refused.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out" / "engine").iterdir()} == engine
    made = runner.invoke(cli, ["map", str(corpus), "--max-nodes", "2"])
    assert made.exit_code == 0 and made.stderr.startswith("wrote out/map.html")
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    assert after.pop("map.html") and after == before
    assert "up to date" in runner.invoke(cli, ["build", str(corpus)]).stderr


def test_outputs_never_go_where_news_items_are(runner, corpus, tmp_path):
    # `build news/2020-05 -o news` put a build among 40 news items: `news` then read as the
    # build's 20 files, the 40 never again. An export or map into the corpus folder was read
    # as (skipped) news items by every later command.
    news = tmp_path / "news"
    news.mkdir()
    (news / "own.md").write_text("---\ntitle: Own\nwebUrl: https://own.example.com/a\n---\n")
    refused = runner.invoke(cli, ["build", str(corpus), "-o", str(news)])
    assert refused.exit_code == 2 and refused.stderr == (
        f"Error: Cannot write the outputs into {news}: it holds news items (own.md), which a "
        f"build's outputs there would hide from every later command naming {news} (read as "
        "the build's); choose another folder (a new subfolder of it is fine)\n")
    assert sorted(p.name for p in news.iterdir()) == ["own.md"]
    # Its items in a subfolder (news/2020-05/), beside files of other kinds: refused too.
    (news / "own.md").unlink()
    (news / "2020-05").mkdir()
    (news / "2020-05" / "b.md").write_text("---\ntitle: B\nwebUrl: https://b.example/x\n---\n")
    (news / "notes.txt").write_text("my notes")
    deeper = runner.invoke(cli, ["build", str(corpus), "-o", str(news)])
    assert deeper.exit_code == 2 and "it holds news items (2020-05/b.md)" in deeper.stderr
    # Items behind a link (the reader follows links), past 250 other files, and in a folder
    # after one of 2,500 notes named as news items are (2,000 looked at let a build in):
    # refused too.
    data = tmp_path / "data"
    data.mkdir()
    (data / "linked.md").write_text("---\ntitle: L\nwebUrl: https://l.example/x\n---\n")
    linked, noted, notes = tmp_path / "o-linked", tmp_path / "o-noted", tmp_path / "o-notes"
    linked.mkdir()
    (linked / "archive").symlink_to(data)
    (noted / "sub").mkdir(parents=True)
    for k in range(250):
        (noted / f"note{k:03}.txt").write_text("a note")
    (noted / "sub" / "b.md").write_text("---\ntitle: B\nwebUrl: https://b.example/y\n---\n")
    (notes / "a").mkdir(parents=True)
    (notes / "b").mkdir()
    for k in range(2500):
        (notes / "a" / f"n{k:04}.md").write_text("a note")
    (notes / "b" / "item.md").write_text("---\ntitle: B\nwebUrl: https://b.example/z\n---\n")
    for target in (linked, noted, notes):
        held = runner.invoke(cli, ["build", str(corpus), "-o", str(target)])
        assert held.exit_code == 2 and "it holds news items" in held.stderr, target
    # UTF-16 items (read as news items, a byte-order mark first): refused as well.
    (news / "2020-05" / "b.md").write_text("---\ntitle: B\nwebUrl: https://b.example/x\n---\n",
                                          encoding="utf-16")
    wide = runner.invoke(cli, ["build", str(corpus), "-o", str(news)])
    assert wide.exit_code == 2 and "it holds news items (2020-05/b.md)" in wide.stderr
    for args, what, place in (
            (["export", str(corpus), "-o", str(corpus / "graph.graphml")], "export", corpus),
            (["export", str(corpus), "-o", f"{corpus}/"], "export", corpus),
            # A folder format's folder, named without its slash, is that folder: its parent
            # was checked, and a news item the corpus names edges.csv written over.
            (["export", str(corpus), "-o", str(corpus), "--format", "csv"], "export", corpus),
            (["export", str(corpus), "-o", str(corpus), "--format", "parquet"], "export",
             corpus),
            (["map", str(corpus), "-o", str(corpus / "m.html")], "map", corpus)):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2 and result.stderr.startswith(
            f"Error: Cannot write this {what} into {place}, a folder of the corpus itself"), args
    assert not (corpus / "graph.graphml").exists() and not (corpus / "nodes.csv").exists()
    below = runner.invoke(cli, ["export", str(corpus), "-o", str(corpus / "sub" / "g.graphml")])
    assert below.exit_code == 2 and "write it outside the corpus" in below.stderr  # read too
    # A link outside the corpus to one of its news items: written through, the item was lost.
    item = sorted(corpus.glob("*.md"))[0]
    before = item.read_bytes()
    for name, command in (("x.json", "export"), ("x.html", "map"), ("x.graphml", "export")):
        link = tmp_path / name
        link.symlink_to(item)
        through = runner.invoke(cli, [command, str(corpus), "-o", str(link)])
        assert through.exit_code == 2 and through.stderr == (
            f"Error: Cannot write this {command} to {link}: it is a link to {item}, a file of "
            "the corpus, which graphx would write over; write it elsewhere (-o)\n"), name
    # ... and a link onto a news item the corpus reads through a link of its own, which
    # lies outside every folder of the corpus.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.md").write_text(before.decode())
    (corpus / "linked.md").symlink_to(elsewhere / "linked.md")
    (tmp_path / "x.json").unlink()
    (tmp_path / "x.json").symlink_to(elsewhere / "linked.md")
    outside = runner.invoke(cli, ["export", str(corpus), "-o", str(tmp_path / "x.json")])
    assert outside.exit_code == 2 and "a file of the corpus" in outside.stderr
    assert (elsewhere / "linked.md").read_bytes() == before
    (corpus / "linked.md").unlink()
    # ... and a folder format's file in its folder (nodes.csv, nodes.parquet).
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "nodes.csv").symlink_to(item)
    folder = runner.invoke(cli, ["export", str(corpus), "-o", f"{tables}/"])
    assert folder.exit_code == 2 and f"to {tables}/nodes.csv: it is a link to" in folder.stderr
    assert item.read_bytes() == before


def test_a_build_never_goes_into_the_saved_engines_folder(runner, corpus, tmp_path):
    # `-o ~/.cache/graphx/engines` was accepted; pruning the saved engines later removed
    # the build's engine/.
    from graphx.cache import MARK

    engines = tmp_path / "cache" / "engines"
    engines.mkdir(parents=True)
    (engines / MARK).touch()
    for out in (engines, engines / "mine"):
        refused = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
        assert refused.exit_code == 2 and refused.stderr == (
            f"Error: Cannot write the outputs into {out}: {engines} is graphx's folder of "
            "saved engines, which it prunes (a build there would lose its related index); "
            "choose another output folder\n")
    assert sorted(p.name for p in engines.iterdir()) == [MARK]


def test_an_output_that_cannot_be_read_is_said_so_not_called_someone_elses(runner, corpus,
                                                                           tmp_path, monkeypatch):
    # chmod 000 out/stories.json (a second user of a shared folder): "its stories.json is a
    # file graphx did not write", when graphx could not read it to tell.
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    real_open = os.open

    def no_read(path, *args, **kwargs):  # tests run as root, whom chmod 000 does not stop
        if str(path).endswith("stories.json"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_read)
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out), "--force", "-q"])
    assert result.exit_code == 2 and result.stderr == (
        f"Error: Cannot write the outputs into {out}: its stories.json cannot be read "
        "(Permission denied), so graphx cannot tell whether it wrote it; give read access to "
        "it or choose another output folder\n")


@pytest.mark.parametrize("name", ["coverage.graphml", "coverage.html", "stories.json"])
def test_an_output_cut_short_is_not_up_to_date(runner, corpus, tmp_path, name):
    # A copy onto a full disk kept the head's fingerprint: "up to date", and a cut
    # stories.json then cost the next build its story ids.
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    path = out / name
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0 and "up to date" not in again.stderr, again.stderr


def test_a_fifo_or_device_at_a_name_graphx_reads_is_never_waited_on(runner, corpus, tmp_path):
    # A FIFO named load-report.json in the corpus or a build folder hung every command; one
    # linked to /dev/zero read on until the memory was gone; a FIFO at an output's name
    # hung the build that would write there.
    import subprocess
    import sys

    (corpus / "sub").mkdir()
    os.mkfifo(corpus / "sub" / "load-report.json")
    os.mkfifo(corpus / "sub" / "notes.db")  # a name a parse cache may have: looked into
    out = tmp_path / "out"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "graphx", *args], capture_output=True,
                              text=True, timeout=60)

    assert run("build", str(corpus), "-o", str(out), "-q").returncode == 0
    (out / "load-report.json").unlink()
    os.mkfifo(out / "load-report.json")
    fifo = run("related", "patios", str(out))  # no build there now: one sentence, at once
    assert fifo.returncode == 2 and fifo.stderr.startswith("Error: ")
    (out / "load-report.json").unlink()
    (out / "load-report.json").symlink_to("/dev/zero")
    zero = run("build", str(corpus), "-o", str(out), "-q")
    assert zero.returncode == 2 and zero.stderr.startswith("Error: Cannot write the outputs")
    # A sparse 1 GB load report (no size on disk, any length read) is refused, not read.
    (out / "load-report.json").unlink()
    with open(out / "load-report.json", "wb") as fh:
        fh.write(b'{"graphx_version": "0.1.0", "inputs": [')
        fh.truncate(1 << 30)
    sparse = run("stats", str(out))
    assert sparse.returncode == 2 and "load-report.json" in " ".join(sparse.stderr.split())
    other = tmp_path / "other"
    other.mkdir()
    os.mkfifo(other / "report.md")
    waits = run("build", str(corpus), "-o", str(other), "-q")
    said = " ".join(waits.stderr.split())  # wrapped at 80 columns
    assert waits.returncode == 2 and "its report.md is a file graphx did not write" in said


def test_a_focus_on_a_story_keeps_its_own_articles_and_a_part_says_it_is_one():
    # `map --focus <the Moderna report>` kept 9 of the story's 31 articles (the rest scored
    # under the floor), and the page's panel called the 9 the story.
    import json as _json

    import networkx as nx

    from graphx.pipeline import focus_nodes
    from graphx.render import coverage_map

    G = nx.MultiDiGraph()
    for k in range(6):
        n = f"article:o{k}.example/moderna"
        G.add_node(n, kind="article", label=f"Report {k} of a trial", title=f"Report {k}",
                   url=f"https://o{k}.example/moderna", provider=f"o{k}.example",
                   published=f"2020-05-07T1{k}:00:00Z", cluster=0, cluster_label="Moderna",
                   has_file=True)
    note, nodes, kept = focus_nodes(G, "https://o0.example/moderna", limit=3)
    story = [n for n in nodes if G.nodes[n].get("kind") == "article"]
    assert story == [f"article:o{k}.example/moderna" for k in range(4)]  # it and 3 more
    assert kept.endswith(": it, 3 more of its story and 0 related articles")
    page = coverage_map(G, nodes=nodes).html
    stories = _json.loads(page.split('"stories":', 1)[1].split(',"coloured', 1)[0])
    assert [(s["size"], s.get("of")) for s in stories] == [(4, 6)]


def three_items(tmp_path, title: str):
    """A folder of three news items titled ``title`` and a number."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for k in range(3):
        (corpus / f"{k}.md").write_text(
            f"---\ntitle: {title} {k}\nwebUrl: https://n{k}.example/a\n---\n")
    return corpus


def test_report_and_map_say_files_were_skipped(runner, tmp_path):
    # A news item with a YAML slip vanished from report.md's quotable counts and from the
    # map, said only on the first build's stderr.
    corpus = three_items(tmp_path, "Story")
    (corpus / "slip.md").write_text('---\ntitle: "A "quoted" slip"\nwebUrl: https://s.example/x\n---\n')
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    assert "(4 files read, 1 skipped: not in these counts; why, in load-report.json)." in (
        out / "report.md").read_text()
    assert ('<p id="gx-skipped">1 of 4 files skipped (not on this map; why, in '
            "load-report.json)</p>") in (out / "coverage.html").read_text()
    clean = tmp_path / "clean"
    (corpus / "slip.md").unlink()
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(clean), "-q"]).exit_code == 0
    assert "skipped" not in (clean / "report.md").read_text()
    assert 'id="gx-skipped"' not in (clean / "coverage.html").read_text()


def test_a_focus_on_a_story_by_its_label_maps_its_articles(runner, tmp_path):
    # `map --focus "<a label from report.md>"` read the label as keywords.
    import json as _json

    corpus = tmp_path / "c"
    corpus.mkdir()
    for k in range(3):
        rel = "".join(f"  - webUrl: https://n{j}.example/a\n" for j in range(3) if j != k)
        (corpus / f"{k}.md").write_text(
            f"---\ntitle: Zanzibar ferry sinks {k}\nwebUrl: https://n{k}.example/a\n"
            f"publishedDateTime: 2020-05-06T1{k}:00:00Z\nrelated:\n{rel}---\n")
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    (label,) = [s["label"] for s in _json.loads((out / "stories.json").read_text())["stories"]]
    result = runner.invoke(cli, ["map", str(out), "--focus", label, "--by", "story", "-o",
                                 str(tmp_path / "f.html")])
    assert result.exit_code == 0, result.stderr
    assert f"focus on the story '{label}' (3 articles): 3 of its articles" in result.stderr


def test_a_focus_that_keeps_no_article_is_nothing_found(runner, tmp_path):
    # Keywords no article answers well enough wrote an empty map and GraphML, exit 0, where
    # `related` with the same query exits 1.
    corpus = three_items(tmp_path, "City news roundup")
    for command, out in (("map", "f.html"), ("export", "f.graphml")):
        result = runner.invoke(cli, [command, str(corpus), "--focus", "Zanzibar Fox roundup",
                                     "-o", str(tmp_path / out)])
        assert result.exit_code == 1 and result.stderr.startswith(
            "Nothing to keep: focus on the keywords roundup"), result.stderr
        assert not (tmp_path / out).exists()


def test_an_output_behind_a_chain_of_links_deeper_than_pythons_stack_is_one_sentence(
        runner, corpus, tmp_path):
    # realpath follows links by recursion: a chain of 1,000 was a RecursionError traceback
    # (exit 1) in export, map and build.
    chain = tmp_path / "chain"
    chain.mkdir()
    (chain / "real.json").write_text("{}")
    os.symlink("real.json", chain / "l1000")
    for k in range(999, -1, -1):
        os.symlink(f"l{k + 1}", chain / f"l{k}")
    for command in ("export", "map"):
        result = runner.invoke(cli, [command, str(corpus), "-o", str(chain / "l0")])
        assert result.exit_code == 2, (command, result.output)
        assert "too many levels of symbolic links" in result.stderr, result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("args", [["related", "Story"], ["related", "Story", "--json"],
                                  ["stats"], ["stats", "--csv"]])
def test_a_full_disk_on_standard_output_is_one_sentence_and_exit_2(corpus, args):
    # `graphx related ... > answers.json` on a full disk ended in a traceback and exit 1,
    # which a script reads as "nothing found".
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "graphx", *args[:2], str(corpus),
                               *args[2:]], stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "Error: Cannot write standard output: No space left on device")
    assert "Traceback" not in done.stderr


def test_summary_lines_count_one_node_and_one_edge_in_the_singular(runner, tmp_path):
    # "gexf: 2 nodes, 1 edges" read as a typo; every count goes through count_noun.
    folder = tmp_path / "two"
    folder.mkdir()
    for i in range(2):
        (folder / f"{i}.md").write_text(
            f"---\ntitle: Story {i}\nwebUrl: https://news{i}.example.com/s{i}\n"
            f"publishedDateTime: 2020-05-0{i + 1}T10:00:00Z\n"
            + ("related:\n  - webUrl: https://news1.example.com/s1\n" if i == 0 else "")
            + "---\n")
    out = tmp_path / "g.json"
    result = runner.invoke(cli, ["export", str(folder), "-o", str(out), "--kinds", "article"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out} (json: 2 nodes, 1 edge)\n"


@pytest.mark.parametrize("first", ["https://news1.example.com/s1", "Story number 1",
                                   "news1.example.com"])
def test_a_query_file_saved_with_a_byte_order_mark_reads_its_first_query(runner, corpus,
                                                                        tmp_path, first):
    # Notepad's and Excel's "UTF-8 with BOM": the mark is no part of the first query (a URL
    # was read as keywords, a title as the closest title, and U+FEFF stayed in `query`), nor
    # of the first query of each file `cat` joined.
    lines = f"{first}\r\nStory number 2\r\n".encode()
    plain, marked = tmp_path / "plain.txt", tmp_path / "marked.txt"
    plain.write_bytes(lines)
    marked.write_bytes(b"\xef\xbb\xbf" + lines)
    want = runner.invoke(cli, ["related", "-f", str(plain), str(corpus), "--nl"])
    assert want.exit_code == 0, want.output
    assert first in {json.loads(line)["query"] for line in want.stdout.splitlines()}
    for source, given, times in ((str(marked), None, 1), ("-", marked.read_bytes(), 1),
                                 ("-", marked.read_bytes() * 2, 2)):
        result = runner.invoke(cli, ["related", "-f", source, str(corpus), "--nl"],
                               input=given)
        assert result.exit_code == 0, result.output
        assert (result.stdout, result.stderr) == (want.stdout * times, want.stderr * times)


def test_a_folder_built_by_other_graphx_code_is_not_up_to_date(runner, corpus, tmp_path,
                                                                 monkeypatch):
    # Every commit says version 0.1.0: after a `git pull` that changed 33 labels, the
    # daily build said "up to date" and kept the old rules' reports.
    import graphx.files

    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out)]).exit_code == 0
    assert "up to date" in runner.invoke(cli, ["build", str(corpus), "-o", str(out)]).stderr
    monkeypatch.setattr(graphx.files, "code_digest", lambda: "another graphx's code")
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0 and "up to date" not in again.stderr and "wrote " in again.stderr
    report = json.loads((out / "load-report.json").read_text())
    assert report["graphx_code"] == "another graphx's code"


def test_the_same_corpus_named_another_way_is_up_to_date(runner, corpus, tmp_path,
                                                          monkeypatch):
    # `graphx build news -o out` daily, then `graphx build /full/path/out` from elsewhere:
    # each spelling rebuilt everything and wrote "0 articles added" over the last update.
    monkeypatch.chdir(corpus.parent)
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", corpus.name, "-o", str(out)]).exit_code == 0
    for args in (["build", str(corpus), "-o", str(out)], ["build", str(out)],
                 ["build", f"./{corpus.name}/", "-o", str(out)],
                 ["build", corpus.name, str(corpus), "-o", str(out)]):  # one named twice
        again = runner.invoke(cli, args)
        assert again.exit_code == 0 and "is up to date" in again.stderr, (args, again.stderr)


def test_a_corpus_built_from_a_glob_is_not_gone_when_a_file_is_added(runner, corpus,
                                                                      tmp_path):
    out = tmp_path / "out"
    pattern = str(corpus / "*.md")
    assert runner.invoke(cli, ["build", pattern, "-o", str(out)]).exit_code == 0
    (corpus / "9.md").write_text("---\ntitle: Story number 9\nwebUrl: https://news9.example.com/s\n---\n")
    past = time.time() - 60
    for path in (corpus / "9.md", corpus):
        os.utime(path, (past, past))
    result = runner.invoke(cli, ["related", "Story", str(out)])
    assert "has changed since the build" in result.stderr, result.stderr
    assert "is gone" not in result.stderr and f"graphx build {out}" in result.stderr


def test_a_folder_given_as_the_query_is_said_to_be_one(runner, corpus, tmp_path):
    # `related out/covid` (the query forgotten) searched seeds/ for 'out/covid' and said
    # "Nothing in the corpus matches"; `related out/covid Moderna` said "Path not found".
    for args in ([str(corpus)], [str(corpus), "Moderna"]):
        result = runner.invoke(cli, ["related", *args])
        assert result.exit_code == 2, result.output
        assert f"{corpus} is a folder, not a query: give the query first" in result.stderr
    assert runner.invoke(cli, ["related", "Story", str(corpus)]).exit_code in (0, 1)


@pytest.mark.parametrize("inputs", [[1, "a"], [["a"]], "corpus", None, {"a": 1}])
def test_a_load_report_whose_inputs_are_no_paths_is_no_current_build(runner, corpus, tmp_path,
                                                                      inputs):
    # Compared as a set of paths, a hand-edited [1, "a"] raised TypeError: a traceback
    # where the folder should be rebuilt.
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    report = json.loads((out / "load-report.json").read_text())
    report["inputs_resolved"] = report["inputs"] = inputs
    (out / "load-report.json").write_text(json.dumps(report))
    again = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert "up to date" not in again.stderr and "wrote " in again.stderr


def test_answer_dates_after_one_another_are_an_error_as_the_corpus_dates_are(runner, corpus):
    # --published-since after --published-until said "No article passes the filters: none in
    # the dates asked is related ... with a score of at least 0.05", blaming the scores.
    for args in (["s0"], ["-f", "-"]):
        result = runner.invoke(cli, ["related", *args, str(corpus), "--published-since",
                                     "2020-05-07", "--published-until", "2020-05-06"],
                               input="s0\n")
        assert result.exit_code == 2, result.output
        assert result.stderr == ("Error: --published-since 2020-05-07T00:00:00Z is after "
                                 "--published-until 2020-05-06T23:59:59Z: no article can be "
                                 "in that range\n")


@pytest.mark.parametrize("title", ['["Moderna vaccine trial", "part 1"]', "{a: 1}", "null"])
def test_an_answer_whose_title_was_dropped_shows_its_url(runner, tmp_path, title):
    # A title given as a list, a mapping or null is dropped on loading; the related table
    # showed an empty title cell and no address (stats, the exports and the map show the URL).
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "untitled.md").write_text(
        f"---\ntitle: {title}\nexcerpt: Moderna expects its vaccine trial to begin soon.\n"
        "webUrl: https://example.org/moderna-1\npublishedDateTime: 2020-05-07T12:01:00Z\n---\n")
    (folder / "other.md").write_text(
        "---\ntitle: Ontario patios reopen\nwebUrl: https://example.com/patios\n---\n")
    query = ["related", "Moderna vaccine trial", str(folder), "-q", "--no-cache"]
    table = runner.invoke(cli, query)
    assert table.exit_code == 0, table.output
    data = json.loads(runner.invoke(cli, [*query, "--json"]).stdout)  # data keeps it apart
    assert [(r["title"], r["url"]) for r in data] == [("", "https://example.org/moderna-1")]
    assert table.stdout.splitlines()[2].split()[:3] == [
        "1", f"{data[0]['score']:.3f}", "https://example.org/moderna-1"]
    floor = runner.invoke(cli, [*query, "--min-score", "0.99"])
    assert floor.exit_code == 1
    assert (f"the best, 'https://example.org/moderna-1' (example.org), scores "
            f"{data[0]['score']:g}") in floor.stderr


def test_map_replaces_only_a_page_graphx_wrote(runner, corpus, tmp_path):
    # `graphx map -o mine.html` replaced the user's own page without a word.
    mine = tmp_path / "mine.html"
    mine.write_text("<html>my notes</html>", encoding="utf-8")
    result = runner.invoke(cli, ["map", str(corpus), "-o", str(mine), "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: Cannot write {mine}: it is a file graphx did not "
                                     "write, which this map would replace")
    assert mine.read_text(encoding="utf-8") == "<html>my notes</html>"
    ours = tmp_path / "ours.html"
    for _ in range(2):  # its own page is replaced, as always
        assert runner.invoke(cli, ["map", str(corpus), "-o", str(ours), "-q"]).exit_code == 0


def test_related_a_path_of_no_file_is_a_usage_error(runner, corpus):
    # It was searched as the keywords of its folders and name (exit 0 or 1).
    result = runner.invoke(cli, ["related", "corpus/9.md", str(corpus), "-q"])
    assert result.exit_code == 2
    assert result.stderr == "Error: No such file: corpus/9.md\n"


@pytest.mark.parametrize("name", ["out", "lower/case", "ümlaut"])
def test_a_message_that_starts_with_a_typed_path_keeps_it_as_typed(runner, tmp_path,
                                                                   monkeypatch, name):
    # "Error: Out is a folder, not a query": the sentence's capital letter changed the path
    # the user typed, and paths are case-sensitive; copying it named a folder not there.
    folder = tmp_path / name
    folder.mkdir(parents=True)
    result = runner.invoke(cli, ["related", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {folder} is a folder"), result.stderr
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["related", name])
    assert result.stderr.startswith(f"Error: {name} is a folder"), result.stderr
    # A sentence the library wrote is still one: "Give a QUERY ...".
    result = runner.invoke(cli, ["related", " "])
    assert result.stderr.startswith("Error: Give a QUERY"), result.stderr
