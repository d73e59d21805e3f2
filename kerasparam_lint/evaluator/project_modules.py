"""The analyzed file's own project: sibling modules evaluated from their source.

``from .blocks import conv_block`` or ``from models.unet import build_unet`` is
resolved to a file next to the analyzed one (or under one of its parent
folders) and that file's module-level code is evaluated by the same
interpreter, once, so its functions build layers with the shared Keras name
counters. Nothing is imported: the file is read and interpreted like the first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kerasparam_lint.evaluator.values import Namespace
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.source.parsing import SHARED, Unparsable
from kerasparam_lint.source.reading import UnreadableSource, read_text

if TYPE_CHECKING:
    import ast

    import libcst as cst

    from kerasparam_lint.evaluator.limits import Limits


class Runner(Protocol):
    """What project modules need of the interpreter: running a module's code."""

    limits: Limits

    def note(self, message: str) -> None: ...

    def run_imported_module(
        self, module: cst.Module, source: str, name: str, tree: ast.Module | None = None
    ) -> dict[str, Any]: ...


# How many parent folders of the analyzed file may hold the root of an absolute import.
_MAX_PARENTS = 8


def _folder_of(path: str | None) -> Path | None:
    """The analyzed file's folder, where its imports are looked up: also for a file that
    is not on disk (yet) but named in one (``--stdin-filename``, an editor's buffer)."""
    origin = Path(path) if path else None
    if origin is None or not (origin.is_file() or origin.suffix == ".py"):
        return None
    folder = origin.resolve().parent
    return folder if folder.is_dir() else None


class ProjectModules:
    """Finds and evaluates (once each) the project modules one analysis imports."""

    def __init__(self, interp: Runner, path: str | None) -> None:
        self.interp = interp
        self.folder = _folder_of(path)
        self._roots = _import_roots(self.folder) if self.folder else []
        self._loaded: dict[Path, Any] = {}
        # Each lookup probes up to 18 paths, and a module imports the same few names
        # over and over (``from _pytest.compat import ...``).
        self._found: dict[tuple[str, int, Path | None], Path | None] = {}
        self._source_read = 0
        # The modules being run, innermost last: a relative import is relative to the
        # package of the module that makes it.
        self._running: list[Path] = []

    def find(self, dotted: str, level: int = 0) -> Path | None:
        parts = [part for part in dotted.split(".") if part]
        if self.folder is None or (not level and parts[0] in sys.stdlib_module_names):
            return None
        here = (self._running[-1].parent if self._running else self.folder) if level else None
        key = (dotted, level, here)
        if key not in self._found:
            roots = self._roots
            if here is not None:
                roots = [(str(here.parents[level - 2] if level > 1 else here), None)]
            self._found[key] = _search(roots, parts)
        return self._found[key]

    def load(self, file: Path) -> Any:
        """The module's namespace after its top-level code ran (UNKNOWN while it is running).

        ``file`` is resolved (as :meth:`find` returns it), so a module has one entry."""
        if file in self._loaded:
            return self._loaded[file]
        self._loaded[file] = UNKNOWN  # an import cycle sees the module as unknown
        try:
            source = read_text(file)
        except UnreadableSource:
            return UNKNOWN
        self._source_read += len(source)
        if self._source_read > self.interp.limits.max_imported_source:
            self.interp.note(f"{file.name} not read: imported modules exceed the size limit")
            return UNKNOWN
        try:
            parsed = SHARED.parse(source)
        except Unparsable:
            return UNKNOWN
        self._running.append(file)
        try:
            names = self.interp.run_imported_module(parsed.module, source, file.stem, parsed.tree)
        finally:
            self._running.pop()
        namespace = Namespace(file.stem, names)
        self._loaded[file] = namespace
        return namespace

    @property
    def running_file(self) -> Path | None:
        """The imported module whose top-level code runs now (None: the analyzed file's)."""
        return self._running[-1] if self._running else None

    def files_read(self) -> list[Path]:
        """Every module file this analysis loaded (a result depends on their text too)."""
        return list(self._loaded)

    def import_module(self, dotted: str, level: int = 0) -> Any:
        file = self.find(dotted, level)
        return None if file is None else self.load(file)

    def import_from(self, module: str, name: str, level: int = 0) -> Any:
        """``from module import name``: a submodule file, or a name the module defines."""
        submodule = self.import_module(f"{module}.{name}" if module else name, level)
        if submodule is not None:
            return submodule
        namespace = self.import_module(module, level) if module or level else None
        if isinstance(namespace, Namespace):
            return namespace.members.get(name, UNKNOWN)
        return namespace


# Folders of installed distributions: not a project's own modules, except the one
# package the analyzed file belongs to.
_INSTALLED = frozenset({"site-packages", "dist-packages"})

Root = tuple[str, "str | None"]  # a folder, and the one top-level package it may give


def _import_roots(folder: Path) -> list[Root]:
    """Where an absolute import may start: the file's folder, then its parents, up to an
    installation folder (``site-packages``), which only serves the file's own package:
    a file of Keras reads ``keras.src...`` from source, not pytest or absl."""
    roots: list[Root] = []
    for parent in [folder, *list(folder.parents)[:_MAX_PARENTS]]:
        if parent.name in _INSTALLED:
            package = folder.relative_to(parent).parts
            roots.append((str(parent), package[0] if package else ""))
            break
        roots.append((str(parent), None))
    return roots


def _search(roots: list[Root], parts: list[str]) -> Path | None:
    """The file ``parts`` names under the first of ``roots`` that has it. Probed with
    ``os.path`` on strings: most probes miss, and pathlib costs several times the
    ``stat`` itself."""
    if not parts:
        return None
    for root, only in roots:
        if only is not None and parts[0] != only:
            continue
        base = os.path.join(root, *parts)
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(candidate):
                return Path(os.path.realpath(candidate))
    return None
