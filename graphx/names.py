"""Proper names in titles and excerpts, learned from how the corpus itself capitalises words.

A word is a name when the corpus writes it capitalised in the middle of sentence-case text
("in Oregon", "at Tyson"), and not when it is capitalised only by headline style ("Trump
Says Will Keep Task Force"). Consecutive names read as one ("North Carolina", "Gov. Greg
Abbott" -> "greg abbott"). Two articles *share a name* when a name of one is the other's,
or starts or ends it ("Oregon" and "Oregon Health Authority"), so "North Carolina" and
"South Carolina" share none. Story evidence (graphx.analysis) and labels (graphx.labels)
read names from here.
"""

from __future__ import annotations

import html
import re
import weakref
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from . import model

#: Capitalised words that name no story: dates, the disease every article is about, titles,
#: and the currencies and measures of results headlines ("Infosys Q2 results: PAT rises 9%
#: to Rs 6,900 crore" and Wipro's "... Rs 3,100 crore" shared no name, yet were one story).
NOT_NAMES = frozenset((
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december covid coronavirus corona "
    "sars cov ncov pandemic gov lt st sen rep dr mr mrs ms jr "
    "rs inr usd eur gbp jpy cny aud cad chf yoy qoq mom ytd fy pat ebit ebitda eps nii npa"
).split())
#: Words that are no name on their own even where the corpus never writes them mid-sentence
#: (a small folder's excerpts): English function words (question words, auxiliaries,
#: pronouns, determiners, conjunctions, prepositions) and the words of a headline's frame
#: ("says", "new"; "New York" is still one name where the corpus writes it so). Capitalised
#: by a headline, "Do", "New" and "Says Maybe" of "Do Octopuses Dream? A New Study Says
#: Maybe" and "What" of "... recall: What parents need to know" were read as names, so no
#: other report of the story shared the article's names and it was kept out of its story.
#: Written in capitals ("US", "WHO") such a word is still an acronym.
NOT_NAMES_ALONE = frozenset((
    "a an the and or but nor so yet if when where why how what which who whom whose whether "
    "while do does did is are was were be been being am have has had can could will would "
    "shall should might must not no this that these those it its me my we our you your he "
    "him his she her they them their there here all any each every some many much more most "
    "few other another such both either neither after before about above across against "
    "along among around at by for from in into of off on onto out over through to toward "
    "towards under until up upon via with within without as than then thus also again ever "
    "never always often once only even still too very during despite since because although "
    "though unless whereas inside outside near behind beyond between beside below beneath "
    "amid per maybe perhaps new says say said"
).split())
#: One country, city or body under several names: each name (as names() folds it) -> the
#: one it is read as. "UK" and "Britain", "Kyiv" and "Kiev", "Türkiye" and "Turkey" headed
#: coverage of one story that names_agree (graphx.roundups) then kept apart. English names
#: and the exonyms of the languages graphx reads news in; no adjectives ("British").
_ALIASES = {
    "uk": "britain; great britain; united kingdom; großbritannien; royaume uni; reino unido; "
          "regno unito; vereinigtes königreich",
    "us": "usa; united states; united states of america; ee uu; eeuu; etats unis; "
          "états unis; estados unidos; stati uniti; vereinigte staaten",
    "eu": "european union; europäische union; union européenne; unión europea; unione europea",
    "un": "united nations; vereinte nationen; nations unies; naciones unidas; nazioni unite",
    "who": "world health organization; world health organisation",
    "uae": "united arab emirates",
    "turkey": "türkiye; turkiye; türkei; turquie; turquía; turchia",
    "kyiv": "kiev; kiew; kyjiw; kiyv",
    "czechia": "czech republic; tschechien; tchéquie",
    "myanmar": "burma",
    "netherlands": "holland; niederlande; pays bas; países bajos; paesi bassi",
    "germany": "deutschland; allemagne; alemania; germania",
    "france": "frankreich; francia",
    "spain": "españa; espana; spanien; espagne; spagna",
    "italy": "italia; italien; italie",
    "russia": "russland; russie; rusia",
    "china": "chine; cina",
    "japan": "japon; japón; giappone",
    "greece": "griechenland; grèce; grecia",
    "switzerland": "schweiz; suisse; svizzera; suiza",
    "austria": "österreich; autriche",
    "poland": "polen; pologne; polonia",
    "belgium": "belgien; belgique; bélgica; belgio",
    "sweden": "schweden; suède; suecia; svezia",
    "norway": "norwegen; norvège; noruega; norvegia",
    "denmark": "dänemark; danemark; dinamarca; danimarca",
    "moscow": "moskau; moscou; moscú; mosca",
    "warsaw": "warschau; varsovie; varsovia; varsavia",
    "vienna": "wien; vienne; viena",
    "munich": "münchen; muenchen; monaco di baviera",
    "cologne": "köln; koeln",
    "rome": "roma; rom",
    "milan": "milano; mailand",
    "venice": "venezia; venedig; venise; venecia",
    "florence": "firenze; florenz",
    "naples": "napoli; neapel; nápoles",
    "turin": "torino",
    "lisbon": "lisboa; lissabon; lisbonne",
    "prague": "praha; prag",
    "brussels": "bruxelles; brüssel; bruselas",
    "copenhagen": "københavn; kopenhagen; copenhague",
    "athens": "athen; athènes; atenas; atene",
    "geneva": "genf; genève; ginevra; ginebra",
    "beijing": "peking; pékin; pekín; pechino",
    "london": "londres; londra",
}
ALIASES = {tuple(other.split()): (name,) for name, others in _ALIASES.items()
           for other in others.split("; ")}

#: A word written capitalised at least this share of the times it is seen mid-sentence is a name.
NAME_SHARE = 0.7
#: Most words of one name (longer runs are headline style, not a name).
MAX_RUN = 4
#: Excerpts read at most to fit the casing statistics (see name_finder).
FIT_EXCERPTS = 20_000

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
#: A word: letters, with an apostrophe ("McDonald's") or an ampersand between letters
#: ("L&T", "M&M", "AT&T": two companies' results shared no name without it).
_WORD = r"(?:[^\W\d_]|&(?=[^\W\d_]))+(?:'[^\W\d_]+)*"
# Runs of capitalised words; those right after a lowercase word or a comma are mid-sentence.
_RUN = re.compile(rf"(?<![\w'])[{_UPPER}](?:{_WORD})?(?: [{_UPPER}](?:{_WORD})?)*")
_MID_RUN = re.compile(rf"(?<=[a-z\u00df-\u00ff,]) {_RUN.pattern}")
_LOWER = re.compile(rf"(?<![\w'])[a-z\u00df-\u00ff](?:{_WORD})?")
_LONG = re.compile(r"(?<![\w'])[^\W\d_]{4,}")
_INITIALS = re.compile(r"\b([A-Z])\.([A-Z])\.")
# "St. Louis", "Mt. Everest", "Ft. Worth": the abbreviation's point ends no name.
PLACE_ABBREVIATIONS = ("St", "Ste", "Mt", "Ft")
_PLACE_ABBREVIATION = re.compile(rf"\b({'|'.join(PLACE_ABBREVIATIONS)})\. (?=[{_UPPER}])")
# Two capitalised words joined by "of" mid-sentence ("the Isle of Wight", "at the Bank of
# England"): one name when the corpus writes them so (NameFinder.joined_by_of).
_OF_PAIR = re.compile(rf"(?<=[a-z\u00df-\u00ff,]) ([{_UPPER}]{_WORD}) of (?=([{_UPPER}]{_WORD}))")

# A name written with a number right after it ("Category 4", "Pixel 10", "Phase 2"): the
# number is the name's last word. "Category 4" and Felix's "Category 2" are no name two
# reports share, and so no reason to read Florida's Delphine and Mexico's Felix as one
# storm; "Pixel 10" still shares "Pixel" (a name's start) with a headline naming no model.
# A count ("Florida 1,000 cases"), a share ("Apple 13%") or a decimal is no part of a name.
_NUMBERED = re.compile(r" (\d{1,4})(?![\w%]|[.,]\d)")

Name = tuple[str, ...]


def _clean(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\u2019", "'")
    if "." in text:
        text = _PLACE_ABBREVIATION.sub(r"\1 ", _INITIALS.sub(r"\1\2", text))
    return text


def fold_word(word: str) -> str:
    """A word of a name as names are compared: casefolded, a possessive's "'s" off
    ("Leeds's" -> "leeds"; a typographic apostrophe is made "'" before, as _clean does)."""
    word = word.casefold()
    return word[:-2] if word.endswith("'s") else word


def _headline_case(text: str) -> bool:
    """Most longer words capitalised: the capitals are the style, not names."""
    long = _LONG.findall(text)
    return bool(long) and sum(w[0].isupper() for w in long) > 0.6 * len(long)


class NameFinder:
    """Names of texts, by casing statistics fitted on ``titles`` and ``prose`` (excerpts:
    sentence case, where headline-style titles are left out)."""

    def __init__(self, titles: Iterable[str], prose: Iterable[str] = ()) -> None:
        # One pass of each pattern over all the prose (a newline never matches a space).
        block = _clean("\n".join([*(t for t in titles if not _headline_case(t)), *prose]))
        runs = [run.split() for run in _MID_RUN.findall(block)]
        upper = Counter(w for words in runs for w in words)
        pairs = Counter((a, b) for words in runs if len(words) > 1
                        for a, b in zip(words, words[1:], strict=False))
        self.pairs: Counter = Counter()  # ("new", "york"): both capitalised mid-sentence
        for (a, b), n in pairs.items():
            self.pairs[fold_word(a), fold_word(b)] += n
        #: ("isle", "wight"): written "Isle of Wight" mid-sentence
        self.of_pairs = Counter((fold_word(a), fold_word(b)) for a, b in _OF_PAIR.findall(block))
        upper = Counter({w: n for w, n in upper.items() if not w.isupper()})
        lower = Counter(_LOWER.findall(block))
        self.upper: Counter = Counter()
        self.lower: Counter = Counter()
        for counts, into in ((upper, self.upper), (lower, self.lower)):
            for word, n in counts.items():
                into[fold_word(word)] += n
        self._known: dict[str, bool] = {}

    def is_name(self, word: str) -> bool:
        """Whether ``word``, as written, is (part of) a proper name."""
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self._is_name(word)
        return known

    def _is_name(self, word: str) -> bool:
        if not word[0].isupper():
            return False
        folded = fold_word(word)
        if folded in NOT_NAMES or len(folded) < 2:
            return False
        if word.isupper() and len(word) <= 5:  # an acronym: US, FDA, NHL
            return True
        up, low = self.upper.get(folded, 0), self.lower.get(folded, 0)
        if up + low == 0:  # never seen mid-sentence: a name, unless a function word
            return folded not in NOT_NAMES_ALONE
        return up >= NAME_SHARE * (up + low)

    def leads(self, word: str, following: str) -> bool:
        """Whether ``word`` starts a name with ``following`` though it is no name alone:
        the corpus capitalises the pair mid-sentence ("New York", "White House")."""
        return (word[:1].isupper() and following[:1].isupper()
                and self.pairs.get((fold_word(word), fold_word(following)), 0) >= 2)

    def joined_by_of(self, word: str, following: str) -> bool:
        """Whether ``word`` of ``following`` is one name: the corpus writes it so
        mid-sentence ("Isle of Wight", "Bank of England")."""
        return (word[:1].isupper() and following[:1].isupper()
                and self.of_pairs.get((fold_word(word), fold_word(following)), 0) >= 2)

    def names(self, text: str, canon: dict | None = None) -> frozenset[Name]:
        """The names of ``text``: runs of consecutive name words, casefolded.

        ``canon`` (a dict kept by the caller) makes equal names and sets of names one object
        (see graphx.model.canonical).
        """
        found = set()
        pairs = self.pairs
        text = _clean(text)
        for match in _RUN.finditer(text):
            words = match.group().split()
            folded = [fold_word(w) for w in words]
            run: list[str] = []
            for k, w in enumerate(words):
                f = folded[k]
                # Every word of a run is capitalised: leads() needs only the pair's count.
                if f not in NOT_NAMES and (
                        (run and pairs.get((run[-1], f), 0) >= 2) or self.is_name(w)
                        or (k + 1 < len(words) and pairs.get((f, folded[k + 1]), 0) >= 2)):
                    run.append(f)
                    continue
                if 0 < len(run) <= MAX_RUN:
                    found.add(tuple(run))
                run = []
            if 0 < len(run) <= MAX_RUN:
                number = _NUMBERED.match(text, match.end())
                found.add(tuple(run) + ((number.group(1),) if number else ()))
        found = {ALIASES.get(name, name) for name in found}
        if canon is None:
            return frozenset(found)
        names = []
        for name in found:
            same = canon.get(name)
            if same is None:  # a new name, of words that may be known
                same = canon[name] = tuple(model.canonical(word, canon) for word in name)
            names.append(same)
        return model.canonical(frozenset(names), canon)


def name_keys(names: Iterable[Name]) -> frozenset[Name]:
    """Each name with its starts and ends: what another article's name may equal to match."""
    keys = set(names)
    for name in names:
        for k in range(1, len(name)):
            keys.add(name[:k])
            keys.add(name[-k:])
        if len(name) > 1:  # "HCL Tech" is "HCLTech", "Coca Cola" "CocaCola"
            keys.add(("".join(name),))
    return frozenset(keys)


def share_a_name(names_a: frozenset[Name], names_b: frozenset[Name],
                 keys: dict[Name, frozenset[Name]] | None = None) -> bool:
    """Whether a name of one article equals a name of the other, or starts or ends it.

    ``keys`` (a dict kept by the caller) holds each name's name_keys once made: articles
    keep their names only, not a set of every start and end (gigabytes at a million).
    """
    if not names_a.isdisjoint(names_b):
        return True
    if keys is None:
        keys = {}
    for ours, theirs in ((names_a, names_b), (names_b, names_a)):
        for name in ours:
            found = keys.get(name)
            if found is None:
                found = keys[name] = name_keys((name,))
            if not found.isdisjoint(theirs):
                return True
    return False


_FINDERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def name_finder(G: nx.MultiDiGraph) -> NameFinder:
    """The NameFinder of G's article titles and excerpts, fitted once per graph and articles."""
    articles = model.articles(G)
    known = _FINDERS.get(G)
    if known is None or known[0] != articles:
        nodes = G.nodes
        # Casing statistics settle long before 20,000 excerpts: a large corpus lends every
        # k-th one, so fitting stays cheap however many articles there are.
        step = max(1, len(articles) // FIT_EXCERPTS)
        finder = NameFinder((nodes[a].get("title") or "" for a in articles),
                            (nodes[a].get("excerpt") or "" for a in articles[::step]))
        known = _FINDERS[G] = (articles, finder)
    return known[1]
