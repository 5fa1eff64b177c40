"""The parse cache: parsed files kept in SQLite, so a rerun parses only what changed.

Entries are keyed by absolute path, size and modification time, and stored as JSON (never
pickle: a cache file must not be able to run code) with a digest tying the entry to the
file it is filed under; an entry that does not have the shape graphx writes, or whose
digest is not its row's, is parsed again. A file modified in the last two seconds is not trusted to
its mtime and is parsed again. Two runs may share one cache at once.

The cache never destroys what it did not make: a path that holds anything but a graphx
cache (a folder, a text file, another program's database) is refused with a warning and
the run goes on without a cache; a graphx cache SQLite reports damaged is set aside (renamed,
never deleted) and started afresh; a busy one is only skipped for this run.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import sqlite3
import stat
import sys
import time
import warnings
from pathlib import Path

from . import __version__
from .fields import LABEL_CHARS, LABELS_KEPT, display_path, encodable
from .model import DEFAULT_LIMITS, NEWS_DATES, Limits, too_recent
from .parse import UNEXPECTED
from .records import FileResult, Item
from .sources import PARSER_MODULES, code_digest
from .urls import article_key, is_web_url

SCHEMA_PREFIX = "graphx-parse-cache/"
#: The number goes up whenever the shape of an entry changes; the digest of the parser's
#: code (graphx.sources) changes with any rule of what a file parses to (its story key, a
#: field read otherwise), so that no entry made by the rules before is read as made by
#: these: a date rule whose number was not raised left "no date" served until a file changed.
SCHEMA = (f"{SCHEMA_PREFIX}12/{__version__}+{code_digest(PARSER_MODULES)}/"
          f"{','.join(Item.__slots__)}")
#: A file's entry is its path's, for its size, modification time and status change time:
#: a file corrected in place with its old mtime put back (cp -p, rsync -a, tar x) changes
#: only the last, and was served its old parse, old title and all, for good.
#: Each entry is sealed to its row (_seal): a parse filed under another file's key (a
#: row's result copied onto another's, by hand or by a tool) was served as that file's,
#: one article gone from every output while the load report said every file loaded.
_FILES_TABLE = ("CREATE TABLE files (path TEXT, limits TEXT, size INTEGER, mtime INTEGER, "
                "ctime INTEGER, result TEXT, seal TEXT, PRIMARY KEY (path, limits))")
_ITEM_FIELDS = [f for f in Item.__slots__ if f != "related"]
_SQLITE_HEADER = b"SQLite format 3\x00"


class _NotOurs(Exception):
    """The cache path holds something graphx did not make; the message says what."""


class NoCacheHome(OSError):
    """The parse cache's path needs a home folder and there is none; the message says why."""


def _home() -> str:
    """This user's home folder (absolute), or NoCacheHome: os.path.expanduser gives "~"
    back unchanged when HOME is unset and the user has no entry in the password database
    (docker --user N, setpriv), and the cache then went to ./~/.cache in the current
    folder, a folder named "~" in the user's project or corpus."""
    home = os.path.expanduser("~")
    if os.path.isabs(home):
        return home
    if os.environ.get("HOME"):
        raise NoCacheHome(f"no home folder: HOME ({os.environ['HOME']}) is not an absolute "
                          "path")
    raise NoCacheHome(f"no home folder: HOME is unset and user id {os.getuid()} has no entry "
                      "in the password database")


def default_cache_path() -> Path:
    """$GRAPHX_CACHE (with ~ expanded; a relative path is taken from the current folder),
    else $XDG_CACHE_HOME/graphx/parse-cache.sqlite when XDG_CACHE_HOME is an absolute path
    (the XDG spec has a relative one ignored), else ~/.cache/graphx/parse-cache.sqlite.

    NoCacheHome when the path needs a home folder that cannot be found: a "~" left as it
    was made a folder literally named "~" in the current folder.
    """
    named = os.environ.get("GRAPHX_CACHE")
    if named:
        if not named.startswith("~"):
            return Path(named)
        if named[1:2] in ("", os.sep):
            try:
                home = _home()
            except NoCacheHome as exc:
                raise NoCacheHome(f"cannot expand GRAPHX_CACHE ({named}): {exc}") from None
            return Path(home + named[1:])
        expanded = os.path.expanduser(named)  # ~someone/...
        if not os.path.isabs(expanded):
            raise NoCacheHome(f"cannot expand GRAPHX_CACHE ({named}): no such user")
        return Path(expanded)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(_home(), ".cache")
    return Path(base) / "graphx" / "parse-cache.sqlite"


def cache_location() -> Path | None:
    """default_cache_path, or None when there is no place for it (NoCacheHome): what a
    caller that only looks for graphx's own files, or a saved engine, needs."""
    try:
        return default_cache_path()
    except NoCacheHome:
        return None


#: The warnings about the cache's state given in this process (see cache_warning).
_WARNED: set[str] = set()
_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def cache_warning(message: str, *, once: bool = True) -> None:
    """Warn ``message`` (a UserWarning), attributed to the first caller outside graphx (the
    user's line: it was graphx/cache.py's own, `self.db = self._open()`). With ``once``
    (a state of the cache that one call does not change: no home, a folder that cannot
    be written, a file that is not graphx's) only the first time in this process: the
    README's Python block printed it at each build. An event (a busy cache skipped, a
    damaged one set aside) is said each time."""
    if once:
        if message in _WARNED:
            return
        _WARNED.add(message)
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, UserWarning, stacklevel=level)


#: SQLite's application id of a graphx parse cache ("grph"): set in the file's header.
APPLICATION_ID = 0x67727068

#: What graphx keeps beside the parse cache (graphx.related.store): the saved related
#: engines' folder and the key that vouches for them.
ENGINES_FOLDER = "engines"
#: The file that marks a folder of saved engines as graphx's own.
MARK = ".graphx-engines"
CHECK_KEY = "engine-check.key"
#: The files SQLite keeps beside a database while it is open.
_SQLITE_SIDE = ("-wal", "-shm", "-journal")


def own_state(path: str | os.PathLike | None = None) -> tuple[set, set]:
    """(identities (device, inode) of the parse cache at ``path`` (by default
    default_cache_path), its SQLite side files and the engines' key; real paths of its
    engines' folder): graphx's own files, which a corpus walk must never read as news
    items (a GRAPHX_CACHE inside the corpus made every build read its cache as skipped
    files, and never be up to date)."""
    base = Path(path) if path is not None else cache_location()
    if base is None:  # no parse cache this run, nor engines beside it
        return set(), set()
    files = set()
    for candidate in (base, *(Path(f"{base}{side}") for side in _SQLITE_SIDE),
                      base.parent / CHECK_KEY):
        with contextlib.suppress(OSError):
            st = os.stat(candidate)
            files.add((st.st_dev, st.st_ino))
    return files, {os.path.realpath(base.parent / ENGINES_FOLDER)}


def is_parse_cache(path: str | os.PathLike) -> bool:
    """Whether the file at ``path`` is a graphx parse cache: its header carries graphx's
    application id (bytes 68-71 of an SQLite file, big-endian), read without SQLite, since
    the rest may be damaged."""
    try:  # without blocking, and only a regular file: a FIFO named notes.db hung every run
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, 72)
    except OSError:
        return False
    finally:
        os.close(fd)
    return (head.startswith(_SQLITE_HEADER) and len(head) == 72
            and int.from_bytes(head[68:72], "big") == APPLICATION_ID)


#: The names a parse cache is given (the default's, and those people choose): only such
#: files of a corpus are looked into for graphx's mark, not every news item.
CACHE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


#: The name a damaged cache is kept under (Cache._set_aside): still graphx's, never an item.
_SET_ASIDE = re.compile(r"\.damaged-\d+$")


def own_files_in(folder: str, names: list[str]) -> set[str]:
    """The names, among ``names`` (a corpus folder's files), of a graphx parse cache kept
    there whatever GRAPHX_CACHE says now, or a damaged one graphx set aside there, with
    their SQLite side files and the engines' key (a cache kept with the corpus was read as
    77 skipped news items by a run using another cache; the set-aside copy failed every
    later --strict run)."""
    ours = {n for n in names if (n.endswith(CACHE_SUFFIXES) or _SET_ASIDE.search(n))
            and is_parse_cache(os.path.join(folder, n))}
    if not ours:
        return ours
    ours |= {f"{n}{side}" for n in ours for side in _SQLITE_SIDE}
    if CHECK_KEY in names:
        ours.add(CHECK_KEY)
    return ours & set(names)


def _item_to_json(item: Item) -> list:
    row = [getattr(item, f) for f in _ITEM_FIELDS]
    row.append([_item_to_json(r) for r in item.related])
    return row


def _text(value: object) -> bool:
    """True for a str every output can write (JSON can hold lone surrogates; outputs not)."""
    return isinstance(value, str) and encodable(value)


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(_text(v) for v in value)


def _whole(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _number(value: object) -> bool:
    """None, or a whole number a parse keeps: within 64 bits (fields.to_int)."""
    return value is None or (_whole(value) and -(1 << 63) <= value < (1 << 63))


_UTC = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


def _date(value: object) -> bool:
    """"", or a UTC time as a parse gives one: ISO-8601 in NEWS_DATES, and a time that is
    (2020-02-31T25:61:61Z has the shape, and made an engine `related` refused for good)."""
    if value == "":
        return True
    if not (isinstance(value, str) and _UTC.fullmatch(value) is not None
            and NEWS_DATES[0] <= value < NEWS_DATES[1]):
        return False
    try:
        datetime.datetime.fromisoformat(value[:-1])
    except ValueError:
        return False
    return True


_KINDS = {"urls": _texts, "topics": _texts, "tags": _texts, "quality": _number,
          "heat": _number, "published": _date,
          "listed": lambda v: v is None or isinstance(v, bool),
          "day_only": lambda v: isinstance(v, bool)}
_CHECKS = [_KINDS.get(name, _text) for name in _ITEM_FIELDS]


def _within(values: dict, related: list, limits: Limits) -> bool:
    """Whether an item's cached values are within what a parse under ``limits`` keeps
    (fields.item_from_mapping): a 300,000-character title or 5,000 topics came from no
    parse, and went into every output."""
    text = limits.max_text_chars
    return (len(values["title"]) <= text and len(values["excerpt"]) <= text
            and len(values["provider_name"]) <= LABEL_CHARS
            and len(values["provider_domain"]) <= LABEL_CHARS and len(values["type"]) <= 100
            and all(len(labels) <= LABELS_KEPT and all(len(x) <= LABEL_CHARS for x in labels)
                    for labels in (values["topics"], values["tags"]))
            and len(related) <= limits.max_related)


def _item_from_json(row: object, *, nested: bool = False,
                    limits: Limits = DEFAULT_LIMITS) -> Item:
    """An Item from its cached row; ValueError when the row is not what graphx writes
    (under ``limits``)."""
    if not isinstance(row, list) or len(row) != len(_ITEM_FIELDS) + 1:
        raise ValueError("not an item row")
    if not all(check(v) for check, v in zip(_CHECKS, row, strict=False)):
        raise ValueError("an item field of the wrong type")
    values = dict(zip(_ITEM_FIELDS, row[:-1], strict=True))
    urls = values["urls"]
    if not urls or values["url"] != urls[0] or not all(is_web_url(u) for u in urls):
        raise ValueError("item URLs are not web URLs")
    # The key is the URL's, as a parse makes it: another would merge the article into
    # another's story. (story_key remembers what it read: the graph reads it again free.)
    if values["key"] != article_key(values["url"], values["title"]):
        raise ValueError("an item key that is not its URL's")
    related = row[-1]
    if not isinstance(related, list) or (nested and related):
        raise ValueError("a related list of the wrong shape")
    if not _within(values, related, limits):
        raise ValueError("a value past the limits a parse keeps")
    for name in ("urls", "topics", "tags"):
        values[name] = tuple(values[name])
    return Item(**values, related=tuple(_item_from_json(r, nested=True, limits=limits)
                                        for r in related))


def result_to_json(result: FileResult) -> str:
    item = _item_to_json(result.item) if result.item is not None else None
    return json.dumps([item, result.reason, list(result.warnings), result.digest, result.size])


def result_from_json(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> FileResult:
    """The FileResult of ``path`` cached as ``text``; ValueError (or TypeError) when the
    entry does not have the shape result_to_json gives, or holds what no parse under
    ``limits`` keeps."""
    entry = json.loads(text)
    if not isinstance(entry, list) or len(entry) != 5:
        raise ValueError("not a cache entry")
    item, reason, warns, digest, size = entry
    if not (_text(reason) and _texts(warns) and isinstance(digest, str) and _whole(size)
            and size is not None):
        raise ValueError("a cache entry field of the wrong type")
    if (item is None) == (not reason):
        raise ValueError("an entry is an item or a skip reason")
    if item is not None:
        item = _item_from_json(item, limits=limits)
        shown = display_path(path)
        if item.path != shown:  # the same file reached by another name
            values = {f: getattr(item, f) for f in Item.__slots__}
            item = Item(**{**values, "path": shown})
    return FileResult(path, item, reason, tuple(warns), digest, size)


def _path_key(path: str) -> str:
    """An absolute path as the cache keys it: itself, or for a name holding bytes that are
    not UTF-8 (lone surrogates to Python, which SQLite cannot store), NUL and its bytes in
    hex, which no real path can equal."""
    if encodable(path):
        return path
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogatepass")
    return "\0" + raw.hex()


def _seal(key: str, limits: str, size: int, mtime: int, ctime: int, result: str) -> str:
    """A digest of a cache row: the key it is filed under (path, limits, size and times)
    and the entry it holds. An entry moved to another row, or edited in place, no longer
    matches its row's seal and is parsed again (it costs a hash of the entry's text: a few
    milliseconds for 3,000 files)."""
    import hashlib

    h = hashlib.blake2b(f"{key}\0{limits}\0{size}\0{mtime}\0{ctime}\0".encode(
        "utf-8", "surrogatepass"), digest_size=16)
    h.update(result.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _path_of(key: str) -> str | bytes:
    """The path a cache key names (see _path_key): itself, or the bytes it spells."""
    return bytes.fromhex(key[1:]) if key.startswith("\0") else key


#: How often a cache forgets the entries of files that are gone (ParseCache.prune).
PRUNE_EVERY = 24 * 3600.0


def _error_name(exc: sqlite3.Error) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


def _damaged(exc: sqlite3.Error) -> bool:
    """True when SQLite says the file is damaged (not when it is busy, read-only or missing)."""
    name = _error_name(exc)
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    return "malformed" in str(exc) or "not a database" in str(exc)


def _busy(exc: sqlite3.Error) -> bool:
    name = _error_name(exc)
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def cache_problem(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be a graphx parse cache, seen without opening it as a database (a
    folder, a device, a file that is no SQLite database), or None: a missing path is made,
    and one that cannot be read or made fails when it is opened."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            return "is a folder"
        if not stat.S_ISREG(st.st_mode):
            return "is not a regular file"
        if st.st_size:
            with open(path, "rb") as fh:
                if fh.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                    return "is not an SQLite database"
        elif time.time() - st.st_mtime > FRESH_SECONDS:
            # graphx's own empty file is one a run has just made; an older one is a
            # placeholder of someone's (`touch`), which a run filled with its tables
            return "is an empty file graphx did not make"
    except OSError:
        return None
    return None


#: How long an empty file may be one another graphx run has just made as its new cache.
FRESH_SECONDS = 60


class ParseCache:
    """A SQLite store of FileResults keyed by (absolute path, size, mtime)."""

    def __init__(self, path: str | os.PathLike | None = None, *,
                 limits: Limits = DEFAULT_LIMITS) -> None:
        try:
            self.path = Path(path) if path else default_cache_path()
        except NoCacheHome as exc:
            self.path, missing = None, exc
        else:
            missing = None
        self.schema = SCHEMA
        # Results depend on the limits too; entries of other limits stay for other runs,
        # and an entry holding more than they keep is parsed again.
        self.limits = limits
        self.limits_key = repr(limits)
        self.hits = self.misses = 0
        if missing is not None:
            self.db = None
            self._without(str(missing))
        else:
            self.db = self._open()
        #: False when the cache was refused or could not be opened (a warning said why).
        self.opened = self.db is not None

    def _connect(self) -> sqlite3.Connection:
        problem = cache_problem(self.path)
        if problem:
            raise _NotOurs(problem)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise NotADirectoryError(f"{self.path.parent} is a file, not a folder") from None
        had = os.path.getsize(self.path) if os.path.exists(self.path) else 0
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            schema = self._schema(db)
            if schema is None and had:
                # A database with no tables is no cache graphx made (it makes its tables
                # in the transaction that makes the file): another program's, newly made,
                # whose header (its application id) a run rewrote
                mark = db.execute("PRAGMA application_id").fetchone()[0]
                raise _NotOurs("is another program's SQLite database" + (
                    f" (application id {mark})" if mark not in (0, APPLICATION_ID) else ""))
            if schema != self.schema:
                with db:  # a new file, or another version's entries: start afresh
                    db.execute("BEGIN IMMEDIATE")
                    if self._schema(db) != self.schema:  # unless a run at once just did
                        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, "
                                   "v TEXT)")
                        db.execute("DROP TABLE IF EXISTS files")
                        db.execute(_FILES_TABLE)
                        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)",
                                   (self.schema,))
            if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                # graphx's mark in the file's header, which SQLite keeps readable: a cache
                # damaged later is known for graphx's (and set aside) by it alone.
                with contextlib.suppress(sqlite3.OperationalError):
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                # Readers and a writer at once; a run holding the file may refuse it.
                with contextlib.suppress(sqlite3.OperationalError):
                    db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _schema(db: sqlite3.Connection) -> str | None:
        """The schema of graphx's cache in ``db``; None for an empty database; _NotOurs
        when it holds tables graphx did not make."""
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        try:
            row = db.execute("SELECT v FROM meta WHERE k='schema'").fetchone()
        except sqlite3.OperationalError as exc:  # no meta table, or not ours
            if _busy(exc):
                raise
            row = None
        if row is None or not isinstance(row[0], str) or not row[0].startswith(SCHEMA_PREFIX):
            raise _NotOurs("is another program's SQLite database")
        return row[0]

    def _marked(self) -> bool:
        return is_parse_cache(self.path)

    def _set_aside(self) -> Path:
        """Rename the damaged cache (and its WAL files) out of the way; return the new name."""
        aside = self.path.with_name(f"{self.path.name}.damaged-{os.getpid()}")
        for suffix in ("-wal", "-shm", ""):
            old = Path(f"{self.path}{suffix}")
            if os.path.lexists(old):
                os.replace(old, f"{aside}{suffix}")
        return aside

    @staticmethod
    def _without(why: str) -> None:
        cache_warning(f"running without a parse cache: {why} (set GRAPHX_CACHE to a file in "
                      "a folder you can write)")

    def _open(self) -> sqlite3.Connection | None:
        without = self._without
        try:
            return self._connect()
        except _NotOurs as exc:
            cache_warning(f"{self.path} {exc}, not a graphx parse cache: it is left as it is "
                          "and this run has no parse cache (set GRAPHX_CACHE to another file)")
        except sqlite3.DatabaseError as exc:
            if _busy(exc):
                cache_warning(f"parse cache {self.path} is busy ({exc}): this run goes without "
                              "it", once=False)
            elif _damaged(exc) and not self._marked():
                cache_warning(f"{self.path} is a damaged SQLite database ({exc}) that graphx "
                              "cannot tell for its parse cache: it is left as it is and this "
                              "run has no parse cache (remove it, or set GRAPHX_CACHE to "
                              "another file)")
            elif _damaged(exc):
                try:
                    aside = self._set_aside()
                    db = self._connect()
                except (OSError, sqlite3.Error, _NotOurs) as again:
                    without(f"{self.path} is damaged ({exc}) and could not be set aside "
                            f"({again})")
                    return None
                cache_warning(f"parse cache {self.path} was damaged ({exc}): kept it as "
                              f"{aside.name} and started a new one", once=False)
                return db
            else:
                without(f"cannot use {self.path} ({exc})")
        except OSError as exc:
            without(f"cannot use {self.path} ({exc.strerror or exc})")
        return None

    def _start_again(self, exc: sqlite3.DatabaseError) -> bool:
        """When SQLite finds the cache damaged only as it reads on (its header and schema
        whole, a data page not), set it aside and start a new one, as _open does for damage
        it sees; True when done (a warning says so). Every run warned twice and parsed
        everything again, for good."""
        if not (_damaged(exc) and self._marked()):
            return False
        self.close()
        try:
            aside = self._set_aside()
            self.db = self._connect()
        except (OSError, sqlite3.Error, _NotOurs) as again:
            warnings.warn(f"parse cache {self.path} is damaged ({exc}) and could not be set "
                          f"aside ({again}): this run goes without it", stacklevel=3)
            self.db = None
            return True
        warnings.warn(f"parse cache {self.path} was damaged ({exc}): kept it as "
                      f"{aside.name} and started a new one", stacklevel=3)
        return True

    def lookup(self, paths: list[str]) -> tuple[dict[str, FileResult], dict[str, tuple]]:
        """(cached results by path, {path: (key, size, mtime, ctime)} for the files to
        parse)."""
        found: dict[str, FileResult] = {}
        todo: dict[str, tuple] = {}
        now = time.time_ns()
        stats = {}
        for p in paths:
            try:
                st = os.stat(p)
            except OSError:
                todo[p] = (_path_key(os.path.abspath(p)), -1, -1, -1)
                continue
            stats[p] = (_path_key(os.path.abspath(p)), st.st_size, st.st_mtime_ns,
                        st.st_ctime_ns)
        rows = {}
        if self.db is not None and stats:
            try:
                abspaths = [s[0] for s in stats.values()]
                for i in range(0, len(abspaths), 900):
                    batch = abspaths[i : i + 900]
                    marks = ",".join("?" * len(batch))
                    query = ("SELECT path, size, mtime, ctime, result, seal FROM files "
                             f"WHERE limits = ? AND path IN ({marks})")
                    rows.update((r[0], r[1:]) for r in self.db.execute(
                        query, [self.limits_key, *batch]))
            except sqlite3.DatabaseError as exc:
                if not self._start_again(exc):
                    warnings.warn(f"parse cache unreadable ({exc}); parsing everything",
                                  stacklevel=2)
                rows = {}
        for p, (ap, size, mtime, ctime) in stats.items():
            row = rows.get(ap)
            if (row and row[:3] == (size, mtime, ctime) and not too_recent(mtime, now)
                    and isinstance(row[3], str)
                    and row[4] == _seal(ap, self.limits_key, size, mtime, ctime, row[3])):
                try:
                    found[p] = result_from_json(row[3], p, self.limits)
                    continue
                except (ValueError, TypeError, KeyError, RecursionError):
                    pass  # an entry not of graphx's shape is parsed again, and replaced
            # (so is one whose seal is not its row's: another file's parse, or edited)
            todo[p] = (ap, size, mtime, ctime)
        self.hits += len(found)
        self.misses += len(todo)
        return found, todo

    def store(self, results: list[FileResult], keys: dict[str, tuple]) -> None:
        """Remember freshly parsed results; failures to write only cost the next run time.
        A file whose parsing failed unexpectedly (graphx's fault, parse.UNEXPECTED) is not
        remembered: it is read again by the next run, maybe of a mended graphx."""
        if self.db is None:
            return
        # A file too recent to trust is not remembered either: rewritten within its file
        # system's time step (the same second, the same size), its first version would be
        # served as the file for good.
        now = time.time_ns()
        rows = (
            (*row, _seal(*row))
            for r in results
            if r.path in keys and keys[r.path][1] >= 0 and not r.reason.startswith(UNEXPECTED)
            and not too_recent(keys[r.path][2], now)
            for row in [(keys[r.path][0], self.limits_key, *keys[r.path][1:4],
                         result_to_json(r))]
        )  # a generator: a million rows of JSON are never all in memory at once
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
                                    rows)
        except sqlite3.DatabaseError as exc:
            if not self._start_again(exc):
                warnings.warn(f"could not update the parse cache: {exc}", stacklevel=2)

    def remember_build(self, corpus: str, out_dir: str) -> None:
        """Remember that the corpus ``corpus`` (a key: its inputs and options) was last
        built into ``out_dir``, so that a later run rebuilding its graph names its stories
        as that build did (graphx.pipeline); a failure to write only loses that."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                (f"build:{corpus}", out_dir))
        except sqlite3.DatabaseError:
            pass

    def last_build(self, corpus: str) -> str | None:
        """The output folder the corpus ``corpus`` was last built into (remember_build),
        or None."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT v FROM meta WHERE k = ?", (f"build:{corpus}",)
                                  ).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row is not None and isinstance(row[0], str) and row[0] else None

    def prune(self, *, every: float = PRUNE_EVERY) -> int:
        """Forget the entries of files that are gone, at most once per ``every`` seconds
        (the time is kept in the cache); the number forgotten. A corpus copied to a new
        folder each day, yesterday's deleted, grew the cache by a copy of every entry a day
        (909 MB on one machine, 85% of it for files that no longer existed). Space freed is
        reused by new entries."""
        if self.db is None:
            return 0
        now = time.time()
        try:
            row = self.db.execute("SELECT v FROM meta WHERE k='pruned'").fetchone()
            if row is not None and str(row[0]).replace(".", "", 1).isdigit() \
                    and now - float(row[0]) < every:
                return 0
            with self.db:  # said first: a cache that cannot be written is not looked through
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('pruned', ?)", (str(now),))
            gone = [(key,) for (key,) in self.db.execute("SELECT DISTINCT path FROM files")
                    if not os.path.lexists(_path_of(key))]
            if gone:
                with self.db:
                    self.db.execute("BEGIN IMMEDIATE")
                    self.db.executemany("DELETE FROM files WHERE path = ?", gone)
        except sqlite3.DatabaseError:  # housekeeping: the next run tries again
            return 0
        return len(gone)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
