"""The whole job in order: files -> items -> graph -> outputs, one stage after another.

Every command builds its corpus here, so `build`, `stats`, `related`, `map` and `export`
see the same graph for the same inputs and options.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .atomic import atomic_write
from .errors import InputError, StrictModeError
from .graph import build_graph
from .load import LoadReport, load
from .parse import DEFAULT_LIMITS, Limits

#: Called as progress(stage, done, total) while a long stage runs.
Progress = Callable[[str, int, int], None]


@dataclass
class Corpus:
    """A built corpus: the analysed graph and the load report that made it."""

    graph: nx.MultiDiGraph
    report: LoadReport
    timings: dict[str, float] = field(default_factory=dict)


def default_paths() -> list[str]:
    """seeds/ in the current folder, else the seeds/ shipped beside the package."""
    if os.path.isdir("seeds"):
        return ["seeds"]
    shipped = Path(__file__).resolve().parent.parent / "seeds"
    if shipped.is_dir():
        return [str(shipped)]
    raise InputError("no PATH given and no seeds/ folder here; name a folder of news items")


def parse_date_bound(text: str | None, *, end: bool = False) -> str:
    """A --since/--until value -> a comparable UTC ISO string ("" when not given).

    A bare date means the whole day: --until 2020-05-06 keeps that day's articles.
    """
    from .fields import to_utc_iso

    if not text:
        return ""
    iso = to_utc_iso(text)
    if not iso:
        raise InputError(f"cannot read the date {text!r}; use YYYY-MM-DD or an ISO-8601 time")
    if end and len(text.strip()) == 10:
        iso = iso[:10] + "T23:59:59Z"
    return iso


def filter_published(G: nx.MultiDiGraph, *, since: str = "", until: str = "") -> nx.MultiDiGraph:
    """A new graph keeping articles published in [since, until] and the nodes they touch.

    Articles of unknown date are left out once a bound is given; providers, topics and
    tags with no article left are left out too. With no bound, G itself is returned.
    """
    if not since and not until:
        return G
    keep = {
        n for n, a in G.nodes(data=True)
        if a.get("kind") == "article" and a.get("published")
        and (not since or a["published"] >= since) and (not until or a["published"] <= until)
    }
    for n in list(keep):
        keep.update(v for v in G.successors(n) if G.nodes[v].get("kind") != "article")
    H = G.subgraph(keep).copy()
    H.graph.update(since=since, until=until)
    return H


def build_corpus(
    paths: Sequence[str] | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    cache: bool | str = True,
) -> Corpus:
    """Load ``paths`` (default: seeds/) and build the coverage graph.

    ``cache`` is True for the default parse cache (see graphx.cache), a path for another
    one, or False to parse every file.

    Raises InputError for a missing path or a bad date, EmptyCorpusError when nothing loads.
    """
    paths = list(paths) if paths else default_paths()
    lo, hi = parse_date_bound(since), parse_date_bound(until, end=True)
    options = {"since": lo, "until": hi}
    on_load = (lambda done, total: progress("loading", done, total)) if progress else None
    parse_cache = None
    if cache:
        from .cache import ParseCache

        parse_cache = ParseCache(None if cache is True else cache, limits_key=repr(limits))
    try:
        items, report = load(
            paths, limits=limits, jobs=jobs, progress=on_load, options=options, cache=parse_cache
        )
    finally:
        if parse_cache is not None:
            parse_cache.close()
    G = build_graph(
        items,
        provenance={
            "fingerprint": report.fingerprint,
            "inputs": "; ".join(paths),
            "options": json.dumps(options, sort_keys=True),
        },
    )
    del items  # the graph holds what later stages need
    G = filter_published(G, since=lo, until=hi)
    return Corpus(G, report)


def check_strict(report: LoadReport) -> None:
    """Raise StrictModeError when any file was skipped (for --strict)."""
    skipped = report.skipped
    if skipped:
        first = skipped[0]
        raise StrictModeError(
            f"--strict: {len(skipped):,} file(s) skipped, first {first.path}: {first.reason}"
        )


def write_load_report(report: LoadReport, path: str | os.PathLike) -> None:
    """DIR/load-report.json, atomically."""
    atomic_write(path, json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")


def write_build(corpus: Corpus, out_dir: str | os.PathLike) -> list[str]:
    """Write every output of `graphx build` into ``out_dir``; return the paths, report last.

    Each file is written atomically, so an interrupted build leaves complete files only.
    """
    from .export import write_export
    from .render import write_map

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graphml, html, report = out / "coverage.graphml", out / "coverage.html", out / "load-report.json"
    write_export(corpus.graph, graphml)
    write_map(corpus.graph, html)
    write_load_report(corpus.report, report)
    return [str(graphml), str(html), str(report)]
