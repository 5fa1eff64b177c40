"""The benchmark scripts, loaded for the tests that check them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_bench(name: str) -> ModuleType:
    """benchmarks/NAME.py as a module (benchmarks/ is a folder of scripts, not an installed
    package, so the file itself is loaded)."""
    spec = importlib.util.spec_from_file_location(f"{name}_bench", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
