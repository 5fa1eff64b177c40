"""Each signal that ranks articles related to an article, defined once: its name, its default
weight, how it is computed on a query's candidates and how it is said in an answer's "why".

A signal is a number from 0 to 1 for each candidate of one article query (a
graphx.related.index.Neighbourhood); an answer's score blends them (graphx.related.learn
fits the blend to a corpus's own related links, or keeps DEFAULT_WEIGHTS).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..wording import count_noun, days_apart, time_apart
from .index import Neighbourhood, RankingIndex, dense_row, has, row_ids

#: Inside the neighbours signal: shared related links, against paths of three related links
#: (which reach the rest of a story's web of links). Similar edges take no part: they come
#: from the text signal's own index, and paths through them reach the link webs of stories
#: that merely read alike. Each part saturates, 1 - exp(-amount / scale): the scales let a
#: second and third shared link (or a tenth path) still count. Chosen on benchmarks/
#: relevance.py seeds 1, 3 and 11-30 (two halves each validating the other), never 2, 4, 5.
SHARED_LINKS = 0.6
SHARED_SCALE = 2.0  # Adamic-Adar sum of the shared links
PATHS_SCALE = 5.0  # number of three-link paths
TIME_SCALE_HOURS = 24.0
#: Headline cosine from which "similar headline" is given as a reason: below it, two
#: headlines share little more than the words every story of the corpus uses.
TITLE_EVIDENCE = 0.3


class Reading:
    """One article query as the signals read it: the index, the query's neighbourhood and
    each signal's values on its candidates; what explanations share is computed once."""

    def __init__(self, index: RankingIndex, hood: Neighbourhood, values: dict) -> None:
        self.index, self.hood, self.r, self.values = index, hood, hood.r, values

    def at(self, signal: str, j: int) -> float:
        """The ``signal`` of article row ``j`` (a candidate)."""
        return float(self.values[signal][np.searchsorted(self.hood.rows, j)])

    @cached_property
    def words(self) -> np.ndarray:
        """The query's word TF-IDF weights, dense over the terms."""
        X = self.index.index.matrix
        words = np.zeros(X.shape[1])
        r = self.r
        words[row_ids(X, r)] = X.data[X.indptr[r]:X.indptr[r + 1]]
        return words

    @cached_property
    def linked(self) -> set:
        return set(row_ids(self.index.links, self.r).tolist())

    @cached_property
    def topics(self) -> set:
        return set(row_ids(self.index.topics, self.r).tolist())


def wording(index: RankingIndex, j: int, words, cosine: float) -> str:
    """"similar wording (cosine): the words weighing most in both"."""
    terms = index.index.shared_terms(j, words)
    return f"similar wording ({cosine:.2f})" + (f": {', '.join(terms)}" if terms else "")


# --- computations: (index, neighbourhood) -> one value per candidate row -------------------

def _text(ix: RankingIndex, hood: Neighbourhood):
    return ix.text[hood.rows] @ dense_row(ix.text, hood.r)


def _title(ix: RankingIndex, hood: Neighbourhood):
    return ix.titles[hood.rows] @ dense_row(ix.titles, hood.r)


def _links(ix: RankingIndex, hood: Neighbourhood):
    out = np.zeros(len(hood.rows))
    out[np.searchsorted(hood.rows, row_ids(ix.links, hood.r))] = 1.0
    return out


def _neighbours(ix: RankingIndex, hood: Neighbourhood):
    return (SHARED_LINKS * (1.0 - np.exp(-hood.spread(hood.shared) / SHARED_SCALE))
            + (1 - SHARED_LINKS) * (1.0 - np.exp(-hood.spread(hood.three_steps) / PATHS_SCALE)))


def _same(labels, weight, r: int, rows):
    """``weight`` of each row sharing row r's label (>= 0), else 0."""
    mine = labels[r]
    return np.where((labels[rows] == mine) & (mine >= 0), weight[rows], 0.0)


def _cluster(ix: RankingIndex, hood: Neighbourhood):
    return _same(ix.cluster, ix.cluster_weight, hood.r, hood.rows)


def _theme(ix: RankingIndex, hood: Neighbourhood):
    return _same(ix.theme, ix.theme_weight, hood.r, hood.rows)


def _topics(ix: RankingIndex, hood: Neighbourhood):
    return ix.topics[hood.rows] @ dense_row(ix.topics, hood.r)


def _time(ix: RankingIndex, hood: Neighbourhood):
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(np.exp(-np.abs(ix.hours[hood.rows] - ix.hours[hood.r])
                                    / TIME_SCALE_HOURS))


def _provider(ix: RankingIndex, hood: Neighbourhood):
    return _same(ix.provider, ix.provider_weight, hood.r, hood.rows)


# --- explanations: (reading, candidate row, its value) -> reasons ---------------------------

def _say_links(q: Reading, j: int, value: float) -> list[str]:
    cites = q.index.cites
    return ([*(["lists it as related"] if has(cites, j, q.r) else []),
             *(["listed as related by it"] if has(cites, q.r, j) else [])])


def _say_neighbours(q: Reading, j: int, value: float) -> list[str]:
    # Sorted arrays met in numpy: a set and a search per shared article made a map of 800
    # reports that all list each other spend minutes writing its panels' reasons.
    ix, r = q.index, q.r
    shared = np.intersect1d(row_ids(ix.links, r), row_ids(ix.links, j), assume_unique=True)
    beside = len(np.intersect1d(np.intersect1d(shared, row_ids(ix.cited_by, r),
                                               assume_unique=True),
                                row_ids(ix.cited_by, j), assume_unique=True)) if len(
        shared) else 0
    said = []
    if beside:
        said.append(f"listed beside it by {count_noun(beside, 'article')}")
    if len(shared) > beside:
        said.append(f"shares {count_noun(len(shared) - beside, 'linked article')}")
    if not len(shared) and j not in q.linked:  # linked pairs have back-and-forth paths
        paths = q.hood.paths(row_ids(ix.links, j))
        if paths:
            said.append(f"three links away ({count_noun(paths, 'path')})")
    return said


def cosine(value: float, share, r: int, j: int) -> float:
    """The cosine of rows r and j over all their 4-grams, from the signal's ``value`` (over
    the 4-grams two texts share: ngrams.char_tfidf): what a reason says, measured."""
    return float(value * share[r] * share[j])


def _say_text(q: Reading, j: int, value: float) -> list[str]:
    value = cosine(value, q.index.text_share, q.r, j)
    return [wording(q.index, j, q.words, value)] if value >= 0.1 else []


def _say_title(q: Reading, j: int, value: float) -> list[str]:
    value = cosine(value, q.index.title_share, q.r, j)
    return [f"similar headline ({value:.2f})"] if value >= TITLE_EVIDENCE else []


def _say_cluster(q: Reading, j: int, value: float) -> list[str]:
    label = q.index.attrs[j].get("cluster_label")
    return [f"same story: {label}" if label else "same story"]


def _say_theme(q: Reading, j: int, value: float) -> list[str]:
    if q.at("cluster", j) > 0:  # the story says it already
        return []
    label = q.index.attrs[j].get("theme_label")
    return [f"same theme: {label}" if label else "same theme"]


def _say_topics(q: Reading, j: int, value: float) -> list[str]:
    ix = q.index
    specific = [t for t in q.topics.intersection(row_ids(ix.topics, j).tolist())
                if ix.topic_df[t] <= len(ix.nodes) / 2]  # no hub topic
    said = []
    for kind in ("topic", "tag"):  # the rarest shared one of each kind
        mine = [t for t in specific if ix.topic_names[t].startswith(kind + ":")]
        if mine:
            t = ix.topic_names[max(mine, key=lambda t: (ix.topic_idf[t], -t))]
            said.append(f"shared {kind}: {ix.hub_label.get(t, t)}")
    return said


def _say_time(q: Reading, j: int, value: float) -> list[str]:
    if value < 0.1:  # more than about two days apart
        return []
    attrs, published = q.index.attrs, q.index.published
    if attrs[j].get("day_only") or attrs[q.r].get("day_only"):  # a day alone: said in days
        return [days_apart(published[q.r][:10], published[j][:10])]
    hours = q.index.hours
    return [time_apart(hours[j] - hours[q.r])]


def _say_provider(q: Reading, j: int, value: float) -> list[str]:
    b = q.index.attrs[j]
    return [f"same provider: {b.get('provider_name') or b.get('provider')}"]


@dataclass(frozen=True)
class Signal:
    """One ranking signal: its name, default weight, what it measures, how it is computed
    and how an answer says it."""

    name: str
    weight: float
    about: str
    compute: Callable[[RankingIndex, Neighbourhood], np.ndarray]
    explain: Callable[[Reading, int, float], list[str]]
    #: graphx.related.learn fits its weight (a direct link cannot be learnt from hidden
    #: links: a hidden pair never has one, so links keep their default).
    learned: bool = True
    #: It reads the query article's own related links: 0 on every candidate for an article
    #: that has none (every article of a corpus without ``related:`` lists).
    reads_links: bool = False


#: The signals, in the order an ablation adds them. Default weights were tuned on
#: benchmarks/relevance.py seeds 1-3 (covid, held-out related links); title, the theme and the
#: shape of neighbours were chosen on seeds 1, 3 and 11-30, never on the reported 2, 4 and 5.
SIGNALS = (
    Signal("text", 1.0, "TF-IDF cosine of title + excerpt (character 4-grams)", _text,
           _say_text),
    Signal("title", 0.25, "the same, of the headlines alone", _title, _say_title),
    Signal("links", 1.0, "a related link in either direction", _links, _say_links,
           learned=False, reads_links=True),
    Signal("neighbours", 3.7, "linked to the same stories, or three related links apart",
           _neighbours, _say_neighbours, reads_links=True),
    Signal("cluster", 1.5, "in the same story (smaller stories count more)", _cluster,
           _say_cluster),
    Signal("theme", 0.0, "in the same theme, the coarser grouping of stories (smaller themes "
           "count more)", _theme, _say_theme),
    Signal("topics", 0.05, "shared topics and tags, weighted by rarity", _topics, _say_topics),
    Signal("time", 0.2, "published close in time", _time, _say_time),
    Signal("provider", 0.1, "from the same provider (a big outlet counts less)", _provider,
           _say_provider),
)
BY_NAME = {s.name: s for s in SIGNALS}
#: How much each signal counts when no blend was learnt (see graphx.related.learn).
DEFAULT_WEIGHTS = {s.name: s.weight for s in SIGNALS}
#: The signals that read the query's own related links (Signal.reads_links).
LINK_SIGNALS = tuple(s.name for s in SIGNALS if s.reads_links)


def compute(index: RankingIndex, hood: Neighbourhood, names=None) -> dict[str, np.ndarray]:
    """Each signal's values on the candidates of ``hood`` (``names``: only these)."""
    return {s.name: s.compute(index, hood) for s in SIGNALS
            if names is None or s.name in names}


def reasons(q: Reading, j: int, weights: dict) -> list[str]:
    """Why candidate ``j`` answers the query: each signal that counts for it, strongest
    (weight x value) first."""
    said = []
    for s in SIGNALS:
        w = weights.get(s.name, 0.0)
        value = q.at(s.name, j) if w > 0 else 0.0
        if value > 0:
            said += [(w * value, text) for text in s.explain(q, j, value)]
    said.sort(key=lambda x: -x[0])
    return [text for _, text in said]
