"""graphology (what sigma.js apps use) reads our GraphML, GEXF and graphology JSON in Node.

Needs node and a folder holding graphology, graphology-graphml, graphology-gexf and
@xmldom/xmldom: the one GRAPHX_NODE_MODULES names (or the npm prefix above it), else the
project's own node_modules (`npm install` in the project folder); skipped without them unless
GRAPHX_REQUIRE_NODE=1, which CI sets.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_or_skip
from test_export import coverage_graph, hostile_graph

from graphx.export import write_export

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "tests" / "js" / "check_graph.mjs"
PACKAGES = ("graphology", "graphology-graphml", "graphology-gexf", "@xmldom/xmldom")


def find_node_modules(named: str | None, project: Path = ROOT) -> Path | None:
    """The first node_modules folder holding every one of PACKAGES: ``named`` (the value
    of GRAPHX_NODE_MODULES: the folder, or the npm prefix above it), then ``project``'s
    own node_modules, where `npm install` in the project folder puts them; None when
    neither holds them all (only GRAPHX_NODE_MODULES was looked at, so readers installed
    the usual way were reported missing)."""
    candidates = [Path(named)] if named else []
    candidates.append(project)
    for folder in candidates:
        if (folder / "node_modules").is_dir():
            folder = folder / "node_modules"
        if all((folder / p).is_dir() for p in PACKAGES):
            return folder
    return None


@pytest.fixture(scope="module")
def node_modules() -> str:
    """The node_modules folder with the readers (see find_node_modules)."""
    folder = find_node_modules(os.environ.get("GRAPHX_NODE_MODULES"))
    found = shutil.which("node") is not None and folder is not None
    require_or_skip(found, "GRAPHX_REQUIRE_NODE",
                    "node with " + ", ".join(PACKAGES) + " in GRAPHX_NODE_MODULES or "
                    f"{ROOT / 'node_modules'}")
    return str(folder)


def _install(prefix: Path, packages=PACKAGES) -> Path:
    for p in packages:
        (prefix / "node_modules" / p).mkdir(parents=True)
    return prefix / "node_modules"


def test_the_readers_are_found_in_the_projects_own_node_modules(tmp_path):
    project = tmp_path / "project"
    modules = _install(project)
    assert find_node_modules(None, project) == modules
    assert find_node_modules("", project) == modules
    # a GRAPHX_NODE_MODULES without them (CI's default before its npm install) falls back
    assert find_node_modules(str(tmp_path / "nowhere"), project) == modules


def test_graphx_node_modules_comes_first_as_folder_or_npm_prefix(tmp_path):
    project = tmp_path / "project"
    _install(project)
    prefix = tmp_path / "ci" / "node"
    named = _install(prefix)
    assert find_node_modules(str(named), project) == named  # CI: $scratch/node/node_modules
    assert find_node_modules(str(prefix), project) == named  # the npm prefix above it


def test_a_folder_missing_one_reader_is_not_found(tmp_path):
    _install(tmp_path / "project", PACKAGES[:-1])
    assert find_node_modules(None, tmp_path / "project") is None


@pytest.mark.node
@pytest.mark.parametrize("format", ["graphml", "gexf", "graphology"])
@pytest.mark.parametrize("build", [coverage_graph, hostile_graph])
def test_graphology_reads_every_node_and_edge(tmp_path, node_modules, format, build):
    G = build()
    path = tmp_path / ("graph.json" if format == "graphology" else f"graph.{format}")
    write_export(G, path, format=format)
    env = {**os.environ, "GRAPHX_NODE_MODULES": node_modules}
    done = subprocess.run(["node", str(CHECK), str(path)], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"nodes": len(G), "edges": G.number_of_edges()}
