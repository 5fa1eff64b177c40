"""Screenshots of coverage maps for the docs: overview, zoomed in, a story selected, filtered.

    python benchmarks/map_screenshot.py                  # covid and powerapps -> docs/
    python benchmarks/map_screenshot.py --corpora /work/shared/corpora
    python benchmarks/map_screenshot.py --html out/coverage.html --name mine

The corpora are read from ../shared/corpora (or --corpora) and mapped as `graphx map` does
by default (the 2,000-node limit, related stories in the panels). Each map gives four pictures,
docs/map-<name>-<scene>.png: the overview as it opens; zoomed in on the largest story (its
article titles); that story selected (its panel and timeline); and filtered to a topic.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

from graphs import READY, launch  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
SCENES = ("overview", "zoomed", "story", "filtered")
VIEWPORT = {"width": 1280, "height": 800}
SETTLED = "() => !graphx.moving()"


def write_corpus_map(corpora: Path, name: str, folder: Path) -> Path:
    """The map `graphx map` writes for corpora/<name>, in folder."""
    from graphx.pipeline import build_corpus
    from graphx.render import coverage_map

    corpus = build_corpus([str(corpora / name)])
    path = folder / f"{name}.html"
    coverage_map(corpus.graph, title=f"Coverage map: {name} corpus").save(path)
    return path


def topic_to_filter(page) -> str:
    """The largest topic on 5-20% of the articles: narrow enough to show a filter at work."""
    return page.evaluate("""() => {
        const options = Array.from(document.querySelectorAll('#gx-topic option')).slice(1);
        const articles = network.body.data.nodes.getIds()
            .filter(id => id.startsWith('article:')).length;
        const fit = options.map(o => [Number(o.text.match(/\\((\\d+)\\)$/)[1]), o.value])
            .filter(([n]) => n >= 0.05 * articles && n <= 0.2 * articles)
            .sort((a, b) => b[0] - a[0]);
        return fit.length ? fit[0][1] : options[Math.min(1, options.length - 1)].value;
    }""")


def settle(page) -> None:
    page.wait_for_function(SETTLED, timeout=30_000)
    page.wait_for_timeout(400)
    page.mouse.move(2, VIEWPORT["height"] - 2)  # no tooltip in the picture


def screenshots(html: Path, name: str, out: Path) -> list[Path]:
    """Open html in headless Chromium and save the four scenes as PNGs in out."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(html.resolve().as_uri())
            page.wait_for_function(READY, timeout=60_000)
            for scene in SCENES:
                if scene == "zoomed":
                    page.evaluate("""() => {
                        const top = graphx.stories()[0];
                        network.moveTo({position: {x: top.x, y: top.y}, scale: 1.1});
                    }""")
                elif scene == "story":
                    page.evaluate("graphx.selectStory(graphx.stories()[0].id)")
                elif scene == "filtered":
                    page.click("#gx-close")
                    page.select_option("#gx-topic", topic_to_filter(page))
                settle(page)
                path = out / f"map-{name}-{scene}.png"
                page.screenshot(path=str(path))
                written.append(path)
        finally:
            browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, help="screenshot this map instead of the corpora")
    parser.add_argument("--name", default="map", help="name in the PNG files for --html")
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="folder of the corpora")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    if args.html:
        written = screenshots(args.html, args.name, args.out)
    else:
        written = []
        with tempfile.TemporaryDirectory() as folder:
            for name in ("covid", "powerapps"):
                written += screenshots(write_corpus_map(args.corpora, name, Path(folder)),
                                       name, args.out)
    for path in written:
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
