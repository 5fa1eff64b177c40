"""String tables packed into plain arrays, so a saved engine is .npy files read in place.

A list of strings is one UTF-8 blob and the end offset of each string; rows of small dicts
are such lists and plain arrays, a column per field; a sorted name table is searched with
bisect in the blob, never unpacked into a dict. Nothing is unpickled or parsed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np


class Strings:
    """A read-only sequence of strings stored as one UTF-8 blob and their end offsets."""

    def __init__(self, blob: np.ndarray, ends: np.ndarray) -> None:
        self.blob, self.ends = blob, ends

    @staticmethod
    def pack(strings: Sequence[str], *, chunk: int = 8192) -> tuple[np.ndarray, np.ndarray]:
        """(blob, ends) of ``strings``, encoded ``chunk`` strings at a time into the blob:
        a writer holds the blob and little else (a list of each string's bytes took about
        three times the blob's size)."""
        ends = np.cumsum(np.fromiter(
            (len(s) if s.isascii() else len(s.encode("utf-8", "surrogatepass"))
             for s in strings), dtype=np.int64, count=len(strings)))
        blob = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
        for at in range(0, len(strings), chunk):
            part = "".join(strings[at:at + chunk]).encode("utf-8", "surrogatepass")
            start = int(ends[at - 1]) if at else 0
            blob[start:start + len(part)] = np.frombuffer(part, dtype=np.uint8)
        return blob, ends

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, i: int) -> str:
        i = int(i)
        if i < 0:
            i += len(self.ends)
        start = int(self.ends[i - 1]) if i else 0
        return self.blob[start:int(self.ends[i])].tobytes().decode("utf-8", "surrogatepass")

    def where(self, value: str) -> np.ndarray:
        """The positions holding ``value``, ascending, found in place (the strings of its
        length compared as bytes, with numpy): no string is decoded."""
        wanted = np.frombuffer(value.encode("utf-8", "surrogatepass"), dtype=np.uint8)
        starts = np.concatenate(([0], self.ends[:-1])) if len(self.ends) else self.ends
        at = np.flatnonzero(self.ends - starts == len(wanted))
        if not len(wanted) or not len(at):
            return at
        same = np.ones(len(at), dtype=bool)
        for k, byte in enumerate(wanted.tolist()):  # a byte at a time: memory stays n
            same &= self.blob[starts[at] + k] == byte
            if not same.any():
                break
        return at[same]

    def __iter__(self):
        raw = self.blob.tobytes()  # one read of the blob, then cut, rather than n reads
        start = 0
        for end in self.ends.tolist():
            yield raw[start:end].decode("utf-8", "surrogatepass")
            start = end


class RowOf:
    """The row of each name in a Strings table in strict order (what a sorted list of node
    ids saves as), found by bisection in place: a mapping that is never unpacked into a
    dict, so opening an engine costs nothing per article."""

    def __init__(self, names: Strings) -> None:
        self.names = names

    def get(self, name: str, default=None):
        i = bisect.bisect_left(self.names, name)
        return i if i < len(self.names) and self.names[i] == name else default

    def __getitem__(self, name: str) -> int:
        i = self.get(name)
        if i is None:
            raise KeyError(name)
        return i

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self):
        return iter(self.names)


class Rows:
    """A sequence of small dicts stored column by column: a Strings table for each text
    field ("" where a row has none), an int64 array for each whole-number field (-1: none)
    and a bool array for each flag. Typed by construction: nothing is parsed when read."""

    def __init__(self, columns: dict[str, Strings | np.ndarray]) -> None:
        self.columns = columns

    @staticmethod
    def names(prefix: str, fields: dict[str, type]) -> list[str]:
        """The array names iter_pack gives for ``fields`` under ``prefix``."""
        names = []
        for field, kind in fields.items():
            stem = f"{prefix}.{field}"
            names += [f"{stem}.blob", f"{stem}.ends"] if kind is str else [stem]
        return names

    @staticmethod
    def iter_pack(rows: list[dict], prefix: str, fields: dict[str, type]):
        """(name, array) of ``rows`` (``fields`` of each, by type: str, int or bool), named
        "<prefix>.<field>[.blob|.ends]", each field's made when asked for."""
        for field, kind in fields.items():
            values = [row.get(field) for row in rows]
            if kind is str:
                blob, ends = Strings.pack([v if isinstance(v, str) else "" for v in values])
                del values
                yield f"{prefix}.{field}.blob", blob
                yield f"{prefix}.{field}.ends", ends
            elif kind is bool:
                yield f"{prefix}.{field}", np.array([bool(v) for v in values], dtype=bool)
            else:
                yield f"{prefix}.{field}", np.array(
                    [v if isinstance(v, int) and v >= 0 else -1 for v in values], dtype=np.int64)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str,
                    fields: dict[str, type]) -> Rows:
        """The rows iter_pack gave (the arrays are read in place)."""
        return cls({field: Strings(arrays[f"{prefix}.{field}.blob"],
                                   arrays[f"{prefix}.{field}.ends"])
                    if kind is str else arrays[f"{prefix}.{field}"]
                    for field, kind in fields.items()})

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))

    def __getitem__(self, i: int) -> dict:
        i = int(i)
        row = {}
        for field, column in self.columns.items():
            if isinstance(column, Strings):
                row[field] = column[i]
            elif column.dtype == bool:
                row[field] = bool(column[i])
            elif column[i] >= 0:
                row[field] = int(column[i])
        return row


class Lookup:
    """A sorted (name -> article node) table searched in place: ``get`` gives the node of a
    name (``many``: the list of nodes) or None."""

    def __init__(self, names: Strings, rows: np.ndarray, nodes: list[str], *, many: bool):
        self.names, self.rows, self.nodes, self.many = names, rows, nodes, many

    @classmethod
    def made(cls, names: list[str], rows: list[int], nodes: list[str], *,
             many: bool) -> Lookup:
        """The table of ``names[i]`` -> ``rows[i]``, given with rows in increasing order
        (an article's names, article after article); unless ``many``, a name keeps its first
        row only. Packed as it is made, never a dict: the dicts it replaced were packed
        again when the engine was saved, a second copy of every name at that step."""
        order = sorted(range(len(names)), key=names.__getitem__)  # stable: rows stay in order
        if not many:
            order = [i for k, i in enumerate(order)
                     if not k or names[i] != names[order[k - 1]]]
        blob, ends = Strings.pack([names[i] for i in order])
        return cls(Strings(blob, ends), np.array([rows[i] for i in order], dtype=np.int64),
                   nodes, many=many)

    def to_arrays(self, name: str) -> dict[str, np.ndarray]:
        """The arrays of this table, named "<name>.blob", "<name>.ends" and "<name>.rows"
        (from_arrays gives it back)."""
        return {f"{name}.blob": self.names.blob, f"{name}.ends": self.names.ends,
                f"{name}.rows": self.rows}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], name: str, nodes: list[str], *,
                    many: bool) -> Lookup:
        """The table to_arrays gave (the arrays are searched in place)."""
        return cls(Strings(arrays[f"{name}.blob"], arrays[f"{name}.ends"]),
                   arrays[f"{name}.rows"], nodes, many=many)

    def get(self, name: str, default=None):
        lo = bisect.bisect_left(self.names, name)
        hi = bisect.bisect_right(self.names, name, lo=lo)
        if lo == hi:
            return default
        found = [self.nodes[r] for r in self.rows[lo:hi]]
        return found if self.many else found[0]
