"""Paths -> files -> Items and a load report in which every input file appears exactly once.

This is the I/O edge of the pipeline: finding files (folders, globs, symlinks without loops),
reading their bytes, and handing them to the pure ``parse_item``.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import signal
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from . import __version__
from .errors import EmptyCorpusError, InputError
from .fields import display_path
from .model import DEFAULT_LIMITS, OUTPUTS, Limits, as_limits, too_recent
from .parse import parse_item
from .records import FileResult, Item
from .sources import code_digest

if TYPE_CHECKING:
    from .cache import ParseCache

_GLOB_CHARS = frozenset("*?[")


@dataclass
class LoadReport:
    """Every input file with its status, reason and warnings; totals; provenance."""

    files: list[FileResult] = field(default_factory=list)
    inputs: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)
    from_cache: int = 0
    stamp: str | None = None  # see corpus_stamp
    #: Every folder the inputs were found in, [absolute path, modification time (ns)], and
    #: when they were listed (ns): a file added, removed or renamed moves its folder's time.
    folders: list = field(default_factory=list)
    surveyed: int = field(default=0, compare=False)  # a clock reading: not what was loaded
    #: [folder, time] of a folder of ``folders`` the build made its output folder in, with
    #: the folder's time after (graphx.pipeline.write_build): its own change, not the corpus's.
    own_folders: list = field(default_factory=list, compare=False)
    #: Nodes that gather two or more files, each file with why (graphx.graph.build_graph).
    merges: list[dict] = field(default_factory=list)
    #: [path, the path it was read by]: another name of a file already read (a hard link,
    #: or a symlink to it), read once and said here rather than lost without a word.
    aliases: list = field(default_factory=list)
    _fingerprint: tuple | None = field(default=None, compare=False, repr=False)

    @property
    def loaded(self) -> int:
        return sum(1 for f in self.files if f.status == "loaded")

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "skipped"]

    @property
    def fingerprint(self) -> str:
        """A digest of the corpus: each file's absolute path and content digest, in path
        order. Absolute, so that the same files named another way ("news", its full path,
        "./news/") are the same corpus: each spelling rebuilt everything."""
        known = self._fingerprint
        if known is not None and known[0] == len(self.files):  # files are only ever added
            return known[1]
        folders: dict[str, str] = {}  # a file's folder made absolute once, not per file
        entries = []
        for f in self.files:
            head, _, tail = f.path.rpartition(os.sep)
            if not head:  # "x.md", or "/x.md" at the root
                entries.append((os.path.abspath(f.path), f.digest))
                continue
            where = folders.get(head)
            if where is None:
                where = folders[head] = os.path.abspath(head).rstrip(os.sep) + os.sep
            entries.append((where + tail, f.digest))
        h = hashlib.blake2b(digest_size=16)
        for path, digest in sorted(entries):
            h.update(f"{path}\0{digest}\n".encode("utf-8", "surrogateescape"))
        self._fingerprint = (len(self.files), h.hexdigest())
        return self._fingerprint[1]

    def to_dict(self) -> dict:
        """The JSON shape of DIR/load-report.json."""
        files = []
        for f in self.files:
            entry: dict = {"path": f.path, "status": f.status}
            if f.reason:
                entry["reason"] = f.reason
            if f.warnings:
                entry["warnings"] = list(f.warnings)
            files.append(entry)
        return {
            "graphx_version": __version__,
            "graphx_code": code_digest(),
            "inputs": list(self.inputs),
            "options": self.options,
            "fingerprint": self.fingerprint,
            "totals": {
                "files": len(self.files),
                "loaded": self.loaded,
                "skipped": len(self.files) - self.loaded,
                "files_with_warnings": sum(1 for f in self.files if f.warnings),
                "from_parse_cache": self.from_cache,
                "other_names": len(self.aliases),
            },
            "merges": self.merges,
            "other_names": [{"path": path, "same_file_as": first}
                            for path, first in self.aliases],
            "files": files,
        }


class LoadResult(NamedTuple):
    items: list[Item]
    report: LoadReport


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def is_glob(path: str) -> bool:
    """Whether a user-given path is a pattern (``*``, ``?`` or ``[``) rather than a name."""
    return bool(_GLOB_CHARS & set(path))


def _expand(path: str) -> list[str]:
    """One user-given path -> paths that exist; a glob expands; a missing path is an error."""
    if os.path.lexists(path):
        return [path]
    if is_glob(path):
        matches = sorted(glob.glob(path, recursive=True))
        if matches:
            return matches
        raise InputError(f"no file matches {path!r}")
    raise InputError(f"path not found: {path}")


def iter_files(paths: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Yield (path, problem) for every input file once; problem is "" for a readable file.

    Folders are walked recursively (hidden entries skipped, symlinks followed, each real
    folder and file visited once); a path that is not a regular file yields its problem.
    """
    for path, problem, _ in _walk(paths):
        yield path, problem


def corpus_stamp(paths: Iterable[str]) -> str | None:
    """A digest of which files ``paths`` holds, with their sizes, modification and status
    change times (no file is read): equal stamps mean an unchanged corpus, to the file system's
    knowledge. None when a file changed too recently to trust (graphx.model.too_recent).

    Raises InputError for a path that does not exist.
    """
    return _survey(paths)[1]


def _survey(paths: Iterable[str], folders: list | None = None,
            aliases: list | None = None, cache_path=None
            ) -> tuple[list[tuple[str, str]], str | None]:
    """(every input file with its problem, as iter_files gives them; the corpus_stamp).
    ``folders`` gains each folder listed, as LoadReport.folders holds them, and ``aliases``
    each other name of a file already found, as LoadReport.aliases holds them."""
    now = time.time_ns()
    found, lines, trusted = [], [os.getcwd()], True  # relative paths depend on the folder
    names: list = [] if aliases is None else aliases
    for path, problem, st in _walk(paths, folders, names, cache_path):
        found.append((path, problem))
        size, mtime, ctime = ((st.st_size, st.st_mtime_ns, st.st_ctime_ns) if st is not None
                              else (-1, -1, -1))
        trusted = trusted and not too_recent(mtime, now)
        # The status change time too: an edit that puts the old mtime back moves it alone.
        lines.append(f"{path}\0{problem}\0{size}\0{mtime}\0{ctime}")
    lines.extend(f"{path}\0={first}" for path, first in names)
    text = "\n".join(lines).encode("utf-8", "surrogateescape")
    return found, hashlib.blake2b(text, digest_size=16).hexdigest() if trusted else None


#: Byte-order marks of the encodings graphx reads news items in besides UTF-8 (parse.decode).
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
              (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def front_matter_first(head: bytes) -> bool:
    """Whether a file's first bytes start front matter, in any encoding graphx reads."""
    for bom, codec in _WIDE_BOMS:
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, "ignore").encode()
            break
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"---")


def holds_news_item(folder: str) -> bool:
    """Whether ``folder`` itself holds a news item (a regular file, not hidden, whose first
    bytes start front matter): no folder graphx writes does, so one that does is read
    whatever else it holds."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                    continue
                try:
                    with open_regular(entry.path) as fh:
                        if front_matter_first(fh.read(64)):
                            return True
                except OSError:
                    continue
    except OSError:
        return False
    return False


def is_output_folder(folder: str) -> bool:
    """True for a folder `graphx build` wrote (its load-report.json says graphx made it, and
    a build's other outputs are beside it, or nothing else is: a first build that failed
    --strict): outputs kept inside a corpus folder are never read back as news items. A
    folder of news items that merely holds a file of that name (an old run's report,
    archived with them, beside notes named report.md) is read: a build's folder never
    holds a news item."""
    try:
        with open_regular(os.path.join(folder, "load-report.json")) as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if not (head.lstrip().startswith(b"{") and b'"graphx_version"' in head):
        return False
    if any(os.path.isfile(os.path.join(folder, name)) for name in OUTPUTS[:-1]):
        return not holds_news_item(folder)
    # A first build that failed --strict wrote its load report alone: nothing else there.
    try:
        with os.scandir(folder) as entries:
            return all(e.name == "load-report.json" or _is_hidden(e.name) for e in entries)
    except OSError:
        return False


def _walk(paths: Iterable[str], folders: list | None = None, aliases: list | None = None,
          cache_path=None) -> Iterator[tuple[str, str, os.stat_result | None]]:
    """(path, problem, stat result or None) for every input file once (see iter_files);
    ``folders`` gains [absolute path, mtime_ns] of each folder listed, and of the folder of
    each file given by name (or glob); ``aliases`` gains [path, first path] of each other
    name of a file already yielded."""
    from .cache import MARK as ENGINES_MARK
    from .cache import own_files_in, own_state

    seen_files: dict[tuple[int, int], str] = {}
    # graphx's parse cache (``cache_path``, or the default one) and engines: no news items
    ours, our_dirs = own_state(cache_path)
    seen_dirs: set[str] = set()
    parents: set[str] = set()  # folders of files given by name

    def visit_file(p: str, entry: os.DirEntry | None = None):
        """(path, problem, stat) of one file, or None when it was already seen."""
        try:
            st = entry.stat() if entry is not None else os.stat(p)
        except FileNotFoundError:
            why = "broken symlink" if os.path.islink(p) else "file vanished before reading"
            return p, why, None
        except OSError as exc:
            return p, f"cannot read: {exc.strerror or exc}", None
        identity = (st.st_dev, st.st_ino)  # one file reached by two names is read once
        if identity in ours:
            return None
        if identity in seen_files:
            if aliases is not None and stat.S_ISREG(st.st_mode):
                aliases.append([display_path(p), display_path(seen_files[identity])])
            return None
        seen_files[identity] = p
        if stat.S_ISREG(st.st_mode):
            return p, "", st
        if stat.S_ISDIR(st.st_mode):
            return p, "a folder where a file was expected", st
        return p, "not a regular file (device, FIFO or socket)", st

    def enter(top: str):
        """The entries of folder ``top`` to visit, in name order (None when it is none to
        read); yields the folder's own problem."""
        real = os.path.realpath(top)
        if (real in seen_dirs or real in our_dirs or is_output_folder(top)
                or (os.path.isfile(os.path.join(top, ENGINES_MARK))
                    and not holds_news_item(top))):  # a mark beside news items is no store
            return None
        seen_dirs.add(real)
        try:
            if folders is not None:
                folders.append([os.path.abspath(top), os.stat(top).st_mtime_ns])
            entries = sorted(os.scandir(top), key=lambda e: e.name)
        except OSError as exc:
            yield top, f"cannot list folder: {exc.strerror or exc}", None
            return None
        cache_files = own_files_in(top, [e.name for e in entries])
        return iter([e for e in entries
                     if not _is_hidden(e.name) and e.name not in cache_files])

    def walk(root: str):
        # Depth first, a folder's entries in name order, with a stack of its own: a corpus
        # folder nested a thousand deep is walked, not a RecursionError.
        stack = []
        first = yield from enter(root)
        if first is not None:
            stack.append(first)
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                below = yield from enter(entry.path)
                if below is not None:
                    stack.append(below)
            else:
                found = visit_file(entry.path, entry)
                if found is not None:
                    yield found

    for given in paths:
        for p in _expand(os.fspath(given)):
            if os.path.isdir(p):
                yield from walk(p)
            else:
                parent = os.path.dirname(os.path.abspath(p))
                if folders is not None and parent not in parents:
                    parents.add(parent)
                    with contextlib.suppress(OSError):
                        folders.append([parent, os.stat(parent).st_mtime_ns])
                found = visit_file(p)
                if found is not None:
                    yield found


# Reading max_file_bytes + 1 in one call allocates that much for every file: a few KiB
# come first, and only a file that fills them is read on, up to the limit.
FIRST_READ = 64 * 1024
READ_PIECE = 16 * 1024 * 1024


_O_READ = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


@contextlib.contextmanager
def open_regular(path: str | os.PathLike) -> Iterator:
    """``path`` opened for reading in binary, when it is a regular file, as the open file
    itself says: a FIFO, device or folder at a name graphx reads (a build's
    load-report.json, an engine's meta.json) raises OSError, never waits or reads on for
    ever (a FIFO hung every command; /dev/zero filled the memory)."""
    fd = os.open(path, _O_READ)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(path))
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield fh


#: The most graphx reads of a file it wrote as whole JSON (a load report: about 200 bytes a
#: file, tens of megabytes at 100,000 files): a sparse 10 GB file there took 20 GB to read.
MAX_OWN_JSON = 1 << 29


def read_regular_text(path: str | os.PathLike, limit: int = MAX_OWN_JSON) -> str:
    """The UTF-8 text of the regular file ``path`` (see open_regular); OSError when it is
    larger than ``limit`` bytes, which no file graphx writes is."""
    with open_regular(path) as fh:
        if os.fstat(fh.fileno()).st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit >> 20:,} MB", os.fspath(path))
        return fh.read(limit + 1).decode("utf-8")


def read_file(path: str, limits: Limits = DEFAULT_LIMITS) -> FileResult:
    """Read and parse one file; I/O errors become a skip reason, never an exception.

    Only a regular file is read, as the open file itself says: a FIFO or device put in
    its place after listing is skipped, not waited on (it is opened without blocking).
    """
    cap = limits.max_file_bytes + 1  # one byte over the limit tells parse_item it is over
    first = min(FIRST_READ, cap)
    try:
        fd = os.open(path, _O_READ)
    except FileNotFoundError:
        return FileResult(path, None, "file vanished before reading")
    except OSError as exc:
        return FileResult(path, None, f"cannot read: {exc.strerror or exc}")
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return FileResult(path, None, "a folder where a file was expected"
                              if stat.S_ISDIR(mode) else
                              "not a regular file (device, FIFO or socket)")
        with open(fd, "rb", closefd=False) as fh:
            data = fh.read(first)
            if len(data) == first:  # read on in pieces: a limit is a ceiling, never a size
                parts = [data]      # to allocate (--max-file-bytes 100000000000)
                left = cap - first
                while left > 0:
                    part = fh.read(min(left, READ_PIECE))
                    if not part:
                        break
                    parts.append(part)
                    left -= len(part)
                data = b"".join(parts)
    except OSError as exc:
        return FileResult(path, None, f"cannot read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    return parse_item(data, path, limits)


#: The signals that stop graphx (Ctrl-C, and SIGTERM from timeout, systemd, docker stop).
_STOPS = {signal.SIGINT, signal.SIGTERM}


def _leave_stops_to_the_parent() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which stops the pool and reports
    once. `timeout` and systemd send SIGTERM to the whole process group: a worker that took
    it as its parent does (graphx.__main__) died mid-batch, the broken pool's manager thread
    died with a traceback (a cancelled future), and the parent waited on its other worker
    until SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # Forked with both held (parse_files): one sent before this point was kept pending, and
    # is now dropped, not taken as the parent's.
    if hasattr(signal, "pthread_sigmask"):  # POSIX
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


@contextlib.contextmanager
def _stops_held():
    """Hold Ctrl-C and SIGTERM (POSIX) while a pool forks its workers: a held one comes to
    this process after, and a worker drops its copy (_leave_stops_to_the_parent)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _read_many(paths: list[str], limits: Limits) -> list[FileResult]:
    return [read_file(p, limits) for p in paths]


def as_paths(paths) -> list[str]:
    """``paths`` as a list of path strings: one path (a str or os.PathLike) is a list of
    one, not of its characters."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    return [os.fsdecode(p) for p in paths]


def load(
    paths: Iterable[str] | str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 0,
    progress: Callable[[int, int], None] | None = None,
    options: dict | None = None,
    cache: ParseCache | None = None,
    executor: Executor | None = None,
) -> LoadResult:
    """Load news items from files, folders and globs.

    Returns ``(items, report)``: the loaded items in path order and a report that lists
    every input file once, loaded or skipped with its reason. With a ``cache``, files
    unchanged since they were cached are not parsed again. Raises InputError for a path
    that does not exist and EmptyCorpusError when no file loads.
    """
    paths = as_paths(paths)
    limits = as_limits(limits)  # or a dict of its fields, as CorpusOptions takes them
    surveyed, folders, aliases = time.time_ns(), [], []
    found, stamp = _survey(paths, folders, aliases,
                           cache.path if cache is not None else None)
    # With an ``executor`` (graphx.dask_workers), files are parsed on it instead of here.
    results: list[FileResult] = [FileResult(p, None, why) for p, why in found if why]
    readable = [p for p, why in found if not why]
    cached: dict[str, FileResult] = {}
    if cache is None:
        results.extend(parse_files(readable, limits, jobs, progress, executor))
    else:
        cached, todo = cache.lookup(readable)
        results.extend(cached.values())
        fresh = list(parse_files(list(todo), limits, jobs, progress, executor))
        cache.store(fresh, todo)
        results.extend(fresh)
    results.sort(key=lambda r: r.path)
    items = [r.item for r in results if r.item is not None]
    # The report keeps what it says of each file, not the item: once the graph is built
    # the items can be freed, which matters at a million files. Its paths are text every
    # output can write (a file name's undecodable bytes as \\xNN).
    entries = [replace(r, item=None, loaded=r.item is not None, path=display_path(r.path))
               for r in results]
    report = LoadReport(entries, tuple(paths), dict(options or {}), from_cache=len(cached),
                        stamp=stamp, folders=folders, surveyed=surveyed, aliases=aliases)
    if not results:
        raise EmptyCorpusError(f"no files found under {', '.join(map(display_path, paths))}")
    if not items:
        raise EmptyCorpusError(
            (f"the one file under {', '.join(map(display_path, paths))} is not a news item "
             f"({results[0].reason})") if len(results) == 1 else
            (f"none of the {len(results):,} files under {', '.join(map(display_path, paths))} "
             f"is a news item (first reason: {results[0].reason})")
        )
    return LoadResult(items, report)


def parse_files(
    paths: list[str],
    limits: Limits,
    jobs: int,
    progress: Callable[[int, int], None] | None,
    executor: Executor | None = None,
) -> Iterator[FileResult]:
    """Parse files serially, in a process pool or on ``executor``; the results are the same
    either way, in the order of ``paths``."""
    total = len(paths)
    chunk = 256
    batches = [paths[i : i + chunk] for i in range(0, total, chunk)]
    done = 0
    if executor is not None:
        # The pool forks its workers as the work is handed out: Ctrl-C and SIGTERM are held
        # meanwhile, so that none reaches a worker before it leaves them to this process
        # (a group's SIGTERM in that moment broke the pool, and graphx waited for good).
        with _stops_held():
            results = executor.map(_read_many, batches, [limits] * len(batches))
        for batch in results:
            done += len(batch)
            if progress:
                progress(done, total)
            yield from batch
        return
    if jobs <= 0:  # automatic: a pool pays for its start-up only on larger loads
        jobs = (os.cpu_count() or 1) if total > 1000 else 1
    if jobs > 1 and total > chunk:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs, initializer=_leave_stops_to_the_parent) as pool:
            yield from parse_files(paths, limits, jobs, progress, pool)
        return
    for batch in batches:
        results = _read_many(batch, limits)
        done += len(results)
        if progress:
            progress(done, total)
        yield from results
