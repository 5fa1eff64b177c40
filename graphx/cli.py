"""The graphx command line: thin click commands that parse options, call the library, print."""

from __future__ import annotations

import functools
import importlib
import signal
import sys
import time

import click

from . import __version__
from .errors import GraphxError, NotFoundError
from .output import count_noun, write_rows
from .parse import DEFAULT_LIMITS, Limits

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Progress:
    """A progress line on stderr for stages that take more than about a second.

    Only on a terminal and never with --quiet, so pipes and logs stay clean.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < 1.0:
            return
        pct = 100 * done // max(total, 1)
        click.echo(f"\r{stage}: {done:,}/{total:,} ({pct}%)", nl=False, err=True)
        self.shown = True
        if done >= total:
            click.echo("", err=True)

    def close(self) -> None:
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)


def _fail(exc: GraphxError) -> None:
    code = 1 if isinstance(exc, NotFoundError) else 2
    message = str(exc)
    click.echo(f"Error: {message[:1].upper()}{message[1:]}", err=True)
    sys.exit(code)


def library_errors(func):
    """Turn graphx's own errors into one sentence on stderr and grep-like exit codes."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GraphxError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            # A terminal has echoed ^C mid-line; a pipe or log gets the one line alone.
            lead = "\n" if sys.stderr.isatty() else ""
            click.echo(f"{lead}Interrupted; outputs already written are complete.", err=True)
            sys.exit(130)

    return wrapper


CACHE_OPTION = click.option(
    "--cache/--no-cache", default=True, show_default=True,
    help="Reuse parsed files from the parse cache ($GRAPHX_CACHE, by default "
    "~/.cache/graphx/parse-cache.sqlite).",
)


JOBS_OPTION = click.option(
    "-j", "--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
    help="Processes that parse files (0: one per core, used for over 1,000 files to parse).",
)


LIMIT_HELP = {
    "max_file_bytes": "Skip files larger than this.",
    "max_front_matter_bytes": "Skip files whose front matter is longer than this.",
    "max_related": "Keep at most this many entries of a file's related list.",
    "max_text_chars": "Cut titles and excerpts to this many characters.",
    "max_depth": "Skip front matter nested deeper than this.",
}


def limit_options(func):
    """--max-file-bytes, --max-related, ...: one option per field of graphx.parse.Limits,
    handed to the command as one ``limits`` argument. They bound what one hostile file
    can cost; raise them for unusual but trusted corpora."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        values = {name: kwargs.pop(name) for name in LIMIT_HELP}
        return func(*args, limits=Limits(**values), **kwargs)

    for name in reversed(LIMIT_HELP):
        wrapper = click.option(
            "--" + name.replace("_", "-"), type=click.IntRange(1), metavar="N",
            default=getattr(DEFAULT_LIMITS, name), show_default=True, help=LIMIT_HELP[name],
        )(wrapper)
    return wrapper


def corpus_options(func):
    """PATH arguments and the options every corpus-reading command shares."""
    func = limit_options(func)
    options = [
        click.option("--since", metavar="DATE", help="Keep articles published on or after DATE."),
        click.option("--until", metavar="DATE", help="Keep articles published on or before DATE."),
        click.option("--strict", is_flag=True, help="Fail (exit 2) when any file is skipped."),
        JOBS_OPTION,
        click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr."),
        CACHE_OPTION,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def output_options(func):
    """--json / --nl / --csv: one flag picks the machine format; the default is a table."""
    for flag, name in (("--csv", "CSV"), ("--nl", "one JSON object per line"), ("--json", "JSON")):
        func = click.option(flag, "fmt", flag_value=flag[2:], help=f"Print {name}.")(func)
    return func


# Modules with C extensions that every corpus command loads. A Ctrl-C inside an extension's
# initialisation can surface as an ImportError with a traceback, or make Python exit by the
# signal instead of with code 130, so it is held back until they are loaded.
_HEAVY_IMPORTS = ("graphx.similar", "sklearn.feature_extraction.text")


def _import_uninterrupted(names) -> None:
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _corpus(paths, since, until, jobs, quiet, cache, limits, *, strict=False,
            unless_current=None):
    """Build the corpus for a command, with progress and warnings on stderr.

    With ``strict``, fail at once when any file was skipped (build checks later, after it
    has written the load report).
    """
    from .pipeline import build_corpus, check_strict

    _import_uninterrupted(_HEAVY_IMPORTS)
    corpus = _reporting(build_corpus, quiet, paths, since=since, until=until, jobs=jobs,
                        limits=limits, cache=cache, unless_current=unless_current)
    if strict:
        check_strict(corpus.report)
    return corpus


def _reporting(func, quiet, *args, **kwargs):
    """func(*args, progress=..., **kwargs) with progress and warnings on stderr."""
    import warnings

    progress = _Progress(not quiet)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            return func(*args, progress=progress, **kwargs)
    finally:
        progress.close()
        for w in caught:
            if not quiet:
                click.echo(f"warning: {w.message}", err=True)


def _focus_nodes(G, query, by, limit, quiet):
    """The nodes of --focus QUERY (None without one); the resolution note goes to stderr."""
    if not query:
        return None
    from .pipeline import focus_nodes

    note, nodes = focus_nodes(G, query, by=by, limit=limit)
    if note and not quiet:
        click.echo(note, err=True)
    return nodes


def _skip_note(report, quiet: bool, where: str) -> None:
    skipped = len(report.skipped)
    if skipped and not quiet:
        click.echo(f"{skipped:,} file(s) skipped; reasons in {where}", err=True)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="graphx")
def cli():
    """Turn a folder of news items into a link graph of related coverage.

    \b
    Example:
        graphx build                      # the seed corpus in seeds/ -> out/
        graphx build corpus/ -o maps/     # your own folder
        graphx stats corpus/ --json
    """


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
    help="Folder for the outputs.",
)
@click.option("--force", is_flag=True,
              help="Rebuild even when OUT already holds outputs of this very corpus.")
@corpus_options
@library_errors
def build(paths, out_dir, force, since, until, strict, jobs, quiet, cache, limits):
    """Build the coverage graph and write the map, GraphML and reports.

    PATHS are files, folders (read recursively) or globs; the default is seeds/.
    Writes OUT/coverage.graphml, OUT/coverage.html, OUT/report.md and
    OUT/load-report.json (every input file, loaded or skipped, with the reason).
    When OUT already holds the outputs of the same files, options and graphx version,
    nothing is rebuilt (--force rebuilds).

    \b
    Example:
        graphx build ../shared/corpora/covid -o out/covid
    """
    from .pipeline import check_strict, write_build

    corpus = _corpus(paths, since, until, jobs, quiet, cache, limits,
                     unless_current=None if force else out_dir)
    if corpus.current:
        if strict:
            check_strict(corpus.report)
        if not quiet:
            files = count_noun(len(corpus.report.files), "file")
            click.echo(f"{out_dir} is up to date: the same {files}, "
                       "options and graphx version (--force rebuilds)", err=True)
        return
    written = write_build(corpus, out_dir)
    if strict:
        check_strict(corpus.report)
    if not quiet:
        from .graph import summary

        s = summary(corpus.graph)
        files = len(corpus.report.files)
        parsed = files - corpus.report.from_cache
        click.echo(
            f"{files:,} files ({parsed:,} parsed, {corpus.report.from_cache:,} from the parse "
            f"cache): {corpus.report.loaded:,} loaded, {files - corpus.report.loaded:,} "
            f"skipped -> {s['articles']:,} articles ({s['articles_with_file']:,} with a file), "
            f"{s['providers']:,} providers, {s['topics']:,} topics, {s['tags']:,} tags",
            err=True,
        )
        for path in written:
            click.echo(f"wrote {path}", err=True)
        stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in corpus.timings.items())
        click.echo(f"took {sum(corpus.timings.values()):.1f} s ({stages})", err=True)
        _skip_note(corpus.report, quiet, written[-1])


SHOW_CHOICES = ["summary", "clusters", "stories", "providers", "topics"]


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--show", type=click.Choice(SHOW_CHOICES),
              help="Print one table in full (the default shows a short section of each).")
@corpus_options
@output_options
@library_errors
def stats(paths, show, since, until, strict, jobs, quiet, cache, fmt, limits):
    """Summarise a corpus: counts, story clusters, top stories, providers and topics.

    People see a short section of each table; --show picks one table, printed in full,
    which --json, --nl or --csv turn into data (without --show they print the counts).

    \b
    Example:
        graphx stats ../shared/corpora/covid
        graphx stats corpus/ --show clusters --csv
        graphx stats corpus/ --json
    """
    from .stats import stats_rows, stats_sections

    corpus = _corpus(paths, since, until, jobs, quiet, cache, limits, strict=strict)
    if show is None and fmt is None:
        for i, (title, columns, rows) in enumerate(stats_sections(corpus)):
            click.echo(("\n" if i else "") + title)
            write_rows(rows, columns, "table", sys.stdout, max_width=50)
    elif show in (None, "summary"):
        rows = stats_rows(corpus)
        if fmt == "json":
            import json

            click.echo(json.dumps({r["measure"]: r["value"] for r in rows}, indent=2))
        else:
            write_rows(rows, ["measure", "value"], fmt or "table", sys.stdout)
    else:
        from .coverage_report import analysis_rows

        columns, rows = analysis_rows(corpus.graph, show)
        write_rows(rows, columns, fmt or "table", sys.stdout)
    _skip_note(corpus.report, quiet, "graphx build's load-report.json")


RELATED_COLUMNS = ["query", "rank", "id", "url", "title", "provider", "published", "score", "why",
                   "group"]
TABLE_COLUMNS = ["rank", "score", "title", "provider", "published", "why"]


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("query", required=False)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--file", "query_file", type=click.File("r"),
              help="Answer one query per line of FILE ('-' for stdin); QUERY is then a PATH.")
@click.option("--by", type=click.Choice(["url", "title", "text", "topic", "provider"]),
              help="What QUERY is (detected when not given).")
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=10, show_default=True)
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE.")
@click.option("--until", metavar="DATE", help="Only articles published on or before DATE.")
@click.option("--provider", help="Only articles of this provider (name or domain).")
@click.option("--topic", help="Only articles with this topic.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--collapse", is_flag=True, help="One row per syndication group, naming its outlets.")
@click.option("--strict", is_flag=True, help="Fail (exit 2) when any corpus file is skipped.")
@JOBS_OPTION
@click.option("-q", "--quiet", is_flag=True, help="No notes or progress on stderr.")
@CACHE_OPTION
@output_options
@limit_options
@library_errors
def related(query, paths, query_file, by, limit, since, until, provider, topic, min_score,
            collapse, strict, jobs, quiet, cache, fmt, limits):
    """Stories related to QUERY: a URL, a title, keywords, a topic or an outlet.

    Each answer says why it is there. Exit code 1 when QUERY matches nothing.

    \b
    Example:
        graphx related "face recognition"
        graphx related https://www.theregister.com/AMP/2022/01/19/uk_police_lack_framework_for/
        graphx related --by provider reuters.com ../shared/corpora/covid --json
        graphx related -f queries.txt ../shared/corpora/covid --nl
    """
    from .pipeline import related_engine
    from .related import group_rows
    from .views import date_bound

    if query_file is not None:
        paths = ((query,) if query else ()) + tuple(paths)
    elif not query:
        raise click.UsageError("give a QUERY, or -f FILE with one query per line")
    options = {
        "by": by, "limit": limit, "since": date_bound("--since", since, end=False) or "",
        "until": date_bound("--until", until, end=True) or "", "provider": provider, "topic": topic,
        "min_score": min_score, "collapse": collapse,
    }
    _import_uninterrupted(("graphx.engine_store",))  # scikit-learn only if a query needs it
    engine = _reporting(related_engine, quiet, paths, jobs=jobs, limits=limits, cache=cache,
                        strict=strict)
    columns = RELATED_COLUMNS if fmt else TABLE_COLUMNS
    # Data in score order; a table, for reading, keeps each syndication group together.
    arrange = (lambda rows: rows) if fmt else group_rows
    if query_file is None:
        note, rows = engine.related(query, **options)
        if note and not quiet:
            click.echo(note, err=True)
        write_rows(arrange(rows), columns, fmt or "table", sys.stdout)
        return
    queries = [line.strip() for line in query_file if line.strip()]

    def all_rows():
        for _q, note, rows in engine.related_many(queries, **options):
            if note and not quiet:
                click.echo(note, err=True)
            yield from arrange(rows)

    write_rows(all_rows(), columns, fmt or "table", sys.stdout)


@cli.command("map", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_file", default="out/coverage.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--max-nodes", type=click.IntRange(1), default=2000, show_default=True,
              help="Keep the most central nodes (whole clusters where possible).")
@click.option("--hide", metavar="KINDS", default="",
              help="Comma-separated node kinds to leave out: topic,provider,tag.")
@click.option("--color-by", type=click.Choice(["cluster", "kind", "provider"]), default="cluster",
              show_default=True)
@click.option("--focus", metavar="QUERY",
              help="Map only the neighbourhood of a story, topic or outlet (as in `related`).")
@click.option("--by", type=click.Choice(["url", "title", "text", "topic", "provider"]),
              help="What --focus is (detected when not given).")
@click.option("--focus-limit", type=click.IntRange(1, 1000), default=25, show_default=True,
              help="How many related stories --focus keeps.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the layout.")
@corpus_options
@library_errors
def map_command(paths, out_file, max_nodes, hide, color_by, focus, by, focus_limit, seed, since,
                until, strict, jobs, quiet, cache, limits):
    """Write the interactive coverage map: one HTML page that works offline.

    \b
    Example:
        graphx map ../shared/corpora/covid -o covid.html
        graphx map corpus/ --hide topic,tag --max-nodes 500
        graphx map corpus/ --focus "face recognition" -o face.html
    """
    from .pipeline import write_map_page

    corpus = _corpus(paths, since, until, jobs, quiet, cache, limits, strict=strict)
    nodes = _focus_nodes(corpus.graph, focus, by, focus_limit, quiet)
    kinds = tuple(k.strip() for k in hide.split(",") if k.strip())
    stats = write_map_page(corpus.graph, out_file, nodes=nodes, max_nodes=max_nodes, hide=kinds,
                           color_by=color_by, seed=seed)
    if not quiet:
        from .render import omitted_text

        shown = omitted_text(stats) or f"showing all {stats['shown']:,} nodes"
        click.echo(f"wrote {out_file}: {shown}", err=True)


@cli.command("export", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_path", required=True, type=click.Path(),
              help="The file to write (.graphml, .gexf, .json), or a folder ending in / for CSV.")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "graphology",
                                                     "csv"]),
              help="The format (from the extension when not given).")
@click.option("--view", type=click.Choice(["full", "stories", "outlets", "topics"]), default="full",
              show_default=True, help="A projection: the story network, the outlet co-coverage "
              "network or the topic co-occurrence network.")
@click.option("--kind", "kinds", metavar="KINDS",
              help="Comma-separated node kinds to keep: article,provider,topic,tag.")
@click.option("--focus", metavar="QUERY", help="Export the neighbourhood of a story, topic or "
              "outlet (as in `related`).")
@click.option("--by", type=click.Choice(["url", "title", "text", "topic", "provider"]),
              help="What --focus is (detected when not given).")
@click.option("--focus-limit", type=click.IntRange(1, 10_000), default=25, show_default=True)
@corpus_options
@library_errors
def export_command(paths, out_path, fmt, view, kinds, focus, by, focus_limit, since, until,
                   strict, jobs, quiet, cache, limits):
    """Export the coverage graph for Gephi, Cytoscape, igraph, sigma.js or a spreadsheet.

    Lists become "; "-joined strings and dates ISO-8601 strings, so every tool reads every
    attribute with one type.

    \b
    Example:
        graphx export ../shared/corpora/covid -o covid.graphml
        graphx export corpus/ -o corpus.gexf --view stories
        graphx export corpus/ -o tables/ --kind article,provider
    """
    from .pipeline import export_graph

    corpus = _corpus(paths, since, until, jobs, quiet, cache, limits, strict=strict)
    nodes = _focus_nodes(corpus.graph, focus, by, focus_limit, quiet)
    kind_list = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    used, H = export_graph(corpus.graph, out_path, format=fmt, view=view, kinds=kind_list,
                           nodes=nodes)
    if not quiet:
        click.echo(f"wrote {out_path} ({used}: {H.number_of_nodes():,} nodes, "
                   f"{H.number_of_edges():,} edges)", err=True)
