"""The related engine saved to a folder and loaded back, so queries on an unchanged corpus skip
loading, building and indexing it.

A saved engine is a folder named by its key (graphx.load.corpus_stamp of the files plus the
options that shaped the graph): plain .npy arrays, opened memory-mapped and never unpickled,
and JSON. It is written under a temporary name and renamed into place, so a reader sees a
complete engine or none; an unreadable one is ignored with a warning and rebuilt. The
newest few are kept beside the parse cache.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import shutil
import time
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from . import __version__
from .related import RelatedEngine, _weights
from .similar import TextIndex

SCHEMA = "graphx-engine/1"
KEEP = 3  # saved engines kept in one folder, most recently used first
#: What each answer row shows of an article (the rest of its attributes stay in the graph).
ROW_FIELDS = ("url", "title", "provider", "provider_name", "published", "group",
              "cluster_label", "related_in", "has_file")
_STALE_SECONDS = 3600  # a temporary folder this old belongs to a run that died


def engine_folder(parse_cache: str | os.PathLike) -> Path:
    """The folder of saved engines beside the parse cache file ``parse_cache``."""
    return Path(parse_cache).parent / "engines"


def engine_key(stamp: str, options: dict) -> str:
    """The name of the engine of a corpus with this stamp, built with these options."""
    text = json.dumps([SCHEMA, __version__, stamp, options], sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class _Strings:
    """A read-only sequence of strings stored as one UTF-8 blob and their end offsets."""

    def __init__(self, blob: np.ndarray, ends: np.ndarray) -> None:
        self.blob, self.ends = blob, ends

    @staticmethod
    def pack(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
        encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
        ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
        return np.frombuffer(b"".join(encoded), dtype=np.uint8), ends

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, i: int) -> str:
        start = int(self.ends[i - 1]) if i else 0
        return self.blob[start:int(self.ends[i])].tobytes().decode("utf-8", "surrogatepass")


class _Rows:
    """Each article's ROW_FIELDS, decoded from JSON when a row is first read."""

    def __init__(self, strings: _Strings) -> None:
        self.strings, self.cache = strings, {}

    def __len__(self) -> int:
        return len(self.strings)

    def __getitem__(self, i: int) -> dict:
        i = int(i)
        if i not in self.cache:
            self.cache[i] = json.loads(self.strings[i])
        return self.cache[i]


class _Lookup:
    """A sorted (name -> article node) table searched in place: ``get`` gives the node of a
    name (``many``: the list of nodes) or None."""

    def __init__(self, names: _Strings, rows: np.ndarray, nodes: list[str], *, many: bool):
        self.names, self.rows, self.nodes, self.many = names, rows, nodes, many

    @staticmethod
    def pack(pairs: list[tuple[str, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pairs.sort()
        blob, ends = _Strings.pack([name for name, _ in pairs])
        return blob, ends, np.array([row for _, row in pairs], dtype=np.int64)

    def get(self, name: str, default=None):
        lo = bisect.bisect_left(self.names, name)
        hi = bisect.bisect_right(self.names, name, lo=lo)
        if lo == hi:
            return default
        found = [self.nodes[r] for r in self.rows[lo:hi]]
        return found if self.many else found[0]


def _arrays(engine: RelatedEngine) -> dict[str, np.ndarray]:
    """Every array of the engine, sparse matrices split into their parts."""
    out = {}
    named = {name: getattr(engine, name) for name in RelatedEngine.ARRAYS}
    named["words"] = engine.index.matrix
    for name, value in named.items():
        if sp.issparse(value):
            for part in ("data", "indices", "indptr"):
                out[f"{name}.{part}"] = np.asarray(getattr(value, part))
        else:
            out[name] = np.asarray(value)
    vectorizer = engine.index.vectorizer
    out["idf"] = np.asarray(vectorizer.idf_ if vectorizer is not None else [], dtype=np.float64)
    attrs = engine.attrs
    out["rows.blob"], out["rows.ends"] = _Strings.pack(
        [json.dumps({f: a[f] for f in ROW_FIELDS if f in a}, ensure_ascii=False)
         for a in attrs])
    row = engine.row
    keys = [(key, row[x]) for key, x in engine.by_key.items()]
    titles = [(title, row[x]) for title, xs in engine.by_title.items() for x in xs]
    for name, pairs in (("keys", keys), ("titles", titles)):
        out[f"{name}.blob"], out[f"{name}.ends"], out[f"{name}.rows"] = _Lookup.pack(pairs)
    return out


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
        arrays = _arrays(engine)
        for name, value in arrays.items():
            np.save(tmp / f"{name}.npy", value, allow_pickle=False)
        shapes = {name: list(getattr(engine, name).shape) for name in RelatedEngine.ARRAYS
                  if sp.issparse(getattr(engine, name))}
        shapes["words"] = list(engine.index.matrix.shape)
        meta = {
            "schema": SCHEMA, "key": key, "arrays": sorted(arrays), "shapes": shapes,
            "nodes": engine.nodes, "terms": [str(t) for t in engine.index.terms],
            "hubs": engine.hubs, "hub_label": engine.hub_label,
            "topic_names": engine.topic_names, "by_topic": engine.by_topic,
            "by_provider": engine.by_provider, "about": about or {},
        }
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
        engine = _engine(path, meta, weights)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        warnings.warn(f"ignoring the saved related index {path} ({exc}); rebuilding it",
                      stacklevel=2)
        shutil.rmtree(path, ignore_errors=True)  # so the rebuilt one can take its place
        return None
    with contextlib.suppress(OSError):  # a read-only cache still serves its engines
        os.utime(path)  # recently used: kept longest
    return engine, meta["about"]


def _engine(path: Path, meta: dict, weights: dict | None) -> RelatedEngine:
    arrays = {name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False)
              for name in meta["arrays"]}
    for name, shape in meta["shapes"].items():
        arrays[name] = sp.csr_matrix(
            (arrays.pop(f"{name}.data"), arrays.pop(f"{name}.indices"),
             arrays.pop(f"{name}.indptr")), shape=tuple(shape), copy=False)
    engine = RelatedEngine.__new__(RelatedEngine)
    for name in RelatedEngine.ARRAYS:
        setattr(engine, name, arrays[name])
    nodes = meta["nodes"]
    engine.hubs, engine.hub_label = meta["hubs"], meta["hub_label"]
    engine.hub_row = {x: h for h, x in enumerate(engine.hubs)}
    engine.topic_names = meta["topic_names"]
    engine.by_topic, engine.by_provider = meta["by_topic"], meta["by_provider"]
    engine.attrs = _Rows(_Strings(arrays["rows.blob"], arrays["rows.ends"]))
    engine.by_key = _Lookup(_Strings(arrays["keys.blob"], arrays["keys.ends"]),
                            arrays["keys.rows"], nodes, many=False)
    engine.by_title = _Lookup(_Strings(arrays["titles.blob"], arrays["titles.ends"]),
                              arrays["titles.rows"], nodes, many=True)
    engine.index = TextIndex.from_arrays(nodes, arrays["words"], meta["terms"],
                                         arrays["idf"], char_matrix=arrays["text"])
    engine.nodes, engine.row = engine.index.nodes, engine.index.row
    engine.weights = _weights(weights)
    engine._derive()
    return engine


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
