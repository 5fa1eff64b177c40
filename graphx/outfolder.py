"""Whose files an output folder holds: graphx replaces only outputs it wrote itself.

`graphx build -o OUT` writes its outputs by their fixed names (graphx.model.OUTPUTS,
graphx.model.CHANGES and the engine folder). Before anything is written,
check_output_folder refuses a folder where one of those names is a file graphx did not
write (a user's own report.md, a news item, a link to one: written through, it would be
lost) or a link out of the folder (to another build's output: written through, that build
would lose it), an engine folder that is no graphx engine's, or a folder of the corpus itself (the
next build would read the outputs as news items, or take the folder for a build's and read
nothing in it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .atomic import real_path
from .errors import OutputError
from .files import front_matter_first, open_regular

#: How each output says graphx wrote it, read from its first 64 KB (or its last 4 KB for
#: the Markdown reports, which end with "Corpus fingerprint: `...` · graphx VERSION").
_HEAD, _TAIL = 1 << 16, 4096
_SIGNS = {
    ".graphml": (b"<graphml", b'attr.name="graphx_version"'),
    ".html": (b'<meta name="generator" content="graphx">',),
    ".md": (b"Corpus fingerprint: `", b"` \xc2\xb7 graphx "),
}


def made_by_graphx(path: str | os.PathLike) -> bool:
    """True when the file at ``path`` is one graphx writes as a build output (of any
    version): its own marks say so. A file that cannot be read is not."""
    path = Path(path)
    try:
        with open_regular(path) as fh:  # a FIFO there is not waited on
            head = fh.read(_HEAD)
            fh.seek(max(0, os.fstat(fh.fileno()).st_size - _TAIL))
            tail = fh.read()
    except OSError:
        return False
    if path.suffix == ".json":
        return _graphx_json(path.name, head)
    if path.name in _TABLE_HEADS:  # a folder export's tables
        return head.startswith(_TABLE_HEADS[path.name])
    if path.name in ("nodes.parquet", "edges.parquet"):
        return _graphx_parquet(path)
    signs = _SIGNS.get(path.suffix)
    if signs is None:
        return False
    text = tail if path.suffix == ".md" else head
    return all(sign in text for sign in signs)


#: How the CSV tables of a folder export (graphx export -o FOLDER/) open; its Parquet
#: tables' footers name graphx_version (_graphx_parquet).
_TABLE_HEADS = {"nodes.csv": b"id,kind,label", "edges.csv": b"source,target,relation"}
#: The most of a Parquet footer read for graphx's mark (a footer of graphx's is a few KB).
_FOOTER = 1 << 24


def _graphx_parquet(path: Path) -> bool:
    """A Parquet file whose footer (its schema metadata) holds graphx_version."""
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size < 12 or fh.read(4) != b"PAR1":
                return False
            fh.seek(size - 8)
            tail = fh.read(8)
            length = int.from_bytes(tail[:4], "little")
            if tail[4:] != b"PAR1" or not 0 < length <= min(_FOOTER, size - 12):
                return False
            fh.seek(size - 8 - length)
            return b"graphx_version" in fh.read(length)
    except OSError:
        return False


def _what(path: Path) -> str:
    """What stands at ``path``, as a refusal names it: "a file", "a folder" (an empty folder
    where coverage.graphml goes was called "a file"), "a link to a file" ..."""
    kind = "folder" if path.is_dir() else "file"
    return f"a link to a {kind}" if path.is_symlink() else f"a {kind}"


def check_export_folder(folder: str | os.PathLike, names) -> None:
    """Raise OutputError when a file of ``names`` in ``folder`` (where a folder export
    writes) is one graphx did not write: the user named the folder, not those files, and a
    survey's nodes.csv there was replaced without a word."""
    for name in names:
        path = Path(folder) / name
        if (path.exists() or path.is_symlink()) and not made_by_graphx(path):
            raise OutputError(
                f"cannot export into {os.fspath(folder)}: its {name} is {_what(path)} graphx did "
                "not write, which the export would replace; move it away or choose another "
                "folder (graphx replaces only its own outputs)")


#: How a one-file export or map says graphx wrote it, in its first 64 KB: the graph's
#: created_by attribute (every graphx graph has one) as each format writes it.
_FILE_SIGNS = {
    "graphml": (b'attr.name="created_by"', b">graphx</data>"),
    "gexf": (b"<creator>graphx</creator>",),
    "json": (b'"created_by": "graphx"',),
    "graphology": (b'"created_by": "graphx"',),
    "html": _SIGNS[".html"],
}


def _graphx_sqlite(path: Path) -> bool:
    """A SQLite database whose table graph says created_by graphx, opened read-only."""
    import sqlite3

    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return False
    try:
        row = db.execute("SELECT value FROM graph WHERE key = 'created_by'").fetchone()
    except sqlite3.Error:  # not a database, or no such table
        return False
    finally:
        db.close()
    return row is not None and row[0] == "graphx"


def check_replaceable(path: str | os.PathLike, fmt: str, what: str) -> None:
    """OutputError when ``path``, where a one-file export of format ``fmt`` (or a map,
    "html") goes, is a file graphx did not write: `graphx export corp -o mine.db` replaced
    another program's SQLite database without a word, and a user's own .json, .graphml or
    .html the same. An empty file loses nothing (a temporary file made for the output);
    a stream (standard output, a pipe) is written, not replaced."""
    import stat

    from .atomic import STDOUT

    if os.fspath(path) == STDOUT:  # `-o -`: written into, whatever the shell opened
        return
    path = Path(path)
    try:
        st = path.stat()  # through a link: the file written over is the one linked to
    except OSError:  # absent (or unreadable: writing it will say so)
        return
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
        return
    if fmt == "sqlite":
        ours = _graphx_sqlite(path)
    else:
        try:
            with open_regular(path) as fh:
                head = fh.read(_HEAD)
        except OSError:
            head = b""
        ours = fmt in _FILE_SIGNS and all(sign in head for sign in _FILE_SIGNS[fmt])
    if not ours:
        raise OutputError(
            f"cannot write {os.fspath(path)}: it is {_what(path)} graphx did not write, which "
            f"this {what} would replace; move it away or choose another name (graphx "
            "replaces only its own outputs)")


#: How changes.json opens, as graphx.changes writes it (json.dumps with indent=1), at any
#: size: a large update lists thousands of articles, so it is not read whole.
_CHANGES_HEAD = re.compile(rb'\{\s*"articles":\s*\{\s*"added":\s*\d+,\s*"removed":\s*\d+,')


def _graphx_json(name: str, head: bytes) -> bool:
    """load-report.json names graphx's version, stories.json its schema, changes.json opens
    as graphx.changes writes it."""
    if name == "load-report.json":
        return head.lstrip().startswith(b"{") and b'"graphx_version"' in head
    if name == "stories.json":
        return b'"schema": "graphx-stories/' in head
    return _CHANGES_HEAD.match(head.lstrip()) is not None


def check_output_folder(out_dir: str | os.PathLike, names, engine: str,
                        corpus_folders=()) -> None:
    """Raise OutputError unless graphx may write its outputs ``names`` and the engine
    folder ``engine`` into ``out_dir``: each is absent or graphx's own and no link out of
    ``out_dir``, and ``out_dir`` is none of ``corpus_folders`` (the folders the corpus was
    read from)."""
    out = Path(out_dir)
    real = real_path(out)
    for folder in corpus_folders:
        if real_path(folder) == real:
            raise OutputError(
                f"cannot write the outputs into {out_dir}, a folder of the corpus itself: "
                "they would mix with the news items (and the next build would read them, "
                "or nothing); choose another folder (a new subfolder of it is fine)")
    from .cache import MARK

    for place in (out, out.parent):
        if (place / MARK).is_file():
            raise OutputError(
                f"cannot write the outputs into {out_dir}: {place} is graphx's folder of "
                "saved engines, which it prunes (a build there would lose its related "
                "index); choose another output folder")
    item = _a_news_item(out, {*names, engine})
    if item:
        raise OutputError(
            f"cannot write the outputs into {out_dir}: it holds news items ({item}), which "
            f"a build's outputs there would hide from every later command naming {out_dir} "
            "(read as the build's); choose another folder (a new subfolder of it is fine)")
    for name in names:
        path = out / name
        if (path.exists() or path.is_symlink()) and not made_by_graphx(path):
            try:
                os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))  # never waits on a FIFO
            except PermissionError as exc:  # graphx's own, maybe: it cannot tell
                raise OutputError(
                    f"cannot write the outputs into {out_dir}: its {name} cannot be read "
                    f"({exc.strerror}), so graphx cannot tell whether it wrote it; give "
                    "read access to it or choose another output folder") from None
            except OSError:
                pass
            raise OutputError(
                f"cannot write the outputs into {out_dir}: its {name} is {_what(path)} graphx did "
                "not write, which a build would replace; move it away or choose another "
                "output folder (graphx replaces only its own outputs)")
        if path.is_symlink() and not real_path(path).startswith(real.rstrip(os.sep) + os.sep):
            # graphx's own, but another folder's (another build's stories.json): written
            # through, the other build lost its story ids, and this one read them as its own.
            raise OutputError(
                f"cannot write the outputs into {out_dir}: its {name} is a link to "
                f"{real_path(path)}, outside the folder, which a build would write over; "
                "remove the link (or put a copy of the file in its place) or choose another "
                "output folder (a build writes only inside its own folder)")
    from .related.store import engine_folder_ok

    if not engine_folder_ok(out / engine):
        raise OutputError(
            f"cannot write the outputs into {out_dir}: its {engine} is not a related index "
            "graphx wrote, or holds files that are not one's, which a build would replace; "
            "move them away or choose another output folder")


#: Files looked at for news items before writing a build into a folder (a folder of
#: graphx's outputs has a dozen; one of news items, its items first), in all and in each
#: folder, so that every subfolder is looked into: opening each costs little (20,000 in
#: about half a second), and 2,000 notes before a subfolder of news items let a build in.
_LOOKED_AT = 20_000
_LOOKED_AT_IN_ONE = 500
#: The names news items most often have: looked at first in each folder.
_ITEM_NAMES = (".md", ".markdown", ".mdx", ".yaml", ".yml", ".txt", ".html")


def _a_news_item(folder: Path, ours: set) -> str:
    """The path (below ``folder``) of a news item file (front matter first) in ``folder``
    or a folder below it, "" when none is among the files looked at (_LOOKED_AT in all,
    _LOOKED_AT_IN_ONE of each folder), a folder's own files before its subfolders', names
    news items have first, through links
    as the reader follows them (hidden entries, ``ours`` and graphx's build folders
    aside): a build there would hide them all from every later command."""
    from .files import is_output_folder

    todo, looked, seen = [(folder, True)], 0, set()
    while todo and looked < _LOOKED_AT:
        place, top = todo.pop(0)
        try:
            real = real_path(place)
            if real in seen:
                continue
            seen.add(real)
            entries = sorted(os.scandir(place), key=lambda e: (
                not e.name.lower().endswith(_ITEM_NAMES), e.name))
        except (OSError, OutputError):
            continue
        here = 0
        for entry in entries:
            if entry.name.startswith(".") or (top and entry.name in ours):
                continue
            try:
                if entry.is_dir():  # through a link too, as the reader goes
                    if not is_output_folder(entry.path):
                        todo.append((Path(entry.path), False))
                    continue
                if not entry.is_file() or looked >= _LOOKED_AT or here >= _LOOKED_AT_IN_ONE:
                    continue
                looked += 1
                here += 1
                with open_regular(entry.path) as fh:
                    head = fh.read(64)
            except OSError:
                continue
            if front_matter_first(head):
                return os.path.relpath(entry.path, folder)
    return ""


def _one_of(path: str, files) -> bool:
    """Whether ``path`` (followed through links) is one of ``files``, the same file: a news
    item the corpus reads through a link of its own lies outside its folders. Asked only
    of an output that is a link, so the stats of a large corpus are rarely paid."""
    try:
        target = os.stat(path)
    except OSError:
        return False
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


def check_not_a_build_output(path: str | os.PathLike, what: str) -> None:
    """OutputError when ``path`` names an output of a build folder (its coverage.html,
    coverage.graphml, ...): a map or export written there replaced the build's own, which
    the next build then kept as up to date (a focus map of 12 nodes for the corpus's)."""
    from .files import is_output_folder
    from .model import BUILD_ENGINE, BUILD_FILES

    path = Path(path)
    # Through a link too: out/coverage.graphml written through a link named elsewhere.
    for place in dict.fromkeys([path, Path(real_path(path))]):
        if place.name in BUILD_FILES and is_output_folder(place.parent):
            raise OutputError(f"the build in {place.parent} has {place} as an output, which "
                              f"`graphx build` keeps as it made it: write this {what} "
                              "elsewhere (-o)")
        # Its related index too, and anything in it: export -o out/engine/meta.json wrote
        # over the index, and every later build refused the folder, --force included.
        for folder in (place, *place.parents):
            if folder.name == BUILD_ENGINE and is_output_folder(folder.parent):
                raise OutputError(f"the build in {folder.parent} keeps its related index in "
                                  f"{folder}, which `graphx build` keeps as it made it: write "
                                  f"this {what} elsewhere (-o)")


def check_not_in_corpus(path: str | os.PathLike, corpus_folders, what: str,
                        files: tuple[str, ...] = (), corpus_files=(),
                        folder: bool = False) -> None:
    """OutputError when ``path`` (a file, or a folder of files: CSV, Parquet, whose names
    are among ``files``; a folder when ``folder`` or it ends in a separator) would be
    written into one of ``corpus_folders`` (the folders its corpus was read from): every
    later command would read it as a news item, and skip it (a --strict build fails); or
    through a link onto a file of the corpus: one in those folders, or one of
    ``corpus_files`` (what the corpus read, through links too)."""
    text = os.fspath(path)
    # `export -o c --format csv` writes into c itself: a folder, trailing separator or not
    # (its parent was checked, and the corpus folder's news item edges.csv written over).
    folder = folder or text.endswith(("/", os.sep))
    place = Path(text) if folder else Path(text).parent
    folders = [real_path(f) for f in corpus_folders]

    def inside(real: str) -> bool:  # a folder of the corpus or any below one (read too)
        return any(real == f or real.startswith(f.rstrip(os.sep) + os.sep) for f in folders)

    if inside(real_path(place)):
        raise OutputError(f"cannot write this {what} into {place}, a folder of the corpus "
                          "itself: every later command would read it as a news item; "
                          "write it outside the corpus (-o)")
    # A link elsewhere to a file of the corpus: writing through it replaced a news item.
    folder = folder or os.path.isdir(text)
    for link in ([os.path.join(text, name) for name in files] if folder else [text]):
        if os.path.islink(link) and (inside(os.path.dirname(real_path(link)))
                                     or _one_of(link, corpus_files)):
            raise OutputError(f"cannot write this {what} to {link}: it is a link to "
                              f"{real_path(link)}, a file of the corpus, which graphx "
                              "would write over; write it elsewhere (-o)")
