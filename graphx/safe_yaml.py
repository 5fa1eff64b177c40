"""Front matter read with PyYAML safely, lazily and in bounded memory: only what graphx reads
is built.

Before anything is composed, nesting is measured (deeper_than): a bound from the block's
brackets and line-start indicators clears ordinary blocks at the cost of a few string scans,
and the rest are measured on the parser's events, so no composer, libyaml version or
recursive builder ever meets a document nested deeper than the limit.

An ordinary block (small, no anchor or alias) is composed whole by libyaml (when PyYAML has
it), and a plain scalar's type is decided only when graphx reads it (the regular expressions
of PyYAML's resolver are most of a parse, and graphx reads few fields). Any other block is
composed from the parser's events by compose_kept, which keeps only what build reads, keeps
the first ``cap`` entries of each collection, refuses aliases (an alias bomb fails at once,
in small memory) and stops past ``budget`` kept nodes: memory then follows what is kept, not
the block's size. Both ways give the same data wherever the caps do not bite, and the fast
way is taken only where they cannot (tests/test_parse.py compares them). Tags other than
YAML's own are refused, even in fields graphx skips.
"""

from __future__ import annotations

import functools
import re

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    _LibLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _LibLoader = yaml.SafeLoader


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"
_NULL_TAG = "tag:yaml.org,2002:null"
# The tag of a plain scalar whose type (string, number, bool, null, date) is not decided yet.
_UNDECIDED = object()


class LazyResolver:
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
        node.plain = True  # its tag was decided here, not written: see TEXT_FIELDS
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


def decide_all(loader, node) -> None:
    """Decide every undecided scalar under ``node``, before PyYAML's own code reads it."""
    _walk(node, lambda n: _decide(loader, n) if isinstance(n, yaml.ScalarNode) else None)


class FastLoader(LazyResolver, _LibLoader):
    """libyaml's safe loader (when PyYAML has libyaml), deciding plain scalars' types only
    when they are read. Its events also feed compose_kept."""


class PureLoader(LazyResolver, yaml.SafeLoader):
    """The pure-Python safe loader, deciding plain scalars' types only when they are read:
    what FastLoader is when PyYAML has no libyaml, and the nesting measure's second opinion."""

    def scan_flow_scalar_non_spaces(self, double, start_mark):
        # An escape past U+10FFFF ("\U001F6008") makes PyYAML's chr() raise ValueError,
        # where libyaml reports a scanner error: the file's, said as libyaml says it.
        try:
            return super().scan_flow_scalar_non_spaces(double, start_mark)
        except ValueError:
            raise yaml.scanner.ScannerError(
                "while scanning a double-quoted scalar", start_mark,
                "found invalid Unicode character escape code", self.get_mark()) from None


# Only these fields are ever read; the rest (images, secured, ...) is parsed but not
# built into Python objects, which is most of what YAML costs on a real item.
ITEM_FIELDS = frozenset(
    """title excerpt publishedDateTime webUrl originalUrl ampWebUrl cdnAmpWebUrl provider
    topics tags quality heat published type related""".split()
)
PROVIDER_FIELDS = frozenset(("name", "domain"))
# The types a plain scalar can have: their constructors return a value (none is a generator),
# so build calls them directly rather than through construct_object's bookkeeping.
_IMPLICIT_TAGS = frozenset(
    tag for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values() for tag, _ in resolvers
)


#: Fields graphx reads as text: a plain scalar there is kept as written when YAML 1.1
#: would read it as a boolean, number or date ("title: no" is the word no, not False;
#: "title: .nan" is ".nan"). Null stays null.
TEXT_FIELDS = frozenset(("title", "excerpt", "type", "name", "provider"))
#: ... and lists of labels, entry by entry ("tags: [NO, US-SC]": NO is Norway, not False).
LABEL_FIELDS = frozenset(("topics", "tags"))
_AS_WRITTEN = frozenset(f"tag:yaml.org,2002:{t}" for t in ("bool", "int", "float", "timestamp"))


def _written(loader, node) -> bool:
    """Whether ``node`` is a plain scalar YAML 1.1 reads as a boolean, number or date (its
    tag not written, decided now or before): in a text field, its text as written."""
    return (isinstance(node, yaml.ScalarNode)
            and (node.tag is _UNDECIDED or getattr(node, "plain", False))
            and _decide(loader, node) in _AS_WRITTEN)


def _wanted_under(key: object) -> frozenset | None:
    """The keys kept in the value of mapping key ``key`` (None: all of them)."""
    return PROVIDER_FIELDS if key == "provider" else ITEM_FIELDS if key == "related" else None


def build(loader, node, wanted: frozenset | None = None, where: str = "") -> object:
    """A composed node -> Python data, reading plain strings straight off the nodes.

    Only ``wanted`` keys of a mapping are built (related entries and the provider keep
    their own fields); any other tag goes through the safe constructor, which refuses
    tags it does not know. A sequence compose_kept cut keeps its length: each entry past
    the cut is None. A wanted key a mapping gives twice or more, however it is written
    (quoted, escaped, in a flow mapping), is said in ``loader.given_twice`` when the loader
    has that list, named by ``where`` it is ("provider.name", "related[0].webUrl": entries
    numbered from 0, as fields.py numbers them).
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
        if wanted is None:
            built = [build(loader, n) for n in node.value]
        else:  # entries of a list graphx reads (related): a slip is said with its place
            built = [build(loader, n, wanted, f"{where}[{i}]")
                     for i, n in enumerate(node.value)]
        cut = getattr(node, "cut", 0)
        return built + [None] * cut if cut else built
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP_TAG:
        decide_all(loader, node)
        return loader.construct_object(node, deep=True)
    own = None  # the mapping's own keys, when a merge (<<) brings others in before them
    if wanted is not None and any(k.tag == _MERGE_TAG for k, _ in node.value):
        own = {id(k) for k, _ in node.value}
    loader.flatten_mapping(node)
    data = {}
    given: dict | None = None  # how often each wanted key is given, once one is given twice
    for key_node, value_node in node.value:
        if wanted is not None and key_node.tag is _UNDECIDED:
            # Whatever its type, a plain key is kept only if its text is a wanted name, and
            # no wanted name reads as anything but a string (a test checks): skip deciding.
            key = key_node.value
            if key not in wanted:
                continue
        else:
            key = build(loader, key_node)
            if wanted is not None and (not isinstance(key, str) or key not in wanted):
                continue
        if isinstance(key, (dict, list)):
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            )
        if wanted is not None and key in data:
            if own is None:
                given = given or {}
                given[key] = given.get(key, 1) + 1
            elif id(key_node) in own:  # a merged key gives way to the mapping's own: only
                own_seen = [k for k, _ in node.value  # the mapping's own keys count
                            if id(k) in own and _key_text(loader, k) == key]
                if len(own_seen) > 1:
                    given = given or {}
                    given[key] = len(own_seen)
        if key in TEXT_FIELDS or key in LABEL_FIELDS:
            if _written(loader, value_node):
                data[key] = value_node.value
                continue
            if (key in LABEL_FIELDS and isinstance(value_node, yaml.SequenceNode)
                    and value_node.tag == _SEQ_TAG):
                built = [n.value if _written(loader, n) else build(loader, n, None)
                         for n in value_node.value]
                cut = getattr(value_node, "cut", 0)
                data[key] = built + [None] * cut if cut else built
                continue
        data[key] = build(loader, value_node, _wanted_under(key),
                          "" if isinstance(value_node, yaml.ScalarNode)
                          else f"{where}.{key}" if where else key)
    if given:
        said = getattr(loader, "given_twice", None)
        if said is not None:
            said.extend(f"{where}.{key}: given {n} times; the last one is used" if where
                        else f"{key}: given {n} times; the last one is used"
                        for key, n in given.items())
    return data


def _key_text(loader, key_node) -> object:
    """What build reads as ``key_node``'s key (a plain key's text, undecided or not)."""
    return key_node.value if key_node.tag is _UNDECIDED else build(loader, key_node)


_TAG_TOKEN = re.compile(r"(?:^|[\s\[{,:-])!")


def _tag_problem(loader, tag, mark):
    """The error for a node tagged ``tag`` (decided), or None when the safe constructor
    knows the tag."""
    if tag in loader.yaml_constructors or tag == _MERGE_TAG:  # `!!merge <<:` is a key's
        return None  # tag, which flatten_mapping reads; as a value's, building refuses it
    return yaml.constructor.ConstructorError(None, None, f"unsupported YAML tag {tag!r}", mark)


def _check_tags(loader, node) -> None:
    """Refuse a tag the safe constructor does not know, even in a field graphx skips."""

    def check(n) -> None:
        if isinstance(n, yaml.ScalarNode):
            _decide(loader, n)
        problem = _tag_problem(loader, n.tag, n.start_mark)
        if problem is not None:
            raise problem

    _walk(node, check)


# An anchor or alias token: files that have one take compose_kept, which refuses aliases.
_ANCHOR_OR_ALIAS = re.compile(r"[\s\[{,:-][&*][^\s\[\]{},#]")


def _has_anchor_or_alias(block: str) -> bool:
    if block.startswith(("&", "*")):
        return True
    return ("&" in block or "*" in block) and _ANCHOR_OR_ALIAS.search(block) is not None


# --- nesting --------------------------------------------------------------------------

# Line breaks as YAML reads them besides \n (parse_item turns \r\n and \r into \n).
_OTHER_BREAKS = "\r\x85\u2028\u2029"


def _other_breaks(block: str) -> bool:
    """True when ``block`` breaks lines with anything but \n (a str's `in` is far faster
    than a regex character class here)."""
    return "\r" in block or (not block.isascii() and (
        "\x85" in block or "\u2028" in block or "\u2029" in block))


# What may stand before a block collection's first token on its line: indentation and the
# indicators of compact nesting ("- - x", "? - x", ": - x").
_PREFIX_CHARS = "[ \t?:\\-\ufeff]"


@functools.lru_cache(maxsize=64)
def _deep_prefix(width: int, breaks: str) -> re.Pattern:
    return re.compile(f"(?:\\A|[{breaks}]){_PREFIX_CHARS}{{{width}}}")


@functools.lru_cache(maxsize=64)
def _deep_prefix_after_newline(width: int) -> re.Pattern:
    return re.compile(f"\n{_PREFIX_CHARS}{{{width}}}")


def shallow(block: str, limit: int) -> bool:
    """True when ``block`` provably nests no deeper than ``limit``, from string scans alone.

    Every flow collection opens with its own [ or {. A nested block collection starts
    further right than its parent, or at the same column for a sequence under a mapping
    key, so block level k starts at column (k - 2) // 2 or later, after only indentation
    and indicators on its line: a block whose lines all start with at most P such
    characters nests at most 2P + 2 block levels (tests/test_parse.py checks the bound on
    generated documents). False means "measure it", not "too deep".
    """
    room = limit - 2 - block.count("[") - block.count("{")
    if room < 0:
        return False
    width = room // 2 + 1  # a line starting with this many indicators could be too deep
    if _other_breaks(block):
        return _deep_prefix(width, "\n" + _OTHER_BREAKS).search(block) is None
    return (_deep_prefix_after_newline(width).search(block) is None
            and _deep_prefix(width, "\n").match(block) is None)


def _event_depth(loader, limit: int, open_levels: list[int]) -> bool:
    """True as soon as ``loader``'s events open a level past ``limit``; ``open_levels``
    holds the open [block, flow] levels, so a YAMLError leaves them as far as it got."""
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind is SequenceStartEvent or kind is MappingStartEvent:
            open_levels[1 if event.flow_style else 0] += 1
            if open_levels[0] + open_levels[1] > limit:
                return True
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            # An end event has no style; flow collections sit innermost, so close one first.
            open_levels[1 if open_levels[1] else 0] -= 1
    return False


def deeper_than(block: str, limit: int) -> bool:
    """True when ``block`` nests collections (block or flow, counted alike) deeper than
    ``limit``: measured before anything is composed, the same with any PyYAML.

    Ordinary blocks are cleared by ``shallow``; the rest are measured on libyaml's events.
    Where libyaml stops with an error first (a syntax error, or the nesting limit of its
    own that newer versions have), the pure-Python parser measures again, and where it
    stops too, the levels its scanner had opened by then count as well: a block that
    fails before reaching the limit is left for the loader to report.
    """
    if shallow(block, limit):
        return False
    pure = issubclass(FastLoader, yaml.parser.Parser)
    loader_classes = [FastLoader] if pure else [FastLoader, PureLoader]
    for loader_class in loader_classes:
        open_levels = [0, 0]
        loader = None
        try:
            loader = loader_class(block)
            return _event_depth(loader, limit, open_levels)
        except yaml.YAMLError:
            if loader_class is loader_classes[-1] and loader is not None:
                block_levels = max(open_levels[0], len(getattr(loader, "indents", ())))
                flow_levels = max(open_levels[1], getattr(loader, "flow_level", 0))
                return block_levels + flow_levels > limit
        finally:
            if loader is not None:
                loader.dispose()
    return False


# --- composing what is kept -------------------------------------------------------------


class LimitError(yaml.YAMLError):
    """A block whose kept part is past a bound of compose_kept; the message is the reason."""


class _Open:
    """A collection compose_kept has open: its node (None while skipping it), the keys its
    plain mappings keep (None: all), how many entries it keeps (None: all), whether it is
    built whole by the safe constructor, and the fate of its pending key's value."""

    __slots__ = ("node", "wanted", "cap", "whole", "count", "key", "keep_value", "value_wanted")

    def __init__(self, node, wanted, cap, whole):
        self.node, self.wanted, self.cap, self.whole = node, wanted, cap, whole
        self.count = 0  # entries (pairs, for a mapping) seen so far
        self.key = None  # a mapping's pending key: a node, _DROPPED, or None before the key
        self.keep_value, self.value_wanted = True, None


_DROPPED = object()  # the pending key of a pair compose_kept does not keep
#: The value of a kept key that build will not keep (a complex key of a filtered mapping).
_SKIPPED = yaml.ScalarNode(_NULL_TAG, "")


_UNREADABLE = object()  # a key build cannot make: it raises there later, in its own order


def _built_key(loader, tag, event):
    """What build reads as the key of scalar ``event`` tagged ``tag``, or _UNREADABLE."""
    if tag is _UNDECIDED or tag == _STR_TAG:
        return event.value
    try:
        return build(loader, yaml.ScalarNode(tag, event.value, event.start_mark,
                                             event.end_mark, style=event.style))
    except yaml.YAMLError:
        return _UNREADABLE


def _place(frame: _Open | None, loader, event, tag) -> tuple[bool, object, bool]:
    """(keep, wanted, whole) of the node ``event`` starts inside ``frame`` (None: the root),
    deciding the fate of a mapping's value when ``event`` starts its key."""
    if frame is None:
        return True, ITEM_FIELDS, False
    if frame.node is None:
        return False, None, True
    if not isinstance(frame.node, yaml.MappingNode):  # a sequence entry
        keep = frame.cap is None or frame.count < frame.cap
        frame.count += 1
        return keep, None if frame.whole else frame.wanted, frame.whole
    if frame.key is not None:  # a value: its fate was set with its key
        return frame.keep_value, frame.value_wanted, frame.whole
    # A key: keep the pair? and what does build keep of its value?
    index = frame.count
    frame.count += 1
    if frame.cap is not None and index >= frame.cap:
        frame.keep_value = False
        return False, None, True
    if frame.whole:
        frame.keep_value, frame.value_wanted = True, None
        return True, None, True
    if type(event) is not ScalarEvent:  # a complex key: build builds it, then drops a
        keep_value = frame.wanted is None  # filtered mapping's pair (it is no string)
        frame.keep_value, frame.value_wanted = keep_value, None
        return True, None, False
    if tag == _MERGE_TAG:  # flatten_mapping merges the value's pairs into this mapping
        frame.keep_value, frame.value_wanted = True, frame.wanted
        return True, None, False
    if frame.wanted is not None and tag == _VALUE_TAG:  # flatten_mapping makes it "=": no
        frame.keep_value = False  # wanted name
        return False, None, False
    key = _built_key(loader, tag, event)
    if key is _UNREADABLE:
        frame.keep_value, frame.value_wanted = True, None
        return True, None, False
    if frame.wanted is not None and (not isinstance(key, str) or key not in frame.wanted):
        frame.keep_value = False
        return False, None, False
    frame.keep_value, frame.value_wanted = True, _wanted_under(key)
    return True, None, False


def _attach(frame: _Open, node, keep: bool) -> None:
    """Put the finished ``node`` (kept or not) into the collection ``frame`` composes."""
    parent = frame.node
    if parent is None:
        return
    if isinstance(parent, yaml.MappingNode):
        if frame.key is None:
            frame.key = node if keep else _DROPPED
            return
        if frame.key is not _DROPPED:
            parent.value.append((frame.key, node if keep else _SKIPPED))
        frame.key = None
    elif keep:
        parent.value.append(node)
    elif parent.tag == _SEQ_TAG and not frame.whole:  # cut by the cap: build keeps its place
        parent.cut = getattr(parent, "cut", 0) + 1


def compose_kept(loader, *, cap: int, budget: int, check_tags: bool):
    """The document ``loader``'s events hold, composed as get_single_node would but keeping
    only what build reads: the wanted keys of plain mappings and the first ``cap`` entries
    of every other collection (a plain sequence that lost entries records how many, as
    ``cut``, and build keeps its length).

    Everything skipped is still read: an alias anywhere raises a ComposerError (aliases
    are refused), and with ``check_tags`` an unknown tag anywhere raises, after any syntax
    error later in the stream, as _check_tags on the whole document would. Raises
    LimitError past ``budget`` kept nodes.
    """
    anchors: set[str] = set()
    tag_problem = None
    kept = 0
    stack: list[_Open] = []
    root = None
    loader.get_event()  # stream start
    if not loader.check_event(StreamEndEvent):
        loader.get_event()  # document start
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is SequenceEndEvent or kind is MappingEndEvent:
                done = stack.pop()
                node, keep = done.node, done.node is not None
                if keep:
                    node.end_mark = event.end_mark
            else:
                if kind is AliasEvent:
                    raise yaml.composer.ComposerError(
                        None, None, "YAML aliases (*name) are not allowed", event.start_mark)
                if event.anchor is not None:
                    if event.anchor in anchors:
                        raise yaml.composer.ComposerError(
                            f"found duplicate anchor {event.anchor!r}", None,
                            "second occurrence", event.start_mark)
                    anchors.add(event.anchor)
                tag = event.tag
                if kind is ScalarEvent:
                    if tag is None or tag == "!":
                        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                    if check_tags and tag_problem is None:
                        decided = tag
                        if tag is _UNDECIDED:
                            decided = yaml.resolver.BaseResolver.resolve(
                                loader, yaml.ScalarNode, event.value, (True, False))
                        tag_problem = _tag_problem(loader, decided, event.start_mark)
                else:
                    node_class = (yaml.SequenceNode if kind is SequenceStartEvent
                                  else yaml.MappingNode)
                    if tag is None or tag == "!":
                        tag = loader.resolve(node_class, None, event.implicit)
                    if check_tags and tag_problem is None:
                        tag_problem = _tag_problem(loader, tag, event.start_mark)
                keep, wanted, whole = _place(stack[-1] if stack else None, loader, event, tag)
                if keep:
                    kept += 1
                    if kept > budget:
                        raise LimitError(f"front matter holds more than {budget:,} values "
                                         "in the fields graphx reads")
                if kind is ScalarEvent:
                    node = (yaml.ScalarNode(tag, event.value, event.start_mark,
                                            event.end_mark, style=event.style)
                            if keep else None)
                else:
                    node = (node_class(tag, [], event.start_mark, None,
                                       flow_style=event.flow_style) if keep else None)
                    # Build keeps only the wanted keys of a plain mapping, and takes any
                    # other collection whole: those keep their first ``cap`` entries.
                    whole = whole or tag not in (_SEQ_TAG, _MAP_TAG)
                    filtered = not whole and wanted is not None and tag == _MAP_TAG
                    stack.append(_Open(node, None if whole else wanted,
                                       None if filtered else cap, whole))
                    continue
            if not stack:
                root = node
                break
            _attach(stack[-1], node, keep)
        loader.get_event()  # document end
    if not loader.check_event(StreamEndEvent):
        event = loader.get_event()
        raise yaml.composer.ComposerError(
            "expected a single document in the stream", root.start_mark,
            "but found another document", event.start_mark)
    loader.get_event()
    if tag_problem is not None:
        raise tag_problem
    return root


#: Kept nodes past which compose_kept stops: about 20 MB of nodes, more than twice what an
#: item with as many related entries as graphx keeps (1,000, some 20 values each) holds.
KEPT_NODES = 50_000
#: A block is composed whole by libyaml (the fast way) only up to this size, and only when
#: no collection can hold ``cap`` entries: then compose_kept would keep all of it anyway,
#: and composing it whole costs at most a few megabytes.
FAST_BLOCK = 32 * 1024


def composed_whole(block: str, cap: int) -> bool:
    """True when ``block`` may be composed whole (the fast way): it is small, has no anchor
    or alias, and no collection in it can hold ``cap`` entries (each entry but the first
    follows a comma or starts a line)."""
    return (len(block) <= FAST_BLOCK and block.count("\n") + block.count(",") < cap
            and not _other_breaks(block) and not _has_anchor_or_alias(block))


def load_block(block: str, *, cap: int, budget: int = KEPT_NODES,
               whole: bool | None = None, given_twice: list[str] | None = None) -> object:
    """A front-matter block (nested no deeper than the limit: see deeper_than) -> the data
    build makes of it, composed whole or by compose_kept as composed_whole says (``whole``
    forces one way: tests compare them). Raises yaml.YAMLError (LimitError past ``budget``
    kept nodes). A block libyaml refuses only for a surrogate escape (``"\\ud800"``, or a
    pair ``"\\ud83d\\ude00"``) is read by the pure-Python parser, which keeps it (the
    caller repairs it: graphx.fields.repair_text). A key graphx reads that a mapping gives
    twice is said in ``given_twice``, when given (see build)."""
    said: list[str] = []
    try:
        data = _load_block(FastLoader, block, cap=cap, budget=budget, whole=whole,
                           given_twice=said)
        if given_twice is not None:
            given_twice.extend(said)
        return data
    except yaml.YAMLError as exc:
        if (issubclass(FastLoader, yaml.parser.Parser) or isinstance(exc, LimitError)
                or _SURROGATE_ESCAPE not in str(exc)):
            raise
        refused = exc
    try:
        return _load_block(PureLoader, block, cap=cap, budget=budget, whole=whole,
                           given_twice=given_twice)
    except yaml.scanner.ScannerError as exc:
        if _SURROGATE_ESCAPE in str(exc):  # an escape past U+10FFFF: libyaml's refusal stands
            raise refused from None
        raise


#: What libyaml says of a \\uXXXX escape of a surrogate, which the pure parser reads.
_SURROGATE_ESCAPE = "found invalid Unicode character escape code"


def _load_block(loader_class, block: str, *, cap: int, budget: int, whole: bool | None,
                given_twice: list[str] | None = None) -> object:
    check_tags = "!" in block and _TAG_TOKEN.search(block) is not None
    fast = composed_whole(block, cap) if whole is None else whole
    loader = loader_class(block)
    loader.given_twice = given_twice
    try:
        if fast:
            node = loader.get_single_node()
            if node is not None and check_tags:
                _check_tags(loader, node)
        else:
            node = compose_kept(loader, cap=cap, budget=budget, check_tags=check_tags)
        return None if node is None else build(loader, node, ITEM_FIELDS)
    finally:
        loader.dispose()
