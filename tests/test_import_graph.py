"""No import cycles between the package's modules, type-only imports included.

A cycle makes import order matter and hides which stage depends on which; the
evaluator's libraries in particular must not need the interpreter's class.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kerasparam_lint"


def module_names(package: Path) -> dict[str, Path]:
    """Every module of ``package`` by dotted name (a package by its ``__init__``)."""
    modules: dict[str, Path] = {}
    for file in package.rglob("*.py"):
        parts = [package.name, *file.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = file
    return modules


def _imported(node: ast.Import | ast.ImportFrom, name: str, is_package: bool) -> list[str]:
    """The dotted names an import statement in module ``name`` may refer to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        here = name.split(".") if is_package else name.split(".")[:-1]
        anchor = here[: len(here) - node.level + 1]
        base = ".".join([*anchor, *([base] if base else [])])
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def import_graph(package: Path) -> dict[str, set[str]]:
    """Which of the package's modules each module imports, wherever the import stands
    (inside functions and ``if TYPE_CHECKING:`` too); ``from pkg import module``
    imports the module, ``from module import name`` the module."""
    modules = module_names(package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, file in modules.items():
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            targets = _imported(node, name, file.name == "__init__.py")
            if isinstance(node, ast.ImportFrom):
                base, members = targets[0], targets[1:]
                named_modules = [member for member in members if member in modules]
                if len(named_modules) < len(members) and base in modules:
                    named_modules.append(base)  # some names are the module's members
                targets = named_modules
            graph[name].update(target for target in targets if target in modules)
        graph[name].discard(name)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as the modules along it (first repeated last), or None."""
    state: dict[str, int] = {}  # 1 while on the current path, 2 when done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found is not None:
                    return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found is not None:
                return found
    return None


def test_the_package_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph(PACKAGE))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_graph_sees_the_library_modules_the_interpreter_plugs_in() -> None:
    graph = import_graph(PACKAGE)
    assert "kerasparam_lint.libraries.registry" in graph["kerasparam_lint.evaluator.interpreter"]
    assert "kerasparam_lint.libraries.keras.library" in graph["kerasparam_lint.libraries.registry"]


def test_a_type_only_relative_import_back_is_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "engine.py").write_text("from pkg.sub import plugin\n")
    (package / "sub" / "plugin.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .engine import Engine\n"
    )
    (package / "other.py").write_text("from .sub.plugin import helper\n")
    assert find_cycle(import_graph(package)) == [
        "pkg.sub.plugin",
        "pkg.sub.engine",
        "pkg.sub.plugin",
    ]


def test_a_function_level_import_back_is_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("import pkg.b\n")
    (package / "b.py").write_text("def f():\n    from pkg.a import x\n    return x\n")
    assert find_cycle(import_graph(package)) == ["pkg.a", "pkg.b", "pkg.a"]
