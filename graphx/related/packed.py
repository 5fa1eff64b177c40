"""String tables packed into plain arrays, so a saved engine is .npy files read in place.

A list of strings is one UTF-8 blob and the end offset of each string; a sorted name table
is searched with bisect in the blob, never unpacked into a dict. Nothing is unpickled.
"""

from __future__ import annotations

import bisect
import json

import numpy as np


class Strings:
    """A read-only sequence of strings stored as one UTF-8 blob and their end offsets."""

    def __init__(self, blob: np.ndarray, ends: np.ndarray) -> None:
        self.blob, self.ends = blob, ends

    @staticmethod
    def pack(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(blob, ends) of ``strings``."""
        encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
        ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
        return np.frombuffer(b"".join(encoded), dtype=np.uint8), ends

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, i: int) -> str:
        start = int(self.ends[i - 1]) if i else 0
        return self.blob[start:int(self.ends[i])].tobytes().decode("utf-8", "surrogatepass")


class Rows:
    """A sequence of small dicts stored as JSON Strings, each decoded when first read."""

    def __init__(self, strings: Strings) -> None:
        self.strings, self.cache = strings, {}

    @staticmethod
    def pack(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
        """(blob, ends) of ``rows`` as JSON."""
        return Strings.pack([json.dumps(row, ensure_ascii=False) for row in rows])

    def __len__(self) -> int:
        return len(self.strings)

    def __getitem__(self, i: int) -> dict:
        i = int(i)
        if i not in self.cache:
            self.cache[i] = json.loads(self.strings[i])
        return self.cache[i]


class Lookup:
    """A sorted (name -> article node) table searched in place: ``get`` gives the node of a
    name (``many``: the list of nodes) or None."""

    def __init__(self, names: Strings, rows: np.ndarray, nodes: list[str], *, many: bool):
        self.names, self.rows, self.nodes, self.many = names, rows, nodes, many

    @staticmethod
    def pack(pairs: list[tuple[str, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(blob, ends, rows) of (name, row) pairs, sorted by name."""
        pairs = sorted(pairs)
        blob, ends = Strings.pack([name for name, _ in pairs])
        return blob, ends, np.array([row for _, row in pairs], dtype=np.int64)

    def get(self, name: str, default=None):
        lo = bisect.bisect_left(self.names, name)
        hi = bisect.bisect_right(self.names, name, lo=lo)
        if lo == hi:
            return default
        found = [self.nodes[r] for r in self.rows[lo:hi]]
        return found if self.many else found[0]
