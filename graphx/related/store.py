"""The related engine saved to a folder and loaded back, so queries on an unchanged corpus skip
loading, building and indexing it.

A saved engine is a folder named by its key (graphx.files.corpus_stamp of the files plus the
options that shaped the graph): plain .npy arrays, opened memory-mapped and never unpickled,
and JSON. It is written under a temporary name and renamed into place, so a reader sees a
complete engine or none; an unreadable one is ignored with a warning and rebuilt. The
newest few are kept beside the parse cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import warnings
from pathlib import Path

import numpy as np

from .. import __version__
from .engine import RelatedEngine

SCHEMA = "graphx-engine/1"
KEEP = 3  # saved engines kept in one folder, most recently used first
_STALE_SECONDS = 3600  # a temporary folder this old belongs to a run that died


def engine_folder(parse_cache: str | os.PathLike) -> Path:
    """The folder of saved engines beside the parse cache file ``parse_cache``."""
    return Path(parse_cache).parent / "engines"


def engine_key(stamp: str, options: dict) -> str:
    """The name of the engine of a corpus with this stamp, built with these options."""
    text = json.dumps([SCHEMA, __version__, stamp, options], sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def save_engine(engine: RelatedEngine, folder: str | os.PathLike, key: str,
                about: dict | None = None) -> Path | None:
    """Save ``engine`` as ``folder/key``; ``about`` (JSON) is kept with it. Returns the path,
    or None when it could not be written (a warning says why; the next run rebuilds)."""
    folder = Path(folder)
    final = folder / key
    tmp = folder / f".{key}.tmp-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _sweep(folder)
        if final.is_dir():
            os.utime(final)
            return final
        tmp.mkdir()
        arrays, meta = engine.to_arrays()
        for name, value in arrays.items():
            np.save(tmp / f"{name}.npy", value, allow_pickle=False)
        meta.update(schema=SCHEMA, key=key, arrays=sorted(arrays), about=about or {})
        with open(tmp / "meta.json", "w", encoding="utf-8") as fh:
            json.dump(meta, fh, ensure_ascii=False)
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


def load_engine(folder: str | os.PathLike, key: str, *, weights: dict | None = None
                ) -> tuple[RelatedEngine, dict] | None:
    """(engine, about) saved as ``folder/key``, or None when there is none; an unreadable
    one gives a warning, is removed, and gives None."""
    path = Path(folder) / key
    if not path.is_dir():
        return None
    try:
        with open(path / "meta.json", encoding="utf-8") as fh:
            meta = json.load(fh)
        if meta.get("schema") != SCHEMA or meta.get("key") != key:
            raise ValueError("not an engine of this graphx version")
        arrays = {name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                  for name in meta["arrays"]}
        engine = RelatedEngine.from_arrays(arrays, meta, weights=weights)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        warnings.warn(f"ignoring the saved related index {path} ({exc}); rebuilding it",
                      stacklevel=2)
        shutil.rmtree(path, ignore_errors=True)  # so the rebuilt one can take its place
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves its engines
        os.utime(path)  # recently used: kept longest
    return engine, meta["about"]


def _sweep(folder: Path) -> None:
    """Remove temporary folders left by runs that died while saving."""
    now = time.time()
    for entry in os.scandir(folder):
        if entry.name.startswith(".") and ".tmp-" in entry.name:
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(entry.path, ignore_errors=True)


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently used engines in ``folder``."""
    saved = []
    for entry in os.scandir(folder):
        if entry.is_dir() and not entry.name.startswith("."):
            with contextlib.suppress(OSError):
                saved.append((entry.stat().st_mtime, entry.path))
    for _, old in sorted(saved, reverse=True)[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
