"""Import statements: each name goes to the standard modules the evaluator knows, to
the libraries (in registration order), or to the analyzed project's own files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import libcst as cst

from kerasparam_lint.evaluator.library import NOT_MINE, Library
from kerasparam_lint.evaluator.python_builtins import STANDARD_MODULES
from kerasparam_lint.evaluator.syntax import as_name, dotted_name
from kerasparam_lint.evaluator.values import Environment, member_path
from kerasparam_lint.graph.unknown import UNKNOWN


class Imports:
    """The import statements of :class:`~kerasparam_lint.evaluator.interpreter.Interpreter`."""

    libraries: list[Library]
    project: Any

    def _stmt_Import(self, node: cst.Import, env: Environment) -> None:
        for alias in node.names:
            dotted = dotted_name(alias.name)
            if alias.asname is not None:
                env.assign(as_name(alias), self.import_module(dotted))
            else:
                top = dotted.split(".")[0]
                env.assign(top, self.import_module(top))

    def _stmt_ImportFrom(self, node: cst.ImportFrom, env: Environment) -> None:
        if node.relative:
            level = len(node.relative)
            module = "" if node.module is None else dotted_name(node.module)
            if isinstance(node.names, cst.ImportStar):
                return
            for alias in node.names:
                name = dotted_name(alias.name)
                value = self.project.import_from(module, name, level)
                env.assign(as_name(alias) or name, UNKNOWN if value is None else value)
            return
        if node.module is None:
            return
        module = dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            env.names.update(self.star_import(module))
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            env.assign(as_name(alias) or name, self.import_from(module, name))

    def import_module(self, dotted: str) -> Any:
        return self._import(dotted, lambda: self.project.import_module(dotted))

    def import_from(self, module: str, name: str) -> Any:
        return self._import(f"{module}.{name}", lambda: self.project.import_from(module, name))

    def _import(self, dotted: str, from_project: Callable[[], Any]) -> Any:
        found = member_path(STANDARD_MODULES, dotted)
        if found is not None:
            return found
        for library in self.libraries:
            value = library.resolve(dotted)
            if value is NOT_MINE:
                continue
            if library.project_first(dotted):
                module = from_project()
                if module is not None:
                    return module
            return value
        module = from_project()
        return UNKNOWN if module is None else module

    def star_import(self, module: str) -> dict[str, Any]:
        for library in self.libraries:
            names = library.star_import(module)
            if names is not NOT_MINE:
                return names
        return {}
