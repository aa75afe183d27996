"""The layout promises of docs/architecture.md, checked on the source: no import cycles inside desktop_app, the
core never imports Qt, the window or the command line, and each name has one import path (no re-exports)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "desktop_app"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(tree: ast.Module, top_level_only: bool):
    """(module, names) of each import; top-level ones only, or every one (lazy imports in functions too)."""
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if top_level_only and isinstance(node, (ast.If, ast.Try)) and not (
                isinstance(node, ast.If) and _is_type_checking(node)):
            stack.extend(node.body + getattr(node, "orelse", []) + [h for t in getattr(node, "handlers", [])
                                                                       for h in t.body])
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, [alias.name for alias in node.names]


def _edges(name: str) -> set[str]:
    """The desktop_app modules that importing ``name`` runs (its top-level imports)."""
    found = set()
    for module, names in _imports(TREES[name], top_level_only=True):
        if not module.startswith("desktop_app"):
            continue
        for imported in names:
            if f"{module}.{imported}" in MODULES:  # from package import module
                found.add(f"{module}.{imported}")
        if module in MODULES:
            found.add(module)
    found.discard(name)
    return found


def test_no_import_cycles_inside_desktop_app():
    graph = {name: _edges(name) for name in MODULES}
    cycles, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_core_never_imports_qt_the_window_or_the_command_line():
    forbidden = ("PySide6", "shiboken6", "pyqtgraph", "desktop_app.gui", "desktop_app.cli", "desktop_app.session")
    found = [f"{name}: {module}" for name in MODULES if name.startswith("desktop_app.core")
             for module, _ in _imports(TREES[name], top_level_only=False) if module.startswith(forbidden)]
    assert found == []


def _defined_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node in tree.body:
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name):
                        names.add(leaf.id)
    return names


def test_each_name_has_one_import_path():
    """``from desktop_app.X import name`` (anywhere: the app, the tests, the benchmarks) takes a name that X
    defines itself, or a module of package X: a name passed on by another module would have two paths."""
    sources = [*MODULES.values(), *sorted((ROOT / "tests").glob("*.py")), *sorted((ROOT / "benchmarks").glob("*.py"))]
    defined = {name: _defined_names(tree) for name, tree in TREES.items()}
    passed_on = []
    for path in sources:
        for module, names in _imports(ast.parse(path.read_text(encoding="utf-8")), top_level_only=False):
            if module not in MODULES:
                continue
            for imported in names:
                if imported != "*" and imported not in defined[module] and f"{module}.{imported}" not in MODULES:
                    passed_on.append(f"{path.relative_to(ROOT)}: from {module} import {imported}")
    assert passed_on == []
