"""Saved engine arrays checked before use: every shape, dtype, bound and value a query reads.

A saved engine is read memory-mapped and never trusted: an index out of bounds would crash
the process, a huge size would hang it, and an unsorted or non-finite array would give
other answers without a word. Each check raises ValueError naming the array; the checks
read each array once, with numpy, so a warm query stays fast.
"""

from __future__ import annotations

import operator

import numpy as np

INTS = (np.dtype(np.int32), np.dtype(np.int64))
FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
#: Sparse matrices are checked a slice of this many entries at a time (bounded temporaries).
_SLICE = 1 << 22


def _fail(name: str, what: str) -> None:
    raise ValueError(f"{name}: {what}")


def check_dtype(name: str, a: np.ndarray, dtypes: tuple[np.dtype, ...]) -> None:
    """``a`` is a 1-D array of one of ``dtypes``."""
    if not isinstance(a, np.ndarray) or a.ndim != 1:
        _fail(name, "not a one-dimensional array")
    if a.dtype not in dtypes:
        _fail(name, f"dtype {a.dtype} is not {' or '.join(str(d) for d in dtypes)}")


def check_vector(name: str, a: np.ndarray, length: int, dtypes: tuple[np.dtype, ...], *,
                 low: float | None = None, high: float | None = None,
                 nan: bool = False) -> None:
    """``a`` holds ``length`` values of one of ``dtypes``, finite (NaN too when ``nan``) and
    within [low, high] when given."""
    check_dtype(name, a, dtypes)
    if len(a) != length:
        _fail(name, f"{len(a):,} values where {length:,} are needed")
    if not len(a):
        return
    if a.dtype.kind == "f":
        values = a[~np.isnan(a)] if nan else a
        if not np.isfinite(values).all():
            _fail(name, "holds values that are not finite")
        a = values
        if not len(a):
            return
    if low is not None and a.min() < low or high is not None and a.max() > high:
        _fail(name, f"values outside [{low}, {high}]")


def check_csr(name: str, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
              shape: object, *, canonical: bool) -> tuple[int, int]:
    """The parts of a CSR matrix: ``shape`` (rows, columns) whole numbers, indptr from 0 to
    nnz without going back, column indices in range (sorted and distinct in each row when
    ``canonical``), finite float data that is not negative (every matrix of an engine
    holds weights, counts or cosines: a negative one would turn a saturating signal,
    1 - exp(-x), into an overflow). Returns the shape."""
    if (not isinstance(shape, list) or len(shape) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in shape)):
        _fail(name, f"shape {shape!r} is not two whole numbers")
    rows, columns = shape
    check_dtype(f"{name}.data", data, FLOATS)
    check_dtype(f"{name}.indices", indices, INTS)
    check_dtype(f"{name}.indptr", indptr, INTS)
    nnz = len(indices)
    if len(data) != nnz:
        _fail(name, "data and indices differ in length")
    if len(indptr) != rows + 1 or indptr[0] != 0 or indptr[-1] != nnz:
        _fail(f"{name}.indptr", "does not run from 0 to the number of entries, a row at a time")
    if rows and (np.diff(indptr) < 0).any():
        _fail(f"{name}.indptr", "goes back")
    for start in range(0, nnz, _SLICE):
        part = indices[start:start + _SLICE]
        if part.min() < 0 or part.max() >= columns:
            _fail(f"{name}.indices", "out of range")
        values = data[start:start + _SLICE]
        if not np.isfinite(values).all():
            _fail(f"{name}.data", "holds values that are not finite")
        if (values < 0).any():
            _fail(f"{name}.data", "holds negative values")
    if canonical and nnz > 1:
        # Within each row, strictly increasing; a row's first entry may be below the last
        # entry of the row before.
        first = np.zeros(nnz, dtype=bool)
        starts = indptr[:-1][np.diff(indptr) > 0]
        first[starts] = True
        for start in range(1, nnz, _SLICE):
            stop = min(start + _SLICE, nnz)
            rising = indices[start:stop] > indices[start - 1:stop - 1]
            if not (rising | first[start:stop]).all():
                _fail(f"{name}.indices", "not sorted within a row")
    return rows, columns


def check_strings(name: str, blob: np.ndarray, ends: np.ndarray, length: int | None = None,
                  *, ordered: bool = False, unique: bool = False, prefix: str = "") -> None:
    """A packed string table (graphx.related.packed.Strings): ``blob`` cut at ``ends`` into
    strings as Strings.pack encodes them (UTF-8, lone surrogates passed through), no cut
    inside a character, ``length`` strings when given, in order when ``ordered`` (Lookup
    bisects them), each once when ``unique`` too (RowOf), each starting with ``prefix``."""
    check_dtype(f"{name}.blob", blob, (np.dtype(np.uint8),))
    check_dtype(f"{name}.ends", ends, INTS)
    if length is not None and len(ends) != length:
        _fail(f"{name}.ends", f"{len(ends):,} strings where {length:,} are needed")
    if len(ends):
        if ends[0] < 0 or (np.diff(ends) < 0).any() or ends[-1] != len(blob):
            _fail(f"{name}.ends", "does not cut the blob from start to end")
    elif len(blob):
        _fail(f"{name}.blob", "holds bytes but no string")
    raw = blob.tobytes()
    try:
        raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        _fail(f"{name}.blob", "is not UTF-8")
    # A cut inside a character: the byte after it continues one (10xxxxxx).
    inner = np.asarray(ends[:-1], dtype=np.int64)
    inner = inner[inner < len(blob)]
    if len(inner) and ((blob[inner] & 0xC0) == 0x80).any():
        _fail(f"{name}.ends", "cuts a character")
    if not (ordered or prefix):
        return
    cuts = [0, *ends.tolist()]
    strings = [raw[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    if ordered:  # UTF-8 bytes sort as their code points do
        ahead = operator.ge if unique else operator.gt
        if any(map(ahead, strings, strings[1:])):
            _fail(f"{name}.blob", "names out of order or repeated" if unique
                  else "names out of order")
    if prefix and not all(s.startswith(prefix.encode()) for s in strings):
        _fail(name, "a name of the wrong kind")


def check_names(name: str, value: object, *, length: int | None = None,
                unique: bool = False, prefixes: tuple[str, ...] = ()) -> list[str]:
    """A JSON list of strings (``length`` of them when given, distinct when ``unique``,
    each starting with one of ``prefixes`` when given)."""
    if not isinstance(value, list) or not set(map(type, value)) <= {str}:
        _fail(name, "not a list of strings")
    if length is not None and len(value) != length:
        _fail(name, f"{len(value):,} names where {length:,} are needed")
    if unique and len(set(value)) != len(value):
        _fail(name, "names repeat")
    if prefixes and not all(map(operator.methodcaller("startswith", prefixes), value)):
        _fail(name, "a name of the wrong kind")
    return value


def check_table(name: str, value: object, known: set[str], kinds: tuple[str, ...] = ()) -> None:
    """A JSON object from names to lists of ``known`` node ids, each of one of ``kinds``
    (id prefixes: "topic:", "tag:") when given."""
    if not isinstance(value, dict):
        _fail(name, "not a table")
    for key, nodes in value.items():
        if not isinstance(key, str) or not isinstance(nodes, list) or not nodes:
            _fail(name, "not a table of names to nodes")
        if not all(isinstance(n, str) and n in known for n in nodes):
            _fail(name, f"{key!r} names a node the engine does not have")
        if kinds and not all(n.startswith(kinds) for n in nodes):
            _fail(name, f"{key!r} names a node of another kind")
