"""How good and how fast are graphx's story clusters? The done-when figures of issue 4.

    python benchmarks/analysis_bench.py                          # the covid corpus
    python benchmarks/analysis_bench.py --corpus DIR             # another corpus
    python benchmarks/analysis_bench.py --large DIR              # + timing on a big corpus
                                                                 #   (make one with synth.py)

Quality (on the covid corpus): the share of related pairs inside one cluster, the largest
cluster's share, labels of clusters of 3+ articles, two identical runs, and held-out links:
20% of the related pairs between filed articles are removed, similar edges and clusters are
recomputed, and the share of held-out pairs that still land in one cluster is reported.
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


def label_check(G: nx.MultiDiGraph, clusters: list[set], labels: list[str]) -> dict:
    """Labels of clusters of 3+: how many have 2+ words, none banned, each 3x over the corpus."""
    articles = sorted(n for n, k in G.nodes(data="kind") if k == "article")
    vocab = TitleVocabulary(G, articles)
    checked = failed = 0
    lifts = []
    bad = []
    for members, label in zip(clusters, labels, strict=True):
        if len(members) < 3:
            continue
        checked += 1
        words = label.split(" (")[0].replace(" · ", " ").split()
        folded = [w.casefold() for w in words]
        in_cluster = Counter(w.casefold() for n in members for w in {x for x, _ in vocab.titles[n]})
        lift = [in_cluster[w] / len(members) / (vocab.df[w] / vocab.n) if vocab.df[w] else 0.0
                for w in folded]
        ok = len(words) >= 2 and not any(w in vocab.banned for w in folded) and min(lift) >= 3
        lifts += lift
        if not ok:
            failed += 1
            bad.append(label)
    lifts.sort()
    return {"checked": checked, "failed": failed, "failed_labels": bad[:10],
            "min_word_lift": round(lifts[0], 2) if lifts else None,
            "median_word_lift": round(lifts[len(lifts) // 2], 2) if lifts else None}


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
    return {"filed_pairs": len(pairs), "held_out": len(held),
            "held_out_same_cluster": round(same_cluster(clusters, held), 4)}


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
        "related_pairs": len(related_pairs(G)),
        "related_same_cluster": round(same_cluster(clusters, related_pairs(G)), 4),
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


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=COVID, help="corpus for the quality figures")
    parser.add_argument("--large", metavar="DIR", help="also time analysis on this corpus")
    parser.add_argument("--fingerprint", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fingerprint:
        G = build_corpus([args.fingerprint], analyse=False).graph
        add_similar(G)
        print(fingerprint(G))
        return
    print(json.dumps(quality(args.corpus), indent=1, ensure_ascii=False))
    if args.large:
        print(json.dumps(timing(args.large), indent=1))


if __name__ == "__main__":
    main()
