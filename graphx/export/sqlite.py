"""The coverage graph as a SQLite database that Datasette and sqlite-utils open as it is.

Made with Python's own sqlite3, following sqlite-utils' conventions so its tools and
Datasette understand it: [bracketed] names; one table per kind (articles, outlets, topics,
tags, clusters), story links in edges, input files in files, many-to-many tables named
articles_topics / articles_tags with <table>_id columns; declared foreign keys (Datasette
links them); a full-text index articles_fts on titles (a reissued page's earlier ones too)
and excerpts (an FTS5 table with content=[articles], so Datasette offers a search box);
and views for common questions.

A value that is "none" on the graph (an empty string, a cluster of -1) is NULL here.
An outlet, topic or tag is keyed by its bare key (`reuters.com`, what articles.outlet and
the many-to-many tables name, so Datasette links them); its `node_id` is the graph's id
(`provider:reuters.com`), which every other format uses, to join them with those.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from ..atomic import atomic_open
from ..errors import InputError
from ..model import ARTICLE, ILLEGAL_XML, split_id, split_list
from ..related.keywords import CJK_RUN, WORD_CATEGORIES, usual_widths
from ..words import UNSPACED_RUN, southeast_asian_words
from .common import clean_text, edge_relation, node_ids, ordered_edges, plain_attrs

#: Each table: (columns with their SQL, primary key, foreign keys {column: table}).
TABLES = {
    "outlets": ([("id", "TEXT"), ("node_id", "TEXT"), ("name", "TEXT"), ("names", "TEXT"),
                 ("articles", "INTEGER"),
                 ("stories", "INTEGER"), ("first_reports", "INTEGER"),
                 ("links_received", "INTEGER")], ("id",), {}),
    "topics": ([("id", "TEXT"), ("node_id", "TEXT"), ("label", "TEXT"),
                ("articles", "INTEGER")], ("id",), {}),
    "tags": ([("id", "TEXT"), ("node_id", "TEXT"), ("label", "TEXT"), ("articles", "INTEGER")],
             ("id",), {}),
    "clusters": ([("id", "INTEGER"), ("label", "TEXT"), ("theme_label", "TEXT"),
                  ("breadth", "INTEGER"), ("outlets", "INTEGER"), ("articles", "INTEGER"),
                  ("wire_copies", "INTEGER"), ("first", "TEXT"), ("last", "TEXT"),
                  ("span_hours", "REAL"), ("first_reporters", "TEXT"),
                  ("first_reported", "TEXT"), ("first_article", "TEXT"),
                  ("pagerank", "REAL"), ("cited", "INTEGER"),
                  ("summary", "TEXT")], ("id",), {"first_article": "articles"}),
    "articles": ([("id", "TEXT"), ("title", "TEXT"), ("titles", "TEXT"), ("excerpt", "TEXT"),
                  ("url", "TEXT"),
                  ("published", "TEXT"), ("outlet", "TEXT"), ("outlet_name", "TEXT"),
                  ("cluster", "INTEGER"), ("cluster_label", "TEXT"), ("theme", "INTEGER"),
                  ("theme_label", "TEXT"), ("syndication_group", "TEXT"), ("pagerank", "REAL"),
                  ("related_in", "INTEGER"), ("bridging", "REAL"), ("topics", "TEXT"),
                  ("tags", "TEXT"), ("urls", "TEXT"), ("has_file", "INTEGER"),
                  ("quality", "INTEGER"), ("heat", "INTEGER"), ("listed", "INTEGER"),
                  ("type", "TEXT"), ("day_only", "INTEGER"), ("roundup", "INTEGER"),
                  ("first_published", "TEXT"), ("original", "TEXT"), ("search_cjk", "TEXT")],
                 ("id",), {"outlet": "outlets", "cluster": "clusters"}),
    "articles_topics": ([("articles_id", "TEXT"), ("topics_id", "TEXT")],
                        ("articles_id", "topics_id"),
                        {"articles_id": "articles", "topics_id": "topics"}),
    "articles_tags": ([("articles_id", "TEXT"), ("tags_id", "TEXT")], ("articles_id", "tags_id"),
                      {"articles_id": "articles", "tags_id": "tags"}),
    "edges": ([("source", "TEXT"), ("target", "TEXT"), ("relation", "TEXT"),
               ("count", "INTEGER"), ("score", "REAL"), ("syndicated", "INTEGER")],
              ("source", "target", "relation"), {"source": "articles", "target": "articles"}),
    "files": ([("path", "TEXT"), ("status", "TEXT"), ("reason", "TEXT"), ("warnings", "TEXT"),
               ("article", "TEXT")], ("path",), {"article": "articles"}),
    "graph": ([("key", "TEXT"), ("value", "TEXT")], ("key",), {}),
}
INDEXES = (("articles", "outlet"), ("articles", "cluster"), ("articles", "published"),
           ("edges", "target"), ("articles_topics", "topics_id"), ("articles_tags", "tags_id"),
           ("files", "article"))
#: Views for the questions people ask first; each is a saved query Datasette lists.
VIEWS = {
    "stories_by_breadth": """select id, label, summary, breadth, outlets, articles, wire_copies,
  first, first_reporters, first_reported, first_article, pagerank
from clusters order by breadth desc, outlets desc, articles desc, id""",
    "most_cited_articles": """select id, title, outlet, published, related_in as cited, pagerank,
  cluster, url
from articles where related_in > 0 order by related_in desc, pagerank desc, id""",
    "first_reporters": """select id, name, first_reports, stories, articles
from outlets where first_reports > 0 order by first_reports desc, stories desc, id""",
    # As first reports count (graphx.analysis.story_times): a reissued page from when it
    # first appeared, a day-only article after the timed ones of its day. Ordered by
    # `published`, covid's story 58 listed U.S. News first at 21:20, above the Houston
    # Chronicle's page that first appeared at 05:18, the story's `first` and first report.
    # An undated article comes last, as it never is a first report: SQLite sorts NULL
    # first, which put it above the story's first report.
    "story_articles": """select clusters.id as story, clusters.label as story_label,
  coalesce(articles.first_published, articles.published) as appeared, articles.published,
  articles.outlet, articles.title, articles.url, articles.id as article
from articles join clusters on articles.cluster = clusters.id
order by clusters.id,
  coalesce(articles.first_published, articles.published) is null,
  substr(coalesce(articles.first_published, articles.published), 1, 10),
  case when articles.first_published is null then coalesce(articles.day_only, 0) else 0 end,
  coalesce(articles.first_published, articles.published), articles.id""",
    "topics_by_articles": """select topics.id, topics.label, count(*) as articles
from articles_topics join topics on articles_topics.topics_id = topics.id
group by topics.id order by articles desc, topics.id""",
}
_STORY_RELATIONS = ("related", "similar")


def _create(db: sqlite3.Connection) -> None:
    for name, (columns, pk, fks) in TABLES.items():
        lines = [f"   [{c}] {t}" + (" PRIMARY KEY" if pk == (c,) else "")
                 + (f" REFERENCES [{fks[c]}]([id])" if c in fks else "") for c, t in columns]
        if len(pk) > 1:
            lines.append(f"   PRIMARY KEY ({', '.join(f'[{c}]' for c in pk)})")
        db.execute(f"CREATE TABLE [{name}] (\n" + ",\n".join(lines) + "\n)")
    for table, column in INDEXES:
        db.execute(f"CREATE INDEX [idx_{table}_{column}] ON [{table}] ([{column}])")


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[dict]) -> None:
    columns = [c for c, _ in TABLES[table][0]]
    sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    db.executemany(sql, ([_sql(row.get(c)) for c in columns] for row in rows))


def _sql(value):
    """A plain value as SQLite holds it: "" is NULL, booleans 0/1, NaN NULL, and text
    cleaned as every other format cleans it (clean_text): an outlet's name, a topic's or
    story's label kept NUL and terminal escapes, which cut names short in C tools and
    reached the terminal of anyone running ``sqlite3 out.db``."""
    if isinstance(value, str):
        value = clean_text(value)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value != value:
        return None
    return value


def fill_sqlite(G: nx.Graph, db: sqlite3.Connection, *, load_report: dict | None = None,
                whole: nx.Graph | None = None) -> None:
    """Create graphx's tables, views and full-text index in the empty database ``db``.

    ``load_report`` (LoadReport.to_dict()) fills files with every input file, skipped
    ones too (of a focus, its articles' files; of --since/--until, its articles' files and
    the skipped ones); without it, files lists the articles' source files. ``whole``: the graph G
    is a part of (a focus), whose stories' first reports G's stories keep (see
    _whole_first_reports).
    """
    from ..analysis import clusters_from_graph, provider_ranking
    from ..coverage_report import story_rows

    nodes = G.nodes
    ids = node_ids(G)
    kinds: dict[str, list] = {}
    for n in ids:
        kinds.setdefault(nodes[n].get("kind", ""), []).append(n)
    present = set(G)
    found = kinds.get(ARTICLE, [])
    stories = story_rows(G) if found else []
    if whole is not None and stories:
        stories = _whole_first_reports(whole, stories, present)
    clusters, _ = clusters_from_graph(G) if found else ([], [])
    ranking = {r["provider"]: r for r in provider_ranking(G, clusters)} if found else {}
    # An outlet's first reports are those of the stories here (the whole story's, in a part).
    firsts = Counter(d for s in stories for d in split_list(s.get("first_reporters")))
    _create(db)
    _insert(db, "outlets", (
        {"id": split_id(n)[1], "node_id": n, "name": nodes[n].get("label"),
         "names": nodes[n].get("names"),
         "articles": nodes[n].get("articles", ranking.get(split_id(n)[1], {}).get("articles")),
         "stories": ranking.get(split_id(n)[1], {}).get("clusters"),
         "first_reports": firsts[split_id(n)[1]] if split_id(n)[1] in ranking else None,
         "links_received": ranking.get(split_id(n)[1], {}).get("related_in")}
        for n in kinds.get("provider", [])))
    for kind in ("topic", "tag"):
        _insert(db, f"{kind}s", ({"id": split_id(n)[1], "node_id": n,
                                  "label": nodes[n].get("label"),
                                  "articles": nodes[n].get("articles")}
                                 for n in kinds.get(kind, [])))
    _insert(db, "clusters", ({**s, "summary": s["sentence"]} for s in stories))
    stored_clusters = {s["id"] for s in stories}
    _insert(db, "articles", (_article(G, a, present, stored_clusters) for a in found))
    for kind in ("topic", "tag"):
        _insert(db, f"articles_{kind}s", (
            {"articles_id": a, f"{kind}s_id": split_id(h)[1]}
            for a in found for h in G.successors(a) if nodes[h].get("kind") == kind))
    articles = set(found)
    _insert(db, "edges", (
        {**plain_attrs(d), "source": u, "target": v, "relation": edge_relation(G, key, d)}
        for u, v, key, d in ordered_edges(G, ids)
        if u in articles and v in articles and edge_relation(G, key, d) in _STORY_RELATIONS))
    _insert(db, "files", _files(G, found, load_report, part="selection" in G.graph,
                                dated=bool(G.graph.get("since") or G.graph.get("until"))))
    graph_attrs = plain_attrs(G.graph, empty=False)
    _insert(db, "graph", ({"key": k, "value": str(v)} for k, v in sorted(graph_attrs.items())))
    # The FTS5 table sqlite-utils' enable_fts makes; Datasette finds it by content=[articles].
    # A reissued page's earlier headlines (titles) are searched too, as `related` finds it
    # by any of them.
    # Words read as graphx's own keyword index reads them (WORD_CATEGORIES: marks are parts
    # of a word, Hindi's vowel signs cut its words into letters).
    db.execute("CREATE VIRTUAL TABLE [articles_fts] USING FTS5 (\n    [title], [titles], "
               "[excerpt], [search_cjk],\n    content=[articles],\n"
               f"    tokenize=\"unicode61 {WORD_CATEGORIES}\"\n)")
    db.execute("INSERT INTO [articles_fts] (rowid, [title], [titles], [excerpt], [search_cjk]) "
               "SELECT rowid, [title], [titles], [excerpt], [search_cjk] FROM [articles]")
    for name, sql in VIEWS.items():
        db.execute(f"CREATE VIEW [{name}] AS\n{sql}")


def _whole_first_reports(whole: nx.Graph, stories: list[dict], present: set) -> list[dict]:
    """``stories`` (story_rows of a part of ``whole``) with each story's first report, its
    time, its outlets and the sentence's "first reported by" taken from the whole story,
    as the map of a focus gives them: recomputed from a focus on the New York Times, the
    file named it first reporter of 14 of its 14 stories (10 of 15 in covid), the Moderna
    vaccine news 10 hours after Reuters'. A first report not in the part has no
    first_article here (no row to link to), and its sentence says so."""
    from ..analysis import cluster_table
    from ..coverage_report import story_sentence

    wanted = {s["id"] for s in stories}
    members: dict[int, set] = {}
    for n, d in whole.nodes(data=True):
        cid = d.get("cluster", -1) if d.get("kind") == ARTICLE else -1
        if cid in wanted:
            members.setdefault(cid, set()).add(n)
    rows = []
    for s in stories:
        if s["id"] not in members:  # not a cluster of the whole graph: the part's own
            rows.append(s)
            continue
        first = cluster_table(whole, [members[s["id"]]], [s["label"]])[0]
        row = {**s, **{k: first[k] for k in ("first_reporters", "first_reported",
                                             "first_article")}}
        row["sentence"] = story_sentence(row, whole.nodes)
        if first["first_reported"] and first["first_article"] not in present:
            row["first_article"] = None
            row["sentence"] = row["sentence"][:-1] + " (not in this export)."
        rows.append(row)
    return rows


def _article(G: nx.Graph, a: str, present: set, clusters: set) -> dict:
    attrs = plain_attrs(G.nodes[a], empty=False)
    outlet = attrs.get("provider")
    cluster = attrs.get("cluster")
    return {
        # An untitled article's label is its address: no title (a search matched the
        # address's words as headline words); a graph with no titles has its labels.
        **attrs, "id": a, "title": (attrs.get("title") if "title" in G.nodes[a]
                                    else attrs.get("label")),
        "outlet": outlet if f"provider:{outlet}" in present else None,
        "outlet_name": attrs.get("provider_name"),
        "cluster": cluster if cluster in clusters else None,
        "theme": None if attrs.get("theme") == -1 else attrs.get("theme"),
        "syndication_group": attrs.get("group"),
        "search_cjk": cjk_words(" ".join(f"{attrs.get(k) or ''}"
                                         for k in ("title", "titles", "excerpt"))),
    }


#: The longest Chinese or Japanese word (in characters) the search box finds inside a run.
CJK_WORD = 6
#: The most Thai, Lao, Myanmar or Khmer words side by side the search box finds as one.
SOUTHEAST_ASIAN_PHRASE = 3


def cjk_words(text: str) -> str:
    """Every stretch of two to CJK_WORD characters of ``text``'s Chinese and Japanese runs,
    and of one to SOUTHEAST_ASIAN_PHRASE words of its Thai, Lao, Myanmar and Khmer runs
    (graphx.words cuts them), once each, space-separated ("" when it has none): what the
    full-text index searches for a word inside a run, which no space divides
    ("東京都で新たに39人感染": 東京都, 感染; "น้ำท่วมกรุงเทพฯ": น้ำ, ท่วม, น้ำท่วม). FTS5's
    tokenizer reads a whole run as one word, so Datasette's search box found no word of
    these languages that a headline held."""
    found: dict[str, None] = {}
    usual = usual_widths(text)  # "ＪＲ" found by "JR" (the text keeps what it says)
    if usual != text:
        text = f"{text} {usual}"
    for run in CJK_RUN.findall(text):
        for size in range(2, min(CJK_WORD, len(run)) + 1):
            for at in range(len(run) - size + 1):
                found.setdefault(run[at:at + size])
    for run in southeast_asian_words(text):
        for size in range(1, min(SOUTHEAST_ASIAN_PHRASE, len(run)) + 1):
            for at in range(len(run) - size + 1):
                found.setdefault("".join(run[at:at + size]))
    if found:  # and the Latin words and figures written against them ("AppleがiPhone 16を"),
        # which the tokenizer reads as one word with the run ("appleがiphone")
        for word in _LATIN_WORD.findall(UNSPACED_RUN.sub(" ", text)):
            found.setdefault(word)
    return " ".join(found)


#: A word of letters and digits outside the scripts written without spaces.
_LATIN_WORD = re.compile(r"[^\W_]+")


def _files(G: nx.Graph, found: list, load_report: dict | None, *, part: bool = False,
           dated: bool = False) -> list[dict]:
    """One row per input file, with the article it made (when that article is here); of a
    ``part`` of the graph (a focus), the files of its articles only: the other 2,900 files of
    covid read as loaded files that made no article. Of a ``dated`` graph (--since/--until),
    the files of its articles and the skipped files (which might have been in the range):
    the 1,604 loaded files of covid's articles before --since 2020-05-07T12:00 read as
    loaded files that made no article, and the range is in the graph table."""
    article_of = {path: a for a in found for path in split_list(G.nodes[a].get("sources"))}
    if load_report is None:
        entries = [{"path": path, "status": "loaded"} for path in sorted(article_of)]
    else:
        entries = [e for e in load_report.get("files", [])
                   if e.get("path") in article_of
                   or not part and not (dated and e.get("status") == "loaded")]
    return [{"path": _visible(e["path"]), "status": e.get("status"), "reason": e.get("reason"),
             "warnings": "; ".join(e.get("warnings", [])), "article": article_of.get(e["path"])}
            for e in entries]


def _visible(path: str) -> str:
    """A file's path with each character no output may hold written as its escape (the
    byte 1 of a file name as backslash, x, 0, 1), not dropped: the table is keyed by path,
    and dropped, the control character made a name "a.md", another file's, and the export
    failed."""
    return ILLEGAL_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", path)


def write_sqlite(G: nx.Graph, path: str | os.PathLike, *, load_report: dict | None = None,
                 whole: nx.Graph | None = None) -> None:
    """Write G as a new SQLite database at ``path``, atomically (an existing file is replaced
    whole); ``whole`` as for fill_sqlite. Raises InputError when it cannot be written."""
    try:
        with tempfile.TemporaryDirectory(prefix="graphx-sqlite-") as folder:
            built = os.path.join(folder, "coverage.db")
            with contextlib.closing(sqlite3.connect(built)) as db:
                with db:
                    fill_sqlite(G, db, load_report=load_report, whole=whole)
                db.execute("VACUUM")
            with open(built, "rb") as src, atomic_open(path, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    except BrokenPipeError:
        raise  # `-o - | head`: its reader went away, which ends the command quietly
    except (OSError, sqlite3.Error) as err:
        reason = getattr(err, "strerror", None) or err
        raise InputError(f"Cannot write {os.fspath(path)!r}: {reason}.") from err
