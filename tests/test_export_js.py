"""graphology (what sigma.js apps use) reads our GraphML, GEXF and graphology JSON in Node.

Needs node and a folder holding graphology, graphology-graphml, graphology-gexf and
@xmldom/xmldom, named by GRAPHX_NODE_MODULES; skipped without them unless
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

pytestmark = pytest.mark.node

CHECK = Path(__file__).resolve().parent / "js" / "check_graph.mjs"
PACKAGES = ("graphology", "graphology-graphml", "graphology-gexf", "@xmldom/xmldom")


@pytest.fixture(scope="module")
def node_modules() -> str:
    """The node_modules folder (GRAPHX_NODE_MODULES may name it or the npm prefix above it)."""
    folder = Path(os.environ.get("GRAPHX_NODE_MODULES", "") or "/nonexistent")
    if (folder / "node_modules").is_dir():
        folder = folder / "node_modules"
    found = shutil.which("node") is not None and all((folder / p).is_dir() for p in PACKAGES)
    require_or_skip(found, "GRAPHX_REQUIRE_NODE",
                    "node with " + ", ".join(PACKAGES) + " in GRAPHX_NODE_MODULES")
    return str(folder)


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
