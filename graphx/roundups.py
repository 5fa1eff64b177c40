"""Round-ups and templated reports: articles whose words do not tie them to one story.

A round-up (a live-updates page, AP's "The Latest", "Asia Today", a morning briefing)
covers many stories at once and links to them; a templated report ("Oregon reports 2
deaths, 70 new cases") shares its wording with every other place's daily figures, and the
aggregator's related lists join them across places. Either would glue stories together.

So the story evidence between two articles (``StoryText.same_story``) needs them to share
a name when both titles name something (graphx.names), and a templated report counts only
for reports of its own place and day: a shared name, the same figures, published within
TALLY_HOURS of each other. A round-up is found by where its evidence points, to several
stories, or by its own words covering several (``find_roundups``): a title listing items
("...; ICE detainee dies; California to get $247M refund"), a page of one day ("Oregon
coronavirus updates, May 6: ..."), an opening shared with pages of other headlines (a live
page's standing text). A round-up-like title or URL is needed for the second kind and
lowers the bar for the first, but never decides alone. graphx.analysis keeps round-ups
out of the clustering and attaches each to the story it has most evidence with.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import networkx as nx

from .model import parse_utc
from .names import name_finder, name_keys, share_a_name

#: Titles and URLs that round-ups often have (only a hint: "Stock Market Today" is not one).
ROUNDUP_TITLE = re.compile(
    r"(?i)(?:\bthe latest\b|\blive(?: news| blog| coverage)?(?: updates?)?\s*[:|/]"
    r"|\blive updates?\b|\blive coverage\b|\b(?:news )?updates?\s*(?:&[^:]*)?(?:[:,]|for\b)"
    r"|\bupdates\b[^:]{1,16}:"
    r"|\bupdates? on\b|\bwhat (?:you need )?to know\b|\bwhat we know\b|\bthings to know\b"
    r"|\bbriefing\s*$|\byour \w+ briefing\b|\bround-?up\b|\b\w+ today:|\bin brief\b"
    r"|\bstories to read\b|\bgood morning\b)"
)
ROUNDUP_URL = re.compile(r"(?i)(?:live-?updates|live-?news|live-?blog|/live/|the-latest|"
                         r"roundup|round-up)")
#: What a page of one day's news says it is ("Oregon coronavirus updates, May 6: ...").
DAY_PAGE = re.compile(r"(?i)\b(?:updates|live|what (?:you need )?to know|timeline|things to know"
                      r"|the latest|news for)\b")
#: A count before the thing counted ("72 new cases", "four more deaths", "34 test positive"),
#: or after it ("deaths surpass 4,400", "death toll rises to 1,783").
_COUNT = (r"(?<![\w-])(?:\d[\d,.]*[kKmM]?|one|two|three|four|five|six|seven|eight|nine|ten"
          r"|dozens?|hundreds?)")
_COUNTED = (r"(?:cases?|deaths?|death toll|infections?|positives?|tests? positive|tested positive"
            r"|dead|recoveries|recovered|hospitali[sz]ations|fatalities|died|die)")
TALLY = re.compile(rf"(?i){_COUNT}\s+(?:[\w-]+\s+){{0,3}}?{_COUNTED}\b"
                   rf"|\b{_COUNTED}\s+(?:[\w-]+\s+){{0,3}}?{_COUNT}")
_FIGURE = re.compile(r"(?i)(?<![\w.,-])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w,])"
                     r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b")
_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
#: A date in a title ("May 6", "6 May", "Wednesday"): a daily series' pages differ by it.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DAY = re.compile(rf"(?i)\b(?:{_MONTH}[a-z]*\.? (\d{{1,2}})\b|(\d{{1,2}}) {_MONTH}"
                  r"|(mon|tues|wednes|thurs|fri|satur|sun)day)")
#: Hours within which two reports of one place's figures can be the same day's.
TALLY_HOURS = 20.0
#: Days beyond which two articles are other developments, however alike (a product blog's
#: posts a year apart, a monthly feature round-up): one theme at most, never one story.
STORY_DAYS = 7.0
#: A round-up's evidence reaches this many stories, each with at least MIN_SHARE of it
#: (two when its title or URL looks like a round-up's).
MIN_STORIES, MIN_STORIES_HINTED, MIN_SHARE = 3, 2, 0.15
#: Evidence (summed weight) a story needs from an article to count as one it points at.
MIN_WEIGHT = 0.3
#: Characters of an excerpt's opening compared with other pages' (a live page's standing text).
OPENING = 60
_ITEMS = re.compile(r";\s*\S+(?:\s+\S+){2}")  # "...; ICE detainee dies": a second item


def has_roundup_hint(title: str, url: str = "") -> bool:
    """Whether a title or URL looks like a round-up's (a hint, never proof)."""
    return bool(ROUNDUP_TITLE.search(title) or ROUNDUP_URL.search(url))


def lists_items(title: str) -> bool:
    """Whether a title lists several news items ("...: Obamacare; deaths pass 73,000")."""
    return bool(_ITEMS.search(title))


def opening(text: str) -> str:
    """A text's first OPENING characters, spacing and case ignored ("" when shorter)."""
    start = " ".join(text[:3 * OPENING].casefold().split())[:OPENING]
    return start if len(start) == OPENING else ""


#: Words every page of a series may carry in its title ("The Latest: ...", "live updates").
SERIES_WORDS = frozenset(("latest", "live", "update", "updates", "news", "coronavirus", "covid",
                          "today", "what", "know", "need", "here"))


def title_words(title: str) -> frozenset[str]:
    """A title's words of four letters or more, casefolded, less a series' own words."""
    return frozenset(re.findall(r"\w{4,}", title.casefold())) - SERIES_WORDS


def shared_openings(texts: Sequence[str], titles: Sequence[str]) -> list[bool]:
    """Whether each text opens as another text does whose title has not a word in common
    with its own: the standing text of a page series, not a wire copy."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        start = opening(text)
        if start:
            groups[start].append(i)
    shared = [False] * len(texts)
    for members in groups.values():
        if len(members) > 1:
            words = {i: title_words(titles[i]) for i in members}
            for i in members:
                shared[i] = any(not words[i] & words[j] for j in members if j != i)
    return shared


_COUNTED_STEMS = ("case", "death", "infect", "positive", "test", "dead", "recover", "hospital",
                  "fatal", "die")


def is_templated(title: str) -> bool:
    """Whether a title reports figures ("Oregon reports 2 deaths, 70 new cases")."""
    folded = title.casefold()
    return any(stem in folded for stem in _COUNTED_STEMS) and bool(TALLY.search(title))


def figures(text: str) -> frozenset[str]:
    """The numbers in ``text`` ("2,850" -> "2850", "four" -> "4"), years left out."""
    found = {_WORDS.get(m.group().casefold(), m.group().replace(",", ""))
             for m in _FIGURE.finditer(text)}
    return frozenset(f for f in found if not ("2019" <= f <= "2022" and len(f) == 4))


_URL_DAY = re.compile(rf"(?i){_MONTH}[a-z]*[-_](\d{{1,2}})(?!\d)")


def url_day(url: str) -> str:
    """The day a URL's path names ("...-may-6/" -> "d6"), as title_day writes it; or ""."""
    m = _URL_DAY.search(url.split("?")[0])
    return f"d{int(m.group(1))}" if m else ""


def title_day(title: str) -> str:
    """The day a title names: "d6" for "May 6" or "6 May", "wwednes" for "Wednesday", or ""."""
    m = _DAY.search(title)
    if not m:
        return ""
    date = m.group(1) or m.group(2)
    return f"d{int(date)}" if date else "w" + m.group(3).casefold()


class StoryText:
    """What each article's words say about which story it can share: names, figures, kind.

    ``articles`` are node ids of G; everything is indexed by their position. Only the
    articles at positions in ``only`` (default: all) are read; the others read as empty.
    """

    def __init__(self, G: nx.MultiDiGraph, articles: Sequence[str], *, only=None) -> None:
        nodes = G.nodes
        finder = name_finder(G)
        read = range(len(articles)) if only is None else sorted(only)
        n = len(articles)
        empty: frozenset = frozenset()
        self.title_names = [empty] * n
        self.names = [empty] * n
        self.title_keys = [empty] * n
        self.keys = [empty] * n
        self.templated = [False] * n
        self.figures = [empty] * n
        self.day = [""] * n
        self.hint = [False] * n
        self.hours: list[float | None] = [None] * n
        # The words that can make an article a round-up of its own: it covers several
        # stories (listed items, a day's page, a series' standing opening).
        excerpts = [nodes[a].get("excerpt", "") for a in articles]
        self.several = shared_openings(excerpts, [nodes[a].get("title", "") for a in articles])
        self.opening = [opening(e) if self.several[i] else "" for i, e in enumerate(excerpts)]
        self.title_words = [frozenset()] * n
        for i in read:
            attrs = nodes[articles[i]]
            title, excerpt = attrs.get("title", ""), attrs.get("excerpt", "")
            self.title_names[i] = finder.names(title)
            self.names[i] = self.title_names[i] | finder.names(excerpt)
            self.title_keys[i] = name_keys(self.title_names[i])
            self.title_words[i] = title_words(title)
            self.keys[i] = name_keys(self.names[i])
            self.templated[i] = is_templated(title)
            # The headline's figures; the excerpt's when the headline has none.
            self.figures[i] = figures(title) or figures(excerpt)
            self.day[i] = title_day(title)
            self.hint[i] = has_roundup_hint(title, attrs.get("url", ""))
            # A day's page: its title names the day and says it is a page of news, or its
            # URL is a live page's and names the day.
            url = attrs.get("url", "")
            self.several[i] = (self.several[i] or lists_items(title)
                               or bool(self.day[i] and DAY_PAGE.search(title))
                               or bool(ROUNDUP_URL.search(url) and (self.day[i] or url_day(url))))
            when = parse_utc(attrs.get("published", ""))
            self.hours[i] = when.timestamp() / 3600 if when else None

    def names_agree(self, i: int, j: int) -> bool:
        """True unless both titles name something and neither names what the other says."""
        ti, tj = self.title_names[i], self.title_names[j]
        if not ti or not tj:
            return True
        return (share_a_name(ti, self.title_keys[i], self.names[j], self.keys[j])
                or share_a_name(tj, self.title_keys[j], self.names[i], self.keys[i]))

    def same_day_figures(self, i: int, j: int) -> bool:
        """Reports of one place's figures of one day: a shared name, the same figures (two,
        or all of the one a title gives), published close in time, no different dates named."""
        fi, fj = self.figures[i], self.figures[j]
        hi, hj = self.hours[i], self.hours[j]
        # One figure places a report less surely: it must be closer in time to match.
        hours = TALLY_HOURS if min(len(fi), len(fj)) > 1 else TALLY_HOURS / 2
        if hi is not None and hj is not None and abs(hi - hj) > hours:
            return False
        if self.other_days(i, j):
            return False
        if len(fi & fj) < min(2, len(fi), len(fj)) or not fi & fj:
            return False
        return share_a_name(self.names[i], self.keys[i], self.names[j], self.keys[j])

    def template_only(self, i: int, j: int) -> bool:
        """Whether a templated report's link to another article is template wording only."""
        return (self.templated[i] or self.templated[j]) and not self.same_day_figures(i, j)

    def standing_text_only(self, i: int, j: int) -> bool:
        """Whether articles i and j share only a page series' standing opening, not a title word."""
        return bool(self.opening[i]) and self.opening[i] == self.opening[j] and not (
            self.title_words[i] & self.title_words[j])

    def other_days(self, i: int, j: int) -> bool:
        """Whether the two titles name different days ("... Wednesday", "... Thursday")."""
        di, dj = self.day[i], self.day[j]
        return bool(di and dj and di[0] == dj[0] and di != dj)

    def apart(self, i: int, j: int, hours: float) -> bool:
        """Whether the two were published more than ``hours`` apart (False when undated)."""
        hi, hj = self.hours[i], self.hours[j]
        return hi is not None and hj is not None and abs(hi - hj) > hours

    def far_apart(self, i: int, j: int) -> bool:
        """Whether the two were published more than STORY_DAYS apart."""
        return self.apart(i, j, 24 * STORY_DAYS)

    def same_story(self, i: int, j: int) -> bool:
        """Whether evidence between articles i and j (a link, similar text) can be one story:
        their names agree, they are close in time and name no different days, and what they
        share is neither template wording nor a page series' standing text."""
        return (self.names_agree(i, j) and not self.other_days(i, j)
                and not self.far_apart(i, j) and not self.template_only(i, j)
                and not self.standing_text_only(i, j))


def find_roundups(
    neighbours: Sequence[dict[int, float]],
    story_of: Sequence[int],
    hint: Sequence[bool],
    several: Sequence[bool],
) -> set[int]:
    """Articles whose evidence or words point at several stories: the round-ups.

    ``neighbours[i]`` maps each article linked to article i to the weight of that evidence;
    ``story_of[i]`` is i's story in a first clustering (-1: none). An article is a round-up
    when MIN_STORIES stories (MIN_STORIES_HINTED with a round-up ``hint``) each get at least
    MIN_SHARE and MIN_WEIGHT of its evidence (an unclustered neighbour is a story of its
    own), or when it has a ``hint`` and words covering ``several`` stories.
    """
    found = {i for i, (h, s) in enumerate(zip(hint, several, strict=True)) if h and s}
    for i, links in enumerate(neighbours):
        need = MIN_STORIES_HINTED if hint[i] else MIN_STORIES
        if len(links) < need:
            continue
        into: dict[int, float] = defaultdict(float)
        for j, w in links.items():
            into[story_of[j] if story_of[j] >= 0 else -1 - j] += w
        total = sum(into.values())
        pointed = sum(1 for w in into.values() if w >= MIN_WEIGHT and w >= MIN_SHARE * total)
        if pointed >= need:
            found.add(i)
    return found
