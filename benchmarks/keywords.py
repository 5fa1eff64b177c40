"""Judged keyword benchmark for `graphx related --by text`: precision@5 and nDCG@10.

benchmarks/keywords/judgements.json holds 45 queries typed the way a journalist would search
the covid corpus (6-7 May 2020), what each one means, and its judged articles (graphx node ids,
``article:<story key>``), graded 2 (about exactly what the query asks), 1 (partly: the right
event but mostly about something else, or the same thing in a round-up) or 0 (not relevant).
The candidates were pooled from the top 20 of four methods (graphx as it was at commit
92150a7, SQLite FTS5 BM25 and TF-IDF cosine over title + excerpt, and a grep of the query's
words in titles), plus 150 articles found by hand with wider searches (synonyms, names), and
judged by reading title and excerpt; each judgement says which method found it.

The split was fixed before anything was measured: a seeded shuffle (seed 2026) of the query
ids into ``dev`` (15 queries: look at these while you improve the ranker) and ``test`` (30:
report these, and do not tune on them).

For each query the top 10 answers are scored: P@5 counts answers graded >= 1 (and, separately,
graded 2) among the first five (fewer than five answers still divide by 5); nDCG@10 uses the
grade as gain, discount log2(rank + 1), and the ideal ordering of every judged grade of the
query. Some queries have fewer than five relevant articles in the corpus, so P@5 has a
ceiling below 1: the report gives it (the ideal row: every judged article, best grade first)
and P@5 as a share of it. Answers never judged count as not relevant, and the report says how
many there were, so a ranker that finds articles the pool missed shows up as pool bias rather
than hiding it: judge them (add them to the file with a note) before trusting its numbers.

    python benchmarks/keywords.py                      # graphx through the CLI, dev split
    python benchmarks/keywords.py --show               # ... with each query's answers and grades
    python benchmarks/keywords.py --baseline           # plain BM25 and TF-IDF on the same split
    python benchmarks/keywords.py --ranker pkg.mod:fn  # fn(G, query, limit=10) -> article ids
    python benchmarks/keywords.py --split dev test --baseline --out benchmarks/results/keywords.md
    python benchmarks/keywords.py --pool > pool.json   # every method's top 20, for judging
    python benchmarks/keywords.py --fit                # graphx's keyword model, on dev only
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "benchmarks" / "keywords" / "judgements.json"
# The CLI of this working tree (run from its root), whatever `graphx` is installed.
GRAPHX = [sys.executable, "-m", "graphx"]
DEPTH, POOL_DEPTH = 10, 20
SPLITS = ("dev", "test")


def default_corpus() -> Path:
    """The covid corpus in the nearest ``shared/corpora`` above the repository (a worktree
    may sit one level deeper than the main checkout)."""
    for parent in REPO.parents:
        if (parent / "shared" / "corpora" / "covid").is_dir():
            return parent / "shared" / "corpora" / "covid"
    return REPO.parent / "shared" / "corpora" / "covid"


def load(path: Path = DATA) -> dict:
    """The judgements file, as written."""
    return json.loads(path.read_text(encoding="utf-8"))


def queries_of(data: dict, split: str) -> list[dict]:
    """The queries of ``split`` (dev, test or all), in id order."""
    keep = set(data["split"]["dev"]) | set(data["split"]["test"]) if split == "all" \
        else set(data["split"][split])
    return [q for q in data["queries"] if q["id"] in keep]


def grades_of(query: dict) -> dict[str, int]:
    """Article id -> grade for one query."""
    return {j["id"]: j["grade"] for j in query["judged"]}


# --- metrics --------------------------------------------------------------------------------

def precision_at(ranked: list[str], grades: dict[str, int], k: int, min_grade: int) -> float:
    """Share of the first ``k`` places held by articles graded at least ``min_grade``."""
    return sum(1 for x in ranked[:k] if grades.get(x, 0) >= min_grade) / k


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int) -> float:
    """nDCG@k with the grade as gain; the ideal ranks every judged grade of the query."""
    dcg = sum(grades.get(x, 0) / math.log2(i + 2) for i, x in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def score_query(ranked: list[str], grades: dict[str, int]) -> dict:
    """Every measure for one query's ranked answers (the first DEPTH are scored).

    ``p5_of_best`` is P@5 (grade >= 1) over the best P@5 the judged articles allow: a query
    with two relevant articles cannot score above 0.4, and this says how much of that it got.
    """
    top = ranked[:DEPTH]
    p5 = precision_at(top, grades, 5, 1)
    best = min(5, sum(1 for g in grades.values() if g >= 1)) / 5
    return {"p5": p5, "p5_2": precision_at(top, grades, 5, 2),
            "p5_of_best": p5 / best if best else 0.0, "ndcg10": ndcg_at(top, grades, DEPTH),
            "returned": len(top), "unjudged": sum(1 for x in top if x not in grades)}


def ideal(query: dict) -> list[str]:
    """The judged articles of ``query``, best grade first: the ranking no system can beat."""
    return [j["id"] for j in sorted(query["judged"], key=lambda j: -j["grade"])]


# --- rankers --------------------------------------------------------------------------------

def documents(G) -> list[tuple[str, str, str]]:
    """(id, title, excerpt) of every article node, sorted by id."""
    return [(n, G.nodes[n].get("title", ""), G.nodes[n].get("excerpt", ""))
            for n in sorted(n for n, k in G.nodes(data="kind") if k == "article")]


def words(text: str) -> list[str]:
    """Lower-case word tokens, as FTS5's unicode61 tokenizer would cut them."""
    return re.findall(r"\w+", text.lower())


class BM25:
    """SQLite FTS5 BM25 (Porter stems, default k1 and b) over title + excerpt, the query's
    words joined by OR."""

    def __init__(self, docs: list[tuple[str, str, str]]):
        self.ids = [d[0] for d in docs]
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, "
                        "tokenize='porter unicode61 remove_diacritics 2')")
        self.db.executemany("INSERT INTO docs(rowid, body) VALUES (?, ?)",
                            [(i, f"{t} {e}") for i, (_, t, e) in enumerate(docs)])

    def __call__(self, query: str, limit: int = DEPTH) -> list[str]:
        terms = words(query)
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = self.db.execute("SELECT rowid FROM docs WHERE docs MATCH ? "
                               "ORDER BY bm25(docs), rowid LIMIT ?", (match, limit))
        return [self.ids[r] for (r,) in rows]


class TfIdf:
    """Cosine of TF-IDF vectors (English stop words) of the query and of title + excerpt."""

    def __init__(self, docs: list[tuple[str, str, str]]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.ids = [d[0] for d in docs]
        self.vectorizer = TfidfVectorizer(stop_words="english")
        self.X = self.vectorizer.fit_transform([f"{t} {e}" for _, t, e in docs])

    def __call__(self, query: str, limit: int = DEPTH) -> list[str]:
        import numpy as np

        scores = (self.X @ self.vectorizer.transform([query]).T).toarray().ravel()
        rows = np.flatnonzero(scores > 0)
        order = np.lexsort((rows, -scores[rows]))[:limit]
        return [self.ids[r] for r in rows[order]]


class TitleGrep:
    """Titles holding every key word of the query (stop words dropped, a plural or verb ending
    cut so that "reopen" finds "reopens"); when that leaves fewer than ``limit``, titles
    missing one key word follow. For pooling only: it is not a ranker worth scoring."""

    def __init__(self, docs: list[tuple[str, str, str]]):
        self.docs = docs

    @staticmethod
    def stems(query: str) -> list[str]:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        out = []
        for w in words(query):
            if w in ENGLISH_STOP_WORDS or len(w) < 2:
                continue
            for end in ("ing", "ed", "es", "s"):
                if len(w) > len(end) + 3 and w.endswith(end):
                    w = w[: -len(end)]
                    break
            out.append(w)
        return out

    def __call__(self, query: str, limit: int = POOL_DEPTH) -> list[str]:
        stems = self.stems(query)
        if not stems:
            return []
        patterns = [re.compile(rf"\b{re.escape(s)}", re.IGNORECASE) for s in stems]
        hits = []
        for doc_id, title, _ in self.docs:
            n = sum(1 for p in patterns if p.search(title))
            if n == len(patterns) or (len(patterns) >= 3 and n == len(patterns) - 1):
                hits.append((-n, doc_id))
        return [doc_id for _, doc_id in sorted(hits)[:limit]]


def graphx_cli(queries: list[str], corpus: Path, limit: int = DEPTH) -> dict[str, list[str]]:
    """Ranked ids per query from `graphx related -f - --by text --nl -n LIMIT --min-score 0
    CORPUS` (the ranking, without the default floor)."""
    proc = subprocess.run(
        [*GRAPHX, "related", "-f", "-", "--by", "text", "--nl", "-n", str(limit),
         "--min-score", "0", "-q", str(corpus)],
        input="\n".join(queries) + "\n", capture_output=True, text=True, check=False, cwd=REPO)
    if proc.returncode not in (0, 1):
        sys.exit(f"graphx related failed ({proc.returncode}): {proc.stderr.strip()}")
    found: dict[str, list[str]] = {q: [] for q in queries}
    for line in proc.stdout.splitlines():
        row = json.loads(line)
        found[row["query"]].append(row["id"])
    return found


def in_process(spec: str, G, queries: list[str]) -> dict[str, list[str]]:
    """Ranked ids per query from ``module:function``, called as function(G, query, limit=10)."""
    module, _, name = spec.partition(":")
    if not name:
        sys.exit(f"--ranker wants module:function, not {spec!r}")
    rank = getattr(importlib.import_module(module), name)
    return {q: list(rank(G, q, limit=DEPTH)) for q in queries}


def fit_model(data: dict, G) -> dict:
    """graphx's keyword model (graphx.related.keywords.MODEL) fitted on the dev queries only:
    a logistic regression of "graded >= 1" on the features of every article holding a query
    word (articles never judged count as not relevant)."""
    from sklearn.linear_model import LogisticRegression

    from graphx.related import RelatedEngine
    from graphx.related.keywords import FEATURES

    engine = RelatedEngine(G)
    X, y = [], []
    for q in queries_of(data, "dev"):
        grades = grades_of(q)
        match = engine.keywords.match(q["query"], engine.centrality)
        for at, r in enumerate(match.rows):
            X.append([match.features[k][at] for k in FEATURES])
            y.append(int(grades.get(engine.nodes[r], 0) >= 1))
    model = LogisticRegression(C=1.0, max_iter=1000).fit(X, y)
    out = {k: round(float(c), 2) for k, c in zip(FEATURES, model.coef_[0], strict=True)}
    out["intercept"] = round(float(model.intercept_[0]), 2)
    return out


# --- running --------------------------------------------------------------------------------

def build(corpus: Path):
    """The analysed graph of a corpus folder, built as graphx builds it."""
    from graphx.pipeline import build_corpus

    return build_corpus([str(corpus)]).graph


def check_ids(data: dict, G) -> None:
    """Stop when a judged id is not an article of the graph (story keys changed?): every
    score would silently fall otherwise."""
    articles = {n for n, k in G.nodes(data="kind") if k == "article"}
    missing = [(q["id"], j["id"]) for q in data["queries"] for j in q["judged"]
               if j["id"] not in articles]
    if missing:
        sys.exit(f"{len(missing)} judged ids are not articles of this corpus, "
                 f"e.g. {missing[0][1]} ({missing[0][0]})")


def evaluate(queries: list[dict], answers: dict[str, list[str]]) -> list[dict]:
    """One row of measures per query, in the order given."""
    return [{"id": q["id"], "query": q["query"],
             **score_query(answers.get(q["query"], []), grades_of(q))} for q in queries]


def mean(rows: list[dict], key: str) -> float:
    return sum(r[key] for r in rows) / len(rows) if rows else 0.0


def summary_line(name: str, rows: list[dict]) -> str:
    """One Markdown table row: a system's means over the queries."""
    with_unjudged = sum(1 for r in rows if r["unjudged"])
    return (f"| {name} | {mean(rows, 'p5'):.3f} | {mean(rows, 'p5_2'):.3f} | "
            f"{mean(rows, 'p5_of_best'):.3f} | {mean(rows, 'ndcg10'):.3f} | "
            f"{sum(r['unjudged'] for r in rows)} ({with_unjudged} queries) | "
            f"{sum(r['returned'] for r in rows)} |")


def report(split: str, results: dict[str, list[dict]], ceiling: list[dict],
           corpus: Path) -> str:
    """The results of every system on one split, as Markdown, under the ideal ranking."""
    names = list(results)
    out = [f"### `{split}` ({len(ceiling)} queries, corpus `{corpus.name}`)", "",
           "| system | P@5 (grade >= 1) | P@5 (grade 2) | P@5 (>= 1) of best possible "
           "| nDCG@10 | unjudged in top 10 | answers scored |",
           "|---|---|---|---|---|---|---|"]
    out += [summary_line(name, rows) for name, rows in results.items()]
    out.append(summary_line("*ideal: every judged article, best grade first*", ceiling))
    out += ["", "Per query: the best P@5 (grade >= 1) the judged articles allow, then each "
            "system's P@5 (grade >= 1) / nDCG@10, with its unjudged answers in the top 10 in "
            "brackets when there were any.", "",
            "| id | query | best P@5 | " + " | ".join(names) + " |",
            "|---|---|---|" + "---|" * len(names)]
    for i, row in enumerate(ceiling):
        cells = [f"{row['p5']:.1f}"]
        for name in names:
            r = results[name][i]
            cells.append(f"{r['p5']:.1f} / {r['ndcg10']:.2f}"
                         + (f" [{r['unjudged']}]" if r["unjudged"] else ""))
        out.append(f"| {row['id']} | {row['query']} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def show(queries: list[dict], answers: dict[str, list[str]], G, name: str) -> str:
    """Each query's answers with their grades ('?' when never judged), for reading."""
    out = [f"## {name}"]
    for q in queries:
        grades = grades_of(q)
        out.append(f"\n{q['id']} {q['query']!r}: {q['meaning']}")
        for rank, x in enumerate(answers.get(q["query"], [])[:DEPTH], 1):
            out.append(f"  {rank:2d} [{grades.get(x, '?')}] {G.nodes[x].get('title', x)[:100]}")
    return "\n".join(out) + "\n"


def pool(data: dict, G, corpus: Path) -> list[dict]:
    """For each query, the union of every method's top POOL_DEPTH with the methods that found
    each article and its grade when already judged: the material a judge reads."""
    docs = documents(G)
    methods = {"bm25": BM25(docs), "tfidf": TfIdf(docs), "grep": TitleGrep(docs)}
    texts = [q["query"] for q in data["queries"]]
    ranked = {"graphx": graphx_cli(texts, corpus, POOL_DEPTH)}
    for name, method in methods.items():
        ranked[name] = {t: method(t, POOL_DEPTH) for t in texts}
    out = []
    for q in data["queries"]:
        grades, found = grades_of(q), {}
        for name, lists in ranked.items():
            for x in lists[q["query"]]:
                found.setdefault(x, []).append(name)
        out.append({"id": q["id"], "query": q["query"], "meaning": q["meaning"], "candidates": [
            {"id": x, "title": G.nodes[x].get("title", ""),
             "excerpt": G.nodes[x].get("excerpt", ""), "found_by": by,
             "grade": grades.get(x)} for x, by in found.items()]})
    return out


def header(args, splits: list[str]) -> str:
    """What was run, on which tree, for the top of a report."""
    proc = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                          text=True, check=False, cwd=REPO)
    tree = proc.stdout.strip() or "unknown"
    ran = "`python benchmarks/keywords.py --split " + " ".join(splits) + (
        " --baseline" if args.baseline else "") + (f" --ranker {args.ranker}" if args.ranker
                                                   else "") + "`"
    return "\n".join([
        "# Keyword search: judged benchmark", "",
        f"Made by {ran} on tree `{tree}`. Queries, judgements and protocol: "
        "`benchmarks/keywords/judgements.json` and the docstring of `benchmarks/keywords.py`. "
        "P@5 counts answers graded >= 1 (or 2) among the first five; nDCG@10 uses the grade as "
        "gain; an answer nobody judged counts as not relevant. The ideal row ranks every judged "
        "article best grade first: P@5 cannot exceed it, because some queries have fewer than "
        "five relevant articles in the corpus. graphx as of commit 92150a7, BM25 and TF-IDF "
        "were among the pooling methods (top 20 each), so none of their top 10 is unjudged by "
        "construction; for any other ranker the unjudged count is the pool bias to watch.", ""])


def main() -> None:
    """Parse options, rank each split's queries with each system, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", nargs="+", choices=[*SPLITS, "all"], default=["dev"],
                        help="which queries to score (default dev; report on test)")
    parser.add_argument("--corpus", type=Path, default=default_corpus())
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--baseline", action="store_true",
                        help="score plain BM25 and TF-IDF too")
    parser.add_argument("--ranker", help="module:function to score in-process instead of the CLI")
    parser.add_argument("--show", action="store_true", help="print each query's ranked answers")
    parser.add_argument("--pool", action="store_true",
                        help="print every method's top 20 per query as JSON, for judging")
    parser.add_argument("--fit", action="store_true",
                        help="print graphx's keyword model fitted on the dev queries")
    parser.add_argument("--out", type=Path, help="also write the report here")
    args = parser.parse_args()
    data = load(args.data)
    G = build(args.corpus)
    check_ids(data, G)
    if args.fit:
        print(json.dumps(fit_model(data, G)))
        return
    if args.pool:
        json.dump(pool(data, G, args.corpus), sys.stdout, indent=1, ensure_ascii=False)
        return
    baselines = {}
    if args.baseline:
        docs = documents(G)
        baselines = {"BM25 (FTS5)": BM25(docs), "TF-IDF cosine": TfIdf(docs)}
    parts = [header(args, args.split)]
    for split in args.split:
        queries = queries_of(data, split)
        texts = [q["query"] for q in queries]
        systems = {}
        if args.ranker:
            systems[args.ranker] = in_process(args.ranker, G, texts)
        else:
            systems["graphx (CLI)"] = graphx_cli(texts, args.corpus)
        for name, method in baselines.items():
            systems[name] = {t: method(t) for t in texts}
        results = {name: evaluate(queries, answers) for name, answers in systems.items()}
        ceiling = evaluate(queries, {q["query"]: ideal(q) for q in queries})
        parts.append(report(split, results, ceiling, args.corpus))
        if args.show:
            parts += [show(queries, answers, G, f"{name} on {split}")
                      for name, answers in systems.items()]
    text = "\n".join(parts)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)


if __name__ == "__main__":
    main()
