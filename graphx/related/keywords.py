"""Keyword queries where every word counts: BM25 over headlines and excerpts, how many of the
query's words an article holds, how close together, and a little graph evidence.

Words are cut and stemmed by SQLite FTS5's porter tokenizer (in the standard library), once
when the index is built; its postings (term, article, field, position) are kept as plain
arrays, so a saved engine answers keywords without SQLite or scikit-learn. The features of an
answer are blended by a logistic model fitted on the development queries of the judged
keyword benchmark (benchmarks/keywords.py --fit, dev split only), so its score reads as the
probability that a reader would call the answer relevant.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from ..ngrams import value_counts
from ..words import CJK_CHARS, ENGLISH_STOP_WORDS, SOUTHEAST_ASIAN_CHARS, unspaced_words
from .packed import Strings
from .spellings import variants

#: The characters unicode61 reads as parts of a word: its default (letters, digits, private
#: use) and the marks (M*): Hindi's vowel signs cut its words into letters, and "Minto
#: Bridge" in Hindi matched a gold-price story by five letters. The SQLite export's search
#: reads words so too.
WORD_CATEGORIES = "categories 'L* N* Co M*'"
TOKENIZER = f"porter unicode61 remove_diacritics 2 {WORD_CATEGORIES}"
FIELDS = ("title", "excerpt")
#: BM25's saturation and length normalisation (the usual values), and how much a word in
#: the headline counts against one in the excerpt (BM25F).
K1, B, TITLE_WEIGHT = 1.2, 0.75, 2.0
#: Articles whose proximity is measured: the best by BM25 and coverage.
PROXIMITY_DEPTH = 300
#: The model: a logistic function of these features, fitted on the 15 dev queries of
#: benchmarks/keywords/judgements.json (benchmarks/keywords.py --fit); never on test queries.
FEATURES = ("bm25", "coverage", "title_coverage", "proximity", "centrality")
MODEL = {"bm25": 3.73, "coverage": 5.66, "title_coverage": 3.97, "proximity": -1.28,
         "centrality": 0.32, "intercept": -6.94}


#: A word's runs of letters and of digits ("covid19": "covid", "19").
_LETTERS_DIGITS = re.compile(r"[^\W\d_]+|\d+")
#: Runs of Chinese and Japanese characters (words.CJK_CHARS: a run ended at the iteration
#: mark 々, so no search found a word holding one).
CJK_RUN = re.compile(f"[{CJK_CHARS}]{{2,}}")


#: Letters no accent removal takes to ASCII (Unicode gives them no decomposition): "Ørsted"
#: is found by "orsted", "Łódź" by "lodz", "Straße" by "strasse".
_UNDECOMPOSED = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae",
                               "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d",
                               "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i"})


#: A run of Chinese or Japanese characters of any length (one character is a word's too).
_CJK_ANY = re.compile(f"[{CJK_CHARS}]+")
#: A letter or digit of another script: what a Chinese or Japanese run may abut unspaced.
_WORD_CHAR = re.compile(r"[^\W_]")


#: Unicode's half-width and full-width forms (ＪＲ, １０, ｺﾛﾅ).
_WIDTH_FORMS = re.compile("[\uff01-\uffef]+")


def usual_widths(text: str) -> str:
    """``text`` with its full-width letters and figures and half-width katakana in their
    usual forms ("ＪＲ" as "JR", "ｺﾛﾅ" as "コロナ")."""
    return _WIDTH_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


#: An abbreviation written with dots, two letters or more ("U.S.", "U.K", "a.m."): one word,
#: the letters run together, as "US" and "UK" are written. "U.S." was the words u and s,
#: and s was held by every possessive ("Sweden's death toll" held "every word: U, S, death,
#: toll"), and "U.K." never met "UK".
_DOTTED = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){1,}[^\W\d_](?![\w]|\.[^\W_])\.?")
#: A possessive's ending ("Wirtz's", "Wirtz’s"): the name, whose "s" counted as a word no
#: article held ("holds 1 of 2 words: Wirtz’s (not Wirtz’s)"), and in an article, the "s"
#: every possessive held ("U.S." was found in "Sweden's").
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['\u2019]s(?![^\W_])")


def one_word_each(text: str) -> str:
    """``text`` with its dotted abbreviations as one word each ("U.S." as "US") and its
    possessives as their names ("Sweden's" as "Sweden"): so an article is indexed and a
    query asked."""
    if "." in text:
        text = _DOTTED.sub(lambda m: m.group().replace(".", ""), text)
    if "'" in text or "\u2019" in text:
        text = _POSSESSIVE.sub("", text)
    return text


def spaced(text: str, *, query: bool = False) -> str:
    """``text`` with each run of Chinese or Japanese characters written as its overlapping
    character pairs ("東京都の" as "東京 京都 都の"): a word inside a headline ("東京都",
    "感染") is then found, where the whole run was one token no query could match; Thai,
    Lao, Myanmar and Khmer as their words (words.unspaced_words: a pair of their letters is
    no word); and letters without a decomposition written as ASCII (_UNDECOMPOSED).

    A run is cut off from the figures and Latin words written against it, and a run of one
    character is a word of its own: "23條" was one token, and "逾20" in "全台逾20萬戶停電"
    another, that no query written otherwise matched. In an article (not ``query``), a
    run's first or last character written against a figure or word is a word too, beside
    its pairs, since a query names it alone there: "23條" is found in "23條立法" (its
    "條"), and "逾20萬戶" in "全台逾20萬戶停電" (its "逾")."""
    text = one_word_each(text)
    if text.isascii():
        return text
    # Full-width letters and figures and half-width katakana are their usual forms
    # (NFKC, of that block alone: it would take Thai's ำ apart): "ＪＲ", "１０日" and "ｺﾛﾅ"
    # found no "JR", "10日" or "コロナ", nor they them.
    text = usual_widths(text)
    text = unspaced_words(text.translate(_UNDECOMPOSED), cjk=False)
    if _CJK_ANY.search(text) is None:
        return text

    def pairs(m: re.Match) -> str:
        run, start, end = m.group(), m.start(), m.end()
        words = [run[k:k + 2] for k in range(len(run) - 1)] or [run]
        if not query and len(run) > 1:
            if start and _WORD_CHAR.match(text[start - 1]):
                words.insert(0, run[0])
            if end < len(text) and _WORD_CHAR.match(text[end]):
                words.append(run[-1])
        return " " + " ".join(words) + " "

    return _CJK_ANY.sub(pairs, text)


def _tokenise(pieces: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(the distinct stemmed words of ``pieces``, sorted; where each piece's words start
    in the next array, one more than pieces; each piece's words, as positions in the first,
    in order), as FTS5's porter tokenizer cuts them."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE d USING fts5(w, tokenize=\"{TOKENIZER}\")")
        db.executemany("INSERT INTO d(rowid, w) VALUES (?, ?)", enumerate(pieces))
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(d, 'instance')")
        rows = db.execute("SELECT doc, offset, term FROM v").fetchall()
    finally:
        db.close()
    names = sorted({r[2] for r in rows})
    number = {t: i for i, t in enumerate(names)}
    doc = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    offset = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
    term = np.fromiter((number[r[2]] for r in rows), dtype=np.int64, count=len(rows))
    del rows
    order = np.lexsort((offset, doc))
    ptr = np.zeros(len(pieces) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum(np.bincount(doc, minlength=len(pieces)))
    return names, ptr, term[order]


#: A piece of text that may hold a word in capitals: two capital letters in a row.
_TWO_CAPITALS = re.compile(r"[A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f]{2}")
#: The runs of letters and digits unicode61 cuts a piece into, one per token.
_RUNS = re.compile(r"[^\W_]+")


def _in_capitals(pieces: list[str], ptr: np.ndarray) -> np.ndarray | None:
    """Per token of ``pieces`` (laid out as _tokenise gives them, ``ptr`` where each piece's
    start), whether it is written in capitals, two letters or more; None when none is. A
    piece whose runs of letters and digits are not its tokens one for one (an edge of
    unicode61 that Python's regular expressions draw otherwise) has none in capitals."""
    caps = None
    for i, piece in enumerate(pieces):
        if _TWO_CAPITALS.search(piece) is None:
            continue
        runs = _RUNS.findall(piece)
        start, end = int(ptr[i]), int(ptr[i + 1])
        if len(runs) != end - start:
            continue
        if caps is None:
            caps = np.zeros(int(ptr[-1]), dtype=bool)
        caps[start:end] = [r.isupper() and len(r) > 1 for r in runs]
    return caps


def _postings_of(at: np.ndarray, term: np.ndarray, order: np.ndarray,
                 counts: np.ndarray) -> np.ndarray:
    """The posting indices (ascending) of the tokens at ``at`` in the token array ``term``,
    postings being the tokens in ``order`` (by term, stable): a token's is where its term's
    postings start plus its rank among that term's tokens, found in that term's run of
    ``order`` (ascending, since the sort is stable)."""
    if not len(at):
        return np.zeros(0, dtype=np.int64)
    terms = term[at]
    by_term = np.lexsort((at, terms))
    at, terms = at[by_term], terms[by_term]
    starts = np.cumsum(counts) - counts
    out = np.empty(len(at), dtype=np.int64)
    cuts = np.flatnonzero(np.diff(terms)) + 1
    for lo, hi in zip([0, *cuts.tolist()], [*cuts.tolist(), len(at)], strict=True):
        t = int(terms[lo])
        start = int(starts[t])
        out[lo:hi] = start + np.searchsorted(order[start:start + int(counts[t])], at[lo:hi])
    out.sort()
    return out


def tokens(text: str, db: sqlite3.Connection | None = None) -> list[str]:
    """The stemmed words of ``text`` in order, as the index cut its articles."""
    own = db is None
    db = db or sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS q USING fts5(t, tokenize=\"{TOKENIZER}\")")
        db.execute("DELETE FROM q")
        db.execute("INSERT INTO q(rowid, t) VALUES (1, ?)", (spaced(text, query=True),))
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS qv USING fts5vocab(q, 'instance')")
        return [t for t, _ in sorted(db.execute("SELECT term, offset FROM qv"),
                                     key=lambda x: x[1])]
    finally:
        if own:
            db.close()


def _is_name(word: str, *, first: bool, headline: bool) -> bool:
    """Whether a query word, as typed, is a name: capitalised, and not only because it
    opens a query written as a sentence ("Reaction to wetlands ruling"): all capitals
    count there ("WHO"), and so does a first word beside other capitalised words or
    figures ("Meloni G7 loan", "Scholz EV subsidies": ``headline``)."""
    return word[:1].isupper() and (not first or headline or word.isupper() and len(word) > 1)


#: Where a sentence opens inside a query: after a colon, a full stop or a dash ("Murder
#: hornets: Bug experts say ..."), so its first word's capital is the sentence's.
_OPENING = re.compile(r"(?:^|[:;.!?|\u2013\u2014]\s+)\W*(\w+)")
#: The fewest words of a query written as a headline in Title Case.
TITLE_CASE_WORDS = 5


def _title_case(query: str) -> bool:
    """Whether ``query`` is a headline written in Title Case: five words or more, each
    that is no stop word capitalised ("New York State Dems File Appeal to Stop ..."). Its
    capitals are the style's, and mark no name."""
    typed = re.findall(r"[^\W\d_][\w'\u2019]*", query)
    major = [w for w in typed if w.casefold() not in ENGLISH_STOP_WORDS]
    return len(typed) >= TITLE_CASE_WORDS and bool(major) and all(
        w[:1].isupper() for w in major)


def _headline_query(query: str) -> bool:
    """Whether a query's words after its first hold a capital or a digit ("Meloni G7
    loan"), or it has one word: its first word is then no sentence's opening."""
    rest = re.findall(r"\w+", query)[1:]
    return not rest or any(w[:1].isupper() or any(c.isdigit() for c in w) for w in rest)


#: A word typed in camel case, a name of two words run together ("OpenAI", "ChatGPT").
_CAMEL = re.compile(r"\b[A-Z]?[a-z]+[A-Z]\w*")
#: A word typed in capitals, two letters or more ("WHO", "US", "IT").
_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")
#: A name written with "&" between letters or digits: AT&T, L&T, M&M, P&G, S&P500.
_AMPERSAND_NAME = re.compile(r"(?<![\w&])[^\W_]+(?:&[^\W_]+)+(?![\w&])"
                             # ... and a figure with a decimal point or thousands' comma
                             # ("39.5%", "3,223"): "39.5%" was the words 39 and 5, and
                             # answered "Category 5 storm"
                             r"|(?<![\w.,])\d+(?:[.,]\d+)+(?!\w|[.,]\d)")
#: How a joined word's parts are told apart.
_JOIN = re.compile(r"[&.,]")
#: The words a query leaves out: English function words only (articles and determiners,
#: pronouns, auxiliaries, prepositions, conjunctions, negation, question words). Not
#: scikit-learn's stop list, which the build's TF-IDF keeps: it holds subject words of the
#: news (fire, bill, interest, call, system, show, move, part, hundred, first, last, ...),
#: and "interest rates" answered infection rates, "house fire" the White House and "Bill
#: Gates" airport gates. "may" is kept (the month, Theresa May), as are figures said in
#: words ("third quarter").
QUERY_FUNCTION_WORDS = frozenset("""
a an the this that these those each every either neither any all some no another such both
i me my mine myself you your yours yourself yourselves he him his himself she her hers
herself it its itself we us our ours ourselves they them their theirs themselves who whom
whose which what whatever whoever whichever anyone anybody anything someone somebody
something everyone everybody everything nobody noone nothing none
am is are was were be been being have has had having do does did doing can cannot could
shall should will would might must
about above across after against along amid amidst among amongst around as at before
behind below beneath beside besides between beyond by despite during except for from in
inside into of off on onto out outside over per since through throughout thru till to
toward towards under underneath unlike until unto up upon via with within without
and but or nor so yet if because although though while whilst whereas whether unless than
then not how when where why there here
""".split())
#: A query's words as typed, a name written with "&" as one.
_QUERY_WORDS = re.compile(r"[^\W_]+(?:&[^\W_]+)+|\w+")


#: QUERY_FUNCTION_WORDS as the index's stems ("this" is "thi", "does" "doe").
_FUNCTION_STEMS = frozenset(tokens(" ".join(sorted(QUERY_FUNCTION_WORDS))))


def _meant(stems: list[str], query: str) -> list[str]:
    """The query's ``stems`` but its function words: "of" and "and" are no words a reader
    means ("Roy Horn of Siegfried and Roy dies" held "3 of 6 words: Roy, of, and"), while
    every other word is asked for. One typed in capitals is an acronym, and meant ("WHO
    China" lost its WHO, "US News" its US), and a query of function words alone keeps
    them all."""
    shouted = set(tokens(" ".join(_CAPITALS.findall(query)))) if _CAPITALS.search(query) else set()
    if all(w in _FUNCTION_STEMS for w in stems):
        return stems
    return [w for w in stems if w not in _FUNCTION_STEMS or w in shouted]


#: The blocks of the scripts ICU cuts into words by dictionary (words.SOUTHEAST_ASIAN_CHARS).
_UNSPACED_BLOCKS = [(a, b) for a, b in re.findall(r"(.)-(.)", SOUTHEAST_ASIAN_CHARS)]
#: Vowels written before the consonant they follow in speech (Thai เ แ โ ใ ไ, Lao ເ ແ ໂ ໃ ໄ):
#: a syllable starts at them, never after them.
_VOWELS_BEFORE = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")
#: Vowels written after their consonant that Unicode counts as letters, not signs (Thai ะ า
#: ำ ๅ, Lao ະ າ ຳ): a syllable never ends before them.
_VOWELS_AFTER = frozenset("\u0e30\u0e32\u0e33\u0e45\u0eb0\u0eb2\u0eb3")


#: A word and the figure after it, written together or apart ("iPhone16", "iPhone 16").
_WORD_FIGURE = re.compile(r"(?<![\w&])([^\W\d_]{2,})(\s*)(\d+)(?![\w&]|[.,]\d)")


#: A capitalised word of a name after NOT, an operator aside.
_NAME_WORD = r"(?!(?:AND|OR|NOT)(?!\S))[A-Z\u00c0-\u00de]\S*"
#: A search box's operators, typed in capitals: AND joins words as a space does, OR says any
#: of them will do, NOT leaves out the articles holding what follows it: a quoted phrase, a
#: name (a run of capitalised words, "of", "de", "van" ... between them: "Bank of England")
#: or else one word. "Wirtz OR Isak" answered nothing, said "Isak written in capitals", and
#: read OR as an acronym; NOT took one word, and "election NOT Rishi Sunak" asked for Sunak.
_OPERATOR = re.compile(
    r"(?<!\S)(?:AND|OR)(?!\S)|(?<!\S)NOT\s+("
    r'"[^"]+"|\u201c[^\u201d]+\u201d'
    rf"|{_NAME_WORD}(?:\s+(?:(?:of|the|de|du|da|di|del|der|den|van|von|la|le|al|bin)\s+)?"
    rf"{_NAME_WORD})*"
    r"|\S+)")


#: "news", which the stemmer makes "new" (in most headlines): "Fox News" on a corpus without
#: Fox answered an iPhone article, "holds every word: news". Beside other words, it is none.
_NEWS = re.compile(r"(?<![\w&])news(?![\w&])", re.IGNORECASE)


def plain_query(query: str) -> str:
    """``query`` as words: possessives as their names, dotted abbreviations as one word
    ("U.S." as "US", an acronym), operators (and NOT's word) out, and "news" beside other
    words."""
    query = one_word_each(query)
    if "AND" in query or "OR" in query or "NOT" in query:
        query = " ".join(_OPERATOR.sub(" ", query).split())
    if "ews" in query or "EWS" in query:
        rest = " ".join(_NEWS.sub(" ", query).split())
        if re.search(r"\w", rest):
            query = rest
    return query


def _left_out(query: str) -> list[str]:
    """What NOT leaves out, each a word's stem or a phrase's stems joined by "&" (held
    where they stand one after another, as a name written with "&" is): "NOT Rishi Sunak"
    leaves out the articles naming Rishi Sunak, and asks for no word of the name."""
    if "NOT" not in query:
        return []
    out = []
    for m in _OPERATOR.finditer(query):
        if m.group(1) and (stems := tokens(one_word_each(m.group(1)))):
            out.append("&".join(stems))
    return out


def excluded(query: str) -> list[str]:
    """What NOT leaves out, as typed (a phrase without its quotes), once each."""
    if "NOT" not in query:
        return []
    return list(dict.fromkeys(m.group(1).strip('"\u201c\u201d') for m in _OPERATOR.finditer(query)
                              if m.group(1)))


def _alternatives(query: str, asked: list[str]) -> list[list[str]]:
    """The query's runs of words joined by OR, each as the stems of ``asked`` it holds
    (two or more): any one of a run will do ("Taiwan earthquake OR wildfire": earthquake
    or wildfire, and Taiwan)."""
    if not _any_of(query):
        return []
    among = set(asked)
    runs: list[list[str]] = []
    join = False
    for tok in _OPERATOR.sub(lambda m: " " if m.group(1) else f" {m.group()} ",
                             one_word_each(query)).split():
        if tok in ("OR", "AND"):
            join = tok == "OR" and bool(runs)
            continue
        stems = ([_joined_key(tok)] if _AMPERSAND_NAME.fullmatch(tok)
                 else tokens(_AMPERSAND_NAME.sub(" ", tok)))
        stems = [w for w in stems if w in among]
        if join:
            runs[-1].extend(stems)
        else:
            runs.append(stems)
        join = False
    return [run for run in map(lambda r: list(dict.fromkeys(r)), runs) if len(run) > 1]


def _any_of(query: str) -> bool:
    """Whether OR joins the query's words: any of them will do."""
    return "OR" in query and any(m.group() == "OR" for m in _OPERATOR.finditer(query))


def _joined_key(name: str) -> str:
    """The word a name written with "&" is in a query: its parts' stems joined by "&"
    ("AT&T": "at&t"); a part that is no one token is kept as its tokens run together."""
    return "&".join("".join(tokens(part)) for part in _JOIN.split(name))


def as_written(text: str) -> dict[str, str]:
    """Each stemmed word of ``text`` -> the word as the user wrote it (its first spelling):
    what a reason says, since a stem ("texa" for Texas) reads as a typo."""
    out: dict[str, str] = {}
    db = sqlite3.connect(":memory:")
    try:
        # A word with an apostrophe is one word as written ("mcdonald's"), though its
        # stems are two ("mcdonald", "s"): a reason said "holds every word: mcdonald, s".
        # A figure or Latin word written against Chinese or Japanese is a word of its own
        # ("50盗塁": 50, 盗塁): "50" was said as "50盗塁", held by ESPN's English report.
        # An abbreviation written with dots is said as written ("U.S.", not "us").
        for m in _DOTTED.finditer(text):
            for stem in tokens(m.group(), db):
                out.setdefault(stem, m.group())
        apart = _CJK_ANY.sub(lambda m: f" {m.group()} ", text)
        for word in re.findall(r"\w+(?:['\u2019]\w+)*", apart):
            for stem in tokens(word, db):
                # A pair of a Chinese or Japanese run is said as itself: a reason read
                # "holds 2 of 3 words: 麒麟芯片 (not 麒麟芯片)", the run for every pair.
                out.setdefault(stem, stem if _CJK_ANY.fullmatch(stem) else word)
    finally:
        db.close()
    for name in _AMPERSAND_NAME.findall(text):  # "at&t": AT&T, never "AT, T"
        out.setdefault(_joined_key(name), name)
    return out


@dataclass
class Match:
    """One keyword query against the index: its words and each answer's features."""

    words: list[str]
    rows: np.ndarray
    features: dict
    found: Held  # per answer row: the query words it holds
    spelled: dict = field(default_factory=dict)  # stem -> the word as the query wrote it
    #: Every word of the query, once each, held by some article or not (``words``: held).
    asked: list = field(default_factory=list)
    #: The query's runs of alternatives joined by OR (stems of ``asked``): any one will do.
    groups: list = field(default_factory=list)

    def said(self, words) -> str:
        """``words`` (stems) as the query wrote them, comma-separated."""
        return ", ".join(dict.fromkeys(self.spelled.get(w, w) for w in words))


class Held:
    """Per answer row of a Match, the query words it holds: each list is made when asked,
    since a common word can match most of a large corpus and few rows are shown."""

    def __init__(self, words: list[str], holds: np.ndarray) -> None:
        self.words, self.holds = words, holds  # holds: words x answer rows

    def __len__(self) -> int:
        return self.holds.shape[1]

    def __getitem__(self, at: int) -> list[str]:
        return [w for w, held in zip(self.words, self.holds[:, at].tolist(), strict=True)
                if held]


class KeywordIndex:
    """Postings of every stemmed word of every article's headline and excerpt."""

    #: post_caps: the postings (as indices into the others, ascending) of a word written in
    #: capitals, two letters or more ("WHO", "US", "IT"): an acronym typed in capitals that
    #: is also an everyday word ("who", "us", "it", and "its" stemmed) is found only there.
    ARRAYS = ("post_doc", "post_field", "post_pos", "term_ends", "lengths", "post_caps")

    def __init__(self, terms: Strings, arrays: dict) -> None:
        self.terms = terms
        for name in self.ARRAYS:
            setattr(self, name, arrays[name])
        self.n = int(self.lengths.shape[0])
        self.average = self.lengths.mean(axis=0) if self.n else np.ones(2)
        self._spelled: tuple[str, dict] | None = None  # the last query's spellings()

    @classmethod
    def build(cls, texts: list[tuple[str, str]], *, chunk: int = 20_000,
              step: int = 1 << 20) -> KeywordIndex:
        """The index of (title, excerpt) per article row.

        The porter tokenizer cuts tokens at white space as Python's str.split does (every
        white-space character is a separator to unicode61) and stems each token on its own,
        so a field's tokens are its white-space pieces' tokens in order. Each distinct piece
        goes through FTS5 once, and the postings are laid out with numpy: a corpus repeats
        its words, and fetching every posting from SQLite as a Python row cost tens of
        millions of tuples at a million articles. Tokens are laid out ``step`` piece
        occurrences at a time.
        """
        n = len(texts)
        pieces: dict[str, int] = {}
        occurrences, per_field = [], []  # piece ids in field order; pieces in each field
        for start in range(0, n, chunk):
            # Excerpt before title within an article: the order postings are kept in.
            fields = [spaced(f).split() for t, e in texts[start:start + chunk] for f in (e, t)]
            words = list(itertools.chain.from_iterable(fields))
            for w in set(words).difference(pieces):
                pieces[w] = len(pieces)
            occurrences.append(np.fromiter(
                map(pieces.__getitem__, words), count=len(words),
                dtype=np.int32 if len(pieces) < np.iinfo(np.int32).max else np.int64))
            per_field.append(np.fromiter(map(len, fields), dtype=np.int64, count=len(fields)))
        occurrence = np.concatenate(occurrences or [np.zeros(0, dtype=np.int64)])
        pieces_in = np.concatenate(per_field or [np.zeros(0, dtype=np.int64)])
        del occurrences, per_field
        piece_list = list(pieces)
        del pieces
        names, piece_ptr, piece_terms = _tokenise(piece_list)
        piece_caps = _in_capitals(piece_list, piece_ptr)
        del piece_list
        # Every token of every occurrence: its term, and the field (2 * row + 0 for the
        # excerpt, + 1 for the title) and position it stands at. Arrays over every token
        # take 32 bits where that holds them: they were the engine's largest temporaries.
        size = np.diff(piece_ptr).astype(np.int32)[occurrence]  # tokens of each occurrence
        bounds = np.zeros(len(size) + 1, dtype=np.int64)  # where each one's tokens start
        ends = bounds[1:]  # and end
        ends[:] = size
        np.cumsum(ends, out=ends)  # in place: with another dtype, numpy makes a copy first
        total = int(bounds[-1])
        small = np.int32 if max(total, len(names), 2 * n) < np.iinfo(np.int32).max else np.int64
        # Each occurrence's tokens are its piece's terms, in order: laid out a slice of
        # occurrences at a time (the whole corpus's index arrays at once, with the other
        # changes here, lifted the build's peak by 0.11 GB more at 300k).
        term = np.empty(total, dtype=small)
        piece_terms = piece_terms.astype(small)
        caps_at = []  # the tokens written in capitals, by their place in ``term``
        for lo in range(0, len(occurrence), step):
            hi = min(lo + step, len(occurrence))
            start = int(ends[lo - 1]) if lo else 0
            sizes = size[lo:hi]
            first = np.repeat(piece_ptr[occurrence[lo:hi]] - (ends[lo:hi] - sizes - start),
                              sizes)
            first += np.arange(len(first))
            term[start:start + len(first)] = piece_terms[first]
            if piece_caps is not None:
                caps_at.append(np.flatnonzero(piece_caps[first]) + start)
        del piece_terms, piece_caps
        # Tokens of each field: where its last occurrence's tokens end, less its first's.
        field_ends = np.cumsum(pieces_in)
        tokens_in = bounds[field_ends] - bounds[field_ends - pieces_in]
        del size, occurrence, ends, bounds, field_ends
        field_of = np.repeat(np.arange(len(tokens_in), dtype=small), tokens_in)
        pos = np.arange(total, dtype=small)
        pos -= np.repeat((np.cumsum(tokens_in) - tokens_in).astype(small), tokens_in)
        # By term, then as laid out (article, excerpt before title, position): the order
        # FTS5's vocabulary gave them in, ORDER BY term, doc, col (by name), offset.
        order = np.argsort(term, kind="stable")
        counts = value_counts(term, len(names))
        caps = _postings_of(np.concatenate(caps_at) if caps_at else np.zeros(0, np.int64),
                            term, order, counts)
        del term, caps_at
        field_of = field_of[order]  # one at a time: each old array goes as its copy comes
        pos = pos[order]
        del order
        lengths = tokens_in.reshape(-1, 2)[:, ::-1].astype(np.float64)  # (title, excerpt)
        blob, ends = Strings.pack(names)
        arrays = {"post_doc": (field_of // 2).astype(np.int32, copy=False),
                  "post_field": field_of % 2 == 0,  # True: the excerpt
                  "post_pos": pos.astype(np.int32, copy=False),
                  "term_ends": np.cumsum(counts).astype(np.int64),
                  "lengths": lengths.reshape(n, 2),
                  "post_caps": caps}
        return cls(Strings(blob, ends), arrays)

    #: Every array to_arrays gives.
    ARRAY_NAMES = frozenset([*(f"kw.{name}" for name in ARRAYS), "kw.terms.blob",
                             "kw.terms.ends"])

    @classmethod
    def check_arrays(cls, arrays: dict, n: int) -> None:
        """ValueError unless ``arrays`` are the postings of ``n`` articles as to_arrays gives
        them: terms in order, each term's postings a run of post_doc (articles in range),
        fields 0 or 1, positions and lengths whole and finite."""
        from . import checks

        checks.check_strings("kw.terms", arrays["kw.terms.blob"], arrays["kw.terms.ends"],
                             ordered=True)
        doc = arrays["kw.post_doc"]
        checks.check_vector("kw.post_doc", doc, len(doc), checks.INTS, low=0, high=n - 1)
        checks.check_vector("kw.post_field", arrays["kw.post_field"], len(doc),
                            (np.dtype(bool),))
        checks.check_vector("kw.post_pos", arrays["kw.post_pos"], len(doc), checks.INTS, low=0)
        ends = arrays["kw.term_ends"]
        checks.check_vector("kw.term_ends", ends, len(arrays["kw.terms.ends"]), checks.INTS,
                            low=0, high=len(doc))
        if len(ends) and ((np.diff(ends) < 0).any() or ends[-1] != len(doc)):
            raise ValueError("kw.term_ends: does not cut the postings from start to end")
        caps = arrays["kw.post_caps"]
        checks.check_vector("kw.post_caps", caps, len(caps), checks.INTS, low=0,
                            high=len(doc) - 1)
        if (np.diff(caps) <= 0).any():
            raise ValueError("kw.post_caps: not in ascending order, once each")
        lengths = arrays["kw.lengths"]
        checks.check_vector("kw.lengths", lengths, 2 * n, checks.FLOATS, low=0)
        at = 2 * doc.astype(np.int64) + arrays["kw.post_field"]
        if len(doc) and (arrays["kw.post_pos"] >= lengths[at]).any():
            raise ValueError("kw.post_pos: a position past the end of its field")

    def to_arrays(self) -> dict:
        """The postings as flat arrays (lengths, an articles x 2 table, row by row)."""
        out = {f"kw.{name}": getattr(self, name) for name in self.ARRAYS}
        out["kw.lengths"] = self.lengths.ravel()
        out["kw.terms.blob"], out["kw.terms.ends"] = self.terms.blob, self.terms.ends
        return out

    @classmethod
    def from_arrays(cls, arrays: dict) -> KeywordIndex:
        """The index to_arrays gave (check_arrays first: nothing is checked here)."""
        given = {name: arrays[f"kw.{name}"] for name in cls.ARRAYS}
        given["lengths"] = given["lengths"].reshape(-1, 2)
        return cls(Strings(arrays["kw.terms.blob"], arrays["kw.terms.ends"]), given)

    def postings(self, word: str) -> slice | None:
        """The span of ``word``'s postings, or None when no article holds it."""
        import bisect

        i = bisect.bisect_left(self.terms, word)
        if i >= len(self.terms) or self.terms[i] != word:
            return None
        return slice(int(self.term_ends[i - 1]) if i else 0, int(self.term_ends[i]))

    def postings_as_asked(self, word: str, acronyms: frozenset = frozenset(),
                          spellings: dict | None = None) -> slice | np.ndarray | None:
        """``word``'s postings (a span), or, for one of ``acronyms``, those written in
        capitals (indices); for a name written with "&" (``words`` gives "at&t"), the
        postings of its first part that its other parts follow word by word; with those of
        its other spellings (``spellings``, from ``spellings()``: "labor" for "labour").
        None when no article holds it so."""
        if "&" in word and len(word) > 1:
            return self._joined(word, acronyms)
        span = self.postings(word)
        if span is not None and word in acronyms:
            return self._capitals_of(span)
        others = [s for other in (spellings or {}).get(word, ())
                  # a variant its stemmer cuts shorter ("organize" is "organ") only where
                  # the word as typed is held by none: "organ donors" answer no "organise"
                  if len(other) >= len(word) - 1 or span is None
                  if (s := self._joined(other, frozenset()) if "&" in other
                      else self.postings(other)) is not None]
        if not others:
            return span
        return np.unique(np.concatenate([np.arange(s.start, s.stop) if isinstance(s, slice)
                                         else s for s in [span, *others] if s is not None]))

    def _apart(self, word: str) -> list[str]:
        """``word`` cut in two words that some article holds, each as a name written with
        "&" is ("openai": "open&ai"), to be found where they stand one after the other."""
        return [f"{word[:cut]}&{word[cut:]}" for cut in range(2, len(word) - 1)
                if self.postings(word[:cut]) is not None
                and self.postings(word[cut:]) is not None]

    def spellings(self, query: str) -> dict[str, tuple[str, ...]]:
        """Each stemmed word of ``query`` -> the stems whose postings count as its own: its
        other spellings (British or American, related.spellings: "labour shortage" finds
        AP's "labor shortage", "center" the BBC's "centre"), and two neighbouring words
        an article writes as one ("Open AI" is held by "OpenAI"). Kept for the last query
        (resolving and ranking one query ask for it three times, as typed or as words:
        it is kept by the words, plain_query's)."""
        query = plain_query(query)
        if self._spelled is None or self._spelled[0] != query:
            self._spelled = (query, self._spellings(query))
        return self._spelled[1]

    def _spellings(self, query: str) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        db = sqlite3.connect(":memory:")
        try:
            stems = tokens(_AMPERSAND_NAME.sub(" ", query), db)
            for a, b in itertools.pairwise(stems):
                # a letter is no word of its own ("a part" is no "apart"), nor are two
                # stop words ("be at"); "lock down" is "lockdown", "set up" "setup"
                if (len(a) > 1 and len(b) > 1 and a.isalpha() and b.isalpha()
                        and not {a, b} <= ENGLISH_STOP_WORDS
                        and self.postings(a + b) is not None):
                    for w in (a, b):
                        out[w] = (*out.get(w, ()), a + b)
            # ... and one word written as two: a name typed in camel case ("OpenAI",
            # "ChatGPT", "AirPods"), or any word no article holds as one
            camel = {t for w in _CAMEL.findall(query) for t in tokens(w, db)}
            for w in self.words(query):
                if ("&" not in w and (w in camel or self.postings(w) is None)
                        and (apart := self._apart(w))):
                    out[w] = (*out.get(w, ()), *apart)
            # ... and a word and a figure, written together in one headline and apart in
            # another ("iPhone16", "iPhone 16"): each spelling finds the other ("iPhone 16"
            # found nothing where Chinese headlines wrote 苹果iPhone16降价)
            for m in _WORD_FIGURE.finditer(query):
                letters, gap, figure = m.groups()
                own, joined = tokens(letters, db), tokens(letters + figure, db)
                if len(own) != 1 or len(joined) != 1 or _CJK_ANY.search(letters):
                    continue
                if gap:
                    if self.postings(joined[0]) is not None:
                        for w in (own[0], figure):
                            out[w] = (*out.get(w, ()), joined[0])
                elif self.postings(own[0]) is not None and self.postings(figure) is not None:
                    out[joined[0]] = (*out.get(joined[0], ()), f"{own[0]}&{figure}")
            # ... and a word of Thai, Lao, Myanmar or Khmer inside a longer one of the
            # index: ICU cuts a run by its context, and keeps ນະຄອນຫຼວງວຽງຈັນ (Vientiane
            # Capital) one word in a headline, so ວຽງຈັນ found nothing
            for w in self.words(query):
                if (inside := self._inside(w)):
                    out[w] = (*out.get(w, ()), *inside)
            for word in re.findall(r"[^\W\d_]{4,}", query):
                others = variants(word.casefold())
                if not others:
                    continue
                own = tokens(word, db)
                if len(own) != 1:
                    continue
                stems = [t for other in others for t in tokens(other, db)[:1] if t != own[0]]
                if stems:
                    out[own[0]] = (*out.get(own[0], ()), *stems)
        finally:
            db.close()
        return out

    def _inside(self, word: str) -> list[str]:
        """The words of the index that hold ``word``, one of Thai, Lao, Myanmar or Khmer
        (its script's block), where it starts and ends a syllable: never before a vowel
        or tone mark written after a consonant (Thai ุ, ำ), nor after a vowel written
        before its consonant (Thai เ, Lao ເ).
        None of them for another word, or one that some article holds as itself."""
        block = next(((lo, hi) for lo, hi in _UNSPACED_BLOCKS if lo <= word[:1] <= hi), None)
        if (block is None or len(word) < 2 or any(not block[0] <= c <= block[1] for c in word)
                or self.postings(word) is not None):
            return []
        out = []
        for i in range(bisect.bisect_left(self.terms, block[0]),
                       bisect.bisect_right(self.terms, block[1] + "\U0010ffff")):
            term = self.terms[i]
            at = term.find(word, 0)
            while at >= 0:
                end = at + len(word)
                if ((end == len(term) or not (unicodedata.category(term[end]).startswith("M")
                                              or term[end] in _VOWELS_AFTER))
                        and (at == 0 or term[at - 1] not in _VOWELS_BEFORE)):
                    out.append(term)
                    break
                at = term.find(word, at + 1)
        return out

    def _capitals_of(self, span: slice) -> np.ndarray | None:
        """The postings of ``span`` written in capitals (indices), or None when none is."""
        lo, hi = np.searchsorted(self.post_caps, [span.start, span.stop]).tolist()
        return self.post_caps[lo:hi] if hi > lo else None

    def _joined(self, word: str, acronyms: frozenset) -> np.ndarray | None:
        """The postings of the name ``word`` ("at&t": at, then t at the next place of the
        same field), its parts typed in capitals found only in capitals (``acronyms``
        holds "at&t[0]" for AT): "AT&T" was the words at and t, and answered L&T's
        results (the T of L&T, "at ₹3,223 crore")."""
        found = None
        for k, part in enumerate(word.split("&")):
            span = self.postings(part)
            if span is not None and f"{word}[{k}]" in acronyms:
                span = self._capitals_of(span)
            if span is None:
                return None
            at = np.arange(span.start, span.stop) if isinstance(span, slice) else span
            if found is None:
                found = at
                continue
            found = found[np.isin(self._place(found) + k, self._place(at))]
            if not len(found):
                return None
        return found

    def _place(self, postings: np.ndarray) -> np.ndarray:
        """Each posting's article, field and place in it, as one number."""
        return (((self.post_doc[postings].astype(np.int64) * 2 + self.post_field[postings])
                 << 32) + self.post_pos[postings])

    def acronyms(self, query: str) -> frozenset:
        """The stems of the query's acronyms that are everyday words too: a word typed in
        capitals ("WHO", "US", "IT") whose lower case is a stop word, when the query is no
        shout (it has a lower-case letter, or is one word). Only an article writing it in
        capitals holds it: "WHO" answered "Who will replace Biden?", "US" "Tell us: ...",
        and "IT" every excerpt saying "its" (stemmed "it")."""
        query = plain_query(query)
        if not any(c.islower() for c in query) and len(_QUERY_WORDS.findall(query)) > 1:
            return frozenset()
        # The parts of a name written with "&" typed in capitals, two letters or more ("AT"
        # of AT&T), are found only in capitals, as "at&t[0]" (see _joined).
        joined = {f"{_joined_key(name)}[{k}]" for name in _AMPERSAND_NAME.findall(query)
                  for k, part in enumerate(_JOIN.split(name))
                  if part.isupper() and len(part) > 1}
        return frozenset(joined) | frozenset(
            stem for w in _CAPITALS.findall(_AMPERSAND_NAME.sub(" ", query))
            if w.casefold() in ENGLISH_STOP_WORDS for stem in tokens(w))

    def words(self, query: str) -> list[str]:
        """The stemmed words of ``query``, a word no article holds that is letters and
        digits run together read as its parts when every part is held ("covid19" as
        "covid", "19": headlines write COVID-19)."""
        out = []
        query = plain_query(query)
        # A name written with "&" (AT&T, L&T, M&M) is one word of the query, its parts run
        # together ("at&t"), held where they stand one after another.
        names = [_joined_key(name) for name in _AMPERSAND_NAME.findall(query)]
        found = tokens(_AMPERSAND_NAME.sub(" ", query))
        found = _meant(found, query)
        for w in found:
            parts = _LETTERS_DIGITS.findall(w)
            if (len(parts) > 1 and self.postings(w) is None
                    and all(self.postings(p) is not None for p in parts)):
                out.extend(parts)
            else:
                out.append(w)
        return names + out

    def common_words(self, query: str) -> list[str]:
        """The query's words left out as function words (QUERY_FUNCTION_WORDS), as typed,
        once each: what the note of a keyword query says it did not look for."""
        query = plain_query(query)
        found = tokens(_AMPERSAND_NAME.sub(" ", query))
        kept = set(_meant(found, query))
        spelled = as_written(query)
        return list(dict.fromkeys(spelled.get(w, w) for w in found if w not in kept))

    def holding_all(self, query: str) -> int:
        """How many articles hold every word of ``query`` (0 when one is held by none)."""
        held = None
        acronyms, spellings = self.acronyms(query), self.spellings(query)
        for w in dict.fromkeys(self.words(query)):
            span = self.postings_as_asked(w, acronyms, spellings)
            if span is None:
                return 0
            docs = np.unique(self.post_doc[span])
            held = docs if held is None else np.intersect1d(held, docs, assume_unique=True)
        return 0 if held is None else len(held)

    def known(self, query: str) -> list[str]:
        """The query's stemmed words that some article holds, in order, once each."""
        acronyms, spellings = self.acronyms(query), self.spellings(query)
        return [w for w in dict.fromkeys(self.words(query))
                if self.postings_as_asked(w, acronyms, spellings) is not None]

    def match(self, query: str, centrality: np.ndarray) -> Match:
        """Every article holding a word of ``query``, with its features (each 0..1);
        coverage weighs every word of the query, held by some article or not."""
        left_out = _left_out(query)
        typed, query = query, plain_query(query)  # reasons say words as typed ("McDonald's")
        asked = list(dict.fromkeys(self.words(query)))  # the query's words, once each
        groups = _alternatives(typed, asked)
        acronyms, spellings = self.acronyms(query), self.spellings(query)
        spans = {w: s for w in asked
                 if (s := self.postings_as_asked(w, acronyms, spellings)) is not None}
        words = list(spans)
        if not words:
            return Match([], np.zeros(0, dtype=np.int64), {k: np.zeros(0) for k in FEATURES},
                         Held([], np.zeros((0, 0), dtype=bool)))
        idf = {}
        tf = {}
        for w, s in spans.items():
            docs = self.post_doc[s]
            df = len(np.unique(docs))
            idf[w] = math.log(1.0 + (self.n - df + 0.5) / (df + 0.5))
            tf[w] = np.zeros((self.n, 2))
            np.add.at(tf[w], (docs, self.post_field[s].astype(np.int64)), 1)
        norm = 1 - B + B * self.lengths / np.maximum(self.average, 1e-9)
        holds = np.zeros((len(words), self.n), dtype=bool)
        in_title = np.zeros((len(words), self.n), dtype=bool)
        saturated = np.zeros((len(words), self.n))
        for k, w in enumerate(words):
            weighted = TITLE_WEIGHT * tf[w][:, 0] / norm[:, 0] + tf[w][:, 1] / norm[:, 1]
            saturated[k] = weighted * (K1 + 1) / (weighted + K1)
            holds[k] = tf[w].sum(axis=1) > 0
            in_title[k] = tf[w][:, 0] > 0
        weights = np.array([idf[w] for w in words])
        for w in left_out:  # NOT: the articles holding the word or phrase are no answers
            span = self.postings_as_asked(w)
            if span is not None:
                holds[:, self.post_doc[span]] = False
        # What an answer must hold, each a word or a run of alternatives joined by OR (any
        # one will do: the run weighs as its rarest word some article holds, and is held
        # by an article holding any of them, as its best). An article holding "wildfire"
        # of "earthquake OR wildfire" scored 0.19-0.53 and was said to lack earthquake.
        at = {w: k for k, w in enumerate(words)}
        runs = [[at[w] for w in g if w in at] for g in groups]
        grouped = {k for run in runs for k in run}
        units = [[k] for k in range(len(words)) if k not in grouped] + [r for r in runs if r]
        unit_weights = np.array([weights[u].max() for u in units])
        unit_holds = np.array([holds[u].any(axis=0) for u in units])
        unit_title = np.array([in_title[u].any(axis=0) for u in units])
        bm25 = unit_weights @ np.array([(saturated[u] * holds[u]).max(axis=0) for u in units])
        # A name the query gives that no article holds is the rarest of all (df 0): an
        # answer is missing it, so coverage counts it ("Roy Horn of Siegfried and Roy dies"
        # where no article names Horn or Siegfried covers little of the query, whatever
        # else it holds). An everyday word no article happens to hold ("price", "earnings",
        # "reaction": reports say "$899", "results") weighs as the query's most common
        # word held: "Aurora X price" answered nothing though every Aurora X article held
        # the subject.
        written = as_written(typed)
        # A capital marks a name only where it is no style's: not in a Title Case
        # headline ("New York State Dems File Appeal ...": Dems is an everyday word), nor
        # on a sentence's first word (the query's, unless capitals or figures elsewhere
        # make it a headline of names, or one after a colon: "Murder hornets: Bug experts
        # say ..."). "Bug" and "Dems" weighed as every word held together, and the query
        # answered nothing, where "bug" and "dems" answered the story.
        unheld = [w for w in asked if w not in spans]
        names: set[str] = set()
        if not _title_case(query):
            openings = [m.group(1) for m in _OPENING.finditer(query)]
            first = set(tokens(openings[0])) if openings else set()
            later = {t for w in openings[1:] for t in tokens(w)} - first
            headline = _headline_query(query)
            names = {w for w in unheld
                     if _is_name(written.get(w, w), first=w in first or w in later,
                                 headline=headline and w not in later)}
        rarest = math.log(1.0 + (self.n + 0.5) / 0.5)
        common = float(weights.min()) if len(weights) else rarest
        # A missing name weighs at least as much as every word held together: the name is
        # what a query is about, and "Hurricane Milton makes landfall near Tampa as a
        # Category 4 storm" answered Delphine's landfall at 0.84, holding all but Milton.
        missing_name = max(rarest, float(unit_weights.sum()))
        # An alternative of OR that none holds is one not taken: it costs nothing.
        alternative = {w for g in groups for w in g}
        total = (unit_weights.sum() + sum(
            missing_name if w in names else common for w in unheld
            if w not in alternative)) or 1.0
        rows = np.flatnonzero(holds.any(axis=0))
        coverage = unit_weights @ unit_holds[:, rows] / total
        title_coverage = unit_weights @ unit_title[:, rows] / total
        # BM25 as a share of the most the query's words could give (each saturated), not of
        # the best answer found: a query whose rarest words no article holds scores low.
        features = {"bm25": bm25[rows] / (total * (K1 + 1)), "coverage": coverage,
                    "title_coverage": title_coverage,
                    # how close the words an answer must hold stand (alternatives of
                    # OR are never side by side in an answer)
                    "proximity": self._proximity(
                        [words[u[0]] for u in units if len(u) == 1],
                        [weights[u[0]] for u in units if len(u) == 1], spans, rows,
                        bm25[rows] * coverage),
                    "centrality": centrality[rows]}
        return Match(words, rows, features, Held(words, holds[:, rows]), written, asked,
                     groups)

    def _proximity(self, words, weights, spans, rows, rough) -> np.ndarray:
        """For the PROXIMITY_DEPTH best ``rows`` by ``rough``: how close each pair of
        neighbouring query words stands in one field (1 when adjacent), weighted by the
        rarer word's weight; 0 for the rest and for one-word queries."""
        out = np.zeros(len(rows))
        if len(words) < 2:
            return out
        top = np.argsort(-rough, kind="stable")[:PROXIMITY_DEPTH]
        wanted = set(rows[top].tolist())
        where: dict = {}
        for k, w in enumerate(words):
            s = spans[w]
            for d, f, p in zip(self.post_doc[s].tolist(), self.post_field[s].tolist(),
                               self.post_pos[s].tolist(), strict=True):
                if d in wanted:
                    where.setdefault((d, k, f), []).append(p)
        pair_weight = [min(weights[k], weights[k + 1]) for k in range(len(words) - 1)]
        total = sum(pair_weight) or 1.0
        for at in top:
            d = int(rows[at])
            score = 0.0
            for k in range(len(words) - 1):
                gaps = [abs(a - b) for f in (0, 1) for a in where.get((d, k, f), ())
                        for b in where.get((d, k + 1, f), ())]
                if gaps:
                    score += pair_weight[k] / max(1, min(gaps))
            out[at] = score / total
        return out


def probability(features: dict, model: dict | None = None) -> np.ndarray:
    """The calibrated score: the probability a reader would call the answer relevant."""
    model = MODEL if model is None else model
    z = model["intercept"] + sum(model[k] * features[k] for k in FEATURES)
    return 1.0 / (1.0 + np.exp(-z))
