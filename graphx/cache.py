"""The parse cache: parsed files kept in SQLite, so a rerun parses only what changed.

Entries are keyed by absolute path, size and modification time, and stored as JSON (never
pickle: a cache file must not be able to run code). A file modified in the last two
seconds is not trusted to its mtime and is parsed again. A corrupt or foreign cache file
is set aside and rebuilt with a warning; two runs may share one cache at once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import warnings
from pathlib import Path

from . import __version__
from .model import TRUST_WINDOW_NS
from .records import FileResult, Item

SCHEMA = f"graphx-parse-cache/2/{__version__}/{','.join(Item.__slots__)}"
_FILES_TABLE = ("CREATE TABLE files (path TEXT, limits TEXT, size INTEGER, mtime INTEGER, "
                "result TEXT, PRIMARY KEY (path, limits))")
_ITEM_FIELDS = [f for f in Item.__slots__ if f != "related"]


def default_cache_path() -> Path:
    """$GRAPHX_CACHE, else $XDG_CACHE_HOME/graphx/parse-cache.sqlite (~/.cache by default)."""
    if os.environ.get("GRAPHX_CACHE"):
        return Path(os.environ["GRAPHX_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "graphx" / "parse-cache.sqlite"


def _item_to_json(item: Item) -> list:
    row = [getattr(item, f) for f in _ITEM_FIELDS]
    row.append([_item_to_json(r) for r in item.related])
    return row


def _item_from_json(row: list) -> Item:
    values = dict(zip(_ITEM_FIELDS, row[:-1], strict=True))
    for name in ("urls", "topics", "tags"):
        values[name] = tuple(values[name])
    return Item(**values, related=tuple(_item_from_json(r) for r in row[-1]))


def result_to_json(result: FileResult) -> str:
    item = _item_to_json(result.item) if result.item is not None else None
    return json.dumps([item, result.reason, list(result.warnings), result.digest, result.size])


def result_from_json(text: str, path: str) -> FileResult:
    item, reason, warns, digest, size = json.loads(text)
    if item is not None:
        item = _item_from_json(item)
        if item.path != path:  # the same file reached by another name
            values = {f: getattr(item, f) for f in Item.__slots__}
            item = Item(**{**values, "path": path})
    return FileResult(path, item, reason, tuple(warns), digest, size)


class ParseCache:
    """A SQLite store of FileResults keyed by (absolute path, size, mtime)."""

    def __init__(self, path: str | os.PathLike | None = None, *, limits_key: str = "") -> None:
        self.path = Path(path) if path else default_cache_path()
        self.schema = SCHEMA
        # Results depend on the limits too; entries of other limits stay for other runs.
        self.limits_key = limits_key
        self.hits = self.misses = 0
        self.db = self._open()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        row = db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
        if row is None or row[0] != self.schema:
            with db:  # another version's entries would be read wrongly: start afresh
                db.execute("BEGIN IMMEDIATE")
                db.execute("DROP TABLE IF EXISTS files")
                db.execute(_FILES_TABLE)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (self.schema,))
        return db

    def _open(self) -> sqlite3.Connection | None:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            warnings.warn(f"parse cache {self.path} is unreadable ({exc}); rebuilding it",
                          stacklevel=2)
            aside = self.path.with_suffix(f".corrupt-{os.getpid()}")
            try:
                os.replace(self.path, aside)
                os.unlink(aside)
                return self._connect()
            except (OSError, sqlite3.DatabaseError) as again:
                warnings.warn(f"running without a parse cache: {again}", stacklevel=2)
                return None
        except OSError as exc:
            warnings.warn(f"running without a parse cache: {exc}", stacklevel=2)
            return None

    def lookup(self, paths: list[str]) -> tuple[dict[str, FileResult], dict[str, tuple]]:
        """(cached results by path, {path: (abspath, size, mtime)} for the files to parse)."""
        found: dict[str, FileResult] = {}
        todo: dict[str, tuple] = {}
        recent = time.time_ns() - TRUST_WINDOW_NS
        stats = {}
        for p in paths:
            try:
                st = os.stat(p)
            except OSError:
                todo[p] = (os.path.abspath(p), -1, -1)
                continue
            stats[p] = (os.path.abspath(p), st.st_size, st.st_mtime_ns)
        rows = {}
        if self.db is not None and stats:
            try:
                abspaths = [s[0] for s in stats.values()]
                for i in range(0, len(abspaths), 900):
                    batch = abspaths[i : i + 900]
                    marks = ",".join("?" * len(batch))
                    query = ("SELECT path, size, mtime, result FROM files "
                             f"WHERE limits = ? AND path IN ({marks})")
                    rows.update((r[0], r[1:]) for r in self.db.execute(
                        query, [self.limits_key, *batch]))
            except sqlite3.DatabaseError as exc:
                warnings.warn(f"parse cache unreadable ({exc}); parsing everything", stacklevel=2)
                rows = {}
        for p, (ap, size, mtime) in stats.items():
            row = rows.get(ap)
            if row and row[0] == size and row[1] == mtime and mtime < recent:
                try:
                    found[p] = result_from_json(row[2], p)
                    continue
                except (ValueError, TypeError, KeyError):
                    pass  # a damaged entry is parsed again
            todo[p] = (ap, size, mtime)
        self.hits += len(found)
        self.misses += len(todo)
        return found, todo

    def store(self, results: list[FileResult], keys: dict[str, tuple]) -> None:
        """Remember freshly parsed results; failures to write only cost the next run time."""
        if self.db is None:
            return
        rows = (
            (keys[r.path][0], self.limits_key, keys[r.path][1], keys[r.path][2],
             result_to_json(r))
            for r in results
            if r.path in keys and keys[r.path][1] >= 0
        )  # a generator: a million rows of JSON are never all in memory at once
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            warnings.warn(f"could not update the parse cache: {exc}", stacklevel=2)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
