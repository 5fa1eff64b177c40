"""Peak memory of `graphx build` on one hostile file: at most 20 x its size + 200 MB (#14).

    python benchmarks/memory.py                 # every shape, a table on stdout
    python benchmarks/memory.py --only dashes   # shapes whose name holds "dashes"

Each shape is the worst of its kind that graphx's limits let through to parsing (files up
to --max-file-bytes, 8 MiB; front matter up to --max-front-matter-bytes, 2 MiB): many ---
lines, deep block and flow nesting, many anchors, many small values, long lines, many keys,
many related entries. Each file is built alone by a child `python -m graphx build`, which
reports its peak RSS (VmHWM, Linux) as it exits: that command's whole cost, start-up
included; "an empty item" is the floor for comparison.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1 << 20
FRONT = 2 * MB - 4096  # just inside --max-front-matter-bytes
URL = "webUrl: https://a.example.com/x\n"


def _fill(unit: str, budget: int, head: str = "", tail: str = "") -> str:
    """``head`` + ``unit`` repeated to about ``budget`` characters + ``tail``."""
    return head + unit * max(1, (budget - len(head) - len(tail)) // len(unit)) + tail


def _numbered(unit: str, budget: int) -> str:
    """``unit`` with {} numbered 0, 1, 2... repeated to about ``budget`` characters."""
    parts, size = [], 0
    while size < budget:
        parts.append(unit.format(len(parts)))
        size += len(parts[-1])
    return "".join(parts)


SHAPES = {
    "an empty item": lambda: f"---\n{URL}---\n",
    # --- lines: one string per line made splitting quadratic
    "8 MB of --- lines": lambda: _fill("---\n", 8 * MB - 64, "---\ntitle: [\n"),
    "2.9 MB article, 1,500 --- rules": lambda: f"---\ntitle: t\n{URL}---\n"
    + ("para " * 380 + "\n---\n") * 1500,
    # nesting
    "2 MB of flow nesting": lambda: _fill("[", FRONT // 2, f"---\n{URL}x: ")
    + "]" * (FRONT // 2) + "\n---\n",
    "2 MB of block nesting": lambda: f"---\n{URL}"
    + "".join(" " * i + "k:\n" for i in range(1440)) + "---\n",
    "2 MB of nesting at the limit": lambda: f"---\n{URL}"
    + _fill("x: " + "[" * 62 + "a" + "]" * 62 + "\n", FRONT) + "---\n",
    # anchors: the other way to compose
    "2 MB of anchors": lambda: f"---\n{URL}x: [" + _numbered("&a{} 1, ", FRONT) + "1]\n---\n",
    # many small values, kept and skipped
    "2 MB of skipped small values": lambda: _fill("a,", FRONT, f"---\n{URL}images: [", "a]\n---\n"),
    "2 MB of topics": lambda: _fill("a,", FRONT, f"---\n{URL}topics: [", "a]\n---\n"),
    "2 MB of block list entries": lambda: _fill("- a\n", FRONT, f"---\n{URL}images:\n", "---\n"),
    "2 MB of keys": lambda: f"---\n{URL}" + "".join(f"k{i}: {i}\n" for i in range(140_000))
    + "---\n",
    "2 MB of related entries": lambda: f"---\n{URL}related:\n" + _numbered(
        "- {{webUrl: 'https://b.example.com/{}', title: t, topics: [a, b, c]}}\n", FRONT)
    + "---\n",
    "just under the kept-value budget": lambda: f"---\n{URL}related:\n" + "".join(
        f"- {{webUrl: 'https://b.example.com/{i}', topics: [{','.join('t' * 44)}]}}\n"
        for i in range(1000)) + "---\n",
    "2 MB past the kept-value budget": lambda: f"---\n{URL}related:\n" + "".join(
        f"- webUrl: https://b.example.com/{i}\n  topics: [{', '.join('tt' for _ in range(400))}]\n"
        for i in range(1000)) + "---\n",
    # long lines
    "2 MB title": lambda: _fill("word ", FRONT, f"---\n{URL}title: ", "\n---\n"),
    "8 MB body on one line": lambda: _fill("x", 8 * MB - 64, f"---\n{URL}---\n"),
    "8 MB non-BMP body": lambda: _fill("\U0001f600", 2 * MB - 64, f"---\n{URL}---\n"),
}


def budget_mb(size: int) -> float:
    """The issue's bound: 20 x the file's size + 200 MB."""
    return 20 * size / 1e6 + 200


# `python -m graphx` that reports its own peak RSS (VmHWM) as it exits. A child's ru_maxrss
# would not do: Linux counts in it the parent's resident size at the fork, so a child of a
# big process (a test runner that drove a browser) seems to take hundreds of MB.
_REPORTING = """
import atexit, runpy, sys

def peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write(f"peak-kb {kb}\\n")

atexit.register(peak)
sys.argv[0] = "graphx"
runpy.run_module("graphx", run_name="__main__", alter_sys=True)
"""


def measure(path: Path) -> tuple[float, int, float, str]:
    """(peak RSS in MB, exit code, wall seconds, last line of graphx's stderr) of building
    ``path`` in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GRAPHX_CACHE=os.path.join(tmp, "cache.sqlite"))
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _REPORTING, "build", str(path), "-o",
                               os.path.join(tmp, "out")], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, errors="replace")
        wall = time.perf_counter() - start
    lines = proc.stderr.splitlines()
    peaks = [int(line.split()[1]) for line in lines if line.startswith("peak-kb ")]
    said = [line for line in lines if not line.startswith("peak-kb ")] or [""]
    return (peaks[-1] / 1024 if peaks else float("inf")), proc.returncode, wall, said[-1]


def write_shape(name: str, folder: Path) -> Path:
    path = folder / (name.replace(" ", "-").replace(",", "") + ".md")
    path.write_text(SHAPES[name](), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only the shapes whose name holds this text")
    args = parser.parse_args()
    names = [n for n in SHAPES if not args.only or args.only in n]
    print("| shape | size | peak RSS | bound (20 x size + 200 MB) | exit | wall |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            path = write_shape(name, Path(tmp))
            size = path.stat().st_size
            peak, code, wall, _ = measure(path)
            mark = "" if peak <= budget_mb(size) else " **over**"
            print(f"| {name} | {size / 1e6:.2f} MB | {peak:.0f} MB{mark} | "
                  f"{budget_mb(size):.0f} MB | {code} | {wall:.1f} s |", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
