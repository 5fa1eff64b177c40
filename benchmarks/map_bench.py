"""Coverage-map figures on synthetic graphs: layout time, render time, page size, nodes kept
by max_nodes, and time to interactive in headless Chromium (median of 3).

    python benchmarks/map_bench.py            # 5,000 and 20,000 nodes
    python benchmarks/map_bench.py --json     # the same figures as JSON

Time to interactive runs from navigation until the map has drawn its first frame and a click
on a node has opened its panel, each time in a fresh page of one browser.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent / "tests")]

from graphs import launch, make_graph, time_to_interactive  # noqa: E402

from graphx.layout import cluster_layout  # noqa: E402
from graphx.render import coverage_map  # noqa: E402

# Articles giving about 5,000 and 20,000 nodes once providers, topics and tags are added.
SIZES = {5_000: 3_650, 20_000: 14_720}


def measure(browser, articles: int, folder: Path) -> dict:
    """Figures for one synthetic graph, rendered with the default limit and with none."""
    G = make_graph(articles, seed=0)
    start = time.perf_counter()
    cluster_layout(G, seed=0)
    row = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
           "layout_all_s": round(time.perf_counter() - start, 2)}
    for name, limit in (("default", 2000), ("all", None)):
        start = time.perf_counter()
        result = coverage_map(G, max_nodes=limit, related=0)  # panels are not what is timed
        row[f"{name}_render_s"] = round(time.perf_counter() - start, 2)
        path = folder / f"{articles}-{name}.html"
        result.save(path)
        row[f"{name}_shown"] = result.stats["shown"]
        row[f"{name}_mb"] = round(path.stat().st_size / 1e6, 2)
        runs = [time_to_interactive(browser, path) for _ in range(3)]
        row[f"{name}_tti_s"] = round(statistics.median(runs), 2)
        row[f"{name}_tti_runs"] = [round(t, 2) for t in runs]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for articles in SIZES.values():
                rows.append(measure(browser, articles, Path(folder)))
        finally:
            browser.close()
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| nodes | edges | layout (all) | limit | shown | render | page "
          "| interactive (median of 3) |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        for name, label in (("default", "2,000"), ("all", "none")):
            print(f"| {row['nodes']:,} | {row['edges']:,} | {row['layout_all_s']} s | {label} "
                  f"| {row[f'{name}_shown']:,} | {row[f'{name}_render_s']} s "
                  f"| {row[f'{name}_mb']} MB | {row[f'{name}_tti_s']} s "
                  f"({', '.join(map(str, row[f'{name}_tti_runs']))}) |")


if __name__ == "__main__":
    main()
