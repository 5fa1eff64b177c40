"""Items -> the coverage graph: one node per story, provider, topic and tag (docs/graph-model.md).

Files whose canonical URLs (webUrl, else originalUrl) differ are different stories unless
the evidence says otherwise. The evidence is: the same story key (graphx.urls: the same URL
after normalisation; a reissued page, same URL with a new title, is one story), or an AMP
or CDN twin that maps back to exactly one canonical URL, so that even an AMP form no rule
can map back (``/news/amp/x`` for ``/news/article/x``) lands on its story. A twin that
several canonical URLs point to (a live blog's index page, given as the AMP twin of each of
its posts) is no such evidence and joins nothing, nor does a twin that is a page above the
item's own when the corpus holds that page as an article in its own right (a live blog
with one post given, the blog itself among the files). A variant that is no twin at all
(graphx.urls.is_twin: another site's page, such as the Reuters article an MSN copy names
as its ``originalUrl``) joins nothing and is not kept as the node's URL either.
Outlets (one per newsroom, not per platform) come from graphx.outlets.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

import networkx as nx

from . import __version__
from .model import ARTICLE, canonical, join_list, label_key, node_id, split_id, split_list
from .outlets import Outlets, most_common
from .records import Item
from .urls import article_key, is_above, is_amp, is_twin, site_domain, story_key


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


#: Why files were merged into one node (load-report.json lists each merge with one).
SAME_URL, REISSUED, AMP_TWIN = "same URL after normalisation", "reissued page", "AMP twin"


def _twins(item: Item) -> set[str]:
    """The story keys of an item's other URL variants that differ from its own key and can
    be the same page (graphx.urls.is_twin)."""
    return {k for k in map(story_key, item.urls[1:]) if k != item.key and is_twin(item.key, k)}


def _own_urls(item: Item) -> Iterable[str]:
    """An item's URL variants that name its own page: its URL and its twins' (not another
    site's page, not a page above its own)."""
    if len(item.urls) == 1:
        return item.urls
    return [u for u in item.urls if is_twin(item.key, story_key(u))]


def story_sets(items: Iterable[Item]) -> tuple[UnionFind, set[str]]:
    """Story keys joined on the evidence that they name one story (see the module docstring):
    each item's key with the twins that map back to it alone. Returns the sets and the
    twins that several keys share, which join nothing."""
    uf = UnionFind()
    owners: dict[str, set[str]] = defaultdict(set)
    for item in items:
        uf.find(item.key)  # every item's own key: a page of the corpus
        if len(item.urls) > 1:
            for twin in _twins(item):
                owners[twin].add(item.key)
    shared = set()
    for twin, keys in owners.items():
        (key,) = keys if len(keys) == 1 else (None,)
        # uf.parent holds every own key (and twins joined so far: each twin is met once)
        if key is not None and not (is_above(key, twin) and twin in uf.parent):
            uf.union([twin, key])
        else:
            shared.add(twin)
    return uf, shared


#: A URL's last path segment names its story when it holds this many words ("taiwan-
#: donates-100-000-surgical-masks-to-kansas"); fewer ("52570936", "video") name none.
SLUG_WORDS = 3
# Words of four letters or more: the few function words among them ("with", "from") only
# make two titles agree more, which keeps files together, as before this rule.
_WORD = re.compile(r"[^\W\d_]{4,}")


def _content_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def _slug_words(key: str) -> frozenset[str]:
    """The words of a story key's last path segment (its slug)."""
    path = key.partition("/")[2].partition("?")[0].rstrip("/")
    return _content_words(path.rpartition("/")[2].replace("-", " ").replace("_", " "))


def _strays(files: list[Item]) -> list[Item]:
    """The files at one URL that are another story than the page's: a title that shares at
    most one word with the URL's slug and with every title that matches the slug (one in
    which half the slug's words stand). A site that reuses an address ("...articles/
    2020-05-06/taiwan-donates-100-000-surgical-masks-to-kansas" for "Kansas Still Mulling
    Inmate Releases") is not a reissued page; a live page whose headline changed over the
    day keeps its words ("Oregon coronavirus updates, ...") and stays one story."""
    slug = _slug_words(files[0].key)
    if len(slug) < SLUG_WORDS or len({f.title for f in files}) < 2:
        return []
    words = {f.title: _content_words(f.title) for f in files}
    matching = [w for w in words.values() if 2 * len(w & slug) >= len(slug)]
    if not matching:
        return []
    return [f for f in files if len(words[f.title] & slug) <= 1
            and all(len(words[f.title] & w) <= 1 for w in matching)]


def _own_key(item: Item) -> Item:
    """``item`` as a story of its own at its URL: keyed by the URL and its title's first
    words (as graphx.urls.article_key keys a site's home page), with no twin to share."""
    return replace(item, key=article_key(item.url, item.title, own=True), urls=(item.url,))


def _apart(items: list[Item]) -> list[Item]:
    """``items`` with the files that are another story than their URL's page (_strays),
    and related copies of the same titles, keyed apart."""
    first: dict[str, Item] = {}
    again: dict[str, list[Item]] = {}  # the keys of two or more files: few
    for item in items:
        seen = first.setdefault(item.key, item)
        if seen is not item:
            again.setdefault(item.key, [seen]).append(item)
    strays = {(f.key, f.title) for files in again.values() for f in _strays(files)}
    strays.update((r.key, r.title) for r in _stray_entries(items, first, again))
    del first
    if not strays:
        return items

    def fix(item: Item) -> Item:
        return _own_key(item) if (item.key, item.title) in strays else item

    return [replace(fix(item), related=tuple(map(fix, item.related)))
            if (item.key, item.title) in strays or any(
                (r.key, r.title) in strays for r in item.related) else item
            for item in items]


def _stray_entries(items: list[Item], first: dict[str, Item],
                   again: dict[str, list[Item]]) -> Iterable[Item]:
    """The related entries that are another story than the file at their URL: another
    outlet's, under a title that shares at most one word with the title of every file at
    that URL (and with its slug, when it has one). Bloomberg's "India Looks to Lure More
    Than 1,000 U.S. Companies Out of China" listed supplychainbrain.com's copy of itself at
    the address of CNN's "Pennsylvania reports ... 310 deaths": followed, the address made
    the trade story related to Pennsylvania's deaths at 0.951. Keyed apart, the entry is
    the story it names, as the aggregator wrote it."""
    for item in items:
        for rel in item.related:
            own = first.get(rel.key)
            if own is None or not rel.title or rel.title == own.title:
                continue
            files = again.get(rel.key, [own])
            if any(rel.title == f.title or not f.title or _same_outlet(rel, f) for f in files):
                continue
            words = _topic_words(rel.title)
            slug = _slug_words(rel.key)
            if len(slug) >= SLUG_WORDS and len(words & slug) > 1:
                continue
            if all(len(words & _topic_words(f.title)) <= 1 for f in files):
                yield rel


#: Words of five letters or more: "more than" of "India Looks to Lure More Than 1,000 U.S.
#: Companies" and "Pennsylvania reports more than 1,000 new cases" is no shared topic.
_TOPIC_WORD = re.compile(r"[^\W\d_]{5,}")


def _topic_words(title: str) -> frozenset[str]:
    return frozenset(_TOPIC_WORD.findall(title.casefold()))


def _same_outlet(a: Item, b: Item) -> bool:
    """Whether two items name one site as their outlet (either's domain, when it gives one)."""
    da, db = (site_domain(i.provider_domain) if i.provider_domain else "" for i in (a, b))
    return not da or not db or da == db


def _with_copies(items: list[Item]) -> Iterable[Item]:
    for item in items:
        yield item
        yield from item.related


def _naming(items: list[Item]) -> Iterable[Item]:
    """The items that name outlets: every file, and of each file's related entries one per
    outlet name it gives at each place (host and first path segment: one file listing one
    Reuters page nine times as "Reuters Disinformation Desk", or nine such pages, outvoted
    Reuters' own two files). Per place: every place an article lives at must reach
    graphx.outlets, which may make it an outlet, and one file's entries for a boston. and a
    sanfrancisco.cbslocal.com page, both "CBS Boston / WBZ" (as covid's own entries credit
    them), left the second station unknown: every command stopped with a KeyError."""
    for item in items:
        yield item
        given: set[tuple[str, str, str]] = set()
        for rel in item.related:
            place = "/".join(rel.key.split("/", 2)[:2])  # its host and first path segment
            name = (rel.provider_domain, rel.provider_name, place)
            if name not in given:
                given.add(name)
                yield rel


def _best_copy(copies: list[Item]) -> Item:
    """The related copy that says most about a story that has no file of its own."""
    return max(copies, key=lambda c: (bool(c.title), len(c.excerpt), c.published, c.url))


def _newest_first(files: list[Item]) -> list[Item]:
    """Own files, the one whose fields the node shows first: the later publication, then
    the later path."""
    if len(files) < 2:
        return files
    return sorted(files, key=lambda i: (i.published, i.path), reverse=True)


def _titles(rep: Item, files: list[Item], copies: list[Item]) -> str:
    """Every distinct title of a story's files (of its related copies when it has none), its
    own first, joined (a title's own "; " stays in its title: see join_list)."""
    others = files or copies
    if len(others) < 2:  # most stories: one file, or one copy
        return join_list([rep.title])
    return join_list(dict.fromkeys(i.title for i in (rep, *others) if i.title))


def _home(root: str, uf: UnionFind, rep: Item, files: list[Item], copies: list[Item]) -> str:
    """The address a story's node is named and linked by: its shown file's URL, unless that
    is an AMP form (graphx.urls.is_amp) and a URL of its files, then of its related copies,
    is the same story's canonical address (``www.cnn.com/...`` for ``amp.cnn.com/cnn/...``,
    whichever file is the later)."""
    if not is_amp(rep.url):
        return rep.url
    for item in (*files, *copies):
        for url in item.urls:
            if not is_amp(url):
                key = story_key(url)
                if key in uf.parent and uf.find(key) == root:
                    return url
    return rep.url


def _merge(node: str, files: list[Item]) -> dict:
    """One load-report entry: the files of ``node`` (the one it shows first) and why each
    other file went into it."""
    rep = files[0]
    entries = [{"path": rep.path, "url": rep.url, "title": rep.title}]
    for f in files[1:]:
        why = AMP_TWIN if f.key != rep.key else REISSUED if f.title != rep.title else SAME_URL
        entries.append({"path": f.path, "url": f.url, "title": f.title, "reason": why})
    return {"node": node, "files": entries}


def _article_attrs(rep: Item, files: list[Item], copies: list[Item], provider: str,
                   provider_name: str, elsewhere, canon: dict) -> dict:
    """The attributes of a story's node; a value that many articles share (a date, an
    outlet, a list of topics) is the one object ``canon`` keeps for it."""
    urls = dict.fromkeys([*_own_urls(rep), *(u for i in (*files, *copies) for u in _own_urls(i))])
    if elsewhere is not None:  # a twin that several stories share names none of them
        urls = [u for u in urls if not elsewhere(u)]
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
        "titles": _titles(rep, files, copies),
        "excerpt": rep.excerpt,
        "url": rep.url,
        "urls": join_list(urls),
        "published": canonical(rep.published, canon),
        "provider": canonical(provider, canon),
        "provider_name": provider_name,
        "topics": canonical(join_list(topics.values()), canon),
        "tags": canonical(join_list(tags.values()), canon),
        "sources": join_list(sorted(i.path for i in files)),
        "has_file": bool(files),
        "type": canonical(rep.type, canon),
    }
    for name in ("quality", "heat", "listed"):
        value = getattr(rep, name)
        if value is not None:
            attrs[name] = value
    if rep.day_only:  # left out when False, as on almost every article
        attrs["day_only"] = True
    # A page reissued later (an update, a new headline) first appeared with its first file:
    # the story's first report and span count from then (CNBC had the story at 11:00,
    # then updated it at 18:00). Left out unless a file of the node came earlier.
    first = min((i.published for i in files if i.published and not i.day_only), default="")
    if first and rep.published and first < rep.published:
        attrs["first_published"] = canonical(first, canon)
    return attrs


class EdgeData(dict):
    """One edge's attributes, shared by every edge of the graph that carries the same
    (SharedData): most edges are {"relation": ..., "count": 1}, and at 300,000 items a dict
    each took 0.25 GB more at every step of a build. So it cannot be changed in place:
    own_edge_data(G) gives every edge a dict of its own again (for networkx functions that
    set edge attributes, such as set_edge_attributes), ``G.copy()`` does too, and set_edge
    gives one edge new data."""

    __slots__ = ()

    def _shared(self, *args, **kwargs):
        raise TypeError("this edge's data is shared with other edges of the graph and "
                        "cannot be changed in place: call graphx.own_edge_data(G) "
                        "first, change a copy of the graph (G.copy()), or give the edge "
                        "new data (graphx.graph.set_edge)")

    __setitem__ = __delitem__ = __ior__ = update = setdefault = pop = popitem = clear = _shared

    def __reduce__(self):
        return EdgeData, (dict(self),)

    def copy(self) -> dict:
        return dict(self)


class SharedData:
    """The one EdgeData of each set of attributes: ``shared(relation="related", count=1)``
    returns the same object every time. Attributes are told apart by name, type and value
    (a count of 1 is not a flag that is True)."""

    def __init__(self) -> None:
        self._table: dict[tuple, EdgeData] = {}

    def __call__(self, **attrs) -> EdgeData:
        key = tuple((name, value.__class__, value) for name, value in attrs.items())
        data = self._table.get(key)
        if data is None:
            data = self._table[key] = EdgeData(attrs)
        return data


def set_edge(G: nx.MultiDiGraph, u: str, v: str, key: str, data: dict) -> dict | None:
    """Give G the edge (u, v, key) with ``data`` itself, not a copy of it as G.add_edge
    would make (so that edges can share an EdgeData); return the data the edge had, or
    None. u and v must be nodes of G already (KeyError, and G unchanged, otherwise)."""
    successors, predecessors = G._succ[u], G._pred[v]
    keydict = successors.get(v)
    if keydict is None:
        keydict = successors[v] = predecessors[u] = G.edge_key_dict_factory()
    old = keydict.get(key)
    keydict[key] = data
    cache = getattr(G, "__networkx_cache__", None)
    if cache:  # what networkx kept of the graph for other backends is out of date
        cache.clear()
    return old


def own_edge_data(G: nx.MultiDiGraph) -> None:
    """Give every edge of G a plain dict of its own in place of a shared EdgeData, so that
    its attributes can be set in place; G takes the memory the sharing saved."""
    for nbrs in G._succ.values():
        for keydict in nbrs.values():
            for key, data in keydict.items():
                if type(data) is EdgeData:
                    keydict[key] = dict(data)


def _add_edge(G: nx.MultiDiGraph, u: str, v: str, relation: str, shared: SharedData) -> None:
    """Count one more (u, v) edge of ``relation``; v is added when it is not a node yet."""
    if v not in G:
        G.add_node(v)
    old = set_edge(G, u, v, relation, shared(relation=relation, count=1))
    if old is not None:
        set_edge(G, u, v, relation, shared(relation=relation, count=old["count"] + 1))


def build_graph(items: Iterable[Item], *, provenance: dict | None = None,
                merges: list | None = None) -> nx.MultiDiGraph:
    """Items (each an input file's own item) -> the coverage graph.

    One node per story however many files and URL variants name it (story_sets); the own
    file's fields win over a related copy, and between two own files the later publication
    (then the later path) wins; the node keeps every title (``titles``). When ``merges`` is
    a list, one dict per node that gathers two or more files is appended to it: the node,
    and each file with why it joined (SAME_URL, REISSUED, AMP_TWIN). Self-links are
    dropped and counted in ``G.graph['self_links_dropped']``.
    """
    items = _apart(sorted(items, key=lambda i: i.path))
    uf, shared = story_sets(_with_copies(items))
    outlets = Outlets(_naming(items))

    files: dict[str, list[Item]] = defaultdict(list)
    copies: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        files[uf.find(item.key)].append(item)
        for rel in item.related:
            copies[uf.find(rel.key)].append(rel)

    G = nx.MultiDiGraph()
    # One object for each date, outlet, type and list of topics or tags that articles share:
    # every file's parse made its own (0.03 GB at 100k).
    canon: dict = {}
    node_of: dict[str, str] = {}
    label_counts: dict[str, Counter] = defaultdict(Counter)
    for root in sorted(set(files) | set(copies)):
        own = _newest_first(files.get(root, []))
        rel_copies = copies.get(root, [])
        rep = own[0] if own else _best_copy(rel_copies)
        home = _home(root, uf, rep, own, rel_copies)
        node = node_id(ARTICLE, rep.key if home == rep.url else story_key(home))
        node_of[root] = node
        provider = outlets.key(rep)
        name = outlets.outlet(provider).label if provider else ""
        elsewhere = None
        if shared:
            def elsewhere(url: str, root: str = root) -> bool:
                key = story_key(url)
                return key in shared and uf.find(key) != root
        attrs = _article_attrs(rep, own, rel_copies, provider, name, elsewhere, canon)
        attrs["url"] = home
        G.add_node(node, **attrs)
        if merges is not None and len(own) > 1:
            merges.append(_merge(node, own))

    edge_data = SharedData()
    for node, attrs in list(G.nodes(data=True)):
        domain = attrs["provider"]
        if domain:
            _add_edge(G, node, node_id("provider", domain), "published_by", edge_data)
        for kind in ("topics", "tags"):
            for label in split_list(attrs[kind]):
                key = label_key(label)
                if not key:  # nothing but what XML cannot hold, or shows as nothing
                    continue
                target = node_id(kind[:-1], key)
                label_counts[target][label] += 1
                _add_edge(G, node, target, "tagged", edge_data)

    # A file that names another site's article as its own URL variant (an MSN copy whose
    # originalUrl is Reuters') is a copy of that article, when the corpus holds it.
    for item in items:
        if len(item.urls) < 2:
            continue
        source = node_of[uf.find(item.key)]
        for url in item.urls[1:]:
            key = story_key(url)
            if key in uf.parent and not is_twin(item.key, key):
                target = node_of.get(uf.find(key))
                if target is not None and target != source and G.nodes[target].get("has_file"):
                    G.nodes[source].setdefault("original", target)

    self_links = 0
    for item in items:
        source = node_of[uf.find(item.key)]
        for rel in item.related:
            target = node_of[uf.find(rel.key)]
            if target == source:
                self_links += 1
            else:
                _add_edge(G, source, target, "related", edge_data)

    for node in G:
        attrs = G.nodes[node]
        if "kind" not in attrs:  # a provider, a topic or a tag
            kind, key = split_id(node)
            if kind == "provider":
                outlet = outlets.outlet(key)
                attrs.update(kind=kind, label=outlet.label, domain=key,
                             names=join_list(outlet.names), platform=outlet.platform)
            else:
                label = most_common(label_counts[node]) if node in label_counts else key
                attrs.update(kind=kind, label=label)
    if merges is not None:
        merges.sort(key=lambda m: m["node"])
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
