"""The related engine saved to a folder and loaded back, so queries on an unchanged corpus skip
loading, building and indexing it.

A saved engine is a folder named by its key (graphx.files.corpus_stamp of the files plus the
options that shaped the graph): plain .npy arrays, opened memory-mapped and never unpickled,
and JSON. It is written under a temporary name and renamed into place, so a reader sees a
complete engine or none. Nothing in it is trusted: only regular files of the expected
names are opened (without following links or waiting on a FIFO), meta.json and each array
must have the CRC-32 they were saved with (damage that leaves them well formed would change
answers silently), and every array is checked (RelatedEngine.check_arrays: what a crafted
engine could use to crash or hang a query); an engine that fails gives one warning, is
removed and rebuilt.
The newest few are kept beside the parse cache, in a folder graphx marks as its own and
never touches unless it bears that mark (or holds only engines).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import time
import warnings
import zlib
from pathlib import Path

import numpy as np

from .. import __version__
from .engine import RelatedEngine

SCHEMA = "graphx-engine/2"
KEEP = 3  # saved engines kept in one folder, most recently used first
_STALE_SECONDS = 3600  # a temporary folder this old belongs to a run that died
#: The file that marks a folder of saved engines as graphx's own.
MARK = ".graphx-engines"
#: An engine's folder name (engine_key gives 32 hex digits): never a path or a hidden name.
_KEY = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
_TEMP = re.compile(r"\.[0-9A-Za-z][0-9A-Za-z_-]{0,63}\.tmp-\d+")
_META_BYTES = 1 << 30  # a meta.json past this is no engine's
_OPEN = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def engine_folder(parse_cache: str | os.PathLike) -> Path:
    """The folder of saved engines beside the parse cache file ``parse_cache``."""
    return Path(parse_cache).parent / "engines"


def engine_key(stamp: str, options: dict) -> str:
    """The name of the engine of a corpus with this stamp, built with these options."""
    text = json.dumps([SCHEMA, __version__, stamp, options], sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _claim(folder: Path) -> None:
    """Make ``folder`` (graphx's folder of saved engines) or check it is one: OSError when
    it holds anything without graphx's mark, so nothing of anyone else's is ever pruned."""
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / MARK
    if not mark.is_file():  # new, or made by a graphx before the mark: only engines in it
        with os.scandir(folder) as entries:
            ours = all((_KEY.fullmatch(e.name) and e.is_dir(follow_symlinks=False))
                       or _TEMP.fullmatch(e.name) for e in entries)
        if not ours:
            raise OSError(f"{folder} is not graphx's folder of saved engines (it holds other "
                          f"files, and no {MARK} file)")
        mark.touch()


def _remove(path: Path) -> None:
    """Remove a saved engine (a folder), or whatever else stands at its name."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def save_engine(engine: RelatedEngine, folder: str | os.PathLike, key: str,
                about: dict | None = None) -> Path | None:
    """Save ``engine`` as ``folder/key``; ``about`` (JSON) is kept with it. Returns the path,
    or None when it could not be written (a warning says why; the next run rebuilds)."""
    folder = Path(folder)
    final = folder / key
    tmp = folder / f".{key}.tmp-{os.getpid()}"
    try:
        if not _KEY.fullmatch(key):
            raise ValueError(f"{key!r} is not an engine key")
        _claim(folder)
        _sweep(folder)
        if final.is_dir() and not final.is_symlink():
            os.utime(final)
            return final
        if os.path.lexists(final):  # a file or link where an engine belongs: not ours
            warnings.warn(f"replacing {final}, which was no saved related index", stacklevel=2)
            _remove(final)
        tmp.mkdir()
        arrays, meta = engine.to_arrays()
        sums = {}
        for name, value in arrays.items():
            value = np.ascontiguousarray(value)
            np.save(tmp / f"{name}.npy", value, allow_pickle=False)
            sums[name] = zlib.crc32(value)
        meta.update(schema=SCHEMA, key=key, arrays=sorted(arrays), crc32=sums,
                    about=about or {})
        text = json.dumps(meta, ensure_ascii=False).encode("utf-8")
        (tmp / "meta.json").write_bytes(text)
        (tmp / "meta.crc32").write_text(str(zlib.crc32(text)))  # the arrays' sums are in it
        try:
            os.rename(tmp, final)
        except OSError:  # another run saved the same engine first
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(folder)
        return final
    except (OSError, ValueError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        warnings.warn(f"could not save the related index in {folder}: {exc}", stacklevel=2)
        return None


def _open_regular(path: Path):
    """``path`` opened for reading, when it is a regular file (not a link, folder, FIFO or
    device; opened without blocking, so a FIFO cannot hang the run); else ValueError."""
    try:
        fd = os.open(path, _OPEN)
    except OSError as exc:
        raise ValueError(f"{path.name}: {exc.strerror or exc}") from None
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fh.close()
        raise ValueError(f"{path.name} is not a regular file")
    return fh


def _read_array(path: Path) -> np.ndarray:
    """The array saved in the .npy file ``path``, memory-mapped (never unpickled): a flat
    array of plain numbers or text in this machine's byte order, or ValueError."""
    with _open_regular(path) as fh:
        version = np.lib.format.read_magic(fh)
        if version not in ((1, 0), (2, 0), (3, 0)):
            raise ValueError(f"{path.name}: not a .npy file")
        read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                       else np.lib.format.read_array_header_2_0)
        shape, fortran, dtype = read_header(fh)
        if (len(shape) != 1 or fortran or dtype.hasobject or dtype.fields is not None
                or dtype.kind not in "biufU" or not dtype.isnative):
            raise ValueError(f"{path.name}: not a flat array of numbers or text")
        offset, size = fh.tell(), os.fstat(fh.fileno()).st_size
        if size != offset + shape[0] * dtype.itemsize:
            raise ValueError(f"{path.name}: {size:,} bytes where the header says "
                             f"{offset + shape[0] * dtype.itemsize:,}")
        if not shape[0]:
            return np.zeros(0, dtype=dtype)
        return np.memmap(fh, dtype=dtype, mode="r", offset=offset, shape=shape)


def load_engine(folder: str | os.PathLike, key: str, *, weights: dict | None = None
                ) -> tuple[RelatedEngine, dict] | None:
    """(engine, about) saved as ``folder/key``, or None when there is none; one that fails
    its checks gives a warning, is removed, and gives None."""
    path = Path(folder) / key
    if not os.path.lexists(path) or not _KEY.fullmatch(key):
        return None
    try:
        if not path.is_dir() or path.is_symlink():
            raise ValueError("not a folder")
        with _open_regular(path / "meta.json") as fh:
            text = fh.read(_META_BYTES + 1)
        if len(text) > _META_BYTES:
            raise ValueError("meta.json is too large")
        with _open_regular(path / "meta.crc32") as fh:
            if fh.read(20).strip() != str(zlib.crc32(text)).encode():
                raise ValueError("meta.json does not have the checksum it was saved with")
        meta = json.loads(text)
        if not isinstance(meta, dict) or meta.get("schema") != SCHEMA or meta.get("key") != key:
            raise ValueError("not an engine of this graphx version")
        names = meta.get("arrays")
        if (not isinstance(names, list) or len(set(names)) != len(names)
                or set(names) != RelatedEngine.ARRAY_NAMES):
            raise ValueError("not the arrays of an engine of this graphx version")
        about = meta.get("about")
        if not isinstance(about, dict):
            raise ValueError("about: not an object")
        sums = meta.get("crc32")
        if not isinstance(sums, dict) or set(sums) != set(names):
            raise ValueError("no checksum for each array")
        arrays = {}
        for name in names:
            arrays[name] = _read_array(path / f"{name}.npy")
            if zlib.crc32(arrays[name]) != sums[name]:  # damage that leaves it well formed
                raise ValueError(f"{name}.npy does not have the checksum it was saved with")
        engine = RelatedEngine.from_arrays(arrays, meta, weights=weights)
    except (OSError, ValueError, KeyError, TypeError, IndexError, OverflowError,
            RecursionError) as exc:
        warnings.warn(f"ignoring the saved related index {path} ({exc}); rebuilding it",
                      stacklevel=2)
        _remove(path)  # so the rebuilt one can take its place
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves its engines
        os.utime(path)  # recently used: kept longest
    return engine, about


def _sweep(folder: Path) -> None:
    """Remove temporary folders left by runs that died while saving."""
    now = time.time()
    stale = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if _TEMP.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS:
                        stale.append(Path(entry.path))
    for path in stale:
        _remove(path)


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently used engines in ``folder``."""
    saved = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if _KEY.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    saved.append((entry.stat().st_mtime, entry.path))
    for _, old in sorted(saved, reverse=True)[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
