"""Round-ups and templated reports: articles whose words do not tie them to one story.

A round-up (a live-updates page, AP's "The Latest", "Asia Today", a morning briefing)
covers many stories at once and links to them; a templated report ("Oregon reports 2
deaths, 70 new cases") shares its wording with every other place's daily figures, and the
aggregator's related lists join them across places. Either would glue stories together.

So the story evidence between two articles (``StoryText.same_story``) needs them to share
a name when both titles name something (graphx.names), and a templated report counts only
for reports of its own place and day: a shared name and the same figures, published close
in time, however each writes them ("cases top 4,200" is 4,201; a wire copy republished the
next day is still that day's report; see ``StoryText.same_day_figures``).

A round-up is found by where its evidence points, to several stories (for a headline listing
items, "Notable deaths this weekend: A, B, C and more", the stories told without such pages:
``lists_several``, so that a digest does not glue its items into one), or by its own words
covering several (``find_roundups``, ``roundup_words``): a title listing items ("...; ICE
detainee dies; California to get $247M refund"), a page of one day ("Oregon coronavirus
updates, May 6: ..."), an opening shared with pages of other headlines (a live page's
standing text), an address or an earlier title naming another headline (a live page
whose lead changed), or a series ("The Latest: ...") holding such pages among pages of
unrelated headlines, so that each of its pages is a round-up even when the text shown is
one item. A round-up-like title or URL is needed for the words and lowers the bar for the
evidence, but never decides alone. graphx.analysis keeps round-ups out of the clustering
and attaches each to the story it has most evidence with.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import networkx as nx

from .model import canonical, split_list, utc_hours
from .names import fold_word, name_finder, share_a_name
from .urls import site_name
from .words import WIRE_PREFIX

#: A count of items a list title gives ("5", "three").
_LIST_COUNT = r"\b(?:\d+|three|four|five|six|seven|eight|nine|ten)"
#: "things to know", "things you need to know": a list title's words.
_THINGS_TO_KNOW = r"\bthings (?:you need )?to know\b"
#: Titles that say their page is a live page or a digest, not one report (a page titled so
#: is never a first report: graphx.analysis.first_report).
_SAYS_ROUNDUP = (
    r"\bthe latest\b|\blive(?: news| blog| coverage)?(?: updates?)?\s*[:|/]"
    r"|\blive updates?\b|\blive coverage\b"
    rf"|{_THINGS_TO_KNOW}|\bround-?up\b|\bat a glance\b|\bin brief\b"
    r"|^\W*(?:\w+\s+)?briefing\s*[:\u2014\u2013-]|\b\w+ today:"
    # a minute-by-minute page: "England v Denmark: Euro 2028 – live", "... – as it happened"
    r"|\s[\u2013\u2014-]\s*live\s*$|\bas it happened\b"
    # ... in the other languages graphx reads: Portuguese, Spanish, French, Italian, German,
    # Dutch, Polish ("Legislativas 2026 ao minuto: ...", "en directo", "Liveticker")
    r"|\bao minuto\b|\bem direto\b|\bao vivo\b|\ben (?:directo|vivo|direct)\b"
    r"|\bminuto (?:a|per) minuto\b|\bin diretta\b|\bin tempo reale\b|\blive-?ticker\b"
    r"|\b(?:live|news)-?blog\b|\bna żywo\b"
    # ... and the other standard English openings of one: "as it happens", "Minute-by-minute:"
    r"|\bas it happens\b|\bminute[- ]by[- ]minute\b|\brolling coverage\b|^\W*follow live\b"
    r"|\blatest updates?\b"
    # ... and a live page's word in any of those languages opening or closing its title
    # beside a mark ("DIRETTA | ...", "Direkt: ...", "DIRECT. ...", "... : LIVE", "...,
    # la diretta"), and "follow our live" said in French and Portuguese ("X latest:" is
    # no mark: "Coronavirus Latest: Widow of ..." is one report; nor is a breaking flash,
    # "ÚLTIMA HORA | Muere ...", "ULTIM'ORA: Crolla ...": the first report of one story)
    r"|^\W*(?:live|diretta|direkt|directo|direct|en directo|en vivo|ao vivo|em direto"
    r")\s*[:|.\u2013\u2014]"
    r"|[,:|\u2013\u2014]\s*(?:live|(?:la )?diretta|direkt|directo|direct|en vivo|ao vivo)\W*$"
    r"|\bsuivez (?:notre|le) direct\b|\b(?:acompanhe|siga) (?:em tempo real"
    r"|ao vivo)\b")
SAYS_ROUNDUP = re.compile(rf"(?i){_SAYS_ROUNDUP}")
#: Titles and URLs that round-ups often have (only a hint: "Stock Market Today" is not one):
#: those, and words that also title single reports ("UPDATE: 507 deaths reported").
ROUNDUP_TITLE = re.compile(
    rf"(?i)(?:{_SAYS_ROUNDUP}"
    # an explainer ("Strong earthquake off Aomori: what we know") is one story's report as
    # often as a day's digest ("What you need to know today"): a hint, no mark
    r"|\bwhat (?:you need )?to know\b|\bwhat we know\b"
    r"|\b(?:news )?updates?\s*(?:&[^:]*)?(?:[:,]|for\b)|\bupdates\b[^:]{1,16}:"
    r"|\bupdates? on\b|\bbriefing\s*$|\byour \w+ briefing\b"
    r"|^\W*(?:[\u00fau]ltima hora|ultim'?ora)\b"
    r"|\bstories to read\b|\bgood morning\b)"
)
ROUNDUP_URL = re.compile(r"(?i)(?:live-?updates|live-?news|live-?blog|/live/|the-latest|"
                         r"roundup|round-up|at-a-glance)")
#: What a page of one day's news says it is ("Oregon coronavirus updates, May 6: ...").
DAY_PAGE = re.compile(r"(?i)\b(?:updates|live|what (?:you need )?to know|what we know|timeline"
                      r"|things to know|the latest|news for)\b")
#: A title counting the stories it holds ("The American South: 5 COVID-19 stories to read").
_COUNTED_STORIES = re.compile(rf"(?i){_LIST_COUNT} (?:[\w-]+ ){{0,2}}(?:stories|headlines)\b")
#: A count before the thing counted ("72 new cases", "four more deaths", "34 test positive"),
#: or after it ("deaths surpass 4,400", "death toll rises to 1,783").
_COUNT = (r"(?<![\w-])(?:\d[\d,.]*[kKmM]?|one|two|three|four|five|six|seven|eight|nine|ten"
          r"|dozens?|hundreds?)")
_COUNTED = (r"(?:cases?|deaths?|death toll|infections?|positives?|tests? positive|tested positive"
            r"|dead|recoveries|recovered|hospitali[sz]ations|fatalities|died|die)")
TALLY = re.compile(rf"(?i){_COUNT}\s+(?:[\w-]+\s+){{0,3}}?{_COUNTED}\b"
                   rf"|\b{_COUNTED}\s+(?:[\w-]+\s+){{0,3}}?{_COUNT}")
#: An ordinal count ("Fourth death blamed on...", "4th case", "second coronavirus death"):
#: the figure 4 said as the reporters of the tally say "death toll rises to 4".
_ORDINALS = {w: str(i) for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(),
    1)}
ORDINAL_COUNT = re.compile(rf"(?i)(?<![\w-])(?:(\d+)(?:st|nd|rd|th)|({'|'.join(_ORDINALS)}))"
                           rf"\s+(?:[\w-]+\s+){{0,2}}?{_COUNTED}\b")
_UNITS = "one two three four five six seven eight nine".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
#: A figure: "2,850" (a comma after it ends the sentence, not the number), "20K", "four",
#: "twenty-five". Dates and clock times are taken out first (see figures).
_FIGURE = re.compile(r"(?i)(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)(k\b)?(?!\w|,\d)"
                     rf"|\b((?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_UNITS)}))?"
                     r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b")
_WORDS = {w: str(i) for i, w in enumerate(["zero", *_UNITS, "ten", "eleven", "twelve"])}
_WORDS.update({f"{tens}-{unit}" if unit else tens: str(20 + 10 * t + u)
               for t, tens in enumerate(_TENS) for u, unit in enumerate(["", *_UNITS])})
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
#: Characters of an excerpt that hold its dateline ("ALPHARETTA, Ga., June 6, 2022 /PRNewswire/").
DATELINE = 60
#: Characters of an excerpt's opening compared with other pages' (a live page's standing text).
OPENING = 60
_WORD = r"[\w$][\w'’.,$%-]*"
_ITEMS = re.compile(rf";\s*{_WORD}(?:\s+{_WORD}){{2}}")  # "...; ICE detainee dies": a second item
#: A casualty toll ("8 dead, 11 hurt", "3 killed and 5 injured", "2 dead, dozens hurt", "at
#: least 4 people killed"): the figures of one event, however many.
_HARMED = (r"(?:dead|killed|hurt|injured|wounded|missing|died|shot|stabbed|hospitali[sz]ed"
           r"|rescued|evacuated|displaced|arrested)")
_ONE_TOLL = (rf"(?:(?:at least|more than|over|nearly|about|up to)\s+)?{_COUNT}\s+"
             rf"(?:[\w-]+\s+){{0,2}}?{_HARMED}\b")
_TOLL = re.compile(rf"(?i)\W*{_ONE_TOLL}(?:\W*(?:and|&)?\W*{_ONE_TOLL})*\W*")
#: A title listing three items ("Ontario extends hydro rates; LCBO to expand hours; BMO Field
#: repurposed"): a round-up's title however it is worded.
_THREE_ITEMS = re.compile(rf";\s*[^\W\d]{_WORD}(?:\s+{_WORD}){{2}}.*"
                          rf";\s*[^\W\d]{_WORD}(?:\s+{_WORD}){{2}}")  # not "; 8 in Volusia"
#: A series' title listing three items of two or more words with commas ("Coronavirus at a
#: glance: Moderna vaccine trial, UK lockdown extension, Tyson plant"), "and" before the
#: last with a comma or without, after a colon or a dash.
_ITEM = r"[^\W\d][^,;:]*?\s+[^,;:]+?"
_COMMA_ITEMS = re.compile(rf"(?::|\s[\u2014\u2013-])\s*{_ITEM},\s*{_ITEM}"
                          rf"(?:,\s*(?:and\s+)?|,?\s+and\s+){_ITEM}\s*$")
#: ... read so only in a digest's title: elsewhere the commas are a sentence's ("Widow of
#: Lt. James Walker, who died of COVID-19, has message").
_DIGEST = re.compile(r"(?i)\bat a glance\b|^\W*(?:\w+\s+)?briefing\b|\bgood morning\b"
                     r"|\bin brief\b|\bround-?up\b")
#: A list title's count of things ("5 things to know today: ..."), and the list after its
#: colon, three items or more, of any length: one subject's things ("5 things to know about
#: the vaccine trial") have no such list.
_THINGS = re.compile(rf"(?i){_LIST_COUNT} things\b|{_THINGS_TO_KNOW}")
_LISTED = re.compile(r":\s*[^,;:]+(?:,[^,;:]+){2,}$")
#: A live stream's page ("WATCH LIVE: Gov to speak at 1:30", "LIVE: Gov. Beshear gives
#: update"): one event, whatever its title's words; never a story's first report.
LIVE_STREAM = re.compile(r"(?i)\bwatch(?:ing)? live\b|\blive[- ]?stream|^\W*live\s*:")
#: A title's series ("The Latest", "Coronavirus live updates"): a round-up-like opening of
#: at most six words before ": ", then the headline.
_SERIES = re.compile(r"^\s*((?:[^\s:]+\s+){0,5}[^\s:]+)\s*:\s+(.*)$")




def has_roundup_hint(title: str, url: str = "") -> bool:
    """Whether a title or URL looks like a round-up's (a hint, never proof); a wire's
    version label is no word of it (dpa's "ROUNDUP:" is one story's updated text)."""
    title = WIRE_PREFIX.sub("", title)
    return bool(ROUNDUP_TITLE.search(title) or ROUNDUP_URL.search(url)
                or (";" in title and _THREE_ITEMS.search(title)))


def says_roundup(title: str) -> bool:
    """Whether a title says its page is a live page or a digest (SAYS_ROUNDUP), its wire
    version label aside ("ROUNDUP: GDL-Streik legt Bahnverkehr lahm" is dpa's one story)."""
    return SAYS_ROUNDUP.search(WIRE_PREFIX.sub("", title)) is not None


def is_live_stream(title: str) -> bool:
    """Whether a title announces a live stream of one event (see LIVE_STREAM)."""
    return bool(LIVE_STREAM.search(title))


def series(title: str) -> str:
    """The round-up series a title opens with ("the latest" for "The Latest: ..."), or ""."""
    m = _SERIES.match(title)
    if not m or not ROUNDUP_TITLE.search(m.group(1) + ":"):
        return ""
    return " ".join(m.group(1).casefold().split())


def headline(title: str) -> str:
    """A title without its series' opening and its outlet's name after " | "."""
    m = _SERIES.match(title)
    return (m.group(2) if m and series(title) else title).split(" | ")[0]


def lists_items(title: str) -> bool:
    """Whether a title lists several news items ("...: Obamacare; deaths pass 73,000"): two
    parts between semicolons, the first after the title's subject, a later one of three
    words or more. Neither the page's kind ("...; what we know", "; live updates": an
    explainer's or a live page's own words) nor a casualty toll ("Easton mall shooting: 8
    dead, 11 hurt; ...", "3 killed, 5 injured": one event's figures) is an item: "Easton mall
    shooting: 8 dead, 11 hurt; what we know" is one story's explainer."""
    if not _ITEMS.search(title):
        return False
    parts = title.split(";")
    parts[0] = parts[0].rsplit(":", 1)[-1]
    items = [part for part in parts if not _TOLL.fullmatch(part) and not (
        (ROUNDUP_TITLE.search(part) or DAY_PAGE.search(part)) and not title_words(part))]
    return len(items) >= 2 and any(_ITEMS.match(";" + part) for part in items[1:])


#: A headline listing three items or more with commas after its subject ("Notable deaths
#: this weekend: Hal Brewster, Joan Vickery, Carlos Medeiros and more", "Premier League
#: results: Arsenal beat Chelsea, Liverpool win derby, Villa edge Newcastle").
#: A comma is a list's when a space follows it: "1,000" is a figure ("Coronavirus: Over 1,000
#: CAF members sent to Quebec long-term care homes, more to come by mid-May" is one report).
_LISTS_THREE = re.compile(r"(?::|\s[\u2014\u2013-])\s*[^,;:]*[^\W\d][^,;:]*,\s+[^,;:]+"
                          r"(?:,\s+(?:and\s+)?|,?\s+(?:and|&)\s+)[^,;:]+$")


def lists_several(title: str) -> bool:
    """Whether a headline lists three items or more, names or reports, with commas after its
    subject or with semicolons (_LISTS_THREE, _THREE_ITEMS): a digest's title, whether or
    not it says it is one. Such a page's evidence is read against the stories told without
    it (find_roundups). Two items are not enough: a report's second clause ("Coronavirus in
    Louisiana: 41 more deaths, 253 more cases; see New Orleans-area data", "7 employees at
    STX Beef test positive; 3 in ICU") is one story's, as often as not."""
    title = headline(WIRE_PREFIX.sub("", title))
    return bool(_LISTS_THREE.search(title) or _THREE_ITEMS.search(title))


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
    """Whether each text opens as another text does whose headline has not a word in common
    with its own: the standing text of a page series, not a wire copy."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        start = opening(text)
        if start:
            groups[start].append(i)
    shared = [False] * len(texts)
    for members in groups.values():
        if len(members) < 2:
            continue
        # Members by their title's words (a wire story's copies share them), and for each
        # word the distinct word sets holding it, as bits: a set meets another when one of
        # its words' bits has the other's. Comparing every pair of members cost 9,000,000
        # set tests (7 s) for one wire story carried by 3,000 outlets.
        alike: dict[frozenset, list[int]] = defaultdict(list)
        for i in members:
            alike[title_words(headline(titles[i]))].append(i)
        distinct = list(alike)
        bits: dict[str, int] = defaultdict(int)
        for k, words in enumerate(distinct):
            for w in words:
                bits[w] |= 1 << k
        for k, words in enumerate(distinct):
            met = 0
            for w in words:
                met |= bits[w]
            # another member with no word in common: one of another word set that meets
            # none of these words, or, for a title of no words, any other member at all
            apart = bool(((1 << len(distinct)) - 1) & ~met & ~(1 << k)) or (
                not words and len(alike[words]) > 1)
            for i in alike[words]:
                shared[i] = apart
    return shared


def slug_words(url: str) -> frozenset[str]:
    """The title words of a URL's slug, its path part of the most words ("the-latest-mls-
    player-on-quarantine" -> mls, player, quarantine ...; none for ids and numbers)."""
    parts = [re.sub(r"\.[a-z]+$", "", part) for part in url.split("?")[0].split("/")[3:]]
    words = [[w for w in re.split(r"[-_.]+", part) if w.isalpha()] for part in parts]
    return title_words(" ".join(max(words, key=len, default=[])))


def retitled(title: str, url: str, titles: Sequence[str] = ()) -> bool:
    """Whether the page's address or another of its titles names another headline than its
    title, not a word in common: a live page whose lead item changed."""
    words = title_words(headline(title))
    if not words:
        return False
    slug = slug_words(url)
    if len(slug) >= 3 and not slug & words:
        return True
    return any(other and not other & words for other in map(title_words, map(headline, titles)))


def roundup_words(titles: Sequence[str], urls: Sequence[str], shared: Sequence[bool],
                  reissued: Sequence[str]) -> tuple[list[bool], list[bool]]:
    """Each article's round-up hint (has_roundup_hint) and whether its own words cover
    several stories (the second kind of round-up evidence in find_roundups).

    Words cover several stories when the excerpt opens with a series' standing text
    (``shared``, see shared_openings), the title lists or counts items, a page names its day
    ("Oregon coronavirus updates, May 6", a live page's URL ending "-may-6"), the page was
    retitled (see retitled; ``reissued`` holds each article's joined ``titles``), or its
    title series ("The Latest: ...") holds such a page besides pages of unrelated headlines:
    the series is a live file, each of its pages one item of it. Only hinted articles are
    read: words alone never make a round-up, and a live stream's cover one event.
    """
    n = len(titles)
    hint = [has_roundup_hint(title, url) for title, url in zip(titles, urls, strict=True)]
    several = [False] * n
    listed = [False] * n  # only two listed items: maybe one story's ("valet has virus; Trump
    for i, (title, url) in enumerate(zip(titles, urls, strict=True)):  # tests negative")
        if not hint[i] or is_live_stream(title):  # words alone never make a round-up
            continue
        day = title_day(title)
        several[i] = (shared[i] or bool(day and DAY_PAGE.search(title))
                      or bool(ROUNDUP_URL.search(url) and (day or url_day(url)))
                      or bool(_THREE_ITEMS.search(title) or _COUNTED_STORIES.search(title)
                              or _DIGEST.search(title) and _COMMA_ITEMS.search(title)
                              or _THINGS.search(title) and _LISTED.search(title))
                      or retitled(title, url, split_list(reissued[i])[1:]))
        listed[i] = not several[i] and lists_items(title)
    in_series: dict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(titles):
        key = series(title) if hint[i] and not is_live_stream(title) else ""
        if key:
            in_series[key].append(i)
    for members in in_series.values():
        if not any(several[i] for i in members):
            continue
        heads = sorted({title_words(headline(titles[i])) for i in members} - {frozenset()},
                       key=sorted)[:50]
        if any(not a & b for a, b in itertools.combinations(heads, 2)):
            for i in members:
                several[i] = True
    return hint, [s or li for s, li in zip(several, listed, strict=True)]


_COUNTED_STEMS = ("case", "death", "infect", "positive", "test", "dead", "recover", "hospital",
                  "fatal", "die")


def is_templated(title: str) -> bool:
    """Whether a title reports figures ("Oregon reports 2 deaths, 70 new cases")."""
    folded = title.casefold()
    return any(stem in folded for stem in _COUNTED_STEMS) and bool(TALLY.search(title))


_DATE_OR_TIME = re.compile(rf"(?i)\b{_MONTH}[a-z]*\.? \d{{1,2}}(?:-\d{{1,2}})?\b"
                           rf"|\b\d{{1,2}} {_MONTH}[a-z]*\b|\b\d{{1,2}}:\d\d\b")


def figures(text: str) -> frozenset[str]:
    """The numbers in ``text`` ("2,850" -> "2850", "20K" -> "20000", "twenty-five" -> "25"),
    years, dates ("May 7") and clock times left out."""
    found = set()
    for m in _FIGURE.finditer(_DATE_OR_TIME.sub(" ", text)):
        digits, thousands, word = m.groups()
        if word:
            found.add(_WORDS[word.casefold()])
        elif thousands or not is_year(digits):  # "2,020 cases" is a figure, "2020" a year
            found.add(digits.replace(",", "") + ("000" if thousands else ""))
    for m in ORDINAL_COUNT.finditer(text):  # "the fourth death": the count 4
        digits, word = m.groups()
        found.add(digits if digits else _ORDINALS[word.casefold()])
    return frozenset(found)


def is_year(digits: str) -> bool:
    """Whether a number written ``digits`` reads as a year: four digits from 1900 to
    2099 ("Oscars 2024", "Euro 2028"). Only 2019-2022 were, so in coverage of 2023 on a
    headline's year was a figure, and AP's "Oscars 2024: ..." lost its own copies."""
    return len(digits) == 4 and "1900" <= digits <= "2099"


def rounds(rounded: str, exact: str) -> bool:
    """Whether the figure ``rounded``, written round ("4,200", "250", "20K"), can be ``exact``
    ("4,201", "253", "20,198") said roughly: within its last non-zero digit and a tenth."""
    zeros = len(rounded) - len(rounded.rstrip("0"))
    if not zeros or len(rounded) < 3 or rounded == exact:
        return False
    gap = abs(int(rounded) - int(exact))
    return gap < 10 ** zeros and gap <= 0.1 * int(rounded)


def matching_figures(a: frozenset[str], b: frozenset[str]) -> int:
    """How many figures of ``a`` ``b`` gives too, exactly or one of them rounded."""
    exact = a & b
    return len(exact) + sum(1 for x in sorted(a - exact)
                            if any(rounds(x, y) or rounds(y, x) for y in b - exact))


_URL_DAY = re.compile(rf"(?i){_MONTH}[a-z]*[-_/](\d{{1,2}})(?!\d)")  # -may-6, /may/06/


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


#: Two titles that each name what the other does not (a story's name, named by STORY_NAME
#: headlines or more: a detail one headline gives, "A19 Pro", is no other story) do not
#: agree when every name they share is named by more than COMMON_RATIO times as many
#: headlines as those: "Trump wins Georgia" and "Trump wins Pennsylvania" share a name of
#: 33 headlines against names of 5 (StoryText.names_agree).
COMMON_RATIO = 1.0
STORY_NAME = 3
#: How many times as many headlines must give a name two headlines share as give what each
#: names alone, for that name to be a template's (StoryText.filled_in).
TEMPLATE_NAME_RATIO = 2.0
#: Names of its own each of two headlines gives (none the other article gives) beside the
#: one name they share, for that name to be no evidence of one story (StoryText.names_agree).
OWN_NAMES = 2
#: Two names are facets of one subject ("Dow", "S&P 500" and "Nasdaq" of one close) when
#: headlines of FACET_HEADLINES outlets at least, and FACET_SHARE as many as the headlines
#: giving the rarer name, name both, and each is named without the other too
#: (StoryText.facets).
FACET_HEADLINES, FACET_SHARE = 2, 0.5


def _own_names(domain: str, name: str) -> tuple[tuple[str, ...], ...]:
    """How an outlet names itself in a headline, as graphx.names reads names: its name
    ("fox news"), its initials ("ap" of Associated Press) and its site's name ("cnn")."""
    words = tuple(w.casefold() for w in re.findall(r"[^\W\d_]+", name))
    found = {words} if words else set()
    if len(words) > 1:
        found.add(("".join(w[0] for w in words),))
    site = site_name(domain) if domain else ""
    if site:
        found.add((site,))
    return tuple(sorted(found - {()}))


#: Two headlines sharing no name are one template filled in (StoryText.filled_in) when this
#: share of the shorter one's other words, and this many at least, are the other's.
TEMPLATE_SHARE, FILLED_WORDS = 0.75, 4
_LETTERS = re.compile(r"[^\W\d_][\w'’-]*")


#: One outlet's two headlines opening with this many words alike, the rest not, are a
#: template's (StoryText.series_days).
TEMPLATE_OPENING = 4
_OPENING_WORDS = re.compile(r"[^\W_]+")


#: One outlet's two pages of a titled series this many hours apart are other days' pages.
SERIES_HOURS = 14.0
_OPENING_DAY = re.compile(rf"(?i)\b{_MONTH}[a-z]*\.? \d{{1,2}}\b|\b\d{{1,2}} {_MONTH}[a-z]*\b|"
                         r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")


def _title_series(title: str) -> str:
    """The words a title opens with before a colon, its date or weekday left out
    ("markets news" of "Markets News, Oct 29: ..."); "" when it has none of two words."""
    found = _SERIES.match(title)
    if not found:
        return ""
    words = re.findall(r"[^\W\d_]+", _OPENING_DAY.sub(" ", found.group(1)).casefold())
    return " ".join(words) if len(words) >= 2 else ""


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
        self._keys: dict = {}  # each name's starts and ends (graphx.names.share_a_name)
        self.templated = [False] * n
        self.day = [""] * n
        self.hours: list[float | None] = [None] * n
        self.group = [""] * n  # syndication group (graphx.similar), "" when none
        self.outlet = [nodes[a].get("provider") or "" for a in articles]
        excerpts = self.excerpts = [nodes[a].get("excerpt") or "" for a in articles]
        titles = self.titles = [nodes[a].get("title") or "" for a in articles]
        self._figures: dict[tuple[str, int], frozenset[str]] = {}  # read when first asked for
        self._datelines: dict[int, str] = {}  # likewise (other_datelines)
        self._template: dict[int, frozenset[str]] = {}  # likewise (filled_in)
        shared = shared_openings(excerpts, titles)
        self.opening = [opening(e) if shared[i] else "" for i, e in enumerate(excerpts)]
        # The words that can make an article a round-up of its own, read for every article
        # (one with no evidence at all may still be a live page): see roundup_words.
        self.lists = [lists_several(title) for title in titles]
        self.hint, self.several = roundup_words(
            titles, [nodes[a].get("url") or "" for a in articles], shared,
            [nodes[a].get("titles") or "" for a in articles])
        # Read where standing_text_only can ask: an article whose excerpt has an opening.
        self.title_words = [frozenset()] * n
        # One object for each distinct name, word and set of names: at a million articles
        # a copy per article was gigabytes of a build's peak memory.
        canon: dict = {}
        own_of: dict = {}
        for i in read:
            attrs = nodes[articles[i]]
            title, excerpt = attrs.get("title") or "", attrs.get("excerpt") or ""
            title_names = finder.names(title, canon)
            outlet = (attrs.get("provider") or "", attrs.get("provider_name") or "")
            own = own_of.get(outlet)
            if own is None:
                own = own_of[outlet] = _own_names(*outlet)
            if own and title_names:  # "CNN Projection: ...", "..., AP projects": an outlet
                title_names = canonical(frozenset(  # naming itself names no story
                    x for x in title_names if not any(x[:len(o)] == o for o in own)), canon)
            self.title_names[i] = title_names
            excerpt_names = finder.names(excerpt, canon)
            self.names[i] = (canonical(title_names | excerpt_names, canon)
                             if excerpt_names - title_names else title_names)
            if self.opening[i]:
                self.title_words[i] = title_words(headline(title))
            self.templated[i] = is_templated(title)
            self.day[i] = title_day(title)
            self.group[i] = attrs.get("group") or ""
            self.hours[i] = utc_hours(attrs.get("published") or "")
        # How many headlines name each name (a president, a wire, a club in a week of
        # transfers name many): see names_agree.
        self._named = Counter(name for i in read for name in self.title_names[i])
        # Distinct headlines (a wire story's copies are one) naming each name, and the
        # outlets whose headlines name each pair of names together (one outlet's page
        # retitled is one headline of both), of the names two headlines or more give: see
        # facets.
        named = self._named
        self._headlines: Counter = Counter()
        together = set()
        for i in {titles[i]: i for i in read}.values():
            names = sorted(x for x in self.title_names[i] if named[x] >= FACET_HEADLINES)
            self._headlines.update(names)
            together.update((self.outlet[i], pair) for pair in itertools.combinations(names, 2))
        self._together = Counter(pair for _, pair in together)

    def facets(self, x, y) -> bool:
        """Whether names x and y are facets of one subject, not two: headlines name them
        together (FACET_HEADLINES outlets' and FACET_SHARE of the rarer one's) as well as
        apart. A market close's "Dow plunges 1,400 points" and "S&P 500 tumbles 4.6%" beside
        "Dow, S&P 500 and Nasdaq suffer steep losses" were read as two subjects' and two
        stories.
        Two states' winners, two companies' results, two storms are named apart, and a
        subject always named with another ("Trump wins Georgia") is not named without it."""
        both = self._together.get((x, y) if x < y else (y, x), 0)
        if both < FACET_HEADLINES:
            return False
        fewer = min(self._headlines[x], self._headlines[y])
        return both >= FACET_SHARE * fewer and both < fewer

    def names_agree(self, i: int, j: int) -> bool:
        """True unless both titles name something and neither names what the other says
        (or a facet of it, see facets), or what they share is only names more headlines name
        than what each names that the other does not (COMMON_RATIO)."""
        ti, tj = self.title_names[i], self.title_names[j]
        if not ti or not tj:
            return True
        keys = self._keys
        mine = {x for x in ti if share_a_name(frozenset((x,)), self.names[j], keys)}
        theirs = {x for x in tj if share_a_name(frozenset((x,)), self.names[i], keys)}
        # A name only one gives, facet of one only the other gives, is what both name.
        facets = {(x, y) for x in ti - mine for y in tj - theirs if self.facets(x, y)}
        mine |= {x for x, _ in facets}
        theirs |= {y for _, y in facets}
        if not mine and not theirs:
            return False
        if mine == ti or theirs == tj:
            return True
        # One name shared, and each names two or more the other article does not (another
        # winner and another state): the name is two people's ("Mills beats Collins in
        # Maine" and "Ossoff beats Collins in Georgia": Susan and Mike Collins), or a word
        # both read as one ("Beating Collins"), not one story's.
        if (len(mine | theirs) == 1 and len(ti - mine) >= OWN_NAMES
                and len(tj - theirs) >= OWN_NAMES):
            return False
        # Each names something the other does not: what they share must not be only
        # names commoner than those (COMMON_RATIO), the many headlines' names alone.
        df = self._named
        shared = min(df[x] for x in mine | theirs)
        own = [[df[x] for x in ti - mine if df[x] >= STORY_NAME],
               [df[x] for x in tj - theirs if df[x] >= STORY_NAME]]
        return not (own[0] and own[1] and shared > COMMON_RATIO * min(own[0])
                    and shared > COMMON_RATIO * min(own[1]))

    def same_day_figures(self, i: int, j: int) -> bool:
        """Reports of one place's figures of one day: a shared name, no different dates named,
        and the same figures: within TALLY_HOURS / 2 (TALLY_HOURS when both titles name the
        same day), one of the headlines' (the same day's
        report written from other figures: "786 new cases as deaths top 500", "23 more deaths
        as Minnesota crosses 500"; a figure written round counts: "cases top 4,200" is 4,201)
        or two of headline and excerpt together;
        within TALLY_HOURS, two; at any time, all of one's in a syndicated copy (a wire
        report republished the next day is still that day's report)."""
        fi, fj = self.figures(i), self.figures(j)
        if not fi or not fj or self.other_days(i, j):
            return False
        if not share_a_name(self.names[i], self.names[j], self._keys):
            return False
        if self.group[i] and self.group[i] == self.group[j] and (fi <= fj or fj <= fi):
            return True
        named = bool(self.day[i]) and self.day[i] == self.day[j]  # both say "May 6"
        if not self.apart(i, j, TALLY_HOURS if named else TALLY_HOURS / 2):
            # A headline gives one figure of the day, its excerpt often the rest.
            return matching_figures(fi, fj) >= 1 or len(
                (fi | self.excerpt_figures(i)) & (fj | self.excerpt_figures(j))) >= 2
        return not self.apart(i, j, TALLY_HOURS) and len(fi & fj) >= 2

    def same_figures(self, i: int, j: int) -> bool:
        """Whether articles i and j (one outlet's two pages) give the same figures: their
        headlines' alike, or, with none in either headline, one excerpt's figures all in
        the other's (an update adds a figure, a republished page keeps them)."""
        ti, tj = self._read_figures("title", i), self._read_figures("title", j)
        if ti or tj:
            return ti == tj
        ei, ej = self.excerpt_figures(i), self.excerpt_figures(j)
        return ei <= ej or ej <= ei

    def figures(self, i: int) -> frozenset[str]:
        """The figures of article i's headline; its excerpt's when the headline has none."""
        return self._read_figures("title", i) or self.excerpt_figures(i)

    def excerpt_figures(self, i: int) -> frozenset[str]:
        """The figures of article i's excerpt."""
        return self._read_figures("excerpt", i)

    def _read_figures(self, field: str, i: int) -> frozenset[str]:
        found = self._figures.get((field, i))
        if found is None:
            text = WIRE_PREFIX.sub("", self.titles[i]) if field == "title" else self.excerpts[i]
            found = self._figures[field, i] = figures(text)
        return found

    def template_only(self, i: int, j: int) -> bool:
        """Whether a templated report's link to another article is template wording only: a
        report of figures (is_templated) and another day's or place's, or two headlines of
        one template filled in with other names (filled_in)."""
        return ((self.templated[i] or self.templated[j]) and not self.same_day_figures(i, j)
                or self.filled_in(i, j))

    def filled_in(self, i: int, j: int) -> bool:
        """Whether the two headlines are one template's, filled in with other names: each
        names something the other article (headline and excerpt) does not, and of their
        other words (figures aside; a name both give, the template's own, counts as its
        words) TEMPLATE_SHARE of the shorter headline's, FILLED_WORDS at least, are the
        other's, wherever the names sit. A wire's "Man charged with murder after fatal
        stabbing in Leeds" and "... in Cardiff" (and the Cardiff paper's "Cardiff stabbing:
        Man, 45, charged with murder" beside Leeds's) are two stories, and such links made
        each of five a round-up: they point at other places' stories the way a digest's
        links point at its items. So are AP's "AP Race Call: Democrat Emily Randall wins
        election to U.S. House in Washington's District 6." and Michigan's District 7 call,
        though both name the U.S. House, and "Tesla (TSLA) Q3 Earnings and Revenues Lag
        Estimates" beside Otis Worldwide's: a name the template repeats is no story's."""
        ti, tj = self.title_names[i], self.title_names[j]
        if not ti or not tj:
            return False
        keys = self._keys
        own_i = {x for x in ti if not share_a_name(frozenset((x,)), self.names[j], keys)}
        own_j = {x for x in tj if not share_a_name(frozenset((x,)), self.names[i], keys)}
        if not own_i or not own_j:  # one names nothing the other does not: one story's
            return False
        if self.names_agree(i, j):
            # They agree on a name: that is the template's only when both headlines give
            # it, STORY_NAME headlines at least, and TEMPLATE_NAME_RATIO times as many as
            # give what each names alone: "U.S. House" in every race call. A rarer one
            # ("Texarkana" in two pages of one briefing), or one only an excerpt gives
            # ("South Korean" beside "South Korea's"), is the story's, however alike the
            # rest; so is one a story's own copies repeat (CNN's "Zoom calls, donuts ...:
            # How an Olympic champion is observing Ramadan" in three copies, beside its
            # fourth outlet's "Dalilah Muhammad: How the Olympic champion ...": "Olympic"
            # in four headlines, "Zoom" in three, was read as a template's with "more").
            df = self._named
            common = [df[x] for x in ti if share_a_name(frozenset((x,)), tj, keys)]
            common += [df[x] for x in tj if share_a_name(frozenset((x,)), ti, keys)]
            if not common or min(common) < STORY_NAME or any(
                    min(common) < TEMPLATE_NAME_RATIO * min(df[x] for x in own)
                    for own in (own_i, own_j)):
                return False
        wi, wj = self._unnamed_words(i, own_i), self._unnamed_words(j, own_j)
        shared = len(wi & wj)
        return shared >= FILLED_WORDS and shared >= TEMPLATE_SHARE * min(len(wi), len(wj))

    def _unnamed_words(self, i: int, own) -> frozenset[str]:
        """A headline's words that are none of the names ``own`` (its template filled in):
        its words are read once."""
        words = self._template.get(i)
        if words is None:
            words = self._template[i] = frozenset(map(fold_word, _LETTERS.findall(
                headline(self.titles[i]).replace("’", "'"))))
        named = {w for name in own for w in name}
        return words - named if named & words else words

    def standing_text_only(self, i: int, j: int) -> bool:
        """Whether articles i and j share only a page series' standing opening, not a title
        word: pages of one outlet, or of a series a title names ("The Latest: ..."). Copies
        of one wire story under local papers' own headlines open alike too ("SIOUX FALLS,
        S.D. (AP) — A Smithfield Foods pork plant...") and are one story."""
        return (bool(self.opening[i]) and self.opening[i] == self.opening[j]
                and not (self.title_words[i] & self.title_words[j])
                and (self.outlet[i] == self.outlet[j] or self.hint[i] or self.hint[j]))

    def other_days(self, i: int, j: int) -> bool:
        """Whether the two titles name different days ("... Wednesday", "... Thursday")."""
        di, dj = self.day[i], self.day[j]
        return bool(di and dj and di[0] == dj[0] and di != dj)

    def other_datelines(self, i: int, j: int) -> bool:
        """Whether the two excerpts' datelines (their first DATELINE characters) name
        different days ("ALPHARETTA, Ga., June 6, 2022 /PRNewswire/" and "June 13")."""
        di, dj = self._dateline(i), self._dateline(j)
        return bool(di and dj and di[0] == dj[0] and di != dj)

    def _dateline(self, i: int) -> str:
        """The day article i's excerpt opens with (title_day), read once: it is asked of
        every pair of evidence, hundreds of thousands at 100k articles."""
        day = self._datelines.get(i)
        if day is None:
            day = self._datelines[i] = title_day(self.excerpts[i][:DATELINE])
        return day

    def apart(self, i: int, j: int, hours: float) -> bool:
        """Whether the two were published more than ``hours`` apart (False when undated)."""
        hi, hj = self.hours[i], self.hours[j]
        return hi is not None and hj is not None and abs(hi - hj) > hours

    def far_apart(self, i: int, j: int) -> bool:
        """Whether the two were published more than STORY_DAYS apart."""
        return self.apart(i, j, 24 * STORY_DAYS)

    def series_days(self, i: int, j: int) -> bool:
        """Whether i and j are one outlet's pages of a daily series on other days: titles
        that open with the same words before a colon ("Stock market today: ...", "Markets
        News, Oct 29: ..."), or with TEMPLATE_OPENING words or more alike and the rest not
        ("Announcing General Availability (GA) of ..."), published more than SERIES_HOURS
        apart. Each day's page is that day's; a week of them was one "story" of the series'
        words. The same headline again, punctuation aside, is one page republished."""
        if self.outlet[i] != self.outlet[j] or not self.apart(i, j, SERIES_HOURS):
            return False
        ti, tj = self.titles[i], self.titles[j]
        wi, wj = _OPENING_WORDS.findall(ti.casefold()), _OPENING_WORDS.findall(tj.casefold())
        if "".join(wi) == "".join(wj):  # the same headline again ("it's" or "its"): one
            return False  # page republished, not the next day's
        si, sj = _title_series(ti), _title_series(tj)
        # A name before the colon is the story's subject, not a series ("Shelley Luther:
        # ..."). Without a colon, a template's opening of TEMPLATE_OPENING words or more
        # ("Announcing General Availability (GA) of ...": a product blog's two features a
        # day apart had made a story).
        if si and si == sj:
            return tuple(si.split()) not in self.names[i] | self.names[j]
        same = next((k for k, (a, b) in enumerate(zip(wi, wj, strict=False)) if a != b),
                    min(len(wi), len(wj)))
        return TEMPLATE_OPENING <= same < min(len(wi), len(wj))

    def same_story(self, i: int, j: int) -> bool:
        """Whether evidence between articles i and j (a link, similar text) can be one story:
        their names agree, they are close in time and name no different days, and what they
        share is neither template wording nor a page series' standing text."""
        return (self.names_agree(i, j) and not self.other_days(i, j)
                and not self.other_datelines(i, j) and not self.series_days(i, j)
                and not self.far_apart(i, j) and not self.template_only(i, j)
                and not self.standing_text_only(i, j))


def find_roundups(
    neighbours: Sequence[dict[int, float]],
    story_of: Sequence[int],
    hint: Sequence[bool],
    several: Sequence[bool],
    *,
    apart_of: dict[int, Sequence[int]] | None = None,
) -> set[int]:
    """Articles whose evidence or words point at several stories: the round-ups.

    ``neighbours[i]`` maps each article linked to article i to the weight of that evidence;
    ``story_of[i]`` is i's story in a first clustering (-1: none). An article is a round-up
    when MIN_STORIES stories (MIN_STORIES_HINTED with a round-up ``hint``) each get at least
    MIN_SHARE and MIN_WEIGHT of its evidence (an unclustered neighbour is a story of its
    own), or when it has a ``hint`` and words covering ``several`` stories. An article in
    ``apart_of`` (a headline listing items, lists_several) is read against its stories
    instead, those of a clustering without such articles, each story it reaches counting
    with MIN_WEIGHT whatever its share: a digest linking each item's report ("Notable deaths
    this weekend: A, B, C and more") had glued the three people's obituaries into one story
    in the first clustering, and so pointed at one story; a results page with no links, its
    wording alike to each match report's, gave one of the three matches it named a share
    under MIN_SHARE. Its three items still need three stories: NYT's "Stocks tumble
    worldwide: Dow, S&P 500 and Nasdaq suffer steep losses", reaching two, is one report.
    """
    apart_of = apart_of or {}
    found = {i for i, (h, s) in enumerate(zip(hint, several, strict=True)) if h and s}
    for i, links in enumerate(neighbours):
        need = MIN_STORIES_HINTED if hint[i] else MIN_STORIES
        if len(links) < need:
            continue
        stories = apart_of.get(i, story_of)
        into: dict[int, float] = defaultdict(float)
        for j, w in links.items():
            into[stories[j] if stories[j] >= 0 else -1 - j] += w
        total = sum(into.values())
        share = 0.0 if i in apart_of else MIN_SHARE * total
        pointed = sum(1 for w in into.values() if w >= MIN_WEIGHT and w >= share)
        if pointed >= need:
            found.add(i)
    return found
