"""The whole job in order: files -> items -> graph -> similar -> analysis, then outputs.

Every command builds its corpus here from one CorpusOptions, so `build`, `stats`,
`related`, `map` and `export` see the same graph for the same inputs and options.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import glob
import itertools
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

import networkx as nx

from . import __version__
from .aside import give_back
from .atomic import atomic_write, json_file_text, real_path
from .errors import EmptyCorpusError, InputError, NotFoundError, StrictModeError
from .files import MAX_OWN_JSON, LoadReport, as_paths, load, open_regular, read_regular_text
from .graph import build_graph
from .model import (
    ARTICLE,
    BUILD_ENGINE,
    BUILD_FILES,
    CHANGES,
    DEFAULT_LIMITS,
    OUTPUTS,
    Limits,
    articles,
    as_limits,
    date_bound,
    join_list,
    too_recent,
)
from .views import filter_dates
from .wording import count_noun

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
    #: The engine's text indexes, being made beside the analysis (build_corpus with
    #: ``engine``): a graphx.aside.Aside of graphx.related.index.text_parts, or None.
    engine_parts: object = None
    #: What was read when the paths named a build's output folder (build_inputs), or "".
    source: str = ""

    def engine(self, *, weights: dict | None = None):
        """The RelatedEngine of this corpus's graph, from the text indexes made beside the
        analysis when there are some."""
        from .related import RelatedEngine

        parts = None
        if self.engine_parts is not None:
            parts = self.engine_parts.result()
            self.engine_parts = None
            give_back()  # what making them freed, in a thread's arena or a child's pipe
        return RelatedEngine(self.graph, weights=weights, parts=parts)


#: What changed since the build before: written by every build but the first in a folder.


def outputs_current(out_dir: str | os.PathLike, report: LoadReport) -> bool:
    """True when ``out_dir`` holds every build output, each made from this corpus with
    these options by this graphx version (the load report says so, and each other output
    carries the same fingerprint)."""
    out = Path(out_dir)
    try:
        old = json.loads(read_regular_text(out / "load-report.json"))
        new = report.to_dict()
        if any(old.get(k) != new[k] for k in ("graphx_version", "graphx_code", "fingerprint",
                                                 "options", "other_names")):
            return False
        # The same files named another way ("news" in its folder, its full path from
        # another) are the same corpus: each spelling rebuilt everything, and a build of
        # no change wrote over the last update's changes.md.
        if not _same_inputs(old.get("inputs_resolved") or old.get("inputs"), report):
            return False
        mark = new["fingerprint"].encode()
        from .related.store import engine_complete, engine_sound, saved_about

        if not engine_complete(out / ENGINE):  # gone, damaged, or an older graphx's
            return False
        # A folder that changed since (a hidden file added) or too close to the build to
        # say: rebuilt, so that `related OUT` does not warn of a change for good.
        about = saved_about(out / ENGINE)
        if (about is None or about.get("fingerprint") != new["fingerprint"]
                or changed_folders(about)):  # another build's engine (a full disk kept it)
            return False
        if not engine_sound(out / ENGINE):  # an array damaged in place, at its size
            return False
        # stories.json must be this build's own (its stamp), not another build's of the
        # same files copied or linked in: up to date, it was kept, and the next build read
        # it as the folder's last.
        stamp = old.get("build")
        own = {"stories.json": f'"build": "{stamp}"'.encode()} if isinstance(stamp, str) else {}
        for name in OUTPUTS[:-1]:
            with open_regular(out / name) as fh:
                head = fh.read(1 << 20)
                fh.seek(max(0, os.fstat(fh.fileno()).st_size - 4096))
                tail = fh.read()
                # Whole, too: a copy cut short on a full disk kept its head's mark.
                # The mark is in the head or the tail (a Markdown report ends with it:
                # clusters.md of 100,000 articles holds it past its first megabyte, and
                # every build of them was rebuilt whole); stories.json's own stamp, near
                # its head.
                if (mark not in head and mark not in tail) or not tail.rstrip().endswith(
                        _ENDS.get(Path(name).suffix, b"")) or (
                        name in own and own[name] not in head):
                    return False
    except (OSError, ValueError, AttributeError, RecursionError):
        return False
    return True


#: How each kind of output ends when it is whole (a Markdown report ends with its
#: fingerprint line, which the mark check reads).
_ENDS = {".graphml": b"</graphml>", ".html": b"</html>", ".json": b"}"}


def default_paths() -> list[str]:
    """seeds/ in the current folder; InputError when there is none (never a corpus the user
    did not name, such as the one shipped with graphx)."""
    if os.path.isdir("seeds"):
        return ["seeds"]
    raise InputError("no PATH given and no seeds/ folder here: name the files or folders of "
                     "news items to read as PATH (a folder such as corpus/, files, or a glob)")


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


@dataclass(frozen=True)
class CorpusOptions:
    """Everything besides the files that decides the corpus a command builds.

    ``since``/``until`` keep articles published in that range (any date shape; kept as UTC
    ISO strings, "" for none); ``strict`` makes a skipped file an error (related_engine
    raises StrictModeError; after build_corpus, check_strict does); ``jobs`` is the number
    of parsing processes (0: automatic); ``cache`` is True for the default parse cache
    (graphx.cache), a path for another, False for none; ``seed`` seeds the clustering;
    ``dask`` is the address of a Dask scheduler to parse the files on (graphx.dask_workers:
    the results are the same). Raises InputError for a date it cannot read.
    """

    since: str = ""
    until: str = ""
    strict: bool = False
    jobs: int = 0
    cache: bool | str = True
    limits: Limits = DEFAULT_LIMITS
    seed: int = 0
    dask: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "limits", as_limits(self.limits))  # or a dict of its fields
        since = date_bound("--since", self.since or None, end=False) or ""
        until = date_bound("--until", self.until or None, end=True) or ""
        if since and until and since > until:
            raise InputError(f"--since {since} is after --until {until}: no article can be "
                             "in that range")
        object.__setattr__(self, "since", since)
        object.__setattr__(self, "until", until)

    def provenance(self, *, analyse: bool = True) -> dict:
        """What besides the files changes a built corpus, so an output can be traced to
        what made it (and a saved engine found again)."""
        return {"since": self.since, "until": self.until, "seed": self.seed,
                "analyse": analyse, "limits": dataclasses.asdict(self.limits)}


DEFAULT_OPTIONS = CorpusOptions()
#: About what the related engine's text indexes take per node while made (graphx.aside).
PARTS_BYTES = 4096


def _executor(options: CorpusOptions):
    """A context giving the executor to parse on: a Dask cluster's, or None (this machine)."""
    if not options.dask:
        return contextlib.nullcontext(None)
    from .dask_workers import dask_executor

    return dask_executor(options.dask)


@_gc_paused
def build_corpus(
    paths: Sequence[str] | None = None,
    options: CorpusOptions = DEFAULT_OPTIONS,
    *,
    analyse: bool = True,
    progress: Progress | None = None,
    unless_current: str | os.PathLike | None = None,
    engine: bool = False,
    out_dir: str | os.PathLike | None = None,
) -> Corpus:
    """Load ``paths`` (default: seeds/) and build the coverage graph, as ``options`` say.

    With ``analyse`` (the default) the graph gains similar edges, syndication groups,
    clusters and centrality. With ``unless_current`` (an output folder), stop after loading
    when its outputs are current (see outputs_current): unchanged corpora are not rebuilt.
    With ``engine``, the related engine's text indexes are made beside the analysis when
    the machine has a core and the memory to spare (graphx.aside; Corpus.engine).

    The stories take the ids and labels of the last build of these files and options
    (stories_of_build): the build folder ``paths`` name, else the one the parse cache
    remembers. ``out_dir`` (default ``unless_current``) is the folder a build writes into:
    remembered as the corpus's build, its stories are numbered there (write_build).

    Raises InputError for a missing path, EmptyCorpusError when nothing loads.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    out_dir = out_dir if out_dir is not None else unless_current

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    named = as_paths(paths) if paths else default_paths()
    paths, options, source = build_inputs(named, options)
    # The build whose story ids and labels this graph's stories take: the build folder
    # named, else the corpus's last build (the parse cache remembers it); `build` numbers
    # them itself, against its own folder (write_build).
    built_in = named[0] if source else None
    lo, hi = options.since, options.until
    provenance = options.provenance(analyse=analyse)
    on_load = (lambda done, total: progress("loading", done, total)) if progress else None
    parse_cache = None
    if options.cache:
        from .cache import ParseCache

        parse_cache = ParseCache(None if options.cache is True else options.cache,
                                 limits=options.limits)
    try:
        with _executor(options) as executor:
            items, report = load(paths, limits=options.limits, jobs=options.jobs,
                                 progress=on_load, options=provenance, cache=parse_cache,
                                 executor=executor)
        if parse_cache is not None:
            corpus_key = _corpus_key(report, provenance)
            if out_dir is not None:
                parse_cache.remember_build(corpus_key, os.path.realpath(out_dir))
            elif built_in is None:
                built_in = parse_cache.last_build(corpus_key)
    finally:
        if parse_cache is not None:
            parse_cache.prune()  # at most once a day: entries of files that are gone
            parse_cache.close()
    lap("load")
    place = None
    if options.cache and report.stamp and parse_cache.opened:  # engines live beside it
        from .related.store import engine_folder, engine_key

        place = (engine_folder(parse_cache.path), engine_key(report.stamp, provenance))
    if unless_current is not None and outputs_current(unless_current, report):
        return Corpus(None, report, timings, current=True, engine_place=place, source=source)
    G = build_graph(
        items,
        provenance={
            "fingerprint": report.fingerprint,
            "inputs": join_list(paths),
            "options": json.dumps(provenance, sort_keys=True),
            # what was read, said where the counts are quoted (report.md)
            "files": len(report.files),
            "files_skipped": len(report.skipped),
        },
        merges=report.merges,
    )
    del items  # the graph holds what later stages need
    if lo or hi:  # keeps articles in range, and the outlets and topics they touch
        kept = filter_dates(G, lo or None, hi or None)
        if not any(True for _ in articles(kept)):
            raise EmptyCorpusError(_none_in_range(G, lo, hi))
        G = kept
        G.graph.update(since=lo, until=hi)
    give_back()  # the records it was made from (most of the 3.5 GB a 1M load holds)
    lap("graph")
    parts = None
    if analyse and engine:
        from .aside import Aside
        from .related.index import text_parts

        parts = Aside(text_parts, G, extra=PARTS_BYTES * G.number_of_nodes())
    if analyse:
        from .analysis import add_analysis
        from .similar import add_similar_edges

        stages = (("similarity", add_similar_edges),
                  ("clustering", functools.partial(add_analysis, seed=options.seed)))
        try:
            for stage, step in stages:
                if progress:
                    progress(stage, 0, 1)
                step(G)
                give_back()
                lap(stage)
                if progress:
                    progress(stage, 1, 1)
        except BaseException:
            if parts is not None:
                parts.close()
            raise
        if out_dir is None and built_in is not None:
            from .changes import relabel_stories

            build = stories_of_build(built_in, report)
            if build is not None:
                relabel_stories(G, build)
    return Corpus(G, report, timings, engine_place=place, engine_parts=parts, source=source)


def _none_in_range(G: nx.MultiDiGraph, lo: str, hi: str) -> str:
    """Why --since/--until left nothing to build: the range, and the corpus's own dates."""
    asked = " ".join(f"{name} {value[:10]}" for name, value in (("--since", lo),
                                                                ("--until", hi)) if value)
    dates = sorted(d for a in articles(G) if (d := G.nodes[a].get("published")))
    found = (f"its {count_noun(len(dates), 'dated article')} appeared from {dates[0][:10]} "
             f"to {dates[-1][:10]}" if dates else "none of its articles has a date")
    return (f"{asked} keeps none of the corpus's "
            f"{count_noun(sum(1 for _ in articles(G)), 'article')}: {found}")


def check_strict(report: LoadReport, out_dir: str | os.PathLike | None = None) -> None:
    """Raise StrictModeError when any file was skipped (for --strict).

    With ``out_dir`` (a build's), write only its load-report.json first, so the reasons are
    there, and leave every other output as the last build left it: a build that fails
    publishes no map, graph or report made without the skipped files.
    """
    skips = _skips(report)
    if skips["skipped"] and out_dir is not None:
        from .atomic import make_folder

        check_output_folder(out_dir, report)
        # A folder holding another corpus's build keeps its load report: it says whose
        # outputs the folder holds (a mistyped -o cost that build its story ids).
        other = other_corpus(out_dir, report)
        if other:
            skips["kept"] = f"{out_dir} holds the build of {other}"
        else:
            make_folder(out_dir)
            path = Path(out_dir) / "load-report.json"
            # The outputs it leaves are the last build's: their fingerprint is kept, so
            # `related QUERY OUT` still answers from them (it refused them as "not the
            # build's"), and says the last --strict build failed.
            write_load_report(report, path, published=_published(out_dir),
                              build=build_stamp(out_dir) or "")
            skips["report"] = str(path)
    _strict(skips)


def _skips(report: LoadReport) -> dict:
    """How many files were skipped, and the first with its reason (kept with an engine)."""
    skipped = report.skipped
    first = [skipped[0].path, skipped[0].reason] if skipped else []
    return {"files": len(report.files), "skipped": len(skipped), "first_skip": first}


def _strict(skips: dict) -> None:
    if skips.get("skipped"):
        path, reason = skips["first_skip"]
        where = (f"; every skipped file with its reason in {skips['report']}, nothing else "
                 "written" if skips.get("report") else
                 f"; nothing written ({skips['kept']})" if skips.get("kept") else "")
        raise StrictModeError(
            f"--strict: {count_noun(skips['skipped'], 'file')} skipped, first {path}: "
            f"{reason}{where}")


def related_engine(
    paths: Sequence[str] | None = None,
    options: CorpusOptions = DEFAULT_OPTIONS,
    *,
    weights: dict | None = None,
    progress: Progress | None = None,
):
    """The RelatedEngine of the analysed corpus at ``paths`` (default: seeds/).

    With ``options.cache``, an engine saved for these very files and options (by `graphx
    build`, or an earlier query) is loaded instead of loading and building the corpus (see
    graphx.related.store); otherwise the engine is built, then saved. ``options.strict``
    raises StrictModeError when any file was skipped.
    """
    from .files import corpus_stamp, is_output_folder
    from .related.store import engine_folder, engine_key, load_engine

    paths = as_paths(paths) if paths else default_paths()
    if len(paths) == 1 and is_output_folder(paths[0]):
        return build_engine(paths[0], options, weights=weights)
    cache_path = None
    if options.cache:
        from .cache import cache_location, cache_problem

        cache_path = cache_location() if options.cache is True else options.cache
    if cache_path is not None and cache_problem(cache_path) is None:
        stamp = corpus_stamp(paths)
        folder = engine_folder(cache_path)
        key = engine_key(stamp, options.provenance()) if stamp else None
        saved = load_engine(folder, key, weights=weights) if key else None
        if saved is not None:
            engine, about = saved
            if options.strict:
                _strict(about)
            return engine
    corpus = build_corpus(paths, options, progress=progress, engine=True)
    if options.strict:
        check_strict(corpus.report)
    engine = corpus.engine(weights=weights)
    save_corpus_engine(corpus, engine)
    return engine


ENGINE = BUILD_ENGINE  # the folder of a build's outputs that holds its related engine


def build_engine(out_dir: str | os.PathLike, options: CorpusOptions = DEFAULT_OPTIONS, *,
                 weights: dict | None = None):
    """The RelatedEngine `graphx build` saved in ``out_dir``, as of that build: read without
    looking at the corpus's files (a query costs the same at any corpus size), checked like
    every saved engine. Its ``source`` says which build it is; a warning says when a folder
    of the build's inputs has changed since (a file added, removed or renamed in it), since
    an edit inside a file is seen only by the next build.

    Raises InputError when ``out_dir`` holds no usable engine or was built with other
    options than ``options``, StrictModeError with ``options.strict`` when the build
    skipped a file.
    """
    import warnings

    from .related.store import read_engine

    path = Path(out_dir) / ENGINE
    if not path.is_dir():
        if not any((Path(out_dir) / name).is_file() for name in OUTPUTS[:-1]):
            # Only a load report: the first build there failed --strict.
            raise InputError(f"no build has passed in {out_dir}: the one there failed "
                             f"--strict (its load-report.json names the skipped files); "
                             f"mend them, or `graphx build {out_dir}` without --strict")
        raise InputError(f"the build in {out_dir} has no related index: build it again "
                         "with this graphx version (graphx build --force)")
    try:
        engine, about = read_engine(path, weights=weights, any_key=True)
    except ValueError as exc:
        from .related.store import engine_folder_ok

        # A build replaces only an index it wrote: told to build again, the user met a
        # second refusal ("its engine is not a related index graphx wrote").
        again = ("build it again (graphx build --force)" if engine_folder_ok(path) else
                 f"move {path} away (a build replaces only an index it wrote), then build "
                 "again (graphx build --force)")
        raise InputError(f"the related index of the build in {out_dir} cannot be used "
                         f"({exc}): {again}") from None
    problem = _about_problem(about)
    if problem:
        raise InputError(f"the related index of the build in {out_dir} cannot be used "
                         f"({problem}): build it again (graphx build --force)")
    own, published = _report_fingerprints(out_dir)
    if about["fingerprint"] not in (own, published):
        raise InputError(f"the related index in {out_dir} is not the build's there (another "
                         f"corpus's, or an earlier build's that a failed save left): "
                         f"`graphx build {out_dir}` builds it again")
    if published and about["fingerprint"] == published:
        warnings.warn(f"the last --strict build into {out_dir} failed (the files it skipped "
                      f"are in {Path(out_dir) / 'load-report.json'}): these answers are as of "
                      "the build before it", stacklevel=2)
    _same_options(options, about.get("provenance"), out_dir)
    if options.strict:
        _strict(about)
    changed = changed_folders(about)
    when = about.get("built", "")
    engine.source = (f"the build in {out_dir} ({when}, "
                     f"{count_noun(about.get('loaded', 0), 'file')} loaded)")
    if changed:
        gone = [f for f in changed if not os.path.isdir(f)]
        # what the build read and no longer is there (a glob that still matches is: a
        # pattern is no path, and a file added to news/*.md read as "gone, name it anew")
        moved = [p for p in about.get("inputs", [])
                 if not os.path.exists(p) and not glob.glob(p, recursive=True)]
        more = f"; and {len(changed) - 1:,} more folder(s)" if len(changed) > 1 else ""
        if moved:  # a rebuild cannot bring back what moved away: say so, not "build again"
            warnings.warn(f"{moved[0]} is gone since the build in {out_dir} ({when}{more}): "
                          "these answers are as of that build; to build again, name the "
                          "corpus where it is now", stacklevel=2)
        elif gone:  # a folder inside the corpus, removed: the corpus changed
            warnings.warn(f"{gone[0]} is gone since the build in {out_dir} ({when}{more}): "
                          "these answers are as of that build, and `graphx build "
                          f"{out_dir}` brings it up to date", stacklevel=2)
        else:
            warnings.warn(f"{changed[0]} has changed since the build in {out_dir} ({when}"
                          f"{more}): these answers are as of that build, and `graphx build "
                          f"{out_dir}` brings it up to date", stacklevel=2)
    return engine


def _flat_options(provenance: dict) -> dict[str, object]:
    """A corpus's options (CorpusOptions.provenance) by the command-line option that sets
    each: {"--since": ..., "--max-related": ..., ...}."""
    flat = {f"--{k}": v for k, v in provenance.items() if k != "limits"}
    limits = provenance.get("limits")
    flat.update({"--" + k.replace("_", "-"): v
                 for k, v in (limits.items() if isinstance(limits, dict) else ())})
    return flat


def _same_options(options: CorpusOptions, built, out_dir) -> None:
    """InputError unless each of ``options`` is either its default (meaning: the build's
    own) or what the build in ``out_dir`` was made with (``built``, its recorded
    provenance). The sentence says what the build used."""
    asked = _flat_options(options.provenance())
    default = _flat_options(DEFAULT_OPTIONS.provenance())
    made = _flat_options(built if isinstance(built, dict) else {})
    other = [k for k, v in asked.items() if v != default.get(k) and v != made.get(k)]
    if other:
        def said(k, v):
            return f"no {k}" if v in ("", None) else f"{k} {v}"

        used = " and ".join(said(k, made.get(k)) for k in other)
        wanted = " and ".join(said(k, asked[k]) for k in other)
        raise InputError(f"the build in {out_dir} was made with {used}, not {wanted}: give "
                         "the build's options or none, or name the corpus's files")


def build_inputs(paths: Sequence[str], options: CorpusOptions
                 ) -> tuple[list[str], CorpusOptions, str]:
    """``paths`` and ``options`` as a corpus command reads them. When ``paths`` is one
    build's output folder, that is the files the build read (as they are now; as the build
    named them when they still name the same places from here) with the options it was
    made with, and a note saying so; otherwise they are returned as given, with no note.
    InputError when the folder's load report cannot say, when those files are gone, when
    other options than the build's are asked, or when a build folder is named among other
    paths (it stands for its corpus only alone)."""
    from .files import is_glob, is_output_folder

    if len(paths) != 1:
        for p in paths:
            if is_output_folder(p):
                raise InputError(f"the build in {p} is named with other paths: name it alone "
                                 "(it stands for the files it was made from), or name the "
                                 "corpus's files")
        return list(paths), options, ""
    out_dir = paths[0]
    if not is_output_folder(out_dir):
        return list(paths), options, ""

    def unreadable(why: str) -> InputError:
        return InputError(f"the build in {out_dir} has a load-report.json that does not say "
                          f"what it read ({why}): name the corpus's files")

    try:
        report = json.loads(read_regular_text(os.path.join(out_dir, "load-report.json")))
        typed, resolved = report["inputs"], report.get("inputs_resolved") or report["inputs"]
        built = report["options"]
        if not (isinstance(typed, list) and isinstance(resolved, list)
                and all(isinstance(p, str) and p and "\0" not in p
                        for p in [*typed, *resolved])):  # a NUL is in no path (it crashed)
            raise TypeError("inputs: not a list of paths")
        made = dataclasses.replace(options, since=str(built["since"]),
                                   until=str(built["until"]), seed=int(built["seed"]),
                                   limits=Limits(**built["limits"]))
    except OSError as exc:
        raise unreadable(exc.strerror or "it cannot be read") from None
    except json.JSONDecodeError:
        raise unreadable("it is no JSON") from None
    except KeyError as exc:
        raise unreadable(f"it has no {exc.args[0]!r}") from None
    except (ValueError, TypeError, AttributeError, RecursionError):
        raise unreadable("its inputs or options are not of the shapes graphx writes") from None
    except InputError:  # a saved option that is no option (a --since that is no date)
        raise unreadable("its options") from None
    if not resolved:
        raise InputError(f"the build in {out_dir} names no inputs: name the corpus's files")
    # As the build named them, when they still name the same places from here: the outputs
    # then record the same paths, and a rebuild finds them current.
    same = len(typed) == len(resolved) and all(
        os.path.realpath(t) == r for t, r in zip(typed, resolved, strict=True))
    inputs = list(typed if same else resolved)
    for p in inputs:
        if not is_glob(p) and not os.path.lexists(p):
            raise InputError(f"the files the build in {out_dir} was made from are not where "
                             f"they were ({p} is gone): name the corpus's files")
    _same_options(options, built, out_dir)
    shown = inputs[0] + (f" and {len(inputs) - 1:,} more" if len(inputs) > 1 else "")
    return inputs, made, f"reading {shown}, the files the build in {out_dir} was made from"


def _about_problem(about: dict) -> str:
    """What is wrong with a build engine's ``about`` record (engine_about), "" when
    nothing: every field a query reads, of the type it reads."""
    def whole(x) -> bool:
        return isinstance(x, int) and not isinstance(x, bool) and x >= 0

    folders = about.get("folders")
    if not (isinstance(folders, list) and all(
            isinstance(f, list) and len(f) == 2 and isinstance(f[0], str) and whole(f[1])
            for f in folders)):
        return "about.folders: not a list of [folder, time]"
    own = about.get("own_folders", [])
    if not (isinstance(own, list) and all(
            isinstance(f, list) and len(f) == 2 and isinstance(f[0], str) and whole(f[1])
            and any(f[0] == g[0] for g in folders) for f in own)):
        return "about.own_folders: not a list of [folder of the build, time]"
    for name, ok in (("loaded", whole), ("surveyed", whole), ("files", whole),
                     ("built", lambda x: isinstance(x, str) and _BUILT.fullmatch(x)),
                     ("fingerprint", lambda x: isinstance(x, str))):
        if not ok(about.get(name)):
            return f"about.{name}: not what a build writes"
    if about["loaded"] > about["files"]:  # "10**30 files loaded" was said as it came
        return "about.loaded: more files than the build read"
    return ""


#: When a build was made, as engine_about writes it ("2026-12-06 19:50 UTC").
_BUILT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")


_FINGERPRINT = re.compile(rb'"fingerprint":\s*"([0-9a-f]{1,64})"(?:,\s*"published":\s*'
                          rb'"([0-9a-f]{1,64})")?')


def _report_fingerprints(out_dir) -> tuple[str | None, str | None]:
    """(the corpus fingerprint ``out_dir``'s load-report.json names, the fingerprint of
    the outputs it holds when a failed --strict build wrote it, else None), read from its
    head, where graphx writes them: the whole report is megabytes at 100k files."""
    try:
        with open_regular(Path(out_dir) / "load-report.json") as fh:
            found = _FINGERPRINT.search(fh.read(1 << 16))
            if found is None:
                fh.seek(0)
                found = _FINGERPRINT.search(fh.read(MAX_OWN_JSON))
    except OSError:
        return None, None
    if found is None:
        return None, None
    return found.group(1).decode(), found.group(2).decode() if found.group(2) else None


#: A build's stamp as load-report.json, stories.json and changes.json carry it.
_BUILD = re.compile(rb'"build":\s*"([0-9a-f]{32})"')


def stamp_of_build(state: dict) -> str:
    """The stamp of a build whose stories are ``state`` (its stories.json but the stamp): a
    digest of that text, written into each piece of the build's saved state
    (load-report.json, stories.json, changes.json), so that a later build reads only its
    folder's own as its last (of_last_build). Made of what the build wrote, not drawn at
    random: a build writes the same bytes each time (forked or not), and only another
    folder's stories of the same files and the same ids, harmless, could pass for these."""
    import hashlib

    from .output import json_pieces

    h = hashlib.blake2b(digest_size=16)
    for piece in json_pieces(state):  # in pieces: a large build's text is never held whole
        h.update(piece.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def build_stamp(out_dir) -> str | None:
    """The stamp of the build whose outputs ``out_dir`` holds, as its load-report.json
    names it (from its head, where graphx writes it), or None: no load report, or one
    written before builds were stamped."""
    try:
        with open_regular(Path(out_dir) / "load-report.json") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return None
    found = _BUILD.search(head[:head.find(b'"files"')] if b'"files"' in head else head)
    return found.group(1).decode() if found else None


def of_last_build(state: dict, out_dir) -> bool:
    """Whether ``state`` (a stories.json read in ``out_dir``) is the one the last build in
    ``out_dir`` wrote: its stamp is the one the folder's load-report.json names (for a
    folder built before builds were stamped: its fingerprint is that of the outputs the
    load report says the folder holds). Another folder's stories.json, copied in or linked
    to, renumbered every story and wrote a changes.md of the other corpus's articles."""
    stamp = build_stamp(out_dir)
    if stamp is not None:
        return state.get("build") == stamp
    own, published = _report_fingerprints(out_dir)
    held = published or own
    return held is not None and "build" not in state and state.get("fingerprint") == held


def _published(out_dir) -> str:
    """The fingerprint of the outputs ``out_dir`` holds (its load report's, or what an
    earlier failed --strict build kept), "" when it holds none."""
    own, published = _report_fingerprints(out_dir)
    return published or own or ""


def changed_folders(about: dict) -> list[str]:
    """The input folders of a build (as its engine's ``about`` records them) that are gone
    or have another modification time now, or that changed too close to the build to say."""
    surveyed = about.get("surveyed", 0)
    # A folder the build made its output folder in, trusted before: its time after that.
    own = dict(map(tuple, about.get("own_folders", [])))
    changed = []
    for folder, mtime in about.get("folders", []):
        try:
            now = os.stat(folder).st_mtime_ns
        except OSError:
            now = None
        if folder in own:
            if now != own[folder]:
                changed.append(folder)
        elif now != mtime or too_recent(mtime, surveyed):
            changed.append(folder)
    return changed


def engine_about(corpus: Corpus) -> dict:
    """What a build's saved engine keeps about the build (build_engine reads it)."""
    from datetime import datetime

    report = corpus.report
    return {**_skips(report), "loaded": report.loaded, "fingerprint": report.fingerprint,
            "inputs": [os.path.realpath(p) for p in report.inputs],
            "provenance": json.loads(corpus.graph.graph.get("options", "{}")),
            "folders": report.folders, "own_folders": report.own_folders,
            "surveyed": report.surveyed,
            "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}


def save_corpus_engine(corpus: Corpus, engine) -> None:
    """Keep the related engine of ``corpus`` for later queries (when it has a place)."""
    if corpus.engine_place is not None:  # its arrays do not depend on the weights
        from .related.store import save_engine

        save_engine(engine, *corpus.engine_place, about=_skips(corpus.report))


def write_load_report(report: LoadReport, path: str | os.PathLike, *,
                      published: str = "", build: str = "") -> None:
    """DIR/load-report.json, atomically. Besides the inputs as given, it keeps where they
    are (``inputs_resolved``), so a later build can tell another corpus's outputs; with
    ``published`` (a failed --strict build's), the fingerprint of the outputs the folder
    still holds, right after its own; with ``build``, the stamp of the build whose outputs
    the folder holds (stamp_of_build), after those (all three read from the file's
    head)."""
    data = {}
    for key, value in report.to_dict().items():
        data[key] = value
        if key == "fingerprint" and published:
            data["published"] = published
        if key == "fingerprint" and build:
            data["build"] = build
    data["inputs_resolved"] = [os.path.realpath(p) for p in report.inputs]
    atomic_write(path, json_file_text(data, indent=1) + "\n")


def other_corpus(out_dir: str | os.PathLike, report: LoadReport) -> str:
    """The inputs of the build whose outputs ``out_dir`` holds, when they are another
    corpus's (none of its inputs is, holds or lies in one of ``report``'s); else ""."""
    try:
        old = json.loads(read_regular_text(Path(out_dir) / "load-report.json"))
        before = [str(p) for p in old["inputs_resolved"]]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return ""
    now = [os.path.realpath(p) for p in report.inputs]

    def overlap(a: str, b: str) -> bool:
        return a == b or a.startswith(b.rstrip(os.sep) + os.sep) or \
            b.startswith(a.rstrip(os.sep) + os.sep)

    if any(overlap(a, b) for a in before for b in now):
        return ""
    return join_list(str(p) for p in old.get("inputs", before))


#: The share of an earlier build's articles still in the graph that makes a build of other
#: inputs the same corpus, moved (write_build).
SAME_CORPUS_SHARE = 0.5


def _same_articles(state: dict, G: nx.MultiDiGraph) -> bool:
    """Whether most articles of the build ``state`` (a story_state) are G's."""
    known = state["articles"]
    return bool(known) and sum(1 for a in known if a in G) >= SAME_CORPUS_SHARE * len(known)


def _resolved(paths) -> list[str]:
    """Where ``paths`` lead, each once, in order: one corpus however its inputs are named
    ("news", its full path, "./news/"), ordered ("b a" after "a b") or repeated."""
    return sorted({os.path.realpath(p) for p in paths})


def _same_inputs(recorded: object, report: LoadReport) -> bool:
    """Whether the inputs a load report recorded (``inputs_resolved``) are ``report``'s,
    however named; never for what is no list of paths (a load report edited by hand:
    [1, "a"] raised TypeError)."""
    return (isinstance(recorded, list) and all(isinstance(p, str) for p in recorded)
            and sorted(set(recorded)) == _resolved(report.inputs))


def _corpus_key(report: LoadReport, provenance: dict) -> str:
    """What names a corpus for the parse cache's memory of its last build: where its
    inputs are and the options it is built with."""
    import hashlib

    text = json.dumps([_resolved(report.inputs), provenance], sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def stories_of_build(out_dir: str | os.PathLike, report: LoadReport) -> dict | None:
    """The stories (a story_state) of the build in ``out_dir`` when it is a build of the
    corpus ``report`` loaded (the same inputs) and they are graphx's and that build's own
    (of_last_build); else None, said by nothing: the graph's stories are then numbered
    afresh, as they were before any build."""
    from .changes import valid_state

    try:
        old = json.loads(read_regular_text(Path(out_dir) / "load-report.json"))
        if not _same_inputs(old.get("inputs_resolved"), report):
            return None
        state = json.loads(read_regular_text(Path(out_dir) / "stories.json"))
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return state if valid_state(state) and of_last_build(state, out_dir) else None


def read_story_state(out_dir: str | os.PathLike) -> dict | None:
    """The stories of the build before in ``out_dir`` (its stories.json), or None when
    there is none; one that graphx cannot have written, or that is not the last build's in
    ``out_dir`` (of_last_build: another folder's, copied in or linked to), is ignored
    with a warning."""
    import warnings

    from .changes import valid_state

    path = Path(out_dir) / "stories.json"
    try:
        state = json.loads(read_regular_text(path))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:  # RecursionError: nesting past
        state = exc  # what Python decodes (a crafted file)
    if not valid_state(state):
        warnings.warn(f"ignoring {path}, which is not the stories of a graphx build; story "
                      "ids start afresh", stacklevel=2)
        return None
    if not of_last_build(state, out_dir):
        warnings.warn(f"ignoring {path}, which is not the stories of the last build in "
                      f"{out_dir} (its load-report.json names another build: a copy from "
                      "another folder?); story ids start afresh", stacklevel=2)
        return None
    return state


#: About what writing GraphML and the reports takes per node (graphx.aside).
GRAPHML_BYTES = 2048


def check_output_folder(out_dir: str | os.PathLike, report: LoadReport) -> None:
    """OutputError unless a build of ``report``'s corpus may write into ``out_dir``
    (graphx.outfolder: only over graphx's own outputs, never into a corpus folder)."""
    from .outfolder import check_output_folder as check

    # The corpus's folders: those named as inputs, and those holding its files (an empty
    # subfolder of one, made for the outputs, is not one).
    real = real_path(out_dir)
    folders = [p for p in report.inputs if os.path.isdir(p)]
    if any(os.path.realpath(f) == real for f, _ in report.folders):
        folders += [os.path.dirname(f.path) for f in report.files
                    if os.path.dirname(os.path.realpath(f.path)) == real]
    check(out_dir, BUILD_FILES, ENGINE, folders)


def _make_output_folder(out_dir: str | os.PathLike, report: LoadReport) -> list:
    """Make ``out_dir``; when that adds it to a folder of the corpus (`graphx build .` in
    the folder of the items), [[that folder, its time after]], else []. The build's own
    out/ read as a change to the corpus: a warning that it had changed, right after the
    build, and a second full build. Given only when nothing else changed the folder since
    it was read, and its time then was one to trust (changed_folders trusts it then)."""
    from .atomic import make_folder

    top = os.path.abspath(out_dir)
    while not os.path.exists(top) and os.path.dirname(top) != top:
        top = os.path.dirname(top)
    try:
        before = os.stat(top).st_mtime_ns
    except OSError:
        before = None
    make_folder(out_dir)
    for folder, mtime in report.folders:
        if folder == top and mtime == before and not too_recent(mtime, report.surveyed):
            with contextlib.suppress(OSError):
                after = os.stat(top).st_mtime_ns
                return [[top, after]] if after != before else []
    return []


def remove_leftovers(out_dir: str | os.PathLike) -> None:
    """Remove the temporary files and engine folders that killed builds left in ``out_dir``
    (only graphx's own, whose writer is gone): a build that finds its outputs up to date
    writes nothing, so it sweeps them here instead."""
    from .atomic import remove_stale_temps
    from .related.store import remove_stale_engine_folders

    for name in BUILD_FILES:
        remove_stale_temps(Path(out_dir) / name)
    remove_stale_engine_folders(Path(out_dir) / ENGINE)


def _write_graph_files(G: nx.MultiDiGraph, paths: dict) -> None:
    """coverage.graphml, report.md and clusters.md (inside write_build's replacing_together)."""
    from .coverage_report import report_markdown, stories_markdown
    from .export import write_graphml

    write_graphml(G, paths["coverage.graphml"])
    atomic_write(paths["report.md"], report_markdown(G))
    atomic_write(paths["clusters.md"], stories_markdown(G))


@_gc_paused
def write_build(corpus: Corpus, out_dir: str | os.PathLike, *,
                progress: Progress | None = None) -> list[str]:
    """Write every output of `graphx build` into ``out_dir``; return the paths, report last.
    ``progress`` is called with each step's name as the stage.

    Stories keep the ids and labels they had in the build before in ``out_dir``
    (graphx.changes), and what changed since is written to changes.json and changes.md.
    The related engine is saved as the folder ENGINE (build_engine reads it back). The
    outputs replace the old ones together, at the end: an interrupted or failed build
    (a full disk) leaves the previous complete set in place. Warns when ``out_dir`` held
    another corpus's outputs. Raises OutputError when ``out_dir`` cannot be written.
    """
    import warnings

    from .aside import Aside, stop_all
    from .atomic import replacing_together
    from .changes import changes, relabel_stories, story_state
    from .coverage_report import changes_markdown
    from .output import json_pieces
    from .related.store import (
        discard_engine,
        identities,
        link_engine,
        new_engine_folder,
        replace_engine,
        vouch,
        write_engine,
    )
    from .render import coverage_map

    check_output_folder(out_dir, corpus.report)
    corpus.report.own_folders[:] = _make_output_folder(out_dir, corpus.report)
    paths = {name: Path(out_dir) / name for name in OUTPUTS}
    other = other_corpus(out_dir, corpus.report)
    G = corpus.graph
    before = read_story_state(out_dir)
    if other and before is not None and _same_articles(before, G):
        # The corpus moved (a folder renamed, a project synced to another disk): its
        # stories keep their ids, where they restarted and went to other stories.
        warnings.warn(f"{out_dir} held the build of {other}, whose articles these are: "
                      "read as the same corpus, moved; its story ids are kept", stacklevel=2)
    elif other:
        warnings.warn(f"{out_dir} held the outputs of another corpus ({other}); "
                      "replacing them", stacklevel=2)
        before = None
    relabel_stories(G, before)
    state = {"fingerprint": corpus.report.fingerprint, **story_state(G)}
    stamp = stamp_of_build(state)
    state = {"fingerprint": state.pop("fingerprint"), "build": stamp, **state}
    clock = time.perf_counter()

    def step(name: str) -> None:
        if progress:
            progress(name, 0, 1)
    with contextlib.ExitStack() as held:
        held.callback(stop_all)  # whatever happens, no child outlives the build's writing
        written = None
        # GraphML and the reports are written beside the rest, when a core is free: started
        # first, they take about as long as the engine and the map together.
        with replacing_together(), Aside(_write_graph_files, G, paths,
                                         extra=GRAPHML_BYTES * G.number_of_nodes()) as files:
            # Written first, though listed last: the text of a million files' entries
            # (0.27 GB on top of everything else at the end of a 1M build, taking the
            # peak to a new high) comes before the engine.
            write_load_report(corpus.report, paths["load-report.json"], build=stamp)
            graph_files_first = (not files.forked and corpus.engine_parts is not None
                                 and corpus.engine_parts.start_thread(
                                     extra=PARTS_BYTES * G.number_of_nodes()))
            if graph_files_first:
                # Too large a build to fork beside (a million items), on a machine with the
                # memory: the engine's text indexes, numpy for the most part, are made in a
                # thread while this one writes GraphML and the reports, in Python.
                step("writing GraphML and the reports")
                files.result()
                give_back()
            step("writing the related index")
            engine = corpus.engine()
            give_back()  # what making it freed (0.14 GB at 300k), before its arrays are packed
            # The engine is written early, beside the old one, and renamed into place once
            # the other outputs are: files written this long before the end of the build can
            # be vouched for (graphx.related.store.vouch), so no query need read every array.
            try:
                new_engine = held.enter_context(new_engine_folder(Path(out_dir) / ENGINE))
                # Saved under its corpus's key, so the saved engines can hold it too.
                key = corpus.engine_place[1] if corpus.engine_place is not None else ENGINE
                write_engine(engine, new_engine, key, engine_about(corpus))
                if corpus.engine_place is not None:  # `related PATHS` finds it there too
                    link_engine(new_engine, *corpus.engine_place)
                written = identities(new_engine)
            except OSError as exc:
                discard_engine(Path(out_dir) / ENGINE)  # the last build's: now out of date
                warnings.warn(f"could not save the related index in {out_dir} ({exc}); "
                              f"`graphx related QUERY {out_dir}` will say so until a build "
                              "saves one", stacklevel=2)
            give_back()
            step("writing the map")
            coverage_map(G, engine=engine).save(paths["coverage.html"])
            step("writing the story list")
            atomic_write(paths["stories.json"], itertools.chain(json_pieces(state), ["\n"]))
            if before is not None:
                change = changes(before, G)
                paths.update({name: Path(out_dir) / name for name in CHANGES})
                # Traced to what made it, as every output is (after its counts, which
                # graphx reads first to know the file for its own).
                change = {**change, "fingerprint": corpus.report.fingerprint,
                          "graphx_version": __version__, "build": stamp}
                atomic_write(paths["changes.json"],
                             json_file_text(change, indent=1) + "\n")
                atomic_write(paths["changes.md"], changes_markdown(change, G))
            if not graph_files_first:
                step("writing GraphML and the reports")
                files.result()
            paths["load-report.json"] = paths.pop("load-report.json")  # said last
        if before is None:  # no build before to compare with: what changed before it is gone
            for name in CHANGES:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(Path(out_dir) / name)  # graphx's own (check_output_folder)
        if written is not None:
            try:
                replace_engine(new_engine, Path(out_dir) / ENGINE)
                vouch(Path(out_dir) / ENGINE, written)
                if corpus.engine_place is not None:
                    vouch(Path(corpus.engine_place[0]) / corpus.engine_place[1], written)
            except OSError as exc:
                discard_engine(Path(out_dir) / ENGINE)
                warnings.warn(f"could not save the related index in {out_dir} ({exc}); "
                              f"`graphx related QUERY {out_dir}` will say so until a build "
                              "saves one", stacklevel=2)
    if progress:
        progress("writing", 1, 1)
    corpus.timings["write"] = round(time.perf_counter() - clock, 3)
    return [str(p) for p in paths.values()]


def focus_nodes(
    G: nx.MultiDiGraph, query: str, *, by: str | None = None, limit: int = 25, engine=None
) -> tuple[str, list[str], str]:
    """(note, nodes, kept) of the neighbourhood of ``query``: what it names, its ``limit``
    related stories, and the outlets, topics and tags they touch; ``kept`` says what the
    focus kept, for a page's title ("focus on the outlet 'Reuters' (119 articles): 25 of
    its articles"). Raises NotFoundError."""
    from .related import RelatedEngine
    from .related.engine import DEFAULT_FLOOR

    engine = engine or RelatedEngine(G)
    resolution = engine.resolve(query, by=by)
    note, rows = engine.related(query, by=by, limit=limit)
    # A story's own articles come first, up to the limit: scored under the floor, 22 of
    # the Moderna story's 31 were left out, and the page's panel called the 9 the story.
    story: list[str] = []
    if resolution.kind in ("url", "title"):
        cid = G.nodes[resolution.nodes[0]].get("cluster", -1)
        if isinstance(cid, int) and cid >= 0:
            story = sorted((n for n in articles(G) if G.nodes[n].get("cluster") == cid
                            and n not in resolution.nodes),
                           key=lambda n: (G.nodes[n].get("published") or "~", n))
            story = story[:limit]
    rows = [r for r in rows if r["id"] not in story][:max(limit - len(story), 0)]
    # Said every time: a focus keeps a part (an outlet's 25 articles of 119), never all.
    others = count_noun(len(rows), "related article")
    sets = ("topic", "provider", "story")  # queries whose answers are their members
    kept = (f"{len(rows):,} of its articles" if resolution.kind in sets else
            count_noun(len(rows), "article") if resolution.kind == "text" else  # no "it"
            f"it, {len(story):,} more of its story and {others}" if story else
            f"it and {others}")
    # Fewer than the limit: the rest scored under the floor, and the note says so.
    short = (f"; the rest score under {DEFAULT_FLOOR}"
             if len(story) + len(rows) < limit and resolution.kind not in sets
             else "")
    kept = f"focus on {engine.describe(resolution)}: {kept}"
    note = "; ".join(filter(None, [note, f"{kept} (--focus-limit {limit}{short})"]))
    named = resolution.nodes if resolution.kind != "story" else ()  # "story:12": no node
    core = list(dict.fromkeys([*named, *story, *(r["id"] for r in rows)]))
    if not core:  # keywords no article answers well enough: nothing found, as `related`
        # says (an empty map or GraphML was written, exit 0)
        raise NotFoundError(f"nothing to keep: {kept}{short}")
    hubs = [h for n in core if G.nodes[n].get("kind") == ARTICLE for h in G.successors(n)
            if G.nodes[h].get("kind") != ARTICLE]
    return note, list(dict.fromkeys(core + hubs)), kept
