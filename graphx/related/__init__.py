"""Stories related to X: the ranking engine, its indexes, and the engine saved between runs.

``RelatedEngine(G)`` answers ``related(query)`` for an analysed graph; ``group_rows``
arranges its rows for reading; graphx.related.store keeps a built engine on disk.
"""

from .engine import DEFAULT_WEIGHTS, FIELDS, KINDS, RelatedEngine, Resolution, group_rows

__all__ = ["DEFAULT_WEIGHTS", "FIELDS", "KINDS", "RelatedEngine", "Resolution", "group_rows"]
