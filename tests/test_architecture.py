"""The layer order of docs/architecture.md, enforced over every import in the package and the
CLI, function-level and TYPE_CHECKING ones included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Floors from the ground up; a module may import its own floor's package or lower floors only.
LAYERS = {
    "express_lex.errors": 0,
    "express_lex.config": 0,
    "express_lex.lazy": 0,
    "express_lex.model": 1,
    "express_lex.data": 2,
    "express_lex.engine": 3,
    "express_lex.checks": 4,
    "express_lex.store": 5,
    "express_lex.evaluation": 5,
    "express_lex.text": 5,
    "express_lex.corpus": 6,
    "express_lex.tools": 7,
    "express_lex": 8,  # the public face: __init__ and __main__
    "express_lex.cli": 9,
    "express_lex.__main__": 10,  # `python -m express_lex` runs the CLI
}


def _module_name(path: Path, root: Path) -> str:
    if path.is_relative_to(root / "cli"):
        parts = ("express_lex", "cli", *path.relative_to(root / "cli").with_suffix("").parts)
    else:
        parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the installed namespace: express_lex/ and cli/ (installed as express_lex.cli)."""
    files = [*sorted((root / "express_lex").rglob("*.py")), *sorted((root / "cli").rglob("*.py"))]
    return {_module_name(path, root): path for path in files}


def imports_of(name: str, path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every express_lex import in the file, at any depth."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("express_lex")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("express_lex"):
                continue
            # `from .x import y` may name a module y: count it as an import of x.y when it is one.
            for alias in node.names:
                found.append((node.lineno, f"{target}.{alias.name}"))
    return found


def layer_of(module: str) -> tuple[str, int]:
    best = max((key for key in LAYERS if module == key or module.startswith(key + ".")), key=len)
    return best, LAYERS[best]


def problems_in(modules: dict[str, Path], root: Path = ROOT) -> list[str]:
    """Upward imports, imports past another subpackage's front door, and import cycles."""
    problems = []
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        home, floor = layer_of(name)
        for line, target in imports_of(name, path):
            while target not in modules and "." in target:  # an imported name, not a module
                target = target.rpartition(".")[0]
            if target == name:
                continue
            graph[name].add(target)
            their_home, their_floor = layer_of(target)
            where = f"{path.relative_to(root)}:{line}"
            if their_floor > floor:
                problems.append(f"{where}: upward import of {target} ({their_home}, floor {their_floor}) "
                                f"from floor {floor}")
            elif their_home != home and target != their_home and home != "express_lex":
                problems.append(f"{where}: imports {target}; import its package {their_home} instead")
            if their_home != home and any(part.startswith("_") for part in target.split(".")[1:]):
                problems.append(f"{where}: imports private {target}")
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in _cycles(graph)]
    return problems


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component) + [sorted(component)[0]])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_upward_import_and_no_cycle():
    """Every import points down the floors of docs/architecture.md, and no modules import each other in a loop."""
    assert problems_in(package_modules()) == []


@pytest.mark.parametrize("plant, expected", [
    ("from ..checks import RULES\n", "upward import of express_lex.checks"),
    ("from ..engine.lexicon import Lexicon\n", "upward import of express_lex.engine.lexicon"),
    ("from .result import Decomposition\n", "import cycle"),
])
def test_the_check_fails_on_a_planted_upward_import_or_cycle(tmp_path, plant, expected):
    """The check reports an upward import or a cycle planted in a copy of the package."""
    import shutil

    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "express_lex", copy / "express_lex", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "cli", copy / "cli", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "express_lex" / "model" / ("normalize.py" if "result" in plant else "compare.py")
    target.write_text(target.read_text() + "\n\ndef _planted():\n    " + plant)
    if "result" in plant:  # close the loop: result imports normalize back
        result = copy / "express_lex" / "model" / "result.py"
        result.write_text(result.read_text() + "\n\ndef _planted():\n    from .normalize import lookup_key\n")
    problems = problems_in(package_modules(copy), copy)
    assert any(expected in problem for problem in problems), problems


def test_the_cli_imports_only_public_names():
    """No module of cli/ imports a private module or a module inside a subpackage of express_lex."""
    bad = []
    for name, path in package_modules().items():
        if not name.startswith("express_lex.cli"):
            continue
        for line, target in imports_of(name, path):
            parts = target.split(".")
            if target.startswith("express_lex.cli"):
                continue
            if any(part.startswith("_") and part != "__version__" for part in parts[1:]) or len(parts) > 3:
                bad.append(f"{path.name}:{line}: {target}")
    assert bad == []


@pytest.mark.parametrize("package", sorted(name for name in LAYERS if name != "express_lex.__main__"))
def test_every_exported_name_resolves(package):
    """Each name in a package's __all__, eager or loaded on first use, is there to import."""
    import importlib

    module = importlib.import_module(package)
    for name in getattr(module, "__all__", ()):
        assert getattr(module, name) is not None, f"{package}.{name}"


def test_a_table_lookup_imports_only_what_it_needs():
    """`decompose joy` through the public API loads no resolver, theories, WordNet, graph, numpy or runner."""
    import subprocess
    import sys

    code = ("import sys, express_lex; express_lex.Lexicon().decompose('joy'); import express_lex.evaluation;"
            "print(' '.join(sorted(sys.modules)))")
    for _ in range(2):  # the first run may compile the cache, which needs the graph
        loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout.split())
    assert "express_lex.engine.lexicon" in loaded and "express_lex.evaluation.metrics" in loaded
    unwanted = {"express_lex.engine.resolver", "express_lex.engine.theories", "express_lex.engine.graph",
                "express_lex.data.wordnet", "express_lex.evaluation.runner", "express_lex.evaluation.plot",
                "networkx", "yaml", "numpy", "urllib.request"}
    assert not loaded & unwanted
