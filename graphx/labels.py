"""Cluster labels a person can read: a cluster's most distinctive title words and its topic.

A word makes a label when the cluster's titles use it much more than the corpus does
(a TF-IDF-like score over title document frequencies); names (graphx.names) weigh more
and come first. Stop words, press boilerplate, filler words ("did", "new", "months"),
numbers, provider names and words that are everywhere in the corpus never make one. Two
clusters never share a label: the later one gains a word, or its first day.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

import networkx as nx

from .model import articles, canonical, split_list
from .names import NOT_NAMES, PLACE_ABBREVIATIONS, name_finder
from .similar import NEWS_STOP_WORDS
from .words import (
    ENGLISH_STOP_WORDS,
    FUNCTION_WORDS_ELSEWHERE,
    FUNCTION_WORDS_UNSPACED,
    MARK,
    is_unspaced,
    unspaced_words,
)

#: Words of titles that name no story (besides similar.NEWS_STOP_WORDS, news boilerplate):
#: verbs, quantities and time words a label must never be made of.
FILLER = frozenset((
    "new", "more", "most", "less", "first", "last", "next", "former", "time", "month",
    "months", "year", "years", "hours", "tonight", "now", "still", "also", "again", "already",
    "soon", "yet", "ever", "far", "did", "does", "doing", "done", "get", "gets", "got",
    "getting", "make", "makes", "made", "making", "take", "takes", "took", "taking", "give",
    "gives", "gave", "giving", "goes", "going", "gone", "come", "comes", "came", "coming",
    "see", "sees", "seen", "want", "wants", "need", "needs", "may", "might", "could", "would",
    "should", "will", "can", "cannot", "must", "after", "before", "despite", "during", "back",
    "way", "ways", "thing", "lot", "lots", "big", "small", "good", "bad", "high", "low", "top",
    "major", "key", "help", "helps", "set", "sets", "look", "looks", "looking", "think",
    "find", "found", "use", "used", "using", "put", "puts", "keep", "keeps", "kept", "let",
    "lets", "show", "shows", "shown", "plan", "plans", "calls", "call", "called", "asks",
    "asked", "announces", "announced", "people", "person", "officials", "official", "state",
    "states", "city", "local", "due", "near", "nearly", "across", "around", "many", "much",
    "some", "every", "another", "other", "others", "several", "own", "one", "two", "three",
    "four", "five", "six", "seven", "eight", "nine", "ten", "million", "billion", "percent",
    "number", "numbers", "total", "additional", "pandemic", "virus", "crisis", "covid",
    "coronavirus", "sars", "cov", "impact", "what", "why", "how", "who", "where", "when",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "continues", "continue", "continued", "continuing", "aged",
    "says", "said", "amid", "latest", "update", "updates", "explainer", "factbox", "analysis",
    "insight", "exclusive", "breakingviews",
    # the measures and currencies of results headlines (graphx.names.NOT_NAMES)
    "pat", "yoy", "qoq", "ebitda", "ebit", "eps", "crore", "crores", "lakh", "rs", "inr",
))

#: The same for titles in German, French, Spanish, Italian, Portuguese and Dutch: their
#: function words, months and days ("Bundesliga · Geisterspiele · Mai · Die" was a label).
#: Words that begin place names are left out ("Los", "Las", "El", "La", "Del", "San"), and
#: so are those that are English words too (AMBIGUOUS_ELSEWHERE: "die", "war", "plug-ins"),
#: which are filler only in a title that reads as another language (two words of this list
#: or of graphx.words.FUNCTION_WORDS_ELSEWHERE, whose "las", "los" and "del" are filler there).
FILLER_ELSEWHERE = frozenset("""
    der das den dem des ein eine einen einem einer eines und oder aber nicht ist sind
    wird werden wurde wieder noch nach mit für auf aus bei vom zum zur beim dass sich
    auch wie wenn über unter gegen ohne durch jetzt heute schon mehr neue neuen neuer erste
    ersten jahr jahre uhr bis seit januar februar märz mai juni juli oktober dezember
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    les une dans pour avec sur sont est aux qui que pas plus mais cette ces leur leurs
    après avant contre entre chez selon sans sous nouveau nouvelle nouveaux encore déjà
    aussi janvier février avril juin juillet août septembre octobre novembre décembre
    lundi mardi mercredi jeudi vendredi samedi dimanche
    una unos unas por para sobre desde hasta según pero como más muy también este esta
    estos estas ese esa fue está están ser nuevo nueva nuevos mayo junio julio enero
    febrero marzo abril agosto septiembre octubre noviembre diciembre lunes martes
    miércoles jueves viernes sábado domingo
    della delle degli dello nella nelle negli alla alle agli dal dalla sono anche dopo
    ancora oggi maggio giugno luglio gennaio febbraio aprile settembre ottobre dicembre
    lunedì martedì mercoledì giovedì venerdì sabato domenica nuovo nuova nuovi nuove gli
    che non più tra fra
    uma não são após pelo pela pelos pelas nos nas dos das maio junho julho janeiro
    fevereiro março setembro outubro novembro dezembro novo ainda já nesta neste desta
    deste feira segunda terça quarta quinta sexta sábado
    het een niet ook voor naar maar nog weer bij zijn werd wordt worden meer tegen mei
    januari februari maart augustus
""".split())

AMBIGUOUS_ELSEWHERE = frozenset("die ins war man son hay sin con mars".split())

#: Topics (and title words) on more than this share of the articles are everywhere.
EVERYWHERE = 0.5
#: A title word in more than this share of titles is everywhere too, once the corpus is
#: big enough (MIN_CORPUS articles) for a share to mean something.
EVERYWHERE_WORD = 0.2
MIN_CORPUS = 100
#: Most words a label holds (words side by side in the titles count as one term).
MAX_WORDS = 6

#: A word; between two capitalised parts of a hyphenated name, at most two lower-case ones
#: ("Stoke-on-Trent"): unbounded, a title of "-a-a-a-..." was backtracked through once per
#: word, 75 s of clustering for one file.
_WORD = re.compile(rf"(?:[^\W\d_]|{MARK}|&(?=[^\W\d_]))+(?:'[^\W\d_]+)*"  # marks: Hindi
                   r"(?:(?:-[a-z\u00df-\u00ff]+){0,2}-(?=[A-Z\u00c0-\u00de])[^\W\d_]+)*"
                   # a name of two capitalised words joined by " & " ("Johnson & Johnson",
                   # "Marks & Spencer"): one, where it was "Johnson" and "Marks Spencer"
                   r"(?:(?<=[A-Za-z\u00c0-\u00ff]) & (?=[A-Z\u00c0-\u00de])[^\W\d_]+)?")
#: What a capitalised word before a hyphen is when it is no name's part ("Ex-Australian
#: prime minister", "Re-Opening").
_PREFIXES = frozenset({"anti", "co", "cross", "ex", "inter", "mid", "multi", "non", "over",
                       "post", "pre", "pro", "re", "self", "semi", "sub", "super", "under"})


def _word_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) of each word of ``text``. Capitalised words joined by a hyphen
    are one ("Paris Saint-Germain", "Coca-Cola", "US-China"), with lower-case words
    between them too ("Stoke-on-Trent", "Aix-en-Provence"), as a reader reads them;
    other hyphens part words, and so do a prefix ("Ex-Australian") and a shouted
    section name ("MARKETS-Asia")."""
    for m in _WORD.finditer(text):
        w = m.group()
        if not w.isascii() and (cut := unspaced_words(w)) != w:  # Thai, Chinese: its words
            at = m.start()
            for part in cut.split():
                start = text.index(part, at)
                yield part, start, start + len(part)
                at = start + len(part)
            continue
        first = w.split("-", 1)[0]
        if "-" not in w or not (first.casefold() in _PREFIXES
                                or (len(first) > 3 and first.isupper() and not w.isupper())):
            yield w, m.start(), m.end()
            continue
        at = m.start()
        for part in w.split("-"):
            yield part, at, at + len(part)
            at += len(part) + 1
# What ends a run of words that can read as one name or phrase: a colon, comma, dash,
# bar, bracket or quote between them ("Burnley: Bruno Fernandes' penalty").
_BREAK = re.compile(r"[:;,|()!?\u2013\u2014\"\u201c\u201d]|\s-\s")
_INITIALS = re.compile(r"\b([A-Z])\.([A-Z])\.")
_ABBREVIATIONS = frozenset(a.casefold() for a in PLACE_ABBREVIATIONS)
_SEPARATORS = re.compile(r"\s+[-|\u2013\u2014]\s+")


#: A name written with "'s" at least this share of the times it is written is "X's".
POSSESSIVE_SHARE = 0.9


def _placed_words(text: str, possessive=frozenset()) -> tuple[list[str], list[int]]:
    """Title text -> its words as written (as _words gives them) and each one's place:
    the next word's place is one more, two more past a break (_BREAK), so words either
    side of one never stand side by side."""
    text = _INITIALS.sub(r"\1\2", text.replace("\u2019", "'"))
    words, places, at, last = [], [], -1, 0
    for w, start, end in _word_spans(text):
        at += 2 if words and _BREAK.search(text, last, start) else 1
        cut = w.lower().endswith("'s") and w[:-2].casefold() not in possessive
        words.append(w[:-2] if cut else w)
        places.append(at)
        last = end
    return words, places


def _words(text: str) -> list[str]:
    """Title text -> its words as written ("U.S." -> "US", "Smithfield's" -> "Smithfield")."""
    text = _INITIALS.sub(r"\1\2", text.replace("\u2019", "'"))
    return [w[:-2] if w.lower().endswith("'s") else w for w, _, _ in _word_spans(text)]


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _words(name))


class TitleVocabulary:
    """What the corpus says a label word must not be, and how common each word is."""

    def __init__(self, G: nx.MultiDiGraph, articles: Sequence[str]) -> None:
        self.stop_words = ENGLISH_STOP_WORDS | FUNCTION_WORDS_UNSPACED
        nodes = G.nodes
        self.names: set[tuple[str, ...]] = set()
        for _, a in G.nodes(data=True):
            if a.get("kind") == "provider":
                names = (a.get("label") or "", *split_list(a.get("names", "")))
                self.names.update(map(_name_words, names))
        self.names.discard(())
        # Lengths of the names of two or more words, by first word, longest first.
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in self.names:
            if len(name) > 1:
                lengths[name[0]].add(len(name))
        self.starts = {word: sorted(sizes, reverse=True) for word, sizes in lengths.items()}
        self._own: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}
        self.finder = name_finder(G)
        self.topics = article_topics(G)
        topic_counts = Counter(t for n in articles for t in self.topics.get(n, ()))
        self.hubs = {t for t, n in topic_counts.items() if n > EVERYWHERE * len(articles)}
        self.banned = set(NEWS_STOP_WORDS | FILLER | FILLER_ELSEWHERE).union(
            *map(_name_words, self.hubs))
        # Names the corpus writes with their "'s" nearly always ("McDonald's"): the "'s" is
        # part of the name, kept (a label said "McDonald", a person's name).
        written: Counter = Counter()
        for n in articles:
            for w, _, _ in _word_spans((nodes[n].get("title") or "").replace("\u2019", "'")):
                if w[:1].isupper():
                    if w.lower().endswith("'s"):
                        written[w[:-2].casefold(), True] += 1
                    else:
                        written[w.casefold(), False] += 1
        self.possessive = {w for (w, s), c in written.items()
                           if s and c >= 2 and c >= POSSESSIVE_SHARE * (c + written[w, False])}
        # Equal words and (word, place) pairs are one object: a copy per title was a
        # gigabyte at a million articles.
        canon: dict = {}
        self.titles = {n: [canonical((canonical(w, canon), at), canon)
                           for w, at in self.title_words(nodes[n])] for n in articles}
        self.df = Counter(
            w for words in self.titles.values() for w in {w.casefold() for w, _ in words}
        )
        self.n = len(articles)
        if self.n >= MIN_CORPUS:
            self.banned.update(w for w, c in self.df.items() if c > EVERYWHERE_WORD * self.n)

    def own_names(self, attrs: dict) -> tuple[tuple[str, ...], ...]:
        """The article's site name and its domain's first label ("reuters", "nytimes")."""
        key = (attrs.get("provider_name") or "", attrs.get("provider") or "")
        if key not in self._own:
            domain = key[1].split(".")
            stem = domain[-2] if len(domain) > 1 else domain[0]
            self._own[key] = tuple({_name_words(key[0]), _name_words(stem)} - {()})
        return self._own[key]

    def title_words(self, attrs: dict) -> list[tuple[str, int]]:
        """An article's title words with their places in the title, less site names and stop words.

        Names of two or more words are removed from every title; one-word names ("Texas",
        "Oil") only from their own provider's titles, where they are the site's name.
        """
        own = self.own_names(attrs)
        title = attrs.get("title") or ""
        parts = _SEPARATORS.split(title)
        tail = _name_words(parts[-1]) if len(parts) > 1 else ()
        if tail and (tail in self.names or tail in own):  # "... - Daily Planet"
            title = title[: title.rfind(parts[-1])]
        words, places = _placed_words(title, self.possessive)
        folded = [w.casefold() for w in words]
        shouting = sum(w.isupper() for w in words) > len(words) / 2
        # "Die Bundesliga kehrt zurück": in a title of another language, "die" is filler.
        # "Aviso rojo en Valencia por la DANA: suspendidas las clases": "las" is filler too.
        elsewhere = sum(f in FILLER_ELSEWHERE or f in FUNCTION_WORDS_ELSEWHERE
                        for f in folded) >= 2
        starts, own_starts = self.starts, {name[0] for name in own}
        keep, i = [], 0
        while i < len(words):
            first = folded[i]
            span = self._name_at(folded, i, own) if first in starts or first in own_starts else 0
            if span:
                i += span
                continue
            end = i
            # A name starts with no stop word (unless the corpus writes the pair as a name
            # mid-sentence: "the Ever Given") and holds no date ("On Thursday" is neither).
            while end + 1 < len(words) and (folded[i] not in self.stop_words or (
                    end == i and len(words[i]) >= 4 and words[i].istitle()
                    and folded[i + 1] not in self.stop_words
                    and self.finder.leads(words[i], words[i + 1]))):
                if places[end + 1] != places[end] + 1:
                    break  # "Burnley: Bruno Fernandes" is no name
                if (folded[end + 1] not in NOT_NAMES
                        and self.finder.leads(words[end], words[end + 1])):
                    end += 1
                elif (end + 2 < len(words) and folded[end + 1] == "of"
                      and places[end + 2] == places[end] + 2
                      and self.finder.joined_by_of(words[end], words[end + 2])):
                    end += 2  # "Isle of Wight"
                else:
                    break
            if end > i:  # "New York", "White House": one name, whatever its words alone are
                name = " ".join(words[i:end + 1])
                if folded[i] in _ABBREVIATIONS and f"{words[i]}. " in title:
                    name = name.replace(" ", ". ", 1)  # "St. Louis", as the title has it
                keep.append((name, places[i]))
                i = end + 1
                continue
            w = words[i]
            acronym = not shouting and 2 <= len(w) <= 5 and w.isupper()
            if (acronym or ((len(w) > 2 or (len(w) == 2 and is_unspaced(w)))  # 東京, คง
                            and folded[i] not in self.stop_words)) and not (
                    elsewhere and (folded[i] in AMBIGUOUS_ELSEWHERE
                                   or folded[i] in FUNCTION_WORDS_ELSEWHERE)):
                keep.append((w, places[i]))
            i += 1
        return keep

    def _name_at(self, folded: list[str], i: int, own: tuple[tuple[str, ...], ...]) -> int:
        """How many words of a provider name start at folded[i] (0: none)."""
        for size in self.starts.get(folded[i], ()):
            if tuple(folded[i : i + size]) in self.names:
                return size
        for name in own:
            if name[0] == folded[i] and tuple(folded[i : i + len(name)]) == name:
                return len(name)
        return 0


def article_topics(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Each tagged article -> the labels of its topic nodes, sorted."""
    topics: dict[str, list[str]] = defaultdict(list)
    for t, kind in G.nodes(data="kind"):
        if kind == "topic":
            for a in G.predecessors(t):
                topics[a].append(G.nodes[t]["label"])
    return {a: sorted(ts) for a, ts in topics.items()}


def _joined(words: list[str]) -> str:
    """A phrase's words as written: a space between two, none between two of a script
    written without one ("น้ำท่วม", "感染拡大")."""
    out = words[0]
    for before, word in itertools.pairwise(words):
        out += word if is_unspaced(before) and is_unspaced(word) else f" {word}"
    return out


def _surface(forms: Counter) -> str:
    """The spelling used most; on a tie the one with fewer capitals, then alphabetical."""
    return min(forms.items(), key=lambda kv: (-kv[1], sum(c.isupper() for c in kv[0]), kv[0]))[0]


#: How much more a name weighs than another word of the same distinctiveness.
NAME_WEIGHT = 1.5


def _terms(vocab: TitleVocabulary, members: Sequence[str], *, extra: int = 0) -> list[str]:
    """The 2 to 4 (and ``extra`` more) most distinctive words of the members' titles: names
    first, each part in reading order.

    Chosen words that stand side by side in most titles read as one phrase ("North Carolina").
    """
    titles = [vocab.titles[n] for n in members]
    df_c: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    places: list[dict[str, int]] = []
    named: Counter = Counter()
    for words in titles:
        place: dict[str, int] = {}
        for w, i in words:
            forms[w.casefold()][w] += 1
            if place.setdefault(w.casefold(), i) == i and vocab.finder.is_name(w):
                named[w.casefold()] += 1
        places.append(place)
        df_c.update(place.keys())
    candidates = [w for w in df_c if w not in vocab.banned]
    shared = [w for w in candidates if df_c[w] >= 2]
    if len(shared) >= 2:  # words one title alone uses say little about a cluster
        candidates = shared

    def is_name(w: str) -> bool:
        return 2 * named[w] > df_c[w]

    def score(w: str) -> float:
        return (df_c[w] / len(titles) * math.log(vocab.n / vocab.df[w])
                * (NAME_WEIGHT if is_name(w) else 1.0))

    ranked = sorted(candidates, key=lambda w: (-score(w), w))[:MAX_WORDS + extra]
    best = score(ranked[0]) if ranked else 0.0
    size = 2 + sum(1 for w in ranked[2:4] if score(w) >= best / 2) + extra
    names = frozenset(filter(is_name, ranked))
    phrases = _phrases(ranked[:size], places, names)
    while len(phrases) < 2 + extra and size < len(ranked):  # "North Carolina" is one term
        size += 1
        phrases = _phrases(ranked[:size], places, names)
    phrases.sort(key=lambda p: not any(map(is_name, p)))  # stable: reading order within
    terms = [_joined([_surface(forms[w]) for w in p]) for p in phrases]
    # One word in two numbers is one term ("wetland · wetlands"): the first said is kept.
    singular = [_singular(t) for t in terms]
    terms = [t for k, t in enumerate(terms) if singular[k] not in singular[:k]]
    words = [set(t.casefold().split()) for t in terms]
    # "Shanghai" says nothing "Shanghai Disneyland" does not.
    return [t for k, t in enumerate(terms)
            if not any(words[k] < other or (words[k] == other and m < k)
                       for m, other in enumerate(words) if m != k)]


def _singular(term: str) -> str:
    """A term folded to its singular, roughly: "wetlands" and "wetland" are one."""
    folded = term.casefold()
    for ending, instead in (("ies", "y"), ("s", "")):
        if folded.endswith(ending) and len(folded) > len(ending) + 2 and not folded.endswith("ss"):
            return folded[: -len(ending)] + instead
    return folded


def _phrases(words: Sequence[str], places: list[dict[str, int]],
             names: frozenset[str] = frozenset()) -> list[list[str]]:
    """Words in reading order, those standing side by side in most titles joined as phrases.

    A name (of ``names``) read on average after the name it stands before joins that one's
    phrase at the front: "Ossoff" leads the titles that give the surname alone, "Jon Ossoff"
    the others, and the label read "Ossoff · Jon". Other words keep their place ("budget"
    after "cuts" stays a term of its own: a reader's order of terms is the titles')."""

    def reading_order(w: str) -> tuple:
        spots = [p[w] / (1 + max(p.values())) for p in places if w in p]
        return sum(spots) / len(spots), w

    phrases: list[list[str]] = []
    for w in sorted(words, key=reading_order):
        before = [p for p in phrases if _follows(places, p[-1], w)]
        after = [p for p in phrases
                 if p[0] in names and _follows(places, w, p[0])] if w in names else []
        if before:
            before[0].append(w)
        elif after:
            after[0].insert(0, w)
        else:
            phrases.append([w])
    return phrases


def _follows(places: list[dict[str, int]], a: str, b: str) -> bool:
    """Whether word b comes right after word a in most titles holding both."""
    both = [p for p in places if a in p and b in p]
    return 2 * sum(p[b] == p[a] + 1 for p in both) > len(both)


def dominant_topic(topics: Sequence[Sequence[str]], *, hubs: set[str]) -> str:
    """The topic on most of the members (at least half) that is not in ``hubs``; "" if none,
    or when another topic is on as many: a story of two articles tagged "Coronavirus in
    Asia" and "Coronavirus in US" was "(Coronavirus in Asia)", the tie broken by the
    alphabet (33 of covid's 339 labels named such a topic).

    ``topics`` holds each member's topic labels.
    """
    counts = Counter(t for ts in topics for t in ts if t not in hubs)
    ranked = sorted(counts, key=lambda t: (-counts[t], t))
    if not ranked or 2 * counts[ranked[0]] < len(topics):
        return ""
    return "" if len(ranked) > 1 and counts[ranked[1]] == counts[ranked[0]] else ranked[0]


def cluster_labels(G: nx.MultiDiGraph, clusters: Sequence[set], *,
                   vocab: TitleVocabulary | None = None) -> list[str]:
    """One label per cluster, none alike: "Ontario · restaurants · reopen (Coronavirus in Canada)".

    Terms come from titles scored against the whole corpus; the topic in brackets is left
    out when no topic is on half the cluster without being on most of the corpus. A
    cluster whose titles give no usable word is labelled by its first title. A label
    already taken by an earlier cluster takes one more word, then the cluster's first
    day ("6 May"), then a number. ``vocab``: G's TitleVocabulary, when already made.
    """
    if vocab is None:
        vocab = TitleVocabulary(G, articles(G))
    labels: list[str] = []
    taken: set[str] = set()
    for cluster in clusters:
        members = sorted(cluster)
        first = min(members, key=lambda n: (G.nodes[n].get("published") or "~", n))
        topic = dominant_topic([vocab.topics.get(n, []) for n in members], hubs=vocab.hubs)
        terms = _terms(vocab, members)
        text = " · ".join(terms) or _headline(G.nodes[first].get("label", first))
        day = day_label(G.nodes[first].get("published") or "")
        found = _label_options(vocab, members, text, bool(terms), day, topic)
        # Alike is alike whatever the case: "Singapore · cases" and "Singapore · Cases" (two
        # days' counts) could not be asked for by either label, as a label is looked up
        # case aside (graphx.related).
        first_option = label = next(found)
        if label.casefold() in taken:
            label = next((o for o in found if o.casefold() not in taken), "")
        k = 2
        while not label:
            label = "" if f"{first_option} #{k}".casefold() in taken else f"{first_option} #{k}"
            k += 1
        taken.add(label.casefold())
        labels.append(label)
    return labels


def _label_options(vocab: TitleVocabulary, members: Sequence[str], text: str, more: bool,
                   day: str, topic: str):
    """A cluster's labels in order of preference: ``text``, then (``more``) with one more
    word, then either with the ``day``; with the ``topic`` in brackets. Made only as far as
    asked: most clusters take the first."""

    def dressed(option: str) -> str:
        return f"{option} ({topic})" if topic else option

    yield dressed(text)
    longer = " · ".join(_terms(vocab, members, extra=1)) if more else None
    if longer is not None:
        yield dressed(longer)
    if day:
        yield dressed(f"{text} · {day}")
        if longer is not None:
            yield dressed(f"{longer} · {day}")


def day_label(iso: str) -> str:
    """"2020-05-06T..." -> "6 May"; "" when unknown."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    try:
        return f"{int(iso[8:10])} {months[int(iso[5:7]) - 1]}"
    except (ValueError, IndexError):
        return ""


def _headline(title: str, limit: int = 60) -> str:
    """``title`` as a label of at most ``limit`` characters: cut after its last whole word
    that fits, marked with "…" ("...council river lau" read as a typo or another word);
    cut within a word only where no space falls in the second half (an unspaced script,
    one very long word)."""
    if len(title) <= limit:
        return title
    title = " ".join(title.split())
    head = title[:limit - 1]
    if len(title) > limit - 1 and title[limit - 1] != " ":
        space = head.rfind(" ")
        if space >= limit // 2:
            head = head[:space]
    return head.rstrip(" ,;:-–—·") + "…"
