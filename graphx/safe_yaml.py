"""Front matter read with PyYAML safely and lazily: only the fields graphx reads are built.

libyaml (when PyYAML has it) composes the nodes; a plain scalar's type is decided only when
graphx reads it (the regular expressions of PyYAML's resolver are most of a parse, and
graphx reads few fields); a file with anchors takes the pure-Python loader, which refuses
aliases, so an alias bomb fails at once in small memory; tags other than YAML's own are
refused even in fields graphx skips.
"""

from __future__ import annotations

import re

import yaml

try:  # libyaml is several times faster; the pure-Python loader is the fallback.
    _LibLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _LibLoader = yaml.SafeLoader


# An anchor or alias token: only files that have one take the slow, alias-refusing path.
_ANCHOR_OR_ALIAS = re.compile(r"[\s\[{,:-][&*][^\s\[\]{},#]")

_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
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
    """libyaml's safe loader, deciding plain scalars' types only when they are read."""


class NoAliasLoader(LazyResolver, yaml.SafeLoader):
    """A safe loader that refuses aliases, so an alias bomb fails at once in small memory."""

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


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


def build(loader, node, wanted: frozenset | None = None) -> object:
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
        return [build(loader, n, wanted) for n in node.value]
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP_TAG:
        decide_all(loader, node)
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
            key = build(loader, key_node)
            if wanted is not None and (not isinstance(key, str) or key not in wanted):
                continue
        if isinstance(key, (dict, list)):
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            )
        if key == "provider":
            data[key] = build(loader, value_node, PROVIDER_FIELDS)
        else:
            data[key] = build(loader, value_node, ITEM_FIELDS if key == "related" else None)
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


def load_block(block: str) -> object:
    loader_class = NoAliasLoader if _has_anchor_or_alias(block) else FastLoader
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "!" in block and _TAG_TOKEN.search(block):
            _check_tags(loader, node)
        return build(loader, node, ITEM_FIELDS)
    finally:
        loader.dispose()
