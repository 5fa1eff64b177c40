"""The character n-gram index takes any alphabet: past 65,535 distinct characters its keys
are wider, and its counts are still scikit-learn's."""

import re

import numpy as np
import pytest

import graphx.ngrams
from graphx.ngrams import char_ngram_counts, char_tfidf

TEXTS = ["Ontario's patios REOPEN  soon", "a b cd ñandú\u00a0x\tI", "", "émigré café, a b",
         "patios reopen in Ontario soon", "Σίσυφος ΟΔΟΣ", "café émigré", "x",
         "\U0002a6d6\U00020000 emoji \U0001f600 \ud800 lone"]


@pytest.mark.parametrize("chunk", [1, 3, 20_000])
def test_wide_keys_give_the_narrow_keys_matrix(monkeypatch, chunk):
    narrow_counts, narrow_tfidf = char_ngram_counts(TEXTS, chunk=chunk), char_tfidf(TEXTS)
    monkeypatch.setattr(graphx.ngrams, "NARROW_CODES", 1)  # every alphabet is wide
    wide_counts, wide_tfidf = char_ngram_counts(TEXTS, chunk=chunk), char_tfidf(TEXTS)
    assert wide_counts.shape == narrow_counts.shape and (wide_counts != narrow_counts).nnz == 0
    assert wide_tfidf.shape == narrow_tfidf.shape and (wide_tfidf != narrow_tfidf).nnz == 0


def alphabet_texts() -> list[str]:
    """Texts of 70,000 distinct characters (CJK, Hangul, CJK extension B), in 4-letter words."""
    points = [*range(0x4E00, 0x9FFF), *range(0xAC00, 0xD7A3), *range(0x20000, 0x2A6D6)]
    chars = [chr(p) for p in points[:70_000]]
    words = ["".join(chars[i:i + 4]) for i in range(0, len(chars), 4)]
    # Every word twice, in two texts, so tf-idf keeps its 4-grams (min_df=2).
    return [" ".join(words[i:i + 500]) for i in range(0, len(words), 500)] * 2


def test_more_than_65535_characters_is_a_size_not_an_error():
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    texts = alphabet_texts()
    assert len(set("".join(texts))) > 0xFFFF
    expected = CountVectorizer(analyzer="char_wb", ngram_range=(4, 4), strip_accents="unicode")
    counts = char_ngram_counts(texts, chunk=7)
    assert (counts != expected.fit_transform(texts)).nnz == 0
    expected = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4), strip_accents="unicode",
                               sublinear_tf=True, min_df=2).fit_transform(texts)
    tfidf = char_tfidf(texts)
    assert tfidf.shape == expected.shape and abs(tfidf - expected).max() < 1e-6
    assert np.isfinite(tfidf.data).all()


@pytest.mark.parametrize("chunk", [1, 2, 20_000])
def test_counts_past_a_byte_are_counted_whole(chunk):
    """Blocks hold a count in one byte when all of theirs fit; one that does not keeps its
    counts whole, in any chunking, and the matrices are still scikit-learn's."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    texts = [" ".join(["cafe"] * 300 + ["patio"]), "cafe patio", "patios reopen", "reopen"]
    counts = char_ngram_counts(texts, chunk=chunk)
    expected = CountVectorizer(analyzer="char_wb", ngram_range=(4, 4),
                               strip_accents="unicode").fit_transform(texts)
    assert counts.dtype == np.float32 and (counts != expected).nnz == 0
    assert counts.max() == 300  # " caf", "cafe", "afe ": 300 times each, past a byte
    tfidf = char_tfidf(texts, chunk=chunk)
    expected = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4), strip_accents="unicode",
                               sublinear_tf=True, min_df=2).fit_transform(texts)
    assert tfidf.shape == expected.shape and abs(tfidf - expected).max() < 1e-6


#: The scripts whose marks spell words, which strip_accents leaves as they are (Indic,
#: Thai, Lao, Tibetan, Myanmar, Khmer: "ทองคำ" is no "ทองคํา").
SPELLED = re.compile("([\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]+)")


def whole_text_nfkd(text: str) -> str:
    """NFKD of each stretch of ``text`` with its combining marks dropped, but for the
    stretches of scripts whose marks spell words, kept as they are."""
    import unicodedata

    return "".join(
        piece if k % 2 else "".join(c for c in unicodedata.normalize("NFKD", piece)
                                    if not unicodedata.combining(c))
        for k, piece in enumerate(SPELLED.split(text)))


def test_accents_come_off_a_character_at_a_time_as_from_the_whole_text():
    # strip_accents reads one table a character at a time: the same as NFKD of the whole
    # text with its combining marks dropped, marks in any order, compatibility forms too,
    # but for the scripts whose marks spell words (kept: whole_text_nfkd).
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from graphx.words import strip_accents

    samples = ["Café Zürich", "e\u0301\u0327", "ﬁnal ½ Ⅸ", "한국어", "a\u0308\u0301b",
               "\u1e9b\u0323", "plain ascii", "", "\ud800 lone", "ทองคำ", "अर्धशतक"]
    for text in samples:
        assert strip_accents(text) == whole_text_nfkd(text), text

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(
        "\u0300\u0301\u0308\u0323\u0327\u05b0\u0e38"), max_size=40))
    def same(text):
        assert strip_accents(text) == whole_text_nfkd(text)

    same()


def test_column_counts_are_bincounts_of_the_indices_in_any_chunk():
    import scipy.sparse as sp

    from graphx.ngrams import column_counts, value_counts

    rng = np.random.default_rng(3)
    M = sp.random(50, 37, density=0.2, format="csr", random_state=rng, dtype=np.float32)
    expected = np.bincount(M.indices, minlength=37)
    for chunk in (1, 7, len(M.indices), 1 << 22):
        assert (column_counts(M, chunk=chunk) == expected).all()
    assert (column_counts(sp.csr_matrix((3, 4))) == 0).all()
    values = rng.integers(0, 9, size=100, dtype=np.int32)  # any values below a width
    for chunk in (1, 13, 100):
        counts = value_counts(values, 12, chunk=chunk)
        assert counts.dtype == np.int64 and counts.tolist() == np.bincount(
            values, minlength=12).tolist()
