"""The blend of ranking signals learnt from a corpus's own related links, and the score scale.

The aggregator's ``related:`` lists are supervision that every corpus with links carries.
``fit(index)`` hides a seeded share of the linked pairs, recomputes the link signals without
them and asks, for each hidden pair both ways, to find the partner among the query's
candidates that are not linked to it: the task a reader's query poses (ranking what is not
listed yet), not "linked = related". The weights are fitted listwise (softmax over each
query's candidates), pulled towards DEFAULT_WEIGHTS so that a corpus with few links moves
them little; with fewer than MIN_PAIRS linked pairs the defaults are kept.

The same hidden pairs calibrate the score: ``Blend.probability`` is a logistic function of
the blended signals, fitted so that it reads as the probability that the aggregator would
list the answer as related to the query (the hidden pairs count 1 / share hidden, standing
for every link). An answer the aggregator does list scores near 1.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .index import RankingIndex, row_ids
from .signals import BY_NAME, DEFAULT_WEIGHTS, LINK_SIGNALS, SIGNALS, compute

FILED_ONLY = True
#: Below this many linked pairs a corpus keeps DEFAULT_WEIGHTS and DEFAULT_CALIBRATION.
MIN_PAIRS = 40
#: The share of linked pairs hidden, and at most this many (each asked both ways): enough to
#: fit eight weights, few enough that learning adds about a tenth of a second on covid.
HIDDEN_SHARE, MAX_HIDDEN = 0.2, 60
#: The candidates of a hidden query that enter the fit: the best by the default blend.
TOP_CANDIDATES = 100
#: How strongly the learnt weights are pulled towards the defaults (L2, on the softmax's
#: scale). Chosen on benchmarks/relevance.py seeds 1, 3 and 11-30, never on 2, 4 or 5.
PRIOR = 0.2
#: Signals whose values the hidden pairs cannot show honestly: stories and themes were
#: clustered with every link, hidden ones included, so a hidden pair is in one story more
#: often than an unlisted related article would be. They keep their default weights.
FIXED = ("links", "cluster", "theme")
#: (slope, intercept) of the probability on the blended score when nothing was learnt:
#: fitted by ``fit`` on the covid corpus (2,922 files, 6-7 May 2020) with DEFAULT_WEIGHTS.
DEFAULT_CALIBRATION = (30.5, -6.6)
#: The same for a query article without related links, whose blend leaves LINK_SIGNALS out:
#: fitted on covid with DEFAULT_WEIGHTS, the hidden pairs asked with the link signals at 0
#: (default_unlinked_calibration, which a test runs on covid: the same within the noise of
#: its seeded sample of hidden links).
DEFAULT_UNLINKED_CALIBRATION = (16.5, -6.6)


@dataclass(frozen=True)
class Blend:
    """How signals make a score: ``weights`` (a weighted mean of the signals, each 0..1) and
    the logistic ``calibration`` that turns it into a probability; ``learnt`` says from how
    many hidden linked pairs (0: the defaults)."""

    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    calibration: tuple = DEFAULT_CALIBRATION
    learnt: int = 0
    #: The calibration for a query article without related links (see ``linked``).
    unlinked: tuple = DEFAULT_UNLINKED_CALIBRATION

    def blend(self, values: dict, *, linked: bool = True) -> np.ndarray:
        """The weighted mean of the signals ``values`` (arrays over the same candidates);
        for a query article without related links (not ``linked``), of the signals other
        than LINK_SIGNALS, which are 0 for it: the order is the same, the scale not."""
        used = {k: w for k, w in self.weights.items()
                if w > 0 and (linked or k not in LINK_SIGNALS)}
        total = sum(used.values()) or 1.0
        return sum(w * values[k] for k, w in used.items()) / total

    def probability(self, blended, *, linked: bool = True) -> np.ndarray:
        """The calibrated score of blended values: the probability that the aggregator
        would list the answer as related (for a query without related links, that it
        would list it were the query given a list)."""
        slope, intercept = self.calibration if linked else self.unlinked
        # Clipped where exp would overflow (a steep slope fitted on a tiny corpus): the
        # probability there is 0 or 1 to within double precision all the same.
        logit = np.clip(slope * np.asarray(blended, dtype=float) + intercept, -700.0, 700.0)
        return 1.0 / (1.0 + np.exp(-logit))

    def to_json(self) -> dict:
        return {"weights": self.weights, "calibration": list(self.calibration),
                "learnt": self.learnt, "unlinked": list(self.unlinked)}

    @classmethod
    def from_json(cls, data: dict) -> Blend:
        return cls(dict(data["weights"]), tuple(data["calibration"]), int(data["learnt"]),
                   tuple(data.get("unlinked", DEFAULT_UNLINKED_CALIBRATION)))

    def describe(self) -> str:
        """One sentence: where the weights come from."""
        if not self.learnt:
            return "default weights (too few related links to learn from)"
        return f"weights learnt from {self.learnt} hidden related links of the corpus"


#: The largest weight and calibration term a saved blend may hold. fit gives weights that
#: sum to about 1, and slopes of tens (a thousand or so on a tiny corpus it separates
#: cleanly); past these a blend is no fit's (1e308 scored every answer 1.000).
MOST_WEIGHT = 100.0
MOST_CALIBRATION = 1e6


def check_blend(data: object) -> None:
    """ValueError unless ``data`` is None or a Blend.to_json: a weight for every signal
    (finite, 0 to MOST_WEIGHT, not all 0), calibrations of a positive slope and terms
    within MOST_CALIBRATION, and a whole count."""
    if data is None:
        return
    try:
        weights, calibration, learnt = data["weights"], data["calibration"], data["learnt"]
        unlinked = data.get("unlinked", DEFAULT_UNLINKED_CALIBRATION)
        ok = (set(weights) == set(DEFAULT_WEIGHTS)
              and all(_finite(w) and 0 <= w <= MOST_WEIGHT for w in weights.values())
              and sum(weights.values()) > 0
              and all(len(c) == 2 and all(_finite(x) and abs(x) <= MOST_CALIBRATION for x in c)
                      and c[0] > 0 for c in (calibration, unlinked))
              and isinstance(learnt, int) and not isinstance(learnt, bool) and learnt >= 0)
    except (KeyError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise ValueError("blend: not weights and a calibration as graphx saves them")


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and np.isfinite(x)


def linked_pairs(index: RankingIndex) -> list[tuple[int, int]]:
    """Undirected pairs of article rows joined by a related link, (i < j), sorted; both
    must have a file (an article known only from others' lists is never a query)."""
    upper = sp.triu(index.links, k=1).tocoo()
    filed = np.array([bool(a.get("has_file")) for a in index.attrs]) if FILED_ONLY else None
    return sorted((i, j) for i, j in zip(upper.row.tolist(), upper.col.tolist(), strict=True)
                  if filed is None or (filed[i] and filed[j]))


def _lists(index: RankingIndex, hidden: list[tuple[int, int]], names: list[str]):
    """(features, positive) per hidden query: each candidate's signals (``names`` columns)
    among the TOP_CANDIDATES by the default blend plus the partner, and the partner's
    position. The other hidden partners of a query are left out of its list, as the links
    a reader already has would be."""
    view = index.without_links(hidden)
    partners: dict[int, set] = {}
    for i, j in hidden:
        partners.setdefault(i, set()).add(j)
        partners.setdefault(j, set()).add(i)
    default = Blend()
    out = []
    for r in sorted(partners):
        hood = view.neighbourhood(r)
        values = compute(view, hood)
        keep = (hood.rows != r) & ~np.isin(hood.rows, row_ids(view.links, r))
        rows = hood.rows[keep]
        X = np.column_stack([values[k][keep] for k in names])
        base = default.blend({k: values[k][keep] for k in DEFAULT_WEIGHTS})
        for p in sorted(partners[r]):
            at = np.searchsorted(rows, p)
            if at >= len(rows) or rows[at] != p:
                continue  # the partner is no candidate: nothing to learn from it
            others = np.isin(rows, list(partners[r] - {p}))
            order = np.argsort(-np.where(others, -np.inf, base), kind="stable")
            order = order[~others[order]][:TOP_CANDIDATES]
            if at not in order:
                order = np.append(order, at)
            out.append((X[order], int(np.flatnonzero(order == at)[0])))
    return out


def _softmax_fit(lists, start: np.ndarray, prior: np.ndarray, free: np.ndarray,
                 strength: float) -> np.ndarray:
    """Weights (>= 0) minimising the mean listwise softmax loss of the partners plus
    ``strength`` x the squared distance to ``prior``; only ``free`` ones move."""
    from scipy.optimize import minimize

    X = np.concatenate([x for x, _ in lists])
    bounds = np.cumsum([0] + [len(x) for x, _ in lists])
    pos = bounds[:-1] + np.array([p for _, p in lists])
    starts = bounds[:-1]

    def loss(w_free):
        w = prior.copy()
        w[free] = w_free
        s = X @ w
        m = np.maximum.reduceat(s, starts)
        e = np.exp(s - np.repeat(m, np.diff(bounds)))
        z = np.add.reduceat(e, starts)
        value = np.mean(np.log(z) + m - s[pos])
        share = e / np.repeat(z, np.diff(bounds))
        grad = (np.add.reduceat(share[:, None] * X, starts) - X[pos]).mean(axis=0)
        d = w - prior
        return value + strength * d @ d, (grad + 2 * strength * d)[free]

    result = minimize(loss, start[free], jac=True, method="L-BFGS-B",
                      bounds=[(0.0, None)] * int(free.sum()))
    w = prior.copy()
    w[free] = result.x
    return w


def _logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    """(slope, intercept) of a weighted one-feature logistic regression (Newton steps)."""
    a, b = 1.0, 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(a * x + b)))
        g = weight * (p - y)
        h = weight * p * (1 - p)
        H = np.array([[h @ (x * x), h @ x], [h @ x, h.sum()]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(H, [g @ x, g.sum()])
        a, b = a - step[0], b - step[1]
        if abs(step).max() < 1e-8:
            break
    return float(a), float(b)


def fit(index: RankingIndex, *, seed: int = 0, prior: float | None = None) -> Blend:
    """The Blend learnt from ``index``'s related links (see the module docstring); the
    default Blend when the corpus has fewer than MIN_PAIRS linked pairs. Same index and
    seed, same blend."""
    pairs = linked_pairs(index)
    if len(pairs) < MIN_PAIRS:
        return Blend()
    hidden = _hidden(pairs, seed)
    names = [s.name for s in SIGNALS]
    lists = _lists(index, hidden, names)
    if len(lists) < MIN_PAIRS:
        return Blend()
    w0 = np.array([DEFAULT_WEIGHTS[k] for k in names])
    w0 = w0 / w0.sum()
    free = np.array([BY_NAME[k].learned and k not in FIXED for k in names])
    # The softmax's temperature for the defaults first: the prior is the defaults at it.
    scale = _temperature(lists, w0)
    prior_w = scale * w0
    w = _softmax_fit(lists, prior_w, prior_w, free, PRIOR if prior is None else prior)
    weights = {k: float(round(v / scale, 6)) for k, v in zip(names, w, strict=True)}
    learnt = Blend(weights, DEFAULT_CALIBRATION, len(hidden))
    share = len(hidden) / len(pairs)
    return Blend(weights, _calibrate(lists, names, learnt, share), len(hidden),
                 _calibrate(lists, names, learnt, share, linked=False))


def default_unlinked_calibration(index: RankingIndex, *, seed: int = 0) -> tuple:
    """DEFAULT_UNLINKED_CALIBRATION as ``index`` gives it: the unlinked calibration ``fit``
    makes of DEFAULT_WEIGHTS, rounded as the constant is (made by this from the covid
    corpus's engine)."""
    pairs = linked_pairs(index)
    hidden = _hidden(pairs, seed)
    names = [s.name for s in SIGNALS]
    fitted = _calibrate(_lists(index, hidden, names), names, Blend(), len(hidden) / len(pairs),
                        linked=False)
    return tuple(round(x, 1) for x in fitted)


def _hidden(pairs: list, seed: int) -> list:
    """The linked pairs ``fit`` hides and asks for: HIDDEN_SHARE of them (at most
    MAX_HIDDEN, at least one), drawn with ``seed``, in order."""
    k = min(MAX_HIDDEN, max(1, round(HIDDEN_SHARE * len(pairs))))
    return sorted(random.Random(seed).sample(pairs, k))


def _temperature(lists, w0: np.ndarray) -> float:
    """The multiple of ``w0`` that best fits the lists (a one-dimensional softmax fit)."""
    s0 = np.concatenate([X @ w0 for X, _ in lists])
    bounds = np.cumsum([0] + [len(X) for X, _ in lists])
    starts, sizes = bounds[:-1], np.diff(bounds)
    pos = starts + np.array([p for _, p in lists])
    best, at = math.inf, 1.0
    for t in np.geomspace(1.0, 1000.0, 31):
        s = t * s0
        m = np.maximum.reduceat(s, starts)
        loss = np.sum(np.log(np.add.reduceat(np.exp(s - np.repeat(m, sizes)), starts)) + m
                      - s[pos])
        if loss < best:
            best, at = loss, float(t)
    return at


def _calibrate(lists, names, blend: Blend, share: float, *, linked: bool = True
               ) -> tuple[float, float]:
    """The logistic calibration of ``blend`` on the hidden lists, a hidden partner counting
    1 / ``share`` (it stands for every linked pair); not ``linked``: as if each query had
    no related link (the blend leaves LINK_SIGNALS out)."""
    x, y = [], []
    for X, p in lists:
        values = blend.blend({k: X[:, i] for i, k in enumerate(names)}, linked=linked)
        x.append(values)
        label = np.zeros(len(values))
        label[p] = 1.0
        y.append(label)
    x, y = np.concatenate(x), np.concatenate(y)
    return _logistic(x, y, np.where(y > 0, 1.0 / share, 1.0))
