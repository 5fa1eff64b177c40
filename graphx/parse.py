"""Bytes of one file -> a FileResult: a pure function, so loading can be cached and parallel.

Decoding, the front-matter split, the safe YAML parse (with its limits) and the recovery
from control characters live here; turning the parsed mapping into an Item is fields.py.
"""

from __future__ import annotations

import hashlib
import re

import yaml

from . import safe_yaml
from .fields import LABELS_KEPT, item_from_mapping, repair_text
from .model import DEFAULT_LIMITS, Limits
from .records import FileResult, Item
from .wording import count_noun

# A --- or ... line, found by its newline: a literal start lets the regex engine skip ahead.
_DELIM = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
_BLANK = re.compile(r"[ \t\r\n]*")
# Directives, comments and blank lines: what may stand before a document's --- line.
_PROLOGUE = re.compile(r"(?:[ \t]*(?:[%#][^\n]*)?\n)*\Z")
# Characters YAML refuses to read (C0/C1 controls but tab/LF/CR/NEL, surrogates, U+FFFE/F).
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


def decode(data: bytes) -> tuple[str | None, str, tuple[str, ...]]:
    """Bytes -> (text, skip reason, warnings). UTF-8 (BOM or not), UTF-32 or UTF-16 with a
    BOM; else UTF-8 with U+FFFD for stray bytes when the file is mostly UTF-8 (as many
    characters of two or more bytes read as bad byte sequences), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    else:
        for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                          (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
            if data.startswith(bom):
                try:
                    return data.decode(name.lower()), "", (f"file is {name}; read as such",)
                except UnicodeDecodeError:
                    return None, f"file is not valid {name} despite its byte-order mark", ()
    try:
        return data.decode("utf-8"), "", ()
    except UnicodeDecodeError as exc:
        if b"\x00" in data:
            return None, "binary file (NUL bytes), not text", ()
        text = data.decode("utf-8", "replace")
        stray = text.count("\ufffd") - data.count("\ufffd".encode())
        if sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd") >= stray:
            return text, "", (f"not UTF-8 at byte {exc.start}; read as UTF-8 all the same, "
                              f"{count_noun(stray, 'bad byte sequence')} as U+FFFD",)
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        return text, "", (f"not UTF-8 (byte {exc.start}); read as Windows-1252",)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(the front-matter block, "") or (None, the reason there is none).

    The block ends at the first line that is only --- or ... (a --- inside a quoted value
    is on a longer line, or indented). YAML reads such a line as the end of a document in
    any context, so no longer block could parse as one document, unless all before it is
    directives (%YAML ...) and comments: then that --- starts the document, which ends at
    the next such line. Splitting costs one scan of the text.
    """
    text = text.lstrip("\ufeff")
    start = _BLANK.match(text).end()
    line_end = text.find("\n", start)
    first_line = text[start:] if line_end < 0 else text[start:line_end]
    if not first_line.startswith("---") or first_line.strip() != "---":
        return None, "no front matter (the file does not start with a --- line)"
    end = _DELIM.search(text, line_end) if line_end >= 0 else None
    if end is None:
        return None, "front matter is never closed (no second --- line)"
    if text.startswith("%", line_end + 1) and _PROLOGUE.match(text, line_end + 1, end.start() + 1):
        later = _DELIM.search(text, end.end())
        if later is not None and text.startswith("---", end.start() + 1):
            end = later
    return text[line_end + 1:end.start() + 1], ""


def _yaml_error_reason(exc: yaml.YAMLError, first_line: int) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    if mark is not None:
        return f"YAML error at line {mark.line + first_line}: {problem}"
    return f"YAML error: {problem}"


def too_deep(limits: Limits) -> str:
    """The skip reason of a block nested deeper than ``limits`` allow."""
    return (f"YAML nesting is deeper than {count_noun(limits.max_depth, 'level')} "
            "(--max-depth)")


def kept_values(limits: Limits) -> int:
    """The most values one file's front matter may keep (safe_yaml.compose_kept): KEPT_NODES,
    or 50 per related entry kept when --max-related is raised past 1,000 (each entry is an
    item of some 20 values), so a raised limit keeps what it lets in."""
    return max(safe_yaml.KEPT_NODES, 50 * limits.max_related)


def parse_yaml_block(
    block: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[object, str, tuple[str, ...]]:
    """A front-matter block -> (data, error reason, warnings), recovering from control chars.

    Nesting is measured first (safe_yaml.deeper_than), so what is refused for depth, and
    why, does not depend on the PyYAML or libyaml version.
    """
    cap = max(limits.max_related, LABELS_KEPT)
    warnings: tuple[str, ...] = ()
    for attempt in range(2):
        if safe_yaml.deeper_than(block, limits.max_depth):
            return None, too_deep(limits), warnings
        try:
            given_twice: list[str] = []
            data = safe_yaml.load_block(block, cap=cap, budget=kept_values(limits),
                                        given_twice=given_twice)
            return data, "", warnings + tuple(given_twice)
        except safe_yaml.LimitError as exc:
            return None, str(exc), warnings
        except yaml.reader.ReaderError:
            if attempt:
                raise  # pragma: no cover - the cleaned block has no such character left
            cleaned, n = _NON_PRINTABLE.subn("", block)
            warnings = (f"removed {n} control character(s) YAML refuses, "
                        f"e.g. U+{_first_bad(block):04X}",)
            block = cleaned
        except yaml.YAMLError as exc:
            return None, _yaml_error_reason(exc, 2), warnings
        except RecursionError:  # pragma: no cover - MAX_DEPTH is chosen so it cannot happen
            return None, "YAML nesting too deep for Python's stack", warnings
    raise AssertionError("unreachable")  # pragma: no cover


def _first_bad(block: str) -> int:
    m = _NON_PRINTABLE.search(block)
    return ord(m.group()) if m else 0


#: The start of the skip reason of a file whose parsing raised what graphx did not expect:
#: a fault of graphx, not of the file, so the parse cache never keeps it.
UNEXPECTED = "unexpected error while parsing"


def parse_item(data: bytes, path: str = "", limits: Limits = DEFAULT_LIMITS) -> FileResult:
    """The bytes of one file -> a FileResult (loaded Item, or skip reason), never raising.

    Whatever goes wrong inside is this file's problem: an unexpected error becomes its
    skip reason. Reasons and warnings are text every output can write.
    """
    try:
        item, reason, warnings = _parse(data, path, limits)
    except Exception as exc:  # noqa: BLE001 - one file must never stop a corpus
        item, warnings = None, ()
        reason = f"{UNEXPECTED} ({type(exc).__name__}: {str(exc)[:200]})"
    if not reason.isascii():
        reason = repair_text(reason)[0]
    if not all(w.isascii() for w in warnings):
        warnings = tuple(repair_text(w)[0] for w in warnings)
    return FileResult(path, item, reason, warnings,
                      hashlib.blake2b(data, digest_size=16).hexdigest(), len(data))


def _parse(data: bytes, path: str, limits: Limits) -> tuple[Item | None, str, tuple[str, ...]]:
    """parse_item's work: (item, "", warnings) or (None, skip reason, warnings)."""
    if len(data) > limits.max_file_bytes:
        return None, f"file is larger than {limits.max_file_bytes:,} bytes (--max-file-bytes)", ()
    if not data.strip():
        return None, "empty file", ()
    text, reason, warnings = decode(data)
    if text is None:
        return None, reason, ()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    block, reason = split_front_matter(text)
    del text  # the block is all that is read from here on
    if block is None:
        return None, reason, warnings
    # Counted in bytes, as the option says (of its UTF-8 text): counted in characters, a
    # 3 MB front matter of Japanese text passed a 2,000,000-byte limit.
    size = len(block) if block.isascii() else len(block.encode("utf-8", "surrogatepass"))
    if size > limits.max_front_matter_bytes:
        return None, (f"front matter is larger than {limits.max_front_matter_bytes:,} "
                      "bytes (--max-front-matter-bytes)"), ()
    parsed, reason, more = parse_yaml_block(block, limits)
    del block
    warnings += more
    if reason:
        return None, reason, warnings
    if not isinstance(parsed, dict):
        kind = "empty" if parsed is None else type(parsed).__name__
        return None, f"front matter is not a mapping (it is {kind})", warnings
    item, reason, more = item_from_mapping(parsed, path=path, limits=limits)
    return item, reason, warnings + more
