"""The whole job in order: files -> items -> graph -> outputs, one stage after another.

Every command builds its corpus here, so `build`, `stats`, `related`, `map` and `export`
see the same graph for the same inputs and options.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .atomic import atomic_write
from .errors import InputError, StrictModeError
from .graph import build_graph
from .load import LoadReport, load
from .parse import DEFAULT_LIMITS, Limits
from .views import date_bound, filter_dates

#: Called as progress(stage, done, total) while a long stage runs.
Progress = Callable[[str, int, int], None]


@dataclass
class Corpus:
    """A built corpus: the analysed graph and the load report that made it.

    ``current`` is True when build_corpus found the outputs in ``unless_current`` already
    made from this very corpus; the graph was then not built and is None.
    """

    graph: nx.MultiDiGraph | None
    report: LoadReport
    timings: dict[str, float] = field(default_factory=dict)
    current: bool = False
    #: Where this corpus's related engine is saved: (folder, key), or None (no cache).
    engine_place: tuple[Path, str] | None = None


OUTPUTS = ("coverage.graphml", "coverage.html", "report.md", "load-report.json")


def outputs_current(out_dir: str | os.PathLike, report: LoadReport) -> bool:
    """True when ``out_dir`` holds every build output, each made from this corpus with
    these options by this graphx version (the load report says so, and each other output
    carries the same fingerprint)."""
    out = Path(out_dir)
    try:
        old = json.loads((out / "load-report.json").read_text(encoding="utf-8"))
        new = report.to_dict()
        if any(old.get(k) != new[k] for k in ("graphx_version", "fingerprint", "inputs",
                                                 "options")):
            return False
        mark = new["fingerprint"].encode()
        for name in OUTPUTS[:-1]:
            with open(out / name, "rb") as fh:
                head = fh.read(1 << 20)
                fh.seek(max(0, os.fstat(fh.fileno()).st_size - 4096))
                if mark not in head and mark not in fh.read():
                    return False
    except (OSError, ValueError, AttributeError):
        return False
    return True


def default_paths() -> list[str]:
    """seeds/ in the current folder, else the seeds/ shipped beside the package."""
    if os.path.isdir("seeds"):
        return ["seeds"]
    shipped = Path(__file__).resolve().parent.parent / "seeds"
    if shipped.is_dir():
        return [str(shipped)]
    raise InputError("no PATH given and no seeds/ folder here; name a folder of news items")


def _gc_paused(func):
    """``func`` run with Python's cyclic garbage collector paused.

    Loading and building make millions of long-lived objects (records, node and edge
    attributes) and next to no cyclic garbage, yet each full collection walks every live
    object: paused, a 100k-item load and graph take ~25% less time.
    """
    @functools.wraps(func)
    def paused(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_gc_paused
def build_corpus(
    paths: Sequence[str] | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    jobs: int = 0,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    cache: bool | str = True,
    analyse: bool = True,
    seed: int = 0,
    unless_current: str | os.PathLike | None = None,
) -> Corpus:
    """Load ``paths`` (default: seeds/) and build the coverage graph.

    ``cache`` is True for the default parse cache (see graphx.cache), a path for another
    one, or False to parse every file. With ``analyse`` (the default) the graph gains
    similar edges, syndication groups, clusters and centrality. With ``unless_current``
    (an output folder), stop after loading when its outputs are current (see
    outputs_current): unchanged corpora are not rebuilt.

    Raises InputError for a missing path or a bad date, EmptyCorpusError when nothing loads.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    paths = list(paths) if paths else default_paths()
    lo = date_bound("--since", since, end=False) or ""
    hi = date_bound("--until", until, end=True) or ""
    options = corpus_options(lo, hi, seed=seed, analyse=analyse, limits=limits)
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
    lap("load")
    place = None
    if cache and report.stamp:
        from .engine_store import engine_folder, engine_key

        place = (engine_folder(parse_cache.path), engine_key(report.stamp, options))
    if unless_current is not None and outputs_current(unless_current, report):
        return Corpus(None, report, timings, current=True, engine_place=place)
    G = build_graph(
        items,
        provenance={
            "fingerprint": report.fingerprint,
            "inputs": "; ".join(paths),
            "options": json.dumps(options, sort_keys=True),
        },
    )
    del items  # the graph holds what later stages need
    if lo or hi:  # keeps articles in range, and the outlets and topics they touch
        G = filter_dates(G, lo or None, hi or None)
        G.graph.update(since=lo, until=hi)
    lap("graph")
    if analyse:
        from .analysis import add_analysis
        from .similar import add_similar_edges

        for stage, step in (("similarity", add_similar_edges), ("clustering", add_analysis)):
            if progress:
                progress(stage, 0, 1)
            step(G, seed=seed)
            lap(stage)
            if progress:
                progress(stage, 1, 1)
    return Corpus(G, report, timings, engine_place=place)


def corpus_options(since: str, until: str, *, seed: int, analyse: bool, limits: Limits) -> dict:
    """Everything besides the files that changes a built corpus, so an output can be traced
    to what made it (since/until as UTC ISO strings, "" for none)."""
    return {"since": since, "until": until, "seed": seed, "analyse": analyse,
            "limits": dataclasses.asdict(limits)}


def check_strict(report: LoadReport) -> None:
    """Raise StrictModeError when any file was skipped (for --strict)."""
    _strict(_skips(report))


def _skips(report: LoadReport) -> dict:
    """How many files were skipped, and the first with its reason (kept with an engine)."""
    skipped = report.skipped
    first = [skipped[0].path, skipped[0].reason] if skipped else []
    return {"files": len(report.files), "skipped": len(skipped), "first_skip": first}


def _strict(skips: dict) -> None:
    if skips.get("skipped"):
        path, reason = skips["first_skip"]
        raise StrictModeError(
            f"--strict: {skips['skipped']:,} file(s) skipped, first {path}: {reason}")


def related_engine(
    paths: Sequence[str] | None = None,
    *,
    jobs: int = 0,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    cache: bool | str = True,
    strict: bool = False,
    weights: dict | None = None,
):
    """The RelatedEngine of the analysed corpus at ``paths`` (default: seeds/).

    With ``cache``, an engine saved for these very files and options (by `graphx build`,
    or an earlier query) is loaded instead of loading and building the corpus (see
    graphx.engine_store); otherwise the engine is built, then saved. ``strict`` raises
    StrictModeError when any file was skipped.
    """
    from .engine_store import engine_folder, engine_key, load_engine
    from .load import corpus_stamp
    from .related import RelatedEngine

    paths = list(paths) if paths else default_paths()
    if cache:
        from .cache import default_cache_path

        stamp = corpus_stamp(paths)
        options = corpus_options("", "", seed=0, analyse=True, limits=limits)
        folder = engine_folder(default_cache_path() if cache is True else cache)
        saved = load_engine(folder, engine_key(stamp, options), weights=weights) if stamp else None
        if saved is not None:
            engine, about = saved
            if strict:
                _strict(about)
            return engine
    corpus = build_corpus(paths, jobs=jobs, limits=limits, progress=progress, cache=cache)
    if strict:
        check_strict(corpus.report)
    engine = RelatedEngine(corpus.graph, weights=weights)
    save_corpus_engine(corpus, engine)
    return engine


def save_corpus_engine(corpus: Corpus, engine) -> None:
    """Keep the related engine of ``corpus`` for later queries (when it has a place)."""
    if corpus.engine_place is not None:  # its arrays do not depend on the weights
        from .engine_store import save_engine

        save_engine(engine, *corpus.engine_place, about=_skips(corpus.report))


def write_load_report(report: LoadReport, path: str | os.PathLike) -> None:
    """DIR/load-report.json, atomically."""
    atomic_write(path, json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")


def map_related(G: nx.MultiDiGraph, nodes, *, engine=None, k: int = 5) -> dict:
    """The top ``k`` related stories, with their reasons, for each article among ``nodes``."""
    from .related import RelatedEngine

    engine = engine or RelatedEngine(G)
    return engine.related_to_nodes(nodes, limit=k)


def write_map_page(
    G: nx.MultiDiGraph, path: str | os.PathLike, *, engine=None, nodes=None, **options
) -> dict:
    """The coverage map of G with related-story panels for the articles it shows."""
    from .render import write_map

    return write_map(G, path, nodes=nodes,
                     related=lambda kept: map_related(G, kept, engine=engine), **options)


@_gc_paused
def write_build(corpus: Corpus, out_dir: str | os.PathLike) -> list[str]:
    """Write every output of `graphx build` into ``out_dir``; return the paths, report last.

    Each file is written atomically, so an interrupted build leaves complete files only.
    """
    from .coverage_report import report_markdown
    from .export import write_export

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in OUTPUTS}
    from .related import RelatedEngine

    clock = time.perf_counter()
    write_export(corpus.graph, paths["coverage.graphml"])
    engine = RelatedEngine(corpus.graph)
    write_map_page(corpus.graph, paths["coverage.html"], engine=engine)
    atomic_write(paths["report.md"], report_markdown(corpus.graph))
    write_load_report(corpus.report, paths["load-report.json"])
    corpus.timings["write"] = round(time.perf_counter() - clock, 3)
    clock = time.perf_counter()
    save_corpus_engine(corpus, engine)  # so `graphx related` on this corpus starts at once
    corpus.timings["index"] = round(time.perf_counter() - clock, 3)
    return [str(p) for p in paths.values()]


def focus_nodes(
    G: nx.MultiDiGraph, query: str, *, by: str | None = None, limit: int = 25, engine=None
) -> tuple[str, list[str]]:
    """(note, nodes) of the neighbourhood of ``query``: what it names, its ``limit`` related
    stories, and the outlets, topics and tags they touch. Raises NotFoundError."""
    from .related import RelatedEngine

    engine = engine or RelatedEngine(G)
    resolution = engine.resolve(query, by=by)
    note, rows = engine.related(query, by=by, limit=limit)
    core = list(dict.fromkeys([*resolution.nodes, *(r["id"] for r in rows)]))
    hubs = [h for n in core if G.nodes[n].get("kind") == "article" for h in G.successors(n)
            if G.nodes[h].get("kind") != "article"]
    return note, list(dict.fromkeys(core + hubs))


def export_graph(
    G: nx.MultiDiGraph,
    path: str | os.PathLike,
    *,
    format: str | None = None,
    view: str = "full",
    kinds: Sequence[str] | None = None,
    nodes: Sequence[str] | None = None,
    seed: int = 0,
) -> tuple[str, nx.Graph]:
    """Write G (or a focus, kind filter or view of it) with graphx.export; return (format, H).

    GEXF and graphology files get the map's kind of layout as node positions, so Gephi and
    sigma.js open them laid out.
    """
    from .export import export_format, write_export
    from .views import filter_kinds, outlets_view, stories_view, topics_view

    H: nx.Graph = G
    if nodes is not None:
        H = H.subgraph(nodes).copy()
    if view != "full":
        H = {"stories": stories_view, "outlets": outlets_view, "topics": topics_view}[view](H)
    if kinds:
        H = filter_kinds(H, kinds)
    used = format or export_format(path)
    if used in ("gexf", "graphology"):
        from .layout import cluster_layout

        pos = cluster_layout(H, seed=seed)
        if H is G:
            H = G.copy()  # positions go on a copy: the pipeline's graph stays as it was
        for n, (x, y) in pos.items():
            H.nodes[n].update(x=float(x), y=float(y))
    return write_export(H, path, format=format), H
