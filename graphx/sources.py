"""Which code made a saved thing: a digest of graphx's own source files.

Every commit of graphx says version 0.1.0, and users install from a clone and update it with
``git pull``: a parse cache, a build folder or a saved engine that recorded only the
version was read as made by the code that reads it. A new date rule left the parse cache
serving "no date" for files it could now read (until each file changed; ``--force`` did
not help), and a folder built before a label rule was "up to date" after it. What a saved
thing records is the digest of the code that made it, so any change to that code makes it
old.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

#: The modules whose code decides what a file parses to (its item, story key, fields,
#: warnings): the graphx modules graphx.parse and graphx.cache import, and theirs
#: (tests/test_architecture.py checks the list against their imports).
PARSER_MODULES = ("cache", "errors", "fields", "model", "parse", "records", "safe_yaml", "urls",
                  "wording")

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_digest(modules: tuple[str, ...] | None = None) -> str:
    """A digest of the source of graphx's ``modules`` (names below the package, such as
    "parse"), or of every file of graphx when None (its modules, and the map's script,
    style and template: four commits changed those alone, and a folder built before them
    was 'up to date' with the old map); "" when the sources cannot be read (a frozen
    install), where the version alone must say."""
    if modules is None:  # its map's script, style and template too: they make the map
        paths = sorted(p for p in _PACKAGE.rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    else:
        paths = [_PACKAGE / f"{m.replace('.', '/')}.py" for m in sorted(modules)]
    digest = hashlib.blake2b(digest_size=8)
    try:
        for path in paths:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    except OSError:
        return ""
    return digest.hexdigest()
