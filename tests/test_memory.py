"""Peak memory of `graphx build` on one hostile file stays within 20 x its size + 200 MB.

The worst shapes of each kind run here; benchmarks/memory.py measures every shape it knows
(its table is in benchmarks/results/memory.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "memory.py"


def _load_bench():
    # benchmarks/ is a folder of scripts, not an installed package: load the file itself.
    spec = importlib.util.spec_from_file_location("memory_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


memory = _load_bench()


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["8 MB of --- lines", "2 MB of flow nesting",
                                   "2 MB of anchors", "2 MB of topics",
                                   "just under the kept-value budget"])
def test_one_hostile_file_costs_at_most_20_times_its_size_plus_200_mb(tmp_path, shape):
    path = memory.write_shape(shape, tmp_path)
    peak, code, _, last = memory.measure(path)
    assert code in (0, 2), last  # built, or nothing loaded (the file skipped): no crash
    assert peak <= memory.budget_mb(path.stat().st_size), (shape, peak)
