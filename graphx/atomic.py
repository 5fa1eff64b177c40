"""Atomic file writes: a reader sees the complete old file or the complete new one, never half.

A writer that is killed (SIGKILL, power loss) cannot remove its temporary file, so the next
write of the same path removes such leftovers: temporary files of its own naming pattern,
older than this process, that no live writer holds locked. Any failure to write (no such
folder, no permission, a full disk) is an OutputError naming the path, and leaves the old
file in place; ``replacing_together`` extends that to a set of files.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable, Iterator
from typing import IO

from .errors import OutputError

#: When this process loaded graphx: a temporary file last written before then is not ours.
STARTED = time.time()


def real_path(path: str | os.PathLike, error: type = OutputError) -> str:
    """os.path.realpath of ``path``, or ``error`` (one sentence) when its links run deeper
    than Python's stack: a chain of 1,000 links was a RecursionError traceback."""
    try:
        return os.path.realpath(path)
    except RecursionError:
        raise error(f"cannot follow {os.fspath(path)}: too many levels of symbolic "
                    "links") from None


def make_folder(folder: str | os.PathLike, *, named: str | os.PathLike | None = None) -> None:
    """Make ``folder`` and its parents; OutputError (one sentence) when that fails, naming
    the folder as ``named`` (how the user spelled it, relative or not; by default
    ``folder``): an output file's folder made absolute read as ``/out`` in the root, a
    folder the user never named, where `build` said ``out`` for the same failure."""
    folder = os.fspath(folder)
    shown = os.fspath(named) if named is not None else folder
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        blocking = folder
        while blocking and not os.path.lexists(blocking):
            blocking = os.path.dirname(blocking)
        if blocking and not os.path.isdir(blocking):
            if os.path.isabs(blocking) and not os.path.isabs(shown):
                blocking = os.path.relpath(blocking)
            raise OutputError(f"cannot make the folder {shown}: {blocking} is a file") from exc
        raise OutputError(f"cannot make the folder {shown}: {exc.strerror or exc}") from exc


#: The replacements of the innermost replacing_together(), which atomic_open defers to it.
_DEFERRED: list[list[tuple[str, str]]] = []
#: A descriptor holding the lock of each deferred temporary file until it is renamed or
#: removed: unlocked, a build starting meanwhile could take it for a dead writer's.
_HELD: dict[str, int] = {}


def hold(tmp: str) -> None:
    """Lock the finished temporary file ``tmp`` (one a child process wrote and handed over)
    until replacing_together renames or removes it; nothing when it cannot be opened."""
    if tmp in _HELD:
        return
    try:
        fd = os.open(tmp, os.O_RDONLY | _O_CLOEXEC)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return
    _HELD[tmp] = fd


def _release(tmp: str) -> None:
    fd = _HELD.pop(tmp, -1)
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)


def deferred() -> list[tuple[str, str]]:
    """The (temporary file, target) replacements the innermost replacing_together() will
    make, to add to (a child process that wrote outputs hands its own to its parent this
    way); a new empty list outside one."""
    return _DEFERRED[-1] if _DEFERRED else []


@contextlib.contextmanager
def replacing_together() -> Iterator[None]:
    """Within this block, files written with atomic_open replace their targets only when
    the whole block succeeds, all at the end: a failure on any of them (a full disk, an
    interrupt) leaves every target as it was."""
    pending: list[tuple[str, str]] = []
    _DEFERRED.append(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            _release(tmp)
        raise
    finally:
        _DEFERRED.pop()
    try:
        for at, (tmp, path) in enumerate(pending):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                for later, _ in pending[at:]:
                    with contextlib.suppress(OSError):
                        os.unlink(later)
                if isinstance(exc, FileNotFoundError) and os.path.isdir(
                        os.path.dirname(os.path.abspath(path))):
                    # Its folder is there, its finished temporary file is not: another run
                    # into the folder took it for a killed build's (two builds at once).
                    raise OutputError(
                        f"cannot write {path}: another run writing into "
                        f"{os.path.dirname(path) or '.'} at the same time removed this "
                        "build's finished file; build again once that run is done") from exc
                raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        for tmp, _ in pending:
            _release(tmp)


#: Standard output as a path (what `-o -` names): always written into, even when it is a
#: file the shell opened (renaming over it would defeat `>>`).
STDOUT = "/dev/stdout"


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one rename
    (at the end of the enclosing replacing_together(), if any).

    On any error (or KeyboardInterrupt) the temporary file is removed and ``path`` is
    untouched; an OSError becomes an OutputError naming ``path``. Stale temporary files of
    ``path`` left by killed writers are removed first.
    """
    path = os.fspath(path)
    if not os.path.basename(path) or os.path.isdir(path):
        raise OutputError(f"cannot write {path}: it is a folder; name a file to write")
    try:
        target = os.stat(path)  # through links, as a shell's > goes
    except OSError:
        target = None
    if path == STDOUT or target is not None and not stat.S_ISREG(target.st_mode):
        # A pipe or a terminal (/dev/stdout, a FIFO): written into, as there is no file to
        # replace (a rename would put a file in its place).
        text = {} if "b" in mode else {"encoding": encoding}
        try:
            # Standard output is written on the descriptor the shell gave, never reopened
            # (opening /dev/stdout for writing would empty a file `>>` appends to).
            with (os.fdopen(os.dup(1), mode, **text) if path == STDOUT
                  else open(path, mode, **text)) as fh:
                yield fh
        except BrokenPipeError:
            raise  # its reader went away (`| head`): the command line ends quietly
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return
    if os.path.islink(path):  # the file the link names is replaced, never the link itself
        path = real_path(path)
    folder = os.path.dirname(os.path.abspath(path))
    make_folder(folder, named=os.path.dirname(os.fspath(path)) or os.curdir)
    remove_stale_temps(path)
    tmp, fd = _temp_name(path, folder), -1
    try:
        # Named before it is made, so a Ctrl-C landing the moment it exists still finds it
        # (tempfile.mkstemp can be interrupted after creating its file, before naming it).
        while fd < 0:
            try:
                fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, 0o600)
            except FileExistsError:
                tmp = _temp_name(path, folder)
        # Held until the rename: a lock that can be taken marks a temp file whose writer died.
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        text = {} if "b" in mode else {"encoding": encoding, "newline": ""}
        with os.fdopen(fd, mode, **text) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            if _DEFERRED:  # the lock stays with a copy of the descriptor until the rename
                _HELD[tmp] = os.dup(fh.fileno())
        if _DEFERRED:
            _DEFERRED[-1].append((tmp, path))
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):  # the real error is the one to report
            os.unlink(tmp)
        _release(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise


_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"


#: The longest file name most file systems hold, in bytes (ext4, XFS, btrfs, APFS, NTFS).
_NAME_MAX = 255
#: What a temporary name adds to its target's: ".", ".xxxxxxxx.tmp".
_TEMP_EXTRA = len("..xxxxxxxx.tmp")


def _temp_stem(name: str) -> str:
    """The part of a temporary name that names its target: the name itself, or, when the
    temporary name would pass 255 bytes (a target name of 242 bytes or more), its first
    bytes and a digest of the whole, so that a long name can be written too."""
    raw = os.fsencode(name)
    if len(raw) + _TEMP_EXTRA <= _NAME_MAX:
        return name
    digest = hashlib.sha1(raw).hexdigest()[:12]
    keep = raw[:_NAME_MAX - _TEMP_EXTRA - len(digest) - 1]
    # Cut between characters: a UTF-8 name's last character is dropped whole, not split.
    while keep and 0x80 <= keep[-1] < 0xC0 and keep[:-1]:
        keep = keep[:-1]
    if keep and keep[-1] >= 0xC0:
        keep = keep[:-1]
    return os.fsdecode(keep) + "~" + digest


def _temp_name(path: str, folder: str) -> str:
    """A fresh temporary name beside ``path``: ".NAME.xxxxxxxx.tmp" (mkstemp's pattern)."""
    tag = "".join(secrets.choice(_NAME_CHARS) for _ in range(8))
    return os.path.join(folder, f".{_temp_stem(os.path.basename(path))}.{tag}.tmp")


def remove_stale_temps(path: str | os.PathLike) -> list[str]:
    """Remove the temporary files ``atomic_open`` made for ``path`` and whose writer is gone.

    Only names of atomic_open's own pattern, last written before this process started and
    not locked by a live writer; returns the removed paths.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    pattern = re.compile(re.escape(f".{_temp_stem(os.path.basename(path))}.")
                         + r"[a-z0-9_]{8}\.tmp")
    removed = []
    try:
        names = [n for n in os.listdir(folder) if pattern.fullmatch(n)]
    except OSError:
        return removed
    for name in names:
        tmp = os.path.join(folder, name)
        try:
            with open(tmp, "rb") as fh:
                if os.fstat(fh.fileno()).st_mtime >= STARTED:
                    continue
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # its writer is alive and will rename or remove it
                os.unlink(tmp)
                removed.append(tmp)
        except OSError:
            continue  # renamed or removed meanwhile, or not ours to remove
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: str | bytes | Iterable[str]) -> None:
    """Write ``data`` (text, bytes, or text in pieces, written as they come) to ``path``
    atomically."""
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w") as fh:
        if isinstance(data, str | bytes):
            fh.write(data)
        else:
            for piece in data:
                fh.write(piece)


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_file_text(data, *, indent: int | None = None) -> str:
    """JSON text of ``data`` for a file graphx writes (a load report, an engine's meta): text
    as it came, except lone surrogates (a file name's bytes that are not UTF-8), which no
    file's UTF-8 can hold, written as \\u escapes: json.loads gives back the same path."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if text.isascii():
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
