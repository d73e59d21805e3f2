"""Import statements: each name goes to the standard modules the evaluator knows, to
the libraries (in registration order), or to the analyzed project's own files.

A name that none of them gives (``from mymodels.config import IMG_SIZE`` with no
``mymodels`` in the project) is bound to UNKNOWN with its :class:`Origin`, so that
``summary --verbose`` can say which import each ``?`` goes back to.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import libcst as cst

from kerasparam_lint.evaluator.library import NOT_MINE, Library
from kerasparam_lint.evaluator.python_builtins import STANDARD_MODULES
from kerasparam_lint.evaluator.syntax import as_name, dotted_name
from kerasparam_lint.evaluator.values import Environment, Origin, member_path
from kerasparam_lint.graph.unknown import UNKNOWN


class Imports:
    """The import statements of :class:`~kerasparam_lint.evaluator.interpreter.Interpreter`."""

    libraries: list[Library]
    project: Any
    # Set once an import binds a name the analysis cannot read: only then do name
    # reads look for origins.
    unread_imports: bool

    def _stmt_Import(self, node: cst.Import, env: Environment) -> None:
        for alias in node.names:
            dotted = dotted_name(alias.name)
            if alias.asname is not None:
                name, imported = as_name(alias), dotted
            else:
                name = imported = dotted.split(".")[0]
            value, missing = self._import(
                imported, lambda imported=imported: self.project.import_module(imported)
            )
            env.assign(name, value, self._origin(name, _what(name, imported), missing))

    def _stmt_ImportFrom(self, node: cst.ImportFrom, env: Environment) -> None:
        level = len(node.relative)
        module = "" if node.module is None else dotted_name(node.module)
        if level:
            if isinstance(node.names, cst.ImportStar):
                found = self.project.find(module, level)
                self._star_origin(env, "." * level + module, _missing(found))
                return
            for alias in node.names:
                name = dotted_name(alias.name)
                value = self.project.import_from(module, name, level)
                missing = "not found" if value is None else _unread(value)
                bound = as_name(alias) or name
                where = _what(bound, name, "." * level + module)
                env.assign(
                    bound, UNKNOWN if value is None else value, self._origin(bound, where, missing)
                )
            return
        if node.module is None:
            return
        if isinstance(node.names, cst.ImportStar):
            names = self.star_import(module)
            if names is NOT_MINE:
                if module.split(".")[0] not in sys.stdlib_module_names:
                    self._star_origin(env, module, _missing(self.project.find(module)))
            else:
                env.names.update(names)
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            value, missing = self._import(
                f"{module}.{name}", lambda name=name: self.project.import_from(module, name)
            )
            bound = as_name(alias) or name
            env.assign(bound, value, self._origin(bound, _what(bound, name, module), missing))

    def import_module(self, dotted: str) -> Any:
        return self._import(dotted, lambda: self.project.import_module(dotted))[0]

    def _import(self, dotted: str, from_project: Callable[[], Any]) -> tuple[Any, str | None]:
        """The value, and why the project could not give it (``not found``, ``not read``)
        when only the project could have."""
        found = member_path(STANDARD_MODULES, dotted)
        if found is not None:
            return found, None
        for library in self.libraries:
            value = library.resolve(dotted)
            if value is NOT_MINE:
                continue
            if library.project_first(dotted):
                module = from_project()
                if module is not None:
                    return module, None
            return value, None
        module = from_project()
        if module is not None:
            return module, _unread(module)
        standard = dotted.split(".")[0] in sys.stdlib_module_names
        return UNKNOWN, "not modeled" if standard else "not found"

    def _origin(self, name: str, where: str, missing: str | None) -> Origin | None:
        if missing is None:
            return None
        self.unread_imports = True
        return Origin(name, f"{name}, {where} ({missing}){self._at()}")

    def _star_origin(self, env: Environment, module: str, missing: str) -> None:
        self.unread_imports = True
        env.star_origins.append(f"imported by `from {module} import *` ({missing}){self._at()}")

    def _at(self) -> str:
        """`` at line 4`` of the analyzed file, `` in net.py`` in a module it imports."""
        running = self.project.running_file
        if running is not None:
            return f" in {running.name}"
        return f" at line {self.positions.statement(self._statement)[0]}"

    def star_import(self, module: str) -> Any:
        """The names a library's module gives ``import *``, NOT_MINE for no library's."""
        for library in self.libraries:
            names = library.star_import(module)
            if names is not NOT_MINE:
                return names
        return NOT_MINE


def _what(bound: str, name: str, module: str | None = None) -> str:
    """``imported from mymodels``, and the name imported when it is bound under another
    (``config imported from mymodels``, ``mymodels.config imported``)."""
    source = f"imported from {module}" if module is not None else "imported"
    return source if bound == name else f"{name} {source}"


def _missing(found: Path | None) -> str:
    """Why ``import *`` of a project module binds nothing known: none is there, or it
    is not followed."""
    return "not found" if found is None else "not read"


def _unread(value: Any) -> str | None:
    """A module the project has but could not read is UNKNOWN too (a name it lacks is not
    an unread module)."""
    return "not read" if value is UNKNOWN else None
