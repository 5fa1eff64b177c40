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
