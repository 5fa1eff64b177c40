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
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from ..analysis import centrality
from ..model import HUB_KINDS, parse_utc
from ..ngrams import char_tfidf
from ..similar import TextIndex
from .packed import Rows, Strings

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
    when = parse_utc(iso)
    return when.timestamp() / 3600.0 if when else float("nan")


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
    rare = np.bincount(text.indices, minlength=text.shape[1]) <= CANDIDATE_DF
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


def _inverse_log_size(labels):
    """1 / log2(1 + size of the label's group) for each label >= 0; 0 for -1 (no group)."""
    sizes = np.maximum(np.bincount(labels[labels >= 0], minlength=1), 1)
    return np.where(labels >= 0, 1.0 / np.log2(1.0 + sizes[np.maximum(labels, 0)]), 0.0)


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
              "centrality")
    #: What each answer row shows of an article (the rest of its attributes stay in the graph).
    ROW_FIELDS = ("url", "title", "provider", "provider_name", "published", "group",
                  "cluster_label", "theme_label", "related_in", "has_file")

    def __init__(self, G: nx.MultiDiGraph, index: TextIndex) -> None:
        self.index = index
        self.nodes = index.nodes
        self.row = index.row
        self.attrs = [G.nodes[x] for x in self.nodes]
        # Character n-grams rank article against article; words explain and answer keywords.
        self.text = index.char_matrix
        self.finder = _finder(self.text)
        # Headlines on their own: an excerpt is often the outlet's boilerplate ("the latest
        # local updates...") or a live page's other items, which dilute a shared headline.
        self.titles = char_tfidf([html.unescape(a.get("title", "")) for a in self.attrs])
        self._index_links(G)
        self._index_hubs(G)
        self._index_attributes(G)
        self._derive()

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict]:
        """(arrays, meta): every array of the index (sparse matrices split into their data,
        indices and indptr) and the JSON-ready rest, for from_arrays."""
        arrays: dict[str, np.ndarray] = {}
        shapes = {}
        named = {name: getattr(self, name) for name in self.ARRAYS}
        named["words"] = self.index.matrix
        for name, value in named.items():
            if sp.issparse(value):
                for part in ("data", "indices", "indptr"):
                    arrays[f"{name}.{part}"] = np.asarray(getattr(value, part))
                shapes[name] = list(value.shape)
            else:
                arrays[name] = np.asarray(value)
        vectorizer = self.index.vectorizer
        arrays["idf"] = np.asarray(vectorizer.idf_ if vectorizer is not None else [],
                                   dtype=np.float64)
        arrays["rows.blob"], arrays["rows.ends"] = Rows.pack(
            [{f: a[f] for f in self.ROW_FIELDS if f in a} for a in self.attrs])
        meta = {
            "shapes": shapes, "nodes": list(self.nodes),
            "terms": [str(t) for t in self.index.terms],
            "hubs": self.hubs, "hub_label": self.hub_label, "topic_names": self.topic_names,
        }
        return arrays, meta

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], meta: dict):
        """The index to_arrays gave (``arrays`` may be memory-mapped: they are not copied)."""
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
        self.attrs = Rows(Strings(arrays["rows.blob"], arrays["rows.ends"]))
        self.index = TextIndex.from_arrays(meta["nodes"], arrays["words"], meta["terms"],
                                           arrays["idf"], char_matrix=arrays["text"])
        self.nodes, self.row = self.index.nodes, self.index.row
        self._derive()
        return self

    def _index_links(self, G: nx.MultiDiGraph) -> None:
        related = [(self.row[u], self.row[v]) for u, v, key in G.edges(keys=True)
                   if key == "related" and u in self.row and v in self.row]
        self._set_links(_directed(related, len(self.nodes)))  # row u lists column v as related

    def _set_links(self, cites) -> None:
        self.cites = cites
        self.links = ((cites + cites.T) > 0).astype(np.float32).tocsr()  # either way
        self.links.sort_indices()
        # Adamic-Adar: a shared neighbour counts less the more stories it links.
        degree = np.diff(self.links.indptr)
        self.through = (sp.diags(1.0 / np.log(2.0 + degree)) @ self.links).tocsr()

    def _index_hubs(self, G: nx.MultiDiGraph) -> None:
        """The providers, topics and tags: their labels and the article rows of each."""
        self.hubs = sorted(x for x, k in G.nodes(data="kind") if k in HUB_KINDS)
        self.hub_row = {x: h for h, x in enumerate(self.hubs)}
        self.hub_label = {x: G.nodes[x].get("label", x) for x in self.hubs}
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

        self.hours = np.array([_hours(a.get("published", "")) for a in attrs])
        self.published = np.array([a.get("published", "") for a in attrs], dtype=str)
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
        self.cluster_weight = _inverse_log_size(self.cluster)
        order = np.argsort(self.cluster, kind="stable")
        # Rows by cluster: [0] holds the unclustered (-1), [c + 1] cluster c.
        bounds = np.arange(self.cluster.max(initial=-1) + 1)
        self.cluster_rows = np.split(order, np.searchsorted(self.cluster[order], bounds))
        # A big outlet's articles share it with hundreds: the same provider then says less.
        self.provider_weight = _inverse_log_size(self.provider)
        self.theme_weight = _inverse_log_size(self.theme)

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
        c = self.cluster[r]
        rows = np.unique(np.concatenate([
            (text_row @ self.finder).indices, row_ids(self.links, r), shared.indices,
            three_steps.indices,
            self.cluster_rows[c + 1] if c >= 0 else np.zeros(0, dtype=np.int64),
        ]))
        if np.count_nonzero(rows != r) < MIN_CANDIDATES:
            rows = np.union1d(rows, self._best_by_text(r))
        return Neighbourhood(r, rows, shared, two_steps, three_steps)
