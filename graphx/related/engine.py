"""Stories related to X: resolve what a query names, rank articles, and say why.

Reads the analysed graph (docs/graph-model.md) and works without the analysis too (no
clusters; pagerank computed). Everything is indexed once when a RelatedEngine is built
(graphx.related.index), reusing the text index of graphx.similar; an article query then
scores only its candidates (RankingIndex.signals), plus explanations for the rows it returns.
"""

from __future__ import annotations

import difflib
import html
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np

from ..errors import GraphxError, InputError, NotFoundError
from ..fields import display_path, encodable, path_displayed_as, repair_text
from ..model import DEFAULT_LIMITS, join_list, label_key, nfc, split_id, split_list
from ..outlets import name_key, spellings, squash, squash_spelled_out
from ..similar import TextIndex, text_index
from ..urls import (
    DOMAIN_SHAPE,
    host_key,
    is_bare_domain,
    is_web_url,
    site_domain,
    site_name,
    story_key,
)
from ..wording import and_list, count_noun
from ..words import ENGLISH_STOP_WORDS
from . import checks, learn
from .index import RankingIndex, has, keyword_texts, row_ids, url_keys
from .keywords import KeywordIndex, as_written, excluded, probability, tokens
from .packed import Lookup
from .signals import DEFAULT_WEIGHTS, Reading, compute, reasons

KINDS = ("url", "title", "text", "topic", "provider", "story")
#: What --by also takes: the word the report, the map and the README use for a provider.
BY_ALIASES = {"outlet": "provider"}
FIELDS = ("query", "matched", "rank", "id", "url", "title", "provider", "published", "score",
          "why", "group")
#: The score below which no answer is shown unless asked (--min-score): a score is the
#: probability that the answer is related (graphx.related.learn, graphx.related.keywords), so
#: this keeps answers with at least a one-in-twenty chance.
DEFAULT_FLOOR = 0.05

#: How far below 1 the least central member of a topic or outlet is put: members are
#: certain answers, ordered by centrality.
SET_ORDER = 1e-6
#: A story label's topic in brackets at its end ("Moderna · vaccine (Treatment)").
_TOPIC_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")
#: Where a browser tab's title adds its section and outlet to a headline (" | ", " - ").
_TAB_SEPARATOR = re.compile(r"\s+[|\u2013\u2014-]\s+")
_TAB_MARKS = " |\u2013\u2014-"
#: How long a path must be to be read as one article's on another host of its site.
_OWN_PATH = 16
#: The most copies of one text a collapsed row names (the earliest); the rest are counted.
GROUP_NAMED = 100
FUZZY_TITLE = 0.85  # difflib ratio from which a query that is no exact title is read as one
_BARE_URL = re.compile(r"^[\w.-]+\.\w+/\S*$")  # www.host.com/path without a scheme
#: A site's name as a browser tab shows it after a headline: an acronym (CNA, BBC, NPR),
#: or "The" and a name of one to three capitalised words (The Irrawaddy, The Straits Times).
_SITE_NAME = re.compile(r"[A-Z]{2,6}|The(?: [A-Z][\w'&.-]*){1,3}")
#: What people add to an outlet's name without naming another outlet ("BBC News", "CNN
#: News", "Reuters News", "Guardian Online", "Sky TV", "BBC.com"): read without it when the
#: name as typed is none of the corpus's.
_OUTLET_TAIL = re.compile(r"(?i)(?:\s+(?:news|online|tv)|\.com)$")
#: The wires by the short forms everyone uses, which no rule gives ("AP" is two words'
#: initials; graphx.outlets.spellings makes them of three or more): each -> its names.
_WIRES = {"ap": ("Associated Press", "AP News"), "afp": ("Agence France-Presse",),
          "upi": ("United Press International",)}
#: A path to a news item's file: folders (a slash, or a backslash of Windows) before a name
#: with the extension news items are kept under; no keywords are written that way.
_ITEM_PATH = re.compile(r"(?i)^.*[/\\][^/\\]*[^/\\\s.][^/\\]*\.(?:md|markdown|txt)$")


def _named_in(name: str | None, text: str) -> bool:
    """Whether an outlet's ``name`` is in ``text`` (both squashed)."""
    own = squash(name or "")
    return bool(own) and own in text


@dataclass(frozen=True)
class Resolution:
    """What a query names: a kind, the nodes it means ((), for keywords), and a note if guessed."""

    query: str
    kind: str
    nodes: tuple[str, ...] = ()
    note: str = ""


def check_published_range(since: str, until: str) -> None:
    """InputError when the answer filters' dates (UTC ISO strings) leave no day between
    them: a typo in a date, which read as "none is related above the floor" sent users to
    lower --min-score (as --since after --until, an error since the build's options)."""
    if since and until and since > until:
        raise InputError(f"--published-since {since} is after --published-until {until}: "
                         "no article can be in that range")


def _published(a) -> str:
    """An answer's publication time; its day alone (``2020-05-06``) when the data gave no
    time of day (graphx.model.is_day_only), not an invented 00:00."""
    published = a.get("published") or ""
    return published[:10] if a.get("day_only") else published


#: A query that names a topic or outlet exactly is read as words instead when at least this
#: many times as many articles hold its words (and MIN_WORDS_OVER_NAME at least).
WORDS_OVER_NAME, MIN_WORDS_OVER_NAME = 5, 10


def _item_at(path: str):
    """The news item (graphx.records.Item) in the file at ``path``, or None when ``path``
    is no such file (no file, a folder, too big, not a news item with a URL)."""
    from ..parse import parse_item

    try:
        if not os.path.isfile(path) or os.path.getsize(path) > DEFAULT_LIMITS.max_file_bytes:
            return None
        with open(path, "rb") as fh:
            item = parse_item(fh.read(), path).item
    except (OSError, ValueError):
        return None
    return item if item is not None and item.url else None


def _quoted(text: str, *, quote: bool = True, width: int = 80) -> str:
    """``text`` for a message (in quotes, or not), its middle cut when it is long: a query
    can be a whole file, and a message is one line."""
    if len(text) <= width:
        return repr(text) if quote else text
    short = f"{text[:width // 2]}…{text[-(width // 4):]}"
    return f"{repr(short) if quote else short} ({len(text):,} characters)"


def _norm(text: str) -> str:
    """A title as a title query finds it: entities decoded, spacing, case and the
    typographic apostrophes and quotes aside (AP's "Egypt’s" and a copy's "Egypt's" are one
    title)."""
    return " ".join(html.unescape(text).translate(_QUOTES).split()).casefold()


def _other_event(query: str, title: str) -> bool:
    """Whether a title close to ``query`` is of another event all the same: one of them
    gives a figure the other does not ("Aurora 8", "Aurora 7"; a score), or the query a name
    (a capitalised word, its first too, that is no stop word) that the title holds nothing
    like ("Storm Ingrid", "Storm Elin"; "North Dakota reports ...", "South Dakota reports
    ..."); a misspelt name ("Moderan") is still like the title's. Such a query is read as
    keywords: "Storm Ingrid" was answered with Storm Elin's coverage at 0.98, and a place
    named first, as count headlines do, with another place's ("Kansas Health Officials
    Report 4 More Coronavirus Deaths" took Nebraska's)."""
    said = re.findall(r"\w+", _norm(query))
    held = re.findall(r"\w+", _norm(title))
    if {w for w in said if any(c.isdigit() for c in w)} != {
            w for w in held if any(c.isdigit() for c in w)}:
        return True
    words = set(held)
    typed = re.findall(r"\w+", html.unescape(query))
    return any(w[:1].isupper() and w.casefold() not in words
               and w.casefold() not in ENGLISH_STOP_WORDS
               and not any(difflib.SequenceMatcher(None, w.casefold(), h).ratio() >= 0.75
                           for h in words)
               for w in typed)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"',
                         "\u201d": '"'})


def check_weights(weights: dict | None) -> dict:
    """DEFAULT_WEIGHTS updated with ``weights``; InputError for an unknown signal."""
    unknown = set(weights or {}) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise InputError(f"unknown ranking signal(s): {', '.join(sorted(unknown))}")
    return {**DEFAULT_WEIGHTS, **(weights or {})}


class RelatedEngine(RankingIndex):
    """Every index a related query needs, built once from the analysed graph.

    The blend of signals is learnt from the graph's own related links (graphx.related.learn)
    unless ``weights`` are given (a weighted mean of the signals, the default calibration).
    """

    def __init__(
        self, G: nx.MultiDiGraph, *, weights: dict | None = None, index: TextIndex | None = None,
        parts: dict | None = None,
    ) -> None:
        super().__init__(G, index or text_index(G), parts)  # parts: index.text_parts(G)
        if self.parts is not None:  # made beside the analysis (index.text_parts)
            self.keywords = self.parts["keywords"]
            self.__dict__["by_key"] = self.parts["by_key"]
        else:
            self.keywords = KeywordIndex.build(keyword_texts(self.attrs))
        self._use(weights, None)
        self._index_names(G)

    def _use(self, weights: dict | None, saved: dict | None) -> None:
        """Rank with ``weights`` when given, else with the ``saved`` blend, else learn one."""
        if weights is not None:
            self.blend, self.learnt = learn.Blend(check_weights(weights)), False
        else:
            self.blend = learn.Blend.from_json(saved) if saved else learn.fit(self)
            self.learnt = True

    @property
    def weights(self) -> dict:
        return self.blend.weights

    def iter_arrays(self):
        """RankingIndex.iter_arrays, plus the keyword postings and the tables that resolve a
        query (see from_arrays)."""
        yield from super().iter_arrays()
        yield from self.keywords.to_arrays().items()
        yield from self.by_key.to_arrays("keys").items()
        yield from self.by_title.to_arrays("titles").items()

    def to_meta(self) -> dict:
        """RankingIndex.to_meta, plus the topic and outlet tables and the learnt blend."""
        # Given weights are the caller's, not the corpus's: a loaded engine learns its own.
        return {**super().to_meta(), "by_topic": self.by_topic, "by_provider": self.by_provider,
                "blend": self.blend.to_json() if self.learnt else None}

    #: Every array to_arrays gives: the index's, the keyword postings and the name tables.
    ARRAY_NAMES = RankingIndex.ARRAY_NAMES | KeywordIndex.ARRAY_NAMES | {
        f"{table}.{part}" for table in ("keys", "titles") for part in ("blob", "ends", "rows")}

    @classmethod
    def check_arrays(cls, arrays: dict[str, np.ndarray], meta: dict) -> None:
        """RankingIndex.check_arrays, the keyword postings, the name tables and the saved
        blend: ValueError unless consistent."""
        index_arrays = {k: v for k, v in arrays.items() if k in RankingIndex.ARRAY_NAMES}
        if set(arrays) != cls.ARRAY_NAMES:
            raise ValueError("the arrays are not those of an engine of this graphx version")
        super().check_arrays(index_arrays, meta)
        n = len(arrays["nodes.ends"])
        KeywordIndex.check_arrays(arrays, n)
        learn.check_blend(meta.get("blend"))
        for table in ("keys", "titles"):
            blob, ends, rows = (arrays[f"{table}.{part}"] for part in ("blob", "ends", "rows"))
            checks.check_strings(table, blob, ends, ordered=True)
            checks.check_vector(f"{table}.rows", rows, len(ends), checks.INTS, low=0,
                                high=n - 1)
        hubs = set(meta["hubs"])
        for table, kinds in (("by_topic", ("topic:", "tag:")), ("by_provider", ("provider:",))):
            checks.check_table(table, meta.get(table), hubs, kinds)
        # A topic's name leads to the topic of that name ("australia" led to the tag CA).
        labels = meta["hub_label"]
        for name, nodes in meta["by_topic"].items():
            if not all(name in (label_key(split_id(x)[1]), label_key(labels[x])) for x in nodes):
                raise ValueError(f"by_topic: {name!r} names a topic of another name")

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], meta: dict, *,
                    weights: dict | None = None, checked: bool = False) -> RelatedEngine:
        """The engine to_arrays gave, ranking with ``weights`` when given (see
        graphx.related.signals), else with the blend it learnt. Raises ValueError when the
        arrays are not such an engine (see check_arrays)."""
        self = super().from_arrays(arrays, meta, checked=checked)
        self.keywords = KeywordIndex.from_arrays(arrays)
        self._use(weights, meta.get("blend"))
        self.by_topic, self.by_provider = meta["by_topic"], meta["by_provider"]
        # Searched in place, not unpacked into dicts: a query reads a few names of them.
        self.by_key = Lookup.from_arrays(arrays, "keys", self.nodes, many=False)
        self.by_title = Lookup.from_arrays(arrays, "titles", self.nodes, many=True)
        return self

    @cached_property
    def by_key(self) -> Lookup:
        """Story key of every URL variant -> its article, made on the first URL query (keying
        every variant is most of an engine's build at scale, and the map never needs it)."""
        return url_keys(self.nodes, self.attrs)

    def _index_names(self, G: nx.MultiDiGraph) -> None:
        """Maps from every title (a story keeps each title its files gave it), topic and
        provider spelling (graphx.outlets.spellings) to nodes."""
        titles: list[str] = []
        rows: list[int] = []
        for i, a in enumerate(self.attrs):
            for title in {_norm(t) for t in [a.get("title") or "", *split_list(a.get("titles"))]
                          if t}:
                titles.append(title)
                rows.append(i)
        self.by_title = Lookup.made(titles, rows, self.nodes, many=True)
        self.by_topic: dict[str, list[str]] = {}
        self.by_provider: dict[str, list[str]] = {}
        for x in self.hubs:
            a = G.nodes[x]
            if a.get("kind") in ("topic", "tag"):
                names = [split_id(x)[1], a.get("label") or ""]
                table = self.by_topic
            else:
                names = spellings(a.get("domain") or "", a.get("label") or "",
                                  split_list(a.get("names") or ""), a.get("platform") or "")
                table = self.by_provider
            for name in sorted({label_key(name) for name in names if name}):
                table.setdefault(name, []).append(x)

    # --- resolution -------------------------------------------------------------------

    def resolve(self, query: str, *, by: str | None = None) -> Resolution:
        """What ``query`` names: an article (URL or title), keywords, a topic or a provider.

        ``by`` forces the kind. Raises NotFoundError when nothing matches, InputError for
        an unknown ``by``.
        """
        q = nfc(" ".join(repair_text(str(query))[0].split()))
        by = BY_ALIASES.get(by, by)
        if by is not None and by not in KINDS:
            named = [*KINDS, *BY_ALIASES]  # every name it takes ("outlet" was left out)
            raise InputError(f"--by must be one of {', '.join(named)}, not {by!r}")
        if not q:
            raise InputError("the query is empty")
        url = q if is_web_url(q) else f"https://{q}" if _BARE_URL.match(q) else ""
        if by in (None, "url") and not url:
            # a news item's file (the corpus's, or one like them), named as the shell gives
            # it (bytes of a name that are not UTF-8 as lone surrogates: read as U+FFFD, a
            # Latin-1 caf\xe9-report.md was never looked for) or as the load report spells it
            paths = [p for p in (str(query), path_displayed_as(str(query))) if p]
            for path in paths:
                item = _item_at(path)
                if item is not None:
                    return self._resolve_item(display_path(path), item, by=by)
            # One that names no file is a slip, not keywords: its folders and "md" were
            # searched, and a reason said a word both held and missing.
            if by is None and _ITEM_PATH.match(q) and not any(map(os.path.lexists, paths)):
                typed = str(query)
                raise InputError("no such file: "
                                 + (typed if encodable(typed) else display_path(typed)))
        if by == "url" or (by is None and url):
            return self._resolve_url(q, url)
        if by == "text":
            return self._resolve_text(q)
        if by is not None:
            found = (self._resolve_title(q, fuzzy=0.5) if by == "title"
                     else self._resolve_story(q) if by == "story"
                     else self._resolve_named(q, by, partial=True))
            if found is None:
                raise NotFoundError(f"no {by} matches {_quoted(q)}")
            return found
        exact = [r for r in (self._resolve_title(q, fuzzy=None),
                             self._resolve_named(q, "topic", partial=False),
                             self._resolve_named(q, "provider", partial=False)) if r]
        # a label as graphx prints it ("Moderna · vaccine"); a plain phrase stays keywords
        # unless --by story says otherwise, and a label of several stories is said as such
        # unless the query is also a title, a topic or an outlet
        if " \u00b7 " in q:
            try:
                story = self._resolve_story(q)
            except NotFoundError:
                if not exact:
                    raise
                story = None
            exact += [story] if story else []
        if not exact:
            if is_bare_domain(q):  # an outlet the corpus does not hold: "com" was searched
                raise NotFoundError(f"no outlet has the domain {_quoted(q)}: a domain is read "
                                    "as an outlet (--by text for its words)")
            head, suffix = self._tab_suffix(q)
            if suffix:  # a browser tab's title of a headline the corpus does not hold
                found = self._resolve_title(head, fuzzy=FUZZY_TITLE) or self._resolve_text(head)
                return Resolution(head, found.kind, found.nodes, "; ".join(filter(None, [
                    f"read {_quoted(head)} alone, {_quoted(suffix.strip(_TAB_MARKS))} being a "
                    "browser tab's", found.note])))
            return (self._resolve_title(q, fuzzy=FUZZY_TITLE) or self._name_only(q)
                    or self._resolve_text(q))
        best = exact[0]
        if len(exact) == 1 and best.kind in ("topic", "provider"):
            words = self._words_over_name(q, best)
            if words is not None:
                return words
        if len(exact) > 1:
            others = " and ".join(f"a {r.kind}" for r in exact[1:])
            note = (f"{_quoted(q)} is also {others}; read it as a {best.kind} "
                    "(use --by to choose)")
            best = Resolution(q, best.kind, best.nodes, "; ".join(filter(None, [best.note, note])))
        return best

    def _resolve_item(self, q: str, item, *, by: str | None) -> Resolution:
        """The news item ``item`` of the file ``q`` names: its story by the URL it holds;
        when the corpus has no article at that URL (new coverage, asked "what else covers
        this?"), its title (else its excerpt) read as a title or keywords query would be,
        unless ``by`` is "url". Each is said in the note; NotFoundError says it too."""
        # the path as the load report spells it (\\xNN), not as repr() doubles a backslash
        said = f"read '{_quoted(q, quote=False, width=4096)}' as the news item it holds: {item.url}"
        try:
            found = self._resolve_url(item.url, item.url)
        except NotFoundError:
            field, words = next(((f, " ".join(t.split())) for f, t in (
                ("title", item.title), ("excerpt", item.excerpt)) if t.strip()), ("", ""))
            if by == "url" or not words:
                raise NotFoundError(f"{said}, which no article has"
                                    + ("" if by == "url" else " (and the file gives no title "
                                       "or excerpt to ask by)")) from None
            try:
                found = self.resolve(words)
            except NotFoundError as exc:
                raise NotFoundError(f"{said}, which no article has; asked by its {field}: "
                                    f"{exc}") from None
            return Resolution(words, found.kind, found.nodes, "; ".join(filter(None, [
                f"{said}, which no article has: asked by its {field} instead", found.note])))
        return Resolution(q, found.kind, found.nodes,
                          "; ".join(filter(None, [said, found.note])))

    def _tab_suffix(self, q: str) -> tuple[str, str]:
        """(headline, suffix) of a browser tab's title, "Headline | Section | Outlet" or
        "Headline - Outlet", when its last part names an outlet (one of the corpus, a
        domain, an acronym, "The Irrawaddy"); else (``q``, ""). Sections between are kept
        out with it: "| Sport | The Guardian". The outlet was searched as a word: "...
        cancellation possible - CNA" had no answer, "... | Reuters" half its scores."""
        cuts = list(_TAB_SEPARATOR.finditer(q))
        if not cuts or not self._names_outlet(q[cuts[-1].end():].strip()):
            return q, ""
        start = cuts[-1]
        for before, after in zip(reversed(cuts[:-1]), reversed(cuts[1:]), strict=True):
            if ("|" in before.group() and "|" in after.group()
                    and len(q[before.end():after.start()].split()) <= 3):
                start = before
            else:
                break
        head = q[:start.start()].strip()
        return (head, q[start.start():]) if head else (q, "")

    def _names_outlet(self, name: str) -> bool:
        """Whether the last part of a tab's title names an outlet: one the corpus knows, or
        a site name's shape (a domain, an acronym as CNA or BBC, "The" and a name or two in
        capitals as The Irrawaddy)."""
        return bool(is_bare_domain(name) or _SITE_NAME.fullmatch(name)
                    or self._resolve_named(name, "provider", partial=False))

    def _words_over_name(self, q: str, named: Resolution) -> Resolution | None:
        """The query read as words, when far more articles hold its words than belong to
        the small outlet or topic it names exactly (an item whose provider is "Texas", 1
        article, against 70 headlines holding the word; Moderna's press office, against
        the vaccine's coverage), with a note saying so; else None."""
        members = len(np.unique(np.concatenate([self.members(x) for x in named.nodes])))
        # an outlet's name by its own words: "Sky TV" is as much Sky as "Sky" is
        held = self.keywords.holding_all(self._outlet_part(q) if named.kind == "provider" else q)
        if held < max(WORDS_OVER_NAME * members, MIN_WORDS_OVER_NAME):
            return None
        what, by = ("an outlet", "outlet") if named.kind == "provider" else ("a topic", "topic")
        return Resolution(q, "text", (), f"{_quoted(q)} is also {what} "
                          f"({count_noun(members, 'article')}); read as the words, which "
                          f"{count_noun(held, 'article')} hold (--by {by} for the {by})")

    def _hub_name(self, hub: str, among) -> str:
        """A hub's label, with its domain when another outlet of ``among`` has the same
        label ("The Star (thestar.com.my)"): the reader can tell which newsroom."""
        label = self.hub_label.get(hub, hub)
        if split_id(hub)[0] == "provider" and any(
                x != hub and self.hub_label.get(x, x) == label for x in among):
            return f"{label} ({split_id(hub)[1]})"
        return label

    def describe(self, res: Resolution) -> str:
        """What ``res`` matched, said for a reader: the story (title, outlet, time), the
        outlet, the topic, or the words it was read as."""
        if res.kind in ("url", "title"):
            a = self.attrs[self.row[res.nodes[0]]]
            when = _published(a)[:16].replace("T", " ")
            outlet = a.get("provider_name") or a.get("provider") or "no outlet"
            return f"the story {a.get('title') or res.nodes[0]!r} ({outlet}, {when or 'no date'})"
        if res.kind == "story":
            rows = self._story_rows(res.nodes[0])
            label = self.attrs[int(rows[0])].get("cluster_label") if len(rows) else res.query
            return f"the story {label!r} ({count_noun(len(rows), 'article')})"
        if res.kind in ("topic", "provider"):
            n = len(np.unique(np.concatenate([self.members(x) for x in res.nodes])))
            names = [self.hub_label.get(x, x) for x in res.nodes]
            if res.kind == "provider" and len(res.nodes) > 1 and len(set(names)) == 1:
                # "The Star" of Toronto, Malaysia, Kenya: one name, four newsrooms.
                return (f"the outlets named {names[0]!r}: "
                        f"{', '.join(split_id(x)[1] for x in res.nodes)} "
                        f"({count_noun(n, 'article')})")
            if res.kind == "topic":  # a tag is said as one: "the tag 'GB'", never a topic
                return " and ".join(f"the {split_id(x)[0]} {self._hub_name(x, res.nodes)!r}"
                                    for x in res.nodes) + f" ({count_noun(n, 'article')})"
            labels = " and ".join(repr(self._hub_name(x, res.nodes)) for x in res.nodes)
            outlet = "outlets" if len(res.nodes) > 1 else "outlet"
            return f"the {outlet} {labels} ({count_noun(n, 'article')})"
        spelled = as_written(res.query)
        known = self.keywords.known(res.query)
        unheld = [w for w in dict.fromkeys(self.keywords.words(res.query)) if w not in known]
        acronyms = self._acronyms(res.query)
        held, missing, capitals = _said_apart(
            spelled, known, [w for w in unheld if w not in acronyms],
            [w for w in unheld if w in acronyms])
        text = "the keywords " + held
        # A typo must not pass unseen while the reasons say "every word"; an acronym no
        # article writes in capitals is said apart (an article holding "who" holds no WHO).
        said = [f"no article holds {missing}"] if missing else []
        if capitals:
            said.append(f"{'nor' if missing else 'no article holds'} {capitals} "
                        "written in capitals, as acronyms are looked for")
        # A word left out is said: a reader sees which of the words typed were looked for.
        if common := self.keywords.common_words(res.query):
            said.append(f"{', '.join(common)} left out as function words")
        if left_out := excluded(res.query):  # NOT's phrase or name, whole
            said.append(f"none holding {' or '.join(map(repr, left_out))}")
        return text + (f" ({'; '.join(said)})" if said else "")

    def _acronyms(self, q: str) -> set:
        """The query's acronyms that are everyday words too (KeywordIndex.acronyms), the
        parts of a name written with "&" aside."""
        return {w for w in self.keywords.acronyms(q) if "[" not in w}

    def _in_capitals(self, q: str) -> str:
        """What a miss says of the query's acronyms: an article holding "who" does not hold
        "WHO"."""
        acronyms = self._acronyms(q)
        return (" written in capitals, as acronyms are looked for" if acronyms
                and any(self.keywords.postings_as_asked(w, acronyms) is None for w in acronyms)
                else "")

    def _resolve_url(self, q: str, url: str) -> Resolution:
        if not url:  # --by url with something else: a usage error, not a query's miss
            raise InputError(f"--by url: {_quoted(q)} is not a URL")
        key = story_key(url)
        node = self.by_key.get(key)
        if node is not None:
            return Resolution(q, "url", (node,))
        if "?" in key:  # a link as shared (a gift link, a newsletter's), its query unknown
            bare = self.by_key.get(key.split("?", 1)[0])
            if bare is not None:
                return Resolution(q, "url", (bare,), "no article has this URL with its query "
                                  f"({key.split('?', 1)[1][:60]}); read as the article at "
                                  "the same address without it")
        if "/" not in key:  # a bare site address names its provider
            found = self._resolve_named(key, "provider", partial=False)
            if found:
                return Resolution(q, found.kind, found.nodes, found.note)
        elsewhere = self._same_page_elsewhere(key.split("?", 1)[0])
        if elsewhere is not None:
            host = split_id(elsewhere)[1].partition("/")[0]
            return Resolution(q, "url", (elsewhere,), "no article has this URL; read as the "
                              f"same page at {host}, the site's other address")
        raise NotFoundError(f"no article has the URL {_quoted(q, quote=False)}")

    def _same_page_elsewhere(self, key: str) -> str | None:
        """The one article at ``key``'s path on another host of the same site (the BBC's
        bbc.co.uk and bbc.com, Yahoo's uk.finance. and finance.), or None: a link from a
        browser in another country was "no article" for one the corpus holds."""
        host, _, path = key.partition("/")
        if len(path) < _OWN_PATH:  # "news/a" may be anything on another site of a name
            return None
        found = {node for other in sorted(self._hosts_by_site.get(site_name(host), ()))
                 if other != host and (node := self.by_key.get(f"{other}/{path}")) is not None}
        return found.pop() if len(found) == 1 else None

    @cached_property
    def _hosts_by_site(self) -> dict[str, set[str]]:
        """Site name -> the hosts of the corpus's articles on it, made on the first miss."""
        hosts: dict[str, set[str]] = {}
        for node in self.nodes:
            at = split_id(node)[1].partition("/")[0]
            hosts.setdefault(site_name(at), set()).add(at)
        return hosts

    def _resolve_story(self, q: str) -> Resolution | None:
        """A story by its label as graphx prints it (report.md, clusters.md, stats, the
        map), with or without its topic in brackets or its theme after "; theme:": the
        story's articles; None when no label matches. A label copied from the report was
        read as keywords.

        The label as given comes first: "Iowa · deaths" is that story, not "Iowa · deaths
        (Coronavirus in US)", whose label it is without the topic (both together had been
        "no story"). A label that names several stories raises NotFoundError naming them.
        """
        label = q.split("; theme:", 1)[0]
        exact, bare = self._story_labels
        for table, said, names in ((exact, label, "is the label of"),
                                   (bare, _TOPIC_SUFFIX.sub("", label),
                                    "without a topic in brackets matches")):
            found = table.get(_norm(said))
            if found and len(found) == 1:
                (cid,) = found
                return Resolution(q, "story", (f"story:{cid}",))
            if found:
                raise NotFoundError(f"{_quoted(label)} {names} {len(found)} stories: "
                                    + and_list([self._story_said(cid) for cid in sorted(found)])
                                    + "; give one of these labels")
        return None

    def _story_said(self, cid: int) -> str:
        """A story as an ambiguous label's message names it: "'Iowa · deaths' (id 205,
        2 articles)"."""
        rows = np.flatnonzero(self.cluster == cid)
        label = self.attrs[int(rows[0])].get("cluster_label") or f"story {cid}"
        return f"{_quoted(label)} (id {cid}, {count_noun(len(rows), 'article')})"

    @cached_property
    def _story_labels(self) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
        """Each story label, normalised as titles are -> the ids of the stories so
        labelled, and the same without the labels' topics in brackets; made on the first
        story query."""
        exact: dict[str, set[int]] = {}
        bare: dict[str, set[int]] = {}
        for r, a in enumerate(self.attrs):
            cid, label = int(self.cluster[r]), a.get("cluster_label") or ""
            if cid >= 0 and label:
                exact.setdefault(_norm(label), set()).add(cid)
                bare.setdefault(_norm(_TOPIC_SUFFIX.sub("", label)), set()).add(cid)
        return exact, bare

    def _story_rows(self, node: str) -> np.ndarray:
        """The article rows of the story ``node`` ("story:<id>")."""
        return np.flatnonzero(self.cluster == int(node.split(":", 1)[1]))

    def _cited(self, j: int) -> int:
        """How many articles list article row ``j`` as related."""
        return max(int(self.attrs[j].get("related_in", len(row_ids(self.links, j)))), 0)

    def _resolve_title(self, q: str, *, fuzzy: float | None) -> Resolution | None:
        """An exact title (the best of several articles sharing it), else the closest title
        among the best keyword matches when ``fuzzy`` is given and reached."""
        same, suffix = self.by_title.get(_norm(q)), ""
        if not same:  # a browser tab's title: "Headline | Section | The Guardian"
            for m in reversed(list(_TAB_SEPARATOR.finditer(q))):
                same = self.by_title.get(_norm(q[:m.start()]))
                if same:
                    suffix, q = q[m.start():], q[:m.start()]
                    break
        if same:
            named = squash(suffix)
            # The outlet a tab's title names first ("... | ZEIT ONLINE": its copy, not
            # Süddeutsche's), then the title as typed, one with a file, the one most articles list
            # as related (the wire's own page, which others link, before a mirror whose
            # clock stamped it minutes earlier: MSN's copy of Reuters was taken, and its
            # answers were weaker), then the earliest (an original before its copies),
            # then the most central.
            typed = " ".join(q.split())
            node = min(same, key=lambda x: (
                not (named and _named_in(self.attrs[self.row[x]].get("provider_name"), named)),
                " ".join((self.attrs[self.row[x]].get("title") or "").split()) != typed,
                not self.attrs[self.row[x]].get("has_file"),
                -self._cited(self.row[x]),
                self.published[self.row[x]] or "~", -self.centrality[self.row[x]], x))
            note = (f"read as the title {_quoted(q)}, {_quoted(suffix.strip(_TAB_MARKS))} being a "
                    "browser tab's") if suffix else ""
            if len(same) > 1:
                a = self.attrs[self.row[node]]
                note = "; ".join(filter(None, [note, (
                    f"{len(same)} articles have this title; took the one from "
                    f"{a.get('provider_name') or a.get('provider')} ({node})")]))
            return Resolution(q, "title", (node,), note)
        if fuzzy is None:
            return None
        match = self._keyword_match(q)
        rough = match.features["bm25"] * match.features["coverage"]
        best = match.rows[np.lexsort((match.rows, -rough))[:5]]
        ratios = [  # a caller's graph may hold None for a title
            (difflib.SequenceMatcher(None, _norm(q), _norm(self.attrs[i].get("title") or ""))
             .ratio(), -i) for i in best.tolist()
        ]
        ratios = [(r, i) for r, i in ratios
                  if r >= fuzzy and not _other_event(q, self.attrs[-i].get("title") or "")]
        if not ratios:
            return None
        ratio, i = max(ratios)
        # That title's article as the exact title would find it: copies share a title, and
        # a typo took MSN's copy where the title itself takes Reuters' original.
        closest = self.attrs[-i].get("title") or ""
        if self._words_of_other_titles(q, closest):
            return None
        exact = self._resolve_title(closest, fuzzy=None)
        node = exact.nodes[0] if exact is not None else self.nodes[-i]
        return Resolution(q, "title", (node,), "no exact title; took the closest "
                          f"({ratio:.2f}): {_quoted(closest)}")

    def _words_of_other_titles(self, q: str, title: str) -> bool:
        """Whether ``q``, close to ``title``, is only some of its words that other titles'
        articles hold too: keywords, not that headline cut short. "Power Apps portals" took
        'Power Apps portals FAQs' in a folder of 150 posts (exit 1, "No answer"), and was
        read as keywords in the whole folder, where another title was as close."""
        said, held = set(re.findall(r"\w+", _norm(q))), set(re.findall(r"\w+", _norm(title)))
        if not said < held:  # a word of its own (a typo, a changed word): that headline
            return False
        return self.keywords.holding_all(q) > len(self.by_title.get(_norm(title)) or ())

    def _keyword_match(self, query: str):
        """The keyword index's match of ``query``, kept until another query's: resolving a
        query (is it a title?) and ranking it as keywords read the same one, which costs
        a pass over the postings of its words."""
        last = self.__dict__.get("_last_match")
        if last is None or last[0] != query:
            last = self._last_match = (query, self.keywords.match(query, self.centrality))
        return last[1]

    def _resolve_named(self, q: str, kind: str, *, partial: bool) -> Resolution | None:
        """A topic, tag or provider by key, label, display name or domain; with ``partial``,
        the biggest whose name contains ``q``."""
        table = self.by_topic if kind == "topic" else self.by_provider
        if kind == "provider":  # names are kept decoded: "U.S. News &amp; World Report"
            q = html.unescape(q)
        key = host_key(q) if kind == "provider" and DOMAIN_SHAPE.match(q) else label_key(q)
        if kind == "provider" and key not in table and key.startswith("the "):
            key = key[4:]  # "The New York Times" for "New York Times" (spellings drops it too)
        if key not in table:  # "El Pais" for "EL PAÍS", "Fierce Biotech", "The Hill" (TheHill)
            squashed = self._squashed(kind)
            # ... and "Süddeutsche" for sueddeutsche.de, its umlaut written out as there.
            key = squashed.get(squash(q), squashed.get(squash_spelled_out(q), key))
        if key not in table and kind == "provider":
            other = self._outlet_as_named(q)
            if other is not None:
                return Resolution(q, kind, other.nodes, other.note.replace(
                    _quoted(other.query), _quoted(q)))
        if key in table:
            found = set(table[key])
            if kind == "provider" and DOMAIN_SHAPE.match(q):
                # A domain is every outlet of it, its newsrooms under paths too (BBC Sport
                # at bbc.com/sport): `related bbc.com` left them out without a word.
                found |= {x for x in self.hubs if x.startswith(f"provider:{key}/")}
            nodes = tuple(sorted(found))
            note = ""
            if len(nodes) > 1:
                names = ", ".join(split_id(x)[1] for x in nodes)
                note = f"{_quoted(q)} names {len(nodes)} {kind}s; took all of them ({names})"
                if kind == "topic":  # a topic and a tag of one name: "(us, us)" read as a slip
                    kinds = " and ".join(f"a {split_id(x)[0]}" for x in nodes)
                    took = "both" if len(nodes) == 2 else "all of them"
                    note = f"{_quoted(q)} names {kinds}; took {took}"
            elif kind == "provider" and not self._own_name(q, nodes[0]):
                # "The Athletic", a name some of The New York Times' items give: said, so
                # that NYT's news desk is not read as The Athletic's.
                label = self.hub_label.get(nodes[0], nodes[0])
                note = f"{_quoted(q)} is a name some items of {label!r} give; took that outlet"
            return Resolution(q, kind, nodes, note)
        hits = {x for name, found in table.items() if key in name for x in found} if partial else ()
        if not hits:
            return None
        node = max(hits, key=lambda x: (len(self.members(x)), x))
        label = self.hub_label.get(node, node)
        return Resolution(q, kind, (node,), f"no {kind} is called {_quoted(q)}; took {label!r}")

    def _outlet_as_named(self, q: str) -> Resolution | None:
        """The outlet ``q`` names as people write it, when no name of the corpus is ``q``
        itself: the name with a generic word after it ("BBC News", "Reuters News" found
        nothing, though "BBC" is the outlet), or a wire's short form ("AP" was the
        keyword AP beside the Associated Press's 8 articles); else None."""
        tail = _OUTLET_TAIL.search(q)
        names = [q[:tail.start()]] if tail and q[:tail.start()].strip() else []
        names += _WIRES.get(squash(q), ())
        return next(filter(None, (self._resolve_named(name, "provider", partial=False)
                                  for name in names)), None)

    def _outlet_part(self, q: str) -> str:
        """The words of ``q`` that name an outlet: ``q`` without the generic words
        _outlet_as_named reads it without ("BBC" of "BBC Online")."""
        while (tail := _OUTLET_TAIL.search(q)) and q[:tail.start()].strip():
            q = q[:tail.start()]
        return q

    def _own_name(self, q: str, node: str) -> bool:
        """Whether ``q`` spells the outlet ``node``'s display name (with or without "The",
        or a part of it that starts it), domain, host or site name, rather than another
        name some of its items give."""
        key = split_id(node)[1]
        if DOMAIN_SHAPE.match(q):  # "nytimes.com", "www.nytimes.com", "boston.cbslocal.com"
            return site_domain(host_key(q)) == site_domain(key)
        shown = self.hub_label.get(node, node)
        asked, label = name_key(q), name_key(shown)
        initials = squash("".join(w[0] for w in re.findall(r"[^\W\d_]+", shown)
                                  if w.casefold() != "the"))
        # "ABC" of "ABC News", "Gazette" of "The Gazette", "NYT": the name, shorter or longer
        return (asked.startswith(label) or label.startswith(asked)
                or asked in (squash(key), squash(site_name(key)), initials))

    def _squashed(self, kind: str) -> dict[str, str]:
        """Each name of a topic or provider table, squashed (letters and digits alone, case
        and accents aside: graphx.outlets.squash) -> its key. A squashed name that keys of
        other topics or providers share names the one they all hold, when there is one:
        "El Pais" is EL PAÍS ("el país"), not also Cinco Días, whose domain's stem
        ("elpais", cincodias.elpais.com) squashes alike; otherwise it names none of them."""
        made = self.__dict__.setdefault("_squashed_names", {})
        if kind not in made:
            table = self.by_topic if kind == "topic" else self.by_provider
            keys: dict[str, list[str]] = {}
            for key in sorted(table):
                if squash(key):
                    keys.setdefault(squash(key), []).append(key)
            out = {}
            for s, named in keys.items():
                held = [set(table[key]) for key in named]
                least = min(range(len(named)), key=lambda i: (len(held[i]), named[i]))
                if all(held[least] <= other for other in held):
                    out[s] = named[least]
            made[kind] = out
        return made[kind]

    def _name_only(self, q: str) -> Resolution | None:
        """When no article holds ``q``'s words: the one outlet or topic whose name holds
        them as words ("Sky" for Sky Sports, the largest of several), said on stderr.
        `related Sky` said "nothing in the corpus matches 'Sky'" beside Sky Sports."""
        if self.keywords.known(q):
            return None
        pattern = re.compile(rf"(?<!\w){re.escape(label_key(q))}(?!\w)")
        for kind in ("provider", "topic"):
            table = self.by_provider if kind == "provider" else self.by_topic
            hits = {x for name, found in table.items() if pattern.search(name) for x in found}
            if hits:
                node = max(hits, key=lambda x: (len(self.members(x)), x))
                label = self.hub_label.get(node, node)
                what = "outlet" if kind == "provider" else "topic"
                return Resolution(q, kind, (node,), f"no article holds {_quoted(q)}; took the "
                                  f"{what} {label!r}")
        return None

    def _resolve_text(self, q: str) -> Resolution:
        if not self.keywords.known(q):
            raise NotFoundError(f"nothing in the corpus matches {_quoted(q)}"
                                + (" (no article holds it written in capitals, as acronyms "
                                   "are looked for)" if self._in_capitals(q) else ""))
        return Resolution(q, "text", ())

    # --- ranking ----------------------------------------------------------------------

    def _score_article(self, r: int):
        """(rows, scores, why) for article row ``r``: each candidate whose blended signals
        are above 0 (never ``r`` itself), its calibrated score (learn.Blend.probability)."""
        hood = self.neighbourhood(r)
        names = {k for k, w in self.weights.items() if w > 0}
        values = compute(self, hood, names)
        # An article without related links (any of a corpus without lists) is scored on the
        # evidence it can have: the link signals are 0 for it on every candidate.
        linked = self.links.indptr[r + 1] > self.links.indptr[r]
        blended = self.blend.blend(values, linked=linked)
        keep = (blended > 0) & (hood.rows != r)
        reading = Reading(self, hood, values)
        return (hood.rows[keep], self.blend.probability(blended[keep], linked=linked),
                lambda j: self._explain_article(reading, j))

    def _score_set(self, res: Resolution):
        """(rows, scores, why) for a topic, provider or keyword query: a keyword answer's
        probability of being relevant (graphx.related.keywords), or membership."""
        if res.kind == "text":
            match = self._keyword_match(res.query)
            return match.rows, probability(match.features), self._explain_set(res, match)
        rows = np.unique(np.concatenate([
            self._story_rows(node) if res.kind == "story" else self.members(node)
            for node in res.nodes]).astype(np.int64))
        # Membership is certain: every member scores 1 (the score's meaning), and
        # centrality orders them, a hair below 1 so that the order survives rounding.
        return rows, 1.0 - SET_ORDER * (1.0 - self.centrality[rows]), self._explain_set(res)

    def _mask(self, *, since: str, until: str, provider: str | None, topic: str | None):
        """Which articles pass the filters (None when there is none); InputError for dates
        no article can be in, or an outlet or topic that names nothing."""
        check_published_range(since, until)
        mask = None
        if since or until:
            mask = self.published != ""
            if since:
                mask &= self.published >= since
            if until:
                mask &= self.published <= until
        for value, kind in ((provider, "provider"), (topic, "topic")):
            if value:
                # lone surrogates read as U+FFFD, accents written one way (NFC)
                value = nfc(repair_text(str(value))[0])
                found = self._resolve_named(value, kind, partial=False)
                if found is None:  # a typo in an option, not a query without answers
                    raise InputError(f"--{kind}: no {kind} matches {_quoted(value)}")
                keep = np.zeros(len(self.nodes), dtype=bool)
                for node in found.nodes:
                    keep[self.members(node)] = True
                mask = keep if mask is None else mask & keep
        return mask

    def related(self, query: str, *, by: str | None = None, limit: int = 10,
                published_since: str = "", published_until: str = "",
                provider: str | None = None, topic: str | None = None,
                min_score: float = DEFAULT_FLOOR, collapse: bool = False
                ) -> tuple[str, list[dict]]:
        """(resolution note, rows) for the ``limit`` articles most related to ``query``.

        published_since/published_until are UTC ISO strings compared with an answer's
        ``published`` (unknown dates drop out once one is given); provider is a domain or
        name, topic a label or key: all of them filter the answers, not the query, as
        ``min_score`` does (a score is the probability that the answer is related; the
        default is DEFAULT_FLOOR). Rows hold FIELDS in score order, ``rank`` 1 first, and
        ``matched`` says what the query was read as (describe); ``collapse`` gives one row per
        syndication group instead (see group_rows, which also arranges rows for reading).
        Raises NotFoundError when the query or a filter matches nothing.
        """
        # Text from a command line or a file that is not UTF-8 (lone surrogates) is read
        # with U+FFFD in place of what cannot be text (the filters' in _mask).
        named, query = query, repair_text(str(query))[0]
        mask = self._mask(since=published_since, until=published_until, provider=provider,
                          topic=topic)
        res = self.resolve(named, by=by)  # a file's name as given: not UTF-8, it is its bytes
        if res.kind in ("url", "title"):
            rows, score, why = self._score_article(self.row[res.nodes[0]])
        else:
            rows, score, why = self._score_set(res)
        keep = score >= min_score
        if mask is not None:
            keep &= mask[rows]
        found = self._top(query, rows[keep], score[keep], why, limit, collapse=collapse,
                          apart={self.row[n] for n in res.nodes if n in self.row}, mask=mask)
        matched = self.describe(res) if found else ""
        note = res.note
        if res.kind in ("url", "title") and found:
            # Articles of the query's own story the floor hides are said: 22 of the Moderna
            # story's 30 (the NYT's, CNBC's, Fox News's reports of the same news) were left
            # out without a word.
            own = self.cluster[self.row[res.nodes[0]]]
            under = (score < min_score) & (self.cluster[rows] == own) if own >= 0 else None
            if under is not None and mask is not None:
                under &= mask[rows]
            hidden = int(under.sum()) if under is not None else 0
            past, reach = (self._past_limit(rows[keep], score[keep], own, found, res.nodes,
                                            collapse=collapse) if own >= 0 else (0, 0))
            if past:  # AP's report of KDRV's Oregon figures ranked 18th, past the 10 shown
                note = "; ".join(filter(None, [note, (
                    f"{count_noun(past, 'more article')} of its story "
                    f"rank{'s' if past == 1 else ''} past the {len(found)} shown "
                    f"(-n {reach} lists them)")]))
            if hidden:
                note = "; ".join(filter(None, [note, (
                    f"{count_noun(hidden, 'more article')} of its story "
                    f"score{'s' if hidden == 1 else ''} under {min_score:g} (--min-score 0 "
                    "lists them)")]))
        return note, [{**row, "matched": matched} for row in found]

    def _past_limit(self, passed, score, own: int, found: list[dict], query_nodes, *,
                    collapse: bool) -> tuple[int, int]:
        """(how many of the rows ``passed``, answers with ``score`` that pass the floor and
        the filters, are of the story ``own`` and shown neither as a row of ``found`` nor,
        ``collapse``d, as a copy of one; a limit that shows them all): the limit counts every
        answer scored above the last of them, so it is enough however rows collapse."""
        shown = {r["id"] for r in found} | set(query_nodes)
        groups = ({r.get("group") for r in found} - {None, ""}) if collapse else set()
        past = [k for k in np.flatnonzero(self.cluster[passed] == own).tolist()
                if self.nodes[passed[k]] not in shown
                and (self.attrs[passed[k]].get("group") or None) not in groups]
        if not past:
            return 0, 0
        lowest = score[past].min()
        return len(past), int((score >= lowest).sum())

    def related_to_nodes(self, nodes: Iterable[str], *, limit: int = 5) -> dict[str, list[dict]]:
        """The rows of related(URL, by="url", limit=limit, collapse=True) for each article
        node among ``nodes``, without resolving URLs (for the map, which asks for
        thousands): one row per syndication group, naming its outlets (the panels are
        read, not parsed), and none for the article's own copies, which its panel names
        as the same text (they were listed again one by one, one under its own headline)."""
        out = {}
        for node in nodes:
            r = self.row.get(node)
            if r is not None:
                query = self.attrs[r].get("url") or node
                rows, score, why = self._score_article(r)
                keep = score >= DEFAULT_FLOOR
                rows, score = rows[keep], score[keep]
                own = self.attrs[r].get("group")
                if own:  # only the answers above the floor are read (thousands are scored)
                    other = np.array([self.attrs[j].get("group") != own
                                      for j in rows.tolist()], dtype=bool)
                    rows, score = rows[other], score[other]
                found = self._top(query, rows, score, why, limit, collapse=True, apart={r})
                matched = self.describe(Resolution(query, "url", (node,))) if found else ""
                out[node] = [{**row, "matched": matched} for row in found]
        return out

    def _top(self, query: str, found, score, why, limit: int, *, collapse: bool = False,
             apart=frozenset(), mask=None):
        """Rows for the best ``limit`` of the articles ``found`` (rows with their ``score``),
        best first, ties by row; with ``collapse``, one row per syndication group, naming
        every copy of its text (but rows in ``apart``, the query's, and those ``mask``
        leaves out) whatever their own scores: one text is one answer (a copy no article
        links scored 0.04 beside its linked twin's 0.85, and was not named)."""
        # Collapsing merges group members, so look further down before cutting at the limit.
        want = max(0, limit * 5 if collapse else limit)
        if want < len(found):  # the best ``want`` (all ties at the cut kept), then sorted
            cut = -np.partition(-score, want - 1)[want - 1] if want else np.inf
            found, score = found[score >= cut], score[score >= cut]
        scored = found  # every candidate, whose reasons can be said (a cut one's too)
        order = np.lexsort((found, -score))[:want]
        # Reasons only for the rows that will be read: with collapse, the best-ranked copy
        # of each of the first ``limit`` texts (group_rows keeps its reasons, no other's).
        # Explaining all five times ``limit`` was a third of a 20,000-article map's panels.
        explained = set(range(len(order))) if not collapse else _leads(
            [self.attrs[j].get("group") or "" for j in found[order].tolist()], limit)
        rows = [self._row(query, rank, found[at], float(score[at]),
                          why(found[at]) if rank - 1 in explained else [])
                for rank, at in enumerate(order, 1)]
        if not collapse:
            return rows
        seen = {row["id"] for row in rows}
        best = {}
        for row in rows:
            if row["group"]:
                best.setdefault(row["group"], row)
        for g, lead in best.items():
            copies = [j for j in self._rows_of_group(g)
                      if j not in apart and self.nodes[j] not in seen
                      and (mask is None or mask[j])]
            # The earliest GROUP_NAMED copies by name, the rest counted: a text carried by
            # 3,000 outlets made 3,000 rows for every panel naming it.
            rows += [self._row(query, 0, j, 0.0, []) for j in copies[:GROUP_NAMED]]
            if len(copies) > GROUP_NAMED:
                lead["unnamed"] = len(copies) - GROUP_NAMED
        # The row shows the earliest copy, with the best copy's reasons: group_rows names
        # the best copy in them unless the shown copy's own reasons are the same, so the
        # shown copy says its own where it is a candidate ("all of them in the headline"
        # was said of PBS's headline, which held neither word, for chron.com's copy).
        members: dict[str, list[dict]] = {}
        for row in rows:
            if row["group"] in best:
                members.setdefault(row["group"], []).append(row)
        for g, lead in best.items():
            shown = earliest_copy(members[g])
            j = self.row[shown["id"]]
            if shown is not lead and lead["why"] and not shown["why"] and np.any(scored == j):
                shown["why"] = why(j)
        return group_rows(rows, collapse=True)[:max(0, limit)]

    def _rows_of_group(self, group: str) -> list[int]:
        """The articles (rows) of the syndication group ``group``, earliest first, found in
        the saved engine's packed column: reading every row's attributes to index the
        groups cost a query 3.7 s at 100,000 articles."""
        column = getattr(self.attrs, "columns", {}).get("group")
        found = (column.where(group).tolist() if column is not None
                 else self._groups_in_memory.get(group, []))
        return sorted(found, key=lambda j: (self.published[j] or "~", j))

    @cached_property
    def _groups_in_memory(self) -> dict[str, list[int]]:
        """Each group's rows, for an engine built from a graph (its rows are the graph's
        own attribute dicts, cheap to read): one scan, where a scan per group and panel
        made a 100,000-article map's write stage 195 s instead of 33 s."""
        out: dict[str, list[int]] = {}
        for j, a in enumerate(self.attrs):
            if a.get("group"):
                out.setdefault(a["group"], []).append(j)
        return out

    def related_many(self, queries: Iterable[str], **options) -> Iterator[tuple[str, str, list]]:
        """(query, note, rows) for each query, with the options of related().

        A query that fails gives its error as the note and no rows; the batch goes on.
        Raises InputError at once when --provider or --topic names nothing.
        """
        self._mask(since=options.get("published_since", ""),
                   until=options.get("published_until", ""), provider=options.get("provider"),
                   topic=options.get("topic"))
        for query in queries:
            try:
                note, rows = self.related(query, **options)
            except GraphxError as exc:
                note, rows = str(exc), []
            yield query, note, rows

    def _row(self, query: str, rank: int, j: int, score: float, why: list[str]) -> dict:
        a = self.attrs[j]
        return {
            "query": query, "matched": "", "rank": rank, "id": self.nodes[j],
            "url": a.get("url") or "",
            "title": a.get("title") or "", "provider": a.get("provider") or "",
            "published": _published(a), "score": round(min(max(score, 0.0), 1.0), 3),
            "why": why, "group": a.get("group") or "",
        }

    # --- explanations -----------------------------------------------------------------

    def _explain_article(self, q: Reading, j: int) -> list[str]:
        """The short, specific reasons article ``j`` (a candidate) is related to the query
        article, strongest first; a syndicated copy says so first."""
        said = reasons(q, j, self.weights)
        group = self.attrs[q.r].get("group")
        if group and group == self.attrs[j].get("group"):
            said.insert(0, "same syndication group")
        return said

    def _explain_set(self, res: Resolution, match=None):
        """A function giving the reasons article ``j`` answers a topic, provider or keyword
        query (``match``: the keyword query's graphx.related.keywords.Match)."""

        def why(j: int) -> list[str]:
            if match is not None:
                said = _keyword_reasons(match, j, self.attrs[j].get("title") or "")
            elif res.kind == "story":
                said = [f"in the story {self.attrs[j].get('cluster_label') or ''!r}"]
            else:
                hubs = [x for x in res.nodes if has(self.hub_members, self.hub_row[x], j)]
                said = [("published by " if res.kind == "provider" else
                         "tagged " if split_id(x)[0] == "tag" else "on the topic ")
                        + self._hub_name(x, res.nodes) for x in hubs]
            cited = self._cited(j)
            if cited:
                said.append(f"listed as related by {count_noun(cited, 'article')}")
            return said

        return why


def _said_apart(spelled: dict, *sides: list[str]) -> list[str]:
    """Each list of stems (the held words, the missing ones) as the query wrote them,
    comma-separated (``spelled``: stem -> word as written). A word written as one that
    the index cuts in several ("999_reuters_com": 999, reuters, com) is said by the part
    each stem came from when its stems fall on different sides: a reason said "holds 1 of
    5 words: 999_reuters_com (not day, 999_reuters_com, md)", one word held and missing."""
    written = [{spelled.get(w, w) for w in side} for side in sides]
    out = []
    for i, side in enumerate(sides):
        elsewhere = set().union(*(other for k, other in enumerate(written) if k != i))
        out.append(", ".join(dict.fromkeys(
            _part_written(w, spelled[w]) if spelled.get(w, w) in elsewhere
            else spelled.get(w, w) for w in side)))
    return out


def _part_written(stem: str, word: str) -> str:
    """The part of ``word`` (letters and digits between other marks) that gives ``stem``;
    the stem itself when none does alone."""
    return next((part for part in re.findall(r"[^\W_]+", word) if tokens(part) == [stem]),
                stem)


def _keyword_reasons(match, j: int, title: str | None = None) -> list[str]:
    """Which of the query's words article row ``j`` holds, where, and how close; its row
    shows the headline ``title`` (None: the one the index read)."""
    at = int(np.searchsorted(match.rows, j))
    found = match.found[at]
    asked = match.asked or match.words  # every word of the query, held by an article or not
    groups = getattr(match, "groups", None) or []
    if groups:
        # OR: a run of alternatives is held by holding any one of them, and one not held
        # is no shortfall ("holds 1 of 2 words: wildfire (not earthquake)" read as one)
        held = set(found)
        grouped = {w for g in groups for w in g}
        units = [[w] for w in asked if w not in grouped] + groups
        short = [u for u in units if not held.intersection(u)]
        alternatives = " OR ".join
        asking = ", ".join(alternatives(match.said([w]) for w in u) for u in units)
        said = ([f"holds {match.said(found)}: a match of {asking}"] if not short else
                [f"holds {len(units) - len(short)} of {len(units)} parts of {asking}: "
                 f"{match.said(found)} (not "
                 f"{', '.join(alternatives(match.said([w]) for w in u) for u in short)})"])
    else:
        missing = [w for w in asked if w not in found]
        held, lacked = _said_apart(match.spelled, found, missing)
        said = [(f"holds the word {held}" if len(asked) == 1 else
                 f"holds every word: {held}") if not missing else
                f"holds {len(found)} of {len(asked)} words: {held} (not {lacked})"]
    if match.features["title_coverage"][at] >= 0.999:
        # Its headlines: the one its row shows, or some in an earlier one (its other
        # files', which the keyword index reads too) when that one lacks a word found.
        parts = {p for w in found for p in w.split("&")}  # a name joined by "&" ("at&t")
        said.append("all of them in the headline"
                    if title is None or parts <= set(tokens(title)) else
                    "all of them in its headlines, some in an earlier one")
    return said


def _leads(groups: list[str], limit: int) -> set[int]:
    """Which places of a ranking (each answer's syndication group, "" for none) lead one of
    the first ``limit`` texts: the rows group_rows(collapse=True) shows, in their order."""
    leads: set[int] = set()
    seen: set[str] = set()
    for at, g in enumerate(groups):
        if len(leads) >= limit:
            break
        if g and g in seen:
            continue
        if g:
            seen.add(g)
        leads.add(at)
    return leads


def earliest_copy(members: list[dict]) -> dict:
    """The copy a collapsed row shows: the earliest published (the wire's own page, as
    report.md credits it), the better scored of two at one time."""
    return min(members, key=lambda m: (m.get("published") or "~", -(m.get("score") or 0)))


def _whose(best: dict, shown: dict) -> str:
    """The copy ``best`` named for a row that shows ``shown``: its outlet, its headline when
    the row's is another, and its time ("chron.com's copy 'Governor frees Texas salon
    owner' (2020-05-08 01:55)")."""
    said = f"{best.get('provider') or 'another outlet'}'s copy"
    if _norm(best.get("title") or "") != _norm(shown.get("title") or ""):
        said += f" {_quoted(best.get('title') or '', width=120)}"
    when = (best.get("published") or "")[:16].replace("T", " ")
    return f"{said} ({when})" if when else said


def titled(rows: list[dict]) -> list[dict]:
    """Rows for reading, each with a title to show: an answer whose file gave no title as
    text (a list, a mapping, null: dropped on loading) shows its URL, as stats, the exports
    and the map label it; the table showed an empty cell and no address. Data keeps the
    title as loaded ("") beside its url."""
    return [row if row.get("title") else {**row, "title": row.get("url") or row.get("id", "")}
            for row in rows]


def group_rows(rows: list[dict], *, collapse: bool = False) -> list[dict]:
    """Rows with each syndication group's members right under its best-ranked member.

    For reading (the table, the map's panels): each row keeps its ``rank``, the rank of its
    score, so a copy moved up under its group shows where it ranks on its own. Machine
    formats keep score order. ``collapse`` keeps one row per group instead, naming every
    outlet in ``provider``, the earliest copy's first, and ranks the rows left 1, 2, 3...
    """
    order: list[list[dict]] = []
    by_group: dict[str, list[dict]] = {}
    for row in rows:
        g = row.get("group") or ""
        if g and g in by_group:
            by_group[g].append(row)
        else:
            order.append([row])
            if g:
                by_group[g] = order[-1]
    if not collapse:
        return [row for members in order for row in members]
    out = []
    for members in order:
        first = dict(members[0])
        if len(members) > 1:
            # One text, one row: its score and reasons the best copy's, its address, time and
            # first outlet the earliest's (the wire's own page, as report.md credits it): a
            # row read "usnews.com ... 18:10" for an AP story that ran at 17:20. Reasons
            # not true of the copy shown name the copy they are about: "published 5 hours
            # later" was said beside a time 11 hours earlier.
            earliest = earliest_copy(members)
            if earliest is not members[0] and first["why"] and earliest["why"] != first["why"]:
                first["why"] = [f"{_whose(members[0], earliest)}: {first['why'][0]}",
                                *first["why"][1:]]
            first.update({k: earliest[k] for k in ("id", "url", "title", "published")
                          if k in earliest})
            members = [earliest, *(m for m in members if m is not earliest)]
            outlets = list(dict.fromkeys(m["provider"] for m in members))
            first["provider"] = join_list(outlets)
            said = []
            if len(outlets) > 1:  # other outlets' copies
                said.append(f"also carried by {count_noun(len(outlets) - 1, 'outlet')}")
            if len(members) > len(outlets):  # an outlet's own copies at other addresses
                more = count_noun(len(members) - len(outlets), "other address", "other addresses")
                said.append(f"republished at {more}")
            if first.get("unnamed"):  # copies past GROUP_NAMED
                said.append(f"and {count_noun(first['unnamed'], 'more copy', 'more copies')}")
            first.pop("unnamed", None)
            first["why"] = [*first["why"], *said]
        out.append(first)
    return [{**row, "rank": rank} for rank, row in enumerate(out, 1)]
