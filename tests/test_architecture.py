"""The house keeps its shape (docs/architecture.md): each module imports only from its own
stage or earlier ones, never another module's private names, and no import cycle exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graphx"

#: The stages in the order data flows; a module may import from its stage and the ones above.
STAGES = [
    ("vocabulary", {"errors", "model", "wording", "records", "atomic", "sources"}),
    ("files", {"urls", "outlets", "safe_yaml", "fields", "parse", "cache", "files",
               "dask_workers"}),
    ("graph", {"graph"}),
    ("similar", {"words", "ngrams", "similar"}),
    ("analysis", {"names", "roundups", "labels", "analysis", "changes"}),
    ("related", {"related"}),
    ("outputs", {"palette", "layout", "storylines", "views", "output", "render", "export",
                 "coverage_report", "stats", "outfolder"}),
    ("pipeline", {"aside", "pipeline"}),
    ("command line", {"cli", "__main__"}),
]
STAGE_OF = {module: i for i, (_, modules) in enumerate(STAGES) for module in modules}


def modules() -> dict[str, Path]:
    """Every module of graphx by dotted name below the package ("related.engine")."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(imported graphx module, names taken from it) for each import in the module, function
    bodies included: a late import is a dependency all the same."""
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("graphx"):
                target = node.module.removeprefix("graphx").lstrip(".")
            else:
                continue
            names = [a.name for a in node.names]
            if node.module is None:  # from . import x: x is a module (or the version)
                found += [(".".join(filter(None, [target, n])), []) for n in names]
            else:
                found.append((target, names))
        elif isinstance(node, ast.Import):
            found += [(a.name.removeprefix("graphx").lstrip("."), []) for a in node.names
                      if a.name.startswith("graphx")]
    return found


def stage(module: str) -> int:
    return STAGE_OF[module.split(".")[0]]


def test_every_module_has_a_stage():
    assert sorted(m for m in modules() if m.split(".")[0] not in STAGE_OF) == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_run_forwards_only(name):
    path = modules()[name]
    for target, _ in imports(name, path):
        if target in ("", "__version__"):  # the package itself gives only its version
            continue
        assert target in modules() or target.rsplit(".", 1)[0] in modules(), target
        assert stage(target) <= stage(name), f"{name} imports the later {target}"


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_private_name_of_another_module_is_imported(name):
    for target, names in imports(name, modules()[name]):
        private = [n for n in names if n.startswith("_") and n != "__version__"]
        assert not private, f"{name} imports {private} from {target}"


def test_there_is_no_import_cycle():
    graph = {name: {t for t, _ in imports(name, path) if t in modules() and t != name}
             for name, path in modules().items()}
    # A subpackage's __init__ re-exports its own modules: that is not a cycle of the house.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    seen, done = set(), set()

    def visit(node, trail):
        assert node not in trail, " -> ".join([*trail, node])
        if node in done:
            return
        for target in sorted(graph[node]):
            visit(target, [*trail, node])
        done.add(node)

    for name in sorted(graph):
        visit(name, [])
        seen.add(name)
    assert seen == set(graph)


def test_the_parsers_modules_are_the_ones_a_files_parse_runs():
    # The parse cache is keyed to the digest of these modules' code (graphx.sources): one
    # left out, and a change to it would leave old parses served as the new rules'.
    from graphx.sources import PARSER_MODULES

    found = modules()
    reached, todo = set(), ["parse", "cache"]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        todo += [target for target, _ in imports(name, found[name]) if target in found]
    assert set(PARSER_MODULES) == reached - {"sources"}
