"""Atomic file writes: a reader sees the complete old file or the complete new one, never half.

A writer that is killed (SIGKILL, power loss) cannot remove its temporary file, so the next
write of the same path removes such leftovers: temporary files of its own naming pattern,
older than this process, that no live writer holds locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import time
from collections.abc import Iterator
from typing import IO

#: When this process loaded graphx: a temporary file last written before then is not ours.
STARTED = time.time()


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` in one rename.

    On any error (or KeyboardInterrupt) the temporary file is removed and ``path`` is untouched.
    Stale temporary files of ``path`` left by killed writers are removed first.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
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
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def _temp_name(path: str, folder: str) -> str:
    """A fresh temporary name beside ``path``: ".NAME.xxxxxxxx.tmp" (mkstemp's pattern)."""
    tag = "".join(secrets.choice(_NAME_CHARS) for _ in range(8))
    return os.path.join(folder, f".{os.path.basename(path)}.{tag}.tmp")


def remove_stale_temps(path: str | os.PathLike) -> list[str]:
    """Remove the temporary files ``atomic_open`` made for ``path`` and whose writer is gone.

    Only names of atomic_open's own pattern, last written before this process started and
    not locked by a live writer; returns the removed paths.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    pattern = re.compile(re.escape(f".{os.path.basename(path)}.") + r"[a-z0-9_]{8}\.tmp")
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


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w") as fh:
        fh.write(data)
