"""Screenshot of a coverage map for the docs (docs/map.png), with one story's panel open.

    python benchmarks/map_screenshot.py                      # a synthetic 1,200-node graph
    python benchmarks/map_screenshot.py --html out/map.html  # a map already written

The most central article is clicked so the picture shows its panel and related stories.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

from graphs import READY, click_top_article, launch, make_graph, related_stories  # noqa: E402

from graphx.render import coverage_map  # noqa: E402


def screenshot(html: Path, out: Path) -> None:
    """Open html in headless Chromium, click its most central article, save a PNG to out."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(html.resolve().as_uri())
            page.wait_for_function(READY, timeout=60_000)
            click_top_article(page)
            box = page.locator("#gx-map").bounding_box()
            page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)  # tooltip away

            page.wait_for_timeout(500)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, help="screenshot this map instead of a synthetic one")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "map.png")
    args = parser.parse_args()
    if args.html:
        screenshot(args.html, args.out)
        return
    with tempfile.TemporaryDirectory() as folder:
        G = make_graph(900, seed=8)
        html = Path(folder) / "map.html"
        page = coverage_map(G, related=related_stories(G), title="Coverage map (synthetic corpus)")
        page.save(html)
        screenshot(html, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
