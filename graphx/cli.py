"""The graphx command line: thin click commands that parse options, call the library, print."""

from __future__ import annotations

import contextlib
import errno
import functools
import importlib
import os
import re
import signal
import sys
import time
from collections.abc import Iterator

import click

from . import __version__
from .coverage_report import SHOW
from .errors import GraphxError, InputError, NotFoundError
from .export import FOLDER_FORMATS, FORMATS, VIEWS
from .model import DEFAULT_LIMITS, MAX_DEPTH, NODE_KINDS, Limits, date_bound
from .output import visible, write_rows
from .related import BY_ALIASES, DEFAULT_FLOOR, FIELDS, KINDS, check_published_range, titled
from .render import COLOR_BY
from .wording import count_noun

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Progress:
    """A progress line on stderr for stages that take more than about a second.

    Only on a terminal and never with --quiet, so pipes and logs stay clean. The line is
    rewritten in place and cleared when its stage ends, so a finished build leaves only
    its summary. A stage without counts (total 1) shows its name alone.
    """

    def __init__(self, enabled: bool, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if done >= total:
            self.close()
        elif time.monotonic() - self.started >= 1.0:
            counts = f": {done:,}/{total:,} ({100 * done // total}%)" if total > 1 else " ..."
            self._put(f"\r\033[K{visible(stage)}{counts}")
            self.shown = True

    def close(self) -> None:
        if self.shown:
            self._put("\r\033[K")
            self.shown = False

    def _put(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


_GLUE = "\ue000"  # a private-use character, no space: _wrap does not break there
_GLUED = re.compile(r"(?<![\w.])(\d[\d,.]*) (?=[a-z(])")


def _say(text: str) -> None:
    """A line on stderr. Titles, file names and queries in it are untrusted: their control
    characters show as escapes (graphx.output.visible) instead of acting on the terminal.
    On a terminal (or with COLUMNS) a long line wraps between words, unless a word (a path)
    could not fit anyway; piped or logged, it stays one line. Widths are counted in terminal
    cells (a CJK character or an emoji takes two)."""
    from .output import table_width

    # A line break too: a folder named "x\nError: ..." forged a line of graphx's own.
    text = visible(text)
    width = table_width(sys.stderr)
    if width:
        text = _wrap(text, width)
    click.echo(text, err=True)


def _pieces(word: str, width: int) -> list[str]:
    """``word`` cut into pieces of at most ``width`` cells."""
    from .output import cell_width

    out, current = [], ""
    for char in word:
        if current and cell_width(current + char) > width:
            out.append(current)
            current = ""
        current += char
    return [*out, current]


def _wrap(line: str, width: int) -> str:
    """``line`` wrapped between words to ``width`` cells, lines after the first indented two;
    as it is when it fits, or when a word (a path) could not fit on a line anyway. A number
    stays with its word ("1,000 files", not "1,000" at a line's end)."""
    from .output import cell_width

    words = _GLUED.sub("\\1" + _GLUE, line).split()
    if cell_width(line) <= width or not words:
        return line
    # Text of wide characters (CJK), written without spaces, may break between any two.
    words = [piece for word in words for piece in (
        _pieces(word, width - 2) if cell_width(word) > len(word) else [word])]
    if max(map(cell_width, words)) + 2 > width:
        return line
    lines, current = [], ""
    for word in words:
        joined = f"{current} {word}" if current else word
        if current and cell_width(joined) > width:
            lines.append(current)
            joined = "  " + word
        current = joined
    lines.append(current)
    return "\n".join(lines).replace(_GLUE, " ")


def _fail(exc: GraphxError) -> None:
    """One sentence and the exit code: 1 when nothing was found (an answer, not an error:
    no "Error:" before it, as grep prints none), 2 for an error."""
    found_nothing = isinstance(exc, NotFoundError)
    message = str(exc)
    if not _starts_with_typed(message):
        message = message[:1].upper() + message[1:]
    _say(f"{'' if found_nothing else 'Error: '}{message}")
    sys.exit(1 if found_nothing else 2)


def _typed_values(value: object) -> Iterator[str]:
    """The text of a parameter's value as typed: a string or path, or each of a tuple's."""
    if isinstance(value, str | os.PathLike):
        yield str(value)
    elif isinstance(value, tuple | list):
        for one in value:
            yield from _typed_values(one)


def _starts_with_typed(message: str) -> bool:
    """Whether ``message`` starts with a value the user typed (a path, a query: "out is a
    folder, not a query"), which the sentence keeps as typed: paths are case-sensitive, and
    "Out" names a folder that is not there."""
    ctx = click.get_current_context(silent=True)
    typed: set[str] = set()
    while ctx is not None:
        for value in (*ctx.params.values(), ctx.args):
            typed.update(_typed_values(value))
        ctx = ctx.parent
    return any(value and message.startswith(value)
               and not message[len(value):len(value) + 1].isalnum() for value in typed)


#: Ctrl-Cs that landed in a finalizer (a __del__, a weak reference's callback) while a
#: command ran: Python reports such an exception as "Exception ignored", with a traceback,
#: and carries on, so the command would go on and end as if no one had pressed Ctrl-C.
_SWALLOWED: list[KeyboardInterrupt] = []


def _unraisable(unraisable) -> None:
    """sys.unraisablehook: a Ctrl-C is kept for the command to take when it ends (after its
    end, when the process is exiting anyway, it is dropped); anything else as Python says it."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _SWALLOWED.append(unraisable.exc_value)
    else:
        sys.__unraisablehook__(unraisable)


def library_errors(func):
    """Turn graphx's own errors into one sentence on stderr and grep-like exit codes, and
    its warnings into "warning: ..." lines (none with --quiet); a Ctrl-C is one line and
    exit code 130, wherever it landed."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import warnings

        sys.unraisablehook = _unraisable  # kept after the command: the process is ending
        _SWALLOWED.clear()
        _PIPE_SIGNALS.clear()
        noted = _note_sigpipe()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    done = func(*args, **kwargs)
                    if _SWALLOWED:  # a Ctrl-C that a finalizer took on the way
                        raise KeyboardInterrupt
                    _check_output_complete()
                    return done
                finally:
                    if not kwargs.get("quiet"):
                        for w in caught:
                            _say(f"warning: {w.message}")
                    if noted is not None:
                        signal.signal(signal.SIGPIPE, noted)
        except GraphxError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            # A terminal has echoed ^C mid-line; a pipe or log gets the one line alone.
            lead = "\n" if sys.stderr.isatty() else ""
            click.echo(f"{lead}Interrupted; outputs already written are complete.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            if not _a_reader_is_gone():
                raise  # another pipe than ours: an error like any other
            _reader_gone()
        except OSError as exc:
            if exc.filename is not None or exc.errno not in _CANNOT_WRITE:
                raise
            _output_failed(exc)
        except Exception as exc:
            if not by_ctrl_c(exc):
                raise
            lead = "\n" if sys.stderr.isatty() else ""
            click.echo(f"{lead}Interrupted; outputs already written are complete.", err=True)
            sys.exit(130)

    return wrapper


#: SIGPIPEs the process received while a command ran (see _note_sigpipe).
_PIPE_SIGNALS: list[int] = []


def _note_sigpipe():
    """Note each SIGPIPE while a command runs; the handler it replaces, or None where none
    can be set (not the main thread).

    A write larger than the pipe holds that the reader leaves mid-way (a table or JSON of
    1 MB into `| head`) is cut short without an error: the kernel takes part of it and sends
    SIGPIPE, and Python's text stream drops the rest without raising BrokenPipeError, so
    the command ended 0 as if its output were whole. The signal is the one trace it leaves,
    whichever writer (a table, JSON, an HTML page to `-o -`) made the write."""
    try:
        return signal.signal(signal.SIGPIPE, lambda signum, frame: _PIPE_SIGNALS.append(signum))
    except (ValueError, OSError, AttributeError):
        return None


def _check_output_complete() -> None:
    """Raise BrokenPipeError when standard output was cut: the output still buffered cannot
    be written, or a write was cut short by a reader that went away (_note_sigpipe)."""
    sys.stdout.flush()
    if _PIPE_SIGNALS and _a_reader_is_gone():
        raise BrokenPipeError(errno.EPIPE, "the reader of standard output went away")


def by_ctrl_c(exc: BaseException) -> bool:
    """Whether ``exc`` is a Ctrl-C in another form: a C extension interrupted while it
    initialises raises its own error from the KeyboardInterrupt (scipy.optimize, imported
    when a build first fits its ranking: "ImportError: initialization failed")."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _a_reader_is_gone() -> bool:
    """Whether the reader of stdout or stderr has gone (a pipe's write end polls as an
    error then)."""
    import select

    poll = select.poll()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            poll.register(stream.fileno(), select.POLLOUT)
    return any(events & select.POLLERR for _, events in poll.poll(0))


#: Errors of a write that did not fit: a full disk, a quota, a file too large, the device.
_CANNOT_WRITE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _output_failed(exc: OSError) -> None:
    """A write to standard output failed (`> answers.json` on a full disk): one sentence and
    exit 2, an error, where a traceback ended with 1, which reads "nothing found". Output
    still buffered is dropped, so Python's last flush does not fail again."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    _say(f"Error: Cannot write standard output: {exc.strerror or exc}")
    sys.exit(2)


def _reader_gone() -> None:
    """Stop quietly when the reader of our output went away (`graphx stats | head`), as the
    shell's own tools do, with their exit code (128 + SIGPIPE), which no graphx outcome
    shares: 1 would read as "nothing answers". Output still buffered is dropped, so Python's
    last flush does not fail again."""
    for stream in (sys.stdout, sys.stderr):
        # A stream that is not a real file (a test's capture) has nothing to drop.
        with contextlib.suppress(AttributeError, OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    sys.exit(128 + signal.SIGPIPE)


class Count(click.ParamType):
    """A whole number from ``low`` to ``high`` (None: no bound); its help says the default
    alone, not the range too, so each option stays one line."""

    name = "N"

    def __init__(self, low: int = 1, high: int | None = None) -> None:
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a whole number", param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            self.fail(f"{number:,} is not from {self.low:,} to {self.high:,}"
                      if self.high is not None else f"{number:,} is below {self.low:,}",
                      param, ctx)
        return number


def output_options(func):
    """--json / --nl / --csv: one flag picks the machine format (``fmt``); the default is a
    table. Two of them at once are a usage error (the last one used to win unsaid)."""
    formats = (("csv", "CSV"), ("nl", "one JSON object per line"), ("json", "JSON"))

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        given = [f for f, _ in formats if kwargs.pop(f"fmt_{f}")]
        if len(given) > 1:
            raise click.UsageError(f"{' and '.join('--' + f for f in given)}: give one output "
                                   "format")
        return func(*args, fmt=given[0] if given else None, **kwargs)

    for flag, name in formats:
        wrapper = click.option(f"--{flag}", f"fmt_{flag}", is_flag=True,
                               help=f"Print {name}.")(wrapper)
    return wrapper


#: Each field of graphx.model.Limits, as its option's help.
LIMIT_HELP = {
    "max_file_bytes": "Skip larger files.",
    "max_front_matter_bytes": "Skip longer front matter.",
    "max_related": "Keep this many related entries.",
    "max_text_chars": "Cut titles and excerpts here.",
    "max_depth": "Skip deeper nesting.",
}


def corpus_options(func):
    """PATHS and the options every corpus command shares, handed to the command as one
    graphx.pipeline.CorpusOptions (``options``) and ``quiet``. The limits bound what one
    hostile file can cost; raise them for unusual but trusted corpora."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .pipeline import CorpusOptions

        limits = Limits(**{name: kwargs.pop(name) for name in LIMIT_HELP})
        options = CorpusOptions(
            since=kwargs.pop("since"), until=kwargs.pop("until"), strict=kwargs.pop("strict"),
            jobs=kwargs.pop("jobs"), cache=kwargs.pop("cache"), limits=limits,
            dask=kwargs.pop("dask") or "")
        return func(*args, options=options, **kwargs)

    for name in reversed(LIMIT_HELP):
        default = getattr(DEFAULT_LIMITS, name)
        wrapper = click.option(
            "--" + name.replace("_", "-"), default=default,
            type=Count(1, MAX_DEPTH if name == "max_depth" else None),
            help=f"{LIMIT_HELP[name]} [{default:,}]",
        )(wrapper)
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--since", metavar="DATE", help="Keep articles published from DATE on."),
        click.option("--until", metavar="DATE", help="Keep articles published up to DATE."),
        click.option("--strict", is_flag=True, help="Fail (exit 2) when a file is skipped."),
        click.option("-j", "--jobs", type=Count(0, 64), default=0,
                     help="Parsing processes (0: automatic)."),
        click.option("--dask", metavar="ADDRESS", help="Parse on this Dask scheduler."),
        click.option("-q", "--quiet", is_flag=True, help="No progress or notes on stderr."),
        click.option("--cache/--no-cache", default=True,
                     help="Keep parsed files in $GRAPHX_CACHE (default: yes)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def focus_options(func):
    """--focus QUERY, --by and --focus-limit, as `map` and `export` share them."""
    options = [
        click.option("--focus", metavar="QUERY",
                     help="Only the neighbourhood of a story, topic or outlet."),
        click.option("--by", type=click.Choice((*KINDS, *BY_ALIASES)),
                     help="What QUERY is (else detected)."),
        click.option("--focus-limit", type=Count(1, 10_000), default=25,
                     help="Articles --focus keeps, its own story's first [25]."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _stdout_for_dash(path: str, fmt: str | None) -> str:
    """``-o -`` is standard output, as for most tools: one file, in a format named."""
    if path != "-":
        return path
    from .atomic import STDOUT

    one_file = ", ".join(f for f in FORMATS if f not in FOLDER_FORMATS)
    if fmt is None:
        raise InputError(f"-o - (standard output) needs --format: {one_file}")
    if fmt in FOLDER_FORMATS:
        raise InputError(f"--format {fmt} writes a folder; -o - (standard output) takes a "
                         f"one-file format: {one_file}")
    return STDOUT


def _shown(path: str) -> str:
    from .atomic import STDOUT

    return "standard output" if path == STDOUT else path


def _kinds(text: str | None) -> tuple[str, ...] | None:
    """A --kinds value as a tuple of node kinds (None when not given); InputError for an
    unknown kind."""
    if not text:
        return None
    kinds = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in NODE_KINDS]
    if unknown:
        raise InputError(f"unknown node kind {unknown[0]!r}: use {', '.join(NODE_KINDS)}")
    return kinds


def _import_uninterrupted(names) -> None:
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


# Modules with C extensions that every corpus command loads. A Ctrl-C inside an extension's
# initialisation can surface as an ImportError with a traceback, or make Python exit by the
# signal instead of with code 130, so it is held back until they are loaded.
_HEAVY_IMPORTS = ("graphx.similar",)


def _corpus(paths, options, quiet, *, unless_current=None, engine=False, progress=None,
            out_dir=None):
    """Build the corpus for a command, with progress and warnings on stderr.

    With ``options.strict``, fail at once when any file was skipped; `build` passes an
    ``unless_current`` folder and checks later, after it has written the load report.
    """
    from .pipeline import build_corpus, check_strict

    _import_uninterrupted(_HEAVY_IMPORTS)
    corpus = _reporting(build_corpus, quiet, paths, options, unless_current=unless_current,
                        engine=engine, progress=progress, out_dir=out_dir)
    if corpus.source and not quiet:
        _say(corpus.source)
    if options.strict and unless_current is None:
        check_strict(corpus.report)
    return corpus


def _reporting(func, quiet, *args, progress=None, **kwargs):
    """func(*args, progress=..., **kwargs) with progress (a _Progress, made here unless
    given) and warnings on stderr."""
    progress = progress or _Progress(not quiet)
    with _warnings_on_stderr(quiet, progress.close):
        return func(*args, progress=progress, **kwargs)


@contextlib.contextmanager
def _warnings_on_stderr(quiet: bool, before=None):
    """Warnings raised inside, each as one "warning: ..." line on stderr when it ends
    (``before`` is called first), never Python's "file.py:N: UserWarning" form."""
    import warnings

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        if before is not None:
            before()
        for w in caught:
            if not quiet:
                _say(f"warning: {w.message}")


def _read_files(report):
    """The paths of the files a load report read, lazily (asked of an output that is a link)."""
    return (f.path for f in report.files)


def _focus_nodes(G, query, by, limit, quiet):
    """(nodes, what the focus kept) of --focus QUERY ((None, "") without one); the
    resolution note goes to stderr."""
    if not query:
        return None, ""
    from .pipeline import focus_nodes

    note, nodes, kept = focus_nodes(G, query, by=by, limit=limit)
    if note and not quiet:
        _say(note)
    return nodes, kept


def _skip_note(report, quiet: bool, where: str = "") -> None:
    """How many files were skipped, and where the reasons are: the load report a build
    wrote (``where``), or for a command that writes none, the first one here."""
    skipped = report.skipped
    if not skipped or quiet:
        return
    if where:
        _say(f"{count_noun(len(skipped), 'file')} skipped; reasons in {where}")
        return
    first = skipped[0]
    _say(f"{count_noun(len(skipped), 'file')} skipped (first: {first.path}: {first.reason}); "
         "graphx build writes every one with its reason to load-report.json")


class _OneLine:
    """Usage errors (an unknown option, a bad value) as one line, like every other error:
    click's own adds the usage and a hint on lines of their own."""

    def parse_args(self, ctx, args):
        return _one_line(ctx, super().parse_args, args)

    def resolve_command(self, ctx, args):
        return _one_line(ctx, super().resolve_command, args)


def _one_line(ctx, step, args):
    """``step(ctx, args)``, a usage error it raises said on one line with where help is."""
    try:
        return step(ctx, args)
    except click.UsageError as exc:
        if exc.ctx is None:
            raise
        raise click.UsageError(f"{exc.format_message()} (see {ctx.command_path} --help)"
                               ) from None


class _Command(_OneLine, click.Command):
    pass


class _Interrupted(BaseException):
    """A Ctrl-C that landed in click's own work (reading the arguments, opening -f FILE),
    outside a command's handling: click would say "Aborted!" and exit 1."""


class _Group(_OneLine, click.Group):
    command_class = _Command

    def main(self, *args, **kwargs):
        """click's main, but a reader that went away before --help or --version was read
        (or before click's own messages) ends with 141, as every command does, not 1; and a
        Ctrl-C while click reads the arguments is one line and 130, as anywhere else."""
        try:
            return super().main(*args, **kwargs)
        except _Interrupted:
            lead = "\n" if sys.stderr.isatty() else ""
            click.echo(f"{lead}Interrupted; outputs already written are complete.", err=True)
            sys.exit(130)
        except SystemExit as exc:
            if exc.code == 1 and _a_reader_is_gone():
                _reader_gone()
            raise

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise _Interrupted from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # a command's own handler said it already, when it ran
            raise _Interrupted from None


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
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
@library_errors
@click.option("-o", "--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Folder for the outputs [out; PATHS itself when it is one build's].")
@click.option("--force", is_flag=True,
              help="Rebuild even when OUT already holds outputs of this very corpus.")
@corpus_options
def build(paths, out_dir, force, options, quiet):
    """Build the coverage graph and write the map, GraphML and reports.

    PATHS are files, folders (read recursively) or globs; the default is seeds/. A
    build's output folder stands for the files that build was made from.
    Writes OUT/coverage.graphml, OUT/coverage.html, OUT/report.md, OUT/clusters.md,
    OUT/stories.json (story ids, kept from build to build), OUT/engine/ (the related
    index) and OUT/load-report.json (every input file, loaded or skipped, with the
    reason); from the second build on, OUT/changes.md and OUT/changes.json (what changed).
    OUT holds only graphx's outputs: a file of yours under one of those names stops it.
    When OUT already holds the outputs of the same files, options and graphx version,
    nothing is rebuilt (--force rebuilds).

    \b
    Example:
        graphx build ../shared/corpora/covid -o out/covid
    """
    from .files import is_output_folder
    from .pipeline import check_strict, remove_leftovers, write_build

    if out_dir is None:  # a build named alone is rebuilt where it is
        out_dir = paths[0] if len(paths) == 1 and is_output_folder(paths[0]) else "out"
    progress = _Progress(not quiet)
    corpus = _corpus(paths, options, quiet, unless_current=None if force else out_dir,
                     engine=True, progress=progress, out_dir=out_dir)
    if corpus.current:
        if options.strict:
            check_strict(corpus.report)
        remove_leftovers(out_dir)
        if not quiet:
            files = count_noun(len(corpus.report.files), "file")
            _say(f"{out_dir} is up to date: the same {files}, options and graphx version "
                 "(--force rebuilds)")
        return
    if options.strict:
        check_strict(corpus.report, out_dir)
    with _warnings_on_stderr(quiet, progress.close):
        written = write_build(corpus, out_dir, progress=progress)
    if not quiet:
        from .graph import summary

        s = summary(corpus.graph)
        files = len(corpus.report.files)
        parsed = files - corpus.report.from_cache
        _say(f"{count_noun(files, 'file')} ({parsed:,} parsed, {corpus.report.from_cache:,} "
             f"from the parse cache): {corpus.report.loaded:,} loaded, "
             f"{files - corpus.report.loaded:,} skipped -> {count_noun(s['articles'], 'article')} "
             f"({s['articles_with_file']:,} with a file), "
             f"{count_noun(s['providers'], 'provider')}, {count_noun(s['topics'], 'topic')}, "
             f"{count_noun(s['tags'], 'tag')}")
        for path in written:
            _say(f"wrote {path}")
        stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in corpus.timings.items())
        _say(f"took {sum(corpus.timings.values()):.1f} s ({stages})")
        _skip_note(corpus.report, quiet, written[-1])
        if corpus.report.aliases:
            n = len(corpus.report.aliases)
            _say(f"{count_noun(n, 'file name')} {'is' if n == 1 else 'are'} another name of "
                 f"a file already read (a hard link or symlink), read once; listed in "
                 f"{written[-1]}")


@cli.command(context_settings=CONTEXT_SETTINGS,
             short_help="Summarise a corpus: counts, stories, outlets and topics.")
@library_errors
@click.option("--show", type=click.Choice(["summary", *SHOW]),
              help="Print one table in full (the default shows a short section of each).")
@corpus_options
@output_options
def stats(paths, show, options, quiet, fmt):
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

    corpus = _corpus(paths, options, quiet)
    if show is None and fmt is None:
        for i, (title, columns, rows, below) in enumerate(stats_sections(corpus)):
            click.echo(("\n" if i else "") + title)
            if rows:  # an empty table is its title alone ("Story clusters: none")
                write_rows(rows, columns, "table", sys.stdout, below=below)
    elif show in (None, "summary"):
        rows = stats_rows(corpus)
        if fmt == "json":
            import json

            click.echo(json.dumps({r["measure"]: r["value"] for r in rows}, indent=2))
        else:
            write_rows(rows, ["measure", "value"], fmt or "table", sys.stdout)
    else:
        from .coverage_report import DATA_ONLY, DETAIL, analysis_rows

        columns, rows = analysis_rows(corpus.graph, show)
        if not fmt:
            columns = [c for c in columns if c not in DATA_ONLY]
        write_rows(rows, columns, fmt or "table", sys.stdout, below=DETAIL[show])
    _skip_note(corpus.report, quiet)


TABLE_COLUMNS = ["rank", "score", "title", "provider", "published", "why"]
#: What moves under its row when a related table is wider than the terminal.
TABLE_DETAIL = ("why",)


@cli.command(context_settings=CONTEXT_SETTINGS,
             short_help="Stories related to a URL, file, title, words, topic or outlet.")
@library_errors
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8-sig",
                                                           errors="replace"),
              help="Answer one query per line of FILE ('-' for stdin); QUERY is then a PATH.")
@click.option("--by", type=click.Choice((*KINDS, *BY_ALIASES)),
              help="What QUERY is (else detected).")
@click.option("-n", "--limit", type=Count(1, 10_000), default=10,
              help="Answers per query [10].")
@click.option("--published-since", metavar="DATE", help="Only answers published from DATE on.")
@click.option("--published-until", metavar="DATE", help="Only answers published up to DATE.")
@click.option("--provider", help="Only answers of this outlet (name or domain).")
@click.option("--topic", help="Only answers with this topic.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=DEFAULT_FLOOR, metavar="X",
              show_default=True,
              help="Only answers whose score (the chance they are related) is at least X.")
@click.option("--collapse/--expand", default=None,
              help="One row per wire story, naming its outlets (tables), or one per copy "
                   "(data).")
@corpus_options
@output_options
def related(query, query_file, by, limit, published_since, published_until, provider, topic,
            min_score, collapse, paths, options, quiet, fmt):
    """Stories related to QUERY: a URL, a news item's file, a title, keywords, a topic or
    an outlet.

    Each answer says why; its score is the chance that it is related. stderr says what
    QUERY was read as. Exit 1 when nothing answers. PATH may be a build's output folder
    (fast at any corpus size).

    \b
    Example:
        graphx related "face recognition"
        graphx related "meat plant workers" out/covid
        graphx related --by provider reuters.com ../shared/corpora/covid --json
        graphx related -f queries.txt ../shared/corpora/covid --nl
    """
    from .pipeline import related_engine
    from .related import group_rows

    if query_file is not None:
        paths = ((query,) if query else ()) + tuple(paths)
    elif not (query or "").strip():
        raise InputError("give a QUERY (a URL, a title, keywords, a topic or an outlet), or "
                         "-f FILE with one query per line")
    elif os.path.isdir(query) and not any(os.path.isdir(p) for p in paths):
        # `related out/covid` (the query forgotten) searched seeds/ for 'out/covid', and
        # `related out/covid Moderna` (swapped) said "Path not found: Moderna".
        raise InputError(f"{query} is a folder, not a query: give the query first, then the "
                         f"corpus or build folder (graphx related QUERY {query})")
    answers = {
        "by": by, "limit": limit, "provider": provider, "topic": topic,
        "published_since": date_bound("--published-since", published_since, end=False) or "",
        "published_until": date_bound("--published-until", published_until, end=True) or "",
        "min_score": min_score, "collapse": (fmt is None) if collapse is None else collapse,
    }
    check_published_range(answers["published_since"], answers["published_until"])
    _import_uninterrupted(("graphx.related.store",))
    engine = _reporting(related_engine, quiet, paths, options)
    if getattr(engine, "source", "") and not quiet:
        _say(f"answers as of {engine.source}")
    columns = list(FIELDS) if fmt else TABLE_COLUMNS
    # Data in score order; a table, for reading, keeps each syndication group together.
    arrange = (lambda rows: rows) if fmt else (lambda rows: titled(group_rows(rows)))
    if query_file is None:
        try:
            note, rows = engine.related(query, **answers)
        except NotFoundError as exc:
            if options.since or options.until:  # the corpus read holds those dates alone
                raise NotFoundError(f"{exc} among the articles of the dates asked "
                                    "(--since/--until); --published-since and "
                                    "--published-until filter the answers only") from None
            raise
        if not rows:
            if note and not quiet:
                _say(note)
            if fmt in ("json", "csv"):  # data still well formed: [] or the header alone
                write_rows([], columns, fmt, sys.stdout, below=TABLE_DETAIL)
            raise NotFoundError(_nothing_passes(engine, query, answers))
        if fmt is None and not quiet:  # what the query was read as, then what it says of it
            _say(f"matched {rows[0]['matched']}")
        if note and not quiet:
            _say(note)
        write_rows(arrange(rows), columns, fmt or "table", sys.stdout, below=TABLE_DETAIL)
        return
    queries = _read_queries(query_file)
    answered = 0
    if fmt is None:  # for reading: a table per query, under a line naming the query
        for q, note, rows in engine.related_many(queries, **answers):
            if not rows:
                if note and not quiet:
                    _say(note)
                _unanswered(engine, q, note, answers, quiet)
                continue
            if not quiet:
                _say(f"{q}: matched {rows[0]['matched']}")
                if note:
                    _say(note)
            click.echo(("\n" if answered else "") + f"query: {visible(q)}")
            write_rows(arrange(rows), columns, "table", sys.stdout, below=TABLE_DETAIL)
            answered += 1
    else:
        write_rows(_batch_rows(engine, queries, answers, quiet, counted := []), columns, fmt,
                   sys.stdout, below=TABLE_DETAIL)
        answered = sum(counted)
    if not answered:
        raise NotFoundError("the query has no answer" if len(queries) == 1 else
                            f"none of the {len(queries):,} queries has an answer")


#: The most text a -f FILE may hold (a million queries of 64 characters).
QUERY_FILE_CHARS = 64 << 20


def _read_queries(query_file) -> list[str]:
    """The non-empty lines of a -f FILE, read as UTF-8 (what is not becomes U+FFFD) without
    its byte-order marks; InputError past QUERY_FILE_CHARS (/dev/zero, or a corpus named by
    mistake)."""
    text = query_file.read(QUERY_FILE_CHARS + 1)
    if len(text) > QUERY_FILE_CHARS:
        raise InputError(f"-f {query_file.name} holds more than {QUERY_FILE_CHARS >> 20} "
                         "million characters, more than any list of queries: name a file "
                         "of one query per line")
    # Notepad and Excel begin "UTF-8 with BOM" files with U+FEFF (utf-8-sig drops it), and
    # files joined by cat hold one at the start of each: the first query was a URL read as
    # keywords, and its `query` field matched no line of the list.
    lines = (line.strip().lstrip("\ufeff").strip() for line in text.splitlines())
    return [line for line in lines if line]


def _batch_rows(engine, queries: list[str], answers: dict, quiet: bool, counted: list):
    """Every row of a -f batch as data (one row per article, in each query's score order);
    ``counted`` gains 1 for each query that has answers."""
    for query, note, rows in engine.related_many(queries, **answers):
        if note and not quiet:
            _say(note)
        if not rows:
            _unanswered(engine, query, note, answers, quiet)
        counted.append(bool(rows))
        yield from rows


def _unanswered(engine, query: str, note: str, answers: dict, quiet: bool) -> None:
    """Say on stderr why a query of a -f batch has no rows, unless its note already did (a
    query that matches nothing): a batch never drops a query without a word."""
    if quiet:
        return
    try:
        _say(f"{query}: {_nothing_passes(engine, query, answers)}")
    except GraphxError as exc:  # the query resolves to nothing: its note said so
        if str(exc) != note:
            _say(f"{query}: {exc}")


def _nothing_passes(engine, query: str, answers: dict) -> str:
    """The sentence for a query whose answers all fall to the filters or the floor."""
    matched = engine.describe(engine.resolve(query, by=answers["by"]))
    where = "".join([
        f" from {answers['provider']}" if answers["provider"] else "",
        f" on the topic {answers['topic']}" if answers["topic"] else "",
        " in the dates asked" if answers["published_since"] or answers["published_until"]
        else ""])
    floor = answers["min_score"]
    chance = f" with a score of at least {floor:g} (--min-score)" if floor > 0 else ""
    lead = "no article passes the filters" if where else "no answer"
    if floor > 0:  # what the floor kept out: the sentence must not deny what it holds
        _, under = engine.related(query, **{**answers, "min_score": 0.0, "limit": 1,
                                            "collapse": False})
        if under:
            (best,) = titled(under[:1])
            return (f"{lead}: none{where} scores at least {floor:g} (--min-score) as related "
                    f"to {matched}; the best, {_quoted_title(best['title'])} "
                    f"({best['provider']}), scores "
                    + (f"{best['score']:g}" if best["score"] < floor else f"just under {floor:g}")
                    + (f" ({best['why'][0]})" if best["why"] else "")
                    + "; --min-score 0 shows it")
    return f"{lead}: none{where} is related to {matched}{chance}"


def _quoted_title(title: str) -> str:
    """A title for a message: quoted, its middle cut past 60 characters."""
    title = visible(title)  # quoted as written: repr() doubled every backslash
    return "'" + (title if len(title) <= 60 else title[:40] + "…" + title[-19:]) + "'"


@cli.command("map", context_settings=CONTEXT_SETTINGS,
             short_help="Write the interactive coverage map, one offline HTML page.")
@library_errors
@click.option("-o", "--out", "out_file", default="out/map.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML file to write ('-': stdout).")
@click.option("--max-nodes", type=Count(1), default=2000,
              help="Keep the N most central nodes, whole clusters where possible [2,000].")
@click.option("--kinds", metavar="KINDS", help="Node kinds to show beside the articles, "
              f"comma-separated [{','.join(NODE_KINDS)}].")
@click.option("--color-by", type=click.Choice(COLOR_BY), default="cluster", show_default=True,
              help="Colour articles by story, node kind or outlet.")
@click.option("--seed", type=Count(0, 2**32 - 1), default=0, help="Seed of the layout [0].")
@focus_options
@corpus_options
def map_command(out_file, max_nodes, kinds, color_by, seed, focus, by, focus_limit, paths,
                options, quiet):
    """Write the interactive coverage map: one HTML page that works offline.

    \b
    Example:
        graphx map ../shared/corpora/covid -o covid.html
        graphx map corpus/ --kinds article,provider --max-nodes 500
        graphx map corpus/ --focus "face recognition" -o face.html
    """
    from .outfolder import check_not_a_build_output, check_not_in_corpus, check_replaceable
    from .render import coverage_map, omitted_text

    shown = _kinds(kinds)
    out_file = _stdout_for_dash(out_file, "html")
    check_not_a_build_output(out_file, "map")
    corpus = _corpus(paths, options, quiet)
    check_not_in_corpus(out_file, [f for f, _ in corpus.report.folders], "map",
                        corpus_files=_read_files(corpus.report))
    check_replaceable(out_file, "html", "map")  # before the page is made (save checks too)
    nodes, kept = _focus_nodes(corpus.graph, focus, by, focus_limit, quiet)
    # The page says what the focus kept: a mailed map of 25 of an outlet's 119 articles
    # read as its whole coverage.
    page = coverage_map(corpus.graph, nodes=nodes, max_nodes=max_nodes, kinds=shown,
                        color_by=color_by, seed=seed,
                        **({"title": "graphx coverage map: " + (
                            kept if len(kept) <= 160 else kept[:159] + "…")} if focus else {}))
    page.save(out_file)
    if not quiet:
        summary = omitted_text(page.stats) or (
            f"showing all {count_noun(page.stats['shown'], 'node')} of the focus" if focus else
            f"showing all {count_noun(page.stats['shown'], 'node')}")
        _say(f"wrote {_shown(out_file)}: {summary}")
    _skip_note(corpus.report, quiet)


@cli.command("export", context_settings=CONTEXT_SETTINGS,
             short_help="Export the graph: GraphML, GEXF, JSON, CSV, SQLite, Parquet.")
@library_errors
@click.option("-o", "--out", "out_path", required=True, type=click.Path(),
              help="The file to write (.graphml, .gexf, .json, .db; '-' with --format: "
              "stdout), or a folder ending in / "
              "for CSV (or Parquet, with --format parquet).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="The format (from the extension when not given).")
@click.option("--view", type=click.Choice(VIEWS), default="full", show_default=True,
              help="A projection: the story network, the outlet co-coverage network or the "
              "topic co-occurrence network.")
@click.option("--kinds", metavar="KINDS", help="Node kinds to keep, comma-separated "
              f"[{','.join(NODE_KINDS)}].")
@focus_options
@corpus_options
def export_command(out_path, fmt, view, kinds, focus, by, focus_limit, paths, options, quiet):
    """Export the coverage graph for Gephi, Cytoscape, igraph, sigma.js, a spreadsheet,
    Datasette (SQLite) or pandas and DuckDB (Parquet).

    Lists become "; "-joined strings and dates ISO-8601 strings, so every tool reads every
    attribute with one type.

    \b
    Example:
        graphx export ../shared/corpora/covid -o covid.graphml
        graphx export corpus/ -o corpus.gexf --view stories
        graphx export corpus/ -o tables/ --kinds article,provider
        graphx export corpus/ -o coverage.db    # then: datasette coverage.db
        graphx export corpus/ -o columns/ --format parquet
    """
    from .export import FOLDER_FILES, FOLDER_FORMATS, check_format, export_format, write_export
    from .outfolder import check_not_a_build_output, check_not_in_corpus

    kept = _kinds(kinds)
    check_format(out_path, fmt)  # before the corpus is read
    out_path = _stdout_for_dash(out_path, fmt)
    check_not_a_build_output(out_path, "export")
    corpus = _corpus(paths, options, quiet)
    check_not_in_corpus(out_path, [f for f, _ in corpus.report.folders], "export",
                        files=FOLDER_FILES, corpus_files=_read_files(corpus.report),
                        folder=(fmt or export_format(out_path)) in FOLDER_FORMATS)
    nodes, focused = _focus_nodes(corpus.graph, focus, by, focus_limit, quiet)
    done = write_export(corpus.graph, out_path, format=fmt, view=view, kinds=kept, nodes=nodes,
                        load_report=corpus.report.to_dict(),
                        selection={"focus": focus, "by": by or "", "focus_limit": focus_limit,
                                   "kept": focused})
    if not quiet:
        # A file of nodes and no edge is a list, not a network: said, with what would link
        # them (--kinds provider,topic wrote 934 nodes and 0 edges without a word).
        none = ("; no edge joins two of the nodes kept (edges run from articles to their "
                "outlets and topics: keep article in --kinds, or use --view outlets or "
                "topics)") if done.nodes > 1 and not done.edges else ""
        _say(f"wrote {_shown(out_path)} ({done.format}: {count_noun(done.nodes, 'node')}, "
             f"{count_noun(done.edges, 'edge')}{none})")
    _skip_note(corpus.report, quiet)
