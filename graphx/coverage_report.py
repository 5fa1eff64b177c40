"""The coverage report (report.md) and the analysis tables of `graphx stats --show`.

Both read the analysed graph (graphx.analysis). Titles, labels and names come from the
input files, so they are untrusted: every cell is escaped for Markdown and HTML, and only
http(s) URLs become links.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import networkx as nx

from . import __version__
from .analysis import (
    cluster_table,
    clusters_from_graph,
    provider_ranking,
    top_stories,
    topic_ranking,
)
from .errors import InputError
from .model import articles

#: The tables `graphx stats --show` can print, and their columns in order.
COLUMNS = {
    "clusters": ["id", "label", "size", "providers", "first", "last", "span", "first_reporters"],
    "stories": ["rank", "title", "provider", "published", "pagerank", "related_in", "cluster",
                "url"],
    "providers": ["provider", "name", "articles", "clusters", "first_reports", "related_in"],
    "topics": ["topic", "articles", "clusters", "co_topics"],
}
SHOW = tuple(COLUMNS)

# Escaping brackets is enough to stop links and images; pipes would split a table cell.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
# Characters left as they are in a link's URL; the rest (spaces, parentheses, brackets,
# quotes, angle brackets, backslashes) are percent-encoded so the link cannot break out.
_URL_SAFE = ":/?#@!$&*+,;=%~-._"


def md_text(text: object) -> str:
    """Untrusted text -> one line of Markdown that shows exactly that text, never markup."""
    text = " ".join(html.unescape(str(text)).split())
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def md_link(text: object, url: str) -> str:
    """A Markdown link to ``url`` when it is http(s); the escaped text alone otherwise."""
    if not re.match(r"https?://", url, re.IGNORECASE):
        return md_text(text)
    return f"[{md_text(text)}]({quote(url, safe=_URL_SAFE)})"


def _table(headers: list[str], rows: list[list[str]], *, right: set[int] = frozenset()) -> str:
    if not rows:
        return "_None._"
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ") if iso else ""


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
    elif show == "providers":
        rows = provider_ranking(G, clusters)
    else:
        rows = topic_ranking(G, clusters)
    return COLUMNS[show], rows


def report_markdown(G: nx.MultiDiGraph, *, top: int = 10, clusters: int = 25) -> str:
    """The coverage report as Markdown: story clusters, top stories, providers and topics.

    ``clusters`` caps the cluster table, ``top`` the others.
    """
    found, labels = clusters_from_graph(G)
    table = cluster_table(G, found, labels)
    total = len(articles(G))
    clustered = sum(len(c) for c in found)
    nodes = G.nodes
    parts = [
        "# Coverage report",
        f"{total:,} articles, {len(found):,} story clusters holding "
        f"{clustered:,} of them ({100 * clustered / max(total, 1):.0f}%); the rest are "
        f"single stories. Inputs: {md_text(G.graph.get('inputs', '')) or 'n/a'}.",
        "## Story clusters",
        "Articles linked as related or with similar titles and excerpts, grouped into stories. "
        "The first reporter links to the earliest article.",
        _table(
            ["id", "story", "articles", "providers", "span", "first reporter"],
            [
                [str(r["id"]), md_text(r["label"]), str(r["size"]), str(r["providers"]),
                 r["span"], md_link(r["first_reporters"] or "?",
                                    nodes[r["first_article"]].get("url", ""))]
                for r in table[:clusters]
            ],
            right={0, 2, 3},
        ),
        "## Top stories",
        "By PageRank over related and similar links; *cited* counts related links received.",
        _table(
            ["#", "story", "provider", "published", "cited", "cluster"],
            [
                [str(r["rank"]), md_link(r["title"], r["url"]), md_text(r["provider"]),
                 _when(r["published"]), str(r["related_in"]),
                 str(r["cluster"]) if r["cluster"] >= 0 else ""]
                for r in top_stories(G, top)
            ],
            right={0, 4, 5},
        ),
        "## Top providers",
        _table(
            ["provider", "articles", "clusters", "first to report", "links received"],
            [
                [md_text(r["name"]) + f" ({md_text(r['provider'])})", str(r["articles"]),
                 str(r["clusters"]), str(r["first_reports"]), str(r["related_in"])]
                for r in provider_ranking(G, found)[:top]
            ],
            right={1, 2, 3, 4},
        ),
        "## Top topics",
        _table(
            ["topic", "articles", "clusters", "often with"],
            [
                [md_text(r["topic"]), str(r["articles"]), str(r["clusters"]),
                 md_text(r["co_topics"])]
                for r in topic_ranking(G, found)[:top]
            ],
            right={1, 2},
        ),
        # Last line, as in every output of a build: which corpus made this file.
        f"Corpus fingerprint: `{md_text(G.graph.get('fingerprint', '')) or 'n/a'}` · "
        f"graphx {__version__}",
    ]
    return "\n\n".join(parts) + "\n"
