"""Which files ``check`` reads: the named files, and the ``*.py`` and ``*.ipynb`` files
under named folders.

Inside a git work tree, git itself says which files ``.gitignore`` skips (``git
ls-files --cached --others --exclude-standard``), so every gitignore rule holds
exactly; elsewhere hidden folders are skipped. Configured ``exclude`` patterns
(flake8-style globs, matched against each path component and the relative
path) apply to both. A file named on the command line is always read.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

_SUFFIXES = (".py", ".ipynb")  # as ruff, notebooks are checked with the Python files


def python_files(paths: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[str]:
    for path in paths:
        if os.path.isdir(path):
            yield from sorted(_folder_files(path, exclude))
        else:
            yield path


def _folder_files(folder: str, exclude: Sequence[str]) -> Iterator[str]:
    listed = _git_files(folder)
    candidates = listed if listed is not None else _walk(folder)
    for candidate in candidates:
        relative = os.path.relpath(candidate, folder)
        if candidate.endswith(_SUFFIXES) and not _excluded(relative, exclude):
            yield candidate


def _excluded(relative: str, patterns: Sequence[str]) -> bool:
    parts = Path(relative).parts
    return any(
        fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts)
        for pattern in patterns
    )


def _git_files(folder: str) -> list[str] | None:
    import subprocess  # here: a run over named files only starts without it

    try:
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=folder,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if result.returncode != 0:
        return None
    names = [n for n in result.stdout.decode("utf-8", "replace").split("\0") if n]
    paths = [os.path.join(folder, name) for name in names]
    return [path for path in paths if os.path.isfile(path)]


def _walk(folder: str) -> Iterator[str]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in files:
            yield os.path.join(root, name)
