"""The words every stage speaks: node kinds and ids, list values, dates and the input limits.

Each piece of the graph's vocabulary has its one definition here. Every other module of
graphx may import from this one; it imports only graphx.errors, so it can sit under all of
them (docs/architecture.md).
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    import networkx as nx

# --- nodes and edges ------------------------------------------------------------------

ARTICLE = "article"
#: Nodes that gather articles: an outlet publishes them, a topic or tag labels them.
HUB_KINDS = ("provider", "topic", "tag")
NODE_KINDS = (ARTICLE, *HUB_KINDS)
#: Edges between two articles: the evidence that they are one story.
STORY_RELATIONS = frozenset({"related", "similar"})
RELATIONS = ("related", "similar", "published_by", "tagged")


def kind_names(kinds) -> tuple[str, ...] | None:
    """Node kinds as the library takes them: a list, or one string as the command line
    writes it ("article,provider"), which was read one letter at a time ("unknown node
    kind(s) ,, a, c, d, ..."). None stays None (every kind)."""
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = kinds.split(",")
    return tuple(k.strip() for k in kinds if k.strip())


def node_id(kind: str, key: str) -> str:
    """The id of a node: "article:<story key>", "provider:<domain>", "topic:<key>"..."""
    return f"{kind}:{key}"


def split_id(node: str) -> tuple[str, str]:
    """(kind, key) of a node id made by node_id."""
    kind, _, key = node.partition(":")
    return kind, key


def articles(G: nx.Graph) -> list[str]:
    """G's article nodes in a stable (sorted) order."""
    return sorted(n for n, kind in G.nodes(data="kind") if kind == ARTICLE)


def articles_of(G: nx.Graph, hub: str) -> int:
    """How many articles link to the hub ``hub`` (an outlet's, a topic's, a tag's); 0 for a
    node G does not hold."""
    if hub not in G:
        return 0
    return sum(1 for n in G.predecessors(hub) if G.nodes[n].get("kind") == ARTICLE)


def is_analysed(G: nx.Graph) -> bool:
    """True when graphx.analysis.add_analysis has written its attributes on G's articles."""
    return all("cluster" in a for _, a in G.nodes(data=True) if a.get("kind") == ARTICLE)


#: Everything XML 1.0 forbids: C0 controls but tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
#: Exports drop them from text; an id (a topic's, an outlet's) is made without them, so that
#: two ids never differ by them alone.
ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def nfc(text: str) -> str:
    """``text`` with one way of writing each accented letter (Unicode NFC): "Sante\u0301"
    (decomposed, as macOS and some feeds write it) is "Santé"."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


#: The files `graphx build` writes into its output folder, its load report last.
OUTPUTS = ("coverage.graphml", "coverage.html", "report.md", "clusters.md", "stories.json",
           "load-report.json")
#: What a build writes when a build came before it in the folder: what changed since.
CHANGES = ("changes.json", "changes.md")
#: Every file a build writes (beside its engine folder).
BUILD_FILES = (*OUTPUTS, *CHANGES)
#: The folder of a build's outputs that holds its related engine (graphx.related.store).
BUILD_ENGINE = "engine"


def files_skipped(G) -> tuple[int, int]:
    """(files read, files skipped) as the build recorded them on ``G`` (pipeline: the
    graph's ``files`` and ``files_skipped``); (0, 0) when it did not."""
    files, skipped = G.graph.get("files", 0), G.graph.get("files_skipped", 0)
    whole = all(isinstance(x, int) and not isinstance(x, bool) and x >= 0
                for x in (files, skipped))
    return (files, skipped) if whole else (0, 0)


def label_key(label: str) -> str:
    """Topics and tags merge ignoring case, surrounding or repeated spaces, how their
    characters are written ("Q&amp;A" is "Q&A") and characters XML cannot hold."""
    if "&" in label:
        label = decoded(label)
    if not label.isprintable():
        label = _INVISIBLE.sub("", ILLEGAL_XML.sub("", label))
    return " ".join(nfc(label).split()).casefold()


#: Characters that show as nothing (zero-width spaces and joiners, a BOM, a soft hyphen):
#: "Corona\u200bvirus in US" is the topic Coronavirus in US.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


# --- list values ----------------------------------------------------------------------

#: Lists (URL variants, topics, tags, titles, source files) are kept as one string, for
#: GraphML and every other format that holds only scalars.
LIST_SEP = "; "
#: A value's own "; " in a joined string (a topic "Crime; Justice", a file "Report; 2.md"):
#: ";" and a no-break space, which reads the same and never splits the value in two. So
#: that a value's own ";" + no-break space (scraped "&nbsp;") comes back as itself, the
#: character after a ";" is written by a code no reading can mistake (prefix-free): a
#: space as a no-break space, a no-break space or a word joiner (U+2060) after a word
#: joiner; every other character as itself.
_WRITTEN_AFTER_SEMICOLON = {" ": "\u00a0", "\u00a0": "\u2060\u00a0", "\u2060": "\u2060\u2060"}
_READ_AFTER_SEMICOLON = {code: ch for ch, code in _WRITTEN_AFTER_SEMICOLON.items()}
_OWN_TO_WRITE = re.compile(";([ \u00a0\u2060])")
_OWN_TO_READ = re.compile(";(\u00a0|\u2060[\u00a0\u2060])")


def _written_own(value: str) -> str:
    return _OWN_TO_WRITE.sub(lambda m: ";" + _WRITTEN_AFTER_SEMICOLON[m[1]], value)


def _read_own(part: str) -> str:
    return _OWN_TO_READ.sub(lambda m: ";" + _READ_AFTER_SEMICOLON[m[1]], part)


def join_list(values: Iterable[str]) -> str:
    """Values as one attribute string, in their order; split_list gives them back whole."""
    return LIST_SEP.join(_written_own(v) if ";" in v else v for v in map(str, values))


def split_list(text: object) -> list[str]:
    """The values of a joined attribute string (none for "" or None), each as it was given
    to join_list."""
    if not text:
        return []
    return [_read_own(part) if ";" in part else part
            for part in str(text).split(LIST_SEP) if part]


def decoded(text: object) -> str:
    """Text as a reader should see it: its HTML entities decoded (twice, for the doubly
    encoded "&amp;#038;"). Titles and excerpts keep the aggregator's entities in the graph
    (exports carry what the data said); every page and table shows them decoded."""
    return html.unescape(html.unescape(str(text)))


#: Unicode's explicit bidirectional controls: embeddings and overrides (closed by U+202C),
#: isolates (closed by U+2069).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OPENS_EMBEDDING = frozenset("\u202a\u202b\u202d\u202e")
_OPENS_ISOLATE = frozenset("\u2066\u2067\u2068")


#: Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
#: presentation forms): a name of them reorders the digits and signs written after it.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def bidi_closed(text: str) -> str:
    """``text`` set apart as an isolate (U+2068 ... U+2069, what HTML's <bdi> does) when it
    holds bidirectional controls or right-to-left letters, every embedding, override or
    isolate it opens closed at its end, and a closer that closes nothing of its own dropped:
    kept as it came (Arabic and Hebrew need their marks), but unable to reorder the text a
    page writes beside it ("\u202eNews", or plain Hebrew, beside "· 2020-05-07 01:00 UTC"
    reordered the date; a stray U+2069 closed the page's own isolate)."""
    if not (BIDI_CONTROLS.search(text) or _RIGHT_TO_LEFT.search(text)):
        return text
    closers: list[str] = []
    kept: list[str] = []
    for ch in text:
        if ch in _OPENS_EMBEDDING:
            closers.append("\u202c")
        elif ch in _OPENS_ISOLATE:
            closers.append("\u2069")
        elif ch == "\u202c":
            if not (closers and closers[-1] == "\u202c"):
                continue  # closes nothing of the text's own: dropped
            closers.pop()
        elif ch == "\u2069":
            if "\u2069" not in closers:
                continue
            del closers[len(closers) - 1 - closers[::-1].index("\u2069"):]
        kept.append(ch)
    return "\u2068" + "".join(kept) + "".join(reversed(closers)) + "\u2069"


def canonical(value, canon: dict):
    """The object equal to ``value`` that ``canon`` holds, ``value`` itself when new: one
    object for each name, word, date or list of topics however many articles hold it."""
    return canon.setdefault(value, value)


# --- dates ----------------------------------------------------------------------------


#: The smallest number read as a time, in seconds since 1970 (1973-03-03): below it a
#: number is a year (2020), a YAML 1.1 base-60 time (10:30 is 630) or a count, no time.
EPOCH_FLOOR = 10**8


def to_utc_iso(value: object) -> str | None:
    """A date in any seen shape -> 'YYYY-MM-DDTHH:MM:SSZ'; "" for empty; None when unusable."""
    if value is None or value == "":
        return ""
    dt: datetime | None = None
    if isinstance(value, bool):
        return None
    compact = _compact_date(value)
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif compact is not None:
        dt = compact
    elif isinstance(value, (int, float)):
        if not math.isfinite(value) or value < EPOCH_FLOOR:
            return None  # a year alone (2020), a base-60 time (10:30 is 630): no time
        seconds = value / 1000 if abs(value) > 1e11 else value  # epoch milliseconds
        try:
            dt = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str):
        dt = _parse_date_string(_day_of(value).strip())
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)  # the aggregator writes UTC
    try:
        dt = dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    # Not strftime: its %Y gives year 1 as "1", which no ISO reader takes and no string
    # comparison orders; every year here has four digits.
    return (f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:"
            f"{dt.second:02d}Z")


#: The dates a news item can have been published on: one outside (year 1, 9999-12-31, a
#: negative Unix time) is a placeholder or a mistake, and would stretch every timeline
#: across centuries and make its article the first report of its story.
NEWS_DATES = ("1900-01-01T00:00:00Z", "2200-01-01T00:00:00Z")
#: Time 0 of Unix clocks, what a feed writes for a date it does not have: read as one, an
#: article linked by all its story left it (52 years from the rest), and report.md and the
#: map's timeline ran from 1970.
UNIX_EPOCH = "1970-01-01T00:00:00Z"


def _compact_date(value: object) -> datetime | None:
    """A day written YYYYMMDD ("20200507", or the number 20200507), or None: as Unix time
    it would be a day of 1970, no news item's."""
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(
        value, bool) else ""
    if len(text) != 8 or not text.isdigit() or not "1900" <= text[:4] < "2200":
        return None
    try:
        return datetime(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


#: A day with a zone and no time (XML Schema's xs:date: "2020-05-07Z", "2020-05-07+02:00").
_DAY_WITH_ZONE = re.compile(r"\s*(\d{4}-\d\d-\d\d)\s*(?:[Zz]|[+-]\d\d:?\d\d)\s*")


def _day_of(text: str) -> str:
    """``text``, a day with a zone and no time as its day alone: "2020-05-07Z" was read as
    that day's exact midnight (no day_only), and was first report before the 06:00 one."""
    found = _DAY_WITH_ZONE.fullmatch(text)
    return found.group(1) if found else text


def is_day_only(value: object) -> bool:
    """True for a date that gives a day and no time of day (a YAML date, "2020-05-07",
    "20200507", "2020-W19-3")."""
    if _compact_date(value) is not None:
        return True
    if isinstance(value, date) and not isinstance(value, datetime):
        return True
    if not isinstance(value, str):
        return False
    value = _day_of(value)
    if ":" in value:
        return False
    try:  # any ISO 8601 date alone: 2020-05-07, 20200507, the week date 2020-W19-3
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def ordering_time(attrs: dict) -> str:
    """When an article appeared, for putting articles in order: its ``first_published``
    when it was reissued later, else its ``published``, or for one dated by its day alone
    (``day_only``), a key after every time of that day, since it may have appeared at any
    of them: it comes first only when no article came earlier that day. "" for an
    undated article."""
    first = attrs.get("first_published")  # a page reissued later: when it first appeared
    if first:
        return first
    published = attrs.get("published") or ""
    return published[:10] + "T24" if published and attrs.get("day_only") else published


def utc_hours(iso: str) -> float | None:
    """A timestamp as to_utc_iso writes it, in hours since the Unix epoch; None when it is
    no time (parse_utc)."""
    when = parse_utc(iso)
    return when.timestamp() / 3600 if when else None


def parse_utc(iso: str) -> datetime | None:
    """A timestamp as to_utc_iso writes it ('...Z') -> an aware datetime; None for "" and for
    anything else that is no ISO time (a graph from elsewhere may hold one): undated."""
    if not iso or not isinstance(iso, str):
        return None
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


_LOWER_T = re.compile(r"\d{4}-\d\d-\d\dt\d\d:\d\d(:\d\d(\.\d+)?)?(z|[+-]\d\d:?\d\d)?$")


#: Time-zone abbreviations RFC 2822 does not name, as UTC offsets. The ones it names
#: (UT, UTC, GMT, Z and the US zones EST ... PDT) its parser reads; any other it read as UTC,
#: putting a Tokyo outlet's "10:00 JST" nine hours late. IST is India's (+05:30), the zone
#: of most news dated IST; CST stays US Central, as RFC 2822 reads it.
ZONES = {
    "BST": "+0100", "IST": "+0530", "CET": "+0100", "CEST": "+0200", "MEZ": "+0100",
    "MESZ": "+0200", "EET": "+0200", "EEST": "+0300", "WET": "+0000", "WEST": "+0100",
    "MSK": "+0300", "JST": "+0900", "KST": "+0900", "HKT": "+0800", "SGT": "+0800",
    "PHT": "+0800", "AWST": "+0800", "ACST": "+0930", "ACDT": "+1030", "AEST": "+1000",
    "AEDT": "+1100", "NZST": "+1200", "NZDT": "+1300", "ICT": "+0700", "WIB": "+0700",
    "PKT": "+0500", "SAST": "+0200", "WAT": "+0100", "EAT": "+0300", "BRT": "-0300",
    "ART": "-0300", "HST": "-1000", "AKST": "-0900", "AKDT": "-0800", "NST": "-0330",
    "NDT": "-0230", "AST": "-0400", "ADT": "-0300",
}
#: The zones RFC 2822 names, by their offsets too: its parser reads them only in a date of
#: its own shape, and an ISO-shaped "2020-05-07 10:00 PDT" is placed by the offset.
_RFC2822_ZONES = {
    "UT": "+0000", "UTC": "+0000", "GMT": "+0000", "Z": "+0000", "EST": "-0500",
    "EDT": "-0400", "CST": "-0600", "CDT": "-0500", "MST": "-0700", "MDT": "-0600",
    "PST": "-0800", "PDT": "-0700",
}
#: A time of day with AM or PM ("10:00 PM", "9:30 a.m."): RFC 2822's parser took the mark
#: for a zone, so "10:00 PM" read 10:00 and "10:00 AM EDT" lost its zone.
_TWELVE_HOUR = re.compile(r"\b(\d{1,2})(:\d\d(?::\d\d)?)\s*([AaPp])\.?[Mm]\.?(?!\w)")
#: A zone written as letters at a date's end ("... 10:00:00 JST").
_ZONE_NAME = re.compile(r"(?<=\d)\s*\(?([A-Za-z]{1,5})\)?$")


def _twenty_four_hour(m: re.Match) -> str:
    hour = int(m.group(1)) % 12 + (12 if m.group(3) in "Pp" else 0)
    return f"{hour:02d}{m.group(2)}"


def without_zone(value: object) -> bool:
    """True for a date string that gives a time of day and no zone ("May 7, 2020 10:00 AM",
    "Thu, 07 May 2020 10:00:00", a quoted "2020-05-07T10:00:00"): read as UTC, as the
    aggregator writes its times, and said, since a feed's local times would be hours off.
    A YAML timestamp with no zone is UTC by YAML's own rule; epoch seconds are UTC."""
    if not isinstance(value, str) or is_day_only(value):
        return False
    text = _day_of(value).strip()
    if not text or re.fullmatch(r"-?\d+(\.\d+)?", text):
        return False
    found = _parse_date_string(text)
    return found is not None and found.tzinfo is None


def _parse_date_string(text: str) -> datetime | None:
    if not text:
        return None
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        iso = to_utc_iso(float(text))
        return datetime.fromisoformat(iso[:-1]) if iso else None
    if _LOWER_T.match(text):  # RFC 3339 allows "t" and "z": 2020-05-07t10:00:00z
        text = text.upper()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        pass
    if "m" in text.casefold():
        text = _TWELVE_HOUR.sub(_twenty_four_hour, text)
    zone = _ZONE_NAME.search(text)
    if zone:
        name = zone.group(1).upper()
        offset = ZONES.get(name) or _RFC2822_ZONES.get(name)
        if offset is None:
            return None  # a zone graphx cannot place is no time: never read as UTC
        bare = text[:zone.start()].rstrip()
        # RFC 2822's parser reads its own zones by name, but only in a date of its shape
        if ":" in bare or name not in _RFC2822_ZONES:
            try:  # "2020-05-07 10:00 JST", "2020-05-07T10:00:00 EST"
                return datetime.fromisoformat(f"{bare}{offset[:3]}:{offset[3:]}")
            except ValueError:
                if name not in _RFC2822_ZONES:
                    text = f"{bare} {offset}"
    try:
        return parsedate_to_datetime(text)  # RFC 2822, as in RSS feeds
    except (TypeError, ValueError, IndexError):
        return None


def date_bound(name: str, value, *, end: bool) -> str | None:
    """A since/until value as a comparable UTC ISO string; a bare date's end is its last second.

    None stays None; raises InputError (naming the option ``name``) for an unreadable date.
    """
    if value is None:
        return None
    iso = to_utc_iso(value)
    if not iso:
        raise InputError(f"{name} must be a date like 2024-01-31, not {value!r}.")
    whole_day = is_day_only(value) or (isinstance(value, str) and len(value.strip()) == 10)
    return iso[:10] + "T23:59:59Z" if end and whole_day else iso


# --- what one input file may cost -----------------------------------------------------


#: The deepest nesting a Limits may allow (--max-depth): every way graphx reads YAML
#: (libyaml, the pure-Python parser, and graphx's recursive builders, which take up to four
#: Python frames a level) honours it with room to spare under Python's default recursion
#: limit, and libyaml's own limit (1000 in PyYAML 6.0.4) is far above it.
MAX_DEPTH = 100


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from costing more than a normal one.

    Raises InputError for a bound below 1, or a max_depth above MAX_DEPTH.
    """

    max_file_bytes: int = 8 * 1024 * 1024
    max_front_matter_bytes: int = 2 * 1024 * 1024
    max_related: int = 1000
    max_text_chars: int = 20_000
    max_depth: int = 64

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"{name} must be a whole number of at least 1, not {value!r}")
        if self.max_depth > MAX_DEPTH:
            raise InputError(f"max_depth is at most {MAX_DEPTH} (--max-depth), not "
                             f"{self.max_depth}")


DEFAULT_LIMITS = Limits()


def as_limits(value: Limits | dict) -> Limits:
    """``value`` as a Limits: itself, or a dict of Limits' fields by name. Raises InputError
    for a dict with another name, or anything else."""
    if isinstance(value, Limits):
        return value
    if isinstance(value, dict):
        try:
            return Limits(**value)
        except TypeError as exc:
            raise InputError(f"limits: {exc}") from None
    raise InputError(f"limits must be a graphx.Limits, not {type(value).__name__}")

#: A file changed more recently than this (nanoseconds) is not trusted to its size and
#: modification time: it may still be being written within the file system's time step.
TRUST_WINDOW_NS = 2_000_000_000
#: The same on a file system that stamps times finer than a second (ext4, XFS, btrfs, APFS:
#: their step is the kernel's clock tick, milliseconds). A corpus written and built at
#: once was otherwise "changed since the build" for good.
FINE_TRUST_WINDOW_NS = 100_000_000


#: A time further ahead of this machine's clock than this is no file being written now
#: (another machine's clock that ran ahead, a tool that stamps a publication date): any
#: change to the file stamps the present, which differs from it, so it is trusted.
AHEAD_NS = 600 * 1_000_000_000


def too_recent(mtime_ns: int, now_ns: int) -> bool:
    """Whether a file (or folder) time ``mtime_ns`` is too close to ``now_ns`` to trust:
    within TRUST_WINDOW_NS, or FINE_TRUST_WINDOW_NS when the time has a part below the
    second (a file system that stamps only whole seconds, or two, gives none), or ahead of
    it by up to AHEAD_NS (a clock a little ahead, on a shared disk)."""
    window = FINE_TRUST_WINDOW_NS if mtime_ns % 1_000_000_000 else TRUST_WINDOW_NS
    return now_ns - window <= mtime_ns <= now_ns + AHEAD_NS
