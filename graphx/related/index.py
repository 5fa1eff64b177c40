"""The indexes related-story ranking reads, and one query's candidates and link products.

Built once per graph (graphx.related.RelatedEngine inherits it), or from its arrays
(to_arrays / from_arrays, which graphx.related.store saves and loads). A query reads the postings
of its own rarer character n-grams, its rows of the link graph one to three hops out and its
cluster; that union is its candidate set (a Neighbourhood), and every signal
(graphx.related.signals) is computed on those rows alone. So a query costs what its
neighbourhood costs, not what the corpus costs.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np
import scipy.sparse as sp

from ..analysis import centrality
from ..model import HUB_KINDS, NEWS_DATES, articles, parse_utc, split_id, split_list
from ..ngrams import char_tfidf, column_counts
from ..similar import TextIndex, article_text
from ..urls import is_web_url, story_key
from . import checks
from .keywords import KeywordIndex
from .packed import Lookup, RowOf, Rows, Strings

#: Character n-grams found in more articles than this still score a candidate but do not
#: make one: their postings are most of the index at scale, and an article sharing only
#: such common n-grams (and no link or cluster) has too little in common to rank.
CANDIDATE_DF = 500
#: An article with fewer candidates than this (every n-gram of it common, no link, no
#: cluster: seen at a million synthetic items) is scored against every article by text
#: instead, one pass over the index, and keeps the FALLBACK_CANDIDATES best.
MIN_CANDIDATES = 10
FALLBACK_CANDIDATES = 100

def _hours(iso: str) -> float:
    """Hours since the epoch of a UTC ISO time; NaN (no time signal) when undated."""
    when = parse_utc(iso)
    return when.timestamp() / 3600.0 if when else float("nan")


def _check_times(published: np.ndarray, hours: np.ndarray) -> None:
    """ValueError unless each article's ``published`` is "" or a UTC time as graphx writes
    one (ISO-8601 in NEWS_DATES) and its ``hours`` that time (its noon for a day alone) or
    NaN when undated: a saved engine's dates are read as facts (first reports, "published
    1 day later"). Vectorised: a million articles in well under a second."""
    dated = published != ""
    when = published[dated]
    if len(when) and not (
            (np.char.str_len(when) == 20).all() and np.char.endswith(when, "Z").all()
            and (when >= NEWS_DATES[0]).all() and (when < NEWS_DATES[1]).all()):
        raise ValueError("published: not UTC times of 1900-2199 as graphx writes them")
    try:
        seconds = when.astype("U19").astype("datetime64[s]").astype(np.int64)
    except ValueError:
        raise ValueError("published: not UTC times as graphx writes them") from None
    gap = hours[dated] - seconds / 3600.0
    if not ((np.abs(gap) < 1e-6) | (np.abs(gap - 12.0) < 1e-6)).all() \
            or not np.isnan(hours[~dated]).all():
        raise ValueError("hours: not the articles' publication times")


def _directed(pairs, n: int, columns: int | None = None):
    """A 0/1 sparse matrix (sorted, no duplicates) with a 1 at each (i, j) of ``pairs``."""
    ij = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    M = sp.csr_matrix((np.ones(len(ij), dtype=np.float32), (ij[:, 0], ij[:, 1])),
                      shape=(n, n if columns is None else columns))
    M.sum_duplicates()
    M.data[:] = 1.0
    return M


def _finder(text):
    """By n-gram, the articles each rarer n-gram (in at most CANDIDATE_DF of them) finds:
    an n-grams x articles 0/1 matrix, built from the rarer entries of ``text`` alone."""
    rare = column_counts(text) <= CANDIDATE_DF
    at = np.flatnonzero(rare[text.indices])
    rows = np.searchsorted(text.indptr, at, side="right") - 1
    return sp.csr_matrix((np.ones(len(at), dtype=np.float32), (text.indices[at], rows)),
                         shape=(text.shape[1], text.shape[0]))


def has(M, i: int, j: int) -> bool:
    """True when row ``i`` of the sorted CSR matrix ``M`` holds column ``j``."""
    ids = row_ids(M, i)
    at = np.searchsorted(ids, j)
    return bool(at < len(ids) and ids[at] == j)


def row_ids(M, i: int):
    """The column indices of row ``i`` of a CSR matrix (no scipy slicing: this is hot)."""
    return M.indices[M.indptr[i]:M.indptr[i + 1]]


def _row(M, i: int):
    """Row ``i`` of a CSR matrix as a 1 x columns CSR matrix sharing its arrays."""
    start, stop = M.indptr[i], M.indptr[i + 1]
    return sp.csr_matrix((M.data[start:stop], M.indices[start:stop], [0, stop - start]),
                         shape=(1, M.shape[1]))


def dense_row(M, i: int):
    """Row ``i`` of a CSR matrix as a dense array (sparse x dense products are the fast kind)."""
    row = np.zeros(M.shape[1], dtype=M.dtype)
    row[row_ids(M, i)] = M.data[M.indptr[i]:M.indptr[i + 1]]
    return row


def _dense(labels):
    """``labels`` (-1 for none) renumbered 0..k-1 in their order, -1 kept."""
    out = np.full(len(labels), -1, dtype=np.int64)
    given = labels >= 0
    out[given] = np.unique(labels[given], return_inverse=True)[1]
    return out


def _inverse_log_size(labels):
    """1 / log2(1 + size of the label's group) for each label >= 0; 0 for -1 (no group)."""
    sizes = np.maximum(np.bincount(labels[labels >= 0], minlength=1), 1)
    return np.where(labels >= 0, 1.0 / np.log2(1.0 + sizes[np.maximum(labels, 0)]), 0.0)


def title_matrix(attrs: list[dict]):
    """The character n-gram TF-IDF of the articles' headlines (RankingIndex.titles) and
    each row's kept share (ngrams.char_tfidf)."""
    return char_tfidf([html.unescape(a.get("title") or "") for a in attrs], share=True)


def keyword_texts(attrs: list[dict]) -> list[tuple[str, str]]:
    """(headlines, excerpt) of each article, entities decoded: what the keyword index reads.
    A page's headlines are its own, then every other of its files' (``titles``): a reissued
    page, or two files under one address, is found by any of them, as the SQLite search
    finds it (a search for the first version of a live page's headline found nothing)."""
    def headlines(a: dict) -> str:
        own = a.get("title") or ""
        others = [t for t in split_list(a.get("titles")) if t and t != own]
        return html.unescape(" \n".join([own, *others]) if others else own)

    return [(headlines(a), html.unescape(a.get("excerpt") or "")) for a in attrs]


def url_keys(nodes: list[str], attrs: list[dict]) -> Lookup:
    """Story key of every URL variant of the articles -> the first article that has it
    (RelatedEngine.by_key)."""
    keys: list[str] = []
    rows: list[int] = []
    for i, (x, a) in enumerate(zip(nodes, attrs, strict=True)):
        own = a.get("url") or ""
        for url in split_list(a.get("urls") or own):
            if is_web_url(url):
                # An article's id holds its own URL's key (graph.build_graph): only its
                # twins are keyed again (at a million articles the keys cache holds none).
                keys.append(split_id(x)[1] if url == own else story_key(url))
                rows.append(i)
    return Lookup.made(keys, rows, nodes, many=False)


def text_parts(G: nx.MultiDiGraph) -> dict:
    """What a RelatedEngine of G reads from its articles' words and URLs alone (the n-gram
    matrices of their texts and headlines, the keyword index, the URL keys), made apart so
    that it can be made while the analysis runs (graphx.aside): pass it to RelatedEngine as
    ``parts``. Only the articles, their words and URLs must stay the same meanwhile
    (``nodes`` says which articles)."""
    nodes = articles(G)
    attrs = [G.nodes[a] for a in nodes]
    text, text_share = char_tfidf([article_text(a) for a in attrs], share=True)
    titles, title_share = title_matrix(attrs)
    return {"nodes": nodes, "text": text, "text_share": text_share,
            "titles": titles, "title_share": title_share,
            "keywords": KeywordIndex.build(keyword_texts(attrs)),
            "by_key": url_keys(nodes, attrs)}


#: The sparse matrices of a RankingIndex, each saved as three arrays, and whether its column
#: indices are sorted and distinct in every row (has and searchsorted rely on it).
SPARSE = {"text": True, "titles": True, "finder": True, "links": True, "cites": True,
          "through": False, "topics": True, "hub_members": True, "words": False}


@dataclass(frozen=True)
class Neighbourhood:
    """What one article query reads of the link graph: its row ``r``, its candidate
    ``rows`` (sorted) and the link products every link signal derives from."""

    r: int
    rows: np.ndarray
    shared: sp.csr_matrix  # 1 x n: Adamic-Adar sum of the related links shared with r
    two_steps: sp.csr_matrix  # 1 x n: paths of two related links from r
    three_steps: sp.csr_matrix  # 1 x n: paths of three related links from r

    def spread(self, vector) -> np.ndarray:
        """A 1 x n sparse row whose columns are all candidates, as an array over ``rows``."""
        out = np.zeros(len(self.rows))
        out[np.searchsorted(self.rows, vector.indices)] = vector.data
        return out

    def paths(self, via) -> int:
        """Paths of three related links from the article that end with a link from one of
        ``via``."""
        ends, counts = self.two_steps.indices, self.two_steps.data
        at = np.minimum(np.searchsorted(ends, via), len(ends) - 1)
        return int(counts[at][ends[at] == via].sum()) if len(ends) else 0


class RankingIndex:
    """Text, headline, link, cluster, topic, time and provider indexes over the article rows.

    Everything is read from the graph once, here; a query reads only these arrays and
    tables, so to_arrays / from_arrays give them back without the graph.
    """

    #: The arrays a ranking reads (sparse matrices and numpy arrays), by attribute name.
    ARRAYS = ("text", "titles", "finder", "links", "cites", "through", "topics", "hub_members",
              "cluster", "theme", "topic_df", "topic_idf", "hours", "published", "provider",
              "centrality", "text_share", "title_share")
    #: What each answer row shows of an article (the rest of its attributes stay in the
    #: graph), with its type: saved as a column each (graphx.related.packed.Rows).
    ROW_TYPES = {"url": str, "title": str, "provider": str, "provider_name": str,
                 "published": str, "group": str, "cluster_label": str, "theme_label": str,
                 "related_in": int, "has_file": bool, "day_only": bool}

    def __init__(self, G: nx.MultiDiGraph, index: TextIndex, parts: dict | None = None) -> None:
        self.index = index
        self.nodes = index.nodes
        self.row = index.row
        self.attrs = [G.nodes[x] for x in self.nodes]
        if parts is not None and parts["nodes"] != self.nodes:
            parts = None  # made for other articles: not these
        self.parts = parts
        if parts is not None and "char_matrix" not in index.__dict__:
            index.__dict__["char_matrix"] = parts["text"]
            index.__dict__["char_share"] = parts["text_share"]
        # Character n-grams rank article against article; words explain and answer keywords.
        self.text = index.char_matrix
        self.text_share = index.char_share
        self.finder = _finder(self.text)
        # Headlines on their own: an excerpt is often the outlet's boilerplate ("the latest
        # local updates...") or a live page's other items, which dilute a shared headline.
        self.titles, self.title_share = ((parts["titles"], parts["title_share"])
                                         if parts is not None else title_matrix(self.attrs))
        self._index_links(G)
        self._index_hubs(G)
        self._index_attributes(G)
        self._derive()

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict]:
        """(arrays, meta): every array of the index (sparse matrices split into their data,
        indices and indptr) and the JSON-ready rest, for from_arrays."""
        return dict(self.iter_arrays()), self.to_meta()

    def _matrices(self) -> dict:
        named = {name: getattr(self, name) for name in self.ARRAYS}
        named["words"] = self.index.matrix
        return named

    def iter_arrays(self) -> Iterator[tuple[str, np.ndarray]]:
        """(name, array) of every array to_arrays gives, one at a time: the packed tables
        are made as they are asked for, so a writer holds one at a time (together they
        took 83 MB at 100k articles)."""
        for name, value in self._matrices().items():
            if sp.issparse(value):
                for part in ("data", "indices", "indptr"):
                    yield f"{name}.{part}", np.asarray(getattr(value, part))
            else:
                yield name, np.asarray(value)
        vectorizer = self.index.vectorizer
        yield "idf", np.asarray(vectorizer.idf_ if vectorizer is not None else [],
                                dtype=np.float64)
        yield from Rows.iter_pack(self.attrs, "rows", self.ROW_TYPES)
        # Node ids and terms are sorted: saved packed, they are searched in place.
        for name, strings in (("nodes", self.nodes), ("terms", self.index.terms)):
            blob, ends = Strings.pack([str(t) for t in strings])
            yield f"{name}.blob", blob
            yield f"{name}.ends", ends

    def to_meta(self) -> dict:
        """The JSON-ready part of to_arrays."""
        shapes = {name: list(value.shape) for name, value in self._matrices().items()
                  if sp.issparse(value)}
        return {"shapes": shapes, "hubs": self.hubs, "hub_label": self.hub_label,
                "topic_names": self.topic_names}

    SPARSE = SPARSE
    #: Every array to_arrays gives.
    ARRAY_NAMES = frozenset(
        [f"{name}.{part}" for name in SPARSE for part in ("data", "indices", "indptr")]
        + [name for name in ARRAYS if name not in SPARSE] + ["idf"]
        + Rows.names("rows", ROW_TYPES)
        + [f"{name}.{part}" for name in ("nodes", "terms") for part in ("blob", "ends")])

    @classmethod
    def check_arrays(cls, arrays: dict[str, np.ndarray], meta: dict) -> None:
        """Raise ValueError unless ``arrays`` and ``meta`` are an index to_arrays could have
        given: every array of the right dtype and shape, every index in bounds, every value
        finite, every name table consistent (graphx.related.checks). Reads each array once."""
        if set(arrays) != RankingIndex.ARRAY_NAMES:  # the index's own, whatever subclass
            raise ValueError("the arrays are not those of an engine of this graphx version")
        if not isinstance(meta, dict):
            raise ValueError("meta: not an object")
        checks.check_strings("nodes", arrays["nodes.blob"], arrays["nodes.ends"],
                             ordered=True, unique=True, prefix="article:")
        n = len(arrays["nodes.ends"])
        checks.check_strings("terms", arrays["terms.blob"], arrays["terms.ends"],
                             ordered=True, unique=True)
        terms = arrays["terms.ends"]
        hubs = checks.check_names("hubs", meta.get("hubs"), unique=True,
                                  prefixes=tuple(f"{kind}:" for kind in HUB_KINDS))
        if hubs != sorted(hubs):
            raise ValueError("hubs: not in order")
        topic_names = checks.check_names("topic_names", meta.get("topic_names"))
        if topic_names != [h for h in hubs if not h.startswith("provider:")]:
            raise ValueError("topic_names: not the topics and tags among the hubs")
        labels = meta.get("hub_label")
        if (not isinstance(labels, dict) or set(labels) != set(hubs)
                or not all(isinstance(v, str) and v.strip() for v in labels.values())):
            raise ValueError("hub_label: not a label for each hub")
        shapes = meta.get("shapes")
        if not isinstance(shapes, dict) or set(shapes) != set(cls.SPARSE):
            raise ValueError("shapes: not one for each matrix")
        found = {name: checks.check_csr(
                    name, arrays[f"{name}.data"], arrays[f"{name}.indices"],
                    arrays[f"{name}.indptr"], shapes[name], canonical=canonical)
                 for name, canonical in cls.SPARSE.items()}
        text_columns, title_columns = found["text"][1], found["titles"][1]
        expected = {"text": (n, text_columns), "titles": (n, title_columns),
                    "finder": (text_columns, n), "links": (n, n), "cites": (n, n),
                    "through": (n, n), "topics": (n, len(topic_names)),
                    "hub_members": (len(hubs), n), "words": (n, len(terms))}
        for name, shape in expected.items():
            if found[name] != shape:
                raise ValueError(f"{name}: shape {list(found[name])} where {list(shape)} "
                                 "is needed")
        for name in ("text", "titles"):  # every column is some article's: no empty column
            if found[name][1] > max(len(arrays[f"{name}.indices"]), 1):
                raise ValueError(f"{name}: more columns than entries")
        ints, floats = checks.INTS, checks.FLOATS
        checks.check_vector("cluster", arrays["cluster"], n, ints, low=-1)
        checks.check_vector("theme", arrays["theme"], n, ints, low=-1, high=n - 1)
        checks.check_vector("provider", arrays["provider"], n, ints, low=-1, high=n - 1)
        checks.check_vector("centrality", arrays["centrality"], n, floats, low=0, high=1)
        for name in ("text_share", "title_share"):
            checks.check_vector(name, arrays[name], n, floats, low=0, high=1)
        checks.check_vector("hours", arrays["hours"], n, floats, nan=True)
        checks.check_vector("topic_df", arrays["topic_df"], len(topic_names), floats, low=0)
        checks.check_vector("topic_idf", arrays["topic_idf"], len(topic_names), floats, low=0)
        checks.check_vector("idf", arrays["idf"], len(terms), floats, low=0)
        published = arrays["published"]
        if not isinstance(published, np.ndarray) or published.ndim != 1 \
                or published.dtype.kind != "U" or len(published) != n:
            raise ValueError("published: not a date string for each article")
        _check_times(published, arrays["hours"])
        for field, kind in cls.ROW_TYPES.items():
            name = f"rows.{field}"
            if kind is str:
                checks.check_strings(name, arrays[f"{name}.blob"], arrays[f"{name}.ends"], n)
            elif kind is bool:
                checks.check_vector(name, arrays[name], n, (np.dtype(bool),))
            else:  # a count of articles (related_in), -1 where there is none
                checks.check_vector(name, arrays[name], n, checks.INTS, low=-1, high=n)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], meta: dict, *, checked: bool = False):
        """The index to_arrays gave (``arrays`` may be memory-mapped: they are not copied).
        Raises ValueError when they are not such an index (see check_arrays); ``checked``
        says they passed those checks already (graphx.related.store.vouched)."""
        if not checked:
            cls.check_arrays(arrays, meta)
        self = cls.__new__(cls)
        arrays = dict(arrays)
        for name, shape in meta["shapes"].items():
            arrays[name] = sp.csr_matrix(
                (arrays.pop(f"{name}.data"), arrays.pop(f"{name}.indices"),
                 arrays.pop(f"{name}.indptr")), shape=tuple(shape), copy=False)
        for name in cls.ARRAYS:
            setattr(self, name, arrays[name])
        self.hubs, self.hub_label = meta["hubs"], meta["hub_label"]
        self.hub_row = {x: h for h, x in enumerate(self.hubs)}
        self.topic_names = meta["topic_names"]
        self.attrs = Rows.from_arrays(arrays, "rows", self.ROW_TYPES)
        nodes = Strings(arrays["nodes.blob"], arrays["nodes.ends"])
        self.index = TextIndex.from_arrays(
            nodes, arrays["words"], Strings(arrays["terms.blob"], arrays["terms.ends"]),
            arrays["idf"], char_matrix=arrays["text"], char_share=arrays["text_share"],
            row=RowOf(nodes))
        self.nodes, self.row = self.index.nodes, self.index.row
        self._derive()
        return self

    def _index_links(self, G: nx.MultiDiGraph) -> None:
        related = [(self.row[u], self.row[v]) for u, v, key in G.edges(keys=True)
                   if key == "related" and u in self.row and v in self.row]
        self._set_links(_directed(related, len(self.nodes)))  # row u lists column v as related

    def _set_links(self, cites) -> None:
        self.cites = cites
        self.__dict__.pop("cited_by", None)  # made again from these on first use
        self.links = ((cites + cites.T) > 0).astype(np.float32).tocsr()  # either way
        self.links.sort_indices()
        # Adamic-Adar: a shared neighbour counts less the more stories it links.
        degree = np.diff(self.links.indptr)
        self.through = (sp.diags(1.0 / np.log(2.0 + degree)) @ self.links).tocsr()

    @cached_property
    def cited_by(self):
        """``cites`` turned round: row j holds the articles that list j as related (sorted).
        Made on first use, not saved: only explanations read it."""
        by = self.cites.T.tocsr()
        by.sort_indices()
        return by

    def _index_hubs(self, G: nx.MultiDiGraph) -> None:
        """The providers, topics and tags: their labels and the article rows of each."""
        self.hubs = sorted(x for x, k in G.nodes(data="kind") if k in HUB_KINDS)
        self.hub_row = {x: h for h, x in enumerate(self.hubs)}
        self.hub_label = {x: G.nodes[x].get("label") or x for x in self.hubs}
        pairs = [(self.hub_row[x], self.row[a]) for x in self.hubs for a in G.predecessors(x)
                 if a in self.row]
        self.hub_members = _directed(pairs, len(self.hubs), len(self.nodes))

    def _index_attributes(self, G: nx.MultiDiGraph) -> None:
        n, attrs = len(self.nodes), self.attrs
        self.cluster = np.array([a.get("cluster", -1) for a in attrs], dtype=np.int64)
        self.theme = np.array([a.get("theme", -1) for a in attrs], dtype=np.int64)

        # Topics and tags as IDF-weighted unit rows: a hub topic tagging everything adds ~0.
        topical = [self.hub_row[x] for x in self.hubs if not x.startswith("provider:")]
        self.topic_names = [self.hubs[h] for h in topical]
        T = self.hub_members[topical].T.tocsr().astype(np.float64)
        self.topic_df = np.asarray(T.sum(axis=0)).ravel()
        self.topic_idf = np.log((1.0 + n) / (1.0 + self.topic_df))
        T = T @ sp.diags(self.topic_idf)
        norms = np.sqrt(np.asarray(T.multiply(T).sum(axis=1)).ravel())
        self.topics = (sp.diags(1.0 / np.maximum(norms, 1e-12)) @ T).tocsr()

        # A date with no time of day stands for its whole day: its noon, not its 00:00.
        self.hours = np.array([_hours(a.get("published") or "") + (12.0 if a.get("day_only")
                                                                   else 0.0) for a in attrs])
        self.published = np.array([a.get("published") or "" for a in attrs], dtype=str)
        p_ids: dict[str, int] = {}
        self.provider = np.array([p_ids.setdefault(a["provider"], len(p_ids))
                                  if a.get("provider") else -1 for a in attrs], dtype=np.int64)

        pagerank = centrality(G)[0]
        rank = np.array([float(pagerank[x]) for x in self.nodes])
        # Centrality as a percentile, so one huge hub does not flatten everyone else. Ranks
        # equal to nine digits share one (the lowest): pagerank's last digits are rounding,
        # and they must not decide between copies of one story.
        rank = np.round(rank / max(float(rank.max(initial=0.0)), 1e-300), 9)
        self.centrality = np.searchsorted(np.sort(rank), rank) / max(1, n - 1)
        self.centrality[rank <= 0] = 0.0

    def without_links(self, pairs) -> RankingIndex:
        """A shallow copy of the index whose link graph lacks the related links between each
        (i, j) row pair of ``pairs``, in both directions (for graphx.related.learn, which
        asks for links it has hidden). Clusters and themes stay as the graph gave them."""
        other = copy.copy(self)
        drop = _directed([(i, j) for i, j in pairs] + [(j, i) for i, j in pairs],
                         len(self.nodes))
        cites = (self.cites - self.cites.multiply(drop)).tocsr()
        cites.eliminate_zeros()
        other._set_links(cites)
        return other

    def _derive(self) -> None:
        """What follows cheaply from the stored arrays (also run when an index is loaded)."""
        # A cluster says more the smaller it is: a pair from a 3-story cluster is a story.
        # Story ids stay put from build to build (graphx.changes), so they can be large and
        # sparse: numbered 0..k-1 here, what sizes and row lists are indexed by.
        self.story = _dense(self.cluster)
        self.cluster_weight = _inverse_log_size(self.story)
        # Rows by story, story s's from _story_starts[s] on (read by story_rows).
        self._story_order = np.argsort(self.story, kind="stable")
        self._story_starts = np.searchsorted(self.story[self._story_order],
                                             np.arange(self.story.max(initial=-1) + 2))
        # A big outlet's articles share it with hundreds: the same provider then says less.
        self.provider_weight = _inverse_log_size(self.provider)
        self.theme_weight = _inverse_log_size(self.theme)

    def story_rows(self, s: int) -> np.ndarray:
        """The rows of story ``s`` (numbered as ``story``; none for -1, no story)."""
        if s < 0:
            return np.zeros(0, dtype=np.int64)
        return self._story_order[self._story_starts[s]:self._story_starts[s + 1]]

    def members(self, hub: str) -> np.ndarray:
        """Rows (sorted) of the articles tagged with, or published by, a topic, tag or
        provider node."""
        h = self.hub_row.get(hub)
        return row_ids(self.hub_members, h) if h is not None else np.zeros(0, dtype=np.int32)

    def _best_by_text(self, r: int) -> np.ndarray:
        """The FALLBACK_CANDIDATES rows whose text is most like row ``r``'s (cosine above 0),
        from one pass over the whole index: linear in the corpus, for the rare query whose
        candidates the rarer n-grams, links and cluster cannot give."""
        cosine = self.text @ dense_row(self.text, r)
        cosine[r] = 0.0
        best = np.flatnonzero(cosine > 0)
        if len(best) > FALLBACK_CANDIDATES:
            best = best[np.argsort(-cosine[best], kind="stable")[:FALLBACK_CANDIDATES]]
        return best

    def neighbourhood(self, r: int) -> Neighbourhood:
        """Article row ``r``'s candidates (the articles sharing a rarer n-gram with it, linked
        to it within three hops, or in its cluster) and its link products."""
        text_row = _row(self.text, r)
        shared = _row(self.links, r) @ self.through
        two_steps = (_row(self.links, r) @ self.links).tocsr()
        two_steps.sort_indices()
        three_steps = two_steps @ self.links
        c = self.story[r]
        rows = np.unique(np.concatenate([
            (text_row @ self.finder).indices, row_ids(self.links, r), shared.indices,
            three_steps.indices,
            self.story_rows(c),
        ]))
        if np.count_nonzero(rows != r) < MIN_CANDIDATES:
            rows = np.union1d(rows, self._best_by_text(r))
        return Neighbourhood(r, rows, shared, two_steps, three_steps)
