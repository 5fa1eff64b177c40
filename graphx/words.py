"""Word TF-IDF of titles and excerpts: the index similar edges, keyword matches and the
words of an explanation come from.

It computes what scikit-learn's TfidfVectorizer does with graphx's settings (lowercase,
unicode accents stripped, words of two or more word characters, stop words dropped,
sublinear tf, smooth idf, rows l2-normalised, float32), tested equal to it, but for the
scripts it reads apart (the marks of Indic and Southeast Asian scripts are kept, and
text written without spaces is cut into words: unspaced_words). graphx does not
import scikit-learn for this: importing it costs about 0.9 s and 125 MB in every process
that indexes text, twice what the rest of a first query on a 3,000-item corpus needs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

#: scikit-learn's English stop words (sklearn/feature_extraction/_stop_words.py, BSD-3
#: licensed, from the Glasgow Information Retrieval Group's list), kept as they are so the
#: index is the one scikit-learn would make.
ENGLISH_STOP_WORDS = frozenset("""
a about above across after afterwards again against all almost alone along already also
although always am among amongst amoungst amount an and another any anyhow anyone anything
anyway anywhere are around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond bill both bottom but by call can
cannot cant co con could couldnt cry de describe detail do done down due during each eg
eight either eleven else elsewhere empty enough etc even ever every everyone everything
everywhere except few fifteen fifty fill find fire first five for former formerly forty
found four from front full further get give go had has hasnt have he hence her here
hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
inc indeed interest into is it its itself keep last latter latterly least less ltd made many
may me meanwhile might mill mine more moreover most mostly move much must my myself name
namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere
of off often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put rather re same see seem seemed seeming seems serious several she
should show side since sincere six sixty so some somehow someone something sometime
sometimes somewhere still such system take ten than that the their them themselves then
thence there thereafter thereby therefore therein thereupon these they thick thin third this
those though three through throughout thru thus to together too top toward towards twelve
twenty two un under until up upon us very via was we well were what whatever when whence
whenever where whereafter whereas whereby wherein whereupon wherever whether which while
whither who whoever whole whom whose why will with within without would yet you your yours
yourself yourselves
""".split())

#: A wire service's version label before a headline ("UPDATE 1-", "REFILE-", "CORRECTED-",
#: dpa's "ROUNDUP 2:", its updated text of one story): no word of the story (its number no
#: figure of it). In capitals only: "Roundup: ..." titles a digest.
WIRE_PREFIX = re.compile(r"^\s*(?:(?:UPDATE|WRAPUP|RPT|ROUNDUP)\s*\d*|REFILE|CORRECTED|CORRECTION"
                         r"|EXCLUSIVE|BREAKINGVIEWS)\s*[-:]\s*")


def wire_headline(title: str) -> str:
    """A title without its wire version label, folded: "UPDATE 1-Moderna expects ..." and
    "Moderna expects ..." are one headline."""
    return " ".join(WIRE_PREFIX.sub("", title).casefold().split())


def _marks() -> str:
    """A regular-expression class of the combining marks (Unicode Mn, Mc, Me) of the basic
    plane: the vowel signs of Hindi and the other Indic scripts, Thai's, Arabic's."""
    ranges: list[list[int]] = []
    for c in range(0x300, 0x10000):
        if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]"


#: A word character: a letter, digit or underscore (``\w``), or a mark written on one.
#: Python's ``\w`` has no marks, so Hindi words were cut at their vowel signs ("मिंटो
#: ब्रिज" as म, ट, ब, र, ज): four newsrooms' own reports read as one text, a query's words
#: as letters, labels as fragments.
MARK = _marks()
WORD_CHAR = rf"(?:\w|{MARK})"
#: A word of the index: two word characters or more, as scikit-learn's default pattern
#: (``(?u)\b\w\w+\b``) reads them, marks included (TOKEN_PATTERN, for its tests).
TOKEN_PATTERN = rf"(?u)(?<!{WORD_CHAR}){WORD_CHAR}{WORD_CHAR}+"
_WORD = re.compile(TOKEN_PATTERN)


#: The ideographs of Chinese and Japanese (Han), the supplementary planes' too (𠮷); and
#: with them every character of the two languages, which no space divides into words: kana,
#: half-width katakana, and the marks that write part of a word (the iteration mark 々 of
#: 代々木, 佐々木, 人々; 〆, 〇, 〻).
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_CHARS = f"\u3005-\u3007\u303b\u3040-\u30ff\uff66-\uff9f{HAN_CHARS}"
#: The scripts of Southeast Asia written without spaces between words: Thai, Lao, Myanmar,
#: Khmer (their letters, vowel signs and tone marks).
SOUTHEAST_ASIAN_CHARS = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff"
#: A run of text in a script written without spaces between words.
UNSPACED_RUN = re.compile(f"[{CJK_CHARS}{SOUTHEAST_ASIAN_CHARS}]+")
_SOUTHEAST_ASIAN_RUN = re.compile(f"[{SOUTHEAST_ASIAN_CHARS}]+")


def unspaced_words(text: str, *, cjk: bool = True) -> str:
    """``text`` with a space between the words of its runs of Thai, Lao, Myanmar, Khmer,
    Chinese and Japanese, where no space is written ("ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ย" as
    "ธนาคาร แห่ง ประเทศไทย คง อัตรา ดอกเบี้ย"), as ICU's dictionaries cut them: a headline
    was one word, so three newsrooms' flood reports shared none and formed no story, and a
    query found no word inside a headline. Without ``cjk``, Chinese and Japanese are left
    as they are (the keyword index reads them as character pairs)."""
    run = UNSPACED_RUN if cjk else _SOUTHEAST_ASIAN_RUN
    if text.isascii() or run.search(text) is None:
        return text
    return run.sub(lambda m: f" {_cut_apart(m.group())} ", text)


#: What ends a word wherever ICU would put it: Thai's abbreviation mark ฯ and repetition
#: mark ๆ (Lao's ໆ), and the digits of Thai, Lao, Myanmar and Khmer. Read with the word
#: they follow, "กรุงเทพ" (Bangkok) was found in no "กรุงเทพฯ" headline, "นายกฯ" was cut
#: "นา ยกฯ", and a figure glued the words either side of it ("ขึ้น๒๐๐บาท").
_WORD_ENDS = re.compile("([\u0e2f\u0e46\u0e50-\u0e59\u0ec6\u0ed0-\u0ed9\u1040-\u1049"
                        "\u17e0-\u17e9]+)")


def _cut_apart(run: str) -> str:
    """_cut of each piece of ``run`` between the marks and digits that end a word, which
    stand apart."""
    if _WORD_ENDS.search(run) is None:
        return _cut(run)
    return " ".join(_cut(piece) if k % 2 == 0 else piece
                    for k, piece in enumerate(_WORD_ENDS.split(run)) if piece)


def southeast_asian_words(text: str) -> list[list[str]]:
    """The words of each run of Thai, Lao, Myanmar or Khmer in ``text`` (unspaced_words)."""
    return [_cut_apart(run).split() for run in _SOUTHEAST_ASIAN_RUN.findall(text)]


def is_unspaced(word: str) -> bool:
    """Whether ``word`` is written in a script without spaces between words (its words
    are joined without one: "น้ำท่วม", not "น้ำ ท่วม")."""
    return UNSPACED_RUN.fullmatch(word) is not None


@functools.lru_cache(maxsize=1 << 16)  # a wire headline's runs recur in each copy
def _cut(run: str) -> str:
    """One unspaced run's words, a space between each (ICU's word break iterator)."""
    if len(run) < 2:
        return run
    from icu4py.breakers import WordBreaker  # 11 ms to import: only for such text

    # ICU counts UTF-16 code units: a character past the basic plane (𠮷) takes two.
    units = [0]
    for c in run:
        units.append(units[-1] + (2 if c > "\uffff" else 1))
    at = {u: i for i, u in enumerate(units)} if units[-1] != len(run) else None
    words: list[str] = []
    alone = False  # the last word is a Chinese character of a name ICU does not know
    for start, end in WordBreaker(run, _root_locale()).segments():
        if at is not None:
            start, end = at[start], at[end]
        if end <= start:
            continue
        word = run[start:end]
        one = end - start == 1 and _HAN.match(word) is not None and word not in _HAN_PARTICLES
        if one and alone:
            words[-1] += word
        else:
            words.append(word)
        alone = one
    return " ".join(words)


#: A Chinese character (Han, the ideographs Japanese writes too).
_HAN = re.compile(f"[{HAN_CHARS}]")
#: The Chinese characters that are words of their own (particles, prepositions, pronouns,
#: measure words, the date's year/month/day), in simplified and traditional forms. ICU cuts
#: a name its dictionary does not hold into characters, one word each ("特 朗 普 在 白宫"),
#: and a word of one character is no word of the index: Trump, Zelensky and a typhoon's
#: name were gone from every Chinese headline, and two leaders' meetings of one day were
#: one story. Characters side by side that are none of these are one word ("特朗普").
_HAN_PARTICLES = frozenset(
    "的了在是和与及等对将为被把从向到也都就而又之其或但以于由并已这那有无不没个们让给还再会"
    "要能可很最更着过来去说称后前中上下内外时年月日号名位次起跟同比当据该此各每所因若如则即仍才"
    "只亦與對將為從這於個們讓給還會過來說後內時據當該")


@functools.cache
def _root_locale():
    """ICU's root locale: its word breaks use each script's own dictionary."""
    from icu4py.locale import Locale

    return Locale("")


#: The scripts whose marks spell a word rather than accent it: the Indic scripts (Devanagari
#: to Sinhala), Thai, Lao, Tibetan, Myanmar, Khmer. Taken off, "ทองคำ" (gold) was "ทองคํา"
#: and "अर्धशतक" (half-century) "अरधशतक" in every answer's reasons.
_SPELLING_MARKS = ((0x0900, 0x0DFF), (0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF))


class _Plain(dict):
    """Code point -> that character with its accents taken off, made when first asked for
    (str.translate's table): a corpus has a few hundred such characters, its texts millions."""

    def __missing__(self, point: int) -> str:
        if any(lo <= point <= hi for lo, hi in _SPELLING_MARKS):
            plain = self[point] = chr(point)
            return plain
        plain = self[point] = "".join(c for c in unicodedata.normalize("NFKD", chr(point))
                                      if not unicodedata.combining(c))
        return plain


_PLAIN = _Plain()


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def english_share(text: str) -> float:
    """The share of ``text``'s words that are English stop words ("the", "of", "said"):
    a third or more in English prose, next to none in German, French or Japanese. Words
    that other languages write as often ("de", "un", "a", "in", "per", "con") do not count:
    a French report read as a fifth English."""
    words = _LETTER_WORD.findall(text.casefold())
    return (sum(w in _ENGLISH_ONLY for w in words) / len(words)) if words else 0.0


#: English stop words that are not also common words of French, Spanish, Italian,
#: Portuguese or German (english_share).
_ENGLISH_ONLY = ENGLISH_STOP_WORDS - frozenset("a am an con de i in per un".split())


#: The commonest function words of Spanish, French, Italian, Portuguese, Dutch, German and
#: Hindi (articles, prepositions, postpositions, conjunctions: "मुंबई में · बारिश", में is
#: "in"), as the index writes them (folded, accents off),
#: less those that are English words too ("die", "son", "van", "war", "den", "in", "no";
#: "de", "con", "per" and "un" are English stop words already): no evidence that two
#: reports tell one story ("similar wording: inditex, el, las"), and a title holding two
#: of them reads as another language (graphx.labels).
FUNCTION_WORDS_ELSEWHERE = frozenset("""
el la las los lo del al en se de un una unos unas por para con que su sus mas como pero
le les du des et au aux ce ces sa ses sur pour dans qui pas est une
il gli di della delle dei degli da dal dalla nel nella che per non sono
dos das na nos nas em um uma com ao pelo pela nao
het een dat te op voor met niet naar ook bij
der das dem ein eine einen und mit von zu im auf fur ist nicht sich
में का की के को से पर और है हैं ने भी तो ही एक यह वह इस उस लिए साथ बाद तक था थे थी गया गई
""".split())


#: The commonest function words of the languages written without spaces between words
#: (Thai, Lao, Khmer, Chinese, Japanese), as ICU cuts them (two characters or more: one is
#: no word of the index): in no other language, so filler wherever they stand ("ฝน ·
#: ท่วมกรุงเทพฯ · หลัง": หลัง is "after"; "នៅភ្នំពេញ": នៅ is "at"), no evidence that two
#: reports tell one story, and no word of a label or a reason.
FUNCTION_WORDS_UNSPACED = frozenset("""
หลัง ที่ และ ใน ของ การ ได้ ให้ จาก กับ แล้ว ว่า เป็น มี จะ ไม่ อีก ทั้ง ตาม เพื่อ โดย ถึง แต่
หรือ คือ นี้ นั้น ซึ่ง อยู่ ยัง เมื่อ ก็ ความ
ແລະ ຂອງ ໃນ ທີ່ ໄດ້ ໃຫ້ ຈາກ ກັບ ແລ້ວ ວ່າ ເປັນ ມີ ຈະ ບໍ່ ຕາມ ເພື່ອ ໂດຍ
នៅ និង ក្នុង របស់ ដែល បាន ពី ជា មាន នឹង ទៅ ការ សម្រាប់ ដោយ ថា ហើយ
我们 他们 一个 没有 已经 可以 这个 那个 因为 所以 但是 如果 以及 进行 表示 其中
として による について ため こと など から まで という ように より また
""".split())


def strip_accents(text: str) -> str:
    """``text`` with accents taken off (é -> e): NFKD, combining marks dropped, but for the
    marks that spell words (_SPELLING_MARKS).

    Done a character at a time, through one table: NFKD decomposes each character on its
    own and only reorders the combining marks, which are all dropped, so that is the whole
    text's NFKD without them."""
    if text.isascii():
        return text
    return text.translate(_PLAIN)


class WordTfidf:
    """A word TF-IDF fitted on texts (fit_transform), or given its vocabulary and idf_.

    The attributes are scikit-learn's names (vocabulary_, idf_, get_feature_names_out), so
    a saved index and a fitted one read alike.
    """

    def __init__(self, *, stop_words: Iterable[str] = (), vocabulary: dict | None = None):
        self.stop_words = frozenset(stop_words)
        self.vocabulary_ = dict(vocabulary) if vocabulary is not None else None
        self.idf_: np.ndarray | None = None

    def words(self, text: str) -> list[str]:
        """The words of ``text`` the index counts, in order."""
        stop = self.stop_words
        text = unspaced_words(text)
        return [w for w in _WORD.findall(strip_accents(text.lower())) if w not in stop]

    def _counts(self, texts: list[str], vocabulary: dict, *, grow: bool):
        """Texts x vocabulary counts (CSR, float64); with ``grow`` new words join."""
        indptr, indices = [0], []
        for text in texts:
            for word in self.words(text):
                column = vocabulary.get(word)
                if column is None:
                    if not grow:
                        continue
                    column = vocabulary[word] = len(vocabulary)
                indices.append(column)
            indptr.append(len(indices))
        counts = sp.csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int64),
                                np.array(indptr, dtype=np.int64)),
                               shape=(len(texts), len(vocabulary)))
        counts.sum_duplicates()
        return counts

    def fit_transform(self, texts: list[str]):
        """The TF-IDF rows of ``texts``, learning the vocabulary (sorted, as scikit-learn
        orders it) and idf_. Raises ValueError when no text holds a word."""
        vocabulary: dict[str, int] = {}
        counts = self._counts(texts, vocabulary, grow=True)
        if not vocabulary:
            raise ValueError("empty vocabulary; perhaps the texts only contain stop words")
        order = sorted(vocabulary, key=vocabulary.__getitem__)
        ranked = sorted(range(len(order)), key=order.__getitem__)  # new column -> old
        remap = np.empty(len(order), dtype=np.int64)
        remap[ranked] = np.arange(len(order))
        counts = sp.csr_matrix((counts.data, remap[counts.indices], counts.indptr),
                               shape=counts.shape)
        counts.sort_indices()
        self.vocabulary_ = {order[old]: new for new, old in enumerate(ranked)}
        df = np.bincount(counts.indices, minlength=len(order))
        n = len(texts)
        self.idf_ = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        return self._weigh(counts)

    def transform(self, texts: list[str]):
        """The TF-IDF rows of ``texts`` in the fitted vocabulary (unknown words ignored)."""
        return self._weigh(self._counts(list(texts), self.vocabulary_, grow=False))

    def _weigh(self, counts):
        """Sublinear tf times idf, each row l2-normalised, as float32 CSR."""
        counts = counts.tocsr()
        data = (np.log(counts.data) + 1.0) * np.asarray(self.idf_, dtype=np.float64)[
            counts.indices]
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(rows, weights=data**2, minlength=counts.shape[0]))
        data /= np.maximum(norms, 1e-300)[rows]
        return sp.csr_matrix((data.astype(np.float32), counts.indices.astype(np.int32),
                              counts.indptr.astype(np.int32)), shape=counts.shape)

    def get_feature_names_out(self) -> np.ndarray:
        """The vocabulary's words in column order."""
        names = np.empty(len(self.vocabulary_), dtype=object)
        for word, column in self.vocabulary_.items():
            names[column] = word
        return names.astype(str) if len(names) else np.array([], dtype=str)
