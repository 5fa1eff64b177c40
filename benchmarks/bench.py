"""The speed and scale benchmark: one command, one table, every figure measured in one run.

    python benchmarks/bench.py                 # 100k synthetic items + the real corpora
    python benchmarks/bench.py --n 20000 --runs 3
    python benchmarks/bench.py --n 1000000 --runs 1 --only build

Each figure is measured side by side in the same run, as a ratio where one fits:
loading against a raw libyaml parse of the same files (yaml.CSafeLoader: the floor for
correct YAML), two processes against one, a warm rebuild against a cold one. Whole
commands run as child processes, so wall times include start-up and peak RSS is the
child's own (from wait4). Synthetic corpora come from benchmarks/synth.py and are kept in
benchmarks/.data/ (git-ignored) between runs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
CORPORA = HERE.parent.parent / "shared" / "corpora"


def synth_corpus(n: int, seed: int = 0) -> Path:
    """benchmarks/.data/synth-N-sSEED, generated once."""
    folder = DATA / f"synth-{n}-s{seed}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "synth.py"), str(folder), "--n", str(n),
                        "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
        (folder / ".complete").touch()
    return folder


def list_files(folder: Path) -> list[str]:
    from graphx.files import iter_files

    return [p for p, why in iter_files([str(folder)]) if not why]


def raw_libyaml(paths: list[str]) -> None:
    """The floor: read each file, cut its front matter at the --- lines, parse with libyaml."""
    for p in paths:
        with open(p, "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
        block = text.split("\n---", 1)[0][4:]
        with contextlib.suppress(yaml.YAMLError):
            yaml.load(block, Loader=yaml.CSafeLoader)  # noqa: S506 - a safe loader


def graphx_load(paths: list[str], jobs: int) -> None:
    from graphx.files import parse_files
    from graphx.model import DEFAULT_LIMITS

    for _ in parse_files(paths, DEFAULT_LIMITS, jobs, None):
        pass


def timed(fn, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` and all its descendants, in MB (Linux): the memory
    the process tree holds, pages shared after fork counted once. 0 where unreadable."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        with contextlib.suppress(OSError, ValueError):
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
    return total / 1024


LAST_TREE_PEAK = [0.0]  # peak tree PSS (MB) of the last run_cli, sampled every 0.25 s+


def run_cli(args: list[str], env: dict, stdin: str | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stderr) of one `python -m graphx ...` child; the peak
    memory of its whole process tree (the build forks writers) goes to LAST_TREE_PEAK."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "graphx", *args], env=env,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, done = [0.0], threading.Event()

    def sample() -> None:
        pause = 0.25
        while not done.wait(pause):
            began = time.perf_counter()
            peak[0] = max(peak[0], tree_pss_mb(proc.pid))
            # Reading a large process's page tables takes time: at most 5% of a core.
            pause = max(0.25, 20 * (time.perf_counter() - began))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    err = proc.stderr.read()
    done.set()
    sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    LAST_TREE_PEAK[0] = peak[0]
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"graphx {' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, err


def fmt_times(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def bench_loading(name: str, folder: Path, runs: int, rows: list) -> None:
    paths = list_files(folder)
    raw, raw_t = timed(lambda: raw_libyaml(paths), runs)
    one, one_t = timed(lambda: graphx_load(paths, 1), runs)
    two, two_t = timed(lambda: graphx_load(paths, 2), runs)
    n = len(paths)
    rows.append((name, "raw libyaml parse", f"{raw:.2f} s ({n / raw:,.0f} files/s)",
                 fmt_times(raw_t)))
    rows.append((name, "graphx load, 1 process", f"{one:.2f} s ({n / one:,.0f} files/s)",
                 fmt_times(one_t)))
    rows.append((name, "load / raw throughput", f"{raw / one:.2f}", "target ≥ 0.75"))
    rows.append((name, "graphx load, 2 processes", f"{two:.2f} s", fmt_times(two_t)))
    rows.append((name, "2 processes / 1", f"{one / two:.2f}×", "target ≥ 1.5×"))


def bench_build(name: str, folder: Path, runs: int, rows: list, *, incremental: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GRAPHX_CACHE=os.path.join(tmp, "cache.sqlite"))
        out = os.path.join(tmp, "out")
        colds, warms, forced, rss, stages, tree = [], [], [], [], [], []
        for _ in range(runs):
            # Cold: no parse cache, no saved engine, no earlier outputs to find up to date.
            for stale in (env["GRAPHX_CACHE"], os.path.join(tmp, "engines"), out):
                if os.path.isdir(stale):
                    shutil.rmtree(stale)
                elif os.path.exists(stale):
                    os.unlink(stale)
            build = ["build", str(folder), "-o", out, "-j", "2"]
            for times, args in ((colds, build), (warms, build), (forced, [*build, "--force"])):
                wall, peak, err = run_cli(args, env)
                times.append(wall)
                rss.append(peak)
                tree.append(LAST_TREE_PEAK[0])
                if times is colds:
                    stages.append(took(err))
        rows.append((name, "cold build (load…GraphML)", f"{statistics.median(colds):.1f} s",
                     fmt_times(colds)))
        for stage in ("load", "graph", "similarity", "clustering", "write"):
            times = [t.get(stage, float("nan")) for t in stages]
            rows.append((name, f"cold build: {stage} stage", f"{statistics.median(times):.1f} s",
                         fmt_times(times) + "; from the build's `took` line"))
        write = statistics.median(t.get("write", float("nan")) for t in stages)
        load = statistics.median(t.get("load", float("nan")) for t in stages)
        rows.append((name, "write stage / load stage", f"{write / load:.2f}", "target ≤ 1"))
        rows.append((name, "warm rebuild, corpus unchanged", f"{statistics.median(warms):.1f} s",
                     fmt_times(warms) + "; outputs found up to date"))
        rows.append((name, "warm rebuild, forced", f"{statistics.median(forced):.1f} s",
                     fmt_times(forced) + "; --force: parse cache only, the rest rebuilt"))
        rows.append((name, "peak RSS", f"{max(rss):,.0f} MB",
                     "max over builds; the largest process's own (wait4)"))
        rows.append((name, "peak memory of the process tree", f"{max(tree):,.0f} MB",
                     "max over builds; PSS of graphx and the processes it forks, sampled "
                     "every 0.25 s (less often when a sample is slow)"))
        for f in ("coverage.graphml", "coverage.html"):
            size = os.path.getsize(os.path.join(out, f)) / 1e6
            rows.append((name, f"size of {f}", f"{size:,.1f} MB", ""))
        if incremental:
            extra = synth_corpus(1000, seed=99)
            both = Path(tmp) / "both"
            both.mkdir()
            os.symlink(folder, both / "base")
            os.symlink(extra, both / "extra")
            run_cli(["build", str(both / "base"), "-o", out, "-j", "2"], env)
            wall, _, err = run_cli(["build", str(both), "-o", out, "-j", "2"], env)
            parsed = next((line for line in err.splitlines() if "parsed" in line), "?")
            rows.append((name, "rebuild after adding 1,000 files", f"{wall:.1f} s", parsed.strip()))
            probe = sorted(extra.rglob("*.md"))[0]
            wall, _, _ = run_cli(["related", title_of(probe), out, "-q"], env)
            rows.append((name, "first related QUERY OUT after the addition", f"{wall:.2f} s",
                         "answered from the engine that build saved in OUT"))
            run_cli(["build", str(folder), "-o", out, "-j", "2"], env)
        query_bench(name, folder, env, rows, out)


def took(err: str) -> dict[str, float]:
    """{stage: seconds} from a build's `took 5.9 s (load 0.5, graph 0.1, ...)` line."""
    line = next((line for line in err.splitlines() if line.startswith("took ")), "")
    inside = line.partition("(")[2].rstrip(")")
    out = {}
    for part in inside.split(","):
        stage, _, seconds = part.strip().rpartition(" ")
        with contextlib.suppress(ValueError):
            out[stage] = float(seconds)
    return out


def title_of(path: Path) -> str:
    import frontmatter

    return str(frontmatter.load(path).get("title", path.stem))


def query_bench(name: str, folder: Path, env: dict, rows: list, out: str) -> None:
    from graphx.pipeline import CorpusOptions, build_corpus

    G = build_corpus([str(folder)], CorpusOptions(cache=env["GRAPHX_CACHE"])).graph
    articles = [a["url"] for _, a in G.nodes(data=True) if a.get("kind") == "article"
                and a.get("has_file")]
    step = max(1, len(articles) // 1000)
    queries = articles[::step][:1000]
    # build saved the related engine of this corpus: a query loads it (graphx.related.store).
    singles = [run_cli(["related", q, str(folder), "-q"], env)[0] for q in queries[:3]]
    rows.append((name, "related QUERY PATH, one query (wall)",
                 f"{statistics.median(singles):.2f} s",
                 fmt_times(singles) + "; engine saved by build, corpus surveyed for changes"))
    singles = [run_cli(["related", q, out, "-q"], env)[0] for q in queries[3:6]]
    rows.append((name, "related QUERY OUT, one query (wall)", f"{statistics.median(singles):.2f} s",
                 fmt_times(singles) + "; the build folder's engine, no file stat'ed"))
    engines = Path(env["GRAPHX_CACHE"]).parent / "engines"
    shutil.rmtree(engines, ignore_errors=True)  # as after any change to the corpus
    first, _, _ = run_cli(["related", queries[0], str(folder), "-q"], env)
    rows.append((name, "related, first query with no saved engine", f"{first:.2f} s",
                 "builds the graph and index from the parse cache, then saves the engine"))
    one, _, _ = run_cli(["related", "-f", "-", str(folder), "--nl", "-q"], env, queries[0] + "\n")
    many, _, _ = run_cli(["related", "-f", "-", str(folder), "--nl", "-q"], env,
                         "\n".join(queries) + "\n")
    rate = (len(queries) - 1) / max(many - one, 1e-9)
    rows.append((name, f"related -f, {len(queries)} queries", f"{rate:,.0f} queries/s",
                 f"{many:.1f} s in all; index built once"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic items (default 100k)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median reported)")
    parser.add_argument("--only", choices=["load", "build"], help="one part of the suite")
    parser.add_argument("--no-real", action="store_true", help="skip ../shared/corpora")
    args = parser.parse_args()

    rows: list[tuple[str, str, str, str]] = []
    corpora = []
    if not args.no_real and (CORPORA / "covid").is_dir():
        corpora += [("covid (real)", CORPORA / "covid"),
                    ("powerapps (real)", CORPORA / "powerapps")]
    corpora.append((f"synthetic {args.n:,}", synth_corpus(args.n)))
    for name, folder in corpora:
        if args.only in (None, "load"):
            bench_loading(name, folder, args.runs, rows)
        if args.only in (None, "build"):
            bench_build(name, folder, args.runs, rows, incremental=name.startswith("synthetic"))
        print(f"done: {name}", file=sys.stderr)

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; medians of {args.runs} runs\n")
    print("| corpus | measure | median | runs / note |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
