"""Items -> the coverage graph: one node per story, provider, topic and tag (docs/graph-model.md).

A story is every URL that any item says names it: the story keys of an item's webUrl,
originalUrl and AMP twins are joined (union-find), so even an AMP form that no rule
can map back (``/news/amp/x`` for ``/news/article/x``) lands on the right node.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from . import __version__
from .model import ARTICLE, join_list, label_key, node_id, split_id, split_list
from .records import Item
from .urls import story_key


class UnionFind:
    """Disjoint sets of strings (story keys, node ids), with path halving; a set's root is
    its smallest member, so the sets never depend on the order of the unions."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(self, keys: Iterable[str]) -> str:
        keys = iter(keys)
        root = self.find(next(keys))
        for key in keys:
            other = self.find(key)
            if other != root:
                # The smaller key wins, so the result does not depend on input order.
                root, other = min(root, other), max(root, other)
                self.parent[other] = root
        return root

    def sets(self) -> list[set[str]]:
        """Every set of two or more members."""
        members: dict[str, set[str]] = defaultdict(set)
        for key in self.parent:
            members[self.find(key)].add(key)
        return [s for s in members.values() if len(s) > 1]


def _keys(item: Item) -> list[str]:
    return [item.key] + [story_key(u) for u in item.urls[1:]]


def _most_common(counter: Counter) -> str:
    """The most frequent value; ties go to the alphabetically first, for stable labels."""
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""


def _best_copy(copies: list[Item]) -> Item:
    """The related copy that says most about a story that has no file of its own."""
    return max(copies, key=lambda c: (bool(c.title), len(c.excerpt), c.published, c.url))


def _article_attrs(rep: Item, files: list[Item], copies: list[Item]) -> dict:
    urls = list(dict.fromkeys([*rep.urls, *(u for i in (*files, *copies) for u in i.urls)]))
    topics: dict[str, str] = {}
    tags: dict[str, str] = {}
    for item in [rep, *files]:
        for t in item.topics:
            topics.setdefault(label_key(t), " ".join(t.split()))
        for t in item.tags:
            tags.setdefault(label_key(t), " ".join(t.split()))
    attrs = {
        "kind": ARTICLE,
        "label": rep.title or rep.url,
        "title": rep.title,
        "excerpt": rep.excerpt,
        "url": rep.url,
        "urls": join_list(urls),
        "published": rep.published,
        "provider": rep.provider_domain,
        "provider_name": rep.provider_name,
        "topics": join_list(topics.values()),
        "tags": join_list(tags.values()),
        "sources": join_list(sorted(i.path for i in files)),
        "has_file": bool(files),
        "type": rep.type,
    }
    for name in ("quality", "heat", "listed"):
        value = getattr(rep, name)
        if value is not None:
            attrs[name] = value
    return attrs


def _add_edge(G: nx.MultiDiGraph, u: str, v: str, relation: str) -> None:
    if G.has_edge(u, v, key=relation):
        G.edges[u, v, relation]["count"] += 1
    else:
        G.add_edge(u, v, key=relation, relation=relation, count=1)


def build_graph(items: Iterable[Item], *, provenance: dict | None = None) -> nx.MultiDiGraph:
    """Items (each an input file's own item) -> the coverage graph.

    One node per story however many files and URL variants name it; the own file's fields
    win over a related copy, and between two own files the later publication (then the
    later path) wins. Self-links are dropped and counted in ``G.graph['self_links_dropped']``.
    """
    items = sorted(items, key=lambda i: i.path)
    uf = UnionFind()
    for item in items:
        uf.union(_keys(item))
        for rel in item.related:
            uf.union(_keys(rel))

    files: dict[str, list[Item]] = defaultdict(list)
    copies: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        files[uf.find(item.key)].append(item)
        for rel in item.related:
            copies[uf.find(rel.key)].append(rel)

    G = nx.MultiDiGraph()
    node_of: dict[str, str] = {}
    provider_names: dict[str, Counter] = defaultdict(Counter)
    label_counts: dict[str, Counter] = defaultdict(Counter)
    for root in sorted(set(files) | set(copies)):
        own = files.get(root, [])
        rel_copies = copies.get(root, [])
        rep = max(own, key=lambda i: (i.published, i.path)) if own else _best_copy(rel_copies)
        node = node_id(ARTICLE, rep.key)
        node_of[root] = node
        G.add_node(node, **_article_attrs(rep, own, rel_copies))
        for seen in (*own, *rel_copies):
            if seen.provider_domain and seen.provider_name:
                provider_names[seen.provider_domain][seen.provider_name] += 1

    for node, attrs in list(G.nodes(data=True)):
        domain = attrs["provider"]
        if domain:
            _add_edge(G, node, node_id("provider", domain), "published_by")
        for kind in ("topics", "tags"):
            for label in split_list(attrs[kind]):
                target = node_id(kind[:-1], label_key(label))
                label_counts[target][label] += 1
                _add_edge(G, node, target, "tagged")

    self_links = 0
    for item in items:
        source = node_of[uf.find(item.key)]
        for rel in item.related:
            target = node_of[uf.find(rel.key)]
            if target == source:
                self_links += 1
            else:
                _add_edge(G, source, target, "related")

    for domain, names in provider_names.items():
        node = node_id("provider", domain)
        if node in G:
            G.nodes[node].update(
                kind="provider", label=_most_common(names), domain=domain,
                names=join_list(sorted(names)),
            )
    for node in G:
        attrs = G.nodes[node]
        if "kind" not in attrs:  # a provider with no display name, a topic or a tag
            kind, key = split_id(node)
            label = _most_common(label_counts[node]) if node in label_counts else key
            attrs.update(kind=kind, label=label)
            if kind == "provider":
                attrs.update(domain=key, names="")
    G.graph.update(
        created_by="graphx",
        graphx_version=__version__,
        self_links_dropped=self_links,
        **(provenance or {}),
    )
    return G


def summary(G: nx.MultiDiGraph) -> dict:
    """Counts a person wants first: nodes by kind, articles with and without files, edges."""
    kinds = Counter(k for _, k in G.nodes(data="kind"))
    relations = Counter(r for _, _, r in G.edges(keys=True))
    with_file = sum(1 for _, a in G.nodes(data=True) if a.get("has_file"))
    variants = sum(
        len(split_list(a["urls"])) for _, a in G.nodes(data=True) if a.get("kind") == ARTICLE
    )
    return {
        "articles": kinds.get("article", 0),
        "articles_with_file": with_file,
        "articles_without_file": kinds.get("article", 0) - with_file,
        "url_variants": variants,
        "providers": kinds.get("provider", 0),
        "topics": kinds.get("topic", 0),
        "tags": kinds.get("tag", 0),
        "edges": dict(sorted(relations.items())),
        "self_links_dropped": G.graph.get("self_links_dropped", 0),
    }
