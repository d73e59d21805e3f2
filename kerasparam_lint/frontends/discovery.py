"""Which files the commands read: named files, and ``*.py`` and ``*.ipynb`` files under
named folders (as ruff, notebooks are checked with the Python files).

A file named on the command line is always read, whatever would skip it in a folder
(as in ruff and flake8). In a folder, what is skipped:

- what ``.gitignore`` files skip: those inside the folder, and those of the folders
  above it up to the repository's root (with ``.git/info/exclude``), matched as git
  matches them (``pathspec``); a named folder that they skip itself is still walked;
- hidden folders (``.git``, ``.tox``, ``.venv``, ...);
- ``exclude`` patterns (flake8-style globs, matched against each path component and
  the path relative to the folder), by default :data:`DEFAULT_EXCLUDE`: virtual
  environments and build output, inside git or not.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

_SUFFIXES = (".py", ".ipynb")
# As ruff's defaults, less the hidden folders (skipped anyway).
DEFAULT_EXCLUDE = (
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)


def python_files(
    paths: Sequence[str],
    exclude: Callable[[str], Sequence[str]] | Sequence[str] = DEFAULT_EXCLUDE,
    warn: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """Each named file, then each folder's Python files in sorted order. ``exclude`` is
    the patterns, or a function giving a folder's patterns; ``warn`` hears of a folder
    without any Python file."""
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        patterns = exclude(path) if callable(exclude) else exclude
        found = sorted(_folder_files(path, patterns))
        if not found and warn is not None:
            warn(f"no Python file found in {path}")
        yield from found


def _folder_files(folder: str, exclude: Sequence[str]) -> Iterator[str]:
    ignores = _Ignores(folder)
    for root, folders, files in os.walk(folder):
        ignores.read(root)
        relative_root = os.path.relpath(root, folder)
        kept = []
        for name in sorted(folders):
            relative = os.path.normpath(os.path.join(relative_root, name))
            if name.startswith(".") or _excluded(relative, exclude):
                continue
            if ignores.ignored(os.path.join(root, name), is_folder=True):
                continue
            kept.append(name)
        folders[:] = kept
        for name in files:
            relative = os.path.normpath(os.path.join(relative_root, name))
            path = os.path.join(root, name)
            if name.endswith(_SUFFIXES) and not _excluded(relative, exclude):
                if not ignores.ignored(path, is_folder=False):
                    yield path


def _excluded(relative: str, patterns: Sequence[str]) -> bool:
    parts = Path(relative).parts
    return any(
        fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts)
        for pattern in patterns
    )


class _Ignores:
    """The gitignore rules in force under one named folder, each file's relative to its
    own folder, read as the walk enters each folder."""

    def __init__(self, folder: str) -> None:
        self._specs: list[tuple[str, GitIgnoreSpec]] = []
        start = Path(folder).resolve()
        above = []
        for parent in start.parents:
            above.append(str(parent))
            if (parent / ".git").exists():
                break
        else:
            above = []  # outside a repository, only the folder's own .gitignore files count
        if (start / ".git").exists():
            above = []
        for parent in reversed(above):
            self.read(parent)
        # A folder named on the command line is walked even if the rules above skip it.
        if self.ignored(folder, is_folder=True):
            self._specs.clear()

    def read(self, folder: str) -> None:
        base = Path(folder)
        for name in (".gitignore", os.path.join(".git", "info", "exclude")):
            try:
                lines = (base / name).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            from pathspec import GitIgnoreSpec  # here: a run over named files never needs it

            anchor = os.path.abspath(folder)
            self._specs.append((anchor, GitIgnoreSpec.from_lines(lines)))

    def ignored(self, path: str, is_folder: bool) -> bool:
        absolute = os.path.abspath(path)
        verdict = False
        for anchor, spec in self._specs:
            relative = os.path.relpath(absolute, anchor)
            if relative.startswith(".."):
                continue
            relative = relative.replace(os.sep, "/") + ("/" if is_folder else "")
            result = spec.check_file(relative)
            if result.include is not None:
                verdict = result.include
        return verdict
