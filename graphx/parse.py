"""Bytes of one file -> a FileResult: a pure function, so loading can be cached and parallel.

Decoding, the front-matter split, the safe YAML parse (with its limits) and the recovery
from control characters live here; turning the parsed mapping into an Item is fields.py.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import yaml

from .fields import item_from_mapping
from .records import FileResult

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    _LibLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _LibLoader = yaml.SafeLoader


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from costing more than a normal one."""

    max_file_bytes: int = 8 * 1024 * 1024
    max_front_matter_bytes: int = 2 * 1024 * 1024
    max_related: int = 1000
    max_text_chars: int = 20_000
    max_depth: int = 64


DEFAULT_LIMITS = Limits()

# A --- or ... line, found by its newline: a literal start lets the regex engine skip ahead.
_DELIM = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
# An anchor or alias token: only files that have one take the slow, alias-refusing path.
_ANCHOR_OR_ALIAS = re.compile(r"[\s\[{,:-][&*][^\s\[\]{},#]")
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


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
# The tag of a plain scalar whose type (string, number, bool, null, date) is not decided yet.
_UNDECIDED = object()


class _LazyResolver:
    """Leaves a plain scalar's type undecided until graphx reads the scalar.

    Deciding it takes regex matches, for every scalar of a file, and graphx reads few of
    them. Plain scalars starting with < or = are decided at once, because flatten_mapping
    reads the merge (<<) and value (=) tags of keys. SafeLoader has no path resolvers, so
    every other node's tag is its kind's default, as the stock resolver would give.
    """

    def resolve(self, kind, value, implicit):  # noqa: D102 - PyYAML hook
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR_TAG
            if not value or value[0] in "<=":
                return yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)
            return _UNDECIDED
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


def _decide(loader, node) -> str:
    """The tag of a scalar node, deciding a plain scalar's type as the stock resolver does."""
    if node.tag is _UNDECIDED:
        node.tag = yaml.resolver.BaseResolver.resolve(
            loader, yaml.ScalarNode, node.value, (True, False)
        )
    return node.tag


def _walk(node, visit) -> None:
    """visit(n) for ``node`` and every node under it, each before its children."""
    visit(node)
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _walk(child, visit)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _walk(key, visit)
            _walk(value, visit)


def _decide_all(loader, node) -> None:
    """Decide every undecided scalar under ``node``, before PyYAML's own code reads it."""
    _walk(node, lambda n: _decide(loader, n) if isinstance(n, yaml.ScalarNode) else None)


class _FastLoader(_LazyResolver, _LibLoader):
    """libyaml's safe loader, deciding plain scalars' types only when they are read."""


class _NoAliasLoader(_LazyResolver, yaml.SafeLoader):
    """A safe loader that refuses aliases, so an alias bomb fails at once in small memory."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


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


# Only these fields are ever read; the rest (images, secured, ...) is parsed but not
# built into Python objects, which is most of what YAML costs on a real item.
ITEM_FIELDS = frozenset(
    """title excerpt publishedDateTime webUrl originalUrl ampWebUrl cdnAmpWebUrl provider
    topics tags quality heat published type related""".split()
)
_PROVIDER_FIELDS = frozenset(("name", "domain"))
# The types a plain scalar can have: their constructors return a value (none is a generator),
# so _build calls them directly rather than through construct_object's bookkeeping.
_IMPLICIT_TAGS = frozenset(
    tag for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values() for tag, _ in resolvers
)


def _build(loader, node, wanted: frozenset | None = None) -> object:
    """A composed node -> Python data, reading plain strings straight off the nodes.

    Only ``wanted`` keys of a mapping are built (related entries and the provider keep
    their own fields); any other tag goes through the safe constructor, which refuses
    tags it does not know.
    """
    if isinstance(node, yaml.ScalarNode):
        tag = _decide(loader, node) if node.tag is _UNDECIDED else node.tag
        if tag == _STR_TAG:
            return node.value
        try:
            if tag in _IMPLICIT_TAGS and tag in loader.yaml_constructors:
                return loader.yaml_constructors[tag](loader, node)
            return loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, KeyError, AttributeError, TypeError):
            # A timestamp like 2020-02-31, an int past Python's digit limit, or a value its
            # explicit tag cannot read (`!!bool x`, `!!timestamp x`: PyYAML raises KeyError and
            # AttributeError there): keep the text, so the field is reported as unreadable
            # and the rest of the file still loads.
            return node.value
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
        return [_build(loader, n, wanted) for n in node.value]
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP_TAG:
        _decide_all(loader, node)
        return loader.construct_object(node, deep=True)
    loader.flatten_mapping(node)
    data = {}
    for key_node, value_node in node.value:
        if wanted is not None and key_node.tag is _UNDECIDED:
            # Whatever its type, a plain key is kept only if its text is a wanted name, and
            # no wanted name reads as anything but a string (a test checks): skip deciding.
            key = key_node.value
            if key not in wanted:
                continue
        else:
            key = _build(loader, key_node)
            if wanted is not None and (not isinstance(key, str) or key not in wanted):
                continue
        if isinstance(key, (dict, list)):
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            )
        if key == "provider":
            data[key] = _build(loader, value_node, _PROVIDER_FIELDS)
        else:
            data[key] = _build(loader, value_node, ITEM_FIELDS if key == "related" else None)
    return data


_TAG_TOKEN = re.compile(r"(?:^|[\s\[{,:-])!")


def _check_tags(loader, node) -> None:
    """Refuse a tag the safe constructor does not know, even in a field graphx skips."""

    def check(n) -> None:
        if isinstance(n, yaml.ScalarNode):
            _decide(loader, n)
        if n.tag not in loader.yaml_constructors:
            raise yaml.constructor.ConstructorError(
                None, None, f"unsupported YAML tag {n.tag!r}", n.start_mark
            )

    _walk(node, check)


def _has_anchor_or_alias(block: str) -> bool:
    if block.startswith(("&", "*")):
        return True
    return ("&" in block or "*" in block) and _ANCHOR_OR_ALIAS.search(block) is not None


def _load_yaml(block: str) -> object:
    loader_class = _NoAliasLoader if _has_anchor_or_alias(block) else _FastLoader
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "!" in block and _TAG_TOKEN.search(block):
            _check_tags(loader, node)
        return _build(loader, node, ITEM_FIELDS)
    finally:
        loader.dispose()


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
        return _load_yaml(block), "", ()
    except yaml.reader.ReaderError:
        cleaned, n = _NON_PRINTABLE.subn("", block)
        warning = f"removed {n} control character(s) YAML refuses, e.g. U+{_first_bad(block):04X}"
        try:
            return _load_yaml(cleaned), "", (warning,)
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
