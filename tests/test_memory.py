"""Peak memory of `graphx build` on one hostile file stays within 20 x its size + 200 MB.

The worst shapes of each kind run here; benchmarks/memory.py measures every shape it knows
(its table is in benchmarks/results/memory.md)."""

from __future__ import annotations

import pytest
from benches import load_bench

memory = load_bench("memory")


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["8 MB of --- lines", "2 MB of flow nesting",
                                   "2 MB of anchors", "2 MB of topics",
                                   "just under the kept-value budget"])
def test_one_hostile_file_costs_at_most_20_times_its_size_plus_200_mb(tmp_path, shape):
    path = memory.write_shape(shape, tmp_path)
    peak, code, _, last = memory.measure(path)
    assert code in (0, 2), last  # built, or nothing loaded (the file skipped): no crash
    assert peak <= memory.budget_mb(path.stat().st_size), (shape, peak)
