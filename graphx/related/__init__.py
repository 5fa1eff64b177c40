"""Stories related to X: the ranking engine, its indexes, and the engine saved between runs.

``RelatedEngine(G)`` answers ``related(query)`` for an analysed graph; each ranking signal is
defined once in graphx.related.signals, and the blend of them is learnt from the corpus's
own related links (graphx.related.learn); ``group_rows`` arranges rows for reading;
graphx.related.store keeps a built engine on disk.
"""

from .engine import (
    BY_ALIASES,
    DEFAULT_FLOOR,
    FIELDS,
    KINDS,
    RelatedEngine,
    Resolution,
    check_published_range,
    group_rows,
    titled,
)
from .signals import DEFAULT_WEIGHTS, SIGNALS

__all__ = ["BY_ALIASES", "DEFAULT_FLOOR", "DEFAULT_WEIGHTS", "FIELDS", "KINDS", "SIGNALS",
           "RelatedEngine", "Resolution",
           "check_published_range", "group_rows", "titled"]
