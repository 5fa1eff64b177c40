"""Datasette opens graphx's SQLite export as it is: tables, foreign keys, views and a
full-text search answer over HTTP on localhost.

Needs the `datasette` command (in the test extra); skipped without it unless
GRAPHX_REQUIRE_DATASETTE=1, which CI sets.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import require_or_skip

from graphx.export import write_export

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _datasette() -> list[str]:
    beside = Path(sys.executable).with_name("datasette")
    found = str(beside) if beside.exists() else shutil.which("datasette")
    require_or_skip(found is not None, "GRAPHX_REQUIRE_DATASETTE", "the datasette command")
    return [found]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - localhost only
        return json.loads(response.read())


@pytest.fixture(scope="module")
def served(covid_corpus, tmp_path_factory):
    """(base URL of the coverage database in a running datasette, the graph)."""
    command = _datasette()
    path = tmp_path_factory.mktemp("datasette") / "coverage.db"
    write_export(covid_corpus.graph, path, load_report=covid_corpus.report.to_dict())
    port = _free_port()
    proc = subprocess.Popen([*command, "serve", str(path), "--host", "127.0.0.1", "--port",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("datasette did not start: " + proc.stderr.read().decode()[-500:])
                time.sleep(0.2)
        yield f"{base}/coverage", covid_corpus.graph
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_datasette_lists_the_tables_views_and_search(served):
    base, G = served
    about = _get(base + ".json")
    tables = {t["name"]: t for t in about["tables"]}
    articles = sum(1 for _, k in G.nodes(data="kind") if k == "article")
    assert tables["articles"]["count"] == articles
    assert tables["articles"]["fts_table"] == "articles_fts"
    assert {"outlets", "topics", "tags", "clusters", "edges", "files"} <= set(tables)
    assert {"stories_by_breadth", "most_cited_articles"} <= {v["name"] for v in about["views"]}


def test_a_full_text_search_answers_over_http(served):
    base, _ = served
    rows = _get(base + "/articles.json?_search=Disneyland&_shape=array&_col=title"
                       "&_col=excerpt")
    assert len(rows) >= 5
    assert all("disneyland" in f"{r['title']} {r['excerpt']}".lower() for r in rows)
    assert any("Shanghai Disneyland" in r["title"] for r in rows)


def test_views_and_foreign_keys_answer(served):
    base, _ = served
    stories = _get(base + "/stories_by_breadth.json?_shape=array&_size=5")
    breadth = [s["breadth"] for s in stories]
    assert len(stories) == 5 and breadth == sorted(breadth, reverse=True)
    first = _get(base + "/articles.json?_shape=array&_size=1&outlet=reuters.com")[0]
    assert first["outlet"] == "reuters.com"
    expanded = _get(base + "/articles.json?_shape=array&_size=1&outlet=reuters.com"
                           "&_labels=on")[0]
    assert expanded["outlet"] == {"value": "reuters.com", "label": "Reuters"}
