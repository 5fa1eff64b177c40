"""graphx: turn a folder of news items into a link graph of related coverage.

The public API, in the order data flows (README, *Python API*)::

    items, report = graphx.load(["corpus/"])        # files -> items and the load report
    G = graphx.build_graph(items)                    # items -> the coverage graph
    corpus = graphx.build_corpus(["corpus/"])        # load, graph, similar edges, analysis
    engine = graphx.RelatedEngine(corpus.graph)      # stories related to X
    graphx.coverage_map(corpus.graph).save("map.html")
    graphx.write_export(corpus.graph, "corpus.graphml")

Names are loaded on first use, so that starting the command line imports nothing heavy
before it can handle Ctrl-C; no public name is also the name of a submodule, so importing
one never hides another.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_HOMES = {
    "GraphxError": "errors", "InputError": "errors", "EmptyCorpusError": "errors",
    "NotFoundError": "errors", "StrictModeError": "errors",
    "Limits": "model", "DEFAULT_LIMITS": "model",
    "Item": "records",
    "load": "files", "LoadReport": "files",
    "build_graph": "graph", "own_edge_data": "graph",
    "CorpusOptions": "pipeline", "Corpus": "pipeline", "build_corpus": "pipeline",
    "related_engine": "pipeline", "write_build": "pipeline", "check_strict": "pipeline",
    "RelatedEngine": "related",
    "coverage_map": "render", "CoverageMap": "render",
    "write_export": "export",
}

__all__ = ["__version__", *_HOMES]


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'graphx' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # found once; later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
