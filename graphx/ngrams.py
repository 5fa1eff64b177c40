"""Character n-gram TF-IDF: the texts x 4-grams matrix that ranks article against article.

Keyed and counted with numpy a block of texts at a time (scikit-learn's char_wb analyzer
counts each of tens of millions of n-grams in a Python loop, and whole-matrix temporaries
cost gigabytes at a million articles); the result equals scikit-learn's (tested).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .words import strip_accents


def char_tfidf(texts: list[str], *, chunk: int = 20_000, share: bool = False):
    """TF-IDF of the character 4-grams within words of ``texts`` (sublinear tf, smooth idf,
    rows l2-normalised, float32), keeping only 4-grams found in at least two texts.

    With ``share``, also each row's share of its length that the kept 4-grams hold (1 when
    it has none of one text): a product of two rows times both shares is the two texts'
    cosine over all their 4-grams. Without it a small corpus's rows are their few shared
    4-grams alone, and two different headlines read 1.00 alike.

    Weighed a block of ``chunk`` texts at a time into arrays made once: at a million
    articles the matrix is about a gigabyte, and whole-matrix temporaries would be several.
    """
    blocks, width = _count_blocks(texts, chunk)
    df = np.zeros(width, dtype=np.int64)
    for block in blocks:
        df += column_counts(block)
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
    shares = np.ones(n, dtype=np.float32)
    every_idf = np.log((1.0 + n) / (1.0 + df)) + 1.0 if share else None
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
        if share:  # the rows' lengths over every 4-gram, those of one text too
            every = (1.0 + np.log(block.data, dtype=np.float64)) * every_idf[block.indices]
            whole = np.sqrt(np.bincount(np.repeat(np.arange(rows), np.diff(block.indptr)),
                                        weights=every**2, minlength=rows))
            shares[row:row + rows] = np.where(whole > 0, norms / np.maximum(whole, 1e-12), 1.0)
            del every
        weights /= np.repeat(np.maximum(norms, 1e-12), lengths)
        data[at:at + len(cols)] = weights
        indices[at:at + len(cols)] = cols
        indptr[row + 1:row + 1 + rows] = at + np.cumsum(lengths)
        at, row = at + len(cols), row + rows
    matrix = sp.csr_matrix((data, indices, indptr), shape=(n, int(keep.sum())))
    return (matrix, shares) if share else matrix


def column_counts(matrix, *, chunk: int = 1 << 22) -> np.ndarray:
    """How many stored entries each column of a CSR ``matrix`` has (its document frequency
    when rows are texts): value_counts of its column indices."""
    return value_counts(matrix.indices, matrix.shape[1], chunk=chunk)


def value_counts(values: np.ndarray, width: int, *, chunk: int = 1 << 22) -> np.ndarray:
    """How often each of 0 .. ``width`` - 1 is among ``values`` (np.bincount), counted
    ``chunk`` values at a time: np.bincount copies 32-bit values to 64 bits first, a
    gigabyte at a million articles."""
    counts = np.zeros(width, dtype=np.int64)
    for at in range(0, len(values), chunk):
        counts += np.bincount(values[at:at + chunk], minlength=width)
    return counts


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
    counts = sp.vstack(blocks, format="csr") if len(blocks) > 1 else blocks[0]
    return counts.astype(np.float32)


def _count_blocks(texts: list[str], chunk: int) -> tuple[list, int]:
    """(4-gram counts of each ``chunk`` texts as CSR blocks over the global columns, the
    number of columns): char_ngram_counts, not yet stacked."""
    padded = _padded(texts)
    # Every character as a code from 1 in sorted order, so four codes key a 4-gram and keys
    # sort as the text does; a 3-character gram (a one-letter word) ends in 0. With fewer
    # than 65,535 distinct characters (any real corpus) a code takes 16 bits and a key one
    # 64-bit word; past that, 21 bits (any code point) and two words (see _keys).
    chars = np.unique(np.concatenate(
        [_code_points("".join(padded[i:i + chunk])) for i in range(0, len(padded), chunk)]
        or [np.zeros(0, dtype=np.uint32)]))
    wide = len(chars) >= NARROW_CODES
    code = np.zeros(int(chars.max(initial=0)) + 1, dtype=np.uint32 if wide else np.uint16)
    code[chars] = np.arange(1, len(chars) + 1)
    blocks = [_chunk_counts(padded[i:i + chunk], code, wide)
              for i in range(0, len(padded), chunk)]
    del padded
    grams = np.unique(np.concatenate([keys for _, keys in blocks]
                                     or [np.zeros(0, _KEY_DTYPES[wide])]))
    for k, (counts, keys) in enumerate(blocks):  # local columns -> global (an increasing map)
        columns = np.searchsorted(grams, keys).astype(np.int32)[counts.indices]
        blocks[k] = sp.csr_matrix((counts.data, columns, counts.indptr),
                                  shape=(counts.shape[0], len(grams)))
    return blocks, len(grams)


#: Distinct characters from which codes take 21 bits rather than 16 (0 is no character).
NARROW_CODES = 0xFFFF
#: A 4-gram's key: one 64-bit word of four 16-bit codes, or for a wide alphabet two words
#: of two 21-bit codes each, compared word by word (numpy sorts and searches such records).
_KEY_DTYPES = {False: np.dtype(np.uint64), True: np.dtype([("hi", np.uint64), ("lo", np.uint64)])}


def _keys(codes: np.ndarray, at: np.ndarray, last: np.ndarray, wide: bool) -> np.ndarray:
    """The keys of the 4-grams starting at ``at`` in ``codes`` (uint64), whose fourth code
    is ``last`` (0 for a 3-gram; the narrow keys are made in it)."""
    if not wide:
        keys = last
        for shift, step in ((48, 0), (32, 1), (16, 2)):
            keys |= codes[at + step] << np.uint64(shift)
        return keys
    keys = np.empty(len(at), dtype=_KEY_DTYPES[True])
    keys["hi"] = (codes[at] << np.uint64(21)) | codes[at + 1]
    keys["lo"] = (codes[at + 2] << np.uint64(21)) | last
    return keys


def _padded(texts: list[str]) -> list[str]:
    """Each text lowercased, accents stripped, words apart by two spaces, one at each end."""
    padded = ["  ".join(strip_accents(t.lower()).split()) for t in texts]
    return [f" {t} " if t else "" for t in padded]


def _chunk_counts(padded: list[str], code: np.ndarray, wide: bool):
    """(counts, keys) of some padded texts: a texts x local-grams CSR matrix of counts and
    the sorted keys of its columns."""
    points = _points("".join(padded))
    codes = np.append(code[points], np.zeros(3, dtype=code.dtype)).astype(np.uint64)
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
    keys = _keys(codes, at, np.where(inside[at], codes[at + 3], np.uint64(0)), wide)
    grams = np.unique(keys)  # hashed, then a binary search: far faster than an argsort
    ends = np.cumsum([0] + [len(p) for p in padded])
    counts = sp.csr_matrix((np.ones(len(at), dtype=np.float32), np.searchsorted(grams, keys),
                            np.searchsorted(at, ends)), shape=(len(padded), len(grams)))
    counts.sum_duplicates()
    # Held for every block until weighed: a byte a count where every count fits in one
    # (almost every block of news text), which makes the held blocks 5 bytes a 4-gram, not 8.
    if counts.data.size and counts.data.max() <= np.iinfo(np.uint8).max:
        counts.data = counts.data.astype(np.uint8)
    return counts, grams


def _points(text: str):
    """The code points of ``text`` (a lone surrogate is a code point like any other)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _code_points(text: str):
    """The distinct code points of ``text``, sorted."""
    return np.unique(_points(text))
