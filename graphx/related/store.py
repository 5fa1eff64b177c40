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
import errno
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import stat
import time
import warnings
import zlib
from pathlib import Path

import numpy as np

from .. import __version__
from ..atomic import STARTED, json_file_text
from ..cache import CHECK_KEY, ENGINES_FOLDER, MARK
from ..files import open_regular
from ..model import DEFAULT_LIMITS, TRUST_WINDOW_NS
from ..sources import code_digest
from .engine import RelatedEngine

#: What every engine schema starts with (an engine of any version is graphx's own).
SCHEMA_PREFIX = "graphx-engine/"
SCHEMA = f"{SCHEMA_PREFIX}10"
KEEP = 3  # saved engines kept in one folder, most recently used first
_STALE_SECONDS = 3600  # a temporary folder this old belongs to a run that died
#: An engine's folder name (engine_key gives 32 hex digits): never a path or a hidden name.
_KEY = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
_TEMP = re.compile(r"\.[0-9A-Za-z][0-9A-Za-z_-]{0,63}\.tmp-\d+")
_META_BYTES = 1 << 30  # a meta.json past this is no engine's
_OPEN = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def engine_folder(parse_cache: str | os.PathLike) -> Path:
    """The folder of saved engines beside the parse cache file ``parse_cache``."""
    return Path(parse_cache).parent / ENGINES_FOLDER


def engine_key(stamp: str, options: dict) -> str:
    """The name of the engine of a corpus with this stamp, built with these options."""
    text = json.dumps([SCHEMA, __version__, code_digest(), stamp, options], sort_keys=True)
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
    return _put(folder, key, lambda tmp: write_engine(engine, tmp, key, about))


def _put(folder: str | os.PathLike, key: str, fill, *, quiet: tuple = ()) -> Path | None:
    """Place an engine as ``folder/key`` (graphx's folder of saved engines, claimed, swept
    and pruned here), ``fill(tmp)`` making it under a temporary name first; an engine
    already there is kept and touched. Returns its path, or None with a warning (none for
    an OSError whose errno is in ``quiet``) when it cannot be placed."""
    folder = Path(folder)
    final, tmp = folder / key, folder / f".{key}.tmp-{os.getpid()}"
    try:
        if not _KEY.fullmatch(key):
            raise ValueError(f"{key!r} is not an engine key")
        _claim(folder)
        _sweep(folder)
        if final.is_dir() and not final.is_symlink():
            os.utime(final)
            return final
        if os.path.lexists(final):  # a file or link where an engine belongs: not ours
            warnings.warn(f"replacing {final}, which was no saved related index", stacklevel=3)
            _remove(final)
        fill(tmp)
        try:
            os.rename(tmp, final)
        except OSError:  # another run saved the same engine first
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(folder)
        return final
    except (OSError, ValueError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if getattr(exc, "errno", None) not in quiet:
            warnings.warn(f"could not save the related index in {folder}: {exc}", stacklevel=3)
        return None


def write_engine(engine: RelatedEngine, path: str | os.PathLike, key: str,
                 about: dict | None = None) -> None:
    """Write ``engine`` into the new folder ``path``, as the engine ``key`` (the name it
    will be read under once renamed into place); ``about`` (JSON) is kept with it. Raises
    OSError when it cannot be written (the folder is then removed)."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"{key!r} is not an engine key")
    path = Path(path)
    try:
        path.mkdir(exist_ok=True)
        sums = {}
        for name, value in engine.iter_arrays():  # one packed table held at a time
            value = np.ascontiguousarray(value)
            np.save(path / f"{name}.npy", value, allow_pickle=False)
            sums[name] = zlib.crc32(value)
            del value
        meta = engine.to_meta()
        meta.update(schema=SCHEMA, key=key, arrays=sorted(sums), crc32=sums,
                    about=about or {})
        text = json_file_text(meta).encode("utf-8")
        (path / "meta.json").write_bytes(text)
        (path / "meta.crc32").write_text(str(zlib.crc32(text)))  # the arrays' sums are in it
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise


def replace_engine(new: str | os.PathLike, final: str | os.PathLike) -> None:
    """Put the engine folder ``new`` in the place of ``final`` (an engine or nothing) by
    renames, so a reader sees the old engine or the new one. Another run doing the same at
    once makes one of them the last. Raises OSError."""
    new, final = Path(new), Path(final)
    old = []
    try:
        for attempt in range(8):
            try:
                os.rename(new, final)  # onto nothing, or an empty folder
                return
            except OSError as exc:
                if attempt == 7 or exc.errno not in (errno.ENOTEMPTY, errno.EEXIST,
                                                     errno.EISDIR):
                    raise
            old.append(final.parent / f".{final.name}.{_token()}.tmp")
            with contextlib.suppress(FileNotFoundError):  # another run moved it first
                os.rename(final, old[-1])
    finally:
        for path in old:
            _remove(path)


def discard_engine(final: str | os.PathLike) -> None:
    """Take a build's engine folder away (renamed aside, then removed), so that nothing
    answers from an engine older than the outputs beside it. Never raises."""
    final = Path(final)
    aside = final.parent / f".{final.name}.{_token()}.tmp"
    try:
        os.rename(final, aside)
    except OSError:
        return
    _remove(aside)


def _token() -> str:
    return "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(8))


def remove_stale_engine_folders(final: str | os.PathLike) -> None:
    """Remove the folders new_engine_folder made beside ``final`` that a killed run left:
    older than this process, their lock free."""
    final = Path(final)
    pattern = re.compile(re.escape(f".{final.name}.") + r"[a-z0-9_]{8}\.tmp")
    with contextlib.suppress(OSError), os.scandir(final.parent) as entries:
        stale = [Path(e.path) for e in entries if pattern.fullmatch(e.name)
                 and e.is_dir(follow_symlinks=False) and e.stat().st_mtime < STARTED]
    for path in stale:
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: its writer is gone
                shutil.rmtree(path, ignore_errors=True)
            finally:
                os.close(fd)


@contextlib.contextmanager
def new_engine_folder(final: str | os.PathLike):
    """A new empty folder beside ``final`` to write an engine into (then replace_engine),
    locked while the block runs and removed at its end unless it was renamed. Such folders
    that a killed run left (older than this process, their lock free) are removed first."""
    final = Path(final)
    remove_stale_engine_folders(final)
    tmp, fd = final.parent / f".{final.name}.{_token()}.tmp", -1
    try:  # from before it exists: a Ctrl-C the moment it is made still removes it
        tmp.mkdir()
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield tmp
    finally:
        if fd >= 0:
            os.close(fd)
        shutil.rmtree(tmp, ignore_errors=True)


def link_engine(path: str | os.PathLike, folder: str | os.PathLike, key: str) -> Path | None:
    """Keep the engine folder ``path`` in the saved engines ``folder`` as ``key`` too, its
    files hard links (no copy, no second write). None when that cannot be done, which only
    costs a later query the build of its engine: silently when ``folder`` is on another
    file system, else with a warning."""

    def fill(tmp: Path) -> None:
        tmp.mkdir()
        for name in _files(Path(path)):
            os.link(Path(path) / name, tmp / name)

    return _put(folder, key, fill, quiet=(errno.EXDEV,))


# --- engines checked once -------------------------------------------------------------------
#
# Reading every array of a saved engine to check it costs about a second per 100,000
# articles, more than the query. So an engine whose every file passed the checks (or was
# just written by graphx) is vouched for: VERIFIED records each file's identity (device,
# inode, size, modification and change times) under an HMAC whose key only this user can
# read (graphx.cache's folder, mode 0600). A later load whose files have the very same
# identities skips the array checks: writing a file, even to put its old times back,
# moves its change time, and whoever can write the engine's folder but not read the key
# cannot make a record that vouches for other files. A file changed within TRUST_WINDOW_NS
# of the record is never vouched for (the clock that stamps change times is coarse).

VERIFIED = "verified.json"
_VERIFIED_BYTES = 1 << 20
_SECRET = CHECK_KEY


def _files(path: Path) -> list[str]:
    """The names of an engine's files (every array, meta.json and its checksum)."""
    return ["meta.crc32", "meta.json", *(f"{name}.npy" for name in
                                         sorted(RelatedEngine.ARRAY_NAMES))]


def identities(path: str | os.PathLike) -> dict | None:
    """{file name: [device, inode, size, mtime_ns, ctime_ns]} of the engine at ``path``;
    None when a file is missing or not a regular file."""
    out = {}
    for name in _files(Path(path)):
        try:
            st = os.stat(Path(path) / name, follow_symlinks=False)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        out[name] = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    return out


def engine_complete(path: str | os.PathLike) -> bool:
    """Whether the folder ``path`` holds every file of an engine of this graphx version
    (its meta.json says this schema). Cheap: nothing is checked past that; read_engine
    checks the rest when the engine is used."""
    if identities(path) is None:
        return False
    try:
        with _open_regular(Path(path) / "meta.json") as fh:
            meta = json.loads(fh.read(_META_BYTES))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(meta, dict) and meta.get("schema") == SCHEMA


def _secret(create: bool) -> bytes | None:
    """This user's key for VERIFIED records (made when ``create``), or None when there is
    none or it is not a private regular file of 32 bytes."""
    from ..cache import cache_location

    base = cache_location()
    if base is None:  # no home folder: no cache, no key beside it
        return None
    path = base.parent / _SECRET
    try:
        fd = os.open(path, _OPEN)
    except FileNotFoundError:
        if not create:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                         0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        except OSError:
            pass
        return _secret(False)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if (not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or st.st_uid != os.getuid()
                or st.st_size != 32):
            return None
        return fh.read(32)


def _mac(key: bytes, files: dict) -> str:
    return hmac.new(key, json.dumps([SCHEMA, __version__, code_digest(), files],
                                    sort_keys=True).encode(), hashlib.sha256).hexdigest()


def vouch(path: str | os.PathLike, files: dict | None) -> bool:
    """Record that the engine files ``files`` (identities, as taken when they were written
    or checked) are sound, when they are still those and none is too recent to trust.
    Returns whether the record was written (failing costs a later load its checks)."""
    if not files or files != identities(path):
        return False
    recent = time.time_ns() - TRUST_WINDOW_NS
    if any(ids[4] >= recent or ids[3] >= recent for ids in files.values()):
        return False
    key = _secret(create=True)
    if key is None:
        return False
    record = json.dumps({"schema": SCHEMA, "files": files, "mac": _mac(key, files)})
    tmp = Path(path) / f".{VERIFIED}.tmp-{os.getpid()}"
    try:
        tmp.write_text(record)
        os.replace(tmp, Path(path) / VERIFIED)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True


def vouched(path: str | os.PathLike) -> bool:
    """True when ``path``'s VERIFIED record is this user's and names the very files there."""
    try:
        with _open_regular(Path(path) / VERIFIED) as fh:
            record = json.loads(fh.read(_VERIFIED_BYTES))
        files, mac = record["files"], record["mac"]
        if record["schema"] != SCHEMA or not isinstance(mac, str):
            return False
    except (ValueError, KeyError, TypeError, OSError, RecursionError):
        return False
    key = _secret(create=False)
    return (key is not None and hmac.compare_digest(_mac(key, files), mac)
            and files == identities(path))


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


def _array_bound(meta: dict) -> int:
    """The most values an array of the engine ``meta`` describes can hold, loosely: its
    largest matrix's cells, and for each article, file and hub of it every character a
    parse keeps of a title and an excerpt, eight times over. An array's header is read
    against it before any checksum: a sparse 16 GB text.data.npy (4 KB on disk) in a
    66-article build's engine was read whole, a minute and 15.6 GB, before it was refused."""
    shapes = meta.get("shapes")
    if not isinstance(shapes, dict) or not all(
            isinstance(s, list) and len(s) == 2
            and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in s)
            for s in shapes.values()):
        raise ValueError("shapes: not two whole numbers for each matrix")
    about = meta.get("about") if isinstance(meta.get("about"), dict) else {}
    provenance = about.get("provenance") if isinstance(about.get("provenance"), dict) else {}
    limits = provenance.get("limits") if isinstance(provenance.get("limits"), dict) else {}
    text = limits.get("max_text_chars", DEFAULT_LIMITS.max_text_chars)
    files = about.get("files", 0)
    hubs = meta.get("hubs") if isinstance(meta.get("hubs"), list) else []
    if not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in (text, files)):
        raise ValueError("about: the limits or the file count are no whole numbers")
    articles = max((d for shape in shapes.values() for d in shape), default=0)
    cells = max((r * c for r, c in shapes.values()), default=0)
    return cells + (articles + files + len(hubs) + 1) * (8 * text + 64) + 4096


def _read_array(path: Path, bound: int | None = None) -> np.ndarray:
    """The array saved in the .npy file ``path``, memory-mapped (never unpickled): a flat
    array of plain numbers or text in this machine's byte order, of at most ``bound``
    values, or ValueError."""
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
        if bound is not None and shape[0] > bound:
            raise ValueError(f"{path.name}: {shape[0]:,} values, more than an engine of "
                             "its size holds")
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
        found = read_engine(path, weights=weights)
    except ValueError as exc:
        warnings.warn(f"ignoring the saved related index {path} ({exc}); rebuilding it",
                      stacklevel=2)
        _remove(path)  # so the rebuilt one can take its place
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves its engines
        os.utime(path)  # recently used: kept longest
    return found


def _read_meta(path: Path, any_key: bool) -> dict:
    """The meta.json of the engine folder ``path``, checked: its checksum, schema, key
    (see read_engine), array names and ``about``. Raises ValueError (or OSError)."""
    with _open_regular(path / "meta.json") as fh:
        text = fh.read(_META_BYTES + 1)
    if len(text) > _META_BYTES:
        raise ValueError("meta.json is too large")
    with _open_regular(path / "meta.crc32") as fh:
        if fh.read(20).strip() != str(zlib.crc32(text)).encode():
            raise ValueError("meta.json does not have the checksum it was saved with")
    meta = json.loads(text)
    if (not isinstance(meta, dict) or meta.get("schema") != SCHEMA
            or not (meta.get("key") == path.name or any_key and isinstance(meta.get("key"), str)
                    and _KEY.fullmatch(meta["key"]))):
        raise ValueError("not an engine of this graphx version")
    names = meta.get("arrays")
    if (not isinstance(names, list) or len(set(names)) != len(names)
            or set(names) != RelatedEngine.ARRAY_NAMES):
        raise ValueError("not the arrays of an engine of this graphx version")
    if not isinstance(meta.get("about"), dict):
        raise ValueError("about: not an object")
    return meta


def saved_about(path: str | os.PathLike) -> dict | None:
    """What a build's engine folder ``path`` keeps about the build (its ``about``), its
    meta.json checked but no array read; None when it is no sound engine's."""
    try:
        return _read_meta(Path(path), any_key=True)["about"]
    except (OSError, ValueError, RecursionError):
        return None


def read_engine(path: str | os.PathLike, *, weights: dict | None = None, any_key: bool = False
                ) -> tuple[RelatedEngine, dict]:
    """(engine, about) of the engine folder ``path``, checked (see the module docstring)
    unless vouched for; a full check that passes vouches for it. The engine must have been
    saved under the folder's name (the key of its corpus), unless ``any_key`` (a build's
    own engine, which its folder names). Raises ValueError, naming what is wrong, when it
    is not a sound engine of this graphx version."""
    path = Path(path)
    try:
        if path.is_symlink():
            raise ValueError("a link, not a folder of its own")
        if not path.is_dir():
            raise ValueError("not a folder")
        trusted = vouched(path)
        before = None if trusted else identities(path)
        meta = _read_meta(path, any_key)
        arrays = dict(_arrays(path, meta, checked=not trusted))
        engine = RelatedEngine.from_arrays(arrays, meta, weights=weights, checked=trusted)
        about = meta["about"]
    except (OSError, ValueError, KeyError, TypeError, IndexError, OverflowError,
            RecursionError) as exc:
        raise ValueError(str(exc)) from exc
    if not trusted:
        vouch(path, before)
    return engine, about


def engine_sound(path: str | os.PathLike) -> bool:
    """Whether the engine folder ``path`` is whole: vouched for, or every array has the
    checksum it was saved with (then vouched for). An array damaged in place at its size
    left a build folder "up to date" for `graphx build`, while `related` refused it."""
    path = Path(path)
    if vouched(path):
        return True
    try:
        before = identities(path)
        for _ in _arrays(path, _read_meta(path, True), checked=True):
            pass  # one array held at a time
    except (OSError, ValueError, KeyError, TypeError, IndexError, OverflowError,
            RecursionError):
        return False
    vouch(path, before)
    return True


def _arrays(path: Path, meta: dict, *, checked: bool):
    """(name, array) of each array of the engine folder ``path`` that ``meta`` lists,
    each bounded by what an engine of its size can hold and, when ``checked``, against the
    checksum it was saved with (damage that leaves an array well formed). Raises
    ValueError (or OSError) naming what is wrong."""
    names, sums = meta["arrays"], meta.get("crc32")
    if not isinstance(sums, dict) or set(sums) != set(names):
        raise ValueError("no checksum for each array")
    bound = _array_bound(meta)
    for name in names:
        array = _read_array(path / f"{name}.npy", bound)
        if checked and zlib.crc32(array) != sums[name]:
            raise ValueError(f"{name}.npy does not have the checksum it was saved with")
        yield name, array


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


#: A writer's temporary files in an engine folder (this module's, graphx.atomic's).
_WRITER_TEMP = re.compile(r"\.verified\.json\.tmp-\d+|\.[\w.-]+\.[a-z0-9_]{8}\.tmp")


def engine_folder_ok(path: Path) -> bool:
    """An engine folder graphx can replace: none, an empty one, or one whose meta.json
    says it is a graphx engine's (any version) and that holds nothing but an engine's files."""
    if not path.exists() and not path.is_symlink():
        return True
    if path.is_symlink() or not path.is_dir():
        return False
    try:
        names = [p.name for p in path.iterdir()]
        if not names:
            return True
        with open_regular(path / "meta.json") as fh:
            # Whole: its "schema" comes after the corpus's hubs, many megabytes at 100k
            # articles (a first megabyte of it read as no JSON, and a forced rebuild of a
            # 100k corpus was refused its own engine); only a file past any meta's size is
            # not read.
            text = fh.read(_META_BYTES + 1)
        if len(text) > _META_BYTES:
            return False
        meta = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return False
    if not (isinstance(meta, dict) and str(meta.get("schema", "")).startswith(SCHEMA_PREFIX)):
        return False
    # Nothing but the engine's own files (its arrays as its meta.json names them) and a
    # writer's temporary ones: a file of the user's put in it would go with the folder.
    arrays = meta.get("arrays") if isinstance(meta.get("arrays"), list) else []
    own = {"meta.json", "meta.crc32", "verified.json", *(f"{a}.npy" for a in arrays
                                                            if isinstance(a, str))}
    return all(n in own or _WRITER_TEMP.fullmatch(n) for n in names)


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently used engines in ``folder``. Only engines are removed: a
    folder of another name's shape ("my-notes", "2024") that is no engine graphx wrote, or
    holds anything else, is left alone (it was removed with everything in it)."""
    saved = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if _KEY.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    saved.append((entry.stat().st_mtime, entry.path))
    kept = 0
    for _, path in sorted(saved, reverse=True):  # newest first
        if kept < KEEP:
            kept += os.path.isfile(os.path.join(path, "meta.json"))
        elif engine_folder_ok(Path(path)):
            shutil.rmtree(path, ignore_errors=True)
