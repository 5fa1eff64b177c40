"""Similar and syndicated coverage: a TF-IDF index of titles and excerpts, and the edges it gives.

Runs at build time, before analysis. Candidate pairs come from terms rare enough that few
articles share them (an inverted index capped by document frequency, done as a chunked
sparse product), so the cost grows with the articles and their words, never with all pairs.
Each article keeps a bounded number of ``similar`` edges; near-identical copies from
different providers (wire stories) form a syndication ``group``. The fitted index is kept
per graph (``text_index(G)``), so the related engine ranks with it instead of refitting.
"""

from __future__ import annotations

import html
import weakref
from functools import cached_property

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .errors import GraphxError

# Words every news excerpt uses and that say nothing about which story it is.
NEWS_STOP_WORDS = frozenset((
    "said", "says", "say", "saying", "told", "tells", "according", "reported", "reports",
    "report", "reporting", "news", "update", "updates", "updated", "live", "latest", "breaking",
    "watch", "video", "videos", "photo", "photos", "read", "story", "stories", "today",
    "yesterday", "tomorrow", "week", "weeks", "day", "days", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "am", "pm", "et", "pt", "gmt", "edt", "est",
    "click", "subscribe", "newsletter", "getty", "images", "reuters", "ap", "afp", "associated",
    "press", "via", "amp", "just", "like",
))

_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def article_text(attrs: dict) -> str:
    """The words an article is indexed by: its title and excerpt, HTML entities decoded."""
    return html.unescape(f"{attrs.get('title', '')} \n {attrs.get('excerpt', '')}")


def article_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Article node ids in a stable (sorted) order: the rows of a TextIndex."""
    return sorted(n for n, k in G.nodes(data="kind") if k == "article")


class TextIndex:
    """TF-IDF vectors (rows l2-normalised) of every article's title and excerpt, fitted once."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.nodes = article_nodes(G)
        self.row = {n: i for i, n in enumerate(self.nodes)}
        self.vectorizer = _vectorizer()
        self.texts = [article_text(G.nodes[n]) for n in self.nodes]
        try:
            self.matrix = self.vectorizer.fit_transform(self.texts).tocsr()
        except ValueError:  # no indexable word at all (empty or stop-word-only texts)
            self.vectorizer = None
            self.matrix = sp.csr_matrix((len(self.nodes), 0), dtype=np.float32)
        self.terms = (
            self.vectorizer.get_feature_names_out() if self.vectorizer else np.array([], str)
        )

    @classmethod
    def from_arrays(cls, nodes: list[str], matrix, terms, idf, *, char_matrix) -> TextIndex:
        """A fitted index back from its arrays (see graphx.engine_store). Its vectorizer is
        remade from the terms and their IDF weights when free text first needs it."""
        index = cls.__new__(cls)
        index.nodes, index.row = nodes, {n: i for i, n in enumerate(nodes)}
        index.matrix, index.terms, index._idf = matrix, terms, idf
        index.__dict__["char_matrix"] = char_matrix
        return index

    @cached_property
    def vectorizer(self):
        """The fitted word vectorizer; an index from arrays remakes it on first use (a
        fitted index sets it in __init__, None when no word could be indexed)."""
        if not len(self.terms):
            return None
        vectorizer = _vectorizer({t: i for i, t in enumerate(self.terms)})
        vectorizer.idf_ = np.asarray(self._idf)
        return vectorizer

    @cached_property
    def char_matrix(self):
        """TF-IDF of character 4-grams within words (rows l2-normalised), fitted on first use.

        Ranks article against article better than words do: it matches inflections
        (report/reports/reported), names glued to punctuation and numbers, without a stemmer.
        """
        return char_tfidf(self.texts)

    def vector(self, text: str):
        """A 1 x terms sparse row for free text (all zero when no word is known)."""
        if self.vectorizer is None:
            return sp.csr_matrix((1, 0), dtype=self.matrix.dtype)
        return self.vectorizer.transform([text]).tocsr()

    def scores(self, vector) -> np.ndarray:
        """Cosine of ``vector`` (a 1 x terms row) with every article, as a dense array."""
        return (self.matrix @ vector.T).toarray().ravel()

    def shared_terms(self, i: int, weights: np.ndarray, *, n: int = 3) -> list[str]:
        """The ``n`` words weighing most in both article ``i`` and ``weights`` (a dense
        array over the terms, such as ``vector(text).toarray().ravel()``)."""
        X = self.matrix
        cols = X.indices[X.indptr[i]:X.indptr[i + 1]]
        both = X.data[X.indptr[i]:X.indptr[i + 1]] * weights[cols]
        order = sorted((-w, c) for w, c in zip(both, cols, strict=True) if w > 0)[:n]
        return [str(self.terms[c]) for _, c in order]

    def pairs(self, *, min_score: float = 0.0, max_df: int = 100, per_row: int = 16) -> tuple:
        """Candidate pairs (i < j) scoring at least ``min_score``, as arrays (i, j, cosine).

        Two articles are candidates when they share a term found in at most ``max_df``
        articles. The common terms' part of a cosine is at most the product of the two
        rows' common-term norms (Cauchy-Schwarz), so pairs that cannot reach ``min_score``
        are dropped before their exact cosine is computed; each article then keeps its
        ``per_row`` best by the rare terms' part. Cost: about (words per article) x max_df
        per article.
        """
        X = self.matrix
        n = X.shape[0]
        df = np.bincount(X.indices, minlength=X.shape[1])
        rare = X[:, np.flatnonzero((df >= 2) & (df <= max_df))].tocsr()
        rare_t = rare.T.tocsr()
        common = X[:, np.flatnonzero(df > max_df)]
        common_norm = np.sqrt(np.asarray(common.multiply(common).sum(axis=1)).ravel())
        found = []
        chunk = max(1, 2_000_000 // max(1, max_df * 8))
        for start in range(0, n, chunk):
            S = (rare[start:start + chunk] @ rare_t).tocsr()
            S.sort_indices()
            S = S.tocoo()
            rows, cols, part = S.row.astype(np.int64) + start, S.col.astype(np.int64), S.data
            keep = (rows != cols) & (part + common_norm[rows] * common_norm[cols] >= min_score)
            rows, cols, part = rows[keep], cols[keep], part[keep]
            # Best ``per_row`` candidates of each row by shared rare terms: by row, then
            # partial score (at most 1), ties in column order (stable sort, sorted columns).
            order = np.argsort(rows * 2.0 - part, kind="stable")
            rows, cols = rows[order], cols[order]
            keep = np.arange(len(rows)) - np.searchsorted(rows, rows) < per_row
            rows, cols = rows[keep], cols[keep]
            found.append(np.minimum(rows, cols) * n + np.maximum(rows, cols))
        pair_ids = np.unique(np.concatenate(found or [[]]).astype(np.int64))
        i, j = pair_ids // n, pair_ids % n
        step = 500_000  # exact cosines a slice at a time, to bound memory
        score = np.concatenate([
            np.asarray(X[i[at:at + step]].multiply(X[j[at:at + step]]).sum(axis=1)).ravel()
            for at in range(0, len(i), step)
        ] or [[]]).clip(0.0, 1.0)
        keep = score >= min_score
        return i[keep], j[keep], score[keep]


def _vectorizer(vocabulary: dict | None = None):
    """The word TF-IDF vectorizer of a TextIndex (fitted by it, or given its vocabulary)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    return TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | NEWS_STOP_WORDS), vocabulary=vocabulary,
        strip_accents="unicode", sublinear_tf=True, dtype=np.float32,
    )


def char_tfidf(texts: list[str], *, chunk: int = 20_000):
    """TF-IDF of the character 4-grams within words of ``texts`` (sublinear tf, smooth idf,
    rows l2-normalised, float32), keeping only 4-grams found in at least two texts.

    Weighed a block of ``chunk`` texts at a time into arrays made once: at a million
    articles the matrix is about a gigabyte, and whole-matrix temporaries would be several.
    """
    blocks, width = _count_blocks(texts, chunk)
    df = np.zeros(width, dtype=np.int64)
    for block in blocks:
        df += np.bincount(block.indices, minlength=width)
    # A 4-gram of one article links none: its column goes (without scipy's column slicing,
    # which copies the whole matrix twice).
    keep = df >= 2
    column = (np.cumsum(keep) - 1).astype(np.int32)
    n = len(texts)
    idf = np.log((1.0 + n) / (1.0 + df[keep])) + 1.0
    total = int(df[keep].sum())
    data = np.empty(total, dtype=np.float32)
    indices = np.empty(total, dtype=np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    at = row = 0
    for k, block in enumerate(blocks):
        blocks[k] = None  # each block is freed once weighed
        shared = keep[block.indices]
        cols = column[block.indices[shared]]
        lengths = np.diff(np.concatenate([[0], np.cumsum(shared)])[block.indptr])
        weights = (1.0 + np.log(block.data[shared], dtype=np.float64)) * idf[cols]  # sublinear
        rows = block.shape[0]
        norms = np.sqrt(np.bincount(np.repeat(np.arange(rows), lengths), weights=weights**2,
                                    minlength=rows))
        weights /= np.repeat(np.maximum(norms, 1e-12), lengths)
        data[at:at + len(cols)] = weights
        indices[at:at + len(cols)] = cols
        indptr[row + 1:row + 1 + rows] = at + np.cumsum(lengths)
        at, row = at + len(cols), row + rows
    return sp.csr_matrix((data, indices, indptr), shape=(n, int(keep.sum())))


def char_ngram_counts(texts: list[str], *, chunk: int = 20_000):
    """Counts of each text's character 4-grams within words, as a texts x 4-grams CSR matrix.

    The same 4-grams, in the same (sorted) column order, as scikit-learn's ``char_wb``
    analyzer with lowercasing and unicode accent stripping, but keyed and counted by numpy
    (scikit-learn counts each of the tens of millions of n-grams in a Python loop). Texts
    are keyed ``chunk`` at a time, so the per-character arrays stay small at any scale.
    """
    blocks, width = _count_blocks(texts, chunk)
    if not blocks:
        return sp.csr_matrix((0, 0))
    return sp.vstack(blocks, format="csr") if len(blocks) > 1 else blocks[0]


def _count_blocks(texts: list[str], chunk: int) -> tuple[list, int]:
    """(4-gram counts of each ``chunk`` texts as CSR blocks over the global columns, the
    number of columns): char_ngram_counts, not yet stacked."""
    padded = _padded(texts, chunk)
    # Every character as a 16-bit code from 1 in sorted order, so four codes key a 4-gram in
    # 64 bits that sort as its text does; a 3-character gram (a one-letter word) ends in 0.
    chars = np.unique(np.concatenate(
        [_code_points("".join(padded[i:i + chunk])) for i in range(0, len(padded), chunk)]
        or [np.zeros(0, dtype=np.uint32)]))
    if len(chars) >= 0xFFFF:
        raise GraphxError(f"{len(chars):,} distinct characters are too many to index")
    code = np.zeros(int(chars.max(initial=0)) + 1, dtype=np.uint16)
    code[chars] = np.arange(1, len(chars) + 1)
    blocks = [_chunk_counts(padded[i:i + chunk], code) for i in range(0, len(padded), chunk)]
    del padded
    grams = np.unique(np.concatenate([keys for _, keys in blocks] or [np.zeros(0, np.uint64)]))
    for k, (counts, keys) in enumerate(blocks):  # local columns -> global (an increasing map)
        columns = np.searchsorted(grams, keys).astype(np.int32)[counts.indices]
        blocks[k] = sp.csr_matrix((counts.data, columns, counts.indptr),
                                  shape=(counts.shape[0], len(grams)))
    return blocks, len(grams)


def _padded(texts: list[str], chunk: int) -> list[str]:
    """Each text lowercased, accents stripped, words apart by two spaces, one at each end."""
    from sklearn.feature_extraction.text import strip_accents_unicode

    lowered = [t.lower() for t in texts]
    # Accents stripped character by character (what stripping a whole text amounts to: the
    # combining marks it reorders are all dropped), through one table for every text.
    points = set()
    for i in range(0, len(lowered), chunk):
        points.update(int(c) for c in _code_points("".join(lowered[i:i + chunk])) if c > 127)
    plain = {c: strip_accents_unicode(chr(c)) for c in points}
    padded = ["  ".join((t if t.isascii() else t.translate(plain)).split()) for t in lowered]
    return [f" {t} " if t else "" for t in padded]


def _chunk_counts(padded: list[str], code: np.ndarray):
    """(counts, keys) of some padded texts: a texts x local-grams CSR matrix of counts and
    the sorted 64-bit keys of its columns."""
    points = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
    codes = np.append(code[points], np.zeros(3, dtype=np.uint16)).astype(np.uint64)
    space = points == 32
    start = space.copy()  # a padded word " w " starts at a space that follows a space
    start[1:] &= space[:-1]
    word = np.cumsum(start, dtype=np.int32)
    inside = np.zeros(len(points), dtype=bool)  # a 4-gram starts here, inside one padded word
    inside[:-3] = word[:-3] == word[3:]
    del word, space
    starts = np.flatnonzero(start)
    gram = inside.copy()
    gram[starts[np.diff(np.append(starts, len(points))) == 3]] = True  # " a ": one 3-gram
    at = np.flatnonzero(gram)
    keys = np.where(inside[at], codes[at + 3], 0)
    for shift, step in ((48, 0), (32, 1), (16, 2)):
        keys |= codes[at + step] << np.uint64(shift)
    grams = np.unique(keys)  # hashed, then a binary search: far faster than an argsort
    ends = np.cumsum([0] + [len(p) for p in padded])
    counts = sp.csr_matrix((np.ones(len(at), dtype=np.float32), np.searchsorted(grams, keys),
                            np.searchsorted(at, ends)), shape=(len(padded), len(grams)))
    counts.sum_duplicates()
    return counts, grams


def _code_points(text: str):
    """The distinct code points of ``text``, sorted."""
    return np.unique(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))


def text_index(G: nx.MultiDiGraph) -> TextIndex:
    """The TextIndex of G, fitted on first use and reused while G's articles stay the same."""
    index = _INDEXES.get(G)
    if index is None or index.nodes != article_nodes(G):
        index = TextIndex(G)
        _INDEXES[G] = index
    return index


def _story_key(node: str) -> str:
    return node.split(":", 1)[1]


def _order(G: nx.MultiDiGraph, u: str, v: str) -> tuple[str, str]:
    """(earlier, later) by publication; unknown dates count as latest; ties by node id."""
    pu, pv = G.nodes[u].get("published", ""), G.nodes[v].get("published", "")
    return (u, v) if (not pu, pu, u) <= (not pv, pv, v) else (v, u)


def add_similar_edges(
    G: nx.MultiDiGraph,
    *,
    min_score: float = 0.35,
    syndicated_score: float = 0.75,
    top_k: int = 8,
    max_df: int = 100,
    seed: int = 0,
) -> None:
    """Add ``similar`` edges and each article's syndication ``group`` to G, in place.

    Pairs whose TF-IDF cosine (title + excerpt) reaches ``min_score`` become edges, best
    first, while both ends have fewer than ``top_k``; an edge runs from the earlier-published
    article to the later one. Pairs from different providers scoring at least
    ``syndicated_score`` are ``syndicated`` and join one group, whose id is "g:" plus its
    smallest member's story key. Earlier ``similar`` edges are replaced. ``seed`` is accepted
    for the networkx convention; nothing here is random, so results never depend on it.
    """
    del seed  # deterministic: ties are broken by node id
    G.remove_edges_from([(u, v, k) for u, v, k in G.edges(keys=True) if k == "similar"])
    index = text_index(G)
    nodes = index.nodes
    i_arr, j_arr, score_arr = index.pairs(min_score=min_score, max_df=max_df)
    provider = [G.nodes[n].get("provider", "") for n in nodes]

    groups = nx.utils.UnionFind()
    degree = [0] * len(nodes)
    for p in np.lexsort((j_arr, i_arr, -score_arr)):  # best first, ties by row
        score = float(score_arr[p])
        i, j = int(i_arr[p]), int(j_arr[p])
        syndicated = score >= syndicated_score and provider[i] != provider[j]
        if syndicated:
            groups.union(nodes[i], nodes[j])
        if degree[i] < top_k and degree[j] < top_k:
            degree[i] += 1
            degree[j] += 1
            u, v = _order(G, nodes[i], nodes[j])
            G.add_edge(u, v, key="similar", relation="similar", count=1,
                       score=round(score, 3), syndicated=syndicated)

    for n in nodes:
        G.nodes[n]["group"] = ""
    for members in groups.to_sets():
        if len(members) > 1:
            gid = "g:" + min(_story_key(m) for m in members)
            for m in members:
                G.nodes[m]["group"] = gid
