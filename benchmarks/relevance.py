"""Quality benchmark for `graphx related`: hide some related links, then ask for them back.

On the covid corpus: take the undirected pairs of filed articles linked by a related entry,
hold out a seeded 20%, write a copy of the corpus with those entries removed from the YAML
text in both directions, and query each held-out article expecting its partner. Ranks are
"filtered": articles the copy still links to the query are dropped first. Reports recall@10
and MRR@10 beside a plain TF-IDF cosine baseline, an ablation of the ranking signals, and
timings.

    python benchmarks/relevance.py                      # through the CLI, seeds 1-5
    python benchmarks/relevance.py --in-process --ablation --timing \\
        --out benchmarks/results/relevance.md
    python benchmarks/relevance.py --in-process --out-of-time --seeds 1 2 3

Ranks are measured without the default score floor (``--min-score 0``); the report says how
many held-out partners in the top 10 also pass the floor. ``--out-of-time`` splits the corpus
by the day its files were published: the blend is learnt on one day's files alone and the
held-out links of the other day are asked for with it, beside the blend that day learns from
its own remaining links, the default weights and the TF-IDF baseline.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from graphx.urls import is_web_url, story_key

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "covid"
# The CLI of this working tree (run from its root), whatever `graphx` is installed.
GRAPHX = [sys.executable, "-m", "graphx"]
URL_FIELD = re.compile(
    r'^\s+(?:webUrl|ampWebUrl|cdnAmpWebUrl|originalUrl):\s*(?:"([^"]*)"|(\S+))\s*$')
LIMIT = 50  # answers asked for per query, before filtering
ABLATION = ("text", "title", "links", "neighbours", "cluster", "theme", "topics", "time",
            "provider")
DAY = re.compile(r"^publishedDateTime:\s*[\"']?(\d{4}-\d{2}-\d{2})", re.MULTILINE)


def build(path: Path):
    """The analysed graph of a corpus folder, built as graphx builds it."""
    from graphx.pipeline import build_corpus

    return build_corpus([str(path)]).graph


def linked(G, node: str) -> set[str]:
    """Articles linked to ``node`` by a related edge in either direction."""
    return {x for x in (*G.successors(node), *G.predecessors(node))
            if x != node and (G.has_edge(node, x, "related") or G.has_edge(x, node, "related"))}


def linked_pairs(G) -> list[tuple[str, str]]:
    """Sorted undirected pairs of filed articles joined by a related entry."""
    return sorted({
        (min(u, v), max(u, v)) for u, v, k in G.edges(keys=True)
        if k == "related" and G.nodes[u].get("has_file") and G.nodes[v].get("has_file")
    })


def strip_related(text: str, drop) -> tuple[str, int]:
    """``text`` without the related entries whose URL list ``drop`` accepts; (text, removed).

    Works on the YAML text so everything else stays byte-identical; a list left empty
    loses its ``related:`` line too.
    """
    lines = text.splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip() == "related:")
    except StopIteration:
        return text, 0
    entries, end = [], start + 1
    while end < len(lines) and lines[end].startswith("  "):
        if lines[end].startswith("  - "):
            entries.append([end, end + 1])
        else:
            entries[-1][1] = end + 1
        end += 1
    removed = [(a, b) for a, b in entries
               if drop([m.group(1) or m.group(2)
                        for line in lines[a:b] if (m := URL_FIELD.match(line))])]
    if not removed:
        return text, 0
    cut = {i for a, b in removed for i in range(a, b)}
    if len(removed) == len(entries):
        cut.add(start)
    return "".join(line for i, line in enumerate(lines) if i not in cut), len(removed)


def write_copy(src: Path, dst: Path, G, held: list[tuple[str, str]]) -> int:
    """Copy corpus ``src`` to ``dst`` without the held-out related entries; return entries cut."""
    owner = {}
    for node, urls in G.nodes(data="urls"):
        for url in (urls or "").split("; "):
            if is_web_url(url):
                owner.setdefault(story_key(url), node)
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in held:
        for node, partner in ((a, b), (b, a)):
            for path in G.nodes[node]["sources"].split("; "):
                partners[str(Path(path).resolve())].add(partner)
    cut = 0
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        out = dst / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        drop_to = partners.get(str(path.resolve()))
        if drop_to:
            text, n = strip_related(data.decode("utf-8"), lambda urls, d=drop_to: any(
                owner.get(story_key(u)) in d for u in urls if is_web_url(u)))
            data, cut = text.encode("utf-8"), cut + n
        out.write_bytes(data)
    return cut


def queries_for(G, held) -> list[tuple[str, str, str]]:
    """(query URL, query node, expected node): each held-out pair asked both ways."""
    return [(G.nodes[a]["url"], a, b) for pair in held for a, b in (pair, pair[::-1])]


def answers_cli(copy: Path, queries: list[str]) -> dict[str, list[str]]:
    """Ranked ids per query from `graphx related -f - --nl --limit 50 COPY`."""
    proc = subprocess.run(
        [*GRAPHX, "related", "-f", "-", "--nl", "--limit", str(LIMIT), "--min-score", "0", "-q",
         str(copy)],
        input="\n".join(queries) + "\n", capture_output=True, text=True, check=False, cwd=REPO,
    )
    if proc.returncode not in (0, 1):
        sys.exit(f"graphx related failed ({proc.returncode}): {proc.stderr.strip()}")
    found: dict[str, list[str]] = defaultdict(list)
    for line in proc.stdout.splitlines():
        row = json.loads(line)
        found[row["query"]].append(row["id"])
    return found


def answers_engine(engine, queries: list[str]) -> dict[str, list[str]]:
    """Ranked ids per query from the library, as the CLI would give them (no floor)."""
    return {q: [r["id"] for r in rows]
            for q, _, rows in engine.related_many(queries, limit=LIMIT, min_score=0.0)}


def above_floor(engine, G, queries) -> float:
    """Share of the queries whose partner is in the filtered top 10 and scores at least the
    default floor: the recall@10 a reader sees with the default --min-score."""
    from graphx.related import DEFAULT_FLOOR

    urls = list(dict.fromkeys(q for q, _, _ in queries))
    scored = {q: {r["id"]: r["score"] for r in rows}
              for q, _, rows in engine.related_many(urls, limit=LIMIT, min_score=0.0)}
    found = {q: [x for x, score in rows.items() if score >= DEFAULT_FLOOR]
             for q, rows in scored.items()}
    return evaluate(G, queries, found)[0]


def answers_baseline(G, queries: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """Ranked ids per query by plain TF-IDF cosine of title + excerpt (English stop words)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    nodes = sorted(n for n, k in G.nodes(data="kind") if k == "article")
    X = TfidfVectorizer(stop_words="english").fit_transform(
        [f"{G.nodes[n]['title']} {G.nodes[n]['excerpt']}" for n in nodes])
    row = {n: i for i, n in enumerate(nodes)}
    found = {}
    for q, a, _ in queries:
        scores = (X @ X[row[a]].T).toarray().ravel()
        scores[row[a]] = -1.0
        found[q] = [nodes[i] for i in scores.argsort(kind="stable")[::-1][:LIMIT]]
    return found


def evaluate(G, queries, found) -> tuple[float, float]:
    """(recall@10, MRR@10) over the queries, ranks filtered of what the copy still links."""
    hits = rr = 0.0
    for q, a, b in queries:
        seen = linked(G, a) | {a}
        ranked = [x for x in found.get(q, []) if x not in seen][:10]
        if b in ranked:
            hits += 1
            rr += 1.0 / (ranked.index(b) + 1)
    return hits / len(queries), rr / len(queries)


def run_seed(seed: int, args, original) -> dict:
    """Every measurement on one seed's split."""
    pairs = linked_pairs(original)
    held = random.Random(seed).sample(pairs, int(0.2 * len(pairs)))
    with tempfile.TemporaryDirectory(prefix=f"relevance-{seed}-") as tmp:
        copy = Path(tmp) / "covid"
        cut = write_copy(args.corpus, copy, original, held)
        G = build(copy)
        still = [p for p in held if p[1] in linked(G, p[0])]
        if still:
            sys.exit(f"seed {seed}: {len(still)} held-out pairs still linked, e.g. {still[0]}")
        queries = queries_for(G, held)
        urls = list(dict.fromkeys(q for q, _, _ in queries))
        result = {"seed": seed, "pairs": len(held), "queries": len(queries), "entries_cut": cut,
                  "baseline": evaluate(G, queries, answers_baseline(G, queries))}
        from graphx.related import DEFAULT_WEIGHTS, RelatedEngine

        engine = RelatedEngine(G)
        if args.in_process:
            result["ours"] = evaluate(G, queries, answers_engine(engine, urls))
        else:
            result["ours"] = evaluate(G, queries, answers_cli(copy, urls))
        result["floor"] = above_floor(engine, G, queries)
        result["learnt"] = engine.blend.learnt
        if args.defaults:
            result["defaults"] = evaluate(G, queries, answers_engine(
                RelatedEngine(G, weights=DEFAULT_WEIGHTS), urls))
        if args.ablation:
            result["ablation"] = []
            for n in range(1, len(ABLATION) + 1):
                weights = {k: (w if k in ABLATION[:n] else 0.0) for k, w in DEFAULT_WEIGHTS.items()}
                engine = RelatedEngine(G, weights=weights)
                result["ablation"].append(evaluate(G, queries, answers_engine(engine, urls)))
    return result


def day_copy(src: Path, dst: Path, day: str) -> int:
    """Copy the files of ``src`` published on ``day`` (YYYY-MM-DD) to ``dst``; return how many."""
    n = 0
    for path in sorted(src.rglob("*")):
        if path.is_file():
            found = DAY.search(path.read_text(encoding="utf-8", errors="replace"))
            if found and found.group(1) == day:
                out = dst / path.relative_to(src)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(path.read_bytes())
                n += 1
    return n


def out_of_time(args) -> list[dict]:
    """For each direction (fit day -> test day) and seed: the test day's held-out links asked
    with the blend learnt on the fit day, with its own learnt blend, with the default weights,
    and by the TF-IDF baseline."""
    from graphx.related import DEFAULT_WEIGHTS, RelatedEngine

    days = sorted({m.group(1) for p in args.corpus.rglob("*") if p.is_file()
                   for m in [DAY.search(p.read_text(encoding="utf-8", errors="replace"))] if m})
    rows = []
    with tempfile.TemporaryDirectory(prefix="relevance-days-") as tmp:
        for day in days:
            day_copy(args.corpus, Path(tmp) / day, day)
        graphs = {day: build(Path(tmp) / day) for day in days}
        blends = {day: RelatedEngine(G).blend for day, G in graphs.items()}
        for fit_day in days:
            for test_day in days:
                if test_day == fit_day:
                    continue
                original = graphs[test_day]
                for seed in args.seeds:
                    pairs = linked_pairs(original)
                    held = random.Random(seed).sample(pairs, int(0.2 * len(pairs)))
                    copy = Path(tmp) / f"copy-{test_day}-{seed}"
                    write_copy(Path(tmp) / test_day, copy, original, held)
                    G = build(copy)
                    queries = queries_for(G, held)
                    urls = list(dict.fromkeys(q for q, _, _ in queries))
                    engines = {
                        "fitted on the other day": RelatedEngine(
                            G, weights=blends[fit_day].weights),
                        "learnt on the test day's copy": RelatedEngine(G),
                        "default weights": RelatedEngine(G, weights=DEFAULT_WEIGHTS),
                    }
                    row = {"fit": fit_day, "test": test_day, "seed": seed,
                           "pairs": len(held), "learnt": blends[fit_day].learnt,
                           "baseline": evaluate(G, queries, answers_baseline(G, queries))}
                    for name, engine in engines.items():
                        row[name] = evaluate(G, queries, answers_engine(engine, urls))
                    rows.append(row)
                    print(row, file=sys.stderr)
    return rows


def report_out_of_time(rows: list[dict]) -> str:
    """The out-of-time results as Markdown."""
    names = ["baseline", "default weights", "fitted on the other day",
             "learnt on the test day's copy"]
    out = ["## Out of time: learnt on one day, asked on the other", "",
           "Each day's files alone make a corpus. The blend is learnt on the fit day's corpus "
           "(from its own related links), then 20% of the test day's linked filed pairs are "
           "held out (seeded) and asked for with it; beside it, the blend the test day's copy "
           "learns from its remaining links (what graphx does by default), the default weights "
           "and the TF-IDF baseline, all on the same split. R@10 / MRR, ranks filtered.", "",
           "| fit day | test day | seed | held-out pairs | " + " | ".join(names) + " |",
           "|---|---|---|---|" + "---|" * len(names)]
    for r in rows:
        out.append(f"| {r['fit']} | {r['test']} | {r['seed']} | {r['pairs']} | "
                   + " | ".join(f"{r[n][0]:.3f} / {r[n][1]:.3f}" for n in names) + " |")
    for fit_day in sorted({r["fit"] for r in rows}):
        mine = [r for r in rows if r["fit"] == fit_day]
        out.append(f"| {fit_day} | {mine[0]['test']} | mean | | " + " | ".join(
            "**{:.3f} / {:.3f}**".format(*(sum(r[n][i] for r in mine) / len(mine)
                                           for i in (0, 1))) for n in names) + " |")
    return "\n".join(out) + "\n"


def timings(corpus: Path) -> dict:
    """Wall times of `graphx related URL CORPUS` (the first, which builds and saves the
    engine, then the median of three that load it), and batch queries a second, once built."""
    import os
    import statistics

    G = build(corpus)
    url = G.nodes[linked_pairs(G)[0][0]]["url"]
    walls, batch = [], []
    filed = [G.nodes[n]["url"] for n in sorted(G) if G.nodes[n].get("has_file")][:500]
    with tempfile.TemporaryDirectory() as tmp:  # a fresh cache: no saved engine yet
        env = dict(os.environ, GRAPHX_CACHE=str(Path(tmp) / "cache.sqlite"))
        for _ in range(4):
            start = time.perf_counter()
            subprocess.run([*GRAPHX, "related", url, str(corpus), "-q"], check=True,
                           capture_output=True, cwd=REPO, env=env)
            walls.append(time.perf_counter() - start)
        for _ in range(3):  # `-f` with 500 URLs through the CLI, start and engine load included
            start = time.perf_counter()
            subprocess.run([*GRAPHX, "related", "-f", "-", str(corpus), "--nl", "-q"],
                           input="\n".join(filed) + "\n", text=True, check=True,
                           capture_output=True, cwd=REPO, env=env)
            batch.append(time.perf_counter() - start)
    from graphx.related import RelatedEngine

    start = time.perf_counter()
    engine = RelatedEngine(G)
    built = time.perf_counter() - start
    urls = [G.nodes[n]["url"] for n in engine.nodes if G.nodes[n].get("has_file")][:1000]
    start = time.perf_counter()
    for _ in engine.related_many(urls, limit=10):
        pass
    return {"first": walls[0], "single": statistics.median(walls[1:]), "engine": built,
            "qps": len(urls) / (time.perf_counter() - start),
            "cli_batch": statistics.median(batch), "cli_queries": len(filed)}


def report(results: list[dict], timing: dict | None, args) -> str:
    """The results as a Markdown page."""
    out = ["# `graphx related`: held-out related links", "",
           f"Corpus `{args.corpus.name}`; 20% of linked filed pairs held out per seed; each pair "
           "asked both ways; ranks filtered of articles the copy still links to the query. "
           f"Ours {'in-process' if args.in_process else 'through the CLI'}; the baseline is "
           "TF-IDF cosine of title + excerpt (English stop words) on the same split.", "",
           "Ranks without the score floor; \"R@10 above floor\" counts a partner only when it "
           "also scores at least the default --min-score.", "",
           "| seed | held-out pairs | queries | baseline R@10 | baseline MRR | ours R@10 "
           "| ours MRR | ours R@10 above floor |" + (" defaults R@10 | defaults MRR |"
                                                   if args.defaults else ""),
           "|---|---|---|---|---|---|---|---|" + ("---|---|" if args.defaults else "")]
    for r in results:
        out.append(f"| {r['seed']} | {r['pairs']} | {r['queries']} | {r['baseline'][0]:.3f} | "
                   f"{r['baseline'][1]:.3f} | {r['ours'][0]:.3f} | {r['ours'][1]:.3f} | "
                   f"{r['floor']:.3f} |" + (f" {r['defaults'][0]:.3f} | {r['defaults'][1]:.3f} |"
                                            if args.defaults else ""))
    mean = [sum(r[k][i] for r in results) / len(results)
            for k in ("baseline", "ours") for i in (0, 1)]
    floor = sum(r["floor"] for r in results) / len(results)
    low = min(r["ours"][0] for r in results)
    defaults = ""
    if args.defaults:
        defaults = " {:.3f} | {:.3f} |".format(
            *(sum(r["defaults"][i] for r in results) / len(results) for i in (0, 1)))
    out.append(f"| mean | | | {mean[0]:.3f} | {mean[1]:.3f} | {mean[2]:.3f} | {mean[3]:.3f} | "
               f"{floor:.3f} |{defaults}")
    out += ["", f"Lowest ours R@10: {low:.3f}. Blend learnt from "
            + ", ".join(sorted({str(r["learnt"]) for r in results})) + " hidden links per copy."]
    if args.ablation:
        out += ["", "Ablation (signals added in order; means over the seeds, in-process):", "",
                "| signals | R@10 | MRR |" + "".join(f" s{r['seed']} R@10/MRR |" for r in results),
                "|---|---|---|" + "---|" * len(results)]
        for n, name in enumerate(ABLATION):
            rows = [r["ablation"][n] for r in results]
            label = name if n == 0 else f"+ {name}"
            out.append(f"| {label} | {sum(x[0] for x in rows) / len(rows):.3f} | "
                       f"{sum(x[1] for x in rows) / len(rows):.3f} |"
                       + "".join(f" {x[0]:.3f}/{x[1]:.3f} |" for x in rows))
    if timing:
        out += ["", f"Single `graphx related URL {args.corpus.name}`: {timing['single']:.2f} s "
                "wall with the saved engine (median of 3; process start included); the first "
                f"query, which builds and saves it, {timing['first']:.2f} s. Engine built in "
                f"{timing['engine']:.2f} s; batch {timing['qps']:.0f} queries/s. Through the CLI, "
                f"`-f` with {timing['cli_queries']} URLs took {timing['cli_batch']:.2f} s wall "
                "(median of 3; process start and loading the saved engine included)."]
    return "\n".join(out) + "\n"


def main() -> None:
    """Parse options, run every seed, print (and optionally write) the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--in-process", action="store_true", help="call the library, not the CLI")
    parser.add_argument("--ablation", action="store_true", help="switch signals on one by one")
    parser.add_argument("--timing", action="store_true", help="time one CLI query and a batch")
    parser.add_argument("--defaults", action="store_true",
                        help="also rank with the default weights (no learning)")
    parser.add_argument("--out-of-time", action="store_true",
                        help="learn on one day's files, ask for the other day's held-out links")
    parser.add_argument("--out", type=Path, help="also write the report here")
    args = parser.parse_args()
    if args.out_of_time:
        text = report_out_of_time(out_of_time(args))
        print(text)
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(text)
        return
    original = build(args.corpus)
    results = []
    for seed in args.seeds:
        results.append(run_seed(seed, args, original))
        r = results[-1]
        print(f"seed {seed}: baseline {r['baseline'][0]:.3f}/{r['baseline'][1]:.3f}, "
              f"ours {r['ours'][0]:.3f}/{r['ours'][1]:.3f}", file=sys.stderr)
    text = report(results, timings(args.corpus) if args.timing else None, args)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)


if __name__ == "__main__":
    main()
