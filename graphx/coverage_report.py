"""The coverage report (report.md), every story (clusters.md), and the analysis tables of
`graphx stats --show`.

All read the analysed graph (graphx.analysis). A *story* is a story cluster: articles the
aggregator linked as related or that read alike. Stories are ranked by breadth (how many
outlets covered them, a wire story carried by several outlets counted once) and articles
by citations (how many other articles list them as related), each with a sentence a
journalist can quote.

Titles, labels and names come from the input files, so they are untrusted: HTML entities
are decoded, then every cell is escaped for Markdown (backslashes, so the file reads as
plain text too), control characters are shown as escapes, and only http(s) URLs become
links.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import quote

import networkx as nx

from . import __version__
from .analysis import (
    centrality,
    cluster_table,
    clusters_from_graph,
    first_report,
    provider_ranking,
    top_stories,
    topic_ranking,
)
from .errors import InputError
from .labels import article_topics
from .model import (
    articles,
    articles_of,
    bidi_closed,
    decoded,
    files_skipped,
    split_id,
    split_list,
)
from .output import visible
from .wording import and_list, count_noun

#: The tables `graphx stats --show` can print, and their columns in order.
COLUMNS = {
    "clusters": ["id", "label", "size", "providers", "first", "last", "span", "span_hours",
                 "first_reporters", "first_reported", "theme", "theme_label"],
    "stories": ["rank", "title", "provider", "published", "pagerank", "related_in", "cluster",
                "url"],
    "providers": ["provider", "name", "articles", "clusters", "first_reports", "related_in"],
    "topics": ["topic", "articles", "clusters", "co_topics"],
}
SHOW = tuple(COLUMNS)
#: Columns for machines only: a table shows "36.9 h" (span), data the number as well.
DATA_ONLY = frozenset(("span_hours",))
#: The columns of each table that move under their row, in this order, when a terminal is
#: too narrow for the row (graphx.output.format_table).
DETAIL = {
    "clusters": ("first_reporters", "last", "first"),
    "stories": ("url", "published", "cluster"),
    "providers": ("name",),
    "topics": ("co_topics",),
}
#: A topic on at least this share of the articles that have topics is listed apart, as on
#: every article: ranking "Coronavirus" first in a coronavirus corpus says nothing.
EVERYWHERE = 0.9
#: ... when at least this many articles have topics: on a handful, every topic would be.
EVERYWHERE_FROM = 5
#: The report's files: the report links to the list of every story by this name.
STORIES_FILE = "clusters.md"

# Backslash escapes stop links, images, emphasis, code and table cells breaking, and read
# as the character itself in plain text. Angle brackets become &lt; &gt;, since renderers
# that predate CommonMark (Python-Markdown, Markdown.pl) pass \<tag> through as HTML; a &
# becomes &amp; only where it would start an entity, so "News & Report" stays as it is.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Characters left as they are in a link's URL; the rest (spaces, parentheses, brackets,
# quotes, angle brackets, backslashes) are percent-encoded so the link cannot break out.
_URL_SAFE = ":/?#@!$&*+,;=%~-._"


#: The bidirectional controls md_text keeps (model.BIDI_CONTROLS), as visible()'s keep.
_BIDI_MARKS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def md_text(text: object) -> str:
    """Untrusted text -> one line of Markdown that shows exactly that text, never markup.
    Bidirectional marks are kept (Arabic and Hebrew titles need them), closed and set
    apart as an isolate, so they cannot reorder the rest of the line; other controls are
    shown as escapes."""
    text = " ".join(decoded(text).split())
    text = _ENTITY.sub("&amp;", bidi_closed(visible(text, keep=_BIDI_MARKS)))
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text)


def _apart(text: object) -> str:
    """Untrusted text to be written beside graphx's own (a date, a count, "; theme:") in
    one md_text: its bidirectional controls closed and set apart there, so that they
    reorder only it (an outlet "Outlet\u202e0 News" reversed the date written after it)."""
    return bidi_closed(str(text))


def _apart_counted(text: str) -> str:
    """"Name (4)", a name and graphx's count of it: the name set apart (see _apart)."""
    name, sep, count = text.rpartition(" (")
    return f"{_apart(name)}{sep}{count}" if sep and count.endswith(")") else _apart(text)


def md_link(text: object, url: str) -> str:
    """A Markdown link to ``url`` when it is http(s); the escaped text alone otherwise."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        return md_text(text)
    return f"[{md_text(text)}]({quote(visible(url), safe=_URL_SAFE)})"


def _table(headers: list[str], rows: list[list[str]], *, right: set[int] = frozenset()) -> str:
    if not rows:
        return "_None._"
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _when(iso: str, day_only: bool = False) -> str:
    """'2020-05-06 10:02 UTC' from a UTC ISO timestamp ("" stays ""); the day alone
    ('2020-05-06') for a date given without a time of day, not an invented 00:00."""
    if not iso:
        return ""
    return iso[:10] if day_only else iso[:16].replace("T", " ") + " UTC"


def _rank(value: float) -> str:
    """A PageRank to three significant digits, kept ("0.0200", not "0.02" beside "0.0233")."""
    return f"{value:#.3g}"


def _outlet_cell(name: str, key: str) -> str:
    """An outlet as the outlet table shows it: its name and key ("Reuters (reuters.com)"),
    the key once when the name is it or already gives it (a platform's newsrooms of one
    name read "X (host)": the table wrote "X (host) (host)")."""
    shown = name or key
    if shown == key or shown.endswith(f"({key})"):
        return md_text(shown)
    return md_text(shown) + f" ({md_text(key)})"


def no_first_report(row: dict) -> str:
    """Why a story (a story_rows row) names no first reporter, in words to quote: none of
    its articles gives a date, or those that do are round-ups, live pages or copies of
    another member (analysis.first_report); "" when it names one."""
    if row.get("first_reported"):
        return ""
    if not row.get("first"):
        return "no article gives a date"
    return "no dated article is a report of its own (round-ups, live pages or copies)"


def _first_reporter(nodes, row: dict) -> str:
    """"Outlet, time" linked to the story's first report; when there is none, why
    (no_first_report: "no article gives a date")."""
    if not row["first_reported"]:
        return no_first_report(row)
    first = nodes[row["first_article"]]
    reporters = split_list(row["first_reporters"])
    outlet = first.get("provider_name") or ", ".join(reporters)
    # Outlets that reported first in the same minute are named too, as the sentence does.
    tied = [(nodes.get(f"provider:{d}") or {}).get("label") or d
            for d in reporters if d != first.get("provider")]
    who = and_list(map(_apart, [outlet, *tied])) if first.get("provider_name") else outlet
    link = md_link(f"{who}, {_when(row['first_reported'])}", first.get("url") or "")
    # The cell a journalist quotes says it as the sentence does: one planted entry made any
    # site the story's first reporter, said only in the sentence beside it.
    return f"{link} ({FROM_ENTRIES})" if _from_entries_only(nodes, row) else link


def _theme_rows(table: list[dict], themed: Counter, *, shown: int = 3) -> list[list[str]]:
    """One row per theme of the cluster table's rows, by the articles of its stories:
    label, stories, those articles, every article of the theme (``themed``: theme id ->
    articles whose `theme` it is, those in no story that its links reach included, as the
    exports count them), the ``shown`` largest stories' labels."""
    themes: dict[int, list[dict]] = {}
    for r in table:
        if r["theme"] >= 0:
            themes.setdefault(r["theme"], []).append(r)
    ranked = sorted(themes.values(), key=lambda rs: (
        -sum(r["size"] for r in rs), min(_when_first(r) for r in rs), rs[0]["theme_label"]))
    return [[md_text(rs[0]["theme_label"]), str(len(rs)), f"{sum(r['size'] for r in rs):,}",
             f"{themed[rs[0]['theme']]:,}",
             md_text("; ".join(_apart(r["label"]) for r in rs[:shown]))] for rs in ranked]


def analysis_rows(G: nx.MultiDiGraph, show: str) -> tuple[list[str], list[dict]]:
    """(columns, rows) of one analysis table: clusters, stories, providers or topics, in full.

    Raises InputError for any other name.
    """
    if show not in COLUMNS:
        raise InputError(f"cannot show {show!r}; choose one of {', '.join(SHOW)}")
    if show == "stories":
        return COLUMNS[show], top_stories(G, G.number_of_nodes())
    clusters, labels = clusters_from_graph(G)
    if show == "clusters":
        rows = cluster_table(G, clusters, labels)
        for row, members in zip(rows, clusters, strict=True):
            row["id"] = _own_id(G, members, row["id"])
        rows.sort(key=lambda r: (-r["size"], *tie_break(r)))
    elif show == "providers":
        rows = provider_ranking(G, clusters)
    else:
        rows = topic_ranking(G, clusters)
    return COLUMNS[show], rows


# -- stories and their breadth -----------------------------------------------------------


def story_rows(G: nx.MultiDiGraph) -> list[dict]:
    """Every story (cluster) with its breadth, most widely covered first.

    Each row is analysis.cluster_table's (id, label, size, providers, first, last, span,
    first_reporters, first_article, and theme_label where the analysis gives one) plus:
    ``outlets`` (distinct outlets), ``breadth`` (distinct outlets once each syndication
    group counts as its earliest member's outlet alone), ``wire_copies`` (articles that
    are later copies of a syndicated one), ``pagerank`` (the sum over its articles: the
    story's share of attention in the link graph), ``cited`` (related links its articles
    receive) and ``sentence``. Ordered by breadth, then outlets, articles and tie_break.
    """
    found, labels = clusters_from_graph(G)
    rank, cited = centrality(G)
    nodes = G.nodes
    rows = []
    for row, members in zip(cluster_table(G, found, labels), found, strict=True):
        by_group: dict[str, list] = defaultdict(list)
        reporting, copies = set(), 0
        for a in members:
            group = nodes[a].get("group") or ""
            if group:
                by_group[group].append((nodes[a].get("published") or "~", a))
            elif nodes[a].get("provider"):
                reporting.add(nodes[a]["provider"])
        for copies_of in by_group.values():
            first = min(copies_of)[1]
            copies += len(copies_of) - 1
            if nodes[first].get("provider"):
                reporting.add(nodes[first]["provider"])
        row = {**row, "id": _own_id(G, members, row["id"]), "articles": row["size"],
               "outlets": row["providers"],
               "breadth": len(reporting), "wire_copies": copies,
               "pagerank": sum(rank.get(a, 0.0) for a in members),
               "cited": sum(cited.get(a, 0) for a in members)}
        row["sentence"] = story_sentence(row, nodes)
        rows.append(row)
    rows.sort(key=lambda r: (-r["breadth"], -r["outlets"], -r["articles"], *tie_break(r)))
    return rows


def _own_id(G: nx.MultiDiGraph, members, index: int) -> int:
    """A story's id in G (a build's kept id; on a part of the graph, a focus or a date
    range, its graph-wide id), or ``index`` when its articles carry none."""
    own = G.nodes[min(members)].get("cluster")
    return own if isinstance(own, int) and not isinstance(own, bool) and own >= 0 else index


def _when_first(row: dict) -> str:
    """When a story (a cluster_table row) was first reported, or its first time; "~" (after
    every time) when none of its articles gives one."""
    return row.get("first_reported") or row.get("first") or "~"


def tie_break(row: dict) -> tuple:
    """How stories that rank equal are ordered, in report.md, clusters.md and `stats`: the
    earlier first report first, then by label, then id. Not by id first: a build keeps
    ids from the builds before it, so a day-by-day build and a clean build of the same files
    ranked tied stories differently."""
    return _when_first(row), row["label"], row["id"]


def _others_alone(n: int, lead: str, *, noun: bool = False) -> str:
    """"the other 3 are stories of their own", "the other article is a story of its own"."""
    if n == 1:
        return f"{lead} article is a story of its own"
    return f"{lead} {n:,}{' articles' if noun else ''} are stories of their own"


#: What is said of a first report that no input file holds: its article and its date are
#: known only from related lists (analysis.first_report takes it first only when its
#: address's date agrees, or no file gives a date).
FROM_ENTRIES = "known only from other articles' related entries"


def _from_entries_only(nodes, row: dict) -> bool:
    """Whether a story's first report is an article no input file holds."""
    article = row.get("first_article")
    return article in nodes and nodes[article].get("has_file") is False


def story_sentence(row: dict, nodes) -> str:
    """A story's sentence to quote, from its story_rows row: its articles, outlets, span and
    first report ("31 articles from 27 outlets over 33.9 h; first reported by ...")."""
    outlets = count_noun(row["outlets"], "outlet")
    once = f" ({row['breadth']:,} counting wire copies once)" if row["breadth"] != row[
        "outlets"] else ""
    over = f" over {row['span']}" if row.get("span_hours") else ""
    text = f"{count_noun(row['articles'], 'article')} from {outlets}{once}{over}"
    reporters = split_list(row.get("first_reporters"))
    if reporters and row.get("first"):
        first = row.get("first_reported") or row["first"]
        text += f"; first reported by {and_list(reporters)} at {_when(first)}"
        # An article no input file holds is known, with its date, only from related lists
        # (analysis.first_report: first only when its address's date agrees, or no file
        # gives a date): the sentence a journalist quotes says so.
        if _from_entries_only(nodes, row):
            text += f" ({FROM_ENTRIES})"
    elif not row.get("first"):
        text += f"; {no_first_report(row)}"
    return text + "."


def cited_rows(G: nx.MultiDiGraph, n: int = 10) -> list[dict]:
    """The ``n`` most cited articles: listed as related by the most other articles.

    Rows: rank, id, title, url, provider, published, cited, citing_outlets, pagerank,
    cluster (-1 for none), sentence. Articles nobody cites are left out. Ties: PageRank.
    """
    rank, cited = centrality(G)
    best = sorted((a for a in cited if cited[a] > 0), key=lambda a: (-cited[a], -rank[a], a))
    rows = []
    for i, a in enumerate(best[: max(n, 0)], 1):
        attrs = G.nodes[a]
        citers = {u for u, _, key in G.in_edges(a, keys=True) if key == "related"}
        outlets = {G.nodes[u].get("provider") for u in citers} - {None, ""}
        cluster = attrs.get("cluster", -1)
        own = sum(1 for u in citers if cluster >= 0 and G.nodes[u].get("cluster") == cluster)
        sentence = (f"Listed as related coverage by {count_noun(cited[a], 'other article')} "
                    f"from {count_noun(len(outlets), 'outlet')}")
        if own and own == cited[a]:
            sentence += ", in its own story" if own == 1 else ", all in its own story"
        elif own:
            sentence += f", {own:,} of them in its own story"
        rows.append({"rank": i, "id": a, "title": attrs.get("label", a),
                     "url": attrs.get("url") or "", "provider": attrs.get("provider") or "",
                     "published": attrs.get("published") or "",
                     "day_only": bool(attrs.get("day_only")), "cited": cited[a],
                     "citing_outlets": len(outlets), "pagerank": rank[a], "cluster": cluster,
                     "sentence": sentence + "."})
    return rows


def _story_of(cid: int, found: list[dict]) -> str:
    """An article's story as a reader finds it and a researcher joins it: its id (the
    `cluster` attribute of coverage.graphml, stories.json's and clusters.md's id) and label
    ("id 19: Holcomb · Indiana"); "" for an article in no story. A bare id (0, 19, 196)
    named nothing a reader sees, and 0 read as "no story"; the rank among the most widely
    covered ("#13") shown before read as the id, and GraphML's cluster 13 is another story."""
    if cid < 0:
        return ""
    label = next((s["label"] for s in found if s["id"] == cid), "")
    return f"id {cid}: {md_text(label)}" if label else f"id {cid}"


def _story_name(row: dict) -> str:
    """The story's label as it is, then its theme's when another ("…; theme: …"), the
    theme's topic in parentheses left out when the label ends with the same one.

    The label is whole so that two stories stay two ("Iowa · deaths (Coronavirus in US)"
    and "Iowa · deaths" of one theme were both written "Iowa · deaths; theme: … (Coronavirus
    in US)") and the text before "; theme:" is the label `related --by story` looks up.
    """
    label, theme = row["label"] or f"story {row['id']}", row.get("theme_label") or ""
    if not theme or theme == label:
        return md_text(label)
    topic = label[label.rfind(" ("):] if label.endswith(")") and " (" in label else ""
    if topic and theme.endswith(topic) and len(theme) > len(topic):
        return md_text(f"{_apart(label)}; theme: {_apart(theme[:-len(topic)])}")
    return md_text(f"{_apart(label)}; theme: {_apart(theme)}")


# -- the two Markdown files --------------------------------------------------------------


def report_markdown(G: nx.MultiDiGraph, *, top: int = 10) -> str:
    """The coverage report as Markdown: the most widely covered stories, the most cited
    articles, outlets and topics; every story is in clusters.md (stories_markdown)."""
    found = story_rows(G)
    clusters, _ = clusters_from_graph(G)
    every = articles(G)
    clustered = sum(s["articles"] for s in found)
    nodes = G.nodes
    # The first and last dates, each as its day alone when it was given without a time
    # (a day-only date of the first day read "from 2026-03-09 00:00 UTC").
    dated = sorted((d, bool(nodes[a].get("day_only"))) for a in every
                   if (d := nodes[a].get("published")))
    when = ("" if not dated else f"at {_when(*dated[0])}" if dated[0] == dated[-1]
            else f"from {_when(*dated[0])} to {_when(*dated[-1])}")
    # "11 articles ..., published at 10:00" said nothing of the 10 of them with no date
    undated = len(every) - len(dated)
    span = (f", published {when}" if not undated else
            f" ({undated:,} with no date; the other {len(dated):,} published {when})" if dated
            else " (none with a date)" if every else "")
    outlets = len({nodes[a].get("provider") for a in every} - {None, ""})
    parts = [
        "# Coverage report",
        f"{count_noun(len(every), 'article')} from {count_noun(outlets, 'outlet')}{span}. "
        + ((f"{clustered:,} of them ({100 * clustered / max(len(every), 1):.0f}%) make up "
            f"{count_noun(len(found), 'story', 'stories')} of two or more articles (articles "
            "the aggregator lists as related, or that read alike, whose headlines name the "
            "same places, people and days)"
            + (f"; {_others_alone(len(every) - clustered, 'the other')}. "
               if len(every) > clustered else ". "))
           if found else "It is a story of its own. " if len(every) == 1 else
           "No two of them make up one story (articles the aggregator lists "
           "as related, or that read alike, whose headlines name the same places, people and "
           "days): each is a story of its own. ")
        + f"Inputs: {md_text(G.graph.get('inputs', '')) or 'n/a'}{_skipped(G)}."
        + _in_range(G),
        "## Most widely covered stories",
        "Ranked by breadth: how many outlets covered the story, a wire story carried by "
        "several outlets (a syndication group) counted once, as its first outlet. PageRank is "
        "the story's share of attention in the link graph (summed over its articles). "
        f"Every story: [{STORIES_FILE}]({STORIES_FILE}). *#* is the rank; *id* is the "
        "story's id, as in clusters.md.",
        _table(
            ["#", "story", "in a sentence", "outlets", "articles", "PageRank", "first reporter",
             "id"],
            [[str(i), _story_name(s), md_text(s["sentence"]), f"{s['breadth']:,}",
              f"{s['articles']:,}", _rank(s["pagerank"]), _first_reporter(nodes, s),
              str(s["id"])]
             for i, s in enumerate(found[:top], 1)],
            right={0, 3, 4, 5, 7},
        ),
        "## Themes",
        "Stories that share coverage or wording, grouped; the largest stories of each. "
        "Ranked by *in its stories*, the articles of the theme's stories; *all its "
        "articles* adds the articles in no story that the theme's links reach, as the "
        "`theme` attribute of coverage.graphml and the exports counts them.",
        _table(
            ["theme", "stories", "in its stories", "all its articles", "largest stories"],
            _theme_rows(found, Counter(t for a in every
                                       if isinstance(t := nodes[a].get("theme"), int)
                                       and t >= 0))[:top],
            right={1, 2, 3},
        ),
        "## Most cited articles",
        "Ranked by citations: how many other articles list the article as related coverage "
        "(ties by PageRank, the article's own share of attention in the link graph). "
        "*story* is the article's story by its id, the `cluster` attribute of this build's "
        "coverage.graphml and the id in stories.json and clusters.md, and its label.",
        _table(
            ["#", "article", "outlet", "published", "in a sentence", "cited", "PageRank",
             "story"],
            [[str(r["rank"]), md_link(r["title"], r["url"]), md_text(r["provider"]),
              _when(r["published"], r["day_only"]), md_text(r["sentence"]), f"{r['cited']:,}",
              _rank(r["pagerank"]), _story_of(r["cluster"], found)]
             for r in cited_rows(G, top)],
            right={0, 5, 6},
        ),
        "## Outlets",
        "By articles; *stories* counts the stories of two or more articles an outlet "
        "covered (an article that is a story of its own is in none), *first to report* those "
        "it reported first, *links received* the related links its articles receive.",
        _table(
            ["outlet", "articles", "stories", "first to report", "links received"],
            [
                [_outlet_cell(r["name"], r["provider"]), f"{r['articles']:,}",
                 f"{r['clusters']:,}", f"{r['first_reports']:,}", f"{r['related_in']:,}"]
                for r in provider_ranking(G, clusters)[:top]
            ],
            right={1, 2, 3, 4},
        ),
        "## Topics",
        *_topic_parts(G, clusters, top),
        # Last line, as in every output of a build: which corpus made this file.
        _fingerprint(G),
    ]
    return "\n\n".join(parts) + "\n"


def _topic_parts(G: nx.MultiDiGraph, clusters, top: int) -> list[str]:
    """The topics on (nearly) every article in one sentence, then the others ranked."""
    tagged = len(article_topics(G))
    # Every companion, so that three remain once the everywhere topics are left out.
    rows = topic_ranking(G, clusters, co_topics=sum(1 for _, k in G.nodes(data="kind")
                                                    if k == "topic"))
    everywhere = [r for r in rows if tagged >= EVERYWHERE_FROM
                  and r["articles"] >= EVERYWHERE * tagged]
    common = {r["topic"] for r in everywhere}
    parts = []
    if everywhere:
        named = "; ".join(f"{md_text(r['topic'])} ({r['articles']:,})" for r in everywhere)
        parts.append(f"On (nearly) every one of the {tagged:,} articles with topics, so not "
                     f"ranked: {named}.")
    parts.append("By articles; *stories* counts the stories of two or more articles on the "
                 "topic, *often with* the topics its articles carry most besides.")
    parts.append(_table(
        ["topic", "articles", "stories", "often with"],
        [[md_text(r["topic"]), f"{r['articles']:,}", f"{r['clusters']:,}",
          md_text("; ".join([_apart_counted(t) for t in split_list(r["co_topics"])
                             if t.rsplit(" (", 1)[0] not in common][:3]))]
         for r in rows if r["topic"] not in common][:top],
        right={1, 2},
    ))
    return parts


def stories_markdown(G: nx.MultiDiGraph) -> str:
    """clusters.md: every story, ranked by breadth as in the report, one row each."""
    stories = story_rows(G)
    nodes = G.nodes
    alone = len(articles(G)) - sum(s["articles"] for s in stories)
    parts = [
        "# Every story",
        (f"All {count_noun(len(stories), 'story', 'stories')} of two or more articles, ranked "
         if stories else "No story of two or more articles. Stories are ranked ")
        + "by breadth as in [report.md](report.md): *outlets* counts a wire story carried by "
        "several outlets once, *all outlets* counts each. "
        + (f"{_others_alone(alone, 'The other', noun=True)}. " if alone else "")
        + "*earliest article* is "
        "when the story's first article appeared; the *first reporter* is its earliest "
        "article that is itself about the story (not a round-up or a passing mention), "
        "so it can come later. *id* is the `cluster` attribute of this build's "
        "coverage.graphml, kept by later builds and exports while it is the same story."
        + _in_range(G),
        _table(
            ["#", "story", "outlets", "all outlets", "articles", "wire copies", "span",
             "earliest article", "first reporter", "PageRank", "id"],
            [[str(i), _story_name(s), f"{s['breadth']:,}", f"{s['outlets']:,}",
              f"{s['articles']:,}", f"{s['wire_copies']:,}", md_text(s["span"]),
              _when(s["first"]) if s["first"] else "no date", _first_reporter(nodes, s),
              _rank(s["pagerank"]), str(s["id"])]
             for i, s in enumerate(stories, 1)],
            right={0, 2, 3, 4, 5, 9, 10},
        ),
        _fingerprint(G),
    ]
    return "\n\n".join(parts) + "\n"


def _fingerprint(G: nx.MultiDiGraph) -> str:
    return (f"Corpus fingerprint: `{md_text(G.graph.get('fingerprint', '')) or 'n/a'}` · "
            f"graphx {__version__}")


# -- changes.md ----------------------------------------------------------------------------


def _in_range(G: nx.MultiDiGraph) -> str:
    """What --since/--until left out, said where the counts are: a range's first reporter
    is the first in that range (a --since build credited NBC News with a story the New York
    Daily News had reported the day before, and said nothing of the range)."""
    since, until = G.graph.get("since") or "", G.graph.get("until") or ""
    if not since and not until:
        return ""
    asked = " and ".join(f"{name} {_when(value)}" for name, value in
                         (("--since", since), ("--until", until)) if value)
    return (f" Only articles published in the range asked for ({asked}) are counted: a "
            "story's first reporter and span are those of this range, and coverage outside "
            "it is left out.")


def _skipped(G: nx.MultiDiGraph) -> str:
    """" (15 files read, 1 skipped: see load-report.json)" when files were skipped: a
    report meant to be quoted never leaves out part of its input unsaid."""
    files, skipped = files_skipped(G)
    return (f" ({count_noun(files, 'file')} read, {skipped:,} skipped: not in these counts; "
            "why, in load-report.json)") if skipped else ""


def _gone_outlets(change: dict) -> str:
    """", 2 outlets gone" when outlets are gone, else ""."""
    gone = len(change["outlets"].get("gone", []))
    return f", {count_noun(gone, 'outlet')} gone" if gone else ""


def _article_changes(G: nx.MultiDiGraph, new: list[str], gone: list[str], top: int
                     ) -> list[str]:
    """changes.md's sections naming the articles added (the latest first: title, outlet,
    time, story) and removed (by address: their titles went with their files)."""
    nodes = G.nodes
    out = []
    if new:
        shown = sorted((n for n in new if n in nodes),
                       key=lambda n: (nodes[n].get("published") or "", n), reverse=True)
        more = f" (the {top} latest; changes.json lists all)" if len(shown) > top else ""
        rows = [[md_link(decoded(nodes[n].get("title") or n), nodes[n].get("url") or ""),
                 md_text(nodes[n].get("provider") or ""),
                 _when(nodes[n].get("published") or "", bool(nodes[n].get("day_only"))),
                 md_text(nodes[n].get("cluster_label") or "")] for n in shown[:top]]
        out.append(f"## New articles: {len(new):,}{more}\n\n"
                   + _table(["article", "outlet", "published", "story"], rows, right=set()))
    if gone:
        more = f" (the first {top}; changes.json lists all)" if len(gone) > top else ""
        out.append(f"## Articles removed: {len(gone):,}{more}\n\n"
                   + "\n".join(f"- {md_text(split_id(n)[1])}" for n in gone[:top]))
    return out


def _dissolved(r: dict) -> str:
    """What became of a story that is no longer one, its articles still (partly) there:
    "no longer a story: its 2 articles stand alone", "... 3 removed, 1 now in story 12"."""
    now_in = r["now_in"]
    parts = ([f"{r['removed']:,} removed"] if r["removed"] else []) + (
        [f"{r['alone']:,} stand{'s' if r['alone'] == 1 else ''} alone"] if r["alone"] else []
    ) + [f"{h['articles']:,} now in story {h['id']}" for h in now_in]
    if len(parts) == 1:  # one fate for all of them: "its 2 articles stand alone"
        return "no longer a story: its " + count_noun(r["articles"], "article") + (
            " stand" + ("s" if r["articles"] == 1 else "") + " alone" if r["alone"] else
            (" is" if r["articles"] == 1 else " are") + f" now in story {now_in[0]['id']}")
    return f"no longer a story: of its {count_noun(r['articles'], 'article')}, " + ", ".join(parts)


def changes_markdown(change: dict, G: nx.MultiDiGraph, *, top: int = 25) -> str:
    """changes.md: what is new since the last build (graphx.changes.changes), biggest first,
    for a reader starting the day. ``top`` caps each list; changes.json holds them all."""
    nodes = G.nodes
    members: dict[int, list[str]] = defaultdict(list)
    for n in articles(G):
        cid = nodes[n].get("cluster", -1)
        if isinstance(cid, int) and cid >= 0:
            members[cid].append(n)

    def first_link(cid: int) -> str:
        reported = first_report(G, members.get(cid, ()))
        if not reported:
            return ""
        first = nodes[min(reported)]
        return md_link(first.get("provider_name") or first.get("provider", "?"),
                       (first.get("url") or ""))

    def _taken_in(r: dict) -> list[str]:
        """The stories a merged story took in, as they were: "story 53, <label> (5 articles)"."""
        return [f"story {t['id']}, {md_text(t['label'])} ({count_noun(t['articles'], 'article')})"
                for t in r["took_in"]]

    def _part(cid: int) -> str:
        """A story a split one is now in, named: "story 76, <label> (2 articles)" (a bare
        id named a new story that the capped "New stories" table might not show)."""
        mine = members.get(cid, ())
        label = nodes[mine[0]].get("cluster_label", "") if mine else ""
        return f"story {cid}, {md_text(label)} ({count_noun(len(mine), 'article')})"

    def section(title: str, rows: list[dict], headers: list[str], cells) -> list[str]:
        if not rows:
            return []
        more = f" (the {top} largest; changes.json lists all)" if len(rows) > top else ""
        return [f"## {title}: {len(rows):,}{more}",
                _table(headers, [cells(r) for r in rows[:top]], right={0, 2})]

    a = change["articles"]
    s = change["stories"]
    outlets = change["outlets"]["new"]
    shrank = s.get("shrank", [])
    parts = [
        "# What changed since the last build",
        f"{count_noun(a['added'], 'article')} added and {a['removed']:,} removed "
        f"({a['now']:,} now); {count_noun(len(s['new']), 'new story', 'new stories')}, "
        f"{len(s['grew']):,} grew, {len(shrank):,} shrank, {len(s['merged']):,} merged, "
        f"{len(s['split']):,} split, {len(s.get('dissolved', [])):,} dissolved, "
        f"{len(s['gone']):,} gone; "
        f"{count_noun(len(outlets), 'new outlet')}"
        f"{_gone_outlets(change)}. A story keeps "
        "its id from build to build while it holds at least half of its articles still in "
        "the folder; one gone had every article removed.",
        *section("New stories", s["new"], ["id", "story", "articles", "first reporter"],
                 lambda r: [str(r["id"]), md_text(r["label"]) + (
                     f" (from story {', '.join(map(str, r['split_from']))})"
                     if r.get("split_from") else ""), f"{r['articles']:,}", first_link(r["id"])]),
        *section("Stories that grew", s["grew"], ["id", "story", "articles", "added"],
                 lambda r: [str(r["id"]), md_text(r["label"]), f"{r['articles']:,}",
                            f"+{r['added']:,}"]),
        *section("Stories that shrank", shrank, ["id", "story", "articles", "lost"],
                 lambda r: [str(r["id"]), md_text(r["label"]), f"{r['articles']:,}",
                            f"{r['lost']:,}"]),  # "lost -1" read as a double negative
        *section("Stories that merged", s["merged"], ["id", "story", "articles", "took in"],
                 lambda r: [str(r["id"]), md_text(r["label"]), f"{r['articles']:,}",
                            "; ".join(_taken_in(r))]),
        *section("Stories that split", s["split"], ["id", "story", "articles", "now in"],
                 lambda r: [str(r["id"]), md_text(r["label"]), f"{r['articles']:,}",
                            "; ".join(map(_part, r["into"]))]),
        *section("Stories dissolved", s.get("dissolved", []),
                 ["id", "story", "articles", "what became of it"],
                 lambda r: [str(r["id"]), md_text(r["label"]), f"{r['articles']:,}",
                            _dissolved(r)]),
        *section("Stories gone", s["gone"], ["id", "story", "articles"],
                 lambda r: [str(r["id"]), md_text(r["label"]), f"{r['articles']:,}"]),
    ]
    if outlets:  # biggest first, each with its articles
        names = [(md_text(nodes[o].get("label") or o) if o in nodes else md_text(o))
                 + f" ({articles_of(G, o):,})" for o in outlets[:top]]
        more = f" (the {top} largest; changes.json lists all)" if len(outlets) > top else ""
        parts.append(f"## New outlets: {len(outlets):,}{more}\n\n" + "; ".join(names))
    gone = change["outlets"].get("gone", [])
    if gone:  # no longer in the corpus: named by their keys, all their articles gone
        parts.append(f"## Outlets gone: {len(gone):,}\n\n"
                     + "; ".join(md_text(split_id(o)[1]) for o in gone[:top])
                     + (" …" if len(gone) > top else ""))
    parts += _article_changes(G, a.get("new", []), a.get("gone", []), top)
    parts.append(_fingerprint(G))
    return "\n\n".join(parts) + "\n"
