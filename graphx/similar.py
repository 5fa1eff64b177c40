"""Similar and syndicated coverage: a TF-IDF index of titles and excerpts, and the edges it gives.

Runs at build time, before analysis. Candidate pairs come from terms rare enough that few
articles share them (an inverted index capped by document frequency, done as a chunked
sparse product), so the cost grows with the articles and their words, never with all pairs.
Each article keeps a bounded number of ``similar`` edges; near-identical copies from
different providers (wire stories) form a syndication ``group``. The fitted index is kept
per graph (``text_index(G)``), so the related engine ranks with it instead of refitting.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import weakref
from functools import cached_property

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .graph import SharedData, UnionFind, set_edge
from .model import articles, split_id, utc_hours
from .ngrams import char_tfidf, column_counts
from .words import (
    ENGLISH_STOP_WORDS,
    FUNCTION_WORDS_ELSEWHERE,
    FUNCTION_WORDS_UNSPACED,
    MARK,
    WordTfidf,
    wire_headline,
)

#: Words every news title and excerpt uses that say nothing about which story it is: kept
#: out of the word index here, and out of story labels (graphx.labels). The one such list.
NEWS_STOP_WORDS = frozenset((
    "said", "says", "say", "saying", "told", "tells", "according", "reported", "reports",
    "report", "reporting", "news", "update", "updates", "updated", "live", "latest", "breaking",
    "watch", "video", "videos", "photo", "photos", "read", "story", "stories", "today",
    "yesterday", "tomorrow", "week", "weeks", "day", "days", "daily", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm", "et", "pt", "gmt",
    "edt", "est", "click", "subscribe", "newsletter", "getty", "images", "reuters", "ap", "afp",
    "associated", "press", "via", "amp", "just", "like", "podcast", "opinion", "editorial",
    "exclusive", "amid", "here", "know", "things", "times", "post", "online", "tv", "radio",
    "channel",
))

_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CACHE_KEY = "graphx.similar.text_index"


def article_text(attrs: dict) -> str:
    """The words an article is indexed by: its title and excerpt, HTML entities decoded."""
    return html.unescape(f"{attrs.get('title', '')} \n {attrs.get('excerpt', '')}")


def _no_graph() -> None:
    """The graph of an index that has none (made from arrays, or unpickled)."""
    return None


class TextIndex:
    """TF-IDF vectors (rows l2-normalised) of every article's title and excerpt, fitted once."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.nodes = articles(G)  # the rows, in a stable order
        self.row = {n: i for i, n in enumerate(self.nodes)}
        self.vectorizer = _vectorizer()
        # The texts are not kept (400 MB at a million articles): a build gives the engine
        # its character n-grams made apart (related.index.text_parts).
        self._graph = weakref.ref(G)
        try:
            self.matrix = self.vectorizer.fit_transform(self._texts()).tocsr()
        except ValueError:  # no indexable word at all (empty or stop-word-only texts)
            self.vectorizer = None
            self.matrix = sp.csr_matrix((len(self.nodes), 0), dtype=np.float32)
        self.terms = (
            self.vectorizer.get_feature_names_out() if self.vectorizer else np.array([], str)
        )

    @classmethod
    def from_arrays(cls, nodes, matrix, terms, idf, *, char_matrix, char_share,
                    row=None) -> TextIndex:
        """A fitted index back from its arrays (see graphx.related.store): ``nodes`` and
        ``terms`` are sequences of strings, ``row`` maps a node to its row (default: a dict
        made here). Its vectorizer is remade from the terms and their IDF weights when free
        text first needs it."""
        index = cls.__new__(cls)
        index.nodes = nodes
        index.row = row if row is not None else {n: i for i, n in enumerate(nodes)}
        index.matrix, index.terms, index._idf = matrix, terms, idf
        index.__dict__["char_matrix"] = char_matrix
        index.__dict__["char_share"] = char_share
        index._graph = _no_graph  # made whole: nothing is read from a graph again
        return index

    def __getstate__(self) -> dict:  # G pickles with its cache, which holds its index
        return {k: v for k, v in self.__dict__.items() if k != "_graph"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._graph = _no_graph

    def _texts(self) -> list[str]:
        """The indexed text of every row, read again from the graph it was fitted on."""
        G = self._graph()
        if G is None:
            raise RuntimeError("the graph this text index was fitted on is gone")
        return [article_text(G.nodes[n]) for n in self.nodes]

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
        matrix, share = char_tfidf(self._texts(), share=True)
        self.__dict__["char_share"] = share
        return matrix

    @cached_property
    def char_share(self):
        """Each row's share of its length that char_matrix keeps (ngrams.char_tfidf)."""
        self.char_matrix  # noqa: B018 - made with it
        return self.__dict__["char_share"]

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
        array over the terms, such as ``vector(text).toarray().ravel()``); another
        language's function words ("el", "las", "het") are no such word."""
        X = self.matrix
        cols = X.indices[X.indptr[i]:X.indptr[i + 1]]
        both = X.data[X.indptr[i]:X.indptr[i + 1]] * weights[cols]
        order = sorted((-w, c) for w, c in zip(both, cols, strict=True) if w > 0)
        said = (str(self.terms[c]) for _, c in order)
        return [t for t in said if t not in FUNCTION_WORDS_ELSEWHERE][:n]

    def pairs(self, *, min_score: float = 0.0, max_df: int = 100, per_row: int = 16) -> tuple:
        """Candidate pairs (i < j) of the index's rows (rare_term_pairs)."""
        return rare_term_pairs(self.matrix, min_score=min_score, max_df=max_df,
                               per_row=per_row)


def rare_term_pairs(X, *, min_score: float = 0.0, max_df: int = 100, per_row: int = 16
                    ) -> tuple:
    """Candidate pairs (i < j) of the rows of ``X`` scoring at least ``min_score`` (the
    product of their rows, a cosine for rows l2-normalised), as arrays (i, j, score).

    Two rows are candidates when they share a term found in at most ``max_df`` rows. The
    common terms' part of a product is at most the product of the two rows' common-term
    norms (Cauchy-Schwarz), so pairs that cannot reach ``min_score`` are dropped before
    their exact score is computed; each row then keeps its ``per_row`` best by the rare
    terms' part. Cost: about (terms per row) x max_df per row.
    """
    n = X.shape[0]
    df = column_counts(X)
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


def _vectorizer(vocabulary: dict | None = None) -> WordTfidf:
    """The word TF-IDF vectorizer of a TextIndex (fitted by it, or given its vocabulary)."""
    return WordTfidf(stop_words=ENGLISH_STOP_WORDS | NEWS_STOP_WORDS | FUNCTION_WORDS_UNSPACED,
                     vocabulary=vocabulary)


def text_index(G: nx.MultiDiGraph) -> TextIndex:
    """The TextIndex of G, fitted on first use and reused while G's articles stay the same."""
    index = _INDEXES.get(G)
    # networkx empties G.__networkx_cache__ whenever a node or edge is added or removed, so
    # while the index is still there G's articles are those it was fitted on: callers that
    # ask once per story (first_report) do not sort every article each time.
    cache = getattr(G, "__networkx_cache__", None)
    if index is not None and cache is not None and cache.get(_CACHE_KEY) is index:
        return index
    if index is None or index.nodes != articles(G):
        index = TextIndex(G)
        _INDEXES[G] = index
    if cache is not None:
        cache[_CACHE_KEY] = index
    return index


def _order(G: nx.MultiDiGraph, u: str, v: str) -> tuple[str, str]:
    """(earlier, later) by publication; unknown dates count as latest; ties by node id."""
    pu, pv = G.nodes[u].get("published") or "", G.nodes[v].get("published") or ""
    return (u, v) if (not pu, pu, u) <= (not pv, pv, v) else (v, u)


def add_similar_edges(
    G: nx.MultiDiGraph,
    *,
    min_score: float = 0.35,
    syndicated_score: float = 0.75,
    republished_score: float = 0.95,
    republished_hours: float = 12.0,
    top_k: int = 8,
    max_df: int = 100,
) -> None:
    """Add ``similar`` edges and each article's syndication ``group`` to G, in place.

    Pairs whose TF-IDF cosine (title + excerpt) reaches ``min_score`` become edges, best
    first, while both ends have fewer than ``top_k`` (either end, in a corpus with few
    related links: FEW_LINKS); an edge runs from the earlier-published article to the
    later one. Pairs from different providers scoring at least
    ``syndicated_score`` are ``syndicated`` and join one group, whose id is "g:" plus its
    smallest member's story key; so are one outlet's two pages scoring at least
    ``republished_score`` within ``republished_hours`` of each other (an article republished
    under another address: "UPDATE 1-...", a corrected headline), or at least
    ``syndicated_score`` under one headline but for a wire's version label ("UPDATE 1-"
    beside the original, its excerpt cut short by the aggregator). Earlier ``similar`` edges
    are replaced. Nothing here is random: ties are broken by node id.
    """
    G.remove_edges_from([(u, v, k) for u, v, k in G.edges(keys=True) if k == "similar"])
    index = text_index(G)
    nodes = index.nodes
    i_arr, j_arr, score_arr = index.pairs(min_score=min_score, max_df=max_df)
    provider = [G.nodes[n].get("provider") or "" for n in nodes]

    def same_headline(u: str, v: str) -> bool:  # "UPDATE 1-" + the outlet's own headline
        tu, tv = (G.nodes[n].get("title") or "" for n in (u, v))
        return bool(tu) and wire_headline(tu) == wire_headline(tv)

    def hours_apart(i: int, j: int) -> float:  # asked of few pairs: one outlet's near twins
        hi, hj = (utc_hours(G.nodes[nodes[k]].get("published") or "") for k in (i, j))
        return abs(hi - hj) if hi is not None and hj is not None else math.inf

    unlinked = _few_links(G, nodes)
    if min_score <= 1.0:
        i_arr, j_arr, score_arr = _with_duplicates(G, nodes, i_arr, j_arr, score_arr)
        if unlinked:
            i_arr, j_arr, score_arr = _with_headlines(G, nodes, i_arr, j_arr, score_arr,
                                                      max_df=max_df)
    groups = UnionFind()
    shared = SharedData()  # a score has three decimals: edges of the same score share one
    degree = [0] * len(nodes)
    for p in np.lexsort((j_arr, i_arr, -score_arr)):  # best first, ties by row
        score = float(score_arr[p])
        i, j = int(i_arr[p]), int(j_arr[p])
        syndicated = score >= syndicated_score and (provider[i] != provider[j] or (
            (score >= republished_score or same_headline(nodes[i], nodes[j]))
            and hours_apart(i, j) <= republished_hours)) and (
            score >= 1.0 or same_wording(G.nodes[nodes[i]], G.nodes[nodes[j]]))
        if syndicated:
            groups.union((nodes[i], nodes[j]))
        # In a corpus without related links, while either end has room: similar edges are
        # all its stories are made of, and with both, 10 of 22 outlets' near-identical
        # headlines of one disclosure found every partner full and were in no story. Where
        # links carry the stories, both: an article many choose (Boston Herald's Moderna
        # preview of the evening before) became the first report of a story it is not.
        room = (degree[i] < top_k or degree[j] < top_k) if unlinked else (
            degree[i] < top_k and degree[j] < top_k)
        if room:
            degree[i] += 1
            degree[j] += 1
            u, v = _order(G, nodes[i], nodes[j])
            set_edge(G, u, v, "similar", shared(relation="similar", count=1,
                                                 score=round(score, 3), syndicated=syndicated))

    set_groups(G, nodes, groups.sets())


#: Of the shorter text's runs of three words, the share the other must hold for two texts
#: to be one text (a copy, however edited), not two outlets' own sentences on one event.
COPY_SHARE = 0.3
_COPY_WORD = re.compile(rf"(?:[^\W_]|{MARK})+")  # a Hindi word whole, its vowel signs too


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _COPY_WORD.findall(html.unescape(text).casefold())
    return {tuple(words[k:k + 3]) for k in range(len(words) - 2)}


def same_wording(a: dict, b: dict) -> bool:
    """Whether two articles are one text: the same title, or at least COPY_SHARE of the
    shorter excerpt's runs of three words standing in the other's (of the title and
    excerpt's, when one has no excerpt). A TF-IDF cosine cannot tell a copy from a
    paraphrase: The Denver Post's, CPR's and The New York Times' own ledes on the Boulder
    shooting scored 0.76 in a small corpus, and were called copies of one another."""
    titles = [_COPY_WORD.findall(html.unescape(x.get("title") or "").casefold()) for x in (a, b)]
    if titles[0] and titles[0] == titles[1]:
        return True
    x, y = _runs(a.get("excerpt") or ""), _runs(b.get("excerpt") or "")
    if not (x and y):
        x, y = _runs(article_text(a)), _runs(article_text(b))
    return bool(x and y) and len(x & y) >= COPY_SHARE * min(len(x), len(y))


def _with_duplicates(G: nx.MultiDiGraph, nodes, i_arr, j_arr, score_arr):
    """The scored pairs, with each article whose title and excerpt an earlier one (by row)
    repeats word for word paired with the last such one (score 1), a chain through the
    copies that no degree cap breaks: one wire story carried by 150 outlets shares every
    word with 150 documents, past the index's ``max_df``, so no pair of it was found and it
    made no story at all."""
    last: dict[bytes, int] = {}  # keyed by a digest: a million texts whole are gigabytes
    extra_i, extra_j = [], []
    for k, n in enumerate(nodes):
        text = " ".join(article_text(G.nodes[n]).casefold().split())
        if len(text) < DUPLICATE_CHARS:  # a bare headline ("Coronavirus update") is no copy
            continue
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).digest()
        before = last.get(digest)
        last[digest] = k
        if before is not None:
            extra_i.append(before)
            extra_j.append(k)
    if not extra_i:
        return i_arr, j_arr, score_arr
    # Each pair as one number, either way round: a pair the index found already is not
    # added twice (a set of every found pair's tuple cost hundreds of megabytes at 1M).
    n = len(nodes)
    found = np.minimum(i_arr, j_arr).astype(np.int64) * n + np.maximum(i_arr, j_arr)
    a, b = np.array(extra_i, dtype=np.int64), np.array(extra_j, dtype=np.int64)
    new = ~np.isin(np.minimum(a, b) * n + np.maximum(a, b), found)
    if not new.any():
        return i_arr, j_arr, score_arr
    a, b = a[new].astype(i_arr.dtype), b[new].astype(j_arr.dtype)
    return (np.concatenate([i_arr, a]), np.concatenate([j_arr, b]),
            np.concatenate([score_arr, np.ones(len(a), dtype=score_arr.dtype)]))


#: A corpus where fewer than this share of the articles have a related link (a newer
#: schema's, which gives none) also pairs articles whose headlines read alike: their
#: excerpts differ in length and words, and alone they left one story's 26 reports in
#: three stories and nine loose ones.
FEW_LINKS = 0.02
#: The cosine of two headlines' character 4-grams (graphx.ngrams) that pairs them there.
HEADLINE_SCORE = 0.7


def _few_links(G: nx.MultiDiGraph, nodes) -> bool:
    linked = sum(1 for n in nodes if any(k == "related" for _, _, k in G.out_edges(n, keys=True)))
    return linked < FEW_LINKS * len(nodes)


def _with_headlines(G: nx.MultiDiGraph, nodes, i_arr, j_arr, score_arr, *, max_df: int):
    """The scored pairs, with each pair whose headlines' character 4-gram cosine reaches
    HEADLINE_SCORE scored as the higher of its two cosines."""
    titles = [G.nodes[n].get("title") or "" for n in nodes]
    M, share = char_tfidf(titles, share=True)
    if M.shape[1] == 0:
        return i_arr, j_arr, score_arr
    M = sp.diags(share) @ M  # a product of two rows is then the whole headlines' cosine
    hi, hj, hs = rare_term_pairs(M.tocsr(), min_score=HEADLINE_SCORE, max_df=max_df)
    if not len(hi):
        return i_arr, j_arr, score_arr
    n = len(nodes)
    both = np.concatenate([np.minimum(i_arr, j_arr).astype(np.int64) * n
                           + np.maximum(i_arr, j_arr),
                           np.minimum(hi, hj).astype(np.int64) * n + np.maximum(hi, hj)])
    scores = np.concatenate([score_arr, hs.astype(score_arr.dtype)])
    order = np.lexsort((-scores, both))  # each pair once, at its higher score
    both, scores = both[order], scores[order]
    first = np.concatenate([[True], both[1:] != both[:-1]])
    both, scores = both[first], scores[first]
    return ((both // n).astype(i_arr.dtype), (both % n).astype(j_arr.dtype), scores)


#: Characters of title and excerpt below which a repeated text is no evidence of a copy.
DUPLICATE_CHARS = 60


def set_groups(G: nx.MultiDiGraph, nodes, sets) -> None:
    """Give each of ``nodes`` its syndication ``group``: "g:" plus the smallest story key of
    its set among ``sets`` (sets of two or more article ids), "" when it is in none."""
    for n in nodes:
        G.nodes[n]["group"] = ""
    for members in sets:
        gid = "g:" + min(split_id(m)[1] for m in members)
        for m in members:
            G.nodes[m]["group"] = gid
