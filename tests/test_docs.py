"""The README matches the tool: every command is documented, the quickstart is what CI runs."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphx.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
CI = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme_with_help_and_an_example(name):
    assert f"`graphx {name}`" in README
    result = CliRunner().invoke(cli, [name, "-h"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert cli.commands[name].help


def test_quickstart_has_exactly_two_commands():
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    python3")]
    assert commands == [
        "python3 -m pip install -e . && python3 -m graphx build",
        'python3 -m pip install -e ".[test]" && python3 -m pytest',
    ]


def test_quickstart_says_to_make_a_virtual_environment_before_its_commands():
    # Debian 12 and Ubuntu 23.04+ refuse `pip install` into the system's Python (PEP 668):
    # the first command failed for a newcomer who was told only "Python 3.11+ with pip".
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    prose = " ".join(section.split())
    venv = "`python3 -m venv .venv && . .venv/bin/activate`"
    assert venv in prose
    assert "externally-managed-environment" in prose
    assert section.index("python3 -m venv .venv") < section.index("    python3 -m pip")
    assert ".venv/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_ci_runs_the_readme_test_command_with_every_group_required():
    assert "GRAPHX_REQUIRE_CORPORA=1" in CI
    assert "GRAPHX_REQUIRE_BROWSER=1" in CI
    assert "GRAPHX_REQUIRE_NODE=1" in CI
    # In a fresh virtual environment, so a fresh install's newest versions are what is tested.
    assert CI.index('python3 -m venv "$scratch/venv"') < CI.index('bash -c "$test_command"')
    pattern = re.search(r"sed -n '(.*)' README.md", CI).group(1)
    assert pattern.startswith("s/^    \\(python3 -m pip install -e \".\\[test\\]\"")


def test_every_skip_reason_in_the_readme_table_is_real():
    import importlib

    modules = [importlib.import_module(f"graphx.{name}")
               for name in ("parse", "safe_yaml", "fields", "files")]
    source = "".join(Path(m.__file__).read_text() for m in modules)
    table = README.split("**What is skipped, and why**", 1)[1].split("\n\n", 2)[1]
    reasons = re.findall(r"`([^`]+)`", "\n".join(row.split("|")[1] for row in table.splitlines()
                                                  if row.startswith("| `")))
    for reason in reasons:
        fixed = re.split(r"\.\.\.|\d|\bN\b|\(|<", reason)[0].strip()
        assert fixed in source, reason


def command_sections() -> tuple[str, dict[str, str]]:
    """The README's words on every command's shared options, and each command's section."""
    part = README.split("## What it does, command by command", 1)[1].split("\n## ", 1)[0]
    shared, *rest = re.split(r"^### ", part, flags=re.M)
    return shared, {re.match(r"`graphx (\w+)`", chunk).group(1): chunk for chunk in rest}


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_the_readme_section_of_each_command_matches_its_options(name):
    import click

    shared, sections = command_sections()
    flags = {opt for p in cli.commands[name].params if isinstance(p, click.Option)
             for opt in (*p.opts, *p.secondary_opts) if opt.startswith("--")} - {"--help"}
    assert sorted(f for f in flags if f not in shared + sections[name]) == []
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", sections[name]))
    assert sorted(mentioned - flags) == []


#: Lines of each command's --help at 80 columns when issue #20 asked for them to shrink.
HELP_LINES_BEFORE = {"build": 39, "stats": 43, "related": 50, "map": 47, "export": 52}


@pytest.mark.parametrize("command", sorted(HELP_LINES_BEFORE))
def test_help_stays_shorter_than_before_the_house_was_tidied(command):
    result = CliRunner().invoke(cli, [command, "--help"], terminal_width=80)
    assert result.exit_code == 0
    assert len(result.output.splitlines()) < HELP_LINES_BEFORE[command]
    # ... and fits an 80-column terminal: an example line of export's was 83 wide
    assert [line for line in result.output.splitlines() if len(line) > 80] == []


def console_examples(command: str) -> list[tuple[list[str], list[str]]]:
    """The README's `$ graphx <command> ...` examples that show output: (arguments, the
    lines shown). Only Python blocks ran (test_doc_examples), so a shown output went stale
    unseen: the first `related` example lacked "same syndication group" for months."""
    import shlex

    found = []
    for block in re.findall(rf"^    \$ graphx {command} (.+)\n((?:    (?!\$).*\n)+)", README, re.M):
        found.append((shlex.split(block[0]), [line[4:] for line in block[1].splitlines()]))
    return found


@pytest.mark.corpus
def test_the_readmes_related_examples_print_what_it_shows(corpora, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # the README's shell; a table fits it
    examples = console_examples("related")
    assert len(examples) >= 2
    for args, shown in examples:
        args = [str(corpora / a.split("/shared/corpora/", 1)[1]) if "/shared/corpora/" in a
                else a for a in args]
        result = CliRunner().invoke(cli, ["related", *args])
        assert result.exit_code == 0, result.output
        printed = result.stdout.splitlines()
        if "--nl" not in args:
            assert printed == shown, args
            continue
        import json

        assert len(printed) == len(shown)
        for line, example in zip(printed, shown, strict=True):
            got, want = json.loads(line), json.loads(example)
            assert got.keys() == want.keys()
            for key, value in want.items():  # "https://site/..." shortens a long value
                if isinstance(value, str) and value.endswith("..."):
                    assert got[key].startswith(value[:-3]), key
                else:
                    assert got[key] == value, key
