"""Coverage-map figures: page size, time to interactive in headless Chromium (median of 3)
and where that time goes, for the covid corpus and synthetic graphs of 5,000 and 20,000 nodes.

    python benchmarks/map_bench.py                       # covid (if found) + synthetic
    python benchmarks/map_bench.py --corpora /work/shared/corpora
    python benchmarks/map_bench.py --json                # the same figures as JSON

Time to interactive runs from navigation until the map has drawn its first frame and a click
on its largest article has opened the side panel, each time in a fresh page of one browser.
The page's own marks split the first part: HTML and script load (until the page script
starts), JSON parse, vis DataSet, vis Network (its node objects), the page's setup (filters,
timeline, first fit) and the first frame; the frames column gives the time the first frame
spent on edges, on nodes (vis) and on labels. covid is mapped as `graphx map` maps it (with
related stories in the panels), once with the default 2,000-node limit and once with
--max-nodes 100000 (every node).
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

from graphs import READY, click_top_article, launch, make_graph  # noqa: E402

from graphx.render import coverage_map  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
# Articles giving about 5,000 and 20,000 nodes once providers, topics and tags are added.
SIZES = {5_000: 3_650, 20_000: 14_720}
RUNS = 3
STAGES = ("load", "parse", "dataset", "network", "setup", "draw")


def open_once(browser, path: Path) -> dict:
    """Seconds to interactive, and the page's marks in ms, for one fresh page."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function(READY, timeout=60_000)
        click_top_article(page)
        tti = time.perf_counter() - start
        marks = page.evaluate("graphx.marks()")
        stages = {
            "load": marks["start"], "parse": marks["parsed"] - marks["start"],
            "dataset": marks["dataset"] - marks["parsed"],
            "network": marks["network"] - marks["dataset"],
            "setup": marks["setup"] - marks["network"], "draw": marks["drawn"] - marks["setup"],
        }
        return {"tti": tti, "stages": stages, "frame": marks["firstFrame"]}
    finally:
        page.close()


def measure(browser, name: str, path: Path, shown: int, render_s: float) -> dict:
    """RUNS openings of one page, summarised by their medians."""
    runs = [open_once(browser, path) for _ in range(RUNS)]
    return {
        "map": name, "shown": shown, "render_s": round(render_s, 2),
        "mb": round(path.stat().st_size / 1e6, 2),
        "tti_s": round(statistics.median(r["tti"] for r in runs), 2),
        "tti_runs": [round(r["tti"], 2) for r in runs],
        "stages_ms": {s: round(statistics.median(r["stages"][s] for r in runs)) for s in STAGES},
        "frame_ms": [round(statistics.median(r["frame"][i] for r in runs)) for i in range(3)],
    }


def covid_maps(corpora: Path, folder: Path):
    """(name, path, shown, render seconds) for the covid maps, as `graphx map` writes them."""
    from graphx.pipeline import build_corpus

    corpus = build_corpus([str(corpora / "covid")])
    for name, limit in (("covid, default", 2000), ("covid, --max-nodes 100000", 100_000)):
        path = folder / f"covid-{limit}.html"
        start = time.perf_counter()
        page = coverage_map(corpus.graph, max_nodes=limit)
        page.save(path)
        yield name, path, page.stats["shown"], time.perf_counter() - start


def synthetic_maps(folder: Path):
    """(name, path, shown, render seconds) for synthetic graphs, default limit and none."""
    for articles in SIZES.values():
        G = make_graph(articles, seed=0)
        for label, limit in (("default", 2000), ("all", None)):
            start = time.perf_counter()
            result = coverage_map(G, max_nodes=limit, related=0)  # no panels: synthetic text
            seconds = time.perf_counter() - start
            path = folder / f"{articles}-{label}.html"
            result.save(path)
            yield (f"synthetic {G.number_of_nodes():,} nodes, {label}", path,
                   result.stats["shown"], seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="folder of the corpora")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            maps = list(synthetic_maps(Path(folder)))
            if (args.corpora / "covid").is_dir():
                maps = list(covid_maps(args.corpora, Path(folder))) + maps
            else:
                print(f"({args.corpora / 'covid'} not found: synthetic graphs only)",
                      file=sys.stderr)
            for name, path, shown, seconds in maps:
                rows.append(measure(browser, name, path, shown, seconds))
        finally:
            browser.close()
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| map | shown | page | interactive (median of 3) | load · parse · DataSet · "
          "Network · setup · first frame (ms) | first frame: edges · nodes · labels (ms) |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        stages = " · ".join(str(row["stages_ms"][s]) for s in STAGES)
        frame = " · ".join(map(str, row["frame_ms"]))
        print(f"| {row['map']} | {row['shown']:,} | {row['mb']} MB | {row['tti_s']} s "
              f"({', '.join(map(str, row['tti_runs']))}) | {stages} | {frame} |")


if __name__ == "__main__":
    main()
