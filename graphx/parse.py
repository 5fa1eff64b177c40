"""Bytes of one file -> a FileResult: a pure function, so loading can be cached and parallel.

Decoding, the front-matter split, the safe YAML parse (with its limits) and the recovery
from control characters live here; turning the parsed mapping into an Item is fields.py.
"""

from __future__ import annotations

import hashlib
import re

import yaml

from . import safe_yaml
from .fields import item_from_mapping
from .model import DEFAULT_LIMITS, Limits
from .records import FileResult

# A --- or ... line, found by its newline: a literal start lets the regex engine skip ahead.
_DELIM = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
# Characters YAML refuses to read (C0/C1 controls but tab/LF/CR/NEL, surrogates, U+FFFE/F).
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')
_BRACKET = re.compile(r"[\[\]{}]")


def flow_depth(block: str) -> int:
    """The deepest nesting of [ ] and { } outside quoted strings.

    libyaml's composer recurses in C: a deep enough flow collection crashes the process,
    so a block is measured before it is parsed.
    """
    depth = deepest = 0
    for m in _BRACKET.finditer(_QUOTED.sub("", block)):
        if m.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def decode(data: bytes) -> tuple[str | None, str, tuple[str, ...]]:
    """Bytes -> (text, skip reason, warnings). UTF-8 (BOM or not), UTF-16 with BOM, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "", ("file is UTF-16; read as such",)
        except UnicodeDecodeError:
            return None, "file is not valid UTF-16 despite its byte-order mark", ()
    try:
        return data.decode("utf-8"), "", ()
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            return None, "binary file (NUL bytes), not text", ()
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        return text, "", (f"not UTF-8 (byte {exc.start}); read as Windows-1252",)


def split_front_matter(text: str) -> tuple[list[str], str]:
    """Candidate front-matter blocks, in order, or ([], reason).

    A `---` line can sit inside a quoted value, so every later delimiter line is a
    candidate end; the caller takes the first block that parses.
    """
    text = text.lstrip("\ufeff")
    start = 0
    while start < len(text) and text[start] in " \t\r\n":
        start += 1
    line_end = text.find("\n", start)
    first_line = text[start:] if line_end < 0 else text[start:line_end]
    if not first_line.startswith("---") or first_line.strip() != "---":
        return [], "no front matter (the file does not start with a --- line)"
    if line_end < 0:
        return [], "front matter is never closed (no second --- line)"
    body_start = line_end + 1
    ends = [m.start() + 1 for m in _DELIM.finditer(text, line_end)]
    if not ends:
        return [], "front matter is never closed (no second --- line)"
    return [text[body_start:end] for end in ends], ""


def _yaml_error_reason(exc: yaml.YAMLError, first_line: int) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    if mark is not None:
        return f"YAML error at line {mark.line + first_line}: {problem}"
    return f"YAML error: {problem}"


def parse_yaml_block(
    block: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[object, str, tuple[str, ...]]:
    """A front-matter block -> (data, error reason, warnings), recovering from control chars."""
    # Deep nesting needs many brackets; counting them first keeps the common case cheap.
    if block.count("[") + block.count("{") > limits.max_depth:
        depth = flow_depth(block)
        if depth > limits.max_depth:
            return None, f"YAML nesting is {depth} deep, over the limit of {limits.max_depth}", ()
    try:
        return safe_yaml.load_block(block), "", ()
    except yaml.reader.ReaderError:
        cleaned, n = _NON_PRINTABLE.subn("", block)
        warning = f"removed {n} control character(s) YAML refuses, e.g. U+{_first_bad(block):04X}"
        try:
            return safe_yaml.load_block(cleaned), "", (warning,)
        except yaml.YAMLError as exc:
            return None, _yaml_error_reason(exc, 2), ()
    except yaml.YAMLError as exc:
        return None, _yaml_error_reason(exc, 2), ()
    except RecursionError:
        return None, "YAML nesting too deep", ()


def _first_bad(block: str) -> int:
    m = _NON_PRINTABLE.search(block)
    return ord(m.group()) if m else 0


def parse_blocks(
    blocks: list[str], limits: Limits = DEFAULT_LIMITS
) -> tuple[object, str, tuple[str, ...]]:
    """Candidate blocks -> (the first that parses, else the first error reason; warnings)."""
    first_error = ""
    for block in blocks:
        data, error, warnings = parse_yaml_block(block, limits)
        if not error:
            return data, "", warnings
        first_error = first_error or error
    return None, first_error, ()


def parse_item(data: bytes, path: str = "", limits: Limits = DEFAULT_LIMITS) -> FileResult:
    """The bytes of one file -> a FileResult (loaded Item, or skip reason), never raising."""
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    size = len(data)

    def skipped(reason: str, warnings: tuple[str, ...] = ()) -> FileResult:
        return FileResult(path, None, reason, warnings, digest, size)

    if size > limits.max_file_bytes:
        return skipped(f"file is larger than {limits.max_file_bytes:,} bytes (--max-file-bytes)")
    if not data.strip():
        return skipped("empty file")
    text, reason, warnings = decode(data)
    if text is None:
        return skipped(reason)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks, reason = split_front_matter(text)
    if not blocks:
        return skipped(reason, warnings)
    if len(blocks[0]) > limits.max_front_matter_bytes:
        return skipped(
            f"front matter is larger than {limits.max_front_matter_bytes:,} characters"
        )
    parsed, reason, more = parse_blocks(blocks, limits)
    warnings += more
    if reason:
        return skipped(reason, warnings)
    if not isinstance(parsed, dict):
        kind = "empty" if parsed is None else type(parsed).__name__
        return skipped(f"front matter is not a mapping (it is {kind})", warnings)
    item, reason, more = item_from_mapping(parsed, path=path, limits=limits)
    warnings += more
    if item is None:
        return skipped(reason, warnings)
    return FileResult(path, item, "", warnings, digest, size)
