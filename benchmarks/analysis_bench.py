"""How good and how fast are graphx's story clusters? The done-when figures of issues 4 and 18.

    python benchmarks/analysis_bench.py                          # the covid corpus
    python benchmarks/analysis_bench.py --corpus DIR             # another corpus
    python benchmarks/analysis_bench.py --large DIR              # + timing on a big corpus
                                                                 #   (make one with synth.py)
    python benchmarks/analysis_bench.py --proxy --corpus DIR     # the precision proxy alone
    python benchmarks/analysis_bench.py --sample SEED --out F    # clusters to judge (JSON)
    python benchmarks/analysis_bench.py --judged F               # precision of judged clusters
    python benchmarks/analysis_bench.py --roundup-sample SEED --out F   # round-ups to judge
    python benchmarks/analysis_bench.py --roundups-judged F      # their precision and recall

Recall (on the covid corpus): the share of related pairs inside one cluster (and one
theme), the largest cluster's share, labels, two identical runs, and held-out links: 20% of
the related pairs between filed articles are removed, similar edges and clusters are
recomputed, and the share of held-out pairs that still land in one cluster is reported.
Pairs not in one cluster are counted by the rule that keeps them apart (``split_pairs``).

Precision: an automatic proxy, the share of cluster-mate pairs with evidence of being one
story (a related link, or a title + excerpt TF-IDF cosine of at least 0.2), per cluster of
3+ and over all their pairs; and a judged one, read by a person from a seeded sample of
clusters across sizes (--sample, then --judged). The proxy is weak: templated reports of
different places pass it on their shared wording, so only the judged figure says that a
cluster holds one story.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter

import networkx as nx

from graphx.analysis import add_analysis, cluster_labels, story_clusters
from graphx.labels import TitleVocabulary
from graphx.pipeline import CorpusOptions, build_corpus

COVID = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora", "covid")
SIZE_BUCKETS = ((2, 2), (3, 5), (6, 10), (11, 20), (21, 50), (51, 10**9))
#: Clusters drawn per size bucket for judging: pairs, small, middle-sized and large stories.
JUDGE_BUCKETS = ((2, 2), (3, 5), (6, 10), (11, 10**9))
JUDGE_PER_BUCKET = 10
#: A pair of cluster-mates is evidence of one story at this TF-IDF cosine (or with a link).
PROXY_COSINE = 0.2
ROUNDUP_PER_SIDE = 30


def add_similar(G: nx.MultiDiGraph) -> bool:
    """Add similar edges when graphx.similar exists; say whether it did."""
    try:
        from graphx.similar import add_similar_edges
    except ImportError:
        return False
    add_similar_edges(G)
    return True


def related_pairs(G: nx.MultiDiGraph, *, filed: bool = False) -> list[tuple[str, str]]:
    """Undirected pairs of articles joined by a related edge (both with a file if ``filed``)."""
    nodes = G.nodes
    pairs = set()
    for u, v, key in G.edges(keys=True):
        articles = key == "related" and nodes[u]["kind"] == nodes[v]["kind"] == "article"
        if articles and (not filed or (nodes[u]["has_file"] and nodes[v]["has_file"])):
            pairs.add((min(u, v), max(u, v)))
    return sorted(pairs)


def same_cluster(clusters: list[set], pairs) -> float:
    """Share of pairs whose two ends are in one cluster."""
    of = {n: i for i, c in enumerate(clusters) for n in c}
    return sum(1 for u, v in pairs if u in of and of[u] == of.get(v)) / max(len(pairs), 1)


def precision_proxy(G: nx.MultiDiGraph, clusters: list[set], *, min_size: int = 3) -> dict:
    """Share of cluster-mate pairs with a related link or a TF-IDF cosine >= PROXY_COSINE.

    Per cluster of ``min_size``+ articles and over all their pairs; the clusters below half
    are listed. Cosines come from graphx.similar's title + excerpt index.
    """
    import itertools

    from graphx.similar import text_index

    index = text_index(G)
    X = index.matrix
    linked = set(related_pairs(G))
    shares, evidenced, pairs = [], 0, 0
    for members in clusters:
        if len(members) < min_size:
            continue
        ordered = sorted(members)
        rows = X[[index.row[n] for n in ordered]]
        cosine = (rows @ rows.T).toarray()
        good = sum(1 for (a, u), (b, v) in itertools.combinations(enumerate(ordered), 2)
                   if (u, v) in linked or cosine[a, b] >= PROXY_COSINE)
        n = len(ordered) * (len(ordered) - 1) // 2
        shares.append((good / n, len(ordered), ordered[0]))
        evidenced += good
        pairs += n
    shares.sort()
    return {
        "clusters": len(shares),
        "pairs": pairs,
        "overall": round(evidenced / max(pairs, 1), 4),
        "mean_per_cluster": round(sum(x for x, _, _ in shares) / max(len(shares), 1), 4),
        "below_half": sum(1 for x, _, _ in shares if x < 0.5),
        "below_half_share": round(sum(1 for x, _, _ in shares if x < 0.5) / max(len(shares), 1), 4),
        "lowest": [f"{x:.2f} ({n}: {G.nodes[first].get('title', '')[:50]})"
                   for x, n, first in shares[:5]],
    }


def same_theme(G: nx.MultiDiGraph, pairs) -> float:
    """Share of pairs whose two ends are in one theme (add_analysis's ``theme``, -1: none)."""
    theme = dict(G.nodes(data="theme", default=-1))
    return sum(1 for u, v in pairs if theme[u] >= 0 and theme[u] == theme[v]) / max(len(pairs), 1)


def label_check(G: nx.MultiDiGraph, clusters: list[set], labels: list[str]) -> dict:
    """Labels: all distinct? Of clusters of 3+: how many have 2+ terms, a filler or banned
    word, a term none of whose words is 3x as frequent in the cluster's titles as in the
    corpus's (a day or number added to tell two labels apart is not a term)."""
    from graphx.labels import FILLER

    articles = sorted(n for n, k in G.nodes(data="kind") if k == "article")
    vocab = TitleVocabulary(G, articles)
    def words_of(n: str) -> set[str]:  # "New York" is one title term: count its words
        return {w.casefold() for term, _ in vocab.titles[n] for w in term.split()}

    df = Counter(w for n in articles for w in words_of(n))
    checked = failed = one_term = 0
    lifts, bad = [], []
    for members, label in zip(clusters, labels, strict=True):
        if len(members) < 3:
            continue
        checked += 1
        terms = [t for t in label.split(" (")[0].split(" #")[0].split(" · ")
                 if not t[:1].isdigit()]
        in_cluster = Counter(w for n in members for w in words_of(n))
        best = []
        for term in terms:
            words = [w.casefold() for w in term.split()]
            best.append(max((in_cluster[w] / len(members) / (df[w] / len(articles))
                             if df[w] else 0.0) for w in words))
        filler = any(t.casefold() in FILLER | vocab.banned for t in terms)
        one_term += len(terms) < 2
        lifts += best
        if filler or min(best, default=0.0) < 3:
            failed += 1
            bad.append(label)
    lifts.sort()
    return {"labels": len(labels), "distinct": len(set(labels)), "checked": checked,
            "one_term": one_term, "failed": failed, "failed_labels": bad[:10],
            "min_term_lift": round(lifts[0], 2) if lifts else None,
            "median_term_lift": round(lifts[len(lifts) // 2], 2) if lifts else None}


def held_out(G: nx.MultiDiGraph, *, share: float = 0.2, seed: int = 1) -> dict:
    """Hold out ``share`` of the filed related pairs, recompute, count those still together."""
    pairs = related_pairs(G, filed=True)
    held = random.Random(seed).sample(sorted(pairs), int(share * len(pairs)))
    H = G.copy()
    H.remove_edges_from([(u, v, k) for u, v, k in list(H.edges(keys=True)) if k == "similar"])
    for u, v in held:
        for a, b in ((u, v), (v, u)):
            if H.has_edge(a, b, key="related"):
                H.remove_edge(a, b, key="related")
    add_similar(H)
    clusters = story_clusters(H, seed=0)
    add_analysis(H, seed=0)
    return {"filed_pairs": len(pairs), "held_out": len(held),
            "held_out_same_cluster": round(same_cluster(clusters, held), 4),
            "held_out_same_theme": round(same_theme(H, held), 4),
            "held_out_split_by": split_pairs(H, clusters, held)}


def split_pairs(G: nx.MultiDiGraph, clusters: list[set], pairs) -> dict:
    """Pairs not in one cluster, by the rule that keeps them apart (the first that applies):
    a round-up at either end, a templated report's link to another place's or day's figures,
    titles naming different places, or different days; the rest were cut by the clustering
    (the link's evidence accepted, but too little of it to hold the two in one story)."""
    from graphx.model import articles
    from graphx.roundups import StoryText

    of = {n: i for i, c in enumerate(clusters) for n in c}
    split = [(u, v) for u, v in pairs if u not in of or of[u] != of.get(v)]
    found = articles(G)
    at = {a: i for i, a in enumerate(found)}
    text = StoryText(G, found, only={at[n] for pair in split for n in pair})
    roundup = dict(G.nodes(data="roundup", default=False))
    reasons: Counter = Counter()
    for u, v in split:
        i, j = at[u], at[v]
        reasons["round-up" if roundup[u] or roundup[v]
                else "templated, other place or day" if text.template_only(i, j)
                else "names differ" if not text.names_agree(i, j)
                else "days differ" if text.other_days(i, j)
                else "clustering"] += 1
    return {"split": len(split), **dict(sorted(reasons.items()))}


def fingerprint(G: nx.MultiDiGraph) -> str:
    """A digest of clusters and labels, to compare runs (also across processes)."""
    import hashlib

    clusters = story_clusters(G, seed=0)
    text = json.dumps([sorted(c) for c in clusters] + cluster_labels(G, clusters))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def quality(path: str) -> dict:
    """Every quality figure for the corpus at ``path``."""
    G = build_corpus([path], analyse=False).graph
    similar = add_similar(G)
    articles = sum(1 for _, k in G.nodes(data="kind") if k == "article")
    started = time.perf_counter()
    H = G.copy()
    add_analysis(H, seed=0)
    seconds = time.perf_counter() - started
    clusters = story_clusters(G, seed=0)
    linked = related_pairs(G)
    labels = cluster_labels(G, clusters)
    sizes = Counter(len(c) for c in clusters)
    again = fingerprint(G)
    other = subprocess.run(  # another process, another string-hash seed
        [sys.executable, __file__, "--fingerprint", path], capture_output=True, text=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"}, check=True,
    ).stdout.strip()
    return {
        "corpus": os.path.normpath(path),
        "similar_edges": sum(1 for *_, k in G.edges(keys=True) if k == "similar") if similar
        else "graphx.similar missing",
        "articles": articles,
        "clusters": len(clusters),
        "related_pairs": len(linked),
        "related_same_cluster": round(same_cluster(clusters, linked), 4),
        "related_same_theme": round(same_theme(H, linked), 4),
        "related_split_by": split_pairs(H, clusters, linked),
        "roundups": sum(1 for _, r in H.nodes(data="roundup") if r),
        "themes": len({t for _, t in H.nodes(data="theme", default=-1) if t >= 0}),
        "precision_proxy": precision_proxy(G, clusters),
        "largest_cluster": max(map(len, clusters), default=0),
        "largest_share": round(max(map(len, clusters), default=0) / articles, 4),
        "in_clusters_of_2_plus": round(sum(map(len, clusters)) / articles, 4),
        "sizes": {f"{lo}-{hi}" if hi < 10**9 else f"{lo}+":
                  sum(n for s, n in sizes.items() if lo <= s <= hi) for lo, hi in SIZE_BUCKETS},
        "labels_3_plus": label_check(G, clusters, labels),
        "identical_runs": again == fingerprint(G) == other,
        **held_out(G),
        "add_analysis_seconds": round(seconds, 2),
        "top_clusters": [
            f"{len(c)}: {label}" for c, label in zip(clusters[:12], labels[:12], strict=True)
        ],
    }


def timing(path: str) -> dict:
    """Build time (load + graph, no parse cache) vs similar edges vs analysis, on a big corpus."""
    started = time.perf_counter()
    G = build_corpus([path], CorpusOptions(cache=False), analyse=False).graph  # every file parsed
    built = time.perf_counter() - started
    started = time.perf_counter()
    add_similar(G)
    similar = time.perf_counter() - started
    steps = {}
    from graphx import analysis

    clock = time.perf_counter()
    clusters = analysis.story_clusters(G, seed=0)
    steps["clusters"] = time.perf_counter() - clock
    clock = time.perf_counter()
    labels = analysis.cluster_labels(G, clusters)
    steps["labels"] = time.perf_counter() - clock
    clock = time.perf_counter()
    analysis.story_pagerank(G)
    steps["pagerank"] = time.perf_counter() - clock
    clock = time.perf_counter()
    analysis.bridging(G, clusters)
    steps["bridging"] = time.perf_counter() - clock
    clock = time.perf_counter()
    add_analysis(G, seed=0)
    total = time.perf_counter() - clock
    articles = sum(1 for _, k in G.nodes(data="kind") if k == "article")
    return {
        "corpus": os.path.normpath(path), "articles": articles, "clusters": len(clusters),
        "largest_cluster": max(map(len, clusters), default=0),
        "in_clusters_of_2_plus": round(sum(map(len, clusters)) / articles, 4),
        "labelled": len(labels),
        "build_seconds": round(built, 1), "similar_seconds": round(similar, 1),
        "add_analysis_seconds": round(total, 1),
        "steps_seconds": {k: round(v, 1) for k, v in steps.items()},
    }


def analysed(path: str) -> nx.MultiDiGraph:
    """The corpus at ``path`` built and analysed as `graphx build` does."""
    return build_corpus([path]).graph


def judging_sample(path: str, seed: int) -> dict:
    """JUDGE_PER_BUCKET clusters of each JUDGE_BUCKETS size, drawn with ``seed``, to judge
    (a bucket holding fewer gives all it has, the next smaller one the rest).

    Every article gets a record (belongs: null until a person says "yes" or "no"); every
    cluster one with its first report (first_report_ok: null until judged).
    """
    from graphx.analysis import cluster_table, clusters_from_graph

    G = analysed(path)
    clusters, labels = clusters_from_graph(G)
    table = cluster_table(G, clusters, labels)
    rng = random.Random(seed)
    picked = []
    short = 0  # a bucket with too few clusters passes its share to the next smaller one
    for lo, hi in reversed(JUDGE_BUCKETS):
        ids = [c for c, m in enumerate(clusters) if lo <= len(m) <= hi]
        want = JUDGE_PER_BUCKET + short
        picked += sorted(rng.sample(ids, min(want, len(ids))))
        short = max(0, want - len(ids))
    picked.sort()
    nodes = G.nodes
    stories, articles = [], []
    for c in picked:
        row = table[c]
        first = row["first_article"] if row["first_reported"] else ""
        stories.append({
            "cluster": c, "label": labels[c], "size": len(clusters[c]),
            "theme": row["theme_label"], "first_report": first,
            "first_outlet": nodes[first].get("provider_name", "") if first else "",
            "first_time": row["first_reported"],
            "first_title": nodes[first].get("title", "") if first else "",
            "first_report_ok": None, "note": "",
        })
        for a in sorted(clusters[c], key=lambda n: (nodes[n].get("published", ""), n)):
            articles.append({
                "cluster": c, "article": a, "title": nodes[a].get("title", ""),
                "provider": nodes[a].get("provider", ""),
                "published": nodes[a].get("published", ""),
                "roundup": bool(nodes[a].get("roundup")), "first_report": a == first,
                "belongs": None, "note": "",
            })
    return {"corpus": os.path.basename(os.path.normpath(path)), "seed": seed,
            "buckets": [list(b) for b in JUDGE_BUCKETS], "per_bucket": JUDGE_PER_BUCKET,
            "clusters": stories, "articles": articles}


def judged_precision(path: str) -> dict:
    """Precision of a judged sample (see judging_sample): articles that belong, overall,
    without round-ups, per size bucket and per cluster; first reports judged right."""
    with open(path, encoding="utf-8") as fh:
        judged = json.load(fh)
    rows = judged["articles"]
    if any(r["belongs"] not in ("yes", "no") for r in rows):
        raise SystemExit(f"{path}: every article needs belongs: yes or no")
    size = {c["cluster"]: c["size"] for c in judged["clusters"]}
    by_cluster: dict[int, list[bool]] = {}
    for r in rows:
        by_cluster.setdefault(r["cluster"], []).append(r["belongs"] == "yes")

    def share(selected) -> float:
        selected = list(selected)
        return round(sum(selected) / max(len(selected), 1), 4)

    buckets = {}
    for lo, hi in JUDGE_BUCKETS:
        name = f"{lo}-{hi}" if hi < 10**9 else f"{lo}+"
        buckets[name] = share(r["belongs"] == "yes" for r in rows if lo <= size[r["cluster"]] <= hi)
    firsts = [c["first_report_ok"] for c in judged["clusters"]]
    return {
        "clusters": len(by_cluster), "articles": len(rows),
        "precision": share(r["belongs"] == "yes" for r in rows),
        "precision_without_roundups": share(r["belongs"] == "yes" for r in rows
                                            if not r["roundup"]),
        "mean_cluster_precision": round(sum(share(v) for v in by_cluster.values())
                                        / max(len(by_cluster), 1), 4),
        "clusters_all_belong": sum(all(v) for v in by_cluster.values()),
        "by_size": buckets,
        "first_reports_right": f"{sum(f == 'yes' for f in firsts)} of {len(firsts)}",
    }


def roundup_sample(path: str, seed: int) -> dict:
    """Round-up candidates to judge: ROUNDUP_PER_SIDE detected and as many undetected.

    A candidate has a round-up title or URL pattern, or links and similar edges reaching
    two stories or more (an unclustered neighbour is a story of its own): the articles a
    detector could call round-ups. Round-ups with neither are not counted, so the recall
    this gives is recall among candidates.
    """
    from graphx.roundups import has_roundup_hint

    G = analysed(path)
    nodes = G.nodes
    cluster = dict(G.nodes(data="cluster", default=-1))
    pool_detected, pool_other = [], []
    for a in sorted(n for n, k in G.nodes(data="kind") if k == "article"):
        stories = set()
        for u, v, key in (*G.out_edges(a, keys=True), *G.in_edges(a, keys=True)):
            other = v if u == a else u
            if key in ("related", "similar") and nodes[other].get("kind") == "article":
                stories.add(cluster[other] if cluster[other] >= 0 else other)
        hint = has_roundup_hint(nodes[a].get("title", ""), nodes[a].get("url", ""))
        if nodes[a].get("roundup"):
            pool_detected.append(a)
        elif hint or len(stories) >= 2:
            pool_other.append(a)
    rng = random.Random(seed)
    rows = []
    for detected, pool in ((True, pool_detected), (False, pool_other)):
        for a in sorted(rng.sample(pool, min(ROUNDUP_PER_SIDE, len(pool)))):
            rows.append({
                "article": a, "detected": detected, "title": nodes[a].get("title", ""),
                "provider": nodes[a].get("provider", ""), "url": nodes[a].get("url", ""),
                "excerpt": nodes[a].get("excerpt", "")[:300], "is_roundup": None, "note": "",
            })
    return {"corpus": os.path.basename(os.path.normpath(path)), "seed": seed,
            "detected": len(pool_detected), "undetected_candidates": len(pool_other),
            "candidates": rows}


def roundups_judged(path: str) -> dict:
    """Precision of the detected sample; recall among candidates, each side's judged share
    scaled to its pool (detected, undetected candidates)."""
    with open(path, encoding="utf-8") as fh:
        judged = json.load(fh)
    rows = judged["candidates"]
    if any(r["is_roundup"] not in ("yes", "no") for r in rows):
        raise SystemExit(f"{path}: every candidate needs is_roundup: yes or no")
    hit = [r["is_roundup"] == "yes" for r in rows if r["detected"]]
    miss = [r["is_roundup"] == "yes" for r in rows if not r["detected"]]
    precision = sum(hit) / max(len(hit), 1)
    found = precision * judged["detected"]
    missed = sum(miss) / max(len(miss), 1) * judged["undetected_candidates"]
    return {
        "detected": judged["detected"], "undetected_candidates": judged["undetected_candidates"],
        "judged_detected": f"{sum(hit)} of {len(hit)} are round-ups",
        "judged_undetected": f"{sum(miss)} of {len(miss)} are round-ups",
        "precision": round(precision, 4),
        "recall_among_candidates": round(found / max(found + missed, 1e-9), 4),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=COVID, help="corpus for the quality figures")
    parser.add_argument("--large", metavar="DIR", help="also time analysis on this corpus")
    parser.add_argument("--proxy", action="store_true", help="the precision proxy alone")
    parser.add_argument("--sample", type=int, metavar="SEED", help="clusters to judge, as JSON")
    parser.add_argument("--roundup-sample", type=int, metavar="SEED",
                        help="round-up candidates to judge, as JSON")
    parser.add_argument("--out", metavar="FILE", help="where --sample and --roundup-sample write")
    parser.add_argument("--judged", metavar="FILE", help="precision of judged clusters")
    parser.add_argument("--roundups-judged", metavar="FILE", help="judged round-up candidates")
    parser.add_argument("--fingerprint", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fingerprint:
        G = build_corpus([args.fingerprint], analyse=False).graph
        add_similar(G)
        print(fingerprint(G))
        return
    if args.sample is not None or args.roundup_sample is not None:
        made = (judging_sample(args.corpus, args.sample) if args.sample is not None
                else roundup_sample(args.corpus, args.roundup_sample))
        text = json.dumps(made, indent=1, ensure_ascii=False) + "\n"
        if args.out:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            print(text, end="")
        return
    if args.judged or args.roundups_judged:
        found = judged_precision(args.judged) if args.judged else roundups_judged(
            args.roundups_judged)
        print(json.dumps(found, indent=1, ensure_ascii=False))
        return
    if args.proxy:
        G = build_corpus([args.corpus], analyse=False).graph
        add_similar(G)
        print(json.dumps(precision_proxy(G, story_clusters(G, seed=0)), indent=1,
                         ensure_ascii=False))
        return
    print(json.dumps(quality(args.corpus), indent=1, ensure_ascii=False))
    if args.large:
        print(json.dumps(timing(args.large), indent=1))


if __name__ == "__main__":
    main()
