"""Every Python block of README.md and docs/*.md runs as written, from the project folder."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks() -> list:
    return [pytest.param(code, id=f"{path.name}:{n}")
            for path in DOCS for n, code in enumerate(BLOCK.findall(path.read_text()), 1)]


def test_the_readme_has_python_examples():
    assert len(BLOCK.findall((ROOT / "README.md").read_text())) >= 1


@pytest.mark.parametrize("code", blocks())
def test_python_block_runs(code, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<doc>", "exec"), {"__name__": "__doc_example__"})  # noqa: S102
    # Comments that show output ("# path not found: ...") must be what the code printed.
    shown = re.findall(r"print\(.*?\)\s+# (.+)$", code, re.M)
    for expected in shown:
        assert expected in printed.getvalue()
    assert os.getcwd() == str(tmp_path)
