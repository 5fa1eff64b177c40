"""The corpus summary that `graphx stats` and `graphx build` print: plain rows, no printing."""

from __future__ import annotations

from .graph import summary


def stats_rows(corpus) -> list[dict]:
    """A built Corpus -> rows of {"measure", "value"}: files, nodes by kind, edges by relation."""
    report = corpus.report
    s = summary(corpus.graph)
    rows = [
        ("files", len(report.files)),
        ("files_loaded", report.loaded),
        ("files_skipped", len(report.files) - report.loaded),
        ("files_with_warnings", sum(1 for f in report.files if f.warnings)),
        ("articles", s["articles"]),
        ("articles_with_file", s["articles_with_file"]),
        ("articles_without_file", s["articles_without_file"]),
        ("url_variants", s["url_variants"]),
        ("providers", s["providers"]),
        ("topics", s["topics"]),
        ("tags", s["tags"]),
    ]
    rows += [(f"edges_{relation}", n) for relation, n in s["edges"].items()]
    rows.append(("self_links_dropped", s["self_links_dropped"]))
    return [{"measure": m, "value": v} for m, v in rows]


#: The short sections people see from `graphx stats`: (title, table, columns, rows shown).
SECTIONS = (
    ("Story clusters", "clusters", ["id", "label", "size", "span", "first_reporters",
                                    "first_reported", "theme_label"], 10),
    # Articles, by the PageRank they are ranked by (shown, so the order can be read).
    ("Most central articles", "stories", ["rank", "title", "provider", "pagerank",
                                          "published", "related_in"], 10),
    ("Top providers", "providers", ["provider", "articles", "clusters", "first_reports",
                                    "related_in"], 10),
    ("Top topics", "topics", ["topic", "articles", "clusters"], 10),
)


def stats_sections(corpus) -> list[tuple[str, list[str], list[dict], tuple[str, ...]]]:
    """The summary and a short section of each analysis table, as (title, columns, rows,
    the columns that may move under their row in a narrow terminal)."""
    from .coverage_report import DETAIL, analysis_rows

    rows = stats_rows(corpus)
    sections = [("Corpus", ["measure", "value"], rows, ())]
    for title, table, columns, n in SECTIONS:
        _, full = analysis_rows(corpus.graph, table)
        shown = (f"{title} (all {len(full):,})" if 0 < len(full) <= n else
                 f"{title} (top {n} of {len(full):,}; --show {table} for all)"
                 if full else f"{title}: none")
        below = tuple(c for c in DETAIL[table] if c in columns)
        sections.append((shown, columns, full[:n], below))
    return sections
